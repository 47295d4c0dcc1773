//! Lesson 1: know your bottleneck, CPU-bound or I/O-bound (the article's step 1).
//!
//! Read it top to bottom: `main` runs the steps in order; above each step is what a teacher
//! would say, and the step prints it too. Every figure is measured on this machine, in this run.

#[path = "lesson1/python.rs"]
mod python;

use anyhow::{Context, Result, ensure};
use colored::Color;
use parlings::lesson::Lesson;
use parlings::measure::{self, Cell, Grid, Split, Table, fmt_duration};
use parlings::timeline::Timeline;
use parlings::workloads::{self, TempFiles};
use rayon::prelude::*;
use std::ops::Range;
use std::time::Duration;

/// The two workloads of this lesson, sized for this run.
struct Work {
    /// CPU-bound: count the primes in each range.
    primes: Vec<Range<u64>>,
    /// I/O-bound: fetch each URL from a simulated network.
    urls: Vec<String>,
    latency: Duration,
    repeats: usize,
}

/// What step 2 measured, for the steps after it.
struct Gains {
    threads: usize,
    cpu: f64,
    io: f64,
}

fn main() -> Result<()> {
    let mut lesson = Lesson::start(1, 4);
    let size = lesson.size();
    let work = Work {
        primes: workloads::prime_batch(size.batch_len(), size.task_time()),
        urls: workloads::urls(size.batch_len()),
        latency: size.latency(),
        repeats: size.repeats(),
    };
    time_one_run(&mut lesson, &work);
    let gains = more_threads_than_cores(&mut lesson, &work)?;
    python_and_rust(&mut lesson, &gains);
    your_turn(&mut lesson);
    lesson.compare_with_python(|| python::beside_python(size));
    lesson.finish();
    Ok(())
}

/// Before you pick a parallel tool, time one run and see where its time goes: computing on
/// the CPU, or waiting for something else.
fn time_one_run(lesson: &mut Lesson, work: &Work) {
    lesson.step(
        "Time one run: computing or waiting?",
        "Before you pick a parallel tool, time one run and see where its time goes: computing \
         on the CPU, or waiting for something else.",
    );
    // ANCHOR: time_one_run
    let (primes, found) = measure::split(|| count_all(&work.primes));
    let (fetches, _) = measure::split(|| {
        let fetch = |url: &String| workloads::fetch(url, work.latency);
        work.urls.iter().map(fetch).collect::<Vec<_>>()
    });
    // ANCHOR_END: time_one_run
    let header = [
        "workload",
        "wall time",
        "computing",
        "queued",
        "asleep/blocked",
        "so it is",
    ];
    let mut grid = Grid::new(header);
    grid.row(row(&format!("{found} primes counted"), primes));
    let fetched = format!(
        "{} fetches of {}",
        work.urls.len(),
        fmt_duration(work.latency)
    );
    grid.row(row(&fetched, fetches));
    let (count, bytes) = lesson.size().files();
    let files = TempFiles::create(count, bytes);
    if let Ok(files) = &files {
        let read = |path: &std::path::PathBuf| workloads::read_and_hash(path);
        let (reads, read_ok) = measure::split(|| files.paths().iter().map(read).all(|r| r.is_ok()));
        if read_ok {
            grid.row(row(
                &format!("{count} files of {} KiB read", bytes >> 10),
                reads,
            ));
        }
    }
    print!("{}", grid.render());
    lesson.note(
        "\"computing\" is the time the operating system counted this thread on a CPU; \
         \"queued\" is time it was ready but other programs held the cores; the rest it was \
         asleep or blocked. Reading files you have just written comes from the OS's memory \
         cache, so it is copying memory, CPU work; from a cold disk or a network share the \
         same code would mostly wait. Measure your real case.",
    );
    if let Err(err) = files {
        lesson.note(&format!("(The file workload was skipped: {err}.)"));
    }
    let spent = |split: Split| {
        let (cpu, waited) = (split.cpu.zip(split.waiting()))?;
        let (cpu, waited) = (fmt_duration(cpu), fmt_duration(waited));
        Some(format!(
            "computed for {cpu} and waited {waited}: {}",
            verdict(split)
        ))
    };
    if let (Some(primes), Some(fetches)) = (spent(primes), spent(fetches)) {
        lesson.say(&format!(
            "Counting primes {primes}. The fetches {fetches}. Which kind your script is \
             decides the tool, so measure before you choose."
        ));
    }
}

