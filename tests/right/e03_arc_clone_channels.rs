//! Right: `workers` plain (non-scoped) threads, each holding its own `Arc::clone` of the model
//! (a pointer, not a copy); jobs and scores travel over crossbeam channels with their index.

use crossbeam::channel;
use parlings::Model;
use std::sync::Arc;

/// Scores the documents on `workers` spawned threads fed by a channel.
pub fn score_all(model: Arc<Model>, docs: Vec<String>, workers: usize) -> Vec<f64> {
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    let n = docs.len();
    let (job_tx, job_rx) = channel::unbounded::<(usize, String)>();
    let (score_tx, score_rx) = channel::unbounded();
    for job in docs.into_iter().enumerate() {
        job_tx.send(job).unwrap();
    }
    drop(job_tx);
    let handles: Vec<_> = (0..workers.min(n))
        .map(|_| {
            let (job_rx, score_tx, model) = (job_rx.clone(), score_tx.clone(), Arc::clone(&model));
            std::thread::spawn(move || {
                for (i, doc) in job_rx {
                    score_tx.send((i, model.score(&doc))).unwrap();
                }
            })
        })
        .collect();
    drop(score_tx);
    let mut scores = vec![0.0; n];
    for (i, score) in score_rx {
        scores[i] = score;
    }
    for handle in handles {
        handle.join().unwrap();
    }
    scores
}
