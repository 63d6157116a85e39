//! The room's board through real HTTP on loopback, against the real
//! `loopshop serve`: its key, the figures it shows, and what it never
//! shows (a participant's name, a blind round's statistics, a cell with
//! fewer ratings than the consensus rule's minimum).

use crate::support::server::{Reply, Serve, session_at};
use loopshop::domain::Score;
use loopshop::engine::Intent;

const MATURITY: usize = 2;
const IDEAS: usize = 3;
const FLOW: usize = 1;
const MODEL_REVIEW: usize = 5;

/// Aliases that no word of the board contains.
const PEOPLE: [&str; 3] = ["Qwyneth", "Zbigniew", "Xiomara"];

fn add(alias: &str) -> Intent {
    Intent::AddParticipant {
        alias: alias.to_owned(),
        role: String::new(),
        organisation: String::new(),
    }
}

fn rate(participant: &str, stage: &str, dimension: &str, value: u8) -> Intent {
    Intent::Rate {
        participant: participant.to_owned(),
        stage: stage.to_owned(),
        dimension: dimension.to_owned(),
        score: Score::Value(value),
        comment: None,
    }
}

/// The board's path with the key `serve` printed.
fn board_path(serve: &Serve) -> String {
    let at = serve.board.find("/board?key=").expect("the board line");
    serve.board[at..].to_owned()
}

fn get(serve: &Serve, path: &str) -> Reply {
    serve.request("GET", path, &[], "")
}

/// The text a person reads: no tags, no script or style, entities as
/// written (digits are what matters here).
fn visible_text(html: &str) -> String {
    let mut text = html.to_owned();
    for (open, close) in [("<script", "</script>"), ("<style", "</style>")] {
        while let Some(start) = text.find(open) {
            let end = text[start..]
                .find(close)
                .map_or(text.len(), |e| start + e + close.len());
            text.replace_range(start..end, " ");
        }
    }
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn numbers(text: &str) -> Vec<u64> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect()
}

/// What lies between `<footer` and `</footer>`, and the page without it.
fn split_footer(html: &str) -> (String, String) {
    let start = html.find("<footer").expect("a footer");
    let end = html.find("</footer>").expect("its end") + "</footer>".len();
    (
        html[start..end].to_owned(),
        format!("{}{}", &html[..start], &html[end..]),
    )
}

#[test]
fn a_missing_or_wrong_key_is_refused_with_401() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    let serve = Serve::start(dir.path(), &path, &[]);
    let good = board_path(&serve);
    let key = good.trim_start_matches("/board?key=");
    assert_eq!(key.len(), 24, "{good}");
    let mut wrong_key = key.to_owned();
    wrong_key.replace_range(0..1, if key.starts_with('a') { "b" } else { "a" });
    for path in [
        "/board".to_owned(),
        "/board?key=".to_owned(),
        format!("/board?key={wrong_key}"),
        format!("/board?key={key}x"),
        format!("/board?part=content&key={wrong_key}"),
        "/board/events".to_owned(),
        format!("/board/events?key={wrong_key}"),
    ] {
        let r = get(&serve, &path);
        assert_eq!(r.status, 401, "{path}: {}", r.body);
        assert!(!r.body.contains("<svg"), "{path}");
    }
    let ok = get(&serve, &good);
    assert_eq!(ok.status, 200, "{}", ok.body);
    assert!(
        ok.body.contains("data-content=\"distributions\""),
        "{}",
        ok.body
    );
}

#[test]
fn the_board_shows_the_model_and_matrix_inline_and_no_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut setup: Vec<Intent> = PEOPLE.iter().map(|a| add(a)).collect();
    // p01/p02 are session_at's Ann and Bo; the three above are p03-p05.
    for (i, p) in ["p03", "p04", "p05"].iter().enumerate() {
        for stage in ["mining", "recycling", "design"] {
            let value = u8::try_from(2 + i).expect("small");
            setup.push(rate(p, stage, "maturity", value));
        }
    }
    let path = session_at(dir.path(), MODEL_REVIEW, &setup);
    let serve = Serve::start(dir.path(), &path, &[]);
    let board = get(&serve, &board_path(&serve));
    assert_eq!(board.status, 200, "{}", board.body);
    let html = &board.body;
    assert!(html.contains("data-content=\"group\""), "{html}");
    // The exports' own figures, inline.
    let model_at = html
        .find("<section class=\"panel figure\" id=\"model\"><svg")
        .expect("the model");
    // The matrix: a table in large type.
    let matrix_at = html
        .find("<section class=\"panel matrix\" id=\"matrix\">")
        .expect("the matrix");
    assert!(html[model_at..].contains("Conceptual model"));
    assert!(html[matrix_at..].contains("Stages by dimension"));
    // The figure parses as XML.
    for at in [model_at] {
        let start = at + html[at..].find("<svg").expect("svg");
        let end = start + html[start..].find("</svg>").expect("end") + "</svg>".len();
        let mut reader = quick_xml::Reader::from_str(&html[start..end]);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("the figure is not XML: {e}"),
            }
        }
    }
    // Three of five rated: the median of 2, 3 and 4.
    assert!(html.contains(">3.0"), "the group's median is shown");
    for alias in PEOPLE.iter().chain(&["Ann", "Bo "]) {
        assert!(!html.contains(alias), "{alias} appears on the board");
    }
    // The page's content part is the same figures, for the script.
    let content = get(&serve, &format!("{}&part=content", board_path(&serve)));
    assert_eq!(content.status, 200);
    assert!(
        content.body.starts_with("<header>"),
        "{}",
        &content.body[..80]
    );
    assert!(content.body.contains("id=\"matrix\">"));
}

