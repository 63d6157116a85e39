//! Words, marks and number formats that every report (and the terminal
//! screens) share, so that Figure 1 and Figure 2 say the same thing in SVG,
//! Markdown, HTML, text and the TUI. The words come from the room's
//! language ([`Tr`]); the terminal asks for English.

use crate::analysis::{CellStats, Placement, Quadrant, RoundSelection, quadrant};
use crate::domain::{Band, FlowKind, Session, Strength, Template};
use crate::i18n::Tr;

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

/// A median with one decimal in the language's way (`2,5`), or an em dash.
#[must_use]
pub fn fmt_value_in(tr: Tr, v: Option<f64>) -> String {
    tr.decimal_or(v, 1, DASH)
}

/// A number of the template (a band limit, an IQR bound) as short as it
/// goes (`2.5`, `1`), in the language's way.
#[must_use]
pub fn fmt_number(tr: Tr, v: f64) -> String {
    let plain = v.to_string();
    match plain.split_once('.') {
        Some((_, decimals)) => tr.decimal(v, decimals.len()),
        None => plain,
    }
}

/// A count with the language's thousands separator (`1,983`, `1 983`).
#[must_use]
pub fn fmt_count(tr: Tr, n: usize) -> String {
    let digits = n.to_string();
    let separator = tr.text("thousands-separator");
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(&separator);
        }
        out.push(c);
    }
    out
}

/// The first `most` items of a list joined with ", ", and when more
/// there are, how many more ("and 1,983 more").
#[must_use]
pub fn list_cut(tr: Tr, items: &[String], most: usize) -> String {
    if items.len() <= most {
        return items.join(", ");
    }
    format!(
        "{}, {}",
        items[..most].join(", "),
        tr.args(
            "report-and-more",
            &[("count", fmt_count(tr, items.len() - most).into())]
        )
    )
}

/// Which round each dimension's figures come from, in words: `round 2`,
/// or `round 2 (Maturity); round 1 (others)`; `None` before any rating.
#[must_use]
pub fn describe_rounds(tr: Tr, selection: &RoundSelection, template: &Template) -> Option<String> {
    let parts = selection.parts(template);
    if let [(round, _)] = parts.as_slice() {
        return Some(tr.args("rounds-one", &[("round", (*round).into())]));
    }
    let words: Vec<String> = parts
        .into_iter()
        .map(|(r, dims)| match dims {
            Some(dims) => tr.args(
                "rounds-some",
                &[("round", r.into()), ("dimensions", dims.join(", ").into())],
            ),
            None => tr.args("rounds-others", &[("round", r.into())]),
        })
        .collect();
    (!words.is_empty()).then(|| words.join("; "))
}

