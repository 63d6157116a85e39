//! A workshop session: who took part and everything they said. Pure data.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::template::Template;

/// The session file format version this build writes and reads.
/// Version 2 added who entered each rating (`/f`, `/d`, `/i` in the rating
/// lines); version 1 files load, their ratings entered by "unknown".
/// Version 3 added `access`: the join code, the board key and the joined
/// devices of participants (absent in older files: nobody has joined).
/// Version 4 added `timebox_extra`, `example` and rounds' `absent`.
/// Version 5 added the personal join cards' secret and generations to
/// `access` (older files get a secret when first opened for writing).
/// Version 6 added `language`, the room's language (older files are in
/// English). Version 7 added the model's quadrant names.
/// Version 8 replaced `access.roster_open` by `access.roster` (a
/// [`RosterMode`], absent for the default) and marked participants who
/// joined from a device (`joined`); a version-7 file's `roster_open: false`
/// reads as `closed`, `true` as the default.
/// Version 9 added `access.server`: where the phones' server listened while
/// it ran, so that a session reopened after an unexpected stop starts it
/// again there.
/// Version 10 added the consensus rule's `outlier_margin` (older files: 1
/// scale point; until then an answer just outside Q1-Q3 was flagged).
/// Version 11 added each exercise's optional `prompt`, the participants'
/// text on their phones (the `instructions` are the facilitator's).
pub const SCHEMA_VERSION: u32 = 11;

/// One workshop session. A session file stands alone: it carries a full copy
/// of its template. Unknown fields are refused everywhere in it, as in
/// templates: what a newer loopshop wrote must not be dropped by a save.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Session {
    pub schema_version: u32,
    pub title: String,
    #[serde(default)]
    pub facilitator: String,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    /// When true, reports name participants by role only.
    #[serde(default)]
    pub anonymous: bool,
    /// The room's language (schema 6): what the participant page, the
    /// board, the join cards and the reports say, as a language code
    /// (`en`, `sv`). The terminal stays in English.
    #[serde(default = "super::language::default_language")]
    pub language: String,
    pub template: Template,
    pub participants: Vec<Participant>,
    pub rounds: Vec<Round>,
    /// Ratings grouped per participant and round, to keep large files compact.
    pub ratings: Vec<RatingSheet>,
    #[serde(default)]
    pub ideas: Vec<Idea>,
    #[serde(default)]
    pub flows: Vec<Flow>,
    #[serde(default)]
    pub notes: Vec<Note>,
    #[serde(default)]
    pub exercise_log: Vec<ExerciseRun>,
    /// Who may join from their own devices, and who has (schema 3).
    #[serde(default)]
    pub access: Access,
    /// Minutes added to exercises' timeboxes during the session, by
    /// exercise id (schema 4).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub timebox_extra: BTreeMap<String, u32>,
    /// A shipped example: opened for review, facilitated only as a copy, so
    /// that looking at it never changes it (schema 4).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub example: bool,
    /// Sequence number of the last journaled change folded into this file;
    /// journal records at or below it are already applied.
    #[serde(default)]
    pub journal_seq: u64,
}

/// Joining a session from participants' own devices.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Access {
    /// The code participants type to join; empty until the server first runs.
    #[serde(default)]
    pub join_code: String,
    /// The key in the room board's address; empty until the server first runs.
    #[serde(default)]
    pub board_key: String,
    /// Who may join from a device; `None` is the default for the session
    /// ([`Access::roster_mode`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roster: Option<RosterMode>,
    /// Schema 7's `roster_open`, read from older files only and turned into
    /// `roster` on load ([`Session::upgrade`]); never written.
    #[serde(
        default,
        rename = "roster_open",
        skip_serializing,
        deserialize_with = "present_bool"
    )]
    pub legacy_roster_open: Option<bool>,
    #[serde(default)]
    pub devices: Vec<Device>,
    /// The secret every personal join card is derived from (hex; see
    /// `cards.rs`). Made with the session; empty in a session from before
    /// schema 5 until it is first opened for writing.
    #[serde(default)]
    pub card_secret: String,
    /// Participants whose card was reissued, with their card's generation:
    /// a card of an earlier generation no longer joins. Absent means 0.
    #[serde(default)]
    pub card_generations: BTreeMap<String, u32>,
    /// The address (`IP:port`) the phones' server listens on while the
    /// terminal runs it (schema 9). Cleared when it stops and on a clean
    /// exit, so one still here on opening means an unexpected stop.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server: Option<String>,
}

