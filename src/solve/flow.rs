//! An exact combinatorial solver for the capacitated assignment: successive
//! shortest augmenting paths with node potentials (the Hungarian method
//! generalised to capacities, as a min-cost flow).
//!
//! Network: every senior unit of capacity flows either to a junior over a
//! candidate pair (value w) or to a private "unmatched" arc (value 0), and
//! juniors pass at most their capacity on. Each augmentation is a Dijkstra
//! search on reduced costs, stopped as soon as the sink is settled; only the
//! settled nodes' potentials change, so a search costs what it explores.
//! The potentials that keep reduced costs non-negative are exactly the LP
//! duals the certificate in [`super::certificate`] checks.
//!
//! With [`Loads`] (minimum loads, everyone first), a person's units are
//! worth more than their pairs, less for each further unit: a junior's
//! k-th unit to the sink is worth `at(k)`, and a senior's unmatched arc is
//! one piece per unit, worth `-at(k)` for the unit that leaves it with k-1
//! partners (the pieces cost more as the senior loses partners, so the
//! cheapest is always used first).

//!
//! A later solve on a larger graph can start from an earlier one's
//! pairing and potentials ([`solve_warm`]): each senior's potential is
//! raised until its new pairs have non-negative reduced costs, the units
//! whose arcs that leaves non-tight are released (their juniors keep their
//! place at the sink and wait for a unit, so no junior's potential moves),
//! and only the released units are routed again, from senior to the nearest
//! junior that waits or to the sink.
//!
//! A solve without loads runs in 64-bit integers where the values allow
//! (`narrow_shift`): the same comparisons as in 128 bits, with half the
//! memory traffic in the searches.

use std::fmt::Debug;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};

use rayon::prelude::*;

use super::graph::{Assignment, Graph, Objective, Value};
use super::loads::{scaled, Loads, Marginals};
use super::queue::{self, Queue};

/// Solves the assignment on `graph` exactly.
pub fn solve(graph: &Graph, objective: Objective) -> Assignment {
    solve_warm(graph, objective, None, None).0
}

/// Solves the assignment on `graph` exactly, with `loads` valued on top of
/// the pairs (see [`super::loads`]).
pub fn solve_with(graph: &Graph, objective: Objective, loads: Option<&Loads>) -> Assignment {
    solve_warm(graph, objective, loads, None).0
}

/// Solves the assignment on `graph` exactly, starting from `previous` (a
/// solve of the same people under the same objective and loads, on a graph
/// whose pairs are all in `graph`, such as an earlier certificate round).
/// The result is the same optimum as [`solve_with`]'s, with valid duals.
pub fn resolve(
    graph: &Graph,
    objective: Objective,
    loads: Option<&Loads>,
    previous: &WarmStart,
) -> Assignment {
    solve_warm(graph, objective, loads, Some(previous)).0
}

/// [`solve_with`], starting from `previous` when there is one, that also
/// returns what a later solve can start from. Without `previous`, or when
/// it does not fit `graph` (other capacities, a pair the graph lacks), the
/// solve starts from scratch; so it does, after the fact, when the warm
/// start has searched more than twice as much as the last solve from
/// scratch did (released units can be far from where they fit, as when
/// juniors are plentiful and a few are in demand), and then every later
/// solve from this one starts from scratch too.
///
/// Where the juniors' places are fewer than the seniors' (and no loads
/// are valued), the flow routes the juniors' units instead, on the graph
/// turned around: from the seniors' side each unit the juniors' places
/// cannot take searches the whole graph before it settles for its
/// unmatched arc, while from the juniors' side a search mostly ends at a
/// free place soon (a 10,000 x 10,000 roster's first flow: 0.73 s against
/// 0.11 s). The pairing is as good and the duals as exact (an optimum
/// among equals may differ). Such a solve always starts from scratch: it
/// is fast, and a warm start there went over its budget on the squares
/// measured.
pub fn solve_warm(
    graph: &Graph,
    objective: Objective,
    loads: Option<&Loads>,
    previous: Option<&WarmStart>,
) -> (Assignment, WarmStart) {
    if turns(graph, loads) {
        let turned = Transposed::of(graph);
        let (assignment, warm) = solve_cold(&turned.graph, objective, None);
        return (turned.back(assignment), warm);
    }
    solve_warm_as_given(graph, objective, loads, previous)
}

/// Whether [`solve_warm`] solves `graph` turned around: no loads, and
/// fewer places on the juniors' side.
fn turns(graph: &Graph, loads: Option<&Loads>) -> bool {
    let places = |caps: &[u32]| caps.iter().map(|&c| u64::from(c)).sum::<u64>();
    loads.is_none() && places(&graph.junior_cap) < places(&graph.senior_cap)
}

/// A graph turned around: its juniors as the seniors and its seniors as the
/// juniors, each pair with the same units (and covered goals), and where
/// each of its edges came from.
struct Transposed {
    graph: Graph,
    /// The original edge of each edge of `graph`.
    edge: Vec<usize>,
}

/// Where each junior's edges start when `junior` (the junior of each edge)
/// is laid out junior by junior, for `n_j` juniors: `n_j + 1` offsets.
fn junior_starts(junior: &[u32], n_j: usize) -> Vec<usize> {
    let mut start = vec![0usize; n_j + 1];
    for &j in junior {
        start[j as usize + 1] += 1;
    }
    for j in 0..n_j {
        start[j + 1] += start[j];
    }
    start
}

impl Transposed {
    fn of(graph: &Graph) -> Transposed {
        let start = junior_starts(&graph.junior, graph.n_juniors());
        let mut next = start.clone();
        let n = graph.n_edges();
        let (mut junior, mut units, mut edge) = (vec![0u32; n], vec![0i64; n], vec![0usize; n]);
        // Seniors in index order: each turned row comes out sorted.
        for (s, e) in graph.seniors_and_edges() {
            let at = &mut next[graph.junior[e] as usize];
            junior[*at] = s as u32;
            units[*at] = graph.units[e];
            edge[*at] = e;
            *at += 1;
        }
        let goals = if graph.goals.is_empty() {
            Vec::new()
        } else {
            edge.iter().map(|&e| graph.goals[e]).collect()
        };
        Transposed {
            graph: Graph {
                senior_cap: graph.junior_cap.clone(),
                junior_cap: graph.senior_cap.clone(),
                start,
                junior,
                units,
                goals,
                order: Vec::new(),
            },
            edge,
        }
    }

    /// The assignment in the original graph's terms: its edges, and the
    /// duals sides swapped back.
    fn back(&self, turned: Assignment) -> Assignment {
        let mut edges: Vec<usize> = turned.edges.iter().map(|&e| self.edge[e]).collect();
        edges.sort_unstable();
        Assignment {
            edges,
            senior_dual: turned.junior_dual,
            junior_dual: turned.senior_dual,
        }
    }
}

/// [`solve_warm`] on `graph` as it is given.
fn solve_warm_as_given(
    graph: &Graph,
    objective: Objective,
    loads: Option<&Loads>,
    previous: Option<&WarmStart>,
) -> (Assignment, WarmStart) {
    let tried = previous.is_some_and(|p| !p.gave_up);
    if let Some(previous) = previous.filter(|p| !p.gave_up) {
        // In 64 bits where the values allow, as from scratch (the released
        // units' searches read half as much), else or past the range in 128.
        let narrow = narrow_shift(graph, objective, loads).map(|shift| {
            route_warm(
                Flow::<i64>::new(graph, objective, loads, false, shift),
                previous,
            )
        });
        let routed = match narrow {
            Some(Err(NotWarm::Beyond)) | None => route_warm(
                Flow::<Value>::new(graph, objective, loads, false, 64),
                previous,
            ),
            Some(routed) => routed,
        };
        if let Ok(solved) = routed {
            return solved;
        }
    }
    let (assignment, mut warm) = solve_cold(graph, objective, loads);
    warm.gave_up = tried || previous.is_some_and(|p| p.gave_up);
    (assignment, warm)
}

/// Why a warm start gave no solve.
enum NotWarm {
    /// A potential left the 64-bit range: solve in 128 bits.
    Beyond,
    /// `previous` does not fit the graph, or the searches went over their
    /// budget: solve from scratch.
    Failed,
}

/// Routes `flow` from `previous` (see [`solve_warm`]).
fn route_warm<V: Num>(
    mut flow: Flow<'_, V>,
    previous: &WarmStart,
) -> Result<(Assignment, WarmStart), NotWarm> {
    flow.budget = previous
        .cold_work
        .saturating_mul(2)
        .saturating_add(flow.sink as u64);
    let routed = flow
        .load(previous)
        .is_some_and(|excess| flow.route_all(&excess));
    if !routed {
        return Err(if flow.beyond {
            NotWarm::Beyond
        } else {
            NotWarm::Failed
        });
    }
    let (assignment, mut warm) = flow.finish();
    warm.warm_started = true;
    warm.cold_work = previous.cold_work;
    Ok((assignment, warm))
}

