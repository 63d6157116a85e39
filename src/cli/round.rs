//! `loopshop round new SESSION [--blind]`: start the next Delphi round from
//! the command line (a round collected with a form, a scripted workshop).

use chrono::Utc;

use super::args::RoundCommand;
use super::{CliError, Context, print_out};
use crate::engine::{Actor, Engine, Intent, SaveState};

pub fn run(ctx: &Context, command: &RoundCommand) -> Result<(), CliError> {
    let RoundCommand::New { session, blind } = command;
    let path = ctx.store.resolve(session)?;
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
        return Err(CliError::msg(format!(
            "{}: the new round could not be saved: {e}",
            path.display()
        )));
    }
    engine.close()?;
    let number = outcome.created_id().unwrap_or_default();
    print_out(&format!("{number}\n"))
}
