//! The coordinator's experience, through the binary: `rmatch init` and
//! `check` before pairing, the HTML report after it, and the terminal
//! niceties (table width, colour, timings, completions, man pages, help).

use std::fs;
use std::path::Path;

use roxmltree::{Document, Node, ParsingOptions};
use serde_json::Value;

mod support;

use support::{lines, subcommands, TestDir};

/// Seniors and juniors with two diversity attributes (department and
/// location) and one private column (gender) that is not a diversity
/// attribute, so it must never be shown.
///
/// S1-J1 (python, tiktok) and S2-J2 (excel) pair; S3 wants quantum computing,
/// which nobody teaches; J3 (python 2) could teach S1 but J1 is better.
/// Goals covered: S1 2 of 2, S2 1 of 1, S3 0 of 1 = 3 of 4.
/// S1-J1 differ in department only, S2-J2 in location only.
const TEAM: &str = "\
id,name,role,skills,wants,interests,department,location,gender
S1,Sam,senior,strategy:5,python:4;tiktok:2,chess,Finance,London,Zetaprivate
S2,Sue,senior,budgeting:4,excel:3,golf,Sales,Paris,Zetaprivate
S3,Stan,senior,,quantum computing,,Legal,London,Zetaprivate
J1,Jo,junior,python:5;tiktok:3,strategy:2,chess,Engineering,London,Omegaprivate
J2,Jay,junior,excel:4,budgeting:3,golf,Sales,Berlin,Omegaprivate
J3,Jim,junior,python:2,,,IT,,Omegaprivate
";

fn parse_html(text: &str) -> Document<'_> {
    let options = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options)
        .unwrap_or_else(|e| panic!("the report is not well-formed: {e}"))
}

fn by_id<'a, 'i>(doc: &'a Document<'i>, id: &str) -> Node<'a, 'i> {
    doc.descendants()
        .find(|n| n.attribute("id") == Some(id))
        .unwrap_or_else(|| panic!("no element with id {id}"))
}

fn has_class(node: &Node, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split_whitespace().any(|c| c == class))
}

/// The data bars of one chart.
fn bars(doc: &Document, chart: &str) -> usize {
    let figure = by_id(doc, &format!("chart-{chart}"));
    assert!(
        figure.descendants().any(|n| n.has_tag_name("svg")),
        "{chart} has an inline SVG"
    );
    figure
        .descendants()
        .filter(|n| n.has_tag_name("rect") && has_class(n, "bar"))
        .count()
}

fn body_rows(doc: &Document, table: &str) -> usize {
    by_id(doc, table)
        .descendants()
        .filter(|n| n.has_tag_name("tbody"))
        .flat_map(|b| b.children().filter(|n| n.has_tag_name("tr")))
        .count()
}

fn stat(doc: &Document, name: &str) -> String {
    by_id(doc, &format!("stat-{name}"))
        .attribute("data-value")
        .expect("a data-value")
        .to_string()
}

fn number(text: &str) -> f64 {
    text.parse()
        .unwrap_or_else(|e| panic!("{text:?} is not a number: {e}"))
}

// ---------------------------------------------------------------------------
// init and check
// ---------------------------------------------------------------------------

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

    // A named file; standard output.
    t.rmatch().args(["init", "mine.csv", "-q"]).stderr("").run();
    assert_eq!(t.read("mine.csv"), template);
    t.rmatch()
        .args(["init", "-"])
        .stdout(template.clone())
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
        "allowed pairs: 2",
        "seniors who can be paired at best: 1 of 3 taking part (exact: the largest pairing giving each senior one junior, found by the flow solver and proven optimal)",
        "seniors nobody can be paired with: 1",
        "  S1 Ann: no allowed partner: no junior teaches any of: fintech, tiktok",
        "senior goals no junior covers, most wanted first (juniors to recruit): 2",
        "  fintech: wanted by 2 seniors (S1 Ann, S2 Bob); no junior teaches it",
        "  tiktok: wanted by 1 senior (S1 Ann); no junior teaches it",
        "juniors nobody can be paired with: 1",
        "  J2 Fay: no allowed partner: no senior wants to learn any of its skills (excel:4) from someone at that level",
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

// ---------------------------------------------------------------------------
// the HTML report
// ---------------------------------------------------------------------------

