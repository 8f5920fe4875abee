//! How many allowed partners each person has, counted a set at a time
//! instead of a pair at a time.
//!
//! The candidate pass scores only the pairs that could enter a list, but
//! on large rosters checking every other pair against the rules just to
//! count it took a quarter of the pass. Here a senior's allowed juniors are
//! a set of bits: the juniors who teach one of its goals above its own
//! level (an `or` of one set per goal), among those who share a language
//! with it (an `and`), less its management chain (a run of bits, since
//! juniors are numbered in management order and the people below someone
//! are consecutive in it, plus the few above), its exclusions and its
//! banned or locked pairs (a bit each). A junior's allowed seniors are the
//! same over the seniors. A person whose goals (or skills) reach only a
//! few people is counted one by one instead, each person reached marked
//! once, since a set costs a look at every word of it whoever is in it.
//! The counts are exactly those of the pair loop
//! (`Scorer::for_each_allowed_among` with `Pass::Count`); rules the sets
//! do not express (time zones, attribute rules, `--min-score`, more than
//! 64 languages) leave the counting to the pair loop.

use std::collections::HashMap;

use rayon::prelude::*;

use super::Scorer;
use crate::roster::Roster;

/// Each person's number of allowed partners, by index within their side.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AllowedCounts {
    pub senior: Vec<u64>,
    pub junior: Vec<u64>,
}

/// Levels run from 1 to 5, so a goal can be taught above own levels 0-4.
const LEVELS: usize = 5;

#[inline]
fn set(bits: &mut [u64], p: u32) {
    bits[(p / 64) as usize] |= 1 << (p % 64);
}

/// The people one count reaches: those in any of `sets` who are also in
/// one of `speakers` (everyone without them). Each set is a word per 64
/// positions; positions past the side's end are never set.
struct Reached<'a> {
    sets: &'a [&'a [u64]],
    speakers: Option<&'a [&'a [u64]]>,
}

/// How many words [`Reached::count`] unites at a time, on the stack.
const CHUNK_WORDS: usize = 256;

impl Reached<'_> {
    /// How many of positions `from..to` are reached: the union of the
    /// sets and of the speakers' sets is formed a chunk of words at a
    /// time, each set read once, and counted.
    ///
    /// In a copy compiled for AVX-512 (with its population count of
    /// eight words at a time) or for AVX2 and `popcnt` where the processor
    /// has them; without `popcnt` a word's count takes a dozen
    /// instructions.
    fn count(&self, from: usize, to: usize) -> u64 {
        #[cfg(target_arch = "x86_64")]
        {
            use std::arch::is_x86_feature_detected as has;
            if has!("avx512f") && has!("avx512vpopcntdq") && has!("avx2") && has!("popcnt") {
                // SAFETY: the processor has them, checked just above.
                return unsafe { self.count_avx512(from, to) };
            }
            if has!("avx2") && has!("popcnt") {
                // SAFETY: the processor has both, checked just above.
                return unsafe { self.count_avx2(from, to) };
            }
        }
        self.count_body(from, to)
    }

    /// [`Reached::count`] compiled for AVX-512.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512vpopcntdq,avx2,popcnt")]
    fn count_avx512(&self, from: usize, to: usize) -> u64 {
        self.count_body(from, to)
    }

    /// [`Reached::count`] compiled for AVX2 and `popcnt`.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,popcnt")]
    fn count_avx2(&self, from: usize, to: usize) -> u64 {
        self.count_body(from, to)
    }

    #[inline(always)]
    fn count_body(&self, from: usize, to: usize) -> u64 {
        if from >= to || self.sets.is_empty() {
            return 0;
        }
        let (first, last) = (from / 64, (to - 1) / 64);
        let mut total = 0;
        let mut reached = [0u64; CHUNK_WORDS];
        let mut speak = [0u64; CHUNK_WORDS];
        let mut at = first;
        while at <= last {
            let n = CHUNK_WORDS.min(last + 1 - at);
            let reached = &mut reached[..n];
            unite(reached, self.sets, at);
            if let Some(speakers) = self.speakers {
                let speak = &mut speak[..n];
                unite(speak, speakers, at);
                for (r, s) in reached.iter_mut().zip(speak.iter()) {
                    *r &= s;
                }
            }
            // Only the positions from `from` to `to` in the edge words.
            if at == first {
                reached[0] &= !0 << (from % 64);
            }
            if at + n - 1 == last && !to.is_multiple_of(64) {
                reached[n - 1] &= (1 << (to % 64)) - 1;
            }
            total += reached
                .iter()
                .map(|w| u64::from(w.count_ones()))
                .sum::<u64>();
            at += n;
        }
        total
    }

    /// Whether position `p` is reached.
    fn has(&self, p: usize) -> bool {
        let (w, bit) = (p / 64, 1 << (p % 64));
        let any = |sets: &[&[u64]]| sets.iter().any(|set| set[w] & bit != 0);
        any(self.sets) && self.speakers.is_none_or(any)
    }
}

