//! `rmatch learn`: score weights fitted to last cycle's feedback.
//!
//! Programmes survey their pairs after a cycle ("how useful was this
//! pairing, 1-5"). [`learn`] reads those ratings ([`feedback`]), takes each
//! rated pair's score parts as the scorer computes them ([`part_names`]:
//! every part in [`Weights::NAMES`], and `preference` when the roster has
//! a `prefers` column), and fits
//! rating ≈ a + Σ w_k · part_k with every w_k ≥ 0 ([`fit`]). The weights
//! are reported scaled to sum to 1, like the defaults, so a score stays on
//! the same 0-1 scale (`--min-score`, the unmatched bonus and the
//! `external` weight keep their meaning); the scale itself (rating points
//! per point of score) is reported beside them.
//!
//! [`compare`] re-pairs the roster under the old and the learned weights,
//! and [`simulate`] writes feedback from known weights for tests and
//! trials.

pub mod feedback;
pub mod fit;
pub mod labels;
pub mod simulate;

use std::collections::BTreeSet;

use crate::config::Config;
use crate::error::Result;
use crate::roster::Roster;
use crate::rules;
use crate::scoring::{Scorer, Weights};
use crate::solve;
use crate::units::round4;

pub use feedback::Feedback;
use fit::{CrossValidation, Model, Observation, Ranges};

/// Rated pairs needed per number fitted (each weight and the mean rating).
pub const PAIRS_PER_PARAMETER: usize = 10;

/// The fewest rated pairs `rmatch learn` suggests weights from:
/// [`PAIRS_PER_PARAMETER`] for each of `parts` weights and for the
/// baseline rating.
pub fn pairs_needed(parts: usize) -> usize {
    PAIRS_PER_PARAMETER * (parts + 1)
}

/// The score parts `rmatch learn` weighs on this roster, in the order
/// every output lists them: [`Weights::NAMES`], then `preference` when the
/// roster states preferences (a `prefers` column; without one the part is
/// 0 for every pair and cannot be weighed).
pub fn part_names(roster: &Roster) -> Vec<&'static str> {
    let mut names = Weights::NAMES.to_vec();
    if roster.has_prefers {
        names.push("preference");
    }
    names
}

/// The pair's parts named by `names` (see [`part_names`]), unweighted.
fn parts_of(scorer: &Scorer, names: &[&str], s: usize, j: usize) -> Vec<f64> {
    let mut parts = scorer
        .counts(s, j)
        .components(&Weights::default())
        .parts()
        .to_vec();
    if names.len() > parts.len() {
        parts.push(scorer.preferences.part(s, j));
    }
    parts
}

/// What the feedback says about the weights.
#[derive(Clone, Debug)]
pub struct Learned {
    /// The score parts weighed ([`part_names`]), in order.
    pub names: Vec<&'static str>,
    pub feedback: Feedback,
    /// Each rated pair as the fit sees it, in the feedback's pair order.
    pub observations: Vec<Observation>,
    /// Which score parts vary across the rated pairs (a part that does not
    /// cannot be weighed: its weight is 0).
    pub varying: Vec<bool>,
    /// The model fitted to every rated pair.
    pub model: Model,
    pub cv: CrossValidation,
    pub ranges: Ranges,
    /// The mean (adjusted) rating of the rated pairs.
    pub mean_rating: f64,
}

impl Learned {
    /// The learned weights as shares of their sum, rounded to 4 decimals,
    /// in [`Learned::names`] order; `None` when every weight is 0.
    pub fn shares(&self) -> Option<Vec<f64>> {
        self.model
            .shares()
            .map(|s| s.into_iter().map(round4).collect())
    }

    /// `base` (the old configuration's weights) with the score parts'
    /// weights replaced by the learned shares; other weights (`external`)
    /// are kept.
    pub fn weights(&self, base: Weights) -> Option<Weights> {
        let shares = self.shares()?;
        let mut w = base;
        for (name, share) in self.names.iter().zip(shares) {
            *w.get_mut(name).expect("a weight name") = share;
        }
        Some(w)
    }

    /// Why no weights should be suggested from this feedback, in words, or
    /// `None` when they may be: too few rated pairs, ratings that do not
    /// vary, or a fit that predicts held-out ratings no better than their
    /// mean.
    pub fn refusal(&self) -> Option<String> {
        let n = self.observations.len();
        let needed = pairs_needed(self.names.len());
        if n < needed {
            return Some(format!(
                "{} has {n} rated pair{}, too few to learn weights from: rmatch learn needs at least {needed} ({PAIRS_PER_PARAMETER} per number it fits: a weight for each of {} and the mean rating); rate {} more pairs and run it again",
                crate::text::escape(&self.feedback.file),
                if n == 1 { "" } else { "s" },
                self.names.join(", "),
                needed - n
            ));
        }
        if self
            .observations
            .iter()
            .all(|o| o.y == self.observations[0].y)
        {
            return Some(format!(
                "every rated pair in {} has the same rating ({}), so nothing tells a good pairing from a weak one; keep the current weights",
                crate::text::escape(&self.feedback.file),
                self.observations[0].y
            ));
        }
        if self.model.shares().is_none() || self.cv.r2 <= 0.0 {
            return Some(format!(
                "the score's parts do not predict the ratings in {}: held out, the fitted weights miss a rating by {:.2} (root mean square) against {:.2} for the mean rating alone, over {n} rated pairs; keep the current weights (more rated pairs may show a pattern these do not)",
                crate::text::escape(&self.feedback.file),
                self.cv.rmse,
                self.cv.baseline_rmse
            ));
        }
        None
    }
}

