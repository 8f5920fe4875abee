//! Rules as the coordinator writes them, in flags or the config file.

use std::borrow::Cow;
use std::collections::BTreeMap;

use crate::error::{Error, Result};

/// The default score bonus for people left unmatched in the last cycle.
pub const DEFAULT_UNMATCHED_BONUS: f64 = 0.1;

/// The default tolerance of a `fair` rule.
pub const DEFAULT_FAIR_TOLERANCE: f64 = 0.05;

/// Which side(s) `--everyone-first` gives one partner each first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Senior,
    Junior,
    Both,
}

impl Side {
    pub fn seniors(self) -> bool {
        matches!(self, Side::Senior | Side::Both)
    }

    pub fn juniors(self) -> bool {
        matches!(self, Side::Junior | Side::Both)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Side::Senior => "senior",
            Side::Junior => "junior",
            Side::Both => "both",
        }
    }
}

/// Rules as written in flags or the config file.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RuleSpec {
    /// Pairs to keep, `SENIOR:JUNIOR`.
    pub lock: Vec<String>,
    /// Files of pairs to keep (a previous `rmatch pair` CSV; its `paired` rows).
    pub locks: Vec<String>,
    /// Pairs never to make, `SENIOR:JUNIOR`.
    pub forbid: Vec<String>,
    /// Earlier cycles' `rmatch pair` CSVs: no repeats, a bonus for the unmatched.
    pub history: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unmatched_bonus: Option<f64>,
    /// Largest allowed clock difference in hours.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub max_tz_gap: Option<f64>,
    /// Attribute -> largest share of pairs whose two people share its value.
    pub max_same: BTreeMap<String, f64>,
    /// Attribute -> tolerance around the junior pool's shares.
    pub fair: BTreeMap<String, f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub min_score: Option<f64>,
    /// Attributes whose value the two people of a pair may not share
    /// (`--must-differ organisation`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub must_differ: Vec<String>,
    /// Attributes whose value the two people of a pair must share
    /// (`--must-share site`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub must_share: Vec<String>,
    /// Numeric attribute -> `LO:HI`: the senior's value minus the junior's
    /// must lie within it (`--gap grade=1:2`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub gap: BTreeMap<String, String>,
    /// Give everyone on this side (or both) one partner before anyone
    /// gets a second: the number of people with a partner comes first.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub everyone_first: Option<Side>,
    /// A CSV of `senior_id,junior_id,score[,allowed]`: scores from outside,
    /// the `external` part of the score.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pair_scores: Option<String>,
    /// Among pairings of equal score, prefer the one that spreads load
    /// most evenly (`--spread-ties`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub spread_ties: bool,
    /// `--stable`: the best pairing with no blocking pair by stated
    /// preference (the `prefers` column).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub stable: bool,
    /// The config file `lock` was read from (none: the `--lock` flags), for
    /// messages.
    #[serde(skip)]
    pub lock_from: Option<String>,
    /// The config file `forbid` was read from (none: the `--forbid` flags).
    #[serde(skip)]
    pub forbid_from: Option<String>,
}

impl RuleSpec {
    /// How a message names where `lock` (or `forbid`, for `flag`
    /// `--forbid`) was written: the flag, or the config file's key.
    pub fn written_as(flag: &str, from: &Option<String>) -> String {
        match from {
            None => flag.to_string(),
            Some(file) => format!(
                "{}: rules.{}",
                match file.as_str() {
                    "-" => Cow::Borrowed("the config file (standard input)"),
                    file => crate::text::escape(file),
                },
                flag.trim_start_matches('-')
            ),
        }
    }

    /// Whether any rule needs side constraints (the integer program).
    pub fn has_quotas(&self) -> bool {
        !self.max_same.is_empty() || !self.fair.is_empty()
    }

    /// Attribute columns the rules read, to load from the roster.
    pub fn attributes(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .max_same
            .keys()
            .chain(self.fair.keys())
            .chain(&self.must_differ)
            .chain(&self.must_share)
            .cloned()
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// Numeric attribute columns the rules read (`--gap`), to load from the
    /// roster as numbers.
    pub fn numeric_attributes(&self) -> Vec<String> {
        self.gap.keys().cloned().collect()
    }
}

/// Parses `ATTR=NUMBER` (or `ATTR` with `default`) for `--max-same` and `--fair`.
pub fn parse_share(flag: &str, text: &str, default: Option<f64>) -> Result<(String, f64)> {
    let (name, value) = match text.split_once('=') {
        Some((name, value)) => (name.trim(), Some(value.trim())),
        None => (text.trim(), None),
    };
    let usage = || {
        Error::Usage(format!(
            "{flag} \"{text}\" is not ATTRIBUTE=SHARE with a share from 0 to 1; write for example {flag} department=0.1"
        ))
    };
    if name.is_empty() {
        return Err(usage());
    }
    let value = match (value, default) {
        (Some(v), _) => v
            .parse::<f64>()
            .ok()
            .filter(|v| (0.0..=1.0).contains(v))
            .ok_or_else(usage)?,
        (None, Some(d)) => d,
        (None, None) => return Err(usage()),
    };
    Ok((name.to_lowercase(), value))
}

/// Parses `--gap ATTR=LO:HI` into the attribute (lowercase) and the range.
pub fn parse_gap(text: &str) -> Result<(String, String)> {
    let usage = || {
        Error::Usage(format!(
            "--gap \"{text}\" is not ATTRIBUTE=LO:HI; write for example --gap grade=1:2 (the senior's grade minus the junior's from 1 to 2)"
        ))
    };
    let (name, range) = text.split_once('=').ok_or_else(usage)?;
    let name = name.trim();
    if name.is_empty() {
        return Err(usage());
    }
    gap_range(range)
        .map_err(|why| Error::Usage(format!("--gap {name}={}: {why}", range.trim())))?;
    Ok((name.to_lowercase(), range.trim().to_string()))
}

/// Reads `LO:HI` (finite numbers, LO <= HI).
pub fn gap_range(text: &str) -> std::result::Result<(f64, f64), String> {
    let (lo, hi) = text
        .split_once(':')
        .ok_or_else(|| "the range is not LO:HI; write for example 1:2 or -1:1".to_string())?;
    let number = |t: &str| {
        t.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| {
                format!(
                    "\"{}\" is not a number; write LO:HI with numbers, for example 1:2",
                    t.trim()
                )
            })
    };
    let (lo, hi) = (number(lo)?, number(hi)?);
    if lo > hi {
        return Err(format!(
            "the low end {lo} is above the high end {hi}; write the smaller number first"
        ));
    }
    Ok((lo, hi))
}
