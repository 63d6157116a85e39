//! What each viewer may see of a session: the one place where blind-round
//! visibility is decided, for the terminal, the participants' devices and
//! the room's board alike.

use serde::Serialize;

use super::Viewer;
use crate::analysis::{Aggregate, CellStats};
use crate::domain::{Score, Session, Template};

/// Whether `viewer` may see individual ratings of `participant`. The
/// facilitator sees every row (they type them in); a participant sees only
/// their own; the board never sees an individual.
#[must_use]
pub fn may_see_individual(viewer: &Viewer, participant: &str) -> bool {
    match viewer {
        Viewer::Facilitator => true,
        Viewer::Participant(id) => id == participant,
        Viewer::Board => false,
    }
}

/// Whether `viewer` may see the group statistics of `round`. Nobody sees
/// the group of a blind round before the reveal: the facilitator's screen is
/// often the room's projector, and a device must not learn what the room
/// may not. Earlier rounds are Delphi feedback: a later round always shows
/// them once they were visible.
#[must_use]
pub fn may_see_group(session: &Session, _viewer: &Viewer, round: u32) -> bool {
    session
        .round(round)
        .is_none_or(crate::domain::Round::aggregate_visible)
        || round < session.current_round()
}

/// Which round a cell's group statistics are of, seen from the viewer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feedback {
    /// The round being rated; `answered`: the viewer has answered this cell
    /// in it (a value or "don't know").
    Current { answered: bool },
    /// An earlier round: the Delphi feedback shown before re-rating.
    Earlier,
}

/// The privacy floor: whether `viewer` may see the statistics of a cell
/// that `n` experts gave a value. The facilitator sees every cell. Anyone
/// else (a participant's device, the room's board) sees a cell's values
/// only once at least the consensus rule's minimum gave it one, so that no
/// statistic ever gives away one expert's score (with two, the quartiles
/// are both values); below it, only the count. A participant sees the
/// current round's group of a cell only after answering it, so that no one
/// is anchored; an earlier round's group (the Delphi feedback) is shown
/// before answering, under the same minimum. Blind rounds are decided
/// before this, by [`may_see_group`].
#[must_use]
pub fn may_see_cell(template: &Template, viewer: &Viewer, n: usize, feedback: Feedback) -> bool {
    let enough = n >= usize::try_from(template.consensus.min_n).unwrap_or(usize::MAX);
    match viewer {
        Viewer::Facilitator => true,
        Viewer::Board => enough,
        Viewer::Participant(_) => {
            enough && !matches!(feedback, Feedback::Current { answered: false })
        }
    }
}

/// The statistics of a cell as `viewer` may see them ([`may_see_cell`]): a
/// cell it may not see keeps only its counts (how many have rated it).
#[must_use]
pub fn seen_cell(
    template: &Template,
    viewer: &Viewer,
    cell: CellStats,
    feedback: Feedback,
) -> CellStats {
    if may_see_cell(template, viewer, cell.n, feedback) {
        return cell;
    }
    CellStats {
        stage: cell.stage,
        dimension: cell.dimension,
        round: cell.round,
        n: cell.n,
        dont_know: cell.dont_know,
        ..CellStats::default()
    }
}

/// One rating a viewer may see.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeenRating {
    pub participant: String,
    pub round: u32,
    pub stage: String,
    pub dimension: String,
    /// `None` for "don't know".
    pub value: Option<u8>,
    pub comment: Option<String>,
}

/// How many have rated one cell of the current round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub stage: String,
    pub dimension: String,
    pub rated: usize,
}

/// A viewer's projection of the session.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct View {
    /// Id of the exercise being run.
    pub exercise: Option<String>,
    pub round: u32,
    pub blind: bool,
    pub revealed: bool,
    /// Dimensions that accept ratings now.
    pub open_dimensions: Vec<String>,
    /// Individual ratings this viewer may see (current and earlier rounds).
    pub ratings: Vec<SeenRating>,
    /// The group's statistics of the current round's open dimensions; empty
    /// while they may not be seen.
    pub group: Vec<CellStats>,
    /// The previous round's group statistics of the open dimensions.
    pub previous_group: Vec<CellStats>,
    /// Ratings per cell of the current round (counts only).
    pub progress: Vec<Progress>,
}

/// How many ratings each (stage, dimension) cell of `round` has, counts only.
pub(super) fn progress(
    aggregate: &Aggregate,
    t: &crate::domain::Template,
    round: u32,
    dimensions: &[String],
) -> Vec<Progress> {
    dimensions
        .iter()
        .flat_map(|d| {
            t.stages.iter().map(move |s| Progress {
                stage: s.id.clone(),
                dimension: d.clone(),
                rated: aggregate
                    .histogram(round, &s.id, d)
                    .map_or(0, crate::analysis::Histogram::total),
            })
        })
        .collect()
}

pub(super) fn project(
    session: &Session,
    aggregate: &Aggregate,
    viewer: &Viewer,
    exercise: Option<String>,
    open_dimensions: Vec<String>,
) -> View {
    let round = session.current_round();
    let (blind, revealed) = session
        .round(round)
        .map_or((false, false), |r| (r.blind, r.revealed));
    // Sheets first: a device's view must not walk every rating of a
    // conference-sized session, only its own sheets.
    let ratings = session
        .ratings
        .iter()
        .filter(|sheet| may_see_individual(viewer, &sheet.participant))
        .flat_map(|sheet| {
            sheet.entries.iter().map(move |e| SeenRating {
                participant: sheet.participant.clone(),
                round: sheet.round,
                stage: e.stage.to_string(),
                dimension: e.dimension.to_string(),
                value: match e.score {
                    Score::Value(v) => Some(v),
                    Score::DontKnow => None,
                },
                comment: e.comment.clone(),
            })
        })
        .collect();
    let t = &session.template;
    let answered = |stage: &str, dimension: &str| match viewer {
        Viewer::Participant(id) => session.rating(id, round, stage, dimension).is_some(),
        Viewer::Facilitator | Viewer::Board => true,
    };
    let group = if may_see_group(session, viewer, round) {
        open_dimensions
            .iter()
            .flat_map(|d| t.stages.iter().map(move |s| (s, d)))
            .map(|(s, d)| {
                let feedback = Feedback::Current {
                    answered: answered(&s.id, d),
                };
                seen_cell(t, viewer, aggregate.cell(t, round, &s.id, d), feedback)
            })
            .collect()
    } else {
        Vec::new()
    };
    // The Delphi feedback: per dimension, the latest earlier round that rated
    // it and that this viewer may see (the same rule as every figure).
    let earlier = crate::analysis::RoundSelection::new(
        aggregate,
        t,
        crate::analysis::RoundChoice::Latest,
        |r| r < round && may_see_group(session, viewer, r),
    );
    let previous_group = open_dimensions
        .iter()
        .filter_map(|d| earlier.round_of(d).map(|r| (d, r)))
        .flat_map(|(d, r)| t.stages.iter().map(move |s| aggregate.cell(t, r, &s.id, d)))
        .map(|c| seen_cell(t, viewer, c, Feedback::Earlier))
        .collect();
    let progress = progress(aggregate, t, round, &open_dimensions);
    View {
        exercise,
        round,
        blind,
        revealed,
        open_dimensions,
        ratings,
        group,
        previous_group,
        progress,
    }
}
