//! Stated preferences and stability (issue 15): the blocking pairs of every
//! pairing of small random rosters (up to 4 × 4, capacities up to 2),
//! counted here from the raw `prefers` lists, independently of rmatch's
//! code, against `stable::blocking_pairs`; `--stable` against the best
//! pairing without a blocking pair found by exhaustive search; and the
//! feature through the binary (the column's errors, the score part, the
//! summary, JSON and report, the refusals).

use proptest::prelude::*;
use rmatch::roster::{self, ReadOptions};
use rmatch::rules::{self, RuleSpec};
use rmatch::scoring::{Scorer, Weights};
use rmatch::solve::{self, stable, SolveOptions};

use crate::support::TestDir;

const TOPICS: [&str; 2] = ["ai", "go"];

#[derive(Clone, Debug)]
struct Person {
    wants: Vec<(usize, u8)>,
    skills: Vec<(usize, u8)>,
    capacity: u32,
    /// Indices into the other side, most wanted first.
    prefers: Vec<usize>,
}

fn side(n: usize, others: usize) -> impl Strategy<Value = Vec<Person>> {
    prop::collection::vec(
        (
            prop::collection::vec((0..2usize, 1..=5u8), 1..3),
            prop::collection::vec((0..2usize, 1..=5u8), 1..3),
            prop_oneof![3 => Just(1u32), 3 => Just(2u32), 1 => Just(0u32)],
            prop::sample::subsequence((0..others).collect::<Vec<_>>(), 0..=others).prop_shuffle(),
        )
            .prop_map(|(wants, skills, capacity, prefers)| Person {
                wants,
                skills,
                capacity,
                prefers,
            }),
        n,
    )
}

/// Seniors, juniors, and maybe a lock (senior, junior).
fn roster() -> impl Strategy<Value = (Vec<Person>, Vec<Person>, Option<(usize, usize)>)> {
    (1..=4usize, 2..=4usize).prop_flat_map(|(ns, nj)| {
        (
            side(ns, nj),
            side(nj, ns),
            prop::option::weighted(0.25, (0..ns, 0..nj)),
        )
    })
}

fn list(items: &[(usize, u8)]) -> String {
    items
        .iter()
        .map(|(t, l)| format!("{}:{l}", TOPICS[*t]))
        .collect::<Vec<_>>()
        .join(";")
}

/// Ids S0.., J0..: the roster's sorted order is the generated order.
fn csv(seniors: &[Person], juniors: &[Person]) -> String {
    let mut text = String::from("id,role,skills,wants,capacity,prefers\n");
    for (tag, role, people, other) in [("S", "senior", seniors, "J"), ("J", "junior", juniors, "S")]
    {
        for (i, p) in people.iter().enumerate() {
            let prefers: Vec<String> = p.prefers.iter().map(|k| format!("{other}{k}")).collect();
            // Seniors teach little and juniors much, so that most pairs
            // are allowed.
            let skills: Vec<(usize, u8)> = p
                .skills
                .iter()
                .map(|&(t, l)| {
                    if role == "senior" {
                        (t, l.min(2))
                    } else {
                        (t, l.max(3))
                    }
                })
                .collect();
            text.push_str(&format!(
                "{tag}{i},{role},{},{},{},{}\n",
                list(&skills),
                if role == "senior" {
                    list(&p.wants)
                } else {
                    String::new()
                },
                p.capacity,
                prefers.join(";")
            ));
        }
    }
    text
}

/// A person's rank of someone as this test reads the raw list: the
/// position, or "not listed" (all tied, below everyone listed).
fn rank(list: &[usize], other: usize) -> usize {
    list.iter().position(|&k| k == other).unwrap_or(usize::MAX)
}

