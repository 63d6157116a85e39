//! Undo and redo per actor. Each actor undoes only its own latest change;
//! when another actor has changed the same thing since, the undo is refused
//! naming who, so that nobody silently takes back someone else's work.

use std::collections::HashMap;

use super::{Actor, Refusal};
use crate::domain::{CellKey, Change};

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
            // The clock and who may join are not undone.
            Change::StartExercise { .. }
            | Change::StopExercise { .. }
            | Change::SetJoinCode(_)
            | Change::SetBoardKey(_)
            | Change::SetRosterOpen(_)
            | Change::AddDevice(_)
            | Change::SetDeviceApproved { .. }
            | Change::RemoveDevice { .. } => return None,
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

/// One undoable step: the changes that put things back, and when it was made.
#[derive(Debug, Clone)]
pub(super) struct Step {
    /// The history clock when the step was recorded.
    pub at: u64,
    pub changes: Vec<Change>,
}

#[derive(Debug, Default)]
struct Stacks {
    undo: Vec<Step>,
    redo: Vec<Step>,
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
    /// The history clock and the actor of the last change to each target.
    touched: HashMap<Target, (u64, Actor)>,
    clock: u64,
}

impl History {
    /// The step `actor` would undo (or redo), if nobody else changed what it
    /// touches since. Taken off its stack only by [`History::record`].
    pub(super) fn peek(&self, actor: &Actor, record: Record) -> Result<&Step, Refusal> {
        let stacks = self.stacks.get(actor);
        let (step, action, empty) = match record {
            Record::Undo => (
                stacks.and_then(|s| s.undo.last()),
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
        for target in step.changes.iter().filter_map(Target::of) {
            if let Some((at, who)) = self.touched.get(&target)
                && who != actor
                && *at > step.at
            {
                return Err(Refusal::Conflict {
                    action,
                    who: who.to_string(),
                    what: target.describe(),
                });
            }
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
        self.clock += 1;
        let at = self.clock;
        for target in applied.iter().filter_map(Target::of) {
            self.touched.insert(target, (at, actor.clone()));
        }
        let stacks = self.stacks.entry(actor.clone()).or_default();
        match record {
            Record::New => stacks.redo.clear(),
            Record::Undo => {
                stacks.undo.pop();
            }
            Record::Redo => {
                stacks.redo.pop();
            }
        }
        if inverses.is_empty() {
            return;
        }
        let step = Step {
            at,
            changes: inverses,
        };
        match record {
            Record::New | Record::Redo => stacks.undo.push(step),
            Record::Undo => stacks.redo.push(step),
        }
    }

    /// Whether `actor` has something to undo.
    #[must_use]
    pub(super) fn can_undo(&self, actor: &Actor) -> bool {
        self.stacks.get(actor).is_some_and(|s| !s.undo.is_empty())
    }
}
