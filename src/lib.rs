//! rmatch pairs junior and senior employees for reverse mentoring.
//!
//! The data flows through one module per stage:
//! [`roster`] (read and validate the CSV) -> [`scoring`] (score and allow
//! pairs) -> [`model`] and [`solve`] (candidate pairs, exact solve,
//! optimality certificate) -> [`explain`] (plain-language reasons) ->
//! [`output`] (CSV, JSON and table writers) and [`report`] (the HTML report
//! for sponsors). [`readiness`] is `rmatch check`'s summary, [`template`]
//! the roster `rmatch init` writes, [`manual`] the completions and man
//! pages; [`terminal`] and [`progress`] cover colour, width, the progress
//! bar and `-v` timings. [`synth`] makes synthetic rosters for tests and
//! benchmarks.

pub mod analysis;
pub mod cli;
pub mod commands;
pub mod config;
pub mod dialect;
pub mod encoding;
pub mod error;
pub mod explain;
pub mod files;
pub mod manual;
pub mod model;
pub mod output;
pub mod progress;
pub mod readiness;
pub mod report;
pub mod roster;
pub mod rules;
pub mod scoring;
pub mod solve;
pub mod template;
pub mod terminal;
