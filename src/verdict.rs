//! The message a learner sees when a check fails: what was expected, what happened, the
//! learner's own timeline where it shows the fault, and the hint command.
//!
//! Every exercise check fails through [`Check`], so every failure reads the same way and the
//! runner can lift it out of cargo's output between [`BEGIN`] and [`END`].

use crate::timeline::Timeline;
use std::fmt::{Debug, Display};
use std::sync::Arc;

/// Marks the start of a check's message in test output (the runner looks for it).
pub const BEGIN: &str = "┌─ parlings check";
/// Marks the end of a check's message in test output.
pub const END: &str = "└─";

/// One check of one exercise: names the call under test and formats its failures.
#[derive(Debug, Clone)]
pub struct Check {
    exercise: String,
    call: String,
    timeline: Option<Arc<Timeline>>,
}

impl Check {
    /// A check of `exercise` (e.g. "e02") that describes the call it makes, e.g.
    /// "parallel_map(12 items, workers = 3)".
    pub fn new(exercise: &str, call: impl Into<String>) -> Check {
        Check {
            exercise: exercise.to_string(),
            call: call.into(),
            timeline: None,
        }
    }

    /// Shows this timeline of the learner's tasks in every failure.
    pub fn with_timeline(mut self, timeline: Arc<Timeline>) -> Check {
        self.timeline = Some(timeline);
        self
    }

    /// The exercise id this check belongs to.
    pub fn exercise(&self) -> &str {
        &self.exercise
    }

    /// The full failure message, as [`Check::fail`] panics with it.
    pub fn message(&self, expected: &dyn Display, got: &dyn Display) -> String {
        let mut out = format!("\n{BEGIN} {}: {}\n", self.exercise, self.call);
        out.push_str(&format!("│ expected: {}\n", indent(&expected.to_string())));
        out.push_str(&format!("│ got:      {}\n", indent(&got.to_string())));
        if let Some(timeline) = self.timeline.as_ref().filter(|t| !t.spans().is_empty()) {
            out.push_str("│ your tasks, one row per thread (time →):\n");
            for line in timeline.render(60).lines() {
                out.push_str(&format!("│ {line}\n"));
            }
        }
        out.push_str(&format!("│ hint: cargo run -- hint {}\n", self.exercise));
        out.push_str(END);
        out
    }

    /// Fails the check: panics with the formatted message.
    #[track_caller]
    pub fn fail(&self, expected: impl Display, got: impl Display) -> ! {
        panic!("{}", self.message(&expected, &got))
    }

    /// Fails unless `ok`.
    #[track_caller]
    pub fn ensure(&self, ok: bool, expected: impl Display, got: impl Display) {
        if !ok {
            self.fail(expected, got)
        }
    }

    /// Fails unless `got == expected`, naming `what` was compared.
    #[track_caller]
    pub fn ensure_eq<T: PartialEq + Debug>(&self, what: &str, expected: &T, got: &T) {
        if expected != got {
            self.fail(
                format!("{what}: {}", short_debug(expected)),
                format!("{what}: {}", short_debug(got)),
            )
        }
    }

    /// Fails unless `got` equals `expected` item by item, naming the first position that differs.
    #[track_caller]
    pub fn ensure_items<T: PartialEq + Debug>(&self, what: &str, expected: &[T], got: &[T]) {
        if expected == got {
            return;
        }
        if expected.len() != got.len() {
            self.fail(
                format!("{} {what}", expected.len()),
                format!("{} {what}: {}", got.len(), short_debug(got)),
            )
        }
        let at = expected
            .iter()
            .zip(got)
            .position(|(e, g)| e != g)
            .unwrap_or(0);
        let why = if is_permutation(expected, got) {
            "\nthe right results in another order: kept in the order they finished, not the input's?"
        } else {
            ""
        };
        self.fail(
            format!("{what}; at position {at}: {}", short_debug(&expected[at])),
            format!("at position {at}: {}{why}", short_debug(&got[at])),
        )
    }

