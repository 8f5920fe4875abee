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

use std::time::Instant;

use crate::error::{Error, Result};
use crate::model::{self, Candidates, Certificate, Graph, Objective};
use crate::scoring::{Counts, Scorer};

/// Which algorithm solves the assignment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
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
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            objective: Objective::default(),
            method: Method::default(),
            candidates: DEFAULT_CANDIDATES,
        }
    }
}

/// Best partners per person in the first candidate set.
pub const DEFAULT_CANDIDATES: usize = 10;

/// Rounds of adding missing pairs before solving over all allowed pairs.
const MAX_ROUNDS: usize = 20;

/// One pair of the pairing.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pair {
    pub senior: usize,
    pub junior: usize,
    pub counts: Counts,
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
    pub method: Method,
    pub seconds: f64,
    /// Each person's best allowed partners and allowed-partner counts.
    pub candidates: Candidates,
    /// Pairs the final solve looked at.
    pub candidate_pairs: usize,
    /// Solves run (1 when the first candidate set was enough).
    pub rounds: usize,
}

/// Scores, solves and certifies.
pub fn solve(scorer: &Scorer, options: &SolveOptions) -> Result<Solution> {
    let started = Instant::now();
    let candidates = model::candidates(scorer, options.candidates);
    let allowed = candidates.allowed_pairs();
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
            let graph = model::full_graph(scorer);
            let outcome = lp::solve(&graph, options.objective)?;
            let proof = if outcome.proven {
                format!("proven by microlp's branch and bound over all {allowed} allowed pairs")
            } else {
                "not proven: microlp stopped before proving optimality".to_string()
            };
            (graph, outcome.assignment.edges, outcome.proven, proof, 1)
        }
    };
    let pairs = pairs_of(scorer, &graph, &edges);
    Ok(Solution {
        pairs,
        proven_optimal,
        proof,
        method: options.method,
        seconds: started.elapsed().as_secs_f64(),
        candidate_pairs: graph.n_edges(),
        candidates,
        rounds,
    })
}

fn pairs_of(scorer: &Scorer, graph: &Graph, edges: &[usize]) -> Vec<Pair> {
    let mut pairs: Vec<Pair> = edges
        .iter()
        .map(|&e| {
            let senior = graph.start.partition_point(|&x| x <= e) - 1;
            let junior = graph.junior[e] as usize;
            Pair {
                senior,
                junior,
                counts: scorer.counts(senior, junior),
            }
        })
        .collect();
    pairs.sort_by_key(|p| (p.senior, p.junior));
    pairs
}
