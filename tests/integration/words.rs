//! Real rosters, real words: a roster in the style of a developer survey
//! (`tests/fixtures/survey/`: topics with colons, no levels, other
//! spellings of one topic, placeholder answers, blank names, contact
//! columns), run as a new user would.

use std::path::Path;

use serde_json::Value;

use crate::support::{lines, TestDir};

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/survey")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A test folder with the survey roster (`r.csv`) and its aliases file.
fn survey() -> TestDir {
    let t = TestDir::new();
    t.write("r.csv", fixture("roster.csv"));
    t.write("aliases.csv", fixture("aliases.csv"));
    t
}

fn why(csv: &str, senior: &str, junior: &str) -> String {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    reader
        .records()
        .map(|r| r.unwrap())
        .find(|r| &r[1] == senior && &r[3] == junior)
        .unwrap_or_else(|| panic!("no row {senior} {junior} in\n{csv}"))[10]
        .to_string()
}

#[test]
fn topics_with_colons_are_read_whole_and_a_bad_level_is_still_an_error() {
    let t = survey();
    t.rmatch()
        .args(["check", "r.csv"])
        .stdout_has(
            "  Cohere: Command A: wanted by 1 senior (R201 Margaret Hale); no junior teaches it",
        )
        .run();
    // A colon before a number still reads a level, and a wrong one is an error.
    t.write(
        "bad.csv",
        "id,role,skills\nJ1,junior,Anthropic: Claude Sonnet:4;python:9\n",
    );
    t.rmatch()
        .args(["check", "bad.csv"])
        .code(3)
        .stderr_has("error: bad.csv, line 2, column 3 (skills): level \"9\" of \"python\" is not a whole number from 1 to 5")
        .stderr_lacks("Claude Sonnet")
        .run();
}

#[test]
fn levels_are_shown_only_where_the_roster_gave_them() {
    let t = survey();
    let csv = t.rmatch().args(["pair", "r.csv", "-q"]).run().stdout;
    assert!(!csv.contains("(level"), "no level was given:\n{csv}");
    assert_eq!(
        why(&csv, "R204", "R107"),
        "R107 teaches R204 Docker; they differ in generation (Gen X vs Millennial)."
    );
    // Where levels are given, they are shown; a topic listed without one is not.
    t.write(
        "mixed.csv",
        "id,role,skills,wants\nS1,senior,python,python;sql\nJ1,junior,python:5;sql,\n",
    );
    let csv = t.rmatch().args(["pair", "mixed.csv", "-q"]).run().stdout;
    assert_eq!(
        why(&csv, "S1", "J1"),
        "J1 teaches S1 python (level 5) and sql."
    );
    // explain, which shows the arithmetic, says which levels are defaults.
    t.rmatch()
        .args(["explain", "mixed.csv", "S1", "J1"])
        .stdout_has(
            "python 3×0.50 (level 5 vs 3 by default) + sql 3×0.75 (level 3 by default vs 0)",
        )
        .run();
}

