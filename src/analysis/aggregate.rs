//! [`Aggregate`]: full computation from a session and O(1) incremental updates.

use crate::domain::{Change, Dimension, Score, Session, Template};

use super::{Aggregate, Applied, CellStats, Histogram, Placement, RoundCells};

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

/// Position of `id` in `ids`, trying `guess` first.
fn guess_index(ids: &[String], id: &str, guess: usize) -> Option<usize> {
    if ids.get(guess).is_some_and(|g| g == id) {
        return Some(guess);
    }
    ids.iter().position(|s| s == id)
}

impl Aggregate {
    /// An empty aggregate laid out for `template`.
    #[must_use]
    pub fn empty(template: &Template) -> Self {
        Self {
            stages: template.stages.iter().map(|s| s.id.clone()).collect(),
            dimensions: template.dimensions.iter().map(|d| d.id.clone()).collect(),
            scale_max: template.dimensions.iter().map(|d| d.scale.max).collect(),
            rounds: std::collections::BTreeMap::new(),
        }
    }

    /// Full computation from a session.
    #[must_use]
    pub fn new(session: &Session) -> Self {
        let mut agg = Self::empty(&session.template);
        let width = agg.dimensions.len();
        // When the guesses miss, a map (a 10,000-stage template must not be
        // scanned per rating).
        let stage_at: std::collections::HashMap<&str, usize> = session
            .template
            .stages
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        for sheet in &session.ratings {
            let mut cells = agg
                .rounds
                .remove(&sheet.round)
                .unwrap_or_else(|| agg.new_round());
            // Entries usually come grouped by stage, dimensions in template
            // order: try the obvious guesses before searching.
            let mut stage_guess = 0usize;
            let mut dim_guess = 0usize;
            for e in &sheet.entries {
                let guessed = [stage_guess, stage_guess + 1]
                    .into_iter()
                    .find(|&g| agg.stages.get(g).is_some_and(|id| *id == e.stage));
                let Some(s) = guessed.or_else(|| stage_at.get(e.stage.as_str()).copied()) else {
                    continue;
                };
                stage_guess = s;
                let Some(d) = guess_index(&agg.dimensions, &e.dimension, dim_guess) else {
                    continue;
                };
                dim_guess = if d + 1 == width { 0 } else { d + 1 };
                if let Some(h) = cells.cells.get_mut(s * width + d) {
                    h.add(e.score);
                    cells.total += 1;
                }
            }
            if cells.total > 0 {
                agg.rounds.insert(sheet.round, cells);
            }
        }
        agg
    }

    fn new_round(&self) -> RoundCells {
        RoundCells {
            total: 0,
            cells: (0..self.stages.len())
                .flat_map(|_| self.scale_max.iter().map(|&m| Histogram::with_max(m)))
                .collect(),
        }
    }

    fn stage_index(&self, id: &str) -> Option<usize> {
        self.stages.iter().position(|s| s == id)
    }

    /// [`Aggregate::cell`] of the stage at `position` in the template:
    /// reports walk the stages in order, and a 10,000-stage template must
    /// not be searched for each one.
    pub(super) fn cell_at(
        &self,
        template: &Template,
        round: u32,
        position: usize,
        dimension: &str,
    ) -> CellStats {
        let stage = &template.stages[position].id;
        let laid_out = self.stages.get(position).is_some_and(|id| id == stage);
        let hist = if laid_out {
            self.dimension_index(dimension).and_then(|d| {
                self.rounds
                    .get(&round)?
                    .cells
                    .get(position * self.dimensions.len() + d)
                    .filter(|h| h.total() > 0)
            })
        } else {
            self.histogram(round, stage, dimension)
        };
        let dim = template.dimension(dimension);
        let rule = &template.consensus;
        match hist {
            Some(h) => h.stats(stage, dimension, round, dim, rule),
            None => Histogram::default().stats(stage, dimension, round, dim, rule),
        }
    }

    fn dimension_index(&self, id: &str) -> Option<usize> {
        self.dimensions.iter().position(|d| d == id)
    }

