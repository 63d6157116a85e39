//! Figure 2, the conceptual model, as a standalone SVG picture for papers:
//! each stage a bubble placed by the medians of the model mapping's `x` and
//! `y` dimensions, sized by `size`, coloured by `colour`, with axes, anchor
//! words, quadrant labels, a legend and non-overlapping stage labels. Stages
//! without consensus get a dashed outline.

use std::fmt::Write as _;

use super::labels::dim_name;
pub use super::labels::{escape_xml as escape, fmt_value};
use crate::analysis::compare::latest_rated_round;
use crate::analysis::{Aggregate, Placement};
use crate::domain::{Dimension, Scale, Session, Template};
use crate::text_width::{self, wrap};

/// Colour-blind-safe sequential palette (viridis stops).
const VIRIDIS: [(u8, u8, u8); 5] = [
    (0x44, 0x01, 0x54),
    (0x3b, 0x52, 0x8b),
    (0x21, 0x91, 0x8c),
    (0x5e, 0xc9, 0x62),
    (0xfd, 0xe7, 0x25),
];

/// The palette colour at `t` in `[0, 1]`, as `#rrggbb`.
#[must_use]
pub fn ramp(t: f64) -> String {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let pos = t * 4.0;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let i = (pos.floor() as usize).min(3);
    #[allow(clippy::cast_precision_loss)]
    let f = pos - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |x: u8, y: u8| -> u8 {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let v = (f64::from(x) + (f64::from(y) - f64::from(x)) * f).round() as u8;
        v
    };
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(a.0, b.0),
        mix(a.1, b.1),
        mix(a.2, b.2)
    )
}

/// Where `v` sits on `scale`, in `[0, 1]`.
#[must_use]
pub fn unit(scale: Scale, v: f64) -> f64 {
    let span = f64::from(scale.max) - f64::from(scale.min);
    if span <= 0.0 {
        return 0.5;
    }
    ((v - f64::from(scale.min)) / span).clamp(0.0, 1.0)
}

/// An axis-aligned box in SVG user units.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    #[must_use]
    pub fn intersects(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }

    fn inside(&self, o: &Rect) -> bool {
        self.x >= o.x
            && self.y >= o.y
            && self.x + self.w <= o.x + o.w
            && self.y + self.h <= o.y + o.h
    }

    fn hits_circle(&self, cx: f64, cy: f64, r: f64) -> bool {
        let nx = cx.clamp(self.x, self.x + self.w);
        let ny = cy.clamp(self.y, self.y + self.h);
        (nx - cx).powi(2) + (ny - cy).powi(2) < r * r
    }
}

/// One drawn stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Bubble {
    pub stage: String,
    pub name: String,
    pub cx: f64,
    pub cy: f64,
    pub r: f64,
    pub fill: String,
    pub consensus: bool,
    /// The label's box; text baseline is at `label.y + 0.8 * label.h`.
    pub label: Rect,
    /// Whether the label sits away from its bubble and needs a leader line.
    pub leader: bool,
}

/// Everything placed on the figure, for rendering and for tests.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub bubbles: Vec<Bubble>,
    /// Stage names that could not be placed (x or y unrated).
    pub unplaced: Vec<String>,
    pub quadrant_labels: Vec<(String, Rect)>,
    pub plot: Rect,
    /// Whether bubbles on the same spot were moved apart to stay visible.
    pub nudged: bool,
}

