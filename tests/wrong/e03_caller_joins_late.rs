//! Wrong: `workers` scoped threads, then the caller joins in as one more worker once its
//! "set-up" (a 300 ms pause standing in for it) is done: workers + 1 score calls may run at
//! once, which "never more" forbids.
//! expect: more than the

use parlings::Model;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Scores with `workers` threads plus, a little later, the caller.
pub fn score_all(model: Arc<Model>, docs: Vec<String>, workers: usize) -> Vec<f64> {
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    let model: &Model = &model;
    let slots: Vec<Mutex<f64>> = docs.iter().map(|_| Mutex::new(0.0)).collect();
    let next = AtomicUsize::new(0);
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::SeqCst);
            let Some(doc) = docs.get(i) else { break };
            *slots[i].lock().unwrap() = model.score(doc);
        }
    };
    std::thread::scope(|s| {
        for _ in 0..workers.min(docs.len()) {
            s.spawn(work);
        }
        std::thread::sleep(Duration::from_millis(300));
        work();
    });
    slots.into_iter().map(|s| s.into_inner().unwrap()).collect()
}
