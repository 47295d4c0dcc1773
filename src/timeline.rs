//! Records when each task ran on which thread, and draws it as one row per thread.
//!
//! A table says a pool was 3.8x faster; a timeline shows *why*: four rows of tasks side by
//! side. When a check fails, the learner's own timeline shows the fault at a glance, for
//! example every task on one row, one after another.

use crate::probe::lock;
use colored::{Color, Colorize};
use std::fmt::Write as _;
use std::sync::Mutex;
use std::thread::{self, ThreadId};
use std::time::{Duration, Instant};

const PALETTE: [Color; 6] = [
    Color::Cyan,
    Color::Yellow,
    Color::Magenta,
    Color::Green,
    Color::Blue,
    Color::Red,
];

/// When one task started and ended, and on which thread.
#[derive(Debug, Clone)]
pub struct Span {
    /// The task's label, e.g. its item index.
    pub label: String,
    /// The thread that ran it.
    pub thread: ThreadId,
    /// True if that thread is the one that called the code under test.
    pub on_caller: bool,
    /// Start, from the timeline's origin.
    pub start: Duration,
    /// End, from the timeline's origin; `None` while it still runs.
    pub end: Option<Duration>,
}

/// A thread-safe record of task spans.
#[derive(Debug)]
pub struct Timeline {
    origin: Instant,
    creator: ThreadId,
    spans: Mutex<Vec<Span>>,
}

/// Ends its span when dropped (also when the task panics).
#[derive(Debug)]
#[must_use = "the span ends when the guard drops"]
pub struct SpanGuard<'a> {
    timeline: &'a Timeline,
    index: usize,
}

impl Default for Timeline {
    fn default() -> Self {
        Timeline::new()
    }
}

impl Timeline {
    /// An empty timeline starting now; the caller's thread is drawn as "caller".
    pub fn new() -> Timeline {
        Timeline {
            origin: Instant::now(),
            creator: thread::current().id(),
            spans: Mutex::new(Vec::new()),
        }
    }

