//! The progress file: each exercise's last verdict and the content it was given for.
//!
//! A verdict counts only while the exercise's file (and its check) are byte for byte what was
//! checked, so the file can never claim a green that an edit has since broken. The file is
//! written whole to a temporary file and renamed over the old one, so it is never half written.

use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file's format version, on its first line.
pub const FORMAT: u32 = 1;
/// The first word of the file.
const MAGIC: &str = "parlings-progress";

/// One exercise's last verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Record {
    /// True if every check passed.
    pub passed: bool,
    /// [`fingerprint`] of the exercise and its check when they were checked.
    pub fingerprint: u64,
}

/// The verdicts by exercise stem.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Progress {
    records: BTreeMap<String, Record>,
}

/// Why a progress file could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// There is none yet.
    Missing,
    /// It could not be read (permissions, a folder in its place…).
    Unreadable(String),
    /// It is not a progress file, or is damaged.
    Corrupt(String),
    /// It is a progress file of another format version.
    OtherFormat(u32),
}

impl Progress {
    /// The record for an exercise, if it was ever checked.
    pub fn get(&self, stem: &str) -> Option<Record> {
        self.records.get(stem).copied()
    }

    /// Records a verdict.
    pub fn set(&mut self, stem: &str, record: Record) {
        self.records.insert(stem.to_string(), record);
    }

    /// Parses the file's text.
    pub fn parse(text: &str) -> Result<Progress, Problem> {
        let mut lines = text.lines().enumerate();
        let header = lines.next().map(|(_, l)| l.trim()).unwrap_or("");
        let version = header
            .strip_prefix(MAGIC)
            .and_then(|v| v.trim().parse::<u32>().ok())
            .ok_or_else(|| Problem::Corrupt("its first line is not a progress header".into()))?;
        if version != FORMAT {
            return Err(Problem::OtherFormat(version));
        }
        let mut progress = Progress::default();
        for (n, line) in lines {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let bad = || {
                Problem::Corrupt(format!(
                    "line {} is not `<exercise> pass|fail <hash>`",
                    n + 1
                ))
            };
            let fields: Vec<&str> = line.split_whitespace().collect();
            let [stem, verdict, hash] = fields[..] else {
                return Err(bad());
            };
            let passed = match verdict {
                "pass" => true,
                "fail" => false,
                _ => return Err(bad()),
            };
            let fingerprint = u64::from_str_radix(hash, 16).map_err(|_| bad())?;
            progress.set(
                stem,
                Record {
                    passed,
                    fingerprint,
                },
            );
        }
        Ok(progress)
    }

    /// The file's text.
    pub fn render(&self) -> String {
        let mut out = format!(
            "{MAGIC} {FORMAT}\n# Written by the parlings runner after each check; safe to delete \
             (checking rebuilds it).\n"
        );
        for (stem, record) in &self.records {
            let verdict = if record.passed { "pass" } else { "fail" };
            out.push_str(&format!("{stem} {verdict} {:016x}\n", record.fingerprint));
        }
        out
    }
}

/// Reads the progress file; a missing or unusable one is empty progress plus the reason.
pub fn load(path: &Path) -> (Progress, Option<Problem>) {
    match std::fs::read_to_string(path) {
        Ok(text) => match Progress::parse(&text) {
            Ok(progress) => (progress, None),
            Err(problem) => (Progress::default(), Some(problem)),
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            (Progress::default(), Some(Problem::Missing))
        }
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => (
            Progress::default(),
            Some(Problem::Corrupt("it is not text".into())),
        ),
        Err(e) => (
            Progress::default(),
            Some(Problem::Unreadable(e.to_string())),
        ),
    }
}

/// A one-line explanation of a problem with the file at `path`.
pub fn explain(problem: &Problem, path: &Path) -> String {
    let name = display_name(path);
    let rebuild = "rebuilt as you check (`cargo run -- check all` checks everything)";
    match problem {
        Problem::Missing => format!("no progress yet ({name}): checking an exercise records it"),
        Problem::Unreadable(why) => format!("cannot read {name} ({why}): {rebuild}"),
        Problem::Corrupt(why) => format!("{name} is damaged ({why}): ignored, and {rebuild}"),
        Problem::OtherFormat(v) => {
            format!("{name} has format {v} (this runner writes {FORMAT}): ignored, and {rebuild}")
        }
    }
}

