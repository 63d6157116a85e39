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
use crate::export::svg_text::{Anchor, Label, Legend, ONE_COLUMN, Part, Placing, Rect, page_width};
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
    /// Where the legend, the notes and the key go.
    pub legend: Legend,
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
            legend: Legend::Figure,
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
    /// The bubble's outline, and its whiskers' colour: a darker shade of
    /// its fill, so that each stage's whiskers are told by their colour.
    pub outline: String,
    /// The size dimension is not rated (drawn as a small square).
    pub no_size: bool,
    /// Consensus on every mapped dimension.
    pub consensus: bool,
    /// The mapped dimensions without consensus, as letters (`x, s`).
    pub lacking: String,
    /// Q1-Q3 of x (left, right) and of y (bottom, top), in points.
    pub x_whisker: Option<(f64, f64)>,
    pub y_whisker: Option<(f64, f64)>,
    /// How far the x whisker is drawn below the point, and the y whisker
    /// right of it: a hair apart where another stage's whisker runs on
    /// the same line, so that no two merge into one.
    pub x_offset: f64,
    pub y_offset: f64,
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

impl Mark {
    /// The mark moved down by `dy`.
    fn shifted(self, dy: f64) -> Self {
        match self {
            Self::Circle { cx, cy, r, dashed } => Self::Circle {
                cx,
                cy: cy + dy,
                r,
                dashed,
            },
            Self::Swatch { x, y, w, h, fill } => Self::Swatch {
                x,
                y: y + dy,
                w,
                h,
                fill,
            },
            Self::Square { cx, cy, r } => Self::Square { cx, cy: cy + dy, r },
            Self::Whisker { x1, x2, y } => Self::Whisker { x1, x2, y: y + dy },
            Self::Dot { cx, cy } => Self::Dot { cx, cy: cy + dy },
            Self::Group { cx, cy, group } => Self::Group {
                cx,
                cy: cy + dy,
                group,
            },
        }
    }
}

/// One role's position of a stage (with `--by role`), joined by a thin
/// line to the stage's own point.
#[derive(Debug, Clone, PartialEq)]
pub struct GroupMark {
    pub group: usize,
    /// The stage whose point this is, by id.
    pub stage: String,
    pub x: f64,
    pub y: f64,
    /// The stage's point (its medians over everyone).
    pub to_x: f64,
    pub to_y: f64,
    /// The stage's outline colour.
    pub colour: String,
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
    /// The one-column layout (narrower than [`ONE_COLUMN`]).
    pub compact: bool,
    /// Every other text: title, axes, ticks, quadrants, legend, key, notes.
    pub texts: Vec<Label>,
    pub marks: Vec<Mark>,
    /// Role positions (with `--by role`).
    pub group_marks: Vec<GroupMark>,
    /// What `--legend caption` moves out of the figure, a paragraph each.
    pub caption: Vec<String>,
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
/// How far text reaches below its baseline, in ems.
const DESC: f64 = crate::export::svg_text::DESCENT;
/// With `--legend caption`, the plot's share of the figure aimed at (the
/// issue asks for at least 70%).
const PLOT_SHARE: f64 = 0.72;

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

/// A darker shade of `fill` (`#rrggbb`), for outlines and whiskers; a
/// dark grey for hatched bubbles.
#[must_use]
pub fn outline_of(fill: Option<&str>) -> String {
    let Some(hex) = fill
        .and_then(|f| f.strip_prefix('#'))
        .filter(|h| h.len() == 6)
    else {
        return "#222222".to_owned();
    };
    let channel = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0);
    let dark = |c: u8| {
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let v = (f64::from(c) * 0.55).round() as u8;
        v
    };
    format!(
        "#{:02x}{:02x}{:02x}",
        dark(channel(0)),
        dark(channel(2)),
        dark(channel(4))
    )
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

/// Texts and marks laid out from the top of a block (y = 0): the legend,
/// the notes or the key, moved into place once the plot's height is known.
#[derive(Debug, Default)]
struct Block {
    texts: Vec<Label>,
    marks: Vec<Mark>,
    height: f64,
}

impl Block {
    /// Paragraph `text` at `x`, `width` wide, from `y` (its top); returns
    /// where it ends.
    fn para(&mut self, text: &str, x: f64, y: f64, width: f64, fill: &'static str) -> f64 {
        let (ls, end) = crate::export::svg_text::lines(
            text,
            x,
            y + LEGEND * ASC,
            LEGEND,
            width,
            LEGEND * 1.3,
            false,
        );
        self.texts
            .extend(ls.into_iter().map(|l| l.fill(fill).class("legend")));
        end - LEGEND * 1.3 + LEGEND * crate::export::svg_text::DESCENT
    }

    /// A bold heading; returns where it ends.
    fn heading(&mut self, text: &str, x: f64, y: f64, width: f64) -> f64 {
        let size = LEGEND + 0.5;
        let (ls, end) =
            crate::export::svg_text::lines(text, x, y + size * ASC, size, width, size * 1.3, true);
        self.texts.extend(ls.into_iter().map(|l| l.class("legend")));
        end - size * 1.3 + size * crate::export::svg_text::DESCENT + 2.0
    }

