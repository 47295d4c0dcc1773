//! Wrong: a worker catches the panic of `work` and skips the item, so the caller never learns
//! that an item failed: the count just comes back one short.
//! expect: the panic was swallowed

use crossbeam::channel;
use std::panic::{self, AssertUnwindSafe};

/// Runs the pipeline, silently skipping items whose `work` panics.
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
    let (result_tx, result_rx) = channel::bounded::<R>(capacity);
    let mut given = 0;
    std::thread::scope(|s| {
        s.spawn(move || {
            for item in source {
                if item_tx.send(item).is_err() {
                    break;
                }
            }
        });
        for _ in 0..workers {
            let (item_rx, result_tx, work) = (item_rx.clone(), result_tx.clone(), &work);
            s.spawn(move || {
                for item in item_rx {
                    let Ok(result) = panic::catch_unwind(AssertUnwindSafe(|| work(item))) else {
                        continue;
                    };
                    if result_tx.send(result).is_err() {
                        break;
                    }
                }
            });
        }
        drop((item_rx, result_tx));
        for result in result_rx {
            sink(result);
            given += 1;
        }
    });
    given
}
