//! The round-by-round figure of the reports' stability section: for every
//! cell rated in both rounds, the median of the earlier round (grey) and of
//! the later one (dark) on the dimension's scale, joined by a line, one
//! panel per dimension; a dashed ring marks a cell without consensus in the
//! later round. Drawn over the participants who rated both rounds, as the
//! stability table beside it.

use std::fmt::Write as _;

use super::svg_text::{Anchor, Label, heading, lines, open, page_width};
use crate::analysis::{CellChange, RoundChange};
use crate::domain::Template;
use crate::i18n::Tr;

const PAD: f64 = 14.0;
const GAP: f64 = 18.0;
const ROW: f64 = 13.0;
const TEXT: f64 = 7.5;
const EARLIER: &str = "#9a9a9a";
const LATER: &str = "#1f4e79";

/// The figure of one pair of rounds, `width_mm` wide (170 mm when not
/// sensible). Empty when no cell was rated in both rounds.
#[must_use]
#[expect(
    clippy::too_many_lines,
    reason = "the figure's parts in reading order: heading, panels, key"
)]
pub fn render(tr: Tr, t: &Template, rc: &RoundChange, width_mm: f64) -> String {
    if rc.cells.is_empty() {
        return String::new();
    }
    let (from, to) = (rc.from_round, rc.to_round);
    let w = page_width(width_mm);
    let columns: usize = if w >= 360.0 { 2 } else { 1 };
    let panel_w = (w - 2.0 * PAD - GAP * (columns as f64 - 1.0)) / columns as f64;
    let label_w = panel_w * 0.38;
    // Stage names whole beside their rows, or numbers with a key when one
    // does not fit.
    let numbered = rc.cells.iter().any(|c| {
        t.stage(&c.stage)
            .is_some_and(|s| super::font::text_width(&s.name, TEXT, false) > label_w)
    });

    let mut texts: Vec<Label> = Vec::new();
    let mut shapes = String::new();
    let title = tr.args(
        "figure-shift-title",
        &[("from", from.into()), ("to", to.into())],
    );
    let subtitle = tr.args(
        "figure-shift-subtitle",
        &[("people", rc.paired_participants.into())],
    );
    let top = heading(&mut texts, &title, &subtitle, PAD, PAD, w - 2.0 * PAD) + 12.0;

    // One panel per dimension with cells, in template order, row by row.
    let panels: Vec<(&crate::domain::Dimension, Vec<&CellChange>)> = t
        .dimensions
        .iter()
        .map(|d| {
            let cells: Vec<&CellChange> = t
                .stages
                .iter()
                .filter_map(|s| {
                    rc.cells
                        .iter()
                        .find(|c| c.stage == s.id && c.dimension == d.id)
                })
                .collect();
            (d, cells)
        })
        .filter(|(_, cells)| !cells.is_empty())
        .collect();
    let mut y = top;
    for row in panels.chunks(columns) {
        let mut bottom = y;
        for (i, (d, cells)) in row.iter().enumerate() {
            let x0 = PAD + i as f64 * (panel_w + GAP);
            let end = panel(
                &mut texts,
                &mut shapes,
                (t, numbered),
                d,
                cells,
                (x0, y, panel_w, label_w),
            );
            bottom = bottom.max(end);
        }
        y = bottom + 14.0;
    }

    // The key.
    let key_y = y;
    let mut x = PAD;
    for (fill, words) in [
        (
            EARLIER,
            tr.args("figure-shift-from", &[("round", from.into())]),
        ),
        (LATER, tr.args("figure-shift-to", &[("round", to.into())])),
    ] {
        let _ = writeln!(
            shapes,
            r#"<circle cx="{:.2}" cy="{:.2}" r="3" fill="{fill}"/>"#,
            x + 3.0,
            key_y - 2.6
        );
        let l = Label::new(words, x + 10.0, key_y, TEXT);
        x += 10.0 + l.width() + 16.0;
        texts.push(l.class("key"));
    }
    ring(&mut shapes, x + 5.0, key_y - 2.6);
    let words = tr.args("figure-shift-no-consensus", &[("round", to.into())]);
    let (rest, end) = lines(
        &words,
        x + 14.0,
        key_y,
        TEXT,
        (w - PAD - x - 14.0).max(60.0),
        TEXT * 1.3,
        false,
    );
    texts.extend(rest.into_iter().map(|l| l.class("key")));
    let mut end = end;
    if numbered {
        let key: Vec<String> = t
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{}\u{a0}{}", i + 1, s.name))
            .collect();
        let (ls, after) = lines(
            &format!(
                "{}: {}",
                tr.text("figure-legend-key"),
                key.join(" \u{00b7} ")
            ),
            PAD,
            end + 2.0,
            TEXT,
            w - 2.0 * PAD,
            TEXT * 1.3,
            false,
        );
        texts.extend(ls.into_iter().map(|l| l.class("key")));
        end = after;
    }
    let h = end + PAD - TEXT * 0.3;

    let mut s = open(w, h, "shift", &title);
    s.push_str(&shapes);
    for l in &texts {
        l.write(&mut s);
    }
    s.push_str("</svg>\n");
    s
}

