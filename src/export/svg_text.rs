//! Text placed on a figure: where it goes, how much room it takes (from the
//! embedded font's metrics) and its SVG. The figures lay out every piece
//! of text as a [`Label`] so that they can keep them apart, and the tests
//! read the same boxes back from the SVG.

use std::fmt::Write as _;

use super::font;
use super::labels::escape_xml as escape;

/// Points per millimetre: the figures' user unit is the typographic point.
pub const PT_PER_MM: f64 = 72.0 / 25.4;

/// The smallest text on a figure, in points at its printed width.
pub const MIN_PT: f64 = 7.0;

/// How far text reaches above its baseline, in ems (`DejaVu Sans`' ascender).
pub const ASCENT: f64 = 0.93;
/// How far it reaches below, in ems.
pub const DESCENT: f64 = 0.24;

/// An axis-aligned box in points.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
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

    #[must_use]
    pub fn inside(&self, o: &Rect) -> bool {
        self.x >= o.x - 1e-9
            && self.y >= o.y - 1e-9
            && self.x + self.w <= o.x + o.w + 1e-9
            && self.y + self.h <= o.y + o.h + 1e-9
    }

    #[must_use]
    pub fn hits_circle(&self, cx: f64, cy: f64, r: f64) -> bool {
        let nx = cx.clamp(self.x, self.x + self.w);
        let ny = cy.clamp(self.y, self.y + self.h);
        (nx - cx).powi(2) + (ny - cy).powi(2) < r * r
    }

    #[must_use]
    pub fn right(&self) -> f64 {
        self.x + self.w
    }

    #[must_use]
    pub fn bottom(&self) -> f64 {
        self.y + self.h
    }
}

/// Where a text's `x` is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
    End,
}

/// One line of text on a figure.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub text: String,
    pub x: f64,
    /// The baseline.
    pub y: f64,
    pub size: f64,
    pub bold: bool,
    pub italic: bool,
    pub anchor: Anchor,
    /// Turned a quarter anticlockwise about (x, y), reading upwards.
    pub vertical: bool,
    pub fill: &'static str,
    /// What the text is, for tests and styling (`stage`, `axis-title`...).
    pub class: &'static str,
}

impl Label {
    /// Plain text of `size` at (x, y), starting there.
    #[must_use]
    pub fn new(text: impl Into<String>, x: f64, y: f64, size: f64) -> Self {
        Self {
            text: text.into(),
            x,
            y,
            size,
            bold: false,
            italic: false,
            anchor: Anchor::Start,
            vertical: false,
            fill: "#222222",
            class: "text",
        }
    }

    #[must_use]
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }

    #[must_use]
    pub fn italic(mut self) -> Self {
        self.italic = true;
        self
    }

    #[must_use]
    pub fn anchor(mut self, anchor: Anchor) -> Self {
        self.anchor = anchor;
        self
    }

    #[must_use]
    pub fn vertical(mut self) -> Self {
        self.vertical = true;
        self
    }

    #[must_use]
    pub fn fill(mut self, fill: &'static str) -> Self {
        self.fill = fill;
        self
    }

    #[must_use]
    pub fn class(mut self, class: &'static str) -> Self {
        self.class = class;
        self
    }

    /// The text's advance width.
    #[must_use]
    pub fn width(&self) -> f64 {
        font::text_width(&self.text, self.size, self.bold)
    }

    /// The box the text covers.
    #[must_use]
    pub fn bbox(&self) -> Rect {
        let w = self.width();
        let along = match self.anchor {
            Anchor::Start => 0.0,
            Anchor::Middle => -w / 2.0,
            Anchor::End => -w,
        };
        let (up, down) = (ASCENT * self.size, DESCENT * self.size);
        if self.vertical {
            // Reading upwards: the text runs from y (start) to y - w.
            Rect {
                x: self.x - up,
                y: self.y - along - w,
                w: up + down,
                h: w,
            }
        } else {
            Rect {
                x: self.x + along,
                y: self.y - up,
                w,
                h: up + down,
            }
        }
    }

    /// The SVG `<text>` element.
    pub fn write(&self, s: &mut String) {
        let anchor = match self.anchor {
            Anchor::Start => "",
            Anchor::Middle => r#" text-anchor="middle""#,
            Anchor::End => r#" text-anchor="end""#,
        };
        let weight = if self.bold {
            r#" font-weight="bold""#
        } else {
            ""
        };
        let style = if self.italic {
            r#" font-style="italic""#
        } else {
            ""
        };
        let turn = if self.vertical {
            format!(r#" transform="rotate(-90 {:.2} {:.2})""#, self.x, self.y)
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            r#"<text class="{}" x="{:.2}" y="{:.2}" font-size="{:.2}"{anchor}{weight}{style}{turn} fill="{}">{}</text>"#,
            self.class,
            self.x,
            self.y,
            self.size,
            self.fill,
            escape(&self.text)
        );
    }
}

/// The most lines one text is wrapped into on a figure.
pub const MAX_LINES: usize = 40;

