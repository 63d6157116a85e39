//! What the room's board (the projector) shows: the engine's projection for
//! [`Viewer::Board`]. It follows the facilitator's exercise: progress during
//! a rating exercise and, once the group may be seen, the matrix and the
//! model; the ideas ranked by dots; the flow map. It holds no participant's
//! name and no individual rating, and nothing of a blind round before the
//! reveal; the rules are those of [`super::view`].

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::view::{Feedback, may_see_cell, may_see_group, seen_cell};
use super::{Engine, Progress, Refusal, Viewer};
use crate::analysis::{Aggregate, CellStats, Placement, RoundChoice, RoundSelection};
use crate::domain::{Exercise, ExerciseKind, Flow, Session, Template};

/// What the facilitator has put on the board (`b` in the terminal).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub enum BoardChoice {
    /// Whatever the exercise on the facilitator's screen is about.
    #[default]
    Follow,
    Model,
    Matrix,
    /// One dimension's answers, a distribution per stage.
    Dimension(String),
    /// The ideas ranked by dots.
    Ideas,
    /// The question being discussed, and no numbers.
    Discussion,
}

/// What the board shows of the room, held by the engine so that every
/// board follows the facilitator: the choice, and the dimension the
/// facilitator's grid is on (what "follow" shows during a rating exercise).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct BoardFocus {
    pub choice: BoardChoice,
    pub followed_dimension: Option<String>,
    /// Bumped at each change of the above: the boards are told.
    pub changes: u64,
}

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
    /// What the facilitator put on the board.
    pub choice: BoardChoice,
    /// The exercise's clock, while it has a timebox.
    pub clock: Option<BoardClock>,
    pub content: BoardContent,
}

/// The countdown of the exercise's timebox (extensions included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BoardClock {
    /// Seconds left (negative when over).
    pub left_seconds: i64,
    /// Whether the clock runs (it is paused, or not started, otherwise).
    pub running: bool,
}

/// One dimension's answers as the board may show them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BoardDistributions {
    pub dimension: String,
    /// The round the answers are of.
    pub round: u32,
    /// A blind round before its reveal: progress only, for every stage.
    pub blind: bool,
    pub stages: Vec<StageAnswers>,
}

/// One stage's answers to the dimension on the board.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageAnswers {
    pub stage: String,
    /// Answers of any kind so far ("don't know" included): its progress.
    pub rated: usize,
    /// How many gave each value, `None` while the board may not see them
    /// (fewer numeric answers than the consensus rule's minimum, or a blind
    /// round before the reveal).
    pub distribution: Option<Distribution>,
}

/// Counts of one cell's answers.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Distribution {
    /// `(value, count)` for every value of the scale, ascending.
    pub counts: Vec<(u8, usize)>,
    pub dont_know: usize,
    pub median: Option<f64>,
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
    /// A dimension being rated: its answers per stage.
    Distributions(BoardDistributions),
    /// The group: every rated cell of each dimension's latest round (cells
    /// below the minimum number of ratings keep only their counts), and the
    /// model placed from them; `model` and `matrix` say which to draw.
    Group {
        cells: Vec<CellStats>,
        placements: Vec<Placement>,
        model: bool,
        matrix: bool,
    },
    /// The ideas, the most dotted first.
    Ideas(Vec<BoardIdea>),
    /// The flow map.
    Flows(Vec<Flow>),
    /// The question the room discusses, without a number.
    Discussion { question: String },
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
    pub fn board(&self, key: &str, now: DateTime<Utc>) -> Result<BoardView, Refusal> {
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
        Ok(self.board_view(now))
    }

    /// What the room's board may show now.
    #[must_use]
    pub fn board_view(&self, now: DateTime<Utc>) -> BoardView {
        let exercise = self.exercise();
        let clock = exercise.and_then(|e| {
            let budget = super::clock::budget_seconds(self.session(), &e.id);
            let (elapsed, running) = super::clock::elapsed(self.session(), &e.id, now);
            (budget > 0).then_some(BoardClock {
                left_seconds: budget - elapsed,
                running,
            })
        });
        let mut view = project(self.session(), self.aggregate(), exercise, &self.board);
        view.clock = clock;
        view
    }

    /// What the facilitator has put on the board.
    #[must_use]
    pub fn board_choice(&self) -> &BoardChoice {
        &self.board.choice
    }

    /// Puts `choice` on the board; every board follows within a second.
    pub fn set_board_choice(&mut self, choice: BoardChoice) {
        if self.board.choice != choice {
            self.board.choice = choice;
            self.board.changes += 1;
        }
    }

    /// The dimension the facilitator's grid is on: what the board shows of
    /// a rating exercise while it follows the exercise.
    pub fn follow_dimension(&mut self, dimension: Option<&str>) {
        if self.board.followed_dimension.as_deref() != dimension {
            self.board.followed_dimension = dimension.map(str::to_owned);
            self.board.changes += 1;
        }
    }

    /// How often what the board shows was changed by the facilitator (not
    /// by the session): the boards are told at each change.
    #[must_use]
    pub fn board_changes(&self) -> u64 {
        self.board.changes
    }
}

