//! Wrong: formats the panic payload with `{:?}`, which for a `Box<dyn Any>` prints `Any { .. }`:
//! the message is lost.
//! expect: exactly the panic's text

use parlings::TaskError;
use rayon::prelude::*;
use std::panic::{self, AssertUnwindSafe};

/// Runs `f` on every item on a pool of `workers` threads, catching errors and panics.
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
            .map(
                |item| match panic::catch_unwind(AssertUnwindSafe(|| f(item))) {
                    Ok(Ok(result)) => Ok(result),
                    Ok(Err(error)) => Err(TaskError::Failed(error)),
                    Err(payload) => Err(TaskError::Panicked(format!("{payload:?}"))),
                },
            )
            .collect()
    })
}
