//! Wrong: stops at the first failure: once any item returned `Err` or panicked, the workers
//! take no more items, and the batch reports only what ran.
//! expect: was never run

use parlings::TaskError;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

/// Runs `f` on items with `workers` threads until the first failure.
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
    let queue = Mutex::new(items.into_iter().enumerate());
    let slots: Vec<Mutex<Option<Result<R, TaskError<E>>>>> =
        (0..n).map(|_| Mutex::new(None)).collect();
    let failed = AtomicBool::new(false);
    std::thread::scope(|s| {
        for _ in 0..workers.min(n) {
            s.spawn(|| {
                while !failed.load(Ordering::SeqCst) {
                    let Some((i, item)) = queue.lock().unwrap().next() else {
                        break;
                    };
                    let result = match panic::catch_unwind(AssertUnwindSafe(|| f(item))) {
                        Ok(Ok(r)) => Ok(r),
                        Ok(Err(e)) => Err(TaskError::Failed(e)),
                        Err(_) => Err(TaskError::Panicked("unknown panic".to_string())),
                    };
                    if result.is_err() {
                        failed.store(true, Ordering::SeqCst);
                    }
                    *slots[i].lock().unwrap() = Some(result);
                }
            });
        }
    });
    slots
        .into_iter()
        .filter_map(|slot| slot.into_inner().unwrap())
        .collect()
}
