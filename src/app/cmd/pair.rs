//! `rmatch pair`: read, score, solve, explain, and write the pairs in the
//! chosen format (and the HTML report).

use rmatch::error::{Error, Result};
use rmatch::files::{self, Named, Output, Replace};
use rmatch::outcome::Outcome;
use rmatch::output::{CsvExporter, CsvStyle, Exporter, Format, TableExporter};
use rmatch::report::HtmlReport;
use rmatch::scoring::Scorer;
use rmatch::solve;

use super::load::load_continuing;
use crate::app::flags::PairArgs;
use crate::app::progress::Stages;
use crate::app::settings::inputs;
use crate::app::{settings, terminal};

pub fn run(args: &PairArgs) -> Result<()> {
    let to_stdout = matches!(args.output.as_deref(), None | Some("-"));
    if to_stdout && args.report.as_deref() == Some("-") {
        return Err(Error::Usage(
            "--report - would print the report on standard output, where the pairs go; name a file for the report (--report report.html) or for the pairs (-o pairs.csv)".into(),
        ));
    }
    if to_stdout && args.alternatives_out.as_deref() == Some("-") {
        return Err(Error::Usage(
            "--alternatives-out - would print the alternatives on standard output, where the pairs go; name a file for them (--alternatives-out alternatives.csv) or for the pairs (-o pairs.csv)".into(),
        ));
    }
    if args.format.is_none() {
        super::check_output_name(
            args.output.as_deref(),
            "name the file .csv, .json, .txt or .xlsx, or give --format csv|json|table|xlsx to keep the name",
        )?;
    }
    let format = super::output_format(args.format, args.output.as_deref());
    super::check_binary_output(format, args.output.as_deref())?;
    let config = settings::pair_config(args)?;
    // CSV for Excel: the flag, or the config's `excel = true`.
    let excel = args.csv.excel || config.excel;
    let mut read = inputs(&args.scoring, &config);
    read.extend(settings::continue_input(args.continue_from.as_deref()));
    let mut written = vec![Named::new("-o", args.output.as_deref())];
    if args.report.is_some() {
        written.push(Named::new("--report", args.report.as_deref()));
    }
    if args.alternatives_out.is_some() {
        written.push(Named::new(
            "--alternatives-out",
            args.alternatives_out.as_deref(),
        ));
    }
    files::check_plan(
        &read,
        &written,
        Replace {
            force: args.force,
            must_be_new: false,
        },
    )?;
    let mut stages = Stages::new(
        args.scoring.quiet,
        args.scoring.verbose,
        4 + u64::from(args.alternatives.is_some()),
    );
    stages.start("read", "reading the roster");
    let (roster, rules, continuation) =
        load_continuing(&args.scoring, &config, args.continue_from.as_deref())?;
    let rules = match &continuation {
        Some(c) => c.lock(rules),
        None => rules,
    };
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
    let options = solve::SolveOptions {
        progress: stages.search_progress(),
        ..config.solve_options()
    };
    let solution = solve::solve(&scorer, &options)?;
    if args.scoring.verbose && !args.scoring.quiet {
        for line in &solution.log {
            eprintln!("solve: {line}");
        }
    }
    if args.require_optimal && !solution.proven_optimal {
        let bound = solution.bound.map_or(String::new(), |b| format!(": {b}"));
        return Err(Error::Solver(format!(
            "the pairing is not proven optimal{bound}, and --require-optimal was given, so nothing was written; raise --time-limit, or drop --require-optimal to accept the best pairing found"
        )));
    }
    stages.start(
        "explain",
        &format!("explaining {} pairs", solution.pairs.len()),
    );
    let alternatives = match args.alternatives {
        Some(n) => {
            stages.start(
                "alternatives",
                &format!("finding {n} alternatives per person"),
            );
            let found = solve::alternatives::alternatives(
                &scorer,
                config.objective,
                &solution.pairs,
                solution.duals.as_ref(),
                n,
            )?;
            Some(rmatch::alternatives::rows(
                &scorer,
                config.objective,
                &found,
            ))
        }
        None => None,
    };
    let mut outcome = Outcome::build_with(
        &scorer,
        &solution,
        &config,
        !args.no_timing,
        continuation.as_ref(),
    );
    outcome.alternatives = alternatives;
    stages.start("write", "writing");
    let exporter: Box<dyn Exporter> = match format {
        Format::Csv => Box::new(CsvExporter {
            raw: args.csv.raw,
            style: CsvStyle::for_output(excel, args.output.as_deref().filter(|_| !to_stdout)),
        }),
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
    // Every file is complete before any is renamed into place; standard
    // output comes last, so the report is in place even if the reader of
    // standard output goes away early (`| head`).
    let mut outputs = Vec::new();
    if let Some(path) = args.report.as_deref() {
        let report = HtmlReport {
            scorer: &scorer,
            solution: &solution,
            fair: config.rules.fair.keys().cloned().collect(),
        };
        let outcome = &outcome;
        outputs.push(Output::new(Some(path), move |out| {
            report.write(outcome, out)
        }));
    }
    if let Some(path) = args.alternatives_out.as_deref() {
        let (outcome, raw) = (&outcome, args.csv.raw);
        let style = CsvStyle::for_output(excel, Some(path).filter(|p| *p != "-"));
        outputs.push(Output::new(Some(path), move |out| {
            rmatch::output::write_alternatives(outcome, out, raw, style)
        }));
    }
    outputs.push(Output::new(args.output.as_deref(), |out| {
        exporter.write(&outcome, out)
    }));
    files::write_outputs(outputs, args.force)?;
    stages.finish();
    if !args.scoring.quiet {
        eprintln!(
            "{}",
            rmatch::text::escape(&outcome.paragraph(args.scoring.verbose))
        );
    }
    crate::app::keep_until_exit((outcome, solution, scorer));
    crate::app::keep_until_exit(roster);
    Ok(())
}
