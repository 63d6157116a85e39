use super::args::ImportArgs;
use super::{CliError, Context};

pub fn run(_ctx: &Context, _args: &ImportArgs) -> Result<(), CliError> {
    Err(CliError::msg("'import' is not built yet"))
}
