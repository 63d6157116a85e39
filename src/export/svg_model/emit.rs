//! The model figure as SVG text: the frame, axes and ticks, the quadrant
//! labels, each stage's whiskers, point and bubble, the stage labels where
//! [`super::layout`] put them, and the legend.

use std::fmt::Write as _;

use super::layout::{
    Bubble, Layout, Mark, ModelOptions, ModelPoint, QUAD_FONT, layout_points, points_from_cells,
    points_from_placements, x_at, y_at,
};
use super::words;
use crate::analysis::{Aggregate, Placement, RoundChoice, RoundSelection};
use crate::domain::{Session, Template};
use crate::export::labels::{dim_name, escape_xml as escape, fmt_value_in, subtitle};
use crate::export::svg_text::{Drawn, Label, caption, open, plot_area};
use crate::i18n::Tr;

/// Renders the model of `session`, each axis from its dimension's latest
/// rated round.
#[must_use]
pub fn render(session: &Session) -> String {
    render_round(session, RoundChoice::Latest)
}

/// Renders the model of `session` in the rounds `choice` picks.
#[must_use]
pub fn render_round(session: &Session, choice: RoundChoice) -> String {
    let agg = Aggregate::new(session);
    let selection = RoundSelection::of_session(session, &agg, choice);
    let cells = selection.cells(&agg, &session.template);
    let opts = ModelOptions {
        subtitle: subtitle(session, &selection),
        tr: Tr::new(&session.language),
        ..ModelOptions::default()
    };
    render_points(
        &session.template,
        &points_from_cells(&session.template, &cells),
        &opts,
    )
}

/// Renders the model from plain placements (no whiskers).
#[must_use]
pub fn render_placements(
    tr: Tr,
    template: &Template,
    placements: &[Placement],
    subtitle: &str,
) -> String {
    let opts = ModelOptions {
        tr,
        subtitle: subtitle.to_owned(),
        ..ModelOptions::default()
    };
    render_points(template, &points_from_placements(placements), &opts)
}

/// A role's mark (`--by role`): small, hollow, told apart without colour,
/// and none a circle or a square (see [`super::words::SHAPES`]).
fn group_mark(s: &mut String, g: usize, cx: f64, cy: f64) {
    let r = 3.2;
    let shape = super::words::SHAPES[g % super::words::SHAPES.len()];
    let d = match shape {
        "triangle" => format!(
            "M{cx:.2},{:.2} L{:.2},{:.2} L{:.2},{:.2} Z",
            cy - r,
            cx + r,
            cy + r * 0.8,
            cx - r,
            cy + r * 0.8
        ),
        "diamond" => format!(
            "M{cx:.2},{:.2} L{:.2},{cy:.2} L{cx:.2},{:.2} L{:.2},{cy:.2} Z",
            cy - r,
            cx + r,
            cy + r,
            cx - r
        ),
        "down-triangle" => format!(
            "M{cx:.2},{:.2} L{:.2},{:.2} L{:.2},{:.2} Z",
            cy + r,
            cx + r,
            cy - r * 0.8,
            cx - r,
            cy - r * 0.8
        ),
        "plus" => format!(
            "M{:.2},{cy:.2} H{:.2} M{cx:.2},{:.2} V{:.2}",
            cx - r,
            cx + r,
            cy - r,
            cy + r
        ),
        "cross" => format!(
            "M{:.2},{:.2} L{:.2},{:.2} M{:.2},{:.2} L{:.2},{:.2}",
            cx - r,
            cy - r,
            cx + r,
            cy + r,
            cx - r,
            cy + r,
            cx + r,
            cy - r
        ),
        _ => format!(
            "M{cx:.2},{:.2} L{:.2},{:.2} L{:.2},{:.2} Z M{cx:.2},{:.2} L{:.2},{:.2} L{:.2},{:.2} Z",
            cy - r,
            cx + r * 0.85,
            cy + r * 0.5,
            cx - r * 0.85,
            cy + r * 0.5,
            cy + r,
            cx + r * 0.85,
            cy - r * 0.5,
            cx - r * 0.85,
            cy - r * 0.5
        ),
    };
    let _ = writeln!(
        s,
        r##"<path class="group" data-shape="{shape}" d="{d}" fill="#ffffff" fill-opacity="0.6" stroke="#000000" stroke-width="0.9"/>"##
    );
}

