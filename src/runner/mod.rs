//! The course runner: a menu, subcommands and watch mode over the catalog's exercises.
//!
//! Every module here is one concept: [`cli`] parses the command line, [`check`] runs one
//! test target, [`outcome`] reads its output, [`progress`] and [`status`] remember and derive
//! each exercise's state, [`watch`] re-checks on save, [`menu`] is the interactive front door.

mod actions;
mod capture;
mod check;
mod cli;
mod diagnostics;
mod files;
mod hints;
mod interrupt;
mod keys;
mod lesson;
mod menu;
mod outcome;
mod overview;
mod progress;
mod project;
mod reset;
mod show;
mod status;
mod stubs;
mod terminal;
mod text;
mod watch;

use std::process::ExitCode;

/// An error in what the learner typed (an unknown id or lesson): exit code 2, no backtrace.
#[derive(Debug)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// Runs the runner and turns its result into the process's exit code.
pub fn main() -> ExitCode {
    terminal::remember();
    if let Err(error) = interrupt::install() {
        eprintln!("warning: Ctrl-C will not clean up: {error:#}");
    }
    let code = match cli::parse() {
        Ok(action) => actions::run(action),
        Err(error) => Err(error),
    };
    terminal::restore();
    match code {
        Ok(code) => code,
        Err(error) => {
            if let Some(usage) = error.downcast_ref::<UsageError>() {
                eprintln!("{} {usage}", show::error_label());
                ExitCode::from(2)
            } else {
                eprintln!("{} {error:#}", show::error_label());
                ExitCode::from(1)
            }
        }
    }
}
