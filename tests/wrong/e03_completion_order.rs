//! Wrong: pushes each score as it is computed, so the scores come back in the order the
//! calls finished, not the order of `docs`.
//! expect: in another order

use parlings::Model;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Scores the documents on `workers` threads, collecting scores as they come.
pub fn score_all(model: Arc<Model>, docs: Vec<String>, workers: usize) -> Vec<f64> {
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    let scores = Mutex::new(Vec::new());
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..workers.min(docs.len()) {
            s.spawn(|| {
                while let Some(doc) = docs.get(next.fetch_add(1, Ordering::SeqCst)) {
                    let score = model.score(doc);
                    scores.lock().unwrap().push(score);
                }
            });
        }
    });
    scores.into_inner().unwrap()
}