/// Learns weights from `feedback` on `roster`: the fit, its
/// cross-validation and the bootstrap ranges (see [`fit`]).
pub fn learn(roster: &Roster, feedback: Feedback) -> Learned {
    let scorer = Scorer::new(roster, Weights::default());
    let names = part_names(roster);
    let observations: Vec<Observation> = feedback
        .pairs
        .iter()
        .map(|p| {
            let parts = parts_of(&scorer, &names, p.senior, p.junior);
            Observation {
                x: parts,
                y: p.rating,
                fold: fit::fold_of(&roster.senior(p.senior).id, &roster.junior(p.junior).id),
            }
        })
        .collect();
    let k = names.len();
    let varying = if observations.is_empty() {
        vec![false; k]
    } else {
        fit::varying(&observations)
    };
    let model = fit::fit(observations.iter(), &varying);
    let enough = observations.len() >= pairs_needed(k);
    let cv = fit::cross_validate(&observations, &varying);
    // The bootstrap costs a thousand fits: only for weights that will be shown.
    let ranges = if enough {
        fit::bootstrap(&observations, &varying)
    } else {
        Ranges {
            shares: vec![(0.0, 0.0); k],
            scale: (0.0, 0.0),
            flat: 0,
        }
    };
    let mean_rating =
        observations.iter().map(|o| o.y).sum::<f64>() / observations.len().max(1) as f64;
    Learned {
        names,
        feedback,
        observations,
        varying,
        model,
        cv,
        ranges,
        mean_rating,
    }
}

/// One pairing of the roster, as the comparison reports it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Pairing {
    pub pairs: usize,
    /// `optimal`, or `not proven`.
    pub status: String,
    /// The mean rating the fitted model predicts for its pairs.
    pub mean_predicted_rating: f64,
    /// How many of last cycle's rated pairs it makes again, and their mean
    /// rating as given (`None` when it makes none).
    pub rated_pairs_made: usize,
    pub their_mean_rating: Option<f64>,
    #[serde(skip)]
    pub set: BTreeSet<(usize, usize)>,
}

/// Last cycle's roster paired under the old and the learned weights.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Comparison {
    pub old: Pairing,
    pub learned: Pairing,
    /// Pairs the learned weights make that the old ones do not (and as
    /// many the other way round, when both make as many pairs).
    pub changed: usize,
    pub removed: usize,
    /// The rated pairs themselves: their mean rating as given, and the
    /// mean the fitted model predicts for them.
    pub rated_mean_rating: f64,
    pub rated_mean_predicted: f64,
}

/// Pairs `roster` under `config` (its rules and solver) twice, with the
/// old weights and with `learned`, and predicts each pairing's mean rating
/// with the fitted model.
pub fn compare(
    roster: &Roster,
    config: &Config,
    learned: &Learned,
    new_weights: Weights,
) -> Result<Comparison> {
    let rated: BTreeSet<(usize, usize)> = learned
        .feedback
        .pairs
        .iter()
        .map(|p| (p.senior, p.junior))
        .collect();
    let rating = |s: usize, j: usize| {
        learned
            .feedback
            .pairs
            .binary_search_by_key(&(s, j), |p| (p.senior, p.junior))
            .map(|i| learned.feedback.pairs[i].rating)
            .ok()
    };
    let parts = Scorer::new(roster, Weights::default());
    let predicted = |s: usize, j: usize| {
        learned
            .model
            .predict(&parts_of(&parts, &learned.names, s, j))
    };
    let pair_with = |weights: Weights| -> Result<Pairing> {
        let rules = rules::resolve(roster, &config.rules)?;
        let scorer = Scorer::with_rules(roster, weights, rules);
        let solution = solve::solve(&scorer, &config.solve_options())?;
        let set: BTreeSet<(usize, usize)> = solution
            .pairs
            .iter()
            .map(|p| (p.senior, p.junior))
            .collect();
        let n = set.len().max(1) as f64;
        let again: Vec<f64> = set.iter().filter_map(|&(s, j)| rating(s, j)).collect();
        Ok(Pairing {
            pairs: set.len(),
            status: solution.optimality().to_string(),
            mean_predicted_rating: set.iter().map(|&(s, j)| predicted(s, j)).sum::<f64>() / n,
            rated_pairs_made: again.len(),
            their_mean_rating: (!again.is_empty())
                .then(|| again.iter().sum::<f64>() / again.len() as f64),
            set,
        })
    };
    let old = pair_with(config.weights)?;
    let new = pair_with(new_weights)?;
    let changed = new.set.difference(&old.set).count();
    let removed = old.set.difference(&new.set).count();
    let n = rated.len().max(1) as f64;
    Ok(Comparison {
        rated_mean_rating: learned.mean_rating,
        rated_mean_predicted: rated.iter().map(|&(s, j)| predicted(s, j)).sum::<f64>() / n,
        old,
        learned: new,
        changed,
        removed,
    })
}
