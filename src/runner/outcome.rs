//! What one check run means: passed, failed with the checks' own messages, did not compile.

use super::diagnostics::{self, Diagnostic};
use super::text::{squeeze_blank_lines, strip_ansi, tidy_paths};
use parlings::verdict::{BEGIN, END};

/// The result of checking one exercise.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Every check passed.
    Passed {
        /// How many tests passed.
        passed: usize,
        /// rustc's warnings about the learner's file.
        warnings: Vec<Diagnostic>,
    },
    /// Some checks failed; `messages` are their verdicts (or the raw failure if none).
    Failed {
        /// How many tests failed, and how many ran.
        failed: usize,
        /// How many tests ran.
        total: usize,
        /// Each distinct message, as the check printed it.
        messages: Vec<String>,
        /// rustc's warnings about the learner's file.
        warnings: Vec<Diagnostic>,
    },
    /// The exercise (or its check) does not compile.
    CompileError(Vec<Diagnostic>),
    /// The tests ran longer than the runner's own limit and were killed.
    TimedOut(u64),
    /// The check was stopped before it finished (a new save, a key, Ctrl-C).
    Cancelled,
    /// Cargo failed for another reason (its own message is kept).
    Broken(String),
}

impl Outcome {
    /// `Some(true)` if the exercise passes, `Some(false)` if it fails, `None` if unknown.
    pub fn verdict(&self) -> Option<bool> {
        match self {
            Outcome::Passed { .. } => Some(true),
            Outcome::Failed { .. } | Outcome::CompileError(_) | Outcome::TimedOut(_) => Some(false),
            Outcome::Cancelled | Outcome::Broken(_) => None,
        }
    }
}

impl Outcome {
    /// The same outcome without rustc's warnings (an unsolved stub's are not news).
    pub fn without_warnings(self) -> Outcome {
        match self {
            Outcome::Passed { passed, .. } => Outcome::Passed {
                passed,
                warnings: Vec::new(),
            },
            Outcome::Failed {
                failed,
                total,
                messages,
                ..
            } => Outcome::Failed {
                failed,
                total,
                messages,
                warnings: Vec::new(),
            },
            other => other,
        }
    }
}

/// Reads the output of `cargo test --test <stem>` for the exercise whose file is `file`.
pub fn parse(success: bool, stdout: &str, stderr: &str, file: &str) -> Outcome {
    let diagnostics = diagnostics::split(stderr);
    let warnings: Vec<Diagnostic> = diagnostics::about_file(&diagnostics, file)
        .into_iter()
        .filter(|d| !d.is_error)
        .cloned()
        .collect();
    let plain_stdout = strip_ansi(stdout);
    let harness_ran = plain_stdout.lines().any(|l| {
        let l = l.trim_end();
        l.starts_with("running ") && (l.ends_with(" tests") || l.ends_with(" test"))
    });
    let cargo_ran = stderr.lines().any(|l| {
        let plain = strip_ansi(l);
        diagnostics::is_status_line(&plain) && plain.trim_start().starts_with("Running ")
    });
    let ran = harness_ran || cargo_ran;
    if !ran {
        // rustc's errors point into the source or carry a code; cargo's own do neither.
        let errors: Vec<Diagnostic> = diagnostics
            .into_iter()
            .filter(|d| d.is_error && (d.location.is_some() || d.headline.starts_with("error[")))
            .collect();
        return if errors.is_empty() {
            Outcome::Broken(squeeze_blank_lines(&tidy_paths(stderr)))
        } else {
            Outcome::CompileError(errors)
        };
    }
    let (passed, failed) = counts(&plain_stdout);
    if success {
        return Outcome::Passed { passed, warnings };
    }
    let mut messages = blocks(&format!("{stdout}\n{stderr}"));
    if messages.is_empty() {
        messages.push(raw_failure(stdout, stderr));
    }
    Outcome::Failed {
        failed: failed.max(1),
        total: passed + failed.max(1),
        messages,
        warnings,
    }
}

/// The counts in libtest's "test result: FAILED. 3 passed; 2 failed; …" line.
fn counts(plain_stdout: &str) -> (usize, usize) {
    let mut passed = 0;
    let mut failed = 0;
    for line in plain_stdout
        .lines()
        .filter(|l| l.starts_with("test result:"))
    {
        for part in line.split([';', '.']) {
            let mut words = part.split_whitespace();
            if let (Some(n), Some(what)) = (words.next(), words.next()) {
                let n = n.parse::<usize>().unwrap_or(0);
                match what {
                    "passed" => passed += n,
                    "failed" => failed += n,
                    _ => {}
                }
            }
        }
    }
    (passed, failed)
}

/// Every distinct check message between the verdict markers, in order of appearance.
pub fn blocks(output: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in output.lines() {
        let plain = strip_ansi(line);
        let plain = plain.trim_start();
        if plain.starts_with(BEGIN) {
            current = Some(vec![line]);
        } else if let Some(lines) = current.as_mut() {
            lines.push(line);
            if plain.starts_with(END) {
                let block = tidy_paths(&lines.join("\n"));
                if !found.contains(&block) {
                    found.push(block);
                }
                current = None;
            }
        }
    }
    if let Some(lines) = current {
        let block = tidy_paths(&lines.join("\n"));
        if !found.contains(&block) {
            found.push(block);
        }
    }
    found
}

