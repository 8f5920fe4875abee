//! Why no pairing meets the quotas, in the coordinator's words.

use super::model::{count_bounds, Model, SHARE_SLACK};
use crate::error::Error;
use crate::rules::{QuotaFlag, QuotaKind, Rules};
use crate::scoring::Scorer;

/// The flags behind the quotas: (as the coordinator wrote it, quota
/// indices), in order. A `--fair` flag makes one quota per value.
pub(super) fn flags(scorer: &Scorer) -> Vec<(String, Vec<usize>)> {
    let mut flags: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, q) in scorer.rules.quotas.iter().enumerate() {
        let name = q.rule.to_string();
        match flags.iter_mut().find(|f| f.0 == name) {
            Some(f) => f.1.push(i),
            None => flags.push((name, vec![i])),
        }
    }
    flags
}

/// Each `--fair` group's share of the junior pool (juniors taking part).
fn pool_shares(scorer: &Scorer, quotas: &[usize]) -> Vec<f64> {
    let roster = scorer.roster;
    let pool: Vec<&crate::roster::Person> =
        roster.juniors().iter().filter(|p| p.capacity > 0).collect();
    quotas
        .iter()
        .map(|&q| match scorer.rules.quotas[q].kind {
            QuotaKind::JuniorValue { column, value } => {
                let n = pool
                    .iter()
                    .filter(|p| p.rule_attributes[column] == value)
                    .count();
                n as f64 / pool.len().max(1) as f64
            }
            QuotaKind::Same { .. } => 0.0,
        })
        .collect()
}

/// Whether shares within `tolerance` of `pool` can be met by some number
/// of pairs from 1 to `most` (locked pairs aside), by arithmetic alone.
fn shares_possible(pool: &[f64], tolerance: f64, most: usize) -> bool {
    (1..=most).any(|n| {
        let n_f = n as f64;
        let (mut lo_sum, mut hi_sum) = (0i64, 0i64);
        for &p in pool {
            let lo = (((p - tolerance).max(0.0)) * n_f - SHARE_SLACK).ceil() as i64;
            let hi = (((p + tolerance).min(1.0)) * n_f + SHARE_SLACK).floor() as i64;
            if lo > hi {
                return false;
            }
            lo_sum += lo.max(0);
            hi_sum += hi;
        }
        lo_sum <= n as i64 && n as i64 <= hi_sum
    })
}

