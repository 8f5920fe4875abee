//! `rmatch pair` end to end: exact CSV, JSON, the table, every format agreeing, row order, and the two solvers.

use super::*;

#[test]
fn pair_tiny_roster_exact_csv() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    t.rmatch()
        .args(["pair", "r.csv"])
        .stdout(tiny_csv())
        .stderr_has("rmatch: 2 pairs")
        .stderr_has("optimal")
        .run();
}

#[test]
fn pair_summary_is_one_paragraph_starting_with_pair_count() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    let ran = t.rmatch().args(["pair", "r.csv"]).run();
    assert!(ran.stderr.starts_with("rmatch: 2 pairs"), "{}", ran.stderr);
    assert_eq!(ran.stderr.trim_end().lines().count(), 1, "{}", ran.stderr);
}

#[test]
fn weights_change_the_score() {
    // Teach only: the score is the teach part, 0.75 and 0.5.
    let t = TestDir::new();
    t.write("r.csv", TINY);
    let ran = t
        .rmatch()
        .args(["pair", "r.csv", "--weights", TEACH_ONLY])
        .stdout_has("paired,S1,Sam,J1,Jo,0.7500,0.7500,0.5000,0.3333,1.0000,")
        .stdout_has("paired,S2,Sue,J2,Jay,0.5000,0.5000,0.7500,1.0000,0.0000,")
        .run();
    assert_eq!(paired(&ran.stdout), ["S1-J1", "S2-J2"]);
    // Partial weights keep the other defaults: 0.5*0.75 + 0*0.5 + 0.1/3 + 0.2 = 0.608333.
    t.rmatch()
        .args(["pair", "r.csv", "--weights", "learn=0"])
        .stdout_has("paired,S1,Sam,J1,Jo,0.6083,")
        .run();
    let doc = t
        .rmatch()
        .args(["pair", "r.csv", "--format", "json", "--weights", TEACH_ONLY])
        .run()
        .json();
    let w = &doc["summary"]["weights"];
    assert_eq!(w["teach"], 1.0);
    assert_eq!(w["learn"], 0.0);
    assert_eq!(w["interests"], 0.0);
    assert_eq!(w["diversity"], 0.0);
}

#[test]
fn weights_that_are_all_zero_are_warned_about() {
    // Every pair scores 0: the pairing is the tie-break's, or empty under
    // --objective score. Under --objective goals the goals still choose.
    let t = TestDir::new();
    t.write("r.csv", TINY);
    let zero = "teach=0,learn=0,interests=0,diversity=0";
    let warned = |so: &str| {
        format!("warning: every score weight is 0, so every pair scores 0 and {so}; give a weight above 0 (for example --weights teach=0.5)\n")
    };
    let ran = t
        .rmatch()
        .args(["pair", "r.csv", "--weights", zero])
        .stderr_has(warned(
            "among the pairings with the most pairs the tie-break alone chooses",
        ))
        .run();
    assert_eq!(paired(&ran.stdout).len(), 2);
    let ran = t
        .rmatch()
        .args(["pair", "r.csv", "--weights", zero, "--objective", "score"])
        .stderr_has(warned(
            "--objective score pairs no one (no pairing scores above the empty one)",
        ))
        .run();
    assert!(paired(&ran.stdout).is_empty(), "{}", ran.stdout);
    for (weights, more) in [
        (zero, vec!["--objective", "goals"]),
        (zero, vec!["-q"]),
        ("teach=0,learn=0,interests=0.1,diversity=0", vec![]),
    ] {
        t.rmatch()
            .args(["pair", "r.csv", "--weights", weights])
            .args(more)
            .stderr_lacks("every score weight")
            .run();
    }
}

#[test]
fn diversity_columns_can_be_chosen() {
    // Same department (compared case-insensitively), different team. By
    // default only department counts and team is an unused column; with
    // --diversity team it is the other way round.
    // teach = 1 (level 5 vs 0, gap capped at 4), so the score is 0.5 + 0.2*diversity.
    let roster = "\
id,role,skills,wants,department,team
S1,senior,,ai,Finance,Red
J1,junior,ai:5,,finance,Blue
";
    let t = TestDir::new();
    t.write("r.csv", roster);
    t.rmatch()
        .args(["pair", "r.csv"])
        .stdout_has("paired,S1,S1,J1,J1,0.5000,1.0000,0.0000,0.0000,0.0000,")
        .stderr_has("ignoring columns rmatch does not use: team")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--diversity", "team"])
        .stdout_has("paired,S1,S1,J1,J1,0.7000,1.0000,0.0000,0.0000,1.0000,")
        .stdout_has("they differ in team (Red vs Blue)")
        .stderr_has("ignoring columns rmatch does not use: department\n")
        .run();
}

