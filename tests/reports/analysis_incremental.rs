//! The incrementally maintained aggregate equals a full recomputation after
//! any sequence of rating changes, undo included.

use chrono::{Duration, TimeZone, Utc};
use proptest::prelude::*;

use loopshop::analysis::{Aggregate, ConcordanceTracker, concordance, kendall_w};
use loopshop::domain::{Change, Participant, Round, Score, Session, default_template};

fn base_session() -> Session {
    let now = Utc
        .with_ymd_and_hms(2026, 3, 12, 9, 0, 0)
        .single()
        .unwrap_or_default();
    // Three stages, so that participants often rate every stage of a dimension.
    let mut template = default_template();
    template.stages.truncate(3);
    let mut s = Session::new("prop", "f", template, now);
    for i in 1..=4 {
        let p = Participant {
            id: format!("p{i:02}"),
            alias: format!("P{i}"),
            role: String::new(),
            organisation: String::new(),
            joined: false,
        };
        assert!(s.apply(&Change::AddParticipant(p)).is_ok());
    }
    let r2 = Round {
        number: 2,
        started: now + Duration::hours(1),
        blind: true,
        revealed: false,
        absent: Vec::new(),
    };
    assert!(s.apply(&Change::StartRound(r2)).is_ok());
    s
}

/// (participant, round, stage, dimension, score) where score None = clear,
/// Some(0) = don't know.
type Op = (usize, u32, usize, usize, Option<u8>);

fn op() -> impl Strategy<Value = Op> {
    (
        0usize..4,
        1u32..=2,
        0usize..3,
        0usize..3,
        prop::option::weighted(0.8, 0u8..=5),
    )
}

fn to_change(s: &Session, (p, round, st, d, score): Op) -> Change {
    let participant = s.participants[p].id.clone();
    let stage = s.template.stages[st].id.clone();
    let dimension = s.template.dimensions[d].id.clone();
    match score {
        None => Change::ClearRating {
            participant,
            round,
            stage,
            dimension,
        },
        Some(v) => Change::SetRating {
            participant,
            round,
            stage,
            dimension,
            score: if v == 0 {
                Score::DontKnow
            } else {
                Score::Value(v)
            },
            comment: None,
            at: s.created + Duration::seconds(60),
            entered_by: loopshop::domain::EnteredBy::Facilitator,
        },
    }
}

fn cell_of(c: &Change) -> Option<(String, u32, String, String)> {
    c.cell()
        .map(|k| (k.participant, k.round, k.stage, k.dimension))
}

