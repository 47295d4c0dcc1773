//! How the runner speaks: labels, exercise names, and the verdict of a check.

use super::outcome::Outcome;
use super::status::{self, Status, Statuses};
use super::text::strip_ansi;
use colored::{ColoredString, Colorize};
use parlings::catalog::Exercise;
use std::collections::HashSet;
use std::fmt::Write as _;
use std::sync::Mutex;

/// "error:" in bold red.
pub fn error_label() -> ColoredString {
    "error:".red().bold()
}

/// "warning:" in bold yellow.
pub fn warning_label() -> ColoredString {
    "warning:".yellow().bold()
}

/// "note:" in bold cyan.
pub fn note_label() -> ColoredString {
    "note:".cyan().bold()
}

/// Prints a warning (or, if not `serious`, a note) once per run, however often it comes up.
pub fn warn_once(message: &str, serious: bool) {
    static SEEN: Mutex<Option<HashSet<String>>> = Mutex::new(None);
    let mut seen = SEEN.lock().unwrap_or_else(|p| p.into_inner());
    if seen
        .get_or_insert_with(HashSet::new)
        .insert(message.to_string())
    {
        let label = if serious {
            warning_label()
        } else {
            note_label()
        };
        eprintln!("{label} {message}");
    }
}

/// "e01 io_bound", the way the runner names an exercise.
pub fn name(exercise: &Exercise) -> String {
    format!("{} {}", exercise.id, exercise.name)
}

/// A status mark and label in the status's colour.
pub fn status(status: Status) -> (ColoredString, ColoredString) {
    let paint = |s: &'static str| match status {
        Status::Done => s.green(),
        Status::Failing => s.red(),
        Status::Edited => s.yellow(),
        Status::NotStarted => s.dimmed(),
        Status::Missing => s.magenta(),
    };
    (paint(status.mark()), paint(status.label()))
}

/// The verdict of one check, as the learner sees it.
pub fn outcome(exercise: &Exercise, outcome: &Outcome) -> String {
    let who = name(exercise);
    let mut out = String::new();
    match outcome {
        Outcome::Passed { passed, warnings } => {
            let count = match passed {
                0 => String::from("every check passes"),
                1 => String::from("its check passes"),
                n => format!("all {n} checks pass"),
            };
            let _ = writeln!(
                out,
                "{} {}",
                format!("✔ {who}:").green().bold(),
                count.green()
            );
            advice(&mut out, warnings.iter());
        }
        Outcome::Failed {
            failed,
            total,
            messages,
            warnings,
        } => {
            let what = if failed == total {
                format!("{failed} of {total} checks fail")
            } else {
                format!("{failed} of {total} checks fail ({} pass)", total - failed)
            };
            let _ = writeln!(out, "{} {}\n", format!("✘ {who}:").red().bold(), what.red());
            for (message, same) in grouped(messages) {
                let _ = writeln!(out, "{}", message.trim_end());
                if !same.is_empty() {
                    let checks = if same.len() == 1 { "check" } else { "checks" };
                    let more = format!("The same failure in {} more {checks}.", same.len());
                    let _ = writeln!(out, "{}", more.dimmed());
                }
                out.push('\n');
            }
            advice(&mut out, warnings.iter());
        }
        Outcome::CompileError(errors) => {
            let _ = writeln!(
                out,
                "{} {}\n",
                format!("✘ {who}:").red().bold(),
                format!("{} does not compile", exercise.file()).red()
            );
            for error in errors {
                let _ = writeln!(out, "{}\n", error.text.trim_end());
            }
        }
        Outcome::TimedOut(seconds) => {
            let _ = writeln!(
                out,
                "{} {}\nYour code probably waits for something that never happens: a join never \
                 reached, a channel never closed, a lock never released.\nhint: cargo run -- hint {}",
                format!("✘ {who}:").red().bold(),
                format!("the checks were still running after {seconds} s, so they were stopped.")
                    .red(),
                exercise.id
            );
        }
        Outcome::Cancelled => {
            let _ = writeln!(
                out,
                "{} check stopped before it finished.",
                format!("… {who}:").dimmed()
            );
        }
        Outcome::Broken(text) => {
            let _ = writeln!(
                out,
                "{} cargo could not run the check (this is not about your code):\n{text}",
                format!("! {who}:").magenta().bold()
            );
        }
    }
    out.trim_end().to_string()
}

/// Messages grouped by their body (all but the first line): each group's first message, and
/// the calls of the others, so six checks failing on one `todo!()` read as one message.
fn grouped(messages: &[String]) -> Vec<(&str, Vec<String>)> {
    let body = |m: &str| strip_ansi(m.split_once('\n').map_or("", |(_, rest)| rest));
    let call = |m: &str| {
        let first = strip_ansi(m.lines().next().unwrap_or_default());
        first
            .split_once(": ")
            .map_or(first.clone(), |(_, c)| c.to_string())
    };
    let mut groups: Vec<(&str, String, Vec<String>)> = Vec::new();
    for message in messages {
        let key = body(message);
        match groups.iter_mut().find(|(_, k, _)| *k == key) {
            Some((_, _, same)) => same.push(call(message)),
            None => groups.push((message.as_str(), key, Vec::new())),
        }
    }
    groups.into_iter().map(|(m, _, same)| (m, same)).collect()
}

/// rustc's warnings about the learner's file, one line each, at most three.
fn advice<'a>(
    out: &mut String,
    warnings: impl ExactSizeIterator<Item = &'a super::diagnostics::Diagnostic>,
) {
    let total = warnings.len();
    if total == 0 {
        return;
    }
    let _ = writeln!(out, "{}", "rustc warns about your file:".yellow());
    for warning in warnings.take(3) {
        let _ = writeln!(out, "  {}", warning.one_line());
    }
    if total > 3 {
        let _ = writeln!(
            out,
            "  … and {} more (cargo test --test <name> shows them all)",
            total - 3
        );
    }
}

/// What to do after a verdict, outside watch mode.
pub fn after_check(exercise: &Exercise, outcome: &Outcome, statuses: &Statuses) -> String {
    match outcome.verdict() {
        Some(true) => match status::next_unfinished(statuses, Some(exercise)) {
            Some(next) => format!(
                "Next: {} ({}): `cargo run -- check {}`, or `cargo run` for the menu.",
                name(next).bold(),
                next.title,
                next.id
            ),
            None => format!("{}", "Every exercise passes. Well done!".green().bold()),
        },
        Some(false) => format!(
            "Edit {}, then check again: `cargo run -- check {id}` (or `cargo run -- watch {id}`).",
            exercise.file().bold(),
            id = exercise.id
        ),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_failures_are_told_once() {
        let block =
            |call: &str, got: &str| format!("┌─ parlings check e01: {call}\n│ got: {got}\n└─");
        let messages = vec![
            block("f(1)", "todo"),
            block("f(2)", "todo"),
            block("f(3)", "slow"),
        ];
        let groups = grouped(&messages);
        assert_eq!(groups.len(), 2);
        assert_eq!(groups[0].1, ["f(2)"]);
        assert!(groups[1].0.contains("f(3)") && groups[1].1.is_empty());
    }
}