#[test]
fn reasons_are_capped_with_the_full_lists_in_json_and_never_say_its() {
    let t = survey();
    let csv = t.rmatch().args(["pair", "r.csv", "-q"]).run().stdout;
    assert_eq!(
        why(&csv, "R201", "R103"),
        "Ana Lima teaches Margaret Hale React and TypeScript but not Anthropic: Claude Sonnet, Cohere: Command A, Docker, Gen AI, Go or 4 more; they share hiking; they differ in department (Sales vs Engineering) and generation (Boomer vs Millennial)."
    );
    for word in [" its ", "(level 3 vs 0)"] {
        assert!(!csv.contains(word), "{word:?} in\n{csv}");
    }
    // A blank name is the id, said once.
    assert!(
        csv.contains("best alternative R201 Margaret Hale (score"),
        "{csv}"
    );
    let json: Value = t
        .rmatch()
        .args(["pair", "r.csv", "-q", "--format", "json"])
        .run()
        .json();
    let pair = json["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["senior_id"] == "R201")
        .unwrap();
    let not_taught: Vec<&str> = pair["detail"]["not_taught"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(not_taught.len(), 9, "{not_taught:?}");
    assert_eq!(
        pair["detail"]["taught"],
        serde_json::json!(["React", "TypeScript"])
    );
    assert_eq!(
        pair["detail"]["shared_interests"],
        serde_json::json!(["hiking"])
    );
}

#[test]
fn the_supply_of_places_is_said_first_in_the_summary_the_rows_check_and_report() {
    let t = survey();
    let fact = "there are 4 senior places for 7 juniors, so at least 3 juniors cannot be paired this cycle";
    let ran = t
        .rmatch()
        .args(["pair", "r.csv", "--report", "report.html"])
        .stderr_has(format!(
            "taking part; {fact}; 4 seniors and 4 juniors with a partner, 0 and 3 unmatched"
        ))
        .run();
    assert!(
        ran.stdout.contains(&format!(
            "unmatched,,,R106,R106,,,,,,\"{fact}; of those, R106 was left out because the only allowed partner is better used elsewhere"
        )),
        "{}",
        ran.stdout
    );
    // A junior with no allowed partner at all is told that cause instead.
    assert!(ran.stdout.contains(
        "unmatched,,,R104,R104,,,,,,\"no allowed partner: no senior wants to learn any of this junior's skills (Excel, SQL)"
    ));
    let report = t.read("report.html");
    // No level in the roster: every topic is at 3, so teach and learn reach
    // 0.75 at best, and so does the best possible score: 0.5·0.75 +
    // 0.2·0.75 + 0.1 + 0.2.
    assert!(
        report.contains("mean pair score (best possible 0.825)"),
        "{report}"
    );
    assert!(
        report.contains("<p class=\"supply\">There are 4 senior places for 7 juniors, so at least 3 juniors cannot be paired this cycle.</p>"),
        "{report}"
    );
    t.rmatch()
        .args(["check", "r.csv"])
        .stdout_has(format!(
            "places: {fact}; recruit seniors or raise senior capacities to pair more juniors\n"
        ))
        .run();
}

#[test]
fn optimality_is_said_in_plain_words_and_the_proof_only_with_v_and_in_json() {
    let t = survey();
    t.rmatch()
        .args(["pair", "r.csv", "--report", "report.html"])
        .stderr_has("proven optimal (no better pairing exists)")
        .stderr_lacks("LP-duality")
        .stderr_lacks("solver flow")
        .run();
    let report = t.read("report.html");
    assert!(report.contains("<div class=\"value\">proven optimal</div><div class=\"label\">no better pairing exists</div>"), "{report}");
    assert!(!report.contains("LP-duality") && !report.contains("certificate"));
    t.rmatch()
        .args(["pair", "r.csv", "-v"])
        .stderr_has("proven optimal (no better pairing exists) (solver flow: proven by an LP-duality certificate checked over all 10 allowed pairs)")
        .run();
    let json: Value = t
        .rmatch()
        .args(["pair", "r.csv", "-q", "--format", "json"])
        .run()
        .json();
    assert_eq!(json["summary"]["status"], "optimal");
    assert!(json["summary"]["proof"]
        .as_str()
        .unwrap()
        .contains("LP-duality certificate"));
}

#[test]
fn placeholder_answers_are_no_answer_for_diversity() {
    let roster =
        "id,role,department,skills,wants\nS1,senior,Prefer not to say,,ai\nJ1,junior,Sales,ai:5,\n";
    let t = TestDir::new();
    t.write("r.csv", roster);
    // Not "different": the senior's department is not known.
    t.rmatch()
        .args(["pair", "r.csv", "-q"])
        .stdout_has("paired,S1,S1,J1,J1,0.5000,1.0000,0.0000,0.0000,0.0000,J1 teaches S1 ai (level 5 vs 0).")
        .run();
    t.rmatch()
        .args(["check", "r.csv"])
        .stdout_has("placeholder answers read as blank (no answer; set the list with --missing): department (1 \"Prefer not to say\")\n")
        .run();
    // --missing replaces the list; '' empties it, and the answer is a value again.
    t.rmatch()
        .args(["pair", "r.csv", "-q", "--missing", ""])
        .stdout_has("paired,S1,S1,J1,J1,0.7000,1.0000,0.0000,0.0000,1.0000,J1 teaches S1 ai (level 5 vs 0); they differ in department (Prefer not to say vs Sales).")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "-q", "--missing", "sales"])
        .stdout_has(",0.5000,1.0000,0.0000,0.0000,0.0000,")
        .run();
    t.write("c.toml", "missing = [\"Prefer not to say\", \"Sales\"]\n");
    t.rmatch()
        .args(["check", "r.csv", "--config", "c.toml"])
        .stdout_has("department (1 \"Prefer not to say\", 1 \"Sales\")")
        .run();
    // A private column's placeholders are counted, never quoted.
    let t = survey();
    t.rmatch()
        .args(["check", "r.csv", "--private", "gender"])
        .stdout_has("; gender (2)\n")
        .run();
}