/// A failure without a verdict (a plain panic, a crash): libtest's failure section, trimmed.
fn raw_failure(stdout: &str, stderr: &str) -> String {
    let mut section = Vec::new();
    let mut inside = false;
    for line in stdout.lines() {
        let plain = strip_ansi(line);
        if plain.trim_end() == "failures:" {
            if inside {
                break;
            }
            inside = true;
            continue;
        }
        if inside && !plain.starts_with("note: run with `RUST_BACKTRACE") {
            section.push(line);
        }
    }
    let crash: Vec<&str> = stderr
        .lines()
        .filter(|l| strip_ansi(l).contains("process didn't exit successfully"))
        .collect();
    let mut text = squeeze_blank_lines(&tidy_paths(&section.join("\n")));
    for line in crash {
        text.push('\n');
        text.push_str(line.trim());
    }
    if text.trim().is_empty() {
        text = squeeze_blank_lines(&tidy_paths(stderr));
    }
    text.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "exercises/e01_io_bound.rs";

    fn failing_stdout() -> String {
        format!(
            "\nrunning 2 tests\ntest a ... FAILED\ntest b ... ok\n\nfailures:\n\n---- a stdout ----\n\n\
             thread 'caller' panicked at tests/../exercises/e01_io_bound.rs:8:5:\nnot yet implemented\n\n\
             thread 'a' panicked at tests/e01_io_bound.rs:17:18:\n\n{BEGIN} e01: fetch_all(12 urls)\n\
             │ expected: x\n│ got:      y\n│ hint: cargo run -- hint e01\n{END}\n\n\nfailures:\n    a\n\n\
             test result: FAILED. 1 passed; 1 failed; 0 ignored; 0 measured; 0 filtered out\n"
        )
    }

    #[test]
    fn a_failure_shows_only_the_checks_messages() {
        match parse(
            false,
            &failing_stdout(),
            "error: test failed, to rerun pass `--test e01`",
            FILE,
        ) {
            Outcome::Failed {
                failed,
                total,
                messages,
                ..
            } => {
                assert_eq!((failed, total), (1, 2));
                assert_eq!(messages.len(), 1);
                assert!(messages[0].starts_with(BEGIN));
                assert!(messages[0].ends_with(END));
                assert!(messages[0].contains("expected: x"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn repeated_messages_are_shown_once() {
        let twice = format!("{0}\n{0}", failing_stdout());
        assert_eq!(blocks(&twice).len(), 1);
    }

    #[test]
    fn a_pass_counts_its_tests() {
        let stdout = "\nrunning 3 tests\n...\ntest result: ok. 3 passed; 0 failed; 0 ignored\n";
        assert!(matches!(
            parse(true, stdout, "", FILE),
            Outcome::Passed { passed: 3, .. }
        ));
    }

    #[test]
    fn a_plain_panic_shows_the_failure_section() {
        let stdout = "\nrunning 1 test\ntest a ... FAILED\n\nfailures:\n\n---- a stdout ----\n\n\
                      thread 'a' panicked at tests/../exercises/e01_io_bound.rs:3:1:\nboom\n\
                      note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n\n\
                      failures:\n    a\n\ntest result: FAILED. 0 passed; 1 failed\n";
        match parse(false, stdout, "", FILE) {
            Outcome::Failed { messages, .. } => {
                assert!(
                    messages[0].contains("exercises/e01_io_bound.rs:3:1"),
                    "{messages:?}"
                );
                assert!(messages[0].contains("boom"));
                assert!(!messages[0].contains("RUST_BACKTRACE"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_crash_says_how_the_process_ended() {
        let stdout = "\nrunning 1 test\n";
        let stderr = "error: test failed, to rerun pass `--test e01_io_bound`\n\nCaused by:\n  \
                      process didn't exit successfully: `x` (signal: 11, SIGSEGV: invalid memory reference)\n";
        match parse(false, stdout, stderr, FILE) {
            Outcome::Failed { messages, .. } => assert!(messages[0].contains("SIGSEGV")),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_compile_error_keeps_rustc_diagnostics() {
        let stderr = "error[E0425]: cannot find value `x` in this scope\n --> tests/../exercises/e01_io_bound.rs:8:5\n  |\n\n\
                      error: could not compile `parlings` (test \"e01_io_bound\") due to 1 previous error\n";
        match parse(false, "", stderr, FILE) {
            Outcome::CompileError(errors) => {
                assert_eq!(errors.len(), 1);
                assert!(errors[0].text.contains("--> exercises/e01_io_bound.rs:8:5"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(parse(false, "", stderr, FILE).verdict(), Some(false));
    }

    #[test]
    fn a_cargo_failure_is_not_a_verdict() {
        let outcome = parse(false, "", "error: no test target named `e03_x`\n", FILE);
        assert!(matches!(&outcome, Outcome::Broken(text) if text.contains("no test target")));
        assert_eq!(outcome.verdict(), None);
    }
}
