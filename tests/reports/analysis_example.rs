//! The shipped example places the stages where the paper does, and the
//! session-level results hang together.

use loopshop::analysis::{Aggregate, concordance, kendall_w, round_change};
use loopshop::domain::{Change, Score};
use loopshop::synthetic::{example_session, synthetic_session};

fn level(agg: &Aggregate, s: &loopshop::domain::Session, stage: &str, dim: &str) -> Option<String> {
    agg.cell(&s.template, 1, stage, dim).level
}

#[test]
fn example_matches_the_papers_findings() {
    let s = example_session();
    let agg = Aggregate::new(&s);
    assert_eq!(agg.rounds(), vec![1]);
    for stage in ["collection", "recycling"] {
        assert_eq!(
            level(&agg, &s, stage, "circularity_impact").as_deref(),
            Some("high"),
            "{stage}"
        );
    }
    assert_eq!(
        level(&agg, &s, "production", "carbon_footprint").as_deref(),
        Some("high")
    );
    for stage in ["design", "production"] {
        assert_eq!(
            level(&agg, &s, stage, "digitalization_difficulty").as_deref(),
            Some("low"),
            "{stage}"
        );
    }
    let maturity = |stage: &str| agg.cell(&s.template, 1, stage, "maturity").median;
    let lowest = ["exploration", "mining", "collection", "recycling"];
    let worst_of_lowest = lowest
        .iter()
        .filter_map(|st| maturity(st))
        .fold(f64::MIN, f64::max);
    for st in &s.template.stages {
        if !lowest.contains(&st.id.as_str()) {
            let m = maturity(&st.id);
            assert!(
                m.is_some_and(|m| m > worst_of_lowest),
                "{} maturity {m:?}",
                st.id
            );
        }
    }
    // None of them reaches the high band (mining sits on the low/medium border).
    for st in lowest {
        assert_ne!(
            level(&agg, &s, st, "maturity").as_deref(),
            Some("high"),
            "{st}"
        );
    }
    // The model uses the same medians as the cells.
    let model = agg.model(&s.template, 1);
    assert_eq!(model.len(), 9);
    for p in &model {
        let cell = |d: &str| agg.cell(&s.template, 1, &p.stage, d);
        assert_eq!(p.x, cell("digitalization_difficulty").median);
        assert_eq!(p.y, cell("circularity_impact").median);
        assert_eq!(p.size, cell("carbon_footprint").median);
        assert_eq!(p.colour, cell("maturity").median);
        let all = [
            "digitalization_difficulty",
            "circularity_impact",
            "carbon_footprint",
            "maturity",
        ]
        .iter()
        .all(|d| cell(d).consensus);
        assert_eq!(p.consensus, all);
    }
}

#[test]
fn cells_cover_every_stage_and_dimension_once() {
    let s = example_session();
    let agg = Aggregate::new(&s);
    let cells = agg.cells(&s.template);
    assert_eq!(cells.len(), 9 * 5);
    assert_eq!(cells[0].stage, "exploration");
    assert_eq!(cells[0].dimension, "circularity_impact");
    assert_eq!(cells[44].stage, "recycling");
    assert_eq!(cells[44].dimension, "circularity_difficulty");
    let total: usize = cells.iter().map(|c| c.n + c.dont_know).sum();
    assert_eq!(total, s.rating_count());
    assert!(cells.iter().all(|c| c.n + c.dont_know <= 17));
}

