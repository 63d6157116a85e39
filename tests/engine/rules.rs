//! The engine's rules, one at a time: who may do what, per-actor undo,
//! group commit, who entered a rating, and what each viewer sees.

use chrono::{DateTime, Duration, TimeZone, Utc};
use loopshop::domain::{Change, EnteredBy, Participant, Score, Session, default_template};
use loopshop::engine::{Actor, Engine, Intent, Refusal, Viewer};
use loopshop::store::{self, Store};

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 12, 9, 0, 0)
        .single()
        .expect("time")
}

fn engine(dir: &std::path::Path) -> (Engine, std::path::PathBuf) {
    let mut s = Session::new("Rules", "Fac", default_template(), start());
    for id in ["p01", "p02"] {
        s.apply(&Change::AddParticipant(Participant {
            id: id.to_owned(),
            alias: format!("Alias {id}"),
            role: String::new(),
            organisation: String::new(),
            joined: false,
        }))
        .expect("participant");
    }
    let path = Store::new(dir).create(&s).expect("create");
    (Engine::open(&path).expect("open"), path)
}

fn rate(p: &str, stage: &str, dimension: &str, v: u8) -> Intent {
    Intent::Rate {
        participant: p.to_owned(),
        stage: stage.to_owned(),
        dimension: dimension.to_owned(),
        score: Score::Value(v),
        comment: None,
    }
}

fn me(p: &str) -> Actor {
    Actor::Participant(p.to_owned())
}

/// Adds a third participant, `p03`.
fn add_third(e: &mut Engine) {
    let add = Intent::AddParticipant {
        alias: "Alias p03".to_owned(),
        role: String::new(),
        organisation: String::new(),
    };
    e.apply(&Actor::Facilitator, add, start()).expect("p03");
}

/// Moves to the maturity rating exercise (index 2 of the default agenda).
fn to_maturity(e: &mut Engine) {
    e.apply(&Actor::Facilitator, Intent::GoToExercise(2), start())
        .expect("go to maturity");
}

#[test]
fn a_participant_rates_only_for_itself_only_what_is_open_and_never_reveals() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut e, _) = engine(dir.path());
    let now = start() + Duration::minutes(5);
    // Briefing first: nothing is open.
    assert_eq!(
        e.apply(&me("p01"), rate("p01", "mining", "maturity", 3), now),
        Err(Refusal::NotOpen("maturity".to_owned()))
    );
    to_maturity(&mut e);
    assert!(
        e.apply(&me("p01"), rate("p01", "mining", "maturity", 3), now)
            .is_ok()
    );
    assert_eq!(
        e.apply(&me("p01"), rate("p02", "mining", "maturity", 3), now),
        Err(Refusal::NotYours("ratings"))
    );
    assert_eq!(
        e.apply(
            &me("p01"),
            rate("p01", "mining", "carbon_footprint", 3),
            now
        ),
        Err(Refusal::NotOpen("carbon_footprint".to_owned()))
    );
    assert_eq!(
        e.apply(&me("p01"), Intent::Reveal(true), now),
        Err(Refusal::FacilitatorOnly("reveal a round"))
    );
    assert_eq!(
        e.apply(&me("p01"), Intent::GoToExercise(3), now),
        Err(Refusal::FacilitatorOnly("move through the agenda"))
    );
    // Off the scale: the domain's rule, worded by the domain.
    let off = e.apply(&me("p01"), rate("p01", "use", "maturity", 9), now);
    assert!(matches!(off, Err(Refusal::Invalid(_))), "{off:?}");
    // The facilitator may rate anything for anyone.
    assert!(
        e.apply(
            &Actor::Facilitator,
            rate("p02", "use", "carbon_footprint", 2),
            now
        )
        .is_ok()
    );
    assert_eq!(e.session().rating_count(), 2);
}

#[test]
fn ratings_record_who_entered_them_in_the_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut e, path) = engine(dir.path());
    to_maturity(&mut e);
    let now = start() + Duration::minutes(1);
    e.apply(&me("p01"), rate("p01", "mining", "maturity", 3), now)
        .expect("device");
    e.apply(
        &Actor::Facilitator,
        rate("p02", "mining", "maturity", 4),
        now,
    )
    .expect("keyboard");
    e.close().expect("close");
    let s = store::load(&path).expect("load");
    let by = |p: &str| s.rating(p, 1, "mining", "maturity").map(|r| r.entered_by);
    assert_eq!(by("p01"), Some(EnteredBy::Device));
    assert_eq!(by("p02"), Some(EnteredBy::Facilitator));
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.contains("maturity=3@60/d"), "{text}");
}

