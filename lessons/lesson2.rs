//! Lesson 2: start with a pool (the article's step 2).
//!
//! Read it top to bottom: `main` runs the steps in order; above each step is what a teacher
//! would say, and the step prints it too. Every figure is measured on this machine, in this run.

#[path = "lesson2/python.rs"]
mod python;

use anyhow::{Context, Result, anyhow, ensure};
use parlings::lesson::Lesson;
use parlings::measure::{self, Table, fmt_duration};
use parlings::snippet;
use parlings::timeline::Timeline;
use parlings::workloads::HashBatch;
use rayon::prelude::*;
use std::sync::{Arc, mpsc};
use std::thread;
use std::time::Duration;

/// A thread that borrows a local: `spawn_borrow.rs`, which does not compile.
const SPAWN_BORROW: &str = "\
fn main() {
    let totals = vec![3, 1, 4, 1, 5];
    let worker = std::thread::spawn(|| totals.iter().sum::<i32>());
    println!(\"{}\", worker.join().unwrap());
}";

/// rustc 1.95.0's own message for `SPAWN_BORROW`, copied when this lesson was written.
const RUSTC_SAYS: &str = "\
error[E0373]: closure may outlive the current function, but it borrows `totals`, which is owned by the current function
 --> spawn_borrow.rs:3:37
  |
3 |     let worker = std::thread::spawn(|| totals.iter().sum::<i32>());
  |                                     ^^ ------ `totals` is borrowed here
  |                                     |
  |                                     may outlive borrowed value `totals`
  |
note: function requires argument type to outlive `'static`
 --> spawn_borrow.rs:3:18
  |
3 |     let worker = std::thread::spawn(|| totals.iter().sum::<i32>());
  |                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
help: to force the closure to take ownership of `totals` (and any other referenced variables), use the `move` keyword
  |
3 |     let worker = std::thread::spawn(move || totals.iter().sum::<i32>());
  |                                     ++++";

/// The error for parallel hashes that differ from the sequential ones (a bug in the lesson).
const WRONG: &str = "the parallel hashes differ from the sequential ones";

/// The first line of rustc 1.95.0's message for a thread that captures an `Rc`.
const RUSTC_SAYS_RC: &str = "error[E0277]: `Rc<Vec<i32>>` cannot be sent between threads safely";

/// This file, so a step can show its own code as it runs it.
const SOURCE: &str = include_str!("lesson2.rs");

fn main() -> Result<()> {
    let mut lesson = Lesson::start(2, 5);
    let size = lesson.size();
    let bytes = size.pick(64 << 10, 256 << 10);
    let batch = Arc::new(HashBatch::new(size.batch_len(), bytes, size.task_time()));
    let repeats = size.repeats();
    let (sequential, expected) = the_global_pool(&mut lesson, &batch, repeats)?;
    pools_sized_to_the_machine(&mut lesson, &batch, repeats, sequential, &expected)?;
    a_batch_with_a_timeout(&mut lesson, &batch, &expected)?;
    send_and_static(&mut lesson, &batch, &expected)?;
    your_turn(&mut lesson);
    lesson.compare_with_python(|| python::beside_python(size));
    lesson.finish();
    Ok(())
}

/// For a batch of independent tasks, start with a pool: it sizes the workers, hands out the
/// tasks and gathers the results in order. rayon's `par_iter` runs on a global pool with one
/// thread per core.
fn the_global_pool(
    lesson: &mut Lesson,
    batch: &HashBatch,
    repeats: usize,
) -> Result<(Duration, Vec<u64>)> {
    lesson.step(
        "rayon's global pool",
        "For a batch of independent tasks, start with a pool: it sizes the workers, hands out \
         the tasks and gathers the results in order. rayon's `par_iter` runs on a global pool \
         with one thread per core.",
    );
    lesson.code(
        "let hashes: Vec<u64> = (0..batch.len()).into_par_iter().map(|i| batch.hash(i)).collect();",
    );
    // ANCHOR: global_pool
    let (sequential, expected) = measure::median(repeats, || batch.hash_all());
    let (took, hashes) = measure::median(repeats, || hash_par(batch));
    // ANCHOR_END: global_pool
    ensure!(hashes == expected, WRONG);
    let kib = batch.buffer_len() >> 10;
    let title = format!("Hashing {} buffers of {kib} KiB", batch.len());
    let mut table = Table::new(title, "sequential loop", sequential);
    table.repeats(repeats).needs_cores();
    table.row("par_iter, global pool", rayon::current_num_threads(), took);
    table.print();
    lesson.say(
        "The loop became a parallel iterator, and the hashes came back in input order, equal \
         to the loop's.",
    );
    Ok((sequential, expected))
}

