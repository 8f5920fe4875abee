//! The hard rules, the objective, why someone is left unmatched, and reading the roster from standard input.

use super::*;

const RULES_HEADER: &str = "id,role,skills,wants,languages,capacity,manager,exclude";

/// S1 wants ai:3 and J1 teaches ai:5 (allowed unless a rule says otherwise);
/// M1 is a junior with no skills who can stand between them in a chain.
fn rule_roster(s1: &str, j1: &str, m1: &str) -> String {
    lines(&[RULES_HEADER, s1, j1, m1])
}

/// Asserts that S1-J1 is forbidden by `reason` in `scores` and not made by `pair`.
#[track_caller]
fn assert_forbidden(roster: &str, reason: &str) {
    let t = TestDir::new();
    t.write("r.csv", roster);
    let scores = t.rmatch().args(["scores", "r.csv"]).run();
    let row = scores
        .stdout
        .lines()
        .find(|l| l.starts_with("S1,J1,"))
        .unwrap_or_else(|| panic!("no S1,J1 row:\n{}", scores.stdout));
    let fields: Vec<&str> = row.split(',').collect();
    assert_eq!(fields[2], "false", "{row}");
    assert_eq!(fields[8], reason, "{row}");
    t.rmatch()
        .args(["pair", "r.csv"])
        .stdout_lacks("paired,")
        .run();
}

#[test]
fn rules_allow_the_base_pair() {
    let t = TestDir::new();
    t.write(
        "r.csv",
        rule_roster(
            "S1,senior,,ai:3,,,,",
            "J1,junior,ai:5,,,,,",
            "M1,junior,,,,,,",
        ),
    );
    t.rmatch()
        .args(["scores", "r.csv"])
        .stdout_has("S1,J1,true,0.5000,1.0000,0.0000,0.0000,0.0000,\n")
        .run();
    t.rmatch()
        .args(["pair", "r.csv"])
        .stdout_has("paired,S1,S1,J1,J1,0.5000,")
        .run();
}

#[test]
fn rule_exclude_applies_both_ways() {
    assert_forbidden(
        &rule_roster(
            "S1,senior,,ai:3,,,,J1",
            "J1,junior,ai:5,,,,,",
            "M1,junior,,,,,,",
        ),
        "excluded",
    );
    assert_forbidden(
        &rule_roster(
            "S1,senior,,ai:3,,,,",
            "J1,junior,ai:5,,,,,S1",
            "M1,junior,,,,,,",
        ),
        "excluded",
    );
    // Excluding someone else does not matter.
    let t = TestDir::new();
    t.write(
        "r.csv",
        rule_roster(
            "S1,senior,,ai:3,,,,M1",
            "J1,junior,ai:5,,,,,",
            "M1,junior,,,,,,",
        ),
    );
    t.rmatch()
        .args(["pair", "r.csv"])
        .stdout_has("paired,S1,S1,J1,J1,")
        .run();
}

#[test]
fn rule_management_chain_two_levels_up() {
    // S1 manages M1, who manages J1.
    assert_forbidden(
        &rule_roster(
            "S1,senior,,ai:3,,,,",
            "J1,junior,ai:5,,,,M1,",
            "M1,junior,,,,,S1,",
        ),
        "management chain",
    );
    // J1 manages M1, who manages S1.
    assert_forbidden(
        &rule_roster(
            "S1,senior,,ai:3,,,M1,",
            "J1,junior,ai:5,,,,,",
            "M1,junior,,,,,J1,",
        ),
        "management chain",
    );
    // Sharing a manager is not a chain.
    let t = TestDir::new();
    t.write(
        "r.csv",
        rule_roster(
            "S1,senior,,ai:3,,,M1,",
            "J1,junior,ai:5,,,,M1,",
            "M1,junior,,,,,,",
        ),
    );
    t.rmatch()
        .args(["pair", "r.csv"])
        .stdout_has("paired,S1,S1,J1,J1,")
        .run();
}

#[test]
fn rule_languages_must_overlap_when_both_list_them() {
    assert_forbidden(
        &rule_roster(
            "S1,senior,,ai:3,French;Spanish,,,",
            "J1,junior,ai:5,,German,,,",
            "M1,junior,,,,,,",
        ),
        "no common language",
    );
    for (s, j) in [
        ("French;Spanish", "german;SPANISH"),
        ("French", ""),
        ("", "German"),
    ] {
        let t = TestDir::new();
        t.write(
            "r.csv",
            rule_roster(
                &format!("S1,senior,,ai:3,{s},,,"),
                &format!("J1,junior,ai:5,,{j},,,"),
                "M1,junior,,,,,,",
            ),
        );
        t.rmatch()
            .args(["pair", "r.csv"])
            .stdout_has("paired,S1,S1,J1,J1,")
            .run();
    }
}

#[test]
fn rule_capacity_zero_sits_out() {
    assert_forbidden(
        &rule_roster(
            "S1,senior,,ai:3,,0,,",
            "J1,junior,ai:5,,,,,",
            "M1,junior,,,,,,",
        ),
        "capacity 0",
    );
    assert_forbidden(
        &rule_roster(
            "S1,senior,,ai:3,,,,",
            "J1,junior,ai:5,,,0,,",
            "M1,junior,,,,,,",
        ),
        "capacity 0",
    );
}

