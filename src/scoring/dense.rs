//! The pair loop's first look at a senior's juniors of a tile as arrays,
//! not lists: where a topic is taught by many juniors of a tile, each
//! junior's level in it sits in a row of bytes, so a senior's teach
//! numerators over the whole tile are a few additions of rows, and a coarse
//! bound on every pair is compared with what the caller wants pairs above
//! (the lists' floors in a candidate pass, the dual prices in a certificate
//! scan: [`CoarseFloors`]) in one loop the compiler runs several juniors at
//! a time. Only the juniors that bound keeps go on to the pair loop's exact
//! checks.
//!
//! At 100,000 x 200,000 a senior's goals are taught by about 490 juniors
//! of each tile of 4,096; adding their numerators one at a time into a
//! table and bounding each pair one at a time was most of the pass (it now
//! takes 7.0 s there instead of 10.4 s, and 7.8% of the touched pairs get
//! the exact checks).
//!
//! The juniors' goals have rows too (a byte per junior: priority and own
//! level, see [`want_code`]), so the look also adds up each pair's learn
//! numerator from the senior's skills and bounds the learn part exactly
//! instead of at its whole weight: at 100,000 x 200,000 the juniors the
//! look keeps fall from 178 M to 68 M, and the pass from 7.0 s to 6.2 s.
//!
//! The coarse bound is in units of `2^COARSE_SHIFT` solver units, each of
//! its parts rounded up and each floor rounded down, so it keeps every
//! pair the exact first bound keeps (see [`Coarse`]).
//!
//! Where the processor has AVX-512 and every part of the bound fits in 16
//! bits (weights up to about 8 points in all), the look runs thirty-two
//! juniors to a register instead of sixteen (`Coarse::mark_wide`): the
//! same juniors kept, 300,000 x 700,000 in 112.6 s instead of 120.9 s.

use std::ops::Range;
use std::sync::Arc;

use super::counts::gain;

/// Whether this processor runs the coarse look in 16 bits, thirty-two
/// juniors at a time (`Coarse::mark_wide`), in the copy of the pair loop
/// compiled for AVX-512.
pub fn runs_wide() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512bw")
            && std::arch::is_x86_feature_detected!("avx512vl")
            && std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("popcnt")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Whether this processor runs the coarse look ([`Scorer::for_each_allowed_among`]
/// takes it only in its copy compiled for AVX2).
///
/// [`Scorer::for_each_allowed_among`]: super::Scorer::for_each_allowed_among
pub fn runs_here() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        std::arch::is_x86_feature_detected!("avx2") && std::arch::is_x86_feature_detected!("popcnt")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

/// Coarse units are this many bits of solver units (about a millionth of
/// a point): a bound of any weights fits in 32 bits.
pub const COARSE_SHIFT: u32 = 20;

/// `units` in coarse units, rounded up: sums of these bound the sums of
/// the units they stand for.
pub fn coarse_up(units: i64) -> i64 {
    -((-units) >> COARSE_SHIFT)
}

/// A floor in coarse units, rounded down, within `±2^30`: a bound at or
/// above the floor is at or above this times `2^COARSE_SHIFT`. (A floor
/// below `-2^30` is raised to it: every coarse bound is above `-2^29`,
/// since its base is at least 0 and what it takes off at most
/// `MOST_BOUND`.)
pub fn coarse_floor(units: i64) -> i32 {
    (units >> COARSE_SHIFT).clamp(-(1 << 30), 1 << 30) as i32
}

/// The levels of the juniors who teach a topic, as rows of bytes per tile
/// of juniors, for the topics and tiles where they are many.
pub struct DenseLevels {
    /// Juniors per tile; a row's length.
    tile: usize,
    n_topics: usize,
    /// Per tile and topic (`tile * n_topics + topic`), its row's number
    /// plus one, or 0 where the topic has no row there.
    row_of: Vec<u32>,
    /// The rows, `tile` bytes each: a junior's level in the topic where
    /// it teaches it (with capacity left), 0 elsewhere.
    rows: Vec<u8>,
    /// The same for the juniors who want a topic: per tile and topic its
    /// row's number plus one, and rows of [`want_code`]s (0 where the
    /// junior does not want the topic).
    want_row_of: Vec<u32>,
    want_rows: Vec<u8>,
}

/// A junior's goal in a row of wants: its priority (1 to 5) above three
/// bits of the junior's own level in the topic (0 to 5); never 0. None
/// for numbers a row does not hold (a priority of 0 or above 31, a level
/// above 7).
pub fn want_code(priority: u8, own: u8) -> Option<u8> {
    ((1..=31).contains(&priority) && own <= 7).then_some(priority << 3 | own)
}

/// Rows of bytes per tile and topic where a topic's list (by junior, with
/// each junior's byte) has at least `least` entries in the tile: the
/// index (`tile * n_topics + topic` to row number plus one) and the rows.
fn rows_of(
    lists: &[Vec<(u32, u8)>],
    n_tiles: usize,
    tile: usize,
    least: usize,
) -> (Vec<u32>, Vec<u8>) {
    let n_topics = lists.len();
    let mut row_of = vec![0u32; n_tiles * n_topics];
    let mut rows = Vec::new();
    let mut n_rows = 0u32;
    for (topic, list) in lists.iter().enumerate() {
        let mut from = 0;
        while from < list.len() {
            let t = list[from].0 as usize / tile;
            let end = ((t + 1) * tile) as u32;
            let to = from + list[from..].partition_point(|e| e.0 < end);
            if to - from >= least.max(1) {
                n_rows += 1;
                row_of[t * n_topics + topic] = n_rows;
                let at = rows.len();
                rows.resize(at + tile, 0);
                for &(j, byte) in &list[from..to] {
                    rows[at + j as usize - t * tile] = byte;
                }
            }
            from = to;
        }
    }
    (row_of, rows)
}

/// Tiles times topics above this build no rows: the index alone would be
/// large, for rosters with a vocabulary of many thousands of topics.
const MOST_INDEX: usize = 1 << 24;

impl DenseLevels {
    /// Rows for each topic and tile of `tile` juniors where the topic has
    /// at least `least` teachers (`teachers[topic]`: juniors with capacity
    /// left who teach it, and their levels, by junior), and rows of wants
    /// where it has at least `least` juniors who want it (`wanters[topic]`:
    /// by junior, with their [`want_code`]s). None when no row of levels
    /// would be built.
    pub fn of(
        teachers: &[Vec<(u32, u8)>],
        wanters: &[Vec<(u32, u8)>],
        n_juniors: usize,
        tile: usize,
        least: usize,
    ) -> Option<DenseLevels> {
        let tile = tile.max(1);
        let n_tiles = n_juniors.div_ceil(tile);
        let n_topics = teachers.len();
        if n_tiles == 0
            || n_tiles.saturating_mul(n_topics) > MOST_INDEX
            || wanters.len() != n_topics
        {
            return None;
        }
        let (row_of, rows) = rows_of(teachers, n_tiles, tile, least);
        let (want_row_of, want_rows) = rows_of(wanters, n_tiles, tile, least);
        (!rows.is_empty()).then_some(DenseLevels {
            tile,
            n_topics,
            row_of,
            rows,
            want_row_of,
            want_rows,
        })
    }

    /// The row of `topic` over `juniors` (a tile of these rows), if any.
    #[inline]
    pub fn row(&self, juniors: &Range<u32>, topic: usize) -> Option<&[u8]> {
        self.row_in(&self.row_of, &self.rows, juniors, topic)
    }

    /// The row of wants of `topic` over `juniors`, if any.
    #[inline]
    pub fn want_row(&self, juniors: &Range<u32>, topic: usize) -> Option<&[u8]> {
        self.row_in(&self.want_row_of, &self.want_rows, juniors, topic)
    }

    #[inline]
    fn row_in<'a>(
        &self,
        row_of: &[u32],
        rows: &'a [u8],
        juniors: &Range<u32>,
        topic: usize,
    ) -> Option<&'a [u8]> {
        let start = juniors.start as usize;
        if !start.is_multiple_of(self.tile) || juniors.len() > self.tile || topic >= self.n_topics {
            return None;
        }
        let r = row_of
            .get((start / self.tile) * self.n_topics + topic)
            .copied()? as usize;
        (r > 0).then(|| &rows[(r - 1) * self.tile..(r - 1) * self.tile + juniors.len()])
    }
}

