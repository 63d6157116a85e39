//! Figure 1, the stage x dimension matrix, as an SVG heat map: each cell
//! coloured by the level (band) of its median, with the median, the level
//! name, n and a consensus mark printed in it, and a legend.

use std::fmt::Write as _;

use super::font::text_width;
pub use super::labels::CONSENSUS_MARK;
use super::labels::{escape_xml as escape, fmt_number, fmt_value_in};
use super::svg_text::{
    ASCENT, Anchor, DESCENT, FigureOptions, Label, Part, Placing, lines, open, page_width,
};
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
    pub const STAGES: &str = "figure-legend-key";
    pub const DIMENSIONS: &str = "figure-matrix-dimensions";
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
pub fn render_figure(template: &Template, cells: &[CellStats], opts: &FigureOptions) -> String {
    render_drawn(template, cells, opts).svg
}

/// The words of one cell under its median: level, n, IQR and "don't
/// know", each whole (packed into lines by [`cell_lines`]).
fn cell_parts(
    tr: Tr,
    template: &Template,
    d: &crate::domain::Dimension,
    cell: Option<&CellStats>,
    band: Option<usize>,
    compact: bool,
) -> Vec<String> {
    let median = cell.and_then(|c| c.median);
    let n = cell.map_or(0, |c| c.n);
    let dk = cell.map_or(0, |c| c.dont_know);
    let mut parts = Vec::new();
    if median.is_some() {
        // The level is the cell's colour (see the legend); a narrow
        // figure leaves its name to the legend.
        if !compact && let Some(b) = band.and_then(|b| d.bands.get(b)) {
            parts.push(b.name.clone());
        }
        parts.push(format!("n={n}"));
        if dk > 0 {
            parts.push(format!("?={dk}"));
        }
        if let Some(i) = cell.and_then(|c| c.iqr) {
            parts.push(format!("IQR {}", trim(tr, i)));
        }
        return parts;
    } else if n > 0 {
        // Only the room's board holds back a cell that has ratings:
        // fewer than the consensus rule's minimum.
        parts.push(words::fewer_than(tr, n, template.consensus.min_n));
    } else {
        parts.push(tr.text(words::NOT_RATED));
    }
    if dk > 0 {
        parts.push(format!("?={dk}"));
    }
    parts
}

/// Parts packed into lines `room` wide, joined by a middle dot; a part
/// wider than a line is wrapped at its words.
fn cell_lines(parts: &[String], room: f64, compact: bool) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let joint = if compact { " " } else { " \u{00b7} " };
    for part in parts {
        if let Some(last) = lines.last_mut() {
            let joined = format!("{last}{joint}{part}");
            if text_width(&joined, SMALL, false) <= room {
                *last = joined;
                continue;
            }
        }
        lines.extend(super::font::wrap_words(part, SMALL, false, room));
    }
    lines
}

/// How a cell's text is set: the median's size, the small lines' lead,
/// the gap between them and the room kept above and below.
#[derive(Clone, Copy)]
struct CellMetrics {
    median_font: f64,
    lead: f64,
    gap: f64,
    padding: f64,
}

impl CellMetrics {
    /// A one-column figure sets its cells tighter (nine rows of three
    /// lines must fit 1.2 widths with the legend in the caption), with
    /// the lead still clear of the small text's box so that no two lines
    /// touch.
    fn new(compact: bool) -> Self {
        if compact {
            Self {
                median_font: 8.0,
                lead: SMALL * (ASCENT + DESCENT) + 0.05,
                gap: 0.3,
                padding: 2.8,
            }
        } else {
            Self {
                median_font: 9.5,
                lead: SMALL_LEAD,
                gap: 1.0,
                padding: 5.0,
            }
        }
    }

    /// The height of a cell's text block: the median, then `lines` small lines.
    fn block(self, lines: usize) -> f64 {
        self.median_font * (ASCENT + DESCENT) + self.gap + lines as f64 * self.lead
    }
}

/// A row's height: its tallest cell (the median, then `lines` small
/// lines) or its name's `names` lines.
fn row_height(m: CellMetrics, lines: usize, names: usize) -> f64 {
    let cell = m.padding + m.block(lines);
    cell.max(names as f64 * NAME * 1.25 + 6.0)
}

const SMALL: f64 = 7.0;
const SMALL_LEAD: f64 = 8.6;
const NAME: f64 = 8.0;
const HEAD: f64 = 7.5;

