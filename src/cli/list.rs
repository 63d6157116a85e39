use super::args::ListArgs;
use super::{CliError, Context};

pub fn run(_ctx: &Context, _args: &ListArgs) -> Result<(), CliError> {
    Err(CliError::msg("'list' is not built yet"))
}