/// Moves bubbles that sit on the same spot apart around that spot, so that
/// none hides another; returns whether any moved.
fn dodge(bubbles: &mut [Bubble]) -> bool {
    let mut done = vec![false; bubbles.len()];
    let mut any = false;
    for i in 0..bubbles.len() {
        if done[i] {
            continue;
        }
        let group: Vec<usize> = (i..bubbles.len())
            .filter(|&j| {
                !done[j]
                    && (bubbles[j].cx - bubbles[i].cx).abs() < 1.0
                    && (bubbles[j].cy - bubbles[i].cy).abs() < 1.0
            })
            .collect();
        for &j in &group {
            done[j] = true;
        }
        if group.len() < 2 {
            continue;
        }
        any = true;
        let rmax = group.iter().map(|&j| bubbles[j].r).fold(0.0, f64::max);
        let d = (rmax * 0.7).clamp(8.0, 22.0);
        let (cx, cy) = (bubbles[i].cx, bubbles[i].cy);
        #[allow(clippy::cast_precision_loss)]
        let k = group.len() as f64;
        for (n, &j) in group.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let a = std::f64::consts::TAU * n as f64 / k - std::f64::consts::FRAC_PI_2;
            bubbles[j].cx = cx + d * a.cos();
            bubbles[j].cy = cy + d * a.sin();
        }
    }
    any
}

pub const WIDTH: f64 = 960.0;
pub const HEIGHT: f64 = 700.0;
const PLOT: Rect = Rect {
    x: 120.0,
    y: 70.0,
    w: 540.0,
    h: 500.0,
};
const LABEL_FONT: f64 = 13.0;
const QUAD_FONT: f64 = 12.0;
const R_MIN: f64 = 9.0;
const R_MAX: f64 = 30.0;

/// Rough width of `text` in a sans-serif font of `size` (no font metrics in a
/// pure exporter; generous so that labels do not collide in practice). Its
/// display width is the base: a CJK ideograph is about twice as wide as a
/// Latin letter, a combining mark adds nothing.
#[must_use]
pub fn text_width(text: &str, size: f64) -> f64 {
    #[allow(clippy::cast_precision_loss)]
    let n = text_width::width(text) as f64;
    n * size * 0.6 + 2.0
}

fn radius(t: f64) -> f64 {
    // Area, not radius, grows with the value.
    (R_MIN * R_MIN + t * (R_MAX * R_MAX - R_MIN * R_MIN)).sqrt()
}

