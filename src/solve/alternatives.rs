//! `rmatch pair --alternatives N`: for each person, the N best other
//! allowed partners and exactly what choosing each would cost the whole
//! pairing.
//!
//! Forcing a pair e = (s, j) that the optimal pairing M leaves out gives
//! the best pairing containing e. As a circulation (source -> seniors ->
//! juniors -> sink, and back from sink to source at no cost), M is a
//! minimum-cost circulation, and the best one that carries e differs from
//! it by one cycle through e in M's residual graph (every other cycle of
//! the difference costs >= 0, as M is optimal). So the loss is the cost of
//! e plus the shortest path from j back to s in the residual graph. The
//! certificate's prices u (seniors) and v (juniors) make every residual
//! arc's reduced cost >= 0 (dual feasibility over all allowed pairs and
//! complementary slackness, which the certificate proved), so one Dijkstra
//! per person gives those paths, and
//!
//! loss(e) = reduced cost (u_s + v_j - w_e) + shortest reduced path j -> s,
//!
//! exactly. The reduced cost alone is a lower bound; the path is what the
//! rest of the pairing gives up (pairs that end, pairs that move). Each
//! Dijkstra stops once no partner left can beat the N found.
//!
//! Locked (and kept) pairs stay: only free places take part, and a person
//! with none has no alternatives.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use rayon::prelude::*;

use super::graph::{Graph, Objective, Value};
use super::Pair;
use crate::error::{Error, Result};
use crate::roster::Role;
use crate::scoring::Scorer;

/// One other partner of a person and what choosing it would cost.
#[derive(Clone, Debug, PartialEq)]
pub struct Alternative {
    /// The partner's index on the other side.
    pub partner: usize,
    /// The pair's score units.
    pub units: i64,
    /// Pairs of the best pairing with this pair, minus pairs of the
    /// optimal one (usually 0 or -1).
    pub pairs_change: i64,
    /// Total score units of the best pairing with this pair, minus the
    /// optimal total (<= 0 for the default objective when pairs_change is 0).
    pub units_change: i64,
    /// For `--objective goals`: covered goal priority change.
    pub goals_change: i64,
    /// The loss in the objective's own value (>= 0).
    pub loss: Value,
    /// Pairs of the optimal pairing that would end, (senior, junior).
    pub ends: Vec<(usize, usize)>,
    /// Other pairs that would be made, (senior, junior).
    pub adds: Vec<(usize, usize)>,
}

/// A person's alternatives, best (smallest loss) first.
#[derive(Clone, Debug, PartialEq)]
pub struct PersonAlternatives {
    pub role: Role,
    pub index: usize,
    pub list: Vec<Alternative>,
}

/// Node numbers: seniors, then juniors, then the source and the sink.
struct Net<'g> {
    graph: &'g Graph,
    objective: Objective,
    /// Edges into each junior: `by_junior[start_j[j]..start_j[j + 1]]`.
    start_j: Vec<usize>,
    by_junior: Vec<u32>,
    /// The senior of each edge.
    senior_of: Vec<u32>,
    in_m: Vec<bool>,
    /// M's edges per senior and per junior.
    m_senior: Vec<Vec<u32>>,
    m_junior: Vec<Vec<u32>>,
    free_s: Vec<bool>,
    free_j: Vec<bool>,
    u: Vec<Value>,
    v: Vec<Value>,
    any_m: bool,
}

const NONE: u32 = u32::MAX;

