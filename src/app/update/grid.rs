//! The rating grid: digits, don't know, clear, comments, participants,
//! rounds and reveal.

use crossterm::event::{KeyCode, KeyEvent};

use crate::domain::{Change, Round, Score};

use super::ideas::ideas_cmd;
use super::input;
use super::session::Record;
use crate::app::keys::Cmd;
use crate::app::state::{App, InputPurpose, InputState, Modal};

pub(super) fn grid_cmd(app: &mut App, cmd: Cmd, ev: &KeyEvent) -> Result<Option<String>, String> {
    let now = app.now;
    let Some(v) = app.view_mut() else {
        return Ok(None);
    };
    let rows = v.session().participants.len();
    let cols = v.template().stages.len();
    let ndims = v.dimensions().len();
    let round = v.round();
    let cell = v
        .session()
        .participants
        .get(v.row)
        .map(|p| p.id.clone())
        .zip(
            v.template()
                .stages
                .get(v.col)
                .map(|s| s.id.clone())
                .zip(v.dimension_id().map(str::to_owned)),
        );
    match cmd {
        Cmd::Up => v.row = v.row.saturating_sub(1),
        Cmd::Down => v.row = (v.row + 1).min(rows.saturating_sub(1)),
        Cmd::Left => v.col = v.col.saturating_sub(1),
        Cmd::Right => v.col = (v.col + 1).min(cols.saturating_sub(1)),
        Cmd::NextDimension => v.dimension = (v.dimension + 1) % ndims.max(1),
        Cmd::PrevDimension => v.dimension = (v.dimension + ndims.max(1) - 1) % ndims.max(1),
        Cmd::IdeasView => return ideas_cmd(app, cmd),
        Cmd::AddParticipant => {
            app.modal = Some(input(
                "Alias of the new participant",
                InputPurpose::ParticipantAlias,
            ));
        }
        Cmd::Reveal => {
            let Some(r) = v.session().round(round).cloned() else {
                return Err(format!("unknown round {round}"));
            };
            if !r.blind {
                return Err(format!(
                    "round {round} is not blind, the group is shown (R starts a blind round)"
                ));
            }
            v.commit(
                vec![Change::SetRevealed {
                    round,
                    revealed: !r.revealed,
                }],
                now,
                Record::New,
            )?;
            return Ok(Some(if r.revealed {
                format!("round {round}: group hidden")
            } else {
                format!("round {round}: group revealed")
            }));
        }
        Cmd::NewRound => {
            let number = round + 1;
            v.commit(
                vec![Change::StartRound(Round {
                    number,
                    started: now,
                    blind: true,
                    revealed: false,
                })],
                now,
                Record::New,
            )?;
            return Ok(Some(format!(
                "blind round {number} started: the group stays hidden until r"
            )));
        }
        Cmd::Rate | Cmd::DontKnow | Cmd::Clear | Cmd::Comment => {
            let Some((participant, (stage, dimension))) = cell else {
                return Err(if rows == 0 {
                    "no participants yet: press a to add one".to_owned()
                } else {
                    "no cell to rate here".to_owned()
                });
            };
            let existing = v
                .session()
                .rating(&participant, round, &stage, &dimension)
                .cloned();
            let who = v
                .session()
                .participant(&participant)
                .map_or(participant.clone(), |p| p.alias.clone());
            let stage_name = v
                .template()
                .stage(&stage)
                .map_or(stage.clone(), |s| s.name.clone());
            let score = match cmd {
                Cmd::Rate => {
                    let KeyCode::Char(c) = ev.code else {
                        return Ok(None);
                    };
                    let d = c
                        .to_digit(10)
                        .and_then(|d| u8::try_from(d).ok())
                        .unwrap_or(0);
                    let scale = v.template().dimension(&dimension).map(|d| d.scale);
                    if let Some(scale) = scale
                        && !scale.contains(d)
                    {
                        return Err(format!(
                            "{d} is off the scale {}..{} (x = don't know)",
                            scale.min, scale.max
                        ));
                    }
                    Score::Value(d)
                }
                Cmd::DontKnow => Score::DontKnow,
                Cmd::Clear => {
                    v.commit(
                        vec![Change::ClearRating {
                            participant,
                            round,
                            stage,
                            dimension,
                        }],
                        now,
                        Record::New,
                    )?;
                    return Ok(Some(format!("{who} · {stage_name}: cleared")));
                }
                _ => {
                    let Some(e) = existing else {
                        return Err("rate the cell first, then comment on it".to_owned());
                    };
                    app.modal = Some(Modal::Input(InputState {
                        prompt: format!("Comment on {who} · {stage_name}"),
                        text: e.comment().unwrap_or_default().to_owned(),
                        purpose: InputPurpose::Comment {
                            participant,
                            stage,
                            dimension,
                        },
                    }));
                    return Ok(None);
                }
            };
            v.commit(
                vec![Change::SetRating {
                    participant,
                    round,
                    stage,
                    dimension,
                    score,
                    comment: existing.and_then(|e| e.comment),
                    at: now,
                    entered_by: crate::domain::EnteredBy::Facilitator,
                }],
                now,
                Record::New,
            )?;
            // Move on: along the row, then to the next participant.
            if v.col + 1 < cols {
                v.col += 1;
            } else if v.row + 1 < rows {
                v.col = 0;
                v.row += 1;
            }
            let shown = match score {
                Score::Value(x) => x.to_string(),
                Score::DontKnow => "don't know".to_owned(),
            };
            return Ok(Some(format!("{who} · {stage_name}: {shown}")));
        }
        _ => {}
    }
    Ok(None)
}