/// Sets `into` to the union of `sets`' words from `at` on.
#[inline(always)]
fn unite(into: &mut [u64], sets: &[&[u64]], at: usize) {
    let n = into.len();
    into.copy_from_slice(&sets[0][at..at + n]);
    for set in &sets[1..] {
        for (a, b) in into.iter_mut().zip(&set[at..at + n]) {
            *a |= b;
        }
    }
}

/// One side's people in management order: the people below someone in the
/// management forest hold consecutive positions.
struct Order {
    /// Each person's position, by index within the side.
    position: Vec<u32>,
    /// The `enter` time of the person at each position, ascending.
    enters: Vec<u32>,
}

impl Order {
    fn of(roster: &Roster, first: usize, n: usize) -> Order {
        let mut by_enter: Vec<u32> = (0..n as u32).collect();
        by_enter.sort_unstable_by_key(|&i| roster.span(first + i as usize).0);
        let mut position = vec![0; n];
        for (p, &i) in by_enter.iter().enumerate() {
            position[i as usize] = p as u32;
        }
        let enters = by_enter
            .iter()
            .map(|&i| roster.span(first + i as usize).0)
            .collect();
        Order { position, enters }
    }

    /// The positions of this side's people strictly below someone whose
    /// span is `(enter, leave)`.
    fn below(&self, (enter, leave): (u32, u32)) -> (usize, usize) {
        (
            self.enters.partition_point(|&e| e <= enter),
            self.enters.partition_point(|&e| e < leave),
        )
    }
}

/// For every person, the nearest senior and the nearest junior above them
/// in the management forest (global indices).
fn nearest_above(roster: &Roster) -> (Vec<Option<u32>>, Vec<Option<u32>>) {
    let n = roster.people.len();
    let mut by_enter: Vec<usize> = (0..n).collect();
    by_enter.sort_unstable_by_key(|&i| roster.span(i).0);
    let (mut senior, mut junior) = (vec![None; n], vec![None; n]);
    for i in by_enter {
        // The manager is the parent in the forest unless a cycle cut it off.
        let Some(m) = roster.people[i].manager.filter(|&m| {
            let ((me, ml), (ie, il)) = (roster.span(m), roster.span(i));
            m != i && me <= ie && il <= ml
        }) else {
            continue;
        };
        let m32 = m as u32;
        if m < roster.n_seniors {
            senior[i] = Some(m32);
            junior[i] = junior[m];
        } else {
            junior[i] = Some(m32);
            senior[i] = senior[m];
        }
    }
    (senior, junior)
}

/// People of one side by language bit, and those who gave no language.
struct LanguageSets {
    by_bit: Vec<Vec<u64>>,
    none: Vec<u64>,
    /// For the masks the other side asks with (up to [`UNITED_MASKS`] of
    /// them), the union of their speakers' sets, or None where it holds
    /// everyone: one set to read per count instead of one per language.
    united: HashMap<u64, Option<Vec<u64>>>,
    /// Each position's language mask.
    at: Vec<u64>,
}

