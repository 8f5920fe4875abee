//! No input makes rmatch panic or hang.
//!
//! These tests run [`rmatch_testkit::pipeline`], the same function the
//! fuzz targets in `fuzz/` run: it reads the bytes as a roster and, when it
//! is a small valid one, pairs, explains and writes it in every format,
//! asserting a clean error list or a valid result. Random bytes, random
//! mutations of real-looking rosters, and every input of the committed fuzz
//! corpus go through it.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use rmatch_testkit::{self as harness, Verdict};

/// Real-looking rosters the mutations start from.
const SEEDS: [&[u8]; 6] = [
    b"id,name,role,skills,wants,interests,department\n\
S1,Sam,senior,strategy:5;python:2,python:4;tiktok:2,chess;jazz,Finance\n\
S2,Sue,senior,budgeting:4;excel:1,excel:3,golf,Sales\n\
J1,Jo,junior,python:5;tiktok:3;strategy:3,strategy:2,chess;hiking,Engineering\n\
J2,Jay,junior,excel:3;budgeting:1,budgeting:3,golf,Sales\n",
    b"id,name,role,skills,wants,department,languages,capacity,manager,exclude,gender\n\
S1,Ann,senior,finance:5,ai:4;tiktok:2,Finance,English;French,2,S3,J2,female\n\
S2,Bob,senior,sales:4,cloud:3,Sales,German,1,S3,,male\n\
S3,Cy,senior,,ai,Board,,1,,,\n\
J1,\"Doe, Jane\",junior,ai:5;cloud:4,sales:2,IT,French,1,S2,,female\n\
J2,Eve,junior,tiktok:5;ai:3,,IT,German;English,1,,,x\n",
    b"sep=;\r\nID ; Role ;Name;Skills;Wants;\r\nS1;senior;Ana;;\"python:4;tiktok:2\";\r\n\r\nJ1;junior;Jos\xe9;\"python:5\";;\r\n",
    b"\xef\xbb\xbfid\trole\tname\tskills\twants\r\nS1\tsenior\t=cmd()\t\tai:4\r\nJ1\tjunior\t\"two\nlines\"\tai:5\t\r\n",
    b"id,role,skills,capacity,manager\nS1,senior,python:9,x,S2\nS2,boss,,1,S1\nS1,junior,,101,\n,senior,,,\n",
    b"id,role,wants,skills,manager\nS1,senior,ai,,J1\nJ1,junior,,ai:5,S1\nS2,senior,ai:5,,S2\nJ2,junior,,ai:4,\n",
];

/// Pieces of text the mutations splice in: delimiters, quotes, line breaks,
/// byte order marks, bytes that are not UTF-8, and roster syntax.
const TOKENS: [&[u8]; 16] = [
    b"\"",
    b",",
    b";",
    b"\t",
    b"\r\n",
    b"\n",
    b"\r",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xe9",
    b":9",
    b":0",
    b";;",
    b"senior",
    b"junior",
    b"=HYPERLINK(",
];

#[derive(Clone, Debug)]
enum Mutation {
    Insert(prop::sample::Index, Vec<u8>),
    Delete(prop::sample::Index, usize),
    Replace(prop::sample::Index, u8),
    DuplicateLine(prop::sample::Index),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (
            any::<prop::sample::Index>(),
            prop::sample::select(&TOKENS[..])
        )
            .prop_map(|(i, t)| Mutation::Insert(i, t.to_vec())),
        (any::<prop::sample::Index>(), 1..8usize).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Mutation::Replace(i, b)),
        any::<prop::sample::Index>().prop_map(Mutation::DuplicateLine),
    ]
}

