//! The agenda: the template's exercises, which are done, which is on.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Theme, cut, mmss, panel, put};
use crate::app::SessionView;
use crate::text_width::truncate;

pub fn render(
    v: &SessionView,
    now: chrono::DateTime<chrono::Utc>,
    area: Rect,
    buf: &mut Buffer,
    theme: &Theme,
) {
    // The total counts every extension, like each exercise's line.
    let total: i64 = v
        .template()
        .exercises
        .iter()
        .map(|e| crate::engine::clock::budget_seconds(v.session(), &e.id) / 60)
        .sum();
    let inner = panel(&format!("Agenda · {total} min"), area, buf, theme);
    let w = usize::from(inner.width);
    let mut y = inner.y;
    for (i, e) in v.template().exercises.iter().enumerate() {
        if y >= inner.bottom() {
            break;
        }
        let current = i == v.exercise();
        let mark = if current {
            "▶"
        } else if v.is_done(&e.id) {
            "✓"
        } else {
            " "
        };
        let text = format!("{mark}{:>2} {}", i + 1, e.title);
        let style = if current { theme.focus } else { theme.base };
        put(buf, inner, inner.x, y, &truncate(&text, w), style);
        y += 1;
        if y < inner.bottom() {
            let (ran, _) = v.elapsed(&e.id, now);
            // The timebox with any extension, as the header counts it.
            let minutes = crate::engine::clock::budget_seconds(v.session(), &e.id) / 60;
            let sub = if ran > 0 {
                format!("    {} · {} of {minutes} min", e.kind.label(), mmss(ran))
            } else {
                format!("    {} · {minutes} min", e.kind.label())
            };
            put(buf, inner, inner.x, y, cut(&sub, w), theme.muted);
            y += 1;
        }
    }
    let legend = "▶ now  ✓ done  e jump";
    if inner.height > 0 && y < inner.bottom() {
        put(buf, inner, inner.x, inner.bottom() - 1, legend, theme.muted);
    }
}
