//! Quotas (`--max-same`, `--fair`) solved exactly over all allowed pairs.
//!
//! With the number of pairs fixed at `n`, every quota is a count: at most
//! `floor(max_share * total)` and at least `ceil(min_share * total)` of the
//! pairs are in its group (`total` counts locked pairs too). One `--fair`
//! attribute's groups are junior groups, which the flow network carries
//! exactly (`network.rs`); every other quota is a count row priced
//! by a Lagrangian multiplier (`search.rs`).
//!
//! For `n` from the most pairs possible without quotas downwards (with
//! the default objective the first `n` that admits a pairing is the
//! answer):
//! 1. the Lagrangian bound is found on the candidate pairs, and the prices
//!    at its minimum are checked over every allowed pair (pairs that could
//!    improve the solve are added and it repeats), so the bound holds over
//!    all of them;
//! 2. reduced-cost fixing against the best pairing known keeps only the
//!    pairs that can be in a better one (the core);
//! 3. branch and bound over the core proves the best pairing.

mod explain;
mod lagrange;
mod model;
mod network;
mod patch;
mod ratio;
mod search;
#[cfg(test)]
mod tests;

use std::time::Instant;

use rayon::prelude::*;

use crate::error::Result;
use crate::scoring::Scorer;
use crate::solve::graph::{Graph, Objective};
use crate::solve::{Progress, SearchProgress};
use crate::units::UNITS_PER_POINT;
use explain::explain;
use lagrange::{Bounding, Prices};
use model::{allowed_graph, edge_ids, problem_of, Model};
use ratio::Ratio;
use search::{Found, Limits, Search};

pub use model::{count_bounds, meets};

/// Why no pairing of up to `most` pairs meets the quotas, by arithmetic on
/// the shares and the locked pairs alone (for the integer program).
pub fn infeasible(scorer: &Scorer, most: usize) -> crate::error::Error {
    explain(scorer, most, |_| false)
}

/// Open branch-and-bound nodes kept at most (each a few fixings); past it
/// the search goes depth first, so memory stays bounded.
const MAX_OPEN: usize = 200_000;

/// The result of solving with quotas.
#[derive(Clone, Debug)]
pub struct QuotaPairing {
    /// (senior, junior) pairs chosen, locked pairs not included.
    pub pairs: Vec<(usize, usize)>,
    /// Units of the chosen pairs.
    pub units: i128,
    pub proven: bool,
    /// When not proven: an upper bound on (pairs, units): pairs when the
    /// search could not settle the number of pairs, else units.
    pub bound: Option<(usize, i128)>,
    pub stats: QuotaStats,
}

/// What the quota search did, for `-v`, the proof line and benchmarks.
#[derive(Clone, Copy, Debug, Default)]
pub struct QuotaStats {
    /// Numbers of pairs tried (1 when the most possible pairs admits a pairing).
    pub pair_counts: usize,
    pub nodes: usize,
    pub solves: usize,
    /// Rounds of pricing all allowed pairs.
    pub pricings: usize,
    /// Pairs the final branch and bound saw.
    pub core_pairs: usize,
    pub allowed_pairs: usize,
}

/// What the search over one number of pairs ended with.
enum AtN {
    /// The best pairing with n pairs (positions in `all`), and whether it
    /// is proven best.
    Found(Vec<u32>, i128, bool, Option<i128>),
    /// No pairing with n pairs meets the quotas (proven).
    Infeasible,
    /// The time limit came first, with nothing found: an upper bound.
    Stopped(i128),
}

/// The context every number of pairs is searched in.
struct Context<'a> {
    all: &'a Graph,
    /// Each senior's candidate pairs, as positions in `all`.
    candidate: &'a [Vec<u32>],
    max_units: i64,
    limits: Limits,
    progress: Option<&'a Progress>,
}

impl Context<'_> {
    /// Tells the progress callback, if any, how the search at `n` pairs is going.
    fn report(&self, n: usize, best: Option<i128>, bound: i128, nodes: usize) {
        if let Some(progress) = self.progress {
            (progress.0)(&SearchProgress {
                pairs: n,
                best: best.map(|u| u as f64 / UNITS_PER_POINT),
                bound: bound as f64 / UNITS_PER_POINT,
                nodes,
            });
        }
    }
}

