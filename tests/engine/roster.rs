//! Who may join from a device, by roster mode (`open`, `listed`, `cards`,
//! `closed`), and how many: the rules in the engine, one mode at a time.

use chrono::{DateTime, TimeZone, Utc};
use loopshop::domain::cards::card_code;
use loopshop::domain::{Change, Participant, RosterMode, Session, default_template};
use loopshop::engine::{Engine, Joined, Refusal, SecondDevice};
use loopshop::store::Store;

const CODE: &str = "KQ7WMX";

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 12, 9, 0, 0)
        .single()
        .expect("time")
}

/// A session listing `listed` participants (none: an unlisted session),
/// with its join code set.
fn engine(dir: &std::path::Path, listed: &[&str]) -> Engine {
    let mut s = Session::new("Roster", "Fac", default_template(), start());
    for (i, alias) in listed.iter().enumerate() {
        s.apply(&Change::AddParticipant(Participant {
            id: format!("p{:02}", i + 1),
            alias: (*alias).to_owned(),
            role: String::new(),
            organisation: String::new(),
            joined: false,
        }))
        .expect("participant");
    }
    s.access.card_secret = "5a".repeat(32);
    let path = Store::new(dir).create(&s).expect("create");
    let mut e = Engine::open(&path).expect("open");
    e.ensure_access(|| CODE.to_owned(), || "k".repeat(24), start())
        .expect("access");
    e
}

fn join(e: &mut Engine, alias: &str, token: &str, second: SecondDevice) -> Result<Joined, Refusal> {
    e.join(CODE, alias, token.to_owned(), second, start())
}

#[test]
fn the_default_is_listed_with_a_list_and_open_without() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(
        engine(dir.path(), &["Ann"]).roster_mode(),
        RosterMode::Listed
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let mut e = engine(dir.path(), &[]);
    assert_eq!(e.roster_mode(), RosterMode::Open);
    // Names that joined from devices are no list: the session stays open.
    join(&mut e, "Walk-in", "h1", SecondDevice::Refuse).expect("joins");
    assert_eq!(e.roster_mode(), RosterMode::Open);
    assert!(e.session().participants[0].joined);
}

#[test]
fn open_adds_any_name_and_a_listed_name_joins_as_that_person() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut e = engine(dir.path(), &["Ann"]);
    e.set_roster(Some(RosterMode::Open), start()).expect("mode");
    let ann = join(&mut e, "ann", "h1", SecondDevice::Refuse).expect("Ann");
    assert_eq!((ann.participant.as_str(), ann.approved), ("p01", true));
    let new = join(&mut e, "Newcomer", "h2", SecondDevice::Refuse).expect("new");
    assert!(new.approved);
    assert_eq!(e.session().participants.len(), 2);
}

#[test]
fn listed_lets_a_new_name_wait_for_the_facilitator_or_refuses_it_without_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut e = engine(dir.path(), &["Ann", "Bo"]);
    // A listed name joins on its first device.
    let bo = join(&mut e, "Bo", "h1", SecondDevice::Wait).expect("Bo");
    assert!(bo.approved);
    // Headless (`serve`): nobody can approve, so a new name is refused
    // and nothing is added.
    assert_eq!(
        join(&mut e, "Stranger", "h2", SecondDevice::Refuse),
        Err(Refusal::NotListed)
    );
    assert_eq!(e.session().participants.len(), 2);
    // With the terminal: the new name waits, and is not signed in.
    let waiting = join(&mut e, "Stranger", "h3", SecondDevice::Wait).expect("waits");
    assert!(!waiting.approved);
    assert_eq!(e.device_actor("h3"), Err(Refusal::AwaitingApproval));
    // A second device of a listed name waits too; `A` approves both.
    assert!(
        !join(&mut e, "Bo", "h4", SecondDevice::Wait)
            .expect("second")
            .approved
    );
    assert_eq!(e.approve_all_waiting(start()), Ok(2));
    assert!(e.device_actor("h3").is_ok() && e.device_actor("h4").is_ok());
    assert_eq!(e.approve_all_waiting(start()), Ok(0));
}

#[test]
fn cards_takes_personal_cards_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut e = engine(dir.path(), &["Ann"]);
    e.set_roster(Some(RosterMode::Cards), start())
        .expect("mode");
    assert_eq!(
        join(&mut e, "Ann", "h1", SecondDevice::Wait),
        Err(Refusal::CardsOnly),
        "a listed name without its card"
    );
    assert_eq!(
        join(&mut e, "Stranger", "h2", SecondDevice::Wait),
        Err(Refusal::CardsOnly)
    );
    let card = card_code(e.session(), "p01").expect("Ann's card");
    let ann = e
        .join_card(&card, "h3".to_owned(), start())
        .expect("card joins");
    assert_eq!(ann.participant, "p01");
    assert!(
        e.session()
            .access
            .devices
            .iter()
            .all(|d| d.token_hash == "h3")
    );
}

#[test]
fn closed_takes_nobody_new_and_joined_devices_keep_working() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut e = engine(dir.path(), &["Ann", "Bo"]);
    join(&mut e, "Ann", "h1", SecondDevice::Wait).expect("Ann");
    e.set_roster(Some(RosterMode::Closed), start())
        .expect("mode");
    for alias in ["Bo", "Stranger"] {
        assert_eq!(
            join(&mut e, alias, "h2", SecondDevice::Wait),
            Err(Refusal::RosterClosed)
        );
    }
    let card = card_code(e.session(), "p02").expect("Bo's card");
    assert_eq!(
        e.join_card(&card, "h3".to_owned(), start()),
        Err(Refusal::RosterClosed)
    );
    assert!(e.device_actor("h1").is_ok(), "Ann's phone keeps working");
}

#[test]
fn joins_stop_at_the_most_participants() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut e = engine(dir.path(), &["Ann"]);
    // Default: the list and 20 more.
    assert_eq!(e.max_participants(), 21);
    e.set_roster(Some(RosterMode::Open), start()).expect("mode");
    e.set_max_participants(Some(3));
    join(&mut e, "One", "h1", SecondDevice::Refuse).expect("2nd");
    join(&mut e, "Two", "h2", SecondDevice::Refuse).expect("3rd");
    assert_eq!(
        join(&mut e, "Three", "h3", SecondDevice::Refuse),
        Err(Refusal::Full)
    );
    // A listed name still joins: it adds nobody.
    assert!(join(&mut e, "Ann", "h4", SecondDevice::Refuse).is_ok());
    assert_eq!(e.session().participants.len(), 3);
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(engine(dir.path(), &[]).max_participants(), 200);
}

#[test]
fn only_joined_names_without_answers_can_be_removed_at_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut e = engine(dir.path(), &["Ann"]);
    e.set_roster(Some(RosterMode::Open), start()).expect("mode");
    join(&mut e, "Ann", "h1", SecondDevice::Refuse).expect("Ann");
    join(&mut e, "Fake 1", "h2", SecondDevice::Refuse).expect("fake");
    join(&mut e, "Fake 2", "h3", SecondDevice::Refuse).expect("fake");
    assert_eq!(e.joined_without_answers(), ["p02", "p03"]);
}
