//! How good a senior-junior pair is, and whether it is allowed at all.
//!
//! Every formula here is documented in the README so an analyst can check a
//! number by hand. The parts of a score are ratios of small integers, and one
//! function turns them into the score, so the fast enumeration over all pairs
//! and the single-pair evaluation give bit-identical results.

mod allowed;
mod counts;
pub mod dense;
mod hard_rules;
mod preference;
mod weights;

use crate::roster::{Person, Role, Roster, Topic};
use crate::rules::{clock_gap, Ban, Rules};
use rayon::prelude::*;
use std::sync::Arc;

pub use crate::units::{from_units, to_units, MAX_WEIGHT, UNITS_PER_POINT};
pub use allowed::AllowedCounts;
pub use counts::{gain, goal_total, Components, Counts};
use counts::{intersects, shared};
pub use dense::{coarse_floor, CoarseChord, CoarseFloors, CoarseLook, DenseLevels, JuniorCoarse};
pub use hard_rules::Rule;
pub use preference::{ordinal, Preferences, Rank};
pub use weights::Weights;

/// The parts of a [`Scorer`] that depend on its weights (the bounds and
/// tables the pair loop reads), built the same way for a new scorer and
/// for one made from another ([`Scorer::with_weights`]).
#[derive(Clone)]
struct Weighed {
    /// Per junior, a bound on the score parts other than teach (see
    /// [`Scorer::for_each_allowed_among`]).
    rest_bound: Vec<RestBound>,
    /// The same in units, for the first bound.
    first_bound: Vec<FirstBound>,
    /// A bound on the parts no junior bounds: the pair-scores file's and
    /// the preference part, weighted.
    shared_bound: f64,
    /// No pair-scores file, weighted preferences or unmatched bonus: a
    /// pair's score is its counts' score alone.
    plain: bool,
    /// See [`interests_exact_units`].
    interests_exact_units: Vec<[[i64; 17]; 17]>,
    /// [`interests_tables`] for seniors with 0 to 16 interests.
    interests_by_senior: Vec<([f64; 17], [f64; 17])>,
    /// The weighted diversity part for `compared` attributes of which
    /// `differ` differ, up to 8 attributes.
    diversity_by_count: [[f64; 9]; 9],
}

impl Weighed {
    fn of(roster: &Roster, weights: &Weights, rules: &Rules, preferences: &Preferences) -> Weighed {
        let positive = |w: f64| w.max(0.0);
        let rest_bound: Vec<RestBound> = (0..roster.n_juniors())
            .map(|j| {
                let junior = roster.junior(j);
                let learn = if junior.wants.is_empty() {
                    0.0
                } else {
                    positive(weights.learn)
                };
                let bonus = f64::from(u8::from(rules.junior_bonus[j])) * rules.bonus.max(0.0);
                let learn_of = goal_total(&junior.wants);
                RestBound {
                    rest: learn + bonus,
                    bonus,
                    learn_unit: if learn_of == 0 {
                        0.0
                    } else {
                        weights.learn / f64::from(learn_of)
                    },
                    interests: junior.interests.len() as u32,
                    attributes: junior.attributes.iter().any(Option::is_some),
                }
            })
            .collect();
        let first_bound = rest_bound
            .iter()
            .map(|r: &RestBound| FirstBound {
                rest: units_up(r.rest),
                bonus: units_up(r.bonus),
                learn_unit: units_up(r.learn_unit),
                interests: r.interests,
                attributes: r.attributes,
            })
            .collect();
        let external = rules.pair_scores.as_ref().map_or(0.0, |scores| {
            scores
                .by_senior
                .iter()
                .flatten()
                .map(|e| weights.external * e.1)
                .fold(0.0, f64::max)
        });
        let plain = rules.pair_scores.is_none()
            && !(preferences.any() && weights.preference > 0.0)
            && rules.bonus <= 0.0;
        let preference = if preferences.any() {
            positive(weights.preference)
        } else {
            0.0
        };
        Weighed {
            rest_bound,
            first_bound,
            shared_bound: external + preference,
            plain,
            interests_exact_units: interests_exact_units(positive(weights.interests)),
            interests_by_senior: (0..17)
                .map(|n| {
                    let most = if n > 0 {
                        positive(weights.interests)
                    } else {
                        0.0
                    };
                    interests_tables(most, n)
                })
                .collect(),
            diversity_by_count: {
                let mut table = [[0.0; 9]; 9];
                for (compared, row) in table.iter_mut().enumerate().skip(1) {
                    for (differ, part) in row.iter_mut().enumerate().take(compared + 1) {
                        *part = weights.diversity.max(0.0) * differ as f64 / compared as f64;
                    }
                }
                table
            },
        }
    }
}

/// Scores pairs of one roster. Seniors and juniors are addressed by their
/// index within their side (`0..n_seniors`, `0..n_juniors`).
#[derive(Clone)]
pub struct Scorer<'r> {
    pub roster: &'r Roster,
    pub weights: Weights,
    /// For each topic, the juniors with capacity > 0 who teach it, and
    /// their level, by junior.
    teachers: Arc<Vec<Vec<(u32, u8)>>>,
    /// What the pair loop reads of each junior, packed (see [`pack_junior`]).
    packed_start: Arc<Vec<usize>>,
    packed: Arc<Vec<u32>>,
    /// What the hard rules read of each junior.
    junior_rules: Arc<Vec<JuniorRules>>,
    /// Each senior's language mask (see [`ValueMasks`]).
    senior_languages: Arc<Vec<u64>>,
    /// Each senior's skills as a mask of [`LearnBits`].
    senior_skills: Arc<Vec<u64>>,
    /// Each topic's bit in those masks (see [`LearnBits`]).
    learn_bit: Arc<Vec<u64>>,
    /// Each senior's goals and each junior's skills as topic masks: a
    /// pair whose masks do not meet has nothing to teach.
    senior_wants: Arc<Vec<u64>>,
    junior_skills: Arc<Vec<u64>>,
    /// Whether the masks meet exactly when two people share a language.
    languages_exact: bool,
    /// Whether the interest masks are the interest lists (at most 64
    /// interests in the roster): a pair's shared interests are then
    /// counted from two masks; with more, two interests can share a bit,
    /// and the masks only bound them (see [`Scorer::for_each_allowed_among`]).
    interests_exact: bool,
    /// Each person's interest mask (see [`ValueMasks`]), read
    /// only where the senior has interests: apart from the rules' record,
    /// so rosters without interests read no more per pair.
    senior_interests: Arc<Vec<u64>>,
    junior_interests: Arc<Vec<u64>>,
    /// Programme rules (forbidden pairs, locks, bonus, time zones, ...).
    pub rules: Rules,
    /// Capacity left once locked pairs are taken out.
    pub senior_left: Vec<u32>,
    pub junior_left: Vec<u32>,
    /// Per senior, juniors the pair loop skips (banned or locked), sorted.
    skip: Arc<Vec<Vec<u32>>>,
    /// Stated preferences (the `prefers` column).
    pub preferences: Preferences,
    /// What depends on the weights.
    weighed: Weighed,
    /// Juniors per tile of a scan over many seniors (see
    /// [`Scorer::for_each_allowed_among`]); tests make it small.
    pub tile: usize,
    /// The fewest teachers of a topic in a tile for a row of their levels
    /// ([`DENSE_LEAST`]; tests make it small).
    pub dense_least: usize,
    /// Who lists each topic, built the first time it is asked for (see
    /// [`Scorer::sharing_a_topic`]).
    topic_people: std::sync::OnceLock<Arc<TopicPeople>>,
}

/// For each topic, the juniors who list it among their skills and the
/// seniors who list it among their goals, everyone (capacity 0 too), by
/// index: first those with a place left (or with none to give, capacity
/// 0), then those whose every place locked pairs took (`open_juniors` and
/// `open_seniors` say, per topic, where those start).
struct TopicPeople {
    juniors: Vec<Vec<u32>>,
    seniors: Vec<Vec<u32>>,
    open_juniors: Vec<u32>,
    open_seniors: Vec<u32>,
}

impl TopicPeople {
    fn of(roster: &Roster, senior_left: &[u32], junior_left: &[u32]) -> TopicPeople {
        let lists = |people: &[Person], left: &[u32], topics: fn(&Person) -> &[Topic]| {
            let mut lists = vec![Vec::new(); roster.vocab.len()];
            let mut full = vec![Vec::new(); roster.vocab.len()];
            for (i, person) in people.iter().enumerate() {
                let to = if person.capacity > 0 && left[i] == 0 {
                    &mut full
                } else {
                    &mut lists
                };
                for t in topics(person) {
                    to[t.id as usize].push(i as u32);
                }
            }
            let open: Vec<u32> = lists.iter().map(|l| l.len() as u32).collect();
            for (list, full) in lists.iter_mut().zip(full) {
                list.extend(full);
            }
            (lists, open)
        };
        let ((juniors, open_juniors), (seniors, open_seniors)) = rayon::join(
            || lists(roster.juniors(), junior_left, |p| &p.skills),
            || lists(roster.seniors(), senior_left, |p| &p.wants),
        );
        TopicPeople {
            juniors,
            seniors,
            open_juniors,
            open_seniors,
        }
    }
}

/// Juniors per tile of a scan: their packed data, floors and counts fit in
/// a core's cache together.
pub const JUNIOR_TILE: usize = 4096;

/// The fewest teachers of a topic in a tile of [`JUNIOR_TILE`] juniors for
/// a row of their levels (see [`dense`]): a row costs the same to add
/// whoever is in it, and below about one junior in 64 a list of the
/// teachers is cheaper.
pub const DENSE_LEAST: usize = 64;

/// The coarse first look over a tile (see [`dense`]) is taken where the
/// senior's goals have at least one teacher per this many juniors of the
/// tile: it costs a few instructions per junior of the tile, the pair loop
/// tens per junior it touches. (Since the look bounds learn exactly, one in
/// 32 pays: 100,000 x 200,000 took 3% less time than with one in 16, and
/// rosters of the issue's density, the chain and the squares the same.)
const COARSE_SHARE: usize = 32;

/// The fewest juniors of a tile a senior must touch for the pair loop to
/// check the first bound over all of them before anything else (see
/// [`Scorer::for_each_allowed_among`]): at 100,000 x 200,000 (about 490
/// per senior and tile) that split pays, on rosters of the issue's
/// density (`flat100k.csv`, about 14) it costs a little.
const FIRST_BOUND_APART: usize = 32;

/// What bounds a pair's score before it is scored, read from a short
/// array instead of the junior's packed data: the learn part (its weight,
/// when the junior has goals), the junior's unmatched bonus, and what the
/// interests and diversity parts can reach.
#[derive(Clone, Copy, Debug)]
struct RestBound {
    /// Weighted learn bound plus the junior's share of the bonus.
    rest: f64,
    /// The junior's share of the bonus.
    bonus: f64,
    /// The learn weight over the junior's learn denominator: the weighted
    /// learn part is this times the learn numerator.
    learn_unit: f64,
    /// The junior's number of interests.
    interests: u32,
    /// Whether the junior has any diversity attribute filled in.
    attributes: bool,
}

/// The junior's side of the first bound on a pair's score, in solver
/// units and rounded up: [`RestBound`]'s parts as integers, so the bound
/// most pairs of a large roster stop at costs a few additions.
#[derive(Clone, Copy, Debug)]
struct FirstBound {
    /// [`RestBound::rest`] in units.
    rest: i64,
    /// [`RestBound::bonus`] in units.
    bonus: i64,
    /// [`RestBound::learn_unit`] in units.
    learn_unit: i64,
    interests: u32,
    attributes: bool,
}

/// `points` in solver units, rounded up: sums of these bound sums of the
/// points they stand for.
fn units_up(points: f64) -> i64 {
    (points * UNITS_PER_POINT).ceil() as i64
}

/// What `teacher` can teach towards `learner`'s goals: the sum over the
/// goals of priority x min(level gap, 4) (the teach numerator of a pair
/// when the learner is the senior, the learn numerator the other way).
fn goals_taught(learner: &Person, teacher: &Person) -> u32 {
    learner
        .wants
        .iter()
        .map(|t| u32::from(t.level) * gain(teacher.level(t.id), learner.level(t.id)))
        .sum()
}

