//! Right: crossbeam channels carry the items to `workers` scoped threads and the results back;
//! a watcher `select!`s between "the workers are done" and a timer at the deadline.

use crossbeam::channel::{self, select};
use parlings::Cancel;
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
    let n = items.len();
    let cancel = Cancel::new();
    let (item_tx, item_rx) = channel::unbounded();
    for job in items.into_iter().enumerate() {
        item_tx.send(job).expect("the receiver is alive");
    }
    drop(item_tx);
    let (result_tx, result_rx) = channel::unbounded();
    let (done_tx, done_rx) = channel::bounded::<()>(0);
    let mut results: Vec<Option<R>> = (0..n).map(|_| None).collect();
    crossbeam::scope(|s| {
        s.spawn(|_| {
            select! {
                recv(done_rx) -> _ => {}
                recv(channel::at(due)) -> _ => cancel.cancel(),
            }
        });
        for _ in 0..workers.min(n) {
            let (item_rx, result_tx, f, cancel) = (item_rx.clone(), result_tx.clone(), &f, &cancel);
            s.spawn(move |_| {
                while !cancel.is_cancelled() && Instant::now() < due {
                    let Ok((i, item)) = item_rx.try_recv() else {
                        break;
                    };
                    let result = f(item, cancel);
                    if Instant::now() < due {
                        let _ = result_tx.send((i, result));
                    }
                }
            });
        }
        drop(result_tx);
        for (i, result) in result_rx.iter() {
            results[i] = Some(result);
        }
        drop(done_tx); // every worker has stopped: wake the watcher
    })
    .expect("no task panics");
    results
}
