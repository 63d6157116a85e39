//! The model figure as SVG text: the frame, axes and anchor words, the
//! quadrant and stage labels where [`super::layout`] put them, the bubbles,
//! and the legend.

use std::fmt::Write as _;

use super::layout::{
    Bubble, HEIGHT, LABEL_FONT, PLOT, QUAD_FONT, R_MAX, WIDTH, layout, radius, ramp, unit, x_at,
    y_at,
};
use crate::analysis::{Aggregate, Placement, RoundChoice, RoundSelection};
use crate::domain::{Dimension, Scale, Session, Template};
use crate::export::labels::{dim_name, escape_xml as escape, fmt_number, fmt_value_in, subtitle};
use crate::i18n::{Arg, Tr};
use crate::text_width::wrap;

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
    let placements = selection.model(&agg, &session.template);
    let subtitle = subtitle(session, &selection);
    render_placements(
        Tr::new(&session.language),
        &session.template,
        &placements,
        &subtitle,
    )
}

/// Renders the model from plain placements, in the language of `tr`.
#[must_use]
#[allow(clippy::too_many_lines)]
pub fn render_placements(
    tr: Tr,
    template: &Template,
    placements: &[Placement],
    subtitle: &str,
) -> String {
    let lay = layout(tr, template, placements);
    let m = &template.model;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="Helvetica, Arial, sans-serif" role="img" aria-labelledby="model-title model-desc">"#
    );
    let _ = writeln!(
        s,
        r#"<title id="model-title">{}</title>"#,
        escape(&tr.args(
            "figure-model-title-long",
            &[
                ("y", dim_name(template, &m.y).into()),
                ("x", dim_name(template, &m.x).into()),
            ]
        ))
    );
    let mut desc = String::new();
    for b in &lay.bubbles {
        let p = placements.iter().find(|p| p.stage == b.stage);
        let value = |v: Option<f64>| -> Arg<'_> { fmt_value_in(tr, v).into() };
        let _ = write!(
            desc,
            "{} ",
            tr.args(
                if b.consensus {
                    "figure-model-desc"
                } else {
                    "figure-model-desc-no-consensus"
                },
                &[
                    ("stage", (&b.name).into()),
                    ("x", value(p.and_then(|p| p.x))),
                    ("y", value(p.and_then(|p| p.y))),
                    ("size", value(p.and_then(|p| p.size))),
                    ("colour", value(p.and_then(|p| p.colour))),
                ]
            )
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
        r##"<text x="{}" y="28" font-size="18" font-weight="bold" fill="#222">{}</text>"##,
        PLOT.x,
        escape(&tr.text("figure-model-title"))
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
    let (sx, sy) = (lay.x_scale, lay.y_scale);
    let px = |v: f64| x_at(p, sx, v);
    let py = |v: f64| y_at(p, sy, v);
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
            r##"<text x="{}" y="{}" font-size="12" fill="#555">{}</text>"##,
            p.x,
            HEIGHT - 28.0,
            escape(&tr.text("figure-model-nudged"))
        );
    }
    if !lay.unplaced.is_empty() {
        let _ = writeln!(
            s,
            r##"<text x="{}" y="{}" font-size="12" fill="#555">{}</text>"##,
            p.x,
            HEIGHT - 12.0,
            escape(&tr.args(
                "figure-model-unplaced",
                &[("stages", lay.unplaced.join(", ").into())]
            ))
        );
    }

    legend(&mut s, tr, template);
    s.push_str("</svg>\n");
    s
}

fn legend(s: &mut String, tr: Tr, template: &Template) {
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
    heading(
        s,
        &mut y,
        &tr.args(
            "figure-legend-size",
            &[("dimension", dim_name(template, &m.size).into())],
        ),
    );
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
        &tr.args(
            "figure-legend-colour",
            &[("dimension", dim_name(template, &m.colour).into())],
        ),
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
    small(s, lx + 26.0, y + 11.0, &tr.text("figure-not-rated"));
    y += 30.0;

    // Consensus.
    heading(s, &mut y, &tr.text("model-consensus"));
    let _ = writeln!(
        s,
        r##"<circle cx="{:.1}" cy="{:.1}" r="9" fill="none" stroke="#222" stroke-width="1.2"/>"##,
        lx + 9.0,
        y + 9.0
    );
    small(s, lx + 26.0, y + 13.0, &tr.text("figure-legend-consensus"));
    y += 24.0;
    let _ = writeln!(
        s,
        r##"<circle cx="{:.1}" cy="{:.1}" r="9" fill="none" stroke="#222" stroke-width="2" stroke-dasharray="5 3"/>"##,
        lx + 9.0,
        y + 9.0
    );
    small(s, lx + 26.0, y + 13.0, &tr.text("figure-legend-dashed"));
    y += 22.0;
    let rule = template.consensus;
    for line in wrap(
        &tr.args(
            "figure-legend-rule",
            &[
                ("iqr", fmt_number(tr, rule.max_iqr).into()),
                (
                    "agreement",
                    format!("{:.0}", rule.min_agreement * 100.0).into(),
                ),
                ("n", rule.min_n.into()),
            ],
        ),
        chars,
    ) {
        small(s, lx, y + 11.0, &line);
        y += 13.0;
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::example_placements;
    use super::*;
    use crate::domain::default_template;

    #[test]
    fn unrated_stages_are_listed_not_drawn() {
        let t = default_template();
        let mut ps = example_placements();
        ps[0].x = None;
        let lay = layout(Tr::english(), &t, &ps);
        assert_eq!(lay.bubbles.len(), 8);
        assert_eq!(lay.unplaced, vec!["Exploration".to_owned()]);
        let svg = render_placements(Tr::english(), &t, &ps, "t");
        assert!(svg.contains("Not placed (not rated yet): Exploration"));
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
