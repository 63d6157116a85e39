//! Pure statistics from a session: per-cell medians, IQR, agreement and
//! consensus; Kendall's W; the placement of stages in the conceptual model.
//!
//! API STUB: the analysis work fills in the bodies and may add to it, but
//! keeps these names and signatures (other modules are written against them).

mod aggregate;
mod concordance;
mod model;
mod rounds;
mod stats;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::domain::Session;

pub use aggregate::rated_dimensions;
pub use concordance::{kendall_w, mid_ranks};
pub use model::{Quadrant, quadrant};
pub use rounds::{CellChange, RoundChange, round_change, round_changes};
pub use stats::Histogram;

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
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Aggregate {
    rounds: BTreeMap<u32, RoundCells>,
}

/// The histograms of one round, keyed by stage id then dimension id. Empty
/// histograms are removed, so equal ratings give equal aggregates.
#[derive(Debug, Clone, Default, PartialEq)]
struct RoundCells {
    /// Ratings of any kind in this round.
    total: usize,
    cells: HashMap<String, HashMap<String, Histogram>>,
}

/// Kendall's W for every rated dimension and round.
#[must_use]
pub fn concordance(session: &Session) -> Vec<Concordance> {
    concordance::concordance_of(session)
}
