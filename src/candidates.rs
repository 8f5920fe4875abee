//! Who could pair with whom: every allowed pair looked at once, in
//! parallel, keeping each person's best partners (`k` per senior, as many
//! or fewer per junior: [`junior_list_length`]) and counting the allowed
//! ones (in sets, `Scorer::allowed_counts`, where the rules allow). A pair
//! is scored only when its bound could still put it in a list (see
//! `Scorer::for_each_allowed_among`).
//!
//! Why candidates: the integer program over every pair stops scaling at a
//! few hundred people. Each person's best few partners almost always contain
//! an optimal pairing; the certificate (`solve::certificate`) checks that
//! they do, and pairs that could still improve the optimum are added back
//! until it holds.

use std::sync::atomic::{AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;

use rayon::prelude::*;

use crate::roster::Role;
use crate::scoring::{
    coarse_floor, full_diversity_units, AllowedCounts, BoundParts, CoarseChord, CoarseFloors,
    CoarseLook, Counts, PartsBound, Pass, Scorer, Visit, Weights,
};

/// Where a pair stands among pairs of equal score: a fixed shuffle of
/// (senior, junior). Breaking ties by index would give every senior the
/// same few juniors when scores tie (as they do when levels are small
/// integers): the candidate pairs would then hold only a small pairing and
/// the certificate would have to add pairs back round after round. Spread
/// this way, equal partners are drawn evenly, and the result is still the
/// same whatever the row order or thread count.
#[inline]
pub(crate) fn tie(senior: u32, junior: u32) -> u64 {
    let mut z = (u64::from(senior) << 32 | u64::from(junior)).wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Ranks partners `(units, index)` of one person: higher score first, then
/// by [`tie`]; `pair` makes (senior, junior) of the person and a partner.
#[inline]
fn better(a: (i64, u32), b: (i64, u32), pair: impl Fn(u32) -> (u32, u32)) -> bool {
    if a.0 != b.0 {
        return a.0 > b.0;
    }
    let (ka, kb) = (pair(a.1), pair(b.1));
    (tie(ka.0, ka.1), a.1) < (tie(kb.0, kb.1), b.1)
}

/// One person's partners `(other, units)`.
type Partners = Vec<(u32, i64)>;

/// The best partners of every person, with counts of allowed partners.
#[derive(Clone, Debug)]
pub struct Candidates {
    pub k: usize,
    /// How many partners each junior keeps (see [`junior_list_length`]).
    pub junior_k: usize,
    /// For each senior, its best `k` allowed juniors `(junior, units)`, best first.
    pub senior_best: Vec<Vec<(u32, i64)>>,
    /// For each junior, its best `junior_k` allowed seniors `(senior, units)`, best first.
    pub junior_best: Vec<Vec<(u32, i64)>>,
    pub senior_allowed: Vec<u64>,
    pub junior_allowed: Vec<u64>,
    /// Allowed pairs the pass scored; the others were bounded below every
    /// list they could enter.
    pub scored: u64,
    /// Seniors whose lists were made again because an optimistic floor
    /// proved too high (see `Optimistic`).
    pub made_again: u64,
}

impl Candidates {
    pub fn allowed_pairs(&self) -> u64 {
        self.senior_allowed.iter().sum()
    }

    /// How many allowed partners person `i` of one side has.
    pub fn allowed(&self, role: Role, i: usize) -> u64 {
        match role {
            Role::Senior => self.senior_allowed[i],
            Role::Junior => self.junior_allowed[i],
        }
    }

    /// Person `i`'s best allowed partners `(other, units)`, best first.
    pub fn best(&self, role: Role, i: usize) -> &[(u32, i64)] {
        match role {
            Role::Senior => &self.senior_best[i],
            Role::Junior => &self.junior_best[i],
        }
    }
}

/// Each junior's best `k` seniors so far, in one flat array (`k` slots per
/// junior), so rejecting an offer reads one slot.
struct JuniorBest {
    k: usize,
    slots: Vec<(i64, u32)>,
    len: Vec<u16>,
    /// The score a full list's worst entry has (i64::MIN until full), or
    /// the floor another worker's list has where that is higher (see
    /// [`SharedFloors`]): most offers are turned away by this small array
    /// without touching `slots`.
    floor: Vec<i64>,
    /// The coarse floor less the junior's coarse rest (see
    /// [`Visit::coarse_floors`]), and the coarse rests.
    coarse: Vec<i32>,
    rest: Arc<Vec<i32>>,
    allowed: Vec<u64>,
    /// Pairs scored in this block.
    scored: u64,
}

impl JuniorBest {
    fn new(n: usize, k: usize, rest: Arc<Vec<i32>>) -> Self {
        JuniorBest {
            k,
            slots: vec![(0, 0); n * k],
            len: vec![0; n],
            floor: vec![i64::MIN; n],
            coarse: vec![i32::MIN; n],
            rest,
            allowed: vec![0; n],
            scored: 0,
        }
    }

    /// Junior lists that take no offers (every floor at its highest), for
    /// a senior's list made again on its own (see [`Optimistic`]).
    fn closed(n: usize) -> Self {
        let mut closed = JuniorBest::new(n, 1, Arc::new(vec![0; n]));
        closed.floor.fill(i64::MAX);
        closed.coarse.fill(i32::MAX);
        closed
    }

    /// A junior list for callers that do not ask for coarse floors.
    #[cfg(test)]
    fn without_rest(n: usize, k: usize) -> Self {
        JuniorBest::new(n, k, Arc::new(vec![0; n]))
    }

    #[inline]
    fn offer(&mut self, j: usize, s: u32, units: i64) {
        if units < self.floor[j] {
            return;
        }
        let k = self.k;
        let list = &mut self.slots[j * k..(j + 1) * k];
        let n = usize::from(self.len[j]);
        let of_junior = |s: u32| (s, j as u32);
        if !enter_list(list, n, (units, s), |a, b| better(a, b, of_junior)) {
            return;
        }
        if n < k {
            self.len[j] += 1;
        }
        if usize::from(self.len[j]) == k && list[k - 1].0 > self.floor[j] {
            self.floor[j] = list[k - 1].0;
            self.coarse[j] = coarse_floor(self.floor[j]) - self.rest[j];
        }
    }

    /// Trades floors over `juniors` with the other workers: takes each
    /// higher floor they have, and tells them each higher floor it has.
    fn trade(&mut self, shared: &SharedFloors, juniors: std::ops::Range<u32>) {
        let juniors = juniors.start as usize..juniors.end as usize;
        for (j, at) in juniors.clone().zip(&shared.floors[juniors]) {
            if let Some(higher) = SharedFloors::trade_one(at, self.floor[j]) {
                self.floor[j] = higher;
                self.coarse[j] = coarse_floor(higher) - self.rest[j];
            }
        }
    }

    fn merge(mut self, other: JuniorBest) -> JuniorBest {
        let k = self.k;
        for j in 0..other.len.len() {
            for &(units, s) in &other.slots[j * k..j * k + usize::from(other.len[j])] {
                self.offer(j, s, units);
            }
            self.allowed[j] += other.allowed[j];
        }
        self.scored += other.scored;
        self
    }

    fn into_lists(self) -> (Vec<Partners>, Vec<u64>, u64) {
        let k = self.k;
        let lists = (0..self.len.len())
            .map(|j| {
                self.slots[j * k..j * k + usize::from(self.len[j])]
                    .iter()
                    .map(|&(u, s)| (s, u))
                    .collect()
            })
            .collect();
        (lists, self.allowed, self.scored)
    }
}

/// Every worker's highest floor of each junior's list (of each weighting's,
/// side by side as in [`JuniorLists`]), traded between workers once per
/// block of seniors and tile of juniors.
///
/// Each worker keeps its own lists and floors (a junior's list in shared
/// memory would be written by both threads at every offer), so without a
/// trade each worker raises a junior's floor from nothing on its own,
/// having seen half the seniors. A worker's `k`-th best of a junior is at
/// most the `k`-th best of all offers, so the higher of the workers'
/// floors still turns away only pairs no final list could take, and the
/// lists stay exactly the best `k` of every pair. At 30,000 x 60,000 the
/// pass then scored 3.5-3.7 M pairs instead of 3.8 M (every junior's
/// final floor from the start, an oracle, would score 3.0 M), and
/// 100,000 x 200,000 took 0.95 of the time (BENCHMARKS, Scale XXXVIII).
struct SharedFloors {
    floors: Vec<AtomicI64>,
}

impl SharedFloors {
    fn new(n: usize) -> Self {
        SharedFloors {
            floors: (0..n).map(|_| AtomicI64::new(i64::MIN)).collect(),
        }
    }

    /// Trades one floor, `mine`, with the shared one at `at`: the shared
    /// one where it is higher, else none (and `mine` is shared where it is
    /// the higher).
    #[inline]
    fn trade_one(at: &AtomicI64, mine: i64) -> Option<i64> {
        let theirs = at.load(Ordering::Relaxed);
        if theirs > mine {
            Some(theirs)
        } else {
            if mine > theirs {
                at.fetch_max(mine, Ordering::Relaxed);
            }
            None
        }
    }
}

/// Each junior's best `k` seniors under each of several weightings, a
/// junior's lists side by side (list `i` of junior `j` at `j n + i`, for
/// `n` weightings): a pair offered to every weighting's list reads a few
/// neighbouring cache lines, not one line in each of `n` arrays. (With a
/// [`JuniorBest`] per weighting, reading a list's worst entry and floor
/// was most of the time the offers took, in the ten-weighting pass at
/// 10,000 x 20,000; with the seniors' lists also side by side
/// ([`SeniorLists`]) the learn sweep there took 1.35 s instead of 1.46 s.)
struct JuniorLists {
    n: usize,
    k: usize,
    slots: Vec<(i64, u32)>,
    len: Vec<u16>,
    /// A full list's worst score, `i64::MIN` until it is full.
    floors: Vec<i64>,
    /// Allowed pairs per junior, and pairs scored, as in [`JuniorBest`].
    allowed: Vec<u64>,
    scored: u64,
}

impl JuniorLists {
    fn new(n_juniors: usize, n: usize, k: usize) -> Self {
        JuniorLists {
            n,
            k,
            slots: vec![(0, 0); n_juniors * n * k],
            len: vec![0; n_juniors * n],
            floors: vec![i64::MIN; n_juniors * n],
            allowed: vec![0; n_juniors],
            scored: 0,
        }
    }

    /// Junior `j`'s lists' floors, one per weighting.
    #[inline]
    fn floors(&self, j: usize) -> &[i64] {
        &self.floors[j * self.n..(j + 1) * self.n]
    }

    /// Offers senior `s` at `units` to junior `j`'s list under weighting
    /// `i`, as [`JuniorBest::offer`] does; true when the list's floor rose.
    #[inline]
    fn offer(&mut self, j: usize, i: usize, s: u32, units: i64) -> bool {
        let at_list = j * self.n + i;
        offer_at(
            (&mut self.slots, &mut self.len, &mut self.floors),
            self.k,
            at_list,
            j,
            s,
            units,
        )
    }

    /// `other`'s offers made to these lists, on every thread: each block
    /// of juniors is merged apart from the others (with ten weightings at
    /// 10,000 x 20,000 a merge on one thread took about a fiftieth of a
    /// second, while the other waited).
    fn merge(self, other: JuniorLists) -> JuniorLists {
        self.merge_in_blocks(other, 2048)
    }

    /// [`JuniorLists::merge`], `juniors` at a time.
    fn merge_in_blocks(mut self, other: JuniorLists, juniors: usize) -> JuniorLists {
        let (n, k) = (self.n, self.k);
        self.slots
            .par_chunks_mut(juniors * n * k)
            .zip(self.len.par_chunks_mut(juniors * n))
            .zip(self.floors.par_chunks_mut(juniors * n))
            .zip(self.allowed.par_chunks_mut(juniors))
            .enumerate()
            .for_each(|(block, (((slots, len), floors), allowed))| {
                let first = block * juniors;
                for (at, allowed) in allowed.iter_mut().enumerate() {
                    let j = first + at;
                    for i in 0..n {
                        let theirs = j * n + i;
                        let offers = usize::from(other.len[theirs]);
                        for &(units, s) in &other.slots[theirs * k..theirs * k + offers] {
                            offer_at((slots, len, floors), k, at * n + i, j, s, units);
                        }
                    }
                    *allowed += other.allowed[j];
                }
            });
        self.scored += other.scored;
        self
    }

    /// Trades junior `j`'s floors with the other workers, as
    /// [`JuniorBest::trade`] does; true where one of its floors rose.
    #[inline]
    fn trade(&mut self, shared: &SharedFloors, j: usize) -> bool {
        let lists = j * self.n..(j + 1) * self.n;
        let mut rose = false;
        for (floor, at) in self.floors[lists.clone()]
            .iter_mut()
            .zip(&shared.floors[lists])
        {
            if let Some(higher) = SharedFloors::trade_one(at, *floor) {
                *floor = higher;
                rose = true;
            }
        }
        rose
    }

    /// Weighting `i`'s list of each junior.
    fn lists_of(&self, i: usize) -> Vec<Partners> {
        let (n, k) = (self.n, self.k);
        (0..self.allowed.len())
            .map(|j| {
                let at_list = j * n + i;
                self.slots[at_list * k..at_list * k + usize::from(self.len[at_list])]
                    .iter()
                    .map(|&(u, s)| (s, u))
                    .collect()
            })
            .collect()
    }
}

/// [`JuniorLists::offer`] on a block of its lists (`slots`, `len` and
/// `floors` from some junior on): list `at_list` of the block, junior `j`'s.
#[inline]
fn offer_at(
    (slots, len, floors): (&mut [(i64, u32)], &mut [u16], &mut [i64]),
    k: usize,
    at_list: usize,
    j: usize,
    s: u32,
    units: i64,
) -> bool {
    if units < floors[at_list] {
        return false;
    }
    let list = &mut slots[at_list * k..(at_list + 1) * k];
    let n = usize::from(len[at_list]);
    let of_junior = |s: u32| (s, j as u32);
    if !enter_list(list, n, (units, s), |a, b| better(a, b, of_junior)) {
        return false;
    }
    if n < k {
        len[at_list] += 1;
    }
    if usize::from(len[at_list]) == k && list[k - 1].0 > floors[at_list] {
        floors[at_list] = list[k - 1].0;
        true
    } else {
        false
    }
}

/// Keeps senior `s`'s best `k` of a stream of offers `(junior, units)`.
pub(crate) fn push_best(list: &mut Vec<(u32, i64)>, k: usize, s: u32, j: u32, units: i64) {
    let len = list.len();
    if len < k {
        list.push((j, units));
    }
    enter_list(list, len, (j, units), of_senior(s));
}

/// Ranks senior `s`'s partners `(junior, units)` as [`better`] does.
#[inline]
fn of_senior(s: u32) -> impl Fn((u32, i64), (u32, i64)) -> bool {
    move |(j, units): (u32, i64), (j2, u2): (u32, i64)| better((units, j), (u2, j2), |j| (s, j))
}

/// Puts `new` into a best-first list held in `slots`, of which the first
/// `len` are taken: into the first free slot or, when every slot is
/// taken, in place of the worst entry if `new` ranks above it (`above`),
/// then up past every entry it ranks above. A pair that enters a full
/// list mostly enters near its end. False when it stayed out.
#[inline]
fn enter_list<T: Copy>(slots: &mut [T], len: usize, new: T, above: impl Fn(T, T) -> bool) -> bool {
    let k = slots.len();
    let mut at = len;
    if len == k {
        if !above(new, slots[k - 1]) {
            return false;
        }
        at = k - 1;
    }
    while at > 0 && above(new, slots[at - 1]) {
        slots[at] = slots[at - 1];
        at -= 1;
    }
    slots[at] = new;
    true
}

/// The score a best-`k` list turns offers away below: its worst entry's
/// once it is full, `i64::MIN` until then.
fn list_floor(list: &[(u32, i64)], k: usize) -> i64 {
    if list.len() == k {
        list[k - 1].1
    } else {
        i64::MIN
    }
}

/// One senior's best `k` while its allowed pairs are enumerated, offering
/// each scored pair to the juniors' lists too.
struct Best<'a> {
    s: u32,
    k: usize,
    list: Vec<(u32, i64)>,
    /// The list's [`list_floor`], or the senior's [`Optimistic`] floor
    /// where that is higher.
    floor: i64,
    /// The senior's optimistic floor so far (`i64::MIN`: none).
    seed: i64,
    allowed: u64,
    juniors: &'a mut JuniorBest,
}

impl<'a> Best<'a> {
    fn new(
        s: usize,
        k: usize,
        list: Vec<(u32, i64)>,
        allowed: u64,
        juniors: &'a mut JuniorBest,
    ) -> Self {
        Best {
            s: s as u32,
            k,
            floor: list_floor(&list, k),
            seed: i64::MIN,
            list,
            allowed,
            juniors,
        }
    }

    /// This list, turning away what scores below `seed` as well (see
    /// [`Optimistic`]).
    fn seeded(mut self, seed: i64) -> Self {
        self.seed = seed;
        self.floor = self.floor.max(seed);
        self
    }
}

impl Visit for Best<'_> {
    #[inline]
    fn wants(&mut self, j: usize, bound: i64) -> bool {
        // Until the senior has k partners, every pair is worth scoring.
        bound >= self.floor || bound >= self.juniors.floor[j]
    }

    #[inline]
    fn filling(&self) -> bool {
        self.floor == i64::MIN
    }

    #[inline]
    fn fill_first(&self) -> usize {
        FILL_FIRST_PER_K * self.k
    }

    #[inline]
    fn coarse_floors(&self) -> Option<CoarseFloors<'_>> {
        Some(CoarseFloors {
            senior: self.floor,
            offset: 0,
            juniors: &self.juniors.coarse,
            chord: None,
        })
    }

    #[inline]
    fn pair(&mut self, j: usize, scored: Option<(Counts, i64)>) {
        self.allowed += 1;
        self.juniors.allowed[j] += 1;
        if let Some((_, units)) = scored {
            self.juniors.scored += 1;
            push_best(&mut self.list, self.k, self.s, j as u32, units);
            self.floor = list_floor(&self.list, self.k).max(self.seed);
            self.juniors.offer(j, self.s, units);
        }
    }
}

