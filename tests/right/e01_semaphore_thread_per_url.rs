//! Right: a thread per URL, but each must take one of `limit` permits before fetching.

use std::sync::{Condvar, Mutex};

/// Fetches on a thread per URL behind a semaphore of `limit` permits.
pub fn fetch_all<F>(urls: &[String], limit: usize, fetch: F) -> Vec<String>
where
    F: Fn(&str) -> String + Sync,
{
    let permits = Mutex::new(limit);
    let freed = Condvar::new();
    std::thread::scope(|s| {
        let handles: Vec<_> = urls
            .iter()
            .map(|url| {
                let (permits, freed, fetch) = (&permits, &freed, &fetch);
                s.spawn(move || {
                    let mut left = freed
                        .wait_while(permits.lock().unwrap(), |n| *n == 0)
                        .unwrap();
                    *left -= 1;
                    drop(left);
                    let body = fetch(url);
                    *permits.lock().unwrap() += 1;
                    freed.notify_one();
                    body
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
