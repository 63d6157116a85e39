//! The participants' API through real HTTP on loopback, against the real
//! `loopshop serve`: every route, every documented error status, nothing
//! recorded for a refused request, and blind rounds that stay blind.

use crate::support::server::{Serve, form_token_of, ratings_on_disk, session_at, set_cookie};
use loopshop::domain::{EnteredBy, Score};
use loopshop::engine::Intent;

const MATURITY: usize = 2;
const IDEAS: usize = 3;

fn rate(stage: &str, dimension: &str, value: &str) -> String {
    format!(r#"{{"stage":"{stage}","dimension":"{dimension}","value":{value}}}"#)
}

#[test]
fn join_by_header_and_by_cookie_then_rate_one_and_a_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    let serve = Serve::start(dir.path(), &path, &[]);
    assert!(
        serve.board.starts_with("board http://127.0.0.1:"),
        "{}",
        serve.board
    );
    assert!(serve.board.contains("/board?key="), "{}", serve.board);
    assert_eq!(serve.code.len(), 6);

    let joined = serve.request(
        "POST",
        "/api/join",
        &[("Content-Type", "application/json")],
        &format!(
            r#"{{"code":"{}","alias":"ann"}}"#,
            serve.code.to_lowercase()
        ),
    );
    assert_eq!(joined.status, 200, "{}", joined.body);
    let body = joined.json();
    assert_eq!(
        body["participant"], "p01",
        "the alias matches ignoring case"
    );
    assert_eq!(body["alias"], "Ann");
    let token = body["token"].as_str().expect("token").to_owned();
    assert_eq!(token.len(), 32);
    let cookie = joined.header("Set-Cookie").expect("cookie").to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    let cookie = cookie.split(';').next().expect("name=value").to_owned();

    // The state, by header and by cookie.
    let by_header = serve.get("/api/state", &token);
    assert_eq!(by_header.status, 200);
    let state = by_header.json();
    assert_eq!(state["exercise"]["id"], "maturity");
    assert_eq!(state["dimensions"][0]["id"], "maturity");
    assert_eq!(state["dimensions"][0]["max"], 5);
    let by_cookie = serve.request("GET", "/api/state", &[("Cookie", &cookie)], "");
    assert_eq!(by_cookie.status, 200);

    let one = serve.send_json(
        "PUT",
        "/api/ratings",
        &token,
        &rate("mining", "maturity", "3"),
    );
    assert_eq!(
        (one.status, one.json()["saved"].as_u64()),
        (200, Some(1)),
        "{}",
        one.body
    );
    let list = format!(
        "[{},{}]",
        rate("use", "maturity", "null"),
        r#"{"stage":"design","dimension":"maturity","value":5,"comment":"a note"}"#
    );
    let many = serve.send_json("PUT", "/api/ratings", &token, &list);
    assert_eq!(many.json()["saved"].as_u64(), Some(2), "{}", many.body);
    // Durable before the answer: the file (and journal) already hold them.
    let s = loopshop::store::load(&path).expect("load");
    let cell = |stage: &str| s.rating("p01", 1, stage, "maturity").cloned();
    assert_eq!(cell("mining").map(|r| r.score), Some(Score::Value(3)));
    assert_eq!(cell("use").map(|r| r.score), Some(Score::DontKnow));
    assert_eq!(
        cell("design").and_then(|r| r.comment),
        Some("a note".to_owned())
    );
    assert_eq!(
        cell("mining").map(|r| r.entered_by),
        Some(EnteredBy::Device)
    );
    // Each saved rating is logged, one line each.
    let logged: Vec<String> = (0..3)
        .filter_map(|_| {
            serve
                .lines
                .recv_timeout(std::time::Duration::from_secs(5))
                .ok()
        })
        .collect();
    assert_eq!(logged[0], "saved Ann mining maturity 3");
    assert!(
        logged.contains(&"saved Ann use maturity dk".to_owned()),
        "{logged:?}"
    );
    // A reload restores the participant's own ratings.
    let again = serve.get("/api/state", &token).json();
    assert_eq!(again["ratings"].as_array().map(Vec::len), Some(3));
    assert_eq!(serve.stop(), Some(0));
}

