//! Wrong: each worker has its own inbox and `submit` deals the jobs out round-robin, whatever
//! each worker is doing. A worker stuck on a long job keeps the jobs dealt to it waiting while
//! other workers sit idle: fewer than `workers` jobs in flight while jobs are queued
//! (COURSE.md: "`workers` in flight while jobs are queued").
//! expect: were jobs dealt out to the workers in turn

use parlings::PoolClosed;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread;

type Job = Box<dyn FnOnce() + Send + 'static>;

/// A fixed set of worker threads, each with its own queue.
pub struct WorkerPool {
    inboxes: Mutex<Option<Vec<Sender<Job>>>>,
    next: AtomicUsize,
    threads: Vec<thread::JoinHandle<()>>,
}

/// The promise of one job's result.
pub struct JobHandle<R> {
    result: Receiver<thread::Result<R>>,
}

impl WorkerPool {
    /// Starts `workers` threads (0: one per core).
    pub fn new(workers: usize) -> WorkerPool {
        let workers = if workers == 0 {
            num_cpus::get()
        } else {
            workers
        };
        let mut inboxes = Vec::new();
        let mut threads = Vec::new();
        for _ in 0..workers {
            let (tx, rx) = mpsc::channel::<Job>();
            inboxes.push(tx);
            threads.push(thread::spawn(move || {
                for job in rx {
                    job();
                }
            }));
        }
        WorkerPool {
            inboxes: Mutex::new(Some(inboxes)),
            next: AtomicUsize::new(0),
            threads,
        }
    }

    /// Deals `job` to the next worker in turn.
    pub fn submit<F, R>(&self, job: F) -> Result<JobHandle<R>, PoolClosed>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        let inboxes = self.inboxes.lock().unwrap();
        let inboxes = inboxes.as_ref().ok_or(PoolClosed)?;
        let (tx, result) = mpsc::channel();
        let k = self.next.fetch_add(1, Ordering::Relaxed) % inboxes.len();
        inboxes[k]
            .send(Box::new(move || {
                let _ = tx.send(panic::catch_unwind(AssertUnwindSafe(job)));
            }))
            .map_err(|_| PoolClosed)?;
        Ok(JobHandle { result })
    }

    /// Takes no new jobs; the queued jobs still run.
    pub fn close(&self) {
        self.inboxes.lock().unwrap().take();
    }

    /// Closes, runs the queued jobs, joins the workers.
    pub fn join(self) {}
}

impl<R> JobHandle<R> {
    /// Waits for the job.
    pub fn wait(self) -> thread::Result<R> {
        self.result.recv().expect("every accepted job runs")
    }
}

impl Drop for WorkerPool {
    fn drop(&mut self) {
        self.close();
        for t in self.threads.drain(..) {
            let _ = t.join();
        }
    }
}
