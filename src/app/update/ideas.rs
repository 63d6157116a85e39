//! Ideas, dot votes and the tally.

use crate::domain::{Change, ExerciseKind};

use super::input;
use super::session::Record;
use crate::app::keys::Cmd;
use crate::app::state::{App, IdeasView, InputPurpose};

pub(super) fn ideas_cmd(app: &mut App, cmd: Cmd) -> Result<Option<String>, String> {
    let now = app.now;
    let Some(v) = app.view_mut() else {
        return Ok(None);
    };
    let nstages = v.template().stages.len();
    let nvoters = v.session().participants.len();
    let has_grid = v.current().is_some_and(
        |e| matches!(&e.kind, ExerciseKind::Ideas { dimensions, .. } if !dimensions.is_empty()),
    );
    let selected = v.stage_ideas().get(v.idea_sel).map(|i| i.id);
    let voter = v.session().participants.get(v.voter).map(|p| p.id.clone());
    match cmd {
        Cmd::IdeasView => {
            v.ideas_view = match v.ideas_view {
                IdeasView::List => IdeasView::Tally,
                IdeasView::Tally if has_grid => IdeasView::Grid,
                IdeasView::Tally | IdeasView::Grid => IdeasView::List,
            };
        }
        Cmd::Left => {
            v.idea_stage = v.idea_stage.saturating_sub(1);
            v.idea_sel = 0;
        }
        Cmd::Right => {
            v.idea_stage = (v.idea_stage + 1).min(nstages.saturating_sub(1));
            v.idea_sel = 0;
        }
        Cmd::Up => v.idea_sel = v.idea_sel.saturating_sub(1),
        Cmd::Down => {
            v.idea_sel = (v.idea_sel + 1).min(v.stage_ideas().len().saturating_sub(1));
        }
        Cmd::NextVoter => v.voter = (v.voter + 1) % nvoters.max(1),
        Cmd::PrevVoter => v.voter = (v.voter + nvoters.max(1) - 1) % nvoters.max(1),
        Cmd::AddIdea => {
            let Some(stage) = v.template().stages.get(v.idea_stage) else {
                return Err("the template has no stages".to_owned());
            };
            let prompt = format!("New idea for {}", stage.name);
            let stage = stage.id.clone();
            app.modal = Some(input(&prompt, InputPurpose::IdeaText { stage }));
        }
        Cmd::Delete => {
            let Some(id) = selected else {
                return Err("no idea highlighted".to_owned());
            };
            v.commit(vec![Change::RemoveIdea { id }], now, Record::New)?;
            v.idea_sel = v.idea_sel.saturating_sub(1);
            return Ok(Some(format!("idea #{id} deleted (u undoes)")));
        }
        Cmd::Vote | Cmd::Unvote => {
            let Some(idea) = selected else {
                return Err("no idea highlighted".to_owned());
            };
            let Some(participant) = voter else {
                return Err("no participants yet".to_owned());
            };
            let change = if cmd == Cmd::Vote {
                Change::Vote {
                    idea,
                    participant: participant.clone(),
                }
            } else {
                Change::Unvote {
                    idea,
                    participant: participant.clone(),
                }
            };
            v.commit(vec![change], now, Record::New)?;
            let left = (v.session().vote_budget() as usize)
                .saturating_sub(v.session().votes_cast_by(&participant));
            let who = v
                .session()
                .participant(&participant)
                .map_or(participant.clone(), |p| p.alias.clone());
            return Ok(Some(format!("{who}: {left} dots left")));
        }
        _ => {}
    }
    Ok(None)
}
