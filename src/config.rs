//! The effective configuration of a run: everything that shapes a pairing
//! (weights, attributes, objective, solver, rules), as the TOML config file
//! states it; the app lays the command-line flags over it.
//!
//! It has the same shape as the TOML file, and the JSON summary echoes it,
//! so any run can be reproduced from its own output.

use crate::error::{Error, Location, Result};
use crate::files;
pub use crate::rules::RuleSpec;
use crate::scoring::{Weights, MAX_WEIGHT};
use crate::solve::{Method, Objective, SolveOptions, DEFAULT_CANDIDATES};
use crate::units::shown;

/// Everything that shapes a pairing, as in a config file.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub weights: Weights,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diversity: Option<Vec<String>>,
    /// Private attribute columns: diversity attributes (usable by rules)
    /// whose values are never written anywhere.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub private: Vec<String>,
    /// Answers read as blank in a diversity attribute; `None` is the
    /// built-in list ([`crate::roster::DEFAULT_MISSING`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<Vec<String>>,
    /// Roster columns copied into the pair and unmatched rows (`--keep`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keep: Vec<String>,
    /// Other spellings of topics and interests: alias -> topic (the
    /// `[aliases]` table, with an `--aliases` file's lines laid over it).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub aliases: std::collections::BTreeMap<String, String>,
    /// The roster's own headers for rmatch's columns: column -> header
    /// (the `[columns]` table, `id = "Employee ID"`, with `--column` flags
    /// laid over it). How a file is read, not how it is paired: the JSON
    /// summary leaves it out (see [`Config::as_echoed`]).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub columns: std::collections::BTreeMap<String, String>,
    pub objective: Objective,
    /// `None` chooses: flow, or ip when there are quotas.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub solver: Option<Method>,
    pub candidates: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_limit: Option<f64>,
    pub rules: RuleSpec,
    /// `rmatch intros`: sender, hours, weeks, template (the `[intros]` table).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intros: Option<crate::intros::IntrosSpec>,
    /// `rmatch learn`: the survey's headers and rating scale (the `[learn]`
    /// table). How a file is read: the JSON summary leaves it out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub learn: Option<LearnSpec>,
    /// CSV for Excel on Windows (`--excel`): a UTF-8 byte order mark and
    /// CRLF line ends. Not echoed when off, so summaries stay as they were.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub excel: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            weights: Weights::default(),
            diversity: None,
            private: Vec::new(),
            missing: None,
            keep: Vec::new(),
            aliases: std::collections::BTreeMap::new(),
            columns: std::collections::BTreeMap::new(),
            objective: Objective::default(),
            solver: None,
            candidates: DEFAULT_CANDIDATES,
            time_limit: None,
            rules: RuleSpec::default(),
            intros: None,
            learn: None,
            excel: false,
        }
    }
}

/// The `[learn]` table of the config file, for a survey read every cycle
/// the same way; `--feedback-column`, `--rating-scale` and
/// `--rating-labels` override it.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LearnSpec {
    /// The survey's own headers: feedback column -> header, as
    /// `--feedback-column COLUMN=HEADER` gives them.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub columns: std::collections::BTreeMap<String, String>,
    /// The survey's lowest and highest answer, `"1-10"`, as
    /// `--rating-scale` gives them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rating_scale: Option<String>,
    /// The survey's answers in words, lowest first, as `--rating-labels`
    /// gives them (`["Not useful", "Quite useful", "Very useful"]`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rating_labels: Option<Vec<String>>,
}

/// The longest `--time-limit`, in seconds: longer than any run needs, and
/// far inside what a clock's instant can be moved by (a limit of 1e19 s
/// once overflowed it).
pub const MAX_TIME_LIMIT: f64 = 1_000_000.0;

/// The largest config file rmatch reads: weights and rules take a few
/// kilobytes; pairs belong in `--locks` files, spellings in `--aliases`.
pub const MAX_CONFIG_BYTES: u64 = 4 << 20;

impl Config {
    /// Reads a TOML config file; errors name the file, line and column.
    pub fn read(path: &str) -> Result<Config> {
        let (source, bytes) = files::read_input_limited(
            path,
            MAX_CONFIG_BYTES,
            "the config file",
            "a config file holds weights and rules (see the README's config section): check that this is the right file",
        )?;
        let text = String::from_utf8(bytes).map_err(|e| {
            // A usage error at the first byte that is not UTF-8, as any
            // config file that does not parse.
            let location = place(&source, &e.as_bytes()[..e.utf8_error().valid_up_to()]);
            Error::Usage(format!(
                "{location}: the config file is not valid UTF-8; save it as UTF-8"
            ))
        })?;
        let config =
            toml::from_str::<Config>(&text).map_err(|e| config_error(&source, &text, &e))?;
        config.check_named(Naming::File(&source))?;
        crate::roster::columns::check_table(&config.columns, &source)?;
        Ok(config)
    }

