//! The rmatch binary: parses the command line, runs it, reports the outcome
//! as a message and an exit code. The command-line app lives in [`app`]; the
//! work is done by the `rmatch` library, the engine.

mod app;

use std::process::ExitCode;

use clap::Parser;
use rmatch::error::{exit, Result};

use app::flags::Cli;

fn main() -> ExitCode {
    // Before any file is opened: see `files::guard_standard_streams`.
    rmatch::files::guard_standard_streams();
    app::signals::install();
    match run() {
        Ok(code) => code,
        // The reader of our output went away (`rmatch pair r.csv | head`).
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {}", e.shown());
            ExitCode::from(e.exit_code())
        }
    }
}

/// Parses the command line and runs it; clap's own messages (help,
/// version, a bad flag) are printed here with their exit code.
fn run() -> Result<ExitCode> {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print to stdout and succeed.
            let code = if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            };
            print_clap(&e);
            return Ok(ExitCode::from(code));
        }
    };
    app::cmd::run(cli)?;
    Ok(ExitCode::SUCCESS)
}

/// Prints clap's message (help, version or a bad flag). A message that
/// quotes an argument holding terminal controls is printed plain and
/// escaped, like rmatch's own messages.
fn print_clap(e: &clap::Error) {
    let plain = e.to_string();
    if e.use_stderr() && rmatch::text::escape_lines(&plain) != plain {
        eprint!("{}", rmatch::text::escape_lines(&plain));
    } else {
        let _ = e.print();
    }
}