fn bubble(s: &mut String, b: &Bubble) {
    let fill = b
        .fill
        .clone()
        .unwrap_or_else(|| "url(#model-hatch)".to_owned());
    let dash = if b.consensus {
        ""
    } else {
        r#" stroke-dasharray="2.5 1.5""#
    };
    let width = if b.consensus { "0.8" } else { "1.3" };
    let outline = &b.outline;
    if b.no_size {
        let r = b.r;
        let _ = writeln!(
            s,
            r#"<rect class="bubble" data-stage="{}" x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="{fill}" fill-opacity="0.85" stroke="{outline}" stroke-width="{width}"{dash}><title>{}</title></rect>"#,
            escape(&b.stage),
            b.cx - r,
            b.cy - r,
            2.0 * r,
            2.0 * r,
            escape(&b.name)
        );
    } else {
        let _ = writeln!(
            s,
            r#"<circle class="bubble" data-stage="{}" cx="{:.2}" cy="{:.2}" r="{:.2}" fill="{fill}" fill-opacity="0.8" stroke="{outline}" stroke-width="{width}"{dash}><title>{}</title></circle>"#,
            escape(&b.stage),
            b.cx,
            b.cy,
            b.r,
            escape(&b.name)
        );
    }
}

/// Renders the model from points, with options.
#[must_use]
pub fn render_points(template: &Template, points: &[ModelPoint], opts: &ModelOptions) -> String {
    render_drawn(template, points, opts).svg
}

