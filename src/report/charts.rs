//! The report's charts: what each one counts, as rows and columns that
//! [`super::draw`] turns into inline SVG.

use super::draw::{bar_chart, Bar, BarRow, Column};
use super::html::percent;
use crate::outcome::SeniorGoals;
use crate::roster::Person;
use crate::scoring::Scorer;
use crate::solve::Solution;

/// Bins of the score distribution.
pub const SCORE_BINS: usize = 10;

/// Above this many seniors with goals, goal coverage is shown as a
/// distribution instead of one bar per senior.
pub const PER_SENIOR_MAX: usize = 40;

/// Pairs by score, in [`SCORE_BINS`] equal bins from 0 to `max` (the best
/// possible score, the sum of the weights). Scores are the rounded ones
/// every output shows, binned in integer units so edges are exact.
pub fn score_columns(scores: &[f64], max: f64) -> Vec<Column> {
    let units = |x: f64| (x * 1e4).round().max(0.0) as u64;
    let max_units = units(max).max(1);
    let mut counts = [0usize; SCORE_BINS];
    for &score in scores {
        let bin = (units(score) * SCORE_BINS as u64 / max_units).min(SCORE_BINS as u64 - 1);
        counts[bin as usize] += 1;
    }
    let edge = |k: usize| short_number(max * k as f64 / SCORE_BINS as f64);
    counts
        .iter()
        .enumerate()
        .map(|(k, &count)| {
            let (low, high) = (edge(k), edge(k + 1));
            let closing = if k + 1 == SCORE_BINS { "]" } else { ")" };
            Column {
                label: low.clone(),
                count,
                title: format!(
                    "score [{low}, {high}{closing}: {count} pair{}",
                    plural(count)
                ),
            }
        })
        .collect()
}

/// `0.1`, `0.25`, `1.0`: two decimals at most, one at least.
pub fn short_number(x: f64) -> String {
    let mut text = format!("{x:.2}");
    if text.ends_with('0') {
        text.pop();
    }
    text
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

fn who(id: &str, name: &str) -> String {
    if id == name {
        id.to_string()
    } else {
        format!("{id} {name}")
    }
}

/// Goal coverage rows: one per senior (best covered first) up to
/// [`PER_SENIOR_MAX`] seniors, else how many seniors have all, half or
/// more, under half, or none of their goals covered.
pub fn coverage_rows(goals: &[SeniorGoals]) -> Vec<BarRow> {
    if goals.len() <= PER_SENIOR_MAX {
        let mut sorted: Vec<&SeniorGoals> = goals.iter().collect();
        // covered/goals descending, exactly (cross-multiplied), then by id.
        sorted.sort_by(|a, b| {
            (b.covered * a.goals)
                .cmp(&(a.covered * b.goals))
                .then(a.id.cmp(&b.id))
        });
        return sorted
            .into_iter()
            .map(|g| {
                let name = who(&g.id, &g.name);
                BarRow {
                    bars: vec![Bar {
                        share: g.covered as f64 / g.goals as f64,
                        text: format!("{} of {}", g.covered, g.goals),
                        title: format!(
                            "{name}: {} of {} goal{} covered",
                            g.covered,
                            g.goals,
                            plural(g.goals)
                        ),
                    }],
                    label: name,
                }
            })
            .collect();
    }
    let mut counts = [0usize; 4];
    for g in goals {
        let bucket = if g.covered == g.goals {
            0
        } else if 2 * g.covered >= g.goals {
            1
        } else if g.covered > 0 {
            2
        } else {
            3
        };
        counts[bucket] += 1;
    }
    let total = goals.len();
    [
        "all goals covered",
        "half or more",
        "under half",
        "none covered",
    ]
    .iter()
    .zip(counts)
    .map(|(label, n)| {
        let share = n as f64 / total as f64;
        BarRow {
            label: label.to_string(),
            bars: vec![Bar {
                share,
                text: format!("{n} ({})", percent(share)),
                title: format!("{label}: {n} of {total} seniors"),
            }],
        }
    })
    .collect()
}

/// Pairs that differ on one diversity attribute, among those where both
/// people filled it in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mix {
    pub attribute: String,
    pub differ: usize,
    pub compared: usize,
}

