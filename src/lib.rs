//! rmatch pairs junior and senior employees for reverse mentoring. This
//! library is the engine; the command-line app is private to the binary
//! (`src/app/`).
//!
//! The modules follow the data, each stage using only those before it:
//! [`roster`] reads the CSV or workbook (decoding, dialect, header, rows)
//! and resolves it into people -> [`rules`] checks the programme rules
//! against it -> [`scoring`] scores every pair and applies the hard rules
//! (and [`continuation`] sorts the last run's pairs into kept and ended,
//! `--continue`) -> [`candidates`] keeps each person's best partners ->
//! [`solve`] finds the best pairing (flow, integer program, quotas,
//! stability) and proves it optimal with a certificate -> [`explain`] says
//! why in plain language, and [`alternatives`] what another partner would
//! cost -> [`outcome`] builds the rows and summary once -> [`output`] lays
//! them out as CSV, JSON, a table or a workbook, and [`report`] as the
//! sponsor's HTML page.
//!
//! Beside the main line: [`analysis`] (`rmatch explain` and `rmatch
//! sweep`), [`readiness`] (`rmatch check`), [`intros`] (`rmatch intros`:
//! e-mails and meeting invites for the pairs) and [`learn`] (`rmatch
//! learn`: weights fitted to last cycle's ratings) use the same stages;
//! [`config`] is the effective configuration of a run (the TOML config
//! file's shape); [`error`] maps every failure to an exit code; [`files`]
//! opens inputs and writes outputs atomically, never over an input;
//! [`text`] makes roster text safe for a terminal and compares ids as
//! people read them; [`units`] holds scores as exact integers;
//! [`spreadsheet`] keeps CSV cells from running as formulas (and reads
//! them back).

pub mod alternatives;
pub mod analysis;
pub mod candidates;
pub mod config;
pub mod continuation;
pub mod error;
pub mod explain;
pub mod files;
pub mod intros;
pub mod learn;
pub mod outcome;
pub mod output;
pub mod readiness;
pub mod report;
pub mod roster;
pub mod rules;
pub mod scoring;
pub mod solve;
pub mod spreadsheet;
#[cfg(test)]
mod test_rng;
pub mod text;
pub mod units;