impl LanguageSets {
    fn of(masks: impl Iterator<Item = u64>, position: &[u32], words: usize) -> LanguageSets {
        let mut sets = LanguageSets {
            by_bit: vec![Vec::new(); 64],
            none: vec![0; words],
            united: HashMap::new(),
            at: vec![0; position.len()],
        };
        for (i, mask) in masks.enumerate() {
            let p = position[i];
            sets.at[p as usize] = mask;
            if mask == 0 {
                set(&mut sets.none, p);
            }
            let mut rest = mask;
            while rest != 0 {
                let bits = &mut sets.by_bit[rest.trailing_zeros() as usize];
                rest &= rest - 1;
                if bits.is_empty() {
                    bits.resize(words, 0);
                }
                set(bits, p);
            }
        }
        sets
    }

    /// Whether the person at position `p` may meet someone whose language
    /// mask is `mask` (as [`LanguageSets::speakers`] holds them).
    fn speaks(&self, p: usize, mask: u64) -> bool {
        let theirs = self.at[p];
        mask == 0 || theirs == 0 || theirs & mask != 0
    }

    /// The sets of those who may meet someone whose language mask is
    /// `mask` (whose union holds them): None for everyone, when it is 0;
    /// else those who gave no language and those who share one.
    fn speakers(&self, mask: u64) -> Option<Vec<&[u64]>> {
        if mask == 0 {
            return None;
        }
        if let Some(united) = self.united.get(&mask) {
            return united.as_ref().map(|set| vec![set.as_slice()]);
        }
        let mut sets = vec![self.none.as_slice()];
        sets.extend(
            (0..64)
                .filter(|b| mask >> b & 1 == 1 && !self.by_bit[*b].is_empty())
                .map(|b| self.by_bit[b].as_slice()),
        );
        Some(sets)
    }

    /// Unites the speakers' sets of each mask in `asked` (`most` of them at
    /// most; a count with another mask unites them as it goes).
    fn unite_for(&mut self, asked: impl Iterator<Item = u64>, n: usize, most: usize) {
        let mut masks: Vec<u64> = asked.filter(|&m| m != 0).collect();
        masks.sort_unstable();
        masks.dedup();
        masks.truncate(most);
        for mask in masks {
            let sets = self.speakers(mask).unwrap_or_default();
            let mut united = vec![0; self.none.len()];
            unite(&mut united, &sets, 0);
            let everyone = united
                .iter()
                .map(|w| w.count_ones() as usize)
                .sum::<usize>()
                == n;
            self.united.insert(mask, (!everyone).then_some(united));
        }
    }
}

/// The most language masks whose speakers [`LanguageSets::unite_for`]
/// unites ahead (each a set over one side).
const UNITED_MASKS: usize = 64;

/// Which entries of a topic's list a level index `i` reaches: teachers
/// whose level is above own level `i`, or learners whose own level is
/// below level `i + 1` (a match, not a function pointer, so the check is
/// inlined in the counts' loops).
#[derive(Clone, Copy, Debug)]
enum Reach {
    Above,
    Below,
}

impl Reach {
    #[inline]
    fn reaches(self, level: u8, i: usize) -> bool {
        match self {
            Reach::Above => usize::from(level) > i,
            Reach::Below => usize::from(level) <= i,
        }
    }
}

/// The side a count runs over: its people in management order, by
/// language, and by topic and level.
struct Partners {
    order: Order,
    languages: LanguageSets,
    /// Per topic, the people of this side by position, with their level:
    /// teachers with the level they teach at, learners with their own
    /// level (sorted by position, so a count that walks a list marks the
    /// side's bits in order).
    placed: Vec<Vec<(u32, u8)>>,
    /// Which entries of `placed` a level index reaches.
    reach: Reach,
    /// Per topic whose list is as long as a set, per level index, the
    /// entries it reaches, as bits over positions.
    sets: Vec<Option<Vec<Vec<u64>>>>,
    /// For every person of the roster, the nearest person of this side
    /// above them (roster index).
    above: Vec<Option<u32>>,
    /// The roster index of this side's first person.
    first: usize,
    /// A person is counted one by one when the lists their goals or skills
    /// name hold fewer than this many entries per word of a set over this
    /// side ([`LISTED_PER_WORD`]; tests set 0 and `usize::MAX`).
    listed_per_word: usize,
}

