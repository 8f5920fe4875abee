//! The certificate's look at the allowed pairs a round's graph leaves
//! out: which of them violate their dual constraint under the round's
//! prices, found by a bounded scan of each senior's allowed pairs, and what
//! each scan proved, remembered so the next round looks again only where
//! prices moved (see [`ScanMemory`]); and the same first look for several
//! solves under different weights at once ([`left_out_above_together`]).

use std::cmp::Reverse;

use rayon::prelude::*;

use super::graph::{Graph, Objective, Value};
use crate::candidates::{tie, Candidates, WeightChord, CHUNK};
use crate::scoring::{
    coarse_floor, to_units, BoundParts, CoarseFloors, CoarseLook, Counts, PartsBound, Pass, Scorer,
    Visit, Weights,
};

/// What the certificate scans of earlier rounds of one solve proved about
/// the pairs they left out, so a later round looks again only at the pairs
/// that were near their dual constraint.
///
/// A full scan of senior `s` under prices `(u, v)` keeps its left-out pairs
/// with `w - u_s - v_j > -margin` (up to 256, the most violating
/// first) with their values, and so shows that every other allowed pair it
/// leaves out has `w <= u_s + v_j - m_s` (`m_s` is the margin, or less when
/// pairs within it were not kept). Graphs only grow from round to round, so
/// under later prices `(u', v')` such a pair has `w - u'_s - v'_j <= (u_s -
/// u'_s) + (v_j - v'_j) - m_s`: at most 0 unless the senior's price has
/// fallen or the junior's has fallen by more than what is left of `m_s`.
/// The few juniors whose price fell that far are checked pair by pair; a
/// senior whose own price fell too far, or who would need too many such
/// checks, is scanned in full again. Between rounds most prices stay put or
/// rise (on a 10,000 x 20,000 roster no junior's fell by more than 0.065
/// points, and 99% of those that fell by less than 0.035), so after the
/// first round most scans are a look at a few kept pairs.
pub struct ScanMemory {
    /// How far below its dual constraint a left-out pair must be for a
    /// scan to forget it.
    margin: Value,
    /// The junior prices of each round whose scans are remembered.
    prices: Vec<Vec<Value>>,
    /// Per senior, what its last full scan proved (none: scan it in full).
    seniors: Vec<Option<Remembered>>,
    /// A senior's scan keeps at most this many near pairs ([`NEAR_MOST`];
    /// tests make it small).
    near_most: usize,
    /// The coarse first look's rows and junior parts for the solve's
    /// scorer, once built (see [`dense_for`]).
    dense: Option<Dense>,
}

/// The rows of levels and junior parts of the coarse first look (see
/// [`crate::scoring::dense`]), none where it is not taken.
type Dense = Option<CoarseLook>;

/// The coarse first look's parts for `scorer`, where scans compare in 64
/// bits (no loads' scale).
fn dense_for(scorer: &Scorer, scale: Value) -> Dense {
    if scale != 1 {
        return None;
    }
    scorer.coarse_look()
}

/// Per junior, [`coarse_floor`] of its price plus one (a pair's bound must
/// exceed the senior's threshold plus the price) less its coarse rest: the
/// junior side of [`CoarseFloors`] for a scan under prices `v_narrow`.
fn coarse_prices(dense: &Dense, v_narrow: &[i64]) -> Option<Vec<i32>> {
    dense.as_ref().map(|(_, juniors)| {
        v_narrow
            .iter()
            .zip(&juniors.rest)
            .map(|(&v, &rest)| coarse_floor(v.saturating_add(1)) - rest)
            .collect()
    })
}

/// What a full scan of one senior proved (see [`ScanMemory`]).
struct Remembered {
    /// Which of the memory's junior prices the scan ran under.
    prices: usize,
    /// The senior's own price then.
    u: Value,
    /// Every left-out pair not kept was at least this far below its dual
    /// constraint (more than 0).
    margin: Value,
    /// The kept pairs `(junior, units, value)`, by junior.
    near: Vec<(u32, i64, Value)>,
}

/// A senior's scan keeps at most this many near pairs.
const NEAR_MOST: usize = 256;

/// A senior is checked one by one against at most this many juniors whose
/// price fell further than its memory covers, or one in `FALLEN_SHARE` of
/// its allowed partners if more, before it is scanned in full instead.
const FALLEN_MOST: usize = 64;
const FALLEN_SHARE: u64 = 32;

/// The margin of [`ScanMemory`] in points, before the loads' scale: wide
/// enough for most price moves seen between rounds, narrow enough that few
/// pairs fall inside it.
const MARGIN_POINTS: f64 = 0.05;

impl ScanMemory {
    /// A memory of nothing yet, for a solve whose values are `scale` times
    /// the pairs' units.
    pub fn new(n_seniors: usize, scale: Value) -> ScanMemory {
        ScanMemory {
            margin: Value::from(to_units(MARGIN_POINTS)) * scale,
            prices: Vec::new(),
            seniors: (0..n_seniors).map(|_| None).collect(),
            near_most: NEAR_MOST,
            dense: None,
        }
    }
}