#[test]
fn topics_compare_case_insensitively_with_spaces_folded() {
    // "Generative  AI" (two spaces) and "generative ai" are one topic; so are
    // "English" and "ENGLISH", and interests "Chess" and "chess".
    // teach = 4*4/16 = 1, interests 1/1: score 0.5 + 0.1 = 0.6.
    let roster = "\
id,role,skills,wants,interests,languages
S1,senior,,Generative  AI:4,Chess,English
J1,junior,generative ai:5,,chess,ENGLISH
";
    let t = TestDir::new();
    t.write("r.csv", roster);
    t.rmatch()
        .args(["pair", "r.csv"])
        .stdout_has("paired,S1,S1,J1,J1,0.6000,1.0000,0.0000,1.0000,0.0000,")
        .stdout_has("teaches S1 Generative AI (level 5 vs 0)")
        .run();
}

#[test]
fn header_is_matched_case_insensitively_and_trimmed() {
    let roster = " ID , Role ,Skills,WANTS\nS1,SENIOR,,ai\nJ1,Junior,ai:5,\n";
    let t = TestDir::new();
    t.write("r.csv", roster);
    let ran = t
        .rmatch()
        .args(["pair", "r.csv"])
        .stderr_lacks("warning")
        .run();
    assert_eq!(paired(&ran.stdout), ["S1-J1"]);
}

/// [`TINY`] as an HR export names its columns, and the flags that map them.
const TINY_EXPORT_HEADER: &str = "Person No,Full Name,Type,Can Teach,Goals,Hobbies,department";
const TINY_EXPORT_COLUMNS: [&str; 12] = [
    "--column",
    "id=Person No",
    "--column",
    "name=FULL NAME",
    "--column",
    "role=Type",
    "--column",
    "skills=can teach",
    "--column",
    "wants=Goals",
    "--column",
    "interests= Hobbies",
];

fn tiny_export() -> String {
    let mut rows = TINY.lines();
    rows.next();
    let mut out = vec![TINY_EXPORT_HEADER];
    out.extend(rows);
    lines(&out)
}

/// A roster whose header calls rmatch's columns its own way, mapped with
/// `--column` or the config's `[columns]`, gives byte for byte what it
/// gives under rmatch's names: the CSV, the JSON (whose config echo leaves
/// the mapping out), the report and `check`.
#[test]
fn mapped_headers_give_the_same_output_as_rmatch_names() {
    let own = TestDir::new();
    own.write("r.csv", TINY);
    let export = TestDir::new();
    export.write("r.csv", tiny_export());
    export.write(
        "rmatch.toml",
        "[columns]\nid = \"Person No\"\nname = \"Full Name\"\nrole = \"Type\"\nskills = \"Can Teach\"\nwants = \"Goals\"\ninterests = \"Hobbies\"\n",
    );
    let mapped = |args: &[&str]| {
        export
            .rmatch()
            .args(args)
            .args(TINY_EXPORT_COLUMNS)
            .stderr_lacks("warning")
            .run()
    };
    assert_eq!(mapped(&["pair", "r.csv"]).stdout, tiny_csv());
    let configured = export
        .rmatch()
        .args(["pair", "r.csv", "--config", "rmatch.toml"])
        .stderr_lacks("warning")
        .run();
    assert_eq!(configured.stdout, tiny_csv());

    let json = ["pair", "r.csv", "--format", "json", "--no-timing"];
    let plain = own.rmatch().args(json).run().stdout;
    assert_eq!(mapped(&json).stdout, plain);
    let from_config = export
        .rmatch()
        .args(json)
        .args(["--config", "rmatch.toml"])
        .run()
        .stdout;
    assert_eq!(from_config, plain);

    let report = ["pair", "r.csv", "-o", "p.csv", "--report", "report.html"];
    own.rmatch().args(report).run();
    mapped(&report);
    assert_eq!(export.read("report.html"), own.read("report.html"));

    let check = own.rmatch().args(["check", "r.csv"]).run();
    let check_mapped = mapped(&["check", "r.csv"]);
    assert_eq!(check_mapped.stdout, check.stdout);
}

