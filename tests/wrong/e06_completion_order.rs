//! Wrong: results are kept in the order the calls finished, not the order of the items.
//! expect: in another order

use parlings::TaskError;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;

/// Runs `f` on every item with `workers` threads, pushing each result as it comes.
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
    let queue = Mutex::new(items.into_iter());
    let results = Mutex::new(Vec::with_capacity(n));
    std::thread::scope(|s| {
        for _ in 0..workers.min(n) {
            s.spawn(|| {
                loop {
                    let Some(item) = queue.lock().unwrap().next() else {
                        break;
                    };
                    let result = match panic::catch_unwind(AssertUnwindSafe(|| f(item))) {
                        Ok(Ok(r)) => Ok(r),
                        Ok(Err(e)) => Err(TaskError::Failed(e)),
                        Err(payload) => Err(TaskError::Panicked(
                            payload
                                .downcast_ref::<&str>()
                                .map(|s| s.to_string())
                                .or_else(|| payload.downcast_ref::<String>().cloned())
                                .unwrap_or_else(|| "unknown panic".to_string()),
                        )),
                    };
                    results.lock().unwrap().push(result);
                }
            });
        }
    });
    results.into_inner().unwrap()
}
