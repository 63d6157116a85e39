//! CSV records read one at a time from any reader, so that an import holds
//! the record it is reading and never the whole file as a table of strings.
//!
//! The parsing is the csv crate's own (csv-core, with the csv crate's
//! defaults); this reader feeds it and keeps count of lines. Each record is
//! located as [`RowRef`] says: the line is where its first cell starts
//! (blank lines before it skipped), the row counts as a spreadsheet does.
//! The csv crate's reader cannot say that line without the whole text: it
//! reports a record from before the blank lines it skipped, and its buffer
//! is its own.

use std::io::{ErrorKind, Read};

use csv_core::ReadRecordResult;

use super::{ReadError, RowRef, Separator};

/// The separator a header line holds most of outside quotes, of `,`, `;`
/// and tab (in that order when tied); a comma when it holds none.
pub(crate) fn sniff(line: &[u8]) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for &b in line {
        match b {
            b'"' => quoted = !quoted,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let mut best = 0;
    for i in 1..3 {
        if counts[i] > counts[best] {
            best = i;
        }
    }
    [b',', b';', b'\t'][best]
}

/// Bytes read from the input at a time.
const CHUNK: usize = 64 << 10;
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// The cells of one record: its text, and where each cell ends in it.
#[derive(Debug, Default)]
pub(crate) struct Record {
    /// The cells as read, before they are known to be UTF-8.
    bytes: Vec<u8>,
    ends: Vec<usize>,
    /// The cells once [`Record::decode`] found them UTF-8 (then `bytes` is
    /// empty: the buffer moved here, and moves back for the next record).
    text: String,
}

impl Record {
    /// Number of cells.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    fn span(&self, i: usize) -> Option<(usize, usize)> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some((start, end))
    }

    /// Cell `i` as text, once decoded.
    pub fn get(&self, i: usize) -> Option<&str> {
        let (start, end) = self.span(i)?;
        self.text.get(start..end)
    }

    /// Every cell as text, once decoded.
    pub fn cells(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default())
    }

    /// Checks that every cell is UTF-8 text, in order; `names` names the
    /// columns in the message (by number past their end).
    pub fn decode(&mut self, at: RowRef, names: &[String]) -> Result<(), ReadError> {
        for i in 0..self.len() {
            let (start, end) = self.span(i).unwrap_or_default();
            if std::str::from_utf8(self.bytes.get(start..end).unwrap_or_default()).is_err() {
                return Err(ReadError::BadUtf8 {
                    at,
                    column: names
                        .get(i)
                        .map_or_else(|| (i + 1).to_string(), |h| format!("'{h}'")),
                });
            }
        }
        // Cells that are each UTF-8 make UTF-8 text together.
        let bytes = std::mem::take(&mut self.bytes);
        self.text = String::from_utf8(bytes).map_err(|_| ReadError::BadUtf8 {
            at,
            column: "?".to_owned(),
        })?;
        Ok(())
    }

    /// Makes room for the next record, keeping the larger buffer.
    fn clear(&mut self) -> Vec<u8> {
        let text = std::mem::take(&mut self.text).into_bytes();
        let bytes = std::mem::take(&mut self.bytes);
        let mut buf = if text.capacity() > bytes.capacity() {
            text
        } else {
            bytes
        };
        buf.clear();
        self.ends.clear();
        buf
    }
}

/// The csv crate's parser with its defaults but the separator, told that
/// reading has begun: it would otherwise take a byte order mark off the
/// first record it sees, even after blank lines ([`Records`] takes the
/// marks off itself).
fn parser(separator: u8) -> csv_core::Reader {
    let mut core = csv_core::ReaderBuilder::new().delimiter(separator).build();
    // A blank line, which it skips: nothing parsed, nothing put out.
    let _ = core.read_record(b"\n", &mut [0], &mut [0]);
    core
}

/// A CSV input read record by record.
pub(crate) struct Records<R> {
    input: R,
    buf: Vec<u8>,
    /// The unread bytes are `buf[start..end]`.
    start: usize,
    end: usize,
    eof: bool,
    /// The byte order mark was looked for.
    begun: bool,
    core: csv_core::Reader,
    /// Line of `buf[start]`, 1-based: line breaks counted so far.
    line: u64,
    /// The previous record: (row, line, line breaks inside its cells).
    last: Option<(usize, u64, u64)>,
    /// The separator asked for; once the first record is read, the one used.
    separator: Separator,
}

