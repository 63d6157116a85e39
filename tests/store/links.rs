//! No write of the store goes through a symbolic link, even one swapped in
//! between a check and an open: the journal, the lock file and the
//! temporary file of a save are opened with `O_NOFOLLOW` (and the temporary
//! file exclusively), so a link planted at their names, however late, is
//! refused by the open itself. Unix only (links need no privilege there).
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use loopshop::domain::{Change, EnteredBy, Score, Session};
use loopshop::store::{self, OpenSession, Store, side_path};
use loopshop::synthetic;

/// How long the links are swapped in and out.
const SWAPPING: Duration = Duration::from_secs(5);

fn rating(s: &Session, n: usize, when: DateTime<Utc>) -> Change {
    let stages = &s.template.stages;
    let people = &s.participants;
    Change::SetRating {
        participant: people[n % people.len()].id.clone(),
        round: 1,
        stage: stages[(n / people.len()) % stages.len()].id.clone(),
        dimension: "maturity".to_owned(),
        score: Score::Value(u8::try_from(n % 5).expect("small") + 1),
        comment: None,
        at: when,
        entered_by: EnteredBy::Facilitator,
    }
}

/// Swaps a link to `outside/<side>` in and out at each side file of
/// `session` until `stop`; returns the outside files it found, if any
/// appeared (it then stops at once).
fn swap_links(session: &Path, outside: &Path, stop: &AtomicBool) -> Vec<PathBuf> {
    let sides: Vec<(PathBuf, PathBuf)> = ["journal", "lock", "tmp"]
        .iter()
        .map(|ext| (side_path(session, ext), outside.join(ext)))
        .collect();
    let deadline = Instant::now() + SWAPPING;
    while !stop.load(Ordering::Relaxed) && Instant::now() < deadline {
        for (link, target) in &sides {
            // Only where nothing is: the store's own files are left alone.
            if std::os::unix::fs::symlink(target, link).is_ok() {
                for _ in 0..200 {
                    std::hint::spin_loop();
                }
                if std::fs::symlink_metadata(link).is_ok_and(|m| m.file_type().is_symlink()) {
                    let _ = std::fs::remove_file(link);
                }
            }
        }
        let made: Vec<PathBuf> = sides
            .iter()
            .map(|(_, target)| target.clone())
            .filter(|t| std::fs::symlink_metadata(t).is_ok())
            .collect();
        if !made.is_empty() {
            return made;
        }
    }
    Vec::new()
}

#[test]
fn a_link_swapped_in_and_out_for_five_seconds_makes_nothing_outside_the_folder() {
    let dir = tempfile::tempdir().expect("tempdir");
    let outside = tempfile::tempdir().expect("tempdir");
    let path = Store::new(dir.path())
        .create(&synthetic::synthetic_session("Links", 4, 7))
        .expect("create");
    let stop = Arc::new(AtomicBool::new(false));
    let swapper = {
        let (path, outside, stop) = (path.clone(), outside.path().to_owned(), Arc::clone(&stop));
        std::thread::spawn(move || swap_links(&path, &outside, &stop))
    };
    // Opens (the lock), commits (the journal) and closes (the temporary
    // file of the fold) as fast as it can while the links come and go; a
    // refused open or write is fine, a write outside the folder is not.
    let (saved, refused) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let deadline = Instant::now() + SWAPPING;
    let mut n = 0;
    while Instant::now() < deadline && !swapper.is_finished() {
        let Ok(mut open) = OpenSession::open(&path) else {
            refused.fetch_add(1, Ordering::Relaxed);
            continue;
        };
        let base = open.session().clone();
        for _ in 0..5 {
            n += 1;
            let when = base.created + chrono::Duration::seconds(i64::try_from(n).expect("small"));
            match open.commit(rating(&base, n, when), when) {
                Ok(_) => saved.fetch_add(1, Ordering::Relaxed),
                Err(_) => refused.fetch_add(1, Ordering::Relaxed),
            };
        }
        if open.close().is_err() {
            refused.fetch_add(1, Ordering::Relaxed);
        }
    }
    stop.store(true, Ordering::Relaxed);
    let made = swapper.join().expect("the swapping thread");
    assert_eq!(made, Vec::<PathBuf>::new(), "files made through a link");
    let outside_now: Vec<_> = std::fs::read_dir(outside.path())
        .expect("read")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    assert!(outside_now.is_empty(), "{outside_now:?}");
    let (saved, refused) = (saved.into_inner(), refused.into_inner());
    // The store really wrote meanwhile, and the links really got in its way.
    assert!(
        saved > 100,
        "only {saved} commits saved ({refused} refused)"
    );
    assert!(refused > 0, "no link was ever met ({saved} saved)");
    // Links gone, the session opens, saves and reads back as written.
    for ext in ["journal", "lock", "tmp"] {
        let side = side_path(&path, ext);
        if std::fs::symlink_metadata(&side).is_ok_and(|m| m.file_type().is_symlink()) {
            std::fs::remove_file(&side).expect("remove link");
        }
    }
    let mut open = OpenSession::open(&path).expect("open");
    let base = open.session().clone();
    open.commit(rating(&base, 0, base.updated), base.updated)
        .expect("saved");
    let in_memory = open.session().clone();
    open.close().expect("close");
    assert_eq!(store::load(&path).expect("load"), in_memory);
}
