//! Sees threads exit, without trusting the clock.
//!
//! A check cannot ask the learner's pool whether its threads have ended. But a value kept in a
//! thread-local is dropped when, and only when, its thread ends (after the thread's last job,
//! as the thread tears down), and `JoinHandle::join` returns only after that. So a job that
//! calls [`ThreadExits::watch_current`] leaves such a guard on the thread it runs on, and the
//! guard records the thread's exit. The guard takes a moment (`linger`) before it records it,
//! so a `join` that does not wait for its threads is caught every run, not only when the
//! scheduler happens to be slow.

use crate::probe::lock;
use std::cell::RefCell;
use std::sync::{Arc, Mutex};
use std::thread::{self, ThreadId};
use std::time::Duration;

/// The threads some job ran on, and which of them have exited.
#[derive(Debug)]
pub struct ThreadExits {
    linger: Duration,
    watched: Mutex<Vec<ThreadId>>,
    exited: Mutex<Vec<ThreadId>>,
}

/// Dropped with its thread's locals: records that the thread exited.
struct ExitGuard {
    exits: Arc<ThreadExits>,
    id: ThreadId,
}

thread_local! {
    static GUARDS: RefCell<Vec<ExitGuard>> = const { RefCell::new(Vec::new()) };
}

impl Drop for ExitGuard {
    fn drop(&mut self) {
        thread::sleep(self.exits.linger);
        lock(&self.exits.exited).push(self.id);
    }
}

impl ThreadExits {
    /// A registry whose guards take `linger` to record an exit.
    pub fn new(linger: Duration) -> Arc<ThreadExits> {
        Arc::new(ThreadExits {
            linger,
            watched: Mutex::new(Vec::new()),
            exited: Mutex::new(Vec::new()),
        })
    }

    /// Watches the thread this is called on (once per thread): its exit will be recorded.
    pub fn watch_current(self: &Arc<Self>) {
        let id = thread::current().id();
        {
            let mut watched = lock(&self.watched);
            if watched.contains(&id) {
                return;
            }
            watched.push(id);
        }
        let guard = ExitGuard {
            exits: Arc::clone(self),
            id,
        };
        GUARDS.with(|guards| guards.borrow_mut().push(guard));
    }

    /// How many threads are watched.
    pub fn watched(&self) -> usize {
        lock(&self.watched).len()
    }

    /// How many watched threads have exited.
    pub fn exited(&self) -> usize {
        lock(&self.exited).len()
    }

    /// How many watched threads have not exited (yet).
    pub fn still_running(&self) -> usize {
        self.watched().saturating_sub(self.exited())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_returns_after_the_exit_is_recorded() {
        let exits = ThreadExits::new(Duration::from_millis(50));
        let worker = {
            let exits = Arc::clone(&exits);
            thread::spawn(move || {
                exits.watch_current();
                exits.watch_current();
            })
        };
        worker.join().unwrap();
        assert_eq!((exits.watched(), exits.exited()), (1, 1));
        assert_eq!(exits.still_running(), 0);
    }

    #[test]
    fn a_thread_that_goes_on_is_still_running() {
        let exits = ThreadExits::new(Duration::ZERO);
        let (stop, stopped) = std::sync::mpsc::channel::<()>();
        let worker = {
            let exits = Arc::clone(&exits);
            thread::spawn(move || {
                exits.watch_current();
                let _ = stopped.recv();
            })
        };
        while exits.watched() == 0 {
            thread::yield_now();
        }
        assert_eq!(exits.still_running(), 1);
        drop(stop);
        worker.join().unwrap();
        assert_eq!(exits.still_running(), 0);
    }
}
