//! Feedback from known weights (`rmatch generate --feedback`), so that
//! `rmatch learn` can be checked against the truth: each sampled pair's
//! latent rating is 1 + 4 × its score under the true weights (scaled to sum
//! to 1), plus noise; the rating is that rounded to a whole number within
//! 1 to 5, a pair whose latent rating is below 1.5 `ended_early`, and one
//! at 4.5 or above `continued`. Only integer arithmetic, additions and
//! products are used (the noise is a sum of twelve uniform draws less six,
//! close to a standard normal), so the same seed gives the same file on
//! every machine.

use std::io::{self, Write};

use super::fit::SplitMix64;
use crate::error::{Error, Result};
use crate::roster::Roster;
use crate::scoring::{Scorer, Weights};

/// What to simulate.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FeedbackSpec {
    /// The hidden weights (only their ratios matter).
    pub weights: Weights,
    /// How many distinct allowed pairs to rate (fewer when the roster
    /// allows fewer).
    pub pairs: usize,
    /// The noise's standard deviation, in rating points.
    pub noise: f64,
    pub seed: u64,
}

/// One simulated survey answer.
#[derive(Clone, Debug, PartialEq)]
pub struct SimulatedRating {
    pub senior: usize,
    pub junior: usize,
    pub rating: u8,
    pub continued: bool,
    pub ended_early: bool,
}

/// Parses `--true-weights teach=2,learn=1,...`: every score part named in
/// [`Weights::NAMES`] that is not given is 0, and at least one must be
/// above 0.
pub fn parse_true_weights(spec: &str) -> Result<Weights> {
    let mut zero = Weights::default();
    for name in Weights::NAMES {
        *zero.get_mut(name).expect("a weight name") = 0.0;
    }
    let w = zero.parse_over(spec).map_err(|e| match e {
        Error::Usage(m) => Error::Usage(m.replace("--weights", "--true-weights")),
        other => other,
    })?;
    if w.named().iter().all(|(_, v)| *v == 0.0) {
        return Err(Error::Usage(format!(
            "--true-weights \"{spec}\" gives every score part weight 0; give at least one a positive weight, e.g. --true-weights teach=2,learn=1,interests=0.5,diversity=1"
        )));
    }
    Ok(w)
}

/// Rates `spec.pairs` distinct pairs of `roster` that its hard rules allow,
/// drawn uniformly, sorted by senior then junior.
pub fn simulate(roster: &Roster, spec: &FeedbackSpec) -> Vec<SimulatedRating> {
    let scorer = Scorer::new(roster, Weights::default());
    let mut scratch = scorer.scratch();
    // Allowed pairs are numbered senior by senior, juniors in index order;
    // a first pass counts them, so a large roster's pairs need not be
    // held in memory.
    let mut total = 0usize;
    for s in 0..scorer.n_seniors() {
        scorer.for_each_allowed(s, &mut scratch, |_, _, _| total += 1);
    }
    let mut rng = SplitMix64(spec.seed ^ 0x6665_6564_6261_636b); // "feedback"
    let n = spec.pairs.min(total);
    // Floyd's algorithm: n distinct numbers below `total`, uniformly.
    let mut picked = std::collections::BTreeSet::new();
    for top in total - n..total {
        let t = rng.below(top + 1);
        if !picked.insert(t) {
            picked.insert(top);
        }
    }
    let mut chosen = Vec::with_capacity(n);
    let mut first = 0usize;
    let mut juniors = Vec::new();
    for s in 0..scorer.n_seniors() {
        juniors.clear();
        scorer.for_each_allowed(s, &mut scratch, |j, _, _| juniors.push(j));
        juniors.sort_unstable();
        for k in picked.range(first..first + juniors.len()) {
            chosen.push((s, juniors[k - first]));
        }
        first += juniors.len();
    }
    let named = spec.weights.named();
    let total: f64 = named.iter().map(|(_, w)| w).sum();
    chosen
        .into_iter()
        .map(|(s, j)| {
            let parts = scorer.counts(s, j).components(&Weights::default()).parts();
            let score: f64 = named
                .iter()
                .zip(parts)
                .map(|((_, w), x)| w * x)
                .sum::<f64>()
                / total;
            let z = (0..12).map(|_| rng.unit()).sum::<f64>() - 6.0;
            let latent = 1.0 + 4.0 * score + spec.noise * z;
            SimulatedRating {
                senior: s,
                junior: j,
                rating: latent.round().clamp(1.0, 5.0) as u8,
                continued: latent >= 4.5,
                ended_early: latent < 1.5,
            }
        })
        .collect()
}

/// Writes simulated ratings as a feedback CSV `rmatch learn` reads.
pub fn write_feedback(
    roster: &Roster,
    ratings: &[SimulatedRating],
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    let csv_error = |e: csv::Error| io::Error::other(e.to_string());
    w.write_record([
        "senior_id",
        "junior_id",
        "rating",
        "continued",
        "ended_early",
    ])
    .map_err(csv_error)?;
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    for r in ratings {
        w.write_record([
            roster.senior(r.senior).id.as_str(),
            roster.junior(r.junior).id.as_str(),
            &r.rating.to_string(),
            yes_no(r.continued),
            yes_no(r.ended_early),
        ])
        .map_err(csv_error)?;
    }
    w.flush()
}
