//! Exercise e05: channels for high-frequency messages, with back-pressure.
//!
//! The article's third rule, last part: when workers send many small results, give them a
//! queue. Here a stream of items flows through three stages joined by two channels:
//!
//! ```text
//! source ──▶ producer ══(capacity)══▶ workers: work(item) ══(capacity)══▶ caller: sink(result)
//! ```
//!
//! Write `pipeline`:
//! - one producer thread of its own (neither the calling thread nor a worker) takes items from
//!   `source` and sends them into a *bounded* channel of `capacity`;
//! - `workers` threads (0 means `num_cpus::get()`) run `work` on the items: exactly `workers`
//!   calls in flight when there is enough work, never more;
//! - `sink` runs on the calling thread, with each result as it arrives (in any order);
//! - back-pressure: both channels hold at most `capacity`, so when `sink` is slow everything
//!   before it waits. At no moment may more than `2 * capacity + workers + 2` items have been
//!   taken from `source` and not yet given to `sink` (an unbounded channel would let the
//!   source run ahead, and memory grow without limit);
//! - it returns the number of results given to `sink`;
//! - if `work` panics, `pipeline` stops taking items from `source`, joins its threads and then
//!   panics itself (with any payload). It never hangs.
//!
//! You may use std threads and channels, crossbeam, or rayon (a pool of your own).
//! Check your work: `cargo run -- check e05`. Stuck? `cargo run -- hint e05`.

/// Runs `source` through `workers` threads of `work` into `sink`, over bounded channels of
/// `capacity`; returns how many results `sink` was given.
pub fn pipeline<I, T, R, W, S>(
    source: I,
    workers: usize,
    capacity: usize,
    work: W,
    sink: S,
) -> usize
where
    I: Iterator<Item = T> + Send,
    T: Send,
    R: Send,
    W: Fn(T) -> R + Sync,
    S: FnMut(R),
{
    let _ = (source, workers, capacity, work, sink);
    todo!("a producer thread, `workers` workers and the caller's sink, on bounded channels")
}
