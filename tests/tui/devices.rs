//! The terminal while participants join from their phones: the join panel
//! (address, code, QR code, devices), approving and removing a device, and
//! the grid's progress column and device marks. Snapshots at 80x24 and
//! 160x48; the server itself is tested in `tests/server/api.rs` and `tests/e2e/tui.rs`.

use crate::support::tui::{dispatch, key};
use chrono::{DateTime, Duration, Utc};
use crossterm::event::KeyCode;
use loopshop::app::{Action, App, Modal, Room};
use loopshop::domain::{RosterMode, Score};
use loopshop::engine::{Actor, Engine, Intent, SecondDevice};
use loopshop::store::Store;
use loopshop::synthetic::{epoch, synthetic_session};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempfile::TempDir;

fn now() -> DateTime<Utc> {
    epoch() + Duration::hours(4)
}

fn render(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| f.render_widget(app, f.area())).expect("draw");
    t.backend().to_string()
}

/// Six participants on the maturity grid; Expert 01 and 02 joined from
/// phones (02 twice: the second device waits), and 01 rated two stages.
fn app_with_devices() -> (TempDir, App) {
    let dir = TempDir::new().expect("temp dir");
    let store = Store::new(dir.path());
    let mut session = synthetic_session("Phones", 6, 3);
    session.ratings.clear();
    let path = store.create(&session).expect("create");
    let mut engine = Engine::open(&path).expect("open");
    let t = now();
    engine
        .ensure_access(|| "ABC234".to_owned(), || "k3y".to_owned(), t)
        .expect("access");
    engine
        .apply(&Actor::Facilitator, Intent::GoToExercise(2), t)
        .expect("go");
    for (alias, hash) in [
        ("expert 01", "h1"),
        ("Expert 02", "h2"),
        ("EXPERT 02", "h3"),
    ] {
        engine
            .join("abc234", alias, hash.to_owned(), SecondDevice::Wait, t)
            .expect("join");
    }
    for stage in ["exploration", "mining"] {
        let rate = Intent::Rate {
            participant: "p01".to_owned(),
            stage: stage.to_owned(),
            dimension: "maturity".to_owned(),
            score: Score::Value(4),
            comment: None,
        };
        engine
            .apply(&Actor::Participant("p01".to_owned()), rate, t)
            .expect("device rates");
    }
    engine.flush();
    let mut app = App::with_session(store, engine, t, true);
    dispatch(&mut app, Action::Tick(t));
    let url = "http://192.168.1.20:8787/".to_owned();
    let join_url = format!("{url}?code=ABC234");
    if let Some(v) = app.view_mut() {
        v.room = Some(Room {
            qr: loopshop::server::qr::half_block_lines(&join_url).expect("qr"),
            board_url: format!("{url}board?key=k3y"),
            code: "ABC234".to_owned(),
            join_url,
            url,
            loopback: false,
            lan: Vec::new(),
        });
    }
    (dir, app)
}

#[test]
fn the_grid_shows_who_has_rated_and_what_came_from_a_device() {
    let (_d, mut app) = app_with_devices();
    // The grid opened at its first empty cell; Home goes to a phone's rating.
    key(&mut app, KeyCode::Home);
    let screen = render(&app, 160, 48);
    assert!(
        screen.contains("join http://192.168.1.20:8787/ code ABC234"),
        "{screen}"
    );
    assert!(screen.contains("2/9"), "Expert 01's progress: {screen}");
    assert!(screen.contains("(from their device)"), "{screen}");
    insta::assert_snapshot!("devices_grid_160x48", screen);
}

#[test]
fn the_join_panel_approves_and_removes_devices() {
    let (_d, mut app) = app_with_devices();
    key(&mut app, KeyCode::Char('J'));
    assert!(matches!(app.modal, Some(Modal::Join(0))));
    insta::assert_snapshot!("join_panel_80x24", render(&app, 80, 24));
    insta::assert_snapshot!("join_panel_160x48", render(&app, 160, 48));
    let waiting = |app: &App| app.view().expect("view").engine.waiting_devices().len();
    assert_eq!(waiting(&app), 1);
    // The third device (Expert 02's second) waits; approve it.
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Down);
    key(&mut app, KeyCode::Char('a'));
    assert_eq!(waiting(&app), 0, "{:?}", app.status_text());
    assert_eq!(app.status_text(), Some("Expert 02's device approved"));
    // Remove the first: its token stops working.
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Up);
    key(&mut app, KeyCode::Char('d'));
    let engine = &app.view().expect("view").engine;
    assert!(engine.device_actor("h1").is_err());
    assert_eq!(
        engine.device_actor("h3").ok(),
        Some(Actor::Participant("p02".to_owned()))
    );
    // Who may join: the listed roster's default, then cards, then closed.
    let mode = |app: &App| app.view().expect("view").engine.roster_mode();
    assert_eq!(mode(&app), RosterMode::Listed);
    key(&mut app, KeyCode::Char('c'));
    assert_eq!(mode(&app), RosterMode::Cards);
    key(&mut app, KeyCode::Char('c'));
    assert_eq!(mode(&app), RosterMode::Closed);
    assert_eq!(
        app.status_text(),
        Some("who may join: closed: nobody new joins, joined devices keep working")
    );
    key(&mut app, KeyCode::Esc);
    assert!(app.modal.is_none());
    // The changes are saved with the next save.
    let path = app.view().expect("view").engine.path().to_owned();
    let disk = loopshop::store::load(&path).expect("load");
    assert_eq!(disk.access.devices.len(), 2);
    assert_eq!(disk.access.roster, Some(RosterMode::Closed));
}