/// Blocking pairs of `chosen` (pairs, the lock marked), by this test's own
/// reading of the definition: (by stated preference, by stated preference
/// then score).
fn blocking(
    seniors: &[Person],
    juniors: &[Person],
    allowed: &[(usize, usize, i64)],
    chosen: &[(usize, usize, bool)],
) -> (usize, usize) {
    let units = |s: usize, j: usize| allowed.iter().find(|a| a.0 == s && a.1 == j).unwrap().2;
    // Would `me` (with list `prefers`, capacity, partners) take `other`?
    let takes = |prefers: &[usize],
                 capacity: u32,
                 partners: &[(usize, bool, i64)],
                 other: usize,
                 u: i64| {
        if (partners.len() as u32) < capacity {
            return (true, true);
        }
        let r = rank(prefers, other);
        let stated = partners
            .iter()
            .any(|&(p, locked, _)| !locked && r < rank(prefers, p));
        let scored = partners
            .iter()
            .any(|&(p, locked, pu)| !locked && (r, -u) < (rank(prefers, p), -pu));
        (stated, scored)
    };
    let (mut stated, mut scored) = (0, 0);
    for &(s, j, u) in allowed {
        if chosen.iter().any(|c| c.0 == s && c.1 == j) {
            continue;
        }
        let of_s: Vec<(usize, bool, i64)> = chosen
            .iter()
            .filter(|c| c.0 == s)
            .map(|c| (c.1, c.2, units(c.0, c.1)))
            .collect();
        let of_j: Vec<(usize, bool, i64)> = chosen
            .iter()
            .filter(|c| c.1 == j)
            .map(|c| (c.0, c.2, units(c.0, c.1)))
            .collect();
        let a = takes(&seniors[s].prefers, seniors[s].capacity, &of_s, j, u);
        let b = takes(&juniors[j].prefers, juniors[j].capacity, &of_j, s, u);
        stated += usize::from(a.0 && b.0);
        scored += usize::from(a.1 && b.1);
    }
    (stated, scored)
}

