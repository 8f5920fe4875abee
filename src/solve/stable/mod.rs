//! Stability: whether anyone has a reason to feel passed over.
//!
//! **The notion (pairwise stability with capacities).** Each person has a
//! capacity and a set of partners. Person x *would take* y when x has a
//! free place (fewer partners than capacity), or when x strictly prefers y
//! to their worst partner that could be let go (locked pairs are never let
//! go). An allowed pair (s, j) not in the pairing is a **blocking pair**
//! when s would take j and j would take s. "Allowed" is every pair the hard
//! rules allow (the pairs `rmatch scores` marks allowed); quotas
//! (`--max-same`, `--fair`) are rules over the whole pairing, not reasons of
//! two people, and are not part of the notion.
//!
//! **Preference orders**, two of them:
//!
//! - *By stated preference* (the `prefers` column): the people a person
//!   lists, in their order, are above everyone not listed; everyone not
//!   listed is tied (a weak order). Someone who lists nobody is indifferent
//!   between all partners, so they take someone new only into a free place.
//!   A stable pairing in this sense is *weakly stable*: no two people both
//!   strictly gain.
//! - *By stated preference, then score*: the same, but people not listed
//!   are ordered by the pair's score (higher first; equal scores are tied).
//!   Every pair blocking by stated preference blocks in this sense too.
//!
//! The report counts both; `--stable` ([`program`]) asks for none of the
//! first kind.

mod deferred;
pub mod program;

use rayon::prelude::*;

use crate::roster::Role;
use crate::scoring::{ordinal, Rank, Scorer};

/// One blocking pair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Blocking {
    pub senior: usize,
    pub junior: usize,
    /// Blocking by stated preference (else only once scores order the
    /// people nobody listed).
    pub stated: bool,
    /// The pair's score in solver units.
    pub units: i64,
}

/// What the pairing looks like to one person: places, partners that can
/// be let go, and the worst of them under each order.
#[derive(Clone, Debug, Default)]
struct Holder {
    capacity: u32,
    taken: u32,
    /// Worst partner that can be let go: (stated key, score units, index).
    worst: Option<(u32, i64, usize)>,
}

/// A person's stated key of someone: their rank, or `u32::MAX` (everyone
/// not listed, tied).
fn key(rank: Option<Rank>) -> u32 {
    rank.map_or(u32::MAX, |r| r.rank)
}

impl Holder {
    /// Whether this person would take someone of stated key `k` whose pair
    /// scores `units`: (by stated preference, by stated preference then score).
    fn would_take(&self, k: u32, units: i64) -> (bool, bool) {
        if self.taken < self.capacity {
            return (true, true);
        }
        match self.worst {
            None => (false, false),
            Some((wk, wu, _)) => (k < wk, (k, -units) < (wk, -wu)),
        }
    }
}

/// Every pair of a pairing, for the stability check: `(senior, junior,
/// locked)`.
pub type Pairing = [(usize, usize, bool)];

fn holders(scorer: &Scorer, pairs: &Pairing) -> [Vec<Holder>; 2] {
    let roster = scorer.roster;
    let prefs = &scorer.preferences;
    let mut seniors: Vec<Holder> = roster
        .seniors()
        .iter()
        .map(|p| Holder {
            capacity: p.capacity,
            ..Holder::default()
        })
        .collect();
    let mut juniors: Vec<Holder> = roster
        .juniors()
        .iter()
        .map(|p| Holder {
            capacity: p.capacity,
            ..Holder::default()
        })
        .collect();
    for &(s, j, locked) in pairs {
        seniors[s].taken += 1;
        juniors[j].taken += 1;
        if locked {
            continue;
        }
        let units = scorer.units(s, j, &scorer.counts(s, j));
        let worse = |h: &Option<(u32, i64, usize)>, k: u32, other: usize| match h {
            None => true,
            Some((wk, wu, wi)) => (k, -units, other) > (*wk, -*wu, *wi),
        };
        let ks = key(prefs.senior_rank(s, j));
        if worse(&seniors[s].worst, ks, j) {
            seniors[s].worst = Some((ks, units, j));
        }
        let kj = key(prefs.junior_rank(j, s));
        if worse(&juniors[j].worst, kj, s) {
            juniors[j].worst = Some((kj, units, s));
        }
    }
    [seniors, juniors]
}

