//! Wrong: no workers at all: `submit` starts a new thread for every job, so nothing limits the
//! jobs in flight, and a thousand jobs are a thousand threads.
//! expect: more than the

use parlings::PoolClosed;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::thread;

/// The threads of the jobs, joined at the end.
pub struct WorkerPool {
    closed: AtomicBool,
    threads: Mutex<Vec<thread::JoinHandle<()>>>,
}

/// The promise of one job's result.
pub struct JobHandle<R> {
    result: Receiver<thread::Result<R>>,
}

impl WorkerPool {
    /// Starts nothing: a thread is started per job.
    pub fn new(_workers: usize) -> WorkerPool {
        WorkerPool {
            closed: AtomicBool::new(false),
            threads: Mutex::new(Vec::new()),
        }
    }

    /// Runs `job` on a new thread.
    pub fn submit<F, R>(&self, job: F) -> Result<JobHandle<R>, PoolClosed>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        if self.closed.load(Ordering::SeqCst) {
            return Err(PoolClosed);
        }
        let (sender, result) = mpsc::channel();
        let thread = thread::spawn(move || {
            let _ = sender.send(panic::catch_unwind(AssertUnwindSafe(job)));
        });
        self.threads.lock().unwrap().push(thread);
        Ok(JobHandle { result })
    }

    /// Takes no new jobs.
    pub fn close(&self) {
        self.closed.store(true, Ordering::SeqCst);
    }

    /// Closes and joins every job's thread.
    pub fn join(self) {
        drop(self);
    }
}

impl<R> JobHandle<R> {
    /// Waits for the job.
    pub fn wait(self) -> thread::Result<R> {
        self.result.recv().expect("every job runs")
    }
}

impl Drop for WorkerPool {
    fn drop(&mut self) {
        self.close();
        for thread in self.threads.lock().unwrap().drain(..) {
            let _ = thread.join();
        }
    }
}