    fn moved(self, dy: f64) -> (Vec<Label>, Vec<Mark>) {
        (
            self.texts
                .into_iter()
                .map(|mut l| {
                    l.y += dy;
                    l
                })
                .collect(),
            self.marks.into_iter().map(|m| m.shifted(dy)).collect(),
        )
    }
}

/// What the legend says, whether drawn or captioned.
struct LegendWords {
    tr: Tr,
    size_heading: String,
    size_values: [(f64, String); 3],
    size_anchors: Option<String>,
    no_size: String,
    colour_heading: String,
    colour_anchors: Option<String>,
    no_colour: String,
    marks_heading: String,
    marks_text: String,
    roles_heading: String,
    notes: Vec<String>,
    key_heading: String,
}

/// The size legend's circles, from `x`, `cw` wide, from `y`; returns
/// where it ends.
fn size_block(b: &mut Block, w: &LegendWords, ss: Scale, x: f64, cw: f64, y: f64) -> f64 {
    let y = b.heading(&w.size_heading, x, y, cw);
    // Three circles with their values, then "square: size not rated".
    let row = y + R_MAX + 1.0;
    let mut lx = x;
    let values_w: f64 = w
        .size_values
        .iter()
        .map(|(_, t)| 2.0 * R_MAX + 3.0 + font::text_width(t, LEGEND, false))
        .sum();
    let gap = if values_w + 16.0 <= cw { 8.0 } else { 3.0 };
    for (v, text) in &w.size_values {
        let r = radius(unit(ss, *v));
        b.marks.push(Mark::Circle {
            cx: lx + R_MAX,
            cy: row,
            r,
            dashed: false,
        });
        let l = Label::new(
            text.clone(),
            lx + 2.0 * R_MAX + 3.0,
            row + LEGEND * 0.35,
            LEGEND,
        )
        .class("legend");
        lx += 2.0 * R_MAX + 3.0 + l.width() + gap;
        b.texts.push(l);
    }
    let square_w = 10.0 + font::text_width(&w.no_size, LEGEND, false);
    let (sq_x, mut after) = if lx + square_w <= x + cw {
        (lx, row + R_MAX + 2.0)
    } else {
        (x, row + R_MAX + 4.0 + LEGEND)
    };
    let sq_row = if sq_x > x { row } else { after - LEGEND * 0.5 };
    b.marks.push(Mark::Square {
        cx: sq_x + 3.0,
        cy: sq_row,
        r: 3.0,
    });
    let end = b.para(
        &w.no_size,
        sq_x + 10.0,
        sq_row - LEGEND * 0.6,
        x + cw - sq_x - 10.0,
        "#222222",
    );
    after = after.max(end + 2.0);
    if let Some(anchors) = &w.size_anchors {
        after = b.para(anchors, x, after, cw, "#555555");
    }
    after
}

/// The colour legend's swatches, from `x`, `cw` wide, from `y`; returns
/// where it ends.
fn colour_block(b: &mut Block, w: &LegendWords, sc: Scale, x: f64, cw: f64, y: f64) -> f64 {
    // A swatch per whole and half point.
    let y = b.heading(&w.colour_heading, x, y, cw);
    let steps: Vec<f64> = (0..=2 * u32::from(sc.max.saturating_sub(sc.min)))
        .map(|k| f64::from(sc.min) + f64::from(k) / 2.0)
        .collect();
    let hatched_w = 16.0 + font::text_width(&w.no_colour, LEGEND, false);
    let beside = cw * 0.6 + 10.0 + hatched_w <= cw;
    let span = if beside { cw * 0.6 } else { cw };
    let sw = (span / steps.len().max(1) as f64).clamp(8.0, 24.0);
    for (k, v) in steps.iter().enumerate() {
        let sx = x + k as f64 * sw;
        b.marks.push(Mark::Swatch {
            x: sx,
            y,
            w: sw - 1.0,
            h: 8.0,
            fill: Some(ramp(unit(sc, *v))),
        });
        if sw >= 14.0 || (v - v.round()).abs() < 1e-9 {
            b.texts.push(
                Label::new(
                    crate::export::labels::fmt_number(w.tr, *v),
                    sx + (sw - 1.0) / 2.0,
                    y + 8.0 + 2.0 + LEGEND * ASC,
                    LEGEND,
                )
                .anchor(Anchor::Middle)
                .class("legend"),
            );
        }
    }
    let numbers_end = y + 8.0 + 2.0 + LEGEND * 1.2;
    let (hx, hy) = if beside {
        (x + steps.len() as f64 * sw + 10.0, y)
    } else {
        (x, numbers_end + 3.0)
    };
    b.marks.push(Mark::Swatch {
        x: hx,
        y: hy,
        w: 12.0,
        h: 8.0,
        fill: None,
    });
    let mut end = b.para(
        &w.no_colour,
        hx + 16.0,
        hy - 0.5,
        x + cw - hx - 16.0,
        "#222222",
    );
    end = end.max(numbers_end).max(hy + 8.0);
    if let Some(anchors) = &w.colour_anchors {
        end = b.para(anchors, x, end + 2.0, cw, "#555555");
    }
    end
}

/// The marks legend (point, whiskers, dashed outline) and the roles of
/// `--by role`, from `x`, `cw` wide, from `y`; returns where they end.
fn marks_and_roles(
    b: &mut Block,
    w: &LegendWords,
    groups: &[String],
    x: f64,
    cw: f64,
    y: f64,
) -> f64 {
    let y = b.heading(&w.marks_heading, x, y, cw);
    let row = y + 5.0;
    b.marks.push(Mark::Dot {
        cx: x + 4.0,
        cy: row,
    });
    b.marks.push(Mark::Whisker {
        x1: x + 12.0,
        x2: x + 30.0,
        y: row,
    });
    b.marks.push(Mark::Circle {
        cx: x + 42.0,
        cy: row,
        r: 5.0,
        dashed: true,
    });
    let text_x = x + 54.0;
    let mut end = b
        .para(&w.marks_text, text_x, y, x + cw - text_x, "#333333")
        .max(row + 6.0);
    if groups.is_empty() {
        return end;
    }
    end = b.heading(&w.roles_heading, x, end + 4.0, cw);
    // Roles in as many columns as fit, each name whole.
    let widest = groups
        .iter()
        .map(|g| font::widest_piece(g, LEGEND, false))
        .fold(0.0, f64::max);
    let col = (widest + 20.0).max(60.0).min(cw);
    #[expect(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        reason = "a small positive count of columns"
    )]
    let per_row = ((cw / col).floor() as usize).max(1);
    let col = cw / per_row as f64;
    let mut row_end = end;
    for (g, name) in groups.iter().enumerate() {
        if g % per_row == 0 {
            end = row_end;
        }
        let gx = x + (g % per_row) as f64 * col;
        b.marks.push(Mark::Group {
            cx: gx + 4.0,
            cy: end + 4.5,
            group: g,
        });
        let done = b.para(name, gx + 11.0, end, col - 13.0, "#222222");
        row_end = row_end.max(done + 2.0);
    }
    row_end
}

