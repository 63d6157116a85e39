//! Pure statistics from a session: per-cell medians, IQR, agreement and
//! consensus; Kendall's W; the placement of stages in the conceptual model.
//!
//! API STUB: the analysis work fills in the bodies and may add to it, but
//! keeps these names and signatures (other modules are written against them).

pub mod compare;
pub mod pool;

use serde::Serialize;

use crate::domain::{Score, Session, Template};

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

/// Incrementally maintained aggregate of every cell of a session.
#[derive(Debug, Clone, Default)]
pub struct Aggregate {}

impl Aggregate {
    /// Full computation from a session.
    #[must_use]
    pub fn new(_session: &Session) -> Self {
        todo!("analysis work")
    }

    /// Incremental update after one cell changed from `old` to `new`
    /// (`None` = not rated). O(scale), never a full recomputation.
    pub fn record(
        &mut self,
        _template: &Template,
        _round: u32,
        _stage: &str,
        _dimension: &str,
        _old: Option<Score>,
        _new: Option<Score>,
    ) {
        todo!("analysis work")
    }

    /// Statistics of one cell (all zero / `None` when nobody rated it).
    #[must_use]
    pub fn cell(
        &self,
        _template: &Template,
        _round: u32,
        _stage: &str,
        _dimension: &str,
    ) -> CellStats {
        todo!("analysis work")
    }

    /// Every cell, in round, template stage and template dimension order.
    #[must_use]
    pub fn cells(&self, _template: &Template) -> Vec<CellStats> {
        todo!("analysis work")
    }

    /// Rounds that have at least one rating, ascending.
    #[must_use]
    pub fn rounds(&self) -> Vec<u32> {
        todo!("analysis work")
    }

    /// The model placement of every stage in template order.
    #[must_use]
    pub fn model(&self, _template: &Template, _round: u32) -> Vec<Placement> {
        todo!("analysis work")
    }
}

/// Kendall's W for every rated dimension and round.
#[must_use]
pub fn concordance(_session: &Session) -> Vec<Concordance> {
    todo!("analysis work")
}
