//! Exercise e02, solved: a rayon pool of our own, sized by the caller or by the machine.

use rayon::prelude::*;

/// The number of workers that suits this machine: one per core.
pub fn default_workers() -> usize {
    num_cpus::get()
}

/// Maps `f` over `items` on a pool of `workers` threads (0: one per core); results in order.
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
    // A pool of our own: the global pool has one thread per core, whatever `workers` says.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .expect("the operating system can start the pool's threads");
    // An indexed parallel iterator collects in input order, however the work was split.
    pool.install(|| items.into_par_iter().map(f).collect())
}
