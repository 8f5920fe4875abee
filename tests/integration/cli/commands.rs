//! `rmatch scores`, `check` and `generate`, and the bundled example.

use super::*;

#[test]
fn scores_tiny_roster_exact() {
    // Rows given in reverse order; the output is sorted by senior, then junior.
    let t = TestDir::new();
    t.write("r.csv", reorder(TINY, &[4, 3, 2, 1, 0]));
    // S1-J2: only diversity (Finance vs Sales) = 0.2*1; nothing to teach.
    t.rmatch()
        .args(["scores", "r.csv"])
        .stdout(lines(&[
            SCORES_HEADER,
            "S1,J1,true,0.7083,0.7500,0.5000,0.3333,1.0000,",
            "S1,J2,false,0.2000,0.0000,0.0000,0.0000,1.0000,nothing to teach",
            "S2,J1,false,0.2000,0.0000,0.0000,0.0000,1.0000,nothing to teach",
            "S2,J2,true,0.5000,0.5000,0.7500,1.0000,0.0000,",
            "S3,J1,false,0.2000,0.0000,0.0000,0.0000,1.0000,nothing to teach",
            "S3,J2,false,0.2000,0.0000,0.0000,0.0000,1.0000,nothing to teach",
        ]))
        .stderr("")
        .run();
}

#[test]
fn scores_cover_every_pair_in_sorted_order() {
    let t = TestDir::new();
    t.rmatch()
        .args([
            "generate",
            "--seniors",
            "12",
            "--juniors",
            "17",
            "--seed",
            "5",
        ])
        .args(["-o", "g.csv"])
        .run();
    let ran = t
        .rmatch()
        .args(["scores", "g.csv", "-o", "s.csv"])
        .stdout("")
        .run();
    assert!(!ran.stderr.contains("error"), "{}", ran.stderr);
    let text = t.read("s.csv");
    let mut rows = text.lines();
    assert_eq!(rows.next(), Some(SCORES_HEADER));
    let keys: Vec<(String, String)> = rows
        .map(|r| {
            let f: Vec<&str> = r.split(',').collect();
            assert_eq!(f.len(), 9, "{r}");
            assert!(f[2] == "true" || f[2] == "false", "{r}");
            for number in &f[3..8] {
                let dot = number.find('.').expect("a decimal point");
                assert_eq!(number.len() - dot - 1, 4, "4 decimals: {r}");
            }
            let reasons = [
                "",
                "capacity 0",
                "excluded",
                "management chain",
                "no common language",
                "nothing to teach",
            ];
            assert!(reasons.contains(&f[8]), "{r}");
            assert_eq!(f[2] == "true", f[8].is_empty(), "{r}");
            (f[0].to_string(), f[1].to_string())
        })
        .collect();
    assert_eq!(keys.len(), 12 * 17);
    let mut sorted = keys.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        keys, sorted,
        "sorted by senior_id then junior_id, no repeats"
    );
}

