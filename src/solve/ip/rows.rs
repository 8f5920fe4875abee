//! Quotas (`--max-same`, `--fair`) as side constraints of the integer
//! program: `min_share * n <= |group| <= max_share * n` with `n` the number
//! of pairs, and a pairing thinned until it meets them.

use super::lp::SideRow;
use crate::rules::{Quota, Rules};
use crate::scoring::Scorer;
use crate::solve::graph::Graph;

/// Locked pairs, and how many of them are in the quota's group.
fn locked_counts(scorer: &Scorer, quota: &Quota) -> (f64, f64) {
    let locked = &scorer.rules.locked;
    let in_group = locked
        .iter()
        .filter(|&&(s, j)| Rules::member(scorer.roster, quota, s, j))
        .count();
    (locked.len() as f64, in_group as f64)
}

/// The side rows for every quota: with G the pairs in the group, n all
/// pairs (locked ones included), min_share * n <= |G| <= max_share * n.
pub fn rows(scorer: &Scorer, graph: &Graph) -> Vec<SideRow> {
    let roster = scorer.roster;
    let mut rows = Vec::new();
    for quota in &scorer.rules.quotas {
        let member: Vec<bool> = graph
            .seniors_and_edges()
            .map(|(s, e)| Rules::member(roster, quota, s, graph.junior[e] as usize))
            .collect();
        let (locked, locked_in) = locked_counts(scorer, quota);
        let row = |share: f64| -> Vec<(usize, f64)> {
            member
                .iter()
                .enumerate()
                .map(|(e, &m)| (e, f64::from(u8::from(m)) - share))
                .filter(|(_, c)| *c != 0.0)
                .collect()
        };
        if quota.max_share < 1.0 {
            rows.push(SideRow {
                label: quota.label.clone(),
                rule: quota.rule.clone(),
                coef: row(quota.max_share),
                lower: None,
                upper: Some(quota.max_share * locked - locked_in),
            });
        }
        if quota.min_share > 0.0 {
            rows.push(SideRow {
                label: quota.label.clone(),
                rule: quota.rule.clone(),
                coef: row(quota.min_share),
                lower: Some(quota.min_share * locked - locked_in),
                upper: None,
            });
        }
    }
    rows
}

/// A feasible fallback: drops pairs from `edges`, lowest score first, each
/// time one that a violated row needs gone, until every row holds. None if
/// even dropping every such pair does not make the rows hold.
pub fn thin_to_fit(rows: &[SideRow], graph: &Graph, edges: &[usize]) -> Option<Vec<usize>> {
    // Each row's coefficients by edge, looked up directly.
    let dense: Vec<Vec<f64>> = rows
        .iter()
        .map(|row| {
            let mut coef = vec![0.0; graph.n_edges()];
            for &(e, c) in &row.coef {
                coef[e] = c;
            }
            coef
        })
        .collect();
    let mut kept: Vec<usize> = edges.to_vec();
    // Lowest score first, ties by edge id, so the result is deterministic.
    kept.sort_by_key(|&e| (graph.units[e], e));
    loop {
        let violated = rows.iter().zip(&dense).find_map(|(row, coef)| {
            let sum: f64 = kept.iter().map(|&e| coef[e]).sum();
            if row.upper.is_some_and(|u| sum > u + 1e-9) {
                Some((coef, true))
            } else if row.lower.is_some_and(|l| sum < l - 1e-9) {
                Some((coef, false))
            } else {
                None
            }
        });
        let Some((coef, too_high)) = violated else {
            kept.sort_unstable();
            return Some(kept);
        };
        // Too high: drop a pair that adds to the sum; too low: one that takes from it.
        let at = kept.iter().position(|&e| {
            if too_high {
                coef[e] > 0.0
            } else {
                coef[e] < 0.0
            }
        })?;
        kept.remove(at);
    }
}
