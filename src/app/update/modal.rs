//! Input and pick modals: typing, picking, and what submitting them does.

use crate::domain::{FlowKind, Strength};
use crate::engine::{FlowSpec, Intent};

use super::flow::kind_item;
use super::navigate::{go_to, language_items};
use crate::app::effect::Effect;
use crate::app::keys::Cmd;
use crate::app::state::{
    App, InputPurpose, InputState, Modal, ParticipantField, PickPurpose, PickState,
};
use crate::app::status::{Handled, Status, cannot};

pub(super) fn on_input(app: &mut App, mut input: InputState, cmd: Cmd) {
    match cmd {
        Cmd::TypeChar(c) => {
            // Text boxes take no control character, however the key came in.
            if !c.is_control() {
                input.text.push(c);
            }
            app.modal = Some(Modal::Input(input));
        }
        Cmd::Erase => {
            input.text.pop();
            app.modal = Some(Modal::Input(input));
        }
        Cmd::Confirm => submit_input(app, input),
        Cmd::Cancel => app.status = Some(Status::info("cancelled")),
        _ => app.modal = Some(Modal::Input(input)),
    }
}

pub(super) fn on_pick(app: &mut App, mut pick: PickState, cmd: Cmd) {
    let n = pick.items.len();
    match cmd {
        Cmd::PickNumber(k) => {
            let k = usize::from(k);
            if (1..=n).contains(&k) {
                pick.selected = k - 1;
                match pick.ticked.as_mut() {
                    // One choice: the number is the answer.
                    None => {
                        submit_pick(app, pick);
                        return;
                    }
                    // Several choices: the number ticks or unticks its item.
                    Some(ticked) => {
                        if let Some(t) = ticked.get_mut(k - 1) {
                            *t = !*t;
                        }
                    }
                }
            }
        }
        Cmd::Up => pick.selected = pick.selected.saturating_sub(1),
        Cmd::Down => pick.selected = (pick.selected + 1).min(n.saturating_sub(1)),
        Cmd::Toggle => {
            if let Some(t) = pick.ticked.as_mut().and_then(|t| t.get_mut(pick.selected)) {
                *t = !*t;
            }
        }
        Cmd::Cancel => {
            app.status = Some(Status::info("cancelled"));
            return;
        }
        Cmd::Confirm => {
            submit_pick(app, pick);
            return;
        }
        _ => {}
    }
    app.modal = Some(Modal::Pick(pick));
}

