//! Wrong: no deadline at all: the workers run every task to the end and nobody ever cancels,
//! so a task that stops only when cancelled runs forever.
//! expect: probably stuck
//! expect: no deadline

use parlings::Cancel;
use std::sync::Mutex;
use std::time::Duration;

/// Runs `f` on every item with `workers` threads, ignoring the deadline.
pub fn map_with_deadline<T, R, F>(
    items: Vec<T>,
    workers: usize,
    _deadline: Duration,
    f: F,
) -> Vec<Option<R>>
where
    T: Send,
    R: Send,
    F: Fn(T, &Cancel) -> R + Sync + Send,
{
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    let n = items.len();
    let cancel = Cancel::new();
    let queue = Mutex::new(items.into_iter().enumerate());
    let slots: Vec<Mutex<Option<R>>> = (0..n).map(|_| Mutex::new(None)).collect();
    std::thread::scope(|s| {
        for _ in 0..workers.min(n) {
            s.spawn(|| {
                loop {
                    let Some((i, item)) = queue.lock().unwrap().next() else {
                        break;
                    };
                    *slots[i].lock().unwrap() = Some(f(item, &cancel));
                }
            });
        }
    });
    slots.into_iter().map(|s| s.into_inner().unwrap()).collect()
}