    /// Fails unless exactly `want` calls of `noun` (e.g. "`f`") were in flight at the peak.
    #[track_caller]
    pub fn ensure_peak(&self, noun: &str, want: usize, peak: usize) {
        let calls = if want == 1 { "call" } else { "calls" };
        let expected = format!("exactly {want} {calls} of {noun} in flight at the peak");
        if peak < want {
            let got = if peak == 0 {
                format!("no call of {noun} ran at all (is `workers == 0` read as num_cpus::get()?)")
            } else if peak == 1 {
                "at most 1 call at a time: the calls ran one after another".to_string()
            } else {
                format!("at most {peak} calls at once: fewer workers than asked for")
            };
            self.fail(expected, got)
        } else if peak > want {
            self.fail(
                format!("{expected}, never more"),
                format!("{peak} calls at once: more than the {want} allowed"),
            )
        }
    }
}

/// True if `b` holds the same items as `a`, in any order.
fn is_permutation<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let mut used = vec![false; b.len()];
    a.len() == b.len()
        && a.iter().all(|x| {
            let found = (0..b.len()).find(|&i| !used[i] && b[i] == *x);
            found.map(|i| used[i] = true).is_some()
        })
}

/// Indents continuation lines so a multi-line value stays inside the message's frame.
fn indent(text: &str) -> String {
    text.replace('\n', "\n│           ")
}

/// `{:?}` of a value, cut short so a long vector does not flood the terminal.
pub fn short_debug<T: Debug + ?Sized>(value: &T) -> String {
    let full = format!("{value:?}");
    const MAX: usize = 240;
    if full.chars().count() <= MAX {
        full
    } else {
        let cut: String = full.chars().take(MAX).collect();
        format!("{cut} …")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_exercise_call_and_hint() {
        let check = Check::new("e02", "parallel_map(8 items, workers = 2)");
        let text = check.message(&"a", &"b");
        assert!(text.contains("e02: parallel_map(8 items, workers = 2)"));
        assert!(text.contains("expected: a"));
        assert!(text.contains("got:      b"));
        assert!(text.contains("hint: cargo run -- hint e02"));
        assert!(text.trim_end().ends_with(END));
    }

    #[test]
    fn peak_below_and_above_are_told_apart() {
        let check = Check::new("e02", "x");
        let low = std::panic::catch_unwind(|| check.ensure_peak("`f`", 3, 1)).unwrap_err();
        let high = std::panic::catch_unwind(|| check.ensure_peak("`f`", 3, 5)).unwrap_err();
        assert!(
            low.downcast_ref::<String>()
                .unwrap()
                .contains("one after another")
        );
        assert!(
            high.downcast_ref::<String>()
                .unwrap()
                .contains("more than the 3 allowed")
        );
        let none = std::panic::catch_unwind(|| check.ensure_peak("`f`", 1, 0)).unwrap_err();
        let none = none.downcast_ref::<String>().unwrap();
        assert!(none.contains("exactly 1 call of `f`"), "{none}");
        assert!(none.contains("no call of `f` ran at all"), "{none}");
        check.ensure_peak("`f`", 3, 3);
    }

    #[test]
    fn items_out_of_order_are_called_out() {
        let check = Check::new("e01", "x");
        let text =
            std::panic::catch_unwind(|| check.ensure_items("bodies", &[1, 2, 3], &[2, 1, 3]))
                .unwrap_err();
        let text = text.downcast_ref::<String>().unwrap();
        assert!(text.contains("at position 0: 1"), "{text}");
        assert!(text.contains("in another order"), "{text}");
        check.ensure_items("bodies", &[1, 2], &[1, 2]);
    }

    #[test]
    fn long_values_are_shortened() {
        let long: Vec<u32> = (0..1000).collect();
        assert!(short_debug(&long).ends_with('…'));
    }
}
