//! The store's promises with Windows semantics (docs/PLATFORMS.md): a file
//! held open by another program, mandatory locks, drive letters and
//! backslashes. Windows only; `.ci/run` runs these tests under Wine.
#![cfg(windows)]

use std::fs::{File, OpenOptions};
use std::io::Read;
use std::os::windows::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use loopshop::domain::{Change, Score, Session};
use loopshop::store::{self, CommitError, OpenSession, Store, StoreError};
use loopshop::synthetic;

const FILE_SHARE_READ: u32 = 0x1;

fn new_session(dir: &Path) -> PathBuf {
    Store::new(dir)
        .create(&synthetic::example_session())
        .expect("create")
}

fn at(session: &Session, seconds: i64) -> DateTime<Utc> {
    session.created + chrono::Duration::seconds(seconds)
}

fn set(participant: &str, stage: &str, dimension: &str, score: u8, when: DateTime<Utc>) -> Change {
    Change::SetRating {
        participant: participant.to_owned(),
        round: 1,
        stage: stage.to_owned(),
        dimension: dimension.to_owned(),
        score: Score::Value(score),
        comment: None,
        at: when,
        entered_by: loopshop::domain::EnteredBy::Facilitator,
    }
}

/// More changes than fit in one journal record, so the commit saves the
/// whole file (write, flush, rename over the session): every cell of the
/// session, each set to `score`.
fn big_batch(s: &Session, score: u8, when: DateTime<Utc>) -> Vec<Change> {
    let mut out = Vec::new();
    for p in &s.participants {
        for st in &s.template.stages {
            for d in &s.template.dimensions {
                out.push(set(&p.id, &st.id, &d.id, score, when));
            }
        }
    }
    assert!(out.len() > 600, "{}", out.len());
    out
}

fn score_of(s: &Session, participant: &str, stage: &str, dimension: &str) -> Option<Score> {
    s.rating(participant, 1, stage, dimension)
        .map(loopshop::domain::RatingEntry::score)
}

/// Opens the session file as a virus scanner may: reading, and sharing
/// only reading, so that nobody may replace or delete it meanwhile.
fn hold_like_a_scanner(path: &Path) -> File {
    let mut f = OpenOptions::new()
        .read(true)
        .share_mode(FILE_SHARE_READ)
        .open(path)
        .expect("open like a scanner");
    let mut first = [0u8; 16];
    f.read_exact(&mut first).expect("the scanner reads");
    f
}

#[test]
fn a_save_blocked_by_a_scanner_retries_then_reports_and_loses_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = new_session(dir.path());
    let mut open = OpenSession::open(&path).expect("open");
    let base = open.session().clone();
    let scanner = hold_like_a_scanner(&path);
    // No loopshop reader is blocked by it.
    store::load(&path).expect("readable while held");

    // A keystroke goes to the journal, which the scanner does not hold.
    open.commit(
        set("p01", "mining", "maturity", 1, at(&base, 10)),
        at(&base, 10),
    )
    .expect("a journal record is not blocked");
    assert!(open.is_saved());

    // A full save has to replace the file: retried, then reported.
    let started = Instant::now();
    let err = open
        .commit_all(&big_batch(&base, 4, at(&base, 20)), at(&base, 20))
        .expect_err("the file is held: the save cannot succeed");
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(1500),
        "gave up after {waited:?}: no retries"
    );
    let text = err.to_string();
    assert!(matches!(err, CommitError::NotSaved { .. }), "{text}");
    assert!(text.starts_with("not saved: "), "{text}");
    assert!(text.contains(&path.display().to_string()), "{text}");
    assert!(text.contains("another program"), "{text}");
    assert!(!open.is_saved());
    // Kept in memory...
    assert_eq!(
        score_of(open.session(), "p02", "use", "carbon_footprint"),
        Some(Score::Value(4))
    );
    // ...and the file on disk is whole, with the journalled rating, while
    // the scanner still reads it.
    let on_disk = store::load(&path).expect("readable while held");
    assert_eq!(
        score_of(&on_disk, "p01", "mining", "maturity"),
        Some(Score::Value(1))
    );
    assert!(
        !dir.path()
            .read_dir()
            .expect("dir")
            .any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".tmp"))),
        "a temporary file was left behind"
    );

    // The app tries again every quarter second: those tries do not wait
    // again while the file is still held, so the screen stays responsive.
    let started = Instant::now();
    assert!(open.retry().is_err(), "still held");
    assert!(
        started.elapsed() < Duration::from_millis(500),
        "a retry waited {:?}",
        started.elapsed()
    );
    assert!(!open.is_saved());

    // The scanner lets go: the next try saves everything.
    drop(scanner);
    open.retry().expect("saved once the file is free");
    assert!(open.is_saved());
    let on_disk = store::load(&path).expect("load");
    assert_eq!(
        score_of(&on_disk, "p02", "use", "carbon_footprint"),
        Some(Score::Value(4))
    );
    assert_eq!(
        score_of(&on_disk, "p01", "mining", "maturity"),
        Some(Score::Value(4))
    );
    open.close().expect("close");
    assert_eq!(store::load(&path).expect("load"), on_disk);
}