/// An optimistic floor for each senior's list while the pass goes from
/// tile to tile: once a fraction `p` of the juniors has been seen, the
/// senior's `m`-th best so far, for `m` a little above `k p` (the number of
/// its final best `k` expected among them): `k p` and [`OPTIMISM_Z`]
/// standard deviations of it, and one more. Where juniors sit in the
/// tiles in no order tied to their scores, that many of a senior's best `k`
/// are seen so early only rarely (a binomial tail), so the `m`-th best so
/// far is at most the final `k`-th best and turns away only pairs that
/// could not enter the list. It is checked, not assumed: a list that ends
/// with `k` entries at or above the highest optimistic floor it had is
/// exactly the senior's best `k` (everything turned away scores below
/// all of them); any other list is made again with its own floor alone
/// ([`Optimistic::lists_again`]). The juniors' lists are exact either way
/// (a pair their floors want is scored whatever the senior's floor).
///
/// The natural floor, the `k`-th best of the juniors seen so far, rises
/// slowly: in a tile early in the pass a senior scores several times the
/// pairs it does late, and with every list's final floor from the start
/// (measured by running the pass twice) the pass at 30,000 x 60,000 takes
/// about half the time, 0.59 of it with the seniors' alone. At
/// 100,000 x 200,000, with the juniors in id order, the optimistic floors
/// scored 16.5 M pairs instead of 20.8 M, and 170 of 100,000 seniors were
/// made again.
///
/// Where the juniors' order is tied to their scores (ids handed out by
/// grade, say) the guess fails often: with the juniors of 30,000 x 60,000
/// renumbered best first, a quarter of the seniors' lists failed and had
/// to be made again. So each block of seniors first asks whether the
/// blocks checked so far failed at most one list in a hundred
/// ([`Optimistic::trusted`]), and goes without optimistic floors where
/// they did not: such a roster then costs a block or two per worker of
/// lists made again. Juniors in groups by the topics they teach (from
/// [`crate::roster::GROUPED_FROM`] juniors on) are such an order: at
/// 100,000 x 200,000 each worker's first block fails about a quarter of
/// its lists (1,575 made again in all) and the other blocks go without.
/// Kept on anyway, trusted with larger deviations, or off from the start,
/// the pass took as long or longer (BENCHMARKS, Scale XXXVI).
struct Optimistic {
    k: usize,
    n_juniors: usize,
    /// Lists checked so far, and those that failed, over every worker.
    checked: AtomicU64,
    failed: AtomicU64,
}

/// How many standard deviations above its expected count of a senior's
/// best `k` an [`Optimistic`] floor's rank is: at 3, 0.17% of the seniors'
/// lists were made again at 100,000 x 200,000 with the juniors in id
/// order, at 2.5 0.9% (for about the same time).
const OPTIMISM_Z: f64 = 3.0;

/// How many juniors of its first tile, per place in its list, a senior's
/// list scores first, the best by their coarse bound, before the coarse
/// look takes the rest of the tile against the floor they leave (see
/// [`Visit::fill_first`]): while a list fills no floor turns a pair away,
/// and the first tile cost five to eight times any other. With 2 (`2k`
/// juniors), that tile's exact checks fell from 57.4 M juniors to 12.1 M at
/// 100,000 x 200,000; with 1 a list often still filled after the first
/// step, and the checks rose to 48.6 M.
const FILL_FIRST_PER_K: usize = 2;

/// How many lists [`Optimistic`] floors are tried on before their failures
/// can turn them off.
const OPTIMISM_TRIAL: u64 = 256;

impl Optimistic {
    fn new(k: usize, n_juniors: usize) -> Self {
        Optimistic {
            k,
            n_juniors,
            checked: AtomicU64::new(0),
            failed: AtomicU64::new(0),
        }
    }

    /// Whether the next block takes optimistic floors: unless at least
    /// [`OPTIMISM_TRIAL`] lists have been checked and more than one in a
    /// hundred of them failed.
    fn trusted(&self) -> bool {
        let checked = self.checked.load(Ordering::Relaxed);
        checked < OPTIMISM_TRIAL || 100 * self.failed.load(Ordering::Relaxed) <= checked
    }

    /// Counts a block's lists checked and failed.
    fn tally(&self, checked: usize, failed: usize) {
        self.checked.fetch_add(checked as u64, Ordering::Relaxed);
        self.failed.fetch_add(failed as u64, Ordering::Relaxed);
    }

    /// The rank of the optimistic floor once the juniors before `seen`
    /// have been looked at; none where it would be no higher than the
    /// list's own floor.
    fn rank(&self, seen: u32) -> Option<usize> {
        let p = f64::from(seen) / self.n_juniors.max(1) as f64;
        let expected = self.k as f64 * p;
        let m = (expected + OPTIMISM_Z * (expected * (1.0 - p)).sqrt()).ceil() as usize + 1;
        (m < self.k).then_some(m)
    }

    /// Whether a list that had `seed` as its highest optimistic floor is
    /// exactly the senior's best `k`.
    fn held(list: &[(u32, i64)], k: usize, seed: i64) -> bool {
        seed == i64::MIN || (list.len() == k && list[k - 1].1 >= seed)
    }

