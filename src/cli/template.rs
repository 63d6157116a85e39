use std::path::Path;

use super::args::TemplateCommand;
use super::{CliError, Context, print_data, print_err_line, print_out, read_file};
use crate::domain::{
    BUILTIN_TEMPLATES, DEFAULT_TEMPLATE_RON, Template, builtin_template, default_template_name,
    template_check,
};
use crate::text_width::table::{Column, Table};

pub fn run(_ctx: &Context, args: &TemplateCommand) -> Result<(), CliError> {
    match args {
        TemplateCommand::List => print_out(&list()),
        TemplateCommand::Show { name: None } => print_data(DEFAULT_TEMPLATE_RON),
        TemplateCommand::Show { name: Some(name) } => {
            let (_, text) = builtin_template(name).ok_or_else(|| unknown_builtin(name))?;
            print_data(text)
        }
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

/// The built-in templates as a table: name, language, title.
fn list() -> String {
    let mut table = Table::new(vec![
        Column::left("name"),
        Column::left("language"),
        Column::left("template"),
    ]);
    for (name, lang, text) in BUILTIN_TEMPLATES {
        let title = template_check::parse(text).map_or_else(|_| String::new(), |t| t.name);
        table.push_row(&[(*name).to_owned(), (*lang).to_owned(), title]);
    }
    table.render()
}

fn builtin_names() -> String {
    BUILTIN_TEMPLATES
        .iter()
        .map(|(n, _, _)| *n)
        .collect::<Vec<_>>()
        .join(", ")
}

fn unknown_builtin(name: &str) -> CliError {
    CliError::msg(format!(
        "no built-in template is named '{name}' (the built-in ones: {})",
        builtin_names()
    ))
}

/// `--template NAME|FILE`: an existing file (checked), else a built-in
/// template by name, with its language. `default` is the default template
/// in `language` (English when it has none).
pub(super) fn resolve(
    arg: &str,
    language: &str,
) -> Result<(Template, Option<&'static str>), CliError> {
    let path = Path::new(arg);
    if path.exists() {
        return Ok((load_checked(path)?, None));
    }
    let name = if arg == "default" {
        default_template_name(language)
            .or_else(|| default_template_name(crate::domain::DEFAULT_LANGUAGE))
            .unwrap_or(arg)
    } else {
        arg
    };
    let Some((lang, text)) = builtin_template(name) else {
        return Err(CliError::msg(format!(
            "--template {arg}: no such file, and no built-in template of that name (the \
             built-in ones: {}; `loopshop template list`)",
            builtin_names()
        )));
    };
    let template = template_check::parse(text)
        .map_err(|e| CliError::msg(format!("the built-in template {name}: {e}")))?;
    Ok((template, Some(lang)))
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
