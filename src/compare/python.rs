//! Runs a lesson's Python companion with `--json` and reads what it measured.

use super::Figure;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

/// How long a companion may run before it is killed: it is sized to take seconds.
pub const LIMIT: Duration = Duration::from_secs(180);

/// What a companion run gave: its rows, its digest, and anything that went wrong.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Companion {
    /// The interpreter's version, e.g. "Python 3.12.1".
    pub python: Option<String>,
    /// Its rows, in the order it printed them.
    pub figures: Vec<Figure>,
    /// Its digest of its results.
    pub digest: Option<String>,
    /// Its remarks.
    pub notes: Vec<String>,
    /// Why the Python side is missing or incomplete, in words; `None` if all went well.
    pub problem: Option<String>,
}

impl Companion {
    /// True if the companion ran to the end.
    pub fn ran(&self) -> bool {
        self.problem.is_none()
    }

    fn problem(problem: String) -> Companion {
        Companion {
            problem: Some(problem),
            ..Companion::default()
        }
    }
}

/// The version `python3 --version` reports, or `None` when there is no `python3` to run.
pub fn python_version() -> Option<String> {
    let out = Command::new("python3")
        .arg("--version")
        .stdin(Stdio::null())
        .output()
        .ok()
        .filter(|out| out.status.success())?;
    // Python 2 printed its version on stderr; 3 prints it on stdout.
    let text = [out.stdout, out.stderr].concat();
    Some(String::from_utf8_lossy(&text).trim().to_string())
}

/// Runs `python3 {script} --json [--quick] {args}` from `root`; never fails, never hangs.
pub fn run_companion(root: &Path, script: &Path, quick: bool, args: &[String]) -> Companion {
    let Some(version) = python_version() else {
        return Companion::problem("python3 not found: skipping the Python side.".into());
    };
    if !root.join(script).is_file() {
        let missing = format!("{} is missing: skipping the Python side.", script.display());
        return Companion::problem(missing);
    }
    let mut command = Command::new("python3");
    command
        .current_dir(root)
        .arg("-u")
        .arg(script)
        .arg("--json");
    if quick {
        command.arg("--quick");
    }
    command.args(args);
    let mut companion = match run(command) {
        Ok((stdout, None)) => parse(&stdout),
        Ok((stdout, Some(problem))) => Companion {
            problem: Some(format!("{} {problem}", script.display())),
            ..parse(&stdout)
        },
        Err(err) => Companion::problem(format!(
            "python3 could not run {}: {err}.",
            script.display()
        )),
    };
    companion.python = Some(version);
    companion
}

/// Runs `command` to its end (or kills it after [`LIMIT`]); returns its stdout, and what went
/// wrong if it did not exit with 0.
fn run(mut command: Command) -> std::io::Result<(String, Option<String>)> {
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    // Both pipes are read while the child runs, so a full pipe never blocks it.
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        thread::spawn(move || {
            let mut text = String::new();
            if let Some(pipe) = pipe {
                let mut lines = BufReader::new(pipe).lines();
                while let Some(Ok(line)) = lines.next() {
                    text.push_str(&line);
                    text.push('\n');
                }
            }
            text
        })
    };
    let out = drain(child.stdout.take().map(|p| Box::new(p) as _));
    let err = drain(child.stderr.take().map(|p| Box::new(p) as _));
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break Some(status);
        }
        if start.elapsed() > LIMIT {
            // Killed and reaped, as lesson 5 teaches.
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        thread::sleep(Duration::from_millis(20));
    };
    let (stdout, stderr) = (
        out.join().unwrap_or_default(),
        err.join().unwrap_or_default(),
    );
    let last = stderr.lines().rev().find(|l| !l.trim().is_empty());
    let said = last.map_or(String::new(), |l| format!(": {}", l.trim()));
    let problem = match status {
        Some(s) if s.success() => None,
        Some(s) => Some(format!("failed ({s}){said}.")),
        None => Some(format!(
            "was still running after {} s and was killed.",
            LIMIT.as_secs()
        )),
    };
    Ok((stdout, problem))
}

/// Reads a companion's JSON lines; other lines are ignored.
fn parse(stdout: &str) -> Companion {
    let mut companion = Companion::default();
    let objects = stdout
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line.trim()).ok());
    for object in objects {
        let text = |name: &str| object.get(name)?.as_str().map(str::to_string);
        if let Some(figure) = Figure::from_json(&object) {
            companion.figures.push(figure);
        } else if let Some(digest) = text("digest") {
            companion.digest = Some(digest);
        } else if let Some(note) = text("note") {
            companion.notes.push(note);
        }
    }
    companion
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_are_read_and_the_rest_ignored() {
        let out = "hello\n{\"key\": \"a\", \"how\": \"x\", \"seconds\": 1.5}\n\
                   {\"digest\": \"7 primes\"}\n{\"note\": \"n\"}\nnot json {\n";
        let c = parse(out);
        assert_eq!(c.figures.len(), 1);
        assert_eq!(c.figures[0].seconds, Some(1.5));
        assert_eq!(c.digest.as_deref(), Some("7 primes"));
        assert_eq!(c.notes, ["n"]);
    }

    #[test]
    fn a_missing_script_is_a_problem_not_a_panic() {
        let c = run_companion(Path::new("/nonexistent"), Path::new("x.py"), true, &[]);
        assert!(c.problem.is_some());
    }
}
