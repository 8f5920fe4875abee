//! Programme shapes against a brute force: the attribute rules
//! (`--must-differ`, `--must-share`, `--gap`) on small random rosters, each
//! pair judged here from the raw values, independently of the scorer; and
//! the rules through the binary (reasons, errors with file, line and
//! column).

use proptest::prelude::*;
use rmatch::roster::{self, ReadOptions};
use rmatch::rules::{self, RuleSpec};
use rmatch::scoring::{Scorer, Weights};
use rmatch::solve::{self, Method, Objective, SolveOptions};

use crate::support::{lines, TestDir};

const TOPICS: [&str; 3] = ["ai", "tiktok", "fintech"];

#[derive(Clone, Debug)]
pub struct Person {
    pub senior: bool,
    pub skills: Vec<(usize, u8)>,
    pub wants: Vec<(usize, u8)>,
    /// None = blank.
    pub organisation: Option<usize>,
    pub site: Option<usize>,
    pub grade: Option<u8>,
    pub capacity: u32,
    pub min_capacity: u32,
}

pub fn person() -> impl Strategy<Value = Person> {
    (
        prop::bool::weighted(0.45),
        prop::collection::vec((0..3usize, 1..=5u8), 1..3),
        prop::collection::vec((0..3usize, 1..=5u8), 1..3),
        (
            prop::option::weighted(0.9, 0..3usize),
            prop::option::weighted(0.9, 0..2usize),
            prop::option::weighted(0.9, 3..=7u8),
        ),
        prop_oneof![4 => Just(1u32), 3 => Just(2u32), 1 => Just(3u32), 1 => Just(0u32)],
        prop_oneof![6 => Just(0u32), 2 => Just(1u32), 1 => Just(2u32)],
    )
        .prop_map(
            |(senior, skills, wants, (organisation, site, grade), capacity, min)| Person {
                senior,
                skills: skills
                    .into_iter()
                    .map(|(t, l)| if senior { (t, l.min(2)) } else { (t, l.max(3)) })
                    .collect(),
                wants,
                organisation,
                site,
                grade,
                capacity,
                min_capacity: min.min(capacity),
            },
        )
}

fn list(items: &[(usize, u8)]) -> String {
    items
        .iter()
        .map(|(t, l)| format!("{}:{l}", TOPICS[*t]))
        .collect::<Vec<_>>()
        .join(";")
}

/// The roster as CSV; `min_capacity` only when asked for.
pub fn csv(people: &[Person], with_min: bool) -> String {
    let mut text =
        String::from("id,role,skills,wants,organisation,site,grade,capacity,min_capacity\n");
    for (i, p) in people.iter().enumerate() {
        let opt = |v: Option<String>| v.unwrap_or_default();
        text.push_str(&format!(
            "P{i:02},{},{},{},{},{},{},{},{}\n",
            if p.senior { "senior" } else { "junior" },
            list(&p.skills),
            list(&p.wants),
            opt(p.organisation.map(|o| format!("org{o}"))),
            opt(p.site.map(|s| format!("Site {s}"))),
            opt(p.grade.map(|g| g.to_string())),
            p.capacity,
            if with_min {
                p.min_capacity.to_string()
            } else {
                String::new()
            },
        ));
    }
    text
}

/// Ranks a pairing from `(pairs, senior degrees, junior degrees, units)`;
/// None when it does not count (breaks a rule).
pub type Key<'a, K> = &'a dyn Fn(usize, &[u32], &[u32], i64) -> Option<K>;

/// Every pairing within the capacities over `allowed` (per senior,
/// `(junior, units)`), by exhaustive search; the best by `key` (larger is
/// better) of `(pairs, senior degrees, junior degrees, units)`.
pub fn brute_force<K: Ord + Copy>(
    allowed: &[Vec<(usize, i64)>],
    senior_cap: &[u32],
    junior_cap: &[u32],
    key: Key<'_, K>,
) -> Option<K> {
    struct Walk<'a, K> {
        allowed: &'a [Vec<(usize, i64)>],
        senior_cap: &'a [u32],
        junior_cap: &'a [u32],
        senior_deg: Vec<u32>,
        junior_deg: Vec<u32>,
        key: Key<'a, K>,
        best: Option<K>,
    }
    impl<K: Ord + Copy> Walk<'_, K> {
        fn go(&mut self, s: usize, from: usize, pairs: usize, units: i64) {
            if s == self.allowed.len() {
                if let Some(k) = (self.key)(pairs, &self.senior_deg, &self.junior_deg, units) {
                    if self.best.is_none_or(|b| k > b) {
                        self.best = Some(k);
                    }
                }
                return;
            }
            self.go(s + 1, 0, pairs, units);
            if self.senior_deg[s] == self.senior_cap[s] {
                return;
            }
            for k in from..self.allowed[s].len() {
                let (j, u) = self.allowed[s][k];
                if self.junior_deg[j] < self.junior_cap[j] {
                    self.junior_deg[j] += 1;
                    self.senior_deg[s] += 1;
                    self.go(s, k + 1, pairs + 1, units + u);
                    self.senior_deg[s] -= 1;
                    self.junior_deg[j] -= 1;
                }
            }
        }
    }
    let mut walk = Walk {
        allowed,
        senior_cap,
        junior_cap,
        senior_deg: vec![0; senior_cap.len()],
        junior_deg: vec![0; junior_cap.len()],
        key,
        best: None,
    };
    walk.go(0, 0, 0, 0);
    walk.best
}

