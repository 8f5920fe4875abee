//! `rmatch init` and `rmatch check` before pairing.

use super::*;

#[test]
fn init_writes_a_template_that_checks_and_pairs_unmodified() {
    let t = TestDir::new();
    t.rmatch()
        .args(["init"])
        .stdout("")
        .stderr("rmatch: wrote roster.csv; replace its example rows with your people, then run: rmatch check roster.csv\n")
        .run();
    let template = t.read("roster.csv");
    assert!(template.starts_with("# "), "explained in comment lines");
    t.rmatch()
        .args(["check", "roster.csv"])
        .stderr("")
        .stdout_has("warnings: 0\n")
        .stdout_has("the roster is valid\n")
        .run();
    let doc = t
        .rmatch()
        .args(["pair", "roster.csv", "--format", "json", "-q"])
        .run()
        .json();
    assert_eq!(doc["summary"]["status"], "optimal");
    assert!(doc["summary"]["pairs"].as_u64().unwrap() >= 3);

    // A named file, also as the other commands name their output;
    // standard output.
    t.rmatch().args(["init", "mine.csv", "-q"]).stderr("").run();
    assert_eq!(t.read("mine.csv"), template);
    t.rmatch()
        .args(["init", "-o", "theirs.csv"])
        .stderr("rmatch: wrote theirs.csv; replace its example rows with your people, then run: rmatch check theirs.csv\n")
        .run();
    assert_eq!(t.read("theirs.csv"), template);
    t.rmatch()
        .args(["init", "a.csv", "-o", "b.csv"])
        .code(2)
        .stderr_has("cannot be used with")
        .run();
    assert!(!t.exists("a.csv") && !t.exists("b.csv"));
    t.rmatch()
        .args(["init", "-"])
        .stdout(template.clone())
        .run();
}

#[test]
fn init_writes_what_the_name_says_or_refuses_it() {
    let t = TestDir::new();
    let csv = t.rmatch().args(["init", "-"]).run().stdout;
    // .tsv: the same template, tab-separated, which check reads unchanged.
    for name in ["t.tsv", "T.TSV"] {
        t.rmatch().args(["init", name, "-q"]).stderr("").run();
        assert_eq!(t.read(name), csv.replace(',', "\t"), "{name}");
        t.rmatch()
            .args(["check", name])
            .stderr("")
            .stdout_has("warnings: 0\n")
            .stdout_has("the roster is valid\n")
            .run();
    }
    // Any other name is CSV, and check reads it.
    for name in ["roster", "roster.txt", "roster.CSV"] {
        t.rmatch().args(["init", name, "-q"]).run();
        assert_eq!(t.read(name), csv, "{name}");
        t.rmatch()
            .args(["check", name])
            .stderr("")
            .stdout_has("warnings: 0\n")
            .run();
    }
    // A name that says another format is refused before anything is written.
    for (name, what) in [
        ("t.xlsx", "a spreadsheet workbook"),
        ("t.ods", "a spreadsheet workbook"),
        ("t.json", "JSON"),
        ("t.pdf", "PDF"),
        ("t.html", "HTML"),
    ] {
        t.rmatch()
            .args(["init", name])
            .code(2)
            .stdout("")
            .stderr(format!("error: {name}: rmatch writes the template as CSV, not {what}; name the file .csv (spreadsheets open it), or .tsv for tab-separated\n"))
            .run();
        assert!(!t.exists(name), "{name}");
    }
    t.rmatch()
        .args(["init", "-o", "t.xlsx"])
        .code(2)
        .stderr("error: -o t.xlsx: rmatch writes the template as CSV, not a spreadsheet workbook; name the file .csv (spreadsheets open it), or .tsv for tab-separated\n")
        .run();
}

#[test]
fn init_never_overwrites_a_roster_without_force() {
    let t = TestDir::new();
    t.write("roster.csv", "id,role\nS1,senior\n");
    t.rmatch()
        .args(["init", "roster.csv"])
        .code(2)
        .stderr_has("error: roster.csv already exists; name a new file")
        .stderr_has("--force")
        .run();
    assert_eq!(t.read("roster.csv"), "id,role\nS1,senior\n");
    t.rmatch().args(["init", "roster.csv", "--force"]).run();
    assert!(t.read("roster.csv").contains("id,name,role,"));
}

#[test]
fn comment_lines_above_the_header_are_skipped_and_line_numbers_stay_true() {
    let t = TestDir::new();
    // A spreadsheet saves a note holding a comma in quotes.
    t.write(
        "r.csv",
        "# my notes\n\"# a note, with a comma\",,\n\nid,role,capacity\nS1,senior,two\n",
    );
    t.rmatch()
        .args(["check", "r.csv"])
        .code(3)
        .stderr_has("error: r.csv, line 5, column 3 (capacity)")
        .run();
    // After the header, a leading # is data: an id may start with it.
    t.write("ok.csv", "# notes\nid,role,wants\n#7,senior,ai\n");
    t.rmatch()
        .args(["check", "ok.csv"])
        .stdout_has("seniors: 1 ")
        .stdout_has("  #7: no allowed partner: no junior teaches any of: ai\n")
        .run();
}

