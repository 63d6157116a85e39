//! What an actor asks of a session, in the workshop's own words, and how
//! each intent becomes domain changes once the actor is allowed to make it.
//! The session's rules (scales, ids, flow directions) are checked by
//! [`Session::apply`](crate::domain::Session) when the changes are staged.

use chrono::{DateTime, Utc};

use super::{Actor, Refusal};
use crate::domain::{
    Change, ExerciseKind, Flow, FlowKind, Idea, Note, Participant, Round, Score, Session, Strength,
};

/// One request to a session. Ratings always go to the current round.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    Rate {
        participant: String,
        stage: String,
        dimension: String,
        score: Score,
        /// A comment to set with the score; `None` keeps the cell's comment.
        comment: Option<String>,
    },
    Clear {
        participant: String,
        stage: String,
        dimension: String,
    },
    /// Sets (or, with empty text, removes) the comment of a rated cell.
    Comment {
        participant: String,
        stage: String,
        dimension: String,
        text: String,
    },
    AddParticipant {
        alias: String,
        role: String,
        organisation: String,
    },
    /// Renames a participant or changes its role and organisation.
    EditParticipant(Participant),
    RemoveParticipant {
        id: String,
    },
    /// Marks a participant absent (or present again) for the current round.
    SetAbsent {
        participant: String,
        absent: bool,
    },
    AddIdea {
        stage: String,
        text: String,
        technologies: Vec<String>,
        author: Option<String>,
    },
    EditIdea {
        id: u32,
        text: String,
        technologies: Vec<String>,
    },
    MoveIdea {
        id: u32,
        stage: String,
    },
    DeleteIdea {
        id: u32,
    },
    /// Merges idea `from` into idea `into`: its dots and technologies go
    /// along, then it is deleted (one undo takes it all back).
    MergeIdeas {
        from: u32,
        into: u32,
    },
    Vote {
        idea: u32,
        participant: String,
    },
    Unvote {
        idea: u32,
        participant: String,
    },
    AddFlow(FlowSpec),
    EditFlow {
        id: u32,
        flow: FlowSpec,
    },
    DeleteFlow {
        id: u32,
    },
    /// A timestamped note for the current exercise.
    Note {
        text: String,
    },
    /// Moves to the exercise at this index of the agenda (stops the running
    /// one's clock and starts the next one's).
    GoToExercise(usize),
    StartRound {
        blind: bool,
    },
    /// Shows (true) or hides the group of the current blind round.
    Reveal(bool),
    /// The room's language (a language code such as `sv`): what the
    /// participant page, the board, the join cards and the reports speak.
    SetLanguage(String),
    Undo,
    Redo,
}

/// A flow as an actor describes it; the engine gives it its id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlowSpec {
    pub from: String,
    pub to: String,
    pub kind: FlowKind,
    pub strength: Strength,
    pub materials: Vec<String>,
    pub note: String,
}

/// Which dimensions accept ratings from participants' devices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Openness {
    /// Only the dimensions of the exercise the facilitator is running.
    #[default]
    CurrentExercise,
    /// Every dimension, whatever the exercise (an asynchronous questionnaire).
    All,
}

/// What the engine knows beside the session when it reads an intent.
pub(super) struct Context<'a> {
    pub session: &'a Session,
    pub actor: &'a Actor,
    /// Index of the current exercise in the agenda.
    pub exercise: usize,
    pub openness: Openness,
    pub now: DateTime<Utc>,
}

impl Context<'_> {
    fn facilitator_only(&self, what: &'static str) -> Result<(), Refusal> {
        match self.actor {
            Actor::Facilitator => Ok(()),
            Actor::Participant(_) => Err(Refusal::FacilitatorOnly(what)),
        }
    }

    /// A participant acts only for itself.
    fn own(&self, participant: &str, what: &'static str) -> Result<(), Refusal> {
        match self.actor {
            Actor::Participant(id) if id != participant => Err(Refusal::NotYours(what)),
            _ => Ok(()),
        }
    }

    /// A participant rates only the dimensions that are open now.
    fn open(&self, dimension: &str) -> Result<(), Refusal> {
        // An unknown dimension is a mistake, not a question of timing.
        if self.session.template.dimension(dimension).is_none() {
            return Err(crate::domain::ChangeError::UnknownDimension(dimension.to_owned()).into());
        }
        if matches!(self.actor, Actor::Facilitator) || self.openness == Openness::All {
            return Ok(());
        }
        let open = self
            .session
            .template
            .exercises
            .get(self.exercise)
            .is_some_and(|e| e.kind.rated_dimensions().iter().any(|d| d == dimension));
        if open {
            Ok(())
        } else {
            Err(Refusal::NotOpen(dimension.to_owned()))
        }
    }

    /// Participants' ideas and dots only while the ideas exercise runs.
    fn ideas_now(&self) -> Result<(), Refusal> {
        let running = self
            .session
            .template
            .exercises
            .get(self.exercise)
            .is_some_and(|e| matches!(e.kind, ExerciseKind::Ideas { .. }));
        if matches!(self.actor, Actor::Facilitator) || running {
            Ok(())
        } else {
            Err(Refusal::NoIdeasNow)
        }
    }

    fn round(&self) -> u32 {
        self.session.current_round()
    }
}

