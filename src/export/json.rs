//! `json`: the full aggregate of a session: metadata, every cell, the model
//! placement per round, the changes between rounds and Kendall's W.
//! Participants appear as a count only.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::analysis::{
    Aggregate, CellStats, Concordance, Placement, Quadrant, RoundChange, RoundChoice,
    RoundSelection, concordance, quadrant, round_changes,
};
use crate::domain::{Round, Session};

/// Version of this JSON layout. 2: `selected` names the rounds per
/// session in a pool (`sessions`), each selected cell says what it pools
/// (`rounds`; `round` is null for a mix of rounds), and a pool's
/// round-over-round changes are per session (`pooled[].round_changes`).
pub const FORMAT_VERSION: u32 = 2;

#[derive(Debug, Serialize)]
struct Document<'a> {
    format: &'static str,
    format_version: u32,
    session: Meta<'a>,
    /// Dimension ids reported in `cells`, in template order.
    dimensions: Vec<&'a str>,
    cells: Vec<CellStats>,
    model: Vec<ModelRound>,
    /// The round each dimension's figures come from, and the model placed
    /// from them (the rule every figure follows).
    selected: Selected,
    /// Changes between consecutive rounds of one session (empty for a
    /// pool: each session's are in `pooled`).
    round_changes: Vec<RoundChange>,
    concordance: Vec<Concordance>,
    /// Answers outside the previous round's middle range by more than the
    /// consensus rule's margin, with their reasons (no participant in an
    /// anonymous session).
    outliers: Vec<crate::analysis::Outlier>,
    /// For pooled sessions: what each session contributes to `selected`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pooled: Option<Vec<crate::analysis::pool::PoolPart>>,
    /// With `--by role`: the selected statistics per role.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    groups: Vec<crate::analysis::groups::Group>,
}

#[derive(Debug, Serialize)]
struct Meta<'a> {
    title: &'a str,
    facilitator: &'a str,
    created: DateTime<Utc>,
    updated: DateTime<Utc>,
    anonymous: bool,
    template_id: &'a str,
    template_name: &'a str,
    participants: usize,
    ratings: usize,
    rounds: &'a [Round],
    consensus_rule: &'a crate::domain::ConsensusRule,
    model_mapping: &'a crate::domain::ModelMapping,
}

#[derive(Debug, Serialize)]
struct Selected {
    /// What was asked: `"Latest"` (per session and dimension, the latest
    /// round that rated it) or `{"Exactly": N}`.
    choice: RoundChoice,
    /// One session: `[dimension, round]` in template order.
    #[serde(skip_serializing_if = "Option::is_none")]
    rounds: Option<Vec<(String, Option<u32>)>>,
    /// Pooled sessions: per session, `[dimension, round]`.
    #[serde(skip_serializing_if = "Option::is_none")]
    sessions: Option<Vec<SessionRounds>>,
    /// Every stage x reported dimension in the selected rounds (for pooled
    /// sessions, each session's own rounds added up), each with `rounds`
    /// (`"2"`, or `"Workshop A r2 + Workshop B r1"`); `round` is null when
    /// the sessions' rounds differ.
    cells: Vec<serde_json::Value>,
    placements: Vec<ModelPlacement>,
}

/// The rounds one pooled session contributes, per dimension.
#[derive(Debug, Serialize)]
struct SessionRounds {
    session: String,
    rounds: Vec<(String, Option<u32>)>,
}

#[derive(Debug, Serialize)]
struct ModelRound {
    round: u32,
    placements: Vec<ModelPlacement>,
}

#[derive(Debug, Serialize)]
struct ModelPlacement {
    #[serde(flatten)]
    placement: Placement,
    quadrant: Option<Quadrant>,
}

/// The document, pretty-printed.
///
/// # Errors
/// Only if `serde_json` fails to serialize, which these plain types do not.
pub fn render(session: &Session) -> Result<String, serde_json::Error> {
    let agg = Aggregate::new(session);
    render_aggregate(session, &agg, RoundChoice::Latest)
}

/// The document from an aggregate already computed for `session`.
///
/// # Errors
/// Only if `serde_json` fails to serialize, which these plain types do not.
pub fn render_aggregate(
    session: &Session,
    agg: &Aggregate,
    round: RoundChoice,
) -> Result<String, serde_json::Error> {
    let selection = RoundSelection::of_session(session, agg, round);
    let placements = selection.model(agg, &session.template);
    let cells = selection.cells(agg, &session.template);
    let selected = selected(
        None,
        &selection,
        round,
        cells,
        placements,
        &session.template,
    )?;
    document(session, agg, selected, None, Vec::new())
}

