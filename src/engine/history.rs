//! Undo and redo per actor. Each actor undoes only its own latest change;
//! when another actor has changed the same thing since, the undo is refused
//! naming who, so that nobody silently takes back someone else's work.
//!
//! Memory stays bounded with thousands of devices: each actor keeps its
//! latest steps only, and what is watched for conflicts is only what the
//! kept steps touch.

use std::collections::{HashMap, VecDeque};

use super::{Actor, Refusal};
use crate::domain::{CellKey, Change};

/// Steps the facilitator can undo.
const FACILITATOR_DEPTH: usize = 1000;
/// Steps a participant's device can undo: its latest (devices have no undo
/// button yet; with 2,000 of them, five steps each were about 9 MB of the
/// server's memory).
const PARTICIPANT_DEPTH: usize = 1;

/// What a change is about, for telling whether two actors' changes meet.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Target {
    Cell(CellKey),
    Participant(String),
    Idea(u32),
    Flow(u32),
    Note(u32),
    Round(u32),
    Anonymity,
}

impl Target {
    pub(super) fn of(change: &Change) -> Option<Self> {
        Some(match change {
            Change::SetRating { .. } | Change::ClearRating { .. } => Self::Cell(change.cell()?),
            Change::AddParticipant(p) | Change::UpdateParticipant(p) => {
                Self::Participant(p.id.clone())
            }
            Change::RemoveParticipant { id } => Self::Participant(id.clone()),
            Change::SetAbsent { participant, .. } => Self::Participant(participant.clone()),
            Change::AddIdea(i) | Change::UpdateIdea(i) => Self::Idea(i.id),
            Change::RemoveIdea { id } | Change::Vote { idea: id, .. } => Self::Idea(*id),
            Change::Unvote { idea, .. } => Self::Idea(*idea),
            Change::AddFlow(f) | Change::UpdateFlow(f) => Self::Flow(f.id),
            Change::RemoveFlow { id } => Self::Flow(*id),
            Change::AddNote(n) => Self::Note(n.id),
            Change::RemoveNote { id } => Self::Note(*id),
            Change::StartRound(r) => Self::Round(r.number),
            Change::RemoveRound { number } => Self::Round(*number),
            Change::SetRevealed { round, .. } => Self::Round(*round),
            Change::SetAnonymous(_) => Self::Anonymity,
            // The clock, who may join and the room's language are not undone.
            Change::StartExercise { .. }
            | Change::SetLanguage(_)
            | Change::StopExercise { .. }
            | Change::ExtendTimebox { .. }
            | Change::SetJoinCode(_)
            | Change::SetBoardKey(_)
            | Change::SetRosterOpen(_)
            | Change::SetRoster(_)
            | Change::SetServer(_)
            | Change::AddDevice(_)
            | Change::SetDeviceApproved { .. }
            | Change::RemoveDevice { .. }
            | Change::SetCardSecret(_)
            | Change::SetCardGeneration { .. } => return None,
        })
    }

    fn describe(&self) -> String {
        match self {
            Self::Cell(c) => format!("{} on {} ({})", c.participant, c.stage, c.dimension),
            Self::Participant(id) => format!("participant {id}"),
            Self::Idea(id) => format!("idea #{id}"),
            Self::Flow(id) => format!("flow {id}"),
            Self::Note(id) => format!("note {id}"),
            Self::Round(n) => format!("round {n}"),
            Self::Anonymity => "anonymity".to_owned(),
        }
    }
}

/// One undoable (or redoable) step: the changes that put things back.
#[derive(Debug, Clone)]
pub(super) struct Step {
    id: u64,
    pub changes: Vec<Change>,
    targets: Vec<Target>,
    /// Another actor changed one of the targets after this step.
    overwritten: Option<(Actor, Target)>,
}

#[derive(Debug, Default)]
struct Stacks {
    undo: VecDeque<Step>,
    redo: Vec<Step>,
}

impl Stacks {
    fn step_mut(&mut self, id: u64) -> Option<&mut Step> {
        self.undo
            .iter_mut()
            .chain(self.redo.iter_mut())
            .find(|s| s.id == id)
    }
}

/// Which kind of step a batch of inverses becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Record {
    /// A new change: undoable, and the actor's redo stack is dropped.
    New,
    Undo,
    Redo,
}

#[derive(Debug, Default)]
pub(super) struct History {
    stacks: HashMap<Actor, Stacks>,
    /// The kept steps that touch each target, by actor and step id.
    watchers: HashMap<Target, Vec<(Actor, u64)>>,
    next_id: u64,
}

