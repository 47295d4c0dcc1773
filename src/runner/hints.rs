//! Hints in three levels: the idea, then the tool, then the shape (never the code).

use super::show::name;
use colored::Colorize;
use parlings::catalog::Exercise;
use std::fmt::Write as _;

/// What each hint level gives.
const HINT_LEVELS: [&str; 3] = ["the idea", "the tool", "the shape of a solution"];

/// One level of an exercise's hints: its title and text.
pub fn hint_body(exercise: &Exercise, level: usize) -> String {
    let level = level.clamp(1, 3);
    let mut out = format!(
        "{} {}",
        format!("Hint {level} of 3 for {}", name(exercise)).bold(),
        format!("({})", HINT_LEVELS[level - 1]).dimmed()
    );
    for line in wrap(exercise.hints[level - 1], 88) {
        let _ = write!(out, "\n  {line}");
    }
    out
}

/// One level of an exercise's hints, and how to get the next.
pub fn hint(exercise: &Exercise, level: usize) -> String {
    let level = level.clamp(1, 3);
    let mut out = hint_body(exercise, level);
    if level < 3 {
        let _ = write!(
            out,
            "\nStill stuck? `cargo run -- hint {} {}` names {}.",
            exercise.id,
            level + 1,
            HINT_LEVELS[level]
        );
    } else {
        let _ = write!(out, "\nThat is the last hint: the code is yours to write.");
    }
    out
}

/// Wraps `text` at word boundaries to lines of at most `width` characters.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use parlings::catalog::EXERCISES;

    #[test]
    fn wrapping_keeps_every_word_and_the_width() {
        let text = "one two three four five six seven eight nine ten";
        let lines = wrap(text, 10);
        assert!(lines.iter().all(|l| l.chars().count() <= 10), "{lines:?}");
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn hints_point_at_the_next_level_and_stop_at_three() {
        let e = &EXERCISES[0];
        assert!(hint(e, 1).contains(&format!("cargo run -- hint {} 2", e.id)));
        assert!(hint(e, 2).contains(&format!("cargo run -- hint {} 3", e.id)));
        assert!(hint(e, 3).contains("last hint"));
        assert!(hint(e, 3).contains("Hint 3 of 3"));
    }
}