#[test]
#[expect(
    clippy::too_many_lines,
    reason = "one request per refusal, each with its status"
)]
fn every_refusal_has_its_status_and_records_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    let serve = Serve::start(dir.path(), &path, &[]);
    let token = serve.join("Ann");
    let put = |body: &str| serve.send_json("PUT", "/api/ratings", &token, body);
    let cases: Vec<(u16, crate::support::server::Reply, &str)> = vec![
        (400, put(&rate("nowhere", "maturity", "3")), "unknown stage"),
        (
            400,
            put(&rate("mining", "nothing", "3")),
            "unknown dimension",
        ),
        (400, put(&rate("mining", "maturity", "9")), "off the scale"),
        (400, put(&rate("mining", "maturity", "-1")), "negative"),
        (400, put(&rate("mining", "maturity", "2.5")), "fraction"),
        (
            400,
            put(&rate("mining", "maturity", "\"3\"")),
            "string value",
        ),
        (
            400,
            put(r#"{"stage":"mining","dimension":"maturity"}"#),
            "no value",
        ),
        (
            400,
            put(r#"{"stage":"mining","dimension":"maturity","value":3,"x":1}"#),
            "unknown field",
        ),
        (400, put("not json"), "not JSON"),
        (400, put("[]"), "empty list"),
        (
            400,
            serve.request(
                "PUT",
                "/api/ratings",
                &[
                    ("Authorization", &format!("Bearer {token}")),
                    ("Content-Type", "text/plain"),
                ],
                &rate("mining", "maturity", "3"),
            ),
            "not application/json",
        ),
        // A list is all or nothing: one bad rating refuses the good one.
        (
            400,
            put(&format!(
                "[{},{}]",
                rate("mining", "maturity", "3"),
                rate("use", "maturity", "7")
            )),
            "one bad in a list",
        ),
        (
            409,
            put(&rate("mining", "carbon_footprint", "3")),
            "dimension not open now",
        ),
        (401, serve.request("GET", "/api/state", &[], ""), "no token"),
        (401, serve.get("/api/state", "not-a-token"), "unknown token"),
        (
            401,
            serve.request(
                "POST",
                "/api/join",
                &[("Content-Type", "application/json")],
                r#"{"code":"WRONG1","alias":"Cy"}"#,
            ),
            "wrong code",
        ),
        (
            409,
            serve.send_json(
                "POST",
                "/api/ideas",
                &token,
                r#"{"stage":"mining","text":"x"}"#,
            ),
            "ideas not now",
        ),
        (
            409,
            serve.send_json("POST", "/api/votes", &token, r#"{"idea":1}"#),
            "votes not now",
        ),
        (
            413,
            put(&format!(
                r#"{{"stage":"mining","dimension":"maturity","value":3,"comment":"{}"}}"#,
                "x".repeat(70 * 1024)
            )),
            "body over 64 KiB",
        ),
    ];
    for (status, reply, what) in &cases {
        assert_eq!(reply.status, *status, "{what}: {}", reply.body);
        if reply.status != 413 {
            assert!(
                !reply.error().is_empty(),
                "{what}: JSON error expected: {}",
                reply.body
            );
        }
    }
    assert_eq!(ratings_on_disk(&path), 0, "refused requests record nothing");
    assert!(
        serve.lines.try_recv().is_err(),
        "nothing was logged as saved"
    );
}

#[test]
fn a_second_device_a_new_name_on_a_listed_roster_and_guessing_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    let serve = Serve::start(dir.path(), &path, &["--roster", "listed"]);
    let first = serve.join("Bo");
    let join = |code: &str, alias: &str| {
        serve.request(
            "POST",
            "/api/join",
            &[("Content-Type", "application/json")],
            &format!(r#"{{"code":"{code}","alias":"{alias}"}}"#),
        )
    };
    // Knowing the code and a name is not enough to become someone else.
    let second = join(&serve.code, "BO");
    assert_eq!(second.status, 409, "{}", second.body);
    assert!(
        second.error().contains("already has a device"),
        "{}",
        second.body
    );
    let stranger = join(&serve.code, "Newcomer");
    assert_eq!(stranger.status, 403, "{}", stranger.body);
    // A code cannot be guessed: an address that keeps failing is held back.
    let statuses: Vec<u16> = (0..12).map(|_| join("XXXXXX", "Ann").status).collect();
    assert_eq!(statuses[0], 401);
    assert_eq!(statuses.last(), Some(&429), "{statuses:?}");
    // The first device still works.
    assert_eq!(serve.get("/api/state", &first).status, 200);
    let s = loopshop::store::load(&path).expect("load");
    assert_eq!(s.participants.len(), 2, "nobody was added");
    assert_eq!(s.access.devices.len(), 1);
    assert_eq!(s.access.roster, Some(loopshop::domain::RosterMode::Listed));
}

#[test]
fn a_token_keeps_working_after_a_restart_and_only_its_hash_is_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    let serve = Serve::start(dir.path(), &path, &[]);
    let token = serve.join("Ann");
    let code = serve.code.clone();
    assert_eq!(serve.stop(), Some(0));
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(!text.contains(&token), "the token itself is never stored");
    let serve = Serve::start(dir.path(), &path, &[]);
    assert_eq!(serve.code, code, "the join code survives a restart");
    assert_eq!(serve.get("/api/state", &token).status, 200);
    let saved = serve.send_json(
        "PUT",
        "/api/ratings",
        &token,
        &rate("reuse", "maturity", "4"),
    );
    assert_eq!(saved.status, 200, "{}", saved.body);
}

#[test]
fn a_blind_round_shows_a_device_only_its_own_values_and_last_rounds_group() {
    let dir = tempfile::tempdir().expect("tempdir");
    let r = |p: &str, v: u8| Intent::Rate {
        participant: p.to_owned(),
        stage: "mining".to_owned(),
        dimension: "maturity".to_owned(),
        score: Score::Value(v),
        comment: None,
    };
    // Three in round 1: the privacy floor's minimum, so its group is shown.
    let setup = [
        Intent::AddParticipant {
            alias: "Cy".to_owned(),
            role: String::new(),
            organisation: String::new(),
        },
        r("p01", 2),
        r("p02", 4),
        r("p03", 3),
        Intent::StartRound { blind: true },
        r("p02", 5),
    ];
    let path = session_at(dir.path(), MATURITY, &setup);
    let serve = Serve::start(dir.path(), &path, &[]);
    let token = serve.join("Ann");
    let saved = serve.send_json(
        "PUT",
        "/api/ratings",
        &token,
        &rate("mining", "maturity", "3"),
    );
    assert_eq!(saved.status, 200, "{}", saved.body);
    let state = serve.get("/api/state", &token);
    let json = state.json();
    assert_eq!(
        (json["round"].as_u64(), json["blind"].as_bool()),
        (Some(2), Some(true))
    );
    assert_eq!(
        json["group"].as_array().map(Vec::len),
        Some(0),
        "{}",
        state.body
    );
    let ratings = json["ratings"].as_array().expect("ratings");
    assert_eq!(ratings.len(), 1);
    assert_eq!(ratings[0]["value"], 3);
    // Bo's round-2 value (5) appears nowhere; round 1's group median (3) does.
    assert!(!state.body.contains("\"value\":5"), "{}", state.body);
    let mining = json["previous_group"]
        .as_array()
        .and_then(|g| g.iter().find(|c| c["stage"] == "mining"))
        .expect("last round's group");
    assert_eq!(mining["median"], 3.0);
    assert_eq!(json["previous"][0]["value"], 2, "Ann's own round-1 value");
    let page = serve.request(
        "GET",
        "/",
        &[("Authorization", &format!("Bearer {token}"))],
        "",
    );
    assert!(
        !page.body.contains("Group now"),
        "the page shows no current group"
    );
}

#[test]
fn ideas_and_dots_within_the_budget() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), IDEAS, &[]);
    let serve = Serve::start(dir.path(), &path, &[]);
    let token = serve.join("Ann");
    let idea = serve.send_json(
        "POST",
        "/api/ideas",
        &token,
        r#"{"stage":"collection","text":"Battery passport scan at take-back","technologies":["battery_passport"]}"#,
    );
    assert_eq!(idea.status, 200, "{}", idea.body);
    let bad = serve.send_json(
        "POST",
        "/api/ideas",
        &token,
        r#"{"stage":"collection","text":"x","technologies":["nope"]}"#,
    );
    assert_eq!(bad.status, 400, "{}", bad.body);
    for _ in 0..5 {
        let vote = serve.send_json("POST", "/api/votes", &token, r#"{"idea":1}"#);
        assert_eq!(vote.status, 200, "{}", vote.body);
    }
    let spent = serve.send_json("POST", "/api/votes", &token, r#"{"idea":1}"#);
    assert_eq!(spent.status, 409, "{}", spent.body);
    let back = serve.request(
        "DELETE",
        "/api/votes/1",
        &[("Authorization", &format!("Bearer {token}"))],
        "",
    );
    assert_eq!(back.status, 200, "{}", back.body);
    let state = serve.get("/api/state", &token).json();
    assert_eq!(state["ideas"]["dots_left"], 1);
    assert_eq!(state["ideas"]["list"][0]["mine"], 4);
    let s = loopshop::store::load(&path).expect("load");
    assert_eq!(s.ideas[0].author.as_deref(), Some("p01"));
    assert_eq!(s.ideas[0].votes.len(), 4);
}

#[test]
fn the_forms_work_without_javascript() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    // A new name joins as itself only while the roster is open.
    let serve = Serve::start(dir.path(), &path, &["--roster", "open"]);
    let page = serve.request("GET", &format!("/?code={}", serve.code), &[], "");
    assert_eq!(page.status, 200);
    assert!(page.body.contains("action=/join"), "the join form");
    assert!(
        page.body.contains(&serve.code),
        "the code from the QR link is filled in"
    );
    // The page gives a new device a visitor cookie, and its forms that
    // device's form token.
    let visitor = set_cookie(&page, "loopshop_visitor").expect("visitor cookie");
    let form = form_token_of(&page.body).expect("form token");
    let as_visitor = [
        ("Content-Type", "application/x-www-form-urlencoded"),
        ("Cookie", visitor.as_str()),
    ];
    let joined = serve.request(
        "POST",
        "/join",
        &as_visitor,
        &format!("form={form}&code={}&alias=Cy+Z", serve.code),
    );
    assert_eq!(joined.status, 303, "{}", joined.body);
    assert_eq!(joined.header("Location"), Some("/"));
    let cookie = set_cookie(&joined, "loopshop_token").expect("cookie");
    let with_cookie = [("Cookie", cookie.as_str()), as_visitor[0]];
    let rate_form = "stage=recycling&dimension=maturity&value=2&comment=";
    // The joined device's page has a form token of its own: the visitor's
    // is refused, and so is a form without one.
    for body in [format!("form={form}&{rate_form}"), rate_form.to_owned()] {
        let stale = serve.request("POST", "/rate", &with_cookie, &body);
        assert_eq!(stale.status, 403, "{}", stale.body);
        assert!(
            stale.body.contains("This form was out of date") && !stale.body.starts_with('{'),
            "{}",
            stale.body
        );
    }
    assert_eq!(ratings_on_disk(&path), 0, "refused forms record nothing");
    let rated = serve.post_form("/rate", &cookie, rate_form);
    assert_eq!(rated.status, 303, "{}", rated.body);
    let page = serve.request("GET", "/", &[("Cookie", &cookie)], "");
    assert!(page.body.contains("✓ saved"), "{}", page.body);
    assert!(
        page.body.contains("value=2 aria-pressed=true"),
        "the choice is shown"
    );
    let wrong = serve.post_form("/join", "", "code=NOPE22&alias=Dee");
    assert_eq!(wrong.status, 401);
    assert!(wrong.body.contains("wrong join code"), "{}", wrong.body);
    // A join form without the visitor's token shows the form again, with a
    // token, and joins nobody.
    let tokenless = serve.request(
        "POST",
        "/join",
        &as_visitor,
        &format!("code={}&alias=Eve", serve.code),
    );
    assert_eq!(tokenless.status, 403, "{}", tokenless.body);
    assert!(tokenless.body.contains("out of date"), "{}", tokenless.body);
    assert_eq!(
        form_token_of(&tokenless.body).as_deref(),
        Some(form.as_str())
    );
    assert!(set_cookie(&tokenless, "loopshop_token").is_none());
    let s = loopshop::store::load(&path).expect("load");
    assert_eq!(
        s.participant_by_alias("Cy Z").map(|p| p.id.as_str()),
        Some("p03")
    );
    assert!(s.participant_by_alias("Eve").is_none());
    assert_eq!(s.rating_count(), 1);
}

