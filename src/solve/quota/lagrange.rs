//! The Lagrangian bound of one node: the quota rows priced into the pair
//! values, one multiplier per row, each found exactly by a line search.
//!
//! Priced with multipliers `lambda`, the rows leave a flow problem whose
//! optimum, plus each multiplier times its row's bound, bounds every
//! pairing that keeps the rows (the flow polytope is integral, so the best
//! multipliers give the LP bound). As a function of one multiplier the
//! bound is convex and piecewise linear, each piece a pairing: its minimum
//! is found exactly by intersecting the lines of pairings on either side,
//! and sits between two pairings optimal there, one breaking the row and
//! one keeping it. Several rows are searched one at a time, cycling while
//! the bound falls.

use super::network::{Network, Shape};
use super::ratio::{common, Ratio};
use crate::solve::graph::Value;

/// One node's problem, with its fixings applied.
pub(super) struct View {
    pub(super) shape: Shape,
    /// Node edge -> problem edge.
    pub(super) map: Vec<u32>,
    pub(super) units: Vec<i64>,
    pub(super) mask: Vec<u64>,
    pub(super) forced_units: i128,
    /// The fixed-in pairs (problem edges, sorted): part of every pairing here.
    pub(super) forced: Vec<u32>,
    pub(super) lo: Vec<i64>,
    pub(super) hi: Vec<i64>,
}

/// A pairing found at some multipliers: problem edges and units (fixed-in
/// ones included) and counts per row (free edges only, as the view's
/// bounds are).
#[derive(Clone, Debug)]
pub(super) struct Point {
    pub(super) edges: Vec<usize>,
    pub(super) units: i128,
    pub(super) counts: Vec<i64>,
}

impl Point {
    pub(super) fn keeps(&self, view: &View, r: usize) -> bool {
        view.lo[r] <= self.counts[r] && self.counts[r] <= view.hi[r]
    }

    pub(super) fn feasible(&self, view: &View) -> bool {
        (0..self.counts.len()).all(|r| self.keeps(view, r))
    }

    /// The Lagrangian value of this pairing at `lambda`.
    pub(super) fn value_at(&self, view: &View, lambda: &[Ratio]) -> Ratio {
        let mut v = Ratio::int(self.units);
        for (r, &l) in lambda.iter().enumerate() {
            if l.num != 0 {
                let b = if l.num > 0 { view.hi[r] } else { view.lo[r] };
                v = v.add(l.mul_int(i128::from(b) - i128::from(self.counts[r])));
            }
        }
        v
    }
}

/// Potentials of a solve, for pricing pairs outside the network.
#[derive(Clone, Debug)]
pub struct Prices {
    pub senior: Vec<Value>,
    pub junior: Vec<Value>,
    /// A pair's value in that solve: `big + q * units - sum p_r [in r]`.
    pub big: Value,
    pub q: i128,
    pub p: Vec<i128>,
}

impl Prices {
    pub fn value(&self, units: i64, mask: u64) -> Value {
        let mut v = self.big + self.q * i128::from(units);
        for (r, &p) in self.p.iter().enumerate() {
            if mask >> r & 1 != 0 {
                v -= p;
            }
        }
        v
    }

    /// p_s - w - p_j: >= 0 for every pair that cannot improve the solve.
    pub fn reduced(&self, s: usize, j: usize, units: i64, mask: u64) -> Value {
        self.senior[s] - self.value(units, mask) - self.junior[j]
    }
}

/// A node's bound and what was learnt finding it.
pub struct Bounded {
    pub bound: Ratio,
    pub lambda: Vec<Ratio>,
    /// Potentials of the last solve at `lambda`.
    pub prices: Prices,
    /// How to split the node (None when it is solved: its bound is met).
    pub(super) branch: Option<Branch>,
}

/// What a node is split on.
pub(super) enum Branch {
    /// Row r's minimum lies between a pairing that breaks the row (left)
    /// and one that keeps it (right).
    Split(usize, Point, Point),
    /// The pairing at the minimum breaks some row.
    Broken(Point),
}

/// The outcome of bounding one node.
pub enum Bounding {
    /// The network cannot meet the groups' bounds and the number of pairs,
    /// or the rows cannot hold even at any price. `prices` of the solve
    /// that showed it, when a solve did.
    Infeasible(Option<Prices>),
    Bound(Box<Bounded>),
}

/// The result of one row's line search (short-lived: made a few times a
/// node, so its size does not matter).
#[allow(clippy::large_enum_variant)]
pub(super) enum Line {
    Infeasible(Option<Prices>),
    Min {
        bound: Ratio,
        point: Point,
        prices: Prices,
        /// The pairings either side of the minimum, when they differ.
        split: Option<(Point, Point)>,
    },
}