/// The key of numbered labels, in two columns when each entry fits one,
/// from `x`, `width` wide, from `y`; returns where it ends.
fn key_block(
    b: &mut Block,
    heading: &str,
    entries: &[(usize, String)],
    x: f64,
    width: f64,
    y: f64,
) -> f64 {
    let y = b.heading(heading, x, y, width);
    let half = width / 2.0 - 6.0;
    let two = entries.len() > 3
        && entries
            .iter()
            .all(|(_, t)| font::widest_piece(t, LEGEND, false) <= half - 16.0);
    let col_w = if two { width / 2.0 } else { width };
    let mut col_y = [y, y];
    let split = if two {
        entries.len().div_ceil(2)
    } else {
        entries.len()
    };
    for (i, (number, text)) in entries.iter().enumerate() {
        let c = usize::from(i >= split);
        let cx = x + c as f64 * col_w;
        b.texts.push(
            Label::new(
                number.to_string(),
                cx + 12.0,
                col_y[c] + LEGEND * ASC,
                LEGEND,
            )
            .bold()
            .anchor(Anchor::End)
            .class("key"),
        );
        let (ls, end) = crate::export::svg_text::lines(
            text,
            cx + 16.0,
            col_y[c] + LEGEND * ASC,
            LEGEND,
            col_w - 20.0,
            LEGEND * 1.3,
            false,
        );
        b.texts.extend(ls.into_iter().map(|l| l.class("key")));
        col_y[c] = end - LEGEND * 1.3 + LEGEND * crate::export::svg_text::DESCENT + 2.0;
    }
    col_y[0].max(col_y[1])
}

/// The legend, the notes and (when labels are numbers) the key, from the
/// top of a block `inner` wide at `x`: two columns in a narrow figure.
fn legend_block(
    w: &LegendWords,
    scales: (Scale, Scale),
    groups: &[String],
    key: Option<&[(usize, String)]>,
    x: f64,
    inner: f64,
    placing: Placing,
) -> Block {
    let mut b = Block::default();
    let mut y = 0.0;
    if placing.drawn(Part::Scales) {
        // One column when wide: size, colour, marks stacked; two in a
        // narrower figure: size and colour beside marks and roles.
        if inner >= 390.0 {
            y = size_block(&mut b, w, scales.0, x, inner, y) + 4.0;
            y = colour_block(&mut b, w, scales.1, x, inner, y) + 6.0;
        } else {
            let cw = (inner - 10.0) / 2.0;
            let left = size_block(&mut b, w, scales.0, x, cw, y);
            let right = colour_block(&mut b, w, scales.1, x + cw + 10.0, cw, y);
            y = left.max(right) + 6.0;
        }
    }
    if placing.drawn(Part::Marks) {
        y = marks_and_roles(&mut b, w, groups, x, inner, y) + 4.0;
    }
    if placing.drawn(Part::Notes) {
        for note in &w.notes {
            y = b.para(note, x, y, inner, "#333333") + 2.0;
        }
    }
    if let Some(entries) = key {
        y = key_block(&mut b, &w.key_heading, entries, x, inner, y + 2.0);
    }
    b.height = y;
    b
}

