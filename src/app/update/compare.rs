//! The comparison of two rounds or two sessions.

use crate::domain::Session;

use crate::app::keys::Cmd;
use crate::app::state::{App, CompareView, Modal, Screen};
use crate::app::status::{Handled, cannot};
use crate::engine::Viewer;

/// The comparison's keys; returns a command for the screen under it (its
/// `q` closes the comparison and then quits what is below).
pub(super) fn on_compare(app: &mut App, cmd: Cmd) -> Option<Cmd> {
    let c = app.compare.as_mut()?;
    match cmd {
        Cmd::Up => c.scroll = c.scroll.saturating_sub(1),
        Cmd::Down => {
            let max = 2 * c.comparison.cells.len() + c.comparison.concordance.len() + 40;
            c.scroll = (c.scroll + 1).min(max);
        }
        Cmd::CloseView => app.compare = None,
        Cmd::Help => app.modal = Some(Modal::Help(crate::app::keys::Ctx::Compare, 0)),
        Cmd::Quit => {
            app.compare = None;
            match app.screen {
                Screen::Home(_) => app.quit = true,
                Screen::Session(_) => return Some(Cmd::Quit),
            }
        }
        _ => {}
    }
    None
}

/// Opens the comparison of round `round_a` of `a` with `round_b` of `b`.
pub(crate) fn show_compare(app: &mut App, a: &Session, round_a: u32, b: &Session, round_b: u32) {
    let comparison = crate::analysis::compare::compare_rounds(a, round_a, b, round_b);
    app.compare = Some(CompareView {
        comparison,
        template: a.template.clone(),
        scroll: 0,
    });
}

/// Compares the last two rounds of the session on screen.
pub(super) fn compare_last_rounds(app: &mut App) -> Handled {
    let Some(v) = app.view() else {
        return Ok(None);
    };
    let s = v.session();
    let mut numbers: Vec<u32> = s.rounds.iter().map(|r| r.number).collect();
    numbers.sort_unstable();
    let [.., a, b] = numbers[..] else {
        return Err(cannot(
            "only one round so far: R starts a second one to compare with",
        ));
    };
    for n in [a, b] {
        if !v.engine.group_visible(&Viewer::Facilitator, n) {
            return Err(cannot(format!(
                "round {n} is blind and not revealed yet (r reveals it), so it cannot be compared"
            )));
        }
    }
    let s = s.clone();
    show_compare(app, &s, a, &s, b);
    Ok(None)
}