/// Every command that reads a roster takes `--column`.
#[test]
fn every_command_that_reads_a_roster_takes_column() {
    let t = TestDir::new();
    t.write("r.csv", tiny_export());
    for args in [
        &["scores", "r.csv"][..],
        &["explain", "r.csv", "S1", "J1"],
        &["sweep", "r.csv", "--vary", "diversity=0,1"],
    ] {
        t.rmatch()
            .args(args)
            .args(TINY_EXPORT_COLUMNS)
            .stderr_lacks("warning")
            .stderr_lacks("error")
            .run();
    }
}

#[test]
fn capacity_lets_a_senior_take_several_juniors() {
    let roster = "\
id,role,skills,wants,capacity
S1,senior,,ai:3,2
J1,junior,ai:4,,
J2,junior,ai:5,,
J3,junior,ai:5,,0
";
    let t = TestDir::new();
    t.write("r.csv", roster);
    let ran = t.rmatch().args(["pair", "r.csv"]).stdout_lacks("J3").run();
    assert_eq!(paired(&ran.stdout), ["S1-J1", "S1-J2"]);
}

#[test]
fn names_with_commas_and_quotes_round_trip_through_csv() {
    let roster = "\
id,name,role,skills,wants
S1,\"Doe, Jane\",senior,,ai
J1,\"Bob \"\"B\"\" Lee\",junior,ai:5,
";
    let t = TestDir::new();
    t.write("r.csv", roster);
    t.rmatch()
        .args(["pair", "r.csv"])
        .stdout_has("paired,S1,\"Doe, Jane\",J1,\"Bob \"\"B\"\" Lee\",0.5000,")
        .run();
}

#[test]
fn a_score_prints_the_same_in_every_format() {
    // Bob-Cat: teach = (1*min(5-3,4) + 3*min(4-3,4)) / (4*(1+3)) = 5/16, so the
    // score is 0.5 * 5/16 = 0.15625 exactly, half-way between two 4-decimal
    // numbers. Every output must round it the same way.
    let t = TestDir::new();
    t.write(
        "one.csv",
        "id,name,role,skills,wants\nS2,Bob,senior,a:3;b:3,a:1;b:3\nJ1,Cat,junior,a:5;b:4,\n",
    );
    let csv = t.rmatch().args(["pair", "one.csv"]).run().stdout;
    let row = csv.lines().nth(1).expect("a pair row");
    let shown = row.split(',').nth(5).expect("a score").to_string();
    assert!(shown == "0.1562" || shown == "0.1563", "{row}");
    let json = t
        .rmatch()
        .args(["pair", "one.csv", "--format", "json"])
        .run()
        .json();
    assert_eq!(
        format!("{:.4}", json["pairs"][0]["score"].as_f64().unwrap()),
        shown
    );
    let mut wrong = Vec::new();
    let scores = t.rmatch().args(["scores", "one.csv"]).run().stdout;
    if !scores.contains(&format!("S2,J1,true,{shown},0.3125,")) {
        wrong.push(format!("scores:\n{scores}"));
    }
    let table = t
        .rmatch()
        .args(["pair", "one.csv", "--format", "table"])
        .run()
        .stdout;
    if !table.contains(&format!(" {shown} ")) {
        wrong.push(format!("table:\n{table}"));
    }
    // The same pair quoted as the best alternative of a senior who lost out
    // to Ann (Ann-Cat: teach 4*4/16 = 1, score 0.5).
    t.write(
        "two.csv",
        "id,name,role,skills,wants\nS1,Ann,senior,,a:4\nS2,Bob,senior,a:3;b:3,a:1;b:3\nJ1,Cat,junior,a:5;b:4,\n",
    );
    let two = t.rmatch().args(["pair", "two.csv"]).run().stdout;
    let reason = format!(
        "of those, Bob was left out because the only allowed partner is better used elsewhere; best alternative J1 Cat (score {shown})"
    );
    if !two.contains(&reason) {
        wrong.push(format!("why:\n{two}"));
    }
    assert!(
        wrong.is_empty(),
        "the CSV shows the score as {shown}, but these outputs differ:\n{}",
        wrong.join("\n")
    );
}

