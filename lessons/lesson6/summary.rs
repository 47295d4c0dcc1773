//! Steps 3 and 4: the summary against a sequential run, and what went wrong.

use super::run;
use super::script::{Folder, Settings};
use parlings::capstone::report::{self, file_name};
use parlings::capstone::{self, Batch, Outcome, Totals};
use parlings::lesson::Lesson;
use parlings::measure::{self, Cell, Grid, fmt_duration, speedup_color};
use parlings::{Cancel, TaskError};
use std::time::Duration;

/// The same batch, run again with one worker (the same code), shows what the pool gained:
/// the errors and the deadline cost both runs the same, but the pool overlaps them.
pub(crate) fn the_summary(
    lesson: &mut Lesson,
    folder: &Folder,
    settings: &Settings,
    cancel: &Cancel,
    pool: &Batch<Totals>,
) -> Batch<Totals> {
    lesson.step(
        "The summary",
        "The same batch, run again with one worker (the same code), shows what the pool \
         gained: the errors and the deadline cost both runs the same, but the pool overlaps \
         them.",
    );
    let sequential = super::script::busy(|| run(folder, 1, settings.deadline, cancel));
    if sequential.interrupted {
        return sequential;
    }
    let mut grid = Grid::new(["run", "done", "failed", "timed out", "time", "speed-up"]);
    for (name, batch) in [("sequential", &sequential), ("pool", pool)] {
        let (counts, gain) = (
            batch.counts(),
            measure::speedup(sequential.elapsed, batch.elapsed),
        );
        let s = if batch.workers == 1 { "" } else { "s" };
        grid.row(vec![
            Cell::text(format!("{name}, {} worker{s}", batch.workers)),
            Cell::num(counts.done.to_string()),
            Cell::num(counts.failed.to_string()),
            Cell::num(counts.timed_out.to_string()),
            Cell::num(fmt_duration(batch.elapsed)),
            Cell::num(format!("{gain:.2}×")).color(speedup_color(gain)),
        ]);
    }
    print!("{}", grid.render());
    let same = report::merged(&sequential) == report::merged(pool);
    lesson.note(&format!(
        "One run each · speed-up = sequential time ÷ row time · the totals of the two runs are \
         {}.",
        if same {
            "equal, to the last bit"
        } else {
            "NOT equal: a bug"
        }
    ));
    let waited = pool.counts().timed_out > 0;
    if waited && pool.workers > 1 {
        lesson.say(&format!(
            "Both runs waited {} for each file that timed out: in the sequential run every file \
             behind it waited too; in the pool it held one worker while the others went on.",
            fmt_duration(settings.deadline)
        ));
    }
    if measure::speedup(sequential.elapsed, pool.elapsed) < 0.9 && pool.workers > 1 {
        lesson.note(
            "The pool was slower here: this folder is too little work for threads to pay off \
             (starting them, and handing out the files, cost more than they saved).",
        );
    }
    if pool.workers == 1 {
        lesson.note(
            "The pool had one worker (--workers 1, or a machine with one core), so it ran as \
             the sequential run does: any difference in their times is noise. Try --workers 2: even on one core, the stalled file's \
             wait then overlaps with the parsing of the others.",
        );
    } else if measure::single_core() {
        lesson.note(
            "One core only: parsing cannot speed up here; whatever the pool gained came from \
             overlapping the waiting (the stalled file) with the parsing.",
        );
    }
    stations(lesson, &report::merged(pool));
    sequential
}

/// The aggregate itself: per station, its readings and each field's statistics.
fn stations(lesson: &Lesson, totals: &Totals) {
    lesson.say(&format!(
        "What the {} readings say, per station:",
        totals.readings
    ));
    let fields = capstone::readings::FIELDS;
    let mut grid = Grid::new(["station", "readings"].into_iter().chain(fields));
    for (name, station) in &totals.stations {
        let mut row = vec![Cell::text(name), Cell::num(station.readings.to_string())];
        for field in fields {
            let cell = station.fields.get(field).map_or("—".into(), |s| {
                format!("{:.1} ({:.1} … {:.1})", s.mean(), s.min, s.max)
            });
            row.push(Cell::num(cell));
        }
        grid.row(row);
    }
    print!("{}", grid.render());
    lesson.note("Each field: mean (min … max) over the readings that had it.");
}

/// Every failure is kept with its file and its reason; none of them stopped the batch, and
/// each is in the report for whoever reads it next.
pub(crate) fn what_went_wrong(
    lesson: &mut Lesson,
    folder: &Folder,
    batch: &Batch<Totals>,
    limit: Duration,
) {
    lesson.step(
        "What went wrong",
        "Every failure is kept with its file and its reason; none of them stopped the batch, \
         and each is in the report for whoever reads it next.",
    );
    let mut grid = Grid::new(["file", "outcome", "why"]);
    for (path, item) in folder.files.iter().zip(&batch.items) {
        let why = match &item.outcome {
            Outcome::Failed(TaskError::Failed(error)) => wrap(error, 44),
            Outcome::Failed(TaskError::Panicked(message)) => {
                wrap(&format!("panicked: {message}"), 44)
            }
            Outcome::TimedOut => format!(
                "still running at its deadline ({}):\nstopped after {}",
                fmt_duration(limit),
                item.took.map_or("?".into(), fmt_duration)
            ),
            _ => continue,
        };
        let name = item.outcome.name();
        grid.row(vec![
            Cell::text(file_name(path)),
            Cell::text(name),
            Cell::text(why),
        ]);
    }
    match batch.counts() {
        c if c.failed + c.timed_out == 0 => lesson.say("Nothing went wrong in this folder."),
        _ => print!("{}", grid.render()),
    }
}

/// `text` in lines of at most about `width` characters, for a table cell.
fn wrap(text: &str, width: usize) -> String {
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("never empty");
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(word.to_string());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines.join("\n")
}
