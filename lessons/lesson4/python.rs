//! Lesson 4 beside its Python companion (`--compare-python`).

use crate::deadlines::wait_then_cancel;
use crate::joins::{self, THREADS};
use crate::{process, records_of_width};
use anyhow::{Result, ensure};
use parlings::compare::{Comparison, Figure};
use parlings::measure::{self, fmt_duration};
use parlings::workloads::Size;
use rayon::prelude::*;
use std::time::Duration;

/// With `--compare-python`: a batch with bad records, a stuck task and a crew of workers,
/// small enough for Python, run here the lesson's way; `lessons/python/lesson4.py` then does
/// the same with try/except markers, `map_async(...).get(timeout)`, `close()` and `join()`.
pub fn beside_python(size: Size) -> Result<Comparison> {
    let cores = measure::cores();
    let (count, width) = (size.pick(32, 64), size.pick(300, 600));
    let (timeout, hang) = (size.pick(100, 250), size.pick(400, 1_000));
    let work = size.pick(150, 300);
    let title = format!("{count} records; a task stuck {hang} ms");
    let mut c = Comparison::new("lesson4", title);
    c.arg("records", count)
        .arg("width", width)
        .arg("workers", cores);
    c.arg("timeout-ms", timeout)
        .arg("hang-ms", hang)
        .arg("work-ms", work);
    c.arg("crew", THREADS);
    let records = records_of_width(count, width);

    let what = format!("process {count} records, some corrupt");
    let (took, results) =
        measure::time(|| records.par_iter().map(|r| process(r)).collect::<Vec<_>>());
    let failures = results.iter().filter(|r| r.is_err()).count();
    let how = "par_iter().map(process): a Result per record";
    let value = format!("{} results, {failures} Errs", results.len() - failures);
    c.rust(Figure::new("markers", &what, how).took(took).value(value));
    let first = records.par_iter().map(|r| process(r));
    let first = first.collect::<Result<Vec<u64>, String>>();
    ensure!(first.is_err(), "the batch was meant to hold bad records");
    let lost = format!(
        "all lost but the first error: {}",
        first.err().unwrap_or_default()
    );
    let how = ".collect::<Result<Vec<_>, _>>()";
    c.rust(Figure::new("unwrapped", &what, how).value(lost));

    let what = format!("a task stuck {hang} ms, timeout {timeout} ms");
    let (deadline, hung) = (Duration::from_millis(timeout), Duration::from_millis(hang));
    let stop = wait_then_cancel(true, deadline, hung)?;
    let busy = if stop.running { 1 } else { 0 };
    let value = format!(
        "{busy} thread still busy; cancel() ended it in {}",
        fmt_duration(stop.stopped)
    );
    let how = "recv_timeout(..): Err(Timeout), then cancel()";
    c.rust(
        Figure::new("deadline", &what, how)
            .took(stop.gave_up)
            .value(value),
    );

    let what = format!("{THREADS} workers busy {work} ms");
    let work = Duration::from_millis(work);
    let ending = joins::forgotten(work);
    let value = format!("{} threads left running", ending.live_after);
    c.rust(
        Figure::new(
            "forgotten",
            &what,
            "the JoinHandles dropped: the caller moves on",
        )
        .value(value),
    );
    joins::wait_for_none_live(work + Duration::from_secs(2))?;
    let ending = joins::joined(work);
    let value = format!("{} left running", ending.live_after);
    let how = "join() on every handle";
    c.rust(
        Figure::new("joined", &what, how)
            .took(ending.took)
            .value(value),
    );

    let total: u64 = results.iter().filter_map(|r| r.as_ref().ok()).sum();
    c.digest(format!("{failures} failures; {total} primes"));
    c.note(
        "One run each side. Python's TimeoutError leaves the worker running, like Rust's \
         Err(Timeout); Python then kills it with pool.terminate(), Rust asks it to stop with \
         a Cancel (a thread cannot be killed: lesson 5).",
    );
    Ok(c)
}