impl Net<'_> {
    fn n_s(&self) -> usize {
        self.graph.n_seniors()
    }
    fn n_j(&self) -> usize {
        self.graph.n_juniors()
    }
    fn source(&self) -> usize {
        self.n_s() + self.n_j()
    }
    fn sink(&self) -> usize {
        self.source() + 1
    }
    fn w(&self, e: usize) -> Value {
        self.graph.weight(self.objective, e)
    }
    /// Reduced cost of the forward arc s -> j of a non-M edge.
    fn rc(&self, e: usize) -> Value {
        let s = self.senior_of[e] as usize;
        let j = self.graph.junior[e] as usize;
        self.u[s] + self.v[j] - self.w(e)
    }
    /// Reduced cost of the backward arc j -> s of an M edge.
    fn z(&self, e: usize) -> Value {
        -self.rc(e)
    }

    /// Calls `f(next, cost, edge)` for every residual arc out of `x`
    /// (forward), or into `x` (`reverse`), with its reduced cost; `edge`
    /// is the pair's edge for senior-junior arcs, else NONE.
    fn arcs(&self, x: usize, reverse: bool, mut f: impl FnMut(usize, Value, u32)) {
        let (n_s, source, sink) = (self.n_s(), self.source(), self.sink());
        if x < n_s {
            let s = x;
            if !reverse {
                for e in self.graph.edges(s) {
                    if !self.in_m[e] {
                        f(n_s + self.graph.junior[e] as usize, self.rc(e), e as u32);
                    }
                }
                if !self.m_senior[s].is_empty() {
                    f(source, self.u[s], NONE);
                }
            } else {
                for &e in &self.m_senior[s] {
                    let e = e as usize;
                    f(n_s + self.graph.junior[e] as usize, self.z(e), e as u32);
                }
                if self.free_s[s] {
                    f(source, 0, NONE);
                }
            }
        } else if x < source {
            let j = x - n_s;
            if !reverse {
                for &e in &self.m_junior[j] {
                    let e = e as usize;
                    f(self.senior_of[e] as usize, self.z(e), e as u32);
                }
                if self.free_j[j] {
                    f(sink, 0, NONE);
                }
            } else {
                for &e in &self.by_junior[self.start_j[j]..self.start_j[j + 1]] {
                    let e = e as usize;
                    if !self.in_m[e] {
                        f(self.senior_of[e] as usize, self.rc(e), e as u32);
                    }
                }
                if !self.m_junior[j].is_empty() {
                    f(sink, self.v[j], NONE);
                }
            }
        } else if x == source {
            if !reverse {
                for s in 0..n_s {
                    if self.free_s[s] {
                        f(s, 0, NONE);
                    }
                }
                if self.any_m {
                    f(sink, 0, NONE);
                }
            } else {
                for s in 0..n_s {
                    if !self.m_senior[s].is_empty() {
                        f(s, self.u[s], NONE);
                    }
                }
                f(sink, 0, NONE);
            }
        } else if !reverse {
            for j in 0..self.n_j() {
                if !self.m_junior[j].is_empty() {
                    f(n_s + j, self.v[j], NONE);
                }
            }
            f(source, 0, NONE);
        } else {
            for j in 0..self.n_j() {
                if self.free_j[j] {
                    f(n_s + j, 0, NONE);
                }
            }
            if self.any_m {
                f(source, 0, NONE);
            }
        }
    }
}

/// Reusable Dijkstra state for one thread.
struct Scratch {
    dist: Vec<Value>,
    /// The arc a node was reached by: (the node it leads to or from, edge).
    via: Vec<(u32, u32)>,
    done: Vec<bool>,
    touched: Vec<u32>,
}

impl Scratch {
    fn new(n: usize) -> Scratch {
        Scratch {
            dist: vec![Value::MAX; n],
            via: vec![(NONE, NONE); n],
            done: vec![false; n],
            touched: Vec::new(),
        }
    }
    fn reset(&mut self) {
        for &x in &self.touched {
            let x = x as usize;
            self.dist[x] = Value::MAX;
            self.via[x] = (NONE, NONE);
            self.done[x] = false;
        }
        self.touched.clear();
    }
}

