//! Hostile and broken session files through the real binary (issue 10).
//! One fixture per finding under tests/fixtures/session/: an invalid `X.ron`
//! has its one-line message in `X.err` (`FILE` stands for its path). Every
//! command refuses it with that line and exit 1 and changes nothing; `list`
//! shows it as unreadable and hides no other session.

use std::path::{Path, PathBuf};

use crate::support::cli::{self, fixture_files, read, run, s, sibling, tempdir};
use loopshop::app::HomeEntry;

/// A sessions folder holding `good.ron` (the valid base) and `bad.ron`.
fn folder_with(bad: &Path) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempdir();
    let good = dir.path().join("good.ron");
    let copy = dir.path().join("bad.ron");
    std::fs::copy(cli::fixtures("session/valid/base.ron"), &good).expect("copy");
    std::fs::copy(bad, &copy).expect("copy");
    (dir, good, copy)
}

fn side_files(path: &Path) -> Vec<PathBuf> {
    ["journal", "lock", "tmp"]
        .iter()
        .map(|x| PathBuf::from(format!("{}.{x}", path.display())))
        .filter(|p| p.exists())
        .collect()
}

#[test]
fn every_bad_session_is_one_located_line_for_every_command_and_nothing_changes() {
    for file in fixture_files("session/invalid", "ron") {
        let (dir, _good, bad) = folder_with(&file);
        let expected = sibling(&file, "err").trim_end().replace("FILE", s(&bad));
        let expected = format!("loopshop: {expected}");
        let before = read(&bad);
        let csv = dir.path().join("r.csv");
        std::fs::write(
            &csv,
            "round,participant,stage,dimension,value\n1,Ann,use,maturity,2\n",
        )
        .expect("csv");
        for args in [
            vec!["show", "bad"],
            vec!["export", "bad", "--format", "csv"],
            vec!["export", "bad", "--format", "md"],
            vec!["compare", "bad", "good"],
            vec!["import", "bad", s(&csv)],
        ] {
            let r = run(dir.path(), &args);
            assert_eq!(r.user_error(), expected, "{} {args:?}", file.display());
            assert!(!r.stderr.contains('\u{1b}'), "escape byte in {args:?}");
            assert_eq!(read(&bad), before, "{args:?} changed {}", file.display());
            assert_eq!(side_files(&bad), Vec::<PathBuf>::new(), "{args:?}");
        }
    }
}

#[test]
fn list_shows_a_bad_session_as_unreadable_and_hides_nothing_else() {
    for file in fixture_files("session/invalid", "ron") {
        let (dir, _good, bad) = folder_with(&file);
        let expected = sibling(&file, "err").trim_end().replace("FILE", s(&bad));
        let r = run(dir.path(), &["list"]).ok();
        assert!(
            r.stdout.contains("Fixture"),
            "{}: {}",
            file.display(),
            r.stdout
        );
        assert!(
            r.stdout.contains(&format!("unreadable: {expected}\n")),
            "{}: {}",
            file.display(),
            r.stdout
        );
        assert!(!r.stdout.contains('\u{1b}'));
        let r = run(dir.path(), &["list", "--format", "json"]).ok();
        let items: serde_json::Value = serde_json::from_str(&r.stdout).expect("json");
        let items = items.as_array().expect("array");
        assert_eq!(items.len(), 2, "{}", r.stdout);
        assert_eq!(items[0]["title"], "Fixture");
        assert_eq!(items[1]["error"], expected.as_str());
        assert_eq!(items[1]["file"], s(&bad));
    }
}

#[test]
fn valid_sessions_load_a_byte_order_mark_too() {
    for file in fixture_files("session/valid", "ron") {
        let dir = tempdir();
        let copy = dir.path().join("s.ron");
        std::fs::copy(&file, &copy).expect("copy");
        let r = run(dir.path(), &["show", "s"]).ok();
        assert!(r.stdout.starts_with("Fixture\n"), "{}", file.display());
    }
}

#[test]
fn the_home_screen_lists_bad_sessions_as_unreadable_beside_the_good_ones() {
    // The home screen reads the folder through `Store::list`, as `list` does.
    let file = cli::fixtures("session/invalid/duplicated_field_in_sheet.ron");
    let (dir, _good, bad) = folder_with(&file);
    let entries = loopshop::store::Store::new(dir.path())
        .list()
        .expect("list");
    assert_eq!(entries.len(), 2);
    assert!(entries[0].as_ref().is_ok_and(|s| s.title == "Fixture"));
    let err = entries[1].as_ref().err().map(ToString::to_string);
    assert_eq!(
        err,
        Some(sibling(&file, "err").trim_end().replace("FILE", s(&bad)))
    );
    let home = loopshop::cli::effects::read_home(&loopshop::store::Store::new(dir.path()));
    assert_eq!(home.entries.len(), 2);
    assert!(matches!(&home.entries[0], HomeEntry::Ok(s) if s.title == "Fixture"));
    assert!(
        matches!(&home.entries[1], HomeEntry::Broken { path: Some(p), error } if *p == bad && error.contains("duplicate field")),
        "{:?}",
        home.entries[1]
    );
}
