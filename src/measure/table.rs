//! Timings against a sequential baseline, with speed-up and efficiency in colour.

use super::{Cell, Grid, cores_label, efficiency, fmt_duration, single_core};
use super::{single_core_note, speedup};
use crate::lesson::wrap;
use colored::{Color, Colorize};
use std::fmt::Write as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// The colour of a speed-up: green clearly faster, yellow about the same, red slower.
pub fn speedup_color(speedup: f64) -> Color {
    match speedup {
        s if s < 0.9 => Color::Red,
        s if s < 1.3 => Color::Yellow,
        _ => Color::Green,
    }
}

/// The colour of an efficiency: green most of each thread used, yellow some, red little.
pub fn efficiency_color(efficiency: f64) -> Color {
    match efficiency {
        e if e < 0.4 => Color::Red,
        e if e < 0.75 => Color::Yellow,
        _ => Color::Green,
    }
}

/// One measured row of a [`Table`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// What ran, e.g. "pool of 4 threads".
    pub label: String,
    /// How many threads ran it.
    pub threads: usize,
    /// Its measured (median) time.
    pub time: Duration,
}

/// Timings against a sequential baseline: each row's time, speed-up and efficiency.
#[derive(Debug, Clone)]
pub struct Table {
    title: String,
    baseline: Row,
    rows: Vec<Row>,
    repeats: usize,
    needs_cores: bool,
}

impl Table {
    /// A table whose speed-ups are measured against `baseline`, a run on one thread.
    pub fn new(title: impl Into<String>, baseline: impl Into<String>, time: Duration) -> Table {
        let label = baseline.into();
        Table {
            title: title.into(),
            baseline: Row {
                label,
                threads: 1,
                time,
            },
            rows: Vec::new(),
            repeats: 1,
            needs_cores: false,
        }
    }

    /// Adds a row: `label` ran on `threads` threads in `time`.
    pub fn row(&mut self, label: impl Into<String>, threads: usize, time: Duration) -> &mut Table {
        let label = label.into();
        self.rows.push(Row {
            label,
            threads,
            time,
        });
        self
    }

    /// Says each time is the median of `repeats` runs (the footer shows it).
    pub fn repeats(&mut self, repeats: usize) -> &mut Table {
        self.repeats = repeats;
        self
    }

    /// Marks the speed-ups as needing several cores: on one core, the note replaces them.
    pub fn needs_cores(&mut self) -> &mut Table {
        self.needs_cores = true;
        self
    }

    /// The measured rows, baseline excluded.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    /// A row's speed-up over the baseline.
    pub fn speedup_of(&self, row: &Row) -> f64 {
        speedup(self.baseline.time, row.time)
    }

    /// The table as text: title, grid and footer, or on one core (if it needs cores) the note.
    pub fn render(&self) -> String {
        let mut out = format!(
            "  {} {}\n",
            self.title.bold(),
            format!("· {}", cores_label()).dimmed()
        );
        let runs = match self.repeats {
            1 => "one run each".to_string(),
            n => format!("median of {n} runs each"),
        };
        if self.needs_cores && single_core() {
            // The full note once per run; after that a reminder is enough.
            static EXPLAINED: AtomicBool = AtomicBool::new(false);
            let note = if EXPLAINED.swap(true, Ordering::Relaxed) {
                "One core only: speed-ups left out (see the note above).".to_string()
            } else {
                single_core_note()
            };
            let _ = writeln!(out, "{}", wrap(&note, "  ").yellow());
            let _ = writeln!(out, "  Measured anyway, {runs}:");
            for row in [&self.baseline].into_iter().chain(&self.rows) {
                let _ = writeln!(out, "    {}: {}", row.label, fmt_duration(row.time));
            }
            return out;
        }
        let mut grid = Grid::new(["run", "threads", "time", "speed-up", "efficiency"]);
        grid.row(vec![
            Cell::text(self.baseline.label.as_str()),
            Cell::num("1"),
            Cell::num(fmt_duration(self.baseline.time)),
            Cell::num("1.00× (baseline)"),
            Cell::num("—"),
        ]);
        for row in &self.rows {
            let s = self.speedup_of(row);
            let e = efficiency(s, row.threads);
            grid.row(vec![
                Cell::text(row.label.as_str()),
                Cell::num(row.threads.to_string()),
                Cell::num(fmt_duration(row.time)),
                Cell::num(format!("{s:.2}×")).color(speedup_color(s)),
                Cell::num(format!("{e:.2}")).color(efficiency_color(e)),
            ]);
        }
        out.push_str(&grid.render());
        let footer = format!(
            "{runs} · speed-up = {} time ÷ row time\n\
             efficiency = speed-up ÷ threads (1.00: every thread did a full share)",
            self.baseline.label,
        );
        let _ = writeln!(out, "{}", wrap(&footer, "  ").dimmed());
        out
    }

    /// Prints the table.
    pub fn print(&self) {
        print!("{}", self.render());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn speedups_are_coloured_by_how_they_compare() {
        assert_eq!(speedup_color(0.5), Color::Red);
        assert_eq!(speedup_color(1.0), Color::Yellow);
        assert_eq!(speedup_color(3.0), Color::Green);
        assert_eq!(efficiency_color(0.2), Color::Red);
        assert_eq!(efficiency_color(0.9), Color::Green);
    }

    #[test]
    fn a_table_measures_rows_against_its_baseline() {
        let mut table = Table::new("t", "sequential", Duration::from_millis(100));
        table.row("pool", 2, Duration::from_millis(50));
        assert!((table.speedup_of(&table.rows()[0]) - 2.0).abs() < 1e-9);
        assert!(table.render().contains("sequential"));
    }
}
