//! Pure statistics from a session: per-cell medians, IQR, agreement and
//! consensus; Kendall's W; the placement of stages in the conceptual model.
//!
//! - [`Aggregate`]: per-cell histograms, O(1) incremental [`Aggregate::record`],
//!   [`CellStats`] per cell (type-7 quartiles, agreement, consensus).
//! - [`concordance`]: Kendall's W with the tie correction;
//!   [`ConcordanceTracker`] keeps it up to date rating by rating.
//! - [`round_change`]: what moved between two Delphi rounds.
//! - [`quadrant`]: reading a stage's place in the conceptual model.
//!
//! Live use: build `Aggregate::new(&session)` once, then after every
//! `let inverse = session.apply(&change)?` that returns `Some(inverse)`, call
//! `agg.record_applied(&session.template, &change, &inverse)` (the same for a
//! [`ConcordanceTracker`]); `agg.cell(..)` is then current.

mod aggregate;
pub mod compare;
mod concordance;
mod gamma;
pub mod groups;
mod model;
pub mod pool;
mod rounds;
mod selection;
mod stats;
mod tracker;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::domain::Session;

pub use aggregate::rated_dimensions;
pub use concordance::{KendallTest, WAccumulator, kendall_test, kendall_w, mid_ranks};
pub use gamma::{chi_square_upper_tail, ln_gamma, upper_regularized_gamma};
pub use model::{Quadrant, quadrant};
pub use rounds::{
    CellChange, Outlier, RoundChange, WChange, is_outlier, outliers, round_change, round_changes,
};
pub use selection::{RoundChoice, RoundSelection};
pub use stats::Histogram;
pub use tracker::ConcordanceTracker;

/// What an applied change did to the ratings, read from the change and the
/// inverse `Session::apply` returned for it; shared by the incremental
/// [`Aggregate`] and [`ConcordanceTracker`].
pub(crate) enum Applied<'a> {
    /// One cell of `participant` went from `old` to `new` (`None` = not rated).
    Rating {
        participant: &'a str,
        round: u32,
        stage: &'a str,
        dimension: &'a str,
        old: Option<crate::domain::Score>,
        new: Option<crate::domain::Score>,
    },
    /// A round was removed, with whatever was recorded for it.
    RoundRemoved(u32),
}

impl<'a> Applied<'a> {
    /// `None` for changes that do not touch ratings.
    pub(crate) fn of(
        change: &'a crate::domain::Change,
        inverse: &crate::domain::Change,
    ) -> Option<Self> {
        use crate::domain::Change;
        let old = match inverse {
            Change::SetRating { score, .. } => Some(*score),
            _ => None,
        };
        let (participant, round, stage, dimension, new) = match change {
            Change::SetRating {
                participant,
                round,
                stage,
                dimension,
                score,
                ..
            } => (participant, round, stage, dimension, Some(*score)),
            Change::ClearRating {
                participant,
                round,
                stage,
                dimension,
            } => (participant, round, stage, dimension, None),
            Change::RemoveRound { number } => return Some(Self::RoundRemoved(*number)),
            _ => return None,
        };
        Some(Self::Rating {
            participant,
            round: *round,
            stage,
            dimension,
            old,
            new,
        })
    }
}

/// Statistics of one (stage, dimension, round) cell. "Don't know" is counted
/// in `dont_know` and left out of everything else.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct CellStats {
    pub stage: String,
    pub dimension: String,
    pub round: u32,
    pub n: usize,
    pub dont_know: usize,
    pub median: Option<f64>,
    pub mean: Option<f64>,
    /// Sample standard deviation (n - 1); `None` when n < 2.
    pub sd: Option<f64>,
    pub q1: Option<f64>,
    pub q3: Option<f64>,
    pub iqr: Option<f64>,
    /// Id of the template band that holds the median.
    pub level: Option<String>,
    /// Share of numeric ratings in the band that holds most of them.
    pub agreement: Option<f64>,
    pub consensus: bool,
}

/// Kendall's W of the participants' rankings of the stages on one dimension
/// in one round, over the `m` participants who rated every stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Concordance {
    pub dimension: String,
    pub round: u32,
    pub m: usize,
    pub w: Option<f64>,
}

/// Where one stage sits in the conceptual model (Figure 2).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Placement {
    pub stage: String,
    /// Medians of the model mapping's dimensions; `None` when unrated.
    pub x: Option<f64>,
    pub y: Option<f64>,
    pub size: Option<f64>,
    pub colour: Option<f64>,
    /// True when all four mapped cells reach consensus.
    pub consensus: bool,
}

/// Incrementally maintained aggregate of every cell of a session: one
/// [`Histogram`] per (round, stage, dimension), so recording one rating is
/// O(1) and reading one cell is O(scale).
///
/// Cells are laid out by the template's stage and dimension ids (taken from
/// the session in [`Aggregate::new`], or from the first template passed to
/// [`Aggregate::record`]); ratings of stages or dimensions the template does
/// not know are left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Aggregate {
    stages: Vec<String>,
    dimensions: Vec<String>,
    /// Scale maximum per dimension, to size new histograms.
    scale_max: Vec<u8>,
    /// Only rounds with at least one rating.
    rounds: BTreeMap<u32, RoundCells>,
}

/// The histograms of one round, `cells[stage * dimensions + dimension]`.
#[derive(Debug, Clone, Default, PartialEq)]
struct RoundCells {
    /// Ratings of any kind in this round.
    total: usize,
    cells: Vec<Histogram>,
}

/// Kendall's W for every rated dimension and round.
#[must_use]
pub fn concordance(session: &Session) -> Vec<Concordance> {
    concordance::concordance_of(session)
}
