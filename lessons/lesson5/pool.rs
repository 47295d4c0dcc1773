//! Step 4: a process pool, this lesson's own binary run `workers` times as `--worker`,
//! measured against a thread pool on the same CPU-bound tasks.

use super::child;
use anyhow::{Context, Result, anyhow, ensure};
use parlings::lesson::Lesson;
use parlings::measure::{self, Table, fmt_duration};
use parlings::timeline::Timeline;
use parlings::workloads;
use rayon::prelude::*;
use std::io::{BufRead, BufReader, Write};
use std::ops::Range;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::thread;

/// The article's pool, in Python (shown, not run).
const PYTHON: &str = "\
import os
from multiprocessing import Pool

def count_primes(bounds):              # top-level, so the pool can pickle it
    start, end = bounds
    return sum(1 for n in range(start, end) if is_prime(n))

if __name__ == \"__main__\":
    pool = Pool(os.cpu_count())          # start the workers once
    try:
        counts = pool.map(count_primes, ranges)
    finally:
        pool.close()                     # no more tasks
        pool.join()                      # wait until every worker has exited";

/// The same pool in Rust, as this step runs it (the code is below, in `ProcessPool`).
const RUST: &str = "\
let mut pool = ProcessPool::start(workers)?;  // `workers` copies of this binary, run --worker
let counts = pool.map(&ranges, None)?;        // a thread per worker: write \"start end\", read a count
pool.close()?;                                // close each stdin (the worker exits), wait (reap)

// The worker, in lesson5/child.rs: one task per line in, one count per line out.
for line in io::stdin().lock().lines() {
    let [start, end] = parse(&line?)?;
    writeln!(out, \"{}\", workloads::count_primes(start..end))?;
}";

/// One worker process and the pipes to it.
struct Worker {
    child: Child,
    tasks: ChildStdin,
    results: BufReader<ChildStdout>,
}

/// A pool of worker processes, like `multiprocessing.Pool`: started once, fed over pipes.
pub struct ProcessPool {
    workers: Vec<Worker>,
}

impl ProcessPool {
    // ANCHOR: pool_start
    /// Starts `workers` copies of this binary in worker mode.
    pub fn start(workers: usize) -> Result<ProcessPool> {
        let exe = std::env::current_exe().context("finding this lesson's binary")?;
        let start = |_| -> Result<Worker> {
            let mut child = Command::new(&exe)
                .arg(child::WORKER)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .spawn()
                .context("starting a worker process")?;
            let tasks = child.stdin.take().context("the worker's stdin")?;
            let results = BufReader::new(child.stdout.take().context("the worker's stdout")?);
            Ok(Worker {
                child,
                tasks,
                results,
            })
        };
        let workers = (0..workers).map(start).collect::<Result<_>>()?;
        Ok(ProcessPool { workers })
    }
    // ANCHOR_END: pool_start

    /// Counts the primes in every range, results in input order: one thread feeds each worker.
    pub fn map(&mut self, ranges: &[Range<u64>], timeline: Option<&Timeline>) -> Result<Vec<u64>> {
        let next = AtomicUsize::new(0);
        let counts: Vec<AtomicU64> = ranges.iter().map(|_| AtomicU64::new(0)).collect();
        let feed = |worker: &mut Worker| -> Result<()> {
            let mut line = String::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(range) = ranges.get(i) else {
                    return Ok(());
                };
                let _span = timeline.map(|t| t.start(i.to_string()));
                // One write per task: the worker reads a whole line.
                let task = format!("{} {}\n", range.start, range.end);
                worker.tasks.write_all(task.as_bytes())?;
                line.clear();
                ensure!(
                    worker.results.read_line(&mut line)? > 0,
                    "a worker exited mid-batch"
                );
                counts[i].store(line.trim().parse()?, Ordering::Relaxed);
            }
        };
        let feed = &feed;
        thread::scope(|scope| {
            let feeders: Vec<_> = self
                .workers
                .iter_mut()
                .map(|w| scope.spawn(move || feed(w)))
                .collect();
            feeders
                .into_iter()
                .try_for_each(|f| f.join().map_err(|_| anyhow!("a feeding thread panicked"))?)
        })?;
        Ok(counts.into_iter().map(AtomicU64::into_inner).collect())
    }

    // ANCHOR: pool_close
    /// `pool.close()` and `pool.join()`: end of input makes each worker exit; `wait` reaps it.
    pub fn close(self) -> Result<()> {
        for Worker {
            mut child, tasks, ..
        } in self.workers
        {
            drop(tasks);
            let status = child.wait().context("waiting for a worker")?;
            ensure!(status.success(), "a worker ended badly: {status}");
        }
        Ok(())
    }
    // ANCHOR_END: pool_close
}

