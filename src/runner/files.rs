//! Saves of exercise files, seen through the notify crate and debounced.
//!
//! An editor's save is often several events (write, chmod, rename of a temporary file); they
//! are gathered until the file has been quiet for [`QUIET`], then reported once. Files that
//! are not exercises (swap files, backups, `4913`, `*~`) are ignored.

use super::project::Project;
use anyhow::{Context, Result};
use notify::{EventKind, RecursiveMode, Watcher};
use parlings::catalog::{EXERCISES, Exercise};
use std::collections::HashMap;
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

/// How long a file must be quiet before its save is reported.
pub const QUIET: Duration = Duration::from_millis(80);

/// Watches the exercises folder while alive.
pub struct Saves {
    _watcher: notify::RecommendedWatcher,
}

/// Reports each saved exercise through `send` until the returned [`Saves`] is dropped.
pub fn watch<T: Send + 'static>(
    project: &Project,
    events: Sender<T>,
    saved: fn(&'static Exercise) -> T,
) -> Result<Saves> {
    let folder = project.path("exercises");
    let (raw_events, raw) = mpsc::channel();
    let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
        let _ = raw_events.send(event);
    })
    .context("starting the file watcher")?;
    watcher
        .watch(&folder, RecursiveMode::NonRecursive)
        .with_context(|| format!("watching {}", folder.display()))?;
    thread::spawn(move || debounce(&raw, &events, saved));
    Ok(Saves { _watcher: watcher })
}

/// Gathers raw events per exercise and reports each once it has been quiet; blocks when idle.
fn debounce<T>(
    raw: &mpsc::Receiver<notify::Result<notify::Event>>,
    events: &Sender<T>,
    saved: fn(&'static Exercise) -> T,
) {
    let mut pending: HashMap<&'static str, (&'static Exercise, Instant)> = HashMap::new();
    loop {
        let due = pending.values().map(|(_, at)| *at + QUIET).min();
        let received = match due {
            None => raw.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(due) => raw.recv_timeout(due.saturating_duration_since(Instant::now())),
        };
        match received {
            Ok(Ok(event)) if is_write(&event.kind) => {
                for exercise in event.paths.iter().filter_map(|p| exercise_of(p)) {
                    pending.insert(exercise.stem, (exercise, Instant::now()));
                }
            }
            Ok(_) => {}
            Err(RecvTimeoutError::Timeout) => {
                let now = Instant::now();
                let ready: Vec<&'static str> = pending
                    .iter()
                    .filter(|(_, (_, at))| *at + QUIET <= now)
                    .map(|(stem, _)| *stem)
                    .collect();
                for stem in ready {
                    if let Some((exercise, _)) = pending.remove(stem) {
                        if events.send(saved(exercise)).is_err() {
                            return;
                        }
                    }
                }
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// True for events that can change a file's content (not reads, opens or deletions).
fn is_write(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Modify(_) | EventKind::Create(_) | EventKind::Any
    )
}

/// The exercise whose file this is: exactly `exercises/<stem>.rs`, nothing an editor leaves.
pub fn exercise_of(path: &Path) -> Option<&'static Exercise> {
    let name = path.file_name()?.to_str()?;
    let stem = name.strip_suffix(".rs")?;
    EXERCISES.iter().find(|e| e.stem == stem)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::Receiver;

    #[test]
    fn only_exercise_files_count() {
        let e = &EXERCISES[0];
        assert_eq!(exercise_of(Path::new(&e.file())).map(|x| x.id), Some(e.id));
        for junk in [
            format!("exercises/.{}.rs.swp", e.stem),
            format!("exercises/{}.rs~", e.stem),
            format!("exercises/{}.rs.2026-01-01_00-00-00.bak", e.stem),
            format!("exercises/.#{}.rs", e.stem),
            "exercises/4913".to_string(),
        ] {
            assert!(exercise_of(Path::new(&junk)).is_none(), "{junk}");
        }
    }

    fn scratch() -> (Project, std::path::PathBuf) {
        let root = std::env::temp_dir().join(format!("parlings-files-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("exercises")).expect("temp dir");
        let file = root.join(EXERCISES[0].file());
        (Project::at(&root), file)
    }

    fn expect_save(rx: &Receiver<&'static Exercise>, within: Duration) -> Option<&'static str> {
        rx.recv_timeout(within).ok().map(|e| e.id)
    }

    #[test]
    fn a_burst_of_writes_is_one_save_reported_quickly() {
        let (project, file) = scratch();
        let (tx, rx) = mpsc::channel();
        let _saves = watch(&project, tx, |e| e).expect("watching");
        let started = Instant::now();
        for i in 0..5 {
            std::fs::write(&file, format!("// version {i}\n")).expect("write");
        }
        // A temporary file renamed over the exercise, as many editors save.
        let temporary = file.with_extension("rs.tmp");
        std::fs::write(&temporary, "// final\n").expect("write temp");
        std::fs::rename(&temporary, &file).expect("rename");
        assert_eq!(
            expect_save(&rx, Duration::from_secs(2)),
            Some(EXERCISES[0].id)
        );
        assert!(
            started.elapsed() < Duration::from_millis(500),
            "{:?}",
            started.elapsed()
        );
        assert_eq!(
            expect_save(&rx, QUIET * 4),
            None,
            "one report for the whole burst"
        );
        std::fs::write(project.path("exercises/notes.txt"), "x").expect("other file");
        assert_eq!(expect_save(&rx, QUIET * 4), None, "other files are ignored");
    }
}
