//! Private attributes.

use super::spreadsheet::FORMULAS;
use super::*;

/// Gender and ethnicity values no other text in the roster contains.
const SECRETS: [&str; 4] = ["Xylandrian", "Brevorine", "Qorvanish", "Zembrolic"];

/// S1-J1 differ on both private attributes and on department; S2-J2 on
/// gender only (the same ethnicity); S3 has no partner.
fn private_roster() -> String {
    "\
id,name,role,skills,wants,department,gender,ethnicity
S1,Ann,senior,,ai:4,Finance,Xylandrian,Qorvanish
S2,Bob,senior,,cloud:4,Sales,Brevorine,Zembrolic
S3,Cy,senior,,quantum,Legal,Brevorine,
J1,Dee,junior,ai:5,,IT,Brevorine,Zembrolic
J2,Eve,junior,cloud:5,,Sales,Xylandrian,zembrolic
"
    .to_string()
}

/// Asserts no private value appears in `text`, in any case.
#[track_caller]
fn assert_no_secret(what: &str, text: &str) {
    let lower = text.to_lowercase();
    for secret in SECRETS {
        assert!(
            !lower.contains(&secret.to_lowercase()),
            "{what} shows the private value {secret}:\n{text}"
        );
    }
}

#[test]
fn private_values_never_appear_in_any_output() {
    let t = TestDir::new();
    t.write("r.csv", private_roster());
    let private = ["--private", "gender,ethnicity"];
    let mut seen: Vec<(String, String)> = Vec::new();
    fn record(seen: &mut Vec<(String, String)>, what: String, ran: &Ran) {
        seen.push((format!("{what} stdout"), ran.stdout.clone()));
        seen.push((format!("{what} stderr"), ran.stderr.clone()));
    }
    for format in ["csv", "json", "table"] {
        let ran = t
            .rmatch()
            .args(["pair", "r.csv", "--format", format])
            .args(private)
            .run();
        record(&mut seen, format!("pair --format {format}"), &ran);
    }
    for out in ["out.csv", "out.json", "out.txt"] {
        let ran = t
            .rmatch()
            .args(["pair", "r.csv", "-o", out, "--raw"])
            .args(private)
            .run();
        record(&mut seen, format!("pair -o {out}"), &ran);
        seen.push((out.to_string(), t.read(out)));
    }
    let ran = t.rmatch().args(["scores", "r.csv"]).args(private).run();
    record(&mut seen, "scores".into(), &ran);
    let ran = t
        .rmatch()
        .args(["scores", "r.csv", "-o", "scores.csv"])
        .args(private)
        .run();
    record(&mut seen, "scores -o".into(), &ran);
    seen.push(("scores.csv".into(), t.read("scores.csv")));
    let ran = t.rmatch().args(["check", "r.csv"]).args(private).run();
    record(&mut seen, "check".into(), &ran);
    // Also with private columns the diversity flag does not name.
    let ran = t
        .rmatch()
        .args(["pair", "r.csv", "--diversity", "department"])
        .args(private)
        .run();
    record(&mut seen, "pair --diversity".into(), &ran);

    for (what, text) in &seen {
        assert_no_secret(what, text);
    }
    // The explanation never mentions private attributes: saying the two
    // differ on one would tell whether they share its value.
    let csv = &seen[0].1;
    assert!(
        csv.contains(
            "Dee teaches Ann ai (level 5 vs 0); they differ in department (Finance vs IT).\n"
        ),
        "{csv}"
    );
    assert!(
        csv.contains("Eve teaches Bob cloud (level 5 vs 0).\n"),
        "{csv}"
    );
    assert!(!csv.contains("private"), "{csv}");
    // The diversity column is over the public attribute (department) only:
    // S1-J1 differ, S2-J2 do not. The score is the real one, private
    // attributes counted: S1-J1 differ on 3 of 3 attributes (0.5 + 0.2),
    // S2-J2 on 1 of 3 (0.5 + 0.2/3).
    let json: Value = serde_json::from_str(&seen[2].1).expect("json");
    let column = |name: &str| -> Vec<f64> {
        json["pairs"]
            .as_array()
            .expect("pairs")
            .iter()
            .map(|p| p[name].as_f64().expect("number"))
            .collect()
    };
    assert_eq!(column("diversity"), [1.0, 0.0]);
    assert_eq!(column("score"), [0.7, 0.5667]);
    assert_eq!(
        json["summary"]["diversity_attributes"],
        serde_json::json!(["department", "gender", "ethnicity"])
    );
}

