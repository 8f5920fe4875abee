//! Finding the best pairing and proving it optimal.
//!
//! The default path scores every allowed pair once (in parallel), keeps each
//! person's best few partners, solves that sparse assignment exactly with the
//! combinatorial solver in [`flow`], and checks the LP-duality certificate
//! over every allowed pair; pairs that could still improve the optimum are
//! added and the solve repeats. The [`lp`] path states the same problem as an
//! integer program with good_lp over all allowed pairs.

pub mod certificate;
pub mod flow;
pub mod graph;
pub mod lp;
pub mod quota;
pub mod solution;

#[cfg(test)]
mod quota_tests;

use std::time::Instant;

use crate::candidates;
use crate::error::{Error, Result};
use crate::scoring::{from_units, Scorer};

use certificate::{certified_flow, left_out_above, PairCache};
pub use graph::{candidate_graph, full_graph, Assignment, Graph, Objective, Value};
pub use solution::{Bound, Measure, Method, Optimality, Pair, Solution};

/// How to solve.
#[derive(Clone, Copy, Debug)]
pub struct SolveOptions {
    pub objective: Objective,
    pub method: Method,
    /// How many best partners per person enter the first candidate set.
    pub candidates: usize,
    /// Stop the integer program after this many seconds.
    pub time_limit: Option<f64>,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            objective: Objective::default(),
            method: Method::default(),
            candidates: DEFAULT_CANDIDATES,
            time_limit: None,
        }
    }
}

/// Best partners per person in the first candidate set.
pub const DEFAULT_CANDIDATES: usize = 10;

/// Up to this many allowed pairs, the integer program takes them all and its
/// proof covers every pair; above, it works on each person's best partners.
pub const IP_ALL_PAIRS_LIMIT: u64 = 20_000;

/// Reduced-cost fixing gives up (and reports a bound) past this many pairs
/// still to add, or this many rounds.
const MAX_FIXING_PAIRS: usize = 30_000;

const MAX_FIXING_ROUNDS: usize = 4;

