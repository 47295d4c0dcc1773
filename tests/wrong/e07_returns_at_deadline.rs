//! Wrong: returns at the deadline without waiting for the tasks it cancelled, which go on
//! running on detached threads (Python's `shutdown(wait=False)`). Safe Rust will not even
//! compile this, because `f` and the items are borrowed: scoped threads always wait. This
//! version forces it with `unsafe`, as a learner porting Python code might.
//! expect: still running when map_with_deadline returned

use parlings::Cancel;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Runs `f` on every item with `workers` detached threads; returns at the deadline.
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
    let queue = Arc::new(Mutex::new(items.into_iter().enumerate()));
    let slots: Arc<Mutex<Vec<Option<R>>>> = Arc::new(Mutex::new((0..n).map(|_| None).collect()));
    let running = Arc::new(AtomicUsize::new(workers.min(n)));
    // Leaked, so the detached threads can still call it after this function returns.
    let f: &F = Box::leak(Box::new(f));
    for _ in 0..workers.min(n) {
        let (queue, slots) = (Arc::clone(&queue), Arc::clone(&slots));
        let (running, cancel) = (Arc::clone(&running), cancel.clone());
        let worker: Box<dyn FnOnce() + Send + '_> = Box::new(move || {
            while !cancel.is_cancelled() {
                let Some((i, item)) = queue.lock().unwrap().next() else {
                    break;
                };
                let result = f(item, &cancel);
                if Instant::now() < due {
                    slots.lock().unwrap()[i] = Some(result);
                }
            }
            running.fetch_sub(1, Ordering::SeqCst);
        });
        std::thread::spawn(detach(worker));
    }
    while running.load(Ordering::SeqCst) > 0 && Instant::now() < due {
        std::thread::sleep(Duration::from_millis(2));
    }
    cancel.cancel();
    let mut slots = slots.lock().unwrap();
    slots.iter_mut().map(Option::take).collect()
}

/// Pretends a borrowing closure lives forever (this is the bug: it may outlive the borrow).
fn detach<'a>(job: Box<dyn FnOnce() + Send + 'a>) -> Box<dyn FnOnce() + Send + 'static> {
    // SAFETY: none; that the caller returns while the job runs is exactly the defect shown.
    unsafe { std::mem::transmute(job) }
}
