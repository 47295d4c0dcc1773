//! Exercise e01, solved: a fixed crew of `limit` threads shares one index counter.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Fetches every URL with at most `limit` fetches in flight; bodies in the order of `urls`.
pub fn fetch_all<F>(urls: &[String], limit: usize, fetch: F) -> Vec<String>
where
    F: Fn(&str) -> String + Sync,
{
    // One slot per URL, so each body lands at its URL's position whatever finishes first.
    let slots: Vec<Mutex<Option<String>>> = urls.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    // The fetches wait rather than compute, so `limit` threads, not one per core.
    let crew = limit.max(1).min(urls.len());
    std::thread::scope(|scope| {
        for _ in 0..crew {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(url) = urls.get(i) else { break };
                    let body = fetch(url);
                    *slots[i]
                        .lock()
                        .expect("no fetch panics while holding a slot") = Some(body);
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .expect("slot lock is not poisoned")
                .expect("every URL was fetched")
        })
        .collect()
}
