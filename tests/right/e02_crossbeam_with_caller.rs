//! Right: the caller works too: `workers - 1` spawned threads plus the calling thread share a
//! crossbeam job channel; results go to their slots.

use crossbeam::channel;
use std::sync::Mutex;

/// The number of workers that suits this machine.
pub fn default_workers() -> usize {
    num_cpus::get()
}

/// Maps `f` over `items` with the caller and `workers - 1` helpers.
pub fn parallel_map<T, R, F>(items: Vec<T>, workers: usize, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync + Send,
{
    let workers = if workers == 0 {
        default_workers()
    } else {
        workers
    };
    let slots: Vec<Mutex<Option<R>>> = items.iter().map(|_| Mutex::new(None)).collect();
    let (tx, rx) = channel::unbounded();
    let helpers = workers.min(items.len()).saturating_sub(1);
    items
        .into_iter()
        .enumerate()
        .for_each(|job| tx.send(job).unwrap());
    drop(tx);
    let work = |rx: channel::Receiver<(usize, T)>| {
        for (i, item) in rx {
            *slots[i].lock().unwrap() = Some(f(item));
        }
    };
    crossbeam::scope(|s| {
        for _ in 0..helpers {
            let rx = rx.clone();
            s.spawn(|_| work(rx));
        }
        work(rx);
    })
    .unwrap();
    slots
        .into_iter()
        .map(|s| s.into_inner().unwrap().unwrap())
        .collect()
}
