//! Input and pick modals: typing, picking, and what submitting them does.

use crossterm::event::{KeyCode, KeyEvent};

use crate::domain::{
    Change, Flow, FlowKind, Idea, Note, Participant, Session, Strength, default_template,
};
use crate::store::OpenSession;

use super::flow::{flow_origins, flow_targets, kind_item};
use super::home::open_view;
use super::input;
use super::session::{Record, go_to};
use crate::app::keys::Cmd;
use crate::app::state::{
    App, Doc, FlowDraft, InputPurpose, InputState, Modal, PickPurpose, PickState,
};

pub(super) fn on_input(app: &mut App, mut input: InputState, cmd: Cmd, ev: &KeyEvent) {
    match cmd {
        Cmd::TypeChar => {
            if let KeyCode::Char(c) = ev.code {
                input.text.push(c);
            }
            app.modal = Some(Modal::Input(input));
        }
        Cmd::Erase => {
            input.text.pop();
            app.modal = Some(Modal::Input(input));
        }
        Cmd::Confirm => submit_input(app, input),
        Cmd::Cancel => app.status = Some("cancelled".to_owned()),
        _ => app.modal = Some(Modal::Input(input)),
    }
}

pub(super) fn on_pick(app: &mut App, mut pick: PickState, cmd: Cmd, ev: &KeyEvent) {
    let n = pick.items.len();
    match cmd {
        Cmd::PickNumber => {
            let k = match ev.code {
                KeyCode::Char(c) => c.to_digit(10).unwrap_or(0) as usize,
                _ => 0,
            };
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
            app.status = Some("cancelled".to_owned());
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

fn submit_input(app: &mut App, form: InputState) {
    let now = app.now;
    let text = form.text.trim().to_owned();
    if let InputPurpose::NewSessionTitle = form.purpose {
        if text.is_empty() {
            app.status = Some("a session needs a title".to_owned());
            return;
        }
        let session = Session::new(&text, "", default_template(), now);
        let opened = app
            .store
            .create(&session)
            .and_then(|path| OpenSession::open(&path));
        match opened {
            Ok(open) => open_view(app, Doc::Open(open)),
            Err(e) => app.status = Some(format!("cannot create the session: {e}")),
        }
        return;
    }
    let Some(v) = app.view_mut() else {
        return;
    };
    let result: Result<Option<String>, String> = match form.purpose {
        InputPurpose::NewSessionTitle => Ok(None),
        InputPurpose::Note => {
            if text.is_empty() {
                Err("empty note not saved".to_owned())
            } else {
                let note = Note {
                    id: v.session().next_note_id(),
                    at: now,
                    exercise: v.current().map(|e| e.id.clone()),
                    text,
                };
                v.commit(vec![Change::AddNote(note)], now, Record::New)
                    .map(|()| Some("note saved".to_owned()))
            }
        }
        InputPurpose::Comment {
            participant,
            stage,
            dimension,
        } => {
            let round = v.round();
            match v
                .session()
                .rating(&participant, round, &stage, &dimension)
                .cloned()
            {
                None => Err("the cell was cleared; comment not saved".to_owned()),
                Some(e) => v
                    .commit(
                        vec![Change::SetRating {
                            participant,
                            round,
                            stage,
                            dimension,
                            score: e.score(),
                            comment: (!text.is_empty()).then_some(text),
                            at: now,
                            entered_by: crate::domain::EnteredBy::Facilitator,
                        }],
                        now,
                        Record::New,
                    )
                    .map(|()| Some("comment saved".to_owned())),
            }
        }
        InputPurpose::ParticipantAlias => {
            if text.is_empty() {
                Err("a participant needs an alias".to_owned())
            } else {
                let p = Participant {
                    id: v.session().next_participant_id(),
                    alias: text.clone(),
                    role: String::new(),
                    organisation: String::new(),
                };
                let r = v.commit(vec![Change::AddParticipant(p)], now, Record::New);
                if r.is_ok() {
                    v.row = v.session().participants.len().saturating_sub(1);
                    v.col = 0;
                }
                r.map(|()| Some(format!("{text} joined")))
            }
        }
        InputPurpose::IdeaText { stage } => {
            if text.is_empty() {
                Err("empty idea not added".to_owned())
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
            app.modal = Some(input(
                "Note on this flow (may be empty)",
                InputPurpose::FlowNote(draft),
            ));
            Ok(None)
        }
        InputPurpose::FlowNote(draft) => {
            let flow = Flow {
                id: v.session().next_flow_id(),
                from: draft.from,
                to: draft.to,
                kind: draft.kind.unwrap_or(FlowKind::Forward),
                strength: draft.strength.unwrap_or(Strength::Medium),
                materials: draft.materials,
                note: text,
            };
            let id = flow.id;
            v.commit(vec![Change::AddFlow(flow)], now, Record::New)
                .map(|()| Some(format!("flow {id} added")))
        }
    };
    match result {
        Ok(Some(s)) | Err(s) => app.status = Some(s),
        Ok(None) => {}
    }
}

fn submit_pick(app: &mut App, pick: PickState) {
    let now = app.now;
    let Some(v) = app.view_mut() else {
        return;
    };
    let sel = pick.selected;
    // The "from" step lists origins, the "to" step targets (see AddFlow).
    let nodes = match pick.purpose {
        PickPurpose::FlowTo(_) => flow_targets(v.template()),
        _ => flow_origins(v.template()),
    };
    let node = nodes.get(sel).map(|(id, _)| id.clone()).unwrap_or_default();
    let targets = flow_targets(v.template());
    let step = |title: &str, items: Vec<String>, purpose| {
        Modal::Pick(PickState {
            title: title.to_owned(),
            items,
            selected: 0,
            ticked: None,
            purpose,
        })
    };
    let result: Result<Option<String>, String> = match pick.purpose.clone() {
        PickPurpose::Exercise => go_to(v, sel, now),
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
                Err("tick at least one technology with Space".to_owned())
            } else {
                let mut items = vec!["(no author)".to_owned()];
                items.extend(v.session().participants.iter().map(|p| p.alias.clone()));
                let selected = if v.session().participants.is_empty() {
                    0
                } else {
                    v.voter + 1
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
            let idea = Idea {
                id: v.session().next_idea_id(),
                stage,
                technologies,
                text,
                author,
                votes: Vec::new(),
            };
            let id = idea.id;
            let r = v.commit(vec![Change::AddIdea(idea)], now, Record::New);
            if r.is_ok() {
                v.idea_sel = v.stage_ideas().len().saturating_sub(1);
            }
            r.map(|()| Some(format!("idea #{id} added")))
        }
        PickPurpose::FlowFrom => {
            let draft = FlowDraft {
                from: node,
                ..FlowDraft::default()
            };
            let items = targets.iter().map(|(_, n)| n.clone()).collect();
            app.modal = Some(step("Flow to", items, PickPurpose::FlowTo(draft)));
            Ok(None)
        }
        PickPurpose::FlowTo(mut draft) => {
            draft.to = node;
            let items = FlowKind::ALL.iter().map(|k| kind_item(*k)).collect();
            app.modal = Some(step("Kind of flow", items, PickPurpose::FlowKind(draft)));
            Ok(None)
        }
        PickPurpose::FlowKind(mut draft) => {
            draft.kind = FlowKind::ALL.get(sel).copied();
            let items = Strength::ALL.iter().map(|s| s.label().to_owned()).collect();
            app.modal = Some(step(
                "Strength today",
                items,
                PickPurpose::FlowStrength(draft),
            ));
            Ok(None)
        }
        PickPurpose::FlowStrength(mut draft) => {
            draft.strength = Strength::ALL.get(sel).copied();
            app.modal = Some(input(
                "Materials, comma separated (Li, Co, Ni...)",
                InputPurpose::FlowMaterials(draft),
            ));
            Ok(None)
        }
    };
    match result {
        Ok(Some(s)) | Err(s) => app.status = Some(s),
        Ok(None) => {}
    }
}