/// Adds, for each junior's [`want_code`] in `row`, what a senior at
/// `level` in the topic gives its learn numerator: `priority x gain(level,
/// own)`; or sets it to that where `first`.
#[inline(always)]
pub fn add_want_row(acc: &mut [u16], row: &[u8], level: u8, first: bool) {
    let gives = |code: u8| u16::from(level.saturating_sub(code & 7).min(4)) * u16::from(code >> 3);
    if first {
        for (a, &code) in acc.iter_mut().zip(row) {
            *a = gives(code);
        }
    } else {
        for (a, &code) in acc.iter_mut().zip(row) {
            *a += gives(code);
        }
    }
}

/// Sets each junior's teach numerator in `acc` to `priority x gain(level,
/// own)` for its level in `row` ([`add_row`] onto zeros, without writing
/// them first).
#[inline(always)]
pub fn set_row(acc: &mut [u16], row: &[u8], own: u8, priority: u16) {
    for (a, &level) in acc.iter_mut().zip(row) {
        *a = u16::from(level.saturating_sub(own).min(4)) * priority;
    }
}

/// Adds `priority x gain(level, own)` for each junior's level in `row` to
/// its teach numerator in `acc`.
#[inline(always)]
pub fn add_row(acc: &mut [u16], row: &[u8], own: u8, priority: u16) {
    for (a, &level) in acc.iter_mut().zip(row) {
        *a += u16::from(level.saturating_sub(own).min(4)) * priority;
    }
}

/// Adds the teachers of a sparse topic one by one.
#[inline(always)]
pub fn add_list(acc: &mut [u16], start: u32, list: &[(u32, u8)], own: u8, priority: u16) {
    for &(j, level) in list {
        acc[(j - start) as usize] += gain(level, own) as u16 * priority;
    }
}

/// What the coarse first look reads of each junior besides its levels,
/// by junior, under one scorer's weights.
pub struct JuniorCoarse {
    /// The junior's parts of the first bound besides teach and interests,
    /// in coarse units: learn at its weight (where the junior has goals),
    /// its bonus, and the whole diversity weight where it has attributes.
    pub rest: Vec<i32>,
    /// How much of `rest` is learn: what a senior with none of the
    /// junior's goals as a skill takes off.
    pub learn: Vec<i32>,
    /// The junior's goals' and interests' masks, folded (see `fold`; the
    /// interests' 0 where the roster has more interests than a mask
    /// holds).
    pub wants: Vec<u32>,
    pub interests: Vec<u32>,
    /// Per junior, its learn part per unit of learn numerator in units of
    /// `2^LEARN_SHIFT` solver units, rounded up, for the look's exact learn
    /// numerators (see [`Coarse::mark_kept`]); empty where they
    /// are not taken (no learn weight, or numbers beyond what it takes on).
    pub learn_unit: Vec<i32>,
    /// The same parts in 16 bits, where every junior's fit and the
    /// processor [`runs_wide`] (see [`JuniorNarrow`]).
    pub narrow: Option<JuniorNarrow>,
}

/// The most each part of a coarse bound may be for the look in 16 bits
/// ([`Coarse::mark_kept`]): a senior's base and teach part together, its
/// interests part, and each junior's rest. Sums and differences of such
/// parts stay within `-3 NARROW_MOST..=2 NARROW_MOST`, inside 16 bits, so
/// each floor can be taken to 16 bits saturating without changing which
/// bound reaches it. Coarse units are about a thousandth of a point:
/// every weighting up to about 8 points in all fits.
pub const NARROW_MOST: i32 = 8191;

/// [`JuniorCoarse`]'s parts in 16 bits, for the look that runs twice as
/// many juniors at a time: at 100,000 x 200,000 its row loop was the
/// hottest place of the candidate pass.
pub struct JuniorNarrow {
    pub rest: Vec<i16>,
    pub learn: Vec<i16>,
    /// Each junior's learn unit in `2^-learn_shift` coarse units, rounded
    /// up, where its product with any learn numerator of the junior's
    /// (plus the rounding) fits in 15 bits; empty where the look takes no
    /// exact learn numerators.
    pub learn_unit: Vec<i16>,
    pub learn_shift: u32,
}

impl JuniorNarrow {
    /// The parts of `rest` and `learn` (coarse units) and `learn_unit`
    /// ([`JuniorCoarse::learn_unit`], with `most[j]` each junior's largest
    /// learn numerator) in 16 bits; none where some part is beyond
    /// [`NARROW_MOST`] or no learn shift fits every junior.
    pub fn of(rest: &[i32], learn: &[i32], learn_unit: &[i32], most: &[u32]) -> Option<Self> {
        if rest
            .iter()
            .chain(learn)
            .any(|&x| !(0..=NARROW_MOST).contains(&x))
        {
            return None;
        }
        // The finest shift at which every junior's unit, rounded up, times
        // its largest numerator, plus the rounding, fits in 15 bits.
        let unit_at = |fine: i32, shift: u32| -((-(i64::from(fine) << shift)) >> LEARN_SHIFT);
        let fits = |shift: u32| {
            learn_unit.iter().zip(most).all(|(&fine, &most)| {
                fine >= 0
                    && unit_at(fine, shift).saturating_mul(i64::from(most)) + (1 << shift)
                        <= i64::from(i16::MAX)
            })
        };
        let learn_shift = if learn_unit.is_empty() {
            0
        } else {
            (0..=LEARN_SHIFT).rev().find(|&shift| fits(shift))?
        };
        Some(JuniorNarrow {
            rest: rest.iter().map(|&x| x as i16).collect(),
            learn: learn.iter().map(|&x| x as i16).collect(),
            learn_unit: learn_unit
                .iter()
                .map(|&fine| unit_at(fine, learn_shift) as i16)
                .collect(),
            learn_shift,
        })
    }
}

/// The learn part per unit of learn numerator is in units of this many
/// bits of solver units (about a millionth of a point, a thousandth of a
/// coarse unit), so that it times a numerator fits in 32 bits.
pub const LEARN_SHIFT: u32 = 10;

/// The most a junior's learn unit (in `2^LEARN_SHIFT` solver units) times
/// its most learn numerator may be, for [`JuniorCoarse::learn_unit`].
pub const MOST_LEARN: i64 = 1 << 30;

impl JuniorCoarse {
    /// The part of these arrays over the tile `juniors`, with the juniors'
    /// coarse floors (by junior, over all juniors: see [`Coarse`]).
    #[inline]
    pub fn tile<'a>(&'a self, juniors: &Range<u32>, floors: &CoarseFloors<'a>) -> Tile<'a> {
        let range = juniors.start as usize..juniors.end as usize;
        Tile {
            floors: &floors.juniors[range.clone()],
            chord: floors
                .chord
                .map_or(&[][..], |chord| &chord.juniors[range.clone()]),
            rest: &self.rest[range.clone()],
            learn: &self.learn[range.clone()],
            wants: &self.wants[range.clone()],
            interests: &self.interests[range.clone()],
            learn_unit: self.learn_unit.get(range.clone()).unwrap_or(&[]),
            narrow: self.narrow.as_ref().map(|narrow| NarrowTile {
                rest: &narrow.rest[range.clone()],
                learn: &narrow.learn[range.clone()],
                learn_unit: narrow.learn_unit.get(range).unwrap_or(&[]),
                learn_shift: narrow.learn_shift,
            }),
        }
    }
}

/// [`JuniorNarrow`] over one tile.
pub struct NarrowTile<'a> {
    rest: &'a [i16],
    learn: &'a [i16],
    learn_unit: &'a [i16],
    learn_shift: u32,
}

