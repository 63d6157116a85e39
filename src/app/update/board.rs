//! `b`: what the room's board shows. The choice is the engine's (every
//! board follows it within a second); the terminal only offers the list.

use crate::app::state::{Modal, PickPurpose, PickState, SessionView};
use crate::engine::BoardChoice;

/// The pick list of what the board may show, on the board's current choice.
pub(super) fn pick(v: &SessionView) -> Modal {
    let t = v.template();
    let mut choices = vec![BoardChoice::Follow, BoardChoice::Model, BoardChoice::Matrix];
    choices.extend(
        t.dimensions
            .iter()
            .map(|d| BoardChoice::Dimension(d.id.clone())),
    );
    choices.extend([BoardChoice::Ideas, BoardChoice::Discussion]);
    let items = choices.iter().map(|c| label(v, c)).collect();
    let selected = choices
        .iter()
        .position(|c| c == v.engine.board_choice())
        .unwrap_or(0);
    Modal::Pick(PickState {
        title: "What the room's board shows (names and single answers never)".to_owned(),
        items,
        selected,
        ticked: None,
        purpose: PickPurpose::Board(choices),
    })
}

fn label(v: &SessionView, choice: &BoardChoice) -> String {
    match choice {
        BoardChoice::Follow => "follow the exercise on this screen".to_owned(),
        BoardChoice::Model => "the model".to_owned(),
        BoardChoice::Matrix => "the matrix".to_owned(),
        BoardChoice::Dimension(id) => {
            let name = v.template().dimension(id).map_or(id.as_str(), |d| &d.name);
            format!("{name}: the answers per stage")
        }
        BoardChoice::Ideas => "the ideas ranked by dots".to_owned(),
        BoardChoice::Discussion => "discussion: the question, no numbers".to_owned(),
    }
}

/// The facilitator picked item `sel` of `choices`: what the status line says.
pub(super) fn on_pick(v: &mut SessionView, choices: &[BoardChoice], sel: usize) -> Option<String> {
    let choice = choices.get(sel)?;
    let words = label(v, choice);
    v.engine.set_board_choice(choice.clone());
    Some(format!("the board shows {words}"))
}