// ---------------------------------------------------------------------------
// 2. JSON
// ---------------------------------------------------------------------------

#[test]
fn pair_json_format_matches_csv() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    let doc = t
        .rmatch()
        .args(["pair", "r.csv", "--format", "json"])
        .stderr_has("rmatch: 2 pairs")
        .run()
        .json();
    let top: Vec<&str> = doc
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(top, ["pairs", "summary", "unmatched"]);

    let columns: Vec<&str> = PAIR_HEADER.split(',').collect();
    let rows = doc["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .chain(doc["unmatched"].as_array().unwrap());
    for row in rows {
        let mut keys: Vec<&str> = row
            .as_object()
            .expect("a row object")
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        let mut want = columns.clone();
        // A pair also carries the full lists its `why` names (capped there).
        if row["status"] == "paired" {
            want.push("detail");
        }
        want.sort_unstable();
        assert_eq!(keys, want, "row fields are the CSV columns");
    }

    assert_eq!(doc["pairs"].as_array().unwrap().len(), 2);
    assert_eq!(doc["unmatched"].as_array().unwrap().len(), 1);
    assert_eq!(json_paired(&doc), paired(&tiny_csv()));

    let p = &doc["pairs"][0];
    assert_eq!(p["status"], "paired");
    assert_eq!(p["senior_name"], "Sam");
    assert_eq!(p["junior_name"], "Jo");
    assert_eq!(p["score"], 0.7083);
    assert_eq!(p["teach"], 0.75);
    assert_eq!(p["learn"], 0.5);
    assert_eq!(p["interests"], 0.3333);
    assert_eq!(p["diversity"], 1.0);
    assert!(p["why"]
        .as_str()
        .unwrap()
        .starts_with("Jo teaches Sam python (level 5 vs 2)"));
    assert_eq!(doc["pairs"][1]["score"], 0.5);

    let u = &doc["unmatched"][0];
    assert_eq!(u["status"], "unmatched");
    assert_eq!(u["senior_id"], "S3");
    for empty in [
        "junior_id",
        "junior_name",
        "score",
        "teach",
        "learn",
        "interests",
        "diversity",
    ] {
        assert!(u[empty].is_null(), "{empty} is null in an unmatched row");
    }
    assert_eq!(
        u["why"],
        "no allowed partner: no junior teaches any of: quantum computing"
    );

    let s = &doc["summary"];
    assert_eq!(s["status"], "optimal");
    assert_eq!(s["solver"], "flow");
    assert_eq!(s["pairs"], 2);
    assert_eq!(s["weights"]["teach"], 0.5);
    assert_eq!(s["weights"]["learn"], 0.2);
    assert_eq!(s["weights"]["interests"], 0.1);
    assert_eq!(s["weights"]["diversity"], 0.2);
    assert!(s["solve_seconds"].is_number(), "solve_seconds with timing");
}

#[test]
fn pair_output_file_with_json_extension_is_json() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    t.rmatch()
        .args(["pair", "r.csv", "-o", "out.json", "--no-timing"])
        .stdout("")
        .stderr_has("rmatch: 2 pairs")
        .run();
    let text = t.read("out.json");
    let doc: Value = serde_json::from_str(&text).expect("out.json is JSON");
    assert_eq!(doc["summary"]["status"], "optimal");
    assert!(
        doc["summary"].get("solve_seconds").is_none(),
        "--no-timing leaves solve_seconds out"
    );
    assert_eq!(json_paired(&doc), ["S1-J1", "S2-J2"]);
    // The file holds exactly what --format json prints.
    t.rmatch()
        .args(["pair", "r.csv", "--format", "json", "--no-timing"])
        .stdout(text)
        .run();
    // --format wins over the extension.
    t.rmatch()
        .args(["pair", "r.csv", "-o", "pairs.json", "--format", "csv"])
        .run();
    assert_eq!(t.read("pairs.json"), tiny_csv());
}

// ---------------------------------------------------------------------------
// 3. table
// ---------------------------------------------------------------------------

