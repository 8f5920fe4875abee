//! What each subcommand does, from parsed flags to written output.

use std::io::{IsTerminal, Write};

use crate::analysis;
use crate::cli::{
    CheckArgs, Cli, Command, ExplainArgs, GenerateArgs, PairArgs, ScoresArgs, ScoringArgs,
    SweepArgs,
};
use crate::config::Config;
use crate::error::{Diagnostic, Error, Result};
use crate::files::write_output;
use crate::manual;
use crate::output::spreadsheet::text_cell;
use crate::output::{io_error, round4, Exporter, Format, Outcome, RawCsvExporter, TableExporter};
use crate::progress::Stages;
use crate::readiness::Readiness;
use crate::report::HtmlReport;
use crate::roster::{self, ReadOptions, Roster};
use crate::rules::{self, Rules};
use crate::scoring::Scorer;
use crate::solve::{self, SolveOptions};
use crate::template;
use crate::terminal;
use rmatch_synth::{self as synth, SynthSpec};

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Pair(args) => pair(&args),
        Command::Scores(args) => scores(&args),
        Command::Check(args) => check(&args),
        Command::Init(args) => {
            template::init(&args.file, args.force)?;
            if !args.quiet && args.file != "-" {
                eprintln!(
                    "rmatch: wrote {0}; replace its example rows with your people, then run: rmatch check {0}",
                    args.file
                );
            }
            Ok(())
        }
        Command::Explain(args) => explain_command(&args),
        Command::Sweep(args) => sweep_command(&args),
        Command::Generate(args) => generate(&args),
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
    let to_stdout = matches!(args.output.as_deref(), None | Some("-"));
    if to_stdout && args.report.as_deref() == Some("-") {
        return Err(Error::Usage(
            "--report - would print the report on standard output, where the pairs go; name a file for the report (--report report.html) or for the pairs (-o pairs.csv)".into(),
        ));
    }
    let config = Config::for_pair(args)?;
    let mut stages = Stages::new(args.scoring.quiet, args.scoring.verbose, 4);
    stages.start("read", "reading the roster");
    let (roster, rules) = load(&args.scoring, &config)?;
    stages.show_bar_for(roster.people.len());
    stages.start(
        "score+solve",
        &format!(
            "scoring and pairing {} seniors with {} juniors",
            roster.n_seniors,
            roster.n_juniors()
        ),
    );
    let scorer = Scorer::with_rules(&roster, config.weights, rules);
    let options = SolveOptions {
        objective: config.objective,
        method: config.method(),
        candidates: config.candidates,
        time_limit: config.time_limit,
    };
    let solution = solve::solve(&scorer, &options)?;
    stages.start(
        "explain",
        &format!("explaining {} pairs", solution.pairs.len()),
    );
    let outcome = Outcome::build(&scorer, &solution, &config, !args.no_timing);
    stages.start("write", "writing");
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
        Format::Table => Box::new(TableExporter {
            width: if to_stdout {
                terminal::stdout_width()
            } else {
                None
            },
            color: to_stdout && terminal::stdout_color(),
        }),
        other => other.exporter(),
    };
    // The report first: if standard output closes early (`| head`), the
    // run still succeeds, and the report must be complete by then.
    if let Some(path) = args.report.as_deref() {
        let report = HtmlReport {
            scorer: &scorer,
            solution: &solution,
            fair: config.rules.fair.keys().cloned().collect(),
        };
        write_output(Some(path), |out| report.write(&outcome, out))?;
    }
    write_output(args.output.as_deref(), |out| exporter.write(&outcome, out))?;
    stages.finish();
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
    let mut stages = Stages::new(args.scoring.quiet, args.scoring.verbose, 2);
    stages.start("read", "reading the roster");
    let (roster, rules) = load(&args.scoring, &config)?;
    stages.show_bar_for(roster.people.len());
    stages.start("score+write", "scoring and writing every pair");
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
    })?;
    stages.finish();
    Ok(())
}

fn check(args: &CheckArgs) -> Result<()> {
    let config = Config::from_flags(&args.scoring)?;
    let mut stages = Stages::new(args.scoring.quiet, args.scoring.verbose, 3);
    stages.start("read", "reading the roster");
    let (roster, rules) = load(&args.scoring, &config)?;
    stages.show_bar_for(roster.people.len());
    stages.start("score+solve", "finding who can be paired");
    let scorer = Scorer::with_rules(&roster, config.weights, rules);
    let readiness = Readiness::assess(&scorer);
    stages.start("write", "writing");
    let text = readiness.render(&roster);
    write_output(None, |out| out.write_all(text.as_bytes()))?;
    stages.finish();
    Ok(())
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
