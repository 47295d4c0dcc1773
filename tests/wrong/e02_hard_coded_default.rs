//! Wrong: a worker count typed in: right on the author's laptop, wrong on every other machine.
//! expect: a count typed in

use rayon::prelude::*;

/// The number of workers that suits this machine (written for a 2-core laptop).
pub fn default_workers() -> usize {
    2
}

/// Maps `f` over `items` on a pool of `workers` threads.
pub fn parallel_map<T, R, F>(items: Vec<T>, workers: usize, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync + Send,
{
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()
        .unwrap();
    pool.install(|| items.into_par_iter().map(f).collect())
}
