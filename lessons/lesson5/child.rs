//! The parts this lesson's binary plays when it runs itself as a child process.
//!
//! `main` looks at its first argument before anything else: with one of the hidden flags
//! below it plays that child instead of teaching. They are not in `--help`: only the lesson
//! itself passes them.

use anyhow::{Context, Result, anyhow};
use parlings::workloads;
use std::io::{self, BufRead, Write};
use std::thread;
use std::time::Duration;

/// Exits at once: the cheapest process this binary can be (step 1 times it).
pub const NOOP: &str = "--child-noop";
/// Crashes in a worker thread, with `abort` or `segv` (step 2).
pub const CRASH: &str = "--child-crash";
/// Says "ready", then hangs for ever (step 3 kills it).
pub const HANG: &str = "--child-hang";
/// A process-pool worker: counts primes for each "start end" line on stdin (step 4).
pub const WORKER: &str = "--worker";

/// Plays the child named by the first argument, if there is one; `None` means: teach.
pub fn play_if_asked() -> Option<Result<()>> {
    let mut args = std::env::args().skip(1);
    let role = args.next()?;
    Some(match role.as_str() {
        NOOP => Ok(()),
        CRASH => crash(args.next().as_deref()),
        HANG => hang(),
        WORKER => serve(),
        _ => return None,
    })
}

/// A program whose worker thread crashes while its main thread waits for it.
fn crash(how: Option<&str>) -> Result<()> {
    no_core_dump();
    let how = how.unwrap_or("abort").to_string();
    println!(
        "child {}: main thread waits for its worker thread",
        std::process::id()
    );
    let worker = thread::spawn(move || {
        println!("child: worker thread crashes ({how})");
        if how == "segv" {
            // SAFETY: restores the default action (Rust's handler only reports stack
            // overflows) and raises the signal a segmentation fault raises.
            unsafe {
                libc::signal(libc::SIGSEGV, libc::SIG_DFL);
                libc::raise(libc::SIGSEGV);
            }
        }
        std::process::abort();
    });
    let _ = worker.join();
    println!("child: main thread carries on"); // never printed: the crash ended every thread
    Ok(())
}

/// Keeps a crash from writing a core file: the lesson shows a crash, not its post-mortem.
fn no_core_dump() {
    let none = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: setrlimit only lowers this process's own core-file limit.
    unsafe { libc::setrlimit(libc::RLIMIT_CORE, &none) };
}

/// A child that never ends by itself, like a worker stuck on a request that never answers.
fn hang() -> Result<()> {
    println!("ready");
    loop {
        thread::sleep(Duration::from_secs(3600));
    }
}

// ANCHOR: worker
/// The process-pool worker: one task per line in ("start end"), one count per line out.
fn serve() -> Result<()> {
    let mut out = io::stdout().lock();
    for line in io::stdin().lock().lines() {
        let line = line.context("reading a task")?;
        let bounds: Vec<u64> = line
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        let [start, end] = bounds[..] else {
            return Err(anyhow!(
                "a task is two numbers, \"start end\"; got {line:?}"
            ));
        };
        writeln!(out, "{}", workloads::count_primes(start..end))?;
        out.flush()?; // the pool waits for this line
    }
    Ok(()) // end of input: the pool was closed
}
// ANCHOR_END: worker
