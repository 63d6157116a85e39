//! The whole report as PDF: the report's [`Block`]s set on A4 pages (each
//! page an SVG, converted by [`super::pdf`]), with its three figures at the
//! text width. Headings stay on the page of what follows them (a figure
//! with its heading and note), table rows are never split, and a table
//! that runs on repeats its header.

use super::font::{text_width, widest_piece, wrap_words};
use super::pdf_doc::Item;
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
    done: Vec<Vec<Item>>,
    items: Vec<Item>,
    y: f64,
}

impl Pages {
    fn new() -> Self {
        Self {
            done: Vec::new(),
            items: Vec::new(),
            y: TOP,
        }
    }

    fn room(&self) -> f64 {
        BOTTOM - self.y
    }

    fn break_page(&mut self) {
        let items = std::mem::take(&mut self.items);
        self.done.push(items);
        self.y = TOP;
    }

    /// A new page unless `h` fits on this one (and this one is not empty).
    fn ensure(&mut self, h: f64) {
        if h > self.room() && self.y > TOP + 1e-6 {
            self.break_page();
        }
    }

    fn text(&mut self, label: Label) {
        self.items.push(Item::Text(label));
    }

    /// Lines of text wrapped to `width` from `x`, breaking pages between lines.
    fn lines(&mut self, text: &str, x: f64, width: f64, size: f64, bold: bool) {
        let leading = size * 1.35;
        for line in wrap_words(text, size, bold, width) {
            self.ensure(leading);
            let mut l = Label::new(line, x, self.y + size * ASCENT, size);
            l.bold = bold;
            self.text(l);
            self.y += leading;
        }
    }

    /// The pages, each with its number at its foot.
    fn finish(mut self) -> Vec<Vec<Item>> {
        if !self.items.is_empty() {
            self.break_page();
        }
        let total = self.done.len();
        for (i, page) in self.done.iter_mut().enumerate() {
            page.push(Item::Text(
                Label::new(
                    format!("{} / {total}", i + 1),
                    PAGE_W - MARGIN_X,
                    PAGE_H - 10.0 * PT_PER_MM,
                    SMALL,
                )
                .anchor(super::svg_text::Anchor::End)
                .fill("#777777"),
            ));
        }
        self.done
    }
}

/// Whether column `j` is set in bold (the header, and the first column
/// that names each row).
fn bold_column(j: usize, head: bool) -> bool {
    head || j == 0
}

/// Column widths for a table: each column its natural width when the
/// table fits the text; else each at least its widest word (header and
/// cells, bold where they are drawn bold) and the rest of the text's width
/// shared in proportion to what each column would still like. Words wrap
/// at spaces and hyphens only, so no word is split.
fn columns(head: &[String], rows: &[Vec<String>]) -> Vec<f64> {
    let n = head.len().max(1);
    let cells = |j: usize| {
        std::iter::once((head.get(j), true)).chain(rows.iter().map(move |r| (r.get(j), false)))
    };
    let natural: Vec<f64> = (0..n)
        .map(|j| {
            cells(j)
                .filter_map(|(c, h)| c.map(|c| text_width(c, SMALL, bold_column(j, h))))
                .fold(12.0, f64::max)
                + 2.0 * CELL_PAD
        })
        .collect();
    let total: f64 = natural.iter().sum();
    if total <= TEXT_W {
        return natural;
    }
    let least: Vec<f64> = (0..n)
        .map(|j| {
            cells(j)
                .filter_map(|(c, h)| c.map(|c| widest_piece(c, SMALL, bold_column(j, h))))
                .fold(12.0, f64::max)
                + 2.0 * CELL_PAD
        })
        .collect();
    let floor: f64 = least.iter().sum();
    if floor >= TEXT_W {
        // Words wider than the page: each column its share of them.
        return least.iter().map(|w| w / floor * TEXT_W).collect();
    }
    let want: f64 = natural.iter().zip(&least).map(|(n, l)| n - l).sum();
    let spare = TEXT_W - floor;
    natural
        .iter()
        .zip(&least)
        .map(|(n, l)| {
            l + if want > 0.0 {
                (n - l) / want * spare
            } else {
                0.0
            }
        })
        .collect()
}

