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

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::graph::{Assignment, Graph, Objective, Value};
use super::loads::{scaled, Loads, Marginals};

/// Solves the assignment on `graph` exactly.
pub fn solve(graph: &Graph, objective: Objective) -> Assignment {
    Flow::new(graph, objective, None).run()
}

/// Solves the assignment on `graph` exactly, with `loads` valued on top of
/// the pairs (see [`super::loads`]).
pub fn solve_with(graph: &Graph, objective: Objective, loads: Option<&Loads>) -> Assignment {
    Flow::new(graph, objective, loads).run()
}

struct Flow<'g> {
    graph: &'g Graph,
    loads: Option<&'g Loads>,
    /// Units of each senior sent to its unmatched arc so far.
    unmatched: Vec<u32>,
    n_s: usize,
    /// Value of each edge.
    w: Vec<Value>,
    /// The senior end of each edge.
    edge_senior: Vec<u32>,
    used: Vec<bool>,
    /// Paired edges at each junior (the reverse arcs of the residual graph).
    junior_edges: Vec<Vec<u32>>,
    /// Node potentials: seniors, then juniors; the sink's is always 0.
    p: Vec<Value>,
    // Dijkstra state, reused across searches; `seen` holds the search number.
    dist: Vec<Value>,
    seen: Vec<u32>,
    settled: Vec<u32>,
    pred: Vec<u32>,
    search: u32,
    heap: BinaryHeap<Reverse<(Value, u32)>>,
    order: Vec<u32>,
}

impl<'g> Flow<'g> {
    fn new(graph: &'g Graph, objective: Objective, loads: Option<&'g Loads>) -> Self {
        let n_s = graph.n_seniors();
        let n = n_s + graph.n_juniors();
        let w: Vec<Value> = (0..graph.n_edges())
            .map(|e| scaled(graph.weight(objective, e), loads))
            .collect();
        let mut edge_senior = vec![0u32; graph.n_edges()];
        let mut p = vec![0 as Value; n];
        // A junior's arc to the sink for its first unit has reduced cost
        // p_j - at(1) >= 0.
        if let Some(loads) = loads {
            for (pj, m) in p[n_s..].iter_mut().zip(&loads.junior) {
                *pj = m.at(1);
            }
        }
        let (seniors, juniors) = p.split_at_mut(n_s);
        for (s, ps) in seniors.iter_mut().enumerate() {
            // The unmatched arc's first piece costs at(cap), which is
            // negative with spread ties.
            let cap = graph.senior_cap[s];
            let mut best: Value = match loads {
                Some(l) if cap > 0 => (-l.senior[s].at(cap)).max(0),
                _ => 0,
            };
            for e in graph.edges(s) {
                edge_senior[e] = s as u32;
                best = best.max(w[e] + juniors[graph.junior[e] as usize]);
            }
            // Reduced cost of senior -> junior is p_s - w - p_j >= 0, and of
            // the unmatched arc p_s + at(cap) >= 0.
            *ps = best;
        }
        Flow {
            graph,
            loads,
            unmatched: vec![0; n_s],
            n_s,
            w,
            edge_senior,
            used: vec![false; graph.n_edges()],
            junior_edges: vec![Vec::new(); graph.n_juniors()],
            p,
            dist: vec![0; n + 1],
            seen: vec![0; n + 1],
            settled: vec![0; n + 1],
            pred: vec![0; n + 1],
            search: 0,
            heap: BinaryHeap::new(),
            order: Vec::new(),
        }
    }

    fn senior_marginals(&self, s: usize) -> Marginals {
        self.loads.map_or_else(Marginals::default, |l| l.senior[s])
    }

    fn junior_marginals(&self, j: usize) -> Marginals {
        self.loads.map_or_else(Marginals::default, |l| l.junior[j])
    }

    /// The value of senior `s`'s next unmatched piece, as a cost (>= 0):
    /// the marginal of the unit it takes away.
    fn unmatched_cost(&self, s: usize) -> Option<Value> {
        let cap = self.graph.senior_cap[s];
        let used = self.unmatched[s];
        (used < cap).then(|| self.senior_marginals(s).at(cap - used))
    }

    fn run(mut self) -> Assignment {
        for s in 0..self.n_s {
            let cap = self.graph.senior_cap[s];
            let mut done = 0;
            while done < cap {
                done += 1;
                if self.augment(s) {
                    continue;
                }
                // This unit went to the unmatched arc. Every further unit
                // whose unmatched piece costs the same goes there too
                // (shortest path lengths from one node only grow), so they
                // are counted without searching again.
                let level = self.unmatched_cost(s);
                self.unmatched[s] += 1;
                while done < cap && self.unmatched_cost(s) == level {
                    self.unmatched[s] += 1;
                    done += 1;
                }
            }
        }
        let edges: Vec<usize> = (0..self.graph.n_edges())
            .filter(|&e| self.used[e])
            .collect();
        // Prices: u_s = p_s and v_j = -p_j (the sink's potential is 0).
        // Raising a price to minus its first unit's value changes no unit's
        // dual (all stay 0) and only loosens the pair constraints.
        let senior_dual = (0..self.n_s)
            .map(|s| self.p[s].max(-self.senior_marginals(s).at(1)))
            .collect();
        let junior_dual = (0..self.graph.n_juniors())
            .map(|j| (-self.p[self.n_s + j]).max(-self.junior_marginals(j).at(1)))
            .collect();
        Assignment {
            edges,
            senior_dual,
            junior_dual,
        }
    }

