//! Figure 1, the stage x dimension matrix, as an SVG heat map: each cell
//! coloured by the level (band) of its median, with the median, the level
//! name, n and a consensus mark printed in it, and a legend.

use std::fmt::Write as _;

pub use super::labels::CONSENSUS_MARK;
use super::labels::{escape_xml as escape, fmt_number, fmt_value_in};
use crate::analysis::{Aggregate, CellStats, RoundChoice, RoundSelection};
use crate::domain::{Session, Template};
use crate::i18n::Tr;
use crate::text_width::wrap;

const LEFT: f64 = 140.0;
const TOP: f64 = 96.0;
const CELL_W: f64 = 150.0;
const CELL_H: f64 = 54.0;

/// Fill colour of band `index` of `bands` (light to dark blue) and whether
/// text on it should be white.
#[must_use]
pub fn level_fill(index: usize, bands: usize) -> (String, bool) {
    let light = (0xef_u8, 0xf3_u8, 0xff_u8);
    let dark = (0x21_u8, 0x66_u8, 0xac_u8);
    #[allow(clippy::cast_precision_loss)]
    let t = if bands <= 1 {
        1.0
    } else {
        index.min(bands - 1) as f64 / (bands - 1) as f64
    };
    let mix = |a: u8, b: u8| -> u8 {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let v = (f64::from(a) + (f64::from(b) - f64::from(a)) * t).round() as u8;
        v
    };
    (
        format!(
            "#{:02x}{:02x}{:02x}",
            mix(light.0, dark.0),
            mix(light.1, dark.1),
            mix(light.2, dark.2)
        ),
        t > 0.6,
    )
}

/// Renders the matrix of `session`, each dimension from its latest rated
/// round.
#[must_use]
pub fn render(session: &Session) -> String {
    render_round(session, RoundChoice::Latest)
}

/// Renders the matrix of `session` in the rounds `choice` picks.
#[must_use]
pub fn render_round(session: &Session, choice: RoundChoice) -> String {
    let agg = Aggregate::new(session);
    let selection = RoundSelection::of_session(session, &agg, choice);
    let cells: Vec<CellStats> = selection.cells(&agg, &session.template);
    let subtitle = super::labels::subtitle(session, &selection);
    render_cells(
        Tr::new(&session.language),
        &session.template,
        &cells,
        &subtitle,
    )
}

