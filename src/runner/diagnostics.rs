//! Reads cargo's stderr: rustc's diagnostics, without cargo's own status lines.

use super::text::{strip_ansi, tidy_paths};

/// One diagnostic from rustc: an error or a warning, with its source excerpt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// True for an error, false for a warning.
    pub is_error: bool,
    /// The first line without colour, e.g. "warning: unused variable: `urls`".
    pub headline: String,
    /// Where it points, e.g. "exercises/e01_io_bound.rs:4:21".
    pub location: Option<String>,
    /// The whole diagnostic as rustc printed it (colours kept, paths tidied).
    pub text: String,
}

impl Diagnostic {
    /// The headline and location on one line, e.g. "unused variable: `urls` (exercises/…:4:21)".
    pub fn one_line(&self) -> String {
        let message = self
            .headline
            .split_once(": ")
            .map_or(self.headline.as_str(), |(_, m)| m);
        match &self.location {
            Some(at) => format!("{message} ({at})"),
            None => message.to_string(),
        }
    }
}

/// True for cargo's status lines: "   Compiling x", "    Finished …", "     Running …".
pub fn is_status_line(plain: &str) -> bool {
    const VERBS: &[&str] = &[
        "Compiling",
        "Checking",
        "Finished",
        "Running",
        "Blocking",
        "Downloading",
        "Downloaded",
        "Updating",
        "Locking",
        "Adding",
        "Fresh",
        "Building",
        "Doc-tests",
        "Executable",
    ];
    let trimmed = plain.trim_start();
    plain.len() > trimmed.len()
        && VERBS.iter().any(|verb| {
            trimmed
                .strip_prefix(verb)
                .is_some_and(|rest| rest.starts_with(' '))
        })
}

/// True for cargo's own summary lines, which repeat what the diagnostics already say.
fn is_cargo_summary(plain: &str) -> bool {
    const SUMMARIES: &[&str] = &[
        "error: could not compile",
        "error: test failed, to rerun pass",
        "error: failed to run",
        "warning: build failed, waiting for other jobs",
        "warning: `",
    ];
    SUMMARIES.iter().any(|s| plain.starts_with(s))
}

/// Splits cargo's stderr into rustc's diagnostics, dropping status and summary lines.
pub fn split(stderr: &str) -> Vec<Diagnostic> {
    let mut out: Vec<Diagnostic> = Vec::new();
    let mut current: Option<(Diagnostic, Vec<String>)> = None;
    let mut finish = |current: &mut Option<(Diagnostic, Vec<String>)>| {
        if let Some((mut diagnostic, lines)) = current.take() {
            diagnostic.text = tidy_paths(lines.join("\n").trim_end());
            out.push(diagnostic);
        }
    };
    let mut skipping = false;
    for line in stderr.lines() {
        let plain = strip_ansi(line);
        if is_status_line(&plain) {
            finish(&mut current);
            skipping = false;
            continue;
        }
        let is_error = plain.starts_with("error[") || plain.starts_with("error:");
        let is_warning = plain.starts_with("warning[") || plain.starts_with("warning:");
        if is_error || is_warning {
            finish(&mut current);
            skipping = is_cargo_summary(&plain);
            if !skipping {
                let diagnostic = Diagnostic {
                    is_error,
                    headline: plain.trim_end().to_string(),
                    location: None,
                    text: String::new(),
                };
                current = Some((diagnostic, vec![line.to_string()]));
            }
            continue;
        }
        if skipping {
            continue;
        }
        if let Some((diagnostic, lines)) = current.as_mut() {
            if diagnostic.location.is_none() {
                if let Some(at) = plain.trim_start().strip_prefix("--> ") {
                    diagnostic.location = Some(tidy_paths(at.trim()));
                }
            }
            lines.push(line.to_string());
        }
    }
    finish(&mut current);
    out
}

/// The diagnostics that point into `file` (a path from the project root).
pub fn about_file<'a>(diagnostics: &'a [Diagnostic], file: &str) -> Vec<&'a Diagnostic> {
    diagnostics
        .iter()
        .filter(|d| d.location.as_deref().is_some_and(|at| at.starts_with(file)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const STDERR: &str = "   Compiling parlings v0.1.0 (/x)
warning: unused variable: `urls`
 --> tests/../exercises/e01_io_bound.rs:4:21
  |
4 | pub fn fetch_all<F>(urls: &[String]) -> Vec<String>
  |                     ^^^^ help: prefix it with an underscore: `_urls`

\x1b[1m\x1b[31merror[E0425]\x1b[0m: cannot find value `x` in this scope
 --> tests/../exercises/e01_io_bound.rs:8:5
  |
8 |     x
  |     ^ not found in this scope

warning: `parlings` (test \"e01_io_bound\") generated 1 warning
error: could not compile `parlings` (test \"e01_io_bound\") due to 1 previous error
";

    #[test]
    fn diagnostics_are_split_and_cargo_noise_dropped() {
        let found = split(STDERR);
        assert_eq!(found.len(), 2, "{found:#?}");
        assert!(!found[0].is_error);
        assert_eq!(
            found[0].one_line(),
            "unused variable: `urls` (exercises/e01_io_bound.rs:4:21)"
        );
        assert!(found[1].is_error);
        assert_eq!(
            found[1].location.as_deref(),
            Some("exercises/e01_io_bound.rs:8:5")
        );
        assert!(found[1].text.contains("--> exercises/e01_io_bound.rs:8:5"));
        assert!(found[1].text.contains("\x1b[31m"), "colours are kept");
        assert!(!found.iter().any(|d| d.text.contains("could not compile")));
        assert_eq!(about_file(&found, "exercises/e01_io_bound.rs").len(), 2);
        assert!(about_file(&found, "exercises/e02_pool_map.rs").is_empty());
    }

    #[test]
    fn status_lines_are_recognised() {
        assert!(is_status_line("   Compiling parlings v0.1.0"));
        assert!(is_status_line(
            "     Running tests/e01_io_bound.rs (target/x)"
        ));
        assert!(!is_status_line("Compiling"));
        assert!(!is_status_line("  |     Running"));
    }
}
