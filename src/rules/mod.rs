//! Programme rules beyond the roster: locked and forbidden pairs, no-repeat
//! history, time zones, a minimum score, and group quotas.
//!
//! A [`RuleSpec`] is what the user wrote (flags and the config file); it is
//! checked against a roster into [`Rules`], which scoring and solving apply
//! exactly. Rules that only remove or re-score pairs keep the problem an
//! assignment; quotas (`max_same`, `fair`) are side constraints for the
//! integer program.

mod history;
pub mod pair_scores;
mod spec;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

use crate::error::{Diagnostic, Error, Location, Result};
use crate::roster::{IdMatch, Roster};
use crate::text::escape;
use crate::units::{shown, MAX_WEIGHT};

pub(crate) use history::{not_a_pairs_file, read_pairs_file};
pub use spec::{
    gap_range, parse_gap, parse_share, RuleSpec, Side, DEFAULT_FAIR_TOLERANCE,
    DEFAULT_UNMATCHED_BONUS,
};

/// Why a pair is ruled out by a programme rule (beyond the roster's own).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Ban {
    /// `--forbid` or the config's `forbid`.
    Forbidden,
    /// The pair was made in an earlier cycle (`--history`).
    Repeat,
    /// A row of the `--pair-scores` file says `allowed` false.
    External,
}

/// The flag a quota comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum QuotaFlag {
    /// `--max-same ATTR=SHARE` (the config's `max_same`).
    MaxSame,
    /// `--fair ATTR=TOL` (the config's `fair`).
    Fair,
}

impl QuotaFlag {
    pub fn as_str(self) -> &'static str {
        match self {
            QuotaFlag::MaxSame => "--max-same",
            QuotaFlag::Fair => "--fair",
        }
    }
}

/// The rule a quota states: one `--max-same` or `--fair` flag on one
/// attribute (at most one of each per attribute), with the number the
/// coordinator gave. A `--fair` rule makes one quota per value of its
/// attribute; they share this rule.
#[derive(Clone, Debug, PartialEq)]
pub struct QuotaRule {
    pub flag: QuotaFlag,
    pub attribute: String,
    /// The share (`--max-same`) or tolerance (`--fair`).
    pub value: f64,
}

impl fmt::Display for QuotaRule {
    /// As the coordinator writes it: `--max-same department=0.1`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {}={}",
            self.flag.as_str(),
            self.attribute,
            self.value
        )
    }
}

/// A quota over pairs: the count of pairs in `group` against all pairs.
#[derive(Clone, Debug, PartialEq)]
pub struct Quota {
    /// The rule it comes from.
    pub rule: QuotaRule,
    /// For messages: the rule, and for `--fair` the group and its pool
    /// share, `--fair gender=0.05 (gender=x: pool share 0.400)`.
    pub label: String,
    /// Per (senior, junior) membership is decided by `Quota::member`.
    pub kind: QuotaKind,
    /// Lowest and highest share of all pairs the group may have.
    pub min_share: f64,
    pub max_share: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub enum QuotaKind {
    /// Pairs whose two people have the same value of attribute `column`.
    Same { column: usize },
    /// Pairs whose junior has value `value` (None = blank) of attribute `column`.
    JuniorValue { column: usize, value: Option<u32> },
}

/// A hard rule on the two people's attributes, written by the programme:
/// `--must-differ ATTR`, `--must-share ATTR` or `--gap ATTR=LO:HI`.
#[derive(Clone, Debug, PartialEq)]
pub struct PairRule {
    pub kind: PairRuleKind,
    /// The attribute as the coordinator wrote it (lowercase). Never a
    /// private one: a rule on it would tell of two named people whether
    /// they share its value.
    pub attribute: String,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PairRuleKind {
    /// The pair is forbidden when both have the same value of
    /// `Person::rule_attributes[column]` (a blank matches nothing).
    Differ { column: usize },
    /// The pair is allowed only when both have the same value (a blank
    /// shares nothing).
    Share { column: usize },
    /// The pair is allowed only when senior minus junior of
    /// `Person::numbers[column]` lies in `[lo, hi]` (to 1e-9); a blank
    /// value forbids it.
    Gap { column: usize, lo: f64, hi: f64 },
}

/// A difference of two numbers as people write it: 1 rather than
/// 0.9999999999999998.
fn round_gap(d: f64) -> f64 {
    (d * 1e9).round() / 1e9
}

/// How far a `--gap` difference may stray outside its range and still
/// count as inside (decimal values such as 0.1 are not exact in binary).
pub const GAP_TOLERANCE: f64 = 1e-9;

impl PairRule {
    /// Whether the rule allows senior `senior` with junior `junior`.
    #[inline]
    pub fn allows(&self, senior: &crate::roster::Person, junior: &crate::roster::Person) -> bool {
        match self.kind {
            PairRuleKind::Differ { column } => {
                let a = senior.rule_attributes[column];
                a.is_none() || a != junior.rule_attributes[column]
            }
            PairRuleKind::Share { column } => {
                let a = senior.rule_attributes[column];
                a.is_some() && a == junior.rule_attributes[column]
            }
            PairRuleKind::Gap { column, lo, hi } => {
                match (senior.numbers[column], junior.numbers[column]) {
                    (Some(a), Some(b)) => {
                        let d = a - b;
                        d >= lo - GAP_TOLERANCE && d <= hi + GAP_TOLERANCE
                    }
                    _ => false,
                }
            }
        }
    }

