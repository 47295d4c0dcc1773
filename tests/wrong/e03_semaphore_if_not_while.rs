//! Wrong: a thread per document behind a hand-made semaphore that waits with `if` instead of
//! `while` and wakes everyone with notify_all: when one permit comes back every waiting thread
//! runs, so far more than `workers` score calls run at once once the first ones finish.
//! expect: more than the

use parlings::Model;
use std::sync::{Arc, Condvar, Mutex};

/// Scores each document on its own thread behind a broken semaphore.
pub fn score_all(model: Arc<Model>, docs: Vec<String>, workers: usize) -> Vec<f64> {
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    let permits = Mutex::new(workers);
    let freed = Condvar::new();
    let model = &*model;
    std::thread::scope(|s| {
        let handles: Vec<_> = docs
            .iter()
            .map(|doc| {
                let (permits, freed) = (&permits, &freed);
                s.spawn(move || {
                    let mut left = permits.lock().unwrap();
                    if *left == 0 {
                        left = freed.wait(left).unwrap();
                    }
                    *left = left.saturating_sub(1);
                    drop(left);
                    let score = model.score(doc);
                    *permits.lock().unwrap() += 1;
                    freed.notify_all();
                    score
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
