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

use rmatch::error::Result;

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
