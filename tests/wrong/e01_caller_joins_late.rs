//! Wrong: `limit` workers, and then the caller "helps" too once it has finished its set-up
//! (here a 300 ms pause standing in for it): limit + 1 fetches can be in flight at once,
//! which "never more" forbids.
//! expect: more than the

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Fetches with `limit` workers plus the caller.
pub fn fetch_all<F>(urls: &[String], limit: usize, fetch: F) -> Vec<String>
where
    F: Fn(&str) -> String + Sync,
{
    let slots: Vec<Mutex<Option<String>>> = urls.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::SeqCst);
            let Some(url) = urls.get(i) else { break };
            *slots[i].lock().unwrap() = Some(fetch(url));
        }
    };
    std::thread::scope(|s| {
        for _ in 0..limit.min(urls.len()) {
            s.spawn(work);
        }
        std::thread::sleep(Duration::from_millis(300));
        work();
    });
    slots
        .into_iter()
        .map(|s| s.into_inner().unwrap().unwrap())
        .collect()
}
