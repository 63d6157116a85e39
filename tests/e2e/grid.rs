//! End to end: the facilitator typing into grids that phones fill too, and
//! the agenda's clock, in the real binary in a pseudo-terminal.

use std::path::{Path, PathBuf};

use crate::support::pty::{ENTER, Tui, run_at_maturity_grid};
use loopshop::domain::{EnteredBy, Score};
use loopshop::engine::{Actor, Engine, Intent};
use loopshop::store::{self, Store};
use loopshop::synthetic::synthetic_session;

const STAGES: [&str; 9] = [
    "exploration",
    "mining",
    "processing",
    "production",
    "design",
    "use",
    "collection",
    "reuse",
    "recycling",
];

/// `participants` experts with nothing rated, at the briefing.
fn session(dir: &Path, participants: usize) -> PathBuf {
    let mut s = synthetic_session("Grid", participants, 5);
    s.ratings.clear();
    s.exercise_log.clear();
    Store::new(dir).create(&s).expect("create")
}

/// Rates `cells` ((participant index, stage index), value) of `dimension`
/// as `actor` would, the device's own (a participant) or the facilitator.
fn rate_as(
    path: &Path,
    exercise: usize,
    dimension: &str,
    cells: &[(usize, usize, u8)],
    device: bool,
) {
    let mut e = Engine::open(path).expect("open");
    let at = chrono::Utc::now();
    e.apply(&Actor::Facilitator, Intent::GoToExercise(exercise), at)
        .expect("exercise");
    for &(p, st, v) in cells {
        let participant = format!("p{:02}", p + 1);
        let actor = if device {
            Actor::Participant(participant.clone())
        } else {
            Actor::Facilitator
        };
        let rate = Intent::Rate {
            participant,
            stage: STAGES[st].to_owned(),
            dimension: dimension.to_owned(),
            score: Score::Value(v),
            comment: None,
        };
        e.apply(&actor, rate, at).expect("rate");
    }
    e.apply(&Actor::Facilitator, Intent::GoToExercise(0), at)
        .expect("back to the briefing");
    e.close().expect("close");
}

#[test]
fn typing_a_whole_grid_skips_the_cells_phones_answered() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session(dir.path(), 17);
    // 17 answers from phones: Expert 05's whole row and 8 scattered cells.
    let mut phones: Vec<(usize, usize, u8)> = (0..9).map(|st| (4, st, 1)).collect();
    phones.extend((0..8).map(|i| (6 + i, (i * 2) % 9, 1)));
    rate_as(&path, 2, "maturity", &phones, true);
    let mut t = run_at_maturity_grid(dir.path(), &path, &[]);
    // 153 digits, one per cell of the grid, as a facilitator calling them out.
    t.send(&"4".repeat(153));
    t.wait_for("the grid is complete up to its last cell (0 still empty)");
    t.send("q");
    assert!(t.wait_exit().success());
    let s = store::load(&path).expect("load");
    for p in 0..17 {
        for (st, stage) in STAGES.iter().enumerate() {
            let id = format!("p{:02}", p + 1);
            let e = s
                .rating(&id, 1, stage, "maturity")
                .expect("every cell is rated");
            if phones.iter().any(|&(pp, ss, _)| pp == p && ss == st) {
                assert_eq!(
                    e.score,
                    Score::Value(1),
                    "{id} {stage}: the phone's answer stays"
                );
                assert_eq!(e.entered_by, EnteredBy::Device);
            } else {
                assert_eq!(e.score, Score::Value(4), "{id} {stage}");
                assert_eq!(e.entered_by, EnteredBy::Facilitator);
            }
        }
    }
}

#[test]
fn enter_overwrites_a_phones_answer_and_backspace_puts_it_back() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session(dir.path(), 3);
    rate_as(&path, 2, "maturity", &[(0, 0, 2)], true);
    let mut t = run_at_maturity_grid(dir.path(), &path, &[]);
    t.send("\x1b[H"); // Home: Expert 01 × Exploration, from the phone
    t.send(ENTER);
    t.wait_for("answered on their phone — the next score replaces it");
    t.send("5");
    t.wait_for("Expert 01 × Exploration: 5");
    t.send("\x7f"); // Backspace right after: the phone's 2 comes back
    t.wait_for("Expert 01 × Exploration: back to 2");
    t.send("q");
    assert!(t.wait_exit().success());
    let s = store::load(&path).expect("load");
    let e = s
        .rating("p01", 1, "exploration", "maturity")
        .expect("rated");
    assert_eq!(
        (e.score, e.entered_by),
        (Score::Value(2), EnteredBy::Device)
    );
}