/// Every pairing over `allowed` within the capacities, containing `lock`.
fn pairings(
    seniors: &[Person],
    juniors: &[Person],
    allowed: &[(usize, usize, i64)],
    lock: Option<(usize, usize)>,
) -> Vec<Vec<(usize, usize, bool)>> {
    let mut out = Vec::new();
    for mask in 0u32..(1 << allowed.len()) {
        let chosen: Vec<(usize, usize, bool)> = (0..allowed.len())
            .filter(|&k| mask >> k & 1 == 1)
            .map(|k| {
                (
                    allowed[k].0,
                    allowed[k].1,
                    Some((allowed[k].0, allowed[k].1)) == lock,
                )
            })
            .collect();
        if lock.is_some_and(|l| !chosen.iter().any(|c| (c.0, c.1) == l)) {
            continue;
        }
        let fits = (0..seniors.len())
            .all(|s| chosen.iter().filter(|c| c.0 == s).count() as u32 <= seniors[s].capacity)
            && (0..juniors.len())
                .all(|j| chosen.iter().filter(|c| c.1 == j).count() as u32 <= juniors[j].capacity);
        if fits {
            out.push(chosen);
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 250, ..ProptestConfig::default() })]

    /// On every pairing of a small roster, rmatch counts the blocking pairs
    /// this test counts, by both orders; and `--stable` returns the best
    /// pairing (most pairs, then score) with none by stated preference, or
    /// says that none keeps the lock.
    #[test]
    fn blocking_pairs_and_stable_match_brute_force(
        (seniors, juniors, lock) in roster(),
        weight in prop_oneof![Just(0.0), Just(1.0)],
    ) {
        let text = csv(&seniors, &juniors);
        let roster = roster::parse("r.csv", text.as_bytes(), &ReadOptions::default()).unwrap();
        let weights = Weights { preference: weight, ..Weights::default() };
        let plain = Scorer::new(&roster, weights);
        let mut allowed = Vec::new();
        for s in 0..roster.n_seniors {
            for j in 0..roster.n_juniors() {
                let (counts, rule) = plain.evaluate(s, j);
                if rule.is_none() {
                    allowed.push((s, j, plain.units(s, j, &counts)));
                }
            }
        }
        let lock = lock.filter(|l| allowed.iter().any(|a| (a.0, a.1) == *l));
        let mut spec = RuleSpec::default();
        if let Some((s, j)) = lock {
            spec.lock = vec![format!("S{s}:J{j}")];
        }
        let resolved = rules::resolve(&roster, &spec).unwrap();
        let scorer = Scorer::with_rules(&roster, weights, resolved.clone());
        let mut best: Option<(usize, i64)> = None;
        for chosen in pairings(&seniors, &juniors, &allowed, lock) {
            let ours = blocking(&seniors, &juniors, &allowed, &chosen);
            let report = stable::blocking_pairs(&scorer, &chosen, 5);
            prop_assert_eq!((report.stated, report.with_scores), ours, "{:?}", chosen);
            prop_assert!(report.worst.len() == ours.1.min(5));
            if ours.0 == 0 {
                let units = chosen.iter().map(|c| allowed.iter().find(|a| a.0 == c.0 && a.1 == c.1).unwrap().2).sum();
                let key = (chosen.len(), units);
                if best.is_none_or(|b| key > b) {
                    best = Some(key);
                }
            }
        }
        // Locked partners are never let go, so a lock only takes a place:
        // a weakly stable pairing always exists.
        let best = best.expect("a weakly stable pairing exists");
        // Without --stable, the integer program proves the same best as
        // the flow, to the unit (preference ranks give scores in thirds,
        // whose sums round differently from pairing to pairing).
        let unit_total = |s: &solve::Solution| -> (usize, i64) {
            (s.pairs.len(), s.pairs.iter().map(|p| scorer.units(p.senior, p.junior, &p.counts)).sum())
        };
        let flow = solve::solve(&scorer, &SolveOptions::default()).unwrap();
        let ip = solve::solve(&scorer, &SolveOptions { method: solve::Method::Ip, ..SolveOptions::default() }).unwrap();
        prop_assert!(flow.proven_optimal && ip.proven_optimal, "{}", ip.proof);
        prop_assert_eq!(unit_total(&ip), unit_total(&flow));
        let mut stable_rules = resolved;
        stable_rules.stable = true;
        let scorer = Scorer::with_rules(&roster, weights, stable_rules);
        let solution = solve::solve(&scorer, &SolveOptions::default()).unwrap();
        prop_assert!(solution.proven_optimal, "{}", solution.proof);
        let units: i64 = solution.pairs.iter().map(|p| scorer.units(p.senior, p.junior, &p.counts)).sum();
        prop_assert_eq!((solution.pairs.len(), units), best);
    }
}

const ROSTER: &str = "\
id,role,name,skills,wants,capacity,prefers
S1,senior,Ann Lee,,ai:3,1,J2
S2,senior,Bo Chen,,ai:3,1,
J1,junior,Cy Diaz,ai:5,,1,S1
J2,junior,Di Eng,ai:4,,1,S1
";

