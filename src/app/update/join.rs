//! Participants' devices: starting the server (an effect the loop runs) and
//! the join panel, where the facilitator approves, removes and closes.

use crate::app::effect::Effect;
use crate::app::keys::Cmd;
use crate::app::state::{App, Modal, Screen};
use crate::app::status::{AppError, Handled, Status, cannot};

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
            let open = !v.session().access.roster_open;
            v.engine
                .set_roster_open(open, now)
                .map(|()| {
                    Some(if open {
                        "joining is open: new names are added".to_owned()
                    } else {
                        "joining is closed to new names".to_owned()
                    })
                })
                .map_err(AppError::from)
        }
        Cmd::NewJoinCode => {
            app.effects.push(Effect::NewJoinCode);
            Ok(None)
        }
        _ => Ok(None),
    };
    app.modal = Some(Modal::Join(selected));
    match result {
        Ok(Some(s)) => app.status = Some(Status::info(s)),
        Err(e) => app.status = Some(e.into()),
        Ok(None) => {}
    }
}
