//! Delphi rounds: how the group's answers moved from one round to another.

use serde::Serialize;

use crate::domain::Template;

use super::{Aggregate, CellStats};

/// How one (stage, dimension) cell moved between two rounds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellChange {
    pub stage: String,
    pub dimension: String,
    pub from_median: Option<f64>,
    pub to_median: Option<f64>,
    /// `to_median - from_median`; `None` unless both rounds have a median.
    pub shift: Option<f64>,
    pub from_consensus: bool,
    pub to_consensus: bool,
    /// Consensus in the later round but not in the earlier one.
    pub reached: bool,
    /// Consensus in the earlier round but not in the later one.
    pub lost: bool,
}

/// The change between two rounds, cell by cell, with summary counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundChange {
    pub from_round: u32,
    pub to_round: u32,
    /// Every stage x reported dimension rated in both rounds, in template
    /// order.
    pub cells: Vec<CellChange>,
    /// Cells with consensus in `from_round`.
    pub consensus_from: usize,
    /// Cells with consensus in `to_round`.
    pub consensus_to: usize,
    pub reached: usize,
    pub lost: usize,
    /// Mean of `|shift|` over the cells with a median in both rounds.
    pub mean_abs_shift: Option<f64>,
    /// Cells whose median moved (`shift != 0`).
    pub moved: usize,
    /// Cells rated in `from_round` but not in `to_round`: not re-rated,
    /// so neither compared nor counted above.
    pub not_rerated: usize,
}

/// Compares `from_round` with `to_round` cell by cell.
#[must_use]
pub fn round_change(
    agg: &Aggregate,
    template: &Template,
    from_round: u32,
    to_round: u32,
) -> RoundChange {
    let dims = agg.dimensions(template);
    let mut cells = Vec::with_capacity(template.stages.len() * dims.len());
    let mut not_rerated = 0;
    for stage in &template.stages {
        for dim in &dims {
            let a = agg.cell(template, from_round, &stage.id, &dim.id);
            let b = agg.cell(template, to_round, &stage.id, &dim.id);
            let rated = |c: &CellStats| c.n + c.dont_know > 0;
            if !rated(&b) {
                not_rerated += usize::from(rated(&a));
                continue;
            }
            if !rated(&a) {
                continue;
            }
            cells.push(CellChange {
                stage: stage.id.clone(),
                dimension: dim.id.clone(),
                from_median: a.median,
                to_median: b.median,
                shift: a.median.zip(b.median).map(|(x, y)| y - x),
                from_consensus: a.consensus,
                to_consensus: b.consensus,
                reached: b.consensus && !a.consensus,
                lost: a.consensus && !b.consensus,
            });
        }
    }
    let shifts: Vec<f64> = cells.iter().filter_map(|c| c.shift).collect();
    #[allow(clippy::cast_precision_loss)]
    let mean_abs_shift = (!shifts.is_empty())
        .then(|| shifts.iter().map(|s| s.abs()).sum::<f64>() / shifts.len() as f64);
    RoundChange {
        from_round,
        to_round,
        consensus_from: cells.iter().filter(|c| c.from_consensus).count(),
        consensus_to: cells.iter().filter(|c| c.to_consensus).count(),
        reached: cells.iter().filter(|c| c.reached).count(),
        lost: cells.iter().filter(|c| c.lost).count(),
        moved: shifts.iter().filter(|s| s.abs() > 1e-12).count(),
        mean_abs_shift,
        not_rerated,
        cells,
    }
}

/// The change between every pair of consecutive rounds that have ratings.
#[must_use]
pub fn round_changes(agg: &Aggregate, template: &Template) -> Vec<RoundChange> {
    agg.rounds()
        .windows(2)
        .map(|w| round_change(agg, template, w[0], w[1]))
        .collect()
}
