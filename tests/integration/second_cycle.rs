//! `rmatch explain` and `rmatch check` in a programme's second cycle:
//! `--continue LAST` means for them what it means for `pair --continue`,
//! and what they report is checked against what `pair --continue` writes.

use std::collections::BTreeMap;

use rust_xlsxwriter::{Formula, Workbook};
use serde_json::Value;

use crate::support::{lines, TestDir};

/// The bundled example roster.
fn example() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/examples/roster.csv"))
        .expect("the example roster")
}

/// Cycle 1 paired on the example roster (`last.csv`); cycle 2's roster
/// (`r2.csv`) has lost S05 and J27, and S03's capacity went from 2 to 1.
fn second_cycle() -> TestDir {
    let t = TestDir::new();
    let cycle1 = example();
    t.write("r1.csv", &cycle1);
    t.rmatch()
        .args(["pair", "r1.csv", "-o", "last.csv", "-q"])
        .run();
    let cycle2: String = cycle1
        .lines()
        .filter(|l| !l.starts_with("S05,") && !l.starts_with("J27,"))
        .map(|l| {
            if l.starts_with("S03,") {
                l.replace(",2,S01,", ",1,S01,")
            } else {
                l.to_string()
            }
        })
        .map(|l| l + "\n")
        .collect();
    assert_ne!(cycle2.matches('\n').count(), cycle1.matches('\n').count());
    t.write("r2.csv", cycle2);
    t
}

/// A `pair --format json` run's pairs ((senior, junior) -> the row), its
/// total score and its ended rows.
struct Pairing {
    pairs: BTreeMap<(String, String), Value>,
    total: f64,
    count: usize,
    ended: BTreeMap<(String, String), String>,
}

fn pairing(t: &TestDir, extra: &[&str]) -> Pairing {
    let json = t
        .rmatch()
        .args(["pair", "r2.csv", "--continue", "last.csv", "-q"])
        .args(["--format", "json", "--no-timing"])
        .args(extra)
        .run()
        .json();
    let key = |row: &Value| {
        (
            row["senior_id"].as_str().unwrap().to_string(),
            row["junior_id"].as_str().unwrap().to_string(),
        )
    };
    Pairing {
        pairs: json["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| (key(row), row.clone()))
            .collect(),
        total: json["summary"]["total_score"].as_f64().unwrap(),
        count: json["summary"]["pairs"].as_u64().unwrap() as usize,
        ended: json["ended"]
            .as_array()
            .unwrap()
            .iter()
            .map(|row| (key(row), row["why"].as_str().unwrap().to_string()))
            .collect(),
    }
}

fn explain(t: &TestDir, senior: &str, junior: &str) -> String {
    t.rmatch()
        .args([
            "explain",
            "r2.csv",
            senior,
            junior,
            "--continue",
            "last.csv",
        ])
        .arg("-q")
        .run()
        .stdout
}

/// The number after `prefix` in `text`'s line that starts with it.
fn number_after(text: &str, prefix: &str) -> f64 {
    let line = text
        .lines()
        .find(|l| l.starts_with(prefix))
        .unwrap_or_else(|| panic!("no line starts with {prefix:?}:\n{text}"));
    line[prefix.len()..]
        .split(|c: char| c != '.' && !c.is_ascii_digit())
        .next()
        .unwrap()
        .trim_end_matches('.')
        .parse()
        .unwrap_or_else(|e| panic!("{line}: {e}"))
}

#[test]
fn explain_continued_agrees_with_the_pairing_pair_continue_writes() {
    let t = second_cycle();
    let continued = pairing(&t, &[]);
    // Every pair of pair --continue: paired with the same score, kept or
    // new as its change column says.
    assert!(continued.pairs.len() > 20);
    for ((s, j), row) in &continued.pairs {
        let out = explain(&t, s, j);
        let score = number_after(&out, "  score     = ");
        assert!(
            (score - row["score"].as_f64().unwrap()).abs() < 1e-9,
            "{s}-{j}: {out}"
        );
        match row["change"].as_str().unwrap() {
            "kept" => {
                let line = row["why"]
                    .as_str()
                    .unwrap()
                    .strip_prefix("Kept from the last pairing (last.csv line ")
                    .and_then(|rest| rest.split(')').next())
                    .unwrap()
                    .to_string();
                assert!(
                    out.contains(&format!(
                        "\nkept: the last pairing paired them (last.csv line {line}), and the pair goes on\npaired: "
                    )),
                    "{s}-{j}: {out}"
                );
            }
            _ => assert!(
                out.contains("\npaired (new this cycle): "),
                "{s}-{j}: {out}"
            ),
        }
    }
    // S03 now has one place, kept for the better-scoring of their two
    // pairs: forcing the other back ends the kept one, as pair --continue
    // --lock does.
    let why = &continued.ended[&("S03".to_string(), "J41".to_string())];
    let out = explain(&t, "S03", "J41");
    let reason = why
        .strip_prefix("Ended (last.csv line 5): ")
        .and_then(|r| r.strip_suffix('.'))
        .unwrap_or_else(|| panic!("{why}"));
    assert!(
        out.contains(&format!(
            "\nended: the last pairing paired them (last.csv line 5), and the pair ended: {reason}\n"
        )),
        "{out}"
    );
    let forced = pairing(&t, &["--lock", "S03:J41"]);
    let newly_ended: Vec<String> = forced
        .ended
        .keys()
        .filter(|k| !continued.ended.contains_key(*k))
        .map(|(s, j)| format!("{s}-{j}"))
        .collect();
    assert_eq!(newly_ended.len(), 1, "{newly_ended:?}");
    assert!(
        out.contains(&format!(
            "\nforcing it would end a pair kept from the last pairing: {} (last.csv line ",
            newly_ended[0]
        )),
        "{out}"
    );
    // What forcing costs is what pair --continue --lock S03:J41 gives up
    // (the totals are written to 4 decimals, so within 0.0001).
    let cost = number_after(
        &out,
        "not paired; forcing it would lower the total score by ",
    );
    assert!(
        (cost - (continued.total - forced.total)).abs() < 1.5e-4,
        "{cost} against {} - {}:\n{out}",
        continued.total,
        forced.total
    );
    // Pairs not made, and not last pairs: each one's cost is what forcing
    // it costs pair --continue.
    let scores = t.rmatch().args(["scores", "r2.csv", "-q"]).run().stdout;
    let unpaired: Vec<(String, String)> = scores
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f[2] == "true")
        .map(|f| (f[0].to_string(), f[1].to_string()))
        .filter(|k| !continued.pairs.contains_key(k) && !continued.ended.contains_key(k))
        .step_by(97)
        .take(4)
        .collect();
    assert_eq!(unpaired.len(), 4);
    for (s, j) in &unpaired {
        let out = explain(&t, s, j);
        let forced = pairing(&t, &["--lock", &format!("{s}:{j}")]);
        let cost = number_after(
            &out,
            "not paired; forcing it would lower the total score by ",
        );
        assert!(
            (cost - (continued.total - forced.total)).abs() < 1.5e-4,
            "{s}-{j}: {cost} against {} - {}:\n{out}",
            continued.total,
            forced.total
        );
        if forced.count != continued.count {
            assert!(
                out.contains(&format!(" and make {} pair", forced.count)),
                "{s}-{j}: {out}"
            );
        }
        let ends = forced.ended.len() > continued.ended.len();
        assert_eq!(out.contains("forcing it would end"), ends, "{s}-{j}: {out}");
    }
}

