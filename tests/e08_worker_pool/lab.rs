//! What the e08 check sees of the jobs a learner's pool runs, and the helpers that submit and
//! wait on its behalf.

use super::exercise::JobHandle;
use parlings::observer::Observer;
use parlings::probe::{Rendezvous, ThreadSet};
use parlings::thread_exit::ThreadExits;
use parlings::verdict::Check;
use parlings::watchdog::payload_text;
use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex, Once};
use std::thread;
use std::time::Duration;

pub const ID: &str = "e08";
/// How long a worker thread's exit takes to be recorded: a `join` that does not wait shows.
pub const LINGER: Duration = Duration::from_millis(200);
/// How long a queued job takes, so that jobs are still queued when `join` is called.
pub const SLOW: Duration = Duration::from_millis(20);
/// How long jobs wait at a gate for the others (a broken gate lets everyone through).
pub const GATE: Duration = Duration::from_secs(3);
/// The payload of the panics this check plants: `wait` must hand back this very value.
#[derive(Debug, PartialEq)]
pub struct JobPanic(usize);

/// What the check sees of the jobs: threads, exits, the wave, which jobs ran to the end.
pub struct Lab {
    /// The wave the jobs go through, their in-flight count and timeline.
    pub observer: Arc<Observer>,
    /// The threads jobs ran on, watched until they exit.
    exits: Arc<ThreadExits>,
    /// The threads jobs ran on.
    pub threads: ThreadSet,
    /// The keys of the jobs that ran to the end.
    finished: Mutex<Vec<usize>>,
}

impl Lab {
    /// A lab whose first `wave` jobs must meet in flight.
    pub fn new(wave: usize) -> Arc<Lab> {
        Arc::new(Lab {
            observer: Observer::new(wave),
            exits: ThreadExits::new(LINGER),
            threads: ThreadSet::new(),
            finished: Mutex::new(Vec::new()),
        })
    }

    /// What every job does first: note its thread, and watch that thread's exit.
    pub fn arrive(&self) {
        self.threads.record();
        self.exits.watch_current();
    }

    /// Job `key`: goes through the wave, takes `pause`, returns its own result.
    pub fn job(self: &Arc<Self>, key: usize, pause: Duration) -> impl FnOnce() -> String + 'static {
        let lab = Arc::clone(self);
        move || {
            lab.arrive();
            lab.observer.task(key, || thread::sleep(pause));
            lab.finished.lock().unwrap().push(key);
            result_of(key)
        }
    }

    /// A job that holds its worker at `gate` until the check (the last party) arrives.
    pub fn blocker(self: &Arc<Self>, gate: &Arc<Rendezvous>) -> impl FnOnce() + 'static {
        let (lab, gate) = (Arc::clone(self), Arc::clone(gate));
        move || {
            lab.arrive();
            gate.wait();
        }
    }

    /// A job that meets the other panicking jobs (so each is on its own worker), then panics.
    pub fn panicker(
        self: &Arc<Self>,
        key: usize,
        meet: &Arc<Rendezvous>,
    ) -> impl FnOnce() + 'static {
        quiet_planted_panics();
        let (lab, meet) = (Arc::clone(self), Arc::clone(meet));
        move || {
            lab.arrive();
            meet.wait();
            panic::panic_any(JobPanic(key))
        }
    }

    /// How many jobs ran to the end.
    pub fn finished(&self) -> usize {
        self.finished.lock().unwrap().len()
    }

    /// Fails unless no job ran on the thread that uses the pool.
    pub fn ensure_not_on_caller(&self, check: &Check) {
        check.ensure(
            !self.threads.includes_caller(),
            "every job runs on one of the pool's own threads",
            "a job ran on the caller's thread (in `submit` or `wait`): hand it to a worker",
        );
    }

    /// Fails unless every thread a job ran on has exited (called right after `join` or drop).
    pub fn ensure_exited(&self, check: &Check, how: &str) {
        // A job run on the caller's thread leaves its exit guard there, and the caller is
        // still running: say what really went wrong.
        self.ensure_not_on_caller(check);
        let running = self.exits.still_running();
        check.ensure(
            running == 0,
            format!("every worker thread exited when {how} returns"),
            format!(
                "{running} of the {} worker thread(s) were still running when {how} returned: \
                 join every worker thread (JoinHandle::join) after closing the queue",
                self.exits.watched()
            ),
        );
    }
}

