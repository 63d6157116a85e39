//! Kendall's coefficient of concordance W, with the correction for ties.

use std::collections::HashMap;

use serde::Serialize;

use crate::domain::Session;

use super::Concordance;

/// Mid-ranks (1-based) of `values`: tied values share the mean of the ranks
/// they occupy. Returns the ranks and the tie term `sum (t^3 - t)` over the
/// groups of ties.
#[must_use]
pub fn mid_ranks(values: &[f64]) -> (Vec<f64>, f64) {
    let mut order = Vec::with_capacity(values.len());
    let mut ranks = Vec::with_capacity(values.len());
    let ties = mid_ranks_into(values, &mut order, &mut ranks);
    (ranks, ties)
}

/// Running sums for Kendall's W over raters who each rank the same `n` objects.
#[derive(Debug, Clone)]
pub struct WAccumulator {
    rank_sums: Vec<f64>,
    tie_sum: f64,
    m: usize,
    order: Vec<usize>,
    ranks: Vec<f64>,
}

impl WAccumulator {
    /// An accumulator for `n` objects.
    #[must_use]
    pub fn new(n: usize) -> Self {
        Self {
            rank_sums: vec![0.0; n],
            tie_sum: 0.0,
            m: 0,
            order: Vec::with_capacity(n),
            ranks: vec![0.0; n],
        }
    }

    /// Adds one rater's values (one per object); ignored unless there are
    /// exactly `n` of them.
    pub fn add(&mut self, values: &[f64]) {
        if values.len() != self.rank_sums.len() {
            return;
        }
        self.tie_sum += mid_ranks_into(values, &mut self.order, &mut self.ranks);
        for (s, r) in self.rank_sums.iter_mut().zip(&self.ranks) {
            *s += r;
        }
        self.m += 1;
    }

    /// Raters added so far.
    #[must_use]
    pub fn m(&self) -> usize {
        self.m
    }

    /// `W = 12 S / (m^2 (n^3 - n) - m sum_j T_j)`; `None` when m < 2, n < 2
    /// or the denominator is zero (every rater tied everything).
    #[must_use]
    pub fn w(&self) -> Option<f64> {
        w_from(&self.rank_sums, self.tie_sum, self.m)
    }
}

/// W from the rank sums of `m` raters over `rank_sums.len()` objects and
/// the summed tie terms.
pub(super) fn w_from(rank_sums: &[f64], tie_sum: f64, m: usize) -> Option<f64> {
    let n = rank_sums.len();
    if m < 2 || n < 2 {
        return None;
    }
    let (mf, nf) = (m as f64, n as f64);
    let mean = mf * (nf + 1.0) / 2.0;
    let s: f64 = rank_sums.iter().map(|r| (r - mean) * (r - mean)).sum();
    let denom = mf * mf * (nf * nf * nf - nf) - mf * tie_sum;
    if denom <= 1e-9 {
        return None;
    }
    Some((12.0 * s / denom).clamp(0.0, 1.0))
}

/// [`mid_ranks`] into caller-owned buffers; returns the tie term.
fn mid_ranks_into(values: &[f64], order: &mut Vec<usize>, ranks: &mut Vec<f64>) -> f64 {
    order.clear();
    order.extend(0..values.len());
    order.sort_unstable_by(|&a, &b| values[a].total_cmp(&values[b]));
    ranks.clear();
    ranks.resize(values.len(), 0.0);
    let mut ties = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i + 1;
        while j < order.len() && values[order[j]].total_cmp(&values[order[i]]).is_eq() {
            j += 1;
        }
        // Positions i..j (0-based) hold ranks i+1..=j; their mean:
        let mid = (i + 1 + j) as f64 / 2.0;
        for &k in &order[i..j] {
            ranks[k] = mid;
        }
        let t = (j - i) as f64;
        ties += t * t * t - t;
        i = j;
    }
    ties
}

/// Kendall's W of `m` raters who each rated the same `n` objects
/// (`ratings[j][i]` = rater j's value for object i), ties corrected:
/// `W = 12 S / (m^2 (n^3 - n) - m sum_j T_j)`. `None` when m < 2, n < 2,
/// the raters rated different numbers of objects, or the denominator is zero
/// (every rater tied everything).
#[must_use]
pub fn kendall_w(ratings: &[Vec<f64>]) -> Option<f64> {
    let n = ratings.first()?.len();
    if ratings.iter().any(|r| r.len() != n) {
        return None;
    }
    let mut acc = WAccumulator::new(n);
    for r in ratings {
        acc.add(r);
    }
    acc.w()
}

