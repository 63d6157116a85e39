//! End-to-end, the real binary in a pseudo-terminal: the facilitation
//! defects of a three-hour Delphi workshop, each reproduced as it bit.

use std::path::{Path, PathBuf};

use crate::support::pty::{Tui, fresh_session, run_at_maturity_grid};
use loopshop::domain::{Score, Session};
use loopshop::store;
use tempfile::TempDir;

const ENTER: &str = "\r";
const TAB: &str = "\t";

fn score(s: &Session, p: &str, stage: &str, dim: &str) -> Option<Score> {
    s.rating(p, 1, stage, dim)
        .map(loopshop::domain::RatingEntry::score)
}

#[test]
fn a_full_grid_then_the_next_grid_typed_lands_in_the_first_cells() {
    let (dir, path) = fresh_session("Delphi day");
    let mut t = run_at_maturity_grid(dir.path(), &path, &[]);
    // 3 participants x 9 stages, called out and typed.
    for _ in 0..27 {
        t.send("3");
    }
    t.wait_for("the grid is complete");
    // One digit too many is refused: the last cell keeps its score.
    t.send("4");
    t.wait_for("complete up to its last cell");
    // The next rating exercise starts at its first cell, not where the
    // last grid ended.
    t.send("]");
    t.send("]");
    t.wait_for("Rating: Impact on circularity");
    for d in ["1", "2", "3", "4"] {
        t.send(d);
    }
    t.wait_for("Ana × Design: 4");
    // So does the next dimension of the same exercise (Tab).
    t.send(TAB);
    t.wait_for("Rating: Carbon footprint");
    t.send("5");
    t.wait_for("Ana × Exploration: 5");
    t.send("q");
    assert!(t.wait_exit().success());
    let s = store::load(&path).expect("load");
    assert_eq!(
        score(&s, "p03", "recycling", "maturity"),
        Some(Score::Value(3))
    );
    assert_eq!(
        s.ratings.iter().map(|r| r.entries.len()).sum::<usize>(),
        27 + 4 + 1
    );
    for (stage, v) in [
        ("exploration", 1),
        ("mining", 2),
        ("processing", 3),
        ("design", 4),
    ] {
        assert_eq!(
            score(&s, "p01", stage, "circularity_impact"),
            Some(Score::Value(v)),
            "{stage}"
        );
    }
    assert_eq!(
        score(&s, "p01", "exploration", "carbon_footprint"),
        Some(Score::Value(5))
    );
}

#[test]
fn quitting_records_the_clock_stop_and_reopening_resumes_there() {
    let (dir, path) = fresh_session("Delphi day");
    let mut t = run_at_maturity_grid(dir.path(), &path, &[]);
    t.send("q");
    assert!(t.wait_exit().success());
    let s = store::load(&path).expect("load");
    let maturity: Vec<_> = s
        .exercise_log
        .iter()
        .filter(|r| r.exercise == "maturity")
        .collect();
    assert_eq!(maturity.len(), 1, "{:?}", s.exercise_log);
    assert!(
        s.exercise_log.iter().all(|r| r.stopped.is_some()),
        "a clock runs on after the quit: {:?}",
        s.exercise_log
    );
    // Reopened after lunch: the same exercise, its clock running again.
    let mut t = Tui::spawn(dir.path(), &["run", path.to_str().expect("utf8")]);
    t.wait_for("Exercise 3 of 6");
    t.wait_for("left of 30 min");
    t.send("t");
    t.wait_for("clock paused");
    t.wait_for("PAUSED");
    t.send("q");
    assert!(t.wait_exit().success());
    let s = store::load(&path).expect("load");
    let runs = s
        .exercise_log
        .iter()
        .filter(|r| r.exercise == "maturity")
        .count();
    assert_eq!(runs, 2, "{:?}", s.exercise_log);
    assert!(s.exercise_log.iter().all(|r| r.stopped.is_some()));
}

/// The shipped example in a temp sessions folder.
fn example_folder() -> (TempDir, PathBuf, Vec<u8>) {
    let dir = TempDir::new().expect("temp dir");
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example-lib-workshop.ron");
    let bytes = std::fs::read(&shipped).expect("the shipped example");
    let path = dir.path().join("example-lib-workshop.ron");
    std::fs::write(&path, &bytes).expect("copy");
    (dir, path, bytes)
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn opening_and_quitting_the_example_leaves_it_byte_identical() {
    let (dir, path, bytes) = example_folder();
    // From the home screen: Enter offers review or a copy; review it and
    // page through the agenda.
    let mut t = Tui::spawn(dir.path(), &[]);
    t.wait_for("LIB circular value chain workshop");
    t.send(ENTER);
    t.wait_for("shipped example");
    t.send("1");
    t.wait_for("READ-ONLY");
    for _ in 0..5 {
        t.send("]");
    }
    t.wait_for("Exercise 6 of 6");
    t.send("q");
    t.wait_for("LIB circular value chain workshop");
    t.send("\x1b");
    assert!(t.wait_exit().success());
    assert_eq!(std::fs::read(&path).expect("read"), bytes);
    assert_eq!(files_in(dir.path()), ["example-lib-workshop.ron"]);
    // `run` on it refuses, naming the way out, before the screen opens.
    let mut t = Tui::spawn(dir.path(), &["run", "example-lib-workshop"]);
    t.wait_for("loopshop copy example-lib-workshop");
    assert_eq!(t.wait_exit().exit_code(), 1);
    assert_eq!(std::fs::read(&path).expect("read"), bytes);
    assert_eq!(files_in(dir.path()), ["example-lib-workshop.ron"]);
}

#[test]
fn facilitating_the_example_makes_a_copy() {
    let (dir, path, bytes) = example_folder();
    let mut t = Tui::spawn(dir.path(), &[]);
    t.wait_for("LIB circular value chain workshop");
    t.send(ENTER);
    t.wait_for("shipped example");
    t.send("2");
    t.wait_for("facilitating a copy of the example");
    t.send("q");
    t.wait_for("(copy)");
    t.send("\x1b");
    assert!(t.wait_exit().success());
    assert_eq!(std::fs::read(&path).expect("read"), bytes);
    let files = files_in(dir.path());
    let copy = files
        .iter()
        .find(|f| {
            std::path::Path::new(f)
                .extension()
                .is_some_and(|e| e == "ron")
                && f.as_str() != "example-lib-workshop.ron"
        })
        .unwrap_or_else(|| panic!("no copy in {files:?}"));
    let s = store::load(&dir.path().join(copy)).expect("the copy loads");
    assert!(!s.example);
    assert!(s.title.ends_with("(copy)"), "{}", s.title);
    assert_eq!(s.rating_count(), 765);
}
