use super::args::ShowArgs;
use super::{CliError, Context};

pub fn run(_ctx: &Context, _args: &ShowArgs) -> Result<(), CliError> {
    Err(CliError::msg("'show' is not built yet"))
}
