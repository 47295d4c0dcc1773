//! Turns a hang into a failure with a diagnosis, within seconds, never a frozen terminal.
//!
//! A check runs the learner's code on a thread of its own (named [`CALLER`]) and waits for it
//! with a deadline. If the deadline passes, the check fails with the likely causes of a hang
//! and the hint command; the stuck thread is left behind and dies with the test process.

use crate::verdict::Check;
use std::any::Any;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

/// The default time a check waits for the learner's code before calling it stuck.
pub const LIMIT: Duration = Duration::from_secs(8);

/// The name of the thread that calls the learner's code in a check.
pub const CALLER: &str = "caller";

/// Causes of a hang common to every exercise that spawns threads.
pub const COMMON_CAUSES: &[&str] = &[
    "a worker count of 0 taken literally: no thread runs the items (0 means num_cpus::get())",
    "a `join` never reached, or a thread waiting for a message nobody will send",
    "a channel whose last sender was never dropped, so the receiving loop never ends",
    "a lock held while waiting for another thread that needs the same lock",
];

/// Runs `f` on its own thread; fails `check` if it does not return within [`LIMIT`].
#[track_caller]
pub fn within<R, F>(check: &Check, likely: &[&str], f: F) -> R
where
    R: Send + 'static,
    F: FnOnce() -> R + Send + 'static,
{
    within_for(check, LIMIT, likely, f)
}

/// Runs `f` on its own thread; fails `check` if it does not return within `limit`.
///
/// `likely` names the causes of a hang most likely for this exercise; [`COMMON_CAUSES`] follow.
/// A panic in `f` fails the check too: a `todo!()` says the exercise is not started yet.
#[track_caller]
pub fn within_for<R, F>(check: &Check, limit: Duration, likely: &[&str], f: F) -> R
where
    R: Send + 'static,
    F: FnOnce() -> R + Send + 'static,
{
    let (done, outcome) = mpsc::channel();
    let spawned = thread::Builder::new()
        .name(CALLER.to_string())
        .spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
            let _ = done.send(result);
        });
    if let Err(error) = spawned {
        check.fail(
            "a thread to run the check on",
            format!("could not spawn one: {error}"),
        );
    }
    match outcome.recv_timeout(limit) {
        Ok(Ok(value)) => value,
        Ok(Err(payload)) => explain_panic(check, payload),
        Err(_) => {
            let mut causes = String::from("Likely causes:");
            for cause in likely.iter().chain(COMMON_CAUSES) {
                causes.push_str("\n  - ");
                causes.push_str(cause);
            }
            check.fail(
                format!("the call to return within {} s", limit.as_secs()),
                format!(
                    "it was still running after {} s: it is probably stuck.\n{causes}",
                    limit.as_secs()
                ),
            )
        }
    }
}

/// Text of a panic payload, if it is a `&str` or a `String`.
pub fn payload_text(payload: &(dyn Any + Send)) -> Option<&str> {
    payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
}

/// Re-raises a check's own failure; explains a `todo!()` or any other panic of the learner's.
#[track_caller]
fn explain_panic(check: &Check, payload: Box<dyn Any + Send>) -> ! {
    match payload_text(payload.as_ref()) {
        Some(text) if text.contains(crate::verdict::BEGIN) => std::panic::resume_unwind(payload),
        Some(text) if text.starts_with("not yet implemented") => check.fail(
            "the exercise to be implemented",
            format!("it still hits `todo!()` ({text}): replace the todo!() with your code"),
        ),
        Some(text) => check.fail(
            "the call to return normally",
            format!("it panicked: {text}"),
        ),
        None => check.fail(
            "the call to return normally",
            "it panicked (with a non-text payload)",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message_of(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
        let payload = std::panic::catch_unwind(f).unwrap_err();
        payload_text(payload.as_ref()).unwrap().to_string()
    }

    #[test]
    fn returns_the_value_of_a_quick_call() {
        let check = Check::new("e00", "quick()");
        assert_eq!(within(&check, &[], || 42), 42);
    }

    #[test]
    fn a_hang_fails_with_the_likely_causes() {
        let check = Check::new("e00", "stuck()");
        let text = message_of(|| {
            within_for(
                &check,
                Duration::from_millis(100),
                &["a sender never dropped"],
                || thread::sleep(Duration::from_secs(60)),
            )
        });
        assert!(text.contains("probably stuck"));
        assert!(text.contains("a sender never dropped"));
        assert!(text.contains("hint: cargo run -- hint e00"));
    }

    #[test]
    fn a_todo_says_the_exercise_is_not_started() {
        let check = Check::new("e00", "stub()");
        let text = message_of(|| {
            within(&check, &[], || -> u8 { todo!() });
        });
        assert!(text.contains("replace the todo!()"));
    }

    #[test]
    fn the_call_runs_on_a_thread_named_caller() {
        let check = Check::new("e00", "name()");
        let name = within(&check, &[], || thread::current().name().map(String::from));
        assert_eq!(name.as_deref(), Some(CALLER));
    }
}
