//! Checking one exercise: run its test target, read the verdict, record it.

use super::capture::{self, Ended};
use super::diagnostics::is_status_line;
use super::outcome::{self, Outcome};
use super::progress::{self, Record};
use super::project::Project;
use super::show;
use super::status;
use super::stubs;
use super::terminal;
use anyhow::Result;
use indicatif::{ProgressBar, ProgressStyle};
use parlings::catalog::Exercise;
use std::io::IsTerminal;
use std::time::Duration;

/// The runner's own limit on a check's tests (the checks' watchdog normally fails a hang in
/// seconds; this catches the rest). `PARLINGS_CHECK_TIMEOUT` (seconds) overrides it.
pub const LIMIT: Duration = Duration::from_secs(120);

/// How a check shows that it is running.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feedback {
    /// A spinner on stderr naming cargo's current step (only when stderr is a terminal).
    Spinner,
    /// Nothing: the caller draws its own screen.
    Quiet,
}

/// Checks an exercise: runs `cargo test --test <stem>`, reads the outcome, records the verdict.
pub fn check(project: &Project, exercise: &Exercise, feedback: Feedback) -> Result<Outcome> {
    // Fingerprint first: the verdict belongs to the content that was compiled, so a save
    // during the check leaves the exercise "edited", never a stale green.
    let fingerprint = status::fingerprint(project, exercise);
    let spinner = (feedback == Feedback::Spinner && std::io::stderr().is_terminal())
        .then(|| spinner(exercise));
    let color = terminal::color();
    let mut command = project.cargo();
    command
        .args(["test", "--test", exercise.test_target()])
        .arg(if color {
            "--color=always"
        } else {
            "--color=never"
        })
        .env("RUST_BACKTRACE", "0");
    if color {
        command.env("CLICOLOR_FORCE", "1");
    }
    let starts_clock =
        |line: &str| is_status_line(line) && line.trim_start().starts_with("Running ");
    let captured = capture::run(command, limit(), &starts_clock, &mut |line| {
        if let Some(bar) = &spinner {
            if let Some(step) = step(line) {
                bar.set_message(format!(
                    "checking {} {}: {step}",
                    exercise.id, exercise.name
                ));
            }
        }
    });
    if let Some(bar) = &spinner {
        bar.finish_and_clear();
    }
    let captured = captured?;
    let outcome = match captured.ended {
        Ended::Cancelled => Outcome::Cancelled,
        Ended::TimedOut => Outcome::TimedOut(limit().as_secs()),
        Ended::Exited => outcome::parse(
            captured.success,
            &captured.stdout,
            &captured.stderr,
            &exercise.file(),
        ),
    };
    let outcome = if is_stub(project, exercise) {
        outcome.without_warnings()
    } else {
        outcome
    };
    if let (Some(passed), Some(fingerprint)) = (outcome.verdict(), fingerprint) {
        remember(
            project,
            exercise,
            Record {
                passed,
                fingerprint,
            },
        );
    }
    Ok(outcome)
}

/// True if the exercise's file is still the unsolved stub (whose warnings are not news).
fn is_stub(project: &Project, exercise: &Exercise) -> bool {
    let file = std::fs::read(project.exercise_file(exercise)).unwrap_or_default();
    stubs::stub(exercise.stem).is_some_and(|stub| stub.as_bytes() == file)
}

/// Records a verdict; a failure to write is a warning, never a lost verdict.
fn remember(project: &Project, exercise: &Exercise, record: Record) {
    let path = project.progress_file();
    match progress::record(&path, exercise.stem, record) {
        Ok(Some(kept)) => show::warn_once(
            &format!(
                "the unusable progress file was kept as {} and a new one started",
                kept.display()
            ),
            true,
        ),
        Ok(None) => {}
        Err(error) => show::warn_once(
            &format!(
                "could not save progress ({error:#}); the verdict stands, it is just not \
                 remembered. Your exercise files are untouched."
            ),
            true,
        ),
    }
}

/// The limit, from `PARLINGS_CHECK_TIMEOUT` if set.
fn limit() -> Duration {
    std::env::var("PARLINGS_CHECK_TIMEOUT")
        .ok()
        .and_then(|s| s.trim().parse::<u64>().ok())
        .map_or(LIMIT, Duration::from_secs)
}

fn spinner(exercise: &Exercise) -> ProgressBar {
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner:.cyan} {msg} {elapsed:.dim}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(format!("checking {} {}", exercise.id, exercise.name));
    bar.enable_steady_tick(Duration::from_millis(100));
    bar
}

/// A short description of cargo's step from one of its status lines.
fn step(line: &str) -> Option<String> {
    let plain = super::text::strip_ansi(line);
    if !is_status_line(&plain) {
        return None;
    }
    let plain = plain.trim_start();
    let (verb, rest) = plain.split_once(' ').unwrap_or((plain, ""));
    let what = rest.split_whitespace().next().unwrap_or("");
    Some(match verb {
        "Compiling" => format!("compiling {what}"),
        "Running" => String::from("running the checks"),
        "Blocking" => String::from("waiting for another cargo to finish"),
        _ => format!("{} {what}", verb.to_lowercase()),
    })
}
