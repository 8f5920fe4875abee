//! The assignment with junior groups and a cap on the number of pairs, as
//! one min-cost flow: the subproblem the quota search solves at each step.
//!
//! Network: every senior unit flows either to a junior over a pair (its
//! value) or to a private "unmatched" arc (value 0); a junior passes at most
//! its capacity on to its group; a group passes between `lo` and `hi`
//! pairs on; at most `max_pairs` pairs reach the sink. Lower bounds are
//! met first by a value that outweighs everything else, then the number of
//! pairs (each pair's value carries a bonus that outweighs all scores),
//! then the values: so one max-value flow says whether the groups' bounds
//! and the number of pairs can be met at all, and if so gives the best
//! pairing that meets them. `--fair` on one attribute is exactly such a
//! set of group bounds, so it needs no search.
//!
//! The solver is successive shortest paths with node potentials, routing
//! one senior unit at a time and stopping each Dijkstra search when the
//! sink is settled (as in [`super::flow`], which is this network without
//! groups or cap). The final potentials are the LP duals: a pair left out
//! of the network with `value > p_senior - p_junior` could improve it.

use crate::solve::graph::Value;
use crate::solve::queue::{self, Queue};

/// A group of juniors and how many pairs it must and may have.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GroupBound {
    pub lo: u32,
    pub hi: u32,
}

/// The network's shape; pair values are given per solve.
#[derive(Clone, Debug)]
pub struct Shape {
    pub senior_cap: Vec<u32>,
    pub junior_cap: Vec<u32>,
    /// Pairs in compressed rows: senior `s` has `start[s]..start[s + 1]`.
    pub start: Vec<usize>,
    pub junior: Vec<u32>,
    /// Each junior's group (empty: one group of everyone, unbounded).
    pub group_of: Vec<u32>,
    pub groups: Vec<GroupBound>,
    /// At most this many pairs.
    pub max_pairs: u32,
}

/// The result of one solve.
#[derive(Clone, Debug)]
pub struct Flowed {
    /// Pair ids used.
    pub edges: Vec<usize>,
    /// Whether every group's lower bound is met.
    pub bounds_met: bool,
    /// Node potentials: seniors then juniors.
    pub senior_potential: Vec<Value>,
    pub junior_potential: Vec<Value>,
}

const NONE: u32 = u32::MAX;

/// A residual network over `Shape`, reused across solves with other values.
pub struct Network<'a> {
    shape: &'a Shape,
    n_s: usize,
    n_j: usize,
    n_g: usize,
    // Arcs in pairs: 2k forward, 2k + 1 its reverse.
    to: Vec<u32>,
    cap: Vec<u32>,
    value: Vec<Value>,
    adj_start: Vec<usize>,
    adj: Vec<u32>,
    /// Arc id of the first pair arc (pair e is arc 2 * (first_pair + e)).
    first_pair: usize,
    p: Vec<Value>,
    dist: Vec<Value>,
    seen: Vec<u32>,
    settled: Vec<u32>,
    pred: Vec<u32>,
    search: u32,
    heap: queue::Radix<(u128, u64)>,
    order: Vec<u32>,
}

