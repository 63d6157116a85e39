//! The home screen: the sessions in the sessions folder.

use std::path::Path;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Theme, cut, panel, put, scroll_offset};
use crate::app::{HomeEntry, HomeState};
use crate::text_width::{Align, fit, pad, truncate, width};

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
    let complete = |s: &crate::store::SessionSummary| {
        format!("{:.0}% of round {}", s.completeness * 100.0, s.round)
    };
    let complete_w = h
        .entries
        .iter()
        .filter_map(|e| match e {
            HomeEntry::Ok(s) => Some(width(&complete(s))),
            HomeEntry::Broken { .. } => None,
        })
        .max()
        .unwrap_or(0)
        .max(width("Complete"));
    // The title takes what is left, and comes first: the file name gives
    // way (down to 12 columns) for a whole title; on a narrow screen they
    // share the room, three parts to two.
    let title_need = h
        .entries
        .iter()
        .filter_map(|e| match e {
            HomeEntry::Ok(s) => Some(width(&s.title)),
            HomeEntry::Broken { .. } => None,
        })
        .max()
        .unwrap_or(0)
        .max(width("Title"));
    let room = w.saturating_sub(10 + 2 + 12 + 2 + complete_w + 2 + 2);
    let (title_w, file_w) = if room >= title_need + file_w {
        (room - file_w, file_w)
    } else if room >= title_need + 12 {
        (title_need, room - title_need)
    } else {
        let title_w = (room * 3 / 5).max(room.saturating_sub(file_w)).max(10);
        (title_w, room.saturating_sub(title_w).clamp(4, file_w))
    };
    let head = format!(
        "  {}  {:<10}  {:>12}  {}  {}",
        pad("Title", title_w, Align::Left),
        "Date",
        "Participants",
        pad("Complete", complete_w, Align::Right),
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
                    "{mark}{}  {:<10}  {:>12}  {}  {}",
                    fit(&s.title, title_w, Align::Left),
                    s.created.format("%Y-%m-%d"),
                    s.participants,
                    pad(&complete(s), complete_w, Align::Right),
                    truncate(&s.slug, file_w)
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
