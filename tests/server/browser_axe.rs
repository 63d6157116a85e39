//! Every participant page passes axe-core's WCAG 2.2 A/AA rules, in light
//! and dark colour schemes, in a real headless Chromium at 390x844 with
//! touch: the join form, a card's page, the rating card, the done screen,
//! the questionnaire's contents, the ideas and the waiting page. axe-core is
//! its npm package (`.ci/run` installs it under `target/npm` when missing;
//! `LOOPSHOP_AXE` names another `axe.min.js`), injected into each page.
//! A deliberately low-contrast paragraph shows that the audit fails when a
//! violation is there. Also: one `main`, a skip link first, a visible focus
//! ring, and at 200% zoom nothing fixed covering more than 15% of the
//! screen.

use std::path::PathBuf;

use crate::support::server::{Serve, session_at};
use crate::support::webdriver::{Browser, ChromeDriver, tools_or_skip};
use loopshop::engine::{Engine, Intent, SecondDevice};
use serde_json::{Value, json};

use super::browser_phone::{PHONE, join_on_the_page};

/// The WCAG 2.2 A and AA rules of axe-core.
const TAGS: [&str; 5] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/// axe-core's script: `LOOPSHOP_AXE`, else `target/npm` as `.ci/run`
/// installs it. Missing: the test says so and is skipped, unless
/// `LOOPSHOP_REQUIRE_BROWSER=1` makes that a failure.
fn axe_or_skip() -> Option<String> {
    let path = std::env::var_os("LOOPSHOP_AXE").map_or_else(
        || {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("target/npm/node_modules/axe-core/axe.min.js")
        },
        PathBuf::from,
    );
    match std::fs::read_to_string(&path) {
        Ok(script) => Some(script),
        Err(e) => {
            assert!(
                std::env::var_os("LOOPSHOP_REQUIRE_BROWSER").is_none(),
                "axe-core is required: {}: {e} (npm install --prefix target/npm axe-core@4)",
                path.display()
            );
            eprintln!(
                "SKIPPED tests/server/browser_axe.rs: no axe-core at {}",
                path.display()
            );
            None
        }
    }
}

/// Sets the page's colour scheme (`light` or `dark`) through Chromium's
/// `DevTools`.
fn scheme(phone: &Browser, scheme: &str) {
    phone
        .call(
            "POST",
            "/goog/cdp/execute",
            Some(&json!({"cmd": "Emulation.setEmulatedMedia", "params": {
                "features": [{"name": "prefers-color-scheme", "value": scheme}]}})),
        )
        .unwrap_or_else(|e| panic!("colour scheme {scheme}: {e}"));
}

/// axe-core's violations of [`TAGS`] on the page as it is now: rule,
/// impact and where.
fn violations(phone: &Browser, axe: &str) -> Vec<String> {
    phone
        .execute(&format!("{axe}\nreturn 1"))
        .unwrap_or_else(|e| panic!("injecting axe-core: {e}"));
    let found = phone
        .execute(&format!(
            "return axe.run(document, {{runOnly: {{type: 'tag', values: {}}}}}).then(r => r.violations.map(v => v.id + ' (' + v.impact + '): ' + v.nodes.map(n => n.target.join(' ') + ' ' + n.failureSummary).join(' | ')))",
            json!(TAGS)
        ))
        .unwrap_or_else(|e| panic!("axe.run: {e}"));
    serde_json::from_value(found).expect("a list of violations")
}