#[test]
fn rule_junior_level_must_be_strictly_higher() {
    assert_forbidden(
        &rule_roster(
            "S1,senior,ai:5,ai:3,,,,",
            "J1,junior,ai:5,,,,,",
            "M1,junior,,,,,,",
        ),
        "nothing to teach",
    );
    assert_forbidden(
        &rule_roster(
            "S1,senior,ai:2,ai:3,,,,",
            "J1,junior,ai:2,,,,,",
            "M1,junior,,,,,,",
        ),
        "nothing to teach",
    );
    // One level above is enough: teach = 3*1/12 = 0.25, score 0.125.
    let t = TestDir::new();
    t.write(
        "r.csv",
        rule_roster(
            "S1,senior,ai:4,ai:3,,,,",
            "J1,junior,ai:5,,,,,",
            "M1,junior,,,,,,",
        ),
    );
    t.rmatch()
        .args(["pair", "r.csv"])
        .stdout_has("paired,S1,S1,J1,J1,0.1250,0.2500,")
        .run();
}

#[test]
fn ruled_out_senior_is_told_which_rule() {
    let t = TestDir::new();
    t.write(
        "r.csv",
        rule_roster(
            "S1,senior,,ai:3,,,,J1",
            "J1,junior,ai:5,,,,,",
            "M1,junior,,,,,,",
        ),
    );
    t.rmatch()
        .args(["pair", "r.csv"])
        .stdout_has(
            "unmatched,S1,S1,,,,,,,,no allowed partner: the only junior who teaches this senior's goals is ruled out (1 excluded)",
        )
        .run();
}

#[test]
fn ruled_out_juniors_are_counted_once_however_many_goals_they_teach() {
    // J1 teaches both of S1's goals, J2 one; neither speaks French, and J3
    // knows ai less well than S1 does, so teaches nothing.
    let t = TestDir::new();
    t.write(
        "r.csv",
        lines(&[
            RULES_HEADER,
            "S1,senior,ai:3,ai;go,fr,,,",
            "J1,junior,ai:5;go:5,,en,,,",
            "J2,junior,go:5,,en,,,",
            "J3,junior,ai:2,,fr,,,",
        ]),
    );
    t.rmatch()
        .args(["pair", "r.csv"])
        .stdout_has(
            "unmatched,S1,S1,,,,,,,,no allowed partner: all 2 juniors who teach this senior's goals are ruled out (2 without a common language)",
        )
        .run();
}

// ---------------------------------------------------------------------------
// 7. objective
// ---------------------------------------------------------------------------

#[test]
fn default_objective_maximises_pairs_then_score() {
    let t = TestDir::new();
    t.write("lex.csv", LEX);
    let ran = t
        .rmatch()
        .args(["pair", "lex.csv", "--weights", TEACH_ONLY])
        .stdout_has("paired,S1,Ann,J2,Dan,0.2500,0.2500,")
        .stdout_has("paired,S2,Bob,J1,Cat,0.0500,0.0500,")
        .stdout_lacks("unmatched")
        .stderr_has("rmatch: 2 pairs")
        .run();
    assert_eq!(paired(&ran.stdout), ["S1-J2", "S2-J1"]);
    let doc = t
        .rmatch()
        .args([
            "pair",
            "lex.csv",
            "--weights",
            TEACH_ONLY,
            "--format",
            "json",
        ])
        .run()
        .json();
    assert_eq!(doc["summary"]["pairs"], 2);
    assert_eq!(doc["summary"]["total_score"], 0.3);
}

#[test]
fn score_objective_maximises_total_score() {
    let t = TestDir::new();
    t.write("lex.csv", LEX);
    let ran = t
        .rmatch()
        .args([
            "pair",
            "lex.csv",
            "--weights",
            TEACH_ONLY,
            "--objective",
            "score",
        ])
        .stdout_has("paired,S1,Ann,J1,Cat,1.0000,1.0000,")
        .stderr_has("rmatch: 1 pair from")
        .run();
    assert_eq!(paired(&ran.stdout), ["S1-J1"]);
    let doc = t
        .rmatch()
        .args([
            "pair",
            "lex.csv",
            "--weights",
            TEACH_ONLY,
            "--format",
            "json",
        ])
        .args(["--objective", "score"])
        .run()
        .json();
    assert_eq!(doc["summary"]["pairs"], 1);
    assert_eq!(doc["summary"]["total_score"], 1.0);
    assert_eq!(doc["summary"]["status"], "optimal");
}

// ---------------------------------------------------------------------------
// 8. unmatched reasons
// ---------------------------------------------------------------------------

#[test]
fn unmatched_senior_whose_goal_nobody_teaches() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    t.rmatch()
        .args(["pair", "r.csv"])
        .stdout_has(format!("{TINY_S3}\n"))
        .run();
    // A goal the senior already masters at level 5 cannot be taught either.
    t.write(
        "top.csv",
        "id,role,skills,wants\nS1,senior,python:5,python\nJ1,junior,python:5,\n",
    );
    t.rmatch()
        .args(["pair", "top.csv"])
        .stdout_has("unmatched,S1,S1,,,,,,,,no allowed partner: no junior teaches any of: python above level 5")
        .run();
}

