//! The tasks the e07 check hands to `map_with_deadline`, what it records of each, and the
//! verdicts drawn from those records once the call has returned.

use parlings::Cancel;
use parlings::observer::Observer;
use parlings::probe::InFlight;
use parlings::verdict::Check;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// How long a brief task takes.
const BRIEF: Duration = Duration::from_millis(20);
/// How often a stubborn task looks at its `Cancel`.
const POLL: Duration = Duration::from_millis(5);
/// How long a stubborn task takes to stop once cancelled.
const TIDY_UP: Duration = Duration::from_millis(250);
/// Around the deadline a task's result may go either way (the spec says "a few ms").
const EITHER_WAY: Duration = Duration::from_millis(300);
/// How long the call may take to return once its last task has returned.
const RETURN_SLACK: Duration = Duration::from_secs(1);

/// An item the pool must hand to `f` by value, exactly once: it cannot be cloned.
#[derive(Debug)]
pub struct Item(pub usize);

/// What a task does.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Task {
    /// Returns at once.
    Quick,
    /// Returns after a moment, long before the deadline (time for idle workers to steal work).
    Brief,
    /// Polls its `Cancel` until it says stop, then takes a moment to tidy up.
    Stubborn,
}

/// One task as seen from inside it.
#[derive(Debug, Clone)]
struct Record {
    key: usize,
    started: Instant,
    cancelled_at_start: bool,
    returned: Option<Instant>,
}

/// What the check sees of the tasks of one call.
#[derive(Debug)]
pub struct Watch {
    observer: Arc<Observer>,
    running: InFlight,
    records: Mutex<Vec<Record>>,
    first_cancel_seen: Mutex<Option<Instant>>,
    call_returned: AtomicBool,
    ended_after_return: AtomicUsize,
}

/// What the result of item `key` is.
pub fn result_of(key: usize) -> String {
    format!("result of item {key}")
}

impl Watch {
    /// Watches the tasks of one call, each also run through `observer`.
    pub fn new(observer: &Arc<Observer>) -> Arc<Watch> {
        Arc::new(Watch {
            observer: Arc::clone(observer),
            running: InFlight::new(),
            records: Mutex::new(Vec::new()),
            first_cancel_seen: Mutex::new(None),
            call_returned: AtomicBool::new(false),
            ended_after_return: AtomicUsize::new(0),
        })
    }

    /// True if `cancel` says stop; remembers when a task first saw it say so.
    fn cancelled(&self, cancel: &Cancel) -> bool {
        let said = cancel.is_cancelled();
        if said {
            self.first_cancel_seen
                .lock()
                .unwrap()
                .get_or_insert_with(Instant::now);
        }
        said
    }

    /// The body of every task: records it, then does what its kind does.
    pub fn run(&self, key: usize, task: Task, cancel: &Cancel) -> String {
        let _running = self.running.enter();
        let cancelled_at_start = self.cancelled(cancel);
        let at = {
            let mut records = self.records.lock().unwrap();
            let started = Instant::now();
            records.push(Record {
                key,
                started,
                cancelled_at_start,
                returned: None,
            });
            records.len() - 1
        };
        self.observer.task(key, || {
            match task {
                Task::Quick => {}
                Task::Brief => thread::sleep(BRIEF),
                Task::Stubborn => {
                    while !self.cancelled(cancel) {
                        thread::sleep(POLL);
                    }
                    thread::sleep(TIDY_UP);
                }
            }
            self.cancelled(cancel);
        });
        self.records.lock().unwrap()[at].returned = Some(Instant::now());
        if self.call_returned.load(Ordering::SeqCst) {
            self.ended_after_return.fetch_add(1, Ordering::SeqCst);
        }
        result_of(key)
    }

    /// Called by the caller the moment the call returns: how many tasks are still running.
    pub fn call_returned(&self) -> usize {
        let running = self.running.now();
        self.call_returned.store(true, Ordering::SeqCst);
        running
    }

