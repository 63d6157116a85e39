//! Model review: the live conceptual model or the matrix, beside the notes.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::matrix_table::MatrixTable;
use super::model_chart::ModelChart;
use super::{Theme, panel};
use crate::app::SessionView;

pub fn render(v: &SessionView, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let chart_w = if area.width < 100 {
        Constraint::Length(60)
    } else {
        Constraint::Percentage(62)
    };
    let [chart, notes] = Layout::horizontal([chart_w, Constraint::Fill(1)]).areas(area);
    model_slot(v, chart, buf, theme);
    let inner = panel("Notes", notes, buf, theme);
    render_notes(v, inner, buf, theme);
}

/// The live model chart (Figure 2) or matrix (Figure 1) of the current
/// round, from the app's aggregate; hidden in an unrevealed blind round.
fn model_slot(v: &SessionView, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let s = v.session();
    let t = &s.template;
    let round = s.current_round();
    let Some(agg) = v.aggregate.as_ref().filter(|_| v.group_visible()) else {
        let inner = panel("Conceptual model (m: matrix)", area, buf, theme);
        let text =
            format!("Group hidden: blind round {round} is not revealed yet (r in a rating grid).");
        Paragraph::new(Line::styled(text, theme.warn))
            .wrap(Wrap { trim: true })
            .render(inner, buf);
        return;
    };
    if v.show_matrix {
        let cells: Vec<_> = agg
            .cells(t)
            .into_iter()
            .filter(|c| c.round == round)
            .collect();
        MatrixTable::new(&cells, t, theme.monochrome).render(area, buf);
    } else {
        let placements = agg.model(t, round);
        ModelChart::new(&placements, t, theme.monochrome).render(area, buf);
    }
}

fn render_notes(v: &SessionView, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let s = v.session();
    let mut lines = Vec::new();
    if s.notes.is_empty() {
        lines.push(Line::styled("No notes yet: n writes one.", theme.muted));
    }
    for n in s.notes.iter().rev() {
        let ex = n
            .exercise
            .as_deref()
            .and_then(|id| s.template.exercises.iter().find(|e| e.id == id))
            .map_or(String::new(), |e| format!(" [{}]", e.title));
        lines.push(Line::styled(
            format!("{}{ex}", n.at.format("%H:%M")),
            theme.header,
        ));
        lines.push(Line::raw(n.text.clone()));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}
