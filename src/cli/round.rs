//! `loopshop round new SESSION [--blind]`: start the next Delphi round from
//! the command line (a round collected with a form, a scripted workshop).

use chrono::Utc;

use super::args::RoundCommand;
use super::{CliError, Context, close_engine, print_out};
use crate::engine::{Actor, Engine, Intent, SaveState};

/// Prints the new round's number once it is on disk; a round that could
/// not be saved is not made at all (the session stays as it was).
pub fn run(ctx: &Context, command: &RoundCommand) -> Result<(), CliError> {
    let RoundCommand::New { session, blind } = command;
    let path = ctx.store.resolve(session)?;
    super::copy::refuse_example_at(&path, session)?;
    let mut engine = Engine::open(&path)?;
    let now = Utc::now();
    let outcome = engine
        .submit(
            &Actor::Facilitator,
            Intent::StartRound { blind: *blind },
            now,
        )
        .map_err(|e| CliError::msg(format!("{}: {e}", path.display())))?;
    if let SaveState::Failed(e) = engine.flush() {
        let error = CliError::msg(format!(
            "{}: the new round could not be saved: {e}; no round was started",
            path.display()
        ));
        engine.abandon();
        return Err(error);
    }
    // Durable now: a failed compaction is a note, not a failure.
    close_engine(engine)?;
    let number = outcome.created_id().unwrap_or_default();
    print_out(&format!("{number}\n"))
}