#[test]
fn report_is_well_formed_and_its_numbers_and_charts_match_the_pairing() {
    let t = TestDir::new();
    t.write("team.csv", TEAM);
    let ran = t
        .rmatch()
        .args([
            "pair",
            "team.csv",
            "--format",
            "json",
            "--no-timing",
            "--report",
            "report.html",
        ])
        .run();
    let json: Value = ran.json();
    let summary = &json["summary"];
    let html = t.read("report.html");
    let doc = parse_html(&html);

    // Headline numbers are the JSON summary's.
    assert_eq!(
        number(&stat(&doc, "pairs")),
        summary["pairs"].as_f64().unwrap()
    );
    let covered =
        summary["seniors"].as_u64().unwrap() - summary["seniors_unmatched"].as_u64().unwrap();
    assert_eq!(stat(&doc, "seniors"), covered.to_string());
    assert_eq!(
        number(&stat(&doc, "goals")),
        summary["goal_coverage"].as_f64().unwrap()
    );
    assert_eq!(number(&stat(&doc, "goals")), 0.75);
    assert_eq!(
        number(&stat(&doc, "mean")),
        summary["mean_score"].as_f64().unwrap()
    );
    assert_eq!(stat(&doc, "status"), summary["status"].as_str().unwrap());
    assert_eq!(stat(&doc, "status"), "optimal");

    // Charts: 10 score bins; one bar per senior with goals; one per
    // diversity attribute (department, location); no --fair chart.
    assert_eq!(bars(&doc, "scores"), 10);
    assert_eq!(bars(&doc, "coverage"), 3);
    assert_eq!(bars(&doc, "diversity"), 2);
    assert!(!html.contains("chart-fair"));
    let diversity = by_id(&doc, "chart-diversity");
    let text: String = diversity
        .descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect();
    assert!(
        text.contains("cross-department") && text.contains("1 of 2 (50%)"),
        "{text}"
    );

    // The pairs and the unmatched, with their reasons.
    assert_eq!(
        body_rows(&doc, "pairs"),
        json["pairs"].as_array().unwrap().len()
    );
    assert_eq!(
        body_rows(&doc, "unmatched"),
        json["unmatched"].as_array().unwrap().len()
    );
    for row in json["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .chain(json["unmatched"].as_array().unwrap())
    {
        assert!(html.contains(row["why"].as_str().unwrap()), "{row}");
    }

    // Self-contained: nothing to fetch, nothing to run; no private column.
    for banned in [
        "<script", "http:", "https:", "src=", "href=", "@import", "url(", "<link",
    ] {
        assert!(!html.contains(banned), "the report holds {banned:?}");
    }
    assert!(!html.contains("privat"), "a private attribute value leaked");
    assert!(html.contains("@media print"), "print styles");
}

#[test]
fn report_escapes_every_roster_text() {
    let roster = "\
id,name,role,skills,wants,department
S<1>,<script>alert(1)</script>,senior,,\"r&d <b>tools</b>\",Fin & Ops
J1,Jo \"the coder\" O'Neil,junior,\"r&d <b>tools</b>:5\",,<i>IT</i>
";
    let t = TestDir::new();
    t.write("r.csv", roster);
    t.rmatch()
        .args([
            "pair",
            "r.csv",
            "-q",
            "-o",
            "pairs.csv",
            "--report",
            "r.html",
        ])
        .run();
    let html = t.read("r.html");
    let doc = parse_html(&html);
    for raw in ["<script", "<b>", "<i>", "S<1>"] {
        assert!(!html.contains(raw), "unescaped {raw:?}");
    }
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Jo &quot;the coder&quot; O&#39;Neil"));
    assert!(html.contains("r&amp;d &lt;b&gt;tools&lt;/b&gt;"));
    // Read back, the page says exactly what the roster says.
    let cells: Vec<String> = by_id(&doc, "pairs")
        .descendants()
        .filter(|n| n.has_tag_name("td"))
        .map(|n| n.descendants().filter_map(|d| d.text()).collect())
        .collect();
    assert!(
        cells[0].starts_with("<script>alert(1)</script>"),
        "{cells:?}"
    );
    assert!(cells[3].contains("(Fin & Ops vs <i>IT</i>)"), "{cells:?}");
}

#[test]
fn report_is_byte_identical_whatever_the_row_order_and_holds_no_timing() {
    let t = TestDir::new();
    t.write("a.csv", TEAM);
    let mut rows: Vec<&str> = TEAM.lines().collect();
    rows[1..].reverse();
    t.write("b.csv", lines(&rows));
    // Timings are on (no --no-timing): they must stay out of the report.
    for name in ["a", "b"] {
        t.rmatch()
            .args(["pair", &format!("{name}.csv"), "-q", "-o", "-", "--report"])
            .arg(format!("{name}.html"))
            .run();
    }
    let a = t.read("a.html");
    let b = t.read("b.html").replace("b.csv", "a.csv");
    assert_eq!(a, b);
    assert!(!a.contains("second"), "a timing in the report");
}

#[test]
fn report_write_failures_leave_nothing_behind() {
    let t = TestDir::new();
    t.write("team.csv", TEAM);
    t.rmatch()
        .args([
            "pair",
            "team.csv",
            "-o",
            "pairs.csv",
            "--report",
            "no/such/r.html",
        ])
        .code(5)
        .stderr_has("error: cannot write no/such/r.html")
        .run();
    assert_eq!(t.files(), ["team.csv"], "no pairs file, no temporary file");
    t.rmatch()
        .args(["pair", "team.csv", "--report", "-"])
        .code(2)
        .stdout("")
        .stderr_has("error: --report - would print the report on standard output")
        .run();
    // The report may go to standard output when the pairs go to a file.
    let ran = t
        .rmatch()
        .args(["pair", "team.csv", "-q", "-o", "pairs.csv", "--report", "-"])
        .run();
    parse_html(&ran.stdout);
    assert!(t.read("pairs.csv").starts_with("status,"));
}

#[test]
fn report_of_a_roster_nobody_can_pair_still_renders() {
    let t = TestDir::new();
    t.write("r.csv", "id,role,wants\nS1,senior,ai\nJ1,junior,\n");
    t.rmatch()
        .args(["pair", "r.csv", "-q", "-o", "p.csv", "--report", "r.html"])
        .run();
    let html = t.read("r.html");
    let doc = parse_html(&html);
    assert_eq!(stat(&doc, "pairs"), "0");
    assert_eq!(bars(&doc, "scores"), 10);
    assert!(html.contains("No pair could be made"));
    assert_eq!(body_rows(&doc, "unmatched"), 2);
    // No diversity attribute in the roster: no diversity chart.
    assert!(!html.contains("chart-diversity"));
}

// ---------------------------------------------------------------------------
// terminal
// ---------------------------------------------------------------------------

#[test]
fn table_fits_the_width_and_wraps_explanations() {
    let t = TestDir::new();
    t.write("team.csv", TEAM);
    let doc = t
        .rmatch()
        .args(["pair", "team.csv", "-q", "--format", "json"])
        .run()
        .json();
    let why = doc["pairs"][0]["why"].as_str().unwrap().to_string();
    assert!(why.len() > 100, "a long explanation to wrap: {why}");
    for width in [60usize, 90] {
        let ran = t
            .rmatch()
            .args(["pair", "team.csv", "--format", "table", "-q"])
            .env("COLUMNS", width.to_string())
            .run();
        let longest = ran.stdout.lines().map(|l| l.chars().count()).max().unwrap();
        assert!(
            longest <= width,
            "a line of {longest} > {width}:\n{}",
            ran.stdout
        );
        assert!(
            longest >= width - 5,
            "the table uses the width:\n{}",
            ran.stdout
        );
        // Off a terminal: no colour codes.
        assert!(!ran.stdout.contains('\u{1b}'));
        // The explanation is all there, wrapped over several lines.
        let cells: Vec<&str> = ran
            .stdout
            .lines()
            .filter_map(|l| l.rsplit('\u{2506}').next())
            .map(|c| c.trim_end_matches('\u{2502}').trim())
            .collect();
        let first = &why[..20];
        let start = cells
            .iter()
            .position(|c| c.starts_with(first))
            .expect("the explanation");
        let mut text = String::new();
        for cell in &cells[start..] {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(cell);
            if text.len() >= why.len() {
                break;
            }
        }
        assert_eq!(text, why, "wrapped at {width}:\n{}", ran.stdout);
    }
    // A table written to a file keeps the default width, whatever COLUMNS says.
    t.rmatch()
        .args(["pair", "team.csv", "-q", "-o", "pairs.txt"])
        .env("COLUMNS", "60")
        .run();
    let longest = t
        .read("pairs.txt")
        .lines()
        .map(|l| l.chars().count())
        .max()
        .unwrap();
    assert_eq!(longest, 100);
}

#[test]
fn verbose_adds_stage_timings_on_stderr_only() {
    let t = TestDir::new();
    t.write("team.csv", TEAM);
    let plain = t.rmatch().args(["pair", "team.csv", "-q"]).run();
    let ran = t
        .rmatch()
        .args(["pair", "team.csv", "-v", "--report", "r.html"])
        .stdout(plain.stdout.clone())
        .run();
    let stages: Vec<&str> = ran
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("timing: "))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(stages, ["read", "score+solve", "explain", "write", "total"]);
    assert!(
        ran.stderr.contains("rmatch: 2 pairs"),
        "the summary still shows"
    );
    assert!(!t.read("r.html").contains("timing"));
    t.rmatch()
        .args(["check", "team.csv", "--verbose"])
        .stderr_has("timing: score+solve")
        .run();
    t.rmatch()
        .args(["pair", "team.csv", "-q", "-v"])
        .code(2)
        .stderr_has("cannot be used with")
        .run();
    // -q leaves only errors: no warning (the ignored gender column), no summary.
    t.rmatch()
        .args([
            "pair", "team.csv", "-q", "--report", "r.html", "-o", "p.csv",
        ])
        .stderr("")
        .run();
}

