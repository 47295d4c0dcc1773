//! Small text helpers for reading cargo's output: colour codes out, paths tidied.

/// `text` without ANSI escape sequences (colours, cursor moves, hyperlinks).
pub fn strip_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\x1b' {
            out.push(c);
            continue;
        }
        match chars.next() {
            // CSI: parameters, then one final byte in '@'..='~'.
            Some('[') => {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            // OSC (e.g. a hyperlink): up to BEL or ESC '\'.
            Some(']') => {
                while let Some(c) = chars.next() {
                    if c == '\x07' {
                        break;
                    }
                    if c == '\x1b' {
                        chars.next_if_eq(&'\\');
                        break;
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Paths as the learner knows them: `tests/../exercises/x.rs` becomes `exercises/x.rs`.
pub fn tidy_paths(text: &str) -> String {
    text.replace("tests/../exercises/", "exercises/")
        .replace("tests/../solutions/", "solutions/")
}

/// `text` with runs of blank lines squeezed to one and blank lines at both ends removed.
pub fn squeeze_blank_lines(text: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    for line in text.lines() {
        let blank = strip_ansi(line).trim().is_empty();
        if blank
            && out
                .last()
                .is_none_or(|last| strip_ansi(last).trim().is_empty())
        {
            continue;
        }
        out.push(line);
    }
    while out
        .last()
        .is_some_and(|last| strip_ansi(last).trim().is_empty())
    {
        out.pop();
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_and_links_are_stripped() {
        assert_eq!(strip_ansi("\x1b[1m\x1b[31merror\x1b[0m: x"), "error: x");
        assert_eq!(strip_ansi("a\x1b]8;;file:///x\x1b\\b\x1b]8;;\x07c"), "abc");
        assert_eq!(strip_ansi("┌─ parlings"), "┌─ parlings");
    }

    #[test]
    fn exercise_paths_are_tidied() {
        assert_eq!(
            tidy_paths(" --> tests/../exercises/e01_io_bound.rs:4:21"),
            " --> exercises/e01_io_bound.rs:4:21"
        );
    }

    #[test]
    fn blank_runs_are_squeezed() {
        assert_eq!(squeeze_blank_lines("\n\na\n\n\nb\n\n"), "a\n\nb");
    }
}
