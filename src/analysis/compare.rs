//! Comparing two sessions (or two rounds of one session) cell by cell: how
//! the medians moved, which cells changed level, where consensus was reached
//! or lost, and how Kendall's W changed per dimension.

use serde::Serialize;

use super::{Aggregate, CellStats, concordance};
use crate::domain::Session;

/// How the consensus of one cell changed from A to B.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ConsensusChange {
    /// Consensus in both.
    Kept,
    /// No consensus in A, consensus in B.
    Reached,
    /// Consensus in A, none in B.
    Lost,
    /// Consensus in neither.
    None,
}

impl ConsensusChange {
    #[must_use]
    pub fn of(a: bool, b: bool) -> Self {
        match (a, b) {
            (true, true) => Self::Kept,
            (false, true) => Self::Reached,
            (true, false) => Self::Lost,
            (false, false) => Self::None,
        }
    }

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Kept => "kept",
            Self::Reached => "reached",
            Self::Lost => "lost",
            Self::None => "none",
        }
    }
}

/// One (stage, dimension) cell in both sessions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellChange {
    pub stage: String,
    pub dimension: String,
    pub n_a: usize,
    pub n_b: usize,
    pub median_a: Option<f64>,
    pub median_b: Option<f64>,
    /// `median_b - median_a` when both are known.
    pub change: Option<f64>,
    pub level_a: Option<String>,
    pub level_b: Option<String>,
    pub consensus: ConsensusChange,
}

impl CellChange {
    /// Whether both sides have numeric ratings: only such cells are compared.
    #[must_use]
    pub fn rated_in_both(&self) -> bool {
        self.n_a > 0 && self.n_b > 0
    }

    /// Whether the median's band differs (including rated in one only).
    #[must_use]
    pub fn level_changed(&self) -> bool {
        self.level_a != self.level_b
    }

    /// Whether the median moved as printed (one decimal): a difference
    /// that reads "+0.0" is no move.
    #[must_use]
    pub fn median_moved(&self) -> bool {
        let shown = |m: Option<f64>| m.map(|x| (x * 10.0).round());
        shown(self.median_a) != shown(self.median_b)
    }

    /// Whether anything a reader would notice moved.
    #[must_use]
    pub fn changed(&self) -> bool {
        self.median_moved()
            || self.level_changed()
            || matches!(
                self.consensus,
                ConsensusChange::Reached | ConsensusChange::Lost
            )
    }
}

/// Kendall's W of one dimension in both sessions.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConcordanceChange {
    pub dimension: String,
    pub m_a: usize,
    pub m_b: usize,
    pub w_a: Option<f64>,
    pub w_b: Option<f64>,
}

/// The comparison of two sessions' rounds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub title_a: String,
    pub title_b: String,
    pub round_a: u32,
    pub round_b: u32,
    /// Two rounds of one session (not two sessions).
    pub same_session: bool,
    /// A's stages and dimensions in template order, then any only in B.
    pub cells: Vec<CellChange>,
    pub concordance: Vec<ConcordanceChange>,
}

impl Comparison {
    /// The cells rated in both, the only ones compared.
    pub fn compared(&self) -> impl Iterator<Item = &CellChange> {
        self.cells.iter().filter(|c| c.rated_in_both())
    }

    /// Compared cells whose median, level or consensus moved.
    pub fn changed(&self) -> impl Iterator<Item = &CellChange> {
        self.compared().filter(|c| c.changed())
    }

    /// Compared cells whose consensus changed as `what`.
    #[must_use]
    pub fn count(&self, what: ConsensusChange) -> usize {
        self.compared().filter(|c| c.consensus == what).count()
    }

    /// Compared cells whose median changed band.
    #[must_use]
    pub fn level_changes(&self) -> usize {
        self.compared().filter(|c| c.level_changed()).count()
    }

    /// How a cell rated on one side only is described: "not re-rated in
    /// round 2" for two rounds of a session, else "not rated in both".
    #[must_use]
    pub fn one_side_label(&self) -> String {
        if self.same_session && self.round_b > self.round_a {
            format!("not re-rated in round {}", self.round_b)
        } else {
            "not rated in both".to_owned()
        }
    }

    /// Cells rated on one side only (in a round comparison: not re-rated).
    #[must_use]
    pub fn rated_in_one(&self) -> usize {
        self.cells
            .iter()
            .filter(|c| !c.rated_in_both() && (c.n_a > 0 || c.n_b > 0))
            .count()
    }
}

/// The latest round of `session` that holds ratings (the current round when
/// nothing is rated yet).
#[must_use]
pub fn latest_rated_round(session: &Session) -> u32 {
    session
        .ratings
        .iter()
        .filter(|s| !s.entries.is_empty())
        .map(|s| s.round)
        .max()
        .unwrap_or_else(|| session.current_round())
}

/// Compares the latest rated round of `a` with the latest rated round of `b`.
#[must_use]
pub fn compare(a: &Session, b: &Session) -> Comparison {
    compare_rounds(a, latest_rated_round(a), b, latest_rated_round(b))
}

fn find<'a>(cells: &'a [CellStats], stage: &str, dimension: &str) -> Option<&'a CellStats> {
    cells
        .iter()
        .find(|c| c.stage == stage && c.dimension == dimension)
}

