//! rmatch's integration tests, in one test crate: each module drives the
//! real binary (through the harness in [`support`]) or the library's public
//! stages end to end.
//!
//! - [`cli`]: every command and flag, with small rosters worked out by hand.
//! - [`coordinator`]: `init` and `check`, the HTML report, the terminal.
//! - [`trust`]: real-world exports, hostile input, spreadsheet-safe CSV and
//!   private attributes.
//! - [`analysis`]: `rmatch explain` and `rmatch sweep`.
//! - [`rules`]: programme rules through the library, with property tests.
//! - [`quotas`]: the exact quota search against a brute force and the
//!   integer program, time limits, rules that cannot hold.
//! - [`shapes`]: programme shapes (attribute rules, everyone first,
//!   minimum loads, outside scores) against a brute force and through the
//!   binary.
//! - [`optimality`]: both solvers against a brute force on random rosters.
//! - [`robustness`]: random bytes, mutated rosters and the fuzz corpus
//!   through the fuzz oracles (`rmatch-testkit`).
//! - [`determinism`]: the same bytes for any thread count.
//! - [`excel`]: rosters read from workbooks, pairs written as one.
//! - [`continuation`]: `pair --continue` against `--locks` and an exhaustive search.
//! - [`alternatives`]: `pair --alternatives` against forcing each pair and solving again.
//! - [`readme`]: the README's examples and commands, run as written.
//! - [`learn`]: `rmatch learn` and `rmatch generate --feedback`: hidden
//!   weights recovered, the config file read back by `pair`, refusals.
//! - [`words`]: a roster in the style of a developer survey (topics with
//!   colons, no levels, aliases, placeholders, blank names), as a new user
//!   runs it.
//! - [`intros`]: `rmatch intros`, its e-mails and invites read by
//!   independent parsers, meeting times across daylight saving.
//! - [`cycles`]: a coordinator's programme over several cycles: changed
//!   rosters, last cycle's files after a spreadsheet round trip, side files.
//! - [`second_cycle`]: `explain` and `check` with `--continue`, against
//!   what `pair --continue` writes.

mod support;

mod alternatives;
mod analysis;
mod cli;
mod continuation;
mod coordinator;
mod cycles;
mod determinism;
mod excel;
mod intros;
mod learn;
mod optimality;
mod quotas;
mod readme;
mod robustness;
mod rules;
mod second_cycle;
mod shapes;
mod stability;
mod trust;
mod words;
