//! `rmatch learn` and `rmatch generate --feedback` through the binary:
//! hidden weights recovered from simulated ratings, the config file it
//! writes read back by `rmatch pair`, refusals on too little feedback, and
//! errors that name the file, line and column.

use serde_json::Value;

use crate::support::{lines, unicode_text, TestDir};

/// The true weights' shares for `--true-weights teach=2,learn=1,interests=0.5,diversity=1`.
const TRUE: [(&str, f64); 4] = [
    ("teach", 2.0 / 4.5),
    ("learn", 1.0 / 4.5),
    ("interests", 0.5 / 4.5),
    ("diversity", 1.0 / 4.5),
];

/// How far a learned share may be from the true one, with 1,000 rated
/// pairs and noise of 0.5 rating points.
const TOLERANCE: f64 = 0.06;

/// A generated roster with simulated feedback, in a fresh folder.
fn generated(seed: u64, true_weights: &str, pairs: usize) -> TestDir {
    let dir = TestDir::new();
    dir.rmatch()
        .args([
            "generate",
            "--seniors",
            "300",
            "--juniors",
            "600",
            "-o",
            "r.csv",
        ])
        .args(["--seed", &seed.to_string(), "--feedback", "fb.csv"])
        .args([
            "--true-weights",
            true_weights,
            "--feedback-pairs",
            &pairs.to_string(),
        ])
        .run();
    dir
}

/// Two seniors who want ai and two juniors who teach it: the roster of
/// the tests whose feedback file is at fault.
const TWO_BY_TWO: &str =
    "id,role,skills,wants\nS1,senior,,ai\nS2,senior,,ai\nJ1,junior,ai:5,\nJ2,junior,ai:4,\n";

fn learned(json: &Value) -> Vec<(String, f64, f64, f64)> {
    json["weights"]
        .as_array()
        .expect("weights")
        .iter()
        .map(|w| {
            (
                w["name"].as_str().expect("name").to_string(),
                w["learned"].as_f64().expect("learned"),
                w["low"].as_f64().expect("low"),
                w["high"].as_f64().expect("high"),
            )
        })
        .collect()
}

#[test]
fn learned_weights_recover_the_hidden_ones() {
    for seed in [7, 8, 9] {
        let dir = generated(seed, "teach=2,learn=1,interests=0.5,diversity=1", 1000);
        let json = dir
            .rmatch()
            .args(["learn", "fb.csv", "r.csv", "--format", "json", "-q"])
            .run()
            .json();
        assert_eq!(json["feedback"]["rated_pairs"], 1000);
        for ((name, share, low, high), (true_name, truth)) in learned(&json).into_iter().zip(TRUE) {
            assert_eq!(name, true_name);
            assert!(
                (share - truth).abs() <= TOLERANCE,
                "seed {seed}: {name} learned {share}, true {truth:.4}"
            );
            assert!(
                low <= truth && truth <= high,
                "seed {seed}: the 95% range of {name} ({low} to {high}) misses the true {truth:.4}"
            );
        }
        // The latent rating is 1 + 4 x score: the fit finds both.
        let scale = json["scale"].as_f64().unwrap();
        let intercept = json["intercept"].as_f64().unwrap();
        assert!((scale - 4.0).abs() < 0.5, "seed {seed}: scale {scale}");
        assert!(
            (intercept - 1.0).abs() < 0.25,
            "seed {seed}: intercept {intercept}"
        );
        let cv = &json["cross_validation"];
        assert!(
            cv["rmse"].as_f64() < cv["baseline_rmse"].as_f64(),
            "seed {seed}: {cv}"
        );
    }
}

/// A part with true weight 0 is learned at (nearly) 0, never below.
#[test]
fn a_part_that_does_not_count_gets_no_weight() {
    let dir = generated(7, "teach=1,diversity=3", 1000);
    let json = dir
        .rmatch()
        .args(["learn", "fb.csv", "r.csv", "--format", "json", "-q"])
        .run()
        .json();
    let weights = learned(&json);
    let truth = [0.25, 0.0, 0.0, 0.75];
    for ((name, share, low, _), t) in weights.iter().zip(truth) {
        assert!((share - t).abs() <= TOLERANCE, "{name}: {share} vs {t}");
        assert!(*low >= 0.0, "{name}: weights are never negative");
    }
}

/// The config file `-o` writes is what `rmatch pair --config` reads: the
/// pairing under it uses the learned weights, and the summary's table
/// shows the same numbers.
#[test]
fn the_config_file_pairs_with_the_learned_weights() {
    let dir = generated(7, "teach=2,learn=1,interests=0.5,diversity=1", 400);
    let ran = dir
        .rmatch()
        .args(["learn", "fb.csv", "r.csv", "-o", "learned.toml"])
        .stdout_has("Weights learned from 400 rated pairs")
        .stdout_has("current weights")
        .stdout_has("Wrote learned.toml")
        .run();
    let toml = dir.read("learned.toml");
    assert!(
        toml.starts_with(
            "# Score weights learned by rmatch learn from fb.csv (400 rated pairs of r.csv)"
        ),
        "{toml}"
    );
    let json = dir
        .rmatch()
        .args(["learn", "fb.csv", "r.csv", "--format", "json", "-q"])
        .run()
        .json();
    assert_eq!(json["config"].as_str(), Some(toml.as_str()));
    let pairs = dir
        .rmatch()
        .args([
            "pair",
            "r.csv",
            "--config",
            "learned.toml",
            "--format",
            "json",
            "--no-timing",
            "-q",
        ])
        .run()
        .json();
    let weights = &pairs["summary"]["weights"];
    for (name, share, _, _) in learned(&json) {
        assert_eq!(weights[&name].as_f64(), Some(share), "{name}: {weights}");
        assert!(
            toml.contains(&format!("\n{name} = {share}\n")),
            "{name}: {toml}"
        );
        assert!(
            ran.stdout.contains(&format!("{share:.4}")),
            "the table shows {name} = {share:.4}:\n{}",
            ran.stdout
        );
    }
    // The comparison re-pairs the same roster both ways.
    let comparison = &json["comparison"];
    assert_eq!(comparison["learned"]["pairs"], pairs["summary"]["pairs"]);
    assert_eq!(comparison["current"]["status"], "optimal");
}

/// The old configuration's rules and other keys are kept in the learned
/// file; only the score parts' weights change.
#[test]
fn the_old_config_is_kept_around_the_new_weights() {
    let dir = generated(7, "teach=2,learn=1,interests=0.5,diversity=1", 400);
    dir.write(
        "old.toml",
        "[weights]\nteach = 0.3\nexternal = 2\n[rules]\nmin_score = 0.05\n[rules.max_same]\ndepartment = 0.5\n",
    );
    dir.rmatch()
        .args([
            "learn", "fb.csv", "r.csv", "--config", "old.toml", "-o", "new.toml", "-q",
        ])
        .run();
    let text = dir.read("new.toml");
    for kept in ["external = 2.0", "min_score = 0.05", "department = 0.5"] {
        assert!(text.contains(kept), "{kept} is kept:\n{text}");
    }
    assert!(!text.contains("teach = 0.3\n"), "{text}");
    // Writing over the config it read is refused, and the file survives.
    dir.rmatch()
        .args([
            "learn", "fb.csv", "r.csv", "--config", "old.toml", "-o", "old.toml",
        ])
        .code(2)
        .stderr_has("is the same file as the config file old.toml")
        .run();
    assert!(dir.read("old.toml").starts_with("[weights]\nteach = 0.3"));
}

