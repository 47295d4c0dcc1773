//! Wrong: splits the documents into `workers` ranges of `n_docs / workers` and forgets the
//! remainder, so the last documents are never loaded.
//! expect: was never run

use std::collections::HashMap;

/// Counts the words of each range of documents on its own thread.
pub fn word_frequencies<F>(n_docs: usize, workers: usize, load: F) -> HashMap<String, usize>
where
    F: Fn(usize) -> String + Sync,
{
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    let size = (n_docs / workers).max(1);
    let maps: Vec<HashMap<String, usize>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers.min(n_docs))
            .map(|w| {
                let load = &load;
                s.spawn(move || {
                    let mut counts = HashMap::new();
                    for i in w * size..((w + 1) * size).min(n_docs) {
                        for word in load(i).split_whitespace() {
                            *counts.entry(word.to_string()).or_insert(0) += 1;
                        }
                    }
                    counts
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
