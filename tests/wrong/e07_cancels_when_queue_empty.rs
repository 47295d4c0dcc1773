//! Wrong: cancels the tasks as soon as the last item has been handed out, mistaking "no more
//! work to hand out" for "time is up": tasks are told to stop before the deadline.
//! expect: reported true

use parlings::Cancel;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Runs `f` on every item with `workers` threads; cancels when the queue is empty.
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
    let queue = Mutex::new(items.into_iter().enumerate().peekable());
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
                while !cancel.is_cancelled() && Instant::now() < due {
                    let next = {
                        let mut queue = queue.lock().unwrap();
                        let next = queue.next();
                        if queue.peek().is_none() {
                            cancel.cancel(); // nothing left to hand out: "done"
                        }
                        next
                    };
                    let Some((i, item)) = next else {
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
