//! The proof that the checks check.
//!
//! For every exercise in the catalog: its stub must fail; every known-wrong solution in
//! `tests/wrong/` must be rejected, with the message its defect deserves (each `//! expect:`
//! line of its header must appear in the failure); every correct alternative in `tests/right/`
//! and the reference solution must pass. Each case runs on all cores and again pinned to one
//! core (`taskset -c 0`) where taskset exists.
//!
//! Building every case takes minutes, so a plain `cargo test` skips it; `.ci/run` runs it with
//! `cargo test --test corpus -- --ignored`. Adding a case is adding one file, named
//! `eNN_what_it_does.rs`, whose header says what is wrong and what the check must say.

use parlings::catalog::{self, Exercise};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");
/// A check must fail within seconds; this only stops a case that hangs despite its watchdog.
const RUN_LIMIT: Duration = Duration::from_secs(90);
/// Test binaries run at once while the next case builds. Most of a wrong solution's run is
/// spent asleep (a rendezvous or a watchdog waiting it out), so more runners than cores pay.
const RUNNERS: usize = 6;
/// Checks run at once inside one test binary.
const TEST_THREADS: &str = "8";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Kind {
    Stub,
    Wrong,
    Right,
}

#[derive(Debug)]
struct Case {
    name: String,
    source: PathBuf,
    exercise: &'static Exercise,
    kind: Kind,
    expect: Vec<String>,
}

/// Every case: per exercise, its stub, its reference solution, and the corpus files.
fn cases() -> Vec<Case> {
    let mut cases = Vec::new();
    for exercise in catalog::EXERCISES {
        for (kind, file) in [
            (Kind::Stub, exercise.file()),
            (Kind::Right, exercise.solution_file()),
        ] {
            let expect = if kind == Kind::Stub {
                vec!["replace the todo!()".into()]
            } else {
                vec![]
            };
            cases.push(Case {
                name: file.clone(),
                source: Path::new(ROOT).join(file),
                exercise,
                kind,
                expect,
            });
        }
    }
    for (folder, kind) in [("tests/wrong", Kind::Wrong), ("tests/right", Kind::Right)] {
        let mut files: Vec<PathBuf> = fs::read_dir(Path::new(ROOT).join(folder))
            .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.retain(|f| f.extension().is_some_and(|x| x == "rs"));
        files.sort();
        for source in files {
            let stem = source
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            let exercise = catalog::find_exercise(stem.split('_').next().unwrap_or_default())
                .unwrap_or_else(|| {
                    panic!("{folder}/{stem}.rs does not start with a known exercise id")
                });
            let text = fs::read_to_string(&source).expect("corpus files are readable");
            let expect = text
                .lines()
                .filter_map(|l| l.strip_prefix("//! expect:").map(|e| e.trim().to_string()))
                .collect();
            cases.push(Case {
                name: format!("{folder}/{stem}.rs"),
                source,
                exercise,
                kind,
                expect,
            });
        }
    }
    cases
}

/// A copy of the crate in which the corpus may overwrite exercise files.
fn scratch() -> PathBuf {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("corpus");
    let copy = scratch.join("crate");
    for entry in [
        "Cargo.toml",
        "Cargo.lock",
        "src",
        "lessons",
        "exercises",
        "solutions",
        "tests",
    ] {
        copy_tree(&Path::new(ROOT).join(entry), &copy.join(entry));
    }
    scratch
}

fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        fs::create_dir_all(to).expect("scratch folder can be created");
        for entry in fs::read_dir(from)
            .expect("crate folders are readable")
            .flatten()
        {
            copy_tree(&entry.path(), &to.join(entry.file_name()));
        }
    } else if from.is_file() && fs::read(to).ok() != fs::read(from).ok() {
        // Only changed files are written, so cargo rebuilds only what changed.
        fs::create_dir_all(to.parent().expect("a file has a folder")).expect("scratch folder");
        fs::copy(from, to).expect("crate files can be copied");
    }
}

/// Puts the case in place of the exercise and builds its test target; returns the binary.
fn build(scratch: &Path, case: &Case, index: usize) -> Result<PathBuf, String> {
    let crate_dir = scratch.join("crate");
    let target = crate_dir.join(case.exercise.file());
    if fs::read(&target).ok() != fs::read(&case.source).ok() {
        fs::copy(&case.source, &target).map_err(|e| e.to_string())?;
    }
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .current_dir(&crate_dir)
        .env("CARGO_TARGET_DIR", scratch.join("target"))
        .args([
            "test",
            "--no-run",
            "--message-format=json-render-diagnostics",
            "--test",
        ])
        .arg(case.exercise.test_target())
        .output()
        .map_err(|e| format!("cargo did not start: {e}"))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let marker = format!("\"name\":\"{}\"", case.exercise.test_target());
    let executable = stdout
        .lines()
        .filter(|l| l.contains("\"reason\":\"compiler-artifact\"") && l.contains(&marker))
        .find_map(|l| {
            l.split("\"executable\":\"")
                .nth(1)?
                .split('"')
                .next()
                .map(PathBuf::from)
        });
    match executable {
        Some(exe) if output.status.success() => {
            let copy = scratch.join(format!("case-{index}"));
            fs::copy(&exe, &copy).map_err(|e| e.to_string())?;
            Ok(copy)
        }
        _ => Err(format!(
            "does not compile:\n{}",
            String::from_utf8_lossy(&output.stderr)
        )),
    }
}

