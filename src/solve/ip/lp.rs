//! The pairing as an integer program, built with good_lp over the given
//! pairs and solved by its pure-Rust backend (microlp): the model of the
//! `--solver ip` backend.
//!
//! The combinatorial solver is far faster for the plain assignment; this
//! model is the reference it is tested against, and the form in which
//! quotas (`--max-same`, `--fair`), which break the assignment structure,
//! are stated as side constraints.

use std::time::Instant;

use good_lp::{
    constraint, microlp, variable, Constraint, Expression, ProblemVariables, ResolutionError,
    Solution, SolutionStatus, SolverModel, Variable, WithTimeLimit,
};

use crate::error::Error;
use crate::rules::QuotaRule;
use crate::scoring::from_units;
use crate::solve::graph::{Graph, Objective};

/// A linear side constraint over the graph's pairs:
/// `lower <= sum coef_e x_e <= upper`.
#[derive(Clone, Debug)]
pub struct SideRow {
    /// The rule it states, for messages.
    pub label: String,
    /// The quota rule (flag and attribute) it comes from.
    pub rule: QuotaRule,
    pub coef: Vec<(usize, f64)>,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
}

/// What the integer program found and proved.
#[derive(Clone, Debug)]
pub struct IpOutcome {
    /// Edge ids (into the graph) that are paired.
    pub edges: Vec<usize>,
    /// True when microlp proved every stage optimal.
    pub proven: bool,
}

/// Why the integer program gave no pairing.
#[derive(Debug)]
pub enum IpFailure {
    /// The side constraints cannot all hold.
    Infeasible,
    /// The time limit came before any feasible pairing was found.
    NoIncumbent,
    Other(Error),
}

impl From<IpFailure> for Error {
    fn from(failure: IpFailure) -> Error {
        match failure {
            IpFailure::Infeasible => Error::Solver("the integer program is infeasible".into()),
            IpFailure::NoIncumbent => Error::Solver(
                "the time limit came before the integer program found any pairing; raise --time-limit".into(),
            ),
            IpFailure::Other(e) => e,
        }
    }
}

/// Solves the assignment on `graph` with good_lp + microlp. With
/// `PairsThenScore` it solves twice: the most pairs, then the best score
/// among pairings with that many. `time_limit` bounds the whole solve.
pub fn solve(
    graph: &Graph,
    objective: Objective,
    rows: &[SideRow],
    time_limit: Option<f64>,
) -> std::result::Result<IpOutcome, IpFailure> {
    let started = Instant::now();
    let left = |limit: Option<f64>| limit.map(|t| (t - started.elapsed().as_secs_f64()).max(0.01));
    let mut proven = true;
    let mut min_pairs = 0.0;
    if objective == Objective::PairsThenScore {
        let stage = run(graph, |_| 1.0, rows, None, None, left(time_limit))?;
        proven &= stage.proven;
        min_pairs = stage.values.iter().filter(|&&x| x > 0.5).count() as f64;
        if !stage.proven {
            return Ok(IpOutcome {
                edges: chosen(&stage.values),
                proven: false,
            });
        }
    }
    let stage = run(
        graph,
        from_units,
        rows,
        Some(min_pairs),
        None,
        left(time_limit),
    )?;
    proven &= stage.proven;
    let mut edges = chosen(&stage.values);
    // Ask again for a pairing at least one unit better until there is
    // none (see [`better_than`]): only then is the best proven.
    let total = |edges: &[usize]| edges.iter().map(|&e| graph.units[e]).sum::<i64>();
    while proven {
        let found = total(&edges);
        match run(
            graph,
            from_units,
            rows,
            Some(min_pairs),
            Some(found),
            left(time_limit),
        ) {
            Err(IpFailure::Infeasible) => break,
            Ok(better) if total(&chosen(&better.values)) > found => {
                edges = chosen(&better.values);
                proven = better.proven;
            }
            // No better pairing in time, or the solver failed on the
            // asking row: what was found stands, not proven.
            Ok(_) | Err(IpFailure::NoIncumbent) | Err(IpFailure::Other(_)) => proven = false,
        }
    }
    Ok(IpOutcome { edges, proven })
}

