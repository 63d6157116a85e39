//! Every mutation of a session is a [`Change`]: the journal records them, the
//! app sends them, and applying one returns its inverse for undo.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use super::session::{
    CellKey, Device, EnteredBy, Flow, Idea, Note, Participant, RatingEntry, RatingSheet,
    RosterMode, Round, Score, Session,
};
use super::text::{has_control, has_control_multiline};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Change {
    SetRating {
        participant: String,
        round: u32,
        stage: String,
        dimension: String,
        score: Score,
        comment: Option<String>,
        at: DateTime<Utc>,
        /// Absent in journals written before schema 2.
        #[serde(default)]
        entered_by: EnteredBy,
    },
    ClearRating {
        participant: String,
        round: u32,
        stage: String,
        dimension: String,
    },
    AddParticipant(Participant),
    /// Replaces the participant with the same id (rename, role, organisation).
    UpdateParticipant(Participant),
    RemoveParticipant {
        id: String,
    },
    AddIdea(Idea),
    /// Replaces the idea with the same id (its text, stage or technologies);
    /// its votes stay as they are.
    UpdateIdea(Idea),
    RemoveIdea {
        id: u32,
    },
    Vote {
        idea: u32,
        participant: String,
    },
    Unvote {
        idea: u32,
        participant: String,
    },
    AddFlow(Flow),
    /// Replaces the flow with the same id.
    UpdateFlow(Flow),
    RemoveFlow {
        id: u32,
    },
    AddNote(Note),
    RemoveNote {
        id: u32,
    },
    StartExercise {
        exercise: String,
        at: DateTime<Utc>,
    },
    StopExercise {
        exercise: String,
        at: DateTime<Utc>,
    },
    /// Marks a participant absent (or present again) for a round.
    SetAbsent {
        round: u32,
        participant: String,
        absent: bool,
    },
    /// Adds (or, negative, takes back) minutes of an exercise's timebox.
    ExtendTimebox {
        exercise: String,
        minutes: i32,
    },
    StartRound(Round),
    RemoveRound {
        number: u32,
    },
    SetRevealed {
        round: u32,
        revealed: bool,
    },
    SetAnonymous(bool),
    /// The room's language, a language code such as `sv` (schema 6).
    SetLanguage(String),
    /// The join code participants type (schema 3).
    SetJoinCode(String),
    /// The key of the room board's address.
    SetBoardKey(String),
    /// Schema 7's switch for unknown names joining, kept so that older
    /// journals replay: `true` is `open`, `false` is `closed`.
    SetRosterOpen(bool),
    /// Who may join from a device (schema 8); `None` is the session's
    /// default.
    SetRoster(Option<RosterMode>),
    /// Where the phones' server listens (`IP:port`), or that it stopped
    /// (schema 9).
    SetServer(Option<String>),
    /// A participant's device joined (approved or waiting).
    AddDevice(Device),
    /// The facilitator approved (or withdrew approval of) a device.
    SetDeviceApproved {
        token_hash: String,
        approved: bool,
    },
    /// A device signed out or was removed: its token stops working.
    RemoveDevice {
        token_hash: String,
    },
    /// The secret personal join cards are derived from (schema 5).
    SetCardSecret(String),
    /// A participant's card generation: reissuing a card bumps it, and
    /// cards of other generations stop working.
    SetCardGeneration {
        participant: String,
        generation: u32,
    },
}

impl Change {
    /// The rating-grid cell a rating change is about; `None` for the others.
    #[must_use]
    pub fn cell(&self) -> Option<CellKey> {
        match self {
            Self::SetRating {
                participant,
                round,
                stage,
                dimension,
                ..
            }
            | Self::ClearRating {
                participant,
                round,
                stage,
                dimension,
            } => Some(CellKey {
                participant: participant.clone(),
                round: *round,
                stage: stage.clone(),
                dimension: dimension.clone(),
            }),
            _ => None,
        }
    }
}

