//! The footer: the last status line and the key hints of the current
//! screen, read from the key table.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::Theme;
use crate::app::keys::hints;
use crate::app::{App, Level};

pub fn render(app: &App, area: Rect, buf: &mut Buffer, theme: &Theme) {
    if area.height == 0 {
        return;
    }
    let (status, style) = match &app.status {
        Some(s) if s.level == Level::Warning => (s.text.as_str(), theme.warn),
        Some(s) => (s.text.as_str(), theme.base),
        None => ("", theme.base),
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
    let read_only = app.view().is_some_and(crate::app::SessionView::read_only);
    for (keys, hint) in hints(app.ctx(), read_only) {
        spans.push(Span::styled(keys, theme.key));
        spans.push(Span::raw(format!(" {hint}  ")));
    }
    buf.set_line(area.x, area.y + 1, &Line::from(spans), area.width);
}
