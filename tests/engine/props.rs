//! The engine under random sequences of intents from several actors,
//! refused ones, undo and redo included. After every step: the live
//! statistics equal a full recomputation, the session read back from disk
//! equals the one in memory, and no participant's projection of a blind,
//! unrevealed round shows another participant's value or the group.

use chrono::{Duration, TimeZone, Utc};
use loopshop::analysis::{Aggregate, ConcordanceTracker};
use loopshop::domain::{Change, Participant, Score, Session, default_template};
use loopshop::engine::{Actor, Engine, Intent, Viewer};
use loopshop::store::{self, Store};
use proptest::prelude::*;

const PEOPLE: [&str; 3] = ["p01", "p02", "p03"];
const STAGES: [&str; 3] = ["mining", "use", "recycling"];
const DIMENSIONS: [&str; 3] = ["maturity", "digitalization_difficulty", "carbon_footprint"];

fn session() -> Session {
    let at = Utc
        .with_ymd_and_hms(2026, 3, 12, 9, 0, 0)
        .single()
        .expect("time");
    let mut s = Session::new("Props", "Fac", default_template(), at);
    for (i, id) in PEOPLE.iter().enumerate() {
        let p = Participant {
            id: (*id).to_owned(),
            alias: format!("Expert {i}"),
            role: String::new(),
            organisation: String::new(),
        };
        s.apply(&Change::AddParticipant(p)).expect("participant");
    }
    s
}

#[derive(Debug, Clone)]
enum Op {
    /// An intent from an actor.
    Send(Actor, Intent),
    /// Undo then redo by the same actor: must give back the same session.
    UndoRedo(Actor),
}

fn actor() -> impl Strategy<Value = Actor> {
    prop_oneof![
        2 => Just(Actor::Facilitator),
        3 => (0..PEOPLE.len()).prop_map(|i| Actor::Participant(PEOPLE[i].to_owned())),
    ]
}

fn pick<const N: usize>(items: [&'static str; N]) -> impl Strategy<Value = String> {
    (0..N).prop_map(move |i| items[i].to_owned())
}

fn intent() -> impl Strategy<Value = Intent> {
    let score = prop_oneof![(0u8..=6).prop_map(Score::Value), Just(Score::DontKnow)];
    prop_oneof![
        8 => (pick(PEOPLE), pick(STAGES), pick(DIMENSIONS), score).prop_map(
            |(participant, stage, dimension, score)| Intent::Rate { participant, stage, dimension, score, comment: None }
        ),
        2 => (pick(PEOPLE), pick(STAGES), pick(DIMENSIONS)).prop_map(
            |(participant, stage, dimension)| Intent::Clear { participant, stage, dimension }
        ),
        1 => (pick(PEOPLE), pick(STAGES), pick(DIMENSIONS), "[a-z ]{0,6}").prop_map(
            |(participant, stage, dimension, text)| Intent::Comment { participant, stage, dimension, text }
        ),
        1 => (pick(STAGES), "[a-z]{0,5}", proptest::option::of(pick(PEOPLE))).prop_map(
            |(stage, text, author)| Intent::AddIdea { stage, text, technologies: vec!["iot".to_owned()], author }
        ),
        1 => (1u32..4, pick(PEOPLE)).prop_map(|(idea, participant)| Intent::Vote { idea, participant }),
        1 => (1u32..4, pick(PEOPLE)).prop_map(|(idea, participant)| Intent::Unvote { idea, participant }),
        1 => any::<bool>().prop_map(|blind| Intent::StartRound { blind }),
        1 => any::<bool>().prop_map(Intent::Reveal),
        2 => (0usize..7).prop_map(Intent::GoToExercise),
        2 => Just(Intent::Undo),
        1 => Just(Intent::Redo),
        1 => "[a-z]{0,4}".prop_map(|text| Intent::Note { text }),
        1 => "[A-Za-z]{0,4}".prop_map(|alias| Intent::AddParticipant { alias, role: String::new(), organisation: String::new() }),
        1 => (0usize..5).prop_map(|i| Intent::RemoveParticipant { id: format!("p{:02}", i + 1) }),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        9 => (actor(), intent()).prop_map(|(a, i)| Op::Send(a, i)),
        1 => actor().prop_map(Op::UndoRedo),
    ]
}

/// The session's content, independent of list order and save bookkeeping.
fn canonical(s: &Session) -> Session {
    let mut c = s.clone();
    c.updated = c.created;
    c.journal_seq = 0;
    c.participants.sort_by(|a, b| a.id.cmp(&b.id));
    c.rounds.sort_by_key(|r| r.number);
    for sheet in &mut c.ratings {
        sheet
            .entries
            .sort_by(|a, b| (&a.stage, &a.dimension).cmp(&(&b.stage, &b.dimension)));
    }
    c.ratings
        .sort_by(|a, b| (&a.participant, a.round).cmp(&(&b.participant, b.round)));
    for idea in &mut c.ideas {
        idea.votes.sort();
    }
    c.ideas.sort_by_key(|i| i.id);
    c.flows.sort_by_key(|f| f.id);
    c.notes.sort_by_key(|n| n.id);
    c
}

fn check(engine: &Engine, path: &std::path::Path) -> Result<(), TestCaseError> {
    let s = engine.session();
    prop_assert_eq!(engine.aggregate(), &Aggregate::new(s));
    prop_assert_eq!(engine.concordance(), &ConcordanceTracker::new(s));
    let on_disk = store::load(path).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(&on_disk, s);
    let round = s.current_round();
    let hidden = s.round(round).is_some_and(|r| r.blind && !r.revealed);
    for p in &s.participants {
        let view = engine.view(&Viewer::Participant(p.id.clone()));
        prop_assert!(view.ratings.iter().all(|r| r.participant == p.id));
        if hidden {
            prop_assert!(view.group.is_empty(), "group shown in a blind round");
        }
    }
    let board = engine.view(&Viewer::Board);
    prop_assert!(board.ratings.is_empty());
    if hidden {
        prop_assert!(board.group.is_empty());
    }
    Ok(())
}

proptest! {
    #![proptest_config(crate::support::proptest_config(64))]

    #[test]
    fn random_intents_keep_every_promise(ops in proptest::collection::vec(op(), 1..100)) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let path = Store::new(dir.path()).create(&session()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut engine = Engine::open(&path).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let start = engine.session().created;
        for (step, op) in ops.into_iter().enumerate() {
            let now = start + Duration::seconds(60 + i64::try_from(step).unwrap_or(0));
            match op {
                Op::Send(actor, intent) => {
                    // Refused intents are part of the test: they must change nothing.
                    let _ = engine.apply(&actor, intent, now);
                }
                Op::UndoRedo(actor) => {
                    let before = canonical(engine.session());
                    if engine.apply(&actor, Intent::Undo, now).is_ok() {
                        let redone = engine.apply(&actor, Intent::Redo, now);
                        prop_assert!(redone.is_ok(), "redo after undo refused: {redone:?}");
                        prop_assert_eq!(canonical(engine.session()), before);
                    }
                }
            }
            check(&engine, &path)?;
        }
        engine.close().map_err(|e| TestCaseError::fail(e.to_string()))?;
    }
}