/// Size the pool to the machine: the article says the core count, or one fewer to leave a
/// core for the rest of the system. For CPU-bound work, more threads than cores only take
/// turns.
fn pools_sized_to_the_machine(
    lesson: &mut Lesson,
    batch: &HashBatch,
    repeats: usize,
    sequential: Duration,
    expected: &[u64],
) -> Result<()> {
    lesson.step(
        "A pool sized to the machine",
        "Size the pool to the machine: the article says the core count, or one fewer to leave \
         a core for the rest of the system. For CPU-bound work, more threads than cores only \
         take turns.",
    );
    let cores = measure::cores();
    // ANCHOR: pool_sizes
    let mut sizes = vec![(cores, "num_cpus"), (2 * cores, "2 × num_cpus")];
    if cores > 1 {
        sizes.insert(1, (cores - 1, "num_cpus − 1"));
    } else {
        lesson.note("(num_cpus − 1 would be 0 threads on this machine, so it is left out.)");
    }
    let mut table = Table::new("Pools of different sizes", "sequential loop", sequential);
    table.repeats(repeats).needs_cores();
    for (threads, name) in sizes {
        let pool = pool(threads)?;
        let (took, hashes) = measure::median(repeats, || pool.install(|| hash_par(batch)));
        ensure!(hashes == expected, WRONG);
        table.row(format!("{name} = {threads}"), threads, took);
    }
    // ANCHOR_END: pool_sizes
    table.print();
    let fastest = table.rows().iter().min_by_key(|row| row.time);
    if let (Some(row), false) = (fastest, measure::single_core()) {
        let gain = table.speedup_of(row);
        lesson.say(&format!(
            "Fastest in this run: {} ({gain:.2}× the loop).",
            row.label
        ));
    }
    let threads = if cores == 1 { "thread" } else { "threads" };
    lesson.say(&format!(
        "Here is the pool of {cores} {threads} at work, one row per thread, each block one hash:"
    ));
    // ANCHOR: timeline
    let timeline = Timeline::new();
    pool(cores)?.install(|| {
        (0..batch.len())
            .into_par_iter()
            .with_max_len(1)
            .for_each(|i| {
                let _span = timeline.start(i.to_string());
                std::hint::black_box(batch.hash(i));
            })
    });
    lesson.show_timeline(&timeline);
    // ANCHOR_END: timeline
    Ok(())
}

