//! The `--solver ip` backend: the pairing as one integer program over every
//! allowed pair, built with good_lp and solved by microlp (pure Rust).
//!
//! The flow solver and the quota search are far faster; this backend is
//! the textbook model, kept to cross-check them and for users who want it.
//! Its answer is always a valid pairing over all allowed pairs: the
//! certified optimum without quotas is solved first, as the bound; when
//! microlp stops at its time limit with no pairing, that optimum, thinned
//! until it meets the quotas, is returned, not proven.

mod lp;
mod rows;
#[cfg(test)]
mod rows_tests;

pub use lp::{better_than, solve as solve_model, IpFailure, IpOutcome, SideRow};
pub use rows::{rows, thin_to_fit};

use super::certificate::{certified_flow, RoundLog};
use super::graph::{full_graph, Graph};
use super::solution::{Bound, Measure};
use super::{quota, SolveOptions};
use crate::candidates::Candidates;
use crate::error::{Error, Result};
use crate::scoring::{from_units, Scorer};

/// What the integer program found: pairs (edges of `graph`), whether
/// proven, the words of the proof, and the bound when not proven.
pub struct Solved {
    pub graph: Graph,
    pub edges: Vec<usize>,
    pub proven: bool,
    pub proof: String,
    pub bound: Option<Bound>,
    pub rounds: usize,
    /// The certified optimum without quotas: (pairs, units).
    pub without: (usize, i64),
}

/// Pairs and total score units of a set of edges.
fn totals(graph: &Graph, edges: &[usize]) -> (usize, i64) {
    (edges.len(), edges.iter().map(|&e| graph.units[e]).sum())
}

/// A bound on (pairs, units) against what was found, on the measure the
/// two differ in first.
fn bound_of(found: (usize, i64), best: (usize, i64)) -> Bound {
    if found.0 < best.0 {
        Bound::new(Measure::Pairs, found.0 as f64, best.0 as f64)
    } else {
        Bound::new(
            Measure::TotalScore,
            from_units(found.1),
            from_units(best.1.max(found.1)),
        )
    }
}

/// A pairing that meets the quotas and is as good as the certified optimum
/// without them: optimal, whatever the integer program proved.
fn reaches_the_bound(
    graph: Graph,
    edges: Vec<usize>,
    rounds: usize,
    best: (usize, i64),
    allowed: u64,
) -> Solved {
    Solved {
        proof: format!(
            "proven: it meets the quotas and is as good as the best pairing without them, certified over all {allowed} allowed pairs"
        ),
        graph,
        edges,
        proven: true,
        bound: None,
        rounds,
        without: best,
    }
}

/// Solves with the integer program over every allowed pair.
pub fn solve(
    scorer: &Scorer,
    options: &SolveOptions,
    candidates: &Candidates,
    round_log: &mut RoundLog,
) -> Result<Solved> {
    let allowed = candidates.allowed_pairs();
    let (flow_graph, relaxed, rounds) =
        certified_flow(scorer, options.objective, candidates, round_log)?;
    let best = totals(&flow_graph, &relaxed.edges);
    let graph = full_graph(scorer);
    let rows = rows::rows(scorer, &graph);
    match lp::solve(&graph, options.objective, &rows, options.time_limit) {
        // Never a silent success with no pairs where pairs can be made.
        Ok(outcome)
            if outcome.edges.is_empty()
                && !relaxed.edges.is_empty()
                && scorer.rules.locked.is_empty() =>
        {
            Err(quota::infeasible(scorer, relaxed.edges.len()))
        }
        Ok(outcome) if outcome.proven => Ok(Solved {
            proof: format!("proven by microlp's branch and bound over all {allowed} allowed pairs"),
            graph,
            edges: outcome.edges,
            proven: true,
            bound: None,
            rounds,
            without: best,
        }),
        Ok(outcome) => {
            let found = totals(&graph, &outcome.edges);
            if found == best {
                return Ok(reaches_the_bound(
                    graph,
                    outcome.edges,
                    rounds,
                    best,
                    allowed,
                ));
            }
            Ok(Solved {
                proof: "not proven: the integer program stopped at its time limit; the bound is the optimum without quotas".into(),
                bound: Some(bound_of(found, best)),
                graph,
                edges: outcome.edges,
                proven: false,
                rounds,
                without: best,
            })
        }
        Err(IpFailure::NoIncumbent) => {
            // No pairing in time: the relaxed optimum thinned to fit.
            let flow_rows = rows::rows(scorer, &flow_graph);
            let edges = rows::thin_to_fit(&flow_rows, &flow_graph, &relaxed.edges).ok_or_else(|| {
                Error::Solver(
                    "the time limit came before the integer program found any pairing that meets the quotas; raise --time-limit".into(),
                )
            })?;
            let found = totals(&flow_graph, &edges);
            if found == best {
                return Ok(reaches_the_bound(flow_graph, edges, rounds, best, allowed));
            }
            Ok(Solved {
                proof: "not proven: the integer program found no pairing before its time limit; this is the best pairing without quotas, thinned until it meets them; the bound is the optimum without quotas".into(),
                bound: Some(bound_of(found, best)),
                graph: flow_graph,
                edges,
                proven: false,
                rounds,
                without: best,
            })
        }
        Err(IpFailure::Infeasible) => Err(quota::infeasible(scorer, relaxed.edges.len())),
        Err(IpFailure::Other(e)) => Err(e),
    }
}
