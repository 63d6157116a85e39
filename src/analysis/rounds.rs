//! Delphi rounds: how the group's answers moved from one round to another.
//!
//! A change is computed only over the participants who gave a cell a
//! numeric rating in both rounds (the paired panel; "don't know" is left
//! out, as everywhere): someone who joined in round 2, or left after round
//! 1, would otherwise move the median without anyone changing their mind. In a pool of workshops that ran different numbers of rounds,
//! this leaves out the workshops that have only one of the two rounds.

use std::collections::HashMap;

use serde::Serialize;

use crate::domain::{Score, Session};

use super::{CellStats, Histogram, concordance};

/// Whether `score` lies outside the previous round's interquartile range
/// `q1`..`q3` by more than `margin` scale points (Delphi practice: the
/// expert is asked for a reason). A "don't know", a missing answer or a
/// cell without quartiles is never one.
#[must_use]
pub fn is_outlier(score: Option<Score>, q1: Option<f64>, q3: Option<f64>, margin: f64) -> bool {
    match (score, q1, q3) {
        (Some(Score::Value(x)), Some(lo), Some(hi)) => {
            let x = f64::from(x);
            x < lo - margin - 1e-9 || x > hi + margin + 1e-9
        }
        _ => false,
    }
}

/// How one (stage, dimension) cell moved between two rounds, over the
/// participants who rated it in both.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellChange {
    pub stage: String,
    pub dimension: String,
    /// Participants who gave this cell a numeric rating in both rounds
    /// (the report's n: "don't know" is not counted).
    pub n: usize,
    pub from_median: Option<f64>,
    pub to_median: Option<f64>,
    /// `to_median - from_median`; `None` unless both rounds have a median.
    pub shift: Option<f64>,
    pub from_iqr: Option<f64>,
    pub to_iqr: Option<f64>,
    /// `to_iqr - from_iqr` (negative: the group drew closer).
    pub iqr_change: Option<f64>,
    pub from_consensus: bool,
    pub to_consensus: bool,
    /// Consensus in the later round but not in the earlier one.
    pub reached: bool,
    /// Consensus in the earlier round but not in the later one.
    pub lost: bool,
}

/// Kendall's W of one dimension in both rounds (each over every participant
/// who ranked all stages in that round).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WChange {
    pub dimension: String,
    pub from_m: usize,
    pub from_w: Option<f64>,
    pub to_m: usize,
    pub to_w: Option<f64>,
}

/// The change between two rounds, cell by cell, with summary counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RoundChange {
    pub from_round: u32,
    pub to_round: u32,
    /// Every stage x reported dimension that someone rated in both rounds,
    /// in template order.
    pub cells: Vec<CellChange>,
    /// Participants with a numeric rating of at least one cell in both rounds.
    pub paired_participants: usize,
    /// Cells with consensus in `from_round` (over the paired participants).
    pub consensus_from: usize,
    /// Cells with consensus in `to_round` (over the paired participants).
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
    /// Cells rated in both rounds, but by nobody with a numeric rating in
    /// both: left out.
    pub unpaired: usize,
    /// Kendall's W per dimension in both rounds.
    pub concordance: Vec<WChange>,
}

/// One participant's scores in one round, by (stage, dimension).
type Sheet<'a> = HashMap<(&'a str, &'a str), Score>;

fn sheets_of(session: &Session, round: u32) -> HashMap<&str, Sheet<'_>> {
    let mut out: HashMap<&str, Sheet<'_>> = HashMap::new();
    for sheet in session.ratings.iter().filter(|s| s.round == round) {
        let own = out.entry(sheet.participant.as_str()).or_default();
        for e in &sheet.entries {
            own.insert((e.stage.as_str(), e.dimension.as_str()), e.score);
        }
    }
    out
}

