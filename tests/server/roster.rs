//! Who may join `loopshop serve` from a phone, by roster mode, and how
//! many: over HTTP on loopback against the real binary. `serve` has no
//! facilitator to approve anyone, so under `listed` a new name is refused
//! with a sentence, and `serve` says so on its output.

use std::time::Duration;

use crate::support::server::{Reply, Serve, session_at};
use loopshop::domain::RosterMode;
use loopshop::domain::cards::card_code;

fn join(serve: &Serve, code: &str, alias: &str) -> Reply {
    serve.request(
        "POST",
        "/api/join",
        &[("Content-Type", "application/json")],
        &format!(r#"{{"code":"{code}","alias":"{alias}"}}"#),
    )
}

#[test]
fn under_listed_a_new_name_is_not_signed_in_and_serve_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Ann and Bo are listed: `listed` is the default.
    let path = session_at(dir.path(), 2, &[]);
    let serve = Serve::start(dir.path(), &path, &[]);
    let page = serve.request("GET", "/", &[], "");
    assert!(
        page.body
            .contains("Not on the list? Ask the facilitator to add you."),
        "{}",
        page.body
    );
    assert_eq!(
        join(&serve, &serve.code, "Ann").status,
        200,
        "a listed name joins"
    );
    let stranger = join(&serve, &serve.code, "Stranger");
    assert_eq!(stranger.status, 403, "{}", stranger.body);
    assert!(
        stranger.json()["token"].is_null(),
        "no token: not signed in"
    );
    assert!(
        stranger.json()["message"]
            .as_str()
            .is_some_and(|m| m.contains("ask the facilitator to add you")),
        "{}",
        stranger.body
    );
    let line = serve
        .lines
        .recv_timeout(Duration::from_secs(5))
        .expect("a line on serve's output");
    assert!(
        line.starts_with("refused Stranger: not on the list"),
        "{line}"
    );
    assert_eq!(serve.stop(), Some(0));
    let s = loopshop::store::load(&path).expect("load");
    assert_eq!(s.participants.len(), 2, "nobody was added");
    assert_eq!(s.access.devices.len(), 1, "only Ann's phone");
    assert_eq!(s.access.roster, None, "the default was not written over");
}

#[test]
fn under_cards_a_listed_name_without_its_card_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), 2, &[]);
    let serve = Serve::start(dir.path(), &path, &["--roster", "cards"]);
    let ann = join(&serve, &serve.code, "Ann");
    assert_eq!(ann.status, 403, "{}", ann.body);
    assert!(ann.error().contains("personal join cards"), "{}", ann.body);
    let s = loopshop::store::load(&path).expect("load");
    assert_eq!(
        s.access.roster,
        Some(RosterMode::Cards),
        "kept in the session"
    );
    let card = card_code(&s, "p01").expect("Ann's card");
    let with_card = serve.request(
        "POST",
        "/api/join",
        &[("Content-Type", "application/json")],
        &format!(r#"{{"code":"{card}"}}"#),
    );
    assert_eq!(with_card.status, 200, "{}", with_card.body);
    assert_eq!(with_card.json()["participant"], "p01");
}

#[test]
fn joins_stop_at_max_participants() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), 2, &[]);
    let serve = Serve::start(
        dir.path(),
        &path,
        &["--roster", "open", "--max-participants", "4"],
    );
    let statuses: Vec<u16> = ["One", "Two", "Three", "Four"]
        .iter()
        .map(|alias| join(&serve, &serve.code, alias).status)
        .collect();
    assert_eq!(statuses, [200, 200, 403, 403], "two listed and two more");
    let full = join(&serve, &serve.code, "Five");
    assert!(
        full.error().contains("the session is full"),
        "{}",
        full.body
    );
    assert_eq!(
        join(&serve, &serve.code, "Bo").status,
        200,
        "a listed name adds nobody"
    );
    assert_eq!(serve.stop(), Some(0));
    let s = loopshop::store::load(&path).expect("load");
    assert_eq!(s.participants.len(), 4);
    assert!(s.participants[2..].iter().all(|p| p.joined));
}

#[test]
fn closed_keeps_joined_phones_and_takes_nobody_new() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), 2, &[]);
    let serve = Serve::start(dir.path(), &path, &[]);
    let ann = serve.join("Ann");
    assert_eq!(serve.stop(), Some(0));
    let serve = Serve::start(dir.path(), &path, &["--roster", "closed"]);
    assert_eq!(join(&serve, &serve.code, "Bo").status, 403);
    assert_eq!(
        serve.get("/api/state", &ann).status,
        200,
        "Ann's phone works"
    );
}

fn add(alias: &str) -> loopshop::engine::Intent {
    loopshop::engine::Intent::AddParticipant {
        alias: alias.to_owned(),
        role: String::new(),
        organisation: String::new(),
    }
}

#[test]
fn a_name_typed_differently_is_the_same_person_and_a_near_one_is_asked_about() {
    let dir = tempfile::tempdir().expect("tempdir");
    let setup = [add("José Núñez"), add("Åsa Öberg"), add("Maria Lindqvist")];
    let path = session_at(dir.path(), 2, &setup);
    let serve = Serve::start(dir.path(), &path, &["--roster", "open"]);
    // The join page says what a name does under the roster mode.
    let page = serve.request("GET", "/", &[], "");
    assert!(
        page.body.contains("a new name joins at once"),
        "{}",
        page.body
    );
    // Case, accents and spacing: the listed person, nobody new.
    for (typed, id) in [("Jose  Nunez", "p03"), ("asa oberg", "p04")] {
        let joined = join(&serve, &serve.code, typed);
        assert_eq!(joined.status, 200, "{typed}: {}", joined.body);
        assert_eq!(joined.json()["participant"], id, "{typed}");
    }
    // "Maria" may be Maria Lindqvist: asked, nobody joins yet.
    let asked = join(&serve, &serve.code, "Maria");
    assert_eq!(asked.status, 409, "{}", asked.body);
    assert_eq!(asked.json()["did_you_mean"], "Maria Lindqvist");
    assert_eq!(asked.json()["message"], "Are you Maria Lindqvist?");
    assert!(asked.json()["token"].is_null());
    // "No, I am new": joins as a new participant.
    let new = serve.request(
        "POST",
        "/api/join",
        &[("Content-Type", "application/json")],
        &format!(r#"{{"code":"{}","alias":"Maria","new":true}}"#, serve.code),
    );
    assert_eq!(new.status, 200, "{}", new.body);
    assert_eq!(new.json()["participant"], "p06");
    // The form route asks on a page, with both answers as buttons.
    let page = serve.post_form(
        "/join",
        "",
        &format!("code={}&alias=maria+lindqvst", serve.code),
    );
    assert_eq!(page.status, 200, "{}", page.body);
    assert!(
        page.body.contains("Are you Maria Lindqvist?"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("Yes, I am Maria Lindqvist"),
        "{}",
        page.body
    );
    assert!(
        page.body.contains("<input type=hidden name=new value=1>"),
        "{}",
        page.body
    );
    assert_eq!(serve.stop(), Some(0));
    let s = loopshop::store::load(&path).expect("load");
    assert_eq!(s.participants.len(), 6, "only the one who said she is new");
}
