//! Recovery that restores the room (issue 23, item 4), as a phone lives it:
//! `loopshop run` in a pseudo-terminal with the phones' server on, a phone
//! in a real headless Chromium; the program is killed, the phone answers
//! meanwhile (the answer waits on the phone, offline), the session is
//! reopened, the server starts again on the same address, and the pending
//! answer arrives by itself within seconds. Skipped loudly without Chromium
//! and chromedriver (a failure with `LOOPSHOP_REQUIRE_BROWSER=1`).

use crate::support::pty::{Tui, serving_at_maturity_grid};
use crate::support::server::session_at;
use crate::support::webdriver::{Browser, ChromeDriver, tools_or_skip};
use loopshop::domain::Score;

/// Clicks `value` in the cell's form and waits for its marker to contain
/// `words`.
fn rate(phone: &Browser, cell: &str, value: u8, words: &str) {
    phone.click_on(&format!(
        "form.rate[data-cell=\"{cell}\"] button[name=value][value=\"{value}\"]"
    ));
    let marker = format!("#m-{cell}");
    phone.wait_for_text(&format!("{marker} to say {words}"), &marker, words);
}

#[test]
fn a_phones_pending_answer_arrives_after_a_crash_and_the_reopening() {
    let Some(tools) = tools_or_skip("tests/e2e/recovery.rs") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), 0, &[]);
    let mut t = serving_at_maturity_grid(dir.path(), &path);
    t.wait_for("✓ saved");
    let session = loopshop::store::load(&path).expect("load");
    let host = session.access.server.clone().expect("the server's address");
    let code = session.access.join_code.clone();

    let driver = ChromeDriver::start(&tools, dir.path());
    let phone = driver.browser(&tools, 412, 915);
    phone.open(&format!("http://{host}/?code={code}"));
    let alias = phone.find("#alias").expect("the name field");
    phone.type_text(&alias, "Ann").expect("type the name");
    phone.click_on("form.join button[type=submit]");
    // Every cell at once: the list, one tap away from the cards.
    phone.click_on("button.view");
    rate(&phone, "mining__maturity", 3, "✓ saved");

    // The program is killed; the phone answers meanwhile.
    t.signal("-KILL");
    assert!(!t.wait_exit().success());
    rate(&phone, "use__maturity", 4, "pending");

    // Reopened: the server is back on the same address, and the answer
    // that waited on the phone arrives by itself.
    let mut t = Tui::spawn(dir.path(), &["run", path.to_str().expect("utf8")]);
    t.wait_for("recovered after an unexpected stop at");
    t.wait_for(&format!("join http://{host}/"));
    let marker = "#m-use__maturity";
    phone.wait_for_text("the pending answer to be saved", marker, "✓ saved");
    drop(phone);
    t.send("q");
    assert!(t.wait_exit().success());
    let s = loopshop::store::load(&path).expect("load");
    let ann = s.participant_by_alias("Ann").expect("Ann").id.clone();
    for (stage, value) in [("mining", 3), ("use", 4)] {
        let r = s.rating(&ann, 1, stage, "maturity").expect("the rating");
        assert_eq!(r.score, Score::Value(value), "{stage}");
    }
}
