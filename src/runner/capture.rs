//! Runs a command in a process group of its own, capturing its output, with a time limit.

use super::interrupt;
use super::text::strip_ansi;
use anyhow::{Context, Result};
use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// How a captured run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The command exited on its own.
    Exited,
    /// It ran past its time limit and was killed.
    TimedOut,
    /// It was stopped by [`interrupt::cancel_check`].
    Cancelled,
}

/// What a captured run printed, and how it ended.
#[derive(Debug, Clone)]
pub struct Captured {
    /// True if it exited with status 0.
    pub success: bool,
    /// Everything it wrote to stdout.
    pub stdout: String,
    /// Everything it wrote to stderr.
    pub stderr: String,
    /// How it ended.
    pub ended: Ended,
}

enum Event {
    Line(String),
    Exited(bool),
}

/// Runs `command` with stdin closed; `on_line` sees each stderr line as it comes.
///
/// The limit starts when `starts_clock` first returns true for a stderr line (e.g. cargo's
/// "Running …", so a long first build is never cut short); past it, the whole process group
/// is killed. The group is killed at the end in any case, so nothing it spawned lingers.
pub fn run(
    mut command: Command,
    limit: Duration,
    starts_clock: &dyn Fn(&str) -> bool,
    on_line: &mut dyn FnMut(&str),
) -> Result<Captured> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    std::os::unix::process::CommandExt::process_group(&mut command, 0);
    let mut child = command
        .spawn()
        .with_context(|| format!("starting {:?}", command.get_program()))?;
    let group = child.id();
    interrupt::set_check(Some(group));

    let (events, received) = mpsc::channel();
    let mut stdout = child.stdout.take().context("the child's stdout")?;
    let stdout_reader = thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = stdout.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    });
    let stderr = child.stderr.take().context("the child's stderr")?;
    let lines = events.clone();
    thread::spawn(move || {
        let mut reader = BufReader::new(stderr);
        let mut line = Vec::new();
        while reader.read_until(b'\n', &mut line).is_ok_and(|n| n > 0) {
            let text = String::from_utf8_lossy(&line)
                .trim_end_matches(['\n', '\r'])
                .to_string();
            if lines.send(Event::Line(text)).is_err() {
                break;
            }
            line.clear();
        }
    });
    thread::spawn(move || {
        let success = child.wait().is_ok_and(|status| status.success());
        let _ = events.send(Event::Exited(success));
    });

    let mut stderr = String::new();
    let mut deadline: Option<Instant> = None;
    let mut timed_out = false;
    let mut success = false;
    loop {
        let event = match deadline {
            Some(at) if !timed_out => {
                match received.recv_timeout(at.saturating_duration_since(Instant::now())) {
                    Ok(event) => event,
                    Err(mpsc::RecvTimeoutError::Timeout) => {
                        timed_out = true;
                        interrupt::kill_group(group);
                        continue;
                    }
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            }
            _ => match received.recv() {
                Ok(event) => event,
                Err(_) => break,
            },
        };
        match event {
            Event::Line(line) => {
                if deadline.is_none() && starts_clock(&strip_ansi(&line)) {
                    deadline = Some(Instant::now() + limit);
                }
                on_line(&line);
                stderr.push_str(&line);
                stderr.push('\n');
            }
            Event::Exited(ok) => {
                success = ok;
                // Whatever the command left running (a learner's stray child) goes too, so
                // the pipes close and nothing outlives the check.
                interrupt::kill_group(group);
            }
        }
    }
    let stdout = stdout_reader.join().unwrap_or_default();
    let cancelled = interrupt::was_cancelled();
    interrupt::set_check(None);
    let ended = if cancelled {
        Ended::Cancelled
    } else if timed_out {
        Ended::TimedOut
    } else {
        Ended::Exited
    };
    Ok(Captured {
        success: success && ended == Ended::Exited,
        stdout,
        stderr,
        ended,
    })
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn sh(script: &str) -> Command {
        let mut command = Command::new("sh");
        command.args(["-c", script]);
        command
    }

    #[test]
    fn output_and_status_are_captured() {
        let mut seen = Vec::new();
        let run = run(
            sh("echo out; echo err >&2; exit 3"),
            Duration::from_secs(5),
            &|_| false,
            &mut |l| seen.push(l.to_string()),
        )
        .expect("sh runs");
        assert_eq!(
            (run.stdout.as_str(), run.stderr.as_str()),
            ("out\n", "err\n")
        );
        assert!(!run.success);
        assert_eq!(run.ended, Ended::Exited);
        assert_eq!(seen, ["err"]);
    }

    #[test]
    fn a_run_past_its_limit_is_killed_with_its_children() {
        let started = Instant::now();
        let run = run(
            sh("echo go >&2; sleep 30 & sleep 30; echo never"),
            Duration::from_millis(200),
            &|l| l == "go",
            &mut |_| {},
        )
        .expect("sh runs");
        assert_eq!(run.ended, Ended::TimedOut);
        assert!(!run.success);
        assert!(!run.stdout.contains("never"));
        // The background `sleep` held stdout open: returning at all shows it was killed.
        assert!(started.elapsed() < Duration::from_secs(10));
    }
}
