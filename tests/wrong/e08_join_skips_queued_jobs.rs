//! Wrong: `join` tells the workers to stop and joins them, but a worker stops as soon as it
//! sees the flag, even with jobs still queued: those jobs never run.
//! expect: it must let every queued job run first

use parlings::PoolClosed;
use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver};
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
    result: Receiver<thread::Result<R>>,
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
                                if queue.closed {
                                    break None; // closed: stop now, queue or not
                                }
                                if let Some(job) = queue.jobs.pop_front() {
                                    break Some(job);
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
        let (sender, result) = mpsc::channel();
        let mut queue = self.shared.queue.lock().unwrap();
        if queue.closed {
            return Err(PoolClosed);
        }
        queue.jobs.push_back(Box::new(move || {
            let _ = sender.send(panic::catch_unwind(AssertUnwindSafe(job)));
        }));
        self.shared.wake.notify_one();
        Ok(JobHandle { result })
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
        self.result.recv().expect("every accepted job runs")
    }
}

impl Drop for WorkerPool {
    /// Does what `join` does.
    fn drop(&mut self) {
        self.shut_down();
    }
}
