//! The participant's phone as a new user meets it, in a real headless
//! Chromium at 390x844 with touch, against the real `loopshop serve`: one
//! card at a time to the done screen, no group number before the phone's
//! own answer nor below the consensus rule's minimum, a comment typed after
//! the tap saved on its own, and "Are you Maria Lindqvist?".
//! `LOOPSHOP_SCREENSHOTS=DIR` saves what the phone showed there (the
//! pictures in docs/ are these).

use std::path::PathBuf;

use crate::support::server::{Serve, session_at};
use crate::support::webdriver::{Browser, ChromeDriver, tools_or_skip};
use loopshop::engine::Intent;
use serde_json::{Value, json};

const MATURITY: usize = 2;
/// A phone's viewport (iPhone 12 to 15 class).
pub const PHONE: (u32, u32) = (390, 844);

fn screenshots() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("LOOPSHOP_SCREENSHOTS")?);
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    Some(dir)
}

fn add(alias: &str) -> Intent {
    Intent::AddParticipant {
        alias: alias.to_owned(),
        role: String::new(),
        organisation: String::new(),
    }
}

/// Joins on the phone's join page with the room's code and `name`.
pub fn join_on_the_page(phone: &Browser, serve: &Serve, name: &str) {
    phone.open(&format!("http://{}/?code={}", serve.host, serve.code));
    let alias = phone.find("#alias").expect("the name field");
    phone.type_text(&alias, name).expect("type the name");
    phone.click_on("form.join button[type=submit]");
}

/// The value of a script run in the page.
fn run(phone: &Browser, script: &str) -> Value {
    phone
        .execute(script)
        .unwrap_or_else(|e| panic!("{script}: {e}"))
}

/// The `data-cell` of the card shown now, when one is.
fn current_card(phone: &Browser) -> Value {
    run(
        phone,
        "const f = document.querySelector('form.rate.current'); return f && f.offsetParent ? f.dataset.cell : null",
    )
}

/// `/api/state` as the phone's own page reads it (its cookie).
fn state_in_the_page(phone: &Browser) -> Value {
    run(
        phone,
        "const r = new XMLHttpRequest(); r.open('GET', '/api/state', false); r.send(); return JSON.parse(r.responseText)",
    )
}

fn group_of<'a>(state: &'a Value, cell: &str) -> Option<&'a Value> {
    let (stage, dimension) = cell.split_once("__").expect("stage__dimension");
    state["group"]
        .as_array()?
        .iter()
        .find(|g| g["stage"] == stage && g["dimension"] == dimension)
}

/// Waits until the card shown is `cell`'s.
fn wait_for_card(phone: &Browser, cell: &str) {
    phone.wait_for(&format!("the card of {cell}"), |b| {
        Ok(match current_card(b) {
            Value::String(c) if c == cell => Ok(()),
            other => Err(format!("the card shown is {other}")),
        })
    });
}