/// Audits the page in both colour schemes; also its landmarks, skip link
/// and focus ring.
fn audit(phone: &Browser, axe: &str, page: &str) {
    for s in ["light", "dark"] {
        scheme(phone, s);
        let found = violations(phone, axe);
        assert!(found.is_empty(), "{page} ({s}): {found:#?}");
    }
    scheme(phone, "light");
    let structure = phone
        .execute(
            "const first = document.querySelector('a, button, input, select, textarea');
             return [document.querySelectorAll('main').length, first.className + ' ' + first.getAttribute('href')]",
        )
        .unwrap_or_else(|e| panic!("{page}: {e}"));
    assert_eq!(structure[0], json!(1), "{page}: one main landmark");
    assert_eq!(
        structure[1],
        json!("skip #main"),
        "{page}: a skip link first"
    );
    // From the keyboard: the skip link shows when focused, and the focused
    // control has a ring.
    phone.open(&phone.url());
    phone.wait_for("the page again", |b| b.find("main").map(|_| Ok(())));
    let focused = |b: &Browser| {
        b.execute(
            "const e = document.activeElement; const st = getComputedStyle(e); const r = e.getBoundingClientRect();
             return [e.className, r.left >= 0 && r.width > 0, st.outlineStyle !== 'none' && parseFloat(st.outlineWidth) >= 2]",
        )
        .unwrap_or_else(|e| panic!("{page}: {e}"))
    };
    tab(phone);
    let skip = focused(phone);
    assert_eq!(
        skip,
        json!(["skip", true, true]),
        "{page}: the skip link, on screen, ringed"
    );
    tab(phone);
    let next = focused(phone);
    assert_eq!(next[2], json!(true), "{page}: a visible focus ring: {next}");
}

/// Presses Tab.
fn tab(phone: &Browser) {
    phone
        .call(
            "POST",
            "/actions",
            Some(&json!({"actions": [{"type": "key", "id": "keyboard", "actions": [
                {"type": "keyDown", "value": "\u{e004}"}, {"type": "keyUp", "value": "\u{e004}"}]}]})),
        )
        .unwrap_or_else(|e| panic!("Tab: {e}"));
}

fn wait_for_text(phone: &Browser, css: &str, text: &str) {
    phone.wait_for(&format!("{css} to say {text}"), |b| {
        let now = b.text_of(css)?;
        Ok(if now.contains(text) { Ok(()) } else { Err(now) })
    });
}

#[test]
fn every_participant_page_passes_axe_core_in_light_and_dark() {
    let Some(tools) = tools_or_skip("tests/server/browser_axe.rs") else {
        return;
    };
    let Some(axe) = axe_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), 2, &[]);
    let serve = Serve::start(dir.path(), &path, &[]);
    let driver = ChromeDriver::start(&tools, dir.path());
    let phone = driver.browser(&tools, PHONE.0, PHONE.1);

    // The check fails when a violation is there.
    phone.open(&format!("http://{}/?code={}", serve.host, serve.code));
    wait_for_text(&phone, "h1", "Join");
    phone
        .execute("const p = document.createElement('p'); p.id = 'low'; p.textContent = 'Grey on white'; p.style.color = '#999'; p.style.background = '#fff'; document.querySelector('main').append(p); return 1")
        .expect("a low-contrast paragraph");
    let found = violations(&phone, &axe);
    assert!(
        found
            .iter()
            .any(|v| v.starts_with("color-contrast") && v.contains("#low")),
        "{found:#?}"
    );
    phone.open(&format!("http://{}/?code={}", serve.host, serve.code));
    wait_for_text(&phone, "h1", "Join");
    audit(&phone, &axe, "the join page");

    join_on_the_page(&phone, &serve, "Ann");
    phone.wait_for("the rating card", |b| {
        b.find("form.rate.current").map(|_| Ok(()))
    });
    audit(&phone, &axe, "the rating card");
    for i in 0..9 {
        phone.wait_for(&format!("card {}", i + 1), |b| {
            let count = b.text_of("form.rate.current .count")?;
            Ok(if count.starts_with(&format!("{} /", i + 1)) {
                Ok(())
            } else {
                Err(count)
            })
        });
        phone.click_on("form.rate.current button[value=\"3\"]");
    }
    wait_for_text(&phone, "main", "You're done, thank you");
    audit(&phone, &axe, "the done screen");
    // The list view, one tap away.
    phone.click_on("button.view");
    audit(&phone, &axe, "the list view");
    drop(phone);
    assert_eq!(serve.stop(), Some(0));

    // The questionnaire (`--open all`) and a card's page.
    let serve = Serve::start(dir.path(), &path, &["--open", "all"]);
    let phone = driver.browser(&tools, PHONE.0, PHONE.1);
    join_on_the_page(&phone, &serve, "Bo");
    phone.wait_for("the contents", |b| b.find("nav.contents").map(|_| Ok(())));
    audit(&phone, &axe, "the questionnaire's contents");
    let session = loopshop::store::load(&path).expect("load");
    let code = loopshop::domain::cards::card_code(&session, "p01").expect("Ann's card");
    phone.open(&format!("http://{}/j/{code}", serve.host));
    wait_for_text(&phone, "main", "Join as Ann");
    audit(&phone, &axe, "a card's page");
    drop(phone);
    assert_eq!(serve.stop(), Some(0));
}

