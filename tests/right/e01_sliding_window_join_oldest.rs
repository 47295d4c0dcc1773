//! Right: a thread per URL, but the caller keeps at most `limit` of them alive: before
//! starting another it joins the oldest, so bodies also come back in order.

use std::collections::VecDeque;

/// Fetches with a window of at most `limit` live threads.
pub fn fetch_all<F>(urls: &[String], limit: usize, fetch: F) -> Vec<String>
where
    F: Fn(&str) -> String + Sync,
{
    let mut bodies = Vec::with_capacity(urls.len());
    std::thread::scope(|s| {
        let mut window = VecDeque::new();
        for url in urls {
            if window.len() == limit {
                let oldest: std::thread::ScopedJoinHandle<'_, String> = window.pop_front().unwrap();
                bodies.push(oldest.join().unwrap());
            }
            let fetch = &fetch;
            window.push_back(s.spawn(move || fetch(url)));
        }
        bodies.extend(window.into_iter().map(|h| h.join().unwrap()));
    });
    bodies
}
