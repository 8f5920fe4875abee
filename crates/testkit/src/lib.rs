//! The code the fuzz targets (`fuzz/`) and the robustness tests run, so a
//! crash the fuzzer finds replays in the normal test suite.
//!
//! [`pipeline`] reads arbitrary bytes as a roster, with reading options
//! taken from the first byte, and on small valid rosters runs everything
//! `rmatch pair` and `rmatch scores` run, checking what a user relies on:
//! a rejected roster gets errors that each say what to fix; an accepted one
//! gets a pairing that respects capacities and hard rules, proven optimal,
//! written in every format (and the HTML report) without losing a row.

use std::collections::BTreeMap;

use rmatch::config::Config;
use rmatch::error::{Diagnostic, Error};
use rmatch::outcome::Outcome;
use rmatch::output::{CsvExporter, Exporter, Format, PAIR_COLUMNS};
use rmatch::report::HtmlReport;
use rmatch::roster::encoding::Encoding;
use rmatch::roster::{self, ReadOptions, Roster};
use rmatch::rules::{self, RuleSpec};
use rmatch::scoring::Scorer;
use rmatch::solve::{self, Objective, SolveOptions};

/// Rosters with more people than this are only parsed, not paired, so each
/// fuzz input stays fast.
pub const MAX_PIPELINE_PEOPLE: usize = 40;
/// With quotas (solved by the integer program) the limit is lower.
pub const MAX_QUOTA_PEOPLE: usize = 12;

/// The programme rules the last bit of the option byte turns on: quotas on
/// a (possibly private) attribute and on department, and a minimum score.
pub fn rules_from(byte: u8) -> RuleSpec {
    if byte & 0b1000_0000 == 0 {
        return RuleSpec::default();
    }
    RuleSpec {
        fair: BTreeMap::from([("gender".to_string(), 0.3)]),
        max_same: BTreeMap::from([("department".to_string(), 0.5)]),
        min_score: Some(0.05),
        ..RuleSpec::default()
    }
}

/// What became of one input.
#[derive(Debug)]
pub enum Verdict {
    /// The roster was refused with these errors.
    Rejected(Vec<Diagnostic>),
    /// The roster was read; it was paired when small enough.
    Read { people: usize, pairs: Option<usize> },
}

/// Reading options from one byte: encoding, delimiter, a private column and
/// a chosen diversity column, so the fuzzer explores every reading path.
pub fn options_from(byte: u8) -> ReadOptions {
    let encoding = match byte & 0b11 {
        1 => Encoding::Windows1252,
        2 => Encoding::Latin1,
        _ => Encoding::Utf8,
    };
    let delimiter = match (byte >> 2) & 0b11 {
        1 => Some(b','),
        2 => Some(b';'),
        3 => Some(b'\t'),
        _ => None,
    };
    let private = if byte & 0b1_0000 != 0 {
        vec!["gender".to_string()]
    } else {
        Vec::new()
    };
    let diversity = (byte & 0b10_0000 != 0).then(|| vec!["department".to_string()]);
    ReadOptions {
        diversity,
        private,
        encoding,
        delimiter,
        ..ReadOptions::default()
    }
}

/// Parses `data` (first byte: options, see [`options_from`]; the rest: the
/// roster file) and checks the outcome is a clean result or clean errors.
pub fn parse(data: &[u8]) -> Result<Roster, Vec<Diagnostic>> {
    let (options, bytes) = match data.split_first() {
        Some((first, rest)) => {
            let mut options = options_from(*first);
            options.rule_attributes = rules_from(*first).attributes();
            (options, rest)
        }
        None => (ReadOptions::default(), data),
    };
    match roster::parse("fuzz.csv", bytes, &options) {
        Ok(roster) => {
            check_roster(&roster);
            Ok(roster)
        }
        Err(Error::Data(errors)) => {
            assert!(!errors.is_empty(), "a rejected roster names no error");
            for e in &errors {
                assert_eq!(e.location.file, "fuzz.csv", "{e}");
                assert!(
                    e.message.contains("; "),
                    "the error does not say what to do: {e}"
                );
                assert!(
                    e.message.len() < 2000,
                    "an error message runs to {} bytes",
                    e.message.len()
                );
            }
            Err(errors)
        }
        Err(other) => panic!("parsing gave a non-data error: {other}"),
    }
}

fn check_roster(roster: &Roster) {
    assert!(roster.n_seniors <= roster.people.len());
    assert_eq!(roster.private.len(), roster.diversity.len());
    for p in &roster.people {
        assert!(!p.id.is_empty(), "an empty id was accepted");
        assert_eq!(p.attributes.len(), roster.diversity.len());
        for id in p.skills.iter().chain(&p.wants).map(|t| t.id) {
            assert!((id as usize) < roster.vocab.len());
        }
    }
}

