//! Branch and bound over one quota problem, on the Lagrangian bounds of
//! [`super::lagrange`].
//!
//! Nodes fix pairs in or out; the open node with the highest bound goes
//! first, so the search ends as soon as no open node can beat the best
//! pairing found (past a cap on open nodes it goes depth first, so memory
//! stays bounded). At each node, reduced costs at the minimum fix out every
//! pair that cannot be in a better pairing, and the node splits on a row
//! pair that the row-breaking pairing at the minimum uses and the other
//! does not, which cuts one of the two off in each child. Every number is
//! an exact integer or fraction: bounds, pruning and proof involve no
//! rounding.

use std::collections::BinaryHeap;
use std::time::Instant;

use super::lagrange::{Bounded, Bounding, Branch, Lagrangian, Point, Prices, View};
use super::network::{GroupBound, Shape};
use super::ratio::Ratio;
use crate::solve::graph::Value;

/// At most this many count rows (one bit each in a pair's mask).
pub const MAX_ROWS: usize = 64;

/// Bounds of one count row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RowBound {
    pub lo: u32,
    pub hi: u32,
}

/// A pairing problem with an exact number of pairs, junior groups carried
/// by the network, and count rows carried by multipliers.
#[derive(Clone, Debug, Default)]
pub struct Problem {
    pub senior_cap: Vec<u32>,
    pub junior_cap: Vec<u32>,
    /// Pairs in compressed rows by senior, sorted by junior within a senior.
    pub start: Vec<usize>,
    pub junior: Vec<u32>,
    pub units: Vec<i64>,
    /// Bit r set: the pair counts in row r.
    pub mask: Vec<u64>,
    /// Each junior's group (empty: no groups).
    pub group_of: Vec<u32>,
    pub groups: Vec<GroupBound>,
    pub rows: Vec<RowBound>,
    /// Exactly this many pairs.
    pub pairs: u32,
    /// The largest |units| of any pair that may ever be priced in (so
    /// the pair bonus outweighs every difference of scores).
    pub max_units: i64,
}

impl Problem {
    pub fn n_edges(&self) -> usize {
        self.junior.len()
    }

    pub fn senior_of(&self, e: usize) -> usize {
        self.start.partition_point(|&x| x <= e) - 1
    }
}

/// What the search found.
#[derive(Clone, Debug)]
pub enum Found {
    /// The best pairing (edge ids), proven.
    Optimal { edges: Vec<usize>, units: i128 },
    /// No pairing beats the cutoff (none at all without one): proven.
    NoneAbove,
    /// Stopped at the limit: the best pairing so far (if any) and an upper
    /// bound on the optimum's units.
    Stopped {
        best: Option<(Vec<usize>, i128)>,
        bound: i128,
    },
}

/// The work done, for `-v` and benchmarks.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Effort {
    pub nodes: usize,
    pub solves: usize,
}

/// When to stop.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub deadline: Option<Instant>,
    /// Open nodes kept at most; past it the search goes depth first.
    pub max_open: usize,
}

#[derive(Clone, Debug)]
pub(super) struct Node {
    pub(super) bound: Ratio,
    /// Tie-break: the order nodes were made in.
    pub(super) id: usize,
    pub(super) fixed_in: Vec<u32>,
    pub(super) fixed_out: Vec<u32>,
    /// The parent's multipliers, to start from.
    pub(super) lambda: Vec<Ratio>,
}

impl PartialEq for Node {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}
impl Eq for Node {}
impl PartialOrd for Node {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Node {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.bound.cmp(other.bound).then(other.id.cmp(&self.id))
    }
}

/// The search over one problem.
pub struct Search<'p> {
    pub(super) problem: &'p Problem,
    pub effort: Effort,
    pub(super) best: Option<(Vec<usize>, i128)>,
    /// Only pairings above this matter (an incumbent known elsewhere).
    pub(super) cutoff: Option<i128>,
    /// Try the pairings between the two either side of a minimum (off
    /// only in tests, to make the search branch).
    pub(super) patching: bool,
}