/// Why a change cannot be applied; the session is left as it was.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ChangeError {
    #[error("unknown participant '{0}'")]
    UnknownParticipant(String),
    #[error("a participant with id '{0}' or the same alias already exists")]
    DuplicateParticipant(String),
    #[error("unknown stage '{0}'")]
    UnknownStage(String),
    #[error("unknown dimension '{0}'")]
    UnknownDimension(String),
    #[error("{value} is off the scale {min}..{max} of '{dimension}'")]
    OffScale {
        dimension: String,
        value: u8,
        min: u8,
        max: u8,
    },
    #[error("unknown round {0}")]
    UnknownRound(u32),
    #[error("round {0} still has ratings and cannot be removed")]
    RoundInUse(u32),
    #[error("round {0} already exists")]
    DuplicateRound(u32),
    #[error("unknown technology '{0}'")]
    UnknownTechnology(String),
    #[error("unknown flow node '{0}'")]
    UnknownFlowNode(String),
    #[error("no flow from '{from}' to '{to}': {reason}")]
    FlowDirection {
        from: String,
        to: String,
        reason: &'static str,
    },
    #[error("unknown exercise '{0}'")]
    UnknownExercise(String),
    #[error("no idea with id {0}")]
    UnknownIdea(u32),
    #[error("no flow with id {0}")]
    UnknownFlow(u32),
    #[error("no note with id {0}")]
    UnknownNote(u32),
    #[error("id {0} is already taken")]
    DuplicateId(u32),
    #[error("{participant} has placed all {budget} dots")]
    VoteBudgetSpent { participant: String, budget: u32 },
    #[error("{0} has no dot on that idea")]
    NoVote(String),
    #[error(
        "{0} still has ratings, ideas, dots or an absence on record and cannot be removed (mark them absent instead)"
    )]
    ParticipantInUse(String),
    #[error("no such device")]
    UnknownDevice,
    #[error("that device has already joined")]
    DuplicateDevice,
    #[error("'{0}' is not a server address (IP:port)")]
    BadServerAddress(String),
    #[error("'{0}' is not a language code (two or three lower-case letters, such as sv)")]
    NotALanguage(String),
    #[error("the {0} holds a control character (such as an escape sequence); remove it")]
    ControlCharacter(&'static str),
    #[error("the {what} is {chars} characters long; at most {max} are allowed")]
    TooLong {
        what: &'static str,
        chars: usize,
        max: usize,
    },
}

/// The longest session title: one line on a screen or a report's title
/// page. The title is in every row of the tidy CSV, so a title without a
/// limit made that export grow without one.
pub const MAX_TITLE_CHARS: usize = 1_000;

/// A session title: one line, no control character, at most
/// [`MAX_TITLE_CHARS`] characters.
///
/// # Errors
/// Which rule the title breaks.
pub fn check_title(title: &str) -> Result<(), ChangeError> {
    check_line_text("title", title)?;
    let chars = title.chars().count();
    if chars > MAX_TITLE_CHARS {
        return Err(ChangeError::TooLong {
            what: "title",
            chars,
            max: MAX_TITLE_CHARS,
        });
    }
    Ok(())
}

/// What [`Session::apply_indexed`] keeps between the changes of a run:
/// the participants' ids and folded aliases. Valid only for the session it
/// was used with, and only while nothing else changes that session.
#[derive(Debug, Default)]
pub struct ApplyIndex {
    people: Option<(HashSet<String>, HashSet<String>)>,
    /// Where each (participant, round) sheet is; one missing here is not in
    /// the session at all.
    sheets: Option<HashMap<(String, u32), usize>>,
}

/// Where the sheet of a rating change is, when the caller knows.
#[derive(Debug, Clone, Copy)]
enum SheetHint {
    Search,
    Absent,
    At(usize),
}

/// Whether two aliases name the same person: aliases are unique ignoring
/// case (as [`fold_alias`] folds them).
#[must_use]
pub fn same_alias(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        return a.eq_ignore_ascii_case(b);
    }
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

/// An alias with its case folded: two aliases name the same person when
/// these are equal.
#[must_use]
pub fn fold_alias(alias: &str) -> String {
    alias.chars().flat_map(char::to_lowercase).collect()
}

/// A one-line text: no control character at all.
pub(super) fn check_line_text(what: &'static str, text: &str) -> Result<(), ChangeError> {
    if has_control(text) {
        return Err(ChangeError::ControlCharacter(what));
    }
    Ok(())
}