/// What a pool of sessions reads, session by session: "Workshop A: round
/// 2, 17 participants + Workshop B: round 1, 12 participants".
#[must_use]
pub fn describe_pool(tr: Tr, pool: &crate::analysis::pool::Pooled) -> String {
    pool.parts
        .iter()
        .map(|p| {
            let rounds = describe_rounds(tr, &p.selection, &pool.all.template)
                .unwrap_or_else(|| tr.text("rounds-none"));
            tr.args(
                "pool-part",
                &[
                    ("session", (&p.label).into()),
                    ("rounds", rounds.into()),
                    ("participants", p.participants.into()),
                ],
            )
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The line under a figure's title: `<title> — round N, M participants`,
/// naming the round of each dimension when they differ, in the session's
/// language.
#[must_use]
pub fn subtitle(session: &Session, selection: &RoundSelection) -> String {
    let tr = Tr::new(&session.language);
    let rounds =
        describe_rounds(tr, selection, &session.template).unwrap_or_else(|| tr.text("rounds-none"));
    tr.args(
        "figure-subtitle",
        &[
            ("title", (&session.title).into()),
            ("rounds", rounds.into()),
            ("participants", session.participants.len().into()),
        ],
    )
}

/// `yes` or `no`.
#[must_use]
pub fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// `yes` or `no` in the language.
#[must_use]
pub fn yes_no_in(tr: Tr, b: bool) -> String {
    tr.text(if b { "word-yes" } else { "word-no" })
}

/// A quadrant of the model in words.
#[must_use]
pub fn quadrant_words(tr: Tr, q: Quadrant) -> String {
    tr.text(match q {
        Quadrant::QuickWin => "quadrant-quick-win",
        Quadrant::MajorProject => "quadrant-major-project",
        Quadrant::FillIn => "quadrant-fill-in",
        Quadrant::ThanklessTask => "quadrant-thankless-task",
        Quadrant::Borderline => "quadrant-borderline",
    })
}

/// A flow's kind in words.
#[must_use]
pub fn flow_kind_words(tr: Tr, kind: FlowKind) -> String {
    tr.text(match kind {
        FlowKind::Forward => "flow-kind-forward",
        FlowKind::Reuse => "flow-kind-reuse",
        FlowKind::Repurpose => "flow-kind-repurpose",
        FlowKind::Remanufacture => "flow-kind-remanufacture",
        FlowKind::Recycle => "flow-kind-recycle",
        FlowKind::Loss => "flow-kind-loss",
    })
}

/// A flow's strength in words.
#[must_use]
pub fn strength_words(tr: Tr, strength: Strength) -> String {
    tr.text(match strength {
        Strength::Low => "strength-low",
        Strength::Medium => "strength-medium",
        Strength::High => "strength-high",
    })
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
pub fn quadrant_label(tr: Tr, t: &Template, p: Option<&Placement>) -> String {
    let Some(q) = p.and_then(|p| quadrant(t, p)) else {
        return DASH.to_owned();
    };
    // The template's own words for its corners, when it has them.
    let own = t.model.quadrants.as_ref().and_then(|l| match q {
        Quadrant::QuickWin => Some(&l.top_left),
        Quadrant::MajorProject => Some(&l.top_right),
        Quadrant::FillIn => Some(&l.bottom_left),
        Quadrant::ThanklessTask => Some(&l.bottom_right),
        Quadrant::Borderline => None,
    });
    own.cloned().unwrap_or_else(|| quadrant_words(tr, q))
}

/// Header of the model table (the text alternative of Figure 2).
#[must_use]
pub fn model_head(tr: Tr, t: &Template) -> Vec<String> {
    let m = &t.model;
    let axis =
        |id: &str, dimension: &str| tr.args(id, &[("dimension", dim_name(t, dimension).into())]);
    vec![
        tr.text("model-stage"),
        axis("model-axis-x", &m.x),
        axis("model-axis-y", &m.y),
        axis("model-axis-size", &m.size),
        axis("model-axis-colour", &m.colour),
        tr.text("model-quadrant"),
        tr.text("model-consensus"),
    ]
}

/// One row per stage of the model, in template order, matching
/// [`model_head`]; `value(dimension, median)` writes each mapped value.
#[must_use]
pub fn model_rows(
    tr: Tr,
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
                quadrant_label(tr, t, p),
                yes_no_in(tr, p.is_some_and(|p| p.consensus)),
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
        assert_eq!(fmt_value_in(Tr::new("sv"), Some(2.25)), "2,2");
        assert_eq!(fmt_number(Tr::new("sv"), 2.5), "2,5");
        assert_eq!(fmt_number(Tr::new("sv"), 3.0), "3");
        assert_eq!(fmt_number(Tr::english(), 0.75), "0.75");
        assert_eq!(fmt_count(Tr::english(), 1983), "1,983");
        assert_eq!(fmt_count(Tr::english(), 1_234_567), "1,234,567");
        assert_eq!(fmt_count(Tr::english(), 983), "983");
        assert_eq!(fmt_count(Tr::new("sv"), 1983), "1\u{a0}983");
        let people: Vec<String> = (1..=2000).map(|i| format!("P{i}")).collect();
        let cut = list_cut(Tr::english(), &people, 17);
        assert!(
            cut.starts_with("P1, P2,") && cut.ends_with("P17, and 1,983 more"),
            "{cut}"
        );
        assert_eq!(list_cut(Tr::english(), &people[..3], 17), "P1, P2, P3");
        assert_eq!(
            escape_xml("a<b & 'c'\u{1}\u{fffe}\u{ffff}\t"),
            "a&lt;b &amp; &apos;c&apos;\t"
        );
    }
}
