//! Exercise e07: a deadline instead of a hang.
//!
//! One stuck task must not freeze the whole batch. Python's `future.result(timeout=…)` stops
//! *waiting*, but the thread goes on running. Rust has no way to kill a thread either: a task
//! is *asked* to stop through a token it checks now and then (`parlings::Cancel`), and a good
//! task stops soon after.
//!
//! Write `map_with_deadline`: runs `f(item, &cancel)` on every item with `workers` threads
//! (0 means one per core, `num_cpus::get()`): at most `workers` tasks in flight, and that many
//! while tasks remain to start.
//! - At `deadline` (counted from the call), every running task's `Cancel` reports true, and no
//!   further task is started. No `Cancel` reports true before the deadline.
//! - The call returns as soon as the tasks running at the deadline have returned (it may
//!   return sooner, once every task has returned). When it returns, no task is still running.
//! - One result per item, in the order of `items`: `Some(r)` if its task returned before the
//!   deadline, `None` if it returned after the deadline or never started.
//!
//! `Cancel` is `Clone` (clones share one flag) with `new()`, `cancel()` and `is_cancelled()`.
//! You may use std threads, rayon (a pool of your own) or crossbeam.
//! Check your work: `cargo run -- check e07`. Stuck? `cargo run -- hint e07`.

use parlings::Cancel;
use std::time::Duration;

/// Runs `f` on every item with `workers` threads (0: one per core) until `deadline`; the
/// results of tasks that returned before it, in order.
pub fn map_with_deadline<T, R, F>(
    items: Vec<T>,
    workers: usize,
    deadline: Duration,
    f: F,
) -> Vec<Option<R>>
where
    T: Send,
    R: Send,
    F: Fn(T, &Cancel) -> R + Sync + Send,
{
    let _ = (items, workers, deadline, f);
    todo!("run the tasks, cancel them at the deadline, and wait for the ones still running")
}
