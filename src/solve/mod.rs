//! Finding the best pairing and proving it optimal.
//!
//! The default path looks at every allowed pair once (in parallel; a pair is
//! scored only when its bound could matter), keeps each person's best few
//! partners, solves that sparse assignment exactly with the
//! combinatorial solver in [`flow`], and checks the LP-duality certificate
//! over every allowed pair; pairs that could still improve the optimum are
//! added and the solve repeats. With quotas (`--max-same`, `--fair`), that
//! certified pairing is the start and the bound of an exact search in
//! [`quota`]. The [`ip`] backend states the same problem as one integer
//! program with good_lp over all allowed pairs.

pub mod alternatives;
pub mod cardinality;
pub mod certificate;
pub mod flow;
pub mod graph;
pub mod ip;
pub mod loads;
pub mod queue;
pub mod quota;
pub mod scan;
pub mod solution;
pub mod stable;

/// A tiny deterministic generator (xorshift) for the solvers' tests, so
/// one seed makes a whole case.
#[cfg(test)]
pub(crate) struct TestRng(pub u64);

#[cfg(test)]
impl TestRng {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

use rayon::prelude::*;
use std::time::Instant;

use crate::candidates;
use crate::error::{Error, Result};
use crate::roster::Role;
use crate::scoring::{from_units, Scorer};

use certificate::{certified_flow, certified_flow_with, RoundLog};
pub use graph::{candidate_graph, full_graph, Assignment, Graph, Objective, Value};
pub use solution::{Bound, Measure, Method, Optimality, Pair, Solution, Totals};

/// How to solve.
#[derive(Clone, Debug)]
pub struct SolveOptions {
    pub objective: Objective,
    pub method: Method,
    /// How many best partners per person enter the first candidate set.
    pub candidates: usize,
    /// Stop the quota search or the integer program after this many
    /// seconds (default [`DEFAULT_TIME_LIMIT`]).
    pub time_limit: Option<f64>,
    /// Told now and then how a long quota search is going.
    pub progress: Option<Progress>,
    /// On rosters of up to [`GOALS_COMPARED_UP_TO`] allowed pairs, also
    /// solve by goals covered, for the summary to compare with
    /// ([`Solution::goals_objective`]); callers that show no summary (a
    /// sweep's steps, `check`) leave it out.
    pub compare_goals: bool,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            objective: Objective::default(),
            method: Method::default(),
            candidates: DEFAULT_CANDIDATES,
            time_limit: None,
            progress: None,
            compare_goals: true,
        }
    }
}

/// How far a long quota search has got: its best pairing so far (pairs and
/// total score) and the most any pairing could still reach.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SearchProgress {
    pub pairs: usize,
    pub best: Option<f64>,
    pub bound: f64,
    /// Branch-and-bound nodes looked at so far.
    pub nodes: usize,
}

impl SearchProgress {
    /// (bound - best) / bound, when there is a best pairing.
    pub fn gap(&self) -> Option<f64> {
        let best = self.best?;
        Some(if self.bound > 0.0 {
            ((self.bound - best) / self.bound).max(0.0)
        } else {
            0.0
        })
    }
}

