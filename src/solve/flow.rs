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

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::graph::{Assignment, Graph, Objective, Value};

/// Solves the assignment on `graph` exactly.
pub fn solve(graph: &Graph, objective: Objective) -> Assignment {
    Flow::new(graph, objective).run()
}

struct Flow<'g> {
    graph: &'g Graph,
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
    fn new(graph: &'g Graph, objective: Objective) -> Self {
        let n_s = graph.n_seniors();
        let n = n_s + graph.n_juniors();
        let w: Vec<Value> = graph.units.iter().map(|&u| objective.value(u)).collect();
        let mut edge_senior = vec![0u32; graph.n_edges()];
        let mut p = vec![0 as Value; n];
        for (s, ps) in p[..n_s].iter_mut().enumerate() {
            let mut best: Value = 0;
            for e in graph.edges(s) {
                edge_senior[e] = s as u32;
                best = best.max(w[e]);
            }
            // Reduced cost of senior -> junior is p_s - w - p_j >= 0 with p_j = 0.
            *ps = best;
        }
        Flow {
            graph,
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

    fn run(mut self) -> Assignment {
        for s in 0..self.n_s {
            for _ in 0..self.graph.senior_cap[s] {
                if !self.augment(s) {
                    // The best this senior can do is stay unmatched; so will
                    // every further unit (marginal values only fall).
                    break;
                }
            }
        }
        let edges: Vec<usize> = (0..self.graph.n_edges())
            .filter(|&e| self.used[e])
            .collect();
        let senior_dual = self.p[..self.n_s].iter().map(|&p| p.max(0)).collect();
        let junior_dual = self.p[self.n_s..].iter().map(|&p| (-p).max(0)).collect();
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
                // The unmatched arc, reduced cost p_s - p_sink.
                self.relax(sink, d + px, x as u32);
                for e in self.graph.edges(x) {
                    if !self.used[e] {
                        let jx = self.graph.junior[e] as usize;
                        let j = n_s + jx;
                        if self.settled[j] != self.search {
                            let rc = px - self.w[e] - self.p[j];
                            self.relax(j, d + rc, e as u32);
                            // A junior with room offers the sink at once: a
                            // free junior's potential is 0, so the sink is no
                            // farther than the junior, and with many equal
                            // distances the search ends here instead of first
                            // settling every full junior at that distance.
                            if (self.junior_edges[jx].len() as u32) < self.graph.junior_cap[jx]
                                && self.seen[j] == self.search
                                && self.pred[j] == e as u32
                            {
                                let dj = self.dist[j];
                                self.relax(sink, dj + self.p[j], j as u32);
                            }
                        }
                    }
                }
            } else {
                let j = x - n_s;
                if (self.junior_edges[j].len() as u32) < self.graph.junior_cap[j] {
                    self.relax(sink, d + px, x as u32);
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
