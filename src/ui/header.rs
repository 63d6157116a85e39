//! The header: title, exercise k of N with its timer, round, save state.

use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Widget};

use super::{Theme, mmss};
use crate::app::SessionView;

pub fn render(v: &SessionView, now: DateTime<Utc>, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let block = Block::new()
        .borders(Borders::BOTTOM)
        .border_style(theme.border);
    let inner = block.inner(area);
    block.render(area, buf);
    if inner.height == 0 {
        return;
    }
    let s = v.session();
    // Line 1: title on the left, save state on the right.
    let save = save_state(v, theme);
    let save_w = u16::try_from(save.width()).unwrap_or(u16::MAX);
    let title = Line::from(vec![
        Span::styled(" loopshop ", theme.title),
        Span::styled("│ ", theme.border),
        match &v.recovered {
            Some(notice) => Span::styled(notice.clone(), theme.warn),
            None => Span::styled(s.title.clone(), theme.header),
        },
    ]);
    let title_w = inner.width.saturating_sub(save_w + 1);
    buf.set_line(inner.x, inner.y, &title, title_w);
    if save_w <= inner.width {
        buf.set_line(inner.right() - save_w, inner.y, &save, save_w);
    } else {
        buf.set_line(inner.x, inner.y, &save, inner.width);
    }
    if inner.height < 2 {
        return;
    }
    // Line 2: exercise k of N, kind, timer, round.
    let n = s.template.exercises.len();
    let mut spans = Vec::new();
    let round = s.current_round();
    let round_text = match s.round(round) {
        Some(r) if r.blind && !r.revealed => format!("round {round} (blind, hidden)"),
        Some(r) if r.blind => format!("round {round} (blind, revealed)"),
        _ => format!("round {round}"),
    };
    if let Some(e) = v.current() {
        spans.push(Span::styled(
            format!(" Exercise {} of {n} · ", v.exercise() + 1),
            theme.header,
        ));
        let (elapsed, running) = v.elapsed(&e.id, now);
        let budget = crate::engine::clock::budget_seconds(s, &e.id);
        let minutes = budget / 60;
        let left = budget - elapsed;
        let timer = if v.read_only() {
            Span::styled(
                format!("timebox {minutes} min, ran {}", mmss(elapsed)),
                theme.base,
            )
        } else if !running {
            Span::styled(
                format!("PAUSED at {} of {minutes} min (t resumes)", mmss(elapsed)),
                theme.warn,
            )
        } else if left > 300 {
            Span::styled(format!("{} left of {minutes} min", mmss(left)), theme.ok)
        } else if left >= 0 {
            Span::styled(format!("{} left of {minutes} min", mmss(left)), theme.warn)
        } else {
            Span::styled(
                format!("OVERRUN +{} over the {minutes} min timebox", mmss(left)),
                theme.error,
            )
        };
        spans.push(timer);
        if !v.read_only() {
            // The whole agenda: time used so far against the time planned up
            // to the end of this exercise.
            let (spent, planned) = crate::engine::clock::agenda(s, v.exercise(), now);
            spans.push(Span::styled(
                format!(" · agenda {} of {} min", spent / 60, planned / 60),
                if spent > planned {
                    theme.warn
                } else {
                    theme.muted
                },
            ));
        }
        spans.push(Span::raw(format!(" · {round_text} · ")));
        spans.push(Span::styled(e.title.clone(), theme.header));
        spans.push(Span::styled(format!(" ({})", e.kind.label()), theme.muted));
    } else {
        spans.push(Span::styled(" The template has no exercises", theme.warn));
        spans.push(Span::raw(format!(" · {round_text}")));
    }
    buf.set_line(inner.x, inner.y + 1, &Line::from(spans), inner.width);
}

fn save_state(v: &SessionView, theme: &Theme) -> Line<'static> {
    if v.read_only() {
        return Line::styled("READ-ONLY review ", theme.warn);
    }
    let save = match v.engine.save_state() {
        crate::engine::SaveState::Failed(e) => Span::styled(format!("UNSAVED: {e} "), theme.error),
        // Staged changes are saved before the next frame is drawn.
        _ => Span::styled("✓ saved ", theme.ok),
    };
    match &v.room {
        // Where phones join, always in sight while they may.
        Some(room) => Line::from(vec![
            Span::styled(
                format!("join {} code {} · ", room.url, room.code),
                theme.key,
            ),
            save,
        ]),
        None => Line::from(save),
    }
}
