//! Right: the calling thread is one of the `limit` fetchers: `limit - 1` scoped helpers and
//! the caller take the next index from an AtomicUsize; bodies go into pre-sized slots of one
//! Mutex<Vec<Option<String>>>.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Fetches with the caller plus `limit - 1` helpers.
pub fn fetch_all<F>(urls: &[String], limit: usize, fetch: F) -> Vec<String>
where
    F: Fn(&str) -> String + Sync,
{
    let slots: Mutex<Vec<Option<String>>> = Mutex::new(vec![None; urls.len()]);
    let next = AtomicUsize::new(0);
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::SeqCst);
            if i >= urls.len() {
                break;
            }
            let body = fetch(&urls[i]);
            slots.lock().unwrap()[i] = Some(body);
        }
    };
    let helpers = limit.min(urls.len()).saturating_sub(1);
    std::thread::scope(|s| {
        for _ in 0..helpers {
            s.spawn(work);
        }
        work();
    });
    slots
        .into_inner()
        .unwrap()
        .into_iter()
        .map(|b| b.expect("every URL fetched"))
        .collect()
}