#[test]
fn each_actor_undoes_only_its_own_change_and_a_later_change_by_another_blocks_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut e, _) = engine(dir.path());
    to_maturity(&mut e);
    let now = start() + Duration::minutes(1);
    e.apply(&me("p01"), rate("p01", "mining", "maturity", 3), now)
        .expect("p01 rates");
    e.apply(&Actor::Facilitator, rate("p02", "use", "maturity", 5), now)
        .expect("facilitator rates");
    // p01's undo takes back p01's rating, not the facilitator's later one.
    e.apply(&me("p01"), Intent::Undo, now).expect("p01 undoes");
    assert!(e.session().rating("p01", 1, "mining", "maturity").is_none());
    assert!(e.session().rating("p02", 1, "use", "maturity").is_some());
    assert_eq!(
        e.apply(&me("p02"), Intent::Undo, now),
        Err(Refusal::NothingToUndo)
    );
    // The facilitator overwrites p01's cell; p01 may no longer redo over it.
    e.apply(
        &Actor::Facilitator,
        rate("p01", "mining", "maturity", 1),
        now,
    )
    .expect("facilitator types over it");
    let refused = e.apply(&me("p01"), Intent::Redo, now);
    assert_eq!(
        refused,
        Err(Refusal::Conflict {
            action: "redo",
            who: "the facilitator".to_owned(),
            what: "p01 on mining (maturity)".to_owned(),
        })
    );
    assert_eq!(
        e.session()
            .rating("p01", 1, "mining", "maturity")
            .map(|r| r.score),
        Some(Score::Value(1))
    );
}

#[test]
fn intents_that_arrive_together_are_one_append_and_one_fsync() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut e, path) = engine(dir.path());
    to_maturity(&mut e);
    let before = e.durable_writes();
    let stages = [
        "exploration",
        "mining",
        "processing",
        "design",
        "production",
    ];
    let batch: Vec<(Actor, Intent)> = stages
        .iter()
        .flat_map(|s| {
            [
                (me("p01"), rate("p01", s, "maturity", 2)),
                (me("p02"), rate("p02", s, "maturity", 4)),
            ]
        })
        // One refused intent in the batch refuses only itself.
        .chain([(me("p01"), rate("p02", "use", "maturity", 1))])
        .collect();
    let (results, durable) = e.apply_batch(batch, start() + Duration::minutes(2));
    assert_eq!(durable, Ok(()));
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 10);
    assert_eq!(results.last(), Some(&Err(Refusal::NotYours("ratings"))));
    assert_eq!(e.durable_writes() - before, 1, "one fsync for the batch");
    let journal = std::fs::read_to_string(format!("{}.journal", path.display())).expect("journal");
    assert_eq!(
        journal.lines().count(),
        1 + 1 + 10 + 1,
        "the identity header, the card secret a session made without one gets when \
         first opened, one record per intent (and the exercise move)"
    );
    assert_eq!(store::load(&path).expect("load").rating_count(), 10);
    // One at a time: one fsync each.
    let before = e.durable_writes();
    for s in stages {
        e.apply(&me("p01"), rate("p01", s, "maturity", 5), start())
            .expect("rate");
    }
    assert_eq!(e.durable_writes() - before, 5);
}

