//! Wrong: runs one child at a time, whatever `workers` says.
//! expect: the commands ran one after another

use parlings::ProcessOutcome;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Runs every command as a child process, one after another.
pub fn run_commands(
    commands: &[Vec<String>],
    _workers: usize,
    timeout: Duration,
) -> Vec<ProcessOutcome> {
    commands.iter().map(|c| run_one(c, timeout)).collect()
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
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
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