/// J1 teaches ai better, so the score pairs S1 with J1; but S1 and J2 list
/// each other first: a blocking pair by stated preference, named in the
/// summary, the JSON and the report. `--stable` pairs them instead and says
/// what that costs, and `--weights preference=1` does it through the score.
#[test]
fn stated_preferences_through_the_binary() {
    let dir = TestDir::new();
    dir.write("r.csv", ROSTER);
    let ran = dir
        .rmatch()
        .args([
            "pair",
            "r.csv",
            "--format",
            "json",
            "--no-timing",
            "--report",
            "r.html",
        ])
        .run();
    let json = ran.json();
    let stability = &json["summary"]["stability"];
    assert_eq!(stability["blocking_pairs"], 1, "{stability}");
    assert_eq!(stability["worst"][0]["senior_id"], "S1");
    assert_eq!(stability["worst"][0]["junior_id"], "J2");
    assert_eq!(stability["worst"][0]["by"], "stated preference");
    assert_eq!(
        stability["worst"][0]["why"],
        "S1 Ann Lee listed J2 Di Eng as first choice but has J1 Cy Diaz (not listed); J2 Di Eng listed S1 Ann Lee as first choice but has S2 Bo Chen (not listed)"
    );
    assert!(
        ran.stderr.contains("1 blocking pair by stated preference"),
        "{}",
        ran.stderr
    );
    let pairs: Vec<(String, String)> = json["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["senior_id"].as_str().unwrap().into(),
                p["junior_id"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [("S1".into(), "J1".into()), ("S2".into(), "J2".into())]
    );
    let report = dir.read("r.html");
    assert!(
        report.contains("Blocking pairs"),
        "the report has a stability section"
    );
    assert!(report.contains("listed J2 Di Eng as first choice"));

    for extra in [&["--stable"][..], &["--weights", "preference=1"][..]] {
        let ran = dir
            .rmatch()
            .args(["pair", "r.csv", "--format", "json", "--no-timing"])
            .args(extra)
            .run();
        let json = ran.json();
        assert_eq!(
            json["summary"]["stability"]["blocking_pairs"], 0,
            "{extra:?}"
        );
        assert_eq!(json["summary"]["status"], "optimal");
        let first = &json["pairs"][0];
        assert_eq!(
            (first["senior_id"].as_str(), first["junior_id"].as_str()),
            (Some("S1"), Some("J2"))
        );
        assert!(
            first["why"]
                .as_str()
                .unwrap()
                .contains("Ann Lee and Di Eng listed each other as first choice"),
            "{first}"
        );
        if extra == ["--stable"] {
            assert!(
                ran.stderr
                    .contains("the best pairing without --stable has 2 pairs"),
                "{}",
                ran.stderr
            );
            assert_eq!(json["summary"]["config"]["rules"]["stable"], true);
        } else {
            assert_eq!(json["summary"]["weights"]["preference"], 1.0);
        }
    }
}

/// Without a prefers column nothing about stability is said.
#[test]
fn no_prefers_column_no_stability_section() {
    let dir = TestDir::new();
    dir.write(
        "r.csv",
        "id,role,skills,wants\nS1,senior,,ai\nJ1,junior,ai:4,\n",
    );
    let ran = dir
        .rmatch()
        .args(["pair", "r.csv", "--format", "json", "--no-timing"])
        .run();
    assert!(ran.json()["summary"].get("stability").is_none());
    assert!(ran.json()["summary"]["weights"].get("preference").is_none());
    assert!(!ran.stderr.contains("blocking"));
}

#[test]
fn prefers_errors_name_the_place_and_the_fix() {
    let dir = TestDir::new();
    dir.write(
        "r.csv",
        "id,role,name,skills,wants,prefers\nS1,senior,Ann,,ai,J9;S2\nS2,senior,,,ai,\nJ1,junior,Sam,ai:4,,S1;S1\nJ2,junior,Sam,ai:4,,\nS3,senior,,,ai,Sam\n",
    );
    let ran = dir.rmatch().args(["pair", "r.csv"]).code(3).run();
    let errors = ran.error_lines();
    assert_eq!(
        errors,
        [
            "error: r.csv, line 2, column 6 (prefers): preferred \"J9\" is neither an id nor a name in the roster; write the id of someone on the junior side, or remove it",
            "error: r.csv, line 2, column 6 (prefers): preferred \"S2\" is a senior, S2, on the same side as S1; a preference may name only someone on the junior side",
            "error: r.csv, line 4, column 6 (prefers): S1 is listed twice in prefers (choices 1 and 2); list each person once, most wanted first",
            "error: r.csv, line 6, column 6 (prefers): preferred \"Sam\" is the name of 2 people (J1, J2); write the id of the one meant instead",
        ],
        "{}",
        ran.stderr
    );
}

#[test]
fn a_preference_for_a_name_written_another_way_is_that_person() {
    // A survey asks for names "First Last"; the export lists "Last, First".
    let dir = TestDir::new();
    dir.write(
        "r.csv",
        "id,role,name,skills,wants,prefers\n\
         S1,senior,Ann Lee,,ai,Kim Cole\n\
         J1,junior,\"Barone, Frank\",ai:4,,\n\
         J2,junior,\"Cole, Kim\",ai:4,,\"Lee, Ann\"\n",
    );
    dir.rmatch()
        .args(["pair", "r.csv", "--weights", "preference=0.3"])
        .stdout_has("Ann Lee and Cole, Kim listed each other as first choice.")
        .stderr_has("warning: r.csv, line 2, column 6 (prefers): 2 prefers entries are not ids but names of people in the roster written another way (from this line on; \"Kim Cole\" is J2, whose name is written \"Cole, Kim\"); each is taken as that person: write ids, as the id column does\n")
        .run();
    // Two people of the other side written so: which one is meant cannot
    // be told.
    dir.write(
        "two.csv",
        "id,role,name,skills,wants,prefers\n\
         S1,senior,Ann Lee,,ai,Kim Cole\n\
         J1,junior,\"Cole,Kim\",ai:4,,\n\
         J2,junior,\"Cole, Kim\",ai:4,,\n",
    );
    dir.rmatch()
        .args(["pair", "two.csv"])
        .code(3)
        .stderr("error: two.csv, line 2, column 6 (prefers): preferred \"Kim Cole\" is the name of 2 people (J1, J2); write the id of the one meant instead\n")
        .run();
}

#[test]
fn stable_refuses_what_it_cannot_do() {
    let dir = TestDir::new();
    dir.rmatch()
        .args([
            "generate",
            "--seniors",
            "60",
            "--juniors",
            "120",
            "-o",
            "big.csv",
        ])
        .run();
    // Too large for the exact program: deferred acceptance's stable
    // pairing, said to be not proven, with no blocking pair.
    let json = dir
        .rmatch()
        .args(["pair", "big.csv", "--stable", "--format", "json", "-q"])
        .run()
        .json();
    let summary = &json["summary"];
    assert_eq!(summary["status"], "not proven", "{summary}");
    assert!(
        summary["proof"]
            .as_str()
            .unwrap()
            .contains("more than the 1500 the exact stability program takes, this is the stable pairing deferred acceptance gives"),
        "{summary}"
    );
    assert_eq!(summary["stability"]["blocking_pairs"], 0, "{summary}");
    dir.write(
        "d.csv",
        "id,role,skills,wants,department,prefers\nS1,senior,,ai,HR,J1\nJ1,junior,ai:4,,HR,\n",
    );
    dir.rmatch()
        .args(["pair", "d.csv", "--stable", "--max-same", "department=0.5"])
        .code(2)
        .stderr_has("--stable does not combine with quotas")
        .run();
}

/// A locked partner is never let go: S1's only place is locked with J1,
/// so S1 and J2 do not block, and `--stable` keeps the lock.
#[test]
fn stable_keeps_a_lock_and_a_locked_place_blocks_nobody() {
    let dir = TestDir::new();
    dir.write("r.csv", ROSTER);
    let ran = dir
        .rmatch()
        .args([
            "pair",
            "r.csv",
            "--stable",
            "--lock",
            "S1:J1",
            "--format",
            "json",
            "--no-timing",
        ])
        .run();
    let json = ran.json();
    assert_eq!(json["summary"]["stability"]["blocking_pairs"], 0);
    assert_eq!(json["summary"]["pairs"], 2);
    assert!(json["pairs"][0]["why"]
        .as_str()
        .unwrap()
        .starts_with("Locked by the coordinator."));
}

/// `--stable` on generated rosters (managers, exclusions, capacities above
/// 2) with preferences: the fixture `stable/generated-10x20.csv` (66
/// allowed pairs, preferences drawn at random), and 20 seniors with 40
/// juniors, preferences drawn here. Each is proven optimal, and the pairing written has no blocking
/// pair by stated preference, counted by this test from `rmatch scores` and
/// the raw lists.
#[test]
fn stable_on_generated_rosters_has_no_blocking_pair() {
    let dir = TestDir::new();
    dir.write(
        "f.csv",
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/stable/generated-10x20.csv"
        ))
        .unwrap(),
    );
    dir.rmatch()
        .args([
            "generate",
            "--seniors",
            "20",
            "--juniors",
            "40",
            "--seed",
            "11",
            "-o",
            "g.csv",
        ])
        .run();
    let text = dir.read("g.csv");
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let col = |name: &str| header.split(',').position(|h| h == name).unwrap();
    let ids = |r: &str| -> Vec<&str> {
        rows.iter()
            .filter(|row| row[col("role")] == r)
            .map(|row| row[col("id")])
            .collect()
    };
    let (seniors, juniors) = (ids("senior"), ids("junior"));
    // A small linear congruential generator: the same lists every run.
    let mut state: u64 = 11;
    let mut next = |n: usize| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize % n
    };
    let mut out = format!("{header},prefers\n");
    for row in &rows {
        let others = if row[col("role")] == "senior" {
            &juniors
        } else {
            &seniors
        };
        let mut list: Vec<&str> = Vec::new();
        for _ in 0..next(5) {
            let o = others[next(others.len())];
            if !list.contains(&o) {
                list.push(o);
            }
        }
        out.push_str(&format!("{},{}\n", row.join(","), list.join(";")));
    }
    dir.write("p.csv", out);
    for (file, least) in [("f.csv", 60), ("p.csv", 200)] {
        check_stable(&dir, file, least);
    }
}