    /// The flag as the coordinator writes it: `--must-differ organisation`.
    pub fn flag(&self) -> String {
        match self.kind {
            PairRuleKind::Differ { .. } => format!("--must-differ {}", self.attribute),
            PairRuleKind::Share { .. } => format!("--must-share {}", self.attribute),
            PairRuleKind::Gap { lo, hi, .. } => format!("--gap {}={lo}:{hi}", self.attribute),
        }
    }

    /// Why the rule forbids senior `senior` with junior `junior`, short, as
    /// the `reason` column of `rmatch scores` and the reasons say it:
    /// `same organisation (--must-differ organisation)`. Private values
    /// are never named.
    pub fn reason(&self, senior: &crate::roster::Person, junior: &crate::roster::Person) -> String {
        let what = match self.kind {
            PairRuleKind::Differ { .. } => format!("same {}", self.attribute),
            PairRuleKind::Share { column } => {
                if senior.rule_attributes[column].is_none()
                    || junior.rule_attributes[column].is_none()
                {
                    format!("no {} to compare", self.attribute)
                } else {
                    format!("different {}", self.attribute)
                }
            }
            PairRuleKind::Gap { column, .. } => {
                match (senior.numbers[column], junior.numbers[column]) {
                    (Some(a), Some(b)) => format!(
                        "{} gap {} outside {lo} to {hi}",
                        self.attribute,
                        round_gap(a - b),
                        lo = self.range().0,
                        hi = self.range().1
                    ),
                    _ => format!("no {} to compare", self.attribute),
                }
            }
        };
        format!("{what} ({})", self.flag())
    }

    /// What a pair the rule allows does for it, for the pair's reason:
    /// `different organisation (HMRC vs DWP)`, `same site (Leeds)`, `grade
    /// gap 1 (7 vs 6, within 1 to 2)`.
    pub fn kept(
        &self,
        roster: &Roster,
        senior: &crate::roster::Person,
        junior: &crate::roster::Person,
    ) -> String {
        let text = |v: Option<u32>| v.map_or("blank", |v| roster.text(v)).to_string();
        match self.kind {
            PairRuleKind::Differ { column } => format!(
                "different {} ({} vs {})",
                self.attribute,
                text(senior.rule_attributes[column]),
                text(junior.rule_attributes[column])
            ),
            PairRuleKind::Share { column } => format!(
                "same {} ({})",
                self.attribute,
                text(senior.rule_attributes[column])
            ),
            PairRuleKind::Gap { column, lo, hi } => {
                let (a, b) = (
                    senior.numbers[column].unwrap_or(f64::NAN),
                    junior.numbers[column].unwrap_or(f64::NAN),
                );
                format!(
                    "{} gap {} ({a} vs {b}, within {lo} to {hi})",
                    self.attribute,
                    round_gap(a - b)
                )
            }
        }
    }

