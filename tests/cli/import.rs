//! `loopshop import` and `export --format csv` through the binary. One
//! fixture per valid or invalid file under tests/fixtures/import/: an invalid
//! `X.csv` has its expected error in `X.err`; a valid `X.csv` has the ratings
//! it must leave in `X.expected` (participant,round,stage,dimension,value,comment).

use std::fmt::Write as _;
use std::path::Path;

use crate::support::cli::{
    self, fixture_files, fixture_session, load, read, run, s, sibling, tempdir, write_session,
};
use loopshop::domain::{Change, Score, Session};
use loopshop::synthetic;

fn records(text: &[u8]) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text);
    r.records()
        .map(|rec| {
            rec.unwrap_or_else(|e| panic!("{e}"))
                .iter()
                .map(str::to_owned)
                .collect()
        })
        .collect()
}

/// The export of `session` projected to the columns of a `.expected` file, sorted.
fn exported_ratings(dir: &Path, session: &Path) -> Vec<Vec<String>> {
    let out = run(dir, &["export", s(session), "--format", "csv"]).ok();
    let mut rows = records(out.stdout.as_bytes());
    let header = rows.remove(0);
    assert_eq!(header.join(","), loopshop::import::tidy::HEADER);
    let mut rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| [2, 1, 4, 5, 6, 7].iter().map(|&i| r[i].clone()).collect())
        .collect();
    rows.sort();
    rows
}

#[test]
fn every_invalid_file_is_rejected_whole_naming_its_row_and_the_session_is_untouched() {
    for file in fixture_files("import/invalid", "csv") {
        let expected = sibling(&file, "err");
        let expected = expected.trim_end();
        let dir = tempdir();
        let session = write_session(dir.path(), "fixture", &fixture_session());
        let before = read(&session);
        let r = run(dir.path(), &["import", "fixture", s(&file)]);
        let line = r.user_error();
        assert_eq!(
            line,
            format!(
                "loopshop: {}: {expected}; nothing was imported",
                file.display()
            ),
            "{}",
            file.display()
        );
        assert_eq!(r.stdout, "");
        assert!(
            read(&session) == before,
            "{}: session changed",
            file.display()
        );
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert_eq!(leftovers.len(), 1, "{}: {leftovers:?}", file.display());
    }
}

#[test]
fn every_valid_file_imports_exactly_its_ratings() {
    for file in fixture_files("import/valid", "csv") {
        let mut expected = records(sibling(&file, "expected").as_bytes());
        expected.remove(0);
        expected.sort();
        let dir = tempdir();
        let session = write_session(dir.path(), "fixture", &fixture_session());
        let r = run(dir.path(), &["import", s(&session), s(&file)]).ok();
        assert!(
            r.stdout
                .starts_with(&format!("imported {} ratings into ", expected.len())),
            "{}: {}",
            file.display(),
            r.stdout
        );
        assert_eq!(
            exported_ratings(dir.path(), &session),
            expected,
            "{}",
            file.display()
        );
    }
}

#[test]
fn semicolon_and_tab_files_import_and_say_which_separator_was_read() {
    let dir = tempdir();
    let session = write_session(dir.path(), "fixture", &fixture_session());
    let before = read(&session);
    let semicolons = cli::fixtures("import/valid/excel_semicolon.csv");
    // Told a comma, the header is one column: refused, naming the separator.
    let line = run(
        dir.path(),
        &["import", "fixture", s(&semicolons), "--delimiter", ","],
    )
    .user_error();
    assert!(
        line.ends_with("cells read as comma-separated); nothing was imported"),
        "{line}"
    );
    assert!(read(&session) == before);
    // Found from the header, or given: the same import.
    let r = run(dir.path(), &["import", "fixture", s(&semicolons)]).ok();
    assert!(
        r.stdout.ends_with(" (read as semicolon-separated)\n"),
        "{}",
        r.stdout
    );
    let r = run(
        dir.path(),
        &["import", "fixture", s(&semicolons), "--delimiter", ";"],
    )
    .ok();
    assert!(r.stdout.contains("2 of them replacing"), "{}", r.stdout);
    let tabs = cli::fixtures("import/valid/tab_separated.csv");
    let r = run(
        dir.path(),
        &["import", "fixture", s(&tabs), "--delimiter", "tab"],
    )
    .ok();
    assert!(
        r.stdout.ends_with(" (read as tab-separated)\n"),
        "{}",
        r.stdout
    );
    // A comma file says nothing of its separator.
    let commas = cli::fixtures("import/valid/new_participants.csv");
    let r = run(dir.path(), &["import", "fixture", s(&commas)]).ok();
    assert!(!r.stdout.contains("separated"), "{}", r.stdout);
}

