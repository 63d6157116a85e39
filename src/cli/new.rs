use super::args::NewArgs;
use super::{CliError, Context};

pub fn run(_ctx: &Context, _args: &NewArgs) -> Result<(), CliError> {
    Err(CliError::msg("'new' is not built yet"))
}
