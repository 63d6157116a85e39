//! All-or-nothing batches without cloning the session: each applied change
//! leaves an exact rollback step (a cheap inverse, or a copy of only the small
//! part it touched), and a rejected change rolls the earlier ones back.
//!
//! The domain's inverses are right for undo but not always exact for
//! rollback (a re-added item lands at the end of its list; exercise timings
//! have no inverse), and memory must equal what the file and journal
//! replay to, so positions are restored exactly here.

use crate::domain::{
    Access, ApplyIndex, Change, ChangeError, ExerciseRun, Flow, Idea, Note, Participant,
    RatingSheet, Round, Session,
};

/// Rating sheets taken out, each with where it was.
type Sheets = Vec<(usize, RatingSheet)>;

/// One applied change's way back. Small (a run of 90,000 imported ratings
/// keeps one per rating): anything larger than a pointer or two is boxed.
enum Rollback {
    /// Exact inverses: in-place replacements and toggles.
    Inverse(Box<Change>),
    /// A new rating was pushed to the end of its sheet, or a new sheet to the end.
    PopRating {
        participant: Box<str>,
        round: u32,
        new_sheet: bool,
    },
    Sheet(Box<(usize, RatingSheet)>),
    PopParticipant,
    PopIdea,
    PopFlow,
    PopNote,
    Participants(Box<(Vec<Participant>, Sheets)>),
    Rounds(Box<(Vec<Round>, Sheets)>),
    Ideas(Vec<Idea>),
    Flows(Vec<Flow>),
    Notes(Vec<Note>),
    ExerciseLog(Vec<ExerciseRun>),
    Access(Box<Access>),
    Nothing,
}

/// Batches shorter than this apply change by change ([`Session::apply`]);
/// longer ones, and runs of unknown length, keep an [`ApplyIndex`] between
/// their changes. Building the index copies every participant's id and
/// sheet key: worth it for an import, but for the one or two changes of a
/// device's request it cost a conference-sized session (2,000 people) about
/// 100 µs per rating, most of the server's writer time.
const INDEXED_RUN: usize = 32;

/// The changes of one all-or-nothing batch applied so far, and how to take
/// each back: [`Undo::roll_back`] puts the session back exactly as it was
/// before the first. Valid only while nothing else changes the session.
pub(crate) struct Undo {
    steps: Vec<Rollback>,
    /// `None` for a short batch, which applies without an index.
    index: Option<ApplyIndex>,
}

impl Default for Undo {
    /// For a run of unknown length (an import read row by row): indexed.
    fn default() -> Self {
        Self {
            steps: Vec::new(),
            index: Some(ApplyIndex::default()),
        }
    }
}

impl Undo {
    /// For a batch of `len` changes: indexed only when it is long.
    fn for_batch(len: usize) -> Self {
        Self {
            steps: Vec::with_capacity(len),
            index: (len >= INDEXED_RUN).then(ApplyIndex::default),
        }
    }

    /// Applies one more change of the batch; on error nothing changed.
    pub(crate) fn apply(
        &mut self,
        session: &mut Session,
        change: &Change,
    ) -> Result<Option<Change>, ChangeError> {
        let (inverse, step) = apply_one(session, change, self.index.as_mut())?;
        self.steps.push(step);
        Ok(inverse)
    }

    /// Takes every change of the batch back, the latest first.
    pub(crate) fn roll_back(self, session: &mut Session) {
        for step in self.steps.into_iter().rev() {
            roll_back(session, step);
        }
    }
}

/// Applies `changes` in order; on the first rejected change, undoes the
/// earlier ones exactly and returns its error. Returns the domain inverses.
pub(crate) fn apply_all(
    session: &mut Session,
    changes: &[Change],
) -> Result<Vec<Option<Change>>, ChangeError> {
    let mut inverses = Vec::with_capacity(changes.len());
    let mut undo = Undo::for_batch(changes.len());
    for change in changes {
        match undo.apply(session, change) {
            Ok(inverse) => inverses.push(inverse),
            Err(e) => {
                undo.roll_back(session);
                return Err(e);
            }
        }
    }
    Ok(inverses)
}

