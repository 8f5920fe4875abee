//! Quotas through the binary: the exact search by default, what the rules
//! cost, `--require-optimal`, and rules that cannot hold said at once.

use super::*;

/// Two seniors and two juniors. With teach weight 1 (teach = priority x
/// min(level gap, 4) / (4 x priority)): S1-J1 = 4*4/16 = 1.0 and S2-J2 =
/// 1.0, both within one department; across departments S1-J2 = 4*2/16 =
/// 0.5 and S2-J1 = 4*1/16 = 0.25. Best pairing 2.0; with no pair inside a
/// department, 0.75.
const DEPARTMENTS: &str = "\
id,role,skills,wants,department
S1,senior,,ai:4,Sales
S2,senior,,ml:4,IT
J1,junior,ai:5;ml:1,,Sales
J2,junior,ml:5;ai:2,,IT
";
const TEACH: &str = "teach=1,learn=0,interests=0,diversity=0";

#[test]
fn a_binding_quota_is_solved_exactly_and_says_what_it_cost() {
    let t = TestDir::new();
    t.write("r.csv", DEPARTMENTS);
    let ran = t
        .rmatch()
        .args([
            "pair",
            "r.csv",
            "--weights",
            TEACH,
            "--max-same",
            "department=0",
        ])
        .args(["--format", "json", "--no-timing"])
        .stderr_has("the quotas cost 1.2500 of total score against the best pairing without them (2 pairs, total score 2.0000)")
        .run();
    let doc = ran.json();
    let s = &doc["summary"];
    assert_eq!(s["status"], "optimal");
    assert_eq!(s["solver"], "flow");
    assert_eq!(json_paired(&doc), ["S1-J2", "S2-J1"]);
    assert_eq!(s["without_quotas"]["pairs"], 2);
    assert_eq!(s["without_quotas"]["total_score"], 2.0);
    assert_eq!(s["total_score"], 0.75);
    assert!(
        s["proof"].as_str().unwrap().contains("branch and bound"),
        "{}",
        s["proof"]
    );
}

/// The same quota with a third pair locked: the pairing and the best one
/// without the quotas both hold the locked pair, so what the quotas cost
/// is measured whole (it was once measured without the locked pair on one
/// side only, and said 0.25 against 2 pairs).
#[test]
fn what_a_quota_costs_counts_the_locked_pairs_on_both_sides() {
    let t = TestDir::new();
    t.write(
        "r.csv",
        format!("{DEPARTMENTS}S3,senior,,ai:4,HR\nJ3,junior,ai:5,,Ops\n"),
    );
    let ran = t
        .rmatch()
        .args(["pair", "r.csv", "--weights", TEACH])
        .args(["--max-same", "department=0", "--lock", "S3:J3"])
        .args(["--format", "json", "--no-timing"])
        .stderr_has("the quotas cost 1.2500 of total score against the best pairing without them (3 pairs, total score 3.0000)")
        .run();
    let doc = ran.json();
    let s = &doc["summary"];
    assert_eq!(json_paired(&doc), ["S1-J2", "S2-J1", "S3-J3"]);
    assert_eq!(s["total_score"], 1.75);
    assert_eq!(s["without_quotas"]["pairs"], 3);
    assert_eq!(s["without_quotas"]["total_score"], 3.0);
}

#[test]
fn require_optimal_fails_and_writes_nothing_when_not_proven() {
    let t = TestDir::new();
    let roster = rmatch_synth::roster_string(&rmatch_synth::SynthSpec {
        seniors: 300,
        juniors: 600,
        seed: 5,
        dominant_department: None,
    });
    t.write("big.csv", roster);
    t.rmatch()
        .args(["pair", "big.csv", "--max-same", "location=0.02"])
        .args([
            "--time-limit",
            "0.000001",
            "--require-optimal",
            "-o",
            "out.csv",
        ])
        .code(1)
        .stderr_has("is not proven optimal")
        .stderr_has("--require-optimal was given, so nothing was written")
        .run();
    assert!(!t.exists("out.csv"));
    // Without the flag the same run writes a valid pairing, not proven.
    let ran = t
        .rmatch()
        .args(["pair", "big.csv", "--max-same", "location=0.02"])
        .args(["--time-limit", "0.000001", "--format", "json"])
        .run();
    let s = &ran.json()["summary"];
    assert_eq!(s["status"], "not proven");
    assert!(s["pairs"].as_u64().unwrap() > 0);
    assert!(s["bound"]["bound"].as_f64() >= s["bound"]["value"].as_f64());
}

#[test]
fn exact_shares_no_pairing_can_meet_are_refused_at_once() {
    let t = TestDir::new();
    t.write(
        "r.csv",
        "id,role,skills,wants,generation\nS1,senior,,ai,x\nS2,senior,,ai,x\n\
         J1,junior,ai:5,,a\nJ2,junior,ai:5,,b\nJ3,junior,ai:5,,c\n",
    );
    t.rmatch()
        .args(["pair", "r.csv", "--fair", "generation=0"])
        .code(6)
        .stdout("")
        .stderr_has("the rule --fair generation=0 cannot hold")
        .stderr_has("no number of pairs from 1 to 2 gives those")
        .run();
}

