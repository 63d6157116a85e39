//! Snapshots of every screen at 80x24 and 160x48 (`TestBackend`), plus the
//! behaviour of the facilitation screen driven through `update`.

use crate::support::tui::{ch, ctrl, dispatch, goto, key, press, typed};
use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use loopshop::app::{Action, App, Modal, Screen};
use loopshop::domain::{Score, Session, default_template};
use loopshop::engine::Engine;
use loopshop::store::{self, Store};
use loopshop::synthetic::{epoch, example_session, synthetic_session};
use loopshop::text_width::width;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempfile::TempDir;

fn now() -> DateTime<Utc> {
    epoch() + Duration::hours(4)
}

/// A session opened for facilitation in a temp folder.
fn open_app(session: &Session) -> (TempDir, App) {
    let dir = TempDir::new().expect("temp dir");
    let store = Store::new(dir.path());
    let path = store.create(session).expect("create");
    let engine = Engine::open(&path).expect("open");
    let app = App::with_session(store, engine, now(), true);
    (dir, app)
}

/// The home screen of a folder with the example and a second, newer session.
fn home_with_two_sessions() -> (TempDir, App) {
    let dir = TempDir::new().expect("temp dir");
    let store = Store::new(dir.path());
    store.create(&example_session()).expect("create");
    let mut other = synthetic_session("Battery recycling deep dive", 6, 7);
    other.created = epoch() + Duration::days(1);
    store.create(&other).expect("create");
    let app = loopshop::cli::effects::home_app(store, now(), true);
    (dir, app)
}

fn render(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| f.render_widget(app, f.area())).expect("draw");
    t.backend().to_string()
}

macro_rules! snap {
    ($name:expr, $app:expr) => {
        insta::assert_snapshot!(concat!($name, "_80x24"), render(&$app, 80, 24));
        insta::assert_snapshot!(concat!($name, "_160x48"), render(&$app, 160, 48));
    };
}

fn session(app: &App) -> &Session {
    app.view().expect("session view").session()
}

#[test]
fn home_screen() {
    let (_dir, mut app) = home_with_two_sessions();
    // Show a stable folder name in the snapshot.
    app.store = Store::new("sessions");
    snap!("home", app);
    typed(&mut app, "/recyc");
    snap!("home_filtered", app);
    // Enter keeps the filter and gives the letters back to the commands.
    key(&mut app, KeyCode::Enter);
    assert!(app.view().is_none());
    let screen = render(&app, 80, 24);
    assert!(screen.contains("Filter: recyc (Esc clears it)"), "{screen}");
    ch(&mut app, 'q');
    assert!(app.quit, "q quits the home screen, even with a filter kept");
}

#[test]
fn home_filter_open_and_back() {
    let dir = TempDir::new().expect("temp dir");
    let store = Store::new(dir.path());
    store.create(&example_session()).expect("create");
    store
        .create(&synthetic_session("Battery recycling deep dive", 6, 7))
        .expect("create");
    let mut app = loopshop::cli::effects::home_app(store, now(), true);
    typed(&mut app, "/deep");
    key(&mut app, KeyCode::Enter);
    assert!(app.view().is_none(), "Enter keeps the filter");
    key(&mut app, KeyCode::Enter);
    assert_eq!(session(&app).title, "Battery recycling deep dive");
    assert!(!app.view().expect("view").read_only());
    ch(&mut app, 'q');
    assert!(app.view().is_none(), "q goes back home");
    assert!(!app.quit);
    // Leaving released the session: it opens for facilitation again.
    key(&mut app, KeyCode::Enter);
    assert!(
        !app.view().expect("reopened").read_only(),
        "{:?}",
        app.status
    );
    ch(&mut app, 'q');
    ctrl(&mut app, 'r');
    assert!(app.view().expect("view").read_only());
    ch(&mut app, 'q');
    ch(&mut app, 'r');
    assert!(app.view().expect("view").read_only(), "r reviews too");
}

#[test]
fn home_letters_are_commands_and_the_filter_takes_them_after_slash() {
    let (_dir, mut app) = home_with_two_sessions();
    // Without `/`, letters are commands: j moves, n asks for a title.
    ch(&mut app, 'j');
    let Screen::Home(home) = &app.screen else {
        panic!("not home");
    };
    assert_eq!((home.selected, home.filter.as_str()), (1, ""));
    ch(&mut app, 'n');
    assert!(matches!(app.modal, Some(Modal::Input(_))));
    key(&mut app, KeyCode::Esc);
    // After `/`, every printable key is text, q and n included.
    typed(&mut app, "/qn");
    assert_eq!(app.ctx(), loopshop::app::keys::Ctx::HomeFilter);
    assert!(!app.quit && app.modal.is_none());
    let Screen::Home(home) = &app.screen else {
        panic!("not home");
    };
    assert_eq!(home.filter, "qn");
    // Esc clears the filter and stops filtering; Esc again quits.
    key(&mut app, KeyCode::Esc);
    let Screen::Home(home) = &app.screen else {
        panic!("not home");
    };
    assert!(home.filter.is_empty() && !home.filtering);
    assert!(!app.quit);
    key(&mut app, KeyCode::Esc);
    assert!(app.quit, "Esc quits the home screen without a filter");
}

#[test]
fn home_creates_a_session() {
    let dir = TempDir::new().expect("temp dir");
    let mut app = loopshop::cli::effects::home_app(Store::new(dir.path()), now(), true);
    ctrl(&mut app, 'n');
    // An empty title keeps the box open and says why.
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.modal, Some(loopshop::app::Modal::Input(_))));
    assert_eq!(app.status_text(), Some("a session needs a title"));
    typed(&mut app, "Kick-off");
    let real = std::mem::replace(&mut app.store, Store::new("sessions"));
    snap!("input_modal", app);
    app.store = real;
    key(&mut app, KeyCode::Enter);
    // Round 1 open or blind: 2 picks blind.
    ch(&mut app, '2');
    // The room's language, English first.
    let screen = render(&app, 80, 24);
    assert!(screen.contains("en  English"), "{screen}");
    assert!(screen.contains("sv  svenska"), "{screen}");
    ch(&mut app, '1');
    let v = app.view().expect("opened");
    assert_eq!(v.session().title, "Kick-off");
    let on_disk = store::load(v.engine.path()).expect("load");
    assert_eq!(on_disk.title, "Kick-off");
    assert_eq!(on_disk.template, default_template());
    assert_eq!(on_disk.language, "en");
    assert!(on_disk.rounds[0].blind, "{:?}", on_disk.rounds);
}

#[test]
fn a_new_session_in_swedish_gets_the_swedish_template() {
    let dir = TempDir::new().expect("temp dir");
    let mut app = loopshop::cli::effects::home_app(Store::new(dir.path()), now(), true);
    ctrl(&mut app, 'n');
    typed(&mut app, "Uppstart");
    key(&mut app, KeyCode::Enter);
    ch(&mut app, '1');
    ch(&mut app, '2');
    let v = app.view().expect("opened");
    let on_disk = store::load(v.engine.path()).expect("load");
    assert_eq!(on_disk.language, "sv");
    assert_eq!(
        on_disk.template,
        loopshop::domain::default_template_in("sv")
    );
    assert_ne!(on_disk.template, default_template());
    assert!(!on_disk.rounds[0].blind);
}

#[test]
fn every_exercise_kind() {
    let (_d, mut app) = open_app(&example_session());
    snap!("briefing", app);
    goto(&mut app, 2);
    snap!("material_flow", app);
    goto(&mut app, 3);
    snap!("rating", app);
    goto(&mut app, 4);
    for _ in 0..3 {
        ch(&mut app, 'l'); // Design, which has ideas
    }
    ch(&mut app, 'j');
    snap!("ideas_list", app);
    ch(&mut app, 'g');
    snap!("ideas_ranked", app);
    ch(&mut app, 'g');
    snap!("ideas_tally", app);
    ch(&mut app, 'g');
    snap!("ideas_grid", app);
    goto(&mut app, 6);
    snap!("model_review", app);
    ch(&mut app, 'm');
    snap!("model_review_matrix", app);
}

