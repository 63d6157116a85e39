//! Import formats, into domain changes.
//!
//! Row numbers in error messages count as a spreadsheet shows them: the
//! header is row 1 and the first data row is row 2. When a row starts on a
//! different line of the text file (an earlier cell held a line break, or
//! blank lines were skipped), the line is named too: `row 5 (line 7)`.

pub mod participants;
mod records;
pub mod tidy;
pub mod wide;

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Read;

use records::{Record, Records};

use thiserror::Error;

use crate::domain::{Dimension, Participant, Session, Stage, Template, fold_alias};

/// Where a CSV row is, as a spreadsheet counts (header = row 1) and as a
/// text editor counts (1-based line where the row starts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowRef {
    pub row: usize,
    pub line: u64,
}

impl fmt::Display for RowRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if usize::try_from(self.line).is_ok_and(|l| l == self.row) {
            write!(f, "row {}", self.row)
        } else {
            write!(f, "row {} (line {})", self.row, self.line)
        }
    }
}

/// The character between the cells of a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Separator {
    /// Found from the header: whichever of `,`, `;` and tab it holds most
    /// of (Excel saves `;` where the decimal mark is a comma); `,` when
    /// it holds none.
    #[default]
    Sniff,
    /// This one.
    Given(u8),
}

impl Separator {
    /// A separator as given on the command line: one ASCII character, or
    /// `tab`, `\t`, `comma`, `semicolon`.
    ///
    /// # Errors
    /// Anything else, saying what is accepted.
    pub fn parse(text: &str) -> Result<Self, String> {
        let b = match text {
            "tab" | "\\t" | "\t" => b'\t',
            "comma" => b',',
            "semicolon" => b';',
            _ => match text.as_bytes() {
                [b] if b.is_ascii_punctuation() || *b == b' ' => *b,
                _ => {
                    return Err(format!(
                        "'{text}' is no separator: give one character such as ';' or ',', or tab"
                    ));
                }
            },
        };
        if b == b'"' {
            return Err("'\"' quotes cells; the separator is another character".to_owned());
        }
        Ok(Self::Given(b))
    }
}

/// A separator as people call it: `comma`, `semicolon`, `tab`, or `'|'`.
#[must_use]
pub fn separator_name(b: u8) -> String {
    match b {
        b',' => "comma".to_owned(),
        b';' => "semicolon".to_owned(),
        b'\t' => "tab".to_owned(),
        other => format!("'{}'", char::from(other)),
    }
}

/// Problems reading a CSV file as a table of text, before its meaning.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ReadError {
    #[error("the file is empty; the first row must be the header {expected}")]
    Empty { expected: String },
    /// `column` is the quoted header name, or the column number.
    #[error("{at}: column {column} is not valid UTF-8 text (save the file as CSV UTF-8)")]
    BadUtf8 { at: RowRef, column: String },
    #[error("{at}: has {found} cells but the header has {expected}")]
    FieldCount {
        at: RowRef,
        found: usize,
        expected: usize,
    },
    #[error("row 1: column '{0}' appears more than once in the header")]
    DuplicateColumn(String),
    #[error(
        "row 1: the header has no '{missing}' column (expected {expected}; cells read as \
         {}-separated)",
        separator_name(*.separator)
    )]
    MissingColumn {
        missing: &'static str,
        expected: String,
        separator: u8,
    },
    #[error("{at}: {message}")]
    Csv { at: RowRef, message: String },
}

/// One data row: where it is and its cells, trimmed except where noted.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub at: RowRef,
    /// Cells as written (untrimmed), in header order.
    pub cells: Vec<String>,
}

/// A CSV file read as text, with the columns located by name.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    /// Lower-cased, trimmed header names.
    pub header: Vec<String>,
    /// Trimmed header names as written, for messages.
    pub names: Vec<String>,
    pub rows: Vec<Row>,
    /// The separator of its cells.
    pub separator: u8,
}

