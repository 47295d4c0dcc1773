//! Wrong: sizes the crew by cores, as for CPU-bound work, not by `limit`.
//! expect: calls of `fetch` in flight at the peak

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Fetches with one thread per core.
pub fn fetch_all<F>(urls: &[String], _limit: usize, fetch: F) -> Vec<String>
where
    F: Fn(&str) -> String + Sync,
{
    let slots: Vec<Mutex<Option<String>>> = urls.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..num_cpus::get() {
            s.spawn(|| {
                while let Some(url) = urls.get(next.fetch_add(1, Ordering::SeqCst)) {
                    let i = urls.iter().position(|u| std::ptr::eq(u, url)).unwrap();
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
