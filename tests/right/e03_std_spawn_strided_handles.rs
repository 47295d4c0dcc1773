//! Right: plain std::thread::spawn, each worker with its own Arc::clone of the model and of the
//! documents (pointers, not copies); worker w scores docs w, w + workers, ... and its join
//! handle returns (index, score) pairs, which the caller puts in place.

use parlings::Model;
use std::sync::Arc;

/// Scores the documents on `workers` spawned threads, strided.
pub fn score_all(model: Arc<Model>, docs: Vec<String>, workers: usize) -> Vec<f64> {
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    let n = docs.len();
    let crew = workers.min(n);
    let docs = Arc::new(docs);
    let handles: Vec<std::thread::JoinHandle<Vec<(usize, f64)>>> = (0..crew)
        .map(|w| {
            let (model, docs) = (Arc::clone(&model), Arc::clone(&docs));
            std::thread::spawn(move || {
                (w..docs.len())
                    .step_by(crew)
                    .map(|i| (i, model.score(&docs[i])))
                    .collect()
            })
        })
        .collect();
    let mut scores = vec![f64::NAN; n];
    for handle in handles {
        for (i, s) in handle.join().unwrap() {
            scores[i] = s;
        }
    }
    scores
}