    /// Incremental update after one cell changed from `old` to `new`
    /// (`None` = not rated). O(1): never a full recomputation.
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
        if self.stages.is_empty() && self.dimensions.is_empty() {
            *self = Self::empty(template);
        }
        let (Some(s), Some(d)) = (self.stage_index(stage), self.dimension_index(dimension)) else {
            return;
        };
        if let Some(old) = old {
            self.remove(round, s, d, old);
        }
        if let Some(new) = new {
            self.add(round, s, d, new);
        }
    }

    /// Incremental update after `session.apply(change)` returned
    /// `Some(inverse)`: works out the old and new scores of a rating change
    /// from the pair, and forgets a removed round. Changes that do not touch
    /// ratings are ignored.
    pub fn record_applied(&mut self, template: &Template, change: &Change, inverse: &Change) {
        match Applied::of(change, inverse) {
            Some(Applied::Rating {
                round,
                stage,
                dimension,
                old,
                new,
                ..
            }) => self.record(template, round, stage, dimension, old, new),
            Some(Applied::RoundRemoved(number)) => self.clear_round(number),
            None => {}
        }
    }

    /// Forgets every rating of `round` (after the round was removed).
    pub fn clear_round(&mut self, round: u32) {
        self.rounds.remove(&round);
    }

    fn add(&mut self, round: u32, stage: usize, dim: usize, score: Score) {
        let width = self.dimensions.len();
        if !self.rounds.contains_key(&round) {
            let fresh = self.new_round();
            self.rounds.insert(round, fresh);
        }
        let Some(cells) = self.rounds.get_mut(&round) else {
            return;
        };
        if let Some(h) = cells.cells.get_mut(stage * width + dim) {
            h.add(score);
            cells.total += 1;
        }
    }

    fn remove(&mut self, round: u32, stage: usize, dim: usize, score: Score) {
        let width = self.dimensions.len();
        let Some(cells) = self.rounds.get_mut(&round) else {
            return;
        };
        let Some(hist) = cells.cells.get_mut(stage * width + dim) else {
            return;
        };
        let before = hist.total();
        hist.remove(score);
        if hist.total() < before {
            cells.total -= 1;
        }
        if cells.total == 0 {
            self.rounds.remove(&round);
        }
    }

    /// The histogram of one cell, if anybody rated it.
    #[must_use]
    pub fn histogram(&self, round: u32, stage: &str, dimension: &str) -> Option<&Histogram> {
        let s = self.stage_index(stage)?;
        let d = self.dimension_index(dimension)?;
        let h = self
            .rounds
            .get(&round)?
            .cells
            .get(s * self.dimensions.len() + d)?;
        (h.total() > 0).then_some(h)
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

    /// Whether `round` has a rating (of any kind) on `dimension`.
    pub(super) fn has_ratings_in(&self, round: u32, dimension: &str) -> bool {
        let Some(d) = self.dimension_index(dimension) else {
            return false;
        };
        let width = self.dimensions.len();
        self.rounds.get(&round).is_some_and(|rc| {
            rc.cells
                .iter()
                .skip(d)
                .step_by(width.max(1))
                .any(|h| h.total() > 0)
        })
    }

    /// Whether any round has a rating on `dimension`.
    fn has_ratings_on(&self, dimension: &str) -> bool {
        let Some(d) = self.dimension_index(dimension) else {
            return false;
        };
        let width = self.dimensions.len();
        self.rounds.values().any(|rc| {
            rc.cells
                .iter()
                .skip(d)
                .step_by(width.max(1))
                .any(|h| h.total() > 0)
        })
    }

    /// The dimensions [`Aggregate::cells`] reports, in template order: those
    /// the template rates plus any other template dimension that has ratings.
    #[must_use]
    pub fn dimensions<'t>(&self, template: &'t Template) -> Vec<&'t Dimension> {
        let rated = rated_dimensions(template);
        template
            .dimensions
            .iter()
            .filter(|d| rated.iter().any(|r| r.id == d.id) || self.has_ratings_on(&d.id))
            .collect()
    }

    /// Every cell, in round, template stage and template dimension order.
    #[must_use]
    pub fn cells(&self, template: &Template) -> Vec<CellStats> {
        let dims = self.dimensions(template);
        let mut out = Vec::with_capacity(self.rounds.len() * template.stages.len() * dims.len());
        for &round in self.rounds.keys() {
            for position in 0..template.stages.len() {
                for dim in &dims {
                    out.push(self.cell_at(template, round, position, &dim.id));
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
        (0..template.stages.len())
            .map(|i| self.place(template, i, |_| round))
            .collect()
    }

    /// Where the stage at `position` sits, each mapped dimension read from
    /// the round `round_of` gives it.
    pub(super) fn place(
        &self,
        template: &Template,
        position: usize,
        round_of: impl Fn(&str) -> u32,
    ) -> Placement {
        let m = &template.model;
        let cell = |d: &str| self.cell_at(template, round_of(d), position, d);
        let (x, y, size, colour) = (cell(&m.x), cell(&m.y), cell(&m.size), cell(&m.colour));
        Placement {
            stage: template.stages[position].id.clone(),
            consensus: x.consensus && y.consensus && size.consensus && colour.consensus,
            x: x.median,
            y: y.median,
            size: size.median,
            colour: colour.median,
        }
    }
}
