//! Progress on stderr: a live bar at a terminal; elsewhere (a pipe, a log file, CI) a plain
//! line at the first outcome and at every tenth of the batch, so logs stay short and clean.

use super::pool::{Item, Outcome};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::{self, IsTerminal};
use std::time::Duration;

/// The progress of one batch, fed one outcome at a time.
#[derive(Debug)]
pub struct Progress {
    label: String,
    bar: Option<ProgressBar>,
    total: usize,
    finished: usize,
    failed: usize,
    timed_out: usize,
    lines: usize,
}

impl Progress {
    /// Progress of `total` files, labelled `label` (e.g. "pool of 4 workers").
    pub fn new(label: &str, total: usize) -> Progress {
        let bar = io::stderr().is_terminal().then(|| {
            let bar =
                ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template(
                "  {prefix} [{elapsed_precise}] {bar:32.cyan/blue} {pos}/{len} files {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("█▉▊▋▌▍▎▏ ");
            bar.set_style(style);
            bar.set_prefix(label.to_string());
            // Ticks keep the clock moving while a slow file holds every worker.
            bar.enable_steady_tick(Duration::from_millis(100));
            bar
        });
        Progress {
            label: label.to_string(),
            bar,
            total,
            finished: 0,
            failed: 0,
            timed_out: 0,
            lines: 0,
        }
    }

    /// Counts one outcome, of the file called `name`.
    pub fn outcome<R>(&mut self, name: &str, item: &Item<R>) {
        self.finished += 1;
        match item.outcome {
            Outcome::Failed(_) => self.failed += 1,
            Outcome::TimedOut => self.timed_out += 1,
            _ => {}
        }
        let trouble = match (self.failed, self.timed_out) {
            (0, 0) => String::new(),
            (f, 0) => format!("· {f} failed"),
            (f, t) => format!("· {f} failed · {t} timed out"),
        };
        match &self.bar {
            Some(bar) => {
                bar.set_position(self.finished as u64);
                let gap = if trouble.is_empty() { "" } else { " " };
                bar.set_message(format!("{trouble}{gap}· last: {name}"));
            }
            None => {
                // A line for the first outcome, then one per tenth of the batch.
                let tenth = self.finished * 10 / self.total.max(1);
                if self.lines == 0 || tenth >= self.lines {
                    self.lines = tenth + 1;
                    eprintln!(
                        "  {}: {}/{} files {trouble}",
                        self.label, self.finished, self.total
                    );
                }
            }
        }
    }

    /// Removes the bar (the summary that follows says the rest).
    pub fn finish(self) {
        if let Some(bar) = self.bar {
            bar.finish_and_clear();
        }
    }
}
