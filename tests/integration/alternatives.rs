//! `rmatch pair --alternatives N`: each person's N best other partners
//! with the exact cost to the whole pairing, against forcing every allowed
//! pair with a lock and solving again, on small random rosters; and the
//! outputs through the binary.

use rmatch::roster::{self, ReadOptions, Role};
use rmatch::rules::Rules;
use rmatch::scoring::{Scorer, Weights};
use rmatch::solve::{self, alternatives::alternatives, Objective, SolveOptions, Value};

use crate::continuation::{random_person, roster_csv, Rng};
use crate::support::TestDir;

/// (pairs, units, covered goal priority) of a solve of `scorer`.
fn solved(scorer: &Scorer, objective: Objective) -> Option<(solve::Solution, Value)> {
    let solution = solve::solve(
        scorer,
        &SolveOptions {
            objective,
            ..SolveOptions::default()
        },
    )
    .ok()?;
    let value = solution
        .pairs
        .iter()
        .map(|p| {
            let units = scorer.units(p.senior, p.junior, &p.counts);
            objective.value(units, scorer.covered_priority(p.senior, p.junior))
        })
        .sum();
    Some((solution, value))
}

/// On random rosters, objectives and locks: for every person, the listed
/// alternatives are exactly the N cheapest allowed pairs to force (loss
/// in the objective's value, then the pair's score, then the partner's
/// id), each with the loss a fresh solve with the pair locked gives.
#[test]
fn alternatives_equal_forcing_each_pair_and_solving_again() {
    let n = 3;
    let mut checked = 0;
    let mut with_cost = 0;
    for seed in 1..=150u64 {
        let mut rng = Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D));
        let size = 4 + rng.below(7) as usize;
        let people: Vec<_> = (0..size)
            .map(|i| random_person(&mut rng, format!("P{i:02}")))
            .collect();
        let text = roster_csv(&people);
        let roster =
            roster::parse("r.csv", text.as_bytes(), &ReadOptions::default()).expect("valid roster");
        if roster.n_seniors == 0 || roster.n_juniors() == 0 {
            continue;
        }
        let objective = [
            Objective::PairsThenScore,
            Objective::Score,
            Objective::Goals,
        ][rng.below(3) as usize];
        let mut rules = Rules::none(&roster);
        // Now and then a locked pair, which alternatives leave in place.
        if rng.chance(30) {
            let scorer = Scorer::new(&roster, Weights::default());
            let allowed: Vec<(usize, usize)> = (0..roster.n_seniors)
                .flat_map(|s| (0..roster.n_juniors()).map(move |j| (s, j)))
                .filter(|&(s, j)| scorer.evaluate(s, j).1.is_none())
                .collect();
            if !allowed.is_empty() {
                rules
                    .locked
                    .push(allowed[rng.below(allowed.len() as u64) as usize]);
            }
        }
        let scorer = Scorer::with_rules(&roster, Weights::default(), rules.clone());
        let (solution, best) = solved(&scorer, objective).expect("solves");
        let found = alternatives(
            &scorer,
            objective,
            &solution.pairs,
            solution.duals.as_ref(),
            n,
        )
        .expect("alternatives");
        let paired: std::collections::BTreeSet<(usize, usize)> = solution
            .pairs
            .iter()
            .map(|p| (p.senior, p.junior))
            .collect();
        for person in &found {
            // Every allowed pair of this person outside the pairing, forced.
            let others = match person.role {
                Role::Senior => roster.n_juniors(),
                Role::Junior => roster.n_seniors,
            };
            let mut forced: Vec<(Value, i64, usize, i64, i64)> = Vec::new();
            for k in 0..others {
                let (s, j) = match person.role {
                    Role::Senior => (person.index, k),
                    Role::Junior => (k, person.index),
                };
                let (counts, rule) = scorer.evaluate(s, j);
                if rule.is_some()
                    || paired.contains(&(s, j))
                    || scorer.senior_left[s] == 0
                    || scorer.junior_left[j] == 0
                {
                    continue;
                }
                let mut with = rules.clone();
                with.locked.push((s, j));
                with.locked.sort_unstable();
                let forced_scorer = Scorer::with_rules(&roster, Weights::default(), with);
                let (f, value) = solved(&forced_scorer, objective).expect("forced solve");
                let units = scorer.units(s, j, &counts);
                forced.push((
                    best - value,
                    -units,
                    k,
                    f.pairs.len() as i64 - solution.pairs.len() as i64,
                    f.pairs
                        .iter()
                        .map(|p| scorer.units(p.senior, p.junior, &p.counts))
                        .sum::<i64>()
                        - solution
                            .pairs
                            .iter()
                            .map(|p| scorer.units(p.senior, p.junior, &p.counts))
                            .sum::<i64>(),
                ));
            }
            forced.sort();
            forced.truncate(n);
            let listed: Vec<(Value, usize)> =
                person.list.iter().map(|a| (a.loss, a.partner)).collect();
            let expected: Vec<(Value, usize)> = forced.iter().map(|f| (f.0, f.2)).collect();
            assert_eq!(
                listed, expected,
                "seed {seed} {objective:?}: {:?} {}\n{text}",
                person.role, person.index
            );
            for (a, f) in person.list.iter().zip(&forced) {
                assert!(a.loss >= 0);
                if objective == Objective::PairsThenScore {
                    assert_eq!((a.pairs_change, a.units_change), (f.3, f.4), "seed {seed}");
                }
                checked += 1;
                with_cost += usize::from(a.loss > 0);
            }
        }
    }
    assert!(checked > 300 && with_cost > 100, "{checked} {with_cost}");
}

