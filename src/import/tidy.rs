//! Tidy CSV import: one rating per row, the format `export --format csv`
//! writes (see [`crate::export::csv`]).
//!
//! Columns (any order, names case-insensitive): `round`, `participant`,
//! `stage`, `dimension` and `value` are required; `session`, `role`,
//! `comment` and `recorded_at` are optional and may be empty.
//!
//! Import is all or nothing: [`Importer::run`] reads the file row by row,
//! turning each row into [`Change`]s applied to the session as they come;
//! the first bad row ends it, and its caller takes back what was applied
//! (`store::Run`), so one bad row rejects the file before anything is
//! written. [`plan`] does the same on a copy of the session.

use std::collections::HashMap;
use std::io::Read;

use chrono::{DateTime, Utc};
use thiserror::Error;

use super::{
    Csv, People, ReadError, RowRef, Separator, dimension_ids, is_dont_know, parse_whole, stage_ids,
};
use crate::domain::{
    ApplyIndex, Change, ChangeError, EnteredBy, MAX_COMMENT_BYTES, Participant, Round, Score,
    Session, Template, unguard_formula,
};

/// The header `export --format csv` writes.
pub const HEADER: &str =
    "session,round,participant,role,stage,dimension,value,comment,recorded_at,entered_by";

const REQUIRED: [&str; 5] = ["round", "participant", "stage", "dimension", "value"];

#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TidyError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{at}: {problem}")]
    Row { at: RowRef, problem: RowProblem },
    #[error(
        "the file holds ratings of several sessions ('{first}' and '{second}'); import one session at a time"
    )]
    SeveralSessions { first: String, second: String },
    #[error("the file has no rating rows; nothing to import")]
    NoRows,
}

/// What is wrong with one row.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum RowProblem {
    #[error("the {0} cell is empty")]
    Empty(&'static str),
    #[error("unknown stage '{given}' (stages: {known})")]
    UnknownStage { given: String, known: String },
    #[error("unknown dimension '{given}' (dimensions: {known})")]
    UnknownDimension { given: String, known: String },
    #[error("value '{0}' is not a whole number (leave the cell empty for \"don't know\")")]
    NotANumber(String),
    #[error("value {value} is off the scale {min}..{max} of '{dimension}'")]
    OffScale {
        value: i64,
        min: u8,
        max: u8,
        dimension: String,
    },
    #[error("round '{0}' is not a round number such as 1")]
    BadRound(String),
    #[error(
        "unknown round {round} (the session has round {known}; an import may add round {next}, the one that follows)"
    )]
    UnknownRound {
        round: u32,
        known: String,
        next: u32,
    },
    #[error("recorded_at '{0}' is not an RFC 3339 time such as 2026-03-12T10:15:00Z")]
    BadTime(String),
    #[error(
        "'{participant}' already rated {stage}/{dimension} in round {round} on row {first_row}"
    )]
    Duplicate {
        participant: String,
        round: u32,
        stage: String,
        dimension: String,
        first_row: usize,
    },
    #[error(
        "the comment is {bytes} bytes long; at most {max} are allowed (as from a participant's device)"
    )]
    CommentTooLong { bytes: usize, max: usize },
    #[error("{0}")]
    Rejected(ChangeError),
}

/// The validated result of reading a tidy CSV file against a session
/// ([`plan`]).
#[derive(Debug, Clone, PartialEq)]
pub struct ImportPlan {
    /// `StartRound`, `AddParticipant` and `SetRating` changes, in file order; commit them together.
    pub changes: Vec<Change>,
    /// Ratings in the file.
    pub ratings: usize,
    /// Ratings that replace one already in the session.
    pub replaced: usize,
    /// Participants the file names that the session did not have.
    pub added: Vec<Participant>,
    /// The title in the file's `session` column, if any.
    pub source: Option<String>,
    /// Rounds the import started: the round that follows the session's last
    /// one, when the file has ratings of it (not blind, started now).
    pub created_rounds: Vec<u32>,
    /// The separator of the file's cells (given, or found from its header).
    pub separator: u8,
}

