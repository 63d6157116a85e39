//! [`Aggregate`]: full computation from a session and O(1) incremental updates.

use crate::domain::{Change, Dimension, Score, Session, Template};

use super::{Aggregate, CellStats, Histogram, Placement};

/// The dimensions the template asks the room to rate, in template order:
/// those named by an exercise, or every dimension when no exercise names any.
#[must_use]
pub fn rated_dimensions(template: &Template) -> Vec<&Dimension> {
    let named: Vec<&Dimension> = template
        .dimensions
        .iter()
        .filter(|d| {
            template
                .exercises
                .iter()
                .any(|e| e.kind.rated_dimensions().contains(&d.id))
        })
        .collect();
    if named.is_empty() {
        template.dimensions.iter().collect()
    } else {
        named
    }
}

impl Aggregate {
    /// Full computation from a session.
    #[must_use]
    pub fn new(session: &Session) -> Self {
        let mut agg = Self::default();
        for sheet in &session.ratings {
            for e in &sheet.entries {
                agg.add(&session.template, sheet.round, &e.0, &e.1, e.2);
            }
        }
        agg
    }

    /// Incremental update after one cell changed from `old` to `new`
    /// (`None` = not rated). O(1) (two hash look-ups), never a full recomputation.
    pub fn record(
        &mut self,
        template: &Template,
        round: u32,
        stage: &str,
        dimension: &str,
        old: Option<Score>,
        new: Option<Score>,
    ) {
        if old == new {
            return;
        }
        if let Some(old) = old {
            self.remove(round, stage, dimension, old);
        }
        if let Some(new) = new {
            self.add(template, round, stage, dimension, new);
        }
    }

    /// Incremental update after `session.apply(change)` returned
    /// `Some(inverse)`: works out the old and new scores of a rating change
    /// from the pair, and forgets a removed round. Changes that do not touch
    /// ratings are ignored.
    pub fn record_applied(&mut self, template: &Template, change: &Change, inverse: &Change) {
        let old = match inverse {
            Change::SetRating { score, .. } => Some(*score),
            _ => None,
        };
        match change {
            Change::SetRating {
                round,
                stage,
                dimension,
                score,
                ..
            } => {
                self.record(template, *round, stage, dimension, old, Some(*score));
            }
            Change::ClearRating {
                round,
                stage,
                dimension,
                ..
            } => {
                self.record(template, *round, stage, dimension, old, None);
            }
            Change::RemoveRound { number } => self.clear_round(*number),
            _ => {}
        }
    }

    /// Forgets every rating of `round` (after the round was removed).
    pub fn clear_round(&mut self, round: u32) {
        self.rounds.remove(&round);
    }

    fn add(&mut self, template: &Template, round: u32, stage: &str, dimension: &str, score: Score) {
        let cells = self.rounds.entry(round).or_default();
        cells.total += 1;
        let per_stage = match cells.cells.get_mut(stage) {
            Some(m) => m,
            None => cells.cells.entry(stage.to_owned()).or_default(),
        };
        let hist = match per_stage.get_mut(dimension) {
            Some(h) => h,
            None => {
                let max = template.dimension(dimension).map_or(0, |d| d.scale.max);
                per_stage
                    .entry(dimension.to_owned())
                    .or_insert_with(|| Histogram::with_max(max))
            }
        };
        hist.add(score);
    }

    fn remove(&mut self, round: u32, stage: &str, dimension: &str, score: Score) {
        let Some(cells) = self.rounds.get_mut(&round) else {
            return;
        };
        let Some(per_stage) = cells.cells.get_mut(stage) else {
            return;
        };
        let Some(hist) = per_stage.get_mut(dimension) else {
            return;
        };
        let before = hist.total();
        hist.remove(score);
        if hist.total() < before {
            cells.total -= 1;
        }
        if hist.total() == 0 {
            per_stage.remove(dimension);
            if per_stage.is_empty() {
                cells.cells.remove(stage);
            }
        }
        if cells.total == 0 {
            self.rounds.remove(&round);
        }
    }

    /// The histogram of one cell, if anybody rated it.
    #[must_use]
    pub fn histogram(&self, round: u32, stage: &str, dimension: &str) -> Option<&Histogram> {
        self.rounds.get(&round)?.cells.get(stage)?.get(dimension)
    }

    /// Statistics of one cell (all zero / `None` when nobody rated it).
    #[must_use]
    pub fn cell(&self, template: &Template, round: u32, stage: &str, dimension: &str) -> CellStats {
        let dim = template.dimension(dimension);
        let rule = &template.consensus;
        match self.histogram(round, stage, dimension) {
            Some(h) => h.stats(stage, dimension, round, dim, rule),
            None => Histogram::default().stats(stage, dimension, round, dim, rule),
        }
    }

    /// The dimensions [`Aggregate::cells`] reports, in template order: those
    /// the template rates plus any other template dimension that has ratings.
    #[must_use]
    pub fn dimensions<'t>(&self, template: &'t Template) -> Vec<&'t Dimension> {
        let rated = rated_dimensions(template);
        template
            .dimensions
            .iter()
            .filter(|d| {
                rated.iter().any(|r| r.id == d.id)
                    || self
                        .rounds
                        .values()
                        .any(|rc| rc.cells.values().any(|m| m.contains_key(&d.id)))
            })
            .collect()
    }

    /// Every cell, in round, template stage and template dimension order.
    #[must_use]
    pub fn cells(&self, template: &Template) -> Vec<CellStats> {
        let dims = self.dimensions(template);
        let mut out = Vec::with_capacity(self.rounds.len() * template.stages.len() * dims.len());
        for &round in self.rounds.keys() {
            for stage in &template.stages {
                for dim in &dims {
                    out.push(self.cell(template, round, &stage.id, &dim.id));
                }
            }
        }
        out
    }

    /// Rounds that have at least one rating, ascending.
    #[must_use]
    pub fn rounds(&self) -> Vec<u32> {
        self.rounds.keys().copied().collect()
    }

    /// Ratings of any kind in `round`.
    #[must_use]
    pub fn rating_count(&self, round: u32) -> usize {
        self.rounds.get(&round).map_or(0, |r| r.total)
    }

    /// The model placement of every stage in template order.
    #[must_use]
    pub fn model(&self, template: &Template, round: u32) -> Vec<Placement> {
        let m = &template.model;
        template
            .stages
            .iter()
            .map(|s| {
                let x = self.cell(template, round, &s.id, &m.x);
                let y = self.cell(template, round, &s.id, &m.y);
                let size = self.cell(template, round, &s.id, &m.size);
                let colour = self.cell(template, round, &s.id, &m.colour);
                Placement {
                    stage: s.id.clone(),
                    consensus: x.consensus && y.consensus && size.consensus && colour.consensus,
                    x: x.median,
                    y: y.median,
                    size: size.median,
                    colour: colour.median,
                }
            })
            .collect()
    }
}