proptest! {
    #![proptest_config(crate::support::proptest_config(200))]

    #[test]
    fn incremental_equals_full(ops in prop::collection::vec(op(), 0..80), undo in 0usize..10) {
        let mut s = base_session();
        let mut by_pair = Aggregate::new(&s);
        let mut by_scores = Aggregate::new(&s);
        let mut live_w = ConcordanceTracker::new(&s);
        let mut inverses = Vec::new();
        for o in ops {
            let change = to_change(&s, o);
            let Some((p, round, stage, dim)) = cell_of(&change) else { continue };
            let old = s.rating(&p, round, &stage, &dim).map(loopshop::domain::RatingEntry::score);
            let inverse = s.apply(&change);
            prop_assert!(inverse.is_ok());
            let Ok(Some(inverse)) = inverse else { continue };
            let new = s.rating(&p, round, &stage, &dim).map(loopshop::domain::RatingEntry::score);
            by_pair.record_applied(&s.template, &change, &inverse);
            by_scores.record(&s.template, round, &stage, &dim, old, new);
            live_w.record(&s.template, &p, round, &stage, &dim, old, new);
            inverses.push(inverse);
        }
        // Undo some changes, newest first, as the app does.
        for _ in 0..undo {
            let Some(inv) = inverses.pop() else { break };
            let Ok(Some(redo)) = s.apply(&inv) else { prop_assert!(false, "undo failed"); continue };
            by_pair.record_applied(&s.template, &inv, &redo);
            live_w.record_applied(&s.template, &inv, &redo);
            if let Some((p, round, stage, dim)) = cell_of(&inv) {
                let old = match &redo { Change::SetRating { score, .. } => Some(*score), _ => None };
                let new = s.rating(&p, round, &stage, &dim).map(loopshop::domain::RatingEntry::score);
                by_scores.record(&s.template, round, &stage, &dim, old, new);
            }
        }
        let full = Aggregate::new(&s);
        prop_assert_eq!(&by_pair, &full);
        prop_assert_eq!(&by_scores, &full);
        prop_assert_eq!(by_pair.cells(&s.template), full.cells(&s.template));
        prop_assert_eq!(by_pair.rounds(), full.rounds());
        for r in full.rounds() {
            prop_assert_eq!(by_pair.model(&s.template, r), full.model(&s.template, r));
        }
        // Every round listed has ratings and every rating's round is listed.
        let mut rated: Vec<u32> = s.ratings.iter().filter(|r| !r.entries.is_empty()).map(|r| r.round).collect();
        rated.sort_unstable();
        rated.dedup();
        prop_assert_eq!(full.rounds(), rated);
        // Concordance equals a naive computation from per-cell look-ups.
        let mut naive = Vec::new();
        for r in full.rounds() {
            for d in full.dimensions(&s.template) {
                let complete: Vec<Vec<f64>> = s
                    .participants
                    .iter()
                    .filter_map(|p| {
                        s.template
                            .stages
                            .iter()
                            .map(|st| {
                                s.rating(&p.id, r, &st.id, &d.id)
                                    .and_then(|e| e.score().value())
                                    .map(f64::from)
                            })
                            .collect::<Option<Vec<f64>>>()
                    })
                    .collect();
                naive.push((d.id.clone(), r, complete.len(), kendall_w(&complete)));
            }
        }
        let got: Vec<_> = concordance(&s).into_iter().map(|c| (c.dimension, c.round, c.m, c.w)).collect();
        prop_assert_eq!(&got, &naive);
        let live: Vec<_> = live_w.results().into_iter().map(|c| (c.dimension, c.round, c.m, c.w)).collect();
        prop_assert_eq!(&live, &naive);
        prop_assert_eq!(&live_w, &ConcordanceTracker::new(&s));
    }
}

#[test]
fn removing_an_emptied_round_forgets_it() {
    let mut s = base_session();
    let mut agg = Aggregate::new(&s);
    let mut live = ConcordanceTracker::new(&s);
    for (round, v) in [(1, 3), (2, 4)] {
        let c = Change::SetRating {
            participant: "p01".into(),
            round,
            stage: "mining".into(),
            dimension: "maturity".into(),
            score: Score::Value(v),
            comment: None,
            at: s.created,
            entered_by: loopshop::domain::EnteredBy::Facilitator,
        };
        let inv = s.apply(&c);
        assert!(matches!(inv, Ok(Some(_))));
        if let Ok(Some(inv)) = inv {
            agg.record_applied(&s.template, &c, &inv);
            live.record_applied(&s.template, &c, &inv);
        }
    }
    assert_eq!(agg.rounds(), vec![1, 2]);
    assert_eq!(live.results().iter().filter(|c| c.round == 2).count(), 5);
    // A round that still holds ratings cannot be removed (undo never drops
    // ratings); once its rating is cleared, it can.
    let refused = s.apply(&Change::RemoveRound { number: 2 });
    assert!(refused.is_err(), "{refused:?}");
    let clear = Change::ClearRating {
        participant: "p01".into(),
        round: 2,
        stage: "mining".into(),
        dimension: "maturity".into(),
    };
    if let Ok(Some(inv)) = s.apply(&clear) {
        agg.record_applied(&s.template, &clear, &inv);
        live.record_applied(&s.template, &clear, &inv);
    }
    let c = Change::RemoveRound { number: 2 };
    let inv = s.apply(&c);
    assert!(matches!(inv, Ok(Some(_))));
    if let Ok(Some(inv)) = inv {
        agg.record_applied(&s.template, &c, &inv);
        live.record_applied(&s.template, &c, &inv);
    }
    assert_eq!(agg.rounds(), vec![1]);
    assert_eq!(live, ConcordanceTracker::new(&s));
    assert_eq!(live.results(), concordance(&s));
    assert_eq!(agg, Aggregate::new(&s));
    assert_eq!(
        agg.cell(&s.template, 1, "mining", "maturity").median,
        Some(3.0)
    );
    assert_eq!(agg.cell(&s.template, 2, "mining", "maturity").n, 0);
}
