//! Lesson 4: failures: errors, panics, deadlines, close and join (the article's step 4).
//!
//! Read it top to bottom: `main` runs the steps in order; above each step is what a teacher
//! would say, and the step prints it too. Every figure is measured on this machine, in this run.
//!
//! Steps 2 to 4 live in `lesson4/panics.rs`, `lesson4/deadlines.rs` and `lesson4/joins.rs`,
//! in the order `main` calls them.

#[path = "lesson4/deadlines.rs"]
mod deadlines;
#[path = "lesson4/joins.rs"]
mod joins;
#[path = "lesson4/panics.rs"]
mod panics;
#[path = "lesson4/python.rs"]
mod python;

use anyhow::{Result, ensure};
use parlings::lesson::Lesson;
use parlings::measure::{self, fmt_duration};
use parlings::workloads::{self, PRIME_BASE};
use rayon::prelude::*;
use std::sync::atomic::{AtomicUsize, Ordering};

fn main() -> Result<()> {
    let mut lesson = Lesson::start(4, 5);
    let size = lesson.size();
    errors_as_values(&mut lesson, &records(size.batch_len(), size.task_time()))?;
    panics::what_a_panic_does(&mut lesson, size.batch_len())?;
    deadlines::a_stuck_task(&mut lesson, size.pick(100, 250))?;
    joins::close_and_join(&mut lesson, size.pick(150, 300))?;
    your_turn(&mut lesson);
    lesson.compare_with_python(|| python::beside_python(size));
    lesson.finish();
    Ok(())
}

/// The article's rule: wrap the work of each task so that a failure comes back as a value,
/// collect every result, and report the failures after the batch. One bad item must not stop
/// the others.
fn errors_as_values(lesson: &mut Lesson, records: &[String]) -> Result<()> {
    lesson.step(
        "Errors are values: every item returns a Result",
        "The article's rule: wrap the work of each task so that a failure comes back as a \
         value, collect every result, and report the failures after the batch. One bad item \
         must not stop the others.",
    );
    lesson.code(
        "Python: def work(record):\n\
         \x20           try: return process(record)\n\
         \x20           except Exception as e: return (\"error\", record, str(e))   # a marker\n\
         Rust:   let results: Vec<Result<u64, String>> = records.par_iter().map(process).collect();",
    );
    // ANCHOR: results
    let (took, results) =
        measure::time(|| records.par_iter().map(|r| process(r)).collect::<Vec<_>>());
    let failures: Vec<(usize, &String)> = results
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.as_ref().err().map(|e| (i, e)))
        .collect();
    // ANCHOR_END: results
    let done = results.len() - failures.len();
    lesson.say(&format!(
        "All {} records ran in {}: {done} results, {} failures, reported after the batch:",
        records.len(),
        fmt_duration(took),
        failures.len()
    ));
    for (i, error) in failures.iter().take(4) {
        lesson.bullet(&format!("record {i}: {error}"));
    }
    if failures.len() > 4 {
        lesson.bullet(&format!("… and {} more", failures.len() - 4));
    }
    ensure!(
        !failures.is_empty(),
        "the batch was meant to hold bad records"
    );
    let ran = AtomicUsize::new(0);
    // ANCHOR: first_error
    let first_error = records
        .par_iter()
        .map(|r| {
            ran.fetch_add(1, Ordering::Relaxed);
            process(r)
        })
        .collect::<Result<Vec<u64>, String>>();
    // ANCHOR_END: first_error
    let error = first_error.err().unwrap_or_default();
    lesson.say(&format!(
        "Collecting into one `Result<Vec<_>, _>` instead stops at the first error: it ran {} \
         of {} records and returned that one error alone ({error}). Right when one failure \
         spoils the whole batch; wrong for a batch of independent items.",
        ran.into_inner(),
        records.len()
    ));
    lesson.note(
        "`?` inside a task returns its error as the task's value; nothing is thrown past the \
         pool. A panic is different: next step.",
    );
    Ok(())
}

/// The batch's records: most are widths of a prime range to count, some are corrupt.
fn records(count: usize, task_time: std::time::Duration) -> Vec<String> {
    let width = workloads::prime_batch(1, task_time)[0].end - PRIME_BASE;
    records_of_width(count, width)
}

/// `count` records around `width`: every 16th from the 6th is corrupt, and so is every 32nd
/// from the 14th (empty).
fn records_of_width(count: usize, width: u64) -> Vec<String> {
    (0..count)
        .map(|i| match i % 16 {
            5 => format!("{width}x"),
            13 if i % 32 == 13 => String::new(),
            _ => (width + i as u64).to_string(),
        })
        .collect()
}

// ANCHOR: process
/// One record's work: parse it, then count the primes in a range that wide.
fn process(record: &str) -> Result<u64, String> {
    if record.is_empty() {
        return Err("empty record".to_string());
    }
    let width: u64 = record
        .parse()
        .map_err(|e| format!("{record:?} is not a width: {e}"))?;
    Ok(workloads::count_primes(PRIME_BASE..PRIME_BASE + width))
}
// ANCHOR_END: process

/// Now make one failure stay one failure, give a batch a deadline, and build a pool that
/// closes and joins.
fn your_turn(lesson: &mut Lesson) {
    lesson.step(
        "Your turn",
        "Now make one failure stay one failure, give a batch a deadline, and build a pool \
         that closes and joins.",
    );
    lesson.point_to_exercises();
}
