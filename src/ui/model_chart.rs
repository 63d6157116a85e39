//! Figure 2 in the terminal: the conceptual model as a bubble chart on a
//! ratatui [`Canvas`], with quadrant lines and labels, stage labels that do
//! not overlap, and stages without consensus marked with `*` (a text mark,
//! not only colour). With `monochrome` (`NO_COLOR`) nothing is coloured.
//!
//! [`text_rows`] is the same information as a table, for screen readers and
//! for terminals too small to draw the chart.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Line as CanvasLine, Painter, Shape};
use ratatui::widgets::{Block, Paragraph, Widget};

use crate::analysis::Placement;
use crate::domain::{Scale, Template};
use crate::export::labels;
use crate::text_width::{truncate, width};

/// The mark after the label of a stage without consensus.
pub const NO_CONSENSUS_MARK: &str = "*";

/// The bubble chart of the conceptual model.
#[derive(Debug, Clone, Copy)]
pub struct ModelChart<'a> {
    pub placements: &'a [Placement],
    pub template: &'a Template,
    pub monochrome: bool,
    /// Which rounds the values come from ("round 2"), in the title.
    pub rounds: Option<&'a str>,
}

impl<'a> ModelChart<'a> {
    #[must_use]
    pub fn new(placements: &'a [Placement], template: &'a Template, monochrome: bool) -> Self {
        Self {
            placements,
            template,
            monochrome,
            rounds: None,
        }
    }

    /// Names the rounds the values come from in the chart's title.
    #[must_use]
    pub fn rounds(self, rounds: &'a str) -> Self {
        Self {
            rounds: Some(rounds),
            ..self
        }
    }
}

/// Header of the model's text alternative.
#[must_use]
pub fn text_header(template: &Template) -> Vec<String> {
    labels::model_head(crate::i18n::Tr::english(), template)
}

/// The model as table rows, one per stage in template order: the median and
/// level of each mapped dimension (`3.0 Medium`, `—` when not rated), the
/// quadrant, and whether the stage has consensus.
#[must_use]
pub fn text_rows(template: &Template, placements: &[Placement]) -> Vec<Vec<String>> {
    labels::model_rows(
        crate::i18n::Tr::english(),
        template,
        placements,
        |dim, v| match v {
            None => labels::DASH.to_owned(),
            Some(v) => {
                let band = labels::band(template, dim, v)
                    .map_or(String::new(), |b| format!(" {}", b.name));
                format!("{v:.1}{band}")
            }
        },
    )
}

/// An outline ellipse, so that bubbles look round on terminal cells.
struct Ring {
    x: f64,
    y: f64,
    rx: f64,
    ry: f64,
    color: Color,
}

impl Shape for Ring {
    fn draw(&self, painter: &mut Painter<'_, '_>) {
        for step in 0..180 {
            let a = f64::from(step * 2).to_radians();
            if let Some((x, y)) =
                painter.get_point(self.x + self.rx * a.cos(), self.y + self.ry * a.sin())
            {
                painter.paint(x, y, self.color);
            }
        }
    }
}

fn unit(scale: Scale, v: f64) -> f64 {
    let span = f64::from(scale.max) - f64::from(scale.min);
    if span <= 0.0 || !v.is_finite() {
        return 0.5;
    }
    ((v - f64::from(scale.min)) / span).clamp(0.0, 1.0)
}

/// Colours for the colour dimension, low to high, that most terminals show.
const PALETTE: [Color; 5] = [
    Color::Magenta,
    Color::Blue,
    Color::Cyan,
    Color::Green,
    Color::Yellow,
];

fn palette(t: f64) -> Color {
    #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let i = (t * 4.0).round().clamp(0.0, 4.0) as usize;
    PALETTE[i]
}

