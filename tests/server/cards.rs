//! Printable join cards against the real binaries: `export --format
//! join-cards` writes one QR code per participant, each QR code (decoded
//! from its picture with `rqrr`) is the personal link that joins as that
//! participant on the real `loopshop serve`; a card used on a second device
//! (its link, or its code typed on the join page) signs the first one out;
//! a reissued card's old link is refused.

use std::path::Path;
use std::process::Command;

use crate::support::server::{BIN, Reply, Serve, session_at, set_cookie, use_card};
use loopshop::engine::{Engine, Intent};

const MATURITY: usize = 2;

/// One card of the page: the participant it is for, its QR code's text (as
/// decoded from the picture) and the personal code printed on it.
#[derive(Debug)]
struct Card {
    participant: String,
    link: String,
    code: String,
}

/// Draws a QR code's SVG (`viewBox="0 0 N N"`, one path of `M x,y h w v1
/// h-w z` runs) into greyscale pixels, 6 per module, and decodes it.
fn decode_qr(svg: &str) -> String {
    let side: usize = svg
        .split("viewBox=\"0 0 ")
        .nth(1)
        .and_then(|v| v.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("the QR code's size");
    let d = svg
        .split(" d=\"")
        .nth(1)
        .and_then(|p| p.split('"').next())
        .expect("its path");
    let mut dark = vec![false; side * side];
    for run in d.split('M').filter(|r| !r.is_empty()) {
        let (xy, rest) = run.split_once('h').expect("a run");
        let (x, y) = xy.split_once(',').expect("x,y");
        let (x, y): (usize, usize) = (x.parse().expect("x"), y.parse().expect("y"));
        let w: usize = rest
            .split('v')
            .next()
            .and_then(|w| w.parse().ok())
            .expect("w");
        for i in x..x + w {
            dark[y * side + i] = true;
        }
    }
    let scale = 6;
    let px = side * scale;
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(px, px, |x, y| {
        if dark[(y / scale) * side + x / scale] {
            0
        } else {
            255
        }
    });
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in the picture");
    let (_, text) = grids[0].decode().expect("the QR code decodes");
    text
}

/// The cards of an exported page.
fn cards(html: &str) -> Vec<Card> {
    html.split("<section class=card data-participant=\"")
        .skip(1)
        .map(|card| {
            let participant = card.split('"').next().expect("id").to_owned();
            let svg_start = card.find("<svg").expect("a QR code");
            let svg_end = card.find("</svg>").expect("its end");
            let link = decode_qr(&card[svg_start..svg_end]);
            let code = card
                .split("<p class=code>")
                .nth(1)
                .and_then(|c| c.split('<').next())
                .expect("the printed code")
                .to_owned();
            Card {
                participant,
                link,
                code,
            }
        })
        .collect()
}

fn export_cards(dir: &Path, session: &Path, url: &str) -> String {
    let out = dir.join("cards.html");
    let status = Command::new(BIN)
        .args(["export"])
        .arg(session)
        .args(["--format", "join-cards", "--url", url, "-o"])
        .arg(&out)
        .env("LOOPSHOP_DIR", dir)
        .status()
        .expect("export");
    assert!(status.success());
    std::fs::read_to_string(&out).expect("the cards")
}

/// The cookie a 303 set, as `name=value`.
fn cookie_of(r: &Reply) -> String {
    assert_eq!(r.status, 303, "{}", r.body);
    assert_eq!(r.header("Location"), Some("/"));
    r.header("Set-Cookie")
        .expect("a cookie")
        .split(';')
        .next()
        .expect("name=value")
        .to_owned()
}

fn state_with(serve: &Serve, cookie: &str) -> Reply {
    serve.request("GET", "/api/state", &[("Cookie", cookie)], "")
}

#[test]
fn each_cards_qr_code_is_the_link_that_joins_as_its_participant() {
    let dir = tempfile::tempdir().expect("tempdir");
    let add = |alias: &str| Intent::AddParticipant {
        alias: alias.to_owned(),
        role: "industry".to_owned(),
        organisation: String::new(),
    };
    let path = session_at(dir.path(), MATURITY, &[add("Cy")]);
    let serve = Serve::start(dir.path(), &path, &[]);
    let base = format!("http://{}/", serve.host);
    let html = export_cards(dir.path(), &path, &base);
    let found = cards(&html);
    assert_eq!(html.matches("<svg").count(), 3, "one QR code per card");
    assert_eq!(
        found
            .iter()
            .map(|c| c.participant.as_str())
            .collect::<Vec<_>>(),
        ["p01", "p02", "p03"]
    );
    for card in &found {
        let code = card.code.replace('-', "");
        assert_eq!(card.link, format!("{base}j/{code}"), "{card:?}");
        assert!(html.contains(&format!("<p class=url>{base}</p>")));
        // The QR code's link joins as the card's participant.
        let path = card.link.trim_start_matches(&base);
        let joined = use_card(&serve.host, &format!("/{path}"));
        let cookie = cookie_of(&joined);
        let state = state_with(&serve, &cookie);
        assert_eq!(state.status, 200, "{}", state.body);
        assert_eq!(state.json()["participant"], card.participant.as_str());
    }
    assert_eq!(serve.stop(), Some(0));
}

#[test]
fn a_card_used_again_signs_the_first_device_out_and_a_reissued_card_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    let serve = Serve::start(dir.path(), &path, &[]);
    let base = format!("http://{}/", serve.host);
    let ann = cards(&export_cards(dir.path(), &path, &base))
        .into_iter()
        .find(|c| c.participant == "p01")
        .expect("Ann's card");
    let link_path = format!("/{}", ann.link.trim_start_matches(&base));

    let first = cookie_of(&use_card(&serve.host, &link_path));
    assert_eq!(state_with(&serve, &first).status, 200);
    // The same card on a second device: the first is signed out.
    let second = cookie_of(&use_card(&serve.host, &link_path));
    assert_eq!(state_with(&serve, &second).status, 200);
    assert_eq!(
        state_with(&serve, &first).status,
        401,
        "the first device is out"
    );
    let logged = serve
        .lines
        .recv_timeout(std::time::Duration::from_secs(5))
        .expect("serve says so");
    assert!(
        logged.contains("signed out 1 earlier device of Ann"),
        "{logged}"
    );

    // The personal code typed on the join page (as printed, in any case,
    // without a name) does the same.
    let typed = serve.post_form(
        "/join",
        "",
        &format!("code={}&alias=", ann.code.to_lowercase()),
    );
    let third = cookie_of(&typed);
    assert_eq!(state_with(&serve, &third).json()["participant"], "p01");
    assert_eq!(state_with(&serve, &second).status, 401);
    // And the API, with the code alone.
    let api = serve.request(
        "POST",
        "/api/join",
        &[("Content-Type", "application/json")],
        &format!(r#"{{"code":"{}"}}"#, ann.code),
    );
    assert_eq!(api.status, 200, "{}", api.body);
    assert_eq!(api.json()["participant"], "p01");
    assert_eq!(serve.stop(), Some(0));

    // The facilitator reissues Ann's card: the old link is refused, the new
    // card joins.
    let mut engine = Engine::open(&path).expect("open");
    assert_eq!(engine.reissue_card("p01", chrono::Utc::now()), Ok(1));
    engine.flush();
    engine.close().expect("close");
    let serve = Serve::start(dir.path(), &path, &[]);
    let base = format!("http://{}/", serve.host);
    let old = serve.request("GET", &format!("/j/{}", ann.code.replace('-', "")), &[], "");
    assert_eq!(old.status, 401, "{}", old.body);
    assert!(old.body.contains("replaced by a new"), "{}", old.body);
    assert!(set_cookie(&old, "loopshop_token").is_none(), "{old:?}");
    let renewed = cards(&export_cards(dir.path(), &path, &base))
        .into_iter()
        .find(|c| c.participant == "p01")
        .expect("Ann's new card");
    assert_ne!(renewed.code, ann.code);
    let path_new = format!("/{}", renewed.link.trim_start_matches(&base));
    let joined = cookie_of(&use_card(&serve.host, &path_new));
    assert_eq!(state_with(&serve, &joined).json()["participant"], "p01");
}

#[test]
fn cards_are_refused_for_pooled_sessions_out_dir_and_bad_addresses() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    let run = |args: &[&str]| {
        let out = Command::new(BIN)
            .arg("export")
            .args(args)
            .env("LOOPSHOP_DIR", dir.path())
            .output()
            .expect("run");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let session = path.to_str().expect("utf-8");
    for (args, says) in [
        (
            vec![session, "--format", "join-cards", "--out-dir", "x"],
            "--out-dir",
        ),
        (
            vec![session, session, "--format", "join-cards"],
            "one session",
        ),
        (
            vec![session, "--format", "join-cards", "--url", "ftp://x"],
            "--url",
        ),
        (
            vec![session, "--format", "csv", "--url", "http://x/"],
            "--url",
        ),
    ] {
        let (code, stderr) = run(&args);
        assert_eq!(code, Some(1), "{args:?}");
        assert!(
            stderr.starts_with("loopshop: ") && stderr.contains(says),
            "{stderr}"
        );
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
    }
    // Without --url: this machine's address and the fixed port.
    let out = Command::new(BIN)
        .args(["export", session, "--format", "join-cards"])
        .output()
        .expect("run");
    assert!(out.status.success());
    let html = String::from_utf8_lossy(&out.stdout);
    assert!(html.contains(":8787/</p>"), "{}", &html[..400]);
}

#[test]
fn opening_a_cards_link_alone_signs_nobody_in_or_out_and_a_signed_out_phone_is_told() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    let serve = Serve::start(dir.path(), &path, &[]);
    let base = format!("http://{}/", serve.host);
    let ann = cards(&export_cards(dir.path(), &path, &base))
        .into_iter()
        .find(|c| c.participant == "p01")
        .expect("Ann's card");
    let link_path = format!("/{}", ann.link.trim_start_matches(&base));
    let phone = cookie_of(&use_card(&serve.host, &link_path));

    // A link preview, a scanner's prefetch: the page asks, nothing changes.
    for _ in 0..3 {
        let preview = serve.request("GET", &link_path, &[], "");
        assert_eq!(preview.status, 200, "{}", preview.body);
        assert!(preview.body.contains("Join as Ann"), "{}", preview.body);
        assert!(
            preview
                .body
                .contains(&format!("method=post action=\"{link_path}\""))
        );
        assert!(
            set_cookie(&preview, "loopshop_token").is_none(),
            "{preview:?}"
        );
    }
    assert_eq!(
        state_with(&serve, &phone).status,
        200,
        "Ann's phone stays in"
    );
    let session = loopshop::store::load(&path).expect("load");
    assert_eq!(session.access.devices.len(), 1, "no device was added");

    // The button's POST (another device) signs the phone out; the phone's
    // page then says so in words, and how to get back in.
    let _ = cookie_of(&use_card(&serve.host, &link_path));
    let page = serve.request("GET", "/", &[("Cookie", &phone)], "");
    assert!(page.body.contains("no longer signed in"), "{}", page.body);
    assert!(page.body.contains("scan your card again"), "{}", page.body);
    assert_eq!(serve.stop(), Some(0));
}
