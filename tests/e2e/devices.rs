//! End to end: `loopshop run` in a pseudo-terminal with participants'
//! devices on; ratings sent over HTTP appear in the grid and the live median.

use crate::support::pty::serving_at_maturity_grid;
use crate::support::server::{request, session_at};
use loopshop::domain::{EnteredBy, Score};

/// `join http://HOST:PORT/ code CODE` as shown in the header.
fn join_line(screen: &str) -> Option<(String, String)> {
    let at = screen.find("join http://")?;
    let mut words = screen[at..].split_whitespace().skip(1);
    let url = words.next()?;
    (words.next()? == "code").then_some(())?;
    let code = words.next()?;
    let host = url.trim_start_matches("http://").trim_end_matches('/');
    Some((host.to_owned(), code.to_owned()))
}

#[test]
fn ratings_from_phones_arrive_in_the_grid_and_the_median() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Ann and Bo, at the briefing; the terminal moves to the maturity grid.
    let path = session_at(dir.path(), 0, &[]);
    let mut t = serving_at_maturity_grid(dir.path(), &path);
    let (host, code) = join_line(&t.screen()).expect("the join line");
    let json = [("Content-Type", "application/json")];
    let join = |alias: &str| {
        let r = request(
            &host,
            "POST",
            "/api/join",
            &json,
            &format!(r#"{{"code":"{code}","alias":"{alias}"}}"#),
        );
        assert_eq!(r.status, 200, "{}", r.body);
        r.json()["token"].as_str().expect("token").to_owned()
    };
    let (ann, bo, cy) = (join("Ann"), join("Bo"), join("Cy"));
    // Cy is not on the session's list: under its roster (listed, the
    // default with a list) the new name waits until the facilitator
    // approves it in the join panel.
    t.send("J");
    t.wait_for("1 waiting for approval");
    t.send("A");
    t.wait_for("0 waiting for approval");
    t.send("\x1b");
    let rate = |token: &str, value: u8| {
        let r = request(
            &host,
            "PUT",
            "/api/ratings",
            &[
                ("Authorization", &format!("Bearer {token}")),
                ("Content-Type", "application/json"),
            ],
            &format!(r#"{{"stage":"mining","dimension":"maturity","value":{value}}}"#),
        );
        assert_eq!(r.status, 200, "{}", r.body);
    };
    rate(&ann, 2);
    rate(&bo, 5);
    rate(&cy, 4);
    // A new name joined: the grid grew a row, and everyone's mining shows.
    t.wait_for("Cy");
    t.wait_for("1/9");
    t.wait_for("4.0");
    let screen = t.screen();
    let median_row = screen
        .lines()
        .find(|l| l.contains("median"))
        .expect("median row");
    assert!(median_row.contains("4.0"), "{median_row}");
    // The facilitator's own typing still works beside the phones.
    t.send("3");
    t.wait_for("Ann × Exploration: 3");
    t.send("q");
    assert!(t.wait_exit().success());
    let s = loopshop::store::load(&path).expect("load");
    let mining = |p: &str| s.rating(p, 1, "mining", "maturity").cloned();
    assert_eq!(mining("p02").map(|r| r.score), Some(Score::Value(5)));
    assert_eq!(mining("p03").map(|r| r.entered_by), Some(EnteredBy::Device));
    assert_eq!(
        s.rating("p01", 1, "exploration", "maturity")
            .map(|r| r.entered_by),
        Some(EnteredBy::Facilitator)
    );
}