    fn range(&self) -> (f64, f64) {
        match self.kind {
            PairRuleKind::Gap { lo, hi, .. } => (lo, hi),
            _ => (f64::NAN, f64::NAN),
        }
    }

    /// How the reasons count people this rule rules out: `2 with the same
    /// organisation (--must-differ organisation)`.
    pub fn counted(&self, n: usize) -> String {
        match self.kind {
            PairRuleKind::Differ { .. } => {
                format!("{n} with the same {} ({})", self.attribute, self.flag())
            }
            PairRuleKind::Share { .. } => format!(
                "{n} with another or no {} ({})",
                self.attribute,
                self.flag()
            ),
            PairRuleKind::Gap { .. } => format!(
                "{n} with a {} gap outside the range or no {} ({})",
                self.attribute,
                self.attribute,
                self.flag()
            ),
        }
    }
}

/// Rules checked against a roster, indexed for scoring and solving.
#[derive(Clone, Debug, Default)]
pub struct Rules {
    /// Per senior, juniors they may not be paired with, sorted, with why.
    pub banned: Vec<Vec<(u32, Ban)>>,
    /// Locked pairs (senior, junior), sorted.
    pub locked: Vec<(usize, usize)>,
    /// People unmatched last cycle, who get the bonus.
    pub senior_bonus: Vec<bool>,
    pub junior_bonus: Vec<bool>,
    pub bonus: f64,
    pub max_tz_gap_minutes: Option<i32>,
    pub min_score: Option<f64>,
    pub quotas: Vec<Quota>,
    /// Where history files were read from, for explanations.
    pub history_files: Vec<String>,
    /// `--must-differ`, `--must-share` and `--gap`, in that order.
    pub pair_rules: Vec<PairRule>,
    /// `--everyone-first`: the side(s) whose people each get one partner
    /// before anyone gets a second.
    pub everyone_first: Option<Side>,
    /// `--pair-scores`: each named pair's external score (and whether it
    /// is allowed).
    pub pair_scores: Option<pair_scores::PairScores>,
    /// `--spread-ties`: among pairings of equal score, the one with the
    /// smallest sum of d(d-1)/2 over people's loads d.
    pub spread_ties: bool,
    /// `--stable`: only pairings with no blocking pair by stated preference.
    pub stable: bool,
    /// Problems that do not stop the run: ids that match only ignoring
    /// case, history ids no longer in the roster.
    pub warnings: Vec<Diagnostic>,
}

impl Rules {
    /// No rules beyond the roster.
    pub fn none(roster: &Roster) -> Rules {
        Rules {
            banned: vec![Vec::new(); roster.n_seniors],
            senior_bonus: vec![false; roster.n_seniors],
            junior_bonus: vec![false; roster.n_juniors()],
            ..Rules::default()
        }
    }

    /// The programme rule that bans a pair, if any.
    pub fn ban(&self, s: usize, j: usize) -> Option<Ban> {
        let list = &self.banned[s];
        list.binary_search_by_key(&(j as u32), |b| b.0)
            .ok()
            .map(|i| list[i].1)
    }

    /// The score bonus of a pair.
    pub fn bonus(&self, s: usize, j: usize) -> f64 {
        let n = u32::from(self.senior_bonus[s]) + u32::from(self.junior_bonus[j]);
        f64::from(n) * self.bonus
    }