#[expect(clippy::too_many_lines, reason = "one arm per text box purpose")]
fn submit_input(app: &mut App, form: InputState) {
    let now = app.now;
    let text = form.text.trim().to_owned();
    if let InputPurpose::NewSessionTitle = form.purpose {
        let problem = if text.is_empty() {
            Some("a session needs a title".to_owned())
        } else {
            crate::domain::check_title(&text)
                .err()
                .map(|e| e.to_string())
        };
        if let Some(problem) = problem {
            // The box stays open and says why.
            app.modal = Some(Modal::Input(InputState {
                prompt: format!("Title of the new session ({problem})"),
                ..form
            }));
            app.status = Some(Status::info(problem));
            return;
        }
        app.modal = Some(Modal::Pick(PickState {
            title: format!("Round 1 of \"{text}\""),
            items: vec![
                "Open: the group's results show as the room rates".to_owned(),
                "Blind: the group stays hidden until r reveals it".to_owned(),
            ],
            selected: 0,
            ticked: None,
            purpose: PickPurpose::NewSession { title: text },
        }));
        return;
    }
    let Some(v) = app.view_mut() else {
        return;
    };
    let result: Handled = match form.purpose {
        InputPurpose::NewSessionTitle => Ok(None),
        InputPurpose::Note => v
            .act(Intent::Note { text }, now)
            .map(|_| Some("note saved".to_owned())),
        InputPurpose::Comment {
            participant,
            stage,
            dimension,
        } => match v.act(
            Intent::Comment {
                participant,
                stage,
                dimension,
                text,
            },
            now,
        ) {
            Err(crate::app::status::AppError::Refused(
                crate::engine::Refusal::NothingToComment,
            )) => Err(cannot("the cell was cleared; comment not saved")),
            other => other.map(|_| Some("comment saved".to_owned())),
        },
        InputPurpose::IdeaEdit { id } => super::idea_menu::on_text(app, id, text),
        InputPurpose::ParticipantField { id, field } => {
            match v.session().participant(&id).cloned() {
                None => Err(cannot("that participant is gone")),
                Some(mut p) => {
                    let what = match field {
                        ParticipantField::Alias => {
                            p.alias.clone_from(&text);
                            "renamed"
                        }
                        ParticipantField::Role => {
                            p.role.clone_from(&text);
                            "role set"
                        }
                        ParticipantField::Organisation => {
                            p.organisation.clone_from(&text);
                            "organisation set"
                        }
                    };
                    let alias = p.alias.clone();
                    v.act(Intent::EditParticipant(p), now)
                        .map(|_| Some(format!("{alias}: {what}")))
                }
            }
        }
        InputPurpose::FindParticipant => {
            let wanted = text.to_lowercase();
            let found = v
                .session()
                .participants
                .iter()
                .position(|p| p.alias.to_lowercase().contains(&wanted));
            match found {
                Some(row) if !wanted.is_empty() => {
                    let col = v.focus().col;
                    v.set_focus(crate::app::Focus { row, col });
                    v.grid.just_typed = None;
                    v.grid.at_end = false;
                    let alias = &v.session().participants[row].alias;
                    Ok(Some(format!("focus on {alias}")))
                }
                _ => Err(cannot(format!("no participant's name contains \"{text}\""))),
            }
        }
        InputPurpose::ParticipantAlias => {
            let added = v.act(
                Intent::AddParticipant {
                    alias: text.clone(),
                    role: String::new(),
                    organisation: String::new(),
                },
                now,
            );
            if added.is_ok() {
                let row = v.session().participants.len().saturating_sub(1);
                v.set_focus(crate::app::Focus { row, col: 0 });
            }
            added.map(|_| Some(format!("{text} joined")))
        }
        InputPurpose::IdeaText { stage } => {
            if text.is_empty() {
                Err(cannot("empty idea not added"))
            } else {
                let items: Vec<String> = v
                    .template()
                    .technologies
                    .iter()
                    .map(|t| t.name.clone())
                    .collect();
                let n = items.len();
                app.modal = Some(Modal::Pick(PickState {
                    title: "Technologies (number or Space ticks, Enter when done)".to_owned(),
                    items,
                    selected: 0,
                    ticked: Some(vec![false; n]),
                    purpose: PickPurpose::IdeaTechnologies { stage, text },
                }));
                Ok(None)
            }
        }
        InputPurpose::FlowMaterials(mut draft) => {
            draft.materials = text
                .split(',')
                .map(|m| m.trim().to_owned())
                .filter(|m| !m.is_empty())
                .collect();
            app.modal = Some(Modal::Input(InputState {
                prompt: "Note on this flow (may be empty)".to_owned(),
                text: draft.note.clone(),
                purpose: InputPurpose::FlowNote(draft),
            }));
            Ok(None)
        }
        InputPurpose::FlowNote(draft) => {
            let flow = FlowSpec {
                from: draft.from,
                to: draft.to,
                kind: draft.kind.unwrap_or(FlowKind::Forward),
                strength: draft.strength.unwrap_or(Strength::Medium),
                materials: draft.materials,
                note: text,
            };
            match draft.editing {
                Some(id) => v
                    .act(Intent::EditFlow { id, flow }, now)
                    .map(|_| Some(format!("flow {id} changed"))),
                None => v
                    .act(Intent::AddFlow(flow), now)
                    .map(|o| Some(format!("flow {} added", o.created_id().unwrap_or_default()))),
            }
        }
    };
    show(app, result);
}