/// S1 wants fintech and tiktok, which nobody teaches; S2 (capacity 2) and
/// S3 both need J1, the only AI teacher, so at most one of them is paired;
/// S4 and J3 sit out; nobody wants J2's excel.
const READY: &str = "\
id,name,role,skills,wants,capacity
S1,Ann,senior,,fintech:5;tiktok:2,
S2,Bob,senior,,fintech;ai,2
S3,Cat,senior,,ai,
S4,Dan,senior,,ai,0
J1,Eve,junior,ai:5,,
J2,Fay,junior,excel:4,,
J3,Gus,junior,ai:4,,0
";

#[test]
fn check_tells_a_coordinator_what_is_missing() {
    let expected = lines(&[
        "roster: r.csv",
        "seniors: 4 (3 taking part, 4 places; 1 with capacity 0, 2 with capacity 1, 1 with capacity 2)",
        "juniors: 3 (2 taking part, 2 places; 1 with capacity 0, 2 with capacity 1)",
        "places: there are 2 junior places for 3 seniors, so at least 1 senior cannot be paired this cycle; recruit juniors or raise junior capacities to pair more seniors",
        "allowed pairs: 2",
        "seniors who can be paired at best: 1 of 3 taking part (exact: the largest pairing giving each senior one junior, found by the flow solver and proven optimal)",
        "seniors nobody can be paired with: 1",
        "  S1 Ann: no allowed partner: no junior teaches any of: fintech, tiktok",
        "senior goals no junior covers, most wanted first (juniors to recruit): 2",
        "  fintech: wanted by 2 seniors (S1 Ann, S2 Bob); no junior teaches it",
        "  tiktok: wanted by 1 senior (S1 Ann); no junior teaches it",
        "juniors nobody can be paired with: 1",
        "  J2 Fay: no allowed partner: no senior wants to learn any of this junior's skills (excel:4) from someone at that level",
        "warnings: 0",
        "the roster is valid",
    ]);
    let t = TestDir::new();
    t.write("r.csv", READY);
    t.rmatch()
        .args(["check", "r.csv"])
        .stdout(expected.clone())
        .stderr("")
        .run();
    // The rows in another order give the same report.
    let mut rows: Vec<&str> = READY.lines().collect();
    rows[1..].reverse();
    t.write("r.csv", lines(&rows));
    t.rmatch().args(["check", "r.csv"]).stdout(expected).run();
}

#[test]
fn check_reach_on_the_bundled_example_matches_a_pairing() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/roster.csv");
    let t = TestDir::new();
    let check = t.rmatch().arg("check").arg(&example).run().stdout;
    let reach: usize = check
        .lines()
        .find_map(|l| l.strip_prefix("seniors who can be paired at best: "))
        .and_then(|l| l.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .expect("a reach line");
    let doc = t
        .rmatch()
        .arg("pair")
        .arg(&example)
        .args(["--format", "json", "-q"])
        .run()
        .json();
    let s = &doc["summary"];
    let paired = s["seniors"].as_u64().unwrap() - s["seniors_unmatched"].as_u64().unwrap();
    // The pairing maximises pairs, which (with every capacity 1 or 2) may
    // not maximise the seniors covered, but never covers more than the reach.
    assert!(paired as usize <= reach, "{paired} paired > reach {reach}");
    assert!(reach <= s["seniors"].as_u64().unwrap() as usize);
}

#[test]
fn check_names_an_empty_side_plainly_and_caps_its_lists() {
    let t = TestDir::new();
    // Seniors only: nobody to learn from.
    let mut text = String::from("id,role,wants\n");
    for i in 0..30 {
        text.push_str(&format!("S{i:02},senior,topic{i:02}\n"));
    }
    t.write("r.csv", text);
    let ran = t.rmatch().args(["check", "r.csv"]).run();
    assert!(
        ran.stdout.contains("juniors: 0 (none taking part)\n"),
        "{}",
        ran.stdout
    );
    assert!(!ran.stdout.contains("; )"), "{}", ran.stdout);
    // 30 seniors nobody can be paired with and 30 uncovered goals: 20 of
    // each are listed, then the rest counted.
    assert!(ran
        .stdout
        .contains("seniors nobody can be paired with: 30\n"));
    assert!(
        ran.stdout.contains("  S19: no allowed partner"),
        "{}",
        ran.stdout
    );
    assert!(!ran.stdout.contains("  S20: "), "{}", ran.stdout);
    assert_eq!(
        ran.stdout.matches("  and 10 more\n").count(),
        2,
        "{}",
        ran.stdout
    );
    assert!(ran.stdout.lines().count() < 60, "{}", ran.stdout);
}

#[test]
fn check_with_a_lock_finds_partners_for_the_places_it_leaves() {
    // S1 has two places and one is locked with J1: J2 can still be paired
    // with S1, as pair pairs them. check found partners on the roster with
    // each senior cut to their locked pairs, and said J2 had none.
    let t = TestDir::new();
    t.write(
        "r.csv",
        "id,role,skills,wants,capacity\nS1,senior,,ai,2\nJ1,junior,ai:5,,1\nJ2,junior,ai:4,,1\n",
    );
    t.rmatch()
        .args(["pair", "r.csv", "--lock", "S1:J1", "-q", "--format", "csv"])
        .stdout_has("\npaired,S1,S1,J2,J2,")
        .run();
    t.rmatch()
        .args(["check", "r.csv", "--lock", "S1:J1"])
        .stdout_lacks("nobody can be paired with")
        .stdout_has("\nallowed pairs: 1\n")
        .run();
}
