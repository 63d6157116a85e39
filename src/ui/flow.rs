//! Material-flow map: the forward chain, then its loops and losses, with
//! arrows and one-letter kinds so that it reads without colour.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Theme, panel, put, scroll_offset};
use crate::app::{SessionView, kind_letter};
use crate::domain::{FlowKind, Strength};
use crate::text_width;

fn strength_bar(s: Strength) -> &'static str {
    match s {
        Strength::Low => "▮▯▯ low",
        Strength::Medium => "▮▮▯ medium",
        Strength::High => "▮▮▮ high",
    }
}

pub fn render(v: &SessionView, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let t = v.template();
    let inner = panel("Material flow map (i adds, d deletes)", area, buf, theme);
    if inner.height < 4 {
        return;
    }
    // The forward chain, wrapped between stages.
    let width = usize::from(inner.width.saturating_sub(2));
    let mut lines: Vec<String> = vec!["Forward chain: ".to_owned()];
    for (i, st) in t.stages.iter().enumerate() {
        let token = if i + 1 < t.stages.len() {
            format!("{} → ", st.name)
        } else {
            st.name.clone()
        };
        let last = lines.last().map_or(0, |l| text_width::width(l));
        if last + text_width::width(&token) > width && last > 0 {
            lines.push("  ".to_owned());
        }
        if let Some(l) = lines.last_mut() {
            l.push_str(&token);
        }
    }
    let chain_h = u16::try_from(lines.len())
        .unwrap_or(1)
        .min(inner.height / 2);
    for (i, l) in lines.iter().take(usize::from(chain_h)).enumerate() {
        let y = inner.y + u16::try_from(i).unwrap_or(0);
        put(buf, inner, inner.x + 1, y, l, theme.header);
    }
    let mut y = inner.y + chain_h;
    let legend = "F forward · U reuse · P repurpose · M remanufacture · R recycle · L loss · ↺ loop back · ✕ leaves the chain";
    put(buf, inner, inner.x + 1, y, legend, theme.muted);
    y += 1;
    let flows = v.flows_ordered();
    if flows.is_empty() {
        put(
            buf,
            inner,
            inner.x + 1,
            y + 1,
            "No flows yet: press i to add one.",
            theme.muted,
        );
        return;
    }
    let visible = usize::from(inner.bottom().saturating_sub(y));
    let off = scroll_offset(v.flow_sel, visible, flows.len());
    let mut section = None;
    for (i, f) in flows.iter().enumerate().skip(off) {
        if y >= inner.bottom() {
            break;
        }
        let is_forward = f.kind == FlowKind::Forward;
        if section != Some(is_forward) {
            section = Some(is_forward);
            let head = if is_forward {
                "Forward flows"
            } else {
                "Loops and losses"
            };
            put(buf, inner, inner.x + 1, y, head, theme.header);
            y += 1;
            if y >= inner.bottom() {
                break;
            }
        }
        let from_i = t.stage_index(&f.from);
        let to_i = t.stage_index(&f.to);
        let shape = match (from_i, to_i) {
            (_, None) => "✕",
            (Some(a), Some(b)) if b <= a => "↺",
            _ => " ",
        };
        let focus = i == v.flow_sel;
        let mut text = format!(
            "{}[{}]{shape} {} ──{}──▶ {} · {}",
            if focus { "▶" } else { " " },
            kind_letter(f.kind),
            t.node_name(&f.from),
            f.kind.label(),
            t.node_name(&f.to),
            strength_bar(f.strength),
        );
        if !f.materials.is_empty() {
            text.push_str(&format!(" · {}", f.materials.join(", ")));
        }
        if !f.note.is_empty() {
            text.push_str(&format!(" · {}", f.note));
        }
        put(
            buf,
            inner,
            inner.x,
            y,
            &text,
            if focus { theme.focus } else { theme.base },
        );
        y += 1;
    }
}