/// One dimension's panel at `(x, y)`, `w` wide with `label_w` for the stage
/// names; returns where it ends.
fn panel(
    texts: &mut Vec<Label>,
    shapes: &mut String,
    (t, numbered): (&Template, bool),
    d: &crate::domain::Dimension,
    cells: &[&CellChange],
    (x, y, w, label_w): (f64, f64, f64, f64),
) -> f64 {
    // The dimension's name, wrapped at words.
    let (name, after) = lines(&d.name, x, y + 8.0, 8.0, w, 10.0, true);
    texts.extend(name.into_iter().map(|l| l.class("dimension")));
    let y = after - 10.0;
    let plot_x = x + label_w + 8.0;
    let plot_w = (w - label_w - 14.0).max(20.0);
    let (min, max) = (f64::from(d.scale.min), f64::from(d.scale.max));
    let span = (max - min).max(1.0);
    let at = |v: f64| plot_x + (v.clamp(min, max) - min) / span * plot_w;
    let first = y + 14.0;
    let last = first + ROW * cells.len() as f64;
    for v in d.scale.min..=d.scale.max {
        let gx = at(f64::from(v));
        let _ = writeln!(
            shapes,
            r##"<line x1="{gx:.2}" y1="{first:.2}" x2="{gx:.2}" y2="{last:.2}" stroke="#e4e4e4" stroke-width="0.6"/>"##
        );
        texts.push(
            Label::new(v.to_string(), gx, last + 9.0, 7.0)
                .anchor(Anchor::Middle)
                .fill("#555555")
                .class("tick"),
        );
    }
    for (i, c) in cells.iter().enumerate() {
        let cy = first + ROW * (i as f64 + 0.5);
        let position = t.stages.iter().position(|s| s.id == c.stage);
        let shown = match (numbered, position) {
            (true, Some(i)) => (i + 1).to_string(),
            _ => t
                .stage(&c.stage)
                .map_or_else(|| c.stage.clone(), |s| s.name.clone()),
        };
        texts.push(
            Label::new(shown, plot_x - 6.0, cy + TEXT * 0.35, TEXT)
                .anchor(Anchor::End)
                .class("stage"),
        );
        if let (Some(a), Some(b)) = (c.from_median, c.to_median) {
            let _ = writeln!(
                shapes,
                r##"<line class="shift" x1="{:.2}" y1="{cy:.2}" x2="{:.2}" y2="{cy:.2}" stroke="#6b6b6b" stroke-width="1.2"/>"##,
                at(a),
                at(b)
            );
        }
        if let Some(a) = c.from_median {
            let _ = writeln!(
                shapes,
                r#"<circle class="earlier" cx="{:.2}" cy="{cy:.2}" r="3" fill="{EARLIER}"/>"#,
                at(a)
            );
        }
        if let Some(b) = c.to_median {
            let _ = writeln!(
                shapes,
                r#"<circle class="later" cx="{:.2}" cy="{cy:.2}" r="3.2" fill="{LATER}"/>"#,
                at(b)
            );
            if !c.to_consensus {
                ring(shapes, at(b), cy);
            }
        }
    }
    last + 11.0
}