/// Scans the allowed pairs left out of `graph` for those whose reduced
/// cost `w - u_s - v_j` is above 0. Returns what it did (with how many
/// violate it) and pairs
/// to add: each looked-at senior's `per_senior` most violating ones, among
/// its violating pairs and those within a quarter of the memory's margin.
///
/// A senior whose whole allowed list is in the graph needs no look; nor one
/// whose dual covers its k-th best score (every left-out pair scores at
/// most that, and every v is at least the lowest, or 0). One that `memory`
/// shows is still covered gets a look at its kept pairs and at its pairs
/// with juniors whose prices fell. Any other is scanned: its pairs are
/// bounded before they are scored ([`Scorer::for_each_allowed_among`]),
/// and only those whose bound could come within the memory's margin are
/// scored, so the check still covers every allowed pair.
#[allow(clippy::too_many_arguments)]
pub fn left_out_above(
    scorer: &Scorer,
    objective: Objective,
    graph: &Graph,
    candidates: &Candidates,
    u: &[Value],
    v: &[Value],
    memory: &mut ScanMemory,
    scale: Value,
    per_senior: usize,
) -> Looked {
    let value = |units: i64, goals: u32| objective.value(units, goals) * scale;
    let (margin, near_most) = (memory.margin, memory.near_most);
    // Pairs this close to their dual constraint come back with the
    // violating ones: the next round's price moves would make many of them
    // violate (on a 10,000 x 20,000 roster this saves a round).
    let within = margin / 4;
    let v_floor: Value = v.iter().copied().min().unwrap_or(0).min(0);
    // The most goals a pair of senior `s` can cover.
    let most_goals = |s: usize| match objective {
        Objective::Goals => scorer.wanted_priority(s),
        _ => 0,
    };
    // Since each remembered round, the juniors whose price fell: how far,
    // furthest first.
    let fallen: Vec<Vec<(Value, u32)>> = memory
        .prices
        .iter()
        .map(|then| {
            let mut fell: Vec<(Value, u32)> = then
                .iter()
                .zip(v)
                .enumerate()
                .filter(|(_, (then, now))| then > now)
                .map(|(j, (then, now))| (then - now, j as u32))
                .collect();
            fell.sort_unstable_by(|a, b| b.cmp(a));
            fell
        })
        .collect();
    // Which of `fallen[q]` fell by more than `t`, if few enough to check
    // one by one against senior `s`: checking a pair costs tens of times
    // what looking at it in a scan does.
    let fell_beyond = |s: usize, q: usize, t: Value| {
        let beyond = fallen[q].partition_point(|&(fall, _)| fall > t);
        let most = (candidates.senior_allowed[s] / FALLEN_SHARE) as usize;
        (t >= 0 && beyond <= most.max(FALLEN_MOST)).then_some(0..beyond)
    };
    let to_look: Vec<(usize, Option<std::ops::Range<usize>>)> = (0..graph.n_seniors())
        .filter(|&s| needs_look(candidates, s, value, most_goals(s), u[s], v_floor))
        .map(|s| {
            let recheck = memory.seniors[s]
                .as_ref()
                .and_then(|r| fell_beyond(s, r.prices, r.margin - (r.u - u[s]).max(0)));
            (s, recheck)
        })
        .collect();
    let to_scan: Vec<usize> = to_look
        .iter()
        .filter(|(_, recheck)| recheck.is_none())
        .map(|&(s, _)| s)
        .collect();
    let v_narrow = narrow_prices(v);
    if !to_scan.is_empty() && memory.dense.is_none() {
        memory.dense = Some(dense_for(scorer, scale));
    }
    let dense = memory.dense.clone().flatten();
    let v_coarse = coarse_prices(&dense, &v_narrow);
    let prices = Prices {
        objective,
        u,
        v,
        v_narrow: &v_narrow,
        v_coarse: v_coarse.as_deref(),
        scale,
        margin,
    };
    let scanned: Vec<Scanned> = to_scan
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut scratch = scorer.scratch().with_dense(dense.clone());
            let mut looks: Vec<Look<_>> = chunk
                .iter()
                .map(|&s| prices.look(scorer, graph, s, &value, most_goals(s)))
                .collect();
            // Every senior of the chunk against one tile of juniors at a
            // time, as the candidate pass does.
            for juniors in scorer.junior_tiles() {
                for look in &mut looks {
                    scorer.for_each_allowed_among(
                        look.s,
                        juniors.clone(),
                        &mut scratch,
                        Pass::Above,
                        look,
                    );
                }
            }
            let mut out = Scanned {
                bounded: scratch.looked as usize,
                ..Scanned::default()
            };
            for look in looks {
                out.sum_up(look, u, v, margin, near_most, within, per_senior);
            }
            out
        })
        .collect();
    // The seniors whose last full scan still covers them: their kept pairs,
    // and their pairs with juniors whose prices fell too far, under today's
    // prices.
    let rechecked: Vec<Rechecked> = to_look
        .par_iter()
        .filter_map(|(s, recheck)| recheck.clone().map(|fell| (*s, fell)))
        .map(|(s, fell)| {
            let r = memory.seniors[s].as_ref().expect("a remembered senior");
            let edges = &graph.junior[graph.edges(s)];
            let mut hits = Vec::new();
            let mut violating = 0;
            let mut check = |j: u32, units: i64, worth: Value| {
                let over = worth - u[s] - v[j as usize];
                if over > -within && edges.binary_search(&j).is_err() {
                    violating += usize::from(over > 0);
                    hits.push((Reverse(over), tie(s as u32, j), j, units));
                }
            };
            for &(j, units, worth) in &r.near {
                check(j, units, worth);
            }
            let mut one_by_one = 0;
            let goals_most = most_goals(s);
            for &(_, j) in &fallen[r.prices][fell] {
                if !scorer.may_teach(s, j as usize)
                    || r.near.binary_search_by_key(&j, |n| n.0).is_ok()
                {
                    continue;
                }
                one_by_one += 1;
                // A bound first: most of these pairs are far below their
                // dual constraint, and scoring one costs tens of bounds.
                let Some(teach) = scorer.open_teach(s, j as usize) else {
                    continue;
                };
                let most = scorer.units_at_most(s, j as usize, teach);
                if value(most, goals_most) - u[s] - v[j as usize] <= -within {
                    continue;
                }
                if let Some((_, units)) = scorer.may_pair(s, j as usize) {
                    let goals = match objective {
                        Objective::Goals => scorer.covered_priority(s, j as usize),
                        _ => 0,
                    };
                    check(j, units, value(units, goals));
                }
            }
            (
                violating,
                one_by_one,
                most_violating(s, hits, within, per_senior).collect(),
            )
        })
        .collect();
    let (mut count, mut found, bounded, scored) = remember(memory, scanned, u, v);
    let n_rechecked = rechecked.len();
    let mut pairs_one_by_one = 0;
    for (violating, one_by_one, hits) in rechecked {
        count += violating;
        pairs_one_by_one += one_by_one;
        found.extend(hits);
    }
    found.sort_unstable();
    let counts = ScanCounts {
        scanned: to_scan.len(),
        bounded,
        scored,
        rechecked: n_rechecked,
        one_by_one: pairs_one_by_one,
        violating: count,
    };
    (counts, found)
}