    /// Whether the pair belongs to a quota's group.
    pub fn member(roster: &Roster, quota: &Quota, s: usize, j: usize) -> bool {
        let value = |p: &crate::roster::Person, column: usize| p.rule_attributes[column];
        match quota.kind {
            QuotaKind::Same { column } => {
                let a = value(roster.senior(s), column);
                a.is_some() && a == value(roster.junior(j), column)
            }
            QuotaKind::JuniorValue { column, value: v } => value(roster.junior(j), column) == v,
        }
    }
}

/// Minutes between two clocks, the short way round (+12 and -12 are 0 apart).
pub fn clock_gap(a: i32, b: i32) -> i32 {
    let d = (a - b).rem_euclid(24 * 60);
    d.min(24 * 60 - d)
}

fn pair_error(what: &str, text: &str, why: String) -> Error {
    Error::Usage(format!("{what} \"{text}\": {why}"))
}

fn warning(file: &str, line: Option<u64>, message: String) -> Diagnostic {
    Diagnostic {
        location: Location {
            file: file.to_string(),
            line,
            column: None,
        },
        message,
    }
}

/// Warns about each of `ids` that names a roster id only ignoring case.
fn note_case(
    roster: &Roster,
    ids: &[&str],
    place: &str,
    line: Option<u64>,
    out: &mut Vec<Diagnostic>,
) {
    for id in ids {
        if let Some((i, IdMatch::IgnoringCase)) = roster.find(id) {
            let own = &roster.people[i].id;
            out.push(warning(
                place,
                line,
                format!(
                    "the id \"{}\" matches the roster's \"{}\" only ignoring case; it is taken as {}: write it as the roster does",
                    escape(id),
                    escape(own),
                    escape(own)
                ),
            ));
        }
    }
}

/// Finds `SENIOR:JUNIOR` in the roster (either order of the two ids).
fn find_pair(
    roster: &Roster,
    what: &str,
    text: &str,
    warnings: &mut Vec<Diagnostic>,
) -> Result<(usize, usize)> {
    let (a, b) = text
        .split_once(':')
        .map(|(a, b)| (a.trim(), b.trim()))
        .filter(|(a, b)| !a.is_empty() && !b.is_empty())
        .ok_or_else(|| pair_error(what, text, "write SENIOR_ID:JUNIOR_ID".into()))?;
    let pair = resolve_ids(roster, a, b).map_err(|why| {
        // A rule kept in the config file outlives the people it names.
        let fix = if why.starts_with("no one") && !why.contains("leading zeros") {
            "; correct the id, or remove the pair if that person has left"
        } else {
            ""
        };
        pair_error(what, text, format!("{why}{fix}"))
    })?;
    note_case(roster, &[a, b], &format!("{what} {text}"), None, warnings);
    Ok(pair)
}

/// When some of `missing` (ids not in the roster) are roster ids that lost
/// their leading zeros (`123` for `00123`, as a spreadsheet retypes an id
/// when it opens a CSV file), a clause saying so; empty otherwise.
pub fn lost_zeros_hint<'a>(roster: &Roster, missing: impl IntoIterator<Item = &'a str>) -> String {
    let mut missing: Vec<&str> = missing
        .into_iter()
        .map(str::trim)
        .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
        .collect();
    if missing.is_empty() {
        return String::new();
    }
    missing.sort_unstable();
    let zeroed: HashMap<&str, &str> = roster
        .people
        .iter()
        .map(|p| p.id.trim())
        .filter(|id| id.len() > 1 && id.starts_with('0') && id.bytes().all(|b| b.is_ascii_digit()))
        .map(|id| (id.trim_start_matches('0'), id))
        .collect();
    let found: Vec<(&str, &str)> = missing
        .iter()
        .filter_map(|id| {
            zeroed
                .get(id.trim_start_matches('0'))
                .map(|own| (*id, *own))
        })
        .collect();
    let Some(&(id, own)) = found.first() else {
        return String::new();
    };
    format!(
        "; {} the roster's with leading zeros ({} is {}): a spreadsheet drops them when it opens a CSV file and saves it again, so use the file as rmatch wrote it, or import the id columns as text",
        if found.len() == 1 { "it is".to_string() } else { format!("{} of them are", found.len()) },
        escape(id),
        escape(own)
    )
}

/// The roster id that `id` is, once its lost leading zeros are put back
/// (`00123` for `123`), when there is one: see [`lost_zeros_hint`].
pub fn with_lost_zeros<'r>(roster: &'r Roster, id: &str) -> Option<&'r str> {
    let id = id.trim();
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) || roster.find(id).is_some() {
        return None;
    }
    // Each padding looked up (a binary search), never a scan of the
    // roster: this runs once per unknown id of a file.
    const LONGEST: usize = 32;
    let bare = id.trim_start_matches('0');
    (id.len() + 1..=LONGEST.max(id.len() + 1))
        .map(|len| format!("{}{bare}", "0".repeat(len - bare.len())))
        .find_map(|padded| roster.find(&padded))
        .map(|(i, _)| roster.people[i].id.as_str())
        .filter(|own| own.trim().bytes().all(|b| b.is_ascii_digit()))
}

