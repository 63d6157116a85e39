//! Hostile text through the real binary (issue 10): no escape sequence
//! reaches the terminal, every message is one line, CSV exports are safe in
//! a spreadsheet and round-trip.

use crate::support::cli::{fixture_session, load, run, s, tempdir, write_session};
use loopshop::domain::{Change, EnteredBy, Participant, Score};
use loopshop::synthetic;

const ESC: char = '\u{1b}';

#[test]
fn control_characters_are_refused_where_text_enters() {
    let dir = tempdir();
    let line = run(dir.path(), &["new", "Title\u{1b}]0;owned\u{7}"]).user_error();
    assert_eq!(
        line,
        "loopshop: the title and the facilitator's name must not hold control characters (such as escape sequences or line breaks)"
    );
    assert!(std::fs::read_dir(dir.path()).is_ok_and(|d| d.count() == 0));
    let session = write_session(dir.path(), "s", &fixture_session());
    let csv = dir.path().join("r.csv");
    std::fs::write(
        &csv,
        "round,participant,stage,dimension,value\n1,\"Eve\u{1b}[2J\",use,maturity,2\n",
    )
    .expect("csv");
    let before = std::fs::read(&session).expect("read");
    let line = run(dir.path(), &["import", "s", s(&csv)]).user_error();
    assert!(
        line.contains("row 2: the alias holds a control character"),
        "{line}"
    );
    assert!(!line.contains(ESC));
    assert_eq!(std::fs::read(&session).expect("read"), before);
}

#[test]
fn messages_quoting_file_content_are_one_line_without_escapes() {
    let dir = tempdir();
    write_session(dir.path(), "s", &fixture_session());
    let csv = dir.path().join("r.csv");
    std::fs::write(
        &csv,
        "round,participant,stage,dimension,value\n1,Ann,\"min\nning\u{1b}]52;c;aGk=\u{7}\",maturity,2\n",
    )
    .expect("csv");
    let r = run(dir.path(), &["import", "s", s(&csv)]);
    let line = r.user_error();
    assert!(
        line.contains("unknown stage 'min\\nning\\u{1b}]52;c;aGk=\\u{7}'"),
        "{line}"
    );
}

#[test]
fn usage_mistakes_are_one_line_with_the_prefix() {
    let dir = tempdir();
    for args in [
        vec!["--bogus"],
        vec!["show"],
        vec!["export", "s", "--format", "tiff"],
        vec!["--max-input-mb", "0", "list"],
        vec!["new", "\u{1b}[2J", "--oops"],
    ] {
        let line = run(dir.path(), &args).user_error();
        // Each names the way on: the command to type, or its help.
        assert!(
            line.ends_with("--help`")
                || line.ends_with("says what each does)")
                || line.ends_with("shows them)"),
            "{args:?}: {line}"
        );
        assert!(!line.contains(ESC), "{args:?}");
    }
    // --help still prints everything, and succeeds.
    let help = run(dir.path(), &["--help"]).ok();
    assert!(help.stdout.lines().count() > 5);
}

#[test]
fn file_names_holding_escapes_are_shown_escaped() {
    let dir = tempdir();
    let evil = dir.path().join("x\u{1b}]0;owned\u{7}.ron");
    let session = write_session(dir.path(), "s", &fixture_session());
    std::fs::rename(&session, &evil).expect("rename");
    let r = run(dir.path(), &["list"]).ok();
    assert!(!r.stdout.contains(ESC), "{:?}", r.stdout);
    // Table cells show control characters as spaces.
    assert!(r.stdout.contains("x ]0;owned .ron"), "{}", r.stdout);
    let r = run(dir.path(), &["show", s(&evil)]).ok();
    assert!(!r.stdout.contains(ESC));
    let r = run(dir.path(), &["show", &format!("{}missing", s(&evil))]);
    assert!(!r.user_error().contains(ESC));
}

#[test]
fn csv_exports_guard_formulas_and_the_import_gives_the_text_back() {
    let dir = tempdir();
    let mut session = fixture_session();
    session.title = "=HYPERLINK(\"http://x\")".to_owned();
    session
        .apply(&Change::AddParticipant(Participant {
            id: "p03".into(),
            alias: "@Mallory".into(),
            role: "+industry".into(),
            organisation: String::new(),
            joined: false,
        }))
        .expect("add");
    let comments = ["=1+1", "-3 dB", "'=quoted", "'plain", "\tindented", "fine"];
    for (i, comment) in comments.iter().enumerate() {
        let stage = session.template.stages[i].id.clone();
        session
            .apply(&Change::SetRating {
                participant: "p03".into(),
                round: 1,
                stage,
                dimension: "maturity".into(),
                score: Score::Value(3),
                comment: Some((*comment).to_owned()),
                at: synthetic::epoch(),
                entered_by: EnteredBy::Facilitator,
            })
            .expect("rate");
    }
    write_session(dir.path(), "s", &session);
    let out = run(dir.path(), &["export", "s", "--format", "csv"]).ok();
    let mut reader = csv::Reader::from_reader(out.stdout.as_bytes());
    for record in reader.records() {
        let record = record.expect("csv");
        for (i, cell) in record.iter().enumerate() {
            // round, value and recorded_at are not text cells.
            if [1, 6, 8].contains(&i) {
                continue;
            }
            let naked = cell.trim_start_matches('\'');
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r'])
                    && (cell == naked || !naked.is_empty()),
                "unguarded cell {cell:?}"
            );
        }
    }
    assert!(out.stdout.contains("'@Mallory"));
    // Into an empty copy of the session: the same texts come back.
    let mut empty = fixture_session();
    empty.title = session.title.clone();
    let target = write_session(dir.path(), "empty", &empty);
    let csv = dir.path().join("out.csv");
    std::fs::write(&csv, &out.stdout).expect("write");
    run(dir.path(), &["import", "empty", s(&csv)]).ok();
    let back = load(&target);
    let mallory = back.participant_by_alias("@Mallory").expect("alias back");
    assert_eq!(mallory.role, "+industry");
    let mut got: Vec<String> = back
        .ratings_iter()
        .filter_map(|r| r.comment.map(str::to_owned))
        .collect();
    let mut want: Vec<String> = comments.iter().map(|c| (*c).to_owned()).collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);
}
