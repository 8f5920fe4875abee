//! The optimality certificate: LP-duality checked on the solved graph and
//! then over every allowed pair the graph leaves out (that look is
//! [`super::scan`]), and the loop that adds the pairs it finds missing
//! until it holds ([`certified_flow`]), which several solves of a sweep
//! can leave after their first rounds, checked together
//! ([`first_rounds_together`]), and go on from.

use rayon::prelude::*;
use std::time::Instant;

use super::graph::{candidate_graph, full_graph, Assignment, Graph, Objective, Value};
use super::loads::{scaled, Loads, Marginals};
use super::scan::{left_out_above, left_out_above_together, Job, ScanCounts, ScanMemory};
use super::{cardinality, flow};
use crate::candidates::Candidates;
use crate::error::{Error, Result};
use crate::scoring::{Scorer, Weights};

/// Rounds of adding missing pairs before solving over all allowed pairs.
const MAX_ROUNDS: usize = 20;

/// Where juniors' places far outnumber seniors', a round warm-starts from
/// the last one only when that one's certificate found at most one
/// violating pair per this many seniors: each such pair releases about one
/// unit, and a released unit's search there can settle thousands of nodes
/// (at 30,000 x 60,000, 36 released units settled 534,000 nodes and took
/// 0.7-0.8 s against 0.4 s from scratch). After the last few violating
/// pairs it pays: at 10,000 x 20,000 the last round routed 1 unit in
/// 0.021 s against 0.06-0.07 s, at 100,000 x 200,000 4 units in 1.3 s
/// against 2.2-2.8 s.
const FEW_VIOLATING_PER_SENIOR: usize = 1024;

/// The outcome of checking a pairing's optimality certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Certificate {
    /// Primal and dual values agree and every allowed pair satisfies its
    /// dual constraint: the pairing is optimal over all allowed pairs.
    Proven,
    /// These allowed pairs `(senior, junior, units)`, absent from the graph,
    /// could improve the pairing; add them and solve again.
    Missing(Vec<(u32, u32, i64)>),
    /// The duals do not prove optimality on the graph itself.
    Broken(String),
}

/// Checks the LP-duality certificate of `assignment` on `graph`, then over
/// every allowed pair the graph leaves out.
///
/// Dual of max sum w x, subject to per-person capacities and x <= 1:
/// min sum cap_s u_s + sum cap_j v_j + sum z_e with u, v, z >= 0 and
/// u_s + v_j + z_e >= w_e. With z_e = 0 off the pairing, equal primal and
/// dual values prove optimality.
///
/// With `loads` (see [`super::loads`]) each person's load d is split into
/// units y_k <= 1 worth at(k) each, d = sum y_k: the primal adds
/// sum at(k) over the units used, and the dual, with a free price pi per
/// person, is sum over units of max(0, at(k) + pi) + sum z_e, subject to
/// pi_s + pi_j + z_e >= w_e. Without loads at(k) = 0 and this is the dual
/// above (a negative price would only make it harder to meet).
#[allow(clippy::too_many_arguments)]
pub fn certify(
    scorer: &Scorer,
    objective: Objective,
    graph: &Graph,
    candidates: &Candidates,
    assignment: &Assignment,
    round_log: &mut RoundLog,
    loads: Option<&Loads>,
    memory: &mut ScanMemory,
) -> Certificate {
    if let Some(why) = duals_fail(objective, graph, assignment, loads) {
        return Certificate::Broken(why);
    }
    // A senior's most violating pairs come back, with those close to
    // violating (at most 3k, so a senior left unpaired does not bring back
    // all of its allowed pairs).
    let (counts, missing) = left_out_above(
        scorer,
        objective,
        graph,
        candidates,
        &assignment.senior_dual,
        &assignment.junior_dual,
        memory,
        loads.map_or(1, |l| l.scale),
        round_log.per_senior.max(3 * candidates.k),
    );
    round_log.last = counts;
    verdict(counts, missing)
}

/// What the look at the left-out pairs makes of a pairing whose duals hold
/// on its graph: proven when no left-out pair violates its dual
/// constraint, otherwise the pairs to add, in order.
fn verdict(counts: ScanCounts, mut missing: Vec<(u32, u32, i64)>) -> Certificate {
    if counts.violating == 0 || missing.is_empty() {
        return Certificate::Proven;
    }
    missing.sort_unstable();
    Certificate::Missing(missing)
}