/// The diversity mix of the pairs, for each public diversity attribute of
/// the roster that at least one pair has filled in on both sides. Private
/// attributes are left out: a share of pairs that cross one says, when it
/// is 0 or 100%, whether every named pair shares its value.
pub fn diversity_mix(scorer: &Scorer, solution: &Solution) -> Vec<Mix> {
    let roster = scorer.roster;
    roster
        .diversity
        .iter()
        .enumerate()
        .filter(|&(a, _)| !roster.private[a])
        .map(|(a, attribute)| {
            let (mut differ, mut compared) = (0, 0);
            for p in &solution.pairs {
                let s = roster.senior(p.senior).attributes[a];
                let j = roster.junior(p.junior).attributes[a];
                if let (Some(s), Some(j)) = (s, j) {
                    compared += 1;
                    differ += usize::from(s != j);
                }
            }
            Mix {
                attribute: attribute.clone(),
                differ,
                compared,
            }
        })
        .filter(|m| m.compared > 0)
        .collect()
}

pub fn mix_rows(mix: &[Mix]) -> Vec<BarRow> {
    mix.iter()
        .map(|m| {
            let share = m.differ as f64 / m.compared as f64;
            BarRow {
                label: format!("cross-{}", m.attribute),
                bars: vec![Bar {
                    share,
                    text: format!("{} of {} ({:.0}%)", m.differ, m.compared, 100.0 * share),
                    title: format!(
                        "{} of {} pairs join people of a different {}",
                        m.differ, m.compared, m.attribute
                    ),
                }],
            }
        })
        .collect()
}

/// One value of an attribute: how many pairs have a junior with it, and
/// how many juniors of the pool have it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Share {
    pub value: String,
    /// Pairs whose junior has the value (a junior in two pairs counts twice,
    /// as in the `--fair` quota).
    pub chosen: usize,
    /// Juniors taking part who have the value.
    pub pool: usize,
}

/// The shares of each value of `attribute` among the pairs' juniors and
/// among all juniors taking part, most common in the pool first. `None`
/// unless the attribute is one the coordinator named: a `--fair` (rule)
/// attribute or a diversity attribute. Only these shares are shown, never
/// a person's value.
pub fn fair_shares(scorer: &Scorer, solution: &Solution, attribute: &str) -> Option<Vec<Share>> {
    let roster = scorer.roster;
    let name = attribute.trim().to_lowercase();
    let (rule, a) = match roster.rule_attribute_names.iter().position(|n| *n == name) {
        Some(a) => (true, a),
        None => (false, roster.diversity.iter().position(|n| *n == name)?),
    };
    let value_of = |p: &Person| {
        if rule {
            p.rule_attributes[a]
        } else {
            p.attributes[a]
        }
    };
    // A private attribute's values are never shown: its groups are told
    // apart by id here and renamed by pool size below.
    let private = roster.is_private(&name);
    let text = |v: Option<u32>| match v {
        None => "(blank)".to_string(),
        Some(v) if private => format!("\u{0}{v:010}"),
        Some(v) => roster.text_in(&name, v).to_string(),
    };
    let mut shares: Vec<Share> = Vec::new();
    let mut add = |value: String, chosen: usize, pool: usize| match shares
        .iter_mut()
        .find(|s| s.value == value)
    {
        Some(share) => {
            share.chosen += chosen;
            share.pool += pool;
        }
        None => shares.push(Share {
            value,
            chosen,
            pool,
        }),
    };
    for junior in roster.juniors().iter().filter(|p| p.capacity > 0) {
        add(text(value_of(junior)), 0, 1);
    }
    for p in &solution.pairs {
        add(text(value_of(roster.junior(p.junior))), 1, 0);
    }
    shares.sort_by(|x, y| {
        y.pool
            .cmp(&x.pool)
            .then(if private {
                y.chosen.cmp(&x.chosen)
            } else {
                std::cmp::Ordering::Equal
            })
            .then(x.value.cmp(&y.value))
    });
    if private {
        // A group that holds every junior of the pairs (or of the pool)
        // would tell that each two of them share the value: no chart then.
        let chosen: usize = shares.iter().map(|s| s.chosen).sum();
        let pool: usize = shares.iter().map(|s| s.pool).sum();
        let telling = shares
            .iter()
            .filter(|s| s.value != "(blank)")
            .any(|s| (s.chosen == chosen && chosen > 0) || s.pool == pool);
        if telling {
            return None;
        }
        let mut group = 0;
        for share in shares.iter_mut().filter(|s| s.value != "(blank)") {
            group += 1;
            share.value = format!("private group {group}");
        }
    }
    Some(shares)
}

