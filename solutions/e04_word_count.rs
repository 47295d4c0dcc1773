//! Exercise e04, solved: `workers` scoped threads take the next document index from a shared
//! counter, each counts into a map of its own, and the maps are merged at the end, so no
//! worker ever waits for another.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts the words of documents `0..n_docs`, loaded with `load` on `workers` threads
/// (0: one per core).
pub fn word_frequencies<F>(n_docs: usize, workers: usize, load: F) -> HashMap<String, usize>
where
    F: Fn(usize) -> String + Sync,
{
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    let next = AtomicUsize::new(0);
    let local_maps: Vec<HashMap<String, usize>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers.min(n_docs))
            .map(|_| {
                s.spawn(|| {
                    let mut counts = HashMap::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        if i >= n_docs {
                            break counts;
                        }
                        let text = load(i);
                        for word in text.split_whitespace() {
                            *counts.entry(word.to_string()).or_insert(0) += 1;
                        }
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|p| std::panic::resume_unwind(p)))
            .collect()
    });
    let mut total = HashMap::new();
    for counts in local_maps {
        for (word, n) in counts {
            *total.entry(word).or_insert(0) += n;
        }
    }
    total
}