fn quadrant_texts() -> [(&'static str, bool, bool); 4] {
    // (text, right half, top half)
    [
        ("Quick wins\nhigh impact, low difficulty", false, true),
        ("Major projects\nhigh impact, high difficulty", true, true),
        ("Fill-ins\nlow impact, low difficulty", false, false),
        ("Thankless tasks\nlow impact, high difficulty", true, false),
    ]
}

/// Positions every bubble and label of the model.
#[must_use]
pub fn layout(template: &Template, placements: &[Placement]) -> Layout {
    let dim = |id: &str| template.dimension(id);
    let scale_of = |id: &str| dim(id).map_or(Scale { min: 1, max: 5 }, |d| d.scale);
    let (sx, sy, ss, sc) = (
        scale_of(&template.model.x),
        scale_of(&template.model.y),
        scale_of(&template.model.size),
        scale_of(&template.model.colour),
    );
    // Half a step of padding so that bubbles at the scale ends stay inside.
    let px = |v: f64| {
        let pad = 0.1;
        PLOT.x + PLOT.w * (pad + (1.0 - 2.0 * pad) * unit(sx, v))
    };
    let py = |v: f64| {
        let pad = 0.1;
        PLOT.y + PLOT.h * (1.0 - (pad + (1.0 - 2.0 * pad) * unit(sy, v)))
    };

    let mut bubbles: Vec<Bubble> = Vec::new();
    let mut unplaced = Vec::new();
    for p in placements {
        let name = template
            .stage(&p.stage)
            .map_or_else(|| p.stage.clone(), |s| s.name.clone());
        let (Some(x), Some(y)) = (p.x, p.y) else {
            unplaced.push(name);
            continue;
        };
        let r = p.size.map_or(R_MIN, |s| radius(unit(ss, s)));
        let fill = p
            .colour
            .map_or_else(|| "#bbbbbb".to_owned(), |c| ramp(unit(sc, c)));
        bubbles.push(Bubble {
            stage: p.stage.clone(),
            name,
            cx: px(x),
            cy: py(y),
            r,
            fill,
            consensus: p.consensus,
            label: Rect {
                x: 0.0,
                y: 0.0,
                w: 0.0,
                h: 0.0,
            },
            leader: false,
        });
    }
    let nudged = dodge(&mut bubbles);
    // Quadrant labels: in a corner of their quadrant that no bubble covers
    // (outer corner first), else the corner with the least covered.
    let (mid_x, mid_y) = (
        px((f64::from(sx.min) + f64::from(sx.max)) / 2.0),
        py((f64::from(sy.min) + f64::from(sy.max)) / 2.0),
    );
    let mut obstacles: Vec<Rect> = Vec::new();
    let mut quadrant_labels = Vec::new();
    for (text, right, top) in quadrant_texts() {
        let w = text
            .lines()
            .map(|l| text_width(l, QUAD_FONT))
            .fold(0.0, f64::max);
        #[allow(clippy::cast_precision_loss)]
        let h = QUAD_FONT * 1.3 * text.lines().count() as f64;
        let (x0, x1) = if right {
            (mid_x, PLOT.x + PLOT.w)
        } else {
            (PLOT.x, mid_x)
        };
        let (y0, y1) = if top {
            (PLOT.y, mid_y)
        } else {
            (mid_y, PLOT.y + PLOT.h)
        };
        let (left_x, right_x) = (x0 + 6.0, x1 - w - 6.0);
        let (top_y, bottom_y) = (y0 + 6.0, y1 - h - 6.0);
        let outer_x = if right { right_x } else { left_x };
        let inner_x = if right { left_x } else { right_x };
        let outer_y = if top { top_y } else { bottom_y };
        let inner_y = if top { bottom_y } else { top_y };
        let candidates = [
            (outer_x, outer_y),
            (inner_x, outer_y),
            (outer_x, inner_y),
            (inner_x, inner_y),
        ];
        let covered = |r: &Rect| {
            bubbles
                .iter()
                .filter(|b| r.hits_circle(b.cx, b.cy, b.r + 2.0))
                .count()
        };
        let r = candidates
            .iter()
            .map(|&(x, y)| Rect { x, y, w, h })
            .min_by_key(covered)
            .unwrap_or(Rect {
                x: outer_x,
                y: outer_y,
                w,
                h,
            });
        obstacles.push(r);
        quadrant_labels.push((text.to_owned(), r));
    }
    place_labels(&mut bubbles, &obstacles);
    Layout {
        nudged,
        bubbles,
        unplaced,
        quadrant_labels,
        plot: PLOT,
    }
}

/// Greedy label placement: for each label, try eight directions around its
/// bubble at growing distances; take the first box inside the plot that
/// overlaps no placed label or fixed text, preferring boxes that also clear
/// every bubble. Far labels get a leader line.
fn place_labels(bubbles: &mut [Bubble], fixed: &[Rect]) {
    let circles: Vec<(f64, f64, f64)> = bubbles.iter().map(|b| (b.cx, b.cy, b.r)).collect();
    // Crowded bubbles first: they have the fewest good spots.
    let mut order: Vec<usize> = (0..bubbles.len()).collect();
    let crowd = |i: usize| {
        circles
            .iter()
            .enumerate()
            .filter(|(j, c)| {
                *j != i
                    && ((c.0 - circles[i].0).powi(2) + (c.1 - circles[i].1).powi(2)).sqrt() < 120.0
            })
            .count()
    };
    order.sort_by_key(|&i| std::cmp::Reverse(crowd(i)));
    let mut placed: Vec<Rect> = fixed.to_vec();
    let area = Rect {
        x: PLOT.x + 2.0,
        y: PLOT.y + 2.0,
        w: PLOT.w - 4.0,
        h: PLOT.h - 4.0,
    };
    for i in order {
        let (cx, cy, r) = circles[i];
        let w = text_width(&bubbles[i].name, LABEL_FONT);
        let h = LABEL_FONT * 1.25;
        let mut best_hard: Option<(Rect, bool)> = None;
        let mut chosen: Option<(Rect, bool)> = None;
        'rings: for ring in 0..40 {
            let d = r + 3.0 + f64::from(ring) * 7.0;
            let diag = d * std::f64::consts::FRAC_1_SQRT_2;
            let candidates = [
                Rect {
                    x: cx + d,
                    y: cy - h / 2.0,
                    w,
                    h,
                },
                Rect {
                    x: cx - d - w,
                    y: cy - h / 2.0,
                    w,
                    h,
                },
                Rect {
                    x: cx - w / 2.0,
                    y: cy - d - h,
                    w,
                    h,
                },
                Rect {
                    x: cx - w / 2.0,
                    y: cy + d,
                    w,
                    h,
                },
                Rect {
                    x: cx + diag,
                    y: cy - diag - h,
                    w,
                    h,
                },
                Rect {
                    x: cx - diag - w,
                    y: cy - diag - h,
                    w,
                    h,
                },
                Rect {
                    x: cx + diag,
                    y: cy + diag,
                    w,
                    h,
                },
                Rect {
                    x: cx - diag - w,
                    y: cy + diag,
                    w,
                    h,
                },
            ];
            for c in candidates {
                if !c.inside(&area) || placed.iter().any(|p| p.intersects(&c)) {
                    continue;
                }
                let leader = ring > 1;
                if best_hard.is_none() {
                    best_hard = Some((c, leader));
                }
                if !circles.iter().any(|&(x, y, rr)| c.hits_circle(x, y, rr)) {
                    chosen = Some((c, leader));
                    break 'rings;
                }
            }
        }
        // Fallback: below the plot, one line per unplaceable label.
        let (rect, leader) = chosen.or(best_hard).unwrap_or_else(|| {
            let y = placed
                .iter()
                .filter(|p| p.y >= PLOT.y + PLOT.h)
                .map(|p| p.y + p.h)
                .fold(PLOT.y + PLOT.h + 70.0, f64::max);
            (Rect { x: PLOT.x, y, w, h }, true)
        });
        placed.push(rect);
        bubbles[i].label = rect;
        bubbles[i].leader = leader;
    }
}