/// A bool that is there: `Some` of it (the field's absence is `None`).
fn present_bool<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    bool::deserialize(d).map(Some)
}

/// Who may join a session from a device (schema 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RosterMode {
    /// Any name joins; a name matching a listed person joins as them.
    Open,
    /// A listed name joins as that person on its first device; a new name
    /// and a second device wait for the facilitator's approval.
    Listed,
    /// Only personal join cards join.
    Cards,
    /// Nobody new joins; joined devices keep working.
    Closed,
}

impl RosterMode {
    /// In the order the join panel cycles through them.
    pub const ALL: [Self; 4] = [Self::Open, Self::Listed, Self::Cards, Self::Closed];

    /// The name on the command line and in the session file.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Listed => "listed",
            Self::Cards => "cards",
            Self::Closed => "closed",
        }
    }

    /// The mode after this one in [`Self::ALL`], round again.
    #[must_use]
    pub fn next(self) -> Self {
        let i = Self::ALL.iter().position(|m| *m == self).unwrap_or(0);
        Self::ALL[(i + 1) % Self::ALL.len()]
    }
}

/// The most participants a session takes from the network by default: the
/// listed roster and 20 more, or this many without a roster.
pub const DEFAULT_MAX_PARTICIPANTS_UNLISTED: usize = 200;
/// Room beyond the listed roster for walk-ins.
pub const MAX_PARTICIPANTS_BEYOND_ROSTER: usize = 20;

impl Access {
    /// The roster mode in force: the one chosen, or the default: `listed`
    /// when the session lists participants (added by the facilitator or an
    /// import, not joined from a device), `open` otherwise.
    #[must_use]
    pub fn roster_mode(&self, participants: &[Participant]) -> RosterMode {
        self.roster.unwrap_or(if listed_count(participants) > 0 {
            RosterMode::Listed
        } else {
            RosterMode::Open
        })
    }
}

impl Session {
    /// Whether anything in the session is a participant's: a rating, an
    /// idea, a dot, an absence. Such a participant cannot be removed.
    #[must_use]
    pub fn participant_in_use(&self, id: &str) -> bool {
        self.ratings
            .iter()
            .any(|s| s.participant == id && !s.entries.is_empty())
            || self
                .ideas
                .iter()
                .any(|i| i.author.as_deref() == Some(id) || i.votes.iter().any(|v| v == id))
            || self.rounds.iter().any(|r| r.absent.iter().any(|a| a == id))
    }

    /// Brings a session read from an older file up to this version's
    /// fields (before its `schema_version` is set to the current one).
    ///
    /// # Errors
    /// The name of a field that the file's own version does not have.
    pub fn upgrade(&mut self) -> Result<(), &'static str> {
        if let Some(open) = self.access.legacy_roster_open.take() {
            if self.schema_version >= 8 {
                return Err("roster_open");
            }
            // Version 7 opened the roster by default; closing it was a choice.
            if !open {
                self.access.roster = Some(RosterMode::Closed);
            }
        }
        Ok(())
    }
}

/// Participants the facilitator listed (not joined from a device).
#[must_use]
pub fn listed_count(participants: &[Participant]) -> usize {
    participants.iter().filter(|p| !p.joined).count()
}

/// The default limit on participants: the listed roster and 20 more, or
/// 200 without a roster.
#[must_use]
pub fn default_max_participants(participants: &[Participant]) -> usize {
    match listed_count(participants) {
        0 => DEFAULT_MAX_PARTICIPANTS_UNLISTED,
        n => n + MAX_PARTICIPANTS_BEYOND_ROSTER,
    }
}

