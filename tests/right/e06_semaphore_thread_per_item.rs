//! Right: a scoped thread per item behind a semaphore of `workers` permits (a Mutex and a
//! Condvar); `join` hands back each panic, which is turned into its message.

use parlings::TaskError;
use std::sync::{Condvar, Mutex};

/// Runs `f` on every item, each on its own thread, at most `workers` at once.
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
    let permits = Mutex::new(workers);
    let freed = Condvar::new();
    std::thread::scope(|s| {
        let mut handles = Vec::new();
        for item in items {
            let mut free = permits.lock().unwrap();
            while *free == 0 {
                free = freed.wait(free).unwrap();
            }
            *free -= 1;
            drop(free);
            let (f, permits, freed) = (&f, &permits, &freed);
            handles.push(s.spawn(move || {
                // Gives the permit back even when `f` panics.
                struct Permit<'a>(&'a Mutex<usize>, &'a Condvar);
                impl Drop for Permit<'_> {
                    fn drop(&mut self) {
                        *self.0.lock().unwrap_or_else(|p| p.into_inner()) += 1;
                        self.1.notify_one();
                    }
                }
                let _permit = Permit(permits, freed);
                f(item)
            }));
        }
        handles
            .into_iter()
            .map(|h| match h.join() {
                Ok(Ok(r)) => Ok(r),
                Ok(Err(e)) => Err(TaskError::Failed(e)),
                Err(payload) => Err(TaskError::Panicked(
                    payload
                        .downcast_ref::<&str>()
                        .map(|t| t.to_string())
                        .or_else(|| payload.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown panic".into()),
                )),
            })
            .collect()
    })
}