/// Compares `from_round` with `to_round` of `session` cell by cell, over the
/// participants who gave each cell a numeric rating in both rounds.
#[must_use]
pub fn round_change(session: &Session, from_round: u32, to_round: u32) -> RoundChange {
    let template = &session.template;
    let before = sheets_of(session, from_round);
    let after = sheets_of(session, to_round);
    // Paired histograms per cell, and who rated each cell at all per round.
    let mut pairs: HashMap<(&str, &str), (Histogram, Histogram)> = HashMap::new();
    let mut paired_people = 0usize;
    for (person, a) in &before {
        let Some(b) = after.get(person) else {
            continue;
        };
        let mut any = false;
        for (cell, &sa) in a {
            // A "don't know" in either round pairs nothing: n counts
            // numeric ratings, and both medians are over the same people.
            if let Some(&sb) = b.get(cell)
                && matches!(sa, Score::Value(_))
                && matches!(sb, Score::Value(_))
            {
                let (ha, hb) = pairs.entry(*cell).or_default();
                ha.add(sa);
                hb.add(sb);
                any = true;
            }
        }
        paired_people += usize::from(any);
    }
    let rated = |sheets: &HashMap<&str, Sheet<'_>>, cell: (&str, &str)| {
        sheets.values().any(|s| s.contains_key(&cell))
    };
    let dims = super::Aggregate::new(session)
        .dimensions(template)
        .into_iter()
        .map(|d| d.id.clone())
        .collect::<Vec<_>>();
    let mut cells = Vec::new();
    let (mut not_rerated, mut unpaired) = (0, 0);
    for stage in &template.stages {
        for dim in &dims {
            let key = (stage.id.as_str(), dim.as_str());
            let Some((ha, hb)) = pairs.get(&key) else {
                let (ra, rb) = (rated(&before, key), rated(&after, key));
                not_rerated += usize::from(ra && !rb);
                unpaired += usize::from(ra && rb);
                continue;
            };
            let d = template.dimension(dim);
            let rule = &template.consensus;
            let a: CellStats = ha.stats(&stage.id, dim, from_round, d, rule);
            let b: CellStats = hb.stats(&stage.id, dim, to_round, d, rule);
            cells.push(CellChange {
                stage: stage.id.clone(),
                dimension: dim.clone(),
                n: ha.n(),
                from_median: a.median,
                to_median: b.median,
                shift: a.median.zip(b.median).map(|(x, y)| y - x),
                from_iqr: a.iqr,
                to_iqr: b.iqr,
                iqr_change: a.iqr.zip(b.iqr).map(|(x, y)| y - x),
                from_consensus: a.consensus,
                to_consensus: b.consensus,
                reached: b.consensus && !a.consensus,
                lost: a.consensus && !b.consensus,
            });
        }
    }
    let shifts: Vec<f64> = cells.iter().filter_map(|c| c.shift).collect();
    let mean_abs_shift = (!shifts.is_empty())
        .then(|| shifts.iter().map(|s| s.abs()).sum::<f64>() / shifts.len() as f64);
    let w = concordance(session);
    let concordance = dims
        .iter()
        .filter_map(|d| {
            let x = w
                .iter()
                .find(|c| &c.dimension == d && c.round == from_round);
            let y = w.iter().find(|c| &c.dimension == d && c.round == to_round);
            (x.is_some() || y.is_some()).then(|| WChange {
                dimension: d.clone(),
                from_m: x.map_or(0, |c| c.m),
                from_w: x.and_then(|c| c.w),
                to_m: y.map_or(0, |c| c.m),
                to_w: y.and_then(|c| c.w),
            })
        })
        .collect();
    RoundChange {
        from_round,
        to_round,
        paired_participants: paired_people,
        consensus_from: cells.iter().filter(|c| c.from_consensus).count(),
        consensus_to: cells.iter().filter(|c| c.to_consensus).count(),
        reached: cells.iter().filter(|c| c.reached).count(),
        lost: cells.iter().filter(|c| c.lost).count(),
        moved: shifts.iter().filter(|s| s.abs() > 1e-12).count(),
        mean_abs_shift,
        not_rerated,
        unpaired,
        concordance,
        cells,
    }
}