/// Whether senior `s` has left-out pairs that a look must see, under its
/// price `u_s` and junior prices no lower than `v_floor`: not when its whole
/// allowed list is in the graph, nor when its price covers its k-th best
/// score (every left-out pair scores at most that, valued by `value` with
/// the `most_goals` the senior's pairs can cover).
fn needs_look(
    candidates: &Candidates,
    s: usize,
    value: impl Fn(i64, u32) -> Value,
    most_goals: u32,
    u_s: Value,
    v_floor: Value,
) -> bool {
    let k = candidates.k;
    let best = &candidates.senior_best[s];
    candidates.senior_allowed[s] > best.len() as u64
        && best.len() == k
        && value(best[k - 1].1, most_goals) - u_s - v_floor > 0
}

/// One solve's first look at its left-out pairs, taken with others' in
/// [`left_out_above_together`]: the arguments of [`left_out_above`].
pub struct Job<'a> {
    /// The solve's weights (its roster and rules are the enumerator's).
    pub weights: Weights,
    pub objective: Objective,
    pub graph: &'a Graph,
    pub candidates: &'a Candidates,
    pub u: &'a [Value],
    pub v: &'a [Value],
    pub memory: &'a mut ScanMemory,
    pub scale: Value,
    pub per_senior: usize,
}