/// `-o -` puts the config file on standard output (the summary goes to
/// standard error), ready for a pipe; JSON cannot share it.
#[test]
fn the_config_file_can_go_to_standard_output() {
    let dir = generated(9, "teach=2,learn=1,interests=0.5,diversity=1", 300);
    let ran = dir
        .rmatch()
        .args(["learn", "-", "r.csv", "-o", "-"])
        .stdin(dir.read("fb.csv"))
        .stderr_has("Weights learned from 300 rated pairs (<stdin>")
        .run();
    assert!(
        ran.stdout.starts_with(
            "# Score weights learned by rmatch learn from <stdin> (300 rated pairs of r.csv)"
        ),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.contains("\n[weights]\nteach = "),
        "{}",
        ran.stdout
    );
    dir.rmatch()
        .args(["learn", "fb.csv", "r.csv", "-o", "-", "--format", "json"])
        .code(2)
        .stderr_has("-o - puts the config file on standard output")
        .run();
}

#[test]
fn too_few_rated_pairs_are_refused_with_how_many_more() {
    let dir = generated(7, "teach=1", 30);
    dir.rmatch()
        .args(["learn", "fb.csv", "r.csv", "-o", "learned.toml"])
        .code(7)
        .stderr_has("error: fb.csv has 30 rated pairs, too few to learn weights from: rmatch learn needs at least 50")
        .stderr_has("rate 20 more pairs")
        .stdout("")
        .run();
    assert!(!dir.exists("learned.toml"), "nothing is written");
}

#[test]
fn ratings_the_score_does_not_predict_are_refused() {
    // Noise of 10 rating points drowns the score: the cross-validated fit
    // is no better than the mean rating.
    let dir = TestDir::new();
    dir.rmatch()
        .args([
            "generate",
            "--seniors",
            "150",
            "--juniors",
            "300",
            "--seed",
            "7",
            "-o",
            "r.csv",
        ])
        .args([
            "--feedback",
            "fb.csv",
            "--true-weights",
            "teach=1",
            "--noise",
            "10",
        ])
        .args(["--feedback-pairs", "200"])
        .run();
    dir.rmatch()
        .args(["learn", "fb.csv", "r.csv"])
        .code(7)
        .stderr_has("error: the score's parts do not predict the ratings in fb.csv")
        .stderr_has("keep the current weights")
        .run();
    // Every pair rated the same: nothing to learn.
    let roster = dir.read("r.csv");
    let mut feedback = String::from("senior_id,junior_id,rating\n");
    for line in dir.read("fb.csv").lines().skip(1).take(60) {
        let mut cells = line.split(',');
        let (s, j) = (cells.next().unwrap(), cells.next().unwrap());
        feedback.push_str(&format!("{s},{j},4\n"));
    }
    dir.write("same.csv", feedback);
    assert!(!roster.is_empty());
    dir.rmatch()
        .args(["learn", "same.csv", "r.csv"])
        .code(7)
        .stderr_has("every rated pair in same.csv has the same rating (4)")
        .run();
}

/// Shuffled rows, a pair rated twice and a different column order give the
/// same numbers: the fit rests on pairs, sorted, and folds come from ids.
#[test]
fn the_same_feedback_in_any_order_gives_the_same_bytes() {
    let dir = generated(8, "teach=2,learn=1,interests=0.5,diversity=1", 200);
    let text = dir.read("fb.csv");
    let mut rows: Vec<&str> = text.lines().skip(1).collect();
    rows.reverse();
    let swapped: Vec<String> = rows
        .iter()
        .map(|r| {
            let c: Vec<&str> = r.split(',').collect();
            format!("{},{},{},{},{}", c[4], c[3], c[2], c[1], c[0])
        })
        .collect();
    let mut shuffled = String::from("ended_early,continued,rating,junior_id,senior_id\n");
    for r in &swapped {
        shuffled.push_str(r);
        shuffled.push('\n');
    }
    dir.write("shuffled.csv", shuffled);
    let json = |file: &str| {
        let mut v = dir
            .rmatch()
            .args(["learn", file, "r.csv", "--format", "json", "-q"])
            .run()
            .json();
        v["feedback"]["file"] = Value::Null;
        v["config"] = Value::Null;
        v
    };
    assert_eq!(json("fb.csv"), json("shuffled.csv"));
}

#[test]
fn a_bad_feedback_file_names_the_line_and_column() {
    let dir = TestDir::new();
    dir.write("r.csv", TWO_BY_TWO);
    dir.write(
        "fb.csv",
        lines(&[
            "senior_id,junior_id,rating,ended_early,comment",
            "S1,J1,4,no,fine",
            "S1,J7,3,no,",
            "S2,J2,9,no,",
            "S2,J1,3,perhaps,",
        ]),
    );
    let ran = dir
        .rmatch()
        .args(["learn", "fb.csv", "r.csv", "-o", "learned.toml"])
        .code(3)
        .stderr_has("warning: fb.csv, line 1: the columns comment are not used")
        .run();
    assert_eq!(
        ran.error_lines(),
        [
            "error: fb.csv, line 3, column 2 (junior_id): the id \"J7\" is not in the roster; write the id of a junior as the roster's id column does (is this the roster of the cycle that was rated?), or remove the row",
            "error: fb.csv, line 4, column 3 (rating): rating \"9\" is not a number from 1 to 5; write the survey's answer (1 = not useful, 5 = very useful), or leave it empty if the pair did not answer",
            "error: fb.csv, line 5, column 4 (ended_early): ended_early \"perhaps\" is neither yes nor no; write yes, no, true, false, 1, 0 or leave it empty",
        ]
    );
    assert!(!dir.exists("learned.toml"));
    dir.rmatch()
        .args(["learn", "missing.csv", "r.csv"])
        .code(4)
        .stderr_has("error: cannot read missing.csv: no such file or folder")
        .run();
    dir.rmatch()
        .args(["learn", "fb.csv", "r.csv", "-o", "learned.json"])
        .code(2)
        .stderr_has("rmatch learn writes a config file (TOML) there; name it .toml")
        .run();
    dir.rmatch()
        .args(["learn", "fb.csv", "r.csv", "-o", "fb.toml"])
        .code(3)
        .run();
}

#[test]
fn a_feedback_file_is_as_strict_as_a_roster_about_columns_and_fields() {
    let dir = TestDir::new();
    dir.write(
        "r.csv",
        lines(&["id,role,skills,wants", "S1,senior,,ai", "J1,junior,ai:5,"]),
    );
    for (file, message) in [
        // Which rating counts cannot be told.
        (
            lines(&["senior_id,junior_id,rating,Rating", "S1,J1,4,2"]),
            "error: fb.csv, line 1, column 4 (rating): the header names column \"rating\" twice (columns 3 and 4); rename or remove one\n",
        ),
        // A decimal comma: the rating would be read as 4.
        (
            lines(&["senior_id,junior_id,rating", "S1,J1,4,5"]),
            "error: fb.csv, line 2, column 4: this row has 4 fields but the header has 3; a field probably holds an unquoted comma: put it in double quotes\n",
        ),
    ] {
        dir.write("fb.csv", file);
        dir.rmatch()
            .args(["learn", "fb.csv", "r.csv", "-q", "-o", "learned.toml"])
            .code(3)
            .stdout("")
            .stderr(message)
            .run();
        assert!(!dir.exists("learned.toml"));
    }
}