#[test]
fn unmatched_senior_whose_only_partner_is_better_used_elsewhere() {
    // S1-J1: teach 4*4/16 = 1, score 0.5; S2-J1: teach 4*3/16 = 0.75, score 0.375.
    let roster = "\
id,name,role,skills,wants
S1,Ann,senior,,ai:4
S2,Bob,senior,ai:2,ai:4
J1,Cat,junior,ai:5,
";
    let t = TestDir::new();
    t.write("r.csv", roster);
    t.rmatch()
        .args(["pair", "r.csv"])
        .stdout(lines(&[
            PAIR_HEADER,
            "paired,S1,Ann,J1,Cat,0.5000,1.0000,0.0000,0.0000,0.0000,Cat teaches Ann ai (level 5 vs 0).",
            // One junior place for two seniors: that is said first.
            "unmatched,S2,Bob,,,,,,,,\"there is 1 junior place for 2 seniors, so at least 1 senior cannot be paired this cycle; of those, Bob was left out because the only allowed partner is better used elsewhere; best alternative J1 Cat (score 0.3750)\"",
        ]))
        .run();
    // Same with the score objective on LEX: S2 and J2 both lose out to S1-J1.
    t.write("lex.csv", LEX);
    t.rmatch()
        .args(["pair", "lex.csv", "--weights", TEACH_ONLY, "--objective", "score"])
        .stdout_has("unmatched,S2,Bob,,,,,,,,the only allowed partner is better used elsewhere; best alternative J1 Cat (score 0.0500)")
        .stdout_has("unmatched,,,J2,Dan,,,,,,the only allowed partner is better used elsewhere; best alternative S1 Ann (score 0.2500)")
        .run();
}

// ---------------------------------------------------------------------------
// 9. stdin
// ---------------------------------------------------------------------------

#[test]
fn roster_from_stdin() {
    let t = TestDir::new();
    t.rmatch()
        .args(["pair", "-"])
        .stdin(TINY)
        .stdout(tiny_csv())
        .stderr_has("rmatch: 2 pairs")
        .run();
    t.rmatch()
        .args(["scores", "-"])
        .stdin(TINY)
        .stdout_has(format!("{SCORES_HEADER}\n"))
        .run();
    t.rmatch()
        .args(["pair", "-"])
        .stdin("id,role\nA,boss\n")
        .code(3)
        .stdout("")
        .stderr_has("error: <stdin>, line 2, column 2 (role): role \"boss\"")
        .run();
}

#[test]
fn history_ids_not_in_the_roster_are_counted_with_examples() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    let mut history = String::from("status,senior_id,junior_id\npaired,S1,J1\n");
    for i in 1..=7 {
        history.push_str(&format!("paired,S1,GONE{i}\n"));
    }
    history.push_str("unmatched,LEFT,\n");
    t.write("cycle1.csv", history);
    t.rmatch()
        .args(["pair", "r.csv", "--history", "cycle1.csv"])
        .stdout_lacks("paired,S1,Sam,J1,")
        .stderr_has("warning: cycle1.csv: 8 ids are not in the roster (GONE1, GONE2, GONE3, GONE4, GONE5, and 3 more); their rows are left out (people who have left, or a typo, or another roster's file)")
        .run();
    // A file whose people are all in the roster says nothing.
    t.write("cycle2.csv", "status,senior_id,junior_id\npaired,S1,J1\n");
    t.rmatch()
        .args(["pair", "r.csv", "--history", "cycle2.csv"])
        .stderr_lacks("warning")
        .run();
}

/// A score of exactly `--min-score` is allowed everywhere alike: 0.3 x 1/3
/// is 0.0999... in floating point, and the pairing (which compares in
/// score units) made the pair while the lock check and `explain` (which
/// compared the float) called it below the minimum (exit 6, "not allowed").
#[test]
fn a_score_of_exactly_the_minimum_is_allowed_for_locks_and_explain_too() {
    let t = TestDir::new();
    t.write(
        "r.csv",
        "id,role,skills,wants\nS1,senior,,ai;tiktok;excel\nJ1,junior,ai:5,\n",
    );
    let rules = [
        "--weights",
        "teach=0.3,learn=0,interests=0,diversity=0",
        "--min-score",
        "0.1",
    ];
    for lock in [&[][..], &["--lock", "S1:J1"][..]] {
        let ran = t
            .rmatch()
            .args(["pair", "r.csv", "--format", "csv", "-q"])
            .args(rules)
            .args(lock)
            .run();
        assert!(
            ran.stdout.contains("\npaired,S1,S1,J1,J1,0.1000,"),
            "{}",
            ran.stdout
        );
    }
    let ran = t
        .rmatch()
        .args(["explain", "r.csv", "S1", "J1", "-q"])
        .args(rules)
        .run();
    assert!(ran.stdout.contains("\npaired: "), "{}", ran.stdout);
}
