//! Wrong: `split_ascii_whitespace` misses Unicode spaces (a no-break space, an em space...),
//! which `split_whitespace` splits on.
//! expect: counted as one word, though

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Counts the words of documents `0..n_docs` on `workers` threads, a map per thread.
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
                        let text = load(i);
                        for word in text.split_ascii_whitespace().map(str::to_string) {
                            *counts.entry(word).or_insert(0) += 1;
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