#[test]
fn placeholder_answers_are_no_answer_for_the_programme_rules() {
    // Both said N/A: that is not the same organisation, so --must-differ
    // allows the pair; read as a value (--missing ''), they are the same.
    let roster = "id,role,organisation,skills,wants\nS1,senior,N/A,,ai\nJ1,junior,N/A,ai:5,\n";
    let t = TestDir::new();
    t.write("r.csv", roster);
    t.rmatch()
        .args(["pair", "r.csv", "-q", "--must-differ", "organisation"])
        .stdout_has("paired,S1,S1,J1,J1,")
        .run();
    t.rmatch()
        .args([
            "pair",
            "r.csv",
            "-q",
            "--must-differ",
            "organisation",
            "--missing",
            "",
        ])
        .stdout_has("unmatched,S1,S1,")
        .run();
}

#[test]
fn each_column_shows_its_most_common_spelling() {
    // Department "Sales" three times; a skill SALES once, UX RESEARCH once
    // against ux research twice.
    let roster = "id,role,department,skills,wants\n\
                  S1,senior,Sales,SALES:4,ux research\n\
                  S2,senior,Sales,,ux research\n\
                  J1,junior,Marketing,UX RESEARCH:5,\n\
                  J2,junior,Sales,ux research:4,\n";
    let t = TestDir::new();
    t.write("r.csv", roster);
    let csv = t.rmatch().args(["pair", "r.csv", "-q"]).run().stdout;
    assert!(
        csv.contains("J1 teaches S1 ux research (level 5 vs 0)")
            || csv.contains("J1 teaches S2 ux research (level 5 vs 0)"),
        "{csv}"
    );
    assert!(csv.contains("(Sales vs Marketing)"), "{csv}");
    assert!(
        !csv.contains("SALES") && !csv.contains("UX RESEARCH"),
        "{csv}"
    );
}

#[test]
fn kept_columns_go_next_to_the_pairs_and_a_private_one_never() {
    let t = survey();
    let ran = t
        .rmatch()
        .args(["pair", "r.csv", "-q", "--keep", "email,phone"])
        .run();
    let mut rows = ran.stdout.lines();
    assert_eq!(
        rows.next().unwrap(),
        "status,senior_id,senior_name,junior_id,junior_name,score,teach,learn,interests,diversity,why,senior_email,senior_phone,junior_email,junior_phone"
    );
    assert!(
        ran.stdout
            .contains(",m.hale@example.org,'+1 555 0201,r103@example.org,\n"),
        "{}",
        ran.stdout
    );
    assert!(ran.stdout.contains("unmatched,,,R104,R104,,,,,,\"no allowed partner: no senior wants to learn any of this junior's skills (Excel, SQL) from someone at that level\",,,r104@example.org,'+1 555 0104\n"), "{}", ran.stdout);
    let json: Value = t
        .rmatch()
        .args(["pair", "r.csv", "-q", "--keep", "email", "--format", "json"])
        .run()
        .json();
    let unmatched = &json["unmatched"][0];
    assert_eq!(unmatched["junior_email"], "r102@example.org");
    assert_eq!(unmatched["senior_email"], Value::Null);
    assert_eq!(json["pairs"][0]["senior_email"], "m.hale@example.org");
    // Without --keep the columns are left out, as before; email is read
    // by `rmatch intros`, so it is not called unused.
    t.rmatch()
        .args(["pair", "r.csv"])
        .stderr_has("ignoring columns rmatch does not use: gender, phone\n")
        .stdout_lacks("example.org")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--keep", "gender", "--private", "gender"])
        .code(3)
        .stderr_has("error: r.csv, line 1: --keep names the private column \"gender\"; a private column is never written, so it cannot be kept")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--keep", "email,ID"])
        .code(3)
        .stderr_has("error: r.csv, line 1: --keep names the column \"id\", which every output already has (senior_id, junior_id); leave it out of --keep")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--keep", "mail"])
        .code(3)
        .stderr_has("error: r.csv, line 1: --keep names the column \"mail\", which the header does not have")
        .run();
}

