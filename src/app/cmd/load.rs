//! The step every scoring command starts with: read the roster (printing
//! its warnings unless `-q`) and check the programme rules against it.

use std::io::Write;

use rmatch::config::Config;
use rmatch::continuation::Continuation;
use rmatch::error::{Diagnostic, Result};
use rmatch::roster::{self, Roster};
use rmatch::rules::{self, Rules};
use rmatch::solve::Objective;

use crate::app::flags::ScoringArgs;
use crate::app::settings;

fn warn(quiet: bool, warnings: &[Diagnostic]) {
    if !quiet {
        let mut err = std::io::stderr().lock();
        for w in warnings {
            let _ = writeln!(err, "warning: {w}");
        }
    }
}

/// Reads the roster, and checks the configuration's rules against it.
pub fn load(args: &ScoringArgs, config: &Config) -> Result<(Roster, Rules)> {
    let (roster, rules) = load_with(args, config, &[])?;
    if !args.quiet && every_weight_zero(config, &roster) {
        // Under the goals objective the goals still choose.
        let so = match config.objective {
            Objective::PairsThenScore => {
                Some("among the pairings with the most pairs the tie-break alone chooses")
            }
            Objective::Score => {
                Some("--objective score pairs no one (no pairing scores above the empty one)")
            }
            Objective::Goals => None,
        };
        if let Some(so) = so {
            eprintln!(
                "warning: every score weight is 0, so every pair scores 0 and {so}; give a weight above 0 (for example --weights teach=0.5)"
            );
        }
    }
    Ok((roster, rules))
}

/// Whether no part of the score can be above 0: the four weights are 0,
/// and so are the preference weight (or there is no prefers column) and
/// the external one (or there is no `--pair-scores` file).
fn every_weight_zero(config: &Config, roster: &Roster) -> bool {
    let w = &config.weights;
    w.named().iter().all(|&(_, weight)| weight == 0.0)
        && (w.preference == 0.0 || !roster.has_prefers)
        && (w.external == 0.0 || config.rules.pair_scores.is_none())
}

/// [`load`], reading `extra` attribute columns too.
pub fn load_with(args: &ScoringArgs, config: &Config, extra: &[String]) -> Result<(Roster, Rules)> {
    let options = settings::read_options(args, config, extra);
    let roster = roster::read_sheet(&args.roster, args.input.sheet.as_deref(), &options)?;
    warn(args.quiet, &roster.warnings);
    if config.weights.preference > 0.0 && !roster.has_prefers && !args.quiet {
        eprintln!(
            "warning: {}: the preference weight is {} but the roster has no prefers column, so the part is 0 for every pair; add a prefers column (see the README's stated preferences)",
            rmatch::text::escape(&roster.source),
            config.weights.preference
        );
    }
    let rules = rules::resolve(&roster, &config.rules)?;
    warn(args.quiet, &rules.warnings);
    Ok((roster, rules))
}

/// [`load`], and with `continue_from` (`--continue FILE`) the last run's
/// pairs read against the roster and the rules (this run's, before the
/// kept pairs are locked) as `pair` reads them, their warnings printed
/// unless `-q`. Every command that takes `--continue` reads it here, so
/// each stops with the same error on the same file.
pub fn load_continuing(
    args: &ScoringArgs,
    config: &Config,
    continue_from: Option<&str>,
) -> Result<(Roster, Rules, Option<Continuation>)> {
    let (roster, rules) = load(args, config)?;
    let continuation = match continue_from {
        Some(path) => {
            let continuation = Continuation::read(path, &roster, config.weights, &rules)?;
            warn(args.quiet, &continuation.warnings);
            Some(continuation)
        }
        None => None,
    };
    Ok((roster, rules, continuation))
}
