//! The home screen: the sessions in the sessions folder.

use std::path::Path;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Theme, cut, panel, put, scroll_offset};
use crate::app::{HomeEntry, HomeState};
use crate::store::SessionSummary;
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
    let filter = match (h.filtering, h.filter.is_empty()) {
        (true, _) => format!("Filter: {}▏", h.filter),
        (false, true) => "Filter: none (press / to filter by title)".to_owned(),
        (false, false) => format!("Filter: {} (Esc clears it)", h.filter),
    };
    put(buf, inner, inner.x + 1, inner.y, &filter, theme.base);
    let w = usize::from(inner.width.saturating_sub(2));
    let Columns {
        title: title_w,
        complete: complete_w,
        file: file_w,
    } = columns(&h.entries, w);
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
            "No sessions yet: n creates one."
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
                    pad(&completeness(s), complete_w, Align::Right),
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

/// "100% of round 1": how complete the session's current round is.
fn completeness(s: &SessionSummary) -> String {
    format!("{:.0}% of round {}", s.completeness * 100.0, s.round)
}

/// The widths of the columns that vary: title | date | participants |
/// complete | file (the file tells sessions with the same title apart).
struct Columns {
    title: usize,
    complete: usize,
    file: usize,
}

/// The widest `measure` of the sessions that loaded, at least `floor`.
fn widest(
    entries: &[HomeEntry],
    floor: usize,
    measure: impl Fn(&SessionSummary) -> usize,
) -> usize {
    entries
        .iter()
        .filter_map(|e| match e {
            HomeEntry::Ok(s) => Some(measure(s)),
            HomeEntry::Broken { .. } => None,
        })
        .max()
        .unwrap_or(0)
        .max(floor)
}

/// Columns for `w` columns of screen. The title takes what is left, and
/// comes first: the file name gives way (down to 12 columns) for a whole
/// title; on a narrow screen they share the room, three parts to two.
fn columns(entries: &[HomeEntry], w: usize) -> Columns {
    let file = widest(entries, 4, |s| width(&s.slug)).min(32);
    let complete = widest(entries, width("Complete"), |s| width(&completeness(s)));
    let title_need = widest(entries, width("Title"), |s| width(&s.title));
    let room = w.saturating_sub(10 + 2 + 12 + 2 + complete + 2 + 2);
    let (title, file) = if room >= title_need + file {
        (room - file, file)
    } else if room >= title_need + 12 {
        (title_need, room - title_need)
    } else {
        let title = (room * 3 / 5).max(room.saturating_sub(file)).max(10);
        (title, room.saturating_sub(title).clamp(4, file))
    };
    Columns {
        title,
        complete,
        file,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(title: &str, slug: &str) -> HomeEntry {
        HomeEntry::Ok(SessionSummary {
            path: format!("{slug}.ron").into(),
            slug: slug.to_owned(),
            title: title.to_owned(),
            created: chrono::DateTime::UNIX_EPOCH,
            participants: 17,
            ratings: 0,
            completeness: 1.0,
            round: 12,
            example: false,
        })
    }

    #[test]
    fn the_columns_fit_the_screen_and_the_title_comes_first() {
        let title = "LIB circular value chain workshop (synthetic example)";
        let entries = vec![entry(title, "2026-03-12-lib-circular-value-chain-workshop")];
        for w in 20..300 {
            let c = columns(&entries, w);
            assert_eq!(c.complete, width("100% of round 12"));
            let fixed = 10 + 2 + 12 + 2 + c.complete + 2 + 2;
            if w >= fixed + 14 {
                assert!(c.title + c.file <= w - fixed, "{w}");
            }
            if w >= fixed + width(title) + 12 {
                assert!(c.title >= width(title), "{w}: the whole title");
                assert!(c.file >= 12, "{w}");
            }
            assert!(c.title >= 10 && c.file >= 4, "{w}");
        }
    }
}
