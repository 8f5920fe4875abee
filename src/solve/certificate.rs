//! The optimality certificate: LP-duality checked on the solved graph and
//! then over every allowed pair the graph leaves out (that look is
//! [`super::scan`]), and the loop that adds the pairs it finds missing
//! until it holds ([`certified_flow`]).

use std::time::Instant;

use super::graph::{candidate_graph, full_graph, Assignment, Graph, Objective, Value};
use super::loads::{scaled, Loads, Marginals};
use super::scan::{left_out_above, ScanCounts, ScanMemory};
use super::{cardinality, flow};
use crate::candidates::Candidates;
use crate::error::{Error, Result};
use crate::scoring::Scorer;

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
    let u = &assignment.senior_dual;
    let v = &assignment.junior_dual;
    if u.len() != graph.n_seniors() || v.len() != graph.n_juniors() {
        return Certificate::Broken("the solver returned no dual values".into());
    }
    let marginals = |side: fn(&Loads) -> &Vec<Marginals>, i: usize| {
        loads.map_or_else(Marginals::default, |l| side(l)[i])
    };
    let senior_m = |s: usize| marginals(|l| &l.senior, s);
    let junior_m = |j: usize| marginals(|l| &l.junior, j);
    if loads.is_none() {
        if let Some(bad) = u.iter().chain(v).find(|d| **d < 0) {
            return Certificate::Broken(format!("a negative dual value {bad}"));
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
        return Certificate::Broken("the pairing exceeds a capacity".into());
    }
    for (s, &us) in u.iter().enumerate() {
        for e in graph.edges(s) {
            let j = graph.junior[e] as usize;
            if !paired[e] && scaled(graph.weight(objective, e), loads) > us + v[j] {
                return Certificate::Broken(format!(
                    "candidate pair {s}-{j} violates its dual constraint"
                ));
            }
        }
    }
    let dual: Value = (0..graph.n_seniors())
        .map(|s| senior_m(s).dual(graph.senior_cap[s], u[s]))
        .sum::<Value>()
        + (0..graph.n_juniors())
            .map(|j| junior_m(j).dual(graph.junior_cap[j], v[j]))
            .sum::<Value>()
        + slack;
    if dual != primal {
        return Certificate::Broken(format!(
            "the primal value {primal} differs from the dual value {dual}"
        ));
    }

    // A senior's most violating pairs come back, with those close to
    // violating (at most 3k, so a senior left unpaired does not bring back
    // all of its allowed pairs).
    let (counts, missing) = left_out_above(
        scorer,
        objective,
        graph,
        candidates,
        u,
        v,
        memory,
        loads.map_or(1, |l| l.scale),
        round_log.per_senior.max(3 * candidates.k),
    );
    round_log.last = counts;
    if counts.violating == 0 {
        return Certificate::Proven;
    }
    if missing.is_empty() {
        Certificate::Proven
    } else {
        let mut missing = missing;
        missing.sort_unstable();
        Certificate::Missing(missing)
    }
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
    certified_flow_with(scorer, objective, candidates, round_log, None)
}

/// [`certified_flow`] with `loads` valued on top of the pairs.
pub fn certified_flow_with(
    scorer: &Scorer,
    objective: Objective,
    candidates: &Candidates,
    round_log: &mut RoundLog,
    loads: Option<&Loads>,
) -> Result<(Graph, Assignment, usize)> {
    certified_rounds(
        scorer,
        objective,
        candidates,
        round_log,
        loads,
        FEW_VIOLATING_PER_SENIOR,
    )
}