#[test]
fn blind_rounds_hide_the_group_from_devices_and_the_board_until_revealed() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut e, _) = engine(dir.path());
    to_maturity(&mut e);
    let now = start() + Duration::minutes(3);
    let f = Actor::Facilitator;
    // Three raters: the privacy floor's minimum, so round 1's group is shown.
    add_third(&mut e);
    for (p, v) in [("p01", 2), ("p02", 4), ("p03", 3)] {
        e.apply(&f, rate(p, "mining", "maturity", v), now)
            .expect("r1");
    }
    e.apply(&f, Intent::StartRound { blind: true }, now)
        .expect("round 2");
    e.apply(&f, rate("p01", "mining", "maturity", 3), now)
        .expect("r2");
    e.apply(&f, rate("p02", "mining", "maturity", 3), now)
        .expect("r2");
    e.apply(&f, rate("p03", "mining", "maturity", 3), now)
        .expect("r2");
    let view = e.view(&Viewer::Participant("p01".to_owned()));
    assert_eq!(view.round, 2);
    assert!(view.blind && !view.revealed);
    assert!(view.group.is_empty());
    assert!(view.ratings.iter().all(|r| r.participant == "p01"));
    // Round 1's group stays visible as Delphi feedback.
    let mining = |cells: &[loopshop::analysis::CellStats]| {
        cells
            .iter()
            .find(|c| c.stage == "mining")
            .and_then(|c| c.median)
    };
    assert_eq!(mining(&view.previous_group), Some(3.0));
    let board = e.view(&Viewer::Board);
    assert!(board.ratings.is_empty() && board.group.is_empty());
    assert_eq!(
        board
            .progress
            .iter()
            .find(|p| p.stage == "mining")
            .map(|p| p.rated),
        Some(3)
    );
    e.apply(&f, Intent::Reveal(true), now).expect("reveal");
    assert_eq!(mining(&e.view(&Viewer::Board).group), Some(3.0));
}

#[test]
fn the_delphi_feedback_comes_from_the_latest_earlier_round_that_rated_the_dimension() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut e, _) = engine(dir.path());
    to_maturity(&mut e);
    let now = start() + Duration::minutes(3);
    let f = Actor::Facilitator;
    // Three raters: the privacy floor's minimum, so round 1's group is shown.
    add_third(&mut e);
    for (p, v) in [("p01", 2), ("p02", 4), ("p03", 3)] {
        e.apply(&f, rate(p, "mining", "maturity", v), now)
            .expect("r1");
    }
    // Round 2 re-rates another dimension only; round 3 comes back to maturity.
    e.apply(&f, Intent::StartRound { blind: false }, now)
        .expect("round 2");
    e.apply(&f, Intent::StartRound { blind: true }, now)
        .expect("round 3");
    let view = e.view(&Viewer::Participant("p01".to_owned()));
    assert_eq!(view.round, 3);
    let mining = view
        .previous_group
        .iter()
        .find(|c| c.stage == "mining" && c.dimension == "maturity")
        .expect("round 1's mining maturity as feedback");
    assert_eq!((mining.round, mining.median), (1, Some(3.0)));
}

#[test]
fn review_refuses_every_change_but_moves_through_the_agenda() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (e, path) = engine(dir.path());
    e.close().expect("close");
    let session = store::load(&path).expect("load");
    let mut review = Engine::read_only(session, path.clone());
    let before = std::fs::read(&path).expect("read");
    assert_eq!(
        review.apply(
            &Actor::Facilitator,
            rate("p01", "mining", "maturity", 3),
            start()
        ),
        Err(Refusal::ReadOnly)
    );
    assert!(
        review
            .apply(&Actor::Facilitator, Intent::GoToExercise(4), start())
            .is_ok()
    );
    assert_eq!(review.exercise_index(), 4);
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