/// Runs a built check; returns whether it passed and what it printed.
fn run(exe: &Path, pinned: bool) -> (bool, String) {
    let log = exe.with_extension(if pinned { "pinned.log" } else { "log" });
    let file = fs::File::create(&log).expect("log file can be created");
    let mut command = if pinned {
        Command::new("taskset")
    } else {
        Command::new(exe)
    };
    if pinned {
        command.args(["-c", "0"]).arg(exe);
    }
    // A wrong solution's checks mostly sleep through their timeouts; libtest would run them
    // one or two at a time (one per core), so let them wait side by side.
    command.args(["--test-threads", TEST_THREADS]);
    let mut child = command
        .env("NO_COLOR", "1")
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(file.try_clone().expect("log file handle"))
        .stderr(file)
        .spawn()
        .expect("a built check starts");
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("the check can be waited on") {
            break Some(status);
        }
        if started.elapsed() > RUN_LIMIT {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = fs::read_to_string(&log).unwrap_or_default();
    match status {
        Some(status) => (status.success(), output),
        None => (
            false,
            format!(
                "HUNG for {} s despite the watchdog\n{output}",
                RUN_LIMIT.as_secs()
            ),
        ),
    }
}

/// What is wrong with this outcome of this case, if anything.
fn judge(case: &Case, passed: bool, output: &str) -> Option<String> {
    if !output.contains("test result:") || output.contains("HUNG for") {
        return Some(format!("did not run to a verdict:\n{output}"));
    }
    match (case.kind, passed) {
        (Kind::Right, false) => Some(format!("a correct solution was rejected:\n{output}")),
        (Kind::Right, true) => None,
        (_, true) => Some("a wrong solution passed every check".to_string()),
        (_, false) => {
            let missing: Vec<&String> = case
                .expect
                .iter()
                .filter(|e| !output.contains(e.as_str()))
                .collect();
            (!missing.is_empty())
                .then(|| format!("rejected, but the output lacks {missing:?}:\n{output}"))
        }
    }
}

#[test]
#[ignore = "builds every corpus case (minutes); .ci/run runs it with --ignored"]
fn stubs_fail_wrong_solutions_are_rejected_and_right_ones_pass() {
    let scratch = scratch();
    let cases = cases();
    let taskset = Command::new("taskset")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    let pins: &[bool] = if taskset { &[false, true] } else { &[false] };
    let (jobs, queue) = mpsc::channel::<(usize, PathBuf)>();
    let queue = std::sync::Mutex::new(queue);
    let (verdicts, results) = mpsc::channel::<(usize, String, Option<String>)>();
    std::thread::scope(|scope| {
        for _ in 0..RUNNERS {
            let (queue, verdicts, cases) = (&queue, verdicts.clone(), &cases);
            scope.spawn(move || {
                while let Ok((i, exe)) = queue.lock().expect("queue lock").recv() {
                    for &pinned in pins {
                        let (passed, output) = run(&exe, pinned);
                        let how = if pinned {
                            "on one core"
                        } else {
                            "on all cores"
                        };
                        let problem = judge(&cases[i], passed, &output);
                        let mark = if problem.is_some() { "FAIL" } else { "ok  " };
                        println!("{mark} {:?} {} ({how})", cases[i].kind, cases[i].name);
                        let _ = verdicts.send((i, how.into(), problem));
                    }
                }
            });
        }
        drop(verdicts);
        for (i, case) in cases.iter().enumerate() {
            match build(&scratch, case, i) {
                Ok(exe) => jobs.send((i, exe)).expect("runners are alive"),
                Err(why) => {
                    let _ = fs::write(scratch.join(format!("case-{i}.build.log")), &why);
                    panic!("{}: {why}", case.name);
                }
            }
        }
        drop(jobs);
    });
    let mut problems = Vec::new();
    for (i, how, problem) in results.iter() {
        if let Some(problem) = problem {
            problems.push(format!("{} ({how}): {problem}", cases[i].name));
        }
    }
    // Put the crate back as it was, so the scratch copy matches the repository.
    copy_tree(
        &Path::new(ROOT).join("exercises"),
        &scratch.join("crate/exercises"),
    );
    assert!(
        problems.is_empty(),
        "{} corpus case(s) went wrong:\n\n{}",
        problems.len(),
        problems.join("\n\n")
    );
}

#[test]
fn every_exercise_has_wrong_solutions_and_every_case_says_what_it_expects() {
    let cases = cases();
    for exercise in catalog::EXERCISES {
        let wrong = cases
            .iter()
            .filter(|c| c.kind == Kind::Wrong && c.exercise.id == exercise.id);
        assert!(
            wrong.count() >= 3,
            "{} needs at least three wrong solutions in tests/wrong/",
            exercise.id
        );
    }
    for case in cases.iter().filter(|c| c.kind == Kind::Wrong) {
        assert!(
            !case.expect.is_empty(),
            "{} has no `//! expect:` line",
            case.name
        );
    }
}