/// One participant's device. Only the hash of its token is kept, so the file
/// never holds what would let someone sign in as a participant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Device {
    pub participant: String,
    /// Hex SHA-256 of the device's bearer token.
    pub token_hash: String,
    pub joined: DateTime<Utc>,
    /// A participant's second device waits for the facilitator's approval.
    pub approved: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Participant {
    pub id: String,
    pub alias: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub organisation: String,
    /// Joined from a device under a name the session did not list
    /// (schema 8); the join panel can remove such participants in one go
    /// while they have no answers.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub joined: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Round {
    pub number: u32,
    pub started: DateTime<Utc>,
    /// A blind round hides the group's aggregate until it is revealed.
    #[serde(default)]
    pub blind: bool,
    #[serde(default)]
    pub revealed: bool,
    /// Participants marked absent for this round: left out of its
    /// completeness (schema 4).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub absent: Vec<String>,
}

impl Round {
    /// Whether the aggregate of this round may be shown to the room.
    #[must_use]
    pub fn aggregate_visible(&self) -> bool {
        !self.blind || self.revealed
    }
}

/// A rated value, or the participant's explicit "don't know".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Score {
    Value(u8),
    DontKnow,
}

impl Score {
    #[must_use]
    pub fn value(self) -> Option<u8> {
        match self {
            Self::Value(v) => Some(v),
            Self::DontKnow => None,
        }
    }
}

/// All ratings one participant gave in one round. Its serde form (compact
/// rating lines) is in `compact.rs`.
#[derive(Debug, Clone, PartialEq)]
pub struct RatingSheet {
    pub participant: String,
    pub round: u32,
    pub entries: Vec<RatingEntry>,
}

/// One rating in a sheet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RatingEntry {
    pub stage: super::Id,
    pub dimension: super::Id,
    pub score: Score,
    /// Seconds since the session was created.
    pub offset_seconds: i64,
    pub comment: Option<String>,
    pub entered_by: EnteredBy,
}

impl RatingEntry {
    #[must_use]
    pub fn stage(&self) -> &str {
        &self.stage
    }
    #[must_use]
    pub fn dimension(&self) -> &str {
        &self.dimension
    }
    #[must_use]
    pub fn score(&self) -> Score {
        self.score
    }
    #[must_use]
    pub fn offset_seconds(&self) -> i64 {
        self.offset_seconds
    }
    #[must_use]
    pub fn comment(&self) -> Option<&str> {
        self.comment.as_deref()
    }
}

/// Who typed a rating in: the facilitator at the keyboard, the participant
/// on their own device, or an import. Ratings from before this was recorded
/// are `Unknown`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum EnteredBy {
    #[default]
    Unknown,
    Facilitator,
    Device,
    Import,
}

impl EnteredBy {
    pub const ALL: [Self; 4] = [Self::Unknown, Self::Facilitator, Self::Device, Self::Import];

    /// The word used in CSV files and reports.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Unknown => "unknown",
            Self::Facilitator => "facilitator",
            Self::Device => "device",
            Self::Import => "import",
        }
    }

    /// Reads [`EnteredBy::label`] back (case-insensitive); `None` otherwise.
    #[must_use]
    pub fn from_label(text: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|e| e.label().eq_ignore_ascii_case(text.trim()))
    }
}

/// A flat, borrowed view of one rating.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RatingRef<'a> {
    pub participant: &'a str,
    pub round: u32,
    pub stage: &'a str,
    pub dimension: &'a str,
    pub score: Score,
    pub comment: Option<&'a str>,
    pub recorded_at: DateTime<Utc>,
    pub entered_by: EnteredBy,
}

