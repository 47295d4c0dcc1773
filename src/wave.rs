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
//!
//! A wave can come back in *rounds*: when every member of one round has left, the next `size`
//! tasks form the next round, met and held the same way, and a task that arrives while a
//! round is being released waits to join the next one. So "never more" is watched through
//! the batch, not only at its start: a pool that gains a worker later (a permit given back
//! twice, a caller that starts helping) shows its extra task beside a later round.

use crate::probe::lock;
use std::sync::{Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// How long a wave member waits for the others before the wave is declared broken.
pub const MEET_TIMEOUT: Duration = Duration::from_secs(3);
/// How long a full wave is held so that an extra task in flight is seen.
pub const HOLD: Duration = Duration::from_millis(200);
/// The most rounds [`Wave::rounds_for`] asks for: each holds the batch for [`HOLD`].
pub const MAX_ROUNDS: usize = 3;

/// The first `size` tasks meet, are held, then finish in reverse key order, for one round
/// or more; a wave of size 0 lets every task through.
#[derive(Debug)]
pub struct Wave {
    size: usize,
    rounds: usize,
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
    /// The round now gathering, held or being released, from 0.
    round: usize,
    /// How many rounds filled (all `size` members met).
    filled: usize,
    /// How many tasks joined the first round.
    first_gathered: usize,
    phase: Phase,
    /// Keys of this round's members in the order they joined.
    members: Vec<usize>,
    /// Which of this round's members (by join position) have left.
    left: Vec<bool>,
    /// Keys of every round's members in the order they left.
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
            rounds: 1,
            timeout,
            hold,
            state: Mutex::new(State {
                round: 0,
                filled: 0,
                first_gathered: 0,
                phase: Phase::Gathering,
                members: Vec::new(),
                left: Vec::new(),
                finished: Vec::new(),
                extra: 0,
            }),
            changed: Condvar::new(),
        }
    }

    /// The same wave, formed again for `rounds` rounds in all (at least one).
    pub fn rounds(mut self, rounds: usize) -> Wave {
        self.rounds = rounds.max(1);
        self
    }

    /// How many rounds of `size` a batch of `n` tasks can fill with at least one task left
    /// over (so a task too many has something to run), at most [`MAX_ROUNDS`].
    pub fn rounds_for(size: usize, n: usize) -> usize {
        if size == 0 {
            return 1;
        }
        (n.saturating_sub(1) / size).clamp(1, MAX_ROUNDS)
    }

    /// Called at the start of a task with its key (e.g. the item's index); may block.
    pub fn enter(&self, key: usize) {
        if self.size == 0 {
            return;
        }
        let mut state = lock(&self.state);
        let position = loop {
            match state.phase {
                Phase::Gathering => {
                    state.members.push(key);
                    state.left.push(false);
                    if state.round == 0 {
                        state.first_gathered += 1;
                    }
                    if state.members.len() == self.size {
                        state.phase = Phase::Full(Instant::now());
                        state.filled += 1;
                        self.changed.notify_all();
                    }
                    break state.members.len() - 1;
                }
                // The round is held: this task is one too many in flight.
                Phase::Full(_) if state.left.iter().all(|left| !left) => {
                    state.extra += 1;
                    self.changed.notify_all();
                    return;
                }
                // The round is being released and another follows: wait to join it.
                Phase::Full(_) if state.round + 1 < self.rounds => {
                    let round = state.round;
                    let deadline = Instant::now() + self.timeout;
                    while state.round == round && matches!(state.phase, Phase::Full(_)) {
                        let left = deadline.saturating_duration_since(Instant::now());
                        if left.is_zero() {
                            return;
                        }
                        state = self.wait(state, left);
                    }
                }
                Phase::Full(_) | Phase::Broken => return,
            }
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
        let all_left = state.left.iter().all(|&left| left);
        if all_left && state.round + 1 < self.rounds && matches!(state.phase, Phase::Full(_)) {
            state.round += 1;
            state.phase = Phase::Gathering;
            state.members.clear();
            state.left.clear();
        }
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

    /// True if all `size` tasks of the first round met (were in flight together).
    pub fn met(&self) -> bool {
        self.size == 0 || lock(&self.state).filled > 0
    }

    /// How many tasks joined the first round (fewer than `size` means it never filled).
    pub fn gathered(&self) -> usize {
        lock(&self.state).first_gathered
    }

    /// How many rounds filled: all `size` members met.
    pub fn rounds_met(&self) -> usize {
        lock(&self.state).filled
    }

    /// The keys of the members in the order they left the wave.
    pub fn finished(&self) -> Vec<usize> {
        lock(&self.state).finished.clone()
    }

    /// How many tasks arrived while a full round was held (each one too many in flight).
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

    /// Runs keys `0..n` on `threads` threads that take the next key as they come free; the
    /// thread with index `late` (if any) starts only once `starts_late_after` keys are taken.
    fn pool(wave: &Wave, n: usize, threads: usize, late: Option<(usize, usize)>) {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let next = AtomicUsize::new(0);
        thread::scope(|s| {
            for t in 0..threads {
                let next = &next;
                s.spawn(move || {
                    if let Some((late, after)) = late
                        && t == late
                    {
                        while next.load(Ordering::SeqCst) < after {
                            thread::yield_now();
                        }
                    }
                    loop {
                        let key = next.fetch_add(1, Ordering::SeqCst);
                        if key >= n {
                            break;
                        }
                        wave.enter(key);
                    }
                });
            }
        });
    }

    #[test]
    fn a_pool_of_the_right_size_fills_every_round_and_is_never_one_too_many() {
        let wave = Wave::with_timing(3, Duration::from_secs(5), Duration::from_millis(20));
        let wave = wave.rounds(Wave::rounds_for(3, 10));
        pool(&wave, 10, 3, None);
        assert_eq!(Wave::rounds_for(3, 10), 3);
        assert_eq!(
            (wave.rounds_met(), wave.extra(), wave.gathered()),
            (3, 0, 3)
        );
        // Each round leaves in reverse key order.
        let finished = wave.finished();
        for round in finished.chunks(3) {
            assert!(round.windows(2).all(|w| w[0] > w[1]), "{finished:?}");
        }
    }

    #[test]
    fn a_worker_that_joins_after_the_first_round_is_seen() {
        let wave = Wave::with_timing(2, Duration::from_secs(5), Duration::from_millis(200));
        let wave = wave.rounds(3);
        // Two workers, and a third that starts only once the first round has been released.
        pool(&wave, 9, 3, Some((2, 3)));
        assert!(wave.met());
        assert!(wave.extra() > 0, "the third worker was never seen");
    }

    #[test]
    fn rounds_leave_a_task_over_and_are_capped() {
        assert_eq!(Wave::rounds_for(2, 4), 1);
        assert_eq!(Wave::rounds_for(2, 5), 2);
        assert_eq!(Wave::rounds_for(1, 100), MAX_ROUNDS);
        assert_eq!(Wave::rounds_for(4, 3), 1);
        assert_eq!(Wave::rounds_for(0, 7), 1);
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
