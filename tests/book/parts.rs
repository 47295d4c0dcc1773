//! The book's parts that are generated from the catalog (src/catalog.rs).

use parlings::catalog::{self, EXERCISES, Exercise, LESSONS};
use std::fmt::Write as _;

/// The lessons and their exercises, linked to their chapters and pages (introduction.md).
pub fn lesson_table() -> String {
    let mut out = String::from(
        "| lesson | chapter | run it | article step | exercises |\n|---|---|---|---|---|\n",
    );
    for lesson in LESSONS {
        let exercises: Vec<String> = catalog::exercises_of(lesson)
            .map(|e| format!("[{}](exercises/{}.md) {}", e.stem, e.stem, e.title))
            .collect();
        let exercises = match exercises.is_empty() {
            true => "—".to_string(),
            false => exercises.join("<br>"),
        };
        let _ = writeln!(
            out,
            "| {} | [{}]({}.md) | `cargo run --bin {}` | {} | {exercises} |",
            lesson.number, lesson.title, lesson.bin, lesson.bin, lesson.article_step
        );
    }
    out
}

/// Every exercise, with its lesson and its check (exercises/README.md).
pub fn exercise_table() -> String {
    let mut out =
        String::from("| exercise | what it practises | lesson | check it |\n|---|---|---|---|\n");
    for e in EXERCISES {
        let _ = writeln!(
            out,
            "| [{}]({}.md) | {} | [{}](../lesson{}.md) | `cargo run -- check {}` |",
            e.stem, e.stem, e.title, e.lesson, e.lesson, e.id
        );
    }
    out
}

/// An exercise page's title, lesson, file and commands.
pub fn exercise_header(e: &Exercise) -> String {
    let lesson = LESSONS
        .iter()
        .find(|l| l.number == e.lesson)
        .expect("the catalog is consistent");
    format!(
        "# {}: {}\n\n\
         Practises [lesson {}: {}](../{}.md) · the article's step {} · you edit \
         `{}`\n\n\
         ```sh\n\
         cargo run -- check {id}            # the verdict: what was expected, what happened\n\
         cargo test --test {}   # the same check, straight from cargo\n\
         cargo run -- hint {id}             # the hints below, one level at a time\n\
         ```\n",
        e.stem,
        e.title,
        lesson.number,
        lesson.title,
        lesson.bin,
        e.article_step,
        e.file(),
        e.test_target(),
        id = e.id,
    )
}

/// An exercise's three hints, each folded until opened.
pub fn hints(e: &Exercise) -> String {
    let levels = ["the idea", "the tool", "the shape of a solution"];
    let mut out = String::from("## Hints\n\n");
    for (i, (hint, level)) in e.hints.iter().zip(levels).enumerate() {
        let _ = write!(
            out,
            "<details class=\"hint\"><summary>Hint {}: {level}</summary>\n\n{hint}\n\n</details>\n\n",
            i + 1
        );
    }
    out
}