/// A multi-line text: line breaks and tabs, but no other control character.
pub(super) fn check_multiline_text(what: &'static str, text: &str) -> Result<(), ChangeError> {
    if has_control_multiline(text) {
        return Err(ChangeError::ControlCharacter(what));
    }
    Ok(())
}

pub(super) fn check_participant_text(p: &Participant) -> Result<(), ChangeError> {
    check_line_text("participant id", &p.id)?;
    check_line_text("alias", &p.alias)?;
    check_line_text("role", &p.role)?;
    check_line_text("organisation", &p.organisation)
}

/// Removes and returns the first item of `items` that is `found`, or fails
/// with `missing`.
fn take<T>(
    items: &mut Vec<T>,
    found: impl Fn(&T) -> bool,
    missing: ChangeError,
) -> Result<T, ChangeError> {
    let index = items.iter().position(found).ok_or(missing)?;
    Ok(items.remove(index))
}

impl Session {
    /// The change that puts a cell back as it was: its `old` rating, or a
    /// clear when it had none.
    fn restore_cell(
        &self,
        participant: &str,
        round: u32,
        stage: &str,
        dimension: &str,
        old: Option<RatingEntry>,
    ) -> Change {
        let (participant, stage, dimension) = (
            participant.to_owned(),
            stage.to_owned(),
            dimension.to_owned(),
        );
        match old {
            Some(old) => Change::SetRating {
                participant,
                round,
                stage,
                dimension,
                score: old.score,
                comment: old.comment,
                at: self.time_at(old.offset_seconds),
                entered_by: old.entered_by,
            },
            None => Change::ClearRating {
                participant,
                round,
                stage,
                dimension,
            },
        }
    }
}

impl Session {
    /// Applies `change` after checking it against the template and the
    /// session. Returns the change that undoes it, or `None` for changes that
    /// are not undone (exercise timings). On error nothing is modified.
    ///
    /// # Errors
    /// A [`ChangeError`] naming what the change refers to that does not exist
    /// or is not allowed.
    pub fn apply(&mut self, change: &Change) -> Result<Option<Change>, ChangeError> {
        self.apply_with_hint(change, SheetHint::Search)
    }