#[test]
fn help_overlay_and_pick() {
    let (_d, mut app) = open_app(&example_session());
    goto(&mut app, 3);
    ch(&mut app, '?');
    snap!("help_rating", app);
    key(&mut app, KeyCode::Esc);
    assert!(app.modal.is_none());
    ch(&mut app, 'e');
    snap!("pick_exercise", app);
}

/// `b`: the pick list of what the room's board shows; the pick is the
/// engine's, so that every board follows it.
#[test]
fn b_picks_what_the_board_shows() {
    use loopshop::engine::BoardChoice;
    let (_d, mut app) = open_app(&example_session());
    goto(&mut app, 3);
    ch(&mut app, 'b');
    snap!("pick_board", app);
    // Down to "the matrix", then Enter.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    assert!(app.modal.is_none());
    let v = app.view().expect("session");
    assert_eq!(v.engine.board_choice(), &BoardChoice::Matrix);
    let told = v.engine.board_changes();
    // Esc leaves the choice as it was.
    ch(&mut app, 'b');
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Esc);
    let v = app.view().expect("session");
    assert_eq!(v.engine.board_choice(), &BoardChoice::Matrix);
    assert_eq!(v.engine.board_changes(), told);
}

#[test]
fn too_small_and_tiny_sizes() {
    let (_d, app) = open_app(&example_session());
    insta::assert_snapshot!("too_small_59x16", render(&app, 59, 16));
    let text = render(&app, 20, 5);
    assert!(text.contains("too small"), "{text}");
    // 0x0 and 1x1 must not panic.
    for (w, h) in [(0, 0), (1, 1), (0, 10), (10, 0)] {
        let area = ratatui::layout::Rect::new(0, 0, w, h);
        let mut buf = ratatui::buffer::Buffer::empty(area);
        ratatui::widgets::Widget::render(&app, area, &mut buf);
    }
    let full = render(&app, 60, 16);
    assert!(!full.contains("too small"), "{full}");
}

#[test]
fn rating_keys_record_move_and_undo() {
    let (_d, mut app) = open_app(&example_session());
    goto(&mut app, 5); // circularity-carbon: 3 dimensions
    let pid = session(&app).participants[0].id.clone();
    let round = session(&app).current_round();
    ch(&mut app, '2');
    ch(&mut app, 'x');
    let s = session(&app);
    let r = |st: &str| {
        s.rating(&pid, round, st, "circularity_impact")
            .map(loopshop::domain::RatingEntry::score)
    };
    assert_eq!(r("exploration"), Some(Score::Value(2)));
    assert_eq!(r("mining"), Some(Score::DontKnow));
    // Off-scale digit is refused with a message.
    let before = session(&app).clone();
    ch(&mut app, '9');
    assert_eq!(session(&app), &before);
    assert!(app.status_text().unwrap_or("").contains("off the scale"));
    // Undo twice restores the original mining value, redo reapplies it.
    let original = example_session();
    let orig_mining = original
        .rating(&pid, round, "mining", "circularity_impact")
        .map(loopshop::domain::RatingEntry::score);
    ch(&mut app, 'u');
    let s = session(&app);
    assert_eq!(
        s.rating(&pid, round, "mining", "circularity_impact")
            .map(loopshop::domain::RatingEntry::score),
        orig_mining
    );
    ctrl(&mut app, 'y');
    let s = session(&app);
    assert_eq!(
        s.rating(&pid, round, "mining", "circularity_impact")
            .map(loopshop::domain::RatingEntry::score),
        Some(Score::DontKnow)
    );
    // Tab switches the dimension; Backspace clears.
    key(&mut app, KeyCode::Tab);
    assert_eq!(
        app.view().and_then(|v| v.dimension_id()),
        Some("carbon_footprint")
    );
    key(&mut app, KeyCode::Backspace);
    let col = app.view().expect("view").focus().col;
    let stage = session(&app).template.stages[col].id.clone();
    assert_eq!(
        session(&app).rating(&pid, round, &stage, "carbon_footprint"),
        None
    );
    // Everything is on disk.
    let disk = store::load(app.view().expect("view").engine.path()).expect("load");
    assert_eq!(&disk, session(&app));
}

#[test]
fn comment_participant_note() {
    let mut s = Session::new("Small", "", default_template(), epoch());
    s.apply(&loopshop::domain::Change::AddParticipant(
        loopshop::domain::Participant {
            id: "p01".into(),
            alias: "Ana".into(),
            role: String::new(),
            organisation: String::new(),
            joined: false,
        },
    ))
    .expect("add");
    let (_d, mut app) = open_app(&s);
    goto(&mut app, 3);
    // `c` on an unrated cell asks for the score first, in a box that takes
    // the keys: the letters typed next (u undoes, n writes a note, a adds a
    // participant) run no command.
    ch(&mut app, 'c');
    let asked = render(&app, 100, 30);
    assert!(asked.contains("its score first"), "{asked}");
    for c in ['u', 'n', 'a', 'x', 'q'] {
        ch(&mut app, c);
    }
    assert!(!app.quit);
    assert_eq!(session(&app).participants.len(), 1);
    assert!(session(&app).notes.is_empty());
    assert!(matches!(app.modal, Some(loopshop::app::Modal::Pick(_))));
    // 4 picks the score 4; then the comment box opens for the same cell.
    ch(&mut app, '4');
    assert!(matches!(app.modal, Some(loopshop::app::Modal::Input(_))));
    typed(&mut app, "pilot plants only");
    key(&mut app, KeyCode::Enter);
    let e = session(&app)
        .rating("p01", 1, "exploration", "maturity")
        .expect("rated");
    assert_eq!(e.comment(), Some("pilot plants only"));
    assert_eq!(e.score(), Score::Value(4));
    ch(&mut app, 'a');
    typed(&mut app, "Ben");
    key(&mut app, KeyCode::Enter);
    assert_eq!(session(&app).participants.len(), 2);
    assert_eq!(app.view().expect("view").focus().row, 1);
    // Undo takes Ben out again and the focus stays on a row that exists.
    ch(&mut app, 'u');
    assert_eq!(session(&app).participants.len(), 1);
    assert_eq!(app.view().expect("view").focus().row, 0);
    ctrl(&mut app, 'y');
    assert_eq!(session(&app).participants.len(), 2);
    ch(&mut app, 'n');
    typed(&mut app, "room wants a break");
    key(&mut app, KeyCode::Enter);
    let n = session(&app).notes.last().expect("note");
    assert_eq!(n.text, "room wants a break");
    assert_eq!(n.exercise.as_deref(), Some("maturity"));
    assert_eq!(n.at, now());
    // N lists the notes of this exercise.
    ch(&mut app, 'N');
    let notes = render(&app, 100, 30);
    assert!(
        notes.contains("Notes of this exercise (1)") && notes.contains("room wants a break"),
        "{notes}"
    );
    key(&mut app, KeyCode::Esc);
    assert!(app.modal.is_none());
}

#[test]
fn digits_tick_technologies_and_pick_one_choice() {
    let (_d, mut app) = open_app(&synthetic_session("Ideas", 3, 1));
    goto(&mut app, 4);
    ch(&mut app, 'i');
    typed(&mut app, "Sorting robots");
    key(&mut app, KeyCode::Enter);
    // 2 and 7 tick AI/ML and the battery passport; 3 twice leaves IoT unticked.
    for c in ['2', '7', '3', '3'] {
        ch(&mut app, c);
    }
    key(&mut app, KeyCode::Enter);
    // The author list is one choice: its number answers at once (2 = p01).
    ch(&mut app, '2');
    assert!(app.modal.is_none());
    let idea = session(&app).ideas.last().expect("idea").clone();
    assert_eq!(idea.technologies, vec!["ai_ml", "battery_passport"]);
    assert_eq!(idea.author.as_deref(), Some("p01"));
}

