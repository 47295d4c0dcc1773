//! Wrong: scores one document after another on the calling thread: no copy, but no
//! parallelism either.
//! expect: one after another

use parlings::Model;
use std::sync::Arc;

/// Scores every document, one at a time.
pub fn score_all(model: Arc<Model>, docs: Vec<String>, _workers: usize) -> Vec<f64> {
    docs.iter().map(|doc| model.score(doc)).collect()
}
