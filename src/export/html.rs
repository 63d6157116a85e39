//! One self-contained HTML file: the report's content as HTML with
//! both figures drawn inline as SVG. No scripts, fonts or other external
//! assets, so it opens offline and can be mailed as one file.

use std::fmt::Write as _;

use super::labels::escape_xml as escape;
use super::report::{Block, ReportData, document};
use crate::analysis::RoundChoice;
use crate::domain::Session;

const STYLE: &str = "body{font-family:'DejaVu Sans',Verdana,Helvetica,Arial,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\
table{border-collapse:collapse;margin:0.5em 0 1.5em;max-width:100%}\
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:normal;word-break:normal;hyphens:manual}\
th{background:#f2f2f2}\
figure{margin:1em 0}\
figcaption{font-size:0.85em;color:#333}\
figcaption p{margin:0.2em 0}\
svg{max-width:100%;height:auto}\
.dist td{padding:2px 4px;text-align:center}\
.dist svg{display:block;margin:auto}\
@media print{body{max-width:none;margin:0}\
h1,h2,h3{break-after:avoid;page-break-after:avoid}\
.keep{break-inside:avoid;page-break-inside:avoid}\
figure{break-inside:avoid;page-break-inside:avoid}\
figure svg{max-height:230mm;width:auto;max-width:100%}\
tr,li{break-inside:avoid;page-break-inside:avoid}\
thead{display:table-header-group}}";

/// The HTML report of `session`, each dimension from its latest rated round.
#[must_use]
pub fn render(session: &Session) -> String {
    render_with(session, &ReportData::of(session, RoundChoice::Latest))
}

/// The HTML report from given statistics, with default figure options.
#[must_use]
pub fn render_with(session: &Session, data: &ReportData) -> String {
    render_subject(
        super::Subject::one(session),
        &super::Options::default(),
        data,
    )
}

/// A small bar chart of one cell's answers: a bar per value and one for
/// "don't know", with the counts under them.
fn distribution_svg(d: &super::report::Distribution) -> String {
    let bars: Vec<(String, usize)> = d
        .counts
        .iter()
        .map(|(v, c)| (v.to_string(), *c))
        .chain(std::iter::once(("?".to_owned(), d.dont_know)))
        .collect();
    let max = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let (bw, h) = (11.0, 26.0);
    let w = bw * bars.len() as f64;
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{}" viewBox="0 0 {w} {}" role="img" aria-label="{}">"#,
        h + 10.0,
        h + 10.0,
        escape(
            &bars
                .iter()
                .map(|(v, c)| format!("{v}: {c}"))
                .collect::<Vec<_>>()
                .join(", ")
        )
    );
    for (i, (v, c)) in bars.iter().enumerate() {
        let (x, bh) = (i as f64 * bw, h * *c as f64 / max as f64);
        let fill = if v == "?" { "#bbbbbb" } else { "#2166ac" };
        let _ = write!(
            s,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{bh:.1}" fill="{fill}"/><text x="{:.1}" y="{:.1}" font-size="7" text-anchor="middle" fill="#333">{v}</text>"##,
            x + 1.0,
            h - bh,
            bw - 2.0,
            x + bw / 2.0,
            h + 8.0
        );
    }
    s.push_str("</svg>");
    s
}

