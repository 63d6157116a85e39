//! Control characters never enter the terminal's text boxes (issue 10):
//! whatever arrives as a typed character (a key the terminal reads oddly, a
//! paste of escape sequences, a command sent at the update level), the new
//! session's title, an alias (added or renamed), a role, an organisation,
//! a comment, a note, an idea, a flow's materials and note, and the home
//! screen's filter keep only the printable characters, and nothing written
//! to the session holds a control character.

use crate::support::tui::{cmd, goto, key, key_with};
use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use loopshop::app::keys::Cmd;
use loopshop::app::{App, Modal, Screen};
use loopshop::domain::{Change, Participant, Session, default_template, has_control};
use loopshop::engine::Engine;
use loopshop::store::{self, Store};
use loopshop::synthetic::{epoch, synthetic_session};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tempfile::TempDir;

/// C0 and C1 controls, line breaks, tab, DEL and NUL: an escape sequence's
/// introducers (ESC, CSI, OSC's BEL) among them.
const CONTROLS: [char; 10] = [
    '\u{1b}', '\u{7}', '\u{9b}', '\u{9d}', '\n', '\r', '\t', '\u{7f}', '\0', '\u{85}',
];

fn now() -> DateTime<Utc> {
    epoch() + Duration::hours(4)
}

fn open_app(session: &Session) -> (TempDir, App) {
    let dir = TempDir::new().expect("temp dir");
    let store = Store::new(dir.path());
    let path = store.create(session).expect("create");
    let engine = Engine::open(&path).expect("open");
    (dir, App::with_session(store, engine, now(), true))
}

/// Types `text` into the open box at the update level, every control
/// character between each two letters, and an escape sequence as a whole.
fn type_hostile(app: &mut App, text: &str) {
    for c in text.chars() {
        cmd(app, Cmd::TypeChar(c));
        for control in CONTROLS {
            cmd(app, Cmd::TypeChar(control));
        }
    }
    for c in "\u{1b}]52;c;aGk=\u{7}".chars() {
        cmd(app, Cmd::TypeChar(c));
    }
}

/// What the open text box holds.
fn box_text(app: &App) -> String {
    match &app.modal {
        Some(Modal::Input(input)) => input.text.clone(),
        other => panic!("no text box open: {other:?}"),
    }
}

fn session(app: &App) -> &Session {
    app.view().expect("session view").session()
}

/// Every text of a session, as its file holds them.
fn every_text(s: &Session) -> Vec<String> {
    let mut texts = vec![s.title.clone()];
    for p in &s.participants {
        texts.extend([p.alias.clone(), p.role.clone(), p.organisation.clone()]);
    }
    texts.extend(
        s.ratings_iter()
            .filter_map(|r| r.comment.map(str::to_owned)),
    );
    texts.extend(s.notes.iter().map(|n| n.text.clone()));
    texts.extend(s.ideas.iter().map(|i| i.text.clone()));
    for f in &s.flows {
        texts.push(f.note.clone());
        texts.extend(f.materials.iter().cloned());
    }
    texts
}

fn no_control_anywhere(app: &App) {
    let on_disk = store::load(app.view().expect("view").engine.path()).expect("load");
    for text in every_text(&on_disk) {
        assert!(!has_control(&text), "{text:?}");
    }
}

#[test]
fn the_new_session_title_and_the_home_filter_keep_only_printable_characters() {
    let dir = TempDir::new().expect("temp dir");
    let mut app = loopshop::cli::effects::home_app(Store::new(dir.path()), now(), true);
    for c in "Kick".chars() {
        cmd(&mut app, Cmd::FilterType(c));
        for control in CONTROLS {
            cmd(&mut app, Cmd::FilterType(control));
        }
    }
    let Screen::Home(home) = &app.screen else {
        panic!("not home");
    };
    assert_eq!(home.filter, "Kick");
    key_with(&mut app, KeyCode::Esc, KeyModifiers::NONE);
    key_with(&mut app, KeyCode::Char('n'), KeyModifiers::CONTROL);
    type_hostile(&mut app, "Kick-off");
    assert_eq!(box_text(&app), "Kick-off]52;c;aGk=");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char('1')); // round 1 open
    key(&mut app, KeyCode::Char('1')); // in English
    assert_eq!(session(&app).title, "Kick-off]52;c;aGk=");
    no_control_anywhere(&app);
}