#[test]
fn pair_table_format_lists_pairs_and_unmatched() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    let ran = t
        .rmatch()
        .args(["pair", "r.csv", "--format", "table"])
        .stdout_has("2 pairs")
        .stdout_has("1 unmatched")
        .stdout_has("0.7083")
        .stdout_has("0.5000")
        .stdout_lacks(PAIR_HEADER)
        .run();
    // Each pair's ids sit on one table line.
    let line_with = |a: &str, b: &str| ran.stdout.lines().any(|l| l.contains(a) && l.contains(b));
    assert!(line_with("S1", "J1"), "{}", ran.stdout);
    assert!(line_with("S2", "J2"), "{}", ran.stdout);
    assert!(line_with("S3", "senior"), "{}", ran.stdout);
}

// ---------------------------------------------------------------------------
// 4. row order
// ---------------------------------------------------------------------------

/// Ties everywhere: J1 and J2 are the same junior with differently spelled
/// topics and languages, S1 and S2 want the same topic.
const TIES: &str = "\
id,name,role,skills,wants,interests,department,languages
S1,Ann,senior,,AI:3;Cloud:2,chess,Finance,English
S2,Bob,senior,,ai:3,chess,Finance,english
S3,Cy,senior,,cloud,,,
J1,Cat,junior,ai:5;cloud:4,,Chess,IT,English
J2,Dan,junior,AI:5;Cloud:4,,chess,IT,ENGLISH
J3,Eve,junior,cloud:4,,,IT,
";

#[test]
fn row_order_does_not_change_the_output() {
    let orders: [[usize; 6]; 6] = [
        [0, 1, 2, 3, 4, 5],
        [5, 4, 3, 2, 1, 0],
        [3, 0, 4, 1, 5, 2],
        [1, 0, 2, 4, 3, 5],
        [4, 5, 0, 3, 2, 1],
        [2, 5, 1, 4, 0, 3],
    ];
    let t = TestDir::new();
    let mut first: Option<(String, String, String)> = None;
    for (i, order) in orders.iter().enumerate() {
        let name = format!("r{i}.csv");
        t.write(&name, reorder(TIES, order));
        let csv = t.rmatch().args(["pair", &name]).run().stdout;
        let json = t
            .rmatch()
            .args(["pair", &name, "--format", "json", "--no-timing"])
            .run()
            .stdout;
        let scores = t.rmatch().args(["scores", &name]).run().stdout;
        match &first {
            None => {
                assert_eq!(paired(&csv).len(), 3, "{csv}");
                first = Some((csv, json, scores));
            }
            Some((c, j, s)) => {
                assert_eq!(&csv, c, "CSV differs for row order {order:?}");
                assert_eq!(&json, j, "JSON differs for row order {order:?}");
                assert_eq!(&scores, s, "scores differ for row order {order:?}");
            }
        }
    }
}

#[test]
fn line_endings_and_byte_order_mark_do_not_change_the_output() {
    let t = TestDir::new();
    t.write("lf.csv", TINY);
    t.write("crlf.csv", TINY.replace('\n', "\r\n"));
    t.write("bom.csv", format!("\u{feff}{TINY}"));
    for name in ["lf.csv", "crlf.csv", "bom.csv"] {
        t.rmatch()
            .args(["pair", name])
            .stdout(tiny_csv())
            .stderr_lacks("warning")
            .run();
    }
}

// ---------------------------------------------------------------------------
// 5. solvers
// ---------------------------------------------------------------------------

#[test]
fn ip_solver_gives_the_same_pairs_as_flow() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    t.write("lex.csv", LEX);
    t.rmatch()
        .args(["pair", "r.csv", "--solver", "ip"])
        .stdout(tiny_csv())
        .stderr_has("proven optimal (no better pairing exists)")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--solver", "ip", "-v"])
        .stderr_has("(solver ip: ")
        .run();
    for objective in ["pairs-then-score", "score"] {
        let flow = t
            .rmatch()
            .args([
                "pair",
                "lex.csv",
                "--weights",
                TEACH_ONLY,
                "--objective",
                objective,
            ])
            .run();
        let ip = t
            .rmatch()
            .args([
                "pair",
                "lex.csv",
                "--weights",
                TEACH_ONLY,
                "--objective",
                objective,
            ])
            .args(["--solver", "ip"])
            .run();
        assert_eq!(ip.stdout, flow.stdout, "objective {objective}");
    }
    let doc = t
        .rmatch()
        .args(["pair", "r.csv", "--solver", "ip", "--format", "json"])
        .run()
        .json();
    assert_eq!(doc["summary"]["solver"], "ip");
    assert_eq!(doc["summary"]["status"], "optimal");
}

