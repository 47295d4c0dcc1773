//! Wrong: rayon's global pool has one thread per core, whatever `workers` says.
//! expect: calls of `load` in flight at the peak

use rayon::prelude::*;
use std::collections::HashMap;

/// Counts the words on the global pool, ignoring `workers`.
pub fn word_frequencies<F>(n_docs: usize, _workers: usize, load: F) -> HashMap<String, usize>
where
    F: Fn(usize) -> String + Sync,
{
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
}