#[test]
fn alias_comment_and_note_keep_only_printable_characters() {
    let mut s = Session::new("Small", "", default_template(), epoch());
    s.apply(&Change::AddParticipant(Participant {
        id: "p01".into(),
        alias: "Ana".into(),
        role: String::new(),
        organisation: String::new(),
        joined: false,
    }))
    .expect("add");
    let (_d, mut app) = open_app(&s);
    goto(&mut app, 3);
    key(&mut app, KeyCode::Char('4'));
    key(&mut app, KeyCode::Left);
    key(&mut app, KeyCode::Char('c'));
    type_hostile(&mut app, "pilot");
    assert_eq!(box_text(&app), "pilot]52;c;aGk=");
    // Drawn as it is held: no escape byte reaches the terminal.
    let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
    t.draw(|f| f.render_widget(&app, f.area())).expect("draw");
    let screen = t.backend().to_string();
    assert!(screen.contains("pilot]52;c;aGk="), "{screen}");
    assert!(
        !screen.chars().any(|c| c.is_control() && c != '\n'),
        "{screen:?}"
    );
    key(&mut app, KeyCode::Enter);
    let e = session(&app)
        .rating("p01", 1, "exploration", "maturity")
        .expect("rated");
    assert_eq!(e.comment(), Some("pilot]52;c;aGk="));
    key(&mut app, KeyCode::Char('a'));
    type_hostile(&mut app, "Ben");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        session(&app).participants.last().map(|p| p.alias.as_str()),
        Some("Ben]52;c;aGk=")
    );
    // Renaming, then role and organisation (w on a participant: 1, 2, 3).
    for (field, text) in [('1', " Bee"), ('2', "recycler"), ('3', "Uni")] {
        key(&mut app, KeyCode::Char('w'));
        key(&mut app, KeyCode::Char(field));
        type_hostile(&mut app, text);
        key(&mut app, KeyCode::Enter);
    }
    // Ben, just added, has the focus; the rename box starts with his name.
    let p = session(&app).participants.last().expect("Ben");
    assert_eq!(p.alias, "Ben]52;c;aGk= Bee]52;c;aGk=");
    assert_eq!(p.role, "recycler]52;c;aGk=");
    assert_eq!(p.organisation, "Uni]52;c;aGk=");
    key(&mut app, KeyCode::Char('n'));
    type_hostile(&mut app, "break");
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        session(&app).notes.last().map(|n| n.text.as_str()),
        Some("break]52;c;aGk=")
    );
    no_control_anywhere(&app);
}

#[test]
fn idea_and_flow_texts_keep_only_printable_characters() {
    let (_d, mut app) = open_app(&synthetic_session("Ideas", 3, 1));
    goto(&mut app, 4);
    key(&mut app, KeyCode::Char('i'));
    type_hostile(&mut app, "QR");
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Char(' '));
    key(&mut app, KeyCode::Enter);
    key(&mut app, KeyCode::Enter);
    assert_eq!(
        session(&app).ideas.last().map(|i| i.text.as_str()),
        Some("QR]52;c;aGk=")
    );
    // A flow: from, to, kind and strength picked, then the two text boxes.
    goto(&mut app, 2);
    key(&mut app, KeyCode::Char('i'));
    for _ in 0..4 {
        key(&mut app, KeyCode::Enter);
        if matches!(app.modal, Some(Modal::Input(_))) {
            break;
        }
    }
    type_hostile(&mut app, "Li, Co");
    key(&mut app, KeyCode::Enter);
    type_hostile(&mut app, "mass");
    key(&mut app, KeyCode::Enter);
    let f = session(&app).flows.last().expect("flow").clone();
    assert_eq!(f.materials, vec!["Li", "Co]52;c;aGk="]);
    assert_eq!(f.note, "mass]52;c;aGk=");
    no_control_anywhere(&app);
}

#[test]
fn a_control_character_key_is_not_read_as_typing() {
    let (_d, mut app) = open_app(&synthetic_session("Keys", 2, 1));
    key(&mut app, KeyCode::Char('n'));
    assert!(matches!(app.modal, Some(Modal::Input(_))));
    for control in CONTROLS {
        let read = loopshop::cli::keys::command(
            &app,
            &KeyEvent::new(KeyCode::Char(control), KeyModifiers::NONE),
        );
        assert!(
            !matches!(read, Some(Cmd::TypeChar(_))),
            "{control:?} read as {read:?}"
        );
    }
}
