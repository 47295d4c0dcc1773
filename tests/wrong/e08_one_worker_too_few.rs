//! Wrong: an off-by-one: `new` starts one thread fewer than `workers` (at least one), so one
//! job too few in flight while jobs are queued.
//! expect: fewer

use parlings::PoolClosed;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread;

/// A job as the workers see it: it already knows where to send its result.
type Job = Box<dyn FnOnce() + Send + 'static>;

/// A fixed set of worker threads that run submitted jobs until the pool is joined.
pub struct WorkerPool {
    /// `None` once closed: dropping the sender ends the workers' loops when the queue is empty.
    queue: Mutex<Option<Sender<Job>>>,
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
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        let threads = (0..workers.saturating_sub(1).max(1))
            .map(|_| {
                let receiver = Arc::clone(&receiver);
                thread::spawn(move || {
                    loop {
                        // The lock is held while taking a job, not while running it.
                        let next = receiver.lock().expect("no worker panics").recv();
                        match next {
                            Ok(job) => job(), // never panics: the panic is caught inside
                            Err(_) => break,  // closed and empty
                        }
                    }
                })
            })
            .collect();
        WorkerPool {
            queue: Mutex::new(Some(sender)),
            threads,
        }
    }

    /// Queues `job`; its handle gives its result. `Err(PoolClosed)` once the pool is closed.
    pub fn submit<F, R>(&self, job: F) -> Result<JobHandle<R>, PoolClosed>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        let queue = self
            .queue
            .lock()
            .expect("no thread panics holding the queue");
        let sender = queue.as_ref().ok_or(PoolClosed)?;
        let (result_sender, result) = mpsc::channel();
        let wrapped: Job = Box::new(move || {
            // The panic stops here, so the worker lives on; the handle gets the payload.
            let outcome = panic::catch_unwind(AssertUnwindSafe(job));
            let _ = result_sender.send(outcome); // nobody listens if the handle was dropped
        });
        sender.send(wrapped).map_err(|_| PoolClosed)?;
        Ok(JobHandle { result })
    }

    /// Takes no new jobs from now on; the queued jobs still run.
    pub fn close(&self) {
        self.queue.lock().expect("queue lock").take();
    }

    /// Closes the pool, lets every queued job run, and waits for every worker thread to exit.
    pub fn join(self) {
        drop(self); // `Drop` does it, so that a pool dropped without `join` does it too
    }
}

impl<R> JobHandle<R> {
    /// Waits for the job: its result, or the payload of its panic.
    pub fn wait(self) -> thread::Result<R> {
        self.result
            .recv()
            .expect("the pool runs every job it accepted before its workers exit")
    }
}

impl Drop for WorkerPool {
    /// Does what `join` does.
    fn drop(&mut self) {
        self.close();
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}
