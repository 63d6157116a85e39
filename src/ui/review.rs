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
    let title = if v.show_matrix {
        "Matrix: stage x dimension (m: model)"
    } else {
        "Conceptual model (m: matrix)"
    };
    let inner = panel(title, chart, buf, theme);
    model_slot(v, inner, buf, theme);
    let inner = panel("Notes", notes, buf, theme);
    render_notes(v, inner, buf, theme);
}

/// Where the model chart and the matrix are drawn: the live statistics as
/// text (the same text as `loopshop show`), hidden in an unrevealed blind round.
fn model_slot(v: &SessionView, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let s = v.session();
    let round = s.current_round();
    let Some(agg) = &v.aggregate else {
        Paragraph::new(Line::styled("No statistics available.", theme.muted)).render(area, buf);
        return;
    };
    if !v.group_visible() {
        let text = format!("Group hidden: blind round {round} is not revealed yet.");
        Paragraph::new(Line::styled(text, theme.warn)).render(area, buf);
        return;
    }
    let text = if v.show_matrix {
        crate::export::text::matrix(agg, &s.template, round)
    } else {
        crate::export::text::model_table(agg, &s.template, round)
    };
    let lines: Vec<Line> = text
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i < 2 {
                Line::styled(l.to_owned(), theme.header)
            } else {
                Line::raw(l.to_owned())
            }
        })
        .collect();
    Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .render(area, buf);
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
