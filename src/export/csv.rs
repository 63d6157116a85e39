//! Tidy CSV: one row per rating, the format `loopshop import` reads back.
//!
//! Header: `session,round,participant,role,stage,dimension,value,comment,recorded_at,entered_by`.
//! `value` is empty for "don't know"; `recorded_at` is RFC 3339 in UTC;
//! `entered_by` is `facilitator`, `device`, `import` or `unknown`.
//! Rows are sorted by round, participant (session order), stage and dimension
//! (template order). Participants are named by alias, or by id when the
//! session is anonymous.

use std::fmt::Write as _;

use chrono::{DateTime, Datelike as _, SecondsFormat, Timelike as _, Utc};

use super::ExportError;
use crate::domain::{Positions, Score, Session, guard_formula};

/// The tidy CSV columns, in order.
pub const HEADER: [&str; 10] = [
    "session",
    "round",
    "participant",
    "role",
    "stage",
    "dimension",
    "value",
    "comment",
    "recorded_at",
    "entered_by",
];

/// The tidy CSV text of every rating in `session`.
///
/// # Errors
/// Only if the CSV writer fails, which writing to memory does not in practice.
pub fn render(session: &Session) -> Result<String, ExportError> {
    let title = session.title.as_str();
    render_labelled(session, None, |_, _| title)
}

/// The tidy CSV of what is exported: for pooled sessions, each row's
/// `session` cell holds the title of the session the rating came from
/// (its file name when two titles are equal); with exactly round N, only
/// that round's rows (every round otherwise: the raw data).
///
/// # Errors
/// As [`render`].
pub fn render_subject(
    subject: super::Subject<'_>,
    round: crate::analysis::RoundChoice,
) -> Result<String, ExportError> {
    let only = match round {
        crate::analysis::RoundChoice::Exactly(n) => Some(n),
        crate::analysis::RoundChoice::Latest => None,
    };
    let fallback = subject.session.title.as_str();
    match subject.pool {
        Some(pool) => render_labelled(subject.session, only, |sheet, entry| {
            pool.origin(sheet, entry).unwrap_or(fallback)
        }),
        None => render_labelled(subject.session, only, |_, _| fallback),
    }
}

