use super::args::CompareArgs;
use super::{CliError, Context};

pub fn run(_ctx: &Context, _args: &CompareArgs) -> Result<(), CliError> {
    Err(CliError::msg("'compare' is not built yet"))
}