/// The N best alternatives of every person taking part with a free place
/// (seniors, then juniors, in roster order), for a pairing certified with
/// `duals` under `objective`.
pub fn alternatives(
    scorer: &Scorer,
    objective: Objective,
    pairs: &[Pair],
    duals: Option<&(Vec<Value>, Vec<Value>)>,
    n: usize,
) -> Result<Vec<PersonAlternatives>> {
    let Some((u, v)) = duals else {
        return Err(Error::Usage(
            "--alternatives needs the certified pairing of the default flow solver without quotas or minimum loads (its prices give the exact costs); drop --max-same, --fair, --solver ip, min_capacity, --everyone-first and --spread-ties, or drop --alternatives".into(),
        ));
    };
    let graph = full_graph_parallel(scorer, objective);
    let n_s = graph.n_seniors();
    let n_j = graph.n_juniors();
    let mut senior_of = vec![0u32; graph.n_edges()];
    for (s, e) in graph.seniors_and_edges() {
        senior_of[e] = s as u32;
    }
    let mut count = vec![0usize; n_j + 1];
    for &j in &graph.junior {
        count[j as usize + 1] += 1;
    }
    for j in 0..n_j {
        count[j + 1] += count[j];
    }
    let start_j = count.clone();
    let mut by_junior = vec![0u32; graph.n_edges()];
    for e in 0..graph.n_edges() {
        let j = graph.junior[e] as usize;
        by_junior[count[j]] = e as u32;
        count[j] += 1;
    }
    let mut in_m = vec![false; graph.n_edges()];
    let mut m_senior = vec![Vec::new(); n_s];
    let mut m_junior = vec![Vec::new(); n_j];
    for p in pairs.iter().filter(|p| !p.locked) {
        let edges = graph.edges(p.senior);
        let found = graph.junior[edges.clone()].binary_search(&(p.junior as u32));
        let e = match found {
            Ok(k) => edges.start + k,
            Err(_) => return Err(broken("a pair of the pairing is not an allowed pair")),
        };
        in_m[e] = true;
        m_senior[p.senior].push(e as u32);
        m_junior[p.junior].push(e as u32);
    }
    let free_s: Vec<bool> = (0..n_s)
        .map(|s| (m_senior[s].len() as u32) < graph.senior_cap[s])
        .collect();
    let free_j: Vec<bool> = (0..n_j)
        .map(|j| (m_junior[j].len() as u32) < graph.junior_cap[j])
        .collect();
    let net = Net {
        graph: &graph,
        objective,
        start_j,
        by_junior,
        senior_of,
        in_m,
        m_senior,
        m_junior,
        free_s,
        free_j,
        u: u.clone(),
        v: v.clone(),
        any_m: pairs.iter().any(|p| !p.locked),
    };
    // The prices must make every reduced cost >= 0; the certificate proved
    // it, and the costs below are exact only if it holds.
    if u.len() != n_s || v.len() != n_j {
        return Err(broken("no prices for every person"));
    }
    if (0..n_s).any(|s| net.free_s[s] && u[s] != 0 || u[s] < 0)
        || (0..n_j).any(|j| net.free_j[j] && v[j] != 0 || v[j] < 0)
    {
        return Err(broken("a price breaks complementary slackness"));
    }
    if (0..graph.n_edges()).into_par_iter().any(|e| {
        if net.in_m[e] {
            net.z(e) < 0
        } else {
            net.rc(e) < 0
        }
    }) {
        return Err(broken("a pair breaks its dual constraint"));
    }

    let people: Vec<(Role, usize)> = (0..n_s)
        .filter(|&s| graph.senior_cap[s] > 0)
        .map(|s| (Role::Senior, s))
        .chain(
            (0..n_j)
                .filter(|&j| graph.junior_cap[j] > 0)
                .map(|j| (Role::Junior, j)),
        )
        .collect();
    let nodes = n_s + n_j + 2;
    Ok(people
        .par_iter()
        .map_init(
            || Scratch::new(nodes),
            |scratch, &(role, i)| PersonAlternatives {
                role,
                index: i,
                list: best_of(&net, scratch, role, i, n),
            },
        )
        .collect())
}

fn broken(what: &str) -> Error {
    Error::Solver(format!(
        "the certificate's prices cannot price the alternatives ({what}); this is a bug in rmatch, please report it with the roster"
    ))
}

/// Every allowed pair (free places only, locked pairs aside) as a graph,
/// scored in parallel.
fn full_graph_parallel(scorer: &Scorer, objective: Objective) -> Graph {
    let lists: Vec<Vec<(u32, i64)>> = (0..scorer.n_seniors())
        .into_par_iter()
        .map_init(
            || scorer.scratch(),
            |scratch, s| {
                let mut list = Vec::new();
                scorer.for_each_allowed(s, scratch, |j, _, units| list.push((j as u32, units)));
                list.sort_unstable();
                list
            },
        )
        .collect();
    let mut graph = Graph::from_lists(
        scorer.senior_left.clone(),
        scorer.junior_left.clone(),
        &lists,
    );
    if objective == Objective::Goals {
        graph.fill_goals(scorer);
    }
    graph
}