/// The blocking pairs of a pairing, counted, with the worst few.
#[derive(Clone, Debug, Default)]
pub struct Report {
    /// Blocking pairs by stated preference.
    pub stated: usize,
    /// Blocking pairs by stated preference, then score.
    pub with_scores: usize,
    /// The worst few (see [`blocking_pairs`]), each with its sentence.
    pub worst: Vec<(Blocking, String)>,
}

/// How many blocking pairs the report lists.
pub const WORST_SHOWN: usize = 5;

/// Counts the blocking pairs of `pairs` over every allowed pair (O(allowed
/// pairs), in parallel) and keeps the `shown` worst: those blocking by
/// stated preference first, then the ones whose two people rank each other
/// highest (sum of the stated ranks, people not listed last), then by
/// score, then by ids.
pub fn blocking_pairs(scorer: &Scorer, pairs: &Pairing, shown: usize) -> Report {
    let [seniors, juniors] = holders(scorer, pairs);
    let prefs = &scorer.preferences;
    let mut paired: Vec<Vec<u32>> = vec![Vec::new(); scorer.n_seniors()];
    for &(s, j, _) in pairs {
        paired[s].push(j as u32);
    }
    for list in &mut paired {
        list.sort_unstable();
    }
    type Sort = (bool, u64, i64, usize, usize);
    let sort_key = |b: &Blocking| -> Sort {
        let ranks = u64::from(key(prefs.senior_rank(b.senior, b.junior)).min(1 << 20))
            + u64::from(key(prefs.junior_rank(b.junior, b.senior)).min(1 << 20));
        (!b.stated, ranks, -b.units, b.senior, b.junior)
    };
    let (stated, with_scores, mut worst) = (0..scorer.n_seniors())
        .into_par_iter()
        .map_init(
            || scorer.scratch(),
            |scratch, s| {
                let (mut stated, mut with_scores, mut found) = (0usize, 0usize, Vec::new());
                scorer.for_each_allowed(s, scratch, |j, _, units| {
                    if paired[s].binary_search(&(j as u32)).is_ok() {
                        return;
                    }
                    let (a1, a2) = seniors[s].would_take(key(prefs.senior_rank(s, j)), units);
                    if !a2 {
                        return;
                    }
                    let (b1, b2) = juniors[j].would_take(key(prefs.junior_rank(j, s)), units);
                    if !b2 {
                        return;
                    }
                    with_scores += 1;
                    stated += usize::from(a1 && b1);
                    found.push(Blocking {
                        senior: s,
                        junior: j,
                        stated: a1 && b1,
                        units,
                    });
                });
                found.sort_by_key(sort_key);
                found.truncate(shown);
                (stated, with_scores, found)
            },
        )
        .reduce(
            || (0, 0, Vec::new()),
            |mut a, b| {
                a.2.extend(b.2);
                a.2.sort_by_key(sort_key);
                a.2.truncate(shown);
                (a.0 + b.0, a.1 + b.1, a.2)
            },
        );
    worst.sort_by_key(sort_key);
    let worst = worst
        .into_iter()
        .map(|b| {
            let why = describe(scorer, &seniors, &juniors, &b);
            (b, why)
        })
        .collect();
    Report {
        stated,
        with_scores,
        worst,
    }
}

/// One blocking pair in words: why each of the two would take the other.
fn describe(scorer: &Scorer, seniors: &[Holder], juniors: &[Holder], b: &Blocking) -> String {
    let roster = scorer.roster;
    let prefs = &scorer.preferences;
    let side = |role: Role, me: usize, other: usize, holder: &Holder| -> String {
        let person = roster.person(role, me);
        let them = roster.person(role.other(), other);
        let rank = match role {
            Role::Senior => prefs.senior_rank(me, other),
            Role::Junior => prefs.junior_rank(me, other),
        };
        if holder.taken < holder.capacity {
            return format!("{} has a free place", person.label());
        }
        let (wk, wu, wi) = holder
            .worst
            .expect("a full person with no partner to let go takes nobody");
        let worst = roster.person(role.other(), wi);
        let listed = |k: u32| {
            if k == u32::MAX {
                "not listed".to_string()
            } else {
                format!("listed {}", ordinal(k))
            }
        };
        if key(rank) < wk {
            format!(
                "{} listed {} as {} choice but has {} ({})",
                person.label(),
                them.label(),
                ordinal(key(rank)),
                worst.label(),
                listed(wk)
            )
        } else {
            format!(
                "{} scores {} {:.4} but has {} at {:.4} ({})",
                person.label(),
                them.label(),
                crate::units::from_units(b.units),
                worst.label(),
                crate::units::from_units(wu),
                if key(rank) == u32::MAX {
                    "neither listed".to_string()
                } else {
                    format!("both {}", listed(wk))
                }
            )
        }
    };
    format!(
        "{}; {}",
        side(Role::Senior, b.senior, b.junior, &seniors[b.senior]),
        side(Role::Junior, b.junior, b.senior, &juniors[b.junior])
    )
}