/// [`JuniorCoarse`] and the juniors' floors over one tile.
pub struct Tile<'a> {
    floors: &'a [i32],
    /// The juniors' [`CoarseChord`] floors and slopes (empty without).
    chord: &'a [[i32; 4]],
    rest: &'a [i32],
    learn: &'a [i32],
    wants: &'a [u32],
    interests: &'a [u32],
    /// Empty where the look takes no exact learn numerators.
    learn_unit: &'a [i32],
    narrow: Option<NarrowTile<'a>>,
}

impl Tile<'_> {
    /// Whether [`Coarse::mark_kept`] can take learn numerators on this tile.
    pub fn learns(&self) -> bool {
        !self.learn_unit.is_empty()
    }

    /// Whether the junior at `i` has a goal among `sparse` (a folded
    /// mask): its learn numerator from rows is then not whole.
    #[inline]
    pub fn wants_any(&self, i: usize, sparse: u32) -> bool {
        self.wants[i] & sparse != 0
    }
}

/// The largest coarse base plus teach part, and the largest interests
/// part, the coarse look takes on (`2^28`, thousands of times any score
/// of the largest weights): with a junior's `rest` and `learn` (at most as
/// much) and a floor (within `±2^30`), every sum stays inside 32 bits.
pub const MOST_BOUND: i64 = 1 << 28;

/// What a caller of the pair loop wants pairs above, for the coarse look
/// ([`super::Visit::coarse_floors`]): a pair whose bound reaches neither
/// `senior` nor `offset + t_j` is not wanted, where `juniors[j]` is at most
/// [`coarse_floor`]`(t_j)` less the junior's [`JuniorCoarse::rest`] (a list's
/// floor and no offset for the candidate pass; a junior's price plus one
/// and the senior's share of the dual constraint for a certificate scan).
pub struct CoarseFloors<'a> {
    pub senior: i64,
    pub offset: i64,
    pub juniors: &'a [i32],
    /// A second floor on each side that takes off part of a pair's learn
    /// part first, where the caller keeps one (see [`CoarseChord`]).
    pub chord: Option<CoarseChord<'a>>,
}

/// Floors that a pair's bound less part of its learn (or teach) part
/// must reach, on top of [`CoarseFloors`]'s: a pair with bound `b` and
/// learn part `l` is wanted on the senior's side only if
/// `b - (q l) / 2^15 >= senior` for one of its two lines `(senior[k],
/// senior_q[k])`, with `l` at most `most`, and likewise on a junior's side
/// with its `[floor, q, floor, q]` from `juniors` (each floor less the
/// junior's coarse rest, as [`CoarseFloors::juniors`]). All in coarse
/// units, rounded so that the check keeps at least what the caller's own
/// would.
#[derive(Clone, Copy)]
pub struct CoarseChord<'a> {
    pub senior: [i32; 2],
    pub senior_q: [i32; 2],
    pub most: i32,
    pub juniors: &'a [[i32; 4]],
    /// Whether `l` is the teach part, not the learn part.
    pub teach: bool,
}

/// The scale of [`CoarseChord`]'s slopes: `q` stands for `q / 2^15`.
pub const CHORD_SHIFT: u32 = 15;

impl<'a> CoarseFloors<'a> {
    /// Floors of a certificate scan: a pair is wanted only when its bound
    /// reaches `offset` plus the junior's threshold (never by the senior's
    /// side alone).
    pub fn above(offset: i64, juniors: &'a [i32]) -> CoarseFloors<'a> {
        CoarseFloors {
            senior: i64::MAX,
            offset,
            juniors,
            chord: None,
        }
    }
}

/// What the coarse look needs beside a caller's floors: the rows of
/// levels and what it reads of each junior ([`super::Scorer::coarse_look`]).
pub type CoarseLook = (Arc<DenseLevels>, Arc<JuniorCoarse>);

/// One senior's side of the coarse bound, in coarse units: a pair's bound
/// is `base + teach_unit x teach + rest[j]`, less `interest` where their
/// interests' masks do not meet and less `learn[j]` where the senior has
/// none of the junior's goals as a skill. Each part is rounded up, so the
/// bound is at least the pair's first bound in solver units over
/// `2^COARSE_SHIFT`; a pair is kept when it reaches `senior` or, less
/// `shift` and the junior's `rest`, `floors[j]` (see [`CoarseFloors`]:
/// both rounded down; `floor((a + b) / d)` is at least `floor(a / d) +
/// floor(b / d)`).
#[derive(Clone, Copy)]
pub struct Coarse {
    pub base: i32,
    pub teach_unit: i32,
    pub interest: i32,
    /// The senior's skills' and interests' masks, [`fold`]ed.
    pub skills: u32,
    pub interests: u32,
    /// [`CoarseFloors::senior`] and [`CoarseFloors::offset`], coarse.
    pub senior: i32,
    pub shift: i32,
    /// The senior's [`CoarseChord`] floors and slopes, and the most learn
    /// (or teach) part it takes (all 0 without a chord).
    pub chord_senior: [i32; 2],
    pub chord_q: [i32; 2],
    pub chord_most: i32,
    /// Which chord there is, if any: [`NO_CHORD`], [`LEARN_CHORD`] or
    /// [`TEACH_CHORD`].
    pub chord: u8,
    /// For a teach chord, the teach unit in `2^-LEARN_SHIFT` coarse units,
    /// rounded down: the teach part it takes off is at most the bound's.
    pub chord_teach_unit: i32,
    /// The senior's side in 16 bits, where each part is within
    /// [`NARROW_MOST`] and there is no chord.
    pub narrow: Option<CoarseNarrow>,
}

/// [`Coarse`]'s parts in 16 bits: `base + teach_unit x teach` and
/// `interest` within [`NARROW_MOST`], `shift` within it either way, and
/// `senior` taken to 16 bits saturating.
#[derive(Clone, Copy)]
pub struct CoarseNarrow {
    base: i16,
    teach_unit: i16,
    interest: i16,
    senior: i16,
    shift: i16,
}

/// [`Coarse::chord`]: none.
pub const NO_CHORD: u8 = 0;
/// [`Coarse::chord`]: a chord over the learn part.
pub const LEARN_CHORD: u8 = 1;
/// [`Coarse::chord`]: a chord over the teach part.
pub const TEACH_CHORD: u8 = 2;

impl Coarse {
    /// The coarse bound of one senior's pairs against `floors`, with the
    /// senior's parts of the bound in solver units: `rest` (everything but
    /// teach and interests, plus the slack the first bound adds),
    /// `interests_most` (the interests part at most) and `teach_unit`
    /// (per unit of teach numerator, up to `teach_of`); the interests part
    /// is taken off where the masks share nothing only where they are
    /// `exact_interests`. None where a part is beyond what the look takes
    /// on (see [`MOST_BOUND`]).
    #[allow(clippy::too_many_arguments)]
    pub fn of(
        rest: i64,
        interests_most: i64,
        exact_interests: bool,
        teach_unit: i64,
        teach_of: u32,
        skills: u64,
        interests: u64,
        floors: &CoarseFloors,
    ) -> Option<Coarse> {
        let interest = if exact_interests {
            coarse_up(interests_most)
        } else {
            0
        };
        let base = coarse_up(rest + interests_most) + 1;
        let unit = coarse_up(teach_unit);
        let shift = floors.offset >> COARSE_SHIFT;
        let fits = |x: i64| (-MOST_BOUND..=MOST_BOUND).contains(&x);
        // A teach chord's unit, where its products with every teach
        // numerator fit in 32 bits (otherwise the look goes without it,
        // which keeps more).
        let teach_fine = teach_unit >> (COARSE_SHIFT - LEARN_SHIFT);
        let chord = match floors.chord {
            None => NO_CHORD,
            Some(c) if !c.teach => LEARN_CHORD,
            Some(_) if teach_fine * i64::from(teach_of) < 1 << 30 => TEACH_CHORD,
            Some(_) => NO_CHORD,
        };
        let most = i64::from(NARROW_MOST);
        let narrow = (chord == NO_CHORD
            && unit >= 0
            && base + unit * i64::from(teach_of) <= most
            && (0..=most).contains(&interest)
            && (-most..=most).contains(&shift))
        .then(|| CoarseNarrow {
            base: base as i16,
            teach_unit: unit as i16,
            interest: interest as i16,
            senior: narrow_floor(coarse_floor(floors.senior)),
            shift: shift as i16,
        });
        (base >= 0 && fits(base + unit * i64::from(teach_of)) && fits(interest) && fits(shift))
            .then(|| Coarse {
                base: base as i32,
                teach_unit: unit as i32,
                interest: interest as i32,
                skills: fold(skills),
                interests: fold(interests),
                senior: coarse_floor(floors.senior),
                shift: shift as i32,
                chord_senior: floors.chord.map_or([0; 2], |c| c.senior),
                chord_q: floors.chord.map_or([0; 2], |c| c.senior_q),
                chord_most: floors.chord.map_or(0, |c| c.most),
                chord,
                chord_teach_unit: if chord == TEACH_CHORD {
                    teach_fine as i32
                } else {
                    0
                },
                narrow,
            })
    }
}

impl Coarse {
    /// Marks in `keep` (a byte per junior of the tile, then zeros to a
    /// multiple of 8) each junior with a teach numerator (`acc`) whose
    /// coarse bound could enter a list, and returns how many have a teach
    /// numerator. The loop has no branch, so the compiler runs it eight
    /// juniors at a time.
    ///
    /// With `learning`, the learn numerators of the tile's juniors (from
    /// the rows of wants of the senior's skills) and `sparse` (the folded
    /// mask of the senior's skills with no row in the tile): a junior with
    /// no goal among `sparse` has a whole numerator, and its learn part is
    /// its learn unit times it, rounded up, instead of its whole learn
    /// weight. Without, the learn part is taken off only where the
    /// senior's skills and the junior's goals do not meet.
    ///
    /// With `WIDE` (only in a copy of the caller compiled for AVX-512,
    /// where the processor has it), and where every part fits, the look
    /// runs in 16 bits, thirty-two juniors at a time (see
    /// [`CoarseNarrow`], `Coarse::mark_wide`). (The same loop in plain
    /// Rust, compiled for AVX2, took 4% longer than the one in 32 bits.)
    #[inline(always)]
    pub fn mark_kept<const WIDE: bool>(
        &self,
        acc: &[u16],
        learning: Option<(&[u16], u32)>,
        tile: &Tile,
        keep: &mut Vec<u8>,
    ) -> u64 {
        let (learn, sparse) = learning.unwrap_or((&[], 0));
        #[cfg(target_arch = "x86_64")]
        if let (true, Some(narrow), Some(narrow_tile)) = (WIDE, self.narrow, tile.narrow.as_ref()) {
            if learning.is_none() || !narrow_tile.learn_unit.is_empty() {
                let n = acc.len();
                ready(keep, n, n.next_multiple_of(8));
                // SAFETY: `WIDE` is set only by the caller's copy compiled
                // for AVX-512, which runs only where `runs_wide`: the
                // processor has AVX-512 F, BW and VL and `popcnt`.
                return unsafe {
                    match learning {
                        Some(_) => self.mark_wide::<true>(narrow, acc, learn, sparse, tile, keep),
                        None => self.mark_wide::<false>(narrow, acc, learn, sparse, tile, keep),
                    }
                };
            }
        }
        match (learning.is_some(), self.chord) {
            (true, LEARN_CHORD) => self.mark::<true, LEARN_CHORD>(acc, learn, sparse, tile, keep),
            (true, TEACH_CHORD) => self.mark::<true, TEACH_CHORD>(acc, learn, sparse, tile, keep),
            (true, _) => self.mark::<true, NO_CHORD>(acc, learn, sparse, tile, keep),
            (false, LEARN_CHORD) => self.mark::<false, LEARN_CHORD>(acc, learn, sparse, tile, keep),
            (false, TEACH_CHORD) => self.mark::<false, TEACH_CHORD>(acc, learn, sparse, tile, keep),
            (false, _) => self.mark::<false, NO_CHORD>(acc, learn, sparse, tile, keep),
        }
    }

