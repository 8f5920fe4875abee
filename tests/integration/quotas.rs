//! Quotas against a brute force: on random small rosters with tight random
//! shares and tolerances, several rules at once and locks, the quota search
//! finds exactly the best pairing exhaustive search finds (pairs then
//! score, or score alone), proves it, and says so when no pairing meets the
//! rules. Also: a time limit still returns a valid pairing with its bound.

use proptest::prelude::*;
use rmatch::error::Error;
use rmatch::roster::{self, ReadOptions};
use rmatch::rules::{self, RuleSpec, Rules};
use rmatch::scoring::{Scorer, Weights};
use rmatch::solve::{self, Method, Objective, SolveOptions};

const TOPICS: [&str; 3] = ["ai", "tiktok", "fintech"];

#[derive(Clone, Debug)]
struct Person {
    senior: bool,
    skills: Vec<(usize, u8)>,
    wants: Vec<(usize, u8)>,
    department: usize,
    location: usize,
    generation: usize,
    capacity: u32,
}

fn person() -> impl Strategy<Value = Person> {
    (
        prop::bool::weighted(0.45),
        prop::collection::vec((0..3usize, 1..=5u8), 1..3),
        prop::collection::vec((0..3usize, 1..=5u8), 1..3),
        (0..3usize, 0..2usize, 0..3usize),
        prop_oneof![5 => Just(1u32), 2 => Just(2u32)],
    )
        .prop_map(
            |(senior, skills, wants, (department, location, generation), capacity)| Person {
                senior,
                skills: skills
                    .into_iter()
                    .map(|(t, l)| if senior { (t, l.min(2)) } else { (t, l.max(3)) })
                    .collect(),
                wants,
                department,
                location,
                generation,
                capacity,
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

fn csv(people: &[Person]) -> String {
    let mut text = String::from("id,role,skills,wants,department,location,generation,capacity\n");
    for (i, p) in people.iter().enumerate() {
        text.push_str(&format!(
            "P{i:02},{},{},{},d{},l{},g{},{}\n",
            if p.senior { "senior" } else { "junior" },
            list(&p.skills),
            list(&p.wants),
            p.department,
            p.location,
            p.generation,
            p.capacity,
        ));
    }
    text
}

#[derive(Clone, Debug)]
struct Choice {
    max_same_department: Option<f64>,
    max_same_location: Option<f64>,
    fair_department: Option<f64>,
    fair_generation: Option<f64>,
    lock: Option<(usize, usize)>,
    score_only: bool,
}

fn choice() -> impl Strategy<Value = Choice> {
    let share = || prop_oneof![Just(0.0), Just(0.2), Just(0.34), Just(0.5), Just(0.67)];
    let tolerance = || prop_oneof![Just(0.0), Just(0.1), Just(0.2), Just(0.34)];
    (
        prop::option::weighted(0.6, share()),
        prop::option::weighted(0.4, share()),
        prop::option::weighted(0.5, tolerance()),
        prop::option::weighted(0.4, tolerance()),
        prop::option::weighted(0.2, (0..12usize, 0..12usize)),
        prop::bool::weighted(0.25),
    )
        .prop_map(|(msd, msl, fd, fg, lock, score_only)| Choice {
            max_same_department: msd,
            max_same_location: msl,
            fair_department: fd,
            fair_generation: fg,
            lock,
            score_only,
        })
}

fn spec(choice: &Choice, people: &[Person]) -> RuleSpec {
    let seniors: Vec<usize> = (0..people.len()).filter(|&i| people[i].senior).collect();
    let juniors: Vec<usize> = (0..people.len()).filter(|&i| !people[i].senior).collect();
    let mut spec = RuleSpec::default();
    if let (Some((a, b)), false, false) = (choice.lock, seniors.is_empty(), juniors.is_empty()) {
        let (s, j) = (seniors[a % seniors.len()], juniors[b % juniors.len()]);
        spec.lock.push(format!("P{s:02}:P{j:02}"));
    }
    if let Some(x) = choice.max_same_department {
        spec.max_same.insert("department".into(), x);
    }
    if let Some(x) = choice.max_same_location {
        spec.max_same.insert("location".into(), x);
    }
    if let Some(x) = choice.fair_department {
        spec.fair.insert("department".into(), x);
    }
    if let Some(x) = choice.fair_generation {
        spec.fair.insert("generation".into(), x);
    }
    spec
}

/// Whether a pairing (locked pairs included) meets every quota, as the
/// README states it: count <= max_share * n and >= min_share * n, to 1e-7.
fn meets(scorer: &Scorer, chosen: &[(usize, usize)]) -> bool {
    let n = chosen.len() as f64;
    scorer.rules.quotas.iter().all(|q| {
        let g = chosen
            .iter()
            .filter(|&&(s, j)| Rules::member(scorer.roster, q, s, j))
            .count() as f64;
        g <= q.max_share * n + 1e-7 && g >= q.min_share * n - 1e-7
    })
}

/// Every pairing that keeps the locks and the capacities, by exhaustive
/// search: the best (pairs, units) by the objective among those that meet
/// the quotas; None if none does.
fn brute_force(scorer: &Scorer, objective: Objective) -> Option<(usize, i64)> {
    let n_s = scorer.n_seniors();
    let mut allowed: Vec<Vec<(usize, i64)>> = vec![Vec::new(); n_s];
    for (s, list) in allowed.iter_mut().enumerate() {
        for j in 0..scorer.n_juniors() {
            let (counts, rule) = scorer.evaluate(s, j);
            if rule.is_none() && !scorer.rules.locked.contains(&(s, j)) {
                list.push((j, scorer.units(s, j, &counts)));
            }
        }
    }
    let locked = scorer.rules.locked.clone();
    let locked_units: i64 = locked
        .iter()
        .map(|&(s, j)| scorer.units(s, j, &scorer.counts(s, j)))
        .sum();
    struct Walk<'a> {
        scorer: &'a Scorer<'a>,
        allowed: Vec<Vec<(usize, i64)>>,
        chosen: Vec<(usize, usize)>,
        senior_left: Vec<u32>,
        junior_left: Vec<u32>,
        objective: Objective,
        best: Option<(usize, i64)>,
    }
    impl Walk<'_> {
        fn go(&mut self, s: usize, from: usize, acc: (usize, i64)) {
            if s == self.allowed.len() {
                if meets(self.scorer, &self.chosen) {
                    let key = |v: (usize, i64)| match self.objective {
                        Objective::PairsThenScore => (v.0 as i64, v.1),
                        Objective::Score => (v.1, 0),
                        Objective::Goals => unreachable!("refused with quotas"),
                    };
                    if self.best.is_none_or(|b| key(acc) > key(b)) {
                        self.best = Some(acc);
                    }
                }
                return;
            }
            self.go(s + 1, 0, acc);
            if self.senior_left[s] == 0 {
                return;
            }
            for k in from..self.allowed[s].len() {
                let (j, units) = self.allowed[s][k];
                if self.junior_left[j] > 0 {
                    self.junior_left[j] -= 1;
                    self.senior_left[s] -= 1;
                    self.chosen.push((s, j));
                    self.go(s, k + 1, (acc.0 + 1, acc.1 + units));
                    self.chosen.pop();
                    self.senior_left[s] += 1;
                    self.junior_left[j] += 1;
                }
            }
        }
    }
    let mut walk = Walk {
        scorer,
        allowed,
        chosen: locked.clone(),
        senior_left: scorer.senior_left.clone(),
        junior_left: scorer.junior_left.clone(),
        objective,
        best: None,
    };
    walk.go(0, 0, (locked.len(), locked_units));
    walk.best
}

fn scorer_for<'r>(roster: &'r roster::Roster, spec: &RuleSpec) -> Scorer<'r> {
    let rules = rules::resolve(roster, spec).expect("rules resolve");
    Scorer::with_rules(roster, Weights::default(), rules)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn quotas_match_brute_force(people in prop::collection::vec(person(), 4..11), choice in choice()) {
        let text = csv(&people);
        let spec = spec(&choice, &people);
        let options = ReadOptions { rule_attributes: spec.attributes(), ..ReadOptions::default() };
        let roster = roster::parse("r.csv", text.as_bytes(), &options).expect("valid roster");
        let scorer = scorer_for(&roster, &spec);
        let objective = if choice.score_only { Objective::Score } else { Objective::PairsThenScore };
        let options = SolveOptions {
            objective,
            method: Method::Flow,
            candidates: 1,
            time_limit: None,
            ..SolveOptions::default()
        };
        let locks_break_rules = scorer.rules.locked.iter().any(|&(s, j)| scorer.evaluate(s, j).1.is_some());
        let want = brute_force(&scorer, objective);
        match (solve::solve(&scorer, &options), want) {
            (Ok(solution), Some((pairs, units))) => {
                prop_assert!(!locks_break_rules);
                prop_assert!(solution.proven_optimal, "{}", solution.proof);
                let chosen: Vec<(usize, usize)> = solution.pairs.iter().map(|p| (p.senior, p.junior)).collect();
                prop_assert!(meets(&scorer, &chosen), "the pairing breaks a quota");
                let got: i64 = solution.pairs.iter().map(|p| scorer.units(p.senior, p.junior, &p.counts)).sum();
                match objective {
                    Objective::PairsThenScore => {
                        prop_assert_eq!(solution.pairs.len(), pairs);
                        prop_assert_eq!(got, units);
                    }
                    Objective::Score => prop_assert_eq!(got, units),
                    Objective::Goals => unreachable!("refused with quotas"),
                }
            }
            (Err(Error::Infeasible(message)), None) => {
                prop_assert!(message.contains("cannot"), "{}", message);
            }
            (Err(Error::Infeasible(message)), Some((pairs, _))) => {
                // A lock that breaks a hard rule is refused; and a pairing
                // of locked pairs only, or none, is refused as empty.
                prop_assert!(locks_break_rules || pairs == 0 || pairs == scorer.rules.locked.len(), "{} (brute force: {} pairs)", message, pairs);
            }
            (Ok(solution), None) => prop_assert!(false, "solver found {} pairs where none meets the rules", solution.pairs.len()),
            (Err(e), _) => prop_assert!(false, "unexpected error {}", e),
        }
    }
}