#[test]
fn generated_feedback_is_the_same_for_the_same_seed() {
    let a = generated(3, "teach=2,learn=1", 100);
    let b = generated(3, "teach=2,learn=1", 100);
    assert_eq!(a.read("fb.csv"), b.read("fb.csv"));
    assert_eq!(a.read("r.csv"), b.read("r.csv"));
    let fb = a.read("fb.csv");
    assert!(
        fb.starts_with("senior_id,junior_id,rating,continued,ended_early\n"),
        "{fb}"
    );
    assert_eq!(fb.lines().count(), 101);
    // The roster is the one generate writes without --feedback.
    let plain = TestDir::new();
    let ran = plain
        .rmatch()
        .args([
            "generate",
            "--seniors",
            "300",
            "--juniors",
            "600",
            "--seed",
            "3",
        ])
        .run();
    assert_eq!(ran.stdout, a.read("r.csv"));
    a.rmatch()
        .args([
            "generate",
            "--feedback",
            "x.csv",
            "--true-weights",
            "colour=1",
        ])
        .code(2)
        .stderr_has("--true-weights names \"colour\", which is not a score part")
        .run();
    a.rmatch()
        .args([
            "generate",
            "--feedback",
            "x.csv",
            "--true-weights",
            "teach=0",
        ])
        .code(2)
        .stderr_has("gives every score part weight 0")
        .run();
}

#[test]
fn stated_preferences_are_weighed_when_the_roster_has_them() {
    // Every junior lists two seniors; the ratings follow the juniors'
    // stated preferences only (first choice 3, second 2, unlisted 1),
    // whatever the teaching levels say.
    let t = TestDir::new();
    let mut roster = vec!["id,role,skills,wants,prefers".to_string()];
    for s in 1..=12 {
        roster.push(format!("S{s:02},senior,,ai,"));
    }
    let listed = |j: usize| [j % 12 + 1, (j + 5) % 12 + 1];
    for j in 1..=24 {
        let [first, second] = listed(j);
        roster.push(format!(
            "J{j:02},junior,ai:{},,S{first:02};S{second:02}",
            j % 5 + 1
        ));
    }
    t.write(
        "roster.csv",
        lines(&roster.iter().map(String::as_str).collect::<Vec<_>>()),
    );
    let mut feedback = vec!["senior_id,junior_id,rating".to_string()];
    for s in 1..=12 {
        for j in (1..=24).filter(|j| (j + s) % 2 == 0) {
            let rating = match listed(j).iter().position(|&x| x == s) {
                Some(0) => 3,
                Some(_) => 2,
                None => 1,
            };
            feedback.push(format!("S{s:02},J{j:02},{rating}"));
        }
    }
    t.write(
        "fb.csv",
        lines(&feedback.iter().map(String::as_str).collect::<Vec<_>>()),
    );
    let json = t
        .rmatch()
        .args(["learn", "fb.csv", "roster.csv", "--format", "json"])
        .run()
        .json();
    let weights = learned(&json);
    let names: Vec<&str> = weights.iter().map(|w| w.0.as_str()).collect();
    assert_eq!(
        names,
        ["teach", "learn", "interests", "diversity", "preference"]
    );
    let preference = weights[4].1;
    assert!(preference > 0.95, "{weights:?}");
    // Five parts and the mean rating: 60 rated pairs needed.
    assert_eq!(json["feedback"]["pairs_needed"], 60);
    // The config file carries the preference weight to the next pairing.
    t.rmatch()
        .args(["learn", "fb.csv", "roster.csv", "-o", "learned.toml", "-q"])
        .run();
    let config = t.read("learned.toml");
    assert!(
        config.contains(&format!("preference = {preference}")),
        "{config}"
    );
}

#[test]
fn asking_for_more_rated_pairs_than_the_roster_allows_says_so() {
    let t = TestDir::new();
    t.rmatch()
        .args(["generate", "--seniors", "5", "--juniors", "10", "-o", "r.csv"])
        .args(["--feedback", "fb.csv", "--true-weights", "teach=1"])
        .args(["--feedback-pairs", "100000"])
        .stderr("warning: --feedback-pairs 100000: the generated roster allows only 13 pairs, so --feedback rates all of them\n")
        .run();
    assert_eq!(t.read("fb.csv").lines().count(), 1 + 13);
    // -q (as on every other command) leaves only errors; the files are the same.
    let roster = t.read("r.csv");
    let feedback = t.read("fb.csv");
    for quiet in ["-q", "--quiet"] {
        t.rmatch()
            .args([
                "generate",
                "--seniors",
                "5",
                "--juniors",
                "10",
                "-o",
                "r.csv",
            ])
            .args(["--feedback", "fb.csv", "--true-weights", "teach=1"])
            .args(["--feedback-pairs", "100000", "--force", quiet])
            .stdout("")
            .stderr("")
            .run();
        assert_eq!(
            (t.read("r.csv"), t.read("fb.csv")),
            (roster.clone(), feedback.clone())
        );
    }
    t.rmatch()
        .args(["generate", "--seniors", "2", "--juniors", "2", "-q"])
        .stdout_has("id,name,role,")
        .stderr("")
        .run();
}

#[test]
fn ids_in_another_case_are_warned_about_a_few_times_then_counted() {
    let t = generated(3, "teach=2,learn=1,interests=0.5,diversity=1", 100);
    let lower: String = t
        .read("fb.csv")
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{l}\n")
            } else {
                format!("{}\n", l.to_lowercase())
            }
        })
        .collect();
    t.write("fb.csv", lower);
    let ran = t.rmatch().args(["learn", "fb.csv", "r.csv"]).run();
    let warnings: Vec<&str> = ran
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(warnings.len(), 4, "{}", ran.stderr);
    assert!(warnings[0].contains("only ignoring case"), "{}", ran.stderr);
    assert_eq!(
        warnings[3],
        "warning: fb.csv: 197 more ids match the roster's only ignoring case; they are taken as the roster writes them"
    );
}

/// The learn summary as JSON, without what names the feedback file.
fn summary(dir: &TestDir, args: &[&str]) -> Value {
    let mut json = dir
        .rmatch()
        .arg("learn")
        .args(args)
        .args(["--format", "json", "-q"])
        .run()
        .json();
    json["feedback"]["file"] = Value::Null;
    json["config"] = Value::Null;
    json
}

