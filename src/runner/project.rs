//! Where the course lives on disk, and how to run cargo there.

use anyhow::{Context, Result, bail};
use parlings::catalog::Exercise;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The name of the progress file at the project root.
pub const PROGRESS_FILE: &str = ".parlings-progress";

/// Overrides the progress file's location (the runner's own tests use it).
pub const PROGRESS_ENV: &str = "PARLINGS_PROGRESS";

/// The course's root folder: the one whose Cargo.toml is the `parlings` package.
#[derive(Debug, Clone)]
pub struct Project {
    root: PathBuf,
}

impl Project {
    /// Finds the project from the current folder upwards, else where the runner was built.
    pub fn locate() -> Result<Project> {
        let here = std::env::current_dir().context("reading the current folder")?;
        let built = Path::new(env!("CARGO_MANIFEST_DIR"));
        let found = here
            .ancestors()
            .find(|dir| is_parlings(dir))
            .or_else(|| Some(built).filter(|dir| is_parlings(dir)));
        match found {
            Some(root) => Ok(Project::at(root)),
            None => bail!(
                "no parlings project here: run the runner from the course's folder (the one \
                 with its Cargo.toml), e.g. `cd parlings && cargo run`"
            ),
        }
    }

    /// The project rooted at `root`.
    pub fn at(root: &Path) -> Project {
        Project {
            root: root.to_path_buf(),
        }
    }

    /// The root folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// A path from the root, e.g. `exercises/e01_io_bound.rs`.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root.join(relative)
    }

    /// The learner's file for an exercise.
    pub fn exercise_file(&self, exercise: &Exercise) -> PathBuf {
        self.path(&exercise.file())
    }

    /// The check's source, `tests/<stem>.rs`.
    pub fn test_file(&self, exercise: &Exercise) -> PathBuf {
        self.path(&format!("tests/{}.rs", exercise.stem))
    }

    /// The progress file: `.parlings-progress` at the root, unless overridden.
    pub fn progress_file(&self) -> PathBuf {
        match std::env::var_os(PROGRESS_ENV) {
            Some(path) if !path.is_empty() => PathBuf::from(path),
            _ => self.path(PROGRESS_FILE),
        }
    }

    /// `cargo` (the one running us, if any) with the root as its working folder.
    pub fn cargo(&self) -> Command {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut command = Command::new(cargo);
        command.current_dir(&self.root);
        command
    }
}

/// True if `dir` holds the Cargo.toml of the `parlings` package.
fn is_parlings(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("Cargo.toml"))
        .map(|manifest| {
            manifest
                .lines()
                .any(|line| line.replace(' ', "") == "name=\"parlings\"")
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_project_this_runner_was_built_in_is_found() {
        let project = Project::at(Path::new(env!("CARGO_MANIFEST_DIR")));
        assert!(is_parlings(project.root()));
        assert!(!is_parlings(&project.path("src")));
    }
}