/// A generated roster where a quota binds, for the time-limit test.
fn binding_roster() -> (String, RuleSpec) {
    let text = rmatch_synth::roster_string(&rmatch_synth::SynthSpec {
        seniors: 300,
        juniors: 600,
        seed: 5,
        dominant_department: None,
    });
    let mut spec = RuleSpec::default();
    spec.max_same.insert("location".into(), 0.02);
    (text, spec)
}

#[test]
fn a_tiny_time_limit_still_gives_a_valid_pairing_and_a_bound() {
    let (text, spec) = binding_roster();
    let options = ReadOptions {
        rule_attributes: spec.attributes(),
        ..ReadOptions::default()
    };
    let roster = roster::parse("synth.csv", text.as_bytes(), &options).expect("valid");
    let scorer = scorer_for(&roster, &spec);
    let exact = solve::solve(&scorer, &SolveOptions::default()).expect("solves");
    assert!(exact.proven_optimal, "{}", exact.proof);
    let limited = solve::solve(
        &scorer,
        &SolveOptions {
            time_limit: Some(1e-6),
            ..SolveOptions::default()
        },
    );
    match limited {
        Ok(solution) => {
            let chosen: Vec<(usize, usize)> = solution
                .pairs
                .iter()
                .map(|p| (p.senior, p.junior))
                .collect();
            assert!(meets(&scorer, &chosen), "the pairing breaks the quota");
            assert!(!solution.proven_optimal, "{}", solution.proof);
            let bound = solution.bound.expect("a bound when not proven");
            assert!(bound.bound >= bound.value, "{bound:?}");
            let value = |s: &solve::Solution| -> (usize, i64) {
                (
                    s.pairs.len(),
                    s.pairs
                        .iter()
                        .map(|p| scorer.units(p.senior, p.junior, &p.counts))
                        .sum(),
                )
            };
            assert!(value(&solution) <= value(&exact));
        }
        Err(e) => assert!(
            matches!(e, Error::Solver(_)),
            "a time limit may only fail as a solver error: {e}"
        ),
    }
}

