//! A new name waits on the phone, in words, and continues by itself within
//! 3 s of the facilitator's approval: `loopshop run` in a pseudo-terminal
//! (the facilitator approves with `J`, `A`) and the phone in a real headless
//! Chromium at 390x844 with touch.

use std::time::{Duration, Instant};

use crate::support::pty::serving_at_maturity_grid;
use crate::support::server::session_at;
use crate::support::webdriver::{ChromeDriver, tools_or_skip};

/// `join http://HOST:PORT/ code CODE` as the terminal's header shows it.
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
fn a_waiting_phone_continues_by_itself_when_the_facilitator_approves_it() {
    let Some(tools) = tools_or_skip("tests/e2e/browser_waiting.rs") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    // Ann and Bo are listed: a new name waits for the facilitator.
    let path = session_at(dir.path(), 0, &[]);
    let mut t = serving_at_maturity_grid(dir.path(), &path);
    let (host, code) = join_line(&t.screen()).expect("the join line");
    let driver = ChromeDriver::start(&tools, dir.path());
    let phone = driver.browser(&tools, 390, 844);
    phone.open(&format!("http://{host}/?code={code}"));
    let words = phone.text_of("main").expect("the join page");
    assert!(
        words.contains("a new name waits until the facilitator lets you in"),
        "{words}"
    );
    let alias = phone.find("#alias").expect("the name field");
    phone.type_text(&alias, "Dana").expect("type");
    phone.click_on("form.join button[type=submit]");
    phone.wait_for("the waiting page", |b| {
        let text = b.text_of("main")?;
        Ok(
            if text.contains("Waiting for the facilitator to let you in") {
                Ok(())
            } else {
                Err(text)
            },
        )
    });
    // Still waiting a while later: nothing moves without the facilitator.
    std::thread::sleep(Duration::from_secs(2));
    assert!(phone.find("#waiting").is_ok(), "still waiting");

    t.send("J");
    t.wait_for("1 waiting for approval");
    t.send("A");
    t.wait_for("0 waiting for approval");
    let approved = Instant::now();
    phone.wait_for("the rating page", |b| b.find("form.rate").map(|_| Ok(())));
    let took = approved.elapsed();
    assert!(took < Duration::from_secs(3), "{took:?} after the approval");
    assert!(phone.text_of("header").expect("header").contains("Dana"));
    drop(phone);
    t.send("\x1b");
    t.send("q");
    assert!(t.wait_exit().success());
}