/// `pool.map` blocks until every result is in. For long batches the article submits them
/// with `map_async` and waits with a timeout, so a stuck batch raises an error instead of
/// hanging the script.
fn a_batch_with_a_timeout(
    lesson: &mut Lesson,
    batch: &Arc<HashBatch>,
    expected: &[u64],
) -> Result<()> {
    lesson.step(
        "A blocking map, or a batch with a timeout",
        "`pool.map` blocks until every result is in. For long batches the article submits \
         them with `map_async` and waits with a timeout, so a stuck batch raises an error \
         instead of hanging the script.",
    );
    lesson.code(
        "Python: pool.map_async(work, items).get(timeout=T)   # raises TimeoutError\n\
         Rust:   pool.spawn(move || tx.send(work_on(batch)));  rx.recv_timeout(T)   // Err(Timeout)",
    );
    let pool = pool(measure::cores())?;
    let (blocking, _) = measure::time(|| pool.install(|| hash_par(batch)));
    let timeout = (blocking * 4).max(Duration::from_millis(50));
    lesson.say(&format!(
        "Blocking: `pool.install(|| ...)` kept this thread waiting {} for all {} hashes; had \
         one task hung, it would have waited forever. Submitted, with a timeout of {}:",
        fmt_duration(blocking),
        batch.len(),
        fmt_duration(timeout)
    ));
    // ANCHOR: recv_timeout
    let results = submit(&pool, batch, None);
    let (took, outcome) = measure::time(|| results.recv_timeout(timeout));
    // ANCHOR_END: recv_timeout
    let hashes = match outcome {
        Ok(hashes) => {
            let done = format!(
                "in time: all {} hashes in {}.",
                hashes.len(),
                fmt_duration(took)
            );
            lesson.bullet(&done);
            hashes
        }
        Err(_) => {
            // Only a machine busy with other programs gets here; the batch still finishes.
            lesson.bullet("not in time, this run: other programs slowed the batch down.");
            results.recv().context("the batch's pool stopped")?
        }
    };
    ensure!(hashes == expected, WRONG);
    let stuck = timeout * 3;
    // ANCHOR: stuck
    let results = submit(&pool, batch, Some(stuck));
    let (gave_up, outcome) = measure::time(|| results.recv_timeout(timeout));
    ensure!(outcome.is_err(), "the stuck batch beat its timeout");
    // ANCHOR_END: stuck
    lesson.bullet(&format!(
        "one task stuck for {}: recv_timeout gave up after {} with Err(Timeout).",
        fmt_duration(stuck),
        fmt_duration(gave_up)
    ));
    // The stuck task sleeps for a bounded time, so this wait ends.
    // ANCHOR: ran_on
    let (late, outcome) = measure::time(|| results.recv());
    outcome.context("the stuck batch's pool stopped")?;
    // ANCHOR_END: ran_on
    lesson.say(&format!(
        "The stuck batch was not killed: its threads kept working, and its result arrived {} \
         after we stopped waiting. A timeout stops the waiting, not the work. Asking the work \
         to stop is lesson 4 (a cancel flag); killing it is lesson 5 (processes).",
        fmt_duration(late)
    ));
    Ok(())
}

// ANCHOR: submit
/// Hands the whole batch to the pool and returns at once; the hashes arrive on the channel.
/// With `stuck`, the first task first sleeps that long, like a request that does not answer.
fn submit(
    pool: &rayon::ThreadPool,
    batch: &Arc<HashBatch>,
    stuck: Option<Duration>,
) -> mpsc::Receiver<Vec<u64>> {
    let (sender, results) = mpsc::channel();
    // `spawn` returns before the work is done, so the work must own what it uses: an Arc of
    // the batch, not a borrow (step 4 shows why).
    let batch = Arc::clone(batch);
    pool.spawn(move || {
        let hashes = (0..batch.len())
            .into_par_iter()
            .map(|i| {
                if let (0, Some(stuck)) = (i, stuck) {
                    thread::sleep(stuck);
                }
                batch.hash(i)
            })
            .collect();
        // Whoever waited may have given up by now; then nobody wants the result.
        let _ = sender.send(hashes);
    });
    results
}
// ANCHOR_END: submit