#[test]
fn ideas_votes_and_flows() {
    let (_d, mut app) = open_app(&synthetic_session("Ideas", 3, 1));
    goto(&mut app, 4);
    ch(&mut app, 'i');
    typed(&mut app, "Passport QR");
    key(&mut app, KeyCode::Enter);
    // At least one technology is required.
    key(&mut app, KeyCode::Enter);
    assert!(matches!(app.modal, Some(Modal::Pick(_))));
    ch(&mut app, ' ');
    key(&mut app, KeyCode::Down);
    ch(&mut app, ' ');
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter); // author: the voter (first participant)
    let idea = session(&app).ideas.last().expect("idea").clone();
    assert_eq!(idea.text, "Passport QR");
    assert_eq!(idea.technologies, vec!["digital_twin", "ai_ml"]);
    assert_eq!(idea.author.as_deref(), Some("p01"));
    assert_eq!(idea.stage, "exploration");
    let budget = session(&app).vote_budget();
    for _ in 0..=budget {
        ch(&mut app, 'v');
    }
    assert_eq!(
        session(&app).ideas.last().map(|i| i.votes.len()),
        Some(budget as usize)
    );
    // The refusal names the person and speaks of dots.
    let refused = app.status_text().unwrap_or("");
    assert!(
        refused.contains("has placed all") && refused.contains("dots"),
        "{refused}"
    );
    assert!(!refused.contains("p0"), "{refused}");
    ch(&mut app, 'V');
    assert_eq!(
        session(&app).ideas.last().map(|i| i.votes.len()),
        Some(budget as usize - 1)
    );
    // A recycling loop: Recycling -> Processing, recycle, high, Li, Co.
    goto(&mut app, 2);
    ch(&mut app, 'i');
    let pick = |app: &mut App, item: &str| {
        let Some(Modal::Pick(p)) = &app.modal else {
            panic!("no picker")
        };
        let i = p.items.iter().position(|x| x.contains(item)).expect(item);
        for _ in 0..20 {
            key(app, KeyCode::Up);
        }
        for _ in 0..i {
            key(app, KeyCode::Down);
        }
        key(app, KeyCode::Enter);
    };
    pick(&mut app, "Recycling");
    pick(&mut app, "Processing");
    pick(&mut app, "recycle");
    pick(&mut app, "high");
    typed(&mut app, "Li, Co");
    key(&mut app, KeyCode::Enter);
    typed(&mut app, "black mass");
    key(&mut app, KeyCode::Enter);
    let f = session(&app).flows.last().expect("flow").clone();
    assert_eq!(
        (f.from.as_str(), f.to.as_str()),
        ("recycling", "processing")
    );
    assert_eq!(f.kind, loopshop::domain::FlowKind::Recycle);
    assert_eq!(f.strength, loopshop::domain::Strength::High);
    assert_eq!(f.materials, vec!["Li", "Co"]);
    assert_eq!(f.note, "black mass");
    let screen = render(&app, 120, 30);
    assert!(
        screen.contains("▶[R] Recycling ──recycle──▶ Processing · ▮▮▮ high · Li, Co · black mass"),
        "{screen}"
    );
    // The picture: the loop back leaves Recycling upwards and arrives at
    // Processing from the right, in heavy lines (high strength), labelled
    // where it leaves.
    assert!(
        screen
            .lines()
            .any(|l| l.contains("Processing") && l.contains("]◀┓")),
        "{screen}"
    );
    assert!(
        screen
            .lines()
            .any(|l| l.contains("┏━┛") && l.contains("R Li, Co")),
        "{screen}"
    );
    ch(&mut app, 'd');
    assert_eq!(session(&app).flows.len(), 1, "d asks first");
    key(&mut app, KeyCode::Enter);
    assert!(session(&app).flows.is_empty());
    ch(&mut app, 'u');
    assert_eq!(session(&app).flows.len(), 1);
}

#[test]
fn exercises_start_and_stop_through_changes() {
    let (_d, mut app) = open_app(&synthetic_session("Timing", 2, 1));
    let log = |app: &App| session(app).exercise_log.clone();
    assert_eq!(log(&app).len(), 1, "opening starts the first exercise");
    assert_eq!(log(&app)[0].exercise, "briefing");
    ch(&mut app, ']');
    let l = log(&app);
    assert_eq!(l.len(), 2);
    assert_eq!(l[0].stopped, Some(now()));
    assert_eq!(l[1].exercise, "material-flow");
    // Overrun shows as words, not only colour.
    dispatch(&mut app, Action::Tick(now() + Duration::minutes(40)));
    let screen = render(&app, 160, 48);
    assert!(screen.contains("OVERRUN +05:00"), "{screen}");
    key(&mut app, KeyCode::PageUp);
    assert_eq!(app.view().expect("view").exercise(), 0);
}

#[test]
fn review_is_read_only() {
    let dir = TempDir::new().expect("temp dir");
    let store = Store::new(dir.path());
    let path = store.create(&example_session()).expect("create");
    let before = std::fs::read_to_string(&path).expect("read");
    let session = store::load(&path).expect("load");
    let mut app = App::with_session(store, Engine::read_only(session, path.clone()), now(), true);
    goto(&mut app, 3);
    for c in ['3', 'x', 'c', 'a', 'n', 'u', 'r', 'R'] {
        ch(&mut app, c);
        assert!(
            app.status_text().unwrap_or("").starts_with("read-only"),
            "{c}: {:?}",
            app.status
        );
        assert!(app.modal.is_none());
    }
    key(&mut app, KeyCode::Backspace);
    assert!(app.status_text().unwrap_or("").starts_with("read-only"));
    snap!("review_rating", app);
    // Review lists only the keys it accepts: no rating, undo or note keys.
    let footer = render(&app, 160, 48);
    let footer = footer.lines().last().unwrap_or_default();
    assert!(
        !footer.contains("rate") && !footer.contains("undo"),
        "{footer}"
    );
    ch(&mut app, '?');
    let help = render(&app, 160, 48);
    assert!(help.contains("next exercise"), "{help}");
    for edit in [
        "record this score",
        "undo the last change",
        "timestamped note",
    ] {
        assert!(!help.contains(edit), "{edit}:\n{help}");
    }
    key(&mut app, KeyCode::Esc);
    assert_eq!(std::fs::read_to_string(&path).expect("read"), before);
}

#[test]
fn blind_round_hides_and_reveals() {
    let (_d, mut app) = open_app(&example_session());
    goto(&mut app, 3);
    ch(&mut app, 'R');
    ch(&mut app, '1'); // confirm: blind
    assert_eq!(session(&app).current_round(), 2);
    let r2 = session(&app).round(2).expect("round 2").clone();
    assert!(r2.blind && !r2.revealed);
    let screen = render(&app, 160, 48);
    assert!(screen.contains("round 2 (blind, hidden)"), "{screen}");
    ch(&mut app, '4');
    snap!("blind_round", app);
    // Revealing a blind round asks first: Esc keeps it hidden, Enter shows it.
    ch(&mut app, 'r');
    assert!(
        !session(&app).round(2).expect("round 2").revealed,
        "r asks first"
    );
    key(&mut app, KeyCode::Esc);
    assert!(
        !session(&app).round(2).expect("round 2").revealed,
        "Esc cancels"
    );
    ch(&mut app, 'r');
    key(&mut app, KeyCode::Enter);
    assert!(session(&app).round(2).expect("round 2").revealed);
    ch(&mut app, 'u');
    assert!(!session(&app).round(2).expect("round 2").revealed);
}

#[test]
fn no_color_theme_renders_without_colours() {
    let (_d, mut app) = open_app(&example_session());
    app.color = false;
    goto(&mut app, 3);
    let mut t = Terminal::new(TestBackend::new(160, 48)).expect("terminal");
    t.draw(|f| f.render_widget(&app, f.area())).expect("draw");
    let buf = t.backend().buffer();
    for cell in buf.content() {
        assert_eq!(cell.fg, ratatui::style::Color::Reset);
        assert_eq!(cell.bg, ratatui::style::Color::Reset);
    }
    // The focused cell is marked by brackets, not only by style.
    assert!(t.backend().to_string().contains('['));
}

