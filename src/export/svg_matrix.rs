//! Figure 1, the stage x dimension matrix, as an SVG heat map: each cell
//! coloured by the level (band) of its median, with the median, the level
//! name, n and a consensus mark printed in it, and a legend.

use std::fmt::Write as _;

pub use super::labels::CONSENSUS_MARK;
use super::labels::{escape_xml as escape, fmt_number, fmt_value_in};
use super::svg_text::{Anchor, FigureOptions, Label, lines, open, page_width};
use crate::analysis::{Aggregate, CellStats, RoundChoice, RoundSelection};
use crate::domain::{Session, Template};
use crate::i18n::Tr;

/// Every word the matrix figure prints, from the session's language's
/// catalogue (see [`crate::i18n`]).
pub mod words {
    use crate::export::labels::fmt_number;
    use crate::i18n::Tr;

    pub const TITLE: &str = "figure-matrix-title";
    pub const ACCESSIBLE: &str = "figure-matrix-title-long";
    pub const LEVEL: &str = "figure-matrix-levels";
    pub const NOT_RATED: &str = "figure-not-rated";

    #[must_use]
    pub fn below(tr: Tr, name: &str, to: f64) -> String {
        tr.args(
            "figure-band-first",
            &[("band", name.into()), ("to", fmt_number(tr, to).into())],
        )
    }
    #[must_use]
    pub fn above(tr: Tr, name: &str, from: f64) -> String {
        tr.args(
            "figure-band-last",
            &[("band", name.into()), ("from", fmt_number(tr, from).into())],
        )
    }
    #[must_use]
    pub fn between(tr: Tr, name: &str, from: f64, to: f64) -> String {
        tr.args(
            "figure-band",
            &[
                ("band", name.into()),
                ("from", fmt_number(tr, from).into()),
                ("to", fmt_number(tr, to).into()),
            ],
        )
    }
    #[must_use]
    pub fn fewer_than(tr: Tr, n: usize, min: u32) -> String {
        tr.args(
            "figure-matrix-too-few",
            &[("n", n.into()), ("min", min.into())],
        )
    }
    #[must_use]
    pub fn legend(tr: Tr, mark: &str, max_iqr: f64, agreement: f64, min_n: u32) -> String {
        tr.args(
            "figure-matrix-legend",
            &[
                ("mark", mark.into()),
                ("iqr", fmt_number(tr, max_iqr).into()),
                ("agreement", format!("{agreement:.0}").into()),
                ("n", min_n.into()),
            ],
        )
    }
}

const PAD: f64 = 8.0;
const CELL_H: f64 = 34.0;
const MIN_CELL_W: f64 = 58.0;

