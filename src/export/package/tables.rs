//! The package's CSV files, one function per table of [`super::schema`],
//! written from the pseudonymised sessions and the report's statistics.

use std::collections::HashMap;

use chrono::SecondsFormat;

use super::Input;
use crate::analysis::{RoundChoice, kendall_test};
use crate::domain::{Score, Session};
use crate::export::ExportError;
use crate::export::summary_csv::full_number;

/// A CSV being written.
struct Csv(::csv::Writer<Vec<u8>>);

impl Csv {
    fn new(header: &[&str]) -> Result<Self, ExportError> {
        let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
        w.write_record(header).map_err(csv_error)?;
        Ok(Self(w))
    }

    fn row<I, T>(&mut self, cells: I) -> Result<(), ExportError>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.0.write_record(cells).map_err(csv_error)
    }

    fn finish(self) -> Result<String, ExportError> {
        let bytes = self
            .0
            .into_inner()
            .map_err(|e| ExportError::Csv(e.to_string()))?;
        String::from_utf8(bytes).map_err(|e| ExportError::Csv(e.to_string()))
    }
}

#[expect(
    clippy::needless_pass_by_value,
    reason = "the csv crate's error, as map_err gives it"
)]
fn csv_error(e: ::csv::Error) -> ExportError {
    ExportError::Csv(e.to_string())
}

fn time(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn yes(b: bool) -> &'static str {
    if b { "true" } else { "false" }
}

fn opt(x: Option<f64>) -> String {
    x.map(full_number).unwrap_or_default()
}

/// Whether the package holds round `round` of `session`: a blind round
/// never revealed stays out (as in every report), and `--round N` keeps
/// round N only.
#[must_use]
pub fn included(session: &Session, round: u32, choice: RoundChoice) -> bool {
    let shown = session
        .round(round)
        .is_none_or(crate::domain::Round::aggregate_visible);
    shown
        && match choice {
            RoundChoice::Latest => true,
            RoundChoice::Exactly(n) => n == round,
        }
}

/// `ratings.csv`: one row per rating of a template cell, sorted by
/// session, round, participant, stage and dimension.
pub(super) fn ratings(input: &Input<'_>) -> Result<String, ExportError> {
    let mut w = Csv::new(&crate::export::csv::HEADER)?;
    for (letter, s) in input.parts() {
        let t = &s.template;
        let people: HashMap<&str, usize> = s
            .participants
            .iter()
            .enumerate()
            .map(|(i, p)| (p.id.as_str(), i))
            .collect();
        let mut rows: Vec<_> = s
            .ratings_indexed()
            .map(|(_, _, r)| r)
            .filter(|r| included(s, r.round, input.opts.round))
            .filter_map(|r| Some((t.stage_index(r.stage)?, t.dimension_index(r.dimension)?, r)))
            .collect();
        rows.sort_by_key(|(stage, dim, r)| {
            (
                r.round,
                people.get(r.participant).copied().unwrap_or(usize::MAX),
                *stage,
                *dim,
            )
        });
        for (_, _, r) in rows {
            let role = s.participant(r.participant).map_or("", |p| p.role.as_str());
            let value = match r.score {
                Score::Value(v) => v.to_string(),
                Score::DontKnow => String::new(),
            };
            w.row([
                letter,
                &r.round.to_string(),
                r.participant,
                role,
                r.stage,
                r.dimension,
                &value,
                r.comment.unwrap_or(""),
                &time(r.recorded_at),
                r.entered_by.label(),
            ])?;
        }
    }
    w.finish()
}

/// `participants.csv`.
pub(super) fn participants(input: &Input<'_>) -> Result<String, ExportError> {
    let mut header = vec!["participant", "session", "role"];
    if input.keep.names {
        header.extend(["alias", "organisation"]);
    }
    let mut w = Csv::new(&header)?;
    for (letter, s) in input.parts() {
        for p in &s.participants {
            let mut row = vec![p.id.as_str(), letter, p.role.as_str()];
            if input.keep.names {
                row.extend([p.alias.as_str(), p.organisation.as_str()]);
            }
            w.row(row)?;
        }
    }
    w.finish()
}

