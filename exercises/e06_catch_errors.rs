//! Exercise e06: one failure must not sink the batch.
//!
//! A batch of a thousand tasks in which one returns an error and another panics should still
//! give you 998 results, and say what went wrong with the other two. In Rust a task can fail in
//! two ways: it returns `Err(e)`, or it panics. A panic unwinds its thread; unless something
//! catches it, it tears down the whole batch with it.
//!
//! Write `map_catching`: runs `f` on every item on a pool of `workers` threads (0 means one per
//! core, `num_cpus::get()`), exactly `min(workers, items.len())` calls of `f` in flight at a
//! time, never more, each item passed to `f` exactly once, and gives one result per item, in
//! the order of `items`:
//! - `Ok(r)` when `f` returned `Ok(r)`;
//! - `Err(TaskError::Failed(e))` when `f` returned `Err(e)`;
//! - `Err(TaskError::Panicked(message))` when `f` panicked: the message is exactly the panic's
//!   text when its payload is a `&str` (`panic!("literal")`) or a `String`
//!   (`panic!("item {i}")`), and exactly `"unknown panic"` for any other payload
//!   (`std::panic::panic_any(42)`).
//!
//! A failure of one item changes nothing for the others: they all run, and all report.
//! You may use std threads, rayon (a pool of your own) or crossbeam.
//! Check your work: `cargo run -- check e06`. Stuck? `cargo run -- hint e06`.

use parlings::TaskError;

/// Runs `f` on every item with `workers` threads (0: one per core); one result per item, in
/// order, errors and panics included.
pub fn map_catching<T, R, E, F>(items: Vec<T>, workers: usize, f: F) -> Vec<Result<R, TaskError<E>>>
where
    T: Send,
    R: Send,
    E: Send,
    F: Fn(T) -> Result<R, E> + Sync + Send,
{
    let _ = (items, workers, f);
    todo!("run `f` on every item, catching its errors and its panics")
}
