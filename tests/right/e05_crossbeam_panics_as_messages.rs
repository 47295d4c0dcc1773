//! Right, with crossbeam's scope: workers send `Ok(result)` or `Err(panic payload)` to the
//! caller. On the first `Err` the caller raises the stop flag (read by the producer before
//! each `next()`) and stops receiving; dropping its receiver makes every worker's next send
//! fail, so they leave, and then the producer's sends fail too. The payload is re-raised
//! once the scope has joined everyone.

use crossbeam::channel;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};

/// Runs `source` through `workers` threads of `work` into `sink` over bounded channels.
pub fn pipeline<I, T, R, W, S>(
    source: I,
    workers: usize,
    capacity: usize,
    work: W,
    mut sink: S,
) -> usize
where
    I: Iterator<Item = T> + Send,
    T: Send,
    R: Send,
    W: Fn(T) -> R + Sync,
    S: FnMut(R),
{
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    let (item_tx, item_rx) = channel::bounded::<T>(capacity);
    let (result_tx, result_rx) = channel::bounded(capacity);
    let stop = AtomicBool::new(false);
    let mut given = 0;
    let failure = crossbeam::scope(|s| {
        let (stop, work) = (&stop, &work);
        s.spawn(move |_| {
            let mut source = source;
            while !stop.load(Ordering::SeqCst) {
                let Some(item) = source.next() else { break };
                if item_tx.send(item).is_err() {
                    break;
                }
            }
        });
        for _ in 0..workers {
            let (item_rx, result_tx) = (item_rx.clone(), result_tx.clone());
            s.spawn(move |_| {
                for item in item_rx {
                    let outcome = panic::catch_unwind(AssertUnwindSafe(|| work(item)));
                    if result_tx.send(outcome).is_err() {
                        break;
                    }
                }
            });
        }
        drop((item_rx, result_tx));
        for outcome in result_rx {
            match outcome {
                Ok(result) => {
                    sink(result);
                    given += 1;
                }
                Err(payload) => {
                    stop.store(true, Ordering::SeqCst);
                    return Some(payload);
                }
            }
        }
        None
    })
    .unwrap();
    if let Some(payload) = failure {
        panic::resume_unwind(payload);
    }
    given
}
