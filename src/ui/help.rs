//! The help overlay: every key of the screen, from the key table.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Clear, Widget};

use super::{Theme, panel, put};
use crate::app::keys::{Ctx, accepted, keys_label};
use crate::text_width::width;

pub fn render(
    ctx: Ctx,
    read_only: bool,
    scroll: usize,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    let rows: Vec<(String, &str)> = accepted(ctx, read_only)
        .map(|b| (keys_label(b), b.help))
        .collect();
    let key_w = rows.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let text_w = rows.iter().map(|(_, h)| width(h)).max().unwrap_or(0);
    let w = u16::try_from(key_w + text_w + 6)
        .unwrap_or(u16::MAX)
        .min(area.width);
    let h = u16::try_from(rows.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let popup = area.centered(Constraint::Length(w), Constraint::Length(h));
    Clear.render(popup, buf);
    let inner = panel(
        &format!("Keys: {} (Esc closes)", ctx.label()),
        popup,
        buf,
        theme,
    );
    let visible = usize::from(inner.height);
    let scroll = scroll.min(rows.len().saturating_sub(visible));
    for (i, (keys, text)) in rows.iter().skip(scroll).take(visible).enumerate() {
        let y = inner.y + u16::try_from(i).unwrap_or(u16::MAX);
        let x = put(buf, inner, inner.x + 1, y, keys, theme.key);
        let x = x.max(inner.x + 1 + u16::try_from(key_w).unwrap_or(0) + 2);
        put(buf, inner, x, y, text, theme.base);
    }
    // Say when there is more than fits, in words.
    if scroll > 0 {
        put(
            buf,
            popup,
            popup.right().saturating_sub(10),
            popup.y,
            " ↑ more ",
            theme.key,
        );
    }
    if scroll + visible < rows.len() {
        let y = popup.bottom().saturating_sub(1);
        put(
            buf,
            popup,
            popup.right().saturating_sub(10),
            y,
            " ↓ more ",
            theme.key,
        );
    }
}
