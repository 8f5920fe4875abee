//! The quotas as the search sees them: which quotas are junior groups of
//! the flow network and which are count rows, how many pairs of each group
//! a pairing of `n` pairs must and may have, and every allowed pair as one
//! graph.

use rayon::prelude::*;

use super::network::GroupBound;
use super::search::{self, Problem, RowBound};
use crate::error::{Error, Result};
use crate::rules::{Quota, QuotaKind, Rules};
use crate::scoring::Scorer;
use crate::solve::graph::{Graph, RowsPart};

/// Tolerance, in pairs, when a share times the number of pairs is compared
/// with a count (as the integer program and the tests state it).
pub(super) const SHARE_SLACK: f64 = 1e-7;

/// How many pairs of a quota's group a pairing with `total` pairs (locked
/// ones included) must and may have.
pub fn count_bounds(quota: &Quota, total: usize) -> (i64, i64) {
    let n = total as f64;
    let hi = if quota.max_share >= 1.0 {
        total as i64
    } else {
        (quota.max_share * n + SHARE_SLACK).floor() as i64
    };
    let lo = if quota.min_share <= 0.0 {
        0
    } else {
        (quota.min_share * n - SHARE_SLACK).ceil() as i64
    };
    (lo, hi)
}

/// Whether `pairs` (locked ones aside) meet every quota.
pub fn meets(scorer: &Scorer, pairs: &[(usize, usize)]) -> bool {
    let rules = &scorer.rules;
    let total = pairs.len() + rules.locked.len();
    rules.quotas.iter().all(|q| {
        let count = pairs
            .iter()
            .chain(&rules.locked)
            .filter(|&&(s, j)| Rules::member(scorer.roster, q, s, j))
            .count() as i64;
        let (lo, hi) = count_bounds(q, total);
        lo <= count && count <= hi
    })
}

/// How the quotas map onto the network and the rows.
pub(super) struct Model<'s> {
    pub(super) scorer: &'s Scorer<'s>,
    /// Quota index per network group (None: juniors no quota names).
    pub(super) group_quota: Vec<Option<usize>>,
    pub(super) group_of: Vec<u32>,
    /// Quota index per relaxed row.
    pub(super) row_quota: Vec<usize>,
    /// The `--fair` attributes counted by rows, each with its quotas (their
    /// groups partition the pairs, so their counts add up to the pairs).
    pub(super) row_partitions: Vec<Vec<usize>>,
    pub(super) locked_in: Vec<i64>,
    /// Each junior's rows of `--fair` groups (bit r for row r).
    junior_rows: Vec<u64>,
    /// Per `--max-same` row: the row's bit and each senior's and junior's
    /// value of its attribute ([`NO_VALUE`] when blank), so a pair's
    /// membership is one comparison instead of a walk through the roster.
    same_rows: Vec<SameRow>,
}

/// A blank value in [`SameRow`]: never the same as anyone's.
const NO_VALUE: u32 = u32::MAX;

struct SameRow {
    bit: u64,
    senior: Vec<u32>,
    junior: Vec<u32>,
}

