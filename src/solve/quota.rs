//! Quotas (`--max-same`, `--fair`) as side constraints of the integer
//! program, and, when they cannot all hold, which of them conflict and by
//! how much, in the coordinator's terms.

use std::collections::BTreeMap;

use super::graph::Graph;
use super::lp::{self, SideRow};
use crate::error::Error;
use crate::rules::{Quota, QuotaRule, Rules};
use crate::scoring::Scorer;

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

/// Whether paired `edges` meet every row.
pub fn satisfied(rows: &[SideRow], edges: &[usize]) -> bool {
    let mut paired = std::collections::HashSet::new();
    paired.extend(edges.iter().copied());
    rows.iter().all(|row| {
        let sum: f64 = row
            .coef
            .iter()
            .filter(|(e, _)| paired.contains(e))
            .map(|(_, c)| c)
            .sum();
        row.upper.is_none_or(|u| sum <= u + 1e-9) && row.lower.is_none_or(|l| sum >= l - 1e-9)
    })
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

/// Finds a smallest set of quota flags that cannot hold together (with the
/// locked pairs), and says what each needs.
pub fn explain_infeasible(scorer: &Scorer, graph: &Graph, rows: &[SideRow]) -> Error {
    // The rules (one per `--max-same`/`--fair` flag) behind the rows.
    let mut flags: Vec<&QuotaRule> = rows.iter().map(|r| &r.rule).collect();
    flags.dedup();
    let with = |keep: &[&QuotaRule]| -> Vec<SideRow> {
        rows.iter()
            .filter(|r| keep.contains(&&r.rule))
            .cloned()
            .collect()
    };
    // Deletion filter: drop each flag whose removal keeps it infeasible.
    let mut conflict: Vec<&QuotaRule> = flags.clone();
    for flag in &flags {
        let trial: Vec<&QuotaRule> = conflict.iter().copied().filter(|f| f != flag).collect();
        if !lp::feasible(graph, &with(&trial), 0.0).unwrap_or(true) {
            conflict = trial;
        }
    }
    let locked = scorer.rules.locked.len();
    let mut details = Vec::new();
    let mut needs: BTreeMap<String, String> = BTreeMap::new();
    for quota in &scorer.rules.quotas {
        if !conflict.contains(&&quota.rule) {
            continue;
        }
        let (_, locked_in) = locked_counts(scorer, quota);
        let share = if locked > 0 {
            locked_in / locked as f64
        } else {
            0.0
        };
        let need = if locked == 0 {
            continue;
        } else if share > quota.max_share {
            format!(
                "{} of the {locked} locked pairs are in its group ({:.0}%, above the {:.0}% allowed), and not enough other pairs can be made to bring the share down",
                locked_in,
                100.0 * share,
                100.0 * quota.max_share
            )
        } else if share < quota.min_share {
            format!(
                "{} of the {locked} locked pairs are in its group ({:.0}%, below the {:.0}% required), and not enough such pairs can be made to bring the share up",
                locked_in,
                100.0 * share,
                100.0 * quota.min_share
            )
        } else {
            continue;
        };
        needs.entry(quota.label.clone()).or_insert(need);
    }
    for (label, need) in needs {
        details.push(format!("{label}: {need}"));
    }
    let head = if conflict.len() == 1 {
        format!("the rule {} cannot hold with the locked pairs", conflict[0])
    } else {
        format!(
            "the rules {} cannot all hold together with the locked pairs",
            conflict
                .iter()
                .map(|rule| rule.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )
    };
    Error::Infeasible(format!(
        "{head}; {}. Unlock some pairs or relax the rule",
        details.join("; ")
    ))
}