#[test]
fn a_blind_unrevealed_round_shows_progress_counts_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut setup: Vec<Intent> = PEOPLE.iter().map(|a| add(a)).collect();
    for p in ["p01", "p02", "p03", "p04"] {
        setup.push(rate(p, "mining", "maturity", 2));
        setup.push(rate(p, "use", "maturity", 5));
    }
    setup.push(Intent::StartRound { blind: true });
    for (p, v) in [("p01", 4), ("p02", 4), ("p03", 5)] {
        setup.push(rate(p, "mining", "maturity", v));
    }
    setup.push(rate("p04", "use", "maturity", 1));
    let path = session_at(dir.path(), MATURITY, &setup);
    let serve = Serve::start(dir.path(), &path, &[]);
    let board = get(&serve, &board_path(&serve));
    assert_eq!(board.status, 200);
    let html = &board.body;
    assert!(html.contains("data-content=\"distributions\""), "{html}");
    assert!(!html.contains("<svg"), "no figure of any round");
    assert!(!html.contains("class=\"bar\""), "no distribution: {html}");
    assert!(html.contains("the answers are shown after the reveal"));
    let tile = |stage: &str| {
        let at = html
            .find(&format!("class=\"tile\" data-stage=\"{stage}\""))
            .expect("a tile");
        visible_text(&html[at..at + html[at..].find("</div>").expect("its end")])
    };
    assert!(tile("mining").contains("3 of 5"), "{html}");
    assert!(tile("use").contains("1 of 5"), "{html}");
    assert!(tile("design").contains("0 of 5"), "{html}");
    // Every number of the main area is a progress count (its heading names
    // the round, the header the clock); the footer holds the join address
    // and code, nothing else.
    let (footer, rest) = split_footer(html);
    let rest = rest[rest.find("</h2>").expect("the heading")..].to_owned();
    let expected_footer = format!("Join: http://{}/ · code {}", serve.host, serve.code);
    let footer_text = visible_text(&footer)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        footer_text.contains(&expected_footer),
        "the footer says {footer_text:?}, not {expected_footer:?}"
    );
    let counts = numbers(&visible_text(&rest));
    assert!(!counts.is_empty());
    assert!(
        counts.iter().all(|n| [0, 1, 3, 5].contains(n)),
        "numbers other than progress counts: {counts:?}\n{}",
        visible_text(&rest)
    );
    assert_eq!(
        counts.iter().filter(|n| **n == 5).count(),
        9,
        "x of 5, per stage"
    );
}

/// A stage's row of the distributions panel, as text.
fn row(html: &str, stage: &str) -> String {
    let at = html
        .find(&format!("class=\"row\" data-stage=\"{stage}\""))
        .unwrap_or_else(|| panic!("{stage}'s row: {html}"));
    html[at..at + html[at..].find("\n</div>").expect("its end")].to_owned()
}

