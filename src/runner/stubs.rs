//! The pristine, unsolved copy of every exercise, built into the runner for `reset`.
//!
//! The learner edits `exercises/`, so the originals cannot be read from there. A maintainer
//! who changes an exercise's stub updates its copy in `src/runner/stubs/` too (the script
//! `tests/runner_stubs.sh` does it); a test run with `PARLINGS_MAINTAINER=1` (CI sets it) fails
//! until both match byte for byte.

/// `stub!("e01_io_bound")`: the stem and its file in `src/runner/stubs/`, built in.
macro_rules! stub {
    ($stem:literal) => {
        ($stem, include_str!(concat!("stubs/", $stem, ".rs")))
    };
}

/// Each exercise's stem and its unsolved stub; adding an exercise adds one line here.
const STUBS: &[(&str, &str)] = &[
    stub!("e01_io_bound"),
    stub!("e02_pool_map"),
    stub!("e03_read_only"),
    stub!("e04_word_count"),
    stub!("e05_pipeline"),
    stub!("e06_catch_errors"),
    stub!("e07_deadline"),
    stub!("e08_worker_pool"),
    stub!("e09_process_pool"),
];

/// The unsolved stub of the exercise with this stem, if the runner has one.
pub fn stub(stem: &str) -> Option<&'static str> {
    STUBS
        .iter()
        .find(|(s, _)| *s == stem)
        .map(|(_, text)| *text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use parlings::catalog::EXERCISES;
    use std::path::Path;

    #[test]
    fn every_exercise_has_a_pristine_stub() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        // An exercise whose file is not written yet is the catalog's own test's business.
        for e in EXERCISES.iter().filter(|e| root.join(e.file()).is_file()) {
            assert!(
                stub(e.stem).is_some(),
                "no pristine stub for {}: run tests/runner_stubs.sh (it copies exercises/{}.rs \
                 to src/runner/stubs/ and names the line to add to STUBS in src/runner/stubs.rs)",
                e.id,
                e.stem
            );
        }
        for (stem, _) in STUBS {
            assert!(
                EXERCISES.iter().any(|e| e.stem == *stem),
                "{stem} is not in the catalog"
            );
        }
    }

    #[test]
    fn every_stub_matches_its_exercise_for_maintainers() {
        if std::env::var("PARLINGS_MAINTAINER").as_deref() != Ok("1") {
            return;
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for (stem, text) in STUBS {
            let file = root.join(format!("exercises/{stem}.rs"));
            let shipped = std::fs::read_to_string(&file).unwrap_or_default();
            assert!(
                shipped == *text,
                "exercises/{stem}.rs and src/runner/stubs/{stem}.rs differ: the shipped exercise \
                 and the runner's pristine copy (used by `reset`) must be the same file. Update \
                 both (tests/runner_stubs.sh copies them)."
            );
        }
    }
}
