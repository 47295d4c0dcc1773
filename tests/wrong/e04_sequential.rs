//! Wrong: loads and counts one document after another, so the slow loads never overlap.
//! expect: one after another

use std::collections::HashMap;

/// Counts the words of every document, loading one at a time.
pub fn word_frequencies<F>(n_docs: usize, _workers: usize, load: F) -> HashMap<String, usize>
where
    F: Fn(usize) -> String + Sync,
{
    let mut counts = HashMap::new();
    for i in 0..n_docs {
        for word in load(i).split_whitespace() {
            *counts.entry(word.to_string()).or_insert(0) += 1;
        }
    }
    counts
}
