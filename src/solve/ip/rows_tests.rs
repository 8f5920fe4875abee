//! The integer program's quota rows, on tiny rosters worked out by hand.

use super::rows::{rows, thin_to_fit};
use crate::roster::{parse, ReadOptions};
use crate::rules::{self, RuleSpec};
use crate::scoring::{Scorer, Weights};
use crate::solve::graph::full_graph;
use crate::solve::quota::meets;

/// Every senior may pair with every junior; S1 and J1 share Sales.
const ROSTER: &[u8] = b"id,role,skills,wants,department\n\
    S1,senior,,ai,Sales\nS2,senior,,ai,IT\n\
    J1,junior,ai:5,,Sales\nJ2,junior,ai:5,,Design\nJ3,junior,ai:5,,\n";

fn scorer_with<'r>(roster: &'r crate::roster::Roster, spec: &RuleSpec) -> Scorer<'r> {
    Scorer::with_rules(
        roster,
        Weights::default(),
        rules::resolve(roster, spec).unwrap(),
    )
}

fn options(spec: &RuleSpec) -> ReadOptions {
    ReadOptions {
        rule_attributes: spec.attributes(),
        ..ReadOptions::default()
    }
}

#[test]
fn max_same_is_one_row_counting_group_pairs_against_all() {
    let spec = RuleSpec {
        max_same: [("department".to_string(), 0.25)].into(),
        ..RuleSpec::default()
    };
    let roster = parse("r.csv", ROSTER, &options(&spec)).unwrap();
    let scorer = scorer_with(&roster, &spec);
    let graph = full_graph(&scorer);
    let rows = rows(&scorer, &graph);
    assert_eq!(rows.len(), 1, "an upper bound only");
    let row = &rows[0];
    assert_eq!(row.label, "--max-same department=0.25");
    assert_eq!((row.lower, row.upper), (None, Some(0.0)));
    // Edge 0 is S1-J1 (same department): 1 - 0.25; every other -0.25.
    assert_eq!(row.coef[0], (0, 0.75));
    assert!(row.coef[1..].iter().all(|&(_, c)| c == -0.25));
    assert_eq!(row.coef.len(), graph.n_edges());
    // S1-J1 alone is 100% in the group; with two other pairs, 33%.
    let s2_j2 = graph.edges(1).find(|&e| graph.junior[e] == 1).unwrap();
    let s1_j3 = graph.edges(0).find(|&e| graph.junior[e] == 2).unwrap();
    let pairs = |edges: &[usize]| -> Vec<(usize, usize)> {
        edges
            .iter()
            .map(|&e| (graph.senior_of(e), graph.junior[e] as usize))
            .collect()
    };
    assert!(!meets(&scorer, &pairs(&[0])));
    assert!(meets(&scorer, &pairs(&[s1_j3, s2_j2])));
    assert_eq!(thin_to_fit(&rows, &graph, &[0, s2_j2]), Some(vec![s2_j2]));
}

#[test]
fn fair_makes_a_lower_and_an_upper_row_per_value() {
    let spec = RuleSpec {
        fair: [("department".to_string(), 0.1)].into(),
        ..RuleSpec::default()
    };
    let roster = parse("r.csv", ROSTER, &options(&spec)).unwrap();
    let scorer = scorer_with(&roster, &spec);
    let rows = rows(&scorer, &full_graph(&scorer));
    // Three values (blank, Design, Sales), each a third of the pool.
    assert_eq!(rows.len(), 6);
    for pair in rows.chunks(2) {
        assert_eq!(pair[0].rule, pair[1].rule);
        assert_eq!(pair[0].rule.to_string(), "--fair department=0.1");
        assert!(pair[0].upper.is_some() && pair[1].lower.is_some());
    }
    assert!(
        rows[0]
            .label
            .ends_with("(department=(blank): pool share 0.333)"),
        "{}",
        rows[0].label
    );
}
