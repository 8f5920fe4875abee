//! The optimality certificate: LP-duality checked on the solved graph and
//! then over every allowed pair the graph leaves out, and the loop that adds
//! the pairs it finds missing until it holds ([`certified_flow`]).

use std::time::Instant;

use std::cmp::Reverse;
use std::sync::atomic::Ordering;

use rayon::prelude::*;

use super::flow;
use super::graph::{candidate_graph, full_graph, Assignment, Graph, Objective, Value};
use super::loads::{scaled, Loads, Marginals};
use crate::candidates::{push_best, Candidates, CHUNK};
use crate::error::{Error, Result};
use crate::scoring::Scorer;

/// Rounds of adding missing pairs before solving over all allowed pairs.
const MAX_ROUNDS: usize = 20;

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
    cache: &mut PairCache,
    loads: Option<&Loads>,
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

    // Along with a senior's most violating pairs (at most 3k, so a senior
    // left unpaired does not bring back all of its allowed pairs), a
    // scanned senior's next-best pairs come back too: they are the
    // likeliest to violate once duals move, so the next round seldom has
    // to scan again.
    let (violations, missing) = left_out_above(
        scorer,
        objective,
        graph,
        candidates,
        cache,
        u,
        v,
        0,
        3 * candidates.k,
        loads.map_or(1, |l| l.scale),
        3 * candidates.k,
    );
    if violations == 0 {
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

/// Every allowed pair of the seniors a certificate scan had to look at,
/// kept so that later rounds (whose duals differ) check them again without
/// scoring them again. Bounded: past `PairCache::BUDGET` pairs, seniors are
/// scored afresh each time.
#[derive(Debug, Default)]
pub struct PairCache {
    lists: Vec<Option<Vec<(u32, i64)>>>,
    stored: usize,
    /// What each round did and how long it took, for `-v`.
    pub log: Vec<String>,
    /// The last scan: seniors looked at, of them scored afresh, and pairs checked.
    last_scan: (usize, usize, usize),
    /// Left-out pairs the last scan found violating their dual constraint.
    last_violations: usize,
}

impl PairCache {
    /// At most this many pairs are kept (about 12 bytes each).
    pub const BUDGET: usize = 40_000_000;

    pub fn new(n_seniors: usize) -> Self {
        PairCache {
            lists: vec![None; n_seniors],
            stored: 0,
            log: Vec::new(),
            last_scan: (0, 0, 0),
            last_violations: 0,
        }
    }
}

/// Scans the allowed pairs left out of `graph` for those whose reduced
/// cost `w - u_s - v_j` is above `-slack`. Returns how many there are and
/// pairs to add: each scanned senior's `per_senior` most violating ones,
/// plus (with `deeper` > 0) its next `deeper` best left-out pairs.
///
/// A senior whose whole allowed list is in the graph needs no look; nor one
/// whose dual covers its k-th best score (every left-out pair scores at
/// most that, and every v is at least the lowest, or 0).
#[allow(clippy::too_many_arguments)]
pub fn left_out_above(
    scorer: &Scorer,
    objective: Objective,
    graph: &Graph,
    candidates: &Candidates,
    cache: &mut PairCache,
    u: &[Value],
    v: &[Value],
    slack: Value,
    deeper: usize,
    scale: Value,
    per_senior: usize,
) -> (usize, Vec<(u32, u32, i64)>) {
    let value = |units: i64, goals: u32| objective.value(units, goals) * scale;
    let k = candidates.k;
    let v_floor: Value = v.iter().copied().min().unwrap_or(0).min(0);
    // A pair's goals under the goals objective (0 under the others).
    let goals = |s: usize, j: usize| match objective {
        Objective::Goals => scorer.covered_priority(s, j),
        _ => 0,
    };
    let to_scan: Vec<usize> = (0..graph.n_seniors())
        .filter(|&s| {
            let best = &candidates.senior_best[s];
            // Every left-out pair scores at most the k-th best, and covers
            // at most all of the senior's goals.
            let most_goals = match objective {
                Objective::Goals => scorer.wanted_priority(s),
                _ => 0,
            };
            candidates.senior_allowed[s] > best.len() as u64
                && best.len() == k
                && value(best[k - 1].1, most_goals) - u[s] - v_floor > -slack
        })
        .collect();
    // Cached seniors are checked from the cache; the others are scored
    // afresh in parallel, checked at once, and kept only while the cache
    // has room, so memory never holds more than the cache's budget plus
    // one list per task (it used to hold every scanned senior's list).
    let stored = std::sync::atomic::AtomicUsize::new(cache.stored);
    let lists = &cache.lists;
    let scanned: Vec<Scanned> = to_scan
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut out = Scanned::default();
            let mut scratch = None;
            let mut fresh = Vec::new();
            let mut hits = Vec::new();
            let mut best = Vec::with_capacity(deeper);
            for &s in chunk {
                let list: &[(u32, i64)] = match &lists[s] {
                    Some(list) => list,
                    None => {
                        let scratch = scratch.get_or_insert_with(|| scorer.scratch());
                        fresh.clear();
                        scorer.for_each_allowed(s, scratch, |j, _, units| {
                            fresh.push((j as u32, units))
                        });
                        out.fresh += 1;
                        &fresh
                    }
                };
                out.checked += list.len();
                let edges = &graph.junior[graph.edges(s)];
                best.clear();
                hits.clear();
                for &(j, units) in list {
                    if edges.binary_search(&j).is_err() {
                        let over = value(units, goals(s, j as usize)) - u[s] - v[j as usize];
                        if over > -slack {
                            hits.push((Reverse(over), j, units));
                        } else if deeper > 0 {
                            push_best(&mut best, deeper, s as u32, j, units);
                        }
                    }
                }
                out.count += hits.len();
                // The senior's most violated pairs (at most `per_senior`;
                // more of its pairs can wait until the duals have moved)
                // and its next best pairs.
                if hits.len() > per_senior {
                    hits.select_nth_unstable(per_senior - 1);
                    hits.truncate(per_senior);
                }
                out.found
                    .extend(hits.iter().map(|&(_, j, units)| (s as u32, j, units)));
                out.found
                    .extend(best.iter().map(|&(j, units)| (s as u32, j, units)));
                if lists[s].is_none() {
                    let n = fresh.len();
                    let before = stored.fetch_add(n, Ordering::Relaxed);
                    if before + n <= PairCache::BUDGET {
                        out.keep.push((s, std::mem::take(&mut fresh)));
                    } else {
                        stored.fetch_sub(n, Ordering::Relaxed);
                    }
                }
            }
            out
        })
        .collect();
    let mut count = 0;
    let mut found = Vec::new();
    let (mut fresh, mut checked) = (0, 0);
    for part in scanned {
        count += part.count;
        fresh += part.fresh;
        checked += part.checked;
        found.extend(part.found);
        for (s, list) in part.keep {
            cache.stored += list.len();
            cache.lists[s] = Some(list);
        }
    }
    cache.last_scan = (to_scan.len(), fresh, checked);
    cache.last_violations = count;
    found.sort_unstable();
    (count, found)
}