    /// [`Coarse::mark_kept`], with learn numerators where `LEARN` and the
    /// floors of [`CoarseChord`] too, over the learn or the teach part,
    /// where `CHORD` says so.
    #[inline(always)]
    fn mark<const LEARN: bool, const CHORD: u8>(
        &self,
        acc: &[u16],
        learn: &[u16],
        sparse: u32,
        tile: &Tile,
        keep: &mut Vec<u8>,
    ) -> u64 {
        let n = acc.len();
        let padded = n.next_multiple_of(8);
        ready(keep, n, padded);
        let (floors, rest, learn_all) = (&tile.floors[..n], &tile.rest[..n], &tile.learn[..n]);
        let (wants, interests) = (&tile.wants[..n], &tile.interests[..n]);
        let (learn, learn_unit) = if LEARN {
            (&learn[..n], &tile.learn_unit[..n])
        } else {
            (&[][..], &[][..])
        };
        let keep = &mut keep[..n];
        let chord = if CHORD != NO_CHORD {
            &tile.chord[..n]
        } else {
            &[][..]
        };
        let Coarse {
            base,
            teach_unit,
            interest,
            skills,
            interests: senior_interests,
            senior,
            shift,
            chord_senior,
            chord_q,
            chord_most,
            chord_teach_unit,
            ..
        } = *self;
        const ROUND: i32 = (1 << (COARSE_SHIFT - LEARN_SHIFT)) - 1;
        let mut touched = 0u32;
        for i in 0..n {
            let a = acc[i];
            let apart = if senior_interests & interests[i] == 0 {
                interest
            } else {
                0
            };
            let x = base + teach_unit * i32::from(a) - apart;
            let off = if LEARN {
                // Where the junior has no goal among `sparse`, its learn
                // numerator is whole (0 where it wants none of the
                // senior's skills, as the masks would tell); otherwise
                // some goal of its is among the senior's skills, and
                // nothing is taken off.
                let exact =
                    (learn_unit[i] * i32::from(learn[i]) + ROUND) >> (COARSE_SHIFT - LEARN_SHIFT);
                if wants[i] & sparse == 0 {
                    (learn_all[i] - exact).max(0)
                } else {
                    0
                }
            } else if skills & wants[i] == 0 {
                learn_all[i]
            } else {
                0
            };
            let senior_side = x + rest[i] - off >= senior;
            let junior_side = x - shift >= floors[i] + off;
            let wanted = if CHORD != NO_CHORD {
                // Each side's floor, then its chord, less its share of the
                // learn (or teach) part the bound holds, at most the
                // chord's: the teach part with its unit rounded down.
                let l = if CHORD == TEACH_CHORD {
                    (chord_teach_unit * i32::from(a)) >> LEARN_SHIFT
                } else {
                    learn_all[i] - off
                }
                .min(chord_most);
                let [f1, q1, f2, q2] = chord[i];
                let (xs, xj) = (x + rest[i] - off, x - shift);
                let senior_chord = (xs - ((chord_q[0] * l) >> CHORD_SHIFT) >= chord_senior[0])
                    | (xs - ((chord_q[1] * l) >> CHORD_SHIFT) >= chord_senior[1]);
                let junior_chord = (xj - ((q1 * l) >> CHORD_SHIFT) >= f1 + off)
                    | (xj - ((q2 * l) >> CHORD_SHIFT) >= f2 + off);
                (senior_side & senior_chord) | (junior_side & junior_chord)
            } else {
                senior_side | junior_side
            };
            keep[i] = u8::from((a != 0) & wanted);
            touched += u32::from(a != 0);
        }
        u64::from(touched)
    }
}

#[cfg(test)]
impl Coarse {
    /// What [`Coarse::senior_bounds`] gives the junior at `i`, one junior
    /// at a time: the senior side of `Coarse::mark_narrow`.
    fn senior_bound_narrow(
        &self,
        narrow: CoarseNarrow,
        a: u16,
        learn: Option<(u16, u32)>,
        tile: &Tile,
        i: usize,
    ) -> i16 {
        if a == 0 {
            return i16::MIN;
        }
        let narrow_tile = tile.narrow.as_ref().expect("a narrow tile");
        let apart = if self.interests & tile.interests[i] == 0 {
            narrow.interest
        } else {
            0
        };
        let x = narrow.base + narrow.teach_unit.wrapping_mul(a as i16) - apart;
        let round: i16 = (1 << narrow_tile.learn_shift) - 1;
        let off = match learn {
            Some((learn, sparse)) => {
                let exact = (narrow_tile.learn_unit[i].wrapping_mul(learn as i16) + round)
                    >> narrow_tile.learn_shift;
                if tile.wants[i] & sparse == 0 {
                    (narrow_tile.learn[i] - exact).max(0)
                } else {
                    0
                }
            }
            None if self.skills & tile.wants[i] == 0 => narrow_tile.learn[i],
            None => 0,
        };
        x + narrow_tile.rest[i] - off
    }

