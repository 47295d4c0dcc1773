//! The command line: subcommands, their arguments, and turning ids into catalog entries.

use super::UsageError;
use anyhow::Result;
use clap::{Arg, ArgMatches, Command};
use parlings::catalog::{self, Exercise, Lesson};

/// What the learner asked the runner to do.
#[derive(Debug)]
pub enum Action {
    /// No subcommand: the menu at a terminal, else the list and the commands.
    Menu,
    /// Every lesson and exercise with its state.
    List,
    /// Check one exercise, or every one.
    Check(Option<&'static Exercise>),
    /// One level of an exercise's hints.
    Hint(&'static Exercise, usize),
    /// Re-check on save, starting at an exercise or the next unfinished one.
    Watch(Option<&'static Exercise>),
    /// Restore an exercise's unsolved stub, keeping a backup.
    Reset(&'static Exercise),
    /// Name the next unfinished exercise.
    Next,
    /// Run a lesson with extra arguments.
    Lesson(&'static Lesson, Vec<String>),
    /// The progress line and each exercise's state.
    Progress,
}

/// The clap definition of the runner's command line.
pub fn command() -> Command {
    let id = || {
        Arg::new("id")
            .value_name("ID")
            .required(true)
            .help("e05, 5, e05_pipeline or pipeline")
    };
    Command::new("parlings")
        .about("The parlings course runner: run measured lessons, check exercises, get hints.")
        .long_about(
            "The parlings course runner.\n\nWith no command at a terminal, opens the menu \
             (arrow keys and Enter; Esc or q goes back). Without a terminal, or with CI set, \
             prints the list and these commands.",
        )
        .subcommand(Command::new("list").about("List lessons and exercises with their state"))
        .subcommand(
            Command::new("check")
                .about("Check an exercise (or all): run its test target and show the verdict")
                .arg(id().value_name("ID|all").help("an exercise id, or `all`")),
        )
        .subcommand(
            Command::new("hint")
                .about("Show a hint: 1 names the idea, 2 the tool, 3 the shape (never the code)")
                .arg(id())
                .arg(
                    Arg::new("level")
                        .value_name("LEVEL")
                        .value_parser(clap::value_parser!(u8).range(1..=3))
                        .help("1, 2 or 3 (default 1)"),
                ),
        )
        .subcommand(
            Command::new("watch")
                .about("Re-check on every save; move on when an exercise turns green")
                .arg(
                    id().required(false)
                        .help("where to start (default: the next unfinished)"),
                ),
        )
        .subcommand(
            Command::new("reset")
                .about("Restore the unsolved stub; your file is saved beside it first")
                .arg(id()),
        )
        .subcommand(Command::new("next").about("Show the next unfinished exercise"))
        .subcommand(
            Command::new("lesson")
                .about("Run lesson N: cargo run --bin lessonN -- [ARGS]")
                .arg(Arg::new("number").value_name("N").required(true))
                .arg(
                    Arg::new("args")
                        .value_name("ARGS")
                        .num_args(0..)
                        .trailing_var_arg(true)
                        .allow_hyphen_values(true)
                        .help("passed to the lesson: --yes, --quick, --compare-python"),
                ),
        )
        .subcommand(Command::new("progress").about("Show how many exercises are done"))
        .after_help(
            "An exercise is named by its id, number, file stem or name: e01, 1, e01_io_bound \
             and io_bound are the same.",
        )
}

/// Parses the process's arguments (clap prints help or a usage error and exits by itself).
pub fn parse() -> Result<Action> {
    action(&command().get_matches())
}

/// Turns parsed arguments into an action, resolving ids against the catalog.
pub fn action(matches: &ArgMatches) -> Result<Action> {
    let id = |m: &ArgMatches| -> Result<&'static Exercise> {
        exercise(m.get_one::<String>("id").map_or("", String::as_str))
    };
    Ok(match matches.subcommand() {
        None => Action::Menu,
        Some(("list", _)) => Action::List,
        Some(("check", m)) => match m.get_one::<String>("id").map(|s| s.trim()) {
            Some(all) if all.eq_ignore_ascii_case("all") => Action::Check(None),
            _ => Action::Check(Some(id(m)?)),
        },
        Some(("hint", m)) => Action::Hint(
            id(m)?,
            m.get_one::<u8>("level").map_or(1, |&l| usize::from(l)),
        ),
        Some(("watch", m)) => match m.get_one::<String>("id") {
            Some(_) => Action::Watch(Some(id(m)?)),
            None => Action::Watch(None),
        },
        Some(("reset", m)) => Action::Reset(id(m)?),
        Some(("next", _)) => Action::Next,
        Some(("lesson", m)) => {
            let number = m.get_one::<String>("number").map_or("", String::as_str);
            let args = m
                .get_many::<String>("args")
                .map(|a| a.cloned().collect())
                .unwrap_or_default();
            Action::Lesson(lesson(number)?, args)
        }
        Some(("progress", _)) => Action::Progress,
        Some((other, _)) => unreachable!("clap accepted an undeclared subcommand {other}"),
    })
}

/// The exercise `query` names, or a usage error listing the valid ids.
pub fn exercise(query: &str) -> Result<&'static Exercise> {
    catalog::find_exercise(query).ok_or_else(|| {
        UsageError(format!(
            "unknown exercise `{query}`. Valid ids: {} (a number such as 1, or a name such as \
             io_bound, works too).",
            catalog::exercise_ids()
        ))
        .into()
    })
}

/// The lesson `query` names, or a usage error listing the valid numbers.
pub fn lesson(query: &str) -> Result<&'static Lesson> {
    catalog::find_lesson(query).ok_or_else(|| {
        UsageError(format!(
            "unknown lesson `{query}`. Valid lessons: {}.",
            catalog::lesson_numbers()
        ))
        .into()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_args(args: &[&str]) -> Result<Action> {
        let matches = command()
            .try_get_matches_from(std::iter::once("parlings").chain(args.iter().copied()))?;
        action(&matches)
    }

    #[test]
    fn the_definition_is_valid() {
        command().debug_assert();
    }

    #[test]
    fn every_form_of_an_id_names_the_same_exercise() {
        for query in [
            "e01",
            "1",
            "01",
            "e01_io_bound",
            "io_bound",
            "E01",
            "exercises/e01_io_bound.rs",
        ] {
            match parse_args(&["check", query]).expect(query) {
                Action::Check(Some(e)) => assert_eq!(e.id, "e01", "{query}"),
                other => panic!("{query}: {other:?}"),
            }
        }
        assert!(matches!(
            parse_args(&["check", "all"]),
            Ok(Action::Check(None))
        ));
        assert!(matches!(
            parse_args(&["check", "ALL"]),
            Ok(Action::Check(None))
        ));
    }

    #[test]
    fn an_unknown_id_is_a_usage_error_listing_the_ids() {
        for args in [
            &["check", "e99"][..],
            &["hint", "nope"],
            &["reset", "0"],
            &["watch", "x"],
        ] {
            let error = parse_args(args).expect_err("unknown id");
            let usage = error.downcast_ref::<UsageError>().expect("a usage error");
            assert!(usage.0.contains(&catalog::exercise_ids()), "{usage}");
        }
    }

    #[test]
    fn lessons_take_their_arguments_through() {
        match parse_args(&["lesson", "1", "--quick", "--yes"]).expect("lesson 1") {
            Action::Lesson(l, args) => {
                assert_eq!(l.number, 1);
                assert_eq!(args, ["--quick", "--yes"]);
            }
            other => panic!("{other:?}"),
        }
        match parse_args(&["lesson", "2", "--", "--compare-python"]).expect("lesson 2") {
            Action::Lesson(_, args) => assert_eq!(args, ["--compare-python"]),
            other => panic!("{other:?}"),
        }
        let error = parse_args(&["lesson", "99"]).expect_err("no lesson 99");
        let usage = error.downcast_ref::<UsageError>().expect("a usage error");
        assert!(usage.0.contains(&catalog::lesson_numbers()));
    }

    #[test]
    fn hint_levels_are_one_to_three() {
        assert!(matches!(
            parse_args(&["hint", "e01"]),
            Ok(Action::Hint(_, 1))
        ));
        assert!(matches!(
            parse_args(&["hint", "e01", "3"]),
            Ok(Action::Hint(_, 3))
        ));
        assert!(parse_args(&["hint", "e01", "4"]).is_err());
    }

    #[test]
    fn no_command_is_the_menu() {
        assert!(matches!(parse_args(&[]), Ok(Action::Menu)));
    }
}
