//! summary-csv, json and text renderings of the aggregate.

use chrono::Duration;

use loopshop::analysis::{Aggregate, concordance};
use loopshop::domain::{Change, Participant, Round, Score, Session, default_template};
use loopshop::export::{json, summary_csv, text};
use loopshop::synthetic::{epoch, example_session};

/// Four participants rate mining maturity 1, 2, 3, 4 and design maturity
/// 4, 4, 4, "don't know".
fn small_session() -> Session {
    let mut s = Session::new("Small, \"quoted\"", "f", default_template(), epoch());
    for i in 1..=4 {
        let p = Participant {
            id: format!("p{i}"),
            alias: format!("P{i}"),
            role: String::new(),
            organisation: String::new(),
            joined: false,
        };
        assert!(s.apply(&Change::AddParticipant(p)).is_ok());
    }
    let scores = [
        (
            "mining",
            [
                Score::Value(1),
                Score::Value(2),
                Score::Value(3),
                Score::Value(4),
            ],
        ),
        (
            "design",
            [
                Score::Value(4),
                Score::Value(4),
                Score::Value(4),
                Score::DontKnow,
            ],
        ),
    ];
    for (stage, row) in scores {
        for (i, score) in row.into_iter().enumerate() {
            let c = Change::SetRating {
                participant: format!("p{}", i + 1),
                round: 1,
                stage: stage.into(),
                dimension: "maturity".into(),
                score,
                comment: None,
                at: epoch() + Duration::minutes(5),
                entered_by: loopshop::domain::EnteredBy::Facilitator,
            };
            assert!(s.apply(&c).is_ok());
        }
    }
    s
}

#[test]
fn summary_csv_rows_are_hand_checked() {
    let out = summary_csv::render(&small_session());
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "stage,dimension,round,n,dont_know,median,mean,sd,q1,q3,iqr,level,agreement,consensus,group,rounds"
    );
    // 9 stages x 5 dimensions (all rated by the default template's exercises).
    assert_eq!(lines.len(), 1 + 45);
    // sd = sqrt(5/3); agreement: low {1,2} holds 2 of 4.
    assert!(
        lines.contains(
            &"mining,maturity,1,4,0,2.5,2.5,1.290994,1.75,3.25,1.5,medium,0.5,false,all,1"
        )
    );
    assert!(lines.contains(&"design,maturity,1,3,1,4,4,0,4,4,0,high,1,true,all,1"));
    assert!(lines.contains(&"use,maturity,1,0,0,,,,,,,,,false,all,1"));
}

#[test]
fn summary_csv_matches_the_aggregate_for_the_example() {
    let s = example_session();
    let out = summary_csv::render(&s);
    let cells = Aggregate::new(&s).cells(&s.template);
    let mut rdr = csv::Reader::from_reader(out.as_bytes());
    let rows: Vec<csv::StringRecord> = rdr.records().filter_map(Result::ok).collect();
    assert_eq!(rows.len(), cells.len());
    for (row, c) in rows.iter().zip(&cells) {
        assert_eq!(&row[0], c.stage);
        assert_eq!(&row[1], c.dimension);
        assert_eq!(row[3].parse::<usize>().ok(), Some(c.n));
        let median: Option<f64> = row[5].parse().ok();
        assert_eq!(median, c.median);
        assert_eq!(&row[13], if c.consensus { "true" } else { "false" });
        for f in row.iter().skip(5).take(6) {
            assert!(!f.contains(['e', 'E']), "exponent in {f}");
        }
    }
}