impl Lagrangian for Search<'_> {
    fn max_units(&self) -> i64 {
        self.problem.max_units
    }

    fn count_solve(&mut self) {
        self.effort.solves += 1;
    }

    fn note(&mut self, view: &View, point: &Point) {
        if point.feasible(view) && self.best.as_ref().is_none_or(|b| point.units > b.1) {
            let mut edges = point.edges.clone();
            edges.sort_unstable();
            self.best = Some((edges, point.units));
        }
    }
}

impl<'p> Search<'p> {
    pub fn new(problem: &'p Problem) -> Self {
        Search {
            problem,
            effort: Effort::default(),
            best: None,
            cutoff: None,
            patching: true,
        }
    }

    /// Only pairings worth more than `cutoff` units are looked for.
    pub fn set_cutoff(&mut self, cutoff: Option<i128>) {
        self.cutoff = cutoff;
    }

    /// The best pairing found: problem edges and units.
    pub fn best(&self) -> Option<&(Vec<usize>, i128)> {
        self.best.as_ref()
    }

    /// What a node must beat.
    pub(super) fn target(&self) -> Option<i128> {
        match (self.best.as_ref().map(|b| b.1), self.cutoff) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }

    /// Offers a known pairing (problem edge ids) as an incumbent.
    pub fn offer(&mut self, edges: &[usize]) {
        let units: i128 = edges
            .iter()
            .map(|&e| i128::from(self.problem.units[e]))
            .sum();
        if self.best.as_ref().is_none_or(|b| units > b.1) {
            let mut edges = edges.to_vec();
            edges.sort_unstable();
            self.best = Some((edges, units));
        }
    }

    pub(super) fn view(&self, fixed_in: &[u32], fixed_out: &[u32]) -> Option<View> {
        let pb = self.problem;
        let n_s = pb.senior_cap.len();
        let mut senior_cap = pb.senior_cap.clone();
        let mut junior_cap = pb.junior_cap.clone();
        let mut groups = pb.groups.clone();
        let mut pairs = pb.pairs;
        let mut lo: Vec<i64> = pb.rows.iter().map(|r| i64::from(r.lo)).collect();
        let mut hi: Vec<i64> = pb.rows.iter().map(|r| i64::from(r.hi)).collect();
        let mut forced_units: i128 = 0;
        let mut fixed = vec![false; pb.n_edges()];
        for &e in fixed_in {
            let e = e as usize;
            fixed[e] = true;
            let s = pb.senior_of(e);
            let j = pb.junior[e] as usize;
            if senior_cap[s] == 0 || junior_cap[j] == 0 || pairs == 0 {
                return None;
            }
            senior_cap[s] -= 1;
            junior_cap[j] -= 1;
            pairs -= 1;
            if let Some(&g) = pb.group_of.get(j) {
                let b = &mut groups[g as usize];
                if b.hi == 0 {
                    return None;
                }
                b.hi -= 1;
                b.lo = b.lo.saturating_sub(1);
            }
            forced_units += i128::from(pb.units[e]);
            for r in 0..lo.len() {
                if pb.mask[e] >> r & 1 != 0 {
                    lo[r] -= 1;
                    hi[r] -= 1;
                }
            }
        }
        if hi.iter().any(|&h| h < 0) {
            return None;
        }
        for l in &mut lo {
            *l = (*l).max(0);
        }
        for &e in fixed_out {
            fixed[e as usize] = true;
        }
        let kept = fixed.iter().filter(|f| !**f).count();
        let mut start = Vec::with_capacity(n_s + 1);
        let mut junior = Vec::with_capacity(kept);
        let mut units = Vec::with_capacity(kept);
        let mut map = Vec::with_capacity(kept);
        let mut mask = Vec::with_capacity(kept);
        start.push(0);
        for s in 0..n_s {
            let edges = pb.start[s]..pb.start[s + 1];
            for (e, _) in edges.zip(&fixed[pb.start[s]..]).filter(|(_, f)| !**f) {
                junior.push(pb.junior[e]);
                units.push(pb.units[e]);
                map.push(e as u32);
                mask.push(pb.mask[e]);
            }
            start.push(junior.len());
        }
        Some(View {
            shape: Shape {
                senior_cap,
                junior_cap,
                start,
                junior,
                group_of: pb.group_of.clone(),
                groups,
                max_pairs: pairs,
            },
            map,
            units,
            mask,
            forced_units,
            forced: fixed_in.to_vec(),
            lo,
            hi,
        })
    }

