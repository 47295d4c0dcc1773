//! Wrong: `par_bridge()` on the items' iterator: a pool of `workers` threads, but par_bridge
//! is unindexed, so collect gathers results in the order they were produced, not the input's.
//! expect: in another order

use rayon::prelude::*;

/// The number of workers that suits this machine.
pub fn default_workers() -> usize {
    num_cpus::get()
}

/// Maps `f` over `items` via par_bridge on a pool of `workers` threads.
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
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .unwrap();
    pool.install(|| items.into_iter().par_bridge().map(f).collect())
}
