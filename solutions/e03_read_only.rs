//! Exercise e03, solved: `workers` scoped threads borrow the one model; each takes the next
//! document index from a shared counter and stores the score in that document's slot.

use parlings::Model;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Scores every document with the shared `model` on `workers` threads (0: one per core);
/// scores in the order of `docs`.
pub fn score_all(model: Arc<Model>, docs: Vec<String>, workers: usize) -> Vec<f64> {
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    // A borrow through the Arc: every thread reads the same weights, no copy, no lock.
    let model: &Model = &model;
    let slots: Vec<Mutex<f64>> = docs.iter().map(|_| Mutex::new(0.0)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..workers.min(docs.len()) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(doc) = docs.get(i) else { break };
                    let score = model.score(doc);
                    *slots[i].lock().unwrap_or_else(|e| e.into_inner()) = score;
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|slot| slot.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect()
}
