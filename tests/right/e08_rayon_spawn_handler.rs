//! Right: a rayon `ThreadPool` whose threads are started by our own `spawn_handler`, so that we
//! keep their `JoinHandle`s. Rayon keeps its threads alive while spawned jobs are pending;
//! dropping the pool lets them finish, then they exit and we join them.

use parlings::PoolClosed;
use std::panic::{self, AssertUnwindSafe};
use std::sync::mpsc::{self, Receiver};
use std::sync::{Arc, Mutex, RwLock};
use std::thread;

/// A fixed set of worker threads that run submitted jobs until the pool is joined.
pub struct WorkerPool {
    /// `None` once closed.
    pool: RwLock<Option<rayon::ThreadPool>>,
    threads: Arc<Mutex<Vec<thread::JoinHandle<()>>>>,
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
        let threads = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&threads);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(workers)
            .spawn_handler(move |worker| {
                let handle = thread::Builder::new().spawn(|| worker.run())?;
                kept.lock().unwrap().push(handle);
                Ok(())
            })
            .build()
            .expect("the pool's threads start");
        WorkerPool {
            pool: RwLock::new(Some(pool)),
            threads,
        }
    }

    /// Queues `job`; its handle gives its result. `Err(PoolClosed)` once the pool is closed.
    pub fn submit<F, R>(&self, job: F) -> Result<JobHandle<R>, PoolClosed>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        let pool = self.pool.read().unwrap();
        let pool = pool.as_ref().ok_or(PoolClosed)?;
        let (sender, result) = mpsc::channel();
        pool.spawn(move || {
            let _ = sender.send(panic::catch_unwind(AssertUnwindSafe(job)));
        });
        Ok(JobHandle { result })
    }

    /// Takes no new jobs from now on; the queued jobs still run.
    pub fn close(&self) {
        // Dropping the rayon pool only asks its threads to stop once the spawned jobs are done.
        self.pool.write().unwrap().take();
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
    /// Closes, then joins every worker thread (`join` just lets this run).
    fn drop(&mut self) {
        self.close();
        for thread in self.threads.lock().unwrap().drain(..) {
            let _ = thread.join();
        }
    }
}