fn sheets_where(
    session: &Session,
    keep: impl Fn(&RatingSheet) -> bool,
) -> Vec<(usize, RatingSheet)> {
    session
        .ratings
        .iter()
        .enumerate()
        .filter(|(_, s)| keep(s))
        .map(|(i, s)| (i, s.clone()))
        .collect()
}

fn apply_one(
    session: &mut Session,
    change: &Change,
    index: Option<&mut ApplyIndex>,
) -> Result<(Option<Change>, Rollback), ChangeError> {
    // Copies that must be taken before the change.
    let before = match change {
        Change::ClearRating {
            participant, round, ..
        } => session
            .ratings
            .iter()
            .position(|s| &s.participant == participant && s.round == *round)
            .map_or(Rollback::Nothing, |index| {
                Rollback::Sheet(Box::new((index, session.ratings[index].clone())))
            }),
        Change::RemoveParticipant { id } => Rollback::Participants(Box::new((
            session.participants.clone(),
            sheets_where(session, |s| &s.participant == id),
        ))),
        Change::StartRound(Round { number, .. }) | Change::RemoveRound { number } => {
            Rollback::Rounds(Box::new((
                session.rounds.clone(),
                sheets_where(session, |s| s.round == *number),
            )))
        }
        Change::RemoveIdea { .. } | Change::Unvote { .. } => Rollback::Ideas(session.ideas.clone()),
        Change::RemoveFlow { .. } => Rollback::Flows(session.flows.clone()),
        Change::RemoveNote { .. } => Rollback::Notes(session.notes.clone()),
        Change::StartExercise { .. } | Change::StopExercise { .. } => {
            Rollback::ExerciseLog(session.exercise_log.clone())
        }
        Change::SetJoinCode(_)
        | Change::SetBoardKey(_)
        | Change::SetRosterOpen(_)
        | Change::SetRoster(_)
        | Change::SetServer(_)
        | Change::AddDevice(_)
        | Change::SetDeviceApproved { .. }
        | Change::RemoveDevice { .. }
        | Change::SetCardSecret(_)
        | Change::SetCardGeneration { .. } => Rollback::Access(Box::new(session.access.clone())),
        _ => Rollback::Nothing,
    };
    let sheets_before = session.ratings.len();
    let inverse = match index {
        Some(index) => session.apply_indexed(change, index)?,
        None => session.apply(change)?,
    };
    let step = match change {
        Change::SetRating {
            participant, round, ..
        } => match &inverse {
            Some(Change::ClearRating { .. }) => Rollback::PopRating {
                participant: participant.as_str().into(),
                round: *round,
                new_sheet: session.ratings.len() > sheets_before,
            },
            Some(replaced) => Rollback::Inverse(Box::new(replaced.clone())),
            None => Rollback::Nothing,
        },
        Change::Vote { .. }
        | Change::SetRevealed { .. }
        | Change::SetAnonymous(_)
        | Change::SetLanguage(_)
        | Change::UpdateParticipant(_)
        | Change::UpdateIdea(_)
        | Change::UpdateFlow(_) => inverse
            .clone()
            .map_or(Rollback::Nothing, |i| Rollback::Inverse(Box::new(i))),
        Change::AddParticipant(_) => Rollback::PopParticipant,
        Change::AddIdea(_) => Rollback::PopIdea,
        Change::AddFlow(_) => Rollback::PopFlow,
        Change::AddNote(_) => Rollback::PopNote,
        _ => before,
    };
    Ok((inverse, step))
}

fn restore_sheets(session: &mut Session, sheets: Vec<(usize, RatingSheet)>) {
    for (index, sheet) in sheets {
        let at = index.min(session.ratings.len());
        session.ratings.insert(at, sheet);
    }
}

