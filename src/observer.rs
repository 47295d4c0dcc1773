//! Everything a check watches while the learner's code runs its tasks.
//!
//! A check wraps each task the learner's code runs in [`Observer::task`], which records the
//! call (key, thread, timeline span), counts it in flight, and sends it through a [`Wave`].
//! Afterwards the `ensure_*` methods turn what was seen into verdicts a learner can act on.

use crate::probe::{InFlight, ThreadSet, lock};
use crate::timeline::Timeline;
use crate::verdict::Check;
use crate::wave::Wave;
use std::sync::{Arc, Mutex};

/// The threads an exercise must run for `workers`: COURSE.md's rule, 0 means one per core.
pub fn pool_size(workers: usize) -> usize {
    if workers == 0 {
        num_cpus::get()
    } else {
        workers
    }
}

/// Probes around every task of one call under test.
#[derive(Debug)]
pub struct Observer {
    in_flight: InFlight,
    wave: Wave,
    threads: ThreadSet,
    timeline: Arc<Timeline>,
    keys: Mutex<Vec<usize>>,
}

impl Observer {
    /// An observer whose first `expected_peak` tasks must meet in flight.
    pub fn new(expected_peak: usize) -> Arc<Observer> {
        Observer::with_wave(Wave::new(expected_peak))
    }

    /// An observer for a batch of `n` tasks: its first `expected_peak` tasks meet, and the wave
    /// comes back in rounds through the batch, so a task too many is seen later on too.
    pub fn for_batch(expected_peak: usize, n: usize) -> Arc<Observer> {
        let rounds = Wave::rounds_for(expected_peak, n);
        Observer::with_wave(Wave::new(expected_peak).rounds(rounds))
    }

    /// An observer with a wave of your own timing.
    pub fn with_wave(wave: Wave) -> Arc<Observer> {
        Arc::new(Observer {
            in_flight: InFlight::new(),
            wave,
            threads: ThreadSet::new(),
            timeline: Arc::new(Timeline::new()),
            keys: Mutex::new(Vec::new()),
        })
    }

    /// Runs one task, identified by `key` (e.g. its item's index), under every probe.
    pub fn task<R>(&self, key: usize, body: impl FnOnce() -> R) -> R {
        self.threads.record();
        lock(&self.keys).push(key);
        let _span = self.timeline.start(key.to_string());
        let _in_flight = self.in_flight.enter();
        self.wave.enter(key);
        body()
    }

    /// The timeline of every task, for [`Check::with_timeline`].
    pub fn timeline(&self) -> Arc<Timeline> {
        Arc::clone(&self.timeline)
    }

    /// The most tasks that were in flight at once.
    pub fn peak(&self) -> usize {
        self.in_flight.peak()
    }

    /// The distinct threads that ran a task.
    pub fn threads(&self) -> &ThreadSet {
        &self.threads
    }

    /// The key of every task run, in the order they started.
    pub fn keys(&self) -> Vec<usize> {
        lock(&self.keys).clone()
    }

    /// Fails unless each key in `expected` (a multiset) was run exactly as often as it occurs.
    #[track_caller]
    pub fn ensure_each_once(&self, check: &Check, noun: &str, expected: &[usize]) {
        let mut want = expected.to_vec();
        let mut got = self.keys();
        want.sort_unstable();
        got.sort_unstable();
        if want == got {
            return;
        }
        let count = |keys: &[usize], key: usize| keys.iter().filter(|&&k| k == key).count();
        let mut problems = Vec::new();
        let mut all: Vec<usize> = want.iter().chain(&got).copied().collect();
        all.sort_unstable();
        all.dedup();
        for key in all {
            let (w, g) = (count(&want, key), count(&got, key));
            match g {
                _ if g == w => {}
                0 => problems.push(format!("item {key} was never run")),
                _ if w == 0 => problems.push(format!("item {key} does not exist but was run")),
                _ => problems.push(format!("item {key} ran {}, not {}", times(g), times(w))),
            }
            if problems.len() == 5 {
                problems.push("…".to_string());
                break;
            }
        }
        check.fail(
            format!("{noun} called once per item ({} calls)", want.len()),
            format!("{} calls: {}", got.len(), problems.join("; ")),
        )
    }

    /// Fails unless exactly `want` tasks were in flight at the peak: they met, and no more.
    #[track_caller]
    pub fn ensure_peak(&self, check: &Check, noun: &str, want: usize) {
        check.ensure_peak(noun, want, self.peak());
    }

    /// Fails if more than `most` distinct threads ran tasks.
    #[track_caller]
    pub fn ensure_threads_at_most(&self, check: &Check, noun: &str, most: usize) {
        let used = self.threads.len();
        check.ensure(
            used <= most,
            format!("{noun} run by at most {most} distinct threads: a pool reuses its threads"),
            format!("{used} different threads ran it: a new thread per item?"),
        );
    }
}

/// "once", "twice", "3 times".
fn times(n: usize) -> String {
    match n {
        1 => "once".to_string(),
        2 => "twice".to_string(),
        _ => format!("{n} times"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn failure(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
        let payload = std::panic::catch_unwind(f).unwrap_err();
        crate::watchdog::payload_text(payload.as_ref())
            .unwrap()
            .to_string()
    }

    #[test]
    fn sequential_tasks_are_seen_as_sequential() {
        let wave = Wave::with_timing(2, Duration::from_millis(20), Duration::ZERO);
        let observer = Observer::with_wave(wave);
        for key in 0..3 {
            observer.task(key, || ());
        }
        let check = Check::new("e00", "seq()");
        assert_eq!(observer.peak(), 1);
        observer.ensure_each_once(&check, "`f`", &[0, 1, 2]);
        let text = failure(|| observer.ensure_peak(&check, "`f`", 2));
        assert!(text.contains("one after another"), "{text}");
    }

    #[test]
    fn missing_and_repeated_items_are_named() {
        let observer = Observer::new(0);
        for key in [0, 0, 2] {
            observer.task(key, || ());
        }
        let check = Check::new("e00", "x()");
        let text = failure(|| observer.ensure_each_once(&check, "`f`", &[0, 1, 2]));
        assert!(text.contains("item 0 ran twice, not once"), "{text}");
        assert!(text.contains("item 1 was never run"), "{text}");
    }
}