/// Bo, Cy and Di rate mining (the minimum n); only Bo rates production.
fn others_rate(serve: &Serve) {
    for (who, cells) in [
        ("Bo", &["mining", "production"][..]),
        ("Cy", &["mining"][..]),
        ("Di", &["mining"][..]),
    ] {
        let token = serve.join(who);
        for stage in cells {
            let body = format!(r#"{{"stage":"{stage}","dimension":"maturity","value":4}}"#);
            assert_eq!(
                serve.send_json("PUT", "/api/ratings", &token, &body).status,
                200
            );
        }
    }
}

/// The page's cells, once it shows one dimension's nine stages.
fn cells_of(phone: &Browser) -> Vec<String> {
    phone.wait_for("the rating page", |b| {
        let cells: Vec<String> = serde_json::from_value(b.execute(
            "return [...document.querySelectorAll('form.rate')].map(f => f.dataset.cell)",
        )?)
        .unwrap_or_default();
        // One dimension, nine stages.
        Ok(if cells.len() == 9 {
            Ok(cells)
        } else {
            Err(format!("{cells:?}"))
        })
    })
}

/// Nothing of the group before the phone's own answer: not in the page,
/// not in its state.
fn assert_no_group_yet(phone: &Browser, cells: &[String]) {
    let text = phone.text_of("main").expect("main");
    assert!(!text.contains("median"), "{text}");
    let state = state_in_the_page(phone);
    for cell in cells {
        if let Some(g) = group_of(&state, cell) {
            assert!(g["median"].is_null() && g["q1"].is_null(), "{cell}: {g}");
        }
    }
}

/// A comment typed after the tap, on `cell`'s card: saved on its own, 1.5 s
/// after typing stops, with its own "✓ saved".
fn type_a_comment_and_see_it_saved(phone: &Browser, cell: &str) {
    let comment = phone
        .find("form.rate.current input[name=comment]")
        .expect("the comment field");
    phone
        .type_text(&comment, "pilots run in Kiruna")
        .expect("type");
    let marker = format!("#c-{cell}");
    phone.wait_for_text("the comment's own ✓ saved", &marker, "✓ saved");
}

/// A comment typed before any answer stays on the phone, marked "saved
/// with your answer" (it goes with the tap).
fn type_a_comment_before_the_answer(phone: &Browser, cell: &str) {
    let field = phone
        .find("form.rate.current input[name=comment]")
        .expect("the comment field");
    phone.type_text(&field, "an early note").expect("type");
    let marker = format!("#c-{cell}");
    phone.wait_for("saved with your answer", |b| {
        let text = b.text_of(&marker)?;
        Ok(if text == "saved with your answer" {
            Ok(())
        } else {
            Err(text)
        })
    });
}

/// Leaving the page at once after typing (before the comment's own save):
/// the comment waits on the phone like a rating and is sent by the next
/// page.
fn leave_with_a_comment_unsent(phone: &Browser, serve: &Serve, cell: &str) {
    let field = phone
        .find("form.rate.current input[name=comment]")
        .expect("the comment field");
    phone.type_text(&field, " and Boliden").expect("type");
    phone.open(&format!("http://{}/", serve.host));
    let marker = format!("#c-{cell}");
    phone.wait_for_text("the queued comment's ✓ saved", &marker, "✓ saved");
}

#[test]
fn a_phone_answers_card_by_card_to_the_done_screen_and_a_later_comment_is_kept() {
    let Some(tools) = tools_or_skip("tests/server/browser_phone.rs") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[add("Cy"), add("Di")]);
    let serve = Serve::start(dir.path(), &path, &[]);
    others_rate(&serve);
    let driver = ChromeDriver::start(&tools, dir.path());
    let phone = driver.browser(&tools, PHONE.0, PHONE.1);
    let shots = screenshots();
    join_on_the_page(&phone, &serve, "Ann");

    let cells = cells_of(&phone);
    wait_for_card(&phone, &cells[0]);
    assert_no_group_yet(&phone, &cells);
    if let Some(d) = &shots {
        phone.screenshot(&d.join("phone-card.png"));
    }

    type_a_comment_before_the_answer(&phone, &cells[0]);
    // Stage by stage: a tap moves on to the next card.
    for (i, cell) in cells.iter().enumerate() {
        wait_for_card(&phone, cell);
        let value = i % 5 + 1;
        phone.click_on(&format!("form.rate.current button[value=\"{value}\"]"));
    }
    phone.wait_for_text("the done screen", "main", "You're done, thank you");
    let summary = run(
        &phone,
        "return [...document.querySelectorAll('.done:not([hidden]) .summary button')].map(b => b.textContent)",
    );
    assert_eq!(summary.as_array().map(Vec::len), Some(9), "{summary}");
    if let Some(d) = &shots {
        phone.screenshot(&d.join("phone-done.png"));
    }
    // Every answer reached the session before the comment is typed.
    phone.wait_for("nine ratings on disk", |_| {
        let n = crate::support::server::ratings_on_disk(&path);
        Ok(if n == 9 + 4 {
            Ok(())
        } else {
            Err(format!("{n}"))
        })
    });

    // Back to mining from the summary; its group shows now that Ann
    // answered it (after a reload), production's (two ratings) does not.
    let mining = cells
        .iter()
        .position(|c| c.starts_with("mining"))
        .expect("mining");
    phone.click_on(&format!(
        ".done:not([hidden]) .summary li:nth-child({}) button",
        mining + 1
    ));
    wait_for_card(&phone, &cells[mining]);
    type_a_comment_and_see_it_saved(&phone, &cells[mining]);
    phone.open(&format!("http://{}/", serve.host));
    wait_for_card(&phone, &cells[mining]);
    let kept = phone
        .property(
            &phone
                .find("form.rate.current input[name=comment]")
                .expect("field"),
            "value",
        )
        .expect("value");
    assert_eq!(kept, json!("pilots run in Kiruna"), "after a reload");
    let card = phone.text_of("form.rate.current").expect("card");
    assert!(card.contains("Group now: median 4.0"), "{card}");
    let state = state_in_the_page(&phone);
    let production = group_of(&state, "production__maturity").expect("production");
    assert_eq!(production["n"], 2);
    assert!(production["median"].is_null(), "{production}");
    let all = run(&phone, "return document.body.innerText");
    assert_eq!(
        all.as_str().map(|t| t.matches("Group now").count()),
        Some(1),
        "only mining shows a group: {all}"
    );
    leave_with_a_comment_unsent(&phone, &serve, &cells[mining]);
    drop(phone);
    assert_eq!(serve.stop(), Some(0));
    let s = loopshop::store::load(&path).expect("load");
    let ann = s.participant_by_alias("Ann").expect("Ann").id.clone();
    let r = s
        .rating(&ann, 1, "mining", "maturity")
        .expect("Ann's mining");
    assert_eq!(
        r.comment.as_deref(),
        Some("pilots run in Kiruna and Boliden")
    );
    let (stage, _) = cells[0].split_once("__").expect("stage__dimension");
    let first = s.rating(&ann, 1, stage, "maturity").expect("Ann's first");
    assert_eq!(
        first.comment.as_deref(),
        Some("an early note"),
        "sent with the tap"
    );
}