    /// The lists of `seniors` made again over every tile with their own
    /// floors alone (no junior list takes their offers again).
    fn lists_again(
        scorer: &Scorer,
        dense: &Option<CoarseLook>,
        k: usize,
        seniors: &[usize],
    ) -> Vec<Partners> {
        if seniors.is_empty() {
            return Vec::new();
        }
        let n_j = scorer.n_juniors();
        seniors
            .par_chunks(CHUNK)
            .flat_map_iter(|chunk| {
                let mut scratch = scorer.scratch().with_dense(dense.clone());
                let mut closed = JuniorBest::closed(n_j);
                let mut lists: Vec<Partners> = vec![Vec::with_capacity(k); chunk.len()];
                for juniors in scorer.junior_tiles() {
                    for (&s, list) in chunk.iter().zip(&mut lists) {
                        let mut best = Best::new(s, k, std::mem::take(list), 0, &mut closed);
                        scorer.for_each_allowed_among(
                            s,
                            juniors.clone(),
                            &mut scratch,
                            Pass::Above,
                            &mut best,
                        );
                        *list = best.list;
                    }
                }
                lists
            })
            .collect()
    }
}

/// How many partners a junior keeps where juniors are plentiful.
pub const PLENTIFUL_JUNIOR_K: usize = 1;

/// How many partners each junior keeps when seniors keep `k`: `k`, unless
/// the juniors' places outnumber the seniors' by more than a quarter, then
/// at most [`PLENTIFUL_JUNIOR_K`]. There most juniors stay unpaired and the
/// seniors' lists decide the pairing, while a junior's list turns fewer
/// pairs away than a senior's: its floor is what the look and every bound
/// of the pass also compare with. At 30,000 x 60,000 with 3 instead of 10,
/// the candidate pass scored 11 M pairs instead of 17 M, the graph held
/// 0.43 M pairs instead of 0.81 M, each flow took 0.34-0.39 s instead of
/// 0.52-0.64 s, and the rounds stayed 4. With 1 instead of 3 (a junior's
/// best senior; `explain` names no other), 100,000 x 200,000 scored 20.8 M
/// pairs instead of 26.5 M and its graph held 2.05 M pairs instead of 2.36
/// M, the rounds stayed 4 and the whole run took 0.95 of the time, as did
/// 300,000 x 700,000 and 30,000 x 60,000. Where places are about even (a
/// square roster) the juniors' lists matter and all `k` are kept.
pub fn junior_list_length(scorer: &Scorer, k: usize) -> usize {
    if juniors_plentiful(scorer) {
        k.min(PLENTIFUL_JUNIOR_K)
    } else {
        k
    }
}

/// How many partners each senior keeps when `k` per person are asked for
/// (`--candidates`): `k`, or twice `k` where the juniors' places outnumber
/// the seniors' by more than a quarter. There the seniors' lists decide
/// the pairing, and a senior whose price is below its last listed score
/// must have its allowed pairs scanned in every certificate round: with 20
/// instead of 10 at 100,000 x 200,000 the first round scanned 10,298
/// seniors instead of 27,346 and the certificate took 4.6 s instead of
/// 14.5 s, for flows a tenth slower and a candidate pass about as fast
/// (42.0 s against 47.1 s in all); at 30,000 x 60,000 6.2 s against 6.5 s;
/// a sweep of the learn weight at 10,000 x 20,000 4.8 s against 6.5 s (its
/// steps needed 3 rounds instead of 4 and the second round's full scans
/// went), while one `pair` there takes a tenth longer (1.33 s against
/// 1.21 s). Where places are about even, longer lists make every flow
/// slower (a 10,000 x 10,000 square took 6.6 s instead of 5.3 s with 20),
/// so seniors keep `k`.
pub fn senior_list_length(scorer: &Scorer, k: usize) -> usize {
    if juniors_plentiful(scorer) {
        2 * k
    } else {
        k
    }
}

/// Whether the juniors' places outnumber the seniors' by more than a
/// quarter.
fn juniors_plentiful(scorer: &Scorer) -> bool {
    let (seniors, juniors) = scorer.places();
    4 * juniors > 5 * seniors
}

/// Each person's allowed partners counted in sets where the rules allow
/// ([`Scorer::allowed_counts`]), and the pass that goes with them: with the
/// counts at hand, the pass checks and reports only the pairs it scores.
/// With `juniors_later`, the juniors' counts are left empty, for the
/// caller to count.
fn counted_in_sets(scorer: &Scorer, juniors_later: bool) -> (Option<AllowedCounts>, Pass) {
    let counted = if juniors_later {
        scorer.senior_allowed_counts()
    } else {
        scorer.allowed_counts()
    };
    let pass = if counted.is_some() {
        Pass::Above
    } else {
        Pass::Count
    };
    (counted, pass)
}

/// The coarse first look for a pass of `scorer` (none unless the pass
/// reports only the pairs it scores), with each junior's coarse rest (0
/// without the look: the juniors' coarse floors are then not read).
fn coarse_look(scorer: &Scorer, pass: Pass) -> (Option<CoarseLook>, Vec<i32>) {
    let look = (pass == Pass::Above)
        .then(|| scorer.coarse_look())
        .flatten();
    let rest = look.as_ref().map_or_else(
        || vec![0; scorer.n_juniors()],
        |(_, juniors)| juniors.rest.clone(),
    );
    (look, rest)
}

/// How many seniors one parallel task scores before handing back its lists.
pub(crate) const CHUNK: usize = 256;

/// Looks at every allowed pair once, in parallel, keeping each senior's
/// best `k` and each junior's best [`junior_list_length`] (scoring only the
/// pairs whose bound could enter a list).
///
/// Small blocks of seniors are taken in turn by one worker per thread, and
/// a worker's blocks share its junior lists: a junior's list turns pairs
/// away only once it is full, so with a list per block most of the pass
/// went into pairs offered to lists still filling (at 30,000 x 60,000: 35
/// million pairs scored with eight blocks and their own lists, 17 million
/// with a list per worker). The workers also trade their juniors' floors
/// once per block and tile (`SharedFloors`), so a floor rises with the
/// seniors both have seen. Which worker takes which block varies from run
/// to run; the lists do not (each is the best of every pair offered, and a
/// floor turns away only pairs no list could take).
pub fn candidates(scorer: &Scorer, k: usize) -> Candidates {
    candidates_counting(scorer, k, false).0
}

/// [`candidates`] with the juniors' allowed partners left to count where
/// they are counted in sets (then `junior_allowed` is empty and the second
/// value says so): the solve needs only the seniors', and runs its flows
/// on one thread, so the juniors' can be counted beside them
/// ([`JuniorsLater::count`]).
pub fn candidates_juniors_later(scorer: &Scorer, k: usize) -> (Candidates, JuniorsLater) {
    candidates_counting(scorer, k, true)
}

/// Whether the juniors' allowed counts of [`candidates_juniors_later`]
/// are still to be counted.
#[must_use = "the candidates lack the juniors' allowed counts until they are counted"]
pub struct JuniorsLater(bool);

impl JuniorsLater {
    /// The juniors' allowed counts where they are still to be counted.
    pub fn count(self, scorer: &Scorer) -> Option<Vec<u64>> {
        self.0.then(|| {
            scorer
                .junior_allowed_counts()
                .expect("the seniors' were counted in sets under the same rules")
        })
    }
}

fn candidates_counting(
    scorer: &Scorer,
    k: usize,
    juniors_later: bool,
) -> (Candidates, JuniorsLater) {
    let n_s = scorer.n_seniors();
    let n_j = scorer.n_juniors();
    let k = k.max(1);
    let junior_k = junior_list_length(scorer, k);
    let (counted, pass) = counted_in_sets(scorer, juniors_later);
    let later = JuniorsLater(juniors_later && counted.is_some());
    let workers = rayon::current_num_threads().clamp(1, n_s.max(1));
    let blocks = (workers * 16).min(n_s.max(1));
    let next = AtomicUsize::new(0);
    // The coarse first look over whole tiles, where some topics are
    // taught by many juniors of a tile (see `Scorer::dense_levels`).
    let (dense, rest) = coarse_look(scorer, pass);
    let rest = Arc::new(rest);
    type Partial = (Vec<(usize, Partners, u64)>, JuniorBest, Vec<usize>);
    let optimistic = Optimistic::new(k, n_j);
    let shared = SharedFloors::new(if workers > 1 { n_j } else { 0 });
    let parts: Vec<Partial> = (0..workers)
        .into_par_iter()
        .map(|_| {
            let mut scratch = scorer.scratch().with_dense(dense.clone());
            let mut junior_best = JuniorBest::new(n_j, junior_k, rest.clone());
            let mut done = Vec::new();
            let mut again = Vec::new();
            loop {
                let b = next.fetch_add(1, Ordering::Relaxed);
                if b >= blocks {
                    return (done, junior_best, again);
                }
                let mut lists: Vec<(usize, Partners, u64)> = (b * n_s / blocks
                    ..(b + 1) * n_s / blocks)
                    .map(|s| (s, Vec::with_capacity(k), 0))
                    .collect();
                let mut seeds = vec![i64::MIN; lists.len()];
                let trusted = optimistic.trusted();
                // Every senior of the block against one tile of juniors at
                // a time (see `Scorer::for_each_allowed_among`).
                for juniors in scorer.junior_tiles() {
                    let rank = optimistic.rank(juniors.end).filter(|_| trusted);
                    if workers > 1 {
                        junior_best.trade(&shared, juniors.clone());
                    }
                    for ((s, list, allowed), seed) in lists.iter_mut().zip(&mut seeds) {
                        // A pair is scored only when its bound could still
                        // put it in the senior's or the junior's list: the
                        // lists keep exactly what scoring every pair would
                        // keep (the seniors' once checked, see
                        // `Optimistic`).
                        let mut best =
                            Best::new(*s, k, std::mem::take(list), *allowed, &mut junior_best)
                                .seeded(*seed);
                        scorer.for_each_allowed_among(
                            *s,
                            juniors.clone(),
                            &mut scratch,
                            pass,
                            &mut best,
                        );
                        (*list, *allowed) = (best.list, best.allowed);
                        if let Some(&(_, units)) = rank.and_then(|m| list.get(m - 1)) {
                            *seed = (*seed).max(units);
                        }
                    }
                    if workers > 1 {
                        junior_best.trade(&shared, juniors);
                    }
                }
                let failed = again.len();
                for ((s, list, _), &seed) in lists.iter().zip(&seeds) {
                    if !Optimistic::held(list, k, seed) {
                        again.push(*s);
                    }
                }
                optimistic.tally(lists.len(), again.len() - failed);
                done.extend(lists);
            }
        })
        .collect();
    let mut parts = parts.into_iter();
    let (mut senior_lists, mut junior_best, mut again) = parts.next().unwrap_or_else(|| {
        (
            Vec::new(),
            JuniorBest::new(n_j, junior_k, rest.clone()),
            Vec::new(),
        )
    });
    for (lists, best, more) in parts {
        senior_lists.extend(lists);
        junior_best = junior_best.merge(best);
        again.extend(more);
    }
    senior_lists.sort_unstable_by_key(|(s, _, _)| *s);
    // The seniors whose optimistic floor proved too high: their lists made
    // again, each on its own.
    again.sort_unstable();
    let made_again = again.len() as u64;
    let lists_again = Optimistic::lists_again(scorer, &dense, k, &again);
    for (s, list) in again.into_iter().zip(lists_again) {
        senior_lists[s].1 = list;
    }
    let (senior_best, mut senior_allowed): (Vec<_>, Vec<_>) = senior_lists
        .into_iter()
        .map(|(_, list, n)| (list, n))
        .unzip();
    let (junior_lists, mut junior_allowed, scored) = junior_best.into_lists();
    if let Some(counted) = counted {
        (senior_allowed, junior_allowed) = (counted.senior, counted.junior);
    }
    let candidates = Candidates {
        k,
        junior_k,
        senior_best,
        junior_best: junior_lists,
        senior_allowed,
        junior_allowed,
        scored,
        made_again,
    };
    (candidates, later)
}

/// One senior's best `k` under each of several weightings, side by side
/// in one array (list `i` at `i k`), with each list's floor.
struct SeniorLists {
    k: usize,
    slots: Vec<(u32, i64)>,
    len: Vec<u16>,
    /// A full list's worst score ([`list_floor`]), `i64::MIN` until full,
    /// or the list's optimistic floor where that is higher.
    floors: Vec<i64>,
    /// Each list's optimistic floor so far (see [`Optimistic`]).
    seeds: Vec<i64>,
}

