//! Delphi rounds from the command line: `round new`, `new --blind`, and the
//! one round rule of `show` and `export` (per dimension the latest round
//! that rated it; `--round N` for exactly round N).

use crate::support::cli::{self, load, run, tempdir, write_session};
use loopshop::domain::{Change, EnteredBy, Score, Session};
use loopshop::synthetic::{epoch, synthetic_session};

#[test]
fn round_new_starts_the_next_round_and_prints_its_number() {
    let dir = tempdir();
    let path = write_session(dir.path(), "s", &synthetic_session("Rounds", 3, 1));
    let r = run(dir.path(), &["round", "new", "s"]).ok();
    assert_eq!(r.stdout, "2\n");
    let r = run(dir.path(), &["round", "new", "s", "--blind"]).ok();
    assert_eq!(r.stdout, "3\n");
    let s = load(&path);
    let numbers: Vec<(u32, bool)> = s.rounds.iter().map(|r| (r.number, r.blind)).collect();
    assert_eq!(numbers, [(1, false), (2, false), (3, true)]);
    // A missing session is one line and exit 1.
    let r = run(dir.path(), &["round", "new", "nope"]);
    assert_eq!(r.code, Some(1), "{}", r.stderr);
    assert!(r.user_error().contains("nope"), "{}", r.stderr);
}

#[test]
fn new_blind_makes_round_one_blind() {
    let dir = tempdir();
    let sessions = dir.path().join("sessions");
    let r = run(&sessions, &["new", "Blind from the start", "--blind"]).ok();
    let path = cli::printed_path(r.stdout.trim_end());
    let s = load(&path);
    assert!(s.rounds[0].blind && !s.rounds[0].revealed, "{:?}", s.rounds);
}

/// A session whose round 2 re-rated maturity only: 17 experts, 9 stages.
fn delphi_on_maturity() -> Session {
    let mut s = synthetic_session("Delphi", 17, 5);
    s.apply(&Change::StartRound(loopshop::domain::Round {
        number: 2,
        started: epoch(),
        blind: false,
        revealed: false,
        absent: Vec::new(),
    }))
    .expect("round 2");
    let people: Vec<String> = s.participants.iter().map(|p| p.id.clone()).collect();
    let stages: Vec<String> = s.template.stages.iter().map(|st| st.id.clone()).collect();
    for p in &people {
        for st in &stages {
            s.apply(&Change::SetRating {
                participant: p.clone(),
                round: 2,
                stage: st.clone(),
                dimension: "maturity".into(),
                score: Score::Value(5),
                comment: None,
                at: epoch(),
                entered_by: EnteredBy::Facilitator,
            })
            .expect("rating");
        }
    }
    s
}

#[test]
fn a_delphi_round_on_one_dimension_keeps_the_others_from_round_one() {
    let dir = tempdir();
    write_session(dir.path(), "d", &delphi_on_maturity());
    let shown = run(dir.path(), &["show", "d"]).ok().stdout;
    // The model is complete: every stage placed, maturity from round 2.
    assert!(
        shown.contains("Conceptual model, round 2 (Technological maturity); round 1 (others)"),
        "{shown}"
    );
    let model: Vec<&str> = shown
        .lines()
        .skip_while(|l| !l.starts_with("Conceptual model"))
        .skip(2)
        .take(9)
        .collect();
    assert_eq!(model.len(), 9, "{shown}");
    for line in &model {
        assert!(
            !line.contains(" - "),
            "a stage lacks a value: {line}\n{shown}"
        );
    }
    // Not re-rated cells are neither changes nor losses.
    assert!(
        shown.contains(
            "(the 9 cells rated in both, over the 17 participants who rated them in both)"
        ) && shown.contains("36 cells not re-rated in round 2"),
        "{shown}"
    );
    // --round 1 shows exactly round 1; a round that does not exist is refused.
    let first = run(dir.path(), &["show", "d", "--round", "1"]).ok().stdout;
    assert!(first.contains("Conceptual model, round 1\n"), "{first}");
    let r = run(dir.path(), &["show", "d", "--round", "7"]);
    assert_eq!(r.code, Some(1));
    assert!(r.user_error().contains("no round 7"), "{}", r.stderr);
    // The figures say where their values come from.
    let svg = run(dir.path(), &["export", "d", "--format", "svg-model"])
        .ok()
        .stdout;
    assert!(
        svg.contains("round 2 (Technological maturity); round 1 (others)"),
        "{svg}"
    );
    let svg1 = run(
        dir.path(),
        &["export", "d", "--format", "svg-matrix", "--round", "1"],
    )
    .ok()
    .stdout;
    assert!(svg1.contains("round 1, 17 participants"), "{svg1}");
}

