//! Checks for exercise e02: `parallel_map` runs on a pool of exactly `workers` threads.
//!
//! Each call of `f` is a task the check watches: the first `min(workers, items)` calls must
//! meet (all in flight together) and are held a moment, so one call too many shows; then they
//! finish in reverse order, so results kept in finishing order show. Items are not `Clone`,
//! so each can be handed to `f` only once.

#[cfg_attr(feature = "solutions", path = "../solutions/e02_pool_map.rs")]
#[cfg_attr(not(feature = "solutions"), path = "../exercises/e02_pool_map.rs")]
mod exercise;

use exercise::{default_workers, parallel_map};
use parlings::observer::{self, Observer};
use parlings::verdict::Check;
use parlings::watchdog;
use std::sync::Arc;

const ID: &str = "e02";
const LIKELY: &[&str] = &["results awaited from a channel that no worker will ever send on"];

/// An item the pool must hand to `f` by value, exactly once: it cannot be cloned.
#[derive(Debug)]
struct Item(usize);

fn result_of(key: usize) -> String {
    format!("result of item {key}")
}

/// Runs `parallel_map` over `n` items with `workers` and checks all the spec names.
fn check_parallel_map(n: usize, workers: usize) {
    let pool_size = observer::pool_size(workers);
    let peak = pool_size.min(n);
    let observer = Observer::for_batch(peak, n);
    let call = format!(
        "parallel_map({n} items, workers = {workers}) on {} cores",
        num_cpus::get()
    );
    let check = Check::new(ID, call).with_timeline(observer.timeline());

    let got = {
        let observer = Arc::clone(&observer);
        let items: Vec<Item> = (0..n).map(Item).collect();
        watchdog::within(&check, LIKELY, move || {
            parallel_map(items, workers, move |item: Item| {
                observer.task(item.0, || result_of(item.0))
            })
        })
    };

    let keys: Vec<usize> = (0..n).collect();
    observer.ensure_each_once(&check, "`f`", &keys);
    let expected: Vec<String> = keys.iter().map(|&k| result_of(k)).collect();
    check.ensure_items("results, in the order of `items`", &expected, &got);
    observer.ensure_peak(&check, "`f`", peak);
    observer.ensure_threads_at_most(&check, "`f`", pool_size);
}

#[test]
fn default_workers_asks_the_machine() {
    let check = Check::new(ID, "default_workers()");
    let said = watchdog::within(&check, &[], default_workers);
    let cores = num_cpus::get();
    check.ensure(
        said == cores,
        format!("num_cpus::get() workers: {cores} on this machine"),
        format!("{said}: a count typed in rather than asked of the machine?"),
    );
    // The same question asked on threads allowed fewer CPUs must get a different answer.
    for (allowed, cores, said) in pinned_answers() {
        check.ensure(
            said == cores,
            format!("on a thread allowed {allowed} CPU(s), num_cpus::get() = {cores} workers"),
            format!(
                "{said}: a count typed in, or asked once and kept? Ask num_cpus::get() on \
                 every call"
            ),
        );
    }
}

/// (CPUs allowed, num_cpus::get(), default_workers()) on threads pinned to 1, 2, … CPUs.
#[cfg(target_os = "linux")]
fn pinned_answers() -> Vec<(usize, usize, usize)> {
    // SAFETY: sysconf only reads a system value.
    let online = unsafe { libc::sysconf(libc::_SC_NPROCESSORS_ONLN) }.clamp(1, 64) as usize;
    let ask = |allowed: usize| {
        std::thread::spawn(move || {
            // SAFETY: a zeroed cpu_set_t is a valid empty set; CPU_SET stays within it
            // (allowed <= 64); sched_setaffinity(0, ..) pins only this new thread.
            let pinned = unsafe {
                let mut set: libc::cpu_set_t = std::mem::zeroed();
                (0..allowed).for_each(|cpu| libc::CPU_SET(cpu, &mut set));
                libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) == 0
            };
            pinned.then(|| (allowed, num_cpus::get(), default_workers()))
        })
        .join()
        .ok()
        .flatten()
    };
    (1..=online).filter_map(ask).collect()
}

#[cfg(not(target_os = "linux"))]
fn pinned_answers() -> Vec<(usize, usize, usize)> {
    Vec::new()
}

#[test]
fn zero_workers_means_one_per_core() {
    check_parallel_map(2 * num_cpus::get() + 1, 0);
}

#[test]
fn more_workers_than_cores() {
    let workers = 2 * num_cpus::get() + 1;
    check_parallel_map(3 * workers, workers);
}

#[test]
fn two_workers() {
    check_parallel_map(7, 2);
}

#[test]
fn one_worker_runs_one_item_at_a_time() {
    check_parallel_map(5, 1);
}

#[test]
fn more_workers_than_items() {
    check_parallel_map(4, 4 + num_cpus::get() + 2);
}

#[test]
fn no_items_no_calls() {
    check_parallel_map(0, 3);
}
