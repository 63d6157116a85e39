//! Wide CSV import: one row per participant and a column per
//! `stage:dimension`, as form tools and spreadsheets export it:
//!
//! ```text
//! participant,role,exploration:maturity,mining:maturity,...
//! Expert 01,industry,2,?,...
//! ```
//!
//! - `participant` (or `alias`/`name`) is required: an alias or id of the
//!   session; unknown participants are added. `role` and `organisation` are
//!   optional and only used for added participants.
//! - Rating columns are `stage:dimension`, each half a template id or name
//!   (case-insensitive). Columns such as `Timestamp` or `Email address` that
//!   form tools add are ignored; any other column is an error, so that no
//!   rating is dropped silently.
//! - Cells: empty = not rated; `?`, `x`, `dk`, `don't know` = "don't know";
//!   otherwise a whole number on the dimension's scale.
//! - A UTF-8 byte order mark and whitespace around cells are tolerated.
//!
//! All or nothing: every row is checked and applied to a copy of the session
//! first; any problem rejects the whole file with the row it is on (the
//! header is row 1, as a spreadsheet counts).

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use thiserror::Error;

use super::{
    People, ReadError, RowRef, Separator, Table, dimension_ids, find_dimension, find_stage,
    is_dont_know, parse_whole, stage_ids,
};

use crate::domain::{
    ApplyIndex, Change, ChangeError, Participant, Scale, Score, Session, Template,
};

/// How the header is described when the file is empty.
const EXPECTED: &str = "participant,role,stage:dimension,...";

/// Why a wide CSV file cannot be imported; nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ImportError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error(
        "the header has no 'participant' column (expected participant,role,stage:dimension,...)"
    )]
    NoParticipantColumn,
    #[error("row 1: column '{0}' appears more than once in the header")]
    DuplicateColumn(String),
    #[error("row 1: column '{column}' names unknown stage '{given}' (stages: {known})")]
    UnknownStage {
        column: String,
        given: String,
        known: String,
    },
    #[error("row 1: column '{column}' names unknown dimension '{given}' (dimensions: {known})")]
    UnknownDimension {
        column: String,
        given: String,
        known: String,
    },
    #[error(
        "row 1: column '{0}' is not participant, role, organisation or stage:dimension (such as mining:maturity)"
    )]
    UnknownColumn(String),
    #[error("row 1: the header has no stage:dimension columns; nothing to import")]
    NoRatingColumns,
    #[error("{at}: the participant cell is empty")]
    NoParticipant { at: RowRef },
    #[error(
        "{at}: '{participant}' already has a row (row {first_row}); give each participant one row"
    )]
    DuplicateParticipant {
        at: RowRef,
        participant: String,
        first_row: usize,
    },
    #[error(
        "{at}, column '{column}': '{value}' is not a whole number (leave it empty if not rated, or write ? for \"don't know\")"
    )]
    NotANumber {
        at: RowRef,
        column: String,
        value: String,
    },
    #[error("{at}, column '{column}': {value} is off the scale {min}..{max}")]
    OffScale {
        at: RowRef,
        column: String,
        value: String,
        min: u8,
        max: u8,
    },
    #[error("{at}: {error}")]
    Rejected { at: RowRef, error: ChangeError },
    #[error("the file has no participant rows; nothing to import")]
    NoRows,
}

/// Columns that form tools add and that carry no rating.
const IGNORED: [&str; 7] = [
    "timestamp",
    "time",
    "date",
    "email",
    "email address",
    "e-mail",
    "submitted at",
];

enum Column {
    Participant,
    Role,
    Organisation,
    Ignored,
    Rating {
        stage: String,
        dimension: String,
        scale: Scale,
    },
}

fn classify(t: &Template, raw: &str) -> Result<Column, ImportError> {
    let name = raw.trim();
    let lower = name.to_lowercase();
    match lower.as_str() {
        "participant" | "alias" | "name" => return Ok(Column::Participant),
        "role" => return Ok(Column::Role),
        "organisation" | "organization" => return Ok(Column::Organisation),
        l if IGNORED.contains(&l) => return Ok(Column::Ignored),
        _ => {}
    }
    let Some((s, d)) = name.split_once(':') else {
        return Err(ImportError::UnknownColumn(name.to_owned()));
    };
    let (s, d) = (s.trim(), d.trim());
    let stage = find_stage(t, s).ok_or_else(|| ImportError::UnknownStage {
        column: name.to_owned(),
        given: s.to_owned(),
        known: stage_ids(t),
    })?;
    let dimension = find_dimension(t, d).ok_or_else(|| ImportError::UnknownDimension {
        column: name.to_owned(),
        given: d.to_owned(),
        known: dimension_ids(t),
    })?;
    Ok(Column::Rating {
        stage: stage.id.clone(),
        dimension: dimension.id.clone(),
        scale: dimension.scale,
    })
}

