//! Properties over random small rosters.

use super::*;

/// One random roster row: levels 0 mean "not listed".
#[derive(Clone, Debug)]
struct Someone {
    senior: bool,
    skills: [u8; 3],
    wants: [u8; 3],
    capacity: u8,
    interests: usize,
    department: usize,
}

fn someone() -> impl Strategy<Value = Someone> {
    (
        any::<bool>(),
        proptest::array::uniform3(0u8..=5),
        proptest::array::uniform3(0u8..=5),
        0u8..=2,
        0usize..4,
        0usize..3,
    )
        .prop_map(
            |(senior, skills, wants, capacity, interests, department)| Someone {
                senior,
                skills,
                wants,
                capacity,
                interests,
                department,
            },
        )
}

fn id_of(i: usize, p: &Someone) -> String {
    format!("{}{i}", if p.senior { "S" } else { "J" })
}

fn roster_of(people: &[Someone]) -> String {
    let topics = ["ai", "cloud", "data"];
    let list = |levels: &[u8; 3]| {
        levels
            .iter()
            .zip(topics)
            .filter(|(l, _)| **l > 0)
            .map(|(l, t)| format!("{t}:{l}"))
            .collect::<Vec<_>>()
            .join(";")
    };
    let interests = ["", "chess", "golf", "chess;golf"];
    let departments = ["", "Sales", "IT"];
    let mut rows = vec!["id,role,skills,wants,capacity,interests,department".to_string()];
    for (i, p) in people.iter().enumerate() {
        rows.push(format!(
            "{},{},{},{},{},{},{}",
            id_of(i, p),
            if p.senior { "senior" } else { "junior" },
            list(&p.skills),
            list(&p.wants),
            p.capacity,
            interests[p.interests],
            departments[p.department],
        ));
    }
    let rows: Vec<&str> = rows.iter().map(String::as_str).collect();
    lines(&rows)
}

/// Pairs and total score of a JSON run.
fn totals(doc: &Value) -> (u64, f64) {
    (
        doc["summary"]["pairs"].as_u64().expect("pairs"),
        doc["summary"]["total_score"].as_f64().expect("total_score"),
    )
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 32,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    /// On any small roster: every pair made is allowed and within capacity;
    /// flow, ip and a candidate limit of 1 reach the same optimum; the row
    /// order does not matter; and each objective wins on its own terms.
    #[test]
    fn random_rosters_pair_consistently(people in proptest::collection::vec(someone(), 1..8)) {
        let t = TestDir::new();
        let roster = roster_of(&people);
        t.write("r.csv", &roster);
        let order: Vec<usize> = (0..people.len()).rev().collect();
        t.write("rev.csv", reorder(&roster, &order));

        let json = |file: &str, extra: &[&str]| {
            t.rmatch()
                .args(["pair", file, "-q", "--format", "json", "--no-timing"])
                .args(extra)
                .run()
        };
        let flow = json("r.csv", &[]);
        let doc = flow.json();
        prop_assert_eq!(&doc["summary"]["status"], "optimal");
        let best = totals(&doc);

        // Every pair is allowed and nobody exceeds their capacity.
        let scores = t.rmatch().args(["scores", "r.csv"]).run().stdout;
        let mut used = std::collections::HashMap::new();
        for pair in json_paired(&doc) {
            let (s, j) = pair.split_once('-').unwrap();
            let allowed = format!("{s},{j},true,");
            prop_assert!(scores.lines().any(|l| l.starts_with(&allowed)), "{} not allowed:\n{}", pair, scores);
            *used.entry(s.to_string()).or_insert(0u8) += 1;
            *used.entry(j.to_string()).or_insert(0u8) += 1;
        }
        for (i, p) in people.iter().enumerate() {
            let n = used.get(&id_of(i, p)).copied().unwrap_or(0);
            prop_assert!(n <= p.capacity, "{} has {} partners, capacity {}", id_of(i, p), n, p.capacity);
        }

        // Other solvers reach the same optimum (ties may differ in the pairs,
        // and the rounded total by one unit in the last place).
        for extra in [&["--solver", "ip"][..], &["--candidates", "1"][..]] {
            let other = totals(&json("r.csv", extra).json());
            prop_assert_eq!(other.0, best.0, "pairs with {:?}", extra);
            prop_assert!((other.1 - best.1).abs() <= 1.5e-4, "total {} vs {} with {:?}", other.1, best.1, extra);
        }

        // Row order does not matter.
        prop_assert_eq!(&json("rev.csv", &[]).stdout, &flow.stdout);
        let csv = t.rmatch().args(["pair", "r.csv", "-q"]).run().stdout;
        let rev = t.rmatch().args(["pair", "rev.csv", "-q"]).run().stdout;
        prop_assert_eq!(rev, csv);

        // The score objective never scores less, and never pairs more.
        let by_score = totals(&json("r.csv", &["--objective", "score"]).json());
        prop_assert!(by_score.0 <= best.0);
        prop_assert!(by_score.1 >= best.1 - 1.5e-4, "score objective {} < {}", by_score.1, best.1);
    }
}