/// `--stable`: the best pairing with no blocking pair by stated preference
/// (see [`program`]), checked independently before it is returned, with
/// the certified best pairing without the requirement beside it.
pub(super) fn solve(
    scorer: &Scorer,
    options: &super::SolveOptions,
    started: std::time::Instant,
) -> crate::error::Result<super::Solution> {
    use super::{certificate, full_graph, loads, Bound, Measure, Objective, Solution};
    use crate::error::Error;
    if !scorer.rules.quotas.is_empty() {
        return Err(Error::Usage(
            "--stable does not combine with quotas (--max-same, --fair): a quota is a rule over the whole pairing, which the stability of two people does not know; drop one of them".into(),
        ));
    }
    if options.objective == Objective::Goals {
        return Err(Error::Usage(
            "--stable finds the most pairs, then the best score (or with --objective score the best score) among stable pairings; it does not combine with --objective goals".into(),
        ));
    }
    if loads::loads(scorer, options.objective)?.is_some() {
        return Err(Error::Usage(
            "--stable does not combine with minimum loads (the min_capacity column), --everyone-first or --spread-ties; drop one of them".into(),
        ));
    }
    let candidates = crate::candidates::candidates(scorer, options.candidates);
    let allowed = candidates.allowed_pairs();
    // Above this size the exact program is not tried: deferred
    // acceptance's stable pairing is the answer, not proven best.
    let exact = allowed <= program::MAX_PAIRS;
    let mut round_log = certificate::RoundLog::default();
    let (flow_graph, relaxed, rounds) =
        certificate::certified_flow(scorer, options.objective, &candidates, &mut round_log)?;
    let without = super::totals(&flow_graph, &relaxed.edges);
    let graph = full_graph(scorer);
    let limit = options.time_limit.unwrap_or(super::DEFAULT_TIME_LIMIT);
    let mut stopped_at_limit = false;
    let found = if graph.n_edges() == 0 {
        program::Found {
            edges: Vec::new(),
            proven: true,
        }
    } else {
        // Deferred acceptance gives a stable pairing at once; the program
        // looks for the best one, and when it stops at the time limit the
        // better of its pairing (if any) and this one is kept.
        let fallback = deferred::deferred_acceptance(scorer, &graph);
        let better = |a: &[usize], b: &[usize]| {
            let (ta, tb) = (super::totals(&graph, a), super::totals(&graph, b));
            match options.objective {
                Objective::Score => ta.1 > tb.1,
                _ => ta > tb,
            }
        };
        let solved = if exact {
            program::solve(scorer, &graph, options.objective, limit)
        } else {
            Err(program::Failure::NoIncumbent)
        };
        match solved {
            Ok(found) if found.proven || !better(&fallback, &found.edges) => found,
            Ok(_) | Err(program::Failure::NoIncumbent) => {
                stopped_at_limit = true;
                program::Found {
                    edges: fallback,
                    proven: false,
                }
            }
            Err(failure) => return Err(program::failure_error(failure, limit)),
        }
    };
    let pairs = super::pairs_of(scorer, &graph, &found.edges);
    let pairing: Vec<(usize, usize, bool)> = pairs
        .iter()
        .map(|p| (p.senior, p.junior, p.locked))
        .collect();
    program::check(scorer, &pairing)?;
    // Locked (and kept) pairs are in neither graph: counted into both
    // totals, so the pairing and the one without --stable compare whole.
    let locked = super::locked_totals(scorer);
    let add_locked = |(n, u): (usize, i64)| (n + locked.0, u + locked.1);
    let without = add_locked(without);
    let with = add_locked(super::totals(&graph, &found.edges));
    let reaches = match options.objective {
        Objective::Score => with.1 >= without.1,
        _ => with == without,
    };
    let proven = found.proven || reaches;
    let proof = if found.proven {
        format!("proven by microlp's branch and bound on the stability program over all {allowed} allowed pairs")
    } else if reaches {
        format!("proven: it is stable and as good as the best pairing without --stable, certified over all {allowed} allowed pairs")
    } else if stopped_at_limit && !exact {
        format!("not proven: with {allowed} allowed pairs, more than the {} the exact stability program takes, this is the stable pairing deferred acceptance gives (seniors proposing, ties broken by score); the bound is the best pairing without --stable", program::MAX_PAIRS)
    } else if stopped_at_limit {
        "not proven: the stability program stopped at its time limit, so this is the stable pairing deferred acceptance gives (seniors proposing); the bound is the best pairing without --stable".into()
    } else {
        "not proven: the stability program stopped at its time limit; the bound is the best pairing without --stable".into()
    };
    let bound = (!proven).then(|| {
        if with.0 < without.0 && options.objective == Objective::PairsThenScore {
            Bound::new(Measure::Pairs, with.0 as f64, without.0 as f64)
        } else {
            Bound::new(
                Measure::TotalScore,
                crate::units::from_units(with.1),
                crate::units::from_units(without.1.max(with.1)),
            )
        }
    });
    Ok(Solution {
        pairs,
        proven_optimal: proven,
        proof,
        bound,
        method: options.method,
        seconds: started.elapsed().as_secs_f64(),
        candidate_pairs: graph.n_edges(),
        candidates,
        rounds,
        without_quotas: None,
        goals_objective: None,
        without_stability: Some(without),
        duals: None,
        log: round_log.log,
    })
}

