//! Wrong: a scoped thread per item, all started at once, with a shared token cancelled at the
//! deadline: nothing limits the tasks in flight to `workers`.
//! expect: more than the

use parlings::Cancel;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Runs `f` on every item, each on its own thread, until the deadline.
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
        let handles: Vec<_> = items
            .into_iter()
            .map(|item| {
                let (f, cancel) = (&f, &cancel);
                s.spawn(move || {
                    let result = f(item, cancel);
                    (Instant::now() < due).then_some(result)
                })
            })
            .collect();
        let results = handles.into_iter().map(|h| h.join().unwrap()).collect();
        done.store(true, Ordering::SeqCst);
        results
    })
}