/// Solves from scratch: in 64-bit values where [`narrow_shift`] shows they
/// are exact (the flows take a sixth to a quarter less time than in
/// 128 bits at 10,000 x 20,000 and 30,000 x 60,000),
/// otherwise, or should a potential leave the range that shows, in
/// 128-bit ones. Both give the same pairs and duals.
fn solve_cold(
    graph: &Graph,
    objective: Objective,
    loads: Option<&Loads>,
) -> (Assignment, WarmStart) {
    if let Some(shift) = narrow_shift(graph, objective, loads) {
        if let Some(solved) = route_cold(Flow::<i64>::new(graph, objective, loads, true, shift)) {
            return solved;
        }
    }
    route_cold(Flow::<i128>::new(graph, objective, loads, true, 64))
        .expect("a unit always has its unmatched arc, and 128-bit values have no limit")
}

fn route_cold<V: Num>(mut flow: Flow<'_, V>) -> Option<(Assignment, WarmStart)> {
    let caps = flow.graph.senior_cap.clone();
    if !flow.route_all(&caps) {
        return None;
    }
    let work = flow.work;
    let (assignment, mut warm) = flow.finish();
    warm.cold_work = work;
    Some((assignment, warm))
}

/// The numbers a flow adds and compares: [`Value`]s, or the same in 64
/// bits with the pairs (or goals) at `2^shift` instead of `2^64`.
trait Num:
    Copy
    + Send
    + Sync
    + Ord
    + Debug
    + Add<Output = Self>
    + Sub<Output = Self>
    + AddAssign
    + SubAssign
    + Neg<Output = Self>
{
    const ZERO: Self;
    const MAX: Self;
    /// Whether this is [`Value`] itself.
    const WIDE: bool;
    /// The searches' queue for these distances.
    type Queue: Queue<Self>;
    /// `v` with its high half (pairs or goals) at `2^shift`.
    fn narrow(v: Value, shift: u32) -> Self;
    /// The [`Value`] this stands for.
    fn widen(self, shift: u32) -> Value;
}

impl Num for i128 {
    type Queue = queue::Radix<(u128, u64)>;
    const ZERO: Self = 0;
    const MAX: Self = i128::MAX;
    const WIDE: bool = true;
    fn narrow(v: Value, _: u32) -> Self {
        v
    }
    fn widen(self, _: u32) -> Value {
        self
    }
}

impl Num for i64 {
    type Queue = queue::Radix<u128>;
    const ZERO: Self = 0;
    const MAX: Self = i64::MAX;
    const WIDE: bool = false;
    fn narrow(v: Value, shift: u32) -> Self {
        // High and low halves with the low one in [-2^63, 2^63): how the
        // flow's sums of pair values split.
        let high = (v + (1 << 63)) >> 64;
        let low = v - (high << 64);
        ((high << shift) + low) as i64
    }
    fn widen(self, shift: u32) -> Value {
        let v = i128::from(self);
        let high = (v + (1 << (shift - 1))) >> shift;
        let low = v - (high << shift);
        (high << 64) + low
    }
}

/// Where a solve from scratch without loads can run in 64 bits: the
/// power of two `2^shift` that stands for a pair (or a goal) instead of
/// `2^64`, or None when the values would not fit.
///
/// Every number a search forms is a node's potential, a distance or a
/// reduced cost, each a sum of pair values along at most two simple paths
/// plus two potentials, so its score part is at most `16 n` times the
/// largest pair's units (`n` nodes): with `2^shift` above twice that, the
/// high and low parts never mix, and 64-bit sums compare exactly as the
/// 128-bit ones do. Magnitudes stay small: from scratch and without loads
/// a senior's potential lies between 0 and the largest pair value `W` and
/// a junior's between `-W` and 0 (every senior keeps its unmatched arc and
/// every junior with room its arc to the sink), so every sum is within
/// `4 W`; a search checks the potentials it moves against `2 W` and gives
/// up past it, and the solve then runs in 128 bits. A warm start keeps
/// those ranges (it raises a senior's potential to at most `W`), and its
/// loaded potentials are checked the same way.
fn narrow_shift(graph: &Graph, objective: Objective, loads: Option<&Loads>) -> Option<u32> {
    if loads.is_some() {
        return None;
    }
    let nodes = (graph.n_seniors() + graph.n_juniors() + 1) as u128;
    let units_most = u128::from(graph.units.iter().map(|u| u.unsigned_abs()).max()?).max(1);
    let high_most = match objective {
        Objective::PairsThenScore => 1,
        Objective::Score => 0,
        Objective::Goals => u128::from(graph.goals.iter().copied().max().unwrap_or(0)),
    };
    let low_most = units_most.checked_mul(16)?.checked_mul(nodes)?;
    let shift = 128 - (2 * low_most).leading_zeros();
    let value_most = high_most.checked_shl(shift)?.checked_add(units_most)?;
    (shift < 63 && value_most < 1 << 59).then_some(shift)
}

/// A solved flow's state, to start a later solve from: the pairs (as
/// people, since edge numbers change with the graph), each senior's
/// unmatched units and every node's potential.
#[derive(Clone, Debug, Default)]
pub struct WarmStart {
    pairs: Vec<(u32, u32)>,
    unmatched: Vec<u32>,
    /// Seniors, then juniors; the sink's is 0.
    potentials: Vec<Value>,
    senior_cap: Vec<u32>,
    junior_cap: Vec<u32>,
    /// Units routed again by the solve that made this (all of them when it
    /// started from scratch).
    pub rerouted: u64,
    /// Whether the solve that made this started from an earlier one.
    pub warm_started: bool,
    /// Nodes settled by the last solve from scratch this one comes from.
    cold_work: u64,
    /// Whether a warm start was tried and went over its budget: the solves
    /// after it start from scratch (on rosters where released units travel
    /// far, every round would try and fail again; at 100,000 x 200,000 each
    /// failed try cost three times the solve from scratch).
    gave_up: bool,
}

/// How the search reached a node: from the start, or back from the sink.
const START: u32 = u32::MAX;
const FROM_SINK: u32 = u32::MAX - 1;
/// The bit of [`Node::mark`] that says its search settled the node; the
/// searches are numbered below it.
const SETTLED: u32 = 1 << 31;
/// Added to the heap key of a node that ends no search, so that among
/// nodes at the same distance the ones that end it come out first.
const NOT_TARGET: u64 = 1 << 32;

struct Flow<'g, V: Num> {
    graph: &'g Graph,
    /// What a pair stands for in `V` (see [`Num`]).
    shift: u32,
    /// How far from 0 a potential may go (see [`narrow_shift`]); past it
    /// the search gives up.
    limit: V,
    /// Whether a potential went past `limit`.
    beyond: bool,
    loads: Option<&'g Loads>,
    /// Units of each senior sent to its unmatched arc so far.
    unmatched: Vec<u32>,
    n_s: usize,
    sink: usize,
    /// The flow's own numbering of the graph's edges: without loads, each
    /// senior's edges by value, highest first (equal values in the graph's
    /// order), in the graph's ranges, so that a search reads a senior's
    /// arcs in the order it takes them, from one place (at 10,000 x 20,000
    /// reading them through a list of edge numbers left a fifth of the
    /// search's time on those reads); with loads, the graph's own (see
    /// [`Flow::augment`] and [`Flow::by_value`]). The graph's edge of each,
    /// empty where they are the same.
    edge: Vec<u32>,
    /// Value of each edge (in the flow's numbering, as the others).
    w: Vec<V>,
    /// The junior end of each edge.
    junior: Vec<u32>,
    /// The senior end of each edge (the same in both numberings: they
    /// differ only inside a senior's range).
    edge_senior: Vec<u32>,
    used: Vec<bool>,
    /// Paired edges at each junior (the reverse arcs of the residual
    /// graph): junior `j`'s are `paired[at..at + len]` for
    /// `[at, len] = paired_at[j]`, with room for as many as the junior can
    /// take, in one array (a search reads a junior's list, each edge's
    /// senior and value from one place instead of three).
    paired_at: Vec<[u32; 2]>,
    paired: Vec<Paired<V>>,
    /// Whether a junior may wait for a unit (only after a warm start: from
    /// scratch a junior's units at the sink are always its paired edges).
    may_wait: bool,
    /// Units the sink still takes in (with waiting juniors, fewer than the
    /// units left to route).
    sink_deficit: u64,
    /// What the searches read of each node: seniors, then juniors, then
    /// the sink.
    node: Vec<Node<V>>,
    rerouted: u64,
    /// Nodes settled so far, and how many may be before giving up.
    work: u64,
    budget: u64,
    /// The current search's number (see [`Node`]).
    search: u32,
    heap: V::Queue,
    order: Vec<u32>,
    /// No junior's potential is above this (potentials only fall), set
    /// when the routing starts.
    junior_p_most: V,
    /// The nearest target the current search has reached so far.
    best_target: V,
    /// Whether a unit whose search would end at distance 0 is routed
    /// without one ([`Flow::augment_at_zero`]): half the units from
    /// scratch at 10,000 x 20,000; the four flows at 100,000 x 200,000
    /// took 1.26-1.31 s instead of 1.37-1.43 s. Tests turn it off to
    /// compare.
    at_zero: bool,
    /// Whether a search after a warm start looks for a way back from the
    /// sink to a waiting junior when it settles the sink
    /// ([`Flow::tight_way_back`]). Tests turn it off to compare.
    way_back: bool,
    /// That way back's state: each node's mark, the node after it on the
    /// way and the arc to it, the queue, and each junior's edges.
    back: WayBack,
}

