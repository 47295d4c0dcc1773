//! Wrong: rayon's global pool has one thread per core, whatever `workers` says.
//! expect: calls of `score` in flight at the peak

use parlings::Model;
use rayon::prelude::*;
use std::sync::Arc;

/// Scores the documents on the global pool, ignoring `workers`.
pub fn score_all(model: Arc<Model>, docs: Vec<String>, _workers: usize) -> Vec<f64> {
    docs.par_iter().map(|doc| model.score(doc)).collect()
}
