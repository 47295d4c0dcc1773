//! Right: `workers` threads take (index, command) jobs from a crossbeam channel and send
//! (index, outcome) back; the caller puts each outcome at its index. Each job reads its
//! child's stdout on a thread and checks the child's own clock every millisecond.

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
    let workers = match workers {
        0 => num_cpus::get(),
        n => n,
    };
    let (jobs, queue) = channel::unbounded::<(usize, Vec<String>)>();
    for job in commands.iter().cloned().enumerate() {
        jobs.send(job).expect("the queue is open");
    }
    drop(jobs);
    let (results, outcomes) = channel::unbounded();
    let crew: Vec<_> = (0..workers.min(commands.len()))
        .map(|_| {
            let (queue, results) = (queue.clone(), results.clone());
            thread::spawn(move || {
                for (index, command) in queue {
                    let _ = results.send((index, run_one(&command, timeout)));
                }
            })
        })
        .collect();
    drop(results);
    let mut slots: Vec<Option<ProcessOutcome>> = vec![None; commands.len()];
    for (index, outcome) in outcomes {
        slots[index] = Some(outcome);
    }
    for worker in crew {
        worker.join().expect("a worker does not panic");
    }
    slots
        .into_iter()
        .map(|s| s.expect("every job reported"))
        .collect()
}

/// Runs one command to its end, or kills and reaps it at its timeout.
fn run_one(command: &[String], timeout: Duration) -> ProcessOutcome {
    let Some(program) = command.first() else {
        return ProcessOutcome::FailedToStart("empty command".into());
    };
    let started = Instant::now();
    let result = Command::new(program)
        .args(&command[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .spawn();
    let mut child = match result {
        Ok(child) => child,
        Err(error) => return ProcessOutcome::FailedToStart(error.to_string()),
    };
    let mut stdout = child.stdout.take().expect("piped");
    let reader = thread::spawn(move || {
        let mut text = Vec::new();
        let _ = stdout.read_to_end(&mut text);
        String::from_utf8_lossy(&text).into_owned()
    });
    let status = loop {
        if let Some(status) = child.try_wait().ok().flatten() {
            break Some(status);
        }
        if started.elapsed() >= timeout {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(1));
    };
    let stdout = reader.join().unwrap_or_default();
    match status {
        None => ProcessOutcome::TimedOut,
        Some(status) => match status.code() {
            Some(code) => ProcessOutcome::Exited { code, stdout },
            None => ProcessOutcome::Signaled {
                signal: status.signal().unwrap_or(0),
            },
        },
    }
}