/// What an import did ([`Importer::run`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// Ratings in the file.
    pub ratings: usize,
    /// Ratings that replace one already in the session.
    pub replaced: usize,
    /// Participants the file names that the session did not have.
    pub added: usize,
    /// The aliases of the first [`FIRST_ADDED`] of them, in file order.
    pub first_added: Vec<String>,
    /// The title in the file's `session` column, if any.
    pub source: Option<String>,
    /// Rounds the import started: the round that follows the session's last
    /// one, when the file has ratings of it (not blind, started now).
    pub created_rounds: Vec<u32>,
    /// The separator of the file's cells (given, or found from its header).
    pub separator: u8,
}

/// How many added participants [`Imported`] names.
pub const FIRST_ADDED: usize = 10;

/// Reads tidy CSV `bytes` and validates every row against `session`;
/// empty `recorded_at` cells become `now`. The changes are applied to a
/// copy of the session (an import into an open session streams instead,
/// see [`Importer`]).
///
/// # Errors
/// The first problem found, naming its row; nothing is partially returned.
pub fn plan(bytes: &[u8], session: &Session, now: DateTime<Utc>) -> Result<ImportPlan, TidyError> {
    let mut work = session.clone();
    let mut index = ApplyIndex::default();
    let mut changes = Vec::new();
    let imported = Importer::new(session, now).run(bytes, |change| {
        let inverse = work.apply_indexed(&change, &mut index)?;
        changes.push(change);
        Ok(inverse)
    })?;
    let added = changes
        .iter()
        .filter_map(|c| match c {
            Change::AddParticipant(p) => Some(p.clone()),
            _ => None,
        })
        .collect();
    Ok(ImportPlan {
        changes,
        ratings: imported.ratings,
        replaced: imported.replaced,
        added,
        source: imported.source,
        created_rounds: imported.created_rounds,
        separator: imported.separator,
    })
}

/// A tidy import into a session: what it needs of the session is taken
/// when it is made, so that the rows can then be applied to that session
/// as they are read ([`Importer::run`]), one at a time, without the file
/// held as a table or the changes held as a list.
pub struct Importer {
    template: Template,
    rounds: Vec<u32>,
    people: People,
    now: DateTime<Utc>,
    separator: Separator,
}

impl Importer {
    /// An import into `session`; empty `recorded_at` cells become `now`.
    #[must_use]
    pub fn new(session: &Session, now: DateTime<Utc>) -> Self {
        Self {
            template: session.template.clone(),
            rounds: session.rounds.iter().map(|r| r.number).collect(),
            people: People::new(session),
            now,
            separator: Separator::Sniff,
        }
    }

    /// The import with its cells separated by `separator` (by default
    /// found from the header).
    #[must_use]
    pub fn separated_by(mut self, separator: Separator) -> Self {
        self.separator = separator;
        self
    }