    /// The configuration as the JSON summary echoes it: without the
    /// `[columns]` and `[learn]` tables, which say how one file is read (as
    /// `--encoding`, `--delimiter` and `--sheet` do, which are no keys
    /// either), so a roster gives the same output whatever its header
    /// calls its columns.
    pub fn as_echoed(&self) -> Config {
        Config {
            columns: std::collections::BTreeMap::new(),
            learn: None,
            ..self.clone()
        }
    }

    /// Range checks, naming each value as a flag would set it (the config
    /// file's own values are checked when it is read, by their keys).
    pub fn check(&self) -> Result<()> {
        self.check_named(Naming::Flags)
    }

    /// Range checks of every value, each named as `naming` says.
    pub fn check_named(&self, naming: Naming) -> Result<()> {
        let bad = |setting: Setting, value: f64, range: String| {
            let name = naming.name(&setting, value);
            let what = if value.is_nan() {
                "is not a number"
            } else {
                "is out of range"
            };
            Err(Error::Usage(format!("{name} {what}; use {range}")))
        };
        let w = &self.weights;
        for (name, value) in w
            .named()
            .into_iter()
            .chain([("external", w.external), ("preference", w.preference)])
        {
            if !(0.0..=MAX_WEIGHT).contains(&value) {
                return bad(
                    Setting::Weight(name),
                    value,
                    format!("a number from 0 to {MAX_WEIGHT}"),
                );
            }
        }
        for (flag, shares) in [
            ("max_same", &self.rules.max_same),
            ("fair", &self.rules.fair),
        ] {
            for (name, &share) in shares {
                if !(0.0..=1.0).contains(&share) {
                    return bad(
                        Setting::Share(flag, name),
                        share,
                        "a number from 0 to 1".into(),
                    );
                }
            }
        }
        if !(1..=10_000).contains(&self.candidates) {
            return Err(Error::Usage(format!(
                "{} is out of range; use 1 to 10000",
                naming.name(&Setting::Candidates, self.candidates as f64)
            )));
        }
        if let Some(t) = self.time_limit {
            if !(t > 0.0 && t <= MAX_TIME_LIMIT) {
                return bad(
                    Setting::TimeLimit,
                    t,
                    format!("a positive number of seconds up to {MAX_TIME_LIMIT} (11 days)"),
                );
            }
        }
        let rules = &self.rules;
        if let Some(b) = rules.unmatched_bonus {
            if !(0.0..=MAX_WEIGHT).contains(&b) {
                return bad(
                    Setting::UnmatchedBonus,
                    b,
                    format!("a number from 0 to {MAX_WEIGHT}"),
                );
            }
        }
        if let Some(h) = rules.max_tz_gap {
            if !(0.0..=24.0).contains(&h) {
                return bad(Setting::MaxTzGap, h, "hours from 0 to 24".into());
            }
        }
        for (name, range) in &rules.gap {
            if let Err(why) = crate::rules::gap_range(range) {
                let name = match naming {
                    Naming::Flags | Naming::Vary(_) => format!("--gap {name}={range}"),
                    Naming::File(file) => format!(
                        "{}: the key rules.gap.{name} = \"{range}\"",
                        crate::text::escape(file)
                    ),
                };
                return Err(Error::Usage(format!("{name}: {why}")));
            }
        }
        if let Some(m) = rules.min_score {
            if !(m.is_finite() && m >= 0.0) {
                return bad(Setting::MinScore, m, "a number from 0".into());
            }
        }
        // The objective against the rules and the solver once the flags
        // are laid over the file (a flag may undo what the file combines).
        if matches!(naming, Naming::File(_)) {
            return Ok(());
        }
        crate::solve::check_objective(self.objective, rules.has_quotas(), self.method())
    }

    /// How to solve: the objective, the solver, the candidates and the time
    /// limit this configuration sets.
    pub fn solve_options(&self) -> SolveOptions {
        SolveOptions {
            objective: self.objective,
            method: self.method(),
            candidates: self.candidates,
            time_limit: self.time_limit,
            progress: None,
            compare_goals: true,
        }
    }

