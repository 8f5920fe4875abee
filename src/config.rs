//! The effective configuration of a run: everything that shapes a pairing
//! (weights, attributes, objective, solver, rules), as the TOML config file
//! states it; the app lays the command-line flags over it.
//!
//! It has the same shape as the TOML file, and the JSON summary echoes it,
//! so any run can be reproduced from its own output.

use crate::error::{Diagnostic, Error, Location, Result};
use crate::files;
pub use crate::rules::RuleSpec;
use crate::scoring::{Weights, MAX_WEIGHT};
use crate::solve::{Method, Objective, SolveOptions, DEFAULT_CANDIDATES};

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

    /// Range checks that apply whether a value came from a flag or the file.
    pub fn check(&self) -> Result<()> {
        let w = &self.weights;
        for (name, value) in w.named() {
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

    /// How to solve: the objective, the solver, the candidates and the time
    /// limit this configuration sets.
    pub fn solve_options(&self) -> SolveOptions {
        SolveOptions {
            objective: self.objective,
            method: self.method(),
            candidates: self.candidates,
            time_limit: self.time_limit,
            progress: None,
        }
    }

    /// The solver to use: as chosen, else flow (with quotas, flow and the
    /// exact quota search).
    pub fn method(&self) -> Method {
        self.solver.unwrap_or_default()
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