impl<'s> Model<'s> {
    /// The model of the quotas with `active[q]` set.
    pub(super) fn new(scorer: &'s Scorer<'s>, active: &[bool]) -> Result<Self> {
        let rules = &scorer.rules;
        let roster = scorer.roster;
        let quotas = || rules.quotas.iter().enumerate().filter(|(i, _)| active[*i]);
        let network_column = quotas().find_map(|(_, q)| match q.kind {
            QuotaKind::JuniorValue { column, .. } => Some(column),
            QuotaKind::Same { .. } => None,
        });
        let mut group_quota: Vec<Option<usize>> = Vec::new();
        let mut row_quota = Vec::new();
        let mut partitions: std::collections::BTreeMap<usize, Vec<usize>> = Default::default();
        for (i, q) in quotas() {
            match q.kind {
                QuotaKind::JuniorValue { column, .. } if Some(column) == network_column => {
                    group_quota.push(Some(i));
                }
                QuotaKind::JuniorValue { column, .. } => {
                    partitions.entry(column).or_default().push(i);
                    row_quota.push(i);
                }
                QuotaKind::Same { .. } => row_quota.push(i),
            }
        }
        if row_quota.len() > search::MAX_ROWS {
            return Err(Error::Usage(format!(
                "the quotas make {} groups to count; at most {} are supported: drop a --fair or --max-same rule",
                row_quota.len(),
                search::MAX_ROWS
            )));
        }
        let mut group_of = Vec::new();
        if let Some(column) = network_column {
            let free = group_quota.len() as u32;
            group_of = (0..roster.n_juniors())
                .map(|j| {
                    let value = roster.junior(j).rule_attributes[column];
                    group_quota
                        .iter()
                        .position(|&q| {
                            q.is_some_and(|q| match rules.quotas[q].kind {
                                QuotaKind::JuniorValue { value: v, .. } => v == value,
                                QuotaKind::Same { .. } => false,
                            })
                        })
                        .map_or(free, |g| g as u32)
                })
                .collect();
            if group_of.contains(&free) {
                group_quota.push(None);
            }
        }
        let locked_in = rules
            .quotas
            .iter()
            .map(|q| {
                rules
                    .locked
                    .iter()
                    .filter(|&&(s, j)| Rules::member(roster, q, s, j))
                    .count() as i64
            })
            .collect();
        let row_partitions = partitions
            .into_values()
            .map(|qs| {
                qs.iter()
                    .map(|q| row_quota.iter().position(|r| r == q).unwrap_or(0))
                    .collect()
            })
            .collect();
        let mut junior_rows = vec![0u64; roster.n_juniors()];
        let mut same_rows = Vec::new();
        for (r, &q) in row_quota.iter().enumerate() {
            match rules.quotas[q].kind {
                QuotaKind::JuniorValue { column, value } => {
                    for (j, rows) in junior_rows.iter_mut().enumerate() {
                        if roster.junior(j).rule_attributes[column] == value {
                            *rows |= 1 << r;
                        }
                    }
                }
                QuotaKind::Same { column } => {
                    let values =
                        |p: &crate::roster::Person| p.rule_attributes[column].unwrap_or(NO_VALUE);
                    same_rows.push(SameRow {
                        bit: 1 << r,
                        senior: (0..roster.n_seniors)
                            .map(|s| values(roster.senior(s)))
                            .collect(),
                        junior: (0..roster.n_juniors())
                            .map(|j| values(roster.junior(j)))
                            .collect(),
                    });
                }
            }
        }
        Ok(Model {
            scorer,
            group_quota,
            group_of,
            row_quota,
            row_partitions,
            locked_in,
            junior_rows,
            same_rows,
        })
    }

    /// The rows pair (s, j) counts in (bit r for row r): the same as
    /// [`Rules::member`] for every row's quota.
    pub(super) fn mask(&self, s: usize, j: usize) -> u64 {
        let mut mask = self.junior_rows[j];
        for row in &self.same_rows {
            let value = row.senior[s];
            if value != NO_VALUE && value == row.junior[j] {
                mask |= row.bit;
            }
        }
        mask
    }

