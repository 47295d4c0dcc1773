//! Probes that see parallelism without trusting the clock.
//!
//! A stopwatch says "this was faster", which a loaded machine can make false. These probes
//! say "these calls were running at the same moment", which no machine load can fake:
//! - [`InFlight`] counts calls running right now and remembers the peak;
//! - [`Rendezvous`] lets N calls meet, which can only happen if N run at once;
//! - [`ThreadSet`] records which threads did the work.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

/// Locks a mutex, ignoring poison: a probe must keep working after a learner's task panicked.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Counts the calls in flight and records the highest count ever reached.
#[derive(Debug, Default)]
pub struct InFlight {
    now: AtomicUsize,
    peak: AtomicUsize,
    total: AtomicUsize,
}

/// Marks one call as in flight until it is dropped.
#[derive(Debug)]
#[must_use = "the call counts as in flight only while the guard lives"]
pub struct InFlightGuard<'a> {
    probe: &'a InFlight,
}

impl InFlight {
    /// A counter with nothing in flight.
    pub fn new() -> InFlight {
        InFlight::default()
    }

    /// Marks a call as started; it ends when the returned guard drops (even by a panic).
    pub fn enter(&self) -> InFlightGuard<'_> {
        let now = self.now.fetch_add(1, Ordering::SeqCst) + 1;
        self.peak.fetch_max(now, Ordering::SeqCst);
        self.total.fetch_add(1, Ordering::SeqCst);
        InFlightGuard { probe: self }
    }

    /// The most calls that were ever in flight at the same moment.
    pub fn peak(&self) -> usize {
        self.peak.load(Ordering::SeqCst)
    }

    /// The calls in flight right now.
    pub fn now(&self) -> usize {
        self.now.load(Ordering::SeqCst)
    }

    /// How many calls were ever started.
    pub fn total(&self) -> usize {
        self.total.load(Ordering::SeqCst)
    }
}

impl Drop for InFlightGuard<'_> {
    fn drop(&mut self) {
        self.probe.now.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A meeting point for `parties` calls that gives up after a timeout instead of hanging.
///
/// Once one wait has timed out the rendezvous is *broken*: every later wait returns at once,
/// so a sequential solution costs one timeout, not one per task.
#[derive(Debug)]
pub struct Rendezvous {
    parties: usize,
    timeout: Duration,
    state: Mutex<Meeting>,
    met: Condvar,
}

#[derive(Debug, Default)]
struct Meeting {
    arrived: usize,
    broken: bool,
}

impl Rendezvous {
    /// A rendezvous for `parties` calls; each waits at most `timeout` for the others.
    pub fn new(parties: usize, timeout: Duration) -> Rendezvous {
        Rendezvous {
            parties,
            timeout,
            state: Mutex::new(Meeting::default()),
            met: Condvar::new(),
        }
    }

    /// Arrives and waits for all parties; true if they all met, false on timeout or if broken.
    pub fn wait(&self) -> bool {
        let mut meeting = lock(&self.state);
        meeting.arrived += 1;
        if meeting.arrived >= self.parties {
            self.met.notify_all();
            return !meeting.broken;
        }
        let deadline = Instant::now() + self.timeout;
        while meeting.arrived < self.parties && !meeting.broken {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                meeting.broken = true;
                self.met.notify_all();
                break;
            }
            meeting = self
                .met
                .wait_timeout(meeting, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        meeting.arrived >= self.parties && !meeting.broken
    }

    /// How many calls have arrived so far.
    pub fn arrived(&self) -> usize {
        lock(&self.state).arrived
    }

    /// The number of parties this rendezvous waits for.
    pub fn parties(&self) -> usize {
        self.parties
    }

    /// True once a wait has timed out.
    pub fn is_broken(&self) -> bool {
        lock(&self.state).broken
    }
}

/// The set of threads that ran some task, and whether the caller was among them.
#[derive(Debug)]
pub struct ThreadSet {
    creator: ThreadId,
    seen: Mutex<HashSet<ThreadId>>,
    caller_seen: AtomicBool,
}

/// True if the current thread is the one that called the learner's code: the thread named
/// [`crate::watchdog::CALLER`], or `creator` when no watchdog is involved.
pub(crate) fn is_caller(creator: ThreadId) -> bool {
    let current = thread::current();
    current.id() == creator || current.name() == Some(crate::watchdog::CALLER)
}

impl Default for ThreadSet {
    fn default() -> Self {
        ThreadSet::new()
    }
}

impl ThreadSet {
    /// An empty set; the thread that creates it is remembered as "the caller".
    pub fn new() -> ThreadSet {
        ThreadSet {
            creator: thread::current().id(),
            seen: Mutex::new(HashSet::new()),
            caller_seen: AtomicBool::new(false),
        }
    }

    /// Records the current thread.
    pub fn record(&self) {
        if is_caller(self.creator) {
            self.caller_seen.store(true, Ordering::SeqCst);
        }
        lock(&self.seen).insert(thread::current().id());
    }

    /// How many distinct threads were recorded.
    pub fn len(&self) -> usize {
        lock(&self.seen).len()
    }

    /// True if no thread was recorded.
    pub fn is_empty(&self) -> bool {
        lock(&self.seen).is_empty()
    }

    /// True if the caller (the set's creator, or the watchdog's caller thread) was recorded.
    pub fn includes_caller(&self) -> bool {
        self.caller_seen.load(Ordering::SeqCst)
    }

    /// True if the given thread was recorded.
    pub fn contains(&self, id: ThreadId) -> bool {
        lock(&self.seen).contains(&id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn in_flight_records_the_peak() {
        let probe = InFlight::new();
        let a = probe.enter();
        let b = probe.enter();
        drop(a);
        let _c = probe.enter();
        drop(b);
        assert_eq!(probe.peak(), 2);
        assert_eq!(probe.now(), 1);
        assert_eq!(probe.total(), 3);
    }

    #[test]
    fn rendezvous_meets_when_all_arrive() {
        let rv = Arc::new(Rendezvous::new(3, Duration::from_secs(5)));
        let handles: Vec<_> = (0..3)
            .map(|_| {
                let rv = Arc::clone(&rv);
                thread::spawn(move || rv.wait())
            })
            .collect();
        assert!(handles.into_iter().all(|h| h.join().unwrap()));
        assert!(!rv.is_broken());
    }

    #[test]
    fn rendezvous_breaks_once_then_returns_at_once() {
        let rv = Rendezvous::new(2, Duration::from_millis(50));
        assert!(!rv.wait());
        assert!(rv.is_broken());
        let start = Instant::now();
        assert!(
            !rv.wait(),
            "the second arrival completes the count but the meeting is broken"
        );
        assert!(start.elapsed() < Duration::from_millis(40));
    }

    #[test]
    fn thread_set_tells_caller_from_workers() {
        let set = ThreadSet::new();
        thread::scope(|s| {
            s.spawn(|| set.record());
        });
        assert_eq!(set.len(), 1);
        assert!(!set.includes_caller());
        set.record();
        assert!(set.includes_caller());
    }
}
