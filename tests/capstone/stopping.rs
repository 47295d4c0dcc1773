//! Stopping: a deadline stops what runs too long, cancelling keeps every finished result, and
//! the report is written atomically.

use super::{NEVER, TempDir, parse, run_files, worker_counts};
use parlings::Cancel;
use parlings::capstone::report::{self, write_atomically};
use parlings::capstone::sample::readings;
use parlings::capstone::{self, Outcome, Sample, SampleSpec, process_file};
use std::fs;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

#[test]
fn work_that_runs_too_long_is_stopped_at_its_deadline_and_the_rest_finishes() {
    let deadline = Duration::from_millis(300);
    let items: Vec<usize> = (0..8).collect();
    for workers in worker_counts() {
        let work = |&i: &usize, budget: &capstone::Budget| {
            let started = Instant::now();
            // Item 2 would run for a minute; it checks its budget as cooperative work does.
            let runs_for = if i == 2 { NEVER } else { deadline / 2 };
            while started.elapsed() < runs_for {
                budget.check()?;
                std::thread::sleep(Duration::from_millis(5));
            }
            Ok(i)
        };
        let (start, cancel) = (Instant::now(), Cancel::new());
        let batch = capstone::run(&items, workers, deadline, &cancel, work, |_, _| {});
        let took = batch.items[2].took.expect("item 2 ran");
        assert_eq!(
            batch.items[2].outcome,
            Outcome::TimedOut,
            "workers = {workers}"
        );
        assert!(
            took >= deadline && took < deadline + Duration::from_secs(2),
            "{took:?}"
        );
        for (i, item) in items.iter().zip(&batch.items).filter(|(i, _)| **i != 2) {
            assert_eq!(
                item.outcome,
                Outcome::Done(*i),
                "no budget says stop before its deadline"
            );
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the batch did not wait a minute"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_file_that_stalls_times_out_and_every_kind_of_trouble_is_reported() {
    let spec = SampleSpec {
        files: 6,
        readings: 200,
        huge_readings: 4_000,
    };
    let sample = Sample::create(spec).expect("the sample is written");
    let files = capstone::json_files(sample.dir()).expect("the sample lists");
    assert_eq!(files.len(), spec.files + sample.specials().len());
    let deadline = Duration::from_millis(400);
    for workers in [2, 0] {
        let batch = run_files(&files, workers, deadline);
        for (path, item) in files.iter().zip(&batch.items) {
            let name = report::file_name(path);
            let status = match name.as_str() {
                n if n.contains("stalled") => "timed out",
                n if n.starts_with("readings")
                    && !n.contains("-truncated")
                    && !n.contains("-bad") =>
                {
                    "done"
                }
                _ => "failed",
            };
            assert_eq!(item.outcome.name(), status, "{name}, workers = {workers}");
        }
        let stalled = files
            .iter()
            .position(|f| report::file_name(f).contains("stalled"));
        let took = batch.items[stalled.expect("a stalled file")]
            .took
            .expect("it ran");
        assert!(
            took >= deadline && took < deadline + Duration::from_secs(2),
            "{took:?}"
        );
    }
    let dir = sample.dir().to_path_buf();
    drop(sample);
    assert!(!dir.exists(), "the sample's folder is removed");
}

#[test]
fn cancelling_keeps_every_finished_result() {
    for workers in [2, num_cpus::get() + 1] {
        let finished = 5;
        let items: Vec<usize> = (0..finished + 3 * workers).collect();
        let (cancel, running) = (Cancel::new(), AtomicUsize::new(0));
        // The first 5 items finish at once; every other item runs until told to stop.
        let work = |&i: &usize, budget: &capstone::Budget| {
            if i >= finished {
                running.fetch_add(1, Ordering::SeqCst);
                loop {
                    budget.check()?;
                    std::thread::sleep(Duration::from_millis(5));
                }
            }
            Ok(i * 2)
        };
        let start = Instant::now();
        let batch = std::thread::scope(|s| {
            // Cancel, as Ctrl-C does, once every worker is busy with an item that never ends.
            s.spawn(|| {
                while running.load(Ordering::SeqCst) < workers && start.elapsed() < NEVER {
                    std::thread::sleep(Duration::from_millis(1));
                }
                cancel.cancel();
            });
            capstone::run(&items, workers, NEVER, &cancel, work, |_, _| {})
        });
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the run stopped promptly"
        );
        assert!(batch.interrupted);
        let counts = batch.counts();
        assert_eq!(
            counts.done, finished,
            "workers = {workers}: every finished result is kept"
        );
        for (i, item) in items.iter().zip(&batch.items).take(finished) {
            assert_eq!(item.outcome, Outcome::Done(i * 2));
        }
        assert_eq!(
            counts.cancelled, workers,
            "the items running at the cancel stop"
        );
        assert_eq!(
            counts.skipped,
            items.len() - finished - workers,
            "no new item starts"
        );
        for item in batch.items.iter().filter(|i| i.outcome == Outcome::Skipped) {
            assert_eq!(item.took, None, "a skipped item never ran");
        }
    }
}

#[test]
fn an_interrupted_runs_report_holds_every_finished_result() {
    let dir = TempDir::new("report");
    let files: Vec<PathBuf> = (0..10)
        .map(|i| dir.write(&format!("r-{i}.json"), &readings(i, 100, None)))
        .collect();
    let (cancel, stalls, stalling) = (Cancel::new(), &files[4], AtomicUsize::new(0));
    // One worker; files from the fifth on stall (as a hung network share does) until stopped.
    let work = |path: &PathBuf, budget: &capstone::Budget| {
        if path >= stalls {
            stalling.store(1, Ordering::SeqCst);
            loop {
                budget.check()?;
                std::thread::sleep(Duration::from_millis(5));
            }
        }
        process_file(path, budget)
    };
    let batch = std::thread::scope(|s| {
        // Ctrl-C, as it were, while the fifth file stalls.
        s.spawn(|| {
            let start = Instant::now();
            while stalling.load(Ordering::SeqCst) == 0 && start.elapsed() < NEVER {
                std::thread::sleep(Duration::from_millis(1));
            }
            cancel.cancel();
        });
        capstone::run(&files, 1, NEVER, &cancel, work, |_, _| {})
    });
    let out = dir.0.join("report.json");
    report::save(&out, &report::report(&dir.0, &files, &batch, NEVER)).expect("saved");
    let text = fs::read_to_string(&out).expect("the report is there");
    let json: serde_json::Value = serde_json::from_str(&text).expect("the report parses whole");
    assert_eq!(json["interrupted"], true);
    assert_eq!(json["counts"]["done"], 4);
    assert_eq!(json["counts"]["cancelled"], 1);
    assert_eq!(json["counts"]["skipped"], 5);
    let items = json["items"].as_array().expect("items");
    assert_eq!(items.len(), files.len());
    for (i, (item, path)) in items.iter().zip(&files).enumerate() {
        let status = ["done", "cancelled", "skipped"][i.saturating_sub(3).min(2)];
        assert_eq!(item["status"], status, "{}", path.display());
        if i < 4 {
            assert_eq!(item["totals"], report::totals_json(&parse(path)));
        }
    }
    assert_eq!(json["totals"], report::totals_json(&report::merged(&batch)));
}

#[test]
fn the_output_is_replaced_whole_or_not_at_all() {
    let dir = TempDir::new("atomic");
    let out = dir.write("out.json", b"the old report");
    let failing = write_atomically(&out, |w| {
        w.write_all(b"half of a new rep")?;
        Err(std::io::Error::other("the disk is full"))
    });
    assert!(failing.is_err());
    assert_eq!(fs::read(&out).expect("still there"), b"the old report");
    assert_eq!(
        dir.names(),
        ["out.json"],
        "no temporary file is left behind"
    );
    write_atomically(&out, |w| w.write_all(b"the new report")).expect("written");
    assert_eq!(fs::read(&out).expect("replaced"), b"the new report");
    assert_eq!(dir.names(), ["out.json"]);
    let missing = dir.0.join("no-such-folder").join("out.json");
    assert!(write_atomically(&missing, |w| w.write_all(b"x")).is_err());
}
