//! Tidy CSV: one row per rating, the format `loopshop import` reads back.
//!
//! Header: `session,round,participant,role,stage,dimension,value,comment,recorded_at,entered_by`.
//! `value` is empty for "don't know"; `recorded_at` is RFC 3339 in UTC;
//! `entered_by` is `facilitator`, `device`, `import` or `unknown`.
//! Rows are sorted by round, participant (session order), stage and dimension
//! (template order). Participants are named by alias, or by id when the
//! session is anonymous.

use chrono::SecondsFormat;

use super::ExportError;
use crate::domain::{Score, Session};

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
    let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let err = |e: ::csv::Error| ExportError::Csv(e.to_string());
    w.write_record(HEADER).map_err(err)?;
    let t = &session.template;
    let index = |found: Option<usize>| found.unwrap_or(usize::MAX);
    let mut rows: Vec<_> = session.ratings_iter().collect();
    rows.sort_by_key(|r| {
        (
            r.round,
            index(
                session
                    .participants
                    .iter()
                    .position(|p| p.id == r.participant),
            ),
            index(t.stage_index(r.stage)),
            index(t.dimension_index(r.dimension)),
        )
    });
    for r in rows {
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
        w.write_record([
            session.title.as_str(),
            &round,
            name,
            role,
            r.stage,
            r.dimension,
            &value,
            r.comment.unwrap_or(""),
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
