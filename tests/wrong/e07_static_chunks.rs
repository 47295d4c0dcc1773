//! Wrong: the items are cut into `workers` fixed chunks, one per thread. A worker whose chunk
//! is done sits idle while another chunk still has tasks waiting, so fewer than `workers` tasks
//! run while tasks remain.
//! expect: sat idle while tasks remained

use parlings::Cancel;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

/// Runs `f` on every item in `workers` contiguous chunks until the deadline.
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
    let chunks = workers.min(n);
    let mut items = items.into_iter();
    let parts: Vec<Vec<T>> = (0..chunks)
        .map(|c| {
            items
                .by_ref()
                .take(n / chunks + usize::from(c < n % chunks))
                .collect()
        })
        .collect();
    let cancel = Cancel::new();
    let finished = (Mutex::new(false), Condvar::new());
    std::thread::scope(|s| {
        s.spawn(|| {
            let mut done = finished.0.lock().unwrap();
            while !*done {
                let now = Instant::now();
                if now >= due {
                    cancel.cancel();
                    return;
                }
                done = finished.1.wait_timeout(done, due - now).unwrap().0;
            }
        });
        let results: Vec<Option<R>> = std::thread::scope(|w| {
            let handles: Vec<_> = parts
                .into_iter()
                .map(|part| {
                    let (f, cancel) = (&f, &cancel);
                    w.spawn(move || {
                        part.into_iter()
                            .map(|item| {
                                if cancel.is_cancelled() || Instant::now() >= due {
                                    return None;
                                }
                                let result = f(item, cancel);
                                (Instant::now() < due).then_some(result)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            handles
                .into_iter()
                .flat_map(|h| h.join().unwrap())
                .collect()
        });
        *finished.0.lock().unwrap() = true;
        finished.1.notify_all();
        results
    })
}
