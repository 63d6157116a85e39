//! Where everything of the model figure goes, in points at its printed
//! width: the plot, its axes, each stage's point with its Q1-Q3 whiskers
//! and its bubble (moved aside, with a leader to the point, when stages
//! share a point), stage labels inside the plot that overlap nothing
//! (numbers with a key when names do not fit), and the legend below.
//! Pure geometry; [`super::emit`] writes it.

use std::fmt::Write as _;

use super::words;
use crate::analysis::{CellStats, Placement};
use crate::domain::{Scale, Template};
use crate::export::font;
use crate::export::labels::dim_name;
use crate::export::svg_text::{Anchor, Label, Rect, page_width};
use crate::i18n::Tr;

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
    #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let i = (pos.floor() as usize).min(3);
    let f = pos - i as f64;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    let mix = |x: u8, y: u8| -> u8 {
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
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

/// The colour of a median on `scale`: medians are whole or half points,
/// and the legend shows a swatch for each of those steps, so a value is
/// drawn in the colour of its nearest step.
#[must_use]
pub fn step_colour(scale: Scale, v: f64) -> String {
    let step = (v * 2.0).round() / 2.0;
    ramp(unit(scale, step))
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

/// A cell's median and quartiles, and whether it reaches consensus.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Spread {
    pub median: Option<f64>,
    pub q1: Option<f64>,
    pub q3: Option<f64>,
    pub consensus: bool,
    /// Numeric ratings.
    pub n: usize,
}

impl Spread {
    fn of(c: Option<&CellStats>) -> Self {
        c.map_or_else(Self::default, |c| Self {
            median: c.median,
            q1: c.q1,
            q3: c.q3,
            consensus: c.consensus,
            n: c.n,
        })
    }
}

/// One group's position of a stage (with `--by role`).
#[derive(Debug, Clone, PartialEq)]
pub struct GroupPoint {
    /// Index into [`ModelOptions::groups`].
    pub group: usize,
    pub x: f64,
    pub y: f64,
}

/// What the figure shows of one stage.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelPoint {
    pub stage: String,
    pub x: Spread,
    pub y: Spread,
    pub size: Spread,
    pub colour: Spread,
    pub groups: Vec<GroupPoint>,
}

/// Points from plain placements (no quartiles; consensus on all four or none).
#[must_use]
pub fn points_from_placements(placements: &[Placement]) -> Vec<ModelPoint> {
    placements
        .iter()
        .map(|p| {
            let s = |v: Option<f64>| Spread {
                median: v,
                q1: None,
                q3: None,
                consensus: p.consensus,
                n: 0,
            };
            ModelPoint {
                stage: p.stage.clone(),
                x: s(p.x),
                y: s(p.y),
                size: s(p.size),
                colour: s(p.colour),
                groups: Vec::new(),
            }
        })
        .collect()
}

/// Points from each stage's cells of the mapped dimensions, in template order.
#[must_use]
pub fn points_from_cells(template: &Template, cells: &[CellStats]) -> Vec<ModelPoint> {
    let by: std::collections::HashMap<(&str, &str), &CellStats> = cells
        .iter()
        .map(|c| ((c.stage.as_str(), c.dimension.as_str()), c))
        .collect();
    let m = &template.model;
    template
        .stages
        .iter()
        .map(|st| {
            let get = |d: &str| Spread::of(by.get(&(st.id.as_str(), d)).copied());
            ModelPoint {
                stage: st.id.clone(),
                x: get(&m.x),
                y: get(&m.y),
                size: get(&m.size),
                colour: get(&m.colour),
                groups: Vec::new(),
            }
        })
        .collect()
}

/// How the model figure is drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelOptions {
    /// Draw the title and subtitle (off for a journal, whose caption says it).
    pub title: bool,
    pub subtitle: String,
    /// The printed width; text is at least 7 pt at it.
    pub width_mm: f64,
    /// Quadrant labels in the plot's corners.
    pub quadrants: bool,
    /// Names of the groups whose positions `ModelPoint::groups` hold.
    pub groups: Vec<String>,
    /// The language of its words.
    pub tr: Tr,
}

impl Default for ModelOptions {
    fn default() -> Self {
        Self {
            title: true,
            subtitle: String::new(),
            width_mm: 170.0,
            quadrants: true,
            groups: Vec::new(),
            tr: Tr::english(),
        }
    }
}

/// One drawn stage.
#[derive(Debug, Clone, PartialEq)]
pub struct Bubble {
    pub stage: String,
    pub name: String,
    /// Its number in the key.
    pub number: usize,
    /// The true point (the medians).
    pub px: f64,
    pub py: f64,
    /// The bubble's centre: the true point, unless stages share it.
    pub cx: f64,
    pub cy: f64,
    pub r: f64,
    /// `None`: the colour dimension is not rated (drawn hatched).
    pub fill: Option<String>,
    /// The size dimension is not rated (drawn as a small square).
    pub no_size: bool,
    /// Consensus on every mapped dimension.
    pub consensus: bool,
    /// The mapped dimensions without consensus, as letters (`x, s`).
    pub lacking: String,
    /// Q1-Q3 of x (left, right) and of y (bottom, top), in points.
    pub x_whisker: Option<(f64, f64)>,
    pub y_whisker: Option<(f64, f64)>,
    /// The label's text (the name, or the number) and its box.
    pub text: String,
    pub label: Rect,
    /// Whether the label sits away from its bubble and needs a leader line.
    pub leader: bool,
    /// Whether the label could be placed at all (else only the key names it).
    pub labelled: bool,
    /// Numeric ratings of the x and of the y dimension (each axis has its
    /// own: a "don't know" on one axis only leaves the other's n alone).
    pub n_x: usize,
    pub n_y: usize,
}