/// Why `assignment`'s duals do not prove it optimal on `graph` itself (the
/// first part of [`certify`]), if they do not.
fn duals_fail(
    objective: Objective,
    graph: &Graph,
    assignment: &Assignment,
    loads: Option<&Loads>,
) -> Option<String> {
    let u = &assignment.senior_dual;
    let v = &assignment.junior_dual;
    if u.len() != graph.n_seniors() || v.len() != graph.n_juniors() {
        return Some("the solver returned no dual values".into());
    }
    let marginals = |side: fn(&Loads) -> &Vec<Marginals>, i: usize| {
        loads.map_or_else(Marginals::default, |l| side(l)[i])
    };
    let senior_m = |s: usize| marginals(|l| &l.senior, s);
    let junior_m = |j: usize| marginals(|l| &l.junior, j);
    if loads.is_none() {
        if let Some(bad) = u.iter().chain(v).find(|d| **d < 0) {
            return Some(format!("a negative dual value {bad}"));
        }
    }
    let mut paired = vec![false; graph.n_edges()];
    let mut senior_load = vec![0u32; graph.n_seniors()];
    let mut junior_load = vec![0u32; graph.n_juniors()];
    let mut primal: Value = 0;
    let mut slack: Value = 0;
    for &e in &assignment.edges {
        paired[e] = true;
        let s = graph.senior_of(e);
        let j = graph.junior[e] as usize;
        senior_load[s] += 1;
        junior_load[j] += 1;
        let w = scaled(graph.weight(objective, e), loads);
        primal += w;
        slack += (w - u[s] - v[j]).max(0);
    }
    if let Some(loads) = loads {
        primal += loads.total(&senior_load, &junior_load);
    }
    if senior_load
        .iter()
        .zip(&graph.senior_cap)
        .any(|(l, c)| l > c)
        || junior_load
            .iter()
            .zip(&graph.junior_cap)
            .any(|(l, c)| l > c)
    {
        return Some("the pairing exceeds a capacity".into());
    }
    // Every candidate pair against its dual constraint, on every thread
    // (each round checks its whole graph: at 100,000 x 200,000 about 0.03
    // s a round on one), naming the first that fails, in senior order.
    let violating = (0..graph.n_seniors()).into_par_iter().find_map_first(|s| {
        graph
            .edges(s)
            .find_map(|e| {
                let j = graph.junior[e] as usize;
                (!paired[e] && scaled(graph.weight(objective, e), loads) > u[s] + v[j]).then_some(j)
            })
            .map(|j| (s, j))
    });
    if let Some((s, j)) = violating {
        return Some(format!(
            "candidate pair {s}-{j} violates its dual constraint"
        ));
    }
    let dual: Value = (0..graph.n_seniors())
        .into_par_iter()
        .map(|s| senior_m(s).dual(graph.senior_cap[s], u[s]))
        .sum::<Value>()
        + (0..graph.n_juniors())
            .into_par_iter()
            .map(|j| junior_m(j).dual(graph.junior_cap[j], v[j]))
            .sum::<Value>()
        + slack;
    if dual != primal {
        return Some(format!(
            "the primal value {primal} differs from the dual value {dual}"
        ));
    }

    None
}

/// What each certificate round did and how long it took, for `-v`.
#[derive(Debug, Default)]
pub struct RoundLog {
    pub log: Vec<String>,
    /// At most this many violating pairs per senior come back from a
    /// round (3k at first); the round loop doubles it each round, so a
    /// roster whose few right pairs hide among many equal ones (every score
    /// tied, a long management chain) needs a few rounds, not dozens.
    pub per_senior: usize,
    /// What the last look at the left-out pairs did.
    last: ScanCounts,
}

impl RoundLog {
    /// Appends `other`'s lines, each after `what` (what that solve was for).
    pub fn append(&mut self, what: &str, other: RoundLog) {
        self.log
            .extend(other.log.into_iter().map(|line| format!("{what}: {line}")));
    }
}

