//! Participants joining from their own devices: the join code, the roster,
//! and one approved device per participant unless the facilitator approves
//! another. Tokens themselves never reach the engine, only their hashes.

use chrono::{DateTime, Utc};

use std::collections::HashMap;

use super::{Actor, Engine, Refusal};
use crate::domain::cards::{card_code, card_generation, is_personal_code, normalize_code};
use crate::domain::names::{near_name, same_name};
use crate::domain::{Change, Device, Participant, RosterMode, Session, default_max_participants};

/// Joined devices by token hash: (participant, approved).
pub(super) fn device_index(session: &Session) -> HashMap<String, (String, bool)> {
    session
        .access
        .devices
        .iter()
        .map(|d| (d.token_hash.clone(), (d.participant.clone(), d.approved)))
        .collect()
}

/// Participants by their current personal code (every participant, once
/// the session has a card secret).
pub(super) fn card_index(session: &Session) -> HashMap<String, String> {
    session
        .participants
        .iter()
        .filter_map(|p| card_code(session, &p.id).map(|code| (code, p.id.clone())))
        .collect()
}

/// Whether a change can change who a personal code stands for.
pub(super) fn is_card_change(change: &Change) -> bool {
    matches!(
        change,
        Change::AddParticipant(_)
            | Change::RemoveParticipant { .. }
            | Change::SetCardSecret(_)
            | Change::SetCardGeneration { .. }
    )
}

/// Changes that remove every device of `participant` (each is signed out).
pub(super) fn remove_devices_of(
    session: &crate::domain::Session,
    participant: &str,
) -> Vec<Change> {
    session
        .access
        .devices
        .iter()
        .filter(|d| d.participant == participant)
        .map(|d| Change::RemoveDevice {
            token_hash: d.token_hash.clone(),
        })
        .collect()
}

/// Whether a change adds, approves or removes a device.
pub(super) fn is_device_change(change: &Change) -> bool {
    matches!(
        change,
        Change::AddDevice(_) | Change::SetDeviceApproved { .. } | Change::RemoveDevice { .. }
    )
}

/// What a second device of a participant gets when it joins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondDevice {
    /// It waits for the facilitator's approval (a facilitator is watching).
    Wait,
    /// It is refused (nobody is there to approve it).
    Refuse,
}

/// A device that joined.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Joined {
    pub participant: String,
    pub alias: String,
    /// False while a second device waits for approval.
    pub approved: bool,
    /// Devices of the participant signed out by this join: a personal card
    /// (its link or its code) moves the participant to the new device.
    pub signed_out: usize,
}

impl Engine {
    /// Gives the session a join code and a board key if it has none yet.
    ///
    /// # Errors
    /// When the session is read-only.
    pub fn ensure_access(
        &mut self,
        code: impl FnOnce() -> String,
        board_key: impl FnOnce() -> String,
        now: DateTime<Utc>,
    ) -> Result<(), Refusal> {
        let access = &self.session().access;
        let mut changes = Vec::new();
        if access.join_code.is_empty() {
            changes.push(Change::SetJoinCode(code()));
        }
        if access.board_key.is_empty() {
            changes.push(Change::SetBoardKey(board_key()));
        }
        self.stage(&changes, now).map(|_| ())
    }

    /// Replaces the join code (devices that joined keep working).
    ///
    /// # Errors
    /// When the session is read-only.
    pub fn replace_join_code(&mut self, code: String, now: DateTime<Utc>) -> Result<(), Refusal> {
        self.stage(&[Change::SetJoinCode(code)], now).map(|_| ())
    }

    /// Chooses who may join from a device (`None`: the session's default,
    /// [`crate::domain::Access::roster_mode`]).
    ///
    /// # Errors
    /// When the session is read-only.
    pub fn set_roster(
        &mut self,
        mode: Option<RosterMode>,
        now: DateTime<Utc>,
    ) -> Result<(), Refusal> {
        if self.session().access.roster == mode {
            return Ok(());
        }
        self.stage(&[Change::SetRoster(mode)], now).map(|_| ())
    }

    /// Records where the phones' server listens (`None`: it stopped), so
    /// that reopening after an unexpected stop can start it again there.
    ///
    /// # Errors
    /// A read-only session.
    pub fn set_server(
        &mut self,
        addr: Option<std::net::SocketAddr>,
        now: DateTime<Utc>,
    ) -> Result<(), Refusal> {
        let addr = addr.map(|a| a.to_string());
        if self.session().access.server == addr {
            return Ok(());
        }
        self.stage(&[Change::SetServer(addr)], now).map(|_| ())
    }

    /// Where the phones' server was listening when the session was last
    /// left without stopping it: an unexpected stop.
    #[must_use]
    pub fn server_left_running(&self) -> Option<std::net::SocketAddr> {
        self.session().access.server.as_deref()?.parse().ok()
    }

    /// The roster mode in force.
    #[must_use]
    pub fn roster_mode(&self) -> RosterMode {
        let s = self.session();
        s.access.roster_mode(&s.participants)
    }