/// What the interests part can reach against a junior with `n` interests,
/// for a senior with `senior_interests` (shared / union <= min / max),
/// weighted by `most` and unweighted, for `n` up to 16.
fn interests_tables(most: f64, senior_interests: u32) -> ([f64; 17], [f64; 17]) {
    let (mut weighted, mut share) = ([0.0; 17], [0.0; 17]);
    for n in 1..17u32 {
        weighted[n as usize] =
            most * f64::from(senior_interests.min(n)) / f64::from(senior_interests.max(n).max(1));
        if senior_interests > 0 {
            share[n as usize] =
                f64::from(senior_interests.min(n)) / f64::from(senior_interests.max(n));
        }
    }
    (weighted, share)
}

/// The weighted interests part in units, rounded up, of a senior with `m`
/// interests and a junior with `n` sharing `shared` (shared / union
/// weighted by `most`), as `table[m][n][shared]` for `m` and `n` up to 16.
fn interests_exact_units(most: f64) -> Vec<[[i64; 17]; 17]> {
    (0..17u32)
        .map(|m| {
            let mut table = [[0; 17]; 17];
            for (n, row) in table.iter_mut().enumerate() {
                let n = n as u32;
                for (shared, units) in row.iter_mut().enumerate().take(m.min(n) as usize + 1) {
                    let shared = shared as u32;
                    let union = m + n - shared;
                    if union > 0 {
                        *units = units_up(most * f64::from(shared) / f64::from(union));
                    }
                }
            }
            table
        })
        .collect()
}

/// Marks a blank diversity attribute in packed junior data.
const BLANK: u32 = u32::MAX;

/// Packs what scoring reads of a junior into one run of words, so a pair
/// costs a cache line or two instead of a pointer chase per field:
/// `[learn_of, n_wants, (topic, priority << 8 | own level).., n_interests,
///   interests.., n_languages, languages.., attributes..]`.
fn pack_junior(roster: &Roster, j: usize, out: &mut Vec<u32>) {
    let junior = roster.junior(j);
    out.extend([goal_total(&junior.wants), junior.wants.len() as u32]);
    for t in &junior.wants {
        out.extend([
            t.id,
            u32::from(t.level) << 8 | u32::from(junior.level(t.id)),
        ]);
    }
    out.push(junior.interests.len() as u32);
    out.extend(&junior.interests);
    out.push(junior.languages.len() as u32);
    out.extend(&junior.languages);
    out.extend(junior.attributes.iter().map(|a| a.unwrap_or(BLANK)));
}

/// Each topic's teachers `(junior, level)` in junior order, among the
/// juniors with a place left.
fn teacher_lists(roster: &Roster, junior_left: &[u32]) -> Vec<Vec<(u32, u8)>> {
    let mut teachers = vec![Vec::new(); roster.vocab.len()];
    for (j, junior) in roster.juniors().iter().enumerate() {
        if junior_left[j] == 0 {
            continue;
        }
        for topic in &junior.skills {
            teachers[topic.id as usize].push((j as u32, topic.level));
        }
    }
    teachers
}

/// Every junior's [`pack_junior`] record, one after another, and where
/// each starts (with the end after the last): packed a block of juniors
/// at a time on every thread, then put together in order.
fn packed_juniors(roster: &Roster) -> (Vec<usize>, Vec<u32>) {
    const BLOCK: usize = 8192;
    let n = roster.n_juniors();
    let blocks: Vec<(Vec<usize>, Vec<u32>)> = (0..n.div_ceil(BLOCK))
        .into_par_iter()
        .map(|b| {
            let juniors = b * BLOCK..((b + 1) * BLOCK).min(n);
            let mut starts = Vec::with_capacity(juniors.len());
            let mut packed = Vec::new();
            for j in juniors {
                starts.push(packed.len());
                pack_junior(roster, j, &mut packed);
            }
            (starts, packed)
        })
        .collect();
    let mut packed_start = Vec::with_capacity(n + 1);
    let mut packed = Vec::with_capacity(blocks.iter().map(|b| b.1.len()).sum());
    for (starts, block) in blocks {
        let at = packed.len();
        packed_start.extend(starts.into_iter().map(|start| at + start));
        packed.extend(block);
    }
    packed_start.push(packed.len());
    (packed_start, packed)
}

/// What the hard rules read of a junior in the pair loop, in one small
/// record: most pairs of a large roster are only counted, and this is all
/// that takes.
#[derive(Clone, Copy, Debug)]
struct JuniorRules {
    /// The junior's span in the management tree (see `Roster::span`).
    enter: u32,
    leave: u32,
    /// The junior's language mask (see [`ValueMasks`]).
    languages: u64,
    /// The topics the junior wants to learn (see [`LearnBits`]).
    wants: u64,
}

/// A bit for each topic some junior wants to learn, for the masks that
/// tell a pair's learn part is 0 (a senior's skills against a junior's
/// goals; folded to 32 bits in the coarse look): the 64 topics most
/// wanted each get a bit of their own, the rest share them in turn, and a
/// topic no junior wants gets none (no senior's skill in it can teach
/// anyone). Two masks that do not meet share no topic; where juniors want
/// at most 64 topics (32 in the coarse look), two that meet share one.
/// (With a topic's id modulo 64 as its bit, the skills of a generated
/// roster's seniors, drawn from hundreds of topics, met the goals of its
/// juniors, ten topics, by their bits alone so often that at 30,000 x
/// 60,000 a quarter of the juniors the coarse look let through to the pair
/// loop, 6.3 M of 23.5 M, were turned away there by the learn part.)
struct LearnBits {
    /// Each topic's bit, by topic id (0 for a topic no junior wants).
    bit: Vec<u64>,
}

impl LearnBits {
    fn of(roster: &Roster) -> Self {
        let mut wanted_by = vec![0u32; roster.vocab.len()];
        for junior in roster.juniors() {
            for t in &junior.wants {
                wanted_by[t.id as usize] += 1;
            }
        }
        let mut wanted: Vec<usize> = (0..wanted_by.len()).filter(|&t| wanted_by[t] > 0).collect();
        wanted.sort_by_key(|&t| (std::cmp::Reverse(wanted_by[t]), t));
        let mut bit = vec![0; wanted_by.len()];
        for (rank, t) in wanted.into_iter().enumerate() {
            bit[t] = 1 << (rank % 64);
        }
        LearnBits { bit }
    }

    /// The mask of a list of topics.
    fn mask(&self, topics: &[Topic]) -> u64 {
        topics
            .iter()
            .fold(0, |mask, t| mask | self.bit[t.id as usize])
    }
}

/// A set of topics as a 64-bit mask, topic id modulo 64: two sets whose
/// masks do not meet share no topic. A senior's goals against a junior's
/// skills: when they share none, the junior has nothing to teach.
fn topic_mask(topics: &[Topic]) -> u64 {
    topics.iter().fold(0, |mask, t| mask | 1 << (t.id % 64))
}

/// The values of one list column (the languages people speak, their
/// interests) as 64-bit masks, one bit per value (the value's rank among
/// the roster's values of that column, modulo 64): two people whose masks
/// do not meet share no value. With at most 64 values in the roster the
/// masks are the lists themselves: two whose masks meet share a language
/// (the language rule costs an `and` instead of a merge of two lists), and
/// the shared interests are the bits both masks hold.
struct ValueMasks {
    /// Each value's bit, by value id (sorted ids).
    bits: Vec<(u32, u8)>,
    /// The masks tell exactly (at most 64 values).
    exact: bool,
}

impl ValueMasks {
    fn of(roster: &Roster, list: fn(&Person) -> &[u32]) -> Self {
        let mut ids: Vec<u32> = roster
            .seniors()
            .iter()
            .chain(roster.juniors())
            .flat_map(|p| list(p).iter().copied())
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ValueMasks {
            exact: ids.len() <= 64,
            bits: ids
                .into_iter()
                .enumerate()
                .map(|(rank, id)| (id, (rank % 64) as u8))
                .collect(),
        }
    }

    /// The mask of a list of value ids (0 for none).
    fn mask(&self, values: &[u32]) -> u64 {
        values.iter().fold(0, |mask, id| {
            let k = self.bits.partition_point(|b| b.0 < *id);
            mask | 1 << self.bits[k].1
        })
    }
}

/// A pair's score parts that do not depend on the weights (see
/// [`Scorer::score_parts`]).
#[derive(Clone, Copy, Debug)]
pub struct ScoreParts {
    /// Teach, learn, interests and diversity, each in [0, 1].
    parts: [f64; 4],
    /// The pair-scores file's score, when it has the pair.
    external: Option<f64>,
    /// The preference part, when anyone states preferences.
    preference: Option<f64>,
    /// The unmatched bonus, when there is one.
    bonus: Option<f64>,
}

impl ScoreParts {
    /// The pair's units under `w`: bit for bit what [`Scorer::units_with`]
    /// gives (the same sums in the same order).
    #[inline]
    pub fn units(&self, w: &Weights) -> i64 {
        let [teach, learn, interests, diversity] = self.parts;
        let mut score =
            w.teach * teach + w.learn * learn + w.interests * interests + w.diversity * diversity;
        if let Some(external) = self.external {
            score += w.external * external;
        }
        if let Some(preference) = self.preference {
            if w.preference > 0.0 {
                score += w.preference * preference;
            }
        }
        if let Some(bonus) = self.bonus {
            score += bonus;
        }
        to_units(score)
    }
}

/// A visitor that wants every allowed pair scored and hands each to its
/// function (see [`Scorer::for_each_allowed`]).
struct Every<F>(F);

impl<F: FnMut(usize, Counts, i64)> Visit for Every<F> {
    fn wants(&mut self, _: usize, _: i64) -> bool {
        true
    }
    fn pair(&mut self, j: usize, scored: Option<(Counts, i64)>) {
        if let Some((counts, units)) = scored {
            (self.0)(j, counts, units);
        }
    }
}

/// What [`Scorer::for_each_allowed_among`] reports of pairs it does not score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Pass {
    /// Every allowed pair is reported, unscored ones as `None` (to count them).
    Count,
    /// Only pairs asked for are checked against the rules and reported.
    Above,
}

/// What a bounded enumeration ([`Scorer::for_each_allowed_among`]) asks
/// and tells its caller.
pub trait Visit {
    /// Whether junior `j`'s pair, whose units are at most `bound`, is
    /// worth scoring.
    fn wants(&mut self, j: usize, bound: i64) -> bool;
    /// An allowed pair, with its counts and units when it was scored.
    fn pair(&mut self, j: usize, scored: Option<(Counts, i64)>);
    /// [`Visit::wants`] once the pair's teach, learn and diversity parts
    /// are known exactly: `parts` gives them (and bounds the others) for a
    /// caller that weighs them itself.
    #[inline]
    fn wants_parts(&mut self, j: usize, bound: i64, parts: impl FnOnce() -> PartsBound) -> bool {
        let _ = parts;
        self.wants(j, bound)
    }
    /// [`Visit::wants`] for the first bound or the second (teach exact,
    /// learn exact once read, the other parts at most their weights), whose
    /// diversity part is
    /// [`full_diversity_units`] of the scorer's weights when
    /// `full_diversity` (both people have an attribute to compare) and 0
    /// otherwise: a caller that weighs the parts itself knows how far the
    /// bound falls under a smaller diversity weight. Likewise `parts`
    /// holds the bound's teach and learn parts in units: under a learn
    /// weight `r` times the scorer's (the other weights the same), the
    /// pair's units are at most `bound - (1 - r) parts.learn`, and so for
    /// teach.
    #[inline]
    fn wants_first(
        &mut self,
        j: usize,
        bound: i64,
        full_diversity: bool,
        parts: BoundParts,
    ) -> bool {
        let _ = (full_diversity, parts);
        self.wants(j, bound)
    }
    /// Whether the caller wants every pair whatever its bound for now (a
    /// senior's list still filling).
    #[inline]
    fn filling(&self) -> bool {
        false
    }
    /// While filling: how many juniors of a tile, the best by the coarse
    /// look's bound, to score before the rest of the tile is looked at
    /// against the floor they leave (0: none).
    #[inline]
    fn fill_first(&self) -> usize {
        0
    }
    /// For the coarse first look over a whole tile (see [`dense`]): what
    /// a pair's bound must reach to be wanted. None where the caller keeps
    /// no such floors (the look is then not taken).
    #[inline]
    fn coarse_floors(&self) -> Option<CoarseFloors<'_>> {
        None
    }
}

