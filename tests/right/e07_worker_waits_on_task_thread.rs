//! Right: `workers` scoped workers; each runs every task it takes on a scoped thread of its
//! own with a fresh `Cancel`, and waits for it with `recv_timeout` until the deadline; at the
//! deadline it cancels that task's token and waits for it to return. No watcher thread: each
//! worker watches the clock for its own task. (How many threads carry the tasks is not
//! specified for e07: what is specified is the tasks in flight, at most `workers`.)

use parlings::Cancel;
use std::sync::Mutex;
use std::sync::mpsc;
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
    let queue = Mutex::new(items.into_iter().enumerate());
    let results: Mutex<Vec<Option<R>>> = Mutex::new((0..n).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..workers.min(n) {
            s.spawn(|| {
                while Instant::now() < due {
                    let Some((i, item)) = queue.lock().unwrap().next() else {
                        break;
                    };
                    let token = Cancel::new();
                    let (tx, rx) = mpsc::channel();
                    let (in_time, r) = std::thread::scope(|t| {
                        let (f, token) = (&f, &token);
                        let task = t.spawn(move || {
                            let r = f(item, token);
                            let _ = tx.send(Instant::now() < due);
                            r
                        });
                        let left = due.saturating_duration_since(Instant::now());
                        let in_time = match rx.recv_timeout(left) {
                            Ok(in_time) => in_time,
                            Err(_) => {
                                token.cancel(); // the deadline: ask the task to stop
                                false
                            }
                        };
                        (in_time, task.join().expect("tasks do not panic here"))
                    });
                    if in_time {
                        results.lock().unwrap()[i] = Some(r);
                    }
                }
            });
        }
    });
    results.into_inner().unwrap()
}