    /// Limits the participants a join may add to the session (`None`: the
    /// default, [`default_max_participants`]). Not kept in the session: each
    /// `run` and `serve` says it again.
    pub fn set_max_participants(&mut self, max: Option<usize>) {
        self.max_participants = max;
    }

    /// The most participants a join may bring the session to.
    #[must_use]
    pub fn max_participants(&self) -> usize {
        self.max_participants
            .unwrap_or_else(|| default_max_participants(&self.session().participants))
    }

    /// Approves every device waiting for the facilitator. Returns how many.
    ///
    /// # Errors
    /// A read-only session.
    pub fn approve_all_waiting(&mut self, now: DateTime<Utc>) -> Result<usize, Refusal> {
        let changes: Vec<Change> = self
            .waiting_devices()
            .into_iter()
            .map(|d| Change::SetDeviceApproved {
                token_hash: d.token_hash.clone(),
                approved: true,
            })
            .collect();
        self.stage(&changes, now)?;
        Ok(changes.len())
    }

    /// Participants who joined from a device under a new name and have
    /// given no answer yet, by id: those the join panel can remove at once.
    #[must_use]
    pub fn joined_without_answers(&self) -> Vec<String> {
        let s = self.session();
        s.participants
            .iter()
            .filter(|p| p.joined && !s.participant_in_use(&p.id))
            .map(|p| p.id.clone())
            .collect()
    }

    /// Gives a session from before schema 5 its card secret (a new session
    /// gets one when its file is created).
    ///
    /// # Errors
    /// When the session is read-only.
    pub fn ensure_card_secret(
        &mut self,
        secret: impl FnOnce() -> String,
        now: DateTime<Utc>,
    ) -> Result<(), Refusal> {
        if !self.session().access.card_secret.is_empty() {
            return Ok(());
        }
        self.stage(&[Change::SetCardSecret(secret())], now)
            .map(|_| ())
    }

    /// Reissues a participant's join card: its generation goes up, so the
    /// old card (its link and its code) stops working. Devices that joined
    /// keep working. Returns the new generation.
    ///
    /// # Errors
    /// An unknown participant, or a read-only session.
    pub fn reissue_card(&mut self, participant: &str, now: DateTime<Utc>) -> Result<u32, Refusal> {
        let generation = card_generation(self.session(), participant).saturating_add(1);
        let change = Change::SetCardGeneration {
            participant: participant.to_owned(),
            generation,
        };
        self.stage(&[change], now)?;
        Ok(generation)
    }

    /// The participant a personal code (as typed, or from a card's link)
    /// stands for now.
    pub(super) fn card_holder(&mut self, code: &str) -> Option<String> {
        if self.cards.is_none() {
            self.cards = Some(card_index(self.session()));
        }
        self.cards.as_ref()?.get(&normalize_code(code)).cloned()
    }

    /// The name on the personal card of `code`, without joining: the page a
    /// card's link opens asks "Join as NAME?" first, so that a link preview
    /// or a scanner's prefetch signs nobody in or out.
    ///
    /// # Errors
    /// A code that is no card of this session (or of an earlier generation).
    pub fn card_alias(&mut self, code: &str) -> Result<String, Refusal> {
        let id = self.card_holder(code).ok_or(Refusal::WrongCode)?;
        Ok(self
            .session()
            .participant(&id)
            .map_or(id, |p| p.alias.clone()))
    }

    /// A device joins with a personal card's code: it becomes that
    /// participant's one device, and any other device of theirs is signed
    /// out (a card used again moves the participant, as the facilitator's
    /// screen shows).
    ///
    /// # Errors
    /// A code that is no card of this session (or of an earlier generation).
    pub fn join_card(
        &mut self,
        code: &str,
        token_hash: String,
        now: DateTime<Utc>,
    ) -> Result<Joined, Refusal> {
        let Some(id) = self.card_holder(code) else {
            return Err(Refusal::WrongCode);
        };
        if self.roster_mode() == RosterMode::Closed {
            return Err(Refusal::RosterClosed);
        }
        let alias = self
            .session()
            .participant(&id)
            .map_or_else(|| id.clone(), |p| p.alias.clone());
        let mut changes = remove_devices_of(self.session(), &id);
        let signed_out = changes.len();
        changes.push(Change::AddDevice(Device {
            participant: id.clone(),
            token_hash,
            joined: now,
            approved: true,
        }));
        self.stage(&changes, now)?;
        Ok(Joined {
            participant: id,
            alias,
            approved: true,
            signed_out,
        })
    }