/// The units the first bound of [`Scorer::for_each_allowed_among`] gives
/// the diversity part of a pair that has attributes to compare, under
/// weights `w`: the whole diversity weight, rounded up.
pub fn full_diversity_units(w: &Weights) -> i64 {
    units_up(w.diversity.max(0.0))
}

/// The teach and learn parts of a first bound, in units: what a weight
/// of teach or learn below the bound's own takes off it (see
/// [`Visit::wants_first`]).
#[derive(Clone, Copy, Debug)]
pub struct BoundParts {
    pub teach: i64,
    pub learn: i64,
}

/// What a pair's score parts can reach once its teach, learn and
/// diversity parts are known (see [`Visit::wants_parts`]): for any weights
/// at most the scorer's, the pair's score is at most
/// `rest + teach w.teach + learn w.learn + interests w.interests +
/// diversity w.diversity`.
#[derive(Clone, Copy, Debug)]
pub struct PartsBound {
    /// The teach, learn and diversity parts, exactly.
    pub teach: f64,
    pub learn: f64,
    pub diversity: f64,
    /// At least the interests part.
    pub interests: f64,
    /// At least the pair's external, preference and bonus terms under the
    /// scorer's weights.
    pub rest: f64,
}

impl PartsBound {
    /// A bound on the pair's units under `w` (weights at least 0 and at
    /// most the scorer's), as the enumeration's own bounds are made.
    #[inline]
    pub fn units(&self, w: &Weights) -> i64 {
        let most = self.rest
            + w.teach * self.teach
            + w.learn * self.learn
            + w.interests * self.interests
            + w.diversity * self.diversity;
        (most * UNITS_PER_POINT) as i64 + 5
    }
}

/// Reusable buffers for enumerating one senior's allowed juniors.
pub struct Scratch {
    /// The juniors of a tile scored first while a list fills, by lane,
    /// with their coarse bounds (see [`Visit::fill_first`]).
    first_lanes: Vec<(i32, u32)>,
    /// The senior's side of the coarse bound of each junior of a tile.
    bounds: Vec<i32>,
    /// Pairs looked at so far (every junior teaching one of the seniors'
    /// goals above their level, before any rule).
    pub looked: u64,
    teach: Vec<u32>,
    touched: Vec<u32>,
    senior_level: Vec<u8>,
    /// Per topic, the juniors range last looked up and where its teachers
    /// start and end in the topic's list: seniors of a block take the
    /// same tile in turn, so most lookups are the last one again, and the
    /// others mostly the next tile (see [`teachers_within`]).
    teacher_span: Vec<TeacherSpan>,
    /// Per senior, whether its last split of the pair loop kept more than
    /// three quarters of the juniors it looked at (see
    /// [`Scorer::for_each_allowed_among`]): its next tiles are not split.
    unsplit: Vec<bool>,
    /// A tile's teach numerators and which juniors the coarse bound keeps
    /// (see [`dense`]).
    acc: Vec<u16>,
    keep: Vec<u8>,
    /// A tile's learn numerators from the rows of wants, and per junior
    /// the exact learn numerator the look found for its pair with the
    /// senior, until the pair loop takes it (`u32::MAX`: none).
    learn_acc: Vec<u16>,
    learned: Vec<u32>,
    /// The rows of levels and what the coarse first look reads of each
    /// junior: none unless the caller asked for them
    /// ([`Scratch::with_dense`]).
    dense: Option<CoarseLook>,
}

impl Scratch {
    /// This scratch with the coarse first look over whole tiles where the
    /// rows of levels cover a tile ([`Scorer::dense_levels`],
    /// [`Scorer::junior_coarse`], for the same scorer).
    pub fn with_dense(mut self, dense: Option<CoarseLook>) -> Scratch {
        self.dense = dense;
        self
    }
}

/// A range of juniors and where its teachers start and end in a topic's
/// list of teachers (by junior).
type TeacherSpan = (std::ops::Range<u32>, usize, usize);

/// Where the teachers among `juniors` start and end in `teachers` (sorted
/// by junior), given the span `last` looked up before in the same list.
///
/// Where `juniors` starts where `last` ended (the next tile, as a senior
/// of a block goes from tile to tile) its teachers start where the last
/// ones ended, and their end is found by looking ahead in steps that
/// double: a tile of a sparse roster holds few of a topic's teachers, so
/// this costs a look or two where two binary searches over the whole list
/// were a fifth of the pair loop's own time in a profile of 300,000 x
/// 700,000 with 231 M allowed pairs (171 tiles for each senior's every
/// goal).
fn teachers_within(
    teachers: &[(u32, u8)],
    last: &TeacherSpan,
    juniors: std::ops::Range<u32>,
) -> TeacherSpan {
    let from = if last.0.end == juniors.start && last.2 <= teachers.len() {
        last.2
    } else {
        teachers.partition_point(|t| t.0 < juniors.start)
    };
    let rest = &teachers[from..];
    // Double a step until it passes the range's end, then search the
    // last step's stretch.
    let mut reach = 1;
    while reach < rest.len() && rest[reach - 1].0 < juniors.end {
        reach *= 2;
    }
    let low = reach / 2;
    let high = reach.min(rest.len());
    let to = from + low + rest[low..high].partition_point(|t| t.0 < juniors.end);
    (juniors, from, to)
}

impl<'r> Scorer<'r> {
    /// A scorer with no programme rules beyond the roster.
    pub fn new(roster: &'r Roster, weights: Weights) -> Self {
        Scorer::with_rules(roster, weights, Rules::none(roster))
    }

    /// A scorer applying programme `rules` (checked against this roster).
    pub fn with_rules(roster: &'r Roster, weights: Weights, rules: Rules) -> Self {
        let mut senior_left: Vec<u32> = roster.seniors().iter().map(|p| p.capacity).collect();
        let mut junior_left: Vec<u32> = roster.juniors().iter().map(|p| p.capacity).collect();
        let mut skip: Vec<Vec<u32>> = rules
            .banned
            .iter()
            .map(|list| list.iter().map(|b| b.0).collect())
            .collect();
        for &(s, j) in &rules.locked {
            senior_left[s] = senior_left[s].saturating_sub(1);
            junior_left[j] = junior_left[j].saturating_sub(1);
            skip[s].push(j as u32);
        }
        for list in &mut skip {
            list.sort_unstable();
            list.dedup();
        }
        // The parts below depend on the roster alone (the weighed bounds
        // on the weights too), not on each other, and most go one person
        // at a time: they are built side by side (at 100,000 x 200,000 they
        // took 0.18 s on one thread).
        let ((teachers, (packed_start, packed)), ((languages, interests), (preferences, weighed))) =
            rayon::join(
                || {
                    rayon::join(
                        || teacher_lists(roster, &junior_left),
                        || packed_juniors(roster),
                    )
                },
                || {
                    rayon::join(
                        || {
                            rayon::join(
                                || ValueMasks::of(roster, |p| &p.languages),
                                || ValueMasks::of(roster, |p| &p.interests),
                            )
                        },
                        || {
                            let preferences = Preferences::of(roster);
                            let weighed = Weighed::of(roster, &weights, &rules, &preferences);
                            (preferences, weighed)
                        },
                    )
                },
            );
        let interest_mask = |p: &Person| interests.mask(&p.interests);
        let learn_bits = LearnBits::of(roster);
        let junior_rules: Vec<JuniorRules> = (0..roster.n_juniors())
            .into_par_iter()
            .map(|j| {
                let (enter, leave) = roster.span(roster.n_seniors + j);
                JuniorRules {
                    enter,
                    leave,
                    languages: languages.mask(&roster.junior(j).languages),
                    wants: learn_bits.mask(&roster.junior(j).wants),
                }
            })
            .collect();
        let senior_languages: Vec<u64> = roster
            .seniors()
            .par_iter()
            .map(|p| languages.mask(&p.languages))
            .collect();
        let senior_interests: Vec<u64> = roster.seniors().par_iter().map(interest_mask).collect();
        let junior_interests: Vec<u64> = roster.juniors().par_iter().map(interest_mask).collect();
        let masks = |people: &[Person], topics: fn(&Person) -> &[Topic]| -> Vec<u64> {
            people.par_iter().map(|p| topic_mask(topics(p))).collect()
        };
        let senior_skills: Vec<u64> = roster
            .seniors()
            .par_iter()
            .map(|p| learn_bits.mask(&p.skills))
            .collect();
        let senior_wants = masks(roster.seniors(), |p| &p.wants);
        let junior_skills = masks(roster.juniors(), |p| &p.skills);
        Scorer {
            roster,
            weights,
            teachers: Arc::new(teachers),
            packed_start: Arc::new(packed_start),
            packed: Arc::new(packed),
            junior_rules: Arc::new(junior_rules),
            senior_languages: Arc::new(senior_languages),
            senior_skills: Arc::new(senior_skills),
            learn_bit: Arc::new(learn_bits.bit),
            senior_wants: Arc::new(senior_wants),
            junior_skills: Arc::new(junior_skills),
            languages_exact: languages.exact,
            interests_exact: interests.exact,
            senior_interests: Arc::new(senior_interests),
            junior_interests: Arc::new(junior_interests),
            rules,
            senior_left,
            junior_left,
            skip: Arc::new(skip),
            preferences,
            weighed,
            tile: JUNIOR_TILE,
            dense_least: DENSE_LEAST,
            topic_people: std::sync::OnceLock::new(),
        }
    }

