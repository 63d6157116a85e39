//! End-to-end: the real binary in a pseudo-terminal, read back through a
//! vt100 screen. Sessions are made with the library in a temp folder.

use std::time::Duration;

use crate::support::pty::{Tui, fresh_session, run_at_maturity_grid, run_at_maturity_grid_env};
use loopshop::domain::{Score, Session, default_template};
use loopshop::store::{self, Store};
use loopshop::synthetic::epoch;

const DOWN: &str = "\x1b[B";
const ENTER: &str = "\r";

fn maturity(s: &Session, p: &str, stage: &str) -> Option<Score> {
    s.rating(p, 1, stage, "maturity")
        .map(loopshop::domain::RatingEntry::score)
}

#[test]
fn facilitate_ratings_idea_flow_note_then_quit() {
    let (dir, path) = fresh_session("E2E workshop");
    let mut t = run_at_maturity_grid(dir.path(), &path, &[]);
    t.wait_for("saved");
    t.send("3");
    t.send("4");
    t.send("x");
    t.wait_for("Ana × Processing: don't know");
    // An idea in the next exercise.
    t.send("]");
    t.wait_for("Voter: Ana");
    t.send("i");
    t.wait_for("New idea for Exploration");
    t.send("Drone survey twin");
    t.send(ENTER);
    t.wait_for("Technologies");
    t.send(" ");
    t.send(ENTER);
    t.wait_for("Author");
    t.send(ENTER);
    t.wait_for("idea #1 added");
    // A flow: Exploration -> Mining, forward, low, Li.
    t.send("e");
    t.wait_for("Jump to exercise");
    t.send("2");
    t.wait_for("Material flow map");
    t.send("i");
    t.wait_for("Flow from");
    t.send(DOWN);
    t.send(ENTER);
    t.wait_for("Flow to");
    // Targets are stages and sinks, but never the origin: Mining comes first.
    let targets = t.screen();
    assert!(targets.contains("▶1 Mining"), "{targets}");
    t.send(ENTER);
    t.wait_for("Kind of flow");
    // Into a stage, a loss is not offered.
    let kinds = t.screen();
    assert!(
        kinds.contains("▶1 F forward") && !kinds.contains("6 L loss"),
        "{kinds}"
    );
    t.send(ENTER);
    t.wait_for("Strength today");
    t.send(ENTER);
    t.wait_for("Materials");
    t.send("Li");
    t.send(ENTER);
    t.wait_for("Note on this flow");
    t.send(ENTER);
    t.wait_for("flow 1 added");
    t.send("n");
    t.wait_for("Note for this exercise");
    t.send("pairs finished early");
    t.send(ENTER);
    t.wait_for("note saved");
    t.send("q");
    let status = t.wait_exit();
    assert!(status.success(), "exit {status:?}");
    assert!(
        !t.parser.lock().expect("parser").screen().alternate_screen(),
        "terminal restored"
    );

    let s = store::load(&path).expect("load");
    assert_eq!(maturity(&s, "p01", "exploration"), Some(Score::Value(3)));
    assert_eq!(maturity(&s, "p01", "mining"), Some(Score::Value(4)));
    assert_eq!(maturity(&s, "p01", "processing"), Some(Score::DontKnow));
    assert_eq!(s.rating_count(), 3);
    let idea = s.ideas.first().expect("idea");
    assert_eq!(idea.text, "Drone survey twin");
    assert_eq!(idea.technologies, vec!["digital_twin"]);
    assert_eq!(idea.author.as_deref(), Some("p01"));
    let flow = s.flows.first().expect("flow");
    assert_eq!(
        (flow.from.as_str(), flow.to.as_str()),
        ("exploration", "mining")
    );
    assert_eq!(flow.materials, vec!["Li"]);
    let note = s.notes.first().expect("note");
    assert_eq!(note.text, "pairs finished early");
    assert_eq!(note.exercise.as_deref(), Some("material-flow"));
    // Exercise timings went through StartExercise/StopExercise.
    assert!(
        s.exercise_log
            .iter()
            .any(|r| r.exercise == "maturity" && r.stopped.is_some())
    );
}

#[test]
fn rating_survives_sigkill_once_saved() {
    let (dir, path) = fresh_session("E2E workshop");
    let mut t = run_at_maturity_grid(dir.path(), &path, &[]);
    t.send("5");
    t.wait_for("Ana × Exploration: 5");
    t.wait_for("✓ saved");
    t.signal("-KILL");
    let status = t.wait_exit();
    assert!(!status.success());
    let s = store::load(&path).expect("load after SIGKILL");
    assert_eq!(maturity(&s, "p01", "exploration"), Some(Score::Value(5)));
}

