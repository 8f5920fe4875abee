//! `rmatch check` in a programme's second cycle: `--continue LAST`
//! means for it what it means for `pair --continue`, and what it reports
//! is checked against what `pair --continue` writes.

use rust_xlsxwriter::{Formula, Workbook};

use crate::support::{lines, TestDir};

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
    t.rmatch()
        .args(["check", "-", "--continue", "-"])
        .code(2)
        .stderr(pair.stderr)
        .run();
}
