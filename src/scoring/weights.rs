//! How much each part of the score counts, and the one table of their names
//! that `--weights`, the config file's range check and `rmatch sweep --vary`
//! all read.

use crate::error::{Error, Result};
use crate::units::MAX_WEIGHT;

/// How much each part of the score counts. Each weight is in `0..=MAX_WEIGHT`.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Weights {
    pub teach: f64,
    pub learn: f64,
    pub interests: f64,
    pub diversity: f64,
    /// The weight of a pair's score from `--pair-scores` (default 1; with
    /// no file every pair's external part is 0, so it changes nothing).
    #[serde(skip_serializing_if = "is_default_external")]
    pub external: f64,
    /// The weight of the `preference` part (stated preferences, the
    /// `prefers` column); default 0, left out of the JSON when 0.
    #[serde(skip_serializing_if = "is_zero")]
    pub preference: f64,
}

fn is_zero(w: &f64) -> bool {
    *w == 0.0
}

/// The default `external` weight is left out of the JSON and the config
/// echo, so runs without `--pair-scores` print what they always did.
fn is_default_external(w: &f64) -> bool {
    *w == DEFAULT_EXTERNAL
}

/// The default weight of the `external` score part.
pub const DEFAULT_EXTERNAL: f64 = 1.0;

impl Default for Weights {
    fn default() -> Self {
        Weights {
            teach: 0.5,
            learn: 0.2,
            interests: 0.1,
            diversity: 0.2,
            external: DEFAULT_EXTERNAL,
            preference: 0.0,
        }
    }
}

impl Weights {
    /// The score parts, in the order every output lists them.
    pub const NAMES: [&'static str; 4] = ["teach", "learn", "interests", "diversity"];

    /// Each weight at its largest among `weightings` (none when there are
    /// none): with weights at least 0, a pair's score under these is at
    /// least its score under each weighting, so one enumeration bounded
    /// under them serves them all.
    pub fn largest(weightings: &[Weights]) -> Option<Weights> {
        let (&first, rest) = weightings.split_first()?;
        Some(rest.iter().fold(first, |m, w| Weights {
            teach: m.teach.max(w.teach),
            learn: m.learn.max(w.learn),
            interests: m.interests.max(w.interests),
            diversity: m.diversity.max(w.diversity),
            external: m.external.max(w.external),
            preference: m.preference.max(w.preference),
        }))
    }

    /// Whether every weight is at least 0 (the bounds on a pair's score
    /// before it is scored rely on it).
    pub fn nonnegative(&self) -> bool {
        [
            self.teach,
            self.learn,
            self.interests,
            self.diversity,
            self.external,
            self.preference,
        ]
        .iter()
        .all(|&x| x >= 0.0)
    }

    /// Each score part's name with its weight, in [`Weights::NAMES`] order.
    pub fn named(&self) -> [(&'static str, f64); 4] {
        [
            ("teach", self.teach),
            ("learn", self.learn),
            ("interests", self.interests),
            ("diversity", self.diversity),
        ]
    }

    /// The weight of the score part `name`, to set it.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut f64> {
        match name {
            "teach" => Some(&mut self.teach),
            "learn" => Some(&mut self.learn),
            "interests" => Some(&mut self.interests),
            "diversity" => Some(&mut self.diversity),
            "external" => Some(&mut self.external),
            "preference" => Some(&mut self.preference),
            _ => None,
        }
    }

    /// Parses `teach=W,learn=W,...` over the defaults; names not given keep their default.
    pub fn parse_over(mut self, spec: &str) -> Result<Self> {
        let mut named: Vec<String> = Vec::new();
        for item in spec.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (name, value) = item.split_once('=').ok_or_else(|| {
                Error::Usage(format!(
                    "--weights item \"{item}\" is not NAME=NUMBER; write for example --weights teach=0.6,diversity=0.1"
                ))
            })?;
            let value: f64 = value
                .trim()
                .parse()
                .ok()
                .filter(|v: &f64| v.is_finite() && (0.0..=MAX_WEIGHT).contains(v))
                .ok_or_else(|| {
                    Error::Usage(format!(
                        "--weights {}: \"{}\" is not a number from 0 to {MAX_WEIGHT}",
                        name.trim(),
                        value.trim()
                    ))
                })?;
            let name = name.trim().to_lowercase();
            // A weight given twice is a slip (which one was meant?), as a
            // key given twice in the config file is.
            if named.contains(&name) {
                return Err(Error::Usage(format!(
                    "--weights names {name} twice; give each weight once"
                )));
            }
            named.push(name.clone());
            match self.get_mut(&name) {
                Some(weight) => *weight = value,
                None => {
                    return Err(Error::Usage(format!(
                        "--weights names \"{name}\", which is not a score part; use teach, learn, interests, diversity, external or preference"
                    )))
                }
            }
        }
        Ok(self)
    }
}
