//! `rmatch learn`: score weights learned from last cycle's ratings (see
//! `rmatch::learn`), shown as a table or JSON, written as a config file for
//! `rmatch pair --config`, with last cycle's roster paired under the old
//! and the learned weights.

use std::io::Write;

use rmatch::config::Config;
use rmatch::error::{Error, Result};
use rmatch::files::{self, Named, Output, Replace};
use rmatch::learn::{self, fit, Comparison, Learned};
use rmatch::output::rows_table;
use rmatch::text::escape;
use rmatch::units::round4;

use super::load::load;
use crate::app::flags::{LearnArgs, LearnFormat};
use crate::app::settings::inputs;
use crate::app::{settings, terminal};

pub fn run(args: &LearnArgs) -> Result<()> {
    let output = args.output.as_deref();
    let toml_to_stdout = output == Some("-");
    if let Some(path) = output.filter(|&p| p != "-") {
        let extension = std::path::Path::new(path)
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase());
        if extension.as_deref().is_some_and(|e| e != "toml") {
            return Err(Error::Usage(format!(
                "-o {}: rmatch learn writes a config file (TOML) there; name it .toml (for the summary as JSON use --format json > summary.json)",
                escape(path)
            )));
        }
    }
    if toml_to_stdout && args.format == Some(LearnFormat::Json) {
        return Err(Error::Usage(
            "-o - puts the config file on standard output, where the JSON summary would go; name a file for one of them (-o learned.toml)".into(),
        ));
    }
    let feedback = Named::new("the feedback file", Some(&args.feedback));
    let config = settings::config(&args.scoring, &[feedback])?;
    let options = learn::feedback::FeedbackOptions::from_flags_over(
        &args.feedback_column,
        args.rating_scale.as_deref(),
        args.rating_labels.as_deref(),
        config.learn.as_ref(),
        // As the config's own errors name it (`<stdin>` for `-`).
        &escape(match args.scoring.rules.config.as_deref() {
            Some("-") => files::STDIN,
            Some(path) => path,
            None => "the config file",
        }),
    )?;
    let mut reads = inputs(&args.scoring, &config);
    reads.push(feedback);
    files::check_plan(
        &reads,
        &[Named::new("-o", output)],
        Replace {
            force: args.force,
            must_be_new: false,
        },
    )?;
    let (roster, _) = load(&args.scoring, &config)?;
    let mut warnings = Vec::new();
    let feedback = learn::feedback::read(&args.feedback, &roster, &options, &mut warnings);
    if !args.scoring.quiet {
        for w in &warnings {
            eprintln!("warning: {w}");
        }
    }
    let learned = learn::learn(&roster, feedback?);
    if let Some(why) = learned.refusal() {
        return Err(Error::NotEnoughData(why));
    }
    let weights = learned
        .weights(config.weights)
        .ok_or_else(|| Error::Solver("the learned weights are all 0".into()))?;
    let comparison = learn::compare(&roster, &config, &learned, weights)?;
    let mut next = config.clone();
    next.weights = weights;
    let toml = config_file(&next, &learned, &args.scoring.roster)?;
    let to_terminal = !toml_to_stdout;
    let summary = match args.format.unwrap_or(LearnFormat::Table) {
        LearnFormat::Json => {
            let mut text =
                serde_json::to_string_pretty(&json(&learned, &config, &comparison, &toml))
                    .map_err(|e| Error::Solver(e.to_string()))?;
            text.push('\n');
            text
        }
        LearnFormat::Table => {
            let (width, color) = if to_terminal {
                (terminal::stdout_width(), terminal::stdout_color())
            } else {
                (None, false)
            };
            table(&learned, &config, &comparison, &toml, output, width, color)
        }
    };
    let mut outputs = Vec::new();
    if let Some(path) = output {
        outputs.push(Output::new(Some(path), |out| {
            out.write_all(toml.as_bytes())
        }));
    }
    if !toml_to_stdout {
        outputs.push(Output::new(None, |out| out.write_all(summary.as_bytes())));
    }
    files::write_outputs(outputs, args.force)?;
    if toml_to_stdout && !args.scoring.quiet {
        let _ = std::io::stderr().write_all(summary.as_bytes());
    }
    Ok(())
}

