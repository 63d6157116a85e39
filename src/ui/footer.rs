//! The footer: the last status line and the key hints of the current
//! screen, read from the key table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::Theme;
use crate::app::App;
use crate::app::keys::hints;

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    let status = app.status.as_deref().unwrap_or("");
    let style = if status.starts_with("read-only") || status.starts_with("UNSAVED") {
        theme.warn
    } else {
        theme.base
    };
    buf.set_stringn(
        area.x,
        area.y,
        format!(" {status}"),
        usize::from(area.width),
        style,
    );
    if area.height < 2 {
        return;
    }
    let mut spans = vec![Span::raw(" ")];
    for (keys, hint) in hints(app.ctx()) {
        spans.push(Span::styled(keys, theme.key));
        spans.push(Span::raw(format!(" {hint}  ")));
    }
    buf.set_line(area.x, area.y + 1, &Line::from(spans), area.width);
}
