//! Where everything of the model figure goes: bubbles placed and sized by
//! the medians, moved apart when they coincide, quadrant labels in free
//! corners, stage labels that overlap nothing. Pure geometry in SVG user
//! units; [`super::emit`] writes it.

use crate::analysis::Placement;
use crate::domain::{Scale, Template};
use crate::i18n::Tr;
use crate::text_width;

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
    /// The scales of the x and y dimensions, for the axis ticks.
    pub x_scale: Scale,
    pub y_scale: Scale,
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
pub(super) const PLOT: Rect = Rect {
    x: 120.0,
    y: 70.0,
    w: 540.0,
    h: 500.0,
};
pub(super) const LABEL_FONT: f64 = 13.0;
pub(super) const QUAD_FONT: f64 = 12.0;
pub(super) const R_MIN: f64 = 9.0;
pub(super) const R_MAX: f64 = 30.0;

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

/// Margin inside the plot on each side, as a share of it: half a step of a
/// five-point scale, so that bubbles at the scale ends stay inside.
const MARGIN: f64 = 0.1;

/// Horizontal position of `v` on `scale` across `plot`.
#[must_use]
pub(super) fn x_at(plot: Rect, scale: Scale, v: f64) -> f64 {
    plot.x + plot.w * (MARGIN + (1.0 - 2.0 * MARGIN) * unit(scale, v))
}

/// Vertical position of `v` on `scale` up `plot` (SVG's y grows downwards).
#[must_use]
pub(super) fn y_at(plot: Rect, scale: Scale, v: f64) -> f64 {
    plot.y + plot.h * (1.0 - (MARGIN + (1.0 - 2.0 * MARGIN) * unit(scale, v)))
}

pub(super) fn radius(t: f64) -> f64 {
    // Area, not radius, grows with the value.
    (R_MIN * R_MIN + t * (R_MAX * R_MAX - R_MIN * R_MIN)).sqrt()
}

fn quadrant_texts(tr: Tr) -> [(String, bool, bool); 4] {
    // (text, right half, top half)
    let text = |name: &str, words: &str| format!("{}\n{}", tr.text(name), tr.text(words));
    [
        (
            text("figure-quick-wins", "figure-quick-wins-words"),
            false,
            true,
        ),
        (
            text("figure-major-projects", "figure-major-projects-words"),
            true,
            true,
        ),
        (
            text("figure-fill-ins", "figure-fill-ins-words"),
            false,
            false,
        ),
        (
            text("figure-thankless-tasks", "figure-thankless-tasks-words"),
            true,
            false,
        ),
    ]
}

/// Positions every bubble and label of the model (the quadrants named in
/// the language of `tr`).
#[must_use]
pub fn layout(tr: Tr, template: &Template, placements: &[Placement]) -> Layout {
    let dim = |id: &str| template.dimension(id);
    let scale_of = |id: &str| dim(id).map_or(Scale { min: 1, max: 5 }, |d| d.scale);
    let (sx, sy, ss, sc) = (
        scale_of(&template.model.x),
        scale_of(&template.model.y),
        scale_of(&template.model.size),
        scale_of(&template.model.colour),
    );
    let px = |v: f64| x_at(PLOT, sx, v);
    let py = |v: f64| y_at(PLOT, sy, v);

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
    for (text, right, top) in quadrant_texts(tr) {
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
        quadrant_labels.push((text, r));
    }
    place_labels(&mut bubbles, &obstacles);
    Layout {
        nudged,
        bubbles,
        unplaced,
        quadrant_labels,
        plot: PLOT,
        x_scale: sx,
        y_scale: sy,
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

#[cfg(test)]
mod tests {
    use super::super::tests::example_placements;
    use super::*;
    use crate::domain::default_template;

    #[test]
    fn labels_do_not_overlap_even_for_coincident_bubbles() {
        let t = default_template();
        let mut ps = example_placements();
        // Put three stages on exactly the same spot.
        for i in [6, 7, 8] {
            ps[i].x = Some(4.5);
            ps[i].y = Some(4.5);
        }
        let lay = layout(Tr::english(), &t, &ps);
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
            let lay = layout(Tr::english(), &t, &ps);
            assert!(lay.nudged);
            for (i, a) in lay.bubbles.iter().enumerate() {
                for b in &lay.bubbles[i + 1..] {
                    assert!(!a.label.intersects(&b.label), "{} / {}", a.name, b.name);
                }
            }
        }
    }

    #[test]
    fn ramp_runs_from_dark_to_light() {
        assert_eq!(ramp(0.0), "#440154");
        assert_eq!(ramp(1.0), "#fde725");
        assert_eq!(ramp(f64::NAN), "#440154");
        assert!(radius(1.0) > radius(0.0));
    }
}
