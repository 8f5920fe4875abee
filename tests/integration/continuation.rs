//! `rmatch pair --continue LAST`: drop-outs, late joiners and changed
//! capacities on small random rosters, through the binary, against a fresh
//! exact solve with the kept pairs passed as `--locks` and against an
//! exhaustive search over every pairing that keeps them.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use rmatch::roster::{self, ReadOptions, Roster};
use rmatch::rules::{self, RuleSpec};
use rmatch::scoring::{Scorer, Weights};

use crate::support::TestDir;

const TOPICS: [&str; 4] = ["ai", "tiktok", "fintech", "strategy"];

/// A small deterministic generator (xorshift), so every case can be
/// replayed from its seed.
pub(crate) struct Rng(pub(crate) u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    pub(crate) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Person {
    id: String,
    senior: bool,
    skills: String,
    wants: String,
    department: u64,
    capacity: u64,
}

pub(crate) fn random_person(rng: &mut Rng, id: String) -> Person {
    let senior = rng.chance(45);
    let topics = |rng: &mut Rng, lo: u64, hi: u64| {
        let n = 1 + rng.below(2);
        (0..n)
            .map(|_| {
                format!(
                    "{}:{}",
                    TOPICS[rng.below(4) as usize],
                    lo + rng.below(hi - lo + 1)
                )
            })
            .collect::<Vec<_>>()
            .join(";")
    };
    Person {
        id,
        senior,
        skills: if senior {
            topics(rng, 1, 2)
        } else {
            topics(rng, 2, 5)
        },
        wants: topics(rng, 1, 5),
        department: rng.below(3),
        capacity: [1, 1, 1, 2, 2, 0][rng.below(6) as usize],
    }
}

pub(crate) fn roster_csv(people: &[Person]) -> String {
    let mut text = String::from("id,role,skills,wants,department,capacity\n");
    for p in people {
        text.push_str(&format!(
            "{},{},{},{},d{},{}\n",
            p.id,
            if p.senior { "senior" } else { "junior" },
            p.skills,
            p.wants,
            p.department,
            p.capacity
        ));
    }
    text
}

/// The pairs of a `--format json` run: (senior id, junior id) -> change.
fn pairs_of(json: &Value, key: &str) -> BTreeMap<(String, String), String> {
    json[key]
        .as_array()
        .unwrap_or_else(|| panic!("no {key} array"))
        .iter()
        .map(|r| {
            (
                (
                    r["senior_id"].as_str().unwrap().to_string(),
                    r["junior_id"].as_str().unwrap().to_string(),
                ),
                r["change"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

/// The most pairs, then the highest total units, over every pairing of
/// `scorer`'s free places (locked pairs aside), by exhaustive search.
fn brute_force(scorer: &Scorer) -> (usize, i64) {
    #[allow(clippy::too_many_arguments)]
    fn pick(
        allowed: &[Vec<(usize, i64)>],
        senior_left: &[u32],
        junior_left: &mut [u32],
        s: usize,
        from: usize,
        taken: u32,
        acc: (usize, i64),
        best: &mut (usize, i64),
    ) {
        if s == allowed.len() {
            *best = (*best).max(acc);
            return;
        }
        pick(allowed, senior_left, junior_left, s + 1, 0, 0, acc, best);
        if taken == senior_left[s] {
            return;
        }
        for k in from..allowed[s].len() {
            let (j, units) = allowed[s][k];
            if junior_left[j] > 0 {
                junior_left[j] -= 1;
                let next = (acc.0 + 1, acc.1 + units);
                pick(
                    allowed,
                    senior_left,
                    junior_left,
                    s,
                    k + 1,
                    taken + 1,
                    next,
                    best,
                );
                junior_left[j] += 1;
            }
        }
    }
    let locked: BTreeSet<(usize, usize)> = scorer.rules.locked.iter().copied().collect();
    let allowed: Vec<Vec<(usize, i64)>> = (0..scorer.n_seniors())
        .map(|s| {
            (0..scorer.n_juniors())
                .filter(|&j| !locked.contains(&(s, j)))
                .filter_map(|j| {
                    let (counts, rule) = scorer.evaluate(s, j);
                    rule.is_none().then(|| (j, scorer.units(s, j, &counts)))
                })
                .collect()
        })
        .collect();
    let mut junior_left = scorer.junior_left.clone();
    let mut best = (0, 0);
    pick(
        &allowed,
        &scorer.senior_left,
        &mut junior_left,
        0,
        0,
        0,
        (0, 0),
        &mut best,
    );
    best
}

/// Total units of named pairs.
fn units(scorer: &Scorer, roster: &Roster, pairs: &BTreeMap<(String, String), String>) -> i64 {
    pairs
        .keys()
        .map(|(a, b)| {
            let s = roster.find_senior(a).unwrap();
            let j = roster.find_junior(b).unwrap();
            scorer.units(s, j, &scorer.counts(s, j))
        })
        .sum()
}

/// Random last pairings, then random drop-outs, joiners, capacity and
/// role changes and new rules: `--continue` keeps exactly the last pairs
/// still allowed (best score first when places ran short), and its pairing
/// is the best one that keeps them: equal to a fresh run with them as
/// `--locks` and to an exhaustive search.
#[test]
fn continue_is_the_best_pairing_that_keeps_the_allowed_last_pairs() {
    let dir = TestDir::new();
    let mut ended_seen = 0;
    let mut kept_seen = 0;
    let mut new_seen = 0;
    for seed in 1..=150u64 {
        let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let n = 5 + rng.below(6) as usize;
        let before: Vec<Person> = (0..n)
            .map(|i| random_person(&mut rng, format!("P{i:02}")))
            .collect();
        // A random last pairing (not necessarily a good one, nor allowed
        // now), with a repeated row and an unmatched row now and then.
        let seniors: Vec<&Person> = before.iter().filter(|p| p.senior).collect();
        let juniors: Vec<&Person> = before.iter().filter(|p| !p.senior).collect();
        let mut last = String::from("status,senior_id,junior_id,why\n");
        for s in &seniors {
            for j in &juniors {
                if rng.chance(30) {
                    last.push_str(&format!("paired,{},{},x\n", s.id, j.id));
                    if rng.chance(5) {
                        last.push_str(&format!("paired,{},{},again\n", s.id, j.id));
                    }
                }
            }
        }
        if let Some(j) = juniors.first() {
            last.push_str(&format!("unmatched,,{},y\n", j.id));
        }
        // Every other case, the last pairs are rmatch's own best pairing
        // of the roster as it was (kept or ended as people change).
        if seed % 2 == 0 && !seniors.is_empty() && !juniors.is_empty() {
            dir.write("before.csv", roster_csv(&before));
            last = dir.rmatch().args(["pair", "before.csv", "-q"]).run().stdout;
        }
        // This cycle: some leave, some change capacity or side, some join.
        let mut after: Vec<Person> = Vec::new();
        for p in &before {
            if rng.chance(15) {
                continue;
            }
            let mut p = p.clone();
            if rng.chance(20) {
                p.capacity = rng.below(3);
            }
            if rng.chance(4) {
                p.senior = !p.senior;
            }
            after.push(p);
        }
        for k in 0..rng.below(3) {
            after.push(random_person(&mut rng, format!("N{k:02}")));
        }
        // The id columns of the last pairs file, by name.
        let header: Vec<&str> = last.lines().next().unwrap().split(',').collect();
        let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
        let (sc, jc) = (column("senior_id"), column("junior_id"));
        let mut flags: Vec<String> = Vec::new();
        if rng.chance(30) {
            flags.extend(["--must-differ".into(), "department".into()]);
        }
        if rng.chance(30) {
            // Forbid a last pair whose two people are still here.
            let here =
                |id: &str, senior: bool| after.iter().any(|p| p.id == id && p.senior == senior);
            let still = last
                .lines()
                .filter(|l| l.starts_with("paired"))
                .map(|l| l.split(',').collect::<Vec<&str>>())
                .find(|c| here(c[sc], true) && here(c[jc], false));
            if let Some(cells) = still {
                flags.extend(["--forbid".into(), format!("{}:{}", cells[sc], cells[jc])]);
            }
        }
        // Drop-outs may leave one side empty: that roster is not a pairing
        // problem, skip it.
        if !after.iter().any(|p| p.senior) || after.iter().all(|p| p.senior) {
            continue;
        }
        let roster_text = roster_csv(&after);
        dir.write("roster.csv", &roster_text)
            .write("last.csv", &last);

        // What --continue must keep, worked out here from the rules.
        let mut spec = RuleSpec::default();
        let mut it = flags.iter();
        while let Some(flag) = it.next() {
            let value = it.next().unwrap().clone();
            match flag.as_str() {
                "--must-differ" => spec.must_differ.push(value),
                _ => spec.forbid.push(value),
            }
        }
        let options = ReadOptions {
            rule_attributes: spec.attributes(),
            ..ReadOptions::default()
        };
        let roster =
            roster::parse("roster.csv", roster_text.as_bytes(), &options).expect("valid roster");
        let rules = rules::resolve(&roster, &spec).expect("rules hold");
        let scorer = Scorer::with_rules(&roster, Weights::default(), rules.clone());
        let mut candidates: Vec<(i64, usize, usize)> = Vec::new();
        let mut distinct = BTreeSet::new();
        for line in last.lines().skip(1).filter(|l| l.starts_with("paired")) {
            let cells: Vec<&str> = line.split(',').collect();
            if !distinct.insert((cells[sc].to_string(), cells[jc].to_string())) {
                continue;
            }
            let (Some(s), Some(j)) = (roster.find_senior(cells[sc]), roster.find_junior(cells[jc]))
            else {
                continue;
            };
            let (counts, rule) = scorer.evaluate(s, j);
            if rule.is_none() {
                candidates.push((scorer.units(s, j, &counts), s, j));
            }
        }
        candidates.sort_by(|x, y| y.0.cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
        let mut senior_left: Vec<u32> = roster.seniors().iter().map(|p| p.capacity).collect();
        let mut junior_left: Vec<u32> = roster.juniors().iter().map(|p| p.capacity).collect();
        let mut expected_kept = BTreeSet::new();
        for (_, s, j) in candidates {
            if senior_left[s] > 0 && junior_left[j] > 0 {
                senior_left[s] -= 1;
                junior_left[j] -= 1;
                expected_kept.insert((roster.senior(s).id.clone(), roster.junior(j).id.clone()));
            }
        }

        let mut args: Vec<String> = vec![
            "pair".into(),
            "roster.csv".into(),
            "--continue".into(),
            "last.csv".into(),
            "--format".into(),
            "json".into(),
            "--no-timing".into(),
            "-q".into(),
        ];
        args.extend(flags.iter().cloned());
        let continued = dir.rmatch().args(&args).run().json();
        let pairs = pairs_of(&continued, "pairs");
        let ended = pairs_of(&continued, "ended");
        let kept: BTreeSet<(String, String)> = pairs
            .iter()
            .filter(|(_, c)| *c == "kept")
            .map(|(p, _)| p.clone())
            .collect();
        assert_eq!(kept, expected_kept, "seed {seed}: kept pairs");
        assert!(
            pairs.values().all(|c| c == "kept" || c == "new"),
            "seed {seed}"
        );
        assert!(ended.values().all(|c| c == "ended"), "seed {seed}");
        assert_eq!(
            kept.len() + ended.len(),
            distinct.len(),
            "seed {seed}: every distinct last pair is kept or ended\n{last}\n{continued}"
        );
        assert!(ended.keys().all(|p| !pairs.contains_key(p)), "seed {seed}");
        let summary = &continued["summary"];
        assert_eq!(summary["pairs"].as_u64(), Some(pairs.len() as u64));
        assert_eq!(
            summary["continued"]["kept"].as_u64(),
            Some(kept.len() as u64)
        );
        assert_eq!(
            summary["continued"]["ended"].as_u64(),
            Some(ended.len() as u64)
        );
        assert_eq!(summary["status"], "optimal", "seed {seed}");
        kept_seen += kept.len();
        ended_seen += ended.len();
        new_seen += pairs.len() - kept.len();

        // A fresh exact solve with the kept pairs locked.
        let mut locks = String::from("senior_id,junior_id\n");
        for (a, b) in &kept {
            locks.push_str(&format!("{a},{b}\n"));
        }
        dir.write("kept.csv", &locks);
        let mut args: Vec<String> = vec![
            "pair".into(),
            "roster.csv".into(),
            "--locks".into(),
            "kept.csv".into(),
            "--format".into(),
            "json".into(),
            "--no-timing".into(),
            "-q".into(),
        ];
        args.extend(flags.iter().cloned());
        let locked = dir.rmatch().args(&args).run().json();
        let locked_pairs = pairs_of(&locked, "pairs");
        assert_eq!(
            summary["pairs"], locked["summary"]["pairs"],
            "seed {seed}: pairs against --locks"
        );
        assert_eq!(
            summary["total_score"], locked["summary"]["total_score"],
            "seed {seed}: total score against --locks"
        );

        // And the exhaustive search over pairings that keep them.
        let mut with_kept = rules.clone();
        for (a, b) in &kept {
            with_kept.locked.push((
                roster.find_senior(a).unwrap(),
                roster.find_junior(b).unwrap(),
            ));
        }
        with_kept.locked.sort_unstable();
        let locked_scorer = Scorer::with_rules(&roster, Weights::default(), with_kept);
        let (free_pairs, free_units) = brute_force(&locked_scorer);
        let kept_units = units(
            &scorer,
            &roster,
            &kept.iter().map(|p| (p.clone(), String::new())).collect(),
        );
        assert_eq!(
            (pairs.len(), units(&scorer, &roster, &pairs)),
            (kept.len() + free_pairs, kept_units + free_units),
            "seed {seed}: against the exhaustive search"
        );
        assert_eq!(
            units(&scorer, &roster, &locked_pairs),
            kept_units + free_units,
            "seed {seed}"
        );
    }
    // The cases exercised every kind of row.
    assert!(
        kept_seen > 20 && ended_seen > 20 && new_seen > 20,
        "{kept_seen} {ended_seen} {new_seen}"
    );
}

const ROSTER: &str = "\
id,name,role,skills,wants,department,capacity
S1,Ann,senior,,ai;excel,Finance,1
S2,Bob,senior,,ai;excel,Finance,2
S3,Cy,senior,,excel,IT,1
J1,Jo,junior,ai:5;excel:3,,IT,1
J2,Al,junior,ai:4,,Sales,1
J3,Di,junior,excel:5,,Finance,1
";

/// Drop-outs, a capacity cut and a new rule end pairs, each saying why;
/// ended rows are listed, not counted as pairs; the output of one run is
/// the last pairs file of the next; default output is unchanged.
#[test]
fn ended_pairs_say_why_and_the_output_reads_back() {
    let dir = TestDir::new();
    dir.write("roster.csv", ROSTER).write(
        "last.csv",
        "status,senior_id,senior_name,junior_id,junior_name,why\n\
         paired,S1,Ann,J1,Jo,x\n\
         paired,S2,Bob,J2,Al,x\n\
         paired,S3,Cy,J3,Di,x\n\
         paired,S2,Bob,J9,Gone,x\n",
    );
    // S3 leaves; J1 and J3 now share a department with nobody that matters;
    // J9 left long ago.
    let now = ROSTER.replace("S3,Cy,senior,,excel,IT,1\n", "");
    dir.write("now.csv", &now);
    let ran = dir
        .rmatch()
        .args([
            "pair",
            "now.csv",
            "--continue",
            "last.csv",
            "-o",
            "next.csv",
            "--report",
            "report.html",
        ])
        .stderr_has("kept, ")
        .run();
    let next = dir.read("next.csv");
    let header = next.lines().next().unwrap();
    assert!(header.ends_with(",why,change"), "{header}");
    assert!(
        next.contains(
            "\nended,S3,Cy,J3,Di,,,,,,Ended (last.csv line 4): S3 left the roster.,ended\n"
        ),
        "{next}"
    );
    // Who left keeps the name the last pairs file gave them.
    assert!(
        next.contains("\nended,S2,Bob,J9,Gone,,,,,,Ended (last.csv line 5): J9 left the roster."),
        "{next}"
    );
    assert!(
        next.contains("paired,S1,Ann,J1,Jo,")
            && next.contains("Kept from the last pairing (last.csv line 2)."),
        "{next}"
    );
    assert!(
        ran.stderr.contains("2 kept, 1 new, 2 ended"),
        "{}",
        ran.stderr
    );
    assert!(ran.stderr.contains("rmatch: 3 pairs"), "{}", ran.stderr);
    let report = dir.read("report.html");
    assert!(report.contains("<h2>The pairs (3)</h2>"), "{report}");
    assert!(report.contains("2 pairs kept, 1 new, 2 ended"), "{report}");
    assert!(
        report.contains("Pairs of the last pairing that ended (2)"),
        "{report}"
    );
    assert!(report.contains("S3 left the roster"), "{report}");

    // The next run reads this file back: its ended rows are not pairs.
    dir.write(
        "later.csv",
        now.replace(
            "S1,Ann,senior,,ai;excel,Finance,1",
            "S1,Ann,senior,,ai;excel,Finance,0",
        ),
    );
    let json = dir
        .rmatch()
        .args([
            "pair",
            "later.csv",
            "--continue",
            "next.csv",
            "--format",
            "json",
            "-q",
            "--must-differ",
            "department",
        ])
        .run()
        .json();
    let ended: Vec<String> = json["ended"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["why"].as_str().unwrap().to_string())
        .collect();
    assert!(
        ended.iter().any(|w| w.ends_with("S1's capacity is now 0.")),
        "{ended:?}"
    );
    assert_eq!(
        json["summary"]["continued"]["ended"].as_u64(),
        Some(ended.len() as u64)
    );
    for row in json["pairs"].as_array().unwrap() {
        assert!(row["change"] == "kept" || row["change"] == "new");
    }

    // A capacity cut keeps the better-scoring pair.
    dir.write(
        "cut.csv",
        ROSTER.replace(
            "S2,Bob,senior,,ai;excel,Finance,2",
            "S2,Bob,senior,,ai;excel,Finance,1",
        ),
    )
    .write("two.csv", "senior_id,junior_id\nS2,J2\nS2,J1\n");
    let json = dir
        .rmatch()
        .args([
            "pair",
            "cut.csv",
            "--continue",
            "two.csv",
            "--format",
            "json",
            "-q",
        ])
        .run()
        .json();
    let kept = pairs_of(&json, "pairs");
    assert_eq!(
        kept.get(&("S2".into(), "J1".into())).map(String::as_str),
        Some("kept"),
        "{json}"
    );
    assert_eq!(
        json["ended"][0]["why"],
        "Ended (two.csv line 2): S2's capacity is now 1, taken by better-scoring pairs."
    );

    // Without --continue, no change column and no ended rows.
    let plain = dir.rmatch().args(["pair", "now.csv", "-q"]).run().stdout;
    assert!(plain.starts_with("status,senior_id,senior_name,junior_id,junior_name,score,teach,learn,interests,diversity,why\n"));
    assert!(!plain.contains("kept") && !plain.contains("ended"));
    let json = dir
        .rmatch()
        .args(["pair", "now.csv", "-q", "--format", "json"])
        .run()
        .json();
    assert!(json.get("ended").is_none() && json["summary"].get("continued").is_none());
}

/// A last pairs file that is not CSV, or lacks the id columns, is refused
/// naming the file and line; nothing is written.
#[test]
fn a_bad_last_pairs_file_is_refused() {
    let dir = TestDir::new();
    dir.write("roster.csv", ROSTER)
        .write("bad.csv", "who,whom\nS1,J1\n");
    dir.rmatch()
        .args([
            "pair",
            "roster.csv",
            "--continue",
            "bad.csv",
            "-o",
            "out.csv",
        ])
        .code(3)
        .stderr_has("bad.csv, line 1")
        .stderr_has("senior_id and junior_id")
        .run();
    assert!(!dir.exists("out.csv"));
    dir.rmatch()
        .args(["pair", "roster.csv", "--continue", "missing.csv"])
        .code(4)
        .stderr_has("missing.csv")
        .run();
    // The last pairs file is an input: -o may not overwrite it.
    dir.write("last.csv", "senior_id,junior_id\nS1,J1\n");
    dir.rmatch()
        .args([
            "pair",
            "roster.csv",
            "--continue",
            "last.csv",
            "-o",
            "last.csv",
        ])
        .code(2)
        .run();
    assert_eq!(dir.read("last.csv"), "senior_id,junior_id\nS1,J1\n");
}

#[test]
fn a_malformed_last_pairs_file_is_an_error_not_a_silent_skip() {
    let t = TestDir::new();
    t.write(
        "r.csv",
        "id,role,skills,wants\nS1,senior,,ai\nS2,senior,,ai\nJ1,junior,ai:5,\nJ2,junior,ai:4,\n",
    );
    for (file, message) in [
        (
            "senior_id,junior_id\nS1,J1\nS2\n",
            "error: last.csv, line 3: the row has 1 field but the header needs 2 to reach senior_id and junior_id; check the row's commas and quotes\n",
        ),
        // A quote left open at the end of the file, as in a roster.
        (
            "senior_id,junior_id\nS1,J1\nS2,\"J2\n",
            "error: last.csv, line 3, column 2 (junior_id): a quoted field starts here but its closing quote is missing, so the rest of the file would be read as this one field; add the closing \" (or remove the opening one)\n",
        ),
        // A column named twice: which one is meant cannot be told.
        (
            "senior_id,junior_id,Junior_ID\nS1,J1,J2\n",
            "error: last.csv, line 1, column 3 (junior_id): the header names column \"junior_id\" twice (columns 2 and 3); rename or remove one\n",
        ),
        (
            "senior_id,junior_id\nS1,\n",
            "error: last.csv, line 2: the pair's junior_id is empty; give both ids of the pair, or remove the row\n",
        ),
        (
            "status,senior_id,junior_id\nfoo,S1,J1\n",
            "error: last.csv, line 2: the status \"foo\" is not paired, unmatched or ended (what rmatch pair writes); correct it, or leave the status column out\n",
        ),
    ] {
        t.write("last.csv", file);
        for flag in ["--continue", "--locks", "--history"] {
            t.rmatch()
                .args(["pair", "r.csv", flag, "last.csv", "-q", "-o", "out.csv"])
                .code(3)
                .stderr(message)
                .run();
            assert!(!t.exists("out.csv"), "nothing written");
        }
    }
}

#[test]
fn a_last_pairs_file_with_excel_s_sep_line_is_read() {
    let t = TestDir::new();
    t.write(
        "r.csv",
        "id,role,skills,wants\nS1,senior,,ai\nS2,senior,,ai\nJ1,junior,ai:5,\nJ2,junior,ai:4,\n",
    );
    t.write("last.csv", "sep=;\nsenior_id;junior_id\nS1;J2\n");
    for flag in ["--continue", "--locks"] {
        t.rmatch()
            .args(["pair", "r.csv", flag, "last.csv", "-q"])
            .stdout_has("\npaired,S1,S1,J2,J2,")
            .stdout_has("\npaired,S2,S2,J1,J1,")
            .run();
    }
}

#[test]
fn an_ended_pair_says_when_a_lock_or_a_forbid_of_this_run_ended_it() {
    let t = TestDir::new();
    t.write(
        "r.csv",
        "id,role,skills,wants,capacity\nS1,senior,,ai,1\nS2,senior,,ai,1\nJ1,junior,ai:5,,1\nJ2,junior,ai:4,,1\n",
    );
    t.write("last.csv", "senior_id,junior_id\nS1,J1\nS2,J2\n");
    // S1's one place goes to this run's lock with J2, so S1-J1 ends; S2-J2
    // ends as J2's place is the lock's too.
    let out = t
        .rmatch()
        .args([
            "pair",
            "r.csv",
            "--continue",
            "last.csv",
            "--lock",
            "S1:J2",
            "-q",
        ])
        .args(["--format", "csv"])
        .run()
        .stdout;
    assert!(
        out.contains("Ended (last.csv line 2): S1's capacity is now 1, taken by locked pairs."),
        "{out}"
    );
    let out = t
        .rmatch()
        .args([
            "pair",
            "r.csv",
            "--continue",
            "last.csv",
            "--forbid",
            "S1:J1",
            "-q",
        ])
        .args(["--format", "csv"])
        .run()
        .stdout;
    assert!(
        out.contains("Ended (last.csv line 2): now forbidden (--forbid)."),
        "{out}"
    );
}
