//! Lesson 3: share state safely: read-only data, shared maps, channels (the article's step 3).
//!
//! Read it top to bottom: `main` runs the steps in order; above each step is what a teacher
//! would say, and the step prints it too. Every figure is measured on this machine, in this run.
//!
//! Steps 2 to 4 live in `lesson3/counts.rs` and `lesson3/channels.rs`, in the order `main`
//! calls them.

#[path = "lesson3/channels.rs"]
mod channels;
#[path = "lesson3/counts.rs"]
mod counts;
#[path = "lesson3/python.rs"]
mod python;

use anyhow::{Result, ensure};
use parlings::Model;
use parlings::lesson::Lesson;
use parlings::measure::{self, Cell, Grid, fmt_duration};
use rayon::prelude::*;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

/// Two threads that change one local: `data_race.rs`, which does not compile.
const DATA_RACE: &str = "\
fn main() {
    let mut hits = 0;
    std::thread::scope(|s| {
        s.spawn(|| hits += 1);
        s.spawn(|| hits += 1);
    });
    println!(\"{hits}\");
}";

/// rustc 1.95.0's own message for `DATA_RACE`, copied when this lesson was written.
const RUSTC_SAYS: &str = "\
error[E0499]: cannot borrow `hits` as mutable more than once at a time
 --> data_race.rs:5:17
  |