impl SeniorLists {
    fn new(n: usize, k: usize) -> Self {
        SeniorLists {
            k,
            slots: vec![(0, 0); n * k],
            len: vec![0; n],
            floors: vec![i64::MIN; n],
            seeds: vec![i64::MIN; n],
        }
    }

    /// List `i`, best first.
    fn list(&self, i: usize) -> &[(u32, i64)] {
        &self.slots[i * self.k..i * self.k + usize::from(self.len[i])]
    }

    /// Raises list `i`'s optimistic floor to its `m`-th best so far, when
    /// it holds that many.
    fn raise(&mut self, i: usize, m: usize) {
        if let Some(&(_, units)) = self.list(i).get(m - 1) {
            self.seeds[i] = self.seeds[i].max(units);
            self.floors[i] = self.floors[i].max(units);
        }
    }

    /// [`push_best`] into list `i` of senior `s`; true when its floor rose.
    #[inline]
    fn push(&mut self, i: usize, s: u32, j: u32, units: i64) -> bool {
        let k = self.k;
        let list = &mut self.slots[i * k..(i + 1) * k];
        let n = usize::from(self.len[i]);
        if !enter_list(list, n, (j, units), of_senior(s)) {
            return false;
        }
        if n < k {
            self.len[i] += 1;
        }
        if usize::from(self.len[i]) == k {
            let floor = list[k - 1].1.max(self.seeds[i]);
            if floor != self.floors[i] {
                self.floors[i] = floor;
                return true;
            }
        }
        false
    }
}

/// One senior's best `k` under each of several weightings while its
/// allowed pairs are enumerated once: a pair is scored when any weighting's
/// senior or junior list could take it, and its one set of counts gives
/// each weighting's units.
struct BestPerWeighting<'a> {
    /// Scores pairs under any of the weightings (same roster and rules).
    scorer: &'a Scorer<'a>,
    weightings: &'a [Weights],
    s: u32,
    /// The senior's list under each weighting, with their floors, and the
    /// lowest of those.
    lists: &'a mut SeniorLists,
    senior_lowest: i64,
    /// How many units a first bound with the whole diversity part (see
    /// [`Visit::wants_first`]) falls under each weighting's diversity
    /// weight: the largest weight's units less the weighting's own.
    diversity_slack: &'a [i64],
    /// The lowest of `lists.floors[i] + diversity_slack[i]`: a first bound
    /// with the whole diversity part below it (and below the junior's
    /// counterpart) enters no list under any weighting.
    senior_lowest_diverse: i64,
    allowed: u64,
    /// Where the weightings differ in the learn or teach weight alone, the
    /// chord below which a first bound enters no list (see
    /// [`WeightChord`]): the
    /// senior's, and each junior's, from their lists' floors at the start
    /// of this tile (floors only rise, so an older chord still holds).
    chord: Option<&'a WeightChord>,
    senior_chord: Chord,
    junior_chords: &'a [Chord],
    /// The juniors' chords for the coarse look ([`Chord::coarse`]).
    junior_chords_coarse: &'a [[i32; 4]],
    /// The juniors' lists under each weighting, with the allowed and
    /// scored pairs (the same for every weighting).
    juniors: &'a mut JuniorLists,
    /// Per junior, the lowest of its lists' floors: a pair whose bound is
    /// below it and below `senior_lowest` enters no list.
    junior_lowest: &'a mut [i64],
    /// Per junior, the lowest of its floors plus `diversity_slack`.
    junior_lowest_diverse: &'a mut [i64],
    /// Per junior, the coarse `junior_lowest` less its coarse rest (see
    /// [`Visit::coarse_floors`]), and the coarse rests.
    junior_coarse: &'a mut [i32],
    rest: &'a [i32],
}

impl Visit for BestPerWeighting<'_> {
    #[inline]
    fn coarse_floors(&self) -> Option<CoarseFloors<'_>> {
        Some(CoarseFloors {
            senior: self.senior_lowest,
            offset: 0,
            juniors: self.junior_coarse,
            chord: self.chord.and_then(|chord| {
                let most = chord.most_coarse?;
                let [f1, q1, f2, q2] = self.senior_chord.coarse(0);
                Some(CoarseChord {
                    senior: [f1, f2],
                    senior_q: [q1, q2],
                    most,
                    juniors: self.junior_chords_coarse,
                    teach: chord.part == ChordPart::Teach,
                })
            }),
        })
    }

    #[inline]
    fn wants(&mut self, j: usize, bound: i64) -> bool {
        // `bound` holds for every weighting (see `candidates_for_weights`).
        bound >= self.senior_lowest || bound >= self.junior_lowest[j]
    }

    #[inline]
    fn wants_first(
        &mut self,
        j: usize,
        bound: i64,
        full_diversity: bool,
        parts: BoundParts,
    ) -> bool {
        if let Some(chord) = self.chord {
            // Weightings that differ in the learn or teach weight alone (no
            // diversity slack): each side's floor, then its chord.
            return (bound >= self.senior_lowest && self.senior_chord.clears(chord, bound, parts))
                || (bound >= self.junior_lowest[j]
                    && self.junior_chords[j].clears(chord, bound, parts));
        }
        // Under weighting i the same bound would be `diversity_slack[i]`
        // units lower (every other part's weight is at most the largest):
        // the pair enters no list unless it clears some weighting's floor
        // raised by that weighting's slack.
        if full_diversity {
            bound >= self.senior_lowest_diverse || bound >= self.junior_lowest_diverse[j]
        } else {
            self.wants(j, bound)
        }
    }

    #[inline]
    fn filling(&self) -> bool {
        self.senior_lowest == i64::MIN
    }

    #[inline]
    fn wants_parts(&mut self, j: usize, bound: i64, parts: impl FnOnce() -> PartsBound) -> bool {
        if !self.wants(j, bound) {
            return false;
        }
        // Some list could take the pair under the largest weights; check
        // each weighting's own bound against its own lists.
        let parts = parts();
        let junior_floors = self.juniors.floors(j);
        self.weightings
            .iter()
            .zip(&self.lists.floors)
            .zip(junior_floors)
            .any(|((w, &senior), &junior)| parts.units(w) >= senior.min(junior))
    }

    #[inline]
    fn pair(&mut self, j: usize, scored: Option<(Counts, i64)>) {
        self.allowed += 1;
        self.juniors.allowed[j] += 1;
        let Some((counts, _)) = scored else { return };
        self.juniors.scored += 1;
        let s = self.s;
        let parts = self.scorer.score_parts(s as usize, j, &counts);
        // The lowest floors are worked out again only where a floor rose.
        let (mut senior_rose, mut junior_rose) = (false, false);
        for (i, weights) in self.weightings.iter().enumerate() {
            let units = parts.units(weights);
            if units >= self.lists.floors[i] {
                senior_rose |= self.lists.push(i, s, j as u32, units);
            }
            junior_rose |= self.juniors.offer(j, i, s, units);
        }
        if junior_rose {
            (self.junior_lowest[j], self.junior_lowest_diverse[j]) =
                lowest_floors(self.juniors.floors(j), self.diversity_slack);
            self.junior_coarse[j] = coarse_floor(self.junior_lowest[j]) - self.rest[j];
        }
        if senior_rose {
            (self.senior_lowest, self.senior_lowest_diverse) =
                lowest_floors(&self.lists.floors, self.diversity_slack);
        }
    }
}

/// The first bound checked under weightings that differ in one weight
/// alone, learn or teach, all at once. Under weighting `i`, whose weight
/// of that part is `r_i` times the largest, a pair whose first bound
/// (under the largest weights) is `b` with that part `l` has at most
/// `b - (1 - r_i) l` units, so it enters a list with floor `f_i` only if
/// `b >= f_i + (1 - r_i) l` for some `i`, that is if
/// `b >= G(l) = min_i (f_i + (1 - r_i) l)`. `G` is the least of lines in
/// `l`, so between `l = 0` and `l = most` (the largest weight) it lies
/// above any chord joining two of its points: a pair whose bound is below
/// both chords of [`WeightChord::of_floors`] (from 0 to a knee, and from
/// the knee to `most`) enters no list of these. Floors
/// only rise, so a chord worked out from older floors still holds: each
/// senior's is worked out once per tile, each junior's once per block of
/// seniors and tile (working them out at every floor that rose cost more
/// than the chord saved). The coarse look checks it too
/// ([`CoarseChord`]). At 10,000 x 20,000 a sweep of the learn weight from
/// 0 to 0.9 let through its first bounds (under 0.9) every pair that
/// reached the floors under 0: 21.0 M pairs reached the pair loop's first
/// check and 16.2 M passed it, of which 10.7 M clear the chord; with the
/// chord in both checks the pass takes 0.60 s instead of 0.64 s and the
/// sweep 1.32 s instead of 1.36 s (one chord, Scale XXI). A teach sweep
/// there, with two chords, took 1.33 s instead of 1.63 s (Scale XXII).
pub(crate) struct WeightChord {
    /// The part whose weight the weightings vary.
    part: ChordPart,
    /// The largest weight of that part in units (a larger part, from
    /// rounding up, is taken as this, which only loosens the check).
    most: f64,
    /// `most` in coarse units, rounded down, where the coarse look's
    /// products of a slope and a part fit in 32 bits.
    most_coarse: Option<i32>,
    /// Each weighting's `1 - r_i`.
    rest: Vec<f64>,
}

/// Which part of a first bound a [`WeightChord`] takes off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ChordPart {
    Teach,
    Learn,
}

impl ChordPart {
    /// This part's weight in `w`.
    fn weight(self, w: &Weights) -> f64 {
        match self {
            ChordPart::Teach => w.teach,
            ChordPart::Learn => w.learn,
        }
    }

    /// `w` with this part's weight set to `weight`.
    fn with(self, w: &Weights, weight: f64) -> Weights {
        match self {
            ChordPart::Teach => Weights {
                teach: weight,
                ..*w
            },
            ChordPart::Learn => Weights {
                learn: weight,
                ..*w
            },
        }
    }
}

impl WeightChord {
    /// The chord for `weightings`, where they differ in the learn weight
    /// alone, or in the teach weight alone, and it is not 0 in all of
    /// them.
    pub(crate) fn of(weightings: &[Weights]) -> Option<WeightChord> {
        let first = weightings.first()?;
        let part = [ChordPart::Learn, ChordPart::Teach]
            .into_iter()
            .find(|&part| {
                weightings
                    .iter()
                    .all(|w| part.with(w, part.weight(first)) == *first)
            })?;
        let largest = weightings
            .iter()
            .map(|w| part.weight(w))
            .fold(0.0, f64::max);
        let most = largest * crate::units::UNITS_PER_POINT;
        let most_coarse = (most as i64) >> crate::scoring::dense::COARSE_SHIFT;
        (weightings.len() > 1 && largest > 0.0).then(|| WeightChord {
            part,
            most,
            most_coarse: (most_coarse <= 1 << crate::scoring::dense::CHORD_SHIFT)
                .then_some(most_coarse as i32),
            rest: weightings
                .iter()
                .map(|w| 1.0 - part.weight(w) / largest)
                .collect(),
        })
    }

    /// The part of a first bound with `parts` this chord takes off.
    #[inline]
    fn part_of(&self, parts: BoundParts) -> i64 {
        match self.part {
            ChordPart::Teach => parts.teach,
            ChordPart::Learn => parts.learn,
        }
    }

    /// At most how many units the first bound with `parts` falls under
    /// weighting `i`: `(1 - r_i) l`, rounded down, with `l` taken at most
    /// the largest weight (a smaller take-off only loosens a check).
    #[inline]
    pub(crate) fn falls(&self, i: usize, parts: BoundParts) -> i64 {
        (self.rest[i] * (self.part_of(parts) as f64).min(self.most)) as i64
    }