/// The programme's attribute rules as this test reads them.
#[derive(Clone, Debug)]
struct Choice {
    differ: bool,
    share: bool,
    gap: Option<(i8, i8)>,
    score_only: bool,
}

fn choice() -> impl Strategy<Value = Choice> {
    (
        prop::bool::ANY,
        prop::bool::weighted(0.3),
        prop::option::weighted(0.6, (-1i8..=1, 0i8..=2)),
        prop::bool::weighted(0.25),
    )
        .prop_map(|(differ, share, gap, score_only)| Choice {
            differ,
            share,
            gap: gap.map(|(lo, w)| (lo, lo + w)),
            score_only,
        })
}

/// Whether the rules allow `s` with `j`, from the raw values.
fn rules_allow(choice: &Choice, s: &Person, j: &Person) -> bool {
    if choice.differ && s.organisation.is_some() && s.organisation == j.organisation {
        return false;
    }
    if choice.share && (s.site.is_none() || s.site != j.site) {
        return false;
    }
    if let Some((lo, hi)) = choice.gap {
        match (s.grade, j.grade) {
            (Some(a), Some(b)) => {
                let d = i16::from(a) - i16::from(b);
                if d < i16::from(lo) || d > i16::from(hi) {
                    return false;
                }
            }
            _ => return false,
        }
    }
    true
}

fn spec_of(choice: &Choice) -> RuleSpec {
    let mut spec = RuleSpec::default();
    if choice.differ {
        spec.must_differ.push("organisation".into());
    }
    if choice.share {
        spec.must_share.push("site".into());
    }
    if let Some((lo, hi)) = choice.gap {
        spec.gap.insert("grade".into(), format!("{lo}:{hi}"));
    }
    spec
}

pub fn read(text: &str, spec: &RuleSpec) -> roster::Roster {
    let options = ReadOptions {
        rule_attributes: spec.attributes(),
        numeric_attributes: spec.numeric_attributes(),
        ..ReadOptions::default()
    };
    roster::parse("r.csv", text.as_bytes(), &options).expect("valid roster")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// The scorer forbids exactly the pairs the rules forbid, and the
    /// certified optimum equals the best pairing over the pairs the rules
    /// allow (found by exhaustive search), with both objectives.
    #[test]
    fn attribute_rules_match_brute_force(people in prop::collection::vec(person(), 4..11), choice in choice()) {
        let spec = spec_of(&choice);
        let text = csv(&people, false);
        let roster = read(&text, &spec);
        let scorer = Scorer::with_rules(&roster, Weights::default(), rules::resolve(&roster, &spec).unwrap());
        let by_id = |id: &str| &people[id[1..].parse::<usize>().unwrap()];
        let mut allowed = vec![Vec::new(); roster.n_seniors];
        let plain = Scorer::new(&roster, Weights::default());
        for (s, list) in allowed.iter_mut().enumerate() {
            for j in 0..roster.n_juniors() {
                let (counts, rule) = scorer.evaluate(s, j);
                let ours = plain.evaluate(s, j).1.is_none()
                    && rules_allow(&choice, by_id(&roster.senior(s).id), by_id(&roster.junior(j).id));
                prop_assert_eq!(rule.is_none(), ours, "{} {}", roster.senior(s).id, roster.junior(j).id);
                if ours {
                    list.push((j, scorer.units(s, j, &counts)));
                }
            }
        }
        let objective = if choice.score_only { Objective::Score } else { Objective::PairsThenScore };
        let caps = |side: &[rmatch::roster::Person]| side.iter().map(|p| p.capacity).collect::<Vec<_>>();
        let best = brute_force(&allowed, &caps(roster.seniors()), &caps(roster.juniors()), &|pairs, _, _, units| {
            Some(match objective {
                Objective::Score => (units, 0),
                _ => (pairs as i64, units),
            })
        }).unwrap();
        let options = SolveOptions { objective, method: Method::Flow, candidates: 1, ..SolveOptions::default() };
        let solution = solve::solve(&scorer, &options).unwrap();
        prop_assert!(solution.proven_optimal, "{}", solution.proof);
        let units: i64 = solution.pairs.iter().map(|p| scorer.units(p.senior, p.junior, &p.counts)).sum();
        let got = match objective {
            Objective::Score => (units, 0),
            _ => (solution.pairs.len() as i64, units),
        };
        prop_assert_eq!(got, best);
    }
}

const HEADER: &str = "id,role,skills,wants,organisation,grade,site";

fn civil_service() -> String {
    lines(&[
        HEADER,
        "S1,senior,,ai:3,HMRC,7,London",
        "S2,senior,,ai:3,DWP,6,Leeds",
        "J1,junior,ai:5,,HMRC,5,London",
        "J2,junior,ai:4,,DWP,5,Leeds",
        "J3,junior,ai:4,,MoJ,6,",
    ])
}

