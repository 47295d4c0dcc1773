//! Wrong: `par_bridge` lets the pool's workers pull items from `source` themselves (taking
//! turns on a lock), so there is no producer thread of its own.
//! expect: also called `next()`

use crossbeam::channel;
use rayon::prelude::*;

/// Runs `work` over `source` with `par_bridge` on a pool of `workers` threads.
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
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .unwrap();
    let (result_tx, result_rx) = channel::bounded::<R>(capacity);
    let mut given = 0;
    std::thread::scope(|s| {
        let work = &work;
        s.spawn(move || {
            pool.install(|| {
                source.par_bridge().for_each_with(result_tx, |tx, item| {
                    let _ = tx.send(work(item));
                })
            })
        });
        for result in result_rx {
            sink(result);
            given += 1;
        }
    });
    given
}