    /// Starts a span for the current thread; it ends when the guard drops.
    pub fn start(&self, label: impl Into<String>) -> SpanGuard<'_> {
        let mut spans = lock(&self.spans);
        spans.push(Span {
            label: label.into(),
            thread: thread::current().id(),
            on_caller: crate::probe::is_caller(self.creator),
            start: self.origin.elapsed(),
            end: None,
        });
        SpanGuard {
            timeline: self,
            index: spans.len() - 1,
        }
    }

    /// A copy of every span recorded so far.
    pub fn spans(&self) -> Vec<Span> {
        lock(&self.spans).clone()
    }

    /// Threads in the order they first ran a task.
    fn threads(spans: &[Span]) -> Vec<ThreadId> {
        let mut order: Vec<(Duration, ThreadId)> = Vec::new();
        for span in spans {
            if !order.iter().any(|(_, id)| *id == span.thread) {
                order.push((span.start, span.thread));
            }
        }
        order.sort_by_key(|(start, _)| *start);
        order.into_iter().map(|(_, id)| id).collect()
    }

    /// The most spans that overlapped at one moment.
    pub fn max_overlap(&self) -> usize {
        let spans = self.spans();
        let now = self.origin.elapsed();
        let mut edges: Vec<(Duration, i32)> = Vec::new();
        for span in &spans {
            edges.push((span.start, 1));
            edges.push((span.end.unwrap_or(now), -1));
        }
        // Ends sort before starts at the same instant: touching spans do not overlap.
        edges.sort();
        let (mut now_running, mut peak) = (0i32, 0i32);
        for (_, delta) in edges {
            now_running += delta;
            peak = peak.max(now_running);
        }
        peak as usize
    }

    /// One sentence: how many tasks, on how many threads, at most how many at once.
    pub fn summary(&self) -> String {
        let spans = self.spans();
        let threads = Self::threads(&spans).len();
        let overlap = self.max_overlap();
        let shape = if overlap <= 1 && spans.len() > 1 {
            ", one after another".to_string()
        } else {
            format!(", at most {overlap} at once")
        };
        format!(
            "{} task{} on {} thread{}{}",
            spans.len(),
            plural(spans.len()),
            threads,
            plural(threads),
            shape
        )
    }

    /// Draws one row per thread, `width` cells wide, time running left to right.
    pub fn render(&self, width: usize) -> String {
        let spans = self.spans();
        let mut out = String::new();
        if spans.is_empty() {
            out.push_str("    (no tasks ran)\n");
            return out;
        }
        let width = width.max(10);
        let now = self.origin.elapsed();
        let first = spans.iter().map(|s| s.start).min().unwrap_or_default();
        let last = spans
            .iter()
            .map(|s| s.end.unwrap_or(now))
            .max()
            .unwrap_or(now);
        let total = (last - first).as_secs_f64().max(1e-9);
        let cell = |t: Duration| (((t - first).as_secs_f64() / total) * width as f64) as usize;
        for (row, thread) in Self::threads(&spans).iter().enumerate() {
            let mut cells: Vec<Option<usize>> = vec![None; width];
            for (i, span) in spans
                .iter()
                .enumerate()
                .filter(|(_, s)| s.thread == *thread)
            {
                let from = cell(span.start).min(width - 1);
                let to = cell(span.end.unwrap_or(now)).clamp(from + 1, width);
                cells[from..to].iter_mut().for_each(|c| *c = Some(i));
            }
            let on_caller = spans.iter().any(|s| s.thread == *thread && s.on_caller);
            let name = if on_caller {
                "caller".to_string()
            } else {
                format!("thread {}", row + 1)
            };
            let _ = write!(out, "    {name:>9} │");
            out.push_str(&Self::paint(&cells, &spans));
            out.push_str("│\n");
        }
        let _ = writeln!(out, "    {:>9}  {}", "", self.summary().dimmed());
        out
    }

    /// Paints a row: each span a coloured bar with its label written in it when it fits.
    fn paint(cells: &[Option<usize>], spans: &[Span]) -> String {
        let mut out = String::new();
        let mut at = 0;
        while at < cells.len() {
            let Some(span) = cells[at] else {
                out.push(' ');
                at += 1;
                continue;
            };
            let len = cells[at..].iter().take_while(|c| **c == Some(span)).count();
            let label = &spans[span].label;
            let text: String = if label.chars().count() <= len {
                format!("{label:^len$}")
            } else {
                "▇".repeat(len)
            };
            let colour = PALETTE[span % PALETTE.len()];
            let _ = write!(out, "{}", text.black().on_color(colour));
            at += len;
        }
        out
    }
}

impl Drop for SpanGuard<'_> {
    fn drop(&mut self) {
        let end = self.timeline.origin.elapsed();
        if let Some(span) = lock(&self.timeline.spans).get_mut(self.index) {
            span.end = Some(end);
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sequential_tasks_draw_one_row_one_after_another() {
        colored::control::set_override(false);
        let timeline = Timeline::new();
        for i in 0..3 {
            let _span = timeline.start(i.to_string());
            thread::sleep(Duration::from_millis(2));
        }
        assert_eq!(timeline.max_overlap(), 1);
        let drawn = timeline.render(30);
        assert_eq!(drawn.lines().filter(|l| l.contains('│')).count(), 1);
        assert!(drawn.contains("caller"));
        assert!(
            timeline
                .summary()
                .contains("3 tasks on 1 thread, one after another")
        );
    }

    #[test]
    fn parallel_tasks_draw_a_row_per_thread() {
        let timeline = Timeline::new();
        let barrier = std::sync::Barrier::new(2);
        thread::scope(|s| {
            for i in 0..2 {
                let (timeline, barrier) = (&timeline, &barrier);
                s.spawn(move || {
                    let _span = timeline.start(i.to_string());
                    barrier.wait();
                });
            }
        });
        assert_eq!(timeline.max_overlap(), 2);
        assert!(
            timeline
                .summary()
                .contains("2 tasks on 2 threads, at most 2 at once")
        );
    }
}
