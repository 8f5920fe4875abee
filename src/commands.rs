//! What each subcommand does, from parsed flags to written output.

use std::io::{IsTerminal, Write};

use crate::analysis;
use crate::cli::{
    CheckArgs, Cli, Command, ExplainArgs, GenerateArgs, PairArgs, ScoresArgs, ScoringArgs,
    SweepArgs,
};
use crate::config::Config;
use crate::error::{Diagnostic, Result};
use crate::explain;
use crate::files::write_output;
use crate::model;
use crate::output::spreadsheet::text_cell;
use crate::output::{io_error, round4, Exporter, Format, Outcome, RawCsvExporter};
use crate::roster::{self, ReadOptions, Roster};
use crate::rules::{self, Rules};
use crate::scoring::Scorer;
use crate::solve::{self, SolveOptions};
use crate::synth::{self, SynthSpec};

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Pair(args) => pair(&args),
        Command::Scores(args) => scores(&args),
        Command::Check(args) => check(&args),
        Command::Explain(args) => explain_command(&args),
        Command::Sweep(args) => sweep_command(&args),
        Command::Generate(args) => generate(&args),
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
    let mut rule_attributes = config.rules.attributes();
    rule_attributes.extend(extra.iter().cloned());
    let options = ReadOptions {
        diversity: config.diversity.clone(),
        rule_attributes,
        private: config.private.clone(),
        encoding: args.input.encoding,
        delimiter: args.input.delimiter,
    };
    let roster = roster::read(&args.roster, &options)?;
    warn(args.quiet, &roster.warnings);
    let rules = rules::resolve(&roster, &config.rules)?;
    Ok((roster, rules))
}

fn pair(args: &PairArgs) -> Result<()> {
    let config = Config::for_pair(args)?;
    let (roster, rules) = load(&args.scoring, &config)?;
    let scorer = Scorer::with_rules(&roster, config.weights, rules);
    let options = SolveOptions {
        objective: config.objective,
        method: config.method(),
        candidates: config.candidates,
        time_limit: config.time_limit,
    };
    let solution = solve::solve(&scorer, &options)?;
    let outcome = Outcome::build(&scorer, &solution, &config, !args.no_timing);
    let to_stdout = matches!(args.output.as_deref(), None | Some("-"));
    let format = args
        .format
        .or_else(|| {
            args.output
                .as_deref()
                .filter(|_| !to_stdout)
                .and_then(Format::from_path)
        })
        .unwrap_or(if to_stdout && std::io::stdout().is_terminal() {
            Format::Table
        } else {
            Format::Csv
        });
    let exporter: Box<dyn Exporter> = match format {
        Format::Csv if args.csv.raw => Box::new(RawCsvExporter),
        other => other.exporter(),
    };
    write_output(args.output.as_deref(), |out| exporter.write(&outcome, out))?;
    if !args.scoring.quiet {
        eprintln!("{}", outcome.paragraph());
    }
    Ok(())
}

/// The header of `rmatch scores`.
pub const SCORE_COLUMNS: [&str; 9] = [
    "senior_id",
    "junior_id",
    "allowed",
    "score",
    "teach",
    "learn",
    "interests",
    "diversity",
    "reason",
];

fn scores(args: &ScoresArgs) -> Result<()> {
    let config = Config::from_flags(&args.scoring)?;
    let (roster, rules) = load(&args.scoring, &config)?;
    let scorer = Scorer::with_rules(&roster, config.weights, rules);
    let raw = args.csv.raw;
    write_output(args.output.as_deref(), |out| {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(SCORE_COLUMNS).map_err(io_error)?;
        for (s, senior) in roster.seniors().iter().enumerate() {
            for (j, junior) in roster.juniors().iter().enumerate() {
                let (counts, rule) = scorer.evaluate(s, j);
                let c = scorer.components(s, j, &counts);
                let number = |x: f64| format!("{:.4}", round4(x));
                writer
                    .write_record([
                        text_cell(&senior.id, raw).as_ref(),
                        text_cell(&junior.id, raw).as_ref(),
                        if rule.is_none() { "true" } else { "false" },
                        &number(c.score),
                        &number(c.teach),
                        &number(c.learn),
                        &number(c.interests),
                        &number(c.diversity),
                        rule.map_or("", |r| r.label()),
                    ])
                    .map_err(io_error)?;
            }
        }
        writer.flush()?;
        Ok(())
    })
}

