//! The lesson UI every lesson shares: its command line, banner, step headings, pauses,
//! timelines, the pointer to its exercises and the comparison with the Python version.
//!
//! Every lesson takes `[--yes] [--quick] [--compare-python]`; a lesson may add its own
//! arguments with [`Lesson::start_with`]. Pauses happen only at a terminal and never with
//! `--yes`, so a lesson piped into a file or run by CI goes straight through.

use crate::catalog;
use crate::compare::Comparison;
use crate::measure::{self, fmt_duration};
use crate::timeline::Timeline;
use crate::workloads::Size;
use clap::{Arg, ArgAction, ArgMatches, Command};
use colored::Colorize;
use std::io::{self, IsTerminal};
use std::path::Path;
use std::time::Instant;

/// How wide a lesson's text is, in characters.
pub const TEXT_WIDTH: usize = 92;
/// How wide a drawn timeline is, in cells.
pub const TIMELINE_WIDTH: usize = 64;

/// A running lesson: its catalog entry, its options, and where it is in its steps.
#[derive(Debug)]
pub struct Lesson {
    info: &'static catalog::Lesson,
    size: Size,
    pauses: bool,
    compare_python: bool,
    comparison: Option<anyhow::Result<Comparison>>,
    steps: usize,
    step: usize,
    started: Instant,
}

/// The command line every lesson shares.
fn command(info: &catalog::Lesson) -> Command {
    let flag = |name: &'static str, help: &'static str| {
        Arg::new(name)
            .long(name)
            .action(ArgAction::SetTrue)
            .help(help)
    };
    Command::new(info.bin)
        .about(format!("Lesson {}: {}", info.number, info.title))
        .after_help("Without a terminal on stdin the lesson runs straight through, as with --yes.")
        .arg(flag(
            "yes",
            "Run straight through, without pausing between steps",
        ))
        .arg(flag("quick", "Use small sizes: finishes in seconds"))
        .arg(flag(
            "compare-python",
            "Also time the Python version from lessons/python/",
        ))
}

impl Lesson {
    /// Reads the command line of lesson `number`, which has `steps` steps, and prints its banner.
    pub fn start(number: u8, steps: usize) -> Lesson {
        Lesson::start_with(number, steps, |cmd| cmd).0
    }

    /// Like [`Lesson::start`], with the lesson's own arguments added; returns their matches too.
    pub fn start_with(
        number: u8,
        steps: usize,
        extend: impl FnOnce(Command) -> Command,
    ) -> (Lesson, ArgMatches) {
        let info = catalog::find_lesson(&number.to_string())
            .unwrap_or_else(|| panic!("lesson {number} is missing from the catalog"));
        // clap prints the usage and exits with 2 on a bad flag, and with 0 after --help.
        let matches = extend(command(info)).get_matches();
        // dialoguer draws its prompt on stderr, so both must be a terminal for a pause to work.
        let terminal = io::stdin().is_terminal() && io::stderr().is_terminal();
        let lesson = Lesson {
            info,
            size: Size::from_quick(matches.get_flag("quick")),
            pauses: terminal && !matches.get_flag("yes"),
            compare_python: matches.get_flag("compare-python"),
            comparison: None,
            steps,
            step: 0,
            started: Instant::now(),
        };
        lesson.banner();
        (lesson, matches)
    }