/// What [`Flow::tight_way_back`] keeps from one search to the next.
#[derive(Default)]
struct WayBack {
    mark: Vec<u32>,
    stamp: u32,
    next: Vec<(u32, u32)>,
    queue: Vec<u32>,
    /// Junior `j`'s edges (in the flow's numbering) are
    /// `edges[start[j]..start[j + 1]]`, made when first needed.
    start: Vec<usize>,
    edges: Vec<u32>,
}

/// A paired edge as a junior's list holds it: the edge, its senior and its
/// value.
#[derive(Clone, Copy, Debug)]
struct Paired<V> {
    e: u32,
    s: u32,
    w: V,
}

/// One node of the network as the searches read it, in one record: a
/// search relaxing an arc into a junior reads its potential, distance,
/// marks and room together, one cache line instead of one per field.
#[derive(Clone, Copy, Debug)]
struct Node<V> {
    /// The potential.
    p: V,
    /// The distance found by the last search that reached the node
    /// (Dijkstra state, reused across searches).
    dist: V,
    /// That search's number, with [`SETTLED`] once it settled the node:
    /// one word for both marks keeps a node in 32 bytes (in 64 bits), two
    /// to a cache line.
    mark: u32,
    /// How that search reached the node (an edge, [`START`], [`FROM_SINK`]
    /// or the node before the sink).
    pred: u32,
    /// A junior's units at the sink (more than its paired edges while it
    /// waits for units released by a warm start) and its capacity.
    sink_units: u32,
    cap: u32,
}

impl<'g, V: Num> Flow<'g, V> {
    /// A flow with nothing routed, in values with a pair at `2^shift` (see
    /// [`Num`]); with `cold`, potentials that make every reduced cost
    /// non-negative from scratch.
    fn new(
        graph: &'g Graph,
        objective: Objective,
        loads: Option<&'g Loads>,
        cold: bool,
        shift: u32,
    ) -> Self {
        let n_s = graph.n_seniors();
        let n = n_s + graph.n_juniors();
        // The arrays over edges and juniors are built on both cores: every
        // certificate round builds them again, while the search itself
        // runs on one.
        let w: Vec<V> = (0..graph.n_edges())
            .into_par_iter()
            .map(|e| V::narrow(scaled(graph.weight(objective, e), loads), shift))
            .collect();
        // Twice the largest pair value (see `narrow_shift`); none in 128 bits.
        let limit = match w.iter().map(|&x| x.max(-x)).max() {
            Some(most) if !V::WIDE => most + most,
            _ => V::MAX,
        };
        let ((edge, w, junior), (edge_senior, (paired_at, room))) = rayon::join(
            || {
                if loads.is_none() {
                    by_value_order(graph, &w)
                } else {
                    (Vec::new(), w, graph.junior.clone())
                }
            },
            || rayon::join(|| edge_seniors(graph), || paired_room(graph)),
        );
        let mut p = vec![V::ZERO; n + 1];
        if cold {
            // A junior's arc to the sink for its first unit has reduced cost
            // p_j - at(1) >= 0.
            if let Some(loads) = loads {
                for (pj, m) in p[n_s..n].iter_mut().zip(&loads.junior) {
                    *pj = V::narrow(m.at(1), shift);
                }
            }
            let (seniors, juniors) = p.split_at_mut(n_s);
            for (s, ps) in seniors.iter_mut().enumerate() {
                // Reduced cost of senior -> junior is p_s - w - p_j >= 0, and
                // of the unmatched arc p_s + at(cap) >= 0.
                *ps = match loads {
                    // Every junior's potential is 0: the best pair's value
                    // (the first by value), or 0.
                    None => graph.edges(s).next().map_or(V::ZERO, |k| w[k].max(V::ZERO)),
                    Some(l) => {
                        // The unmatched arc's first piece costs at(cap),
                        // which is negative with spread ties.
                        let cap = graph.senior_cap[s];
                        let mut best = if cap > 0 {
                            V::narrow((-l.senior[s].at(cap)).max(0), shift)
                        } else {
                            V::ZERO
                        };
                        for e in graph.edges(s) {
                            best = best.max(w[e] + juniors[junior[e] as usize]);
                        }
                        best
                    }
                };
            }
        }
        let sink_deficit = if cold {
            graph.senior_cap.iter().map(|&c| u64::from(c)).sum()
        } else {
            0
        };
        Flow {
            graph,
            loads,
            unmatched: vec![0; n_s],
            n_s,
            sink: n,
            edge,
            w,
            junior,
            edge_senior,
            used: vec![false; graph.n_edges()],
            paired_at,
            paired: vec![
                Paired {
                    e: 0,
                    s: 0,
                    w: V::ZERO
                };
                room
            ],
            may_wait: false,
            sink_deficit,
            node: p
                .into_iter()
                .enumerate()
                .map(|(x, p)| Node {
                    p,
                    dist: V::ZERO,
                    mark: 0,
                    pred: 0,
                    sink_units: 0,
                    cap: x
                        .checked_sub(n_s)
                        .and_then(|j| graph.junior_cap.get(j))
                        .copied()
                        .unwrap_or(0),
                })
                .collect(),
            shift,
            limit,
            beyond: false,
            rerouted: 0,
            work: 0,
            budget: u64::MAX,
            search: 0,
            heap: V::Queue::default(),
            order: Vec::new(),
            junior_p_most: V::MAX,
            best_target: V::MAX,
            at_zero: true,
            way_back: true,
            back: WayBack::default(),
        }
    }

    /// Loads `previous` into this (empty) flow and restores non-negative
    /// reduced costs: raises each senior's potential to cover its pairs
    /// that are new, then releases its units whose reverse arcs that makes
    /// negative. Returns the released units per senior, or None when
    /// `previous` does not fit the graph.
    fn load(&mut self, previous: &WarmStart) -> Option<Vec<u32>> {
        self.may_wait = true;
        let graph = self.graph;
        let n_s = self.n_s;
        let sink = self.sink;
        if previous.senior_cap != graph.senior_cap
            || previous.junior_cap != graph.junior_cap
            || previous.potentials.len() != sink
            || previous.unmatched.len() != n_s
        {
            return None;
        }
        for (node, &previous) in self.node.iter_mut().zip(&previous.potentials) {
            node.p = V::narrow(previous, self.shift);
            // In 64 bits, each potential must come back as it was, inside
            // the range the searches check.
            self.beyond |=
                node.p.widen(self.shift) != previous || node.p > self.limit || node.p < -self.limit;
        }
        if self.beyond {
            return None;
        }
        self.node[sink].p = V::ZERO;
        self.unmatched.copy_from_slice(&previous.unmatched);
        let mut load = vec![0u32; n_s];
        // The flow's number of each of the graph's edges.
        let mut numbered = Vec::new();
        if self.by_value() {
            numbered = vec![0u32; self.edge.len()];
            for (k, &e) in self.edge.iter().enumerate() {
                numbered[e as usize] = k as u32;
            }
        }
        for &(s, j) in &previous.pairs {
            let (s, j) = (s as usize, j as usize);
            let edges = graph.edges(s);
            let at = graph.junior[edges.clone()]
                .binary_search(&(j as u32))
                .ok()?;
            let e = numbered
                .get(edges.start + at)
                .map_or(edges.start + at, |&k| k as usize);
            // A pair listed twice, or more than the junior takes, does not
            // fit.
            if self.used[e] || self.paired_at[j][1] >= graph.junior_cap[j] {
                return None;
            }
            self.pair(j, e);
            self.node[n_s + j].sink_units += 1;
            load[s] += 1;
        }
        // The juniors' arcs to the sink keep the reduced costs they had.
        for j in 0..graph.n_juniors() {
            let (k, cap, pj) = (
                self.node[n_s + j].sink_units,
                graph.junior_cap[j],
                self.node[n_s + j].p,
            );
            let at = |k: u32| self.junior_at(j, k);
            if k > cap || (k < cap && pj - at(k + 1) < V::ZERO) || (k > 0 && at(k) - pj < V::ZERO) {
                return None;
            }
        }
        let mut excess = vec![0u32; n_s];
        for s in 0..n_s {
            let cap = graph.senior_cap[s];
            if load[s] + self.unmatched[s] != cap {
                return None;
            }
            // Dual feasibility: p_s - w - p_j >= 0 over every unpaired edge,
            // and p_s + cost >= 0 for the unmatched arc's next piece.
            let mut need = self.node[s].p;
            if let Some(cost) = self.unmatched_cost(s) {
                need = need.max(-cost);
            }
            for e in graph.edges(s) {
                if !self.used[e] {
                    need = need.max(self.w[e] + self.node[n_s + self.junior[e] as usize].p);
                }
            }
            self.node[s].p = need;
            // A paired edge's reverse arc needs p_j + w - p_s >= 0; where the
            // raise broke it, the unit is released. Its junior gives up its
            // unit at the sink too when that arc is tight (so that it stays
            // feasible unused), and otherwise keeps it and waits for a unit.
            // (Each edge of the senior has a junior of its own, so the order
            // they are taken in changes nothing.)
            for e in graph.edges(s) {
                let j = self.junior[e] as usize;
                if self.used[e] && self.node[n_s + j].p + self.w[e] - need < V::ZERO {
                    self.unpair(e);
                    excess[s] += 1;
                    let k = self.node[n_s + j].sink_units;
                    if self.node[n_s + j].p - self.junior_at(j, k) >= V::ZERO {
                        self.node[n_s + j].sink_units -= 1;
                        self.sink_deficit += 1;
                    }
                }
            }
            // The unmatched arc's last piece in use: its reverse arc needs
            // -cost - p_s >= 0.
            while self.unmatched[s] > 0
                && -self.senior_at(s, cap - self.unmatched[s] + 1) - need < V::ZERO
            {
                self.unmatched[s] -= 1;
                excess[s] += 1;
                self.sink_deficit += 1;
            }
        }
        Some(excess)
    }

