//! The hard rules that forbid a pair, in the order they are checked.

use std::fmt;

/// Why a pair may not be made. The order is the order rules are checked in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// One of the two has capacity 0.
    Capacity,
    /// One of the two excludes the other.
    Excluded,
    /// One manages the other, directly or up the chain.
    ManagementChain,
    /// Both list languages and share none.
    NoCommonLanguage,
    /// `--forbid` or the config's `forbid`.
    Forbidden,
    /// Paired in an earlier cycle (`--history`).
    Repeat,
    /// `allowed` false in the `--pair-scores` file.
    NotAllowedExternally,
    /// Their clocks differ by more than `--max-tz-gap`.
    TimeZone,
    /// A programme rule on their attributes (`--must-differ`,
    /// `--must-share`, `--gap`): the index into `Rules::pair_rules`.
    Attribute(u16),
    /// The junior teaches none of the senior's goals above the senior's level.
    NothingToTeach,
    /// The score is below `--min-score`.
    BelowMinScore,
}

impl Rule {
    pub const ALL: [Rule; 10] = [
        Rule::Capacity,
        Rule::Excluded,
        Rule::Forbidden,
        Rule::Repeat,
        Rule::NotAllowedExternally,
        Rule::ManagementChain,
        Rule::NoCommonLanguage,
        Rule::TimeZone,
        Rule::NothingToTeach,
        Rule::BelowMinScore,
    ];

    /// A short label for the rule, as used in the `reason` column (an
    /// attribute rule is named in full by `Scorer::rule_text`).
    pub fn label(self) -> &'static str {
        match self {
            Rule::Capacity => "capacity 0",
            Rule::Excluded => "excluded",
            Rule::ManagementChain => "management chain",
            Rule::NoCommonLanguage => "no common language",
            Rule::Forbidden => "forbidden",
            Rule::Repeat => "paired before",
            Rule::NotAllowedExternally => "not allowed in the pair scores file",
            Rule::TimeZone => "time zones too far apart",
            Rule::Attribute(_) => "a programme rule on attributes",
            Rule::NothingToTeach => "nothing to teach",
            Rule::BelowMinScore => "below the minimum score",
        }
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}