/// The best pairing with exactly `n` free pairs that meets the model's quotas.
fn search_n(model: &Model, cx: &Context, n: usize, stats: &mut QuotaStats) -> AtN {
    let Some((groups, rows)) = model.bounds(n) else {
        return AtN::Infeasible;
    };
    let all = cx.all;
    let mut lists: Vec<Vec<u32>> = cx.candidate.to_vec();
    let mut lambda: Vec<Ratio> = Vec::new();
    let mut incumbent: Option<Vec<u32>> = None;
    // 1. The root bound, priced over every allowed pair.
    let root = loop {
        let pb = problem_of(model, all, &lists, n, &groups, &rows, cx.max_units);
        let ids = edge_ids(&lists);
        let mut search = Search::new(&pb);
        if let Some(inc) = &incumbent {
            let local: Vec<usize> = inc
                .iter()
                .filter_map(|e| ids.binary_search(e).ok())
                .collect();
            search.offer(&local);
        }
        let outcome = search.bound_root(&lambda);
        stats.solves += search.effort.solves;
        stats.pricings += 1;
        if let Some((edges, _)) = search.best() {
            incumbent = Some(edges.iter().map(|&e| ids[e]).collect());
        }
        let prices = match &outcome {
            Bounding::Infeasible(Some(p)) => p.clone(),
            Bounding::Infeasible(None) => break None,
            Bounding::Bound(b) => b.prices.clone(),
        };
        let more = improving(model, all, &lists, &prices);
        if more.iter().all(Vec::is_empty) {
            break match outcome {
                Bounding::Infeasible(_) => None,
                Bounding::Bound(b) => Some((b.bound, b.lambda, prices)),
            };
        }
        for (list, add) in lists.iter_mut().zip(more) {
            list.extend(add);
            list.sort_unstable();
        }
        if let Bounding::Bound(b) = outcome {
            lambda = b.lambda;
        }
    };
    let Some((bound, lambda, prices)) = root else {
        return AtN::Infeasible;
    };
    cx.report(n, None, bound.floor(), stats.nodes);
    let units_of = |edges: &[u32]| -> i128 {
        edges
            .iter()
            .map(|&e| i128::from(all.units[e as usize]))
            .sum()
    };
    let inc_units = incumbent.as_deref().map(units_of);
    // 2-3. The core and branch and bound over it. Without a pairing to
    // beat, a guessed cutoff below the bound keeps the core small; if no
    // pairing beats it, the guess goes lower.
    let top = bound.floor();
    let mut gap_guess: i128 = 1;
    loop {
        if let (Some(inc), Some(units)) = (&incumbent, inc_units) {
            if units >= top {
                return AtN::Found(inc.clone(), units, true, None);
            }
        }
        let guess = top.saturating_sub(gap_guess.saturating_mul(1_000_000_000));
        let cutoff = inc_units.map_or(guess, |u| u.max(guess));
        let cutoff_is_real = inc_units == Some(cutoff);
        let q = prices.q;
        let slack = bound.num * q / bound.den - (cutoff + 1) * q;
        let core = within(model, all, &prices, slack);
        let pb = problem_of(model, all, &core, n, &groups, &rows, cx.max_units);
        let ids = edge_ids(&core);
        stats.core_pairs = pb.n_edges();
        let mut search = Search::new(&pb);
        search.set_cutoff(Some(cutoff));
        let nodes_before = stats.nodes;
        let outcome = search.run(&lambda, cx.limits, |effort, best, open| {
            let best = match (best, inc_units) {
                (Some(b), Some(i)) => Some(b.max(i)),
                (b, i) => b.or(i),
            };
            cx.report(n, best, open, nodes_before + effort.nodes);
        });
        stats.nodes += search.effort.nodes;
        stats.solves += search.effort.solves;
        let to_all = |edges: &[usize]| -> Vec<u32> { edges.iter().map(|&e| ids[e]).collect() };
        match outcome {
            Found::Optimal { edges, units } => {
                return AtN::Found(to_all(&edges), units, true, None)
            }
            Found::NoneAbove if cutoff_is_real => {
                let inc = incumbent.unwrap_or_default();
                return AtN::Found(inc, cutoff, true, None);
            }
            Found::NoneAbove => {
                if gap_guess > 1 << 44 {
                    // Below any possible score: no pairing with n pairs.
                    return AtN::Infeasible;
                }
                gap_guess *= 16;
            }
            Found::Stopped { best, bound: open } => {
                let open = if cutoff_is_real { open } else { top };
                let mine = best.map(|(edges, units)| (to_all(&edges), units));
                let pick = match (mine, incumbent, inc_units) {
                    (Some(m), Some(inc), Some(iu)) => Some(if m.1 >= iu { m } else { (inc, iu) }),
                    (Some(m), _, _) => Some(m),
                    (None, Some(inc), Some(iu)) => Some((inc, iu)),
                    _ => None,
                };
                return match pick {
                    Some((edges, units)) => AtN::Found(edges, units, false, Some(open.max(units))),
                    None => AtN::Stopped(open),
                };
            }
        }
    }
}

