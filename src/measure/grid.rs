//! A table of text cells with box lines, whose columns stay aligned when cells are coloured.

use colored::{Color, Colorize};
use std::fmt::Write as _;

/// One cell of a [`Grid`]: its text (lines split at `\n`), alignment and colour.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    text: String,
    right: bool,
    color: Option<Color>,
}

impl Cell {
    /// A left-aligned text cell.
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            ..Cell::default()
        }
    }

    /// A right-aligned cell, for figures.
    pub fn num(text: impl Into<String>) -> Cell {
        Cell {
            right: true,
            ..Cell::text(text)
        }
    }

    /// The same cell, coloured.
    pub fn color(self, color: Color) -> Cell {
        Cell {
            color: Some(color),
            ..self
        }
    }
}

/// A table of text cells under a header row, drawn with box lines (colours keep alignment).
#[derive(Debug, Clone, Default)]
pub struct Grid {
    header: Vec<String>,
    rows: Vec<Vec<Cell>>,
}

impl Grid {
    /// An empty grid with these column headers.
    pub fn new<S: Into<String>>(header: impl IntoIterator<Item = S>) -> Grid {
        Grid {
            header: header.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; missing cells are left blank, extra cells are ignored.
    pub fn row(&mut self, cells: Vec<Cell>) -> &mut Grid {
        self.rows.push(cells);
        self
    }

    /// The grid as lines of text, indented by two spaces.
    pub fn render(&self) -> String {
        let columns = self.header.len();
        let header: Vec<Cell> = self.header.iter().map(|h| Cell::text(h.as_str())).collect();
        let width = |cell: &Cell| cell.text.lines().map(|l| l.chars().count()).max();
        let widths: Vec<usize> = (0..columns)
            .map(|c| {
                let cells = self.rows.iter().chain([&header]).filter_map(|r| r.get(c));
                cells.filter_map(width).max().unwrap_or(0)
            })
            .collect();
        let rule = |left: &str, mid: &str, right: &str| {
            let bars: Vec<String> = widths.iter().map(|w| "─".repeat(w + 2)).collect();
            format!("  {left}{}{right}\n", bars.join(mid))
        };
        let mut out = rule("┌", "┬", "┐");
        Self::draw(&mut out, &header, &widths, true);
        out.push_str(&rule("├", "┼", "┤"));
        for row in &self.rows {
            Self::draw(&mut out, row, &widths, false);
        }
        out.push_str(&rule("└", "┴", "┘"));
        out
    }

    /// Draws one row, as many lines high as its tallest cell.
    fn draw(out: &mut String, row: &[Cell], widths: &[usize], bold: bool) {
        let height = row
            .iter()
            .map(|c| c.text.lines().count())
            .max()
            .unwrap_or(1);
        for line in 0..height.max(1) {
            out.push_str("  │");
            for (c, &w) in widths.iter().enumerate() {
                let cell = row.get(c);
                let text = cell.and_then(|c| c.text.lines().nth(line)).unwrap_or("");
                let pad = " ".repeat(w - text.chars().count());
                let (text, right) = (text.to_string(), cell.is_some_and(|c| c.right));
                let text = match (cell.and_then(|c| c.color), bold) {
                    (Some(color), _) => text.color(color).to_string(),
                    (None, true) => text.bold().to_string(),
                    (None, false) => text,
                };
                let _ = if right {
                    write!(out, " {pad}{text} │")
                } else {
                    write!(out, " {text}{pad} │")
                };
            }
            out.push('\n');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_aligns_coloured_and_multiline_cells() {
        colored::control::set_override(false);
        let mut grid = Grid::new(["a", "bb"]);
        grid.row(vec![
            Cell::text("x\nlonger"),
            Cell::num("1").color(Color::Red),
        ]);
        let text = grid.render();
        let widths: Vec<usize> = text.lines().map(|l| l.chars().count()).collect();
        assert!(widths.windows(2).all(|w| w[0] == w[1]), "{text}");
        assert!(
            text.contains("│ x      │  1 │\n  │ longer │    │"),
            "{text}"
        );
    }
}
