//! Wrong: one worker thread does all the work, whatever `workers` says.
//! expect: one after another

use crossbeam::channel;

/// Runs the pipeline with a single worker.
pub fn pipeline<I, T, R, W, S>(
    source: I,
    _workers: usize,
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
        let work = &work;
        s.spawn(move || {
            for item in item_rx {
                if result_tx.send(work(item)).is_err() {
                    break;
                }
            }
        });
        for result in result_rx {
            sink(result);
            given += 1;
        }
    });
    given
}
