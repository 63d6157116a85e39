//! The meaning of a session read from a file, checked with the rules
//! [`Session::apply`] enforces for every change (the same `check_*`
//! functions and the same words) and the template check: a file that
//! passes could have been built by changes alone. A hand-edited or hostile
//! file that does not is refused with the id it is about, so that it never
//! feeds the statistics (a 255 on a 1..5 scale, a sheet of nobody).

use std::collections::HashSet;

use thiserror::Error;

use super::change::{ChangeError, check_line_text, check_multiline_text, check_participant_text};
use super::positions::Positions;
use super::session::Session;
use super::template_check::{self, TemplateProblem};

/// The first thing wrong with a session, naming what it is about.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum SessionProblem {
    #[error("its template: {0}")]
    Template(TemplateProblem),
    #[error("{place}: {error}")]
    Rule { place: String, error: ChangeError },
    #[error("{what} '{id}' appears more than once")]
    Duplicate { what: &'static str, id: String },
    #[error("the ratings of '{participant}' in round {round} appear more than once")]
    DuplicateSheet { participant: String, round: u32 },
    #[error("the ratings of '{participant}' in round {round} rate {stage}/{dimension} twice")]
    DuplicateCell {
        participant: String,
        round: u32,
        stage: String,
        dimension: String,
    },
    #[error("{place}: the time is outside the years loopshop can show")]
    TimeOutOfRange { place: String },
}

fn at(place: impl Into<String>) -> impl FnOnce(ChangeError) -> SessionProblem {
    let place = place.into();
    move |error| SessionProblem::Rule { place, error }
}

/// [`at`] a place written only when there is an error: a big session has
/// 90,000 ratings to check, and formatting each one's place was a third of
/// its load.
fn within<P: Into<String>>(
    place: impl FnOnce() -> P,
) -> impl FnOnce(ChangeError) -> SessionProblem {
    move |error| at(place())(error)
}

fn once<'a>(
    seen: &mut HashSet<&'a str>,
    what: &'static str,
    id: &'a str,
) -> Result<(), SessionProblem> {
    if seen.insert(id) {
        Ok(())
    } else {
        Err(SessionProblem::Duplicate {
            what,
            id: id.to_owned(),
        })
    }
}

/// Checks everything a session file holds; linear in its size.
///
/// # Errors
/// The first problem, in file order.
pub fn check(s: &Session) -> Result<(), SessionProblem> {
    check_header(s)?;
    check_participants(s)?;
    check_rounds(s)?;
    check_ratings(s)?;
    check_ideas_flows_notes(s)
}

fn check_header(s: &Session) -> Result<(), SessionProblem> {
    super::change::check_title(&s.title).map_err(at("the session"))?;
    check_line_text("facilitator", &s.facilitator).map_err(at("the session"))?;
    if !super::is_language_code(&s.language) {
        return Err(at("the session")(ChangeError::NotALanguage(
            s.language.clone(),
        )));
    }
    if let Some(problem) = template_check::check(&s.template).into_iter().next() {
        return Err(SessionProblem::Template(problem));
    }
    Ok(())
}

fn check_participants(s: &Session) -> Result<(), SessionProblem> {
    let mut ids = HashSet::new();
    // Exact aliases: files written before aliases were compared ignoring
    // case may hold `Ann` and `ANN`, and must still open.
    let mut aliases = HashSet::new();
    for p in &s.participants {
        check_participant_text(p).map_err(within(|| format!("participant '{}'", p.id)))?;
        once(&mut ids, "participant id", &p.id)?;
        once(&mut aliases, "participant alias", &p.alias)?;
    }
    let mut tokens = HashSet::new();
    for d in &s.access.devices {
        once(&mut tokens, "device", &d.token_hash)?;
    }
    let access = &s.access;
    for (what, text) in [
        ("join code", &access.join_code),
        ("board key", &access.board_key),
        ("card secret", &access.card_secret),
    ] {
        check_line_text(what, text).map_err(at("the access settings"))?;
    }
    if let Some(addr) = &access.server
        && addr.parse::<std::net::SocketAddr>().is_err()
    {
        return Err(at("the access settings")(ChangeError::BadServerAddress(
            addr.clone(),
        )));
    }
    Ok(())
}

