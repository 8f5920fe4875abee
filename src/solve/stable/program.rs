//! `--stable`: the best pairing (most pairs, then the best total score)
//! among those with no blocking pair by stated preference, as one integer
//! program over every allowed pair, solved exactly by microlp.
//!
//! Variables: `x_e` for every allowed pair e = (s, j) (not locked), and a
//! selector `z_e`. With `c_s`, `c_j` the places left once locked pairs are
//! counted, `B_s(e)` the chosen pairs of s other than e with someone s
//! ranks at least as high as j (stated rank; everyone not listed ties), and
//! `B_j(e)` the same for j, the pair e does not block exactly when
//! `x_e = 1`, or s is full with partners it likes at least as well
//! (`B_s(e) >= c_s`), or j is (`B_j(e) >= c_j`):
//!
//! ```text
//! B_s(e) >= c_s (1 - x_e - z_e)        B_j(e) >= c_j (z_e - x_e)
//! ```
//!
//! (x_e = 1 makes both hold; otherwise z_e = 0 asks the first and z_e = 1
//! the second.) This is the linear form of stability of Vande Vate and
//! Rothblum, with a selector for the many-to-many case where both sides
//! have capacities (Baïou and Balinski). Locked partners are never let go,
//! so they count towards neither B nor c. The objective is solved in two
//! stages as the `--solver ip` backend does: the most pairs, then the best
//! total score with that many.

use std::time::Instant;

use good_lp::{
    constraint, microlp, variable, Expression, ProblemVariables, ResolutionError, Solution,
    SolutionStatus, SolverModel, Variable, WithTimeLimit,
};

use super::key;
use crate::error::{Error, Result};
use crate::scoring::{from_units, Scorer};
use crate::solve::graph::{Graph, Objective};
use crate::solve::ip::better_than;

/// The most allowed pairs `--stable` solves exactly: the integer program has two
/// variables and two rows per pair, and microlp's branch and bound is
/// practical only up to about this size (above it `--stable` answers with
/// deferred acceptance's stable pairing, not proven best).
pub const MAX_PAIRS: u64 = 1_500;

/// What the stable program found.
pub struct Found {
    /// Edges of the graph that are paired.
    pub edges: Vec<usize>,
    /// Whether microlp proved both stages optimal.
    pub proven: bool,
}

/// Why no stable pairing came back.
pub enum Failure {
    /// The program says no pairing without a blocking pair by stated
    /// preference exists. That never holds: locked partners are never let
    /// go, so a lock only takes a place, and a weakly stable pairing always
    /// exists (deferred acceptance with ties broken finds one).
    Infeasible,
    /// The time limit came before any such pairing was found.
    NoIncumbent,
    Other(Error),
}

/// Solves over `graph` (every allowed pair not locked, capacities left
/// once locked pairs are counted).
pub fn solve(
    scorer: &Scorer,
    graph: &Graph,
    objective: Objective,
    time_limit: f64,
) -> std::result::Result<Found, Failure> {
    let started = Instant::now();
    let left = || (time_limit - started.elapsed().as_secs_f64()).max(0.01);
    let mut min_pairs = None;
    let mut proven = true;
    if objective == Objective::PairsThenScore {
        let stage = run(scorer, graph, |_| 1.0, None, None, left())?;
        proven &= stage.1;
        if !stage.1 {
            return Ok(Found {
                edges: stage.0,
                proven: false,
            });
        }
        min_pairs = Some(stage.0.len());
    }
    let (mut edges, stage_proven) = run(scorer, graph, from_units, min_pairs, None, left())?;
    proven &= stage_proven;
    // Ask again for a pairing at least one unit better until there is
    // none (see [`better_than`]): only then is the best proven.
    while proven {
        let total: i64 = edges.iter().map(|&e| graph.units[e]).sum();
        match run(scorer, graph, from_units, min_pairs, Some(total), left()) {
            Err(Failure::Infeasible) => break,
            Ok((better, better_proven))
                if better.iter().map(|&e| graph.units[e]).sum::<i64>() > total =>
            {
                edges = better;
                proven = better_proven;
            }
            // No better pairing in time, or the solver failed on the
            // asking row: what was found stands, not proven.
            Ok(_) | Err(Failure::NoIncumbent) | Err(Failure::Other(_)) => proven = false,
        }
    }
    Ok(Found { edges, proven })
}

