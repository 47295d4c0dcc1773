//! Lesson 6 as a program: it runs on a folder of your own, its quick run finishes in time,
//! bad flags or folders are clear errors with exit code 2, and (in `capstone/ctrl_c.rs`)
//! Ctrl-C mid-run stops it cleanly with a complete report.

#[cfg(unix)]
#[path = "capstone/ctrl_c.rs"]
mod ctrl_c;
#[path = "capstone/temp_dir.rs"]
mod temp_dir;

use parlings::capstone::sample::readings;
use serde_json::Value;
use std::fs;
use std::io::{BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread;
use std::time::{Duration, Instant};
use temp_dir::TempDir;

/// How long any run of the lesson may take here before the check gives up on it.
pub(crate) const LIMIT: Duration = Duration::from_secs(60);

/// The lesson with `args`, no terminal anywhere, colours off.
pub(crate) fn lesson6(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_lesson6"));
    command
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Reads a child's whole output on a thread of its own, so the child never blocks on a pipe.
pub(crate) fn collect(pipe: impl Read + Send + 'static) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut text = String::new();
        let _ = BufReader::new(pipe).read_to_string(&mut text);
        text
    })
}

/// Waits for `child` to exit, at most `limit`; kills it and fails if it does not.
pub(crate) fn wait(child: &mut Child, limit: Duration) -> ExitStatus {
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("waiting for lesson6") {
            return status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("lesson6 was still running after {limit:?}");
        }
        thread::sleep(Duration::from_millis(10));
    }
}

/// Runs the lesson with `args` to its end: its exit status, stdout and stderr.
fn run(args: &[&str]) -> (ExitStatus, String, String) {
    let mut child = lesson6(args).spawn().expect("lesson6 starts");
    let stdout = collect(child.stdout.take().expect("piped"));
    let stderr = collect(child.stderr.take().expect("piped"));
    let status = wait(&mut child, LIMIT);
    let text = |h: thread::JoinHandle<String>| h.join().expect("the reader thread");
    (status, text(stdout), text(stderr))
}

/// The numbers in the line of `text` that starts with `start`.
pub(crate) fn numbers_after(text: &str, start: &str) -> Vec<u64> {
    let line = text.lines().find(|l| l.starts_with(start));
    let line = line.unwrap_or_else(|| panic!("no line starting {start:?} in:\n{text}"));
    let digits = line.split(|c: char| !c.is_ascii_digit());
    digits.filter_map(|d| d.parse().ok()).collect()
}

pub(crate) fn report(path: &Path) -> Value {
    let text = fs::read_to_string(path).expect("the report is written");
    serde_json::from_str(&text).expect("the report parses to its end")
}

/// How many of the report's items have `status`.
pub(crate) fn with_status(report: &Value, status: &str) -> u64 {
    let items = report["items"]
        .as_array()
        .expect("the report lists its items");
    items.iter().filter(|i| i["status"] == status).count() as u64
}

#[test]
fn it_runs_on_a_folder_of_your_own() {
    let (input, out_dir) = (TempDir::new("input"), TempDir::new("out"));
    for i in 0..3 {
        input.write(&format!("day-{i}.json"), &readings(i, 50, None));
    }
    let broken = r#"[{"station": "Oslo", "temp_c": 1.5}, {"station": "#;
    input.write("broken.json", broken.as_bytes());
    input.write("notes.txt", b"not json");
    let out = out_dir.0.join("report.json");
    let (dir, out_arg) = (
        input.0.to_str().expect("UTF-8"),
        out.to_str().expect("UTF-8"),
    );
    let args = [
        "--yes",
        "--quick",
        "--workers",
        "3",
        "--dir",
        dir,
        "--out",
        out_arg,
    ];
    let (status, stdout, stderr) = run(&args);
    assert!(
        status.success(),
        "{status}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(stdout.contains("Your folder"), "{stdout}");
    let json = report(&out);
    assert_eq!(json["files"], 4, "the four .json files");
    assert_eq!(json["workers"], 3);
    assert_eq!([&json["counts"]["done"], &json["counts"]["failed"]], [3, 1]);
    let broken = &json["items"][0];
    assert_eq!(
        [&broken["file"], &broken["status"]],
        ["broken.json", "failed"]
    );
    assert!(
        broken["error"].as_str().is_some_and(|e| e.contains("EOF")),
        "{broken}"
    );
    assert_eq!(json["totals"]["readings"], 150);
    assert_eq!(input.names().len(), 5, "the input folder is left as it was");
}

#[test]
fn the_quick_run_finishes_in_time_with_every_kind_of_trouble_reported() {
    let out_dir = TempDir::new("quick");
    let out = out_dir.0.join("report.json");
    let start = Instant::now();
    let (status, stdout, stderr) =
        run(&["--yes", "--quick", "--out", out.to_str().expect("UTF-8")]);
    assert!(
        status.success(),
        "{status}\nstdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(start.elapsed() < LIMIT);
    let json = report(&out);
    let statuses = ["done", "failed", "timed_out"].map(|s| with_status(&json, s));
    assert_eq!(
        statuses.iter().sum::<u64>(),
        json["files"].as_u64().expect("files")
    );
    assert_eq!(statuses[1], 5, "the five malformed files failed");
    if cfg!(unix) {
        let stalled = json["items"]
            .as_array()
            .expect("items")
            .iter()
            .find(|i| i["file"].as_str().is_some_and(|f| f.contains("stalled")));
        assert_eq!(stalled.expect("a stalled file")["status"], "timed_out");
    }
    for step in 1..=6 {
        assert!(
            stdout.contains(&format!("Step {step}/6")),
            "step {step} is missing"
        );
    }
}

#[test]
fn help_explains_every_flag() {
    let (status, stdout, _) = run(&["--help"]);
    assert!(status.success());
    for flag in [
        "--yes",
        "--quick",
        "--compare-python",
        "--dir",
        "--workers",
        "--deadline-ms",
        "--out",
    ] {
        assert!(
            stdout.contains(flag),
            "--help does not mention {flag}:\n{stdout}"
        );
    }
    assert!(
        stdout.contains("Ctrl-C") && stdout.contains("130"),
        "{stdout}"
    );
}

#[test]
fn bad_flags_and_unreadable_folders_are_clear_errors_with_exit_code_2() {
    let empty = TempDir::new("empty");
    let empty = empty.0.to_str().expect("UTF-8").to_string();
    let missing = "/nonexistent-parlings-folder";
    let out_missing = format!("{missing}/report.json");
    let cases: [(&[&str], &str); 8] = [
        (&["--nope"], "unexpected argument '--nope'"),
        (&["--dir", missing], "cannot read this folder"),
        (&["--dir", &empty], "holds no .json files"),
        (&["--workers", "0"], "--workers"),
        (&["--workers", "many"], "--workers"),
        (&["--deadline-ms", "0"], "--deadline-ms"),
        (&["--out", &out_missing], "does not exist"),
        (&["--out", &empty], "is a folder"),
    ];
    for (args, says) in cases {
        let (status, _, stderr) = run(args);
        assert_eq!(status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(says) && stderr.contains("--help"),
            "{args:?}: {stderr}"
        );
    }
}