#[test]
fn scores_keep_columns_and_write_json_for_a_json_name() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    // --keep adds senior_C and junior_C after reason, as in pair's rows.
    let csv = lines(&[
        &format!("{SCORES_HEADER},senior_department,junior_department"),
        "S1,J1,true,0.7083,0.7500,0.5000,0.3333,1.0000,,Finance,Engineering",
        "S1,J2,false,0.2000,0.0000,0.0000,0.0000,1.0000,nothing to teach,Finance,Sales",
        "S2,J1,false,0.2000,0.0000,0.0000,0.0000,1.0000,nothing to teach,Sales,Engineering",
        "S2,J2,true,0.5000,0.5000,0.7500,1.0000,0.0000,,Sales,Sales",
        "S3,J1,false,0.2000,0.0000,0.0000,0.0000,1.0000,nothing to teach,Legal,Engineering",
        "S3,J2,false,0.2000,0.0000,0.0000,0.0000,1.0000,nothing to teach,Legal,Sales",
    ]);
    t.rmatch()
        .args(["scores", "r.csv", "--keep", "department"])
        .stdout(csv)
        .stderr("")
        .run();
    // -o x.json: an object per pair with the same fields, numbers as
    // numbers, reason null for an allowed pair.
    t.rmatch()
        .args(["scores", "r.csv", "--keep", "department", "-o", "s.json"])
        .stdout("")
        .stderr("")
        .run();
    let doc: Value = serde_json::from_str(&t.read("s.json")).expect("JSON");
    let rows = doc.as_array().expect("an array");
    assert_eq!(rows.len(), 6);
    assert_eq!(
        rows[0],
        serde_json::json!({
            "senior_id": "S1", "junior_id": "J1", "allowed": true,
            "score": 0.7083, "teach": 0.75, "learn": 0.5, "interests": 0.3333,
            "diversity": 1.0, "reason": null,
            "senior_department": "Finance", "junior_department": "Engineering",
        })
    );
    assert_eq!(rows[5]["reason"], "nothing to teach");
    assert_eq!(rows[5]["allowed"], false);
    // --format json says the same on standard output, and keeps any name.
    let json = t.read("s.json");
    t.rmatch()
        .args([
            "scores",
            "r.csv",
            "--keep",
            "department",
            "--format",
            "json",
        ])
        .stdout(json.clone())
        .run();
    t.rmatch()
        .args([
            "scores",
            "r.csv",
            "--keep",
            "department",
            "--format",
            "json",
        ])
        .args(["-o", "s.txt"])
        .run();
    assert_eq!(t.read("s.txt"), json);
    // Without --format, a .txt name (pair's table) is refused: no table here.
    t.rmatch()
        .args(["scores", "r.csv", "-o", "t.txt"])
        .code(2)
        .stdout("")
        .stderr("error: -o t.txt: rmatch scores writes CSV, JSON or an Excel workbook, not a text table; name the file .csv, .tsv, .json or .xlsx, or give --format csv|json|xlsx to keep the name\n")
        .run();
    assert!(!t.exists("t.txt"));
    t.rmatch()
        .args(["scores", "r.csv", "--format", "table"])
        .code(2)
        .stderr_has("invalid value 'table' for '--format <FORMAT>'")
        .run();
}

// ---------------------------------------------------------------------------
// 15. check
// ---------------------------------------------------------------------------

#[test]
fn check_reports_counts_and_unpairable_people() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    t.rmatch()
        .args(["check", "r.csv"])
        .stdout_has("seniors: 3")
        .stdout_has("juniors: 2")
        .stdout_has("allowed pairs: 2\n")
        .stdout_has("S3 Stan: no allowed partner: no junior teaches any of: quantum computing")
        .stdout_has("the roster is valid")
        .stdout_lacks("S1 Sam")
        .run();
}

/// Locks that `rmatch pair` would stop on (exit 6) are said by `check`
/// too, in the same words, instead of passing as valid in silence.
#[test]
fn check_says_when_the_locked_pairs_cannot_all_be_kept() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    t.rmatch()
        .args(["check", "r.csv", "--lock", "S1:J2"])
        .stdout_has("locked pairs: cannot all be kept: the lock S1:J2 breaks the rule \"nothing to teach\" (Sam and Jay may not be paired); remove those locks or fix the roster (rmatch pair stops here, with exit 6)\n")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--lock", "S1:J2"])
        .code(6)
        .stderr_has("error: the locked pairs cannot all be kept: the lock S1:J2 breaks the rule \"nothing to teach\"")
        .run();
    t.rmatch()
        .args(["check", "r.csv", "--lock", "S1:J1"])
        .stdout_lacks("locked pairs")
        .run();
}

/// A lock or ban written in the config file is named there, by its key,
/// not as a flag the user never typed; a flag still names the flag.
#[test]
fn pairs_the_config_file_locks_or_forbids_are_named_by_its_key() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    t.write("lock.toml", "[rules]\nlock = [\"S1:J9\"]\n");
    t.write("forbid.toml", "[rules]\nforbid = [\"S1J1\"]\n");
    t.rmatch()
        .args(["pair", "r.csv", "--config", "lock.toml"])
        .code(2)
        .stderr("error: lock.toml: rules.lock \"S1:J9\": no one in the roster has the id J9; correct the id, or remove the pair if that person has left\n")
        .run();
    t.rmatch()
        .args(["check", "r.csv", "--config", "forbid.toml"])
        .code(2)
        .stderr("error: forbid.toml: rules.forbid \"S1J1\": write SENIOR_ID:JUNIOR_ID\n")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--config", "-"])
        .stdin("[rules]\nlock = [\"S1:J9\"]\n")
        .code(2)
        .stderr("error: the config file (standard input): rules.lock \"S1:J9\": no one in the roster has the id J9; correct the id, or remove the pair if that person has left\n")
        .run();
    // The flag replaces the config's list, and is named as a flag.
    t.rmatch()
        .args(["pair", "r.csv", "--config", "lock.toml", "--lock", "S1:J8"])
        .code(2)
        .stderr("error: --lock \"S1:J8\": no one in the roster has the id J8; correct the id, or remove the pair if that person has left\n")
        .run();
}

