//! Wrong: `Command::output()` reads stdout and waits, but has no timeout: a child that hangs
//! is waited for forever.
//! expect: probably stuck
//! expect: poll `try_wait()`

use parlings::ProcessOutcome;
use std::os::unix::process::ExitStatusExt;
use std::process::Command;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::Duration;

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

/// Runs one command to its end (`output()` gives it a null stdin and reads its stdout).
fn run_one(command: &[String], _timeout: Duration) -> ProcessOutcome {
    let Some((program, args)) = command.split_first() else {
        return ProcessOutcome::FailedToStart("empty command".into());
    };
    match Command::new(program).args(args).output() {
        Err(error) => ProcessOutcome::FailedToStart(error.to_string()),
        Ok(output) => match output.status.code() {
            Some(code) => ProcessOutcome::Exited {
                code,
                stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            },
            None => ProcessOutcome::Signaled {
                signal: output.status.signal().unwrap_or_default(),
            },
        },
    }
}
