//! Wrong: never more than `workers` calls at once, but still a new thread per item, which a
//! pool exists to avoid (thread start-up per task, and thousands of threads for big batches).
//! expect: distinct threads

use std::sync::{Condvar, Mutex};

/// The number of workers that suits this machine.
pub fn default_workers() -> usize {
    num_cpus::get()
}

/// Maps `f` over `items`, a thread per item behind a semaphore of `workers` permits.
pub fn parallel_map<T, R, F>(items: Vec<T>, workers: usize, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync + Send,
{
    let workers = if workers == 0 {
        default_workers()
    } else {
        workers
    };
    let permits = Mutex::new(workers);
    let freed = Condvar::new();
    std::thread::scope(|s| {
        let handles: Vec<_> = items
            .into_iter()
            .map(|item| {
                let (permits, freed, f) = (&permits, &freed, &f);
                s.spawn(move || {
                    *freed
                        .wait_while(permits.lock().unwrap(), |n| *n == 0)
                        .unwrap() -= 1;
                    let result = f(item);
                    *permits.lock().unwrap() += 1;
                    freed.notify_one();
                    result
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    })
}