#[test]
fn sigterm_flushes_restores_and_exits() {
    // SIGTERM; SIGHUP (the terminal window closed); SIGINT (`kill -INT`:
    // in the screens Ctrl-C is a key); SIGQUIT.
    for sig in ["-TERM", "-HUP", "-INT", "-QUIT"] {
        let (dir, path) = fresh_session("E2E workshop");
        let mut t = run_at_maturity_grid(dir.path(), &path, &[]);
        t.send("2");
        t.wait_for("Ana × Exploration: 2");
        t.signal(sig);
        let status = t.wait_exit();
        assert!(status.success(), "{sig}: exit {status:?}");
        assert!(
            !t.parser.lock().expect("parser").screen().alternate_screen(),
            "{sig}: terminal not restored"
        );
        let s = store::load(&path).expect("load");
        assert_eq!(
            maturity(&s, "p01", "exploration"),
            Some(Score::Value(2)),
            "{sig}"
        );
        // Folded into the file: no journal left.
        assert!(
            !std::path::PathBuf::from(format!("{}.journal", path.display())).exists(),
            "{sig}: the journal was not folded in"
        );
    }
}

#[test]
fn second_run_of_an_open_session_is_refused() {
    let (dir, path) = fresh_session("E2E workshop");
    let arg = path.to_str().expect("utf8");
    let first = Tui::spawn(dir.path(), &["run", arg]);
    first.wait_for("saved");
    let mut second = Tui::spawn(dir.path(), &["run", arg]);
    let status = second.wait_exit();
    // Give the reader a moment to collect the last bytes.
    std::thread::sleep(Duration::from_millis(200));
    assert!(!status.success());
    let out = second.raw_text();
    assert!(
        out.contains("open in another loopshop process"),
        "output: {out:?}"
    );
    // Review takes no lock: it opens while the session is being run.
    let mut review = Tui::spawn(dir.path(), &["review", arg]);
    review.wait_for("READ-ONLY review");
    review.send("q");
    assert!(review.wait_exit().success());
    // The first is unharmed.
    first.wait_for("saved");
}

#[test]
fn run_without_a_terminal_exits_1_with_one_line() {
    let (dir, path) = fresh_session("E2E workshop");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_loopshop"))
        .args(["run", path.to_str().expect("utf8")])
        .env("LOOPSHOP_DIR", dir.path())
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("loopshop: "), "{err}");
    assert!(err.contains("terminal"), "{err}");
    assert!(out.stdout.is_empty(), "nothing drawn: {:?}", out.stdout);
    // The session was not touched.
    let s = store::load(&path).expect("load");
    assert!(s.exercise_log.is_empty());
}

#[test]
fn review_is_read_only_in_the_terminal() {
    let (dir, path) = fresh_session("E2E workshop");
    let before = std::fs::read(&path).expect("read");
    let mut t = Tui::spawn(dir.path(), &["review", path.to_str().expect("utf8")]);
    t.wait_for("READ-ONLY review");
    t.send("e");
    t.wait_for("Jump to exercise");
    t.send("3");
    t.wait_for("Rating: Technological maturity");
    t.send("4");
    t.wait_for("read-only: this session is open for review");
    t.send("q");
    let status = t.wait_exit();
    assert!(status.success());
    assert_eq!(
        std::fs::read(&path).expect("read"),
        before,
        "nothing written"
    );
}

#[test]
fn home_screen_lists_filters_and_opens() {
    let (dir, _path) = fresh_session("E2E workshop");
    let mut other = Session::new("Recycling deep dive", "", default_template(), epoch());
    other.created = epoch() + chrono::Duration::days(2);
    Store::new(dir.path()).create(&other).expect("create");
    let mut t = Tui::spawn(dir.path(), &[]);
    t.wait_for("E2E workshop");
    t.wait_for("Recycling deep dive");
    t.send("/E2E");
    t.wait_for("Filter: E2E");
    t.send(ENTER);
    t.wait_for("Filter: E2E (Esc clears it)");
    t.send(ENTER);
    t.wait_for("Exercise 1 of 6");
    t.send("q");
    t.wait_for("Filter:");
    t.send("\x11"); // Ctrl-q
    let status = t.wait_exit();
    assert!(status.success());
}