/// The legend, notes and key as a caption's paragraphs.
fn legend_caption(
    w: &LegendWords,
    groups: &[String],
    key: Option<&[(usize, String)]>,
    placing: Placing,
) -> Vec<String> {
    let mut out = Vec::new();
    if placing.captioned(Part::Scales) {
        let mut size = w.size_heading.clone();
        if let Some(a) = &w.size_anchors {
            let _ = write!(size, ", {a}");
        }
        let _ = write!(size, "; {}.", w.no_size);
        out.push(size);
        let mut colour = w.colour_heading.clone();
        if let Some(a) = &w.colour_anchors {
            let _ = write!(colour, ", {a}");
        }
        let _ = write!(colour, "; {}.", w.no_colour);
        out.push(colour);
    }
    if placing.captioned(Part::Marks) {
        out.push(format!("{}: {}", w.marks_heading, w.marks_text));
        if !groups.is_empty() {
            let shapes: Vec<String> = groups
                .iter()
                .enumerate()
                .map(|(g, name)| format!("{} {name}", words::shape(w.tr, g)))
                .collect();
            out.push(format!("{}: {}.", w.roles_heading, shapes.join("; ")));
        }
    }
    if placing.captioned(Part::Notes) {
        out.extend(w.notes.iter().cloned());
    }
    if let Some(entries) = key.filter(|_| placing.captioned(Part::Key)) {
        let list: Vec<String> = entries.iter().map(|(n, t)| format!("{n} {t}")).collect();
        out.push(format!("{}: {}.", w.key_heading, list.join("; ")));
    }
    out
}

/// The words of one axis's anchors: `← low` and `high →`.
fn anchor_pair(template: &Template, id: &str) -> Option<(String, String)> {
    template.dimension(id).map(|d| {
        (
            format!("\u{2190} {}", d.anchors.low),
            format!("{} \u{2192}", d.anchors.high),
        )
    })
}

/// A scale's anchors in words: `1 easy to adopt … 5 very hard to adopt`.
fn anchors_words(template: &Template, id: &str) -> Option<String> {
    template.dimension(id).map(|d| {
        format!(
            "{} {} \u{2026} {} {}",
            d.scale.min, d.anchors.low, d.scale.max, d.anchors.high
        )
    })
}

/// Lays out the figure: with `--legend figure`, as many of its words in it
/// as fit 1.5 widths, the rest in its caption.
#[must_use]
pub fn layout_points(template: &Template, points: &[ModelPoint], opts: &ModelOptions) -> Layout {
    let start = Placing::new(opts.legend, LEAVING);
    crate::export::svg_text::fitted(start, |placing| {
        let layout = layout_placed(template, points, opts, placing);
        let ratio = layout.height / layout.width;
        (layout, ratio)
    })
}

/// The order in which the model's words leave a figure too tall with them:
/// the notes first, the keys of size and colour last.
const LEAVING: &[Part] = &[
    Part::Notes,
    Part::Title,
    Part::Marks,
    Part::Key,
    Part::Scales,
];

