//! Right: a crossbeam job channel whose sender lives in an `RwLock<Option<_>>` (taken to
//! close); each handle waits on a crossbeam one-shot (`bounded(1)`) channel.

use crossbeam::channel::{self, Receiver, Sender};
use parlings::PoolClosed;
use std::panic::{self, AssertUnwindSafe};
use std::sync::RwLock;
use std::thread;

type Job = Box<dyn FnOnce() + Send + 'static>;

/// A fixed set of worker threads that run submitted jobs until the pool is joined.
pub struct WorkerPool {
    sender: RwLock<Option<Sender<Job>>>,
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
        let (sender, receiver) = channel::unbounded::<Job>();
        let threads = (0..workers)
            .map(|_| {
                let receiver = receiver.clone();
                // crossbeam receivers are shared without a lock: each job goes to one worker.
                thread::spawn(move || receiver.iter().for_each(|job| job()))
            })
            .collect();
        WorkerPool {
            sender: RwLock::new(Some(sender)),
            threads,
        }
    }

    /// Queues `job`; its handle gives its result. `Err(PoolClosed)` once the pool is closed.
    pub fn submit<F, R>(&self, job: F) -> Result<JobHandle<R>, PoolClosed>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        let sender = self.sender.read().unwrap();
        let sender = sender.as_ref().ok_or(PoolClosed)?;
        let (done, result) = channel::bounded(1);
        sender
            .send(Box::new(move || {
                let _ = done.send(panic::catch_unwind(AssertUnwindSafe(job)));
            }))
            .map_err(|_| PoolClosed)?;
        Ok(JobHandle { result })
    }

    /// Takes no new jobs from now on; the queued jobs still run.
    pub fn close(&self) {
        self.sender.write().unwrap().take();
    }

    /// Closes the pool, lets every queued job run, and waits for every worker thread to exit.
    pub fn join(self) {
        drop(self); // `Drop` closes and joins
    }
}

impl<R> JobHandle<R> {
    /// Waits for the job: its result, or the payload of its panic.
    pub fn wait(self) -> thread::Result<R> {
        self.result.recv().expect("every accepted job runs")
    }
}

impl Drop for WorkerPool {
    /// Closes, then joins every worker (`join` just lets this run).
    fn drop(&mut self) {
        self.close();
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}
