//! A probe for back-pressure: how far a pipeline's source runs ahead of its sink.
//!
//! An item is *taken* when the probe's [`Source`] returns it from `next()`, and *given* when
//! the sink hands it to [`Flow::give`]. The probe records the most items ever taken and not
//! yet given, which bounded channels keep small and an unbounded one lets grow.
//!
//! The sink is slow on purpose, without trusting the clock for any verdict: its first
//! [`SLOW_CALLS`] calls return only once the source has stopped advancing for [`QUIET`] (or
//! has run out). A bounded pipeline stops advancing as soon as its channels are full, so its
//! sink only waits; an unbounded one runs ahead, every run, and the excess shows how far.
//! The probe also records which threads call `next()` and which run the sink, and, once a
//! task's panic has left the task ([`Flow::panic_mark`]), how many items are still taken.

use crate::probe::{is_caller, lock};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

/// How long the source must stand still before a slow sink call returns.
pub const QUIET: Duration = Duration::from_millis(100);
/// How many of the first sink calls are slow.
pub const SLOW_CALLS: usize = 3;
/// After a panic, each `next()` first sleeps this long, so stopping late by a few items is
/// never mistaken for draining the source.
pub const AFTER_PANIC_PACE: Duration = Duration::from_millis(1);

/// An item taken from the source: its index. Not `Clone`: it can be handed on only once.
#[derive(Debug, PartialEq, Eq)]
pub struct Item(pub usize);

/// The result of working on an item: the item's index.
#[derive(Debug, PartialEq, Eq)]
pub struct Res(pub usize);

/// Items taken from a [`Source`] and given to a sink, watched from both ends.
#[derive(Debug)]
pub struct Flow {
    items: Option<usize>,
    bound: usize,
    drain_limit: usize,
    creator: ThreadId,
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Debug)]
struct State {
    taken: usize,
    given: usize,
    max_excess: usize,
    last_taken: Instant,
    slow_calls_left: usize,
    producers: Vec<ThreadId>,
    producer_on_caller: bool,
    sink_off_caller: bool,
    given_keys: Vec<usize>,
    taken_at_panic: Option<usize>,
    drained: bool,
}

/// The source end of a [`Flow`]: yields `Item(0)`, `Item(1)`, … and counts each one taken.
#[derive(Debug)]
pub struct Source {
    flow: Arc<Flow>,
}

impl Flow {
    /// A flow of `items` items (`None`: endless) through a pipeline that should never hold more
    /// than `bound`. The drain limit is `4 * bound + 500` items: after a panic, a source ends
    /// itself once that many more were taken, and a slow sink stops waiting at that excess.
    pub fn new(items: Option<usize>, bound: usize) -> Arc<Flow> {
        Arc::new(Flow {
            items,
            bound,
            drain_limit: 4 * bound + 500,
            creator: thread::current().id(),
            state: Mutex::new(State {
                taken: 0,
                given: 0,
                max_excess: 0,
                last_taken: Instant::now(),
                slow_calls_left: SLOW_CALLS,
                producers: Vec::new(),
                producer_on_caller: false,
                sink_off_caller: false,
                given_keys: Vec::new(),
                taken_at_panic: None,
                drained: false,
            }),
            changed: Condvar::new(),
        })
    }

    /// The source to hand to the code under test.
    pub fn source(self: &Arc<Self>) -> Source {
        Source {
            flow: Arc::clone(self),
        }
    }