/// The article's pool is a pool of processes. Rust does the same work on threads; a pool of
/// processes costs more to start and to feed, and buys isolation. Measured on one batch.
pub fn a_process_pool(lesson: &mut Lesson) -> Result<()> {
    lesson.step(
        "A process pool, beside a thread pool",
        "The article's pool is a pool of processes. Rust does the same work on threads; a \
         pool of processes costs more to start and to feed, and buys isolation. Here is the \
         article's pool, then the same in Rust: this lesson's own binary, started `workers` \
         times in a hidden worker mode, reading tasks on stdin and writing results on stdout.",
    );
    lesson.code(PYTHON);
    println!();
    lesson.code(RUST);
    let size = lesson.size();
    let ranges = workloads::prime_batch(size.batch_len(), size.task_time() * 2);
    let workers = measure::cores();
    let repeats = size.repeats();
    let count = |r: &Range<u64>| workloads::count_primes(r.clone());
    let (sequential, expected) =
        measure::median(repeats, || ranges.iter().map(count).collect::<Vec<u64>>());
    let threads = rayon::ThreadPoolBuilder::new()
        .num_threads(workers)
        .build()?;
    let (on_threads, counts) = measure::median(repeats, || {
        threads.install(|| {
            ranges
                .par_iter()
                .with_max_len(1)
                .map(count)
                .collect::<Vec<u64>>()
        })
    });
    ensure!(counts == expected, "the thread pool miscounted");
    let (with_start, counts) = measure::median(repeats, || -> Result<Vec<u64>> {
        let mut pool = ProcessPool::start(workers)?;
        let counts = pool.map(&ranges, None)?;
        pool.close()?;
        Ok(counts)
    });
    ensure!(counts? == expected, "the process pool miscounted");
    let mut table = Table::new(
        format!("Counting primes in {} ranges", ranges.len()),
        "sequential loop",
        sequential,
    );
    table.repeats(repeats).needs_cores();
    let label = format!("thread pool, {}", plural(workers, "thread"));
    table.row(label, workers, on_threads);
    let label = format!(
        "process pool, {} (start to close)",
        plural(workers, "worker")
    );
    table.row(label, workers, with_start);
    table.print();
    let (startup, closed) = measure::median(repeats, || ProcessPool::start(workers)?.close());
    closed?;
    let extra = with_start.as_secs_f64() / on_threads.as_secs_f64().max(1e-9) - 1.0;
    let compared = if extra.abs() < 0.05 {
        "about as long as the thread pool".to_string()
    } else {
        let (more, pct) = if extra > 0.0 {
            ("longer", extra)
        } else {
            ("less", -extra)
        };
        format!("{:.0}% {more} than the thread pool", pct * 100.0)
    };
    lesson.say(&format!(
        "Every count equals the loop's. The process pool took {compared}. Starting and \
         closing a pool of {}, with no task at all, takes {} here; on top of that each task \
         makes a round trip through two pipes. Those costs are fixed, so the smaller the \
         tasks, the more they weigh. For CPU-bound work alone, Rust's threads are the simpler \
         pool; processes earn their keep when a task may crash or hang (steps 2 and 3).",
        plural(workers, "worker"),
        fmt_duration(startup)
    ));
    lesson.say("The process pool at work: one row per worker process (the thread that feeds it).");
    let timeline = Timeline::new();
    let mut pool = ProcessPool::start(workers)?;
    let counts = pool.map(&ranges, Some(&timeline))?;
    pool.close()?;
    ensure!(counts == expected, "the process pool miscounted");
    lesson.show_timeline(&timeline);
    Ok(())
}

/// "1 worker", "4 workers".
fn plural(n: usize, noun: &str) -> String {
    let s = if n == 1 { "" } else { "s" };
    format!("{n} {noun}{s}")
}
