use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // A panic is a bug: report it readably (the screens restore the terminal
    // before this hook runs). User mistakes never panic; they end below as
    // one line on stderr and exit code 1.
    let _ = color_eyre::install();
    let cli = match loopshop::cli::Cli::try_parse() {
        Ok(cli) => cli,
        // --help and --version exit 0; every usage mistake exits 1 like other user errors.
        Err(e) => {
            let code = if e.use_stderr() { 1 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match loopshop::cli::dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("loopshop: {e}");
            ExitCode::FAILURE
        }
    }
}