/// The configuration with the learned weights, as a TOML file whose
/// comments say where they came from.
fn config_file(next: &Config, learned: &Learned, roster: &str) -> Result<String> {
    let full = toml::to_string(next).map_err(|e| Error::Solver(e.to_string()))?;
    // Empty lists and tables are what a missing key means: left out, as
    // long as the file still reads back as the same configuration.
    let pruned = prune(&full);
    let body = match toml::from_str::<Config>(&pruned) {
        Ok(back) if back == *next => pruned,
        _ => full,
    };
    let cv = &learned.cv;
    // File names are escaped: a line break in one must not end the comment.
    Ok(format!(
        "# Score weights learned by rmatch learn from {} ({} rated pairs of {}):\n\
         # non-negative least squares of the rating on the score parts, scaled to sum to 1.\n\
         # Held out ({} folds) they predict a rating to within {:.2} (root mean square),\n\
         # against {:.2} for the mean rating alone (R squared {:.2}).\n\
         # Use it with: rmatch pair ROSTER --config THIS_FILE\n\n{body}",
        escape(&learned.feedback.file),
        learned.observations.len(),
        escape(roster),
        cv.folds,
        cv.rmse,
        cv.baseline_rmse,
        cv.r2,
    ))
}

/// The TOML text without `key = []` lines and without table headers that
/// head nothing (`[rules.fair]` with no keys under it).
fn prune(text: &str) -> String {
    let kept: Vec<&str> = text.lines().filter(|l| !l.ends_with(" = []")).collect();
    let mut out: Vec<&str> = Vec::new();
    for (i, line) in kept.iter().enumerate() {
        let is_header = line.starts_with('[');
        let heads_nothing = kept[i + 1..]
            .iter()
            .find(|l| !l.trim().is_empty())
            .is_none_or(|next| next.starts_with('['));
        if is_header && heads_nothing {
            continue;
        }
        // No two blank lines in a row, and none at the end.
        if line.trim().is_empty() && out.last().is_none_or(|l| l.trim().is_empty()) {
            continue;
        }
        out.push(line);
    }
    while out.last().is_some_and(|l| l.trim().is_empty()) {
        out.pop();
    }
    let mut text = out.join("\n");
    text.push('\n');
    text
}

fn number(x: f64) -> String {
    format!("{:.4}", round4(x))
}

fn rounded(x: f64) -> serde_json::Value {
    serde_json::Number::from_f64(round4(x)).map_or(serde_json::Value::Null, Into::into)
}

/// The weight `config` gives the score part `name`.
fn current_weight(config: &Config, name: &str) -> f64 {
    let mut weights = config.weights;
    weights.get_mut(name).map_or(0.0, |w| *w)
}

fn json(
    learned: &Learned,
    config: &Config,
    comparison: &Comparison,
    toml: &str,
) -> serde_json::Value {
    let shares = learned.shares().unwrap_or_default();
    let weights: Vec<serde_json::Value> = learned
        .names
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let current = current_weight(config, name);
            let (low, high) = learned.ranges.shares[k];
            serde_json::json!({
                "name": name,
                "learned": rounded(shares[k]),
                "low": rounded(low),
                "high": rounded(high),
                "current": rounded(current),
                "varies": learned.varying[k],
            })
        })
        .collect();
    let fb = &learned.feedback;
    let cv = &learned.cv;
    let side = |p: &learn::Pairing| {
        serde_json::json!({
            "pairs": p.pairs,
            "status": p.status,
            "mean_predicted_rating": rounded(p.mean_predicted_rating),
            "rated_pairs_made": p.rated_pairs_made,
            "their_mean_rating": p.their_mean_rating.map(rounded),
        })
    };
    serde_json::json!({
        "feedback": {
            "file": fb.file,
            "rows": fb.rows,
            "blank_ratings": fb.blank,
            "ended_early": fb.ended_early,
            "continued": fb.continued,
            "rated_pairs": learned.observations.len(),
            "pairs_needed": learn::pairs_needed(learned.names.len()),
            "mean_rating": rounded(learned.mean_rating),
        },
        "method": "non-negative least squares of the rating on the score parts, weights scaled to sum to 1",
        "weights": weights,
        "intercept": rounded(learned.model.intercept),
        "scale": rounded(learned.model.scale()),
        "scale_range": [rounded(learned.ranges.scale.0), rounded(learned.ranges.scale.1)],
        "bootstrap_resamples": fit::RESAMPLES,
        "cross_validation": {
            "folds": cv.folds,
            "rmse": rounded(cv.rmse),
            "mae": rounded(cv.mae),
            "baseline_rmse": rounded(cv.baseline_rmse),
            "baseline_mae": rounded(cv.baseline_mae),
            "r2": rounded(cv.r2),
        },
        "comparison": {
            "current": side(&comparison.old),
            "learned": side(&comparison.learned),
            "changed": comparison.changed,
            "removed": comparison.removed,
            "rated_mean_rating": rounded(comparison.rated_mean_rating),
            "rated_mean_predicted": rounded(comparison.rated_mean_predicted),
        },
        "config": toml,
    })
}

