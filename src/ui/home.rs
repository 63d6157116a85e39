//! The home screen: the sessions in the sessions folder.

use std::path::Path;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Theme, cut, panel, put, scroll_offset};
use crate::app::{HomeEntry, HomeState};
use crate::text_width::{Align, pad, width};

pub fn render(h: &HomeState, dir: &Path, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let inner = panel(
        &format!("loopshop · sessions in {}", dir.display()),
        area,
        buf,
        theme,
    );
    if inner.height < 3 {
        return;
    }
    let filter = if h.filter.is_empty() {
        "Filter: (type to filter by title)".to_owned()
    } else {
        format!("Filter: {}▏", h.filter)
    };
    put(buf, inner, inner.x + 1, inner.y, &filter, theme.base);
    let w = usize::from(inner.width.saturating_sub(2));
    // Columns: title | date | participants | complete (of which round) |
    // file, so that sessions with the same title are told apart.
    let file_w = h
        .entries
        .iter()
        .filter_map(|e| match e {
            HomeEntry::Ok(s) => Some(width(&s.slug)),
            HomeEntry::Broken { .. } => None,
        })
        .max()
        .unwrap_or(4)
        .clamp(4, 32);
    let fixed = 10 + 2 + 12 + 2 + 14 + 2 + file_w + 2;
    let title_w = w.saturating_sub(fixed).max(10);
    let head = format!(
        "  {}  {:<10}  {:>12}  {:>14}  {}",
        pad("Title", title_w, Align::Left),
        "Date",
        "Participants",
        "Complete",
        "File"
    );
    put(
        buf,
        inner,
        inner.x,
        inner.y + 1,
        cut(&head, w + 2),
        theme.header,
    );
    let list = h.visible();
    let top = inner.y + 2;
    if let Some(e) = &h.error {
        put(
            buf,
            inner,
            inner.x + 1,
            top,
            &format!("cannot read the folder: {e}"),
            theme.error,
        );
        return;
    }
    if list.is_empty() {
        let msg = if h.entries.is_empty() {
            "No sessions yet: Ctrl-n creates one."
        } else {
            "No session title matches the filter (Esc clears it)."
        };
        put(buf, inner, inner.x + 1, top, msg, theme.muted);
        return;
    }
    let visible = usize::from(inner.bottom().saturating_sub(top));
    let off = scroll_offset(h.selected, visible, list.len());
    for (row, (i, e)) in list.iter().enumerate().skip(off).take(visible).enumerate() {
        let y = top + u16::try_from(row).unwrap_or(0);
        let focus = i == h.selected;
        let marked = h.marked.is_some() && e.path() == h.marked.as_deref();
        let mark = match (focus, marked) {
            (true, true) => "▶●",
            (true, false) => "▶ ",
            (false, true) => " ●",
            (false, false) => "  ",
        };
        let (line, style) = match e {
            HomeEntry::Ok(s) => (
                format!(
                    "{mark}{}  {:<10}  {:>12}  {:>14}  {}",
                    pad(cut(&s.title, title_w), title_w, Align::Left),
                    s.created.format("%Y-%m-%d"),
                    s.participants,
                    format!("{:.0}% of round {}", s.completeness * 100.0, s.round),
                    cut(&s.slug, file_w)
                ),
                if focus { theme.focus } else { theme.base },
            ),
            HomeEntry::Broken { error, .. } => (
                format!("{mark}cannot load: {error}"),
                if focus { theme.focus } else { theme.error },
            ),
        };
        put(buf, inner, inner.x, y, cut(&line, w + 2), style);
    }
}
