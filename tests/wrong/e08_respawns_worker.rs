//! Wrong: a worker that saw a panic retires and a fresh thread takes its place. Every job
//! still runs, but on threads `new` never started: the pool is no longer its `workers` threads
//! (and pays a thread start per panic). Catch the panic and keep the worker.
//! expect: a worker replaced after a panic is a new thread

use parlings::PoolClosed;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::thread;

/// A job: sends its result, and says whether it panicked.
type Job = Box<dyn FnOnce() -> bool + Send + 'static>;
type Threads = Arc<Mutex<Vec<thread::JoinHandle<()>>>>;

/// Worker threads, replaced when one retires after a panic.
pub struct WorkerPool {
    queue: Mutex<Option<Sender<Job>>>,
    threads: Threads,
}

/// The promise of one job's result.
pub struct JobHandle<R> {
    result: Receiver<thread::Result<R>>,
}

/// Starts a worker; after a panicked job it starts its replacement and retires.
fn start_worker(receiver: Arc<Mutex<Receiver<Job>>>, threads: Threads) {
    let kept = Arc::clone(&threads);
    let handle = thread::spawn(move || {
        loop {
            let next = receiver.lock().unwrap().recv();
            match next {
                Ok(job) => {
                    if job() {
                        start_worker(receiver, threads);
                        return;
                    }
                }
                Err(_) => return,
            }
        }
    });
    kept.lock().unwrap().push(handle);
}

impl WorkerPool {
    /// Starts `workers` threads (0: one per core).
    pub fn new(workers: usize) -> WorkerPool {
        let workers = if workers == 0 {
            num_cpus::get()
        } else {
            workers
        };
        let (sender, receiver) = mpsc::channel::<Job>();
        let receiver = Arc::new(Mutex::new(receiver));
        let threads: Threads = Arc::new(Mutex::new(Vec::new()));
        for _ in 0..workers {
            start_worker(Arc::clone(&receiver), Arc::clone(&threads));
        }
        WorkerPool {
            queue: Mutex::new(Some(sender)),
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
        let (result_sender, result) = mpsc::channel();
        let job: Job = Box::new(move || {
            let outcome = panic::catch_unwind(AssertUnwindSafe(job));
            let panicked = outcome.is_err();
            let _ = result_sender.send(outcome);
            panicked
        });
        sender.send(job).map_err(|_| PoolClosed)?;
        Ok(JobHandle { result })
    }

    /// Takes no new jobs.
    pub fn close(&self) {
        self.queue.lock().unwrap().take();
    }

    /// Closes and joins every thread, replacements included.
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
        loop {
            let next = self.threads.lock().unwrap().pop();
            match next {
                Some(thread) => {
                    let _ = thread.join();
                }
                None => break,
            }
        }
    }
}