#[test]
fn attribute_rules_are_named_in_scores_and_reasons() {
    let t = TestDir::new();
    t.write("r.csv", civil_service());
    let rules = ["--must-differ", "organisation", "--gap", "grade=1:2"];
    let scores = t
        .rmatch()
        .arg("scores")
        .arg("r.csv")
        .args(rules)
        .arg("-q")
        .run();
    assert!(scores.stdout.contains(
        "S1,J1,false,0.5000,1.0000,0.0000,0.0000,0.0000,same organisation (--must-differ organisation)\n"
    ), "{}", scores.stdout);
    assert!(scores.stdout.contains("S1,J3,true,"), "{}", scores.stdout);
    assert!(scores.stdout.contains(
        "S2,J3,false,0.5000,1.0000,0.0000,0.0000,0.0000,grade gap 0 outside 1 to 2 (--gap grade=1:2)\n"
    ), "{}", scores.stdout);
    t.rmatch()
        .args(["pair", "r.csv", "--format", "csv", "-q"])
        .args(rules)
        .stdout_has("paired,S1,S1,J2,J2,0.5000,1.0000,0.0000,0.0000,0.0000,\"J2 teaches S1 ai (level 4 vs 0); the programme's rules hold: different organisation (HMRC vs DWP) and grade gap 2 (7 vs 5, within 1 to 2).\"")
        .stdout_has("paired,S2,S2,J1,J1,")
        .run();
    // With the site shared too, nobody can be paired, and the reasons say why.
    t.rmatch()
        .args(["pair", "r.csv", "--format", "csv", "-q", "--must-share", "site"])
        .args(rules)
        .stdout_has("unmatched,,,J3,J3,,,,,,no allowed partner: all 2 seniors who want this junior's skills are ruled out (2 with another or no site (--must-share site))")
        .stdout_lacks("paired,")
        .run();
}

#[test]
fn attribute_rules_from_the_config_file() {
    let t = TestDir::new();
    t.write("r.csv", civil_service());
    t.write(
        "rmatch.toml",
        "[rules]\nmust_differ = [\"organisation\"]\ngap = { grade = \"1:2\" }\n",
    );
    let ran = t
        .rmatch()
        .args([
            "pair",
            "r.csv",
            "--config",
            "rmatch.toml",
            "--format",
            "json",
            "-q",
        ])
        .run();
    let json = ran.json();
    assert_eq!(json["summary"]["pairs"], 2);
    assert_eq!(
        json["summary"]["config"]["rules"]["must_differ"][0],
        "organisation"
    );
    assert_eq!(json["summary"]["config"]["rules"]["gap"]["grade"], "1:2");
    t.write("bad.toml", "[rules]\ngap = { grade = \"2\" }\n");
    t.rmatch()
        .args(["pair", "r.csv", "--config", "bad.toml"])
        .code(2)
        .stderr_has("bad.toml: the key rules.gap.grade = \"2\": the range is not LO:HI")
        .run();
}

#[test]
fn attribute_rule_errors_name_the_place_and_the_fix() {
    let t = TestDir::new();
    t.write(
        "r.csv",
        lines(&[HEADER, "S1,senior,,ai,HMRC,G7,", "J1,junior,ai:4,,DWP,5,"]),
    );
    t.rmatch()
        .args(["pair", "r.csv", "--gap", "grade=1:2"])
        .code(3)
        .stderr_has("error: r.csv, line 2, column 6 (grade): grade \"G7\" is not a number, which --gap grade needs")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--must-differ", "organization"])
        .code(3)
        .stderr_has("names the attribute \"organization\", which the header does not have")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--gap", "grade=2:1"])
        .code(2)
        .stderr_has("--gap grade=2:1: the low end 2 is above the high end 1")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--gap", "grade=one:2"])
        .code(2)
        .stderr_has("\"one\" is not a number")
        .run();
    t.rmatch()
        .args([
            "pair",
            "r.csv",
            "--must-differ",
            "organisation",
            "--private",
            "organisation",
        ])
        .code(2)
        .stderr_has("--must-differ organisation: organisation is a private attribute")
        .run();
}

/// What a run of the loads test asks for.
#[derive(Clone, Debug)]
struct Loads {
    everyone_first: Option<rules::Side>,
    with_min: bool,
    objective: Objective,
}

