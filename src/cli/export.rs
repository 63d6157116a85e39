use super::args::ExportArgs;
use super::{CliError, Context};

pub fn run(_ctx: &Context, _args: &ExportArgs) -> Result<(), CliError> {
    Err(CliError::msg("'export' is not built yet"))
}