#[test]
fn rules_that_leave_only_the_empty_pairing_exit_6() {
    // Every allowed pair is within one department.
    let t = TestDir::new();
    t.write(
        "r.csv",
        "id,role,skills,wants,department\nS1,senior,,ai,Sales\nJ1,junior,ai:5,,Sales\n",
    );
    for solver in ["flow", "ip"] {
        t.rmatch()
            .args([
                "pair",
                "r.csv",
                "--max-same",
                "department=0",
                "--solver",
                solver,
            ])
            .code(6)
            .stdout("")
            .stderr_has("the rule --max-same department=0 cannot hold")
            .run();
    }
}

/// Three seniors and two juniors of three generations: with S1-J1 and
/// S2-J2 locked, `--fair generation=0.05` allows no third pair.
const LOCKED_FAIR: &str = "id,role,skills,wants,generation,capacity\n\
    S1,senior,,ai,X,1\nS2,senior,,ai,Boomer,1\nS3,senior,,ai,Z,1\n\
    J1,junior,ai:5,,Boomer,1\nJ2,junior,ai:5,,X,2\n";

/// The locked pairs alone meet `--fair` (one junior of each generation)
/// while a third pair would break it: the answer is the locked pairs, as
/// `--solver ip` finds. The flow search once took "no free pair" for "no
/// pairing" and refused the rule (exit 6, "no number of pairs from 1 to 1").
#[test]
fn locked_pairs_that_alone_meet_a_quota_are_the_pairing() {
    let t = TestDir::new();
    t.write("r.csv", LOCKED_FAIR);
    for solver in ["flow", "ip"] {
        let ran = t
            .rmatch()
            .args(["pair", "r.csv", "--fair", "generation=0.05"])
            .args(["--lock", "S2:J2", "--lock", "S1:J1", "--solver", solver])
            .args(["--format", "json", "--no-timing"])
            .run();
        let doc = ran.json();
        assert_eq!(json_paired(&doc), ["S1-J1", "S2-J2"], "{solver}");
        assert_eq!(doc["summary"]["status"], "optimal", "{solver}");
    }
}

/// S3's only partner with a place (J2) is not used elsewhere: the --fair
/// quota keeps the pair out, and S3's reason says so (it once said only
/// "better used elsewhere").
#[test]
fn an_unmatched_reason_names_the_quotas_that_can_keep_a_partner_out() {
    let t = TestDir::new();
    t.write("r.csv", LOCKED_FAIR);
    t.rmatch()
        .args(["pair", "r.csv", "--fair", "generation=0.05", "-q"])
        .args(["--lock", "S2:J2", "--lock", "S1:J1", "--format", "csv"])
        .stdout_has("unmatched,S3,S3,,,,,,,,the only allowed partner is better used elsewhere or ruled out by the quota (--fair generation=0.05); best alternative J2 (score 0.7000)")
        .run();
}

#[test]
fn the_integer_program_covers_every_allowed_pair() {
    // Equal scores everywhere: every senior's best partners are the same
    // few juniors, which is where a candidate-only model loses pairs.
    let t = TestDir::new();
    let mut roster = String::from("id,role,skills,wants\n");
    for i in 0..8 {
        roster.push_str(&format!("S{i},senior,,ai\n"));
    }
    for i in 0..16 {
        roster.push_str(&format!("J{i:02},junior,ai:5,\n"));
    }
    t.write("r.csv", roster);
    let ran = t
        .rmatch()
        .args(["pair", "r.csv", "--solver", "ip", "--candidates", "1"])
        .args(["--format", "json"])
        .run();
    let s = &ran.json()["summary"];
    assert_eq!(s["pairs"], 8);
    assert_eq!(s["status"], "optimal");
}

/// `explain` forces a pair by locking it: when a quota then cannot hold,
/// it says that the lock is its own, not the coordinator's, and gives no
/// advice to unlock pairs nobody locked.
#[test]
fn explain_says_a_pair_a_quota_rules_out_cannot_be_forced_in_its_own_words() {
    let t = TestDir::new();
    t.write("r.csv", DEPARTMENTS);
    t.rmatch()
        .args(["explain", "r.csv", "S1", "J1", "--weights", TEACH])
        .args(["--max-same", "department=0"])
        .stdout_has("not paired; it cannot be forced: with this pair locked in (as --lock S1:J1 would), the rule --max-same department=0 cannot hold with the locked pairs; --max-same department=0: 1 of the 1 locked pairs are in its group (100%, above the 0% allowed), and not enough other pairs can be made to bring the share down; so no pairing under these rules can hold it\n")
        .stdout_lacks("Unlock")
        .run();
}
