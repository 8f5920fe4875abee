//! The HTML report for the programme sponsor.

use super::*;

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

/// A --pair-scores file adds up to its weight to a pair's score: the
/// report's best possible score and its histogram's range count it (they
/// once said 1, with pairs scoring 1.6 in the last bin).
#[test]
fn report_best_possible_score_counts_the_pair_scores_part() {
    let t = TestDir::new();
    t.write("team.csv", TEAM);
    t.write("aff.csv", "senior_id,junior_id,score\nS1,J1,1\n");
    t.rmatch()
        .args([
            "pair",
            "team.csv",
            "-q",
            "-o",
            "p.csv",
            "--report",
            "plain.html",
        ])
        .run();
    let plain = t.read("plain.html");
    assert!(
        plain.contains("mean pair score (best possible 1)"),
        "{plain}"
    );
    t.rmatch()
        .args([
            "pair", "team.csv", "-q", "-o", "p2.csv", "--report", "r.html",
        ])
        .args(["--pair-scores", "aff.csv"])
        .run();
    let html = t.read("r.html");
    assert!(html.contains("mean pair score (best possible 2)"), "{html}");
    assert!(html.contains("pair score, from 0 to 2"), "{html}");
}