#[test]
fn private_values_stay_out_of_errors() {
    let t = TestDir::new();
    let private = ["--private", "gender,ethnicity"];
    // A private value that is not UTF-8: the error names the place, not the bytes.
    let mut bad =
        b"id,role,skills,wants,gender,ethnicity\nS1,senior,,ai,Xyl\xe4ndrian,Qorvanish\n".to_vec();
    bad.extend_from_slice(b"J1,junior,ai:5,,Brevorine,Zembrolic\n");
    t.write("bad.csv", &bad);
    let ran = t
        .rmatch()
        .args(["pair", "bad.csv"])
        .args(private)
        .code(3)
        .stderr_has("error: bad.csv, line 2, column 5 (gender): the text is not valid UTF-8; the file is probably saved in a Windows or Latin-1 encoding")
        .stderr_lacks("0xE4")
        .run();
    assert_no_secret("the encoding error", &ran.stderr);
    // An oversized private value.
    let long = SECRETS[0].repeat(7000);
    t.write(
        "long.csv",
        format!("id,role,gender,ethnicity\nS1,senior,{long},x\n"),
    );
    let ran = t
        .rmatch()
        .args(["check", "long.csv"])
        .args(private)
        .code(3)
        .stderr_has("error: long.csv, line 2, column 3 (gender): this field is longer than 64 KiB")
        .run();
    assert_no_secret("the size error", &ran.stderr);
    // A row with too many fields, where the extra field is private data.
    t.write(
        "shift.csv",
        "id,role,gender\nS1,senior,Xylandrian,Qorvanish\n",
    );
    let ran = t
        .rmatch()
        .args(["check", "shift.csv", "--private", "gender"])
        .code(3)
        .stderr_has("error: shift.csv, line 2: this row has 4 fields but the header has 3")
        .run();
    assert_no_secret("the field-count error", &ran.stderr);
    // A --private column the header lacks, and one that is not an attribute.
    t.write("r.csv", private_roster());
    t.rmatch()
        .args(["pair", "r.csv", "--private", "religion"])
        .code(3)
        .stderr_has("error: r.csv, line 1: --private names the column \"religion\", which the header does not have")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--private", "name"])
        .code(3)
        .stderr_has("error: r.csv, line 1, column 2 (name): \"name\" cannot be a private attribute")
        .run();
}

#[test]
fn private_values_stay_out_of_rules_explain_sweep_and_config_runs() {
    let t = TestDir::new();
    t.write("r.csv", private_roster());
    // The config file's `private` key does what --private does.
    t.write("rmatch.toml", "private = [\"gender\", \"ethnicity\"]\n");
    let mut seen: Vec<(String, Ran)> = Vec::new();
    let ran = t
        .rmatch()
        .args(["pair", "r.csv", "--config", "rmatch.toml"])
        .stdout_has("they differ in department (Finance vs IT).\n")
        .run();
    seen.push(("pair --config".into(), ran));
    let ran = t
        .rmatch()
        .args([
            "pair",
            "r.csv",
            "--config",
            "rmatch.toml",
            "--format",
            "json",
        ])
        .run();
    assert_eq!(
        ran.json()["summary"]["config"]["private"],
        serde_json::json!(["gender", "ethnicity"])
    );
    seen.push(("pair --config json".into(), ran));
    let private = ["--private", "gender,ethnicity"];
    // Quotas on private attributes are applied; their groups are never named.
    for args in [
        &["pair", "r.csv", "--fair", "gender=0.5", "--format", "json"][..],
        &[
            "pair",
            "r.csv",
            "--max-same",
            "ethnicity=0.5",
            "--format",
            "table",
        ][..],
        &["sweep", "r.csv", "--vary", "fair.gender=0,0.5"][..],
        &["sweep", "r.csv", "--vary", "diversity=0,1"][..],
        &["explain", "r.csv", "S1", "J1"][..],
        &["explain", "r.csv", "S2", "J1"][..],
    ] {
        let ran = t.rmatch().args(args).args(private).run();
        seen.push((args.join(" "), ran));
    }
    // A fair rule that cannot hold explains itself by group size.
    let ran = t
        .rmatch()
        .args(["pair", "r.csv", "--lock", "S1:J1", "--forbid", "S2:J2"])
        .args(["--fair", "gender=0"])
        .args(private)
        .code(6)
        .stderr_has("(gender, a private value: pool share 0.500)")
        .run();
    seen.push(("infeasible --fair".into(), ran));
    // The sponsor's HTML report draws the fair attribute by group, unnamed.
    let ran = t
        .rmatch()
        .args([
            "pair",
            "r.csv",
            "-o",
            "pairs.csv",
            "--report",
            "report.html",
        ])
        .args(["--fair", "gender=0.5"])
        .args(private)
        .run();
    seen.push(("pair --report".into(), ran));
    let report = t.read("report.html");
    assert!(report.contains("private group 1"), "no fair chart");
    assert_no_secret("report.html", &report);
    assert_no_secret("pairs.csv", &t.read("pairs.csv"));
    for (what, ran) in &seen {
        assert_no_secret(&format!("{what} stdout"), &ran.stdout);
        assert_no_secret(&format!("{what} stderr"), &ran.stderr);
    }
    // Without --private the report and the rule name the values (so the
    // searches above can fail).
    t.rmatch()
        .args(["pair", "r.csv", "-o", "pairs.csv", "--report", "open.html"])
        .args(["--fair", "gender=0.5"])
        .run();
    assert!(t.read("open.html").contains("Xylandrian"));
    t.rmatch()
        .args(["pair", "r.csv", "--lock", "S1:J1", "--forbid", "S2:J2"])
        .args(["--fair", "gender=0"])
        .code(6)
        .stderr_has("gender=Brevorine")
        .run();
}

