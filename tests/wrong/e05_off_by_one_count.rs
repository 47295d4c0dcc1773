//! Wrong: counts the results with the index `enumerate` gives the last one, which is one less
//! than the number of results.
//! expect: returned, though `sink` was called

use crossbeam::channel;

/// Runs the pipeline and returns the last result's index instead of the count.
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
    let mut count = 0;
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
        for (i, result) in result_rx.iter().enumerate() {
            sink(result);
            count = i;
        }
    });
    count
}
