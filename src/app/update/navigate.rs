//! Moving between exercises, and the pick lists that several screens
//! offer: shared by the session screen and its modals, so it depends on
//! neither.

use chrono::{DateTime, Utc};

use crate::app::state::{IdeasView, SessionView};
use crate::app::status::Handled;
use crate::engine::Intent;

/// Moves to exercise `i` (the engine stops the running clock and starts the
/// next).
pub(super) fn go_to(v: &mut SessionView, i: usize, now: DateTime<Utc>) -> Handled {
    if i == v.exercise() {
        return Ok(None);
    }
    v.act(Intent::GoToExercise(i), now)?;
    v.grid.just_typed = None;
    v.grid.at_end = false;
    v.analysis.scroll = 0;
    v.ideas.view = IdeasView::List;
    Ok(None)
}

/// The pick list of languages: each code with its name in its own language.
pub(super) fn language_items(codes: &[String]) -> Vec<String> {
    codes
        .iter()
        .map(|code| {
            format!(
                "{code}  {}",
                crate::i18n::Tr::new(code).text("language-name")
            )
        })
        .collect()
}