/// The rounds with ratings that may be shown (a blind round stays out
/// until it is revealed), in order.
fn shown_rounds(session: &Session, agg: &super::Aggregate) -> Vec<u32> {
    agg.rounds()
        .into_iter()
        .filter(|&r| {
            session
                .round(r)
                .is_none_or(crate::domain::Round::aggregate_visible)
        })
        .collect()
}

/// The change between every pair of consecutive rounds that have ratings
/// and may be shown (blind rounds stay out until revealed).
#[must_use]
pub fn round_changes(session: &Session) -> Vec<RoundChange> {
    let agg = super::Aggregate::new(session);
    shown_rounds(session, &agg)
        .windows(2)
        .map(|w| round_change(session, w[0], w[1]))
        .collect()
}

/// One answer outside the previous round's middle range by more than the
/// consensus rule's margin, with the reason its expert gave (the cell's
/// comment), if any.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outlier {
    pub round: u32,
    pub participant: String,
    pub stage: String,
    pub dimension: String,
    pub value: u8,
    /// The round whose Q1-Q3 the answer is compared with: per dimension,
    /// the latest earlier round that rated it.
    pub previous_round: u32,
    pub q1: f64,
    pub q3: f64,
    pub reason: Option<String>,
}

/// Every outlier of every round that may be shown, round by round, in
/// template order, then participant order.
#[must_use]
pub fn outliers(session: &Session) -> Vec<Outlier> {
    let agg = super::Aggregate::new(session);
    let t = &session.template;
    let rounds = shown_rounds(session, &agg);
    let mut out = Vec::new();
    for &round in &rounds {
        let earlier = super::RoundSelection::new(&agg, t, super::RoundChoice::Latest, |r| {
            r < round && rounds.contains(&r)
        });
        for d in &t.dimensions {
            let Some(previous) = earlier.round_of(&d.id) else {
                continue;
            };
            for st in &t.stages {
                let cell = agg.cell(t, previous, &st.id, &d.id);
                let (Some(q1), Some(q3)) = (cell.q1, cell.q3) else {
                    continue;
                };
                for p in &session.participants {
                    let Some(e) = session.rating(&p.id, round, &st.id, &d.id) else {
                        continue;
                    };
                    let Score::Value(value) = e.score else {
                        continue;
                    };
                    if is_outlier(
                        Some(e.score),
                        Some(q1),
                        Some(q3),
                        t.consensus.outlier_margin,
                    ) {
                        out.push(Outlier {
                            round,
                            participant: p.id.clone(),
                            stage: st.id.clone(),
                            dimension: d.id.clone(),
                            value,
                            previous_round: previous,
                            q1,
                            q3,
                            reason: e.comment.clone(),
                        });
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Change, EnteredBy, Round};
    use crate::synthetic::{epoch, synthetic_session};

    #[test]
    fn an_outlier_is_a_value_outside_the_quartiles_by_more_than_the_margin() {
        let (q1, q3) = (Some(2.0), Some(3.0));
        let value = |v| Some(Score::Value(v));
        assert!(is_outlier(value(1), q1, q3, 0.0));
        assert!(is_outlier(value(4), q1, q3, 0.0));
        assert!(!is_outlier(value(2), q1, q3, 0.0), "the edges are inside");
        assert!(!is_outlier(value(3), q1, q3, 0.0));
        // One scale point of margin: 1 and 4 are close enough, 5 is not.
        assert!(!is_outlier(value(1), q1, q3, 1.0));
        assert!(!is_outlier(value(4), q1, q3, 1.0));
        assert!(is_outlier(value(5), q1, q3, 1.0));
        assert!(!is_outlier(Some(Score::DontKnow), q1, q3, 0.0));
        assert!(!is_outlier(None, q1, q3, 0.0));
        assert!(
            !is_outlier(value(5), None, q3, 0.0),
            "no quartiles, no outlier"
        );
    }

    #[test]
    fn outliers_are_listed_with_their_reasons() {
        let mut s = synthetic_session("o", 4, 1);
        s.ratings.clear();
        for who in ["p01", "p02", "p03", "p04"] {
            rate(&mut s, who, 1, 3);
        }
        start_round_2(&mut s);
        s.apply(&Change::SetRating {
            participant: "p01".into(),
            round: 2,
            stage: "mining".into(),
            dimension: "maturity".into(),
            score: Score::Value(5),
            comment: Some("new plants in Nevada".into()),
            at: epoch(),
            entered_by: EnteredBy::Device,
        })
        .expect("an answer with its reason");
        rate(&mut s, "p02", 2, 4);
        let found = outliers(&s);
        assert_eq!(found.len(), 1, "4 is within the margin: {found:?}");
        let o = &found[0];
        assert_eq!((o.participant.as_str(), o.value, o.round), ("p01", 5, 2));
        assert_eq!((o.previous_round, o.q1, o.q3), (1, 3.0, 3.0));
        assert_eq!(o.reason.as_deref(), Some("new plants in Nevada"));
    }

    fn start_round_2(s: &mut Session) {
        let round = Round {
            number: 2,
            started: epoch(),
            blind: false,
            revealed: false,
            absent: Vec::new(),
        };
        s.apply(&Change::StartRound(round)).expect("round 2");
    }

    fn rate(s: &mut Session, who: &str, round: u32, v: u8) {
        rate_score(s, who, round, Score::Value(v));
    }

    fn rate_score(s: &mut Session, who: &str, round: u32, score: Score) {
        let change = Change::SetRating {
            participant: who.to_owned(),
            round,
            stage: "mining".into(),
            dimension: "maturity".into(),
            score,
            comment: None,
            at: epoch(),
            entered_by: EnteredBy::Facilitator,
        };
        s.apply(&change).expect("a valid rating");
    }

    #[test]
    fn only_participants_of_both_rounds_count() {
        let mut s = synthetic_session("t", 6, 3);
        start_round_2(&mut s);
        for p in ["p01", "p02", "p03"] {
            rate(&mut s, p, 1, 2);
            rate(&mut s, p, 2, 2);
        }
        // Three others rated 5 in round 1 only: a naive comparison would
        // see the median fall.
        for p in ["p04", "p05", "p06"] {
            rate(&mut s, p, 1, 5);
        }
        let rc = round_change(&s, 1, 2);
        let cell = rc
            .cells
            .iter()
            .find(|c| c.stage == "mining" && c.dimension == "maturity")
            .expect("the re-rated cell");
        assert_eq!(cell.n, 3);
        assert_eq!((cell.from_median, cell.to_median), (Some(2.0), Some(2.0)));
        assert_eq!(cell.shift, Some(0.0));
        assert_eq!(rc.paired_participants, 3);
        assert_eq!(rc.cells.len(), 1);
        assert!(rc.not_rerated > 0);
        assert_eq!(round_changes(&s).len(), 1);
    }

    #[test]
    fn a_dont_know_in_either_round_pairs_nothing() {
        let mut s = synthetic_session("t", 6, 3);
        start_round_2(&mut s);
        // p01, p02: numeric in both rounds; p03: "don't know" in round 2;
        // p04: "don't know" in round 1; p05: "don't know" in both.
        rate(&mut s, "p01", 1, 2);
        rate(&mut s, "p01", 2, 3);
        rate(&mut s, "p02", 1, 3);
        rate(&mut s, "p02", 2, 4);
        rate(&mut s, "p03", 1, 5);
        rate_score(&mut s, "p03", 2, Score::DontKnow);
        rate_score(&mut s, "p04", 1, Score::DontKnow);
        rate(&mut s, "p04", 2, 1);
        rate_score(&mut s, "p05", 1, Score::DontKnow);
        rate_score(&mut s, "p05", 2, Score::DontKnow);
        let rc = round_change(&s, 1, 2);
        let cell = rc
            .cells
            .iter()
            .find(|c| c.stage == "mining" && c.dimension == "maturity")
            .expect("the re-rated cell");
        assert_eq!(cell.n, 2, "numeric ratings in both rounds only");
        // Both medians over the same two people: p03's 5 and p04's 1 stay out.
        assert_eq!((cell.from_median, cell.to_median), (Some(2.5), Some(3.5)));
        assert_eq!(rc.paired_participants, 2);
    }
}
