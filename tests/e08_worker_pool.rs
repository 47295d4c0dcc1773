//! Checks for exercise e08: `WorkerPool` runs jobs on its own `workers` threads, survives
//! panicking jobs, refuses jobs once closed, and ends cleanly on `join` and on drop.
//!
//! Every job notes the thread it runs on and leaves a guard in that thread's locals, which
//! records the thread's exit a moment after the thread ends (see `parlings::thread_exit`), so
//! "when `join` returns every worker thread has exited" is seen without the clock. Jobs go
//! through a wave (met, held, released) where `workers` of them must be in flight; others wait
//! at a gate the check opens, so that jobs are still queued when `close` or a dropped handle
//! could lose them.

#[cfg_attr(feature = "solutions", path = "../solutions/e08_worker_pool.rs")]
#[cfg_attr(not(feature = "solutions"), path = "../exercises/e08_worker_pool.rs")]
mod exercise;
#[path = "e08_worker_pool/lab.rs"]
mod lab;

use exercise::WorkerPool;
use lab::{GATE, Lab, SLOW, accept, check_of, pool_size, result_of, wait_for, wait_for_panic};
use parlings::probe::Rendezvous;
use parlings::watchdog;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// How long the jobs submitted after the panics get to run before the pool is called shrunk.
const AFTER_PANICS: Duration = Duration::from_secs(4);
/// What a pool that lost its workers to panics did wrong.
const SHRUNK: &str = "the panics took worker threads down with them (catch each job's panic \
                      inside the worker's loop, so that the worker lives on)";
const LIKELY: &[&str] = &[
    "a job's panic ended its worker thread (no catch_unwind around the job), so the jobs \
     queued behind it never run",
    "`wait` waiting for a result that a panicked or dropped job will never send",
    "workers never told that the pool is closed (a sender never dropped, a flag never set, a \
     Condvar never notified), so `join` waits for them forever",
];

/// `3 * workers` jobs, waited, then `join`: on exactly `workers` threads of the pool's own.
fn check_jobs_and_threads(workers: usize) {
    let (w, n) = (pool_size(workers), 3 * pool_size(workers));
    let lab = Lab::new(w);
    let check = check_of(
        &lab,
        format!("WorkerPool::new({workers}), {n} jobs, join()"),
    );
    let got = {
        let (lab, check) = (Arc::clone(&lab), check.clone());
        watchdog::within(&check.clone(), LIKELY, move || {
            let pool = WorkerPool::new(workers);
            let handles: Vec<_> = (0..n)
                .map(|k| accept(&check, pool.submit(lab.job(k, Duration::ZERO))))
                .collect();
            let results: Vec<String> = (0..n)
                .zip(handles)
                .map(|(k, h)| wait_for(&check, h, &format!("job {k}")))
                .collect();
            pool.join();
            lab.ensure_exited(&check, "join()");
            results
        })
    };
    let keys: Vec<usize> = (0..n).collect();
    lab.ensure_not_on_caller(&check);
    lab.observer.ensure_each_once(&check, "`job`", &keys);
    let expected: Vec<String> = keys.iter().map(|&k| result_of(k)).collect();
    check.ensure_items("each handle's own result, by `wait()`", &expected, &got);
    lab.observer.ensure_peak(&check, "`job`", w);
    lab.observer.ensure_threads_at_most(&check, "`job`", w);
}