#[test]
fn a_scanner_that_lets_go_soon_only_delays_the_save() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = new_session(dir.path());
    let mut open = OpenSession::open(&path).expect("open");
    let base = open.session().clone();
    let scanner = hold_like_a_scanner(&path);
    let releaser = std::thread::spawn(move || {
        std::thread::sleep(Duration::from_millis(300));
        drop(scanner);
    });
    let started = Instant::now();
    open.commit_all(&big_batch(&base, 2, at(&base, 5)), at(&base, 5))
        .expect("saved on a later try");
    assert!(started.elapsed() >= Duration::from_millis(250));
    releaser.join().expect("releaser");
    assert!(open.is_saved());
    open.close().expect("close");
    let on_disk = store::load(&path).expect("load");
    assert_eq!(
        score_of(&on_disk, "p03", "design", "maturity"),
        Some(Score::Value(2))
    );
}

#[test]
fn loopshop_readers_never_make_a_save_fail() {
    // `review`, `show` and the home screen read a session whole and close
    // it, with std's sharing (read, write and delete). Windows 10 then
    // replaces the file under an open reader (std's rename falls back to
    // POSIX semantics); where it cannot (Wine, FAT32 sticks, older
    // Windows) the rename is retried until no read is under way.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = new_session(dir.path());
    let mut open = OpenSession::open(&path).expect("open");
    let base = open.session().clone();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let readers: Vec<_> = (0..2)
        .map(|_| {
            let (path, stop) = (path.clone(), std::sync::Arc::clone(&stop));
            std::thread::spawn(move || {
                let mut reads = 0;
                while !stop.load(std::sync::atomic::Ordering::SeqCst) {
                    if let Err(e) = store::load(&path) {
                        return Err(format!("read {reads}: {e}"));
                    }
                    reads += 1;
                    // The home screen reads again on a timer, not in a loop.
                    std::thread::sleep(Duration::from_millis(10));
                }
                Ok(reads)
            })
        })
        .collect();
    for round in 0..8u8 {
        let when = at(&base, 100 + i64::from(round));
        open.commit_all(&big_batch(&base, 1 + round % 5, when), when)
            .map_err(|e| e.to_string())
            .expect("a reader does not make the save fail");
        open.commit(set("p01", "mining", "maturity", 5 - round % 5, when), when)
            .map_err(|e| e.to_string())
            .expect("journal record");
    }
    stop.store(true, std::sync::atomic::Ordering::SeqCst);
    for reader in readers {
        let reads = reader
            .join()
            .expect("reader thread")
            .expect("every read succeeds");
        assert!(reads > 0);
    }
    open.close().expect("close");
    let on_disk = store::load(&path).expect("load");
    assert_eq!(
        score_of(&on_disk, "p02", "use", "carbon_footprint"),
        Some(Score::Value(3))
    );
    assert_eq!(
        score_of(&on_disk, "p01", "mining", "maturity"),
        Some(Score::Value(3))
    );
}