/// `text` wrapped to `max` wide at `size` at word boundaries (never inside
/// a word), one label per line from baseline `y` down, `leading` apart;
/// returns them and the baseline after the last.
#[must_use]
pub fn lines(
    text: &str,
    x: f64,
    y: f64,
    size: f64,
    max: f64,
    leading: f64,
    bold: bool,
) -> (Vec<Label>, f64) {
    let mut out = Vec::new();
    let mut at = y;
    // A name of 70,000 characters: only what can be shown (no real text
    // reaches this many lines).
    let budget: String = text.chars().take(MAX_LINES * 200).collect();
    let mut wrapped = font::wrap_words(&budget, size, bold, max);
    if wrapped.len() > MAX_LINES || budget.len() < text.len() {
        wrapped.truncate(MAX_LINES);
        if let Some(last) = wrapped.last_mut() {
            while !last.is_empty() && font::text_width(&format!("{last}\u{2026}"), size, bold) > max
            {
                last.pop();
            }
            last.push('\u{2026}');
        }
    }
    for line in wrapped {
        let mut l = Label::new(line, x, at, size);
        l.bold = bold;
        out.push(l);
        at += leading;
    }
    (out, at)
}

/// A figure's title (10 pt, bold) and its subtitle (7.5 pt, wrapped to
/// `width`) at `x`, the title's top at `y`; returns where the text ends.
/// Every figure starts this way.
pub fn heading(
    texts: &mut Vec<Label>,
    title: &str,
    subtitle: &str,
    x: f64,
    y: f64,
    width: f64,
) -> f64 {
    const TITLE: f64 = 10.0;
    const SUB: f64 = 7.5;
    let (title_lines, mut y) = lines(title, x, y + TITLE, TITLE, width, TITLE * 1.25, true);
    texts.extend(title_lines.into_iter().map(|l| l.class("title")));
    y += 5.0 - TITLE * 1.25;
    if !subtitle.is_empty() {
        let (sub, end) = lines(subtitle, x, y + SUB, SUB, width, SUB * 1.3, false);
        texts.extend(sub.into_iter().map(|l| l.fill("#555555").class("subtitle")));
        y = end - SUB;
    }
    y
}

/// Where a figure's legend and notes go (`--legend`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Legend {
    /// In the figure, under the plot.
    #[default]
    Figure,
    /// In a caption beside the figure (with the title, the key and the
    /// notes): the figure holds the plot and its axes.
    Caption,
    /// Left out (a key for numbered labels stays: the plot needs it).
    None,
}

impl Legend {
    /// The name on the command line.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Figure => "figure",
            Self::Caption => "caption",
            Self::None => "none",
        }
    }
}

/// The most a figure's height may be, in widths: with its legend in the
/// figure, and with the legend in its caption.
pub const TALLEST_WITH_LEGEND: f64 = 1.5;
pub const TALLEST_CAPTIONED: f64 = 1.2;

/// A part of a figure's words that `--legend` places in the figure or in
/// its caption.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The title and subtitle.
    Title,
    /// Sentences that explain: the consensus rule, what n counts, anchors.
    Notes,
    /// What the marks mean (the model's dot, whiskers, dashed outline).
    Marks,
    /// The key of numbered or lettered names.
    Key,
    /// The keys of the scales: sizes, colours, levels, kinds of flow.
    Scales,
}

/// Where each part of a figure's words goes. With `--legend figure` a
/// figure that would be taller than [`TALLEST_WITH_LEGEND`] widths sends
/// parts to its caption, in the order the figure gives (what the plot can
/// best do without first), until it fits: a one-column figure of nine
/// 70-character names cannot hold its key and stay that short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placing {
    pub legend: Legend,
    /// The parts in the order they leave the figure.
    pub order: &'static [Part],
    /// How many of them have left (`--legend figure` only).
    pub moved: usize,
}

impl Placing {
    /// Everything where `legend` puts it, nothing moved yet.
    #[must_use]
    pub fn new(legend: Legend, order: &'static [Part]) -> Self {
        Self {
            legend,
            order,
            moved: 0,
        }
    }

    /// The next step of fitting: one more part leaves the figure, or
    /// `None` when nothing is left to move.
    #[must_use]
    pub fn next(self) -> Option<Self> {
        (self.legend == Legend::Figure && self.moved < self.order.len()).then_some(Self {
            moved: self.moved + 1,
            ..self
        })
    }

    /// Whether `part` is drawn in the figure. Without a legend the title
    /// and a key of numbers stay (the plot needs the key).
    #[must_use]
    pub fn drawn(self, part: Part) -> bool {
        match self.legend {
            Legend::Figure => !self.captioned(part),
            Legend::Caption => false,
            Legend::None => matches!(part, Part::Title | Part::Key),
        }
    }

    /// Whether `part` is written in the caption.
    #[must_use]
    pub fn captioned(self, part: Part) -> bool {
        match self.legend {
            Legend::Figure => self.order[..self.moved.min(self.order.len())].contains(&part),
            Legend::Caption => true,
            Legend::None => false,
        }
    }

