//! Wrong: unbounded channels. Nothing makes the producer wait, so with a slow sink every item
//! is taken at once and held in memory: no back-pressure.
//! expect: the source ran ahead

use crossbeam::channel;

/// Runs the pipeline over unbounded channels (`capacity` ignored).
pub fn pipeline<I, T, R, W, S>(
    source: I,
    workers: usize,
    _capacity: usize,
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
    let (item_tx, item_rx) = channel::unbounded::<T>();
    let (result_tx, result_rx) = channel::unbounded::<R>();
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