#[test]
fn exact_shares_no_pairing_can_meet_are_said_before_any_search() {
    // Three juniors in three generations: exact shares of 1/3 each need a
    // multiple of three pairs, but only two seniors take part.
    let text = "id,role,skills,wants,generation
S1,senior,,ai:5,x
S2,senior,,ai:5,x
J1,junior,ai:5,,a
J2,junior,ai:5,,b
J3,junior,ai:5,,c
";
    let mut spec = RuleSpec::default();
    spec.fair.insert("generation".into(), 0.0);
    let options = ReadOptions {
        rule_attributes: spec.attributes(),
        ..ReadOptions::default()
    };
    let roster = roster::parse("r.csv", text.as_bytes(), &options).expect("valid");
    let scorer = scorer_for(&roster, &spec);
    match solve::solve(&scorer, &SolveOptions::default()) {
        Err(Error::Infeasible(message)) => {
            assert!(message.contains("--fair generation=0"), "{message}");
            assert!(
                message.contains("no number of pairs from 1 to 2"),
                "{message}"
            );
            assert!(
                message.contains(
                    "exactly at its share of the junior pool (a 33.3%, b 33.3%, c 33.3%)"
                ),
                "{message}"
            );
            assert!(
                message.contains("with a tolerance of 0.5 some do (--fair generation=0.5)"),
                "{message}"
            );
        }
        other => panic!("expected the rule to be refused, got {other:?}"),
    }
}