/// [`left_out_above`] for the first certificate round of several solves of
/// one roster and rules under different weights (a sweep's steps), with
/// their memories still empty: each senior that some of them must scan has
/// its allowed pairs enumerated once, by `enumerator` (the same roster and
/// rules, weights at least each job's: a pair's bound under them is at
/// least its units under each job's), and each pair is checked against
/// every such job's prices. Each job gets what its own call would return
/// and remembers the same (only the pairs bounded and scored are counted
/// differently: a pair one job's bound would turn away can be scored for
/// another's).
pub fn left_out_above_together(enumerator: &Scorer, jobs: &mut [Job<'_>]) -> Vec<Looked> {
    assert!(
        jobs.iter().all(|job| job.memory.prices.is_empty()),
        "a first look: no scan remembered yet"
    );
    let values: Vec<_> = jobs
        .iter()
        .map(|job| {
            let (objective, scale) = (job.objective, job.scale);
            move |units: i64, goals: u32| objective.value(units, goals) * scale
        })
        .collect();
    let most_goals = |job: &Job, s: usize| match job.objective {
        Objective::Goals => enumerator.wanted_priority(s),
        _ => 0,
    };
    // Per senior, the jobs that scan it.
    let n_s = enumerator.n_seniors();
    let mut scanned_by: Vec<Vec<u32>> = vec![Vec::new(); n_s];
    let mut to_scan = vec![0usize; jobs.len()];
    for (i, job) in jobs.iter().enumerate() {
        let v_floor: Value = job.v.iter().copied().min().unwrap_or(0).min(0);
        for (s, by) in scanned_by.iter_mut().enumerate() {
            if needs_look(
                job.candidates,
                s,
                values[i],
                most_goals(job, s),
                job.u[s],
                v_floor,
            ) {
                by.push(i as u32);
                to_scan[i] += 1;
            }
        }
    }
    let seniors: Vec<usize> = (0..n_s).filter(|&s| !scanned_by[s].is_empty()).collect();
    let v_narrow: Vec<Vec<i64>> = jobs.iter().map(|job| narrow_prices(job.v)).collect();
    // Each junior's lowest price over the jobs.
    let v_lowest: Vec<i64> = (0..enumerator.n_juniors())
        .map(|j| v_narrow.iter().map(|v| v[j]).min().unwrap_or(0))
        .collect();
    // The coarse first look against the lowest prices, where every job
    // compares in 64 bits.
    let dense = if jobs.iter().all(|job| job.scale == 1) && !seniors.is_empty() {
        dense_for(enumerator, 1)
    } else {
        None
    };
    let v_lowest_coarse = coarse_prices(&dense, &v_lowest);
    // Where the jobs differ in the learn or teach weight alone, each look
    // takes its job's share of that part off the bound (see
    // [`Looks::wants_first`]).
    let chord = WeightChord::of(&jobs.iter().map(|job| job.weights).collect::<Vec<_>>());
    let prices: Vec<Prices> = jobs
        .iter()
        .zip(&v_narrow)
        .map(|(job, v_narrow)| Prices {
            objective: job.objective,
            u: job.u,
            v: job.v,
            v_narrow,
            v_coarse: None,
            scale: job.scale,
            margin: job.memory.margin,
        })
        .collect();
    let parts: Vec<Vec<Scanned>> = seniors
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut scratch = enumerator.scratch().with_dense(dense.clone());
            let mut looks: Vec<Looks<_>> = chunk
                .iter()
                .map(|&s| {
                    let looks: Vec<(usize, Look<_>)> = scanned_by[s]
                        .iter()
                        .map(|&i| {
                            let (i, job) = (i as usize, &jobs[i as usize]);
                            let look = prices[i].look(
                                enumerator,
                                job.graph,
                                s,
                                &values[i],
                                most_goals(job, s),
                            );
                            (i, look)
                        })
                        .collect();
                    let lowest = looks
                        .iter()
                        .map(|(_, look)| look.narrow.map(|(over, _)| over))
                        .try_fold(i64::MAX, |low, over| over.map(|over| low.min(over)));
                    let weights = looks.iter().map(|&(i, _)| jobs[i].weights).collect();
                    Looks {
                        s,
                        looked: 0,
                        weights,
                        lowest: lowest.map(|low| (low, v_lowest.as_slice())),
                        coarse: v_lowest_coarse.as_deref(),
                        wanting: Vec::new(),
                        wanting_for: None,
                        looks,
                        chord: chord.as_ref(),
                    }
                })
                .collect();
            for juniors in enumerator.junior_tiles() {
                for looks in &mut looks {
                    let before = scratch.looked;
                    enumerator.for_each_allowed_among(
                        looks.s,
                        juniors.clone(),
                        &mut scratch,
                        Pass::Above,
                        looks,
                    );
                    looks.looked += scratch.looked - before;
                }
            }
            let mut out: Vec<Scanned> = jobs.iter().map(|_| Scanned::default()).collect();
            for Looks { looked, looks, .. } in looks {
                for (i, look) in looks {
                    let (job, memory) = (&jobs[i], &jobs[i].memory);
                    let margin = memory.margin;
                    out[i].bounded += looked as usize;
                    out[i].sum_up(
                        look,
                        job.u,
                        job.v,
                        margin,
                        memory.near_most,
                        margin / 4,
                        job.per_senior,
                    );
                }
            }
            out
        })
        .collect();
    let mut by_job: Vec<Vec<Scanned>> = jobs.iter().map(|_| Vec::new()).collect();
    for part in parts {
        for (i, scanned) in part.into_iter().enumerate() {
            if to_scan[i] > 0 {
                by_job[i].push(scanned);
            }
        }
    }
    jobs.iter_mut()
        .zip(by_job)
        .zip(to_scan)
        .map(|((job, scanned), n_scanned)| {
            let (count, mut found, bounded, scored) = remember(job.memory, scanned, job.u, job.v);
            found.sort_unstable();
            let counts = ScanCounts {
                scanned: n_scanned,
                bounded,
                scored,
                rechecked: 0,
                one_by_one: 0,
                violating: count,
            };
            (counts, found)
        })
        .collect()
}

/// One senior's looks at its left-out pairs for several jobs at once (see
/// [`left_out_above_together`]): a pair is scored when some job's look
/// wants it, and each look gets its units under its own job's weights.
struct Looks<'a, F> {
    s: usize,
    /// Pairs bounded while enumerating the senior's allowed pairs.
    looked: u64,
    /// `(job, its look)`, each look with the enumerating scorer.
    looks: Vec<(usize, Look<'a, F>)>,
    /// Each look's job's weights.
    weights: Vec<Weights>,
    /// Where every look compares in 64 bits: the lowest of their
    /// thresholds, and each junior's lowest price over the jobs.
    lowest: Option<(i64, &'a [i64])>,
    /// The junior side of the coarse look's [`CoarseFloors`] under the
    /// lowest prices, where it is taken.
    coarse: Option<&'a [i32]>,
    /// Which looks wanted junior `wanting_for`'s pair under their own
    /// job's bound.
    wanting: Vec<bool>,
    wanting_for: Option<usize>,
    /// Where the jobs' weights differ in the learn or teach weight alone,
    /// how far each job's bound falls under the enumerator's (see
    /// [`WeightChord::falls`]), by job.
    chord: Option<&'a WeightChord>,
}

impl<F> Looks<'_, F> {
    /// Whether no look can want junior `j`'s pair with `bound`: it is
    /// below the lowest of their thresholds plus the junior's lowest price
    /// (most pairs stop at this one compare).
    #[inline]
    fn under_every_look(&self, j: usize, bound: i64) -> bool {
        self.lowest
            .is_some_and(|(lowest, v_lowest)| bound <= lowest.saturating_add(v_lowest[j]))
    }
}