/// A mark in the legend.
#[derive(Debug, Clone, PartialEq)]
pub enum Mark {
    Circle {
        cx: f64,
        cy: f64,
        r: f64,
        dashed: bool,
    },
    Swatch {
        x: f64,
        y: f64,
        w: f64,
        h: f64,
        fill: Option<String>,
    },
    Square {
        cx: f64,
        cy: f64,
        r: f64,
    },
    Whisker {
        x1: f64,
        x2: f64,
        y: f64,
    },
    Dot {
        cx: f64,
        cy: f64,
    },
    Group {
        cx: f64,
        cy: f64,
        group: usize,
    },
}

/// Everything placed on the figure, for rendering and for tests.
#[derive(Debug, Clone, PartialEq)]
pub struct Layout {
    pub width: f64,
    pub height: f64,
    pub bubbles: Vec<Bubble>,
    /// Stage names that could not be placed (x or y unrated).
    pub unplaced: Vec<String>,
    pub quadrant_labels: Vec<(String, Rect)>,
    pub plot: Rect,
    /// The scales of the x and y dimensions, for the axis ticks.
    pub x_scale: Scale,
    pub y_scale: Scale,
    /// Whether bubbles on the same point were moved apart around it.
    pub nudged: bool,
    /// Whether labels are numbers with a key.
    pub numbered: bool,
    /// Every other text: title, axes, ticks, quadrants, legend, key, notes.
    pub texts: Vec<Label>,
    pub marks: Vec<Mark>,
    /// Group positions: (group, x, y) in points, with the bubble's centre.
    pub group_marks: Vec<(usize, f64, f64)>,
}

pub(super) const PAD: f64 = 8.0;
const AXIS: f64 = 8.0;
pub(super) const TICK: f64 = 7.0;
const ANCHOR_FONT: f64 = 7.0;
pub(super) const LABEL_FONT: f64 = 7.5;
pub(super) const QUAD_FONT: f64 = 7.0;
const LEGEND: f64 = 7.0;
pub(super) const R_MIN: f64 = 3.5;
pub(super) const R_MAX: f64 = 11.0;
/// Margin inside the plot on each side, as a share of it.
const MARGIN: f64 = 0.08;

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

/// Area, not radius, grows with the value.
pub(super) fn radius(t: f64) -> f64 {
    (R_MIN * R_MIN + t * (R_MAX * R_MAX - R_MIN * R_MIN)).sqrt()
}

/// The two lines of each quadrant's label, worded from the anchors of the
/// mapped dimensions: (text, right half, top half).
fn quadrant_texts(template: &Template) -> Vec<(String, bool, bool)> {
    let m = &template.model;
    if let Some(q) = &m.quadrants {
        return vec![
            (q.top_left.clone(), false, true),
            (q.top_right.clone(), true, true),
            (q.bottom_left.clone(), false, false),
            (q.bottom_right.clone(), true, false),
        ];
    }
    let (Some(dx), Some(dy)) = (template.dimension(&m.x), template.dimension(&m.y)) else {
        return Vec::new();
    };
    let (xl, xh, yl, yh) = (
        &dx.anchors.low,
        &dx.anchors.high,
        &dy.anchors.low,
        &dy.anchors.high,
    );
    vec![
        (format!("{yh}\n{xl}"), false, true),
        (format!("{yh}\n{xh}"), true, true),
        (format!("{yl}\n{xl}"), false, false),
        (format!("{yl}\n{xh}"), true, false),
    ]
}

/// The letters of the mapped dimensions without consensus.
fn lacking(p: &ModelPoint) -> String {
    let mut out = Vec::new();
    for (s, letter) in [(&p.x, "x"), (&p.y, "y"), (&p.size, "s"), (&p.colour, "c")] {
        if s.median.is_some() && !s.consensus {
            out.push(letter);
        }
    }
    out.join(",")
}

/// The scale of dimension `id`, 1..5 when the template lacks it.
fn scale_of(template: &Template, id: &str) -> Scale {
    template
        .dimension(id)
        .map_or(Scale { min: 1, max: 5 }, |d| d.scale)
}

/// Lays out the figure from plain placements, with default options.
#[must_use]
pub fn layout(tr: Tr, template: &Template, placements: &[Placement]) -> Layout {
    layout_points(
        template,
        &points_from_placements(placements),
        &ModelOptions {
            tr,
            ..ModelOptions::default()
        },
    )
}

