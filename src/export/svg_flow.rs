//! The material-flow figure: the value chain's nodes in order down the
//! page (the sources and sinks that flows touch, and every stage), each
//! flow an arrow between them whose width is its strength. Flows to the
//! next node run straight down; loops back (reuse, repurpose,
//! remanufacture, recycle) arch on the right, flows forward past a node and
//! losses to sinks on the left; arcs that share a node's side are fanned
//! apart so that every arrowhead shows. Each arrow is labelled with its
//! kind's letter (in the session's language) and its materials, placed in
//! free space off every line (with a leader line when it sits away from
//! its arc), and the kinds differ in line pattern as well as colour, so
//! the figure reads in grey. Names that do not fit their box whole become
//! numbers with a key. Units are points at the printed width
//! (`--width-mm`).

use std::fmt::Write as _;

use super::labels::escape_xml as escape;
use super::svg_text::{
    ASCENT, Anchor, DESCENT, Drawn, FigureOptions, Label, ONE_COLUMN, Part, Placing, Rect, lines,
    open, page_width,
};
use crate::domain::{Flow, FlowKind, Session, Strength, Template};
use crate::i18n::Tr;

/// Every word the flow figure prints, from the session's language's
/// catalogue (see [`crate::i18n`]).
pub mod words {
    use crate::domain::FlowKind;
    use crate::i18n::Tr;
    pub const TITLE: &str = "figure-flow-title";
    #[must_use]
    pub fn accessible_title(tr: Tr, flows: usize) -> String {
        tr.args("figure-flow-title-long", &[("flows", flows.into())])
    }
    pub const EMPTY: &str = "figure-flow-none";
    pub const STRENGTH: &str = "figure-flow-strengths";
    pub const SIDES: &str = "figure-flow-sides";
    pub const KINDS: &str = "figure-flow-kinds";
    pub const NODES: &str = "figure-flow-nodes";

