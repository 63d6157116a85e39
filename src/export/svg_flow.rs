//! The material-flow map as an SVG picture (the room's board): the nodes in
//! chain order (sources, the stages, sinks) on one line, each flow an arrow
//! between them. Flows to the next node run straight; loops back arch
//! above the line, and flows forward past a node or into a sink arch below.
//! Each arrow carries its kind's letter (as in the terminal's map, so it
//! reads without colour) and its materials; its width is its strength.

use std::fmt::Write as _;

use super::labels::{escape_xml as escape, flow_kind_words};
use crate::domain::{Flow, FlowKind, Strength, Template};
use crate::i18n::Tr;
use crate::text_width::wrap;

const NODE_W: f64 = 112.0;
const GAP: f64 = 26.0;
const NODE_H: f64 = 56.0;
const LINE_Y: f64 = 330.0;
const MARGIN: f64 = 30.0;
/// Height of the picture.
pub const HEIGHT: f64 = 700.0;

/// One letter per flow kind (the terminal's map uses the same).
#[must_use]
pub fn kind_letter(kind: FlowKind) -> char {
    match kind {
        FlowKind::Forward => 'F',
        FlowKind::Reuse => 'U',
        FlowKind::Repurpose => 'P',
        FlowKind::Remanufacture => 'M',
        FlowKind::Recycle => 'R',
        FlowKind::Loss => 'L',
    }
}

/// Colour of a flow kind (Okabe-Ito, safe for colour-blind readers).
fn kind_colour(kind: FlowKind) -> &'static str {
    match kind {
        FlowKind::Forward => "#555555",
        FlowKind::Reuse => "#009e73",
        FlowKind::Repurpose => "#56b4e9",
        FlowKind::Remanufacture => "#cc79a7",
        FlowKind::Recycle => "#0072b2",
        FlowKind::Loss => "#d55e00",
    }
}

fn width_of(strength: Strength) -> f64 {
    match strength {
        Strength::Low => 2.0,
        Strength::Medium => 4.5,
        Strength::High => 8.0,
    }
}

/// The width of the picture for `nodes` nodes.
#[must_use]
pub fn width(nodes: usize) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let n = nodes.max(1) as f64;
    (2.0 * MARGIN + n * NODE_W + (n - 1.0) * GAP).max(760.0)
}