    /// The lesson's entry in the catalog.
    pub fn info(&self) -> &'static catalog::Lesson {
        self.info
    }

    /// The workload size: quick with `--quick`, full otherwise.
    pub fn size(&self) -> Size {
        self.size
    }

    /// True if the lesson pauses between steps.
    pub fn pauses(&self) -> bool {
        self.pauses
    }

    fn banner(&self) {
        let title = format!("Lesson {}: {}", self.info.number, self.info.title);
        println!("\n{}", title.bold().cyan());
        let build = if cfg!(debug_assertions) {
            "debug build"
        } else {
            "release build"
        };
        let pacing = if self.pauses {
            "pauses between steps (--yes runs straight through)"
        } else {
            "runs straight through"
        };
        let line = format!(
            "article step {} · {} · {build} · {} sizes · {pacing}",
            self.info.article_step,
            measure::cores_label(),
            self.size.name(),
        );
        println!("{}", wrap(&line, "").dimmed());
        if let Some(busy) = measure::busy_note() {
            println!("{}", wrap(&busy, "").yellow());
        }
    }

    /// Starts the next step: pauses after the previous one, prints its heading and what the
    /// teacher says.
    pub fn step(&mut self, title: &str, says: &str) {
        if self.step > 0 {
            self.pause();
        }
        self.step += 1;
        let heading = format!("Step {}/{}: {title}", self.step, self.steps);
        println!("\n{}", heading.bold().cyan());
        println!("{}", "─".repeat(heading.chars().count()).cyan());
        self.say(says);
    }

    /// Prints text wrapped to the lesson's width.
    pub fn say(&self, text: &str) {
        println!("{}", wrap(text, ""));
    }

    /// Prints one point of a list: a bullet, the text wrapped under it.
    pub fn bullet(&self, text: &str) {
        let wrapped = wrap(text, "    ");
        println!("  •{}", wrapped.get(3..).unwrap_or_default());
    }

    /// Prints a remark in a quieter colour: what a figure means, where it comes from.
    pub fn note(&self, text: &str) {
        println!("{}", wrap(text, "  ").dimmed());
    }

    /// Prints code (or a compiler's message) indented, behind a gutter.
    pub fn code(&self, code: &str) {
        for line in code.trim_end().lines() {
            println!("    {} {line}", "│".dimmed());
        }
    }

    /// Draws a timeline: one row per thread, time running left to right.
    pub fn show_timeline(&self, timeline: &Timeline) {
        print!("{}", timeline.render(TIMELINE_WIDTH));
    }

    /// Waits for Enter at a terminal; does nothing with `--yes` or without a terminal.
    pub fn pause(&mut self) {
        if !self.pauses {
            return;
        }
        let answer = dialoguer::Input::<String>::new()
            .with_prompt("Press Enter for the next step")
            .allow_empty(true)
            .report(false)
            .interact_text();
        if answer.is_err() {
            // The terminal went away (or refused): never wait again.
            self.pauses = false;
        }
    }

    /// Points to the exercises that practise this lesson, with the commands that check them.
    pub fn point_to_exercises(&self) {
        for exercise in catalog::exercises_of(self.info) {
            println!(
                "  {} {}",
                format!("Exercise {}:", exercise.stem).bold(),
                exercise.title
            );
            println!("    edit   {}", exercise.file());
            println!("    check  cargo run -- check {}", exercise.id);
            println!("    hint   cargo run -- hint {}", exercise.id);
        }
    }

    /// Ends the lesson: the Python comparison if asked for, the total time and what comes next.
    pub fn finish(mut self) {
        debug_assert_eq!(
            self.step, self.steps,
            "the lesson announced the wrong number of steps"
        );
        if self.compare_python {
            self.pause();
            println!("\n{}", "Rust beside Python".bold().cyan());
            self.compare_python();
        }
        let took = fmt_duration(self.started.elapsed());
        let done = format!(
            "\nLesson {} done in {took}; every figure above was measured in this run.",
            self.info.number
        );
        println!("{}", done.bold());
        if let Some(next) = catalog::find_lesson(&(self.info.number + 1).to_string()) {
            println!("Next: cargo run --bin {}   ({})", next.bin, next.title);
        }
    }

    /// True if the lesson was asked to compare itself with its Python companion.
    pub fn comparing_python(&self) -> bool {
        self.compare_python
    }

    /// With `--compare-python`, times the Rust side now (`build` measures it and says which
    /// batch the companion must run); [`Lesson::finish`] then runs the companion on the same
    /// batch and prints both in one table. Without the flag, `build` never runs.
    pub fn compare_with_python(&mut self, build: impl FnOnce() -> anyhow::Result<Comparison>) {
        if self.compare_python {
            self.comparison = Some(build());
        }
    }

    /// Prints the table of Rust beside Python, or says plainly why there is none.
    fn compare_python(&mut self) {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let relative = format!("lessons/python/{}.py", self.info.bin);
        match self.comparison.take() {
            Some(Ok(comparison)) => print!("{}", comparison.run(root, self.size == Size::Quick)),
            Some(Err(err)) => self.say(&format!("The Rust side could not be timed: {err:#}.")),
            None if root.join(&relative).is_file() => self.say(&format!(
                "This lesson does not time its Python companion side by side yet; run it \
                 alone: python3 {relative} --quick"
            )),
            None => self.say(&format!(
                "Lesson {} has no Python companion: the article's Python has no counterpart \
                 for it.",
                self.info.number
            )),
        }
    }
}

/// Wraps each line of `text` at [`TEXT_WIDTH`], prefixing every output line with `indent`.
pub(crate) fn wrap(text: &str, indent: &str) -> String {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut current = String::from(indent);
        for word in line.split_whitespace() {
            let fits = current.chars().count() + 1 + word.chars().count() <= TEXT_WIDTH;
            if current.len() > indent.len() && !fits {
                out.push(std::mem::replace(&mut current, String::from(indent)));
            }
            if current.len() > indent.len() {
                current.push(' ');
            }
            current.push_str(word);
        }
        out.push(current);
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_lines_short_and_words_whole() {
        let text = "word ".repeat(60);
        let wrapped = wrap(&text, "  ");
        assert!(wrapped.lines().count() > 1);
        assert!(wrapped.lines().all(|l| l.chars().count() <= TEXT_WIDTH));
        assert!(wrapped.lines().all(|l| l.starts_with("  word")));
        assert_eq!(wrap("a\n\nb", ""), "a\n\nb");
    }

    #[test]
    fn the_command_line_accepts_the_shared_flags() {
        let info = catalog::find_lesson("1").expect("lesson 1 is in the catalog");
        let matches = command(info)
            .try_get_matches_from(["lesson1", "--yes", "--quick", "--compare-python"])
            .expect("the shared flags parse");
        assert!(matches.get_flag("yes") && matches.get_flag("quick"));
        let err = command(info).try_get_matches_from(["lesson1", "--nope"]);
        assert_eq!(err.map(|_| ()).map_err(|e| e.exit_code()), Err(2));
    }
}