/// The dashed ring of a cell without consensus in the later round.
fn ring(shapes: &mut String, cx: f64, cy: f64) {
    let _ = writeln!(
        shapes,
        r#"<circle class="no-consensus" cx="{cx:.2}" cy="{cy:.2}" r="5.2" fill="none" stroke="{LATER}" stroke-width="0.8" stroke-dasharray="1.6 1.2"/>"#
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::round_changes;
    use crate::domain::{Change, Score, default_template};

    fn two_rounds() -> crate::domain::Session {
        let mut s = crate::synthetic::example_session();
        s.apply(&Change::StartRound(crate::domain::Round {
            number: 2,
            ..s.rounds[0].clone()
        }))
        .expect("round 2");
        let people: Vec<String> = s.participants.iter().map(|p| p.id.clone()).collect();
        for (i, p) in people.iter().enumerate() {
            let v = if i % 3 == 0 { 4 } else { 3 };
            s.apply(&Change::SetRating {
                participant: p.clone(),
                round: 2,
                stage: "mining".into(),
                dimension: "maturity".into(),
                score: Score::Value(v),
                comment: None,
                at: s.created,
                entered_by: crate::domain::EnteredBy::Facilitator,
            })
            .expect("rating");
        }
        s
    }

    #[test]
    fn each_re_rated_cell_has_both_medians_and_its_stage() {
        let s = two_rounds();
        let changes = round_changes(&s);
        let rc = changes.first().expect("a change");
        let svg = render(Tr::english(), &s.template, rc, 170.0);
        assert!(svg.starts_with("<svg"), "{svg}");
        assert!(svg.contains("Change between round 1 and round 2"), "{svg}");
        assert_eq!(svg.matches(r#"class="later""#).count(), rc.cells.len());
        assert_eq!(svg.matches(r#"class="earlier""#).count(), rc.cells.len());
        assert!(svg.contains(">Mining</text>"), "{svg}");
        // Drawn where the medians are: the later dot of mining at its median.
        let cell = &rc.cells[0];
        assert!(cell.from_median.is_some() && cell.to_median.is_some());
        crate::export::raster::png(&svg, 72).expect("it renders");
    }

    #[test]
    fn no_re_rated_cell_no_figure_and_hostile_names_are_escaped() {
        let mut t = default_template();
        t.stages[0].name = "<b>&\"x".repeat(2_000);
        let rc = RoundChange {
            from_round: 1,
            to_round: 2,
            cells: Vec::new(),
            paired_participants: 0,
            consensus_from: 0,
            consensus_to: 0,
            reached: 0,
            lost: 0,
            mean_abs_shift: None,
            moved: 0,
            not_rerated: 0,
            unpaired: 0,
            concordance: Vec::new(),
        };
        assert_eq!(render(Tr::english(), &t, &rc, 170.0), "");
        let rc = RoundChange {
            cells: vec![CellChange {
                stage: t.stages[0].id.clone(),
                dimension: t.dimensions[0].id.clone(),
                n: 3,
                from_median: Some(2.0),
                to_median: Some(3.0),
                shift: Some(1.0),
                from_iqr: Some(1.0),
                to_iqr: Some(0.0),
                iqr_change: Some(-1.0),
                from_consensus: false,
                to_consensus: false,
                reached: false,
                lost: false,
            }],
            ..rc
        };
        let svg = render(Tr::english(), &t, &rc, 170.0);
        assert!(!svg.contains("<b>"), "escaped");
        assert!(svg.contains(r#"class="no-consensus""#));
        assert!(svg.len() < 40_000, "a long name is cut, not drawn whole");
    }
}
