//! The on-disk shape of a [`RatingSheet`]: one readable, diffable line per
//! run of entries on the same stage, instead of one tuple per rating. A sheet
//! of 45 ratings becomes 9 short lines, and files parse several times faster.
//!
//! ```text
//! (
//!   participant: "p01",
//!   round: 1,
//!   entries: [
//!     "mining: circularity_impact=2@3625 carbon_footprint=4@3630 maturity=?@3700*",
//!   ],
//!   comments: [("mining", "maturity", "Depends on the ore grade")],
//! )
//! ```
//!
//! A line is `stage: dimension=score@seconds ...` where `score` is a number
//! or `?` ("don't know"), `seconds` the offset from the session's creation,
//! then who entered it (`/f` the facilitator, `/d` a participant's device,
//! `/i` an import; nothing for "unknown", as in files before schema 2), and a
//! trailing `*` marks a rating with a comment. Comments live in
//! `comments`, in the order of the marked ratings, as ordinary RON strings,
//! so any text round-trips. Ids containing a space or one of `:=@*%` (or a
//! control character) are written with `%XX` escapes. Entry order is kept
//! exactly: a new line starts whenever the stage changes.

use std::fmt::{self, Write as _};

use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::id::{Id, Ids};
use super::session::{EnteredBy, RatingEntry, RatingSheet, Score};

const FIELDS: &[&str] = &["participant", "round", "entries", "comments"];

impl Serialize for RatingSheet {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let lines = sheet_lines(&self.entries);
        let comments: Vec<(&str, &str, &str)> = self
            .entries
            .iter()
            .filter_map(|e| {
                e.comment
                    .as_deref()
                    .map(|c| (e.stage.as_str(), e.dimension.as_str(), c))
            })
            .collect();
        let fields = if comments.is_empty() { 3 } else { 4 };
        let mut s = serializer.serialize_struct("RatingSheet", fields)?;
        s.serialize_field("participant", &self.participant)?;
        s.serialize_field("round", &self.round)?;
        s.serialize_field("entries", &lines)?;
        if comments.is_empty() {
            s.skip_field("comments")?;
        } else {
            s.serialize_field("comments", &comments)?;
        }
        s.end()
    }
}

/// The lines of a sheet, one per run of entries on the same stage.
fn sheet_lines(entries: &[RatingEntry]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current: Option<&str> = None;
    for e in entries {
        if current != Some(e.stage.as_str()) {
            let mut line = String::with_capacity(160);
            push_id(&mut line, &e.stage);
            line.push(':');
            lines.push(line);
            current = Some(e.stage.as_str());
        }
        if let Some(line) = lines.last_mut() {
            line.push(' ');
            push_id(line, &e.dimension);
            line.push('=');
            match e.score {
                Score::Value(v) => {
                    let _ = write!(line, "{v}");
                }
                Score::DontKnow => line.push('?'),
            }
            let _ = write!(line, "@{}", e.offset_seconds);
            if let Some(mark) = source_mark(e.entered_by) {
                line.push('/');
                line.push(mark);
            }
            if e.comment.is_some() {
                line.push('*');
            }
        }
    }
    lines
}

/// The letter after `/` that says who entered a rating; none for unknown.
fn source_mark(by: EnteredBy) -> Option<char> {
    match by {
        EnteredBy::Unknown => None,
        EnteredBy::Facilitator => Some('f'),
        EnteredBy::Device => Some('d'),
        EnteredBy::Import => Some('i'),
    }
}

fn source_of_mark(mark: &str) -> Option<EnteredBy> {
    match mark {
        "f" => Some(EnteredBy::Facilitator),
        "d" => Some(EnteredBy::Device),
        "i" => Some(EnteredBy::Import),
        _ => None,
    }
}

fn needs_escape(c: char) -> bool {
    matches!(c, ' ' | ':' | '=' | '@' | '*' | '%') || c.is_control() || c.is_whitespace()
}

fn push_id(out: &mut String, id: &str) {
    if !id.chars().any(needs_escape) {
        out.push_str(id);
        return;
    }
    let mut buf = [0u8; 4];
    for c in id.chars() {
        if needs_escape(c) {
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        } else {
            out.push(c);
        }
    }
}

fn decode_id(raw: &str) -> Result<String, String> {
    if !raw.contains('%') {
        return Ok(raw.to_owned());
    }
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = raw
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or_else(|| format!("bad %-escape in '{raw}'"))?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("%-escapes in '{raw}' are not UTF-8"))
}