    /// [`Session::apply`], told where the sheet of a rating change is.
    #[expect(
        clippy::too_many_lines,
        reason = "one arm per change: the rules of a session in one place"
    )]
    fn apply_with_hint(
        &mut self,
        change: &Change,
        sheet_hint: SheetHint,
    ) -> Result<Option<Change>, ChangeError> {
        match change {
            Change::SetRating {
                participant,
                round,
                stage,
                dimension,
                score,
                comment,
                at,
                entered_by,
            } => {
                self.check_cell(participant, *round, stage, dimension)?;
                self.check_score(dimension, *score)?;
                if let Some(text) = comment {
                    check_multiline_text("comment", text)?;
                }
                let entry = RatingEntry {
                    stage: stage.as_str().into(),
                    dimension: dimension.as_str().into(),
                    score: *score,
                    offset_seconds: (*at - self.created).num_seconds(),
                    comment: comment.clone(),
                    entered_by: *entered_by,
                };
                let previous = self.put_entry(participant, *round, entry, sheet_hint);
                Ok(Some(self.restore_cell(
                    participant,
                    *round,
                    stage,
                    dimension,
                    previous,
                )))
            }
            Change::ClearRating {
                participant,
                round,
                stage,
                dimension,
            } => {
                self.check_cell(participant, *round, stage, dimension)?;
                let removed = self.take_entry(participant, *round, stage, dimension);
                // Clearing an empty cell is a no-op whose inverse is itself.
                Ok(Some(self.restore_cell(
                    participant,
                    *round,
                    stage,
                    dimension,
                    removed,
                )))
            }
            Change::AddParticipant(p) => {
                let taken = self.participant(&p.id).is_some()
                    || self
                        .participants
                        .iter()
                        .any(|q| same_alias(&q.alias, &p.alias));
                self.add_participant(p, taken)
            }
            Change::UpdateParticipant(p) => {
                check_participant_text(p)?;
                if self
                    .participants
                    .iter()
                    .any(|q| q.id != p.id && same_alias(&q.alias, &p.alias))
                {
                    return Err(ChangeError::DuplicateParticipant(p.alias.clone()));
                }
                let slot = self
                    .participants
                    .iter_mut()
                    .find(|q| q.id == p.id)
                    .ok_or_else(|| ChangeError::UnknownParticipant(p.id.clone()))?;
                let before = std::mem::replace(slot, p.clone());
                Ok(Some(Change::UpdateParticipant(before)))
            }
            Change::RemoveParticipant { id } => {
                let index = self
                    .participants
                    .iter()
                    .position(|p| &p.id == id)
                    .ok_or_else(|| ChangeError::UnknownParticipant(id.clone()))?;
                if self.participant_in_use(id) {
                    return Err(ChangeError::ParticipantInUse(self.alias_of(id)));
                }
                self.ratings.retain(|s| &s.participant != id);
                let removed = self.participants.remove(index);
                Ok(Some(Change::AddParticipant(removed)))
            }
            Change::AddIdea(idea) => {
                if self.ideas.iter().any(|i| i.id == idea.id) {
                    return Err(ChangeError::DuplicateId(idea.id));
                }
                self.check_stage(&idea.stage)?;
                self.check_technologies(&idea.technologies)?;
                check_multiline_text("idea", &idea.text)?;
                for p in idea.author.iter().chain(&idea.votes) {
                    self.check_participant(p)?;
                }
                self.ideas.push(idea.clone());
                Ok(Some(Change::RemoveIdea { id: idea.id }))
            }
            Change::UpdateIdea(idea) => {
                self.check_stage(&idea.stage)?;
                self.check_technologies(&idea.technologies)?;
                check_multiline_text("idea", &idea.text)?;
                let slot = self
                    .ideas
                    .iter_mut()
                    .find(|i| i.id == idea.id)
                    .ok_or(ChangeError::UnknownIdea(idea.id))?;
                let votes = slot.votes.clone();
                let before = std::mem::replace(
                    slot,
                    Idea {
                        votes,
                        ..idea.clone()
                    },
                );
                Ok(Some(Change::UpdateIdea(before)))
            }
            Change::RemoveIdea { id } => {
                let removed = take(
                    &mut self.ideas,
                    |i| i.id == *id,
                    ChangeError::UnknownIdea(*id),
                )?;
                Ok(Some(Change::AddIdea(removed)))
            }
            Change::Vote { idea, participant } => {
                self.check_participant(participant)?;
                let budget = self.vote_budget();
                if self.votes_cast_by(participant) >= budget as usize {
                    return Err(ChangeError::VoteBudgetSpent {
                        participant: self.alias_of(participant),
                        budget,
                    });
                }
                let target = self
                    .ideas
                    .iter_mut()
                    .find(|i| i.id == *idea)
                    .ok_or(ChangeError::UnknownIdea(*idea))?;
                target.votes.push(participant.clone());
                Ok(Some(Change::Unvote {
                    idea: *idea,
                    participant: participant.clone(),
                }))
            }
            Change::Unvote { idea, participant } => {
                let who = self.alias_of(participant);
                let target = self
                    .ideas
                    .iter_mut()
                    .find(|i| i.id == *idea)
                    .ok_or(ChangeError::UnknownIdea(*idea))?;
                let index = target
                    .votes
                    .iter()
                    .rposition(|v| v == participant)
                    .ok_or(ChangeError::NoVote(who))?;
                target.votes.remove(index);
                Ok(Some(Change::Vote {
                    idea: *idea,
                    participant: participant.clone(),
                }))
            }
            Change::AddFlow(flow) => {
                if self.flows.iter().any(|f| f.id == flow.id) {
                    return Err(ChangeError::DuplicateId(flow.id));
                }
                self.check_flow(flow)?;
                self.flows.push(flow.clone());
                Ok(Some(Change::RemoveFlow { id: flow.id }))
            }
            Change::UpdateFlow(flow) => {
                self.check_flow(flow)?;
                let slot = self
                    .flows
                    .iter_mut()
                    .find(|f| f.id == flow.id)
                    .ok_or(ChangeError::UnknownFlow(flow.id))?;
                let before = std::mem::replace(slot, flow.clone());
                Ok(Some(Change::UpdateFlow(before)))
            }
            Change::RemoveFlow { id } => {
                let removed = take(
                    &mut self.flows,
                    |f| f.id == *id,
                    ChangeError::UnknownFlow(*id),
                )?;
                Ok(Some(Change::AddFlow(removed)))
            }
            Change::AddNote(note) => {
                if self.notes.iter().any(|n| n.id == note.id) {
                    return Err(ChangeError::DuplicateId(note.id));
                }
                check_multiline_text("note", &note.text)?;
                if let Some(e) = &note.exercise {
                    self.check_exercise(e)?;
                }
                self.notes.push(note.clone());
                Ok(Some(Change::RemoveNote { id: note.id }))
            }
            Change::RemoveNote { id } => {
                let removed = take(
                    &mut self.notes,
                    |n| n.id == *id,
                    ChangeError::UnknownNote(*id),
                )?;
                Ok(Some(Change::AddNote(removed)))
            }
            Change::StartExercise { exercise, at } => {
                self.check_exercise(exercise)?;
                self.exercise_log.push(super::session::ExerciseRun {
                    exercise: exercise.clone(),
                    started: *at,
                    stopped: None,
                });
                Ok(None)
            }
            Change::StopExercise { exercise, at } => {
                self.check_exercise(exercise)?;
                if let Some(run) = self
                    .exercise_log
                    .iter_mut()
                    .rev()
                    .find(|r| &r.exercise == exercise && r.stopped.is_none())
                {
                    run.stopped = Some(*at);
                }
                Ok(None)
            }
            Change::SetAbsent {
                round,
                participant,
                absent,
            } => {
                self.check_participant(participant)?;
                let r = self
                    .rounds
                    .iter_mut()
                    .find(|r| r.number == *round)
                    .ok_or(ChangeError::UnknownRound(*round))?;
                let before = r.absent.contains(participant);
                r.absent.retain(|p| p != participant);
                if *absent {
                    r.absent.push(participant.clone());
                }
                Ok(Some(Change::SetAbsent {
                    round: *round,
                    participant: participant.clone(),
                    absent: before,
                }))
            }
            Change::ExtendTimebox { exercise, minutes } => {
                self.check_exercise(exercise)?;
                let extra = self.timebox_extra.entry(exercise.clone()).or_insert(0);
                *extra = extra.saturating_add_signed(*minutes);
                if *extra == 0 {
                    self.timebox_extra.remove(exercise);
                }
                Ok(Some(Change::ExtendTimebox {
                    exercise: exercise.clone(),
                    minutes: minutes.saturating_neg(),
                }))
            }
            Change::StartRound(round) => {
                if self.round(round.number).is_some() {
                    return Err(ChangeError::DuplicateRound(round.number));
                }
                self.rounds.push(round.clone());
                Ok(Some(Change::RemoveRound {
                    number: round.number,
                }))
            }
            Change::RemoveRound { number } => {
                let index = self
                    .rounds
                    .iter()
                    .position(|r| r.number == *number)
                    .ok_or(ChangeError::UnknownRound(*number))?;
                // Undo must never drop ratings: a round that holds any stays.
                if self.ratings.iter().any(|s| s.round == *number) {
                    return Err(ChangeError::RoundInUse(*number));
                }
                let removed = self.rounds.remove(index);
                Ok(Some(Change::StartRound(removed)))
            }
            Change::SetRevealed { round, revealed } => {
                let r = self
                    .rounds
                    .iter_mut()
                    .find(|r| r.number == *round)
                    .ok_or(ChangeError::UnknownRound(*round))?;
                let before = r.revealed;
                r.revealed = *revealed;
                Ok(Some(Change::SetRevealed {
                    round: *round,
                    revealed: before,
                }))
            }
            Change::SetAnonymous(on) => {
                let before = self.anonymous;
                self.anonymous = *on;
                Ok(Some(Change::SetAnonymous(before)))
            }
            Change::SetLanguage(code) => {
                if !super::is_language_code(code) {
                    return Err(ChangeError::NotALanguage(code.clone()));
                }
                Ok(Some(Change::SetLanguage(std::mem::replace(
                    &mut self.language,
                    code.clone(),
                ))))
            }
            Change::SetJoinCode(code) => Ok(Some(Change::SetJoinCode(std::mem::replace(
                &mut self.access.join_code,
                code.clone(),
            )))),
            Change::SetBoardKey(key) => Ok(Some(Change::SetBoardKey(std::mem::replace(
                &mut self.access.board_key,
                key.clone(),
            )))),
            Change::SetRosterOpen(open) => {
                let mode = if *open {
                    RosterMode::Open
                } else {
                    RosterMode::Closed
                };
                Ok(Some(Change::SetRoster(self.access.roster.replace(mode))))
            }
            Change::SetRoster(mode) => Ok(Some(Change::SetRoster(std::mem::replace(
                &mut self.access.roster,
                *mode,
            )))),
            Change::SetServer(addr) => {
                if let Some(a) = addr
                    && a.parse::<std::net::SocketAddr>().is_err()
                {
                    return Err(ChangeError::BadServerAddress(a.clone()));
                }
                Ok(Some(Change::SetServer(std::mem::replace(
                    &mut self.access.server,
                    addr.clone(),
                ))))
            }
            Change::AddDevice(device) => {
                self.check_participant(&device.participant)?;
                if self
                    .access
                    .devices
                    .iter()
                    .any(|d| d.token_hash == device.token_hash)
                {
                    return Err(ChangeError::DuplicateDevice);
                }
                self.access.devices.push(device.clone());
                Ok(Some(Change::RemoveDevice {
                    token_hash: device.token_hash.clone(),
                }))
            }
            Change::SetDeviceApproved {
                token_hash,
                approved,
            } => {
                let device = self
                    .access
                    .devices
                    .iter_mut()
                    .find(|d| &d.token_hash == token_hash)
                    .ok_or(ChangeError::UnknownDevice)?;
                let before = std::mem::replace(&mut device.approved, *approved);
                Ok(Some(Change::SetDeviceApproved {
                    token_hash: token_hash.clone(),
                    approved: before,
                }))
            }
            Change::RemoveDevice { token_hash } => {
                let removed = take(
                    &mut self.access.devices,
                    |d| &d.token_hash == token_hash,
                    ChangeError::UnknownDevice,
                )?;
                Ok(Some(Change::AddDevice(removed)))
            }
            Change::SetCardSecret(secret) => {
                check_line_text("card secret", secret)?;
                Ok(Some(Change::SetCardSecret(std::mem::replace(
                    &mut self.access.card_secret,
                    secret.clone(),
                ))))
            }
            Change::SetCardGeneration {
                participant,
                generation,
            } => {
                self.check_participant(participant)?;
                let generations = &mut self.access.card_generations;
                let before = if *generation == 0 {
                    generations.remove(participant)
                } else {
                    generations.insert(participant.clone(), *generation)
                };
                Ok(Some(Change::SetCardGeneration {
                    participant: participant.clone(),
                    generation: before.unwrap_or(0),
                }))
            }
        }
    }

    /// Adds `p` unless `taken` (its id or alias is someone's already).
    fn add_participant(
        &mut self,
        p: &Participant,
        taken: bool,
    ) -> Result<Option<Change>, ChangeError> {
        check_participant_text(p)?;
        if taken {
            return Err(ChangeError::DuplicateParticipant(p.id.clone()));
        }
        self.participants.push(p.clone());
        Ok(Some(Change::RemoveParticipant { id: p.id.clone() }))
    }

    /// [`Session::apply`] for one change of a long run (an import, a journal
    /// replay): the same rules, with the participants' ids and aliases kept
    /// in `index` between changes, so that adding 30,000 participants does
    /// not compare each with all the others.
    ///
    /// # Errors
    /// As [`Session::apply`].
    pub fn apply_indexed(
        &mut self,
        change: &Change,
        index: &mut ApplyIndex,
    ) -> Result<Option<Change>, ChangeError> {
        match change {
            Change::AddParticipant(p) => {
                let (ids, aliases) = index.people.get_or_insert_with(|| {
                    (
                        self.participants.iter().map(|q| q.id.clone()).collect(),
                        self.participants
                            .iter()
                            .map(|q| fold_alias(&q.alias))
                            .collect(),
                    )
                });
                let alias = fold_alias(&p.alias);
                let taken = ids.contains(&p.id) || aliases.contains(&alias);
                let inverse = self.add_participant(p, taken)?;
                ids.insert(p.id.clone());
                aliases.insert(alias);
                Ok(inverse)
            }
            Change::SetRating {
                participant, round, ..
            } => {
                let sheets = index.sheets.get_or_insert_with(|| {
                    self.ratings
                        .iter()
                        .enumerate()
                        .map(|(i, s)| ((s.participant.clone(), s.round), i))
                        .collect()
                });
                let key = (participant.clone(), *round);
                let hint = match sheets.get(&key) {
                    Some(&i)
                        if self
                            .ratings
                            .get(i)
                            .is_some_and(|s| s.participant == key.0 && s.round == key.1) =>
                    {
                        SheetHint::At(i)
                    }
                    Some(_) => SheetHint::Search,
                    None => SheetHint::Absent,
                };
                let before = self.ratings.len();
                let inverse = self.apply_with_hint(change, hint)?;
                if self.ratings.len() > before {
                    sheets.insert(key, before);
                }
                Ok(inverse)
            }
            // These may remove or move sheets, or rename people: rare in a
            // run, so the index starts again.
            Change::ClearRating { .. }
            | Change::UpdateParticipant(_)
            | Change::RemoveParticipant { .. }
            | Change::StartRound(_)
            | Change::RemoveRound { .. } => {
                *index = ApplyIndex::default();
                self.apply(change)
            }
            _ => self.apply(change),
        }
    }

    /// A participant's alias for messages (the id when unknown).
    fn alias_of(&self, id: &str) -> String {
        self.participant(id)
            .map_or_else(|| id.to_owned(), |p| p.alias.clone())
    }

    pub(super) fn check_technologies(&self, technologies: &[String]) -> Result<(), ChangeError> {
        match technologies
            .iter()
            .find(|t| self.template.technology(t).is_none())
        {
            Some(t) => Err(ChangeError::UnknownTechnology(t.clone())),
            None => Ok(()),
        }
    }

    pub(super) fn check_flow(&self, flow: &Flow) -> Result<(), ChangeError> {
        check_multiline_text("flow note", &flow.note)?;
        for material in &flow.materials {
            check_line_text("flow material", material)?;
        }
        for node in [&flow.from, &flow.to] {
            if !self.template.is_flow_node(node) {
                return Err(ChangeError::UnknownFlowNode(node.clone()));
            }
        }
        self.check_flow_direction(&flow.from, &flow.to)
    }

    /// Material leaves sources and ends in sinks, and a flow joins two nodes.
    fn check_flow_direction(&self, from: &str, to: &str) -> Result<(), ChangeError> {
        use super::template::FlowNodeRole;
        let role = |id: &str| {
            self.template
                .flow_nodes
                .iter()
                .find(|n| n.id == id)
                .map(|n| n.role)
        };
        let reason = if from == to {
            Some("a flow needs two different nodes")
        } else if role(from) == Some(FlowNodeRole::Sink) {
            Some("nothing flows out of a sink")
        } else if role(to) == Some(FlowNodeRole::Source) {
            Some("nothing flows into a source")
        } else {
            None
        };
        match reason {
            Some(reason) => Err(ChangeError::FlowDirection {
                from: from.to_owned(),
                to: to.to_owned(),
                reason,
            }),
            None => Ok(()),
        }
    }

    /// A score on the dimension's scale ("don't know" always is).
    pub(super) fn check_score(&self, dimension: &str, score: Score) -> Result<(), ChangeError> {
        let Score::Value(v) = score else {
            return Ok(());
        };
        let scale = self
            .template
            .dimension(dimension)
            .map(|d| d.scale)
            .ok_or_else(|| ChangeError::UnknownDimension(dimension.to_owned()))?;
        if scale.contains(v) {
            Ok(())
        } else {
            Err(ChangeError::OffScale {
                dimension: dimension.to_owned(),
                value: v,
                min: scale.min,
                max: scale.max,
            })
        }
    }

    pub(super) fn check_participant(&self, id: &str) -> Result<(), ChangeError> {
        self.participant(id)
            .map(|_| ())
            .ok_or_else(|| ChangeError::UnknownParticipant(id.to_owned()))
    }

    pub(super) fn check_stage(&self, id: &str) -> Result<(), ChangeError> {
        self.template
            .stage(id)
            .map(|_| ())
            .ok_or_else(|| ChangeError::UnknownStage(id.to_owned()))
    }

    pub(super) fn check_exercise(&self, id: &str) -> Result<(), ChangeError> {
        if self.template.exercises.iter().any(|e| e.id == id) {
            Ok(())
        } else {
            Err(ChangeError::UnknownExercise(id.to_owned()))
        }
    }

    pub(super) fn check_cell(
        &self,
        participant: &str,
        round: u32,
        stage: &str,
        dimension: &str,
    ) -> Result<(), ChangeError> {
        self.check_participant(participant)?;
        if self.round(round).is_none() {
            return Err(ChangeError::UnknownRound(round));
        }
        self.check_stage(stage)?;
        if self.template.dimension(dimension).is_none() {
            return Err(ChangeError::UnknownDimension(dimension.to_owned()));
        }
        Ok(())
    }

    /// Inserts or replaces one entry; returns the replaced one.
    fn put_entry(
        &mut self,
        participant: &str,
        round: u32,
        entry: RatingEntry,
        hint: SheetHint,
    ) -> Option<RatingEntry> {
        let found = match hint {
            SheetHint::Search => self.sheet_index(participant, round),
            SheetHint::Absent => None,
            SheetHint::At(i) => Some(i),
        };
        let cells = self.template.stages.len() * self.template.dimensions.len();
        let sheet = if let Some(i) = found {
            &mut self.ratings[i]
        } else {
            self.ratings.push(RatingSheet {
                participant: participant.to_owned(),
                round,
                entries: Vec::new(),
            });
            self.ratings.last_mut()?
        };
        if let Some(existing) = sheet
            .entries
            .iter_mut()
            .find(|e| e.stage == entry.stage && e.dimension == entry.dimension)
        {
            return Some(std::mem::replace(existing, entry));
        }
        // A sheet holds at most one entry per cell: it grows by doubling up
        // to that, not past it (45 cells took a capacity of 64, a third
        // wasted in every sheet of a conference-sized session).
        let entries = &mut sheet.entries;
        if entries.len() == entries.capacity() && entries.len() < cells {
            let grown = (entries.capacity() * 2).max(4).min(cells);
            entries.reserve_exact(grown - entries.len());
        }
        entries.push(entry);
        None
    }

    fn take_entry(
        &mut self,
        participant: &str,
        round: u32,
        stage: &str,
        dimension: &str,
    ) -> Option<RatingEntry> {
        let si = self.sheet_index(participant, round)?;
        let sheet = &mut self.ratings[si];
        let ei = sheet
            .entries
            .iter()
            .position(|e| e.stage == stage && e.dimension == dimension)?;
        let removed = sheet.entries.remove(ei);
        if sheet.entries.is_empty() {
            self.ratings.remove(si);
        }
        Some(removed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{FlowKind, Strength, default_template};
    use crate::synthetic::epoch;

    fn flow(id: u32, from: &str, to: &str) -> Change {
        Change::AddFlow(Flow {
            id,
            from: from.to_owned(),
            to: to.to_owned(),
            kind: FlowKind::Loss,
            strength: Strength::Low,
            materials: Vec::new(),
            note: String::new(),
        })
    }

    #[test]
    fn flows_leave_sources_and_end_in_sinks() {
        let mut s = Session::new("t", "", default_template(), epoch());
        assert!(s.apply(&flow(1, "import", "processing")).is_ok());
        assert!(s.apply(&flow(2, "recycling", "landfill")).is_ok());
        for (id, from, to, why) in [
            (3, "collection", "import", "nothing flows into a source"),
            (4, "landfill", "mining", "nothing flows out of a sink"),
            (5, "use", "use", "a flow needs two different nodes"),
        ] {
            let e = s.apply(&flow(id, from, to)).err().map(|e| e.to_string());
            assert_eq!(
                e,
                Some(format!("no flow from '{from}' to '{to}': {why}")),
                "{from} -> {to}"
            );
        }
        assert_eq!(s.flows.len(), 2);
    }
}