#[test]
fn aliases_join_spellings_and_reasons_keep_the_rosters_words() {
    let t = survey();
    let without = t.rmatch().args(["pair", "r.csv", "-q"]).run().stdout;
    let with = t
        .rmatch()
        .args(["pair", "r.csv", "-q", "--aliases", "aliases.csv"])
        .run()
        .stdout;
    // k8s (R105) now teaches Kubernetes, shown as the senior wrote it.
    assert_eq!(why(&without, "R203", "R105"), "Kai Meyer teaches Tom Berg Terraform but not Kubernetes; they differ in department (Engineering vs Marketing).");
    assert_eq!(why(&with, "R203", "R105"), "Kai Meyer teaches Tom Berg Kubernetes and Terraform; they differ in department (Engineering vs Marketing).");
    // The same from the config file's [aliases] table.
    t.write("c.toml", "[aliases]\nk8s = \"Kubernetes\"\n");
    let config = t
        .rmatch()
        .args(["pair", "r.csv", "-q", "--config", "c.toml"])
        .run()
        .stdout;
    assert_eq!(why(&config, "R203", "R105"), why(&with, "R203", "R105"));
    // check no longer counts the aliased goals as uncovered.
    t.rmatch()
        .args(["check", "r.csv", "--aliases", "aliases.csv"])
        .stdout_lacks("  JS: wanted by")
        .stdout_lacks("spellings that may be one topic")
        .run();
    // A bad aliases file is named by line and column.
    t.write("bad.csv", "alias,topic\nJS\nTS,TypeScript\nTS,Tailscale\n");
    t.rmatch()
        .args(["pair", "r.csv", "--aliases", "bad.csv"])
        .code(3)
        .stderr_has("error: bad.csv, line 2, column 2 (topic): the alias \"JS\" has no topic; write alias,topic (for example JS,JavaScript)")
        .stderr_has("error: bad.csv, line 4, column 1 (alias): the alias \"TS\" is given for \"Tailscale\" here and for \"TypeScript\" on line 3")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--aliases", "nope.csv"])
        .code(4)
        .run();
}

#[test]
fn check_suggests_likely_duplicates_as_lines_for_an_aliases_file() {
    let t = survey();
    let check = t.rmatch().args(["check", "r.csv"]).run().stdout;
    let expected = lines(&[
        "spellings that may be one topic: 4 (nothing is merged; to merge them, put these alias,topic lines in a file and run again with --aliases FILE)",
        "  Gen AI,Generative AI",
        "  JS,JavaScript",
        "  k8s,Kubernetes",
        "  NodeJS,Node.js",
    ]);
    assert!(check.contains(&expected), "{check}");
    assert!(check.contains("  JS: wanted by 1 senior (R201 Margaret Hale); no junior teaches it; but 2 juniors teach JavaScript, maybe the same topic spelled differently\n"), "{check}");
    // The suggested lines work as an aliases file: nothing left to suggest.
    let suggested: Vec<&str> = expected.lines().skip(1).map(str::trim).collect();
    t.write("suggested.csv", lines(&suggested));
    t.rmatch()
        .args(["check", "r.csv", "--aliases", "suggested.csv"])
        .stdout_lacks("spellings that may be one topic")
        .stdout_lacks("maybe the same topic")
        .run();
}

