//! `loopshop-dist-assets OUT_DIR`: writes the shell completions and man
//! pages of the release archives, generated from loopshop's own clap
//! definitions, so they always match the binary:
//!
//! - `OUT_DIR/completions/`: `loopshop.bash`, `_loopshop` (zsh),
//!   `loopshop.fish`, `_loopshop.ps1` (PowerShell)
//! - `OUT_DIR/man/`: `loopshop.1` and one page per command (`loopshop-new.1`, ...)
//!
//! A crate of its own in the workspace, so that clap_complete and clap_mangen
//! are no part of the loopshop binary and neither `cargo install --path .`
//! nor the tests build them. `.ci/package` runs it:
//! `cargo run -p loopshop-dist-assets -- OUT_DIR`.
#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

fn main() -> ExitCode {
    let mut args = std::env::args_os().skip(1);
    let (Some(out), None) = (args.next(), args.next()) else {
        eprintln!("usage: loopshop-dist-assets OUT_DIR");
        return ExitCode::FAILURE;
    };
    match write_all(Path::new(&out)) {
        Ok(files) => {
            for f in files {
                println!("{}", f.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("loopshop-dist-assets: {e}");
            ExitCode::FAILURE
        }
    }
}

fn write_all(out: &Path) -> Result<Vec<PathBuf>, String> {
    let mut written = Vec::new();
    let completions = out.join("completions");
    let man = out.join("man");
    for dir in [&completions, &man] {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish, Shell::PowerShell] {
        let mut cmd = loopshop::cli::Cli::command();
        let file = clap_complete::generate_to(shell, &mut cmd, "loopshop", &completions)
            .map_err(|e| format!("{} completions in {}: {e}", shell, completions.display()))?;
        written.push(file);
    }
    clap_mangen::generate_to(loopshop::cli::Cli::command(), &man)
        .map_err(|e| format!("man pages in {}: {e}", man.display()))?;
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&man)
        .map_err(|e| format!("{}: {e}", man.display()))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "1"))
        .collect();
    pages.sort();
    written.extend(pages);
    Ok(written)
}