    /// Reads tidy CSV from `input` row by row, turning each row into its
    /// changes (a new participant, then the rating) and handing each to
    /// `apply` at once, which applies it to the session this import was
    /// made for and returns its inverse (or why it is refused). The rows
    /// are checked as they come; a bad one ends the import with its
    /// problem, and the caller drops what `apply` applied.
    ///
    /// # Errors
    /// The first problem found, naming its row.
    #[expect(
        clippy::too_many_lines,
        reason = "the import's row loop, each column's check in order"
    )]
    pub fn run(
        mut self,
        input: impl Read,
        mut apply: impl FnMut(Change) -> Result<Option<Change>, ChangeError>,
    ) -> Result<Imported, TidyError> {
        let mut csv = Csv::open(input, self.separator, &REQUIRED, HEADER)?;
        let col = |name: &str| csv.column(name);
        let (c_round, c_part, c_stage, c_dim, c_value) = (
            col("round"),
            col("participant"),
            col("stage"),
            col("dimension"),
            col("value"),
        );
        let (c_session, c_role, c_comment, c_at, c_by) = (
            col("session"),
            col("role"),
            col("comment"),
            col("recorded_at"),
            col("entered_by"),
        );
        let mut out = Imported {
            ratings: 0,
            replaced: 0,
            added: 0,
            first_added: Vec::new(),
            source: None,
            created_rounds: Vec::new(),
            separator: csv.separator(),
        };
        // Cells seen so far, by numbers standing for their ids (and the row
        // each was on): a 90,000-row file must not keep four strings per
        // row only to find duplicates.
        let mut seen: HashMap<(u32, u32, u32, u32), usize> = HashMap::new();
        let mut numbers: HashMap<String, u32> = HashMap::new();
        let mut number = |id: &str| {
            let next = u32::try_from(numbers.len()).unwrap_or(u32::MAX);
            *numbers.entry(id.to_owned()).or_insert(next)
        };
        while let Some(at) = csv.next_row()? {
            let row = csv.record();
            let fail = |problem: RowProblem| TidyError::Row { at, problem };
            // Text cells lose the guard an export put before formula-like text.
            let cell = |c: Option<usize>| {
                c.and_then(|i| row.get(i))
                    .map_or("", |s| unguard_formula(s.trim()))
            };
            let raw = |c: Option<usize>| c.and_then(|i| row.get(i)).map_or("", unguard_formula);

            let name = cell(c_session);
            if !name.is_empty() {
                match &out.source {
                    Some(first) if first != name => {
                        return Err(TidyError::SeveralSessions {
                            first: first.clone(),
                            second: name.to_owned(),
                        });
                    }
                    Some(_) => {}
                    None => out.source = Some(name.to_owned()),
                }
            }
            let round = parse_round(cell(c_round), &self.rounds).map_err(fail)?;
            if !self.rounds.contains(&round) {
                // The round that follows the last one: the import starts it
                // (a round collected with a form, a two-round export).
                let start = Change::StartRound(Round {
                    number: round,
                    started: self.now,
                    blind: false,
                    revealed: false,
                    absent: Vec::new(),
                });
                apply(start).map_err(|e| fail(RowProblem::Rejected(e)))?;
                self.rounds.push(round);
                out.created_rounds.push(round);
            }
            let alias = cell(c_part);
            if alias.is_empty() {
                return Err(fail(RowProblem::Empty("participant")));
            }
            let stage = find_stage(&self.template, cell(c_stage)).map_err(fail)?;
            let (dimension, scale) = find_dimension(&self.template, cell(c_dim)).map_err(fail)?;
            let score = parse_score(cell(c_value), &dimension, scale).map_err(fail)?;
            let comment = raw(c_comment);
            if comment.len() > MAX_COMMENT_BYTES {
                return Err(fail(RowProblem::CommentTooLong {
                    bytes: comment.len(),
                    max: MAX_COMMENT_BYTES,
                }));
            }
            let comment = (!comment.is_empty()).then(|| comment.to_owned());
            // Who first entered a rating survives a round trip; a file without
            // the column (or with an unknown word) was entered by this import.
            let entered_by = EnteredBy::from_label(cell(c_by)).unwrap_or(EnteredBy::Import);
            let recorded = cell(c_at);
            let when = if recorded.is_empty() {
                self.now
            } else {
                DateTime::parse_from_rfc3339(recorded)
                    .map_err(|_| fail(RowProblem::BadTime(recorded.to_owned())))?
                    .with_timezone(&Utc)
            };

            let participant = match self.people.find(alias) {
                Some(id) => id,
                None => {
                    let p = Participant {
                        id: self.people.next_id(),
                        alias: alias.to_owned(),
                        role: cell(c_role).to_owned(),
                        organisation: String::new(),
                        joined: false,
                    };
                    self.people.add(&p);
                    let id = p.id.clone();
                    if out.first_added.len() < FIRST_ADDED {
                        out.first_added.push(p.alias.clone());
                    }
                    apply(Change::AddParticipant(p)).map_err(|e| fail(RowProblem::Rejected(e)))?;
                    out.added += 1;
                    id
                }
            };
            let key = (
                number(&participant),
                round,
                number(&stage),
                number(&dimension),
            );
            if let Some(first_row) = seen.get(&key) {
                return Err(fail(RowProblem::Duplicate {
                    participant: alias.to_owned(),
                    round,
                    stage,
                    dimension,
                    first_row: *first_row,
                }));
            }
            seen.insert(key, at.row);
            let change = Change::SetRating {
                participant,
                round,
                stage,
                dimension,
                score,
                comment,
                at: when,
                entered_by,
            };
            let inverse = apply(change).map_err(|e| fail(RowProblem::Rejected(e)))?;
            // A cell the file names twice was refused above: one that had a
            // rating had it before the import.
            if matches!(inverse, Some(Change::SetRating { .. })) {
                out.replaced += 1;
            }
            out.ratings += 1;
        }
        if out.ratings == 0 {
            return Err(TidyError::NoRows);
        }
        Ok(out)
    }
}

