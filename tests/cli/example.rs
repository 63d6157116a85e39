//! The shipped example is read-only everywhere: every command that would
//! write it refuses with one line naming the way out (`loopshop copy`), and
//! every command, writing or not, leaves its bytes as they were. `copy`
//! makes a session of one's own from any session.

use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::CommandFactory as _;

use crate::support::cli::{
    fixtures, load, printed_path, read, run, run_within, s, tempdir, write_session,
};

/// The shipped example in a temp sessions folder, with its bytes.
fn example_folder() -> (tempfile::TempDir, PathBuf, Vec<u8>) {
    let dir = tempdir();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example-lib-workshop.ron");
    let bytes = read(&shipped);
    let path = dir.path().join("example-lib-workshop.ron");
    std::fs::write(&path, &bytes).unwrap_or_else(|e| panic!("{e}"));
    (dir, path, bytes)
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

const WAY_OUT: &str = "example-lib-workshop is the shipped example, which nothing changes: \
     `loopshop copy example-lib-workshop \"My workshop\"` makes a session of your own from it \
     (`loopshop review example-lib-workshop` looks at it as it is)";

#[test]
fn every_writing_command_refuses_the_example_naming_the_copy_and_leaves_its_bytes() {
    let (dir, path, bytes) = example_folder();
    let tidy = fixtures("import/valid/new_participants.csv");
    let wide = fixtures("wide/valid/form_tool_export.csv");
    let writing: [&[&str]; 7] = [
        &["round", "new", "example-lib-workshop"],
        &["round", "new", "example-lib-workshop.ron", "--blind"],
        &["import", "example-lib-workshop", s(&tidy)],
        &["import", "example-lib-workshop", s(&wide), "--wide"],
        &["serve", "example-lib-workshop", "--port", "0"],
        &[
            "serve",
            "example-lib-workshop",
            "--port",
            "0",
            "--open",
            "all",
        ],
        &["run", "example-lib-workshop", "--port", "0"],
    ];
    for args in writing {
        let r = run_within(dir.path(), args, Duration::from_secs(20));
        let line = r.user_error();
        let arg = args[1..]
            .iter()
            .find(|a| a.starts_with("example"))
            .copied()
            .unwrap_or_default();
        assert_eq!(
            line,
            format!("loopshop: {}", WAY_OUT.replace("example-lib-workshop", arg)),
            "{args:?}"
        );
        assert!(read(&path) == bytes, "{args:?} changed the example");
        assert_eq!(
            files_in(dir.path()),
            ["example-lib-workshop.ron"],
            "{args:?}"
        );
    }
}

#[test]
fn no_command_changes_the_example() {
    // Every subcommand, so that a new one has to be classified here.
    let (dir, path, bytes) = example_folder();
    let tidy = fixtures("import/valid/new_participants.csv");
    let out = dir.path().join("out");
    let mut covered: Vec<&str> = Vec::new();
    let runs: [(&str, &[&str]); 14] = [
        ("list", &["list"]),
        ("show", &["show", "example-lib-workshop"]),
        (
            "export",
            &["export", "example-lib-workshop", "--format", "csv"],
        ),
        (
            "export",
            &["export", "example-lib-workshop", "--out-dir", s(&out)],
        ),
        (
            "export",
            &["export", "example-lib-workshop", "--format", "join-cards"],
        ),
        (
            "compare",
            &["compare", "example-lib-workshop", "example-lib-workshop"],
        ),
        ("review", &["review", "example-lib-workshop"]),
        ("template", &["template", "list"]),
        ("new", &["new", "Another workshop"]),
        ("copy", &["copy", "example-lib-workshop", "My workshop"]),
        ("round", &["round", "new", "example-lib-workshop"]),
        ("import", &["import", "example-lib-workshop", s(&tidy)]),
        ("serve", &["serve", "example-lib-workshop", "--port", "0"]),
        ("run", &["run", "example-lib-workshop", "--port", "0"]),
    ];
    for (name, args) in runs {
        covered.push(name);
        // Success or a refusal, never a hang; the example stays as it was.
        let r = run_within(dir.path(), args, Duration::from_secs(60));
        r.no_panic();
        assert!(read(&path) == bytes, "{args:?} changed the example");
    }
    // `new` and `copy` wrote sessions of their own, beside the example.
    let files = files_in(dir.path());
    assert!(
        files.contains(&"example-lib-workshop.ron".to_owned()),
        "{files:?}"
    );
    assert!(
        !files.iter().any(|f| Path::new(f)
            .extension()
            .is_some_and(|e| e == "lock" || e == "journal")),
        "{files:?}"
    );
    for sub in loopshop::cli::Cli::command().get_subcommands() {
        assert!(
            covered.contains(&sub.get_name()),
            "the subcommand {} is not tried on the example here",
            sub.get_name()
        );
    }
}

#[test]
fn copy_makes_a_session_of_ones_own_with_fresh_secrets_and_no_devices() {
    let (dir, example, _) = example_folder();
    let r = run(dir.path(), &["copy", "example-lib-workshop", "My workshop"]).ok();
    let path = printed_path(r.stdout.trim_end());
    assert!(
        path.file_name()
            .is_some_and(|n| n.to_string_lossy().ends_with("-my-workshop.ron")),
        "{}",
        path.display()
    );
    let source = load(&example);
    let copy = load(&path);
    assert_eq!(copy.title, "My workshop");
    assert!(!copy.example);
    assert_eq!(copy.participants, source.participants);
    assert_eq!(copy.rating_count(), source.rating_count());
    assert_eq!(copy.ideas, source.ideas);
    assert!(copy.exercise_log.is_empty(), "no clock run yet");
    assert!(copy.created > source.created);
    // Every rating keeps the time it was given.
    let times = |s: &loopshop::domain::Session| -> Vec<_> {
        s.ratings
            .iter()
            .flat_map(|sheet| sheet.entries.iter().map(|e| s.time_at(e.offset_seconds)))
            .collect()
    };
    assert_eq!(times(&copy), times(&source));
    // Fresh secrets, no devices.
    let (a, b) = (&copy.access, &source.access);
    assert!(!a.join_code.is_empty() && a.join_code != b.join_code);
    assert!(!a.board_key.is_empty() && a.board_key != b.board_key);
    assert_eq!(a.card_secret.len(), 64);
    assert_ne!(a.card_secret, b.card_secret);
    assert!(a.devices.is_empty());
    // The copy is the facilitator's: it takes a new round.
    let r = run(dir.path(), &["round", "new", "my-workshop"]).ok();
    assert_eq!(r.stdout, "2\n");
    // A copy of a copy, and a second copy under the same title, get names of their own.
    let again = run(dir.path(), &["copy", "my-workshop", "My workshop"]).ok();
    assert_ne!(printed_path(again.stdout.trim_end()), path);
    // A title is required, and checked as `new` checks it.
    let line = run(dir.path(), &["copy", "my-workshop", "  "]).user_error();
    assert_eq!(
        line,
        "loopshop: the copy's title must not be empty (loopshop copy SESSION \"My workshop\")"
    );
    let line = run(dir.path(), &["copy", "my-workshop"]).user_error();
    assert!(line.starts_with("loopshop copy: "), "{line}");
}

#[test]
fn a_session_that_is_no_example_is_written_as_before() {
    let dir = tempdir();
    let session = write_session(dir.path(), "mine", &crate::support::cli::fixture_session());
    let before = read(&session);
    let r = run(dir.path(), &["round", "new", "mine"]).ok();
    assert_eq!(r.stdout, "2\n");
    assert!(read(&session) != before);
}
