//! Wrong: the caller joins the producer while it still holds the items' receiver. When the only
//! worker dies of a panic, the producer blocks on the full channel forever (a receiver is
//! alive, nobody reads it) and the join never returns.
//! expect: probably stuck

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

/// Runs the pipeline on std channels; workers share the receiver behind a mutex.
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
    let mut given = 0;
    std::thread::scope(|s| {
        let producer = s.spawn(move || {
            for item in source {
                if item_tx.send(item).is_err() {
                    break;
                }
            }
        });
        for _ in 0..workers {
            let (item_rx, result_tx, work) = (Arc::clone(&item_rx), result_tx.clone(), &work);
            s.spawn(move || {
                loop {
                    let next = item_rx.lock().unwrap().recv();
                    let Ok(item) = next else { break };
                    if result_tx.send(work(item)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(result_tx);
        for result in result_rx {
            sink(result);
            given += 1;
        }
        producer.join().unwrap();
    });
    given
}