/// Kendall's W with its chi-square test of no agreement: under the null
/// hypothesis `chi2 = m (n - 1) W` is approximately chi-square distributed
/// with `n - 1` degrees of freedom (Kendall and Babington Smith 1939; the
/// approximation wants m of about 7 or more).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct KendallTest {
    pub w: f64,
    /// Raters.
    pub m: usize,
    /// Objects ranked (the stages).
    pub n: usize,
    pub chi2: f64,
    pub df: usize,
    /// `P(X > chi2)`, the upper tail.
    pub p: f64,
}

/// The chi-square test of `w` over `m` raters and `n` objects; `None`
/// when m < 2 or n < 2.
#[must_use]
pub fn kendall_test(w: f64, m: usize, n: usize) -> Option<KendallTest> {
    if m < 2 || n < 2 || !w.is_finite() {
        return None;
    }
    let df = n - 1;
    let chi2 = m as f64 * df as f64 * w;
    let p = super::gamma::chi_square_upper_tail(chi2, df as f64)?;
    Some(KendallTest {
        w,
        m,
        n,
        chi2,
        df,
        p,
    })
}

/// Kendall's W per reported dimension (see [`Aggregate::dimensions`]) and
/// round with ratings, over the participants who gave a numeric rating to
/// every stage on that dimension in that round.
pub(super) fn concordance_of(session: &Session) -> Vec<Concordance> {
    let template = &session.template;
    let ns = template.stages.len();
    let nd = template.dimensions.len();
    // One grid of values [dimension][stage] per (round, participant).
    let mut index: HashMap<(u32, &str), usize> = HashMap::new();
    let mut grids: Vec<(u32, Vec<Option<u8>>)> = Vec::new();
    let mut rated_dims = vec![false; nd];
    let stage_at: HashMap<&str, usize> = template
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    for sheet in &session.ratings {
        let gi = *index
            .entry((sheet.round, sheet.participant.as_str()))
            .or_insert_with(|| {
                grids.push((sheet.round, vec![None; ns * nd]));
                grids.len() - 1
            });
        let grid = &mut grids[gi].1;
        let mut last: Option<(&str, usize)> = None;
        for e in &sheet.entries {
            let s = match last {
                Some((id, i)) if id == e.stage => Some(i),
                _ => stage_at.get(e.stage.as_str()).copied(),
            };
            let Some(s) = s else { continue };
            last = Some((&e.stage, s));
            if let Some(d) = template.dimension_index(&e.dimension) {
                grid[d * ns + s] = e.score.value();
                rated_dims[d] = true;
            }
        }
    }
    // Rounds with at least one rating ("don't know" included) of a template cell.
    let mut rounds: Vec<u32> = session
        .ratings
        .iter()
        .filter(|sh| {
            sh.entries.iter().any(|e| {
                template.stage_index(&e.stage).is_some()
                    && template.dimension_index(&e.dimension).is_some()
            })
        })
        .map(|sh| sh.round)
        .collect();
    rounds.sort_unstable();
    rounds.dedup();
    let rated = super::rated_dimensions(template);
    let dims: Vec<usize> = (0..nd)
        .filter(|&d| rated_dims[d] || rated.iter().any(|r| r.id == template.dimensions[d].id))
        .collect();
    let mut out = Vec::with_capacity(rounds.len() * dims.len());
    let mut values = Vec::with_capacity(ns);
    for &round in &rounds {
        for &d in &dims {
            let mut acc = WAccumulator::new(ns);
            for (r, grid) in &grids {
                if *r != round {
                    continue;
                }
                values.clear();
                values.extend(
                    grid[d * ns..(d + 1) * ns]
                        .iter()
                        .map_while(|v| v.map(f64::from)),
                );
                if values.len() == ns {
                    acc.add(&values);
                }
            }
            out.push(Concordance {
                dimension: template.dimensions[d].id.clone(),
                round,
                m: acc.m(),
                w: acc.w(),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-12)
    }

    #[test]
    fn mid_ranks_share_tied_positions() {
        let (r, t) = mid_ranks(&[3.0, 1.0, 3.0, 2.0, 3.0]);
        assert_eq!(r, vec![4.0, 1.0, 4.0, 2.0, 4.0]);
        assert!((t - 24.0).abs() < 1e-12); // one group of 3: 27 - 3
        let (r, t) = mid_ranks(&[1.0, 1.0, 2.0]);
        assert_eq!(r, vec![1.5, 1.5, 3.0]);
        assert!((t - 6.0).abs() < 1e-12);
    }

    #[test]
    fn perfect_agreement_is_one() {
        let r = vec![vec![1.0, 2.0, 3.0, 4.0]; 3];
        assert!(close(kendall_w(&r), 1.0));
        // The same ranking from different raw values.
        let r = vec![
            vec![1.0, 2.0, 3.0],
            vec![2.0, 4.0, 5.0],
            vec![1.0, 3.0, 5.0],
        ];
        assert!(close(kendall_w(&r), 1.0));
    }

    #[test]
    fn hand_worked_without_ties() {
        // Rank sums 3, 3, 6; mean 4; S = 6; W = 12*6 / (4 * 24) = 0.75.
        let r = vec![vec![1.0, 2.0, 3.0], vec![2.0, 1.0, 3.0]];
        assert!(close(kendall_w(&r), 0.75));
        // Opposite rankings: every rank sum equals the mean.
        let r = vec![vec![1.0, 2.0, 3.0], vec![3.0, 2.0, 1.0]];
        assert!(close(kendall_w(&r), 0.0));
    }

    #[test]
    fn hand_worked_with_ties() {
        // A: 1,1,2 -> ranks 1.5,1.5,3 (T = 6); B: 1,2,3.
        // Sums 2.5, 3.5, 6; S = 6.5; W = 78 / (4*24 - 2*6) = 78/84.
        let r = vec![vec![1.0, 1.0, 2.0], vec![1.0, 2.0, 3.0]];
        assert!(close(kendall_w(&r), 78.0 / 84.0));
        // Tied identical rankings are still perfect agreement.
        let r = vec![vec![1.0, 1.0, 2.0]; 4];
        assert!(close(kendall_w(&r), 1.0));
    }

    #[test]
    fn the_chi_square_test_matches_r() {
        // In R 4.2.2: r <- rbind(c(1,2,3,4,5), c(2,1,3,5,4), c(1,3,2,4,5),
        // c(1,2,4,3,5)); R <- colSums(t(apply(r, 1, rank)));
        // W <- 12 * sum((R - mean(R))^2) / (4^2 * (5^3 - 5)) gives 0.8125;
        // pchisq(4 * 4 * W, 4, lower.tail = FALSE) gives
        // 0.011275793947331792 (options(digits = 17)).
        let r = vec![
            vec![1.0, 2.0, 3.0, 4.0, 5.0],
            vec![2.0, 1.0, 3.0, 5.0, 4.0],
            vec![1.0, 3.0, 2.0, 4.0, 5.0],
            vec![1.0, 2.0, 4.0, 3.0, 5.0],
        ];
        let w = kendall_w(&r).unwrap_or(f64::NAN);
        assert!(close(Some(w), 0.8125));
        let test = kendall_test(w, 4, 5);
        assert_eq!(test.map(|t| (t.df, t.m, t.n)), Some((4, 4, 5)));
        assert!(test.is_some_and(|t| (t.chi2 - 13.0).abs() < 1e-12));
        assert!(
            test.is_some_and(|t| (t.p - 0.011_275_793_947_331_792).abs() < 1e-14),
            "{test:?}"
        );
        assert_eq!(kendall_test(0.5, 1, 5), None, "one rater");
        assert_eq!(kendall_test(0.5, 4, 1), None, "one object");
    }

    #[test]
    fn undefined_cases_are_none() {
        assert_eq!(kendall_w(&[]), None);
        assert_eq!(kendall_w(&[vec![1.0, 2.0, 3.0]]), None, "one rater");
        assert_eq!(
            kendall_w(&[vec![2.0, 2.0], vec![4.0, 4.0]]),
            None,
            "all tied"
        );
        assert_eq!(kendall_w(&[vec![1.0], vec![2.0]]), None, "one object");
        assert_eq!(kendall_w(&[vec![1.0, 2.0], vec![2.0]]), None, "ragged");
    }
}
