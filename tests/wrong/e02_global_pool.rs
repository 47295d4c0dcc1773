//! Wrong: rayon's global pool runs one thread per core, whatever `workers` says.
//! expect: calls of `f` in flight at the peak

use rayon::prelude::*;

/// The number of workers that suits this machine.
pub fn default_workers() -> usize {
    num_cpus::get()
}

/// Maps `f` over `items` on the global pool, ignoring `workers`.
pub fn parallel_map<T, R, F>(items: Vec<T>, _workers: usize, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync + Send,
{
    items.into_par_iter().map(f).collect()
}