/// A dimension's letter in a narrow figure's header: `A`, `B`, ... `Z`,
/// `AA`...
fn letter(j: usize) -> String {
    let mut n = j;
    let mut out = String::new();
    loop {
        out.insert(0, char::from(b'A' + u8::try_from(n % 26).unwrap_or(0)));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out
}

/// Renders the matrix figure and its caption (what `--legend caption`
/// moves out of it): a table exactly as wide as the printed width, names
/// wrapped at words, or numbered and lettered with a key when they do not
/// fit whole.
#[must_use]
pub fn render_drawn(
    template: &Template,
    cells: &[CellStats],
    opts: &FigureOptions,
) -> super::svg_text::Drawn {
    let start = Placing::new(opts.legend, LEAVING);
    super::svg_text::fitted(start, |placing| draw(template, cells, opts, placing))
}

/// The order in which the matrix's words leave a figure too tall with
/// them: the notes first, the key of numbered stages and lettered
/// dimensions last (a reader can tell a level by its number).
const LEAVING: &[Part] = &[Part::Notes, Part::Title, Part::Scales, Part::Key];

/// The matrix with its words placed as `placing` says, and its height over
/// its width.
#[expect(
    clippy::too_many_lines,
    reason = "the figure's parts in reading order: header, columns, rows, legend"
)]
fn draw(
    template: &Template,
    cells: &[CellStats],
    opts: &FigureOptions,
    placing: Placing,
) -> (super::svg_text::Drawn, f64) {
    let tr = opts.tr;
    let width = page_width(opts.width_mm);
    let compact = width < super::svg_text::ONE_COLUMN;
    let pad = if compact { 6.0 } else { PAD };
    let inner = width - 2.0 * pad;
    let cols = template.dimensions.len().max(1);
    let mut caption: Vec<String> = Vec::new();
    let mut texts: Vec<Label> = Vec::new();
    let mut y = pad;
    if opts.title {
        let title = tr.text(words::TITLE);
        if placing.captioned(Part::Title) {
            caption.push(super::svg_text::title_paragraph(&title, &opts.subtitle));
        }
        if placing.drawn(Part::Title) {
            y = super::svg_text::heading(&mut texts, &title, &opts.subtitle, pad, y, inner) + 6.0;
        }
    }
    let by_cell: std::collections::HashMap<(&str, &str), &CellStats> = cells
        .iter()
        .map(|c| ((c.stage.as_str(), c.dimension.as_str()), c))
        .collect();
    let metrics = CellMetrics::new(compact);
    let median_font = metrics.median_font;
    // The narrowest a cell may be: its widest whole word.
    let cell_min = template
        .stages
        .iter()
        .flat_map(|st| template.dimensions.iter().map(move |d| (st, d)))
        .map(|(st, d)| {
            let cell = by_cell.get(&(st.id.as_str(), d.id.as_str())).copied();
            let median = cell.and_then(|c| c.median);
            let band = median.and_then(|m| d.band_index(m));
            let mark = if cell.is_some_and(|c| c.consensus) {
                format!(" {CONSENSUS_MARK}")
            } else {
                String::new()
            };
            let big = text_width(
                &format!("{}{mark}", fmt_value_in(tr, median)),
                median_font,
                true,
            );
            cell_parts(tr, template, d, cell, band, compact)
                .iter()
                .map(|p| super::font::widest_piece(p, SMALL, false))
                .fold(big, f64::max)
        })
        .fold(0.0, f64::max)
        + 6.0;
    // The stage column: names wrapped at words, as narrow as the widest
    // word allows and at most a third of the figure; numbered with a key
    // when that leaves the cells too narrow.
    let widest_word = template
        .stages
        .iter()
        .map(|st| super::font::widest_piece(&st.name, NAME, true))
        .fold(0.0, f64::max);
    let natural = template
        .stages
        .iter()
        .map(|st| text_width(&st.name, NAME, true))
        .fold(0.0, f64::max);
    let named_left = (natural + 10.0).min(inner * 0.33).max(widest_word + 10.0);
    let numbered_left = text_width(&template.stages.len().to_string(), NAME, true) + 10.0;
    // The table's height with a stage column `left` wide, names wrapped
    // in it or numbered: each row as tall as its tallest cell or name.
    let table_height = |left: f64, numbered: bool| -> f64 {
        let room = (inner - left) / cols as f64 - 6.0;
        template
            .stages
            .iter()
            .map(|st| {
                let most = template
                    .dimensions
                    .iter()
                    .map(|d| {
                        let cell = by_cell.get(&(st.id.as_str(), d.id.as_str())).copied();
                        let band = cell.and_then(|c| c.median).and_then(|m| d.band_index(m));
                        cell_lines(
                            &cell_parts(tr, template, d, cell, band, compact),
                            room,
                            compact,
                        )
                        .len()
                    })
                    .max()
                    .unwrap_or(1);
                let names = if numbered {
                    1
                } else {
                    super::font::wrap_words(&st.name, NAME, true, left - 8.0).len()
                };
                row_height(metrics, most, names)
            })
            .sum()
    };
    // Numbers with a key when the names leave the cells too narrow, or
    // make the table a sixth taller than numbers would.
    let numbered = named_left > inner * 0.4
        || (inner - named_left) / (cols as f64) < cell_min
        || table_height(named_left, false) > table_height(numbered_left, true) * 7.0 / 6.0;
    let left = if numbered { numbered_left } else { named_left };
    let cell_w = (inner - left) / cols as f64;
    // Dimension names wrapped to their column, or lettered with a key.
    let lettered = template
        .dimensions
        .iter()
        .any(|d| super::font::widest_piece(&d.name, HEAD, true) > cell_w - 4.0);
    let heads: Vec<Vec<String>> = template
        .dimensions
        .iter()
        .enumerate()
        .map(|(j, d)| {
            if lettered {
                vec![letter(j)]
            } else {
                super::font::wrap_words(&d.name, HEAD, true, cell_w - 4.0)
            }
        })
        .collect();
    let head_lines = heads.iter().map(Vec::len).max().unwrap_or(1);
    let head_lead = HEAD * 1.25;
    let table_top = y;
    let top = y + head_lines as f64 * head_lead + 4.0;
    for (j, lines_j) in heads.iter().enumerate() {
        let x = pad + left + cell_w * j as f64 + cell_w / 2.0;
        let first = top - 4.0 - (lines_j.len() as f64 - 1.0) * head_lead - HEAD * DESCENT;
        for (k, line) in lines_j.iter().enumerate() {
            texts.push(
                Label::new(line.clone(), x, first + head_lead * k as f64, HEAD)
                    .bold()
                    .anchor(Anchor::Middle)
                    .class("dimension"),
            );
        }
    }
    let mut shapes = String::new();
    let mut row_y = top;
    let room = cell_w - 6.0;
    for (i, st) in template.stages.iter().enumerate() {
        let name_lines = if numbered {
            vec![(i + 1).to_string()]
        } else {
            super::font::wrap_words(&st.name, NAME, true, left - 8.0)
        };
        // Each cell's lines, and the row's height: its tallest cell.
        let contents: Vec<(Option<f64>, Option<usize>, Vec<String>)> = template
            .dimensions
            .iter()
            .map(|d| {
                let cell = by_cell.get(&(st.id.as_str(), d.id.as_str())).copied();
                let median = cell.and_then(|c| c.median);
                let band = median.and_then(|m| d.band_index(m));
                let lines = cell_lines(
                    &cell_parts(tr, template, d, cell, band, compact),
                    room,
                    compact,
                );
                (median, band, lines)
            })
            .collect();
        let most = contents.iter().map(|c| c.2.len()).max().unwrap_or(1);
        let h = row_height(metrics, most, name_lines.len());
        let first = row_y + h / 2.0 - (name_lines.len() as f64 - 1.0) * NAME * 0.625 + NAME * 0.35;
        for (k, line) in name_lines.into_iter().enumerate() {
            texts.push(
                Label::new(line, pad + left - 6.0, first + NAME * 1.25 * k as f64, NAME)
                    .bold()
                    .anchor(Anchor::End)
                    .class("stage"),
            );
        }
        // The whole name, for screen readers (the drawn one may wrap).
        let _ = writeln!(
            shapes,
            r#"<g data-stage="{}"><title>{}</title>"#,
            escape(&st.id),
            escape(&st.name)
        );
        for (j, (d, (median, band, lines_j))) in
            template.dimensions.iter().zip(contents).enumerate()
        {
            let x = pad + left + cell_w * j as f64;
            let cell = by_cell.get(&(st.id.as_str(), d.id.as_str())).copied();
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
            let mark = if cell.is_some_and(|c| c.consensus) {
                format!(" {CONSENSUS_MARK}")
            } else {
                String::new()
            };
            // The block of text centred in the cell.
            let block = metrics.block(lines_j.len());
            let big_y = row_y + (h - block) / 2.0 + median_font * ASCENT;
            texts.push(
                Label::new(
                    format!("{}{mark}", fmt_value_in(tr, median)),
                    cx,
                    big_y,
                    median_font,
                )
                .bold()
                .anchor(Anchor::Middle)
                .fill(ink)
                .class("median"),
            );
            let mut ly = big_y + median_font * DESCENT + metrics.gap + SMALL * ASCENT;
            for line in lines_j {
                texts.push(
                    Label::new(line, cx, ly, SMALL)
                        .anchor(Anchor::Middle)
                        .fill(ink)
                        .class("cell"),
                );
                ly += metrics.lead;
            }
        }
        shapes.push_str("</g>\n");
        row_y += h;
    }
    let table = super::svg_text::Rect {
        x: pad,
        y: table_top,
        w: inner,
        h: row_y - table_top,
    };

    // Legend: the bands of the first dimension (all share names in
    // practice), the notes, and the keys of numbers and letters.
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
    let rule = template.consensus;
    let note = words::legend(
        tr,
        CONSENSUS_MARK,
        rule.max_iqr,
        rule.min_agreement * 100.0,
        rule.min_n,
    );
    let stage_key: Vec<String> = template
        .stages
        .iter()
        .enumerate()
        .map(|(i, st)| format!("{}\u{a0}{}", i + 1, st.name))
        .collect();
    let dim_key: Vec<String> = template
        .dimensions
        .iter()
        .enumerate()
        .map(|(j, d)| format!("{}\u{a0}{}", letter(j), d.name))
        .collect();
    let mut swatches = String::new();
    // The caption's paragraphs in reading order, of the parts it holds.
    let keys = [
        (lettered, words::DIMENSIONS, &dim_key),
        (numbered, words::STAGES, &stage_key),
    ];
    if placing.captioned(Part::Scales) {
        let levels: Vec<&str> = entries.iter().map(|(_, t)| t.as_str()).collect();
        caption.push(format!("{} {}.", tr.text(words::LEVEL), levels.join("; ")));
    }
    if placing.captioned(Part::Notes) {
        caption.push(note.clone());
    }
    if placing.captioned(Part::Key) {
        for (show, heading, key) in keys {
            if show {
                caption.push(format!("{}: {}.", tr.text(heading), key.join("; ")));
            }
        }
    }
    let mut ly = row_y + 8.0;
    let mut end = row_y;
    if placing.drawn(Part::Scales) {
        let head = Label::new(tr.text(words::LEVEL), pad, ly + HEAD * ASCENT, HEAD)
            .bold()
            .class("legend");
        let mut lx = pad + head.width() + 8.0;
        let mut line_y = ly;
        texts.push(head);
        for (fill, text) in entries {
            let wide = 14.0 + text_width(&text, HEAD, false) + 10.0;
            if lx + wide > width - pad && lx > pad {
                lx = pad;
                line_y += 12.0;
            }
            let _ = writeln!(
                swatches,
                r##"<rect x="{lx:.2}" y="{:.2}" width="10" height="8" fill="{fill}" stroke="#888888" stroke-width="0.4"/>"##,
                line_y + 0.5
            );
            let (ls, after) = lines(
                &text,
                lx + 14.0,
                line_y + HEAD * ASCENT,
                HEAD,
                width - pad - lx - 14.0,
                HEAD * 1.3,
                false,
            );
            texts.extend(ls.into_iter().map(|l| l.class("legend")));
            line_y = line_y.max(after - HEAD * 1.3 - HEAD * ASCENT);
            lx += wide;
        }
        ly = line_y + 14.0;
        end = ly;
    }
    if placing.drawn(Part::Notes) {
        let (notes, after) = lines(&note, pad, ly + SMALL * ASCENT, SMALL, inner, 9.1, false);
        texts.extend(notes.into_iter().map(|l| l.class("legend")));
        ly = after - 9.1 + SMALL * DESCENT + 4.0;
        end = ly;
    }
    if placing.drawn(Part::Key) {
        for (show, heading, key) in keys {
            if !show {
                continue;
            }
            let (ls, after) = lines(
                &format!("{}: {}", tr.text(heading), key.join(" \u{00b7} ")),
                pad,
                ly + SMALL * ASCENT,
                SMALL,
                inner,
                9.1,
                false,
            );
            texts.extend(ls.into_iter().map(|l| l.class("key")));
            ly = after - 9.1 + SMALL * DESCENT + 4.0;
            end = ly;
        }
    }
    let height = end + pad;

    let mut s = open(width, height, "matrix", &tr.text(words::ACCESSIBLE));
    super::svg_text::plot_area(&mut s, table);
    s.push_str(&shapes);
    s.push_str(&swatches);
    for t in &texts {
        t.write(&mut s);
    }
    s.push_str("</svg>\n");
    let drawn = super::svg_text::Drawn {
        svg: s,
        caption: super::svg_text::caption(&caption),
    };
    (drawn, height / width)
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
        assert!(svg.contains(">High \u{b7} n=12 \u{b7} ?=2<"), "{svg}");
        assert_eq!(svg.matches(">not rated<").count(), 9 * 5 - 1 + 1);
    }
}
