//! The rmatch binary: parses the command line, runs it, reports the outcome
//! as a message and an exit code. The command-line app lives in [`app`]; the
//! work is done by the `rmatch` library, the engine.

mod app;

use std::process::ExitCode;

use clap::Parser;
use rmatch::error::{exit, Result};
use rmatch::files::write_stdout;

use app::flags::Cli;

/// Whether standard output was closed (`>&-`) when the process started,
/// looked at before the standard library's start-up opens `/dev/null` in
/// its place: a function in `.init_array` runs before `main`'s runtime.
#[cfg(target_os = "linux")]
mod closed_stdout {
    use std::sync::atomic::{AtomicBool, Ordering};

    pub static CLOSED: AtomicBool = AtomicBool::new(false);

    extern "C" fn look() {
        // SAFETY: F_GETFD only asks whether descriptor 1 is open.
        if unsafe { libc::fcntl(1, libc::F_GETFD) } == -1 {
            CLOSED.store(true, Ordering::SeqCst);
        }
    }

    #[used]
    #[link_section = ".init_array"]
    static LOOK: extern "C" fn() = look;

    pub fn was_closed() -> bool {
        CLOSED.load(Ordering::SeqCst)
    }
}

fn main() -> ExitCode {
    app::keep_freed_memory();
    #[cfg(target_os = "linux")]
    if closed_stdout::was_closed() {
        rmatch::files::standard_output_was_closed();
    }
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
/// version, a bad flag) are printed here with their exit code. Help and
/// version go to standard output as any output does, so one that cannot
/// be written (`--help > /dev/full`) is an error (exit 5), not lost.
fn run() -> Result<ExitCode> {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print to stdout and succeed.
            if !e.use_stderr() {
                // Styled on a terminal, as clap prints it; plain text for a
                // file or a pipe.
                let text = if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
                    e.render().ansi().to_string()
                } else {
                    e.to_string()
                };
                write_stdout(|out| out.write_all(text.as_bytes()))?;
                return Ok(ExitCode::SUCCESS);
            }
            print_clap(&e);
            return Ok(ExitCode::from(exit::USAGE));
        }
    };
    app::cmd::run(cli)?;
    Ok(ExitCode::SUCCESS)
}

/// Prints clap's message about a bad command line on standard error. A
/// message that quotes an argument holding terminal controls is printed
/// plain and escaped, like rmatch's own messages.
fn print_clap(e: &clap::Error) {
    let plain = e.to_string();
    if rmatch::text::escape_lines(&plain) != plain {
        eprint!("{}", rmatch::text::escape_lines(&plain));
    } else {
        let _ = e.print();
    }
}
