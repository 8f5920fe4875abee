//! From flags to the engine's configuration, done once per run: the config
//! file named by `--config` (or the defaults), with the command-line flags
//! laid over it, range-checked; and how the roster is to be read.

use rmatch::config::Config;
use rmatch::error::{Error, Result};
use rmatch::files::{self, Named};
use rmatch::roster::ReadOptions;
use rmatch::rules::{parse_gap, parse_share, DEFAULT_FAIR_TOLERANCE};

use super::flags::{Objective, PairArgs, RuleArgs, ScoringArgs, SolverArgs};

/// The config file named by `--config` (or the defaults), with the scoring
/// and rule flags laid over it. Before any file is read, the files the
/// flags name and the command's others (`also`: `--continue`, the feedback
/// file) are checked: no two may be standard input.
pub fn config(scoring: &ScoringArgs, also: &[Named]) -> Result<Config> {
    let mut inputs = flag_inputs(scoring);
    inputs.extend_from_slice(also);
    files::check_standard_input(&inputs)?;
    let mut config = match &scoring.rules.config {
        Some(path) => Config::read(path)?,
        None => Config::default(),
    };
    if let Some(spec) = &scoring.weights {
        config.weights = config.weights.parse_over(spec)?;
    }
    if let Some(diversity) = &scoring.diversity {
        config.diversity = Some(diversity.clone());
    }
    if !scoring.input.private.is_empty() {
        config.private = scoring.input.private.clone();
    }
    if let Some(path) = &scoring.input.aliases {
        for (alias, topic) in rmatch::roster::aliases::read(path)? {
            config.aliases.insert(alias, topic);
        }
    }
    if !scoring.input.keep.is_empty() {
        config.keep = scoring.input.keep.clone();
    }
    if let Some(missing) = &scoring.input.missing {
        config.missing = Some(missing.clone());
    }
    rmatch::roster::columns::lay_flags(
        &mut config.columns,
        &scoring.input.column,
        scoring.rules.config.as_deref(),
    )?;
    apply_rules(&mut config, &scoring.rules)?;
    config.check()?;
    Ok(config)
}

/// `--objective`, for the commands that take it, laid over the config's
/// and checked with the rules (an objective some rules cannot go with is
/// refused as `pair` refuses it).
pub fn set_objective(config: &mut Config, objective: Option<Objective>) -> Result<()> {
    if let Some(objective) = objective {
        config.objective = objective.into();
        config.check()?;
    }
    Ok(())
}

/// The `--continue` file (of `pair`, `explain` and `check`) as an input,
/// for [`config`] and [`rmatch::files::check_plan`]: none without it.
pub fn continue_input(path: Option<&str>) -> Vec<Named<'_>> {
    path.map(|path| Named::new("the --continue file", Some(path)))
        .into_iter()
        .collect()
}

/// [`config`] plus the flags only `pair` has.
pub fn pair_config(args: &PairArgs) -> Result<Config> {
    let also = continue_input(args.continue_from.as_deref());
    let mut config = config(&args.scoring, &also)?;
    if let Some(objective) = args.objective {
        config.objective = objective.into();
    }
    apply_solver(&mut config, &args.solving)?;
    Ok(config)
}

/// `--solver`, `--candidates` and `--time-limit` over the config file's
/// keys (`pair`, `explain` and `sweep`), the config checked with them.
pub fn apply_solver(config: &mut Config, args: &SolverArgs) -> Result<()> {
    if let Some(solver) = args.solver {
        config.solver = Some(solver.into());
    }
    if let Some(k) = args.candidates {
        config.candidates = k;
    }
    if let Some(t) = args.time_limit {
        config.time_limit = Some(t);
    }
    config.check()
}

