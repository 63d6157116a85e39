//! `loopshop new` through the binary, with one fixture per valid or invalid
//! participants file under tests/fixtures/participants/.

use std::path::PathBuf;
use std::process::Command;

use crate::support::cli::{bin, fixture_files, load, printed_path, run, s, sibling, tempdir};

fn created(stdout: &str) -> PathBuf {
    let path = printed_path(stdout.trim_end_matches('\n'));
    assert!(
        path.is_file(),
        "printed path {} is not a file",
        path.display()
    );
    path
}

#[test]
fn new_creates_a_session_with_the_default_template_and_prints_its_path() {
    let dir = tempdir();
    let sessions = dir.path().join("sessions");
    let r = run(
        &sessions,
        &["new", "  Battery workshop: Oslo  ", "--facilitator", "Fay"],
    )
    .ok();
    let path = created(&r.stdout);
    assert_eq!(path.parent(), Some(sessions.as_path()));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    assert!(name.ends_with("-battery-workshop-oslo.ron"), "{name}");
    let session = load(&path);
    assert_eq!(session.title, "Battery workshop: Oslo");
    assert_eq!(session.facilitator, "Fay");
    assert_eq!(session.template, loopshop::domain::default_template());
    assert_eq!(session.rounds.len(), 1);
    assert!(session.participants.is_empty());
    assert_eq!(session.created.timestamp_subsec_nanos(), 0);
    // The same title again never overwrites.
    let again = created(
        &run(&sessions, &["new", "Battery workshop: Oslo"])
            .ok()
            .stdout,
    );
    assert_ne!(again, path);
    assert_eq!(load(&path).facilitator, "Fay");
    assert!(!session.anonymous);
}

#[test]
fn an_anonymous_session_reports_roles_not_aliases() {
    let dir = tempdir();
    let people = dir.path().join("people.csv");
    std::fs::write(&people, "alias,role,organisation\nAnn Secret,industry,\n")
        .unwrap_or_else(|e| panic!("{e}"));
    let r = run(
        dir.path(),
        &["new", "Closed", "--anonymous", "--participants", s(&people)],
    )
    .ok();
    let path = created(&r.stdout);
    assert!(load(&path).anonymous);
    let slug = path
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let report = run(dir.path(), &["export", &slug, "--format", "md"])
        .ok()
        .stdout;
    assert!(report.contains("industry"), "{report}");
    assert!(!report.contains("Ann Secret"), "{report}");
}

#[test]
fn the_sessions_folder_comes_from_loopshop_dir_too() {
    let dir = tempdir();
    let out = Command::new(bin())
        .env("LOOPSHOP_DIR", dir.path())
        .args(["new", "From env"])
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(out.status.code(), Some(0));
    let path = created(&String::from_utf8_lossy(&out.stdout));
    assert_eq!(path.parent(), Some(dir.path()));
}

#[test]
fn an_empty_title_is_refused() {
    let dir = tempdir();
    let line = run(dir.path(), &["new", "   "]).user_error();
    assert_eq!(line, "loopshop: the session title must not be empty");
}

#[test]
fn every_valid_participants_file_gives_those_participants_in_order() {
    for file in fixture_files("participants/valid", "csv") {
        let dir = tempdir();
        let r = run(dir.path(), &["new", "People", "--participants", s(&file)]).ok();
        let session = load(&created(&r.stdout));
        let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
        for p in &session.participants {
            w.write_record([&p.id, &p.alias, &p.role, &p.organisation])
                .unwrap_or_else(|e| panic!("{e}"));
        }
        let got = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
        assert_eq!(got, sibling(&file, "expected"), "{}", file.display());
    }
}

#[test]
fn every_invalid_participants_file_is_refused_naming_its_row_and_nothing_is_created() {
    for file in fixture_files("participants/invalid", "csv") {
        let expected = sibling(&file, "err");
        let dir = tempdir();
        let sessions = dir.path().join("sessions");
        let r = run(&sessions, &["new", "People", "--participants", s(&file)]);
        let line = r.user_error();
        assert_eq!(
            line,
            format!("loopshop: {}: {}", file.display(), expected.trim_end()),
            "{}",
            file.display()
        );
        assert_eq!(r.stdout, "");
        assert!(
            !sessions.exists(),
            "{}: something was created",
            file.display()
        );
    }
}

#[test]
fn a_title_outside_ascii_names_the_file_in_ascii_and_the_name_finds_it() {
    let dir = tempdir();
    let r = run(dir.path(), &["new", "Workshop Västerås", "--lang", "sv"]).ok();
    let path = created(&r.stdout);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    assert!(name.ends_with("-workshop-vasteras.ron"), "{name}");
    // The part that does not change finds it, with or without `.ron`.
    for arg in ["workshop-vasteras", "workshop-vasteras.ron"] {
        let r = run(dir.path(), &["show", arg]).ok();
        assert!(r.stdout.starts_with("Workshop Västerås"), "{}", r.stdout);
    }
}

#[test]
fn the_shipped_participants_file_gives_seventeen_experts() {
    let dir = tempdir();
    let experts = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/experts.csv");
    let r = run(
        dir.path(),
        &["new", "Workshop 1", "--participants", s(&experts)],
    )
    .ok();
    let session = load(&created(&r.stdout));
    assert_eq!(session.participants.len(), 17);
    assert!(
        session
            .participants
            .iter()
            .all(|p| !p.role.is_empty() && !p.organisation.is_empty())
    );
    assert!(
        session.participants.iter().any(|p| !p.alias.is_ascii()),
        "some names outside ASCII"
    );
}