/// Renders the matrix from plain cell statistics (one round), in the
/// language of `tr`.
#[must_use]
#[allow(clippy::too_many_lines)]
pub fn render_cells(tr: Tr, template: &Template, cells: &[CellStats], subtitle: &str) -> String {
    let cols = template.dimensions.len();
    let rows = template.stages.len();
    #[allow(clippy::cast_precision_loss)]
    let grid_w = CELL_W * cols as f64;
    #[allow(clippy::cast_precision_loss)]
    let grid_h = CELL_H * rows as f64;
    let width = (LEFT + grid_w + 20.0).max(760.0);
    let height = TOP + grid_h + 90.0;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="Helvetica, Arial, sans-serif" role="img" aria-labelledby="matrix-title">"#
    );
    let _ = writeln!(
        s,
        r#"<title id="matrix-title">{}</title>"#,
        escape(&tr.text("figure-matrix-title-long"))
    );
    let _ = writeln!(
        s,
        r##"<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>"##
    );
    let _ = writeln!(
        s,
        r##"<text x="20" y="28" font-size="18" font-weight="bold" fill="#222">{}</text><text x="20" y="48" font-size="12" fill="#555">{}</text>"##,
        escape(&tr.text("figure-matrix-title")),
        escape(subtitle)
    );

    for (j, d) in template.dimensions.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let x = LEFT + CELL_W * j as f64 + CELL_W / 2.0;
        let lines = wrap(&d.name, 22);
        #[allow(clippy::cast_precision_loss)]
        let y0 = TOP - 8.0 - 14.0 * (lines.len().saturating_sub(1)) as f64;
        for (k, line) in lines.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let y = y0 + 14.0 * k as f64;
            let _ = writeln!(
                s,
                r##"<text x="{x:.1}" y="{y:.1}" font-size="12" font-weight="bold" text-anchor="middle" fill="#222">{}</text>"##,
                escape(line)
            );
        }
    }
    let by_cell: std::collections::HashMap<(&str, &str), &CellStats> = cells
        .iter()
        .map(|c| ((c.stage.as_str(), c.dimension.as_str()), c))
        .collect();
    for (i, st) in template.stages.iter().enumerate() {
        #[allow(clippy::cast_precision_loss)]
        let y = TOP + CELL_H * i as f64;
        let _ = writeln!(
            s,
            r##"<text x="{:.1}" y="{:.1}" font-size="13" font-weight="bold" text-anchor="end" fill="#222" data-stage="{}">{}</text>"##,
            LEFT - 10.0,
            y + CELL_H / 2.0 + 4.0,
            escape(&st.id),
            escape(&st.name)
        );
        for (j, d) in template.dimensions.iter().enumerate() {
            #[allow(clippy::cast_precision_loss)]
            let x = LEFT + CELL_W * j as f64;
            let cell = by_cell.get(&(st.id.as_str(), d.id.as_str())).copied();
            let median = cell.and_then(|c| c.median);
            let band = median.and_then(|m| d.band_index(m));
            let (fill, white) = band.map_or_else(
                || ("#eeeeee".to_owned(), false),
                |b| level_fill(b, d.bands.len()),
            );
            let ink = if white { "#ffffff" } else { "#111111" };
            let level = band
                .and_then(|b| d.bands.get(b))
                .map_or(String::new(), |b| b.name.clone());
            let consensus = cell.is_some_and(|c| c.consensus);
            let _ = writeln!(
                s,
                r##"<rect x="{x:.1}" y="{y:.1}" width="{CELL_W}" height="{CELL_H}" fill="{fill}" stroke="#ffffff" stroke-width="2"/>"##
            );
            let mark = if consensus {
                format!(" {CONSENSUS_MARK}")
            } else {
                String::new()
            };
            let _ = writeln!(
                s,
                r##"<text x="{:.1}" y="{:.1}" font-size="16" font-weight="bold" text-anchor="middle" fill="{ink}">{}{}</text>"##,
                x + CELL_W / 2.0,
                y + 24.0,
                escape(&fmt_value_in(tr, median)),
                mark
            );
            let n = cell.map_or(0, |c| c.n);
            let dk = cell.map_or(0, |c| c.dont_know);
            let mut small = if median.is_some() {
                format!("{level} \u{00b7} n={n}")
            } else if n > 0 {
                // Only the room's board holds back a cell that has ratings:
                // fewer than the consensus rule's minimum.
                tr.args(
                    "figure-matrix-too-few",
                    &[("n", n.into()), ("min", template.consensus.min_n.into())],
                )
            } else {
                tr.text("figure-not-rated")
            };
            if dk > 0 {
                let _ = write!(small, " \u{00b7} ?={dk}");
            }
            let _ = writeln!(
                s,
                r##"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="middle" fill="{ink}">{}</text>"##,
                x + CELL_W / 2.0,
                y + 42.0,
                escape(&small)
            );
        }
    }

    // Legend: the bands of the first dimension (all share names in practice).
    let ly = TOP + grid_h + 24.0;
    let mut lx = 20.0;
    let _ = writeln!(
        s,
        r##"<text x="{lx}" y="{:.1}" font-size="12" font-weight="bold" fill="#222">{}</text>"##,
        ly + 12.0,
        escape(&tr.text("figure-matrix-levels"))
    );
    lx += 150.0;
    if let Some(d) = template.dimensions.first() {
        let last = d.bands.len().saturating_sub(1);
        for (b, band) in d.bands.iter().enumerate() {
            let (fill, _) = level_fill(b, d.bands.len());
            // Bands are half-open [from, to); the last one is closed.
            let (from, to) = (fmt_number(tr, band.from), fmt_number(tr, band.to));
            let name = (&band.name).into();
            let range = if b == 0 && last > 0 {
                tr.args("figure-band-first", &[("band", name), ("to", to.into())])
            } else if b == last && last > 0 {
                tr.args("figure-band-last", &[("band", name), ("from", from.into())])
            } else {
                tr.args(
                    "figure-band",
                    &[("band", name), ("from", from.into()), ("to", to.into())],
                )
            };
            let _ = writeln!(
                s,
                r##"<rect x="{lx:.1}" y="{ly:.1}" width="18" height="16" fill="{fill}" stroke="#888" stroke-width="0.5"/><text x="{:.1}" y="{:.1}" font-size="12" fill="#222">{}</text>"##,
                lx + 24.0,
                ly + 12.0,
                escape(&range)
            );
            lx += 24.0 + super::svg_model::text_width(&range, 12.0) + 14.0;
        }
    }
    let _ = writeln!(
        s,
        r##"<rect x="{lx:.1}" y="{ly:.1}" width="18" height="16" fill="#eeeeee" stroke="#888" stroke-width="0.5"/><text x="{:.1}" y="{:.1}" font-size="12" fill="#222">{}</text>"##,
        lx + 24.0,
        ly + 12.0,
        escape(&tr.text("figure-not-rated"))
    );
    let rule = template.consensus;
    let _ = writeln!(
        s,
        r##"<text x="20" y="{:.1}" font-size="12" fill="#222">{}</text>"##,
        ly + 40.0,
        escape(&format!(
            "{CONSENSUS_MARK} {}",
            tr.args(
                "figure-matrix-rule",
                &[
                    ("iqr", fmt_number(tr, rule.max_iqr).into()),
                    (
                        "agreement",
                        format!("{:.0}", rule.min_agreement * 100.0).into()
                    ),
                    ("n", rule.min_n.into()),
                ],
            )
        ))
    );
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::default_template;

    #[test]
    fn bands_get_darker_and_text_turns_white() {
        let (a, wa) = level_fill(0, 3);
        let (c, wc) = level_fill(2, 3);
        assert_eq!(a, "#eff3ff");
        assert_eq!(c, "#2166ac");
        assert!(!wa && wc);
    }

    #[test]
    fn cells_show_median_level_and_mark() {
        let t = default_template();
        let cells = vec![CellStats {
            stage: "design".into(),
            dimension: "maturity".into(),
            round: 1,
            n: 12,
            dont_know: 2,
            median: Some(4.0),
            level: Some("high".into()),
            consensus: true,
            ..CellStats::default()
        }];
        let svg = render_cells(Tr::english(), &t, &cells, "x");
        assert!(svg.contains(&format!("4.0 {CONSENSUS_MARK}")));
        assert!(svg.contains("High \u{b7} n=12 \u{b7} ?=2"));
        assert_eq!(svg.matches("not rated").count(), 9 * 5 - 1 + 1);
    }
}