/// The assignment without quotas, solved on candidate pairs and certified
/// over all allowed pairs, adding pairs back until the certificate holds.
/// Returns the graph, the pairing with its duals, and the number of solves.
pub fn certified_flow(
    scorer: &Scorer,
    objective: Objective,
    candidates: &Candidates,
    round_log: &mut RoundLog,
) -> Result<(Graph, Assignment, usize)> {
    certified_flow_with(scorer, objective, candidates, round_log, None, None)
}

/// [`certified_flow`] with `loads` valued on top of the pairs, going on
/// from its `first` round when it was solved and checked apart (see
/// [`first_rounds_together`]): the same rounds, pairing and duals.
pub fn certified_flow_with(
    scorer: &Scorer,
    objective: Objective,
    candidates: &Candidates,
    round_log: &mut RoundLog,
    loads: Option<&Loads>,
    first: Option<FirstRound>,
) -> Result<(Graph, Assignment, usize)> {
    certified_rounds(
        scorer,
        objective,
        candidates,
        round_log,
        loads,
        FEW_VIOLATING_PER_SENIOR,
        first,
    )
}

/// [`certified_flow_with`], warm-starting a round where juniors are
/// plentiful after at most one violating pair per `few_violating_per`
/// seniors (see [`FEW_VIOLATING_PER_SENIOR`]; tests lower it), and going
/// on from `first` (its first round, solved and checked) when given.
fn certified_rounds(
    scorer: &Scorer,
    objective: Objective,
    candidates: &Candidates,
    round_log: &mut RoundLog,
    loads: Option<&Loads>,
    few_violating_per: usize,
    first: Option<FirstRound>,
) -> Result<(Graph, Assignment, usize)> {
    let mut rounds = Rounds::new(scorer, loads);
    let mut first = first;
    loop {
        let (solved, verdict, seconds) = match first.take() {
            Some(first) => {
                rounds.round = 1;
                rounds.memory = first.memory;
                round_log.last = first.counts;
                (first.solved, first.verdict, first.seconds)
            }
            None => {
                let solved = rounds.solve(scorer, objective, candidates, loads, round_log);
                let started = Instant::now();
                round_log.last = ScanCounts::default();
                let verdict = certify(
                    scorer,
                    objective,
                    &solved.graph,
                    candidates,
                    &solved.assignment,
                    round_log,
                    loads,
                    &mut rounds.memory,
                );
                (solved, verdict, started.elapsed().as_secs_f64())
            }
        };
        if let Some(done) = rounds.close(
            scorer,
            solved,
            verdict,
            seconds,
            round_log,
            few_violating_per,
        )? {
            return Ok(done);
        }
    }
}

/// Where a solve's certificate rounds stand between rounds.
struct Rounds {
    /// The round now solved (1 for the first).
    round: usize,
    /// The last round's graph and the pairs its certificate found missing:
    /// the next round's graph is that one with them.
    last_graph: Option<Graph>,
    missing: Vec<(u32, u32, i64)>,
    /// Each round's graph holds the last one's pairs, so a round after the
    /// first can start from the last one's pairing and potentials.
    warm: Option<flow::WarmStart>,
    /// Whether places are about even on both sides (see [`Rounds::new`]).
    even: bool,
    memory: ScanMemory,
}

/// A round's pairing on its graph, before its certificate is checked.
pub struct Solved {
    graph: Graph,
    assignment: Assignment,
    /// What the next round can start from.
    next: flow::WarmStart,
    /// The round-1 search for a larger pairing, when it found one or
    /// stopped, for `-v`.
    grew: Option<String>,
    seconds: f64,
}

impl Rounds {
    fn new(scorer: &Scorer, loads: Option<&Loads>) -> Rounds {
        // Warm starts pay where places are about even on both sides
        // (square rosters: 10k x 10k rounds 2-6 from 4.6-7.4 s each to
        // 0.1-1.3 s), unless the juniors' are the fewer: the flow then runs
        // turned around and from scratch (see [`flow::solve_warm`]), which
        // is faster still. Where juniors' places far outnumber seniors',
        // the first warm start went over its budget on every generated
        // roster measured (10k x 20k to 100k x 200k, where the failed try
        // cost 12 s against 2.4 s from scratch), so those rosters solve a
        // round from scratch unless the round before found few violating
        // pairs (see [`FEW_VIOLATING_PER_SENIOR`]).
        let (senior_places, junior_places) = scorer.places();
        Rounds {
            round: 0,
            last_graph: None,
            missing: Vec::new(),
            warm: None,
            even: 4 * senior_places.max(junior_places) <= 5 * senior_places.min(junior_places),
            memory: ScanMemory::new(scorer.n_seniors(), loads.map_or(1, |l| l.scale)),
        }
    }

