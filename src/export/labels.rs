//! Words, marks and number formats that every report (and the terminal
//! screens) share, so that Figure 1 and Figure 2 say the same thing in SVG,
//! Markdown, HTML, text and the TUI.

use crate::analysis::{CellStats, Placement, RoundSelection, quadrant};
use crate::domain::{Band, Session, Template};

/// Shown where there is no value.
pub const DASH: &str = "\u{2014}";

/// The mark printed in matrix cells that reach consensus.
pub const CONSENSUS_MARK: &str = "\u{2713}";

/// Escapes text for XML (and HTML) content and attribute values.
#[must_use]
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Characters XML 1.0 forbids (C0 controls, U+FFFE, U+FFFF) are
            // dropped: one of them makes the whole file ill-formed.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

/// A median with one decimal, or an em dash when unknown.
#[must_use]
pub fn fmt_value(v: Option<f64>) -> String {
    v.map_or_else(|| DASH.to_owned(), |v| format!("{v:.1}"))
}

/// The line under a figure's title: `<title> — round N, M participants`,
/// naming the round of each dimension when they differ.
#[must_use]
pub fn subtitle(session: &Session, selection: &RoundSelection) -> String {
    let rounds = selection
        .describe(&session.template)
        .unwrap_or_else(|| "no ratings yet".to_owned());
    format!(
        "{} \u{2014} {rounds}, {} participants",
        session.title,
        session.participants.len()
    )
}

/// `yes` or `no`.
#[must_use]
pub fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// The name of dimension `id`, or the id when the template lacks it.
#[must_use]
pub fn dim_name(t: &Template, id: &str) -> String {
    t.dimension(id)
        .map_or_else(|| id.to_owned(), |d| d.name.clone())
}

/// The level (band) of value `v` on dimension `dimension`.
#[must_use]
pub fn band<'t>(t: &'t Template, dimension: &str, v: f64) -> Option<&'t Band> {
    t.dimension(dimension).and_then(|d| d.band_of(v))
}

/// The level (band) of a cell's median.
#[must_use]
pub fn cell_band<'t>(t: &'t Template, cell: &CellStats) -> Option<&'t Band> {
    cell.median.and_then(|m| band(t, &cell.dimension, m))
}

/// The upper-case first letter of a level's name (`L` for Low).
#[must_use]
pub fn band_initial(band: &Band) -> Option<char> {
    band.name
        .chars()
        .next()
        .and_then(|c| c.to_uppercase().next())
}

/// The quadrant of a placement in words, or an em dash.
#[must_use]
pub fn quadrant_label(t: &Template, p: Option<&Placement>) -> String {
    p.and_then(|p| quadrant(t, p))
        .map_or_else(|| DASH.to_owned(), |q| q.label().to_owned())
}

/// Header of the model table (the text alternative of Figure 2).
#[must_use]
pub fn model_head(t: &Template) -> Vec<String> {
    let m = &t.model;
    vec![
        "Stage".into(),
        format!("{} (x)", dim_name(t, &m.x)),
        format!("{} (y)", dim_name(t, &m.y)),
        format!("{} (size)", dim_name(t, &m.size)),
        format!("{} (colour)", dim_name(t, &m.colour)),
        "Quadrant".into(),
        "Consensus".into(),
    ]
}

/// One row per stage of the model, in template order, matching
/// [`model_head`]; `value(dimension, median)` writes each mapped value.
#[must_use]
pub fn model_rows(
    t: &Template,
    placements: &[Placement],
    value: impl Fn(&str, Option<f64>) -> String,
) -> Vec<Vec<String>> {
    let m = &t.model;
    let by_stage: std::collections::HashMap<&str, &Placement> =
        placements.iter().map(|p| (p.stage.as_str(), p)).collect();
    t.stages
        .iter()
        .map(|st| {
            let p = by_stage.get(st.id.as_str()).copied();
            vec![
                st.name.clone(),
                value(&m.x, p.and_then(|p| p.x)),
                value(&m.y, p.and_then(|p| p.y)),
                value(&m.size, p.and_then(|p| p.size)),
                value(&m.colour, p.and_then(|p| p.colour)),
                quadrant_label(t, p),
                yes_no(p.is_some_and(|p| p.consensus)).to_owned(),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_and_escapes() {
        assert_eq!(fmt_value(Some(2.25)), "2.2");
        assert_eq!(fmt_value(None), DASH);
        assert_eq!(
            escape_xml("a<b & 'c'\u{1}\u{fffe}\u{ffff}\t"),
            "a&lt;b &amp; &apos;c&apos;\t"
        );
    }
}