fn parse_round(text: &str, rounds: &[u32]) -> Result<u32, RowProblem> {
    if text.is_empty() {
        return Err(RowProblem::Empty("round"));
    }
    let round: u32 = text
        .parse()
        .map_err(|_| RowProblem::BadRound(text.to_owned()))?;
    let next = rounds.iter().max().map_or(1, |last| last + 1);
    if !rounds.contains(&round) && round != next {
        let known: Vec<String> = rounds.iter().map(u32::to_string).collect();
        return Err(RowProblem::UnknownRound {
            round,
            known: known.join(", "),
            next,
        });
    }
    Ok(round)
}

fn find_stage(t: &Template, given: &str) -> Result<String, RowProblem> {
    if given.is_empty() {
        return Err(RowProblem::Empty("stage"));
    }
    super::find_stage(t, given)
        .map(|s| s.id.clone())
        .ok_or_else(|| RowProblem::UnknownStage {
            given: given.to_owned(),
            known: stage_ids(t),
        })
}

fn find_dimension(t: &Template, given: &str) -> Result<(String, crate::domain::Scale), RowProblem> {
    if given.is_empty() {
        return Err(RowProblem::Empty("dimension"));
    }
    super::find_dimension(t, given)
        .map(|d| (d.id.clone(), d.scale))
        .ok_or_else(|| RowProblem::UnknownDimension {
            given: given.to_owned(),
            known: dimension_ids(t),
        })
}