/// The `--fair` chart: each value's share among the pairs' juniors against
/// its share of the junior pool, as an SVG. `None` when no attribute is
/// given or the roster has no such attribute loaded.
pub fn fair_chart(scorer: &Scorer, solution: &Solution, attribute: Option<&str>) -> Option<String> {
    let shares = fair_shares(scorer, solution, attribute?)?;
    let chosen: usize = shares.iter().map(|s| s.chosen).sum();
    let pool: usize = shares.iter().map(|s| s.pool).sum();
    let ratio = |n: usize, of: usize| if of == 0 { 0.0 } else { n as f64 / of as f64 };
    let rows: Vec<BarRow> = shares
        .iter()
        .map(|s| {
            let (c, p) = (ratio(s.chosen, chosen), ratio(s.pool, pool));
            BarRow {
                label: s.value.clone(),
                bars: vec![
                    Bar {
                        share: c,
                        text: percent(c),
                        title: format!("{}: {} of {chosen} pairs", s.value, s.chosen),
                    },
                    Bar {
                        share: p,
                        text: percent(p),
                        title: format!("{}: {} of {pool} juniors taking part", s.value, s.pool),
                    },
                ],
            }
        })
        .collect();
    Some(bar_chart(
        &rows,
        &[
            &format!("juniors in the {chosen} pairs"),
            &format!("all {pool} juniors taking part"),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_fall_in_ten_equal_bins_with_exact_edges() {
        let columns = score_columns(&[0.0, 0.0999, 0.1, 0.7, 0.6999, 1.0, 0.95], 1.0);
        let counts: Vec<usize> = columns.iter().map(|c| c.count).collect();
        assert_eq!(counts, [2, 1, 0, 0, 0, 0, 1, 1, 0, 2]);
        assert_eq!(columns[0].label, "0.0");
        assert_eq!(columns[7].title, "score [0.7, 0.8): 1 pair");
        assert_eq!(columns[9].title, "score [0.9, 1.0]: 2 pairs");
        // Weights that sum to 2: the bins run to 2.
        let wide = score_columns(&[1.5], 2.0);
        assert_eq!(wide[7].count, 1);
        assert_eq!(wide[1].label, "0.2");
    }

    #[test]
    fn coverage_is_per_senior_up_to_the_limit_then_a_distribution() {
        let senior = |i: usize, covered: usize, goals: usize| SeniorGoals {
            id: format!("S{i:03}"),
            name: format!("Senior {i}"),
            covered,
            goals,
        };
        let few = [senior(1, 1, 2), senior(2, 2, 2), senior(3, 0, 1)];
        let rows = coverage_rows(&few);
        let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
        assert_eq!(labels, ["S002 Senior 2", "S001 Senior 1", "S003 Senior 3"]);
        assert_eq!(rows[1].bars[0].text, "1 of 2");

        let many: Vec<SeniorGoals> = (0..=PER_SENIOR_MAX).map(|i| senior(i, i % 3, 2)).collect();
        let rows = coverage_rows(&many);
        assert_eq!(rows.len(), 4);
        let counts: Vec<&str> = rows.iter().map(|r| r.bars[0].text.as_str()).collect();
        // 41 seniors: i % 3 = 2 (all), 1 (half), 0 (none).
        assert_eq!(
            counts,
            ["13 (31.7%)", "14 (34.1%)", "0 (0.0%)", "14 (34.1%)"]
        );
    }
}