#[test]
fn json_holds_cells_model_and_concordance() {
    let s = example_session();
    let out = json::render(&s).unwrap_or_default();
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_default();
    assert_eq!(v["session"]["participants"], 17);
    assert_eq!(v["cells"].as_array().map(Vec::len), Some(45));
    assert_eq!(v["cells"][0]["stage"], "exploration");
    assert!(v["cells"][0]["iqr"].is_number());
    assert_eq!(v["model"][0]["round"], 1);
    assert_eq!(
        v["model"][0]["placements"].as_array().map(Vec::len),
        Some(9)
    );
    let design = &v["model"][0]["placements"][3];
    assert_eq!(design["stage"], "design");
    assert_eq!(design["quadrant"], "quick_win");
    let conc = v["concordance"].as_array().cloned().unwrap_or_default();
    let expected = concordance(&s);
    assert_eq!(conc.len(), expected.len());
    for (j, c) in conc.iter().zip(&expected) {
        assert_eq!(j["dimension"], c.dimension.as_str());
        assert_eq!(j["round"], c.round);
        assert_eq!(j["m"], c.m);
        assert_eq!(j["w"].as_f64(), c.w);
    }
    assert_eq!(v["round_changes"].as_array().map(Vec::len), Some(0));
    // No participant names in the aggregate.
    assert!(!out.contains("Expert 01"));
}

#[test]
fn text_shows_matrix_model_and_legend() {
    let s = example_session();
    let out = text::render(&s);
    assert!(out.contains("Rating matrix, round 1"));
    assert!(out.contains("Legend:"));
    for st in &s.template.stages {
        assert!(
            out.lines().filter(|l| l.starts_with(&st.name)).count() == 2,
            "{}",
            st.name
        );
    }
    let design_model = out
        .lines()
        .filter(|l| l.starts_with("Design"))
        .nth(1)
        .unwrap_or_default();
    assert!(design_model.ends_with("quick win"), "{design_model}");
    let small = text::render(&small_session());
    let mining = small
        .lines()
        .find(|l| l.starts_with("Mining"))
        .unwrap_or_default();
    assert!(mining.contains("M 2.5"), "{mining}");
    let design = small
        .lines()
        .find(|l| l.starts_with("Design"))
        .unwrap_or_default();
    assert!(design.contains("H 4.0*"), "{design}");
}

#[test]
fn text_hides_a_blind_round_until_revealed() {
    let mut s = small_session();
    let r2 = Round {
        number: 2,
        started: epoch(),
        blind: true,
        revealed: false,
        absent: Vec::new(),
    };
    assert!(s.apply(&Change::StartRound(r2)).is_ok());
    let c = Change::SetRating {
        participant: "p1".into(),
        round: 2,
        stage: "mining".into(),
        dimension: "maturity".into(),
        score: Score::Value(5),
        comment: None,
        at: epoch(),
        entered_by: loopshop::domain::EnteredBy::Facilitator,
    };
    assert!(s.apply(&c).is_ok());
    let out = text::render(&s);
    assert!(out.contains("Round 2 is blind"));
    assert!(out.contains("Rating matrix, round 1"));
    assert!(!out.contains("round 2\n"));
    assert!(
        s.apply(&Change::SetRevealed {
            round: 2,
            revealed: true
        })
        .is_ok()
    );
    let out = text::render(&s);
    assert!(out.contains("Rating matrix, round 2"));
    // Mining maturity: round 1 median 2.5 over four people, round 2 a single
    // 5 by p1, who gave 1 in round 1: over the one participant of both
    // rounds the median moved 4 (not 2.5, which a newcomer-blind comparison
    // of everybody would say). Design maturity (consensus in round 1) was
    // not re-rated: counted apart, never as lost.
    assert!(
        out.contains("Round 2 vs round 1 (the 1 cells rated in both, over the 1 participants who rated them in both): consensus in 0 (was 0), 0 reached, 0 lost; 1 medians moved, mean |shift| 4.00. 1 cells not re-rated in round 2."),
        "{out}"
    );
}

#[test]
fn empty_session_renders_without_panicking() {
    let s = Session::new("Empty", "f", default_template(), epoch());
    assert_eq!(summary_csv::render(&s).lines().count(), 1);
    assert!(text::render(&s).contains("No ratings yet."));
    let v: serde_json::Value =
        serde_json::from_str(&json::render(&s).unwrap_or_default()).unwrap_or_default();
    assert_eq!(v["cells"].as_array().map(Vec::len), Some(0));
}