impl<F: Fn(i64, u32) -> Value> Visit for Looks<'_, F> {
    #[inline]
    fn coarse_floors(&self) -> Option<CoarseFloors<'_>> {
        // A pair no look wants has a bound at most the lowest threshold
        // plus the junior's lowest price.
        let (lowest, _) = self.lowest?;
        Some(CoarseFloors::above(lowest, self.coarse?))
    }

    #[inline]
    fn wants(&mut self, j: usize, bound: i64) -> bool {
        !self.under_every_look(j, bound)
            && self.looks.iter_mut().any(|(_, look)| look.wants(j, bound))
    }

    #[inline]
    fn wants_first(&mut self, j: usize, bound: i64, _: bool, parts: BoundParts) -> bool {
        let Some(chord) = self.chord else {
            return self.wants(j, bound);
        };
        if self.under_every_look(j, bound) {
            return false;
        }
        // Each look against its own job's share of the part (two units of
        // room for the rounding, as in the candidate pass): the bound is
        // under the largest weights, and a job with a smaller weight of
        // the part has at most `bound - falls` units.
        self.looks
            .iter_mut()
            .any(|(i, look)| look.wants(j, bound - chord.falls(*i, parts) + 2))
    }

    #[inline]
    fn wants_parts(&mut self, j: usize, bound: i64, parts: impl FnOnce() -> PartsBound) -> bool {
        if !self.wants(j, bound) {
            return false;
        }
        // Some look wants the pair under the largest weights; each look
        // checks its own job's bound (far lower where the job's weights
        // are: a learn weight of 0 against one of 0.9).
        let parts = parts();
        self.wanting.clear();
        self.wanting.extend(
            self.looks
                .iter_mut()
                .zip(&self.weights)
                .map(|((_, look), weights)| look.wants(j, parts.units(weights))),
        );
        self.wanting_for = Some(j);
        self.wanting.contains(&true)
    }

    #[inline]
    fn pair(&mut self, j: usize, scored: Option<(Counts, i64)>) {
        let Some((counts, _)) = scored else { return };
        // The looks that wanted the pair (all of them where its parts were
        // not looked at).
        let asked = self.wanting_for == Some(j);
        for (n, ((_, look), weights)) in self.looks.iter_mut().zip(&self.weights).enumerate() {
            if asked && !self.wanting[n] {
                continue;
            }
            // Exactly the units a scorer with these weights gives.
            let units = look.scorer.units_with(weights, self.s, j, &counts);
            look.pair(j, Some((counts, units)));
        }
    }
}

/// One round's prices and what a look at a senior's left-out pairs reads
/// of them.
struct Prices<'a> {
    objective: Objective,
    u: &'a [Value],
    v: &'a [Value],
    /// `v` for [`narrow_bound`]'s compare.
    v_narrow: &'a [i64],
    /// The junior side of the coarse look's [`CoarseFloors`] (see
    /// [`coarse_prices`]), where it is taken.
    v_coarse: Option<&'a [i32]>,
    scale: Value,
    /// How close to its dual constraint a left-out pair is kept.
    margin: Value,
}

impl<'a> Prices<'a> {
    /// A look at senior `s`'s pairs left out of `graph`, valued by `value`,
    /// for a senior whose pairs cover goals of priority `most_goals` at most.
    fn look<F>(
        &self,
        scorer: &'a Scorer<'a>,
        graph: &'a Graph,
        s: usize,
        value: &'a F,
        most_goals: u32,
    ) -> Look<'a, F>
    where
        F: Fn(i64, u32) -> Value,
    {
        let bound_over = self.u[s] - self.margin - value(0, most_goals);
        Look {
            s,
            scorer,
            objective: self.objective,
            edges: &graph.junior[graph.edges(s)],
            u: self.u[s],
            v: self.v,
            slack: self.margin,
            value,
            bound_over,
            narrow: narrow_bound(self.scale, bound_over).map(|over| (over, self.v_narrow)),
            coarse: self.v_coarse,
            scale: self.scale,
            hits: Vec::new(),
            violating: 0,
            scored: 0,
        }
    }
}

