//! Right: `workers` scoped threads only load; they send each text over an mpsc channel and the
//! calling thread, the only one that touches the map, counts as texts arrive.

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// Counts the words of documents `0..n_docs`, loaded on `workers` threads.
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
    let (tx, rx) = mpsc::channel::<String>();
    let mut counts = HashMap::new();
    std::thread::scope(|s| {
        for _ in 0..workers.min(n_docs) {
            let (tx, next, load) = (tx.clone(), &next, &load);
            s.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= n_docs {
                        break;
                    }
                    tx.send(load(i)).unwrap();
                }
            });
        }
        drop(tx);
        for text in rx {
            for word in text.split_whitespace() {
                *counts.entry(word.to_string()).or_insert(0) += 1;
            }
        }
    });
    counts
}
