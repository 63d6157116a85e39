//! The room's board in a real headless Chromium at a projector's 1920x1080,
//! against the real `loopshop serve`: the model on the board changes, by
//! itself, after a participant's phone sends a rating. Skipped loudly without
//! Chromium and chromedriver, a failure with `LOOPSHOP_REQUIRE_BROWSER=1`
//! (as `tests/server/browser_page.rs`). `LOOPSHOP_SCREENSHOTS=DIR` saves the board
//! (`board.png`), a sheet of join cards (`join-cards.png`) and one card
//! (`join-card.png`) there: the README's pictures.

use crate::support::server::{Serve, session_at};
use crate::support::webdriver::{ChromeDriver, tools_or_skip};
use loopshop::domain::Score;
use loopshop::engine::Intent;

/// The exercise rating circularity, carbon footprint and circular practices.
const CIRCULARITY: usize = 4;
/// A projector.
const SCREEN: (u32, u32) = (1920, 1080);
/// Per stage: digitalization difficulty (x), circularity impact (y), carbon
/// footprint (size), maturity (colour): the example session's profile.
const PROFILE: [(&str, u8, u8, u8, u8); 9] = [
    ("exploration", 3, 2, 2, 2),
    ("mining", 4, 2, 5, 2),
    ("processing", 3, 2, 4, 3),
    ("design", 2, 5, 2, 4),
    ("production", 2, 4, 5, 4),
    ("use", 3, 2, 2, 5),
    ("reuse", 4, 4, 2, 3),
    ("collection", 4, 5, 2, 2),
    ("recycling", 5, 5, 3, 2),
];

fn screenshots() -> Option<std::path::PathBuf> {
    let dir = std::path::PathBuf::from(std::env::var_os("LOOPSHOP_SCREENSHOTS")?);
    std::fs::create_dir_all(&dir).expect("screenshot folder");
    Some(dir)
}

/// Three more experts, and every cell of the model rated by all five but
/// mining's circularity, which only two have rated (fewer than three: the
/// board does not place mining yet).
fn setup() -> Vec<Intent> {
    let mut out = Vec::new();
    for alias in ["Cy", "Di", "Ed"] {
        out.push(Intent::AddParticipant {
            alias: alias.to_owned(),
            role: String::new(),
            organisation: String::new(),
        });
    }
    let rate = |p: &str, stage: &str, dimension: &str, v: u8| Intent::Rate {
        participant: p.to_owned(),
        stage: stage.to_owned(),
        dimension: dimension.to_owned(),
        score: Score::Value(v),
        comment: None,
    };
    for (k, p) in ["p01", "p02", "p03", "p04", "p05"].iter().enumerate() {
        // One expert a point off here and there: medians stay the profile's.
        let off = |v: u8| {
            if k == 4 {
                v.saturating_sub(1).max(1)
            } else {
                v
            }
        };
        for (stage, x, y, size, colour) in PROFILE {
            out.push(rate(p, stage, "digitalization_difficulty", off(x)));
            out.push(rate(p, stage, "carbon_footprint", size));
            out.push(rate(p, stage, "maturity", off(colour)));
            out.push(rate(p, stage, "circularity_difficulty", 3));
            if stage != "mining" || k < 2 {
                out.push(rate(p, stage, "circularity_impact", y));
            }
        }
    }
    out
}

#[test]
fn the_board_on_a_projector_updates_its_model_after_a_rating_arrives() {
    let Some(tools) = tools_or_skip("tests/server/browser_board.rs") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), CIRCULARITY, &setup());
    let serve = Serve::start(dir.path(), &path, &[]);
    let board_url = serve
        .board
        .strip_prefix("board ")
        .expect("the board line")
        .to_owned();
    let driver = ChromeDriver::start(&tools, dir.path());
    let screen = driver.desktop(&tools, SCREEN.0, SCREEN.1);
    let shots = screenshots();

    screen.open(&board_url);
    let viewport = screen
        .execute("return [window.innerWidth, window.innerHeight]")
        .expect("the viewport");
    assert_eq!(
        viewport,
        serde_json::json!([SCREEN.0, SCREEN.1]),
        "a projector's"
    );
    screen.wait_for("the board's event stream to open", |b| {
        match b.attribute(&b.find("#live")?, "data-state")? {
            Some(s) if s == "online" => Ok(Ok(())),
            s => Ok(Err(format!("#live data-state is {s:?}"))),
        }
    });
    // Two of five have rated mining's circularity: the model does not place it.
    let desc = || {
        screen
            .execute("return document.querySelector('#model desc').textContent")
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    };
    let before = desc();
    assert!(!before.contains("Mining"), "{before}");
    let unplaced = screen.text_of("#model").expect("the model's text");
    assert!(
        unplaced.contains("Not placed (x or y not rated yet): Mining"),
        "{unplaced}"
    );
    assert!(before.contains("Design: x 2.0, y 5.0"), "{before}");
    // The figures fit the screen: nothing to scroll on a projector.
    let fits = screen
        .execute("return document.documentElement.scrollHeight <= window.innerHeight + 1")
        .expect("the page's height");
    assert_eq!(fits, serde_json::json!(true), "the board scrolls");

    // Cy rates mining on their phone: the third rating of that cell.
    let token = serve.join("Cy");
    let saved = serve.send_json(
        "PUT",
        "/api/ratings",
        &token,
        r#"{"stage":"mining","dimension":"circularity_impact","value":2}"#,
    );
    assert_eq!(saved.status, 200, "{}", saved.body);
    let after = screen.wait_for("the model to place mining", |_| {
        let now = desc();
        Ok(if now.contains("Mining: x 4.0, y 2.0") {
            Ok(now)
        } else {
            Err(now)
        })
    });
    assert!(!after.contains("Cy") && !after.contains("Ann"));
    let text = screen.text_of("body").expect("the page's text");
    for alias in ["Ann", "Bo", "Cy", "Di", "Ed"] {
        assert!(
            !text
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == alias),
            "{alias} on the board"
        );
    }
    if let Some(d) = &shots {
        screen.screenshot(&d.join("board.png"));
    }

    // The cards of this session, as printed (a sheet of four).
    if let Some(d) = &shots {
        let session = loopshop::store::load(&path).expect("load");
        // The address a room's network would give (this card is only looked at).
        let html = loopshop::export::join_cards::render(&session, "http://192.168.1.20:8787/")
            .expect("cards");
        let file = dir.path().join("cards.html");
        std::fs::write(&file, html).expect("write");
        let paper = driver.desktop(&tools, 760, 1000);
        paper.open(&format!("file://{}", file.display()));
        paper.screenshot(&d.join("join-cards.png"));
        paper.screenshot_of("section.card", &d.join("join-card.png"));
    }
    drop(screen);
    assert_eq!(serve.stop(), Some(0));
}