#[test]
fn completions_for_bash_zsh_and_fish() {
    let t = TestDir::new();
    for (shell, marker) in [
        ("bash", "_rmatch()"),
        ("zsh", "#compdef rmatch"),
        ("fish", "complete -c rmatch"),
    ] {
        let script = t
            .rmatch()
            .args(["completions", shell])
            .stderr("")
            .stdout_has(marker)
            .run()
            .stdout;
        for word in ["pair", "check", "init", "report", "completions"] {
            assert!(script.contains(word), "{shell} completes {word}");
        }
    }
    t.rmatch()
        .args(["completions", "tcsh"])
        .code(2)
        .stderr_has("invalid value 'tcsh'")
        .run();
}

#[test]
fn man_page_on_stdout_or_one_per_command_in_a_folder() {
    let t = TestDir::new();
    let page = t.rmatch().arg("man").run().stdout;
    assert!(page.contains(".TH rmatch 1"));
    assert!(page.contains("rmatch\\-pair(1)"), "lists the commands");
    fs::create_dir(t.join("man")).unwrap();
    t.rmatch().args(["man", "--dir", "man"]).stdout("").run();
    let mut expected: Vec<String> = subcommands(&t)
        .iter()
        .map(|name| format!("rmatch-{name}.1"))
        .collect();
    expected.push("rmatch.1".into());
    expected.sort();
    let mut written: Vec<String> = fs::read_dir(t.join("man"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, expected);
    assert!(fs::read_to_string(t.join("man/rmatch-pair.1"))
        .unwrap()
        .contains("\\-\\-report"));
}

#[test]
fn every_command_help_has_an_example() {
    let t = TestDir::new();
    let names: Vec<String> = subcommands(&t);
    assert!(names.len() >= 7, "{names:?}");
    for name in names {
        t.rmatch()
            .args([name.as_str(), "--help"])
            .stdout_has(format!("Example:\n  rmatch {name}"))
            .run();
    }
}

#[test]
fn report_draws_the_fair_attribute_against_the_pool() {
    let t = TestDir::new();
    t.write("team.csv", TEAM);
    // Juniors: Engineering (J1), Sales (J2), IT (J3); J1 and J2 are paired.
    t.rmatch()
        .args([
            "pair", "team.csv", "-q", "-o", "p.csv", "--report", "r.html",
        ])
        .args(["--fair", "department=1"])
        .run();
    let html = t.read("r.html");
    let doc = parse_html(&html);
    assert_eq!(
        bars(&doc, "fair-1"),
        6,
        "two bars for each of 3 departments"
    );
    let text: String = by_id(&doc, "chart-fair-1")
        .descendants()
        .filter_map(|n| n.text())
        .collect();
    for part in [
        "juniors in the 2 pairs",
        "all 3 juniors taking part",
        "50.0%",
        "33.3%",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    // Without --fair there is no such chart.
    t.rmatch()
        .args([
            "pair", "team.csv", "-q", "-o", "p.csv", "--report", "r.html",
        ])
        .run();
    assert!(!t.read("r.html").contains("chart-fair"));
}

#[test]
fn check_applies_the_programme_rules() {
    let t = TestDir::new();
    t.write("team.csv", TEAM);
    // S2 can only learn excel from J2: forbidding that pair leaves S2 alone.
    t.rmatch()
        .args(["check", "team.csv", "-q", "--forbid", "S2:J2"])
        .stdout_has("seniors nobody can be paired with: 2\n")
        .stdout_has("  S2 Sue: no allowed partner")
        .stdout_has("seniors who can be paired at best: 1 of 3 taking part (exact")
        .run();
    // Quotas are left out of the reach, which then is only an upper bound.
    t.rmatch()
        .args(["check", "team.csv", "-q", "--fair", "department=1"])
        .stdout_has("seniors who can be paired at best: at most 2 of 3 taking part (an upper bound")
        .run();
}