/// Renders the model of the latest rated round of `session`.
#[must_use]
pub fn render(session: &Session) -> String {
    let agg = Aggregate::new(session);
    let round = latest_rated_round(session);
    let placements = agg.model(&session.template, round);
    let subtitle = super::labels::subtitle(session, round);
    render_placements(&session.template, &placements, &subtitle)
}

/// Renders the model from plain placements.
#[must_use]
#[allow(clippy::too_many_lines)]
pub fn render_placements(template: &Template, placements: &[Placement], subtitle: &str) -> String {
    let lay = layout(template, placements);
    let m = &template.model;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="Helvetica, Arial, sans-serif" role="img" aria-labelledby="model-title model-desc">"#
    );
    let _ = writeln!(
        s,
        r#"<title id="model-title">Conceptual model: {} against {}</title>"#,
        escape(&dim_name(template, &m.y)),
        escape(&dim_name(template, &m.x))
    );
    let mut desc = String::new();
    for b in &lay.bubbles {
        let p = placements.iter().find(|p| p.stage == b.stage);
        let _ = write!(
            desc,
            "{}: x {}, y {}, size {}, colour {}{}. ",
            b.name,
            fmt_value(p.and_then(|p| p.x)),
            fmt_value(p.and_then(|p| p.y)),
            fmt_value(p.and_then(|p| p.size)),
            fmt_value(p.and_then(|p| p.colour)),
            if b.consensus { "" } else { ", no consensus" }
        );
    }
    let _ = writeln!(
        s,
        r#"<desc id="model-desc">{}</desc>"#,
        escape(desc.trim_end())
    );
    let _ = writeln!(
        s,
        r##"<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        s,
        r##"<text x="{}" y="28" font-size="18" font-weight="bold" fill="#222">Conceptual model</text>"##,
        PLOT.x
    );
    let _ = writeln!(
        s,
        r##"<text x="{}" y="50" font-size="12" fill="#555">{}</text>"##,
        PLOT.x,
        escape(subtitle)
    );

    // Plot frame, grid and quadrant lines.
    let p = lay.plot;
    let _ = writeln!(
        s,
        r##"<rect x="{}" y="{}" width="{}" height="{}" fill="#fafafa" stroke="#333" stroke-width="1"/>"##,
        p.x, p.y, p.w, p.h
    );
    let scale_of = |id: &str| {
        template
            .dimension(id)
            .map_or(Scale { min: 1, max: 5 }, |d| d.scale)
    };
    let (sx, sy) = (scale_of(&m.x), scale_of(&m.y));
    let px = |v: f64| p.x + p.w * (0.1 + 0.8 * unit(sx, v));
    let py = |v: f64| p.y + p.h * (1.0 - (0.1 + 0.8 * unit(sy, v)));
    for v in sx.min..=sx.max {
        let x = px(f64::from(v));
        let _ = writeln!(
            s,
            r##"<line x1="{x:.1}" y1="{}" x2="{x:.1}" y2="{}" stroke="#333"/><text x="{x:.1}" y="{}" font-size="12" text-anchor="middle" fill="#333">{v}</text>"##,
            p.y + p.h,
            p.y + p.h + 5.0,
            p.y + p.h + 19.0
        );
    }
    for v in sy.min..=sy.max {
        let y = py(f64::from(v));
        let _ = writeln!(
            s,
            r##"<line x1="{}" y1="{y:.1}" x2="{}" y2="{y:.1}" stroke="#333"/><text x="{}" y="{:.1}" font-size="12" text-anchor="end" fill="#333">{v}</text>"##,
            p.x - 5.0,
            p.x,
            p.x - 8.0,
            y + 4.0
        );
    }
    let mid_x = px((f64::from(sx.min) + f64::from(sx.max)) / 2.0);
    let mid_y = py((f64::from(sy.min) + f64::from(sy.max)) / 2.0);
    let _ = writeln!(
        s,
        r##"<line x1="{mid_x:.1}" y1="{}" x2="{mid_x:.1}" y2="{}" stroke="#999" stroke-width="1" stroke-dasharray="2 3"/>"##,
        p.y,
        p.y + p.h
    );
    let _ = writeln!(
        s,
        r##"<line x1="{}" y1="{mid_y:.1}" x2="{}" y2="{mid_y:.1}" stroke="#999" stroke-width="1" stroke-dasharray="2 3"/>"##,
        p.x,
        p.x + p.w
    );
    for (text, r) in &lay.quadrant_labels {
        let _ = write!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="{QUAD_FONT}" font-style="italic" fill="#777">"##,
            r.x,
            r.y + QUAD_FONT
        );
        for (i, line) in text.lines().enumerate() {
            let weight = if i == 0 { r#" font-weight="bold""# } else { "" };
            let dy = if i == 0 { 0.0 } else { QUAD_FONT * 1.3 };
            let _ = write!(
                s,
                r#"<tspan x="{:.1}" dy="{dy:.1}"{weight}>{}</tspan>"#,
                r.x,
                escape(line)
            );
        }
        s.push_str("</text>\n");
    }

    // Axis titles and anchor words.
    let (dx, dy) = (template.dimension(&m.x), template.dimension(&m.y));
    let _ = writeln!(
        s,
        r##"<text x="{:.1}" y="{}" font-size="14" font-weight="bold" text-anchor="middle" fill="#222">{}</text>"##,
        p.x + p.w / 2.0,
        p.y + p.h + 40.0,
        escape(&dim_name(template, &m.x))
    );
    if let Some(d) = dx {
        let _ = writeln!(
            s,
            r##"<text x="{}" y="{}" font-size="12" fill="#555">{}</text><text x="{}" y="{}" font-size="12" text-anchor="end" fill="#555">{}</text>"##,
            p.x,
            p.y + p.h + 58.0,
            escape(&format!("\u{2190} {}", d.anchors.low)),
            p.x + p.w,
            p.y + p.h + 58.0,
            escape(&format!("{} \u{2192}", d.anchors.high))
        );
    }
    let (tx, ty) = (p.x - 58.0, p.y + p.h / 2.0);
    let _ = writeln!(
        s,
        r##"<text x="{tx}" y="{ty}" font-size="14" font-weight="bold" text-anchor="middle" fill="#222" transform="rotate(-90 {tx} {ty})">{}</text>"##,
        escape(&dim_name(template, &m.y))
    );
    if let Some(d) = dy {
        let ax = p.x - 40.0;
        let (y0, y1) = (p.y + p.h, p.y);
        let _ = writeln!(
            s,
            r##"<text x="{ax}" y="{y0}" font-size="12" fill="#555" transform="rotate(-90 {ax} {y0})">{}</text><text x="{ax}" y="{y1}" font-size="12" text-anchor="end" fill="#555" transform="rotate(-90 {ax} {y1})">{}</text>"##,
            escape(&format!("\u{2190} {}", d.anchors.low)),
            escape(&format!("{} \u{2192}", d.anchors.high))
        );
    }

    // Bubbles (largest first so that small ones stay visible), then labels.
    let mut drawn: Vec<&Bubble> = lay.bubbles.iter().collect();
    drawn.sort_by(|a, b| b.r.total_cmp(&a.r));
    for b in &drawn {
        let dash = if b.consensus {
            String::new()
        } else {
            r#" stroke-dasharray="5 3""#.to_owned()
        };
        let _ = writeln!(
            s,
            r##"<circle cx="{:.1}" cy="{:.1}" r="{:.1}" fill="{}" fill-opacity="0.82" stroke="#222" stroke-width="{}"{dash}><title>{}</title></circle>"##,
            b.cx,
            b.cy,
            b.r,
            b.fill,
            if b.consensus { "1.2" } else { "2" },
            escape(&b.name)
        );
    }
    for b in &lay.bubbles {
        let l = b.label;
        if b.leader {
            // From the bubble's rim towards the nearest point of the label.
            let nx = b.cx.clamp(l.x, l.x + l.w);
            let ny = b.cy.clamp(l.y, l.y + l.h);
            let (vx, vy) = (nx - b.cx, ny - b.cy);
            let len = (vx * vx + vy * vy).sqrt().max(1e-6);
            let _ = writeln!(
                s,
                r##"<line x1="{:.1}" y1="{:.1}" x2="{nx:.1}" y2="{ny:.1}" stroke="#666" stroke-width="0.8"/>"##,
                b.cx + vx / len * b.r,
                b.cy + vy / len * b.r
            );
        }
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="{LABEL_FONT}" fill="#111" data-stage="{}">{}</text>"##,
            l.x + 1.0,
            l.y + l.h * 0.8,
            escape(&b.stage),
            escape(&b.name)
        );
    }
    if lay.nudged {
        let _ = writeln!(
            s,
            r##"<text x="{}" y="{}" font-size="12" fill="#555">Stages with the same medians are drawn slightly apart around their common point.</text>"##,
            p.x,
            HEIGHT - 28.0
        );
    }
    if !lay.unplaced.is_empty() {
        let _ = writeln!(
            s,
            r##"<text x="{}" y="{}" font-size="12" fill="#555">{}</text>"##,
            p.x,
            HEIGHT - 12.0,
            escape(&format!(
                "Not placed (not rated yet): {}",
                lay.unplaced.join(", ")
            ))
        );
    }

    legend(&mut s, template);
    s.push_str("</svg>\n");
    s
}

