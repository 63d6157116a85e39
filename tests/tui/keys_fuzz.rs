//! Any sequence of keys, at any terminal size, neither panics nor lets the
//! live statistics drift from a full recomputation, and what is on disk is
//! what is in memory.

use crate::support::tui::{dispatch, press};
use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use loopshop::analysis::Aggregate;
use loopshop::app::{Action, App};
use loopshop::engine::Engine;
use loopshop::store::{self, Store};
use loopshop::synthetic::{epoch, synthetic_session};
use proptest::prelude::*;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

fn key_strategy() -> impl Strategy<Value = KeyEvent> {
    let chars: Vec<char> = "0123456789xXcanuUrRgivVpPdeqmMEC?[] hjklHJKL-é"
        .chars()
        .collect();
    let codes = prop_oneof![
        proptest::sample::select(chars).prop_map(KeyCode::Char),
        Just(KeyCode::Enter),
        Just(KeyCode::Esc),
        Just(KeyCode::Tab),
        Just(KeyCode::BackTab),
        Just(KeyCode::Backspace),
        Just(KeyCode::Up),
        Just(KeyCode::Down),
        Just(KeyCode::Left),
        Just(KeyCode::Right),
        Just(KeyCode::PageUp),
        Just(KeyCode::PageDown),
    ];
    let mods = prop_oneof![
        8 => Just(KeyModifiers::NONE),
        1 => Just(KeyModifiers::CONTROL),
        1 => Just(KeyModifiers::SHIFT),
    ];
    (codes, mods).prop_map(|(c, m)| KeyEvent::new(c, m))
}

proptest! {
    #![proptest_config(crate::support::proptest_config(24))]

    #[test]
    fn random_keys_never_panic_and_stay_consistent(
        keys in proptest::collection::vec(key_strategy(), 1..120),
        w in 0u16..200,
        h in 0u16..60,
    ) {
        let dir = tempfile::TempDir::new().expect("temp dir");
        let store = Store::new(dir.path());
        let path = store.create(&synthetic_session("Fuzz", 3, 5)).expect("create");
        let engine = Engine::open(&path).expect("open");
        let now = epoch() + Duration::hours(1);
        let mut app = App::with_session(store, engine, now, true);
        // As the loop does before the first key: save what opening staged.
        dispatch(&mut app, Action::Tick(now));
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        for k in keys {
            press(&mut app, k);
            if app.quit {
                break;
            }
            buf.reset();
            (&app).render(area, &mut buf);
        }
        if let Some(v) = app.view() {
            let agg = v.engine.aggregate();
            prop_assert_eq!(agg, &Aggregate::new(v.session()));
            let disk = store::load(v.engine.path()).expect("load");
            prop_assert_eq!(&disk, v.session());
        }
    }
}