/// The figure with its words placed as `placing` says.
#[expect(
    clippy::too_many_lines,
    reason = "the figure's parts in reading order: header, axes, plot height, bubbles, labels, legend"
)]
fn layout_placed(
    template: &Template,
    points: &[ModelPoint],
    opts: &ModelOptions,
    placing: Placing,
) -> Layout {
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
    let compact = width < ONE_COLUMN;
    let pad = if compact { 6.0 } else { PAD };
    let inner = width - 2.0 * pad;
    let legend = placing.legend;
    let mut caption: Vec<String> = Vec::new();
    let mut texts: Vec<Label> = Vec::new();
    let mut notes: Vec<String> = Vec::new();

    // The title and subtitle: drawn, or the caption's first paragraph.
    let mut top = pad;
    if opts.title {
        let title = super::words::title(tr);
        if placing.captioned(Part::Title) {
            caption.push(crate::export::svg_text::title_paragraph(
                &title,
                &opts.subtitle,
            ));
        }
        if placing.drawn(Part::Title) {
            top = crate::export::svg_text::heading(
                &mut texts,
                &title,
                &opts.subtitle,
                pad,
                top,
                inner,
            ) + 6.0;
        }
    }

    // The axes' bands: titles wrapped at words, anchor words on the axes
    // when they fit whole (else in the notes), tick numbers.
    let y_title = dim_name(template, &m.y);
    let x_title = dim_name(template, &m.x);
    let tick_w = (sy.min..=sy.max)
        .map(|v| font::text_width(&v.to_string(), TICK, false))
        .fold(0.0, f64::max);
    let left_of = |title_lines: usize, anchors: bool| {
        pad + title_lines as f64 * AXIS * 1.25
            + if anchors { ANCHOR_FONT * 1.3 } else { 0.0 }
            + tick_w
            + 9.0
    };
    let aspect = if compact { 0.8 } else { 0.72 };
    let guess_w = width - left_of(1, true) - pad;
    // The least height the plot is given (below): the y axis's words must
    // fit along it. With the legend in the figure the plot gives up height
    // down to 0.65 of its width; in a caption it only grows.
    let floor_h = if legend == Legend::Caption {
        (guess_w * aspect).min(width * 1.2 - top - 60.0).max(90.0)
    } else {
        (guess_w * 0.65).max(90.0)
    };
    let fits_one_line = |text: &str, room: f64| font::text_width(text, ANCHOR_FONT, false) <= room;
    let y_anchors = anchor_pair(template, &m.y)
        .filter(|_| !compact)
        .filter(|(lo, hi)| {
            fits_one_line(lo, floor_h / 2.0 - 6.0) && fits_one_line(hi, floor_h / 2.0 - 6.0)
        });
    let x_anchors = anchor_pair(template, &m.x)
        .filter(|_| !compact)
        .filter(|(lo, hi)| {
            fits_one_line(lo, guess_w / 2.0 - 6.0) && fits_one_line(hi, guess_w / 2.0 - 6.0)
        });
    for (on_axis, axis, id) in [
        (y_anchors.is_some(), "y", &m.y),
        (x_anchors.is_some(), "x", &m.x),
    ] {
        if !on_axis && let Some(words) = anchors_words(template, id) {
            notes.push(words::axis_anchors(tr, axis, &words));
        }
    }
    let y_lines = font::wrap_words(&y_title, AXIS, true, floor_h * 0.95);
    let left = left_of(y_lines.len(), y_anchors.is_some());
    let plot_w = width - left - pad;
    let x_lines = font::wrap_words(&x_title, AXIS, true, plot_w);
    // From the plot's bottom: ticks, the x title's lines, its anchors.
    let ticks_base = 5.0 + TICK * ASC;
    let title_top = ticks_base + TICK * DESC + 4.0;
    let title_end = title_top + x_lines.len() as f64 * AXIS * 1.25;
    let anchors_base = title_end + 2.0 + ANCHOR_FONT * ASC;
    let bottom_band = if x_anchors.is_some() {
        anchors_base + ANCHOR_FONT * DESC + 4.0
    } else {
        title_end + 2.0
    };

    // Quadrant labels: in the plot when each line fits whole in half of
    // it, else named in the notes.
    let quadrants: Vec<(Vec<String>, bool, bool)> = if opts.quadrants {
        quadrant_texts(template)
            .into_iter()
            .map(|(t, right, up)| (t.lines().map(str::to_owned).collect(), right, up))
            .collect()
    } else {
        Vec::new()
    };
    let quad_room = plot_w / 2.0 - 10.0;
    let quads_fit = quadrants.iter().all(|(ls, _, _)| {
        ls.iter()
            .all(|l| font::text_width(l, QUAD_FONT, false) <= quad_room)
    });
    // Worded from the axes' anchors, they say nothing the anchors do not;
    // a template's own quadrant words go in the notes.
    if !quads_fit && !quadrants.is_empty() && m.quadrants.is_some() {
        let words: Vec<String> = quadrants.iter().map(|(ls, _, _)| ls.join(", ")).collect();
        notes.push(words::quadrants(tr, &words.join("; ")));
    }
    let quadrants = if quads_fit { quadrants } else { Vec::new() };

    // The stages: points, sizes, colours, whiskers (in unit positions for
    // now), and what the key would say.
    let names: std::collections::HashMap<&str, &str> = template
        .stages
        .iter()
        .map(|s| (s.id.as_str(), s.name.as_str()))
        .collect();
    let mut bubbles: Vec<Bubble> = Vec::new();
    let mut unplaced = Vec::new();
    for p in points {
        let name = names
            .get(p.stage.as_str())
            .map_or_else(|| p.stage.clone(), |n| (*n).to_owned());
        if p.x.median.is_none() || p.y.median.is_none() {
            unplaced.push(name);
            continue;
        }
        let fill = p.colour.median.map(|c| step_colour(sc, c));
        bubbles.push(Bubble {
            stage: p.stage.clone(),
            number: bubbles.len() + 1,
            px: 0.0,
            py: 0.0,
            cx: 0.0,
            cy: 0.0,
            r: p.size.median.map_or(R_MIN, |s| radius(unit(ss, s))),
            outline: outline_of(fill.as_deref()),
            fill,
            no_size: p.size.median.is_none(),
            consensus: lacking(p).is_empty(),
            lacking: lacking(p),
            x_whisker: None,
            y_whisker: None,
            x_offset: 0.0,
            y_offset: 0.0,
            text: String::new(),
            label: Rect::default(),
            leader: false,
            labelled: false,
            n_x: p.x.n,
            n_y: p.y.n,
            name,
        });
    }
    let usual_n = usual_n(&bubbles);
    let rule = template.consensus;
    notes.insert(
        0,
        words::consensus(
            tr,
            &num(rule.max_iqr),
            rule.min_agreement * 100.0,
            rule.min_n,
        ),
    );
    if usual_n > 0 {
        notes.insert(1, words::usual_n(tr, usual_n));
    } else if bubbles.iter().any(|b| b.n_x + b.n_y > 0) {
        // No two stages share one n: each states its own.
        notes.insert(1, words::text(tr, words::EACH_N));
    }
    let shared_point = points.iter().enumerate().any(|(i, a)| {
        points[i + 1..].iter().any(|b| {
            a.x.median.is_some()
                && a.y.median.is_some()
                && a.x.median == b.x.median
                && a.y.median == b.y.median
        })
    });
    if shared_point {
        notes.push(words::text(tr, words::NUDGED));
    }
    if !unplaced.is_empty() {
        notes.push(words::unplaced(tr, &unplaced.join(", ")));
    }
    let key_entries: Vec<(usize, String)> = bubbles
        .iter()
        .map(|b| (b.number, key_text(b, usual_n)))
        .collect();
    let size_words = |v: f64| num(v);
    let legend_words = LegendWords {
        tr,
        size_heading: words::size(tr, &dim_name(template, &m.size)),
        size_values: [
            f64::from(ss.min),
            f64::midpoint(f64::from(ss.min), f64::from(ss.max)),
            f64::from(ss.max),
        ]
        .map(|v| (v, size_words(v))),
        size_anchors: anchors_words(template, &m.size),
        no_size: words::text(tr, words::NO_SIZE),
        colour_heading: words::colour(tr, &dim_name(template, &m.colour)),
        colour_anchors: anchors_words(template, &m.colour),
        no_colour: words::text(tr, words::NO_COLOUR),
        marks_heading: words::text(tr, words::MARKS),
        marks_text: words::text(tr, words::MARKS_TEXT),
        roles_heading: words::text(tr, words::ROLES),
        notes,
        key_heading: words::text(tr, words::KEY),
    };
    let block_for = |numbered: bool| {
        let key = (numbered && placing.drawn(Part::Key)).then_some(key_entries.as_slice());
        legend_block(
            &legend_words,
            (ss, sc),
            &opts.groups,
            key,
            pad,
            inner,
            placing,
        )
    };

    // The plot's height: the aspect aimed at, shrunk so that the figure
    // stays within 1.5 times its width with the legend (1.2 with it in the
    // caption), grown with the legend in the caption until the plot is
    // its share of the figure.
    let too_long = bubbles
        .iter()
        .any(|b| font::text_width(&key_text(b, usual_n), LABEL_FONT, false) > plot_w * 0.4);
    let mut numbered = compact || too_long;
    let fixed = top + 4.0 + bottom_band + pad;
    let plot_height = |block_h: f64| {
        let limit = width * placing.tallest() - 0.5;
        let legend_h = if block_h > 0.0 { block_h + 10.0 } else { 0.0 };
        let mut h = (plot_w * aspect).max(100.0);
        if legend == Legend::Caption && plot_w > PLOT_SHARE * width {
            h = h.max(PLOT_SHARE * width * fixed / (plot_w - PLOT_SHARE * width));
        }
        let over = fixed + h + legend_h - limit;
        if over > 0.0 {
            h = (h - over).max(floor_h);
        }
        h
    };
    let mut block = block_for(numbered);
    let mut plot_h = plot_height(block.height);
    let mut nudged;
    let mut quadrant_labels;
    loop {
        let plot = Rect {
            x: left,
            y: top + 4.0,
            w: plot_w,
            h: plot_h,
        };
        let px = |v: f64| x_at(plot, sx, v);
        let py = |v: f64| y_at(plot, sy, v);
        let mut placed = bubbles.clone();
        let placed_points = points
            .iter()
            .filter(|p| p.x.median.is_some() && p.y.median.is_some());
        for (b, p) in placed.iter_mut().zip(placed_points) {
            let (x, y) = (p.x.median.unwrap_or(0.0), p.y.median.unwrap_or(0.0));
            b.px = px(x);
            b.py = py(y);
            b.cx = b.px;
            b.cy = b.py;
            let whisker = |s: &Spread, at: &dyn Fn(f64) -> f64| {
                s.q1.zip(s.q3)
                    .filter(|(a, b)| b > a)
                    .map(|(a, b)| (at(a), at(b)))
            };
            b.x_whisker = whisker(&p.x, &px);
            b.y_whisker = whisker(&p.y, &py);
        }
        nudged = dodge(&mut placed, plot);
        offset_whiskers(&mut placed);
        quadrant_labels = place_quadrants(&quadrants, &placed, plot);
        let fixed_boxes: Vec<Rect> = quadrant_labels.iter().map(|(_, r)| *r).collect();
        let mut now_numbered = numbered;
        if !now_numbered {
            for b in &mut placed {
                b.text = key_text(b, usual_n);
            }
            now_numbered = !place_labels(&mut placed, &fixed_boxes, plot, false);
        }
        if now_numbered {
            for b in &mut placed {
                b.text = b.number.to_string();
                b.labelled = false;
            }
            place_labels(&mut placed, &fixed_boxes, plot, true);
        }
        if now_numbered != numbered {
            // Names did not fit: the key joins the legend; the plot may
            // have to give up height for it.
            numbered = now_numbered;
            block = block_for(numbered);
            let h = plot_height(block.height);
            if (h - plot_h).abs() > 0.5 {
                plot_h = h;
                continue;
            }
        }
        bubbles = placed;
        break;
    }
    let plot = Rect {
        x: left,
        y: top + 4.0,
        w: plot_w,
        h: plot_h,
    };
    let px = |v: f64| x_at(plot, sx, v);
    let py = |v: f64| y_at(plot, sy, v);

    // The y axis: title lines (rotated), anchors, ticks.
    for (i, line) in y_lines.iter().enumerate() {
        let x = pad + AXIS * ASC + i as f64 * AXIS * 1.25;
        texts.push(
            Label::new(line.clone(), x, plot.y + plot.h / 2.0, AXIS)
                .bold()
                .anchor(Anchor::Middle)
                .vertical()
                .class("axis-title"),
        );
    }
    if let Some((lo, hi)) = &y_anchors {
        let ax = pad + y_lines.len() as f64 * AXIS * 1.25 + ANCHOR_FONT * ASC;
        texts.push(
            Label::new(lo.clone(), ax, plot.bottom(), ANCHOR_FONT)
                .vertical()
                .fill("#555555")
                .class("anchor"),
        );
        texts.push(
            Label::new(hi.clone(), ax, plot.y, ANCHOR_FONT)
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
                plot.bottom() + ticks_base,
                TICK,
            )
            .anchor(Anchor::Middle)
            .fill("#333333")
            .class("tick"),
        );
    }
    for (i, line) in x_lines.iter().enumerate() {
        texts.push(
            Label::new(
                line.clone(),
                plot.x + plot.w / 2.0,
                plot.bottom() + title_top + AXIS * ASC + i as f64 * AXIS * 1.25,
                AXIS,
            )
            .bold()
            .anchor(Anchor::Middle)
            .class("axis-title"),
        );
    }
    if let Some((lo, hi)) = &x_anchors {
        let at = plot.bottom() + anchors_base;
        texts.push(
            Label::new(lo.clone(), plot.x, at, ANCHOR_FONT)
                .fill("#555555")
                .class("anchor"),
        );
        texts.push(
            Label::new(hi.clone(), plot.right(), at, ANCHOR_FONT)
                .anchor(Anchor::End)
                .fill("#555555")
                .class("anchor"),
        );
    }

    // Roles' positions, each joined to its stage's point.
    let mut group_marks = Vec::new();
    let placed_points = points
        .iter()
        .filter(|p| p.x.median.is_some() && p.y.median.is_some());
    for (b, p) in bubbles.iter().zip(placed_points) {
        for g in &p.groups {
            group_marks.push(GroupMark {
                group: g.group,
                stage: b.stage.clone(),
                x: px(g.x),
                y: py(g.y),
                to_x: b.px,
                to_y: b.py,
                colour: b.outline.clone(),
            });
        }
    }

    // The legend under the plot, and what left it in the caption.
    let mut marks = Vec::new();
    let mut height = plot.bottom() + bottom_band + pad;
    caption.extend(legend_caption(
        &legend_words,
        &opts.groups,
        numbered.then_some(key_entries.as_slice()),
        placing,
    ));
    if block.height > 0.0 {
        let at = plot.bottom() + bottom_band + 10.0;
        height = at + block.height + pad;
        let (t, mk) = block.moved(at);
        texts.extend(t);
        marks.extend(mk);
    }
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
        compact,
        texts,
        marks,
        group_marks,
        caption,
    }
}

