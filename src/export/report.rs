//! What the report says: session metadata, participants by role, the
//! matrix (Figure 1) and the model (Figure 2) as tables, the consensus
//! summary, Kendall's W, ideas by stage with votes, the flow map and the
//! notes as a timeline.
//!
//! The report is built once as a list of [`Block`]s of plain text, then
//! written as Markdown by [`super::md`] or as HTML by [`super::html`], so
//! that both carry the same content and each escapes text its own way.
//! It speaks the session's language (see [`crate::i18n`]).

use std::collections::{BTreeMap, HashMap};

use super::labels::{
    CONSENSUS_MARK, DASH, cell_band, describe_rounds, dim_name, flow_kind_words, fmt_number,
    fmt_value_in, model_head, strength_words,
};
use crate::analysis::{
    Aggregate, CellStats, Concordance, Placement, RoundChoice, RoundSelection, concordance,
};
use crate::domain::{Session, Template};
use crate::i18n::Tr;

/// Where a figure goes in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    Matrix,
    Model,
}

/// One block of the report. All text is plain (not yet escaped).
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Heading(u8, String),
    Paragraph(String),
    List(Vec<String>),
    Table {
        head: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    /// A picture: left out of Markdown, drawn inline in HTML.
    Figure(Figure),
}

/// The statistics a report shows: each dimension's cells, placements and W
/// from the round the selection picked for it.
#[derive(Debug, Clone, PartialEq)]
pub struct ReportData {
    pub selection: RoundSelection,
    pub cells: Vec<CellStats>,
    pub placements: Vec<Placement>,
    pub concordance: Vec<Concordance>,
}

impl ReportData {
    /// The statistics of `session` in the rounds `choice` picks.
    #[must_use]
    pub fn of(session: &Session, choice: RoundChoice) -> Self {
        Self::from_aggregate(session, &Aggregate::new(session), choice)
    }

    /// The same, from an aggregate already computed for `session`.
    #[must_use]
    pub fn from_aggregate(session: &Session, agg: &Aggregate, choice: RoundChoice) -> Self {
        let t = &session.template;
        let selection = RoundSelection::of_session(session, agg, choice);
        Self {
            cells: selection.cells(agg, t),
            placements: selection.model(agg, t),
            concordance: concordance(session)
                .into_iter()
                .filter(|c| selection.round_of(&c.dimension) == Some(c.round))
                .collect(),
            selection,
        }
    }

    /// The cells by (stage, dimension): a report looks each one up, and a
    /// 10,000-stage template must not scan them all every time.
    fn cell_index(&self) -> HashMap<(&str, &str), &CellStats> {
        self.cells
            .iter()
            .map(|c| ((c.stage.as_str(), c.dimension.as_str()), c))
            .collect()
    }
}

/// Words for Kendall's W, in bands that start at Schmidt's (1997) values:
/// below 0.3 very weak, 0.3 to 0.5 weak, 0.5 to 0.7 moderate, 0.7 to 0.9
/// strong, 0.9 and above unusually strong.
#[must_use]
pub fn w_words(w: f64) -> &'static str {
    if w < 0.3 {
        "very weak agreement"
    } else if w < 0.5 {
        "weak agreement"
    } else if w < 0.7 {
        "moderate agreement"
    } else if w < 0.9 {
        "strong agreement"
    } else {
        "unusually strong agreement"
    }
}

/// The text of one matrix cell: level, median and consensus mark.
#[must_use]
pub fn cell_text(tr: Tr, t: &Template, cell: Option<&CellStats>) -> String {
    match cell {
        Some(c) if c.median.is_some() => {
            let level = cell_band(t, c).map_or("", |b| b.name.as_str());
            let mut s = format!("{level} {}", fmt_value_in(tr, c.median));
            if c.consensus {
                s.push(' ');
                s.push_str(CONSENSUS_MARK);
            }
            s.trim().to_owned()
        }
        _ => DASH.to_owned(),
    }
}

