//! The material-flow figure: the value chain's nodes in order down the
//! page (sources, the stages, sinks), each flow an arrow between them whose
//! width is its strength. Flows to the next node run straight down; loops
//! back (reuse, repurpose, remanufacture, recycle) arch on the right, flows
//! forward past a node and losses to sinks on the left. Each arrow is
//! labelled with its kind's letter and its materials, and the kinds differ
//! in line pattern as well as colour, so the figure reads in grey.
//! Units are points at the printed width (`--width-mm`).

use std::fmt::Write as _;

use super::labels::escape_xml as escape;
use super::svg_text::{Anchor, FigureOptions, Label, Rect, lines, open, page_width};
use crate::domain::{Flow, FlowKind, Session, Strength, Template};
use crate::i18n::Tr;

/// Every word the flow figure prints, from the session's language's
/// catalogue (see [`crate::i18n`]).
pub mod words {
    use crate::i18n::Tr;
    pub const TITLE: &str = "figure-flow-title";
    #[must_use]
    pub fn accessible_title(tr: Tr, flows: usize) -> String {
        tr.args("figure-flow-title-long", &[("flows", flows.into())])
    }
    pub const EMPTY: &str = "figure-flow-none";
    pub const STRENGTH: &str = "figure-flow-strengths";
    pub const SIDES: &str = "figure-flow-sides";
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

/// Line pattern of a flow kind, so that kinds differ without colour.
fn kind_dash(kind: FlowKind) -> &'static str {
    match kind {
        FlowKind::Forward | FlowKind::Recycle => "",
        FlowKind::Reuse => r#" stroke-dasharray="6 2""#,
        FlowKind::Repurpose => r#" stroke-dasharray="1.5 1.5""#,
        FlowKind::Remanufacture => r#" stroke-dasharray="6 2 1.5 2""#,
        FlowKind::Loss => r#" stroke-dasharray="3 2""#,
    }
}

fn width_of(strength: Strength) -> f64 {
    match strength {
        Strength::Low => 0.8,
        Strength::Medium => 1.8,
        Strength::High => 3.2,
    }
}

const PAD: f64 = 8.0;
const NODE_H: f64 = 20.0;
const GAP: f64 = 16.0;
const FONT: f64 = 7.5;
const LANE: f64 = 10.0;

/// The width of the picture for `nodes` nodes (the old board's call).
#[must_use]
pub fn width(_nodes: usize) -> f64 {
    page_width(170.0)
}

/// The flows of `session`, subtitled with its title.
#[must_use]
pub fn render_session(session: &Session, opts: &FigureOptions) -> String {
    let mut o = opts.clone();
    o.tr = Tr::new(&session.language);
    if o.subtitle.is_empty() {
        o.subtitle.clone_from(&session.title);
    }
    render_figure(&session.template, &session.flows, &o)
}

/// Renders the flows of a session on its template's flow map (the room's board).
#[must_use]
pub fn render_flows(tr: Tr, template: &Template, flows: &[Flow], subtitle: &str) -> String {
    render_figure(
        template,
        flows,
        &FigureOptions {
            tr,
            subtitle: subtitle.to_owned(),
            ..FigureOptions::default()
        },
    )
}

