//! `rmatch generate`: a synthetic roster of a given size (`rmatch-synth`),
//! and with `--feedback` simulated ratings of its pairs from known weights
//! (`rmatch::learn::simulate`).

use rmatch::error::{Error, Result};
use rmatch::files::{self, write_output, Named, Output, Replace};
use rmatch::learn::simulate::{self, FeedbackSpec};
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
        return write_output(args.output.as_deref(), args.force, |out| {
            synth::write_roster(&spec, out)
        });
    };
    let text = synth::roster_string(&spec);
    let roster = rmatch::roster::parse(
        "the generated roster",
        text.as_bytes(),
        &ReadOptions::default(),
    )?;
    let ratings = simulate::simulate(&roster, &feedback);
    if ratings.len() < feedback.pairs {
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
                simulate::write_feedback(roster, ratings, out)
            }),
            Output::new(args.output.as_deref(), |out| out.write_all(text.as_bytes())),
        ],
        args.force,
    )
}