/// `e N`: the exercise jump, then Enter on its line.
fn jump_to(t: &mut Tui, exercise: usize) {
    t.send("e");
    t.wait_for("Jump to exercise");
    t.send(&(exercise + 1).to_string());
}

#[test]
fn an_exercise_opens_at_its_first_incomplete_dimension() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session(dir.path(), 2);
    // Circularity and carbon footprint (exercise 5): its first dimension is
    // complete, the second is not.
    let all: Vec<(usize, usize, u8)> = (0..2)
        .flat_map(|p| (0..9).map(move |st| (p, st, 3)))
        .collect();
    rate_as(&path, 4, "circularity_impact", &all, false);
    let mut t = run_at_maturity_grid(dir.path(), &path, &[]);
    jump_to(&mut t, 4);
    t.wait_for(">> DIMENSION 2 OF 3: CARBON FOOTPRINT <<");
    // The title settles after two seconds.
    t.wait_for("Rating: Carbon footprint (2 of 3, Tab next)");
    // Work in the third, leave, come back with e 5: the second again.
    t.send("\t");
    t.wait_for("DIMENSION 3 OF 3");
    jump_to(&mut t, 2);
    t.wait_for("Technological maturity");
    jump_to(&mut t, 4);
    t.wait_for(">> DIMENSION 2 OF 3");
    t.send("q");
    assert!(t.wait_exit().success());
}

#[test]
fn an_extension_shows_in_the_header_the_agenda_and_its_total() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session(dir.path(), 2);
    let mut t = run_at_maturity_grid(dir.path(), &path, &[]);
    t.wait_for("Agenda · 180 min");
    t.send("+");
    t.wait_for("left of 35 min");
    t.wait_for("Agenda · 185 min");
    let screen = t.screen();
    assert!(screen.contains("rating · 00:0"), "{screen}");
    assert!(screen.contains("of 35 min"), "the agenda's line: {screen}");
    t.send("q");
    assert!(t.wait_exit().success());
}

/// `join http://HOST:PORT/` as shown in the header.
fn join_address(screen: &str) -> Option<String> {
    let at = screen.find("join http://")?;
    screen[at + 5..]
        .split_whitespace()
        .next()
        .map(str::to_owned)
}

#[test]
fn after_a_kill_the_phones_server_starts_again_where_it_was_and_the_header_says_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = session(dir.path(), 3);
    let mut t = crate::support::pty::Tui::spawn(
        dir.path(),
        &["run", path.to_str().expect("utf8"), "--port", "0"],
    );
    t.wait_for("Exercise 1 of 6");
    t.send("S");
    t.wait_for("join http://127.0.0.1:");
    let address = join_address(&t.screen()).expect("the join address");
    t.wait_for("✓ saved");
    t.signal("-KILL");
    assert!(!t.wait_exit().success());
    let left = store::load(&path).expect("load after SIGKILL");
    assert!(
        left.access.server.is_some(),
        "the session knows the server ran"
    );

    // Reopened without --bind or --port: the server is back where it was.
    let mut t = crate::support::pty::Tui::spawn(dir.path(), &["run", path.to_str().expect("utf8")]);
    t.wait_for("recovered after an unexpected stop at");
    t.wait_for(&format!("join {address}"));
    let screen = t.screen();
    assert!(screen.contains("0 answers lost"), "{screen}");
    // A phone reaches it at the old address.
    let host = address.trim_start_matches("http://").trim_end_matches('/');
    let reply = crate::support::server::request(host, "GET", "/", &[], "");
    assert_eq!(reply.status, 200, "{}", reply.body);
    // A clean exit stops it on purpose: the next opening does not restart it.
    t.send("q");
    assert!(t.wait_exit().success());
    let clean = store::load(&path).expect("load");
    assert_eq!(clean.access.server, None);
}
