use std::path::Path;

use super::args::ExportArgs;
use super::{CliError, Context, Loaded, load_sessions, print_out};
use crate::export::{self, Format};

pub fn run(ctx: &Context, args: &ExportArgs) -> Result<(), CliError> {
    let loaded = load_sessions(ctx, &args.sessions, "export")?;
    let result = export(&loaded, args);
    // A one-shot command: the process ends right after, and the OS takes the
    // memory back at once. Freeing a big session's ~200,000 small
    // allocations one by one would only add milliseconds to every export.
    std::mem::forget(loaded);
    result
}

fn export(loaded: &Loaded, args: &ExportArgs) -> Result<(), CliError> {
    let session = &loaded.session;
    let format = args.format.map(Format::from);
    if let Some(dir) = &args.out_dir {
        let slug = loaded.stem();
        let rendered = match format {
            Some(f) => vec![(f, render(f, session)?)],
            None => export::render_all(session).map_err(|e| CliError::msg(e.to_string()))?,
        };
        std::fs::create_dir_all(dir)
            .map_err(|e| CliError::msg(format!("{}: {e}", dir.display())))?;
        let mut written = String::new();
        for (f, text) in rendered {
            let file = dir.join(format!("{slug}.{}", f.extension()));
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
    let text = render(format, session)?;
    match &args.output {
        Some(file) if file.as_os_str() != "-" => {
            if loaded.paths.iter().any(|p| same_file(file, p)) {
                return Err(CliError::msg(format!(
                    "{}: that is the session file itself; choose another output file",
                    file.display()
                )));
            }
            write_atomically(file, &text)
        }
        _ => print_out(&text),
    }
}

fn render(format: Format, session: &crate::domain::Session) -> Result<String, CliError> {
    export::render(format, session).map_err(|e| CliError::msg(e.to_string()))
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// A reader sees the old file or the new one, never half of one.
fn write_atomically(file: &Path, text: &str) -> Result<(), CliError> {
    crate::store::write_file(file, text.as_bytes()).map_err(|e| CliError::msg(e.to_string()))
}
