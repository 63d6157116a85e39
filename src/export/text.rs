//! Plain text for `loopshop show`: the Figure 1 matrix (stages x dimensions)
//! and the conceptual model as a table. Readable without colour.

use std::fmt::Write as _;

use super::labels::{band_initial, yes_no};

use crate::analysis::{
    Aggregate, CellStats, RoundChange, RoundChoice, RoundSelection, quadrant, round_change,
};
use crate::domain::{Session, Template};
use crate::text_width::table::{Column, Table};

/// The matrix and the model, each dimension from the latest round that rated
/// it and may be shown (blind rounds stay hidden until revealed), with a
/// header and legends.
#[must_use]
pub fn render(session: &Session) -> String {
    let agg = Aggregate::new(session);
    render_aggregate(session, &agg)
}

/// [`render`] from an aggregate already computed for `session`.
#[must_use]
pub fn render_aggregate(session: &Session, agg: &Aggregate) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", session.title);
    let _ = writeln!(
        out,
        "{} participants, {} ratings, {} round{}",
        session.participants.len(),
        session.rating_count(),
        session.rounds.len(),
        if session.rounds.len() == 1 { "" } else { "s" }
    );
    out.push_str(&figures(session, agg, RoundChoice::Latest));
    out
}

/// The figures alone, without the title lines: for `loopshop show`, whose
/// summary already names the session.
#[must_use]
pub fn figures(session: &Session, agg: &Aggregate, choice: RoundChoice) -> String {
    let mut out = String::new();
    let rounds = agg.rounds();
    let visible = |r: u32| {
        session
            .round(r)
            .is_none_or(crate::domain::Round::aggregate_visible)
    };
    let hidden: Vec<u32> = rounds.iter().copied().filter(|&r| !visible(r)).collect();
    for r in &hidden {
        let _ = writeln!(
            out,
            "Round {r} is blind: its results stay hidden until revealed."
        );
    }
    let selection = RoundSelection::of_session(session, agg, choice);
    if !selection.any() {
        if rounds.is_empty() {
            out.push_str("No ratings yet.\n");
        } else if let RoundChoice::Exactly(n) = choice {
            let _ = writeln!(out, "Round {n} has no ratings.");
        }
        return out;
    }
    let latest = selection.rounds_used().into_iter().next_back();
    if let Some(round) = latest
        && let Some(&previous) = rounds.iter().rev().find(|&&r| r < round && visible(r))
    {
        out.push_str(&round_summary(&round_change(session, previous, round)));
    }
    out.push('\n');
    out.push_str(&matrix(agg, &session.template, &selection));
    out.push('\n');
    out.push_str(&model_table(agg, &session.template, &selection));
    out
}

/// One matrix cell: level initial, median with one decimal, `*` for
/// consensus; `-` when unrated, `?` when only "don't know".
#[must_use]
pub fn cell_label(template: &Template, c: &CellStats) -> String {
    match c.median {
        None if c.dont_know > 0 => "?".to_owned(),
        None => "-".to_owned(),
        Some(m) => {
            let level = template
                .dimension(&c.dimension)
                .and_then(|d| d.bands.iter().find(|b| Some(&b.id) == c.level.as_ref()))
                .and_then(band_initial)
                .unwrap_or('?');
            format!("{level} {m:.1}{}", if c.consensus { "*" } else { "" })
        }
    }
}