#[test]
fn check_says_a_shared_reason_once_with_who() {
    let roster = "id,role,skills,wants\nS1,senior,,ai\nJ1,junior,excel,\nJ2,junior,excel,\nJ3,junior,ai:4,\nJ4,junior,word,\n";
    let t = TestDir::new();
    t.write("r.csv", roster);
    t.rmatch()
        .args(["check", "r.csv"])
        .stdout_has(lines(&[
            "juniors nobody can be paired with: 3",
            "  2 juniors (J1, J2): no allowed partner: no senior wants to learn any of this junior's skills (excel) from someone at that level",
            "  J4: no allowed partner: no senior wants to learn any of this junior's skills (word) from someone at that level",
        ]))
        .run();
}

#[test]
fn the_survey_roster_gives_the_same_bytes_in_any_row_order() {
    let t = survey();
    let args = [
        "pair",
        "r.csv",
        "-q",
        "--aliases",
        "aliases.csv",
        "--keep",
        "email",
        "--format",
        "json",
        "--no-timing",
    ];
    let first = t.rmatch().args(args).run().stdout;
    let text = fixture("roster.csv");
    let mut rows: Vec<&str> = text.lines().collect();
    rows[1..].reverse();
    t.write("r.csv", lines(&rows));
    assert_eq!(t.rmatch().args(args).run().stdout, first);
    let check = t.rmatch().args(["check", "r.csv"]).run().stdout;
    t.write("r.csv", fixture("roster.csv"));
    assert_eq!(t.rmatch().args(["check", "r.csv"]).run().stdout, check);
}

/// One junior for two seniors: S1 has one narrow goal the junior covers
/// (teach 1.0), S2 four goals of which the junior covers three (teach 0.75).
const NARROW: &str = "\
id,role,skills,wants
S1,senior,,a
S2,senior,,a;b;c;d
J1,junior,a:5;b:5;c:5,
";

#[test]
fn objective_goals_covers_the_most_goals_and_the_default_says_when_it_would() {
    let t = TestDir::new();
    t.write("r.csv", NARROW);
    t.rmatch()
        .args(["pair", "r.csv", "--report", "report.html"])
        .stdout_has("paired,S1,S1,J1,J1,0.5000,1.0000,")
        .stderr_has("1 of 5 senior goals covered (20.0%)")
        .stderr_has("; --objective goals would cover 3 senior goals instead of 1, with the same number of pairs;")
        .run();
    let report = t.read("report.html");
    assert!(
        report.contains("of senior learning goals covered (1 of 5)"),
        "{report}"
    );
    assert!(report.contains("<p class=\"note\" id=\"goals-note\">Goals covered: --objective goals would cover 3 senior goals instead of 1"), "{report}");
    let ran = t
        .rmatch()
        .args([
            "pair",
            "r.csv",
            "--objective",
            "goals",
            "--report",
            "goals.html",
        ])
        .stdout_has("paired,S2,S2,J1,J1,0.3750,0.7500,")
        .stderr_has(
            "3 of 5 senior goals covered (60.0%); proven optimal (no better pairing exists)",
        )
        .stderr_lacks("would cover")
        .run();
    assert!(ran.stdout.contains("unmatched,S1,S1,"), "{}", ran.stdout);
    assert!(t.read("goals.html").contains("the most senior learning goals covered (weighted by priority) and then the highest total score"));
    let json: Value = t
        .rmatch()
        .args(["pair", "r.csv", "-q", "--format", "json"])
        .run()
        .json();
    let summary = &json["summary"];
    assert_eq!(summary["goals_covered"], 1);
    assert_eq!(summary["goals"], 5);
    assert_eq!(summary["with_objective_goals"]["goals_covered"], 3);
    assert_eq!(summary["with_objective_goals"]["pairs"], 1);
    // The config key, echoed in the JSON.
    t.write("c.toml", "objective = \"goals\"\n");
    let json: Value = t
        .rmatch()
        .args([
            "pair", "r.csv", "-q", "--format", "json", "--config", "c.toml",
        ])
        .run()
        .json();
    assert_eq!(json["summary"]["objective"], "goals");
    assert_eq!(json["summary"]["goals_covered"], 3);
    assert_eq!(json["summary"]["status"], "optimal");
    // Exact only where it is certified: not with quotas or the ip solver.
    for extra in [["--max-same", "department=0.5"], ["--solver", "ip"]] {
        t.write(
            "d.csv",
            "id,role,department,skills,wants\nS1,senior,x,,a\nJ1,junior,y,a:5,\n",
        );
        t.rmatch()
            .args(["pair", "d.csv", "--objective", "goals"])
            .args(extra)
            .code(2)
            .stderr_has(
                "error: --objective goals works with the default flow solver and without quotas",
            )
            .run();
    }
}

