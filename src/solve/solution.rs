//! What a solve returns: the pairs, whether they are proven optimal (and if
//! not, the bound and gap), and how they were found.

use std::fmt;

use crate::candidates::Candidates;
use crate::scoring::Counts;

/// Which algorithm solves the assignment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// Shortest augmenting paths on candidate pairs with a duality certificate.
    #[default]
    Flow,
    /// The integer program over all allowed pairs, with good_lp + microlp.
    Ip,
}

impl Method {
    pub fn describe(self) -> &'static str {
        match self {
            Method::Flow => "flow (shortest augmenting paths, certified by LP duality)",
            Method::Ip => "ip (good_lp integer program, microlp branch and bound)",
        }
    }
}

/// One pair of the pairing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pair {
    pub senior: usize,
    pub junior: usize,
    pub counts: Counts,
    /// Kept from `--lock`/`--locks` rather than chosen.
    pub locked: bool,
}

/// A solved pairing and what is known about it.
#[derive(Clone, Debug)]
pub struct Solution {
    /// Pairs sorted by senior, then junior id.
    pub pairs: Vec<Pair>,
    /// True only when optimality was proven.
    pub proven_optimal: bool,
    /// How optimality was (or was not) established, in words.
    pub proof: String,
    /// When not proven: an upper bound on the objective and the gap to it.
    pub bound: Option<Bound>,
    pub method: Method,
    pub seconds: f64,
    /// Each person's best allowed partners and allowed-partner counts.
    pub candidates: Candidates,
    /// Pairs the final solve looked at.
    pub candidate_pairs: usize,
    /// Solves run (1 when the first candidate set was enough).
    pub rounds: usize,
    /// With quotas: the best pairing without them, (pairs, total score
    /// units), certified; what the quotas cost is the difference.
    pub without_quotas: Option<(usize, i64)>,
    /// With another objective (flow, no quotas, a roster up to
    /// [`super::GOALS_COMPARED_UP_TO`] allowed pairs): the certified
    /// `--objective goals` pairing's pairs and distinct goals covered.
    pub goals_objective: Option<(usize, usize)>,
    /// With `--stable`: the best pairing without it, (pairs, total score
    /// units), certified; what stability costs is the difference.
    pub without_stability: Option<(usize, i64)>,
    /// What the solve's stages did and how long each took (`-v`).
    pub log: Vec<String>,
    /// The certificate's prices (dual values per senior and per junior,
    /// in [`super::Value`] units of the objective), when the pairing was
    /// certified as an assignment: the flow solver without quotas or
    /// minimum loads. [`super::alternatives`] reads them.
    pub duals: Option<(Vec<super::Value>, Vec<super::Value>)>,
}

/// Whether a pairing is proven optimal: `optimal` or `not proven` in every
/// output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Optimality {
    #[serde(rename = "optimal")]
    Optimal,
    #[serde(rename = "not proven")]
    NotProven,
}

impl Optimality {
    pub fn as_str(self) -> &'static str {
        match self {
            Optimality::Optimal => "optimal",
            Optimality::NotProven => "not proven",
        }
    }
}

impl fmt::Display for Optimality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Solution {
    /// `Optimal` only when optimality was proven.
    pub fn optimality(&self) -> Optimality {
        if self.proven_optimal {
            Optimality::Optimal
        } else {
            Optimality::NotProven
        }
    }
}

/// What a bound measures: the number of pairs, or the total score.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Measure {
    #[serde(rename = "pairs")]
    Pairs,
    #[serde(rename = "total score")]
    TotalScore,
}

impl Measure {
    pub fn as_str(self) -> &'static str {
        match self {
            Measure::Pairs => "pairs",
            Measure::TotalScore => "total score",
        }
    }
}

impl fmt::Display for Measure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How far from proven a pairing may be.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Bound {
    /// What is bounded.
    pub measure: Measure,
    pub value: f64,
    pub bound: f64,
    /// (bound - value) / bound.
    pub gap: f64,
}

impl fmt::Display for Bound {
    /// `pairs 212 against a bound of 257 (gap 17.51%)`; scores to 4 decimals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.measure {
            Measure::Pairs => write!(
                f,
                "pairs {} against a bound of {}",
                self.value.round(),
                self.bound.round()
            )?,
            Measure::TotalScore => write!(
                f,
                "total score {:.4} against a bound of {:.4}",
                self.value, self.bound
            )?,
        }
        write!(f, " (gap {:.2}%)", 100.0 * self.gap)
    }
}

impl Bound {
    pub(crate) fn new(measure: Measure, value: f64, bound: f64) -> Bound {
        Bound {
            measure,
            value,
            bound,
            gap: if bound > 0.0 {
                ((bound - value) / bound).max(0.0)
            } else {
                0.0
            },
        }
    }

    /// This bound with `pairs` pairs of total score `score` added to both
    /// the value and the bound (the locked pairs, which the solves leave
    /// out).
    pub(crate) fn plus_locked(self, pairs: usize, score: f64) -> Bound {
        let added = match self.measure {
            Measure::Pairs => pairs as f64,
            Measure::TotalScore => score,
        };
        Bound::new(self.measure, self.value + added, self.bound + added)
    }
}

/// Pairs and total score of a pairing, as the outputs report one beside
/// the chosen pairing (the best without quotas, or without `--stable`).
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Totals {
    pub pairs: usize,
    pub total_score: f64,
}