fn table(
    learned: &Learned,
    config: &Config,
    comparison: &Comparison,
    toml: &str,
    output: Option<&str>,
    width: Option<u16>,
    color: bool,
) -> String {
    let fb = &learned.feedback;
    let n = learned.observations.len();
    let mut text = format!(
        "Weights learned from {n} rated pairs ({}: {} rated rows",
        escape(&fb.file),
        fb.rows
    );
    if fb.blank > 0 {
        text.push_str(&format!(", {} without a rating left out", fb.blank));
    }
    text.push_str(&format!(
        "; {} ended early, rated 1 lower; {} continued, rated 0.5 higher)\n",
        fb.ended_early, fb.continued
    ));
    let shares = learned.shares().unwrap_or_default();
    let header: Vec<String> = ["part", "learned", "95% range", "current"]
        .map(String::from)
        .to_vec();
    let rows: Vec<Vec<String>> = learned
        .names
        .iter()
        .enumerate()
        .map(|(k, name)| {
            let current = current_weight(config, name);
            let (low, high) = learned.ranges.shares[k];
            let range = if learned.varying[k] {
                format!("{} to {}", number(low), number(high))
            } else {
                "not known: the same for every rated pair".into()
            };
            vec![name.to_string(), number(shares[k]), range, number(current)]
        })
        .collect();
    text.push_str(&rows_table(&header, &rows, width, color));
    let cv = &learned.cv;
    text.push_str(&format!(
        "The fit: rating = {:.2} + {:.2} x score under the learned weights (the scale's 95% range {:.2} to {:.2}; ranges from {} bootstrap resamples).\n\
         Held out ({} folds), the learned weights miss a rating by {:.2} (root mean square; {:.2} mean absolute), the mean rating alone by {:.2} ({:.2}): R squared {:.2}.\n\n",
        learned.model.intercept,
        learned.model.scale(),
        learned.ranges.scale.0,
        learned.ranges.scale.1,
        fit::RESAMPLES,
        cv.folds,
        cv.rmse,
        cv.mae,
        cv.baseline_rmse,
        cv.baseline_mae,
        cv.r2
    ));
    text.push_str(&format!(
        "The roster paired again (ratings predicted by the fitted model; the rated pairs: {:.2} given, {:.2} predicted):\n",
        comparison.rated_mean_rating, comparison.rated_mean_predicted
    ));
    let both = |f: &dyn Fn(&learn::Pairing) -> String| [f(&comparison.old), f(&comparison.learned)];
    let mut compare_rows = vec![
        ["pairs".to_string()]
            .into_iter()
            .chain(both(&|p| p.pairs.to_string()))
            .collect::<Vec<_>>(),
        ["status".to_string()]
            .into_iter()
            .chain(both(&|p| p.status.clone()))
            .collect(),
        ["mean predicted rating".to_string()]
            .into_iter()
            .chain(both(&|p| format!("{:.2}", p.mean_predicted_rating)))
            .collect(),
        ["rated pairs made again".to_string()]
            .into_iter()
            .chain(both(&|p| p.rated_pairs_made.to_string()))
            .collect(),
        ["their mean rating (given)".to_string()]
            .into_iter()
            .chain(both(&|p| {
                p.their_mean_rating
                    .map_or("-".to_string(), |r| format!("{r:.2}"))
            }))
            .collect(),
    ];
    compare_rows.push(vec![
        "pairs not in the other".into(),
        comparison.removed.to_string(),
        comparison.changed.to_string(),
    ]);
    let compare_header: Vec<String> = ["", "current weights", "learned weights"]
        .map(String::from)
        .to_vec();
    text.push_str(&rows_table(&compare_header, &compare_rows, width, color));
    match output {
        Some(path) if path != "-" => text.push_str(&format!(
            "\nWrote {}: pair with it by rmatch pair ROSTER --config {}\n",
            escape(path),
            escape(path)
        )),
        _ => {
            text.push_str(
                "\nThe config file (write it with -o learned.toml, then rmatch pair ROSTER --config learned.toml):\n\n",
            );
            let weights_part: String = toml
                .lines()
                .skip_while(|l| *l != "[weights]")
                .take_while(|l| !l.is_empty())
                .map(|l| format!("{l}\n"))
                .collect();
            text.push_str(&weights_part);
        }
    }
    text
}
