//! Wrong: a scoped thread per item behind a semaphore of `workers` permits; the thread gives
//! its permit back when `f` panics (in the catch arm) and again when its guard drops, so every
//! panic adds a permit and later more than `workers` calls of `f` run at once (with 30 ms
//! calls: 4 in flight for workers = 2, 3 for workers = 1).
//! expect: more than the

use parlings::TaskError;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Condvar, Mutex};

struct Semaphore {
    free: Mutex<usize>,
    cv: Condvar,
}
struct Permit<'a>(&'a Semaphore);
impl Semaphore {
    fn acquire(&self) -> Permit<'_> {
        let mut free = self.free.lock().unwrap();
        while *free == 0 {
            free = self.cv.wait(free).unwrap();
        }
        *free -= 1;
        Permit(self)
    }
    fn release(&self) {
        *self.free.lock().unwrap() += 1;
        self.cv.notify_one();
    }
}
impl Drop for Permit<'_> {
    fn drop(&mut self) {
        self.0.release();
    }
}

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
    let sem = Semaphore {
        free: Mutex::new(workers),
        cv: Condvar::new(),
    };
    let (sem, f) = (&sem, &f);
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .into_iter()
            .map(|item| {
                let permit = sem.acquire();
                s.spawn(move || {
                    let _permit = permit;
                    match panic::catch_unwind(AssertUnwindSafe(|| f(item))) {
                        Ok(r) => r.map_err(TaskError::Failed),
                        Err(p) => {
                            sem.release(); // "the panicked task's permit must not leak"
                            Err(TaskError::Panicked(
                                p.downcast_ref::<&str>()
                                    .map(|s| s.to_string())
                                    .or_else(|| p.downcast_ref::<String>().cloned())
                                    .unwrap_or_else(|| "unknown panic".to_string()),
                            ))
                        }
                    }
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
