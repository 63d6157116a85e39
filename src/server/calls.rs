//! Requests from the network to the engine, and their answers. The engine
//! lives on one thread (the terminal's loop, or `serve`'s writer); handlers
//! send it [`Call`]s and await the reply. [`answer`] handles every call that
//! arrived together and saves once for all of them (group commit).

use chrono::{DateTime, Utc};
use tokio::sync::oneshot;

use super::state::{State, state_of};
use crate::domain::{Change, Score};
use crate::engine::{Actor, BoardView, Engine, Intent, Refusal, SaveState, SecondDevice};

/// One request from a device.
#[derive(Debug)]
pub enum Call {
    Join {
        code: String,
        alias: String,
        /// The device said the name is new: no "Are you ...?" question.
        new: bool,
        token_hash: String,
        reply: oneshot::Sender<Result<crate::engine::Joined, Failure>>,
    },
    /// Requests of one device, all or nothing.
    Act {
        token_hash: String,
        requests: Vec<DeviceRequest>,
        reply: oneshot::Sender<Result<usize, Failure>>,
    },
    /// What the device may see now.
    State {
        token_hash: String,
        reply: oneshot::Sender<Result<State, Refusal>>,
    },
    /// Which participant a token stands for (event streams).
    Who {
        token_hash: String,
        reply: oneshot::Sender<Result<String, Refusal>>,
    },
    /// What the room's board shows, for the holder of its key.
    Board {
        key: String,
        reply: oneshot::Sender<Result<BoardView, Refusal>>,
    },
    /// The room's language, for the pages of devices that have not joined.
    Language { reply: oneshot::Sender<String> },
    /// The roster mode, and whether a facilitator is there to approve a
    /// waiting device: the join page's words on what happens next.
    Roster {
        reply: oneshot::Sender<(crate::domain::RosterMode, bool)>,
    },
    /// The name on a personal card, for its link's page (joins nobody).
    CardName {
        code: String,
        reply: oneshot::Sender<Result<String, Refusal>>,
    },
}

/// What a device may ask for; always for its own participant.
#[derive(Debug, Clone, PartialEq)]
pub enum DeviceRequest {
    Rate {
        stage: String,
        dimension: String,
        score: Score,
        comment: Option<String>,
    },
    /// Sets (empty: removes) the comment of a cell already answered.
    Comment {
        stage: String,
        dimension: String,
        text: String,
    },
    Idea {
        stage: String,
        text: String,
        technologies: Vec<String>,
    },
    Vote {
        idea: u32,
    },
    Unvote {
        idea: u32,
    },
}

impl DeviceRequest {
    fn intent(self, participant: &str) -> Intent {
        let participant = participant.to_owned();
        match self {
            Self::Rate {
                stage,
                dimension,
                score,
                comment,
            } => Intent::Rate {
                participant,
                stage,
                dimension,
                score,
                comment,
            },
            Self::Comment {
                stage,
                dimension,
                text,
            } => Intent::Comment {
                participant,
                stage,
                dimension,
                text,
            },
            Self::Idea {
                stage,
                text,
                technologies,
            } => Intent::AddIdea {
                stage,
                text,
                technologies,
                author: Some(participant),
            },
            Self::Vote { idea } => Intent::Vote { idea, participant },
            Self::Unvote { idea } => Intent::Unvote { idea, participant },
        }
    }
}

/// Why an `Act` did not end saved.
#[derive(Debug)]
pub enum Failure {
    Refused(Refusal),
    /// Accepted, but the disk refused it: not acknowledged as saved.
    NotSaved(String),
}

/// One rating a device saved, for `serve`'s log and the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedRating {
    pub participant: String,
    pub alias: String,
    pub stage: String,
    pub dimension: String,
    pub value: String,
}

/// A participant whose earlier devices were signed out: their personal card
/// (its link or its code) was used on a new device.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedOut {
    pub participant: String,
    pub alias: String,
    /// How many devices were signed out.
    pub devices: usize,
}

/// What a burst of calls did, for `serve`'s log and the terminal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answered {
    /// Ratings saved from devices.
    pub saved: Vec<SavedRating>,
    /// Participants moved to a new device by their card.
    pub signed_out: Vec<SignedOut>,
    /// Names refused because the roster lists only known people (`listed`
    /// without a facilitator to approve them): `serve` says so.
    pub not_listed: Vec<String>,
}