fn roll_back(session: &mut Session, step: Rollback) {
    match step {
        Rollback::Inverse(change) => {
            let undone = session.apply(&change);
            debug_assert!(undone.is_ok(), "an exact inverse was rejected: {undone:?}");
        }
        Rollback::PopRating {
            participant,
            round,
            new_sheet,
        } => {
            if new_sheet {
                session.ratings.pop();
            } else if let Some(sheet) = session
                .ratings
                .iter_mut()
                .find(|s| *s.participant == *participant && s.round == round)
            {
                sheet.entries.pop();
            }
        }
        Rollback::Sheet(boxed) => {
            let (index, sheet) = *boxed;
            let same = session
                .ratings
                .get(index)
                .is_some_and(|s| s.participant == sheet.participant && s.round == sheet.round);
            if same {
                session.ratings[index] = sheet;
            } else {
                restore_sheets(session, vec![(index, sheet)]);
            }
        }
        Rollback::PopParticipant => {
            session.participants.pop();
        }
        Rollback::PopIdea => {
            session.ideas.pop();
        }
        Rollback::PopFlow => {
            session.flows.pop();
        }
        Rollback::PopNote => {
            session.notes.pop();
        }
        Rollback::Participants(boxed) => {
            let (list, sheets) = *boxed;
            session.participants = list;
            restore_sheets(session, sheets);
        }
        Rollback::Rounds(boxed) => {
            let (list, sheets) = *boxed;
            session.rounds = list;
            // Sheets of the round still there (StartRound removed none) go
            // back to exactly where they were.
            if let Some(round) = sheets.first().map(|(_, s)| s.round) {
                session.ratings.retain(|s| s.round != round);
            }
            restore_sheets(session, sheets);
        }
        Rollback::Ideas(list) => session.ideas = list,
        Rollback::Flows(list) => session.flows = list,
        Rollback::Notes(list) => session.notes = list,
        Rollback::ExerciseLog(list) => session.exercise_log = list,
        Rollback::Access(access) => session.access = *access,
        Rollback::Nothing => {}
    }
}

#[cfg(test)]
mod tests {
    use chrono::Duration;

    use super::*;
    use crate::domain::{FlowKind, Score, Strength};
    use crate::synthetic;

    fn rating(p: &str, stage: &str, dim: &str, v: u8) -> Change {
        Change::SetRating {
            participant: p.to_owned(),
            round: 1,
            stage: stage.to_owned(),
            dimension: dim.to_owned(),
            score: Score::Value(v),
            comment: Some(format!("{p} says {v}")),
            at: synthetic::epoch() + Duration::seconds(99),
            entered_by: crate::domain::EnteredBy::Facilitator,
        }
    }

    fn in_round(number: u32, mut change: Change) -> Change {
        if let Change::SetRating { round, .. } = &mut change {
            *round = number;
        }
        change
    }

    fn clear(p: &str, stage: &str, dim: &str) -> Change {
        Change::ClearRating {
            participant: p.to_owned(),
            round: 1,
            stage: stage.to_owned(),
            dimension: dim.to_owned(),
        }
    }

    /// The example session plus a participant with a single rating and one
    /// without any, so that every kind of change has something to act on.
    fn base() -> Session {
        let mut s = synthetic::example_session();
        for (id, alias) in [("x1", "Solo"), ("x2", "Idle")] {
            let p = Participant {
                id: id.to_owned(),
                alias: alias.to_owned(),
                role: String::new(),
                organisation: String::new(),
                joined: false,
            };
            s.apply(&Change::AddParticipant(p)).expect("add");
        }
        s.apply(&rating("x1", "mining", "maturity", 2))
            .expect("rate");
        s
    }

