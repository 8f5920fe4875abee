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
    // The explanation counts what differs without naming it.
    let csv = &seen[0].1;
    assert!(
        csv.contains("Dee teaches Ann ai (level 5 vs 0); they differ in department (Finance vs IT) and on 2 private attributes."),
        "{csv}"
    );
    assert!(
        csv.contains("Eve teaches Bob cloud (level 5 vs 0); they differ on 1 private attribute."),
        "{csv}"
    );
    // Private attributes count for diversity: S1-J1 differ on 3 of 3,
    // S2-J2 on 1 of 3 (department and ethnicity equal).
    let json: Value = serde_json::from_str(&seen[2].1).expect("json");
    let diversity: Vec<f64> = json["pairs"]
        .as_array()
        .expect("pairs")
        .iter()
        .map(|p| p["diversity"].as_f64().expect("number"))
        .collect();
    assert_eq!(diversity, [1.0, 0.3333]);
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
        .stdout_has("they differ in department (Finance vs IT) and on 2 private attributes.")
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
