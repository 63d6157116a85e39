//! Participants joining from their own devices: the join code, the roster,
//! and one approved device per participant unless the facilitator approves
//! another. Tokens themselves never reach the engine, only their hashes.

use chrono::{DateTime, Utc};

use super::{Actor, Engine, Refusal};
use crate::domain::{Change, Device, Participant};

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
        self.stage(changes, now).map(|_| ())
    }

    /// Replaces the join code (devices that joined keep working).
    ///
    /// # Errors
    /// When the session is read-only.
    pub fn replace_join_code(&mut self, code: String, now: DateTime<Utc>) -> Result<(), Refusal> {
        self.stage(vec![Change::SetJoinCode(code)], now).map(|_| ())
    }

    /// Opens or closes joining for names the session does not know.
    ///
    /// # Errors
    /// When the session is read-only.
    pub fn set_roster_open(&mut self, open: bool, now: DateTime<Utc>) -> Result<(), Refusal> {
        self.stage(vec![Change::SetRosterOpen(open)], now)
            .map(|_| ())
    }

    /// A device joins with the join code and a name. The name matches a
    /// participant ignoring case; an unknown name is added while the roster
    /// is open.
    ///
    /// # Errors
    /// A wrong code, a closed roster, a bad name, or a second device that
    /// `second` refuses.
    pub fn join(
        &mut self,
        code: &str,
        alias: &str,
        token_hash: String,
        second: SecondDevice,
        now: DateTime<Utc>,
    ) -> Result<Joined, Refusal> {
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
        let known = self
            .session()
            .participants
            .iter()
            .find(|p| p.alias.to_lowercase() == alias.to_lowercase())
            .cloned();
        let mut changes = Vec::new();
        let participant = match known {
            Some(p) => p,
            None if self.session().access.roster_open => {
                let p = Participant {
                    id: self.session().next_participant_id(),
                    alias: alias.to_owned(),
                    role: String::new(),
                    organisation: String::new(),
                };
                changes.push(Change::AddParticipant(p.clone()));
                p
            }
            None => return Err(Refusal::RosterClosed),
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
        changes.push(Change::AddDevice(Device {
            participant: participant.id.clone(),
            token_hash,
            joined: now,
            approved: !has_device,
        }));
        self.stage(changes, now)?;
        Ok(Joined {
            participant: participant.id,
            alias: participant.alias,
            approved: !has_device,
        })
    }

    /// The actor a device's token stands for.
    ///
    /// # Errors
    /// An unknown token, or a device still waiting for approval.
    pub fn device_actor(&self, token_hash: &str) -> Result<Actor, Refusal> {
        let device = self
            .session()
            .access
            .devices
            .iter()
            .find(|d| d.token_hash == token_hash)
            .ok_or(Refusal::UnknownDevice)?;
        if device.approved {
            Ok(Actor::Participant(device.participant.clone()))
        } else {
            Err(Refusal::AwaitingApproval)
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
        self.stage(vec![change], now).map(|_| ())
    }

    /// Removes a device: its token stops working at once.
    ///
    /// # Errors
    /// An unknown device, or a read-only session.
    pub fn remove_device(&mut self, token_hash: &str, now: DateTime<Utc>) -> Result<(), Refusal> {
        let change = Change::RemoveDevice {
            token_hash: token_hash.to_owned(),
        };
        self.stage(vec![change], now).map(|_| ())
    }
}
