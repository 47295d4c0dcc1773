//! Checks for exercise e05: `pipeline` joins a producer, `workers` workers and the caller's
//! `sink` with bounded channels.
//!
//! The check's source counts every item *taken* (returned by `next()`) and its sink every item
//! *given*, and the check records the most items ever taken and not yet given. The sink is
//! slow on purpose: its first calls wait until the source has stopped advancing, so a design
//! with an unbounded channel lets the source run ahead and shows its excess every run, while a
//! bounded one just waits. Each call of `work` is a task the check watches: the first
//! `workers` calls must meet (all in flight together) and are held a moment, so one call too
//! many shows. The source also records which threads call `next()`, the sink which thread it
//! runs on. For panics, `work` panics on one item of an endless source: `pipeline` must stop
//! taking items, panic itself, and never hang.

#[cfg_attr(feature = "solutions", path = "../solutions/e05_pipeline.rs")]
#[cfg_attr(not(feature = "solutions"), path = "../exercises/e05_pipeline.rs")]
mod exercise;

use exercise::pipeline;
use parlings::backpressure::{Flow, Item, Res};
use parlings::observer::{Observer, pool_size};
use parlings::probe::ThreadSet;
use parlings::verdict::Check;
use parlings::watchdog;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::time::Duration;

const ID: &str = "e05";
/// What the check calls the task it watches.
const NOUN: &str = "`work`";
const LIKELY: &[&str] = &[
    "after `work` panicked, the producer blocked on a full channel whose receiver is still \
     alive (kept by the caller, or by a worker that died holding it): nobody will read it again",
    "the caller waiting for results while it still holds a sender of the results channel",
];

/// How long a panic check waits for `pipeline`: a correct one returns in well under a second;
/// a draining one is stopped by the check's source within about two.
const PANIC_LIMIT: Duration = Duration::from_secs(6);

/// Runs `pipeline` over `n` items with a slow sink and checks all the spec names but panics.
fn check_pipeline(n: usize, workers: usize, capacity: usize) {
    let crew = pool_size(workers);
    let bound = 2 * capacity + crew + 2;
    let observer = Observer::new(crew.min(n));
    let call = format!(
        "pipeline({n} items, workers = {workers}, capacity = {capacity}) on {} cores",
        num_cpus::get()
    );
    let check = Check::new(ID, call).with_timeline(observer.timeline());
    let flow = Flow::new(Some(n), bound);

    let count = {
        let (flow, observer) = (Arc::clone(&flow), Arc::clone(&observer));
        watchdog::within(&check, LIKELY, move || {
            let sink_flow = Arc::clone(&flow);
            pipeline(
                flow.source(),
                workers,
                capacity,
                move |item: Item| observer.task(item.0, || Res(item.0)),
                move |res: Res| sink_flow.give(res.0),
            )
        })
    };

    let keys: Vec<usize> = (0..n).collect();
    ensure_zero_means_one_per_core(&check, workers, n, observer.keys().len());
    observer.ensure_each_once(&check, NOUN, &keys);
    ensure_each_given_once(&check, &flow, n);
    check.ensure(
        count == n,
        format!("the number of results given to `sink` returned: {n}"),
        format!("{count} returned, though `sink` was called {n} times"),
    );
    ensure_one_producer_of_its_own(&check, &flow, observer.threads());
    ensure_sink_on_caller(&check, &flow);
    observer.ensure_peak(&check, NOUN, crew.min(n));
    observer.ensure_threads_at_most(&check, NOUN, crew);
    ensure_bounded(&check, &flow);
}

/// Fails unless `sink` was given each item's result exactly once.
fn ensure_each_given_once(check: &Check, flow: &Flow, n: usize) {
    let mut got = flow.given_keys();
    got.sort_unstable();
    if got.iter().copied().eq(0..n) {
        return;
    }
    let twice = got.windows(2).find(|w| w[0] == w[1]).map(|w| w[0]);
    let never = (0..n).find(|k| got.binary_search(k).is_err());
    let what = match (twice, never) {
        (Some(k), _) => format!("item {k}'s result was given more than once"),
        (None, Some(k)) => format!("item {k}'s result was never given"),
        (None, None) => "results of items that do not exist were given".to_string(),
    };
    check.fail(
        format!("`sink` called once with each of the {n} results"),
        format!("{} calls: {what}", got.len()),
    )
}

/// Fails unless one thread, neither the caller nor a worker, called `next()`.
fn ensure_one_producer_of_its_own(check: &Check, flow: &Flow, workers: &ThreadSet) {
    let expected = "one producer thread of its own calls `next()` on `source`: neither the \
                    calling thread (it runs `sink`) nor a worker";
    if flow.producer_on_caller() {
        check.fail(
            expected,
            "the calling thread called `next()`: it took items itself instead of leaving \
             that to a producer thread",
        )
    }
    let producers = flow.producers();
    if producers.iter().any(|&id| workers.contains(id)) {
        check.fail(
            expected,
            "a thread that ran `work` also called `next()`: workers pulling items from a \
             shared iterator (`par_bridge`?). Give `source` to one producer thread that sends \
             each item into the bounded channel",
        )
    }
    check.ensure(
        producers.len() <= 1,
        expected,
        format!("{} different threads called `next()`", producers.len()),
    );
}

/// Fails unless every call of `sink` ran on the calling thread.
fn ensure_sink_on_caller(check: &Check, flow: &Flow) {
    check.ensure(
        !flow.sink_off_caller(),
        "`sink` run on the calling thread, as results arrive",
        "`sink` ran on another thread: the calling thread must receive the results and call \
         `sink` itself",
    );
}

