//! The engine under random sequences of intents from several actors,
//! refused ones, undo and redo included. After every step: the live
//! statistics equal a full recomputation, the session read back from disk
//! equals the one in memory, and no participant's projection of a blind,
//! unrevealed round shows another participant's value or the group. The
//! privacy floor: no participant's projection holds a statistic of a cell
//! fewer than the consensus rule's minimum gave a value, nor a current-round
//! statistic of a cell its viewer has not answered.

use chrono::{Duration, TimeZone, Utc};
use loopshop::analysis::{Aggregate, ConcordanceTracker};
use loopshop::domain::{Change, Participant, Score, Session, default_template};
use loopshop::engine::{Actor, Engine, Intent, Viewer};
use loopshop::store::{self, Store};
use proptest::prelude::*;

// Four, with a minimum of three: cells that three have rated are seen by
// them and not yet by the fourth.
const PEOPLE: [&str; 4] = ["p01", "p02", "p03", "p04"];
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
            joined: false,
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
    let min = usize::try_from(s.template.consensus.min_n).unwrap_or(usize::MAX);
    for p in &s.participants {
        let view = engine.view(&Viewer::Participant(p.id.clone()));
        prop_assert!(view.ratings.iter().all(|r| r.participant == p.id));
        if hidden {
            prop_assert!(view.group.is_empty(), "group shown in a blind round");
        }
        for c in view.group.iter().filter(|c| shows_a_value(c)) {
            prop_assert!(c.n >= min, "{} sees a cell of {} ratings: {c:?}", p.id, c.n);
            prop_assert!(
                s.rating(&p.id, round, &c.stage, &c.dimension).is_some(),
                "{} sees the group of a cell it has not answered: {c:?}",
                p.id
            );
        }
        for c in view.previous_group.iter().filter(|c| shows_a_value(c)) {
            prop_assert!(
                c.n >= min,
                "{} sees an earlier cell of {} ratings: {c:?}",
                p.id,
                c.n
            );
        }
    }
    let board = engine.view(&Viewer::Board);
    prop_assert!(board.ratings.is_empty());
    if hidden {
        prop_assert!(board.group.is_empty());
    }
    for c in board.group.iter().filter(|c| shows_a_value(c)) {
        prop_assert!(
            c.n >= min,
            "the board's view shows a cell of {} ratings",
            c.n
        );
    }
    Ok(())
}

/// Whether a cell's statistics give away anything but counts.
fn shows_a_value(c: &loopshop::analysis::CellStats) -> bool {
    c.median.is_some()
        || c.mean.is_some()
        || c.q1.is_some()
        || c.q3.is_some()
        || c.iqr.is_some()
        || c.sd.is_some()
        || c.level.is_some()
        || c.agreement.is_some()
        || c.consensus
}

proptest! {
    #![proptest_config(crate::support::proptest_config(64))]

    #[test]
    fn random_intents_keep_every_promise(ops in proptest::collection::vec(op(), 1..100)) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let path = Store::new(dir.path()).create(&session()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut engine = Engine::open(&path).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let start = engine.session().created;
        // At the maturity grid (the default agenda's third exercise), so
        // that ratings land and cells reach the privacy floor's minimum.
        engine
            .apply(&Actor::Facilitator, Intent::GoToExercise(2), start)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
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

    /// The privacy floor on its own, with ratings dense enough that cells
    /// reach the minimum while some participants have not answered them:
    /// ratings of the maturity grid's three cells by anyone for anyone (the
    /// facilitator's and the devices' alike), new rounds, reveals.
    #[test]
    fn no_participant_sees_a_group_under_the_minimum_or_before_answering(
        ops in proptest::collection::vec(privacy_op(), 1..80)
    ) {
        let dir = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let path = Store::new(dir.path()).create(&session()).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut engine = Engine::open(&path).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let start = engine.session().created;
        engine
            .apply(&Actor::Facilitator, Intent::GoToExercise(2), start)
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        for (step, (actor, intent)) in ops.into_iter().enumerate() {
            let now = start + Duration::seconds(60 + i64::try_from(step).unwrap_or(0));
            let _ = engine.apply(&actor, intent, now);
            check(&engine, &path)?;
        }
        engine.close().map_err(|e| TestCaseError::fail(e.to_string()))?;
    }
}

/// A rating of the maturity grid by the facilitator or by the participant
/// it is for, or now and then a new round or a reveal.
fn privacy_op() -> impl Strategy<Value = (Actor, Intent)> {
    let score = prop_oneof![4 => (1u8..=5).prop_map(Score::Value), 1 => Just(Score::DontKnow)];
    prop_oneof![
        12 => (pick(PEOPLE), pick(STAGES), score, any::<bool>()).prop_map(|(participant, stage, score, own)| {
            let actor = if own { Actor::Participant(participant.clone()) } else { Actor::Facilitator };
            let dimension = "maturity".to_owned();
            (actor, Intent::Rate { participant, stage, dimension, score, comment: None })
        }),
        1 => any::<bool>().prop_map(|blind| (Actor::Facilitator, Intent::StartRound { blind })),
        1 => any::<bool>().prop_map(|shown| (Actor::Facilitator, Intent::Reveal(shown))),
    ]
}
