//! Running a lesson: `cargo run --bin lessonN -- ARGS` in the foreground.

use super::interrupt::Foreground;
use super::project::Project;
use anyhow::{Context, Result};
use colored::Colorize;
use parlings::catalog::Lesson;
use std::process::ExitCode;

/// Runs a lesson with the terminal handed to it; returns its exit code.
///
/// Ctrl-C stops the lesson, not the runner (the menu comes back).
pub fn run(project: &Project, lesson: &Lesson, args: &[String]) -> Result<ExitCode> {
    let shown = if args.is_empty() {
        format!("cargo run --bin {}", lesson.bin)
    } else {
        format!("cargo run --bin {} -- {}", lesson.bin, args.join(" "))
    };
    eprintln!(
        "{} {} {}",
        format!("Lesson {}:", lesson.number).bold(),
        lesson.title,
        format!("({shown})").dimmed()
    );
    let mut command = project.cargo();
    command
        .args(["run", "--quiet", "--bin", lesson.bin, "--"])
        .args(args);
    let status = {
        let _foreground = Foreground::begin();
        command
            .status()
            .with_context(|| format!("starting `{shown}`"))?
    };
    // Whatever the lesson did to the terminal (a hidden cursor, raw mode), undo it.
    super::terminal::restore();
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        None => {
            eprintln!("{}", "The lesson was stopped.".dimmed());
            ExitCode::from(super::interrupt::EXIT_INTERRUPTED)
        }
    })
}