/// A participant's event stream, open (200), read with `timeout`.
fn open_events(
    serve: &Serve,
    token: &str,
    timeout: std::time::Duration,
) -> std::io::BufReader<std::net::TcpStream> {
    use std::io::{BufRead, Write};
    let mut stream = std::net::TcpStream::connect(&serve.host).expect("connect");
    stream.set_read_timeout(Some(timeout)).expect("timeout");
    write!(
        stream,
        "GET /api/events HTTP/1.1\r\nHost: {}\r\nCookie: loopshop_token={token}\r\n\r\n",
        serve.host
    )
    .expect("write");
    let mut reader = std::io::BufReader::new(stream);
    let mut status = String::new();
    reader.read_line(&mut status).expect("status line");
    assert!(status.contains("200"), "{status}");
    reader
}

#[test]
fn events_tell_a_page_its_change_was_saved() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    let serve = Serve::start(dir.path(), &path, &[]);
    let token = serve.join("Ann");
    let mut reader = open_events(&serve, &token, std::time::Duration::from_secs(10));
    // Rate once the stream is open; the stream then says "saved".
    let rated = serve.send_json(
        "PUT",
        "/api/ratings",
        &token,
        &rate("mining", "maturity", "4"),
    );
    assert_eq!(rated.status, 200);
    let mut seen = String::new();
    for _ in 0..40 {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        seen.push_str(&line);
        if line.starts_with("event: saved") {
            return;
        }
    }
    panic!("no saved event: {seen}");
}

