//! Trust: rosters as HR systems and spreadsheets really export them,
//! hostile input, spreadsheet-safe CSV and private attributes, end to end
//! through the binary.
//!
//! The harness (`TestDir`, `Rmatch`) is shared in `support`.

use std::fs;

use crate::support::{Ran, TestDir};
use serde_json::Value;

mod files;
mod hostile;
mod ids;
mod inputs;
mod private;
mod spreadsheet;

const PAIR_HEADER: &str =
    "status,senior_id,senior_name,junior_id,junior_name,score,teach,learn,interests,diversity,why";
const SCORES_HEADER: &str =
    "senior_id,junior_id,allowed,score,teach,learn,interests,diversity,reason";

// ---------------------------------------------------------------------------
// A real-looking roster, written the ways spreadsheets write it
// ---------------------------------------------------------------------------

const HEADER: [&str; 8] = [
    "id",
    "name",
    "role",
    "skills",
    "wants",
    "interests",
    "department",
    "location",
];

/// Two seniors and two juniors with accented names; S01 can only learn
/// from J01 and S02 only from J02.
const ROWS: [[&str; 8]; 4] = [
    [
        "S01",
        "Margarethe Schäfer",
        "senior",
        "controlling:5;sap:4",
        "generative ai:4;tiktok:2",
        "hiking",
        "Finance",
        "München",
    ],
    [
        "S02",
        "François Dubois",
        "senior",
        "negotiation:5",
        "power bi:3",
        "wine;cycling",
        "Sales",
        "Lyon",
    ],
    [
        "J01",
        "Zoë Müller",
        "junior",
        "generative ai:5;tiktok:4",
        "controlling:2",
        "hiking;gaming",
        "IT",
        "Berlin",
    ],
    [
        "J02",
        "Åsa Nilsson",
        "junior",
        "power bi:4;python:3",
        "negotiation:1",
        "cycling",
        "Data",
        "Malmö",
    ],
];

/// The roster as text: fields joined by `delimiter` (quoted when they hold
/// it), lines ended by `eol`.
fn render(header: &[&str], rows: &[Vec<&str>], delimiter: char, eol: &str) -> String {
    let field = |f: &str| {
        if f.contains(delimiter) || f.contains('"') {
            format!("\"{}\"", f.replace('"', "\"\""))
        } else {
            f.to_string()
        }
    };
    let line = |fields: &[&str]| {
        fields
            .iter()
            .map(|f| field(f))
            .collect::<Vec<_>>()
            .join(&delimiter.to_string())
    };
    let mut text = line(header);
    text.push_str(eol);
    for row in rows {
        text.push_str(&line(row));
        text.push_str(eol);
    }
    text
}

fn rows() -> Vec<Vec<&'static str>> {
    ROWS.iter().map(|r| r.to_vec()).collect()
}

/// The plain file: UTF-8, commas, LF.
fn plain() -> String {
    render(&HEADER, &rows(), ',', "\n")
}

/// Text in Windows-1252 (the accents here are all in its Latin-1 range,
/// plus the en dash and euro sign).
fn cp1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '–' => 0x96,
            '€' => 0x80,
            c => u8::try_from(u32::from(c)).expect("a Windows-1252 character"),
        })
        .collect()
}

/// What `rmatch pair` prints for the plain file; every export of the same
/// roster must print exactly this.
fn reference(t: &TestDir) -> String {
    t.write("plain.csv", plain());
    let ran = t.rmatch().args(["pair", "plain.csv"]).run();
    let pairs: Vec<&str> = ran
        .stdout
        .lines()
        .filter(|l| l.starts_with("paired,"))
        .collect();
    assert_eq!(pairs.len(), 2, "{}", ran.stdout);
    assert!(pairs[0].starts_with("paired,S01,Margarethe Schäfer,J01,Zoë Müller,"));
    assert!(pairs[1].starts_with("paired,S02,François Dubois,J02,Åsa Nilsson,"));
    ran.stdout
}

/// Runs `rmatch pair FILE [args]` on `contents` and expects the reference
/// output with no warning.
#[track_caller]
fn assert_reads_like_plain(name: &str, contents: impl AsRef<[u8]>, args: &[&str]) {
    let t = TestDir::new();
    let expected = reference(&t);
    t.write(name, contents);
    t.rmatch()
        .args(["pair", name])
        .args(args)
        .stdout(expected)
        .stderr_lacks("warning")
        .stderr_has("rmatch: 2 pairs")
        .run();
}