/// The article's task function must be top-level, or pickling fails at run time. Rust checks
/// its rule before the program runs: `std::thread::spawn` takes only `Send + 'static`
/// closures, so a thread can never outlive what it borrows.
fn send_and_static(lesson: &mut Lesson, batch: &HashBatch, expected: &[u64]) -> Result<()> {
    lesson.step(
        "The pickling rule, in Rust: Send + 'static",
        "The article's task function must be top-level, or pickling fails at run time. Rust \
         checks its rule before the program runs: `std::thread::spawn` takes only `Send + \
         'static` closures, so a thread can never outlive what it borrows. This does not \
         compile:",
    );
    lesson.code(SPAWN_BORROW);
    lesson.note("The compiler's message (rustc 1.95.0, copied when this lesson was written):");
    lesson.code(RUSTC_SAYS);
    lesson.say(
        "`std::thread::scope` lifts the 'static rule: every thread spawned in a scope is \
         joined before the scope returns, so it may borrow locals. This ran just now, two \
         threads hashing the two halves of the borrowed batch, with no Arc and no copy:",
    );
    lesson.code(&snippet::anchored(SOURCE, "hash_in_a_scope").context("an anchor is gone")?);
    let (took, hashes) = measure::time(|| hash_in_a_scope(batch));
    let hashes = hashes.map_err(|_| anyhow!("a scoped thread panicked"))?;
    ensure!(hashes == expected, WRONG);
    lesson.say(&format!(
        "Both threads were done inside the scope, in {}; their {} hashes equal the loop's. \
         `par_iter` in step 1 borrowed the batch for the same reason: it returns only when \
         every task is done. `pool.spawn` in step 3 returns at once, so it needed an Arc.",
        fmt_duration(took),
        hashes.len()
    ));
    lesson.note(&format!(
        "`Send` is the other half: an `Rc` (a reference count not safe to share) cannot be \
         moved into a thread at all; rustc 1.95.0 says: {RUSTC_SAYS_RC}."
    ));
    Ok(())
}

// ANCHOR: hash_in_a_scope
/// Two scoped threads hash the two halves of the borrowed `batch`: no Arc, no copy.
fn hash_in_a_scope(batch: &HashBatch) -> thread::Result<Vec<u64>> {
    let (half, hash) = (batch.len() / 2, |i| batch.hash(i));
    thread::scope(|s| {
        let left = s.spawn(|| (0..half).map(hash).collect::<Vec<u64>>());
        let right = s.spawn(|| (half..batch.len()).map(hash).collect::<Vec<u64>>());
        Ok([left.join()?, right.join()?].concat())
    })
}
// ANCHOR_END: hash_in_a_scope

/// Now build the pool yourself: a map over `workers` threads, results in input order.
fn your_turn(lesson: &mut Lesson) {
    lesson.step(
        "Your turn",
        "Now build the pool yourself: a map over `workers` threads, results in input order.",
    );
    lesson.point_to_exercises();
}

// ANCHOR: hash_par
/// Every hash of the batch on the current pool, in input order.
fn hash_par(batch: &HashBatch) -> Vec<u64> {
    (0..batch.len())
        .into_par_iter()
        .map(|i| batch.hash(i))
        .collect()
}
// ANCHOR_END: hash_par

// ANCHOR: pool
/// A pool of exactly `threads` threads, separate from rayon's global one.
fn pool(threads: usize) -> Result<rayon::ThreadPool> {
    let builder = rayon::ThreadPoolBuilder::new().num_threads(threads);
    builder.build().context("starting a thread pool")
}
// ANCHOR_END: pool

#[cfg(test)]
mod tests {
    use super::*;

    /// A thread that captures an `Rc`: refused because `Rc` is not `Send`.
    const SEND_RC: &str = "\
fn main() {
    let shared = std::rc::Rc::new(vec![3, 1, 4]);
    std::thread::spawn(move || shared.len());
}";

    #[test]
    fn the_code_shown_as_refused_is_refused_for_the_reason_given() {
        let first_line = RUSTC_SAYS.lines().next().unwrap_or_default();
        for (code, says) in [(SPAWN_BORROW, first_line), (SEND_RC, RUSTC_SAYS_RC)] {
            snippet::assert_refused(code, says);
        }
    }

    #[test]
    fn step_4_shows_hash_in_a_scope_whole() {
        let shown = snippet::anchored(SOURCE, "hash_in_a_scope").expect("the anchor");
        assert!(shown.contains("fn hash_in_a_scope("), "{shown}");
        assert!(shown.trim_end().ends_with('}'), "{shown}");
    }
}