#[test]
fn without_the_server_the_join_panel_says_how_to_start_it() {
    let (_d, mut app) = app_with_devices();
    if let Some(v) = app.view_mut() {
        v.room = None;
    }
    key(&mut app, KeyCode::Char('J'));
    assert!(app.modal.is_none());
    assert!(
        app.status_text()
            .is_some_and(|s| s.contains("S lets them join")),
        "{:?}",
        app.status_text()
    );
}

/// Names that joined from phones under the listed roster wait; `A`
/// approves them all, and `X` removes those without answers after asking,
/// in one step that `u` takes back.
#[test]
fn the_join_panel_approves_everyone_waiting_and_removes_unanswered_walk_ins() {
    let (_d, mut app) = app_with_devices();
    let t = now();
    if let Some(v) = app.view_mut() {
        for (alias, hash) in [("Walk-in A", "w1"), ("Walk-in B", "w2")] {
            let joined = v
                .engine
                .join("ABC234", alias, hash.to_owned(), SecondDevice::Wait, t)
                .expect("a new name waits");
            assert!(!joined.approved);
        }
    }
    let view = |app: &App| app.view().expect("view").engine.session().clone();
    let waiting = |app: &App| app.view().expect("view").engine.waiting_devices().len();
    assert_eq!(
        waiting(&app),
        3,
        "Expert 02's second phone and two walk-ins"
    );
    key(&mut app, KeyCode::Char('J'));
    key(&mut app, KeyCode::Char('A'));
    assert_eq!(waiting(&app), 0);
    // The count's words come from the catalogue's plural rules.
    assert_eq!(app.status_text(), Some("3 waiting devices approved"));
    key(&mut app, KeyCode::Char('X'));
    let Some(Modal::Pick(pick)) = &app.modal else {
        panic!("X asks first: {:?}", app.modal);
    };
    assert!(
        pick.title.contains("Walk-in A, Walk-in B"),
        "{}",
        pick.title
    );
    assert_eq!(
        view(&app).participants.len(),
        8,
        "nothing removed before the answer"
    );
    key(&mut app, KeyCode::Enter);
    assert_eq!(view(&app).participants.len(), 6);
    assert!(
        matches!(app.modal, Some(Modal::Join(_))),
        "back in the join panel"
    );
    assert!(
        view(&app)
            .access
            .devices
            .iter()
            .all(|d| !d.token_hash.starts_with('w'))
    );
    // Nobody left to remove; Esc, then u brings both back with their phones.
    key(&mut app, KeyCode::Char('X'));
    assert!(matches!(app.modal, Some(Modal::Join(_))), "nothing to ask");
    key(&mut app, KeyCode::Esc);
    key(&mut app, KeyCode::Char('u'));
    assert_eq!(view(&app).participants.len(), 8, "{:?}", app.status_text());
    assert_eq!(view(&app).access.devices.len(), 5);
}

/// The join panel shows both addresses whole (over several lines when the
/// panel is narrow), `y` copies the board's, and a loopback address says
/// that phones cannot reach it and where they could.
#[test]
fn the_join_panel_shows_addresses_whole_copies_the_board_and_warns_of_loopback() {
    let (_d, mut app) = app_with_devices();
    let board = "http://192.168.1.20:8787/board?key=0123456789abcdef0123456789abcdef".to_owned();
    if let Some(room) = app.view_mut().and_then(|v| v.room.as_mut()) {
        room.board_url.clone_from(&board);
    }
    key(&mut app, KeyCode::Char('J'));
    for width in [80, 160, 200] {
        let screen = render(&app, width, 48);
        // The lines under "board (y copies):", from its column to the
        // panel's border, read back together.
        let lines: Vec<&str> = screen.lines().collect();
        let at = lines
            .iter()
            .position(|l| l.contains("board (y copies):"))
            .expect("the board's label");
        let column = lines[at]
            .chars()
            .take_while(|_| true)
            .collect::<String>()
            .find("board (y copies):")
            .map(|byte| lines[at][..byte].chars().count())
            .expect("column");
        let joined: String = lines[at + 1..]
            .iter()
            .map(|l| {
                l.chars()
                    .skip(column)
                    .take_while(|c| *c != '│')
                    .collect::<String>()
            })
            .take_while(|piece| {
                piece
                    .trim()
                    .starts_with(|c: char| c.is_ascii_alphanumeric() || "/:?=.".contains(c))
            })
            .map(|piece| piece.trim().to_owned())
            .collect();
        assert!(
            joined.contains(&board),
            "the whole board address at {width}: {screen}"
        );
    }
    let mut runner = loopshop::cli::effects::Runner::inline();
    let ev =
        crossterm::event::KeyEvent::new(KeyCode::Char('y'), crossterm::event::KeyModifiers::NONE);
    let cmd = loopshop::cli::keys::command(&app, &ev).expect("y is a key of the panel");
    runner.dispatch(&mut app, Action::Cmd(cmd));
    assert_eq!(runner.copied(), Some(board.as_str()));
    if let Some(room) = app.view_mut().and_then(|v| v.room.as_mut()) {
        room.loopback = true;
        room.lan = vec!["192.168.1.20".to_owned()];
    }
    let screen = render(&app, 200, 48);
    assert!(
        screen.contains("only this computer can reach this address"),
        "{screen}"
    );
    assert!(
        screen.contains("start with --bind") && screen.contains("0.0.0.0 to let phones in"),
        "{screen}"
    );
    assert!(
        screen.contains("this computer in the room's network:"),
        "{screen}"
    );
}
