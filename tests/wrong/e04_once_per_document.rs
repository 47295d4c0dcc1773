//! Wrong: collects each document's words into a `HashSet` before counting, so a word repeated
//! inside one document is counted once for that document (document frequency, not word count).
//! expect: counted wrong

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};

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
        let hs: Vec<_> = (0..workers.min(n_docs))
            .map(|_| {
                s.spawn(|| {
                    let mut m = HashMap::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::SeqCst);
                        if i >= n_docs {
                            break m;
                        }
                        let text = load(i);
                        let words: HashSet<&str> = text.split_whitespace().collect();
                        for w in words {
                            *m.entry(w.to_string()).or_insert(0) += 1;
                        }
                    }
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let mut total = HashMap::new();
    for m in maps {
        for (w, c) in m {
            *total.entry(w).or_insert(0) += c;
        }
    }
    total
}