/// One round's response: (panel, who answered).
#[must_use]
pub fn response(session: &Session, round: &crate::domain::Round) -> (usize, Vec<String>) {
    let panel = session
        .participants
        .iter()
        .filter(|p| !round.absent.contains(&p.id))
        .count();
    let answered: Vec<String> = session
        .participants
        .iter()
        .filter(|p| {
            session.ratings.iter().any(|sh| {
                sh.round == round.number && sh.participant == p.id && !sh.entries.is_empty()
            })
        })
        .map(|p| p.id.clone())
        .collect();
    (panel, answered)
}

/// The response rate of `answered` out of `panel`, `None` for no panel.
#[must_use]
pub fn rate(panel: usize, answered: usize) -> Option<f64> {
    (panel > 0).then(|| answered as f64 / panel as f64)
}

/// `rounds.csv`.
pub(super) fn rounds(input: &Input<'_>) -> Result<String, ExportError> {
    let mut w = Csv::new(&[
        "session",
        "round",
        "started",
        "blind",
        "revealed",
        "included",
        "panel",
        "answered",
        "response_rate",
        "answered_by",
    ])?;
    for (letter, s) in input.parts() {
        for r in &s.rounds {
            let (panel, answered) = response(s, r);
            w.row([
                letter,
                &r.number.to_string(),
                &time(r.started),
                yes(r.blind),
                yes(r.revealed),
                yes(included(s, r.number, input.opts.round)),
                &panel.to_string(),
                &answered.len().to_string(),
                &opt(rate(panel, answered.len())),
                &answered.join(" "),
            ])?;
        }
    }
    w.finish()
}

/// `changes.csv`: every compared cell of each pair of consecutive rounds.
pub(super) fn changes(input: &Input<'_>) -> Result<String, ExportError> {
    let mut w = Csv::new(&[
        "session",
        "from_round",
        "to_round",
        "paired",
        "stage",
        "dimension",
        "n",
        "from_median",
        "to_median",
        "shift",
        "from_iqr",
        "to_iqr",
        "from_consensus",
        "to_consensus",
    ])?;
    for (letter, s) in input.parts() {
        for c in crate::analysis::round_changes(s) {
            for cell in &c.cells {
                w.row([
                    letter,
                    &c.from_round.to_string(),
                    &c.to_round.to_string(),
                    &c.paired_participants.to_string(),
                    &cell.stage,
                    &cell.dimension,
                    &cell.n.to_string(),
                    &opt(cell.from_median),
                    &opt(cell.to_median),
                    &opt(cell.shift),
                    &opt(cell.from_iqr),
                    &opt(cell.to_iqr),
                    yes(cell.from_consensus),
                    yes(cell.to_consensus),
                ])?;
            }
        }
    }
    w.finish()
}

/// `concordance.csv`: the report's W per dimension with its test.
pub(super) fn concordance(input: &Input<'_>) -> Result<String, ExportError> {
    let mut w = Csv::new(&["dimension", "round", "m", "n", "w", "chi2", "df", "p"])?;
    let n = input.template().stages.len();
    for c in &input.data.concordance {
        let test = c.w.and_then(|x| kendall_test(x, c.m, n));
        let round = match input.subject.pool {
            Some(p) => p.common_round(&c.dimension),
            None => Some(c.round),
        };
        w.row([
            c.dimension.clone(),
            round.map(|r| r.to_string()).unwrap_or_default(),
            c.m.to_string(),
            n.to_string(),
            opt(c.w),
            opt(test.map(|t| t.chi2)),
            test.map(|t| t.df.to_string()).unwrap_or_default(),
            opt(test.map(|t| t.p)),
        ])?;
    }
    w.finish()
}