/// Identifies one cell of the rating grid.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CellKey {
    pub participant: String,
    pub round: u32,
    pub stage: String,
    pub dimension: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Idea {
    pub id: u32,
    pub stage: String,
    pub technologies: Vec<String>,
    pub text: String,
    /// Participant id of the author, if known.
    #[serde(default)]
    pub author: Option<String>,
    /// One participant id per dot placed on this idea.
    #[serde(default)]
    pub votes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    pub id: u32,
    /// A stage id or a template flow node id.
    pub from: String,
    pub to: String,
    pub kind: FlowKind,
    pub strength: Strength,
    #[serde(default)]
    pub materials: Vec<String>,
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FlowKind {
    Forward,
    Reuse,
    Repurpose,
    Remanufacture,
    Recycle,
    Loss,
}

impl FlowKind {
    pub const ALL: [Self; 6] = [
        Self::Forward,
        Self::Reuse,
        Self::Repurpose,
        Self::Remanufacture,
        Self::Recycle,
        Self::Loss,
    ];

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Forward => "forward",
            Self::Reuse => "reuse",
            Self::Repurpose => "repurpose",
            Self::Remanufacture => "remanufacture",
            Self::Recycle => "recycle",
            Self::Loss => "loss",
        }
    }

    /// One letter per kind, so that the terminal's map and the flow figure
    /// read without colour.
    #[must_use]
    pub fn letter(self) -> char {
        match self {
            Self::Forward => 'F',
            Self::Reuse => 'U',
            Self::Repurpose => 'P',
            Self::Remanufacture => 'M',
            Self::Recycle => 'R',
            Self::Loss => 'L',
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Strength {
    Low,
    Medium,
    High,
}

impl Strength {
    pub const ALL: [Self; 3] = [Self::Low, Self::Medium, Self::High];

    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::Medium => "medium",
            Self::High => "high",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Note {
    pub id: u32,
    pub at: DateTime<Utc>,
    /// The exercise running when the note was taken.
    #[serde(default)]
    pub exercise: Option<String>,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExerciseRun {
    pub exercise: String,
    pub started: DateTime<Utc>,
    #[serde(default)]
    pub stopped: Option<DateTime<Utc>>,
}

impl Session {
    /// A new session with one open, non-blind round.
    #[must_use]
    pub fn new(title: &str, facilitator: &str, template: Template, now: DateTime<Utc>) -> Self {
        Self {
            schema_version: SCHEMA_VERSION,
            title: title.to_owned(),
            facilitator: facilitator.to_owned(),
            created: now,
            updated: now,
            anonymous: false,
            language: super::language::default_language(),
            template,
            participants: Vec::new(),
            rounds: vec![Round {
                number: 1,
                started: now,
                blind: false,
                revealed: false,
                absent: Vec::new(),
            }],
            ratings: Vec::new(),
            ideas: Vec::new(),
            flows: Vec::new(),
            notes: Vec::new(),
            exercise_log: Vec::new(),
            access: Access::default(),
            timebox_extra: BTreeMap::new(),
            example: false,
            journal_seq: 0,
        }
    }

    #[must_use]
    pub fn participant(&self, id: &str) -> Option<&Participant> {
        // Ids are usually `pNN` at index NN-1 (see `next_participant_id`):
        // look there first, so that big imports do not scan every
        // participant per rating. Ids are unique, so any hit is the one.
        let guess = id
            .strip_prefix('p')
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| self.participants.get(i));
        if let Some(p) = guess.filter(|p| p.id == id) {
            return Some(p);
        }
        self.participants.iter().find(|p| p.id == id)
    }

    #[must_use]
    pub fn participant_by_alias(&self, alias: &str) -> Option<&Participant> {
        self.participants.iter().find(|p| p.alias == alias)
    }

    /// The id the next added participant gets: `p01`, `p02`, ...
    #[must_use]
    pub fn next_participant_id(&self) -> String {
        let mut n = self.participants.len() + 1;
        loop {
            let id = format!("p{n:02}");
            if self.participant(&id).is_none() {
                return id;
            }
            n += 1;
        }
    }

    #[must_use]
    pub fn next_idea_id(&self) -> u32 {
        self.ideas.iter().map(|i| i.id).max().map_or(1, |m| m + 1)
    }

    #[must_use]
    pub fn next_flow_id(&self) -> u32 {
        self.flows.iter().map(|f| f.id).max().map_or(1, |m| m + 1)
    }

    #[must_use]
    pub fn next_note_id(&self) -> u32 {
        self.notes.iter().map(|n| n.id).max().map_or(1, |m| m + 1)
    }

    #[must_use]
    pub fn round(&self, number: u32) -> Option<&Round> {
        self.rounds.iter().find(|r| r.number == number)
    }

    /// The latest round: where new ratings go.
    #[must_use]
    pub fn current_round(&self) -> u32 {
        self.rounds.iter().map(|r| r.number).max().unwrap_or(1)
    }

    /// Dots each participant may place, from the template's ideas exercise.
    #[must_use]
    pub fn vote_budget(&self) -> u32 {
        self.template
            .exercises
            .iter()
            .find_map(|e| match e.kind {
                super::template::ExerciseKind::Ideas {
                    votes_per_participant,
                    ..
                } => Some(votes_per_participant),
                _ => None,
            })
            .unwrap_or(0)
    }

    #[must_use]
    pub fn votes_cast_by(&self, participant: &str) -> usize {
        self.ideas
            .iter()
            .flat_map(|i| &i.votes)
            .filter(|v| *v == participant)
            .count()
    }

    #[must_use]
    pub fn sheet(&self, participant: &str, round: u32) -> Option<&RatingSheet> {
        self.sheet_index(participant, round)
            .map(|i| &self.ratings[i])
    }

    /// Index of the sheet of `participant` in `round`. Searched from the end,
    /// where the sheets being filled usually are; (participant, round) is
    /// unique, so the direction does not change the answer.
    #[must_use]
    pub(crate) fn sheet_index(&self, participant: &str, round: u32) -> Option<usize> {
        self.ratings
            .iter()
            .rposition(|s| s.round == round && s.participant == participant)
    }

    /// The entry for one cell, if rated.
    #[must_use]
    pub fn rating(
        &self,
        participant: &str,
        round: u32,
        stage: &str,
        dimension: &str,
    ) -> Option<&RatingEntry> {
        self.sheet(participant, round)?
            .entries
            .iter()
            .find(|e| e.stage == stage && e.dimension == dimension)
    }

    /// Absolute time of an entry's offset.
    #[must_use]
    pub fn time_at(&self, offset_seconds: i64) -> DateTime<Utc> {
        // An offset beyond chrono's range (a hand-edited file) must not
        // panic a report: it reads as the creation time.
        chrono::Duration::try_seconds(offset_seconds)
            .and_then(|d| self.created.checked_add_signed(d))
            .unwrap_or(self.created)
    }

    /// Every rating, flat, in file order.
    pub fn ratings_iter(&self) -> impl Iterator<Item = RatingRef<'_>> + '_ {
        self.ratings_indexed().map(|(_, _, r)| r)
    }

    /// Every rating in file order, with the index of its sheet and of its
    /// entry in the sheet.
    pub fn ratings_indexed(&self) -> impl Iterator<Item = (usize, usize, RatingRef<'_>)> + '_ {
        self.ratings.iter().enumerate().flat_map(move |(i, sheet)| {
            sheet.entries.iter().enumerate().map(move |(j, e)| {
                (
                    i,
                    j,
                    RatingRef {
                        participant: &sheet.participant,
                        round: sheet.round,
                        stage: &e.stage,
                        dimension: &e.dimension,
                        score: e.score,
                        comment: e.comment.as_deref(),
                        recorded_at: self.time_at(e.offset_seconds),
                        entered_by: e.entered_by,
                    },
                )
            })
        })
    }

    #[must_use]
    pub fn rating_count(&self) -> usize {
        self.ratings.iter().map(|s| s.entries.len()).sum()
    }

    /// Share of the grid (participants x stages x rated dimensions, current round) filled.
    #[must_use]
    pub fn completeness(&self) -> f64 {
        let dims: std::collections::BTreeSet<&str> = self
            .template
            .exercises
            .iter()
            .flat_map(|e| e.kind.rated_dimensions())
            .map(String::as_str)
            .collect();
        let round = self.current_round();
        // Participants absent from the round are not expected to rate.
        let absent = self.round(round).map_or(&[][..], |r| r.absent.as_slice());
        let present = self
            .participants
            .iter()
            .filter(|p| !absent.contains(&p.id))
            .count();
        let cells = present * self.template.stages.len() * dims.len();
        if cells == 0 {
            return 0.0;
        }
        let filled = self
            .ratings
            .iter()
            .filter(|s| s.round == round && !absent.contains(&s.participant))
            .map(|s| s.entries.len())
            .sum::<usize>();
        let share = filled as f64 / cells as f64;
        share.min(1.0)
    }
}

/// A file-name friendly slug of a title: lowercase ASCII words joined by
/// `-`, letters outside ASCII transliterated ([`super::fold`]:
/// `Workshop Västerås` -> `workshop-vasteras`).
#[must_use]
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in super::text::fold(title).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out.truncate(60);
    while out.ends_with('-') {
        out.pop();
    }
    if out.is_empty() {
        "session".to_owned()
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_transliterate_letters_outside_ascii() {
        assert_eq!(slug("Workshop Västerås"), "workshop-vasteras");
        assert_eq!(slug("Łódź: Straße 2"), "lodz-strasse-2");
        assert_eq!(slug("  Workshop 1  "), "workshop-1");
        assert_eq!(slug("!!!"), "session");
        let cjk = slug("東京ワークショップ");
        assert!(
            !cjk.is_empty()
                && cjk != "session"
                && cjk
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{cjk}"
        );
        assert_eq!(crate::domain::fold("Åsa ÖBERG"), "asa oberg");
    }
    use crate::domain::{Change, Participant, Score, default_template};
    use crate::synthetic::epoch;

    fn person(id: &str, alias: &str) -> Participant {
        Participant {
            id: id.into(),
            alias: alias.into(),
            role: String::new(),
            organisation: String::new(),
            joined: false,
        }
    }

    #[test]
    fn participants_and_sheets_are_found_wherever_they_are() {
        let mut s = Session::new("t", "", default_template(), epoch());
        // Ids that do not sit at the index their number suggests.
        for (id, alias) in [
            ("p02", "B"),
            ("p01", "A"),
            ("x", "X"),
            ("p", "P"),
            ("p0", "Z"),
        ] {
            assert!(s.apply(&Change::AddParticipant(person(id, alias))).is_ok());
        }
        for (id, alias) in [
            ("p02", "B"),
            ("p01", "A"),
            ("x", "X"),
            ("p", "P"),
            ("p0", "Z"),
        ] {
            assert_eq!(s.participant(id).map(|p| p.alias.as_str()), Some(alias));
        }
        assert!(s.participant("p03").is_none());
        assert!(s.participant("p99").is_none());
        for (p, v) in [("p01", 1), ("p02", 2), ("p01", 3)] {
            let c = Change::SetRating {
                participant: p.into(),
                round: 1,
                stage: "mining".into(),
                dimension: "maturity".into(),
                score: Score::Value(v),
                comment: None,
                at: epoch(),
                entered_by: crate::domain::EnteredBy::Facilitator,
            };
            assert!(s.apply(&c).is_ok());
        }
        assert_eq!(s.ratings.len(), 2);
        assert_eq!(
            s.rating("p01", 1, "mining", "maturity").map(|e| e.score),
            Some(Score::Value(3))
        );
        assert_eq!(s.sheet("p02", 1).map(|sh| sh.entries.len()), Some(1));
        assert!(s.sheet("p02", 2).is_none());
    }
}