/// Thousands of impossible locks (a whole pairing locked at once) are
/// named twenty at a time, as other lists are, not in one endless line.
#[test]
fn impossible_locks_are_named_twenty_then_counted() {
    let t = TestDir::new();
    let mut roster = String::from("id,role,skills,wants\n");
    let mut locks = String::from("senior_id,junior_id\n");
    for i in 1..=25 {
        roster.push_str(&format!("S{i:02},senior,,x\nJ{i:02},junior,y:5,\n"));
        locks.push_str(&format!("S{i:02},J{i:02}\n"));
    }
    t.write("r.csv", roster);
    t.write("locks.csv", locks);
    let ran = t
        .rmatch()
        .args(["pair", "r.csv", "--locks", "locks.csv"])
        .code(6)
        .stderr_has("the lock S20:J20 breaks the rule \"nothing to teach\"")
        .stderr_has("; and 5 more; remove those locks or fix the roster\n")
        .run();
    assert!(!ran.stderr.contains("S21:J21"), "{}", ran.stderr);
}

#[test]
fn check_fails_on_a_bad_roster() {
    let t = TestDir::new();
    t.write("bad.csv", "id,role,capacity\nS1,senior,two\n");
    t.rmatch()
        .args(["check", "bad.csv"])
        .code(3)
        .stdout("")
        .stderr_has("error: bad.csv, line 2, column 3 (capacity)")
        .run();
}

// ---------------------------------------------------------------------------
// 16. generate
// ---------------------------------------------------------------------------

#[test]
fn generate_is_deterministic_and_pairs() {
    let t = TestDir::new();
    let args = [
        "generate",
        "--seniors",
        "20",
        "--juniors",
        "35",
        "--seed",
        "7",
    ];
    let a = t.rmatch().args(args).stderr("").run().stdout;
    let b = t.rmatch().args(args).run().stdout;
    assert_eq!(a, b, "same seed, same roster");
    let other = t
        .rmatch()
        .args([
            "generate",
            "--seniors",
            "20",
            "--juniors",
            "35",
            "--seed",
            "8",
        ])
        .run()
        .stdout;
    assert_ne!(a, other, "another seed, another roster");
    t.rmatch().args(args).args(["-o", "g.csv"]).stdout("").run();
    assert_eq!(t.read("g.csv"), a, "-o writes what stdout shows");

    t.rmatch()
        .args(["check", "g.csv"])
        .stdout_has("seniors: 20 ")
        .stdout_has("juniors: 35 ")
        .stdout_has("the roster is valid")
        .run();
    let doc = t
        .rmatch()
        .args(["pair", "g.csv", "--format", "json", "-q"])
        .stderr("")
        .run()
        .json();
    assert_eq!(doc["summary"]["status"], "optimal");
    assert!(doc["summary"]["pairs"].as_u64().unwrap() > 0);
}

#[test]
fn generate_writes_what_the_name_says_or_refuses_it() {
    let t = TestDir::new();
    let size = ["generate", "--seniors", "6", "--juniors", "9"];
    let csv = t.rmatch().args(size).run().stdout;
    // .tsv: the same roster, tab-separated, which check reads as it is.
    t.rmatch().args(size).args(["-o", "g.tsv"]).stderr("").run();
    assert_eq!(t.read("g.tsv"), csv.replace(',', "\t"));
    t.rmatch()
        .args(["check", "g.tsv", "-q"])
        .stdout_has("seniors: 6 ")
        .stdout_has("the roster is valid")
        .run();
    // --feedback too: the same ratings as its CSV, which learn reads.
    let feedback = |roster: &str, ratings: &str| {
        t.rmatch()
            .args(size)
            .args(["-o", roster, "--feedback", ratings])
            .args(["--true-weights", "teach=1", "--feedback-pairs", "5"])
            .run();
    };
    feedback("h.tsv", "f.tsv");
    feedback("h.csv", "f.csv");
    assert_eq!(t.read("h.tsv"), t.read("g.tsv"));
    assert_eq!(t.read("h.csv"), csv);
    assert_eq!(t.read("f.tsv"), t.read("f.csv").replace(',', "\t"));
    assert!(t
        .read("f.tsv")
        .starts_with("senior_id\tjunior_id\trating\tcontinued\tended_early\n"));
    t.rmatch()
        .args(["learn", "f.tsv", "g.tsv", "-q"])
        .code(7)
        .stderr_has("error: f.tsv has 5 rated pairs, too few")
        .run();
    // A name that says another format is refused before any work.
    for (flag, name, written, what) in [
        ("-o", "g.xlsx", "the roster", "a spreadsheet workbook"),
        ("-o", "g.json", "the roster", "JSON"),
        ("-o", "g.pdf", "the roster", "PDF"),
        (
            "--feedback",
            "f.xlsx",
            "the feedback",
            "a spreadsheet workbook",
        ),
    ] {
        let mut run = t.rmatch().args(size).args([flag, name]);
        if flag == "--feedback" {
            run = run.args(["--true-weights", "teach=1", "-o", "new.csv"]);
        }
        run.code(2)
            .stdout("")
            .stderr(format!("error: {flag} {name}: rmatch writes {written} as CSV, not {what}; name the file .csv (spreadsheets open it), or .tsv for tab-separated\n"))
            .run();
        assert!(!t.exists(name) && !t.exists("new.csv"), "{name}");
    }
}

