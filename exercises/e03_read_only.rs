//! Exercise e03: share a preloaded model, don't copy it.
//!
//! The article's third rule: data the workers only read (a config, a preloaded model) is
//! passed to them and used directly. In Python each process needs its own copy; in Rust
//! threads share one: an `Arc` is a pointer that any number of threads can hold, and reading
//! through it needs no lock at all.
//!
//! Write `score_all`: scores every document with the one `model` you are given, on `workers`
//! threads (0 means `num_cpus::get()`):
//! - exactly `min(workers, docs.len())` calls of `model.score` in flight at a time, never more;
//! - each document scored exactly once, and the scores returned in the order of `docs`;
//! - zero deep copies: cloning a `Model` copies all its weights (and the model counts every
//!   copy); cloning the `Arc<Model>` only copies a pointer.
//!
//! You may use std threads, rayon (a pool of your own, not the global one) or crossbeam.
//! Check your work: `cargo run -- check e03`. Stuck? `cargo run -- hint e03`.

use parlings::Model;
use std::sync::Arc;

/// Scores every document with the shared `model` on `workers` threads (0: one per core);
/// scores in the order of `docs`.
pub fn score_all(model: Arc<Model>, docs: Vec<String>, workers: usize) -> Vec<f64> {
    let _ = (model, docs, workers);
    todo!("score the documents with the one shared model on `workers` threads")
}
