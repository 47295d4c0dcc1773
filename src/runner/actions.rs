//! Each command's behaviour outside the menu: what it prints and its exit code.

use super::check::{self, Feedback};
use super::cli::Action;
use super::project::Project;
use super::reset::{self, Done};
use super::{hints, lesson, menu, overview, show, status, terminal, watch};
use anyhow::Result;
use colored::Colorize;
use parlings::catalog::{EXERCISES, Exercise};
use std::process::ExitCode;

/// Performs an action; the exit code is 0 only when it fully succeeded.
pub fn run(action: Action) -> Result<ExitCode> {
    let project = Project::locate()?;
    match action {
        Action::Menu if terminal::interactive() => menu::run(&project),
        Action::Menu => {
            println!(
                "{}\n\n{}",
                overview::list(&status::all(&project)),
                overview::commands()
            );
            println!(
                "{}",
                "(No terminal here, or CI is set: `cargo run` in a terminal opens the menu.)"
                    .dimmed()
            );
            Ok(ExitCode::SUCCESS)
        }
        Action::List => {
            println!("{}", overview::list(&status::all(&project)));
            Ok(ExitCode::SUCCESS)
        }
        Action::Check(Some(exercise)) => check_one(&project, exercise),
        Action::Check(None) => check_all(&project),
        Action::Hint(exercise, level) => {
            println!("{}", hints::hint(exercise, level));
            Ok(ExitCode::SUCCESS)
        }
        Action::Watch(start) if terminal::interactive() => watch::run(&project, start),
        Action::Watch(start) => {
            eprintln!(
                "{} watch needs a terminal to wait for your saves and keys; checking once instead.",
                show::note_label()
            );
            let statuses = status::all(&project);
            let exercise = start.or_else(|| status::next_unfinished(&statuses, None));
            match exercise {
                Some(exercise) => check_one(&project, exercise),
                None => {
                    println!("{}", overview::next(&statuses));
                    Ok(ExitCode::SUCCESS)
                }
            }
        }
        Action::Reset(exercise) => {
            println!("{}", reset_message(&project, exercise)?);
            Ok(ExitCode::SUCCESS)
        }
        Action::Next => {
            println!("{}", overview::next(&status::all(&project)));
            Ok(ExitCode::SUCCESS)
        }
        Action::Lesson(lesson, args) => lesson::run(&project, lesson, &args),
        Action::Progress => {
            let statuses = status::all(&project);
            println!(
                "{}\n\n{}",
                overview::progress_summary(&statuses),
                overview::next(&statuses)
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Checks one exercise and prints its verdict and what to do next.
pub fn check_one(project: &Project, exercise: &Exercise) -> Result<ExitCode> {
    let outcome = check::check(project, exercise, Feedback::Spinner)?;
    println!("{}", show::outcome(exercise, &outcome));
    let after = show::after_check(exercise, &outcome, &status::all(project));
    if !after.is_empty() {
        println!("\n{after}");
    }
    Ok(exit_code(outcome.verdict() == Some(true)))
}

/// Checks every exercise in order, one line each; exit code 0 only if all pass.
fn check_all(project: &Project) -> Result<ExitCode> {
    let mut all_pass = true;
    for exercise in EXERCISES {
        let outcome = check::check(project, exercise, Feedback::Spinner)?;
        all_pass &= outcome.verdict() == Some(true);
        let text = show::outcome(exercise, &outcome);
        println!("{}", text.lines().next().unwrap_or_default());
    }
    let statuses = status::all(project);
    println!("\n{}", overview::progress_summary(&statuses));
    if let Some(next) = status::next_unfinished(&statuses, None) {
        println!(
            "Why {} fails: cargo run -- check {}",
            show::name(next),
            next.id
        );
    }
    Ok(exit_code(all_pass))
}

/// Resets an exercise and says where the learner's file went.
pub fn reset_message(project: &Project, exercise: &Exercise) -> Result<String> {
    Ok(match reset::reset(project, exercise)? {
        Done::AlreadyPristine => format!(
            "{} is already the unsolved stub: nothing to reset.",
            exercise.file()
        ),
        Done::Restored(None) => format!("{} is the unsolved stub again.", exercise.file()),
        Done::Restored(Some(backup)) => {
            let shown = backup.strip_prefix(project.root()).unwrap_or(&backup);
            format!(
                "Your file was saved as {}\n{} is the unsolved stub again.",
                shown.display().to_string().bold(),
                exercise.file()
            )
        }
    })
}

fn exit_code(success: bool) -> ExitCode {
    if success {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