/// Renders the flow figure.
#[must_use]
#[expect(clippy::too_many_lines)]
pub fn render_figure(template: &Template, flows: &[Flow], opts: &FigureOptions) -> String {
    let nodes = template.flow_map_nodes();
    let w = page_width(opts.width_mm);
    let inner = w - 2.0 * PAD;
    let mut texts: Vec<Label> = Vec::new();
    let mut y = PAD;
    if opts.title {
        let title = opts.tr.text(words::TITLE);
        y = super::svg_text::heading(&mut texts, title, &opts.subtitle, PAD, y, inner) + 8.0;
    }
    let node_w = (inner * 0.26).clamp(70.0, 160.0);
    let node_x = PAD + (inner - node_w) / 2.0;
    let top = y;
    let index = |id: &str| nodes.iter().position(|(n, _)| n == id);
    // Each flow's label text; a flow to the next node is labelled in the
    // gap below its node, which grows to hold the label's lines.
    let text_of = |f: &Flow| {
        let mut text = f.kind.letter().to_string();
        if !f.materials.is_empty() {
            text.push(' ');
            text.push_str(&f.materials.join(", "));
        }
        text
    };
    let mut gap_lines = vec![1usize; nodes.len()];
    for f in flows {
        if let (Some(a), Some(b)) = (index(&f.from), index(&f.to))
            && b == a + 1
        {
            let n =
                super::font::wrap_at_most(&text_of(f), FONT, false, node_w / 2.0 - 8.0, 4).len();
            gap_lines[a] = gap_lines[a].max(n);
        }
    }
    // Node boxes grow with their name's lines.
    let mut node_y = Vec::with_capacity(nodes.len());
    let mut node_lines = Vec::with_capacity(nodes.len());
    let mut at = top;
    for (i, (_, name)) in nodes.iter().enumerate() {
        let ls = super::font::wrap_at_most(name, FONT, true, node_w - 8.0, 3);
        let h = NODE_H.max(ls.len() as f64 * FONT * 1.2 + 8.0);
        node_y.push((at, h));
        node_lines.push(ls);
        let gap = GAP.max(gap_lines[i] as f64 * FONT * 1.2 + 6.0);
        at += h + gap;
    }
    let chain_bottom = node_y.last().map_or(top, |(y, h)| y + h);
    let mid = |i: usize| node_y[i].0 + node_y[i].1 / 2.0;

    // Lanes: arcs on each side, nested by span so that they do not cross.
    let mut arcs: Vec<(usize, usize, usize, bool)> = Vec::new(); // flow, a, b, right
    for (k, f) in flows.iter().enumerate() {
        let (Some(a), Some(b)) = (index(&f.from), index(&f.to)) else {
            continue;
        };
        if b == a + 1 || a == b {
            continue;
        }
        arcs.push((k, a, b, b < a));
    }
    arcs.sort_by_key(|&(_, a, b, _)| a.abs_diff(b));
    let mut lanes: Vec<(usize, usize)> = Vec::new(); // (flow, lane)
    for side in [true, false] {
        let mut used: Vec<Vec<(usize, usize)>> = Vec::new();
        for &(k, a, b, right) in arcs.iter().filter(|x| x.3 == side) {
            let (lo, hi) = (a.min(b), a.max(b));
            // Lane `used.len()` is always free: the search ends there.
            let lane = (0..=used.len())
                .find(|&l| {
                    used.get(l).is_none_or(|spans: &Vec<(usize, usize)>| {
                        spans.iter().all(|&(x, y)| hi <= x || lo >= y)
                    })
                })
                .unwrap_or(0);
            if used.len() <= lane {
                used.resize(lane + 1, Vec::new());
            }
            used[lane].push((lo, hi));
            let _ = right;
            lanes.push((k, lane));
        }
    }
    let lane_of = |k: usize| lanes.iter().find(|(f, _)| *f == k).map_or(0, |(_, l)| *l);

    let mut s = String::new();
    let mut labels_placed: Vec<Rect> = Vec::new();
    let mut arrows = String::new();
    for (k, f) in flows.iter().enumerate() {
        let (Some(a), Some(b)) = (index(&f.from), index(&f.to)) else {
            continue;
        };
        if a == b {
            continue;
        }
        let colour = kind_colour(f.kind);
        let stroke = width_of(f.strength);
        let dash = kind_dash(f.kind);
        let text = text_of(f);
        let marker = format!("url(#flow-arrow-{})", f.kind.label());
        let (lx, ly, anchor_right, room) = if b == a + 1 {
            let (y1, y2) = (node_y[a].0 + node_y[a].1, node_y[b].0);
            let cx = node_x + node_w / 2.0;
            let _ = writeln!(
                arrows,
                r#"<line class="flow" x1="{cx:.2}" y1="{y1:.2}" x2="{cx:.2}" y2="{:.2}" stroke="{colour}" stroke-width="{stroke}"{dash} marker-end="{marker}"/>"#,
                y2 - 1.0
            );
            let n = super::font::wrap_at_most(&text, FONT, false, node_w / 2.0 - 8.0, 4).len();
            let first = f64::midpoint(y1, y2) - (n as f64 - 1.0) * FONT * 0.6 + FONT * 0.35;
            (cx + 5.0, first, true, node_w / 2.0 - 8.0)
        } else {
            let right = b < a;
            let off = 10.0 + lane_of(k) as f64 * LANE;
            let (ya, yb) = (mid(a), mid(b));
            let (edge, out) = if right {
                (node_x + node_w, node_x + node_w + off)
            } else {
                (node_x, node_x - off)
            };
            let _ = writeln!(
                arrows,
                r#"<path class="flow" d="M{edge:.2},{ya:.2} C{out:.2},{ya:.2} {out:.2},{yb:.2} {:.2},{yb:.2}" fill="none" stroke="{colour}" stroke-width="{stroke}"{dash} marker-end="{marker}"/>"#,
                if right { edge + 1.0 } else { edge - 1.0 }
            );
            // The curve reaches 3/4 of the way out at its middle; the
            // label starts just beyond that.
            let reach = edge + (out - edge) * 0.75;
            if right {
                (
                    reach + 4.0,
                    f64::midpoint(ya, yb) + FONT * 0.35,
                    true,
                    w - PAD - reach - 4.0,
                )
            } else {
                (
                    reach - 4.0,
                    f64::midpoint(ya, yb) + FONT * 0.35,
                    false,
                    reach - 4.0 - PAD,
                )
            }
        };
        // The label: wrapped to the room on its side, moved down past
        // labels already placed.
        let ls = super::font::wrap_at_most(&text, FONT, false, room.max(30.0), 4);
        let h = ls.len() as f64 * FONT * 1.2;
        let lw = ls
            .iter()
            .map(|l| super::font::text_width(l, FONT, false))
            .fold(0.0, f64::max);
        let mut top_y = ly - FONT;
        let boxed = |t: f64| Rect {
            x: if anchor_right { lx } else { lx - lw },
            y: t,
            w: lw,
            h,
        };
        while labels_placed.iter().any(|r| r.intersects(&boxed(top_y))) {
            top_y += FONT * 0.6;
        }
        labels_placed.push(boxed(top_y));
        for (i, line) in ls.into_iter().enumerate() {
            let base = top_y + FONT * super::svg_text::ASCENT + i as f64 * FONT * 1.2;
            let mut l = Label::new(line, lx, base, FONT).class("flow-label");
            if !anchor_right {
                l = l.anchor(Anchor::End);
            }
            texts.push(l);
        }
    }
    let labels_bottom = labels_placed
        .iter()
        .map(Rect::bottom)
        .fold(chain_bottom, f64::max);

    // Legend: kinds (letter, pattern, colour) and strengths.
    let mut ly = labels_bottom + 14.0;
    let mut legend = String::new();
    let mut lx = PAD;
    for kind in FlowKind::ALL {
        let text = format!(
            "{} {}",
            kind.letter(),
            super::labels::flow_kind_words(opts.tr, kind)
        );
        let lw = 22.0 + super::font::text_width(&text, FONT, false) + 12.0;
        if lx + lw > w - PAD {
            lx = PAD;
            ly += FONT * 1.8;
        }
        let _ = writeln!(
            legend,
            r#"<line x1="{lx:.2}" y1="{:.2}" x2="{:.2}" y2="{:.2}" stroke="{}" stroke-width="1.8"{}/>"#,
            ly - 2.5,
            lx + 18.0,
            ly - 2.5,
            kind_colour(kind),
            kind_dash(kind)
        );
        texts.push(Label::new(text, lx + 22.0, ly, FONT).class("legend"));
        lx += lw;
    }
    ly += FONT * 1.8;
    for note in [words::STRENGTH, words::SIDES].map(|id| opts.tr.text(id)) {
        let (ls, end) = lines(&note, PAD, ly, FONT, inner, FONT * 1.3, false);
        texts.extend(ls.into_iter().map(|l| l.fill("#333333").class("legend")));
        ly = end;
    }
    if flows.is_empty() {
        texts.push(
            Label::new(opts.tr.text(words::EMPTY), PAD, ly + 4.0, 9.0)
                .fill("#555555")
                .class("legend"),
        );
        ly += 14.0;
    }
    let height = ly + PAD;

    s.push_str(&open(
        w,
        height,
        "flow",
        &words::accessible_title(opts.tr, flows.len()),
    ));
    s.push_str("<defs>");
    for kind in FlowKind::ALL {
        let _ = write!(
            s,
            r#"<marker id="flow-arrow-{}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="5" markerHeight="5" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{}"/></marker>"#,
            kind.label(),
            kind_colour(kind)
        );
    }
    s.push_str("</defs>\n");
    s.push_str(&arrows);
    for (i, ((id, _), ls)) in nodes.iter().zip(&node_lines).enumerate() {
        let (ny, nh) = node_y[i];
        let is_stage = template.stage(id).is_some();
        let (fill, ink) = if is_stage {
            ("#2166ac", "#ffffff")
        } else {
            ("#eeeeee", "#222222")
        };
        let _ = writeln!(
            s,
            r##"<rect class="node" x="{node_x:.2}" y="{ny:.2}" width="{node_w:.2}" height="{nh:.2}" rx="4" fill="{fill}" stroke="#333333" stroke-width="0.6"/>"##
        );
        let first = ny + nh / 2.0 - (ls.len() as f64 - 1.0) * FONT * 0.6 + FONT * 0.35;
        for (k, line) in ls.iter().enumerate() {
            let base = first + k as f64 * FONT * 1.2;
            let _ = writeln!(
                s,
                r#"<text class="node-name" x="{:.2}" y="{base:.2}" font-size="{FONT}" font-weight="bold" text-anchor="middle" fill="{ink}">{}</text>"#,
                node_x + node_w / 2.0,
                escape(line)
            );
        }
    }
    for t in &texts {
        t.write(&mut s);
    }
    s.push_str(&legend);
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
            svg.matches(r#"class="flow""#).count(),
            3,
            "the unknown node is left out"
        );
        assert!(svg.contains("S &amp; T") && svg.contains("&lt;Ni&gt;"));
        assert!(!svg.contains("<Ni>"));
        for (_, name) in t.flow_map_nodes() {
            assert!(svg.contains(&escape(&name)), "{name}");
        }
        // Kinds differ by line pattern as well as colour.
        assert!(svg.contains(r#"stroke-dasharray="3 2" marker-end="url(#flow-arrow-loss)""#));
        assert!(svg.matches("<svg").count() == 1 && svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn flow_labels_do_not_overlap() {
        let t = default_template();
        let mut flows = Vec::new();
        for (i, (a, b)) in [
            ("recycling", "processing"),
            ("reuse", "use"),
            ("collection", "production"),
            ("recycling", "mining"),
            ("mining", "landfill"),
            ("use", "hoarding"),
            ("collection", "export"),
        ]
        .into_iter()
        .enumerate()
        {
            let kind = if b == "landfill" || b == "hoarding" || b == "export" {
                FlowKind::Loss
            } else {
                FlowKind::Recycle
            };
            #[expect(clippy::cast_possible_truncation)]
            flows.push(flow(i as u32 + 1, a, b, kind));
        }
        let svg = render_figure(&t, &flows, &FigureOptions::default());
        let boxes: Vec<Rect> = svg
            .lines()
            .filter(|l| l.contains(r#"class="flow-label""#))
            .map(|l| {
                let num = |k: &str| -> f64 {
                    let at = l.find(&format!(" {k}=\"")).expect("attribute") + k.len() + 3;
                    l[at..]
                        .split('"')
                        .next()
                        .and_then(|v| v.parse().ok())
                        .expect("number")
                };
                let text = l
                    .split('>')
                    .nth(1)
                    .and_then(|t| t.split('<').next())
                    .unwrap_or("");
                let mut lab = Label::new(text, num("x"), num("y"), FONT);
                if l.contains("text-anchor=\"end\"") {
                    lab = lab.anchor(Anchor::End);
                }
                lab.bbox()
            })
            .collect();
        assert!(boxes.len() >= 7);
        for (i, a) in boxes.iter().enumerate() {
            for b in &boxes[i + 1..] {
                assert!(!a.intersects(b), "{a:?} / {b:?}");
            }
            assert!(a.x >= 0.0 && a.right() <= page_width(170.0));
        }
    }
}
