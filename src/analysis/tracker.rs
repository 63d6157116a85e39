//! [`ConcordanceTracker`]: Kendall's W kept up to date rating by rating, so a
//! live view of a large session need not recompute [`super::concordance`].

use std::collections::{BTreeMap, HashMap};

use crate::domain::{Change, Score, Session, Template};

use super::concordance::{mid_ranks, w_from};
use super::{Applied, Concordance};

/// Rank sums of the complete raters of one (round, dimension).
#[derive(Debug, Clone, Default, PartialEq)]
struct Sums {
    /// Per stage, the sum of its ranks.
    ranks: Vec<f64>,
    tie_sum: f64,
    m: usize,
}

/// Incrementally maintained Kendall's W for every reported dimension and
/// round. After any sequence of [`ConcordanceTracker::record`] calls,
/// [`ConcordanceTracker::results`] equals [`super::concordance`] of the
/// session. One update costs O(stages log stages).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ConcordanceTracker {
    stages: Vec<String>,
    dimensions: Vec<String>,
    /// Dimensions the template rates (reported even without ratings).
    rated: Vec<bool>,
    /// Per (round, participant): values `[dimension * stages + stage]`.
    grids: HashMap<(u32, String), Vec<Option<u8>>>,
    /// Ratings of any kind per (round, participant) grid, to drop empty grids.
    grid_counts: HashMap<(u32, String), usize>,
    /// Ratings of any kind per round and per dimension.
    round_totals: BTreeMap<u32, usize>,
    dim_totals: Vec<usize>,
    sums: HashMap<(u32, usize), Sums>,
}

impl ConcordanceTracker {
    /// An empty tracker laid out for `template`.
    #[must_use]
    pub fn empty(template: &Template) -> Self {
        let rated = super::rated_dimensions(template);
        Self {
            stages: template.stages.iter().map(|s| s.id.clone()).collect(),
            dimensions: template.dimensions.iter().map(|d| d.id.clone()).collect(),
            rated: template
                .dimensions
                .iter()
                .map(|d| rated.iter().any(|r| r.id == d.id))
                .collect(),
            dim_totals: vec![0; template.dimensions.len()],
            ..Self::default()
        }
    }

    /// Built from every rating of a session.
    #[must_use]
    pub fn new(session: &Session) -> Self {
        let mut t = Self::empty(&session.template);
        for sheet in &session.ratings {
            for e in &sheet.entries {
                t.record(
                    &session.template,
                    &sheet.participant,
                    sheet.round,
                    &e.stage,
                    &e.dimension,
                    None,
                    Some(e.score),
                );
            }
        }
        t
    }

    /// One cell of `participant` changed from `old` to `new` (`None` = not rated).
    #[expect(clippy::too_many_arguments)]
    pub fn record(
        &mut self,
        template: &Template,
        participant: &str,
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
        let ns = self.stages.len();
        let (Some(s), Some(d)) = (
            self.stages.iter().position(|x| x == stage),
            self.dimensions.iter().position(|x| x == dimension),
        ) else {
            return;
        };
        let key = (round, participant.to_owned());
        let grid = self
            .grids
            .entry(key.clone())
            .or_insert_with(|| vec![None; ns * self.dimensions.len()]);
        let row = d * ns..(d + 1) * ns;
        let before = complete(&grid[row.clone()]);
        grid[d * ns + s] = new.and_then(Score::value);
        let after = complete(&grid[row]);
        let sums = self.sums.entry((round, d)).or_insert_with(|| Sums {
            ranks: vec![0.0; ns],
            ..Sums::default()
        });
        if let Some(values) = before {
            let (ranks, ties) = mid_ranks(&values);
            for (x, r) in sums.ranks.iter_mut().zip(ranks) {
                *x -= r;
            }
            sums.tie_sum -= ties;
            sums.m -= 1;
        }
        if let Some(values) = after {
            let (ranks, ties) = mid_ranks(&values);
            for (x, r) in sums.ranks.iter_mut().zip(ranks) {
                *x += r;
            }
            sums.tie_sum += ties;
            sums.m += 1;
        }
        if sums.m == 0 {
            self.sums.remove(&(round, d));
        }
        let delta = |n: &mut usize| match (old.is_some(), new.is_some()) {
            (false, true) => *n += 1,
            (true, false) => *n = n.saturating_sub(1),
            _ => {}
        };
        delta(self.grid_counts.entry(key.clone()).or_default());
        if self.grid_counts.get(&key) == Some(&0) {
            self.grid_counts.remove(&key);
            self.grids.remove(&key);
        }
        let total = self.round_totals.entry(round).or_default();
        delta(total);
        if *total == 0 {
            self.round_totals.remove(&round);
        }
        delta(&mut self.dim_totals[d]);
    }

    /// The same as [`super::Aggregate::record_applied`], for W.
    pub fn record_applied(&mut self, template: &Template, change: &Change, inverse: &Change) {
        match Applied::of(change, inverse) {
            Some(Applied::Rating {
                participant,
                round,
                stage,
                dimension,
                old,
                new,
            }) => self.record(template, participant, round, stage, dimension, old, new),
            Some(Applied::RoundRemoved(number)) => self.clear_round(number),
            None => {}
        }
    }

    /// Forgets every rating of `round`.
    pub fn clear_round(&mut self, round: u32) {
        let ns = self.stages.len();
        let keys: Vec<(u32, String)> = self
            .grids
            .keys()
            .filter(|k| k.0 == round)
            .cloned()
            .collect();
        for key in keys {
            if let Some(grid) = self.grids.remove(&key) {
                for (i, v) in grid.iter().enumerate() {
                    if v.is_some() {
                        self.dim_totals[i / ns.max(1)] -= 1;
                    }
                }
            }
            self.grid_counts.remove(&key);
        }
        self.sums.retain(|k, _| k.0 != round);
        self.round_totals.remove(&round);
    }

    /// Kendall's W per reported dimension and round, as [`super::concordance`].
    #[must_use]
    pub fn results(&self) -> Vec<Concordance> {
        let mut out = Vec::new();
        for &round in self.round_totals.keys() {
            for (d, id) in self.dimensions.iter().enumerate() {
                if !self.rated[d] && self.dim_totals[d] == 0 {
                    continue;
                }
                let (m, w) = self
                    .sums
                    .get(&(round, d))
                    .map_or((0, None), |s| (s.m, w_of(s)));
                out.push(Concordance {
                    dimension: id.clone(),
                    round,
                    m,
                    w,
                });
            }
        }
        out
    }
}

fn complete(row: &[Option<u8>]) -> Option<Vec<f64>> {
    row.iter().map(|v| v.map(f64::from)).collect()
}

fn w_of(s: &Sums) -> Option<f64> {
    w_from(&s.ranks, s.tie_sum, s.m)
}