    /// Solves the next round's graph: the candidates at first, then the
    /// last round's with the pairs found missing, or every allowed pair
    /// after [`MAX_ROUNDS`].
    fn solve(
        &mut self,
        scorer: &Scorer,
        objective: Objective,
        candidates: &Candidates,
        loads: Option<&Loads>,
        round_log: &mut RoundLog,
    ) -> Solved {
        self.round += 1;
        round_log.per_senior = (3 * candidates.k) << (self.round - 1).min(16);
        let started = Instant::now();
        let mut graph = match self.last_graph.take() {
            _ if self.round > MAX_ROUNDS => full_graph(scorer),
            Some(graph) => graph.with_pairs(&self.missing),
            None => candidate_graph(scorer, candidates, &[]),
        };
        if objective == Objective::Goals {
            graph.fill_goals(scorer);
        }
        let (mut assignment, mut next) =
            flow::solve_warm(&graph, objective, loads, self.warm.as_ref());
        // Once: where the candidates hold no largest pairing, the pairs of
        // one found over all allowed pairs join the graph before anything
        // is checked, so the rounds only have scores left to settle. They
        // are allowed pairs like any other candidate, so this is sound
        // under every objective and with loads; it matters most where
        // pairs come first (a pairing short of the largest violates the
        // certificate for every unpaired senior's allowed pairs).
        let mut grew = None;
        if self.round == 1 {
            let started = Instant::now();
            // A few looks per candidate pair at most: on the rosters where
            // it pays (a chain, a square) it needs far fewer.
            let budget = 4 * graph.n_edges() as u64 + 100_000;
            let grown = cardinality::grow_to_largest(scorer, &graph, &assignment.edges, budget);
            let n_candidates = graph.n_edges();
            let searched = started.elapsed().as_secs_f64();
            if grown.gained > 0 {
                graph = graph.with_pairs(&grown.added);
                if objective == Objective::Goals {
                    graph.fill_goals(scorer);
                }
                let previous = std::mem::take(&mut next);
                (assignment, next) =
                    flow::solve_warm(&graph, objective, loads, self.even.then_some(&previous));
            }
            grew = (grown.gained > 0 || grown.stopped).then(|| format!(
                "round 1: largest pairing over all allowed pairs {searched:.3} s: {} pairs more than the {} candidate pairs hold{} ({} phases, {} pairs checked); {} pairs added and the flow solved again in {:.3} s",
                grown.gained,
                n_candidates,
                if grown.stopped { " at least (the search stopped at its budget)" } else { "" },
                grown.phases,
                grown.checked,
                grown.added.len(),
                started.elapsed().as_secs_f64() - searched,
            ));
        }
        Solved {
            graph,
            assignment,
            next,
            grew,
            seconds: started.elapsed().as_secs_f64(),
        }
    }