#[test]
fn help_lists_every_key_of_the_screen_from_the_table() {
    use loopshop::app::keys::{bindings, keys_label};
    let (_d, mut app) = open_app(&example_session());
    for n in 1..=6 {
        goto(&mut app, n);
        let ctx = app.ctx();
        ch(&mut app, '?');
        let screen = render(&app, 160, 48);
        for b in bindings(ctx) {
            assert!(
                screen.contains(&keys_label(b)),
                "{ctx:?}: {}",
                keys_label(b)
            );
            assert!(screen.contains(b.help), "{ctx:?}: {}", b.help);
        }
        key(&mut app, KeyCode::Esc);
        // And the footer shows only keys of that table.
        let footer = render(&app, 160, 48);
        let last = footer.lines().nth(47).unwrap_or_default().to_owned();
        for (k, hint) in loopshop::app::keys::hints(ctx, false) {
            if last.contains(hint) {
                assert!(last.contains(&k), "{ctx:?}: {k}");
            }
        }
    }
}

#[test]
fn shutdown_quits_and_keys_other_than_press_are_ignored() {
    use crossterm::event::KeyEventKind;
    let (_d, mut app) = open_app(&example_session());
    goto(&mut app, 3);
    let before = session(&app).clone();
    let mut release = KeyEvent::new(KeyCode::Char('5'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    press(&mut app, release);
    assert_eq!(session(&app), &before);
    dispatch(&mut app, Action::Shutdown);
    assert!(app.quit);
}

#[test]
fn live_aggregate_follows_every_rating_change_and_undo() {
    use loopshop::analysis::Aggregate;
    let (_d, mut app) = open_app(&example_session());
    goto(&mut app, 5);
    let check = |app: &App| {
        let v = app.view().expect("view");
        assert_eq!(v.engine.aggregate(), &Aggregate::new(v.session()));
    };
    check(&app);
    for c in ['1', '5', 'x', '2'] {
        ch(&mut app, c);
        check(&app);
    }
    key(&mut app, KeyCode::Backspace);
    check(&app);
    ch(&mut app, 'u');
    ch(&mut app, 'u');
    check(&app);
    ctrl(&mut app, 'y');
    check(&app);
    ch(&mut app, 'R');
    ch(&mut app, '1'); // confirm: blind
    ch(&mut app, '3');
    check(&app);
    ch(&mut app, 'u');
    ch(&mut app, 'u'); // removes round 2 and its ratings
    check(&app);
    // The group row shows the stage medians.
    let screen = render(&app, 160, 48);
    assert!(screen.contains("median"), "{screen}");
    assert!(screen.contains("consensus"), "{screen}");
}

#[test]
fn a_failed_save_is_shown_retried_and_guards_quit() {
    let dir = TempDir::new().expect("temp dir");
    let folder = dir.path().join("sessions");
    let store = Store::new(&folder);
    let path = store.create(&example_session()).expect("create");
    let engine = Engine::open(&path).expect("open");
    let mut app = App::with_session(store, engine, now(), true);
    goto(&mut app, 3);
    // The folder disappears (unplugged drive, deleted by hand...).
    let saved_copy = std::fs::read(&path).expect("read");
    std::fs::remove_dir_all(&folder).expect("remove");
    ch(&mut app, '1');
    let screen = render(&app, 160, 48);
    assert!(screen.contains("UNSAVED: "), "{screen}");
    // The rating is kept in memory.
    let pid = session(&app).participants[0].id.clone();
    assert_eq!(
        session(&app)
            .rating(&pid, 1, "exploration", "maturity")
            .map(loopshop::domain::RatingEntry::score),
        Some(Score::Value(1))
    );
    // q does not silently drop it.
    ch(&mut app, 'q');
    assert!(!app.quit);
    assert!(app.status_text().unwrap_or("").contains("UNSAVED"));
    // The folder comes back; the next tick saves.
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(&path, saved_copy).expect("restore");
    dispatch(&mut app, Action::Tick(now() + Duration::seconds(1)));
    let screen = render(&app, 160, 48);
    assert!(screen.contains("✓ saved"), "{screen}");
    let disk = store::load(&path).expect("load");
    assert_eq!(
        disk.rating(&pid, 1, "exploration", "maturity")
            .map(loopshop::domain::RatingEntry::score),
        Some(Score::Value(1))
    );
    ch(&mut app, 'q');
    assert!(app.quit);
}

#[test]
fn help_scrolls_on_a_small_terminal() {
    let (_d, mut app) = open_app(&example_session());
    goto(&mut app, 3);
    ch(&mut app, '?');
    let small = render(&app, 60, 16);
    assert!(small.contains("↓ more"), "{small}");
    assert!(!small.contains("start a new round"), "{small}");
    for _ in 0..30 {
        key(&mut app, KeyCode::Down);
    }
    let small = render(&app, 60, 16);
    assert!(small.contains("start a new round"), "{small}");
    assert!(small.contains("↑ more"), "{small}");
    insta::assert_snapshot!("help_scrolled_60x16", small);
}

#[test]
fn grid_scrolls_rows_and_columns_to_the_focus() {
    let (_d, mut app) = open_app(&synthetic_session("Many", 60, 3));
    goto(&mut app, 5);
    ch(&mut app, 'R'); // round 2: cells show the previous round too, wider
    ch(&mut app, '1'); // confirm: blind
    ch(&mut app, 'r');
    key(&mut app, KeyCode::Enter); // revealed
    for _ in 0..59 {
        key(&mut app, KeyCode::Down);
    }
    for _ in 0..8 {
        key(&mut app, KeyCode::Right);
    }
    let screen = render(&app, 60, 16);
    assert!(screen.contains("▶Expert 60"), "{screen}");
    assert!(!screen.contains("Expert 01"), "{screen}");
    assert!(screen.contains("Recyc"), "{screen}");
    assert!(screen.contains("◀ more"), "{screen}");
    assert!(!screen.contains("Explo"), "{screen}");
    insta::assert_snapshot!("grid_scrolled_60x16", screen);
    let wide = render(&app, 160, 48);
    assert!(wide.contains("▶Expert 60"), "{wide}");
    assert!(wide.contains("row 60 of 60"), "{wide}");
}

/// A CJK alias or stage name takes two columns a character: the alias is
/// cut to its column by width and every row's cells stay under each other.
#[test]
fn wide_aliases_and_stage_names_keep_the_grid_aligned() {
    let mut s = synthetic_session("Wide", 3, 1);
    s.ratings.clear();
    s.participants[0].alias = "専門家の一番目の人".into(); // 18 columns
    s.participants[1].alias = "専門家 二".into();
    s.template.stages[1].name = "採掘".into();
    let other = s.participants[2].alias.clone();
    let (_d, mut app) = open_app(&s);
    goto(&mut app, 3); // technological maturity: one dimension
    let screen = render(&app, 120, 24);
    assert!(screen.contains("採掘"), "{screen}");
    // The name column is at most 16 columns: the alias loses its last ideograph.
    assert!(screen.contains("▶専門家の一番目の "), "{screen}");
    // Every unrated cell shows a dot: the dots of all rows line up (in the
    // grid panel, right of the agenda's).
    let dots = |line: &str| -> Vec<usize> {
        let grid = line.rsplit("││").next().unwrap_or(line);
        grid.char_indices()
            .filter(|&(_, c)| c == '·')
            .map(|(at, _)| width(&grid[..at]))
            .collect()
    };
    let rows: Vec<Vec<usize>> = screen
        .lines()
        .filter(|l| !l.contains('×') && (l.contains("専門家") || l.contains(&other)))
        .map(dots)
        .collect();
    assert_eq!(rows.len(), 3, "{screen}");
    assert_eq!(rows[0].len(), s.template.stages.len(), "{screen}");
    assert!(rows.iter().all(|r| *r == rows[0]), "{rows:?}\n{screen}");
}

/// docs/TUI.md shows real screens: its text captures equal today's renders.
#[test]
fn docs_captures_are_current() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/TUI.md"))
        .expect("docs/TUI.md");
    let plain = |s: String| {
        s.lines()
            .map(|l| l.trim_matches('"').to_owned())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let (_d, mut app) = open_app(&example_session());
    goto(&mut app, 3);
    let rating80 = plain(render(&app, 80, 24));
    let rating160 = plain(render(&app, 160, 48));
    goto(&mut app, 2);
    let flow80 = plain(render(&app, 80, 24));
    let captures = [
        ("rating 80x24", rating80),
        ("rating 160x48", rating160),
        ("flow 80x24", flow80),
    ];
    // UPDATE_DOCS=1 writes today's renders over the captures, in order.
    if std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1") {
        let mut out = String::new();
        let mut rest = docs.as_str();
        for (_, screen) in &captures {
            let Some(start) = rest.find("```text\n") else {
                break;
            };
            let body = start + "```text\n".len();
            let Some(end) = rest[body..].find("\n```") else {
                break;
            };
            out.push_str(&rest[..body]);
            out.push_str(screen);
            rest = &rest[body + end..];
        }
        out.push_str(rest);
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/TUI.md");
        std::fs::write(path, out).expect("write docs/TUI.md");
        return;
    }
    for (name, screen) in captures {
        assert!(
            docs.contains(&format!("```text\n{screen}\n```")),
            "docs/TUI.md: the {name} capture is out of date (python regen or copy the snapshot)"
        );
    }
}

#[test]
fn analysis_view_cycles_follows_ratings_and_respects_blind_rounds() {
    let (_d, mut app) = open_app(&example_session());
    goto(&mut app, 3);
    ch(&mut app, 'M');
    assert_eq!(app.ctx(), loopshop::app::keys::Ctx::Analysis);
    snap!("analysis_model", app);
    ch(&mut app, 'M');
    snap!("analysis_matrix", app);
    key(&mut app, KeyCode::Tab);
    snap!("analysis_text", app);
    let text = render(&app, 160, 48);
    for st in &session(&app).template.stages {
        assert!(text.contains(&st.name), "{} missing:\n{text}", st.name);
    }
    // Scrolling moves the text; it stops at the end.
    for _ in 0..200 {
        ch(&mut app, 'j');
    }
    let scrolled = render(&app, 80, 24);
    assert_ne!(scrolled, render_scrolled_top(&mut app));
    // Tiny terminals do not panic.
    assert!(render(&app, 20, 5).contains("too small"));
    for (w, h) in [(0, 0), (1, 1), (60, 16)] {
        let area = ratatui::layout::Rect::new(0, 0, w, h);
        let mut buf = ratatui::buffer::Buffer::empty(area);
        ratatui::widgets::Widget::render(&app, area, &mut buf);
    }
    key(&mut app, KeyCode::Tab);
    assert_eq!(
        app.view().expect("view").analysis.open,
        Some(loopshop::app::AnalysisKind::Model)
    );
    key(&mut app, KeyCode::Esc);
    assert!(app.view().expect("view").analysis.open.is_none());
    assert_eq!(app.ctx(), loopshop::app::keys::Ctx::Grid);

    // Live: a blind round 2 hides its group and says so, while round 1's
    // stays on screen (the feedback a Delphi round exists for).
    ch(&mut app, 'R');
    ch(&mut app, '1'); // confirm: blind
    ch(&mut app, 'M');
    let hidden = render(&app, 80, 24);
    assert!(hidden.contains("Round 1 (round 2 hidden)"), "{hidden}");
    assert!(hidden.contains("Conceptual model"), "{hidden}");
    snap!("analysis_hidden", app);
    key(&mut app, KeyCode::Esc);
    // Everyone rates Maturity of Exploration 5 in round 2, then reveal.
    let n = session(&app).participants.len();
    for _ in 0..n {
        ch(&mut app, '5');
        for _ in 1..session(&app).template.stages.len() {
            ch(&mut app, 'l');
        }
        ch(&mut app, 'j');
        for _ in 0..10 {
            ch(&mut app, 'h');
        }
    }
    ch(&mut app, 'r');
    key(&mut app, KeyCode::Enter); // confirm the reveal
    ch(&mut app, 'M');
    ch(&mut app, 'M');
    ch(&mut app, 'M');
    let text = render(&app, 160, 48);
    assert!(text.contains("round 2"), "{text}");
    assert!(
        text.contains("H 5.0 ✓"),
        "the new ratings show at once:\n{text}"
    );
}

fn render_scrolled_top(app: &mut App) -> String {
    for _ in 0..300 {
        ch(app, 'k');
    }
    render(app, 80, 24)
}

#[test]
fn model_review_m_reaches_the_text_table() {
    let (_d, mut app) = open_app(&example_session());
    goto(&mut app, 6);
    ch(&mut app, 'm');
    ch(&mut app, 'm');
    let text = render(&app, 160, 48);
    assert!(text.contains("Conceptual model, round 1"), "{text}");
    assert!(text.contains("Quadrant"), "{text}");
    snap!("model_review_text", app);
    // The text table scrolls in the review too.
    let top = render(&app, 80, 24);
    for _ in 0..12 {
        ch(&mut app, 'j');
    }
    let down = render(&app, 80, 24);
    assert_ne!(top, down);
    assert!(down.contains("Processing:"), "{down}");
    ch(&mut app, 'm');
    assert_eq!(
        app.view().expect("view").analysis.model_view,
        loopshop::app::AnalysisKind::Model
    );
}

#[test]
fn export_key_writes_every_format_in_the_background_while_rating_goes_on() {
    let (dir, mut app) = open_app(&example_session());
    let (tx, rx) = std::sync::mpsc::channel();
    let mut runner = loopshop::cli::effects::Runner::with_outbox(tx);
    let mut ch = |app: &mut App, c: char| {
        let ev = KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        if let Some(cmd) = loopshop::cli::keys::command(app, &ev) {
            runner.dispatch(app, Action::Cmd(cmd));
        }
    };
    goto(&mut app, 3);
    ch(&mut app, 'E');
    assert!(app.exporting);
    // Rating goes on while the export runs.
    ch(&mut app, '5');
    assert!(app.status_text().is_some_and(|s| s.ends_with(": 5")));
    ch(&mut app, 'E');
    assert_eq!(app.status_text(), Some("an export is already running"));
    let done = rx
        .recv_timeout(std::time::Duration::from_secs(20))
        .expect("the export reports back on the queue");
    dispatch(&mut app, done);
    assert!(!app.exporting);
    let exports = dir.path().join("exports");
    let status = app.status_text().unwrap_or_default().to_owned();
    assert_eq!(
        status,
        format!(
            "exported {} files and the data package {}.package to {}",
            loopshop::export::Format::ALL.len(),
            app.view()
                .expect("view")
                .engine
                .path()
                .file_stem()
                .expect("stem")
                .to_string_lossy(),
            exports.display()
        ),
        "{status}"
    );
    let stem = app
        .view()
        .expect("view")
        .engine
        .path()
        .file_stem()
        .expect("stem")
        .to_string_lossy()
        .into_owned();
    for ext in loopshop::export::Format::ALL.map(loopshop::export::Format::extension) {
        let p = exports.join(format!("{stem}.{ext}"));
        let bytes = std::fs::read(&p).unwrap_or_default();
        assert!(!bytes.is_empty(), "{} is empty or missing", p.display());
    }
    let package = exports.join(format!("{stem}.package"));
    for file in [
        "datapackage.json",
        "ratings.csv",
        "methods.md",
        "reproduce.R",
    ] {
        assert!(package.join(file).is_file(), "{file} in the package folder");
    }
    let leftovers: Vec<_> = std::fs::read_dir(&exports)
        .expect("exports")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn export_failure_is_reported_in_one_line() {
    let (dir, mut app) = open_app(&example_session());
    // A file where the exports folder should be.
    std::fs::write(dir.path().join("exports"), "not a folder").expect("write");
    ch(&mut app, 'E');
    let status = app.status_text().unwrap_or_default().to_owned();
    assert!(status.starts_with("export failed: "), "{status}");
    assert!(!status.contains('\n'));
    assert!(!app.exporting);
    // Review may export too (it changes nothing).
    let store = Store::new(dir.path());
    let path = store.list().expect("list")[0]
        .as_ref()
        .expect("ok")
        .path
        .clone();
    let session = store::load(&path).expect("load");
    let mut review = App::with_session(store, Engine::read_only(session, path), now(), true);
    std::fs::remove_file(dir.path().join("exports")).expect("rm");
    ch(&mut review, 'E');
    let status = review.status_text().unwrap_or_default().to_owned();
    let n = loopshop::export::Format::ALL.len();
    assert!(
        status.starts_with(&format!("exported {n} files")),
        "{status}"
    );
}

#[test]
fn compare_two_sessions_from_home() {
    let (_dir, mut app) = home_with_two_sessions();
    ctrl(&mut app, 'o');
    assert!(app.compare.is_none());
    assert!(
        app.status_text().is_some_and(|s| s.contains("Tab")),
        "{:?}",
        app.status
    );
    key(&mut app, KeyCode::Tab);
    assert!(render(&app, 80, 24).contains("▶●"));
    key(&mut app, KeyCode::Down);
    ctrl(&mut app, 'o');
    let c = app.compare.as_ref().expect("compare view");
    assert_eq!(c.comparison.cells.len(), 45);
    assert_ne!(c.comparison.title_a, c.comparison.title_b);
    assert_eq!(app.ctx(), loopshop::app::keys::Ctx::Compare);
    snap!("compare_sessions", app);
    let screen = render(&app, 160, 48);
    assert!(screen.contains("REACHED"), "{screen}");
    assert!(
        screen.contains("A: Battery recycling deep dive (round 1)"),
        "{screen}"
    );
    // Scrolls down to Kendall's W.
    for _ in 0..300 {
        ch(&mut app, 'j');
    }
    let bottom = render(&app, 80, 24);
    assert!(bottom.contains("Kendall's W"), "{bottom}");
    assert!(render(&app, 20, 5).contains("too small"));
    key(&mut app, KeyCode::Esc);
    assert!(app.compare.is_none());
    assert_eq!(app.ctx(), loopshop::app::keys::Ctx::Home);
    // Tab on the marked session unmarks it.
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Tab);
    assert_eq!(app.status_text(), Some("unmarked"));
}

#[test]
fn compare_the_last_two_rounds_of_a_session() {
    let (_d, mut app) = open_app(&example_session());
    goto(&mut app, 3);
    ch(&mut app, 'C');
    assert!(app.compare.is_none());
    assert!(
        app.status_text().is_some_and(|s| s.contains("one round")),
        "{:?}",
        app.status
    );
    ch(&mut app, 'R');
    ch(&mut app, '1'); // confirm: blind
    ch(&mut app, 'C');
    assert!(
        app.compare.is_none(),
        "a hidden blind round is not compared"
    );
    assert!(
        app.status_text().is_some_and(|s| s.contains("blind")),
        "{:?}",
        app.status
    );
    // Everyone rates Maturity of Exploration 5 in round 2.
    let n = session(&app).participants.len();
    let stages = session(&app).template.stages.len();
    for _ in 0..n {
        ch(&mut app, '5');
        for _ in 1..stages {
            ch(&mut app, 'l');
        }
        ch(&mut app, 'j');
        for _ in 0..stages {
            ch(&mut app, 'h');
        }
    }
    ch(&mut app, 'r');
    key(&mut app, KeyCode::Enter); // confirm the reveal
    ch(&mut app, 'C');
    let c = app.compare.as_ref().expect("compare view");
    assert_eq!((c.comparison.round_a, c.comparison.round_b), (1, 2));
    let cell = c
        .comparison
        .cells
        .iter()
        .find(|x| x.stage == "exploration" && x.dimension == "maturity")
        .expect("cell");
    assert_eq!(cell.median_b, Some(5.0));
    snap!("compare_rounds", app);
    let screen = render(&app, 160, 48);
    assert!(screen.contains("Technological maturity"), "{screen}");
    assert!(screen.contains("+3.0"), "{screen}");
    key(&mut app, KeyCode::Esc);
    assert!(app.compare.is_none());
    assert_eq!(app.ctx(), loopshop::app::keys::Ctx::Grid);
}

#[test]
fn a_change_whose_save_failed_can_be_undone() {
    let dir = TempDir::new().expect("temp dir");
    let folder = dir.path().join("sessions");
    let store = Store::new(&folder);
    let path = store.create(&example_session()).expect("create");
    let engine = Engine::open(&path).expect("open");
    let mut app = App::with_session(store, engine, now(), true);
    goto(&mut app, 3);
    let pid = session(&app).participants[0].id.clone();
    let before = session(&app)
        .rating(&pid, 1, "exploration", "maturity")
        .map(loopshop::domain::RatingEntry::score);
    let saved_copy = std::fs::read(&path).expect("read");
    std::fs::remove_dir_all(&folder).expect("remove");
    ch(&mut app, '1');
    assert!(matches!(
        app.view().expect("view").engine.save_state(),
        loopshop::engine::SaveState::Failed(_)
    ));
    let score = |app: &App| {
        session(app)
            .rating(&pid, 1, "exploration", "maturity")
            .map(loopshop::domain::RatingEntry::score)
    };
    assert_eq!(score(&app), Some(Score::Value(1)));
    ch(&mut app, 'u');
    assert_eq!(
        app.status_text(),
        Some("undid: Expert 01 × Exploration (Technological maturity) = 1")
    );
    assert_eq!(score(&app), before, "the unsaved rating is undone");
    ctrl(&mut app, 'y');
    assert_eq!(score(&app), Some(Score::Value(1)));
    ch(&mut app, 'u');
    // The folder comes back: the undone state is what is saved.
    std::fs::create_dir_all(&folder).expect("mkdir");
    std::fs::write(&path, saved_copy).expect("restore");
    dispatch(&mut app, Action::Tick(now() + Duration::seconds(1)));
    assert_eq!(
        app.view().expect("view").engine.save_state(),
        &loopshop::engine::SaveState::Saved
    );
    let disk = store::load(&path).expect("load");
    assert_eq!(
        disk.rating(&pid, 1, "exploration", "maturity")
            .map(loopshop::domain::RatingEntry::score),
        before
    );
}

fn two_people() -> Session {
    let mut s = Session::new("Small", "", default_template(), epoch());
    for (id, alias) in [("p01", "Ana"), ("p02", "Ben")] {
        s.apply(&loopshop::domain::Change::AddParticipant(
            loopshop::domain::Participant {
                id: id.into(),
                alias: alias.into(),
                role: String::new(),
                organisation: String::new(),
                joined: false,
            },
        ))
        .expect("add");
    }
    s
}

#[test]
fn the_participant_menu_renames_marks_absent_and_removes() {
    let (_d, mut app) = open_app(&two_people());
    goto(&mut app, 3);
    // Rename: the box starts with the name.
    ch(&mut app, 'w');
    ch(&mut app, '1');
    for _ in 0..3 {
        key(&mut app, KeyCode::Backspace);
    }
    typed(&mut app, "Anna");
    key(&mut app, KeyCode::Enter);
    assert_eq!(session(&app).participants[0].alias, "Anna");
    // Role, then absent from round 1: left out of "complete".
    ch(&mut app, 'w');
    ch(&mut app, '2');
    typed(&mut app, "recycler");
    key(&mut app, KeyCode::Enter);
    assert_eq!(session(&app).participants[0].role, "recycler");
    ch(&mut app, 'w');
    ch(&mut app, '4');
    assert_eq!(session(&app).rounds[0].absent, ["p01"]);
    assert!(render(&app, 100, 30).contains("Anna (absent)"));
    // Ben rates maturity for all 9 stages: 9 of the 45 cells that only he
    // is expected to fill (Anna's are not counted).
    ch(&mut app, 'j');
    for _ in 0..9 {
        ch(&mut app, '3');
    }
    let complete = session(&app).completeness();
    assert!((complete - 0.2).abs() < 1e-9, "{complete}");
    // Ben has ratings: removing him is refused, in words.
    ch(&mut app, 'w');
    ch(&mut app, '5');
    assert!(
        app.status_text()
            .is_some_and(|s| s.starts_with("Ben still has ratings")),
        "{:?}",
        app.status
    );
    // Cy, just added, is removed; undo brings him back.
    ch(&mut app, 'a');
    typed(&mut app, "Cy");
    key(&mut app, KeyCode::Enter);
    ch(&mut app, 'w');
    ch(&mut app, '5');
    assert!(
        app.status_text().is_some_and(|s| s.contains("Cy removed")),
        "{:?}",
        app.status
    );
    assert_eq!(session(&app).participants.len(), 2);
    ch(&mut app, 'u');
    assert_eq!(session(&app).participants.len(), 3);
    assert!(
        app.status_text() == Some("undid: participant Cy"),
        "the card retired with him is not news: {:?}",
        app.status
    );
}

#[test]
fn editing_a_flow_starts_from_its_values() {
    let (_d, mut app) = open_app(&example_session());
    goto(&mut app, 2);
    let before = session(&app).flows.clone();
    ch(&mut app, 'w');
    // Every step is filled in with the flow's values: Enter keeps them.
    for _ in 0..6 {
        key(&mut app, KeyCode::Enter);
    }
    assert!(
        app.status_text().is_some_and(|s| s.ends_with("changed")),
        "{:?}",
        app.status
    );
    assert_eq!(session(&app).flows, before);
    // Into a sink, only a loss is offered.
    ch(&mut app, 'i');
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::End);
    for _ in 0..20 {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Enter);
    let kinds = render(&app, 100, 30);
    assert!(
        kinds.contains("1 L loss") && !kinds.contains("forward\u{2502}"),
        "{kinds}"
    );
}