/// A bigger random roster than brute force can search: people spread over
/// few departments and generations so that quotas bind and the search
/// has to branch.
fn medium_roster(seed: u64, seniors: usize, juniors: usize) -> String {
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut next = move |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    let mut text =
        String::from("id,role,skills,wants,interests,department,location,generation,capacity\n");
    for i in 0..seniors + juniors {
        let senior = i < seniors;
        let topic = |k: u64| TOPICS[k as usize];
        let (skills, wants) = if senior {
            (
                format!("{}:1", topic(next(3))),
                format!(
                    "{}:{};{}:{}",
                    topic(next(3)),
                    1 + next(5),
                    topic(next(3)),
                    1 + next(5)
                ),
            )
        } else {
            (
                format!(
                    "{}:{};{}:{}",
                    topic(next(3)),
                    3 + next(3),
                    topic(next(3)),
                    3 + next(3)
                ),
                String::new(),
            )
        };
        text.push_str(&format!(
            "P{i:03},{},{skills},{wants},h{};h{},d{},l{},g{},{}\n",
            if senior { "senior" } else { "junior" },
            next(6),
            next(6),
            if next(10) < 6 { 0 } else { 1 + next(3) },
            next(3),
            next(3),
            if next(5) == 0 { 2 } else { 1 },
        ));
    }
    text
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Against the integer program (good_lp + microlp over every allowed
    /// pair): the quota search is never worse, and the integer program is
    /// within its floating-point tolerance of it.
    #[test]
    fn quotas_match_the_integer_program(
        seed in 1u64..1_000_000,
        seniors in 5usize..11,
        extra in 0usize..8,
        rule in 0usize..5,
        share in prop_oneof![Just(0.05), Just(0.1), Just(0.2), Just(0.3)],
    ) {
        let text = medium_roster(seed, seniors, seniors + extra);
        let mut spec = RuleSpec::default();
        match rule {
            0 => { spec.max_same.insert("department".into(), share); }
            1 => { spec.fair.insert("department".into(), share / 2.0); }
            2 => {
                spec.max_same.insert("location".into(), share);
                spec.fair.insert("department".into(), share);
            }
            3 => {
                spec.max_same.insert("department".into(), share);
                spec.max_same.insert("location".into(), 0.5);
            }
            _ => {
                spec.fair.insert("generation".into(), share / 2.0);
                spec.fair.insert("department".into(), share);
            }
        }
        let options = ReadOptions { rule_attributes: spec.attributes(), ..ReadOptions::default() };
        let roster = roster::parse("m.csv", text.as_bytes(), &options).expect("valid roster");
        let scorer = scorer_for(&roster, &spec);
        let graph = rmatch::solve::full_graph(&scorer);
        let rows = rmatch::solve::ip::rows(&scorer, &graph);
        // microlp gets a second; cases it cannot prove in it are skipped.
        let reference = rmatch::solve::ip::solve_model(&graph, Objective::PairsThenScore, &rows, Some(1.0));
        if matches!(&reference, Ok(ip) if !ip.proven)
            || matches!(&reference, Err(rmatch::solve::ip::IpFailure::NoIncumbent))
        {
            return Ok(());
        }
        let ours = solve::solve(&scorer, &SolveOptions { candidates: 2, ..SolveOptions::default() });
        match (ours, reference) {
            (Ok(solution), Ok(ip)) => {
                prop_assert!(solution.proven_optimal, "{}", solution.proof);
                let chosen: Vec<(usize, usize)> = solution.pairs.iter().map(|p| (p.senior, p.junior)).collect();
                prop_assert!(meets(&scorer, &chosen));
                let got = (solution.pairs.len(), solution.pairs.iter().map(|p| scorer.units(p.senior, p.junior, &p.counts)).sum::<i64>());
                let want = (ip.edges.len(), ip.edges.iter().map(|&e| graph.units[e]).sum::<i64>());
                prop_assert!(got >= want, "ours {:?} below the integer program's {:?}", got, want);
                prop_assert_eq!(got.0, want.0);
                prop_assert!(got.1 - want.1 <= 2_000, "ours {:?} vs integer program {:?}", got, want);
            }
            (Err(Error::Infeasible(_)), Err(_)) => {}
            (Err(Error::Infeasible(m)), Ok(ip)) => prop_assert!(ip.edges.is_empty(), "{}", m),
            (a, b) => prop_assert!(false, "ours {:?} vs integer program {:?}", a.map(|s| s.pairs.len()), b.map(|o| o.edges.len())),
        }
    }
}
