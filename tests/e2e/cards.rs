//! End to end: `loopshop run` in a pseudo-terminal with participants'
//! devices on, and personal join cards. A card used on a second device
//! signs the first out and the facilitator's screen says so; `I` reissues a
//! card (its old link is refused from then on); `K` writes every card to
//! the exports folder.

use crate::support::pty::serving_at_maturity_grid;
use crate::support::server::{request, session_at, use_card};
use loopshop::domain::cards::card_code;

/// `join http://HOST:PORT/` as shown in the header.
fn host_of(screen: &str) -> Option<String> {
    let at = screen.find("join http://")?;
    let url = screen[at..].split_whitespace().nth(1)?;
    Some(
        url.trim_start_matches("http://")
            .trim_end_matches('/')
            .to_owned(),
    )
}

#[test]
fn the_terminal_shows_a_card_moving_to_a_new_device_reissues_and_writes_cards() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), 0, &[]);
    let mut t = serving_at_maturity_grid(dir.path(), &path);
    let host = host_of(&t.screen()).expect("the join line");
    // The session as the terminal keeps it (file and journal): Ann's code.
    let session = loopshop::store::load(&path).expect("load");
    let code = card_code(&session, "p01").expect("Ann's code");
    let link = format!("/j/{code}");

    let first = use_card(&host, &link);
    assert_eq!(first.status, 303, "{}", first.body);
    let second = use_card(&host, &link);
    assert_eq!(second.status, 303, "{}", second.body);
    t.wait_for("Ann's card joined on a new device");

    // I: reissue Ann's card (the first in the list).
    t.send("I");
    t.wait_for("Reissue whose join card?");
    t.send("1");
    t.wait_for("Ann's old join card no longer works");
    let old = request(&host, "GET", &link, &[], "");
    assert_eq!(old.status, 401, "{}", old.body);

    // K: every card, with the new code, in the exports folder.
    t.send("K");
    t.wait_for("join cards for http://127.0.0.1:");
    let stem = path
        .file_stem()
        .expect("stem")
        .to_string_lossy()
        .into_owned();
    let file = dir
        .path()
        .join("exports")
        .join(format!("{stem}.cards.html"));
    let html = std::fs::read_to_string(&file).expect("the cards");
    assert_eq!(html.matches("<section class=card").count(), 2);
    assert!(!html.contains(&link), "the old card is not printed again");
    let session = loopshop::store::load(&path).expect("load");
    let renewed = card_code(&session, "p01").expect("the new code");
    assert!(html.contains(&format!("/j/{renewed}")));
    assert_eq!(use_card(&host, &format!("/j/{renewed}")).status, 303);
    t.send("q");
    assert!(t.wait_exit().success());
}