    /// The chords of lists with these `floors` (none while one is still
    /// filling: its floor lets every pair in): from `l = 0` to a knee and
    /// from the knee to `most`, the knee where `G` rises furthest above the
    /// chord over the whole range, of the seven eighths tried. A pair
    /// below both lines is below `G`: the two chords join points of `G`,
    /// which is concave.
    fn of_floors(&self, floors: &[i64]) -> Chord {
        if floors.contains(&i64::MIN) {
            return Chord::NONE;
        }
        let lowest = floors.iter().copied().min().unwrap_or(i64::MIN);
        let g = |l: f64| {
            floors
                .iter()
                .zip(&self.rest)
                .map(|(&f, &r)| f as f64 + r * l)
                .fold(f64::INFINITY, f64::min)
        };
        let (low, most) = (lowest as f64, self.most);
        let at_most = g(most);
        let whole = (at_most - low) / most;
        let (knee, at_knee) = (1..8)
            .map(|k| {
                let l = most * f64::from(k) / 8.0;
                (l, g(l))
            })
            .max_by(|a, b| (a.1 - whole * a.0).total_cmp(&(b.1 - whole * b.0)))
            .expect("seven knees");
        let first = ((at_knee - low) / knee).max(0.0);
        let second = ((at_most - at_knee) / (most - knee)).max(0.0);
        Chord {
            lowest,
            lines: [(low, first), (at_knee - second * knee, second)],
        }
    }
}

/// The chords of [`WeightChord`] for one person's lists: their lowest
/// floor, and two lines `(at 0, slope)` whose lower one lies below `G`
/// from `l = 0` to `most`.
#[derive(Clone, Copy)]
struct Chord {
    lowest: i64,
    lines: [(f64, f64); 2],
}

impl Chord {
    /// No chord: every bound clears it.
    const NONE: Chord = Chord {
        lowest: i64::MIN,
        lines: [(0.0, 0.0); 2],
    };

    /// The chords for the coarse look ([`CoarseChord`]): each line's value
    /// at 0 less `rest` in coarse units, lowered by three coarse units
    /// (room for a part rounded up on its own and for the rounding of the
    /// units), and its slope in `2^-15`, rounded down.
    fn coarse(&self, rest: i32) -> [i32; 4] {
        use crate::scoring::dense::{coarse_floor, CHORD_SHIFT, COARSE_SHIFT};
        if self.lowest == i64::MIN {
            return [
                coarse_floor(i64::MIN) - rest,
                0,
                coarse_floor(i64::MIN) - rest,
                0,
            ];
        }
        let line = |(at, slope): (f64, f64)| {
            // A line's value at 0 is at least the lowest floor (the second
            // line's slope is at most the first's); `max` only keeps the
            // floating point from taking it below.
            let at = (at.floor() as i64).max(self.lowest);
            let floor = coarse_floor(at.saturating_sub(3 << COARSE_SHIFT)) - rest;
            let q = (slope * f64::from(1 << CHORD_SHIFT)).floor();
            [floor, q.clamp(0.0, f64::from(1 << CHORD_SHIFT)) as i32]
        };
        let ([f1, q1], [f2, q2]) = (line(self.lines[0]), line(self.lines[1]));
        [f1, q1, f2, q2]
    }

    /// Whether a first bound `bound` with `parts` reaches either chord.
    /// Two units of room cover the rounding of `(1 - r_i) l` and the
    /// floating point.
    #[inline]
    fn clears(&self, chord: &WeightChord, bound: i64, parts: BoundParts) -> bool {
        if self.lowest == i64::MIN {
            return true;
        }
        let (b, l) = (
            bound as f64 + 2.0,
            (chord.part_of(parts) as f64).min(chord.most),
        );
        let [(a1, s1), (a2, s2)] = self.lines;
        b >= a1 + l * s1 || b >= a2 + l * s2
    }
}

/// The lowest of `floors`, and the lowest of `floors[i] + slack[i]`
/// (`i64::MIN` for no floors).
fn lowest_floors(floors: &[i64], slack: &[i64]) -> (i64, i64) {
    let lowest = floors.iter().copied().min().unwrap_or(i64::MIN);
    let diverse = floors
        .iter()
        .zip(slack)
        .map(|(&f, &d)| f.saturating_add(d))
        .min()
        .unwrap_or(i64::MIN);
    (lowest, diverse)
}

/// What the blocks one worker of a [`candidates_for_weights`] pass takes
/// in turn have found: their seniors' lists under each weighting, and the
/// juniors' lists they share, with those lists' floors.
struct PassPart {
    scratch: crate::scoring::Scratch,
    lists: Vec<(usize, SeniorLists, u64)>,
    junior_best: JuniorLists,
    /// See [`BestPerWeighting`]'s fields of the same names.
    junior_lowest: Vec<i64>,
    junior_lowest_diverse: Vec<i64>,
    junior_coarse: Vec<i32>,
    junior_chords: Vec<Chord>,
    junior_chords_coarse: Vec<[i32; 4]>,
    /// The lists `(weighting, senior)` whose optimistic floor proved too
    /// high (see [`Optimistic`]).
    again: Vec<(usize, usize)>,
}

impl PassPart {
    /// Trades the floors of `juniors` with the other workers (see
    /// [`SharedFloors`]), and works out again what this part keeps of a
    /// junior's floors wherever one rose.
    fn trade(
        &mut self,
        shared: &SharedFloors,
        juniors: std::ops::Range<u32>,
        diversity_slack: &[i64],
        rest: &[i32],
    ) {
        let juniors = juniors.start as usize..juniors.end as usize;
        for (j, &rest) in juniors.clone().zip(&rest[juniors]) {
            if self.junior_best.trade(shared, j) {
                (self.junior_lowest[j], self.junior_lowest_diverse[j]) =
                    lowest_floors(self.junior_best.floors(j), diversity_slack);
                self.junior_coarse[j] = coarse_floor(self.junior_lowest[j]) - rest;
            }
        }
    }
}

/// The most bytes the junior lists of one multi-weighting pass may take
/// (every worker, one per thread, holds its own lists for every weighting).
const LISTS_PER_PASS_BYTES: usize = 512 << 20;

/// How many weightings one [`candidates_for_weights`] pass should take for
/// `n_juniors` juniors and lists of `k`, so that its per-worker junior
/// lists stay within `LISTS_PER_PASS_BYTES` (at least one).
pub fn weightings_per_pass(n_juniors: usize, k: usize) -> usize {
    let workers = rayon::current_num_threads();
    let per_weighting = n_juniors.max(1) * (k.max(1) * std::mem::size_of::<(i64, u32)>() + 18);
    (LISTS_PER_PASS_BYTES / (workers * per_weighting)).max(1)
}