/// Scores, solves and certifies.
pub fn solve(scorer: &Scorer, options: &SolveOptions) -> Result<Solution> {
    let started = Instant::now();
    let quotas = !scorer.rules.quotas.is_empty();
    if quotas && options.method == Method::Flow {
        return Err(Error::Usage(
            "--max-same and --fair need the integer program; drop --solver flow (or use --solver ip)".into(),
        ));
    }
    check_locks(scorer)?;
    let candidates = candidates::candidates(scorer, options.candidates);
    let mut cache = PairCache::new(scorer.n_seniors());
    let allowed = candidates.allowed_pairs();
    let mut bound = None;
    let (graph, edges, proven_optimal, proof, rounds) = match options.method {
        Method::Flow => {
            let (graph, assignment, rounds) =
                certified_flow(scorer, options.objective, &candidates, &mut cache)?;
            let proof = format!(
                "proven by an LP-duality certificate checked over all {allowed} allowed pairs"
            );
            (graph, assignment.edges, true, proof, rounds)
        }
        Method::Ip if quotas => {
            // Without the quotas the problem is an assignment, solved and
            // certified over all pairs: a relaxation. If its optimum meets
            // the quotas it is optimal with them; if not, its value R bounds
            // them, and its duals fix pairs out: any pairing that uses pair e
            // is worth at most R + rc_e (rc_e = w_e - u_s - v_j <= 0), so
            // only pairs with R + rc_e above the best pairing found can
            // matter, and those are added until none is left out.
            let (flow_graph, relaxed, rounds) =
                certified_flow(scorer, options.objective, &candidates, &mut cache)?;
            let flow_rows = quota::rows(scorer, &flow_graph);
            if quota::satisfied(&flow_rows, &relaxed.edges) {
                let proof = format!(
                    "proven: the best pairing without the quotas, certified over all {allowed} allowed pairs, already meets them"
                );
                (flow_graph, relaxed.edges, true, proof, rounds)
            } else {
                let objective = options.objective;
                let worth = |graph: &Graph, edges: &[usize]| -> Value {
                    edges.iter().map(|&e| objective.value(graph.units[e])).sum()
                };
                let bound_value = worth(&flow_graph, &relaxed.edges);
                let bound_totals = totals(&flow_graph, &relaxed.edges);
                let mut extra: Vec<(u32, u32, i64)> = flow_graph
                    .seniors_and_edges()
                    .map(|(s, e)| (s as u32, flow_graph.junior[e], flow_graph.units[e]))
                    .collect();
                let mut round = rounds;
                loop {
                    round += 1;
                    let graph = candidate_graph(scorer, &candidates, &extra);
                    let outcome = match integer_program(scorer, options, &graph) {
                        Err(Error::Solver(_)) if options.time_limit.is_some() => {
                            // No incumbent in time: fall back to the relaxed pairing
                            // thinned until it meets the quotas.
                            match quota::thin_to_fit(&flow_rows, &flow_graph, &relaxed.edges) {
                                Some(edges) => {
                                    let found = totals(&flow_graph, &edges);
                                    bound = Some(if found.0 < bound_totals.0 {
                                        Bound::new(Measure::Pairs, found.0 as f64, bound_totals.0 as f64)
                                    } else {
                                        Bound::new(Measure::TotalScore, from_units(found.1), from_units(bound_totals.1))
                                    });
                                    let proof = "not proven: the integer program found no pairing before its time limit; this is the best pairing without quotas, thinned until it meets them; the bound is the optimum without quotas".to_string();
                                    break (flow_graph, edges, false, proof, round);
                                }
                                None => return Err(Error::Solver(
                                    "the time limit came before the integer program found any pairing that meets the quotas; raise --time-limit".into(),
                                )),
                            }
                        }
                        other => other?,
                    };
                    let found = totals(&graph, &outcome.edges);
                    let not_proven = || -> Option<Bound> {
                        Some(if found.0 < bound_totals.0 {
                            Bound::new(Measure::Pairs, found.0 as f64, bound_totals.0 as f64)
                        } else {
                            Bound::new(
                                Measure::TotalScore,
                                from_units(found.1),
                                from_units(bound_totals.1),
                            )
                        })
                    };
                    if !outcome.proven {
                        bound = not_proven();
                        let proof = "not proven: the integer program stopped at its time limit; the bound is the optimum without quotas".to_string();
                        break (graph, outcome.edges, false, proof, round);
                    }
                    let slack = bound_value - worth(&graph, &outcome.edges);
                    let (needed, more) = left_out_above(
                        scorer,
                        objective,
                        &graph,
                        &candidates,
                        &mut cache,
                        &relaxed.senior_dual,
                        &relaxed.junior_dual,
                        slack,
                        0,
                    );
                    if needed == 0 {
                        let cost = if found.0 < bound_totals.0 {
                            format!("{} pairs", bound_totals.0 - found.0)
                        } else {
                            format!("{:.4} of total score", from_units(bound_totals.1 - found.1))
                        };
                        let proof = format!(
                            "proven: microlp's optimum over {} pairs, and reduced-cost fixing with the certified duals of the problem without quotas rules out the other {} allowed pairs; the quotas cost {cost} against the best pairing without them",
                            graph.n_edges(),
                            allowed - graph.n_edges() as u64
                        );
                        break (graph, outcome.edges, true, proof, round);
                    }
                    if needed > MAX_FIXING_PAIRS || round - rounds >= MAX_FIXING_ROUNDS {
                        bound = not_proven();
                        let proof = format!(
                            "not proven over all pairs: microlp proved it optimal over {} pairs, but {needed} more allowed pairs could still improve it; the bound is the optimum without quotas",
                            graph.n_edges()
                        );
                        break (graph, outcome.edges, false, proof, round);
                    }
                    extra.extend(more);
                }
            }
        }
        Method::Ip => {
            let all = allowed <= IP_ALL_PAIRS_LIMIT;
            let graph = if all {
                full_graph(scorer)
            } else {
                candidate_graph(scorer, &candidates, &[])
            };
            let outcome = integer_program(scorer, options, &graph)?;
            let proof = match (outcome.proven, all) {
                (true, true) => format!("proven by microlp's branch and bound over all {allowed} allowed pairs"),
                (true, false) => format!(
                    "not proven over all pairs: microlp proved it optimal over the {} candidate pairs (each person's best {}) of {allowed} allowed pairs; raise --candidates to widen the search",
                    graph.n_edges(),
                    candidates.k
                ),
                (false, _) => "not proven: the integer program stopped at its time limit".to_string(),
            };
            if let Some((measure, upper, value)) = outcome.bound {
                bound = Some(Bound::new(measure, value, upper));
            }
            (graph, outcome.edges, outcome.proven && all, proof, 1)
        }
    };
    let pairs = pairs_of(scorer, &graph, &edges);
    Ok(Solution {
        pairs,
        proven_optimal,
        proof,
        bound,
        method: options.method,
        seconds: started.elapsed().as_secs_f64(),
        candidate_pairs: graph.n_edges(),
        candidates,
        rounds,
    })
}