/// Renders the flows of a session on its template's flow map, in the
/// language of `tr`.
#[must_use]
#[allow(clippy::too_many_lines)]
pub fn render_flows(tr: Tr, template: &Template, flows: &[Flow], subtitle: &str) -> String {
    let nodes = template.flow_map_nodes();
    let w = width(nodes.len());
    let left = |i: usize| -> f64 {
        #[allow(clippy::cast_precision_loss)]
        let i = i as f64;
        MARGIN + i * (NODE_W + GAP)
    };
    let centre = |i: usize| left(i) + NODE_W / 2.0;
    let index = |id: &str| nodes.iter().position(|(n, _)| n == id);
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{HEIGHT}" viewBox="0 0 {w} {HEIGHT}" font-family="Helvetica, Arial, sans-serif" role="img" aria-labelledby="flow-title">"#
    );
    let _ = writeln!(
        s,
        r#"<title id="flow-title">{}</title>"#,
        escape(&tr.args("figure-flow-title-long", &[("flows", flows.len().into())]))
    );
    let _ = writeln!(
        s,
        r##"<rect x="0" y="0" width="{w}" height="{HEIGHT}" fill="#ffffff"/><text x="{MARGIN}" y="32" font-size="20" font-weight="bold" fill="#222">{}</text><text x="{MARGIN}" y="54" font-size="13" fill="#555">{}</text>"##,
        escape(&tr.text("figure-flow-title")),
        escape(subtitle)
    );
    s.push_str("<defs>");
    for kind in FlowKind::ALL {
        let _ = write!(
            s,
            r#"<marker id="arrow-{}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="4" markerHeight="4" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{}"/></marker>"#,
            kind.label(),
            kind_colour(kind)
        );
    }
    s.push_str("</defs>\n");

    // Arrows first, nodes over them.
    let mut above = 0usize;
    let mut below = 0usize;
    for f in flows {
        let (Some(a), Some(b)) = (index(&f.from), index(&f.to)) else {
            continue;
        };
        let colour = kind_colour(f.kind);
        let stroke = width_of(f.strength);
        let letter = kind_letter(f.kind);
        let materials = if f.materials.is_empty() {
            String::new()
        } else {
            format!(" {}", f.materials.join(", "))
        };
        let (x1, x2) = (centre(a), centre(b));
        let marker = format!("url(#arrow-{})", f.kind.label());
        if b == a + 1 {
            let (sx, ex) = (left(a) + NODE_W, left(b));
            let _ = writeln!(
                s,
                r#"<line x1="{sx:.1}" y1="{LINE_Y}" x2="{ex:.1}" y2="{LINE_Y}" stroke="{colour}" stroke-width="{stroke}" marker-end="{marker}"/>"#
            );
            let _ = writeln!(
                s,
                r##"<text x="{:.1}" y="{:.1}" font-size="14" font-weight="bold" text-anchor="middle" fill="#222">{letter}</text>"##,
                (sx + ex) / 2.0,
                LINE_Y - 8.0
            );
            continue;
        }
        // Loops back arch above; the rest below. Longer spans arch higher,
        // and arches of the same side are staggered so labels stay apart.
        let back = b < a;
        let span = (x2 - x1).abs();
        let lane = if back { &mut above } else { &mut below };
        #[allow(clippy::cast_precision_loss)]
        let stagger = (*lane % 4) as f64 * 22.0;
        *lane += 1;
        let rise = (span * 0.35).clamp(60.0, 200.0) + stagger;
        let (y0, peak) = if back {
            (LINE_Y - NODE_H / 2.0, LINE_Y - NODE_H / 2.0 - rise)
        } else {
            (LINE_Y + NODE_H / 2.0, LINE_Y + NODE_H / 2.0 + rise)
        };
        // A quadratic curve peaks halfway to its control point.
        let control = 2.0 * peak - y0;
        let _ = writeln!(
            s,
            r#"<path d="M{x1:.1},{y0:.1} Q{:.1},{control:.1} {x2:.1},{y0:.1}" fill="none" stroke="{colour}" stroke-width="{stroke}" marker-end="{marker}"/>"#,
            (x1 + x2) / 2.0
        );
        let ty = if back { peak - 8.0 } else { peak + 18.0 };
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{ty:.1}" font-size="14" text-anchor="middle" fill="#222" paint-order="stroke" stroke="#ffffff" stroke-width="4"><tspan font-weight="bold">{}</tspan>{}</text>"##,
            (x1 + x2) / 2.0,
            letter,
            escape(&materials)
        );
    }

    for (i, (_, name)) in nodes.iter().enumerate() {
        let x = left(i);
        let y = LINE_Y - NODE_H / 2.0;
        let is_stage = template.stage(&nodes[i].0).is_some();
        let (fill, ink) = if is_stage {
            ("#2166ac", "#ffffff")
        } else {
            ("#eeeeee", "#222222")
        };
        let _ = writeln!(
            s,
            r##"<rect x="{x:.1}" y="{y:.1}" width="{NODE_W}" height="{NODE_H}" rx="8" fill="{fill}" stroke="#333" stroke-width="1"/>"##
        );
        let lines = wrap(name, 14);
        #[allow(clippy::cast_precision_loss)]
        let first = LINE_Y + 5.0 - 8.0 * (lines.len().saturating_sub(1)) as f64;
        for (k, line) in lines.iter().take(3).enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let ly = first + 16.0 * k as f64;
            let _ = writeln!(
                s,
                r#"<text x="{:.1}" y="{ly:.1}" font-size="14" font-weight="bold" text-anchor="middle" fill="{ink}">{}</text>"#,
                x + NODE_W / 2.0,
                escape(line)
            );
        }
    }

    // Legend: kinds and strengths.
    let ly = HEIGHT - 40.0;
    let mut lx = MARGIN;
    for kind in FlowKind::ALL {
        let text = format!("{} {}", kind_letter(kind), flow_kind_words(tr, kind));
        let _ = writeln!(
            s,
            r##"<line x1="{lx:.1}" y1="{:.1}" x2="{:.1}" y2="{:.1}" stroke="{}" stroke-width="4"/><text x="{:.1}" y="{ly:.1}" font-size="13" fill="#222">{}</text>"##,
            ly - 5.0,
            lx + 24.0,
            ly - 5.0,
            kind_colour(kind),
            lx + 30.0,
            escape(&text)
        );
        lx += 40.0 + super::svg_model::text_width(&text, 13.0);
    }
    let _ = writeln!(
        s,
        r##"<text x="{lx:.1}" y="{ly:.1}" font-size="13" fill="#222">{}</text>"##,
        escape(&tr.text("figure-flow-strengths"))
    );
    if flows.is_empty() {
        let _ = writeln!(
            s,
            r##"<text x="{MARGIN}" y="{:.1}" font-size="16" fill="#555">{}</text>"##,
            LINE_Y + 140.0,
            escape(&tr.text("figure-flow-none"))
        );
    }
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::default_template;

    fn flow(id: u32, from: &str, to: &str, kind: FlowKind) -> Flow {
        Flow {
            id,
            from: from.into(),
            to: to.into(),
            kind,
            strength: Strength::High,
            materials: vec!["Co".into(), "<Ni>".into()],
            note: String::new(),
        }
    }

    #[test]
    fn every_flow_is_an_arrow_and_text_is_escaped() {
        let t = default_template();
        let flows = [
            flow(1, "mining", "processing", FlowKind::Forward),
            flow(2, "recycling", "processing", FlowKind::Recycle),
            flow(3, "collection", "export", FlowKind::Loss),
            flow(4, "nowhere", "processing", FlowKind::Loss),
        ];
        let svg = render_flows(Tr::english(), &t, &flows, "S & T");
        assert_eq!(
            svg.matches("marker-end=").count(),
            3,
            "the unknown node is left out"
        );
        assert!(svg.contains("S &amp; T") && svg.contains("&lt;Ni&gt;"));
        assert!(!svg.contains("<Ni>"));
        for (_, name) in t.flow_map_nodes() {
            assert!(svg.contains(&escape(&name)), "{name}");
        }
        let parsed = quick_check(&svg);
        assert!(parsed, "well-formed enough");
    }

    /// Tags open and close in balance (the integration tests parse it fully).
    fn quick_check(svg: &str) -> bool {
        svg.matches("<svg").count() == 1 && svg.trim_end().ends_with("</svg>")
    }
}
