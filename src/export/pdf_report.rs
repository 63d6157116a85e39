//! The whole report as PDF: the report's [`Block`]s set on A4 pages (each
//! page an SVG, converted by [`super::pdf`]), with its three figures at the
//! text width. Headings stay on the page of what follows them (a figure
//! with its heading and note), table rows are never split, and a table
//! that runs on repeats its header.

use std::fmt::Write as _;

use super::font::{text_width, wrap};
use super::report::{Block, ReportData, document, figure};
use super::svg_text::{ASCENT, DESCENT, Label, PT_PER_MM};
use super::{ExportError, Options, Subject};

const PAGE_W: f64 = 210.0 * PT_PER_MM;
const PAGE_H: f64 = 297.0 * PT_PER_MM;
const MARGIN_X: f64 = 20.0 * PT_PER_MM;
const TOP: f64 = 18.0 * PT_PER_MM;
const BOTTOM: f64 = PAGE_H - 20.0 * PT_PER_MM;
const TEXT_W: f64 = PAGE_W - 2.0 * MARGIN_X;
const BODY: f64 = 9.0;
const SMALL: f64 = 7.5;
const CELL_PAD: f64 = 3.0;

/// Heading sizes by level.
fn heading_size(level: u8) -> f64 {
    match level {
        1 => 16.0,
        2 => 12.0,
        _ => 10.0,
    }
}

/// Pages being filled.
struct Pages {
    done: Vec<String>,
    body: String,
    y: f64,
}

impl Pages {
    fn new() -> Self {
        Self {
            done: Vec::new(),
            body: String::new(),
            y: TOP,
        }
    }

    fn room(&self) -> f64 {
        BOTTOM - self.y
    }

    fn break_page(&mut self) {
        let body = std::mem::take(&mut self.body);
        self.done.push(body);
        self.y = TOP;
    }

    /// A new page unless `h` fits on this one (and this one is not empty).
    fn ensure(&mut self, h: f64) {
        if h > self.room() && self.y > TOP + 1e-6 {
            self.break_page();
        }
    }

    fn text(&mut self, label: &Label) {
        label.write(&mut self.body);
    }

    /// Lines of text wrapped to `width` from `x`, breaking pages between lines.
    fn lines(&mut self, text: &str, x: f64, width: f64, size: f64, bold: bool) {
        let leading = size * 1.35;
        for line in wrap(text, size, bold, width) {
            self.ensure(leading);
            let mut l = Label::new(line, x, self.y + size * ASCENT, size);
            l.bold = bold;
            self.text(&l);
            self.y += leading;
        }
    }

    fn finish(mut self, title: &str) -> Vec<String> {
        if !self.body.is_empty() {
            self.break_page();
        }
        let total = self.done.len();
        self.done
            .into_iter()
            .enumerate()
            .map(|(i, body)| {
                let mut s = super::svg_text::open(PAGE_W, PAGE_H, &format!("page{}", i + 1), title);
                s.push_str(&body);
                Label::new(
                    format!("{} / {total}", i + 1),
                    PAGE_W - MARGIN_X,
                    PAGE_H - 10.0 * PT_PER_MM,
                    SMALL,
                )
                .anchor(super::svg_text::Anchor::End)
                .fill("#777777")
                .write(&mut s);
                s.push_str("</svg>\n");
                s
            })
            .collect()
    }
}

/// Column widths for a table: each column its natural width, shrunk
/// towards a fair share when the table is wider than the text.
fn columns(head: &[String], rows: &[Vec<String>]) -> Vec<f64> {
    let n = head.len().max(1);
    let natural: Vec<f64> = (0..n)
        .map(|j| {
            std::iter::once(head.get(j).map(|h| text_width(h, SMALL, true)))
                .chain(
                    rows.iter()
                        .map(|r| r.get(j).map(|c| text_width(c, SMALL, false))),
                )
                .flatten()
                .fold(12.0, f64::max)
                + 2.0 * CELL_PAD
        })
        .collect();
    let total: f64 = natural.iter().sum();
    if total <= TEXT_W {
        return natural;
    }
    let fair = TEXT_W / n as f64;
    // Narrow columns keep their width; the rest share what is left.
    let narrow: f64 = natural.iter().filter(|w| **w <= fair).sum();
    let wide: f64 = natural.iter().filter(|w| **w > fair).sum();
    let left = TEXT_W - narrow;
    natural
        .iter()
        .map(|&w| if w <= fair { w } else { w / wide * left })
        .collect()
}

