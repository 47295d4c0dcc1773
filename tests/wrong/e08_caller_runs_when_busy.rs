//! Wrong: a bounded queue whose overflow runs on the caller ("caller runs" policy): when the
//! queue is full, `submit` runs the job itself, on the thread that called it.
//! expect: caller's thread

use parlings::PoolClosed;
use std::collections::VecDeque;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Condvar, Mutex};
use std::thread;

type Job = Box<dyn FnOnce() + Send + 'static>;

struct Queue {
    jobs: VecDeque<Job>,
    closed: bool,
}

/// A fixed set of worker threads with a queue of at most `workers` jobs.
pub struct WorkerPool {
    shared: Arc<(Mutex<Queue>, Condvar)>,
    capacity: usize,
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
        let shared = Arc::new((
            Mutex::new(Queue {
                jobs: VecDeque::new(),
                closed: false,
            }),
            Condvar::new(),
        ));
        let threads = (0..workers)
            .map(|_| {
                let shared = Arc::clone(&shared);
                thread::spawn(move || {
                    loop {
                        let job = {
                            let mut queue = shared.0.lock().unwrap();
                            loop {
                                if let Some(job) = queue.jobs.pop_front() {
                                    break Some(job);
                                }
                                if queue.closed {
                                    break None;
                                }
                                queue = shared.1.wait(queue).unwrap();
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
        WorkerPool {
            shared,
            capacity: workers,
            threads,
        }
    }

    /// Queues `job`, or runs it right here when the queue is full.
    pub fn submit<F, R>(&self, job: F) -> Result<JobHandle<R>, PoolClosed>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        let (sender, result) = mpsc::channel();
        let run: Job = Box::new(move || {
            let _ = sender.send(panic::catch_unwind(AssertUnwindSafe(job)));
        });
        let mut queue = self.shared.0.lock().unwrap();
        if queue.closed {
            return Err(PoolClosed);
        }
        if queue.jobs.len() >= self.capacity {
            drop(queue);
            run(); // the queue is full: the caller does the work
        } else {
            queue.jobs.push_back(run);
            self.shared.1.notify_one();
        }
        Ok(JobHandle { result })
    }

    /// Takes no new jobs.
    pub fn close(&self) {
        self.shared.0.lock().unwrap().closed = true;
        self.shared.1.notify_all();
    }

    /// Closes and joins.
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
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}