// ---------------------------------------------------------------------------
// 17. bundled example
// ---------------------------------------------------------------------------

#[test]
fn bundled_example_pairs() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/roster.csv");
    let t = TestDir::new();
    let ran = t
        .rmatch()
        .arg("pair")
        .arg(&example)
        .stderr_has("optimal")
        .run();
    let mut rows = ran.stdout.lines();
    assert_eq!(rows.next(), Some(PAIR_HEADER));
    let roster = fs::read_to_string(&example).unwrap();
    let seniors = roster.lines().filter(|l| l.contains(",senior,")).count();
    let mut paired_seniors: Vec<&str> = ran
        .stdout
        .lines()
        .filter(|l| l.starts_with("paired,"))
        .map(|l| l.split(',').nth(1).unwrap())
        .collect();
    paired_seniors.dedup();
    assert!(seniors >= 10, "the example has seniors");
    assert!(
        paired_seniors.len() * 10 >= seniors * 8,
        "{} of {seniors} seniors paired",
        paired_seniors.len()
    );
    let doc = t
        .rmatch()
        .arg("pair")
        .arg(&example)
        .args(["--format", "json", "-q"])
        .run()
        .json();
    assert_eq!(doc["summary"]["status"], "optimal");
}

#[test]
fn generate_and_sweep_sizes_are_capped() {
    let t = TestDir::new();
    for seniors in ["18446744073709551615", "9223372036854775808", "1000000"] {
        t.rmatch()
            .args(["generate", "--seniors", seniors])
            .code(2)
            .stdout("")
            .stderr(format!("error: --seniors {seniors} and --juniors 60 make more than 1,000,000 people, the most rmatch pairs in one run; ask for fewer\n"))
            .run();
    }
    t.rmatch()
        .args(["generate", "--seniors", "2", "--juniors", "999998"])
        .args(["-o", "max.csv"])
        .run();
    t.write("r.csv", TINY);
    let list = vec!["0.5"; 1001].join(",");
    t.rmatch()
        .args(["sweep", "r.csv", "--vary", &format!("teach={list}")])
        .code(2)
        .stderr("error: --vary teach lists 1001 values; use at most 1000\n")
        .run();
    t.rmatch()
        .args(["sweep", "r.csv", "--vary", "teach=0:1:0.0001"])
        .code(2)
        .stderr("error: --vary teach=0:1:0.0001 makes 10001 steps; use at most 1000\n")
        .run();
    // A range that makes no steps says why, and how to write what was meant.
    for (vary, why) in [
        (
            "learn=1:0:0.25",
            "the range runs down from 1 to 0; write it upwards (FROM:TO:STEP with FROM at most TO), or list the values in the order wanted (NAME=V1,V2,...)",
        ),
        (
            "learn=0:1:0",
            "the step 0 is not above 0; write for example --vary diversity=0:1:0.1",
        ),
        (
            "learn=0:1:-0.5",
            "the step -0.5 is not above 0; write for example --vary diversity=0:1:0.1",
        ),
        (
            "learn=0:0.0001:0.00001",
            "the step 0.00001 is finer than the 4 decimals a range's values are kept to; use a step of at least 0.0001, or list the values (NAME=V1,V2,...)",
        ),
        // One value twice, however written, would solve the same step twice.
        (
            "learn=0.1,0.5,0.10",
            "the list gives 0.1 twice; give each value once",
        ),
    ] {
        assert_vary_refused(&t, vary, &format!("{vary}: {why}"));
    }
    t.rmatch()
        .args(["sweep", "r.csv", "--vary", "learn=1,0.5,0", "-q"])
        .stdout_has("\n1,")
        .run();
}

