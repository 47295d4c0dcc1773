//! The runner's command line without a terminal: every subcommand answers and exits, bad input
//! is a clear message with the right exit code, and nothing a learner wrote is ever lost.
//!
//! Tests that only read run in a throwaway project (a Cargo.toml named `parlings` and an
//! `exercises/` folder); the two that check for real use this project with the progress file
//! moved elsewhere (`PARLINGS_PROGRESS`), so the learner's own files are never touched.

use parlings::catalog::{self, EXERCISES};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the runner in `dir` with no terminal and `CI` unset.
fn runner(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parlings"))
        .args(args)
        .current_dir(dir)
        .env_remove("CI")
        .env("NO_COLOR", "1")
        .output()
        .expect("the runner starts")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A throwaway project: the manifest the runner looks for and an `exercises/` folder.
fn fake_project(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("parlings-cli-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("exercises")).expect("temp project");
    std::fs::write(dir.join("Cargo.toml"), "[package]\nname = \"parlings\"\n").expect("manifest");
    dir
}

fn this_project() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn an_unknown_id_exits_2_and_lists_the_valid_ids() {
    let dir = fake_project("unknown");
    for args in [
        &["check", "e99"][..],
        &["hint", "nope"],
        &["reset", "0"],
        &["watch", "pipelin"],
    ] {
        let out = runner(&dir, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(&catalog::exercise_ids()),
            "{args:?}: {stderr}"
        );
        assert!(
            stderr.contains(&format!("unknown exercise `{}`", args[1])),
            "{stderr}"
        );
    }
    let out = runner(&dir, &["lesson", "99"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains(&catalog::lesson_numbers()));
}

#[test]
fn every_name_of_an_exercise_gives_the_same_hint() {
    let dir = fake_project("names");
    for e in EXERCISES {
        let first = text(&runner(&dir, &["hint", e.id]).stdout);
        for query in [e.stem, e.name, &e.number().to_string()] {
            assert_eq!(
                text(&runner(&dir, &["hint", query]).stdout),
                first,
                "{query}"
            );
        }
        let start: String = e.hints[0]
            .split_whitespace()
            .take(4)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(first.contains(&start), "{first}");
        let last = text(&runner(&dir, &["hint", e.id, "3"]).stdout);
        assert!(
            last.contains("Hint 3 of 3") && last.contains("last hint"),
            "{last}"
        );
    }
}

#[test]
fn with_no_terminal_cargo_run_lists_and_exits_0() {
    let dir = fake_project("no-terminal");
    for ci in [None, Some("1")] {
        let mut command = Command::new(env!("CARGO_BIN_EXE_parlings"));
        command
            .current_dir(&dir)
            .env("NO_COLOR", "1")
            .env_remove("CI");
        if let Some(ci) = ci {
            command.env("CI", ci);
        }
        let out = command.output().expect("runs");
        assert_eq!(out.status.code(), Some(0), "CI={ci:?}");
        let stdout = text(&out.stdout);
        assert!(
            stdout.contains(&format!("0/{} exercises done", EXERCISES.len())),
            "{stdout}"
        );
        for e in EXERCISES {
            assert!(stdout.contains(e.id), "{} missing:\n{stdout}", e.id);
        }
        for command in [
            "check ID|all",
            "hint ID",
            "watch [ID]",
            "reset ID",
            "lesson N",
        ] {
            assert!(stdout.contains(command), "{command} missing:\n{stdout}");
        }
    }
}

#[test]
fn help_names_every_command() {
    let out = runner(this_project(), &["--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = text(&out.stdout);
    for command in [
        "list", "check", "hint", "watch", "reset", "next", "lesson", "progress",
    ] {
        assert!(help.contains(command), "{command} missing:\n{help}");
    }
}

#[test]
fn watch_without_a_terminal_checks_once_and_never_waits() {
    let dir = fake_project("watch");
    let out = runner(&dir, &["watch", "e01"]);
    assert!(out.status.code().is_some(), "it exits by itself");
    assert!(
        text(&out.stderr).contains("watch needs a terminal"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn reset_saves_the_learners_file_before_restoring_the_stub() {
    let dir = fake_project("reset");
    let e = &EXERCISES[0];
    let file = dir.join(e.file());
    std::fs::write(&file, "// my precious work\n").expect("learner's file");
    let out = runner(&dir, &["reset", e.id]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let backup = stdout
        .lines()
        .find_map(|l| l.strip_prefix("Your file was saved as "))
        .expect("the backup's path is printed");
    assert_eq!(
        std::fs::read_to_string(dir.join(backup.trim())).expect("backup"),
        "// my precious work\n"
    );
    assert!(
        !backup.ends_with(".rs"),
        "a backup is never compiled: {backup}"
    );
    let restored = std::fs::read_to_string(&file).expect("stub");
    assert!(restored.contains("todo!"), "the unsolved stub is back");
    let again = runner(&dir, &["reset", e.id]);
    assert!(text(&again.stdout).contains("already the unsolved stub"));
}

#[test]
fn a_corrupt_progress_file_is_a_warning_and_is_kept() {
    let dir = fake_project("corrupt");
    let progress = dir.join(".parlings-progress");
    for junk in ["not a progress file\n", "parlings-progress 0\ne01 done\n"] {
        std::fs::write(&progress, junk).expect("junk");
        for args in [&["list"][..], &["progress"], &["next"], &[]] {
            let out = runner(&dir, args);
            assert_eq!(out.status.code(), Some(0), "{args:?}");
            let stderr = text(&out.stderr);
            assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
            assert!(
                stderr.contains("warning:") && stderr.contains("rebuilt"),
                "{stderr}"
            );
        }
        assert_eq!(std::fs::read_to_string(&progress).expect("kept"), junk);
    }
    std::fs::remove_file(&progress).expect("remove");
    let out = runner(&dir, &["list"]);
    assert!(
        text(&out.stderr).contains("no progress yet"),
        "{}",
        text(&out.stderr)
    );
}

/// Checks e01 of this project for real, with the progress file at `progress`.
fn check_e01(progress: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_parlings"))
        .args(["check", "e01"])
        .current_dir(this_project())
        .env("PARLINGS_PROGRESS", progress)
        .env("NO_COLOR", "1")
        .env_remove("CI")
        .output()
        .expect("the runner starts")
}

#[test]
fn checks_rebuild_a_corrupt_progress_file_and_survive_an_unwritable_one() {
    let dir = fake_project("check");
    let exercise = this_project().join(EXERCISES[0].file());
    let before = std::fs::read(&exercise).expect("e01");

    let progress = dir.join(".parlings-progress");
    std::fs::write(&progress, "garbage\n").expect("junk");
    let out = check_e01(&progress);
    let stdout = text(&out.stdout);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{stdout}{}",
        text(&out.stderr)
    );
    assert!(stdout.contains("e01 io_bound:"), "a verdict: {stdout}");
    let rebuilt = std::fs::read_to_string(&progress).expect("rebuilt");
    assert!(rebuilt.starts_with("parlings-progress ") && rebuilt.contains("e01_io_bound"));
    let kept = dir.join(".parlings-progress.old");
    assert_eq!(
        std::fs::read_to_string(kept).expect("kept aside"),
        "garbage\n"
    );

    // A regular file where the folder should be: no one can write there, not even root.
    let blocked = dir.join(".parlings-progress").join("inside");
    let out = check_e01(&blocked);
    let stderr = text(&out.stderr);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{stderr}");
    assert!(
        text(&out.stdout).contains("e01 io_bound:"),
        "the verdict still shows"
    );
    assert!(stderr.contains("could not save progress"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&progress).expect("intact"), rebuilt);
    assert_eq!(
        std::fs::read(&exercise).expect("e01"),
        before,
        "the exercise is untouched"
    );
}