    /// When a search after a warm start settles the sink, which takes no
    /// unit in: a junior waiting for a unit that the sink reaches over arcs
    /// of reduced cost 0 through nodes the search has not settled, if there
    /// is one (found breadth first, back from every waiting junior), with
    /// each node of that way given the arc into it as its `pred`. That
    /// junior is as near as the sink, and no target the search has not
    /// settled is nearer, so it ends the search. Without this the search
    /// settles every node as near as the sink first, and every junior with
    /// a partner and no price is: at 100,000 x 200,000 each unit of the
    /// last round's warm start settled 44,000 to 116,000 nodes, the sink
    /// among the first 3 to 124 of them.
    fn tight_way_back(&mut self) -> Option<usize> {
        let graph = self.graph;
        let (n_s, sink) = (self.n_s, self.sink);
        let p_sink = self.node[sink].p;
        if self.back.mark.len() != sink {
            self.back.mark = vec![0; sink];
            self.back.next = vec![(0, 0); sink];
        }
        if self.back.start.is_empty() {
            let start = junior_starts(&self.junior, graph.n_juniors());
            let mut next = start.clone();
            let mut edges = vec![0u32; self.junior.len()];
            for (e, &j) in self.junior.iter().enumerate() {
                edges[next[j as usize]] = e as u32;
                next[j as usize] += 1;
            }
            (self.back.start, self.back.edges) = (start, edges);
        }
        self.back.stamp = self.back.stamp.wrapping_add(1);
        if self.back.stamp == 0 {
            self.back.mark.fill(0);
            self.back.stamp = 1;
        }
        let stamp = self.back.stamp;
        let mut queue = std::mem::take(&mut self.back.queue);
        queue.clear();
        for j in n_s..sink {
            if self.is_target(j) && !self.settled(j) {
                self.back.mark[j] = stamp;
                self.back.next[j] = (u32::MAX, 0);
                queue.push(j as u32);
            }
        }
        let mut found = None;
        let mut head = 0;
        while head < queue.len() {
            let z = queue[head] as usize;
            head += 1;
            // Reached from the sink: over a junior's arc to the sink taken
            // back, or a senior's unmatched arc taken back.
            let from_sink = if z >= n_s {
                let k = self.node[z].sink_units;
                k > 0 && p_sink + self.junior_at(z - n_s, k) - self.node[z].p == V::ZERO
            } else {
                let k = self.unmatched[z];
                k > 0
                    && p_sink - self.senior_at(z, graph.senior_cap[z] - k + 1) - self.node[z].p
                        == V::ZERO
            };
            if from_sink {
                found = Some(z);
                break;
            }
            let pz = self.node[z].p;
            if z >= n_s {
                // From a senior over an unpaired edge.
                let j = z - n_s;
                let (from, to) = (self.back.start[j], self.back.start[j + 1]);
                for at in from..to {
                    let e = self.back.edges[at] as usize;
                    let x = self.edge_senior[e] as usize;
                    if self.used[e]
                        || self.back.mark[x] == stamp
                        || self.settled(x)
                        || self.node[x].p - self.w[e] - pz != V::ZERO
                    {
                        continue;
                    }
                    self.back.mark[x] = stamp;
                    self.back.next[x] = (z as u32, e as u32);
                    queue.push(x as u32);
                }
            } else {
                // From a junior over a paired edge taken back.
                for e in graph.edges(z) {
                    let j = n_s + self.junior[e] as usize;
                    if !self.used[e]
                        || self.back.mark[j] == stamp
                        || self.settled(j)
                        || self.node[j].p + self.w[e] - pz != V::ZERO
                    {
                        continue;
                    }
                    self.back.mark[j] = stamp;
                    self.back.next[j] = (z as u32, e as u32);
                    queue.push(j as u32);
                }
            }
        }
        self.work += head as u64;
        self.back.queue = queue;
        let mut at = found?;
        self.node[at].pred = FROM_SINK;
        loop {
            let (next, arc) = self.back.next[at];
            if next == u32::MAX {
                return Some(at);
            }
            self.node[next as usize].pred = arc;
            at = next as usize;
        }
    }

    /// Whether the flow numbers each senior's edges by value (see
    /// [`Flow::edge`]): where no loads are valued.
    #[inline]
    fn by_value(&self) -> bool {
        self.loads.is_none()
    }

    fn senior_marginals(&self, s: usize) -> Marginals {
        self.loads.map_or_else(Marginals::default, |l| l.senior[s])
    }

    fn junior_marginals(&self, j: usize) -> Marginals {
        self.loads.map_or_else(Marginals::default, |l| l.junior[j])
    }

    /// The value of senior `s`'s next unmatched piece, as a cost (>= 0):
    /// the marginal of the unit it takes away.
    /// Senior `s`'s marginal for unit `k` (see [`Marginals::at`]).
    fn senior_at(&self, s: usize, k: u32) -> V {
        V::narrow(self.senior_marginals(s).at(k), self.shift)
    }

    /// Junior `j`'s marginal for unit `k`.
    fn junior_at(&self, j: usize, k: u32) -> V {
        V::narrow(self.junior_marginals(j).at(k), self.shift)
    }

    fn unmatched_cost(&self, s: usize) -> Option<V> {
        let cap = self.graph.senior_cap[s];
        let used = self.unmatched[s];
        (used < cap).then(|| self.senior_at(s, cap - used))
    }

    /// Whether reaching `node` ends a search: the sink while it takes
    /// units in, or a junior waiting for a unit.
    fn is_target(&self, node: usize) -> bool {
        if node == self.sink {
            self.sink_deficit > 0
        } else if node >= self.n_s && self.may_wait {
            self.node[node].sink_units > self.paired_at[node - self.n_s][1]
        } else {
            false
        }
    }

    /// Routes `units[s]` units from each senior `s`. False when one found
    /// nowhere to go (only possible after a warm start that went wrong) or
    /// the searches went over budget.
    fn route_all(&mut self, units: &[u32]) -> bool {
        let graph = self.graph;
        self.junior_p_most = self.node[self.n_s..self.sink]
            .iter()
            .map(|node| node.p)
            .max()
            .unwrap_or(V::ZERO);
        let by_index = graph.order.is_empty().then_some(0..units.len() as u32);
        let order = by_index
            .into_iter()
            .flatten()
            .chain(graph.order.iter().copied());
        let mut order = order.peekable();
        while let Some(s) = order.next() {
            let (s, units) = (s as usize, units[s as usize]);
            // The next senior's search starts by reading its arcs: asked
            // for now, they arrive while this senior's searches run.
            if let Some(&next) = order.peek() {
                self.prefetch_senior(next as usize);
            }
            let cap = self.graph.senior_cap[s];
            let mut done = 0;
            while done < units {
                done += 1;
                self.rerouted += 1;
                let Some(target) = self.augment(s) else {
                    return false;
                };
                if self.work > self.budget || self.beyond {
                    return false;
                }
                if target != self.sink || self.node[target].pred as usize != s {
                    continue;
                }
                // This unit went to the unmatched arc. Every further unit
                // whose unmatched piece costs the same goes there too
                // (shortest path lengths from one node only grow), so they
                // are counted without searching again.
                let level = Some(self.senior_at(s, cap - self.unmatched[s] + 1));
                while done < units && self.sink_deficit > 0 && self.unmatched_cost(s) == level {
                    self.unmatched[s] += 1;
                    self.sink_deficit -= 1;
                    self.rerouted += 1;
                    done += 1;
                }
            }
        }
        true
    }

    fn finish(mut self) -> (Assignment, WarmStart) {
        // The sink's potential back to 0 (only differences matter).
        let sink_p = self.node[self.sink].p;
        if sink_p != V::ZERO {
            for node in &mut self.node {
                node.p -= sink_p;
            }
        }
        let shift = self.shift;
        // The graph's edges, in its order.
        let mut edges: Vec<usize> = (0..self.graph.n_edges())
            .filter(|&k| self.used[k])
            .map(|k| self.edge.get(k).map_or(k, |&e| e as usize))
            .collect();
        edges.sort_unstable();
        // Prices: u_s = p_s and v_j = -p_j (the sink's potential is 0).
        // Raising a price to minus its first unit's value changes no unit's
        // dual (all stay 0) and only loosens the pair constraints.
        let senior_dual = (0..self.n_s)
            .map(|s| {
                self.node[s]
                    .p
                    .widen(shift)
                    .max(-self.senior_marginals(s).at(1))
            })
            .collect();
        let junior_dual = (0..self.graph.n_juniors())
            .map(|j| (-self.node[self.n_s + j].p.widen(shift)).max(-self.junior_marginals(j).at(1)))
            .collect();
        let pairs = edges
            .iter()
            .map(|&e| (self.edge_senior[e], self.graph.junior[e]))
            .collect();
        let warm = WarmStart {
            pairs,
            unmatched: self.unmatched,
            potentials: self.node[..self.sink]
                .iter()
                .map(|node| node.p.widen(shift))
                .collect(),
            senior_cap: self.graph.senior_cap.clone(),
            junior_cap: self.graph.junior_cap.clone(),
            rerouted: self.rerouted,
            warm_started: false,
            cold_work: 0,
            gave_up: false,
        };
        (
            Assignment {
                edges,
                senior_dual,
                junior_dual,
            },
            warm,
        )
    }