/// The room's board (the engine's `Board` projection): progress alone in a
/// blind round until the reveal, the latest rated round of each dimension
/// afterwards, a cell's statistics only from the consensus rule's minimum,
/// and its key checked.
#[test]
fn the_board_sees_counts_in_a_blind_round_and_cells_only_from_the_minimum() {
    use loopshop::engine::{BoardChoice, BoardContent};
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut e, _) = engine(dir.path());
    to_maturity(&mut e);
    // The matrix put on the board (the exercise shows distributions).
    e.set_board_choice(BoardChoice::Matrix);
    let f = Actor::Facilitator;
    let add = Intent::AddParticipant {
        alias: "Third".to_owned(),
        role: String::new(),
        organisation: String::new(),
    };
    e.apply(&f, add, start()).expect("p03");
    for (p, v) in [("p01", 2), ("p02", 3), ("p03", 4)] {
        e.apply(&f, rate(p, "mining", "maturity", v), start())
            .expect("rate");
    }
    e.apply(&f, rate("p01", "use", "maturity", 5), start())
        .expect("rate");
    let cells = |e: &Engine| match e.board_view(start()).content {
        BoardContent::Group { cells, .. } => cells,
        other => panic!("no group: {other:?}"),
    };
    let cell = |cells: &[loopshop::analysis::CellStats], stage: &str| {
        cells
            .iter()
            .find(|c| c.stage == stage && c.dimension == "maturity")
            .cloned()
            .expect("the cell")
    };
    let open = cells(&e);
    assert_eq!(cell(&open, "mining").median, Some(3.0));
    let use_cell = cell(&open, "use");
    assert_eq!(
        (use_cell.n, use_cell.median),
        (1, None),
        "one rating: counts only"
    );
    assert!(!use_cell.consensus && use_cell.iqr.is_none() && use_cell.mean.is_none());

    // A blind round: progress only, whatever earlier rounds hold.
    e.apply(&f, Intent::StartRound { blind: true }, start())
        .expect("round");
    e.apply(&f, rate("p02", "mining", "maturity", 5), start())
        .expect("rate");
    let blind = e.board_view(start());
    assert_eq!(blind.content, BoardContent::Progress);
    let mining = blind
        .progress
        .iter()
        .find(|p| p.stage == "mining")
        .expect("mining's progress");
    assert_eq!(mining.rated, 1);
    // Revealed: each dimension's latest rated round (mining's round 2 has
    // one rating, so nothing of it shows yet).
    e.apply(&f, Intent::Reveal(true), start()).expect("reveal");
    let revealed = cells(&e);
    let mining = cell(&revealed, "mining");
    assert_eq!((mining.round, mining.n, mining.median), (2, 1, None));

    // Only the right key opens it.
    let key = e.session().access.board_key.clone();
    assert!(key.is_empty(), "no key before the server ran");
    assert_eq!(e.board("", start()), Err(Refusal::WrongBoardKey));
    e.ensure_access(|| "ABC234".to_owned(), || "k3y".to_owned(), start())
        .expect("access");
    assert!(e.board("k3y", start()).is_ok());
    assert_eq!(e.board("k3Y", start()), Err(Refusal::WrongBoardKey));
    assert_eq!(e.board("k3y ", start()), Err(Refusal::WrongBoardKey));
}

#[test]
fn removing_a_participant_retires_their_card_and_devices_so_the_next_person_given_the_id_is_not_them()
 {
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut e, path) = engine(dir.path());
    let now = start() + Duration::minutes(1);
    e.ensure_card_secret(|| "s3cret".to_owned(), now)
        .expect("secret");
    let printed = loopshop::domain::cards::card_code(e.session(), "p02").expect("card");
    e.join_card(&printed, "phone-of-p02".to_owned(), now)
        .expect("card joins");
    assert_eq!(e.device_actor("phone-of-p02"), Ok(me("p02")));

    e.apply(
        &Actor::Facilitator,
        Intent::RemoveParticipant { id: "p02".into() },
        now,
    )
    .expect("removed before any data");
    assert_eq!(e.device_actor("phone-of-p02"), Err(Refusal::UnknownDevice));
    e.apply(
        &Actor::Facilitator,
        Intent::AddParticipant {
            alias: "Someone else".into(),
            role: String::new(),
            organisation: String::new(),
        },
        now,
    )
    .expect("added");
    let newcomer = e
        .session()
        .participants
        .iter()
        .find(|p| p.alias == "Someone else")
        .map(|p| p.id.clone())
        .expect("newcomer");
    assert_eq!(newcomer, "p02", "the id is given again");
    assert_eq!(e.device_actor("phone-of-p02"), Err(Refusal::UnknownDevice));
    assert_eq!(
        e.join_card(&printed, "stranger".to_owned(), now)
            .map(|j| j.participant),
        Err(Refusal::WrongCode),
        "the old card is no card of the newcomer"
    );
    assert_ne!(
        loopshop::domain::cards::card_code(e.session(), "p02").as_deref(),
        Some(printed.as_str())
    );

    // Undo the add and the removal: the participant, their phone and their
    // printed card are back as they were, and it lasts in the file.
    for _ in 0..2 {
        e.apply(&Actor::Facilitator, Intent::Undo, now)
            .expect("undo");
    }
    assert_eq!(e.device_actor("phone-of-p02"), Ok(me("p02")));
    assert_eq!(
        loopshop::domain::cards::card_code(e.session(), "p02").as_deref(),
        Some(printed.as_str())
    );
    e.close().expect("close");
    let s = store::load(&path).expect("load");
    assert_eq!(loopshop::domain::cards::card_code(&s, "p02"), Some(printed));
    assert!(s.access.devices.iter().any(|d| d.participant == "p02"));
}
