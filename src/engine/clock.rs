//! The exercise clock, read from the session's exercise log.

use chrono::{DateTime, Utc};

use crate::domain::Session;

/// Seconds spent in an exercise so far (all its runs), and whether it is
/// running now.
#[must_use]
pub fn elapsed(session: &Session, exercise_id: &str, now: DateTime<Utc>) -> (i64, bool) {
    let mut total = 0;
    let mut running = false;
    for run in &session.exercise_log {
        if run.exercise == exercise_id {
            let end = run.stopped.unwrap_or_else(|| {
                running = true;
                now
            });
            total += (end - run.started).num_seconds().max(0);
        }
    }
    (total, running)
}

/// Whether an exercise has been run and stopped at least once.
#[must_use]
pub fn is_done(session: &Session, exercise_id: &str) -> bool {
    session
        .exercise_log
        .iter()
        .any(|r| r.exercise == exercise_id && r.stopped.is_some())
}

/// The exercise to resume at: the one still running, else the one run last
/// (its clock was stopped when the program closed), else the first.
#[must_use]
pub fn resume_exercise(s: &Session) -> usize {
    let ex = &s.template.exercises;
    let running = s.exercise_log.iter().rev().find(|r| r.stopped.is_none());
    if let Some(run) = running.or_else(|| s.exercise_log.last())
        && let Some(i) = ex.iter().position(|e| e.id == run.exercise)
    {
        return i;
    }
    0
}

/// The timebox of an exercise in seconds: the template's minutes plus any
/// the facilitator added.
#[must_use]
pub fn budget_seconds(session: &Session, exercise_id: &str) -> i64 {
    let planned = session
        .template
        .exercises
        .iter()
        .find(|e| e.id == exercise_id)
        .map_or(0, |e| i64::from(e.timebox_minutes));
    let extra = session
        .timebox_extra
        .get(exercise_id)
        .copied()
        .map_or(0, i64::from);
    (planned + extra) * 60
}

/// The whole agenda against the clock: seconds spent in every exercise so
/// far, and the seconds planned for the exercises up to and including
/// `current` (what the agenda expected to have used by its end).
#[must_use]
pub fn agenda(session: &Session, current: usize, now: DateTime<Utc>) -> (i64, i64) {
    let ex = &session.template.exercises;
    let spent = ex.iter().map(|e| elapsed(session, &e.id, now).0).sum();
    // Extensions count: the agenda's plan is what the facilitator set.
    let planned = ex
        .iter()
        .take(current + 1)
        .map(|e| budget_seconds(session, &e.id))
        .sum();
    (spent, planned)
}
