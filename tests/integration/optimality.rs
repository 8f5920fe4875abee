//! The solvers against a brute force on random small rosters: the most
//! pairs, then the highest total score, under every hard rule. Also: the
//! row order of a roster never changes the output.

use proptest::prelude::*;

use rmatch::outcome::Outcome;
use rmatch::output::{CsvExporter, Exporter};
use rmatch::roster::{self, ReadOptions};
use rmatch::scoring::{Scorer, Weights};
use rmatch::solve::{self, Method, Objective, SolveOptions};

const TOPICS: [&str; 4] = ["ai", "tiktok", "fintech", "strategy"];

/// One random person, as CSV fields.
#[derive(Clone, Debug)]
struct Spec {
    senior: bool,
    skills: Vec<(usize, u8)>,
    wants: Vec<(usize, u8)>,
    interests: Vec<usize>,
    languages: Vec<usize>,
    department: usize,
    capacity: u32,
    manager: Option<usize>,
    exclude: Option<usize>,
}

fn person() -> impl Strategy<Value = Spec> {
    (
        prop::bool::weighted(0.45),
        prop::collection::vec((0..4usize, 1..=5u8), 1..4),
        prop::collection::vec((0..4usize, 1..=5u8), 0..4),
        prop::collection::vec(0..5usize, 0..3),
        prop::collection::vec(0..3usize, 0..2),
        0..3usize,
        prop_oneof![6 => Just(1u32), 2 => Just(2u32), 1 => Just(0u32)],
        prop::option::weighted(0.15, 0..12usize),
        prop::option::weighted(0.1, 0..12usize),
        prop::bool::weighted(0.2),
    )
        .prop_map(
            |(
                senior,
                skills,
                wants,
                interests,
                languages,
                department,
                capacity,
                manager,
                exclude,
                speaks,
            )| {
                // Seniors know little of the topics juniors teach, so most pairs
                // have something to teach; a few people list languages.
                let skills = skills
                    .into_iter()
                    .map(|(t, l)| if senior { (t, l.min(2)) } else { (t, l.max(2)) })
                    .collect();
                Spec {
                    senior,
                    skills,
                    wants,
                    interests,
                    languages: if speaks { languages } else { Vec::new() },
                    department,
                    capacity,
                    manager,
                    exclude,
                }
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

/// The roster CSV of `people`, rows in the order given by `order`.
fn csv(people: &[Spec], order: &[usize]) -> String {
    let mut text = String::from(
        "id,role,skills,wants,interests,languages,department,capacity,manager,exclude\n",
    );
    for &i in order {
        let p = &people[i];
        // Managers point to lower indices only, so there is never a cycle.
        let manager = p
            .manager
            .filter(|m| *m < i)
            .map_or(String::new(), |m| format!("P{m:02}"));
        let exclude = p
            .exclude
            .filter(|x| *x < people.len() && *x != i)
            .map_or(String::new(), |x| format!("P{x:02}"));
        text.push_str(&format!(
            "P{i:02},{},{},{},{},{},d{},{},{manager},{exclude}\n",
            if p.senior { "senior" } else { "junior" },
            list(&p.skills),
            list(&p.wants),
            p.interests
                .iter()
                .map(|x| format!("i{x}"))
                .collect::<Vec<_>>()
                .join(";"),
            p.languages
                .iter()
                .map(|x| format!("l{x}"))
                .collect::<Vec<_>>()
                .join(";"),
            p.department,
            p.capacity,
        ));
    }
    text
}

/// Exhaustive search over every pairing that respects the capacities.
struct Search {
    /// Each senior's allowed juniors with the pair's units and the
    /// priority of the goals it covers.
    allowed: Vec<Vec<(usize, i64, u32)>>,
    senior_cap: Vec<u32>,
    junior_left: Vec<u32>,
    objective: Objective,
    best: (usize, i64, u32),
}

impl Search {
    fn key(&self, (pairs, units, goals): (usize, i64, u32)) -> (i64, i64) {
        match self.objective {
            Objective::PairsThenScore => (pairs as i64, units),
            Objective::Score => (0, units),
            Objective::Goals => (i64::from(goals), units),
        }
    }

    /// Seniors `s..` still to choose; senior `s` has taken `taken` juniors
    /// and may next take one from `allowed[s][from..]`.
    fn pick(&mut self, s: usize, from: usize, taken: u32, acc: (usize, i64, u32)) {
        if s == self.allowed.len() {
            if self.key(acc) > self.key(self.best) {
                self.best = acc;
            }
            return;
        }
        self.pick(s + 1, 0, 0, acc);
        if taken == self.senior_cap[s] {
            return;
        }
        for k in from..self.allowed[s].len() {
            let (j, units, goals) = self.allowed[s][k];
            if self.junior_left[j] > 0 {
                self.junior_left[j] -= 1;
                let acc = (acc.0 + 1, acc.1 + units, acc.2 + goals);
                self.pick(s, k + 1, taken + 1, acc);
                self.junior_left[j] += 1;
            }
        }
    }
}

/// The best (pairs, total units) over every pairing, by exhaustive search.
fn brute_force(scorer: &Scorer, objective: Objective) -> (usize, i64) {
    let (pairs, units, _) = brute_force_goals(scorer, objective);
    (pairs, units)
}

/// The best (pairs, total units, covered goal priority) over every
/// pairing, by exhaustive search.
fn brute_force_goals(scorer: &Scorer, objective: Objective) -> (usize, i64, u32) {
    let roster = scorer.roster;
    let allowed = (0..scorer.n_seniors())
        .map(|s| {
            (0..scorer.n_juniors())
                .filter_map(|j| {
                    let (counts, rule) = scorer.evaluate(s, j);
                    rule.is_none().then(|| {
                        (
                            j,
                            scorer.units(s, j, &counts),
                            scorer.covered_priority(s, j),
                        )
                    })
                })
                .collect()
        })
        .collect();
    let mut search = Search {
        allowed,
        senior_cap: roster.seniors().iter().map(|p| p.capacity).collect(),
        junior_left: roster.juniors().iter().map(|p| p.capacity).collect(),
        objective,
        best: (0, 0, 0),
    };
    search.pick(0, 0, 0, (0, 0, 0));
    search.best
}

fn solved(
    scorer: &Scorer,
    method: Method,
    objective: Objective,
    candidates: usize,
) -> (usize, i64, bool) {
    let solution = solve::solve(
        scorer,
        &SolveOptions {
            objective,
            method,
            candidates,
            time_limit: None,
            ..SolveOptions::default()
        },
    )
    .expect("solves");
    let units = solution
        .pairs
        .iter()
        .map(|p| scorer.units(p.senior, p.junior, &p.counts))
        .sum();
    (solution.pairs.len(), units, solution.proven_optimal)
}

fn outcome_csv(text: &str, objective: Objective) -> String {
    let roster =
        roster::parse("r.csv", text.as_bytes(), &ReadOptions::default()).expect("valid roster");
    let scorer = Scorer::new(&roster, Weights::default());
    let solution = solve::solve(
        &scorer,
        &SolveOptions {
            objective,
            ..SolveOptions::default()
        },
    )
    .expect("solves");
    let config = rmatch::config::Config {
        objective,
        ..rmatch::config::Config::default()
    };
    let outcome = Outcome::build(&scorer, &solution, &config, false);
    let mut out = Vec::new();
    CsvExporter::default()
        .write(&outcome, &mut out)
        .expect("writes");
    String::from_utf8(out).expect("utf-8")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    /// Flow (with tiny candidate sets, so pairs must be added back) and the
    /// integer program both reach the brute-force optimum, and flow proves it.
    #[test]
    fn solvers_match_brute_force(people in prop::collection::vec(person(), 2..14), k in 1..4usize, score_only in any::<bool>()) {
        let order: Vec<usize> = (0..people.len()).collect();
        let text = csv(&people, &order);
        let roster = roster::parse("r.csv", text.as_bytes(), &ReadOptions::default()).expect("valid roster");
        let scorer = Scorer::new(&roster, Weights::default());
        let objective = if score_only { Objective::Score } else { Objective::PairsThenScore };
        let (pairs, units) = brute_force(&scorer, objective);
        let (flow_pairs, flow_units, proven) = solved(&scorer, Method::Flow, objective, k);
        prop_assert!(proven);
        prop_assert_eq!(flow_units, units);
        if objective == Objective::PairsThenScore {
            prop_assert_eq!(flow_pairs, pairs);
        }
        let (ip_pairs, ip_units, ip_proven) = solved(&scorer, Method::Ip, objective, k);
        if objective == Objective::PairsThenScore {
            prop_assert_eq!(ip_pairs, pairs);
        }
        // The integer program works in floating point, but what it proves
        // holds to the unit.
        prop_assert!(ip_proven);
        prop_assert_eq!(ip_units, units);
    }

    /// `--objective goals`: flow (tiny candidate sets again) reaches the
    /// brute-force optimum of covered goal priority, then score, and
    /// proves it; and it never covers less goal priority than the default.
    #[test]
    fn goals_objective_matches_brute_force(people in prop::collection::vec(person(), 2..14), k in 1..4usize) {
        let order: Vec<usize> = (0..people.len()).collect();
        let text = csv(&people, &order);
        let roster = roster::parse("r.csv", text.as_bytes(), &ReadOptions::default()).expect("valid roster");
        let scorer = Scorer::new(&roster, Weights::default());
        let (_, units, goals) = brute_force_goals(&scorer, Objective::Goals);
        let solution = solve::solve(
            &scorer,
            &SolveOptions { objective: Objective::Goals, candidates: k, ..SolveOptions::default() },
        )
        .expect("solves");
        prop_assert!(solution.proven_optimal);
        let flow_goals: u32 = solution.pairs.iter().map(|p| scorer.covered_priority(p.senior, p.junior)).sum();
        let flow_units: i64 = solution.pairs.iter().map(|p| scorer.units(p.senior, p.junior, &p.counts)).sum();
        prop_assert_eq!(flow_goals, goals);
        prop_assert_eq!(flow_units, units);
        let (_, _, default_goals) = brute_force_goals(&scorer, Objective::PairsThenScore);
        prop_assert!(default_goals <= goals);
    }

    /// Shuffling the rows never changes a byte of the output.
    #[test]
    fn row_order_never_changes_output(people in prop::collection::vec(person(), 2..14), seed in any::<u64>()) {
        let order: Vec<usize> = (0..people.len()).collect();
        let mut shuffled = order.clone();
        let mut state = seed;
        for i in (1..shuffled.len()).rev() {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            shuffled.swap(i, (state >> 33) as usize % (i + 1));
        }
        let a = outcome_csv(&csv(&people, &order), Objective::PairsThenScore);
        let b = outcome_csv(&csv(&people, &shuffled), Objective::PairsThenScore);
        prop_assert_eq!(a, b);
    }
}

/// Larger synthetic rosters: the certified flow result equals the integer
/// program's optimum (pairs exactly, total score to 1e-6).
#[test]
fn flow_matches_integer_program_on_synthetic_rosters() {
    for seed in 1..=3 {
        let text = rmatch_synth::roster_string(&rmatch_synth::SynthSpec {
            seniors: 25,
            juniors: 40,
            seed,
            dominant_department: None,
        });
        let roster =
            roster::parse("synth.csv", text.as_bytes(), &ReadOptions::default()).expect("valid");
        let scorer = Scorer::new(&roster, Weights::default());
        let (fp, fu, proven) = solved(&scorer, Method::Flow, Objective::PairsThenScore, 2);
        let (ip, iu, ip_proven) = solved(&scorer, Method::Ip, Objective::PairsThenScore, 2);
        assert!(proven && ip_proven);
        assert_eq!(fp, ip, "seed {seed}");
        assert_eq!(fu, iu, "seed {seed}");
    }
}
