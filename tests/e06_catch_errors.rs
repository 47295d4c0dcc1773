//! Checks for exercise e06: `map_catching` turns errors and panics into results, and the batch
//! goes on.
//!
//! Each call of `f` is a task the check watches: the first `min(workers, items)` calls must
//! meet (all in flight together) and are held a moment, so one call too many shows; then they
//! finish in reverse order, so results kept in finishing order show. Items return `Ok`, return
//! `Err`, or panic with a `&str`, a `String` or a non-text payload, each after it was counted,
//! so panics happen in the middle of the batch and among the calls in flight. The check never
//! assumes two given items run on different workers (chunks put neighbours on one thread).

#[cfg_attr(feature = "solutions", path = "../solutions/e06_catch_errors.rs")]
#[cfg_attr(not(feature = "solutions"), path = "../exercises/e06_catch_errors.rs")]
mod exercise;

use exercise::map_catching;
use parlings::TaskError;
use parlings::observer::{self, Observer};
use parlings::verdict::{Check, short_debug};
use parlings::watchdog::{self, payload_text};
use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Once};

const ID: &str = "e06";
const LIKELY: &[&str] = &[
    "a worker thread that panicked, so its item's result never arrives: catch the panic on \
     the worker (std::panic::catch_unwind), do not let it end the thread",
];
/// Every panic this check plants starts with this, so the check can keep them quiet.
const PLANTED: &str = "boom";
/// The non-text payload the check plants: `std::panic::panic_any(42)`.
const NUMBER: i32 = 42;

type Outcome = Result<String, TaskError<String>>;

/// An item `f` must receive by value, exactly once: it cannot be cloned.
#[derive(Debug)]
struct Item(usize);

/// What `f` does with an item.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Does {
    Succeed,
    Fail,
    PanicStr,
    PanicString,
    PanicNumber,
}
use Does::*;

/// A mix that puts every kind of failure among the first calls and throughout the batch.
const MIX: [Does; 7] = [
    Succeed,
    PanicString,
    Fail,
    PanicStr,
    Succeed,
    PanicNumber,
    Fail,
];

/// `f` for this check: does what the plan says for item `key`.
fn behave(does: Does, key: usize) -> Result<String, String> {
    match does {
        Succeed => Ok(format!("result of item {key}")),
        Fail => Err(format!("error of item {key}")),
        PanicStr => panic!("boom: a &str payload"),
        PanicString => panic!("boom at item {key}: a String payload"),
        PanicNumber => panic::panic_any(NUMBER),
    }
}

/// The result `map_catching` must give for item `key`.
fn expected(does: Does, key: usize) -> Outcome {
    match does {
        Succeed => Ok(format!("result of item {key}")),
        Fail => Err(TaskError::Failed(format!("error of item {key}"))),
        PanicStr => Err(TaskError::Panicked("boom: a &str payload".into())),
        PanicString => Err(TaskError::Panicked(format!(
            "boom at item {key}: a String payload"
        ))),
        PanicNumber => Err(TaskError::Panicked("unknown panic".into())),
    }
}

/// Keeps the panics this check plants out of the output; every other panic is reported.
fn quiet_planted_panics() {
    static QUIET: Once = Once::new();
    QUIET.call_once(|| {
        let report = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let payload = info.payload();
            let planted = payload.downcast_ref::<i32>() == Some(&NUMBER)
                || payload_text(payload).is_some_and(|text| text.starts_with(PLANTED));
            if !planted {
                report(info);
            }
        }));
    });
}

/// Runs `map_catching` over one item per entry of `plan` and checks all the spec names.
fn check_map_catching(plan: Vec<Does>, workers: usize) {
    quiet_planted_panics();
    let n = plan.len();
    let pool_size = observer::pool_size(workers);
    let peak = pool_size.min(n);
    let observer = Observer::for_batch(peak, n);
    let call = format!(
        "map_catching({n} items, workers = {workers}) on {} cores",
        num_cpus::get()
    );
    let check = Check::new(ID, call).with_timeline(observer.timeline());

    let outcome = {
        let (observer, plan) = (Arc::clone(&observer), plan.clone());
        let items: Vec<Item> = (0..n).map(Item).collect();
        watchdog::within(&check, LIKELY, move || {
            let f = move |item: Item| observer.task(item.0, || behave(plan[item.0], item.0));
            panic::catch_unwind(AssertUnwindSafe(|| map_catching(items, workers, f)))
                .map_err(escaped)
        })
    };
    let got = outcome.unwrap_or_else(|what| {
        check.fail(
            "every panic of `f` caught on its worker and returned as \
             Err(TaskError::Panicked(message)), while the other items go on",
            format!("map_catching itself panicked ({what}): one panicking item sank the batch"),
        )
    });

    // One result per item: what each says shows the fault best. Fewer: which items never ran.
    let keys: Vec<usize> = (0..n).collect();
    let want: Vec<Outcome> = plan.iter().zip(0..).map(|(&d, k)| expected(d, k)).collect();
    if got.len() == n {
        ensure_outcomes(&check, &want, &got);
    }
    observer.ensure_each_once(&check, "`f`", &keys);
    ensure_outcomes(&check, &want, &got);
    observer.ensure_peak(&check, "`f`", peak);
}

