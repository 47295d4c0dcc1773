//! Wrong: the items' channel is bounded but the results' is not (`mpsc::channel`), so the
//! workers never wait for a slow sink and the producer keeps feeding them: the results pile up.
//! expect: the source ran ahead

use std::sync::mpsc;
use std::sync::{Arc, Mutex};

/// Runs the pipeline with a bounded items channel and an unbounded results channel.
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
    let (result_tx, result_rx) = mpsc::channel::<R>();
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
            let (item_rx, result_tx, work) = (Arc::clone(&item_rx), result_tx.clone(), &work);
            s.spawn(move || {
                loop {
                    let next = item_rx.lock().unwrap().recv();
                    let Ok(item) = next else { break };
                    let _ = result_tx.send(work(item));
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
