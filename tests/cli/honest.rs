//! Honest answers from every writing command of the command line (`new`,
//! `import`, `import --wide`, `round new`, and `export -o`, which writes a
//! file but no session; `serve` is in `tests/server/serve_writes.rs`, `run`
//! in `tests/e2e/faults.rs`): with the final rewrite of a file failing, as on
//! a full disk, a command reports success exactly when its change is on
//! disk. When only the fold of the journal into the session file failed, it
//! succeeds with one line saying so, and the next open folds it; when the
//! change reached neither the journal nor the file, it fails and the folder
//! is exactly as it was.
//!
//! The faults come from the store's seam (`LOOPSHOP_TEST_FAULT`, read by
//! debug builds only, such as the one `cargo test` builds; `.ci/run` does
//! not run this module against the Windows release build): `rewrite` fails every whole-file write, `journal`
//! every journal append (after writing half of it); `rewrite:1` only the
//! first whole-file write.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use crate::support::cli::{Run, fixture_session, load, run, run_env, s, tempdir, write_session};
use loopshop::domain::Session;
use loopshop::store::{FAULT_FOR_TESTS, side_path};

/// No fault, the rewrite failing, the journal failing, both failing, and
/// both failing but the rewrite only once: a command that fails must not
/// write its change later (as a last try on closing would).
const FAULTS: [&str; 5] = [
    "",
    "rewrite",
    "journal",
    "journal,rewrite",
    "journal,rewrite:1",
];

use Outcome::{Failed, InJournal, Saved};

/// What a command did under a fault, as the test sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    /// Success; the change is in the session file (or the new file).
    Saved,
    /// Success with the one-line note; the change is in the journal only.
    InJournal,
    /// Failure; the folder is exactly as it was.
    Failed,
}

/// Every file in `dir` (not below it) and its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| {
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            (e.file_name().to_string_lossy().into_owned(), bytes)
        })
        .collect()
}