#[test]
fn the_ideas_and_the_waiting_page_pass_axe_core_and_zoom_to_200_percent() {
    let Some(tools) = tools_or_skip("tests/server/browser_axe.rs") else {
        return;
    };
    let Some(axe) = axe_or_skip() else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let idea = |text: &str| Intent::AddIdea {
        stage: "mining".to_owned(),
        text: text.to_owned(),
        technologies: vec!["iot".to_owned()],
        author: None,
    };
    let path = session_at(
        dir.path(),
        3,
        &[idea("Sensors on conveyors"), idea("A passport")],
    );
    // A new name waiting for the facilitator (as under `run`).
    let token = "waiting0phone0token0for0the0test";
    let mut engine = Engine::open(&path).expect("open");
    engine
        .ensure_access(
            || "WAIT23".to_owned(),
            || "k".repeat(24),
            chrono::Utc::now(),
        )
        .expect("a join code");
    let code = engine.session().access.join_code.clone();
    let hash = loopshop::server::secrets::token_hash(token);
    let joined = engine
        .join(&code, "Dana", hash, SecondDevice::Wait, chrono::Utc::now())
        .expect("Dana waits");
    assert!(!joined.approved);
    engine.flush();
    engine.close().expect("close");

    let serve = Serve::start(dir.path(), &path, &[]);
    let driver = ChromeDriver::start(&tools, dir.path());
    let phone = driver.browser(&tools, PHONE.0, PHONE.1);
    join_on_the_page(&phone, &serve, "Ann");
    phone.wait_for("the ideas", |b| b.find("#ideas").map(|_| Ok(())));
    audit(&phone, &axe, "the ideas");
    drop(phone);

    let phone = driver.browser(&tools, PHONE.0, PHONE.1);
    phone.open(&format!("http://{}/", serve.host));
    phone
        .call(
            "POST",
            "/cookie",
            Some(&json!({"cookie": {"name": "loopshop_token", "value": token}})),
        )
        .expect("Dana's cookie");
    phone.open(&format!("http://{}/", serve.host));
    wait_for_text(&phone, "main", "Waiting for the facilitator");
    audit(&phone, &axe, "the waiting page");
    drop(phone);

    // 200% zoom of a 390x844 phone: 195x422 CSS pixels. Nothing fixed or
    // sticky covers more than 15% of it.
    let zoomed = driver.browser(&tools, PHONE.0 / 2, PHONE.1 / 2);
    join_on_the_page(&zoomed, &serve, "Bo");
    zoomed.wait_for("the rating card", |b| {
        b.find("form.rate.current").map(|_| Ok(()))
    });
    let covered: Value = zoomed
        .execute(
            "let h = 0; for (const e of document.querySelectorAll('body *')) { const p = getComputedStyle(e).position; if (p === 'fixed' || p === 'sticky') h += e.getBoundingClientRect().height; } return h / window.innerHeight",
        )
        .expect("covered");
    assert!(covered.as_f64().is_some_and(|c| c <= 0.15), "{covered}");
    let width = zoomed
        .execute("return document.documentElement.scrollWidth <= window.innerWidth")
        .expect("width");
    assert_eq!(width, json!(true), "no sideways scrolling at 200%");
    drop(zoomed);
    assert_eq!(serve.stop(), Some(0));
}
