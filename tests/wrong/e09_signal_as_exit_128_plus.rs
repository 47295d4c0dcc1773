//! Wrong: a child ended by a signal is reported the way a shell shows it in `$?`,
//! `Exited { code: 128 + signal }`, instead of `Signaled { signal }`.
//! expect: a crash is `Signaled`

use parlings::ProcessOutcome;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

/// How often a worker looks whether its child has ended.
const POLL: Duration = Duration::from_millis(5);

/// Runs every command as a child process, `workers` at a time, each killed after `timeout`.
pub fn run_commands(
    commands: &[Vec<String>],
    workers: usize,
    timeout: Duration,
) -> Vec<ProcessOutcome> {
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    // One slot per command, so each outcome lands at its command's position.
    let slots: Vec<Mutex<Option<ProcessOutcome>>> =
        commands.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    thread::scope(|scope| {
        for _ in 0..workers.min(commands.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(command) = commands.get(i) else {
                        break;
                    };
                    let outcome = run_one(command, timeout);
                    *slots[i].lock().expect("no worker panics holding a slot") = Some(outcome);
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|slot| {
            let outcome = slot.into_inner().expect("no worker panicked");
            outcome.expect("every command was taken by a worker")
        })
        .collect()
}

/// Runs one command to its end, or kills and reaps it at its timeout.
fn run_one(command: &[String], timeout: Duration) -> ProcessOutcome {
    let Some((program, args)) = command.split_first() else {
        return ProcessOutcome::FailedToStart("empty command: no program to run".to_string());
    };
    let started = Instant::now();
    let spawned = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(error) => return ProcessOutcome::FailedToStart(format!("{program}: {error}")),
    };
    // Read while the child runs: a pipe holds only 64 KiB, and a child with more to say
    // blocks on a full pipe until someone reads it.
    let mut stdout = child.stdout.take().expect("stdout was piped");
    let reader = thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout.read_to_end(&mut bytes);
        bytes
    });
    let status: Option<ExitStatus> = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() < timeout => {
                thread::sleep(POLL.min(timeout.saturating_sub(started.elapsed())));
            }
            // Past its timeout (or it cannot be watched): kill it, then reap it.
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    // The child is gone, so its end of the pipe is closed and the reader sees end-of-file.
    let bytes = reader.join().unwrap_or_default();
    match status {
        None => ProcessOutcome::TimedOut,
        // On Unix a child either exits with a code or is ended by a signal (a crash).
        Some(status) => match status.code() {
            Some(code) => ProcessOutcome::Exited {
                code,
                stdout: String::from_utf8_lossy(&bytes).into_owned(),
            },
            None => ProcessOutcome::Exited {
                code: 128 + status.signal().unwrap_or_default(),
                stdout: String::from_utf8_lossy(&bytes).into_owned(),
            },
        },
    }
}
