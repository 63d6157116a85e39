//! Material-flow map: the same picture as the flow figure, in text. The
//! chain's nodes down the panel as boxes; a flow to the next node is an
//! arrow straight down with its kind's letter and materials; loops back
//! arch on the right, flows past a node and losses on the left, each in
//! its own lane and labelled at the far right of the row it leaves from.
//! Line weight is strength (┄ low, ─ medium, ━ high) and letters are kinds,
//! so it reads without colour. The selected flow is drawn highlighted and
//! described in full on the last line; the picture scrolls to it.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::{Theme, panel, put, scroll_offset};
use crate::app::SessionView;
use crate::domain::{Flow, Strength};
use crate::text_width;

/// The legend line.
const LEGEND: &str = "F forward · U reuse · P repurpose · M remanufacture · R recycle · L loss · ┄ low ─ medium ━ high";

fn strength_bar(s: Strength) -> &'static str {
    match s {
        Strength::Low => "▮▯▯ low",
        Strength::Medium => "▮▮▯ medium",
        Strength::High => "▮▮▮ high",
    }
}

/// Line glyphs by strength: horizontal, vertical, and the corners
/// (down-right, down-left, up-right, up-left).
struct Glyphs {
    h: &'static str,
    v: &'static str,
    dr: &'static str,
    dl: &'static str,
    ur: &'static str,
    ul: &'static str,
}

fn glyphs(s: Strength) -> Glyphs {
    match s {
        Strength::Low => Glyphs {
            h: "┄",
            v: "┆",
            dr: "┌",
            dl: "┐",
            ur: "└",
            ul: "┘",
        },
        Strength::Medium => Glyphs {
            h: "─",
            v: "│",
            dr: "┌",
            dl: "┐",
            ur: "└",
            ul: "┘",
        },
        Strength::High => Glyphs {
            h: "━",
            v: "┃",
            dr: "┏",
            dl: "┓",
            ur: "┗",
            ul: "┛",
        },
    }
}

/// One flow as a line of text: what the selected flow's detail line says.
fn describe(v: &SessionView, f: &Flow) -> String {
    let t = v.template();
    let mut text = format!(
        "[{}] {} ──{}──▶ {} · {}",
        f.kind.letter(),
        t.node_name(&f.from),
        f.kind.label(),
        t.node_name(&f.to),
        strength_bar(f.strength),
    );
    if !f.materials.is_empty() {
        let _ = write!(text, " · {}", f.materials.join(", "));
    }
    if !f.note.is_empty() {
        let _ = write!(text, " · {}", f.note);
    }
    text
}

/// Draws a vertical stroke at (x, y), crossing a horizontal one as `┼`.
fn vertical(buf: &mut Buffer, area: Rect, x: u16, y: u16, glyph: &str, style: Style) {
    if y < area.y || y >= area.bottom() || x >= area.right() || x < area.x {
        return;
    }
    let under = buf[(x, y)].symbol().to_owned();
    let crossing = matches!(under.as_str(), "─" | "━" | "┄");
    put(buf, area, x, y, if crossing { "┼" } else { glyph }, style);
}

