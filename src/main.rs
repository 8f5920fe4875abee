//! The rmatch binary: parses the command line, runs it, reports the outcome
//! as a message and an exit code. All the work is in the library.

use std::process::ExitCode;

use clap::Parser;
use rmatch::cli::Cli;
use rmatch::error::exit;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print to stdout and succeed.
            let code = if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match rmatch::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // The reader of our output went away (`rmatch pair r.csv | head`).
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}