impl<R: Read> Records<R> {
    /// Records separated by `separator` (found from the first line when
    /// it is [`Separator::Sniff`]).
    pub fn new(input: R, separator: Separator) -> Self {
        Self {
            input,
            buf: vec![0; CHUNK],
            start: 0,
            end: 0,
            eof: false,
            begun: false,
            core: parser(match separator {
                Separator::Given(b) => b,
                Separator::Sniff => b',',
            }),
            line: 1,
            last: None,
            separator,
        }
    }

    /// The separator of the cells: the one given, or, once the first record
    /// is read, the one found.
    pub fn separator(&self) -> u8 {
        match self.separator {
            Separator::Given(b) => b,
            Separator::Sniff => b',',
        }
    }

    /// Chooses the separator before the first record: the one given, or
    /// the one of `,`, `;` and tab that the first line (as far as it is
    /// read) holds most of outside quotes; a comma when it holds none.
    fn choose_separator(&mut self) -> std::io::Result<()> {
        // The first line whole, as far as the buffer holds it.
        self.buf.copy_within(self.start..self.end, 0);
        self.end -= self.start;
        self.start = 0;
        while !self.eof && self.end < self.buf.len() && !self.buf[..self.end].contains(&b'\n') {
            match self.input.read(&mut self.buf[self.end..]) {
                Ok(0) => self.eof = true,
                Ok(n) => self.end += n,
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        let unread = &self.buf[..self.end];
        let line = unread
            .iter()
            .position(|&b| b == b'\n')
            .map_or(unread, |n| &unread[..n]);
        let chosen = sniff(line);
        self.separator = Separator::Given(chosen);
        self.core = parser(chosen);
        Ok(())
    }

    /// Reads more input once the unread bytes are used up; false at the end.
    fn fill(&mut self) -> std::io::Result<bool> {
        if self.start < self.end {
            return Ok(true);
        }
        while !self.eof {
            match self.input.read(&mut self.buf) {
                Ok(0) => self.eof = true,
                Ok(n) => {
                    self.start = 0;
                    self.end = n;
                    return Ok(true);
                }
                Err(e) if e.kind() == ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(false)
    }

    /// Skips the byte order mark at the very start (Excel's "CSV UTF-8"),
    /// and a second one right after it, as the whole-text reader did (it
    /// took one off, then the parser the next). No other is skipped.
    fn skip_bom(&mut self) -> std::io::Result<()> {
        self.begun = true;
        for _ in 0..2 {
            // A read may bring fewer than three bytes.
            while self.end - self.start < BOM.len() && !self.eof {
                match self.input.read(&mut self.buf[self.end..]) {
                    Ok(0) => self.eof = true,
                    Ok(n) => self.end += n,
                    Err(e) if e.kind() == ErrorKind::Interrupted => {}
                    Err(e) => return Err(e),
                }
            }
            if !self.buf[self.start..self.end].starts_with(BOM) {
                break;
            }
            self.start += BOM.len();
        }
        Ok(())
    }

    /// The row a record starting on `line` is, after the previous one.
    fn row_at(&self, line: u64) -> RowRef {
        let row = match self.last {
            None => usize::try_from(line).unwrap_or(1),
            Some((row, prev_line, inside)) => {
                let gap = line.saturating_sub(prev_line).saturating_sub(inside).max(1);
                row + usize::try_from(gap).unwrap_or(1)
            }
        };
        RowRef { row, line }
    }

    /// Reads the next record into `record` (its cells not yet decoded);
    /// `None` at the end of the input.
    pub fn next(&mut self, record: &mut Record) -> Result<Option<RowRef>, ReadError> {
        let failed = |at: RowRef, e: &std::io::Error| ReadError::Csv {
            at,
            message: e.to_string(),
        };
        if !self.begun {
            self.skip_bom()
                .map_err(|e| failed(RowRef { row: 1, line: 1 }, &e))?;
        }
        // Blank lines are no record: skipped here, as the parser would, so
        // that the record's line is the line of its first cell.
        loop {
            if !self
                .fill()
                .map_err(|e| failed(self.row_at(self.line), &e))?
            {
                return Ok(None);
            }
            match self.buf[self.start] {
                b'\n' => self.line += 1,
                b'\r' => {}
                _ => break,
            }
            self.start += 1;
        }
        if matches!(self.separator, Separator::Sniff) {
            self.choose_separator()
                .map_err(|e| failed(self.row_at(self.line), &e))?;
        }
        let at = self.row_at(self.line);
        let mut out = record.clear();
        out.resize(out.capacity().max(256), 0);
        record.ends.resize(record.ends.capacity().max(16), 0);
        let (mut outlen, mut endlen) = (0, 0);
        loop {
            let more = self.fill().map_err(|e| failed(at, &e))?;
            let input = if more {
                &self.buf[self.start..self.end]
            } else {
                &[][..]
            };
            let (res, nin, nout, nend) =
                self.core
                    .read_record(input, &mut out[outlen..], &mut record.ends[endlen..]);
            self.line += input[..nin].iter().filter(|&&b| b == b'\n').count() as u64;
            self.start += nin;
            outlen += nout;
            endlen += nend;
            match res {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => out.resize(out.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => {
                    record.ends.resize(record.ends.len() * 2, 0);
                }
                ReadRecordResult::Record => break,
                ReadRecordResult::End => {
                    record.bytes = out;
                    return Ok(None);
                }
            }
        }
        out.truncate(outlen);
        record.ends.truncate(endlen);
        let inside = out.iter().filter(|&&b| b == b'\n').count() as u64;
        record.bytes = out;
        self.last = Some((at.row, at.line, inside));
        Ok(Some(at))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Rows as the import located them before it read record by record:
    /// the csv crate's reader over the whole text, lines counted in it.
    fn whole_text(bytes: &[u8]) -> Vec<(RowRef, Vec<Vec<u8>>)> {
        let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(bytes);
        let line_of = |byte: u64| -> u64 {
            let mut end = usize::try_from(byte).unwrap_or(usize::MAX).min(bytes.len());
            while matches!(bytes.get(end), Some(b'\n' | b'\r')) {
                end += 1;
            }
            1 + bytes[..end].iter().filter(|&&b| b == b'\n').count() as u64
        };
        let mut out = Vec::new();
        let mut last: Option<(usize, u64, u64)> = None;
        for record in reader.byte_records() {
            let Ok(record) = record else { break };
            let line = line_of(record.position().map_or(0, csv::Position::byte));
            let row = match last {
                None => usize::try_from(line).unwrap_or(1),
                Some((row, prev_line, inside)) => {
                    let gap = line.saturating_sub(prev_line).saturating_sub(inside).max(1);
                    row + usize::try_from(gap).unwrap_or(1)
                }
            };
            let inside = record
                .iter()
                .map(|f| f.iter().filter(|&&b| b == b'\n').count() as u64)
                .sum();
            last = Some((row, line, inside));
            out.push((
                RowRef { row, line },
                record.iter().map(<[u8]>::to_vec).collect(),
            ));
        }
        out
    }

    /// Reads `bytes` handing the reader `piece` bytes at a time.
    fn record_by_record(bytes: &[u8], piece: usize) -> Vec<(RowRef, Vec<Vec<u8>>)> {
        struct Pieces<'a>(&'a [u8], usize);
        impl Read for Pieces<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.len().min(self.1).min(buf.len());
                buf[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let mut records = Records::new(Pieces(bytes, piece), Separator::Given(b','));
        let mut record = Record::default();
        let mut out = Vec::new();
        while let Ok(Some(at)) = records.next(&mut record) {
            let cells = (0..record.len())
                .map(|i| {
                    let (s, e) = record.span(i).unwrap_or_default();
                    record.bytes[s..e].to_vec()
                })
                .collect();
            out.push((at, cells));
        }
        out
    }

    #[test]
    fn blank_lines_line_ends_and_quoted_breaks_are_located_as_before() {
        let cases: [&[u8]; 8] = [
            b"\xEF\xBB\xBFa,b\n1,\"x\ny\"\n\n2,z\n3\n",
            b"a,b\r\n\r\n1,2\r\n",
            b"\n\n\na\r\r\rb\n",
            b"a,\"b\n",
            b"a,\"b\"\"\n\nc\"\n\nd\n",
            b"",
            b"\xEF\xBB",
            b"x\r\n\n\r\ny,\"\r\n\"\r\n",
        ];
        for bytes in cases {
            for piece in [1, 2, 7, CHUNK] {
                assert_eq!(
                    record_by_record(bytes, piece),
                    whole_text(bytes),
                    "{:?} in pieces of {piece}",
                    String::from_utf8_lossy(bytes)
                );
            }
        }
    }

    proptest! {
        #[test]
        fn any_text_is_located_as_the_whole_text_reader_located_it(
            bytes in proptest::collection::vec(
                prop_oneof![
                    Just(b'\n'), Just(b'\r'), Just(b'"'), Just(b','), Just(b'a'), Just(0xEF),
                    Just(0xBB), Just(0xBF), any::<u8>(),
                ],
                0..120,
            ),
            piece in 1usize..9,
        ) {
            prop_assert_eq!(record_by_record(&bytes, piece), whole_text(&bytes));
        }
    }
}