/// Parses one line into `out`; indices of entries marked `*` go to `marked`.
fn parse_line(
    line: &str,
    out: &mut Vec<RatingEntry>,
    marked: &mut Vec<usize>,
    ids: &mut Ids,
) -> Result<(), String> {
    let (stage, rest) = line
        .split_once(':')
        .ok_or_else(|| format!("rating line '{line}' does not start with 'stage:'"))?;
    let stage = ids.get(&decode_id(stage.trim())?);
    // Byte scanning: tokens are short, and this is most of a big load.
    let bytes = rest.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let end = bytes[start..]
            .iter()
            .position(|&b| b == b' ')
            .map_or(bytes.len(), |n| start + n);
        if end > start {
            parse_token(&rest[start..end], &stage, out, marked, ids)?;
        }
        start = end + 1;
    }
    Ok(())
}

/// One `dimension=score@seconds[*]`.
fn parse_token(
    token: &str,
    stage: &Id,
    out: &mut Vec<RatingEntry>,
    marked: &mut Vec<usize>,
    ids: &mut Ids,
) -> Result<(), String> {
    let bad = || {
        format!(
            "rating '{token}' on stage '{stage}' is not dimension=score@seconds[/f|/d|/i] \
             (score a number or ?)"
        )
    };
    let b = token.as_bytes();
    let eq = b.iter().position(|&c| c == b'=').ok_or_else(bad)?;
    let at = b[eq + 1..]
        .iter()
        .position(|&c| c == b'@')
        .ok_or_else(bad)?
        + eq
        + 1;
    let commented = b.last() == Some(&b'*');
    let score = &token[eq + 1..at];
    let tail = &token[at + 1..token.len() - usize::from(commented)];
    let (offset, entered_by) = match tail.split_once('/') {
        Some((offset, mark)) => (offset, source_of_mark(mark).ok_or_else(bad)?),
        None => (tail, EnteredBy::Unknown),
    };
    let score = if score == "?" {
        Score::DontKnow
    } else {
        Score::Value(score.parse().map_err(|_| bad())?)
    };
    let offset: i64 = offset.parse().map_err(|_| bad())?;
    if commented {
        marked.push(out.len());
    }
    let dimension = &token[..eq];
    let dimension = if dimension.contains('%') {
        ids.get(&decode_id(dimension)?)
    } else {
        ids.get(dimension)
    };
    out.push(RatingEntry {
        stage: stage.clone(),
        dimension,
        score,
        offset_seconds: offset,
        comment: None,
        entered_by,
    });
    Ok(())
}

impl<'de> Deserialize<'de> for RatingSheet {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("RatingSheet", FIELDS, SheetVisitor)
    }
}

/// The fields of a sheet; any other is refused, as everywhere in a session
/// file, so that nothing a newer loopshop wrote is dropped on the next save.
#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
#[derive(Clone, Copy)]
enum Field {
    Participant,
    Round,
    Entries,
    Comments,
}

thread_local! {
    /// The ids of the sheets read on this thread (see [`Ids`]).
    static IDS: std::cell::RefCell<Ids> = std::cell::RefCell::new(Ids::default());
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Vec<RatingEntry>> = const { std::cell::RefCell::new(Vec::new()) };
}