    /// The most the figure's height may be, in widths.
    #[must_use]
    pub fn tallest(self) -> f64 {
        if self.legend == Legend::Caption {
            TALLEST_CAPTIONED
        } else {
            TALLEST_WITH_LEGEND
        }
    }
}

/// The first form of a figure, drawn by `draw` at ever fewer parts in the
/// figure, whose height over its width is at most [`TALLEST_WITH_LEGEND`]
/// (or the last, when none is): `draw` returns the drawing and its height
/// over its width.
pub fn fitted<T>(start: Placing, mut draw: impl FnMut(Placing) -> (T, f64)) -> T {
    let mut placing = start;
    loop {
        let (drawn, ratio) = draw(placing);
        match placing.next() {
            Some(next) if ratio > TALLEST_WITH_LEGEND + 1e-9 => placing = next,
            _ => return drawn,
        }
    }
}

/// The caption's first paragraph: the title and the subtitle.
#[must_use]
pub fn title_paragraph(title: &str, subtitle: &str) -> String {
    let mut first = format!("{title}.");
    if !subtitle.is_empty() {
        let _ = write!(first, " {}.", subtitle.trim_end_matches('.'));
    }
    first
}

/// A figure and its caption: the title, subtitle, legend and notes as
/// plain text when they are not drawn (`--legend caption`, or the parts
/// that left a figure too tall with them), else empty.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Drawn {
    pub svg: String,
    pub caption: String,
}

/// A caption from its paragraphs: one a line, empty ones left out.
#[must_use]
pub fn caption(paragraphs: &[String]) -> String {
    let mut out = String::new();
    for p in paragraphs
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
    {
        out.push_str(p);
        out.push('\n');
    }
    out
}

/// The part of a figure that is its plot (for the layout test: at least
/// 70% of a figure with `--legend caption`), as an invisible rectangle.
pub fn plot_area(s: &mut String, r: Rect) {
    let _ = writeln!(
        s,
        r#"<rect class="plot-area" x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="none" stroke="none"/>"#,
        r.x, r.y, r.w, r.h
    );
}

/// How a figure is drawn (the matrix and the flow map; the model has more).
#[derive(Debug, Clone, PartialEq)]
pub struct FigureOptions {
    /// Whether the figure prints its title (off when the journal's caption
    /// gives it).
    pub title: bool,
    pub subtitle: String,
    /// The printed width; text is sized for it.
    pub width_mm: f64,
    /// The language of its words.
    pub tr: crate::i18n::Tr,
    /// Where the legend and notes go.
    pub legend: Legend,
}

impl Default for FigureOptions {
    fn default() -> Self {
        Self {
            title: true,
            subtitle: String::new(),
            width_mm: 170.0,
            tr: crate::i18n::Tr::english(),
            legend: Legend::Figure,
        }
    }
}

/// The opening `<svg>` of a figure `w` x `h` points, printed at that size.
#[must_use]
pub fn open(w: f64, h: f64, id: &str, title: &str) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{:.2}mm" height="{:.2}mm" viewBox="0 0 {w:.2} {h:.2}" font-family="{}" role="img" aria-labelledby="{id}-title">"#,
        w / PT_PER_MM,
        h / PT_PER_MM,
        font::SVG_FAMILY
    );
    let _ = writeln!(s, r#"<title id="{id}-title">{}</title>"#, escape(title));
    let _ = writeln!(
        s,
        r##"<rect x="0" y="0" width="{w:.2}" height="{h:.2}" fill="#ffffff"/>"##
    );
    s
}

/// The narrowest and widest printed widths a figure is laid out for, in
/// millimetres (`--width-mm`).
pub const MIN_WIDTH_MM: f64 = 60.0;
pub const MAX_WIDTH_MM: f64 = 1000.0;

/// A width at which a figure is laid out for one column of a two-column
/// page, or narrower: labels by number with a key, the legend in two
/// columns (points; 110 mm).
pub const ONE_COLUMN: f64 = 110.0 * PT_PER_MM;

/// The printed width of a figure in points: `width_mm` within
/// [`MIN_WIDTH_MM`]..=[`MAX_WIDTH_MM`], or the default 170 mm when it is
/// not a number.
#[must_use]
pub fn page_width(width_mm: f64) -> f64 {
    let mm = if width_mm.is_finite() {
        width_mm.clamp(MIN_WIDTH_MM, MAX_WIDTH_MM)
    } else {
        170.0
    };
    mm * PT_PER_MM
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boxes_follow_anchor_and_turn() {
        let l = Label::new("Mining", 100.0, 50.0, 10.0);
        let b = l.bbox();
        assert!((b.x - 100.0).abs() < 1e-9 && (b.y - 40.7).abs() < 1e-9);
        let m = l.clone().anchor(Anchor::End).bbox();
        assert!((m.right() - 100.0).abs() < 1e-9);
        let v = l.vertical().bbox();
        assert!((v.bottom() - 50.0).abs() < 1e-9);
        assert!((v.h - b.w).abs() < 1e-9);
        let mut s = String::new();
        Label::new("a<b", 1.0, 2.0, 7.0).write(&mut s);
        assert!(s.contains("a&lt;b"));
    }
}
