//! `rmatch pair --continue LAST`: mid-cycle drop-outs and late joiners.
//!
//! The pairs of the last run (rmatch's own pairs CSV, its `.tsv` or
//! `--excel` form) are read back. A last pair is kept when both people are
//! still in the roster on the same side, both have a place left for it,
//! and this run's hard rules still allow it; otherwise it ends, with why.
//! Kept pairs become locked pairs, so everyone's remaining places are
//! paired exactly (and certified) around them by the usual solve.
//!
//! When a person's capacity no longer holds all their last pairs, the
//! pairs are kept best score first (ties by senior id, then junior id) and
//! the rest end: deterministic whatever the file's row order.

use std::collections::BTreeMap;

use crate::error::{Diagnostic, Location, Result};
use crate::roster::Roster;
use crate::rules::{read_pairs_file, with_lost_zeros, Rules};
use crate::scoring::{Scorer, Weights};

/// Whether a row of this run continues the last one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Change {
    /// A pair of the last run, kept.
    Kept,
    /// A pair made in this run.
    New,
    /// A pair of the last run that does not go on (not a pair of this run).
    Ended,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::Kept => "kept",
            Change::New => "new",
            Change::Ended => "ended",
        }
    }
}

/// A last pair that ends: the ids as the file gives them (the roster's
/// spelling when the person is still there), their indices when they are
/// still in the roster on that side, and why it ends.
#[derive(Clone, Debug, PartialEq)]
pub struct Ended {
    pub senior_id: String,
    pub junior_id: String,
    pub senior: Option<usize>,
    pub junior: Option<usize>,
    pub line: u64,
    pub reason: String,
}

/// The last run's pairs sorted into kept and ended.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Continuation {
    /// The last pairs file as messages name it (`<stdin>` for `-`).
    pub file: String,
    /// Kept pairs (senior, junior) with their line in the file, sorted.
    pub kept: BTreeMap<(usize, usize), u64>,
    /// Ended pairs, in the file's order.
    pub ended: Vec<Ended>,
    /// The file's name for each id of its pairs, where it gives one (for
    /// people no longer in the roster).
    pub names: BTreeMap<String, String>,
    /// What the file's reader should know: ids that are the roster's
    /// without their leading zeros (a spreadsheet round trip), whose pairs
    /// ended although nobody left.
    pub warnings: Vec<Diagnostic>,
    /// The file's paired rows as read (ids and line), to sort again under
    /// other rules ([`Continuation::under`]) without reading it again.
    rows: Vec<(String, String, u64)>,
}

impl Continuation {
    /// Reads `path` and sorts its pairs against `roster` under `rules`
    /// (this run's rules, with its own `--lock`s: those take their places
    /// first).
    pub fn read(path: &str, roster: &Roster, weights: Weights, rules: &Rules) -> Result<Self> {
        let file = read_pairs_file(path, "the --continue file", roster)?;
        Ok(Continuation::sort(
            &file.source,
            file.paired,
            file.names,
            roster,
            weights,
            rules,
        ))
    }

    /// The same last pairs sorted again under other `rules` (this run's
    /// rules with one more `--lock`, say), as [`Continuation::read`] sorts
    /// them: what `pair --continue` gives with those rules. The file is not
    /// read again (it may have been standard input).
    pub fn under(&self, roster: &Roster, weights: Weights, rules: &Rules) -> Self {
        Continuation::sort(
            &self.file,
            self.rows.clone(),
            self.names.clone(),
            roster,
            weights,
            rules,
        )
    }

