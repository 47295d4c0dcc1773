//! Right: items moved into pre-sized `Mutex<Option<T>>` slots, `workers` scoped threads take
//! the next index from an `AtomicUsize`, and each writes its result into a pre-sized result
//! slot; the message is read by value with `Box::downcast` (`&str`, then `String`).

use parlings::TaskError;
use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

fn message(payload: Box<dyn Any + Send>) -> String {
    match payload.downcast::<&'static str>() {
        Ok(s) => (*s).to_owned(),
        Err(p) => match p.downcast::<String>() {
            Ok(s) => *s,
            Err(_) => String::from("unknown panic"),
        },
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
    let n = items.len();
    let inputs: Vec<Mutex<Option<T>>> = items.into_iter().map(|t| Mutex::new(Some(t))).collect();
    let outputs: Vec<Mutex<Option<Result<R, TaskError<E>>>>> =
        (0..n).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    std::thread::scope(|s| {
        for _ in 0..workers.min(n) {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        return;
                    }
                    let item = inputs[i].lock().unwrap().take().unwrap();
                    let out = match panic::catch_unwind(AssertUnwindSafe(|| f(item))) {
                        Ok(Ok(r)) => Ok(r),
                        Ok(Err(e)) => Err(TaskError::Failed(e)),
                        Err(p) => Err(TaskError::Panicked(message(p))),
                    };
                    *outputs[i].lock().unwrap() = Some(out);
                }
            });
        }
    });
    outputs
        .into_iter()
        .map(|o| o.into_inner().unwrap().unwrap())
        .collect()
}