    fn relax(&mut self, node: usize, d: V, via: u32) {
        // A node beyond a target already reached settles after the search
        // has ended: it need not be queued.
        if d > self.best_target && !self.is_target(node) {
            return;
        }
        if !self.seen(node) || d < self.node[node].dist {
            if !self.seen(node) {
                // What settling the node reads first, asked for now, while
                // the search settles others: a senior's arcs, a junior's
                // paired edges.
                if node < self.n_s {
                    self.prefetch_senior(node);
                } else if node < self.sink {
                    let [at, len] = self.paired_at[node - self.n_s];
                    if len > 0 {
                        prefetch(&self.paired, at as usize);
                    }
                }
            }
            self.node[node].mark = self.search;
            self.node[node].dist = d;
            self.node[node].pred = via;
            // Among nodes at the same distance a target (the sink, or a
            // junior waiting for a unit) comes out first: with many equal
            // scores whole regions sit at one distance, and the search ends
            // as soon as a route of that length reaches a target instead of
            // crossing them all.
            let key = if self.is_target(node) {
                self.best_target = self.best_target.min(d);
                node as u64
            } else {
                NOT_TARGET | node as u64
            };
            self.heap.push(d, key);
        }
    }

    /// Asks for what settling senior `s` reads first: its record, and the
    /// start of its arcs' values, juniors, marks and senior ends (the
    /// last read again when a path through it is flipped). The searches
    /// wait on memory more than they compute: asked for when a node is
    /// first reached (and a search's first senior one search ahead), at
    /// 100,000 x 200,000 the four flows took 1.33 s instead of 1.65 s.
    #[inline(always)]
    fn prefetch_senior(&self, s: usize) {
        let at = self.graph.start[s];
        prefetch(&self.node, s);
        prefetch(&self.w, at);
        prefetch(&self.junior, at);
        prefetch(&self.used, at);
        prefetch(&self.edge_senior, at);
    }

    /// Relaxes edge `e` out of senior `x` (settled at distance `d`) when
    /// unpaired, and the sink through its junior when that has room.
    #[inline(always)]
    fn relax_pair(&mut self, x: usize, d: V, e: usize) {
        if self.used[e] {
            return;
        }
        let n_s = self.n_s;
        let jx = self.junior[e] as usize;
        let j = n_s + jx;
        if self.settled(j) {
            return;
        }
        let rc = self.node[x].p - self.w[e] - self.node[j].p;
        self.relax(j, d + rc, e as u32);
        // A junior with room offers the sink at once, over its next unit's
        // arc (reduced cost p_j - value >= 0, so the sink is no nearer than
        // through the junior, as when it settles): with many equal distances
        // the search ends here instead of first settling every full junior
        // at that distance.
        let load = self.node[j].sink_units;
        if load < self.node[j].cap && self.seen(j) && self.node[j].pred == e as u32 {
            let value = self.junior_at(jx, load + 1);
            let dj = self.node[j].dist;
            let p_sink = self.node[self.sink].p;
            self.relax(self.sink, dj + self.node[j].p - value - p_sink, j as u32);
        }
    }

    /// Pairs edge `e` at its junior `j`.
    fn pair(&mut self, j: usize, e: usize) {
        self.used[e] = true;
        let [at, len] = self.paired_at[j];
        self.paired[(at + len) as usize] = Paired {
            e: e as u32,
            s: self.edge_senior[e],
            w: self.w[e],
        };
        self.paired_at[j][1] = len + 1;
    }

    /// Unpairs edge `e`, leaving its junior's arc to the sink as it was.
    fn unpair(&mut self, e: usize) {
        self.used[e] = false;
        let j = self.junior[e] as usize;
        let [at, len] = self.paired_at[j];
        let list = &mut self.paired[at as usize..(at + len) as usize];
        let k = list
            .iter()
            .position(|x| x.e as usize == e)
            .expect("paired edge is listed");
        list[k] = list[len as usize - 1];
        self.paired_at[j][1] = len - 1;
    }

    /// Whether the current search has reached `node`.
    #[inline]
    fn seen(&self, node: usize) -> bool {
        self.node[node].mark & !SETTLED == self.search
    }

    /// Whether the current search has settled `node`.
    #[inline]
    fn settled(&self, node: usize) -> bool {
        self.node[node].mark == self.search | SETTLED
    }

    /// [`Flow::augment`] where its search would end at distance 0 by the
    /// first arc it relaxes to reach the sink at 0: senior `s0`'s
    /// unmatched arc, or else its first arc (highest value first) at
    /// reduced cost 0 to a junior whose next unit to the sink is at 0
    /// too. Every reduced cost is at least 0 and the sink comes out of the
    /// queue before anything else at its distance, so the search would
    /// settle `s0`, then the sink, by that arc; the unit is routed the
    /// same way without a queue (and without reading the records of the
    /// senior's other juniors). None, with nothing changed, where that
    /// does not hold, or where targets other than the sink may wait (a
    /// warm start) or loads are valued.
    fn augment_at_zero(&mut self, s0: usize) -> Option<usize> {
        if !self.at_zero || self.may_wait || self.loads.is_some() || self.sink_deficit == 0 {
            return None;
        }
        let n_s = self.n_s;
        let sink = self.sink;
        let px = self.node[s0].p;
        let p_sink = self.node[sink].p;
        let unmatched = self
            .unmatched_cost(s0)
            .is_some_and(|cost| px + cost - p_sink == V::ZERO);
        let mut paired = None;
        if !unmatched {
            for e in self.graph.edges(s0) {
                // No later arc has reduced cost 0 (see `augment`).
                if px - self.w[e] - self.junior_p_most > V::ZERO {
                    break;
                }
                if self.used[e] {
                    continue;
                }
                let jx = self.junior[e] as usize;
                let j = n_s + jx;
                if px - self.w[e] - self.node[j].p != V::ZERO {
                    continue;
                }
                let load = self.node[j].sink_units;
                if load < self.node[j].cap
                    && self.node[j].p - self.junior_at(jx, load + 1) - p_sink == V::ZERO
                {
                    paired = Some(e);
                    break;
                }
            }
            paired?;
        }
        // As the search: two nodes settled, no potential moves (both at
        // distance 0), one unit less for the sink to take in.
        self.work += 2;
        self.sink_deficit -= 1;
        match paired {
            None => {
                self.unmatched[s0] += 1;
                self.node[sink].pred = s0 as u32;
            }
            Some(e) => {
                let jx = self.junior[e] as usize;
                self.node[sink].pred = (n_s + jx) as u32;
                self.node[n_s + jx].sink_units += 1;
                self.pair(jx, e);
            }
        }
        Some(sink)
    }

