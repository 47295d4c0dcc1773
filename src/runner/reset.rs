//! `reset`: put an exercise's unsolved stub back, after saving the learner's file beside it.

use super::project::Project;
use super::stubs;
use anyhow::{Context, Result, bail};
use parlings::catalog::Exercise;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// What `reset` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Done {
    /// The file already was the stub: nothing was touched.
    AlreadyPristine,
    /// The stub is back; the learner's file, if there was one, was saved at this path.
    Restored(Option<PathBuf>),
}

/// Restores the exercise's stub; the learner's file is first copied to a timestamped backup.
pub fn reset(project: &Project, exercise: &Exercise) -> Result<Done> {
    let Some(stub) = stubs::stub(exercise.stem) else {
        bail!(
            "this runner has no pristine copy of {}; `git checkout -- {}` restores the shipped one",
            exercise.id,
            exercise.file()
        );
    };
    let file = project.exercise_file(exercise);
    let backup = match std::fs::read(&file) {
        Ok(current) if current == stub.as_bytes() => return Ok(Done::AlreadyPristine),
        Ok(current) => Some(back_up(&file, &current, SystemTime::now())?),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            return Err(e)
                .with_context(|| format!("reading {} (nothing was changed)", exercise.file()));
        }
    };
    write_atomically(&file, stub.as_bytes())
        .with_context(|| format!("restoring {} (your file is safe)", exercise.file()))?;
    Ok(Done::Restored(backup))
}

/// Writes `content` to a new file `<file>.<timestamp>.bak` (never over an existing one).
pub fn back_up(file: &Path, content: &[u8], when: SystemTime) -> Result<PathBuf> {
    let stamp = timestamp(when);
    for attempt in 1.. {
        let suffix = if attempt == 1 {
            String::new()
        } else {
            format!("-{attempt}")
        };
        let mut name = file.as_os_str().to_owned();
        name.push(format!(".{stamp}{suffix}.bak"));
        let path = PathBuf::from(name);
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut out) => {
                out.write_all(content)
                    .and_then(|()| out.sync_all())
                    .with_context(|| format!("saving your file to {}", path.display()))?;
                return Ok(path);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(e).with_context(|| {
                    format!(
                        "saving your file to {} (nothing was changed)",
                        path.display()
                    )
                });
            }
        }
    }
    unreachable!("the attempts above never end without returning")
}

/// Replaces `file` whole: a temporary file beside it, then a rename.
fn write_atomically(file: &Path, content: &[u8]) -> Result<()> {
    let mut name = file.as_os_str().to_owned();
    name.push(format!(".reset-{}.tmp", std::process::id()));
    let temporary = PathBuf::from(name);
    let written =
        std::fs::write(&temporary, content).and_then(|()| std::fs::rename(&temporary, file));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    Ok(written?)
}

/// `when` in UTC as `2026-04-20_10-31-05`, safe in a file name.
pub fn timestamp(when: SystemTime) -> String {
    let secs = when.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    let days = i64::try_from(secs / 86_400).unwrap_or(0);
    let (year, month, day) = civil_from_days(days);
    let rest = secs % 86_400;
    format!(
        "{year:04}-{month:02}-{day:02}_{:02}-{:02}-{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}

/// The calendar date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("parlings-reset-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        dir
    }

    #[test]
    fn timestamps_are_calendar_dates() {
        assert_eq!(timestamp(UNIX_EPOCH), "1970-01-01_00-00-00");
        let leap = UNIX_EPOCH + Duration::from_secs(951_782_400 + 3_661);
        assert_eq!(timestamp(leap), "2000-02-29_01-01-01");
        let later = UNIX_EPOCH + Duration::from_secs(1_776_681_065);
        assert_eq!(timestamp(later), "2026-04-20_10-31-05");
    }

    #[test]
    fn a_backup_never_overwrites_another() {
        let dir = scratch("backup");
        let file = dir.join("e01_io_bound.rs");
        let when = UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        let first = back_up(&file, b"first", when).expect("first backup");
        let second = back_up(&file, b"second", when).expect("second backup");
        assert_ne!(first, second);
        assert_eq!(std::fs::read(&first).expect("first"), b"first");
        assert_eq!(std::fs::read(&second).expect("second"), b"second");
        let name = first
            .file_name()
            .expect("name")
            .to_string_lossy()
            .into_owned();
        assert!(name.starts_with("e01_io_bound.rs.2001-09-09_") && name.ends_with(".bak"));
    }

    #[test]
    fn reset_backs_up_then_restores_the_stub() {
        let root = scratch("reset");
        std::fs::create_dir_all(root.join("exercises")).expect("exercises dir");
        let project = Project::at(&root);
        let exercise = &parlings::catalog::EXERCISES[0];
        let file = project.exercise_file(exercise);
        let stub = stubs::stub(exercise.stem).expect("a stub");

        assert_eq!(
            reset(&project, exercise).expect("from nothing"),
            Done::Restored(None)
        );
        assert_eq!(std::fs::read_to_string(&file).expect("stub"), stub);
        assert_eq!(
            reset(&project, exercise).expect("again"),
            Done::AlreadyPristine
        );

        std::fs::write(&file, "// my work\n").expect("learner writes");
        let Done::Restored(Some(backup)) = reset(&project, exercise).expect("reset") else {
            panic!("a backup was expected");
        };
        assert_eq!(
            std::fs::read_to_string(&backup).expect("backup"),
            "// my work\n"
        );
        assert_eq!(std::fs::read_to_string(&file).expect("stub"), stub);
        let leftovers: Vec<_> = std::fs::read_dir(root.join("exercises"))
            .expect("list")
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary file is left behind");
    }
}