impl History {
    /// The step `actor` would undo (or redo), if nobody else changed what it
    /// touches since. Taken off its stack only by [`History::record`].
    pub(super) fn peek(&self, actor: &Actor, record: Record) -> Result<&Step, Refusal> {
        let stacks = self.stacks.get(actor);
        let (step, action, empty) = match record {
            Record::Undo => (
                stacks.and_then(|s| s.undo.back()),
                "undo",
                Refusal::NothingToUndo,
            ),
            _ => (
                stacks.and_then(|s| s.redo.last()),
                "redo",
                Refusal::NothingToRedo,
            ),
        };
        let step = step.ok_or(empty)?;
        if let Some((who, target)) = &step.overwritten {
            return Err(Refusal::Conflict {
                action,
                who: who.to_string(),
                what: target.describe(),
            });
        }
        Ok(step)
    }

    /// Records that `actor` applied `applied`, whose inverses are `inverses`
    /// (already in the order that undoes them).
    pub(super) fn record(
        &mut self,
        actor: &Actor,
        record: Record,
        applied: &[Change],
        inverses: Vec<Change>,
    ) {
        let targets: Vec<Target> = applied.iter().filter_map(Target::of).collect();
        self.mark_overwritten(actor, &targets);
        let depth = match actor {
            Actor::Facilitator => FACILITATOR_DEPTH,
            Actor::Participant(_) => PARTICIPANT_DEPTH,
        };
        let popped = {
            let stacks = self.stacks.entry(actor.clone()).or_insert_with(|| Stacks {
                undo: VecDeque::with_capacity(depth.min(16)),
                redo: Vec::new(),
            });
            match record {
                Record::New => std::mem::take(&mut stacks.redo),
                Record::Undo => stacks.undo.pop_back().into_iter().collect(),
                Record::Redo => stacks.redo.pop().into_iter().collect(),
            }
        };
        for step in popped {
            self.unwatch(actor, &step);
        }
        if inverses.is_empty() {
            return;
        }
        self.next_id += 1;
        let step = Step {
            id: self.next_id,
            changes: inverses,
            targets,
            overwritten: None,
        };
        for t in &step.targets {
            self.watchers
                .entry(t.clone())
                .or_default()
                .push((actor.clone(), step.id));
        }
        let evicted = {
            let stacks = self.stacks.entry(actor.clone()).or_default();
            match record {
                Record::New | Record::Redo => {
                    // The oldest goes first, so the stack never outgrows
                    // its depth (nor its allocation).
                    let evicted = if stacks.undo.len() >= depth {
                        stacks.undo.pop_front()
                    } else {
                        None
                    };
                    stacks.undo.push_back(step);
                    evicted
                }
                Record::Undo => {
                    stacks.redo.push(step);
                    None
                }
            }
        };
        if let Some(old) = evicted {
            self.unwatch(actor, &old);
        }
    }

    /// Other actors' kept steps on these targets can no longer be undone
    /// or redone silently.
    fn mark_overwritten(&mut self, actor: &Actor, targets: &[Target]) {
        for t in targets {
            let Some(watching) = self.watchers.get(t) else {
                continue;
            };
            for (other, id) in watching.iter().filter(|(a, _)| a != actor) {
                if let Some(step) = self.stacks.get_mut(other).and_then(|s| s.step_mut(*id))
                    && step.overwritten.is_none()
                {
                    step.overwritten = Some((actor.clone(), t.clone()));
                }
            }
        }
    }

    fn unwatch(&mut self, actor: &Actor, step: &Step) {
        for t in &step.targets {
            if let Some(list) = self.watchers.get_mut(t) {
                list.retain(|(a, id)| !(a == actor && *id == step.id));
                if list.is_empty() {
                    self.watchers.remove(t);
                }
            }
        }
    }

    /// Whether `actor` has something to undo.
    #[must_use]
    pub(super) fn can_undo(&self, actor: &Actor) -> bool {
        self.stacks.get(actor).is_some_and(|s| !s.undo.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rate(cell: &str) -> Change {
        Change::ClearRating {
            participant: "p01".to_owned(),
            round: 1,
            stage: cell.to_owned(),
            dimension: "maturity".to_owned(),
        }
    }

    #[test]
    fn a_device_keeps_its_latest_steps_and_watches_only_those() {
        let mut h = History::default();
        let device = Actor::Participant("p01".to_owned());
        let steps = PARTICIPANT_DEPTH + 30;
        for i in 0..steps {
            let c = rate(&format!("s{i}"));
            h.record(
                &device,
                Record::New,
                std::slice::from_ref(&c),
                vec![c.clone()],
            );
        }
        assert_eq!(h.stacks[&device].undo.len(), PARTICIPANT_DEPTH);
        assert_eq!(h.watchers.len(), PARTICIPANT_DEPTH);
        // Another actor's change to a kept cell blocks its undo, naming who.
        let last = rate(&format!("s{}", PARTICIPANT_DEPTH + 29));
        h.record(
            &Actor::Facilitator,
            Record::New,
            std::slice::from_ref(&last),
            vec![last.clone()],
        );
        assert!(matches!(
            h.peek(&device, Record::Undo),
            Err(Refusal::Conflict { who, .. }) if who == "the facilitator"
        ));
        // The facilitator's own undo is free.
        assert!(h.peek(&Actor::Facilitator, Record::Undo).is_ok());
    }
}
