//! Wrong: each worker takes two items at a time from the channel (to halve the channel
//! traffic) and works them one after the other, so every worker holds an item more than
//! the bound allows while the channels are full.
//! expect: the source ran ahead
use crossbeam::channel;
use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// Runs `source` through `workers` threads of `work` into `sink`, over bounded channels of
/// `capacity`; returns how many results `sink` was given.
pub fn pipeline<I, T, R, W, S>(
    mut source: I,
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
    let stop = AtomicBool::new(false);
    let failure: Mutex<Option<Box<dyn Any + Send>>> = Mutex::new(None);
    let mut given = 0;
    std::thread::scope(|s| {
        let (stop, failure, work) = (&stop, &failure, &work);
        s.spawn(move || {
            // Checked before every `next()`: after a panic no further item is taken.
            while !stop.load(Ordering::SeqCst) {
                let Some(item) = source.next() else { break };
                if item_tx.send(item).is_err() {
                    break; // every worker has left
                }
            }
        });
        for _ in 0..workers {
            let (item_rx, result_tx) = (item_rx.clone(), result_tx.clone());
            s.spawn(move || {
                let mut pending: Vec<T> = Vec::new();
                loop {
                    if pending.is_empty() {
                        let Ok(a) = item_rx.recv() else { break };
                        pending.push(a);
                        if let Ok(b) = item_rx.recv() {
                            pending.push(b);
                        }
                        pending.reverse();
                    }
                    let item = pending.pop().unwrap();
                    match panic::catch_unwind(AssertUnwindSafe(|| work(item))) {
                        Ok(result) => {
                            if result_tx.send(result).is_err() {
                                break;
                            }
                        }
                        Err(payload) => {
                            stop.store(true, Ordering::SeqCst);
                            let mut first = failure.lock().unwrap_or_else(|e| e.into_inner());
                            first.get_or_insert(payload);
                            break;
                        }
                    }
                }
            });
        }
        // Our copies would keep the channels open: the loops below end when the last
        // sender (or receiver) of the other side is gone.
        drop((item_rx, result_tx));
        for result in result_rx {
            sink(result);
            given += 1;
        }
    });
    if let Some(payload) = failure.into_inner().unwrap_or_else(|e| e.into_inner()) {
        panic::resume_unwind(payload);
    }
    given
}