/// Allowed pairs outside `lists` that could improve the solve `prices`
/// came from (reduced cost below zero), per senior.
fn improving(model: &Model, all: &Graph, lists: &[Vec<u32>], prices: &Prices) -> Vec<Vec<u32>> {
    (0..all.n_seniors())
        .into_par_iter()
        .map(|s| {
            let listed = &lists[s];
            all.edges(s)
                .filter(|&e| listed.binary_search(&(e as u32)).is_err())
                .filter(|&e| {
                    let j = all.junior[e] as usize;
                    prices.reduced(s, j, all.units[e], model.mask(s, j)) < 0
                })
                .map(|e| e as u32)
                .collect()
        })
        .collect()
}

/// Allowed pairs whose reduced cost under `prices` is at most `slack`:
/// every pair a pairing within `slack` of the bound can use.
fn within(model: &Model, all: &Graph, prices: &Prices, slack: i128) -> Vec<Vec<u32>> {
    (0..all.n_seniors())
        .into_par_iter()
        .map(|s| {
            all.edges(s)
                .filter(|&e| {
                    let j = all.junior[e] as usize;
                    prices.reduced(s, j, all.units[e], model.mask(s, j)) <= slack
                })
                .map(|e| e as u32)
                .collect()
        })
        .collect()
}

