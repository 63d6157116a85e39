use super::args::TemplateCommand;
use super::{CliError, Context};

pub fn run(_ctx: &Context, _args: &TemplateCommand) -> Result<(), CliError> {
    Err(CliError::msg("'template' is not built yet"))
}
