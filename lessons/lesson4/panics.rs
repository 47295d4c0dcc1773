//! Lesson 4, step 2: what a panic does to std threads, a scope and rayon, and how to contain it.

use anyhow::{Result, ensure};
use parlings::lesson::Lesson;
use parlings::measure::{Cell, Grid};
use parlings::workloads::{self, PRIME_BASE};
use rayon::prelude::*;
use std::any::Any;
use std::panic::{self, AssertUnwindSafe, PanicHookInfo};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread;

/// The record every demo of this step finds corrupt.
const BAD: usize = 2;

/// A panic is not a value: by default it unwinds the thread it happens on, and each tool
/// decides what the caller then sees. `catch_unwind` turns it back into a value, so one task's
/// panic costs one result, not the batch.
pub fn what_a_panic_does(lesson: &mut Lesson, tasks: usize) -> Result<()> {
    lesson.step(
        "Panics: what each tool does with one, and catch_unwind",
        "A panic is not a value: by default it unwinds the thread it happens on, and each tool \
         decides what the caller then sees. `catch_unwind` turns it back into a value, so one \
         task's panic costs one result, not the batch.",
    );
    lesson.say(&format!(
        "In each run below, record {BAD} panics with panic!(\"record {BAD} is corrupt\"). The \
         default panic hook would print a report on stderr for every panic, so this step \
         swapped in a quiet hook that only records them (std::panic::take_hook / set_hook), \
         and put the default back at its end."
    ));
    let reports = Arc::new(Mutex::new(Vec::new()));
    let default_hook = panic::take_hook();
    let seen = Arc::clone(&reports);
    panic::set_hook(Box::new(move |info| {
        let report = hook_report(info);
        seen.lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(report);
    }));
    let rows = [spawned(), scoped(), on_rayon(tasks), caught(tasks)];
    panic::set_hook(default_hook);
    let mut grid = Grid::new(["tool", "the caller got", "the other tasks", "message"]);
    for row in rows {
        let row = row?;
        grid.row(row.into_iter().map(Cell::text).collect());
    }
    print!("{}", grid.render());
    let reports = reports.lock().unwrap_or_else(PoisonError::into_inner);
    lesson.say(&format!(
        "The quiet hook recorded {} panics (the scope's own panic at its end is one). The \
         default hook prints each on stderr the moment it happens, whoever catches it later; \
         the first would have read:",
        reports.len()
    ));
    lesson.code(reports.first().map_or("(none recorded)", String::as_str));
    lesson.say(
        "So: a `JoinHandle` hands you the panic to look at; a scope and rayon pass it on to \
         the caller, whose whole batch is lost unless it catches it; `catch_unwind` around \
         each task keeps every other result. The message is in the payload:",
    );
    lesson.code(
        "fn panic_message(payload: &(dyn Any + Send)) -> String\n\
         payload.downcast_ref::<&str>()    // panic!(\"literal\")\n\
         payload.downcast_ref::<String>()  // panic!(\"record {i} is corrupt\")",
    );
    lesson.note(
        "Pass `&*payload`, the contents of the Box: `&payload` would make the Box itself the \
         `Any`, and every downcast would fail.",
    );
    lesson.note(
        "catch_unwind works because panics unwind by default; a program built with \
         panic = \"abort\" ends at the first panic instead. A panic while a Mutex is locked \
         poisons it: the next `lock()` returns Err, and `into_inner` still gives the data.",
    );
    Ok(())
}

/// The report the default hook would print: thread, place and message.
fn hook_report(info: &PanicHookInfo<'_>) -> String {
    let current = thread::current();
    let name = current.name().unwrap_or("<unnamed>");
    // The default hook names the OS thread id too; Linux shows it in /proc/thread-self.
    let tid = std::fs::read_link("/proc/thread-self").ok();
    let tid = tid
        .as_ref()
        .and_then(|p| p.file_name()?.to_str().map(|t| format!(" ({t})")));
    let place = info.location().map_or(String::new(), |l| {
        format!(" at {}:{}:{}", l.file(), l.line(), l.column())
    });
    let message = panic_message(info.payload());
    let tid = tid.unwrap_or_default();
    format!("thread '{name}'{tid} panicked{place}:\n{message}")
}

