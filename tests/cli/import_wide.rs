//! `loopshop import SESSION FILE --wide` through the real binary, one fixture
//! file per valid or invalid input under tests/fixtures/wide/.

use crate::support::cli::{
    self, fixture_files, fixture_session, read, run, s, sibling, tempdir, write_session,
};

#[test]
fn every_invalid_wide_file_is_rejected_whole_and_the_session_is_untouched() {
    let files = fixture_files("wide/invalid", "csv");
    assert!(files.len() >= 5, "{files:?}");
    for file in files {
        let expected = sibling(&file, "expected");
        let dir = tempdir();
        let session = write_session(dir.path(), "fixture", &fixture_session());
        let before = read(&session);
        let r = run(dir.path(), &["import", "fixture", s(&file), "--wide"]);
        let line = r.user_error();
        assert!(
            line.contains(expected.trim_end()) && line.ends_with("; nothing was imported"),
            "{}: {line}",
            file.display()
        );
        assert!(
            read(&session) == before,
            "{}: session changed",
            file.display()
        );
    }
}

#[test]
fn every_valid_wide_file_imports_its_ratings_and_participants() {
    let files = fixture_files("wide/valid", "csv");
    assert!(!files.is_empty());
    for file in files {
        let expected = sibling(&file, "expected");
        let field = |name: &str| -> usize {
            expected
                .split_whitespace()
                .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{}: no {name}=", file.display()))
        };
        let dir = tempdir();
        let session = write_session(dir.path(), "fixture", &fixture_session());
        let r = run(dir.path(), &["import", "fixture", s(&file), "--wide"]).ok();
        assert!(
            r.stdout
                .starts_with(&format!("imported {} ratings into ", field("ratings"))),
            "{}: {}",
            file.display(),
            r.stdout
        );
        let loaded = cli::load(&session);
        assert_eq!(
            loaded.rating_count(),
            field("ratings"),
            "{}",
            file.display()
        );
        // The report names as many new participants as the file added (and
        // the separator, when it is not a comma).
        let added = loaded.participants.len() - fixture_session().participants.len();
        let s = if added == 1 { "" } else { "s" };
        let said = r
            .stdout
            .trim_end()
            .trim_end_matches(" (read as semicolon-separated)");
        assert!(
            said.ends_with(&format!("; added {added} participant{s}")),
            "{}: {}",
            file.display(),
            r.stdout
        );
        assert!(added >= 1, "{}", file.display());
    }
}