/// The report's content.
#[must_use]
#[allow(clippy::too_many_lines)]
pub fn document(session: &Session, data: &ReportData) -> Vec<Block> {
    let t = &session.template;
    let tr = Tr::new(&session.language);
    let index = data.cell_index();
    let cell = |stage: &str, dimension: &str| index.get(&(stage, dimension)).copied();
    let mut out = vec![Block::Heading(1, session.title.clone())];

    // Metadata.
    let mut meta = vec![
        tr.args("report-template", &[("name", (&t.name).into())]),
        tr.args(
            "report-date",
            &[
                (
                    "from",
                    session.created.format("%Y-%m-%d %H:%M").to_string().into(),
                ),
                (
                    "to",
                    session.updated.format("%Y-%m-%d %H:%M").to_string().into(),
                ),
            ],
        ),
        tr.args(
            "report-participants",
            &[("participants", session.participants.len().into())],
        ),
        tr.args(
            "report-ratings",
            &[
                ("ratings", session.rating_count().into()),
                (
                    "percent",
                    format!("{:.0}", session.completeness() * 100.0).into(),
                ),
            ],
        ),
        tr.args(
            "report-rounds",
            &[(
                "rounds",
                session
                    .rounds
                    .iter()
                    .map(|r| {
                        let n = r.number.into();
                        match (r.blind, r.revealed) {
                            (true, true) => tr.args("report-round-blind-revealed", &[("round", n)]),
                            (true, false) => tr.args("report-round-blind-hidden", &[("round", n)]),
                            _ => r.number.to_string(),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(", ")
                    .into(),
            )],
        ),
        tr.args(
            "report-statistics",
            &[(
                "rounds",
                describe_rounds(tr, &data.selection, &session.template)
                    .unwrap_or_else(|| tr.text("rounds-none"))
                    .into(),
            )],
        ),
    ];
    if !session.facilitator.trim().is_empty() {
        meta.insert(
            0,
            tr.args(
                "report-facilitator",
                &[("name", (&session.facilitator).into())],
            ),
        );
    }
    if session.anonymous {
        meta.push(tr.text("report-anonymous"));
    }
    out.push(Block::Heading(2, tr.text("report-session")));
    out.push(Block::List(meta));

    // Participants by role.
    out.push(Block::Heading(2, tr.text("report-by-role")));
    let mut roles: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for p in &session.participants {
        let role = if p.role.trim().is_empty() {
            tr.text("report-role-unspecified")
        } else {
            p.role.clone()
        };
        let who = if p.organisation.trim().is_empty() {
            p.alias.clone()
        } else {
            format!("{} ({})", p.alias, p.organisation)
        };
        roles.entry(role).or_default().push(who);
    }
    let (head, rows) = if session.anonymous {
        (
            vec![tr.text("report-role"), tr.text("report-role-participants")],
            roles
                .iter()
                .map(|(r, v)| vec![r.clone(), v.len().to_string()])
                .collect(),
        )
    } else {
        (
            vec![
                tr.text("report-role"),
                tr.text("report-role-participants"),
                tr.text("report-role-who"),
            ],
            roles
                .iter()
                .map(|(r, v)| vec![r.clone(), v.len().to_string(), v.join(", ")])
                .collect(),
        )
    };
    out.push(Block::Table { head, rows });

    // Figure 1.
    out.push(Block::Heading(2, tr.text("report-figure-1")));
    out.push(Block::Paragraph(tr.text("report-figure-1-caption")));
    out.push(Block::Figure(Figure::Matrix));
    let mut head = vec![tr.text("model-stage")];
    head.extend(t.dimensions.iter().map(|d| d.name.clone()));
    let rows = t
        .stages
        .iter()
        .map(|st| {
            let mut row = vec![st.name.clone()];
            row.extend(
                t.dimensions
                    .iter()
                    .map(|d| cell_text(tr, t, cell(&st.id, &d.id))),
            );
            row
        })
        .collect();
    out.push(Block::Table { head, rows });

    // Figure 2.
    let m = &t.model;
    out.push(Block::Heading(2, tr.text("report-figure-2")));
    out.push(Block::Paragraph(tr.args(
        "report-figure-2-caption",
        &[
            ("x", dim_name(t, &m.x).into()),
            ("y", dim_name(t, &m.y).into()),
            ("size", dim_name(t, &m.size).into()),
            ("colour", dim_name(t, &m.colour).into()),
        ],
    )));
    out.push(Block::Figure(Figure::Model));
    out.push(Block::Table {
        head: model_head(tr, t),
        rows: model_rows(tr, t, &data.placements),
    });

    // Consensus.
    out.push(Block::Heading(2, tr.text("report-consensus")));
    let rated: Vec<&CellStats> = data.cells.iter().filter(|c| c.median.is_some()).collect();
    let agreed = rated.iter().filter(|c| c.consensus).count();
    let rule = t.consensus;
    out.push(Block::Paragraph(tr.args(
        "report-consensus-summary",
        &[
            ("agreed", agreed.into()),
            ("rated", rated.len().into()),
            ("iqr", fmt_number(tr, rule.max_iqr).into()),
            (
                "agreement",
                format!("{:.0}", rule.min_agreement * 100.0).into(),
            ),
            ("n", rule.min_n.into()),
        ],
    )));
    let mut open = Vec::new();
    for st in &t.stages {
        let missing: Vec<String> = t
            .dimensions
            .iter()
            .filter(|d| cell(&st.id, &d.id).is_some_and(|c| c.median.is_some() && !c.consensus))
            .map(|d| {
                let c = cell(&st.id, &d.id);
                tr.args(
                    "report-open-cell",
                    &[
                        ("dimension", (&d.name).into()),
                        (
                            "iqr",
                            c.and_then(|c| c.iqr)
                                .map_or_else(
                                    || DASH.to_owned(),
                                    |v| fmt_number(tr, (v * 100.0).round() / 100.0),
                                )
                                .into(),
                        ),
                        (
                            "agreement",
                            c.and_then(|c| c.agreement)
                                .map_or_else(
                                    || DASH.to_owned(),
                                    |a| {
                                        tr.args(
                                            "report-percent",
                                            &[("percent", format!("{:.0}", a * 100.0).into())],
                                        )
                                    },
                                )
                                .into(),
                        ),
                    ],
                )
            })
            .collect();
        if !missing.is_empty() {
            open.push(format!("{}: {}", st.name, missing.join("; ")));
        }
    }
    if open.is_empty() {
        out.push(Block::Paragraph(tr.text("report-no-open-cells")));
    } else {
        out.push(Block::Paragraph(tr.text("report-open-cells")));
        out.push(Block::List(open));
    }

    // Kendall's W.
    out.push(Block::Heading(2, tr.text("report-w")));
    out.push(Block::Table {
        head: vec![
            tr.text("report-w-dimension"),
            tr.text("report-w-participants"),
            "W".into(),
            tr.text("report-w-reading"),
        ],
        rows: t
            .dimensions
            .iter()
            .filter_map(|d| {
                let c = data.concordance.iter().find(|c| c.dimension == d.id)?;
                Some(vec![
                    d.name.clone(),
                    c.m.to_string(),
                    c.w.map_or_else(|| DASH.into(), |w| tr.decimal(w, 2)),
                    c.w.map_or_else(|| tr.text("report-w-too-few"), |w| w_words(tr, w)),
                ])
            })
            .collect(),
    });

    // Ideas.
    out.push(Block::Heading(2, tr.text("report-ideas")));
    if session.ideas.is_empty() {
        out.push(Block::Paragraph(tr.text("report-no-ideas")));
    }
    for st in &t.stages {
        let mut ideas: Vec<_> = session.ideas.iter().filter(|i| i.stage == st.id).collect();
        if ideas.is_empty() {
            continue;
        }
        ideas.sort_by_key(|i| (std::cmp::Reverse(i.votes.len()), i.id));
        out.push(Block::Heading(3, st.name.clone()));
        let mut head = vec![
            tr.text("report-idea-votes"),
            tr.text("report-idea"),
            tr.text("report-idea-technologies"),
        ];
        if !session.anonymous {
            head.push(tr.text("report-idea-author"));
        }
        let rows = ideas
            .iter()
            .map(|i| {
                let techs = i
                    .technologies
                    .iter()
                    .map(|x| t.technology(x).map_or(x.as_str(), |x| x.name.as_str()))
                    .collect::<Vec<_>>()
                    .join(", ");
                let mut row = vec![i.votes.len().to_string(), i.text.clone(), techs];
                if !session.anonymous {
                    row.push(
                        i.author
                            .as_deref()
                            .and_then(|a| session.participant(a))
                            .map_or_else(String::new, |p| p.alias.clone()),
                    );
                }
                row
            })
            .collect();
        out.push(Block::Table { head, rows });
    }

    // Flows.
    out.push(Block::Heading(2, tr.text("report-flows")));
    if session.flows.is_empty() {
        out.push(Block::Paragraph(tr.text("report-no-flows")));
    } else {
        out.push(Block::Table {
            head: vec![
                tr.text("report-flow-from"),
                tr.text("report-flow-to"),
                tr.text("report-flow-kind"),
                tr.text("report-flow-strength"),
                tr.text("report-flow-materials"),
                tr.text("report-flow-note"),
            ],
            rows: session
                .flows
                .iter()
                .map(|f| {
                    vec![
                        t.node_name(&f.from).to_owned(),
                        t.node_name(&f.to).to_owned(),
                        flow_kind_words(tr, f.kind),
                        strength_words(tr, f.strength),
                        f.materials.join(", "),
                        f.note.clone(),
                    ]
                })
                .collect(),
        });
    }

    // Timeline of exercises and notes.
    out.push(Block::Heading(2, tr.text("report-timeline")));
    let mut events: Vec<(chrono::DateTime<chrono::Utc>, u8, String)> = Vec::new();
    for run in &session.exercise_log {
        let title = t
            .exercises
            .iter()
            .find(|e| e.id == run.exercise)
            .map_or(run.exercise.as_str(), |e| e.title.as_str());
        events.push((
            run.started,
            0,
            tr.args("report-exercise-started", &[("title", title.into())]),
        ));
    }
    for n in &session.notes {
        events.push((
            n.at,
            1,
            tr.args("report-note", &[("text", (&n.text).into())]),
        ));
    }
    events.sort_by_key(|e| (e.0, e.1));
    if events.is_empty() {
        out.push(Block::Paragraph(tr.text("report-no-timeline")));
    } else {
        out.push(Block::Table {
            head: vec![tr.text("report-time"), tr.text("report-event")],
            rows: events
                .into_iter()
                .map(|(at, _, text)| vec![at.format("%H:%M").to_string(), text])
                .collect(),
        });
    }
    out
}

/// One row per stage of the model, in template order: the text alternative
/// of Figure 2.
#[must_use]
pub fn model_rows(tr: Tr, t: &Template, placements: &[Placement]) -> Vec<Vec<String>> {
    super::labels::model_rows(tr, t, placements, |_, v| fmt_value_in(tr, v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::md::to_markdown;
    use crate::synthetic::example_session;

    fn hand_data(session: &Session) -> ReportData {
        let t = &session.template;
        let mut cells = Vec::new();
        for (i, st) in t.stages.iter().enumerate() {
            for (j, d) in t.dimensions.iter().enumerate() {
                #[allow(clippy::cast_precision_loss)]
                let median = 1.0 + ((i + j) % 5) as f64;
                cells.push(CellStats {
                    stage: st.id.clone(),
                    dimension: d.id.clone(),
                    round: 1,
                    n: 17,
                    median: Some(median),
                    iqr: Some(if i % 2 == 0 { 1.0 } else { 2.0 }),
                    agreement: Some(0.8),
                    level: d.band_of(median).map(|b| b.id.clone()),
                    consensus: i % 2 == 0,
                    ..CellStats::default()
                });
            }
        }
        let placements = t
            .stages
            .iter()
            .map(|st| Placement {
                stage: st.id.clone(),
                x: Some(3.0),
                y: Some(4.0),
                size: Some(2.0),
                colour: Some(1.0),
                consensus: st.id != "mining",
            })
            .collect();
        let concordance = t
            .dimensions
            .iter()
            .map(|d| Concordance {
                dimension: d.id.clone(),
                round: 1,
                m: 15,
                w: Some(0.62),
            })
            .collect();
        ReportData {
            selection: crate::analysis::RoundSelection {
                choice: crate::analysis::RoundChoice::Exactly(1),
                rounds: t
                    .dimensions
                    .iter()
                    .map(|d| (d.id.clone(), Some(1)))
                    .collect(),
            },
            cells,
            placements,
            concordance,
        }
    }

    #[test]
    fn anonymous_reports_name_no_one() {
        let mut s = example_session();
        let named = to_markdown(&document(&s, &hand_data(&s)));
        assert!(named.contains("Expert 01"));
        s.anonymous = true;
        let anon = to_markdown(&document(&s, &hand_data(&s)));
        for p in &s.participants {
            assert!(!anon.contains(&p.alias), "{} leaked", p.alias);
        }
        assert!(anon.contains("| industry |"));
    }

    #[test]
    fn cell_text_shows_level_median_and_mark() {
        let s = example_session();
        let d = hand_data(&s);
        let t = &s.template;
        assert_eq!(
            cell_text(
                Tr::english(),
                t,
                d.cell_index()
                    .get(&("exploration", "circularity_impact"))
                    .copied()
            ),
            "Low 1.0 \u{2713}"
        );
        assert_eq!(
            cell_text(
                Tr::english(),
                t,
                d.cell_index()
                    .get(&("mining", "circularity_impact"))
                    .copied()
            ),
            "Low 2.0"
        );
        assert_eq!(cell_text(t, None), "\u{2014}");
        assert_eq!(w_words(0.29), "very weak agreement");
        assert_eq!(w_words(0.3), "weak agreement");
        assert_eq!(w_words(0.54), "moderate agreement");
        assert_eq!(w_words(0.7), "strong agreement");
        assert_eq!(w_words(0.9), "unusually strong agreement");
    }
}