/// Records one verdict: reads the file afresh, updates it, writes it back atomically.
///
/// A damaged or other-format file is first moved aside to `<file>.old`, never overwritten.
/// Returns the path it was moved to, if it was.
pub fn record(path: &Path, stem: &str, record: Record) -> Result<Option<PathBuf>> {
    let (mut progress, problem) = load(path);
    let mut kept = None;
    if matches!(problem, Some(Problem::Corrupt(_) | Problem::OtherFormat(_))) {
        let aside = with_suffix(path, ".old");
        std::fs::rename(path, &aside)
            .with_context(|| format!("moving the unusable {} aside", display_name(path)))?;
        kept = Some(aside);
    }
    progress.set(stem, record);
    save(path, &progress)?;
    Ok(kept)
}

/// Writes the file atomically: a temporary file in the same folder, then a rename.
pub fn save(path: &Path, progress: &Progress) -> Result<()> {
    let temporary = with_suffix(path, &format!(".tmp{}", std::process::id()));
    let written = std::fs::write(&temporary, progress.render())
        .and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written.with_context(|| format!("writing {}", path.display()))
}

/// A stable 64-bit hash (FNV-1a) of an exercise's file and its check's file.
pub fn fingerprint(exercise: &[u8], check: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in exercise.iter().chain(&[0xff]).chain(check) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    hash
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("parlings-progress-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir.join(".parlings-progress")
    }

    #[test]
    fn a_record_survives_a_round_trip() {
        let path = scratch("round");
        let rec = Record {
            passed: true,
            fingerprint: fingerprint(b"a", b"b"),
        };
        assert_eq!(record(&path, "e01_io_bound", rec).expect("written"), None);
        let (progress, problem) = load(&path);
        assert_eq!(problem, None);
        assert_eq!(progress.get("e01_io_bound"), Some(rec));
        assert_eq!(progress.get("e02_pool_map"), None);
    }

    #[test]
    fn a_missing_file_is_empty_progress() {
        let (progress, problem) = load(&scratch("missing"));
        assert_eq!(problem, Some(Problem::Missing));
        assert_eq!(progress, Progress::default());
    }

    #[test]
    fn a_corrupt_file_is_ignored_then_kept_aside() {
        let path = scratch("corrupt");
        std::fs::write(&path, [0xff, 0xfe, 0x00]).expect("write");
        assert!(matches!(load(&path).1, Some(Problem::Corrupt(_))));
        for junk in [
            "\u{0}\u{1}garbage",
            "parlings-progress 1\ne01_io_bound maybe 12\n",
            "",
        ] {
            std::fs::write(&path, junk).expect("write");
            let (progress, problem) = load(&path);
            assert!(
                matches!(problem, Some(Problem::Corrupt(_))),
                "{junk:?}: {problem:?}"
            );
            assert_eq!(progress, Progress::default());
            let rec = Record {
                passed: false,
                fingerprint: 7,
            };
            let kept = record(&path, "e01_io_bound", rec).expect("rebuilt");
            assert_eq!(
                std::fs::read_to_string(kept.expect("kept aside")).expect("old"),
                junk
            );
            assert_eq!(
                load(&path),
                (
                    {
                        let mut p = Progress::default();
                        p.set("e01_io_bound", rec);
                        p
                    },
                    None
                )
            );
            std::fs::remove_file(&path).expect("reset");
        }
    }

    #[test]
    fn an_older_format_is_ignored() {
        let path = scratch("older");
        std::fs::write(&path, "parlings-progress 0\ne01_io_bound pass\n").expect("write");
        let (progress, problem) = load(&path);
        assert_eq!(problem, Some(Problem::OtherFormat(0)));
        assert_eq!(progress, Progress::default());
        assert!(explain(&Problem::OtherFormat(0), &path).contains("format 0"));
    }

    #[test]
    fn an_unwritable_location_is_an_error_not_a_panic() {
        let path = scratch("readonly");
        // A regular file where a folder should be: unwritable even for root.
        let blocked = path.join("inside");
        std::fs::write(&path, "not a folder").expect("write");
        let rec = Record {
            passed: true,
            fingerprint: 1,
        };
        assert!(record(&blocked, "e01_io_bound", rec).is_err());
        assert_eq!(
            std::fs::read_to_string(&path).expect("intact"),
            "not a folder"
        );
    }

    #[test]
    fn the_fingerprint_sees_both_files() {
        let base = fingerprint(b"exercise", b"check");
        assert_ne!(base, fingerprint(b"exercise ", b"check"));
        assert_ne!(base, fingerprint(b"exercise", b"check "));
        assert_ne!(fingerprint(b"ab", b"c"), fingerprint(b"a", b"bc"));
        assert_eq!(base, fingerprint(b"exercise", b"check"));
    }
}
