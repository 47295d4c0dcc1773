//! Wrong: lets `thread::scope` carry a worker's panic, which it does, but only once every
//! thread has finished: meanwhile the other workers go on and the producer keeps draining
//! `source`, which may never end.
//! expect: more items were taken after the panic

use crossbeam::channel;

/// Runs the pipeline; a panicking worker just dies and the scope re-raises it at the end.
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