/// Fill colour of band `index` of `bands` (light to dark blue) and whether
/// text on it should be white.
#[must_use]
pub fn level_fill(index: usize, bands: usize) -> (String, bool) {
    let light = (0xef_u8, 0xf3_u8, 0xff_u8);
    let dark = (0x21_u8, 0x66_u8, 0xac_u8);
    let t = if bands <= 1 {
        1.0
    } else {
        index.min(bands - 1) as f64 / (bands - 1) as f64
    };
    let mix = |a: u8, b: u8| -> u8 {
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
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
    render_figure(
        &session.template,
        &cells,
        &FigureOptions {
            subtitle,
            tr: Tr::new(&session.language),
            ..FigureOptions::default()
        },
    )
}

/// Renders the matrix from plain cell statistics (one round).
#[must_use]
pub fn render_cells(tr: Tr, template: &Template, cells: &[CellStats], subtitle: &str) -> String {
    render_figure(
        template,
        cells,
        &FigureOptions {
            tr,
            subtitle: subtitle.to_owned(),
            ..FigureOptions::default()
        },
    )
}

/// Renders the matrix figure.
#[must_use]
#[expect(clippy::too_many_lines)]
pub fn render_figure(template: &Template, cells: &[CellStats], opts: &FigureOptions) -> String {
    use super::font::text_width;
    let tr = opts.tr;
    let page = page_width(opts.width_mm);
    let cols = template.dimensions.len().max(1);
    // The stage column: as wide as the longest name, at most a third of
    // the page (longer names wrap).
    let longest = template
        .stages
        .iter()
        .map(|s| text_width(&s.name, 8.0, true))
        .fold(0.0, f64::max);
    let left = (longest + 10.0).clamp(50.0, page * 0.33);
    let cell_w = ((page - 2.0 * PAD - left) / cols as f64).max(MIN_CELL_W);
    let width = (2.0 * PAD + left + cell_w * cols as f64).max(page);
    let inner = width - 2.0 * PAD;
    let mut texts: Vec<Label> = Vec::new();
    let mut y = PAD;
    if opts.title {
        let title = tr.text(words::TITLE);
        y = super::svg_text::heading(&mut texts, title, &opts.subtitle, PAD, y, inner) + 6.0;
    }
    // Dimension names, wrapped to their column, bottom-aligned.
    let heads: Vec<Vec<String>> = template
        .dimensions
        .iter()
        .map(|d| super::font::wrap_at_most(&d.name, 7.5, true, cell_w - 6.0, 4))
        .collect();
    let head_lines = heads.iter().map(Vec::len).max().unwrap_or(1);
    let top = y + head_lines as f64 * 9.5 + 4.0;
    for (j, lines_j) in heads.iter().enumerate() {
        let x = PAD + left + cell_w * j as f64 + cell_w / 2.0;
        let first = top - 4.0 - (lines_j.len() as f64 - 1.0) * 9.5 - 7.5 * 0.24;
        for (k, line) in lines_j.iter().enumerate() {
            let ly = first + 9.5 * k as f64;
            texts.push(
                Label::new(line.clone(), x, ly, 7.5)
                    .bold()
                    .anchor(Anchor::Middle)
                    .class("dimension"),
            );
        }
    }
    let by_cell: std::collections::HashMap<(&str, &str), &CellStats> = cells
        .iter()
        .map(|c| ((c.stage.as_str(), c.dimension.as_str()), c))
        .collect();
    let mut shapes = String::new();
    let mut row_y = top;
    for st in &template.stages {
        let name_lines = super::font::wrap_at_most(&st.name, 8.0, true, left - 8.0, 4);
        let h = CELL_H.max(name_lines.len() as f64 * 10.0 + 6.0);
        let first = row_y + h / 2.0 - (name_lines.len() as f64 - 1.0) * 5.0 + 8.0 * 0.35;
        for (k, line) in name_lines.into_iter().enumerate() {
            let ly = first + 10.0 * k as f64;
            let mut l = Label::new(line, PAD + left - 6.0, ly, 8.0)
                .bold()
                .anchor(Anchor::End)
                .class("stage");
            l.fill = "#222222";
            texts.push(l);
        }
        // The whole name, for screen readers (the drawn one may wrap).
        let _ = writeln!(
            shapes,
            r#"<g data-stage="{}"><title>{}</title>"#,
            escape(&st.id),
            escape(&st.name)
        );
        for (j, d) in template.dimensions.iter().enumerate() {
            let x = PAD + left + cell_w * j as f64;
            let cell = by_cell.get(&(st.id.as_str(), d.id.as_str())).copied();
            let median = cell.and_then(|c| c.median);
            let band = median.and_then(|m| d.band_index(m));
            let (fill, white) = band.map_or_else(
                || ("#eeeeee".to_owned(), false),
                |b| level_fill(b, d.bands.len()),
            );
            let ink: &'static str = if white { "#ffffff" } else { "#111111" };
            let _ = writeln!(
                shapes,
                r##"<rect x="{x:.2}" y="{row_y:.2}" width="{cell_w:.2}" height="{h:.2}" fill="{fill}" stroke="#ffffff" stroke-width="1.5"/>"##
            );
            let cx = x + cell_w / 2.0;
            let room = cell_w - 6.0;
            let mark = if cell.is_some_and(|c| c.consensus) {
                format!(" {CONSENSUS_MARK}")
            } else {
                String::new()
            };
            let big_y = row_y + h / 2.0 - 4.0;
            texts.push(
                Label::new(
                    format!("{}{mark}", fmt_value_in(tr, median)),
                    cx,
                    big_y,
                    9.5,
                )
                .bold()
                .anchor(Anchor::Middle)
                .fill(ink)
                .class("median"),
            );
            let n = cell.map_or(0, |c| c.n);
            let dk = cell.map_or(0, |c| c.dont_know);
            let level = band
                .and_then(|b| d.bands.get(b))
                .map_or(String::new(), |b| b.name.clone());
            let (line1, mut line2) = if median.is_some() {
                (
                    format!("{level} \u{00b7} n={n}"),
                    cell.and_then(|c| c.iqr)
                        .map_or_else(String::new, |i| format!("IQR {}", trim(tr, i))),
                )
            } else if n > 0 {
                // Only the room's board holds back a cell that has ratings:
                // fewer than the consensus rule's minimum.
                (
                    words::fewer_than(tr, n, template.consensus.min_n),
                    String::new(),
                )
            } else {
                (tr.text(words::NOT_RATED), String::new())
            };
            if dk > 0 {
                if !line2.is_empty() {
                    line2.push_str(" \u{00b7} ");
                }
                let _ = write!(line2, "?={dk}");
            }
            texts.push(
                Label::new(
                    super::font::fit(&line1, 7.0, false, room),
                    cx,
                    big_y + 9.5,
                    7.0,
                )
                .anchor(Anchor::Middle)
                .fill(ink)
                .class("cell"),
            );
            if !line2.is_empty() {
                texts.push(
                    Label::new(
                        super::font::fit(&line2, 7.0, false, room),
                        cx,
                        big_y + 18.0,
                        7.0,
                    )
                    .anchor(Anchor::Middle)
                    .fill(ink)
                    .class("cell"),
                );
            }
        }
        shapes.push_str("</g>\n");
        row_y += h;
    }

    // Legend: the bands of the first dimension (all share names in practice).
    let mut ly = row_y + 14.0;
    let mut lx = PAD;
    let head = Label::new(tr.text(words::LEVEL), lx, ly, 7.5)
        .bold()
        .class("legend");
    lx += head.width() + 8.0;
    texts.push(head);
    let mut swatches = String::new();
    let mut entries: Vec<(String, String)> = Vec::new();
    if let Some(d) = template.dimensions.first() {
        let last = d.bands.len().saturating_sub(1);
        for (b, band) in d.bands.iter().enumerate() {
            let (fill, _) = level_fill(b, d.bands.len());
            // Bands are half-open [from, to); the last one is closed.
            let range = if b == 0 && last > 0 {
                words::below(tr, &band.name, band.to)
            } else if b == last && last > 0 {
                words::above(tr, &band.name, band.from)
            } else {
                words::between(tr, &band.name, band.from, band.to)
            };
            entries.push((fill, range));
        }
    }
    entries.push(("#eeeeee".to_owned(), tr.text(words::NOT_RATED)));
    for (fill, text) in entries {
        let text = super::font::fit(&text, 7.5, false, inner - 20.0);
        let wide = 14.0 + text_width(&text, 7.5, false) + 10.0;
        if lx + wide > width - PAD {
            lx = PAD;
            ly += 12.0;
        }
        let _ = writeln!(
            swatches,
            r##"<rect x="{lx:.2}" y="{:.2}" width="10" height="8" fill="{fill}" stroke="#888888" stroke-width="0.4"/>"##,
            ly - 7.0
        );
        texts.push(Label::new(text, lx + 14.0, ly, 7.5).class("legend"));
        lx += wide;
    }
    let rule = template.consensus;
    let (notes, end) = lines(
        &words::legend(
            tr,
            CONSENSUS_MARK,
            rule.max_iqr,
            rule.min_agreement * 100.0,
            rule.min_n,
        ),
        PAD,
        ly + 13.0,
        7.0,
        inner,
        9.1,
        false,
    );
    texts.extend(notes.into_iter().map(|l| l.class("legend")));
    let height = end - 7.0 + PAD;

    let mut s = open(width, height, "matrix", &tr.text(words::ACCESSIBLE));
    s.push_str(&shapes);
    s.push_str(&swatches);
    for t in &texts {
        t.write(&mut s);
    }
    s.push_str("</svg>\n");
    s
}

/// A number without trailing zeros (`1`, `1.5`, `0.75`).
fn trim(tr: Tr, v: f64) -> String {
    fmt_number(tr, (v * 100.0).round() / 100.0)
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
        assert!(svg.contains("High \u{b7} n=12"));
        assert!(svg.contains(">?=2<"));
        assert_eq!(svg.matches(">not rated<").count(), 9 * 5 - 1 + 1);
    }
}
