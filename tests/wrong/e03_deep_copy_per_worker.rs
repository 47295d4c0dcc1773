//! Wrong: gives each worker its own deep copy of the model, as Python's processes would need;
//! threads can all read the one model, so every copy is wasted memory and time.
//! expect: deep copies

use parlings::Model;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// Scores the documents on `workers` threads, each with a private copy of the model.
pub fn score_all(model: Arc<Model>, docs: Vec<String>, workers: usize) -> Vec<f64> {
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    let slots: Vec<Mutex<f64>> = docs.iter().map(|_| Mutex::new(0.0)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..workers.min(docs.len()) {
            let own: Model = (*model).clone();
            let (docs, slots, next) = (&docs, &slots, &next);
            s.spawn(move || {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(doc) = docs.get(i) else { break };
                    *slots[i].lock().unwrap() = own.score(doc);
                }
            });
        }
    });
    slots.into_iter().map(|s| s.into_inner().unwrap()).collect()
}
