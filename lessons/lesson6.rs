//! Lesson 6, the capstone: a real parallel script end to end (every step of the article).
//!
//! Read it top to bottom: `main` runs the steps in order; above each step is what a teacher
//! would say, and the step prints it too. The script's core (pool, deadline, parsing, report)
//! is in `src/capstone/`, tested without a terminal; this file and `lesson6/` are the script
//! around it: steps 3 and 4 are in `lesson6/summary.rs`, its flags and Ctrl-C in
//! `lesson6/script.rs`, the comparison with Python in `lesson6/python.rs`. Every figure is
//! measured on this machine, in this run.

#[path = "lesson6/python.rs"]
mod python;
#[path = "lesson6/script.rs"]
mod script;
#[path = "lesson6/summary.rs"]
mod summary;

use anyhow::{Context, Result};
use parlings::Cancel;
use parlings::capstone::report::{self, file_name};
use parlings::capstone::{self, Batch, Progress, Totals};
use parlings::lesson::Lesson;
use parlings::measure::fmt_duration;
use script::{Folder, Settings};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

fn main() -> Result<ExitCode> {
    let (mut lesson, args) = Lesson::start_with(6, 6, script::flags);
    let cancel = Cancel::new();
    script::stop_on_ctrl_c(&cancel)?;
    let folder = Folder::from_args(&args, lesson.size())?;
    let settings = Settings::from_args(&args, lesson.size(), &folder);
    the_plan(&mut lesson, &folder, &settings);
    let batch = the_run(&mut lesson, &folder, &settings, &cancel)?;
    if batch.interrupted {
        script::stopped(&folder, &batch, &settings.out, "");
        return Ok(ExitCode::from(script::INTERRUPTED));
    }
    let sequential = summary::the_summary(&mut lesson, &folder, &settings, &cancel, &batch);
    if sequential.interrupted {
        let when = " during the sequential comparison";
        script::stopped(&folder, &sequential, &settings.out, when);
        return Ok(ExitCode::from(script::INTERRUPTED));
    }
    let beside = || python::beside_python(&folder, &settings, &batch, &sequential);
    lesson.compare_with_python(beside);
    summary::what_went_wrong(&mut lesson, &folder, &batch, settings.deadline);
    the_output_file(&mut lesson, &settings.out)?;
    make_it_yours(&mut lesson);
    lesson.finish();
    Ok(ExitCode::SUCCESS)
}

/// A script you keep reads every JSON file of a folder, aggregates their readings and
/// writes one report. Each of its parts is a lesson you have done.
fn the_plan(lesson: &mut Lesson, folder: &Folder, settings: &Settings) {
    lesson.step(
        "The plan",
        "A script you keep reads every JSON file of a folder, aggregates their readings and \
         writes one report. Each of its parts is a lesson you have done:",
    );
    let (workers, deadline) = (settings.workers, fmt_duration(settings.deadline));
    lesson.bullet(&format!(
        "Lessons 1 and 2: parsing JSON is CPU work, so a pool of one thread per core \
         (--workers, {workers} here). Each worker takes the next file when it is free, so a \
         slow file holds one worker, not a share of the batch."
    ));
    lesson.bullet(
        "Lesson 3: each worker sends its file's totals over a channel; the main thread alone \
         keeps them and merges them in file order. Nothing is shared, nothing is locked.",
    );
    lesson.bullet(&format!(
        "Lesson 4: a bad file becomes that file's error in the report, a panic is caught, and \
         each file has a deadline ({deadline}, --deadline-ms) that the parser checks as it \
         reads. Threads cannot be killed, only asked to stop; lesson 5 kills processes."
    ));
    lesson.bullet(
        "Ctrl-C: no new file starts, running ones stop at their next check, and the report \
         keeps everything finished, written atomically.",
    );
    let Some(sample) = &folder.sample else {
        let bytes = folder
            .files
            .iter()
            .filter_map(|f| f.metadata().ok())
            .map(|m| m.len());
        lesson.say(&format!(
            "Your folder, {}: {} .json files, {}.",
            folder.dir.display(),
            folder.files.len(),
            size(bytes.sum())
        ));
        return;
    };
    let plain = folder.files.len() - sample.specials().len();
    lesson.say(&format!(
        "No --dir, so a sample was generated for this run in {} (removed at the end): {} \
         files, {}. {plain} hold weather readings; these are trouble:",
        folder.dir.display(),
        folder.files.len(),
        size(sample.bytes()),
    ));
    for special in sample.specials() {
        lesson.bullet(&format!("{}: {}", special.name, special.what));
    }
}

