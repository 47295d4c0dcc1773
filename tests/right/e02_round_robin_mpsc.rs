//! Right: static round-robin dealing: the caller deals item i to worker i % workers over that
//! worker's own std mpsc channel; (index, result) pairs come back on one shared channel.

use std::sync::mpsc;

/// The number of workers that suits this machine.
pub fn default_workers() -> usize {
    num_cpus::get()
}

/// Maps `f` over `items`, dealing them round-robin to `workers` threads.
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
    let n = items.len();
    let crew = workers.min(n);
    let (result_tx, result_rx) = mpsc::channel::<(usize, R)>();
    std::thread::scope(|s| {
        let mut inboxes = Vec::with_capacity(crew);
        for _ in 0..crew {
            let (tx, rx) = mpsc::channel::<(usize, T)>();
            inboxes.push(tx);
            let (result_tx, f) = (result_tx.clone(), &f);
            s.spawn(move || {
                for (i, item) in rx {
                    result_tx.send((i, f(item))).unwrap();
                }
            });
        }
        for (i, item) in items.into_iter().enumerate() {
            inboxes[i % crew].send((i, item)).unwrap();
        }
        drop(inboxes);
        drop(result_tx);
        let mut slots: Vec<Option<R>> = (0..n).map(|_| None).collect();
        for (i, r) in result_rx {
            slots[i] = Some(r);
        }
        slots.into_iter().map(Option::unwrap).collect()
    })
}