fn check_rounds(s: &Session) -> Result<(), SessionProblem> {
    let mut numbers = HashSet::new();
    let participants: HashSet<&str> = s.participants.iter().map(|p| p.id.as_str()).collect();
    for r in &s.rounds {
        if !numbers.insert(r.number) {
            return Err(SessionProblem::Duplicate {
                what: "round",
                id: r.number.to_string(),
            });
        }
        if let Some(unknown) = r.absent.iter().find(|p| !participants.contains(p.as_str())) {
            return Err(at(format!("the absent list of round {}", r.number))(
                ChangeError::UnknownParticipant(unknown.clone()),
            ));
        }
    }
    Ok(())
}

fn check_ratings(s: &Session) -> Result<(), SessionProblem> {
    let stages = Positions::new(s.template.stages.iter().map(|x| x.id.as_str()));
    let dimensions = Positions::new(s.template.dimensions.iter().map(|d| d.id.as_str()));
    let width = dimensions.len().max(1);
    let participants: HashSet<&str> = s.participants.iter().map(|p| p.id.as_str()).collect();
    let mut sheets = HashSet::new();
    // The cells of one sheet, as stage * width + dimension, to find a
    // cell rated twice by sorting.
    let mut cells: Vec<usize> = Vec::new();
    for sheet in &s.ratings {
        let place = || {
            format!(
                "the ratings of '{}' in round {}",
                sheet.participant, sheet.round
            )
        };
        if !participants.contains(sheet.participant.as_str()) {
            return Err(at(place())(ChangeError::UnknownParticipant(
                sheet.participant.clone(),
            )));
        }
        if s.round(sheet.round).is_none() {
            return Err(at(place())(ChangeError::UnknownRound(sheet.round)));
        }
        if !sheets.insert((sheet.participant.as_str(), sheet.round)) {
            return Err(SessionProblem::DuplicateSheet {
                participant: sheet.participant.clone(),
                round: sheet.round,
            });
        }
        cells.clear();
        let (mut stage_guess, mut dim_guess) = (0, 0);
        for e in &sheet.entries {
            let cell = || format!("{} ({}/{})", place(), e.stage, e.dimension);
            let Some(stage) = stages.find(&e.stage, stage_guess) else {
                return Err(at(place())(ChangeError::UnknownStage(e.stage.to_string())));
            };
            let Some(dimension) = dimensions.find(&e.dimension, dim_guess) else {
                return Err(at(place())(ChangeError::UnknownDimension(
                    e.dimension.to_string(),
                )));
            };
            (stage_guess, dim_guess) = (stage, (dimension + 1) % width);
            s.check_score(&e.dimension, e.score).map_err(within(cell))?;
            cells.push(stage * width + dimension);
            if let Some(text) = &e.comment {
                check_multiline_text("comment", text).map_err(within(cell))?;
            }
            let in_range = chrono::Duration::try_seconds(e.offset_seconds)
                .and_then(|d| s.created.checked_add_signed(d))
                .is_some();
            if !in_range {
                return Err(SessionProblem::TimeOutOfRange { place: cell() });
            }
        }
        cells.sort_unstable();
        if let Some(twice) = cells.windows(2).find(|w| w[0] == w[1]) {
            return Err(SessionProblem::DuplicateCell {
                participant: sheet.participant.clone(),
                round: sheet.round,
                stage: stages.id(twice[0] / width).unwrap_or_default().to_owned(),
                dimension: dimensions
                    .id(twice[0] % width)
                    .unwrap_or_default()
                    .to_owned(),
            });
        }
    }
    Ok(())
}

