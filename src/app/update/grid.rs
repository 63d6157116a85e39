//! The rating grid: digits, don't know, clear, comments, participants,
//! rounds and reveal.

use crate::domain::Score;
use crate::engine::Intent;

use super::ideas::ideas_cmd;
use super::input;
use crate::app::keys::Cmd;
use crate::app::state::{App, InputPurpose, InputState, Modal};
use crate::app::status::{Handled, cannot};

pub(super) fn grid_cmd(app: &mut App, cmd: Cmd) -> Handled {
    let now = app.now;
    let Some(v) = app.view_mut() else {
        return Ok(None);
    };
    let rows = v.session().participants.len();
    let cols = v.template().stages.len();
    let ndims = v.dimensions().len().max(1);
    let round = v.round();
    let cell = v
        .session()
        .participants
        .get(v.grid.row)
        .map(|p| p.id.clone())
        .zip(
            v.template()
                .stages
                .get(v.grid.col)
                .map(|s| s.id.clone())
                .zip(v.dimension_id().map(str::to_owned)),
        );
    let g = &mut v.grid;
    match cmd {
        Cmd::Up => g.row = g.row.saturating_sub(1),
        Cmd::Down => g.row = (g.row + 1).min(rows.saturating_sub(1)),
        Cmd::Left => g.col = g.col.saturating_sub(1),
        Cmd::Right => g.col = (g.col + 1).min(cols.saturating_sub(1)),
        Cmd::NextDimension => g.dimension = (g.dimension + 1) % ndims,
        Cmd::PrevDimension => g.dimension = (g.dimension + ndims - 1) % ndims,
        Cmd::IdeasView => return ideas_cmd(app, cmd),
        Cmd::AddParticipant => {
            app.modal = Some(input(
                "Alias of the new participant",
                InputPurpose::ParticipantAlias,
            ));
        }
        Cmd::Reveal => {
            let revealed = v.session().round(round).is_some_and(|r| r.revealed);
            v.act(Intent::Reveal(!revealed), now)?;
            return Ok(Some(if revealed {
                format!("round {round}: group hidden")
            } else {
                format!("round {round}: group revealed")
            }));
        }
        Cmd::NewRound => {
            let number = v
                .act(Intent::StartRound { blind: true }, now)?
                .created_id()
                .unwrap_or(round + 1);
            return Ok(Some(format!(
                "blind round {number} started: the group stays hidden until r"
            )));
        }
        Cmd::Rate(_) | Cmd::DontKnow | Cmd::Clear | Cmd::Comment => {
            let Some((participant, (stage, dimension))) = cell else {
                return Err(cannot(if rows == 0 {
                    "no participants yet: press a to add one"
                } else {
                    "no cell to rate here"
                }));
            };
            let who = v
                .session()
                .participant(&participant)
                .map_or(participant.clone(), |p| p.alias.clone());
            let stage_name = v
                .template()
                .stage(&stage)
                .map_or(stage.clone(), |s| s.name.clone());
            let score = match cmd {
                // The scale is the domain's rule: an off-scale digit is refused there.
                Cmd::Rate(d) => Score::Value(d),
                Cmd::DontKnow => Score::DontKnow,
                Cmd::Clear => {
                    v.act(
                        Intent::Clear {
                            participant,
                            stage,
                            dimension,
                        },
                        now,
                    )?;
                    return Ok(Some(format!("{who} · {stage_name}: cleared")));
                }
                _ => {
                    let Some(e) = v.session().rating(&participant, round, &stage, &dimension)
                    else {
                        return Err(cannot("rate the cell first, then comment on it"));
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
            v.act(
                Intent::Rate {
                    participant,
                    stage,
                    dimension,
                    score,
                    comment: None,
                },
                now,
            )?;
            // Move on: along the row, then to the next participant.
            let g = &mut v.grid;
            if g.col + 1 < cols {
                g.col += 1;
            } else if g.row + 1 < rows {
                g.col = 0;
                g.row += 1;
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