fn check(args: &CheckArgs) -> Result<()> {
    let config = Config::from_flags(&args.scoring)?;
    let (roster, rules) = load(&args.scoring, &config)?;
    let scorer = Scorer::with_rules(&roster, config.weights, rules);
    let candidates = model::candidates(&scorer, 1);
    let mut report = String::new();
    let side = |people: &[roster::Person]| {
        let taking = people.iter().filter(|p| p.capacity > 0).count();
        let places: u64 = people.iter().map(|p| u64::from(p.capacity)).sum();
        format!("{} ({taking} taking part, {places} places)", people.len())
    };
    report.push_str(&format!("roster: {}\n", roster.source));
    report.push_str(&format!("seniors: {}\n", side(roster.seniors())));
    report.push_str(&format!("juniors: {}\n", side(roster.juniors())));
    report.push_str(&format!("allowed pairs: {}\n", candidates.allowed_pairs()));
    let no_goals: Vec<&str> = roster
        .seniors()
        .iter()
        .filter(|p| p.capacity > 0 && p.wants.is_empty())
        .map(|p| p.id.as_str())
        .collect();
    if !no_goals.is_empty() {
        report.push_str(&format!(
            "seniors with no learning goals: {}\n",
            no_goals.join(", ")
        ));
    }
    let mut lonely_seniors = Vec::new();
    for (s, p) in roster.seniors().iter().enumerate() {
        if p.capacity > 0 && candidates.senior_allowed[s] == 0 {
            lonely_seniors.push(format!(
                "  {} {}: {}",
                p.id,
                p.name,
                explain::unmatched_senior(&scorer, &candidates, s)
            ));
        }
    }
    let mut lonely_juniors = Vec::new();
    for (j, p) in roster.juniors().iter().enumerate() {
        if p.capacity > 0 && candidates.junior_allowed[j] == 0 {
            lonely_juniors.push(format!(
                "  {} {}: {}",
                p.id,
                p.name,
                explain::unmatched_junior(&scorer, &candidates, j)
            ));
        }
    }
    for (what, list) in [("seniors", &lonely_seniors), ("juniors", &lonely_juniors)] {
        if !list.is_empty() {
            report.push_str(&format!(
                "{what} nobody can be paired with: {}\n",
                list.len()
            ));
            for line in list {
                report.push_str(line);
                report.push('\n');
            }
        }
    }
    report.push_str(&format!("warnings: {}\n", roster.warnings.len()));
    report.push_str("the roster is valid\n");
    write_output(None, |out| out.write_all(report.as_bytes()))
}

fn explain_command(args: &ExplainArgs) -> Result<()> {
    let config = Config::from_flags(&args.scoring)?;
    let (roster, rules) = load(&args.scoring, &config)?;
    let text = analysis::explain_pair(&roster, rules, &config, &args.senior, &args.junior)?;
    write_output(None, |out| out.write_all(text.as_bytes()))
}

fn sweep_command(args: &SweepArgs) -> Result<()> {
    let vary = analysis::parse_vary(&args.vary)?;
    let config = Config::from_flags(&args.scoring)?;
    // A quota attribute the sweep adds must be read from the roster too.
    let extra: Vec<String> = vary
        .name
        .strip_prefix("max-same.")
        .or_else(|| vary.name.strip_prefix("fair."))
        .map(str::to_string)
        .into_iter()
        .collect();
    let (roster, _) = load_with(&args.scoring, &config, &extra)?;
    let (rows, timings) = analysis::sweep(&roster, &config, &vary)?;
    write_output(args.output.as_deref(), |out| {
        let mut writer = csv::Writer::from_writer(out);
        writer
            .write_record(analysis::SWEEP_COLUMNS)
            .map_err(io_error)?;
        for row in &rows {
            writer.write_record(row).map_err(io_error)?;
        }
        writer.flush()
    })?;
    if !args.scoring.quiet {
        let total: f64 = timings.iter().sum();
        eprintln!(
            "rmatch: {} steps of {} in {total:.3} s",
            rows.len(),
            vary.name
        );
    }
    Ok(())
}

fn generate(args: &GenerateArgs) -> Result<()> {
    let spec = SynthSpec {
        seniors: args.seniors,
        juniors: args.juniors,
        seed: args.seed,
    };
    write_output(args.output.as_deref(), |out| {
        synth::write_roster(&spec, out)
    })
}