const ROSTER: &str = "\
id,name,role,skills,wants,department
S1,Ann,senior,,ai;excel,Finance
S2,Bob,senior,,ai,Finance
J1,Jo,junior,ai:5;excel:4,,IT
J2,Al,junior,ai:4,,Sales
J3,Di,junior,ai:2,,Finance
";

/// Through the binary: JSON, the CSV file and the report say the same;
/// quotas are refused with what to do; default output is unchanged.
#[test]
fn alternatives_in_json_csv_and_the_report() {
    let dir = TestDir::new();
    dir.write("r.csv", ROSTER);
    let json = dir
        .rmatch()
        .args([
            "pair",
            "r.csv",
            "--alternatives",
            "2",
            "--alternatives-out",
            "alt.csv",
            "--report",
            "report.html",
            "--format",
            "json",
            "-q",
        ])
        .run()
        .json();
    // S1 takes J1 and S2 J2 (the most pairs, then the best score).
    let people = json["alternatives"].as_array().expect("alternatives");
    let s2 = people.iter().find(|p| p["id"] == "S2").unwrap();
    let first = &s2["alternatives"][0];
    assert_eq!(first["partner_id"], "J1", "{s2}");
    assert_eq!(first["rank"], 1);
    assert_eq!(first["pairs_change"], 0);
    let csv = dir.read("alt.csv");
    assert!(csv.starts_with("role,person_id,person_name,rank,partner_id,partner_name,pair_score,pairs_change,score_change,cost,reason\n"), "{csv}");
    let line = csv
        .lines()
        .find(|l| l.starts_with("senior,S2,Bob,1,J1,Jo,"))
        .unwrap_or_else(|| panic!("{csv}"));
    assert!(line.contains("ends S1-J1"), "{line}");
    assert!(line.contains(first["cost"].as_str().unwrap()), "{line}");
    let report = dir.read("report.html");
    assert!(report.contains("id=\"alternatives\""), "{report}");
    assert!(report.contains(first["cost"].as_str().unwrap()));

    dir.rmatch()
        .args([
            "pair",
            "r.csv",
            "--alternatives",
            "2",
            "--max-same",
            "department=0.5",
        ])
        .code(2)
        .stderr_has("--alternatives needs")
        .run();
    dir.rmatch()
        .args(["pair", "r.csv", "--alternatives-out", "x.csv"])
        .code(2)
        .run();
    let plain = dir
        .rmatch()
        .args(["pair", "r.csv", "-q", "--format", "json"])
        .run()
        .json();
    assert!(plain.get("alternatives").is_none());
}
