//! Right: a thread per command, and a semaphore (Mutex + Condvar) of `workers` permits taken
//! before the spawn and given back after the reap. The output is read on a thread that says
//! when it is done; the command's thread waits for that or for the deadline with crossbeam's
//! `select!`. Stdin is a pipe closed at once: a reader sees end-of-file, as with null.

use crossbeam::channel::{self, after};
use parlings::ProcessOutcome;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::{Duration, Instant};

/// A counting semaphore.
struct Permits {
    free: Mutex<usize>,
    given_back: Condvar,
}

impl Permits {
    fn take(&self) {
        let mut free = self.free.lock().expect("permits");
        while *free == 0 {
            free = self.given_back.wait(free).expect("permits");
        }
        *free -= 1;
    }

    fn give_back(&self) {
        *self.free.lock().expect("permits") += 1;
        self.given_back.notify_one();
    }
}

/// Runs every command as a child process, `workers` at a time, each killed after `timeout`.
pub fn run_commands(
    commands: &[Vec<String>],
    workers: usize,
    timeout: Duration,
) -> Vec<ProcessOutcome> {
    let permits = Permits {
        free: Mutex::new(if workers == 0 {
            num_cpus::get()
        } else {
            workers
        }),
        given_back: Condvar::new(),
    };
    thread::scope(|scope| {
        let handles: Vec<_> = commands
            .iter()
            .map(|command| {
                let permits = &permits;
                scope.spawn(move || {
                    permits.take();
                    let outcome = run_one(command, timeout);
                    permits.give_back();
                    outcome
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a command's thread does not panic"))
            .collect()
    })
}

/// Runs one command; kills and reaps it at its deadline.
fn run_one(command: &[String], timeout: Duration) -> ProcessOutcome {
    if command.is_empty() {
        return ProcessOutcome::FailedToStart("empty command".into());
    }
    let deadline = Instant::now() + timeout;
    let spawned = Command::new(&command[0])
        .args(&command[1..])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(error) => return ProcessOutcome::FailedToStart(error.to_string()),
    };
    drop(child.stdin.take()); // end-of-file for the child at once
    let mut pipe = child.stdout.take().expect("stdout is piped");
    let (done, output) = channel::bounded(1);
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        let _ = done.send(bytes);
    });
    let time_left = deadline.saturating_duration_since(Instant::now());
    let bytes = channel::select! {
        recv(output) -> bytes => bytes.unwrap_or_default(),
        recv(after(time_left)) -> _ => {
            kill_and_reap(&mut child);
            return ProcessOutcome::TimedOut;
        }
    };
    // Its stdout is closed; it has ended, or soon will, or must be killed at the deadline.
    let Some(status) = wait_until(&mut child, deadline) else {
        kill_and_reap(&mut child);
        return ProcessOutcome::TimedOut;
    };
    match status.signal() {
        Some(signal) => ProcessOutcome::Signaled { signal },
        None => ProcessOutcome::Exited {
            code: status.code().unwrap_or_default(),
            stdout: String::from_utf8_lossy(&bytes).into_owned(),
        },
    }
}

/// The child's status if it ends before `deadline`.
fn wait_until(child: &mut Child, deadline: Instant) -> Option<ExitStatus> {
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(status),
            Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(1)),
            _ => return None,
        }
    }
}

fn kill_and_reap(child: &mut Child) {
    let _ = child.kill();
    let _ = child.wait();
}
