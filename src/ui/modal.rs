//! The modal input line and the pick list.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Clear, Widget};

use super::{Theme, cut, panel, put, scroll_offset};
use crate::app::{InputState, PickState};
use crate::text_width::{suffix_within, width};

pub fn render_input(i: &InputState, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let w = area.width.saturating_sub(4).min(76);
    let popup = area.centered(
        Constraint::Length(w),
        Constraint::Length(4.min(area.height)),
    );
    Clear.render(popup, buf);
    let inner = panel(&i.prompt, popup, buf, theme);
    // Show the end of long text: the part being typed.
    let room = usize::from(inner.width.saturating_sub(3));
    let shown = suffix_within(&i.text, room);
    let x = put(buf, inner, inner.x + 1, inner.y, shown, theme.base);
    put(buf, inner, x, inner.y, "▏", theme.key);
    put(
        buf,
        inner,
        inner.x + 1,
        inner.y + 1,
        "Enter accepts · Esc cancels",
        theme.muted,
    );
}

pub fn render_pick(p: &PickState, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let longest = p.items.iter().map(|s| width(s)).max().unwrap_or(0);
    let w = u16::try_from(longest.max(width(&p.title)) + 10)
        .unwrap_or(u16::MAX)
        .min(area.width.saturating_sub(2));
    let h = u16::try_from(p.items.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height.saturating_sub(2));
    let popup = area.centered(Constraint::Length(w), Constraint::Length(h));
    Clear.render(popup, buf);
    let inner = panel(&p.title, popup, buf, theme);
    let visible = usize::from(inner.height);
    let off = scroll_offset(p.selected, visible, p.items.len());
    for (row, (i, item)) in p
        .items
        .iter()
        .enumerate()
        .skip(off)
        .take(visible)
        .enumerate()
    {
        let y = inner.y + u16::try_from(row).unwrap_or(0);
        let focus = i == p.selected;
        let mark = if focus { "▶" } else { " " };
        let tick = match &p.ticked {
            Some(t) if t.get(i).copied().unwrap_or(false) => "[x] ",
            Some(_) => "[ ] ",
            None => "",
        };
        let number = if i < 9 {
            format!("{} ", i + 1)
        } else {
            "  ".to_owned()
        };
        let line = format!("{mark}{number}{tick}{item}");
        put(
            buf,
            inner,
            inner.x,
            y,
            cut(&line, usize::from(inner.width)),
            if focus { theme.focus } else { theme.base },
        );
    }
}
