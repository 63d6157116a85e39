//! The room's board under the facilitator's hand: `loopshop run` in a
//! pseudo-terminal with the phones' server on, the board in a real headless
//! Chromium at 1920x1080; `b` in the terminal changes what the board shows
//! within a second, and `+` adds to the board's countdown. Skipped loudly
//! without Chromium and chromedriver (a failure with
//! `LOOPSHOP_REQUIRE_BROWSER=1`).

use std::time::{Duration, Instant};

use crate::support::pty::{DOWN, ENTER, serving_at_maturity_grid};
use crate::support::server::session_at;
use crate::support::webdriver::{Browser, ChromeDriver, tools_or_skip};

/// What the board's main area shows (`data-content`).
fn showing(b: &Browser) -> String {
    b.execute("return document.querySelector('main').dataset.content")
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// Waits at most a second for the board to show `content`; how long it took.
fn within_a_second(b: &Browser, content: &str) -> Duration {
    let asked = Instant::now();
    while asked.elapsed() < Duration::from_secs(1) {
        if showing(b) == content {
            return asked.elapsed();
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    panic!(
        "the board shows {:?}, not {content:?}, a second after b",
        showing(b)
    );
}

#[test]
fn b_in_the_terminal_changes_the_board_within_a_second() {
    let Some(tools) = tools_or_skip("tests/e2e/board.rs") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), 0, &[]);
    let mut t = serving_at_maturity_grid(dir.path(), &path);
    t.wait_for("✓ saved");
    let session = loopshop::store::load(&path).expect("load");
    let server = session.access.server.clone().expect("the server's address");
    let url = format!("http://{server}/board?key={}", session.access.board_key);
    let driver = ChromeDriver::start(&tools, dir.path());
    let screen = driver.desktop(&tools, 1920, 1080);
    screen.open(&url);
    screen.wait_for("the board's event stream to open", |b| {
        match b.attribute(&b.find("#live")?, "data-state")? {
            Some(s) if s == "online" => Ok(Ok(())),
            s => Ok(Err(format!("#live data-state is {s:?}"))),
        }
    });
    assert_eq!(showing(&screen), "distributions", "it follows the grid");

    // The countdown is the engine's clock: + adds 5 minutes to it too.
    let left = |b: &Browser| {
        b.execute("return Number(document.querySelector('.clock').dataset.left)")
            .ok()
            .and_then(|v| v.as_i64())
            .unwrap_or_default()
    };
    let before = left(&screen);
    assert!(before > 25 * 60, "30 minutes planned: {before} s left");
    t.send("+");
    screen.wait_for("the countdown to take the extension", |b| {
        let now = left(b);
        Ok(if now > before + 200 {
            Ok(())
        } else {
            Err(format!("{now} s left"))
        })
    });

    // b, then 2: the model.
    t.send("b");
    t.wait_for("What the room's board shows");
    t.send("2");
    let took = within_a_second(&screen, "model");
    t.wait_for("the board shows the model");
    screen.assert_readable_from_the_back("the model");
    // b, then 3: the matrix; then back to following the exercise.
    t.send("b");
    t.wait_for("What the room's board shows");
    t.send("3");
    within_a_second(&screen, "matrix");
    screen.assert_readable_from_the_back("the matrix");
    // The last item: the discussion, the question and no number.
    t.send("b");
    t.wait_for("What the room's board shows");
    for _ in 0..12 {
        t.send(DOWN);
    }
    t.send(ENTER);
    within_a_second(&screen, "discussion");
    screen.assert_readable_from_the_back("the discussion");
    let main = screen.text_of("main").expect("the discussion");
    assert!(main.contains("How mature"), "{main}");
    // No count, bar or median: the question's own words only (its scale
    // may have numbers: TRL 1-3 ...).
    let results = screen
        .execute("return document.querySelectorAll('main .bar, main .tile, main svg, main table').length")
        .expect("the results");
    assert_eq!(results, serde_json::json!(0), "{main}");
    assert!(
        !main.contains("median") && !main.contains(" of 3"),
        "{main}"
    );
    t.send("b");
    t.wait_for("What the room's board shows");
    t.send("1");
    within_a_second(&screen, "distributions");
    eprintln!("the board changed {took:?} after b 2");
    drop(screen);
    t.send("q");
    assert!(t.wait_exit().success());
}