/// Solves the pairing with quotas over every allowed pair. `graph` holds
/// the candidate pairs the search starts from, `most` the most pairs any
/// pairing can have and `best_without` the units of the best pairing
/// without quotas (for `objective`), which no pairing with them can beat;
/// `deadline` stops it with the best pairing found.
pub fn solve(
    scorer: &Scorer,
    objective: Objective,
    graph: &Graph,
    most: usize,
    best_without: i128,
    deadline: Option<Instant>,
    progress: Option<&Progress>,
) -> Result<QuotaPairing> {
    let every = vec![true; scorer.rules.quotas.len()];
    let model = Model::new(scorer, &every)?;
    let possible = model.possible(most);
    // Rules that arithmetic alone rules out are said before any search.
    // With locked pairs, no free pair (n = 0) is the locked pairs alone: a
    // pairing, which the search below returns when nothing larger holds.
    let only_locks = possible.contains(&0) && !scorer.rules.locked.is_empty();
    if !possible.iter().any(|&n| n > 0) && (most > 0 || possible.is_empty()) && !only_locks {
        return Err(explain(scorer, most, |_| false));
    }
    let all = allowed_graph(scorer);
    let max_units = all.units.iter().copied().map(i64::abs).max().unwrap_or(0);
    let candidate: Vec<Vec<u32>> = (0..all.n_seniors())
        .map(|s| {
            let row = &all.junior[all.edges(s)];
            let offset = all.start[s];
            graph
                .edges(s)
                .filter_map(|e| row.binary_search(&graph.junior[e]).ok())
                .map(|k| (offset + k) as u32)
                .collect()
        })
        .collect();
    let cx = Context {
        all: &all,
        candidate: &candidate,
        max_units,
        limits: Limits {
            deadline,
            max_open: MAX_OPEN,
        },
        progress,
    };
    let mut stats = QuotaStats {
        allowed_pairs: all.n_edges(),
        ..QuotaStats::default()
    };
    // An upper bound on the units of any pairing with at most n pairs:
    // the n best senior slots (each senior's best pairs up to capacity).
    let mut slots: Vec<i64> = Vec::new();
    for s in 0..all.n_seniors() {
        let mut own: Vec<i64> = all.units[all.edges(s)].to_vec();
        own.sort_unstable_by(|a, b| b.cmp(a));
        own.truncate(all.senior_cap[s] as usize);
        slots.extend(own);
    }
    slots.sort_unstable_by(|a, b| b.cmp(a));
    // With the default objective the best pairing without quotas has the
    // most pairs, so it bounds only that number of pairs; with `score` it
    // bounds every number.
    let slot_bound = |n: usize| -> i128 {
        let slots: i128 = slots.iter().take(n).map(|&u| i128::from(u)).sum();
        if objective == Objective::Score || n == most {
            slots.min(best_without)
        } else {
            slots
        }
    };
    // Best so far: (pairs, units, positions in all).
    let mut best: Option<(usize, i128, Vec<u32>)> = None;
    let mut open_bound: Option<(usize, i128)> = None;
    for &n in possible.iter().rev().filter(|&&n| n > 0) {
        if let Some((_, units, _)) = &best {
            if objective == Objective::PairsThenScore || slot_bound(n) <= *units {
                break;
            }
        }
        if deadline.is_some_and(|d| Instant::now() >= d) {
            open_bound = Some((n, slot_bound(n)));
            break;
        }
        stats.pair_counts += 1;
        match search_n(&model, &cx, n, &mut stats) {
            AtN::Infeasible => {}
            AtN::Stopped(bound) => {
                open_bound = Some((n, bound));
                break;
            }
            AtN::Found(edges, units, proven, bound) => {
                if best
                    .as_ref()
                    .is_none_or(|b| units > b.1 || objective == Objective::PairsThenScore)
                {
                    best = Some((n, units, edges));
                }
                if !proven {
                    open_bound = Some((n, bound.unwrap_or(units)));
                    break;
                }
            }
        }
    }
    let Some((_, units, edges)) = best else {
        if open_bound.is_none() && !possible.contains(&0) {
            return Err(explain(scorer, most, |active| {
                feasible_with(scorer, active, &cx, most)
            }));
        }
        // Only the locked pairs (or none) meet the quotas.
        if open_bound.is_none() && scorer.rules.locked.is_empty() && most > 0 {
            return Err(explain(scorer, most, |active| {
                feasible_with(scorer, active, &cx, most)
            }));
        }
        return Ok(QuotaPairing {
            pairs: Vec::new(),
            units: 0,
            proven: open_bound.is_none(),
            bound: open_bound,
            stats,
        });
    };
    let mut pairs: Vec<(usize, usize)> = edges
        .iter()
        .map(|&e| (all.senior_of(e as usize), all.junior[e as usize] as usize))
        .collect();
    pairs.sort_unstable();
    Ok(QuotaPairing {
        pairs,
        units,
        proven: open_bound.is_none(),
        bound: open_bound,
        stats,
    })
}

/// Whether some non-empty pairing meets the quotas with `active[q]` set.
fn feasible_with(scorer: &Scorer, active: &[bool], cx: &Context, most: usize) -> bool {
    let Ok(model) = Model::new(scorer, active) else {
        return true;
    };
    let mut stats = QuotaStats::default();
    model
        .possible(most)
        .into_iter()
        .rev()
        .filter(|&n| n > 0)
        .any(|n| !matches!(search_n(&model, cx, n, &mut stats), AtN::Infeasible))
}