/// For an id not in the roster that is a roster id without its leading
/// zeros, a clause for the "is not in the roster" of a message saying so
/// and what to do; empty otherwise.
pub fn lost_zeros_clause(roster: &Roster, id: &str) -> String {
    with_lost_zeros(roster, id).map_or(String::new(), |own| {
        format!(
            " (it is the roster's {} without the leading zeros a spreadsheet drops: import the id columns as text)",
            escape(own)
        )
    })
}

fn resolve_ids(roster: &Roster, a: &str, b: &str) -> std::result::Result<(usize, usize), String> {
    match (roster.find_senior(a), roster.find_junior(b)) {
        (Some(s), Some(j)) => Ok((s, j)),
        _ => match (roster.find_senior(b), roster.find_junior(a)) {
            (Some(s), Some(j)) => Ok((s, j)),
            _ => {
                let missing: Vec<&str> = [a, b]
                    .into_iter()
                    .filter(|id| roster.find(id).is_none())
                    .collect();
                Err(if missing.is_empty() {
                    "these are not one senior and one junior".to_string()
                } else {
                    format!(
                        "no one in the roster has the id {}{}",
                        missing.join(" or "),
                        lost_zeros_hint(roster, missing.iter().copied())
                    )
                })
            }
        },
    }
}

/// Checks `spec` against `roster`. `quota_column` maps an attribute name to
/// its index in `Person::rule_attributes`.
pub fn resolve(roster: &Roster, spec: &RuleSpec) -> Result<Rules> {
    let mut rules = Rules::none(roster);
    rules.everyone_first = spec.everyone_first;
    rules.spread_ties = spec.spread_ties;
    rules.stable = spec.stable;
    rules.bonus = spec.unmatched_bonus.unwrap_or(DEFAULT_UNMATCHED_BONUS);
    if !(0.0..=MAX_WEIGHT).contains(&rules.bonus) {
        return Err(Error::Usage(format!(
            "--unmatched-bonus {} is out of range; use a number from 0 to {}",
            shown(rules.bonus),
            MAX_WEIGHT
        )));
    }
    if let Some(hours) = spec.max_tz_gap {
        if !(0.0..=24.0).contains(&hours) {
            return Err(Error::Usage(format!(
                "--max-tz-gap {} is out of range; use hours from 0 to 24",
                shown(hours)
            )));
        }
        // Without offsets the rule would hold for every pair and say
        // nothing: a coordinator who set it must learn it did nothing.
        if !roster.columns.iter().any(|c| c == "utc_offset") {
            return Err(Error::Usage(format!(
                "the rule --max-tz-gap {} (rules.max_tz_gap in a config file) needs a utc_offset column (hours from UTC, like -5, +5:30 or 0), which {} does not have (a timezone column serves rmatch intros only); add the column, or leave out the rule",
                shown(hours),
                crate::text::escape(&roster.source)
            )));
        }
        rules.max_tz_gap_minutes = Some((hours * 60.0).round() as i32);
    }
    if let Some(min) = spec.min_score {
        if min.is_nan() {
            return Err(Error::Usage(
                "--min-score NaN is not a number; use a number from 0".into(),
            ));
        }
        if !min.is_finite() || min < 0.0 {
            return Err(Error::Usage(format!(
                "--min-score {} is out of range; use a number from 0",
                shown(min)
            )));
        }
        rules.min_score = Some(min);
    }

    let mut banned: HashSet<(usize, usize, Ban)> = HashSet::new();
    let forbid = RuleSpec::written_as("--forbid", &spec.forbid_from);
    for text in &spec.forbid {
        let (s, j) = find_pair(roster, &forbid, text, &mut rules.warnings)?;
        banned.insert((s, j, Ban::Forbidden));
    }
    for path in &spec.history {
        let file = read_pairs_file(path, "the --history file", roster)?;
        rules.history_files.push(path.clone());
        // People who have left since are not in the roster: their rows are
        // left out, with one warning naming a few of them.
        let mut gone: BTreeSet<&str> = BTreeSet::new();
        let mut case_only: Vec<Diagnostic> = Vec::new();
        for (a, b, line) in &file.paired {
            gone.extend(
                [a, b]
                    .into_iter()
                    .filter(|id| roster.find(id).is_none())
                    .map(String::as_str),
            );
            if let Ok((s, j)) = resolve_ids(roster, a, b) {
                banned.insert((s, j, Ban::Repeat));
                note_case(roster, &[a, b], &file.source, Some(*line), &mut case_only);
            }
        }
        for (id, line) in &file.unmatched {
            match roster.find(id) {
                Some((i, _)) if i < roster.n_seniors => rules.senior_bonus[i] = true,
                Some((i, _)) => rules.junior_bonus[i - roster.n_seniors] = true,
                None => {
                    gone.insert(id);
                }
            }
            note_case(roster, &[id], &file.source, Some(*line), &mut case_only);
        }
        if !gone.is_empty() {
            const EXAMPLES: usize = 5;
            let mut examples: Vec<String> = gone
                .iter()
                .take(EXAMPLES)
                .map(|id| escape(id).into_owned())
                .collect();
            if gone.len() > EXAMPLES {
                examples.push(format!("and {} more", gone.len() - EXAMPLES));
            }
            let n = gone.len();
            rules.warnings.push(warning(
                &file.source,
                None,
                format!(
                    "{n} id{} not in the roster ({}); {} rows are left out (people who have left, or a typo, or another roster's file){}",
                    if n == 1 { " is" } else { "s are" },
                    examples.join(", "),
                    if n == 1 { "its" } else { "their" },
                    lost_zeros_hint(roster, gone.iter().copied())
                ),
            ));
        }
        rules.warnings.extend(case_only);
    }
    if let Some(path) = &spec.pair_scores {
        let scores = pair_scores::read(path, roster, &mut rules.warnings)?;
        for (s, list) in scores.by_senior.iter().enumerate() {
            for &(j, _, allowed) in list {
                if !allowed {
                    banned.insert((s, j as usize, Ban::External));
                }
            }
        }
        rules.pair_scores = Some(scores);
    }
    let mut banned: Vec<(usize, usize, Ban)> = banned.into_iter().collect();
    banned.sort();
    for (s, j, ban) in banned {
        let list = &mut rules.banned[s];
        if list.last().map(|b| b.0) != Some(j as u32) {
            list.push((j as u32, ban));
        }
    }

    let mut locked: Vec<(usize, usize)> = Vec::new();
    let lock = RuleSpec::written_as("--lock", &spec.lock_from);
    for text in &spec.lock {
        let (s, j) = find_pair(roster, &lock, text, &mut rules.warnings)?;
        locked.push((s, j));
    }
    // Every row that names no pair of this roster at once (last cycle's
    // file names everyone who left since), each with what to do.
    let mut unknown: Vec<Diagnostic> = Vec::new();
    for path in &spec.locks {
        let file = read_pairs_file(path, "the --locks file", roster)?;
        for (a, b, line) in file.paired {
            match resolve_ids(roster, &a, &b) {
                Ok((s, j)) => {
                    note_case(
                        roster,
                        &[&a, &b],
                        &file.source,
                        Some(line),
                        &mut rules.warnings,
                    );
                    locked.push((s, j));
                }
                Err(why) => {
                    // The leading-zeros hint says what to do itself.
                    let fix = if why.contains("leading zeros") {
                        ""
                    } else {
                        "; correct the ids, or remove the row to unlock the pair"
                    };
                    unknown.push(Diagnostic {
                        location: Location {
                            file: file.source.clone(),
                            line: Some(line),
                            column: None,
                        },
                        message: format!("locked pair {a}:{b}: {why}{fix}"),
                    });
                }
            }
        }
    }
    if !unknown.is_empty() {
        return Err(Error::Data(unknown));
    }
    locked.sort_unstable();
    locked.dedup();
    rules.locked = locked;

    for (flag, names) in [
        ("--must-differ", &spec.must_differ),
        ("--must-share", &spec.must_share),
    ] {
        for name in names {
            let name = name.to_lowercase();
            not_private(roster, flag, &name)?;
            let column = attribute_column(roster, &name, flag)?;
            rules.pair_rules.push(PairRule {
                kind: if flag == "--must-differ" {
                    PairRuleKind::Differ { column }
                } else {
                    PairRuleKind::Share { column }
                },
                attribute: name,
            });
        }
    }
    for (name, range) in &spec.gap {
        let name = name.to_lowercase();
        not_private(roster, "--gap", &name)?;
        let (lo, hi) =
            gap_range(range).map_err(|why| Error::Usage(format!("--gap {name}={range}: {why}")))?;
        let column = roster
            .numeric_attribute_names
            .iter()
            .position(|n| *n == name)
            .ok_or_else(|| {
                Error::Usage(format!(
                    "--gap names the attribute \"{name}\", which the roster does not have; add a column named {name} or fix the name"
                ))
            })?;
        rules.pair_rules.push(PairRule {
            kind: PairRuleKind::Gap { column, lo, hi },
            attribute: name,
        });
    }

    for (name, &share) in &spec.max_same {
        let column = attribute_column(roster, name, "--max-same")?;
        let rule = QuotaRule {
            flag: QuotaFlag::MaxSame,
            attribute: name.clone(),
            value: share,
        };
        rules.quotas.push(Quota {
            label: rule.to_string(),
            rule,
            kind: QuotaKind::Same { column },
            min_share: 0.0,
            max_share: share,
        });
    }
    for (name, &tolerance) in &spec.fair {
        let column = attribute_column(roster, name, "--fair")?;
        let pool: Vec<Option<u32>> = roster
            .juniors()
            .iter()
            .filter(|p| p.capacity > 0)
            .map(|p| p.rule_attributes[column])
            .collect();
        let mut counts: BTreeMap<Option<u32>, usize> = BTreeMap::new();
        for v in &pool {
            *counts.entry(*v).or_default() += 1;
        }
        // A private attribute's values are never shown, nor their order:
        // its groups are listed by size.
        let private = roster.is_private(name);
        let mut counts: Vec<(Option<u32>, usize)> = counts.into_iter().collect();
        if private {
            counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        }
        for (value, count) in counts {
            let share = count as f64 / pool.len() as f64;
            let group = match value {
                None => format!("{name}=(blank)"),
                Some(_) if private => format!("{name}, a private value"),
                Some(v) => format!("{name}={}", roster.text_in(name, v)),
            };
            let rule = QuotaRule {
                flag: QuotaFlag::Fair,
                attribute: name.clone(),
                value: tolerance,
            };
            rules.quotas.push(Quota {
                label: format!("{rule} ({group}: pool share {share:.3})"),
                rule,
                kind: QuotaKind::JuniorValue { column, value },
                min_share: (share - tolerance).max(0.0),
                max_share: (share + tolerance).min(1.0),
            });
        }
    }
    Ok(rules)
}

/// A pair rule on a private attribute would tell, of two named people,
/// whether they share its value (`allowed` in `rmatch scores`): refused.
fn not_private(roster: &Roster, flag: &str, name: &str) -> Result<()> {
    if roster.is_private(name) {
        return Err(Error::Usage(format!(
            "{flag} {name}: {name} is a private attribute (--private), and a rule on it would tell of any two named people whether they share its value; use --fair {name} for fairness, or make the column public"
        )));
    }
    Ok(())
}

fn attribute_column(roster: &Roster, name: &str, flag: &str) -> Result<usize> {
    roster.rule_attribute_names.iter().position(|n| n == name).ok_or_else(|| {
        Error::Usage(format!(
            "{flag} names the attribute \"{name}\", which the roster does not have; add a column named {name} or fix the name"
        ))
    })
}