/// The tidy CSV with each row's `session` cell from `label(sheet, entry)`.
///
/// Built per sheet (a participant's round): its participant's cells are
/// written once, its entries sorted by template position, and no row
/// allocates, since a 2,000-participant session has 90,000 rows.
fn render_labelled<'a>(
    session: &'a Session,
    only: Option<u32>,
    label: impl Fn(usize, usize) -> &'a str,
) -> Result<String, ExportError> {
    let mut w = ::csv::WriterBuilder::new()
        .from_writer(Vec::with_capacity(96 * (session.rating_count() + 1)));
    let err = |e: ::csv::Error| ExportError::Csv(e.to_string());
    w.write_record(HEADER).map_err(err)?;
    let t = &session.template;
    let people = Positions::new(session.participants.iter().map(|p| p.id.as_str()));
    let stages = Positions::new(t.stages.iter().map(|s| s.id.as_str()));
    let dimensions = Positions::new(t.dimensions.iter().map(|d| d.id.as_str()));
    // Unknown ids sort last, in file order.
    let last = usize::MAX;
    let mut sheets: Vec<(u32, usize, usize)> = session
        .ratings
        .iter()
        .enumerate()
        .filter(|(_, sheet)| only.is_none_or(|n| sheet.round == n))
        .map(|(i, sheet)| {
            let person = people.find(&sheet.participant, i).unwrap_or(last);
            (sheet.round, person, i)
        })
        .collect();
    sheets.sort_unstable();
    let mut order: Vec<(usize, usize, usize)> = Vec::new();
    let mut at = String::new();
    let mut times = Times::default();
    let mut value = String::new();
    for (round, _, i) in sheets {
        let sheet = &session.ratings[i];
        let participant = session.participant(&sheet.participant);
        let name = match participant {
            Some(p) if !session.anonymous => p.alias.as_str(),
            _ => sheet.participant.as_str(),
        };
        let name = guard_formula(name);
        let role = guard_formula(participant.map_or("", |p| p.role.as_str()));
        let round = round.to_string();
        order.clear();
        let (mut stage_guess, mut dim_guess) = (0, 0);
        for (j, e) in sheet.entries.iter().enumerate() {
            let stage = stages.find(&e.stage, stage_guess).unwrap_or(last);
            let dimension = dimensions.find(&e.dimension, dim_guess).unwrap_or(last);
            stage_guess = stage;
            dim_guess = dimension.wrapping_add(1);
            order.push((stage, dimension, j));
        }
        order.sort_unstable();
        for &(_, _, j) in &order {
            let e = &sheet.entries[j];
            value.clear();
            if let Score::Value(v) = e.score {
                let _ = write!(value, "{v}");
            }
            times.write(&mut at, session.time_at(e.offset_seconds));
            // Text cells are guarded against formula injection; the import
            // takes the guard off again.
            w.write_record([
                guard_formula(label(i, j)).as_ref(),
                round.as_str(),
                &name,
                &role,
                &guard_formula(&e.stage),
                &guard_formula(&e.dimension),
                &value,
                &guard_formula(e.comment.as_deref().unwrap_or("")),
                &at,
                e.entered_by.label(),
            ])
            .map_err(err)?;
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ExportError::Csv(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| ExportError::Csv(e.to_string()))
}

/// Ratings' times in RFC 3339, UTC, as chrono's
/// `to_rfc3339_opts(AutoSi, true)` writes them: the date once per day and
/// the time of day by hand for whole seconds (every rating's time is), through
/// chrono otherwise. A big export writes 90,000 of them.
#[derive(Default)]
struct Times {
    day: Option<i64>,
    date: String,
}

impl Times {
    fn write(&mut self, out: &mut String, time: DateTime<Utc>) {
        out.clear();
        let year = time.year();
        if time.nanosecond() != 0 || !(0..=9999).contains(&year) {
            out.push_str(&time.to_rfc3339_opts(SecondsFormat::AutoSi, true));
            return;
        }
        let seconds = time.timestamp();
        let day = seconds.div_euclid(86_400);
        if self.day != Some(day) {
            self.date.clear();
            let _ = write!(
                self.date,
                "{year:04}-{:02}-{:02}T",
                time.month(),
                time.day()
            );
            self.day = Some(day);
        }
        out.push_str(&self.date);
        let of_day = u32::try_from(seconds.rem_euclid(86_400)).unwrap_or(0);
        for (i, part) in [of_day / 3600, of_day / 60 % 60, of_day % 60]
            .into_iter()
            .enumerate()
        {
            if i > 0 {
                out.push(':');
            }
            out.push(char::from_digit(part / 10, 10).unwrap_or('0'));
            out.push(char::from_digit(part % 10, 10).unwrap_or('0'));
        }
        out.push('Z');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Change, Participant, Session, default_template};
    use crate::synthetic;

    #[test]
    fn times_are_written_as_chrono_writes_them() {
        let mut out = String::new();
        let mut times = Times::default();
        let whole = synthetic::epoch();
        for time in [
            whole,
            whole + chrono::Duration::seconds(59),
            whole + chrono::Duration::hours(15) + chrono::Duration::seconds(3599),
            whole + chrono::Duration::days(1),
            whole + chrono::Duration::milliseconds(250),
            whole + chrono::Duration::days(365 * 8000),
            whole - chrono::Duration::days(365 * 1500),
            whole - chrono::Duration::days(365 * 2100),
        ] {
            times.write(&mut out, time);
            assert_eq!(out, time.to_rfc3339_opts(SecondsFormat::AutoSi, true));
        }
    }

    #[test]
    fn header_then_one_row_per_rating_with_quoting() {
        let now = synthetic::epoch();
        let mut s = Session::new("Ws, \"one\"", "F", default_template(), now);
        for (id, alias) in [("p01", "Ann"), ("p02", "Bo")] {
            let p = Participant {
                id: id.into(),
                alias: alias.into(),
                role: "industry".into(),
                organisation: String::new(),
                joined: false,
            };
            assert!(s.apply(&Change::AddParticipant(p)).is_ok());
        }
        let set = |p: &str, stage: &str, score, comment: Option<&str>| Change::SetRating {
            participant: p.into(),
            round: 1,
            stage: stage.into(),
            dimension: "maturity".into(),
            score,
            comment: comment.map(Into::into),
            at: now + chrono::Duration::seconds(90),
            entered_by: crate::domain::EnteredBy::Facilitator,
        };
        // Applied out of order: the export sorts by participant then stage.
        for c in [
            set("p02", "mining", Score::Value(2), None),
            set("p01", "recycling", Score::DontKnow, Some("a, \"b\"\nc")),
            set("p01", "exploration", Score::Value(5), None),
        ] {
            assert!(s.apply(&c).is_ok());
        }
        let text = render(&s).unwrap_or_default();
        assert_eq!(
            text,
            "session,round,participant,role,stage,dimension,value,comment,recorded_at,entered_by\n\
             \"Ws, \"\"one\"\"\",1,Ann,industry,exploration,maturity,5,,2026-03-12T09:01:30Z,facilitator\n\
             \"Ws, \"\"one\"\"\",1,Ann,industry,recycling,maturity,,\"a, \"\"b\"\"\nc\",2026-03-12T09:01:30Z,facilitator\n\
             \"Ws, \"\"one\"\"\",1,Bo,industry,mining,maturity,2,,2026-03-12T09:01:30Z,facilitator\n"
        );
        s.anonymous = true;
        let text = render(&s).unwrap_or_default();
        assert!(text.contains(",1,p02,industry,mining,"), "{text}");
    }
}
