//! The table of Rust beside Python: one row per measurement, each side's figures in a cell.

use super::{Companion, Comparison, Figure};
use crate::lesson::wrap;
use crate::measure::{Cell, Grid, cores_label, fmt_duration, speedup};
use colored::Colorize;
use std::fmt::Write as _;
use std::time::Duration;

impl Comparison {
    /// The table of both sides, given what the companion did.
    pub fn render(&self, companion: &Companion) -> String {
        let python = companion
            .python
            .as_deref()
            .map_or(String::new(), |v| format!(" · {v}"));
        let mut out = format!(
            "  {} {}\n",
            self.title.bold(),
            format!("· {}{python}", cores_label()).dimmed()
        );
        if let Some(problem) = &companion.problem {
            let _ = writeln!(out, "{}", wrap(problem, "  ").yellow());
        }
        let theirs = &companion.figures;
        let mut grid = Grid::new(["work", "Rust", "Python", "Python\n÷ Rust"]);
        let mut last_what = None;
        for (i, mine) in self.rust.iter().enumerate() {
            if i > 0 {
                grid.row(Vec::new()); // a blank line between rows of several lines each
            }
            let other = theirs.iter().find(|f| f.key == mine.key);
            let what = (last_what != Some(&mine.what)).then(|| mine.what.clone());
            last_what = Some(&mine.what);
            grid.row(vec![
                Cell::text(narrow(&what.unwrap_or_default(), 20)),
                Cell::text(cell(mine, &self.rust)),
                Cell::text(other.map_or("—".to_string(), |f| cell(f, theirs))),
                Cell::num(ratio(other, mine)),
            ]);
        }
        for extra in theirs
            .iter()
            .filter(|f| !self.rust.iter().any(|m| m.key == f.key))
        {
            grid.row(Vec::new());
            grid.row(vec![
                Cell::text(narrow(&extra.what, 20)),
                Cell::text("—"),
                Cell::text(cell(extra, theirs)),
                Cell::num(""),
            ]);
        }
        out.push_str(&grid.render());
        let command = format!(
            "python3 {}{}",
            self.script.display(),
            self.args.iter().fold(String::new(), |s, a| s + " " + a)
        );
        let mut footer = vec![if companion.figures.is_empty() {
            format!("Only the Rust side ran; the Python side would have run as `{command}`.")
        } else {
            format!(
                "Both sides ran the batch above in this run: Rust in this process, Python as \
                 `{command}`. Speed-ups (×) are against each side's own first row of that \
                 work; \"Python ÷ Rust\" is how many times longer Python took."
            )
        }];
        footer.push(self.digests(companion));
        footer.extend(companion.notes.iter().cloned());
        footer.extend(self.notes.iter().cloned());
        for line in footer.iter().filter(|l| !l.is_empty()) {
            let _ = writeln!(out, "{}", wrap(line, "  ").dimmed());
        }
        out
    }

    /// Whether both sides' results agree, in words.
    fn digests(&self, companion: &Companion) -> String {
        match (&self.digest, &companion.digest) {
            (Some(mine), Some(theirs)) if mine == theirs => {
                format!("Same results on both sides ({mine}).")
            }
            (Some(mine), Some(theirs)) => {
                format!("The results DIFFER: Rust {mine}, Python {theirs}. One side has a bug.")
            }
            (Some(mine), None) if companion.ran() => {
                format!("Rust's results: {mine}; the companion reported none to compare.")
            }
            _ => String::new(),
        }
    }
}

/// A side's cell: how it ran, then its time, speed-up and value.
fn cell(figure: &Figure, side: &[Figure]) -> String {
    let mut figures = Vec::new();
    if let Some(seconds) = figure.seconds {
        figures.push(fmt_duration(Duration::from_secs_f64(seconds.max(0.0))));
        let base = figure.baseline.as_deref().filter(|b| *b != figure.key);
        let base = base.and_then(|b| side.iter().find(|f| f.key == b)?.seconds);
        if let Some(base) = base {
            let gain = speedup(secs(base), secs(seconds));
            figures.push(format!("{gain:.2}×"));
        }
    }
    figures.extend(figure.value.clone());
    let how = narrow(&figure.how, 30);
    if figures.is_empty() {
        how
    } else {
        format!("{how}\n{}", narrow(&figures.join(" · "), 30))
    }
}

/// How many times longer Python's row took than Rust's, e.g. "85×".
fn ratio(python: Option<&Figure>, rust: &Figure) -> String {
    let (Some(p), Some(r)) = (python.and_then(|f| f.seconds), rust.seconds) else {
        return String::new();
    };
    match speedup(secs(p), secs(r)) {
        x if x >= 10.0 => format!("{x:.0}×"),
        x => format!("{x:.1}×"),
    }
}

/// `text` in lines of at most `width` characters (a longer word keeps its own line).
fn narrow(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_string()),
        }
    }
    lines.join("\n")
}

fn secs(seconds: f64) -> Duration {
    Duration::from_secs_f64(seconds.max(1e-9))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comparison() -> Comparison {
        let mut c = Comparison::new("lesson9", "A batch");
        c.arg("tasks", 8).digest("40 primes");
        c.rust(Figure::new("loop", "CPU", "a loop").took(Duration::from_millis(10)));
        c.rust(
            Figure::new("pool", "CPU", "a pool")
                .took(Duration::from_millis(5))
                .against("loop"),
        );
        c
    }

    #[test]
    fn both_sides_share_one_table() {
        colored::control::set_override(false);
        let c = comparison();
        assert_eq!(c.args(), ["--tasks", "8"]);
        let companion = Companion {
            python: Some("Python 3.12".into()),
            figures: vec![
                Figure::new("loop", "", "a for loop").took(Duration::from_secs(1)),
                Figure::new("pool", "", "Pool(2).map")
                    .took(Duration::from_millis(500))
                    .against("loop"),
            ],
            digest: Some("40 primes".into()),
            ..Companion::default()
        };
        let text = c.render(&companion);
        assert!(text.contains("Pool(2).map"), "{text}");
        assert!(text.contains("2.00×"), "{text}");
        assert!(text.contains("100×"), "{text}");
        assert!(text.contains("Same results on both sides"), "{text}");
    }

    #[test]
    fn a_missing_side_is_said_not_hidden() {
        colored::control::set_override(false);
        let companion = Companion {
            problem: Some("python3 not found: skipping the Python side.".into()),
            ..Companion::default()
        };
        let text = comparison().render(&companion);
        assert!(text.contains("python3 not found"), "{text}");
        assert!(text.contains("a pool"), "{text}");
        let differ = Companion {
            digest: Some("41 primes".into()),
            python: Some("Python 3".into()),
            ..Companion::default()
        };
        assert!(comparison().render(&differ).contains("DIFFER"));
    }
}
