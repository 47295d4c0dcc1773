//! Ctrl-C sent to lesson 6 mid-run: it stops promptly, and its report, complete, holds every
//! file the summary says finished.

use super::{LIMIT, TempDir, collect, lesson6, numbers_after, report, wait, with_status};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

#[test]
fn ctrl_c_mid_run_stops_cleanly_and_the_report_keeps_every_finished_file() {
    let out_dir = TempDir::new("ctrl-c");
    let out = out_dir.0.join("report.json");
    let out_arg = out.to_str().expect("a UTF-8 temp path");
    // The stalled file waits for its deadline: at 60 s, the run cannot end before the signal.
    let args = [
        "--yes",
        "--quick",
        "--deadline-ms",
        "60000",
        "--out",
        out_arg,
    ];
    let mut child = lesson6(&args).spawn().expect("lesson6 starts");
    let stdout = collect(child.stdout.take().expect("piped"));
    let (lines, progress) = (child.stderr.take().expect("piped"), mpsc::channel());
    thread::spawn(move || {
        for line in BufReader::new(lines).lines().map_while(Result::ok) {
            let _ = progress.0.send(line);
        }
    });
    // Without a terminal the progress comes as lines such as "  2 workers: 9/87 files":
    // wait for the first tenth of the files to be through.
    let start = Instant::now();
    let mut seen = Vec::new();
    loop {
        let left = LIMIT.saturating_sub(start.elapsed());
        let Ok(line) = progress.1.recv_timeout(left) else {
            let _ = child.kill();
            panic!("no progress after {LIMIT:?}; stderr so far: {seen:?}");
        };
        let fraction = line
            .split_whitespace()
            .find_map(|word| word.split_once('/'));
        let counts = fraction.and_then(|(a, b)| Some((a.parse::<u64>().ok()?, b.parse().ok()?)));
        seen.push(line);
        if let Some((through, total)) = counts {
            if through >= 3 && through * 10 >= total {
                break;
            }
        }
    }
    // SAFETY: kill() sends a signal to the child we started; no memory is involved.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGINT) }, 0);
    let sent = Instant::now();
    let status = wait(&mut child, Duration::from_secs(10));
    let stopped_in = sent.elapsed();
    let stdout = stdout.join().expect("the reader thread");
    assert_eq!(
        status.code(),
        Some(130),
        "exit code after Ctrl-C; stdout:\n{stdout}"
    );
    assert!(
        stopped_in < Duration::from_secs(5),
        "it took {stopped_in:?} to stop"
    );

    // The summary says what was kept and what was skipped ...
    let [done, failed, timed_out] = numbers_after(&stdout, "Kept in the report:")[..] else {
        panic!("no counts of kept files in:\n{stdout}");
    };
    let skipped = numbers_after(&stdout, "Skipped:");
    assert!(done >= 1, "files were done before the signal");
    assert!(skipped[0] >= 1, "the stalled file cannot have finished");
    // ... and the report, complete, holds every one of them.
    let json = report(&out);
    assert_eq!(json["interrupted"], true);
    let counts = &json["counts"];
    assert_eq!(
        [&counts["done"], &counts["failed"], &counts["timed_out"]],
        [done, failed, timed_out]
    );
    assert_eq!(with_status(&json, "done"), done);
    assert_eq!(with_status(&json, "failed"), failed);
    let (cancelled, never) = (
        with_status(&json, "cancelled"),
        with_status(&json, "skipped"),
    );
    assert_eq!(skipped, [cancelled + never, cancelled, never]);
    let items = json["items"].as_array().expect("items");
    assert_eq!(items.len() as u64, json["files"].as_u64().expect("files"));
    let mut readings = 0;
    for item in items.iter().filter(|i| i["status"] == "done") {
        let counted = item["totals"]["readings"].as_u64();
        assert!(
            counted.is_some_and(|n| n > 0),
            "a done file keeps its result: {item}"
        );
        readings += counted.unwrap_or(0);
    }
    assert_eq!(
        json["totals"]["readings"], readings,
        "the totals merge every done file"
    );
    assert_eq!(
        out_dir.names(),
        ["report.json"],
        "no temporary file is left beside it"
    );
    // The generated sample is removed, even after Ctrl-C.
    let sample = stdout
        .split_whitespace()
        .find(|w| w.contains("parlings-lesson6-"));
    let sample = sample.expect("the sample's folder is named");
    assert!(!Path::new(sample).exists(), "{sample} is left behind");
}