#[expect(clippy::too_many_lines)]
pub fn render(v: &SessionView, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let t = v.template();
    let inner = panel(
        "Material flow map (i adds, w edits, d deletes)",
        area,
        buf,
        theme,
    );
    if inner.height < 4 {
        return;
    }
    put(buf, inner, inner.x + 1, inner.y, LEGEND, theme.muted);
    let flows = v.flows_ordered();
    let nodes = t.flow_map_nodes();
    let index = |id: &str| nodes.iter().position(|(n, _)| n == id);
    // Lanes: loops back on the right, flows past a node and losses on the
    // left; shorter spans inside, so that lanes do not cross.
    let mut arcs: Vec<(usize, usize, usize)> = flows
        .iter()
        .enumerate()
        .filter_map(|(k, f)| {
            let (a, b) = (index(&f.from)?, index(&f.to)?);
            (a != b && b != a + 1).then_some((k, a, b))
        })
        .collect();
    arcs.sort_by_key(|&(_, a, b)| a.abs_diff(b));
    let mut lane = vec![0usize; flows.len()];
    let (mut right_lanes, mut left_lanes) = (0usize, 0usize);
    for back in [true, false] {
        let mut used: Vec<Vec<(usize, usize)>> = Vec::new();
        for &(k, a, b) in arcs.iter().filter(|x| (x.2 < x.1) == back) {
            let (lo, hi) = (a.min(b), a.max(b));
            // Lane `used.len()` is always free: the search ends there.
            let l = (0..=used.len())
                .find(|&l| {
                    used.get(l).is_none_or(|spans: &Vec<(usize, usize)>| {
                        spans.iter().all(|&(x, y)| hi < x || lo > y)
                    })
                })
                .unwrap_or(0);
            if used.len() <= l {
                used.resize(l + 1, Vec::new());
            }
            used[l].push((lo, hi));
            lane[k] = l;
        }
        if back {
            right_lanes = used.len();
        } else {
            left_lanes = used.len();
        }
    }

    // Columns: left lanes, the boxes, right lanes, then the labels.
    let name_w = nodes
        .iter()
        .map(|(_, n)| text_width::width(n))
        .max()
        .unwrap_or(4)
        .clamp(4, 18);
    let col = |n: usize| u16::try_from(n).unwrap_or(u16::MAX);
    let box_x = inner.x + 1 + col(2 * left_lanes + 1);
    let box_w = col(name_w + 4);
    let spine = box_x + box_w / 2;
    let right_x = box_x + box_w + 1;
    let label_x = right_x + col(2 * right_lanes);

    // Rows: a node every other row, below the legend, above the detail line.
    let top = inner.y + 1;
    let height = usize::from(inner.height.saturating_sub(2));
    let total = (2 * nodes.len()).saturating_sub(1);
    let focus_row = flows
        .get(v.flow_sel)
        .and_then(|f| index(&f.from))
        .map_or(0, |a| 2 * a);
    let off = scroll_offset(focus_row, height, total);
    let pic = Rect {
        x: inner.x,
        y: top,
        width: inner.width,
        height: inner.height.saturating_sub(2),
    };
    let row = |r: usize| -> Option<u16> {
        let r = r.checked_sub(off)?;
        (r < height).then(|| top + col(r))
    };

    for (i, (id, name)) in nodes.iter().enumerate() {
        let Some(y) = row(2 * i) else {
            continue;
        };
        let shown = text_width::truncate(name, name_w);
        let label = format!(
            "[ {} ]",
            text_width::pad(&shown, name_w, text_width::Align::Center)
        );
        let style = if t.stage(id).is_some() {
            theme.header
        } else {
            theme.muted
        };
        put(buf, pic, box_x, y, &label, style);
    }

    let mut labels: Vec<(usize, String, Style)> = Vec::new();
    for (k, f) in flows.iter().enumerate() {
        let (Some(a), Some(b)) = (index(&f.from), index(&f.to)) else {
            continue;
        };
        if a == b {
            continue;
        }
        let style = if k == v.flow_sel {
            theme.focus
        } else {
            theme.base
        };
        let g = glyphs(f.strength);
        let mut text = f.kind.letter().to_string();
        if !f.materials.is_empty() {
            text.push(' ');
            text.push_str(&f.materials.join(", "));
        }
        if b == a + 1 {
            // Straight down, labelled beside the arrow.
            if row(2 * a + 1).is_some() {
                if let Some(y) = row(2 * a + 1) {
                    put(buf, pic, spine, y, &format!("{}{}", g.v, "▼"), style);
                }
                labels.push((2 * a + 1, text, style));
            }
            continue;
        }
        let back = b < a;
        // An arc leaves from the gap beside its node (above it for a loop
        // back, below it otherwise) and arrives on its target's row, so
        // that a node's departures and arrivals never share a row.
        let from_row = if back { 2 * a - 1 } else { 2 * a + 1 };
        let to_row = 2 * b;
        let (top_row, bottom_row) = (from_row.min(to_row), from_row.max(to_row));
        if back {
            // Up from a's top right, out to the lane, up, into b's right edge.
            let lx = right_x + col(2 * lane[k]);
            if let Some(y) = row(from_row) {
                put(buf, pic, box_x + box_w - 1, y, g.dr, style);
                for x in box_x + box_w..lx {
                    put(buf, pic, x, y, g.h, style);
                }
                put(buf, pic, lx, y, g.ul, style);
            }
            if let Some(y) = row(to_row) {
                put(buf, pic, box_x + box_w, y, "◀", style);
                for x in box_x + box_w + 1..lx {
                    put(buf, pic, x, y, g.h, style);
                }
                put(buf, pic, lx, y, g.dl, style);
            }
            for r in top_row + 1..bottom_row {
                if let Some(y) = row(r) {
                    vertical(buf, pic, lx, y, g.v, style);
                }
            }
            labels.push((from_row, text, style));
        } else {
            // Down from a's bottom left, out to the lane, down, into b.
            let lx = box_x.saturating_sub(2 + col(2 * lane[k]));
            if let Some(y) = row(from_row) {
                put(buf, pic, lx, y, g.dr, style);
                for x in (lx + 1)..=box_x {
                    put(buf, pic, x, y, g.h, style);
                }
                put(buf, pic, box_x + 1, y, g.ul, style);
            }
            if let Some(y) = row(to_row) {
                put(buf, pic, lx, y, g.ur, style);
                for x in lx + 1..box_x.saturating_sub(1) {
                    put(buf, pic, x, y, g.h, style);
                }
                put(buf, pic, box_x.saturating_sub(1), y, "▶", style);
            }
            for r in top_row + 1..bottom_row {
                if let Some(y) = row(r) {
                    vertical(buf, pic, lx, y, g.v, style);
                }
            }
            labels.push((from_row, text, style));
        }
    }
    // Arc labels at the far right of the row each arc leaves from.
    let mut at: std::collections::HashMap<usize, u16> = std::collections::HashMap::new();
    for (r, text, style) in labels {
        let Some(y) = row(r) else {
            continue;
        };
        let x = *at.get(&r).unwrap_or(&(label_x + 1));
        let piece = if x > label_x + 1 {
            format!(" · {text}")
        } else {
            text
        };
        let end = put(buf, pic, x, y, &piece, style);
        at.insert(r, end);
    }

    // The selected flow in full, or how to add one.
    let last = inner.bottom().saturating_sub(1);
    match flows.get(v.flow_sel) {
        Some(f) => {
            put(
                buf,
                inner,
                inner.x,
                last,
                &format!("▶{}", describe(v, f)),
                theme.focus,
            );
        }
        None => {
            put(
                buf,
                inner,
                inner.x + 1,
                last,
                "No flows yet: press i to add one.",
                theme.muted,
            );
        }
    }
}
