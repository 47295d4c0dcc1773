//! Wrong: each job's result goes into a slot that `wait` watches; the worker survives a panic
//! (it catches it), but a panicked job never fills its slot, so its `wait` blocks forever.
//! expect: probably stuck

use parlings::PoolClosed;
use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;

type Job = Box<dyn FnOnce() + Send + 'static>;

#[derive(Default)]
struct Queue {
    jobs: VecDeque<Job>,
    closed: bool,
}

#[derive(Default)]
struct Shared {
    queue: Mutex<Queue>,
    wake: Condvar,
}

/// A fixed set of worker threads that run submitted jobs until the pool is joined.
pub struct WorkerPool {
    shared: Arc<Shared>,
    threads: Vec<thread::JoinHandle<()>>,
}

/// The promise of one job's result.
pub struct JobHandle<R> {
    slot: Arc<(Mutex<Option<R>>, Condvar)>,
}

impl WorkerPool {
    /// Starts `workers` threads (0: one per core) waiting for jobs.
    pub fn new(workers: usize) -> WorkerPool {
        let workers = if workers == 0 {
            num_cpus::get()
        } else {
            workers
        };
        let shared = Arc::new(Shared::default());
        let threads = (0..workers)
            .map(|_| {
                let shared = Arc::clone(&shared);
                thread::spawn(move || {
                    loop {
                        let job = {
                            let mut queue = shared.queue.lock().unwrap();
                            loop {
                                if let Some(job) = queue.jobs.pop_front() {
                                    break Some(job);
                                }
                                if queue.closed {
                                    break None;
                                }
                                queue = shared.wake.wait(queue).unwrap();
                            }
                        };
                        match job {
                            Some(job) => job(),
                            None => return,
                        }
                    }
                })
            })
            .collect();
        WorkerPool { shared, threads }
    }

    /// Queues `job`; its handle gives its result. `Err(PoolClosed)` once the pool is closed.
    pub fn submit<F, R>(&self, job: F) -> Result<JobHandle<R>, PoolClosed>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        let slot = Arc::new((Mutex::new(None), Condvar::new()));
        let filled = Arc::clone(&slot);
        let mut queue = self.shared.queue.lock().unwrap();
        if queue.closed {
            return Err(PoolClosed);
        }
        queue.jobs.push_back(Box::new(move || {
            // The worker must survive a panic, so it is caught; but only a result is stored.
            if let Ok(result) = panic::catch_unwind(AssertUnwindSafe(job)) {
                *filled.0.lock().unwrap() = Some(result);
                filled.1.notify_all();
            }
        }));
        self.shared.wake.notify_one();
        Ok(JobHandle { slot })
    }

    /// Takes no new jobs from now on; the queued jobs still run.
    pub fn close(&self) {
        self.shared.queue.lock().unwrap().closed = true;
        self.shared.wake.notify_all();
    }

    /// Closes the pool, lets every queued job run, and waits for every worker thread to exit.
    pub fn join(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        self.close();
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

impl<R> JobHandle<R> {
    /// Waits for the job: its result, or the payload of its panic.
    pub fn wait(self) -> thread::Result<R> {
        let (result, filled) = &*self.slot;
        let mut result = result.lock().unwrap();
        loop {
            if let Some(value) = result.take() {
                return Ok(value);
            }
            result = filled.wait(result).unwrap();
        }
    }
}

impl Drop for WorkerPool {
    /// Does what `join` does.
    fn drop(&mut self) {
        self.shut_down();
    }
}
