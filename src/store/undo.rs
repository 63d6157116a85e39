//! All-or-nothing batches without cloning the session: each applied change
//! leaves an exact undo step (a cheap inverse, or a copy of only the small
//! part it touched), and a rejected change rolls the earlier ones back.
//!
//! The domain's inverses are right for undo but not always exact for
//! rollback (a re-added item lands at the end of its list; exercise timings
//! have no inverse), and memory must equal what the file and journal
//! replay to, so positions are restored exactly here.

use crate::domain::{
    Change, ChangeError, ExerciseRun, Flow, Idea, Note, Participant, RatingSheet, Round, Session,
};

enum Undo {
    /// Exact inverses: in-place replacements and toggles.
    Inverse(Change),
    /// A new rating was pushed to the end of its sheet, or a new sheet to the end.
    PopRating {
        participant: String,
        round: u32,
        new_sheet: bool,
    },
    Sheet {
        index: usize,
        sheet: RatingSheet,
    },
    PopParticipant,
    PopIdea,
    PopFlow,
    PopNote,
    Participants(Vec<Participant>, Vec<(usize, RatingSheet)>),
    Rounds(Vec<Round>, Vec<(usize, RatingSheet)>),
    Ideas(Vec<Idea>),
    Flows(Vec<Flow>),
    Notes(Vec<Note>),
    ExerciseLog(Vec<ExerciseRun>),
    Nothing,
}

/// Applies `changes` in order; on the first rejected change, undoes the
/// earlier ones exactly and returns its error. Returns the domain inverses.
pub(crate) fn apply_all(
    session: &mut Session,
    changes: &[Change],
) -> Result<Vec<Option<Change>>, ChangeError> {
    let mut inverses = Vec::with_capacity(changes.len());
    let mut undos = Vec::with_capacity(changes.len());
    for change in changes {
        match apply_one(session, change) {
            Ok((inverse, undo)) => {
                inverses.push(inverse);
                undos.push(undo);
            }
            Err(e) => {
                for undo in undos.into_iter().rev() {
                    roll_back(session, undo);
                }
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
) -> Result<(Option<Change>, Undo), ChangeError> {
    // Copies that must be taken before the change.
    let before = match change {
        Change::ClearRating {
            participant, round, ..
        } => session
            .ratings
            .iter()
            .position(|s| &s.participant == participant && s.round == *round)
            .map_or(Undo::Nothing, |index| Undo::Sheet {
                index,
                sheet: session.ratings[index].clone(),
            }),
        Change::RemoveParticipant { id } => Undo::Participants(
            session.participants.clone(),
            sheets_where(session, |s| &s.participant == id),
        ),
        Change::StartRound(Round { number, .. }) | Change::RemoveRound { number } => Undo::Rounds(
            session.rounds.clone(),
            sheets_where(session, |s| s.round == *number),
        ),
        Change::RemoveIdea { .. } | Change::Unvote { .. } => Undo::Ideas(session.ideas.clone()),
        Change::RemoveFlow { .. } => Undo::Flows(session.flows.clone()),
        Change::RemoveNote { .. } => Undo::Notes(session.notes.clone()),
        Change::StartExercise { .. } | Change::StopExercise { .. } => {
            Undo::ExerciseLog(session.exercise_log.clone())
        }
        _ => Undo::Nothing,
    };
    let sheets_before = session.ratings.len();
    let inverse = session.apply(change)?;
    let undo = match change {
        Change::SetRating {
            participant, round, ..
        } => match &inverse {
            Some(Change::ClearRating { .. }) => Undo::PopRating {
                participant: participant.clone(),
                round: *round,
                new_sheet: session.ratings.len() > sheets_before,
            },
            Some(replaced) => Undo::Inverse(replaced.clone()),
            None => Undo::Nothing,
        },
        Change::Vote { .. } | Change::SetRevealed { .. } | Change::SetAnonymous(_) => {
            inverse.clone().map_or(Undo::Nothing, Undo::Inverse)
        }
        Change::AddParticipant(_) => Undo::PopParticipant,
        Change::AddIdea(_) => Undo::PopIdea,
        Change::AddFlow(_) => Undo::PopFlow,
        Change::AddNote(_) => Undo::PopNote,
        _ => before,
    };
    Ok((inverse, undo))
}

fn restore_sheets(session: &mut Session, sheets: Vec<(usize, RatingSheet)>) {
    for (index, sheet) in sheets {
        let at = index.min(session.ratings.len());
        session.ratings.insert(at, sheet);
    }
}

fn roll_back(session: &mut Session, undo: Undo) {
    match undo {
        Undo::Inverse(change) => {
            let undone = session.apply(&change);
            debug_assert!(undone.is_ok(), "an exact inverse was rejected: {undone:?}");
        }
        Undo::PopRating {
            participant,
            round,
            new_sheet,
        } => {
            if new_sheet {
                session.ratings.pop();
            } else if let Some(sheet) = session
                .ratings
                .iter_mut()
                .find(|s| s.participant == participant && s.round == round)
            {
                sheet.entries.pop();
            }
        }
        Undo::Sheet { index, sheet } => {
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
        Undo::PopParticipant => {
            session.participants.pop();
        }
        Undo::PopIdea => {
            session.ideas.pop();
        }
        Undo::PopFlow => {
            session.flows.pop();
        }
        Undo::PopNote => {
            session.notes.pop();
        }
        Undo::Participants(list, sheets) => {
            session.participants = list;
            restore_sheets(session, sheets);
        }
        Undo::Rounds(list, sheets) => {
            session.rounds = list;
            // Sheets of the round still there (StartRound removed none) go
            // back to exactly where they were.
            if let Some(round) = sheets.first().map(|(_, s)| s.round) {
                session.ratings.retain(|s| s.round != round);
            }
            restore_sheets(session, sheets);
        }
        Undo::Ideas(list) => session.ideas = list,
        Undo::Flows(list) => session.flows = list,
        Undo::Notes(list) => session.notes = list,
        Undo::ExerciseLog(list) => session.exercise_log = list,
        Undo::Nothing => {}
    }
}