/// Lays out the figure.
#[must_use]
#[expect(clippy::too_many_lines)]
pub fn layout_points(template: &Template, points: &[ModelPoint], opts: &ModelOptions) -> Layout {
    let m = &template.model;
    let (sx, sy, ss, sc) = (
        scale_of(template, &m.x),
        scale_of(template, &m.y),
        scale_of(template, &m.size),
        scale_of(template, &m.colour),
    );
    let tr = opts.tr;
    let num = |v: f64| crate::export::labels::fmt_number(tr, v);
    let width = page_width(opts.width_mm);
    let inner = width - 2.0 * PAD;
    let mut texts: Vec<Label> = Vec::new();
    let mut y = PAD;
    if opts.title {
        let title = super::words::title(tr);
        y = crate::export::svg_text::heading(&mut texts, title, &opts.subtitle, PAD, y, inner)
            + 6.0;
    }

    // The y axis: title lines (rotated), anchor line, tick numbers.
    let y_title = dim_name(template, &m.y);
    let x_title = dim_name(template, &m.x);
    let left_guess = PAD + 2.0 * (AXIS * 1.25) + ANCHOR_FONT * 1.3 + 16.0;
    let plot_w = width - left_guess - PAD;
    let plot_h = (plot_w * 0.72).max(120.0);
    let y_lines = font::wrap_at_most(&y_title, AXIS, true, plot_h, 2);
    let y_lines: Vec<String> = y_lines.into_iter().take(2).collect();
    let title_band = y_lines.len() as f64 * AXIS * 1.25;
    let left = PAD + title_band + ANCHOR_FONT * 1.3 + 16.0;
    let plot = Rect {
        x: left,
        y: y + 4.0,
        w: width - left - PAD,
        h: plot_h,
    };
    let px = |v: f64| x_at(plot, sx, v);
    let py = |v: f64| y_at(plot, sy, v);
    for (i, line) in y_lines.iter().enumerate() {
        let x = PAD + AXIS * ASC + i as f64 * AXIS * 1.25;
        texts.push(
            Label::new(line.clone(), x, plot.y + plot.h / 2.0, AXIS)
                .bold()
                .anchor(Anchor::Middle)
                .vertical()
                .class("axis-title"),
        );
    }
    let anchor_x = PAD + title_band + ANCHOR_FONT * ASC;
    if let Some(d) = template.dimension(&m.y) {
        let half = plot.h / 2.0 - 4.0;
        texts.push(
            Label::new(
                font::fit(
                    &format!("\u{2190} {}", d.anchors.low),
                    ANCHOR_FONT,
                    false,
                    half,
                ),
                anchor_x,
                plot.bottom(),
                ANCHOR_FONT,
            )
            .vertical()
            .fill("#555555")
            .class("anchor"),
        );
        texts.push(
            Label::new(
                font::fit(
                    &format!("{} \u{2192}", d.anchors.high),
                    ANCHOR_FONT,
                    false,
                    half,
                ),
                anchor_x,
                plot.y,
                ANCHOR_FONT,
            )
            .vertical()
            .anchor(Anchor::End)
            .fill("#555555")
            .class("anchor"),
        );
    }
    for v in sy.min..=sy.max {
        texts.push(
            Label::new(
                v.to_string(),
                plot.x - 5.0,
                py(f64::from(v)) + TICK * 0.35,
                TICK,
            )
            .anchor(Anchor::End)
            .fill("#333333")
            .class("tick"),
        );
    }
    for v in sx.min..=sx.max {
        texts.push(
            Label::new(
                v.to_string(),
                px(f64::from(v)),
                plot.bottom() + 5.0 + TICK,
                TICK,
            )
            .anchor(Anchor::Middle)
            .fill("#333333")
            .class("tick"),
        );
    }
    // The x axis title, wrapped under the ticks, then its anchors.
    let mut below = plot.bottom() + 5.0 + TICK + 4.0 + AXIS;
    for line in font::wrap_at_most(&x_title, AXIS, true, plot.w, 2)
        .into_iter()
        .take(2)
    {
        texts.push(
            Label::new(line, plot.x + plot.w / 2.0, below, AXIS)
                .bold()
                .anchor(Anchor::Middle)
                .class("axis-title"),
        );
        below += AXIS * 1.25;
    }
    if let Some(d) = template.dimension(&m.x) {
        let half = plot.w / 2.0 - 6.0;
        let at = below - AXIS * 1.25 + 3.0 + ANCHOR_FONT * 1.3;
        texts.push(
            Label::new(
                font::fit(
                    &format!("\u{2190} {}", d.anchors.low),
                    ANCHOR_FONT,
                    false,
                    half,
                ),
                plot.x,
                at,
                ANCHOR_FONT,
            )
            .fill("#555555")
            .class("anchor"),
        );
        texts.push(
            Label::new(
                font::fit(
                    &format!("{} \u{2192}", d.anchors.high),
                    ANCHOR_FONT,
                    false,
                    half,
                ),
                plot.right(),
                at,
                ANCHOR_FONT,
            )
            .anchor(Anchor::End)
            .fill("#555555")
            .class("anchor"),
        );
        below = at + 4.0;
    }

    // Bubbles at their true points.
    let names: std::collections::HashMap<&str, &str> = template
        .stages
        .iter()
        .map(|s| (s.id.as_str(), s.name.as_str()))
        .collect();
    let mut bubbles: Vec<Bubble> = Vec::new();
    let mut unplaced = Vec::new();
    let mut group_marks = Vec::new();
    for p in points {
        let name = names
            .get(p.stage.as_str())
            .map_or_else(|| p.stage.clone(), |n| (*n).to_owned());
        let (Some(x), Some(yv)) = (p.x.median, p.y.median) else {
            unplaced.push(name);
            continue;
        };
        let r = p.size.median.map_or(R_MIN, |s| radius(unit(ss, s)));
        let whisker = |s: &Spread, at: &dyn Fn(f64) -> f64| {
            s.q1.zip(s.q3)
                .filter(|(a, b)| b > a)
                .map(|(a, b)| (at(a), at(b)))
        };
        for g in &p.groups {
            group_marks.push((g.group, px(g.x), py(g.y)));
        }
        bubbles.push(Bubble {
            stage: p.stage.clone(),
            number: bubbles.len() + 1,
            px: px(x),
            py: py(yv),
            cx: px(x),
            cy: py(yv),
            r,
            fill: p.colour.median.map(|c| step_colour(sc, c)),
            no_size: p.size.median.is_none(),
            consensus: lacking(p).is_empty(),
            lacking: lacking(p),
            x_whisker: whisker(&p.x, &px),
            y_whisker: whisker(&p.y, &py),
            text: String::new(),
            label: Rect::default(),
            leader: false,
            labelled: false,
            n_x: p.x.n,
            n_y: p.y.n,
            name,
        });
    }
    let nudged = dodge(&mut bubbles, plot);

    // Quadrant labels in the plot's outer corners.
    let mut quadrant_labels = Vec::new();
    if opts.quadrants {
        let (mid_x, mid_y) = (
            px(f64::midpoint(f64::from(sx.min), f64::from(sx.max))),
            py(f64::midpoint(f64::from(sy.min), f64::from(sy.max))),
        );
        for (text, right, top) in quadrant_texts(template) {
            let max = (plot.w / 2.0 - 10.0).max(20.0);
            let lines: Vec<String> = text
                .lines()
                .map(|l| font::fit(l, QUAD_FONT, false, max))
                .collect();
            let w = lines
                .iter()
                .map(|l| font::text_width(l, QUAD_FONT, false))
                .fold(0.0, f64::max);
            let h = QUAD_FONT * 1.25 * lines.len() as f64;
            let x = if right {
                plot.right() - w - 3.0
            } else {
                plot.x + 3.0
            };
            let yq = if top {
                plot.y + 3.0
            } else {
                plot.bottom() - h - 3.0
            };
            let _ = (mid_x, mid_y);
            quadrant_labels.push((lines.join("\n"), Rect { x, y: yq, w, h }));
        }
    }

    // Labels: names first; numbers with a key when the names do not fit.
    // The most common n (of stages whose x and y have the same n) goes in
    // the legend; a stage with another n shows its own, per axis when x
    // and y differ.
    let usual_n = usual_n(&bubbles);
    let named = |b: &Bubble| key_text(b, usual_n);
    let fixed: Vec<Rect> = quadrant_labels.iter().map(|(_, r)| *r).collect();
    let too_long = bubbles
        .iter()
        .any(|b| font::text_width(&named(b), LABEL_FONT, false) > plot.w * 0.4);
    let mut numbered = too_long;
    if !numbered {
        for b in &mut bubbles {
            b.text = named(b);
        }
        numbered = !place_labels(&mut bubbles, &fixed, plot, false);
    }
    if numbered {
        for b in &mut bubbles {
            b.text = b.number.to_string();
        }
        place_labels(&mut bubbles, &fixed, plot, true);
    }

    // The legend below the plot.
    let mut marks = Vec::new();
    let mut ly = below + 10.0;
    let x0 = PAD;
    let heading = |texts: &mut Vec<Label>, ly: &mut f64, text: &str| {
        let (ls, end) = crate::export::svg_text::lines(
            text,
            x0,
            *ly + LEGEND,
            LEGEND + 0.5,
            inner,
            LEGEND * 1.35,
            true,
        );
        texts.extend(ls.into_iter().map(|l| l.class("legend")));
        *ly = end - LEGEND + 2.0;
    };
    let para = |texts: &mut Vec<Label>, ly: &mut f64, x: f64, text: &str| {
        let (ls, end) = crate::export::svg_text::lines(
            text,
            x,
            *ly + LEGEND,
            LEGEND,
            width - PAD - x,
            LEGEND * 1.3,
            false,
        );
        texts.extend(ls.into_iter().map(|l| l.fill("#333333").class("legend")));
        *ly = end - LEGEND;
    };
    // Size: three circles in a row.
    heading(
        &mut texts,
        &mut ly,
        &words::size(tr, &dim_name(template, &m.size)),
    );
    let size_dim = template.dimension(&m.size);
    let mut lx = x0;
    let mut row_y = ly + R_MAX + 2.0;
    let mut size_items: Vec<(Option<f64>, String)> = Vec::new();
    for v in [
        f64::from(ss.min),
        f64::midpoint(f64::from(ss.min), f64::from(ss.max)),
        f64::from(ss.max),
    ] {
        let mut text = num(v);
        if let Some(d) = size_dim {
            if (v - f64::from(ss.min)).abs() < 1e-9 {
                text = format!("{text} {}", d.anchors.low);
            } else if (v - f64::from(ss.max)).abs() < 1e-9 {
                text = format!("{text} {}", d.anchors.high);
            }
        }
        size_items.push((Some(v), text));
    }
    size_items.push((None, words::text(tr, words::NO_SIZE)));
    for (v, text) in size_items {
        let text = font::fit(&text, LEGEND, false, inner - 2.0 * R_MAX - 4.0);
        let l = Label::new(text, 0.0, 0.0, LEGEND);
        let wide = 2.0 * R_MAX + 4.0 + l.width() + 12.0;
        if lx > x0 && lx + wide - 12.0 > width - PAD {
            lx = x0;
            row_y += 2.0 * R_MAX + 4.0;
        }
        match v {
            Some(v) => marks.push(Mark::Circle {
                cx: lx + R_MAX,
                cy: row_y,
                r: radius(unit(ss, v)),
                dashed: false,
            }),
            None => marks.push(Mark::Square {
                cx: lx + R_MAX,
                cy: row_y,
                r: 3.0,
            }),
        }
        texts.push(
            Label {
                x: lx + 2.0 * R_MAX + 4.0,
                y: row_y + LEGEND * 0.35,
                ..l
            }
            .class("legend"),
        );
        lx += wide;
    }
    ly = row_y + R_MAX + 6.0;
    // Colour: a swatch per whole and half point.
    heading(
        &mut texts,
        &mut ly,
        &words::colour(tr, &dim_name(template, &m.colour)),
    );
    let steps: Vec<f64> = (0..=2 * u32::from(sc.max.saturating_sub(sc.min)))
        .map(|k| f64::from(sc.min) + f64::from(k) / 2.0)
        .collect();
    let sw = ((inner * 0.6) / steps.len().max(1) as f64).clamp(10.0, 24.0);
    for (k, v) in steps.iter().enumerate() {
        let x = x0 + k as f64 * sw;
        marks.push(Mark::Swatch {
            x,
            y: ly,
            w: sw - 1.0,
            h: 8.0,
            fill: Some(ramp(unit(sc, *v))),
        });
        let label = num(*v);
        if sw >= 14.0 || (v - v.round()).abs() < 1e-9 {
            texts.push(
                Label::new(label, x + (sw - 1.0) / 2.0, ly + 8.0 + 2.0 + LEGEND, LEGEND)
                    .anchor(Anchor::Middle)
                    .class("legend"),
            );
        }
    }
    let after = x0 + steps.len() as f64 * sw + 10.0;
    marks.push(Mark::Swatch {
        x: after,
        y: ly,
        w: 12.0,
        h: 8.0,
        fill: None,
    });
    texts.push(
        Label::new(
            words::text(tr, words::NO_COLOUR),
            after + 16.0,
            ly + 7.0,
            LEGEND,
        )
        .class("legend"),
    );
    if let Some(d) = template.dimension(&m.colour) {
        let words = format!(
            "{} {} \u{2026} {} {}",
            sc.min, d.anchors.low, sc.max, d.anchors.high
        );
        let l = Label::new(
            font::fit(&words, LEGEND, false, width - PAD - after - 16.0),
            after + 16.0,
            ly + 8.0 + 2.0 + LEGEND,
            LEGEND,
        )
        .fill("#555555")
        .class("legend");
        texts.push(l);
    }
    ly += 8.0 + 2.0 + LEGEND + 8.0;
    // Marks: point, whiskers, outlines, groups.
    heading(&mut texts, &mut ly, &words::text(tr, words::MARKS));
    let row = ly + 5.0;
    marks.push(Mark::Dot {
        cx: x0 + 4.0,
        cy: row,
    });
    marks.push(Mark::Whisker {
        x1: x0 + 12.0,
        x2: x0 + 30.0,
        y: row,
    });
    marks.push(Mark::Circle {
        cx: x0 + 42.0,
        cy: row,
        r: 5.0,
        dashed: true,
    });
    ly -= 0.0;
    para(
        &mut texts,
        &mut ly,
        x0 + 54.0,
        &words::text(tr, words::MARKS_TEXT),
    );
    ly = ly.max(row + 8.0) + 4.0;
    for (g, name) in opts.groups.iter().enumerate() {
        let gx = x0 + 4.0 + (g % 4) as f64 * (inner / 4.0);
        marks.push(Mark::Group {
            cx: gx,
            cy: ly + 4.0,
            group: g,
        });
        texts.push(
            Label::new(
                font::fit(name, LEGEND, false, inner / 4.0 - 14.0),
                gx + 8.0,
                ly + 4.0 + LEGEND * 0.35,
                LEGEND,
            )
            .class("legend"),
        );
        if g % 4 == 3 || g + 1 == opts.groups.len() {
            ly += LEGEND * 1.6;
        }
    }
    let rule = template.consensus;
    let mut notes = vec![words::consensus(
        tr,
        &num(rule.max_iqr),
        rule.min_agreement * 100.0,
        rule.min_n,
    )];
    if usual_n > 0 || bubbles.iter().any(|b| b.n_x != b.n_y) {
        notes.push(words::usual_n(tr, usual_n));
    }
    if nudged {
        notes.push(words::text(tr, words::NUDGED));
    }
    if !unplaced.is_empty() {
        notes.push(words::unplaced(tr, &unplaced.join(", ")));
    }
    for note in notes {
        para(&mut texts, &mut ly, x0, &note);
        ly += 2.0;
    }
    // The key, when labels are numbers.
    if numbered {
        ly += 4.0;
        heading(&mut texts, &mut ly, &words::text(tr, words::KEY));
        let two = bubbles
            .iter()
            .all(|b| font::text_width(&key_text(b, usual_n), LEGEND, false) < inner / 2.0 - 20.0);
        let col_w = if two { inner / 2.0 } else { inner };
        let mut col_y = [ly, ly];
        let half = bubbles.len().div_ceil(2);
        for (i, b) in bubbles.iter().enumerate() {
            let c = usize::from(two && i >= half);
            let x = x0 + c as f64 * col_w;
            texts.push(
                Label::new(b.number.to_string(), x + 12.0, col_y[c] + LEGEND, LEGEND)
                    .bold()
                    .anchor(Anchor::End)
                    .class("key"),
            );
            let (ls, end) = crate::export::svg_text::lines(
                &key_text(b, usual_n),
                x + 16.0,
                col_y[c] + LEGEND,
                LEGEND,
                col_w - 20.0,
                LEGEND * 1.3,
                false,
            );
            texts.extend(ls.into_iter().map(|l| l.class("key")));
            col_y[c] = end - LEGEND + 2.0;
        }
        ly = col_y[0].max(col_y[1]);
    }
    let height = ly + PAD;
    Layout {
        width,
        height,
        bubbles,
        unplaced,
        quadrant_labels,
        plot,
        x_scale: sx,
        y_scale: sy,
        nudged,
        numbered,
        texts,
        marks,
        group_marks,
    }
}