impl Table {
    /// Reads `bytes` as CSV, all of it (see [`Csv`]), its separator found
    /// from the header.
    pub fn read(
        bytes: &[u8],
        required: &[&'static str],
        expected: &str,
    ) -> Result<Self, ReadError> {
        Self::read_with(bytes, Separator::Sniff, required, expected)
    }

    /// [`Table::read`] with the separator given (or found).
    pub fn read_with(
        bytes: &[u8],
        separator: Separator,
        required: &[&'static str],
        expected: &str,
    ) -> Result<Self, ReadError> {
        let mut csv = Csv::open(bytes, separator, required, expected)?;
        let mut rows = Vec::new();
        while let Some(at) = csv.next_row()? {
            let cells = csv.record().cells().map(str::to_owned).collect();
            rows.push(Row { at, cells });
        }
        let separator = csv.separator();
        Ok(Self {
            header: csv.header,
            names: csv.names,
            rows,
            separator,
        })
    }

    /// Index of a column by (lower-case) name.
    pub fn column(&self, name: &str) -> Option<usize> {
        column(&self.header, name)
    }
}

fn column(header: &[String], name: &str) -> Option<usize> {
    header.iter().position(|h| h == name)
}

/// A CSV input whose header is read and checked, giving its data rows one
/// at a time: only the row being read is held.
///
/// The header must name every one of `required` (`expected` describes the
/// header in messages). Rows whose cells are all blank are skipped; every
/// other row must have as many cells as the header.
///
/// Rows count as a spreadsheet shows them: blank lines are rows, line
/// breaks inside quoted cells are not. Lines count as a text editor does.
pub(crate) struct Csv<R> {
    records: Records<R>,
    record: Record,
    /// Lower-cased, trimmed header names.
    pub header: Vec<String>,
    /// Trimmed header names as written, for messages.
    pub names: Vec<String>,
}

impl<R: Read> Csv<R> {
    /// Reads and checks the header; cells are separated by `separator`
    /// (found from the header when it is [`Separator::Sniff`]).
    pub fn open(
        input: R,
        separator: Separator,
        required: &[&'static str],
        expected: &str,
    ) -> Result<Self, ReadError> {
        let empty = || ReadError::Empty {
            expected: expected.to_owned(),
        };
        let mut records = Records::new(input, separator);
        let mut record = Record::default();
        let at = records.next(&mut record)?.ok_or_else(empty)?;
        record.decode(at, &[])?;
        let names: Vec<String> = record.cells().map(|h| h.trim().to_owned()).collect();
        if names.iter().all(String::is_empty) {
            return Err(empty());
        }
        let header: Vec<String> = names.iter().map(|h| h.to_lowercase()).collect();
        // A set, not a scan per column: a 200,000-column header stays linear.
        let mut seen = HashSet::with_capacity(header.len());
        for h in &header {
            if !h.is_empty() && !seen.insert(h.as_str()) {
                return Err(ReadError::DuplicateColumn(h.clone()));
            }
        }
        for name in required {
            if !header.iter().any(|h| h == name) {
                return Err(ReadError::MissingColumn {
                    missing: name,
                    expected: expected.to_owned(),
                    separator: records.separator(),
                });
            }
        }
        Ok(Self {
            records,
            record,
            header,
            names,
        })
    }

    /// Reads the next data row (see [`Csv::record`]); `None` at the end.
    pub fn next_row(&mut self) -> Result<Option<RowRef>, ReadError> {
        while let Some(at) = self.records.next(&mut self.record)? {
            self.record.decode(at, &self.names)?;
            if self.record.cells().all(|c| c.trim().is_empty()) {
                continue;
            }
            if self.record.len() != self.header.len() {
                return Err(ReadError::FieldCount {
                    at,
                    found: self.record.len(),
                    expected: self.header.len(),
                });
            }
            return Ok(Some(at));
        }
        Ok(None)
    }

    /// The separator of the cells.
    pub fn separator(&self) -> u8 {
        self.records.separator()
    }

    /// The cells of the row [`Csv::next_row`] read, as written (untrimmed).
    pub fn record(&self) -> &Record {
        &self.record
    }

    /// Index of a column by (lower-case) name.
    pub fn column(&self, name: &str) -> Option<usize> {
        column(&self.header, name)
    }
}

/// A stage of the template by id, then by id or name ignoring case.
pub(crate) fn find_stage<'t>(t: &'t Template, given: &str) -> Option<&'t Stage> {
    t.stages.iter().find(|s| s.id == given).or_else(|| {
        t.stages
            .iter()
            .find(|s| s.id.eq_ignore_ascii_case(given) || s.name.eq_ignore_ascii_case(given))
    })
}

/// A dimension of the template by id, then by id or name ignoring case.
pub(crate) fn find_dimension<'t>(t: &'t Template, given: &str) -> Option<&'t Dimension> {
    t.dimensions.iter().find(|d| d.id == given).or_else(|| {
        t.dimensions
            .iter()
            .find(|d| d.id.eq_ignore_ascii_case(given) || d.name.eq_ignore_ascii_case(given))
    })
}

/// The template's stage ids, `a, b, c`, for messages.
pub(crate) fn stage_ids(t: &Template) -> String {
    join(t.stages.iter().map(|s| s.id.as_str()))
}

/// The template's dimension ids, `a, b, c`, for messages.
pub(crate) fn dimension_ids(t: &Template) -> String {
    join(t.dimensions.iter().map(|d| d.id.as_str()))
}

fn join<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(", ")
}

