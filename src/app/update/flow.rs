//! The flow map, its nodes and the flow kinds listed in its pickers.

use crate::domain::FlowKind;

use crate::app::keys::Cmd;
use crate::app::state::{App, FlowDraft, Modal, PickPurpose, PickState};
use crate::app::status::{Handled, cannot};

pub(super) fn flow_cmd(app: &mut App, cmd: Cmd) -> Handled {
    let Some(v) = app.view_mut() else {
        return Ok(None);
    };
    let n = v.session().flows.len();
    match cmd {
        Cmd::Up => v.flow_sel = v.flow_sel.saturating_sub(1),
        Cmd::Down => v.flow_sel = (v.flow_sel + 1).min(n.saturating_sub(1)),
        Cmd::AddFlow | Cmd::EditFlow => {
            let draft = if cmd == Cmd::EditFlow {
                let Some(f) = v.flows_ordered().get(v.flow_sel).copied().cloned() else {
                    return Err(cannot("no flow highlighted"));
                };
                FlowDraft {
                    editing: Some(f.id),
                    from: f.from,
                    to: f.to,
                    kind: Some(f.kind),
                    strength: Some(f.strength),
                    materials: f.materials,
                    note: f.note,
                }
            } else {
                FlowDraft::default()
            };
            let origins = v.template().flow_origins();
            let selected = origins
                .iter()
                .position(|(id, _)| *id == draft.from)
                .unwrap_or(0);
            app.modal = Some(Modal::Pick(PickState {
                title: "Flow from".to_owned(),
                items: origins.into_iter().map(|(_, n)| n).collect(),
                selected,
                ticked: None,
                purpose: PickPurpose::FlowFrom(draft),
            }));
        }
        Cmd::Delete => {
            let Some(id) = v.flows_ordered().get(v.flow_sel).map(|f| f.id) else {
                return Err(cannot("no flow highlighted"));
            };
            let what = v
                .session()
                .flows
                .iter()
                .find(|f| f.id == id)
                .map(|f| format!("{} → {}", f.from, f.to))
                .unwrap_or_default();
            app.modal = Some(Modal::Pick(PickState {
                title: format!("Delete flow {id} ({what})?"),
                items: vec![format!("Delete flow {id} (u undoes)"), "Cancel".to_owned()],
                selected: 0,
                ticked: None,
                purpose: PickPurpose::DeleteFlow { id },
            }));
        }
        _ => {}
    }
    Ok(None)
}

/// Every node of the flow map: `(id, name)`, sources, stages, then sinks.
#[must_use]
pub fn flow_nodes(t: &crate::domain::Template) -> Vec<(String, String)> {
    t.flow_map_nodes()
}

/// A flow kind with its one-letter code, as listed in pickers and the map.
#[must_use]
pub fn kind_item(k: FlowKind) -> String {
    format!("{} {}", k.letter(), k.label())
}