/// Figure 1 as text: rows are stages, columns the reported dimensions, whose
/// ids are split at `_` over several header lines to keep columns narrow.
#[must_use]
pub fn matrix(agg: &Aggregate, template: &Template, selection: &RoundSelection) -> String {
    let dims = agg.dimensions(template);
    let mut columns = vec![Column::left("stage").min_width(5)];
    columns.extend(dims.iter().map(|d| {
        let words: Vec<&str> = d.id.split('_').collect();
        Column::left("").heading_lines(&words).min_width(6)
    }));
    let rows: Vec<Vec<String>> =
        template
            .stages
            .iter()
            .map(|stage| {
                let mut row = vec![stage.name.clone()];
                row.extend(dims.iter().map(|d| {
                    cell_label(template, &selection.cell(agg, template, &stage.id, &d.id))
                }));
                row
            })
            .collect();
    let mut out = String::new();
    let _ = writeln!(out, "Rating matrix, {}", rounds_words(template, selection));
    out.push_str(&Table::new(columns).with_rows(&rows).render());
    let mut bands: Vec<String> = Vec::new();
    for d in &dims {
        for b in &d.bands {
            let initial = b
                .name
                .chars()
                .next()
                .map_or('?', |c| c.to_ascii_uppercase());
            let s = format!("{initial} {}", b.name.to_lowercase());
            if !bands.contains(&s) {
                bands.push(s);
            }
        }
    }
    let rule = &template.consensus;
    let _ = writeln!(
        out,
        "Legend: level of the median ({}), then the median; * = consensus \
         (n >= {}, IQR <= {}, agreement >= {:.0}%); - = no ratings; ? = only \"don't know\".",
        bands.join(", "),
        rule.min_n,
        rule.max_iqr,
        rule.min_agreement * 100.0
    );
    out
}

/// The conceptual model (Figure 2) as a table: per stage the medians of the
/// mapped dimensions, consensus on all four, and the quadrant.
#[must_use]
pub fn model_table(agg: &Aggregate, template: &Template, selection: &RoundSelection) -> String {
    let m = &template.model;
    let num = |v: Option<f64>| v.map_or_else(|| "-".to_owned(), |x| format!("{x:.1}"));
    let columns = vec![
        Column::left("stage").min_width(5),
        Column::right("x").min_width(5),
        Column::right("y").min_width(5),
        Column::right("size").min_width(5),
        Column::right("colour").min_width(6),
        Column::left("consensus").min_width(9),
        Column::left("quadrant"),
    ];
    let rows: Vec<[String; 7]> = selection
        .model(agg, template)
        .iter()
        .map(|p| {
            let name = template
                .stage(&p.stage)
                .map_or(p.stage.as_str(), |s| s.name.as_str());
            [
                name.to_owned(),
                num(p.x),
                num(p.y),
                num(p.size),
                num(p.colour),
                yes_no(p.consensus).to_owned(),
                match &template.model.quadrants {
                    Some(_) => {
                        super::labels::quadrant_label(crate::i18n::Tr::english(), template, Some(p))
                    }
                    None => quadrant(template, p).map_or("-", |q| q.label()).to_owned(),
                },
            ]
        })
        .collect();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Conceptual model, {}",
        rounds_words(template, selection)
    );
    out.push_str(&Table::new(columns).with_rows(&rows).render());
    let corners = match &m.quadrants {
        Some(q) => format!(
            "{} = high y, low x; {} = high y, high x; {} = low y, low x; {} = low y, high x",
            q.top_left, q.top_right, q.bottom_left, q.bottom_right
        ),
        None => "quick win = high y, low x; major project = high y, high x; fill-in = low y, \
                 low x; thankless task = low y, high x"
            .to_owned(),
    };
    let _ = writeln!(
        out,
        "x = {}, y = {}, size = {}, colour = {} (medians). Quadrants split at the scale midpoints: \
         {corners}.",
        m.x, m.y, m.size, m.colour
    );
    out
}

/// "round 2", or which dimensions come from which round.
fn rounds_words(template: &Template, selection: &RoundSelection) -> String {
    selection
        .describe(template)
        .unwrap_or_else(|| "no ratings".to_owned())
}

/// One line on how the group moved between two rounds.
#[must_use]
pub fn round_summary(rc: &RoundChange) -> String {
    let shift = rc
        .mean_abs_shift
        .map_or_else(|| "-".to_owned(), |s| format!("{s:.2}"));
    let mut line = format!(
        "Round {} vs round {} (the {} cells rated in both, over the {} participants who \
         rated them in both): consensus in {} (was {}), {} reached, {} lost; {} medians moved, \
         mean |shift| {shift}.",
        rc.to_round,
        rc.from_round,
        rc.cells.len(),
        rc.paired_participants,
        rc.consensus_to,
        rc.consensus_from,
        rc.reached,
        rc.lost,
        rc.moved,
    );
    if rc.not_rerated > 0 {
        let _ = write!(
            line,
            " {} cells not re-rated in round {}.",
            rc.not_rerated, rc.to_round
        );
    }
    line.push('\n');
    line
}
