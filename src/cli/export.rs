use std::path::Path;

use super::args::ExportArgs;
use super::{CliError, Context, Loaded, load_sessions, print_data, print_out};
use crate::analysis::RoundChoice;
use crate::export::{self, Format};

pub fn run(ctx: &Context, args: &ExportArgs) -> Result<(), CliError> {
    let loaded = load_sessions(ctx, &args.sessions, "export")?;
    let result = export(ctx, &loaded, args);
    // A one-shot command: the process ends right after, and the OS takes the
    // memory back at once. Freeing a big session's ~200,000 small
    // allocations one by one would only add milliseconds to every export.
    std::mem::forget(loaded);
    result
}

fn export(ctx: &Context, loaded: &Loaded, args: &ExportArgs) -> Result<(), CliError> {
    let session = &loaded.session;
    let round = super::round_choice(session, args.round)?;
    let format = args.format.map(Format::from);
    if let Some(dir) = &args.out_dir {
        let slug = loaded.stem();
        let rendered = match format {
            Some(f) => vec![(f, render(f, session, round)?)],
            None => export::render_all(session, round).map_err(|e| CliError::msg(e.to_string()))?,
        };
        std::fs::create_dir_all(dir)
            .map_err(|e| CliError::msg(format!("{}: {e}", dir.display())))?;
        let mut written = String::new();
        for (f, text) in rendered {
            let file = dir.join(format!("{slug}.{}", f.extension()));
            ctx.store.check_output(&file, &loaded.paths)?;
            write_atomically(&file, &text)?;
            written.push_str(&format!("{}\n", file.display()));
        }
        return print_out(&written);
    }
    let Some(format) = format else {
        let names: Vec<&str> = Format::ALL.iter().map(|f| f.name()).collect();
        return Err(CliError::msg(format!(
            "give --format FORMAT ({}) or --out-dir DIR",
            names.join(", ")
        )));
    };
    let text = render(format, session, round)?;
    match &args.output {
        Some(file) if file.as_os_str() != "-" => {
            ctx.store.check_output(file, &loaded.paths)?;
            write_atomically(file, &text)
        }
        _ => print_data(&text),
    }
}

fn render(
    format: Format,
    session: &crate::domain::Session,
    round: RoundChoice,
) -> Result<String, CliError> {
    export::render(format, session, round).map_err(|e| CliError::msg(e.to_string()))
}

/// A reader sees the old file or the new one, never half of one.
fn write_atomically(file: &Path, text: &str) -> Result<(), CliError> {
    crate::store::write_file(file, text.as_bytes()).map_err(|e| CliError::msg(e.to_string()))
}