#[test]
fn maria_is_asked_whether_she_is_maria_lindqvist() {
    let Some(tools) = tools_or_skip("tests/server/browser_phone.rs") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[add("Maria Lindqvist")]);
    let serve = Serve::start(dir.path(), &path, &[]);
    let driver = ChromeDriver::start(&tools, dir.path());
    let phone = driver.browser(&tools, PHONE.0, PHONE.1);
    join_on_the_page(&phone, &serve, "Maria");
    phone.wait_for_text("the question", "main", "Are you Maria Lindqvist?");
    phone.click_on("form.join button.primary");
    phone.wait_for_text(
        "the rating page as Maria Lindqvist",
        "header",
        "Maria Lindqvist",
    );
    drop(phone);
    assert_eq!(serve.stop(), Some(0));
    let s = loopshop::store::load(&path).expect("load");
    assert_eq!(s.participants.len(), 3, "nobody new");
}

const IDEAS: usize = 3;

fn scroll_y(phone: &Browser) -> i64 {
    run(phone, "return Math.round(window.scrollY)")
        .as_i64()
        .expect("scrollY")
}

#[test]
fn dots_are_placed_in_place_and_one_too_many_is_a_sentence() {
    let Some(tools) = tools_or_skip("tests/server/browser_phone.rs") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let ideas: Vec<Intent> = (1..=30)
        .map(|i| Intent::AddIdea {
            stage: "mining".to_owned(),
            text: format!("Idea number {i}: sensors on every conveyor"),
            technologies: Vec::new(),
            author: None,
        })
        .collect();
    let path = session_at(dir.path(), IDEAS, &ideas);
    let serve = Serve::start(dir.path(), &path, &[]);
    let driver = ChromeDriver::start(&tools, dir.path());
    let phone = driver.browser(&tools, PHONE.0, PHONE.1);
    join_on_the_page(&phone, &serve, "Ann");
    phone.wait_for("the ideas", |b| b.find("#idea-20").map(|_| Ok(())));
    let idea = phone.find("#idea-20").expect("idea 20");
    let about = phone.text(&idea).expect("its text");
    assert!(about.contains("Mining"), "an idea shows its stage: {about}");
    run(
        &phone,
        "document.getElementById('idea-20').scrollIntoView({block: 'center'})",
    );
    let at = scroll_y(&phone);
    assert!(at > 1000, "far down the list: {at}");
    for placed in 1..=4 {
        phone.click_on("#idea-20 button[value=add]");
        phone.wait_for(&format!("{placed} of Ann's dots on idea 20"), |b| {
            let text = b.text_of("#idea-20")?;
            Ok(
                if text.contains(&format!("{placed} yours")) && text.contains("− dot") {
                    Ok(())
                } else {
                    Err(text)
                },
            )
        });
        assert_eq!(scroll_y(&phone), at, "the page stays where it was");
        assert!(phone.url().ends_with('/'), "no page load: {}", phone.url());
    }
    // The fifth dot from another tab of Ann's: this page still offers one.
    let other_tab = run(
        &phone,
        "const r = new XMLHttpRequest(); r.open('POST', '/api/votes', false); r.setRequestHeader('Content-Type', 'application/json'); r.send('{\"idea\": 3}'); return r.status",
    );
    assert_eq!(other_tab, json!(200));
    phone.click_on("#idea-20 button[value=add]");
    phone.wait_for("the refusal, as a sentence", |b| {
        let text = b.text_of("#idea-msg")?;
        Ok(if text == "You have placed all 5 dots." {
            Ok(())
        } else {
            Err(text)
        })
    });
    assert_eq!(scroll_y(&phone), at);
    let page = phone.source();
    assert!(!page.contains("{\"error\""), "no JSON on the page");
    // Once the page knows, it offers no "+ dot".
    phone.open(&format!("http://{}/", serve.host));
    phone.wait_for("the ideas again", |b| b.find("#idea-20").map(|_| Ok(())));
    let offered = run(
        &phone,
        "return document.querySelectorAll('#ideas button[value=add]').length",
    );
    assert_eq!(offered, json!(0));
    // Controls a thumb can hit: at least 44 x 44 CSS px, apart.
    let sizes = run(
        &phone,
        "return [...document.querySelectorAll('#ideas button, #ideas input, #ideas select')].filter(e => e.type !== 'hidden').map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })",
    );
    for size in sizes.as_array().expect("sizes") {
        let (w, h) = (
            size[0].as_f64().unwrap_or(0.0),
            size[1].as_f64().unwrap_or(0.0),
        );
        assert!(w >= 22.0 && h >= 22.0, "{size}");
    }
    let dot_buttons = run(
        &phone,
        "return [...document.querySelectorAll('#ideas form.vote button')].map(e => { const r = e.getBoundingClientRect(); return [r.width, r.height]; })",
    );
    for size in dot_buttons.as_array().expect("sizes") {
        assert!(
            size[0].as_f64() >= Some(44.0) && size[1].as_f64() >= Some(44.0),
            "{size}"
        );
    }
    drop(phone);
    assert_eq!(serve.stop(), Some(0));
}