#[test]
fn unknown_aliases_become_participants_with_their_role() {
    let dir = tempdir();
    let session = write_session(dir.path(), "fixture", &fixture_session());
    let file = cli::fixtures("import/valid/new_participants.csv");
    let r = run(dir.path(), &["import", "fixture", s(&file)]).ok();
    assert!(
        r.stdout.ends_with("; added 2 participants: Cy, Di\n"),
        "{}",
        r.stdout
    );
    let loaded = load(&session);
    let people: Vec<(&str, &str, &str)> = loaded
        .participants
        .iter()
        .map(|p| (p.id.as_str(), p.alias.as_str(), p.role.as_str()))
        .collect();
    assert_eq!(
        people,
        [
            ("p01", "Ann", "industry"),
            ("p02", "Bo", "academia"),
            ("p03", "Cy", "policy"),
            ("p04", "Di", "")
        ]
    );
}

#[test]
fn recorded_at_is_kept_or_set_to_the_import_time() {
    let dir = tempdir();
    let session = write_session(dir.path(), "fixture", &fixture_session());
    let file = dir.path().join("r.csv");
    std::fs::write(
        &file,
        "round,participant,stage,dimension,value,recorded_at\n1,Ann,use,maturity,2,2026-03-12T11:30:00+01:00\n1,Bo,use,maturity,3,\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let before = chrono::Utc::now();
    run(dir.path(), &["import", "fixture", s(&file)]).ok();
    let after = chrono::Utc::now();
    let loaded = load(&session);
    let at = |p: &str| {
        let e = loaded
            .rating(p, 1, "use", "maturity")
            .unwrap_or_else(|| panic!("no rating for {p}"));
        loaded.time_at(e.offset_seconds())
    };
    assert_eq!(at("p01").to_rfc3339(), "2026-03-12T10:30:00+00:00");
    let now = at("p02");
    assert!(
        now >= before - chrono::Duration::seconds(1) && now <= after,
        "{now}"
    );
}

/// A session with comments full of CSV syntax and "don't know" answers.
fn tricky_session() -> Session {
    let mut s = fixture_session();
    let t0 = synthetic::epoch();
    let cells = [
        (
            "p01",
            "mining",
            "maturity",
            Score::Value(1),
            Some("a, b and \"c\""),
        ),
        (
            "p01",
            "use",
            "carbon_footprint",
            Score::DontKnow,
            Some("line one\nline two\r\nline three"),
        ),
        ("p02", "design", "circularity_impact", Score::Value(5), None),
        (
            "p02",
            "recycling",
            "digitalization_difficulty",
            Score::DontKnow,
            None,
        ),
        (
            "p02",
            "reuse",
            "circularity_difficulty",
            Score::Value(3),
            Some("  spaced  "),
        ),
        (
            "p01",
            "collection",
            "maturity",
            Score::Value(2),
            Some("\"\""),
        ),
    ];
    for (i, (p, stage, dim, score, comment)) in cells.into_iter().enumerate() {
        let c = Change::SetRating {
            participant: p.into(),
            round: 1,
            stage: stage.into(),
            dimension: dim.into(),
            score,
            comment: comment.map(Into::into),
            at: t0 + chrono::Duration::seconds(60 * i64::try_from(i).unwrap_or(0) - 30),
            entered_by: loopshop::domain::EnteredBy::Facilitator,
        };
        s.apply(&c).unwrap_or_else(|e| panic!("{e}"));
    }
    s
}

#[test]
fn export_then_import_into_an_empty_session_gives_the_same_ratings() {
    for original in [tricky_session(), synthetic::example_session()] {
        let dir = tempdir();
        let source = write_session(dir.path(), "source", &original);
        let csv_file = dir.path().join("out.csv");
        run(
            dir.path(),
            &["export", "source", "--format", "csv", "-o", s(&csv_file)],
        )
        .ok();
        let created = run(dir.path(), &["new", "Empty"]).ok();
        let target = cli::printed_path(created.stdout.trim());
        let target_before = read(&target);
        let r = run(dir.path(), &["import", s(&target), s(&csv_file)]).ok();
        assert!(
            r.stdout.starts_with(&format!(
                "imported {} ratings (from session '{}') into ",
                original.rating_count(),
                original.title
            )),
            "{}",
            r.stdout
        );
        assert_ne!(read(&target), target_before);
        let a = load(&source);
        let b = load(&target);
        // The tidy format has no organisation column: ids, aliases and roles survive.
        let people = |s: &Session| {
            s.participants
                .iter()
                .map(|p| (p.id.clone(), p.alias.clone(), p.role.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(people(&a), people(&b));
        let flat = |s: &Session| {
            let mut v: Vec<_> = s
                .ratings_iter()
                .map(|r| {
                    (
                        r.participant.to_owned(),
                        r.round,
                        r.stage.to_owned(),
                        r.dimension.to_owned(),
                        r.score,
                        r.comment.map(str::to_owned),
                        r.recorded_at,
                    )
                })
                .collect();
            v.sort_by(|x, y| format!("{x:?}").cmp(&format!("{y:?}")));
            v
        };
        assert_eq!(flat(&a), flat(&b));
        assert!(!flat(&a).is_empty());
        assert_eq!(
            exported_ratings(dir.path(), &source),
            exported_ratings(dir.path(), &target)
        );
    }
}

#[test]
fn import_needs_an_existing_session_and_file() {
    let dir = tempdir();
    let file = cli::fixtures("import/valid/full_header.csv");
    let line = run(dir.path(), &["import", "nope", s(&file)]).user_error();
    assert!(line.contains("nope: no such session"), "{line}");
    write_session(dir.path(), "fixture", &fixture_session());
    let line = run(dir.path(), &["import", "fixture", "missing.csv"]).user_error();
    assert!(line.starts_with("loopshop: missing.csv: "), "{line}");
    // A tidy file read as wide: rejected whole, with the reason.
    let before = read(&dir.path().join("fixture.ron"));
    let line = run(dir.path(), &["import", "fixture", s(&file), "--wide"]).user_error();
    assert!(line.contains("nothing was imported"), "{line}");
    assert!(read(&dir.path().join("fixture.ron")) == before);
}

#[test]
fn a_large_import_names_a_few_new_participants_and_counts_the_rest() {
    let dir = tempdir();
    let session = write_session(dir.path(), "fixture", &fixture_session());
    let mut csv = String::from("round,participant,stage,dimension,value\n");
    for n in 0..12 {
        let _ = writeln!(csv, "1,Newcomer {n:02},mining,maturity,3");
    }
    let file = dir.path().join("many.csv");
    std::fs::write(&file, csv).unwrap_or_else(|e| panic!("{e}"));
    let r = run(dir.path(), &["import", "fixture", s(&file)]).ok();
    assert!(
        r.stdout
            .contains("added 12 participants: Newcomer 00, Newcomer 01,"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("Newcomer 09, and 2 more"), "{}", r.stdout);
    assert!(!r.stdout.contains("Newcomer 10"), "{}", r.stdout);
    assert_eq!(load(&session).participants.len(), 2 + 12);
}

#[test]
fn a_bad_last_row_of_a_big_file_takes_back_every_row_before_it() {
    // More rows than one journal record holds: the rows are applied to the
    // session as they are read, and all of them are taken back.
    let dir = tempdir();
    let session = write_session(dir.path(), "fixture", &fixture_session());
    let before = read(&session);
    let ratings_before = load(&session).rating_count();
    let mut rows = String::from("round,participant,stage,dimension,value\n1,ann,use,maturity,2\n");
    for n in 0..700 {
        let _ = writeln!(rows, "1,Newcomer {n:03},mining,maturity,{}", 1 + n % 5);
    }
    let file = dir.path().join("big.csv");
    std::fs::write(&file, format!("{rows}1,Bo,minning,maturity,3\n"))
        .unwrap_or_else(|e| panic!("{e}"));
    let line = run(dir.path(), &["import", "fixture", s(&file)]).user_error();
    assert!(
        line.starts_with(&format!(
            "loopshop: {}: row 703: unknown stage 'minning'",
            file.display()
        )),
        "{line}"
    );
    assert!(read(&session) == before);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .map(|d| d.filter_map(Result::ok).map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert_eq!(leftovers.len(), 2, "{leftovers:?}");

    // Without the bad row, the file goes in whole and stays there.
    std::fs::write(&file, &rows).unwrap_or_else(|e| panic!("{e}"));
    let r = run(dir.path(), &["import", "fixture", s(&file)]).ok();
    assert!(
        r.stdout.starts_with("imported 701 ratings into ")
            && r.stdout.contains("; added 700 participants: Newcomer 000,")
            && r.stdout.ends_with("Newcomer 009, and 690 more\n"),
        "{}",
        r.stdout
    );
    let loaded = load(&session);
    assert_eq!(loaded.participants.len(), 2 + 700);
    assert_eq!(loaded.rating_count(), ratings_before + 701);
}