/// The Lagrangian bound as a part of a search: the search supplies the
/// largest pair value, counts the flow solves and takes every pairing the
/// bound meets on its way (each may be the best one yet); the bound's own
/// steps are the provided methods.
pub(super) trait Lagrangian {
    /// The largest value of any pair, in units.
    fn max_units(&self) -> i64;
    /// One more flow solved.
    fn count_solve(&mut self);
    /// A pairing met while bounding `view`.
    fn note(&mut self, view: &View, point: &Point);

    /// Solves the node's flow at multipliers `lambda`. None when the
    /// network cannot meet the groups' bounds and the number of pairs.
    fn solve_at(
        &mut self,
        view: &View,
        network: &mut Network,
        lambda: &mut [Ratio],
    ) -> (Option<Point>, Prices) {
        self.count_solve();
        let q = common(lambda);
        let p: Vec<i128> = lambda.iter().map(|l| l.scaled_num(q)).collect();
        let n_pairs = i128::from(view.shape.max_pairs);
        let penalty: i128 = p.iter().map(|x| x.abs()).sum();
        let max_raw = q * i128::from(self.max_units()) + penalty;
        // A pair bonus above any difference of totals, and a lower-bound
        // unit worth more than every pair together.
        let big = 2 * (n_pairs + 1) * (max_raw + 1);
        let bound_value = big;
        let prices_base = Prices {
            senior: Vec::new(),
            junior: Vec::new(),
            big,
            q,
            p: p.clone(),
        };
        let values: Vec<Value> = view
            .units
            .iter()
            .zip(&view.mask)
            .map(|(&u, &m)| prices_base.value(u, m))
            .collect();
        let flowed = network.solve(&values, bound_value);
        let prices = Prices {
            senior: flowed.senior_potential,
            junior: flowed.junior_potential,
            ..prices_base
        };
        if !flowed.bounds_met || flowed.edges.len() as i128 != n_pairs {
            return (None, prices);
        }
        let mut counts = vec![0i64; view.lo.len()];
        let mut units = view.forced_units;
        for &e in &flowed.edges {
            units += i128::from(view.units[e]);
            for (r, c) in counts.iter_mut().enumerate() {
                if view.mask[e] >> r & 1 != 0 {
                    *c += 1;
                }
            }
        }
        let edges = flowed
            .edges
            .iter()
            .map(|&e| view.map[e] as usize)
            .chain(view.forced.iter().map(|&e| e as usize))
            .collect();
        (
            Some(Point {
                edges,
                units,
                counts,
            }),
            prices,
        )
    }

    /// Bounds a node: minimises its Lagrangian function one row at a time
    /// (exactly, for each row), cycling while the bound falls.
    fn bound(&mut self, view: &View, start: &[Ratio]) -> Bounding {
        let n_rows = view.lo.len();
        let mut network = Network::new(&view.shape);
        let mut lambda: Vec<Ratio> = if start.len() == n_rows {
            start.to_vec()
        } else {
            vec![Ratio::ZERO; n_rows]
        };
        let (point, prices) = self.solve_at(view, &mut network, &mut lambda);
        let Some(mut point) = point else {
            return Bounding::Infeasible(Some(prices));
        };
        self.note(view, &point);
        let mut prices = prices;
        let mut bound = point.value_at(view, &lambda);
        let mut split = None;
        // Cycle over the rows while a row's line search lowers the bound.
        for _cycle in 0..8 {
            let mut improved = false;
            for r in 0..n_rows {
                match self.line_search(
                    view,
                    &mut network,
                    &mut lambda,
                    r,
                    point.clone(),
                    prices.clone(),
                ) {
                    Line::Infeasible(p) => return Bounding::Infeasible(p),
                    Line::Min {
                        bound: b,
                        point: pt,
                        prices: pr,
                        split: sp,
                    } => {
                        if b.cmp(bound).is_lt() {
                            improved = true;
                        }
                        bound = b;
                        point = pt;
                        prices = pr;
                        if let Some((l, r2)) = sp {
                            split = Some((r, l, r2));
                        }
                    }
                }
            }
            if !improved || n_rows <= 1 {
                break;
            }
        }
        // Solved when the last pairing keeps every row and meets the bound.
        let branch =
            if point.feasible(view) && point.value_at(view, &lambda) == Ratio::int(point.units) {
                None
            } else if let Some((r, left, right)) = split {
                Some(Branch::Split(r, left, right))
            } else {
                Some(Branch::Broken(point))
            };
        Bounding::Bound(Box::new(Bounded {
            bound,
            lambda,
            prices,
            branch,
        }))
    }

