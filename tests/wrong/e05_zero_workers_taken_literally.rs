//! Wrong: `workers == 0` starts no worker, so no item is ever worked on and nothing reaches
//! `sink` (0 means one worker per core).
//! expect: workers = 0 taken literally

use crossbeam::channel;

/// Runs the pipeline with exactly `workers` workers, even none.
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
                    if result_tx.send(work(item)).is_err() {
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
