//! The capstone's core, without a terminal: every file's outcome is kept (errors and panics
//! included) and the pool runs its workers at once, here; a file that stalls stops at its
//! deadline, cancelling keeps every finished result, and the report is written atomically, in
//! `capstone/stopping.rs`.

#[path = "capstone/stopping.rs"]
mod stopping;
#[path = "capstone/temp_dir.rs"]
mod temp_dir;

use parlings::Cancel;
use parlings::TaskError;
use parlings::capstone::report;
use parlings::capstone::sample::readings;
use parlings::capstone::{self, Batch, Outcome, Totals, process_file};
use parlings::probe::{InFlight, Rendezvous};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use temp_dir::TempDir;

/// Long enough never to be reached in these checks, unless a check is about it.
const NEVER: Duration = Duration::from_secs(60);

/// Worker counts to try: one, one above the core count, and 0 (one per core).
fn worker_counts() -> [usize; 3] {
    [1, num_cpus::get() + 1, 0]
}

fn parse(path: &Path) -> Totals {
    let budget = capstone::Budget::new(&Cancel::new(), NEVER);
    process_file(path, &budget).expect("a well-formed file parses")
}

fn run_files(files: &[PathBuf], workers: usize, deadline: Duration) -> Batch<Totals> {
    let work = |path: &PathBuf, budget: &capstone::Budget| process_file(path, budget);
    capstone::run(files, workers, deadline, &Cancel::new(), work, |_, _| {})
}

fn error_of<R>(outcome: &Outcome<R>) -> &str {
    match outcome {
        Outcome::Failed(TaskError::Failed(error)) => error,
        other => panic!("expected a failure, got {}", other.name()),
    }
}

#[test]
fn bad_files_are_kept_as_their_errors_and_the_batch_goes_on() {
    let dir = TempDir::new("errors");
    let good: Vec<PathBuf> = (0..6)
        .map(|i| dir.write(&format!("good-{i}.json"), &readings(i, 300, None)))
        .collect();
    let cut = readings(7, 300, None);
    let bad = [
        ("bad-empty.json", Vec::new(), "EOF while parsing"),
        ("bad-csv.json", b"a,b\n1,2\n".to_vec(), "expected value"),
        (
            "bad-cut.json",
            cut[..cut.len() / 2].to_vec(),
            "EOF while parsing",
        ),
        (
            "bad-object.json",
            b"{\"a\": 1}".to_vec(),
            "expected an array of readings",
        ),
        (
            "bad-value.json",
            readings(8, 300, Some(41)),
            "reading 42: \"temp_c\" is \"n/a\"",
        ),
    ];
    dir.write("ignored.txt", b"not json");
    fs::create_dir(dir.0.join("sub.json")).expect("a sub-folder");
    for (name, contents, _) in &bad {
        dir.write(name, contents);
    }
    let files = capstone::json_files(&dir.0).expect("the folder lists");
    assert_eq!(
        files.len(),
        good.len() + bad.len(),
        "only the .json files, not folders"
    );
    let mut expected = Totals::default();
    good.iter().for_each(|path| expected.merge(&parse(path)));
    for workers in worker_counts() {
        let batch = run_files(&files, workers, NEVER);
        let counts = batch.counts();
        assert_eq!(
            (counts.done, counts.failed),
            (good.len(), bad.len()),
            "workers = {workers}"
        );
        for (path, item) in files.iter().zip(&batch.items) {
            let name = report::file_name(path);
            match bad.iter().find(|(bad, ..)| *bad == name) {
                Some((_, _, says)) => assert!(
                    error_of(&item.outcome).contains(says),
                    "{name}: {:?} should say {says:?}",
                    item.outcome
                ),
                None => assert_eq!(item.outcome, Outcome::Done(parse(path)), "{name}"),
            }
        }
        assert_eq!(
            report::merged(&batch),
            expected,
            "the totals of the good files only"
        );
        assert!(!batch.interrupted);
    }
}

#[test]
fn a_panic_is_that_items_failure_and_the_worker_goes_on() {
    let items: Vec<u64> = (0..12).collect();
    for workers in worker_counts() {
        let work = |&i: &u64, _: &capstone::Budget| {
            if i % 5 == 3 {
                panic!("item {i} panicked on purpose");
            }
            Ok(i * 10)
        };
        let batch = capstone::run(&items, workers, NEVER, &Cancel::new(), work, |_, _| {});
        for (i, item) in items.iter().zip(&batch.items) {
            let expected = match i % 5 {
                3 => Outcome::Failed(TaskError::Panicked(format!("item {i} panicked on purpose"))),
                _ => Outcome::Done(i * 10),
            };
            assert_eq!(item.outcome, expected, "item {i}, workers = {workers}");
        }
    }
}

#[test]
fn the_pool_runs_exactly_its_workers_at_once() {
    let cores = num_cpus::get();
    for (workers, pool) in [(2, 2), (cores + 1, cores + 1), (0, cores)] {
        let items: Vec<usize> = (0..pool * 3).collect();
        let (in_flight, meeting) = (
            InFlight::new(),
            Rendezvous::new(pool, Duration::from_secs(5)),
        );
        let met = AtomicUsize::new(0);
        let work = |&i: &usize, _: &capstone::Budget| {
            let _guard = in_flight.enter();
            if i < pool && meeting.wait() {
                met.fetch_add(1, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(100)); // one worker too many would show
            }
            Ok(i)
        };
        let batch = capstone::run(&items, workers, NEVER, &Cancel::new(), work, |_, _| {});
        assert_eq!(batch.counts().done, items.len());
        assert_eq!(
            met.load(Ordering::SeqCst),
            pool,
            "the first {pool} items ran together"
        );
        assert_eq!(
            in_flight.peak(),
            pool,
            "workers = {workers}: never more than {pool} at once"
        );
    }
}