/// The document of what is exported: every round of every session, and
/// the selection the report reads (for pooled sessions, each session's own
/// rounds).
///
/// # Errors
/// Only if `serde_json` fails to serialize, which these plain types do not.
pub fn render_data(
    subject: super::Subject<'_>,
    opts: &super::Options,
    data: &super::report::ReportData,
) -> Result<String, serde_json::Error> {
    let session = subject.session;
    let agg = Aggregate::new(session);
    let selected = selected(
        subject.pool,
        &data.selection,
        opts.round,
        data.cells.clone(),
        data.placements.clone(),
        &session.template,
    )?;
    document(
        session,
        &agg,
        selected,
        subject.pool.map(|p| p.parts.clone()),
        data.more.groups.clone(),
    )
}

/// The `selected` part: what was asked, the rounds read (per session in a
/// pool), and the cells with what each pools.
fn selected(
    pool: Option<&crate::analysis::pool::Pooled>,
    selection: &RoundSelection,
    choice: RoundChoice,
    cells: Vec<CellStats>,
    placements: Vec<Placement>,
    template: &crate::domain::Template,
) -> Result<Selected, serde_json::Error> {
    let cells = cells
        .into_iter()
        .map(|c| {
            let (round, rounds) = match pool {
                Some(p) => (
                    p.common_round(&c.dimension),
                    p.selected_rounds(&c.dimension),
                ),
                None => {
                    let r = selection.round_of(&c.dimension);
                    (r, r.map(|r| r.to_string()).unwrap_or_default())
                }
            };
            let mut v = serde_json::to_value(&c)?;
            if let Some(o) = v.as_object_mut() {
                o.insert("round".to_owned(), serde_json::to_value(round)?);
                o.insert("rounds".to_owned(), rounds.into());
            }
            Ok(v)
        })
        .collect::<Result<Vec<_>, serde_json::Error>>()?;
    let placements = placements
        .into_iter()
        .map(|p| ModelPlacement {
            quadrant: quadrant(template, &p),
            placement: p,
        })
        .collect();
    Ok(match pool {
        Some(p) => Selected {
            choice,
            rounds: None,
            sessions: Some(
                p.parts
                    .iter()
                    .map(|part| SessionRounds {
                        session: part.label.clone(),
                        rounds: part.selection.rounds.clone(),
                    })
                    .collect(),
            ),
            cells,
            placements,
        },
        None => Selected {
            choice: selection.choice,
            rounds: Some(selection.rounds.clone()),
            sessions: None,
            cells,
            placements,
        },
    })
}

fn document(
    session: &Session,
    agg: &Aggregate,
    selected: Selected,
    pooled: Option<Vec<crate::analysis::pool::PoolPart>>,
    groups: Vec<crate::analysis::groups::Group>,
) -> Result<String, serde_json::Error> {
    let t = &session.template;
    let placed = |placements: Vec<Placement>| -> Vec<ModelPlacement> {
        placements
            .into_iter()
            .map(|p| ModelPlacement {
                quadrant: quadrant(t, &p),
                placement: p,
            })
            .collect()
    };
    let doc = Document {
        format: "loopshop-aggregate",
        format_version: FORMAT_VERSION,
        session: Meta {
            title: &session.title,
            facilitator: &session.facilitator,
            created: session.created,
            updated: session.updated,
            anonymous: session.anonymous,
            template_id: &t.id,
            template_name: &t.name,
            participants: session.participants.len(),
            ratings: session.rating_count(),
            rounds: &session.rounds,
            consensus_rule: &t.consensus,
            model_mapping: &t.model,
        },
        dimensions: agg.dimensions(t).iter().map(|d| d.id.as_str()).collect(),
        cells: agg.cells(t),
        model: agg
            .rounds()
            .into_iter()
            .map(|round| ModelRound {
                round,
                placements: placed(agg.model(t, round)),
            })
            .collect(),
        selected,
        round_changes: if pooled.is_some() {
            Vec::new()
        } else {
            round_changes(session)
        },
        concordance: concordance(session),
        outliers: crate::analysis::outliers(session)
            .into_iter()
            .map(|mut o| {
                if session.anonymous {
                    o.participant.clear();
                }
                o
            })
            .collect(),
        pooled,
        groups,
    };
    let mut s = serde_json::to_string_pretty(&doc)?;
    s.push('\n');
    Ok(s)
}
