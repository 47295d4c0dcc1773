//! Right: a rayon pool of our own maps the items in order; a watcher thread waits on a channel
//! with `recv_timeout` and cancels if the deadline comes first. Dropping the sender when the
//! pool is done wakes it at once.

use parlings::Cancel;
use rayon::prelude::*;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Runs `f` on every item with `workers` threads until the deadline.
pub fn map_with_deadline<T, R, F>(
    items: Vec<T>,
    workers: usize,
    deadline: Duration,
    f: F,
) -> Vec<Option<R>>
where
    T: Send,
    R: Send,
    F: Fn(T, &Cancel) -> R + Sync + Send,
{
    let due = Instant::now() + deadline;
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .expect("the pool's threads start");
    let cancel = Cancel::new();
    let (done, finished) = mpsc::channel::<()>();
    let cancel = &cancel;
    std::thread::scope(|s| {
        s.spawn(move || {
            let left = due.saturating_duration_since(Instant::now());
            if let Err(RecvTimeoutError::Timeout) = finished.recv_timeout(left) {
                cancel.cancel();
            }
        });
        let results = pool.install(|| {
            items
                .into_par_iter()
                .map(|item| {
                    if cancel.is_cancelled() || Instant::now() >= due {
                        return None;
                    }
                    let result = f(item, cancel);
                    (Instant::now() < due).then_some(result)
                })
                .collect()
        });
        drop(done);
        results
    })
}
