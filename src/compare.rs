//! Rust beside Python: a lesson times a batch in Rust, its Python companion
//! (`lessons/python/lessonN.py`) times the same batch, and one table shows both.
//!
//! Both sides do the same work: the lesson passes the batch's parameters to the companion as
//! flags (e.g. `--tasks 8 --width 500`), and each side reports a digest of its results (e.g. the
//! primes counted), which must agree. The companion prints one JSON object per line:
//! `{"key": "cpu-loop", "how": "a for loop", "seconds": 0.8, "workers": 1, "baseline": "cpu-loop"}`,
//! and `{"digest": "…"}`, `{"note": "…"}`, `{"python": "3.12.1"}`. Rows of the two sides are
//! matched by `key`. Missing `python3`, a failing companion or garbled output never stops the
//! lesson: the table then shows the Rust side and says why the Python side is missing.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::time::Duration;

mod python;
mod table;

pub use python::{Companion, run_companion};

/// One measurement, on one side: a row of the comparison.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figure {
    /// What the row measures, the same on both sides, e.g. "cpu-pool".
    pub key: String,
    /// The work, for the table's first column (taken from the Rust side), e.g. "CPU-bound".
    pub what: String,
    /// How this side ran it, e.g. "rayon pool of 4 threads" or "Pool(4).map".
    pub how: String,
    /// Its wall time, if it is a timing.
    pub seconds: Option<f64>,
    /// Its result in words, if it is not (or not only) a timing, e.g. "28 results, 2 markers".
    pub value: Option<String>,
    /// The key of the row this one's speed-up is measured against (its own side's).
    pub baseline: Option<String>,
}

impl Figure {
    /// A row `key` of the work `what`, run as `how`.
    pub fn new(key: &str, what: &str, how: impl Into<String>) -> Figure {
        Figure {
            key: key.to_string(),
            what: what.to_string(),
            how: how.into(),
            ..Figure::default()
        }
    }

    /// The same row, timed at `took`.
    pub fn took(self, took: Duration) -> Figure {
        Figure {
            seconds: Some(took.as_secs_f64()),
            ..self
        }
    }

    /// The same row, with a result in words.
    pub fn value(self, value: impl Into<String>) -> Figure {
        Figure {
            value: Some(value.into()),
            ..self
        }
    }

    /// The same row, its speed-up measured against the row `key` of its own side.
    pub fn against(self, key: &str) -> Figure {
        Figure {
            baseline: Some(key.to_string()),
            ..self
        }
    }

    /// Reads a row from one line of a companion's JSON; `None` if the line is not a row.
    pub fn from_json(value: &Value) -> Option<Figure> {
        let text = |name: &str| value.get(name)?.as_str().map(str::to_string);
        Some(Figure {
            key: text("key")?,
            what: text("what").unwrap_or_default(),
            how: text("how").unwrap_or_default(),
            seconds: value.get("seconds").and_then(Value::as_f64),
            value: text("value"),
            baseline: text("baseline"),
        })
    }
}

/// A batch timed in Rust, to be timed again by the lesson's Python companion.
#[derive(Debug)]
pub struct Comparison {
    title: String,
    script: PathBuf,
    args: Vec<String>,
    rust: Vec<Figure>,
    digest: Option<String>,
    notes: Vec<String>,
    files: Vec<PathBuf>,
}

impl Comparison {
    /// A comparison titled `title` (the batch both sides run), against `lessons/python/{bin}.py`.
    pub fn new(bin: &str, title: impl Into<String>) -> Comparison {
        Comparison {
            title: title.into(),
            script: Path::new("lessons/python").join(format!("{bin}.py")),
            args: Vec::new(),
            rust: Vec::new(),
            digest: None,
            notes: Vec::new(),
            files: Vec::new(),
        }
    }

    /// Writes `contents` to a new temporary file for the companion to read, and returns its
    /// path; the file is removed with the comparison.
    pub fn temp_file(&mut self, name: &str, contents: &str) -> std::io::Result<PathBuf> {
        let unique = format!(
            "parlings-{}-{}-{name}",
            std::process::id(),
            self.files.len()
        );
        let path = std::env::temp_dir().join(unique);
        std::fs::write(&path, contents)?;
        self.files.push(path.clone());
        Ok(path)
    }

    /// Passes `--name value` to the companion, so that it runs the same batch.
    pub fn arg(&mut self, name: &str, value: impl ToString) -> &mut Comparison {
        self.args.extend([format!("--{name}"), value.to_string()]);
        self
    }

    /// Adds a Rust row.
    pub fn rust(&mut self, figure: Figure) -> &mut Comparison {
        self.rust.push(figure);
        self
    }

    /// The Rust side's digest of its results; the companion's must be equal.
    pub fn digest(&mut self, digest: impl Into<String>) -> &mut Comparison {
        self.digest = Some(digest.into());
        self
    }

    /// A remark printed under the table.
    pub fn note(&mut self, note: impl Into<String>) -> &mut Comparison {
        self.notes.push(note.into());
        self
    }

    /// The companion, from the project root.
    pub fn script(&self) -> &Path {
        &self.script
    }

    /// The flags that give the companion the same batch.
    pub fn args(&self) -> &[String] {
        &self.args
    }

    /// Runs the companion (from the project `root`) and renders the table of both sides.
    pub fn run(&self, root: &Path, quick: bool) -> String {
        let companion = run_companion(root, &self.script, quick, &self.args);
        self.render(&companion)
    }
}

impl Drop for Comparison {
    fn drop(&mut self) {
        for file in &self.files {
            // Best effort: a leftover temp file must not fail a lesson.
            let _ = std::fs::remove_file(file);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rows_are_read_from_json_lines() {
        let line = json!({"key": "pool", "how": "Pool(2).map", "seconds": 0.5, "baseline": "loop"});
        let figure = Figure::from_json(&line).expect("a row");
        assert_eq!(figure.key, "pool");
        assert_eq!(figure.seconds, Some(0.5));
        assert_eq!(figure.baseline.as_deref(), Some("loop"));
        assert!(Figure::from_json(&json!({"digest": "x"})).is_none());
    }
}