/// How far text reaches above its baseline, in ems.
const ASC: f64 = crate::export::svg_text::ASCENT;

/// The n the legend states once: the most common n of the stages whose
/// x and y have the same n (0 when none has).
pub(super) fn usual_n(bubbles: &[Bubble]) -> usize {
    let mut counts: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    for b in bubbles.iter().filter(|b| b.n_x == b.n_y) {
        *counts.entry(b.n_x).or_default() += 1;
    }
    counts
        .into_iter()
        .max_by_key(|&(n, c)| (c, n))
        .map_or(0, |(n, _)| n)
}

/// A stage's n as its label gives it: `n=15/17` (x/y) when the axes
/// differ, `n=15` when both have the same n other than the usual one,
/// `None` when both have the usual n (the legend states it).
#[must_use]
pub fn n_text(n_x: usize, n_y: usize, usual_n: usize) -> Option<String> {
    if n_x != n_y {
        Some(format!("n={n_x}/{n_y}"))
    } else if n_x != usual_n {
        Some(format!("n={n_x}"))
    } else {
        None
    }
}

/// A stage's label or key entry: the name, the dimensions without
/// consensus, and n when it is not the usual one.
fn key_text(b: &Bubble, usual_n: usize) -> String {
    let mut t = b.name.clone();
    if !b.lacking.is_empty() {
        let _ = write!(t, " [{}]", b.lacking);
    }
    if let Some(n) = n_text(b.n_x, b.n_y, usual_n) {
        let _ = write!(t, " {n}");
    }
    t
}

