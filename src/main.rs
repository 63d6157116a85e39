use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = loopshop::cli::Cli::parse();
    match loopshop::cli::dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("loopshop: {e}");
            ExitCode::FAILURE
        }
    }
}