impl Scanned {
    /// Adds what `look` found: its violating pairs, the pairs to add (its
    /// `per_senior` most violating among those within `within`), and what
    /// to remember of it (its `near_most` nearest pairs and the margin
    /// below which the others were).
    #[allow(clippy::too_many_arguments)]
    fn sum_up<F>(
        &mut self,
        look: Look<'_, F>,
        u: &[Value],
        v: &[Value],
        margin: Value,
        near_most: usize,
        within: Value,
        per_senior: usize,
    ) {
        let Look {
            s,
            mut hits,
            violating,
            scored,
            ..
        } = look;
        self.scored += scored;
        self.count += violating;
        // Kept: the most violating (or least slack) pairs.
        let mut kept_margin = margin;
        if hits.len() > near_most {
            // The first pair left out is the most violating of those not
            // kept.
            hits.select_nth_unstable(near_most);
            let Reverse(dropped_most) = hits[near_most].0;
            kept_margin = kept_margin.min(-dropped_most);
        }
        let mut near: Vec<(u32, i64, Value)> = hits
            .iter()
            .take(near_most)
            .map(|&(Reverse(over), _, j, units)| (j, units, over + u[s] + v[j as usize]))
            .collect();
        near.sort_unstable();
        self.remembered
            .push((s, (kept_margin > 0).then_some((kept_margin, near))));
        self.found
            .extend(most_violating(s, hits, within, per_senior));
    }
}

/// Stores in `memory` what the full scans of `scanned` proved under the
/// junior prices `v` (with the seniors' prices `u`), and returns what they
/// found: violating pairs, pairs to add, pairs bounded and pairs scored.
fn remember(
    memory: &mut ScanMemory,
    scanned: Vec<Scanned>,
    u: &[Value],
    v: &[Value],
) -> (usize, Vec<(u32, u32, i64)>, usize, usize) {
    let mut count = 0;
    let mut found = Vec::new();
    let (mut bounded, mut scored) = (0, 0);
    let snapshot = memory.prices.len();
    let any = !scanned.is_empty();
    for part in scanned {
        count += part.count;
        bounded += part.bounded;
        scored += part.scored;
        found.extend(part.found);
        for (s, kept) in part.remembered {
            memory.seniors[s] = kept.map(|(margin, near)| Remembered {
                prices: snapshot,
                u: u[s],
                margin,
                near,
            });
        }
    }
    if any {
        memory.prices.push(v.to_vec());
    }
    (count, found, bounded, scored)
}

/// What a look at the left-out pairs did, and the pairs it found to add.
pub type Looked = (ScanCounts, Vec<(u32, u32, i64)>);

/// What one look at the left-out pairs did, for `-v`.
#[derive(Clone, Copy, Debug, Default)]
pub struct ScanCounts {
    /// Seniors scanned in full, their pairs checked against a bound, and
    /// those of them scored.
    pub scanned: usize,
    pub bounded: usize,
    pub scored: usize,
    /// Seniors rechecked from their last scan, and their pairs checked one
    /// by one with juniors whose prices fell.
    pub rechecked: usize,
    pub one_by_one: usize,
    /// Left-out pairs violating their dual constraint.
    pub violating: usize,
}

/// Senior `s`'s `per_senior` most violating pairs among `hits`, counting
/// those within `within` of their dual constraint (more of its pairs can
/// wait until the duals have moved).
fn most_violating(
    s: usize,
    mut hits: Vec<(Reverse<Value>, u64, u32, i64)>,
    within: Value,
    per_senior: usize,
) -> impl Iterator<Item = (u32, u32, i64)> {
    hits.retain(|&(Reverse(over), ..)| over > -within);
    if hits.len() > per_senior {
        hits.select_nth_unstable(per_senior - 1);
        hits.truncate(per_senior);
    }
    hits.into_iter()
        .map(move |(_, _, j, units)| (s as u32, j, units))
}

/// The juniors' prices clamped to `±2^62`, for [`narrow_bound`]'s compare.
fn narrow_prices(v: &[Value]) -> Vec<i64> {
    const EDGE: Value = 1 << 62;
    v.iter().map(|&p| p.clamp(-EDGE, EDGE) as i64).collect()
}

/// A senior's `bound_over` in 64 bits, when a pair's bound `b` (at most
/// `2^60` units) can be compared as `b > over + v_j` with `v_j` from
/// [`narrow_prices`]: without loads' scale, and with `|over| <= 2^61`, a
/// clamped price leaves the answer as it was (a price above `2^62` puts
/// the sum above every bound either way, one below `-2^62` below).
fn narrow_bound(scale: Value, over: Value) -> Option<i64> {
    (scale == 1 && over.abs() <= 1 << 61).then_some(over as i64)
}

/// One senior's look at its left-out pairs during a certificate scan.
struct Look<'a, F> {
    s: usize,
    scorer: &'a Scorer<'a>,
    objective: Objective,
    /// The senior's juniors in the graph, sorted.
    edges: &'a [u32],
    u: Value,
    v: &'a [Value],
    slack: Value,
    value: &'a F,
    /// What a bound times `scale` must exceed, less the junior's price,
    /// for the pair to come within `slack` of its dual constraint:
    /// `value(bound, most goals) - u - v_j > -slack` with the parts that
    /// do not depend on the pair worked out once per senior.
    bound_over: Value,
    /// `bound_over` and the juniors' prices in 64 bits, where that compares
    /// exactly (see [`narrow_bound`]): half the bytes read per pair.
    narrow: Option<(i64, &'a [i64])>,
    /// The junior side of the coarse look's [`CoarseFloors`], where it is
    /// taken (with `narrow`).
    coarse: Option<&'a [i32]>,
    scale: Value,
    /// Pairs violating their dual constraint, or within `slack` of it,
    /// `(how much, tie order, junior, units)`: among equally violating
    /// pairs the fixed shuffle of [`crate::candidates::tie`] picks, not the
    /// lowest junior number, so rounds do not keep offering the same few.
    hits: Vec<(Reverse<Value>, u64, u32, i64)>,
    /// How many of them violate it.
    violating: usize,
    scored: usize,
}

