//! `export --format package -o DIR` (and the package folder of
//! `--out-dir`): renders the research data package and writes its files.

use std::path::Path;

use super::args::ExportArgs;
use super::{CliError, Context, Loaded};
use crate::export::Options;
use crate::export::package::{self, Keep, PackageOptions};

/// Writes the package of `loaded` into `dir`; with `fresh`, `dir` must not
/// exist or be empty (so that no file of another package stays beside
/// it). Returns the number of files written.
pub(super) fn write(
    ctx: &Context,
    loaded: &Loaded,
    args: &ExportArgs,
    opts: &Options,
    dir: &Path,
    fresh: bool,
) -> Result<usize, CliError> {
    if fresh && has_entries(dir) {
        return Err(CliError::msg(format!(
            "{}: the package goes into a new or empty folder, and this one is not empty",
            dir.display()
        )));
    }
    if dir.is_file() {
        return Err(CliError::msg(format!(
            "{}: is a file; the package is a folder",
            dir.display()
        )));
    }
    let sessions: Vec<crate::domain::Session> = if loaded.parts.is_empty() {
        vec![loaded.session.clone()]
    } else {
        loaded.parts.clone()
    };
    let package_opts = PackageOptions {
        license: args.package.license.clone(),
        keep: Keep {
            names: args.package.names,
            notes: args.package.notes,
        },
    };
    let files = package::render(
        &sessions,
        &loaded.labels(),
        Some(loaded.session.language.as_str()),
        opts,
        &package_opts,
    )
    .map_err(|e| CliError::msg(e.to_string()))?;
    for f in &files {
        let path = dir.join(&f.path);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| CliError::msg(format!("{}: {e}", parent.display())))?;
        }
        // The template's RON is no session file; the folder is the package's.
        if !f.path.ends_with(".ron") {
            ctx.store.check_output(&path, &loaded.paths)?;
        }
        crate::store::write_file(&path, &f.bytes).map_err(|e| CliError::msg(e.to_string()))?;
    }
    Ok(files.len())
}

/// Whether `dir` is a folder with anything in it.
fn has_entries(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|mut entries| entries.next().is_some())
}