/// Whether a (trimmed) cell says "don't know": `?`, `x`, `dk`, `don't know`
/// (any case, straight or curly apostrophe), `dont know`, `do not know`.
pub(crate) fn is_dont_know(text: &str) -> bool {
    let lower = text.to_lowercase().replace('\u{2019}', "'");
    matches!(
        lower.as_str(),
        "?" | "x" | "dk" | "don't know" | "dont know" | "do not know"
    )
}

/// A whole number; `3.0` counts as 3.
pub(crate) fn parse_whole(text: &str) -> Option<i64> {
    text.parse::<i64>().ok().or_else(|| {
        let f = text.parse::<f64>().ok()?;
        #[expect(clippy::cast_possible_truncation)]
        let whole = f as i64;
        // Exact: a whole number within i64's range (the cast saturates).
        #[expect(clippy::float_cmp)]
        let exact = f.is_finite() && f.fract() == 0.0 && whole as f64 == f;
        exact.then_some(whole)
    })
}

/// The participants of a session as an import finds them, in constant
/// time per row: by exact alias; failing that, one the session had before
/// the import by id; failing that, by alias ignoring case. Aliases are
/// unique ignoring case, so `Ann`, `ANN` and `ann` are one person.
pub(crate) struct People {
    exact: HashMap<String, String>,
    folded: HashMap<String, String>,
    ids_before: HashSet<String>,
    /// Every id, added ones too, for [`People::next_id`].
    ids: HashSet<String>,
}

impl People {
    pub fn new(session: &Session) -> Self {
        let mut people = Self {
            exact: HashMap::with_capacity(session.participants.len()),
            folded: HashMap::with_capacity(session.participants.len()),
            ids_before: session.participants.iter().map(|p| p.id.clone()).collect(),
            ids: HashSet::with_capacity(session.participants.len()),
        };
        for p in &session.participants {
            people.add(p);
        }
        people
    }

    /// Remembers a participant the import adds.
    pub fn add(&mut self, p: &Participant) {
        self.ids.insert(p.id.clone());
        self.exact.insert(p.alias.clone(), p.id.clone());
        // Files written before aliases were unique ignoring case may hold
        // two that fold alike: the first keeps the folded name.
        self.folded
            .entry(fold_alias(&p.alias))
            .or_insert_with(|| p.id.clone());
    }

    /// The id the next added participant gets (`p01`, `p02`... as
    /// [`Session::next_participant_id`] gives), in constant time.
    pub fn next_id(&self) -> String {
        let mut n = self.ids.len() + 1;
        loop {
            let id = format!("p{n:02}");
            if !self.ids.contains(&id) {
                return id;
            }
            n += 1;
        }
    }

    /// The id of the participant `given` names, if any.
    pub fn find(&self, given: &str) -> Option<String> {
        self.exact
            .get(given)
            .or_else(|| self.ids_before.get(given))
            .or_else(|| self.folded.get(&fold_alias(given)))
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_count_like_a_spreadsheet_and_name_the_line_when_it_differs() {
        let text = "\u{feff}A,B\n1,\"x\ny\"\n\n2,z\n3\n";
        let e = Table::read(text.as_bytes(), &["a"], "a,b").err();
        assert_eq!(
            e.map(|e| e.to_string()).as_deref(),
            Some("row 5 (line 6): has 1 cells but the header has 2")
        );
        let t = Table::read(b"a,b\n1,2\n,\n\n3,4\n", &["a", "b"], "a,b");
        let rows: Vec<String> = t
            .map(|t| t.rows.iter().map(|r| r.at.to_string()).collect())
            .unwrap_or_default();
        assert_eq!(rows, ["row 2", "row 5"]);
    }

    #[test]
    fn header_problems_are_named() {
        let e = |text: &[u8]| {
            Table::read(text, &["a", "b"], "a,b")
                .err()
                .map(|e| e.to_string())
        };
        assert_eq!(
            e(b"").as_deref(),
            Some("the file is empty; the first row must be the header a,b")
        );
        assert_eq!(
            e(b"a,c\n").as_deref(),
            Some(
                "row 1: the header has no 'b' column (expected a,b; cells read as comma-separated)"
            )
        );
        assert_eq!(
            e(b"a,b,A\n").as_deref(),
            Some("row 1: column 'a' appears more than once in the header")
        );
        assert_eq!(
            e(b"a,\xff\n").as_deref(),
            Some("row 1: column 2 is not valid UTF-8 text (save the file as CSV UTF-8)")
        );
        assert_eq!(
            e(b"a,b\n1,\xff\n").as_deref(),
            Some("row 2: column 'b' is not valid UTF-8 text (save the file as CSV UTF-8)")
        );
    }
}
