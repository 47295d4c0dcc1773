//! Each exercise's state, derived from its file, its check and the progress file.

use super::progress::{self, Problem, Progress};
use super::project::Project;
use super::show;
use super::stubs;
use parlings::catalog::{EXERCISES, Exercise};

/// Where a learner stands on one exercise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Its checks passed on the file as it is now.
    Done,
    /// Its checks failed on the file as it is now.
    Failing,
    /// The file is still the unsolved stub.
    NotStarted,
    /// The file changed since its last check (or was never checked).
    Edited,
    /// The file is not there (`reset` brings it back).
    Missing,
}

impl Status {
    /// A short label, e.g. "done" or "failing".
    pub fn label(self) -> &'static str {
        match self {
            Status::Done => "done",
            Status::Failing => "failing",
            Status::NotStarted => "not started",
            Status::Edited => "edited, not checked",
            Status::Missing => "file missing",
        }
    }

    /// A one-character mark for lists.
    pub fn mark(self) -> &'static str {
        match self {
            Status::Done => "✔",
            Status::Failing => "✘",
            Status::NotStarted => "·",
            Status::Edited => "~",
            Status::Missing => "?",
        }
    }
}

/// Every exercise with its status, in course order.
pub type Statuses = Vec<(&'static Exercise, Status)>;

/// The fingerprint of an exercise's file and check as they are now, if the file exists.
pub fn fingerprint(project: &Project, exercise: &Exercise) -> Option<u64> {
    let file = std::fs::read(project.exercise_file(exercise)).ok()?;
    let check = std::fs::read(project.test_file(exercise)).unwrap_or_default();
    Some(progress::fingerprint(&file, &check))
}

/// The status of one exercise given the recorded progress.
pub fn of(project: &Project, progress: &Progress, exercise: &Exercise) -> Status {
    let Ok(content) = std::fs::read(project.exercise_file(exercise)) else {
        return Status::Missing;
    };
    let check = std::fs::read(project.test_file(exercise)).unwrap_or_default();
    let now = progress::fingerprint(&content, &check);
    match progress.get(exercise.stem) {
        Some(record) if record.fingerprint == now && record.passed => Status::Done,
        Some(record) if record.fingerprint == now => Status::Failing,
        _ if stubs::stub(exercise.stem).is_some_and(|stub| stub.as_bytes() == content) => {
            Status::NotStarted
        }
        Some(_) => Status::Edited,
        None if stubs::stub(exercise.stem).is_none() => Status::NotStarted,
        None => Status::Edited,
    }
}

/// Loads the progress file (warning once if it is unusable) and derives every status.
pub fn all(project: &Project) -> Statuses {
    let path = project.progress_file();
    let (progress, problem) = progress::load(&path);
    if let Some(problem) = problem {
        let text = progress::explain(&problem, &path);
        show::warn_once(&text, problem != Problem::Missing);
    }
    EXERCISES
        .iter()
        .map(|e| (e, of(project, &progress, e)))
        .collect()
}

/// How many exercises are done.
pub fn done(statuses: &Statuses) -> usize {
    statuses.iter().filter(|(_, s)| *s == Status::Done).count()
}

/// "4/9 exercises done".
pub fn progress_line(statuses: &Statuses) -> String {
    format!("{}/{} exercises done", done(statuses), statuses.len())
}

/// The first exercise not done, starting after `after` (if given) and wrapping around.
pub fn next_unfinished(statuses: &Statuses, after: Option<&Exercise>) -> Option<&'static Exercise> {
    let start = after
        .and_then(|a| statuses.iter().position(|(e, _)| e.id == a.id))
        .map_or(0, |i| i + 1);
    let n = statuses.len();
    (0..n)
        .map(|k| statuses[(start + k) % n.max(1)])
        .find(|(_, s)| *s != Status::Done)
        .map(|(e, _)| e)
}

/// The status of one exercise in a list of statuses.
pub fn status_in(statuses: &Statuses, exercise: &Exercise) -> Status {
    statuses
        .iter()
        .find(|(e, _)| e.id == exercise.id)
        .map_or(Status::Missing, |(_, s)| *s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statuses(marks: &[Status]) -> Statuses {
        EXERCISES.iter().zip(marks.iter().copied()).collect()
    }

    #[test]
    fn next_skips_what_is_done_and_wraps_around() {
        if EXERCISES.len() < 2 {
            return;
        }
        let mut marks = vec![Status::Done; EXERCISES.len()];
        marks[0] = Status::Failing;
        let s = statuses(&marks);
        assert_eq!(
            next_unfinished(&s, None).map(|e| e.id),
            Some(EXERCISES[0].id)
        );
        assert_eq!(
            next_unfinished(&s, Some(&EXERCISES[0])).map(|e| e.id),
            Some(EXERCISES[0].id)
        );
        assert_eq!(
            next_unfinished(&statuses(&vec![Status::Done; EXERCISES.len()]), None),
            None
        );
    }

    #[test]
    fn the_progress_line_counts_done_only() {
        let mut marks = vec![Status::Failing; EXERCISES.len()];
        marks[0] = Status::Done;
        assert_eq!(
            progress_line(&statuses(&marks)),
            format!("1/{} exercises done", EXERCISES.len())
        );
    }
}