    /// Bounds the root of the problem (for pricing outside it).
    pub fn bound_root(&mut self, start: &[Ratio]) -> Bounding {
        match self.view(&[], &[]) {
            None => Bounding::Infeasible(None),
            Some(view) => self.bound(&view, start),
        }
    }

    /// Runs the search from the root, starting its multipliers at `start`.
    pub fn run(
        &mut self,
        start: &[Ratio],
        limits: Limits,
        mut progress: impl FnMut(&Effort, Option<i128>, i128),
    ) -> Found {
        let mut open: BinaryHeap<Node> = BinaryHeap::new();
        let mut dive: Vec<Node> = Vec::new();
        let mut next_id = 1;
        open.push(Node {
            // Any pairing is worth at most its number of pairs times the
            // best pair (a finite start keeps every product exact).
            bound: Ratio::int(
                i128::from(self.problem.max_units).abs() * i128::from(self.problem.pairs) + 1,
            ),
            id: 0,
            fixed_in: Vec::new(),
            fixed_out: Vec::new(),
            lambda: start.to_vec(),
        });
        let mut last_progress = Instant::now();
        loop {
            let (node, from_open) = match dive.pop() {
                Some(n) => (n, false),
                None => match open.pop() {
                    Some(n) => (n, true),
                    None => break,
                },
            };
            if self.target().is_some_and(|t| node.bound.floor() <= t) {
                if from_open {
                    // Best first: every open node is bounded by this one.
                    break;
                }
                continue;
            }
            if limits.deadline.is_some_and(|d| Instant::now() >= d) {
                let top = open
                    .iter()
                    .chain(dive.iter())
                    .chain(std::iter::once(&node))
                    .map(|n| n.bound.floor())
                    .max()
                    .unwrap_or(i128::MIN);
                let bound = match self.target() {
                    Some(t) => top.max(t),
                    None => top,
                };
                return Found::Stopped {
                    best: self.best.clone(),
                    bound,
                };
            }
            self.effort.nodes += 1;
            if last_progress.elapsed().as_millis() >= 250 {
                last_progress = Instant::now();
                let top = open.peek().map_or(node.bound, |n| {
                    if n.bound.cmp(node.bound).is_gt() {
                        n.bound
                    } else {
                        node.bound
                    }
                });
                progress(&self.effort, self.best.as_ref().map(|b| b.1), top.floor());
            }
            let Some(view) = self.view(&node.fixed_in, &node.fixed_out) else {
                continue;
            };
            let Bounding::Bound(bounded) = self.bound(&view, &node.lambda) else {
                continue;
            };
            let Bounded {
                bound,
                lambda,
                prices,
                branch,
            } = *bounded;
            let bound = if bound.cmp(node.bound).is_gt() {
                node.bound
            } else {
                bound
            };
            if self.target().is_some_and(|t| bound.floor() <= t) {
                continue;
            }
            let e = match &branch {
                None => continue,
                Some(Branch::Split(r, left, right)) => {
                    if self.patching {
                        self.patch(&view, *r, left, right);
                    }
                    split_edge(&view, *r, left, right)
                }
                Some(Branch::Broken(point)) => broken_edge(&view, point, &prices),
            };
            let Some(e) = e else {
                continue;
            };
            let mut fixed_out = node.fixed_out.clone();
            if let Some(target) = self.target() {
                if bound.floor() <= target {
                    continue;
                }
                // Any pairing using free edge k is worth at most bound - rc_k.
                let q = prices.q;
                let top = bound.num * q / bound.den; // floor of bound * q
                let need = (target + 1) * q;
                for s in 0..view.shape.senior_cap.len() {
                    for k in view.shape.start[s]..view.shape.start[s + 1] {
                        let j = view.shape.junior[k] as usize;
                        let rc = prices.reduced(s, j, view.units[k], view.mask[k]);
                        if rc > 0 && top - rc < need && view.map[k] != e {
                            fixed_out.push(view.map[k]);
                        }
                    }
                }
                fixed_out.sort_unstable();
            }
            let mut with = node.fixed_in.clone();
            with.push(e);
            with.sort_unstable();
            let mut without = fixed_out.clone();
            without.push(e);
            without.sort_unstable();
            let children = [
                Node {
                    bound,
                    id: next_id,
                    fixed_in: node.fixed_in.clone(),
                    fixed_out: without,
                    lambda: lambda.clone(),
                },
                Node {
                    bound,
                    id: next_id + 1,
                    fixed_in: with,
                    fixed_out,
                    lambda,
                },
            ];
            next_id += 2;
            if open.len() >= limits.max_open {
                dive.extend(children);
            } else {
                open.extend(children);
            }
        }
        match self.best.clone() {
            Some((edges, units)) if self.cutoff.is_none_or(|c| units > c) => {
                Found::Optimal { edges, units }
            }
            _ => Found::NoneAbove,
        }
    }
}