/// `None` = not rated.
fn parse_cell(
    text: &str,
    at: RowRef,
    column: &str,
    scale: Scale,
) -> Result<Option<Score>, ImportError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    if is_dont_know(text) {
        return Ok(Some(Score::DontKnow));
    }
    let Some(value) = parse_whole(text) else {
        return Err(ImportError::NotANumber {
            at,
            column: column.to_owned(),
            value: text.to_owned(),
        });
    };
    match u8::try_from(value) {
        Ok(v) if scale.contains(v) => Ok(Some(Score::Value(v))),
        _ => Err(ImportError::OffScale {
            at,
            column: column.to_owned(),
            value: value.to_string(),
            min: scale.min,
            max: scale.max,
        }),
    }
}

/// [`parse_at`] with the ratings stamped now.
///
/// # Errors
/// See [`parse_at`].
pub fn parse(session: &Session, csv_bytes: &[u8]) -> Result<Vec<Change>, ImportError> {
    parse_at(session, csv_bytes, Utc::now())
}

/// Reads wide CSV `csv_bytes` into the changes that add its unknown
/// participants and set its ratings in the session's current round, stamped
/// `now`. Commit them together.
///
/// # Errors
/// The first problem found, naming its row (and column); nothing is returned
/// in part.
pub fn parse_at(
    session: &Session,
    csv_bytes: &[u8],
    now: DateTime<Utc>,
) -> Result<Vec<Change>, ImportError> {
    parse_separated(session, csv_bytes, Separator::Sniff, now).map(|(changes, _)| changes)
}