fn legend(s: &mut String, template: &Template) {
    let m = &template.model;
    let lx = PLOT.x + PLOT.w + 30.0;
    let mut y = PLOT.y + 4.0;
    let chars = 36;
    let heading = |s: &mut String, y: &mut f64, text: &str| {
        for line in wrap(text, chars - 4) {
            let _ = writeln!(
                s,
                r##"<text x="{lx}" y="{:.1}" font-size="13" font-weight="bold" fill="#222">{}</text>"##,
                *y + 10.0,
                escape(&line)
            );
            *y += 16.0;
        }
    };
    let small = |s: &mut String, x: f64, y: f64, text: &str| {
        let _ = writeln!(
            s,
            r##"<text x="{x:.1}" y="{y:.1}" font-size="11" fill="#333">{}</text>"##,
            escape(text)
        );
    };

    // Size.
    heading(s, &mut y, &format!("Size: {}", dim_name(template, &m.size)));
    let size_dim: Option<&Dimension> = template.dimension(&m.size);
    let ss = size_dim.map_or(Scale { min: 1, max: 5 }, |d| d.scale);
    let mid = (f64::from(ss.min) + f64::from(ss.max)) / 2.0;
    y += 4.0;
    for v in [f64::from(ss.min), mid, f64::from(ss.max)] {
        let r = radius(unit(ss, v));
        let cy = y + r;
        let _ = writeln!(
            s,
            r##"<circle cx="{:.1}" cy="{cy:.1}" r="{r:.1}" fill="none" stroke="#444"/>"##,
            lx + R_MAX
        );
        let mut text = format!("{v:.0}");
        if let Some(d) = size_dim {
            if (v - f64::from(ss.min)).abs() < f64::EPSILON {
                text = format!("{text} {}", d.anchors.low);
            } else if (v - f64::from(ss.max)).abs() < f64::EPSILON {
                text = format!("{text} {}", d.anchors.high);
            }
        }
        let lines = wrap(&text, chars - 10);
        for (k, line) in lines.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let ly = cy + 4.0 + (k as f64) * 13.0;
            small(s, lx + 2.0 * R_MAX + 8.0, ly, line);
        }
        y = cy + r + 6.0;
    }
    y += 10.0;

    // Colour.
    heading(
        s,
        &mut y,
        &format!("Colour: {}", dim_name(template, &m.colour)),
    );
    let colour_dim = template.dimension(&m.colour);
    let sc = colour_dim.map_or(Scale { min: 1, max: 5 }, |d| d.scale);
    y += 2.0;
    for v in sc.min..=sc.max {
        let fill = ramp(unit(sc, f64::from(v)));
        let _ = writeln!(
            s,
            r##"<rect x="{lx}" y="{y:.1}" width="18" height="14" fill="{fill}" stroke="#444" stroke-width="0.5"/>"##
        );
        let mut text = format!("{v}");
        if let Some(d) = colour_dim {
            if let Some(b) = d.band_of(f64::from(v)) {
                text = format!("{text} ({})", b.name);
            }
            if v == sc.min {
                text = format!("{text} {}", d.anchors.low);
            } else if v == sc.max {
                text = format!("{text} {}", d.anchors.high);
            }
        }
        let lines = wrap(&text, chars - 6);
        for (k, line) in lines.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let ly = y + 11.0 + (k as f64) * 13.0;
            small(s, lx + 26.0, ly, line);
        }
        #[allow(clippy::cast_precision_loss)]
        let used = (lines.len().max(1) as f64) * 13.0;
        y += used.max(16.0) + 3.0;
    }
    y += 4.0;
    let _ = writeln!(
        s,
        r##"<rect x="{lx}" y="{y:.1}" width="18" height="14" fill="#bbbbbb" stroke="#444" stroke-width="0.5"/>"##
    );
    small(s, lx + 26.0, y + 11.0, "not rated");
    y += 30.0;

    // Consensus.
    heading(s, &mut y, "Consensus");
    let _ = writeln!(
        s,
        r##"<circle cx="{:.1}" cy="{:.1}" r="9" fill="none" stroke="#222" stroke-width="1.2"/>"##,
        lx + 9.0,
        y + 9.0
    );
    small(s, lx + 26.0, y + 13.0, "consensus on all mapped cells");
    y += 24.0;
    let _ = writeln!(
        s,
        r##"<circle cx="{:.1}" cy="{:.1}" r="9" fill="none" stroke="#222" stroke-width="2" stroke-dasharray="5 3"/>"##,
        lx + 9.0,
        y + 9.0
    );
    small(s, lx + 26.0, y + 13.0, "dashed: no consensus");
    y += 22.0;
    let rule = template.consensus;
    for line in wrap(
        &format!(
            "(consensus: IQR \u{2264} {}, agreement \u{2265} {:.0}%, n \u{2265} {})",
            rule.max_iqr,
            rule.min_agreement * 100.0,
            rule.min_n
        ),
        chars,
    ) {
        small(s, lx, y + 11.0, &line);
        y += 13.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::default_template;

    /// The example session's profile, as placements.
    pub(crate) fn example_placements() -> Vec<Placement> {
        let rows: [(&str, f64, f64, f64, f64, bool); 9] = [
            ("exploration", 3.0, 2.0, 2.0, 2.0, true),
            ("mining", 4.0, 2.0, 5.0, 2.0, false),
            ("processing", 3.0, 2.0, 4.0, 3.0, true),
            ("design", 2.0, 5.0, 2.0, 4.0, true),
            ("production", 2.0, 4.0, 5.0, 4.0, true),
            ("use", 3.0, 2.0, 2.0, 4.0, false),
            ("reuse", 4.0, 4.0, 2.0, 3.0, true),
            ("collection", 4.0, 5.0, 2.0, 2.0, true),
            ("recycling", 5.0, 5.0, 3.0, 2.0, false),
        ];
        rows.iter()
            .map(|&(stage, x, y, size, colour, consensus)| Placement {
                stage: stage.to_owned(),
                x: Some(x),
                y: Some(y),
                size: Some(size),
                colour: Some(colour),
                consensus,
            })
            .collect()
    }

    #[test]
    fn labels_do_not_overlap_even_for_coincident_bubbles() {
        let t = default_template();
        let mut ps = example_placements();
        // Put three stages on exactly the same spot.
        for i in [6, 7, 8] {
            ps[i].x = Some(4.5);
            ps[i].y = Some(4.5);
        }
        let lay = layout(&t, &ps);
        assert_eq!(lay.bubbles.len(), 9);
        for (i, a) in lay.bubbles.iter().enumerate() {
            assert!(a.label.w > 0.0);
            for b in &lay.bubbles[i + 1..] {
                assert!(!a.label.intersects(&b.label), "{} / {}", a.name, b.name);
            }
            for (q, r) in &lay.quadrant_labels {
                assert!(!a.label.intersects(r), "{} / {q}", a.name);
            }
        }
    }

    #[test]
    fn nine_stages_on_one_corner_still_get_separate_labels() {
        let t = default_template();
        for (x, y) in [(5.0, 5.0), (1.0, 1.0), (3.0, 3.0)] {
            let mut ps = example_placements();
            for p in &mut ps {
                p.x = Some(x);
                p.y = Some(y);
                p.size = Some(5.0);
            }
            let lay = layout(&t, &ps);
            assert!(lay.nudged);
            for (i, a) in lay.bubbles.iter().enumerate() {
                for b in &lay.bubbles[i + 1..] {
                    assert!(!a.label.intersects(&b.label), "{} / {}", a.name, b.name);
                }
            }
        }
    }

    #[test]
    fn unrated_stages_are_listed_not_drawn() {
        let t = default_template();
        let mut ps = example_placements();
        ps[0].x = None;
        let lay = layout(&t, &ps);
        assert_eq!(lay.bubbles.len(), 8);
        assert_eq!(lay.unplaced, vec!["Exploration".to_owned()]);
        let svg = render_placements(&t, &ps, "t");
        assert!(svg.contains("Not placed (not rated yet): Exploration"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape(r#"a<b>&"c'"#), "a&lt;b&gt;&amp;&quot;c&apos;");
        let mut t = default_template();
        t.stages[0].name = "R&D <lab>".into();
        let svg = render_placements(&t, &example_placements(), "Title & <co>");
        assert!(svg.contains("R&amp;D &lt;lab&gt;"));
        assert!(!svg.contains("R&D"));
        assert!(svg.contains("Title &amp; &lt;co&gt;"));
    }

    #[test]
    fn ramp_runs_from_dark_to_light() {
        assert_eq!(ramp(0.0), "#440154");
        assert_eq!(ramp(1.0), "#fde725");
        assert_eq!(ramp(f64::NAN), "#440154");
        assert!(radius(1.0) > radius(0.0));
    }
}