    /// Minimises the Lagrangian over row `r`'s multiplier, the others held.
    /// `point` is optimal at the current multipliers.
    fn line_search(
        &mut self,
        view: &View,
        network: &mut Network,
        lambda: &mut Vec<Ratio>,
        r: usize,
        point: Point,
        prices: Prices,
    ) -> Line {
        // The line of a pairing in this multiplier: value(l) = c + l * slope,
        // with slope = b - count on the side of zero `side`.
        let intercept = |pt: &Point, lambda: &[Ratio]| -> Ratio {
            let mut others = lambda.to_vec();
            others[r] = Ratio::ZERO;
            pt.value_at(view, &others)
        };
        let current = lambda[r];
        let (lo, hi) = (view.lo[r], view.hi[r]);
        // The slope of a pairing's line on the side `side` of zero: the
        // row's bound there minus the pairing's count.
        let slope = |pt: &Point, side: i128| -> i128 {
            i128::from(if side > 0 { hi } else { lo }) - i128::from(pt.counts[r])
        };
        let min_here = |point: Point, prices: Prices, lambda: &[Ratio]| Line::Min {
            bound: point.value_at(view, lambda),
            point,
            prices,
            split: None,
        };
        // The side of zero the minimum lies on, and a pairing whose line
        // falls that way (slope * side < 0) or rises (> 0).
        let side;
        let mut falling: Option<Point> = None;
        let mut rising: Option<Point> = None;
        if current.num == 0 {
            side = if point.counts[r] > hi {
                1
            } else if point.counts[r] < lo {
                -1
            } else {
                // Zero is a minimum in this row: the pairing keeps it.
                return min_here(point, prices, lambda);
            };
            falling = Some(point);
        } else {
            side = current.signum();
            let s0 = slope(&point, side) * side;
            if s0 == 0 {
                return min_here(point, prices, lambda);
            }
            if s0 < 0 {
                falling = Some(point);
            } else {
                rising = Some(point);
            }
        }
        if falling.is_none() {
            // Back at zero: the minimum may be there, or past it.
            lambda[r] = Ratio::ZERO;
            let (pt, pr) = self.solve_at(view, network, lambda);
            let Some(pt) = pt else {
                return Line::Infeasible(Some(pr));
            };
            self.note(view, &pt);
            if pt.keeps(view, r) {
                return min_here(pt, pr, lambda);
            }
            if slope(&pt, side) * side < 0 {
                falling = Some(pt);
            } else {
                return self.line_search(view, network, lambda, r, pt, pr);
            }
        }
        if rising.is_none() {
            // Far out the row outweighs every score: the count is as close
            // to the bound as the network allows.
            // It must outweigh the other rows' prices too.
            let others = lambda
                .iter()
                .enumerate()
                .filter(|&(k, _)| k != r)
                .fold(Ratio::ZERO, |acc, (_, l)| {
                    acc.add(Ratio::new(l.num.abs(), l.den))
                });
            let per_pair = i128::from(self.max_units()) + others.floor() + 1;
            let far = Ratio::int(side * (per_pair * (i128::from(view.shape.max_pairs) + 1) + 1));
            lambda[r] = far;
            let (pt, pr) = self.solve_at(view, network, lambda);
            let Some(pt) = pt else {
                return Line::Infeasible(Some(pr));
            };
            self.note(view, &pt);
            let s = slope(&pt, side) * side;
            if s < 0 {
                // Even then the row breaks: no pairing keeps it.
                return Line::Infeasible(Some(pr));
            }
            if s == 0 {
                return min_here(pt, pr, lambda);
            }
            rising = Some(pt);
        }
        loop {
            let (f, g) = (falling.as_ref().unwrap(), rising.as_ref().unwrap());
            let (cf, cg) = (intercept(f, lambda), intercept(g, lambda));
            let (sf, sg) = (slope(f, side), slope(g, side));
            // cf + l sf = cg + l sg  =>  l = (cg - cf) / (sf - sg)
            let diff = cg.add(cf.mul_int(-1));
            let mut l = Ratio::new(diff.num, diff.den * (sf - sg));
            if l.signum() != side && l.num != 0 {
                l = Ratio::ZERO;
            }
            lambda[r] = l;
            let (pt, pr) = self.solve_at(view, network, lambda);
            let l = lambda[r]; // as rounded onto the common denominator
            let Some(pt) = pt else {
                return Line::Infeasible(Some(pr));
            };
            self.note(view, &pt);
            let value = pt.value_at(view, lambda);
            let on_f = f.value_at(view, lambda);
            let on_g = g.value_at(view, lambda);
            let envelope = if on_f.cmp(on_g).is_ge() { on_f } else { on_g };
            let s = slope(&pt, side) * side;
            if s == 0 {
                return Line::Min {
                    bound: value,
                    point: pt,
                    prices: pr,
                    split: None,
                };
            }
            if value.cmp(envelope).is_le() {
                // No pairing beats the two lines here: the minimum.
                let split = Some((f.clone(), g.clone()));
                let _ = l;
                return Line::Min {
                    bound: value,
                    point: pt,
                    prices: pr,
                    split,
                };
            }
            if s < 0 {
                falling = Some(pt);
            } else {
                rising = Some(pt);
            }
        }
    }
}