/// Quadrant labels (their lines, right half, top half) in the plot's
/// corners; a label that would cover a stage's bubble, dot or whiskers
/// slides along its edge towards the middle to the first spot clear of
/// them (or stays in its corner when there is none).
fn place_quadrants(
    quadrants: &[(Vec<String>, bool, bool)],
    bubbles: &[Bubble],
    plot: Rect,
) -> Vec<(String, Rect)> {
    let whiskers = whisker_boxes(bubbles);
    let clear = |r: &Rect| {
        !bubbles
            .iter()
            .any(|b| r.hits_circle(b.cx, b.cy, b.r + 1.0) || r.hits_circle(b.px, b.py, 2.5))
            && !whiskers.iter().any(|w| w.intersects(r))
    };
    quadrants
        .iter()
        .map(|(lines, right, top)| {
            let w = lines
                .iter()
                .map(|l| font::text_width(l, QUAD_FONT, false))
                .fold(0.0, f64::max);
            let h = QUAD_FONT * 1.25 * lines.len() as f64;
            let y = if *top {
                plot.y + 3.0
            } else {
                plot.bottom() - h - 3.0
            };
            let corner = if *right {
                plot.right() - w - 3.0
            } else {
                plot.x + 3.0
            };
            // Along the edge first, then a row further in, and so on.
            let across = (plot.w / 2.0 - w - 6.0).max(0.0);
            let down = (plot.h / 2.0 - h - 6.0).max(0.0);
            let steps = 8;
            let spot = (0..=4)
                .flat_map(|row| (0..=steps).map(move |k| (row, k)))
                .map(|(row, k)| {
                    let dx = across * f64::from(k) / f64::from(steps);
                    let dy = down * f64::from(row) / 4.0;
                    Rect {
                        x: if *right { corner - dx } else { corner + dx },
                        y: if *top { y + dy } else { y - dy },
                        w,
                        h,
                    }
                })
                .find(|r| clear(r))
                .unwrap_or(Rect { x: corner, y, w, h });
            (lines.join("\n"), spot)
        })
        .collect()
}