/// `fb.csv` (as `generate --feedback` writes it) rewritten as a survey
/// tool's export: its own columns first, the questions as headers, the
/// ratings as `rating(r)` writes the answer `r`, yes/no as `Yes`/`No`.
fn survey_export(dir: &TestDir, rating: impl Fn(u32) -> String) -> String {
    let mut survey = String::from(
        "Id,Start time,Completion time,Email,Name,Mentor ID,Mentee ID,How useful were your sessions? (1-5),Will you keep meeting?,Did your sessions stop early?\r\n",
    );
    let yes = |text: &str| if text == "yes" { "Yes" } else { "No" };
    for (n, row) in dir.read("fb.csv").lines().skip(1).enumerate() {
        let c: Vec<&str> = row.split(',').collect();
        survey.push_str(&format!(
            "{},1/6/26 9:02:11,1/6/26 9:05:40,person{n}@contoso.com,Person {n},{},{},\"{}\",{},{}\r\n",
            n + 1,
            c[0],
            c[1],
            rating(c[2].parse().expect("a whole rating")),
            yes(c[3]),
            yes(c[4]),
        ));
    }
    survey
}

/// The flags mapping [`survey_export`]'s questions to the feedback columns.
const SURVEY_COLUMNS: [&str; 10] = [
    "--feedback-column",
    "senior_id=Mentor ID",
    "--feedback-column",
    "junior_id=mentee id",
    "--feedback-column",
    "rating=How useful were your sessions? (1-5)",
    "--feedback-column",
    "continued=Will you keep meeting?",
    "--feedback-column",
    "ended_early=Did your sessions stop early?",
];

/// `first`, then [`SURVEY_COLUMNS`] with the rating's question as
/// `rating` (`rating=...`) says.
fn survey_args(first: &[&'static str], rating: &'static str) -> Vec<&'static str> {
    let mut args = first.to_vec();
    args.extend(SURVEY_COLUMNS.map(|a| if a.starts_with("rating=") { rating } else { a }));
    args
}

/// A survey tool's export is read with `--feedback-column`, its answers
/// written as "4 - Very useful" read as their number with one warning
/// naming the column and an example: the same weights as the plain file.
#[test]
fn a_survey_export_is_read_with_its_own_headers() {
    let dir = generated(8, "teach=2,learn=1,interests=0.5,diversity=1", 200);
    let words = [
        "",
        "1 - Not useful",
        "2 – Slightly useful",
        "3: Useful",
        "4 - Very useful",
        "5 (Excellent)",
    ];
    dir.write(
        "survey.csv",
        survey_export(&dir, |r| words[r as usize].into()),
    );
    let plain = summary(&dir, &["fb.csv", "r.csv"]);
    let mut args = vec!["survey.csv", "r.csv"];
    args.extend(SURVEY_COLUMNS);
    assert_eq!(summary(&dir, &args), plain);
    let ran = dir
        .rmatch()
        .arg("learn")
        .args(&args)
        .args(["-o", "learned.toml"])
        .run();
    let warnings: Vec<&str> = ran
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning:"))
        .collect();
    assert_eq!(warnings.len(), 2, "{}", ran.stderr);
    assert_eq!(
        warnings[0],
        "warning: survey.csv, line 1: the columns id, start time, completion time, email, name are not used (rmatch learn reads senior_id, junior_id, rating, continued and ended_early)"
    );
    assert!(
        warnings[1].starts_with("warning: survey.csv, line 2, column 8 (how useful were your sessions? (1-5)): the ratings hold words after the number (\""),
        "{}",
        warnings[1]
    );
    assert!(
        warnings[1].ends_with("); each is read as its leading whole number"),
        "{}",
        warnings[1]
    );
    // The config file it writes pairs as the plain file's does.
    assert!(!dir.read("learned.toml").contains("feedback"));
}

/// A rating whose number cannot be told for sure is an error naming the
/// file, line and column, saying what to write instead.
#[test]
fn a_rating_in_words_that_is_not_one_number_is_refused() {
    let dir = TestDir::new();
    dir.write("r.csv", TWO_BY_TWO);
    dir.write(
        "fb.csv",
        lines(&[
            "Mentor ID,Mentee ID,How useful were your sessions? (1-5)",
            "S1,J1,4.5 stars",
            "S1,J2,3-4",
            "S2,J1,4 -",
            "S2,J2,4/5",
            "S1,J1,4stars",
            "S1,J2,Quite useful",
        ]),
    );
    let ran = dir
        .rmatch()
        .args(["learn", "fb.csv", "r.csv", "-q"])
        .args([
            "--feedback-column",
            "senior_id=Mentor ID",
            "--feedback-column",
            "junior_id=Mentee ID",
            "--feedback-column",
            "rating=How useful were your sessions? (1-5)",
        ])
        .code(3)
        .run();
    let errors = ran.error_lines();
    assert_eq!(errors.len(), 6, "{}", ran.stderr);
    assert_eq!(
        errors[5],
        "error: fb.csv, line 7, column 3 (how useful were your sessions? (1-5)): rating \"Quite useful\" is not a number from 1 to 5; write the survey's answer (1 = not useful, 5 = very useful), or leave it empty if the pair did not answer"
    );
    for (line, (error, text)) in errors
        .iter()
        .zip(["4.5 stars", "3-4", "4 -", "4/5", "4stars"])
        .enumerate()
    {
        assert_eq!(
            *error,
            format!(
                "error: fb.csv, line {}, column 3 (how useful were your sessions? (1-5)): rating \"{text}\" is not one number from 1 to 5; write the answer's number alone (4, or 4 - Very useful), or leave it empty if the pair did not answer",
                line + 2
            )
        );
    }
}

/// A survey asked on another scale (1 to 10) is read with
/// `--rating-scale`, each answer put on rmatch's 1 to 5; without it an
/// answer above 5 under a header that says 10 suggests the flag.
#[test]
fn a_rating_on_another_scale_is_read_with_rating_scale() {
    let dir = generated(8, "teach=2,learn=1,interests=0.5,diversity=1", 200);
    let plain = summary(&dir, &["fb.csv", "r.csv"]);
    // 1 to 9 puts each answer back on 1 to 5 exactly: 1, 3, 5, 7, 9.
    let nine = survey_export(&dir, |r| (2 * r - 1).to_string()).replace("(1-5)", "(1 to 9)");
    dir.write("nine.csv", nine);
    let args = survey_args(
        &["nine.csv", "r.csv", "--rating-scale", "1-9"],
        "rating=How useful were your sessions? (1 to 9)",
    );
    assert_eq!(summary(&dir, &args), plain);
    let ten = survey_export(&dir, |r| (2 * r).to_string()).replace("(1-5)", "(1-10)");
    dir.write("ten.csv", ten);
    let args = survey_args(
        &["ten.csv", "r.csv"],
        "rating=How useful were your sessions? (1-10)",
    );
    let ran = dir.rmatch().arg("learn").args(&args).code(3).run();
    assert!(
        ran.error_lines()[0].ends_with("rating \"6\" is not a number from 1 to 5; the header says the survey asked from 1 to 10: give --rating-scale 1-10 to read its answers on that scale"),
        "{}",
        ran.stderr
    );
    let mut args = args;
    args.extend(["--rating-scale", "1-10"]);
    dir.rmatch().arg("learn").args(&args).args(["-q"]).run();
    for (scale, message) in [
        ("5-1", "--rating-scale 5-1: the lowest answer must come first and be below the highest, as in 1-10"),
        ("1", "--rating-scale \"1\" is not LOW-HIGH; write the survey's lowest and highest answer, as in 1-10"),
        ("1-1000", "--rating-scale 1-1000: the highest answer may be at most 100"),
    ] {
        dir.rmatch()
            .args(["learn", "fb.csv", "r.csv", "--rating-scale", scale])
            .code(2)
            .stderr(format!("error: {message}\n"))
            .run();
    }
}