/// The row "a total at least one score unit above `units`" over the
/// graph's pairs `x`, in whole units: microlp prunes nodes within a
/// relative 1e-9 of its incumbent, so totals one unit apart look equal to
/// its objective, but a row's feasibility tolerance is absolute. Both
/// integer programs (this one and `--stable`'s) ask with it, after their
/// answer, for a better one until there is none.
pub fn better_than(graph: &Graph, x: &[Variable], units: i64) -> Constraint {
    let total: Expression = x
        .iter()
        .zip(&graph.units)
        .map(|(v, &u)| u as f64 * *v)
        .sum();
    constraint!(total >= units as f64 + 0.5)
}

fn chosen(values: &[f64]) -> Vec<usize> {
    (0..values.len()).filter(|&e| values[e] > 0.5).collect()
}

struct Stage {
    values: Vec<f64>,
    proven: bool,
}

/// One solve: maximise sum coef(units_e) x_e under the capacities, the side
/// rows and, when given, at least `min_pairs` pairs and a total over
/// `above_units`.
fn run(
    graph: &Graph,
    coef: impl Fn(i64) -> f64,
    rows: &[SideRow],
    min_pairs: Option<f64>,
    above_units: Option<i64>,
    time_limit: Option<f64>,
) -> std::result::Result<Stage, IpFailure> {
    let mut vars = ProblemVariables::new();
    let x: Vec<Variable> = (0..graph.n_edges())
        .map(|_| vars.add(variable().integer().min(0.0).max(1.0)))
        .collect();
    let objective: Expression = x.iter().zip(&graph.units).map(|(v, &u)| coef(u) * *v).sum();
    let mut model = vars.maximise(objective).using(microlp);
    if let Some(seconds) = time_limit {
        model = model.with_time_limit(seconds);
    }
    let mut at_junior: Vec<Expression> = vec![Expression::default(); graph.n_juniors()];
    for s in 0..graph.n_seniors() {
        let edges = graph.edges(s);
        if edges.is_empty() {
            continue;
        }
        let mut total = Expression::default();
        for e in edges {
            total += x[e];
            at_junior[graph.junior[e] as usize] += x[e];
        }
        model = model.with(constraint!(total <= graph.senior_cap[s] as f64));
    }
    for (j, total) in at_junior.into_iter().enumerate() {
        model = model.with(constraint!(total <= graph.junior_cap[j] as f64));
    }
    // A small slack keeps shares that land exactly on a bound feasible
    // despite floating point.
    const SLACK: f64 = 1e-7;
    for row in rows {
        let sum: Expression = row.coef.iter().map(|&(e, c)| c * x[e]).sum();
        if let Some(upper) = row.upper {
            model = model.with(constraint!(sum.clone() <= upper + SLACK));
        }
        if let Some(lower) = row.lower {
            model = model.with(constraint!(sum >= lower - SLACK));
        }
    }
    if let Some(min) = min_pairs.filter(|m| *m > 0.0) {
        let all: Expression = x.iter().copied().sum();
        model = model.with(constraint!(all >= min - 0.5));
    }
    if let Some(units) = above_units {
        model = model.with(better_than(graph, &x, units));
    }
    match model.solve() {
        Ok(solution) => Ok(Stage {
            values: x.iter().map(|v| solution.value(*v)).collect(),
            proven: matches!(solution.status(), SolutionStatus::Optimal),
        }),
        Err(ResolutionError::Infeasible) => Err(IpFailure::Infeasible),
        // microlp's words when its time runs out with no incumbent.
        Err(ResolutionError::Other(message))
            if time_limit.is_some() && message.starts_with("Time limit") =>
        {
            Err(IpFailure::NoIncumbent)
        }
        Err(e) => Err(IpFailure::Other(Error::Solver(format!(
            "the integer program could not be solved: {e}"
        )))),
    }
}