    /// [`Coarse::mark_kept`] without a chord, in 16 bits: the same bound
    /// and floors, each part within [`NARROW_MOST`] (see
    /// [`CoarseNarrow`], [`JuniorNarrow`]), so no sum leaves 16 bits and
    /// a floor taken to 16 bits saturating keeps the same juniors. The
    /// exact learn part may come out a little larger (its unit rounded up
    /// more coarsely), which only keeps more.
    #[inline(always)]
    fn mark_narrow<const LEARN: bool>(
        &self,
        narrow: CoarseNarrow,
        acc: &[u16],
        learn: &[u16],
        sparse: u32,
        tile: &Tile,
        keep: &mut Vec<u8>,
    ) -> u64 {
        let n = acc.len();
        let padded = n.next_multiple_of(8);
        ready(keep, n, padded);
        let narrow_tile = tile.narrow.as_ref().expect("a narrow tile");
        let floors = &tile.floors[..n];
        let (rest, learn_all) = (&narrow_tile.rest[..n], &narrow_tile.learn[..n]);
        let (wants, interests) = (&tile.wants[..n], &tile.interests[..n]);
        let (learn, learn_unit) = if LEARN {
            (&learn[..n], &narrow_tile.learn_unit[..n])
        } else {
            (&[][..], &[][..])
        };
        let keep = &mut keep[..n];
        let CoarseNarrow {
            base,
            teach_unit,
            interest,
            senior,
            shift,
        } = narrow;
        let (skills, senior_interests) = (self.skills, self.interests);
        let learn_shift = narrow_tile.learn_shift;
        let round: i16 = (1 << learn_shift) - 1;
        let mut touched = 0u32;
        for i in 0..n {
            let a = acc[i];
            let apart = if senior_interests & interests[i] == 0 {
                interest
            } else {
                0
            };
            // Within 0..=NARROW_MOST less the interests part: `teach_unit
            // x a` is at most the senior's teach part (where the unit is
            // 0, `a` may be anything and the product is 0).
            let x = base + teach_unit.wrapping_mul(a as i16) - apart;
            let off = if LEARN {
                // As in `mark`; the learn numerator is at most the
                // junior's largest, so the product fits.
                let exact = (learn_unit[i].wrapping_mul(learn[i] as i16) + round) >> learn_shift;
                if wants[i] & sparse == 0 {
                    (learn_all[i] - exact).max(0)
                } else {
                    0
                }
            } else if skills & wants[i] == 0 {
                learn_all[i]
            } else {
                0
            };
            let floor = narrow_floor(floors[i]);
            let senior_side = x + rest[i] - off >= senior;
            let junior_side = x - off - shift >= floor;
            keep[i] = u8::from((a != 0) & (senior_side | junior_side));
            touched += u32::from(a != 0);
        }
        u64::from(touched)
    }
}

impl Coarse {
    /// The 16-bit loop of the tests (`Coarse::mark_narrow`) written out
    /// for AVX-512, thirty-two juniors
    /// to a register (the compiler ran it sixteen at a time, at the width
    /// of the 32-bit masks and floors). The same operations on the same
    /// 16-bit numbers: it marks the same juniors. `keep` is at least
    /// `acc.len()` long.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw,avx512vl,popcnt")]
    fn mark_wide<const LEARN: bool>(
        &self,
        narrow: CoarseNarrow,
        acc: &[u16],
        learn: &[u16],
        sparse: u32,
        tile: &Tile,
        keep: &mut [u8],
    ) -> u64 {
        use std::arch::x86_64::*;
        let n = acc.len();
        let narrow_tile = tile.narrow.as_ref().expect("a narrow tile");
        let (floors, wants, interests) =
            (&tile.floors[..n], &tile.wants[..n], &tile.interests[..n]);
        let (rest, learn_all) = (&narrow_tile.rest[..n], &narrow_tile.learn[..n]);
        let (learn, learn_unit) = if LEARN {
            (&learn[..n], &narrow_tile.learn_unit[..n])
        } else {
            (&[][..], &[][..])
        };
        let keep = &mut keep[..n];
        let base = _mm512_set1_epi16(narrow.base);
        let teach_unit = _mm512_set1_epi16(narrow.teach_unit);
        let interest = _mm512_set1_epi16(narrow.interest);
        let senior = _mm512_set1_epi16(narrow.senior);
        let shift = _mm512_set1_epi16(narrow.shift);
        let round = _mm512_set1_epi16((1 << narrow_tile.learn_shift) - 1);
        let learn_shift = _mm_cvtsi32_si128(narrow_tile.learn_shift as i32);
        let senior_interests = _mm512_set1_epi32(self.interests as i32);
        // Where LEARN, a junior's learn part comes off where it has no
        // goal among `sparse`; otherwise where it has none among the skills.
        let learn_mask = _mm512_set1_epi32(if LEARN { sparse } else { self.skills } as i32);
        let one = _mm256_set1_epi8(1);
        let mut touched = 0u32;
        let mut i = 0;
        while i < n {
            let left = n - i;
            let lanes: __mmask32 = if left >= 32 { !0 } else { (1 << left) - 1 };
            let (low, high) = (lanes as __mmask16, (lanes >> 16) as __mmask16);
            // SAFETY: every load and store is masked to the lanes below
            // `n`, and each slice is `n` long; the addresses of lanes
            // past the end are formed without `add`'s promise and never
            // read or written.
            unsafe {
                let at16 = |x: &[i16]| x.as_ptr().wrapping_add(i);
                let at32 = |x: *const i32, half: usize| x.wrapping_add(i + 16 * half);
                // Which lanes' masks in `x` share nothing with `mask`.
                let apart = |x: &[u32], mask: __m512i| -> __mmask32 {
                    let x = x.as_ptr().cast::<i32>();
                    let low = _mm512_maskz_loadu_epi32(low, at32(x, 0));
                    let high = _mm512_maskz_loadu_epi32(high, at32(x, 1));
                    u32::from(_mm512_testn_epi32_mask(low, mask))
                        | u32::from(_mm512_testn_epi32_mask(high, mask)) << 16
                };
                let a = _mm512_maskz_loadu_epi16(lanes, acc.as_ptr().wrapping_add(i).cast());
                let teach = _mm512_add_epi16(base, _mm512_mullo_epi16(teach_unit, a));
                let x = _mm512_mask_sub_epi16(
                    teach,
                    apart(interests, senior_interests),
                    teach,
                    interest,
                );
                let all = _mm512_maskz_loadu_epi16(lanes, at16(learn_all));
                let off = if LEARN {
                    let numerator =
                        _mm512_maskz_loadu_epi16(lanes, learn.as_ptr().wrapping_add(i).cast());
                    let unit = _mm512_maskz_loadu_epi16(lanes, at16(learn_unit));
                    let exact = _mm512_sra_epi16(
                        _mm512_add_epi16(_mm512_mullo_epi16(unit, numerator), round),
                        learn_shift,
                    );
                    let whole = apart(wants, learn_mask);
                    _mm512_maskz_max_epi16(
                        whole,
                        _mm512_sub_epi16(all, exact),
                        _mm512_setzero_si512(),
                    )
                } else {
                    _mm512_maskz_mov_epi16(apart(wants, learn_mask), all)
                };
                let floor = _mm512_inserti64x4::<1>(
                    _mm512_castsi256_si512(_mm512_cvtsepi32_epi16(_mm512_maskz_loadu_epi32(
                        low,
                        at32(floors.as_ptr(), 0),
                    ))),
                    _mm512_cvtsepi32_epi16(_mm512_maskz_loadu_epi32(
                        high,
                        at32(floors.as_ptr(), 1),
                    )),
                );
                let rest = _mm512_maskz_loadu_epi16(lanes, at16(rest));
                let senior_side = _mm512_cmpge_epi16_mask(
                    _mm512_sub_epi16(_mm512_add_epi16(x, rest), off),
                    senior,
                );
                let junior_side = _mm512_cmpge_epi16_mask(
                    _mm512_sub_epi16(_mm512_sub_epi16(x, off), shift),
                    floor,
                );
                let teaching = _mm512_test_epi16_mask(a, a);
                let marked = _mm256_maskz_mov_epi8(teaching & (senior_side | junior_side), one);
                _mm256_mask_storeu_epi8(keep.as_mut_ptr().wrapping_add(i).cast(), lanes, marked);
                touched += teaching.count_ones();
            }
            i += 32;
        }
        u64::from(touched)
    }
}

impl Coarse {
    /// Whether [`Coarse::senior_bounds`] runs over `tile`: only in the copy
    /// of the pair loop compiled for AVX-512 (`WIDE`), where the look runs
    /// in 16 bits (in 32 bits, the loop cost more than it saved: 1.09 of
    /// the time at 30,000 x 60,000).
    #[inline(always)]
    pub fn bounds_wide<const WIDE: bool>(&self, tile: &Tile, learning: bool) -> bool {
        WIDE && self.narrow.is_some()
            && tile
                .narrow
                .as_ref()
                .is_some_and(|narrow| !learning || !narrow.learn_unit.is_empty())
    }