    fn every_kind(s: &Session) -> Vec<Change> {
        let at = synthetic::epoch() + Duration::hours(5);
        let idea = s.ideas[0].clone();
        let voter = s
            .participants
            .iter()
            .map(|p| p.id.clone())
            .find(|p| s.votes_cast_by(p) < s.vote_budget() as usize)
            .expect("someone can vote");
        let unvoter = idea.votes.last().cloned().expect("a vote");
        vec![
            rating("p01", "mining", "maturity", 5),
            rating("x2", "use", "maturity", 1),
            clear("p02", "design", "carbon_footprint"),
            clear("x1", "mining", "maturity"),
            clear("x2", "use", "maturity"),
            Change::AddParticipant(Participant {
                id: "x3".to_owned(),
                alias: "New".to_owned(),
                role: String::new(),
                organisation: String::new(),
                joined: false,
            }),
            Change::RemoveParticipant {
                id: "x2".to_owned(),
            },
            Change::AddIdea(Idea {
                id: 999,
                text: "new".to_owned(),
                author: None,
                votes: Vec::new(),
                ..idea.clone()
            }),
            Change::RemoveIdea { id: s.ideas[1].id },
            Change::Vote {
                idea: idea.id,
                participant: voter,
            },
            Change::Unvote {
                idea: idea.id,
                participant: unvoter,
            },
            Change::AddFlow(crate::domain::Flow {
                id: 999,
                from: "use".to_owned(),
                to: "reuse".to_owned(),
                kind: FlowKind::Reuse,
                strength: Strength::High,
                materials: Vec::new(),
                note: String::new(),
            }),
            Change::RemoveFlow { id: s.flows[0].id },
            Change::AddNote(Note {
                id: 999,
                at,
                exercise: None,
                text: "n".to_owned(),
            }),
            Change::RemoveNote { id: s.notes[0].id },
            Change::StartExercise {
                exercise: s.template.exercises[0].id.clone(),
                at,
            },
            Change::StopExercise {
                exercise: s.template.exercises[0].id.clone(),
                at,
            },
            Change::StartRound(Round {
                number: 2,
                started: at,
                blind: true,
                revealed: false,
                absent: Vec::new(),
            }),
            in_round(2, rating("p03", "use", "maturity", 4)),
            Change::StartRound(Round {
                number: 3,
                started: at,
                blind: false,
                revealed: false,
                absent: Vec::new(),
            }),
            // A round that holds ratings cannot be removed; an empty one can.
            Change::RemoveRound { number: 3 },
            Change::SetRevealed {
                round: 2,
                revealed: true,
            },
            Change::SetAnonymous(true),
        ]
    }

    #[test]
    fn each_change_then_a_rejected_one_leaves_the_session_exactly_as_it_was() {
        let s = base();
        let bad = rating("nobody", "mining", "maturity", 3);
        let all = every_kind(&s);
        for (i, change) in all.iter().enumerate() {
            // Apply the prefix for context, so later kinds act on a state
            // where they are valid (round 2 exists for SetRevealed...).
            let mut before = s.clone();
            apply_all(&mut before, &all[..i]).expect("prefix applies");
            let mut after = before.clone();
            apply_all(&mut after, std::slice::from_ref(change))
                .unwrap_or_else(|e| panic!("change {i} {change:?} is invalid: {e}"));
            assert!(after != before, "change {i} changed nothing");
            let mut tried = before.clone();
            let err = apply_all(&mut tried, &[change.clone(), bad.clone()]);
            assert!(err.is_err());
            assert!(tried == before, "change {i} {change:?} was not rolled back");
        }
        let mut tried = s.clone();
        let mut batch = all.clone();
        batch.push(bad);
        assert!(apply_all(&mut tried, &batch).is_err());
        assert!(tried == s, "the whole batch was not rolled back");
    }

    #[test]
    fn a_step_stays_small_because_a_long_run_keeps_one_per_change() {
        // 90,000 imported ratings keep 90,000 steps until the run is saved.
        assert!(
            std::mem::size_of::<Rollback>() <= 32,
            "{}",
            std::mem::size_of::<Rollback>()
        );
    }

    #[test]
    fn returns_the_domain_inverses_in_order() {
        let mut s = base();
        let before = s.clone();
        let inverses = apply_all(
            &mut s,
            &[
                rating("p01", "mining", "maturity", 5),
                clear("x1", "mining", "maturity"),
            ],
        )
        .expect("valid");
        let undo: Vec<Change> = inverses.into_iter().rev().flatten().collect();
        apply_all(&mut s, &undo).expect("inverses apply");
        // Domain inverses restore the content (order may differ).
        assert_eq!(
            s.rating("p01", 1, "mining", "maturity"),
            before.rating("p01", 1, "mining", "maturity")
        );
        assert_eq!(
            s.rating("x1", 1, "mining", "maturity"),
            before.rating("x1", 1, "mining", "maturity")
        );
    }
}
