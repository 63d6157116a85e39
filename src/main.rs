use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // A panic is a bug: report it readably (the screens restore the terminal
    // before this hook runs). User mistakes never panic; they end below as
    // one line on stderr and exit code 1.
    let _ = color_eyre::install();
    let cli = match loopshop::cli::Cli::try_parse() {
        Ok(cli) => cli,
        // --help and --version exit 0 and print in full; every usage
        // mistake is one line and exit 1, like other user errors, and
        // starts with the command it is in (`loopshop show: ...`).
        Err(e) if !e.use_stderr() => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            let args: Vec<String> = std::env::args_os()
                .map(|a| a.to_string_lossy().into_owned())
                .collect();
            eprintln!("{}", loopshop::cli::usage_line(&e, &args));
            return ExitCode::FAILURE;
        }
    };
    match loopshop::cli::dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("loopshop: {}", loopshop::cli::error_line(&e));
            ExitCode::FAILURE
        }
    }
}
