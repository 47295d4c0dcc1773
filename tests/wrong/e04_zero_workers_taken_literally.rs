//! Wrong: `workers == 0` starts no thread, so nothing is loaded and the map comes back empty
//! (0 means one worker per core).
//! expect: workers = 0 taken literally

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts the words of documents `0..n_docs` on `workers` threads, a map per thread.
pub fn word_frequencies<F>(n_docs: usize, workers: usize, load: F) -> HashMap<String, usize>
where
    F: Fn(usize) -> String + Sync,
{
    let next = AtomicUsize::new(0);
    let maps: Vec<HashMap<String, usize>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers.min(n_docs))
            .map(|_| {
                s.spawn(|| {
                    let mut counts = HashMap::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        if i >= n_docs {
                            break counts;
                        }
                        for word in load(i).split_whitespace() {
                            *counts.entry(word.to_string()).or_insert(0) += 1;
                        }
                    }
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut total = HashMap::new();
    for (word, n) in maps.into_iter().flatten() {
        *total.entry(word).or_insert(0) += n;
    }
    total
}