/// Compares round `round_a` of `a` with round `round_b` of `b` (use the same
/// session twice to compare two of its rounds).
#[must_use]
pub fn compare_rounds(a: &Session, round_a: u32, b: &Session, round_b: u32) -> Comparison {
    // One session compared with itself (two of its rounds) is analysed once.
    let same = std::ptr::eq(a, b);
    let agg_a = Aggregate::new(a);
    let agg_b = (!same).then(|| Aggregate::new(b));
    let cells_of = |s: &Session, agg: &Aggregate, round: u32| -> Vec<CellStats> {
        let mut out = Vec::new();
        for st in &s.template.stages {
            for d in &s.template.dimensions {
                out.push(agg.cell(&s.template, round, &st.id, &d.id));
            }
        }
        out
    };
    let ca = cells_of(a, &agg_a, round_a);
    let cb = cells_of(b, agg_b.as_ref().unwrap_or(&agg_a), round_b);

    let mut keys: Vec<(String, String)> = Vec::new();
    for t in [&a.template, &b.template] {
        for st in &t.stages {
            for d in &t.dimensions {
                let key = (st.id.clone(), d.id.clone());
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
        }
    }
    let cells = keys
        .into_iter()
        .map(|(stage, dimension)| {
            let x = find(&ca, &stage, &dimension);
            let y = find(&cb, &stage, &dimension);
            let median_a = x.and_then(|c| c.median);
            let median_b = y.and_then(|c| c.median);
            CellChange {
                n_a: x.map_or(0, |c| c.n),
                n_b: y.map_or(0, |c| c.n),
                median_a,
                median_b,
                change: median_a.zip(median_b).map(|(p, q)| q - p),
                level_a: x.and_then(|c| c.level.clone()),
                level_b: y.and_then(|c| c.level.clone()),
                consensus: ConsensusChange::of(
                    x.is_some_and(|c| c.consensus),
                    y.is_some_and(|c| c.consensus),
                ),
                stage,
                dimension,
            }
        })
        .collect();

    let wa = concordance(a);
    let wb_own = (!same).then(|| concordance(b));
    let wb = wb_own.as_ref().unwrap_or(&wa);
    let mut dims: Vec<&str> = a
        .template
        .dimensions
        .iter()
        .map(|d| d.id.as_str())
        .collect();
    for d in &b.template.dimensions {
        if !dims.contains(&d.id.as_str()) {
            dims.push(&d.id);
        }
    }
    let concordance = dims
        .into_iter()
        .filter_map(|d| {
            let x = wa.iter().find(|c| c.dimension == d && c.round == round_a);
            let y = wb.iter().find(|c| c.dimension == d && c.round == round_b);
            (x.is_some() || y.is_some()).then(|| ConcordanceChange {
                dimension: d.to_owned(),
                m_a: x.map_or(0, |c| c.m),
                m_b: y.map_or(0, |c| c.m),
                w_a: x.and_then(|c| c.w),
                w_b: y.and_then(|c| c.w),
            })
        })
        .collect();

    Comparison {
        title_a: a.title.clone(),
        title_b: b.title.clone(),
        round_a,
        round_b,
        same_session: same,
        cells,
        concordance,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Change, Round, Score};
    use crate::synthetic::{example_session, synthetic_session};

    #[test]
    fn a_median_moves_only_when_its_printed_value_does() {
        let cell = |a: f64, b: f64| CellChange {
            stage: "mining".into(),
            dimension: "maturity".into(),
            n_a: 5,
            n_b: 5,
            median_a: Some(a),
            median_b: Some(b),
            change: Some(b - a),
            level_a: Some("medium".into()),
            level_b: Some("medium".into()),
            consensus: ConsensusChange::Kept,
        };
        assert!(!cell(3.0, 3.0 + 1e-12).changed(), "reads +0.0: no change");
        assert!(!cell(3.0, 3.04).median_moved());
        assert!(cell(3.0, 3.5).changed());
    }

    #[test]
    fn a_session_compared_with_itself_shows_no_change() {
        let s = example_session();
        let c = compare(&s, &s);
        assert_eq!(c.cells.len(), 9 * 5);
        assert_eq!(c.changed().count(), 0);
        assert_eq!(c.level_changes(), 0);
        assert!(c.cells.iter().all(|x| x.change == Some(0.0)));
        assert_eq!(c.count(ConsensusChange::Reached), 0);
        assert_eq!(c.count(ConsensusChange::Lost), 0);
        assert!(c.cells.iter().any(|x| x.consensus == ConsensusChange::Kept));
        assert_eq!(c.concordance.len(), 5);
        assert!(
            c.concordance
                .iter()
                .all(|w| w.w_a == w.w_b && w.w_a.is_some())
        );
    }

    #[test]
    fn a_second_round_that_moves_a_cell_shows_the_change() {
        let mut s = synthetic_session("rounds", 6, 3);
        let at = s.created;
        s.apply(&Change::StartRound(Round {
            number: 2,
            started: at,
            blind: false,
            revealed: false,
            absent: Vec::new(),
        }))
        .expect("round 2");
        for p in s.participants.clone() {
            s.apply(&Change::SetRating {
                participant: p.id,
                round: 2,
                stage: "mining".into(),
                dimension: "maturity".into(),
                score: Score::Value(5),
                comment: None,
                at,
                entered_by: crate::domain::EnteredBy::Facilitator,
            })
            .expect("rating");
        }
        let c = compare_rounds(&s, 1, &s, 2);
        let cell = c
            .cells
            .iter()
            .find(|x| x.stage == "mining" && x.dimension == "maturity")
            .expect("cell");
        assert_eq!(cell.median_b, Some(5.0));
        assert_eq!(cell.level_b.as_deref(), Some("high"));
        assert!(cell.level_changed());
        assert!(cell.change.is_some_and(|d| d > 0.0));
        // Every other cell is not rated in round 2 at all.
        let other = c
            .cells
            .iter()
            .find(|x| x.stage == "design" && x.dimension == "maturity")
            .expect("cell");
        assert_eq!(other.median_b, None);
        assert_eq!(other.change, None);
        assert_eq!(latest_rated_round(&s), 2);
    }
}