    /// Logs a round whose certificate took `seconds` and gave `verdict`,
    /// and returns the solve when proven; otherwise keeps what the next
    /// round starts from.
    fn close(
        &mut self,
        scorer: &Scorer,
        solved: Solved,
        verdict: Certificate,
        seconds: f64,
        round_log: &mut RoundLog,
        few_violating_per: usize,
    ) -> Result<Option<(Graph, Assignment, usize)>> {
        let Solved {
            graph,
            assignment,
            next,
            grew,
            seconds: flow_seconds,
        } = solved;
        let start = if next.warm_started {
            format!("warm start, {} units routed", next.rerouted)
        } else {
            "from scratch".to_string()
        };
        let ScanCounts {
            scanned,
            bounded,
            scored,
            rechecked,
            one_by_one,
            violating,
        } = round_log.last;
        let few_violating = violating > 0 && violating * few_violating_per <= scorer.n_seniors();
        self.warm = (self.even || few_violating).then_some(next);
        let round = self.round;
        round_log.log.push(format!(
            "round {round}: flow {flow_seconds:.3} s on {} candidate pairs ({} paired; {start}); certificate {seconds:.3} s: {scanned} seniors scanned and {rechecked} rechecked from their last scan ({one_by_one} pairs checked one by one where prices fell), {bounded} pairs checked against a bound ({scored} scored), {violating} violating, {} added",
            graph.n_edges(),
            assignment.edges.len(),
            match &verdict {
                Certificate::Missing(missing) => missing.len(),
                _ => 0,
            }
        ));
        round_log.log.extend(grew);
        match verdict {
            Certificate::Proven => Ok(Some((graph, assignment, round))),
            Certificate::Missing(missing) if round <= MAX_ROUNDS => {
                (self.last_graph, self.missing) = (Some(graph), missing);
                Ok(None)
            }
            Certificate::Missing(_) => Err(Error::Solver(
                "the certificate failed over all allowed pairs".into(),
            )),
            Certificate::Broken(why) => Err(Error::Solver(format!(
                "the optimality certificate does not hold: {why}"
            ))),
        }
    }
}

/// A solve's first certificate round, solved and checked apart from the
/// rest of its rounds (see [`first_rounds_together`]).
pub struct FirstRound {
    solved: Solved,
    memory: ScanMemory,
    verdict: Certificate,
    counts: ScanCounts,
    /// The seconds its certificate took.
    seconds: f64,
}

/// The first round of a solve that [`first_rounds_together`] checks:
/// its graph solved, as [`certified_flow_with`] solves it.
pub fn solve_first_round(
    scorer: &Scorer,
    objective: Objective,
    candidates: &Candidates,
    loads: Option<&Loads>,
) -> Solved {
    let mut round_log = RoundLog::default();
    Rounds::new(scorer, loads).solve(scorer, objective, candidates, loads, &mut round_log)
}