/// The wrapped lines of each cell of a row, and the row's height.
fn row_lines(row: &[String], widths: &[f64], bold: bool) -> (Vec<Vec<String>>, f64) {
    let cells: Vec<Vec<String>> = widths
        .iter()
        .enumerate()
        .map(|(j, w)| {
            super::font::wrap_at_most(
                row.get(j).map_or("", String::as_str),
                SMALL,
                bold,
                (w - 2.0 * CELL_PAD).max(4.0),
                40,
            )
        })
        .collect();
    let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    let h = lines as f64 * SMALL * 1.25 + 2.0 * CELL_PAD;
    (cells, h)
}

fn draw_row(p: &mut Pages, cells: &[Vec<String>], widths: &[f64], h: f64, head: bool) {
    let mut x = MARGIN_X;
    for (j, w) in widths.iter().enumerate() {
        let fill = if head || j == 0 { "#f2f2f2" } else { "#ffffff" };
        let _ = writeln!(
            p.body,
            r##"<rect x="{x:.2}" y="{:.2}" width="{w:.2}" height="{h:.2}" fill="{fill}" stroke="#bbbbbb" stroke-width="0.4"/>"##,
            p.y
        );
        for (k, line) in cells[j].iter().enumerate() {
            let base = p.y + CELL_PAD + SMALL * ASCENT + k as f64 * SMALL * 1.25;
            let mut l = Label::new(line.clone(), x + CELL_PAD, base, SMALL);
            l.bold = head || j == 0;
            p.text(&l);
        }
        x += w;
    }
    p.y += h;
}

fn table(p: &mut Pages, head: &[String], rows: &[Vec<String>]) {
    let widths = columns(head, rows);
    let (head_cells, head_h) = row_lines(head, &widths, true);
    let first = rows.first().map_or(0.0, |r| row_lines(r, &widths, false).1);
    p.ensure(head_h + first);
    draw_row(p, &head_cells, &widths, head_h, true);
    for r in rows {
        let (cells, h) = row_lines(r, &widths, false);
        if h > p.room() {
            p.break_page();
            draw_row(p, &head_cells, &widths, head_h, true);
        }
        draw_row(p, &cells, &widths, h, false);
    }
    p.y += 8.0;
}

/// The opening tag's viewBox size and the inner content of an SVG.
fn figure_parts(svg: &str) -> Option<(f64, f64, &str)> {
    let open_end = svg.find('>')?;
    let tag = &svg[..open_end];
    let vb = tag.split("viewBox=\"").nth(1)?.split('"').next()?;
    let nums: Vec<f64> = vb
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect();
    let (w, h) = (*nums.get(2)?, *nums.get(3)?);
    let inner = svg[open_end + 1..].trim_end().strip_suffix("</svg>")?;
    Some((w, h, inner))
}

/// The height a figure takes at the text width (shrunk to fit a page).
fn figure_height(svg: &str) -> f64 {
    figure_parts(svg).map_or(0.0, |(w, h, _)| {
        let scale = (TEXT_W / w).min(1.0);
        (h * scale).min(BOTTOM - TOP)
    })
}

fn place_figure(p: &mut Pages, svg: &str) {
    let Some((w, h, inner)) = figure_parts(svg) else {
        return;
    };
    let mut scale = (TEXT_W / w).min(1.0);
    if h * scale > BOTTOM - TOP {
        scale = (BOTTOM - TOP) / h;
    }
    let (dw, dh) = (w * scale, h * scale);
    p.ensure(dh);
    let x = MARGIN_X + (TEXT_W - dw) / 2.0;
    let _ = writeln!(
        p.body,
        r#"<svg x="{x:.2}" y="{:.2}" width="{dw:.2}" height="{dh:.2}" viewBox="0 0 {w:.2} {h:.2}" font-family="{}">"#,
        p.y,
        super::font::SVG_FAMILY
    );
    p.body.push_str(inner);
    p.body.push_str("</svg>\n");
    p.y += dh + 10.0;
}

/// The height of the start of `block`: what must stay with a heading.
fn start_height(block: &Block, figures: &dyn Fn(super::Figure) -> f64) -> f64 {
    match block {
        Block::Heading(level, _) => heading_size(*level) * 1.8,
        Block::Paragraph(t) => {
            let n = wrap(t, BODY, false, TEXT_W).len().min(3) as f64;
            n * BODY * 1.35 + 4.0
        }
        Block::List(_) => BODY * 1.35 * 2.0,
        Block::Table { .. } | Block::Distributions { .. } => SMALL * 2.5 * 2.0 + 4.0 * CELL_PAD,
        Block::Figure(f) => figures(*f),
        Block::Picture(svg) => figure_height(svg),
    }
}

