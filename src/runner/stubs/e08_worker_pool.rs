//! Exercise e08: close and join, by hand and on drop.
//!
//! A pool that lives longer than one batch takes jobs one by one (`submit`) and hands back a
//! handle per job. It must end cleanly: no job lost, no thread left behind. Python's
//! `executor.shutdown(wait=True)` is that ending; in Rust it is `join`, and dropping the pool
//! must do the same.
//!
//! Write `WorkerPool` and `JobHandle`:
//! - `WorkerPool::new(workers)` starts exactly `workers` threads (0 means one per core,
//!   `num_cpus::get()`); every job runs on one of them: never on the caller's thread, never on
//!   a new thread per job. While jobs are queued, `workers` of them run at once.
//! - `submit(job)` queues a job and returns its `JobHandle`, or `Err(PoolClosed)` once the pool
//!   is closed.
//! - `JobHandle::wait()` blocks until the job has run: `Ok(result)`, or `Err(payload)` if the
//!   job panicked, `payload` being the job's own panic payload. A panicking job fails only its
//!   own handle: the pool keeps all its workers. Dropping a handle does not cancel its job.
//! - `close()` takes no new jobs; the jobs already queued still run.
//! - `join(self)` closes, lets every queued job run, and returns once every worker thread has
//!   exited. Dropping the pool does the same.
//!
//! Check your work: `cargo run -- check e08`. Stuck? `cargo run -- hint e08`.

use parlings::PoolClosed;

/// A fixed set of worker threads that run submitted jobs until the pool is joined.
pub struct WorkerPool {
    // Your fields: the job queue, the workers' join handles, whether the pool is closed...
}

/// The promise of one job's result.
pub struct JobHandle<R> {
    // Your fields: where the job's result will arrive.
    _result: std::marker::PhantomData<R>,
}

impl WorkerPool {
    /// Starts `workers` threads (0: one per core) waiting for jobs.
    pub fn new(workers: usize) -> WorkerPool {
        let _ = workers;
        todo!("start the worker threads")
    }

    /// Queues `job`; its handle gives its result. `Err(PoolClosed)` once the pool is closed.
    pub fn submit<F, R>(&self, job: F) -> Result<JobHandle<R>, PoolClosed>
    where
        F: FnOnce() -> R + Send + 'static,
        R: Send + 'static,
    {
        let _ = job;
        todo!("queue the job and return its handle")
    }

    /// Takes no new jobs from now on; the queued jobs still run.
    pub fn close(&self) {
        todo!("stop taking new jobs")
    }

    /// Closes the pool, lets every queued job run, and waits for every worker thread to exit.
    pub fn join(self) {
        todo!("close, then join every worker thread")
    }
}

impl<R> JobHandle<R> {
    /// Waits for the job: its result, or the payload of its panic.
    pub fn wait(self) -> std::thread::Result<R> {
        todo!("wait for the job's result")
    }
}

impl Drop for WorkerPool {
    /// Does what `join` does.
    fn drop(&mut self) {
        // Replace this comment with what `join` does (a pool dropped must not leave threads).
    }
}
