//! Wrong: keeps the bodies in the order the fetches finished, not the order of `urls`.
//! expect: in another order

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Fetches with `limit` threads, pushing each body as it arrives.
pub fn fetch_all<F>(urls: &[String], limit: usize, fetch: F) -> Vec<String>
where
    F: Fn(&str) -> String + Sync,
{
    let bodies = Mutex::new(Vec::new());
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..limit.min(urls.len()) {
            s.spawn(|| {
                while let Some(url) = urls.get(next.fetch_add(1, Ordering::SeqCst)) {
                    let body = fetch(url);
                    bodies.lock().unwrap().push(body);
                }
            });
        }
    });
    bodies.into_inner().unwrap()
}
