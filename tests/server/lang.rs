//! The room's language over real HTTP on loopback: the pages follow the
//! session's language, a participant switches their own (`?lang=`, kept in
//! a cookie), and the board speaks the session's language.

use crate::support::server::{Serve, session_at, set_cookie};
use loopshop::engine::Intent;

#[test]
fn pages_follow_the_session_and_a_participant_can_switch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), 2, &[Intent::SetLanguage("sv".to_owned())]);
    let serve = Serve::start(dir.path(), &path, &[]);

    // Before joining: the session's language.
    let join = serve.request("GET", "/", &[], "");
    assert_eq!(join.status, 200);
    assert!(join.body.contains("<html lang=sv>") && join.body.contains("Gå med i workshoppen"));
    assert!(
        join.body.contains("href=\"/?lang=en\""),
        "the switch to English"
    );

    // ?lang=en switches this device and keeps the choice in a cookie.
    let switched = serve.request("GET", "/?lang=en", &[], "");
    assert!(switched.body.contains("Join the workshop"));
    let cookie = set_cookie(&switched, "loopshop_lang");
    assert_eq!(cookie.as_deref(), Some("loopshop_lang=en"), "{switched:?}");
    let kept = serve.request("GET", "/", &[("Cookie", "loopshop_lang=en")], "");
    assert!(kept.body.contains("Join the workshop"));
    // An unknown language is ignored, and sets nothing.
    let unknown = serve.request("GET", "/?lang=xx", &[], "");
    assert!(unknown.body.contains("Gå med i workshoppen"));
    assert!(set_cookie(&unknown, "loopshop_lang").is_none());

    // Joined: the rating page, in Swedish, or in the device's choice.
    let token = serve.join("Ann");
    let bearer = format!("Bearer {token}");
    let page = serve.request("GET", "/", &[("Authorization", &bearer)], "");
    assert!(
        page.body.contains("omgång 1") && page.body.contains("vet inte"),
        "{}",
        page.body
    );
    assert!(page.body.contains("Teknisk mognad") || page.body.contains("Technological maturity"));
    let english = serve.request(
        "GET",
        "/",
        &[("Authorization", &bearer), ("Cookie", "loopshop_lang=en")],
        "",
    );
    assert!(english.body.contains("round 1") && english.body.contains("Connected"));
    assert_eq!(serve.get("/api/state", &token).json()["language"], "sv");

    // The board speaks the session's language.
    let at = serve.board.find("/board?key=").expect("the board line");
    let board = serve.request("GET", &serve.board[at..], &[], "");
    assert_eq!(board.status, 200);
    assert!(board.body.contains("<html lang=\"sv\">") && board.body.contains("Gå med:"));
    assert!(board.body.contains("Svar hittills"), "{}", board.body);
}

#[test]
fn refusals_reach_the_page_in_its_language_and_the_api_keeps_english() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), 2, &[Intent::SetLanguage("sv".to_owned())]);
    let serve = Serve::start(dir.path(), &path, &[]);
    let wrong = serve.request(
        "POST",
        "/api/join",
        &[("Content-Type", "application/json")],
        r#"{"code":"ZZZZZZ","alias":"Ann"}"#,
    );
    assert_eq!(wrong.status, 401);
    let body = wrong.json();
    assert_eq!(body["error"], "wrong join code", "{}", wrong.body);
    assert_eq!(body["message"], "fel kod", "{}", wrong.body);
    // The form without JavaScript shows the Swedish words.
    let form = serve.post_form("/join", "", "code=ZZZZZZ&alias=Ann");
    assert!(form.body.contains("fel kod"), "{}", form.body);
    // A device that chose English gets English.
    let english = serve.request(
        "POST",
        "/api/join",
        &[
            ("Content-Type", "application/json"),
            ("Cookie", "loopshop_lang=en"),
        ],
        r#"{"code":"ZZZZZZ","alias":"Ann"}"#,
    );
    assert_eq!(english.json()["message"], "wrong join code");
}
