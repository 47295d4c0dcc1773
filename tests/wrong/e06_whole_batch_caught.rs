//! Wrong: one `catch_unwind` around the whole batch instead of around each call of `f`: when
//! any item panics, every item is reported as that panic.
//! expect: around each call

use parlings::TaskError;
use rayon::prelude::*;
use std::panic::{self, AssertUnwindSafe};

/// Runs `f` on every item on a pool of `workers` threads, catching a panic of the batch.
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
    let n = items.len();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .unwrap();
    let batch = panic::catch_unwind(AssertUnwindSafe(|| {
        pool.install(|| {
            items
                .into_par_iter()
                .map(|item| f(item).map_err(TaskError::Failed))
                .collect()
        })
    }));
    batch.unwrap_or_else(|payload| {
        let text = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_string());
        (0..n)
            .map(|_| Err(TaskError::Panicked(text.clone())))
            .collect()
    })
}
