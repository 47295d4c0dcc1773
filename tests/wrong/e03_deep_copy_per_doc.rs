//! Wrong: clones the model for every document: `(*model).clone()` is a deep copy of all its
//! weights, not a cheap handle (that is `Arc::clone(&model)`).
//! expect: deep copies

use parlings::Model;
use rayon::prelude::*;
use std::sync::Arc;

/// Scores each document with a fresh copy of the model, on a pool of `workers` threads.
pub fn score_all(model: Arc<Model>, docs: Vec<String>, workers: usize) -> Vec<f64> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .unwrap();
    pool.install(|| {
        docs.par_iter()
            .map(|doc| {
                let copy: Model = model.as_ref().clone();
                copy.score(doc)
            })
            .collect()
    })
}
