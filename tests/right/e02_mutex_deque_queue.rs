//! Right: a Mutex<VecDeque<(index, item)>> work queue drained by `workers` scoped threads;
//! results go into pre-sized slots of one Mutex<Vec<Option<R>>>.

use std::collections::VecDeque;
use std::sync::Mutex;

/// The number of workers that suits this machine.
pub fn default_workers() -> usize {
    num_cpus::get()
}

/// Maps `f` over `items` with `workers` threads sharing one locked queue.
pub fn parallel_map<T, R, F>(items: Vec<T>, workers: usize, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync + Send,
{
    let workers = match workers {
        0 => default_workers(),
        n => n,
    };
    let n = items.len();
    let queue: Mutex<VecDeque<(usize, T)>> = Mutex::new(items.into_iter().enumerate().collect());
    let slots: Mutex<Vec<Option<R>>> = Mutex::new((0..n).map(|_| None).collect());
    std::thread::scope(|s| {
        for _ in 0..workers.min(n) {
            s.spawn(|| {
                loop {
                    // The guard is a temporary: the lock is released before `f` runs.
                    let job = queue.lock().unwrap().pop_front();
                    let Some((i, item)) = job else { break };
                    let r = f(item);
                    slots.lock().unwrap()[i] = Some(r);
                }
            });
        }
    });
    slots
        .into_inner()
        .unwrap()
        .into_iter()
        .map(|r| r.expect("every item mapped"))
        .collect()
}