#[test]
fn a_cell_with_fewer_ratings_than_the_minimum_shows_no_statistic() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut setup: Vec<Intent> = PEOPLE.iter().map(|a| add(a)).collect();
    // Mining: two ratings, 4 and 5 (a median of 4.5 if it were shown).
    setup.push(rate("p01", "mining", "maturity", 4));
    setup.push(rate("p02", "mining", "maturity", 5));
    // Recycling: three, 1, 1, 2: its median 1.0 is shown.
    for (p, v) in [("p01", 1), ("p02", 1), ("p03", 2)] {
        setup.push(rate(p, "recycling", "maturity", v));
    }
    let path = session_at(dir.path(), MATURITY, &setup);
    let serve = Serve::start(dir.path(), &path, &[]);
    let html = get(&serve, &board_path(&serve)).body;
    assert!(html.contains("data-content=\"distributions\""), "{html}");
    let mining = row(&html, "mining");
    assert!(
        !mining.contains("class=\"bar\"") && !mining.contains("4.5"),
        "{mining}"
    );
    assert!(
        visible_text(&mining).contains("2 answers so far: shown from 3"),
        "{mining}"
    );
    let recycling = row(&html, "recycling");
    assert!(recycling.contains("median 1.0"), "{recycling}");
    assert!(
        recycling.contains("class=\"v1\" data-count=\"2\""),
        "{recycling}"
    );
    assert!(
        recycling.contains("class=\"v2\" data-count=\"1\""),
        "{recycling}"
    );

    // A third rating from a device: mining's answers appear.
    let token = serve.join(PEOPLE[2]);
    let saved = serve.send_json(
        "PUT",
        "/api/ratings",
        &token,
        r#"{"stage":"mining","dimension":"maturity","value":4}"#,
    );
    assert_eq!(saved.status, 200, "{}", saved.body);
    let after = get(&serve, &board_path(&serve)).body;
    let mining = row(&after, "mining");
    assert!(mining.contains("median 4.0"), "mining: 4, 5, 4: {mining}");
    assert!(mining.contains("class=\"v4\" data-count=\"2\""), "{mining}");
    drop(serve);

    // The matrix of the model review holds mining's median back the same way.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MODEL_REVIEW, &setup);
    let serve = Serve::start(dir.path(), &path, &[]);
    let html = get(&serve, &board_path(&serve)).body;
    let matrix = html
        .split("id=\"matrix\">")
        .nth(1)
        .and_then(|m| m.split("</section>").next())
        .unwrap_or_default();
    assert!(matrix.contains("fewer than 3 answers, not shown"), "{html}");
    let mining = matrix
        .split("<tr><th>Mining</th>")
        .nth(1)
        .and_then(|m| m.split("</tr>").next())
        .expect("mining's row");
    assert!(
        mining.contains(">n=2<"),
        "mining's cell says how many: {mining}"
    );
    assert!(!matrix.contains("4.5"), "mining's median is held back");
    assert!(matrix.contains(">1.0"), "recycling's median is shown");
}

#[test]
fn ideas_are_ranked_by_dots_without_authors_and_flows_are_a_map() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut setup: Vec<Intent> = PEOPLE.iter().map(|a| add(a)).collect();
    for (text, author) in [("Passport data first", "p03"), ("Twin of the line", "p04")] {
        setup.push(Intent::AddIdea {
            stage: "production".to_owned(),
            text: text.to_owned(),
            technologies: vec!["battery_passport".to_owned()],
            author: Some(author.to_owned()),
        });
    }
    for p in ["p01", "p02"] {
        setup.push(Intent::Vote {
            idea: 2,
            participant: p.to_owned(),
        });
    }
    let path = session_at(dir.path(), IDEAS, &setup);
    let serve = Serve::start(dir.path(), &path, &[]);
    let html = get(&serve, &board_path(&serve)).body;
    assert!(html.contains("data-content=\"ideas\""), "{html}");
    let twin = html.find("Twin of the line").expect("idea 2");
    let passport = html.find("Passport data first").expect("idea 1");
    assert!(twin < passport, "the idea with more dots comes first");
    assert!(html.contains("2 dots") && html.contains("0 dots"));
    assert!(html.contains("Production"), "each idea names its stage");
    for alias in PEOPLE {
        assert!(!html.contains(alias), "{alias}");
    }
    drop(serve);

    let dir = tempfile::tempdir().expect("tempdir");
    let flow = Intent::AddFlow(loopshop::engine::FlowSpec {
        from: "recycling".to_owned(),
        to: "processing".to_owned(),
        kind: loopshop::domain::FlowKind::Recycle,
        strength: loopshop::domain::Strength::High,
        materials: vec!["Co".to_owned()],
        note: String::new(),
    });
    let path = session_at(dir.path(), FLOW, &[flow]);
    let serve = Serve::start(dir.path(), &path, &[]);
    let html = get(&serve, &board_path(&serve)).body;
    assert!(html.contains("id=\"flows\"><svg"), "{html}");
    assert!(html.contains("Material flow map"));
}

#[test]
fn board_events_say_refresh_once_for_a_burst_of_ratings() {
    use std::io::{BufRead, BufReader, Write};
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session_at(dir.path(), MATURITY, &[]);
    let serve = Serve::start(dir.path(), &path, &[]);
    let mut stream = std::net::TcpStream::connect(&serve.host).expect("connect");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .expect("timeout");
    write!(
        stream,
        "GET /board/events?key={} HTTP/1.1\r\nHost: x\r\n\r\n",
        board_path(&serve).trim_start_matches("/board?key=")
    )
    .expect("write");
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).expect("status");
    assert!(line.contains("200"), "{line}");
    let token = serve.join("Ann");
    let started = std::time::Instant::now();
    for stage in ["mining", "use", "design", "reuse", "recycling"] {
        let r = serve.send_json(
            "PUT",
            "/api/ratings",
            &token,
            &format!(r#"{{"stage":"{stage}","dimension":"maturity","value":3}}"#),
        );
        assert_eq!(r.status, 200);
    }
    let mut refreshes = 0;
    while started.elapsed() < std::time::Duration::from_millis(1500) {
        line.clear();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line.starts_with("event: refresh") => refreshes += 1,
            Ok(_) => {}
        }
    }
    assert!(refreshes >= 1, "the board was told");
    assert!(
        refreshes <= 3,
        "{refreshes} refreshes for one burst of five ratings and a join"
    );
}