/// Answers calls that arrived together: applies them in order, makes the
/// accepted ones durable with one flush, then replies. Returns the ratings
/// saved and the devices signed out.
pub fn answer(
    engine: &mut Engine,
    calls: Vec<Call>,
    second: SecondDevice,
    now: DateTime<Utc>,
) -> Answered {
    let mut acts = Vec::new();
    let mut joins = Vec::new();
    let mut not_listed = Vec::new();
    let mut saved = Vec::new();
    for call in calls {
        match call {
            Call::Join {
                code,
                alias,
                new,
                token_hash,
                reply,
            } => {
                let near = (!new)
                    .then(|| engine.near_participant(&code, &alias))
                    .flatten();
                let result = match near {
                    Some(name) => Err(Refusal::AreYou(name)),
                    None => engine.join(&code, &alias, token_hash, second, now),
                };
                if matches!(result, Err(Refusal::NotListed)) {
                    not_listed.push(alias);
                }
                joins.push((result, reply));
            }
            Call::Act {
                token_hash,
                requests,
                reply,
            } => {
                let result = engine.device_actor(&token_hash).and_then(|actor| {
                    let Actor::Participant(id) = &actor else {
                        return Err(Refusal::UnknownDevice);
                    };
                    let intents = requests.into_iter().map(|r| r.intent(id)).collect();
                    engine.submit_all(&actor, intents, now)
                });
                if let Ok(outcome) = &result {
                    saved.extend(
                        outcome
                            .applied
                            .iter()
                            .filter_map(|c| saved_rating(engine, c)),
                    );
                }
                acts.push((result.map(|o| o.applied.len()), reply));
            }
            question => answer_question(engine, question, second, now),
        }
    }
    let durable = match engine.flush() {
        SaveState::Failed(e) => Err(e.clone()),
        _ => Ok(()),
    };
    let mut signed_out = Vec::new();
    for (result, reply) in joins {
        if let (Ok(()), Ok(joined)) = (&durable, &result)
            && joined.signed_out > 0
        {
            signed_out.push(SignedOut {
                participant: joined.participant.clone(),
                alias: joined.alias.clone(),
                devices: joined.signed_out,
            });
        }
        let _ = reply.send(match (&durable, result) {
            (_, Err(r)) => Err(Failure::Refused(r)),
            (Err(e), Ok(_)) => Err(Failure::NotSaved(e.clone())),
            (Ok(()), Ok(joined)) => Ok(joined),
        });
    }
    for (result, reply) in acts {
        let _ = reply.send(match (&durable, result) {
            (_, Err(r)) => Err(Failure::Refused(r)),
            (Err(e), Ok(_)) => Err(Failure::NotSaved(e.clone())),
            (Ok(()), Ok(n)) => Ok(n),
        });
    }
    if durable.is_err() {
        saved.clear();
    }
    Answered {
        saved,
        signed_out,
        not_listed,
    }
}

/// Answers a call that changes nothing (what a device, a card or the board
/// may see); joins and acts are [`answer`]'s.
fn answer_question(engine: &mut Engine, call: Call, second: SecondDevice, now: DateTime<Utc>) {
    match call {
        Call::State { token_hash, reply } => {
            let state = engine
                .device_actor(&token_hash)
                .and_then(|actor| state_of(engine, &actor).ok_or(Refusal::UnknownDevice));
            let _ = reply.send(state);
        }
        Call::Who { token_hash, reply } => {
            let who = engine.device_actor(&token_hash).map(|a| match a {
                Actor::Participant(id) => id,
                Actor::Facilitator => String::new(),
            });
            let _ = reply.send(who);
        }
        Call::Board { key, reply } => {
            let _ = reply.send(engine.board(&key, now));
        }
        Call::Language { reply } => {
            let _ = reply.send(engine.session().language.clone());
        }
        Call::Roster { reply } => {
            let _ = reply.send((engine.roster_mode(), second == SecondDevice::Wait));
        }
        Call::CardName { code, reply } => {
            let _ = reply.send(engine.card_alias(&code));
        }
        Call::Join { .. } | Call::Act { .. } => {}
    }
}

fn saved_rating(engine: &Engine, change: &Change) -> Option<SavedRating> {
    let Change::SetRating {
        participant,
        stage,
        dimension,
        score,
        ..
    } = change
    else {
        return None;
    };
    let alias = engine
        .session()
        .participant(participant)
        .map_or_else(|| participant.clone(), |p| p.alias.clone());
    Some(SavedRating {
        participant: participant.clone(),
        alias,
        stage: stage.clone(),
        dimension: dimension.clone(),
        value: match score {
            Score::Value(v) => v.to_string(),
            Score::DontKnow => "dk".to_owned(),
        },
    })
}