/// Describes a panic that escaped `map_catching`; lets a `todo!()` through to the watchdog,
/// which says the exercise is not started yet.
fn escaped(payload: Box<dyn Any + Send>) -> String {
    match payload_text(payload.as_ref()) {
        Some(text) if text.starts_with("not yet implemented") => panic::resume_unwind(payload),
        Some(text) => format!("with {text:?}"),
        None => "with a non-text payload".to_string(),
    }
}

/// Fails unless `got` is `want`, saying what the first wrong result tells about the code.
fn ensure_outcomes(check: &Check, want: &[Outcome], got: &[Outcome]) {
    let what = "one result per item, in the order of `items`";
    let Some(at) = want.iter().zip(got).position(|(w, g)| w != g) else {
        return check.ensure_items(what, want, got);
    };
    let mut sorted_want: Vec<String> = want.iter().map(|o| format!("{o:?}")).collect();
    let mut sorted_got: Vec<String> = got.iter().map(|o| format!("{o:?}")).collect();
    sorted_want.sort();
    sorted_got.sort();
    if sorted_want == sorted_got {
        return check.ensure_items(what, want, got); // says "in another order"
    }
    let why = match (&want[at], &got[at]) {
        (Err(TaskError::Failed(_)), Err(TaskError::Panicked(_))) => {
            "an `Err` that `f` returned was reported as a panic: `Err(e)` becomes \
             `TaskError::Failed(e)` (no `unwrap` on `f`'s result)"
        }
        (Err(TaskError::Panicked(w)), Err(TaskError::Panicked(_))) if w == "unknown panic" => {
            "this panic's payload is not text (`std::panic::panic_any(42)`): its message is \
             exactly \"unknown panic\""
        }
        (Err(TaskError::Panicked(_)), Err(TaskError::Panicked(g))) if g == "unknown panic" => {
            "this panic's payload is text: read it with `downcast_ref::<&str>()` and \
             `downcast_ref::<String>()` (`panic!(\"item {i}\")` carries a `String`)"
        }
        (Err(TaskError::Panicked(_)), Err(TaskError::Panicked(_))) => {
            "the message must be exactly the panic's text, nothing added or lost"
        }
        (Err(TaskError::Panicked(_)), _) => "this item panicked, and the panic was not reported",
        (Ok(_), Err(TaskError::Panicked(_))) => {
            "an item that succeeded was reported as a panic: one `catch_unwind` around the \
             whole batch instead of around each call of `f`?"
        }
        (Ok(_), Err(_)) | (Err(_), Ok(_)) => "a result that belongs to another item?",
        _ => "a result that belongs to another item, or an error changed on its way?",
    };
    check.fail(
        format!("{what}; at position {at}: {}", short_debug(&want[at])),
        format!("at position {at}: {}\n{why}", short_debug(&got[at])),
    )
}

/// The plan of `n` items cycling through [`MIX`].
fn mixed(n: usize) -> Vec<Does> {
    MIX.iter().copied().cycle().take(n).collect()
}

#[test]
fn errors_and_panics_become_results_in_input_order() {
    check_map_catching(mixed(10), 2);
}

#[test]
fn more_workers_than_cores() {
    let workers = 2 * num_cpus::get() + 1;
    check_map_catching(mixed(3 * workers), workers);
}

#[test]
fn zero_workers_means_one_per_core() {
    check_map_catching(mixed(2 * num_cpus::get() + 3), 0);
}

/// One worker: every payload is read on the same thread, one after the other.
#[test]
fn every_kind_of_panic_payload_gives_its_message() {
    let kinds = [PanicStr, PanicString, PanicNumber];
    check_map_catching(kinds.iter().copied().cycle().take(9).collect(), 1);
}

/// One worker, so the failure is over before the next item could start.
#[test]
fn an_early_failure_does_not_stop_the_batch() {
    let mut plan = vec![Fail, PanicString];
    plan.extend([Succeed; 7]);
    check_map_catching(plan, 1);
}

#[test]
fn more_workers_than_items() {
    check_map_catching(mixed(4), 4 + num_cpus::get() + 2);
}

#[test]
fn no_items_no_calls() {
    check_map_catching(Vec::new(), 3);
}