#[test]
fn concordance_on_the_example_is_strong_and_complete() {
    let s = example_session();
    let conc = concordance(&s);
    assert_eq!(conc.len(), 5);
    for c in &conc {
        assert_eq!(c.round, 1);
        // Raters with a "don't know" on the dimension are left out.
        let complete = s
            .participants
            .iter()
            .filter(|p| {
                s.template.stages.iter().all(|st| {
                    s.rating(&p.id, 1, &st.id, &c.dimension)
                        .is_some_and(|e| matches!(e.score(), Score::Value(_)))
                })
            })
            .count();
        assert_eq!(c.m, complete, "{}", c.dimension);
        // Same W as from the naive per-cell look-ups.
        let rows: Vec<Vec<f64>> = s
            .participants
            .iter()
            .filter_map(|p| {
                s.template
                    .stages
                    .iter()
                    .map(|st| {
                        s.rating(&p.id, 1, &st.id, &c.dimension)
                            .and_then(|e| e.score().value())
                            .map(f64::from)
                    })
                    .collect::<Option<Vec<f64>>>()
            })
            .collect();
        assert_eq!(c.w, kendall_w(&rows), "{}", c.dimension);
        // Profiles are clearly separated: the room broadly agrees.
        assert!(
            c.w.is_some_and(|w| w > 0.5 && w <= 1.0),
            "{} W {:?}",
            c.dimension,
            c.w
        );
    }
}

#[test]
fn a_second_round_reports_shifts_and_consensus_changes() {
    let mut s = synthetic_session("rounds", 6, 7);
    let r2 = loopshop::domain::Round {
        number: 2,
        started: s.created,
        blind: false,
        revealed: false,
        absent: Vec::new(),
    };
    assert!(s.apply(&Change::StartRound(r2)).is_ok());
    // Round 2: everybody rates mining maturity 1 and design maturity 5.
    let ids: Vec<String> = s.participants.iter().map(|p| p.id.clone()).collect();
    for p in &ids {
        for (stage, v) in [("mining", 1), ("design", 5)] {
            let c = Change::SetRating {
                participant: p.clone(),
                round: 2,
                stage: stage.into(),
                dimension: "maturity".into(),
                score: Score::Value(v),
                comment: None,
                at: s.created,
                entered_by: loopshop::domain::EnteredBy::Facilitator,
            };
            assert!(s.apply(&c).is_ok());
        }
    }
    let agg = Aggregate::new(&s);
    assert_eq!(agg.rounds(), vec![1, 2]);
    let rc = round_change(&s, 1, 2);
    // Only the cells rated in both rounds are compared; the 43 others were
    // not re-rated and are counted apart, never as changes or losses.
    assert_eq!(rc.cells.len(), 2);
    assert_eq!(rc.not_rerated, 43);
    let mining = rc
        .cells
        .iter()
        .find(|c| c.stage == "mining" && c.dimension == "maturity");
    let mining = mining.cloned();
    let m1 = agg.cell(&s.template, 1, "mining", "maturity");
    assert!(
        mining
            .as_ref()
            .is_some_and(|c| c.to_median == Some(1.0) && c.to_consensus)
    );
    assert_eq!(
        mining.as_ref().and_then(|c| c.shift),
        m1.median.map(|m| 1.0 - m)
    );
    // Only the two re-rated cells have a median in both rounds.
    let with_shift = rc.cells.iter().filter(|c| c.shift.is_some()).count();
    assert_eq!(with_shift, 2);
    assert_eq!(rc.consensus_to, 2);
    let c1 = ["mining", "design"]
        .iter()
        .filter(|st| agg.cell(&s.template, 1, st, "maturity").consensus)
        .count();
    assert_eq!(rc.consensus_from, c1);
    // A cell not re-rated is never "lost": both re-rated cells reach consensus.
    assert_eq!(rc.lost, 0);
    let d1 = agg.cell(&s.template, 1, "design", "maturity").median;
    let expected = f64::midpoint(
        m1.median.map_or(0.0, |m| (1.0 - m).abs()),
        d1.map_or(0.0, |m| (5.0 - m).abs()),
    );
    assert!(
        rc.mean_abs_shift
            .is_some_and(|x| (x - expected).abs() < 1e-12)
    );
}

#[test]
fn large_session_aggregates_every_rating() {
    let s = synthetic_session("big", 300, 3);
    let agg = Aggregate::new(&s);
    let total: usize = agg
        .cells(&s.template)
        .iter()
        .map(|c| c.n + c.dont_know)
        .sum();
    assert_eq!(total, 300 * 45);
}