#[test]
fn q_quits_the_home_screen() {
    let (dir, path) = fresh_session("E2E workshop");
    let before = std::fs::read(&path).expect("read");
    let mut t = Tui::spawn(dir.path(), &[]);
    t.wait_for("E2E workshop");
    t.wait_for("q quit");
    t.send("q");
    let status = t.wait_exit();
    assert!(status.success());
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn no_color_sends_no_colour_codes() {
    let (dir, path) = fresh_session("E2E workshop");
    let arg = path.to_str().expect("utf8");
    let has_colour = |raw: &str| {
        // SGR foreground/background colours: 30-37, 40-47, 90-97, 100-107, 38;/48;
        let mut found = false;
        for part in raw.split("\x1b[").skip(1) {
            // Only SGR sequences: digits and ';' up to the 'm'.
            let end = part
                .find(|c: char| !(c.is_ascii_digit() || c == ';'))
                .unwrap_or(part.len());
            if !part[end..].starts_with('m') {
                continue;
            }
            for p in part[..end].split(';') {
                if let Ok(n) = p.parse::<u32>()
                    && matches!(n, 30..=37 | 40..=47 | 90..=97 | 100..=107 | 38 | 48)
                {
                    found = true;
                }
            }
        }
        found
    };
    let mut plain = Tui::spawn_env(dir.path(), &["run", arg], &[("NO_COLOR", "1")]);
    plain.wait_for("saved");
    plain.send("q");
    assert!(plain.wait_exit().success());
    assert!(
        !has_colour(&plain.raw_text()),
        "colour codes under NO_COLOR"
    );
    let mut coloured = Tui::spawn(dir.path(), &["run", arg]);
    coloured.wait_for("saved");
    coloured.send("q");
    assert!(coloured.wait_exit().success());
    assert!(has_colour(&coloured.raw_text()), "the check can see colour");
}

/// Every element's text of an XML document, or the parse error.
fn xml_texts(text: &str) -> Result<Vec<String>, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(text);
    let mut texts = Vec::new();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
            Event::Eof => break,
            Event::Text(t) => texts.push(t.decode().map_err(|e| e.to_string())?.into_owned()),
            _ => {}
        }
    }
    Ok(texts)
}

#[test]
fn export_key_writes_every_format_while_the_session_goes_on() {
    let (dir, path) = fresh_session("E2E workshop");
    let mut t = run_at_maturity_grid(dir.path(), &path, &[]);
    t.send("3");
    t.send("4");
    t.wait_for("Ana × Mining: 4");
    t.send("E");
    t.wait_for("exported");
    let screen = t.screen();
    let exports = dir.path().join("exports");
    // Every format but the flow figure (SVG and PNG): the session has no
    // flows.
    let n = loopshop::export::Format::ALL.len() - 2;
    assert!(
        screen.contains(&format!("exported {n} files and the data package")),
        "{screen}"
    );
    let stem = path
        .file_stem()
        .expect("stem")
        .to_string_lossy()
        .into_owned();
    assert!(!exports.join(format!("{stem}.flow.svg")).exists());
    let read = |ext: &str| {
        let p = exports.join(format!("{stem}.{ext}"));
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    };
    let template = default_template();
    // Both SVGs are well-formed XML; the matrix names every stage.
    let matrix = xml_texts(&read("matrix.svg")).expect("matrix svg parses");
    for st in &template.stages {
        assert!(
            matrix.iter().any(|t| t.contains(&st.name)),
            "{} not in the matrix SVG",
            st.name
        );
    }
    xml_texts(&read("model.svg")).expect("model svg parses");
    assert!(read("md").contains("E2E workshop"));
    assert!(read("html").contains("E2E workshop"));
    // The tidy CSV has a header and one row per rating.
    let csv_text = read("csv");
    let mut csv = ::csv::Reader::from_reader(csv_text.as_bytes());
    let rows = csv.records().filter_map(Result::ok).count();
    assert_eq!(rows, 2, "two ratings exported");
    let json: serde_json::Value = serde_json::from_str(&read("json")).expect("json parses");
    assert!(json.is_object());
    // The session goes on: one more rating, saved on disk.
    t.send("5");
    t.wait_for("Ana × Processing: 5");
    t.wait_for("✓ saved");
    let s = store::load(&path).expect("load");
    assert_eq!(maturity(&s, "p01", "processing"), Some(Score::Value(5)));
    assert_eq!(maturity(&s, "p01", "mining"), Some(Score::Value(4)));
    t.send("q");
    assert!(t.wait_exit().success());
}

