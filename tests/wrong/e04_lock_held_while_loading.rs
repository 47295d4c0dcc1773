//! Wrong: `workers` threads, but each holds the shared map's lock while it loads and counts,
//! so only one load runs at a time: the shared dictionary became the bottleneck.
//! expect: one after another

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts into one locked map, taking the lock before loading.
pub fn word_frequencies<F>(n_docs: usize, workers: usize, load: F) -> HashMap<String, usize>
where
    F: Fn(usize) -> String + Sync,
{
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    let counts = Mutex::new(HashMap::new());
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..workers.min(n_docs) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= n_docs {
                        break;
                    }
                    let mut counts = counts.lock().unwrap();
                    for word in load(i).split_whitespace() {
                        *counts.entry(word.to_string()).or_insert(0) += 1;
                    }
                }
            });
        }
    });
    counts.into_inner().unwrap()
}
