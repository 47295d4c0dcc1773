//! Right: jobs go into a `crossbeam::deque::Injector`; idle workers `park` and `submit`
//! unparks one (park/unpark keep a token, so no wake-up is lost; a `park_timeout` is only a
//! safety net). An `AtomicBool` marks the pool closed; a worker leaves only once it is closed
//! and the injector is empty. Each handle is a one-shot of its own: a `Mutex` slot plus the
//! waiting thread, parked until the worker fills the slot and unparks it.

use crossbeam::deque::{Injector, Steal};
use parlings::PoolClosed;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::thread::{self, JoinHandle, Thread};
use std::time::Duration;

type Job = Box<dyn FnOnce() + Send + 'static>;

struct Shared {
    jobs: Injector<Job>,
    closed: AtomicBool,
    /// The workers' `Thread`s, to unpark them.
    threads: RwLock<Vec<Thread>>,
    next: AtomicUsize,
}

/// A fixed set of worker threads that run submitted jobs until the pool is joined.
pub struct WorkerPool {
    shared: Arc<Shared>,
    /// Held while submitting, and while closing, so that no job slips in after `close`.
    gate: Mutex<()>,
    handles: Vec<JoinHandle<()>>,
}

struct Slot<R> {
    result: Option<thread::Result<R>>,
    waiter: Option<Thread>,
}

/// The promise of one job's result.
pub struct JobHandle<R> {
    slot: Arc<Mutex<Slot<R>>>,
}

impl WorkerPool {
    /// Starts `workers` threads (0: one per core).
    pub fn new(workers: usize) -> WorkerPool {
        let workers = if workers == 0 {
            num_cpus::get()
        } else {
            workers
        };
        let shared = Arc::new(Shared {
            jobs: Injector::new(),
            closed: AtomicBool::new(false),
            threads: RwLock::new(Vec::new()),
            next: AtomicUsize::new(0),
        });
        let handles: Vec<JoinHandle<()>> = (0..workers)
            .map(|_| {
                let shared = Arc::clone(&shared);
                thread::spawn(move || {
                    loop {
                        match shared.jobs.steal() {
                            Steal::Success(job) => job(),
                            Steal::Retry => continue,
                            Steal::Empty => {
                                if shared.closed.load(Ordering::SeqCst) && shared.jobs.is_empty() {
                                    break;
                                }
                                thread::park_timeout(Duration::from_millis(50));
                            }
                        }
                    }
                })
            })
            .collect();
        *shared.threads.write().unwrap() = handles.iter().map(|h| h.thread().clone()).collect();
        WorkerPool {
            shared,
            gate: Mutex::new(()),
            handles,
        }
    }

    /// Queues `job`; `Err(PoolClosed)` once the pool is closed.
    pub fn submit<F, R>(&self, job: F) -> Result<JobHandle<R>, PoolClosed>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        let _gate = self.gate.lock().unwrap();
        if self.shared.closed.load(Ordering::SeqCst) {
            return Err(PoolClosed);
        }
        let slot = Arc::new(Mutex::new(Slot {
            result: None,
            waiter: None,
        }));
        let theirs = Arc::clone(&slot);
        self.shared.jobs.push(Box::new(move || {
            let outcome = panic::catch_unwind(AssertUnwindSafe(job));
            let waiter = {
                let mut slot = theirs.lock().unwrap();
                slot.result = Some(outcome);
                slot.waiter.take()
            };
            if let Some(waiter) = waiter {
                waiter.unpark();
            }
        }));
        // Wake every worker in turn: one of them takes it; unparking a busy one costs nothing.
        let threads = self.shared.threads.read().unwrap();
        let k = self.shared.next.fetch_add(1, Ordering::Relaxed);
        for j in 0..threads.len() {
            threads[(k + j) % threads.len()].unpark();
        }
        Ok(JobHandle { slot })
    }

    /// Takes no new jobs from now on; the queued jobs still run.
    pub fn close(&self) {
        let _gate = self.gate.lock().unwrap();
        self.shared.closed.store(true, Ordering::SeqCst);
        for t in self.shared.threads.read().unwrap().iter() {
            t.unpark();
        }
    }

    /// Closes, lets every queued job run, and joins every worker.
    pub fn join(self) {}
}

impl<R> JobHandle<R> {
    /// Waits for the job: its result, or the payload of its panic.
    pub fn wait(self) -> thread::Result<R> {
        loop {
            {
                let mut slot = self.slot.lock().unwrap();
                if let Some(result) = slot.result.take() {
                    return result;
                }
                slot.waiter = Some(thread::current());
            }
            thread::park();
        }
    }
}

impl Drop for WorkerPool {
    fn drop(&mut self) {
        self.close();
        for h in self.handles.drain(..) {
            let _ = h.join();
        }
    }
}