fn check_ideas_flows_notes(s: &Session) -> Result<(), SessionProblem> {
    let mut ids = HashSet::new();
    for idea in &s.ideas {
        let place = || format!("idea {}", idea.id);
        if !ids.insert(idea.id) {
            return Err(duplicate("idea", idea.id));
        }
        s.check_stage(&idea.stage).map_err(within(place))?;
        s.check_technologies(&idea.technologies)
            .map_err(within(place))?;
        check_multiline_text("idea", &idea.text).map_err(within(place))?;
        for p in idea.author.iter().chain(&idea.votes) {
            s.check_participant(p).map_err(within(place))?;
        }
    }
    let mut ids = HashSet::new();
    for flow in &s.flows {
        if !ids.insert(flow.id) {
            return Err(duplicate("flow", flow.id));
        }
        s.check_flow(flow)
            .map_err(within(|| format!("flow {}", flow.id)))?;
    }
    let mut ids = HashSet::new();
    for note in &s.notes {
        let place = || format!("note {}", note.id);
        if !ids.insert(note.id) {
            return Err(duplicate("note", note.id));
        }
        check_multiline_text("note", &note.text).map_err(within(place))?;
        if let Some(e) = &note.exercise {
            s.check_exercise(e).map_err(within(place))?;
        }
    }
    let exercises: HashSet<&str> = s.template.exercises.iter().map(|e| e.id.as_str()).collect();
    for run in &s.exercise_log {
        if !exercises.contains(run.exercise.as_str()) {
            return Err(at("the exercise log")(ChangeError::UnknownExercise(
                run.exercise.clone(),
            )));
        }
    }
    Ok(())
}

fn duplicate(what: &'static str, id: u32) -> SessionProblem {
    SessionProblem::Duplicate {
        what,
        id: id.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Score, default_template};
    use crate::synthetic;

    fn problem(edit: impl FnOnce(&mut Session)) -> String {
        let mut s = synthetic::example_session();
        edit(&mut s);
        check(&s).err().map(|e| e.to_string()).unwrap_or_default()
    }

    #[test]
    fn the_example_session_is_valid() {
        assert_eq!(check(&synthetic::example_session()), Ok(()));
        let empty = Session::new("t", "", default_template(), synthetic::epoch());
        assert_eq!(check(&empty), Ok(()));
    }

    #[test]
    fn each_broken_rule_names_what_it_is_about() {
        assert_eq!(
            problem(|s| s.ratings[0].entries[0].score = Score::Value(255)),
            "the ratings of 'p01' in round 1 (exploration/circularity_impact): 255 is off the scale 1..5 of 'circularity_impact'"
        );
        assert_eq!(
            problem(|s| s.ratings[0].participant = "p99".to_owned()),
            "the ratings of 'p99' in round 1: unknown participant 'p99'"
        );
        assert_eq!(
            problem(|s| s.ratings[0].round = 7),
            "the ratings of 'p01' in round 7: unknown round 7"
        );
        assert_eq!(
            problem(|s| {
                let p = s.participants[0].clone();
                s.participants.push(p);
            }),
            "participant id 'p01' appears more than once"
        );
        assert_eq!(
            problem(|s| s.template.dimensions[0].scale.min = 9),
            "its template: dimension 'circularity_impact' has an empty or inverted scale 9..5 (min must be below max)"
        );
        assert_eq!(
            problem(|s| s.title = "\u{1b}]0;pwned\u{7}".to_owned()),
            "the session: the title holds a control character (such as an escape sequence); remove it"
        );
        assert_eq!(
            problem(|s| s.ratings[0].entries[0].offset_seconds = i64::MAX),
            "the ratings of 'p01' in round 1 (exploration/circularity_impact): the time is outside the years loopshop can show"
        );
        assert!(
            problem(|s| {
                let e = s.ratings[0].entries[0].clone();
                s.ratings[0].entries.push(e);
            })
            .contains("rate exploration/circularity_impact twice")
        );
    }
}