/// [`candidates`] for each of several weightings of one roster and its
/// rules, from one enumeration of the allowed pairs: element `i` equals
/// `candidates(&Scorer::with_rules(roster, weightings[i], rules), k)` (the
/// lists and allowed counts; `scored` counts the pairs this pass scored,
/// which depends on how its workers shared the seniors, so it can differ
/// from run to run).
/// `scorer` gives the roster and rules; its own weights are not used.
///
/// The enumeration bounds pairs with the component-wise largest weights:
/// every part of a score is at least 0 and weights are at least 0, so a
/// pair's bound under those weights is at least its units under each
/// weighting. Weightings with a negative weight must not be passed.
/// `--min-score` makes which pairs are allowed depend on the weights; with
/// it, call [`candidates`] once per weighting instead.
pub fn candidates_for_weights(
    scorer: &Scorer,
    weightings: &[Weights],
    k: usize,
) -> Vec<Candidates> {
    assert!(
        scorer.rules.min_score.is_none(),
        "allowed pairs depend on the weights under --min-score"
    );
    let Some(largest) = Weights::largest(weightings) else {
        return Vec::new();
    };
    assert!(
        weightings.iter().all(Weights::nonnegative),
        "a negative weight"
    );
    let n_w = weightings.len();
    let most = full_diversity_units(&largest);
    let diversity_slack: Vec<i64> = weightings
        .iter()
        .map(|w| most - full_diversity_units(w))
        .collect();
    let chord = WeightChord::of(weightings);
    let mut enumerator = scorer.with_weights(largest);
    // Each junior of a tile has a list per weighting here.
    enumerator.tile = scorer.tile_reading(n_w);
    let own = scorer;
    let scorer = &enumerator;
    let n_s = scorer.n_seniors();
    let n_j = scorer.n_juniors();
    let k = k.max(1);
    let junior_k = junior_list_length(scorer, k);
    // Small blocks of seniors, for balance, taken in turn by one worker
    // per thread; a worker's blocks share its junior lists, so a list fills
    // up and its floor rises once per worker, not once per block. With a
    // list per block and weighting (as `candidates` has), most of the pass
    // went into offers to lists still filling: at 10,000 x 20,000 with ten
    // weightings, 57 million offers with eight blocks against 20 million
    // with one per thread. The workers trade their juniors' floors as in
    // `candidates`. Which worker takes which block varies from run to run;
    // the lists do not (each is the best `k` of all pairs offered, and a
    // floor only turns away pairs no list could take).
    let (counted, pass) = counted_in_sets(scorer, false);
    let workers = rayon::current_num_threads().clamp(1, n_s.max(1));
    let blocks = (workers * 16).min(n_s.max(1));
    let next = AtomicUsize::new(0);
    let optimistic = Optimistic::new(k, n_j);
    let shared = SharedFloors::new(if workers > 1 { n_j * n_w } else { 0 });
    // The coarse first look over whole tiles, as in `candidates`.
    let (dense, rest) = coarse_look(scorer, pass);
    let parts: Vec<PassPart> = (0..workers)
        .into_par_iter()
        .map(|_| {
            let mut part = PassPart {
                scratch: scorer.scratch().with_dense(dense.clone()),
                lists: Vec::new(),
                junior_best: JuniorLists::new(n_j, n_w, junior_k),
                junior_lowest: vec![i64::MIN; n_j],
                junior_lowest_diverse: vec![i64::MIN; n_j],
                junior_coarse: vec![i32::MIN; n_j],
                junior_chords: vec![Chord::NONE; n_j],
                junior_chords_coarse: vec![Chord::NONE.coarse(0); n_j],
                again: Vec::new(),
            };
            loop {
                let b = next.fetch_add(1, Ordering::Relaxed);
                if b >= blocks {
                    return part;
                }
                let seniors = b * n_s / blocks..(b + 1) * n_s / blocks;
                let mut lists: Vec<(usize, SeniorLists, u64)> =
                    seniors.map(|s| (s, SeniorLists::new(n_w, k), 0)).collect();
                let trusted = optimistic.trusted();
                for juniors in scorer.junior_tiles() {
                    let rank = optimistic.rank(juniors.end).filter(|_| trusted);
                    if workers > 1 {
                        part.trade(&shared, juniors.clone(), &diversity_slack, &rest);
                    }
                    if let Some(chord) = &chord {
                        let tile = juniors.start as usize..juniors.end as usize;
                        for (j, &rest) in tile.clone().zip(&rest[tile]) {
                            let of_junior = chord.of_floors(part.junior_best.floors(j));
                            part.junior_chords[j] = of_junior;
                            part.junior_chords_coarse[j] = of_junior.coarse(rest);
                        }
                    }
                    for (s, lists, allowed) in &mut lists {
                        let (senior_lowest, senior_lowest_diverse) =
                            lowest_floors(&lists.floors, &diversity_slack);
                        let senior_chord = chord
                            .as_ref()
                            .map_or(Chord::NONE, |chord| chord.of_floors(&lists.floors));
                        let mut best = BestPerWeighting {
                            scorer,
                            weightings,
                            s: *s as u32,
                            lists,
                            senior_lowest,
                            diversity_slack: &diversity_slack,
                            chord: chord.as_ref(),
                            senior_chord,
                            junior_chords: &part.junior_chords,
                            junior_chords_coarse: &part.junior_chords_coarse,
                            senior_lowest_diverse,
                            allowed: *allowed,
                            juniors: &mut part.junior_best,
                            junior_lowest: &mut part.junior_lowest,
                            junior_lowest_diverse: &mut part.junior_lowest_diverse,
                            junior_coarse: &mut part.junior_coarse,
                            rest: &rest,
                        };
                        scorer.for_each_allowed_among(
                            *s,
                            juniors.clone(),
                            &mut part.scratch,
                            pass,
                            &mut best,
                        );
                        *allowed = best.allowed;
                        if let Some(m) = rank {
                            (0..n_w).for_each(|i| lists.raise(i, m));
                        }
                    }
                    if workers > 1 {
                        part.trade(&shared, juniors, &diversity_slack, &rest);
                    }
                }
                let failed = part.again.len();
                for (s, lists, _) in &lists {
                    for i in 0..n_w {
                        if !Optimistic::held(lists.list(i), k, lists.seeds[i]) {
                            part.again.push((i, *s));
                        }
                    }
                }
                optimistic.tally(lists.len() * n_w, part.again.len() - failed);
                part.lists.extend(lists);
            }
        })
        .collect();
    let mut again: Vec<(usize, usize)> = Vec::new();
    let mut parts = parts.into_iter().map(|mut p| {
        again.append(&mut p.again);
        (p.lists, p.junior_best)
    });
    let (mut senior_lists, mut junior_best) = parts
        .next()
        .unwrap_or_else(|| (Vec::new(), JuniorLists::new(n_j, n_w, junior_k)));
    for (lists, best) in parts {
        senior_lists.extend(lists);
        junior_best = junior_best.merge(best);
    }
    senior_lists.sort_unstable_by_key(|(s, _, _)| *s);
    let (senior_allowed, junior_allowed) = match counted {
        Some(counted) => (counted.senior, counted.junior),
        None => (
            senior_lists.iter().map(|(_, _, n)| *n).collect(),
            junior_best.allowed.clone(),
        ),
    };
    // The seniors whose optimistic floor proved too high, by weighting.
    again.sort_unstable();
    let mut again_of: Vec<Vec<usize>> = vec![Vec::new(); n_w];
    for (i, s) in again {
        again_of[i].push(s);
    }
    // Each weighting's lists, on every thread: taking them apart one
    // weighting after another (and making the lists of a few seniors
    // again, each weighting with its own coarse look) took a twentieth of
    // a second at 10,000 x 20,000 with ten weightings, one thread waiting.
    let scored = junior_best.scored;
    (0..n_w)
        .into_par_iter()
        .map(|i| {
            let mut senior_best: Vec<Partners> = senior_lists
                .iter()
                .map(|(_, lists, _)| lists.list(i).to_vec())
                .collect();
            // Made again under their own weighting (whose units are the
            // pass's for it, bit for bit).
            let seniors = &again_of[i];
            if !seniors.is_empty() {
                let weighed = own.with_weights(weightings[i]);
                let (dense, _) = coarse_look(&weighed, Pass::Above);
                let lists = Optimistic::lists_again(&weighed, &dense, k, seniors);
                for (&s, list) in seniors.iter().zip(lists) {
                    senior_best[s] = list;
                }
            }
            Candidates {
                k,
                junior_k,
                senior_best,
                junior_best: junior_best.lists_of(i),
                senior_allowed: senior_allowed.clone(),
                junior_allowed: junior_allowed.clone(),
                scored,
                made_again: seniors.len() as u64,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::{parse, ReadOptions, Roster};

    #[test]
    fn best_lists_keep_the_top_k_with_ties_spread_by_pair() {
        // Senior 0's offers: the two at 30 first, in their pairs' tie order.
        let mut list = Vec::new();
        for (j, units) in [(4, 10), (2, 30), (7, 30), (1, 20), (3, 5)] {
            push_best(&mut list, 3, 0, j, units);
        }
        let (first, second) = if tie(0, 2) < tie(0, 7) {
            (2, 7)
        } else {
            (7, 2)
        };
        assert_eq!(list, [(first, 30), (second, 30), (1, 20)]);
        let mut best = JuniorBest::without_rest(1, 2);
        for (s, units) in [(5, 1), (3, 9), (1, 9), (0, 2)] {
            best.offer(0, s, units);
        }
        let (lists, _, _) = best.into_lists();
        let (first, second) = if tie(1, 0) < tie(3, 0) {
            (1, 3)
        } else {
            (3, 1)
        };
        assert_eq!(lists, [vec![(first, 9), (second, 9)]]);
    }

    #[test]
    fn lists_side_by_side_keep_what_one_list_per_weighting_keeps() {
        // Offers with many equal scores (units 0..6), to three weightings'
        // lists at once and to each weighting's own list, in one order for
        // the senior's lists and split between two workers' junior lists.
        let (n, k, n_juniors) = (3, 4, 5);
        let offers: Vec<(u32, u32, [i64; 3])> = (0..400u32)
            .map(|x| {
                let h = tie(x, 7);
                let units = |shift: u32| ((h >> shift) % 7) as i64;
                (
                    x % 9,
                    (x * 7 + 3) % n_juniors as u32,
                    [units(0), units(8), units(16)],
                )
            })
            .collect();
        let mut side_by_side = SeniorLists::new(n, k);
        let mut own: Vec<Partners> = vec![Vec::new(); n];
        let (mut first, mut second) = (
            JuniorLists::new(n_juniors, n, k),
            JuniorLists::new(n_juniors, n, k),
        );
        let mut junior_own: Vec<JuniorBest> = (0..n)
            .map(|_| JuniorBest::without_rest(n_juniors, k))
            .collect();
        for (at, &(s, j, units)) in offers.iter().enumerate() {
            let juniors = if at % 2 == 0 { &mut first } else { &mut second };
            for i in 0..n {
                if s == 0 && units[i] >= side_by_side.floors[i] {
                    side_by_side.push(i, s, j, units[i]);
                }
                if s == 0 {
                    push_best(&mut own[i], k, s, j, units[i]);
                    assert_eq!(side_by_side.floors[i], list_floor(&own[i], k));
                }
                juniors.offer(j as usize, i, s, units[i]);
                junior_own[i].offer(j as usize, s, units[i]);
            }
        }
        let lists: Vec<Partners> = (0..n).map(|i| side_by_side.list(i).to_vec()).collect();
        assert_eq!(lists, own);
        // Merged in blocks of two juniors, as on many threads.
        let merged = first.merge_in_blocks(second, 2);
        let lists: Vec<Vec<Partners>> = (0..n).map(|i| merged.lists_of(i)).collect();
        let expected: Vec<Vec<Partners>> =
            junior_own.into_iter().map(|b| b.into_lists().0).collect();
        assert_eq!(lists, expected);
    }

    #[test]
    fn equal_partners_are_spread_over_people() {
        // With every score equal, the seniors' best few juniors are not all
        // the same few (they would be with ties to the lower index).
        let firsts: std::collections::BTreeSet<u32> = (0..50u32)
            .map(|s| {
                let mut list = Vec::new();
                for j in 0..100 {
                    push_best(&mut list, 1, s, j, 7);
                }
                list[0].0
            })
            .collect();
        assert!(firsts.len() > 30, "{} distinct first choices", firsts.len());
    }

    /// The same lists and allowed counts, and no more pairs scored than allowed.
    fn assert_same_lists(got: &Candidates, expected: &Candidates, what: &str) {
        assert_eq!(got.k, expected.k, "{what}");
        assert_eq!(got.junior_k, expected.junior_k, "{what}");
        assert_eq!(got.senior_best, expected.senior_best, "{what}");
        assert_eq!(got.junior_best, expected.junior_best, "{what}");
        assert_eq!(got.senior_allowed, expected.senior_allowed, "{what}");
        assert_eq!(got.junior_allowed, expected.junior_allowed, "{what}");
        assert!(got.scored <= got.allowed_pairs(), "{what}");
    }

    /// A pass with each of `tiles` as its tile size keeps the lists that
    /// scoring every pair keeps; `what` names the case.
    fn assert_lists_hold_at_tiles(scorer: &mut Scorer, tiles: &[usize], what: &str) {
        let expected = every_pair_lists(scorer, 3);
        for &tile in tiles {
            for least in ROWS_FROM {
                scorer.tile = tile;
                scorer.dense_least = least;
                let got = candidates(scorer, 3);
                assert_same_lists(
                    &got,
                    &expected,
                    &format!("{what}, tile {tile}, rows from {least}"),
                );
            }
        }
    }

    /// Teachers per tile from which a topic has a row of levels, for the
    /// coarse first look (see `Scorer::dense_levels`): as in a run, from a
    /// few (some topics in rows, some in lists), from one (every topic a
    /// senior wants in a row wherever it is taught), and from many (in
    /// tiles of 64 and 200 of the generated rosters, about as many as want
    /// each goal: some goals get rows of wants and some do not, so a
    /// senior's learn numerators from rows are whole for some juniors and
    /// not for others).
    const ROWS_FROM: [usize; 4] = [crate::scoring::DENSE_LEAST, 6, 1, 758];

    /// The lists every pair scored would give, by brute force.
    fn every_pair_lists(scorer: &Scorer, k: usize) -> Candidates {
        let mut senior_best = Vec::new();
        let mut senior_allowed = Vec::new();
        let junior_k = junior_list_length(scorer, k);
        let mut juniors = JuniorBest::without_rest(scorer.n_juniors(), junior_k);
        let mut scratch = scorer.scratch();
        for s in 0..scorer.n_seniors() {
            let mut list = Vec::new();
            let mut n = 0;
            scorer.for_each_allowed(s, &mut scratch, |j, _, units| {
                n += 1;
                push_best(&mut list, k, s as u32, j as u32, units);
                juniors.allowed[j] += 1;
                juniors.offer(j, s as u32, units);
            });
            senior_best.push(list);
            senior_allowed.push(n);
        }
        let (junior_best, junior_allowed, _) = juniors.into_lists();
        Candidates {
            k,
            junior_k,
            senior_best,
            junior_best,
            senior_allowed,
            junior_allowed,
            scored: 0,
            made_again: 0,
        }
    }

    /// Where the juniors sit best first, a senior's first tile holds its
    /// best partners, its optimistic floor after that tile is above its
    /// final `k`-th best, and the check finds it: the list is made again
    /// and is still exactly the best `k`. In the reverse order no list is.
    /// A senior who wants a (priority 5) and b (priority 1), and 200
    /// juniors: the first 24 at every pair of levels (a, b) below 5 but
    /// (0, 0), best first (teach numerator 5 min(a, 4) + min(b, 4), a
    /// different one for each), the others teaching b at level 1; in the
    /// reverse order where `best_first` is false.
    fn ranked_roster(best_first: bool) -> Roster {
        let mut levels: Vec<(u8, u8)> = (0..5u8)
            .flat_map(|a| (0..5u8).map(move |b| (a, b)))
            .filter(|&(a, b)| (a, b) != (0, 0))
            .collect();
        levels.sort_by_key(|&(a, b)| std::cmp::Reverse(5 * u32::from(a) + u32::from(b)));
        levels.resize(200, (0, 1));
        if !best_first {
            levels.reverse();
        }
        let mut text = String::from("id,role,skills,wants\nS0,senior,,a:5;b:1\n");
        for (j, &(a, b)) in levels.iter().enumerate() {
            let skills: Vec<String> = [("a", a), ("b", b)]
                .iter()
                .filter(|(_, level)| *level > 0)
                .map(|(topic, level)| format!("{topic}:{level}"))
                .collect();
            text.push_str(&format!("J{j:03},junior,{},\n", skills.join(";")));
        }
        parse("r.csv", text.as_bytes(), &ReadOptions::default()).unwrap()
    }

    /// Where the juniors sit best first, a senior's first tile holds its
    /// best partners, its optimistic floor after that tile is above its
    /// final `k`-th best, and the check finds it: the list is made again
    /// and is still exactly the best `k`. In the reverse order no list is.
    #[test]
    fn a_list_whose_optimistic_floor_was_too_high_is_made_again() {
        let best_first = ranked_roster(true);
        let mut scorer = Scorer::new(&best_first, Weights::default());
        scorer.tile = 20;
        let got = candidates(&scorer, 10);
        assert_eq!(
            got.made_again, 1,
            "the first tile's 5th best is above the 10th"
        );
        assert_same_lists(&got, &every_pair_lists(&scorer, 10), "best first");
        let scores: Vec<i64> = got.senior_best[0].iter().map(|&(_, units)| units).collect();
        assert!(
            scores.windows(2).all(|w| w[0] > w[1]),
            "ten different scores"
        );
        let worst_first = ranked_roster(false);
        let mut scorer = Scorer::new(&worst_first, Weights::default());
        scorer.tile = 20;
        let got = candidates(&scorer, 10);
        assert_eq!(got.made_again, 0);
        assert_same_lists(&got, &every_pair_lists(&scorer, 10), "worst first");
    }

    /// Optimistic floors stay on while at most one list in a hundred of
    /// those checked failed, and are turned off after more, once enough
    /// lists were checked to tell.
    #[test]
    fn optimistic_floors_are_turned_off_where_their_lists_fail() {
        let optimistic = Optimistic::new(20, 1000);
        optimistic.tally(200, 50);
        assert!(optimistic.trusted(), "too few lists checked to tell");
        optimistic.tally(100, 0);
        assert!(!optimistic.trusted(), "50 of 300 failed");
        let optimistic = Optimistic::new(20, 1000);
        optimistic.tally(300, 3);
        assert!(optimistic.trusted(), "3 of 300 failed");
        optimistic.tally(100, 2);
        assert!(!optimistic.trusted(), "5 of 400 failed");
    }

    /// The same under several weightings in one pass: each weighting's
    /// list that failed its check is made again under that weighting, and
    /// every list is the one a pass under its weighting alone keeps.
    #[test]
    fn one_pass_makes_each_weightings_failed_lists_again() {
        let roster = ranked_roster(true);
        let weightings: Vec<Weights> = ["learn=0", "teach=0.9", "teach=0.1,diversity=0.5"]
            .iter()
            .map(|spec| Weights::default().parse_over(spec).unwrap())
            .collect();
        let mut scorer = Scorer::new(&roster, Weights::default());
        scorer.tile = 60;
        let got = candidates_for_weights(&scorer, &weightings, 10);
        for (w, (weights, got)) in weightings.iter().zip(&got).enumerate() {
            assert_eq!(got.made_again, 1, "weighting {w}");
            let mut alone = Scorer::new(&roster, *weights);
            alone.tile = 60;
            assert_same_lists(
                got,
                &every_pair_lists(&alone, 10),
                &format!("weighting {w}"),
            );
        }
    }

    /// Two workers' lists of one junior (`k` = 2), the second taking the
    /// first's floor before its own offers: it turns away what falls below
    /// that floor, keeps the floor when its own full list's worst is lower,
    /// and the two lists merged are the best two of every offer.
    #[test]
    fn a_floor_taken_from_another_worker_keeps_the_lists_exact() {
        let shared = SharedFloors::new(1);
        let mut first = JuniorBest::without_rest(1, 2);
        for (s, units) in [(0, 50), (1, 70), (2, 60)] {
            first.offer(0, s, units);
        }
        first.trade(&shared, 0..1);
        assert_eq!(shared.floors[0].load(Ordering::Relaxed), 60);
        let mut second = JuniorBest::without_rest(1, 2);
        for (s, units) in [(4, 40), (6, 45)] {
            second.offer(0, s, units);
        }
        assert_eq!(second.floor[0], 40);
        second.trade(&shared, 0..1);
        assert_eq!(second.floor[0], 60);
        // Its own worst is now 45, below the floor it was given.
        second.offer(0, 3, 65);
        assert_eq!(second.floor[0], 60);
        second.offer(0, 7, 55);
        assert_eq!(second.slots[..2], [(65, 3), (45, 6)]);
        second.offer(0, 5, 70);
        assert_eq!(second.floor[0], 65);
        second.trade(&shared, 0..1);
        assert_eq!(shared.floors[0].load(Ordering::Relaxed), 65);
        first.trade(&shared, 0..1);
        assert_eq!(first.floor[0], 65);
        let mut all = JuniorBest::without_rest(1, 2);
        for (s, units) in [
            (0, 50),
            (1, 70),
            (2, 60),
            (4, 40),
            (6, 45),
            (3, 65),
            (7, 55),
            (5, 70),
        ] {
            all.offer(0, s, units);
        }
        assert_eq!(first.merge(second).into_lists().0, all.into_lists().0);
        // The lists of several weightings take floors the same way.
        let shared = SharedFloors::new(2);
        let mut first = JuniorLists::new(1, 2, 1);
        first.offer(0, 0, 1, 70);
        first.offer(0, 1, 1, 20);
        assert!(!first.trade(&shared, 0));
        let mut second = JuniorLists::new(1, 2, 1);
        second.offer(0, 1, 2, 30);
        assert!(second.trade(&shared, 0));
        assert_eq!(second.floors(0), [70, 30]);
        assert!(!second.offer(0, 0, 2, 60));
        assert_eq!(second.len[0], 0);
        assert_eq!(shared.floors[1].load(Ordering::Relaxed), 30);
    }

    /// With several workers trading their juniors' floors (four here, on
    /// any machine), a pass still keeps exactly the lists of every pair
    /// scored, where juniors are plentiful (a junior keeps one senior) and
    /// where places are even (a junior keeps `k`), and so does a pass over
    /// several weightings.
    #[test]
    fn lists_hold_with_floors_traded_between_workers() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        for (seniors, juniors) in [(70, 300), (150, 150)] {
            for seed in 1..=3 {
                let roster = crate::roster::generated(seniors, juniors, seed);
                for tile in [7, 60] {
                    let mut scorer = Scorer::new(&roster, Weights::default());
                    scorer.tile = tile;
                    let what = format!("{seniors} x {juniors}, seed {seed}, tile {tile}");
                    let got = pool.install(|| candidates(&scorer, 4));
                    assert_same_lists(&got, &every_pair_lists(&scorer, 4), &what);
                    let weightings: Vec<Weights> = ["learn=0", "learn=0.5", "learn=0.9"]
                        .iter()
                        .map(|spec| Weights::default().parse_over(spec).unwrap())
                        .collect();
                    let got = pool.install(|| candidates_for_weights(&scorer, &weightings, 4));
                    for (weights, got) in weightings.iter().zip(&got) {
                        let mut alone = Scorer::new(&roster, *weights);
                        alone.tile = tile;
                        assert_same_lists(got, &every_pair_lists(&alone, 4), &what);
                    }
                }
            }
        }
    }

    /// Bounding pairs before scoring them (and scanning juniors a tile at a
    /// time) keeps exactly the lists that scoring every pair keeps, whatever
    /// the weights, with the unmatched bonus, with tiles of any size, and
    /// where interests share bits of their masks.
    #[test]
    fn bounded_lists_are_the_lists_of_every_pair_scored() {
        let weightings = [
            Weights::default(),
            Weights::default()
                .parse_over("teach=0,learn=1,interests=1,diversity=1")
                .unwrap(),
            Weights::default()
                .parse_over("teach=1,learn=0,interests=0,diversity=0")
                .unwrap(),
            Weights::default()
                .parse_over("teach=0.1,learn=0.2,interests=5,diversity=0.3")
                .unwrap(),
        ];
        // Seed 5's roster has more interests than a mask has bits.
        for seed in 1..=5 {
            let roster = if seed == 5 {
                crate::roster::generated_with_many_interests(70, 300, seed)
            } else {
                crate::roster::generated(70, 300, seed)
            };
            for (w, weights) in weightings.iter().enumerate() {
                let mut rules = crate::rules::Rules::none(&roster);
                if w == 3 {
                    rules.bonus = 0.25;
                    for (s, b) in rules.senior_bonus.iter_mut().enumerate() {
                        *b = s % 3 == 0;
                    }
                    for (j, b) in rules.junior_bonus.iter_mut().enumerate() {
                        *b = j % 4 == 1;
                    }
                }
                let mut scorer = Scorer::with_rules(&roster, *weights, rules);
                assert_lists_hold_at_tiles(
                    &mut scorer,
                    &[1, 7, 4096],
                    &format!("seed {seed}, weights {w}"),
                );
            }
        }
    }

    /// Where seniors touch many juniors of a tile, the pair loop checks the
    /// first bound over all of them apart before the rest (see
    /// `FIRST_BOUND_APART` in `scoring`): the lists and counts are still
    /// those of every pair scored, under the default weights and one that
    /// leans on the parts the first bound only bounds, with one tile and
    /// with tiles of 64 and 200 juniors.
    #[test]
    fn lists_hold_where_seniors_touch_many_juniors_of_a_tile() {
        let weightings = [
            Weights::default(),
            Weights::default()
                .parse_over("teach=0.1,learn=1,interests=1,diversity=0.5")
                .unwrap(),
        ];
        for seed in [5, 6] {
            let roster = crate::roster::generated(40, 1200, seed);
            for (w, weights) in weightings.iter().enumerate() {
                let mut scorer = Scorer::new(&roster, *weights);
                let expected = every_pair_lists(&scorer, 3);
                let most_allowed = (0..scorer.n_seniors())
                    .map(|s| expected.senior_allowed[s])
                    .max()
                    .unwrap_or(0);
                assert!(most_allowed >= 200, "seed {seed}: {most_allowed}");
                for tile in [64, 200, 4096] {
                    for least in ROWS_FROM {
                        scorer.tile = tile;
                        scorer.dense_least = least;
                        let got = candidates(&scorer, 3);
                        assert_same_lists(
                            &got,
                            &expected,
                            &format!("seed {seed}, weights {w}, tile {tile}, rows from {least}"),
                        );
                    }
                }
            }
        }
    }

    /// The same where people have many interests: at most 64 in the roster
    /// (the interests part is known from two masks, and people with more
    /// than 16 interests fall back to the bound by counts), and more than
    /// 64 (the masks do not tell, every pair is bounded by counts).
    #[test]
    fn bounded_lists_hold_with_many_interests() {
        let weightings = [
            Weights::default(),
            Weights::default()
                .parse_over("teach=0.2,learn=0.1,interests=1,diversity=0.1")
                .unwrap(),
        ];
        for (seed, vocabulary) in [(1u64, 40u32), (2, 64), (3, 100)] {
            let mut roster = crate::roster::generated(60, 200, seed);
            let mut rng = crate::solve::TestRng(seed);
            for person in roster.people.iter_mut() {
                // Most people a few interests, some more than 16.
                let n = if rng.below(6) == 0 {
                    17 + rng.below(8)
                } else {
                    rng.below(5)
                };
                let mut interests: Vec<u32> = (0..n)
                    .map(|_| 1000 + rng.below(u64::from(vocabulary)) as u32)
                    .collect();
                interests.sort_unstable();
                interests.dedup();
                person.interests = interests;
            }
            for (w, weights) in weightings.iter().enumerate() {
                let mut scorer = Scorer::new(&roster, *weights);
                assert_lists_hold_at_tiles(
                    &mut scorer,
                    &[7, 4096],
                    &format!("{vocabulary} interests, weights {w}"),
                );
            }
        }
    }

    /// The same with stated preferences weighted and a pair-scores file:
    /// their parts are bounded too.
    #[test]
    fn bounded_lists_hold_with_preferences_and_pair_scores() {
        let spec = rmatch_synth::SynthSpec {
            seniors: 60,
            juniors: 200,
            seed: 7,
            dominant_department: None,
        };
        let text = rmatch_synth::roster_string(&spec);
        // Every senior prefers three juniors, every junior one senior.
        let mut lines = text.lines();
        let mut csv = format!("{},prefers\n", lines.next().unwrap());
        for (i, line) in lines.enumerate() {
            let prefers = if line.contains(",senior,") {
                format!(
                    "J{:06};J{:06};J{:06}",
                    i % 200 + 1,
                    (i + 50) % 200 + 1,
                    (i + 120) % 200 + 1
                )
            } else {
                format!("S{:06}", i % 60 + 1)
            };
            csv.push_str(&format!("{line},{prefers}\n"));
        }
        let roster = parse("r.csv", csv.as_bytes(), &ReadOptions::default()).unwrap();
        let mut scores = String::from("senior_id,junior_id,score\n");
        for s in (1..=60).step_by(3) {
            for j in (1..=200).step_by(11) {
                scores.push_str(&format!(
                    "S{s:06},J{j:06},{}\n",
                    f64::from((s * j) % 10) / 10.0
                ));
            }
        }
        let mut warnings = Vec::new();
        let mut rules = crate::rules::Rules::none(&roster);
        rules.pair_scores = Some(
            crate::rules::pair_scores::parse("p.csv", scores.as_bytes(), &roster, &mut warnings)
                .unwrap(),
        );
        let weights = Weights::default()
            .parse_over("preference=0.7,external=0.5")
            .unwrap();
        let mut scorer = Scorer::with_rules(&roster, weights, rules);
        assert_lists_hold_at_tiles(&mut scorer, &[5, 4096], "pair scores");
    }

    /// One pass over several weightings keeps, for each, exactly the lists
    /// and allowed counts of a pass with that weighting alone: with and
    /// without the unmatched bonus, and with tiles of any size.
    #[test]
    fn one_pass_over_several_weightings_gives_each_its_own_lists() {
        assert_one_pass_gives_each_weighting_its_lists(
            &[
                "",
                "diversity=0",
                "diversity=0.9",
                "teach=0,learn=1,interests=1,diversity=1",
                "teach=1,learn=0,interests=0,diversity=0",
                "teach=0.1,learn=0.2,interests=5,diversity=0.3",
            ],
            false,
        );
    }

    /// A sweep of the diversity weight alone: the pass bounds pairs under
    /// the largest weight and knows how far each smaller one lowers a first
    /// bound whose diversity part is the whole weight (not at all when
    /// either person has no attribute: a third of them here); a lowering
    /// taken too far, or where there is none, would drop pairs some list
    /// needs.
    #[test]
    fn one_pass_over_a_diversity_sweep_gives_each_step_its_own_lists() {
        assert_one_pass_gives_each_weighting_its_lists(
            &[
                "diversity=0",
                "diversity=0.3",
                "diversity=0.6",
                "diversity=0.9",
            ],
            true,
        );
    }

    /// A sweep of the learn weight alone: the pass checks a pair's first
    /// bound and its coarse look against the chord under every weighting
    /// at once (see [`WeightChord`]); a chord taken too high would drop
    /// pairs some list needs.
    #[test]
    fn one_pass_over_a_learn_sweep_gives_each_step_its_own_lists() {
        assert_one_pass_gives_each_weighting_its_lists(
            &["learn=0", "learn=0.1", "learn=0.3", "learn=0.9", "learn=3"],
            false,
        );
        assert_one_pass_gives_each_weighting_its_lists(
            &["learn=0.2,teach=0", "learn=0.25,teach=0", "learn=2,teach=0"],
            true,
        );
    }

    /// The same for a sweep of the teach weight alone, whose chords take
    /// off the teach part, known exactly in both checks.
    #[test]
    fn one_pass_over_a_teach_sweep_gives_each_step_its_own_lists() {
        assert_one_pass_gives_each_weighting_its_lists(
            &["teach=0", "teach=0.1", "teach=0.4", "teach=0.9", "teach=3"],
            false,
        );
        assert_one_pass_gives_each_weighting_its_lists(
            &["teach=0.2,learn=0", "teach=0.25,learn=0", "teach=2,learn=0"],
            true,
        );
    }

    fn assert_one_pass_gives_each_weighting_its_lists(specs: &[&str], blank_a_third: bool) {
        let weightings: Vec<Weights> = specs
            .iter()
            .map(|spec| Weights::default().parse_over(spec).unwrap())
            .collect();
        // Seed 4's roster has more interests than a mask has bits.
        for seed in 1..=4 {
            let mut roster = if seed == 4 {
                crate::roster::generated_with_many_interests(70, 300, seed)
            } else {
                crate::roster::generated(70, 300, seed)
            };
            if blank_a_third {
                for person in roster.people.iter_mut().step_by(3) {
                    person.attributes.fill(None);
                }
            }
            for bonus in [false, true] {
                let mut rules = crate::rules::Rules::none(&roster);
                if bonus {
                    rules.bonus = 0.25;
                    for (s, b) in rules.senior_bonus.iter_mut().enumerate() {
                        *b = s % 3 == 0;
                    }
                    for (j, b) in rules.junior_bonus.iter_mut().enumerate() {
                        *b = j % 4 == 1;
                    }
                }
                // The coarse look over whole tiles, too, where a tile has
                // a few teachers of a topic (`dense_least` 1).
                let least = crate::scoring::DENSE_LEAST;
                for (tile, dense_least) in
                    [(1, least), (7, least), (4096, least), (60, 1), (4096, 1)]
                {
                    let mut scorer = Scorer::with_rules(&roster, Weights::default(), rules.clone());
                    scorer.tile = tile;
                    scorer.dense_least = dense_least;
                    let got = candidates_for_weights(&scorer, &weightings, 3);
                    assert_eq!(got.len(), weightings.len());
                    for (w, (weights, got)) in weightings.iter().zip(&got).enumerate() {
                        let mut alone = Scorer::with_rules(&roster, *weights, rules.clone());
                        alone.tile = tile;
                        alone.dense_least = dense_least;
                        let expected = candidates(&alone, 3);
                        let what = format!("seed {seed}, bonus {bonus}, weights {w}, tile {tile}");
                        assert_same_lists(got, &expected, &what);
                    }
                }
            }
        }
    }

    #[test]
    fn candidates_count_every_allowed_pair_and_rank_partners() {
        // J1 teaches ai best; J3 teaches nothing the seniors want.
        let roster = parse(
            "r.csv",
            b"id,role,skills,wants\nS1,senior,,ai\nS2,senior,ai:1,ai\nJ1,junior,ai:5,\nJ2,junior,ai:2,\nJ3,junior,excel:5,\n",
            &ReadOptions::default(),
        )
        .unwrap();
        let scorer = Scorer::new(&roster, Weights::default());
        let c = candidates(&scorer, 1);
        assert_eq!(c.senior_allowed, [2, 2]);
        assert_eq!(c.junior_allowed, [2, 2, 0]);
        assert_eq!(c.allowed_pairs(), 4);
        assert_eq!(c.senior_best[0].len(), 1);
        assert_eq!(c.senior_best[0][0].0, 0, "S1's best is J1");
        assert_eq!(c.junior_best[2], [], "nobody for J3");
    }

    #[test]
    fn plentiful_juniors_keep_their_best_and_seniors_twice_k() {
        // Four seniors with one place each; juniors J1..Jn teach ai at
        // levels 2-5, so their lists rank the seniors by what each wants.
        let roster_of = |juniors: usize| {
            let mut text = String::from("id,role,skills,wants\n");
            for (s, wants) in ["ai:5", "ai:4;sql", "ai:2;sql;go", "ai:1;go"]
                .iter()
                .enumerate()
            {
                text.push_str(&format!("S{s},senior,,{wants}\n"));
            }
            for j in 0..juniors {
                text.push_str(&format!("J{j},junior,ai:{},\n", 2 + j % 4));
            }
            parse("r.csv", text.as_bytes(), &ReadOptions::default()).unwrap()
        };
        // Five places against four is not more than a quarter more: every
        // junior keeps all four seniors, as seniors do.
        let even = roster_of(5);
        let scorer = Scorer::new(&even, Weights::default());
        assert_eq!(junior_list_length(&scorer, 10), 10);
        assert_eq!(senior_list_length(&scorer, 10), 10);
        let c = candidates(&scorer, 10);
        assert!(c.junior_best.iter().all(|list| list.len() == 4));
        // Six against four is: each junior keeps its best senior, exactly
        // the first of its full list.
        let plentiful = roster_of(6);
        let scorer = Scorer::new(&plentiful, Weights::default());
        assert_eq!(junior_list_length(&scorer, 10), PLENTIFUL_JUNIOR_K);
        assert_eq!(junior_list_length(&scorer, 2), 1);
        // ... and each senior twice as many as asked for.
        assert_eq!(senior_list_length(&scorer, 10), 20);
        assert_eq!(senior_list_length(&scorer, 1), 2);
        let c = candidates(&scorer, 10);
        assert_eq!((c.k, c.junior_k), (10, 1));
        let mut full = JuniorBest::without_rest(scorer.n_juniors(), 10);
        let mut scratch = scorer.scratch();
        for s in 0..scorer.n_seniors() {
            scorer.for_each_allowed(s, &mut scratch, |j, _, units| {
                full.offer(j, s as u32, units)
            });
        }
        let (full, _, _) = full.into_lists();
        for (kept, all) in c.junior_best.iter().zip(&full) {
            assert_eq!(all.len(), 4);
            assert_eq!(kept[..], all[..1]);
        }
        assert!(c.senior_best.iter().all(|list| list.len() == 6));
    }

    mod any_offers {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(512))]

            /// Whatever the order of the offers, a senior's list of `k`
            /// holds the best `k` of them, best first: higher units, ties
            /// by [`tie`] then junior, and its floor is the last one's
            /// units once it is full.
            #[test]
            fn a_list_keeps_the_best_k_offers_in_any_order(
                s in 0u32..50,
                k in 1usize..8,
                units in prop::collection::vec(0i64..4, 0..40),
                seed in any::<u64>(),
            ) {
                // Distinct juniors, offered in an order drawn from `seed`.
                let offers: Vec<(u32, i64)> =
                    units.iter().enumerate().map(|(j, &u)| (j as u32, u)).collect();
                let mut order = offers.clone();
                let mut rng = crate::solve::TestRng(seed | 1);
                for i in (1..order.len()).rev() {
                    order.swap(i, rng.below(i as u64 + 1) as usize);
                }
                let mut list = Vec::new();
                for &(j, u) in &order {
                    push_best(&mut list, k, s, j, u);
                }
                let mut expected = offers;
                expected.sort_by(|a, b| {
                    if a == b {
                        std::cmp::Ordering::Equal
                    } else if better((a.1, a.0), (b.1, b.0), |j| (s, j)) {
                        std::cmp::Ordering::Less
                    } else {
                        std::cmp::Ordering::Greater
                    }
                });
                expected.truncate(k);
                prop_assert_eq!(&list, &expected);
                let floor = if expected.len() == k { expected[k - 1].1 } else { i64::MIN };
                prop_assert_eq!(list_floor(&list, k), floor);
            }
        }
    }

    mod any_weightings {
        use super::*;
        use proptest::prelude::*;

        /// Weights in tenths from 0 to 1, so equal scores stay common.
        fn weights() -> impl Strategy<Value = Weights> {
            (0u8..=10, 0u8..=10, 0u8..=10, 0u8..=10).prop_map(|(t, l, i, d)| Weights {
                teach: f64::from(t) / 10.0,
                learn: f64::from(l) / 10.0,
                interests: f64::from(i) / 10.0,
                diversity: f64::from(d) / 10.0,
                ..Weights::default()
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(128))]

            /// One pass over any two to four weightings (each weight
            /// varying, diversity among them) gives each weighting the
            /// lists it gets alone, with or without a third of the people
            /// lacking every diversity attribute.
            #[test]
            fn one_pass_gives_each_weighting_its_own_lists(
                seed in 1u64..10_000,
                weightings in prop::collection::vec(weights(), 2..5),
                blank_a_third in any::<bool>(),
            ) {
                let mut roster = crate::roster::generated(70, 300, seed);
                if blank_a_third {
                    for person in roster.people.iter_mut().step_by(3) {
                        person.attributes.fill(None);
                    }
                }
                let scorer = Scorer::new(&roster, Weights::default());
                let got = candidates_for_weights(&scorer, &weightings, 3);
                prop_assert_eq!(got.len(), weightings.len());
                for (w, (weights, got)) in weightings.iter().zip(&got).enumerate() {
                    let expected = candidates(&Scorer::new(&roster, *weights), 3);
                    assert_same_lists(got, &expected, &format!("seed {seed}, weighting {w}: {weights:?}"));
                }
            }
        }
    }
}