/// `ideas.csv`.
pub(super) fn ideas(input: &Input<'_>) -> Result<String, ExportError> {
    let mut w = Csv::new(&[
        "session",
        "idea",
        "stage",
        "technologies",
        "text",
        "author",
        "dots",
    ])?;
    for (letter, s) in input.parts() {
        for i in &s.ideas {
            w.row([
                letter,
                &i.id.to_string(),
                &i.stage,
                &i.technologies.join(" "),
                &i.text,
                i.author.as_deref().unwrap_or(""),
                &i.votes.len().to_string(),
            ])?;
        }
    }
    w.finish()
}

/// `votes.csv`.
pub(super) fn votes(input: &Input<'_>) -> Result<String, ExportError> {
    let mut w = Csv::new(&["session", "idea", "participant"])?;
    for (letter, s) in input.parts() {
        for i in &s.ideas {
            for v in &i.votes {
                w.row([letter, &i.id.to_string(), v])?;
            }
        }
    }
    w.finish()
}

/// `flows.csv`.
pub(super) fn flows(input: &Input<'_>) -> Result<String, ExportError> {
    let mut w = Csv::new(&[
        "session",
        "flow",
        "from",
        "to",
        "kind",
        "strength",
        "materials",
        "note",
    ])?;
    for (letter, s) in input.parts() {
        for f in &s.flows {
            w.row([
                letter,
                &f.id.to_string(),
                &f.from,
                &f.to,
                f.kind.label(),
                f.strength.label(),
                &f.materials.join(" "),
                &f.note,
            ])?;
        }
    }
    w.finish()
}

/// `exercises.csv`.
pub(super) fn exercises(input: &Input<'_>) -> Result<String, ExportError> {
    let mut w = Csv::new(&[
        "session", "position", "exercise", "started", "stopped", "minutes",
    ])?;
    for (letter, s) in input.parts() {
        for (i, run) in s.exercise_log.iter().enumerate() {
            let minutes = run
                .stopped
                .map(|stop| (stop - run.started).num_seconds() as f64 / 60.0);
            w.row([
                letter,
                &(i + 1).to_string(),
                &run.exercise,
                &time(run.started),
                &run.stopped.map(time).unwrap_or_default(),
                &minutes
                    .map(|m| format!("{:.0}", m.round()))
                    .unwrap_or_default(),
            ])?;
        }
    }
    w.finish()
}

/// `bands.csv`.
pub(super) fn bands(input: &Input<'_>) -> Result<String, ExportError> {
    let mut w = Csv::new(&[
        "dimension",
        "scale_min",
        "scale_max",
        "anchor_low",
        "anchor_high",
        "band",
        "name",
        "from",
        "to",
    ])?;
    for d in &input.template().dimensions {
        for b in &d.bands {
            w.row([
                d.id.as_str(),
                &d.scale.min.to_string(),
                &d.scale.max.to_string(),
                &d.anchors.low,
                &d.anchors.high,
                &b.id,
                &b.name,
                &full_number(b.from),
                &full_number(b.to),
            ])?;
        }
    }
    w.finish()
}

/// `consensus_rule.csv`: one row.
pub(super) fn consensus_rule(input: &Input<'_>) -> Result<String, ExportError> {
    let r = &input.template().consensus;
    let mut w = Csv::new(&["max_iqr", "min_agreement", "min_n", "outlier_margin"])?;
    w.row([
        full_number(r.max_iqr),
        full_number(r.min_agreement),
        r.min_n.to_string(),
        full_number(r.outlier_margin),
    ])?;
    w.finish()
}

/// `notes.csv` (only with `--notes`).
pub(super) fn notes(input: &Input<'_>) -> Result<String, ExportError> {
    let mut w = Csv::new(&["session", "note", "at", "exercise", "text"])?;
    for (letter, s) in input.parts() {
        for n in &s.notes {
            w.row([
                letter,
                &n.id.to_string(),
                &time(n.at),
                n.exercise.as_deref().unwrap_or(""),
                &n.text,
            ])?;
        }
    }
    w.finish()
}