#[test]
fn neutralised_csv_reads_back_as_history_and_locks() {
    // Last cycle's output, as written for spreadsheets ('=1+2, '@Jay ...),
    // is next cycle's --history and --locks: the ids still match the roster.
    let t = TestDir::new();
    t.write("r.csv", FORMULAS);
    t.rmatch().args(["pair", "r.csv", "-o", "cycle1.csv"]).run();
    assert!(t.read("cycle1.csv").contains("paired,'=1+2,"));
    // No pair is repeated: each senior's only teacher was their partner.
    t.rmatch()
        .args(["pair", "r.csv", "--history", "cycle1.csv"])
        .stdout_lacks("paired,")
        .stderr_has("rmatch: 0 pairs")
        .run();
    let ran = t
        .rmatch()
        .args(["pair", "r.csv", "--locks", "cycle1.csv"])
        .stderr_has("rmatch: 2 pairs")
        .run();
    assert_eq!(
        ran.stdout.matches("Locked by the coordinator.").count(),
        2,
        "{}",
        ran.stdout
    );
}

/// Two pairs that differ only in whether their two people share a private
/// value: every output shows them alike, apart from names and the score.
#[test]
fn no_output_tells_whether_two_named_people_share_a_private_value() {
    // S1-J1 share gender X; S2-J2 do not (Y vs X). Everything else alike.
    let roster = "\
id,name,role,skills,wants,gender
S1,Ann,senior,,ai:4,Xylandrian
S2,Bob,senior,,cloud:4,Brevorine
J1,Cy,junior,ai:5,,Xylandrian
J2,Dee,junior,cloud:5,,Xylandrian
";
    let t = TestDir::new();
    t.write("r.csv", roster);
    let private = ["--private", "gender", "--diversity", "gender"];
    // Masks what may differ: names, ids and the score.
    let masked = |text: &str| -> String {
        let mut text = text.to_string();
        for (from, to) in [
            ("Ann", "P"),
            ("Bob", "P"),
            ("Cy", "Q"),
            ("Dee", "Q"),
            ("S1", "s"),
            ("S2", "s"),
            ("J1", "j"),
            ("J2", "j"),
            ("ai", "t"),
            ("cloud", "t"),
            ("0.7000", "SCORE"),
            ("0.5000", "SCORE"),
        ] {
            text = text.replace(from, to);
        }
        text
    };
    // scores: the diversity column and the reasons of the two pairs.
    let scores = t
        .rmatch()
        .args(["scores", "r.csv"])
        .args(private)
        .run()
        .stdout;
    let row = |s: &str, j: &str| -> String {
        scores
            .lines()
            .find(|l| l.starts_with(&format!("{s},{j},")))
            .unwrap_or_else(|| panic!("{s},{j} in\n{scores}"))
            .to_string()
    };
    assert_eq!(
        masked(&row("S1", "J1")),
        masked(&row("S2", "J2")),
        "{scores}"
    );
    // pair: the CSV rows of the two pairs read alike.
    let csv = t
        .rmatch()
        .args(["pair", "r.csv"])
        .args(private)
        .run()
        .stdout;
    let rows: Vec<&str> = csv.lines().filter(|l| l.starts_with("paired,")).collect();
    assert_eq!(rows.len(), 2, "{csv}");
    assert_eq!(masked(rows[0]), masked(rows[1]), "{csv}");
    let json = t
        .rmatch()
        .args(["pair", "r.csv", "--format", "json"])
        .args(private)
        .run()
        .json();
    let pairs = json["pairs"].as_array().expect("pairs");
    assert_eq!(pairs.len(), 2);
    assert_eq!(pairs[0]["diversity"], pairs[1]["diversity"]);
    assert_eq!(
        masked(pairs[0]["why"].as_str().unwrap()),
        masked(pairs[1]["why"].as_str().unwrap())
    );
    // The score is still the real one: gender counts. S1-J1 share it
    // (diversity 0 of 1): 0.5; S2-J2 differ (1 of 1): 0.5 + 0.2 = 0.7.
    assert_eq!(pairs[0]["score"], 0.5);
    assert_eq!(pairs[1]["score"], 0.7);
    // explain: the two pairs read alike.
    let explain = |s: &str, j: &str| {
        t.rmatch()
            .args(["explain", "r.csv", s, j])
            .args(private)
            .run()
            .stdout
    };
    let (one, two) = (explain("S1", "J1"), explain("S2", "J2"));
    assert_eq!(masked(&one), masked(&two), "{one}\n{two}");
    assert!(
        one.contains("private attributes count in the score, unshown"),
        "{one}"
    );
    // The report: no chart of who crosses a private attribute.
    t.rmatch()
        .args(["pair", "r.csv", "-o", "p.csv", "--report", "report.html"])
        .args(private)
        .run();
    let report = t.read("report.html");
    assert!(
        !report.contains("cross-gender"),
        "a chart of pairs crossing gender"
    );
    // Both juniors share the value: a --fair chart would say so of every
    // two of them, so there is none.
    t.rmatch()
        .args([
            "pair",
            "r.csv",
            "-o",
            "p.csv",
            "--report",
            "fair.html",
            "--fair",
            "gender",
        ])
        .args(private)
        .run();
    assert!(!t.read("fair.html").contains("private group"));
    // A quota the locked pair breaks does not say whether the pair shares
    // the value (S1-J1 do).
    let ran = t
        .rmatch()
        .args(["pair", "r.csv", "--lock", "S1:J1", "--max-same", "gender=0"])
        .args(private)
        .code(6)
        .stderr_has("the locked pairs put its share out of reach (how many are in its group is not shown, as the attribute is private)")
        .run();
    assert!(
        !ran.stderr.contains("of the 1 locked pairs"),
        "{}",
        ran.stderr
    );
    // sweep: no cross share of a private attribute.
    t.write("g.csv", roster.replace("gender", "generation"));
    let sweep = t
        .rmatch()
        .args([
            "sweep",
            "g.csv",
            "--vary",
            "teach=0.5",
            "--private",
            "generation",
        ])
        .run()
        .stdout;
    let header: Vec<&str> = sweep.lines().next().unwrap().split(',').collect();
    let row: Vec<&str> = sweep.lines().nth(1).unwrap().split(',').collect();
    let at = header
        .iter()
        .position(|&c| c == "cross_generation")
        .unwrap();
    assert_eq!(row[at], "", "cross_generation is left empty: {sweep}");
    // Without --private the same outputs do tell (so the checks can fail).
    let open = t
        .rmatch()
        .args(["scores", "r.csv", "--diversity", "gender"])
        .run()
        .stdout;
    assert!(
        open.contains("S1,J1,true,0.5000,1.0000,0.0000,0.0000,0.0000,"),
        "{open}"
    );
    assert!(
        open.contains("S2,J2,true,0.7000,1.0000,0.0000,0.0000,1.0000,"),
        "{open}"
    );
}
