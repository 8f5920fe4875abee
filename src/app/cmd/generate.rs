//! `rmatch generate`: a synthetic roster of a given size (`rmatch-synth`),
//! and with `--feedback` simulated ratings of its pairs from known weights
//! (`rmatch::learn::simulate`).

use rmatch::error::{Error, Result};
use rmatch::files::{self, write_output, Named, Output, Replace};
use rmatch::learn::simulate::{self, FeedbackSpec};
use rmatch::output::{write_tabbed, CsvStyle};
use rmatch::roster::dialect::{thousands, MAX_PEOPLE};
use rmatch::roster::ReadOptions;
use rmatch::units::shown;
use rmatch_synth::{self as synth, SynthSpec};

use crate::app::flags::GenerateArgs;

/// The pairs `--feedback` rates unless `--feedback-pairs` says.
const DEFAULT_FEEDBACK_PAIRS: usize = 300;

/// The feedback's noise unless `--noise` says, in rating points.
const DEFAULT_NOISE: f64 = 0.5;

pub fn run(args: &GenerateArgs) -> Result<()> {
    if let Some(path) = &args.output {
        super::check_csv_name(&format!("-o {path}"), "the roster", path)?;
    }
    if let Some(path) = &args.feedback {
        super::check_csv_name(&format!("--feedback {path}"), "the feedback", path)?;
    }
    // The roster limit, checked before anything is allocated.
    if args
        .seniors
        .checked_add(args.juniors)
        .is_none_or(|n| n > MAX_PEOPLE)
    {
        return Err(Error::Usage(format!(
            "--seniors {} and --juniors {} make more than {} people, the most rmatch pairs in one run; ask for fewer",
            args.seniors,
            args.juniors,
            thousands(MAX_PEOPLE)
        )));
    }
    let spec = SynthSpec {
        seniors: args.seniors,
        juniors: args.juniors,
        seed: args.seed,
        dominant_department: args.dominant_department,
    };
    let feedback = match (&args.feedback, &args.true_weights) {
        (Some(path), Some(weights)) => {
            let noise = args.noise.unwrap_or(DEFAULT_NOISE);
            if !(noise.is_finite() && (0.0..=10.0).contains(&noise)) {
                return Err(Error::Usage(format!(
                    "--noise {} is out of range; use a standard deviation from 0 to 10 rating points",
                    shown(noise)
                )));
            }
            Some((
                path.as_str(),
                FeedbackSpec {
                    weights: simulate::parse_true_weights(weights)?,
                    pairs: args.feedback_pairs.unwrap_or(DEFAULT_FEEDBACK_PAIRS),
                    noise,
                    seed: args.seed,
                },
            ))
        }
        _ => None,
    };
    let mut outputs = vec![Named::new("-o", args.output.as_deref())];
    if let Some((path, _)) = feedback {
        outputs.push(Named::new("--feedback", Some(path)));
    }
    files::check_plan(
        &[],
        &outputs,
        Replace {
            force: args.force,
            must_be_new: true,
        },
    )?;
    let Some((path, feedback)) = feedback else {
        if !tabbed(args.output.as_deref()) {
            return write_output(args.output.as_deref(), args.force, |out| {
                synth::write_roster(&spec, out)
            });
        }
        let text = synth::roster_string(&spec);
        return write_output(args.output.as_deref(), args.force, |out| {
            write_tabbed(text.as_bytes(), out)
        });
    };
    let text = synth::roster_string(&spec);
    let roster = rmatch::roster::parse(
        "the generated roster",
        text.as_bytes(),
        &ReadOptions::default(),
    )?;
    let ratings = simulate::simulate(&roster, &feedback);
    if ratings.len() < feedback.pairs && !args.quiet {
        eprintln!(
            "warning: --feedback-pairs {}: the generated roster allows only {} pairs, so --feedback rates all of them",
            feedback.pairs,
            ratings.len()
        );
    }
    let roster = &roster;
    let ratings = &ratings;
    files::write_outputs(
        vec![
            Output::new(Some(path), move |out| {
                if !tabbed(Some(path)) {
                    return simulate::write_feedback(roster, ratings, out);
                }
                let mut csv = Vec::new();
                simulate::write_feedback(roster, ratings, &mut csv)?;
                write_tabbed(&csv, out)
            }),
            Output::new(args.output.as_deref(), |out| {
                if tabbed(args.output.as_deref()) {
                    write_tabbed(text.as_bytes(), out)
                } else {
                    out.write_all(text.as_bytes())
                }
            }),
        ],
        args.force,
    )
}

/// Whether an output is written tab-separated: a `.tsv` file, as `pair`,
/// `scores` and `sweep` write one and every reader reads one back.
fn tabbed(path: Option<&str>) -> bool {
    CsvStyle::for_output(false, path).tabs
}
