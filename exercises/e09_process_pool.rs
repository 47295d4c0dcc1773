//! Exercise e09 (Unix): processes, for isolation and for killing what hangs.
//!
//! A thread that crashes takes its whole program down, and a thread that hangs can only be
//! asked to stop. A child process crashes alone, and it can be killed. Here you run a batch of
//! commands as child processes, a few at a time, like the article's `multiprocessing.Pool`,
//! with a timeout for each.
//!
//! Write `run_commands` so that it:
//! - runs each command as a child process: `command[0]` is the program, the rest its arguments
//!   (no shell in between);
//! - keeps at most `workers` children alive at once (spawned and not yet reaped), and that
//!   many while commands remain (0 means `num_cpus::get()`);
//! - gives each child an empty stdin (null: reading it ends at once), captures its whole
//!   stdout as text (lossy UTF-8), read *while* it runs so a large output never blocks it, and
//!   leaves its stderr alone;
//! - kills a child still running `timeout` after its own start, reaps it (waits for it, so no
//!   zombie is left) and reports it `TimedOut`;
//! - reports a child ended by a signal (a crash) as `Signaled { signal }`, and goes on with
//!   the others;
//! - reports a program that cannot start, or an empty command, as `FailedToStart(reason)`,
//!   without panicking;
//! - returns the outcomes in the order of `commands`.
//!
//! You may use std (`std::process::Command`), threads, rayon or crossbeam.
//! Check your work: `cargo run -- check e09`. Stuck? `cargo run -- hint e09`.

use parlings::ProcessOutcome;
use std::time::Duration;

/// Runs every command as a child process, `workers` at a time, each killed after `timeout`.
pub fn run_commands(
    commands: &[Vec<String>],
    workers: usize,
    timeout: Duration,
) -> Vec<ProcessOutcome> {
    let _ = (commands, workers, timeout);
    todo!("run the commands as child processes, `workers` at a time")
}
