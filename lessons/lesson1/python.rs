//! Lesson 1 beside its Python companion (`--compare-python`).

use crate::{count_all, pool};
use anyhow::{Result, ensure};
use parlings::compare::{Comparison, Figure};
use parlings::measure::{self, Split, fmt_duration};
use parlings::workloads::{self, Size};
use rayon::prelude::*;
use std::ops::Range;

/// With `--compare-python`: a batch small enough for Python, timed here the lesson's way;
/// `lessons/python/lesson1.py` then runs the same batch with a loop, threads and processes.
pub fn beside_python(size: Size) -> Result<Comparison> {
    let cores = measure::cores();
    let (tasks, width) = ((4 * cores).clamp(8, 64), size.pick(2_000, 3_000));
    let (fetches, latency) = (32, size.latency());
    let ranges = workloads::prime_ranges(tasks, width);
    let urls = workloads::urls(fetches);
    let mut c = Comparison::new(
        "lesson1",
        format!(
            "{tasks} ranges of {width} numbers; {fetches} fetches of {}",
            fmt_duration(latency)
        ),
    );
    c.arg("tasks", tasks)
        .arg("width", width)
        .arg("workers", cores);
    c.arg("fetches", fetches)
        .arg("latency-ms", latency.as_millis());
    let repeats = 3 * size.repeats();
    let share = |split: Split| {
        split
            .cpu_share()
            .map(|s| format!("computing {:.0}%", 100.0 * s))
    };
    let cpu = format!("CPU-bound: count primes ({tasks} ranges)");
    let (split, found) = measure::split(|| count_all(&ranges));
    let mut loop_row = Figure::new("cpu-loop", &cpu, "a for loop").took(split.wall);
    if let Some(share) = share(split) {
        loop_row = loop_row.value(share);
    }
    c.rust(loop_row.against("cpu-loop"));
    let count = |range: &Range<u64>| workloads::count_primes(range.clone());
    let threads = pool(cores)?;
    let par = || threads.install(|| ranges.par_iter().with_max_len(1).map(count).sum::<u64>());
    let (took, counted) = measure::median(repeats, par);
    ensure!(
        counted == found,
        "the pool counted {counted} primes, the loop {found}"
    );
    let how = format!("rayon pool of {cores} threads");
    c.rust(
        Figure::new("cpu-threads", &cpu, how)
            .took(took)
            .against("cpu-loop"),
    );
    let no_need = "not needed: the threads above run in parallel (no GIL)";
    c.rust(Figure::new("cpu-processes", &cpu, no_need));
    let io = format!("I/O-bound: {fetches} fetches");
    let fetch = |url: &String| workloads::fetch(url, latency);
    let (split, bodies) = measure::split(|| urls.iter().map(fetch).collect::<Vec<_>>());
    let mut loop_row = Figure::new("io-loop", &io, "a for loop").took(split.wall);
    if let Some(share) = share(split) {
        loop_row = loop_row.value(share);
    }
    c.rust(loop_row.against("io-loop"));
    let waiters = pool(4 * cores)?;
    let par = || waiters.install(|| urls.par_iter().with_max_len(1).map(fetch).collect());
    let (took, fetched): (_, Vec<String>) = measure::median(repeats, par);
    ensure!(
        fetched == bodies,
        "the pool fetched other pages than the loop"
    );
    let how = format!("rayon pool of {} threads", 4 * cores);
    c.rust(
        Figure::new("io-threads", &io, how)
            .took(took)
            .against("io-loop"),
    );
    c.digest(format!("{found} primes, {} pages", fetched.len()));
    c.note(format!(
        "Rust's pools: the median of {repeats} runs; the loops and every Python row: one run. \
         Python's pools were started before their clock started, as Rust's were."
    ));
    Ok(c)
}
