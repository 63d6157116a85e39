//! The menu of the highlighted idea: edit its text, move it to another
//! stage, merge it into another idea, delete it.

use crate::engine::Intent;

use crate::app::state::{App, InputPurpose, InputState, Modal, PickPurpose, PickState};
use crate::app::status::{Handled, cannot};

/// The choice made in the menu of idea `id`.
pub(super) fn on_menu(app: &mut App, id: u32, choice: usize) -> Handled {
    let now = app.now;
    let Some(v) = app.view_mut() else {
        return Ok(None);
    };
    let Some(idea) = v.session().ideas.iter().find(|i| i.id == id).cloned() else {
        return Err(cannot("that idea is gone"));
    };
    let t = v.template();
    app.modal = Some(match choice {
        0 => Modal::Input(InputState {
            prompt: format!("Text of idea #{id}"),
            text: idea.text,
            purpose: InputPurpose::IdeaEdit { id },
        }),
        1 => Modal::Pick(PickState {
            title: format!("Move idea #{id} to"),
            items: t.stages.iter().map(|s| s.name.clone()).collect(),
            selected: t
                .stages
                .iter()
                .position(|s| s.id == idea.stage)
                .unwrap_or(0),
            ticked: None,
            purpose: PickPurpose::IdeaStage { id },
        }),
        2 => {
            // The other ideas of the same stage first, then the rest.
            let mut others: Vec<&crate::domain::Idea> =
                v.session().ideas.iter().filter(|i| i.id != id).collect();
            others.sort_by_key(|i| (i.stage != idea.stage, i.id));
            if others.is_empty() {
                return Err(cannot("there is no other idea to merge it into"));
            }
            Modal::Pick(PickState {
                title: format!("Merge idea #{id} into"),
                items: others
                    .iter()
                    .map(|i| format!("#{} {}", i.id, i.text.replace('\n', " ")))
                    .collect(),
                selected: 0,
                ticked: None,
                purpose: PickPurpose::IdeaMerge {
                    id,
                    into: others.iter().map(|i| i.id).collect(),
                },
            })
        }
        3 => {
            v.act(Intent::DeleteIdea { id }, now)?;
            v.ideas.selected = v.ideas.selected.saturating_sub(1);
            return Ok(Some(format!("idea #{id} deleted (u undoes)")));
        }
        _ => return Ok(None),
    });
    Ok(None)
}

/// The new stage of idea `id`, by its position in the template.
pub(super) fn on_stage(app: &mut App, id: u32, position: usize) -> Handled {
    let now = app.now;
    let Some(v) = app.view_mut() else {
        return Ok(None);
    };
    let Some(stage) = v.template().stages.get(position).cloned() else {
        return Err(cannot("no such stage"));
    };
    v.act(
        Intent::MoveIdea {
            id,
            stage: stage.id,
        },
        now,
    )?;
    Ok(Some(format!("idea #{id} moved to {}", stage.name)))
}

/// Merges idea `id` into the idea picked from `into`.
pub(super) fn on_merge(app: &mut App, id: u32, into: &[u32], position: usize) -> Handled {
    let now = app.now;
    let Some(v) = app.view_mut() else {
        return Ok(None);
    };
    let Some(&target) = into.get(position) else {
        return Err(cannot("no such idea"));
    };
    v.act(
        Intent::MergeIdeas {
            from: id,
            into: target,
        },
        now,
    )?;
    v.ideas.selected = v.ideas.selected.saturating_sub(1);
    Ok(Some(format!(
        "idea #{id} merged into #{target}, with its dots (u undoes)"
    )))
}

/// The new text of idea `id`.
pub(super) fn on_text(app: &mut App, id: u32, text: String) -> Handled {
    let now = app.now;
    let Some(v) = app.view_mut() else {
        return Ok(None);
    };
    if text.trim().is_empty() {
        return Err(cannot("an idea needs text; d deletes it"));
    }
    let Some(idea) = v.session().ideas.iter().find(|i| i.id == id).cloned() else {
        return Err(cannot("that idea is gone"));
    };
    v.act(
        Intent::EditIdea {
            id,
            text,
            technologies: idea.technologies,
        },
        now,
    )?;
    Ok(Some(format!("idea #{id} changed")))
}