fn apply_rules(config: &mut Config, flags: &RuleArgs) -> Result<()> {
    let rules = &mut config.rules;
    // A repeatable flag, when given, replaces the config's list.
    let replace = |target: &mut Vec<String>, given: &Vec<String>| {
        if !given.is_empty() {
            *target = given.clone();
        }
    };
    // Lists the flags leave in place came from the config file: messages
    // name its key there.
    if flags.lock.is_empty() && !rules.lock.is_empty() {
        rules.lock_from = flags.config.clone();
    }
    if flags.forbid.is_empty() && !rules.forbid.is_empty() {
        rules.forbid_from = flags.config.clone();
    }
    replace(&mut rules.lock, &flags.lock);
    replace(&mut rules.locks, &flags.locks);
    replace(&mut rules.forbid, &flags.forbid);
    replace(&mut rules.history, &flags.history);
    let lower = |names: &Vec<String>| -> Vec<String> {
        names.iter().map(|n| n.trim().to_lowercase()).collect()
    };
    replace(&mut rules.must_differ, &lower(&flags.must_differ));
    replace(&mut rules.must_share, &lower(&flags.must_share));
    if !flags.gap.is_empty() {
        rules.gap.clear();
        for text in &flags.gap {
            let (name, range) = parse_gap(text)?;
            if rules.gap.insert(name.clone(), range).is_some() {
                return Err(twice("--gap", &name));
            }
        }
    }
    if flags.unmatched_bonus.is_some() {
        rules.unmatched_bonus = flags.unmatched_bonus;
    }
    if flags.max_tz_gap.is_some() {
        rules.max_tz_gap = flags.max_tz_gap;
    }
    if flags.spread_ties {
        rules.spread_ties = true;
    }
    if flags.stable {
        rules.stable = true;
    }
    if flags.pair_scores.is_some() {
        rules.pair_scores = flags.pair_scores.clone();
    }
    if let Some(side) = flags.everyone_first {
        rules.everyone_first = Some(side.into());
    }
    if flags.min_score.is_some() {
        rules.min_score = flags.min_score;
    }
    if !flags.max_same.is_empty() {
        rules.max_same.clear();
        for text in &flags.max_same {
            let (name, share) = parse_share("--max-same", text, None)?;
            if rules.max_same.insert(name.clone(), share).is_some() {
                return Err(twice("--max-same", &name));
            }
        }
    }
    if !flags.fair.is_empty() {
        rules.fair.clear();
        for text in &flags.fair {
            let (name, tolerance) = parse_share("--fair", text, Some(DEFAULT_FAIR_TOLERANCE))?;
            if rules.fair.insert(name.clone(), tolerance).is_some() {
                return Err(twice("--fair", &name));
            }
        }
    }
    Ok(())
}

/// A rule flag given twice for one attribute: which of the two was meant
/// cannot be told (a config file refuses a key given twice likewise).
fn twice(flag: &str, attribute: &str) -> Error {
    Error::Usage(format!(
        "{flag} names {attribute} twice; give each attribute once"
    ))
}

/// How to read the roster: the configuration's attribute columns (and
/// `extra` ones a command needs), its headers for rmatch's columns, the
/// encoding and the delimiter.
pub fn read_options(scoring: &ScoringArgs, config: &Config, extra: &[String]) -> ReadOptions {
    let mut rule_attributes = config.rules.attributes();
    rule_attributes.extend(extra.iter().cloned());
    ReadOptions {
        diversity: config.diversity.clone(),
        rule_attributes,
        numeric_attributes: config.rules.numeric_attributes(),
        private: config.private.clone(),
        missing: config.missing.clone(),
        keep: config.keep.clone(),
        aliases: config
            .aliases
            .iter()
            .map(|(a, t)| (a.clone(), t.clone()))
            .collect(),
        columns: config
            .columns
            .iter()
            .map(|(c, h)| (c.clone(), h.clone()))
            .collect(),
        encoding: scoring.input.encoding.into(),
        delimiter: scoring.input.delimiter,
    }
}

/// The files a scoring command reads, for [`rmatch::files::check_plan`]:
/// the roster, the config file, the `--aliases` file, and the `--locks`,
/// `--history` and `--pair-scores` files of the effective configuration.
pub fn inputs<'a>(args: &'a ScoringArgs, config: &'a Config) -> Vec<Named<'a>> {
    let rules = &config.rules;
    named_inputs(
        args,
        &rules.locks,
        &rules.history,
        rules.pair_scores.as_ref(),
    )
}

/// [`inputs`] as the flags name them, before the config file (which may
/// name more) is read.
fn flag_inputs(args: &ScoringArgs) -> Vec<Named<'_>> {
    let rules = &args.rules;
    named_inputs(
        args,
        &rules.locks,
        &rules.history,
        rules.pair_scores.as_ref(),
    )
}

fn named_inputs<'a>(
    args: &'a ScoringArgs,
    locks: &'a [String],
    history: &'a [String],
    pair_scores: Option<&'a String>,
) -> Vec<Named<'a>> {
    let mut inputs = vec![Named::new("the roster", Some(args.roster.as_str()))];
    if let Some(path) = &args.rules.config {
        inputs.push(Named::new("the config file", Some(path)));
    }
    if let Some(path) = &args.input.aliases {
        inputs.push(Named::new("the --aliases file", Some(path)));
    }
    for path in locks {
        inputs.push(Named::new("the --locks file", Some(path)));
    }
    for path in history {
        inputs.push(Named::new("the --history file", Some(path)));
    }
    if let Some(path) = pair_scores {
        inputs.push(Named::new("the --pair-scores file", Some(path)));
    }
    inputs
}