#[test]
fn a_device_sending_too_fast_is_told_to_slow_down() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    let serve = Serve::start(dir.path(), &path, &[]);
    let token = serve.join("Ann");
    let statuses: Vec<u16> = (0..120)
        .map(|_| serve.get("/api/state", &token).status)
        .collect();
    assert_eq!(statuses[0], 200);
    assert!(statuses.contains(&429), "{statuses:?}");
    // Another device is not affected.
    let other = serve.join("Bo");
    assert_eq!(serve.get("/api/state", &other).status, 200);
}

#[test]
fn a_comment_after_the_answer_is_saved_on_its_own() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    let serve = Serve::start(dir.path(), &path, &[]);
    let token = serve.join("Ann");
    let comment =
        |text: &str| format!(r#"{{"stage":"mining","dimension":"maturity","comment":"{text}"}}"#);
    // Nothing to comment on before the answer.
    let early = serve.send_json("PUT", "/api/comments", &token, &comment("early"));
    assert_eq!(early.status, 409, "{}", early.body);
    assert!(early.error().contains("rate it first"), "{}", early.body);
    let rated = serve.send_json(
        "PUT",
        "/api/ratings",
        &token,
        &rate("mining", "maturity", "4"),
    );
    assert_eq!(rated.status, 200, "{}", rated.body);
    let saved = serve.send_json(
        "PUT",
        "/api/comments",
        &token,
        &comment("pilots run in Kiruna"),
    );
    assert_eq!(saved.status, 200, "{}", saved.body);
    assert_eq!(saved.json()["saved"], 1);
    let state = serve.get("/api/state", &token).json();
    assert_eq!(state["ratings"][0]["comment"], "pilots run in Kiruna");
    assert_eq!(state["ratings"][0]["value"], 4, "the answer stays");
    // A list, and a shape that is not the documented one.
    let list = format!("[{}]", comment("pilots run in Kiruna and Boliden"));
    assert_eq!(
        serve
            .send_json("PUT", "/api/comments", &token, &list)
            .status,
        200
    );
    let bad = serve.send_json("PUT", "/api/comments", &token, r#"{"stage":"mining"}"#);
    assert_eq!(bad.status, 400, "{}", bad.body);
    assert_eq!(serve.stop(), Some(0));
    let s = loopshop::store::load(&path).expect("load");
    let r = s
        .rating("p01", 1, "mining", "maturity")
        .expect("Ann's rating");
    assert_eq!(
        r.comment.as_deref(),
        Some("pilots run in Kiruna and Boliden")
    );
    assert_eq!(r.score, Score::Value(4));
}

#[test]
fn a_refused_form_without_javascript_is_a_page_with_a_sentence() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), IDEAS, &[]);
    let serve = Serve::start(dir.path(), &path, &[]);
    let token = serve.join("Ann");
    let cookie = format!("loopshop_token={token}");
    let idea = serve.post_form(
        "/idea",
        &cookie,
        "stage=collection&text=Battery+passport&technology=battery_passport",
    );
    assert_eq!(idea.status, 303, "{}", idea.body);
    for _ in 0..5 {
        assert_eq!(
            serve.post_form("/vote", &cookie, "idea=1&vote=add").status,
            303
        );
    }
    let sixth = serve.post_form("/vote", &cookie, "idea=1&vote=add");
    assert_eq!(sixth.status, 409, "{}", sixth.body);
    assert!(
        sixth
            .header("Content-Type")
            .is_some_and(|t| t.starts_with("text/html"))
    );
    assert!(sixth.body.starts_with("<!doctype html>"), "{}", sixth.body);
    assert!(
        sixth.body.contains("you have placed all 5 dots"),
        "{}",
        sixth.body
    );
    assert!(
        sixth
            .body
            .contains("<a href=\"/#ideas\">Back to the page</a>"),
        "{}",
        sixth.body
    );
    // The page offers no "+ dot" now, and shows the idea's stage and
    // technology by name.
    let page = serve.request("GET", "/", &[("Cookie", &cookie)], "");
    assert!(!page.body.contains("value=add"), "{}", page.body);
    assert!(page.body.contains("value=remove"));
    assert!(
        page.body.contains("Collection · Battery passport"),
        "{}",
        page.body
    );
    assert_eq!(serve.stop(), Some(0));
}

