//! Wrong: no `catch_unwind`: `Err`s are reported, but the first panic unwinds out of the pool
//! and takes the whole batch down with it.
//! expect: sank the batch

use parlings::TaskError;
use rayon::prelude::*;

/// Runs `f` on every item on a pool of `workers` threads, reporting errors but not panics.
pub fn map_catching<T, R, E, F>(items: Vec<T>, workers: usize, f: F) -> Vec<Result<R, TaskError<E>>>
where
    T: Send,
    R: Send,
    E: Send,
    F: Fn(T) -> Result<R, E> + Sync + Send,
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
    pool.install(|| {
        items
            .into_par_iter()
            .map(|item| f(item).map_err(TaskError::Failed))
            .collect()
    })
}
