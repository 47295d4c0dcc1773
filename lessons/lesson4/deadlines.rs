//! Lesson 4, step 3: a deadline instead of a hang; a thread is asked to stop, never killed.

use anyhow::{Result, anyhow, ensure};
use parlings::Cancel;
use parlings::lesson::Lesson;
use parlings::measure::{self, Cell, Grid, fmt_duration};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

/// How often the polite task looks at its token.
const POLL: Duration = Duration::from_millis(10);

/// A task that hangs must not hang the batch: wait with a deadline, like the article's
/// `map_async().get(timeout)`. But a thread cannot be killed, only asked to stop: the task
/// must poll a cancel token, or it runs on after the deadline.
pub fn a_stuck_task(lesson: &mut Lesson, deadline_ms: u64) -> Result<()> {
    lesson.step(
        "Deadlines: stop waiting, then ask the task to stop",
        "A task that hangs must not hang the batch: wait with a deadline, like the article's \
         `map_async().get(timeout)`. But a thread cannot be killed, only asked to stop: the \
         task must poll a cancel token, or it runs on after the deadline.",
    );
    lesson.code(
        "Python: pool.map_async(work, items).get(timeout=T)  # TimeoutError; the worker runs on\n\
         Rust:   rx.recv_timeout(T)   // Err(Timeout); the thread runs on\n\
         \x20       cancel.cancel()      // the task sees cancel.is_cancelled() and returns",
    );
    let deadline = Duration::from_millis(deadline_ms);
    let hang = 4 * deadline;
    lesson.say(&format!(
        "Two tasks stuck for {} (a server that does not answer), each waited for with a \
         deadline of {}; at the deadline the caller gives up and calls cancel():",
        fmt_duration(hang),
        fmt_duration(deadline)
    ));
    let mut grid = Grid::new([
        "the stuck task",
        "recv_timeout\ngave up after",
        "still running\nthen",
        "ended after\ncancel()",
    ]);
    let mut stops = Vec::new();
    for (label, polls) in [
        ("polls a Cancel (10 ms)", true),
        ("never looks at a token", false),
    ] {
        let run = wait_then_cancel(polls, deadline, hang)?;
        grid.row(vec![
            Cell::text(label),
            Cell::num(fmt_duration(run.gave_up)),
            Cell::text(if run.running { "yes" } else { "no" }),
            Cell::num(fmt_duration(run.stopped)),
        ]);
        stops.push(run.stopped);
    }
    print!("{}", grid.render());
    lesson.say(&format!(
        "Both waits ended on time with Err(Timeout), and both threads were still running. \
         The task that polls stopped {} after cancel(); the other ran on for {}, until its \
         own wait ended: cancel() is a request, and only a task that looks at it can obey. \
         Had it hung for ever, its thread would have stayed for ever.",
        fmt_duration(stops[0]),
        fmt_duration(stops[1])
    ));
    lesson.note(
        "Python's TimeoutError leaves the worker process running the same way, until \
         `pool.terminate()` kills it. Killing is what processes can do and threads cannot: \
         lesson 5.",
    );
    Ok(())
}

/// What [`wait_then_cancel`] saw.
pub(crate) struct Stop {
    /// When `recv_timeout` returned, from the start.
    pub(crate) gave_up: Duration,
    /// Whether the thread was still running at that moment.
    pub(crate) running: bool,
    /// How long after `cancel()` the thread ended (its join returned).
    pub(crate) stopped: Duration,
}

// ANCHOR: wait_then_cancel
/// Starts a task stuck for `hang`, waits `deadline` for its result, then cancels and joins it.
pub(crate) fn wait_then_cancel(polls: bool, deadline: Duration, hang: Duration) -> Result<Stop> {
    let cancel = Cancel::new();
    let (tx, rx) = mpsc::channel();
    let token = cancel.clone();
    let start = Instant::now();
    let worker = thread::spawn(move || {
        let answered = if polls {
            stuck_but_polling(hang, &token)
        } else {
            thread::sleep(hang);
            true
        };
        // The caller may have stopped listening: then nobody wants the answer.
        let _ = tx.send(answered);
    });
    let outcome = rx.recv_timeout(deadline);
    let gave_up = start.elapsed();
    ensure!(
        outcome == Err(RecvTimeoutError::Timeout),
        "the stuck task answered before its deadline"
    );
    let running = !worker.is_finished();
    cancel.cancel();
    let (stopped, joined) = measure::time(|| worker.join());
    joined.map_err(|_| anyhow!("the stuck task panicked"))?;
    Ok(Stop {
        gave_up,
        running,
        stopped,
    })
}
// ANCHOR_END: wait_then_cancel

// ANCHOR: stuck_but_polling
/// Waits up to `hang` in short sleeps, looking at `cancel` between them; false if cancelled.
fn stuck_but_polling(hang: Duration, cancel: &Cancel) -> bool {
    let start = Instant::now();
    while start.elapsed() < hang {
        if cancel.is_cancelled() {
            return false;
        }
        thread::sleep(POLL);
    }
    true
}
// ANCHOR_END: stuck_but_polling