impl<F: Fn(i64, u32) -> Value> Visit for Look<'_, F> {
    #[inline]
    fn coarse_floors(&self) -> Option<CoarseFloors<'_>> {
        // A pair is wanted only when its bound exceeds `over` plus the
        // junior's price.
        let (over, _) = self.narrow?;
        Some(CoarseFloors::above(over, self.coarse?))
    }

    #[inline]
    fn wants(&mut self, j: usize, bound: i64) -> bool {
        // The bound first: it turns away most pairs without a search.
        if let Some((over, v)) = self.narrow {
            return bound > over + v[j] && self.edges.binary_search(&(j as u32)).is_err();
        }
        let scaled = if self.scale == 1 {
            Value::from(bound)
        } else {
            Value::from(bound) * self.scale
        };
        scaled > self.bound_over + self.v[j] && self.edges.binary_search(&(j as u32)).is_err()
    }

    #[inline]
    fn pair(&mut self, j: usize, scored: Option<(Counts, i64)>) {
        let Some((_, units)) = scored else { return };
        self.scored += 1;
        // (Checked here too: with --min-score every pair is scored
        // without being asked about.)
        if self.edges.binary_search(&(j as u32)).is_ok() {
            return;
        }
        let goals = match self.objective {
            Objective::Goals => self.scorer.covered_priority(self.s, j),
            _ => 0,
        };
        let over = (self.value)(units, goals) - self.u - self.v[j];
        if over > -self.slack {
            self.violating += usize::from(over > 0);
            self.hits
                .push((Reverse(over), tie(self.s as u32, j as u32), j as u32, units));
        }
    }
}

/// A scanned senior's margin and kept pairs (see [`Remembered`]).
type Kept = (Value, Vec<(u32, i64, Value)>);

/// What the look at one remembered senior found: its violating pairs, its
/// pairs checked one by one, and the pairs to add.
type Rechecked = (usize, usize, Vec<(u32, u32, i64)>);

/// What one parallel task of a certificate scan found.
#[derive(Default)]
struct Scanned {
    count: usize,
    found: Vec<(u32, u32, i64)>,
    bounded: usize,
    scored: usize,
    /// Each scanned senior's kept pairs and the margin below which the
    /// others were, to remember (none: pairs within 0 were not kept).
    remembered: Vec<(usize, Option<Kept>)>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::candidates::candidates;
    use crate::scoring::Weights;
    use crate::solve::flow;
    use crate::solve::graph::candidate_graph;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    /// Prices and bounds from every range a scan meets: small ones, ones
    /// holding a pair's `2^64`, and the extremes.
    fn wide_value() -> impl Strategy<Value = Value> {
        prop_oneof![
            -5_000_000_000i128..5_000_000_000,
            (0i128..3).prop_flat_map(|h| ((h << 64) - (1 << 40))..((h << 64) + (1 << 40))),
            Just(i128::MAX / 2),
            Just(-(1i128 << 62) - 1),
            Just(1i128 << 62),
            Just(1i128 << 61),
        ]
    }

    proptest! {
        /// The 64-bit compare of a bound with a senior's `bound_over` plus
        /// a junior's price answers as the 128-bit one, or is not used.
        #[test]
        fn the_narrow_compare_answers_as_the_wide_one(
            over in wide_value(),
            price in wide_value(),
            bound in -(1i64 << 60)..(1i64 << 60),
        ) {
            if let Some(narrow) = narrow_bound(1, over) {
                let v = narrow_prices(&[price]);
                prop_assert_eq!(bound > narrow + v[0], Value::from(bound) > over + price);
            } else {
                prop_assert!(over.abs() > 1 << 61);
            }
            prop_assert_eq!(narrow_bound(3, over), None);
        }
    }

