//! The Delphi outlier loop on a phone: a round-2 answer outside round 1's
//! middle range by more than the consensus rule's margin is flagged in
//! `/api/state`, the page asks for a reason, and the reason (the comment)
//! is saved with the answer and listed as the outlier's reason, in the
//! reports and the JSON.

use crate::support::server::{Serve, session_at};
use loopshop::domain::Score;
use loopshop::engine::Intent;

#[test]
fn a_phone_is_asked_why_its_answer_is_far_from_the_group_and_the_reason_is_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    let r = |p: &str, v: u8| Intent::Rate {
        participant: p.to_owned(),
        stage: "mining".to_owned(),
        dimension: "maturity".to_owned(),
        score: Score::Value(v),
        comment: None,
    };
    let setup = [
        Intent::AddParticipant {
            alias: "Cy".to_owned(),
            role: String::new(),
            organisation: String::new(),
        },
        r("p01", 3),
        r("p02", 3),
        r("p03", 3),
        Intent::StartRound { blind: false },
    ];
    let path = session_at(dir.path(), 2, &setup);
    let serve = Serve::start(dir.path(), &path, &[]);
    let ann = serve.join("Ann");
    let json = |value: u8, comment: &str| {
        format!(
            r#"{{"stage":"mining","dimension":"maturity","value":{value},"comment":"{comment}"}}"#
        )
    };
    // 4 is one point out: within the margin, nothing asked.
    assert_eq!(
        serve
            .send_json("PUT", "/api/ratings", &ann, &json(4, ""))
            .status,
        200
    );
    let state = serve.get("/api/state", &ann).json();
    assert!(state["ratings"][0]["outside"].is_null(), "{state}");
    // 5 is two points out: flagged, and the page asks why.
    assert_eq!(
        serve
            .send_json("PUT", "/api/ratings", &ann, &json(5, ""))
            .status,
        200
    );
    let state = serve.get("/api/state", &ann).json();
    assert_eq!(
        state["ratings"][0]["outside"],
        serde_json::json!([3.0, 3.0]),
        "{state}"
    );
    let page = serve.request(
        "GET",
        "/",
        &[("Authorization", &format!("Bearer {ann}"))],
        "",
    );
    assert!(
        page.body
            .contains("Your answer is outside the group&#39;s middle range (3.0-3.0)"),
        "{}",
        page.body
    );
    // The reason is the comment, saved with the answer.
    let reason = "new refineries open in 2027";
    assert_eq!(
        serve
            .send_json("PUT", "/api/ratings", &ann, &json(5, reason))
            .status,
        200
    );
    assert_eq!(serve.stop(), Some(0));
    let s = loopshop::store::load(&path).expect("load");
    let found = loopshop::analysis::outliers(&s);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].reason.as_deref(), Some(reason));
    assert_eq!((found[0].value, found[0].previous_round), (5, 1));
    // The reports list it under "Outliers and their reasons"; the JSON too.
    let md = loopshop::export::render(
        loopshop::export::Format::Md,
        &s,
        loopshop::analysis::RoundChoice::Latest,
    )
    .expect("report");
    let at = md.find("Outliers and their reasons").expect("the section");
    let section = &md[at..];
    assert!(
        section.contains("Ann") && section.contains(reason),
        "{section}"
    );
    assert!(
        section.contains("round 1: 3-3") || section.contains("round 1: 3.0-3.0"),
        "{section}"
    );
    let json = loopshop::export::render(
        loopshop::export::Format::Json,
        &s,
        loopshop::analysis::RoundChoice::Latest,
    )
    .expect("json");
    let json: serde_json::Value = serde_json::from_str(&json).expect("parse");
    assert_eq!(json["outliers"][0]["reason"], reason);
}