/// A waiting thread leaves its core free for another thread, so I/O-bound work keeps gaining
/// from threads beyond the core count; CPU-bound work cannot gain more than the cores give.
fn more_threads_than_cores(lesson: &mut Lesson, work: &Work) -> Result<Gains> {
    lesson.step(
        "More threads than cores",
        "A waiting thread leaves its core free for another thread, so I/O-bound work keeps \
         gaining from threads beyond the core count; CPU-bound work cannot gain more than the \
         cores give.",
    );
    let cores = measure::cores();
    let counts = measure::distinct_counts([1, 2, cores, 4 * cores]);
    // ANCHOR: cpu_pools
    let count = |range: &Range<u64>| workloads::count_primes(range.clone());
    let mut cpu = time_on_pools(
        "CPU-bound: counting primes",
        &counts,
        work.repeats,
        || count_all(&work.primes),
        || {
            work.primes
                .par_iter()
                .with_max_len(1)
                .map(count)
                .sum::<u64>()
        },
    )?;
    // ANCHOR_END: cpu_pools
    cpu.needs_cores().print();
    println!();
    // ANCHOR: io_pools
    let fetch = |url: &String| workloads::fetch(url, work.latency);
    let io = time_on_pools(
        "I/O-bound: simulated fetches",
        &counts,
        work.repeats,
        || work.urls.iter().map(fetch).collect::<Vec<_>>(),
        || work.urls.par_iter().with_max_len(1).map(fetch).collect(),
    )?;
    // ANCHOR_END: io_pools
    io.print();
    let last = |table: &Table| table.rows().last().map_or(1.0, |r| table.speedup_of(r));
    let gains = Gains {
        threads: counts.last().copied().unwrap_or(1),
        cpu: last(&cpu),
        io: last(&io),
    };
    lesson.say(&if measure::single_core() {
        format!(
            "Even on this one core, {} threads ran the fetches {:.1}× faster than one after \
             another: a thread that waits needs no core.",
            gains.threads, gains.io
        )
    } else {
        format!(
            "With {} threads on {cores} cores the fetches ran {:.1}× faster than one after \
             another, the prime counting {:.1}×. CPU-bound work gains at most about {cores}× \
             here, one thread per core; compare the rows at {cores} and {} threads.",
            gains.threads,
            gains.io,
            gains.cpu,
            4 * cores
        )
    });
    let threads = (4 * cores).min(16);
    lesson.say(&format!(
        "Here are {} fetches on a pool of {threads} threads: far more in flight than cores.",
        2 * threads
    ));
    // ANCHOR: timeline
    let timeline = Timeline::new();
    pool(threads)?.install(|| {
        let jobs: Vec<_> = work
            .urls
            .iter()
            .cycle()
            .take(2 * threads)
            .enumerate()
            .collect();
        jobs.into_par_iter().with_max_len(1).for_each(|(i, url)| {
            let _span = timeline.start(i.to_string());
            workloads::fetch(url, work.latency);
        });
    });
    lesson.show_timeline(&timeline);
    // ANCHOR_END: timeline
    Ok(gains)
}