/// Run it: the pool takes the files, a progress bar counts them on stderr, and whatever one
/// file does, the batch goes on. Press Ctrl-C during a run to see a clean stop.
fn the_run(
    lesson: &mut Lesson,
    folder: &Folder,
    settings: &Settings,
    cancel: &Cancel,
) -> Result<Batch<Totals>> {
    lesson.step(
        "The run",
        "Run it: the pool takes the files, a progress bar counts them on stderr, and whatever \
         one file does, the batch goes on. Press Ctrl-C during a run to see a clean stop.",
    );
    let batch = script::busy(|| {
        let batch = run(folder, settings.workers, settings.deadline, cancel);
        let report = report::report(&folder.dir, &folder.files, &batch, settings.deadline);
        let saved = report::save(&settings.out, &report);
        saved.map(|()| batch)
    });
    let batch =
        batch.with_context(|| format!("writing the report to {}", settings.out.display()))?;
    if batch.interrupted {
        return Ok(batch); // main says what was kept and what was skipped
    }
    let counts = batch.counts();
    lesson.say(&format!(
        "{} files in {}: {} done, {} failed, {} timed out. The report is written.",
        folder.files.len(),
        fmt_duration(batch.elapsed),
        counts.done,
        counts.failed,
        counts.timed_out
    ));
    Ok(batch)
}

/// A size in bytes for people: "3.2 KiB", "14.4 MiB".
fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1 << 20 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{:.1} MiB", b as f64 / f64::from(1 << 20)),
    }
}

/// Runs the batch over the folder with `workers`, drawing its progress.
pub(crate) fn run(
    folder: &Folder,
    workers: usize,
    deadline: Duration,
    cancel: &Cancel,
) -> Batch<Totals> {
    let s = if workers == 1 { "" } else { "s" };
    let mut progress = Progress::new(&format!("{workers} worker{s}"), folder.files.len());
    let batch = capstone::run(
        &folder.files,
        workers,
        deadline,
        cancel,
        |path, budget| capstone::process_file(path, budget),
        |index, item| progress.outcome(&file_name(&folder.files[index]), item),
    );
    progress.finish();
    batch
}

/// The report goes to a temporary file beside its target, which is flushed to disk and then
/// renamed over the target in one step: a reader, a crash or a Ctrl-C sees the old report or
/// the new one, never half of one.
fn the_output_file(lesson: &mut Lesson, out: &Path) -> Result<()> {
    lesson.step(
        "The output file",
        "The report goes to a temporary file beside its target, which is flushed to disk and \
         then renamed over the target in one step: a reader, a crash or a Ctrl-C sees the old \
         report or the new one, never half of one.",
    );
    let text = std::fs::read_to_string(out).context("reading the report back")?;
    let bytes = text.len() as u64;
    lesson.say(&format!("{} ({}) begins:", out.display(), size(bytes)));
    let head: Vec<&str> = text
        .lines()
        .take_while(|l| !l.contains("\"items\""))
        .collect();
    lesson.code(&format!(
        "{}\n  \"items\": [ one entry per file … ],\n  …",
        head.join("\n")
    ));
    lesson.note(&format!(
        "Each entry of \"items\" has the file, its status, its time and its totals or its \
         error. With jq: jq '.items[] | select(.status != \"done\")' {}",
        out.display()
    ));
    Ok(())
}

/// Make it yours: point it at your own folder, then change the few lines that know about
/// weather readings. The pool, the deadline, Ctrl-C and the report stay as they are.
fn make_it_yours(lesson: &mut Lesson) {
    lesson.step(
        "Make it yours",
        "Make it yours: point it at your own folder, then change the few lines that know about \
         weather readings. The pool, the deadline, Ctrl-C and the report stay as they are.",
    );
    lesson.code(
        "cargo run --bin lesson6 -- --dir ~/data --workers 8 --deadline-ms 5000 --out out.json",
    );
    lesson.bullet(
        "Your records: src/capstone/readings.rs, GROUP_BY, FIELDS and Totals::add say what a \
         record holds and what is counted.",
    );
    lesson.bullet(
        "Your work: the closure given to capstone::run in lessons/lesson6.rs. Any function \
         that returns a Result and calls budget.check()? now and then gets the deadline and \
         Ctrl-C for free.",
    );
    lesson.bullet(
        "Work that cannot check a budget (a blocking call into a library, a socket read with \
         no timeout) cannot be stopped in a thread: run it in a child process and kill that at \
         the deadline (lesson 5).",
    );
    lesson.bullet(
        "Waiting work (fetching URLs rather than parsing files) wants more workers than cores \
         (lesson 1): raise --workers.",
    );
    lesson.bullet(
        "Exit codes: 0 when the batch ran (failed files are in the report), 2 for bad flags \
         or an unreadable folder, 130 after Ctrl-C.",
    );
    lesson.note("This lesson has no exercise: the script is yours to adapt.");
}