/// The first rounds of several solves of one roster and rules under
/// different weights (a sweep's steps), each solved by
/// [`solve_first_round`] and given as `(weights, objective, candidates,
/// loads, solved)`, checked with one look at the allowed pairs that each
/// leaves out (see [`left_out_above_together`]): each comes back as its
/// solve's own first round would (its certificate's verdict, and what its
/// scan remembers), for [`certified_flow_with`] to go on from. The look
/// enumerates the pairs with `enumerator`: the same roster and rules, and
/// weights at least each solve's; the solves' own scorers are not needed.
#[allow(clippy::type_complexity)]
pub fn first_rounds_together(
    enumerator: &Scorer,
    solves: Vec<(Weights, Objective, &Candidates, Option<&Loads>, Solved)>,
) -> Vec<FirstRound> {
    let started = Instant::now();
    let mut memories: Vec<ScanMemory> = solves
        .iter()
        .map(|(_, _, _, loads, _)| {
            ScanMemory::new(enumerator.n_seniors(), loads.map_or(1, |l| l.scale))
        })
        .collect();
    // Each solve's duals on its own graph, on every thread (one after
    // another they took a fiftieth of a second of a ten-step sweep at
    // 10,000 x 20,000, the other thread waiting).
    let broken: Vec<Option<String>> = solves
        .par_iter()
        .map(|(_, objective, _, loads, solved)| {
            duals_fail(*objective, &solved.graph, &solved.assignment, *loads)
        })
        .collect();
    let mut jobs: Vec<Job> = Vec::new();
    for (((weights, objective, candidates, loads, solved), memory), broken) in
        solves.iter().zip(memories.iter_mut()).zip(&broken)
    {
        if broken.is_none() {
            jobs.push(Job {
                weights: *weights,
                objective: *objective,
                graph: &solved.graph,
                candidates,
                u: &solved.assignment.senior_dual,
                v: &solved.assignment.junior_dual,
                memory,
                scale: loads.map_or(1, |l| l.scale),
                // As the first round of `certified_rounds` asks.
                per_senior: 3 * candidates.k,
            });
        }
    }
    let mut looked = left_out_above_together(enumerator, &mut jobs).into_iter();
    drop(jobs);
    // The one look's time, shared among the solves it checked.
    let seconds = started.elapsed().as_secs_f64() / solves.len().max(1) as f64;
    solves
        .into_iter()
        .zip(memories)
        .zip(broken)
        .map(|(((.., solved), memory), broken)| {
            let (verdict, counts) = match broken {
                Some(why) => (Certificate::Broken(why), ScanCounts::default()),
                None => {
                    let (counts, missing) = looked.next().expect("a look per job");
                    (verdict(counts, missing), counts)
                }
            };
            FirstRound {
                solved,
                memory,
                verdict,
                counts,
                seconds,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::candidates::candidates;
    use crate::roster::{parse, ReadOptions};
    use crate::scoring::Weights;

    /// S1 and S2 both want ai; J1 and J2 teach it.
    const ROSTER: &[u8] =
        b"id,role,skills,wants\nS1,senior,,ai\nS2,senior,,ai\nJ1,junior,ai:5,\nJ2,junior,ai:4,\n";

    #[test]
    fn duals_that_fail_on_the_graph_name_the_first_pair_or_the_gap() {
        // Three seniors and two juniors, each with one place; seniors 1
        // and 2 both have pairs their prices do not cover.
        let graph = Graph::from_lists(
            vec![1, 1, 1],
            vec![1, 1],
            &[vec![(0, 10), (1, 5)], vec![(0, 8), (1, 7)], vec![(1, 9)]],
        );
        let objective = Objective::Score;
        let failing = |edges: Vec<usize>, u: Vec<Value>, v: Vec<Value>| {
            let assignment = Assignment {
                edges,
                senior_dual: u,
                junior_dual: v,
            };
            duals_fail(objective, &graph, &assignment, None)
        };
        assert_eq!(
            failing(vec![0], vec![10, 0, 0], vec![0, 0]).as_deref(),
            Some("candidate pair 1-0 violates its dual constraint")
        );
        // Every pair covered, but the prices add up to more than the
        // pairing is worth.
        assert_eq!(
            failing(vec![0], vec![10, 8, 9], vec![0, 0]).as_deref(),
            Some("the primal value 10 differs from the dual value 27")
        );
        // The optimum (senior 0 with junior 0, senior 2 with junior 1, 19
        // units): prices that prove it, and prices a unit too high.
        assert_eq!(failing(vec![0, 4], vec![2, 0, 2], vec![8, 7]), None);
        assert_eq!(
            failing(vec![0, 4], vec![3, 1, 2], vec![7, 7]).as_deref(),
            Some("the primal value 19 differs from the dual value 20")
        );
    }

    #[test]
    fn a_pair_left_out_of_the_graph_is_found_missing() {
        let roster = parse("r.csv", ROSTER, &ReadOptions::default()).unwrap();
        let scorer = Scorer::new(&roster, Weights::default());
        let objective = Objective::PairsThenScore;
        let cands = candidates(&scorer, 1);
        // A graph that holds only S1-J1: S2 and J2 stay unpaired, so the
        // allowed pair S2-J2 would add a pair and must be reported.
        let units = cands.senior_best[0][0].1;
        let graph = Graph::from_lists(vec![1, 1], vec![1, 1], &[vec![(0, units)], vec![]]);
        let assignment = flow::solve(&graph, objective);
        assert_eq!(assignment.edges, [0]);
        let mut round_log = RoundLog::default();
        match certify(
            &scorer,
            objective,
            &graph,
            &cands,
            &assignment,
            &mut round_log,
            None,
            &mut ScanMemory::new(2, 1),
        ) {
            Certificate::Missing(missing) => {
                let s2_j2 = (1, 1, scorer.units(1, 1, &scorer.counts(1, 1)));
                assert!(missing.contains(&s2_j2), "{missing:?}");
            }
            other => panic!("S2-J2 is missing, not {other:?}"),
        }
    }

    #[test]
    fn the_certified_loop_ends_proven_with_the_optimum_over_all_pairs() {
        let roster = parse("r.csv", ROSTER, &ReadOptions::default()).unwrap();
        let scorer = Scorer::new(&roster, Weights::default());
        let cands = candidates(&scorer, 1);
        let mut round_log = RoundLog::default();
        let (graph, assignment, rounds) =
            certified_flow(&scorer, Objective::PairsThenScore, &cands, &mut round_log).unwrap();
        assert!(rounds >= 1);
        assert_eq!(assignment.edges.len(), 2, "both seniors are paired");
        // The same value as the exact solve over every allowed pair.
        let full = full_graph(&scorer);
        let best = flow::solve(&full, Objective::PairsThenScore);
        let total = |g: &Graph, edges: &[usize]| edges.iter().map(|&e| g.units[e]).sum::<i64>();
        assert_eq!(total(&graph, &assignment.edges), total(&full, &best.edges));
    }

    /// The bounded certificate scan, over tiles of any size, ends with the
    /// optimum of the solve over every allowed pair, for each objective.
    #[test]
    fn bounded_scans_certify_the_optimum_over_every_pair() {
        for seed in 1..=3 {
            let roster = crate::roster::generated(60, 80, seed);
            for weights in ["teach=1,learn=0,interests=0,diversity=0", "interests=3"] {
                let weights = Weights::default().parse_over(weights).unwrap();
                let mut scorer = Scorer::new(&roster, weights);
                scorer.tile = 7;
                for objective in [
                    Objective::PairsThenScore,
                    Objective::Score,
                    Objective::Goals,
                ] {
                    let cands = candidates(&scorer, 2);
                    let mut round_log = RoundLog::default();
                    let (graph, assignment, _) =
                        certified_flow(&scorer, objective, &cands, &mut round_log).unwrap();
                    let what = format!("seed {seed}, {objective:?}");
                    assert_the_optimum(&scorer, objective, &graph, &assignment, &what);
                }
            }
        }
    }

    /// First rounds checked together, one look at the allowed pairs for
    /// several weightings (a sweep's steps), give each solve the rounds it
    /// has alone: the same graphs, pairing, duals and violating pairs per
    /// round, under every objective, on rosters where the first round
    /// finds pairs missing, with small tiles; so too where the weightings
    /// differ in the learn or the teach weight alone, and each look takes
    /// its own share of that part off the bound.
    #[test]
    fn first_rounds_checked_together_go_on_as_each_solve_alone() {
        for specs in [
            &["learn=0", "learn=0.5,diversity=0", "learn=0.9,interests=1"][..],
            &["learn=0", "learn=0.4", "learn=0.9", "learn=3"],
            &["teach=0", "teach=0.5", "teach=2"],
        ] {
            let weightings: Vec<Weights> = specs
                .iter()
                .map(|w| Weights::default().parse_over(w).unwrap())
                .collect();
            assert_first_rounds_together_as_alone(&weightings);
        }
    }

    fn assert_first_rounds_together_as_alone(weightings: &[Weights]) {
        let mut missing_found = 0;
        for seed in 1..=3 {
            let roster = crate::roster::generated(120, 300, seed);
            let scorers: Vec<Scorer> = weightings
                .iter()
                .map(|&w| {
                    let mut scorer = Scorer::new(&roster, w);
                    scorer.tile = 7;
                    scorer
                })
                .collect();
            let mut enumerator = Scorer::new(&roster, Weights::largest(weightings).unwrap());
            enumerator.tile = 5;
            for objective in [
                Objective::PairsThenScore,
                Objective::Score,
                Objective::Goals,
            ] {
                let cands: Vec<Candidates> = scorers.iter().map(|s| candidates(s, 1)).collect();
                let alone: Vec<_> = scorers
                    .iter()
                    .zip(&cands)
                    .map(|(scorer, cands)| {
                        let mut round_log = RoundLog::default();
                        let solved =
                            certified_flow(scorer, objective, cands, &mut round_log).unwrap();
                        (solved, round_log)
                    })
                    .collect();
                let solves = scorers
                    .iter()
                    .zip(&cands)
                    .map(|(scorer, cands)| {
                        let first = solve_first_round(scorer, objective, cands, None);
                        (scorer.weights, objective, cands, None, first)
                    })
                    .collect();
                let firsts = first_rounds_together(&enumerator, solves);
                for (((scorer, cands), first), ((graph, assignment, rounds), log)) in
                    scorers.iter().zip(&cands).zip(firsts).zip(alone)
                {
                    let what = format!("seed {seed}, {objective:?}, {:?}", scorer.weights);
                    let mut round_log = RoundLog::default();
                    let (together, paired, n) = certified_flow_with(
                        scorer,
                        objective,
                        cands,
                        &mut round_log,
                        None,
                        Some(first),
                    )
                    .unwrap();
                    assert_eq!(n, rounds, "{what}");
                    missing_found += usize::from(rounds > 1);
                    assert_eq!(together.junior, graph.junior, "{what}");
                    assert_eq!(paired.edges, assignment.edges, "{what}");
                    assert_eq!(paired.senior_dual, assignment.senior_dual, "{what}");
                    assert_eq!(paired.junior_dual, assignment.junior_dual, "{what}");
                    // Round by round the same pairs violate and are added
                    // (the lines differ in times and in pairs bounded and
                    // scored).
                    let counted = |lines: &[String]| -> Vec<String> {
                        lines
                            .iter()
                            .filter_map(|line| {
                                let (round, rest) = line.split_once(": flow ")?;
                                let (_, rest) = rest.split_once("; certificate ")?;
                                let (_, rest) = rest.split_once(" s: ")?;
                                let (scans, rest) = rest.split_once("), ")?;
                                let (_, found) = rest.split_once(" scored), ")?;
                                Some(format!("{round}: {scans}; {found}"))
                            })
                            .collect()
                    };
                    assert_eq!(counted(&log.log).len(), rounds, "{what}");
                    assert_eq!(counted(&round_log.log), counted(&log.log), "{what}");
                }
            }
        }
        assert!(missing_found > 0, "no first round found pairs missing");
    }

    /// Where juniors are plentiful, a round after one whose certificate
    /// found few violating pairs starts from that round's pairing and
    /// potentials, and the rounds still end at the optimum over every pair.
    #[test]
    fn after_few_violating_pairs_a_round_starts_warm_and_ends_at_the_optimum() {
        let mut warm_rounds = 0;
        for seed in 1..=4 {
            let roster = crate::roster::generated(2048, 4096, seed);
            let scorer = Scorer::new(&roster, Weights::default());
            let cands = candidates(&scorer, 2);
            let mut round_log = RoundLog::default();
            let objective = Objective::PairsThenScore;
            let (graph, assignment, _) =
                certified_rounds(&scorer, objective, &cands, &mut round_log, None, 64, None)
                    .unwrap();
            warm_rounds += round_log
                .log
                .iter()
                .filter(|line| line.contains("warm start"))
                .count();
            assert_the_optimum(
                &scorer,
                objective,
                &graph,
                &assignment,
                &format!("seed {seed}"),
            );
        }
        assert!(warm_rounds > 0, "no round started warm");
    }

    /// The pairing's value under `objective` is that of the exact solve
    /// over every allowed pair.
    fn assert_the_optimum(
        scorer: &Scorer,
        objective: Objective,
        graph: &Graph,
        assignment: &Assignment,
        what: &str,
    ) {
        let mut full = full_graph(scorer);
        if objective == Objective::Goals {
            full.fill_goals(scorer);
        }
        let best = flow::solve(&full, objective);
        let value = |g: &Graph, edges: &[usize]| {
            edges.iter().map(|&e| g.weight(objective, e)).sum::<Value>()
        };
        assert_eq!(
            value(graph, &assignment.edges),
            value(&full, &best.edges),
            "{what}"
        );
    }

    #[test]
    fn duals_that_do_not_add_up_are_refused() {
        let roster = parse("r.csv", ROSTER, &ReadOptions::default()).unwrap();
        let scorer = Scorer::new(&roster, Weights::default());
        let cands = candidates(&scorer, 2);
        let graph = full_graph(&scorer);
        let mut assignment = flow::solve(&graph, Objective::Score);
        assignment.senior_dual[0] += 1;
        let mut round_log = RoundLog::default();
        let verdict = certify(
            &scorer,
            Objective::Score,
            &graph,
            &cands,
            &assignment,
            &mut round_log,
            None,
            &mut ScanMemory::new(2, 1),
        );
        assert!(
            matches!(&verdict, Certificate::Broken(why) if why.starts_with("the primal value")),
            "{verdict:?}"
        );
    }
}