/// The wrapped lines of each cell of a row, and the row's height.
fn row_lines(row: &[String], widths: &[f64], head: bool) -> (Vec<Vec<String>>, f64) {
    let cells: Vec<Vec<String>> = widths
        .iter()
        .enumerate()
        .map(|(j, w)| {
            let text = row.get(j).map_or("", String::as_str);
            super::font::wrap_words(
                text,
                SMALL,
                bold_column(j, head),
                (w - 2.0 * CELL_PAD).max(4.0),
            )
        })
        .collect();
    let lines = cells.iter().map(Vec::len).max().unwrap_or(1).max(1);
    (cells, row_height(lines))
}

/// The height of a row of `lines` lines.
fn row_height(lines: usize) -> f64 {
    lines as f64 * SMALL * 1.25 + 2.0 * CELL_PAD
}

fn draw_row(p: &mut Pages, cells: &[Vec<String>], widths: &[f64], h: f64, head: bool) {
    let mut x = MARGIN_X;
    for (j, w) in widths.iter().enumerate() {
        let fill = if head || j == 0 { "#f2f2f2" } else { "#ffffff" };
        p.items.push(Item::Rect {
            x,
            y: p.y,
            w: *w,
            h,
            fill,
            stroke: Some(("#bbbbbb", 0.4)),
        });
        for (k, line) in cells[j].iter().enumerate() {
            let base = p.y + CELL_PAD + SMALL * ASCENT + k as f64 * SMALL * 1.25;
            let mut l = Label::new(line.clone(), x + CELL_PAD, base, SMALL);
            l.bold = bold_column(j, head);
            p.text(l);
        }
        x += w;
    }
    p.y += h;
}