/// The report of `subject` as PDF pages.
///
/// # Errors
/// When a page cannot be converted.
pub fn render(
    subject: Subject<'_>,
    opts: &Options,
    data: &ReportData,
) -> Result<Vec<u8>, ExportError> {
    let blocks = document(subject.session, data);
    // Figures in the PDF fit the page's text width.
    let fig_opts = Options {
        width_mm: TEXT_W / PT_PER_MM,
        ..opts.clone()
    };
    let drawn: std::collections::HashMap<super::Figure, super::svg_text::Drawn> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Figure(f) => Some((*f, figure(subject, &fig_opts, data, *f))),
            _ => None,
        })
        .collect();
    let fig_h = |f: super::Figure| drawn.get(&f).map_or(0.0, |d| figure_height(&d.svg));
    let mut p = Pages::new();
    for (i, block) in blocks.iter().enumerate() {
        match block {
            Block::Heading(level, text) => {
                // Keep the heading with its note and figure, or with the
                // start of what follows.
                let mut keep = start_height(block, &fig_h);
                let next = &blocks[i + 1..];
                let until_figure = next
                    .iter()
                    .take(3)
                    .position(|b| matches!(b, Block::Figure(_) | Block::Picture(_)));
                match until_figure {
                    Some(k) => {
                        for b in &next[..=k] {
                            keep += start_height(b, &fig_h);
                        }
                    }
                    None => {
                        if let Some(b) = next.first() {
                            keep += start_height(b, &fig_h);
                        }
                    }
                }
                p.ensure(keep.min(BOTTOM - TOP));
                let size = heading_size(*level);
                p.y += if p.y > TOP { size * 0.6 } else { 0.0 };
                p.lines(text, MARGIN_X, TEXT_W, size, true);
                p.y += 2.0;
            }
            Block::Paragraph(text) => {
                p.lines(text, MARGIN_X, TEXT_W, BODY, false);
                p.y += 4.0;
            }
            Block::List(items) => {
                for item in items {
                    p.ensure(BODY * 1.35);
                    p.text(&Label::new(
                        "\u{2022}",
                        MARGIN_X + 2.0,
                        p.y + BODY * ASCENT,
                        BODY,
                    ));
                    p.lines(item, MARGIN_X + 12.0, TEXT_W - 12.0, BODY, false);
                }
                p.y += 4.0;
            }
            Block::Table { head, rows } | Block::Distributions { head, rows } => {
                table(&mut p, head, rows);
            }
            Block::Figure(f) => {
                if let Some(d) = drawn.get(f) {
                    place_figure(&mut p, &d.svg);
                    // With --legend caption, the legend and notes follow
                    // the figure as its caption.
                    for line in d.caption.lines() {
                        p.lines(line, MARGIN_X, TEXT_W, SMALL, false);
                    }
                    if !d.caption.is_empty() {
                        p.y += 6.0;
                    }
                }
            }
            Block::Picture(svg) => place_figure(&mut p, svg),
        }
    }
    let _ = DESCENT;
    let pages = p.finish(&subject.session.title);
    super::pdf::pages(&pages, &subject.session.title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_example_report_is_a_few_pages_with_its_figures() {
        let s = crate::synthetic::example_session();
        let opts = Options::default();
        let subject = Subject::one(&s);
        let data = ReportData::build(subject, &opts);
        let pdf = render(subject, &opts, &data).expect("renders");
        let text = String::from_utf8_lossy(&pdf);
        let pages = text.matches("/Type /Page\n").count()
            + text.matches("/Type /Page/").count()
            + text.matches("/Type /Page>").count();
        assert!(text.starts_with("%PDF-"));
        assert!(text.contains("DejaVuSans"));
        let count: usize = text
            .split("/Count ")
            .nth(1)
            .and_then(|t| t.split(|c: char| !c.is_ascii_digit()).next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        assert!((3..40).contains(&count), "{count} pages");
        let _ = pages;
    }

    #[test]
    fn wide_tables_fit_the_text_width() {
        let head: Vec<String> = (0..8)
            .map(|i| format!("Column {i} with a long heading"))
            .collect();
        let rows = vec![head.clone(); 3];
        let w: f64 = columns(&head, &rows).iter().sum();
        assert!(w <= TEXT_W + 1e-6);
    }
}
