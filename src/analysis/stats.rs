//! Descriptive statistics of one cell from a histogram over the integer scale.
//!
//! A [`Histogram`] counts how often each value was given plus the "don't
//! know" answers, so adding or removing one rating is O(1) and every
//! statistic is O(scale): quantiles come from cumulative counts.

use crate::domain::{ConsensusRule, Dimension, Score};

use super::CellStats;

/// Tolerance for comparing computed statistics with the consensus rule, so
/// an IQR of exactly 1.0 obtained by interpolation counts as 1.0.
const EPS: f64 = 1e-9;

/// Counts of the values given in one cell, indexed by value.
#[derive(Debug, Clone, Default)]
pub struct Histogram {
    /// `counts[v]` = how many participants gave value `v`.
    counts: Vec<u32>,
    /// Numeric ratings (sum of `counts`).
    n: u32,
    dont_know: u32,
}

impl PartialEq for Histogram {
    fn eq(&self, other: &Self) -> bool {
        fn trimmed(c: &[u32]) -> &[u32] {
            let end = c.iter().rposition(|&x| x != 0).map_or(0, |i| i + 1);
            &c[..end]
        }
        self.n == other.n
            && self.dont_know == other.dont_know
            && trimmed(&self.counts) == trimmed(&other.counts)
    }
}

impl Histogram {
    /// An empty histogram sized for a scale that ends at `max`.
    #[must_use]
    pub fn with_max(max: u8) -> Self {
        Self {
            counts: vec![0; usize::from(max) + 1],
            n: 0,
            dont_know: 0,
        }
    }

    /// A histogram of the given values.
    #[cfg(test)]
    #[must_use]
    pub fn from_scores(scores: impl IntoIterator<Item = Score>) -> Self {
        let mut h = Self::default();
        for s in scores {
            h.add(s);
        }
        h
    }

    /// Counts one more rating.
    pub fn add(&mut self, score: Score) {
        match score {
            Score::Value(v) => {
                let i = usize::from(v);
                if i >= self.counts.len() {
                    self.counts.resize(i + 1, 0);
                }
                self.counts[i] += 1;
                self.n += 1;
            }
            Score::DontKnow => self.dont_know += 1,
        }
    }

    /// Forgets one rating; a rating that was never counted is ignored.
    pub fn remove(&mut self, score: Score) {
        match score {
            Score::Value(v) => {
                if let Some(c) = self.counts.get_mut(usize::from(v))
                    && *c > 0
                {
                    *c -= 1;
                    self.n -= 1;
                }
            }
            Score::DontKnow => self.dont_know = self.dont_know.saturating_sub(1),
        }
    }

    /// Numeric ratings.
    #[must_use]
    pub fn n(&self) -> usize {
        self.n as usize
    }

    #[must_use]
    pub fn dont_know(&self) -> usize {
        self.dont_know as usize
    }

    /// Ratings of any kind, "don't know" included.
    #[must_use]
    pub fn total(&self) -> usize {
        self.n() + self.dont_know()
    }