/// The survey's mapping and scale kept in the config file's `[learn]`
/// table read the export as the flags do, and the config file `learn`
/// writes keeps them, so the next cycle needs only `--config`. A flag
/// replaces the table's mapping of its column; errors name the key.
#[test]
fn a_survey_mapping_in_the_config_file_is_read_and_kept_for_the_next_cycle() {
    let dir = generated(8, "teach=2,learn=1,interests=0.5,diversity=1", 200);
    let plain = summary(&dir, &["fb.csv", "r.csv"]);
    let ten = survey_export(&dir, |r| (2 * r).to_string()).replace("(1-5)", "(1-10)");
    dir.write("ten.csv", ten);
    let table = |rating: &str| {
        format!(
            "[learn]\nrating_scale = \"1-10\"\n\n[learn.columns]\nsenior_id = \"Mentor ID\"\njunior_id = \"mentee id\"\nrating = \"{rating}\"\ncontinued = \"Will you keep meeting?\"\nended_early = \"Did your sessions stop early?\"\n"
        )
    };
    dir.write("c.toml", table("How useful were your sessions? (1-10)"));
    // 2, 4, ... 10 on 1 to 10 are not 1 to 5 exactly: compare with the flags.
    let flags = survey_args(
        &["ten.csv", "r.csv", "--rating-scale", "1-10"],
        "rating=How useful were your sessions? (1-10)",
    );
    let by_flags = summary(&dir, &flags);
    assert_ne!(by_flags, plain);
    assert_eq!(
        summary(&dir, &["ten.csv", "r.csv", "--config", "c.toml"]),
        by_flags
    );
    dir.rmatch()
        .args(["learn", "ten.csv", "r.csv", "--config", "c.toml", "-q"])
        .args(["-o", "learned.toml"])
        .run();
    let learned = dir.read("learned.toml");
    assert!(
        learned.contains("\n[learn]\nrating_scale = \"1-10\"\n\n[learn.columns]\n"),
        "{learned}"
    );
    // Read again under the learned weights, the same answers learn the same.
    let again = summary(&dir, &["ten.csv", "r.csv", "--config", "learned.toml"]);
    let learned_weights = |json: &Value| -> Vec<Value> {
        json["weights"]
            .as_array()
            .expect("weights")
            .iter()
            .map(|w| w["learned"].clone())
            .collect()
    };
    assert_eq!(learned_weights(&again), learned_weights(&by_flags));
    // The flag's mapping of rating replaces the table's.
    dir.write("wrong.toml", table("Nope"));
    let mut fixed = vec!["ten.csv", "r.csv", "--config", "wrong.toml"];
    fixed.extend([
        "--feedback-column",
        "rating=How useful were your sessions? (1-10)",
    ]);
    assert_eq!(summary(&dir, &fixed), by_flags);
    dir.rmatch()
        .args(["learn", "ten.csv", "r.csv", "--config", "wrong.toml", "-q"])
        .code(3)
        .stderr_has("error: ten.csv, line 1: the header has no column \"nope\", which wrong.toml's learn.columns maps to rating (found: ")
        .run();
    for (config, flags, message) in [
        (
            "[learn.columns]\nratng = \"How useful\"\n",
            vec![],
            "error: bad.toml: the key learn.columns.ratng = \"How useful\": \"ratng\" is not a column of the feedback file (senior_id, junior_id, rating, continued, ended_early); did you mean rating?\n",
        ),
        (
            "[learn.columns]\ncontinued = \"Will you keep meeting?\"\n",
            vec!["--feedback-column", "rating=will you keep meeting?"],
            "error: bad.toml: the key learn.columns.continued = \"Will you keep meeting?\" and --feedback-column rating=\"will you keep meeting?\" name the same header; map each header to one column\n",
        ),
        (
            "[learn]\nrating_scale = \"10-1\"\n",
            vec![],
            "error: bad.toml: the key learn.rating_scale = \"10-1\": the lowest answer must come first and be below the highest, as in 1-10\n",
        ),
    ] {
        dir.write("bad.toml", config);
        dir.rmatch()
            .args(["learn", "ten.csv", "r.csv", "--config", "bad.toml"])
            .args(&flags)
            .code(2)
            .stdout("")
            .stderr(message)
            .run();
        // Read from standard input, the file is named as its other errors name it.
        dir.rmatch()
            .args(["learn", "ten.csv", "r.csv", "--config", "-"])
            .args(flags)
            .stdin(config)
            .code(2)
            .stdout("")
            .stderr(message.replace("bad.toml", "<stdin>"))
            .run();
    }
}

/// Each `--feedback-column` names a feedback column and a header, each
/// once (exit 2, naming the flag); a mapped header the file lacks is a
/// feedback file error (exit 3); a feedback column given to `--column`
/// (which maps the roster's) is pointed to `--feedback-column`.
#[test]
fn feedback_column_mappings_are_checked_as_the_rosters_are() {
    let dir = TestDir::new();
    dir.write(
        "r.csv",
        lines(&["id,role,skills,wants", "S1,senior,,ai", "J1,junior,ai:5,"]),
    );
    dir.write(
        "fb.csv",
        lines(&["Mentor ID,Mentee ID,Score (1-5)", "S1,J1,4"]),
    );
    for (flags, message) in [
        (
            vec!["--feedback-column", "mentor=Mentor ID"],
            "error: --feedback-column mentor=\"Mentor ID\": \"mentor\" is not a column of the feedback file (senior_id, junior_id, rating, continued, ended_early); the other columns are not read and need no mapping\n",
        ),
        (
            vec!["--feedback-column", "seniorid=Mentor ID"],
            "error: --feedback-column seniorid=\"Mentor ID\": \"seniorid\" is not a column of the feedback file (senior_id, junior_id, rating, continued, ended_early); did you mean senior_id?\n",
        ),
        (
            vec!["--feedback-column", "rating"],
            "error: --feedback-column \"rating\" is not COLUMN=HEADER; write for example --feedback-column rating=\"How useful were your sessions? (1-5)\"\n",
        ),
        (
            vec!["--feedback-column", "rating=A", "--feedback-column", "rating=B"],
            "error: --feedback-column names rating twice (--feedback-column rating=\"A\" and --feedback-column rating=\"B\"); give each column once\n",
        ),
        (
            vec!["--feedback-column", "senior_id=Mentor ID", "--feedback-column", "junior_id=mentor  id"],
            "error: --feedback-column senior_id=\"Mentor ID\" and --feedback-column junior_id=\"mentor  id\" name the same header; map each header to one column\n",
        ),
        (
            vec!["--column", "rating=Score (1-5)"],
            "error: --column rating=\"Score (1-5)\": \"rating\" is a column of the feedback file of rmatch learn, not of the roster; map it with --feedback-column rating=\"Score (1-5)\"\n",
        ),
    ] {
        dir.rmatch()
            .args(["learn", "fb.csv", "r.csv"])
            .args(flags)
            .code(2)
            .stdout("")
            .stderr(message)
            .run();
    }
    dir.rmatch()
        .args(["learn", "fb.csv", "r.csv"])
        .args(["--feedback-column", "senior_id=Mentor ID", "--feedback-column", "junior_id=Mentee ID"])
        .args(["--feedback-column", "rating=How useful were your sessions?"])
        .code(3)
        .stdout("")
        .stderr("error: fb.csv, line 1: the header has no column \"how useful were your sessions?\", which --feedback-column maps to rating (found: mentor id, mentee id, score (1-5)); correct the header's name in the mapping, or leave the mapping out\n")
        .run();
    dir.write(
        "both.csv",
        lines(&["senior_id,Mentor ID,junior_id,rating", "S1,S1,J1,4"]),
    );
    dir.rmatch()
        .args(["learn", "both.csv", "r.csv", "--feedback-column", "senior_id=Mentor ID"])
        .code(3)
        .stdout("")
        .stderr("error: both.csv, line 1: the header has both the column \"senior_id\" (column 1) and \"mentor id\" (column 2), which --feedback-column maps to senior_id; rmatch cannot tell which is meant: rename or remove one, or leave out the mapping\n")
        .run();
    // Without a mapping, a header lacking a column says how to map one.
    dir.rmatch()
        .args(["learn", "fb.csv", "r.csv"])
        .code(3)
        .stdout("")
        .stderr("error: fb.csv, line 1: the header has no column senior_id, junior_id, rating; a feedback file has the columns senior_id, junior_id and rating (1 to 5), and optionally continued and ended_early (found: mentor_id, mentee_id, score_(1_5)); rename them, or map a survey's own headers with --feedback-column, e.g. --feedback-column rating=\"How useful were your sessions? (1-5)\"\n")
        .run();
}

