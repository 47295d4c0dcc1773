//! Exercise e06, solved: a rayon pool of our own, each call of `f` under `catch_unwind`.

use parlings::TaskError;
use rayon::prelude::*;
use std::any::Any;
use std::panic::{self, AssertUnwindSafe};

/// Runs `f` on every item with `workers` threads (0: one per core); one result per item, in
/// order, errors and panics included.
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
        .expect("the operating system can start the pool's threads");
    pool.install(|| {
        items
            .into_par_iter()
            .map(|item| {
                // The panic stops here, on the worker, and becomes this item's result. The
                // closure only reads `f`, which a panic leaves as it was: unwind-safe.
                match panic::catch_unwind(AssertUnwindSafe(|| f(item))) {
                    Ok(Ok(result)) => Ok(result),
                    Ok(Err(error)) => Err(TaskError::Failed(error)),
                    Err(payload) => Err(TaskError::Panicked(message(payload.as_ref()))),
                }
            })
            .collect()
    })
}

/// The text of a panic: a `&str` or `String` payload as it is, anything else "unknown panic".
fn message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text.to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "unknown panic".to_string()
    }
}