/// The page a phone loads stays small on a room's Wi-Fi: a one-dimension
/// rating page (9 cells) under 20 KB, the 45-cell questionnaire (`--open
/// all`) no more than 52 KB. Its style and script (same host) are sent
/// once and cached: their address changes with their content.
#[test]
fn the_rating_pages_stay_small() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    let serve = Serve::start(dir.path(), &path, &[]);
    let token = serve.join("Ann");
    let page = serve.get("/", &token);
    assert_eq!(page.body.matches("<form class=rate").count(), 9);
    assert!(page.body.len() < 20_000, "{} bytes", page.body.len());
    assert_eq!(serve.stop(), Some(0));
    let serve = Serve::start(dir.path(), &path, &["--open", "all"]);
    let page = serve.get("/", &token);
    assert_eq!(page.body.matches("<form class=rate").count(), 45);
    assert!(page.body.len() <= 52_000, "{} bytes", page.body.len());
    let mut shared = 0;
    for (asset, kind) in [("/page.css", "text/css"), ("/page.js", "text/javascript")] {
        let link = page
            .body
            .split(&format!("\"{asset}?v="))
            .nth(1)
            .and_then(|v| v.split('"').next())
            .unwrap_or_else(|| panic!("{asset} in the page"));
        let reply = serve.request("GET", &format!("{asset}?v={link}"), &[], "");
        assert_eq!(reply.status, 200);
        assert!(
            reply
                .header("Content-Type")
                .is_some_and(|t| t.starts_with(kind))
        );
        assert!(
            reply
                .header("Cache-Control")
                .is_some_and(|c| c.contains("immutable"))
        );
        shared += reply.body.len();
    }
    assert!(shared < 20_000, "style and script: {shared} bytes");
    assert_eq!(serve.stop(), Some(0));
}