#[test]
fn the_lock_is_mandatory_but_never_blocks_a_reader_of_the_session() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = new_session(dir.path());
    let lock_path = PathBuf::from(format!("{}.lock", path.display()));
    let mut open = OpenSession::open(&path).expect("open");
    let base = open.session().clone();
    open.commit(
        set("p05", "reuse", "maturity", 1, at(&base, 3)),
        at(&base, 3),
    )
    .expect("commit");

    // Windows locks (`LockFileEx`) are mandatory: no other handle may read
    // or write the locked bytes of the lock file (Wine does not enforce
    // that, so it is not asserted here). A second writer is refused...
    match OpenSession::open(&path) {
        Err(StoreError::Locked { .. }) => {}
        other => panic!("expected Locked, got {other:?}"),
    }
    // ...but the session file and its journal are not locked: they read,
    // here and through the binary (`show`, as `review` and the home screen
    // read it).
    let read = store::load(&path).expect("readable while open for writing");
    assert_eq!(
        score_of(&read, "p05", "reuse", "maturity"),
        Some(Score::Value(1))
    );
    let shown = Command::new(env!("CARGO_BIN_EXE_loopshop"))
        .arg("show")
        .arg(&path)
        .output()
        .expect("run loopshop show");
    assert_eq!(
        shown.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&shown.stderr)
    );

    // The lock file goes with the lock (it is delete-on-close).
    open.close().expect("close");
    assert!(!lock_path.exists(), "{} left behind", lock_path.display());
    OpenSession::open(&path)
        .expect("free again")
        .close()
        .expect("close");
}

#[test]
fn drive_letters_and_backslashes_in_paths_messages_and_list() {
    let dir = tempfile::tempdir().expect("tempdir");
    let shown_dir = dir.path().display().to_string();
    assert!(
        shown_dir.as_bytes().get(1) == Some(&b':') && shown_dir.contains('\\'),
        "not a Windows path: {shown_dir}"
    );
    let path = new_session(dir.path());
    let store = Store::new(dir.path());
    let slug = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .expect("stem");
    // A slug, the path as Windows writes it, and with forward slashes.
    let forward = path.display().to_string().replace('\\', "/");
    for arg in [slug.clone(), path.display().to_string(), forward] {
        let found = store.resolve(&arg).expect("resolves");
        assert!(found.is_file(), "{arg} -> {}", found.display());
    }
    let listed = store.list().expect("list");
    assert_eq!(listed.len(), 1);
    let summary = listed[0].as_ref().expect("loads");
    assert_eq!(summary.path, path);
    assert_eq!(summary.slug, slug);

    // Messages name files as Windows does.
    std::fs::write(dir.path().join("broken.ron"), "(title: oops\r\n").expect("write");
    let out = Command::new(env!("CARGO_BIN_EXE_loopshop"))
        .arg("--dir")
        .arg(dir.path())
        .arg("list")
        .output()
        .expect("run loopshop list");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains(&path.display().to_string()), "{stdout}");
    let broken = dir.path().join("broken.ron");
    assert!(
        stdout.contains(&format!("unreadable: {}:1:", broken.display())),
        "{stdout}"
    );
    let out = Command::new(env!("CARGO_BIN_EXE_loopshop"))
        .arg("--dir")
        .arg(dir.path())
        .args(["show", "no-such-session"])
        .output()
        .expect("run loopshop show");
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim_end(),
        "loopshop: no-such-session: no such session (give a path to a .ron file or a slug in the sessions folder)"
    );
}
