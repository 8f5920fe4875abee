//! What each subcommand does, from parsed flags to written output: one file
//! per subcommand, and the steps they share (reading the roster with its
//! rules, printing warnings).

mod check;
mod explain;
mod generate;
mod init;
mod pair;
mod scores;
mod sweep;

use std::io::Write;

use rmatch::config::Config;
use rmatch::error::{Diagnostic, Result};
use rmatch::roster::{self, Roster};
use rmatch::rules::{self, Rules};

use super::flags::{Cli, Command, ScoringArgs};
use super::{manual, settings};

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

fn warn(quiet: bool, warnings: &[Diagnostic]) {
    if !quiet {
        let mut err = std::io::stderr().lock();
        for w in warnings {
            let _ = writeln!(err, "warning: {w}");
        }
    }
}

/// Reads the roster, and checks the configuration's rules against it.
fn load(args: &ScoringArgs, config: &Config) -> Result<(Roster, Rules)> {
    load_with(args, config, &[])
}

/// [`load`], reading `extra` attribute columns too.
fn load_with(args: &ScoringArgs, config: &Config, extra: &[String]) -> Result<(Roster, Rules)> {
    let options = settings::read_options(args, config, extra);
    let roster = roster::read(&args.roster, &options)?;
    warn(args.quiet, &roster.warnings);
    let rules = rules::resolve(&roster, &config.rules)?;
    Ok((roster, rules))
}
