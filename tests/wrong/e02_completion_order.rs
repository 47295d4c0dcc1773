//! Wrong: results are kept in the order the calls finished, not the order of the items.
//! expect: in another order

use std::sync::Mutex;

/// The number of workers that suits this machine.
pub fn default_workers() -> usize {
    num_cpus::get()
}

/// Maps `f` over `items` with `workers` threads, pushing each result as it comes.
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
    let queue = Mutex::new(items.into_iter());
    let results = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| {
                loop {
                    let Some(item) = queue.lock().unwrap().next() else {
                        break;
                    };
                    let result = f(item);
                    results.lock().unwrap().push(result);
                }
            });
        }
    });
    results.into_inner().unwrap()
}
