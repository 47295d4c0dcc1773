//! Wrong: a child past its timeout is reported TimedOut but never killed: it runs on.
//! expect: never killed

use parlings::ProcessOutcome;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant};

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
                    *slots[i].lock().expect("slot") = Some(outcome);
                }
            });
        }
    });
    slots
        .into_iter()
        .map(|slot| slot.into_inner().expect("slot").expect("every command ran"))
        .collect()
}

/// Runs one command to its end, or kills and reaps it at its timeout.
fn run_one(command: &[String], timeout: Duration) -> ProcessOutcome {
    let Some((program, args)) = command.split_first() else {
        return ProcessOutcome::FailedToStart("empty command".into());
    };
    let started = Instant::now();
    let spawned = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(error) => return ProcessOutcome::FailedToStart(error.to_string()),
    };
    let mut stdout = child.stdout.take().expect("piped");
    let reader = thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout.read_to_end(&mut bytes);
        bytes
    });
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() < timeout => thread::sleep(Duration::from_millis(5)),
            // Gives up on the child, but leaves it running.
            _ => return ProcessOutcome::TimedOut,
        }
    };
    let bytes = reader.join().unwrap_or_default();
    match status {
        None => ProcessOutcome::TimedOut,
        Some(status) => match status.code() {
            Some(code) => ProcessOutcome::Exited {
                code,
                stdout: String::from_utf8_lossy(&bytes).into_owned(),
            },
            None => ProcessOutcome::Signaled {
                signal: status.signal().unwrap_or_default(),
            },
        },
    }
}