    /// This scorer's roster and rules under other `weights`: exactly what
    /// [`Scorer::with_rules`] builds for them, sharing this one's
    /// weight-free parts (the topic lists, the juniors' packed data, the
    /// masks) instead of building them again. A sweep's steps and the
    /// enumerations over several weightings are made this way.
    pub fn with_weights(&self, weights: Weights) -> Scorer<'r> {
        Scorer {
            weights,
            weighed: Weighed::of(self.roster, &weights, &self.rules, &self.preferences),
            tile: JUNIOR_TILE,
            // The weight-free parts are shared (`Arc`), the rest is small.
            ..self.clone()
        }
    }

    pub fn n_seniors(&self) -> usize {
        self.roster.n_seniors
    }

    pub fn n_juniors(&self) -> usize {
        self.roster.n_juniors()
    }

    /// The seniors' and the juniors' places: capacity left once locked
    /// pairs are taken out, summed over each side.
    pub fn places(&self) -> (u64, u64) {
        let sum = |caps: &[u32]| caps.iter().map(|&c| u64::from(c)).sum();
        (sum(&self.senior_left), sum(&self.junior_left))
    }

    /// The juniors with a place left who teach `topic`, with their level,
    /// by junior.
    pub fn teachers_of(&self, topic: usize) -> &[(u32, u8)] {
        &self.teachers[topic]
    }

    /// The tile for a scan that reads `n` numbers of each junior of a tile
    /// (a list floor per weighting, a price per step) beside what the pair
    /// loop reads: a third of [`Scorer::tile`] from three on, so that they
    /// stay in cache. A tile a tenth as large for ten left more to do per
    /// tile than its cache saved. With the candidate pass's tile so, the
    /// learn sweep at 10,000 x 20,000 took 1.60 s against 1.55 s, the
    /// diversity sweep 1.40 s against 1.37 s, and at 30,000 x 60,000 the
    /// learn sweep 8.8 s against 8.5 s. With the tile of the look at the
    /// steps' first rounds so, that look took 0.129-0.152 s against
    /// 0.117-0.122 s at 10,000 x 20,000 (twenty steps: 0.251-0.261 s
    /// against 0.195-0.223 s), and 0.86-0.94 s against 0.79-0.84 s at
    /// 30,000 x 60,000. A half or a fifth did about as well as a third.
    pub fn tile_reading(&self, n: usize) -> usize {
        (self.tile / n.clamp(1, 3)).max(1)
    }

    /// The tiles of juniors a scan over many seniors takes in turn.
    pub fn junior_tiles(&self) -> impl Iterator<Item = std::ops::Range<u32>> {
        let (n, tile) = (self.n_juniors(), self.tile.max(1));
        (0..n)
            .step_by(tile)
            .map(move |t| t as u32..(t + tile).min(n) as u32)
    }

    /// Buffers for this scorer's enumerations (only this scorer's: they
    /// remember where its topic lists' tiles start).
    pub fn scratch(&self) -> Scratch {
        Scratch {
            first_lanes: Vec::new(),
            bounds: Vec::new(),
            looked: 0,
            teach: vec![0; self.n_juniors()],
            touched: Vec::new(),
            senior_level: vec![0; self.roster.vocab.len()],
            teacher_span: vec![(0..0, 0, 0); self.roster.vocab.len()],
            unsplit: vec![false; self.n_seniors()],
            acc: Vec::new(),
            keep: Vec::new(),
            learn_acc: Vec::new(),
            learned: vec![u32::MAX; self.n_juniors()],
            dense: None,
        }
    }

    /// Rows of the juniors' levels for the coarse first look of
    /// [`Scorer::for_each_allowed_among`], for this scorer's tiles, where a
    /// topic has at least [`Scorer::dense_least`] teachers per
    /// [`JUNIOR_TILE`] juniors in a tile; none where no topic has, or where
    /// the processor does not run the look.
    pub fn dense_levels(&self) -> Option<Arc<DenseLevels>> {
        if !dense::runs_here() {
            return None;
        }
        let tile = self.tile.max(1);
        let least = (self.dense_least.saturating_mul(tile)).div_ceil(JUNIOR_TILE);
        // The juniors who want each topic, with their want codes; none
        // where a code does not fit (the rows of wants are then left out).
        let mut wanters: Vec<Vec<(u32, u8)>> = vec![Vec::new(); self.roster.vocab.len()];
        let fits = (0..self.n_juniors()).all(|j| {
            let junior = self.roster.junior(j);
            junior.wants.iter().all(|t| {
                dense::want_code(t.level, junior.level(t.id)).is_some_and(|code| {
                    wanters[t.id as usize].push((j as u32, code));
                    true
                })
            })
        });
        if !fits {
            wanters.iter_mut().for_each(Vec::clear);
        }
        DenseLevels::of(
            &self.teachers,
            &wanters,
            self.n_juniors(),
            tile,
            least.max(1),
        )
        .map(Arc::new)
    }

    /// What the coarse first look needs of this scorer: its rows of levels
    /// ([`Scorer::dense_levels`]) and its juniors' parts
    /// ([`Scorer::junior_coarse`]); none where either is missing.
    pub fn coarse_look(&self) -> Option<CoarseLook> {
        self.dense_levels().zip(self.junior_coarse().map(Arc::new))
    }

    /// What the coarse first look reads of each junior under this
    /// scorer's weights (see [`JuniorCoarse`]); none where some junior's
    /// parts are beyond what it takes on (weights far above any score's).
    pub fn junior_coarse(&self) -> Option<JuniorCoarse> {
        let diversity = full_diversity_units(&self.weights);
        let mut rest = Vec::with_capacity(self.n_juniors());
        let mut learn = Vec::with_capacity(self.n_juniors());
        // Each junior's learn unit for the look's exact learn numerators,
        // where every junior's fits (see [`JuniorCoarse::learn_unit`]).
        let unit = 1i64 << dense::LEARN_SHIFT;
        let learn_unit: Vec<i32> = (self.weights.learn > 0.0)
            .then(|| {
                (0..self.n_juniors())
                    .map(|j| {
                        let f = &self.weighed.first_bound[j];
                        let most = goal_total(&self.roster.junior(j).wants);
                        let fine = -((-f.learn_unit).div_euclid(unit));
                        (f.learn_unit >= 0
                            && most <= u32::from(u16::MAX)
                            && fine.saturating_mul(i64::from(most)) <= dense::MOST_LEARN)
                            .then_some(fine as i32)
                    })
                    .collect::<Option<Vec<i32>>>()
            })
            .flatten()
            .unwrap_or_default();
        for f in &self.weighed.first_bound {
            let diversity = if f.attributes { diversity } else { 0 };
            let all = dense::coarse_up(f.rest + diversity);
            let without_learn = dense::coarse_up(f.bonus + diversity);
            if !(0..=dense::MOST_BOUND).contains(&all) || without_learn < 0 {
                return None;
            }
            rest.push(all as i32);
            learn.push((all - without_learn.min(all)) as i32);
        }
        // The same in 16 bits, where the processor runs the look so.
        let narrow = dense::runs_wide()
            .then(|| {
                let most_learn: Vec<u32> = (0..self.n_juniors())
                    .map(|j| goal_total(&self.roster.junior(j).wants))
                    .collect();
                dense::JuniorNarrow::of(&rest, &learn, &learn_unit, &most_learn)
            })
            .flatten();
        Some(JuniorCoarse {
            rest,
            learn,
            wants: self
                .junior_rules
                .iter()
                .map(|r| dense::fold(r.wants))
                .collect(),
            interests: self
                .junior_interests
                .iter()
                .map(|&m| dense::fold(m))
                .collect(),
            learn_unit,
            narrow,
        })
    }

    /// The counts behind the score of senior `s` with junior `j`, rules aside.
    pub fn counts(&self, s: usize, j: usize) -> Counts {
        let senior = self.roster.senior(s);
        let junior = self.roster.junior(j);
        self.finish(
            senior,
            junior,
            goals_taught(senior, junior),
            goals_taught(junior, senior),
        )
    }

    /// The priority of senior `s`'s goals that junior `j` knows above the
    /// senior's own level (the goals the pair covers), summed.
    pub fn covered_priority(&self, s: usize, j: usize) -> u32 {
        let senior = self.roster.senior(s);
        let junior = self.roster.junior(j);
        senior
            .wants
            .iter()
            .filter(|t| junior.level(t.id) > senior.level(t.id))
            .map(|t| u32::from(t.level))
            .sum()
    }

    /// The priority of all of senior `s`'s goals, summed.
    pub fn wanted_priority(&self, s: usize) -> u32 {
        self.roster
            .senior(s)
            .wants
            .iter()
            .map(|t| u32::from(t.level))
            .sum()
    }

    /// How many goals of the seniors taking part a pairing covers (a goal
    /// covered by two partners of one senior counts once), and how many
    /// they have.
    pub fn goals_covered(&self, pairs: impl IntoIterator<Item = (usize, usize)>) -> (usize, usize) {
        let roster = self.roster;
        let mut partners: Vec<Vec<usize>> = vec![Vec::new(); roster.n_seniors];
        for (s, j) in pairs {
            partners[s].push(j);
        }
        roster
            .seniors()
            .par_iter()
            .zip(&partners)
            .enumerate()
            .filter(|(_, (senior, _))| senior.capacity > 0)
            .map(|(s, (senior, partners))| (self.goals_covered_by(s, partners), senior.wants.len()))
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    }

    /// How many of senior `s`'s goals some junior in `partners` knows above
    /// the senior's own level (each goal once).
    pub fn goals_covered_by(&self, s: usize, partners: &[usize]) -> usize {
        let roster = self.roster;
        let senior = roster.senior(s);
        senior
            .wants
            .iter()
            .filter(|w| {
                let own = senior.level(w.id);
                partners.iter().any(|&j| roster.junior(j).level(w.id) > own)
            })
            .count()
    }

    /// Fills in everything but the teach and learn numerators.
    fn finish(&self, senior: &Person, junior: &Person, teach: u32, learn: u32) -> Counts {
        let shared_interests = shared(&senior.interests, &junior.interests);
        let (mut differ, mut compared) = (0, 0);
        for (a, b) in senior.attributes.iter().zip(&junior.attributes) {
            if let (Some(a), Some(b)) = (a, b) {
                compared += 1;
                differ += u32::from(a != b);
            }
        }
        Counts {
            teach,
            teach_of: goal_total(&senior.wants),
            learn,
            learn_of: goal_total(&junior.wants),
            shared: shared_interests,
            union: senior.interests.len() as u32 + junior.interests.len() as u32 - shared_interests,
            differ,
            compared,
        }
    }

    /// The first hard rule that forbids the pair, if any. `teach` is the
    /// pair's teach numerator.
    pub fn forbidden(&self, s: usize, j: usize, counts: &Counts) -> Option<Rule> {
        let roster = self.roster;
        let senior = roster.senior(s);
        let junior = roster.junior(j);
        let jg = roster.n_seniors + j;
        let rules = &self.rules;
        if senior.capacity == 0 || junior.capacity == 0 {
            Some(Rule::Capacity)
        } else if senior.exclude.binary_search(&jg).is_ok() {
            Some(Rule::Excluded)
        } else if let Some(ban) = rules.ban(s, j) {
            Some(match ban {
                Ban::Forbidden => Rule::Forbidden,
                Ban::Repeat => Rule::Repeat,
                Ban::External => Rule::NotAllowedExternally,
            })
        } else if roster.in_chain(s, jg) {
            Some(Rule::ManagementChain)
        } else if !senior.languages.is_empty()
            && !junior.languages.is_empty()
            && !intersects(&senior.languages, &junior.languages)
        {
            Some(Rule::NoCommonLanguage)
        } else if self.too_far(senior.utc_offset, junior.utc_offset) {
            Some(Rule::TimeZone)
        } else if let Some(k) = rules
            .pair_rules
            .iter()
            .position(|r| !r.allows(senior, junior))
        {
            Some(Rule::Attribute(k as u16))
        } else if counts.teach == 0 {
            Some(Rule::NothingToTeach)
        } else if rules
            .min_score
            // In score units, as the scan of allowed pairs compares: a
            // score of exactly X (0.3 x 1/3 = 0.0999... in floating point)
            // is not below X.
            .is_some_and(|m| self.pair_units(s, j, counts) < to_units(m))
        {
            Some(Rule::BelowMinScore)
        } else {
            None
        }
    }

    /// The rule in words, as the `reason` column of `rmatch scores` and the
    /// lock check name it; an attribute rule with its flag and what the
    /// pair's values do against it (`same organisation (--must-differ
    /// organisation)`).
    pub fn rule_text(&self, rule: Rule, s: usize, j: usize) -> String {
        match rule {
            Rule::Attribute(k) => self.rules.pair_rules[usize::from(k)]
                .reason(self.roster.senior(s), self.roster.junior(j)),
            rule => rule.label().to_string(),
        }
    }

    fn too_far(&self, a: Option<i32>, b: Option<i32>) -> bool {
        match (self.rules.max_tz_gap_minutes, a, b) {
            (Some(gap), Some(a), Some(b)) => clock_gap(a, b) > gap,
            _ => false,
        }
    }

    /// A pair's score parts and score, the unmatched bonus included.
    #[inline]
    pub fn components(&self, s: usize, j: usize, counts: &Counts) -> Components {
        self.components_with(&self.weights, s, j, counts)
    }

    /// [`Scorer::components`] under `weights` instead of the scorer's own:
    /// exactly what a scorer of the same roster and rules with those
    /// weights gives (the counts do not depend on the weights).
    #[inline]
    pub fn components_with(
        &self,
        weights: &Weights,
        s: usize,
        j: usize,
        counts: &Counts,
    ) -> Components {
        let mut c = counts.components(weights);
        if let Some(scores) = &self.rules.pair_scores {
            if let Some((external, _)) = scores.get(s, j) {
                c.external = external;
                c.score += weights.external * external;
            }
        }
        if self.preferences.any() {
            c.preference = self.preferences.part(s, j);
            if weights.preference > 0.0 {
                c.score += weights.preference * c.preference;
            }
        }
        if self.rules.bonus > 0.0 {
            let bonus = self.rules.bonus(s, j);
            c.bonus = bonus;
            c.score += bonus;
        }
        c
    }

    /// A pair's score parts as rmatch shows them: the real score (private
    /// attributes counted), but a `diversity` part over the public
    /// diversity attributes only, so that no output tells whether two
    /// people share a private value. With private attributes the shown
    /// parts therefore need not add up to the score.
    pub fn shown_components(&self, s: usize, j: usize, counts: &Counts) -> Components {
        let mut c = self.components(s, j, counts);
        if self.roster.private.iter().any(|&p| p) {
            let (differ, compared) = self.public_diversity(s, j);
            c.diversity = if compared == 0 {
                0.0
            } else {
                f64::from(differ) / f64::from(compared)
            };
        }
        c
    }

    /// The public diversity attributes on which a pair differs, and those
    /// filled in for both.
    pub fn public_diversity(&self, s: usize, j: usize) -> (u32, u32) {
        let (senior, junior) = (self.roster.senior(s), self.roster.junior(j));
        let (mut differ, mut compared) = (0, 0);
        for ((a, b), &private) in senior
            .attributes
            .iter()
            .zip(&junior.attributes)
            .zip(&self.roster.private)
        {
            if let (Some(a), Some(b), false) = (a, b, private) {
                compared += 1;
                differ += u32::from(a != b);
            }
        }
        (differ, compared)
    }

    /// A pair's score in solver units, the unmatched bonus included.
    #[inline]
    pub fn units(&self, s: usize, j: usize, counts: &Counts) -> i64 {
        to_units(self.components(s, j, counts).score)
    }

    /// [`Scorer::units`] as the enumeration of allowed pairs gives it
    /// ([`Scorer::for_each_allowed_among`]): from the counts alone when
    /// nothing else adds to a score.
    #[inline]
    pub fn pair_units(&self, s: usize, j: usize, counts: &Counts) -> i64 {
        if self.weighed.plain {
            to_units(counts.components(&self.weights).score)
        } else {
            self.units(s, j, counts)
        }
    }

    /// [`Scorer::units`] under `weights` instead of the scorer's own.
    #[inline]
    pub fn units_with(&self, weights: &Weights, s: usize, j: usize, counts: &Counts) -> i64 {
        to_units(self.components_with(weights, s, j, counts).score)
    }

    /// The parts of a pair's score that no weight changes, to score the
    /// pair under many weightings at the cost of a few multiplications
    /// each ([`ScoreParts::units`]).
    #[inline]
    pub fn score_parts(&self, s: usize, j: usize, counts: &Counts) -> ScoreParts {
        let c = counts.components(&Weights::default());
        ScoreParts {
            parts: [c.teach, c.learn, c.interests, c.diversity],
            external: self
                .rules
                .pair_scores
                .as_ref()
                .and_then(|scores| scores.get(s, j))
                .map(|(external, _)| external),
            preference: self.preferences.any().then(|| self.preferences.part(s, j)),
            bonus: (self.rules.bonus > 0.0).then(|| self.rules.bonus(s, j)),
        }
    }

    /// Evaluates one pair: its counts and the rule that forbids it, if any.
    pub fn evaluate(&self, s: usize, j: usize) -> (Counts, Option<Rule>) {
        let counts = self.counts(s, j);
        (counts, self.forbidden(s, j, &counts))
    }

    /// Whether senior `s` and junior `j` may still be paired, exactly as
    /// [`Scorer::for_each_allowed`] would offer the pair (allowed, not
    /// locked or banned, capacity left on both sides), with its counts and
    /// units.
    pub fn may_pair(&self, s: usize, j: usize) -> Option<(Counts, i64)> {
        self.open_teach(s, j)?;
        let counts = self.counts(s, j);
        self.forbidden(s, j, &counts)
            .is_none()
            .then(|| (counts, self.units(s, j, &counts)))
    }

    /// At least the units of the pair of senior `s` and junior `j` whose
    /// teach numerator is `teach` ([`Scorer::open_teach`]), without reading
    /// the pair's other parts: teach exactly, every other part at most its
    /// weight where both people have something to compare (learn and the
    /// junior's bonus by its own bound), as the pair loop's third
    /// bound is made.
    pub fn units_at_most(&self, s: usize, j: usize, teach: u32) -> i64 {
        let senior = self.roster.senior(s);
        let w = &self.weights;
        let r = &self.weighed.rest_bound[j];
        let teach_part = w.teach * f64::from(teach) / f64::from(goal_total(&senior.wants).max(1));
        let interests = if senior.interests.is_empty() || r.interests == 0 {
            0.0
        } else {
            w.interests.max(0.0)
        };
        let diversity = if r.attributes && senior.attributes.iter().any(Option::is_some) {
            w.diversity.max(0.0)
        } else {
            0.0
        };
        let senior_rest = self.weighed.shared_bound
            + f64::from(u8::from(self.rules.senior_bonus[s])) * self.rules.bonus.max(0.0);
        let most = senior_rest + r.rest + teach_part + interests + diversity;
        (most * UNITS_PER_POINT) as i64 + 5
    }

    /// The people of the other side who share a topic with person `me` of
    /// side `role` (a goal of the senior's among the junior's skills) and
    /// have a place left (or capacity 0, which a rule then names), each
    /// once, in index order: of the other side, only those who share a
    /// topic can teach `me` anything (or learn from `me`). Who lists each topic is gathered the first time
    /// this is asked, so that looking for them does not go through the
    /// whole other side for each person (1,200 people left without an
    /// allowed partner at 300,000 took 0.9 s that way); those whose places
    /// locked pairs took are kept apart (see
    /// [`Scorer::any_sharing_without_a_place`]), as a continued pairing
    /// leaves nearly everyone so.
    pub fn sharing_a_topic(&self, role: Role, me: usize) -> Vec<usize> {
        let index = self.topic_people();
        let person = self.roster.person(role, me);
        let (lists, open, topics) = match role {
            Role::Senior => (&index.juniors, &index.open_juniors, &person.wants),
            Role::Junior => (&index.seniors, &index.open_seniors, &person.skills),
        };
        let mut others: Vec<usize> = topics
            .iter()
            .flat_map(|t| {
                let t = t.id as usize;
                lists[t][..open[t] as usize].iter().map(|&i| i as usize)
            })
            .collect();
        others.sort_unstable();
        others.dedup();
        others
    }

    /// Whether anyone of the other side who shares a topic with person `me`
    /// of side `role`, and whose every place locked pairs took, is one
    /// `wanted` accepts; stops at the first.
    pub fn any_sharing_without_a_place(
        &self,
        role: Role,
        me: usize,
        wanted: impl Fn(usize) -> bool,
    ) -> bool {
        let index = self.topic_people();
        let person = self.roster.person(role, me);
        let (lists, open, topics) = match role {
            Role::Senior => (&index.juniors, &index.open_juniors, &person.wants),
            Role::Junior => (&index.seniors, &index.open_seniors, &person.skills),
        };
        topics.iter().any(|t| {
            let t = t.id as usize;
            lists[t][open[t] as usize..]
                .iter()
                .any(|&i| wanted(i as usize))
        })
    }

    fn topic_people(&self) -> &TopicPeople {
        self.topic_people.get_or_init(|| {
            Arc::new(TopicPeople::of(
                self.roster,
                &self.senior_left,
                &self.junior_left,
            ))
        })
    }

    /// Whether junior `j` teaches senior `s` anything: a goal of the
    /// senior's the junior knows better (the pair's teach numerator, as
    /// [`Scorer::counts`] gives it, is above 0). A pair that teaches
    /// nothing is never allowed: [`Scorer::forbidden`] gives it
    /// [`Rule::NothingToTeach`], or a rule checked before that one.
    pub fn teaches(&self, s: usize, j: usize) -> bool {
        self.may_teach(s, j) && goals_taught(self.roster.senior(s), self.roster.junior(j)) > 0
    }

    /// Whether junior `j` may teach senior `s` anything, by their topic
    /// masks: when false, [`Scorer::may_pair`] offers no pair; when true it
    /// still has to look.
    #[inline]
    pub fn may_teach(&self, s: usize, j: usize) -> bool {
        self.senior_wants[s] & self.junior_skills[j] != 0
    }

    /// Whether [`Scorer::may_pair`] offers the pair, without scoring it
    /// (unless `--min-score` needs the score).
    pub fn may_pair_at_all(&self, s: usize, j: usize) -> bool {
        let Some(teach) = self.open_teach(s, j) else {
            return false;
        };
        let counts = if self.rules.min_score.is_some() {
            self.counts(s, j)
        } else {
            Counts {
                teach,
                ..Counts::default()
            }
        };
        self.forbidden(s, j, &counts).is_none()
    }

    /// The pair's teach numerator, when both people have a place left for
    /// it (capacity after locked pairs, not banned or locked already) and
    /// the junior teaches something the senior wants: what rules out most
    /// pairs, checked before anything that costs more.
    pub fn open_teach(&self, s: usize, j: usize) -> Option<u32> {
        if self.senior_left[s] == 0
            || self.junior_left[j] == 0
            || self.skip[s].binary_search(&(j as u32)).is_ok()
        {
            return None;
        }
        let teach = goals_taught(self.roster.senior(s), self.roster.junior(j));
        (teach > 0).then_some(teach)
    }

    /// Calls `f(j, counts, units)` for every junior senior `s` may still be
    /// paired with (allowed, not locked, capacity left), in no set order.
    /// Only juniors who teach one of the senior's goals are looked at,
    /// through the topic index, so this costs far less than a scan of all
    /// juniors.
    pub fn for_each_allowed(
        &self,
        s: usize,
        scratch: &mut Scratch,
        mut f: impl FnMut(usize, Counts, i64),
    ) {
        let juniors = 0..self.n_juniors() as u32;
        self.for_each_allowed_among(s, juniors, scratch, Pass::Count, &mut Every(&mut f));
    }

    /// Like [`Scorer::for_each_allowed`] over the juniors in `juniors`
    /// only, but a pair is scored only when `visit.wants(j, bound)` asks
    /// for it, `bound` being at least the pair's units: the teach part is
    /// known exactly before anything else is read (it is what the topic
    /// index adds up), and so is the interests part where the roster has at
    /// most 64 interests (two masks), then learn and diversity, and the
    /// rest is bounded by its weights (the interests part, elsewhere, by
    /// the two people's numbers of interests). Most pairs of a large roster
    /// fall below what a caller still needs (a senior's k-th best, a dual
    /// price), so they cost a few loads instead of a score. Scanning many
    /// seniors against one block of juniors at a time keeps that block's
    /// data in the processor's cache: on large rosters the scan is bound by
    /// memory, not arithmetic.
    ///
    /// With [`Pass::Count`], `visit.pair(j, None)` is called for every
    /// allowed pair not scored, so callers can count allowed pairs; with
    /// [`Pass::Above`], pairs not wanted are dropped before the hard rules
    /// are checked and `visit.pair` sees only scored pairs. With `--min-score`
    /// every pair is scored (the rule needs the score).
    ///
    /// On x86-64 processors with the `popcnt` instruction (every one made
    /// since about 2010) the loop runs in a copy compiled to use it: the
    /// interests part counts shared interests with two population counts
    /// per pair, which otherwise take a dozen instructions each (at
    /// 100,000 x 200,000 with 2.4 billion allowed pairs the run takes 14%
    /// less processor time with it). On those with AVX2 too (since about
    /// 2013) it runs in a copy that also takes the coarse first look over
    /// whole tiles (see [`dense`]), whose loop runs eight juniors at a
    /// time there (without AVX2 it is slower than the pair loop alone), and
    /// on those with AVX-512 in one that runs it sixteen at a time (the
    /// candidate pass at 30,000 x 60,000 1.07 s against 1.20 s with AVX2),
    /// or thirty-two in 16 bits where the bound's parts fit.
    /// The build itself stays runnable on any x86-64; the functions below
    /// only differ in how the loop is compiled.
    pub fn for_each_allowed_among(
        &self,
        s: usize,
        juniors: std::ops::Range<u32>,
        scratch: &mut Scratch,
        pass: Pass,
        visit: &mut impl Visit,
    ) {
        #[cfg(target_arch = "x86_64")]
        if dense::runs_wide() {
            // SAFETY: the processor has AVX-512 F, BW and VL, AVX2 and
            // `popcnt` (`runs_wide`).
            unsafe { self.for_each_allowed_among_avx512(s, juniors, scratch, pass, visit) };
            return;
        }
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("popcnt")
        {
            // SAFETY: the processor has both, checked just above.
            unsafe { self.for_each_allowed_among_avx2(s, juniors, scratch, pass, visit) };
            return;
        }
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("popcnt") {
            // SAFETY: the processor has `popcnt`, checked just above.
            unsafe { self.for_each_allowed_among_popcnt(s, juniors, scratch, pass, visit) };
            return;
        }
        self.for_each_allowed_among_body::<false, false>(s, juniors, scratch, pass, visit);
    }

    /// [`Scorer::for_each_allowed_among`]'s loop compiled with AVX-512,
    /// with the coarse first look sixteen juniors at a time (thirty-two in
    /// 16 bits where the bound's parts fit).
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw,avx512vl,avx2,popcnt")]
    fn for_each_allowed_among_avx512(
        &self,
        s: usize,
        juniors: std::ops::Range<u32>,
        scratch: &mut Scratch,
        pass: Pass,
        visit: &mut impl Visit,
    ) {
        self.for_each_allowed_among_body::<true, true>(s, juniors, scratch, pass, visit);
    }

    /// [`Scorer::for_each_allowed_among`]'s loop compiled with AVX2 and
    /// `popcnt`, with the coarse first look.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2,popcnt")]
    fn for_each_allowed_among_avx2(
        &self,
        s: usize,
        juniors: std::ops::Range<u32>,
        scratch: &mut Scratch,
        pass: Pass,
        visit: &mut impl Visit,
    ) {
        self.for_each_allowed_among_body::<true, false>(s, juniors, scratch, pass, visit);
    }

    /// [`Scorer::for_each_allowed_among`]'s loop compiled with `popcnt`.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "popcnt")]
    fn for_each_allowed_among_popcnt(
        &self,
        s: usize,
        juniors: std::ops::Range<u32>,
        scratch: &mut Scratch,
        pass: Pass,
        visit: &mut impl Visit,
    ) {
        self.for_each_allowed_among_body::<false, false>(s, juniors, scratch, pass, visit);
    }

    /// The loop of [`Scorer::for_each_allowed_among`], inlined into each
    /// copy of it; with the coarse first look where `COARSE`.
    #[inline(always)]
    fn for_each_allowed_among_body<const COARSE: bool, const WIDE: bool>(
        &self,
        s: usize,
        juniors: std::ops::Range<u32>,
        scratch: &mut Scratch,
        pass: Pass,
        visit: &mut impl Visit,
    ) {
        let roster = self.roster;
        let senior = roster.senior(s);
        if self.senior_left[s] == 0 || senior.wants.is_empty() {
            return;
        }
        // The shared parts' slices, read once: the loop below would
        // otherwise fetch each one's address again on every pair.
        let (teachers, packed_start, packed) = (
            self.teachers.as_slice(),
            self.packed_start.as_slice(),
            self.packed.as_slice(),
        );
        let (junior_rules, junior_interests) = (
            self.junior_rules.as_slice(),
            self.junior_interests.as_slice(),
        );
        let skip = &self.skip[s];
        let min_units = self.rules.min_score.map(to_units);
        let tz_gap = match (self.rules.max_tz_gap_minutes, senior.utc_offset) {
            (Some(gap), Some(offset)) => Some((gap, offset)),
            _ => None,
        };
        let Scratch {
            first_lanes,
            bounds,
            looked,
            teach,
            touched,
            senior_level,
            teacher_span,
            unsplit,
            acc,
            keep,
            learn_acc,
            learned,
            dense,
        } = scratch;
        for t in &senior.skills {
            senior_level[t.id as usize] = t.level;
        }
        // Room for every junior of the tile and one more (each entry is
        // written before it is known to count): a junior is listed the
        // first time a goal of the senior's adds to its teach numerator,
        // without a branch (most entries add to a junior already listed,
        // or nothing). Its room is kept from call to call, not cleared:
        // zeroing a tile's worth for each senior and tile was a tenth of
        // all processor time at 300,000 x 700,000, where a tile holds few
        // of a senior's partners.
        if touched.len() <= juniors.len() {
            touched.resize(juniors.len() + 1, 0);
        }
        let (s_enter, s_leave) = roster.span(s);
        let senior_languages = self.senior_languages[s];
        let senior_skills = self.senior_skills[s];
        let jg0 = roster.n_seniors;
        let n_attributes = roster.diversity.len();
        let teach_of = goal_total(&senior.wants);
        // The bound: teach exactly, the rest at most what it can reach.
        let w = &self.weights;
        let senior_interests = senior.interests.len() as u32;
        let senior_attributes = senior.attributes.iter().any(Option::is_some);
        let senior_rest = self.weighed.shared_bound
            + f64::from(u8::from(self.rules.senior_bonus[s])) * self.rules.bonus.max(0.0);
        let teach_unit = w.teach / f64::from(teach_of.max(1));
        // What the interests part can reach against a junior with n
        // interests (shared / union <= min / max), looked up, not divided.
        let interests_most = if senior_interests > 0 {
            w.interests.max(0.0)
        } else {
            0.0
        };
        let computed;
        let (interests_by_count, interests_share_by_count) = match self
            .weighed
            .interests_by_senior
            .get(senior_interests as usize)
        {
            Some(tables) => tables,
            None => {
                computed = interests_tables(interests_most, senior_interests);
                &computed
            }
        };
        let diversity_most = if senior_attributes {
            w.diversity.max(0.0)
        } else {
            0.0
        };
        let diversity_by_count = &self.weighed.diversity_by_count;
        // The first bound in units: teach exactly, and `learn` the pair's
        // learn numerator once read; until then the learn part is bounded
        // by its weight. Each part is rounded up, and the rounding of the
        // score's own sum stays far below the 5 units added.
        let senior_rest_units = units_up(senior_rest);
        let teach_unit_units = units_up(teach_unit);
        let interests_most_units = units_up(interests_most);
        let interests_units = interests_by_count.map(units_up);
        let diversity_units = if senior_attributes {
            full_diversity_units(w)
        } else {
            0
        };
        // The interests part from the two masks (see [`ValueMasks`]):
        // exactly where the roster has at most 64 interests. With more,
        // two interests may share a bit, so the interests both masks hold
        // are at least those the two people share, and those the junior's
        // mask holds at most the junior's own: the part the table gives
        // (shared / union, rising with the shared and falling with the
        // junior's) is then at least the pair's. Masks that do not meet
        // still share nothing. (At 100,000 x 200,000 with interests
        // written in a few hundred ways, the candidate pass took 9.3 s
        // with the interests part bounded by the two people's numbers of
        // interests alone.)
        let senior_mask = self.senior_interests[s];
        let exact_units = self
            .weighed
            .interests_exact_units
            .get(senior_interests as usize)
            .filter(|_| senior_interests > 0);
        let bound = |j: usize, teach_j: u32, learn: Option<u32>, interests: Option<i64>| -> i64 {
            let f = &self.weighed.first_bound[j];
            let rest = match learn {
                None => f.rest,
                Some(learn) => f.bonus + f.learn_unit * i64::from(learn),
            };
            let interests = interests.unwrap_or_else(|| {
                interests_units
                    .get(f.interests as usize)
                    .copied()
                    .unwrap_or(interests_most_units)
            });
            let diversity = if f.attributes { diversity_units } else { 0 };
            senior_rest_units
                + rest
                + teach_unit_units * i64::from(teach_j)
                + interests
                + diversity
                + 5
        };
        // The teach and learn parts of that bound, in units (see
        // [`Visit::wants_first`]).
        let bound_parts = |j: usize, teach_j: u32, learn: Option<u32>| -> BoundParts {
            let f = &self.weighed.first_bound[j];
            BoundParts {
                teach: teach_unit_units * i64::from(teach_j),
                learn: match learn {
                    None => f.rest - f.bonus,
                    Some(learn) => f.learn_unit * i64::from(learn),
                },
            }
        };
        let score_all = min_units.is_some();
        // While the caller's list fills, no floor turns a pair away, and a
        // senior's first tile cost five to eight times any other (at
        // 100,000 x 200,000, 1.65 s of processor time against 0.21-0.33 s).
        // Where the caller asks for it (`fill_first`) and the coarse look
        // runs in 16 bits, that tile is taken in two steps: the juniors
        // with the best coarse bounds are scored first, then the coarse
        // look takes the rest against the floor they leave. The same pairs
        // reach the lists; only the order they are offered in changes.
        let fill_first = if WIDE && visit.filling() {
            visit.fill_first()
        } else {
            0
        };
        let mut phase_first = fill_first > 0;
        let mut rows_ready = false;
        let mut sparse = 0u32;
        first_lanes.clear();
        loop {
            // Where a goal of the senior's is taught by many juniors of the
            // tile, the teach numerators and a coarse bound on every pair come
            // from whole rows at once (see [`dense`]), and only the juniors it
            // keeps go on; elsewhere the numerators are added one teacher at a
            // time and the first bound runs one junior at a time. The look goes
            // over every junior of the tile, so it is taken only where the
            // senior's goals' teachers are at least a 32nd of them
            // ([`COARSE_SHARE`]).
            let mut many_teachers = || {
                let mut teaching = 0;
                for want in &senior.wants {
                    let span = &mut teacher_span[want.id as usize];
                    if span.0 != juniors {
                        *span = teachers_within(&teachers[want.id as usize], span, juniors.clone());
                    }
                    teaching += span.2 - span.1;
                }
                teaching * COARSE_SHARE >= juniors.len()
            };
            let coarse = match dense.as_ref() {
                Some((levels, of_juniors))
                    if COARSE
                        && !score_all
                        && pass == Pass::Above
                        && !unsplit[s]
                        && (!visit.filling() || fill_first > 0)
                        && teach_of <= u32::from(u16::MAX)
                        && senior
                            .wants
                            .iter()
                            .any(|w| levels.row(&juniors, w.id as usize).is_some())
                        && many_teachers() =>
                {
                    visit.coarse_floors().and_then(|floors| {
                        let coarse = dense::Coarse::of(
                            senior_rest_units + 5,
                            interests_most_units,
                            exact_units.is_some(),
                            teach_unit_units,
                            teach_of,
                            senior_skills,
                            senior_mask,
                            &floors,
                        )?;
                        Some((&**levels, coarse, of_juniors.tile(&juniors, &floors)))
                    })
                }
                _ => None,
            };
            // While the list fills, the coarse look runs only for the two
            // steps, in 16 bits (taken alone it left the first tile as
            // costly: 1.009 of the time at 100,000 x 200,000).
            let coarse = coarse.filter(|(_, coarse, tile)| {
                !visit.filling()
                    || !first_lanes.is_empty()
                    || phase_first && coarse.bounds_wide::<WIDE>(tile, tile.learns())
            });
            if coarse.is_none() {
                phase_first = false;
            }
            let (touched, kept) = if let Some((levels, coarse, tile)) = coarse {
                let n = juniors.len();
                let learning = tile.learns();
                if !rows_ready {
                    rows_ready = true;
                    // The numerators' room is written over by the first row, or
                    // zeroed before the first list (never both).
                    if acc.len() != n {
                        acc.resize(n, 0);
                    }
                    let mut fresh = true;
                    for want in &senior.wants {
                        let own = senior_level[want.id as usize];
                        let priority = u16::from(want.level);
                        if let Some(row) = levels.row(&juniors, want.id as usize) {
                            if fresh {
                                dense::set_row(acc, row, own, priority);
                            } else {
                                dense::add_row(acc, row, own, priority);
                            }
                        } else {
                            if fresh {
                                acc.fill(0);
                            }
                            let teachers = &teachers[want.id as usize];
                            let span = &mut teacher_span[want.id as usize];
                            if span.0 != juniors {
                                *span = teachers_within(teachers, span, juniors.clone());
                            }
                            dense::add_list(
                                acc,
                                juniors.start,
                                &teachers[span.1..span.2],
                                own,
                                priority,
                            );
                        }
                        fresh = false;
                    }
                    if fresh {
                        acc.fill(0);
                    }
                    // The learn numerators too, from the rows of wants of the
                    // senior's skills: exact for each junior with no goal among
                    // the skills that have no row here (`sparse`).
                    if learning {
                        if learn_acc.len() != n {
                            learn_acc.resize(n, 0);
                        }
                        let mut fresh = true;
                        for skill in &senior.skills {
                            match levels.want_row(&juniors, skill.id as usize) {
                                Some(row) => {
                                    dense::add_want_row(learn_acc, row, skill.level, fresh);
                                    fresh = false;
                                }
                                None => sparse |= dense::fold(self.learn_bit[skill.id as usize]),
                            }
                        }
                        if fresh {
                            learn_acc.fill(0);
                        }
                    }
                }
                // Which juniors go on (in `keep`), and how many teach.
                let n_touched = if phase_first {
                    // The first step: the `fill_first` teaching juniors with
                    // the highest bounds (any of equals) go to the pair loop;
                    // the numerators stay for the second step.
                    let n_teaching = coarse.senior_bounds::<WIDE>(
                        acc,
                        learning.then_some((&learn_acc[..], sparse)),
                        &tile,
                        bounds,
                        keep,
                    );
                    first_lanes.clear();
                    first_lanes.extend(dense::kept(keep).map(|i| (bounds[i], i as u32)));
                    if first_lanes.len() > fill_first {
                        first_lanes.select_nth_unstable_by(fill_first - 1, |a, b| b.0.cmp(&a.0));
                        first_lanes.truncate(fill_first);
                        keep.fill(0);
                        for &(_, i) in first_lanes.iter() {
                            keep[i as usize] = 1;
                        }
                    }
                    n_teaching
                } else {
                    let n_touched = coarse.mark_kept::<WIDE>(
                        acc,
                        learning.then_some((&learn_acc[..], sparse)),
                        &tile,
                        keep,
                    );
                    *looked += n_touched;
                    // The second step leaves out the juniors of the first.
                    for &(_, i) in first_lanes.iter() {
                        keep[i as usize] = 0;
                    }
                    n_touched
                };
                let mut kept = 0;
                for i in dense::kept(keep) {
                    let j = juniors.start as usize + i;
                    touched[kept] = j as u32;
                    teach[j] = u32::from(acc[i]);
                    if learning && !tile.wants_any(i, sparse) {
                        learned[j] = u32::from(learn_acc[i]);
                    }
                    kept += 1;
                }
                // As for a split below: where the bound keeps most juniors,
                // the next tiles go one junior at a time.
                if !visit.filling() {
                    unsplit[s] = 4 * kept as u64 > 3 * n_touched;
                }
                (&mut touched[..kept], kept)
            } else {
                let mut n_touched = 0;
                for want in &senior.wants {
                    let own = senior_level[want.id as usize];
                    let teachers = &teachers[want.id as usize];
                    let span = &mut teacher_span[want.id as usize];
                    if span.0 != juniors {
                        *span = teachers_within(teachers, span, juniors.clone());
                    }
                    let priority = u32::from(want.level);
                    for &(j, level) in &teachers[span.1..span.2] {
                        // 0 where the junior's level is not above the senior's.
                        let add = priority * gain(level, own);
                        let slot = &mut teach[j as usize];
                        touched[n_touched] = j;
                        n_touched += usize::from(*slot == 0 && add > 0);
                        *slot += add;
                    }
                }
                // The juniors a first step of this call scored are not
                // looked at again (the coarse look takes that step only
                // where it takes the tile after it too, so this is a
                // safeguard).
                if !first_lanes.is_empty() {
                    for &(_, i) in first_lanes.iter() {
                        teach[juniors.start as usize + i as usize] = 0;
                    }
                    let mut left = 0;
                    for at in 0..n_touched {
                        let j = touched[at];
                        if teach[j as usize] != 0 {
                            touched[left] = j;
                            left += 1;
                        }
                    }
                    n_touched = left;
                }
                let touched = &mut touched[..n_touched];
                *looked += touched.len() as u64;
                // Most pairs stop at the first bound (at 30,000 x 60,000 it keeps
                // 13% of them). Where a senior touches many juniors of the tile,
                // that bound runs first over all of them in a loop of its own, and
                // the juniors it keeps move to the front of `touched` (with their
                // teach numerators; the others' are cleared): the rest of the
                // checks, with their reads of the junior's packed data, then run
                // on those alone (pair 100,000 x 200,000: 16.7 s against 17.7 s;
                // 300,000 x 700,000: 108 s against 123 s). Where it touches few,
                // the two loops cost more than one, and so they do where the bound
                // keeps most pairs: all of them while the senior's list is still
                // filling (its first tile), and in every tile where all scores are
                // equal (the 20,000 x 20,000 chain took 8% longer split). So there
                // is no split while the list fills, nor for a senior whose last
                // split kept more than three quarters of its juniors (the chain
                // 4.51 s against 4.79 s, 100,000 x 200,000 16.5 s against 16.9 s).
                let mut kept = touched.len();
                if !score_all
                    && pass == Pass::Above
                    && touched.len() >= FIRST_BOUND_APART
                    && !unsplit[s]
                    && !visit.filling()
                {
                    kept = 0;
                    for i in 0..touched.len() {
                        // The first bound as the loop below forms it, written out
                        // again: one closure for both loops made the pass a quarter
                        // slower (1.81-1.92 s against 1.44-1.45 s at 30k x 60k).
                        let j = touched[i] as usize;
                        let learn_known = (senior_skills & junior_rules[j].wants == 0).then_some(0);
                        let full_diversity =
                            senior_attributes && self.weighed.first_bound[j].attributes;
                        let interests_units_exact = exact_units.and_then(|table| {
                            let mask = junior_interests[j];
                            table
                                .get(mask.count_ones() as usize)
                                .map(|row| row[(senior_mask & mask).count_ones() as usize])
                        });
                        let bound = bound(j, teach[j], learn_known, interests_units_exact);
                        let parts = bound_parts(j, teach[j], learn_known);
                        if visit.wants_first(j, bound, full_diversity, parts) {
                            touched[kept] = j as u32;
                            kept += 1;
                        } else {
                            teach[j] = 0;
                        }
                    }
                    unsplit[s] = 4 * kept > 3 * touched.len();
                }
                (touched, kept)
            };
            for &j in touched[..kept].iter() {
                let j = j as usize;
                let teach_j = std::mem::take(&mut teach[j]);
                // Whether the pair could still enter a list: first with teach
                // alone known (and learn when the senior has none of the
                // junior's goals as a skill), then with learn too (the part the
                // first bound is loosest on). A pair neither bound rules out is
                // checked against the hard rules; one they rule out is only
                // counted (`Pass::Count`). (A pair kept by the loop above is
                // checked again: the lists' floors may have risen since.)
                let rules = &junior_rules[j];
                // The learn numerator where the coarse look found it.
                let found = std::mem::replace(&mut learned[j], u32::MAX);
                let learn_known = if found != u32::MAX {
                    Some(found)
                } else {
                    (senior_skills & rules.wants == 0).then_some(0)
                };
                let full_diversity = senior_attributes && self.weighed.first_bound[j].attributes;
                // The interests both hold, where the masks tell them exactly
                // (at least them otherwise).
                let exact_shared = exact_units.map(|table| {
                    let mask = junior_interests[j];
                    (table, mask.count_ones(), (senior_mask & mask).count_ones())
                });
                let interests_units_exact = exact_shared.and_then(|(table, of_junior, shared)| {
                    table
                        .get(of_junior as usize)
                        .map(|row| row[shared as usize])
                });
                let mut wanted = score_all
                    || visit.wants_first(
                        j,
                        bound(j, teach_j, learn_known, interests_units_exact),
                        full_diversity,
                        bound_parts(j, teach_j, learn_known),
                    );
                if !wanted && pass == Pass::Above {
                    continue;
                }
                let in_chain = (s_enter <= rules.enter && rules.leave <= s_leave)
                    || (rules.enter <= s_enter && s_leave <= rules.leave);
                if in_chain
                    || (!senior.exclude.is_empty()
                        && senior.exclude.binary_search(&(jg0 + j)).is_ok())
                    || (!skip.is_empty() && skip.binary_search(&(j as u32)).is_ok())
                {
                    continue;
                }
                if let Some((gap, offset)) = tz_gap {
                    if roster
                        .junior(j)
                        .utc_offset
                        .is_some_and(|o| clock_gap(o, offset) > gap)
                    {
                        continue;
                    }
                }
                if !self.rules.pair_rules.is_empty() {
                    let junior = roster.junior(j);
                    if !self
                        .rules
                        .pair_rules
                        .iter()
                        .all(|r| r.allows(senior, junior))
                    {
                        continue;
                    }
                }
                if senior_languages & rules.languages == 0
                    && senior_languages != 0
                    && rules.languages != 0
                {
                    continue;
                }
                if !wanted && self.languages_exact {
                    // Allowed, and below every list it could enter.
                    visit.pair(j, None);
                    continue;
                }
                let d = &packed[packed_start[j]..packed_start[j + 1]];
                let learn_of = d[0];
                let n_wants = d[1] as usize;
                let wants = &d[2..2 + 2 * n_wants];
                let mut learn = learn_known.unwrap_or(0);
                if wanted && learn_known.is_none() {
                    for w in wants.chunks_exact(2) {
                        let (priority, own) = ((w[1] >> 8) as u8, w[1] as u8);
                        learn += u32::from(priority) * gain(senior_level[w[0] as usize], own);
                    }
                    wanted = score_all
                        || visit.wants_first(
                            j,
                            bound(j, teach_j, Some(learn), interests_units_exact),
                            full_diversity,
                            bound_parts(j, teach_j, Some(learn)),
                        );
                    if !wanted && pass == Pass::Above {
                        continue;
                    }
                }
                let mut at = 2 + 2 * n_wants;
                let n_interests = d[at] as usize;
                let interests = &d[at + 1..at + 1 + n_interests];
                at += 1 + n_interests;
                let n_languages = d[at] as usize;
                let languages = &d[at + 1..at + 1 + n_languages];
                at += 1 + n_languages;
                // Masks that meet may still share no language when the roster
                // has more than 64.
                if !self.languages_exact
                    && !senior.languages.is_empty()
                    && !languages.is_empty()
                    && !intersects(&senior.languages, languages)
                {
                    continue;
                }
                if !wanted {
                    // Allowed, and below every list it could enter.
                    visit.pair(j, None);
                    continue;
                }
                let (mut differ, mut compared) = (0, 0);
                for (a, &b) in senior.attributes.iter().zip(&d[at..at + n_attributes]) {
                    if let (Some(a), true) = (a, b != BLANK) {
                        compared += 1;
                        differ += u32::from(*a != b);
                    }
                }
                if !score_all {
                    // Now teach, learn and diversity are known exactly; the
                    // interests part (a merge of two lists) too where the masks
                    // are exact, otherwise it is bounded (by the masks, or
                    // where a count is beyond their table, by the counts).
                    let r = &self.weighed.rest_bound[j];
                    let interests_share = exact_shared.map(|(_, _, shared)| {
                        let union = senior_interests + n_interests as u32 - shared;
                        if union == 0 {
                            0.0
                        } else {
                            f64::from(shared) / f64::from(union)
                        }
                    });
                    let interests_most = match interests_share {
                        Some(share) => interests_most * share,
                        None => interests_by_count
                            .get(n_interests)
                            .copied()
                            .unwrap_or(interests_most),
                    };
                    let diversity = diversity_by_count
                        .get(compared as usize)
                        .map_or(diversity_most, |row| row[differ as usize]);
                    let most = senior_rest
                        + r.bonus
                        + teach_unit * f64::from(teach_j)
                        + r.learn_unit * f64::from(learn)
                        + diversity
                        + interests_most;
                    let parts = || {
                        let ratio = |a: u32, b: u32| {
                            if b == 0 {
                                0.0
                            } else {
                                f64::from(a) / f64::from(b)
                            }
                        };
                        PartsBound {
                            teach: ratio(teach_j, teach_of),
                            learn: ratio(learn, learn_of),
                            diversity: ratio(differ, compared),
                            interests: interests_share.unwrap_or_else(|| {
                                interests_share_by_count
                                    .get(n_interests)
                                    .copied()
                                    .unwrap_or(if senior_interests > 0 { 1.0 } else { 0.0 })
                            }),
                            rest: senior_rest + r.bonus,
                        }
                    };
                    if !visit.wants_parts(j, (most * UNITS_PER_POINT) as i64 + 5, parts) {
                        if pass == Pass::Count {
                            visit.pair(j, None);
                        }
                        continue;
                    }
                }
                let shared_interests = match exact_shared.filter(|_| self.interests_exact) {
                    Some((_, _, shared)) => shared,
                    None => shared(&senior.interests, interests),
                };
                let counts = Counts {
                    teach: teach_j,
                    teach_of,
                    learn,
                    learn_of,
                    shared: shared_interests,
                    union: senior.interests.len() as u32 + n_interests as u32 - shared_interests,
                    differ,
                    compared,
                };
                let units = self.pair_units(s, j, &counts);
                if min_units.is_some_and(|m| units < m) {
                    continue;
                }
                visit.pair(j, Some((counts, units)));
            }
            if phase_first {
                phase_first = false;
                continue;
            }
            break;
        }
        for t in &senior.skills {
            senior_level[t.id as usize] = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::{parse, ReadOptions};

    const ROSTER: &str = "id,role,skills,wants,languages,manager,capacity,utc_offset\n\
        S1,senior,,ai:3,English,,1,0\n\
        S2,senior,ai:5,ai:3,,,1,\n\
        S3,senior,,ai,,,0,\n\
        J1,junior,ai:4,,French,,1,\n\
        J2,junior,ai:2,,,S1,1,\n\
        J3,junior,ai:5,,English,,1,+10\n\
        J4,junior,ai:4,,,,1,\n";

    #[test]
    fn hard_rules_are_checked_in_order() {
        let roster = parse("r.csv", ROSTER.as_bytes(), &ReadOptions::default()).unwrap();
        let mut rules = Rules::none(&roster);
        rules.max_tz_gap_minutes = Some(8 * 60);
        let scorer = Scorer::with_rules(&roster, Weights::default(), rules);
        let rule = |s, j| scorer.evaluate(s, j).1;
        assert_eq!(rule(0, 0), Some(Rule::NoCommonLanguage));
        assert_eq!(rule(0, 1), Some(Rule::ManagementChain));
        assert_eq!(rule(0, 2), Some(Rule::TimeZone));
        assert_eq!(rule(0, 3), None);
        assert_eq!(rule(1, 0), Some(Rule::NothingToTeach), "S2 knows ai better");
        assert_eq!(rule(1, 2), Some(Rule::NothingToTeach), "as well as J3");
        assert_eq!(rule(2, 2), Some(Rule::Capacity));
    }

    /// The bound a certificate recheck puts on a pair before scoring it
    /// holds for every allowed pair, under any weights, with a bonus.
    #[test]
    fn units_at_most_bounds_every_allowed_pair() {
        let roster = crate::roster::generated(40, 120, 5);
        let exact = "learn=0,interests=0,diversity=0";
        for spec in ["", "teach=0.1,learn=2,interests=3,diversity=4", exact] {
            let weights = Weights::default().parse_over(spec).unwrap();
            let mut rules = Rules::none(&roster);
            rules.bonus = 0.3;
            for (j, b) in rules.junior_bonus.iter_mut().enumerate() {
                *b = j % 3 == 0;
            }
            let scorer = Scorer::with_rules(&roster, weights, rules);
            let (mut allowed, mut tight) = (0, 0);
            for s in 0..scorer.n_seniors() {
                for j in 0..scorer.n_juniors() {
                    if let Some((_, units)) = scorer.may_pair(s, j) {
                        let teach = scorer.open_teach(s, j).unwrap();
                        let most = scorer.units_at_most(s, j, teach);
                        assert!(units <= most, "S{s} J{j} under {spec:?}: {units} > {most}");
                        allowed += 1;
                        tight += usize::from(most - units < 10);
                    }
                }
            }
            assert!(allowed > 0);
            // With teach the only part (and the bonus), the bound is the
            // score itself, give or take its rounding.
            if spec == exact {
                assert_eq!(tight, allowed);
            }
        }
    }

    /// A pair whose topic masks do not meet is never offered, and the
    /// masks do tell some pairs apart.
    #[test]
    fn pairs_the_topic_masks_rule_out_are_never_offered() {
        let roster = crate::roster::generated(40, 120, 3);
        let scorer = Scorer::new(&roster, Weights::default());
        let mut ruled_out = 0;
        for s in 0..scorer.n_seniors() {
            for j in 0..scorer.n_juniors() {
                if !scorer.may_teach(s, j) {
                    ruled_out += 1;
                    assert!(scorer.may_pair(s, j).is_none(), "S{s} J{j}");
                }
            }
        }
        assert!(ruled_out > 0);
    }

    /// The learn masks: a senior's skills and a junior's goals whose masks
    /// do not meet give a learn part of 0 (the pass takes it as 0 unread),
    /// and where juniors want at most 64 topics, masks that meet share a
    /// topic (in the generated rosters juniors want ten, while seniors'
    /// skills come from many more). A roster whose juniors want over 64
    /// topics shares bits, and still never hides a learn part.
    #[test]
    fn learn_masks_meet_only_where_a_pair_could_learn() {
        for (roster, exact) in [
            (crate::roster::generated(40, 120, 5), true),
            (wants_beyond_64(), false),
        ] {
            let scorer = Scorer::new(&roster, Weights::default());
            let (mut met, mut apart) = (0, 0);
            for s in 0..scorer.n_seniors() {
                for j in 0..scorer.n_juniors() {
                    let meet = scorer.senior_skills[s] & scorer.junior_rules[j].wants != 0;
                    let counts = scorer.counts(s, j);
                    if !meet {
                        apart += 1;
                        assert_eq!(counts.learn, 0, "S{s} J{j}");
                    } else {
                        met += 1;
                        if exact {
                            let shared = roster.senior(s).skills.iter().any(|skill| {
                                roster
                                    .junior(j)
                                    .wants
                                    .iter()
                                    .any(|goal| goal.id == skill.id)
                            });
                            assert!(shared, "S{s} J{j}: masks meet, no topic shared");
                        }
                    }
                }
            }
            assert!(met > 0 && apart > 0, "{met} met, {apart} apart");
        }
    }

    /// Three seniors and 70 juniors, each junior wanting its own topic
    /// (70 in all, so two topics share a bit) at priority 3; each senior
    /// has level 5 in a few of them.
    fn wants_beyond_64() -> Roster {
        let mut csv = String::from("id,role,skills,wants\n");
        for s in 0..3 {
            let skills: Vec<String> = (0..70)
                .filter(|t| t % 3 == s)
                .map(|t| format!("goal{t}:5"))
                .collect();
            csv.push_str(&format!("S{s},senior,{},mentoring:2\n", skills.join(";")));
        }
        for j in 0..70 {
            csv.push_str(&format!("J{j},junior,mentoring:5,goal{j}:3\n"));
        }
        crate::roster::parse(
            "wants.csv",
            csv.as_bytes(),
            &crate::roster::ReadOptions::default(),
        )
        .expect("a roster")
    }

    /// A scorer made from another under other weights scores every pair
    /// as one built from the roster with those weights: the same allowed
    /// pairs, counts, units and bounds' verdicts, the same places, under
    /// weightings that change every part (with a bonus for unmatched
    /// people, so the scores are not plain).
    #[test]
    fn a_scorer_under_other_weights_is_the_one_built_with_them() {
        let roster = crate::roster::generated(40, 120, 9);
        let mut rules = Rules::none(&roster);
        rules.bonus = 0.25;
        rules.junior_bonus = (0..roster.n_juniors()).map(|j| j % 3 == 0).collect();
        rules.senior_bonus = (0..roster.n_seniors).map(|s| s % 4 == 0).collect();
        let base = Scorer::with_rules(&roster, Weights::default(), rules.clone());
        for spec in [
            "learn=0",
            "teach=0.2,learn=0.9,interests=1.5,diversity=0",
            "diversity=2",
        ] {
            let weights = Weights::default().parse_over(spec).unwrap();
            let built = Scorer::with_rules(&roster, weights, rules.clone());
            let made = base.with_weights(weights);
            assert_eq!(made.places(), built.places());
            let every = |scorer: &Scorer| {
                let mut scratch = scorer.scratch();
                let mut pairs = Vec::new();
                for s in 0..scorer.n_seniors() {
                    scorer.for_each_allowed(s, &mut scratch, |j, counts, units| {
                        pairs.push((s, j, counts, units));
                    });
                }
                pairs
            };
            let pairs = every(&built);
            assert!(pairs.len() > 500, "the test needs many allowed pairs");
            assert_eq!(every(&made), pairs, "{spec}");
            let lists = |scorer: &Scorer| crate::candidates::candidates(scorer, 3).senior_best;
            assert_eq!(lists(&made), lists(&built), "{spec}");
        }
    }

    /// The fast enumeration and the one-pair evaluation agree exactly, in
    /// the copy this processor runs and in the plain copy (the one run
    /// where `popcnt` is missing), on a roster whose interests are counted
    /// from masks and on one with more interests than a mask has bits.
    #[test]
    fn for_each_allowed_matches_evaluate() {
        let small = parse("r.csv", ROSTER.as_bytes(), &ReadOptions::default()).unwrap();
        for (roster, interests) in [
            (small, None),
            (crate::roster::generated(30, 90, 4), Some(true)),
            (
                crate::roster::generated_with_many_interests(30, 90, 4),
                Some(false),
            ),
        ] {
            let scorer = Scorer::new(&roster, Weights::default());
            if let Some(exact) = interests {
                assert_eq!(scorer.interests_exact, exact);
                assert!(roster.seniors().iter().any(|p| !p.interests.is_empty()));
            }
            let mut scratch = scorer.scratch();
            for s in 0..scorer.n_seniors() {
                let expected: Vec<usize> = (0..scorer.n_juniors())
                    .filter(|&j| scorer.evaluate(s, j).1.is_none())
                    .collect();
                for plain in [false, true] {
                    let mut found = Vec::new();
                    let mut check = |j, counts, units| {
                        assert_eq!(counts, scorer.counts(s, j));
                        assert_eq!(units, scorer.units(s, j, &counts));
                        found.push(j);
                    };
                    let juniors = 0..scorer.n_juniors() as u32;
                    let visit = &mut Every(&mut check);
                    if plain {
                        scorer.for_each_allowed_among_body::<false, false>(
                            s,
                            juniors,
                            &mut scratch,
                            Pass::Count,
                            visit,
                        );
                    } else {
                        scorer.for_each_allowed_among(s, juniors, &mut scratch, Pass::Count, visit);
                    }
                    found.sort_unstable();
                    assert_eq!(found, expected, "senior {s}, plain copy {plain}");
                }
            }
        }
    }

    #[test]
    fn with_more_than_64_languages_a_shared_mask_bit_is_not_a_shared_language() {
        // 128 languages: every language's mask bit is also another's.
        let mut csv = String::from("id,role,skills,wants,languages\nS1,senior,,ai:3,L000\n");
        for k in 0..128 {
            csv.push_str(&format!("J{k},junior,ai:4,,L{k:03}\n"));
        }
        let roster = parse("r.csv", csv.as_bytes(), &ReadOptions::default()).unwrap();
        let scorer = Scorer::new(&roster, Weights::default());
        let mut found = Vec::new();
        scorer.for_each_allowed(0, &mut scorer.scratch(), |j, _, _| found.push(j));
        let speaks_l000 = (0..scorer.n_juniors())
            .find(|&j| roster.junior(j).id == "J0")
            .unwrap();
        assert_eq!(found, vec![speaks_l000]);
        for j in (0..scorer.n_juniors()).filter(|&j| j != speaks_l000) {
            assert_eq!(scorer.evaluate(0, j).1, Some(Rule::NoCommonLanguage));
        }
    }

    /// A topic's teachers among a range of juniors, found from the span
    /// looked up before (the tile before, another range, the first look),
    /// are those two binary searches find.
    #[test]
    fn teachers_within_a_range_are_found_from_any_earlier_span() {
        let mut draw = crate::test_rng::xorshift(0x2545_F491_4F6C_DD1D);
        let mut next = |n: u64| draw() % n;
        for case in 0..2000 {
            let len = next(40) as usize;
            let mut juniors: Vec<u32> = (0..len).map(|_| next(200) as u32).collect();
            juniors.sort_unstable();
            juniors.dedup();
            let teachers: Vec<(u32, u8)> = juniors.iter().map(|&j| (j, 3)).collect();
            let expect = |range: &std::ops::Range<u32>| {
                let from = teachers.partition_point(|t| t.0 < range.start);
                let to = teachers.partition_point(|t| t.0 < range.end);
                (range.clone(), from, to)
            };
            // Tiles in turn, then ranges at random.
            let tile = 1 + next(64) as u32;
            let mut last = (0..0, 0, 0);
            for start in (0..200).step_by(tile as usize) {
                let range = start..(start + tile).min(200);
                let got = teachers_within(&teachers, &last, range.clone());
                assert_eq!(got, expect(&range), "case {case}, tile {tile}");
                last = got;
            }
            for _ in 0..8 {
                let start = next(200) as u32;
                let range = start..start + next(80) as u32;
                let got = teachers_within(&teachers, &last, range.clone());
                assert_eq!(got, expect(&range), "case {case}, {range:?} after {last:?}");
                last = got;
            }
        }
    }
}
