//! Checks for exercise e07: `map_with_deadline` cancels at the deadline, starts nothing after
//! it, waits for the tasks it cancelled, and keeps only the results that came in time.
//!
//! Two kinds of task: a *quick* one returns at once; a *stubborn* one polls its `Cancel` every
//! few ms and stops only when told to, then takes a moment to tidy up, so a call that returns
//! without waiting for it is caught every run. Stubborn tasks hold their workers until the
//! deadline, which is what shows `workers` tasks in flight. A batch of quick tasks goes through
//! a wave (met, held, released in reverse order) like e02's calls, well before its deadline.
//! Only the deadline itself is measured with the clock, and with generous margins.

#[cfg_attr(feature = "solutions", path = "../solutions/e07_deadline.rs")]
#[cfg_attr(not(feature = "solutions"), path = "../exercises/e07_deadline.rs")]
mod exercise;
#[path = "e07_deadline/tasks.rs"]
mod tasks;

use exercise::map_with_deadline;
use parlings::Cancel;
use parlings::observer::{self, Observer};
use parlings::verdict::Check;
use parlings::watchdog;
use parlings::wave::Wave;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tasks::Task::{Brief, Quick, Stubborn};
use tasks::{Item, Task, Watch};

const ID: &str = "e07";
/// The deadline of a batch with stubborn tasks.
const DEADLINE: Duration = Duration::from_millis(1000);
/// The deadline of a batch of quick tasks: after their wave (which gives up after 3 s).
const IN_TIME: Duration = Duration::from_secs(4);
/// How long after the deadline the call may take to return.
const GRACE: Duration = Duration::from_secs(2);
const LIKELY: &[&str] = &[
    "no deadline: stubborn tasks stop only when their `Cancel` says so, and it never did",
    "a task started after the deadline with a token that nobody cancels",
    "a watcher thread that sleeps until the deadline but is joined before it can cancel",
];

/// Runs `map_with_deadline` over one task per entry of `plan` and checks all the spec names.
fn check_deadline(plan: Vec<Task>, workers: usize, deadline: Duration) {
    let n = plan.len();
    let pool_size = observer::pool_size(workers);
    let peak = pool_size.min(n);
    let stubborn = plan.contains(&Stubborn);
    // Stubborn tasks are held by the deadline itself; quick ones meet in a wave.
    let observer = Observer::with_wave(Wave::new(if stubborn { 0 } else { peak }));
    let call = format!(
        "map_with_deadline({n} items, workers = {workers}, deadline = {} ms) on {} cores",
        deadline.as_millis(),
        num_cpus::get()
    );
    let check = Check::new(ID, call).with_timeline(observer.timeline());
    let watch = Watch::new(&observer);

    let (got, running_at_return, start, end) = {
        let (watch, plan) = (Arc::clone(&watch), plan.clone());
        let items: Vec<Item> = (0..n).map(Item).collect();
        watchdog::within_for(&check, deadline + GRACE, LIKELY, move || {
            let f = {
                let watch = Arc::clone(&watch);
                move |item: Item, cancel: &Cancel| watch.run(item.0, plan[item.0], cancel)
            };
            let start = Instant::now();
            let got = map_with_deadline(items, workers, deadline, f);
            let (end, running) = (Instant::now(), watch.call_returned());
            (got, running, start, end)
        })
    };

    watch.ensure_none_left(&check, running_at_return);
    watch.ensure_timing(&check, start, end, deadline);
    let keys = observer.keys();
    if !stubborn {
        observer.ensure_each_once(&check, "`f`", &(0..n).collect::<Vec<_>>());
    } else if let Some(twice) = (0..n).find(|k| keys.iter().filter(|&x| x == k).count() > 1) {
        check.fail(
            "each item's task started at most once",
            format!("item {twice} was started more than once"),
        );
    }
    watch.ensure_results(&check, &plan, start + deadline, &got);
    // With the stubborn tasks last (and enough of them), every worker ends up held by one
    // until the deadline, whatever order the solution picks tasks in; otherwise, at most.
    let held = watch.stubborn_started(&plan);
    let enough = plan.iter().filter(|&&t| t == Stubborn).count() >= peak;
    let settles = enough
        && plan
            .iter()
            .skip_while(|&&t| t != Stubborn)
            .all(|&t| t == Stubborn);
    let mixed = stubborn && plan.iter().any(|&t| t != Stubborn);
    if mixed && !settles {
        check.ensure(
            observer.peak() <= peak,
            format!("at most {peak} calls of `f` in flight"),
            format!(
                "{} calls at once: more than the {peak} allowed",
                observer.peak()
            ),
        );
    } else if mixed && held < peak {
        check.fail(
            format!("{peak} tasks in flight at the deadline: the workers take the tasks left"),
            format!(
                "{held} at the deadline: a worker that finished its own share of the items \
                 sat idle while tasks remained (fixed chunks?): let every worker take the next \
                 task from one shared queue"
            ),
        );
    } else {
        // Stubborn tasks hold every worker until the deadline; quick ones meet in the wave.
        observer.ensure_peak(&check, "`f`", peak);
    }
}

/// Runs several checks at the same time (each waits for a deadline), failing as the first did.
fn all_at_once(cases: Vec<(Vec<Task>, usize)>) {
    let failures: Vec<_> = std::thread::scope(|s| {
        let runs: Vec<_> = cases
            .into_iter()
            .map(|(plan, workers)| s.spawn(move || check_deadline(plan, workers, DEADLINE)))
            .collect();
        runs.into_iter()
            .filter_map(|run| run.join().err())
            .collect()
    });
    if let Some(failure) = failures.into_iter().next() {
        std::panic::resume_unwind(failure);
    }
}

#[test]
fn tasks_done_in_time_give_their_results_in_input_order() {
    check_deadline(vec![Quick; 7], 2, IN_TIME);
}

#[test]
fn no_items_return_at_once() {
    check_deadline(Vec::new(), 3, 2 * DEADLINE);
}

/// Two workers, more than the cores, and 0 (one per core), each with items left over; and more
/// workers than items, where every item starts at once.
#[test]
fn the_deadline_cancels_the_running_tasks_and_starts_no_more() {
    let (cores, above) = (num_cpus::get(), 2 * num_cpus::get() + 1);
    all_at_once(vec![
        (vec![Stubborn; 5], 2),
        (vec![Stubborn; above + 3], above),
        (vec![Stubborn; cores + 2], 0),
        (vec![Stubborn; 3], 3 + above),
    ]);
}

#[test]
fn a_worker_that_is_done_takes_the_next_task() {
    let mut plan = vec![Brief; 4];
    plan.extend([Stubborn; 4]);
    check_deadline(plan, 2, DEADLINE);
}

#[test]
fn results_before_the_deadline_are_kept_and_later_ones_are_not() {
    let pattern = [Quick, Quick, Stubborn, Quick, Stubborn, Quick, Quick];
    check_deadline(
        pattern.iter().copied().cycle().take(14).collect(),
        3,
        DEADLINE,
    );
}
