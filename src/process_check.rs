//! What the process-pool check says about outcomes: each compared with the one expected, and
//! the likely mistake behind a difference (a crash read as an exit, a kill read as a crash...).

use crate::ProcessOutcome::{self, Exited, Signaled, TimedOut};
use crate::children::signal_name;
use crate::verdict::{Check, short_debug};
use crate::watchdog;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::time::Duration;

/// Why a call that runs child processes may never return, most likely first.
pub const HANG_CAUSES: &[&str] = &[
    "a child waited for with `wait()` and no timeout: one that hangs is waited for forever; \
     poll `try_wait()` and kill it once its own `timeout` has passed",
    "stdout read only after the child ended: a pipe holds 64 KiB, so a child with more to say \
     blocks and never ends; read it on a thread while the child runs",
    "a child's stdin left open (inherited, or piped and kept): a child that reads it waits \
     forever; give it `Stdio::null()`",
    "a reader thread joined before its child was killed: the pipe stays open while it lives",
];

/// What a check expects of a call that should not panic.
pub const NO_PANIC: &str = "an outcome for every command, without a panic";

/// Runs `call` under the watchdog for at most `limit`; a panic fails `check`, saying `on_panic`.
///
/// A `todo!()` still fails as "replace the todo!()".
#[track_caller]
pub fn call_within<F>(
    check: &Check,
    limit: Duration,
    on_panic: &str,
    call: F,
) -> Vec<ProcessOutcome>
where
    F: FnOnce() -> Vec<ProcessOutcome> + Send + 'static,
{
    let outcome = watchdog::within_for(check, limit, HANG_CAUSES, move || {
        catch_unwind(AssertUnwindSafe(call)).map_err(|payload| {
            match watchdog::payload_text(payload.as_ref()) {
                Some(text) if text.starts_with("not yet implemented") => resume_unwind(payload),
                Some(text) => text.to_string(),
                None => "a panic with a non-text payload".to_string(),
            }
        })
    });
    outcome.unwrap_or_else(|text| check.fail(on_panic, format!("it panicked: {text}")))
}

/// An outcome in words, for a message; a signal is named.
pub fn describe(outcome: Option<&ProcessOutcome>) -> String {
    match outcome {
        None => "missing".to_string(),
        Some(Signaled { signal }) => {
            format!("Signaled {{ signal: {signal} }} ({})", signal_name(*signal))
        }
        Some(Exited { code, stdout }) if stdout.len() > 200 => {
            let start: String = stdout.chars().take(20).collect();
            let bytes = stdout.len();
            format!("Exited {{ code: {code}, stdout: {bytes} bytes, starting {start:?} }}")
        }
        Some(other) => short_debug(other),
    }
}

/// True if `got` holds the same outcomes as `want`, in another order.
fn reordered(want: &[ProcessOutcome], got: &[ProcessOutcome]) -> bool {
    let mut left: Vec<&ProcessOutcome> = got.iter().collect();
    want != got
        && want.len() == got.len()
        && want.iter().all(|w| {
            let found = left.iter().position(|g| *g == w);
            found.map(|i| left.swap_remove(i)).is_some()
        })
}

/// Fails unless there is one outcome per command (`workers` only explains a common slip).
#[track_caller]
pub fn ensure_count(check: &Check, n: usize, workers: usize, got: &[ProcessOutcome]) {
    let zero = if workers == 0 && got.is_empty() && n > 0 {
        " (workers = 0 means num_cpus::get() workers, not none)"
    } else {
        ""
    };
    let (want, len) = (format!("{n} outcomes, one per command"), got.len());
    check.ensure(len == n, want, format!("{len} outcomes{zero}"));
}

/// Fails unless `got` equals `want`, explaining the likely mistake behind the first difference.
#[track_caller]
pub fn ensure_outcomes(check: &Check, want: &[ProcessOutcome], got: &[ProcessOutcome]) {
    ensure_count(check, want.len(), 1, got);
    if reordered(want, got) {
        let all = |o: &[ProcessOutcome]| {
            let lines: Vec<String> = o.iter().map(|o| describe(Some(o))).collect();
            lines.join("\n")
        };
        check.fail(
            format!("outcomes in the order of `commands`:\n{}", all(want)),
            format!(
                "the right outcomes in another order:\n{}\nkept in the order the children \
                 ended? Put each outcome at its command's index",
                all(got)
            ),
        );
    }
    for (i, (want, got)) in want.iter().zip(got).enumerate() {
        let why = match (want, got) {
            _ if want == got => continue,
            (Signaled { signal }, Exited { .. }) => format!(
                "\nthe child was ended by {}: a crash is `Signaled`. On Unix `status.code()` is \
                 None for a signal, and `ExitStatusExt::signal()` gives its number",
                signal_name(*signal)
            ),
            (TimedOut, Signaled { signal }) if *signal == libc::SIGKILL => {
                "\nthat is your own kill at the timeout: report the child `TimedOut`".into()
            }
            (TimedOut, _) => "\nthis child never ends by itself: kill it at its timeout".into(),
            (_, TimedOut) => "\nthis child ends by itself, within its timeout".into(),
            _ => String::new(),
        };
        check.fail(
            format!("outcome {i}: {}", describe(Some(want))),
            format!("outcome {i}: {}{why}", describe(Some(got))),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(f: impl FnOnce() + std::panic::UnwindSafe) -> String {
        let payload = catch_unwind(f).expect_err("the check fails");
        watchdog::payload_text(payload.as_ref())
            .unwrap_or_default()
            .to_string()
    }

    #[test]
    fn a_crash_read_as_an_exit_is_explained() {
        let check = Check::new("e09", "run_commands([crash])");
        let want = [Signaled {
            signal: libc::SIGSEGV,
        }];
        let got = [Exited {
            code: -1,
            stdout: String::new(),
        }];
        let text = message(|| ensure_outcomes(&check, &want, &got));
        assert!(
            text.contains("SIGSEGV") && text.contains("a crash is `Signaled`"),
            "{text}"
        );
        ensure_outcomes(&check, &want, &want);
    }

    #[test]
    fn a_panic_is_reported_with_what_was_expected() {
        let check = Check::new("e09", "run_commands([])");
        let text = message(|| {
            call_within(&check, Duration::from_secs(2), "no panic", || {
                panic!("boom")
            });
        });
        assert!(text.contains("expected: no panic") && text.contains("it panicked: boom"));
    }
}