#[test]
fn a_blank_name_is_the_id_said_once_in_the_table_and_explain() {
    let t = survey();
    let table = t
        .rmatch()
        .args(["pair", "r.csv", "-q", "--format", "table"])
        .env("COLUMNS", "100")
        .run()
        .stdout;
    let r204: Vec<&str> = table.lines().filter(|l| l.contains("R204")).collect();
    assert_eq!(r204.len(), 1, "R204 once, not over itself:\n{table}");
    t.rmatch()
        .args(["explain", "r.csv", "R204", "R107", "-q"])
        .stdout_has("senior R204 with junior R107\n")
        .run();
    t.rmatch()
        .args(["explain", "r.csv", "R201", "R103", "-q"])
        .stdout_has("senior R201 (Margaret Hale) with junior R103 (Ana Lima)\n")
        .run();
}

/// A pair's reason names every part of its score in one sentence: the
/// goals taught (five named, then how many more) and those not, what the
/// senior offers back, shared interests, the differences, the rules the
/// pair keeps and the bonus for people unmatched last cycle.
#[test]
fn a_pairs_reason_names_every_part_of_its_score() {
    let t = TestDir::new();
    t.write(
        "r.csv",
        lines(&[
            "id,name,role,department,skills,wants,interests",
            "S1,Sam,senior,Sales,budgeting:5,a;b;c;d;e;f;g;z,chess;jazz",
            "J1,Jo,junior,Tech,a:5;b:5;c:5;d:5;e:5;f:5;budgeting:1,budgeting,jazz",
        ]),
    );
    t.write(
        "cycle1.csv",
        "status,senior_id,junior_id\nunmatched,S1,\nunmatched,,J1\n",
    );
    let ran = t
        .rmatch()
        .args(["pair", "r.csv", "--history", "cycle1.csv"])
        .args(["--must-differ", "department"])
        .run();
    assert_eq!(
        why(&ran.stdout, "S1", "J1"),
        "Jo teaches Sam a (level 5 vs 0), b (level 5 vs 0), c (level 5 vs 0), d (level 5 vs 0), \
         e (level 5 vs 0) and 1 more but not g or z; Sam offers back budgeting (level 5 vs 1); \
         they share jazz; they differ in department (Sales vs Tech); the programme's rules hold: \
         different department (Sales vs Tech); the score includes a bonus of 0.2 for Sam and Jo \
         unmatched last cycle."
    );
}

/// Someone left out names how many allowed partners they had and the best
/// of them, by id alone where the roster gives no name, after the supply.
#[test]
fn a_person_left_out_is_told_how_many_partners_they_had_and_the_best() {
    let t = TestDir::new();
    t.write(
        "r.csv",
        lines(&[
            "id,name,role,skills,wants",
            "S1,,senior,,ai",
            "S2,,senior,,ai",
            "J1,Jo,junior,ai:5,",
            "J2,Al,junior,ai:5,",
            "J3,Cy,junior,ai:2,",
        ]),
    );
    t.rmatch()
        .args(["pair", "r.csv", "-q"])
        .stdout_has(
            "unmatched,,,J3,Cy,,,,,,\"there are 2 senior places for 3 juniors, so at least 1 junior \
             cannot be paired this cycle; of those, Cy was left out because all 2 allowed partners \
             are better used elsewhere; best alternative S1 (score 0.2500)\"",
        )
        .run();
}