/// What job `key` returns.
pub fn result_of(key: usize) -> String {
    format!("result of job {key}")
}

pub use parlings::observer::pool_size;

/// A check of the pool, named after what it does to it.
pub fn check_of(lab: &Lab, what: String) -> Check {
    let call = format!("{what} on {} cores", num_cpus::get());
    Check::new(ID, call).with_timeline(lab.observer.timeline())
}

/// Submits to a pool that is open: it must accept.
pub fn accept<R>(
    check: &Check,
    submitted: Result<JobHandle<R>, parlings::PoolClosed>,
) -> JobHandle<R> {
    submitted.unwrap_or_else(|_| {
        check.fail(
            "submit to accept jobs while the pool is open",
            "Err(PoolClosed) from a pool nobody had closed: has it a worker left to take the \
             job? (`WorkerPool::new(0)` means num_cpus::get() workers)",
        )
    })
}

/// Waits for `job` (e.g. "job 3"), which must have run and returned.
pub fn wait_for<R>(check: &Check, handle: JobHandle<R>, job: &str) -> R {
    match panic::catch_unwind(AssertUnwindSafe(|| handle.wait())) {
        Ok(Ok(result)) => result,
        Ok(Err(payload)) => check.fail(
            format!("wait() for {job}, which does not panic, to return Ok(its result)"),
            format!(
                "Err({}): was the job dropped before it ran? (close and join let queued jobs run)",
                describe(payload)
            ),
        ),
        Err(payload) => check.fail(
            format!("wait() for {job} to return Ok(its result)"),
            format!(
                "wait() itself panicked ({}): was the job dropped before it ran?",
                describe(payload)
            ),
        ),
    }
}

/// A panic payload in words; lets a `todo!()` through to the watchdog, which names it.
fn describe(payload: Box<dyn Any + Send>) -> String {
    match payload_text(payload.as_ref()) {
        Some(text) if text.starts_with("not yet implemented") => panic::resume_unwind(payload),
        Some(text) => format!("{text:?}"),
        None => "a payload that is not text".to_string(),
    }
}

/// Keeps the panics this check plants out of the output; every other panic is reported.
fn quiet_planted_panics() {
    static QUIET: Once = Once::new();
    QUIET.call_once(|| {
        let report = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !info.payload().is::<JobPanic>() {
                report(info);
            }
        }));
    });
}

/// Waits for panicking job `key`: `wait` must give `Err(p)`, `p` the job's own payload.
pub fn wait_for_panic(check: &Check, handle: JobHandle<()>, key: usize) {
    let expected = format!(
        "wait() for a job that panicked to return Err(p), p its own payload (here \
         JobPanic({key}), which p.downcast_ref::<JobPanic>() finds)"
    );
    match panic::catch_unwind(AssertUnwindSafe(|| handle.wait())) {
        Ok(Ok(())) => check.fail(expected, "Ok(()): the panic was reported as success"),
        Ok(Err(p)) if p.downcast_ref::<JobPanic>() == Some(&JobPanic(key)) => {}
        Ok(Err(p)) => check.fail(
            expected,
            format!(
                "Err with another payload ({}): hand on the payload catch_unwind gave you, \
                 unchanged",
                describe(p)
            ),
        ),
        Err(p) => check.fail(
            expected,
            format!("wait() itself panicked ({})", describe(p)),
        ),
    }
}
