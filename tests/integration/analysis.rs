//! `rmatch explain` and `rmatch sweep` through the binary.

use crate::support::TestDir;
use assert_cmd::Command;

/// Two seniors who both want AI; J1 teaches it better, J2 brings diversity.
const ROSTER: &str = "id,role,skills,wants,department
S1,senior,,ai:5,sales
S2,senior,ai:1,ai:5,sales
J1,junior,ai:5,,sales
J2,junior,ai:3,,design
";

fn rmatch(args: &[&str]) -> (i32, String, String) {
    let output = Command::cargo_bin("rmatch")
        .expect("binary")
        .args(args)
        .write_stdin(ROSTER)
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).expect("utf-8"),
        String::from_utf8(output.stderr).expect("utf-8"),
    )
}

#[test]
fn explain_shows_the_formula_terms_of_a_pair() {
    let (code, out, _) = rmatch(&["explain", "-", "S1", "J1", "-q"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("teach     = 1.0000 = (ai 5×1.00 (level 5 vs 0)) / 5"),
        "{out}"
    );
    assert!(
        out.contains("diversity = 0.0000 = 0 differing / 1 attributes filled in for both"),
        "{out}"
    );
    // J1 wants nothing: said in words, not as an empty sum over 0.
    assert!(
        out.contains("learn     = 0.0000 (J1 has no learning goals)\n"),
        "{out}"
    );
    assert!(
        out.contains("score     = 0.5000 = 0.5×1.0000 + 0.2×0.0000 + 0.1×0.0000 + 0.2×0.0000"),
        "{out}"
    );
}

#[test]
fn explain_says_what_forcing_an_unpaired_pair_costs() {
    // S1-J2 = 0.5 * 3/4 + 0.2 (diversity) = 0.575 and S2-J1 = 0.5 * (5-1)/4 = 0.5:
    // total 1.075, better than S1-J1 (0.5) with S2-J2 (0.5 * 2/4 + 0.2 = 0.45).
    let (code, out, _) = rmatch(&["pair", "-", "-q", "--format", "csv"]);
    assert_eq!(code, 0);
    assert!(out.contains("paired,S1,S1,J2,J2,0.5750"), "{out}");
    assert!(out.contains("paired,S2,S2,J1,J1,0.5000"), "{out}");
    let (code, out, _) = rmatch(&["explain", "-", "S1", "J1", "-q"]);
    assert_eq!(code, 0);
    // Forcing S1-J1 leaves S2-J2: 0.5 + (0.5*(3-1)/4 + 0.2) = 0.95; the drop is 1.075 - 0.95.
    assert!(
        out.contains("not paired; forcing it would lower the total score by 0.1250."),
        "{out}"
    );
    assert!(out.contains("pairs that would go: S1-J2, S2-J1"), "{out}");
    assert!(out.contains("pairs that would come: S2-J2"), "{out}");
}

/// `--objective` reaches `explain` and `sweep` as it does `pair` (both once
/// refused the flag, so a coordinator pairing with `--objective score`
/// could not ask what forcing a pair costs by that objective).
#[test]
fn explain_sweep_and_check_take_the_objective_of_pair() {
    // Teach weight only: S1-J1 = 1.0, S1-J2 = 0.25, S2-J1 = 0.25 (S2 knows
    // ai at 4), S2-J2 not allowed. Most pairs: S1-J2 + S2-J1 = 0.5; best
    // score: S1-J1 alone = 1.0.
    let t = crate::support::TestDir::new();
    t.write(
        "r.csv",
        "id,role,skills,wants\nS1,senior,,ai\nS2,senior,ai:4,ai\nJ1,junior,ai:5,\nJ2,junior,ai:1,\n",
    );
    let weights = ["--weights", "teach=1,learn=0,interests=0,diversity=0"];
    let ran = t
        .rmatch()
        .args(["explain", "r.csv", "S1", "J1", "-q"])
        .args(weights)
        .run();
    assert!(
        ran.stdout.contains("and make 1 pair instead of 2."),
        "{}",
        ran.stdout
    );
    let ran = t
        .rmatch()
        .args(["explain", "r.csv", "S1", "J1", "-q", "--objective", "score"])
        .args(weights)
        .run();
    assert!(ran.stdout.contains("\npaired: "), "{}", ran.stdout);
    let ran = t
        .rmatch()
        .args([
            "sweep", "r.csv", "--vary", "teach=1", "--format", "json", "-q",
        ])
        .args([
            "--weights",
            "learn=0,interests=0,diversity=0",
            "--objective",
            "score",
        ])
        .run();
    let rows = ran.json();
    assert_eq!(rows[0]["pairs"], 1, "{rows}");
    assert_eq!(rows[0]["total_score"], 1.0, "{rows}");
    // check takes it too, and refuses what pair would refuse with it.
    t.rmatch()
        .args(["check", "r.csv", "-q", "--objective", "score"])
        .args(weights)
        .stdout_has("the roster is valid")
        .run();
    for command in [vec!["check", "r.csv"], vec!["pair", "r.csv"]] {
        t.rmatch()
            .args(&command)
            .args(["--objective", "goals", "--max-same", "ai=0.5"])
            .code(2)
            .stdout("")
            .stderr("error: --objective goals works with the default flow solver and without quotas (--max-same, --fair); drop those, or use the default objective\n")
            .run();
    }
}

#[test]
fn explain_and_sweep_take_the_solver_flags_of_pair() {
    // Every allowed pair scores the same, so which of the optimal
    // pairings is found depends on the candidate lists: explain must look
    // at the pairing pair gives with the same --candidates.
    let t = crate::support::TestDir::new();
    t.write(
        "r.csv",
        "id,role,skills,wants\n\
         S0,senior,,ai:4\nS1,senior,,ai\nS2,senior,,ai;web\nS3,senior,,ai\n\
         S4,senior,,web\nS5,senior,,web\n\
         J0,junior,ai:5;web:5,\nJ1,junior,ai:5;web:5,\nJ2,junior,ai:4,\nJ3,junior,ai:5,\n\
         J4,junior,ai:5;web:5,\nJ5,junior,ai:5,\nJ6,junior,ai:5;web:5,\nJ7,junior,ai:5;web:5,\n",
    );
    for (flags, paired) in [(&[][..], false), (&["--candidates", "1"][..], true)] {
        let pairing = t.rmatch().args(["pair", "r.csv", "-q"]).args(flags).run();
        assert_eq!(
            pairing.stdout.contains("\npaired,S0,S0,J3,J3,"),
            paired,
            "{}",
            pairing.stdout
        );
        let explained = t
            .rmatch()
            .args(["explain", "r.csv", "S0", "J3", "-q"])
            .args(flags)
            .run();
        assert_eq!(
            explained.stdout.contains("\npaired: J3 teaches S0 ai"),
            paired,
            "{}",
            explained.stdout
        );
    }
    for command in ["explain", "sweep"] {
        let args: &[&str] = if command == "explain" {
            &["explain", "r.csv", "S0", "J3"]
        } else {
            &["sweep", "r.csv", "--vary", "learn=0,0.5"]
        };
        t.rmatch()
            .args(args)
            .args(["--time-limit", "0"])
            .code(2)
            .stdout("")
            .stderr("error: --time-limit 0 is out of range; use a positive number of seconds up to 1000000 (11 days)\n")
            .run();
    }
}

#[test]
fn explain_names_the_rule_that_forbids_a_pair() {
    let (code, out, _) = rmatch(&["explain", "-", "S1", "J1", "-q", "--forbid", "S1:J1"]);
    assert_eq!(code, 0);
    assert!(
        out.ends_with("not allowed: the rule \"forbidden\" forbids this pair\n"),
        "{out}"
    );
}

#[test]
fn explain_unknown_id_is_a_usage_error() {
    let (code, _, err) = rmatch(&["explain", "-", "S9", "J1", "-q"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: no senior has the id \"S9\"; check the roster's id column\n"
    );
    let (code, _, err) = rmatch(&["explain", "-", "S1", "J9", "-q"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: no junior has the id \"J9\"; check the roster's id column\n"
    );
}

/// A coordinator reading the HRDataset_v14 report types the names shown
/// ("Lynch, Lindsay"): that is not an id, but "check the roster's id
/// column" sent them to a column that holds her. The message now names the
/// id, for the name as written or first name first.
#[test]
fn explain_given_a_name_names_its_id() {
    let t = TestDir::new();
    t.write(
        "export.csv",
        "EmpID,Employee_Name,role,skills,wants\n\
         10004,\"Lynch, Lindsay  \",senior,,genai:4\n\
         10110,\"Martin, Sandra\",junior,genai:5,\n\
         10111,\"Martin,Sandra\",junior,genai:5,\n",
    );
    let columns = [
        "--column",
        "id=EmpID",
        "--column",
        "name=Employee_Name",
        "-q",
    ];
    t.rmatch()
        .args(["explain", "export.csv", "Lynch, Lindsay", "10110"])
        .args(columns)
        .code(2)
        .stderr("error: no senior has the id \"Lynch, Lindsay\", but it is the name of the senior 10004; give the id: rmatch explain takes ids\n")
        .run();
    t.rmatch()
        .args(["explain", "export.csv", "10004", "Sandra Martin"])
        .args(columns)
        .code(2)
        .stderr("error: no junior has the id \"Sandra Martin\", but it is the name of 2 juniors (10110, 10111); give the id of the one meant: rmatch explain takes ids\n")
        .run();
}

/// The two ids the wrong way round (or both of one side) are said to be
/// so, not reported missing: each is in the roster.
#[test]
fn explain_says_which_id_is_of_the_other_side() {
    for (args, message) in [
        (["J1", "S1"], "\"J1\" is a junior, not a senior"),
        (["S1", "S2"], "\"S2\" is a senior, not a junior"),
    ] {
        let (code, out, err) = rmatch(&["explain", "-", args[0], args[1], "-q"]);
        assert_eq!(code, 2);
        assert_eq!(out, "");
        assert_eq!(
            err,
            format!("error: {message}; give the senior's id first, then the junior's\n")
        );
    }
}

#[test]
fn sweep_gives_one_row_per_value_with_changes_against_the_first() {
    let (code, out, _) = rmatch(&["sweep", "-", "--vary", "diversity=0:1:0.5", "-q"]);
    assert_eq!(code, 0);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "value,pairs,changed,status,total_score,mean_score,mean_teach,mean_learn,mean_interests,mean_diversity,removed,goals_covered,seniors_unmatched,juniors_unmatched,cross_department"
    );
    assert_eq!(lines.len(), 4);
    // With diversity weight 0: S1-J2 + S2-J1 = 0.375 + 0.5 still beats 0.5 + 0.25.
    assert!(
        lines[1].starts_with("0,2,0,optimal,0.8750,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[3].starts_with("1,2,0,optimal,1.8750,"),
        "{}",
        lines[3]
    );
}

#[test]
fn sweep_reads_both_spellings_of_a_quota_name() {
    // `max_same.` once failed with "the roster does not have department":
    // the sweep accepted the name but did not load the column for it.
    let (code, dashed, err) = rmatch(&["sweep", "-", "--vary", "max-same.department=0,1", "-q"]);
    assert_eq!(code, 0, "{err}");
    let (code, underscored, err) =
        rmatch(&["sweep", "-", "--vary", "max_same.department=0,1", "-q"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(dashed, underscored);
    let lines: Vec<&str> = dashed.lines().collect();
    assert_eq!(lines.len(), 3, "{dashed}");
    // No pair may share a department: only S1-J2 or S2-J2 (J2 is in design).
    assert!(lines[1].starts_with("0,1,0,optimal,"), "{}", lines[1]);
    assert!(lines[2].starts_with("1,2,"), "{}", lines[2]);
}

#[test]
fn sweep_rejects_an_unknown_name() {
    let (code, _, err) = rmatch(&["sweep", "-", "--vary", "colour=0:1:0.5", "-q"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: --vary cannot vary \"colour\""),
        "{err}"
    );
}

/// Locks and history files round-trip from real `rmatch pair` output.
#[test]
fn locks_and_history_round_trip_from_pair_output() {
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/roster.csv");
    let dir = tempfile::tempdir().expect("temp dir");
    let first = dir.path().join("cycle1.csv");
    let run = |args: &[&str]| {
        let output = Command::cargo_bin("rmatch")
            .expect("binary")
            .args(args)
            .output()
            .expect("runs");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).expect("utf-8")
    };
    let first_path = first.to_str().expect("utf-8 path");
    run(&["pair", example, "-q", "-o", first_path]);
    let paired = |csv: &str| -> Vec<(String, String)> {
        csv.lines()
            .filter(|l| l.starts_with("paired,"))
            .map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                (f[1].to_string(), f[3].to_string())
            })
            .collect()
    };
    let cycle1 = paired(&std::fs::read_to_string(&first).expect("written"));
    assert!(cycle1.len() > 20);
    // Every pair locked: the same pairs come back, each marked as locked.
    let relocked = run(&[
        "pair", example, "-q", "--format", "csv", "--locks", first_path,
    ]);
    assert_eq!(paired(&relocked), cycle1);
    assert_eq!(
        relocked.matches("Locked by the coordinator.").count(),
        cycle1.len()
    );
    // Next cycle with this one as history: no pair is made again.
    let next = run(&[
        "pair",
        example,
        "-q",
        "--format",
        "csv",
        "--history",
        first_path,
    ]);
    let cycle2 = paired(&next);
    assert!(cycle2.len() > 20);
    assert!(
        cycle2.iter().all(|p| !cycle1.contains(p)),
        "a pair was repeated"
    );
}

#[test]
fn sweep_says_what_a_coordinator_decides_on() {
    // S3 and J3 have no allowed partner; at min-score 0.6 no pair is left.
    let roster = "id,role,skills,wants,department\nS1,senior,,ai:5,sales\nS2,senior,ai:1,ai:5,sales\nS3,senior,,python,sales\nJ1,junior,ai:5,,sales\nJ2,junior,ai:3,,design\nJ3,junior,excel:4,,design\n";
    let output = Command::cargo_bin("rmatch")
        .expect("binary")
        .args(["sweep", "-", "--vary", "min-score=0,0.6", "-q"])
        .write_stdin(roster)
        .output()
        .expect("runs");
    assert!(output.status.success());
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "value,pairs,changed,status,total_score,mean_score,mean_teach,mean_learn,mean_interests,mean_diversity,removed,goals_covered,seniors_unmatched,juniors_unmatched,cross_department\n\
         0,2,0,optimal,1.0750,0.5375,0.8750,0.0000,0.0000,0.5000,0,2,1,1,0.5000\n\
         0.6,0,0,optimal,0.0000,0.0000,0.0000,0.0000,0.0000,0.0000,2,0,3,3,0.0000\n"
    );
    // The cross_* columns follow --diversity.
    let output = Command::cargo_bin("rmatch")
        .expect("binary")
        .args([
            "sweep",
            "-",
            "--vary",
            "teach=1",
            "--diversity",
            "department",
            "-q",
        ])
        .write_stdin(
            ROSTER
                .replace("department", "department,generation")
                .replace("sales\n", "sales,x\n")
                .replace("design\n", "design,y\n"),
        )
        .output()
        .expect("runs");
    let out = String::from_utf8(output.stdout).unwrap();
    assert!(
        out.lines()
            .next()
            .unwrap()
            .ends_with(",juniors_unmatched,cross_department"),
        "{out}"
    );
}

#[test]
fn sweep_shows_a_table_per_measure_or_json_on_request() {
    let run = |args: &[&str]| {
        let output = Command::cargo_bin("rmatch")
            .expect("binary")
            .args(args)
            .write_stdin(ROSTER)
            .output()
            .expect("runs");
        assert!(output.status.success());
        String::from_utf8(output.stdout).unwrap()
    };
    let table = run(&[
        "sweep",
        "-",
        "--vary",
        "teach=0,1",
        "--format",
        "table",
        "-q",
    ]);
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(
        lines[1], "│ teach             ┆ 0       ┆ 1       │",
        "{table}"
    );
    assert!(
        lines.contains(&"│ pairs             ┆ 2       ┆ 2       │"),
        "{table}"
    );
    assert!(
        lines.contains(&"│ status            ┆ optimal ┆ optimal │"),
        "{table}"
    );
    let json: serde_json::Value = serde_json::from_str(&run(&[
        "sweep",
        "-",
        "--vary",
        "teach=0,1",
        "--format",
        "json",
        "-q",
    ]))
    .unwrap();
    assert_eq!(json[1]["value"], 1);
    assert_eq!(json[1]["pairs"], 2);
    assert_eq!(json[1]["status"], "optimal");
    assert_eq!(json[0]["changed"], 0);
    // Piped without --format: CSV, as before.
    assert!(run(&["sweep", "-", "--vary", "teach=0,1", "-q"]).starts_with("value,pairs,changed,"));
}

#[test]
fn sweep_report_draws_each_measure_against_the_value_with_the_rule_limit() {
    use crate::support::TestDir;
    // The sales juniors teach AI best; a department rule pushes pairs across.
    let rows = [
        "S1,senior,,ai:5,sales",
        "S2,senior,,ai:5,sales",
        "J1,junior,ai:5,,sales",
        "J2,junior,ai:5,,sales",
        "J3,junior,ai:1,,design",
        "J4,junior,ai:1,,<b>design</b>",
    ];
    let header = "id,role,skills,wants,department\n";
    let t = TestDir::new();
    t.write("roster.csv", format!("{header}{}\n", rows.join("\n")));
    let args = [
        "sweep",
        "roster.csv",
        "--vary",
        "max-same.department=0,0.5,1",
        "--diversity",
        "department",
        "-q",
    ];
    let plain = t.rmatch().args(args).run().stdout;
    let ran = t.rmatch().args(args).args(["--report", "sweep.html"]).run();
    assert_eq!(
        ran.stdout, plain,
        "the report does not change the sweep's output"
    );
    let page = t.read("sweep.html");
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(
        !page.contains("<script") && !page.contains("http"),
        "self-contained"
    );
    // A chart per measure: pairs, mean score, goals covered, and the share
    // across each diversity attribute.
    for id in ["pairs", "mean-score", "goals", "cross-0"] {
        assert_eq!(
            page.matches(&format!("id=\"chart-{id}\"")).count(),
            1,
            "{id}"
        );
    }
    // A point per value: three charts of one line, the department chart of
    // two (across and same), and the rule's varied limit drawn dashed.
    assert_eq!(page.matches("<circle class=\"dot").count(), 3 * 3 + 2 * 3);
    assert_eq!(page.matches("<polyline class=\"limit\"").count(), 1);
    assert!(page.contains("--max-same department (varied)"), "{page}");
    // At 0 every pair crosses departments; at 1 the sales pairs come back.
    assert!(page.contains("max-same.department = 0: 100.0% of pairs cross department (optimal)"));
    assert!(page.contains("max-same.department = 1: 0.0% of pairs cross department (optimal)"));
    assert!(page.contains("Every pairing is proven optimal."));
    // The table holds the same rows as the CSV, roster text escaped.
    assert_eq!(page.matches("<tr><td>").count(), 3);
    assert!(!page.contains("<b>design"));
    // The same roster in another order gives the same bytes.
    let mut reversed = rows;
    reversed.reverse();
    t.write("roster.csv", format!("{header}{}\n", reversed.join("\n")));
    t.rmatch().args(args).args(["--report", "again.html"]).run();
    assert_eq!(t.read("again.html"), page);
}

#[test]
fn sweep_report_is_refused_where_it_would_lose_something() {
    use crate::support::TestDir;
    let t = TestDir::new();
    t.write("roster.csv", ROSTER);
    t.rmatch()
        .args(["sweep", "roster.csv", "--vary", "teach=0,1", "--report", "-"])
        .code(2)
        .stderr("error: --report - would print the report on standard output, where the sweep goes; name a file for the report (--report sweep.html) or for the sweep (-o sweep.csv)\n")
        .run();
    t.rmatch()
        .args([
            "sweep",
            "roster.csv",
            "--vary",
            "teach=0,1",
            "--report",
            "roster.csv",
        ])
        .code(2)
        .stderr_has("roster.csv")
        .run();
    assert_eq!(t.read("roster.csv"), ROSTER, "the roster is untouched");
    assert_eq!(t.files(), ["roster.csv"]);
}

#[test]
fn sweep_marks_a_value_no_pairing_can_meet_and_goes_on() {
    use crate::support::TestDir;
    let t = TestDir::new();
    // Two sales juniors and one design junior: with --fair department=0
    // no number of pairs gives the pool's shares (2/3, 1/3) exactly but 3,
    // and the two seniors take at most 2.
    t.write(
        "r.csv",
        "id,role,skills,wants,department\nS1,senior,,ai,x\nS2,senior,,ai,x\nJ1,junior,ai:5,,sales\nJ2,junior,ai:4,,sales\nJ3,junior,ai:3,,design\n",
    );
    let ran = t
        .rmatch()
        .args([
            "sweep",
            "r.csv",
            "--vary",
            "fair.department=0,0.5",
            "--diversity",
            "department",
        ])
        .args(["--report", "s.html"])
        .run();
    let rows: Vec<&str> = ran.stdout.lines().collect();
    assert_eq!(rows[1], "0,,,infeasible,,,,,,,,,,,", "{}", ran.stdout);
    assert!(rows[2].starts_with("0.5,2,0,optimal,"), "{}", ran.stdout);
    assert!(
        ran.stderr.contains("warning: at 1 value of fair.department no pairing meets the rules (status infeasible); at 0: the rule --fair department=0 cannot hold"),
        "{}",
        ran.stderr
    );
    let page = t.read("s.html");
    assert!(
        page.contains("At 1 value no pairing meets the rules"),
        "{page}"
    );
    // One point per feasible value on each one-line chart.
    assert_eq!(
        page.matches("<circle class=\"dot s0\"").count(),
        4,
        "{page}"
    );
}

#[test]
fn sweep_verbose_shows_the_shared_pass_then_each_steps_rounds_in_value_order() {
    let (code, out, err) = rmatch(&["sweep", "-", "--vary", "diversity=0:1:0.5", "-v"]);
    assert_eq!(code, 0, "{err}");
    let (quiet_code, quiet_out, _) = rmatch(&["sweep", "-", "--vary", "diversity=0:1:0.5", "-q"]);
    assert_eq!(quiet_code, 0);
    assert_eq!(out, quiet_out, "-v writes to standard error only");
    let lines: Vec<&str> = err.lines().collect();
    assert!(
        lines[0].starts_with("sweep: candidates for 3 steps from one pass ")
            && lines[0].ends_with(
                " s: 4 allowed pairs, 4 of them scored, best 10 per senior and 10 per junior kept"
            ),
        "{err}"
    );
    // The steps' first certificate rounds, checked together.
    assert!(
        lines[1].starts_with(
            "sweep: first certificate rounds of 3 steps checked with one look at the allowed pairs in "
        ),
        "{err}"
    );
    // Each step: the candidates it was given, its rounds (one here: the
    // first flow already holds the certificate), and its time.
    let mut at = 2;
    for value in ["0", "0.5", "1"] {
        let step = format!("sweep: diversity={value}: ");
        assert_eq!(
            lines[at],
            format!("{step}candidates given: 4 allowed pairs, best 10 per senior and 10 per junior kept"),
            "{err}"
        );
        assert!(
            lines[at + 1].starts_with(&format!("{step}round 1: flow ")),
            "{err}"
        );
        assert!(
            lines[at + 2].starts_with(&format!("{step}solved in ")),
            "{err}"
        );
        at += 3;
    }
    assert!(
        lines[at].starts_with("rmatch: 3 steps of diversity in "),
        "{err}"
    );
    assert_eq!(lines.len(), at + 1, "{err}");
}
