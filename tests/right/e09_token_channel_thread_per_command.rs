//! Right: a scoped thread per command, and a semaphore made of a crossbeam `bounded(workers)`
//! channel holding `workers` tokens: a thread takes a token before it spawns its child and
//! puts it back only after the child is reaped. The thread polls `try_wait` with a 3 ms sleep
//! against the child's own clock; stdout is read with `read_to_end` on a separate thread.

use crossbeam::channel;
use parlings::ProcessOutcome;
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
    let workers = if workers == 0 {
        num_cpus::get()
    } else {
        workers
    };
    let (give, take) = channel::bounded::<()>(workers);
    for _ in 0..workers {
        give.send(()).expect("room for every token");
    }
    thread::scope(|s| {
        let threads: Vec<_> = commands
            .iter()
            .map(|argv| {
                let (give, take) = (give.clone(), take.clone());
                s.spawn(move || {
                    take.recv().expect("a token comes back");
                    let outcome = one(argv, timeout);
                    give.send(()).expect("room for the token");
                    outcome
                })
            })
            .collect();
        threads
            .into_iter()
            .map(|t| t.join().expect("no thread panics"))
            .collect()
    })
}

fn one(argv: &[String], timeout: Duration) -> ProcessOutcome {
    let Some(program) = argv.first() else {
        return ProcessOutcome::FailedToStart("empty command".to_string());
    };
    let mut child = match Command::new(program)
        .args(&argv[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn()
    {
        Ok(child) => child,
        Err(e) => return ProcessOutcome::FailedToStart(e.to_string()),
    };
    let started = Instant::now();
    let mut pipe = child.stdout.take().expect("piped");
    let reader = thread::spawn(move || {
        let mut all = Vec::new();
        pipe.read_to_end(&mut all).map(|_| all)
    });
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() < timeout => thread::sleep(Duration::from_millis(3)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let bytes = reader.join().ok().and_then(Result::ok).unwrap_or_default();
    match status {
        None => ProcessOutcome::TimedOut,
        Some(s) => match (s.code(), s.signal()) {
            (Some(code), _) => ProcessOutcome::Exited {
                code,
                stdout: String::from_utf8_lossy(&bytes).into_owned(),
            },
            (None, signal) => ProcessOutcome::Signaled {
                signal: signal.unwrap_or(0),
            },
        },
    }
}