/// The stability section of a run's summary (JSON `stability`).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Stability {
    /// Blocking pairs by stated preference.
    pub blocking_pairs: usize,
    /// Blocking pairs by stated preference, then score for the people
    /// nobody listed.
    pub blocking_pairs_with_scores: usize,
    /// The worst few blocking pairs (at most [`WORST_SHOWN`]).
    pub worst: Vec<BlockingRow>,
    /// With `--stable`: the best pairing without it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub without_stable: Option<super::Totals>,
}

/// One blocking pair as the outputs list it.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct BlockingRow {
    pub senior_id: String,
    pub junior_id: String,
    /// `stated preference`, or `score` when it blocks only once scores
    /// order the people nobody listed.
    pub by: &'static str,
    pub why: String,
}

impl Stability {
    /// The stability of a solved pairing, when the roster states
    /// preferences or `--stable` was asked for.
    pub fn of(scorer: &Scorer, solution: &super::Solution) -> Option<Stability> {
        if !scorer.roster.has_prefers && !scorer.rules.stable {
            return None;
        }
        let pairing: Vec<(usize, usize, bool)> = solution
            .pairs
            .iter()
            .map(|p| (p.senior, p.junior, p.locked))
            .collect();
        let report = blocking_pairs(scorer, &pairing, WORST_SHOWN);
        let roster = scorer.roster;
        Some(Stability {
            blocking_pairs: report.stated,
            blocking_pairs_with_scores: report.with_scores,
            worst: report
                .worst
                .into_iter()
                .map(|(b, why)| BlockingRow {
                    senior_id: roster.senior(b.senior).id.clone(),
                    junior_id: roster.junior(b.junior).id.clone(),
                    by: if b.stated {
                        "stated preference"
                    } else {
                        "score"
                    },
                    why,
                })
                .collect(),
            without_stable: solution
                .without_stability
                .map(|(pairs, units)| super::Totals {
                    pairs,
                    total_score: crate::units::round4(crate::units::from_units(units)),
                }),
        })
    }

    /// The summary's words: how many blocking pairs, and with `--stable`
    /// what stability costs.
    pub fn sentence(&self) -> String {
        let mut text = format!(
            "{} by stated preference ({} counting scores for people nobody listed)",
            crate::text::count(self.blocking_pairs, "blocking pair", "blocking pairs"),
            self.blocking_pairs_with_scores
        );
        if let Some(w) = self.without_stable {
            text.push_str(&format!(
                "; the best pairing without --stable has {} pairs, total score {:.4}",
                w.pairs, w.total_score
            ));
        }
        text
    }
}