impl Widget for ModelChart<'_> {
    #[expect(clippy::too_many_lines)]
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        let t = self.template;
        let m = &t.model;
        let dim = |id: &str| t.dimension(id);
        let name = |id: &str| dim(id).map_or_else(|| id.to_owned(), |d| d.name.clone());
        let scale = |id: &str| dim(id).map_or(Scale { min: 1, max: 5 }, |d| d.scale);
        let (sx, sy, ss, sc) = (scale(&m.x), scale(&m.y), scale(&m.size), scale(&m.colour));
        let style = |c: Color| {
            if self.monochrome {
                Style::default()
            } else {
                Style::default().fg(c)
            }
        };
        let dim_style = if self.monochrome {
            Style::default()
        } else {
            Style::default().fg(Color::DarkGray)
        };

        let title = match self.rounds {
            Some(r) => format!(" Conceptual model · {r} "),
            None => " Conceptual model ".to_owned(),
        };
        let block = Block::bordered().title(title);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.width < 8 || inner.height < 4 {
            // Too small to draw: say so rather than draw nonsense.
            Paragraph::new("enlarge to see the model").render(inner, buf);
            return;
        }
        let [head, plot, foot] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(1),
            Constraint::Length(if inner.height >= 10 { 2 } else { 1 }),
        ])
        .areas(inner);
        let y_anchor =
            dim(&m.y).map_or(String::new(), |d| format!(" ({} \u{2191})", d.anchors.high));
        Line::from(vec![
            Span::styled(
                format!("\u{2191} {}", name(&m.y)),
                Style::default().add_modifier(Modifier::BOLD),
            ),
            Span::styled(y_anchor, dim_style),
        ])
        .render(head, buf);

        // Footer: the x axis, then the legend.
        let x_line = match dim(&m.x) {
            Some(d) => format!(
                "\u{2192} {}: {} \u{2026} {}",
                d.name, d.anchors.low, d.anchors.high
            ),
            None => format!("\u{2192} {}", name(&m.x)),
        };
        // Without colour (NO_COLOR) the colour dimension is not drawn: the
        // legend says where to read it instead of naming a colour.
        let legend = if self.monochrome {
            format!(
                "\u{25cb} size: {}  {}: in the text table  {NO_CONSENSUS_MARK} no consensus",
                name(&m.size),
                name(&m.colour)
            )
        } else {
            format!(
                "\u{25cb} size: {}  colour: {}  {NO_CONSENSUS_MARK} no consensus",
                name(&m.size),
                name(&m.colour)
            )
        };
        let mut foot_lines = vec![Line::styled(
            truncate(&x_line, usize::from(foot.width)),
            Style::default().add_modifier(Modifier::BOLD),
        )];
        if foot.height >= 2 {
            foot_lines.push(Line::styled(
                truncate(&legend, usize::from(foot.width)),
                dim_style,
            ));
        } else if let Some(l) = foot_lines.first_mut() {
            let short = format!("\u{2192} {}  {NO_CONSENSUS_MARK} no consensus", name(&m.x));
            *l = Line::raw(truncate(&short, usize::from(foot.width)).into_owned());
        }
        Paragraph::new(foot_lines).render(foot, buf);

        // World coordinates: the scales with half a step of margin.
        let xb = [f64::from(sx.min) - 0.5, f64::from(sx.max) + 0.5];
        let yb = [f64::from(sy.min) - 0.5, f64::from(sy.max) + 0.5];
        let (xmid, ymid) = (
            f64::midpoint(f64::from(sx.min), f64::from(sx.max)),
            f64::midpoint(f64::from(sy.min), f64::from(sy.max)),
        );
        // Dots per world unit (Braille: 2 x 4 dots per cell).
        let dpx = f64::from(plot.width) * 2.0 / (xb[1] - xb[0]);
        let dpy = f64::from(plot.height) * 4.0 / (yb[1] - yb[0]);
        let base = (f64::from(plot.width) * 2.0).min(f64::from(plot.height) * 4.0) / 14.0;

        let mut bubbles: Vec<(&Placement, f64, f64, f64, Color)> = self
            .placements
            .iter()
            .filter_map(|p| {
                let (x, y) = (p.x?, p.y?);
                let r = base * (0.15 + 0.85 * p.size.map_or(0.0, |s| unit(ss, s))).sqrt();
                let c = p.colour.map_or(Color::Gray, |c| palette(unit(sc, c)));
                Some((p, x, y, r, c))
            })
            .collect();
        // Stages with the same medians are drawn a little apart around
        // their common point, so that none hides another.
        let spots: Vec<(f64, f64)> = bubbles.iter().map(|b| (b.1, b.2)).collect();
        for (i, b) in bubbles.iter_mut().enumerate() {
            let same: Vec<usize> = (0..spots.len())
                .filter(|&j| {
                    (spots[j].0 - spots[i].0).abs() < 1e-9 && (spots[j].1 - spots[i].1).abs() < 1e-9
                })
                .collect();
            if same.len() > 1 {
                let k = same.iter().position(|&j| j == i).unwrap_or(0);
                let a = std::f64::consts::TAU * k as f64 / same.len() as f64
                    - std::f64::consts::FRAC_PI_2;
                // About two dots in each direction, in world units.
                let d = 2.5;
                b.1 += d / dpx * a.cos();
                b.2 -= d / dpy * a.sin();
            }
        }

        let monochrome = self.monochrome;
        let line_colour = if monochrome {
            Color::Reset
        } else {
            Color::DarkGray
        };
        Canvas::default()
            .marker(Marker::Braille)
            .x_bounds(xb)
            .y_bounds(yb)
            .paint(|ctx| {
                ctx.draw(&CanvasLine::new(xmid, yb[0], xmid, yb[1], line_colour));
                ctx.draw(&CanvasLine::new(xb[0], ymid, xb[1], ymid, line_colour));
                ctx.layer();
                for (_, x, y, r, c) in &bubbles {
                    ctx.draw(&Ring {
                        x: *x,
                        y: *y,
                        rx: r / dpx,
                        ry: r / dpy,
                        color: if monochrome { Color::Reset } else { *c },
                    });
                }
            })
            .render(plot, buf);

        // Text on top of the canvas, placed in cells so that nothing overlaps.
        let to_cell = |x: f64, y: f64| -> (u16, u16) {
            let fx = ((x - xb[0]) / (xb[1] - xb[0])).clamp(0.0, 1.0);
            let fy = ((yb[1] - y) / (yb[1] - yb[0])).clamp(0.0, 1.0);
            #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let col = plot.x + (fx * f64::from(plot.width.saturating_sub(1))).round() as u16;
            #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let row = plot.y + (fy * f64::from(plot.height.saturating_sub(1))).round() as u16;
            (col, row)
        };
        let mut taken: Vec<Rect> = Vec::new();
        let put = |buf: &mut Buffer, taken: &mut Vec<Rect>, r: Rect, text: &str, st: Style| {
            buf.set_stringn(r.x, r.y, text, usize::from(r.width), st);
            taken.push(r);
        };
        let fits = |r: Rect, taken: &[Rect]| {
            r.right() <= plot.right()
                && r.bottom() <= plot.bottom()
                && r.x >= plot.x
                && r.y >= plot.y
                && !taken.iter().any(|o| o.intersects(r))
        };
        // Quadrant labels in the corners when there is room.
        if plot.width >= 40 && plot.height >= 8 {
            let quads = [
                ("quick wins", false, true),
                ("major projects", true, true),
                ("fill-ins", false, false),
                ("thankless tasks", true, false),
            ];
            for (text, right, top) in quads {
                #[expect(clippy::cast_possible_truncation)]
                let len = width(text) as u16;
                let x = if right {
                    plot.right().saturating_sub(len)
                } else {
                    plot.x
                };
                let y = if top {
                    plot.y
                } else {
                    plot.bottom().saturating_sub(1)
                };
                let r = Rect::new(x, y, len, 1);
                if fits(r, &taken) {
                    put(
                        buf,
                        &mut taken,
                        r,
                        text,
                        dim_style.add_modifier(Modifier::ITALIC),
                    );
                }
            }
        }
        // Bubble centres, then labels beside them.
        let mut centres = Vec::new();
        for (p, x, y, _, c) in &bubbles {
            let (col, row) = to_cell(*x, *y);
            buf.set_string(col, row, "\u{25cf}", style(*c));
            centres.push((*p, col, row, *c));
        }
        for (p, col, row, c) in centres {
            let stage = t
                .stage(&p.stage)
                .map_or_else(|| p.stage.clone(), |s| s.name.clone());
            let text = if p.consensus {
                stage
            } else {
                format!("{stage}{NO_CONSENSUS_MARK}")
            };
            #[expect(clippy::cast_possible_truncation)]
            let len = width(&text).min(usize::from(plot.width)) as u16;
            let mut spot = None;
            'search: for dy in [0i32, -1, 1, -2, 2, -3, 3, -4, 4] {
                let Some(y) = u16::try_from(i32::from(row) + dy).ok() else {
                    continue;
                };
                for x in [
                    col.saturating_add(2),
                    col.saturating_sub(len.saturating_add(1)),
                    col.saturating_sub(len / 2),
                ] {
                    let r = Rect::new(x, y, len, 1);
                    if fits(r, &taken) {
                        spot = Some(r);
                        break 'search;
                    }
                }
            }
            if let Some(r) = spot {
                let st = style(c).add_modifier(if p.consensus {
                    Modifier::empty()
                } else {
                    Modifier::BOLD
                });
                put(buf, &mut taken, r, &text, st);
            }
        }
    }
}
