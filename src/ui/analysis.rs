//! The analysis of the current round, full screen over the current exercise:
//! the conceptual model chart (Figure 2), the matrix (Figure 1), or both as
//! plain text tables for screen readers and monochrome terminals. Read from
//! the app's live aggregate, so it follows every rating; hidden while a blind
//! round is not revealed.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::matrix_table::{MatrixTable, cell_text};
use super::model_chart::{ModelChart, text_header, text_rows};
use super::{Theme, panel, put};
use crate::analysis::{Aggregate, RoundChoice, RoundSelection};
use crate::app::{AnalysisKind, SessionView};
use crate::domain::Template;
use crate::text_width::table::{Column, Table};

pub fn render(v: &SessionView, kind: AnalysisKind, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    let mut rounds = v
        .selection()
        .describe(v.template())
        .map_or_else(|| "No round to show".to_owned(), |d| capitalize(&d));
    if !v.group_visible() {
        let _ = write!(rounds, " (round {} hidden)", v.round());
    }
    let exercise = v
        .current()
        .map_or(String::new(), |e| format!(" · over {}", e.title));
    let views: Vec<String> = AnalysisKind::ALL
        .iter()
        .map(|k| {
            if *k == kind {
                format!("[{}]", k.label())
            } else {
                k.label().to_owned()
            }
        })
        .collect();
    let title = format!(
        " {rounds}: {} · M/Tab next · # round · Esc back{exercise}",
        views.join(" ")
    );
    put(buf, head, head.x, head.y, &title, theme.header);
    slot(v, kind, v.analysis.scroll, body, buf, theme);
}

/// One view of the analysis of the current round in `area`: the group is
/// hidden (and the screen says so) while a blind round is not revealed.
pub fn slot(
    v: &SessionView,
    kind: AnalysisKind,
    scroll: usize,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let t = v.template();
    let round = v.round();
    let selection = v.selection();
    if !selection.any() {
        let text = match v.analysis.round {
            _ if !v.group_visible() => format!(
                "Group hidden: blind round {round} is not revealed yet \
                 (r in a rating grid reveals it)."
            ),
            RoundChoice::Exactly(n) => format!("Round {n} has no ratings (# picks another round)."),
            RoundChoice::Latest => "No ratings yet.".to_owned(),
        };
        let inner = panel("Analysis", area, buf, theme);
        Paragraph::new(Line::styled(text, theme.warn))
            .wrap(Wrap { trim: true })
            .render(inner, buf);
        return;
    }
    let agg = v.engine.aggregate();
    match kind {
        AnalysisKind::Model => {
            // Both axes are needed to place a stage: say which one a round
            // lacks rather than draw an empty chart.
            let unrated: Vec<&str> = [&t.model.x, &t.model.y]
                .into_iter()
                .filter(|d| selection.round_of(d).is_none())
                .map(|d| t.dimension(d).map_or(d.as_str(), |x| x.name.as_str()))
                .collect();
            if !unrated.is_empty() {
                let which = match v.analysis.round {
                    RoundChoice::Exactly(n) => format!("round {n}"),
                    RoundChoice::Latest => "no round".to_owned(),
                };
                let text = format!(
                    "The model needs both axes: {which} has no ratings of {} yet \
                     (# picks another round).",
                    unrated.join(" or ")
                );
                let inner = panel("Conceptual model", area, buf, theme);
                Paragraph::new(Line::styled(text, theme.warn))
                    .wrap(Wrap { trim: true })
                    .render(inner, buf);
                return;
            }
            let placements = selection.model(agg, t);
            let rounds = selection.describe(t).unwrap_or_default();
            ModelChart::new(&placements, t, theme.monochrome)
                .rounds(&rounds)
                .render(area, buf);
        }
        AnalysisKind::Matrix => {
            let cells = selection.cells(agg, t);
            MatrixTable::new(&cells, t, theme.monochrome).render(area, buf);
        }
        AnalysisKind::Text => {
            let inner = panel("Model and matrix as text (↑↓ scroll)", area, buf, theme);
            let lines = text_lines(agg, t, &selection, usize::from(inner.width));
            let skip = scroll.min(lines.len().saturating_sub(usize::from(inner.height)));
            for (i, l) in lines.iter().skip(skip).enumerate() {
                let Ok(dy) = u16::try_from(i) else { break };
                if dy >= inner.height {
                    break;
                }
                put(buf, inner, inner.x, inner.y + dy, l, theme.base);
            }
        }
    }
}

/// The model and the matrix as plain text, each dimension from its
/// selected round: aligned tables when they fit `width`, otherwise one line
/// per stage and value.
#[must_use]
pub fn text_lines(
    agg: &Aggregate,
    t: &Template,
    selection: &RoundSelection,
    width: usize,
) -> Vec<String> {
    let rounds = selection
        .describe(t)
        .unwrap_or_else(|| "no ratings".to_owned());
    let placements = selection.model(agg, t);
    let mut out = vec![format!("Conceptual model, {rounds}")];
    out.extend(table(&text_header(t), &text_rows(t, &placements), width));
    out.push(String::new());
    out.push(format!("Matrix, {rounds} (level, median, ✓ consensus)"));
    let mut header = vec!["Stage".to_owned()];
    header.extend(t.dimensions.iter().map(|d| d.name.clone()));
    let rows: Vec<Vec<String>> = t
        .stages
        .iter()
        .map(|st| {
            let mut row = vec![st.name.clone()];
            for d in &t.dimensions {
                let c = selection.cell(agg, t, &st.id, &d.id);
                row.push(cell_text(d, Some(&c)));
            }
            row
        })
        .collect();
    out.extend(table(&header, &rows, width));
    out
}

/// `text` with its first letter in upper case.
fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

/// Rows as columns padded to their widest cell, headers wrapped at spaces
/// to fit; when even that is wider than `width`, each row as `first:` then
/// one `header: value` line per column.
pub(super) fn table(header: &[String], rows: &[Vec<String>], width: usize) -> Vec<String> {
    let columns = header
        .iter()
        .map(|h| Column::left(h).wrapped_heading().min_width(5))
        .collect();
    let table = Table::new(columns).with_rule().with_rows(rows);
    if table.width() <= width {
        return table.lines();
    }
    let mut out = Vec::new();
    for r in rows {
        let mut cells = r.iter();
        let first = cells.next().cloned().unwrap_or_default();
        out.push(format!("{first}:"));
        for (h, c) in header.iter().skip(1).zip(cells) {
            out.push(format!("  {h}: {c}"));
        }
    }
    out
}
