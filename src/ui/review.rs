//! Model review: the live conceptual model or the matrix, beside the notes.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

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

/// The live model chart (Figure 2), matrix (Figure 1) or text table of the
/// current round, from the app's aggregate; hidden in an unrevealed blind round.
fn model_slot(v: &SessionView, area: Rect, buf: &mut Buffer, theme: &Theme) {
    super::analysis::slot(
        v,
        v.analysis.model_view,
        v.analysis.scroll,
        area,
        buf,
        theme,
    );
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
            format!("{}{ex}", n.at.with_timezone(&chrono::Local).format("%H:%M")),
            theme.header,
        ));
        lines.push(Line::raw(n.text.clone()));
    }
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
        .render(area, buf);
}
