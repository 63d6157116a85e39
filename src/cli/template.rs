use std::path::Path;

use super::args::TemplateCommand;
use super::{CliError, Context, print_data, print_err_line, print_out, read_file};
use crate::domain::{DEFAULT_TEMPLATE_RON, Template, template_check};

pub fn run(_ctx: &Context, args: &TemplateCommand) -> Result<(), CliError> {
    match args {
        TemplateCommand::Show => print_data(DEFAULT_TEMPLATE_RON),
        TemplateCommand::Check { file } => {
            let t = load_checked(file)?;
            let rated: usize = t
                .exercises
                .iter()
                .map(|e| e.kind.rated_dimensions().len())
                .sum();
            print_out(&format!(
                "{}: ok: '{}', {} stages, {} dimensions ({rated} rated), {} exercises, {} minutes\n",
                file.display(),
                t.name,
                t.stages.len(),
                t.dimensions.len(),
                t.exercises.len(),
                t.total_timebox_minutes()
            ))
        }
    }
}

/// Reads, parses and validates a template file. Each problem is printed on
/// its own line on stderr; the error sums them up.
pub(super) fn load_checked(file: &Path) -> Result<Template, CliError> {
    let bytes = read_file(file)?;
    let name = file.display();
    // A byte-order mark (Windows Notepad, PowerShell 5) is not text.
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes))
        .map_err(|_| CliError::msg(format!("{name}: the file is not UTF-8 text")))?;
    let template = template_check::parse(text).map_err(|e| CliError::msg(format!("{name}:{e}")))?;
    let problems = template_check::check(&template);
    if problems.is_empty() {
        return Ok(template);
    }
    for p in &problems {
        print_err_line(&format!("{name}: {p}"));
    }
    let n = problems.len();
    let s = if n == 1 { "" } else { "s" };
    Err(CliError::msg(format!(
        "{name}: {n} problem{s}; the template is not valid"
    )))
}
