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
    /// Each edge's reduced cost u_s + v_j - w_e.
    reduced: Vec<Value>,
    /// Each senior's edges and each junior's (`by_junior`'s ranges),
    /// cheapest reduced cost first.
    out_sorted: Vec<u32>,
    in_sorted: Vec<u32>,
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
        self.reduced[e]
    }
    /// Reduced cost of the backward arc j -> s of an M edge.
    fn z(&self, e: usize) -> Value {
        -self.rc(e)
    }

    /// Calls `f(next, cost, edge)` for every residual arc out of `x`
    /// (forward), or into `x` (`reverse`), with its reduced cost; `edge`
    /// is the pair's edge for senior-junior arcs, else NONE.
    /// Pair arcs costing more than `limit` are left out (the pair lists
    /// are sorted by reduced cost, so a scan stops at the first).
    fn arcs(
        &self,
        x: usize,
        reverse: bool,
        hubs: bool,
        limit: Value,
        mut f: impl FnMut(usize, Value, u32),
    ) {
        let (n_s, source, sink) = (self.n_s(), self.source(), self.sink());
        // Without the hubs: only arcs between seniors and juniors.
        let mut f = |y: usize, cost: Value, edge: u32| {
            if hubs || y < source {
                f(y, cost, edge)
            }
        };
        if x < n_s {
            let s = x;
            if !reverse {
                for &e in &self.out_sorted[self.graph.edges(s)] {
                    let e = e as usize;
                    if self.rc(e) > limit {
                        break;
                    }
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
                for &e in &self.in_sorted[self.start_j[j]..self.start_j[j + 1]] {
                    let e = e as usize;
                    if self.rc(e) > limit {
                        break;
                    }
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
            "--alternatives needs the certified pairing of the default flow solver without quotas, minimum loads or --stable (its prices give the exact costs); drop --max-same, --fair, --stable, --solver ip, min_capacity, --everyone-first and --spread-ties, or drop --alternatives".into(),
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
        reduced: Vec::new(),
        out_sorted: Vec::new(),
        in_sorted: Vec::new(),
    };
    if u.len() != n_s || v.len() != n_j {
        return Err(broken("no prices for every person"));
    }
    let reduced: Vec<Value> = (0..graph.n_edges())
        .into_par_iter()
        .map(|e| {
            let s = net.senior_of[e] as usize;
            let j = graph.junior[e] as usize;
            u[s] + v[j] - net.w(e)
        })
        .collect();
    let by_cost = |edges: &[u32]| {
        let mut keyed: Vec<(Value, u32)> =
            edges.iter().map(|&e| (reduced[e as usize], e)).collect();
        keyed.sort_unstable();
        keyed.into_iter().map(|(_, e)| e)
    };
    let all: Vec<u32> = (0..graph.n_edges() as u32).collect();
    let out_sorted: Vec<u32> = (0..n_s)
        .into_par_iter()
        .flat_map_iter(|s| by_cost(&all[graph.edges(s)]))
        .collect();
    let in_sorted: Vec<u32> = (0..n_j)
        .into_par_iter()
        .flat_map_iter(|j| by_cost(&net.by_junior[net.start_j[j]..net.start_j[j + 1]]))
        .collect();
    let net = Net {
        reduced,
        out_sorted,
        in_sorted,
        ..net
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
            // By id, as they are shown.
            scorer
                .roster
                .in_id_order(Role::Junior)
                .filter(|&j| graph.junior_cap[j] > 0)
                .map(|j| (Role::Junior, j)),
        )
        .collect();
    let nodes = n_s + n_j + 2;
    // Shortest paths to and from the two hubs, once: [to source, to sink]
    // and [from source, from sink].
    let (source, sink) = (net.source(), net.sink());
    let trees: Vec<Tree> = [(source, true), (sink, true), (source, false), (sink, false)]
        .par_iter()
        .map(|&(h, reverse)| tree(&net, h, reverse))
        .collect();
    let hubs = Hubs { trees };
    Ok(people
        .par_iter()
        .map_init(
            || Scratch::new(nodes),
            |scratch, &(role, i)| PersonAlternatives {
                role,
                index: i,
                list: best_of(&net, &hubs, scratch, role, i, n),
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

/// Shortest reduced paths from `origin` to every node (`reverse`: from
/// every node to `origin`), with the arc each node was reached by (the
/// node before it, or after it when `reverse`, and the pair's edge).
fn tree(net: &Net, origin: usize, reverse: bool) -> Tree {
    let nodes = net.sink() + 1;
    let mut dist = vec![Value::MAX; nodes];
    let mut via = vec![(NONE, NONE); nodes];
    let mut done = vec![false; nodes];
    let mut heap: BinaryHeap<Reverse<(Value, u32)>> = BinaryHeap::new();
    dist[origin] = 0;
    heap.push(Reverse((0, origin as u32)));
    while let Some(Reverse((d, x))) = heap.pop() {
        let x = x as usize;
        if done[x] {
            continue;
        }
        done[x] = true;
        net.arcs(x, reverse, true, Value::MAX, |y, cost, edge| {
            let nd = d + cost;
            if nd < dist[y] {
                dist[y] = nd;
                via[y] = (x as u32, edge);
                heap.push(Reverse((nd, y as u32)));
            }
        });
    }
    (dist, via)
}

/// Distances and the arc each node was reached by, from [`tree`].
type Tree = (Vec<Value>, Vec<(u32, u32)>);

/// The four hub trees: to the source, to the sink (reverse), from the
/// source, from the sink.
struct Hubs {
    trees: Vec<Tree>,
}

impl Hubs {
    /// The shortest path from junior node `j` to senior node `s` through a
    /// hub, and which hub (0 source, 1 sink).
    fn through(&self, j: usize, s: usize) -> Option<(Value, usize)> {
        (0..2)
            .filter_map(|h| {
                let a = self.trees[h].0[j];
                let b = self.trees[2 + h].0[s];
                (a != Value::MAX && b != Value::MAX).then_some((a + b, h))
            })
            .min()
    }

    /// The walk j -> hub -> s as (node, edge to the next node).
    fn walk(&self, net: &Net, j: usize, s: usize, h: usize) -> Vec<(u32, u32)> {
        let hub = if h == 0 { net.source() } else { net.sink() };
        let mut walk = Vec::new();
        let mut x = j;
        while x != hub {
            let (next, edge) = self.trees[h].1[x];
            walk.push((x as u32, edge));
            x = next as usize;
        }
        let mut back = Vec::new();
        let mut y = s;
        while y != hub {
            let (prev, edge) = self.trees[2 + h].1[y];
            back.push((prev, edge));
            y = prev as usize;
        }
        back.reverse();
        walk.extend(back);
        walk.push((s as u32, NONE));
        walk
    }
}

/// How a candidate's best path goes: through a hub, or between seniors
/// and juniors only (found by the person's own search).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Route {
    Hub(usize),
    Direct,
}

/// One person's N best alternatives: their allowed pairs outside M, each
/// costing its reduced cost plus the shortest residual path closing the
/// cycle. A path either passes a hub (source or sink: the four hub trees
/// give it at once) or stays between seniors and juniors (alternating
/// swaps: a search from the person, stopped once no partner left can beat
/// the N best so far). Ties: smaller loss, then higher pair score, then
/// partner index (roster id order).
fn best_of(
    net: &Net,
    hubs: &Hubs,
    scratch: &mut Scratch,
    role: Role,
    i: usize,
    n: usize,
) -> Vec<Alternative> {
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
    let origin = match role {
        Role::Senior => i,
        Role::Junior => n_s + i,
    };
    // (junior node, senior node) of a candidate's cycle.
    let ends_of = |partner: usize| match role {
        Role::Senior => (partner, origin),
        Role::Junior => (origin, partner),
    };
    let partner_index = |node: usize| if node >= n_s { node - n_s } else { node };
    // Each candidate's loss so far (through a hub), ordered with the
    // tie-breaks: (loss, -units, partner index, candidate).
    let mut value: Vec<(Value, Route)> = Vec::with_capacity(candidates.len());
    let mut order = std::collections::BTreeSet::new();
    for (k, &(rc, e, node)) in candidates.iter().enumerate() {
        let (j, s) = ends_of(node);
        let (loss, route) = match hubs.through(j, s) {
            Some((d, h)) => (rc + d, Route::Hub(h)),
            None => (Value::MAX, Route::Hub(0)),
        };
        value.push((loss, route));
        order.insert((loss, -net.graph.units[e as usize], partner_index(node), k));
    }
    let nth = |order: &std::collections::BTreeSet<(Value, i64, usize, usize)>| {
        order.iter().nth(n - 1).map_or(Value::MAX, |t| t.0)
    };
    let mut target: std::collections::HashMap<usize, usize> =
        std::collections::HashMap::with_capacity(candidates.len());
    for (k, c) in candidates.iter().enumerate() {
        target.insert(c.2, k);
    }
    // The direct search: for a senior, paths into it (backwards); for a
    // junior, paths out of it.
    let reverse = role == Role::Senior;
    // A direct path reaches a partner only through one of the partner's
    // pairs in M: partners without one are settled by the hubs alone.
    let matched = |node: usize| {
        if node >= n_s {
            !net.m_junior[node - n_s].is_empty()
        } else {
            !net.m_senior[node].is_empty()
        }
    };
    let mut settled: Vec<bool> = candidates.iter().map(|c| !matched(c.2)).collect();
    let mut next_unsettled = 0;
    scratch.reset();
    let mut heap: BinaryHeap<Reverse<(Value, u32)>> = BinaryHeap::new();
    scratch.dist[origin] = 0;
    scratch.touched.push(origin as u32);
    heap.push(Reverse((0, origin as u32)));
    let mut worst = nth(&order);
    while let Some(Reverse((d, x))) = heap.pop() {
        let x = x as usize;
        if scratch.done[x] || d > scratch.dist[x] {
            continue;
        }
        while next_unsettled < candidates.len() && settled[next_unsettled] {
            next_unsettled += 1;
        }
        // An unsettled candidate costs at least its reduced cost plus d
        // by a direct path: stop once none can beat or tie the N-th best.
        if next_unsettled == candidates.len()
            || candidates[next_unsettled].0.saturating_add(d) > worst
        {
            break;
        }
        scratch.done[x] = true;
        if let Some(&k) = target.get(&x) {
            settled[k] = true;
            let (rc, e, node) = candidates[k];
            if rc + d < value[k].0 {
                let key = -net.graph.units[e as usize];
                order.remove(&(value[k].0, key, partner_index(node), k));
                value[k] = (rc + d, Route::Direct);
                order.insert((rc + d, key, partner_index(node), k));
                worst = nth(&order);
            }
        }
        let (dist, via, touched) = (&mut scratch.dist, &mut scratch.via, &mut scratch.touched);
        // Only arcs that can still lead to a partner within the N-th best.
        let limit = worst
            .saturating_sub(candidates[next_unsettled].0)
            .saturating_sub(d);
        net.arcs(x, reverse, false, limit, |y, cost, edge| {
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
    order
        .iter()
        .take(n)
        .filter(|t| t.0 != Value::MAX)
        .map(|&(loss, _, partner, k)| {
            let (_, e, node) = candidates[k];
            let (j, s) = ends_of(node);
            let walk = match value[k].1 {
                Route::Hub(h) => hubs.walk(net, j, s, h),
                Route::Direct => direct_walk(scratch, role, j, s),
            };
            describe(net, e as usize, &walk, partner, loss)
        })
        .collect()
}

/// The direct path j -> s of the person's search as (node, edge to next).
fn direct_walk(scratch: &Scratch, role: Role, j: usize, s: usize) -> Vec<(u32, u32)> {
    let mut walk = Vec::new();
    match role {
        // Searched backwards from s: each node's `via` is the next node.
        Role::Senior => {
            let mut x = j;
            while x != s {
                let (next, edge) = scratch.via[x];
                walk.push((x as u32, edge));
                x = next as usize;
            }
        }
        // Searched forwards from j: each node's `via` is the node before.
        Role::Junior => {
            let mut y = s;
            while y != j {
                let (prev, edge) = scratch.via[y];
                walk.push((prev, edge));
                y = prev as usize;
            }
            walk.reverse();
        }
    }
    walk.push((s as u32, NONE));
    walk
}

/// What forcing edge `e` does along the cycle `e` + `walk` (j back to s):
/// the pairs of M it ends (M arcs walked backwards) and the pairs it adds.
/// A walk that meets a node twice (two hub paths can) loses the loop in
/// between: the loop costs nothing, as the walk is a shortest one.
fn describe(net: &Net, e: usize, walk: &[(u32, u32)], partner: usize, loss: Value) -> Alternative {
    let mut simple: Vec<(u32, u32)> = Vec::with_capacity(walk.len());
    let mut at: std::collections::HashMap<u32, usize> = std::collections::HashMap::new();
    for &(node, edge) in walk {
        if let Some(&k) = at.get(&node) {
            for (gone, _) in simple.drain(k..) {
                at.remove(&gone);
            }
        }
        at.insert(node, simple.len());
        simple.push((node, edge));
    }
    let (mut ends, mut adds) = (Vec::new(), Vec::new());
    let mut units_change = net.graph.units[e];
    let mut goals_change = i64::from(net.graph.goals.get(e).copied().unwrap_or(0));
    for &(_, edge) in &simple {
        if edge == NONE {
            continue;
        }
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