impl<'a> Network<'a> {
    pub fn new(shape: &'a Shape) -> Self {
        let n_s = shape.senior_cap.len();
        let n_j = shape.junior_cap.len();
        let n_g = shape.groups.len().max(1);
        let n = 2 + n_g + n_s + n_j;
        let (sink, t) = (Self::SINK, Self::T);
        let group_node = |g: usize| 2 + g;
        let senior_node = |s: usize| 2 + n_g + s;
        let junior_node = |j: usize| 2 + n_g + n_s + j;
        let mut from: Vec<u32> = Vec::new();
        let mut to: Vec<u32> = Vec::new();
        let mut cap: Vec<u32> = Vec::new();
        let mut arc = |a: usize, b: usize, c: u32| {
            from.extend([a as u32, b as u32]);
            to.extend([b as u32, a as u32]);
            cap.extend([c, 0]);
        };
        // Unmatched arcs, junior -> group, group -> T (lo, rest), T -> sink.
        for (s, &c) in shape.senior_cap.iter().enumerate() {
            arc(senior_node(s), sink, c);
        }
        for (j, &c) in shape.junior_cap.iter().enumerate() {
            let g = shape.group_of.get(j).map_or(0, |&g| g as usize);
            arc(junior_node(j), group_node(g), c);
        }
        for g in 0..n_g {
            let bound = shape.groups.get(g).copied().unwrap_or(GroupBound {
                lo: 0,
                hi: u32::MAX,
            });
            arc(group_node(g), t, bound.lo);
            arc(group_node(g), t, bound.hi.saturating_sub(bound.lo));
        }
        arc(t, sink, shape.max_pairs);
        let first_pair = n_s + n_j + 2 * n_g + 1;
        for s in 0..n_s {
            for e in shape.start[s]..shape.start[s + 1] {
                arc(senior_node(s), junior_node(shape.junior[e] as usize), 1);
            }
        }
        let mut degree = vec![0usize; n + 1];
        for &f in &from {
            degree[f as usize + 1] += 1;
        }
        for i in 0..n {
            degree[i + 1] += degree[i];
        }
        let adj_start = degree.clone();
        let mut fill = degree;
        let mut adj = vec![0u32; from.len()];
        for (a, &f) in from.iter().enumerate() {
            adj[fill[f as usize]] = a as u32;
            fill[f as usize] += 1;
        }
        let arcs = to.len();
        Network {
            shape,
            n_s,
            n_j,
            n_g,
            to,
            cap,
            value: vec![0; arcs],
            adj_start,
            adj,
            first_pair,
            p: vec![0; n],
            dist: vec![0; n],
            seen: vec![0; n],
            settled: vec![0; n],
            pred: vec![NONE; n],
            search: 0,
            heap: queue::Radix::default(),
            order: Vec::new(),
        }
    }

    // Node numbers: the sink and T first, so that among nodes at the same
    // distance Dijkstra settles them first (the heap breaks ties by number)
    // and a search ends as soon as a free route is found.
    const SINK: usize = 0;
    const T: usize = 1;

    fn group_node(&self, g: usize) -> usize {
        2 + g
    }

    fn senior_node(&self, s: usize) -> usize {
        2 + self.n_g + s
    }

    fn junior_node(&self, j: usize) -> usize {
        2 + self.n_g + self.n_s + j
    }

    /// Solves with pair `e` worth `pair_value[e]` (each already carrying the
    /// pair bonus), lower bounds worth `bound_value` a unit.
    pub fn solve(&mut self, pair_value: &[Value], bound_value: Value) -> Flowed {
        let shape = self.shape;
        let (n_s, n_j, n_g) = (self.n_s, self.n_j, self.n_g);
        // Reset flows and values.
        let mut a = 0;
        for &c in &shape.senior_cap {
            self.cap[a] = c;
            self.cap[a + 1] = 0;
            a += 2;
        }
        for &c in &shape.junior_cap {
            self.cap[a] = c;
            self.cap[a + 1] = 0;
            a += 2;
        }
        for g in 0..n_g {
            let bound = shape.groups.get(g).copied().unwrap_or(GroupBound {
                lo: 0,
                hi: u32::MAX,
            });
            // The lower bounds' bonus comes in after the first phase.
            self.cap[a] = bound.lo;
            self.cap[a + 1] = 0;
            self.value[a] = 0;
            self.value[a + 1] = 0;
            self.cap[a + 2] = bound.hi.saturating_sub(bound.lo);
            self.cap[a + 3] = 0;
            a += 4;
        }
        self.cap[a] = shape.max_pairs;
        self.cap[a + 1] = 0;
        a += 2;
        debug_assert_eq!(a, 2 * self.first_pair);
        for &v in pair_value {
            self.cap[a] = 1;
            self.cap[a + 1] = 0;
            self.value[a] = v;
            self.value[a + 1] = -v;
            a += 2;
        }
        // Potentials that keep every residual arc's reduced cost >= 0,
        // from the sink back (the network is acyclic before any flow).
        self.p[Self::SINK] = 0;
        self.p[Self::T] = 0;
        for g in 0..n_g {
            let node = self.group_node(g);
            self.p[node] = 0;
        }
        for j in 0..n_j {
            let g = shape.group_of.get(j).map_or(0, |&g| g as usize);
            let (node, group) = (self.junior_node(j), self.group_node(g));
            self.p[node] = self.p[group];
        }
        for s in 0..n_s {
            // A senior is given its potential just before it is routed: with
            // no flow in, no search reaches it earlier, and the least value
            // that keeps its own arcs' reduced costs >= 0 under the juniors'
            // potentials as they are then keeps its searches short.
            let node = self.senior_node(s);
            let edges = shape.start[s]..shape.start[s + 1];
            self.p[node] = shape.junior[edges.clone()]
                .iter()
                .zip(&pair_value[edges])
                .map(|(&j, &v)| v + self.p[self.junior_node(j as usize)])
                .fold(0, Value::max);
            for left in (1..=shape.senior_cap[s]).rev() {
                if !self.augment(node) {
                    // The best route left is its own unmatched arc, at no
                    // reduced cost now: the rest of its units go there.
                    let a = 2 * s;
                    self.cap[a] -= left;
                    self.cap[a + 1] += left;
                    break;
                }
            }
        }
        let bounds_met = self.meet_lower_bounds(bound_value);
        let edges: Vec<usize> = (0..pair_value.len())
            .filter(|&e| self.cap[2 * (self.first_pair + e)] == 0)
            .collect();
        let first_senior = self.senior_node(0);
        let first_junior = self.junior_node(0);
        Flowed {
            edges,
            bounds_met,
            senior_potential: self.p[first_senior..first_senior + n_s].to_vec(),
            junior_potential: self.p[first_junior..first_junior + n_j].to_vec(),
        }
    }