    /// The solver to use: as chosen, else flow (with quotas, flow and the
    /// exact quota search).
    pub fn method(&self) -> Method {
        self.solver.unwrap_or_default()
    }
}

/// How settings are named in messages: as the flags that set them, or as
/// the keys of a config file.
#[derive(Clone, Copy, Debug)]
pub enum Naming<'a> {
    Flags,
    /// The config file, by the name it was given.
    File(&'a str),
    /// A value of `rmatch sweep --vary NAME=...`, by the name as written.
    Vary(&'a str),
}

/// A setting [`Config::check_named`] checks.
#[derive(Clone, Debug)]
pub enum Setting<'a> {
    Weight(&'a str),
    /// `max_same` or `fair`, and the attribute.
    Share(&'a str, &'a str),
    Candidates,
    TimeLimit,
    UnmatchedBonus,
    MaxTzGap,
    MinScore,
}

impl Naming<'_> {
    /// `--min-score NaN`, or `rmatch.toml: rules.min_score = NaN`.
    pub fn name(&self, setting: &Setting, value: f64) -> String {
        let value = shown(value);
        match self {
            Naming::Flags => match setting {
                Setting::Weight(w) => format!("weight {w}={value}"),
                Setting::Share(flag, attr) => {
                    format!("--{} {attr}={value}", flag.replace('_', "-"))
                }
                Setting::Candidates => format!("--candidates {value}"),
                Setting::TimeLimit => format!("--time-limit {value}"),
                Setting::UnmatchedBonus => format!("--unmatched-bonus {value}"),
                Setting::MaxTzGap => format!("--max-tz-gap {value}"),
                Setting::MinScore => format!("--min-score {value}"),
            },
            Naming::File(file) => {
                let key = match setting {
                    Setting::Weight(w) => format!("weights.{w}"),
                    Setting::Share(flag, attr) => format!("rules.{flag}.{attr}"),
                    Setting::Candidates => "candidates".into(),
                    Setting::TimeLimit => "time_limit".into(),
                    Setting::UnmatchedBonus => "rules.unmatched_bonus".into(),
                    Setting::MaxTzGap => "rules.max_tz_gap".into(),
                    Setting::MinScore => "rules.min_score".into(),
                };
                format!("{}: the key {key} = {value}", crate::text::escape(file))
            }
            // Only the varied value differs from a checked config.
            Naming::Vary(name) => format!("--vary {name}={value}"),
        }
    }
}

/// A config file that TOML or its keys refuse: a usage error (exit 2, as
/// a bad flag is), naming the file, line and column, in words instead of
/// Rust's type names, on one line.
fn config_error(file: &str, text: &str, e: &toml::de::Error) -> Error {
    let location = match e.span() {
        Some(span) => place(file, &text.as_bytes()[..span.start.min(text.len())]),
        None => Location {
            file: file.to_string(),
            line: None,
            column: None,
        },
    };
    let mut message = e.message().trim().replace('\n', "; ");
    for (rust, words) in [
        ("invalid type: ", "wrong kind of value: "),
        ("expected usize", "expected a whole number"),
        ("expected u32", "expected a whole number"),
        ("expected u64", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected a boolean", "expected true or false"),
        ("wanted string or table", "expected a quoted name"),
        ("unknown variant", "unknown value"),
    ] {
        message = message.replace(rust, words);
    }
    // TOML's dates and times reach serde as a map: say what was written.
    let written = e.span().and_then(|span| text.get(span)).unwrap_or_default();
    if written.starts_with(|c: char| c.is_ascii_digit()) {
        message = message.replace("value: map", "value: a date or time");
    }
    if let Some(at) = message.find("expected struct ") {
        message.truncate(at);
        message.push_str("expected a table of keys (such as [weights] with teach = 1)");
    }
    Error::Usage(format!(
        "{location}: {message}; see the README's config section for the keys"
    ))
}

/// The line and column (in characters) in `file` just after `before`, the
/// bytes that precede a problem.
fn place(file: &str, before: &[u8]) -> Location {
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |at| at + 1);
    Location {
        file: file.to_string(),
        line: Some(before.iter().filter(|&&b| b == b'\n').count() as u64 + 1),
        column: Some((
            String::from_utf8_lossy(&before[line_start..])
                .chars()
                .count()
                + 1,
            String::new(),
        )),
    }
}
