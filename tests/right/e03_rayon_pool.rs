//! Right: a rayon pool of `workers` threads; every task borrows the one model through the Arc,
//! and an indexed parallel iterator collects the scores in document order.

use parlings::Model;
use rayon::prelude::*;
use std::sync::Arc;

/// Scores the documents on a pool of `workers` threads (0: rayon picks one per core).
pub fn score_all(model: Arc<Model>, docs: Vec<String>, workers: usize) -> Vec<f64> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .unwrap();
    let model: &Model = &model;
    pool.install(|| docs.par_iter().map(|doc| model.score(doc)).collect())
}