/// Why no pairing meets the quotas, in the coordinator's words: the rules
/// that conflict (each alone when arithmetic rules it out, else a smallest
/// set found by dropping rules while `feasible` says the rest still
/// conflict), what the locked pairs do to each, and what to change.
pub(super) fn explain(
    scorer: &Scorer,
    most: usize,
    mut feasible: impl FnMut(&[bool]) -> bool,
) -> Error {
    let rules = &scorer.rules;
    let n_q = rules.quotas.len();
    let flags = flags(scorer);
    let only = |members: &[usize]| -> Vec<bool> {
        let mut active = vec![false; n_q];
        for &q in members {
            active[q] = true;
        }
        active
    };
    let alone_impossible = |members: &[usize]| -> bool {
        Model::new(scorer, &only(members))
            .map(|m| !m.possible(most).iter().any(|&n| n > 0))
            .unwrap_or(false)
    };
    let mut conflict: Vec<usize> = (0..flags.len())
        .filter(|&f| alone_impossible(&flags[f].1))
        .take(1)
        .collect();
    let by_arithmetic = !conflict.is_empty();
    if conflict.is_empty() {
        // Deletion filter: drop each rule whose removal keeps the conflict.
        conflict = (0..flags.len()).collect();
        for f in 0..flags.len() {
            let trial: Vec<usize> = conflict.iter().copied().filter(|&g| g != f).collect();
            let members: Vec<usize> = trial.iter().flat_map(|&g| flags[g].1.clone()).collect();
            if !trial.is_empty() && !feasible(&only(&members)) {
                conflict = trial;
            }
        }
    }
    let locked = rules.locked.len();
    let mut details = Vec::new();
    for &f in &conflict {
        for &q in &flags[f].1 {
            let quota = &rules.quotas[q];
            let locked_in = rules
                .locked
                .iter()
                .filter(|&&(s, j)| Rules::member(scorer.roster, quota, s, j))
                .count();
            if locked == 0 {
                continue;
            }
            let share = locked_in as f64 / locked as f64;
            let (lo, hi) = count_bounds(quota, locked);
            let private = scorer.roster.is_private(&quota.rule.attribute);
            if private && ((locked_in as i64) > hi || (locked_in as i64) < lo) {
                // How many locked pairs share a private value is not told.
                details.push(format!(
                    "{}: the locked pairs put its share out of reach (how many are in its group is not shown, as the attribute is private)",
                    quota.label
                ));
            } else if (locked_in as i64) > hi {
                details.push(format!(
                    "{}: {locked_in} of the {locked} locked pairs are in its group ({:.0}%, above the {:.0}% allowed), and not enough other pairs can be made to bring the share down",
                    quota.label,
                    100.0 * share,
                    100.0 * quota.max_share
                ));
            } else if (locked_in as i64) < lo {
                details.push(format!(
                    "{}: {locked_in} of the {locked} locked pairs are in its group ({:.0}%, below the {:.0}% required), and not enough such pairs can be made to bring the share up",
                    quota.label,
                    100.0 * share,
                    100.0 * quota.min_share
                ));
            }
        }
        let first = &rules.quotas[flags[f].1[0]];
        if details.is_empty() && by_arithmetic && first.rule.flag == QuotaFlag::Fair {
            // Shares no number of pairs can meet.
            let members = &flags[f].1;
            let pool = pool_shares(scorer, members);
            let private = scorer.roster.is_private(&first.rule.attribute);
            let mut groups: Vec<String> = members
                .iter()
                .zip(&pool)
                .enumerate()
                .map(|(k, (&q, p))| {
                    // A private attribute's values are never named.
                    let group = match (&rules.quotas[q].kind, private) {
                        (_, true) => format!("private group {}", k + 1),
                        (QuotaKind::JuniorValue { value: None, .. }, _) => "(blank)".into(),
                        (QuotaKind::JuniorValue { value: Some(v), .. }, _) => {
                            scorer.roster.text_in(&first.rule.attribute, *v).to_string()
                        }
                        (QuotaKind::Same { .. }, _) => String::new(),
                    };
                    format!("{group} {:.1}%", 100.0 * p)
                })
                .collect();
            if private {
                groups.sort();
            }
            let tolerance = first.rule.value;
            let how = if tolerance == 0.0 {
                "exactly at".to_string()
            } else {
                format!("within {tolerance} of")
            };
            let larger = [0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5]
                .into_iter()
                .find(|&t| t > tolerance && shares_possible(&pool, t, most));
            details.push(format!(
                "it needs each {}'s share of the pairs {how} its share of the junior pool ({}), and no number of pairs from 1 to {most} gives those{}",
                first.rule.attribute,
                groups.join(", "),
                larger.map_or(String::new(), |t| format!(
                    "; with a tolerance of {t} some do (--fair {}={t})",
                    first.rule.attribute
                ))
            ));
        }
    }
    let names: Vec<&str> = conflict.iter().map(|&f| flags[f].0.as_str()).collect();
    let with_locks = if locked > 0 {
        " with the locked pairs"
    } else {
        ""
    };
    let head = if names.len() == 1 {
        format!("the rule {} cannot hold{with_locks}", names[0])
    } else {
        format!(
            "the rules {} cannot all hold together{with_locks}",
            names.join(", ")
        )
    };
    let advice = if locked > 0 {
        "Unlock some pairs (--lock, --locks, or the pairs --continue keeps: end some in the last pairs file) or relax the rule"
    } else if names.iter().any(|n| n.starts_with("--fair")) {
        "Allow a larger tolerance or relax the rule"
    } else {
        "Relax the rule"
    };
    let details = if details.is_empty() {
        format!(
            "no pairing of 1 to {most} pairs meets {}",
            if names.len() == 1 { "it" } else { "them all" }
        )
    } else {
        details.join("; ")
    };
    Error::Infeasible(format!("{head}; {details}. {advice}"))
}
