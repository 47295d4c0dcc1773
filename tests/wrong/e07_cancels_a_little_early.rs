//! Wrong: the watcher cancels 20 ms before the deadline, "so that the tasks have stopped by
//! then": a Cancel reports true before the deadline, which the spec forbids.
//! expect: no Cancel reports true before the deadline

use parlings::Cancel;
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// Runs `f` on every item with `workers` threads (0: one per core) until `deadline`; the
/// results of tasks that returned before it, in order.
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
    // Set (and signalled) when every worker has stopped, so the watcher need not sleep on.
    let finished = (Mutex::new(false), Condvar::new());

    thread::scope(|s| {
        s.spawn(|| {
            let (done, wake) = &finished;
            let mut done = done.lock().expect("no thread panics holding this lock");
            while !*done {
                // Cancel a little ahead, "so the tasks have time to stop by the deadline".
                let early = due - Duration::from_millis(20);
                let now = Instant::now();
                if now >= early {
                    cancel.cancel();
                    return;
                }
                done = wake.wait_timeout(done, early - now).expect("lock").0;
            }
        });
        thread::scope(|w| {
            for _ in 0..workers.min(n) {
                w.spawn(|| {
                    // No task starts once the deadline has passed, even before the watcher
                    // (which may wake a little late) has cancelled the token.
                    while !cancel.is_cancelled() && Instant::now() < due {
                        let Some((i, item)) = queue.lock().expect("queue lock").next() else {
                            break;
                        };
                        let result = f(item, &cancel);
                        if Instant::now() < due {
                            *slots[i].lock().expect("slot lock") = Some(result);
                        }
                    }
                });
            }
        });
        let (done, wake) = &finished;
        *done.lock().expect("lock") = true;
        wake.notify_all();
    });
    slots
        .into_iter()
        .map(|slot| slot.into_inner().expect("slot lock"))
        .collect()
}