#[test]
fn the_tidy_export_of_a_two_round_session_imports_into_a_new_session() {
    let dir = tempdir();
    let original = delphi_on_maturity();
    write_session(dir.path(), "two", &original);
    let csv = run(dir.path(), &["export", "two", "--format", "csv"])
        .ok()
        .stdout;
    let file = dir.path().join("two.csv");
    std::fs::write(&file, &csv).expect("write csv");
    let sessions = dir.path().join("fresh");
    let r = run(&sessions, &["new", "Fresh"]).ok();
    let fresh = cli::printed_path(r.stdout.trim_end());
    let r = run(
        &sessions,
        &[
            "import",
            fresh.to_str().expect("utf8"),
            file.to_str().expect("utf8"),
        ],
    )
    .ok();
    assert!(r.stdout.contains("; created round 2"), "{}", r.stdout);
    let s = load(&fresh);
    assert_eq!(
        s.rounds.iter().map(|r| r.number).collect::<Vec<_>>(),
        [1, 2]
    );
    assert_eq!(s.rating_count(), original.rating_count());
    // The same ratings, cell by cell, under the same aliases.
    let alias_of = |s: &Session, id: &str| {
        s.participant(id)
            .map(|p| p.alias.clone())
            .unwrap_or_default()
    };
    let cells = |s: &Session| {
        let mut v: Vec<(String, u32, String, String, Score)> = s
            .ratings
            .iter()
            .flat_map(|sheet| {
                sheet.entries.iter().map(move |e| {
                    (
                        sheet.participant.clone(),
                        sheet.round,
                        e.stage.to_string(),
                        e.dimension.to_string(),
                        e.score,
                    )
                })
            })
            .map(|(p, r, st, d, v)| (alias_of(s, &p), r, st, d, v))
            .collect();
        v.sort_by(|a, b| format!("{a:?}").cmp(&format!("{b:?}")));
        v
    };
    assert_eq!(cells(&s), cells(&original));
}

#[test]
fn a_templates_own_quadrant_labels_are_in_the_figure_and_the_table() {
    let dir = tempdir();
    let mut s = synthetic_session("Corners", 6, 2);
    s.template.model.quadrants = Some(loopshop::domain::QuadrantLabels {
        top_left: "Act now".into(),
        top_right: "Plan carefully".into(),
        bottom_left: "Keep watching".into(),
        bottom_right: "Reconsider".into(),
    });
    write_session(dir.path(), "c", &s);
    let shown = run(dir.path(), &["show", "c"]).ok().stdout;
    assert!(shown.contains("Act now = high y, low x"), "{shown}");
    let svg = run(dir.path(), &["export", "c", "--format", "svg-model"])
        .ok()
        .stdout;
    for label in ["Act now", "Plan carefully", "Keep watching", "Reconsider"] {
        assert!(svg.contains(label), "{label} missing");
    }
    // A control character in a label is refused by the template check.
    let template = dir.path().join("t.ron");
    let text = run(dir.path(), &["template", "show"]).ok().stdout.replacen(
        "colour: \"maturity\",",
        "colour: \"maturity\",\n        quadrants: Some((top_left: \"A\\u{1b}[2J\", top_right: \"B\", bottom_left: \"C\", bottom_right: \"D\")),",
        1,
    );
    std::fs::write(&template, text).expect("write template");
    let r = run(
        dir.path(),
        &["template", "check", template.to_str().expect("utf8")],
    );
    assert_eq!(r.code, Some(1), "{}", r.stdout);
    assert!(
        format!("{}{}", r.stdout, r.stderr).contains("control character"),
        "{}{}",
        r.stdout,
        r.stderr
    );
}