/// Runs `pair --stable` on `file` (plain CSV, `prefers` the last column)
/// and checks the result against the definition, independently.
fn check_stable(dir: &TestDir, file: &str, least: usize) {
    let text = dir.read(file);
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let prefers = |who: &str| -> Vec<&str> {
        let row = rows.iter().find(|r| r[col("id")] == who).unwrap();
        row[col("prefers")]
            .split(';')
            .filter(|s| !s.is_empty())
            .collect()
    };
    let cap = |who: &str| -> usize {
        rows.iter().find(|r| r[col("id")] == who).unwrap()[col("capacity")]
            .parse()
            .unwrap()
    };
    let ran = dir
        .rmatch()
        .args([
            "pair",
            file,
            "--stable",
            "--format",
            "json",
            "--no-timing",
            "-q",
        ])
        .run();
    let json = ran.json();
    assert_eq!(
        json["summary"]["status"], "optimal",
        "{file}: {}",
        json["summary"]["proof"]
    );
    assert_eq!(json["summary"]["stability"]["blocking_pairs"], 0, "{file}");
    let scores = dir.rmatch().args(["scores", file, "-q"]).run().stdout;
    let allowed: Vec<(String, String)> = scores
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f[2] == "true")
        .map(|f| (f[0].to_string(), f[1].to_string()))
        .collect();
    assert!(
        allowed.len() >= least,
        "{file}: {} allowed pairs",
        allowed.len()
    );
    let chosen: Vec<(String, String)> = json["pairs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            (
                p["senior_id"].as_str().unwrap().into(),
                p["junior_id"].as_str().unwrap().into(),
            )
        })
        .collect();
    let partners = |who: &str| -> Vec<String> {
        chosen
            .iter()
            .filter_map(|(s, j)| {
                if s == who {
                    Some(j.clone())
                } else if j == who {
                    Some(s.clone())
                } else {
                    None
                }
            })
            .collect()
    };
    let rank = |who: &str, other: &str| {
        prefers(who)
            .iter()
            .position(|o| *o == other)
            .unwrap_or(usize::MAX)
    };
    let takes = |who: &str, other: &str| {
        let mine = partners(who);
        mine.len() < cap(who) || mine.iter().any(|p| rank(who, other) < rank(who, p))
    };
    let blocking: Vec<&(String, String)> = allowed
        .iter()
        .filter(|pair| !chosen.contains(pair) && takes(&pair.0, &pair.1) && takes(&pair.1, &pair.0))
        .collect();
    assert!(blocking.is_empty(), "{file}: {blocking:?}");
}