/// Runs `args` with the sessions folder `dir` under `fault`, checks the
/// rule (exit 0 exactly when `changed` holds afterwards) and what each
/// outcome promises, and returns the outcome. `session` is the session
/// file the command changes, if any.
fn outcome(
    dir: &Path,
    session: Option<&Path>,
    args: &[&str],
    fault: &str,
    changed: &dyn Fn() -> bool,
) -> (Outcome, Run) {
    let before = snapshot(dir);
    let r = run_env(dir, args, &[(FAULT_FOR_TESTS, fault)]);
    r.no_panic();
    let what = format!("{args:?} under {FAULT_FOR_TESTS}={fault:?}");
    // The rule: success is reported exactly when the change is on disk.
    assert_eq!(
        r.code == Some(0),
        changed(),
        "{what}: exit {:?} but the change is{} on disk\nstdout: {}\nstderr: {}",
        r.code,
        if changed() { "" } else { " not" },
        r.stdout,
        r.stderr
    );
    let after = snapshot(dir);
    let journal = session.map(|p| side_path(p, "journal"));
    if r.code != Some(0) {
        let line = r.user_error();
        assert_eq!(r.stdout, "", "{what}");
        assert!(line.contains("no space left on device"), "{what}: {line}");
        let names = |m: &BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
        assert!(
            before == after,
            "{what}: the folder changed although it failed: {:?} before, {:?} after",
            names(&before),
            names(&after)
        );
        return (Failed, r);
    }
    let journal_there = journal.as_ref().is_some_and(|j| j.exists());
    if !journal_there {
        assert_eq!(r.stderr, "", "{what}");
        return (Saved, r);
    }
    // Saved in the journal only: the session file as it was, one note.
    let session = session.unwrap_or_else(|| panic!("{what}: a journal without a session"));
    let name = |p: &Path| {
        p.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    assert_eq!(
        after.get(&name(session)),
        before.get(&name(session)),
        "{what}: the session file was rewritten"
    );
    let mut names: Vec<&String> = after.keys().collect();
    names.retain(|n| !before.contains_key(*n));
    assert_eq!(
        names,
        [&name(&side_path(session, "journal"))],
        "{what}: files left beside the session"
    );
    let lines: Vec<&str> = r.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{what}: {}", r.stderr);
    assert!(
        lines[0].starts_with(
            "loopshop: note: saved in the session's journal, but the session file could not be \
             compacted ("
        ) && lines[0].ends_with(
            "no space left on device (LOOPSHOP_TEST_FAULT=rewrite)); the journal is folded in \
             when the session is next opened"
        ),
        "{what}: {}",
        r.stderr
    );
    (InJournal, r)
}

/// The fixture session (Ann, Bo) with its card secret, so that opening it
/// writes nothing of its own.
fn session(dir: &Path) -> PathBuf {
    let mut s: Session = fixture_session();
    s.access.card_secret = loopshop::store::new_card_secret();
    write_session(dir, "s", &s)
}

fn expect(command: &str, got: &[Outcome], want: [Outcome; 5]) {
    assert_eq!(got, want, "{command}: outcomes under {FAULTS:?}");
}

#[test]
fn round_new_says_its_number_exactly_when_the_round_is_on_disk() {
    let mut got = Vec::new();
    for fault in FAULTS {
        let dir = tempdir();
        let path = session(dir.path());
        let changed = || load(&path).rounds.len() == 2;
        let (o, r) = outcome(
            dir.path(),
            Some(&path),
            &["round", "new", "s"],
            fault,
            &changed,
        );
        if o == Failed {
            assert!(r.stderr.contains("no round was started"), "{}", r.stderr);
        } else {
            assert_eq!(r.stdout, "2\n");
        }
        if o == InJournal {
            // The next open folds the journal in; the next round is 3.
            let r = run(dir.path(), &["round", "new", "s"]).ok();
            assert_eq!(r.stdout, "3\n");
            assert!(!side_path(&path, "journal").exists());
            let text = std::fs::read_to_string(&path).expect("read");
            let on_disk = loopshop::store::load(&path).expect("load");
            assert_eq!(on_disk.rounds.len(), 3, "{text}");
        }
        got.push(o);
    }
    expect("round new", &got, [Saved, InJournal, Saved, Failed, Failed]);
}

/// A tidy file of `n` ratings of maturity by new participants (`n` more
/// than the journal takes in one record goes straight to the file).
fn tidy_file(dir: &Path, n: usize) -> PathBuf {
    let stages = [
        "exploration",
        "mining",
        "processing",
        "design",
        "production",
        "use",
        "reuse",
        "collection",
        "recycling",
    ];
    let mut text = String::from("round,participant,stage,dimension,value\n");
    for i in 0..n {
        let stage = stages[i % stages.len()];
        let person = i / stages.len();
        let _ = writeln!(text, "1,Expert {person:03},{stage},maturity,3");
    }
    let path = dir.join(format!("ratings-{n}.csv"));
    std::fs::write(&path, text).expect("write");
    path
}

#[test]
fn import_reports_success_exactly_when_the_ratings_are_on_disk() {
    // A few rows go to the journal; 540 (over the 500 of one journal
    // record) straight to the file, which fails with the rewrite.
    for (rows, want) in [
        (2, [Saved, InJournal, Saved, Failed, Failed]),
        (540, [Saved, Failed, Saved, Failed, Failed]),
    ] {
        let mut got = Vec::new();
        for fault in FAULTS {
            let (dir, inputs) = (tempdir(), tempdir());
            let path = session(dir.path());
            let file = tidy_file(inputs.path(), rows);
            let changed = || load(&path).rating_count() == rows;
            let (o, r) = outcome(
                dir.path(),
                Some(&path),
                &["import", "s", s(&file)],
                fault,
                &changed,
            );
            if o == Failed {
                assert!(
                    r.stderr.ends_with("; nothing was imported\n"),
                    "{}",
                    r.stderr
                );
            } else {
                assert!(
                    r.stdout
                        .starts_with(&format!("imported {rows} ratings into ")),
                    "{}",
                    r.stdout
                );
            }
            got.push(o);
        }
        expect(&format!("import of {rows} rows"), &got, want);
    }
}

#[test]
fn import_wide_reports_success_exactly_when_the_ratings_are_on_disk() {
    let mut got = Vec::new();
    for fault in FAULTS {
        let (dir, inputs) = (tempdir(), tempdir());
        let path = session(dir.path());
        let file = inputs.path().join("wide.csv");
        std::fs::write(
            &file,
            "participant,use:maturity,reuse:maturity\nAnn,4,2\nCy,3,\n",
        )
        .expect("write");
        let changed = || load(&path).rating_count() == 3;
        let (o, r) = outcome(
            dir.path(),
            Some(&path),
            &["import", "s", s(&file), "--wide"],
            fault,
            &changed,
        );
        if o == Failed {
            assert!(
                r.stderr.ends_with("; nothing was imported\n"),
                "{}",
                r.stderr
            );
        } else {
            assert!(
                r.stdout.starts_with("imported 3 ratings into "),
                "{}",
                r.stdout
            );
        }
        got.push(o);
    }
    expect(
        "import --wide",
        &got,
        [Saved, InJournal, Saved, Failed, Failed],
    );
}

#[test]
fn new_prints_a_path_exactly_when_the_session_file_is_there() {
    let mut got = Vec::new();
    for fault in FAULTS {
        let dir = tempdir();
        let sessions = dir.path().join("sessions");
        std::fs::create_dir(&sessions).expect("mkdir");
        let changed = || {
            snapshot(&sessions)
                .keys()
                .any(|n| Path::new(n).extension().is_some_and(|e| e == "ron"))
        };
        let (o, r) = outcome(&sessions, None, &["new", "Full disk"], fault, &changed);
        if o == Saved {
            let printed = crate::support::cli::printed_path(r.stdout.trim_end());
            assert_eq!(load(&printed).title, "Full disk");
        }
        got.push(o);
    }
    // A new session is one whole file: no journal to fall back on.
    expect("new", &got, [Saved, Failed, Saved, Failed, Failed]);
}

#[test]
fn export_to_a_file_succeeds_exactly_when_the_file_is_written() {
    let mut got = Vec::new();
    for fault in FAULTS {
        let dir = tempdir();
        let path = session(dir.path());
        let file = dir.path().join("ratings.csv");
        let changed = || file.exists();
        let (o, _) = outcome(
            dir.path(),
            None,
            &["export", s(&path), "--format", "csv", "-o", s(&file)],
            fault,
            &changed,
        );
        got.push(o);
    }
    expect("export -o", &got, [Saved, Failed, Saved, Failed, Failed]);
}