/// A feedback file saved by Excel as "Unicode Text", as CSV UTF-8 with a
/// byte order mark, or kept as a workbook is read as the other side files
/// are (`--history`, `--continue`): the same summary as the CSV.
#[test]
fn a_feedback_file_saved_by_excel_is_read_as_the_csv() {
    let dir = generated(8, "teach=2,learn=1,interests=0.5,diversity=1", 200);
    let plain = summary(&dir, &["fb.csv", "r.csv"]);
    let text = dir.read("fb.csv");
    dir.write("fb.txt", unicode_text(&text.replace(',', "\t")));
    dir.write("bom.csv", format!("\u{feff}{text}"));
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    for (row, line) in text.lines().enumerate() {
        for (col, cell) in line.split(',').enumerate() {
            match cell.parse::<f64>() {
                Ok(x) if col == 2 && row > 0 => sheet.write_number(row as u32, col as u16, x),
                _ => sheet.write_string(row as u32, col as u16, cell),
            }
            .unwrap();
        }
    }
    dir.write("fb.xlsx", workbook.save_to_buffer().unwrap());
    for file in ["fb.txt", "bom.csv", "fb.xlsx"] {
        assert_eq!(summary(&dir, &[file, "r.csv"]), plain, "{file}");
    }
}

/// A Qualtrics export of the survey: its questions headed `Q1` to `Q5`,
/// then a row of the question texts and a row of import ids before the
/// answers. Both rows are skipped with one warning, and the columns may be
/// mapped by their short names or by their question texts: the same
/// weights as the plain file.
#[test]
fn a_qualtrics_export_of_the_survey_is_read_past_its_header_rows() {
    let dir = generated(8, "teach=2,learn=1,interests=0.5,diversity=1", 200);
    let survey = survey_export(&dir, |r| r.to_string());
    let (questions, answers) = survey.split_once("\r\n").expect("a header line");
    let ids = [
        "_recordId",
        "startDate",
        "endDate",
        "recipientEmail",
        "recipientFirstName",
        "QID1_TEXT",
        "QID2_TEXT",
        "QID3",
        "QID4",
        "QID5",
    ]
    .map(|id| format!("\"{{\"\"ImportId\"\":\"\"{id}\"\"}}\""))
    .join(",");
    dir.write(
        "qualtrics.csv",
        format!(
            "ResponseId,StartDate,EndDate,RecipientEmail,RecipientFirstName,Q1,Q2,Q3,Q4,Q5\r\n{questions}\r\n{ids}\r\n{answers}"
        ),
    );
    let plain = summary(&dir, &["fb.csv", "r.csv"]);
    let mut asked = vec!["qualtrics.csv", "r.csv"];
    asked.extend(SURVEY_COLUMNS);
    assert_eq!(summary(&dir, &asked), plain);
    let mut short = vec!["qualtrics.csv", "r.csv"];
    for mapping in [
        "senior_id=Q1",
        "junior_id=Q2",
        "rating=Q3",
        "continued=Q4",
        "ended_early=Q5",
    ] {
        short.extend(["--feedback-column", mapping]);
    }
    assert_eq!(summary(&dir, &short), plain);
    dir.rmatch()
        .arg("learn")
        .args(&short)
        .stderr_has("warning: qualtrics.csv, line 2: this line and the next hold the question texts and the import ids a Qualtrics export writes below its header, not answers; both are skipped")
        .run();
}

/// A SurveyMonkey export of the survey: its questions in the header, then
/// a row of answer labels (`Response`, `Open-Ended Response`) with the
/// respondent's id empty before the answers. The row is skipped with one
/// warning: the same weights as the plain file.
#[test]
fn a_surveymonkey_export_of_the_survey_is_read_past_its_row_of_answer_labels() {
    let dir = generated(8, "teach=2,learn=1,interests=0.5,diversity=1", 200);
    let survey = survey_export(&dir, |r| r.to_string());
    let (questions, answers) = survey.split_once("\r\n").expect("a header line");
    dir.write(
        "monkey.csv",
        format!(
            "{questions}\r\n,,,,,Open-Ended Response,Open-Ended Response,Response,Response,Response\r\n{answers}"
        ),
    );
    let plain = summary(&dir, &["fb.csv", "r.csv"]);
    let mut asked = vec!["monkey.csv", "r.csv"];
    asked.extend(SURVEY_COLUMNS);
    assert_eq!(summary(&dir, &asked), plain);
    dir.rmatch()
        .arg("learn")
        .args(&asked)
        .stderr_has("warning: monkey.csv, line 2: this line holds the answer labels a SurveyMonkey export writes below its header (Response, Open-Ended Response), not answers; it is skipped\n")
        .run();
    // A sign-up form exported the same way gives a roster read past it too.
    dir.write(
        "signup.csv",
        "Respondent ID,Your employee ID,Role,What can you teach?,What do you want to learn?\r\n\
         ,Open-Ended Response,Response,Open-Ended Response,Open-Ended Response\r\n\
         101,S1,senior,,ai\r\n\
         102,J1,junior,ai:5,\r\n",
    );
    dir.rmatch()
        .args(["pair", "signup.csv", "--column", "id=Your employee ID"])
        .args(["--column", "skills=What can you teach?"])
        .args(["--column", "wants=What do you want to learn?"])
        .stdout_has("paired,S1,S1,J1,J1,")
        .stderr_has("warning: signup.csv, line 2: this line holds the answer labels a SurveyMonkey export writes below its header (Response, Open-Ended Response), not answers; it is skipped\n")
        .run();
}