/// A callback for [`SearchProgress`] (a progress line on a terminal).
#[derive(Clone)]
pub struct Progress(pub std::sync::Arc<dyn Fn(&SearchProgress) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

/// Best partners per person in the first candidate set.
pub const DEFAULT_CANDIDATES: usize = 10;

/// Seconds the quota search and the integer program get when no
/// `--time-limit` is given; past it the best pairing found is returned, not
/// proven, with its bound.
pub const DEFAULT_TIME_LIMIT: f64 = 120.0;

/// Scores, solves and certifies.
pub fn solve(scorer: &Scorer, options: &SolveOptions) -> Result<Solution> {
    solve_from(scorer, options, None, None)
}

/// [`solve`] with the candidates already found: `candidates` must be what
/// `candidates::candidates(scorer, senior_list_length(scorer,
/// options.candidates))` gives (as
/// [`candidates::candidates_for_weights`] does for each of a sweep's
/// weightings), so the solution is the one `solve` finds.
pub fn solve_with_candidates(
    scorer: &Scorer,
    options: &SolveOptions,
    candidates: candidates::Candidates,
) -> Result<Solution> {
    assert_eq!(
        candidates.k,
        candidates::senior_list_length(scorer, options.candidates.max(1)),
        "candidates for another list length"
    );
    solve_from(scorer, options, Some(candidates), None)
}

/// What [`solve_with_candidates`] solves before its first certificate
/// round is checked, so that several weightings' first rounds can be
/// checked together ([`certificate::first_rounds_together`]): the checks
/// [`solve`] makes first (with the same errors), the loads it values, and
/// the first round's pairing. None where the solve is not a certified flow
/// without quotas, which is solved whole by [`solve_with_candidates`].
pub fn start_first_round(
    scorer: &Scorer,
    options: &SolveOptions,
    candidates: &candidates::Candidates,
) -> Result<Option<(Option<loads::Loads>, certificate::Solved)>> {
    if scorer.rules.stable || !scorer.rules.quotas.is_empty() || options.method != Method::Flow {
        return Ok(None);
    }
    check_locks(scorer)?;
    let loads = loads::loads(scorer, options.objective)?;
    let solved =
        certificate::solve_first_round(scorer, options.objective, candidates, loads.as_ref());
    Ok(Some((loads, solved)))
}

/// [`solve_with_candidates`] going on from its first round, started by
/// [`start_first_round`] and checked by
/// [`certificate::first_rounds_together`]: the same solution.
pub fn solve_after_first_round(
    scorer: &Scorer,
    options: &SolveOptions,
    candidates: candidates::Candidates,
    first: certificate::FirstRound,
) -> Result<Solution> {
    solve_from(scorer, options, Some(candidates), Some(first))
}

/// Refuses an objective the solver cannot take with these rules: the
/// goals objective needs the flow solver and no quotas. A usage error,
/// said before any roster is read where the config shows it.
pub fn check_objective(objective: Objective, quotas: bool, method: Method) -> Result<()> {
    if objective == Objective::Goals && (quotas || method == Method::Ip) {
        return Err(Error::Usage(
            "--objective goals works with the default flow solver and without quotas (--max-same, --fair); drop those, or use the default objective".into(),
        ));
    }
    Ok(())
}

/// [`solve`], finding the candidates unless they are `given`.
fn solve_from(
    scorer: &Scorer,
    options: &SolveOptions,
    given: Option<candidates::Candidates>,
    first: Option<certificate::FirstRound>,
) -> Result<Solution> {
    let started = Instant::now();
    let quotas = !scorer.rules.quotas.is_empty();
    check_objective(options.objective, quotas, options.method)?;
    check_locks(scorer)?;
    if scorer.rules.stable {
        return stable::solve(scorer, options, started);
    }
    let loads = loads::loads(scorer, options.objective)?;
    if loads.is_some() && (quotas || options.method == Method::Ip) {
        return Err(Error::Usage(format!(
            "minimum loads (the min_capacity column), --everyone-first and --spread-ties are solved by the flow solver without quotas; {}",
            if quotas {
                "drop --max-same and --fair, or the minimum loads, --everyone-first and --spread-ties"
            } else {
                "leave out --solver ip"
            }
        )));
    }
    let found_here = given.is_none();
    let (mut candidates, mut juniors_later) = match given {
        Some(given) => (given, None),
        None => {
            let k = candidates::senior_list_length(scorer, options.candidates.max(1));
            let (candidates, later) = candidates::candidates_juniors_later(scorer, k);
            (candidates, Some(later))
        }
    };
    // The juniors' allowed counts, where left to count: beside the flow's
    // rounds (whose flows run on one thread), or now.
    let beside_flow = options.method == Method::Flow && !quotas;
    if !beside_flow {
        if let Some(counts) = juniors_later.take().and_then(|later| later.count(scorer)) {
            candidates.junior_allowed = counts;
        }
    }
    let mut round_log = RoundLog::default();
    let allowed = candidates.allowed_pairs();
    round_log.log.push(if found_here {
        format!(
            "candidates {:.3} s: {allowed} allowed pairs, {} of them scored (the others are bounded below every list they could enter), best {} per senior and {} per junior kept{}",
            started.elapsed().as_secs_f64(),
            candidates.scored,
            candidates.k,
            candidates.junior_k,
            match candidates.made_again {
                0 => String::new(),
                n => format!(" ({n} seniors' lists made again: an optimistic floor was too high)"),
            }
        )
    } else {
        format!(
            "candidates given: {allowed} allowed pairs, best {} per senior and {} per junior kept",
            candidates.k, candidates.junior_k
        )
    });
    let mut bound = None;
    let mut without_quotas = None;
    let mut duals = None;
    let (graph, edges, proven_optimal, proof, rounds) = match options.method {
        Method::Flow if !quotas => {
            let (solved, junior_counts) = rayon::join(
                || {
                    certified_flow_with(
                        scorer,
                        options.objective,
                        &candidates,
                        &mut round_log,
                        loads.as_ref(),
                        first,
                    )
                },
                move || juniors_later.and_then(|later| later.count(scorer)),
            );
            if let Some(counts) = junior_counts {
                candidates.junior_allowed = counts;
            }
            let (graph, assignment, rounds) = solved?;
            let proof = format!(
                "proven by an LP-duality certificate checked over all {allowed} allowed pairs"
            );
            if loads.is_some() {
                minimum_loads_hold(scorer, &graph, &assignment.edges, &candidates)?;
            } else {
                duals = Some((assignment.senior_dual, assignment.junior_dual));
            }
            (graph, assignment.edges, true, proof, rounds)
        }
        Method::Flow => {
            let (flow_graph, relaxed, rounds) =
                certified_flow(scorer, options.objective, &candidates, &mut round_log)?;
            let relaxed_pairs: Vec<(usize, usize)> = relaxed
                .edges
                .iter()
                .map(|&e| (flow_graph.senior_of(e), flow_graph.junior[e] as usize))
                .collect();
            if quota::meets(scorer, &relaxed_pairs) {
                without_quotas = Some(totals(&flow_graph, &relaxed.edges));
                let proof = format!(
                    "proven: the best pairing without the quotas, certified over all {allowed} allowed pairs, already meets them"
                );
                (flow_graph, relaxed.edges, true, proof, rounds)
            } else {
                // The most pairs any pairing can have bounds the search.
                let most = match options.objective {
                    Objective::PairsThenScore => relaxed.edges.len(),
                    Objective::Score | Objective::Goals => {
                        let mut most_log = RoundLog::default();
                        let most = certified_flow(
                            scorer,
                            Objective::PairsThenScore,
                            &candidates,
                            &mut most_log,
                        )?
                        .1
                        .edges
                        .len();
                        round_log.append("the most pairs, for the quota search", most_log);
                        most
                    }
                };
                let limit = options.time_limit.unwrap_or(DEFAULT_TIME_LIMIT);
                let deadline = started + std::time::Duration::from_secs_f64(limit);
                let without = totals(&flow_graph, &relaxed.edges);
                without_quotas = Some(without);
                let found = quota::solve(
                    scorer,
                    options.objective,
                    &flow_graph,
                    most,
                    i128::from(without.1),
                    Some(deadline),
                    options.progress.as_ref(),
                )?;
                let found = if found.pairs.is_empty() && !found.proven {
                    // Stopped before any pairing was found: the best pairing
                    // without quotas, thinned until it meets them, if any.
                    let rows = ip::rows(scorer, &flow_graph);
                    let thinned = ip::thin_to_fit(&rows, &flow_graph, &relaxed.edges)
                        .map(|edges| {
                            edges
                                .iter()
                                .map(|&e| (flow_graph.senior_of(e), flow_graph.junior[e] as usize))
                                .collect::<Vec<_>>()
                        })
                        .filter(|pairs| !pairs.is_empty() && quota::meets(scorer, pairs))
                        .ok_or_else(|| {
                            Error::Solver(format!(
                                "the time limit ({limit} s) came before any pairing that meets the quotas was found; raise --time-limit"
                            ))
                        })?;
                    quota::QuotaPairing {
                        pairs: thinned,
                        ..found
                    }
                } else {
                    found
                };
                let lists: Vec<Vec<(u32, i64)>> = {
                    let mut lists = vec![Vec::new(); scorer.n_seniors()];
                    for &(s, j) in &found.pairs {
                        lists[s].push((j as u32, scorer.units(s, j, &scorer.counts(s, j))));
                    }
                    lists
                };
                let graph = Graph::from_lists(
                    scorer.senior_left.clone(),
                    scorer.junior_left.clone(),
                    &lists,
                );
                let edges: Vec<usize> = (0..graph.n_edges()).collect();
                let with = totals(&graph, &edges);
                let st = found.stats;
                let proof = if found.proven {
                    format!(
                        "proven: branch and bound on exact Lagrangian bounds ({} nodes, {} flow solves), priced over all {allowed} allowed pairs",
                        st.nodes, st.solves
                    )
                } else {
                    let (pairs, units) = found.bound.unwrap_or((with.0, i128::from(with.1)));
                    bound = Some(if with.0 < pairs {
                        Bound::new(Measure::Pairs, with.0 as f64, pairs as f64)
                    } else {
                        Bound::new(
                            Measure::TotalScore,
                            from_units(with.1),
                            units as f64 / crate::units::UNITS_PER_POINT,
                        )
                    });
                    format!(
                        "not proven: the search stopped at its time limit after {} nodes; the bound is the most a pairing could still reach",
                        st.nodes
                    )
                };
                (graph, edges, found.proven, proof, rounds)
            }
        }
        Method::Ip => {
            let options = SolveOptions {
                time_limit: Some(options.time_limit.unwrap_or(DEFAULT_TIME_LIMIT)),
                ..options.clone()
            };
            let solved = ip::solve(scorer, &options, &candidates, &mut round_log)?;
            bound = solved.bound;
            without_quotas = quotas.then_some(solved.without);
            (
                solved.graph,
                solved.edges,
                solved.proven,
                solved.proof,
                solved.rounds,
            )
        }
    };
    // The locked pairs are in the pairing but in none of the graphs
    // solved: the figures set beside it count them too, so that the two
    // compare whole.
    let locked = locked_totals(scorer);
    let without_quotas = without_quotas.map(|(n, u)| (n + locked.0, u + locked.1));
    let bound = bound.map(|b| b.plus_locked(locked.0, from_units(locked.1)));
    let pairs = pairs_of(scorer, &graph, &edges);
    let seconds = started.elapsed().as_secs_f64();
    // What --objective goals would cover, to tell the coordinator when
    // the objective run covers markedly fewer goals.
    let goals_objective = match (options.objective, options.method) {
        (Objective::Goals, _) | (_, Method::Ip) => None,
        _ if !options.compare_goals => None,
        _ if quotas || allowed > GOALS_COMPARED_UP_TO => None,
        _ => {
            let mut goals_log = RoundLog::default();
            let (graph, assignment, _) =
                certified_flow(scorer, Objective::Goals, &candidates, &mut goals_log)?;
            round_log.append("--objective goals, for comparison", goals_log);
            let pairs = pairs_of(scorer, &graph, &assignment.edges);
            let (covered, _) = scorer.goals_covered(pairs.iter().map(|p| (p.senior, p.junior)));
            Some((pairs.len(), covered))
        }
    };
    Ok(Solution {
        pairs,
        proven_optimal,
        proof,
        bound,
        method: options.method,
        seconds,
        candidate_pairs: graph.n_edges(),
        candidates,
        rounds,
        without_quotas,
        goals_objective,
        without_stability: None,
        log: round_log.log,
        duals,
    })
}

/// Up to this many allowed pairs, a run with another objective also solves
/// `--objective goals` to compare the goals covered (a second certified
/// solve; larger rosters skip it).
pub const GOALS_COMPARED_UP_TO: u64 = 200_000;

/// Pairs and total score units of a set of edges.
fn totals(graph: &Graph, edges: &[usize]) -> (usize, i64) {
    (edges.len(), edges.iter().map(|&e| graph.units[e]).sum())
}

/// Pairs and total score units of the locked pairs, which the solves leave
/// out of their graphs (the seniors' and juniors' places left count them).
fn locked_totals(scorer: &Scorer) -> (usize, i64) {
    scorer
        .rules
        .locked
        .iter()
        .map(|&(s, j)| scorer.units(s, j, &scorer.counts(s, j)))
        .fold((0, 0), |(n, u), x| (n + 1, u + x))
}

/// After a certified solve with minimum loads: everyone has their minimum,
/// or no pairing can give it (the solve put minimum loads first and is
/// proven), and the error names who falls short and why.
fn minimum_loads_hold(
    scorer: &Scorer,
    graph: &Graph,
    edges: &[usize],
    candidates: &candidates::Candidates,
) -> Result<()> {
    let roster = scorer.roster;
    let mut load = [vec![0u32; roster.n_seniors], vec![0u32; roster.n_juniors()]];
    for &(s, j) in &scorer.rules.locked {
        load[0][s] += 1;
        load[1][j] += 1;
    }
    for &e in edges {
        load[0][graph.senior_of(e)] += 1;
        load[1][graph.junior[e] as usize] += 1;
    }
    let mut short = Vec::new();
    let (mut needed, mut met) = (0u64, 0u64);
    for role in [crate::roster::Role::Senior, crate::roster::Role::Junior] {
        let side = usize::from(role == crate::roster::Role::Junior);
        for (i, &got) in load[side].iter().enumerate() {
            let person = roster.person(role, i);
            needed += u64::from(person.min_capacity);
            met += u64::from(got.min(person.min_capacity));
            if got < person.min_capacity {
                short.push(crate::explain::short_of_minimum(
                    scorer, candidates, role, i, got,
                ));
            }
        }
    }
    if short.is_empty() {
        return Ok(());
    }
    const SHOWN: usize = 20;
    let more = short.len().saturating_sub(SHOWN);
    short.truncate(SHOWN);
    let mut list = short.join("; ");
    if more > 0 {
        list.push_str(&format!("; and {more} more"));
    }
    // When one side's minimums alone ask for more partners than the other
    // side has places, say so first: it is the plainest reason.
    let mut sides = String::new();
    for (role, other) in [
        (crate::roster::Role::Senior, crate::roster::Role::Junior),
        (crate::roster::Role::Junior, crate::roster::Role::Senior),
    ] {
        let asked: u64 = (0..roster.count(role))
            .map(|i| u64::from(roster.person(role, i).min_capacity))
            .sum();
        let places: u64 = (0..roster.count(other))
            .map(|i| u64::from(roster.person(other, i).capacity))
            .sum();
        if asked > places {
            sides.push_str(&format!(
                " The {role}s' minimums ask for {asked} partners, but the {other}s have {places} places in all."
            ));
        }
    }
    Err(Error::Infeasible(format!(
        "the minimum loads (min_capacity) cannot all hold: no pairing gives everyone their minimum (proven: the best meets {met} of the {needed} partners the minimums ask for).{sides} Short in it: {list}. Lower those minimums, raise capacities, or relax the rules that rule partners out"
    )))
}

/// The locks [`check_locks`] names before it counts the rest.
const LOCK_PROBLEMS_SHOWN: usize = 20;

/// Locked pairs must obey every hard rule and fit the capacities: checked
/// before solving, with the rule named.
pub(crate) fn check_locks(scorer: &Scorer) -> Result<()> {
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
                scorer.rule_text(rule, s, j),
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
        return Ok(());
    }
    // The first ones, as other lists say them: a run that locks a whole
    // pairing at once can break thousands.
    let more = problems.len().saturating_sub(LOCK_PROBLEMS_SHOWN);
    problems.truncate(LOCK_PROBLEMS_SHOWN);
    if more > 0 {
        problems.push(format!("and {more} more"));
    }
    Err(Error::Infeasible(format!(
        "the locked pairs cannot all be kept: {}; remove those locks or fix the roster",
        problems.join("; ")
    )))
}

/// The chosen pairs plus the locked ones, sorted.
fn pairs_of(scorer: &Scorer, graph: &Graph, edges: &[usize]) -> Vec<Pair> {
    let chosen = edges.iter().map(|&e| {
        let senior = graph.senior_of(e);
        (senior, graph.junior[e] as usize, false)
    });
    let locked = scorer.rules.locked.iter().map(|&(s, j)| (s, j, true));
    let ends: Vec<(usize, usize, bool)> = chosen.chain(locked).collect();
    // Each pair's counts on every thread (at 100,000 x 200,000 about
    // 0.05 s of one).
    let mut pairs: Vec<Pair> = ends
        .into_par_iter()
        .map(|(senior, junior, locked)| Pair {
            senior,
            junior,
            counts: scorer.counts(senior, junior),
            locked,
        })
        .collect();
    // By id, as they are shown (a large roster's juniors are grouped by
    // what they teach, see `Roster::people`).
    let roster = scorer.roster;
    pairs.sort_by_key(|p| (p.senior, roster.id_rank(Role::Junior, p.junior)));
    pairs
}
