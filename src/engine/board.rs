//! What the room's board (the projector) shows: the engine's projection for
//! [`Viewer::Board`]. It follows the facilitator's exercise: progress during
//! a rating exercise and, once the group may be seen, the matrix and the
//! model; the ideas ranked by dots; the flow map. It holds no participant's
//! name and no individual rating, and nothing of a blind round before the
//! reveal; the rules are those of [`super::view`].

use serde::Serialize;

use super::view::{Feedback, may_see_group, seen_cell};
use super::{Engine, Progress, Refusal, Viewer};
use crate::analysis::{Aggregate, CellStats, Placement, RoundChoice, RoundSelection};
use crate::domain::{ExerciseKind, Flow, Session, Template};

/// The board's projection of the session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardView {
    pub title: String,
    /// The room's language (a language code): the board speaks it.
    pub language: String,
    /// The template, for the names of stages and dimensions and the figures.
    pub template: Template,
    pub exercise: Option<BoardExercise>,
    pub round: u32,
    pub blind: bool,
    pub revealed: bool,
    pub participants: usize,
    /// How many have rated each cell of the exercise's dimensions in the
    /// current round (counts only).
    pub progress: Vec<Progress>,
    /// The room's join code, shown beside the address.
    pub join_code: String,
    pub content: BoardContent,
}

/// The exercise on the board's header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BoardExercise {
    pub title: String,
    /// `rating`, `ideas`, ... (see `ExerciseKind::label`).
    pub kind: String,
}

/// What the board's main area shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub enum BoardContent {
    /// Before the exercises: how to join.
    Welcome,
    /// Progress only: the group may not be seen (a blind round before the
    /// reveal), so no statistic of any round.
    Progress,
    /// The group: every rated cell of each dimension's latest round (cells
    /// below the minimum number of ratings keep only their counts), and the
    /// model placed from them.
    Group {
        cells: Vec<CellStats>,
        placements: Vec<Placement>,
    },
    /// The ideas, by stage (template order), each stage's best first.
    Ideas(Vec<BoardIdea>),
    /// The flow map.
    Flows(Vec<Flow>),
}

/// An idea as the room sees it: no author, no voters, only the dots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BoardIdea {
    pub stage: String,
    pub text: String,
    /// Technology ids.
    pub technologies: Vec<String>,
    pub dots: usize,
}

impl Engine {
    /// What the room's board may show now, to whoever has its key.
    ///
    /// # Errors
    /// A missing or wrong key (or a session whose board has no key yet).
    pub fn board(&self, key: &str) -> Result<BoardView, Refusal> {
        let expected = self.session().access.board_key.as_bytes();
        // Compared in full whatever the first difference, so that the time
        // taken says nothing about the key.
        let same = expected.len() == key.len()
            && expected
                .iter()
                .zip(key.as_bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if expected.is_empty() || !same {
            return Err(Refusal::WrongBoardKey);
        }
        Ok(self.board_view())
    }

    /// What the room's board may show now.
    #[must_use]
    pub fn board_view(&self) -> BoardView {
        let exercise = self.exercise();
        project(
            self.session(),
            self.aggregate(),
            exercise.map(|e| &e.kind),
            exercise.map(|e| BoardExercise {
                title: e.title.clone(),
                kind: e.kind.label().to_owned(),
            }),
        )
    }
}

fn project(
    session: &Session,
    aggregate: &Aggregate,
    kind: Option<&ExerciseKind>,
    exercise: Option<BoardExercise>,
) -> BoardView {
    let board = Viewer::Board;
    let t = &session.template;
    let round = session.current_round();
    let (blind, revealed) = session
        .round(round)
        .map_or((false, false), |r| (r.blind, r.revealed));
    let group_visible = may_see_group(session, &board, round);
    let dimensions = kind.map_or(&[][..], ExerciseKind::rated_dimensions);
    let progress = super::view::progress(aggregate, t, round, dimensions);
    let content = match kind {
        None | Some(ExerciseKind::Briefing) => BoardContent::Welcome,
        Some(ExerciseKind::Rating { .. } | ExerciseKind::ModelReview) if group_visible => {
            let cells = group_cells(session, aggregate, round, &board);
            BoardContent::Group {
                placements: placements(t, &cells),
                cells,
            }
        }
        Some(ExerciseKind::Rating { .. } | ExerciseKind::ModelReview) => BoardContent::Progress,
        Some(ExerciseKind::Ideas { .. }) => BoardContent::Ideas(ranked_ideas(session)),
        Some(ExerciseKind::MaterialFlow) => BoardContent::Flows(session.flows.clone()),
    };
    BoardView {
        title: session.title.clone(),
        language: session.language.clone(),
        template: t.clone(),
        exercise,
        round,
        blind,
        revealed,
        participants: session.participants.len(),
        progress,
        join_code: session.access.join_code.clone(),
        content,
    }
}

/// Each dimension's cells in the latest round up to `round` that rated it
/// (the reports' rule, [`RoundSelection`]; every such round may be seen
/// once the current one may), as the board may see them.
fn group_cells(
    session: &Session,
    aggregate: &Aggregate,
    round: u32,
    board: &Viewer,
) -> Vec<CellStats> {
    let t = &session.template;
    let selection = RoundSelection::new(aggregate, t, RoundChoice::Latest, |r| {
        r <= round && may_see_group(session, board, r)
    });
    selection
        .cells(aggregate, t)
        .into_iter()
        .filter(|c| selection.round_of(&c.dimension).is_some())
        // The board answers nothing: for it only the minimum applies.
        .map(|c| seen_cell(t, board, c, Feedback::Earlier))
        .collect()
}

/// The model placed from the cells the board may see.
fn placements(t: &Template, cells: &[CellStats]) -> Vec<Placement> {
    let m = &t.model;
    t.stages
        .iter()
        .map(|s| {
            let cell = |d: &str| cells.iter().find(|c| c.stage == s.id && c.dimension == d);
            let (x, y, size, colour) = (cell(&m.x), cell(&m.y), cell(&m.size), cell(&m.colour));
            Placement {
                stage: s.id.clone(),
                x: x.and_then(|c| c.median),
                y: y.and_then(|c| c.median),
                size: size.and_then(|c| c.median),
                colour: colour.and_then(|c| c.median),
                consensus: [x, y, size, colour]
                    .iter()
                    .all(|c| c.is_some_and(|c| c.consensus)),
            }
        })
        .collect()
}

/// Ideas by stage in template order, each stage's most dotted first (ties
/// in the order they were added); never who wrote or dotted them.
fn ranked_ideas(session: &Session) -> Vec<BoardIdea> {
    let mut out = Vec::new();
    for stage in &session.template.stages {
        let mut ideas: Vec<BoardIdea> = session
            .ideas
            .iter()
            .filter(|i| i.stage == stage.id)
            .map(|i| BoardIdea {
                stage: i.stage.clone(),
                text: i.text.clone(),
                technologies: i.technologies.clone(),
                dots: i.votes.len(),
            })
            .collect();
        ideas.sort_by_key(|i| std::cmp::Reverse(i.dots));
        out.extend(ideas);
    }
    out
}