/// A table: its header on every page it runs onto, rows kept whole, and a
/// row taller than a page continued on the next one.
fn table(p: &mut Pages, head: &[String], rows: &[Vec<String>]) {
    let widths = columns(head, rows);
    let (head_cells, head_h) = row_lines(head, &widths, true);
    let first = rows.first().map_or(0.0, |r| row_lines(r, &widths, false).1);
    p.ensure((head_h + first).min(BOTTOM - TOP));
    draw_row(p, &head_cells, &widths, head_h, true);
    for r in rows {
        let (mut cells, mut h) = row_lines(r, &widths, false);
        if h > p.room() {
            if h <= BOTTOM - TOP - head_h {
                p.break_page();
                draw_row(p, &head_cells, &widths, head_h, true);
            } else {
                // Taller than a page: as many lines as fit here, the rest
                // on the pages after, each under the header.
                loop {
                    let fit = ((p.room() - 2.0 * CELL_PAD) / (SMALL * 1.25))
                        .floor()
                        .max(1.0);
                    #[expect(
                        clippy::cast_possible_truncation,
                        clippy::cast_sign_loss,
                        reason = "a small positive count of lines"
                    )]
                    let fit = fit as usize;
                    let most = cells.iter().map(Vec::len).max().unwrap_or(0);
                    if most <= fit {
                        break;
                    }
                    let now: Vec<Vec<String>> = cells
                        .iter()
                        .map(|c| c.iter().take(fit).cloned().collect())
                        .collect();
                    draw_row(p, &now, &widths, row_height(fit), false);
                    cells = cells
                        .into_iter()
                        .map(|c| c.into_iter().skip(fit).collect())
                        .collect();
                    p.break_page();
                    draw_row(p, &head_cells, &widths, head_h, true);
                }
                h = row_height(cells.iter().map(Vec::len).max().unwrap_or(1).max(1));
            }
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

/// Draws a figure at the text width: on this page when it fits, else on
/// the next; `room`, when given, is the most it may take (a figure kept
/// on its heading's page is shrunk to the rest of it).
fn place_figure(p: &mut Pages, svg: &str, room: Option<f64>) {
    let Some((w, h, _)) = figure_parts(svg) else {
        return;
    };
    let mut scale = (TEXT_W / w).min(1.0);
    let most = room.unwrap_or(BOTTOM - TOP).min(BOTTOM - TOP);
    if h * scale > most {
        scale = most / h;
    }
    let (dw, dh) = (w * scale, h * scale);
    p.ensure(dh);
    let x = MARGIN_X + (TEXT_W - dw) / 2.0;
    p.items.push(Item::Figure {
        x,
        y: p.y,
        w: dw,
        h: dh,
        svg: svg.to_owned(),
    });
    p.y += dh + 10.0;
}

/// The height of a paragraph of `text` at the body size.
fn paragraph_height(text: &str) -> f64 {
    wrap_words(text, BODY, false, TEXT_W).len() as f64 * BODY * 1.35 + 4.0
}

/// The height of a heading.
fn heading_height(level: u8, text: &str) -> f64 {
    let size = heading_size(level);
    size * 0.6 + wrap_words(text, size, true, TEXT_W).len() as f64 * size * 1.35 + 2.0
}

/// The height of the start of `block`: what must stay with a heading (a
/// paragraph whole: a figure's caption stays with it).
fn start_height(block: &Block, figures: &dyn Fn(super::Figure) -> f64) -> f64 {
    match block {
        Block::Heading(level, text) => heading_height(*level, text),
        Block::Paragraph(t) => paragraph_height(t),
        Block::List(_) => BODY * 1.35 * 2.0,
        Block::Table { .. } | Block::Distributions { .. } => SMALL * 2.5 * 2.0 + 4.0 * CELL_PAD,
        Block::Figure(f) => figures(*f),
        Block::Picture(svg) => figure_height(svg),
    }
}

/// The blocks from `i`, a heading, through the figure it introduces (its
/// caption between them), when it introduces one.
fn figure_after(blocks: &[Block], i: usize) -> Option<usize> {
    blocks[i + 1..]
        .iter()
        .take(3)
        .position(|b| matches!(b, Block::Figure(_) | Block::Picture(_)))
        .map(|k| i + 1 + k)
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
    render_paged(subject, opts, data).map(|(pdf, _)| pdf)
}

/// A heading of the report and the page (from 1) it is set on.
pub type HeadingPage = (String, usize);

/// [`render`], and the page of every heading (so that a checklist can
/// point to the page that shows an item).
///
/// # Errors
/// As [`render`].
pub fn render_paged(
    subject: Subject<'_>,
    opts: &Options,
    data: &ReportData,
) -> Result<(Vec<u8>, Vec<HeadingPage>), ExportError> {
    let blocks = document(subject.session, data);
    // Figures in the PDF fit the page's text width.
    let fig_opts = Options {
        width_mm: TEXT_W / PT_PER_MM,
        ..opts.clone()
    };
    let mut drawn: std::collections::HashMap<super::Figure, super::svg_text::Drawn> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Figure(f) => Some((*f, figure(subject, &fig_opts, data, *f))),
            _ => None,
        })
        .collect();
    // A heading, its caption and its figure share a page: a figure that
    // would not fit beside them has its legend moved under it, as its
    // caption (text stays at its size; the figure is shorter).
    let page = BOTTOM - TOP;
    for (i, b) in blocks.iter().enumerate() {
        let Block::Heading(..) = b else { continue };
        let Some(end) = figure_after(&blocks, i) else {
            continue;
        };
        let Block::Figure(f) = &blocks[end] else {
            continue;
        };
        let fig_h = |f: super::Figure| drawn.get(&f).map_or(0.0, |d| figure_height(&d.svg));
        let need: f64 = blocks[i..=end]
            .iter()
            .map(|b| start_height(b, &fig_h))
            .sum();
        if need > page && fig_opts.legend == super::svg_text::Legend::Figure {
            let captioned = Options {
                legend: super::svg_text::Legend::Caption,
                ..fig_opts.clone()
            };
            drawn.insert(*f, figure(subject, &captioned, data, *f));
        }
    }
    let fig_h = |f: super::Figure| drawn.get(&f).map_or(0.0, |d| figure_height(&d.svg));
    let mut p = Pages::new();
    let mut headings = Vec::new();
    // Where the figure kept with the heading being set ends.
    let mut kept_until: Option<usize> = None;
    for (i, block) in blocks.iter().enumerate() {
        match block {
            Block::Heading(level, text) => {
                // Keep the heading with its caption and figure, or with
                // the start of what follows.
                let end = figure_after(&blocks, i)
                    .unwrap_or(i + 1)
                    .min(blocks.len() - 1);
                let keep: f64 = blocks[i..=end]
                    .iter()
                    .map(|b| start_height(b, &fig_h))
                    .sum();
                p.ensure(keep.min(page));
                headings.push((text.clone(), p.done.len() + 1));
                kept_until = figure_after(&blocks, i);
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
                    p.text(Label::new(
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
                    // Kept on its heading's page: at most the rest of it.
                    let room = (kept_until == Some(i)).then(|| p.room());
                    place_figure(&mut p, &d.svg, room);
                    // What left the figure (--legend caption, or what did
                    // not fit 1.5 widths) follows it as its caption.
                    for line in d.caption.lines() {
                        p.lines(line, MARGIN_X, TEXT_W, SMALL, false);
                    }
                    if !d.caption.is_empty() {
                        p.y += 6.0;
                    }
                }
            }
            Block::Picture(svg) => {
                let room = (kept_until == Some(i)).then(|| p.room());
                place_figure(&mut p, svg, room);
            }
        }
    }
    let _ = DESCENT;
    let pages = p.finish();
    let pdf = super::pdf_doc::write(&pages, PAGE_W, PAGE_H, &subject.session.title)?;
    Ok((pdf, headings))
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
    fn no_column_is_narrower_than_its_widest_word() {
        let head: Vec<String> = [
            "Stage",
            "Difficulty of adopting digitalization (x)",
            "Impact on circularity (y)",
            "Carbon footprint (size)",
            "Technological maturity (colour)",
            "Quadrant",
            "Consensus",
            "n (x / y / size / colour)",
        ]
        .map(str::to_owned)
        .to_vec();
        let rows = vec![
            vec![
                "research institute and Återanvändning of everything".to_owned(),
                "3.0".to_owned(),
                "2.0".to_owned(),
                "4.5".to_owned(),
                "2.0".to_owned(),
                "thankless task".to_owned(),
                "no".to_owned(),
                "16 / 16 / 16 / 16".to_owned(),
            ];
            3
        ];
        let widths = columns(&head, &rows);
        assert!(widths.iter().sum::<f64>() <= TEXT_W + 1e-6);
        for (j, w) in widths.iter().enumerate() {
            let widest = std::iter::once((&head[j], true))
                .chain(rows.iter().map(|r| (&r[j], false)))
                .map(|(c, h)| widest_piece(c, SMALL, bold_column(j, h)))
                .fold(0.0, f64::max);
            assert!(
                *w - 2.0 * CELL_PAD >= widest - 1e-6,
                "column {j}: {w} < {widest}"
            );
        }
        // Every line of every cell fits its column.
        for (k, r) in std::iter::once(&head).chain(&rows).enumerate() {
            let head_row = k == 0;
            let (cells, _) = row_lines(r, &widths, head_row);
            for (j, lines) in cells.iter().enumerate() {
                for l in lines {
                    let w = text_width(l, SMALL, bold_column(j, head_row));
                    assert!(w <= widths[j] - 2.0 * CELL_PAD + 1e-6, "{l}");
                }
            }
        }
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
