//! The course at a glance: every lesson and exercise, the next step, the commands.

use super::cli;
use super::show::{self, name};
use super::status::{self, Status, Statuses};
use colored::Colorize;
use parlings::catalog::{LESSONS, exercises_of};
use std::fmt::Write as _;

/// Every lesson with its exercises and their states.
pub fn list(statuses: &Statuses) -> String {
    let width = statuses
        .iter()
        .map(|(e, _)| name(e).chars().count())
        .max()
        .unwrap_or(0);
    let titles = statuses
        .iter()
        .map(|(e, _)| e.title.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = format!(
        "{} · {}\n",
        "parlings".bold(),
        status::progress_line(statuses)
    );
    for lesson in LESSONS {
        let _ = writeln!(
            out,
            "\n{} · {} · {} · {}",
            format!("Lesson {}", lesson.number).bold(),
            lesson.title,
            article_step(lesson.article_step),
            format!("cargo run -- lesson {}", lesson.number).dimmed()
        );
        for exercise in exercises_of(lesson) {
            let (mark, label) = show::status(status::status_in(statuses, exercise));
            let _ = writeln!(
                out,
                "  {mark} {:width$}  {:titles$}  {label}",
                name(exercise),
                exercise.title
            );
        }
    }
    out.trim_end().to_string()
}

/// "article step 3", or "every article step" for the capstone's "all".
pub fn article_step(step: &str) -> String {
    if step == "all" {
        "every article step".to_string()
    } else {
        format!("article step {step}")
    }
}

/// The next unfinished exercise and how to get at it.
pub fn next(statuses: &Statuses) -> String {
    match status::next_unfinished(statuses, None) {
        Some(e) => format!(
            "Next: {} · {} ({})\n  edit   {}\n  learn  cargo run -- lesson {}\n  check  cargo run -- check {id}\n  hint   cargo run -- hint {id}",
            name(e).bold(),
            e.title,
            status::status_in(statuses, e).label(),
            e.file(),
            e.lesson,
            id = e.id
        ),
        None => format!("{}", "Every exercise passes. Well done!".green().bold()),
    }
}

/// The commands, one line each, built from the command line's own definition.
pub fn commands() -> String {
    let command = cli::command();
    let mut rows = Vec::new();
    for sub in command.get_subcommands() {
        let mut usage = sub.get_name().to_string();
        for arg in sub.get_positionals() {
            let value = arg
                .get_value_names()
                .and_then(|v| v.first().map(ToString::to_string))
                .unwrap_or_else(|| arg.get_id().to_string());
            let value = if arg.is_required_set() {
                value
            } else {
                format!("[{value}]")
            };
            usage.push(' ');
            usage.push_str(&value);
        }
        rows.push((
            usage,
            sub.get_about().map(ToString::to_string).unwrap_or_default(),
        ));
    }
    let width = rows.iter().map(|(u, _)| u.len()).max().unwrap_or(0);
    let mut out = String::from("Commands: cargo run -- <command>\n");
    for (usage, about) in rows {
        let _ = writeln!(out, "  {usage:width$}  {about}");
    }
    out.push_str(
        "An exercise is named by its id, number, stem or name: e01, 1, e01_io_bound, io_bound.",
    );
    out
}

/// A bar and the count of each state, e.g. "[■■□□□] 2/5 exercises done · 1 failing".
pub fn progress_summary(statuses: &Statuses) -> String {
    let bar: String = statuses
        .iter()
        .map(|(_, s)| if *s == Status::Done { "■" } else { "□" })
        .collect();
    let mut counts = Vec::new();
    for state in [
        Status::Failing,
        Status::Edited,
        Status::NotStarted,
        Status::Missing,
    ] {
        let n = statuses.iter().filter(|(_, s)| *s == state).count();
        if n > 0 {
            counts.push(format!("{n} {}", state.label()));
        }
    }
    let rest = if counts.is_empty() {
        String::new()
    } else {
        format!(" · {}", counts.join(" · "))
    };
    format!(
        "{} {}{rest}",
        bar.green(),
        status::progress_line(statuses).bold()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_commands_list_every_subcommand() {
        let text = commands();
        for sub in [
            "list",
            "check ID|all",
            "hint ID [LEVEL]",
            "watch [ID]",
            "reset ID",
            "next",
            "lesson N [ARGS]",
            "progress",
        ] {
            assert!(text.contains(sub), "{sub} missing from:\n{text}");
        }
    }
}
