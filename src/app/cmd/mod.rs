//! What each subcommand does, from parsed flags to written output: one file
//! per subcommand, and the step they share ([`load`]: reading the roster
//! with its rules).

mod check;
mod explain;
mod generate;
mod init;
mod load;
mod pair;
mod scores;
mod sweep;

use rmatch::error::{Error, Result};
use rmatch::output::Format;

use super::flags::{Cli, Command};
use super::manual;

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Pair(args) => pair::run(&args),
        Command::Scores(args) => scores::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Sweep(args) => sweep::run(&args),
        Command::Generate(args) => generate::run(&args),
        Command::Completions(args) => manual::completions(args.shell),
        Command::Man(args) => manual::man(args.dir.as_deref()),
    }
}

/// Refuses `-o PATH` when its extension names a format rmatch cannot write
/// (`.pdf`, `.xlsx`, ...), before any work: a CSV file under that name
/// would not open. `formats` says what the command can write instead.
fn check_output_name(output: Option<&str>, formats: &str) -> Result<()> {
    let Some(path) = output.filter(|&p| p != "-") else {
        return Ok(());
    };
    match Format::unwritable(path) {
        Some(what) => Err(Error::Usage(format!(
            "-o {}: rmatch cannot write {what}; {formats}",
            rmatch::text::escape(path)
        ))),
        None => Ok(()),
    }
}