fn loads_choice() -> impl Strategy<Value = Loads> {
    (
        prop_oneof![
            Just(None),
            Just(Some(rules::Side::Senior)),
            Just(Some(rules::Side::Junior)),
            Just(Some(rules::Side::Both)),
        ],
        prop::bool::ANY,
        prop_oneof![
            6 => Just(Objective::PairsThenScore),
            2 => Just(Objective::Score),
            2 => Just(Objective::Goals),
        ],
    )
        .prop_map(|(everyone_first, with_min, objective)| Loads {
            everyone_first,
            with_min,
            objective,
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Minimum loads and everyone-first against exhaustive search: the
    /// solver's pairing is the best by (units of minimum load met, people
    /// with a partner on the chosen sides, then pairs and score or score
    /// alone), proven; and when no pairing meets every minimum the solver
    /// says so (exit 6's error) exactly when the exhaustive search finds
    /// none.
    #[test]
    fn loads_match_brute_force(people in prop::collection::vec(person(), 3..10), choice in loads_choice(), lock in prop::option::weighted(0.3, (0..10usize, 0..10usize))) {
        let mut spec = RuleSpec { everyone_first: choice.everyone_first, ..RuleSpec::default() };
        spec.must_differ.push("organisation".into());
        let text = csv(&people, choice.with_min);
        let roster = read(&text, &spec);
        if let (Some((a, b)), true) = (lock, roster.n_seniors > 0 && roster.n_juniors() > 0) {
            let (s, j) = (a % roster.n_seniors, b % roster.n_juniors());
            spec.lock.push(format!("{}:{}", roster.senior(s).id, roster.junior(j).id));
        }
        let scorer = Scorer::with_rules(&roster, Weights::default(), rules::resolve(&roster, &spec).unwrap());
        // A lock the rules forbid is refused before solving (tested elsewhere).
        prop_assume!(scorer.rules.locked.iter().all(|&(s, j)| scorer.evaluate(s, j).1.is_none()));
        let objective = choice.objective;
        // What a pair adds: its score units, and under the goals objective
        // the priority of the goals it covers above them (sums of units here
        // stay far below 2^40).
        let value = |s: usize, j: usize| -> i64 {
            let units = scorer.units(s, j, &scorer.counts(s, j));
            match objective {
                Objective::Goals => (i64::from(scorer.covered_priority(s, j)) << 40) + units,
                _ => units,
            }
        };
        let mut lock_sd = vec![0u32; roster.n_seniors];
        let mut lock_jd = vec![0u32; roster.n_juniors()];
        let mut lock_units = 0i64;
        for &(s, j) in &scorer.rules.locked {
            lock_sd[s] += 1;
            lock_jd[j] += 1;
            lock_units += value(s, j);
        }
        let mut allowed = vec![Vec::new(); roster.n_seniors];
        for (s, list) in allowed.iter_mut().enumerate() {
            for j in 0..roster.n_juniors() {
                if scorer.evaluate(s, j).1.is_none() && !scorer.rules.locked.contains(&(s, j)) {
                    list.push((j, value(s, j)));
                }
            }
        }
        let (seniors, juniors) = (roster.seniors(), roster.juniors());
        let side = choice.everyone_first;
        let key = |pairs: usize, sd: &[u32], jd: &[u32], units: i64| {
            let with = |d: &[u32], locks: &[u32]| d.iter().zip(locks).map(|(a, b)| a + b).collect::<Vec<u32>>();
            let (sd, jd) = (&with(sd, &lock_sd)[..], &with(jd, &lock_jd)[..]);
            let (pairs, units) = (pairs + scorer.rules.locked.len(), units + lock_units);
            let met: u32 = sd.iter().zip(seniors).chain(jd.iter().zip(juniors))
                .map(|(&d, p)| d.min(p.min_capacity)).sum();
            let covered = sd.iter().filter(|&&d| d > 0 && side.is_some_and(|s| s.seniors())).count()
                + jd.iter().filter(|&&d| d > 0 && side.is_some_and(|s| s.juniors())).count();
            Some((met, covered, match objective {
                Objective::PairsThenScore => (pairs as i64, units),
                _ => (units, 0),
            }))
        };
        let best = brute_force(&allowed, &scorer.senior_left, &scorer.junior_left, &key).unwrap();
        let needed: u32 = roster.people.iter().map(|p| p.min_capacity).sum();
        let options = SolveOptions { objective, method: Method::Flow, candidates: 1, ..SolveOptions::default() };
        match solve::solve(&scorer, &options) {
            Ok(solution) => {
                prop_assert!(solution.proven_optimal, "{}", solution.proof);
                let mut sd = vec![0u32; seniors.len()];
                let mut jd = vec![0u32; juniors.len()];
                // The key adds the locked pairs itself.
                let chosen: Vec<_> = solution.pairs.iter().filter(|p| !p.locked).collect();
                prop_assert_eq!(chosen.len() + scorer.rules.locked.len(), solution.pairs.len());
                for p in &chosen {
                    sd[p.senior] += 1;
                    jd[p.junior] += 1;
                }
                let units: i64 = chosen.iter().map(|p| value(p.senior, p.junior)).sum();
                prop_assert_eq!(key(chosen.len(), &sd, &jd, units).unwrap(), best);
                prop_assert_eq!(best.0, needed, "every minimum is met");
            }
            Err(rmatch::error::Error::Infeasible(message)) => {
                prop_assert!(best.0 < needed, "{}", message);
                prop_assert!(message.contains("cannot all hold"), "{}", message);
                prop_assert!(message.contains(&format!("the best meets {} of the {needed}", best.0)), "{}", message);
            }
            Err(e) => prop_assert!(false, "unexpected error {}", e),
        }
    }
}

/// The peers' situation: a civil-service programme, mentors (rmatch's
/// juniors, who teach) and mentees (seniors), 150 each with capacity 3,
/// mentors of another organisation and one or two grades above their
/// mentee. The default pairing leaves mentees without a mentor; with
/// `--everyone-first senior` every mentee gets one, at the same number of
/// pairs, proven optimal; `both` also gives every mentor who can have a
/// mentee one.
#[test]
fn civil_service_everyone_gets_a_mentor_first() {
    let t = TestDir::new();
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/civil_service.csv"
    );
    t.write("cs.csv", std::fs::read(fixture).expect("the fixture"));
    let rules = ["--must-differ", "organisation", "--gap", "grade=-2:-1"];
    let run = |extra: &[&str]| {
        t.rmatch()
            .args(["pair", "cs.csv", "--format", "json", "--no-timing", "-q"])
            .args(rules)
            .args(extra)
            .run()
            .json()["summary"]
            .clone()
    };
    let plain = run(&[]);
    let first = run(&["--everyone-first", "senior"]);
    let both = run(&["--everyone-first", "both"]);
    assert_eq!(plain["seniors"], 150);
    assert!(
        plain["seniors_with_partner"].as_u64().unwrap() < 150,
        "{plain}"
    );
    assert_eq!(first["seniors_with_partner"], 150, "{first}");
    assert_eq!(first["seniors_unmatched"], 0);
    assert_eq!(first["status"], "optimal");
    assert_eq!(first["pairs"], plain["pairs"], "no pair is lost here");
    assert!(first["total_score"].as_f64() <= plain["total_score"].as_f64());
    assert_eq!(both["seniors_with_partner"], 150, "{both}");
    // M007 is the one mentor nobody may be paired with (check says so).
    assert_eq!(both["juniors_with_partner"], 149, "{both}");
    assert!(both["juniors_with_partner"].as_u64() > plain["juniors_with_partner"].as_u64());
    assert_eq!(both["config"]["rules"]["everyone_first"], "both");
    t.rmatch()
        .args(["check", "cs.csv"])
        .args(rules)
        .stdout_has("seniors who can be paired at best: 150 of 150")
        .stdout_has("M007 Mentor 007: no allowed partner")
        .run();
}

#[test]
fn everyone_first_from_the_config_and_its_summary_line() {
    let t = TestDir::new();
    // S1 takes both juniors by default (higher total score); everyone
    // first gives S2 one of them.
    t.write(
        "r.csv",
        lines(&[
            "id,role,skills,wants,capacity",
            "S1,senior,,ai:5;web:5,2",
            "S2,senior,,ai:1,1",
            "J1,junior,ai:5;web:5,,1",
            "J2,junior,ai:2;web:5,,1",
        ]),
    );
    let plain = t.rmatch().args(["pair", "r.csv", "--format", "csv"]).run();
    assert!(
        plain.stdout.contains("paired,S1,S1,J1,") && plain.stdout.contains("paired,S1,S1,J2,"),
        "{}",
        plain.stdout
    );
    t.write("first.toml", "[rules]\neveryone_first = \"senior\"\n");
    t.rmatch()
        .args(["pair", "r.csv", "--format", "csv", "--config", "first.toml"])
        .stdout_has("paired,S2,S2,")
        .stderr_has("2 seniors and 2 juniors with a partner, 0 and 0 unmatched")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--everyone-first", "nobody"])
        .code(2)
        .stderr_has("invalid value 'nobody'")
        .run();
    // Not with quotas, nor the integer program.
    t.rmatch()
        .args([
            "pair",
            "r.csv",
            "--everyone-first",
            "senior",
            "--solver",
            "ip",
        ])
        .code(2)
        .stderr_has("leave out --solver ip")
        .run();
}

#[test]
fn minimum_loads_hold_or_rmatch_says_who_cannot_and_why() {
    let t = TestDir::new();
    let roster = |s2_min: &str| {
        lines(&[
            "id,role,skills,wants,organisation,capacity,min_capacity",
            "S1,senior,,ai:3,HMRC,3,2",
            &format!("S2,senior,,ai:3,DWP,2,{s2_min}"),
            "S3,senior,,web,HMRC,1,1",
            "J1,junior,ai:5,,HMRC,1,",
            "J2,junior,ai:4,,DWP,2,1",
            "J3,junior,ai:4;web:4,,MoJ,2,",
        ])
    };
    // Feasible: everyone gets at least their minimum.
    t.write("ok.csv", roster("1"));
    let ran = t
        .rmatch()
        .args([
            "pair",
            "ok.csv",
            "--must-differ",
            "organisation",
            "--format",
            "json",
            "-q",
        ])
        .run();
    let json = ran.json();
    let load = |id: &str, side: &str| {
        json["pairs"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p[side] == id)
            .count()
    };
    assert!(load("S1", "senior_id") >= 2, "{json}");
    assert!(
        load("S2", "senior_id") >= 1
            && load("S3", "senior_id") >= 1
            && load("J2", "junior_id") >= 1,
        "{json}"
    );
    assert_eq!(json["summary"]["status"], "optimal");
    // Infeasible: exit 6, naming the people and what blocks them.
    t.write("bad.csv", roster("2"));
    t.rmatch()
        .args(["pair", "bad.csv", "--must-differ", "organisation"])
        .code(6)
        .stderr_has("error: the minimum loads (min_capacity) cannot all hold: no pairing gives everyone their minimum (proven: the best meets 5 of the 6 partners the minimums ask for)")
        .stderr_has("Short in it: S2 (min_capacity 2, gets 1): their 2 allowed partners (J1, J3) are all full, with locked pairs or with people who need them for their own minimum. Lower those minimums")
        .run();
    t.rmatch()
        .args(["pair", "bad.csv", "--must-share", "organisation"])
        .code(6)
        .stderr_has("S2 (min_capacity 2, gets 1): only 1 of the juniors may be paired with them (2 with another or no organisation (--must-share organisation) ruled out)")
        .stderr_has("S3 (min_capacity 1, gets 0): none of the juniors may be paired with them (1 with another or no organisation (--must-share organisation) ruled out)")
        .run();
    // check says the same before pairing.
    t.rmatch()
        .args(["check", "bad.csv", "--must-differ", "organisation"])
        .stdout_has("minimum loads: cannot all hold: no pairing gives everyone their minimum (proven: the best meets 5 of the 6 partners the minimums ask for)")
        .run();
    t.rmatch()
        .args(["check", "ok.csv", "--must-differ", "organisation"])
        .stdout_has("minimum loads: every minimum can hold (4 people ask for 5 partners in all; exact, proven by the flow solver)")
        .run();
    // A minimum above the capacity, or not a number, is a roster error.
    t.write(
        "r.csv",
        lines(&[
            "id,role,skills,wants,capacity,min_capacity",
            "S1,senior,,ai,1,2",
            "J1,junior,ai:4,,1,x",
        ]),
    );
    t.rmatch()
        .args(["pair", "r.csv"])
        .code(3)
        .stderr_has("r.csv, line 2, column 6 (min_capacity): min_capacity 2 is above this person's capacity 1")
        .stderr_has("r.csv, line 3, column 6 (min_capacity): min_capacity \"x\" is not a whole number from 0 to 100")
        .run();
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// Scores from outside: each listed pair's score (0 to 1, in steps of
    /// 0.05) is added times the external weight, `allowed` false forbids
    /// it, and the certified optimum is the exhaustive search's best.
    #[test]
    fn pair_scores_match_brute_force(
        people in prop::collection::vec(person(), 4..10),
        rows in prop::collection::vec((0..10usize, 0..10usize, 0..=20u8, prop::bool::weighted(0.2)), 0..12),
        weight in prop_oneof![Just(1.0), Just(0.5), Just(3.0)],
    ) {
        let spec = RuleSpec::default();
        let text = csv(&people, false);
        let roster = read(&text, &spec);
        prop_assume!(roster.n_seniors > 0 && roster.n_juniors() > 0);
        let mut file = String::from("senior_id,junior_id,score,allowed\n");
        let mut listed = std::collections::BTreeMap::new();
        for (a, b, score, banned) in rows {
            let (s, j) = (a % roster.n_seniors, b % roster.n_juniors());
            if let std::collections::btree_map::Entry::Vacant(e) = listed.entry((s, j)) {
                e.insert((f64::from(score) / 20.0, !banned));
                file.push_str(&format!(
                    "{},{},{},{}\n",
                    roster.senior(s).id,
                    roster.junior(j).id,
                    f64::from(score) / 20.0,
                    if banned { "false" } else { "" }
                ));
            }
        }
        let scores = rules::pair_scores::parse("a.csv", file.as_bytes(), &roster, &mut Vec::new()).unwrap();
        let mut rules = rules::resolve(&roster, &spec).unwrap();
        for (&(s, j), &(_, allowed)) in &listed {
            if !allowed {
                rules.banned[s].push((j as u32, rules::Ban::External));
                rules.banned[s].sort();
            }
        }
        rules.pair_scores = Some(scores);
        let weights = Weights { external: weight, ..Weights::default() };
        let scorer = Scorer::with_rules(&roster, weights, rules);
        let plain = Scorer::new(&roster, weights);
        let mut allowed = vec![Vec::new(); roster.n_seniors];
        for (s, list) in allowed.iter_mut().enumerate() {
            for j in 0..roster.n_juniors() {
                let (counts, rule) = plain.evaluate(s, j);
                let entry = listed.get(&(s, j)).copied();
                let ours = rule.is_none() && entry.is_none_or(|e| e.1);
                prop_assert_eq!(scorer.evaluate(s, j).1.is_none(), ours);
                if ours {
                    let score = plain.components(s, j, &counts).score + weight * entry.map_or(0.0, |e| e.0);
                    prop_assert_eq!(scorer.units(s, j, &counts), rmatch::scoring::to_units(score));
                    list.push((j, rmatch::scoring::to_units(score)));
                }
            }
        }
        let caps = |side: &[rmatch::roster::Person]| side.iter().map(|p| p.capacity).collect::<Vec<_>>();
        let best = brute_force(&allowed, &caps(roster.seniors()), &caps(roster.juniors()), &|pairs, _, _, units| {
            Some((pairs, units))
        }).unwrap();
        let solution = solve::solve(&scorer, &SolveOptions { candidates: 1, ..SolveOptions::default() }).unwrap();
        prop_assert!(solution.proven_optimal);
        let units: i64 = solution.pairs.iter().map(|p| scorer.units(p.senior, p.junior, &p.counts)).sum();
        prop_assert_eq!((solution.pairs.len(), units), best);
    }
}

#[test]
fn pair_scores_through_the_binary() {
    let t = TestDir::new();
    t.write("r.csv", civil_service());
    t.write(
        "affinity.csv",
        "senior_id,junior_id,score,allowed\nS1,J3,0.82,\ns2,J1,0.2,false\n",
    );
    t.rmatch()
        .args(["pair", "r.csv", "--pair-scores", "affinity.csv", "--format", "csv"])
        .stdout_has("paired,S1,S1,J3,J3,1.3200,1.0000,0.0000,0.0000,0.0000,J3 teaches S1 ai (level 4 vs 0); external score 0.82 from affinity.csv.")
        .stderr_has("affinity.csv, line 3, column 1 (senior_id): the id \"s2\" matches the roster's \"S2\" only ignoring case")
        .run();
    t.rmatch()
        .args(["scores", "r.csv", "--pair-scores", "affinity.csv", "-q"])
        .stdout_has(
            "S2,J1,false,0.7000,1.0000,0.0000,0.0000,0.0000,not allowed in the pair scores file\n",
        )
        .run();
    // The weight, and no file: scores as before.
    t.rmatch()
        .args([
            "pair",
            "r.csv",
            "--pair-scores",
            "affinity.csv",
            "--weights",
            "external=0.5",
            "--format",
            "csv",
            "-q",
        ])
        .stdout_has("paired,S1,S1,J3,J3,0.9100,")
        .run();
    let plain = t
        .rmatch()
        .args(["pair", "r.csv", "--format", "json", "--no-timing", "-q"])
        .run();
    assert!(!plain.stdout.contains("external"), "{}", plain.stdout);
    // Errors by line and column; exit 3.
    t.write(
        "bad.csv",
        "senior_id,junior_id,score\nS1,J9,0.5\nS1,J1,2\nS1,J2,0.1\nS1,J2,0.3\n",
    );
    t.rmatch()
        .args(["pair", "r.csv", "--pair-scores", "bad.csv"])
        .code(3)
        .stderr_has(
            "error: bad.csv, line 2, column 2 (junior_id): the id \"J9\" is not in the roster",
        )
        .stderr_has(
            "error: bad.csv, line 3, column 3 (score): score \"2\" is not a number from 0 to 1",
        )
        .stderr_has("error: bad.csv, line 5: the pair S1:J2 is already on line 4")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--pair-scores", "missing.csv"])
        .code(4)
        .run();
    t.rmatch()
        .args([
            "pair",
            "r.csv",
            "--pair-scores",
            "affinity.csv",
            "-o",
            "affinity.csv",
        ])
        .code(2)
        .stderr_has("--pair-scores")
        .run();
}

#[test]
fn a_pair_scores_file_is_read_as_the_roster_is() {
    let t = TestDir::new();
    t.write("r.csv", civil_service());
    t.write("comma.csv", "senior_id,junior_id,score\nS1,J3,0.82\n");
    let expected = t
        .rmatch()
        .args(["scores", "r.csv", "--pair-scores", "comma.csv", "-q"])
        .stdout_has("S1,J3,true,1.3200,")
        .run()
        .stdout;
    // A spreadsheet's semicolons, Excel's sep= line, tabs: the same scores.
    for (name, text) in [
        ("semicolon.csv", "senior_id;junior_id;score\nS1;J3;0.82\n"),
        ("sep.csv", "sep=;\nsenior_id;junior_id;score\nS1;J3;0.82\n"),
        ("tab.csv", "senior_id\tjunior_id\tscore\nS1\tJ3\t0.82\n"),
    ] {
        t.write(name, text);
        t.rmatch()
            .args(["scores", "r.csv", "--pair-scores", name, "-q"])
            .stdout(expected.clone())
            .run();
    }
    // What a roster refuses, with the line and column.
    for (text, message) in [
        (
            "senior_id,junior_id,score,Score\nS1,J3,0.82,0.1\n",
            "error: bad.csv, line 1, column 4 (score): the header names column \"score\" twice (columns 3 and 4); rename or remove one\n",
        ),
        (
            "senior_id,junior_id,score\nS1,J3,0,82\n",
            "error: bad.csv, line 2, column 4: this row has 4 fields but the header has 3; a field probably holds an unquoted comma: put it in double quotes\n",
        ),
        (
            "senior_id,junior_id,score\nS1,J3,\"0.82\n",
            "error: bad.csv, line 2, column 3 (score): a quoted field starts here but its closing quote is missing, so the rest of the file would be read as this one field; add the closing \" (or remove the opening one)\n",
        ),
    ] {
        t.write("bad.csv", text);
        t.rmatch()
            .args(["pair", "r.csv", "--pair-scores", "bad.csv", "-q"])
            .code(3)
            .stdout("")
            .stderr(message)
            .run();
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    /// `--spread-ties`: the same pairs and total score as without it (the
    /// proven optimum), and among the pairings with those the smallest sum
    /// of d(d-1)/2 over people's loads d, by exhaustive search.
    #[test]
    fn spread_ties_match_brute_force(people in prop::collection::vec(person(), 3..10), score_only in prop::bool::weighted(0.25), flat in prop::bool::ANY) {
        let spec = RuleSpec { spread_ties: true, ..RuleSpec::default() };
        // Flat weights make many scores tie.
        let weights = if flat {
            Weights { teach: 1.0, learn: 0.0, interests: 0.0, diversity: 0.0, ..Weights::default() }
        } else {
            Weights::default()
        };
        let text = csv(&people, false);
        let roster = read(&text, &spec);
        let scorer = Scorer::with_rules(&roster, weights, rules::resolve(&roster, &spec).unwrap());
        let plain = Scorer::new(&roster, weights);
        let mut allowed = vec![Vec::new(); roster.n_seniors];
        for (s, list) in allowed.iter_mut().enumerate() {
            for j in 0..roster.n_juniors() {
                let (counts, rule) = scorer.evaluate(s, j);
                if rule.is_none() {
                    list.push((j, scorer.units(s, j, &counts)));
                }
            }
        }
        let objective = if score_only { Objective::Score } else { Objective::PairsThenScore };
        let spread = |sd: &[u32], jd: &[u32]| -> i64 {
            sd.iter().chain(jd).map(|&d| i64::from(d) * (i64::from(d) - 1) / 2).sum()
        };
        let key = |pairs: usize, sd: &[u32], jd: &[u32], units: i64| {
            Some(match objective {
                Objective::Score => (units, 0, -spread(sd, jd)),
                _ => (pairs as i64, units, -spread(sd, jd)),
            })
        };
        let caps = |side: &[rmatch::roster::Person]| side.iter().map(|p| p.capacity).collect::<Vec<_>>();
        let best = brute_force(&allowed, &caps(roster.seniors()), &caps(roster.juniors()), &key).unwrap();
        let options = SolveOptions { objective, candidates: 1, ..SolveOptions::default() };
        let solution = solve::solve(&scorer, &options).unwrap();
        let without = solve::solve(&plain, &options).unwrap();
        prop_assert!(solution.proven_optimal, "{}", solution.proof);
        let mut sd = vec![0u32; roster.n_seniors];
        let mut jd = vec![0u32; roster.n_juniors()];
        for p in &solution.pairs {
            sd[p.senior] += 1;
            jd[p.junior] += 1;
        }
        let units = |sol: &solve::Solution| -> i64 { sol.pairs.iter().map(|p| scorer.units(p.senior, p.junior, &p.counts)).sum() };
        prop_assert_eq!(key(solution.pairs.len(), &sd, &jd, units(&solution)).unwrap(), best);
        prop_assert_eq!(units(&solution), units(&without), "the total score does not change");
        prop_assert_eq!(solution.pairs.len() == without.pairs.len() || score_only, true);
    }
}

#[test]
fn spread_ties_spread_equal_scores_over_people() {
    let t = TestDir::new();
    // Every pair scores the same; S1 and S2 take two each. Without spread
    // ties the flow may load J1 twice; with them each junior gets one
    // senior before any gets two.
    t.write(
        "r.csv",
        lines(&[
            "id,role,skills,wants,capacity",
            "S1,senior,,ai,2",
            "S2,senior,,ai,2",
            "J1,junior,ai:5,,4",
            "J2,junior,ai:5,,4",
            "J3,junior,ai:5,,4",
            "J4,junior,ai:5,,4",
        ]),
    );
    let ran = t
        .rmatch()
        .args(["pair", "r.csv", "--spread-ties", "--format", "json", "-q"])
        .run();
    let json = ran.json();
    let pairs = json["pairs"].as_array().unwrap();
    assert_eq!(pairs.len(), 4);
    let mut juniors: Vec<&str> = pairs
        .iter()
        .map(|p| p["junior_id"].as_str().unwrap())
        .collect();
    juniors.sort();
    assert_eq!(juniors, ["J1", "J2", "J3", "J4"], "{json}");
    assert_eq!(json["summary"]["config"]["rules"]["spread_ties"], true);
}

/// A management chain with every score tied: senior k may take only
/// juniors 1..k-1 (junior i reports to senior i, each senior manages the
/// next), so one pairing alone (senior k with junior k-1) places all but
/// two people, and no senior's best few partners hold it. Every objective
/// finds it, proven, and `-v` says the largest-pairing search found what
/// the candidates lacked.
#[test]
fn a_tied_management_chain_is_paired_completely() {
    let t = TestDir::new();
    let n = 300;
    let mut rows = vec!["id,role,skills,wants,manager".to_string()];
    rows.push("S001,senior,,ai,".into());
    for i in 2..=n {
        rows.push(format!("S{i:03},senior,,ai,S{:03}", i - 1));
    }
    for i in 1..=n {
        rows.push(format!("J{i:03},junior,ai:5,,S{i:03}"));
    }
    t.write("chain.csv", rows.join("\n") + "\n");
    for extra in [
        &[][..],
        &["--objective", "score"],
        &["--objective", "goals"],
        &["--everyone-first", "senior"],
    ] {
        let ran = t
            .rmatch()
            .args(["pair", "chain.csv", "-v", "--format", "json"])
            .args(extra)
            .stderr_has("largest pairing over all allowed pairs")
            .run();
        let json = ran.json();
        assert_eq!(json["summary"]["status"], "optimal", "{extra:?}");
        let pairs = json["pairs"].as_array().unwrap();
        assert_eq!(pairs.len(), n - 1, "{extra:?}");
        for p in pairs {
            let s: usize = p["senior_id"].as_str().unwrap()[1..].parse().unwrap();
            let j: usize = p["junior_id"].as_str().unwrap()[1..].parse().unwrap();
            assert_eq!(j + 1, s, "{extra:?}: {p}");
        }
    }
}

/// How many partners each person keeps for the solver follows the roster's
/// shape: where the juniors' places outnumber the seniors' by more than a
/// quarter, a senior keeps twice `--candidates` and a junior its best one;
/// where they are about even, everyone keeps `--candidates`. `-v` says so.
#[test]
fn list_lengths_follow_the_rosters_shape() {
    let t = TestDir::new();
    t.write(
        "plentiful.csv",
        "id,role,skills,wants\nS1,senior,,ai\nS2,senior,,ai\nJ1,junior,ai:5,\nJ2,junior,ai:4,\nJ3,junior,ai:3,\n",
    );
    t.write(
        "even.csv",
        "id,role,skills,wants\nS1,senior,,ai\nS2,senior,,ai\nJ1,junior,ai:5,\nJ2,junior,ai:4,\n",
    );
    t.rmatch()
        .args(["pair", "plentiful.csv", "-v"])
        .stderr_has("best 20 per senior and 1 per junior kept")
        .run();
    t.rmatch()
        .args(["pair", "plentiful.csv", "-v", "--candidates", "4"])
        .stderr_has("best 8 per senior and 1 per junior kept")
        .run();
    t.rmatch()
        .args(["pair", "even.csv", "-v", "--candidates", "4"])
        .stderr_has("best 4 per senior and 4 per junior kept")
        .run();
    t.rmatch()
        .args(["sweep", "plentiful.csv", "--vary", "learn=0,0.5", "-v"])
        .stderr_has("best 20 per senior and 1 per junior kept")
        .run();
}
