//! The effective configuration of a run: the config file (`--config`)
//! with command-line flags laid over it.
//!
//! It has the same shape as the TOML file, and the JSON summary echoes it,
//! so any run can be reproduced from its own output.

use crate::cli::{PairArgs, RuleArgs, ScoringArgs};
use crate::error::{Diagnostic, Error, Location, Result};
use crate::files;
use crate::model::Objective;
use crate::rules::{parse_share, RuleSpec, DEFAULT_FAIR_TOLERANCE};
use crate::scoring::{Weights, MAX_WEIGHT};
use crate::solve::{Method, DEFAULT_CANDIDATES};

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
    pub objective: Objective,
    /// `None` chooses: flow, or ip when there are quotas.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub solver: Option<Method>,
    pub candidates: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub time_limit: Option<f64>,
    pub rules: RuleSpec,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            weights: Weights::default(),
            diversity: None,
            private: Vec::new(),
            objective: Objective::default(),
            solver: None,
            candidates: DEFAULT_CANDIDATES,
            time_limit: None,
            rules: RuleSpec::default(),
        }
    }
}

impl Config {
    /// The config file named by `--config` (or the defaults), with the
    /// scoring and rule flags laid over it.
    pub fn from_flags(scoring: &ScoringArgs) -> Result<Config> {
        let mut config = match &scoring.rules.config {
            Some(path) => Config::read(path)?,
            None => Config::default(),
        };
        if let Some(spec) = &scoring.weights {
            config.weights = config.weights.parse_over(spec)?;
        }
        if let Some(diversity) = &scoring.diversity {
            config.diversity = Some(diversity.clone());
        }
        if !scoring.input.private.is_empty() {
            config.private = scoring.input.private.clone();
        }
        config.apply_rules(&scoring.rules)?;
        config.check()?;
        Ok(config)
    }

    /// [`Config::from_flags`] plus the flags only `pair` has.
    pub fn for_pair(args: &PairArgs) -> Result<Config> {
        let mut config = Config::from_flags(&args.scoring)?;
        if let Some(objective) = args.objective {
            config.objective = objective;
        }
        if let Some(solver) = args.solver {
            config.solver = Some(solver);
        }
        if let Some(k) = args.candidates {
            config.candidates = k;
        }
        if let Some(t) = args.time_limit {
            config.time_limit = Some(t);
        }
        config.check()?;
        Ok(config)
    }

    /// Reads a TOML config file; errors name the file, line and column.
    pub fn read(path: &str) -> Result<Config> {
        let (source, bytes) = files::read_input(path)?;
        let text = String::from_utf8(bytes).map_err(|_| {
            data_error(
                &source,
                None,
                "the config file is not valid UTF-8; save it as UTF-8".into(),
            )
        })?;
        toml::from_str::<Config>(&text).map_err(|e| {
            let line = e
                .span()
                .map(|span| text[..span.start].matches('\n').count() as u64 + 1);
            let message = e.message().trim().to_string();
            data_error(
                &source,
                line,
                format!("{message}; see the README's config section for the keys"),
            )
        })
    }

    fn apply_rules(&mut self, flags: &RuleArgs) -> Result<()> {
        let rules = &mut self.rules;
        // A repeatable flag, when given, replaces the config's list.
        let replace = |target: &mut Vec<String>, given: &Vec<String>| {
            if !given.is_empty() {
                *target = given.clone();
            }
        };
        replace(&mut rules.lock, &flags.lock);
        replace(&mut rules.locks, &flags.locks);
        replace(&mut rules.forbid, &flags.forbid);
        replace(&mut rules.history, &flags.history);
        if flags.unmatched_bonus.is_some() {
            rules.unmatched_bonus = flags.unmatched_bonus;
        }
        if flags.max_tz_gap.is_some() {
            rules.max_tz_gap = flags.max_tz_gap;
        }
        if flags.min_score.is_some() {
            rules.min_score = flags.min_score;
        }
        if !flags.max_same.is_empty() {
            rules.max_same.clear();
            for text in &flags.max_same {
                let (name, share) = parse_share("--max-same", text, None)?;
                rules.max_same.insert(name, share);
            }
        }
        if !flags.fair.is_empty() {
            rules.fair.clear();
            for text in &flags.fair {
                let (name, tolerance) = parse_share("--fair", text, Some(DEFAULT_FAIR_TOLERANCE))?;
                rules.fair.insert(name, tolerance);
            }
        }
        Ok(())
    }

    /// Range checks that apply whether a value came from a flag or the file.
    fn check(&self) -> Result<()> {
        let w = &self.weights;
        for (name, value) in [
            ("teach", w.teach),
            ("learn", w.learn),
            ("interests", w.interests),
            ("diversity", w.diversity),
        ] {
            if !(0.0..=MAX_WEIGHT).contains(&value) {
                return Err(Error::Usage(format!(
                    "weight {name}={value} is out of range; use a number from 0 to {MAX_WEIGHT}"
                )));
            }
        }
        for (name, share) in self.rules.max_same.iter().chain(&self.rules.fair) {
            if !(0.0..=1.0).contains(share) {
                return Err(Error::Usage(format!(
                    "the share {share} for {name} is out of range; use a number from 0 to 1"
                )));
            }
        }
        if !(1..=10_000).contains(&self.candidates) {
            return Err(Error::Usage(format!(
                "candidates = {} is out of range; use 1 to 10000",
                self.candidates
            )));
        }
        if let Some(t) = self.time_limit {
            if !(t.is_finite() && t > 0.0) {
                return Err(Error::Usage(format!(
                    "--time-limit {t} must be a positive number of seconds"
                )));
            }
        }
        Ok(())
    }

    /// The solver to use: as chosen, else ip when quotas need side constraints.
    pub fn method(&self) -> Method {
        self.solver.unwrap_or(if self.rules.has_quotas() {
            Method::Ip
        } else {
            Method::Flow
        })
    }
}

fn data_error(file: &str, line: Option<u64>, message: String) -> Error {
    Error::Data(vec![Diagnostic {
        location: Location {
            file: file.to_string(),
            line,
            column: None,
        },
        message,
    }])
}