#[test]
fn solvers_and_candidate_limits_agree_on_a_generated_roster() {
    // Ties may be broken differently, but the number of pairs and the total
    // score of an optimal pairing are unique.
    let t = TestDir::new();
    t.rmatch()
        .args([
            "generate",
            "--seniors",
            "40",
            "--juniors",
            "60",
            "--seed",
            "2",
        ])
        .args(["-o", "g.csv"])
        .run();
    for objective in ["pairs-then-score", "score"] {
        let summary = |extra: &[&str]| {
            let doc = t
                .rmatch()
                .args([
                    "pair",
                    "g.csv",
                    "-q",
                    "--format",
                    "json",
                    "--objective",
                    objective,
                ])
                .args(extra)
                .run()
                .json();
            assert_eq!(doc["summary"]["status"], "optimal", "{extra:?}");
            (
                doc["summary"]["pairs"].as_u64().unwrap(),
                doc["summary"]["total_score"].as_f64().unwrap(),
            )
        };
        let flow = summary(&[]);
        assert!(flow.0 > 0);
        assert_eq!(summary(&["--solver", "ip"]), flow, "ip, {objective}");
        assert_eq!(summary(&["--candidates", "1"]), flow, "K=1, {objective}");
    }
}

#[test]
fn an_output_named_for_a_format_rmatch_cannot_write_is_refused_before_any_work() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    t.rmatch()
        .args(["pair", "r.csv", "-o", "pairs.pdf"])
        .code(2)
        .stderr("error: -o pairs.pdf: rmatch cannot write PDF; name the file .csv, .json, .txt or .xlsx, or give --format csv|json|table|xlsx to keep the name\n")
        .run();
    assert!(!t.exists("pairs.pdf"));
    t.rmatch()
        .args(["pair", "r.csv", "-o", "Pairs.ODS"])
        .code(2)
        .stderr_has("rmatch cannot write that kind of spreadsheet workbook (it writes .xlsx)")
        .run();
    // --format keeps any name; a name without a known extension is CSV.
    t.rmatch()
        .args(["pair", "r.csv", "-o", "pairs.xlsx", "--format", "csv", "-q"])
        .run();
    assert_eq!(t.read("pairs.xlsx"), tiny_csv());
    t.rmatch()
        .args(["pair", "r.csv", "-o", "pairs.out", "-q"])
        .run();
    assert_eq!(t.read("pairs.out"), tiny_csv());
    // scores writes CSV, JSON or .xlsx; sweep CSV, JSON, a table or .xlsx.
    t.rmatch()
        .args(["scores", "r.csv", "-o", "scores.docx"])
        .code(2)
        .stderr("error: -o scores.docx: rmatch cannot write a word-processor document; it writes CSV, JSON or an Excel workbook: name the file .csv, .tsv, .json or .xlsx, or give --format csv|json|xlsx to keep the name\n")
        .run();
    t.rmatch()
        .args([
            "sweep",
            "r.csv",
            "--vary",
            "teach=0:1:0.5",
            "-o",
            "sweep.pdf",
        ])
        .code(2)
        .stderr_has("-o sweep.pdf: rmatch cannot write PDF")
        .run();
    assert!(!t.exists("scores.docx") && !t.exists("sweep.pdf"));
}

#[test]
fn excel_csv_has_a_byte_order_mark_and_crlf_and_the_same_cells() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    t.rmatch()
        .args(["pair", "r.csv", "-o", "pairs.csv", "--excel", "-q"])
        .run();
    let excel = std::fs::read(t.join("pairs.csv")).unwrap();
    let expected = format!("\u{feff}{}", tiny_csv().replace('\n', "\r\n"));
    assert_eq!(String::from_utf8(excel).unwrap(), expected);
    t.rmatch()
        .args(["scores", "r.csv", "-o", "scores.csv", "-q"])
        .run();
    t.rmatch()
        .args(["scores", "r.csv", "-o", "scores-excel.csv", "--excel", "-q"])
        .run();
    assert_eq!(
        t.read("scores-excel.csv"),
        format!("\u{feff}{}", t.read("scores.csv").replace('\n', "\r\n"))
    );
}