    /// The second phase: the groups' lower bounds get their bonus. Each
    /// unit a group is short of becomes a unit T has too many (as if the
    /// group had sent it), and each such unit is routed along a shortest
    /// path back to a group still short: moving a pair into the group from
    /// another group, or pairing an unmatched senior into it. Few units are
    /// short after the first phase (it already pairs by the scores alone),
    /// so this costs a few searches where the bonus from the start would
    /// have made every search cross the whole network. A unit that finds no
    /// way leaves its bound unmet: no pairing meets it.
    fn meet_lower_bounds(&mut self, bound_value: Value) -> bool {
        let (n_s, n_j) = (self.n_s, self.n_j);
        let mut short = vec![0u32; self.n_g];
        let mut surplus = 0u32;
        for (g, short) in short.iter_mut().enumerate() {
            let a = 2 * (n_s + n_j + 2 * g);
            self.value[a] = bound_value;
            self.value[a + 1] = -bound_value;
            // Unsaturated, the arc's reduced cost is now below zero: take
            // its capacity as sent, leaving T over and the group under.
            *short = self.cap[a];
            surplus += self.cap[a];
            self.cap[a + 1] += self.cap[a];
            self.cap[a] = 0;
        }
        (0..surplus).all(|_| self.route_to_short_group(&mut short, bound_value))
    }

    /// Routes one unit from T along a shortest path to a group that is
    /// short, and says whether one was found.
    fn route_to_short_group(&mut self, short: &mut [u32], bound_value: Value) -> bool {
        self.search += 1;
        self.heap.clear();
        self.order.clear();
        self.relax(Self::T, 0, NONE);
        let mut target = None;
        while let Some((d, x)) = self.heap.pop() {
            let x = x as usize;
            if self.settled[x] == self.search || d > self.dist[x] {
                continue;
            }
            self.settled[x] = self.search;
            if (2..2 + self.n_g).contains(&x) && short[x - 2] > 0 {
                target = Some((x, d));
                break;
            }
            self.order.push(x as u32);
            let px = self.p[x];
            for k in self.adj_start[x]..self.adj_start[x + 1] {
                let a = self.adj[k] as usize;
                // Back along a lower-bound arc would only make a group short.
                if self.cap[a] == 0 || self.is_lower_bound_arc(a ^ 1) {
                    continue;
                }
                let y = self.to[a] as usize;
                if self.settled[y] != self.search {
                    let rc = px - self.value[a] - self.p[y];
                    debug_assert!(rc >= 0, "negative reduced cost {rc}");
                    self.relax(y, d + rc, a as u32);
                }
            }
        }
        let Some((g, dg)) = target else {
            self.raise_unreached(bound_value);
            return false;
        };
        for &x in &self.order {
            let x = x as usize;
            self.p[x] += self.dist[x] - dg;
        }
        let mut at = g;
        while at != Self::T {
            let a = self.pred[at] as usize;
            self.cap[a] -= 1;
            self.cap[a ^ 1] += 1;
            at = self.to[a ^ 1] as usize;
        }
        short[g - 2] -= 1;
        true
    }