/// Fails if more than `2 * capacity + workers + 2` items were ever taken and not given.
fn ensure_bounded(check: &Check, flow: &Flow) {
    let bound = flow.bound();
    let most = flow.max_excess();
    check.ensure(
        most <= bound,
        format!(
            "at most 2 × capacity + workers + 2 = {bound} items taken from `source` and not \
             yet given to `sink`, however slow `sink` is"
        ),
        format!(
            "{most} taken and not yet given at once while `sink` was slow: the source ran ahead. An unbounded channel? \
             With both channels bounded to `capacity`, a full channel makes the stage before \
             it wait"
        ),
    );
}

/// With `workers == 0` and not a single call, names the likely cause.
fn ensure_zero_means_one_per_core(check: &Check, workers: usize, items: usize, calls: usize) {
    check.ensure(
        workers != 0 || items == 0 || calls > 0,
        format!(
            "{NOUN} called on all {items} items: workers = 0 means one per core (num_cpus::get())"
        ),
        format!("{NOUN} was never called: workers = 0 taken literally, so no worker started?"),
    );
}

/// Items enough to fill the pipeline three times over: an unbounded one shows it every run.
fn enough(workers: usize, capacity: usize) -> usize {
    3 * (2 * capacity + pool_size(workers) + 2)
}

#[test]
fn two_workers_bounded_channels() {
    check_pipeline(enough(2, 2), 2, 2);
}

#[test]
fn more_workers_than_cores() {
    let workers = 2 * num_cpus::get() + 1;
    check_pipeline(enough(workers, 1), workers, 1);
}

#[test]
fn zero_workers_means_one_per_core() {
    check_pipeline(enough(0, 3), 0, 3);
}

#[test]
fn one_worker() {
    check_pipeline(enough(1, 1), 1, 1);
}

#[test]
fn an_empty_source_gives_nothing() {
    check_pipeline(0, 2, 1);
}

/// How `pipeline` ended in a panic check.
enum Outcome {
    Returned(usize),
    Panicked,
}

/// What `work` panics with in the one-worker check: not a string, since any payload goes.
#[derive(Debug)]
struct WorkFailed;

/// Runs `pipeline` where `work` panics on item `fail_at` and checks that the panic comes out,
/// the source stops being drained, and nothing hangs; `None` is an endless source.
fn check_panic(n: Option<usize>, workers: usize, capacity: usize, fail_at: usize) {
    let bound = 2 * capacity + pool_size(workers) + 2;
    let items = n.map_or("an endless source".to_string(), |n| format!("{n} items"));
    let call = format!(
        "pipeline({items}, workers = {workers}, capacity = {capacity}) where `work` panics \
         on item {fail_at}, on {} cores",
        num_cpus::get()
    );
    let check = Check::new(ID, call);
    let flow = Flow::new(n, bound);

    let outcome = {
        let flow = Arc::clone(&flow);
        watchdog::within_for(&check, PANIC_LIMIT, LIKELY, move || {
            let (work_flow, sink_flow) = (Arc::clone(&flow), Arc::clone(&flow));
            let work = move |item: Item| {
                if item.0 == fail_at {
                    let _mark = work_flow.panic_mark();
                    if workers == 1 {
                        panic::panic_any(WorkFailed);
                    }
                    panic!("work failed on item {fail_at}");
                }
                Res(item.0)
            };
            let run = panic::catch_unwind(AssertUnwindSafe(|| {
                pipeline(flow.source(), workers, capacity, work, move |res: Res| {
                    sink_flow.give(res.0)
                })
            }));
            match run {
                Ok(count) => Outcome::Returned(count),
                // Not the panic of `work` (a `todo!()`, an `unwrap`…): the watchdog explains it.
                Err(payload) if flow.taken_after_panic().is_none() => panic::resume_unwind(payload),
                Err(_) => Outcome::Panicked,
            }
        })
    };
    ensure_panic_handled(&check, &flow, outcome, fail_at);
}

/// Fails unless `pipeline` panicked and stopped taking items after `work` panicked.
fn ensure_panic_handled(check: &Check, flow: &Flow, outcome: Outcome, fail_at: usize) {
    let Some(after) = flow.taken_after_panic() else {
        check.fail(
            format!("`work` called on every item, item {fail_at} among them"),
            format!(
                "only {} items were taken and item {fail_at} never reached `work`",
                flow.taken()
            ),
        )
    };
    let drained = flow.drained();
    match outcome {
        Outcome::Returned(count) => check.fail(
            "`pipeline` panics when `work` panics (once its threads are joined)",
            format!(
                "it returned {count}: the panic was swallowed{}",
                if drained {
                    format!(
                        ", and `source` kept being drained ({after} more items taken after \
                         the panic; the source is endless, so the check ended it)"
                    )
                } else {
                    String::new()
                }
            ),
        ),
        Outcome::Panicked if drained => check.fail(
            "after `work` panics, `pipeline` stops taking items from `source`, joins its \
             threads and panics",
            format!(
                "{after} more items were taken after the panic, and more would have followed: \
                 the producer kept draining `source` (endless here; the check ended it). Stop \
                 the producer, e.g. with a flag it checks before each `next()`"
            ),
        ),
        Outcome::Panicked => {}
    }
}

#[test]
fn a_panic_in_work_reaches_the_caller() {
    check_panic(Some(20), 2, 2, 5);
}

#[test]
fn after_a_panic_no_more_items_are_taken() {
    check_panic(None, 2 * num_cpus::get() + 1, 2, 7);
}

#[test]
fn a_panic_with_one_worker_does_not_hang() {
    check_panic(None, 1, 1, 2);
}
