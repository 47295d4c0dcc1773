//! The report: every file's outcome and the totals of the finished ones, as JSON, written
//! atomically so that nobody ever reads half a report.

use super::pool::{Batch, Counts, Outcome};
use super::readings::{Stats, Totals};
use crate::TaskError;
use serde_json::{Map, Value, json};
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// The totals of every finished file, merged in file order (so the sums are the same to the
/// last bit whatever order the files finished in).
pub fn merged(batch: &Batch<Totals>) -> Totals {
    let mut all = Totals::default();
    for item in &batch.items {
        if let Outcome::Done(totals) = &item.outcome {
            all.merge(totals);
        }
    }
    all
}

/// A file's name without its folder, for people.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .unwrap_or(path.as_os_str())
        .to_string_lossy()
        .into_owned()
}

/// The report of a run over `files` (in `folder`), as JSON.
pub fn report(
    folder: &Path,
    files: &[PathBuf],
    batch: &Batch<Totals>,
    deadline: Duration,
) -> Value {
    let items: Vec<Value> = files
        .iter()
        .zip(&batch.items)
        .map(|(path, item)| {
            let mut entry = Map::new();
            entry.insert("file".into(), file_name(path).into());
            let status = match &item.outcome {
                Outcome::Done(totals) => {
                    entry.insert("totals".into(), totals_json(totals));
                    "done"
                }
                Outcome::Failed(TaskError::Failed(error)) => {
                    entry.insert("error".into(), error.as_str().into());
                    "failed"
                }
                Outcome::Failed(TaskError::Panicked(message)) => {
                    entry.insert("error".into(), format!("panicked: {message}").into());
                    "failed"
                }
                Outcome::TimedOut => "timed_out",
                Outcome::Cancelled => "cancelled",
                Outcome::Skipped => "skipped",
            };
            entry.insert("status".into(), status.into());
            if let Some(took) = item.took {
                entry.insert("ms".into(), millis(took).into());
            }
            Value::Object(entry)
        })
        .collect();
    let Counts {
        done,
        failed,
        timed_out,
        cancelled,
        skipped,
    } = batch.counts();
    json!({
        "folder": folder.to_string_lossy(),
        "files": files.len(),
        "workers": batch.workers,
        "deadline_ms": millis(deadline),
        "elapsed_ms": millis(batch.elapsed),
        "interrupted": batch.interrupted,
        "counts": {
            "done": done, "failed": failed, "timed_out": timed_out,
            "cancelled": cancelled, "skipped": skipped,
        },
        "totals": totals_json(&merged(batch)),
        "items": items,
    })
}

/// Totals as JSON: readings, then per station its readings and each field's statistics.
pub fn totals_json(totals: &Totals) -> Value {
    let stations: Map<String, Value> = totals
        .stations
        .iter()
        .map(|(name, station)| {
            let mut entry = Map::new();
            entry.insert("readings".into(), station.readings.into());
            for (field, stats) in &station.fields {
                entry.insert(field.clone(), stats_json(stats));
            }
            (name.clone(), Value::Object(entry))
        })
        .collect();
    json!({ "readings": totals.readings, "stations": stations })
}

fn stats_json(stats: &Stats) -> Value {
    json!({
        "count": stats.count, "sum": stats.sum, "min": stats.min, "max": stats.max,
        "mean": stats.mean(),
    })
}

fn millis(d: Duration) -> f64 {
    (d.as_secs_f64() * 1e4).round() / 10.0
}

/// Writes `report` to `path` atomically, pretty-printed.
pub fn save(path: &Path, report: &Value) -> io::Result<()> {
    write_atomically(path, |out| {
        serde_json::to_writer_pretty(&mut *out, report)?;
        out.write_all(b"\n")
    })
}

// ANCHOR: write_atomically
/// Writes a file so that it is never seen half-written: `write` fills a temporary file in the
/// same folder, which is flushed to disk and then renamed over `path`, in one step. Whoever
/// reads `path` (or finds it after a crash) sees the old file or the new one, nothing between.
/// If `write` fails, `path` is left as it was and the temporary file is removed.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, "the output path names no file")
    })?;
    // Same folder, so the rename stays on one file system and is atomic.
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let temp = folder.join(format!(
        ".{}.{}-{n}.tmp",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = (|| {
        let mut out = BufWriter::new(File::create(&temp)?);
        write(&mut out)?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?; // the data is on disk before the name points at it
        fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temp);
        return written;
    }
    // The rename itself reaches the disk when the folder is synced (where the OS allows it).
    if let Ok(dir) = File::open(folder) {
        let _ = dir.sync_all();
    }
    Ok(())
}
// ANCHOR_END: write_atomically