/// Moves bubbles that share a point apart around it (each keeps a leader to
/// the true point); returns whether any moved.
fn dodge(bubbles: &mut [Bubble], plot: Rect) -> bool {
    let mut done = vec![false; bubbles.len()];
    let mut any = false;
    for i in 0..bubbles.len() {
        if done[i] {
            continue;
        }
        let group: Vec<usize> = (i..bubbles.len())
            .filter(|&j| {
                !done[j]
                    && (bubbles[j].px - bubbles[i].px).abs() < 0.5
                    && (bubbles[j].py - bubbles[i].py).abs() < 0.5
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
        let k = group.len() as f64;
        // Far enough that neighbours on the ring do not cover each other.
        let d = (rmax * 1.2).max(k * rmax * 2.1 / std::f64::consts::TAU);
        let (cx, cy) = (bubbles[i].px, bubbles[i].py);
        for (n, &j) in group.iter().enumerate() {
            let a = std::f64::consts::TAU * n as f64 / k - std::f64::consts::FRAC_PI_2;
            let r = bubbles[j].r;
            bubbles[j].cx = (cx + d * a.cos()).clamp(plot.x + r, plot.right() - r);
            bubbles[j].cy = (cy + d * a.sin()).clamp(plot.y + r, plot.bottom() - r);
        }
    }
    any
}

/// Rings a label may move out to for a spot clear of every whisker too;
/// further out, one clear of bubbles and dots near its bubble reads better
/// than one far away on a long leader.
const WHISKER_FREE_RINGS: u32 = 20;

/// The whiskers' lines (and caps) as thin boxes, for label placement.
fn whisker_boxes(bubbles: &[Bubble]) -> Vec<Rect> {
    const CAP: f64 = 3.5;
    let mut boxes = Vec::new();
    for b in bubbles {
        if let Some((left, right)) = b.x_whisker {
            boxes.push(Rect {
                x: left.min(right),
                y: b.py - CAP,
                w: (right - left).abs(),
                h: 2.0 * CAP,
            });
        }
        if let Some((bottom, top)) = b.y_whisker {
            boxes.push(Rect {
                x: b.px - CAP,
                y: top.min(bottom),
                w: 2.0 * CAP,
                h: (bottom - top).abs(),
            });
        }
    }
    boxes
}

/// Greedy label placement inside the plot: for each label, boxes in eight
/// directions around its bubble at growing distances; the first that
/// overlaps no placed label or fixed text and, if possible, no bubble, dot
/// or whisker (a label over a whisker hides the spread it shows). Returns
/// whether every label found a place; with `partial`, a label without one
/// is left out (the key names it).
#[expect(
    clippy::too_many_lines,
    reason = "the label placement's search, kept whole to read in one go"
)]
fn place_labels(bubbles: &mut [Bubble], fixed: &[Rect], plot: Rect, partial: bool) -> bool {
    let circles: Vec<(f64, f64, f64)> = bubbles.iter().map(|b| (b.cx, b.cy, b.r)).collect();
    let dots: Vec<(f64, f64)> = bubbles.iter().map(|b| (b.px, b.py)).collect();
    let whiskers = whisker_boxes(bubbles);
    let mut order: Vec<usize> = (0..bubbles.len()).collect();
    let crowd = |i: usize| {
        circles
            .iter()
            .enumerate()
            .filter(|(j, c)| {
                *j != i
                    && ((c.0 - circles[i].0).powi(2) + (c.1 - circles[i].1).powi(2)).sqrt() < 60.0
            })
            .count()
    };
    order.sort_by_key(|&i| std::cmp::Reverse(crowd(i)));
    let mut placed: Vec<Rect> = fixed.to_vec();
    let area = Rect {
        x: plot.x + 2.0,
        y: plot.y + 2.0,
        w: plot.w - 4.0,
        h: plot.h - 4.0,
    };
    let mut all = true;
    for i in order {
        let (cx, cy, r) = circles[i];
        let l = Label::new(bubbles[i].text.clone(), 0.0, 0.0, LABEL_FONT);
        let (w, h) = (
            l.width() + 1.0,
            LABEL_FONT * (crate::export::svg_text::ASCENT + crate::export::svg_text::DESCENT),
        );
        let mut best_hard: Option<(Rect, bool)> = None;
        let mut clear_of_marks: Option<(Rect, bool)> = None;
        let mut chosen: Option<(Rect, bool)> = None;
        'rings: for ring in 0..48 {
            if ring > WHISKER_FREE_RINGS && clear_of_marks.is_some() {
                chosen = clear_of_marks;
                break;
            }
            let d = r + 1.5 + f64::from(ring) * 3.5;
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
                let leader = ring > 2;
                if best_hard.is_none() {
                    best_hard = Some((c, leader));
                }
                let clear = !circles.iter().any(|&(x, y, rr)| c.hits_circle(x, y, rr))
                    && !dots.iter().any(|&(x, y)| c.hits_circle(x, y, 2.0));
                if !clear {
                    continue;
                }
                if !whiskers.iter().any(|w| w.intersects(&c)) {
                    chosen = Some((c, leader));
                    break 'rings;
                }
                if clear_of_marks.is_none() {
                    clear_of_marks = Some((c, leader));
                }
            }
        }
        match chosen.or(clear_of_marks).or(best_hard) {
            Some((rect, leader)) => {
                placed.push(rect);
                bubbles[i].label = rect;
                bubbles[i].leader = leader;
                bubbles[i].labelled = true;
            }
            None => {
                all = false;
                if !partial {
                    return false;
                }
            }
        }
    }
    all
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
        for i in [6, 7, 8] {
            ps[i].x = Some(4.5);
            ps[i].y = Some(4.5);
        }
        let lay = layout(Tr::english(), &t, &ps);
        assert_eq!(lay.bubbles.len(), 9);
        for (i, a) in lay.bubbles.iter().enumerate() {
            assert!(a.labelled && a.label.w > 0.0);
            for b in &lay.bubbles[i + 1..] {
                assert!(!a.label.intersects(&b.label), "{} / {}", a.name, b.name);
            }
            for (q, r) in &lay.quadrant_labels {
                assert!(!a.label.intersects(r), "{} / {q}", a.name);
            }
        }
    }

    #[test]
    fn nine_stages_on_one_point_keep_it_and_get_separate_labels() {
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
            let (px, py) = (lay.bubbles[0].px, lay.bubbles[0].py);
            for (i, a) in lay.bubbles.iter().enumerate() {
                assert!(
                    (a.px - px).abs() < 1e-9 && (a.py - py).abs() < 1e-9,
                    "true point kept"
                );
                assert!(a.labelled, "{}", a.name);
                for b in &lay.bubbles[i + 1..] {
                    assert!(!a.label.intersects(&b.label), "{} / {}", a.name, b.name);
                }
            }
        }
    }

    #[test]
    fn labels_keep_off_the_whiskers_when_there_is_room() {
        let session = crate::synthetic::example_session();
        let agg = crate::analysis::Aggregate::new(&session);
        let cells = crate::analysis::RoundSelection::of_session(
            &session,
            &agg,
            crate::analysis::RoundChoice::Latest,
        )
        .cells(&agg, &session.template);
        let points = points_from_cells(&session.template, &cells);
        let lay = layout_points(&session.template, &points, &ModelOptions::default());
        let whiskers = whisker_boxes(&lay.bubbles);
        assert!(whiskers.len() > 4, "the example has spread to show");
        for b in &lay.bubbles {
            assert!(b.labelled, "{}", b.name);
            for w in &whiskers {
                assert!(!b.label.intersects(w), "{}'s label on a whisker", b.name);
            }
        }
    }

    #[test]
    fn half_points_take_the_colour_of_their_legend_step() {
        let s = Scale { min: 1, max: 5 };
        assert_eq!(step_colour(s, 2.5), ramp(unit(s, 2.5)));
        assert_eq!(step_colour(s, 2.4), ramp(unit(s, 2.5)));
        assert_eq!(ramp(0.0), "#440154");
        assert_eq!(ramp(1.0), "#fde725");
        assert_eq!(ramp(f64::NAN), "#440154");
        assert!(radius(1.0) > radius(0.0));
    }

    /// Hold-out-style cases: "don't know" on x only (mining, two people),
    /// on y only (design, one person), on both (use, three people). Each
    /// stage's label must state the n of its own axes, counted here from
    /// the ratings themselves.
    #[test]
    fn each_stage_states_the_n_of_its_own_axes() {
        use crate::analysis::{Aggregate, RoundChoice, RoundSelection};
        use crate::domain::{Change, EnteredBy, Score};
        let mut s = crate::synthetic::synthetic_session("n per axis", 17, 3);
        let (xd, yd) = (s.template.model.x.clone(), s.template.model.y.clone());
        let people: Vec<String> = s.participants.iter().map(|p| p.id.clone()).collect();
        let stages: Vec<String> = s.template.stages.iter().map(|st| st.id.clone()).collect();
        let dont_know = |stage: &str, dim: &str, who: usize| match (stage, who) {
            ("mining", 0 | 1) => dim == xd,
            ("design", 2) => dim == yd,
            ("use", 3..=5) => true,
            _ => false,
        };
        for st in &stages {
            for dim in [&xd, &yd] {
                for (i, p) in people.iter().enumerate() {
                    let score = if dont_know(st, dim, i) {
                        Score::DontKnow
                    } else {
                        Score::Value(u8::try_from(1 + i % 5).expect("small"))
                    };
                    s.apply(&Change::SetRating {
                        participant: p.clone(),
                        round: 1,
                        stage: st.clone(),
                        dimension: dim.clone(),
                        score,
                        comment: None,
                        at: s.created,
                        entered_by: EnteredBy::Facilitator,
                    })
                    .expect("a rating");
                }
            }
        }
        // Counted from the ratings, not from the statistics.
        let numeric = |stage: &str, dim: &str| {
            s.ratings_iter()
                .filter(|r| r.stage == stage && r.dimension == dim)
                .filter(|r| matches!(r.score, Score::Value(_)))
                .count()
        };
        let agg = Aggregate::new(&s);
        let cells =
            RoundSelection::of_session(&s, &agg, RoundChoice::Latest).cells(&agg, &s.template);
        let lay = layout_points(
            &s.template,
            &points_from_cells(&s.template, &cells),
            &ModelOptions::default(),
        );
        let usual = usual_n(&lay.bubbles);
        assert_eq!(usual, 17);
        for b in &lay.bubbles {
            let (nx, ny) = (numeric(&b.stage, &xd), numeric(&b.stage, &yd));
            let text = key_text(b, usual);
            match b.stage.as_str() {
                "mining" => assert_eq!((nx, ny), (15, 17)),
                "design" => assert_eq!((nx, ny), (17, 16)),
                "use" => assert_eq!((nx, ny), (14, 14)),
                _ => assert_eq!((nx, ny), (17, 17)),
            }
            let want = if nx != ny {
                Some(format!(" n={nx}/{ny}"))
            } else if nx != usual {
                Some(format!(" n={nx}"))
            } else {
                None
            };
            match want {
                Some(w) => assert!(text.ends_with(&w), "{}: {text}, want {w}", b.stage),
                None => assert!(!text.contains("n="), "{}: {text}", b.stage),
            }
            // The label drawn in the plot is the same text, or the number
            // whose key entry is.
            if b.labelled && !lay.numbered {
                assert_eq!(b.text, text);
            }
        }
    }
}
