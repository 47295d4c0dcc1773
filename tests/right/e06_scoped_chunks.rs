//! Right: `workers` contiguous chunks on scoped threads, each call of `f` under `catch_unwind`;
//! neighbouring items run on the same thread, one after the other.

use parlings::TaskError;
use std::any::Any;
use std::panic::{self, AssertUnwindSafe};

/// Runs `f` on every item in contiguous chunks, one scoped thread per chunk.
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
    let chunks = workers.min(items.len());
    let (len, mut items) = (items.len(), items.into_iter());
    let parts: Vec<Vec<T>> = (0..chunks)
        .map(|c| {
            items
                .by_ref()
                .take(len / chunks + usize::from(c < len % chunks))
                .collect()
        })
        .collect();
    let call = |item: T| match panic::catch_unwind(AssertUnwindSafe(|| f(item))) {
        Ok(Ok(r)) => Ok(r),
        Ok(Err(e)) => Err(TaskError::Failed(e)),
        Err(payload) => Err(TaskError::Panicked(message(payload))),
    };
    std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| s.spawn(|| part.into_iter().map(call).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("every panic of `f` is caught"))
            .collect()
    })
}

/// The panic's text, or "unknown panic".
fn message(payload: Box<dyn Any + Send>) -> String {
    match payload.downcast::<String>() {
        Ok(text) => *text,
        Err(payload) => match payload.downcast::<&str>() {
            Ok(text) => text.to_string(),
            Err(_) => "unknown panic".to_string(),
        },
    }
}
