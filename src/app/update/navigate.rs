//! Moving between exercises, and the pick lists that several screens
//! offer: shared by the session screen and its modals, so it depends on
//! neither.

use chrono::{DateTime, Utc};

use crate::app::state::{EntryOrder, Focus, IdeasView, SessionView};
use crate::app::status::Handled;
use crate::engine::Intent;

/// Moves to exercise `i` (the engine stops the running clock and starts the
/// next).
pub(super) fn go_to(v: &mut SessionView, i: usize, now: DateTime<Utc>) -> Handled {
    if i == v.exercise() {
        return Ok(None);
    }
    v.act(Intent::GoToExercise(i), now)?;
    v.grid.forget_typing();
    v.analysis.scroll = 0;
    v.ideas.view = IdeasView::List;
    v.open_where_the_room_is(now);
    Ok(None)
}

impl SessionView {
    /// A rating exercise opens where the room is: at its first dimension
    /// not complete in the current round (or its first), at that grid's
    /// first empty cell in the entry order (or its first cell).
    pub fn open_where_the_room_is(&mut self, now: DateTime<Utc>) {
        let dims = self.dimensions().to_vec();
        if dims.is_empty() {
            return;
        }
        let s = self.session();
        let round = self.round();
        let absent: Vec<String> = s.round(round).map(|r| r.absent.clone()).unwrap_or_default();
        let empty = |p: usize, st: usize, d: &str| {
            let (Some(person), Some(stage)) = (s.participants.get(p), s.template.stages.get(st))
            else {
                return false;
            };
            !absent.contains(&person.id) && s.rating(&person.id, round, &stage.id, d).is_none()
        };
        let (rows, cols) = (s.participants.len(), s.template.stages.len());
        let cells: Vec<Focus> = match self.grid.order {
            EntryOrder::AlongRow => (0..rows)
                .flat_map(|row| (0..cols).map(move |col| Focus { row, col }))
                .collect(),
            EntryOrder::DownColumn => (0..cols)
                .flat_map(|col| (0..rows).map(move |row| Focus { row, col }))
                .collect(),
        };
        let first_empty = |d: &str| cells.iter().copied().find(|f| empty(f.row, f.col, d));
        let (index, focus) = dims
            .iter()
            .enumerate()
            .find_map(|(i, d)| first_empty(d).map(|f| (i, f)))
            .unwrap_or((0, Focus::default()));
        let exercise = self.exercise();
        self.grid.set_dimension(exercise, index, now);
        self.set_focus(focus);
    }
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