/// Whiskers of different stages on the same line (within a hair, and
/// overlapping) are drawn a hair apart, so that no two merge into one.
fn offset_whiskers(bubbles: &mut [Bubble]) {
    const HAIR: f64 = 1.6;
    let n = bubbles.len();
    for axis in [true, false] {
        // (position across the line, start, end) of each whisker.
        let line = |b: &Bubble| -> Option<(f64, f64, f64)> {
            if axis {
                b.x_whisker.map(|(a, c)| (b.py, a.min(c), a.max(c)))
            } else {
                b.y_whisker.map(|(a, c)| (b.px, a.min(c), a.max(c)))
            }
        };
        let mut done = vec![false; n];
        for i in 0..n {
            let Some((at, lo, hi)) = line(&bubbles[i]) else {
                continue;
            };
            if done[i] {
                continue;
            }
            let group: Vec<usize> = (i..n)
                .filter(|&j| {
                    !done[j]
                        && line(&bubbles[j])
                            .is_some_and(|(a, l, h)| (a - at).abs() < 1.0 && l < hi && lo < h)
                })
                .collect();
            let k = group.len() as f64;
            for (pos, &j) in group.iter().enumerate() {
                done[j] = true;
                let off = (pos as f64 - (k - 1.0) / 2.0) * HAIR;
                if axis {
                    bubbles[j].x_offset = off;
                } else {
                    bubbles[j].y_offset = off;
                }
            }
        }
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

    /// The example, whose Reuse, Collection and Mining share the line
    /// x = 4 and whose Design and Production chain at x = 2: no two
    /// stages' whiskers run on one line, and each is in its stage's
    /// outline colour (in the SVG).
    #[test]
    fn whiskers_are_their_stages_and_never_merge() {
        let s = crate::synthetic::example_session();
        let agg = crate::analysis::Aggregate::new(&s);
        let cells = crate::analysis::RoundSelection::of_session(
            &s,
            &agg,
            crate::analysis::RoundChoice::Latest,
        )
        .cells(&agg, &s.template);
        let points = points_from_cells(&s.template, &cells);
        for width_mm in [85.0, 170.0] {
            let opts = ModelOptions {
                width_mm,
                ..ModelOptions::default()
            };
            let lay = layout_points(&s.template, &points, &opts);
            // (horizontal?, position across, from, to, stage)
            let mut lines = Vec::new();
            for b in &lay.bubbles {
                if let Some((a, c)) = b.x_whisker {
                    lines.push((true, b.py + b.x_offset, a.min(c), a.max(c), &b.stage));
                }
                if let Some((a, c)) = b.y_whisker {
                    lines.push((false, b.px + b.y_offset, a.min(c), a.max(c), &b.stage));
                }
            }
            let shared = lines.iter().enumerate().any(|(i, a)| {
                lines[i + 1..]
                    .iter()
                    .any(|b| a.0 == b.0 && (a.1 - b.1).abs() < 1e-6 && a.2 < b.3 && b.2 < a.3)
            });
            assert!(!shared, "{width_mm} mm: two whiskers on one line");
            let apart = lines.iter().enumerate().all(|(i, a)| {
                lines[i + 1..].iter().all(|b| {
                    a.0 != b.0 || a.4 == b.4 || (a.1 - b.1).abs() >= 1.5 || a.3 <= b.2 || b.3 <= a.2
                })
            });
            assert!(apart, "{width_mm} mm: whiskers closer than a hair");
            let svg = super::super::render_points(&s.template, &points, &opts);
            let attr = |l: &str, k: &str| {
                l.split(&format!(" {k}=\""))
                    .nth(1)
                    .and_then(|v| v.split('"').next())
                    .map(str::to_owned)
            };
            let outline: std::collections::HashMap<String, String> = svg
                .lines()
                .filter(|l| l.contains(r#"class="bubble""#))
                .filter_map(|l| Some((attr(l, "data-stage")?, attr(l, "stroke")?)))
                .collect();
            let whiskers: Vec<&str> = svg
                .lines()
                .filter(|l| l.contains(r#"class="whisker""#))
                .collect();
            assert!(whiskers.len() > 6);
            for w in whiskers {
                let stage = attr(w, "data-stage").unwrap_or_default();
                assert_eq!(attr(w, "stroke"), outline.get(&stage).cloned(), "{stage}");
            }
            let distinct: std::collections::BTreeSet<&String> = outline.values().collect();
            assert!(distinct.len() > 3, "outlines follow the fills");
        }
    }

    /// With `--by role`, each role's point is joined to its stage's own
    /// point, and no role's shape is a circle or a square (the legend's
    /// size and "size not rated" marks).
    #[test]
    fn role_points_are_joined_to_their_stage() {
        let t = default_template();
        let mut points = points_from_placements(&example_placements());
        for p in &mut points {
            let (x, y) = (p.x.median.unwrap_or(3.0), p.y.median.unwrap_or(3.0));
            p.groups.push(GroupPoint {
                group: 0,
                x: (x - 0.5).max(1.0),
                y,
            });
            p.groups.push(GroupPoint {
                group: 1,
                x,
                y: (y + 0.5).min(5.0),
            });
        }
        let opts = ModelOptions {
            groups: vec!["industry".into(), "academia".into()],
            ..ModelOptions::default()
        };
        let lay = layout_points(&t, &points, &opts);
        assert_eq!(lay.group_marks.len(), 18);
        for g in &lay.group_marks {
            let stage = lay
                .bubbles
                .iter()
                .find(|b| b.stage == g.stage)
                .expect("a drawn stage");
            assert!((stage.px - g.to_x).abs() < 1e-9 && (stage.py - g.to_y).abs() < 1e-9);
            assert_eq!(g.colour, stage.outline);
        }
        assert!(
            !words::SHAPES
                .iter()
                .any(|s| s.contains("circle") || *s == "square")
        );
        let svg = super::super::render_points(&t, &points, &opts);
        assert_eq!(svg.matches(r#"class="group-link""#).count(), 18);
        for l in svg.lines().filter(|l| l.contains(r#"class="group""#)) {
            assert!(
                words::SHAPES
                    .iter()
                    .any(|s| l.contains(&format!(r#"data-shape="{s}""#))),
                "{l}"
            );
        }
        // The legend names the roles beside their shapes.
        assert!(svg.contains(">industry<") && svg.contains(">academia<"));
    }
}
