//! Right, with rayon: the workers are `workers` long-running jobs on a rayon pool of that
//! size, spawned from `in_place_scope` (whose body runs on the calling thread, where `sink`
//! must run); the producer is a std scoped thread. Panics are caught in the jobs.

use crossbeam::channel;
use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// Runs `source` through a rayon pool of `workers` into `sink` over bounded channels.
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
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .unwrap();
    let (item_tx, item_rx) = channel::bounded::<T>(capacity);
    let (result_tx, result_rx) = channel::bounded::<R>(capacity);
    let stop = AtomicBool::new(false);
    let failure: Mutex<Option<Box<dyn Any + Send>>> = Mutex::new(None);
    let mut given = 0;
    std::thread::scope(|ts| {
        let (stop, failure, work) = (&stop, &failure, &work);
        let mut source = source;
        ts.spawn(move || {
            while !stop.load(Ordering::SeqCst) {
                let Some(item) = source.next() else { break };
                if item_tx.send(item).is_err() {
                    break;
                }
            }
        });
        pool.in_place_scope(|s| {
            for _ in 0..workers {
                let (item_rx, result_tx) = (item_rx.clone(), result_tx.clone());
                s.spawn(move |_| {
                    for item in item_rx {
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
    });
    if let Some(payload) = failure.into_inner().unwrap() {
        panic::resume_unwind(payload);
    }
    given
}