    /// `(value, count)` for every value given at least once, ascending.
    pub fn values(&self) -> impl Iterator<Item = (u8, usize)> + '_ {
        self.counts.iter().enumerate().filter_map(|(v, &c)| {
            let v = u8::try_from(v).ok()?;
            (c > 0).then_some((v, c as usize))
        })
    }

    /// The `k`-th smallest value (0-based); `None` when `k >= n`.
    #[must_use]
    pub fn order_statistic(&self, k: usize) -> Option<f64> {
        let mut seen = 0usize;
        for (v, c) in self.values() {
            seen += c;
            if k < seen {
                return Some(f64::from(v));
            }
        }
        None
    }

    /// Quantile `p` in `[0, 1]` by linear interpolation between order
    /// statistics (R type 7, numpy's default).
    #[must_use]
    pub fn quantile(&self, p: f64) -> Option<f64> {
        let n = self.n();
        if n == 0 {
            return None;
        }
        let h = (n - 1) as f64 * p.clamp(0.0, 1.0);
        let lo = h.floor();
        let frac = h - lo;
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let lo = lo as usize;
        let a = self.order_statistic(lo)?;
        if frac == 0.0 {
            return Some(a);
        }
        let b = self.order_statistic((lo + 1).min(n - 1))?;
        Some(a + frac * (b - a))
    }

    #[must_use]
    pub fn mean(&self) -> Option<f64> {
        if self.n == 0 {
            return None;
        }
        let sum: f64 = self
            .values()
            .map(|(v, c)| f64::from(v) * c as f64)
            .sum::<f64>();
        Some(sum / f64::from(self.n))
    }

    /// Sample standard deviation (n - 1); `None` when n < 2.
    #[must_use]
    pub fn sd(&self) -> Option<f64> {
        if self.n < 2 {
            return None;
        }
        let mean = self.mean()?;
        let ss: f64 = self
            .values()
            .map(|(v, c)| {
                let d = f64::from(v) - mean;
                d * d * c as f64
            })
            .sum();
        Some((ss / f64::from(self.n - 1)).sqrt())
    }

    /// Share of the numeric ratings that fall in the band holding most of
    /// them; `None` when there are none. Values in no band count for none.
    #[must_use]
    pub fn agreement(&self, dimension: &Dimension) -> Option<f64> {
        if self.n == 0 {
            return None;
        }
        let mut per_band = vec![0usize; dimension.bands.len()];
        for (v, c) in self.values() {
            if let Some(b) = dimension.band_index(f64::from(v)) {
                per_band[b] += c;
            }
        }
        let most = per_band.into_iter().max().unwrap_or(0);
        let share = most as f64 / f64::from(self.n);
        Some(share)
    }

    /// Every statistic of the cell. `dimension` gives the bands; without it
    /// (a dimension the template does not know) level and agreement are `None`.
    #[must_use]
    pub fn stats(
        &self,
        stage: &str,
        dimension_id: &str,
        round: u32,
        dimension: Option<&Dimension>,
        rule: &ConsensusRule,
    ) -> CellStats {
        let median = self.quantile(0.5);
        let q1 = self.quantile(0.25);
        let q3 = self.quantile(0.75);
        let iqr = q1.zip(q3).map(|(a, b)| b - a);
        let level = dimension
            .zip(median)
            .and_then(|(d, m)| d.band_of(m))
            .map(|b| b.id.clone());
        let agreement = dimension.and_then(|d| self.agreement(d));
        let consensus = self.n >= rule.min_n
            && iqr.is_some_and(|i| i <= rule.max_iqr + EPS)
            && agreement.is_some_and(|a| a >= rule.min_agreement - EPS);
        CellStats {
            stage: stage.to_owned(),
            dimension: dimension_id.to_owned(),
            round,
            n: self.n(),
            dont_know: self.dont_know(),
            median,
            mean: self.mean(),
            sd: self.sd(),
            q1,
            q3,
            iqr,
            level,
            agreement,
            consensus,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::default_template;

    fn hist(values: &[u8]) -> Histogram {
        Histogram::from_scores(values.iter().map(|&v| Score::Value(v)))
    }

    fn close(a: Option<f64>, b: f64) -> bool {
        a.is_some_and(|a| (a - b).abs() < 1e-12)
    }

    #[test]
    fn quantiles_match_numpy_type7() {
        // numpy.quantile([1,2,3,4], [.25,.5,.75]) == [1.75, 2.5, 3.25]
        let h = hist(&[4, 1, 3, 2]);
        assert!(close(h.quantile(0.25), 1.75));
        assert!(close(h.quantile(0.5), 2.5));
        assert!(close(h.quantile(0.75), 3.25));
        // numpy.quantile([2,4,4,5], [.25,.5,.75]) == [3.5, 4.0, 4.25]
        let h = hist(&[5, 4, 2, 4]);
        assert!(close(h.quantile(0.25), 3.5));
        assert!(close(h.quantile(0.5), 4.0));
        assert!(close(h.quantile(0.75), 4.25));
        // odd n: [1,2,3,4,5] -> 2, 3, 4
        let h = hist(&[3, 1, 5, 2, 4]);
        assert!(close(h.quantile(0.25), 2.0));
        assert!(close(h.quantile(0.5), 3.0));
        assert!(close(h.quantile(0.75), 4.0));
        assert!(close(h.quantile(0.0), 1.0));
        assert!(close(h.quantile(1.0), 5.0));
    }

    #[test]
    fn mean_and_sample_sd() {
        let h = hist(&[1, 2, 3, 4]);
        assert!(close(h.mean(), 2.5));
        assert!(close(h.sd(), (5.0f64 / 3.0).sqrt()));
        let h = hist(&[2, 4, 4, 5]);
        assert!(close(h.mean(), 3.75));
        assert!(close(h.sd(), (4.75f64 / 3.0).sqrt()));
        assert_eq!(hist(&[3]).sd(), None);
        assert!(close(hist(&[3]).mean(), 3.0));
    }

    #[test]
    fn removing_restores_equality_and_ignores_unknown() {
        let mut h = hist(&[1, 2, 5]);
        h.add(Score::DontKnow);
        h.remove(Score::Value(5));
        h.remove(Score::DontKnow);
        h.remove(Score::Value(4)); // never added: ignored
        assert_eq!(h, hist(&[1, 2]));
        assert_eq!(h.n(), 2);
        assert_eq!(h.dont_know(), 0);
    }

    #[test]
    fn agreement_is_share_in_the_fullest_band() {
        let t = default_template();
        let d = &t.dimensions[0]; // low [1,2.5) medium [2.5,3.5) high [3.5,5]
        assert!(close(hist(&[1, 2, 3, 4, 5]).agreement(d), 0.4));
        assert!(close(hist(&[3, 4, 4, 4, 5]).agreement(d), 0.8));
        assert!(close(hist(&[1, 1, 3]).agreement(d), 2.0 / 3.0));
        assert_eq!(hist(&[]).agreement(d), None);
    }

    #[test]
    fn cell_stats_consensus_and_level() {
        let t = default_template();
        let d = &t.dimensions[0];
        let rule = t.consensus; // iqr <= 1, agreement >= .75, n >= 3
        let s = hist(&[3, 4, 4, 4, 5]).stats("a", &d.id, 1, Some(d), &rule);
        assert_eq!(s.level.as_deref(), Some("high"));
        assert!(close(s.iqr, 0.0));
        assert!(s.consensus);
        // Even n, median on a band boundary: (3 + 4) / 2 = 3.5 is "high".
        let s = hist(&[2, 3, 3, 3, 4, 4, 4, 4]).stats("a", &d.id, 1, Some(d), &rule);
        assert!(close(s.median, 3.5));
        assert_eq!(s.level.as_deref(), Some("high"));
        assert!(!s.consensus, "agreement 4/8 is below 0.75");
        // All equal: consensus once n >= 3.
        assert!(
            hist(&[2, 2, 2])
                .stats("a", &d.id, 1, Some(d), &rule)
                .consensus
        );
        assert!(!hist(&[2, 2]).stats("a", &d.id, 1, Some(d), &rule).consensus);
        // IQR of 1.5 fails.
        let s = hist(&[1, 2, 3, 4]).stats("a", &d.id, 1, Some(d), &rule);
        assert!(close(s.iqr, 1.5));
        assert_eq!(s.level.as_deref(), Some("medium"));
        assert!(!s.consensus);
    }

    #[test]
    fn one_rating_and_dont_know_only() {
        let t = default_template();
        let d = &t.dimensions[1];
        let s = hist(&[5]).stats("mining", &d.id, 2, Some(d), &t.consensus);
        assert_eq!((s.n, s.dont_know, s.round), (1, 0, 2));
        assert!(close(s.median, 5.0) && close(s.q1, 5.0) && close(s.q3, 5.0));
        assert!(close(s.iqr, 0.0) && close(s.agreement, 1.0));
        assert_eq!(s.sd, None);
        assert!(!s.consensus, "one rating is below min_n");

        let h = Histogram::from_scores([Score::DontKnow, Score::DontKnow]);
        let s = h.stats("mining", &d.id, 1, Some(d), &t.consensus);
        assert_eq!((s.n, s.dont_know), (0, 2));
        assert_eq!(
            (s.median, s.mean, s.sd, s.q1, s.q3, s.iqr),
            (None, None, None, None, None, None)
        );
        assert_eq!((s.level, s.agreement, s.consensus), (None, None, false));
    }
}