impl Partners {
    fn new(
        roster: &Roster,
        (first, n): (usize, usize),
        (masks, asked): (impl Iterator<Item = u64>, impl Iterator<Item = u64>),
        lists: &[Vec<(u32, u8)>],
        reach: Reach,
        above: Vec<Option<u32>>,
        (listed_per_word, united_masks): (usize, usize),
    ) -> Self {
        let order = Order::of(roster, first, n);
        let words = n.div_ceil(64);
        let placed: Vec<Vec<(u32, u8)>> = lists
            .par_iter()
            .map(|list| {
                let mut placed: Vec<(u32, u8)> = list
                    .iter()
                    .map(|&(i, level)| (order.position[i as usize], level))
                    .collect();
                placed.sort_unstable();
                placed
            })
            .collect();
        let sets = placed
            .iter()
            .map(|list| {
                (list.len() >= words).then(|| {
                    let mut sets = vec![vec![0; words]; LEVELS];
                    for &(p, level) in list {
                        for (k, bits) in sets.iter_mut().enumerate() {
                            if reach.reaches(level, k) {
                                set(bits, p);
                            }
                        }
                    }
                    sets
                })
            })
            .collect();
        let mut languages = LanguageSets::of(masks, &order.position, words);
        languages.unite_for(asked, n, united_masks);
        Partners {
            languages,
            order,
            placed,
            reach,
            sets,
            above,
            first,
            listed_per_word,
        }
    }

    /// How many people of this side roster person `g` may meet: those the
    /// `(topic, level index)` pairs of `reach` reach, who share a language
    /// with `mask` (or gave none), outside `g`'s management chain and not
    /// in `ruled_out` (indices within this side).
    ///
    /// As a set of bits over the whole side, or, where the lists `reach`
    /// names are short beside such a set (`listed_per_word`), one person
    /// of those lists at a time. A set costs a look at every word, whoever
    /// is in it: at 300,000 x 700,000 with a few hundred partners each,
    /// counting everyone in sets took 4.6 s, and 1.7 s this way. The
    /// generated rosters, with thousands each, count in sets: the sets
    /// reached and the speakers' (united ahead) are read once, a chunk of
    /// words at a time, and counted without being written; the chain and
    /// those ruled out by name are then counted and taken off. Writing
    /// the union into one set, then clearing the chain and counting it,
    /// took 0.92 s at 100,000 x 200,000 and 9.9 s at 300,000 x 700,000
    /// (the generated rosters), against 0.49 s and 5.1 s this way.
    fn count(
        &self,
        scratch: &mut CountScratch,
        reach: impl Iterator<Item = (usize, usize)>,
        roster: &Roster,
        g: usize,
        mask: u64,
        ruled_out: impl Iterator<Item = usize>,
    ) -> u64 {
        let words = self.order.position.len().div_ceil(64);
        scratch.reach.clear();
        scratch.reach.extend(reach);
        let entries: usize = scratch
            .reach
            .iter()
            .map(|&(t, _)| self.placed[t].len())
            .sum();
        if entries < words.saturating_mul(self.listed_per_word) {
            return self.count_listed(scratch, roster, g, mask, ruled_out);
        }
        // The sets the person reaches, with the topics short of a set
        // gathered into `bits`, and the sets of those who may meet them.
        let CountScratch {
            bits,
            reach,
            singles,
            ..
        } = scratch;
        let mut listed = false;
        for &(t, i) in reach.iter() {
            if self.sets[t].is_none() {
                if !listed {
                    bits.resize(words, 0);
                    bits.fill(0);
                    listed = true;
                }
                for &(p, level) in &self.placed[t] {
                    if self.reach.reaches(level, i) {
                        set(bits, p);
                    }
                }
            }
        }
        let mut reached: Vec<&[u64]> = reach
            .iter()
            .filter_map(|&(t, i)| self.sets[t].as_ref().map(|sets| sets[i].as_slice()))
            .collect();
        if listed {
            reached.push(&bits[..]);
        }
        let speakers = self.languages.speakers(mask);
        let reach = Reached {
            sets: &reached,
            speakers: speakers.as_deref(),
        };
        // Everyone reached, less the management chain (a run of positions
        // below, a few above) and those ruled out by name, each once.
        let (from, to) = self.order.below(roster.span(g));
        let mut count = reach.count(0, words * 64) - reach.count(from, to);
        singles.clear();
        let mut above = self.above[g];
        while let Some(a) = above {
            singles.push(self.order.position[a as usize - self.first]);
            above = self.above[a as usize];
        }
        singles.extend(ruled_out.map(|p| self.order.position[p]));
        singles.sort_unstable();
        singles.dedup();
        for &p in singles.iter() {
            let p = p as usize;
            if !(from..to).contains(&p) && reach.has(p) {
                count -= 1;
            }
        }
        count
    }

