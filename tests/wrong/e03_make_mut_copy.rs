//! Wrong: takes `Arc::make_mut(&mut model)` "to own the model" before sharing it: the caller
//! still holds the Arc, so make_mut silently deep-copies the whole model once.
//! expect: deep copies

use parlings::Model;
use rayon::prelude::*;
use std::sync::Arc;

/// Scores the documents on a pool of `workers` threads, after a make_mut.
pub fn score_all(mut model: Arc<Model>, docs: Vec<String>, workers: usize) -> Vec<f64> {
    let own: &mut Model = Arc::make_mut(&mut model);
    let model: &Model = own;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .unwrap();
    pool.install(|| docs.par_iter().map(|d| model.score(d)).collect())
}
