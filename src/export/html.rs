//! One self-contained HTML file: the report's content as HTML with
//! both figures drawn inline as SVG. No scripts, fonts or other external
//! assets, so it opens offline and can be mailed as one file.

use std::fmt::Write as _;

use super::labels::escape_xml as escape;
use super::report::{Block, Figure, ReportData, document};
use super::{svg_matrix, svg_model};
use crate::analysis::RoundChoice;
use crate::domain::Session;
use crate::i18n::Tr;

const STYLE: &str = "body{font-family:Helvetica,Arial,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}\
table{border-collapse:collapse;margin:0.5em 0 1.5em}\
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}\
th{background:#f2f2f2}\
figure{margin:1em 0}\
svg{max-width:100%;height:auto}\
@media print{body{max-width:none}figure{break-inside:avoid}}";

/// The HTML report of `session`, each dimension from its latest rated round.
#[must_use]
pub fn render(session: &Session) -> String {
    render_with(session, &ReportData::of(session, RoundChoice::Latest))
}

/// The HTML report from given statistics.
#[must_use]
pub fn render_with(session: &Session, data: &ReportData) -> String {
    let t = &session.template;
    let subtitle = super::labels::subtitle(session, &data.selection);
    let tr = Tr::new(&session.language);
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        tr.code(),
        escape(&session.title)
    );
    for block in document(session, data) {
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
                let svg = match f {
                    Figure::Matrix => svg_matrix::render_cells(tr, t, &data.cells, &subtitle),
                    Figure::Model => {
                        svg_model::render_placements(tr, t, &data.placements, &subtitle)
                    }
                };
                let _ = write!(s, "<figure>\n{svg}</figure>\n");
            }
        }
    }
    s.push_str("</body>\n</html>\n");
    s
}
