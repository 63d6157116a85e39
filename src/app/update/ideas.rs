//! Ideas, dot votes and the tally.

use crate::domain::ExerciseKind;
use crate::engine::Intent;

use crate::app::keys::Cmd;
use crate::app::state::{App, IdeasView, InputPurpose, Modal, PickPurpose, PickState};
use crate::app::status::{Handled, cannot};

#[expect(clippy::too_many_lines, reason = "one arm per ideas command")]
pub(super) fn ideas_cmd(app: &mut App, cmd: Cmd) -> Handled {
    let now = app.now;
    let Some(v) = app.view_mut() else {
        return Ok(None);
    };
    let nstages = v.template().stages.len();
    let nvoters = v.session().participants.len().max(1);
    let has_grid = v.current().is_some_and(
        |e| matches!(&e.kind, ExerciseKind::Ideas { dimensions, .. } if !dimensions.is_empty()),
    );
    let selected = v.stage_ideas().get(v.ideas.selected).map(|i| i.id);
    let nideas = v.stage_ideas().len();
    let voter = v
        .session()
        .participants
        .get(v.ideas.voter)
        .map(|p| p.id.clone());
    let c = &mut v.ideas;
    match cmd {
        Cmd::IdeasView => {
            c.view = match c.view {
                IdeasView::List => IdeasView::Ranked,
                IdeasView::Ranked => IdeasView::Tally,
                IdeasView::Tally if has_grid => IdeasView::Grid,
                IdeasView::Tally | IdeasView::Grid => IdeasView::List,
            };
        }
        Cmd::Left => {
            c.stage = c.stage.saturating_sub(1);
            c.selected = 0;
        }
        Cmd::Right => {
            c.stage = (c.stage + 1).min(nstages.saturating_sub(1));
            c.selected = 0;
        }
        Cmd::Up => c.selected = c.selected.saturating_sub(1),
        Cmd::Down => c.selected = (c.selected + 1).min(nideas.saturating_sub(1)),
        Cmd::NextVoter => c.voter = (c.voter + 1) % nvoters,
        Cmd::PrevVoter => c.voter = (c.voter + nvoters - 1) % nvoters,
        Cmd::AddIdea => {
            let Some(stage) = v.template().stages.get(v.ideas.stage) else {
                return Err(cannot("the template has no stages"));
            };
            let prompt = format!("New idea for {}", stage.name);
            let stage = stage.id.clone();
            app.modal = Some(Modal::input(&prompt, InputPurpose::IdeaText { stage }));
        }
        Cmd::EditIdea => {
            let Some(id) = selected else {
                return Err(cannot("no idea highlighted"));
            };
            app.modal = Some(Modal::Pick(PickState {
                title: format!("Idea #{id}"),
                items: vec![
                    "Edit its text".to_owned(),
                    "Move it to another stage".to_owned(),
                    "Merge it into another idea (its dots go along)".to_owned(),
                    "Delete it (u undoes)".to_owned(),
                    "Cancel".to_owned(),
                ],
                selected: 0,
                ticked: None,
                purpose: PickPurpose::Idea { id },
            }));
        }
        Cmd::Delete => {
            let Some(id) = selected else {
                return Err(cannot("no idea highlighted"));
            };
            let dots = v
                .session()
                .ideas
                .iter()
                .find(|i| i.id == id)
                .map_or(0, |i| i.votes.len());
            if dots > 0 {
                app.modal = Some(Modal::Pick(PickState {
                    title: format!("Idea #{id} has {dots} dot(s): delete it with them?"),
                    items: vec![
                        format!("Delete idea #{id} and its {dots} dot(s) (u undoes)"),
                        "Cancel".to_owned(),
                    ],
                    selected: 0,
                    ticked: None,
                    purpose: PickPurpose::DeleteIdea { id },
                }));
                return Ok(None);
            }
            v.act(Intent::DeleteIdea { id }, now)?;
            v.ideas.selected = v.ideas.selected.saturating_sub(1);
            return Ok(Some(format!("idea #{id} deleted (u undoes)")));
        }
        Cmd::Vote | Cmd::Unvote => {
            let Some(idea) = selected else {
                return Err(cannot("no idea highlighted"));
            };
            let Some(participant) = voter else {
                return Err(cannot("no participants yet"));
            };
            let intent = if cmd == Cmd::Vote {
                Intent::Vote {
                    idea,
                    participant: participant.clone(),
                }
            } else {
                Intent::Unvote {
                    idea,
                    participant: participant.clone(),
                }
            };
            v.act(intent, now)?;
            let left = (v.session().vote_budget() as usize)
                .saturating_sub(v.session().votes_cast_by(&participant));
            let who = v
                .session()
                .participant(&participant)
                .map_or(participant.clone(), |p| p.alias.clone());
            return Ok(Some(crate::i18n::Tr::english().args(
                "terminal-dots-left",
                &[("name", who.into()), ("dots", left.into())],
            )));
        }
        _ => {}
    }
    Ok(None)
}