/// A feedback file whose senior_id holds the juniors' ids and junior_id
/// the seniors' on every row (a survey's "Mentor ID" mapped to senior_id,
/// when in reverse mentoring the junior is the mentor) is one error that
/// says the columns are the other way round, not two errors per row; one
/// row the right way round keeps the errors row by row.
#[test]
fn feedback_columns_the_other_way_round_are_one_error() {
    let dir = TestDir::new();
    dir.write("r.csv", TWO_BY_TWO);
    dir.write(
        "fb.csv",
        lines(&[
            "Mentor ID,Mentee ID,Rating",
            "J1,S1,4",
            "J2,S1,3",
            "J1,S2,5",
            "J9,S2,5",
        ]),
    );
    let mapped = [
        "--feedback-column",
        "senior_id=Mentor ID",
        "--feedback-column",
        "junior_id=Mentee ID",
    ];
    let ran = dir
        .rmatch()
        .args(["learn", "fb.csv", "r.csv", "-q"])
        .args(mapped)
        .code(3)
        .run();
    assert_eq!(
        ran.error_lines(),
        ["error: fb.csv, line 1: mentor id holds juniors' ids and mentee id seniors' ids, on each of the 3 rows where both are in the roster (line 2: \"J1\" and \"S1\"): the two columns are the other way round; swap the two --feedback-column mappings (in reverse mentoring the junior is the mentor)"]
    );
    // Mapped in the config file, the error points there.
    dir.write(
        "c.toml",
        "[learn.columns]\nsenior_id = \"Mentor ID\"\njunior_id = \"Mentee ID\"\n",
    );
    let ran = dir
        .rmatch()
        .args(["learn", "fb.csv", "r.csv", "-q", "--config", "c.toml"])
        .code(3)
        .run();
    assert!(
        ran.error_lines()[0].ends_with("the two columns are the other way round; swap the two mappings in c.toml's learn.columns (in reverse mentoring the junior is the mentor)"),
        "{}",
        ran.stderr
    );
    dir.write(
        "plain.csv",
        dir.read("fb.csv")
            .replacen("Mentor ID,Mentee ID", "senior_id,junior_id", 1),
    );
    let ran = dir
        .rmatch()
        .args(["learn", "plain.csv", "r.csv", "-q"])
        .code(3)
        .run();
    assert_eq!(
        ran.error_lines(),
        ["error: plain.csv, line 1: senior_id holds juniors' ids and junior_id seniors' ids, on each of the 3 rows where both are in the roster (line 2: \"J1\" and \"S1\"): the two columns are the other way round; swap the two columns' names in the header"]
    );
    dir.write("mixed.csv", format!("{}S2,J2,4\n", dir.read("plain.csv")));
    let ran = dir
        .rmatch()
        .args(["learn", "mixed.csv", "r.csv", "-q"])
        .code(3)
        .run();
    let errors = ran.error_lines();
    assert_eq!(errors.len(), 8, "{}", ran.stderr);
    assert_eq!(
        errors[0],
        "error: mixed.csv, line 2, column 1 (senior_id): the id \"J1\" is not a senior in the roster; write the id of a senior as the roster's id column does (is this the roster of the cycle that was rated?), or remove the row"
    );
}

/// The usefulness scale's answers, as a survey tool exports them in place
/// of the numbers 1 to 5 (index 0 unused).
const USEFUL: [&str; 6] = [
    "",
    "Not at all useful",
    "Slightly useful",
    "Moderately useful",
    "Very useful",
    "Extremely useful",
];

/// A survey exported as words ("Export labels") is read on the known scale
/// that holds its answers, with one warning listing it: the same summary
/// as the survey in numbers, and the same table.
#[test]
fn a_survey_exported_as_words_learns_what_the_numbers_do() {
    let dir = generated(8, "teach=2,learn=1,interests=0.5,diversity=1", 200);
    dir.write("numbers.csv", survey_export(&dir, |r| r.to_string()));
    dir.write(
        "words.csv",
        survey_export(&dir, |r| USEFUL[r as usize].to_string()),
    );
    // Microsoft Forms' Likert answers, in any case, spaced as typed.
    let agree = [
        "",
        "strongly DISAGREE",
        "Disagree",
        "Neutral",
        "Agree",
        "Strongly  agree",
    ];
    dir.write(
        "agree.csv",
        survey_export(&dir, |r| agree[r as usize].to_string()),
    );
    let numbers = survey_args(
        &["numbers.csv", "r.csv"],
        "rating=How useful were your sessions? (1-5)",
    );
    let plain = summary(&dir, &numbers);
    assert_eq!(plain, summary(&dir, &["fb.csv", "r.csv"]));
    for file in ["words.csv", "agree.csv"] {
        let args = survey_args(
            &[file, "r.csv"],
            "rating=How useful were your sessions? (1-5)",
        );
        assert_eq!(summary(&dir, &args), plain, "{file}");
    }
    let table = |file: &'static str| {
        let args = survey_args(
            &[file, "r.csv"],
            "rating=How useful were your sessions? (1-5)",
        );
        let ran = dir.rmatch().arg("learn").args(args).run();
        (ran.stdout.replace(file, "FILE"), ran.stderr)
    };
    let (by_numbers, _) = table("numbers.csv");
    let (by_words, stderr) = table("words.csv");
    assert_eq!(by_words, by_numbers);
    let first: u32 = dir
        .read("fb.csv")
        .lines()
        .nth(1)
        .expect("a row")
        .split(',')
        .nth(2)
        .expect("a rating")
        .parse()
        .expect("a number");
    assert_eq!(
        stderr,
        format!(
            "warning: words.csv, line 1: the columns id, start time, completion time, email, name are not used (rmatch learn reads senior_id, junior_id, rating, continued and ended_early)\n\
             warning: words.csv, line 2, column 8 (how useful were your sessions? (1-5)): the ratings are words (\"{}\"); each is read on the scale Not at all useful = 1, Slightly useful = 2, Moderately useful = 3, Very useful = 4, Extremely useful = 5\n",
            USEFUL[first as usize]
        )
    );
}

