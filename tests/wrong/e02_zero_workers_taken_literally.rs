//! Wrong: `workers == 0` starts no worker at all, and the caller waits for results forever.
//! expect: probably stuck

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

/// The number of workers that suits this machine.
pub fn default_workers() -> usize {
    num_cpus::get()
}

/// Maps `f` over `items` with `workers` threads fed by a channel.
pub fn parallel_map<T, R, F>(items: Vec<T>, workers: usize, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync + Send,
{
    let n = items.len();
    let (job_tx, job_rx) = mpsc::channel();
    let job_rx = Arc::new(Mutex::new(job_rx));
    let (result_tx, result_rx) = mpsc::channel();
    for job in items.into_iter().enumerate() {
        job_tx.send(job).unwrap();
    }
    drop(job_tx);
    std::thread::scope(|s| {
        for _ in 0..workers {
            let (job_rx, result_tx, f) = (Arc::clone(&job_rx), result_tx.clone(), &f);
            s.spawn(move || {
                loop {
                    let job = job_rx.lock().unwrap().recv();
                    let Ok((i, item)) = job else { break };
                    result_tx.send((i, f(item))).unwrap();
                }
            });
        }
        // Waits for n results; the original sender is still alive, so with no worker this
        // never ends.
        let mut results: Vec<(usize, R)> = (0..n).map(|_| result_rx.recv().unwrap()).collect();
        results.sort_by_key(|(i, _)| *i);
        results.into_iter().map(|(_, r)| r).collect()
    })
}
