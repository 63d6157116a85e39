//! Two sessions, or two rounds of one session, compared: per stage and
//! dimension both medians, the change, the level change and whether
//! consensus was reached or lost; then Kendall's W of both. Scrollable.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::analysis::table;
use super::{Theme, panel, put};
use crate::analysis::compare::{CellChange, ConsensusChange};
use crate::app::CompareView;
use crate::domain::Template;

pub fn render(c: &CompareView, area: Rect, buf: &mut Buffer, theme: &Theme) {
    let cmp = &c.comparison;
    let side = |title: &str, round: u32| format!("{title} (round {round})");
    let a = side(&cmp.title_a, cmp.round_a);
    let b = side(&cmp.title_b, cmp.round_b);
    let inner = panel("Compare (↑↓ scroll, Esc back)", area, buf, theme);
    let mut lines = vec![format!("A: {a}"), format!("B: {b}")];
    lines.extend(self::lines(c, usize::from(inner.width)));
    let skip = c
        .scroll
        .min(lines.len().saturating_sub(usize::from(inner.height)));
    for (i, l) in lines.iter().skip(skip).enumerate() {
        let Ok(dy) = u16::try_from(i) else { break };
        if dy >= inner.height {
            break;
        }
        put(buf, inner, inner.x, inner.y + dy, l, theme.base);
    }
}

fn dash() -> String {
    "\u{2014}".to_owned()
}

fn num(v: Option<f64>) -> String {
    v.map_or_else(dash, |v| format!("{v:.1}"))
}

fn level(t: &Template, dimension: &str, id: Option<&str>) -> String {
    let Some(id) = id else {
        return dash();
    };
    t.dimension(dimension)
        .and_then(|d| d.bands.iter().find(|b| b.id == id))
        .map_or_else(|| id.to_owned(), |b| b.name.clone())
}

fn consensus(c: ConsensusChange) -> &'static str {
    match c {
        ConsensusChange::Kept => "kept",
        ConsensusChange::Reached => "REACHED",
        ConsensusChange::Lost => "LOST",
        ConsensusChange::None => "none",
    }
}

/// The comparison as text lines fitting `width`.
#[must_use]
pub fn lines(c: &CompareView, width: usize) -> Vec<String> {
    let cmp = &c.comparison;
    let t = &c.template;
    let stage = |id: &str| {
        t.stage(id)
            .map_or_else(|| id.to_owned(), |s| s.name.clone())
    };
    let dim = |id: &str| {
        t.dimension(id)
            .map_or_else(|| id.to_owned(), |d| d.name.clone())
    };
    let mut summary = format!(
        "{} of {} compared cells changed: {} medians moved · {} levels · consensus reached {} · lost {}",
        cmp.changed().count(),
        cmp.compared().count(),
        cmp.compared().filter(|x| x.median_moved()).count(),
        cmp.level_changes(),
        cmp.count(ConsensusChange::Reached),
        cmp.count(ConsensusChange::Lost),
    );
    let one_side = cmp.rated_in_one();
    if one_side > 0 {
        let _ = write!(summary, " · {one_side} {}", cmp.one_side_label());
    }
    let mut out = vec![summary, String::new()];
    let header: Vec<String> = [
        "Stage",
        "Median A",
        "Median B",
        "Change",
        "Level A",
        "Level B",
        "Consensus",
    ]
    .map(str::to_owned)
    .to_vec();
    let mut dims: Vec<&str> = Vec::new();
    for x in &cmp.cells {
        if !dims.contains(&x.dimension.as_str()) {
            dims.push(&x.dimension);
        }
    }
    for d in dims {
        let rows: Vec<Vec<String>> = cmp
            .cells
            .iter()
            .filter(|x| x.dimension == d)
            .map(|x: &CellChange| {
                let level_b = level(t, &x.dimension, x.level_b.as_deref());
                vec![
                    stage(&x.stage),
                    num(x.median_a),
                    num(x.median_b),
                    x.change.map_or_else(dash, |d| format!("{d:+.1}")),
                    level(t, &x.dimension, x.level_a.as_deref()),
                    if x.rated_in_both() && x.level_changed() {
                        format!("{level_b} *")
                    } else {
                        level_b
                    },
                    if x.rated_in_both() {
                        consensus(x.consensus).to_owned()
                    } else {
                        cmp.one_side_label()
                    },
                ]
            })
            .collect();
        out.push(dim(d));
        out.extend(table(&header, &rows, width));
        out.push(String::new());
    }
    out.push("* level changed; consensus REACHED or LOST from A to B".to_owned());
    out.push(String::new());
    out.push("Kendall's W (agreement on the ranking of stages)".to_owned());
    let header: Vec<String> = ["Dimension", "W A", "raters A", "W B", "raters B", "Change"]
        .map(str::to_owned)
        .to_vec();
    let rows: Vec<Vec<String>> = cmp
        .concordance
        .iter()
        .map(|w| {
            let f = |v: Option<f64>| v.map_or_else(dash, |v| format!("{v:.2}"));
            vec![
                dim(&w.dimension),
                f(w.w_a),
                w.m_a.to_string(),
                f(w.w_b),
                w.m_b.to_string(),
                w.w_a
                    .zip(w.w_b)
                    .map_or_else(dash, |(a, b)| format!("{:+.2}", b - a)),
            ]
        })
        .collect();
    if rows.is_empty() {
        out.push("not enough complete rankings in either".to_owned());
    } else {
        out.extend(table(&header, &rows, width));
    }
    out
}
