//! The branch and bound against exhaustive search on small random
//! problems, with and without the patching that usually spares it from
//! branching.

use super::network::GroupBound;
use super::search::{Found, Limits, Problem, RowBound, Search};

use crate::solve::TestRng as Rng;

fn random_problem(rng: &mut Rng) -> Problem {
    let n_s = 2 + rng.below(4) as usize;
    let n_j = 2 + rng.below(5) as usize;
    let n_rows = rng.below(3) as usize;
    let grouped = rng.below(2) == 0;
    let mut pb = Problem {
        senior_cap: (0..n_s).map(|_| 1 + rng.below(2) as u32).collect(),
        junior_cap: (0..n_j).map(|_| 1 + (rng.below(4) == 0) as u32).collect(),
        start: vec![0],
        ..Problem::default()
    };
    for _ in 0..n_s {
        for j in 0..n_j {
            if rng.below(3) > 0 {
                pb.junior.push(j as u32);
                // Few distinct values, so ties are common.
                pb.units
                    .push(rng.below(4) as i64 * 10 + rng.below(2) as i64);
                pb.mask.push(rng.below(1 << n_rows));
            }
        }
        pb.start.push(pb.junior.len());
    }
    pb.max_units = pb.units.iter().copied().max().unwrap_or(0);
    pb.rows = (0..n_rows)
        .map(|_| {
            let lo = rng.below(2) as u32;
            RowBound {
                lo,
                hi: lo + rng.below(3) as u32,
            }
        })
        .collect();
    if grouped {
        pb.group_of = (0..n_j).map(|_| rng.below(2) as u32).collect();
        pb.groups = (0..2)
            .map(|_| {
                let lo = rng.below(2) as u32;
                GroupBound {
                    lo,
                    hi: lo + rng.below(3) as u32,
                }
            })
            .collect();
    }
    pb.pairs = 1 + rng.below(4) as u32;
    pb
}

/// The best units over every pairing with exactly `pb.pairs` pairs that
/// keeps capacities, groups and rows; None if there is none.
fn brute_force(pb: &Problem) -> Option<i128> {
    let m = pb.n_edges();
    let mut best: Option<i128> = None;
    for set in 0u32..(1 << m) {
        if set.count_ones() != pb.pairs {
            continue;
        }
        let mut s_load = vec![0u32; pb.senior_cap.len()];
        let mut j_load = vec![0u32; pb.junior_cap.len()];
        let mut rows = vec![0u32; pb.rows.len()];
        let mut groups = vec![0u32; pb.groups.len()];
        let mut units: i128 = 0;
        for e in 0..m {
            if set >> e & 1 == 0 {
                continue;
            }
            s_load[pb.senior_of(e)] += 1;
            let j = pb.junior[e] as usize;
            j_load[j] += 1;
            if let Some(&g) = pb.group_of.get(j) {
                groups[g as usize] += 1;
            }
            for (r, c) in rows.iter_mut().enumerate() {
                *c += (pb.mask[e] >> r & 1) as u32;
            }
            units += i128::from(pb.units[e]);
        }
        let ok = s_load.iter().zip(&pb.senior_cap).all(|(l, c)| l <= c)
            && j_load.iter().zip(&pb.junior_cap).all(|(l, c)| l <= c)
            && rows
                .iter()
                .zip(&pb.rows)
                .all(|(&c, b)| b.lo <= c && c <= b.hi)
            && groups
                .iter()
                .zip(&pb.groups)
                .all(|(&c, b)| b.lo <= c && c <= b.hi);
        if ok && best.is_none_or(|b| units > b) {
            best = Some(units);
        }
    }
    best
}

fn run(pb: &Problem, patching: bool) -> Found {
    let mut search = Search::new(pb);
    search.patching = patching;
    search.run(
        &[],
        Limits {
            deadline: None,
            max_open: 4,
        },
        |_, _, _| {},
    )
}

#[test]
fn branch_and_bound_matches_brute_force() {
    let mut rng = Rng(0x5EED);
    let mut branched = 0;
    for case in 0..10_000 {
        let pb = random_problem(&mut rng);
        if pb.n_edges() > 16 {
            continue;
        }
        let want = brute_force(&pb);
        for patching in [false, true] {
            let mut search = Search::new(&pb);
            search.patching = patching;
            let found = search.run(
                &[],
                Limits {
                    deadline: None,
                    max_open: 4,
                },
                |_, _, _| {},
            );
            if search.effort.nodes > 1 {
                branched += 1;
            }
            match (&found, want) {
                (Found::Optimal { edges, units }, Some(w)) => {
                    assert_eq!(
                        *units, w,
                        "case {case} patching {patching}: {pb:?} {edges:?}"
                    );
                    let sum: i128 = edges.iter().map(|&e| i128::from(pb.units[e])).sum();
                    assert_eq!(sum, *units, "case {case}");
                    assert_eq!(edges.len(), pb.pairs as usize, "case {case}");
                }
                (Found::NoneAbove, None) => {}
                other => panic!("case {case} patching {patching}: {other:?} for {pb:?}"),
            }
        }
    }
    assert!(branched > 100, "only {branched} searches branched");
    let _ = run;
}