/// One stage: maximise `sum coef(units_e) x_e` over stable pairings (with
/// at least `min_pairs` pairs, and a total over `above_units`, when given).
fn run(
    scorer: &Scorer,
    graph: &Graph,
    coef: impl Fn(i64) -> f64,
    min_pairs: Option<usize>,
    above_units: Option<i64>,
    seconds: f64,
) -> std::result::Result<(Vec<usize>, bool), Failure> {
    let prefs = &scorer.preferences;
    let n = graph.n_edges();
    let mut vars = ProblemVariables::new();
    let x: Vec<Variable> = (0..n)
        .map(|_| vars.add(variable().integer().min(0.0).max(1.0)))
        .collect();
    let z: Vec<Variable> = (0..n)
        .map(|_| vars.add(variable().integer().min(0.0).max(1.0)))
        .collect();
    let objective: Expression = x.iter().zip(&graph.units).map(|(v, &u)| coef(u) * *v).sum();
    let mut model = vars
        .maximise(objective)
        .using(microlp)
        .with_time_limit(seconds);
    // Each edge's senior, and each junior's edges.
    let senior_of: Vec<usize> = graph.seniors_and_edges().map(|(s, _)| s).collect();
    let mut at_junior: Vec<Vec<usize>> = vec![Vec::new(); graph.n_juniors()];
    for e in 0..n {
        at_junior[graph.junior[e] as usize].push(e);
    }
    let senior_key = |e: usize| key(prefs.senior_rank(senior_of[e], graph.junior[e] as usize));
    let junior_key = |e: usize| key(prefs.junior_rank(graph.junior[e] as usize, senior_of[e]));
    for s in 0..graph.n_seniors() {
        let total: Expression = graph.edges(s).map(|e| x[e]).sum();
        if !graph.edges(s).is_empty() {
            model = model.with(constraint!(total <= graph.senior_cap[s] as f64));
        }
    }
    for (j, edges) in at_junior.iter().enumerate() {
        if !edges.is_empty() {
            let total: Expression = edges.iter().map(|&e| x[e]).sum();
            model = model.with(constraint!(total <= graph.junior_cap[j] as f64));
        }
    }
    for e in 0..n {
        let (s, j) = (senior_of[e], graph.junior[e] as usize);
        let (cs, cj) = (graph.senior_cap[s] as f64, graph.junior_cap[j] as f64);
        let ks = senior_key(e);
        let bs: Expression = graph
            .edges(s)
            .filter(|&f| f != e && senior_key(f) <= ks)
            .map(|f| x[f])
            .sum();
        let kj = junior_key(e);
        let bj: Expression = at_junior[j]
            .iter()
            .filter(|&&f| f != e && junior_key(f) <= kj)
            .map(|&f| x[f])
            .sum();
        model = model.with(constraint!(bs + cs * x[e] + cs * z[e] >= cs));
        model = model.with(constraint!(bj + cj * x[e] - cj * z[e] >= 0.0));
    }
    if let Some(min) = min_pairs.filter(|&m| m > 0) {
        let all: Expression = x.iter().copied().sum();
        model = model.with(constraint!(all >= min as f64 - 0.5));
    }
    if let Some(units) = above_units {
        model = model.with(better_than(graph, &x, units));
    }
    match model.solve() {
        Ok(solution) => Ok((
            (0..n).filter(|&e| solution.value(x[e]) > 0.5).collect(),
            matches!(solution.status(), SolutionStatus::Optimal),
        )),
        Err(ResolutionError::Infeasible) => Err(Failure::Infeasible),
        Err(ResolutionError::Other(message)) if message.starts_with("Time limit") => {
            Err(Failure::NoIncumbent)
        }
        Err(e) => Err(Failure::Other(Error::Solver(format!(
            "the integer program of --stable could not be solved: {e}"
        )))),
    }
}

/// A result of `--stable` a caller can act on.
pub fn failure_error(failure: Failure, seconds: f64) -> Error {
    match failure {
        Failure::Infeasible => Error::Solver(
            "the integer program of --stable found no stable pairing, though one always exists; please report this roster".into(),
        ),
        Failure::NoIncumbent => Error::Solver(format!(
            "the time limit ({seconds} s) came before --stable found any stable pairing; raise --time-limit"
        )),
        Failure::Other(e) => e,
    }
}

/// Checks, independently of the program, that a pairing has no blocking
/// pair by stated preference; the result of `--stable` is never written
/// otherwise.
pub fn check(scorer: &Scorer, pairs: &super::Pairing) -> Result<()> {
    let report = super::blocking_pairs(scorer, pairs, 1);
    if report.stated == 0 {
        Ok(())
    } else {
        Err(Error::Solver(format!(
            "the pairing --stable found has {} blocking pairs by stated preference (first: {}); please report this roster",
            report.stated,
            report.worst.first().map_or("", |w| w.1.as_str())
        )))
    }
}