/// The changes that carry out `intent`, after the actor's rights are
/// checked. `Undo`, `Redo` and `GoToExercise` are handled by the engine.
#[expect(
    clippy::too_many_lines,
    reason = "one arm per intent: the rights and rules of each in one place"
)]
pub(super) fn changes(ctx: &Context<'_>, intent: Intent) -> Result<Vec<Change>, Refusal> {
    let s = ctx.session;
    let one = |c: Change| Ok(vec![c]);
    match intent {
        Intent::Rate {
            participant,
            stage,
            dimension,
            score,
            comment,
        } => {
            ctx.own(&participant, "ratings")?;
            ctx.open(&dimension)?;
            let round = ctx.round();
            // A new score keeps the cell's comment unless it brings one.
            let comment = match comment {
                Some(text) => (!text.is_empty()).then_some(text),
                None => s
                    .rating(&participant, round, &stage, &dimension)
                    .and_then(|e| e.comment.clone()),
            };
            one(Change::SetRating {
                participant,
                round,
                stage,
                dimension,
                score,
                comment,
                at: ctx.now,
                entered_by: ctx.actor.entered_by(),
            })
        }
        Intent::Clear {
            participant,
            stage,
            dimension,
        } => {
            ctx.own(&participant, "ratings")?;
            ctx.open(&dimension)?;
            one(Change::ClearRating {
                participant,
                round: ctx.round(),
                stage,
                dimension,
            })
        }
        Intent::Comment {
            participant,
            stage,
            dimension,
            text,
        } => {
            ctx.own(&participant, "comments")?;
            ctx.open(&dimension)?;
            let round = ctx.round();
            let entry = s
                .rating(&participant, round, &stage, &dimension)
                .ok_or(Refusal::NothingToComment)?;
            one(Change::SetRating {
                participant,
                round,
                stage,
                dimension,
                score: entry.score,
                comment: (!text.is_empty()).then_some(text),
                at: s.time_at(entry.offset_seconds),
                entered_by: entry.entered_by,
            })
        }
        Intent::AddParticipant {
            alias,
            role,
            organisation,
        } => {
            ctx.facilitator_only("add participants")?;
            let alias = alias.trim().to_owned();
            if alias.is_empty() {
                return Err(Refusal::Empty("a participant needs an alias"));
            }
            one(Change::AddParticipant(Participant {
                id: s.next_participant_id(),
                alias,
                role,
                organisation,
                joined: false,
            }))
        }
        Intent::EditParticipant(p) => {
            ctx.facilitator_only("edit participants")?;
            if p.alias.trim().is_empty() {
                return Err(Refusal::Empty("a participant needs an alias"));
            }
            one(Change::UpdateParticipant(p))
        }
        Intent::RemoveParticipant { id } => {
            ctx.facilitator_only("remove participants")?;
            // The id may be given to the next person added: neither a card
            // printed for this one nor a phone that joined as them may act
            // as that person. The card's generation moves on (and stays in
            // the session) and their devices go; one step, so undo restores
            // all of it.
            let mut retire = super::access::remove_devices_of(s, &id);
            retire.push(Change::SetCardGeneration {
                generation: crate::domain::cards::card_generation(s, &id).saturating_add(1),
                participant: id.clone(),
            });
            retire.push(Change::RemoveParticipant { id });
            Ok(retire)
        }
        Intent::SetAbsent {
            participant,
            absent,
        } => {
            ctx.facilitator_only("mark participants absent")?;
            one(Change::SetAbsent {
                round: ctx.session.current_round(),
                participant,
                absent,
            })
        }
        Intent::AddIdea {
            stage,
            text,
            technologies,
            author,
        } => {
            ctx.ideas_now()?;
            if let Actor::Participant(id) = ctx.actor
                && author.as_deref() != Some(id)
            {
                return Err(Refusal::NotYours("ideas"));
            }
            if text.trim().is_empty() {
                return Err(Refusal::Empty("an idea needs some text"));
            }
            one(Change::AddIdea(Idea {
                id: s.next_idea_id(),
                stage,
                technologies,
                text,
                author,
                votes: Vec::new(),
            }))
        }
        Intent::EditIdea {
            id,
            text,
            technologies,
        } => {
            ctx.facilitator_only("edit ideas")?;
            let idea = find_idea(s, id)?;
            one(Change::UpdateIdea(Idea {
                technologies,
                text,
                ..idea.clone()
            }))
        }
        Intent::MoveIdea { id, stage } => {
            ctx.facilitator_only("move ideas")?;
            let idea = find_idea(s, id)?;
            one(Change::UpdateIdea(Idea {
                stage,
                ..idea.clone()
            }))
        }
        Intent::DeleteIdea { id } => {
            ctx.facilitator_only("delete ideas")?;
            one(Change::RemoveIdea { id })
        }
        Intent::MergeIdeas { from, into } => {
            ctx.facilitator_only("merge ideas")?;
            if from == into {
                return Err(Refusal::Empty("an idea cannot be merged into itself"));
            }
            let source = find_idea(s, from)?;
            let target = find_idea(s, into)?;
            let mut changes: Vec<Change> = source
                .votes
                .iter()
                .map(|p| Change::Unvote {
                    idea: from,
                    participant: p.clone(),
                })
                .collect();
            changes.extend(source.votes.iter().map(|p| Change::Vote {
                idea: into,
                participant: p.clone(),
            }));
            let mut technologies = target.technologies.clone();
            for t in &source.technologies {
                if !technologies.contains(t) {
                    technologies.push(t.clone());
                }
            }
            changes.push(Change::UpdateIdea(Idea {
                technologies,
                ..target.clone()
            }));
            changes.push(Change::RemoveIdea { id: from });
            Ok(changes)
        }
        Intent::Vote { idea, participant } => {
            ctx.ideas_now()?;
            ctx.own(&participant, "dots")?;
            one(Change::Vote { idea, participant })
        }
        Intent::Unvote { idea, participant } => {
            ctx.ideas_now()?;
            ctx.own(&participant, "dots")?;
            one(Change::Unvote { idea, participant })
        }
        Intent::AddFlow(spec) => {
            ctx.facilitator_only("record flows")?;
            one(Change::AddFlow(flow(s.next_flow_id(), spec)))
        }
        Intent::EditFlow { id, flow: spec } => {
            ctx.facilitator_only("edit flows")?;
            one(Change::UpdateFlow(flow(id, spec)))
        }
        Intent::DeleteFlow { id } => {
            ctx.facilitator_only("delete flows")?;
            one(Change::RemoveFlow { id })
        }
        Intent::Note { text } => {
            ctx.facilitator_only("write notes")?;
            if text.trim().is_empty() {
                return Err(Refusal::Empty("empty note not saved"));
            }
            one(Change::AddNote(Note {
                id: s.next_note_id(),
                at: ctx.now,
                exercise: s.template.exercises.get(ctx.exercise).map(|e| e.id.clone()),
                text,
            }))
        }
        Intent::StartRound { blind } => {
            ctx.facilitator_only("start a round")?;
            one(Change::StartRound(Round {
                number: ctx.round() + 1,
                started: ctx.now,
                blind,
                revealed: false,
                absent: Vec::new(),
            }))
        }
        Intent::Reveal(revealed) => {
            ctx.facilitator_only("reveal a round")?;
            let round = ctx.round();
            let r = s.round(round).ok_or(Refusal::Invalid(
                crate::domain::ChangeError::UnknownRound(round),
            ))?;
            if !r.blind {
                return Err(Refusal::NotBlind(round));
            }
            one(Change::SetRevealed { round, revealed })
        }
        Intent::SetLanguage(code) => {
            ctx.facilitator_only("change the room's language")?;
            if code == s.language {
                return Ok(Vec::new());
            }
            one(Change::SetLanguage(code))
        }
        Intent::GoToExercise(_) | Intent::Undo | Intent::Redo => Ok(Vec::new()),
    }
}

fn find_idea(s: &Session, id: u32) -> Result<&Idea, Refusal> {
    s.ideas.iter().find(|i| i.id == id).ok_or(Refusal::Invalid(
        crate::domain::ChangeError::UnknownIdea(id),
    ))
}

fn flow(id: u32, spec: FlowSpec) -> Flow {
    Flow {
        id,
        from: spec.from,
        to: spec.to,
        kind: spec.kind,
        strength: spec.strength,
        materials: spec.materials,
        note: spec.note,
    }
}
