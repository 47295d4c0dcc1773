//! Exercise e02: a pool sized to the machine.
//!
//! The article's first rule for a batch of independent tasks: don't hand-make a worker per
//! task, start with a pool. A pool is a fixed set of workers, as many as you have cores for
//! CPU-bound work, that take items until none are left and hand back each result.
//!
//! Write:
//! - `default_workers`: how many workers suit this machine: its number of cores, asked of the
//!   machine (never a number you typed in);
//! - `parallel_map`: runs `f` on every item on a pool of `workers` threads (0 means
//!   `default_workers()`): at most `workers` distinct threads (not a thread per item; the
//!   calling thread may be one of them), exactly `min(workers, items.len())` calls of `f` in
//!   flight at a time, never more, each item passed to `f` exactly once, and the results in
//!   the order of `items`.
//!
//! You may use std threads, rayon (a pool of your own, not the global one) or crossbeam.
//! Check your work: `cargo run -- check e02`. Stuck? `cargo run -- hint e02`.

/// The number of workers that suits this machine: one per core.
pub fn default_workers() -> usize {
    todo!("ask the machine how many cores it has")
}

/// Maps `f` over `items` on a pool of `workers` threads (0: one per core); results in order.
pub fn parallel_map<T, R, F>(items: Vec<T>, workers: usize, f: F) -> Vec<R>
where
    T: Send,
    R: Send,
    F: Fn(T) -> R + Sync + Send,
{
    let _ = (items, workers, f);
    todo!("run `f` over the items on a pool of `workers` threads")
}
