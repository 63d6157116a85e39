//! `export --format package -o DIR` (and the package folder of
//! `--out-dir`): renders the research data package and writes its files.

use std::path::Path;

use super::args::ExportArgs;
use super::{CliError, Context, Loaded, print_out};
use crate::export::Options;
use crate::export::package::{self, Keep, PackageOptions};

/// `--format package -o DIR`: the package into a new or empty folder;
/// prints the folder and how many files it holds.
pub(super) fn to_folder(
    ctx: &Context,
    loaded: &Loaded,
    args: &ExportArgs,
    opts: &Options,
) -> Result<(), CliError> {
    let Some(dir) = args.output.as_ref().filter(|f| f.as_os_str() != "-") else {
        return Err(CliError::msg(
            "--format package writes a folder: give -o DIR (a new or empty folder)",
        ));
    };
    let count = write(ctx, loaded, args, opts, dir, true)?;
    print_out(&format!("{} ({count} files)\n", dir.display()))
}

/// `--out-dir DIR`: the package beside the other files, as the folder
/// `DIR/<slug>.package` (refreshed when it is there); prints its path.
pub(super) fn beside(
    ctx: &Context,
    loaded: &Loaded,
    args: &ExportArgs,
    opts: &Options,
    dir: &Path,
) -> Result<(), CliError> {
    let folder = dir.join(format!("{}.package", loaded.stem()));
    write(ctx, loaded, args, opts, &folder, false)?;
    print_out(&format!("{}\n", folder.display()))
}

/// Writes the package of `loaded` into `dir`; with `fresh`, `dir` must not
/// exist or be empty (so that no file of another package stays beside
/// it). Returns the number of files written.
fn write(
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
        if Path::new(&f.path).extension().is_none_or(|e| e != "ron") {
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