/// Empty (or `?`, `dk`, `don't know`, see [`is_dont_know`]) is "don't know";
/// otherwise a whole number on the dimension's scale (`3.0` is accepted as 3).
fn parse_score(
    text: &str,
    dimension: &str,
    scale: crate::domain::Scale,
) -> Result<Score, RowProblem> {
    if text.is_empty() || is_dont_know(text) {
        return Ok(Score::DontKnow);
    }
    let value = parse_whole(text).ok_or_else(|| RowProblem::NotANumber(text.to_owned()))?;
    match u8::try_from(value) {
        Ok(v) if scale.contains(v) => Ok(Score::Value(v)),
        _ => Err(RowProblem::OffScale {
            value,
            min: scale.min,
            max: scale.max,
            dimension: dimension.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Participant, Round, default_template};
    use crate::export;
    use crate::synthetic;

    fn base() -> Session {
        let mut s = Session::new("Base", "F", default_template(), synthetic::epoch());
        let p = Participant {
            id: "p01".into(),
            alias: "Ann".into(),
            role: "industry".into(),
            organisation: String::new(),
            joined: false,
        };
        assert!(s.apply(&Change::AddParticipant(p)).is_ok());
        s
    }

    fn error(text: &str) -> String {
        plan(text.as_bytes(), &base(), synthetic::epoch())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    const H: &str = "session,round,participant,role,stage,dimension,value,comment,recorded_at\n";

    #[test]
    fn each_bad_row_is_named_with_its_problem() {
        let cases = [
            (
                "x,1,Ann,,minning,maturity,3,,\n",
                "row 2: unknown stage 'minning' (stages: exploration, mining,",
            ),
            (
                "x,1,Ann,,mining,maturty,3,,\n",
                "row 2: unknown dimension 'maturty' (dimensions: circularity_impact,",
            ),
            (
                "x,1,Ann,,mining,maturity,high,,\n",
                "row 2: value 'high' is not a whole number",
            ),
            (
                "x,1,Ann,,mining,maturity,6,,\n",
                "row 2: value 6 is off the scale 1..5 of 'maturity'",
            ),
            (
                "x,1,Ann,,mining,maturity,-1,,\n",
                "row 2: value -1 is off the scale 1..5 of 'maturity'",
            ),
            (
                "x,1,Ann,,mining,maturity,2.5,,\n",
                "row 2: value '2.5' is not a whole number",
            ),
            (
                "x,3,Ann,,mining,maturity,3,,\n",
                "row 2: unknown round 3 (the session has round 1; an import may add round 2, the one that follows)",
            ),
            (
                "x,one,Ann,,mining,maturity,3,,\n",
                "row 2: round 'one' is not a round number",
            ),
            (
                "x,1,,,mining,maturity,3,,\n",
                "row 2: the participant cell is empty",
            ),
            (
                "x,1,Ann,,mining,maturity,3,,yesterday\n",
                "row 2: recorded_at 'yesterday' is not an RFC 3339 time",
            ),
            (
                "x,1,Ann,,mining,maturity,3,\n",
                "row 2: has 8 cells but the header has 9",
            ),
        ];
        for (row, expected) in cases {
            let got = error(&format!("{H}{row}"));
            assert!(got.starts_with(expected), "{row:?}: got {got:?}");
        }
    }

    #[test]
    fn a_late_bad_row_rejects_the_whole_file_with_its_row_number() {
        let text = format!(
            "{H}x,1,Ann,,mining,maturity,3,,\n\"x\",1,Ann,,\"use\",maturity,3,\"multi\nline\",\nx,1,Ann,,mining,maturity,4,,\n"
        );
        assert_eq!(
            error(&text),
            "row 4 (line 5): 'Ann' already rated mining/maturity in round 1 on row 2"
        );
        let two = format!("{H}a,1,Ann,,mining,maturity,3,,\nb,1,Ann,,use,maturity,3,,\n");
        assert!(error(&two).contains("several sessions ('a' and 'b')"));
        assert_eq!(error(H), "the file has no rating rows; nothing to import");
    }

    #[test]
    fn lenient_where_it_is_safe() {
        // Columns in any order, optional ones missing, names by case, 3.0 as 3, "?" as don't know,
        // an unknown alias added with its role, and an existing one matched regardless of case.
        let text = "Value,Dimension,Stage,Participant,Round,role\n3.0,Maturity,MINING,ann,1,\n?,maturity,Use,Cy,1,academia\n";
        let now = synthetic::epoch() + chrono::Duration::hours(1);
        let p = plan(text.as_bytes(), &base(), now);
        let Ok(p) = p else {
            panic!("{p:?}");
        };
        assert_eq!(p.ratings, 2);
        assert_eq!(p.added.len(), 1);
        assert_eq!(p.added[0].id, "p02");
        assert_eq!(p.added[0].role, "academia");
        assert_eq!(
            p.changes[0],
            Change::SetRating {
                participant: "p01".into(),
                round: 1,
                stage: "mining".into(),
                dimension: "maturity".into(),
                score: Score::Value(3),
                comment: None,
                at: now,
                entered_by: crate::domain::EnteredBy::Import,
            }
        );
        assert!(matches!(&p.changes[1], Change::AddParticipant(q) if q.alias == "Cy"));
        assert!(
            matches!(&p.changes[2], Change::SetRating { participant, score: Score::DontKnow, .. } if participant == "p02")
        );
    }

    #[test]
    fn who_entered_a_rating_is_kept_and_an_import_says_so_otherwise() {
        let text = "participant,stage,dimension,value,round,entered_by\n\
                    Ann,mining,maturity,3,1,device\n\
                    Ann,use,maturity,3,1,FACILITATOR\n\
                    Ann,design,maturity,3,1,\n\
                    Ann,reuse,maturity,3,1,somebody\n\
                    Ann,recycling,maturity,3,1,unknown\n";
        let p = plan(text.as_bytes(), &base(), synthetic::epoch());
        let Ok(p) = p else {
            panic!("{p:?}");
        };
        let by: Vec<EnteredBy> = p
            .changes
            .iter()
            .filter_map(|c| match c {
                Change::SetRating { entered_by, .. } => Some(*entered_by),
                _ => None,
            })
            .collect();
        assert_eq!(
            by,
            [
                EnteredBy::Device,
                EnteredBy::Facilitator,
                EnteredBy::Import,
                EnteredBy::Import,
                EnteredBy::Unknown
            ]
        );
    }

    #[test]
    fn replacing_existing_ratings_is_counted() {
        let mut s = base();
        let c = Change::SetRating {
            participant: "p01".into(),
            round: 1,
            stage: "mining".into(),
            dimension: "maturity".into(),
            score: Score::Value(1),
            comment: None,
            at: synthetic::epoch(),
            entered_by: crate::domain::EnteredBy::Facilitator,
        };
        assert!(s.apply(&c).is_ok());
        assert!(
            s.apply(&Change::StartRound(Round {
                number: 2,
                started: synthetic::epoch(),
                blind: false,
                revealed: false,
                absent: Vec::new(),
            }))
            .is_ok()
        );
        let text = format!("{H}x,1,Ann,,mining,maturity,3,,\nx,2,Ann,,mining,maturity,3,,\n");
        let p = plan(text.as_bytes(), &s, synthetic::epoch());
        assert_eq!(p.map(|p| (p.ratings, p.replaced)).ok(), Some((2, 1)));
    }

    #[test]
    fn the_example_session_round_trips() {
        let example = synthetic::example_session();
        let Ok(text) = export::csv::render(&example) else {
            panic!("export failed");
        };
        let mut empty = Session::new("Empty", "", default_template(), synthetic::epoch());
        let Ok(p) = plan(text.as_bytes(), &empty, Utc::now()) else {
            panic!("import failed");
        };
        for c in &p.changes {
            assert!(empty.apply(c).is_ok());
        }
        assert_eq!(empty.participants.len(), example.participants.len());
        assert_eq!(empty.rating_count(), example.rating_count());
        assert_eq!(
            export::csv::render(&empty)
                .ok()
                .map(|t| t.replace("Empty,", "")),
            Some(text.replace(&format!("{},", example.title), ""))
        );
    }

    mod roundtrip {
        use super::*;
        use crate::domain::{Round, Score};
        use proptest::prelude::*;

        const ALIASES: [&str; 8] = [
            "Ann",
            "Anna",
            "p02",
            "p01",
            "Zoë, \"Z\"",
            "Bo Li",
            "x",
            "p03",
        ];
        const ROLES: [&str; 4] = ["", "industry", "a, \"b\"", "research institute"];

        fn cell() -> impl Strategy<Value = (usize, u32, usize, usize, Score, Option<String>, i64)> {
            (
                0usize..8,
                1u32..=2,
                0usize..9,
                0usize..5,
                prop_oneof![Just(Score::DontKnow), (1u8..=5).prop_map(Score::Value)],
                proptest::option::of("[a-z ,;\"'\n\r\t]{1,12}"),
                -1_000_000i64..1_000_000,
            )
        }

        fn session_with(rounds: u32, title: &str) -> Session {
            let mut s = Session::new(title, "", default_template(), synthetic::epoch());
            for number in 2..=rounds {
                let r = Round {
                    number,
                    started: synthetic::epoch(),
                    blind: true,
                    revealed: false,
                    absent: Vec::new(),
                };
                assert!(s.apply(&Change::StartRound(r)).is_ok());
            }
            s
        }

        fn flat(s: &Session) -> Vec<String> {
            let mut v: Vec<String> = s
                .ratings_iter()
                .map(|r| {
                    let p = s.participant(r.participant).map(|p| (&p.alias, &p.role));
                    format!(
                        "{p:?}|{}|{}|{}|{:?}|{:?}|{}",
                        r.round, r.stage, r.dimension, r.score, r.comment, r.recorded_at
                    )
                })
                .collect();
            v.sort();
            v
        }

        proptest! {
            #[test]
            fn export_then_import_into_an_empty_session_gives_the_same_ratings(
                people in proptest::sample::subsequence(ALIASES.to_vec(), 1..=6).prop_shuffle(),
                roles in proptest::collection::vec(0usize..4, 8),
                rounds in 1u32..=2,
                cells in proptest::collection::vec(cell(), 1..40),
                anonymous in any::<bool>(),
            ) {
                let mut original = session_with(rounds, "Original, \"quoted\"");
                for (i, alias) in people.iter().enumerate() {
                    let p = Participant {
                        id: format!("p{:02}", i + 1),
                        alias: (*alias).to_owned(),
                        role: ROLES[roles[i]].to_owned(),
                        organisation: String::new(),
                        joined: false,
                    };
                    prop_assert!(original.apply(&Change::AddParticipant(p)).is_ok());
                }
                let t = default_template();
                for (p, round, stage, dim, score, comment, offset) in cells {
                    let c = Change::SetRating {
                        participant: format!("p{:02}", p % people.len() + 1),
                        round: round.min(rounds),
                        stage: t.stages[stage].id.clone(),
                        dimension: t.dimensions[dim].id.clone(),
                        score,
                        comment,
                        at: synthetic::epoch() + chrono::Duration::seconds(offset), entered_by: crate::domain::EnteredBy::Facilitator,
                    };
                    prop_assert!(original.apply(&c).is_ok());
                }
                original.anonymous = anonymous;
                let text = export::csv::render(&original);
                prop_assert!(text.is_ok());
                let text = text.unwrap_or_default();
                let mut empty = session_with(rounds, "Empty");
                let planned = plan(text.as_bytes(), &empty, Utc::now());
                prop_assert!(planned.is_ok(), "{:?}\n{}", planned, text);
                for c in planned.map(|p| p.changes).unwrap_or_default() {
                    prop_assert!(empty.apply(&c).is_ok());
                }
                if anonymous {
                    // Named by id: every participant comes back under its id as alias.
                    prop_assert_eq!(empty.rating_count(), original.rating_count());
                    for p in &mut original.participants {
                        p.alias = p.id.clone();
                    }
                }
                prop_assert_eq!(flat(&empty), flat(&original));
            }

            #[test]
            fn any_bytes_give_an_error_or_a_plan_never_a_panic(
                bytes in proptest::collection::vec(any::<u8>(), 0..300),
            ) {
                let _ = plan(&bytes, &base(), Utc::now());
                let _ = crate::import::participants::parse(&bytes);
            }

            #[test]
            fn csv_like_text_gives_an_error_or_a_plan_never_a_panic(
                rows in proptest::collection::vec("[A-Za-z0-9,\"\n .:?-]{0,40}", 0..6),
            ) {
                let text = format!("{H}{}", rows.join("\n"));
                let _ = plan(text.as_bytes(), &base(), Utc::now());
            }
        }
    }
}