    /// A kind's letter in the session's language (`F`, `U`... in English).
    #[must_use]
    pub fn letter(tr: Tr, kind: FlowKind) -> String {
        tr.text(&format!("flow-letter-{}", kind.label()))
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

/// Line pattern of a flow kind, so that kinds differ without colour:
/// every kind its own (forward alone is solid).
fn kind_dash(kind: FlowKind) -> &'static str {
    match kind {
        FlowKind::Forward => "",
        FlowKind::Reuse => r#" stroke-dasharray="6 2""#,
        FlowKind::Repurpose => r#" stroke-dasharray="1.5 1.5""#,
        FlowKind::Remanufacture => r#" stroke-dasharray="6 2 1.5 2""#,
        FlowKind::Recycle => r#" stroke-dasharray="9 2 1.5 2 1.5 2""#,
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
const FONT: f64 = 7.5;
const LEAD: f64 = FONT * 1.2;

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
pub fn render_figure(template: &Template, flows: &[Flow], opts: &FigureOptions) -> String {
    render_drawn(template, flows, opts).svg
}

/// A label's box and lines, placed.
struct Placed {
    rect: Rect,
    lines: Vec<String>,
    /// Text anchored at the box's right edge (left of its arc).
    end: bool,
    /// A leader from this point to the box, when it sits away from its arc.
    leader: Option<(f64, f64)>,
}

/// Whether segment (a, b) comes within `m` of box `r` (sampled: the
/// segments here are short pieces of curves and straight arrows).
fn segment_hits(a: (f64, f64), b: (f64, f64), r: &Rect, m: f64) -> bool {
    let grown = Rect {
        x: r.x - m,
        y: r.y - m,
        w: r.w + 2.0 * m,
        h: r.h + 2.0 * m,
    };
    let len = ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt();
    #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let steps = (len / 1.5).ceil().max(1.0) as usize;
    (0..=steps).any(|i| {
        let t = i as f64 / steps as f64;
        let (x, y) = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
        x >= grown.x && x <= grown.right() && y >= grown.y && y <= grown.bottom()
    })
}

/// Points along the cubic from `p0` to `p3` with controls `p1`, `p2`.
fn bezier(p0: (f64, f64), p1: (f64, f64), p2: (f64, f64), p3: (f64, f64)) -> Vec<(f64, f64)> {
    (0..=24)
        .map(|i| {
            let t = f64::from(i) / 24.0;
            let u = 1.0 - t;
            let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
            (
                a * p0.0 + b * p1.0 + c * p2.0 + d * p3.0,
                a * p0.1 + b * p1.1 + c * p2.1 + d * p3.1,
            )
        })
        .collect()
}

/// One drawn flow: its path as points, and where its label wants to be.
struct Drawing {
    flow: usize,
    path: Vec<(f64, f64)>,
    /// Straight (to the next node) or an arc on the right or left.
    side: Side,
    /// The arc's outermost point, or the straight arrow's middle.
    apex: (f64, f64),
    /// The vertical span the label may slide along.
    span: (f64, f64),
}

/// The arcs' ends on each side of each node: (node, right side) to
/// (flow, its start?, the node at its other end).
type Ends = std::collections::HashMap<(usize, bool), Vec<(usize, bool, usize)>>;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Straight,
    Right,
    Left,
}

/// Renders the flow figure and its caption (what `--legend caption` moves
/// out of it, or what left a figure too tall with it).
#[must_use]
pub fn render_drawn(template: &Template, flows: &[Flow], opts: &FigureOptions) -> Drawn {
    let start = Placing::new(opts.legend, LEAVING);
    super::svg_text::fitted(start, |placing| draw(template, flows, opts, placing))
}

/// The order in which the flow figure's words leave a figure too tall with
/// them: the notes first, the kinds of flow last.
const LEAVING: &[Part] = &[Part::Notes, Part::Title, Part::Key, Part::Scales];

/// The flow figure with its words placed as `placing` says, and its height
/// over its width.
#[expect(
    clippy::too_many_lines,
    reason = "the figure's parts in reading order: nodes, arcs, labels, legend"
)]
fn draw(
    template: &Template,
    flows: &[Flow],
    opts: &FigureOptions,
    placing: Placing,
) -> (Drawn, f64) {
    let tr = opts.tr;
    let w = page_width(opts.width_mm);
    let compact = w < ONE_COLUMN;
    let pad = if compact { 6.0 } else { PAD };
    let inner = w - 2.0 * pad;
    let mut caption: Vec<String> = Vec::new();
    let mut texts: Vec<Label> = Vec::new();
    let mut y = pad;
    if opts.title {
        let title = tr.text(words::TITLE);
        if placing.captioned(Part::Title) {
            caption.push(super::svg_text::title_paragraph(&title, &opts.subtitle));
        }
        if placing.drawn(Part::Title) {
            let below = if compact { 6.0 } else { 8.0 };
            y = super::svg_text::heading(&mut texts, &title, &opts.subtitle, pad, y, inner) + below;
        }
    }
    // The nodes: every stage, and the sources and sinks a flow touches.
    let all_nodes = template.flow_map_nodes();
    let touched = |id: &str| flows.iter().any(|f| f.from == id || f.to == id);
    let nodes: Vec<(String, String)> = all_nodes
        .into_iter()
        .filter(|(id, _)| template.stage(id).is_some() || touched(id))
        .collect();
    let index = |id: &str| nodes.iter().position(|(n, _)| n == id);
    // The flows drawn: both ends known, not a loop on one node.
    let drawn: Vec<(usize, usize, usize)> = flows
        .iter()
        .enumerate()
        .filter_map(|(k, f)| {
            let (a, b) = (index(&f.from)?, index(&f.to)?);
            (a != b).then_some((k, a, b))
        })
        .collect();
    let text_of = |f: &Flow| {
        let mut text = words::letter(tr, f.kind);
        if !f.materials.is_empty() {
            text.push(' ');
            text.push_str(&f.materials.join(", "));
        }
        text
    };
    // Node boxes: names wrapped at words in at most two lines, or every
    // node numbered with a key when one does not fit.
    let node_w = if compact {
        (inner * 0.3).clamp(44.0, 100.0)
    } else {
        (inner * 0.26).clamp(70.0, 160.0)
    };
    let numbered = nodes.iter().any(|(_, name)| {
        super::font::widest_piece(name, FONT, true) > node_w - 8.0
            || super::font::wrap_words(name, FONT, true, node_w - 8.0).len() > 2
    });
    let node_lines: Vec<Vec<String>> = nodes
        .iter()
        .enumerate()
        .map(|(i, (_, name))| {
            if numbered {
                vec![(i + 1).to_string()]
            } else {
                super::font::wrap_words(name, FONT, true, node_w - 8.0)
            }
        })
        .collect();
    let node_x = pad + (inner - node_w) / 2.0;
    let cx = node_x + node_w / 2.0;
    let lane = if compact { 7.0 } else { 10.0 };
    // Straight arrows to the next node, fanned apart when several join the
    // same pair; their labels go right of them in the gap, which grows to
    // hold their lines.
    let straight_room = node_w / 2.0 + 4.0;
    let mut pair_count: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    let mut straight_x: std::collections::HashMap<usize, f64> = std::collections::HashMap::new();
    for &(k, a, b) in &drawn {
        if b == a + 1 {
            *pair_count.entry(a).or_default() += 1;
            let _ = k;
        }
    }
    {
        let mut seen: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
        for &(k, a, b) in &drawn {
            if b == a + 1 {
                let n = pair_count[&a] as f64;
                let i = seen.entry(a).or_default();
                straight_x.insert(k, cx + (*i as f64 - (n - 1.0) / 2.0) * 8.0);
                *i += 1;
            }
        }
    }
    let min_gap: f64 = if compact { 6.0 } else { 12.0 };
    // A straight arrow's label has the gap's width to its right unless an
    // arc on the right crosses the gap: then up to the first lane.
    let right_blocked = |a: usize| {
        drawn
            .iter()
            .any(|&(_, x, y)| y < x && y <= a && x > a && x != y + 1)
    };
    let room_right = |a: usize, x: f64| {
        if right_blocked(a) {
            node_x + node_w + 10.0 * 0.75 - 3.0 - (x + 4.0)
        } else {
            w - pad - (x + 4.0)
        }
    };
    let mut gap_need = vec![0.0f64; nodes.len()];
    for &(k, a, b) in &drawn {
        if b == a + 1 {
            let room = room_right(a, straight_x[&k]).max(straight_room);
            let n = super::font::wrap_words(&text_of(&flows[k]), FONT, false, room).len() as f64;
            gap_need[a] += n * LEAD + 1.0;
        }
    }
    let mut node_y = Vec::with_capacity(nodes.len());
    let mut at = y;
    let node_min: f64 = if compact { 12.0 } else { 16.0 };
    for (i, ls) in node_lines.iter().enumerate() {
        let h = node_min.max(ls.len() as f64 * LEAD + 4.0);
        node_y.push((at, h));
        at += h + min_gap.max(gap_need[i] + if compact { 1.0 } else { 2.0 });
    }
    let top = y;
    let chain_bottom = node_y.last().map_or(top, |(y, h)| y + h);
    let node_box = |i: usize| Rect {
        x: node_x,
        y: node_y[i].0,
        w: node_w,
        h: node_y[i].1,
    };

    // Arcs: nested lanes on each side, by span, so that they do not cross.
    let mut arcs: Vec<(usize, usize, usize, bool)> = drawn
        .iter()
        .filter(|(_, a, b)| *b != *a + 1)
        .map(|&(k, a, b)| (k, a, b, b < a))
        .collect();
    arcs.sort_by_key(|&(k, a, b, _)| (a.abs_diff(b), k));
    let mut lane_of: std::collections::HashMap<usize, usize> = std::collections::HashMap::new();
    for side in [true, false] {
        let mut used: Vec<Vec<(usize, usize)>> = Vec::new();
        for &(k, a, b, _) in arcs.iter().filter(|x| x.3 == side) {
            let (lo, hi) = (a.min(b), a.max(b));
            // Lane `used.len()` is always free: the search ends there.
            let l = (0..=used.len())
                .find(|&l| {
                    used.get(l)
                        .is_none_or(|spans| spans.iter().all(|&(x, y)| hi <= x || lo >= y))
                })
                .unwrap_or(0);
            if used.len() <= l {
                used.resize(l + 1, Vec::new());
            }
            used[l].push((lo, hi));
            lane_of.insert(k, l);
        }
    }
    // Where each arc meets its nodes: the ends on one side of a node are
    // spread along it, so that no two arrowheads or starts coincide.
    let mut ends: Ends = std::collections::HashMap::new();
    for &(k, a, b, right) in &arcs {
        ends.entry((a, right)).or_default().push((k, true, b));
        ends.entry((b, right)).or_default().push((k, false, a));
    }
    let mut end_y: std::collections::HashMap<(usize, bool), f64> = std::collections::HashMap::new();
    for ((node, _), list) in &mut ends {
        // Ends towards nodes above first, so that arcs do not cross.
        list.sort_by_key(|&(k, _, other)| (other, k));
        let (ny, nh) = node_y[*node];
        let n = list.len() as f64;
        let step = ((nh - 4.0) / n).min(6.0);
        for (i, &(k, start, _)) in list.iter().enumerate() {
            end_y.insert(
                (k, start),
                ny + nh / 2.0 + (i as f64 - (n - 1.0) / 2.0) * step,
            );
        }
    }
    let mut drawings: Vec<Drawing> = Vec::new();
    let mut arrows = String::new();
    for &(k, a, b) in &drawn {
        let f = &flows[k];
        let colour = kind_colour(f.kind);
        let stroke = width_of(f.strength);
        let dash = kind_dash(f.kind);
        let marker = format!("url(#flow-arrow-{})", f.kind.label());
        if b == a + 1 {
            let x = straight_x[&k];
            let (y1, y2) = (node_y[a].0 + node_y[a].1, node_y[b].0);
            let _ = writeln!(
                arrows,
                r#"<line class="flow" x1="{x:.2}" y1="{y1:.2}" x2="{x:.2}" y2="{:.2}" stroke="{colour}" stroke-width="{stroke}"{dash} marker-end="{marker}"/>"#,
                y2 - 1.0
            );
            drawings.push(Drawing {
                flow: k,
                path: vec![(x, y1), (x, y2)],
                side: Side::Straight,
                apex: (x, f64::midpoint(y1, y2)),
                span: (y1, y2),
            });
        } else {
            let right = b < a;
            let off = 10.0 + lane_of.get(&k).copied().unwrap_or(0) as f64 * lane;
            let (ya, yb) = (end_y[&(k, true)], end_y[&(k, false)]);
            let (edge, out) = if right {
                (node_x + node_w, node_x + node_w + off)
            } else {
                (node_x, node_x - off)
            };
            let tip = if right { edge + 1.0 } else { edge - 1.0 };
            let _ = writeln!(
                arrows,
                r#"<path class="flow" d="M{edge:.2},{ya:.2} C{out:.2},{ya:.2} {out:.2},{yb:.2} {tip:.2},{yb:.2}" fill="none" stroke="{colour}" stroke-width="{stroke}"{dash} marker-end="{marker}"/>"#
            );
            // The curve reaches 3/4 of the way out at its middle.
            let reach = edge + (out - edge) * 0.75;
            drawings.push(Drawing {
                flow: k,
                path: bezier((edge, ya), (out, ya), (out, yb), (tip, yb)),
                side: if right { Side::Right } else { Side::Left },
                apex: (reach, f64::midpoint(ya, yb)),
                span: (ya.min(yb), ya.max(yb)),
            });
        }
    }

    // Labels in free space: off every line, node and other label; beside
    // their arc when there is room, else beyond all arcs on that side with
    // a leader.
    let boxes: Vec<Rect> = (0..nodes.len()).map(node_box).collect();
    let canvas = Rect {
        x: pad,
        y: top - 2.0,
        w: inner,
        h: f64::MAX / 4.0,
    };
    let outermost = |right: bool| {
        drawings
            .iter()
            .filter(|d| d.side == if right { Side::Right } else { Side::Left })
            .flat_map(|d| d.path.iter().map(|p| p.0))
            .fold(if right { node_x + node_w } else { node_x }, |m, x| {
                if right { m.max(x) } else { m.min(x) }
            })
    };
    let mut placed: Vec<(usize, Placed)> = Vec::new();
    let mut order: Vec<usize> = (0..drawings.len()).collect();
    // Straight arrows first (their gap is theirs), then arcs inside out.
    order.sort_by_key(|&i| {
        let d = &drawings[i];
        (
            d.side != Side::Straight,
            lane_of.get(&d.flow).copied().unwrap_or(0),
        )
    });
    for i in order {
        let d = &drawings[i];
        let text = text_of(&flows[d.flow]);
        let free = |r: &Rect, placed: &[(usize, Placed)]| {
            r.inside(&canvas)
                && !boxes.iter().any(|b| b.intersects(r))
                && !placed.iter().any(|(_, p)| p.rect.intersects(r))
                && !drawings
                    .iter()
                    .any(|o| o.path.windows(2).any(|s| segment_hits(s[0], s[1], r, 1.0)))
        };
        // Candidate spots: (x of the box's near edge, text to the right?,
        // room, needs a leader).
        let mut spots: Vec<(f64, bool, f64, bool)> = Vec::new();
        match d.side {
            Side::Straight => {
                let a = index(&flows[d.flow].from).unwrap_or(0);
                spots.push((d.apex.0 + 4.0, true, room_right(a, d.apex.0), false));
                spots.push((d.apex.0 - 4.0, false, d.apex.0 - 4.0 - pad, false));
                let right = outermost(true) + 5.0;
                spots.push((right, true, w - pad - right, true));
                let left = outermost(false) - 5.0;
                spots.push((left, false, left - pad, true));
            }
            Side::Right => {
                spots.push((d.apex.0 + 3.0, true, w - pad - d.apex.0 - 3.0, false));
                let beyond = outermost(true) + 5.0;
                spots.push((beyond, true, w - pad - beyond, true));
                let other = outermost(false) - 5.0;
                spots.push((other, false, other - pad, true));
            }
            Side::Left => {
                spots.push((d.apex.0 - 3.0, false, d.apex.0 - 3.0 - pad, false));
                let beyond = outermost(false) - 5.0;
                spots.push((beyond, false, beyond - pad, true));
                let other = outermost(true) + 5.0;
                spots.push((other, true, w - pad - other, true));
            }
        }
        let mut found: Option<Placed> = None;
        'spots: for &(x, rightward, room, far) in &spots {
            if room < super::font::widest_piece(&text, FONT, false) {
                continue;
            }
            let ls = super::font::wrap_words(&text, FONT, false, room);
            let lw = ls
                .iter()
                .map(|l| super::font::text_width(l, FONT, false))
                .fold(0.0, f64::max);
            let h = ls.len() as f64 * LEAD;
            // Slide from the middle of the span outwards: beside the arc
            // within its span, beyond every arc a little further.
            let (lo, hi) = d.span;
            let mid = d.apex.1 - h / 2.0;
            let reach = if far {
                (hi - lo) / 2.0 + chain_bottom - top
            } else {
                ((hi - lo) / 2.0 - h / 2.0).max(0.0)
            };
            let mut k = 0;
            while f64::from(k) * 1.5 <= reach {
                for sign in [1.0, -1.0] {
                    let ty = mid + sign * f64::from(k) * 1.5;
                    let r = Rect {
                        x: if rightward { x } else { x - lw },
                        y: ty,
                        w: lw,
                        h,
                    };
                    if free(&r, &placed) {
                        let away = far || ty + h < lo - 2.0 || ty > hi + 2.0;
                        found = Some(Placed {
                            rect: r,
                            lines: ls.clone(),
                            end: !rightward,
                            leader: (away || d.side == Side::Straight && (ty + h < lo || ty > hi))
                                .then_some(d.apex),
                        });
                        break 'spots;
                    }
                    if k == 0 {
                        break;
                    }
                }
                k += 1;
            }
        }
        if let Some(p) = found {
            placed.push((d.flow, p));
        }
    }
    let mut labels_svg = String::new();
    for (_, p) in &placed {
        if let Some((ax, ay)) = p.leader {
            let nx = ax.clamp(p.rect.x, p.rect.right());
            let ny = ay.clamp(p.rect.y, p.rect.bottom());
            let _ = writeln!(
                labels_svg,
                r##"<line class="leader" x1="{ax:.2}" y1="{ay:.2}" x2="{nx:.2}" y2="{ny:.2}" stroke="#888888" stroke-width="0.5"/>"##
            );
        }
        for (i, line) in p.lines.iter().enumerate() {
            let base = p.rect.y + FONT * ASCENT + i as f64 * LEAD;
            let mut l = if p.end {
                Label::new(line.clone(), p.rect.right(), base, FONT).anchor(Anchor::End)
            } else {
                Label::new(line.clone(), p.rect.x, base, FONT)
            };
            l = l.class("flow-label");
            texts.push(l);
        }
    }
    let diagram_bottom = placed
        .iter()
        .map(|(_, p)| p.rect.bottom())
        .chain(drawings.iter().flat_map(|d| d.path.iter().map(|p| p.1)))
        .fold(chain_bottom, f64::max);
    let diagram = Rect {
        x: pad,
        y: top,
        w: inner,
        h: diagram_bottom - top,
    };

    // Legend: kinds (letter, pattern, colour), strengths, sides, and the
    // key of numbered nodes; or all of it in the caption.
    let kinds: Vec<(FlowKind, String)> = FlowKind::ALL
        .into_iter()
        .map(|kind| {
            (
                kind,
                format!(
                    "{} {}",
                    words::letter(tr, kind),
                    super::labels::flow_kind_words(tr, kind)
                ),
            )
        })
        .collect();
    let notes = [words::STRENGTH, words::SIDES].map(|id| tr.text(id));
    let key: Vec<String> = nodes
        .iter()
        .enumerate()
        .map(|(i, (_, name))| format!("{}\u{a0}{name}", i + 1))
        .collect();
    let mut legend_svg = String::new();
    // A one-column figure sets its legend tighter (at most 1.5 widths high).
    let (legend_gap, kind_lead) = if compact {
        (10.0, FONT * 1.5)
    } else {
        (12.0, FONT * 1.8)
    };
    if placing.captioned(Part::Scales) {
        let list: Vec<&str> = kinds.iter().map(|(_, t)| t.as_str()).collect();
        caption.push(format!("{}: {}.", tr.text(words::KINDS), list.join("; ")));
    }
    if placing.captioned(Part::Notes) {
        caption.extend(notes.iter().cloned());
    }
    if numbered && placing.captioned(Part::Key) {
        caption.push(format!("{}: {}.", tr.text(words::NODES), key.join("; ")));
    }
    let draw_kinds = placing.drawn(Part::Scales);
    let draw_notes = placing.drawn(Part::Notes);
    let draw_key = numbered && placing.drawn(Part::Key);
    let mut ly = diagram_bottom;
    if draw_kinds || draw_notes || draw_key || flows.is_empty() {
        ly += legend_gap;
        if draw_kinds {
            let mut lx = pad;
            for (kind, text) in &kinds {
                let lw = 22.0 + super::font::text_width(text, FONT, false) + 12.0;
                if lx + lw - 12.0 > w - pad && lx > pad {
                    lx = pad;
                    ly += kind_lead;
                }
                let _ = writeln!(
                    legend_svg,
                    r#"<line x1="{lx:.2}" y1="{:.2}" x2="{:.2}" y2="{:.2}" stroke="{}" stroke-width="1.8"{}/>"#,
                    ly - 2.5,
                    lx + 18.0,
                    ly - 2.5,
                    kind_colour(*kind),
                    kind_dash(*kind)
                );
                texts.push(Label::new(text.clone(), lx + 22.0, ly, FONT).class("legend"));
                lx += lw;
            }
            ly += kind_lead;
        }
        if draw_notes {
            for note in &notes {
                let (ls, end) = lines(note, pad, ly, FONT, inner, FONT * 1.3, false);
                texts.extend(ls.into_iter().map(|l| l.fill("#333333").class("legend")));
                ly = end;
            }
        }
        if draw_key {
            let (ls, end) = lines(
                &format!("{}: {}", tr.text(words::NODES), key.join(" \u{00b7} ")),
                pad,
                ly,
                FONT,
                inner,
                FONT * 1.3,
                false,
            );
            texts.extend(ls.into_iter().map(|l| l.class("key")));
            ly = end;
        }
        if flows.is_empty() {
            texts.push(
                Label::new(tr.text(words::EMPTY), pad, ly + 4.0, 9.0)
                    .fill("#555555")
                    .class("legend"),
            );
            ly += 14.0;
        }
        ly = ly - FONT * 1.3 + FONT * DESCENT;
    }
    let height = ly + pad;

    let mut s = open(w, height, "flow", &words::accessible_title(tr, flows.len()));
    super::svg_text::plot_area(&mut s, diagram);
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
    for (i, ((id, name), ls)) in nodes.iter().zip(&node_lines).enumerate() {
        let (ny, nh) = node_y[i];
        let is_stage = template.stage(id).is_some();
        let (fill, ink) = if is_stage {
            ("#2166ac", "#ffffff")
        } else {
            ("#eeeeee", "#222222")
        };
        let _ = writeln!(
            s,
            r##"<rect class="node" x="{node_x:.2}" y="{ny:.2}" width="{node_w:.2}" height="{nh:.2}" rx="4" fill="{fill}" stroke="#333333" stroke-width="0.6"><title>{}</title></rect>"##,
            escape(name)
        );
        let first = ny + nh / 2.0 - (ls.len() as f64 - 1.0) * LEAD / 2.0 + FONT * 0.35;
        for (k, line) in ls.iter().enumerate() {
            let base = first + k as f64 * LEAD;
            let _ = writeln!(
                s,
                r#"<text class="node-name" x="{cx:.2}" y="{base:.2}" font-size="{FONT}" font-weight="bold" text-anchor="middle" fill="{ink}">{}</text>"#,
                escape(line)
            );
        }
    }
    s.push_str(&labels_svg);
    for t in &texts {
        t.write(&mut s);
    }
    s.push_str(&legend_svg);
    s.push_str("</svg>\n");
    let drawn = Drawn {
        svg: s,
        caption: super::svg_text::caption(&caption),
    };
    (drawn, height / w)
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
        // Every stage, and the sources and sinks a flow touches.
        for (id, name) in t.flow_map_nodes() {
            let touched = flows.iter().any(|f| f.from == id || f.to == id);
            assert_eq!(
                svg.contains(&format!(">{}<", escape(&name))),
                t.stage(&id).is_some() || touched,
                "{name}"
            );
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

    /// The points of every drawn flow (straight lines and cubic arcs), and
    /// the end point of each, read back from the SVG.
    fn flow_paths(svg: &str) -> Vec<Vec<(f64, f64)>> {
        let attr = |l: &str, k: &str| -> Option<String> {
            l.split(&format!(" {k}=\""))
                .nth(1)?
                .split('"')
                .next()
                .map(str::to_owned)
        };
        let num = |v: &str| v.parse::<f64>().unwrap_or(f64::NAN);
        svg.lines()
            .filter(|l| l.contains(r#"class="flow""#))
            .map(|l| {
                if l.starts_with("<line") {
                    let g = |k| num(&attr(l, k).unwrap_or_default());
                    vec![(g("x1"), g("y1")), (g("x2"), g("y2"))]
                } else {
                    // M x,y C x,y x,y x,y
                    let d = attr(l, "d").unwrap_or_default();
                    let pts: Vec<(f64, f64)> = d
                        .replace(['M', 'C'], " ")
                        .split_whitespace()
                        .filter_map(|p| {
                            let (x, y) = p.split_once(',')?;
                            Some((num(x), num(y)))
                        })
                        .collect();
                    bezier(pts[0], pts[1], pts[2], pts[3])
                }
            })
            .collect()
    }

    /// The example's flows, and two more arriving at Processing's right
    /// side beside the recycling loop: every label clear of every line,
    /// arrowheads at distinct points, each kind its own line pattern.
    #[test]
    fn labels_sit_off_the_lines_and_every_arrowhead_shows() {
        let mut s = crate::synthetic::example_session();
        let next = u32::try_from(s.flows.len()).unwrap_or(0);
        s.flows.push(flow(
            next + 1,
            "collection",
            "processing",
            FlowKind::Remanufacture,
        ));
        s.flows
            .push(flow(next + 2, "use", "processing", FlowKind::Reuse));
        for width_mm in [85.0, 120.0, 170.0] {
            let svg = render_figure(
                &s.template,
                &s.flows,
                &FigureOptions {
                    width_mm,
                    ..FigureOptions::default()
                },
            );
            let paths = flow_paths(&svg);
            assert_eq!(paths.len(), s.flows.len(), "every flow drawn");
            let labels: Vec<Rect> = svg
                .lines()
                .filter(|l| l.contains(r#"class="flow-label""#))
                .map(|l| {
                    let get = |k: &str| -> f64 {
                        l.split(&format!(" {k}=\""))
                            .nth(1)
                            .and_then(|v| v.split('"').next())
                            .and_then(|v| v.parse().ok())
                            .unwrap_or(f64::NAN)
                    };
                    let text = l
                        .split('>')
                        .nth(1)
                        .and_then(|t| t.split('<').next())
                        .unwrap_or("");
                    let mut lab = Label::new(text, get("x"), get("y"), FONT);
                    if l.contains(r#"text-anchor="end""#) {
                        lab = lab.anchor(Anchor::End);
                    }
                    lab.bbox()
                })
                .collect();
            assert!(labels.len() >= s.flows.len(), "every flow labelled");
            for r in &labels {
                for p in &paths {
                    assert!(
                        !p.windows(2).any(|seg| segment_hits(seg[0], seg[1], r, 0.3)),
                        "{width_mm} mm: a label {r:?} sits on a line"
                    );
                }
            }
            // Where each arrow ends: no two heads on one point.
            let heads: Vec<(f64, f64)> = paths.iter().filter_map(|p| p.last().copied()).collect();
            for (i, a) in heads.iter().enumerate() {
                for b in &heads[i + 1..] {
                    let d = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt();
                    assert!(d > 2.5, "{width_mm} mm: two arrowheads at {a:?} and {b:?}");
                }
            }
        }
        let patterns: std::collections::BTreeSet<&str> =
            FlowKind::ALL.into_iter().map(kind_dash).collect();
        assert_eq!(patterns.len(), FlowKind::ALL.len(), "a pattern per kind");
    }

    /// The key speaks the session's language; long names become numbers
    /// with a key; a session's untouched sinks are left out.
    #[test]
    fn swedish_letters_and_numbered_long_names() {
        let mut s = crate::synthetic::example_session();
        let sv = Tr::new("sv");
        let svg = render_figure(
            &s.template,
            &s.flows,
            &FigureOptions {
                tr: sv,
                ..FigureOptions::default()
            },
        );
        assert!(svg.contains(">Å återanvändning<"), "the key in Swedish");
        assert!(svg.contains(">V återvinning<"));
        assert!(
            !svg.contains(">U reuse<") && !svg.contains(">R "),
            "no English letters"
        );
        for f in &s.flows {
            let letter = words::letter(sv, f.kind);
            assert!(svg.contains(&format!(">{letter}")), "{letter}");
        }
        s.template.stages[0].name = "Exploration and prospecting of deposits".repeat(3);
        let svg = render_figure(&s.template, &s.flows, &FigureOptions::default());
        assert!(
            svg.contains(r#"class="node-name""#) && svg.contains(">1<"),
            "numbered"
        );
        assert!(svg.contains("Nodes: 1\u{a0}"), "with a key");
    }
}
