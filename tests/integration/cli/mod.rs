//! End-to-end tests of the `rmatch` binary.
//!
//! Every test writes its own small roster into a fresh temporary folder and
//! runs the real binary there through `Rmatch`, the fluent wrapper around
//! `assert_cmd::Command` in `support/` (shared with the other binary tests)
//! that states the arguments, standard input, expected exit code and expected
//! output in one place. Rosters are small enough that every expected score is
//! worked out by hand in a comment next to it.

use std::fs;
use std::io::Read;
use std::path::Path;
use std::process::{Command as StdCommand, Stdio};

use proptest::prelude::*;
use serde_json::Value;

use crate::support::{lines, TestDir};

mod bad_input;
mod commands;
mod hard_rules;
mod outputs;
mod pair;
mod properties;
mod quotas;

/// The roster's header and data rows, the rows put in `order`.
fn reorder(roster: &str, order: &[usize]) -> String {
    let mut rows = roster.lines();
    let header = rows.next().expect("a header");
    let rows: Vec<&str> = rows.collect();
    assert_eq!(order.len(), rows.len(), "a permutation of every row");
    let mut out = vec![header];
    out.extend(order.iter().map(|&i| rows[i]));
    lines(&out)
}

/// Asserts that a run on `roster` fails with exit 3 and that stderr holds
/// exactly one `error:` line per expected prefix, in order, each starting
/// with its prefix (the prefix holds the file, line, column and the key words).
#[track_caller]
fn assert_roster_errors(roster: impl AsRef<[u8]>, expected: &[&str]) {
    let t = TestDir::new();
    t.write("r.csv", roster);
    let ran = t
        .rmatch()
        .args(["pair", "r.csv"])
        .code(3)
        .stdout("")
        .stderr_lacks("rmatch:")
        .run();
    let errors = ran.error_lines();
    assert_eq!(
        errors.len(),
        expected.len(),
        "wrong number of error lines:\n{}",
        ran.stderr
    );
    for (line, prefix) in errors.iter().zip(expected) {
        assert!(
            line.starts_with(prefix),
            "error line\n  {line}\ndoes not start with\n  {prefix}\nstderr:\n{}",
            ran.stderr
        );
    }
}

const PAIR_HEADER: &str =
    "status,senior_id,senior_name,junior_id,junior_name,score,teach,learn,interests,diversity,why";
const SCORES_HEADER: &str =
    "senior_id,junior_id,allowed,score,teach,learn,interests,diversity,reason";

/// Three seniors, two juniors; one pair per senior at most.
///
/// S1-J1: teach = (4*min(5-2,4) + 2*min(3-0,4)) / (4*(4+2)) = 18/24 = 0.75;
///        learn = 2*min(5-3,4) / (4*2) = 0.5; interests {chess} / {chess,jazz,hiking} = 1/3;
///        diversity Finance vs Engineering = 1/1;
///        score = 0.5*0.75 + 0.2*0.5 + 0.1/3 + 0.2*1 = 0.708333.
/// S2-J2: teach = 3*min(3-1,4) / 12 = 0.5; learn = 3*min(4-1,4) / 12 = 0.75;
///        interests 1/1; diversity Sales vs Sales = 0;
///        score = 0.25 + 0.15 + 0.1 + 0 = 0.5.
/// S3 wants quantum computing, which nobody teaches. Every other pair has nothing to teach.
const TINY: &str = "\
id,name,role,skills,wants,interests,department
S1,Sam,senior,strategy:5;python:2,python:4;tiktok:2,chess;jazz,Finance
S2,Sue,senior,budgeting:4;excel:1,excel:3,golf,Sales
S3,Stan,senior,,quantum computing,,Legal
J1,Jo,junior,python:5;tiktok:3;strategy:3,strategy:2,chess;hiking,Engineering
J2,Jay,junior,excel:3;budgeting:1,budgeting:3,golf,Sales
";

const TINY_S1_J1: &str = "paired,S1,Sam,J1,Jo,0.7083,0.7500,0.5000,0.3333,1.0000,\
Jo teaches Sam python (level 5 vs 2) and tiktok (level 3 vs 0); \
Sam offers back strategy (level 5 vs 3); they share chess; \
they differ in department (Finance vs Engineering).";
const TINY_S2_J2: &str = "paired,S2,Sue,J2,Jay,0.5000,0.5000,0.7500,1.0000,0.0000,\
Jay teaches Sue excel (level 3 vs 1); Sue offers back budgeting (level 4 vs 1); they share golf.";
const TINY_S3: &str =
    "unmatched,S3,Stan,,,,,,,,no allowed partner: no junior teaches any of: quantum computing";

fn tiny_csv() -> String {
    lines(&[PAIR_HEADER, TINY_S1_J1, TINY_S2_J2, TINY_S3])
}

/// Two seniors and two juniors where the best-scoring pairing is smaller
/// than the largest one. With teach weight 1 and the others 0:
/// S1-J1 = 4*4/16 = 1.0, S1-J2 = 4*1/16 = 0.25, S2-J1 = 1*1/(4*5) = 0.05;
/// S2-J2 has nothing to teach. Two pairs: S1-J2 + S2-J1 = 0.30 < S1-J1 = 1.0.
const LEX: &str = "\
id,name,role,skills,wants
S1,Ann,senior,,ai:4
S2,Bob,senior,,blockchain:1;cloud:4
J1,Cat,junior,ai:5;blockchain:1,
J2,Dan,junior,ai:1,
";
const TEACH_ONLY: &str = "teach=1,learn=0,interests=0,diversity=0";

/// Pairs of a `rmatch pair` CSV as "senior-junior" strings.
fn paired(csv: &str) -> Vec<String> {
    csv.lines()
        .filter(|l| l.starts_with("paired,"))
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            format!("{}-{}", f[1], f[3])
        })
        .collect()
}

/// Pairs of a `rmatch pair` JSON document as "senior-junior" strings.
fn json_paired(doc: &Value) -> Vec<String> {
    doc["pairs"]
        .as_array()
        .expect("pairs is an array")
        .iter()
        .map(|p| {
            format!(
                "{}-{}",
                p["senior_id"].as_str().expect("senior_id"),
                p["junior_id"].as_str().expect("junior_id")
            )
        })
        .collect()
}