/// Renders the model from points, with options, and its caption (what
/// `--legend caption` moves out of the figure).
#[must_use]
#[expect(clippy::too_many_lines)]
pub fn render_drawn(template: &Template, points: &[ModelPoint], opts: &ModelOptions) -> Drawn {
    let lay: Layout = layout_points(template, points, opts);
    let m = &template.model;
    let mut s = open(
        lay.width,
        lay.height,
        "model",
        &words::accessible_title(
            opts.tr,
            &dim_name(template, &m.y),
            &dim_name(template, &m.x),
        ),
    );
    let mut desc = String::new();
    for b in &lay.bubbles {
        let p = points.iter().find(|p| p.stage == b.stage);
        let v = |f: fn(&ModelPoint) -> Option<f64>| fmt_value_in(opts.tr, p.and_then(f));
        desc.push_str(&words::describe_stage(
            opts.tr,
            &b.name,
            [
                &v(|p| p.x.median),
                &v(|p| p.y.median),
                &v(|p| p.size.median),
                &v(|p| p.colour.median),
            ],
            &b.lacking,
        ));
    }
    let _ = writeln!(s, "<desc>{}</desc>", escape(desc.trim_end()));
    s.push_str(r##"<defs><pattern id="model-hatch" width="3" height="3" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="3" height="3" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="3" stroke="#777777" stroke-width="1"/></pattern></defs>"##);
    s.push('\n');

    // Frame, ticks and the midlines.
    let p = lay.plot;
    plot_area(&mut s, p);
    let _ = writeln!(
        s,
        r##"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="#fafafa" stroke="#333333" stroke-width="0.6"/>"##,
        p.x, p.y, p.w, p.h
    );
    let (sx, sy) = (lay.x_scale, lay.y_scale);
    for v in sx.min..=sx.max {
        let x = x_at(p, sx, f64::from(v));
        let _ = writeln!(
            s,
            r##"<line x1="{x:.2}" y1="{:.2}" x2="{x:.2}" y2="{:.2}" stroke="#333333" stroke-width="0.6"/>"##,
            p.bottom(),
            p.bottom() + 3.0
        );
    }
    for v in sy.min..=sy.max {
        let y = y_at(p, sy, f64::from(v));
        let _ = writeln!(
            s,
            r##"<line x1="{:.2}" y1="{y:.2}" x2="{:.2}" y2="{y:.2}" stroke="#333333" stroke-width="0.6"/>"##,
            p.x - 3.0,
            p.x
        );
    }
    let mid_x = x_at(p, sx, f64::midpoint(f64::from(sx.min), f64::from(sx.max)));
    let mid_y = y_at(p, sy, f64::midpoint(f64::from(sy.min), f64::from(sy.max)));
    let _ = writeln!(
        s,
        r##"<line x1="{mid_x:.2}" y1="{:.2}" x2="{mid_x:.2}" y2="{:.2}" stroke="#999999" stroke-width="0.6" stroke-dasharray="1.5 2"/><line x1="{:.2}" y1="{mid_y:.2}" x2="{:.2}" y2="{mid_y:.2}" stroke="#999999" stroke-width="0.6" stroke-dasharray="1.5 2"/>"##,
        p.y,
        p.bottom(),
        p.x,
        p.right()
    );
    for (text, r) in &lay.quadrant_labels {
        for (i, line) in text.lines().enumerate() {
            let y = r.y + QUAD_FONT * crate::export::svg_text::ASCENT + i as f64 * QUAD_FONT * 1.25;
            Label::new(line, r.x, y, QUAD_FONT)
                .italic()
                .fill("#666666")
                .class("quadrant")
                .write(&mut s);
        }
    }
    for t in &lay.texts {
        t.write(&mut s);
    }

    // Whiskers (each in its stage's outline colour, a hair apart where
    // two share a line), leaders to displaced bubbles, bubbles, points,
    // roles.
    for b in &lay.bubbles {
        let ink = &b.outline;
        if let Some((a, c)) = b.x_whisker {
            let y = b.py + b.x_offset;
            let _ = writeln!(
                s,
                r#"<path class="whisker" data-stage="{}" d="M{a:.2},{y:.2} H{c:.2} M{a:.2},{:.2} V{:.2} M{c:.2},{:.2} V{:.2}" stroke="{ink}" stroke-width="0.8" fill="none"/>"#,
                escape(&b.stage),
                y - 2.0,
                y + 2.0,
                y - 2.0,
                y + 2.0,
            );
        }
        if let Some((a, c)) = b.y_whisker {
            let x = b.px + b.y_offset;
            let _ = writeln!(
                s,
                r#"<path class="whisker" data-stage="{}" d="M{x:.2},{a:.2} V{c:.2} M{:.2},{a:.2} H{:.2} M{:.2},{c:.2} H{:.2}" stroke="{ink}" stroke-width="0.8" fill="none"/>"#,
                escape(&b.stage),
                x - 2.0,
                x + 2.0,
                x - 2.0,
                x + 2.0,
            );
        }
    }
    for b in &lay.bubbles {
        if (b.cx - b.px).abs() > 0.01 || (b.cy - b.py).abs() > 0.01 {
            let _ = writeln!(
                s,
                r##"<line class="spread" x1="{:.2}" y1="{:.2}" x2="{:.2}" y2="{:.2}" stroke="#222222" stroke-width="0.5"/>"##,
                b.px, b.py, b.cx, b.cy
            );
        }
    }
    let mut drawn: Vec<&Bubble> = lay.bubbles.iter().collect();
    drawn.sort_by(|a, b| b.r.total_cmp(&a.r));
    for b in drawn {
        bubble(&mut s, b);
    }
    for b in &lay.bubbles {
        let _ = writeln!(
            s,
            r##"<circle class="point" cx="{:.2}" cy="{:.2}" r="1.3" fill="#000000"/>"##,
            b.px, b.py
        );
    }
    for g in &lay.group_marks {
        let _ = writeln!(
            s,
            r#"<line class="group-link" x1="{:.2}" y1="{:.2}" x2="{:.2}" y2="{:.2}" stroke="{}" stroke-width="0.5"/>"#,
            g.x, g.y, g.to_x, g.to_y, g.colour
        );
    }
    for g in &lay.group_marks {
        group_mark(&mut s, g.group, g.x, g.y);
    }
    for b in lay.bubbles.iter().filter(|b| b.labelled) {
        let l = b.label;
        if b.leader {
            let nx = b.cx.clamp(l.x, l.right());
            let ny = b.cy.clamp(l.y, l.bottom());
            let (vx, vy) = (nx - b.cx, ny - b.cy);
            let len = (vx * vx + vy * vy).sqrt().max(1e-6);
            let _ = writeln!(
                s,
                r##"<line class="leader" x1="{:.2}" y1="{:.2}" x2="{nx:.2}" y2="{ny:.2}" stroke="#666666" stroke-width="0.5"/>"##,
                b.cx + vx / len * b.r,
                b.cy + vy / len * b.r
            );
        }
        let _ = writeln!(
            s,
            r##"<text class="stage" x="{:.2}" y="{:.2}" font-size="{}" fill="#111111" data-stage="{}">{}</text>"##,
            l.x + 0.5,
            l.y + super::layout::LABEL_FONT * crate::export::svg_text::ASCENT,
            super::layout::LABEL_FONT,
            escape(&b.stage),
            escape(&b.text)
        );
    }

    // Legend marks.
    for mark in &lay.marks {
        match mark {
            Mark::Circle { cx, cy, r, dashed } => {
                let dash = if *dashed {
                    r#" stroke-dasharray="2.5 1.5""#
                } else {
                    ""
                };
                let _ = writeln!(
                    s,
                    r##"<circle cx="{cx:.2}" cy="{cy:.2}" r="{r:.2}" fill="none" stroke="#444444" stroke-width="0.8"{dash}/>"##
                );
            }
            Mark::Swatch { x, y, w, h, fill } => {
                let fill = fill
                    .clone()
                    .unwrap_or_else(|| "url(#model-hatch)".to_owned());
                let _ = writeln!(
                    s,
                    r##"<rect x="{x:.2}" y="{y:.2}" width="{w:.2}" height="{h:.2}" fill="{fill}" stroke="#444444" stroke-width="0.4"/>"##
                );
            }
            Mark::Square { cx, cy, r } => {
                let _ = writeln!(
                    s,
                    r##"<rect x="{:.2}" y="{:.2}" width="{:.2}" height="{:.2}" fill="none" stroke="#444444" stroke-width="0.8"/>"##,
                    cx - r,
                    cy - r,
                    2.0 * r,
                    2.0 * r
                );
            }
            Mark::Whisker { x1, x2, y } => {
                let _ = writeln!(
                    s,
                    r##"<path d="M{x1:.2},{y:.2} H{x2:.2} M{x1:.2},{:.2} V{:.2} M{x2:.2},{:.2} V{:.2}" stroke="#444444" stroke-width="0.7" fill="none"/>"##,
                    y - 2.0,
                    y + 2.0,
                    y - 2.0,
                    y + 2.0
                );
            }
            Mark::Dot { cx, cy } => {
                let _ = writeln!(
                    s,
                    r##"<circle cx="{cx:.2}" cy="{cy:.2}" r="1.3" fill="#000000"/>"##
                );
            }
            Mark::Group { cx, cy, group } => group_mark(&mut s, *group, *cx, *cy),
        }
    }
    s.push_str("</svg>\n");
    Drawn {
        svg: s,
        caption: caption(&lay.caption),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::example_placements;
    use super::*;
    use crate::domain::default_template;
    use crate::export::svg_model::layout;

    #[test]
    fn unrated_stages_are_listed_not_drawn() {
        let t = default_template();
        let mut ps = example_placements();
        ps[0].x = None;
        let lay = layout(Tr::english(), &t, &ps);
        assert_eq!(lay.bubbles.len(), 8);
        assert_eq!(lay.unplaced, vec!["Exploration".to_owned()]);
        let svg = render_placements(Tr::english(), &t, &ps, "t");
        assert!(svg.contains("Exploration"), "{svg}");
        assert!(svg.contains("Not placed"));
    }

    #[test]
    fn missing_size_and_colour_are_drawn_as_missing() {
        let t = default_template();
        let mut ps = example_placements();
        ps[0].size = None;
        ps[1].colour = None;
        let svg = render_placements(Tr::english(), &t, &ps, "t");
        assert_eq!(svg.matches(r#"<rect class="bubble""#).count(), 1);
        assert_eq!(
            svg.matches(r#"<circle class="bubble" "#).count(),
            8,
            "the other stages are circles"
        );
        assert!(svg.contains(r#"fill="url(#model-hatch)" fill-opacity"#));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape(r#"a<b>&"c'"#), "a&lt;b&gt;&amp;&quot;c&apos;");
        let mut t = default_template();
        t.stages[0].name = "R&D <lab>".into();
        let svg = render_placements(Tr::english(), &t, &example_placements(), "Title & <co>");
        assert!(svg.contains("R&amp;D &lt;lab&gt;"));
        assert!(!svg.contains("R&D"));
        assert!(svg.contains("Title &amp; &lt;co&gt;"));
    }
}