    fn relax(&mut self, node: usize, d: Value, via: u32) {
        if self.seen[node] != self.search || d < self.dist[node] {
            self.seen[node] = self.search;
            self.dist[node] = d;
            self.pred[node] = via;
            // Among nodes at the same distance the sink comes out first (key
            // 0; every other node is its number + 1): with many equal scores
            // whole regions sit at one distance, and the search ends as soon
            // as a route of that length reaches the sink instead of crossing
            // them all.
            let key = if node == self.n_s + self.graph.n_juniors() {
                0
            } else {
                node as u32 + 1
            };
            self.heap.push(Reverse((d, key)));
        }
    }

    /// Routes one unit from senior `s0` along a shortest path. Returns false
    /// when the best route is `s0`'s own unmatched arc.
    fn augment(&mut self, s0: usize) -> bool {
        let n_s = self.n_s;
        let sink = n_s + self.graph.n_juniors();
        self.search += 1;
        self.heap.clear();
        self.order.clear();
        self.relax(s0, 0, u32::MAX);
        let mut sink_dist = 0;
        while let Some(Reverse((d, key))) = self.heap.pop() {
            let x = if key == 0 { sink } else { key as usize - 1 };
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
            if x < n_s {
                // The unmatched arc's next piece, reduced cost
                // p_s + cost - p_sink.
                if let Some(cost) = self.unmatched_cost(x) {
                    self.relax(sink, d + px + cost, x as u32);
                }
                for e in self.graph.edges(x) {
                    if !self.used[e] {
                        let jx = self.graph.junior[e] as usize;
                        let j = n_s + jx;
                        if self.settled[j] != self.search {
                            let rc = px - self.w[e] - self.p[j];
                            self.relax(j, d + rc, e as u32);
                            // A junior with room offers the sink at once,
                            // over its next unit's arc (reduced cost
                            // p_j - value >= 0, so the sink is no nearer
                            // than through the junior, as when it settles):
                            // with many equal distances the search ends here
                            // instead of first settling every full junior at
                            // that distance.
                            let load = self.junior_edges[jx].len() as u32;
                            if load < self.graph.junior_cap[jx]
                                && self.seen[j] == self.search
                                && self.pred[j] == e as u32
                            {
                                let value = self.junior_marginals(jx).at(load + 1);
                                let dj = self.dist[j];
                                self.relax(sink, dj + self.p[j] - value, j as u32);
                            }
                        }
                    }
                }
            } else {
                let j = x - n_s;
                let load = self.junior_edges[j].len() as u32;
                if load < self.graph.junior_cap[j] {
                    let value = self.junior_marginals(j).at(load + 1);
                    self.relax(sink, d + px - value, x as u32);
                }
                for k in 0..self.junior_edges[j].len() {
                    let e = self.junior_edges[j][k] as usize;
                    let s = self.edge_senior[e] as usize;
                    if self.settled[s] != self.search {
                        let rc = px + self.w[e] - self.p[s];
                        self.relax(s, d + rc, e as u32);
                    }
                }
            }
        }
        // Settled nodes closer than the sink move; reduced costs stay >= 0.
        for &x in &self.order {
            let x = x as usize;
            self.p[x] += self.dist[x] - sink_dist;
        }
        let last = self.pred[sink] as usize;
        if last == s0 {
            return false;
        }
        if last < n_s {
            // The path ends on another senior's unmatched arc: that senior
            // gives up a partner.
            self.unmatched[last] += 1;
        }
        // Walk back from the sink, flipping pairs along the path.
        let mut at = last;
        loop {
            if at >= n_s {
                let e = self.pred[at] as usize;
                self.used[e] = true;
                self.junior_edges[at - n_s].push(e as u32);
                at = self.edge_senior[e] as usize;
            } else {
                if at == s0 {
                    break;
                }
                let e = self.pred[at] as usize;
                self.used[e] = false;
                let j = self.graph.junior[e] as usize;
                let list = &mut self.junior_edges[j];
                let k = list
                    .iter()
                    .position(|&x| x as usize == e)
                    .expect("paired edge is listed");
                list.swap_remove(k);
                at = n_s + j;
            }
        }
        true
    }
}