#[test]
fn explain_continued_says_who_left_naming_the_file_and_line() {
    let t = second_cycle();
    let continued = pairing(&t, &[]);
    assert_eq!(
        continued.ended[&("S01".to_string(), "J27".to_string())],
        "Ended (last.csv line 2): J27 left the roster."
    );
    t.rmatch()
        .args(["explain", "r2.csv", "S01", "J27", "--continue", "last.csv", "-q"])
        .stdout(
            "senior S01 (Margaret Whitfield) with junior J27 (Marcus Johnson)\n\
             not paired: the last pairing paired them (last.csv line 2), and the pair ended: J27 left the roster\n",
        )
        .run();
    // Someone who left, with another partner than their last one.
    t.rmatch()
        .args(["explain", "r2.csv", "S05", "J11", "--continue", "last.csv", "-q"])
        .code(2)
        .stderr("error: no senior has the id \"S05\": the last pairing paired S05-J10 (last.csv line 8), and the pair ended: S05 left the roster; give the id of a senior in the roster\n")
        .run();
    // Without --continue nothing is said of the last pairing.
    t.rmatch()
        .args(["explain", "r2.csv", "S05", "J11", "-q"])
        .code(2)
        .stderr("error: no senior has the id \"S05\"; check the roster's id column\n")
        .run();
}

/// Cycle 1: S1 (two places) with J1, S2 with J2.
const LAST: &str = "status,senior_id,senior_name,junior_id,junior_name,why\n\
paired,S1,Ann Lee,J1,Cy Diaz,x\n\
paired,S2,Bo Chen,J2,Di Eng,x\n";