    /// Routes one unit from senior `s0` along a shortest path to the nearest
    /// target. Returns the target (the sink, or a waiting junior), or None
    /// when no target can be reached.
    fn augment(&mut self, s0: usize) -> Option<usize> {
        if let Some(target) = self.augment_at_zero(s0) {
            return Some(target);
        }
        let n_s = self.n_s;
        let sink = self.sink;
        self.search += 1;
        if self.search == SETTLED {
            // Numbers run out after 2^31 searches: start again from 1.
            for node in &mut self.node {
                node.mark = 0;
            }
            self.search = 1;
        }
        self.heap.clear();
        self.order.clear();
        self.best_target = V::MAX;
        self.relax(s0, V::ZERO, START);
        let mut target = None;
        while let Some((d, key)) = self.heap.pop() {
            let x = (key & (NOT_TARGET - 1)) as usize;
            if self.settled(x) || d > self.node[x].dist {
                continue;
            }
            self.node[x].mark = self.search | SETTLED;
            if self.is_target(x) {
                target = Some((x, d));
                break;
            }
            self.order.push(x as u32);
            let px = self.node[x].p;
            let p_sink = self.node[sink].p;
            if x == sink {
                if let Some(junior) = self.way_back.then(|| self.tight_way_back()).flatten() {
                    target = Some((junior, d));
                    break;
                }
                // Only after a warm start, with juniors waiting and no room
                // at the sink: its reverse arcs, giving back a senior's
                // unmatched unit or a junior's unit at the sink. The search
                // ends no further than the nearest waiting junior (`reach`),
                // so arcs that lead past it are left out: their reduced
                // costs stay non-negative when the potentials move.
                let n_j = self.graph.n_juniors();
                let back = |f: &Self, j: usize| {
                    let k = f.node[n_s + j].sink_units;
                    (k > 0).then(|| px + f.junior_at(j, k) - f.node[n_s + j].p)
                };
                let mut reach = V::MAX;
                for j in 0..n_j {
                    if self.is_target(n_s + j) {
                        if self.seen(n_s + j) {
                            reach = reach.min(self.node[n_s + j].dist);
                        }
                        if let Some(rc) = back(self, j) {
                            reach = reach.min(d + rc);
                        }
                    }
                }
                for s in 0..n_s {
                    let k = self.unmatched[s];
                    if k > 0 && !self.settled(s) {
                        let cap = self.graph.senior_cap[s];
                        let cost = self.senior_at(s, cap - k + 1);
                        let rc = px - cost - self.node[s].p;
                        if d + rc < reach {
                            self.relax(s, d + rc, FROM_SINK);
                        }
                    }
                }
                for j in 0..n_j {
                    if !self.settled(n_s + j) {
                        if let Some(rc) = back(self, j) {
                            if d + rc < reach || d + rc == reach && self.is_target(n_s + j) {
                                self.relax(n_s + j, d + rc, FROM_SINK);
                            }
                        }
                    }
                }
            } else if x < n_s {
                // The unmatched arc's next piece, reduced cost
                // p_s + cost - p_sink.
                if let Some(cost) = self.unmatched_cost(x) {
                    self.relax(sink, d + px + cost - p_sink, x as u32);
                }
                if !self.by_value() {
                    // The juniors' records are read at random: asking for
                    // all of them first lets their cache misses overlap
                    // (the flows at 10,000 x 20,000 take about 7% less
                    // time).
                    for e in self.graph.edges(x) {
                        prefetch(&self.node, n_s + self.junior[e] as usize);
                    }
                    for e in self.graph.edges(x) {
                        self.relax_pair(x, d, e);
                    }
                } else {
                    // Highest value first: an arc's reduced cost is at least
                    // `px - w - junior_p_most`, so once that puts a junior
                    // beyond the nearest target reached, it puts every
                    // later one there too, and their records are not read.
                    // The nodes that settle, and the way each is reached,
                    // are the same as over every edge: a junior's arc to
                    // the sink is worth the same to every junior without
                    // loads, so equal offers of the sink come in edge
                    // order either way.
                    let edges = self.graph.edges(x);
                    let floor = d + px - self.junior_p_most;
                    let best = self.best_target;
                    for e in edges.clone() {
                        if floor - self.w[e] > best {
                            break;
                        }
                        prefetch(&self.node, n_s + self.junior[e] as usize);
                    }
                    for e in edges {
                        if floor - self.w[e] > self.best_target {
                            break;
                        }
                        self.relax_pair(x, d, e);
                    }
                }
            } else {
                let j = x - n_s;
                let load = self.node[x].sink_units;
                if load < self.node[x].cap {
                    let value = self.junior_at(j, load + 1);
                    self.relax(sink, d + px - value - p_sink, x as u32);
                }
                let [at, len] = self.paired_at[j];
                for k in at..at + len {
                    let Paired { e, s, w } = self.paired[k as usize];
                    let s = s as usize;
                    if !self.settled(s) {
                        let rc = px + w - self.node[s].p;
                        self.relax(s, d + rc, e);
                    }
                }
            }
        }
        self.work += self.order.len() as u64 + 1;
        let (target, target_dist) = target?;
        // Settled nodes closer than the target move; reduced costs stay >= 0.
        let limit = self.limit;
        let mut beyond = false;
        for &x in &self.order {
            let x = x as usize;
            let p = self.node[x].p + self.node[x].dist - target_dist;
            self.node[x].p = p;
            beyond |= p > limit || p < -limit;
        }
        // Only in 64 bits, should `narrow_shift`'s bound be wrong: the
        // solve gives up and runs again in 128.
        self.beyond |= beyond;
        if target == sink {
            self.sink_deficit -= 1;
        }
        // Walk back from the target, flipping arcs along the path.
        let mut at = target;
        loop {
            let via = self.node[at].pred;
            if at == sink {
                // In over a senior's unmatched arc (that senior gives up a
                // partner) or a junior's arc to the sink.
                let x = via as usize;
                if x < n_s {
                    self.unmatched[x] += 1;
                } else {
                    self.node[x].sink_units += 1;
                }
                at = x;
            } else if at >= n_s {
                let j = at - n_s;
                if via == FROM_SINK {
                    self.node[at].sink_units -= 1;
                    at = sink;
                } else {
                    let e = via as usize;
                    self.pair(j, e);
                    at = self.edge_senior[e] as usize;
                }
            } else if via == START {
                break;
            } else if via == FROM_SINK {
                self.unmatched[at] -= 1;
                at = sink;
            } else {
                let e = via as usize;
                self.unpair(e);
                at = n_s + self.junior[e] as usize;
            }
        }
        Some(target)
    }
}

/// Each senior's edges of `graph` by value `w`, highest first, equal values
/// in edge order, in the graph's ranges (see [`Flow::edge`]): the edges,
/// and their values and juniors in that order.
fn by_value_order<V: Num>(graph: &Graph, w: &[V]) -> (Vec<u32>, Vec<V>, Vec<u32>) {
    let n = graph.n_edges();
    let (mut edge, mut value, mut junior) = (vec![0u32; n], vec![V::ZERO; n], vec![0u32; n]);
    // A senior at a time: its values with their edges sorted side by side
    // in a small buffer (the order is the same as sorting edge numbers by
    // their values, without reading a value through its number at every
    // comparison; the edge numbers break ties, so no two are equal and an
    // unstable sort gives the one order), then written out.
    let fill = |edge: &mut [u32],
                value: &mut [V],
                junior: &mut [u32],
                seniors: std::ops::Range<usize>,
                from: usize| {
        let mut keyed: Vec<(V, u32)> = Vec::new();
        for s in seniors {
            let edges = graph.edges(s);
            keyed.clear();
            keyed.extend(edges.clone().map(|e| (w[e], e as u32)));
            keyed.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            let at = edges.start - from;
            for (k, &(x, e)) in (at..).zip(&keyed) {
                edge[k] = e;
                value[k] = x;
                junior[k] = graph.junior[e as usize];
            }
        }
    };
    // In two halves of the seniors, one on each core.
    let half = graph.n_seniors() / 2;
    let from = graph.start[half];
    let (edge_1, edge_2) = edge.split_at_mut(from);
    let (value_1, value_2) = value.split_at_mut(from);
    let (junior_1, junior_2) = junior.split_at_mut(from);
    rayon::join(
        || fill(edge_1, value_1, junior_1, 0..half, 0),
        || fill(edge_2, value_2, junior_2, half..graph.n_seniors(), from),
    );
    (edge, value, junior)
}

/// The senior end of each edge of `graph`.
fn edge_seniors(graph: &Graph) -> Vec<u32> {
    let mut edge_senior = vec![0u32; graph.n_edges()];
    for s in 0..graph.n_seniors() {
        edge_senior[graph.edges(s)].fill(s as u32);
    }
    edge_senior
}

/// Room for each junior's paired edges in one array (see
/// [`Flow::paired_at`]): its capacity, or its edges where fewer; and the
/// room in all.
fn paired_room(graph: &Graph) -> (Vec<[u32; 2]>, usize) {
    let mut paired_at = vec![[0u32; 2]; graph.n_juniors()];
    for &j in &graph.junior {
        paired_at[j as usize][1] += 1;
    }
    let mut room = 0usize;
    for (at, &cap) in paired_at.iter_mut().zip(&graph.junior_cap) {
        let r = at[1].min(cap);
        *at = [room as u32, 0];
        room += r as usize;
    }
    (paired_at, room)
}