/// [`certified_flow_with`], warm-starting a round where juniors are
/// plentiful after at most one violating pair per `few_violating_per`
/// seniors (see [`FEW_VIOLATING_PER_SENIOR`]; tests lower it).
fn certified_rounds(
    scorer: &Scorer,
    objective: Objective,
    candidates: &Candidates,
    round_log: &mut RoundLog,
    loads: Option<&Loads>,
    few_violating_per: usize,
) -> Result<(Graph, Assignment, usize)> {
    // The last round's graph and the pairs its certificate found missing:
    // the next round's graph is that one with them.
    let mut last_graph: Option<Graph> = None;
    let mut missing_pairs = Vec::new();
    let mut rounds = 0;
    // Each round's graph holds the last one's pairs, so a round after the
    // first starts from the last one's pairing and potentials.
    let mut warm: Option<flow::WarmStart> = None;
    // Warm starts pay where places are about even on both sides (square
    // rosters: 10k x 10k rounds 2-6 from 4.6-7.4 s each to 0.1-1.3 s),
    // unless the juniors' are the fewer: the flow then runs turned around
    // and from scratch (see [`flow::solve_warm`]), which is faster still.
    // Where juniors' places far outnumber seniors', the first warm start
    // went over its budget on every generated roster measured (10k x 20k
    // to 100k x 200k, where the failed try cost 12 s against 2.4 s from
    // scratch), so those rosters solve a round from scratch unless the
    // round before found few violating pairs (see
    // [`FEW_VIOLATING_PER_SENIOR`]).
    let (senior_places, junior_places) = scorer.places();
    let even = 4 * senior_places.max(junior_places) <= 5 * senior_places.min(junior_places);
    let mut memory = ScanMemory::new(scorer.n_seniors(), loads.map_or(1, |l| l.scale));
    loop {
        rounds += 1;
        round_log.per_senior = (3 * candidates.k) << (rounds - 1).min(16);
        let started = Instant::now();
        let mut graph = match last_graph.take() {
            _ if rounds > MAX_ROUNDS => full_graph(scorer),
            Some(graph) => graph.with_pairs(&missing_pairs),
            None => candidate_graph(scorer, candidates, &[]),
        };
        if objective == Objective::Goals {
            graph.fill_goals(scorer);
        }
        let (mut assignment, mut next) = flow::solve_warm(&graph, objective, loads, warm.as_ref());
        // Once: where the candidates hold no largest pairing, the pairs of
        // one found over all allowed pairs join the graph before anything
        // is checked, so the rounds only have scores left to settle. They
        // are allowed pairs like any other candidate, so this is sound
        // under every objective and with loads; it matters most where
        // pairs come first (a pairing short of the largest violates the
        // certificate for every unpaired senior's allowed pairs).
        let mut grew = None;
        if rounds == 1 {
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
                    flow::solve_warm(&graph, objective, loads, even.then_some(&previous));
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
        let start = if next.warm_started {
            format!("warm start, {} units routed", next.rerouted)
        } else {
            "from scratch".to_string()
        };
        let solved = Instant::now();
        round_log.last = ScanCounts::default();
        let verdict = certify(
            scorer,
            objective,
            &graph,
            candidates,
            &assignment,
            round_log,
            loads,
            &mut memory,
        );
        let ScanCounts {
            scanned,
            bounded,
            scored,
            rechecked,
            one_by_one,
            violating,
        } = round_log.last;
        let few_violating = violating > 0 && violating * few_violating_per <= scorer.n_seniors();
        warm = (even || few_violating).then_some(next);
        round_log.log.push(format!(
            "round {rounds}: flow {:.3} s on {} candidate pairs ({} paired; {start}); certificate {:.3} s: {scanned} seniors scanned and {rechecked} rechecked from their last scan ({one_by_one} pairs checked one by one where prices fell), {bounded} pairs checked against a bound ({scored} scored), {violating} violating, {} added",
            (solved - started).as_secs_f64(),
            graph.n_edges(),
            assignment.edges.len(),
            solved.elapsed().as_secs_f64(),
            match &verdict {
                Certificate::Missing(missing) => missing.len(),
                _ => 0,
            }
        ));
        round_log.log.extend(grew);
        match verdict {
            Certificate::Proven => return Ok((graph, assignment, rounds)),
            Certificate::Missing(missing) if rounds <= MAX_ROUNDS => {
                (last_graph, missing_pairs) = (Some(graph), missing);
            }
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
                certified_rounds(&scorer, objective, &cands, &mut round_log, None, 64).unwrap();
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
