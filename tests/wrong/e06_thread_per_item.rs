//! Wrong: a scoped thread per item, all at once, each joined to catch its panic: every item
//! reports correctly, but nothing limits the calls in flight to `workers`.
//! expect: more than the

use parlings::TaskError;

/// Runs `f` on every item, each on its own thread; `join` reports a panic.
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
    std::thread::scope(|s| {
        let handles: Vec<_> = items.into_iter().map(|item| s.spawn(|| f(item))).collect();
        handles
            .into_iter()
            .map(|handle| match handle.join() {
                Ok(Ok(r)) => Ok(r),
                Ok(Err(e)) => Err(TaskError::Failed(e)),
                Err(payload) => Err(TaskError::Panicked(
                    payload
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown panic".to_string()),
                )),
            })
            .collect()
    })
}