    /// The scan counts exactly the left-out pairs that violate their dual
    /// constraint, as checking every allowed pair one by one does, with
    /// duals lowered at random so that many do.
    #[test]
    fn the_scan_finds_every_violating_pair() {
        for seed in 1..=3u64 {
            let roster = crate::roster::generated(50, 200, seed);
            let mut scorer = Scorer::new(&roster, Weights::default());
            scorer.tile = 9;
            let objective = Objective::Score;
            let cands = candidates(&scorer, 2);
            let graph = candidate_graph(&scorer, &cands, &[]);
            let assignment = flow::solve(&graph, objective);
            let (mut u, mut v) = (assignment.senior_dual, assignment.junior_dual);
            // Lower some prices by up to 0.3 points, deterministically.
            let mut x = seed;
            for d in u.iter_mut().chain(v.iter_mut()) {
                x = x
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                if x >> 62 == 0 {
                    *d = (*d - Value::from((x >> 33) % 300_000_000)).max(0);
                }
            }
            let mut expected = 0;
            let mut scratch = scorer.scratch();
            for (s, &us) in u.iter().enumerate() {
                let edges = &graph.junior[graph.edges(s)];
                scorer.for_each_allowed(s, &mut scratch, |j, _, units| {
                    if edges.binary_search(&(j as u32)).is_err()
                        && objective.value(units, 0) - us - v[j] > 0
                    {
                        expected += 1;
                    }
                });
            }
            let (counts, found) = left_out_above(
                &scorer,
                objective,
                &graph,
                &cands,
                &u,
                &v,
                &mut ScanMemory::new(roster.n_seniors, 1),
                1,
                usize::MAX,
            );
            assert!(expected > 0, "seed {seed}: no violating pair to find");
            assert_eq!(counts.violating, expected, "seed {seed}");
            // Every violating pair comes back, with those close to it.
            let (violating, close) = violating_pairs(&scorer, &graph, &u, &v);
            assert_eq!(violating.len(), expected);
            let found: BTreeSet<(u32, u32)> = found.iter().map(|&(s, j, _)| (s, j)).collect();
            assert!(violating.is_subset(&found), "seed {seed}");
            assert!(found.is_subset(&close), "seed {seed}");
        }
    }

    /// Moves every fourth price by up to `most` units either way, from the
    /// stream `x`.
    fn move_prices(prices: &mut [Value], x: &mut u64, most: u64) {
        for d in prices {
            *x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            if *x >> 62 == 0 {
                let by = Value::from((*x >> 20) % (2 * most + 1)) - Value::from(most);
                *d += by;
            }
        }
    }

    type Pairs = BTreeSet<(u32, u32)>;

    /// Left-out pairs of `graph` violating their dual constraint under
    /// `(u, v)`, and those within a quarter of the memory's margin of it,
    /// found by looking at every allowed pair.
    fn violating_pairs(scorer: &Scorer, graph: &Graph, u: &[Value], v: &[Value]) -> (Pairs, Pairs) {
        let within = Value::from(to_units(MARGIN_POINTS)) / 4;
        let (mut violating, mut close) = (Pairs::new(), Pairs::new());
        let mut scratch = scorer.scratch();
        for (s, &us) in u.iter().enumerate() {
            let edges = &graph.junior[graph.edges(s)];
            scorer.for_each_allowed(s, &mut scratch, |j, _, units| {
                let over = Objective::Score.value(units, 0) - us - v[j];
                if edges.binary_search(&(j as u32)).is_err() && over > -within {
                    close.insert((s as u32, j as u32));
                    if over > 0 {
                        violating.insert((s as u32, j as u32));
                    }
                }
            });
        }
        (violating, close)
    }

    /// Scans that remember what earlier rounds proved find exactly the
    /// violating pairs a look at every allowed pair finds, round after
    /// round, while the graph grows and prices move both ways (some by
    /// more than the memory's margin), with few kept pairs per senior.
    #[test]
    fn remembered_scans_find_every_violating_pair_as_prices_move() {
        let margin = to_units(MARGIN_POINTS) as u64;
        for seed in 1..=4u64 {
            let roster = crate::roster::generated(50, 200, seed);
            let mut scorer = Scorer::new(&roster, Weights::default());
            scorer.tile = 9;
            let cands = candidates(&scorer, 2);
            let mut graph = candidate_graph(&scorer, &cands, &[]);
            let assignment = flow::solve(&graph, Objective::Score);
            let (mut u, mut v) = (assignment.senior_dual, assignment.junior_dual);
            let mut memory = ScanMemory::new(roster.n_seniors, 1);
            memory.near_most = 3;
            let mut x = seed;
            let mut extra = Vec::new();
            let (mut rechecked, mut one_by_one, mut violating) = (0, 0, 0);
            for round in 1..=6 {
                let (counts, found) = left_out_above(
                    &scorer,
                    Objective::Score,
                    &graph,
                    &cands,
                    &u,
                    &v,
                    &mut memory,
                    1,
                    usize::MAX,
                );
                let (expected, close) = violating_pairs(&scorer, &graph, &u, &v);
                assert_eq!(
                    counts.violating,
                    expected.len(),
                    "seed {seed}, round {round}"
                );
                let found_pairs: Pairs = found.iter().map(|&(s, j, _)| (s, j)).collect();
                assert!(
                    expected.is_subset(&found_pairs),
                    "seed {seed}, round {round}"
                );
                assert!(found_pairs.is_subset(&close), "seed {seed}, round {round}");
                violating += counts.violating;
                rechecked += counts.rechecked;
                one_by_one += counts.one_by_one;
                // The next round: a few of the pairs found join the graph,
                // and prices move, mostly by less than the margin.
                extra.extend(found.iter().step_by(3).copied());
                graph = candidate_graph(&scorer, &cands, &extra);
                move_prices(&mut u, &mut x, margin);
                move_prices(&mut v, &mut x, margin + margin / 2);
            }
            assert!(violating > 0, "seed {seed}: no violating pair to find");
            assert!(rechecked > 0, "seed {seed}: no senior was rechecked");
            assert!(one_by_one > 0, "seed {seed}: no fallen price was checked");
        }
    }
}
