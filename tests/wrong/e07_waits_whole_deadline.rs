//! Wrong: a watcher thread sleeps for the whole deadline and then cancels; the scope waits for
//! it, so the call always takes the full deadline, even when every task finished long before.
//! expect: must be woken when the work is done

use parlings::Cancel;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Runs `f` on every item with `workers` threads until the deadline.
pub fn map_with_deadline<T, R, F>(
    items: Vec<T>,
    workers: usize,
    deadline: Duration,
    f: F,
) -> Vec<Option<R>>
where
    T: Send,
    R: Send,
    F: Fn(T, &Cancel) -> R + Sync + Send,
{
    let due = Instant::now() + deadline;
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
        s.spawn(|| {
            std::thread::sleep(deadline);
            cancel.cancel();
        });
        for _ in 0..workers.min(n) {
            s.spawn(|| {
                while !cancel.is_cancelled() && Instant::now() < due {
                    let Some((i, item)) = queue.lock().unwrap().next() else {
                        break;
                    };
                    let result = f(item, &cancel);
                    if Instant::now() < due {
                        *slots[i].lock().unwrap() = Some(result);
                    }
                }
            });
        }
    });
    slots.into_iter().map(|s| s.into_inner().unwrap()).collect()
}
