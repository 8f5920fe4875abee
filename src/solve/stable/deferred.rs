//! A stable pairing at any size: deferred acceptance (Gale and Shapley),
//! seniors proposing, with capacities on both sides. Each person's ties
//! (everyone they did not list) are broken by the pair's score, then by
//! roster order, so the orders are strict; a pairing stable for the strict
//! orders has no blocking pair by stated preference either (a blocking pair
//! by stated preference prefers strictly, so it would block the strict
//! orders too). `--stable` falls back on it when its integer program stops
//! at the time limit before finding a pairing, so it always answers.

use std::collections::BTreeSet;

use super::key;
use crate::scoring::Scorer;
use crate::solve::graph::Graph;

/// The edges of `graph` (allowed pairs not locked; capacities left once the
/// locked pairs are counted) that senior-proposing deferred acceptance
/// pairs, in edge order.
pub fn deferred_acceptance(scorer: &Scorer, graph: &Graph) -> Vec<usize> {
    let prefs = &scorer.preferences;
    let n_s = graph.n_seniors();
    let mut senior_of = vec![0usize; graph.n_edges()];
    for (s, e) in graph.seniors_and_edges() {
        senior_of[e] = s;
    }
    // Each senior's edges, most wanted first: stated rank, then score,
    // then the junior's place in the roster.
    let lists: Vec<Vec<usize>> = (0..n_s)
        .map(|s| {
            let mut list: Vec<usize> = graph.edges(s).collect();
            list.sort_by_key(|&e| {
                let j = graph.junior[e] as usize;
                (key(prefs.senior_rank(s, j)), -graph.units[e], j)
            });
            list
        })
        .collect();
    // What a junior holds, worst last: stated rank, then score, then the
    // senior's place in the roster.
    let junior_key = |e: usize| {
        let (s, j) = (senior_of[e], graph.junior[e] as usize);
        (key(prefs.junior_rank(j, s)), -graph.units[e], s, e)
    };
    let mut held: Vec<BTreeSet<(u32, i64, usize, usize)>> =
        vec![BTreeSet::new(); graph.n_juniors()];
    let mut next = vec![0usize; n_s];
    let mut holding = vec![0u32; n_s];
    let mut waiting: Vec<usize> = (0..n_s).rev().collect();
    while let Some(s) = waiting.pop() {
        while holding[s] < graph.senior_cap[s] && next[s] < lists[s].len() {
            let e = lists[s][next[s]];
            next[s] += 1;
            let j = graph.junior[e] as usize;
            if graph.junior_cap[j] == 0 {
                continue;
            }
            held[j].insert(junior_key(e));
            holding[s] += 1;
            if held[j].len() > graph.junior_cap[j] as usize {
                let worst = held[j]
                    .pop_last()
                    .expect("a junior over capacity holds someone");
                let rejected = senior_of[worst.3];
                holding[rejected] -= 1;
                if rejected != s {
                    waiting.push(rejected);
                }
            }
        }
    }
    let mut edges: Vec<usize> = held.iter().flatten().map(|k| k.3).collect();
    edges.sort_unstable();
    edges
}
