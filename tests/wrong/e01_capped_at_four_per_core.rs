//! Wrong: caps the crew at 4 threads per core ("I/O-bound, so a few per core"), a common
//! heuristic; but the spec says exactly min(limit, urls.len()) in flight even where `limit`
//! exceeds the core count, so a limit above 4 * cores must run that many at once.
//! expect: calls of `fetch` in flight at the peak

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Fetches with min(limit, 4 per core) threads.
pub fn fetch_all<F>(urls: &[String], limit: usize, fetch: F) -> Vec<String>
where
    F: Fn(&str) -> String + Sync,
{
    let crew = limit.min(4 * num_cpus::get()).min(urls.len());
    let slots: Vec<Mutex<Option<String>>> = urls.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..crew {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(url) = urls.get(i) else { break };
                    *slots[i].lock().unwrap() = Some(fetch(url));
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|s| s.into_inner().unwrap().unwrap())
        .collect()
}