    /// A device joins with the join code and a name, or with a personal
    /// card's code alone ([`Engine::join_card`]). The name matches a
    /// participant ignoring case, accents and spacing
    /// ([`crate::domain::names::same_name`]). What a name may do follows the roster
    /// mode: `open` adds a new name, `listed` lets a new name wait for the
    /// facilitator's approval (when `second` says there is a facilitator to
    /// give it) and `cards` and `closed` take no name at all. A join that
    /// would add a participant beyond [`Engine::max_participants`] is
    /// refused.
    ///
    /// # Errors
    /// A wrong code, a mode that refuses the name, a full session, a bad
    /// name, or a second device that `second` refuses.
    pub fn join(
        &mut self,
        code: &str,
        alias: &str,
        token_hash: String,
        second: SecondDevice,
        now: DateTime<Utc>,
    ) -> Result<Joined, Refusal> {
        if is_personal_code(code) {
            return self.join_card(code, token_hash, now);
        }
        let access = &self.session().access;
        if access.join_code.is_empty() || !code.trim().eq_ignore_ascii_case(&access.join_code) {
            return Err(Refusal::WrongCode);
        }
        let alias = alias.trim();
        if alias.is_empty()
            || alias.chars().count() > 60
            || alias.chars().any(char::is_control)
            || !alias.chars().any(char::is_alphanumeric)
        {
            return Err(Refusal::BadAlias);
        }
        let mode = self.roster_mode();
        match mode {
            RosterMode::Closed => return Err(Refusal::RosterClosed),
            RosterMode::Cards => return Err(Refusal::CardsOnly),
            RosterMode::Open | RosterMode::Listed => {}
        }
        let known = self
            .session()
            .participants
            .iter()
            .find(|p| same_name(&p.alias, alias))
            .cloned();
        let mut changes = Vec::new();
        let (participant, new_name) = match known {
            Some(p) => (p, false),
            None => {
                if mode == RosterMode::Listed && second == SecondDevice::Refuse {
                    return Err(Refusal::NotListed);
                }
                if self.session().participants.len() >= self.max_participants() {
                    return Err(Refusal::Full);
                }
                let p = Participant {
                    id: self.session().next_participant_id(),
                    alias: alias.to_owned(),
                    role: String::new(),
                    organisation: String::new(),
                    joined: true,
                };
                changes.push(Change::AddParticipant(p.clone()));
                (p, true)
            }
        };
        let has_device = self
            .session()
            .access
            .devices
            .iter()
            .any(|d| d.participant == participant.id && d.approved);
        if has_device && second == SecondDevice::Refuse {
            return Err(Refusal::SecondDevice(participant.alias));
        }
        // A new name under `listed` waits like a second device.
        let approved = !has_device && (!new_name || mode != RosterMode::Listed);
        changes.push(Change::AddDevice(Device {
            participant: participant.id.clone(),
            token_hash,
            joined: now,
            approved,
        }));
        self.stage(&changes, now)?;
        Ok(Joined {
            participant: participant.id,
            alias: participant.alias,
            approved,
            signed_out: 0,
        })
    }

    /// The listed participant a name typed with the join code probably
    /// means when it is nobody's exactly ("Maria" for Maria Lindqvist, a
    /// typo of two letters): the phone asks "Are you NAME?" before a new
    /// participant is made. `None` for a personal card's code, a wrong code,
    /// a mode that takes no names, or a name near nobody.
    #[must_use]
    pub fn near_participant(&self, code: &str, alias: &str) -> Option<String> {
        let access = &self.session().access;
        if is_personal_code(code)
            || access.join_code.is_empty()
            || !code.trim().eq_ignore_ascii_case(&access.join_code)
            || !matches!(self.roster_mode(), RosterMode::Open | RosterMode::Listed)
        {
            return None;
        }
        let people = &self.session().participants;
        near_name(alias, people.iter().map(|p| p.alias.as_str()))
            .and_then(|i| people.get(i))
            .map(|p| p.alias.clone())
    }

    /// The actor a device's token stands for.
    ///
    /// # Errors
    /// An unknown token, or a device still waiting for approval.
    pub fn device_actor(&self, token_hash: &str) -> Result<Actor, Refusal> {
        match self.devices.get(token_hash) {
            None => Err(Refusal::UnknownDevice),
            Some((participant, true)) => Ok(Actor::Participant(participant.clone())),
            Some((_, false)) => Err(Refusal::AwaitingApproval),
        }
    }

    /// Devices waiting for the facilitator's approval, oldest first.
    #[must_use]
    pub fn waiting_devices(&self) -> Vec<&Device> {
        self.session()
            .access
            .devices
            .iter()
            .filter(|d| !d.approved)
            .collect()
    }

    /// Approves a waiting device.
    ///
    /// # Errors
    /// An unknown device, or a read-only session.
    pub fn approve_device(&mut self, token_hash: &str, now: DateTime<Utc>) -> Result<(), Refusal> {
        let change = Change::SetDeviceApproved {
            token_hash: token_hash.to_owned(),
            approved: true,
        };
        self.stage(&[change], now).map(|_| ())
    }

    /// Removes a device: its token stops working at once.
    ///
    /// # Errors
    /// An unknown device, or a read-only session.
    pub fn remove_device(&mut self, token_hash: &str, now: DateTime<Utc>) -> Result<(), Refusal> {
        let change = Change::RemoveDevice {
            token_hash: token_hash.to_owned(),
        };
        self.stage(&[change], now).map(|_| ())
    }
}