/// The article's rule is Python's: processes for CPU-bound work, threads or async for I/O.
/// Rust has no global interpreter lock, so threads serve both.
fn python_and_rust(lesson: &mut Lesson, gains: &Gains) {
    lesson.step(
        "The verdict in Python and in Rust",
        "The article's rule is Python's: processes for CPU-bound work, threads or async for \
         I/O. Rust has no global interpreter lock, so threads serve both.",
    );
    let mut grid = Grid::new(["", "Python (the article)", "Rust (this course)"]);
    grid.row(vec![
        Cell::text("CPU-bound"),
        Cell::text("processes (multiprocessing.Pool):\nthe GIL lets one thread run Python"),
        Cell::text("threads (rayon, std::thread),\none per core, all computing at once"),
    ]);
    grid.row(vec![
        Cell::text("I/O-bound"),
        Cell::text("threads or asyncio:\na waiting thread releases the GIL"),
        Cell::text("threads, more than cores\n(or async, for thousands of waits)"),
    ]);
    grid.row(vec![
        Cell::text("processes"),
        Cell::text("the way to use several cores"),
        Cell::text("for isolation and for killing\nwhat hangs (lesson 5)"),
    ]);
    print!("{}", grid.render());
    if measure::single_core() {
        lesson.say("On this one-core machine no CPU-bound speed-up could show, in any language.");
    } else {
        lesson.say(&format!(
            "Measured above: {} Rust threads counted primes {:.1}× faster than one. In \
             standard CPython (with its GIL) such threads would take turns, which is why the \
             article reaches for processes.",
            gains.threads, gains.cpu
        ));
    }
}

/// Now fetch a list of URLs yourself, with exactly `limit` fetches in flight, even when
/// `limit` is above the core count.
fn your_turn(lesson: &mut Lesson) {
    lesson.step(
        "Your turn",
        "Now fetch a list of URLs yourself, with exactly `limit` fetches in flight, even when \
         `limit` is above the core count.",
    );
    lesson.point_to_exercises();
}

/// Counts the primes in every range, one after another on this thread.
fn count_all(ranges: &[Range<u64>]) -> u64 {
    ranges.iter().cloned().map(workloads::count_primes).sum()
}

// ANCHOR: time_on_pools
/// Times `sequential` as a plain loop, then `parallel` inside a pool of each size in
/// `counts`; every pool's answer must equal the loop's.
fn time_on_pools<R: PartialEq + Send>(
    title: &str,
    counts: &[usize],
    repeats: usize,
    sequential: impl FnMut() -> R,
    parallel: impl Fn() -> R + Sync,
) -> Result<Table> {
    let (time, expected) = measure::median(repeats, sequential);
    let mut table = Table::new(title, "sequential loop", time);
    table.repeats(repeats);
    for &threads in counts {
        let pool = pool(threads)?;
        let (took, answer) = measure::median(repeats, || pool.install(&parallel));
        ensure!(
            answer == expected,
            "a pool of {threads} disagreed with the loop"
        );
        table.row(threads_label(threads), threads, took);
    }
    Ok(table)
}
// ANCHOR_END: time_on_pools

/// A pool of exactly `threads` threads, separate from rayon's global one.
fn pool(threads: usize) -> Result<rayon::ThreadPool> {
    let builder = rayon::ThreadPoolBuilder::new().num_threads(threads);
    builder.build().context("starting a thread pool")
}

fn threads_label(threads: usize) -> String {
    let s = if threads == 1 { "" } else { "s" };
    format!("pool of {threads} thread{s}")
}

// ANCHOR: verdict
/// What a run's split says about its work: computing most of the time, or waiting.
fn verdict(split: Split) -> &'static str {
    match split.cpu_share() {
        Some(share) if share >= 0.8 => "CPU-bound",
        Some(share) if share <= 0.2 => "I/O-bound",
        Some(_) => "mixed",
        None => "not reported",
    }
}
// ANCHOR_END: verdict

/// A table row: what ran, where its wall time went, and the verdict.
fn row(what: &str, split: Split) -> Vec<Cell> {
    let or_dash = |d: Option<Duration>| d.map_or("—".into(), fmt_duration);
    let colour = match verdict(split) {
        "CPU-bound" => Color::Magenta,
        "I/O-bound" => Color::Cyan,
        _ => Color::White,
    };
    vec![
        Cell::text(what),
        Cell::num(fmt_duration(split.wall)),
        Cell::num(or_dash(split.cpu)),
        Cell::num(or_dash(split.queued)),
        Cell::num(or_dash(split.waiting())),
        Cell::text(verdict(split)).color(colour),
    ]
}
