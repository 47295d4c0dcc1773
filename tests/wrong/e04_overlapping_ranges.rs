//! Wrong: each worker's range of documents ends with `..=` where `..` was meant, so the
//! document at every boundary is loaded (and counted) twice.
//! expect: ran twice, not once

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
    let chunks = workers.min(n_docs);
    let maps: Vec<HashMap<String, usize>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..chunks)
            .map(|w| {
                let load = &load;
                let (start, end) = (w * n_docs / chunks, (w + 1) * n_docs / chunks);
                s.spawn(move || {
                    let mut counts = HashMap::new();
                    for i in start..=end.min(n_docs - 1) {
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
