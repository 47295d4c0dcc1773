//! Watch mode: re-check on every save, show the verdict, move on when it turns green.
//!
//! One loop waits on one channel for saves, keys and finished checks, so it sleeps while
//! nothing happens. A check runs on its own thread; a new save stops it and starts afresh.

use super::check::{self, Feedback};
use super::keys::{self, Key};
use super::outcome::Outcome;
use super::project::Project;
use super::status::{self, Statuses};
use super::{files, hints, interrupt, show, terminal};
use anyhow::Result;
use colored::Colorize;
use parlings::catalog::{EXERCISES, Exercise};
use std::process::ExitCode;
use std::sync::mpsc::{self, Sender};
use std::thread::{self, JoinHandle};

/// What wakes the watch loop.
enum Event {
    Key(Key),
    Saved(&'static Exercise),
    Checked(&'static Exercise, Result<Outcome>),
}

/// The watch screen's state.
struct Watch {
    project: Project,
    events: Sender<Event>,
    current: &'static Exercise,
    outcome: Option<Outcome>,
    banner: Option<String>,
    hints: usize,
    running: Option<(&'static Exercise, JoinHandle<()>)>,
    queued: Option<&'static Exercise>,
}

/// Watches until `q` or Esc, starting at `start` or the next unfinished exercise.
pub fn run(project: &Project, start: Option<&'static Exercise>) -> Result<ExitCode> {
    let (events, received) = mpsc::channel();
    let _saves = files::watch(project, events.clone(), Event::Saved)?;
    let keys = keys::spawn(events.clone(), Event::Key);
    let statuses = status::all(project);
    let current = start
        .or_else(|| status::next_unfinished(&statuses, None))
        .unwrap_or(&EXERCISES[0]);
    let mut watch = Watch {
        project: project.clone(),
        events,
        current,
        outcome: None,
        banner: None,
        hints: 0,
        running: None,
        queued: None,
    };
    watch.start_check(current);
    watch.draw();
    for event in &received {
        match event {
            Event::Key(Key::Quit) => break,
            Event::Key(Key::Hint) => watch.hints = (watch.hints + 1).min(3),
            Event::Key(Key::Rerun) => watch.start_check(watch.current),
            Event::Key(Key::Next) => {
                let statuses = status::all(&watch.project);
                if let Some(next) = status::next_unfinished(&statuses, Some(watch.current)) {
                    watch.start_check(next);
                }
            }
            Event::Saved(exercise) => watch.start_check(exercise),
            Event::Checked(exercise, outcome) => {
                let outcome = outcome.unwrap_or_else(|e| Outcome::Broken(format!("{e:#}")));
                watch.finished(exercise, outcome);
            }
        }
        watch.draw();
    }
    if let Some((_, worker)) = watch.running.take() {
        interrupt::cancel_check();
        let _ = worker.join();
    }
    drop(received);
    let _ = keys.join();
    terminal::clear_screen();
    Ok(ExitCode::SUCCESS)
}

impl Watch {
    /// Makes `exercise` current and checks it, stopping a check that is still running.
    fn start_check(&mut self, exercise: &'static Exercise) {
        if exercise.id != self.current.id {
            self.current = exercise;
            self.hints = 0;
            self.banner = None;
        }
        self.outcome = None;
        if self.running.is_some() {
            interrupt::cancel_check();
            self.queued = Some(exercise);
            return;
        }
        let project = self.project.clone();
        let events = self.events.clone();
        let worker = thread::spawn(move || {
            let outcome = check::check(&project, exercise, Feedback::Quiet);
            let _ = events.send(Event::Checked(exercise, outcome));
        });
        self.running = Some((exercise, worker));
    }

    /// Takes in a finished check: shows it, or moves on when the current exercise passed.
    fn finished(&mut self, exercise: &'static Exercise, outcome: Outcome) {
        if let Some((_, worker)) = self.running.take() {
            let _ = worker.join();
        }
        if let Some(queued) = self.queued.take() {
            self.start_check(queued);
            return;
        }
        if exercise.id != self.current.id {
            return;
        }
        if outcome.verdict() == Some(true) {
            let headline = show::outcome(exercise, &outcome);
            let headline = headline.lines().next().unwrap_or_default().to_string();
            let statuses = status::all(&self.project);
            if let Some(next) = status::next_unfinished(&statuses, Some(exercise)) {
                self.start_check(next);
                self.banner = Some(format!("{headline}  On to {}.", show::name(next).bold()));
                return;
            }
            self.banner = Some(format!(
                "{headline}  {}",
                "Every exercise passes!".green().bold()
            ));
        }
        self.outcome = Some(outcome);
    }

    /// Redraws the whole screen.
    fn draw(&self) {
        let statuses: Statuses = status::all(&self.project);
        let e = self.current;
        terminal::clear_screen();
        let mut screen = format!(
            "{} · {}\n",
            "parlings watch".bold(),
            status::progress_line(&statuses)
        );
        if let Some(banner) = &self.banner {
            screen.push_str(&format!("{banner}\n"));
        }
        screen.push_str(&format!(
            "\n{} · {}\n{}\n\n",
            show::name(e).bold(),
            e.title,
            format!(
                "edit {} · lesson {}, article step {}: cargo run -- lesson {}",
                e.file(),
                e.lesson,
                e.article_step,
                e.lesson
            )
            .dimmed()
        ));
        match (&self.running, &self.outcome) {
            (Some((running, _)), _) if running.id == e.id || self.queued.is_some() => {
                screen.push_str(&format!(
                    "{}\n",
                    format!("⟳ checking {}…", show::name(e)).cyan()
                ));
            }
            (_, Some(outcome)) => screen.push_str(&format!("{}\n", show::outcome(e, outcome))),
            _ => screen.push_str(&format!(
                "{}\n",
                format!("⟳ checking {}…", show::name(e)).cyan()
            )),
        }
        for level in 1..=self.hints {
            screen.push_str(&format!("\n{}\n", hints::hint_body(e, level)));
        }
        screen.push_str(&format!(
            "\n{}\n",
            "Save the file to check it again · h: hint · r: re-run · n: next · q: quit".dimmed()
        ));
        print!("{screen}");
        let _ = std::io::Write::flush(&mut std::io::stdout());
    }
}