    /// [`Partners::count`] by marking each position reached, once: the
    /// positions ruled out by name are marked first, so they never count.
    fn count_listed(
        &self,
        scratch: &mut CountScratch,
        roster: &Roster,
        g: usize,
        mask: u64,
        ruled_out: impl Iterator<Item = usize>,
    ) -> u64 {
        let CountScratch {
            reach,
            marks,
            round,
            ..
        } = scratch;
        if marks.len() < self.order.position.len() {
            marks.resize(self.order.position.len(), 0);
        }
        // Each count marks with its own round, so no mark is cleared.
        *round = round.wrapping_add(1);
        if *round == 0 {
            marks.fill(0);
            *round = 1;
        }
        let round = *round;
        let mut above = self.above[g];
        while let Some(a) = above {
            marks[self.order.position[a as usize - self.first] as usize] = round;
            above = self.above[a as usize];
        }
        for p in ruled_out {
            marks[self.order.position[p] as usize] = round;
        }
        let (from, to) = self.order.below(roster.span(g));
        let mut count = 0;
        for &(t, i) in reach.iter() {
            for &(at, level) in &self.placed[t] {
                if !self.reach.reaches(level, i) {
                    continue;
                }
                let at = at as usize;
                if marks[at] == round {
                    continue;
                }
                marks[at] = round;
                count += u64::from(!(from..to).contains(&at) && self.languages.speaks(at, mask));
            }
        }
        count
    }
}

/// Buffers of one worker's [`Partners::count`]s.
#[derive(Default)]
struct CountScratch {
    /// The `(topic, level index)` pairs of the person counted.
    reach: Vec<(usize, usize)>,
    /// A set of bits over the side.
    bits: Vec<u64>,
    /// Positions ruled out one by one.
    singles: Vec<u32>,
    /// Per position, the last count that reached it or ruled it out.
    marks: Vec<u32>,
    /// The count under way.
    round: u32,
}

/// Which sides' allowed partners a count counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sides {
    Both,
    Seniors,
    Juniors,
}

/// A person is counted one by one when the lists their goals or skills
/// name hold fewer than this many entries per word of a set of bits over
/// the other side (see [`Partners::count`]).
const LISTED_PER_WORD: usize = 1;