/// The HTML report of what is exported.
#[must_use]
#[expect(clippy::too_many_lines)]
pub fn render_subject(
    subject: super::Subject<'_>,
    opts: &super::Options,
    data: &ReportData,
) -> String {
    let session = subject.session;
    let t = &session.template;
    let tr = data.more.tr;
    let mut blocks = document(session, data);
    // The codebook of the statistics, last (the package writes it whole).
    blocks.extend(super::package::codebook::for_report(t, tr));
    // A heading opens a block kept on one printed page with what follows it
    // up to its figure (its note and the figure), or with its first
    // paragraph or table.
    let keep_until: Vec<Option<usize>> = blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            if !matches!(b, Block::Heading(..)) {
                return None;
            }
            let figure = blocks[i + 1..]
                .iter()
                .take(3)
                .position(|x| matches!(x, Block::Figure(_) | Block::Picture(_)));
            Some(figure.map_or(i + 1, |k| i + 1 + k).min(blocks.len() - 1))
        })
        .collect();
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        tr.code(),
        escape(&session.title)
    );
    let mut close_at: Option<usize> = None;
    for (i, block) in blocks.into_iter().enumerate() {
        if let Some(end) = keep_until[i] {
            if close_at.is_some() {
                s.push_str("</div>\n");
            }
            s.push_str("<div class=\"keep\">\n");
            close_at = Some(end);
        }
        match block {
            Block::Heading(level, text) => {
                let l = level.clamp(1, 6);
                let _ = writeln!(s, "<h{l}>{}</h{l}>", escape(&text));
            }
            Block::Paragraph(text) => {
                let _ = writeln!(s, "<p>{}</p>", escape(&text));
            }
            Block::List(items) => {
                s.push_str("<ul>\n");
                for i in items {
                    let _ = writeln!(s, "<li>{}</li>", escape(&i));
                }
                s.push_str("</ul>\n");
            }
            Block::Table { head, rows } => {
                s.push_str("<table>\n<thead><tr>");
                for h in head {
                    let _ = write!(s, "<th scope=\"col\">{}</th>", escape(&h));
                }
                s.push_str("</tr></thead>\n<tbody>\n");
                for r in rows {
                    s.push_str("<tr>");
                    for (i, c) in r.iter().enumerate() {
                        if i == 0 {
                            let _ = write!(s, "<th scope=\"row\">{}</th>", escape(c));
                        } else {
                            let _ = write!(s, "<td>{}</td>", escape(c));
                        }
                    }
                    s.push_str("</tr>\n");
                }
                s.push_str("</tbody>\n</table>\n");
            }
            Block::Figure(f) => {
                let drawn = super::report::figure(subject, opts, data, f);
                let _ = write!(s, "<figure>\n{}", drawn.svg);
                // What left the figure (--legend caption, or what did not
                // fit 1.5 widths) is its caption.
                if !drawn.caption.is_empty() {
                    s.push_str("<figcaption>");
                    for line in drawn.caption.lines() {
                        let _ = write!(s, "<p>{}</p>", escape(line));
                    }
                    s.push_str("</figcaption>\n");
                }
                s.push_str("</figure>\n");
            }
            Block::Picture(svg) => {
                let _ = write!(s, "<figure>\n{svg}</figure>\n");
            }
            Block::Distributions { .. } => {
                let by: std::collections::HashMap<(&str, &str), &super::report::Distribution> =
                    data.more
                        .distributions
                        .iter()
                        .map(|d| ((d.stage.as_str(), d.dimension.as_str()), d))
                        .collect();
                s.push_str("<table class=\"dist\">\n<thead><tr><th scope=\"col\"></th>");
                for d in &t.dimensions {
                    let _ = write!(s, "<th scope=\"col\">{}</th>", escape(&d.name));
                }
                s.push_str("</tr></thead>\n<tbody>\n");
                for st in &t.stages {
                    let _ = write!(s, "<tr><th scope=\"row\">{}</th>", escape(&st.name));
                    for d in &t.dimensions {
                        match by.get(&(st.id.as_str(), d.id.as_str())) {
                            Some(x) => {
                                let _ = write!(s, "<td>{}</td>", distribution_svg(x));
                            }
                            None => s.push_str("<td>\u{2014}</td>"),
                        }
                    }
                    s.push_str("</tr>\n");
                }
                s.push_str("</tbody>\n</table>\n");
            }
        }
        if close_at == Some(i) {
            s.push_str("</div>\n");
            close_at = None;
        }
    }
    if close_at.is_some() {
        s.push_str("</div>\n");
    }
    s.push_str("</body>\n</html>\n");
    s
}