#[test]
fn a_tsv_output_has_the_csv_cells_separated_by_tabs() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    t.rmatch()
        .args(["pair", "r.csv", "-o", "pairs.tsv", "-q"])
        .run();
    t.rmatch()
        .args(["scores", "r.csv", "-o", "scores.tsv", "-q"])
        .run();
    t.rmatch()
        .args(["scores", "r.csv", "-o", "scores.csv", "-q"])
        .run();
    let records = |text: &str, delimiter: u8| -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(str::to_string).collect())
            .collect()
    };
    let pairs = t.read("pairs.tsv");
    assert!(
        pairs.starts_with("status\tsenior_id\tsenior_name\t"),
        "{pairs}"
    );
    assert_eq!(records(&pairs, b'\t'), records(&tiny_csv(), b','));
    assert_eq!(
        records(&t.read("scores.tsv"), b'\t'),
        records(&t.read("scores.csv"), b',')
    );
    // rmatch reads its tab-separated pairs back: as --locks they are kept.
    t.rmatch()
        .args(["pair", "r.csv", "--locks", "pairs.tsv", "-q"])
        .stdout_has("paired,S1,Sam,J1,Jo,0.7083,0.7500,0.5000,0.3333,1.0000,Locked by the coordinator. Jo teaches Sam")
        .stdout_has("paired,S2,Sue,J2,Jay,0.5000,0.5000,0.7500,1.0000,0.0000,Locked by the coordinator. Jay teaches Sue")
        .run();
}

/// An HR export with first and last names in two columns and no `name`
/// column: each person is named by the two joined (or the one filled in),
/// and the two columns are not reported as unused. A `name` column, when
/// there is one, is the name.
#[test]
fn first_and_last_name_columns_make_the_name() {
    let t = TestDir::new();
    t.write(
        "r.csv",
        "Employee ID,First Name,Last-Name,Role,Skills,Wants,Team\n\
         S1,Amy,Dunn,senior,,ai,Red\n\
         J1,Bo,,junior,ai:4,,Blue\n",
    );
    t.rmatch()
        .args(["pair", "r.csv", "--column", "id=Employee ID"])
        .stdout_has("paired,S1,Amy Dunn,J1,Bo,0.5000,")
        .stdout_has("Bo teaches Amy Dunn ai (level 4 vs 0).")
        .stderr_has("warning: r.csv, line 1: ignoring columns rmatch does not use: team\n")
        .run();
    t.write(
        "r.csv",
        "id,Surname,name,Given Name,role,skills,wants\n\
         S1,Dunn,Dr Amy Dunn,Amy,senior,,ai\n\
         J1,Lee,Bo Lee,Bo,junior,ai:4,\n",
    );
    t.rmatch()
        .args(["pair", "r.csv"])
        .stdout_has("paired,S1,Dr Amy Dunn,J1,Bo Lee,")
        .stderr_has("ignoring columns rmatch does not use: surname, given name")
        .run();
    // A Qualtrics survey sent to a contact list names its people so.
    t.write(
        "r.csv",
        "ResponseId,RecipientLastName,RecipientFirstName,role,skills,wants\n\
         R_1,Dunn,Amy,senior,,ai\n\
         R_2,Lee,Bo,junior,ai:4,\n",
    );
    t.rmatch()
        .args(["pair", "r.csv", "--column", "id=ResponseId", "-q"])
        .stdout_has("paired,R_1,Amy Dunn,R_2,Bo Lee,")
        .run();
    // A first name alone is the name; left empty, the id stands for it.
    t.write(
        "r.csv",
        "id,First Name,role,skills,wants\n\
         S1,Amy,senior,,ai\n\
         J1,,junior,ai:4,\n",
    );
    t.rmatch()
        .args(["pair", "r.csv"])
        .stdout_has("paired,S1,Amy,J1,J1,0.5000,")
        .stderr_lacks("ignoring")
        .run();
}
