//! Model review: the live conceptual model or the matrix, beside the notes.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::{Theme, panel};
use crate::app::SessionView;

pub fn render(v: &SessionView, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let [chart, notes] =
        Layout::horizontal([Constraint::Percentage(62), Constraint::Fill(1)]).areas(area);
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

/// Where the model chart and the matrix are drawn.
fn model_slot(v: &SessionView, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let s = v.session();
    let what = if v.show_matrix {
        "matrix"
    } else {
        "model chart"
    };
    let lines = vec![
        Line::styled(format!("The {what} is drawn here."), theme.muted),
        Line::raw(""),
        Line::raw(format!(
            "{} participants · {} ratings in round {}",
            s.participants.len(),
            s.ratings
                .iter()
                .filter(|r| r.round == s.current_round())
                .map(|r| r.entries.len())
                .sum::<usize>(),
            s.current_round()
        )),
    ];
    Paragraph::new(lines)
        .wrap(Wrap { trim: true })
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
