//! The batch: a pool of workers over a list of items, each item's outcome kept, whatever it is.
//!
//! `workers` scoped threads take the next item from a shared counter (so a slow item holds
//! one worker, not a whole chunk) and send each outcome over a channel to the calling thread,
//! which alone keeps the results and reports progress. Every item gets its own [`Budget`]: a
//! deadline from its start, and the run's [`Cancel`]. Once the run is cancelled no worker
//! takes a new item; the items running then stop at their next check; the items finished so
//! far are all in the returned [`Batch`].

use super::budget::{Budget, Stop};
use crate::{Cancel, TaskError};
use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// What became of one item.
#[derive(Debug, PartialEq)]
pub enum Outcome<R> {
    /// It finished: its result.
    Done(R),
    /// Its work returned an error, or panicked.
    Failed(TaskError<String>),
    /// It ran past its deadline and stopped.
    TimedOut,
    /// It was running when the run was cancelled, and stopped.
    Cancelled,
    /// It never started: the run was cancelled first.
    Skipped,
}

impl<R> Outcome<R> {
    /// A one-word name: "done", "failed", "timed out", "cancelled" or "skipped".
    pub fn name(&self) -> &'static str {
        match self {
            Outcome::Done(_) => "done",
            Outcome::Failed(_) => "failed",
            Outcome::TimedOut => "timed out",
            Outcome::Cancelled => "cancelled",
            Outcome::Skipped => "skipped",
        }
    }
}

/// One item's outcome and how long it ran (`None` if it never started).
#[derive(Debug, PartialEq)]
pub struct Item<R> {
    /// What became of it.
    pub outcome: Outcome<R>,
    /// How long its work ran.
    pub took: Option<Duration>,
}

/// How many items ended each way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Finished with a result.
    pub done: usize,
    /// Failed with an error or a panic.
    pub failed: usize,
    /// Stopped at their deadline.
    pub timed_out: usize,
    /// Stopped by the run's cancellation while running.
    pub cancelled: usize,
    /// Never started.
    pub skipped: usize,
}

/// A finished run: every item's outcome in input order, and the run's wall time.
#[derive(Debug)]
pub struct Batch<R> {
    /// One entry per item, in input order.
    pub items: Vec<Item<R>>,
    /// How many workers ran it.
    pub workers: usize,
    /// The run's wall time, from starting the workers to the last outcome received.
    pub elapsed: Duration,
    /// True if the run was cancelled before every item had run.
    pub interrupted: bool,
}

impl<R> Batch<R> {
    /// How many items ended each way.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for item in &self.items {
            *match item.outcome {
                Outcome::Done(_) => &mut counts.done,
                Outcome::Failed(_) => &mut counts.failed,
                Outcome::TimedOut => &mut counts.timed_out,
                Outcome::Cancelled => &mut counts.cancelled,
                Outcome::Skipped => &mut counts.skipped,
            } += 1;
        }
        counts
    }
}

// ANCHOR: run
/// Runs `work` on every item with `workers` threads (0: one per core), each item within
/// `deadline` of its start, until done or until `cancel` is cancelled. `on_outcome` runs on
/// the calling thread as each outcome arrives, in any order.
pub fn run<T, R, W>(
    items: &[T],
    workers: usize,
    deadline: Duration,
    cancel: &Cancel,
    work: W,
    mut on_outcome: impl FnMut(usize, &Item<R>),
) -> Batch<R>
where
    T: Sync,
    R: Send,
    W: Fn(&T, &Budget) -> anyhow::Result<R> + Sync,
{
    let workers = match workers {
        0 => num_cpus::get().max(1),
        n => n,
    };
    let mut outcomes: Vec<Item<R>> = items.iter().map(|_| Item::skipped()).collect();
    let next = AtomicUsize::new(0);
    let start = Instant::now();
    thread::scope(|scope| {
        let (sender, outcomes_in) = mpsc::channel();
        let (next, work) = (&next, &work);
        for _ in 0..workers.min(items.len()) {
            let sender = sender.clone();
            scope.spawn(move || {
                // No new item once the run is cancelled; the running ones see it in their budget.
                while !cancel.is_cancelled() {
                    let index = next.fetch_add(1, Ordering::SeqCst);
                    let Some(item) = items.get(index) else { break };
                    let outcome = run_one(item, deadline, cancel, work);
                    if sender.send((index, outcome)).is_err() {
                        break;
                    }
                }
            });
        }
        // The loop below ends when every worker has ended and dropped its sender.
        drop(sender);
        for (index, outcome) in outcomes_in {
            on_outcome(index, &outcome);
            outcomes[index] = outcome;
        }
    });
    let interrupted = outcomes
        .iter()
        .any(|item| matches!(item.outcome, Outcome::Cancelled | Outcome::Skipped));
    Batch {
        items: outcomes,
        workers,
        elapsed: start.elapsed(),
        interrupted,
    }
}
// ANCHOR_END: run

impl<R> Item<R> {
    /// An item that never started.
    fn skipped() -> Item<R> {
        Item {
            outcome: Outcome::Skipped,
            took: None,
        }
    }
}

// ANCHOR: run_one
/// Runs one item within its budget and turns whatever happens into an [`Item`].
fn run_one<T, R>(
    item: &T,
    deadline: Duration,
    cancel: &Cancel,
    work: &impl Fn(&T, &Budget) -> anyhow::Result<R>,
) -> Item<R> {
    let budget = Budget::new(cancel, deadline);
    let start = Instant::now();
    // A panic in one item is that item's failure, not the worker's end (lesson 4).
    let result = panic::catch_unwind(AssertUnwindSafe(|| work(item, &budget)));
    let took = Some(start.elapsed());
    let outcome = match (result, budget.stopped()) {
        (Ok(Ok(value)), _) => Outcome::Done(value),
        // The work gave up because its budget said stop: that is why, whatever the error says.
        (Ok(Err(_)), Some(Stop::Deadline)) => Outcome::TimedOut,
        (Ok(Err(_)), Some(Stop::Cancelled)) => Outcome::Cancelled,
        (Ok(Err(error)), None) => Outcome::Failed(TaskError::Failed(format!("{error:#}"))),
        (Err(payload), _) => Outcome::Failed(TaskError::Panicked(panic_message(payload))),
    };
    Item { outcome, took }
}
// ANCHOR_END: run_one

/// A panic's message: its text when it is a `&str` or a `String`, else "unknown panic".
fn panic_message(payload: Box<dyn Any + Send>) -> String {
    crate::watchdog::payload_text(payload.as_ref())
        .unwrap_or("unknown panic")
        .to_string()
}