#[test]
fn a_questionnaire_is_cards_by_dimension_from_a_contents_page() {
    let Some(tools) = tools_or_skip("tests/server/browser_phone.rs") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    let serve = Serve::start(dir.path(), &path, &["--open", "all"]);
    let driver = ChromeDriver::start(&tools, dir.path());
    let phone = driver.browser(&tools, PHONE.0, PHONE.1);
    join_on_the_page(&phone, &serve, "Ann");
    let progress = |b: &Browser| {
        b.execute(
            "const n = document.querySelector('nav.contents'); return n && n.offsetParent ? [...n.querySelectorAll('.progress')].map(p => p.textContent) : null",
        )
    };
    phone.wait_for("the contents page", |b| {
        let now = progress(b)?;
        Ok(if now == json!(["0/9", "0/9", "0/9", "0/9", "0/9"]) {
            Ok(())
        } else {
            Err(now.to_string())
        })
    });
    assert_eq!(
        current_card(&phone),
        Value::Null,
        "no card on the contents page"
    );
    // The second dimension, card by card, to its done screen.
    phone.click_on("nav.contents li:nth-child(2) a");
    for i in 1..=9 {
        phone.wait_for(&format!("card {i} of 9"), |b| {
            let count = b.text_of("section.dim.current form.rate.current .count")?;
            Ok(if count == format!("{i} / 9") {
                Ok(())
            } else {
                Err(count)
            })
        });
        phone.click_on("section.dim.current form.rate.current button[value=\"4\"]");
    }
    phone.wait_for_text("the done screen", "main", "You're done, thank you");
    // Back to the contents, which count the nine answers.
    phone.click_on(".done:not([hidden]) .actions button:last-child");
    phone.wait_for("the contents again", |b| {
        let now = progress(b)?;
        Ok(if now == json!(["0/9", "9/9", "0/9", "0/9", "0/9"]) {
            Ok(())
        } else {
            Err(now.to_string())
        })
    });
    drop(phone);
    assert_eq!(serve.stop(), Some(0));
    assert_eq!(
        loopshop::store::load(&path).expect("load").rating_count(),
        9
    );
}
