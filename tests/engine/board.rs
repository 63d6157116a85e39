//! The room's board as the engine projects it: a dimension's answers per
//! stage under the privacy floor (the consensus rule's n, a blind round
//! before the reveal), what the facilitator puts on it, and its clock.

use chrono::{DateTime, Duration, TimeZone, Utc};
use loopshop::domain::{Change, Participant, Score, Session, default_template};
use loopshop::engine::{
    Actor, BoardChoice, BoardContent, BoardDistributions, Distribution, Engine, Intent,
};
use loopshop::store::Store;

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 12, 9, 0, 0)
        .single()
        .expect("time")
}

/// A session of five at the maturity exercise (index 2).
fn engine(dir: &std::path::Path) -> Engine {
    let mut s = Session::new("Board", "Fac", default_template(), start());
    for i in 1..=5 {
        s.apply(&Change::AddParticipant(Participant {
            id: format!("p0{i}"),
            alias: format!("Person {i}"),
            role: String::new(),
            organisation: String::new(),
            joined: false,
        }))
        .expect("participant");
    }
    let path = Store::new(dir).create(&s).expect("create");
    let mut e = Engine::open(&path).expect("open");
    e.apply(&Actor::Facilitator, Intent::GoToExercise(2), start())
        .expect("maturity");
    e
}

fn rate(e: &mut Engine, p: &str, stage: &str, score: Score) {
    let intent = Intent::Rate {
        participant: p.to_owned(),
        stage: stage.to_owned(),
        dimension: "maturity".to_owned(),
        score,
        comment: None,
    };
    e.apply(&Actor::Facilitator, intent, start()).expect("rate");
}

fn distributions(e: &Engine) -> BoardDistributions {
    match e.board_view(start()).content {
        BoardContent::Distributions(d) => d,
        other => panic!("no distributions: {other:?}"),
    }
}

/// `(rated, distribution)` of one stage.
fn stage(d: &BoardDistributions, id: &str) -> (usize, Option<Distribution>) {
    let s = d.stages.iter().find(|s| s.stage == id).expect("the stage");
    (s.rated, s.distribution.clone())
}

#[test]
fn a_stage_shows_its_answers_only_from_the_minimum_and_never_in_a_blind_round() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut e = engine(dir.path());
    // Mining: 2, 3, 4 and a "don't know" (three values: the minimum).
    for (p, v) in [("p01", 2), ("p02", 3), ("p03", 4)] {
        rate(&mut e, p, "mining", Score::Value(v));
    }
    rate(&mut e, "p04", "mining", Score::DontKnow);
    // Use: one value and a "don't know": below the minimum.
    rate(&mut e, "p01", "use", Score::Value(5));
    rate(&mut e, "p02", "use", Score::DontKnow);

    let d = distributions(&e);
    assert_eq!(
        (d.dimension.as_str(), d.round, d.blind),
        ("maturity", 1, false)
    );
    assert_eq!(d.stages.len(), 9, "a row per stage");
    let (rated, mining) = stage(&d, "mining");
    assert_eq!(rated, 4);
    let mining = mining.expect("three values: shown");
    assert_eq!(mining.counts, vec![(1, 0), (2, 1), (3, 1), (4, 1), (5, 0)]);
    assert_eq!((mining.dont_know, mining.median), (1, Some(3.0)));
    assert_eq!(stage(&d, "use"), (2, None), "one value: the count only");
    assert_eq!(stage(&d, "design"), (0, None));

    // A blind round: progress for every stage, no value at all, whatever
    // the earlier round held.
    e.apply(
        &Actor::Facilitator,
        Intent::StartRound { blind: true },
        start(),
    )
    .expect("round 2");
    for (p, v) in [("p01", 1), ("p02", 1), ("p03", 2), ("p04", 5)] {
        rate(&mut e, p, "mining", Score::Value(v));
    }
    let d = distributions(&e);
    assert_eq!((d.round, d.blind), (2, true));
    assert_eq!(stage(&d, "mining"), (4, None), "blind: counts only");
    assert!(d.stages.iter().all(|s| s.distribution.is_none()));

    // Revealed: the round's answers, under the same minimum.
    e.apply(&Actor::Facilitator, Intent::Reveal(true), start())
        .expect("reveal");
    let d = distributions(&e);
    assert!(!d.blind);
    let mining = stage(&d, "mining").1.expect("four values");
    assert_eq!(mining.counts, vec![(1, 2), (2, 1), (3, 0), (4, 0), (5, 1)]);
    assert_eq!(mining.median, Some(1.5));
    assert_eq!(stage(&d, "use"), (0, None));
}

#[test]
fn the_board_follows_the_grid_and_what_the_facilitator_puts_on_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut e = engine(dir.path());
    let changes = e.board_changes();
    // The three-dimension exercise: the board shows the grid's dimension.
    e.apply(&Actor::Facilitator, Intent::GoToExercise(4), start())
        .expect("exercise 5");
    assert_eq!(distributions(&e).dimension, "circularity_impact");
    e.follow_dimension(Some("carbon_footprint"));
    assert_eq!(distributions(&e).dimension, "carbon_footprint");
    assert!(e.board_changes() > changes, "the boards are told");
    let told = e.board_changes();
    e.follow_dimension(Some("carbon_footprint"));
    assert_eq!(e.board_changes(), told, "no change, no news");

    // Another dimension's answers, from the latest round that rated it.
    rate(&mut e, "p01", "mining", Score::Value(3));
    e.set_board_choice(BoardChoice::Dimension("maturity".to_owned()));
    assert_eq!(distributions(&e).dimension, "maturity");
    assert_eq!(
        e.board_view(start()).choice,
        BoardChoice::Dimension("maturity".to_owned())
    );

    // The discussion: the question, no number.
    e.set_board_choice(BoardChoice::Discussion);
    let question = match e.board_view(start()).content {
        BoardContent::Discussion { question } => question,
        other => panic!("no discussion: {other:?}"),
    };
    let asked = &e
        .session()
        .template
        .dimension("carbon_footprint")
        .expect("dim")
        .question;
    assert_eq!(&question, asked);
    assert!(!question.chars().any(|c| c.is_ascii_digit()), "{question}");

    e.set_board_choice(BoardChoice::Model);
    assert!(matches!(
        e.board_view(start()).content,
        BoardContent::Group {
            model: true,
            matrix: false,
            ..
        }
    ));
    e.set_board_choice(BoardChoice::Ideas);
    assert!(matches!(
        e.board_view(start()).content,
        BoardContent::Ideas(_)
    ));
    e.set_board_choice(BoardChoice::Follow);
    assert_eq!(distributions(&e).dimension, "carbon_footprint");
}

#[test]
fn the_board_counts_the_timebox_down_with_its_extensions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut e = engine(dir.path());
    let budget = i64::from(e.exercise().expect("maturity").timebox_minutes) * 60;
    let later = start() + Duration::minutes(3);
    let clock = e.board_view(later).clock.expect("a clock");
    assert!(clock.running);
    assert_eq!(clock.left_seconds, budget - 180);
    e.extend_timebox(5, later).expect("+5");
    let clock = e.board_view(later).clock.expect("a clock");
    assert_eq!(
        clock.left_seconds,
        budget + 300 - 180,
        "the extension counts"
    );
}