fn project(
    session: &Session,
    aggregate: &Aggregate,
    exercise: Option<&Exercise>,
    focus: &BoardFocus,
) -> BoardView {
    let kind = exercise.map(|e| &e.kind);
    let board = Viewer::Board;
    let t = &session.template;
    let round = session.current_round();
    let (blind, revealed) = session
        .round(round)
        .map_or((false, false), |r| (r.blind, r.revealed));
    let group_visible = may_see_group(session, &board, round);
    let dimensions = kind.map_or(&[][..], ExerciseKind::rated_dimensions);
    let progress = super::view::progress(aggregate, t, round, dimensions);
    let followed = kind.map(ExerciseKind::rated_dimensions).and_then(|dims| {
        let on_grid = focus.followed_dimension.as_ref();
        on_grid.filter(|d| dims.contains(d)).or(dims.first())
    });
    let group = |model: bool, matrix: bool| {
        if !group_visible {
            return BoardContent::Progress;
        }
        let cells = group_cells(session, aggregate, round, &board);
        BoardContent::Group {
            placements: placements(t, &cells),
            cells,
            model,
            matrix,
        }
    };
    let content = match (&focus.choice, kind) {
        (BoardChoice::Model, _) => group(true, false),
        (BoardChoice::Matrix, _) => group(false, true),
        (BoardChoice::Dimension(d), _) => {
            BoardContent::Distributions(distributions(session, aggregate, d, false))
        }
        (BoardChoice::Ideas, _) => BoardContent::Ideas(ranked_ideas(session)),
        (BoardChoice::Discussion, _) => BoardContent::Discussion {
            question: question(t, exercise, followed),
        },
        (BoardChoice::Follow, None | Some(ExerciseKind::Briefing)) => BoardContent::Welcome,
        (BoardChoice::Follow, Some(ExerciseKind::Rating { .. })) => match followed {
            Some(d) => BoardContent::Distributions(distributions(session, aggregate, d, true)),
            None => BoardContent::Progress,
        },
        (BoardChoice::Follow, Some(ExerciseKind::ModelReview)) => group(true, true),
        (BoardChoice::Follow, Some(ExerciseKind::Ideas { .. })) => {
            BoardContent::Ideas(ranked_ideas(session))
        }
        (BoardChoice::Follow, Some(ExerciseKind::MaterialFlow)) => {
            BoardContent::Flows(session.flows.clone())
        }
    };
    let exercise = exercise.map(|e| BoardExercise {
        title: e.title.clone(),
        kind: e.kind.label().to_owned(),
    });
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
        choice: focus.choice.clone(),
        clock: None,
        content,
    }
}

/// What the discussion screen asks: the question of the dimension being
/// rated, else the exercise's title.
fn question(t: &Template, exercise: Option<&Exercise>, dimension: Option<&String>) -> String {
    dimension
        .and_then(|d| t.dimension(d))
        .map(|d| d.question.clone())
        .or_else(|| exercise.map(|e| e.title.clone()))
        .unwrap_or_default()
}

/// `dimension`'s answers per stage, as the board may see them: the current
/// round's (`current`: while it is being rated, even before any answer),
/// else the latest round that rated it and that the board may see. A
/// stage's counts show only once the privacy floor ([`may_see_cell`]) lets
/// the board see the cell, and never in a blind round before the reveal.
fn distributions(
    session: &Session,
    aggregate: &Aggregate,
    dimension: &str,
    current: bool,
) -> BoardDistributions {
    let t = &session.template;
    let board = Viewer::Board;
    let now = session.current_round();
    let rated_now = t
        .stages
        .iter()
        .any(|s| aggregate.histogram(now, &s.id, dimension).is_some());
    let round = if current || rated_now {
        now
    } else {
        RoundSelection::new(aggregate, t, RoundChoice::Latest, |r| {
            r <= now && may_see_group(session, &board, r)
        })
        .round_of(dimension)
        .unwrap_or(now)
    };
    let visible = may_see_group(session, &board, round);
    let scale = t.dimension(dimension).map(|d| d.scale);
    let stages = t
        .stages
        .iter()
        .map(|s| {
            let histogram = aggregate.histogram(round, &s.id, dimension);
            let rated = histogram.map_or(0, crate::analysis::Histogram::total);
            let n = histogram.map_or(0, crate::analysis::Histogram::n);
            // The board answers nothing: for it only the minimum applies.
            let seen = visible && may_see_cell(t, &board, n, Feedback::Earlier);
            let distribution = histogram.filter(|_| seen).map(|h| Distribution {
                counts: scale.map_or_else(Vec::new, |sc| {
                    (sc.min..=sc.max)
                        .map(|v| (v, h.values().find(|(x, _)| *x == v).map_or(0, |(_, c)| c)))
                        .collect()
                }),
                dont_know: h.dont_know(),
                median: h.quantile(0.5),
            });
            StageAnswers {
                stage: s.id.clone(),
                rated,
                distribution,
            }
        })
        .collect();
    BoardDistributions {
        dimension: dimension.to_owned(),
        round,
        blind: !visible,
        stages,
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

/// Every idea, the most dotted first (ties by stage in template order, then
/// in the order they were added); never who wrote or dotted them.
fn ranked_ideas(session: &Session) -> Vec<BoardIdea> {
    let stage_order = |id: &str| {
        session
            .template
            .stages
            .iter()
            .position(|s| s.id == id)
            .unwrap_or(usize::MAX)
    };
    let mut ideas: Vec<BoardIdea> = session
        .ideas
        .iter()
        .map(|i| BoardIdea {
            stage: i.stage.clone(),
            text: i.text.clone(),
            technologies: i.technologies.clone(),
            dots: i.votes.len(),
        })
        .collect();
    ideas.sort_by_key(|i| (std::cmp::Reverse(i.dots), stage_order(&i.stage)));
    ideas
}