/// One person's N best alternatives: their allowed pairs outside M, each
/// costing its reduced cost plus the shortest residual path closing the
/// cycle (Dijkstra from the person, stopped once no partner left can beat
/// the N found). Ties: smaller loss, then higher pair score, then partner
/// index (roster id order).
fn best_of(net: &Net, scratch: &mut Scratch, role: Role, i: usize, n: usize) -> Vec<Alternative> {
    let n_s = net.n_s();
    // The person's candidate pairs: (reduced cost, edge, partner node).
    let mut candidates: Vec<(Value, u32, usize)> = match role {
        Role::Senior => net
            .graph
            .edges(i)
            .filter(|&e| !net.in_m[e])
            .map(|e| (net.rc(e), e as u32, n_s + net.graph.junior[e] as usize))
            .collect(),
        Role::Junior => net.by_junior[net.start_j[i]..net.start_j[i + 1]]
            .iter()
            .filter(|&&e| !net.in_m[e as usize])
            .map(|&e| (net.rc(e as usize), e, net.senior_of[e as usize] as usize))
            .collect(),
    };
    if candidates.is_empty() || n == 0 {
        return Vec::new();
    }
    candidates.sort_unstable();
    // For a senior s the cycle is s -> j then j ~> s: the paths into s,
    // found backwards from s. For a junior j it is s -> j then j ~> s:
    // the paths out of j, found forwards.
    let reverse = role == Role::Senior;
    let origin = match role {
        Role::Senior => i,
        Role::Junior => n_s + i,
    };
    let mut target: std::collections::HashMap<usize, usize> =
        std::collections::HashMap::with_capacity(candidates.len());
    for (k, c) in candidates.iter().enumerate() {
        target.insert(c.2, k);
    }
    let mut recorded = vec![false; candidates.len()];
    let mut next_unrecorded = 0;
    // (loss, -units, partner index, candidate)
    let mut found: Vec<(Value, i64, usize, usize)> = Vec::new();
    let nth_best = |found: &mut Vec<(Value, i64, usize, usize)>| -> Option<Value> {
        if found.len() < n {
            return None;
        }
        found.sort_unstable();
        found.truncate(n);
        Some(found[n - 1].0)
    };
    scratch.reset();
    let mut heap: BinaryHeap<Reverse<(Value, u32)>> = BinaryHeap::new();
    scratch.dist[origin] = 0;
    scratch.touched.push(origin as u32);
    heap.push(Reverse((0, origin as u32)));
    while let Some(Reverse((d, x))) = heap.pop() {
        let x = x as usize;
        if scratch.done[x] || d > scratch.dist[x] {
            continue;
        }
        // No candidate still unrecorded can cost less than its reduced
        // cost plus d: stop once none can beat (or tie) the N-th best.
        while next_unrecorded < candidates.len() && recorded[next_unrecorded] {
            next_unrecorded += 1;
        }
        if next_unrecorded == candidates.len() {
            break;
        }
        if let Some(worst) = nth_best(&mut found) {
            if candidates[next_unrecorded].0 + d > worst {
                break;
            }
        }
        scratch.done[x] = true;
        if let Some(&k) = target.get(&x) {
            if x != origin {
                recorded[k] = true;
                let (rc, e, _) = candidates[k];
                let units = net.graph.units[e as usize];
                let partner = match role {
                    Role::Senior => x - n_s,
                    Role::Junior => x,
                };
                found.push((rc + d, -units, partner, k));
            }
        }
        let (dist, via, touched) = (&mut scratch.dist, &mut scratch.via, &mut scratch.touched);
        net.arcs(x, reverse, |y, cost, edge| {
            let nd = d + cost;
            if nd < dist[y] {
                if dist[y] == Value::MAX {
                    touched.push(y as u32);
                }
                dist[y] = nd;
                via[y] = (x as u32, edge);
                heap.push(Reverse((nd, y as u32)));
            }
        });
    }
    found.sort_unstable();
    found.truncate(n);
    found
        .into_iter()
        .map(|(loss, _, partner, k)| describe(net, scratch, role, i, candidates[k], partner, loss))
        .collect()
}

/// What forcing the candidate does, from the shortest path found: the
/// pairs of M it ends (M arcs walked backwards) and the pairs it adds.
fn describe(
    net: &Net,
    scratch: &Scratch,
    role: Role,
    i: usize,
    candidate: (Value, u32, usize),
    partner: usize,
    loss: Value,
) -> Alternative {
    let e = candidate.1 as usize;
    let (mut ends, mut adds) = (Vec::new(), Vec::new());
    let mut units_change = net.graph.units[e];
    let mut goals_change = i64::from(net.graph.goals.get(e).copied().unwrap_or(0));
    // Walk from the partner's node back to the origin along `via`.
    let mut x = candidate.2;
    let mut steps = 0;
    loop {
        let (prev, edge) = scratch.via[x];
        if prev == NONE {
            break;
        }
        if edge != NONE {
            let edge = edge as usize;
            let pair = (
                net.senior_of[edge] as usize,
                net.graph.junior[edge] as usize,
            );
            let goals = i64::from(net.graph.goals.get(edge).copied().unwrap_or(0));
            if net.in_m[edge] {
                ends.push(pair);
                units_change -= net.graph.units[edge];
                goals_change -= goals;
            } else {
                adds.push(pair);
                units_change += net.graph.units[edge];
                goals_change += goals;
            }
        }
        x = prev as usize;
        steps += 1;
        if steps > scratch.via.len() {
            break;
        }
    }
    let _ = (role, i);
    let pairs_change = 1 + adds.len() as i64 - ends.len() as i64;
    let high = match net.objective {
        Objective::PairsThenScore => pairs_change,
        Objective::Score => 0,
        Objective::Goals => goals_change,
    };
    debug_assert_eq!(
        -((Value::from(high) << 64) + Value::from(units_change)),
        loss,
        "the path's changes add up to the loss"
    );
    Alternative {
        partner,
        units: net.graph.units[e],
        pairs_change,
        units_change,
        goals_change,
        loss,
        ends,
        adds,
    }
}