/// The participant menu: a text box for a field, or absent / remove.
fn participant_pick(app: &mut App, id: &str, choice: usize) -> Handled {
    let now = app.now;
    let Some(v) = app.view_mut() else {
        return Ok(None);
    };
    let Some(p) = v.session().participant(id).cloned() else {
        return Err(cannot("that participant is gone"));
    };
    let field = |field, prompt: String, text: &str| {
        Modal::Input(InputState {
            prompt,
            text: text.to_owned(),
            purpose: InputPurpose::ParticipantField {
                id: id.to_owned(),
                field,
            },
        })
    };
    let modal = match choice {
        0 => field(
            ParticipantField::Alias,
            format!("New name for {}", p.alias),
            &p.alias,
        ),
        1 => field(
            ParticipantField::Role,
            format!("Role of {}", p.alias),
            &p.role,
        ),
        2 => field(
            ParticipantField::Organisation,
            format!("Organisation of {}", p.alias),
            &p.organisation,
        ),
        3 => {
            let round = v.round();
            let absent = !v
                .session()
                .round(round)
                .is_some_and(|r| r.absent.contains(&p.id));
            v.act(
                Intent::SetAbsent {
                    participant: p.id.clone(),
                    absent,
                },
                now,
            )?;
            return Ok(Some(if absent {
                format!("{} is absent from round {round}", p.alias)
            } else {
                format!("{} is present in round {round}", p.alias)
            }));
        }
        4 => {
            v.act(Intent::RemoveParticipant { id: p.id.clone() }, now)?;
            return Ok(Some(format!("{} removed (u undoes)", p.alias)));
        }
        _ => return Ok(None),
    };
    app.modal = Some(modal);
    Ok(None)
}

fn show(app: &mut App, result: Handled) {
    match result {
        Ok(Some(s)) => app.status = Some(Status::info(s)),
        Err(e) => app.status = Some(e.into()),
        Ok(None) => {}
    }
}