/// Pairs and total score units of a set of edges.
fn totals(graph: &Graph, edges: &[usize]) -> (usize, i64) {
    (edges.len(), edges.iter().map(|&e| graph.units[e]).sum())
}

/// The integer program with the quotas over `graph`.
fn integer_program(
    scorer: &Scorer,
    options: &SolveOptions,
    graph: &Graph,
) -> Result<lp::IpOutcome> {
    let rows = quota::rows(scorer, graph);
    match lp::solve(graph, options.objective, &rows, options.time_limit) {
        Ok(outcome) => Ok(outcome),
        Err(lp::IpFailure::Infeasible) => Err(quota::explain_infeasible(scorer, graph, &rows)),
        Err(failure) => Err(failure.into()),
    }
}

/// Locked pairs must obey every hard rule and fit the capacities: checked
/// before solving, with the rule named.
fn check_locks(scorer: &Scorer) -> Result<()> {
    let roster = scorer.roster;
    let mut problems = Vec::new();
    let mut senior_locks = vec![0u32; roster.n_seniors];
    let mut junior_locks = vec![0u32; roster.n_juniors()];
    for &(s, j) in &scorer.rules.locked {
        senior_locks[s] += 1;
        junior_locks[j] += 1;
        let (senior, junior) = (roster.senior(s), roster.junior(j));
        if let (_, Some(rule)) = scorer.evaluate(s, j) {
            problems.push(format!(
                "the lock {}:{} breaks the rule \"{}\" ({} and {} may not be paired)",
                senior.id,
                junior.id,
                rule.label(),
                senior.name,
                junior.name
            ));
        }
    }
    for (person, locks) in roster
        .seniors()
        .iter()
        .zip(&senior_locks)
        .chain(roster.juniors().iter().zip(&junior_locks))
    {
        if *locks > person.capacity {
            problems.push(format!(
                "{} has {locks} locked pairs but capacity {}",
                person.id, person.capacity
            ));
        }
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Error::Infeasible(format!(
            "the locked pairs cannot all be kept: {}; remove those locks or fix the roster",
            problems.join("; ")
        )))
    }
}

/// The chosen pairs plus the locked ones, sorted.
fn pairs_of(scorer: &Scorer, graph: &Graph, edges: &[usize]) -> Vec<Pair> {
    let chosen = edges.iter().map(|&e| {
        let senior = graph.senior_of(e);
        (senior, graph.junior[e] as usize, false)
    });
    let locked = scorer.rules.locked.iter().map(|&(s, j)| (s, j, true));
    let mut pairs: Vec<Pair> = chosen
        .chain(locked)
        .map(|(senior, junior, locked)| Pair {
            senior,
            junior,
            counts: scorer.counts(senior, junior),
            locked,
        })
        .collect();
    pairs.sort_by_key(|p| (p.senior, p.junior));
    pairs
}
