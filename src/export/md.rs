//! The Markdown report: the report's [`Block`]s (see [`super::report`]) as
//! Markdown, with text escaped for it.

use std::fmt::Write as _;

use super::report::{Block, ReportData, document};
use crate::analysis::RoundChoice;
use crate::domain::Session;

/// Escapes plain text for Markdown (inline and in table cells).
#[must_use]
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            // `&amp;` and `&#x1b;` would otherwise be read as entities.
            '&' => out.push_str("&amp;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Writes blocks as Markdown.
#[must_use]
pub fn to_markdown(blocks: &[Block]) -> String {
    let mut s = String::new();
    for b in blocks {
        match b {
            Block::Heading(level, text) => {
                let _ = writeln!(
                    s,
                    "{} {}\n",
                    "#".repeat(usize::from((*level).clamp(1, 6))),
                    escape(text)
                );
            }
            Block::Paragraph(text) => {
                let _ = writeln!(s, "{}\n", escape(text));
            }
            Block::List(items) => {
                for i in items {
                    let _ = writeln!(s, "- {}", escape(i));
                }
                s.push('\n');
            }
            Block::Table { head, rows } | Block::Distributions { head, rows } => {
                let cell = |x: &String| {
                    let e = escape(x);
                    if e.is_empty() { " ".to_owned() } else { e }
                };
                let _ = writeln!(
                    s,
                    "| {} |",
                    head.iter().map(cell).collect::<Vec<_>>().join(" | ")
                );
                let _ = writeln!(s, "|{}", "---|".repeat(head.len()));
                for r in rows {
                    let _ = writeln!(
                        s,
                        "| {} |",
                        r.iter().map(cell).collect::<Vec<_>>().join(" | ")
                    );
                }
                s.push('\n');
            }
            Block::Figure(_) | Block::Picture(_) => {}
        }
    }
    s
}

/// The Markdown report of `session`, each dimension from its latest rated
/// round.
#[must_use]
pub fn render(session: &Session) -> String {
    to_markdown(&document(
        session,
        &ReportData::of(session, RoundChoice::Latest),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_table_breakers() {
        assert_eq!(escape("a|b *c* <d>"), "a\\|b \\*c\\* \\<d\\>");
        let md = to_markdown(&[Block::Table {
            head: vec!["h".into()],
            rows: vec![vec!["x|y\nz".into()]],
        }]);
        assert_eq!(md, "| h |\n|---|\n| x\\|y z |\n\n");
    }
}
