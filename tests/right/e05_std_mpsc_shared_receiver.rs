//! Right, with std only: `mpsc::sync_channel(capacity)` both ways, the workers sharing the
//! items' receiver behind a mutex (locked only to receive). A panicking worker stores the
//! payload and raises a stop flag the producer reads before each `next()`.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};

/// Runs `source` through `workers` threads of `work` into `sink` over std bounded channels.
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
    let (item_tx, item_rx) = mpsc::sync_channel::<T>(capacity);
    let item_rx = Arc::new(Mutex::new(item_rx));
    let (result_tx, result_rx) = mpsc::sync_channel::<R>(capacity);
    let stop = AtomicBool::new(false);
    let failure: Mutex<Option<Box<dyn Any + Send>>> = Mutex::new(None);
    let mut given = 0;
    std::thread::scope(|s| {
        let (stop, failure, work) = (&stop, &failure, &work);
        let mut source = source;
        s.spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                let Some(item) = source.next() else { break };
                if item_tx.send(item).is_err() {
                    break;
                }
            }
        });
        for _ in 0..workers {
            let (item_rx, result_tx) = (Arc::clone(&item_rx), result_tx.clone());
            s.spawn(move || {
                loop {
                    let next = item_rx.lock().unwrap().recv();
                    let Ok(item) = next else { break };
                    match panic::catch_unwind(AssertUnwindSafe(|| work(item))) {
                        Ok(result) => {
                            if result_tx.send(result).is_err() {
                                break;
                            }
                        }
                        Err(payload) => {
                            stop.store(true, Ordering::SeqCst);
                            failure.lock().unwrap().get_or_insert(payload);
                            break;
                        }
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
    if let Some(payload) = failure.into_inner().unwrap() {
        panic::resume_unwind(payload);
    }
    given
}