/// The same roster in another row order gives the same bytes: the blocking
/// pairs listed, and `--stable`'s pairing among equally good ones.
#[test]
fn stability_outputs_do_not_depend_on_row_order() {
    let dir = TestDir::new();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/stable/generated-10x20.csv"
    ))
    .unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    let header = lines.remove(0);
    dir.write("a.csv", format!("{header}\n{}\n", lines.join("\n")));
    lines.reverse();
    dir.write("b.csv", format!("{header}\n{}\n", lines.join("\n")));
    for extra in [&[][..], &["--stable"][..]] {
        let run = |file: &str| {
            dir.rmatch()
                .args(["pair", file, "--format", "json", "--no-timing", "-q"])
                .args(extra)
                .run()
                .stdout
        };
        let a = run("a.csv");
        assert!(a.contains("\"blocking_pairs\""));
        assert_eq!(a, run("b.csv"), "{extra:?}");
    }
}

/// `--stable` when its integer program cannot finish in the time limit
/// (a generated 30 x 60 roster, 607 allowed pairs, that takes microlp
/// about 90 s): the answer is deferred acceptance's stable pairing, said to
/// be not proven, with no blocking pair by stated preference, instead of
/// no pairing at all.
#[test]
fn stable_answers_with_deferred_acceptance_when_the_program_runs_out_of_time() {
    let dir = TestDir::new();
    dir.write(
        "r.csv",
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/stable/generated-30x60.csv"
        ))
        .unwrap(),
    );
    let json = dir
        .rmatch()
        .args([
            "pair",
            "r.csv",
            "--stable",
            "--time-limit",
            "1",
            "--format",
            "json",
            "-q",
        ])
        .run()
        .json();
    let summary = &json["summary"];
    assert_eq!(summary["status"], "not proven", "{summary}");
    assert!(
        summary["proof"]
            .as_str()
            .unwrap()
            .contains("the stable pairing deferred acceptance gives"),
        "{summary}"
    );
    assert_eq!(summary["stability"]["blocking_pairs"], 0, "{summary}");
    assert_eq!(summary["pairs"], 31, "{summary}");
}