/// Words of no known scale are an error once per distinct answer, at its
/// first row, listing the column's answers as the flag to give (exit 3,
/// nothing written); a word among numbers is refused row by row, as ever.
#[test]
fn a_rating_in_words_of_no_known_scale_says_to_give_the_labels() {
    let dir = TestDir::new();
    dir.write("r.csv", TWO_BY_TWO);
    dir.write(
        "fb.csv",
        lines(&[
            "senior_id,junior_id,rating",
            "S1,J1,Quite useful",
            "S1,J2,Not useful",
            "S2,J1,quite  USEFUL",
            "S2,J2,Very useful",
            "S2,J2,Not useful",
        ]),
    );
    let advice = "give the survey's answers lowest first: --rating-labels \"Quite useful,Not useful,Very useful\" (this column's answers as first seen: put them in order and add any that nobody gave)";
    dir.rmatch()
        .args(["learn", "fb.csv", "r.csv", "-o", "learned.toml"])
        .code(3)
        .stdout("")
        .stderr(format!(
            "error: fb.csv, line 2, column 3 (rating): rating \"Quite useful\" is none of the answers of a known scale; {advice}\n\
             error: fb.csv, line 3, column 3 (rating): rating \"Not useful\" is none of the answers of a known scale; {advice}\n"
        ))
        .run();
    assert!(!dir.exists("learned.toml"));
    // Given the labels, the same file is read (too few pairs to learn from).
    dir.rmatch()
        .args([
            "learn",
            "fb.csv",
            "r.csv",
            "--rating-labels",
            "Not useful,Quite useful,Very useful",
        ])
        .code(7)
        .stderr_has("error: fb.csv has 4 rated pairs, too few to learn weights from")
        .run();
}

/// `--rating-labels` reads a survey's own three answers as 1, 2 and 3 on
/// 1 to 3 (as `--rating-scale 1-3` reads the numbers); the config's
/// `learn.rating_labels` does the same, and the config file `learn`
/// writes keeps it. An answer that is none of the labels is an error
/// naming them.
#[test]
fn rating_labels_read_a_scale_of_the_surveys_own() {
    let dir = generated(8, "teach=2,learn=1,interests=0.5,diversity=1", 200);
    let three = ["Not useful", "Quite useful", "Very useful"];
    let third = |r: u32| r.div_ceil(2);
    dir.write("numbers.csv", survey_export(&dir, |r| third(r).to_string()));
    dir.write(
        "words.csv",
        survey_export(&dir, |r| three[third(r) as usize - 1].to_string()),
    );
    let rating = "rating=How useful were your sessions? (1-5)";
    let by_numbers = summary(
        &dir,
        &survey_args(&["numbers.csv", "r.csv", "--rating-scale", "1-3"], rating),
    );
    assert_ne!(by_numbers, summary(&dir, &["fb.csv", "r.csv"]));
    let labels = "Not useful,Quite useful,Very useful";
    let by_labels = summary(
        &dir,
        &survey_args(&["words.csv", "r.csv", "--rating-labels", labels], rating),
    );
    assert_eq!(by_labels, by_numbers);
    // The labels read numbers on their scale too.
    assert_eq!(
        summary(
            &dir,
            &survey_args(&["numbers.csv", "r.csv", "--rating-labels", labels], rating)
        ),
        by_numbers
    );
    dir.write(
        "c.toml",
        "[learn]\nrating_labels = [\"Not useful\", \"Quite useful\", \"Very useful\"]\n",
    );
    assert_eq!(
        summary(
            &dir,
            &survey_args(&["words.csv", "r.csv", "--config", "c.toml"], rating)
        ),
        by_numbers
    );
    dir.rmatch()
        .arg("learn")
        .args(survey_args(
            &[
                "words.csv",
                "r.csv",
                "--config",
                "c.toml",
                "-q",
                "-o",
                "learned.toml",
            ],
            rating,
        ))
        .run();
    let learned = dir.read("learned.toml");
    assert!(
        learned.contains(
            "\n[learn]\nrating_labels = [\"Not useful\", \"Quite useful\", \"Very useful\"]\n"
        ),
        "{learned}"
    );
    let again = summary(
        &dir,
        &survey_args(&["words.csv", "r.csv", "--config", "learned.toml"], rating),
    );
    assert_eq!(
        again["weights"]
            .as_array()
            .map(|w| w.iter().map(|w| w["learned"].clone()).collect::<Vec<_>>()),
        by_numbers["weights"]
            .as_array()
            .map(|w| w.iter().map(|w| w["learned"].clone()).collect::<Vec<_>>())
    );
    // A flag replaces the table's labels.
    dir.write(
        "wrong.toml",
        "[learn]\nrating_labels = [\"Bad\", \"Good\"]\n",
    );
    assert_eq!(
        summary(
            &dir,
            &survey_args(
                &[
                    "words.csv",
                    "r.csv",
                    "--config",
                    "wrong.toml",
                    "--rating-labels",
                    labels
                ],
                rating
            )
        ),
        by_numbers
    );
    dir.write(
        "words.csv",
        dir.read("words.csv")
            .replacen("\"Quite useful\"", "\"Rather useful\"", 2),
    );
    let ran = dir
        .rmatch()
        .arg("learn")
        .args(survey_args(
            &["words.csv", "r.csv", "--config", "c.toml", "-q"],
            rating,
        ))
        .code(3)
        .stdout("")
        .run();
    let errors = ran.error_lines();
    assert_eq!(errors.len(), 1, "{}", ran.stderr);
    assert!(
        errors[0].ends_with(": rating \"Rather useful\" is none of the answers c.toml's learn.rating_labels gives (Not useful, Quite useful, Very useful); add it there in its place, lowest first, or correct the answer"),
        "{}",
        errors[0]
    );
}

/// The labels and the numeric scale are one setting: given both ways, as
/// flags or as keys, it is a usage error saying which to drop; bad labels
/// are named by the flag or the key.
#[test]
fn rating_labels_and_rating_scale_together_are_refused() {
    let dir = TestDir::new();
    dir.write("r.csv", TWO_BY_TWO);
    dir.write(
        "fb.csv",
        lines(&["senior_id,junior_id,rating", "S1,J1,Good"]),
    );
    dir.rmatch()
        .args(["learn", "fb.csv", "r.csv", "--rating-scale", "1-3", "--rating-labels", "Bad,Fine,Good"])
        .code(2)
        .stdout("")
        .stderr("error: --rating-labels and --rating-scale both give the survey's scale; give one: drop --rating-scale when the answers are words (--rating-labels numbers them, the lowest 1), or drop --rating-labels when they are numbers\n")
        .run();
    for (config, flags, message) in [
        (
            "[learn]\nrating_scale = \"1-3\"\nrating_labels = [\"Bad\", \"Fine\", \"Good\"]\n",
            vec![],
            "error: bad.toml: the keys learn.rating_labels and learn.rating_scale both give the survey's scale; keep one: drop learn.rating_scale when the answers are words, or learn.rating_labels when they are numbers\n",
        ),
        (
            "[learn]\nrating_labels = [\"Good\", \" good \"]\n",
            vec![],
            "error: bad.toml: the key learn.rating_labels = [\"Good\", \" good \"]: answers 1 and 2 (\"Good\" and \"good\") are the same, compared ignoring case and spaces; give each answer once\n",
        ),
        (
            "",
            vec!["--rating-labels", "Good"],
            "error: --rating-labels \"Good\": give at least 2 answers, lowest first, as in --rating-labels \"Not useful,Quite useful,Very useful\"\n",
        ),
        (
            "",
            vec!["--rating-labels", "Bad,,Good"],
            "error: --rating-labels \"Bad,,Good\": answer 2 is empty; give each answer's words, lowest first\n",
        ),
    ] {
        dir.write("bad.toml", config);
        dir.rmatch()
            .args(["learn", "fb.csv", "r.csv", "--config", "bad.toml"])
            .args(flags)
            .code(2)
            .stdout("")
            .stderr(message)
            .run();
    }
}