#[test]
fn the_idea_menu_edits_moves_merges_and_ranks() {
    let (_d, mut app) = open_app(&example_session());
    goto(&mut app, 4);
    // Design has two ideas in the example.
    let design = session(&app)
        .template
        .stages
        .iter()
        .position(|s| s.id == "design")
        .expect("design");
    for _ in 0..design {
        key(&mut app, KeyCode::Right);
    }
    let ideas: Vec<(u32, usize)> = session(&app)
        .ideas
        .iter()
        .filter(|i| i.stage == "design")
        .map(|i| (i.id, i.votes.len()))
        .collect();
    assert!(ideas.len() >= 2, "{ideas:?}");
    let (first, first_dots) = ideas[0];
    let (second, second_dots) = ideas[1];
    // Edit the text: the box starts with it.
    ch(&mut app, 'w');
    ch(&mut app, '1');
    typed(&mut app, " (pilot)");
    key(&mut app, KeyCode::Enter);
    let text = |app: &App, id: u32| {
        session(app)
            .ideas
            .iter()
            .find(|i| i.id == id)
            .map(|i| i.text.clone())
    };
    assert!(text(&app, first).is_some_and(|t| t.ends_with(" (pilot)")));
    // Merge the first into the second: its dots go along.
    ch(&mut app, 'w');
    ch(&mut app, '3');
    ch(&mut app, '1');
    assert!(text(&app, first).is_none());
    let merged = session(&app)
        .ideas
        .iter()
        .find(|i| i.id == second)
        .map(|i| i.votes.len());
    assert_eq!(merged, Some(first_dots + second_dots));
    let total: usize = session(&app).ideas.iter().map(|i| i.votes.len()).sum();
    ch(&mut app, 'u');
    assert!(text(&app, first).is_some());
    assert_eq!(
        session(&app)
            .ideas
            .iter()
            .map(|i| i.votes.len())
            .sum::<usize>(),
        total
    );
    // Move the highlighted idea to Recycling (stage 9).
    let highlighted = {
        let v = app.view().expect("view");
        v.stage_ideas().get(v.ideas.selected).map(|i| i.id)
    }
    .expect("an idea highlighted");
    ch(&mut app, 'w');
    ch(&mut app, '2');
    ch(&mut app, '9');
    let moved = session(&app)
        .ideas
        .iter()
        .find(|i| i.id == highlighted)
        .map(|i| i.stage.clone());
    assert_eq!(moved.as_deref(), Some("recycling"));
    // The ranked view lists the most dots first.
    ch(&mut app, 'g');
    let screen = render(&app, 160, 48);
    assert!(screen.contains("Ideas ranked by dots"), "{screen}");
    let most = session(&app)
        .ideas
        .iter()
        .map(|i| i.votes.len())
        .max()
        .unwrap_or(0);
    let first_line = screen
        .lines()
        .find(|l| l.contains("  1. "))
        .unwrap_or_default()
        .to_owned();
    assert!(
        first_line.contains(&format!("{most:>3} dots")),
        "{first_line}"
    );
}