/// Asks the processor to bring `slice[i]` into the cache, without waiting
/// for it; nothing elsewhere.
#[inline(always)]
fn prefetch<T>(slice: &[T], i: usize) {
    #[cfg(target_arch = "x86_64")]
    if i < slice.len() {
        // SAFETY: a prefetch is a hint that reads nothing into the
        // program and cannot fault, and the address is inside `slice`.
        unsafe {
            use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
            _mm_prefetch::<_MM_HINT_T0>(slice.as_ptr().add(i).cast::<i8>());
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (slice, i);
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    use crate::solve::TestRng as Rng;

    /// People with capacities 0-3 and pairs scoring from a few values (many
    /// ties); `keep` of each senior's pairs make the smaller graph.
    fn graphs(rng: &mut Rng, objective: Objective) -> (Graph, Graph) {
        let n_s = 1 + rng.below(7) as usize;
        let n_j = 1 + rng.below(7) as usize;
        let senior_cap: Vec<u32> = (0..n_s).map(|_| rng.below(4) as u32).collect();
        let junior_cap: Vec<u32> = (0..n_j).map(|_| rng.below(4) as u32).collect();
        let density = 1 + rng.below(4);
        let mut full = vec![Vec::new(); n_s];
        let mut part = vec![Vec::new(); n_s];
        let mut goals_full = Vec::new();
        let mut goals_part = Vec::new();
        for s in 0..n_s {
            for j in 0..n_j {
                if rng.below(4) < density {
                    let units = [0, 1, 1, 2, 3, 5][rng.below(6) as usize];
                    let goals = rng.below(3) as u32;
                    full[s].push((j as u32, units));
                    goals_full.push(goals);
                    if rng.below(2) == 0 {
                        part[s].push((j as u32, units));
                        goals_part.push(goals);
                    }
                }
            }
        }
        let mut full = Graph::from_lists(senior_cap.clone(), junior_cap.clone(), &full);
        let mut part = Graph::from_lists(senior_cap, junior_cap, &part);
        if objective == Objective::Goals {
            full.goals = goals_full;
            part.goals = goals_part;
        }
        (part, full)
    }

    fn random_loads(rng: &mut Rng, graph: &Graph) -> Option<Loads> {
        if rng.below(2) == 0 {
            return None;
        }
        let spread = rng.below(2) == 0;
        let mut marginals = |n: usize| -> Vec<Marginals> {
            (0..n)
                .map(|_| Marginals {
                    first: [0, 1 << 80][rng.below(2) as usize],
                    required: rng.below(3) as u32,
                    per_required: [0, 1 << 90][rng.below(2) as usize],
                    spread,
                })
                .collect()
        };
        Some(Loads {
            senior: marginals(graph.n_seniors()),
            junior: marginals(graph.n_juniors()),
            scale: if spread { 1000 } else { 1 },
        })
    }

    /// A flow whose searches' numbers run out part way (they start just
    /// below [`SETTLED`]) routes every unit as one numbered from 0 does:
    /// a node marked by a search before the wrap is not taken as seen or
    /// settled by one after it.
    #[test]
    fn search_numbers_wrap_without_changing_the_routes() {
        let mut rng = Rng(0x5eed_0f5e_a7c4);
        for _ in 0..200 {
            let (_, graph) = graphs(&mut rng, Objective::Score);
            let caps = graph.senior_cap.clone();
            let mut plain = Flow::<i128>::new(&graph, Objective::Score, None, true, 64);
            assert!(plain.route_all(&caps));
            let mut wrapped = Flow::<i128>::new(&graph, Objective::Score, None, true, 64);
            wrapped.search = SETTLED - 3;
            for node in &mut wrapped.node {
                // Marks as old searches leave them, settled or not.
                node.mark = (SETTLED - 3) | (node.mark & SETTLED);
            }
            assert!(wrapped.route_all(&caps));
            if plain.search >= 3 {
                assert!(wrapped.search < plain.search, "the numbers started again");
            }
            let (plain, wrapped) = (plain.finish().0, wrapped.finish().0);
            assert_eq!(plain.edges, wrapped.edges);
            assert_eq!(plain.senior_dual, wrapped.senior_dual);
            assert_eq!(plain.junior_dual, wrapped.junior_dual);
        }
    }

    /// Checks `a`'s LP-duality certificate on `graph` (as the certificate
    /// does) and returns its value.
    fn certified_value(
        graph: &Graph,
        objective: Objective,
        loads: Option<&Loads>,
        a: &Assignment,
    ) -> Value {
        let (u, v) = (&a.senior_dual, &a.junior_dual);
        assert_eq!((u.len(), v.len()), (graph.n_seniors(), graph.n_juniors()));
        if loads.is_none() {
            assert!(u.iter().chain(v).all(|&d| d >= 0), "negative dual");
        }
        let mut paired = vec![false; graph.n_edges()];
        let mut senior_load = vec![0u32; graph.n_seniors()];
        let mut junior_load = vec![0u32; graph.n_juniors()];
        let (mut primal, mut slack) = (0, 0);
        for &e in &a.edges {
            assert!(!paired[e], "edge {e} paired twice");
            paired[e] = true;
            let (s, j) = (graph.senior_of(e), graph.junior[e] as usize);
            senior_load[s] += 1;
            junior_load[j] += 1;
            let w = scaled(graph.weight(objective, e), loads);
            primal += w;
            slack += (w - u[s] - v[j]).max(0);
        }
        assert!(senior_load
            .iter()
            .zip(&graph.senior_cap)
            .all(|(l, c)| l <= c));
        assert!(junior_load
            .iter()
            .zip(&graph.junior_cap)
            .all(|(l, c)| l <= c));
        if let Some(loads) = loads {
            primal += loads.total(&senior_load, &junior_load);
        }
        for (s, e) in graph.seniors_and_edges() {
            let j = graph.junior[e] as usize;
            let w = scaled(graph.weight(objective, e), loads);
            assert!(
                paired[e] || w <= u[s] + v[j],
                "pair {s}-{j} violates its dual constraint"
            );
        }
        let marginals = |side: fn(&Loads) -> &Vec<Marginals>, i: usize| {
            loads.map_or_else(Marginals::default, |l| side(l)[i])
        };
        let dual: Value = (0..graph.n_seniors())
            .map(|s| marginals(|l| &l.senior, s).dual(graph.senior_cap[s], u[s]))
            .sum::<Value>()
            + (0..graph.n_juniors())
                .map(|j| marginals(|l| &l.junior, j).dual(graph.junior_cap[j], v[j]))
                .sum::<Value>()
            + slack;
        assert_eq!(primal, dual, "primal and dual values differ");
        primal
    }

    /// A unit whose search would end at distance 0 is routed the same
    /// without it: the same pairs, prices and work counted, under every
    /// objective, in 128 and in 64 bits, on graphs full of ties.
    #[test]
    fn units_routed_at_distance_zero_go_where_their_search_would_take_them() {
        let mut rng = Rng(0x2e60_d157_a7ce);
        let mut shortcuts = 0;
        for objective in [
            Objective::Score,
            Objective::PairsThenScore,
            Objective::Goals,
        ] {
            for _ in 0..300 {
                let (_, graph) = graphs(&mut rng, objective);
                let caps = graph.senior_cap.clone();
                let routed = |at_zero: bool| {
                    let mut flow = Flow::<i128>::new(&graph, objective, None, true, 64);
                    flow.at_zero = at_zero;
                    assert!(flow.route_all(&caps));
                    let work = flow.work;
                    (flow.finish().0, work)
                };
                let (searched, work) = routed(false);
                let (quick, quick_work) = routed(true);
                assert_eq!(quick.edges, searched.edges);
                assert_eq!(quick.senior_dual, searched.senior_dual);
                assert_eq!(quick.junior_dual, searched.junior_dual);
                assert_eq!(quick_work, work);
                // (No pairs: no 64-bit solve.)
                if let Some(shift) = narrow_shift(&graph, objective, None) {
                    let narrow = |at_zero: bool| {
                        let mut flow = Flow::<i64>::new(&graph, objective, None, true, shift);
                        flow.at_zero = at_zero;
                        assert!(flow.route_all(&caps));
                        flow.finish().0
                    };
                    let (searched, quick) = (narrow(false), narrow(true));
                    assert_eq!(quick.edges, searched.edges);
                    assert_eq!(quick.senior_dual, searched.senior_dual);
                    assert_eq!(quick.junior_dual, searched.junior_dual);
                }
                // How many units take the shortcut, to see the test exercise it.
                let mut flow = Flow::<i128>::new(&graph, objective, None, true, 64);
                for (s, &cap) in caps.iter().enumerate() {
                    for _ in 0..cap {
                        shortcuts += usize::from(flow.augment_at_zero(s).is_some());
                    }
                }
            }
        }
        assert!(shortcuts > 100, "{shortcuts} units took the shortcut");
    }

    /// Where the juniors' places are fewer, the flow runs on the graph
    /// turned around: the same value as on the graph as given, under every
    /// objective, with duals that prove it in the graph's own terms.
    #[test]
    fn a_graph_turned_around_solves_to_the_same_value() {
        let mut turned = 0;
        for seed in 1..3000u64 {
            let mut rng = Rng(seed * 104_729);
            let objective = OBJECTIVES[seed as usize % 3];
            let (_, graph) = graphs(&mut rng, objective);
            if !turns(&graph, None) {
                continue;
            }
            turned += 1;
            let as_given = solve_warm_as_given(&graph, objective, None, None).0;
            let solved = solve(&graph, objective);
            assert_eq!(
                certified_value(&graph, objective, None, &solved),
                certified_value(&graph, objective, None, &as_given),
                "seed {seed}"
            );
        }
        assert!(turned > 500, "{turned} graphs turned");
    }

    const OBJECTIVES: [Objective; 3] = [
        Objective::PairsThenScore,
        Objective::Score,
        Objective::Goals,
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Solved on part of the pairs, then warm-started on all of them:
        /// the same value as solving all of them from scratch, with duals
        /// that prove it.
        #[test]
        fn a_warm_start_on_more_pairs_is_exactly_optimal(seed in 1u64.., which in 0usize..3) {
            let mut rng = Rng(seed);
            let objective = OBJECTIVES[which];
            let (part, full) = graphs(&mut rng, objective);
            let loads = random_loads(&mut rng, &full);
            let loads = loads.as_ref();
            let (first, mut warm) = solve_warm(&part, objective, loads, None);
            certified_value(&part, objective, loads, &first);
            let cold = solve_with(&full, objective, loads);
            let best = certified_value(&full, objective, loads, &cold);
            // With room to search as much as it needs, the warm start runs to
            // the end; with none, it gives up and solves from scratch (as a
            // graph turned around always does).
            let turned = turns(&full, loads);
            for (work, warm_started) in [(u64::MAX, Some(!turned)), (0, None)] {
                warm.cold_work = work;
                let (again, after) = solve_warm(&full, objective, loads, Some(&warm));
                if let Some(warm_started) = warm_started {
                    prop_assert_eq!(after.warm_started, warm_started);
                }
                prop_assert_eq!(certified_value(&full, objective, loads, &again), best);
            }
        }
    }

    /// People with capacities 0-3 and up to 40 x 60 pairs whose units are
    /// drawn from a few values, some large or negative (ties and wide
    /// spreads both).
    fn wide_graph(rng: &mut Rng, objective: Objective) -> Graph {
        let n_s = 1 + rng.below(40) as usize;
        let n_j = 1 + rng.below(60) as usize;
        let cap = |rng: &mut Rng| rng.below(4) as u32;
        let senior_cap: Vec<u32> = (0..n_s).map(|_| cap(rng)).collect();
        let junior_cap: Vec<u32> = (0..n_j).map(|_| cap(rng)).collect();
        let values = [0, 1, 7, 1_000_000_007, 2_000_000_000, -3, 999_999_999];
        let mut lists = vec![Vec::new(); n_s];
        let mut goals = Vec::new();
        for list in &mut lists {
            for j in 0..n_j {
                if rng.below(3) == 0 {
                    list.push((j as u32, values[rng.below(values.len() as u64) as usize]));
                    goals.push(rng.below(4) as u32);
                }
            }
        }
        let mut graph = Graph::from_lists(senior_cap, junior_cap, &lists);
        if objective == Objective::Goals {
            graph.goals = goals;
        }
        graph
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1500))]

        /// A solve from scratch in 64 bits is the 128-bit one exactly: the
        /// same pairs, duals and potentials (so the same bytes out).
        #[test]
        fn sixty_four_bits_solve_exactly_as_a_hundred_and_twenty_eight(
            seed in 1u64..,
            which in 0usize..3,
            wide in proptest::bool::ANY,
        ) {
            let mut rng = Rng(seed);
            let objective = OBJECTIVES[which];
            let graph = if wide {
                wide_graph(&mut rng, objective)
            } else {
                graphs(&mut rng, objective).1
            };
            let Some(shift) = narrow_shift(&graph, objective, None) else {
                prop_assert!(graph.n_edges() == 0);
                return Ok(());
            };
            let narrow = route_cold(Flow::<i64>::new(&graph, objective, None, true, shift));
            let (narrow, narrow_warm) = narrow.expect("within the bound");
            let (wide, wide_warm) =
                route_cold(Flow::<Value>::new(&graph, objective, None, true, 64)).unwrap();
            prop_assert_eq!(&narrow.edges, &wide.edges);
            prop_assert_eq!(&narrow.senior_dual, &wide.senior_dual);
            prop_assert_eq!(&narrow.junior_dual, &wide.junior_dual);
            prop_assert_eq!(&narrow_warm.potentials, &wide_warm.potentials);
            certified_value(&graph, objective, None, &narrow);
        }
    }

    #[test]
    fn loads_and_huge_values_solve_in_a_hundred_and_twenty_eight_bits() {
        let graph = Graph::from_lists(vec![1, 1], vec![1], &[vec![(0, 5)], vec![(0, 9)]]);
        let shift = narrow_shift(&graph, Objective::PairsThenScore, None);
        // 3 nodes and 9 units: sums of at most 16 x 4 x 9 = 576 units.
        assert_eq!(shift, Some(11));
        assert_eq!(i64::narrow(3 << 64 | 5, 11), 3 << 11 | 5);
        assert_eq!(i64::narrow((2 << 64) - 5, 11).widen(11), (2 << 64) - 5);
        let loads = Loads {
            senior: vec![Marginals::default(); 2],
            junior: vec![Marginals::default(); 1],
            scale: 1,
        };
        assert_eq!(
            narrow_shift(&graph, Objective::PairsThenScore, Some(&loads)),
            None
        );
        let huge = Graph::from_lists(vec![1], vec![1], &[vec![(0, i64::MAX / 2)]]);
        assert_eq!(narrow_shift(&huge, Objective::PairsThenScore, None), None);
        assert_eq!(narrow_shift(&huge, Objective::Score, None), None);
        let (assignment, _) = solve_cold(&huge, Objective::PairsThenScore, None);
        assert_eq!(assignment.edges, vec![0]);
    }

    /// Rounds of growing graphs, each warm-started from the last, as the
    /// certificate loop runs them.
    #[test]
    fn warm_starts_chain_over_growing_graphs() {
        for seed in 1..400u64 {
            let mut rng = Rng(seed * 7919);
            let objective = OBJECTIVES[seed as usize % 3];
            let (_, full) = graphs(&mut rng, objective);
            let loads = random_loads(&mut rng, &full);
            let loads = loads.as_ref();
            let best = certified_value(
                &full,
                objective,
                loads,
                &solve_with(&full, objective, loads),
            );
            // Each round keeps the last round's pairs and adds some more.
            let mut kept: Vec<bool> = (0..full.n_edges()).map(|_| rng.below(3) == 0).collect();
            let mut warm: Option<WarmStart> = None;
            for _ in 0..4 {
                let lists: Vec<Vec<(u32, i64)>> = (0..full.n_seniors())
                    .map(|s| {
                        full.edges(s)
                            .filter(|&e| kept[e])
                            .map(|e| (full.junior[e], full.units[e]))
                            .collect()
                    })
                    .collect();
                let mut graph =
                    Graph::from_lists(full.senior_cap.clone(), full.junior_cap.clone(), &lists);
                if objective == Objective::Goals {
                    graph.goals = (0..full.n_edges())
                        .filter(|&e| kept[e])
                        .map(|e| full.goals[e])
                        .collect();
                }
                let (a, next) = solve_warm(&graph, objective, loads, warm.as_ref());
                assert_eq!(next.warm_started, warm.is_some() && !turns(&graph, loads));
                let cold = solve_with(&graph, objective, loads);
                assert_eq!(
                    certified_value(&graph, objective, loads, &a),
                    certified_value(&graph, objective, loads, &cold),
                    "seed {seed}"
                );
                warm = Some(next);
                if let Some(warm) = &mut warm {
                    warm.cold_work = u64::MAX;
                }
                for k in &mut kept {
                    *k |= rng.below(3) == 0;
                }
            }
            let (a, _) = solve_warm(&full, objective, loads, warm.as_ref());
            assert_eq!(
                certified_value(&full, objective, loads, &a),
                best,
                "seed {seed}"
            );
        }
    }

    /// A warm start whose released unit reaches the sink at once, while the
    /// junior it leaves waits with a price: the way back from the sink to
    /// that junior goes through one other senior and its partner, so the
    /// search settles a handful of nodes, where without it it settles every
    /// senior with a partner of no price, and their juniors, first. Both
    /// give the same optimum.
    #[test]
    fn a_warm_search_past_the_sink_takes_the_tight_way_back() {
        // Seniors 0..n each with two juniors of equal value (neither has a
        // price); senior A wants junior X alone, senior B wants X as much
        // and Y less (so X has a price); then A gets a better new junior Z.
        let n = 2000;
        let (a, b) = (n, n + 1);
        let (z, y, x) = (2 * n as u32, 2 * n as u32 + 1, 2 * n as u32 + 2);
        let mut part: Vec<Vec<(u32, i64)>> = (0..n as u32)
            .map(|i| vec![(i, 5), (n as u32 + i, 5)])
            .collect();
        part.push(vec![(x, 10)]);
        part.push(vec![(x, 10), (y, 6)]);
        let mut full = part.clone();
        full[a] = vec![(z, 20), (x, 10)];
        let caps = |k: usize| vec![1u32; k];
        let part = Graph::from_lists(caps(n + 2), caps(2 * n + 3), &part);
        let full = Graph::from_lists(caps(n + 2), caps(2 * n + 3), &full);
        let objective = Objective::PairsThenScore;
        let (_, warm) = solve_warm(&part, objective, None, None);
        let cold = certified_value(&full, objective, None, &solve(&full, objective));
        let shift = narrow_shift(&full, objective, None).unwrap();
        let mut settled = Vec::new();
        for way_back in [true, false] {
            let mut flow = Flow::<i64>::new(&full, objective, None, false, shift);
            flow.way_back = way_back;
            let excess = flow.load(&warm).unwrap();
            assert_eq!(excess.iter().sum::<u32>(), 1);
            assert!(flow.route_all(&excess));
            settled.push(flow.work);
            let (assignment, _) = flow.finish();
            assert_eq!(certified_value(&full, objective, None, &assignment), cold);
            let pairs: Vec<(usize, u32)> = assignment
                .edges
                .iter()
                .map(|&e| (full.senior_of(e), full.junior[e]))
                .filter(|&(s, _)| s >= n)
                .collect();
            assert_eq!(pairs, [(a, z), (b, x)]);
        }
        assert!(settled[0] < 20, "{settled:?}");
        assert!(settled[1] > 2 * n as u64, "{settled:?}");
    }

    /// A new pair worth more than the pairing's duals allow: the warm start
    /// has to raise its senior's potential and re-route its unit.
    #[test]
    fn a_better_new_pair_takes_over() {
        let part = Graph::from_lists(vec![1, 1], vec![1, 1], &[vec![(0, 5)], vec![(1, 1)]]);
        let full = Graph::from_lists(
            vec![1, 1],
            vec![1, 1],
            &[vec![(0, 5), (1, 9)], vec![(0, 8), (1, 1)]],
        );
        for objective in [Objective::PairsThenScore, Objective::Score] {
            let (_, mut warm) = solve_warm(&part, objective, None, None);
            warm.cold_work = u64::MAX;
            let a = resolve(&full, objective, None, &warm);
            assert_eq!(a.edges, [1, 2]);
            assert!(
                solve_warm(&full, objective, None, Some(&warm))
                    .1
                    .warm_started
            );
            assert_eq!(
                certified_value(&full, objective, None, &a),
                objective.value(17, 0) + objective.value(0, 0)
            );
        }
    }
}