    /// The senior's side of each junior's coarse bound in 16 bits: what
    /// [`Coarse::mark_kept`] compares with the senior's floor, from the
    /// same numerators (`acc`, and `learning` as there), written to
    /// `bounds` (widened) for each junior with a teach numerator, and
    /// `i32::MIN` for the others (no bound is that low); `keep` marks the
    /// former, as `mark_kept` would under the lowest floors. Returns how
    /// many.
    ///
    /// Only where [`Coarse::bounds_wide`].
    #[inline(always)]
    pub fn senior_bounds<const WIDE: bool>(
        &self,
        acc: &[u16],
        learning: Option<(&[u16], u32)>,
        tile: &Tile,
        bounds: &mut Vec<i32>,
        keep: &mut Vec<u8>,
    ) -> u64 {
        assert!(
            self.bounds_wide::<WIDE>(tile, learning.is_some()),
            "bounds in 16 bits"
        );
        let n = acc.len();
        ready(keep, n, n.next_multiple_of(8));
        bounds.resize(n, 0);
        let (learn, sparse) = learning.unwrap_or((&[], 0));
        #[cfg(target_arch = "x86_64")]
        // SAFETY: `bounds_wide` holds only with `WIDE`, which only the
        // caller's copy compiled for AVX-512 sets, and that copy runs only
        // where `runs_wide`: the processor has AVX-512 F, BW and VL and
        // `popcnt`.
        unsafe {
            let narrow = self.narrow.expect("bounds_wide");
            match learning {
                Some(_) => {
                    self.bounds_wide_loop::<true>(narrow, acc, learn, sparse, tile, bounds, keep)
                }
                None => self.bounds_wide_loop::<false>(narrow, acc, learn, 0, tile, bounds, keep),
            }
        }
        #[cfg(not(target_arch = "x86_64"))]
        unreachable!("no bounds in 16 bits without AVX-512")
    }

    /// The loop of [`Coarse::senior_bounds`]: `Coarse::mark_wide`'s, up to
    /// its senior side.
    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx512f,avx512bw,avx512vl,popcnt")]
    #[allow(clippy::too_many_arguments)]
    fn bounds_wide_loop<const LEARN: bool>(
        &self,
        narrow: CoarseNarrow,
        acc: &[u16],
        learn: &[u16],
        sparse: u32,
        tile: &Tile,
        bounds: &mut [i32],
        keep: &mut [u8],
    ) -> u64 {
        use std::arch::x86_64::*;
        let n = acc.len();
        let narrow_tile = tile.narrow.as_ref().expect("a narrow tile");
        let (wants, interests) = (&tile.wants[..n], &tile.interests[..n]);
        let (rest, learn_all) = (&narrow_tile.rest[..n], &narrow_tile.learn[..n]);
        let (learn, learn_unit) = if LEARN {
            (&learn[..n], &narrow_tile.learn_unit[..n])
        } else {
            (&[][..], &[][..])
        };
        let (bounds, keep) = (&mut bounds[..n], &mut keep[..n]);
        let base = _mm512_set1_epi16(narrow.base);
        let teach_unit = _mm512_set1_epi16(narrow.teach_unit);
        let interest = _mm512_set1_epi16(narrow.interest);
        let round = _mm512_set1_epi16((1 << narrow_tile.learn_shift) - 1);
        let learn_shift = _mm_cvtsi32_si128(narrow_tile.learn_shift as i32);
        let senior_interests = _mm512_set1_epi32(self.interests as i32);
        let learn_mask = _mm512_set1_epi32(if LEARN { sparse } else { self.skills } as i32);
        let none = _mm512_set1_epi16(i16::MIN);
        let (narrow_none, all_none) = (
            _mm512_set1_epi32(i32::from(i16::MIN)),
            _mm512_set1_epi32(i32::MIN),
        );
        let one = _mm256_set1_epi8(1);
        let mut teaching_all = 0u32;
        let mut i = 0;
        while i < n {
            let left = n - i;
            let lanes: __mmask32 = if left >= 32 { !0 } else { (1 << left) - 1 };
            let (low, high) = (lanes as __mmask16, (lanes >> 16) as __mmask16);
            // SAFETY: as in `mark_wide`: every load and store is masked to
            // the lanes below `n`, and each slice is `n` long.
            unsafe {
                let at16 = |x: &[i16]| x.as_ptr().wrapping_add(i);
                let at32 = |x: *const i32, half: usize| x.wrapping_add(i + 16 * half);
                let apart = |x: &[u32], mask: __m512i| -> __mmask32 {
                    let x = x.as_ptr().cast::<i32>();
                    let low = _mm512_maskz_loadu_epi32(low, at32(x, 0));
                    let high = _mm512_maskz_loadu_epi32(high, at32(x, 1));
                    u32::from(_mm512_testn_epi32_mask(low, mask))
                        | u32::from(_mm512_testn_epi32_mask(high, mask)) << 16
                };
                let a = _mm512_maskz_loadu_epi16(lanes, acc.as_ptr().wrapping_add(i).cast());
                let teach = _mm512_add_epi16(base, _mm512_mullo_epi16(teach_unit, a));
                let x = _mm512_mask_sub_epi16(
                    teach,
                    apart(interests, senior_interests),
                    teach,
                    interest,
                );
                let all = _mm512_maskz_loadu_epi16(lanes, at16(learn_all));
                let off = if LEARN {
                    let numerator =
                        _mm512_maskz_loadu_epi16(lanes, learn.as_ptr().wrapping_add(i).cast());
                    let unit = _mm512_maskz_loadu_epi16(lanes, at16(learn_unit));
                    let exact = _mm512_sra_epi16(
                        _mm512_add_epi16(_mm512_mullo_epi16(unit, numerator), round),
                        learn_shift,
                    );
                    let whole = apart(wants, learn_mask);
                    _mm512_maskz_max_epi16(
                        whole,
                        _mm512_sub_epi16(all, exact),
                        _mm512_setzero_si512(),
                    )
                } else {
                    _mm512_maskz_mov_epi16(apart(wants, learn_mask), all)
                };
                let rest = _mm512_maskz_loadu_epi16(lanes, at16(rest));
                let bound = _mm512_sub_epi16(_mm512_add_epi16(x, rest), off);
                let teaching = _mm512_test_epi16_mask(a, a);
                let bound = _mm512_mask_mov_epi16(none, teaching, bound);
                // Widened to 32 bits, i16::MIN to i32::MIN.
                let widen = |half: __m256i| {
                    let wide = _mm512_cvtepi16_epi32(half);
                    _mm512_mask_mov_epi32(
                        wide,
                        _mm512_cmpeq_epi32_mask(wide, narrow_none),
                        all_none,
                    )
                };
                _mm512_mask_storeu_epi32(
                    at32(bounds.as_ptr(), 0).cast_mut(),
                    low,
                    widen(_mm512_castsi512_si256(bound)),
                );
                _mm512_mask_storeu_epi32(
                    at32(bounds.as_ptr(), 1).cast_mut(),
                    high,
                    widen(_mm512_extracti64x4_epi64::<1>(bound)),
                );
                _mm256_mask_storeu_epi8(
                    keep.as_mut_ptr().wrapping_add(i).cast(),
                    lanes,
                    _mm256_maskz_mov_epi8(teaching, one),
                );
                teaching_all += teaching.count_ones();
            }
            i += 32;
        }
        u64::from(teaching_all)
    }
}

/// Takes a coarse floor to 16 bits, saturating: every sum the 16-bit look
/// compares with it is within `-3 NARROW_MOST..=2 NARROW_MOST`, so it
/// reaches the floor exactly where it reaches this.
pub fn narrow_floor(floor: i32) -> i16 {
    floor.clamp(i32::from(i16::MIN), i32::from(i16::MAX)) as i16
}

/// A topic or interest mask folded to 32 bits: where two folded masks do
/// not meet, neither do the masks.
pub fn fold(mask: u64) -> u32 {
    (mask | mask >> 32) as u32
}

/// Makes `keep` `padded` bytes long with zeros after the first `n` (which
/// the caller writes), without writing the first `n` again.
#[inline(always)]
fn ready(keep: &mut Vec<u8>, n: usize, padded: usize) {
    if keep.len() != padded {
        keep.resize(padded, 0);
    }
    keep[n..].fill(0);
}

/// The marked juniors of `keep` (a multiple of 8 bytes), in order, read
/// eight bytes at a time.
#[inline(always)]
pub fn kept(keep: &[u8]) -> Kept<'_> {
    Kept {
        words: keep.chunks_exact(8),
        at: 0,
        word: 0,
    }
}