/// Parses `data` and, for small valid rosters, pairs, explains and writes
/// them in every format, checking the results. Panics on any broken promise.
pub fn pipeline(data: &[u8]) -> Verdict {
    let roster = match parse(data) {
        Ok(roster) => roster,
        Err(errors) => return Verdict::Rejected(errors),
    };
    let people = roster.people.len();
    let byte = data.first().copied().unwrap_or(0);
    let config = Config {
        objective: if byte & 0b100_0000 != 0 {
            Objective::Score
        } else {
            Objective::PairsThenScore
        },
        candidates: 2,
        rules: rules_from(byte),
        ..Config::default()
    };
    let quotas = config.rules.has_quotas();
    let limit = if quotas {
        MAX_QUOTA_PEOPLE
    } else {
        MAX_PIPELINE_PEOPLE
    };
    if people > limit {
        return Verdict::Read {
            people,
            pairs: None,
        };
    }
    let rules = rules::resolve(&roster, &config.rules).expect("rules on columns the roster has");
    let scorer = Scorer::with_rules(&roster, config.weights, rules);
    let options = SolveOptions {
        time_limit: quotas.then_some(5.0),
        ..config.solve_options()
    };
    let solution = match solve::solve(&scorer, &options) {
        Ok(solution) => solution,
        Err(Error::Infeasible(why)) if quotas => {
            assert!(
                why.contains("; "),
                "the infeasibility does not say what to do: {why}"
            );
            return Verdict::Read {
                people,
                pairs: None,
            };
        }
        Err(e) => panic!("the solver failed: {e}"),
    };
    if !quotas {
        assert!(solution.proven_optimal, "{}", solution.proof);
    }

    // Capacities and hard rules hold.
    let mut used = vec![0u32; people];
    for p in &solution.pairs {
        assert!(
            scorer.evaluate(p.senior, p.junior).1.is_none(),
            "a forbidden pair was made"
        );
        used[p.senior] += 1;
        used[roster.n_seniors + p.junior] += 1;
    }
    for (person, n) in roster.people.iter().zip(&used) {
        assert!(*n <= person.capacity, "{} is over capacity", person.id);
    }

    let outcome = Outcome::build(&scorer, &solution, &config, false);
    let rows = outcome.pairs.len() + outcome.unmatched.len();
    for exporter in [
        Format::Table.exporter(),
        Format::Json.exporter(),
        Box::new(CsvExporter::default()) as Box<dyn Exporter>,
        Box::new(CsvExporter {
            raw: true,
            ..CsvExporter::default()
        }),
    ] {
        let mut out = Vec::new();
        exporter
            .write(&outcome, &mut out)
            .expect("writes to memory");
        assert!(std::str::from_utf8(&out).is_ok(), "output is not UTF-8");
    }
    // The sponsor's HTML report, with the fair chart of the (private) gender.
    let report = HtmlReport {
        scorer: &scorer,
        solution: &solution,
        fair: config.rules.fair.keys().cloned().collect(),
    };
    let mut html = Vec::new();
    report.write(&outcome, &mut html).expect("writes to memory");
    assert!(
        std::str::from_utf8(&html).is_ok(),
        "the report is not UTF-8"
    );

    // Every row comes back from the CSV, with every field.
    let mut csv = Vec::new();
    CsvExporter::default()
        .write(&outcome, &mut csv)
        .expect("writes");
    let mut reader = csv::Reader::from_reader(csv.as_slice());
    let mut read = 0;
    for record in reader.records() {
        let record = record.expect("rmatch's CSV reads back");
        assert_eq!(record.len(), PAIR_COLUMNS.len());
        read += 1;
    }
    assert_eq!(read, rows, "CSV rows lost");
    let mut json = Vec::new();
    Format::Json
        .exporter()
        .write(&outcome, &mut json)
        .expect("writes");
    let doc: serde_json::Value = serde_json::from_slice(&json).expect("rmatch's JSON reads back");
    assert_eq!(
        doc["pairs"].as_array().map(Vec::len),
        Some(outcome.pairs.len())
    );

    // What `rmatch scores` evaluates.
    for s in 0..roster.n_seniors {
        for j in 0..roster.n_juniors() {
            let (counts, _) = scorer.evaluate(s, j);
            let c = counts.components(&scorer.weights);
            assert!(c.score.is_finite() && c.score >= 0.0);
        }
    }
    Verdict::Read {
        people,
        pairs: Some(solution.pairs.len()),
    }
}
