//! The one writer of plain-text tables: `show`'s matrix and model, `list`,
//! `compare` and the text views of the terminal. Each column is as wide as
//! its heading and its widest cell, in display columns, so that wide
//! characters keep the columns aligned; columns are two spaces apart and no
//! line ends in spaces.

use super::{Align, pad, width, wrap};

/// Between two columns.
const GAP: &str = "  ";

/// One column: its heading, how its cells align, how narrow it may be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Column {
    heading: Heading,
    align: Align,
    min_width: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Heading {
    /// These lines, top-aligned with the other headings.
    Lines(Vec<String>),
    /// Words wrapped to the column, whose width the longest word sets (with
    /// the cells), so that long headings do not widen narrow columns.
    Wrapped(String),
}

impl Column {
    /// A column of left-aligned text under a one-line heading.
    #[must_use]
    pub fn left(heading: &str) -> Self {
        Self::new(heading, Align::Left)
    }

    /// A column of right-aligned numbers under a one-line heading.
    #[must_use]
    pub fn right(heading: &str) -> Self {
        Self::new(heading, Align::Right)
    }

    #[must_use]
    pub fn new(heading: &str, align: Align) -> Self {
        Self {
            heading: Heading::Lines(vec![one_line(heading)]),
            align,
            min_width: 0,
        }
    }

    /// The heading over several lines, as given.
    #[must_use]
    pub fn heading_lines<S: AsRef<str>>(mut self, lines: &[S]) -> Self {
        self.heading = Heading::Lines(lines.iter().map(|l| one_line(l.as_ref())).collect());
        self
    }

    /// The heading's words wrapped to the width of the column.
    #[must_use]
    pub fn wrapped_heading(mut self) -> Self {
        let text = match &self.heading {
            Heading::Lines(lines) => lines.join(" "),
            Heading::Wrapped(text) => text.clone(),
        };
        self.heading = Heading::Wrapped(text);
        self
    }

    /// At least `columns` wide, however narrow its content.
    #[must_use]
    pub fn min_width(mut self, columns: usize) -> Self {
        self.min_width = columns;
        self
    }

    /// The width the heading needs.
    fn heading_width(&self) -> usize {
        match &self.heading {
            Heading::Lines(lines) => lines.iter().map(|l| width(l)).max().unwrap_or(0),
            Heading::Wrapped(text) => text.split_whitespace().map(width).max().unwrap_or(0),
        }
    }

    fn heading_at(&self, column_width: usize) -> Vec<String> {
        match &self.heading {
            Heading::Lines(lines) => lines.clone(),
            Heading::Wrapped(text) => wrap(text, column_width),
        }
    }
}

/// A plain-text table: headings, an optional rule of dashes, rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    columns: Vec<Column>,
    rule: bool,
    rows: Vec<Vec<String>>,
}

impl Table {
    #[must_use]
    pub fn new(columns: Vec<Column>) -> Self {
        Self {
            columns,
            rule: false,
            rows: Vec::new(),
        }
    }

    /// A line of dashes under the headings, as wide as each column.
    #[must_use]
    pub fn with_rule(mut self) -> Self {
        self.rule = true;
        self
    }

    /// Adds a row: one cell per column, missing cells empty, cells beyond
    /// the columns left out. A cell is one line: control characters (a
    /// newline in a title) become spaces.
    pub fn push_row<S: AsRef<str>>(&mut self, cells: &[S]) {
        self.rows.push(
            cells
                .iter()
                .take(self.columns.len())
                .map(|c| one_line(c.as_ref()))
                .collect(),
        );
    }

    /// [`push_row`](Self::push_row) for every row.
    #[must_use]
    pub fn with_rows<R: AsRef<[S]>, S: AsRef<str>>(mut self, rows: &[R]) -> Self {
        for row in rows {
            self.push_row(row.as_ref());
        }
        self
    }

    /// The width of each column in display columns.
    #[must_use]
    pub fn column_widths(&self) -> Vec<usize> {
        self.columns
            .iter()
            .enumerate()
            .map(|(i, column)| {
                let cells = self
                    .rows
                    .iter()
                    .filter_map(|row| row.get(i))
                    .map(|c| width(c))
                    .max()
                    .unwrap_or(0);
                column.heading_width().max(cells).max(column.min_width)
            })
            .collect()
    }

    /// The width of the widest line (before trailing spaces are dropped).
    #[must_use]
    pub fn width(&self) -> usize {
        let widths = self.column_widths();
        widths.iter().sum::<usize>() + GAP.len() * widths.len().saturating_sub(1)
    }

    /// The table's lines, without newlines.
    #[must_use]
    pub fn lines(&self) -> Vec<String> {
        let widths = self.column_widths();
        let line = |cells: &mut dyn Iterator<Item = &str>| -> String {
            let padded: Vec<String> = cells
                .zip(self.columns.iter().zip(&widths))
                .map(|(cell, (column, &w))| pad(cell, w, column.align))
                .collect();
            padded.join(GAP).trim_end().to_owned()
        };
        let headings: Vec<Vec<String>> = self
            .columns
            .iter()
            .zip(&widths)
            .map(|(column, &w)| column.heading_at(w))
            .collect();
        let heading_lines = headings.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let mut out = Vec::with_capacity(heading_lines + 1 + self.rows.len());
        for k in 0..heading_lines {
            out.push(line(
                &mut headings.iter().map(|h| h.get(k).map_or("", String::as_str)),
            ));
        }
        if self.rule {
            let dashes: Vec<String> = widths.iter().map(|&w| "-".repeat(w)).collect();
            out.push(line(&mut dashes.iter().map(String::as_str)));
        }
        for row in &self.rows {
            let blank = std::iter::repeat("");
            out.push(line(&mut row.iter().map(String::as_str).chain(blank)));
        }
        out
    }

    /// The table as text, each line ending in a newline.
    #[must_use]
    pub fn render(&self) -> String {
        let mut out = String::new();
        for l in self.lines() {
            out.push_str(&l);
            out.push('\n');
        }
        out
    }
}

/// `text` with control characters replaced by spaces.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_align_by_display_width() {
        let table = Table::new(vec![Column::left("stage"), Column::right("n")])
            .with_rows(&[["Mining", "12"], ["採掘", "3"]]);
        assert_eq!(table.render(), "stage    n\nMining  12\n採掘     3\n");
        assert_eq!(table.width(), 10);
    }

    #[test]
    fn headings_wrap_rules_and_minimum_widths() {
        let table = Table::new(vec![
            Column::left("Circularity impact").wrapped_heading(),
            Column::left("x").min_width(3),
            Column::left("id").heading_lines(&["a", "b", "c"]),
        ])
        .with_rule()
        .with_rows(&[vec!["L 2.0"], vec!["H 4.5", "y", "z", "dropped"]]);
        assert_eq!(
            table.lines(),
            [
                "Circularity  x    a",
                "impact            b",
                "                  c",
                "-----------  ---  -",
                "L 2.0",
                "H 4.5        y    z",
            ]
        );
    }

    #[test]
    fn a_cell_is_one_line() {
        let table =
            Table::new(vec![Column::left("t"), Column::left("u")]).with_rows(&[["a\nb", "c"]]);
        assert_eq!(table.lines(), ["t    u", "a b  c"]);
    }
}