/// The iterator of [`kept`].
pub struct Kept<'a> {
    words: std::slice::ChunksExact<'a, u8>,
    /// Where `word` starts in `keep`.
    at: usize,
    word: u64,
}

impl Iterator for Kept<'_> {
    type Item = usize;

    #[inline(always)]
    fn next(&mut self) -> Option<usize> {
        while self.word == 0 {
            let chunk = self.words.next()?;
            self.word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            self.at += 8;
        }
        let i = self.at - 8 + (self.word.trailing_zeros() / 8) as usize;
        self.word &= self.word - 1;
        Some(i)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small xorshift generator: the same cases on every run.
    /// (Its state, and how much smaller [`Cases::part`]'s numbers are.)
    struct Cases(u64, u64);

    impl Cases {
        /// A number below `n` over the scale (at least below 4).
        fn part(&mut self, n: u64) -> u64 {
            self.below((n / self.1).max(4))
        }

        fn below(&mut self, n: u64) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0 % n.max(1)
        }

        fn mask(&mut self) -> u32 {
            (0..1 + self.below(3)).fold(0, |m, _| m | 1 << self.below(32))
        }
    }

    /// Which juniors a look keeps, by index.
    fn marked(keep: &[u8]) -> Vec<usize> {
        kept(keep).collect()
    }

    #[test]
    fn kept_lists_every_marked_junior_in_order() {
        let mut cases = Cases(0x9e37_79b9_7f4a_7c15, 1);
        for len in [0, 8, 56, 64, 72, 120, 128, 4096, 4104] {
            for density in [0, 1, 30, 500, 1000] {
                let keep: Vec<u8> = (0..len)
                    .map(|_| u8::from(cases.below(1000) < density))
                    .collect();
                let expected: Vec<usize> = (0..len).filter(|&i| keep[i] == 1).collect();
                assert_eq!(marked(&keep), expected, "{len} bytes, {density} in 1000");
            }
        }
    }

    #[test]
    fn the_look_in_16_bits_keeps_every_junior_the_look_in_32_bits_keeps() {
        let mut cases = Cases(0x9e37_79b9_7f4a_7c15, 1);
        let mut kept_any = 0;
        for case in 0..800 {
            // Odd tile lengths, so the 32-at-a-time loop ends part-way;
            // every other case with small parts, where bounds often meet
            // their floors exactly.
            let n = 1 + cases.below(150) as usize;
            let scale = if case % 2 == 0 { 1 } else { 40 };
            cases.1 = scale;
            let learn_weight = cases.part(2500) as i64;
            let most: Vec<u32> = (0..n).map(|_| 4 * (1 + cases.below(20) as u32)).collect();
            let learn_unit: Vec<i32> = most
                .iter()
                .map(|&m| ((learn_weight << LEARN_SHIFT) + i64::from(m) - 1) / i64::from(m))
                .map(|unit| unit as i32)
                .collect();
            let learn: Vec<i32> = (0..n).map(|_| learn_weight as i32).collect();
            let rest: Vec<i32> = learn.iter().map(|&l| l + cases.part(3000) as i32).collect();
            let wants: Vec<u32> = (0..n).map(|_| cases.mask()).collect();
            let interests: Vec<u32> = (0..n).map(|_| cases.mask()).collect();
            let narrow =
                JuniorNarrow::of(&rest, &learn, &learn_unit, &most).expect("parts within 16 bits");
            let juniors = JuniorCoarse {
                rest,
                learn,
                wants,
                interests,
                learn_unit,
                narrow: Some(narrow),
            };
            // Floors anywhere from far below any bound to far above, and
            // the extremes a floor can take.
            let floors: Vec<i32> = (0..n)
                .map(|_| match cases.below(10) {
                    0 => -(1 << 30),
                    1 => 1 << 30,
                    _ => cases.part(12_000) as i32 - (4_000 / scale) as i32,
                })
                .collect();
            let teach_of = 4 * (1 + cases.below(15) as u32);
            let coarse = |x: u64| (x as i64) << COARSE_SHIFT;
            let floors_of = CoarseFloors {
                senior: match case % 7 {
                    0 => i64::MIN,
                    _ => coarse(cases.part(9_000)),
                },
                offset: coarse(cases.part(4_000)) - coarse(2_000 / scale),
                juniors: &floors,
                chord: None,
            };
            let senior = Coarse::of(
                coarse(cases.part(2_000)),
                coarse(cases.part(1_500)),
                case % 3 != 0,
                coarse(cases.part(40)),
                teach_of,
                u64::from(cases.mask()),
                u64::from(cases.mask()),
                &floors_of,
            )
            .expect("a coarse bound");
            let narrow = senior.narrow.expect("the senior's parts within 16 bits");
            let acc: Vec<u16> = (0..n)
                .map(|_| match cases.below(3) {
                    0 => 0,
                    _ => cases.below(u64::from(teach_of) + 1) as u16,
                })
                .collect();
            let learn_acc: Vec<u16> = most
                .iter()
                .map(|&m| cases.below(u64::from(m) + 1) as u16)
                .collect();
            let sparse = if case % 2 == 0 { 0 } else { cases.mask() };
            let tile = juniors.tile(&(0..n as u32), &floors_of);
            for learning in [true, false] {
                let (mut wide, mut in_16, mut in_32) = (Vec::new(), Vec::new(), Vec::new());
                let (touched_16, touched_32) = if learning {
                    (
                        senior.mark_narrow::<true>(
                            narrow, &acc, &learn_acc, sparse, &tile, &mut in_16,
                        ),
                        senior.mark::<true, NO_CHORD>(&acc, &learn_acc, sparse, &tile, &mut in_32),
                    )
                } else {
                    (
                        senior.mark_narrow::<false>(narrow, &acc, &[], 0, &tile, &mut in_16),
                        senior.mark::<false, NO_CHORD>(&acc, &[], 0, &tile, &mut in_32),
                    )
                };
                let what = format!("case {case}, learning {learning}");
                assert_eq!(touched_16, touched_32, "{what}");
                let (marked_16, marked_32) = (marked(&in_16), marked(&in_32));
                assert!(
                    marked_32.iter().all(|i| marked_16.contains(i)),
                    "{what}: 32 bits keep {marked_32:?}, 16 bits {marked_16:?}"
                );
                // The exact learn part differs only by its rounding: without
                // it, both keep the same juniors.
                if !learning {
                    assert_eq!(marked_16, marked_32, "{what}");
                }
                kept_any += marked_16.len();
                #[cfg(target_arch = "x86_64")]
                if std::arch::is_x86_feature_detected!("avx512f")
                    && std::arch::is_x86_feature_detected!("avx512bw")
                    && std::arch::is_x86_feature_detected!("avx512vl")
                    && std::arch::is_x86_feature_detected!("popcnt")
                {
                    ready(&mut wide, n, n.next_multiple_of(8));
                    let learn_acc = if learning { &learn_acc[..] } else { &[] };
                    let sparse = if learning { sparse } else { 0 };
                    // SAFETY: the processor has all four, checked just above.
                    let touched_wide = unsafe {
                        if learning {
                            senior.mark_wide::<true>(
                                narrow, &acc, learn_acc, sparse, &tile, &mut wide,
                            )
                        } else {
                            senior.mark_wide::<false>(
                                narrow, &acc, learn_acc, sparse, &tile, &mut wide,
                            )
                        }
                    };
                    assert_eq!(touched_wide, touched_16, "{what}");
                    assert_eq!(wide, in_16, "{what}");
                    // The senior side of each bound, for the first step of
                    // a filling list: a junior's, one at a time; i16::MIN
                    // where it teaches nothing; kept by the look wherever
                    // it reaches the senior's floor.
                    let (mut bounds, mut teaching) = (Vec::new(), Vec::new());
                    let learning_of = learning.then_some((learn_acc, sparse));
                    let n_teaching = senior.senior_bounds::<true>(
                        &acc,
                        learning_of,
                        &tile,
                        &mut bounds,
                        &mut teaching,
                    );
                    assert_eq!(n_teaching, touched_16, "{what}");
                    for i in 0..n {
                        let learn = learning_of.map(|(l, sparse)| (l[i], sparse));
                        let expected =
                            match senior.senior_bound_narrow(narrow, acc[i], learn, &tile, i) {
                                i16::MIN => i32::MIN,
                                bound => i32::from(bound),
                            };
                        assert_eq!(bounds[i], expected, "{what}, junior {i}");
                        assert_eq!(teaching[i], u8::from(acc[i] != 0), "{what}, junior {i}");
                        if acc[i] != 0 && bounds[i] >= i32::from(narrow.senior) {
                            assert!(marked_16.contains(&i), "{what}, junior {i}");
                        }
                    }
                }
            }
        }
        // The cases keep some juniors and turn others away.
        assert!(kept_any > 1_000, "{kept_any}");
    }

    #[test]
    fn parts_beyond_16_bits_leave_the_look_in_32() {
        let most = vec![8u32];
        assert!(JuniorNarrow::of(&[9_000], &[0], &[], &most).is_none());
        // A learn unit whose product with the junior's largest numerator
        // cannot fit at any shift.
        let huge = (40_000i64 << LEARN_SHIFT) as i32 / 8;
        assert!(JuniorNarrow::of(&[100], &[50], &[huge], &most).is_none());
        let fits = JuniorNarrow::of(&[100], &[50], &[50 << LEARN_SHIFT >> 3], &most).expect("fits");
        assert!(i64::from(fits.learn_unit[0]) * 8 + (1 << fits.learn_shift) <= i64::from(i16::MAX));
        assert!(
            i64::from(fits.learn_unit[0]) << (LEARN_SHIFT - fits.learn_shift)
                >= i64::from(50 << LEARN_SHIFT >> 3),
            "the unit rounds up"
        );
    }

    #[test]
    fn coarse_parts_round_up_and_floors_round_down() {
        for units in [
            -3_000_000_000i64,
            -1,
            0,
            1,
            1 << 20,
            (1 << 20) + 1,
            987_654_321_012,
        ] {
            assert!(coarse_up(units) << COARSE_SHIFT >= units, "{units}");
            assert!(coarse_up(units) << COARSE_SHIFT < units + (1 << COARSE_SHIFT));
            assert!(
                i64::from(coarse_floor(units)) << COARSE_SHIFT <= units,
                "{units}"
            );
        }
        assert_eq!(coarse_floor(i64::MIN), -(1 << 30));
        assert_eq!(coarse_floor(i64::MAX), 1 << 30);
    }

    #[test]
    fn rows_hold_the_levels_of_topics_taught_by_many() {
        // Topic 0: juniors 0..10 at level 3 (dense in tile 0), topic 1:
        // junior 12 only.
        // Topic 1 is wanted by juniors 8..16 (dense in tile 1).
        let teachers = vec![(0..10).map(|j| (j, 3)).collect(), vec![(12, 5)]];
        let code = want_code(5, 2).unwrap();
        let wanters = vec![vec![(3, code)], (8..16).map(|j| (j, code)).collect()];
        let dense = DenseLevels::of(&teachers, &wanters, 16, 8, 4).expect("a row");
        assert_eq!(dense.row(&(0..8), 0), Some(&[3u8; 8][..]));
        // Tile 1 holds two of topic 0's teachers: too few for a row.
        assert_eq!(dense.row(&(8..16), 0), None);
        assert_eq!(dense.row(&(8..16), 1), None);
        // A range that is not one of the rows' tiles gets none.
        assert_eq!(dense.row(&(4..12), 0), None);
        assert_eq!(dense.want_row(&(8..16), 1), Some(&[code; 8][..]));
        assert_eq!(dense.want_row(&(0..8), 0), None);
    }

    #[test]
    fn rows_of_wants_give_the_learn_numerators() {
        // A junior wanting a topic at priority 3 with own level 1 learns
        // 3 x min(level - 1, 4) from a senior at `level`; one who does not
        // want it, nothing.
        let code = want_code(3, 1).unwrap();
        assert_eq!(want_code(0, 1), None);
        let row = [code, 0, code, code];
        for (level, each) in [(0, 0), (1, 0), (2, 3), (5, 12)] {
            let mut acc = vec![7u16; 4];
            add_want_row(&mut acc, &row, level, true);
            assert_eq!(acc, [each, 0, each, each], "level {level}");
            add_want_row(&mut acc, &row, level, false);
            assert_eq!(acc, [2 * each, 0, 2 * each, 2 * each]);
        }
    }

    #[test]
    fn kept_juniors_come_back_in_order() {
        let mut keep = vec![0u8; 24];
        for i in [0, 7, 8, 13, 23] {
            keep[i] = 1;
        }
        let seen: Vec<usize> = kept(&keep).collect();
        assert_eq!(seen, [0, 7, 8, 13, 23]);
        assert_eq!(kept(&[0u8; 16]).count(), 0);
    }
}
