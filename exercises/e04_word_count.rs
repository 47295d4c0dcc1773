//! Exercise e04: shared results without a shared bottleneck.
//!
//! The article's third rule again: for a little shared state, a shared dictionary works, but
//! it is slow, because every worker waits for it. Here the slow part is loading a document
//! (think: reading a file); counting its words is quick. The loads must overlap, and the
//! counts must end up in one map.
//!
//! Write `word_frequencies`: loads documents `0..n_docs` with `load`, on `workers` threads
//! (0 means `num_cpus::get()`), and counts every word:
//! - each document loaded exactly once, with exactly `min(workers, n_docs)` loads in flight at
//!   a time, never more;
//! - words are what `str::split_whitespace` yields, case kept: "The" and "the" are two words,
//!   "end." is one, and tabs, newlines and Unicode spaces all separate words.
//!
//! How the counts are merged is your choice (a lock held while loading is not: it would make
//! the loads wait for each other). Lesson 3 measures the difference between the choices.
//! You may use std threads, rayon (a pool of your own, not the global one) or crossbeam.
//! Check your work: `cargo run -- check e04`. Stuck? `cargo run -- hint e04`.

use std::collections::HashMap;

/// Counts the words of documents `0..n_docs`, loaded with `load` on `workers` threads
/// (0: one per core).
pub fn word_frequencies<F>(n_docs: usize, workers: usize, load: F) -> HashMap<String, usize>
where
    F: Fn(usize) -> String + Sync,
{
    let _ = (n_docs, workers, load);
    todo!("load the documents on `workers` threads and count their words")
}
