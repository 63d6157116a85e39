//! Figure 1 in the terminal: the stage x dimension matrix as a ratatui
//! [`Table`]. Each cell shows the level letter, the median and `✓` when the
//! group reached consensus (`L 2.0 ✓`, `—` when not rated); colour only
//! repeats what the text says and is left out with `monochrome` (`NO_COLOR`).

use std::borrow::Cow;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Text;
use ratatui::widgets::{Block, Cell, Row, Table, Widget};

use crate::analysis::CellStats;
use crate::domain::{Dimension, Template};

pub use crate::export::labels::CONSENSUS_MARK;
use crate::export::labels::{DASH, band_initial};
use crate::text_width::{self, ELLIPSIS, truncate};

/// The matrix of one round's cells.
#[derive(Debug, Clone, Copy)]
pub struct MatrixTable<'a> {
    pub cells: &'a [CellStats],
    pub template: &'a Template,
    pub monochrome: bool,
}

impl<'a> MatrixTable<'a> {
    #[must_use]
    pub fn new(cells: &'a [CellStats], template: &'a Template, monochrome: bool) -> Self {
        Self {
            cells,
            template,
            monochrome,
        }
    }
}

/// The text of one cell: level letter, median, consensus mark.
#[must_use]
pub fn cell_text(dimension: &Dimension, cell: Option<&CellStats>) -> String {
    let Some(c) = cell else {
        return DASH.to_owned();
    };
    let Some(median) = c.median else {
        return DASH.to_owned();
    };
    let letter = dimension
        .band_of(median)
        .and_then(band_initial)
        .map_or(String::new(), |ch| format!("{ch} "));
    let mark = if c.consensus {
        format!(" {CONSENSUS_MARK}")
    } else {
        String::new()
    };
    format!("{letter}{median:.1}{mark}")
}

fn level_style(dimension: &Dimension, cell: Option<&CellStats>) -> Style {
    let Some(index) = cell
        .and_then(|c| c.median)
        .and_then(|m| dimension.band_index(m))
    else {
        return Style::default().fg(Color::DarkGray);
    };
    let bands = dimension.bands.len().max(1);
    // Light to dark blue on the 256-colour palette.
    let (bg, fg) = match (index * 3) / bands {
        0 => (Color::Indexed(153), Color::Black),
        1 => (Color::Indexed(74), Color::Black),
        _ => (Color::Indexed(25), Color::White),
    };
    Style::default().bg(bg).fg(fg)
}

/// Splits a header into at most `max_lines` lines of at most `width`
/// columns at spaces; a longer word, or a last line that leaves words out,
/// ends in an ellipsis.
fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let width = width.max(1);
    let words: Vec<Cow<'_, str>> = text
        .split_whitespace()
        .map(|word| truncate(word, width))
        .collect();
    let mut lines = text_width::wrap(&words.join(" "), width);
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        if let Some(last) = lines.last_mut() {
            last.push(ELLIPSIS);
        }
    }
    lines
}

impl Widget for MatrixTable<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let t = self.template;
        let block =
            Block::bordered().title(format!(" Stages by dimension  {CONSENSUS_MARK} consensus "));
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.is_empty() {
            return;
        }
        let stage_w: u16 = t
            .stages
            .iter()
            .map(|s| u16::try_from(text_width::width(&s.name)).unwrap_or(u16::MAX))
            .max()
            .unwrap_or(5)
            .clamp(5, 14);
        let cols = u16::try_from(t.dimensions.len().max(1)).unwrap_or(u16::MAX);
        let spacing = 1u16;
        let col_w = inner
            .width
            .saturating_sub(stage_w)
            .saturating_sub(spacing.saturating_mul(cols))
            / cols;
        let col_w = col_w.max(3);
        let header_lines = if col_w >= 20 { 2 } else { 3 };
        let mut header = vec![Cell::from("Stage")];
        for d in &t.dimensions {
            header.push(Cell::from(Text::from(
                wrap(&d.name, usize::from(col_w), header_lines).join("\n"),
            )));
        }
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let header = Row::new(header)
            .style(bold)
            .height(u16::try_from(header_lines).unwrap_or(2));
        let rows = t.stages.iter().map(|st| {
            let mut cells = vec![Cell::from(st.name.clone()).style(bold)];
            for d in &t.dimensions {
                let c = self
                    .cells
                    .iter()
                    .find(|c| c.stage == st.id && c.dimension == d.id);
                let mut cell = Cell::from(cell_text(d, c));
                if !self.monochrome {
                    cell = cell.style(level_style(d, c));
                }
                cells.push(cell);
            }
            Row::new(cells)
        });
        let mut widths = vec![Constraint::Length(stage_w)];
        widths.extend(t.dimensions.iter().map(|_| Constraint::Length(col_w)));
        Table::new(rows, widths)
            .header(header)
            .column_spacing(spacing)
            .render(inner, buf);
    }
}