impl Scorer<'_> {
    /// Every person's number of allowed partners, counted in sets (see the
    /// module doc), or `None` when a rule the sets do not express is on.
    pub fn allowed_counts(&self) -> Option<AllowedCounts> {
        self.allowed_counts_by(LISTED_PER_WORD, UNITED_MASKS, Sides::Both)
    }

    /// [`Scorer::allowed_counts`] of the seniors alone (the juniors' left
    /// empty), where the rules allow.
    pub fn senior_allowed_counts(&self) -> Option<AllowedCounts> {
        self.allowed_counts_by(LISTED_PER_WORD, UNITED_MASKS, Sides::Seniors)
    }

    /// [`Scorer::allowed_counts`] of the juniors alone, where the rules
    /// allow.
    pub fn junior_allowed_counts(&self) -> Option<Vec<u64>> {
        self.allowed_counts_by(LISTED_PER_WORD, UNITED_MASKS, Sides::Juniors)
            .map(|counts| counts.junior)
    }

    /// [`Scorer::allowed_counts`], counting a person one by one when their
    /// lists hold fewer than `listed_per_word` entries per word of a set
    /// (0: never; `usize::MAX`: always), with the speakers of up to
    /// `united_masks` language masks united ahead; the side not in `sides`
    /// left empty.
    fn allowed_counts_by(
        &self,
        listed_per_word: usize,
        united_masks: usize,
        sides: Sides,
    ) -> Option<AllowedCounts> {
        let roster = self.roster;
        let rules = &self.rules;
        let time_zones = rules.max_tz_gap_minutes.is_some()
            && roster.seniors().iter().any(|p| p.utc_offset.is_some())
            && roster.juniors().iter().any(|p| p.utc_offset.is_some());
        if rules.min_score.is_some()
            || !rules.pair_rules.is_empty()
            || time_zones
            || !self.languages_exact
        {
            return None;
        }
        let (n_s, n_j) = (roster.n_seniors, roster.n_juniors());
        let (senior_above, junior_above) = nearest_above(roster);
        let open_senior = |s: usize| self.senior_left[s] > 0 && !roster.senior(s).wants.is_empty();

        let senior = if sides == Sides::Juniors {
            Vec::new()
        } else {
            // Seniors' side: the juniors who teach a goal above the senior's
            // own level in it (`teachers` holds only juniors with places).
            let juniors = Partners::new(
                roster,
                (n_s, n_j),
                (
                    self.junior_rules.iter().map(|r| r.languages),
                    self.senior_languages.iter().copied(),
                ),
                &self.teachers,
                Reach::Above,
                junior_above,
                (listed_per_word, united_masks),
            );
            (0..n_s)
                .into_par_iter()
                .map_init(CountScratch::default, |scratch, s| {
                    if !open_senior(s) {
                        return 0;
                    }
                    let person = roster.senior(s);
                    let goals = person
                        .wants
                        .iter()
                        .map(|t| (t.id as usize, usize::from(person.level(t.id))))
                        .filter(|&(_, own)| own < LEVELS);
                    let excluded = person
                        .exclude
                        .iter()
                        .filter(|&&g| g >= n_s)
                        .map(|g| g - n_s);
                    let skipped = self.skip[s].iter().map(|&j| j as usize);
                    let mask = self.senior_languages[s];
                    juniors.count(scratch, goals, roster, s, mask, excluded.chain(skipped))
                })
                .collect()
        };

        let junior = if sides == Sides::Seniors {
            Vec::new()
        } else {
            // Juniors' side: the seniors with places who want a topic the
            // junior teaches, below the junior's level.
            let mut learners: Vec<Vec<(u32, u8)>> = vec![Vec::new(); roster.vocab.len()];
            let mut ruled_out: Vec<Vec<u32>> = vec![Vec::new(); n_j];
            for s in 0..n_s {
                let person = roster.senior(s);
                for &g in &person.exclude {
                    if g >= n_s {
                        ruled_out[g - n_s].push(s as u32);
                    }
                }
                for &j in &self.skip[s] {
                    ruled_out[j as usize].push(s as u32);
                }
                if open_senior(s) {
                    for want in &person.wants {
                        learners[want.id as usize].push((s as u32, person.level(want.id)));
                    }
                }
            }
            let seniors = Partners::new(
                roster,
                (0, n_s),
                (
                    self.senior_languages.iter().copied(),
                    self.junior_rules.iter().map(|r| r.languages),
                ),
                &learners,
                Reach::Below,
                senior_above,
                (listed_per_word, united_masks),
            );
            (0..n_j)
                .into_par_iter()
                .map_init(CountScratch::default, |scratch, j| {
                    if self.junior_left[j] == 0 {
                        return 0;
                    }
                    let skills = roster
                        .junior(j)
                        .skills
                        .iter()
                        .filter(|t| t.level > 0)
                        .map(|t| (t.id as usize, usize::from(t.level) - 1));
                    let mask = self.junior_rules[j].languages;
                    let out = ruled_out[j].iter().map(|&s| s as usize);
                    seniors.count(scratch, skills, roster, n_s + j, mask, out)
                })
                .collect()
        };
        Some(AllowedCounts { senior, junior })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::{parse, ReadOptions};
    use crate::rules::{Ban, Rules};
    use crate::scoring::Weights;

    /// A roster with every rule the sets count: goals at every level,
    /// capacities of 0, languages given and blank, exclusions both ways,
    /// and a management forest where juniors manage seniors too.
    fn tangled_roster(seed: u64, seniors: usize, juniors: usize) -> crate::roster::Roster {
        tangled_roster_speaking(seed, seniors, juniors, &["", "en", "fr", "en;fr", "de"])
    }

    /// [`tangled_roster`] with each person's languages drawn from `languages`.
    fn tangled_roster_speaking(
        seed: u64,
        seniors: usize,
        juniors: usize,
        languages: &[&str],
    ) -> crate::roster::Roster {
        let mut draw = crate::test_rng::xorshift(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let next = &mut |n: u64| draw() % n;
        let topics = ["ai", "sql", "go", "tiktok", "excel"];
        let id = |g: usize| {
            if g < seniors {
                format!("S{g}")
            } else {
                format!("J{}", g - seniors)
            }
        };
        let mut text = String::from("id,role,skills,wants,languages,capacity,manager,exclude\n");
        for g in 0..seniors + juniors {
            let entries = |next: &mut dyn FnMut(u64) -> u64| {
                let count = next(3);
                let mut picked: Vec<&str> = (0..count)
                    .map(|_| topics[next(topics.len() as u64) as usize])
                    .collect();
                picked.sort_unstable();
                picked.dedup();
                picked
                    .iter()
                    .map(|t| format!("{t}:{}", 1 + next(5)))
                    .collect::<Vec<_>>()
                    .join(";")
            };
            let (skills, wants) = (entries(next), entries(next));
            let language = languages[next(languages.len() as u64) as usize];
            let capacity = [0, 1, 1, 2][next(4) as usize];
            // Managers come earlier in the file, so the forest has no cycle.
            let manager = if g > 0 && next(3) > 0 {
                id(next(g as u64) as usize)
            } else {
                String::new()
            };
            let exclude = if next(4) == 0 {
                id(next((seniors + juniors) as u64) as usize)
            } else {
                String::new()
            };
            let exclude = if exclude == id(g) {
                String::new()
            } else {
                exclude
            };
            let role = if g < seniors { "senior" } else { "junior" };
            text.push_str(&format!(
                "{},{role},{skills},{wants},{language},{capacity},{manager},{exclude}\n",
                id(g)
            ));
        }
        parse("r.csv", text.as_bytes(), &ReadOptions::default()).unwrap()
    }

    /// Counted in sets, every person's allowed partners are exactly those
    /// the pair-by-pair rules allow, with banned and locked pairs too: with
    /// the speakers' sets united ahead or not, where some languages are
    /// shared by no one else and where everyone speaks one of them, and
    /// over sets of more words than are united at a time.
    #[test]
    fn set_counts_are_the_pair_by_pair_counts() {
        let mixed = &["", "en", "fr", "en;fr", "de"][..];
        let all_english = &["en", "en;fr", "en;de", "en"][..];
        for (seed, seniors, juniors, languages) in [
            (1, 40, 90, mixed),
            (2, 90, 40, mixed),
            (3, 130, 300, mixed),
            (4, 7, 12, mixed),
            (5, 60, 130, all_english),
            (6, 9, 64 * CHUNK_WORDS + 70, mixed),
        ] {
            let roster = tangled_roster_speaking(seed, seniors, juniors, languages);
            let mut rules = Rules::none(&roster);
            for s in (0..seniors).step_by(3) {
                let j = (s * 7) % juniors;
                rules.banned[s] = vec![(j as u32, Ban::Forbidden)];
            }
            if seniors > 5 {
                rules.locked = vec![(1, 1), (5, 2)];
            }
            let scorer = Scorer::with_rules(&roster, Weights::default(), rules);
            let counted = scorer.allowed_counts().expect("no rule beyond the sets");
            // Every person as a set of bits, and every person as a list.
            let as_sets = scorer
                .allowed_counts_by(0, UNITED_MASKS, Sides::Both)
                .unwrap();
            let as_lists = scorer
                .allowed_counts_by(usize::MAX, UNITED_MASKS, Sides::Both)
                .unwrap();
            let not_united = scorer.allowed_counts_by(0, 0, Sides::Both).unwrap();
            let mut expected = AllowedCounts {
                senior: vec![0; seniors],
                junior: vec![0; juniors],
            };
            for s in 0..seniors {
                for j in 0..juniors {
                    if scorer.may_pair_at_all(s, j) {
                        expected.senior[s] += 1;
                        expected.junior[j] += 1;
                    }
                }
            }
            assert!(expected.senior.iter().sum::<u64>() > 0, "seed {seed}");
            assert_eq!(counted, expected, "seed {seed}");
            assert_eq!(as_sets, expected, "seed {seed}, as sets");
            assert_eq!(as_lists, expected, "seed {seed}, as lists");
            assert_eq!(not_united, expected, "seed {seed}, speakers not united");
        }
    }

    /// Every compiled copy of the count counts the same positions as a
    /// bit-by-bit count, over any range, with speakers or without.
    #[test]
    fn reached_counts_agree_bit_by_bit_in_every_copy() {
        let mut next = crate::test_rng::xorshift(0x2545_F491_4F6C_DD1D);
        let words = 2 * CHUNK_WORDS + 5;
        let mut set = || -> Vec<u64> { (0..words).map(|_| next() & next()).collect() };
        let sets = [set(), set(), set()];
        let speakers = [set(), set()];
        let sets: Vec<&[u64]> = sets.iter().map(Vec::as_slice).collect();
        let speakers: Vec<&[u64]> = speakers.iter().map(Vec::as_slice).collect();
        let bit = |set: &[u64], p: usize| set[p / 64] >> (p % 64) & 1 == 1;
        for speaking in [None, Some(&speakers[..])] {
            let reached = Reached {
                sets: &sets,
                speakers: speaking,
            };
            for (from, to) in [
                (0, words * 64),
                (3, 70),
                (64, 128),
                (100, 100),
                (100, 900),
                (40, 41),
                (5, words * 64 - 9),
                (130, 64 * CHUNK_WORDS + 1),
            ] {
                let expected = (from..to)
                    .filter(|&p| {
                        sets.iter().any(|s| bit(s, p))
                            && speaking.is_none_or(|sp| sp.iter().any(|s| bit(s, p)))
                    })
                    .count() as u64;
                assert_eq!(reached.count_body(from, to), expected, "{from}..{to}");
                assert_eq!(reached.count(from, to), expected, "{from}..{to}");
                #[cfg(target_arch = "x86_64")]
                if std::arch::is_x86_feature_detected!("avx2")
                    && std::arch::is_x86_feature_detected!("popcnt")
                {
                    // SAFETY: the processor has both, checked just above.
                    assert_eq!(unsafe { reached.count_avx2(from, to) }, expected);
                }
                for p in [from, to.saturating_sub(1)] {
                    let has = sets.iter().any(|s| bit(s, p))
                        && speaking.is_none_or(|sp| sp.iter().any(|s| bit(s, p)));
                    assert_eq!(reached.has(p), has, "position {p}");
                }
            }
        }
    }

    /// A junior above a senior (and a senior above a junior) rules the
    /// pair out however far apart they are in the chain.
    #[test]
    fn a_chain_through_both_sides_is_ruled_out_at_every_depth() {
        let roster = parse(
            "r.csv",
            b"id,role,skills,wants,manager\n\
              S0,senior,,ai,\nJ0,junior,ai:5,,S0\nS1,senior,,ai,J0\nJ1,junior,ai:5,,S1\n\
              J2,junior,ai:5,,\n",
            &ReadOptions::default(),
        )
        .unwrap();
        let counted = Scorer::new(&roster, Weights::default())
            .allowed_counts()
            .unwrap();
        // S0 is above everyone but J2; S1 sits between J0 and J1.
        assert_eq!(counted.senior, [1, 1]);
        assert_eq!(counted.junior, [0, 0, 2]);
    }

    /// Time zones are a rule the sets leave to the pair loop.
    #[test]
    fn rules_the_sets_do_not_express_leave_the_count_to_the_pair_loop() {
        let roster = tangled_roster(5, 10, 10);
        let mut rules = Rules::none(&roster);
        rules.min_score = Some(0.1);
        assert!(Scorer::with_rules(&roster, Weights::default(), rules)
            .allowed_counts()
            .is_none());
    }
}
