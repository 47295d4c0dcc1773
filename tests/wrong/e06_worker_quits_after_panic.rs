//! Wrong: each call is under `catch_unwind` and the panic is recorded, but then the worker
//! leaves its loop ("a thread that saw a panic is not to be trusted"), so once every worker
//! has met a panic the remaining items are never run.
//! expect: was never run

use parlings::TaskError;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

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
    let inputs: Vec<Mutex<Option<T>>> = items.into_iter().map(|t| Mutex::new(Some(t))).collect();
    let outputs: Vec<Mutex<Option<Result<R, TaskError<E>>>>> =
        (0..n).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..workers.min(n) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= n {
                        return;
                    }
                    let item = inputs[i].lock().unwrap().take().unwrap();
                    match panic::catch_unwind(AssertUnwindSafe(|| f(item))) {
                        Ok(r) => *outputs[i].lock().unwrap() = Some(r.map_err(TaskError::Failed)),
                        Err(p) => {
                            let text = p
                                .downcast_ref::<&str>()
                                .map(|s| s.to_string())
                                .or_else(|| p.downcast_ref::<String>().cloned())
                                .unwrap_or_else(|| "unknown panic".to_string());
                            *outputs[i].lock().unwrap() = Some(Err(TaskError::Panicked(text)));
                            return;
                        }
                    }
                }
            });
        }
    });
    outputs
        .into_iter()
        .filter_map(|o| o.into_inner().unwrap())
        .collect()
}