/// A row-`r` pair the row-breaking pairing uses and the other does not;
/// else any pair where they differ (they are the node's own flows, so
/// every such pair is free).
pub(super) fn split_edge(view: &View, r: usize, left: &Point, right: &Point) -> Option<u32> {
    let mut in_right = right.edges.clone();
    in_right.sort_unstable();
    let mut in_left = left.edges.clone();
    in_left.sort_unstable();
    let mut other = None;
    for &e in &in_left {
        if in_right.binary_search(&e).is_ok() {
            continue;
        }
        if mask_of(view, e) >> r & 1 != 0 {
            return Some(e as u32);
        }
        other.get_or_insert(e as u32);
    }
    for &e in &in_right {
        if in_left.binary_search(&e).is_err() {
            other.get_or_insert(e as u32);
        }
    }
    other
}

/// A free pair to split on when the pairing at the minimum breaks a row:
/// one of its own pairs in a row it has too many of, or the cheapest
/// pair it leaves out of a row it has too few of. None when a row cannot
/// be met at all.
pub(super) fn broken_edge(view: &View, point: &Point, prices: &Prices) -> Option<u32> {
    let Some(r) = (0..point.counts.len()).find(|&r| !point.keeps(view, r)) else {
        // It keeps every row but misses the bound (the multipliers of
        // several rows were searched one at a time): split on its first
        // pair that some row counts, else its first pair.
        let mut own = free_edges(view, point);
        own.sort_unstable();
        let counted = own.iter().copied().find(|&e| mask_of(view, e) != 0);
        return counted.or(own.first().copied()).map(|e| e as u32);
    };
    if point.counts[r] > view.hi[r] {
        let mut own = free_edges(view, point);
        own.sort_unstable();
        return own
            .into_iter()
            .find(|&e| mask_of(view, e) >> r & 1 != 0)
            .map(|e| e as u32);
    }
    let mut own = point.edges.clone();
    own.sort_unstable();
    let mut best: Option<(Value, u32)> = None;
    for s in 0..view.shape.senior_cap.len() {
        for k in view.shape.start[s]..view.shape.start[s + 1] {
            let e = view.map[k];
            if view.mask[k] >> r & 1 == 0 || own.binary_search(&(e as usize)).is_ok() {
                continue;
            }
            let rc = prices.reduced(
                s,
                view.shape.junior[k] as usize,
                view.units[k],
                view.mask[k],
            );
            if best.is_none_or(|b| (rc, e) < b) {
                best = Some((rc, e));
            }
        }
    }
    best.map(|b| b.1)
}

/// A pairing's pairs that are free at this node (not fixed in).
pub(super) fn free_edges(view: &View, point: &Point) -> Vec<usize> {
    point
        .edges
        .iter()
        .copied()
        .filter(|&e| view.forced.binary_search(&(e as u32)).is_err())
        .collect()
}

/// The row mask of problem edge `e`, as the view holds it.
pub(super) fn mask_of(view: &View, e: usize) -> u64 {
    view.map
        .binary_search(&(e as u32))
        .map_or(0, |k| view.mask[k])
}