/// What one parallel task of a certificate scan found.
#[derive(Default)]
struct Scanned {
    count: usize,
    found: Vec<(u32, u32, i64)>,
    /// Freshly scored lists to cache.
    keep: Vec<(usize, Vec<(u32, i64)>)>,
    fresh: usize,
    checked: usize,
}

/// The assignment without quotas, solved on candidate pairs and certified
/// over all allowed pairs, adding pairs back until the certificate holds.
/// Returns the graph, the pairing with its duals, and the number of solves.
pub fn certified_flow(
    scorer: &Scorer,
    objective: Objective,
    candidates: &Candidates,
    cache: &mut PairCache,
) -> Result<(Graph, Assignment, usize)> {
    certified_flow_with(scorer, objective, candidates, cache, None)
}

/// [`certified_flow`] with `loads` valued on top of the pairs.
pub fn certified_flow_with(
    scorer: &Scorer,
    objective: Objective,
    candidates: &Candidates,
    cache: &mut PairCache,
    loads: Option<&Loads>,
) -> Result<(Graph, Assignment, usize)> {
    let mut extra = Vec::new();
    let mut rounds = 0;
    // Each round's graph holds the last one's pairs, so a round after the
    // first starts from the last one's pairing and potentials.
    let mut warm: Option<flow::WarmStart> = None;
    loop {
        rounds += 1;
        let started = Instant::now();
        let mut graph = if rounds > MAX_ROUNDS {
            full_graph(scorer)
        } else {
            candidate_graph(scorer, candidates, &extra)
        };
        if objective == Objective::Goals {
            graph.fill_goals(scorer);
        }
        let (assignment, next) = flow::solve_warm(&graph, objective, loads, warm.as_ref());
        let start = if next.warm_started {
            format!("warm start, {} units routed", next.rerouted)
        } else {
            "from scratch".to_string()
        };
        warm = Some(next);
        let solved = Instant::now();
        cache.last_scan = (0, 0, 0);
        cache.last_violations = 0;
        let verdict = certify(
            scorer,
            objective,
            &graph,
            candidates,
            &assignment,
            cache,
            loads,
        );
        let (scanned, fresh, checked) = cache.last_scan;
        let violations = cache.last_violations;
        cache.log.push(format!(
            "round {rounds}: flow {:.3} s on {} candidate pairs ({} paired; {start}); certificate {:.3} s: {scanned} seniors scanned ({fresh} scored afresh), {checked} pairs checked, {violations} violating, {} added",
            (solved - started).as_secs_f64(),
            graph.n_edges(),
            assignment.edges.len(),
            solved.elapsed().as_secs_f64(),
            match &verdict {
                Certificate::Missing(missing) => missing.len(),
                _ => 0,
            }
        ));
        match verdict {
            Certificate::Proven => return Ok((graph, assignment, rounds)),
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
        let mut cache = PairCache::new(2);
        match certify(
            &scorer,
            objective,
            &graph,
            &cands,
            &assignment,
            &mut cache,
            None,
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
        let mut cache = PairCache::new(2);
        let (graph, assignment, rounds) =
            certified_flow(&scorer, Objective::PairsThenScore, &cands, &mut cache).unwrap();
        assert!(rounds >= 1);
        assert_eq!(assignment.edges.len(), 2, "both seniors are paired");
        // The same value as the exact solve over every allowed pair.
        let full = full_graph(&scorer);
        let best = flow::solve(&full, Objective::PairsThenScore);
        let total = |g: &Graph, edges: &[usize]| edges.iter().map(|&e| g.units[e]).sum::<i64>();
        assert_eq!(total(&graph, &assignment.edges), total(&full, &best.edges));
    }

    #[test]
    fn duals_that_do_not_add_up_are_refused() {
        let roster = parse("r.csv", ROSTER, &ReadOptions::default()).unwrap();
        let scorer = Scorer::new(&roster, Weights::default());
        let cands = candidates(&scorer, 2);
        let graph = full_graph(&scorer);
        let mut assignment = flow::solve(&graph, Objective::Score);
        assignment.senior_dual[0] += 1;
        let mut cache = PairCache::new(2);
        let verdict = certify(
            &scorer,
            Objective::Score,
            &graph,
            &cands,
            &assignment,
            &mut cache,
            None,
        );
        assert!(
            matches!(&verdict, Certificate::Broken(why) if why.starts_with("the primal value")),
            "{verdict:?}"
        );
    }
}
