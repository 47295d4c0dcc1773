//! A wave: the check choreography behind "exactly k in flight, never more, results in order".
//!
//! The first `size` tasks to arrive join the wave and wait for each other (a rendezvous with a
//! timeout). When all have met they are *held* a moment, so a solution that runs too many tasks
//! shows its extra task in flight beside them. Then they finish in *reverse* key order, so a
//! solution that collects results in completion order gets them visibly out of order. Tasks
//! that arrive after the wave pass straight through.
//!
//! Nothing here asserts a duration: a correct solution meets in microseconds on any machine;
//! the timeout only bounds how long a wrong one is waited for, and after it the wave is broken
//! and every later task passes at once.

use crate::probe::lock;
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How long a wave member waits for the others before the wave is declared broken.
pub const MEET_TIMEOUT: Duration = Duration::from_secs(3);
/// How long a full wave is held so that an extra task in flight is seen.
pub const HOLD: Duration = Duration::from_millis(200);

/// The first `size` tasks meet, are held, then finish in reverse key order.
#[derive(Debug)]
pub struct Wave {
    size: usize,
    timeout: Duration,
    hold: Duration,
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    Gathering,
    Full(Instant),
    Broken,
}

#[derive(Debug)]
struct State {
    phase: Phase,
    /// Keys of the members in the order they joined.
    members: Vec<usize>,
    /// Which members (by join position) have left.
    left: Vec<bool>,
    /// Keys of the members in the order they left.
    finished: Vec<usize>,
    /// Tasks that arrived while the full wave was held: each is one too many in flight.
    extra: usize,
}

impl Wave {
    /// A wave of `size` tasks with the default timeout and hold.
    pub fn new(size: usize) -> Wave {
        Wave::with_timing(size, MEET_TIMEOUT, HOLD)
    }

    /// A wave of `size` tasks that waits at most `timeout` to meet and holds for `hold`.
    pub fn with_timing(size: usize, timeout: Duration, hold: Duration) -> Wave {
        Wave {
            size,
            timeout,
            hold,
            state: Mutex::new(State {
                phase: if size == 0 {
                    Phase::Full(Instant::now())
                } else {
                    Phase::Gathering
                },
                members: Vec::new(),
                left: Vec::new(),
                finished: Vec::new(),
                extra: 0,
            }),
            changed: Condvar::new(),
        }
    }

    /// Called at the start of a task with its key (e.g. the item's index); may block.
    pub fn enter(&self, key: usize) {
        let mut state = lock(&self.state);
        let position = match state.phase {
            Phase::Gathering => {
                state.members.push(key);
                state.left.push(false);
                if state.members.len() == self.size {
                    state.phase = Phase::Full(Instant::now());
                    self.changed.notify_all();
                }
                state.members.len() - 1
            }
            Phase::Full(_) => {
                if state.left.iter().all(|left| !left) && !state.members.is_empty() {
                    state.extra += 1;
                    self.changed.notify_all();
                }
                return;
            }
            Phase::Broken => return,
        };

        // Meet: wait for the wave to fill, or break it on timeout.
        let deadline = Instant::now() + self.timeout;
        while state.phase == Phase::Gathering {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                state.phase = Phase::Broken;
                self.changed.notify_all();
                break;
            }
            state = self.wait(state, left);
        }

        // Hold: stay in flight a moment so one task too many is seen beside us.
        if let Phase::Full(at) = state.phase {
            while state.extra == 0 {
                let left = (at + self.hold).saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break;
                }
                state = self.wait(state, left);
            }
            // Finish in reverse order: leave only after every member with a higher key has.
            let me = (key, position);
            let deadline = Instant::now() + self.timeout;
            while Self::someone_after(&state, me) {
                let left = deadline.saturating_duration_since(Instant::now());
                if left.is_zero() {
                    break;
                }
                state = self.wait(state, left);
            }
        }
        state.left[position] = true;
        state.finished.push(key);
        self.changed.notify_all();
    }

    fn someone_after(state: &State, me: (usize, usize)) -> bool {
        state
            .members
            .iter()
            .enumerate()
            .any(|(pos, &key)| (key, pos) > me && !state.left[pos])
    }

    fn wait<'a>(
        &self,
        guard: std::sync::MutexGuard<'a, State>,
        timeout: Duration,
    ) -> std::sync::MutexGuard<'a, State> {
        self.changed
            .wait_timeout(guard, timeout)
            .unwrap_or_else(PoisonError::into_inner)
            .0
    }

    /// The number of tasks the wave waits for.
    pub fn size(&self) -> usize {
        self.size
    }

    /// True if all `size` tasks met (were in flight together).
    pub fn met(&self) -> bool {
        matches!(lock(&self.state).phase, Phase::Full(_))
    }

    /// How many tasks joined the wave (fewer than `size` means it never filled).
    pub fn gathered(&self) -> usize {
        lock(&self.state).members.len()
    }

    /// The keys of the members in the order they left the wave.
    pub fn finished(&self) -> Vec<usize> {
        lock(&self.state).finished.clone()
    }

    /// How many tasks arrived while the full wave was held (each one too many in flight).
    pub fn extra(&self) -> usize {
        lock(&self.state).extra
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::thread;

    #[test]
    fn members_finish_in_reverse_key_order() {
        let wave = Arc::new(Wave::with_timing(4, Duration::from_secs(5), Duration::ZERO));
        let handles: Vec<_> = (0..4)
            .map(|key| {
                let wave = Arc::clone(&wave);
                thread::spawn(move || wave.enter(key))
            })
            .collect();
        handles.into_iter().for_each(|h| h.join().unwrap());
        assert!(wave.met());
        // What the wave orders is when members leave it; what a thread does after `enter`
        // returns races with its neighbours, so the order is read from the wave itself.
        assert_eq!(wave.finished(), vec![3, 2, 1, 0]);
    }

    #[test]
    fn a_sequential_caller_breaks_the_wave_once() {
        let wave = Wave::with_timing(2, Duration::from_millis(50), Duration::ZERO);
        let start = Instant::now();
        for key in 0..5 {
            wave.enter(key);
        }
        assert!(!wave.met());
        assert_eq!(wave.gathered(), 1);
        assert!(
            start.elapsed() < Duration::from_secs(2),
            "only the first wait may time out"
        );
    }

    #[test]
    fn an_extra_task_during_the_hold_is_counted() {
        let wave = Arc::new(Wave::with_timing(
            1,
            Duration::from_secs(5),
            Duration::from_secs(5),
        ));
        let member = {
            let wave = Arc::clone(&wave);
            thread::spawn(move || wave.enter(0))
        };
        while !wave.met() {
            thread::yield_now();
        }
        wave.enter(1);
        member.join().unwrap();
        assert_eq!(wave.extra(), 1);
    }
}