/// Jobs still queued when the pool is joined (or dropped) all run before it returns.
fn check_ending(workers: usize, by_drop: bool) {
    let (w, n) = (pool_size(workers), 3 * pool_size(workers));
    let how = if by_drop { "drop(pool)" } else { "join()" };
    let lab = Lab::new(w);
    let check = check_of(
        &lab,
        format!("WorkerPool::new({workers}), {n} jobs queued, {how}"),
    );
    {
        let (lab, check) = (Arc::clone(&lab), check.clone());
        watchdog::within(&check.clone(), LIKELY, move || {
            let pool = WorkerPool::new(workers);
            // The handles are kept (and never waited): only `join` or drop lets the jobs run.
            let _handles: Vec<_> = (0..n)
                .map(|k| accept(&check, pool.submit(lab.job(k, SLOW))))
                .collect();
            if by_drop {
                drop(pool);
            } else {
                pool.join();
            }
            let ran = lab.finished();
            check.ensure(
                ran == n,
                format!("all {n} queued jobs run before {how} returns"),
                format!(
                    "{how} returned when {ran} of the {n} jobs had run: it must let every \
                     queued job run first"
                ),
            );
            lab.ensure_exited(&check, how);
        })
    };
    lab.ensure_not_on_caller(&check);
    lab.observer.ensure_peak(&check, "`job`", w);
}

#[test]
fn jobs_run_on_the_pools_own_threads() {
    check_jobs_and_threads(2);
}

#[test]
fn more_workers_than_cores() {
    check_jobs_and_threads(2 * num_cpus::get() + 1);
}

#[test]
fn zero_workers_means_one_per_core() {
    check_jobs_and_threads(0);
}

#[test]
fn join_runs_the_queued_jobs_and_joins_the_threads() {
    check_ending(2, false);
}

#[test]
fn dropping_the_pool_does_what_join_does() {
    check_ending(2 * num_cpus::get() + 1, true);
}

#[test]
fn a_panicking_job_fails_only_its_own_handle() {
    let w = 3;
    let lab = Lab::new(w);
    let call = format!(
        "WorkerPool::new({w}), {w} jobs that panic, then {} more",
        2 * w
    );
    let check = check_of(&lab, call);
    {
        let (lab, check) = (Arc::clone(&lab), check.clone());
        watchdog::within(&check.clone(), LIKELY, move || {
            let pool = WorkerPool::new(w);
            let meet = Arc::new(Rendezvous::new(w, GATE));
            let panicking: Vec<_> = (0..w)
                .map(|k| accept(&check, pool.submit(lab.panicker(100 + k, &meet))))
                .collect();
            for (key, handle) in (100..).zip(panicking) {
                wait_for_panic(&check, handle, key);
            }
            let still =
                format!("after {w} jobs panicked, the pool still runs every job, {w} at once");
            let handles: Vec<_> = (0..2 * w)
                .map(|k| {
                    let refused = format!("submit returned Err(PoolClosed): {SHRUNK}");
                    let submitted = pool.submit(lab.job(k, Duration::ZERO));
                    submitted.unwrap_or_else(|_| check.fail(&still, refused))
                })
                .collect();
            let start = Instant::now();
            while lab.finished() < 2 * w && start.elapsed() < AFTER_PANICS {
                thread::sleep(Duration::from_millis(10));
            }
            let ran = lab.finished();
            check.ensure(
                ran == 2 * w,
                &still,
                format!(
                    "{ran} of the {} jobs submitted after the panics ran within {} s: {SHRUNK}",
                    2 * w,
                    AFTER_PANICS.as_secs()
                ),
            );
            for (k, handle) in (0..).zip(handles) {
                wait_for(&check, handle, &format!("job {k}"));
            }
            pool.join();
            lab.ensure_exited(&check, "join()");
        })
    };
    lab.ensure_not_on_caller(&check);
    lab.observer.ensure_peak(&check, "`job`", w);
    let used = lab.threads.len();
    check.ensure(
        used <= w,
        format!("every job on one of the {w} threads `new` started"),
        format!(
            "{used} different threads ran jobs: a worker replaced after a panic is a new thread \
             (catch the panic instead, and the worker lives on)"
        ),
    );
}