    /// After a search from T found no short group: raises every node it
    /// did not reach by more than any reduced cost can be, so that the
    /// potentials price the cut. A pair left out of the network that runs
    /// from a reached senior to an unreached junior (the only kind that
    /// could open a route to a short group) then has a reduced cost below
    /// zero, and pricing adds it; when no allowed pair does, no pairing
    /// meets the bounds. (Residual arcs run only from unreached nodes to
    /// reached ones across the cut, so no arc the search used gets a
    /// reduced cost below zero.)
    fn raise_unreached(&mut self, bound_value: Value) {
        let (lo, hi) = self
            .p
            .iter()
            .fold((Value::MAX, Value::MIN), |(lo, hi), &p| {
                (lo.min(p), hi.max(p))
            });
        // Pair values lie in [0, 2 * bound value].
        let raise = (hi - lo) + 2 * bound_value.abs() + 1;
        for x in 0..self.p.len() {
            if self.settled[x] != self.search {
                self.p[x] += raise;
            }
        }
    }

    /// Whether arc `a` (forward) is a group's lower-bound arc to T.
    fn is_lower_bound_arc(&self, a: usize) -> bool {
        let first = 2 * (self.n_s + self.n_j);
        a >= first && a < first + 4 * self.n_g && (a - first).is_multiple_of(4)
    }

    /// From group node `g`, settled at distance `d`: when it reaches the
    /// sink through T at no extra reduced cost, that is a shortest route
    /// (nothing is nearer than `d`), so the search can end without looking
    /// at every junior of the group.
    fn free_route(&mut self, g: usize, d: Value) -> bool {
        let t_arc = 2 * (self.n_s + self.n_j + 2 * self.n_g);
        if self.cap[t_arc] == 0 || self.p[Self::T] != self.p[Self::SINK] {
            return false;
        }
        let lo_arc = 2 * (self.n_s + self.n_j + 2 * (g - 2));
        for a in [lo_arc, lo_arc + 2] {
            if self.cap[a] > 0 && self.p[g] - self.value[a] - self.p[Self::T] == 0 {
                self.search_mark(Self::T, d, a as u32);
                self.search_mark(Self::SINK, d, t_arc as u32);
                return true;
            }
        }
        false
    }

    /// Settles `node` at distance `d`, reached by arc `via`.
    fn search_mark(&mut self, node: usize, d: Value, via: u32) {
        self.seen[node] = self.search;
        self.settled[node] = self.search;
        self.dist[node] = d;
        self.pred[node] = via;
    }

    fn relax(&mut self, node: usize, d: Value, via: u32) {
        if self.seen[node] != self.search || d < self.dist[node] {
            self.seen[node] = self.search;
            self.dist[node] = d;
            self.pred[node] = via;
            self.heap.push(d, node as u64);
        }
    }

    /// Routes one unit from senior `s0` along a shortest path. Returns false
    /// when the best route is `s0`'s own unmatched arc.
    fn augment(&mut self, s0: usize) -> bool {
        let sink = Self::SINK;
        self.search += 1;
        self.heap.clear();
        self.order.clear();
        self.relax(s0, 0, NONE);
        let mut sink_dist = 0;
        while let Some((d, x)) = self.heap.pop() {
            let x = x as usize;
            if self.settled[x] == self.search || d > self.dist[x] {
                continue;
            }
            self.settled[x] = self.search;
            if x == sink {
                sink_dist = d;
                break;
            }
            self.order.push(x as u32);
            let px = self.p[x];
            if (2..2 + self.n_g).contains(&x) && self.free_route(x, d) {
                sink_dist = d;
                break;
            }
            for k in self.adj_start[x]..self.adj_start[x + 1] {
                let a = self.adj[k] as usize;
                if self.cap[a] == 0 {
                    continue;
                }
                let y = self.to[a] as usize;
                if self.settled[y] == self.search {
                    continue;
                }
                let rc = px - self.value[a] - self.p[y];
                debug_assert!(rc >= 0, "negative reduced cost {rc}");
                self.relax(y, d + rc, a as u32);
            }
        }
        if self.settled[sink] != self.search {
            // Cannot happen: the unmatched arc always reaches the sink.
            return false;
        }
        for &x in &self.order {
            let x = x as usize;
            self.p[x] += self.dist[x] - sink_dist;
        }
        // Walk back from the sink.
        let mut at = sink;
        let mut direct = false;
        while at != s0 {
            let a = self.pred[at] as usize;
            let from = self.to[a ^ 1] as usize;
            if from == s0 && at == sink && a < 2 * self.n_s {
                // s0's own unmatched arc (arcs 0.. are the unmatched ones).
                direct = true;
            }
            self.cap[a] -= 1;
            self.cap[a ^ 1] += 1;
            at = from;
        }
        if direct {
            // Undone here; the caller puts all the senior's units left there.
            let a = self.pred[sink] as usize;
            self.cap[a] += 1;
            self.cap[a ^ 1] -= 1;
            return false;
        }
        true
    }
}
