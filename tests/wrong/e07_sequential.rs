//! Wrong: honours the deadline, but runs the tasks one after another on the calling thread
//! (a watcher thread cancels at the deadline).
//! expect: one after another

use parlings::Cancel;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Runs `f` on the items one at a time until the deadline.
pub fn map_with_deadline<T, R, F>(
    items: Vec<T>,
    _workers: usize,
    deadline: Duration,
    f: F,
) -> Vec<Option<R>>
where
    T: Send,
    R: Send,
    F: Fn(T, &Cancel) -> R + Sync + Send,
{
    let due = Instant::now() + deadline;
    let cancel = Cancel::new();
    let done = AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            while !done.load(Ordering::SeqCst) {
                if Instant::now() >= due {
                    cancel.cancel();
                    return;
                }
                std::thread::sleep(Duration::from_millis(2));
            }
        });
        let results = items
            .into_iter()
            .map(|item| {
                if cancel.is_cancelled() || Instant::now() >= due {
                    return None;
                }
                let result = f(item, &cancel);
                (Instant::now() < due).then_some(result)
            })
            .collect();
        done.store(true, Ordering::SeqCst);
        results
    })
}
