//! Right: a rayon pool of `workers` threads maps over the commands; each task runs one child,
//! reading its stdout on a scoped thread and polling `try_wait` against its own deadline.

use parlings::ProcessOutcome;
use rayon::prelude::*;
use std::io::Read;
use std::os::unix::process::ExitStatusExt;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// Runs every command as a child process, `workers` at a time, each killed after `timeout`.
pub fn run_commands(
    commands: &[Vec<String>],
    workers: usize,
    timeout: Duration,
) -> Vec<ProcessOutcome> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(workers) // rayon reads 0 as "one per core" too
        .build()
        .expect("the pool's threads start");
    // One command per task, so each blocked thread holds exactly one child.
    pool.install(|| {
        commands
            .par_iter()
            .with_max_len(1)
            .map(|command| run_one(command, timeout))
            .collect()
    })
}

/// Runs one command to its end, or kills and reaps it at its deadline.
fn run_one(command: &[String], timeout: Duration) -> ProcessOutcome {
    let Some((program, args)) = command.split_first() else {
        return ProcessOutcome::FailedToStart("no program in an empty command".into());
    };
    let deadline = Instant::now() + timeout;
    let mut child = match Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(child) => child,
        Err(error) => {
            return ProcessOutcome::FailedToStart(format!("cannot run {program}: {error}"));
        }
    };
    let mut pipe = child.stdout.take().expect("stdout is piped");
    thread::scope(|scope| {
        let reader = scope.spawn(move || {
            let mut bytes = Vec::new();
            pipe.read_to_end(&mut bytes)
                .map(|_| bytes)
                .unwrap_or_default()
        });
        let status = loop {
            if let Ok(Some(status)) = child.try_wait() {
                break Some(status);
            }
            if Instant::now() >= deadline {
                child.kill().ok();
                child.wait().ok();
                break None;
            }
            thread::sleep(Duration::from_millis(2));
        };
        let bytes = reader.join().unwrap_or_default();
        match (status, status.and_then(|s| s.code())) {
            (None, _) => ProcessOutcome::TimedOut,
            (Some(_), Some(code)) => ProcessOutcome::Exited {
                code,
                stdout: String::from_utf8_lossy(&bytes).into_owned(),
            },
            (Some(status), None) => ProcessOutcome::Signaled {
                signal: status.signal().unwrap_or(0),
            },
        }
    })
}