3 |     std::thread::scope(|s| {
  |                         - has type `&'1 Scope<'1, '_>`
4 |         s.spawn(|| hits += 1);
  |         ---------------------
  |         |       |  |
  |         |       |  first borrow occurs due to use of `hits` in closure
  |         |       first mutable borrow occurs here
  |         argument requires that `hits` is borrowed for `'1`
5 |         s.spawn(|| hits += 1);
  |                 ^^ ---- second borrow occurs due to use of `hits` in closure
  |                 |
  |                 second mutable borrow occurs here";

/// The first line of rustc 1.95.0's message for a map changed through an `Arc`.
const RUSTC_SAYS_ARC: &str = "error[E0596]: cannot borrow data in an `Arc` as mutable";

/// How a task reaches the model to score one document.
type Score<'a> = &'a (dyn Fn(&String) -> f64 + Sync);

fn main() -> Result<()> {
    let mut lesson = Lesson::start(3, 6);
    let size = lesson.size();
    let (docs, vocabulary) = counts::corpus(size.batch_len(), size.pick(8_000, 24_000));
    let repeats = size.repeats();
    read_only_data(&mut lesson, &docs, repeats)?;
    counts::shared_counts(&mut lesson, &docs, &vocabulary, repeats)?;
    channels::one_collector(&mut lesson, size.pick(2_000, 8_000))?;
    channels::back_pressure(&mut lesson, size.pick(400, 1_500))?;
    races_do_not_compile(&mut lesson)?;
    your_turn(&mut lesson);
    lesson.compare_with_python(|| python::beside_python(size));
    lesson.finish();
    Ok(())
}

/// Read-only data (a config, a preloaded model) is only read by the tasks, so give them the
/// one copy you have. Python pickles it into every worker process; Rust threads share one
/// memory, so a task borrows the model or holds an `Arc` to it: a pointer, not a copy.
fn read_only_data(lesson: &mut Lesson, docs: &[String], repeats: usize) -> Result<()> {
    lesson.step(
        "Read-only data: share it, don't copy it",
        "Read-only data (a config, a preloaded model) is only read by the tasks, so give them \
         the one copy you have. Python pickles it into every worker process; Rust threads \
         share one memory, so a task borrows the model or holds an `Arc` to it: a pointer, \
         not a copy.",
    );
    let (loaded, model) = measure::time(Model::default);
    let model = Arc::new(model);
    let mib = model.size_bytes() as f64 / f64::from(1 << 20);
    lesson.say(&format!(
        "The model: {mib:.0} MiB of weights, preloaded once in {}. Each of {} documents is \
         scored on rayon's pool, the model reached in three ways:",
        fmt_duration(loaded),
        docs.len()
    ));
    // ANCHOR: three_ways
    let ways: [(&str, Score); 3] = [
        ("Model::clone(&model): a deep copy per task", &|doc| {
            Model::clone(&model).score(doc)
        }),
        ("Arc::clone(&model): a pointer per task", &|doc| {
            Arc::clone(&model).score(doc)
        }),
        ("&model: a borrow, nothing copied", &|doc| model.score(doc)),
    ];
    // Each run returns its scores and how many deep copies it made.
    let run = |score: Score| {
        let before = model.copies();
        let scores: Vec<f64> = docs.par_iter().map(score).collect();
        (scores, model.copies() - before)
    };
    let runs = ways.map(|(_, score)| move || run(score));
    let measured = take_turns(repeats, &[&runs[0], &runs[1], &runs[2]]);
    // ANCHOR_END: three_ways
    let mut grid = Grid::new(["each task gets", "time", "deep copies", "bytes copied"]);
    for ((label, _), (took, (scores, copies))) in ways.iter().zip(&measured) {
        ensure!(*scores == measured[2].1.0, "the scores differ");
        let bytes = *copies as f64 * model.size_bytes() as f64 / f64::from(1 << 20);
        grid.row(vec![
            Cell::text(*label),
            Cell::num(fmt_duration(*took)),
            Cell::num(copies.to_string()),
            Cell::num(format!("{bytes:.0} MiB")),
        ]);
    }
    print!("{}", grid.render());
    lesson.note(&format!(
        "Median of {repeats} runs each, the three ways taking turns; copies and bytes per run."
    ));
    let gap = measure::speedup(measured[0].0, measured[2].0);
    lesson.say(&format!(
        "Same scores all three ways; the deep copies made the batch {gap:.0}× slower than the \
         borrow, and each copy in flight holds another {mib:.0} MiB. An `Arc` is for threads \
         that must own what they use (`thread::spawn`, `pool.spawn`: lesson 2); when the work \
         ends inside the call (`par_iter`, `thread::scope`), a borrow is enough."
    ));
    Ok(())
}

/// Runs each of `runs` `repeats` times (at least once), taking turns so that a burst of load
/// from other programs slows them all alike; returns each one's median time and last result.
fn take_turns<R>(repeats: usize, runs: &[&dyn Fn() -> R]) -> Vec<(Duration, R)> {
    let mut out: Vec<(Vec<Duration>, R)> = runs
        .iter()
        .map(|run| {
            let (took, result) = measure::time(run);
            (vec![took], result)
        })
        .collect();
    for _ in 1..repeats {
        for ((times, last), run) in out.iter_mut().zip(runs) {
            let (took, result) = measure::time(run);
            times.push(took);
            *last = result;
        }
    }
    let median = |mut times: Vec<Duration>| {
        times.sort();
        times[times.len() / 2]
    };
    out.into_iter().map(|(t, r)| (median(t), r)).collect()
}

/// Python warns that processes share no memory, so a changed global is silently not seen.
/// Rust threads do share memory, and the compiler lets them change it only through a type
/// made for it: an unsynchronised write from two threads does not compile.
fn races_do_not_compile(lesson: &mut Lesson) -> Result<()> {
    lesson.step(
        "Why Rust needs no \"processes share no memory\" warning",
        "Python warns that processes share no memory, so a changed global is silently not \
         seen. Rust threads do share memory, and the compiler lets them change it only \
         through a type made for it: an unsynchronised write from two threads does not \
         compile.",
    );
    lesson.code(DATA_RACE);
    lesson.note("The compiler's message (rustc 1.95.0, copied when this lesson was written):");
    lesson.code(RUSTC_SAYS);
    lesson.note(&format!(
        "Changing a plain map shared through an `Arc` is refused too (rustc 1.95.0): \
         {RUSTC_SAYS_ARC}. The fixes are the tools of steps 2 to 4: a Mutex, an atomic, a \
         map per thread, a channel."
    ));
    let rounds = 200_000;
    lesson.say(&format!(
        "The compiler rules out data races, not every mistake. Two threads each add 1 to a \
         shared counter {rounds} times, in two ways:"
    ));
    lesson.code(
        "hits.fetch_add(1, Relaxed);                     // one atomic step\n\
         lost.store(lost.load(Relaxed) + 1, Relaxed);    // two: another thread can come between",
    );
    // ANCHOR: lost_updates
    let hits = AtomicUsize::new(0);
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| (0..rounds).for_each(|_| _ = hits.fetch_add(1, Ordering::Relaxed)));
        }
    });
    let lost = AtomicUsize::new(0);
    thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                let add_one = |_| lost.store(lost.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
                (0..rounds).for_each(add_one)
            });
        }
    });
    let (hits, lost) = (hits.into_inner(), lost.into_inner());
    // ANCHOR_END: lost_updates
    ensure!(hits == 2 * rounds, "fetch_add lost updates");
    let lost_updates = match 2 * rounds - lost {
        0 => "none was lost this time".to_string(),
        n => format!("{n} updates were lost between a read and a write"),
    };
    lesson.say(&format!(
        "With `fetch_add` the total was {hits}; with a `load` then a `store` it was {lost}: \
         {lost_updates}."
    ));
    if measure::single_core() {
        lesson.note(
            "On one core the threads take turns, so an update is lost only when a thread is \
             paused between its load and its store: rarely. On several cores it is common.",
        );
    }
    Ok(())
}

/// Now share a model without copying it, count words without a shared bottleneck, and build
/// a bounded pipeline.
fn your_turn(lesson: &mut Lesson) {
    lesson.step(
        "Your turn",
        "Now share a model without copying it, count words without a shared bottleneck, and \
         build a bounded pipeline.",
    );
    lesson.point_to_exercises();
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A plain map changed through an `Arc` from a thread: refused, an `Arc` gives shared access.
    const ARC_MUT: &str = "\
fn main() {
    let counts = std::sync::Arc::new(std::collections::HashMap::<String, usize>::new());
    let mine = std::sync::Arc::clone(&counts);
    std::thread::spawn(move || mine.insert(\"word\".to_string(), 1));
}";

    #[test]
    fn the_code_shown_as_refused_is_refused_for_the_reason_given() {
        let first_line = RUSTC_SAYS.lines().next().unwrap_or_default();
        for (code, says) in [(DATA_RACE, first_line), (ARC_MUT, RUSTC_SAYS_ARC)] {
            parlings::snippet::assert_refused(code, says);
        }
    }
}
