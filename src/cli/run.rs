use super::args::SessionArg;
use super::{CliError, Context};

/// The home screen (no command).
pub fn home(_ctx: &Context) -> Result<(), CliError> {
    Err(CliError::msg("the home screen is not built yet"))
}

pub fn facilitate(_ctx: &Context, _args: &SessionArg) -> Result<(), CliError> {
    Err(CliError::msg("'run' is not built yet"))
}

pub fn review(_ctx: &Context, _args: &SessionArg) -> Result<(), CliError> {
    Err(CliError::msg("'review' is not built yet"))
}
