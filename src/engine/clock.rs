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

/// The exercise to resume at: the one still running, else the first not done.
#[must_use]
pub fn resume_exercise(s: &Session) -> usize {
    let ex = &s.template.exercises;
    if let Some(run) = s.exercise_log.iter().rev().find(|r| r.stopped.is_none())
        && let Some(i) = ex.iter().position(|e| e.id == run.exercise)
    {
        return i;
    }
    ex.iter().position(|e| !is_done(s, &e.id)).unwrap_or(0)
}
