//! Wrong: catches every error and panic correctly, but runs the items one after another on the
//! calling thread.
//! expect: one after another

use parlings::TaskError;
use std::panic::{self, AssertUnwindSafe};

/// Runs `f` on every item, one at a time, catching errors and panics.
pub fn map_catching<T, R, E, F>(
    items: Vec<T>,
    _workers: usize,
    f: F,
) -> Vec<Result<R, TaskError<E>>>
where
    T: Send,
    R: Send,
    E: Send,
    F: Fn(T) -> Result<R, E> + Sync + Send,
{
    items
        .into_iter()
        .map(
            |item| match panic::catch_unwind(AssertUnwindSafe(|| f(item))) {
                Ok(Ok(r)) => Ok(r),
                Ok(Err(e)) => Err(TaskError::Failed(e)),
                Err(payload) => Err(TaskError::Panicked(
                    payload
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown panic".to_string()),
                )),
            },
        )
        .collect()
}