#[test]
fn a_free_worker_takes_the_next_job_while_another_is_busy() {
    let w = 2;
    let lab = Lab::new(0);
    let call = format!(
        "WorkerPool::new({w}), a job that waits until {} jobs queued after it have run",
        2 * w
    );
    let check = check_of(&lab, call);
    {
        let (lab, check) = (Arc::clone(&lab), check.clone());
        watchdog::within(&check.clone(), LIKELY, move || {
            let pool = WorkerPool::new(w);
            let gate = Arc::new(Rendezvous::new(2, GATE));
            let busy = accept(&check, pool.submit(lab.blocker(&gate)));
            let queued: Vec<_> = (0..2 * w)
                .map(|k| accept(&check, pool.submit(lab.job(k, Duration::ZERO))))
                .collect();
            for (k, handle) in (0..).zip(queued) {
                wait_for(&check, handle, &format!("job {k}"));
            }
            check.ensure(
                gate.wait(),
                format!(
                    "the {} queued jobs run by the free worker(s) while the first job holds \
                     its worker",
                    2 * w
                ),
                format!(
                    "a queued job waited for the busy worker ({} s) while another worker was \
                     free: were jobs dealt out to the workers in turn? Keep one queue that \
                     every free worker takes the next job from",
                    GATE.as_secs()
                ),
            );
            wait_for(&check, busy, "the first job");
            pool.join();
        })
    };
    lab.ensure_not_on_caller(&check);
}

#[test]
fn submit_after_close_is_refused_and_queued_jobs_still_run() {
    let w = 2;
    let lab = Lab::new(0);
    let call = format!(
        "WorkerPool::new({w}), {} jobs queued, close(), submit",
        2 * w
    );
    let check = check_of(&lab, call);
    {
        let (lab, check) = (Arc::clone(&lab), check.clone());
        watchdog::within(&check.clone(), LIKELY, move || {
            let pool = WorkerPool::new(w);
            let gate = Arc::new(Rendezvous::new(w + 1, GATE));
            let blockers: Vec<_> = (0..w)
                .map(|_| accept(&check, pool.submit(lab.blocker(&gate))))
                .collect();
            let queued: Vec<_> = (0..2 * w)
                .map(|k| accept(&check, pool.submit(lab.job(k, Duration::ZERO))))
                .collect();
            pool.close();
            let late = pool.submit(|| String::from("too late"));
            check.ensure(
                late.is_err(),
                "submit after close() to return Err(PoolClosed)",
                "Ok: a closed pool accepted a new job",
            );
            gate.wait();
            for (k, handle) in (0..).zip(queued) {
                wait_for(&check, handle, &format!("job {k}"));
            }
            for handle in blockers {
                wait_for(&check, handle, "a job held at the gate");
            }
            pool.join();
            lab.ensure_exited(&check, "join()");
        })
    };
    lab.ensure_not_on_caller(&check);
    lab.observer
        .ensure_each_once(&check, "`job`", &(0..2 * w).collect::<Vec<_>>());
}

#[test]
fn dropping_a_handle_does_not_cancel_its_job() {
    let w = 2;
    let lab = Lab::new(0);
    let call = format!(
        "WorkerPool::new({w}), {} jobs, their handles dropped",
        2 * w
    );
    let check = check_of(&lab, call);
    {
        let (lab, check) = (Arc::clone(&lab), check.clone());
        watchdog::within(&check.clone(), LIKELY, move || {
            let pool = WorkerPool::new(w);
            let gate = Arc::new(Rendezvous::new(w + 1, GATE));
            let blockers: Vec<_> = (0..w)
                .map(|_| accept(&check, pool.submit(lab.blocker(&gate))))
                .collect();
            for k in 0..2 * w {
                let _ = accept(&check, pool.submit(lab.job(k, Duration::ZERO))); // dropped here
            }
            gate.wait();
            for handle in blockers {
                wait_for(&check, handle, "a job held at the gate");
            }
            pool.join();
            let ran = lab.finished();
            check.ensure(
                ran == 2 * w,
                "every job runs, whether its handle was kept or dropped",
                format!(
                    "{ran} of the {} jobs whose handles were dropped ran: dropping a JobHandle \
                     must not cancel its job",
                    2 * w
                ),
            );
        })
    };
    lab.ensure_not_on_caller(&check);
}