/// [`parse_at`] with the cells separated by `separator` (or as found from
/// the header); also returns the separator used.
///
/// # Errors
/// See [`parse_at`].
#[expect(
    clippy::too_many_lines,
    reason = "the wide import's header and row checks in order"
)]
pub fn parse_separated(
    session: &Session,
    csv_bytes: &[u8],
    separator: Separator,
    now: DateTime<Utc>,
) -> Result<(Vec<Change>, u8), ImportError> {
    let table = Table::read_with(csv_bytes, separator, &[], EXPECTED)?;
    let header = &table.names;
    let t = &session.template;
    let mut columns = Vec::with_capacity(header.len());
    let mut keys: HashSet<String> = HashSet::with_capacity(header.len());
    for h in header {
        let col = classify(t, h)?;
        let key = match &col {
            Column::Rating {
                stage, dimension, ..
            } => format!("{stage}:{dimension}"),
            Column::Ignored => String::new(),
            Column::Participant => "participant".to_owned(),
            Column::Role => "role".to_owned(),
            Column::Organisation => "organisation".to_owned(),
        };
        if !key.is_empty() && !keys.insert(key) {
            return Err(ImportError::DuplicateColumn(h.clone()));
        }
        columns.push(col);
    }
    let c_part = columns
        .iter()
        .position(|c| matches!(c, Column::Participant))
        .ok_or(ImportError::NoParticipantColumn)?;
    if !columns.iter().any(|c| matches!(c, Column::Rating { .. })) {
        return Err(ImportError::NoRatingColumns);
    }
    let c_role = columns.iter().position(|c| matches!(c, Column::Role));
    let c_org = columns
        .iter()
        .position(|c| matches!(c, Column::Organisation));

    let round = session.current_round();
    let mut work = session.clone();
    let mut index = ApplyIndex::default();
    let mut changes = Vec::new();
    // Hash maps: a 30,000-row file must not compare every row with every other.
    let mut people = People::new(session);
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in &table.rows {
        let (at, cells) = (row.at, &row.cells);
        let cell = |i: Option<usize>| i.and_then(|i| cells.get(i)).map_or("", |s| s.trim());
        let name = cell(Some(c_part));
        if name.is_empty() {
            return Err(ImportError::NoParticipant { at });
        }
        let participant = if let Some(id) = people.find(name) {
            id
        } else {
            let p = Participant {
                id: people.next_id(),
                alias: name.to_owned(),
                role: cell(c_role).to_owned(),
                organisation: cell(c_org).to_owned(),
                joined: false,
            };
            let change = Change::AddParticipant(p.clone());
            work.apply_indexed(&change, &mut index)
                .map_err(|error| ImportError::Rejected { at, error })?;
            changes.push(change);
            people.add(&p);
            p.id
        };
        if let Some(first_row) = seen.get(&participant) {
            return Err(ImportError::DuplicateParticipant {
                at,
                participant: name.to_owned(),
                first_row: *first_row,
            });
        }
        seen.insert(participant.clone(), at.row);
        for (i, col) in columns.iter().enumerate() {
            let Column::Rating {
                stage,
                dimension,
                scale,
            } = col
            else {
                continue;
            };
            let Some(score) = parse_cell(cell(Some(i)), at, &header[i], *scale)? else {
                continue;
            };
            let change = Change::SetRating {
                participant: participant.clone(),
                round,
                stage: stage.clone(),
                dimension: dimension.clone(),
                score,
                comment: None,
                at: now,
                entered_by: crate::domain::EnteredBy::Import,
            };
            work.apply_indexed(&change, &mut index)
                .map_err(|error| ImportError::Rejected { at, error })?;
            changes.push(change);
        }
    }
    if seen.is_empty() {
        return Err(ImportError::NoRows);
    }
    Ok((changes, table.separator))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{RatingEntry, default_template};
    use crate::synthetic::epoch;

    fn session() -> Session {
        let mut s = Session::new("t", "", default_template(), epoch());
        s.apply(&Change::AddParticipant(Participant {
            id: "p01".into(),
            alias: "Ana".into(),
            role: "industry".into(),
            organisation: String::new(),
            joined: false,
        }))
        .expect("add");
        s
    }

    fn err(text: &[u8]) -> String {
        parse_at(&session(), text, epoch())
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn cells_become_ratings_dont_knows_or_nothing() {
        let text = "\u{feff}Participant , Role,exploration:maturity,Mining:Technological maturity,design:carbon_footprint \r\nana,industry,3 ,?,\r\nBo,academia, x,5.0,1\r\n";
        let changes = parse_at(&session(), text.as_bytes(), epoch()).expect("valid");
        let mut s = session();
        for c in &changes {
            s.apply(c).expect("applies");
        }
        assert_eq!(s.participants.len(), 2);
        let bo = s.participant_by_alias("Bo").expect("added");
        assert_eq!(bo.role, "academia");
        assert_eq!(
            s.rating("p01", 1, "exploration", "maturity")
                .map(RatingEntry::score),
            Some(Score::Value(3))
        );
        assert_eq!(
            s.rating("p01", 1, "mining", "maturity")
                .map(RatingEntry::score),
            Some(Score::DontKnow)
        );
        assert!(s.rating("p01", 1, "design", "carbon_footprint").is_none());
        assert_eq!(
            s.rating(&bo.id.clone(), 1, "exploration", "maturity")
                .map(RatingEntry::score),
            Some(Score::DontKnow)
        );
        assert_eq!(s.rating_count(), 5);
    }

    #[test]
    fn problems_name_their_row_and_column() {
        assert_eq!(
            err(b"participant,mining:maturity\nAna,6\n"),
            "row 2, column 'mining:maturity': 6 is off the scale 1..5"
        );
        assert_eq!(
            err(b"participant,mines:maturity\n"),
            "row 1: column 'mines:maturity' names unknown stage 'mines' (stages: exploration, mining, processing, design, production, use, reuse, collection, recycling)"
        );
        assert!(err(b"participant,mining:size\n").contains("unknown dimension 'size'"));
        assert_eq!(
            err(b"participant,mining:maturity\nAna,2\n\nana,3\n"),
            "row 4: 'ana' already has a row (row 2); give each participant one row"
        );
        assert_eq!(
            err(b"participant,mining:maturity\nAna,\xff\n"),
            "row 2: column 'mining:maturity' is not valid UTF-8 text (save the file as CSV UTF-8)"
        );
        assert!(
            err(b"participant,mining:maturity\nAna,lots\n")
                .contains("'lots' is not a whole number")
        );
        assert!(err(b"participant,notes\n").contains("column 'notes' is not participant"));
        assert!(err(b"").contains("the file is empty"));
        assert!(err(b"participant,mining:maturity\n").contains("no participant rows"));
        assert!(err(b"participant,mining:maturity,Mining:Maturity\n").contains("more than once"));
        assert!(err(b"participant,mining:maturity\nAna,1,2\n").contains("has 3 cells"));
        // A line break inside a quoted cell: the row stays, the line moves.
        assert_eq!(
            err(b"participant,role,mining:maturity\nAna,\"a\nb\",1\n\nBo,x,9\n"),
            "row 4 (line 5), column 'mining:maturity': 9 is off the scale 1..5"
        );
    }

    #[test]
    fn form_tool_columns_are_ignored() {
        let text =
            b"Timestamp,Email address,participant,use:maturity\n2026/03/12 10:00,a@b.c,Ana,4\n";
        let changes = parse_at(&session(), text, epoch()).expect("valid");
        assert_eq!(changes.len(), 1);
    }
}