    /// The free pairs' bounds with `n` free pairs: per network group and
    /// per row. None when some quota cannot hold at this `n` by arithmetic.
    pub(super) fn bounds(&self, n: usize) -> Option<(Vec<GroupBound>, Vec<RowBound>)> {
        let quotas = &self.scorer.rules.quotas;
        let total = n + self.scorer.rules.locked.len();
        let free = |q: usize| -> Option<(u32, u32)> {
            let (lo, hi) = count_bounds(&quotas[q], total);
            let (lo, hi) = (lo - self.locked_in[q], hi - self.locked_in[q]);
            let (lo, hi) = (lo.max(0), hi.min(n as i64));
            (lo <= hi).then_some((lo as u32, hi as u32))
        };
        // Counts of groups that split every pair must add up to n.
        let adds_up = |bounds: &mut dyn Iterator<Item = (u32, u32)>| {
            let (lo, hi) = bounds.fold((0u64, 0u64), |(a, b), (l, h)| {
                (a + u64::from(l), b + u64::from(h))
            });
            lo <= n as u64 && n as u64 <= hi
        };
        let mut groups = Vec::new();
        for g in &self.group_quota {
            groups.push(match g {
                Some(q) => {
                    let (lo, hi) = free(*q)?;
                    GroupBound { lo, hi }
                }
                None => GroupBound {
                    lo: 0,
                    hi: n as u32,
                },
            });
        }
        if !groups.is_empty() && !adds_up(&mut groups.iter().map(|g| (g.lo, g.hi))) {
            return None;
        }
        let mut rows = Vec::new();
        for &q in &self.row_quota {
            let (lo, hi) = free(q)?;
            rows.push(RowBound { lo, hi });
        }
        for part in &self.row_partitions {
            if !adds_up(&mut part.iter().map(|&r| (rows[r].lo, rows[r].hi))) {
                return None;
            }
        }
        Some((groups, rows))
    }

    /// Whether some number of pairs in `0..=most` passes the arithmetic.
    pub(super) fn possible(&self, most: usize) -> Vec<usize> {
        (0..=most).filter(|&n| self.bounds(n).is_some()).collect()
    }
}

/// Every allowed pair (locked ones and capacity-0 people aside), scored
/// in parallel into one graph.
pub fn allowed_graph(scorer: &Scorer) -> Graph {
    const CHUNK: usize = 128;
    let n_s = scorer.n_seniors();
    // Per chunk of seniors: each one's number of pairs, and the pairs.
    let chunks: Vec<RowsPart> = (0..n_s.div_ceil(CHUNK))
        .into_par_iter()
        .map(|c| {
            let mut scratch = scorer.scratch();
            let mut lens = Vec::with_capacity(CHUNK);
            let mut pairs = Vec::new();
            for s in c * CHUNK..((c + 1) * CHUNK).min(n_s) {
                let from = pairs.len();
                scorer.for_each_allowed(s, &mut scratch, |j, _, units| {
                    pairs.push((j as u32, units));
                });
                pairs[from..].sort_unstable();
                lens.push(pairs.len() - from);
            }
            (lens, pairs)
        })
        .collect();
    Graph::from_parts(
        scorer.senior_left.clone(),
        scorer.junior_left.clone(),
        chunks,
    )
}

/// A set of pairs as a search problem.
pub(super) fn problem_of(
    model: &Model,
    all: &Graph,
    lists: &[Vec<u32>],
    n: usize,
    groups: &[GroupBound],
    rows: &[RowBound],
    max_units: i64,
) -> Problem {
    let n_s = all.n_seniors();
    let mut pb = Problem {
        senior_cap: all.senior_cap.clone(),
        junior_cap: all.junior_cap.clone(),
        start: Vec::with_capacity(n_s + 1),
        group_of: model.group_of.clone(),
        groups: groups.to_vec(),
        rows: rows.to_vec(),
        pairs: n as u32,
        max_units,
        ..Problem::default()
    };
    pb.start.push(0);
    for (s, list) in lists.iter().enumerate() {
        for &e in list {
            let e = e as usize;
            let j = all.junior[e];
            pb.junior.push(j);
            pb.units.push(all.units[e]);
            pb.mask.push(model.mask(s, j as usize));
        }
        pb.start.push(pb.junior.len());
    }
    pb
}

/// Positions (into `all`) of the pairs in `lists`, as problem edge ids.
pub(super) fn edge_ids(lists: &[Vec<u32>]) -> Vec<u32> {
    lists.iter().flatten().copied().collect()
}
