//! Wrong: `wait` "helps": if no worker has taken its job yet, it takes the job out of its slot
//! and runs it right there, on the caller's thread. The spec says every job runs on one of the
//! pool's own threads, never the caller's.
//! expect: caller's thread

use parlings::PoolClosed;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread;

type Job = Box<dyn FnOnce() + Send + 'static>;
type Slot = Arc<Mutex<Option<Job>>>;

/// A fixed set of worker threads.
pub struct WorkerPool {
    queue: Mutex<Option<Sender<Slot>>>,
    threads: Vec<thread::JoinHandle<()>>,
}

/// The promise of one job's result, and the job itself until someone runs it.
pub struct JobHandle<R> {
    slot: Slot,
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
        let (tx, rx) = mpsc::channel::<Slot>();
        let rx = Arc::new(Mutex::new(rx));
        let threads = (0..workers)
            .map(|_| {
                let rx = Arc::clone(&rx);
                thread::spawn(move || {
                    loop {
                        let next = rx.lock().unwrap().recv();
                        let Ok(slot) = next else { break };
                        let job = slot.lock().unwrap().take();
                        if let Some(job) = job {
                            job();
                        }
                    }
                })
            })
            .collect();
        WorkerPool {
            queue: Mutex::new(Some(tx)),
            threads,
        }
    }

    /// Queues `job`.
    pub fn submit<F, R>(&self, job: F) -> Result<JobHandle<R>, PoolClosed>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        let queue = self.queue.lock().unwrap();
        let sender = queue.as_ref().ok_or(PoolClosed)?;
        let (tx, result) = mpsc::channel();
        let slot: Slot = Arc::new(Mutex::new(Some(Box::new(move || {
            let _ = tx.send(panic::catch_unwind(AssertUnwindSafe(job)));
        }))));
        sender.send(Arc::clone(&slot)).map_err(|_| PoolClosed)?;
        Ok(JobHandle { slot, result })
    }

    /// Takes no new jobs.
    pub fn close(&self) {
        self.queue.lock().unwrap().take();
    }

    /// Closes and joins.
    pub fn join(self) {}
}

impl<R> JobHandle<R> {
    /// Runs the job here if no worker has started it; then waits for its result.
    pub fn wait(self) -> thread::Result<R> {
        let job = self.slot.lock().unwrap().take();
        if let Some(job) = job {
            job();
        }
        self.result.recv().expect("the job ran")
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