/// `sweep --vary VARY` on `r.csv` exits 2 with `error: --vary MESSAGE`
/// alone, and leaves no output file.
fn assert_vary_refused(t: &TestDir, vary: &str, message: &str) {
    t.rmatch()
        .args(["sweep", "r.csv", "--vary", vary, "-o", "sweep.csv"])
        .code(2)
        .stdout("")
        .stderr(format!("error: --vary {message}\n"))
        .run();
    assert!(!t.exists("sweep.csv"), "{vary} left an output file");
}

#[test]
fn sweep_values_are_held_to_the_ranges_pair_holds_them_to() {
    // A weight past 1000 would break the bound that keeps sums of score
    // units from overflowing, and a negative one no `pair` can be given;
    // a share past 1 or below 0 would come out as a rule that cannot hold.
    let t = TestDir::new();
    t.write("r.csv", TINY);
    for (vary, refused) in [
        (
            "learn=-1:1:0.5",
            "learn=-1 is out of range; use a number from 0 to 1000",
        ),
        (
            "teach=0,1e300",
            "teach=1e300 is out of range; use a number from 0 to 1000",
        ),
        (
            "max-same.department=0,2",
            "max-same.department=2 is out of range; use a number from 0 to 1",
        ),
        (
            "fair.department=-0.5,0.5",
            "fair.department=-0.5 is out of range; use a number from 0 to 1",
        ),
        (
            "max-tz-gap=0:30:10",
            "max-tz-gap=30 is out of range; use hours from 0 to 24",
        ),
        (
            "unmatched-bonus=0,1001",
            "unmatched-bonus=1001 is out of range; use a number from 0 to 1000",
        ),
        (
            "min-score=-1,0.5",
            "min-score=-1 is out of range; use a number from 0",
        ),
    ] {
        assert_vary_refused(&t, vary, refused);
    }
    // The ends of each range are values like any other.
    t.rmatch()
        .args([
            "sweep",
            "r.csv",
            "--vary",
            "learn=0,1000",
            "-o",
            "sweep.csv",
            "-q",
        ])
        .run();
    assert_eq!(t.read("sweep.csv").lines().count(), 3);
}

/// Varying the weight of a part every pair has at 0 would print equal
/// rows: refused, saying what would give the part.
#[test]
fn sweep_refuses_to_vary_a_weight_whose_part_is_empty() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    t.rmatch()
        .args(["sweep", "r.csv", "--vary", "external=0:1:0.5", "-o", "s.csv"])
        .code(2)
        .stderr("error: --vary external: every step would give the same pairing, as this weighs the --pair-scores part, and no --pair-scores file is given; give one, or vary another weight\n")
        .run();
    t.rmatch()
        .args(["sweep", "r.csv", "--vary", "preference=0,1", "-o", "s.csv"])
        .code(2)
        .stderr("error: --vary preference: every step would give the same pairing, as this weighs the stated preferences' part, and the roster has no prefers column; add one, or vary another weight\n")
        .run();
    assert!(!t.exists("s.csv"));
    // With the file, the same sweep runs.
    t.write("aff.csv", "senior_id,junior_id,score\nS1,J1,1\n");
    t.rmatch()
        .args(["sweep", "r.csv", "--vary", "external=0:1:0.5", "-q"])
        .args(["--pair-scores", "aff.csv", "-o", "s.csv"])
        .run();
    assert!(t.exists("s.csv"));
}

/// `explain --help` lists its three arguments, in order, under Arguments.
#[test]
fn explain_help_lists_roster_senior_and_junior_as_its_arguments() {
    let t = TestDir::new();
    let ran = t.rmatch().args(["explain", "--help"]).run();
    let arguments = ran
        .stdout
        .split("Arguments:\n")
        .nth(1)
        .and_then(|rest| rest.split("Options:").next())
        .unwrap_or_default()
        .to_string();
    let at = |name: &str| arguments.find(name).unwrap_or(usize::MAX);
    assert!(
        at("<ROSTER>") < at("<SENIOR>")
            && at("<SENIOR>") < at("<JUNIOR>")
            && at("<JUNIOR>") < usize::MAX,
        "{}",
        ran.stdout
    );
}
