//! Right: `workers` crossbeam-scoped threads take `(index, item)` from a channel and send
//! `(index, result)` back; the caller puts each result in its slot.

use crossbeam::channel;
use parlings::TaskError;
use std::panic::{self, AssertUnwindSafe};

/// Runs `f` on every item with `workers` threads fed by a channel.
pub fn map_catching<T, R, E, F>(items: Vec<T>, workers: usize, f: F) -> Vec<Result<R, TaskError<E>>>
where
    T: Send,
    R: Send,
    E: Send,
    F: Fn(T) -> Result<R, E> + Sync + Send,
{
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    let n = items.len();
    let (job_tx, job_rx) = channel::unbounded();
    for job in items.into_iter().enumerate() {
        job_tx.send(job).expect("the receiver is alive");
    }
    drop(job_tx);
    let (result_tx, result_rx) = channel::unbounded();
    let mut slots: Vec<Option<Result<R, TaskError<E>>>> = (0..n).map(|_| None).collect();
    crossbeam::scope(|s| {
        for _ in 0..workers.min(n) {
            let (job_rx, result_tx, f) = (job_rx.clone(), result_tx.clone(), &f);
            s.spawn(move |_| {
                for (i, item) in job_rx {
                    let result = match panic::catch_unwind(AssertUnwindSafe(|| f(item))) {
                        Ok(Ok(r)) => Ok(r),
                        Ok(Err(e)) => Err(TaskError::Failed(e)),
                        Err(payload) => {
                            let text = if let Some(t) = payload.downcast_ref::<&str>() {
                                t.to_string()
                            } else if let Some(t) = payload.downcast_ref::<String>() {
                                t.clone()
                            } else {
                                "unknown panic".to_string()
                            };
                            Err(TaskError::Panicked(text))
                        }
                    };
                    let _ = result_tx.send((i, result));
                }
            });
        }
        drop(result_tx);
        for (i, result) in result_rx.iter() {
            slots[i] = Some(result);
        }
    })
    .expect("every panic of `f` is caught");
    slots
        .into_iter()
        .map(|slot| slot.expect("every item gave a result"))
        .collect()
}