#[test]
fn the_timebox_warns_at_five_and_one_minutes_and_plus_extends_it() {
    let (_d, mut app) = open_app(&two_people());
    goto(&mut app, 3); // 30 minutes, started now
    let tick = |app: &mut App, seconds: i64| {
        dispatch(app, Action::Tick(now() + Duration::seconds(seconds)));
        app.status_text().unwrap_or("").to_owned()
    };
    assert!(!tick(&mut app, 24 * 60).contains("left in"));
    let five = tick(&mut app, 25 * 60 + 1);
    assert!(five.starts_with("5 minutes left in"), "{five}");
    // + adds 5 minutes: 35 in all, so one minute is left at 34:00.
    ch(&mut app, '+');
    assert!(render(&app, 160, 48).contains("of 35 min"));
    let quiet = tick(&mut app, 30 * 60);
    assert!(!quiet.contains("1 minute"), "{quiet}");
    let one = tick(&mut app, 34 * 60 + 1);
    assert!(one.starts_with("1 minute left in"), "{one}");
    assert_eq!(session(&app).timebox_extra.get("maturity"), Some(&5));
    // t pauses: the header says so and the clock stops counting.
    ch(&mut app, 't');
    assert!(render(&app, 160, 48).contains("PAUSED"));
    let stopped = session(&app).exercise_log.last().and_then(|r| r.stopped);
    assert!(stopped.is_some());
}

