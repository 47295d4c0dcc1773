//! Right: rayon's `fold` gives each pool thread a map of its own and `reduce` merges them, on a
//! pool of `workers` threads.

use rayon::prelude::*;
use std::collections::HashMap;

/// Counts the words of documents `0..n_docs` on a pool of `workers` threads (0: one per core).
pub fn word_frequencies<F>(n_docs: usize, workers: usize, load: F) -> HashMap<String, usize>
where
    F: Fn(usize) -> String + Sync,
{
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .unwrap();
    pool.install(|| {
        (0..n_docs)
            .into_par_iter()
            .fold(HashMap::new, |mut counts, i| {
                for word in load(i).split_whitespace() {
                    *counts.entry(word.to_string()).or_insert(0) += 1;
                }
                counts
            })
            .reduce(HashMap::new, |mut a, b| {
                for (word, n) in b {
                    *a.entry(word).or_insert(0) += n;
                }
                a
            })
    })
}
