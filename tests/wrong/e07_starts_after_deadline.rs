//! Wrong: cancels at the deadline, but the workers go on taking queued items afterwards and
//! start them (each returns at once, its token already cancelled).
//! expect: started after the deadline

use parlings::Cancel;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Runs `f` on every item with `workers` threads; cancels the running tasks at the deadline.
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
    let remaining = Mutex::new(workers.min(n));
    std::thread::scope(|s| {
        s.spawn(|| {
            while *remaining.lock().unwrap() > 0 {
                if Instant::now() >= due {
                    cancel.cancel();
                    return;
                }
                std::thread::sleep(Duration::from_millis(2));
            }
        });
        for _ in 0..workers.min(n) {
            s.spawn(|| {
                // Takes the next item whatever the time: the token only reaches `f`.
                loop {
                    let Some((i, item)) = queue.lock().unwrap().next() else {
                        break;
                    };
                    let result = f(item, &cancel);
                    if Instant::now() < due {
                        *slots[i].lock().unwrap() = Some(result);
                    }
                }
                *remaining.lock().unwrap() -= 1;
            });
        }
    });
    slots.into_iter().map(|s| s.into_inner().unwrap()).collect()
}
