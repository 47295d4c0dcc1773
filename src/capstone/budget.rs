//! A per-item budget: a deadline and the run's cancel token, which cooperative work checks.
//!
//! A thread cannot be killed from outside (lesson 4; lesson 5 kills processes instead), so the
//! work itself asks "should I stop?" as it goes: between records, and before every read.

use crate::Cancel;
use std::cell::Cell;
use std::fmt;
use std::io::{self, Read};
use std::time::{Duration, Instant};

/// How long a read that found no data yet (a stalled pipe) waits before it asks again.
pub const POLL: Duration = Duration::from_millis(5);

/// Why cooperative work was asked to stop.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    /// The item ran past its deadline.
    Deadline,
    /// The whole run was cancelled (Ctrl-C).
    Cancelled,
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Stop::Deadline => "stopped: its deadline passed",
            Stop::Cancelled => "stopped: the run was cancelled",
        })
    }
}

impl std::error::Error for Stop {}

/// One item's budget: it must finish before its deadline, and stop when the run is cancelled.
///
/// The budget remembers the first time it said stop, so whoever ran the work knows why the
/// work gave up, whatever error the work turned the stop into.
#[derive(Debug)]
pub struct Budget {
    cancel: Cancel,
    deadline: Option<Instant>,
    stopped: Cell<Option<Stop>>,
}

impl Budget {
    /// A budget of `limit` from now, which also stops when `cancel` is cancelled.
    pub fn new(cancel: &Cancel, limit: Duration) -> Budget {
        Budget {
            cancel: cancel.clone(),
            // A limit too far away to represent is no limit.
            deadline: Instant::now().checked_add(limit),
            stopped: Cell::new(None),
        }
    }

    // ANCHOR: check
    /// `Ok` while the work may go on; `Err(why)` once it should stop (and from then on).
    pub fn check(&self) -> Result<(), Stop> {
        if let Some(stop) = self.stopped.get() {
            return Err(stop);
        }
        let stop = if self.cancel.is_cancelled() {
            Stop::Cancelled
        } else if self.deadline.is_some_and(|d| Instant::now() >= d) {
            Stop::Deadline
        } else {
            return Ok(());
        };
        self.stopped.set(Some(stop));
        Err(stop)
    }
    // ANCHOR_END: check

    /// Why the work was told to stop, if [`Budget::check`] ever said so.
    pub fn stopped(&self) -> Option<Stop> {
        self.stopped.get()
    }
}

/// A reader that checks a [`Budget`] before every read, and waits (politely, checking the
/// budget) when a non-blocking source has no data yet instead of blocking forever.
#[derive(Debug)]
pub struct StopReader<'a, R> {
    inner: R,
    budget: &'a Budget,
}

impl<'a, R: Read> StopReader<'a, R> {
    /// Wraps `inner`, which gives up as soon as `budget` says stop.
    pub fn new(inner: R, budget: &'a Budget) -> StopReader<'a, R> {
        StopReader { inner, budget }
    }
}

impl<R: Read> Read for StopReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            self.budget.check().map_err(io::Error::other)?;
            match self.inner.read(buf) {
                // A non-blocking pipe or socket with nothing to read yet: ask again soon.
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => std::thread::sleep(POLL),
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                other => return other,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_budget_stops_at_its_deadline_or_when_cancelled_and_remembers_why() {
        let cancel = Cancel::new();
        let budget = Budget::new(&cancel, Duration::from_secs(3600));
        assert_eq!(budget.check(), Ok(()));
        cancel.cancel();
        assert_eq!(budget.check(), Err(Stop::Cancelled));
        let late = Budget::new(&Cancel::new(), Duration::ZERO);
        assert_eq!(late.check(), Err(Stop::Deadline));
        assert_eq!(late.stopped(), Some(Stop::Deadline));
        assert_eq!(Budget::new(&Cancel::new(), Duration::MAX).check(), Ok(()));
    }

    #[test]
    fn a_stop_reader_reads_until_its_budget_says_stop() {
        let budget = Budget::new(&Cancel::new(), Duration::from_secs(3600));
        let mut text = String::new();
        StopReader::new(&b"[1, 2]"[..], &budget)
            .read_to_string(&mut text)
            .expect("reading a slice");
        assert_eq!(text, "[1, 2]");
        let late = Budget::new(&Cancel::new(), Duration::ZERO);
        let err = StopReader::new(&b"[1]"[..], &late).read(&mut [0; 8]);
        assert!(err.is_err() && late.stopped() == Some(Stop::Deadline));
    }
}
