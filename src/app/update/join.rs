//! Participants' devices: starting the server (an effect the loop runs) and
//! the join panel, where the facilitator approves, removes and closes.

use crate::app::effect::Effect;
use crate::app::keys::Cmd;
use crate::app::state::{App, Modal, PickPurpose, PickState, Screen};
use crate::app::status::{AppError, Handled, Status, cannot};
use crate::domain::RosterMode;

/// `S` and `J` on the session screen.
pub(super) fn session_cmd(app: &mut App, cmd: Cmd) -> Handled {
    let Screen::Session(v) = &app.screen else {
        return Ok(None);
    };
    match cmd {
        Cmd::ToggleServer => {
            app.effects.push(Effect::ToggleServer);
            Ok(None)
        }
        Cmd::JoinPanel if v.room.is_none() => Err(cannot(
            "participants' devices are off: S lets them join from their phones",
        )),
        Cmd::JoinPanel => {
            app.modal = Some(Modal::Join(0));
            Ok(None)
        }
        _ => Ok(None),
    }
}

/// Keys of the join panel.
pub(super) fn on_join(app: &mut App, selected: usize, cmd: Cmd) {
    let now = app.now;
    let Some(v) = app.view_mut() else {
        return;
    };
    let devices: Vec<(String, String, bool)> = v
        .session()
        .access
        .devices
        .iter()
        .map(|d| {
            let alias = v
                .session()
                .participant(&d.participant)
                .map_or_else(|| d.participant.clone(), |p| p.alias.clone());
            (d.token_hash.clone(), alias, d.approved)
        })
        .collect();
    let last = devices.len().saturating_sub(1);
    let mut selected = selected.min(last);
    let result: Handled = match cmd {
        Cmd::CloseView => return,
        Cmd::Up => {
            selected = selected.saturating_sub(1);
            Ok(None)
        }
        Cmd::Down => {
            selected = (selected + 1).min(last);
            Ok(None)
        }
        Cmd::ApproveDevice | Cmd::RemoveDevice => match devices.get(selected) {
            None => Err(cannot("no device has joined yet")),
            Some((hash, alias, approved)) => {
                if cmd == Cmd::ApproveDevice {
                    if *approved {
                        Err(cannot(format!("{alias}'s device is approved already")))
                    } else {
                        v.engine
                            .approve_device(hash, now)
                            .map(|()| Some(format!("{alias}'s device approved")))
                            .map_err(AppError::from)
                    }
                } else {
                    v.engine
                        .remove_device(hash, now)
                        .map(|()| Some(format!("{alias}'s device removed: it is signed out")))
                        .map_err(AppError::from)
                }
            }
        },
        Cmd::ToggleRoster => {
            let mode = v.engine.roster_mode().next();
            v.engine
                .set_roster(Some(mode), now)
                .map(|()| Some(format!("who may join: {}", roster_words(mode))))
                .map_err(AppError::from)
        }
        Cmd::ApproveAll => match v.engine.approve_all_waiting(now) {
            Ok(0) => Err(cannot("no device is waiting")),
            Ok(n) => Ok(Some(
                crate::i18n::Tr::english()
                    .args("terminal-devices-approved", &[("devices", n.into())]),
            )),
            Err(e) => Err(e.into()),
        },
        Cmd::RemoveJoined => match ask_remove_joined(&v.engine) {
            Ok(pick) => {
                app.modal = Some(pick);
                return;
            }
            Err(e) => Err(e),
        },
        Cmd::NewJoinCode => {
            app.effects.push(Effect::NewJoinCode);
            Ok(None)
        }
        Cmd::CopyBoardAddress => match v.room.as_ref().map(|r| r.board_url.clone()) {
            Some(board_url) => {
                app.effects.push(Effect::Copy(board_url));
                Ok(Some(
                    "the board's address is on the clipboard (if the terminal allows it)"
                        .to_owned(),
                ))
            }
            None => Err(cannot("the server is off: S starts it")),
        },
        _ => Ok(None),
    };
    app.modal = Some(Modal::Join(selected));
    match result {
        Ok(Some(s)) => app.status = Some(Status::info(s)),
        Err(e) => app.status = Some(e.into()),
        Ok(None) => {}
    }
}

/// `X`: the question before removing everyone who joined from a phone
/// under a new name and has no answer, or why there is nobody to remove.
fn ask_remove_joined(engine: &crate::engine::Engine) -> Result<Modal, AppError> {
    let ids = engine.joined_without_answers();
    if ids.is_empty() {
        return Err(cannot(
            "nobody who joined from a phone under a new name is without answers",
        ));
    }
    let names: Vec<String> = ids
        .iter()
        .filter_map(|id| engine.session().participant(id))
        .map(|p| p.alias.clone())
        .collect();
    Ok(Modal::Pick(PickState {
        title: format!(
            "Remove {} who joined from phones and have no answers ({})?",
            names.len(),
            names.join(", ")
        ),
        items: vec![
            format!("Remove all {}: their devices are signed out", names.len()),
            "Cancel".to_owned(),
        ],
        selected: 0,
        ticked: None,
        purpose: PickPurpose::RemoveJoined(ids),
    }))
}

/// What a roster mode means, in the facilitator's words.
#[must_use]
pub fn roster_words(mode: RosterMode) -> &'static str {
    match mode {
        RosterMode::Open => "open: any name joins",
        RosterMode::Listed => "listed: listed names join, new names wait for a (approve)",
        RosterMode::Cards => "cards: only personal join cards join",
        RosterMode::Closed => "closed: nobody new joins, joined devices keep working",
    }
}
