//! What a device is told about the session (`GET /api/state`): the exercise,
//! the round, the open dimensions with their scales, the participant's own
//! ratings, and the group's statistics only when they may be seen.

use serde::Serialize;

use crate::analysis::CellStats;
use crate::domain::ExerciseKind;
use crate::engine::{Actor, Engine, SeenRating, Viewer};

/// What a participant's device is told.
#[derive(Debug, Clone, Serialize)]
pub struct State {
    pub participant: String,
    pub alias: String,
    pub title: String,
    /// The room's language (a language code such as `sv`).
    pub language: String,
    pub exercise: Option<Exercise>,
    pub round: u32,
    pub blind: bool,
    pub revealed: bool,
    pub stages: Vec<Named>,
    pub dimensions: Vec<Dimension>,
    pub ratings: Vec<Own>,
    pub previous: Vec<Own>,
    pub group: Vec<Group>,
    pub previous_group: Vec<Group>,
    pub ideas: Option<Ideas>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Exercise {
    pub id: String,
    pub title: String,
    pub kind: String,
    /// The participants' text (never the facilitator's `instructions`).
    pub prompt: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Named {
    pub id: String,
    pub name: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Dimension {
    pub id: String,
    pub name: String,
    pub question: String,
    pub min: u8,
    pub max: u8,
    pub low: String,
    pub high: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Own {
    pub stage: String,
    pub dimension: String,
    /// `null` for "don't know".
    pub value: Option<u8>,
    pub comment: Option<String>,
    /// In a Delphi round: the previous round's middle range `[q1, q3]` when
    /// this answer lies outside it by more than the consensus rule's margin
    /// (the page asks for a reason: the comment). Only a range the
    /// participant may see (the privacy floor) is ever compared.
    pub outside: Option<[f64; 2]>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub stage: String,
    pub dimension: String,
    pub n: usize,
    pub dont_know: usize,
    pub median: Option<f64>,
    pub q1: Option<f64>,
    pub q3: Option<f64>,
    pub iqr: Option<f64>,
    pub consensus: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Ideas {
    pub technologies: Vec<Named>,
    pub dots: u32,
    pub dots_left: usize,
    pub list: Vec<Idea>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Idea {
    pub id: u32,
    pub stage: String,
    pub text: String,
    pub technologies: Vec<String>,
    pub dots: usize,
    pub mine: usize,
    pub by_me: bool,
}

fn group(cells: Vec<CellStats>) -> Vec<Group> {
    cells
        .into_iter()
        .map(|c| Group {
            stage: c.stage,
            dimension: c.dimension,
            n: c.n,
            dont_know: c.dont_know,
            median: c.median,
            q1: c.q1,
            q3: c.q3,
            iqr: c.iqr,
            consensus: c.consensus,
        })
        .collect()
}

/// The participant's own ratings of one round on the open dimensions, from
/// what the engine lets this viewer see.
fn own(seen: &[SeenRating], round: u32, open: &[String]) -> Vec<Own> {
    seen.iter()
        .filter(|r| r.round == round && open.contains(&r.dimension))
        .map(|r| Own {
            stage: r.stage.clone(),
            dimension: r.dimension.clone(),
            value: r.value,
            comment: r.comment.clone(),
            outside: None,
        })
        .collect()
}

/// Marks the answers of `ratings` that lie outside the middle range of
/// `previous_group` (as the participant may see it) by more than `margin`.
fn mark_outliers(ratings: &mut [Own], previous_group: &[Group], margin: f64) {
    for r in ratings {
        let Some(g) = previous_group
            .iter()
            .find(|g| g.stage == r.stage && g.dimension == r.dimension)
        else {
            continue;
        };
        let score = r.value.map(crate::domain::Score::Value);
        if let (Some(q1), Some(q3)) = (g.q1, g.q3)
            && crate::analysis::is_outlier(score, Some(q1), Some(q3), margin)
        {
            r.outside = Some([q1, q3]);
        }
    }
}

/// The state `actor` (a participant) may see; `None` for the facilitator.
#[must_use]
pub fn state_of(engine: &Engine, actor: &Actor) -> Option<State> {
    let Actor::Participant(id) = actor else {
        return None;
    };
    let s = engine.session();
    let view = engine.view(&Viewer::Participant(id.clone()));
    let t = &s.template;
    let exercise = engine.exercise();
    let ideas = exercise.and_then(|e| match e.kind {
        ExerciseKind::Ideas {
            votes_per_participant,
            ..
        } => Some(Ideas {
            technologies: t
                .technologies
                .iter()
                .map(|x| Named {
                    id: x.id.clone(),
                    name: x.name.clone(),
                })
                .collect(),
            dots: votes_per_participant,
            dots_left: (votes_per_participant as usize).saturating_sub(s.votes_cast_by(id)),
            list: s
                .ideas
                .iter()
                .map(|i| Idea {
                    id: i.id,
                    stage: i.stage.clone(),
                    text: i.text.clone(),
                    technologies: i.technologies.clone(),
                    dots: i.votes.len(),
                    mine: i.votes.iter().filter(|v| *v == id).count(),
                    by_me: i.author.as_deref() == Some(id.as_str()),
                })
                .collect(),
        }),
        _ => None,
    });
    Some(State {
        participant: id.clone(),
        alias: s
            .participant(id)
            .map_or_else(String::new, |p| p.alias.clone()),
        title: s.title.clone(),
        language: s.language.clone(),
        exercise: exercise.map(|e| Exercise {
            id: e.id.clone(),
            title: e.title.clone(),
            kind: e.kind.label().to_owned(),
            prompt: e.prompt.clone(),
        }),
        round: view.round,
        blind: view.blind,
        revealed: view.revealed,
        stages: t
            .stages
            .iter()
            .map(|x| Named {
                id: x.id.clone(),
                name: x.name.clone(),
            })
            .collect(),
        dimensions: view
            .open_dimensions
            .iter()
            .filter_map(|d| t.dimension(d))
            .map(|d| Dimension {
                id: d.id.clone(),
                name: d.name.clone(),
                question: d.question.clone(),
                min: d.scale.min,
                max: d.scale.max,
                low: d.anchors.low.clone(),
                high: d.anchors.high.clone(),
            })
            .collect(),
        ratings: {
            let mut ratings = own(&view.ratings, view.round, &view.open_dimensions);
            mark_outliers(
                &mut ratings,
                &group(view.previous_group.clone()),
                t.consensus.outlier_margin,
            );
            ratings
        },
        previous: view
            .round
            .checked_sub(1)
            .filter(|r| *r > 0)
            .map(|r| own(&view.ratings, r, &view.open_dimensions))
            .unwrap_or_default(),
        group: group(view.group),
        previous_group: group(view.previous_group),
        ideas,
    })
}