    /// Sorts the paired `rows` of the last pairs file `path` into kept and
    /// ended.
    fn sort(
        path: &str,
        rows: Vec<(String, String, u64)>,
        names: BTreeMap<String, String>,
        roster: &Roster,
        weights: Weights,
        rules: &Rules,
    ) -> Self {
        let scorer = Scorer::with_rules(roster, weights, rules.clone());
        let mut continuation = Continuation {
            file: path.to_string(),
            names,
            rows: rows.clone(),
            ..Continuation::default()
        };
        // Places left once this run's own locks are taken.
        let mut left: [Vec<u32>; 2] = [
            roster.seniors().iter().map(|p| p.capacity).collect(),
            roster.juniors().iter().map(|p| p.capacity).collect(),
        ];
        for &(s, j) in &rules.locked {
            left[0][s] = left[0][s].saturating_sub(1);
            left[1][j] = left[1][j].saturating_sub(1);
        }
        // Pairs still allowed, to keep if places allow: (units, s, j, line).
        let mut allowed: Vec<(i64, usize, usize, u64)> = Vec::new();
        let mut seen = std::collections::BTreeSet::new();
        let mut resolved = std::collections::BTreeSet::new();
        // Pairs ended because --history lists them.
        let mut repeats = 0usize;
        // Ids that are the roster's without their leading zeros.
        let mut zeroless: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        for (a, b, line) in rows {
            // A pair written twice is one pair (its first line).
            if !seen.insert((a.clone(), b.clone())) {
                continue;
            }
            let (s, j) = (roster.find_senior(&a), roster.find_junior(&b));
            let own =
                |i: Option<usize>, text: String| i.map_or(text, |i| roster.people[i].id.clone());
            let senior_id = own(s, a.clone());
            let junior_id = own(j.map(|j| j + roster.n_seniors), b.clone());
            let end = |reason: String, s: Option<usize>, j: Option<usize>| Ended {
                senior_id: senior_id.clone(),
                junior_id: junior_id.clone(),
                senior: s,
                junior: j,
                line,
                reason,
            };
            let gone = |id: &str, found: Option<usize>, lost: &mut Vec<String>| -> Option<String> {
                if found.is_some() {
                    None
                } else if roster.find(id).is_some() {
                    Some(if roster.find_junior(id).is_some() {
                        format!("{id} is a junior in this roster, not a senior")
                    } else {
                        format!("{id} is a senior in this roster, not a junior")
                    })
                } else if let Some(own) = with_lost_zeros(roster, id) {
                    lost.push(id.to_string());
                    Some(format!(
                        "{id} is not in the roster, which has {own}: the id lost its leading zeros"
                    ))
                } else {
                    Some(format!("{id} left the roster"))
                }
            };
            let (Some(s), Some(j)) = (s, j) else {
                let mut lost: Vec<String> = Vec::new();
                let reasons: Vec<String> = [gone(&a, s, &mut lost), gone(&b, j, &mut lost)]
                    .into_iter()
                    .flatten()
                    .collect();
                let reason = if s.is_none()
                    && j.is_none()
                    && lost.is_empty()
                    && roster.find(&a).is_none()
                    && roster.find(&b).is_none()
                {
                    format!("{a} and {b} left the roster")
                } else {
                    reasons.join("; ")
                };
                zeroless.extend(lost);
                continuation.ended.push(end(reason, s, j));
                continue;
            };
            // The same two people written another way (`s1` for `S1`, an
            // invisible character) are still one pair: kept or ended once.
            if !resolved.insert((s, j)) {
                continue;
            }
            let (senior, junior) = (roster.senior(s), roster.junior(j));
            let zero: Vec<String> = [senior, junior]
                .into_iter()
                .filter(|p| p.capacity == 0)
                .map(|p| format!("{}'s capacity is now 0", p.id))
                .collect();
            if !zero.is_empty() {
                continuation
                    .ended
                    .push(end(zero.join("; "), Some(s), Some(j)));
                continue;
            }
            if rules.locked.binary_search(&(s, j)).is_ok() {
                // Locked again by this run: kept, its places already taken.
                continuation.kept.insert((s, j), line);
                continue;
            }
            let (counts, rule) = scorer.evaluate(s, j);
            if let Some(rule) = rule {
                let why = if rule == crate::scoring::Rule::Forbidden {
                    "now forbidden (--forbid)".to_string()
                } else if rule == crate::scoring::Rule::Repeat {
                    repeats += 1;
                    "now forbidden: paired before (--history)".to_string()
                } else {
                    format!("now forbidden: {}", scorer.rule_text(rule, s, j))
                };
                continuation.ended.push(end(why, Some(s), Some(j)));
                continue;
            }
            allowed.push((scorer.units(s, j, &counts), s, j, line));
        }
        // Best score first; ties by senior, then junior (roster id order).
        allowed.sort_by(|x, y| y.0.cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
        for (_, s, j, line) in allowed {
            if left[0][s] > 0 && left[1][j] > 0 {
                left[0][s] -= 1;
                left[1][j] -= 1;
                continuation.kept.insert((s, j), line);
            } else {
                let full: Vec<String> = [(0, s), (1, j)]
                    .into_iter()
                    .filter(|&(side, i)| left[side][i] == 0)
                    .map(|(side, i)| {
                        let p = if side == 0 {
                            roster.senior(i)
                        } else {
                            roster.junior(i)
                        };
                        // Places this run's own locks take come first.
                        let locks = rules
                            .locked
                            .iter()
                            .filter(|&&(ls, lj)| if side == 0 { ls == i } else { lj == i })
                            .count() as u32;
                        let by = if locks >= p.capacity {
                            "locked pairs"
                        } else if locks > 0 {
                            "locked pairs and better-scoring kept pairs"
                        } else {
                            "better-scoring pairs"
                        };
                        format!("{}'s capacity is now {}, taken by {by}", p.id, p.capacity)
                    })
                    .collect();
                continuation.ended.push(Ended {
                    senior_id: roster.senior(s).id.clone(),
                    junior_id: roster.junior(j).id.clone(),
                    senior: Some(s),
                    junior: Some(j),
                    line,
                    reason: full.join("; "),
                });
            }
        }
        // Where the warnings about the file as a whole point.
        let whole_file = Location {
            file: path.to_string(),
            line: None,
            column: None,
        };
        if let Some(first) = zeroless.first() {
            let ended = continuation
                .ended
                .iter()
                .filter(|e| zeroless.contains(&e.senior_id) || zeroless.contains(&e.junior_id))
                .count();
            continuation.warnings.push(Diagnostic {
                location: whole_file.clone(),
                message: format!(
                    "{ended} of the last pairs ended because {} lost {} leading zeros ({} is the roster's {}): a spreadsheet drops them when it opens a CSV file and saves it again, so use the file as rmatch wrote it, or import the id columns as text",
                    if zeroless.len() == 1 { "an id".to_string() } else { format!("{} ids", zeroless.len()) },
                    if zeroless.len() == 1 { "its" } else { "their" },
                    first,
                    with_lost_zeros(roster, first).unwrap_or_default()
                ),
            });
        }
        if repeats > 0 {
            // Most often the last pairs file given to --history as well:
            // a pair that goes on is no repeat, yet each one ended.
            continuation.warnings.push(Diagnostic {
                location: whole_file.clone(),
                message: format!(
                    "{} of the last pairs ended because a --history file lists {} as paired before; to keep them, give --history only the cycles before this one, not the pairs --continue goes on with",
                    repeats,
                    if repeats == 1 { "it" } else { "them" }
                ),
            });
        }
        // In id order, whatever the file's row order.
        continuation.ended.sort_by(|x, y| {
            (&x.senior_id, &x.junior_id, x.line).cmp(&(&y.senior_id, &y.junior_id, y.line))
        });
        continuation
    }

    /// `rules` with the kept pairs locked.
    pub fn lock(&self, mut rules: Rules) -> Rules {
        rules.locked.extend(self.kept.keys().copied());
        rules.locked.sort_unstable();
        rules.locked.dedup();
        rules
    }

    /// Whether (senior, junior) is a kept pair.
    pub fn is_kept(&self, s: usize, j: usize) -> bool {
        self.kept.contains_key(&(s, j))
    }

    /// The ended pair of `senior` with `junior`, ids as given on the
    /// command line: the roster's person where they are still there on
    /// that side, else the id as the file writes it (ignoring case, as the
    /// roster's ids are found).
    pub fn ended_pair(&self, roster: &Roster, senior: &str, junior: &str) -> Option<&Ended> {
        let same = |index: Option<usize>, found: Option<usize>, id: &str, given: &str| match index {
            Some(i) => found == Some(i),
            None => id == given || id.to_lowercase() == given.to_lowercase(),
        };
        self.ended.iter().find(|e| {
            same(e.senior, roster.find_senior(senior), &e.senior_id, senior)
                && same(e.junior, roster.find_junior(junior), &e.junior_id, junior)
        })
    }
}
