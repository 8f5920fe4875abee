//! rmatch pairs junior and senior employees for reverse mentoring.
//!
//! The data flows through one module per stage:
//! [`roster`] (read and validate the CSV) -> [`scoring`] (score and allow
//! pairs) -> [`model`] and [`solve`] (candidate pairs, exact solve,
//! optimality certificate) -> [`explain`] (plain-language reasons) ->
//! [`output`] (CSV, JSON and table writers). [`synth`] makes synthetic
//! rosters for tests and benchmarks.

pub mod analysis;
pub mod cli;
pub mod commands;
pub mod config;
pub mod dialect;
pub mod encoding;
pub mod error;
pub mod explain;
pub mod files;
pub mod harness;
pub mod model;
pub mod output;
pub mod roster;
pub mod rules;
pub mod scoring;
pub mod solve;
pub mod synth;