/// Cycle 2: J2 has left, J3 has joined.
fn cycle2() -> String {
    lines(&[
        "id,name,role,skills,wants,capacity",
        "S1,Ann Lee,senior,strategy:5,ai:5,2",
        "S2,Bo Chen,senior,budgeting:5,ai:4,1",
        "J1,Cy Diaz,junior,ai:5,strategy:3,1",
        "J3,Ed Fox,junior,ai:4,budgeting:3,1",
    ])
}

#[test]
fn check_continued_counts_what_pair_continue_keeps_ends_and_leaves_to_pair() {
    let t = TestDir::new();
    t.write("r.csv", cycle2()).write("last.csv", LAST);
    let out = t
        .rmatch()
        .args(["check", "r.csv", "--continue", "last.csv"])
        .run()
        .stdout;
    assert!(
        out.contains(
            "\ncontinued from last.csv: 1 pair kept, 1 ended; left to pair: 2 of 3 senior places and 1 of 2 junior places (the kept pairs take the rest)\n  S2-J2 ended (last.csv line 3): J2 left the roster\nallowed pairs: "
        ),
        "{out}"
    );
    assert!(out.ends_with("the roster is valid\n"), "{out}");
    // The same counts and words as pair --continue.
    let paired = t
        .rmatch()
        .args(["pair", "r.csv", "--continue", "last.csv", "--format", "csv"])
        .run();
    assert!(
        paired
            .stdout
            .contains(",\"Ended (last.csv line 3): J2 left the roster.\",ended\n")
            || paired
                .stdout
                .contains(",Ended (last.csv line 3): J2 left the roster.,ended\n"),
        "{}",
        paired.stdout
    );
    assert!(
        paired
            .stderr
            .contains("from the last pairing 1 kept, 1 new, 1 ended"),
        "{}",
        paired.stderr
    );
    // A coordinator's own lock takes places too, and is said so.
    let out = t
        .rmatch()
        .args([
            "check",
            "r.csv",
            "--continue",
            "last.csv",
            "--lock",
            "S2:J3",
        ])
        .run()
        .stdout;
    assert!(
        out.contains("left to pair: 1 of 3 senior places and 0 of 2 junior places (the kept and locked pairs take the rest)\n"),
        "{out}"
    );
    // Without --continue, no such line.
    let out = t.rmatch().args(["check", "r.csv"]).run().stdout;
    assert!(!out.contains("continued from"), "{out}");
}

#[test]
fn check_continued_stops_where_pair_continue_stops_with_the_same_error() {
    let t = TestDir::new();
    t.write("r.csv", cycle2());
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "senior_id").unwrap();
    sheet.write_string(0, 1, "junior_id").unwrap();
    sheet.write_string(1, 0, "S1").unwrap();
    sheet
        .write_formula(1, 1, Formula::new("=\"J\"&\"1\""))
        .unwrap();
    t.write("formula.xlsx", workbook.save_to_buffer().unwrap());
    t.write("na.csv", "senior_id,junior_id\n#N/A,J1\n")
        .write("columns.csv", "who,whom\nS1,J1\n")
        .write("short.csv", "senior_id,junior_id\nS1,J1\nS2\n")
        .write("empty.csv", "")
        .write(
            "scores.csv",
            "senior_id,junior_id,allowed,score\nS1,J1,true,0.5\n",
        );
    for file in [
        "formula.xlsx",
        "na.csv",
        "columns.csv",
        "short.csv",
        "empty.csv",
        "scores.csv",
        "missing.csv",
    ] {
        let pair = t
            .rmatch()
            .args(["pair", "r.csv", "--continue", file, "-o", "out.csv"])
            .code(if file == "missing.csv" { 4 } else { 3 })
            .run();
        assert!(pair.stderr.contains(file), "{}", pair.stderr);
        t.rmatch()
            .args(["check", "r.csv", "--continue", file])
            .code(if file == "missing.csv" { 4 } else { 3 })
            .stdout("")
            .stderr(pair.stderr.clone())
            .run();
        t.rmatch()
            .args(["explain", "r.csv", "S1", "J1", "--continue", file])
            .code(if file == "missing.csv" { 4 } else { 3 })
            .stdout("")
            .stderr(pair.stderr)
            .run();
    }
    // Standard input is read once: the roster and the --continue file
    // cannot both be it, as pair says.
    let pair = t
        .rmatch()
        .args(["pair", "-", "--continue", "-"])
        .code(2)
        .run();
    for command in ["check", "explain"] {
        let mut args = vec![command, "-", "--continue", "-"];
        if command == "explain" {
            args.extend(["S1", "J1"]);
        }
        t.rmatch()
            .args(args)
            .code(2)
            .stderr(pair.stderr.clone())
            .run();
    }
}