#[expect(clippy::too_many_lines, reason = "one arm per pick list purpose")]
fn submit_pick(app: &mut App, pick: PickState) {
    let now = app.now;
    if let PickPurpose::NewSession { title } = &pick.purpose {
        let codes: Vec<String> = crate::i18n::known()
            .into_iter()
            .map(str::to_owned)
            .collect();
        app.modal = Some(Modal::Pick(PickState {
            title: format!("The room's language of \"{title}\": phones, board, cards, reports"),
            items: language_items(&codes),
            selected: 0,
            ticked: None,
            purpose: PickPurpose::NewSessionLanguage {
                title: title.clone(),
                blind: pick.selected == 1,
                codes,
            },
        }));
        return;
    }
    if let PickPurpose::NewSessionLanguage {
        title,
        blind,
        codes,
    } = &pick.purpose
    {
        let language = codes
            .get(pick.selected)
            .cloned()
            .unwrap_or_else(|| crate::i18n::ENGLISH.to_owned());
        app.effects.push(Effect::Create {
            title: title.clone(),
            blind: *blind,
            language,
        });
        return;
    }
    if let PickPurpose::Example(path) = &pick.purpose {
        match pick.selected {
            0 => app.effects.push(Effect::Open {
                path: path.clone(),
                review: true,
            }),
            1 => app.effects.push(Effect::CopyExample { path: path.clone() }),
            _ => app.status = Some(Status::info("cancelled")),
        }
        return;
    }
    let Some(v) = app.view_mut() else {
        return;
    };
    let sel = pick.selected;
    // The "from" step lists origins, the "to" step the targets other than
    // the origin (see AddFlow): a flow from a stage to itself cannot be picked.
    let nodes = match &pick.purpose {
        PickPurpose::FlowTo(draft) => v.template().flow_targets_from(&draft.from),
        _ => v.template().flow_origins(),
    };
    let node = nodes.get(sel).map(|(id, _)| id.clone()).unwrap_or_default();
    let step = |title: &str, items: Vec<String>, selected: usize, purpose| {
        Modal::Pick(PickState {
            title: title.to_owned(),
            items,
            selected,
            ticked: None,
            purpose,
        })
    };
    let result: Handled = match pick.purpose.clone() {
        PickPurpose::Exercise => go_to(v, sel, now),
        // Answered above, on the home screen.
        PickPurpose::Example(_)
        | PickPurpose::NewSession { .. }
        | PickPurpose::NewSessionLanguage { .. }
        | PickPurpose::Notes => Ok(None),
        PickPurpose::Participant { id } => participant_pick(app, &id, sel),
        PickPurpose::Idea { id } => super::idea_menu::on_menu(app, id, sel),
        PickPurpose::IdeaStage { id } => super::idea_menu::on_stage(app, id, sel),
        PickPurpose::IdeaMerge { id, into } => super::idea_menu::on_merge(app, id, &into, sel),
        PickPurpose::NewRound if sel < 2 => {
            let blind = sel == 0;
            v.act(Intent::StartRound { blind }, now).map(|o| {
                let number = o.created_id().unwrap_or_default();
                v.grid.restart();
                Some(if blind {
                    format!("blind round {number} started: the group stays hidden until r")
                } else {
                    format!("round {number} started")
                })
            })
        }
        PickPurpose::NewRound => Ok(Some("no new round".to_owned())),
        PickPurpose::ScoreThenComment {
            participant,
            stage,
            dimension,
        } => {
            let min = v
                .template()
                .dimension(&dimension)
                .map_or(0, |d| d.scale.min);
            let score = if sel + 1 == pick.items.len() {
                crate::domain::Score::DontKnow
            } else {
                crate::domain::Score::Value(
                    min.saturating_add(u8::try_from(sel).unwrap_or(u8::MAX)),
                )
            };
            let words = v.cell_words(&participant, &stage);
            v.act(
                Intent::Rate {
                    participant: participant.clone(),
                    stage: stage.clone(),
                    dimension: dimension.clone(),
                    score,
                    comment: None,
                },
                now,
            )
            .map(|_| {
                app.modal = Some(Modal::Input(InputState {
                    prompt: format!("Comment on {words}"),
                    text: String::new(),
                    purpose: InputPurpose::Comment {
                        participant,
                        stage,
                        dimension,
                    },
                }));
                None
            })
        }
        PickPurpose::Language(codes) => match codes.get(sel) {
            None => Err(cannot("no such language")),
            Some(code) => v.act(Intent::SetLanguage(code.clone()), now).map(|_| {
                Some(format!(
                    "the room's language is now {} ({code}); the terminal stays in English",
                    crate::i18n::Tr::new(code).text("language-name")
                ))
            }),
        },
        PickPurpose::Board(choices) => Ok(super::board::on_pick(v, &choices, sel)),
        PickPurpose::Reveal if sel == 0 => {
            let round = v.round();
            v.act(Intent::Reveal(true), now)
                .map(|_| Some(format!("round {round}: group revealed")))
        }
        PickPurpose::DeleteIdea { id } if sel == 0 => {
            v.act(Intent::DeleteIdea { id }, now).map(|_| {
                v.ideas.selected = v.ideas.selected.saturating_sub(1);
                Some(format!("idea #{id} deleted with its dots (u undoes)"))
            })
        }
        PickPurpose::DeleteFlow { id } if sel == 0 => {
            v.act(Intent::DeleteFlow { id }, now).map(|_| {
                let n = v.session().flows.len();
                v.flow_sel = v.flow_sel.min(n.saturating_sub(1));
                Some(format!("flow {id} deleted (u undoes)"))
            })
        }
        PickPurpose::Reveal | PickPurpose::DeleteIdea { .. } | PickPurpose::DeleteFlow { .. } => {
            Ok(Some("cancelled".to_owned()))
        }
        PickPurpose::RemoveJoined(ids) => {
            let removed = if sel == 0 {
                let intents = ids
                    .into_iter()
                    .map(|id| Intent::RemoveParticipant { id })
                    .collect();
                v.engine
                    .submit_all(&crate::engine::Actor::Facilitator, intents, now)
                    .map(|o| {
                        let n = o
                            .applied
                            .iter()
                            .filter(|c| {
                                matches!(c, crate::domain::Change::RemoveParticipant { .. })
                            })
                            .count();
                        Some(format!(
                            "{n} participants who joined from phones removed (u undoes)"
                        ))
                    })
                    .map_err(crate::app::status::AppError::from)
            } else {
                Ok(Some("nobody removed".to_owned()))
            };
            // Back to the join panel, where the removal was asked for.
            app.modal = Some(Modal::Join(0));
            removed
        }
        PickPurpose::ReissueCard => match v.session().participants.get(sel).cloned() {
            None => Err(cannot("no such participant")),
            Some(p) => v
                .engine
                .reissue_card(&p.id, now)
                .map(|_| {
                    Some(format!(
                        "{}'s old join card no longer works; K writes the new cards",
                        p.alias
                    ))
                })
                .map_err(crate::app::status::AppError::from),
        },
        PickPurpose::IdeaTechnologies { stage, text } => {
            let ticked = pick.ticked.clone().unwrap_or_default();
            let technologies: Vec<String> = v
                .template()
                .technologies
                .iter()
                .zip(ticked)
                .filter(|(_, t)| *t)
                .map(|(t, _)| t.id.clone())
                .collect();
            if technologies.is_empty() {
                app.modal = Some(Modal::Pick(pick));
                Err(cannot("tick at least one technology with Space"))
            } else {
                let mut items = vec!["(no author)".to_owned()];
                items.extend(v.session().participants.iter().map(|p| p.alias.clone()));
                let selected = if v.session().participants.is_empty() {
                    0
                } else {
                    v.ideas.voter + 1
                };
                app.modal = Some(Modal::Pick(PickState {
                    title: "Author".to_owned(),
                    items,
                    selected,
                    ticked: None,
                    purpose: PickPurpose::IdeaAuthor {
                        stage,
                        text,
                        technologies,
                    },
                }));
                Ok(None)
            }
        }
        PickPurpose::IdeaAuthor {
            stage,
            text,
            technologies,
        } => {
            let author = sel
                .checked_sub(1)
                .and_then(|i| v.session().participants.get(i))
                .map(|p| p.id.clone());
            let added = v.act(
                Intent::AddIdea {
                    stage,
                    text,
                    technologies,
                    author,
                },
                now,
            );
            if added.is_ok() {
                v.ideas.selected = v.stage_ideas().len().saturating_sub(1);
            }
            added.map(|o| {
                Some(format!(
                    "idea #{} added",
                    o.created_id().unwrap_or_default()
                ))
            })
        }
        PickPurpose::FlowFrom(mut draft) => {
            draft.from = node;
            let targets = v.template().flow_targets_from(&draft.from);
            let selected = targets
                .iter()
                .position(|(id, _)| *id == draft.to)
                .unwrap_or(0);
            let items = targets.into_iter().map(|(_, n)| n).collect();
            app.modal = Some(step("Flow to", items, selected, PickPurpose::FlowTo(draft)));
            Ok(None)
        }
        PickPurpose::FlowTo(mut draft) => {
            draft.to = node;
            // Only the kinds that make sense into this target: a loss into a
            // sink, never a loss into a stage.
            let kinds = v.template().flow_kinds_to(&draft.to);
            let selected = kinds
                .iter()
                .position(|k| Some(*k) == draft.kind)
                .unwrap_or(0);
            let items = kinds.iter().map(|k| kind_item(*k)).collect();
            app.modal = Some(step(
                "Kind of flow",
                items,
                selected,
                PickPurpose::FlowKind(draft),
            ));
            Ok(None)
        }
        PickPurpose::FlowKind(mut draft) => {
            draft.kind = v.template().flow_kinds_to(&draft.to).get(sel).copied();
            let selected = Strength::ALL
                .iter()
                .position(|s| Some(*s) == draft.strength)
                .unwrap_or(0);
            let items = Strength::ALL.iter().map(|s| s.label().to_owned()).collect();
            app.modal = Some(step(
                "Strength today",
                items,
                selected,
                PickPurpose::FlowStrength(draft),
            ));
            Ok(None)
        }
        PickPurpose::FlowStrength(mut draft) => {
            draft.strength = Strength::ALL.get(sel).copied();
            app.modal = Some(Modal::Input(InputState {
                prompt: "Materials, comma separated (Li, Co, Ni...)".to_owned(),
                text: draft.materials.join(", "),
                purpose: InputPurpose::FlowMaterials(draft),
            }));
            Ok(None)
        }
    };
    show(app, result);
}
