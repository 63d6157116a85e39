//! Kendall's coefficient of concordance W, with the correction for ties.

use std::collections::{BTreeMap, HashMap};

use crate::domain::Session;

use super::{Aggregate, Concordance};

/// Mid-ranks (1-based) of `values`: tied values share the mean of the ranks
/// they occupy. Returns the ranks and the tie term `sum (t^3 - t)` over the
/// groups of ties.
#[must_use]
pub fn mid_ranks(values: &[f64]) -> (Vec<f64>, f64) {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut ties = 0.0;
    let mut i = 0;
    while i < order.len() {
        let mut j = i + 1;
        while j < order.len() && values[order[j]].total_cmp(&values[order[i]]).is_eq() {
            j += 1;
        }
        // Positions i..j (0-based) hold ranks i+1..=j; their mean:
        #[allow(clippy::cast_precision_loss)]
        let mid = (i + 1 + j) as f64 / 2.0;
        for &k in &order[i..j] {
            ranks[k] = mid;
        }
        #[allow(clippy::cast_precision_loss)]
        let t = (j - i) as f64;
        ties += t * t * t - t;
        i = j;
    }
    (ranks, ties)
}

/// Kendall's W of `m` raters who each rated the same `n` objects
/// (`ratings[j][i]` = rater j's value for object i), ties corrected:
/// `W = 12 S / (m^2 (n^3 - n) - m sum_j T_j)`. `None` when m < 2, n < 2,
/// the raters rated different numbers of objects, or the denominator is zero
/// (every rater tied everything).
#[must_use]
pub fn kendall_w(ratings: &[Vec<f64>]) -> Option<f64> {
    let m = ratings.len();
    let n = ratings.first()?.len();
    if m < 2 || n < 2 || ratings.iter().any(|r| r.len() != n) {
        return None;
    }
    let mut rank_sums = vec![0.0; n];
    let mut tie_sum = 0.0;
    for r in ratings {
        let (ranks, ties) = mid_ranks(r);
        for (s, x) in rank_sums.iter_mut().zip(ranks) {
            *s += x;
        }
        tie_sum += ties;
    }
    #[allow(clippy::cast_precision_loss)]
    let (mf, nf) = (m as f64, n as f64);
    let mean = mf * (nf + 1.0) / 2.0;
    let s: f64 = rank_sums.iter().map(|r| (r - mean) * (r - mean)).sum();
    let denom = mf * mf * (nf * nf * nf - nf) - mf * tie_sum;
    if denom <= 1e-12 {
        return None;
    }
    Some((12.0 * s / denom).clamp(0.0, 1.0))
}

/// Kendall's W per reported dimension (see [`Aggregate::dimensions`]) and
/// round with ratings, over the participants who gave a numeric rating to
/// every stage on that dimension in that round.
pub(super) fn concordance_of(session: &Session) -> Vec<Concordance> {
    let template = &session.template;
    let agg = Aggregate::new(session);
    let dims = agg.dimensions(template);
    let n_stages = template.stages.len();
    let stage_index: HashMap<&str, usize> = template
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let dim_index: HashMap<&str, usize> = dims
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    // (round, participant) -> numeric values, [dimension][stage].
    let mut grids: BTreeMap<(u32, &str), Vec<Vec<Option<u8>>>> = BTreeMap::new();
    for sheet in &session.ratings {
        let grid = grids
            .entry((sheet.round, sheet.participant.as_str()))
            .or_insert_with(|| vec![vec![None; n_stages]; dims.len()]);
        for e in &sheet.entries {
            if let (Some(&s), Some(&d)) =
                (stage_index.get(e.0.as_str()), dim_index.get(e.1.as_str()))
            {
                grid[d][s] = e.2.value();
            }
        }
    }
    let mut out = Vec::new();
    for round in agg.rounds() {
        for (d, dim) in dims.iter().enumerate() {
            let complete: Vec<Vec<f64>> = grids
                .range((round, "")..)
                .take_while(|((r, _), _)| *r == round)
                .filter_map(|(_, grid)| {
                    grid[d]
                        .iter()
                        .map(|v| v.map(f64::from))
                        .collect::<Option<Vec<f64>>>()
                })
                .collect();
            out.push(Concordance {
                dimension: dim.id.clone(),
                round,
                m: complete.len(),
                w: kendall_w(&complete),
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
