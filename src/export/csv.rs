//! Tidy CSV: one row per rating, the format `loopshop import` reads back.
//!
//! Header: `session,round,participant,role,stage,dimension,value,comment,recorded_at,entered_by`.
//! `value` is empty for "don't know"; `recorded_at` is RFC 3339 in UTC;
//! `entered_by` is `facilitator`, `device`, `import` or `unknown`.
//! Rows are sorted by round, participant (session order), stage and dimension
//! (template order). Participants are named by alias, or by id when the
//! session is anonymous.

use std::collections::HashMap;

use chrono::SecondsFormat;

use super::ExportError;
use crate::domain::{Score, Session, guard_formula};

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
fn render_labelled<'a>(
    session: &'a Session,
    only: Option<u32>,
    label: impl Fn(usize, usize) -> &'a str,
) -> Result<String, ExportError> {
    let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let err = |e: ::csv::Error| ExportError::Csv(e.to_string());
    w.write_record(HEADER).map_err(err)?;
    let t = &session.template;
    let index = |found: Option<usize>| found.unwrap_or(usize::MAX);
    // Positions looked up once, not per comparison of the sort.
    let people: HashMap<&str, usize> = session
        .participants
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i))
        .collect();
    let stages: HashMap<&str, usize> = t
        .stages
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let dimensions: HashMap<&str, usize> = t
        .dimensions
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    let mut rows: Vec<_> = session
        .ratings_indexed()
        .filter(|(_, _, r)| only.is_none_or(|n| r.round == n))
        .collect();
    rows.sort_by_cached_key(|(_, _, r)| {
        (
            r.round,
            index(people.get(r.participant).copied()),
            index(stages.get(r.stage).copied()),
            index(dimensions.get(r.dimension).copied()),
        )
    });
    for (sheet, entry, r) in rows {
        let title = guard_formula(label(sheet, entry));
        let participant = session.participant(r.participant);
        let name = match participant {
            Some(p) if !session.anonymous => p.alias.as_str(),
            _ => r.participant,
        };
        let role = participant.map_or("", |p| p.role.as_str());
        let value = match r.score {
            Score::Value(v) => v.to_string(),
            Score::DontKnow => String::new(),
        };
        let round = r.round.to_string();
        let at = r.recorded_at.to_rfc3339_opts(SecondsFormat::AutoSi, true);
        // Text cells are guarded against formula injection; the import
        // takes the guard off again.
        w.write_record([
            &title,
            round.as_str(),
            &guard_formula(name),
            &guard_formula(role),
            &guard_formula(r.stage),
            &guard_formula(r.dimension),
            &value,
            &guard_formula(r.comment.unwrap_or("")),
            &at,
            r.entered_by.label(),
        ])
        .map_err(err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| ExportError::Csv(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| ExportError::Csv(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Change, Participant, Session, default_template};
    use crate::synthetic;

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