thread_local! {
    static EARLIER_FORM: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f` with rating sheets also accepted in the earlier form (one
/// `(stage, dimension, score, seconds, comment)` tuple per rating), for
/// files written before the compact form. A little slower, so it is only a
/// fallback when the fast parse fails.
pub fn with_earlier_rating_form<T>(f: impl FnOnce() -> T) -> T {
    let before = EARLIER_FORM.replace(true);
    let out = f();
    EARLIER_FORM.set(before);
    out
}

struct SheetVisitor;

impl<'de> Visitor<'de> for SheetVisitor {
    type Value = RatingSheet;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a rating sheet (participant, round, entries)")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RatingSheet, A::Error> {
        let mut participant: Option<String> = None;
        let mut round: Option<u32> = None;
        let mut entries: Option<Vec<RatingEntry>> = None;
        let mut marked = Vec::new();
        // Ids, each allocated once (not once a rating), shared by every
        // sheet read on this thread.
        let mut ids = IDS.with_borrow_mut(std::mem::take);
        let mut comments: Vec<(String, String, String)> = Vec::new();
        let mut comments_seen = false;
        while let Some(key) = map.next_key::<Field>()? {
            // A field given twice would mix two lists of marked ratings.
            let twice = match key {
                Field::Participant => participant.is_some(),
                Field::Round => round.is_some(),
                Field::Entries => entries.is_some(),
                Field::Comments => std::mem::replace(&mut comments_seen, true),
            };
            if twice {
                return Err(de::Error::duplicate_field(FIELDS[key as usize]));
            }
            match key {
                Field::Participant => participant = Some(map.next_value()?),
                Field::Round => round = Some(map.next_value()?),
                Field::Entries => {
                    // Parse into a reused buffer, then allocate the sheet's
                    // entries once at their exact size: big sessions touch
                    // less memory (page faults are much of a cold load).
                    let mut scratch = SCRATCH.with_borrow_mut(std::mem::take);
                    scratch.clear();
                    let parsed = map.next_value_seed(LinesSeed {
                        out: &mut scratch,
                        marked: &mut marked,
                        ids: &mut ids,
                    });
                    let mut exact = Vec::with_capacity(scratch.len());
                    exact.append(&mut scratch);
                    SCRATCH.with_borrow_mut(|s| *s = scratch);
                    parsed?;
                    entries = Some(exact);
                }
                Field::Comments => comments = map.next_value()?,
            }
        }
        IDS.with_borrow_mut(|kept| *kept = ids);
        let participant = participant.ok_or_else(|| de::Error::missing_field("participant"))?;
        let round = round.ok_or_else(|| de::Error::missing_field("round"))?;
        let mut entries = entries.ok_or_else(|| de::Error::missing_field("entries"))?;
        if comments.len() != marked.len() {
            return Err(de::Error::custom(format!(
                "sheet of '{participant}' round {round}: {} ratings are marked * but {} comments are given",
                marked.len(),
                comments.len()
            )));
        }
        for (index, (stage, dimension, text)) in marked.into_iter().zip(comments) {
            let Some(entry) = entries.get_mut(index) else {
                return Err(de::Error::custom(format!(
                    "sheet of '{participant}' round {round}: a comment has no rating"
                )));
            };
            if entry.stage != stage || entry.dimension != dimension {
                return Err(de::Error::custom(format!(
                    "sheet of '{participant}' round {round}: comment for {stage}/{dimension} \
                     does not match the marked rating {}/{}",
                    entry.stage, entry.dimension
                )));
            }
            entry.comment = Some(text);
        }
        Ok(RatingSheet {
            participant,
            round,
            entries,
        })
    }
}

struct LinesSeed<'a> {
    out: &'a mut Vec<RatingEntry>,
    marked: &'a mut Vec<usize>,
    ids: &'a mut Ids,
}

impl<'de> DeserializeSeed<'de> for LinesSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for LinesSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of rating lines \"stage: dimension=score@seconds ...\"")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        while seq
            .next_element_seed(LineSeed {
                out: &mut *self.out,
                marked: &mut *self.marked,
                ids: &mut *self.ids,
            })?
            .is_some()
        {}
        Ok(())
    }
}

struct LineSeed<'a> {
    out: &'a mut Vec<RatingEntry>,
    marked: &'a mut Vec<usize>,
    ids: &'a mut Ids,
}

impl<'de> DeserializeSeed<'de> for LineSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if EARLIER_FORM.get() {
            deserializer.deserialize_any(self)
        } else {
            // Measurably faster than `any`: the common case.
            deserializer.deserialize_str(self)
        }
    }
}

impl<'de> Visitor<'de> for LineSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a rating line \"stage: dimension=score@seconds ...\"")
    }

    fn visit_str<E: de::Error>(self, line: &str) -> Result<(), E> {
        parse_line(line, self.out, self.marked, self.ids).map_err(E::custom)
    }

    /// The earlier form: `(stage, dimension, score, seconds, comment)`.
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let missing = || {
            de::Error::custom("a rating tuple needs (stage, dimension, score, seconds, comment)")
        };
        let stage: String = seq.next_element()?.ok_or_else(missing)?;
        let dimension: String = seq.next_element()?.ok_or_else(missing)?;
        let score: Score = seq.next_element()?.ok_or_else(missing)?;
        let offset: i64 = seq.next_element()?.ok_or_else(missing)?;
        let comment: Option<String> = seq.next_element()?.ok_or_else(missing)?;
        if seq.next_element::<IgnoredAny>()?.is_some() {
            return Err(de::Error::custom("a rating tuple has five parts"));
        }
        self.out.push(RatingEntry {
            stage: self.ids.get(&stage),
            dimension: self.ids.get(&dimension),
            score,
            offset_seconds: offset,
            comment,
            entered_by: EnteredBy::Unknown,
        });
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sheet(entries: Vec<RatingEntry>) -> RatingSheet {
        RatingSheet {
            participant: "p01".to_owned(),
            round: 2,
            entries,
        }
    }

    fn entry(s: &str, d: &str, score: Score, at: i64, c: Option<&str>) -> RatingEntry {
        RatingEntry {
            stage: s.into(),
            dimension: d.into(),
            score,
            offset_seconds: at,
            comment: c.map(str::to_owned),
            entered_by: EnteredBy::Unknown,
        }
    }

    #[test]
    fn who_entered_a_rating_round_trips_and_unknown_writes_nothing() {
        let mut entries: Vec<RatingEntry> = EnteredBy::ALL
            .into_iter()
            .map(|by| RatingEntry {
                entered_by: by,
                ..entry("mining", by.label(), Score::Value(2), 7, Some("c"))
            })
            .collect();
        entries.push(entry("use", "a/b", Score::DontKnow, 1, None));
        let s = sheet(entries);
        assert_eq!(
            sheet_lines(&s.entries),
            vec![
                "mining: unknown=2@7* facilitator=2@7/f* device=2@7/d* import=2@7/i*",
                "use: a/b=?@1",
            ]
        );
        assert_eq!(round_trip(&s), s);
        let bad = r#"(participant: "p", round: 1, entries: ["mining: maturity=3@1/x"])"#;
        assert!(ron::from_str::<RatingSheet>(bad).is_err());
    }

    fn round_trip(s: &RatingSheet) -> RatingSheet {
        let text = ron::to_string(s).expect("serialize");
        ron::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
    }

    #[test]
    fn lines_group_runs_of_a_stage_and_keep_order() {
        let s = sheet(vec![
            entry("mining", "maturity", Score::Value(3), 10, None),
            entry("mining", "carbon_footprint", Score::DontKnow, -4, None),
            entry("use", "maturity", Score::Value(5), 99, None),
            entry("mining", "circularity_impact", Score::Value(1), 0, None),
        ]);
        assert_eq!(
            sheet_lines(&s.entries),
            vec![
                "mining: maturity=3@10 carbon_footprint=?@-4",
                "use: maturity=5@99",
                "mining: circularity_impact=1@0",
            ]
        );
        assert_eq!(round_trip(&s), s);
    }

    #[test]
    fn comments_and_odd_ids_round_trip() {
        let s = sheet(vec![
            entry(
                "a b:c",
                "x=y@z*%",
                Score::Value(0),
                1,
                Some("he said \"=@*\"\n ok"),
            ),
            entry("a b:c", "plain", Score::Value(255), i64::MIN, Some("")),
            entry("ünï\tcode", "", Score::DontKnow, i64::MAX, None),
        ]);
        let text = ron::to_string(&s).expect("serialize");
        assert!(text.contains("a%20b%3Ac: x%3Dy%40z%2A%25=0@1*"), "{text}");
        assert_eq!(round_trip(&s), s);
    }

    #[test]
    fn the_earlier_tuple_form_still_loads() {
        let old = r#"(participant: "p01", round: 2, entries: [
            ("mining", "maturity", Value(3), 10, None),
            ("use", "carbon_footprint", DontKnow, -4, Some("a \"b\"")),
        ])"#;
        assert!(ron::from_str::<RatingSheet>(old).is_err(), "not by default");
        let s: RatingSheet = with_earlier_rating_form(|| ron::from_str(old)).expect("old form");
        assert_eq!(
            s,
            sheet(vec![
                entry("mining", "maturity", Score::Value(3), 10, None),
                entry(
                    "use",
                    "carbon_footprint",
                    Score::DontKnow,
                    -4,
                    Some("a \"b\"")
                ),
            ])
        );
        assert!(
            ron::from_str::<RatingSheet>(
                r#"(participant: "p", round: 1, entries: [("mining", "maturity", Value(3), 10)])"#
            )
            .is_err()
        );
    }

    proptest::proptest! {
        #[test]
        fn any_line_parses_or_errs_without_panicking(
            line in "[a-z:=@*%? 0-9-]{0,40}|\\PC{0,40}"
        ) {
            let mut out = Vec::new();
            let mut marked = Vec::new();
            let _ = parse_line(&line, &mut out, &mut marked, &mut Ids::default());
            proptest::prop_assert!(marked.iter().all(|&i| i < out.len()));
        }
    }

    #[test]
    fn malformed_lines_are_errors() {
        for bad in [
            r#"(participant: "p", round: 1, entries: ["mining maturity=3@1"])"#,
            r#"(participant: "p", round: 1, entries: ["mining: maturity3@1"])"#,
            r#"(participant: "p", round: 1, entries: ["mining: maturity=x@1"])"#,
            r#"(participant: "p", round: 1, entries: ["mining: maturity=3@"])"#,
            r#"(participant: "p", round: 1, entries: ["mining: maturity=300@1"])"#,
            r#"(participant: "p", round: 1, entries: ["mining: maturity=3@1*"])"#,
            r#"(participant: "p", round: 1, entries: ["mining: m%ZZ=3@1"])"#,
            r#"(participant: "p", round: 1, entries: ["mining: maturity=3@1*"], comments: [("use", "maturity", "x")])"#,
            r#"(participant: "p", round: 1)"#,
        ] {
            assert!(ron::from_str::<RatingSheet>(bad).is_err(), "accepted {bad}");
        }
    }
}
