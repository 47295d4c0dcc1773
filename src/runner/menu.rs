//! The menu: `cargo run` at a terminal. Arrow keys and Enter; Esc or `q` goes back.

use super::actions;
use super::check::{self, Feedback};
use super::project::Project;
use super::status::{self, Status, Statuses};
use super::{hints, interrupt, lesson, overview, show, watch};
use anyhow::Result;
use console::Term;
use dialoguer::Select;
use dialoguer::theme::ColorfulTheme;
use parlings::catalog::{Exercise, LESSONS, Lesson, exercises_of};
use std::process::ExitCode;

/// One row of a menu and what choosing it does.
enum Row {
    Next(&'static Exercise),
    Lesson(&'static Lesson),
    Exercise(&'static Exercise),
    Run(&'static Lesson, &'static [&'static str]),
    Check,
    Hint,
    Watch(Option<&'static Exercise>),
    Reset,
    Back,
}

/// Runs the main menu until the learner quits.
pub fn run(project: &Project) -> Result<ExitCode> {
    let mut cursor = 0;
    loop {
        let statuses = status::all(project);
        let mut rows = Vec::new();
        if let Some(next) = status::next_unfinished(&statuses, None) {
            let label = format!("▶ Next: {}", plain_row(next, &statuses));
            rows.push((label, Row::Next(next)));
        }
        for lesson in LESSONS {
            rows.push((lesson_row(lesson), Row::Lesson(lesson)));
            for exercise in exercises_of(lesson) {
                rows.push((
                    format!("    {}", exercise_row(exercise, &statuses)),
                    Row::Exercise(exercise),
                ));
            }
        }
        rows.push(("Watch: re-check on every save".into(), Row::Watch(None)));
        rows.push(("Quit".into(), Row::Back));
        let prompt = format!(
            "parlings · {} · ↑↓ Enter, q quits",
            status::progress_line(&statuses)
        );
        let Some(choice) = select(&prompt, &rows, cursor)? else {
            return Ok(ExitCode::SUCCESS);
        };
        cursor = choice;
        match &rows[choice].1 {
            Row::Next(e) | Row::Exercise(e) => exercise_menu(project, e)?,
            Row::Lesson(l) => lesson_menu(project, l)?,
            Row::Watch(_) => {
                report(watch::run(project, None).map(|_| ()));
            }
            _ => return Ok(ExitCode::SUCCESS),
        }
    }
}

/// A lesson's menu: run it three ways, or open one of its exercises.
fn lesson_menu(project: &Project, lesson: &'static Lesson) -> Result<()> {
    let mut cursor = 0;
    loop {
        let statuses = status::all(project);
        let mut rows = vec![
            (
                "Run it (it pauses between steps)".to_string(),
                Row::Run(lesson, &[]),
            ),
            (
                "Run it quickly (--quick --yes)".to_string(),
                Row::Run(lesson, &["--quick", "--yes"]),
            ),
            (
                "Run it and time the Python version too (--compare-python)".to_string(),
                Row::Run(lesson, &["--compare-python"]),
            ),
        ];
        for exercise in exercises_of(lesson) {
            rows.push((
                format!("Exercise {}", plain_row(exercise, &statuses)),
                Row::Exercise(exercise),
            ));
        }
        rows.push(("Back".into(), Row::Back));
        let Some(choice) = select(&lesson_row(lesson), &rows, cursor)? else {
            return Ok(());
        };
        cursor = choice;
        match &rows[choice].1 {
            Row::Run(lesson, args) => {
                let args: Vec<String> = args.iter().map(ToString::to_string).collect();
                report(lesson::run(project, lesson, &args).map(|_| ()));
            }
            Row::Exercise(e) => exercise_menu(project, e)?,
            _ => return Ok(()),
        }
    }
}

/// An exercise's menu: check, hint, watch, its lesson, reset, the next exercise.
fn exercise_menu(project: &Project, exercise: &'static Exercise) -> Result<()> {
    let lesson = LESSONS.iter().find(|l| l.number == exercise.lesson);
    let mut cursor = 0;
    let mut hints = 0;
    loop {
        let statuses = status::all(project);
        let state = status::status_in(&statuses, exercise);
        let mut rows = vec![
            ("Check it".to_string(), Row::Check),
            (
                if hints < 3 {
                    format!("Hint {} of 3", hints + 1)
                } else {
                    "Hints again, from the first".to_string()
                },
                Row::Hint,
            ),
            (
                format!("Watch: re-check {} on every save", exercise.id),
                Row::Watch(Some(exercise)),
            ),
        ];
        if let Some(lesson) = lesson {
            rows.push((
                format!("Run lesson {}: {}", lesson.number, lesson.title),
                Row::Run(lesson, &[]),
            ));
        }
        rows.push((
            "Reset it to the unsolved stub (your file is saved first)".into(),
            Row::Reset,
        ));
        let next =
            status::next_unfinished(&statuses, Some(exercise)).filter(|n| n.id != exercise.id);
        if let Some(next) = next {
            rows.push((
                format!("Next unfinished exercise: {}", show::name(next)),
                Row::Next(next),
            ));
        }
        rows.push(("Back".into(), Row::Back));
        let prompt = format!(
            "{} ({}) · edit {}",
            show::name(exercise),
            state.label(),
            exercise.file()
        );
        let Some(choice) = select(&prompt, &rows, cursor)? else {
            return Ok(());
        };
        cursor = choice;
        match &rows[choice].1 {
            Row::Check => {
                let verdict = check_here(project, exercise);
                let passed = matches!(verdict, Ok(Some(true)));
                report(verdict.map(|_| ()));
                if passed {
                    cursor = rows
                        .iter()
                        .position(|(_, r)| matches!(r, Row::Next(_)))
                        .unwrap_or(cursor);
                }
            }
            Row::Hint => {
                hints = hints % 3 + 1;
                println!("{}\n", hints::hint_body(exercise, hints));
            }
            Row::Watch(e) => {
                report(watch::run(project, *e).map(|_| ()));
            }
            Row::Run(lesson, _) => report(lesson::run(project, lesson, &[]).map(|_| ())),
            Row::Reset => {
                if confirm_reset(exercise)? {
                    match actions::reset_message(project, exercise) {
                        Ok(message) => println!("{message}\n"),
                        Err(error) => report(Err(error)),
                    }
                }
            }
            Row::Next(next) => return exercise_menu(project, next),
            _ => return Ok(()),
        }
    }
}

/// Checks an exercise and prints its verdict; returns the verdict.
fn check_here(project: &Project, exercise: &Exercise) -> Result<Option<bool>> {
    let outcome = check::check(project, exercise, Feedback::Spinner)?;
    println!("{}\n", show::outcome(exercise, &outcome));
    Ok(outcome.verdict())
}

/// Asks before a reset, with "No" first so Enter alone changes nothing.
fn confirm_reset(exercise: &Exercise) -> Result<bool> {
    let rows = [
        ("No, keep my file".to_string(), Row::Back),
        (
            format!(
                "Yes: save {} beside it, then restore the stub",
                exercise.file()
            ),
            Row::Reset,
        ),
    ];
    let prompt = format!("Reset {} to the unsolved stub?", show::name(exercise));
    Ok(select(&prompt, &rows, 0)? == Some(1))
}

/// Shows a menu; `None` when the learner goes back with Esc or `q`.
fn select(prompt: &str, rows: &[(String, Row)], cursor: usize) -> Result<Option<usize>> {
    let labels: Vec<&str> = rows.iter().map(|(label, _)| label.as_str()).collect();
    let theme = ColorfulTheme::default();
    let chosen = Select::with_theme(&theme)
        .with_prompt(fit(prompt))
        .items(labels.iter().map(|l| fit(l)))
        .default(cursor.min(labels.len().saturating_sub(1)))
        .report(false)
        .interact_opt();
    match chosen {
        Ok(choice) => Ok(choice),
        // Ctrl-C arrives as a key while the menu reads keys.
        Err(dialoguer::Error::IO(e)) if e.kind() == std::io::ErrorKind::Interrupted => {
            interrupt::leave()
        }
        Err(e) => Err(e.into()),
    }
}

/// Cuts a row to the terminal's width, so no row wraps (a wrapped row breaks the redraw).
///
/// Counted in bytes, not characters: dialoguer decides whether a row wrapped from its byte
/// length, and a row it wrongly thinks wrapped makes it erase lines above the menu.
fn fit(text: &str) -> String {
    let budget = usize::from(Term::stderr().size().1).max(24) - 4;
    if text.len() <= budget {
        return text.to_string();
    }
    let ellipsis = "…";
    let mut end = budget - ellipsis.len();
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}{ellipsis}", &text[..end])
}

/// "Lesson 1 · Know your bottleneck … · article step 1".
fn lesson_row(lesson: &Lesson) -> String {
    format!(
        "Lesson {} · {} · {}",
        lesson.number,
        lesson.title,
        overview::article_step(lesson.article_step)
    )
}

/// "✔ e01 io_bound (done) · step 1 · I/O-bound work wants …": the state before the title,
/// so cutting a long row to the terminal's width never hides it.
fn exercise_row(exercise: &Exercise, statuses: &Statuses) -> String {
    let state: Status = status::status_in(statuses, exercise);
    format!(
        "{} {} ({}) · step {} · {}",
        state.mark(),
        show::name(exercise),
        state.label(),
        exercise.article_step,
        exercise.title
    )
}

/// The exercise's row without its mark, e.g. "e01 io_bound (not started) · step 1 · …".
fn plain_row(exercise: &Exercise, statuses: &Statuses) -> String {
    let row = exercise_row(exercise, statuses);
    row.split_once(' ')
        .map_or(row.clone(), |(_, rest)| rest.to_string())
}

/// Prints an action's error and carries on: the menu never dies of one.
fn report(result: Result<()>) {
    if let Err(error) = result {
        eprintln!("{} {error:#}\n", show::error_label());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use parlings::catalog::EXERCISES;

    #[test]
    fn every_exercise_row_names_its_step_and_state() {
        let statuses: Statuses = EXERCISES.iter().map(|e| (e, Status::NotStarted)).collect();
        for e in EXERCISES {
            let row = exercise_row(e, &statuses);
            assert!(row.contains(e.id) && row.contains(&format!("step {}", e.article_step)));
            assert!(row.contains("(not started)"));
        }
    }
}