    /// The sink: records that the result of item `key` was given; the first calls are slow.
    pub fn give(&self, key: usize) {
        let entered = Instant::now();
        let mut state = lock(&self.state);
        if !is_caller(self.creator) {
            state.sink_off_caller = true;
        }
        state.given += 1;
        state.given_keys.push(key);
        if state.slow_calls_left == 0 {
            return;
        }
        state.slow_calls_left -= 1;
        loop {
            let ran_out = self.items.is_some_and(|n| state.taken >= n);
            // Past the drain limit the excess has made its point (an endless, unbounded run).
            let seen = state.max_excess >= self.drain_limit || state.taken_at_panic.is_some();
            let quiet_at = state.last_taken.max(entered) + QUIET;
            let now = Instant::now();
            if ran_out || seen || now >= quiet_at {
                return;
            }
            state = self
                .changed
                .wait_timeout(state, quiet_at - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// A guard for a task about to panic: when the panic unwinds through it, it marks the
    /// moment with [`Flow::panic_left_task`].
    pub fn panic_mark(self: &Arc<Self>) -> PanicMark {
        PanicMark {
            flow: Arc::clone(self),
        }
    }

    /// Marks the moment a task's panic left the task, the first moment the code under test
    /// can know of it: items taken from now on are counted apart. (Marking at the `panic!`
    /// itself would be unfair: a process's first panic spends tens of ms in the panic hook
    /// and the unwinder's search before any code can catch it.)
    pub fn panic_left_task(&self) {
        let mut state = lock(&self.state);
        if state.taken_at_panic.is_none() {
            state.taken_at_panic = Some(state.taken);
        }
        self.changed.notify_all();
    }

    /// The most items that were ever taken and not yet given at the same moment.
    pub fn max_excess(&self) -> usize {
        lock(&self.state).max_excess
    }

    /// How many items were taken.
    pub fn taken(&self) -> usize {
        lock(&self.state).taken
    }

    /// The key of every result given, in the order given.
    pub fn given_keys(&self) -> Vec<usize> {
        lock(&self.state).given_keys.clone()
    }

    /// The distinct threads that called `next()`, in order of first call.
    pub fn producers(&self) -> Vec<ThreadId> {
        lock(&self.state).producers.clone()
    }

    /// True if the calling thread (the check's, or the watchdog's "caller") called `next()`.
    pub fn producer_on_caller(&self) -> bool {
        lock(&self.state).producer_on_caller
    }

    /// True if the sink ran on a thread other than the caller.
    pub fn sink_off_caller(&self) -> bool {
        lock(&self.state).sink_off_caller
    }

    /// Items taken after [`Flow::panic_left_task`], if it was called.
    pub fn taken_after_panic(&self) -> Option<usize> {
        let state = lock(&self.state);
        state.taken_at_panic.map(|at| state.taken - at)
    }

    /// True if the source ended itself because it was still drained long after a panic.
    pub fn drained(&self) -> bool {
        lock(&self.state).drained
    }

    /// The most items the pipeline under test may hold: taken and not yet given.
    pub fn bound(&self) -> usize {
        self.bound
    }

    /// How many items after a panic count as draining the source.
    pub fn drain_limit(&self) -> usize {
        self.drain_limit
    }
}

/// Calls [`Flow::panic_left_task`] if dropped while its thread panics.
#[derive(Debug)]
#[must_use = "the mark works only while the guard lives"]
pub struct PanicMark {
    flow: Arc<Flow>,
}

impl Drop for PanicMark {
    fn drop(&mut self) {
        if thread::panicking() {
            self.flow.panic_left_task();
        }
    }
}

impl Iterator for Source {
    type Item = Item;

    fn next(&mut self) -> Option<Item> {
        let flow = &*self.flow;
        let mut state = lock(&flow.state);
        let me = thread::current().id();
        if !state.producers.contains(&me) {
            state.producers.push(me);
        }
        if is_caller(flow.creator) {
            state.producer_on_caller = true;
        }
        if state.drained || flow.items.is_some_and(|n| state.taken >= n) {
            return None;
        }
        if let Some(at) = state.taken_at_panic {
            if state.taken - at >= flow.drain_limit {
                state.drained = true;
                return None;
            }
            drop(state);
            thread::sleep(AFTER_PANIC_PACE);
            state = lock(&flow.state);
        }
        let key = state.taken;
        state.taken += 1;
        state.max_excess = state.max_excess.max(state.taken - state.given);
        state.last_taken = Instant::now();
        flow.changed.notify_all();
        Some(Item(key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_taken_and_given_and_the_most_in_between() {
        let flow = Flow::new(Some(3), 10);
        let mut source = flow.source();
        let (a, b) = (source.next().unwrap(), source.next().unwrap());
        flow.give(a.0);
        flow.give(b.0);
        let c = source.next().unwrap();
        flow.give(c.0);
        assert!(source.next().is_none());
        assert_eq!(flow.max_excess(), 2);
        assert_eq!(flow.given_keys(), vec![0, 1, 2]);
        assert_eq!(flow.producers(), vec![thread::current().id()]);
        assert!(flow.producer_on_caller());
        assert!(!flow.sink_off_caller());
    }

    #[test]
    fn an_endless_source_ends_itself_when_drained_after_a_panic() {
        let flow = Flow::new(None, 1);
        let mut source = flow.source();
        source.next();
        let mark = flow.panic_mark();
        drop(mark);
        assert_eq!(flow.taken_after_panic(), None, "no panic, no mark");
        let _ = std::panic::catch_unwind(|| {
            let _mark = flow.panic_mark();
            panic!("a task fails");
        });
        let after = source.by_ref().count();
        assert_eq!(after, flow.drain_limit());
        assert!(flow.drained());
        assert_eq!(flow.taken_after_panic(), Some(flow.drain_limit()));
    }
}
