//! `loopshop run` with the final rewrite failing (the store's fault seam,
//! `LOOPSHOP_TEST_FAULT`, read by debug builds; `tests/cli/honest.rs` has
//! the other writing commands): quitting succeeds exactly when every change
//! is on disk, says in one line when the session file could not be
//! compacted, and a quit that reports failure has changed nothing.

use crate::support::pty::{fresh_session, run_at_maturity_grid_env};
use loopshop::domain::Score;
use loopshop::store::{self, FAULT_FOR_TESTS, side_path};

/// The end of what the program wrote: its last screen and what it printed
/// after leaving it.
fn tail(raw: &str) -> String {
    let chars: Vec<char> = raw.chars().collect();
    chars[chars.len().saturating_sub(300)..].iter().collect()
}

fn exploration(path: &std::path::Path) -> Option<Score> {
    store::load(path)
        .expect("load")
        .rating("p01", 1, "exploration", "maturity")
        .map(loopshop::domain::RatingEntry::score)
}

#[test]
fn quitting_with_the_fold_failing_succeeds_with_a_note_and_loses_nothing() {
    let (dir, path) = fresh_session("Full disk");
    let before = std::fs::read(&path).expect("read");
    let mut t = run_at_maturity_grid_env(dir.path(), &path, &[], &[(FAULT_FOR_TESTS, "rewrite")]);
    t.send("3");
    t.wait_for("Ana × Exploration: 3");
    t.wait_for("✓ saved");
    t.send("q");
    let status = t.wait_exit();
    let raw = t.raw_text();
    assert!(status.success(), "{}", tail(&raw));
    assert!(
        raw.contains(
            "loopshop: note: saved in the session's journal, but the session file could not be \
             compacted ("
        ) && raw.contains("no space left on device (LOOPSHOP_TEST_FAULT=rewrite)); the journal"),
        "{}",
        tail(&raw)
    );
    // In the journal, not in the file; the next open folds it in.
    assert_eq!(exploration(&path), Some(Score::Value(3)));
    assert_eq!(std::fs::read(&path).expect("read"), before);
    assert!(side_path(&path, "journal").exists());
}

#[test]
fn quitting_with_changes_that_could_not_be_saved_fails_and_changes_nothing() {
    let (dir, path) = fresh_session("Full disk");
    let before = std::fs::read(&path).expect("read");
    let mut t = run_at_maturity_grid_env(
        dir.path(),
        &path,
        &[],
        &[(FAULT_FOR_TESTS, "journal,rewrite")],
    );
    t.send("3");
    t.wait_for("Ana × Exploration: 3");
    t.wait_for("UNSAVED");
    // The first q warns; the second quits anyway.
    t.send("q");
    t.send("q");
    let status = t.wait_exit();
    let raw = t.raw_text();
    assert!(!status.success(), "{}", tail(&raw));
    assert!(
        raw.contains("loopshop: the last changes could not be saved: "),
        "{}",
        tail(&raw)
    );
    assert_eq!(exploration(&path), None);
    assert_eq!(std::fs::read(&path).expect("read"), before);
    assert!(!side_path(&path, "journal").exists());
}