// ANCHOR: panic_message
/// The text a panic carried: `panic!("literal")` carries a `&str`, `panic!("{x}")` a
/// `String`; anything else (from `std::panic::panic_any`) has no text.
fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text.to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "unknown panic".to_string()
    }
}
// ANCHOR_END: panic_message

/// One task: panics on record [`BAD`], else counts a few primes.
fn task(record: usize) -> u64 {
    if record == BAD {
        panic!("record {record} is corrupt");
    }
    let start = PRIME_BASE + 1_000 * record as u64;
    workloads::count_primes(start..start + 1_000)
}

// ANCHOR: spawned
/// `thread::spawn`: the panic ends its own thread; `join()` returns it as `Err(payload)`.
fn spawned() -> Result<[String; 4]> {
    let handles: Vec<_> = (0..4).map(|i| thread::spawn(move || task(i))).collect();
    let joined: Vec<thread::Result<u64>> = handles.into_iter().map(|h| h.join()).collect();
    let kept = joined.iter().filter(|r| r.is_ok()).count();
    let message = match &joined[BAD] {
        Err(payload) => panic_message(&**payload),
        Ok(_) => "none: the bad record did not panic".to_string(),
    };
    ensure!(kept == 3, "spawned threads: {kept} of 3 results kept");
    Ok([
        "thread::spawn,\nthen join()".into(),
        "Err(payload) from\njoin(), for that\nthread alone".into(),
        format!("{kept} of 3 results\nkept"),
        message,
    ])
}
// ANCHOR_END: spawned

/// `thread::scope`: threads not joined by hand are joined at the scope's end, which then
/// panics itself if any of them panicked.
fn scoped() -> Result<[String; 4]> {
    let finished = AtomicUsize::new(0);
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        thread::scope(|s| {
            for i in 0..4 {
                let finished = &finished;
                s.spawn(move || {
                    task(i);
                    finished.fetch_add(1, Ordering::SeqCst);
                });
            }
            "the scope's value"
        })
    }));
    let Err(payload) = outcome else {
        anyhow::bail!("the scope did not pass the panic on");
    };
    Ok([
        "thread::scope,\nno join()".into(),
        "the scope panicked\nagain at its end".into(),
        format!(
            "{} of 3 ran, the\nscope returned\nnothing",
            finished.into_inner()
        ),
        panic_message(&*payload),
    ])
}

/// rayon: the panic stops the parallel call, which re-panics in the caller with the payload.
fn on_rayon(tasks: usize) -> Result<[String; 4]> {
    let ran = AtomicUsize::new(0);
    let outcome = panic::catch_unwind(AssertUnwindSafe(|| {
        (0..tasks)
            .into_par_iter()
            .map(|i| {
                ran.fetch_add(1, Ordering::SeqCst);
                task(i)
            })
            .collect::<Vec<u64>>()
    }));
    let Err(payload) = outcome else {
        anyhow::bail!("rayon did not pass the panic on");
    };
    Ok([
        "rayon par_iter()\n.collect()".into(),
        "the same panic,\nre-raised in the\ncaller".into(),
        format!(
            "{} of {} ran, the\ncollect returned\nnothing",
            ran.into_inner() - 1,
            tasks - 1
        ),
        panic_message(&*payload),
    ])
}

// ANCHOR: caught
/// `catch_unwind` inside each task: the panic becomes that task's `Err`, the rest go on.
fn caught(tasks: usize) -> Result<[String; 4]> {
    let results: Vec<Result<u64, String>> = (0..tasks)
        .into_par_iter()
        .map(|i| panic::catch_unwind(|| task(i)).map_err(|payload| panic_message(&*payload)))
        .collect();
    let kept = results.iter().filter(|r| r.is_ok()).count();
    ensure!(kept == tasks - 1, "caught: {kept} results kept");
    let message = results[BAD].clone().err().unwrap_or_default();
    Ok([
        "catch_unwind\nin each task".into(),
        format!("{tasks} results,\none Err(message)"),
        format!("{kept} of {} results\nkept", tasks - 1),
        message,
    ])
}
// ANCHOR_END: caught
