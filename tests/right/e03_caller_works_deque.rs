//! Right: a Mutex<VecDeque> of (index, doc) jobs; `workers - 1` scoped helpers and the calling
//! thread drain it, all reading the model through `&*model`.

use parlings::Model;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// Scores the documents with the caller and `workers - 1` helpers.
pub fn score_all(model: Arc<Model>, docs: Vec<String>, workers: usize) -> Vec<f64> {
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    let n = docs.len();
    let jobs: Mutex<VecDeque<(usize, String)>> = Mutex::new(docs.into_iter().enumerate().collect());
    let scores = Mutex::new(vec![0.0; n]);
    let model = &*model;
    let work = || {
        loop {
            let job = jobs.lock().unwrap().pop_front();
            let Some((i, doc)) = job else { break };
            let s = model.score(&doc);
            scores.lock().unwrap()[i] = s;
        }
    };
    std::thread::scope(|s| {
        for _ in 1..workers.min(n) {
            s.spawn(work);
        }
        work();
    });
    scores.into_inner().unwrap()
}