/// With a lock, the pairing and the best one without `--stable` are both
/// counted whole (the locked pair in each), so what stability costs is a
/// like-for-like comparison.
#[test]
fn what_stability_costs_counts_the_locked_pairs_on_both_sides() {
    let dir = TestDir::new();
    dir.write(
        "t.csv",
        "id,name,role,skills,wants,capacity,prefers\n\
         S1,Ann Lee,senior,a:5;b:3,x:4;y:2,1,J2;J1\n\
         S2,Bo Chen,senior,b:5,y:4,1,J2\n\
         J1,Cy Diaz,junior,x:5;y:3,a:4,1,S2\n\
         J2,Di Eng,junior,y:5,b:4;a:3,1,S1\n\
         J3,Ed Fox,junior,x:2,a:2,1,\n",
    );
    let json = dir
        .rmatch()
        .args([
            "pair", "t.csv", "--stable", "--lock", "S1:J1", "--format", "json", "-q",
        ])
        .run()
        .json();
    let summary = &json["summary"];
    assert_eq!(summary["pairs"], 2, "{summary}");
    assert_eq!(
        summary["stability"]["without_stable"]["pairs"], 2,
        "{summary}"
    );
    assert_eq!(summary["status"], "optimal", "{summary}");
}

#[test]
fn a_preference_weight_without_a_prefers_column_is_warned_about() {
    let dir = TestDir::new();
    dir.write(
        "r.csv",
        "id,role,skills,wants\nS1,senior,,ai\nJ1,junior,ai:5,\n",
    );
    dir.rmatch()
        .args(["pair", "r.csv", "--weights", "preference=1", "-o", "p.csv"])
        .stderr_has("warning: r.csv: the preference weight is 1 but the roster has no prefers column, so the part is 0 for every pair; add a prefers column (see the README's stated preferences)\n")
        .run();
}