    /// Fails unless every promise about time was kept by a call from `start` to `end`.
    pub fn ensure_timing(&self, check: &Check, start: Instant, end: Instant, deadline: Duration) {
        let records = self.records.lock().unwrap().clone();
        let ms = |at: Instant| at.saturating_duration_since(start).as_millis();
        let due = start + deadline;
        let last = records.iter().filter_map(|r| r.returned).max();
        // Returning before the deadline once every task is done is allowed, not required: the
        // call must only return promptly once the deadline has passed and its tasks are back.
        let settled = last.map_or(due, |last| last.max(due));
        let waited = end.saturating_duration_since(settled);
        check.ensure(
            waited <= RETURN_SLACK,
            "the call returns as soon as the tasks running at the deadline have returned",
            format!(
                "it returned {} ms after the deadline had passed and its last task had returned \
                 ({} ms after it began): is it waiting for a thread that is not a task?",
                waited.as_millis(),
                ms(end)
            ),
        );
        if let Some(seen) = *self.first_cancel_seen.lock().unwrap() {
            check.ensure(
                seen >= due,
                format!(
                    "no Cancel reports true before the deadline ({} ms)",
                    deadline.as_millis()
                ),
                format!(
                    "a task's Cancel reported true {} ms after the call began: cancel only when \
                     the deadline has passed (not when the queue is empty or a task is done)",
                    ms(seen)
                ),
            );
        }
        let late: Vec<&Record> = records
            .iter()
            .filter(|r| r.cancelled_at_start || r.started > due + EITHER_WAY)
            .collect();
        if let Some(first) = late.first() {
            check.fail(
                "no task started after the deadline",
                format!(
                    "{} task(s) started after the deadline, e.g. item {} at {} ms (deadline at \
                     {} ms), its Cancel already saying stop: check the token (or the clock) \
                     before taking the next item",
                    late.len(),
                    first.key,
                    ms(first.started),
                    deadline.as_millis()
                ),
            );
        }
    }

    /// How many stubborn tasks were started (each holds its worker until the deadline).
    pub fn stubborn_started(&self, plan: &[Task]) -> usize {
        let records = self.records.lock().unwrap();
        records
            .iter()
            .filter(|r| plan[r.key] == Task::Stubborn)
            .count()
    }

    /// Fails if a task ended after the call returned, e.g. on a thread the call did not wait for.
    pub fn ensure_none_left(&self, check: &Check, running_at_return: usize) {
        let left = running_at_return.max(self.ended_after_return.load(Ordering::SeqCst));
        check.ensure(
            left == 0,
            "no task still running when the call returns: it waits for the tasks it cancelled",
            format!(
                "{left} task(s) were still running when map_with_deadline returned: it must \
                 wait for every task it started (a thread cannot be killed, only asked to stop)"
            ),
        );
    }

    /// Fails unless each result is `Some` exactly for the tasks that returned before `due`.
    pub fn ensure_results(
        &self,
        check: &Check,
        plan: &[Task],
        due: Instant,
        got: &[Option<String>],
    ) {
        check.ensure(
            got.len() == plan.len(),
            format!("{} results, one per item", plan.len()),
            format!("{} results", got.len()),
        );
        let records = self.records.lock().unwrap().clone();
        for (key, (&task, result)) in plan.iter().zip(got).enumerate() {
            let returned = records
                .iter()
                .find(|r| r.key == key)
                .and_then(|r| r.returned);
            let (want, why) = match (task, returned) {
                (_, None) => (None, "this item's task never ran, so it has no result"),
                (Task::Stubborn, Some(_)) => (
                    None,
                    "this task returned only after it was cancelled, after the deadline: a \
                     result that came after the deadline is None",
                ),
                (_, Some(at)) if at + EITHER_WAY < due => (
                    Some(result_of(key)),
                    "this task returned long before the deadline, so its result is kept, at \
                     its item's position",
                ),
                (Task::Quick, Some(at)) if at > due + EITHER_WAY => (
                    None,
                    "this task returned after the deadline: its result is None",
                ),
                (_, Some(_)) => continue, // around the deadline: either way
            };
            if *result != want {
                check.fail(
                    format!(
                        "one result per item, in the order of `items`; at position {key}: {want:?}"
                    ),
                    format!("at position {key}: {result:?}\n{why}"),
                );
            }
        }
    }
}
