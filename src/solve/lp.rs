//! The pairing as an integer program, built with good_lp over the given
//! pairs and solved by its pure-Rust backend (microlp).
//!
//! The combinatorial solver is far faster for the plain assignment; this
//! model is the reference it is tested against, and the form in which rules
//! that break the assignment structure can be stated.

use good_lp::{
    constraint, microlp, variable, Expression, ProblemVariables, Solution, SolutionStatus,
    SolverModel, Variable,
};

use crate::error::{Error, Result};
use crate::model::{Assignment, Graph, Objective};
use crate::scoring::from_units;

/// What the integer program proved about its answer.
pub struct IpOutcome {
    pub assignment: Assignment,
    /// True when microlp proved every stage optimal.
    pub proven: bool,
}

/// Solves the assignment on `graph` with good_lp + microlp. With
/// `PairsThenScore` it solves twice: the most pairs, then the best score
/// among pairings with that many.
pub fn solve(graph: &Graph, objective: Objective) -> Result<IpOutcome> {
    let mut proven = true;
    let mut min_pairs = 0.0;
    if objective == Objective::PairsThenScore {
        let (values, status) = run(graph, |_| 1.0, None)?;
        proven &= matches!(status, SolutionStatus::Optimal);
        min_pairs = values.iter().filter(|&&x| x > 0.5).count() as f64;
    }
    let (values, status) = run(graph, from_units, Some(min_pairs))?;
    proven &= matches!(status, SolutionStatus::Optimal);
    let edges = (0..graph.n_edges()).filter(|&e| values[e] > 0.5).collect();
    Ok(IpOutcome {
        assignment: Assignment {
            edges,
            ..Assignment::default()
        },
        proven,
    })
}

/// One solve: maximise sum coef(units_e) x_e under the capacities and, when
/// given, at least `min_pairs` pairs.
fn run(
    graph: &Graph,
    coef: impl Fn(i64) -> f64,
    min_pairs: Option<f64>,
) -> Result<(Vec<f64>, SolutionStatus)> {
    let mut vars = ProblemVariables::new();
    let x: Vec<Variable> = (0..graph.n_edges())
        .map(|_| vars.add(variable().binary()))
        .collect();
    let objective: Expression = x.iter().zip(&graph.units).map(|(v, &u)| coef(u) * *v).sum();
    let mut model = vars.maximise(objective).using(microlp);
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
    if let Some(min) = min_pairs.filter(|m| *m > 0.0) {
        let all: Expression = x.iter().copied().sum();
        model = model.with(constraint!(all >= min));
    }
    let solution = model
        .solve()
        .map_err(|e| Error::Solver(format!("the integer program could not be solved: {e}")))?;
    let values = x.iter().map(|v| solution.value(*v)).collect();
    Ok((values, solution.status()))
}