/// The privacy floor on the events: they say only what kind of change
/// happened, never a value, while others rate and the phone's owner too.
#[test]
fn the_events_carry_no_statistic() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    let serve = Serve::start(dir.path(), &path, &["--roster", "open"]);
    let ann = serve.join("Ann");
    let mut reader = open_events(&serve, &ann, std::time::Duration::from_millis(1500));
    for (who, value) in [("Bo", "2"), ("Cy", "5"), ("Di", "4"), ("Ann", "3")] {
        let token = if who == "Ann" {
            ann.clone()
        } else {
            serve.join(who)
        };
        let rated = serve.send_json(
            "PUT",
            "/api/ratings",
            &token,
            &rate("mining", "maturity", value),
        );
        assert_eq!(rated.status, 200, "{}", rated.body);
    }
    let mut data = Vec::new();
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            break;
        }
        if let Some(d) = line.strip_prefix("data:") {
            data.push(d.trim().to_owned());
        }
    }
    assert!(!data.is_empty(), "the stream said something");
    assert!(data.iter().all(|d| d == "refresh"), "{data:?}");
    assert_eq!(serve.stop(), Some(0));
}

/// Phones show the exercise's `prompt`, written for the participants, and
/// never the facilitator's `instructions`.
#[test]
fn phones_get_the_prompt_and_never_the_instructions() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    let session = loopshop::store::load(&path).expect("load");
    let exercise = &session.template.exercises[MATURITY];
    let prompt = exercise
        .prompt
        .clone()
        .expect("the built-in template's prompt");
    let serve = Serve::start(dir.path(), &path, &[]);
    let token = serve.join("Ann");
    let state = serve.get("/api/state", &token);
    assert_eq!(state.json()["exercise"]["prompt"], prompt.as_str());
    assert!(
        state.json()["exercise"].get("instructions").is_none(),
        "{}",
        state.body
    );
    assert!(!state.body.contains(&exercise.instructions));
    let page = serve.get("/", &token);
    assert!(
        page.body
            .contains("Rate each stage of the value chain, one at a time.")
    );
    assert!(
        !page.body.contains(&exercise.instructions[..40]),
        "{}",
        page.body
    );
    assert_eq!(serve.stop(), Some(0));
}