fn apply(mut bytes: Vec<u8>, mutations: &[Mutation]) -> Vec<u8> {
    for m in mutations {
        let at = |i: &prop::sample::Index, len: usize| if len == 0 { 0 } else { i.index(len) };
        match m {
            Mutation::Insert(i, token) => {
                let p = at(i, bytes.len() + 1);
                bytes.splice(p..p, token.iter().copied());
            }
            Mutation::Delete(i, n) => {
                let p = at(i, bytes.len());
                let end = (p + n).min(bytes.len());
                bytes.drain(p..end);
            }
            Mutation::Replace(i, b) => {
                if !bytes.is_empty() {
                    let p = at(i, bytes.len());
                    bytes[p] = *b;
                }
            }
            Mutation::DuplicateLine(i) => {
                let lines: Vec<&[u8]> = bytes.split_inclusive(|&b| b == b'\n').collect();
                if !lines.is_empty() {
                    let line = lines[at(i, lines.len())].to_vec();
                    let p = at(i, bytes.len() + 1);
                    bytes.splice(p..p, line);
                }
            }
        }
    }
    bytes
}

/// Runs the pipeline and checks it finished promptly (no hang).
fn run(data: &[u8]) -> Verdict {
    let started = Instant::now();
    let verdict = harness::pipeline(data);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "one small input took {:?}",
        started.elapsed()
    );
    verdict
}

#[test]
fn seeds_are_read_as_expected() {
    // The seeds themselves: the valid ones pair, the broken ones are refused.
    for (i, seed) in SEEDS.iter().enumerate() {
        let mut data = vec![0u8];
        data.extend_from_slice(seed);
        match (i, run(&data)) {
            (4 | 5, Verdict::Rejected(errors)) => assert!(errors.len() >= 2, "{errors:?}"),
            (2, Verdict::Rejected(errors)) => {
                // Windows-1252 text read as UTF-8: the error names the flag.
                assert!(errors[0].message.contains("--encoding windows-1252"));
            }
            (0 | 1 | 3, Verdict::Read { pairs, .. }) => assert!(pairs > Some(0)),
            (i, other) => panic!("seed {i}: {other:?}"),
        }
    }
    // The same file with --encoding windows-1252 (option byte 1) pairs.
    let mut data = vec![1u8];
    data.extend_from_slice(SEEDS[2]);
    assert!(matches!(run(&data), Verdict::Read { pairs: Some(1), .. }));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1500, ..ProptestConfig::default() })]

    /// Arbitrary bytes, with arbitrary reading options.
    #[test]
    fn random_bytes_give_a_clean_error_or_a_valid_result(data in prop::collection::vec(any::<u8>(), 0..600)) {
        run(&data);
    }

    /// Real-looking rosters, mutated: a clean error or a valid result.
    #[test]
    fn mutated_rosters_give_a_clean_error_or_a_valid_result(
        seed in 0..SEEDS.len(),
        options in any::<u8>(),
        mutations in prop::collection::vec(mutation(), 1..8),
    ) {
        let mut data = vec![options];
        data.extend(apply(SEEDS[seed].to_vec(), &mutations));
        run(&data);
    }
}

/// Every input the fuzzer kept (and every crash it found, once fixed)
/// replays here, through the same function the fuzz targets call.
#[test]
fn fuzz_corpus_replays_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut replayed = 0;
    for target in ["roster", "pipeline"] {
        let folder = root.join(target);
        let mut entries: Vec<_> = fs::read_dir(&folder)
            .unwrap_or_else(|e| panic!("read {}: {e}", folder.display()))
            .map(|e| e.expect("folder entry").path())
            .collect();
        entries.sort();
        assert!(!entries.is_empty(), "{} is empty", folder.display());
        for path in entries {
            let data = fs::read(&path).expect("read a corpus file");
            let outcome = std::panic::catch_unwind(|| match target {
                "roster" => {
                    let _ = harness::parse(&data);
                }
                _ => {
                    run(&data);
                }
            });
            assert!(outcome.is_ok(), "{} panicked", path.display());
            replayed += 1;
        }
    }
    assert!(replayed >= 10, "only {replayed} corpus inputs");
}
