//! Import formats, into domain changes.
//!
//! Row numbers in error messages count as a spreadsheet shows them: the
//! header is row 1 and the first data row is row 2. When a row starts on a
//! different line of the text file (an earlier cell held a line break, or
//! blank lines were skipped), the line is named too: `row 5 (line 7)`.

pub mod participants;
pub mod tidy;
pub mod wide;

use std::fmt;

use thiserror::Error;

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
    #[error("row 1: the header has no '{missing}' column (expected {expected})")]
    MissingColumn {
        missing: &'static str,
        expected: String,
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
    pub rows: Vec<Row>,
}

impl Table {
    /// Reads `bytes` as CSV; the header must name every one of `required`.
    /// Rows whose cells are all blank are skipped.
    pub fn read(
        bytes: &[u8],
        required: &[&'static str],
        expected: &str,
    ) -> Result<Self, ReadError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let mut records = reader.byte_records();
        let mut row = 0usize;
        let mut next = |row: usize| -> Option<Result<(RowRef, csv::ByteRecord), ReadError>> {
            let record = records.next()?;
            Some(match record {
                Ok(r) => {
                    let line = r.position().map_or(0, csv::Position::line);
                    Ok((RowRef { row, line }, r))
                }
                Err(e) => {
                    let line = e.position().map_or(0, csv::Position::line);
                    Err(ReadError::Csv {
                        at: RowRef { row, line },
                        message: e.to_string(),
                    })
                }
            })
        };
        row += 1;
        let Some(first) = next(row) else {
            return Err(ReadError::Empty {
                expected: expected.to_owned(),
            });
        };
        let (at, record) = first?;
        let header: Vec<String> = decode(&record, at, &[])?
            .into_iter()
            .map(|h| h.trim().to_lowercase())
            .collect();
        for (i, h) in header.iter().enumerate() {
            if !h.is_empty() && header[..i].contains(h) {
                return Err(ReadError::DuplicateColumn(h.clone()));
            }
        }
        for name in required {
            if !header.iter().any(|h| h == name) {
                return Err(ReadError::MissingColumn {
                    missing: name,
                    expected: expected.to_owned(),
                });
            }
        }
        let mut rows = Vec::new();
        loop {
            row += 1;
            let Some(item) = next(row) else { break };
            let (at, record) = item?;
            let cells = decode(&record, at, &header)?;
            if cells.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            if cells.len() != header.len() {
                return Err(ReadError::FieldCount {
                    at,
                    found: cells.len(),
                    expected: header.len(),
                });
            }
            rows.push(Row { at, cells });
        }
        Ok(Self { header, rows })
    }

    /// Index of a column by (lower-case) name.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }
}

fn decode(
    record: &csv::ByteRecord,
    at: RowRef,
    header: &[String],
) -> Result<Vec<String>, ReadError> {
    record
        .iter()
        .enumerate()
        .map(|(i, cell)| {
            std::str::from_utf8(cell)
                .map(str::to_owned)
                .map_err(|_| ReadError::BadUtf8 {
                    at,
                    column: header
                        .get(i)
                        .map_or_else(|| (i + 1).to_string(), |h| format!("'{h}'")),
                })
        })
        .collect()
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
            Some("row 4 (line 6): has 1 cells but the header has 2")
        );
        let t = Table::read(b"a,b\n1,2\n,\n3,4\n", &["a", "b"], "a,b");
        let rows: Vec<String> = t
            .map(|t| t.rows.iter().map(|r| r.at.to_string()).collect())
            .unwrap_or_default();
        assert_eq!(rows, ["row 2", "row 4"]);
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
            Some("row 1: the header has no 'b' column (expected a,b)")
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