#[test]
fn a_panic_in_the_background_export_leaves_the_terminal_to_the_running_session() {
    const LEAVE_ALTERNATE_SCREEN: &str = "\x1b[?1049l";
    let (dir, path) = fresh_session("E2E workshop");
    let mut t = run_at_maturity_grid_env(
        dir.path(),
        &path,
        &[],
        &[(loopshop::cli::PANIC_FOR_TESTS, "1")],
    );
    t.send("E");
    t.wait_for("export failed: internal error");
    // Not restored under the running screen, and nothing printed over it.
    assert!(t.on_alternate_screen(), "{}", t.screen());
    let raw = t.raw_text();
    assert!(!raw.contains(LEAVE_ALTERNATE_SCREEN), "{raw:?}");
    assert!(!raw.contains("panicked"), "{raw:?}");
    // The session goes on, keys and saves included.
    t.send("2");
    t.wait_for("Ana × Exploration: 2");
    t.wait_for("✓ saved");
    assert!(t.on_alternate_screen());
    t.send("q");
    assert!(t.wait_exit().success());
    assert!(t.raw_text().contains(LEAVE_ALTERNATE_SCREEN));
    let s = store::load(&path).expect("load");
    assert_eq!(maturity(&s, "p01", "exploration"), Some(Score::Value(2)));
}

/// The screen line that holds `text`.
fn line_with(screen: &str, text: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(text))
        .unwrap_or_else(|| panic!("no line with {text:?}:\n{screen}"))
        .to_owned()
}

#[test]
fn delphi_blind_second_round_then_reveal() {
    let (dir, path) = fresh_session("E2E workshop");
    let mut t = run_at_maturity_grid(dir.path(), &path, &[]);
    // Round 1: Ana rates Exploration 3, Mining 4, Processing 2.
    t.send("3");
    t.send("4");
    t.send("2");
    t.wait_for("Ana × Processing: 2");
    let open = t.screen();
    assert!(open.contains("median"), "round 1 shows the group:\n{open}");
    // A blind round 2, after a confirmation: the current group is hidden,
    // Ana's round-1 values and the round-1 group (the Delphi feedback) show.
    t.send("R");
    t.wait_for("Start round 2?");
    t.send("1");
    t.wait_for("blind round 2 started");
    t.wait_for("round 2 (blind, hidden)");
    for _ in 0..3 {
        t.send("h");
    }
    t.wait_for("Ana × Exploration");
    let hidden = t.screen();
    assert!(hidden.contains("group hidden"), "{hidden}");
    assert!(
        !hidden.lines().any(|l| l.trim_start().starts_with("median")),
        "no round-2 median in a hidden round:\n{hidden}"
    );
    let r1 = line_with(&hidden, "r1 median");
    assert!(
        r1.contains("3.0") && r1.contains("4.0") && r1.contains("2.0"),
        "round 1's medians show during the blind round: {r1}"
    );
    assert!(hidden.contains("r1 IQR"), "{hidden}");
    let ana = line_with(&hidden, "Ana");
    assert!(
        ana.contains("(3)") && ana.contains("(4)") && ana.contains("(2)"),
        "the previous values show: {ana}"
    );
    // Ana moves to 5 in round 2; then the group is revealed.
    t.send("5");
    t.wait_for("Ana × Exploration: 5");
    // Revealing asks first (the screen may be on the projector): Enter.
    t.send("r");
    t.wait_for("Reveal round 2's group?");
    t.send("\r");
    t.wait_for("round 2: group revealed");
    t.wait_for("round 2 (blind, revealed)");
    let revealed = t.screen();
    assert!(revealed.contains("median"), "{revealed}");
    assert!(!revealed.contains("group hidden"), "{revealed}");
    t.send("q");
    assert!(t.wait_exit().success());
    let s = store::load(&path).expect("load");
    assert_eq!(s.rounds.len(), 2);
    let r2 = s.round(2).expect("round 2");
    assert!(r2.blind && r2.revealed, "{r2:?}");
    assert_eq!(
        s.rating("p01", 2, "exploration", "maturity")
            .map(loopshop::domain::RatingEntry::score),
        Some(Score::Value(5))
    );
    assert_eq!(maturity(&s, "p01", "exploration"), Some(Score::Value(3)));
    assert_eq!(
        s.rating("p01", 2, "mining", "maturity")
            .map(loopshop::domain::RatingEntry::score),
        None
    );
}
