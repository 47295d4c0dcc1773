//! Wrong: `workers == 0` starts no thread, and the caller waits for scores forever
//! (0 means one worker per core).
//! expect: probably stuck

use parlings::Model;
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

/// Scores the documents on `workers` threads fed by a channel.
pub fn score_all(model: Arc<Model>, docs: Vec<String>, workers: usize) -> Vec<f64> {
    let n = docs.len();
    let (job_tx, job_rx) = mpsc::channel();
    for job in docs.into_iter().enumerate() {
        job_tx.send(job).unwrap();
    }
    drop(job_tx);
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (score_tx, score_rx) = mpsc::channel();
    let handles: Vec<_> = (0..workers)
        .map(|_| {
            let (job_rx, score_tx, model) =
                (Arc::clone(&job_rx), score_tx.clone(), Arc::clone(&model));
            std::thread::spawn(move || {
                loop {
                    let job = job_rx.lock().unwrap().recv();
                    let Ok((i, doc)) = job else { break };
                    score_tx.send((i, model.score(&doc))).unwrap();
                }
            })
        })
        .collect();
    let mut scores = vec![0.0; n];
    for _ in 0..n {
        let (i, score) = score_rx.recv().unwrap();
        scores[i] = score;
    }
    handles.into_iter().for_each(|h| h.join().unwrap());
    scores
}