/// The session of `tests/fixtures/template/valid/NAME.ron`: the example
/// session (its ratings, ideas, flows and notes) on that template, which is
/// the default one but for stage names.
fn on_fixture_template(name: &str) -> Session {
    let file = format!(
        "{}/tests/fixtures/template/valid/{name}.ron",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
    let template =
        loopshop::domain::template_check::parse(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
    let mut s = example_session();
    assert_eq!(
        template.stages.iter().map(|x| &x.id).collect::<Vec<_>>(),
        s.template.stages.iter().map(|x| &x.id).collect::<Vec<_>>()
    );
    s.template = template;
    s
}

/// Every screen of a session and of the home screen, drawn at several
/// sizes: the screens reached, in order, as (what, draws at each size).
fn draw_every_screen(session: &Session) -> Vec<String> {
    const SIZES: [(u16, u16); 5] = [(80, 24), (160, 48), (60, 16), (250, 70), (20, 5)];
    let mut seen = Vec::new();
    let mut draw = |what: &str, app: &App| {
        for (w, h) in SIZES {
            let screen = render(app, w, h);
            assert_eq!(screen.lines().count(), usize::from(h), "{what} {w}x{h}");
        }
        seen.push(what.to_owned());
    };
    let (dir, mut app) = open_app(session);
    draw("briefing", &app);
    for n in 2..=6 {
        goto(&mut app, n);
        draw(&format!("exercise {n}"), &app);
        if n == 3 || n == 4 {
            // The focus over every stage, the long one included.
            for _ in 0..9 {
                ch(&mut app, 'l');
                draw(&format!("exercise {n}, a stage further"), &app);
            }
        }
        if n == 4 {
            ch(&mut app, 'g');
            draw("ideas tally", &app);
            ch(&mut app, 'g');
            draw("ideas grid", &app);
        }
        if n == 6 {
            ch(&mut app, 'm');
            draw("model review, matrix", &app);
            ch(&mut app, 'm');
            draw("model review, text table", &app);
            for _ in 0..50 {
                ch(&mut app, 'j');
            }
            draw("model review, text table scrolled", &app);
        }
    }
    goto(&mut app, 3);
    ch(&mut app, 'M');
    for view in ["model", "matrix", "text table"] {
        draw(&format!("analysis, {view}"), &app);
        ch(&mut app, 'M');
    }
    key(&mut app, KeyCode::Esc);
    ch(&mut app, 'R');
    draw("new round: open or blind", &app);
    ch(&mut app, '1'); // blind
    draw("blind round 2", &app);
    // Everyone rates the first stage again, so that the rounds compare.
    let stages = session.template.stages.len();
    for _ in 0..session.participants.len() {
        ch(&mut app, '5');
        for _ in 1..stages {
            ch(&mut app, 'l');
        }
        ch(&mut app, 'j');
        for _ in 0..stages {
            ch(&mut app, 'h');
        }
    }
    ch(&mut app, 'r');
    key(&mut app, KeyCode::Enter); // confirm the reveal
    ch(&mut app, 'C');
    assert!(app.compare.is_some(), "{:?}", app.status);
    draw("compare rounds", &app);
    key(&mut app, KeyCode::Esc);
    ch(&mut app, '?');
    draw("help", &app);
    key(&mut app, KeyCode::Esc);
    ch(&mut app, 'e');
    draw("agenda picker", &app);
    key(&mut app, KeyCode::Esc);
    ch(&mut app, 'J');
    draw("join panel", &app);
    key(&mut app, KeyCode::Esc);
    ch(&mut app, 'q');
    // Home: the session and a copy of it, compared.
    Store::new(dir.path()).create(session).expect("create");
    let mut home = loopshop::cli::effects::home_app(Store::new(dir.path()), now(), true);
    draw("home", &home);
    key(&mut home, KeyCode::Tab);
    key(&mut home, KeyCode::Down);
    ctrl(&mut home, 'o');
    assert!(home.compare.is_some(), "{:?}", home.status);
    draw("compare sessions", &home);
    seen
}

/// Issue 10: a very long stage name passed `template check` and then
/// panicked `show`. The name of 70,001 characters, the one of 68,000
/// columns (more than a u16 counts) and names of wide and joined characters
/// draw on every screen, at every size, cut to their column.
#[test]
fn long_and_wide_stage_names_draw_on_every_screen() {
    for name in [
        "long_stage_name",
        "long_wide_stage_name",
        "wide_stage_names",
    ] {
        let seen = draw_every_screen(&on_fixture_template(name));
        assert_eq!(seen.len(), 40, "{name}: {seen:?}");
    }
    let (_d, mut app) = open_app(&on_fixture_template("wide_stage_names"));
    goto(&mut app, 3);
    snap!("wide_stage_names_rating", app);
    let (_d, mut app) = open_app(&on_fixture_template("long_stage_name"));
    goto(&mut app, 3);
    ch(&mut app, 'l');
    snap!("long_stage_name_rating", app);
    ch(&mut app, 'M');
    ch(&mut app, 'M');
    ch(&mut app, 'M');
    snap!("long_stage_name_analysis_text", app);
}

#[test]
fn a_delphi_round_on_one_dimension_leaves_the_model_complete() {
    let (_d, mut app) = open_app(&synthetic_session("Delphi", 5, 3));
    goto(&mut app, 3);
    ch(&mut app, 'R');
    ch(&mut app, '2'); // an open round 2
    // Round 2 re-rates maturity only: every participant, every stage.
    let cells = session(&app).participants.len() * session(&app).template.stages.len();
    for _ in 0..cells {
        ch(&mut app, '5');
    }
    ch(&mut app, 'M');
    let screen = render(&app, 160, 48);
    assert!(
        screen.contains("Round 2 (Technological maturity); round 1 (others)"),
        "{screen}"
    );
    // Every stage is placed: its name is drawn in the chart.
    for stage in &session(&app).template.stages {
        assert!(
            screen.contains(&stage.name),
            "{} missing:\n{screen}",
            stage.name
        );
    }
    let selection = app.view().expect("view").selection();
    let model = selection.model(
        app.view().expect("view").engine.aggregate(),
        &session(&app).template,
    );
    assert!(
        model
            .iter()
            .all(|p| p.x.is_some() && p.y.is_some() && p.size.is_some())
    );
    // # shows exactly round 1, then round 2 alone (only maturity rated).
    ch(&mut app, '#');
    assert!(render(&app, 160, 48).contains("Round 1:"));
    ch(&mut app, '#');
    assert!(render(&app, 160, 48).contains("Round 2:"));
}

#[test]
fn an_alias_that_differs_only_in_case_is_refused_in_the_grid() {
    let (_d, mut app) = open_app(&two_people());
    goto(&mut app, 3);
    ch(&mut app, 'a');
    typed(&mut app, "ANA");
    key(&mut app, KeyCode::Enter);
    assert_eq!(session(&app).participants.len(), 2);
    assert!(
        app.status_text()
            .is_some_and(|s| s.contains("already exists")),
        "{:?}",
        app.status
    );
}

/// `L` opens the session settings: the room's language, picked from the
/// languages with a catalogue; the choice is saved in the session and the
/// terminal stays in English.
#[test]
fn the_settings_key_picks_the_rooms_language() {
    let (_d, mut app) = open_app(&synthetic_session("Rum", 3, 1));
    goto(&mut app, 3);
    assert_eq!(session(&app).language, "en");
    ch(&mut app, 'L');
    let Some(Modal::Pick(pick)) = &app.modal else {
        panic!("no picker: {:?}", app.modal);
    };
    assert!(pick.title.contains("language"), "{}", pick.title);
    assert_eq!(pick.items, ["en  English", "sv  svenska"]);
    assert_eq!(pick.selected, 0, "the current language is highlighted");
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Enter);
    assert!(app.modal.is_none());
    assert_eq!(session(&app).language, "sv");
    let screen = render(&app, 160, 48);
    assert!(screen.contains("svenska (sv)"), "{screen}");
    assert!(screen.contains("Exercise"), "the terminal stays in English");
    // Saved: the file on disk says so once the engine has flushed.
    let path = app.view().expect("view").engine.path().to_owned();
    app.view_mut().expect("view").engine.flush();
    assert_eq!(store::load(&path).expect("load").language, "sv");
}

#[test]
fn the_model_review_says_where_rounds_start_and_which_round_it_shows() {
    let (_d, mut app) = open_app(&example_session());
    goto(&mut app, 6);
    ch(&mut app, 'R');
    assert_eq!(
        app.status_text(),
        Some("rounds start in a rating grid: e jumps to one, then R starts the next round")
    );
    let screen = render(&app, 160, 48);
    assert!(screen.contains("Conceptual model · round 1"), "{screen}");
}

/// Round 1 agreed on 3 for Mining (Q1-Q3 3-3); in round 2 one expert says
/// 5 (two points out: flagged) and one 4 (one point out: within the margin
/// of one scale point). `f` steps to the flagged answer; `F` back.
#[test]
fn f_steps_through_the_answers_outside_the_last_rounds_middle_range() {
    use loopshop::domain::{Change, EnteredBy, Participant, Round};
    let mut s = Session::new("Outliers", "", default_template(), epoch());
    for (id, alias) in [
        ("p01", "Ana"),
        ("p02", "Ben"),
        ("p03", "Cy"),
        ("p04", "Dee"),
    ] {
        s.apply(&Change::AddParticipant(Participant {
            id: id.into(),
            alias: alias.into(),
            role: String::new(),
            organisation: String::new(),
            joined: false,
        }))
        .expect("participant");
    }
    let rate = |s: &mut Session, round: u32, p: &str, v: u8| {
        s.apply(&Change::SetRating {
            participant: p.to_owned(),
            round,
            stage: "mining".to_owned(),
            dimension: "maturity".to_owned(),
            score: Score::Value(v),
            comment: None,
            at: epoch(),
            entered_by: EnteredBy::Facilitator,
        })
        .expect("rating");
    };
    for p in ["p01", "p02", "p03", "p04"] {
        rate(&mut s, 1, p, 3);
    }
    s.apply(&Change::StartRound(Round {
        number: 2,
        started: epoch(),
        blind: false,
        revealed: false,
        absent: Vec::new(),
    }))
    .expect("round 2");
    rate(&mut s, 2, "p03", 5);
    rate(&mut s, 2, "p04", 4);
    let (_d, mut app) = open_app(&s);
    goto(&mut app, 3);
    ch(&mut app, 'f');
    assert_eq!(
        app.status_text(),
        Some("Cy × Mining: flagged 1 of 1: ask for a reason (c)")
    );
    let focus = app.view().expect("view").focus();
    assert_eq!((focus.row, focus.col), (2, 1));
    ch(&mut app, 'F');
    assert_eq!(
        app.status_text(),
        Some("Cy × Mining: flagged 1 of 1: ask for a reason (c)")
    );
}
