//! Finding the best pairing and proving it optimal.
//!
//! The default path scores every allowed pair once (in parallel), keeps each
//! person's best few partners, solves that sparse assignment exactly with the
//! combinatorial solver in [`flow`], and checks the LP-duality certificate
//! over every allowed pair; pairs that could still improve the optimum are
//! added and the solve repeats. The [`lp`] path states the same problem as an
//! integer program with good_lp over all allowed pairs.

pub mod flow;
pub mod lp;
pub mod quota;

use std::time::Instant;

use crate::error::{Error, Result};
use crate::model::{self, Candidates, Certificate, Graph, Objective};
use crate::scoring::{Counts, Scorer};

/// Which algorithm solves the assignment.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
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

/// Rounds of adding missing pairs before solving over all allowed pairs.
const MAX_ROUNDS: usize = 20;

/// Up to this many allowed pairs, the integer program takes them all and its
/// proof covers every pair; above, it works on each person's best partners.
pub const IP_ALL_PAIRS_LIMIT: u64 = 20_000;

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
    /// Pairs sorted by senior, then junior.
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
}

/// How far from proven a pairing may be.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Bound {
    /// What is bounded: "pairs" or "total score".
    pub measure: &'static str,
    pub value: f64,
    pub bound: f64,
    /// (bound - value) / bound.
    pub gap: f64,
}

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
    let candidates = model::candidates(scorer, options.candidates);
    let allowed = candidates.allowed_pairs();
    let mut bound = None;
    let (graph, edges, proven_optimal, proof, rounds) = match options.method {
        Method::Flow => {
            let mut extra = Vec::new();
            let mut rounds = 0;
            loop {
                rounds += 1;
                let graph = if rounds > MAX_ROUNDS {
                    model::full_graph(scorer)
                } else {
                    model::candidate_graph(scorer, &candidates, &extra)
                };
                let assignment = flow::solve(&graph, options.objective);
                match model::certify(scorer, options.objective, &graph, &candidates, &assignment) {
                    Certificate::Proven => {
                        let proof = format!(
                            "proven by an LP-duality certificate checked over all {allowed} allowed pairs"
                        );
                        break (graph, assignment.edges, true, proof, rounds);
                    }
                    Certificate::Missing(missing) if rounds <= MAX_ROUNDS => extra.extend(missing),
                    Certificate::Missing(_) => {
                        return Err(Error::Solver(
                            "the certificate failed over all allowed pairs".into(),
                        ))
                    }
                    Certificate::Broken(why) => {
                        return Err(Error::Solver(format!(
                            "the optimality certificate does not hold: {why}"
                        )))
                    }
                }
            }
        }
        Method::Ip => {
            let all = allowed <= IP_ALL_PAIRS_LIMIT;
            let graph = if all {
                model::full_graph(scorer)
            } else {
                model::candidate_graph(scorer, &candidates, &[])
            };
            let rows = quota::rows(scorer, &graph);
            let outcome = match lp::solve(&graph, options.objective, &rows, options.time_limit) {
                Ok(outcome) => outcome,
                Err(lp::IpFailure::Infeasible) => {
                    return Err(quota::explain_infeasible(scorer, &graph, &rows))
                }
                Err(lp::IpFailure::Other(e)) => return Err(e),
            };
            let scope = if all {
                format!("all {allowed} allowed pairs")
            } else {
                format!(
                    "the {} candidate pairs (each person's best {}) of {allowed} allowed pairs",
                    graph.n_edges(),
                    candidates.k
                )
            };
            let proof = match (outcome.proven, all) {
                (true, true) => format!("proven by microlp's branch and bound over {scope}"),
                (true, false) => format!(
                    "not proven over all pairs: microlp proved it optimal over {scope}; raise --candidates to widen the search"
                ),
                (false, _) => "not proven: the integer program stopped at its time limit".to_string(),
            };
            if let Some((measure, upper, value)) = outcome.bound {
                bound = Some(Bound {
                    measure,
                    value,
                    bound: upper,
                    gap: if upper > 0.0 {
                        ((upper - value) / upper).max(0.0)
                    } else {
                        0.0
                    },
                });
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
        let senior = graph.start.partition_point(|&x| x <= e) - 1;
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
