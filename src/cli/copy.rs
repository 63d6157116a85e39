//! `loopshop copy SESSION TITLE`: a session copied under a new title and
//! file name, to facilitate anew; and the shipped example's one answer to
//! every command that would change it, which names this way out.

use chrono::{DateTime, SubsecRound, Utc};

use super::args::CopyArgs;
use super::{CliError, Context, print_out};
use crate::domain::{Access, Session, has_control};

/// Prints the copy's path.
///
/// # Errors
/// An unknown or unreadable session, a title that is empty, too long or
/// holds control characters, or a copy that cannot be written.
pub fn run(ctx: &Context, args: &CopyArgs) -> Result<(), CliError> {
    let title = checked_title(&args.title)?;
    let path = ctx.store.resolve(&args.session)?;
    let source = crate::store::load(&path)?;
    let copy = copy_of(source, title, Utc::now().trunc_subsecs(0));
    let written = ctx.store.create(&copy)?;
    print_out(&format!("{}\n", written.display()))
}

/// A title as `new` takes it: trimmed, not empty, not too long, no
/// control characters.
fn checked_title(title: &str) -> Result<&str, CliError> {
    let title = title.trim();
    if title.is_empty() {
        return Err(CliError::msg(
            "the copy's title must not be empty (loopshop copy SESSION \"My workshop\")",
        ));
    }
    if let Err(crate::domain::ChangeError::TooLong { chars, max, .. }) =
        crate::domain::check_title(title)
    {
        return Err(CliError::msg(format!(
            "the title is {chars} characters long; at most {max} are allowed"
        )));
    }
    if has_control(title) {
        return Err(CliError::msg(
            "the title must not hold control characters (such as escape sequences or line breaks)",
        ));
    }
    Ok(title)
}

/// `source` as a new session of its own, titled `title` and made `now`:
/// every participant, rating (at the time it was given), idea, flow and
/// note, but no example mark, no clock run yet, a fresh join code, board
/// key and card secret, and no device joined (the terminal's "facilitate
/// a copy" makes the same).
#[must_use]
pub fn copy_of(mut source: Session, title: &str, now: DateTime<Utc>) -> Session {
    title.clone_into(&mut source.title);
    source.example = false;
    // Ratings keep the time they were given: their offsets count from the
    // creation, which moves to now.
    let shift = (source.created - now).num_seconds();
    for sheet in &mut source.ratings {
        for entry in &mut sheet.entries {
            entry.offset_seconds = entry.offset_seconds.saturating_add(shift);
        }
    }
    source.created = now;
    source.updated = now;
    source.exercise_log.clear();
    source.timebox_extra.clear();
    source.access = Access {
        join_code: crate::server::secrets::new_join_code(),
        board_key: crate::server::secrets::new_board_key(),
        // Who may join is a setting of the session, kept.
        roster: source.access.roster,
        card_secret: crate::store::new_card_secret(),
        ..Access::default()
    };
    source
}

/// Refuses, before anything is opened for writing, to change the shipped
/// example at `path` (`arg` names it as given): one line naming the way
/// out, a copy. (Opening a session to change it may write at once: a
/// session without a card secret gets one.)
///
/// # Errors
/// When the session is the shipped example, or does not load.
pub fn refuse_example_at(path: &std::path::Path, arg: &str) -> Result<(), CliError> {
    refuse_example(&crate::store::load(path)?, arg)
}

/// [`refuse_example_at`] of a session already read.
///
/// # Errors
/// When `session` is the shipped example.
pub fn refuse_example(session: &Session, arg: &str) -> Result<(), CliError> {
    if !session.example {
        return Ok(());
    }
    let name = if arg.contains(|c: char| c.is_whitespace() || c == '"') {
        format!("'{arg}'")
    } else {
        arg.to_owned()
    };
    Err(CliError::msg(format!(
        "{arg} is the shipped example, which nothing changes: \
         `loopshop copy {name} \"My workshop\"` makes a session of your own from it \
         (`loopshop review {name}` looks at it as it is)"
    )))
}
