//! Deterministic synthetic rosters for benchmarks and property tests.
//!
//! Real rosters are private, so performance work (up to 10,000 seniors by
//! 20,000 juniors) and property tests need a generator that produces CSV with
//! a *realistic shape*: skewed (Zipf-like) topic popularity, a topic vocabulary
//! that grows with the roster, seniors who already know a little of what they
//! want to learn (so skill levels matter), business topics flowing the other
//! way, mostly-English speakers, occasional capacity 0/2, acyclic manager
//! links and rare exclusions.
//!
//! The generator uses only the standard library and a tiny `SplitMix64` PRNG,
//! so the same [`SynthSpec`] yields byte-identical output on every run and
//! platform: every sampling step is integer arithmetic (the only floating-point
//! operation is one correctly rounded `sqrt` when sizing the topic list), no
//! hash-map iteration order is involved and no float is ever formatted.
//!
//! Each person draws from a private stream derived from `(seed, person)`, and
//! the row order comes from a separate Fisher-Yates shuffle, so a person's
//! attributes do not depend on where their row lands.

use std::io::{self, BufWriter, Write};

/// What to generate: how many people of each role, and the PRNG seed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SynthSpec {
    /// Number of senior employees (ids `S000001`, `S000002`, ...).
    pub seniors: usize,
    /// Number of junior employees (ids `J000001`, `J000002`, ...).
    pub juniors: usize,
    /// Seed for the deterministic PRNG; the same spec gives the same bytes.
    pub seed: u64,
}

/// Writes a roster CSV (header + one row per person) to `out`.
///
/// `out` is wrapped in a [`BufWriter`] and flushed before returning, so any
/// writer may be passed (a `File`, `&mut Vec<u8>`, `stdout().lock()`, ...).
///
/// # Errors
///
/// Returns the first I/O error reported by `out` (including on the final flush).
pub fn write_roster<W: Write>(spec: &SynthSpec, out: W) -> io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 16, out);
    write_rows(spec, &mut w)?;
    w.flush()
}

/// Convenience: the same bytes as a String.
///
/// # Panics
///
/// Never in practice: writing to a `Vec<u8>` cannot fail and the output is ASCII.
#[must_use]
pub fn roster_string(spec: &SynthSpec) -> String {
    let people = spec.seniors.saturating_add(spec.juniors);
    let mut buf = Vec::with_capacity(people.saturating_add(1).saturating_mul(200));
    write_rows(spec, &mut buf).expect("writing to a Vec<u8> cannot fail");
    String::from_utf8(buf).expect("the synthetic roster is pure ASCII")
}

const HEADER: &str = "id,name,role,department,location,generation,skills,wants,interests,languages,capacity,manager,exclude";

/// The most popular tech topics get real names; the long tail is `topic-NNN`.
const NAMED_TOPICS: [&str; 15] = [
    "generative ai",
    "tiktok",
    "fintech apps",
    "python",
    "data visualisation",
    "cybersecurity hygiene",
    "no-code automation",
    "social media marketing",
    "ux design",
    "esports",
    "podcasting",
    "crypto",
    "remote collaboration",
    "gen z consumer trends",
    "sustainability reporting",
];

/// Topics seniors know well and juniors want to learn.
const BUSINESS_TOPICS: [&str; 10] = [
    "corporate strategy",
    "negotiation",
    "p&l management",
    "leadership",
    "board communication",
    "budgeting",
    "m&a",
    "stakeholder management",
    "sales pipeline",
    "regulatory affairs",
];

const DEPARTMENTS: [&str; 12] = [
    "Engineering",
    "Marketing",
    "Sales",
    "Finance",
    "Human Resources",
    "Operations",
    "Legal",
    "Product",
    "Customer Success",
    "Procurement",
    "Research",
    "Communications",
];
const DEPARTMENT_WEIGHTS: [u32; 12] = [18, 10, 12, 9, 6, 10, 4, 9, 8, 4, 5, 5];

const LOCATIONS: [&str; 8] = [
    "London",
    "New York",
    "Berlin",
    "Sao Paulo",
    "Bangalore",
    "Singapore",
    "Madrid",
    "Toronto",
];
const LOCATION_WEIGHTS: [u32; 8] = [20, 18, 10, 8, 14, 10, 8, 12];

const GENERATIONS: [&str; 4] = ["Boomer", "Gen X", "Millennial", "Gen Z"];
const SENIOR_GENERATION_WEIGHTS: [u32; 4] = [40, 48, 12, 0];
const JUNIOR_GENERATION_WEIGHTS: [u32; 4] = [0, 5, 45, 50];

const INTERESTS: [&str; 30] = [
    "running",
    "chess",
    "cooking",
    "photography",
    "hiking",
    "yoga",
    "gaming",
    "gardening",
    "jazz",
    "football",
    "cycling",
    "painting",
    "board games",
    "travel",
    "reading",
    "film",
    "theatre",
    "climbing",
    "baking",
    "volunteering",
    "swimming",
    "birdwatching",
    "tennis",
    "knitting",
    "astronomy",
    "sailing",
    "podcasts",
    "anime",
    "skiing",
    "woodworking",
];

const OTHER_LANGUAGES: [&str; 5] = ["Spanish", "Portuguese", "German", "Hindi", "Mandarin"];

const FIRST_NAMES: [&str; 24] = [
    "Alex", "Priya", "Jordan", "Mei", "Carlos", "Fatima", "Liam", "Aisha", "Noah", "Sofia", "Ravi",
    "Emma", "Kenji", "Olivia", "Mateo", "Zara", "Lucas", "Hannah", "Omar", "Grace", "Diego",
    "Ingrid", "Samuel", "Leila",
];
const LAST_NAMES: [&str; 24] = [
    "Smith", "Patel", "Garcia", "Chen", "Mueller", "Silva", "Kim", "Okafor", "Johnson", "Rossi",
    "Nakamura", "Singh", "Brown", "Novak", "Lopez", "Khan", "Schmidt", "Wang", "Murphy", "Costa",
    "Ivanova", "Dubois", "Haddad", "Larsen",
];

/// Number of tech topics for a roster of `people`: `12 + round(2 * sqrt(people))`.
fn topic_count(people: usize) -> usize {
    // `sqrt` and `round` are correctly rounded / exact in IEEE 754, so this is
    // identical on every platform.
    12 + (2.0 * (people as f64).sqrt()).round() as usize
}

/// `SplitMix64` finaliser: a strong 64-bit mixing function.
fn mix64(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Domain separators so the shuffle stream and the per-person streams differ.
const ORDER_DOMAIN: u64 = 0x6F72_6465_725F_7368; // "order_sh"
const PERSON_DOMAIN: u64 = 0x7065_7273_6F6E_5F5F; // "person__"

/// Tiny `SplitMix64` PRNG (Steele, Lea & Flood 2014); plenty for synthetic data.
struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    const GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

    fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(Self::GAMMA);
        mix64(self.state)
    }

    /// Uniform in `0..n` (Lemire's multiply-shift; the bias is < n / 2^64).
    fn below(&mut self, n: usize) -> usize {
        debug_assert!(n > 0, "below(0)");
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u8, hi: u8) -> u8 {
        lo + self.below(usize::from(hi - lo) + 1) as u8
    }

    /// True with probability `per_mille / 1000`.
    fn chance(&mut self, per_mille: usize) -> bool {
        self.below(1000) < per_mille
    }

    /// Index drawn with probability proportional to `weights[i]`.
    fn weighted(&mut self, weights: &[u32]) -> usize {
        let total: u32 = weights.iter().sum();
        let mut r = self.below(total as usize) as u32;
        for (i, &w) in weights.iter().enumerate() {
            if r < w {
                return i;
            }
            r -= w;
        }
        unreachable!("r < total")
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// The tech-topic vocabulary with a Zipf(1) popularity table.
struct Topics {
    names: Vec<String>,
    /// `cumulative[i]` = sum of integer weights `SCALE / (j + 1)` for `j <= i`.
    cumulative: Vec<u64>,
}

impl Topics {
    fn new(count: usize) -> Self {
        const SCALE: u64 = 1 << 40;
        let names = (0..count)
            .map(|i| match NAMED_TOPICS.get(i) {
                Some(name) => (*name).to_owned(),
                None => format!("topic-{:03}", i + 1),
            })
            .collect();
        let mut total = 0u64;
        let cumulative = (1..=count as u64)
            .map(|rank| {
                total += SCALE / rank;
                total
            })
            .collect();
        Self { names, cumulative }
    }

    /// A topic index drawn with probability proportional to `1 / (index + 1)`.
    fn sample(&self, rng: &mut SplitMix64) -> usize {
        let total = *self.cumulative.last().expect("at least 12 topics");
        let r = ((u128::from(rng.next_u64()) * u128::from(total)) >> 64) as u64;
        self.cumulative.partition_point(|&c| c <= r)
    }
}

/// A fixed-capacity list, so generating a person allocates nothing.
struct List<T, const N: usize> {
    items: [T; N],
    len: usize,
}

impl<T: Copy + Default + PartialEq, const N: usize> List<T, N> {
    fn new() -> Self {
        Self {
            items: [T::default(); N],
            len: 0,
        }
    }

    fn push(&mut self, item: T) {
        self.items[self.len] = item;
        self.len += 1;
    }

    fn as_slice(&self) -> &[T] {
        &self.items[..self.len]
    }

    fn contains(&self, item: &T) -> bool {
        self.as_slice().contains(item)
    }
}

/// Tries per distinct draw before giving up on that slot (only reachable with
/// a pathological vocabulary; the first draw always succeeds, so lists are
/// never empty).
const MAX_TRIES: usize = 64;

/// Up to `k` distinct Zipf-sampled tech topics.
fn distinct_topics<'t, const N: usize>(
    rng: &mut SplitMix64,
    topics: &'t Topics,
    k: usize,
) -> List<&'t str, N> {
    let mut out = List::new();
    for _ in 0..k * MAX_TRIES {
        if out.len == k {
            break;
        }
        let name = topics.names[topics.sample(rng)].as_str();
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// Up to `k` distinct uniformly sampled entries of `items`.
fn distinct_uniform<const N: usize>(
    rng: &mut SplitMix64,
    items: &[&'static str],
    k: usize,
) -> List<&'static str, N> {
    let mut out = List::new();
    for _ in 0..k * MAX_TRIES {
        if out.len == k {
            break;
        }
        let item = rng.pick(items);
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

/// One generated person; topic names borrow from [`Topics`].
struct Person<'t> {
    senior: bool,
    /// 0-based index within the role (`S000001` is index 0).
    index: usize,
    first: &'static str,
    last: &'static str,
    department: &'static str,
    location: &'static str,
    generation: &'static str,
    skills: List<(&'t str, u8), 5>,
    wants: List<(&'t str, u8), 4>,
    interests: List<&'static str, 4>,
    languages: List<&'static str, 2>,
    capacity: u8,
    /// Index of the managing senior.
    manager: Option<usize>,
    /// Index of an excluded person of the other role.
    exclude: Option<usize>,
}

fn generate<'t>(spec: &SynthSpec, topics: &'t Topics, person: usize) -> Person<'t> {
    let mut rng =
        SplitMix64::new(mix64(spec.seed ^ PERSON_DOMAIN).wrapping_add(mix64(person as u64)));
    let senior = person < spec.seniors;
    let index = if senior {
        person
    } else {
        person - spec.seniors
    };

    let first = rng.pick(&FIRST_NAMES);
    let last = rng.pick(&LAST_NAMES);
    let department = DEPARTMENTS[rng.weighted(&DEPARTMENT_WEIGHTS)];
    let location = LOCATIONS[rng.weighted(&LOCATION_WEIGHTS)];
    let generation = GENERATIONS[rng.weighted(if senior {
        &SENIOR_GENERATION_WEIGHTS
    } else {
        &JUNIOR_GENERATION_WEIGHTS
    })];

    let mut skills = List::new();
    let mut wants = List::new();
    if senior {
        // 1-4 tech topics to learn, priority 1-5.
        let k = 1 + rng.weighted(&[25, 35, 25, 15]);
        let wanted: List<&str, 4> = distinct_topics(&mut rng, topics, k);
        for &topic in wanted.as_slice() {
            wants.push((topic, rng.range(1, 5)));
        }
        // 0-2 of those already known a little (level 1-2): a partial
        // Fisher-Yates picks which ones.
        let mut order = [0usize, 1, 2, 3];
        let known = rng.weighted(&[45, 35, 20]).min(wanted.len);
        for i in 0..known {
            let j = i + rng.below(wanted.len - i);
            order.swap(i, j);
            skills.push((wanted.items[order[i]], rng.range(1, 2)));
        }
        // 1-3 business topics they can teach in return, level 3-5.
        let k = 1 + rng.weighted(&[40, 40, 20]);
        let business: List<&str, 3> = distinct_uniform(&mut rng, &BUSINESS_TOPICS, k);
        for &topic in business.as_slice() {
            skills.push((topic, rng.range(3, 5)));
        }
    } else {
        // 1-5 tech topics to teach, level skewed towards 3-5.
        let k = 1 + rng.weighted(&[15, 25, 30, 20, 10]);
        let taught: List<&str, 5> = distinct_topics(&mut rng, topics, k);
        for &topic in taught.as_slice() {
            let level = 1 + rng.weighted(&[5, 10, 30, 30, 25]) as u8;
            skills.push((topic, level));
        }
        // 1-3 business topics to learn, priority 1-5.
        let k = 1 + rng.weighted(&[45, 35, 20]);
        let business: List<&str, 3> = distinct_uniform(&mut rng, &BUSINESS_TOPICS, k);
        for &topic in business.as_slice() {
            wants.push((topic, rng.range(1, 5)));
        }
    }

    let k = 1 + rng.weighted(&[30, 35, 25, 10]);
    let interests = distinct_uniform(&mut rng, &INTERESTS, k);

    let mut languages = List::new();
    if rng.chance(920) {
        languages.push("English");
        if rng.chance(200) {
            languages.push(rng.pick(&OTHER_LANGUAGES));
        }
    } else {
        languages.push(rng.pick(&OTHER_LANGUAGES));
    }

    let roll = rng.below(100);
    let capacity = match (senior, roll) {
        (true, 0..=89) | (false, 0..=92) => 1,
        (true, 90..=96) | (false, 93..=96) => 2,
        _ => 0,
    };

    let manager = if senior {
        // Only seniors with a smaller index, so the hierarchy is acyclic.
        (index > 0 && rng.chance(100)).then(|| rng.below(index))
    } else {
        (spec.seniors > 0 && rng.chance(150)).then(|| rng.below(spec.seniors))
    };

    let others = if senior { spec.juniors } else { spec.seniors };
    let exclude = (others > 0 && rng.chance(10)).then(|| rng.below(others));

    Person {
        senior,
        index,
        first,
        last,
        department,
        location,
        generation,
        skills,
        wants,
        interests,
        languages,
        capacity,
        manager,
        exclude,
    }
}

fn write_id<W: Write>(w: &mut W, senior: bool, index: usize) -> io::Result<()> {
    write!(w, "{}{:06}", if senior { 'S' } else { 'J' }, index + 1)
}

fn write_joined<W: Write>(w: &mut W, items: &[&str]) -> io::Result<()> {
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            w.write_all(b";")?;
        }
        w.write_all(item.as_bytes())?;
    }
    Ok(())
}

fn write_pairs<W: Write>(w: &mut W, items: &[(&str, u8)]) -> io::Result<()> {
    for (i, (topic, value)) in items.iter().enumerate() {
        if i > 0 {
            w.write_all(b";")?;
        }
        write!(w, "{topic}:{value}")?;
    }
    Ok(())
}

fn write_person<W: Write>(w: &mut W, p: &Person<'_>) -> io::Result<()> {
    write_id(w, p.senior, p.index)?;
    write!(
        w,
        ",{} {},{},{},{},{},",
        p.first,
        p.last,
        if p.senior { "senior" } else { "junior" },
        p.department,
        p.location,
        p.generation
    )?;
    write_pairs(w, p.skills.as_slice())?;
    w.write_all(b",")?;
    write_pairs(w, p.wants.as_slice())?;
    w.write_all(b",")?;
    write_joined(w, p.interests.as_slice())?;
    w.write_all(b",")?;
    write_joined(w, p.languages.as_slice())?;
    write!(w, ",{},", p.capacity)?;
    if let Some(m) = p.manager {
        write_id(w, true, m)?;
    }
    w.write_all(b",")?;
    if let Some(x) = p.exclude {
        write_id(w, !p.senior, x)?;
    }
    w.write_all(b"\n")
}

/// Header plus every person, in a deterministic shuffled order.
fn write_rows<W: Write>(spec: &SynthSpec, w: &mut W) -> io::Result<()> {
    let people = spec.seniors + spec.juniors;
    let topics = Topics::new(topic_count(people));

    // Persons 0..seniors are seniors, the rest juniors; Fisher-Yates mixes them.
    let mut order: Vec<usize> = (0..people).collect();
    let mut rng = SplitMix64::new(mix64(spec.seed ^ ORDER_DOMAIN));
    for i in (1..people).rev() {
        order.swap(i, rng.below(i + 1));
    }

    w.write_all(HEADER.as_bytes())?;
    w.write_all(b"\n")?;
    for &person in &order {
        write_person(w, &generate(spec, &topics, person))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: usize = 13;

    fn spec(seniors: usize, juniors: usize, seed: u64) -> SynthSpec {
        SynthSpec {
            seniors,
            juniors,
            seed,
        }
    }

    /// Data rows split into fields (header checked and skipped).
    fn rows(csv: &str) -> Vec<Vec<&str>> {
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some(HEADER));
        lines.map(|line| line.split(',').collect()).collect()
    }

    /// `"a:1;b:2"` -> `[("a", 1), ("b", 2)]`.
    fn pairs(field: &str) -> Vec<(&str, u8)> {
        if field.is_empty() {
            return Vec::new();
        }
        field
            .split(';')
            .map(|item| {
                let (topic, value) = item.rsplit_once(':').expect("topic:value");
                (topic, value.parse().expect("numeric value"))
            })
            .collect()
    }

    fn id_index(id: &str, prefix: char) -> usize {
        assert_eq!(id.len(), 7, "id {id:?}");
        assert!(id.starts_with(prefix), "id {id:?}");
        let n: usize = id[1..].parse().expect("numeric id");
        assert!(n >= 1, "id {id:?}");
        n - 1
    }

    fn assert_distinct(items: &[&str]) {
        for (i, a) in items.iter().enumerate() {
            assert!(!items[i + 1..].contains(a), "duplicate {a:?} in {items:?}");
        }
    }

    #[test]
    fn same_spec_gives_identical_bytes() {
        let s = spec(200, 400, 42);
        let a = roster_string(&s);
        let b = roster_string(&s);
        assert_eq!(a, b);
        let mut via_writer = Vec::new();
        write_roster(&s, &mut via_writer).unwrap();
        assert_eq!(via_writer, a.as_bytes());
    }

    #[test]
    fn different_seed_gives_different_bytes() {
        let a = roster_string(&spec(50, 100, 1));
        let b = roster_string(&spec(50, 100, 2));
        assert_ne!(a, b);
        // Same header and row count, only the content differs.
        assert_eq!(a.lines().count(), b.lines().count());
    }

    #[test]
    fn header_row_count_and_ids() {
        let (seniors, juniors) = (37, 81);
        let csv = roster_string(&spec(seniors, juniors, 7));
        assert!(csv.ends_with('\n'));
        assert_eq!(csv.lines().next(), Some(HEADER));
        let rows = rows(&csv);
        assert_eq!(rows.len(), seniors + juniors);

        let mut seen_s = vec![false; seniors];
        let mut seen_j = vec![false; juniors];
        for row in &rows {
            assert_eq!(row.len(), COLUMNS, "row {row:?}");
            for field in row {
                assert!(!field.contains('"'), "quote in {field:?}");
            }
            match row[2] {
                "senior" => seen_s[id_index(row[0], 'S')] = true,
                "junior" => seen_j[id_index(row[0], 'J')] = true,
                other => panic!("bad role {other:?}"),
            }
            assert!(GENERATIONS.contains(&row[5]));
            assert!(DEPARTMENTS.contains(&row[3]));
            assert!(LOCATIONS.contains(&row[4]));
        }
        assert!(seen_s.iter().all(|&s| s), "every senior id exactly once");
        assert!(seen_j.iter().all(|&j| j), "every junior id exactly once");
    }

    #[test]
    fn rows_are_mixed_not_grouped_by_role() {
        let csv = roster_string(&spec(100, 100, 3));
        let roles: Vec<&str> = rows(&csv).iter().map(|r| r[2]).collect();
        let switches = roles.windows(2).filter(|w| w[0] != w[1]).count();
        // Grouped output would switch role once; a shuffle switches ~100 times.
        assert!(switches > 50, "only {switches} role switches");
    }

    #[test]
    fn wants_and_skills_have_the_documented_shape() {
        let people = 300 + 600;
        let n = topic_count(people);
        let topics = Topics::new(n);
        let csv = roster_string(&spec(300, 600, 11));
        for row in rows(&csv) {
            let skills = pairs(row[6]);
            let wants = pairs(row[7]);
            let skill_names: Vec<&str> = skills.iter().map(|p| p.0).collect();
            let want_names: Vec<&str> = wants.iter().map(|p| p.0).collect();
            assert_distinct(&skill_names);
            assert_distinct(&want_names);
            let is_tech = |t: &str| topics.names.iter().any(|name| name == t);
            let is_business = |t: &str| BUSINESS_TOPICS.contains(&t);

            if row[2] == "senior" {
                assert!((1..=4).contains(&wants.len()), "senior wants {row:?}");
                for &(topic, priority) in &wants {
                    assert!(is_tech(topic), "{topic:?}");
                    assert!((1..=5).contains(&priority));
                }
                let tech: Vec<_> = skills.iter().filter(|p| is_tech(p.0)).collect();
                let business: Vec<_> = skills.iter().filter(|p| is_business(p.0)).collect();
                assert_eq!(tech.len() + business.len(), skills.len());
                assert!(tech.len() <= 2);
                for &&(topic, level) in &tech {
                    assert!(want_names.contains(&topic), "known topic not wanted");
                    assert!((1..=2).contains(&level));
                }
                assert!((1..=3).contains(&business.len()));
                assert!(business.iter().all(|p| (3..=5).contains(&p.1)));
            } else {
                assert!((1..=5).contains(&skills.len()), "junior skills {row:?}");
                for &(topic, level) in &skills {
                    assert!(is_tech(topic), "{topic:?}");
                    assert!((1..=5).contains(&level));
                }
                assert!((1..=3).contains(&wants.len()));
                for &(topic, priority) in &wants {
                    assert!(is_business(topic), "{topic:?}");
                    assert!((1..=5).contains(&priority));
                }
            }

            let interests: Vec<&str> = row[8].split(';').collect();
            assert!((1..=4).contains(&interests.len()));
            assert_distinct(&interests);
            assert!(interests.iter().all(|i| INTERESTS.contains(i)));

            let languages: Vec<&str> = row[9].split(';').collect();
            assert!((1..=2).contains(&languages.len()));
            if languages.len() == 2 {
                assert_eq!(languages[0], "English");
            }
            assert!(languages
                .iter()
                .skip(1)
                .all(|l| OTHER_LANGUAGES.contains(l)));

            assert!(["0", "1", "2"].contains(&row[10]), "capacity {:?}", row[10]);
        }
    }

    #[test]
    fn topic_count_formula() {
        assert_eq!(topic_count(0), 12);
        assert_eq!(topic_count(1), 14);
        assert_eq!(topic_count(30), 23);
        assert_eq!(topic_count(100), 32);
        assert_eq!(topic_count(30_000), 358);
        let topics = Topics::new(topic_count(30_000));
        assert_eq!(topics.names.len(), 358);
        assert_eq!(topics.names[0], "generative ai");
        assert_eq!(topics.names[14], "sustainability reporting");
        assert_eq!(topics.names[15], "topic-016");
        assert_eq!(topics.names[357], "topic-358");
    }

    #[test]
    fn topic_popularity_is_skewed() {
        let topics = Topics::new(100);
        let mut rng = SplitMix64::new(5);
        let mut counts = [0u32; 100];
        for _ in 0..100_000 {
            counts[topics.sample(&mut rng)] += 1;
        }
        // Zipf(1) over 100 ranks: rank 1 has ~19%, rank 10 ~1.9%, rank 100 ~0.19%.
        assert!(counts[0] > 17_000 && counts[0] < 21_500, "{}", counts[0]);
        assert!(counts[0] > 5 * counts[9]);
        assert!(counts[9] > 5 * counts[99]);
        assert!(counts.iter().all(|&c| c > 0));
    }

    #[test]
    fn managers_are_acyclic_and_exist() {
        let (seniors, juniors) = (500, 1000);
        let csv = roster_string(&spec(seniors, juniors, 99));
        let (mut senior_managed, mut junior_managed, mut excluded) = (0, 0, 0);
        for row in rows(&csv) {
            let manager = row[11];
            if row[2] == "senior" {
                let me = id_index(row[0], 'S');
                if !manager.is_empty() {
                    let boss = id_index(manager, 'S');
                    assert!(boss < me, "senior {me} managed by {boss}");
                    senior_managed += 1;
                }
                if !row[12].is_empty() {
                    assert!(id_index(row[12], 'J') < juniors);
                    excluded += 1;
                }
            } else {
                if !manager.is_empty() {
                    assert!(id_index(manager, 'S') < seniors);
                    junior_managed += 1;
                }
                if !row[12].is_empty() {
                    assert!(id_index(row[12], 'S') < seniors);
                    excluded += 1;
                }
            }
        }
        // ~10% of 500 and ~15% of 1000; ~1% of 1500.
        assert!((25..=80).contains(&senior_managed), "{senior_managed}");
        assert!((100..=200).contains(&junior_managed), "{junior_managed}");
        assert!((3..=40).contains(&excluded), "{excluded}");
    }

    #[test]
    fn proportions_are_roughly_as_documented() {
        let csv = roster_string(&spec(2000, 4000, 2024));
        let rows = rows(&csv);
        let english = rows
            .iter()
            .filter(|r| r[9].split(';').any(|l| l == "English"))
            .count();
        let share = english * 1000 / rows.len();
        assert!((900..=940).contains(&share), "English per mille {share}");

        let seniors: Vec<_> = rows.iter().filter(|r| r[2] == "senior").collect();
        let old = seniors
            .iter()
            .filter(|r| r[5] == "Boomer" || r[5] == "Gen X")
            .count();
        assert!(old * 10 > seniors.len() * 8, "seniors mostly Boomer/Gen X");
        let cap1 = seniors.iter().filter(|r| r[10] == "1").count();
        assert!(cap1 * 100 > seniors.len() * 85, "seniors mostly capacity 1");
        assert!(seniors.iter().any(|r| r[10] == "0"));
        assert!(seniors.iter().any(|r| r[10] == "2"));

        let juniors: Vec<_> = rows.iter().filter(|r| r[2] == "junior").collect();
        let young = juniors
            .iter()
            .filter(|r| r[5] == "Millennial" || r[5] == "Gen Z")
            .count();
        assert!(
            young * 10 > juniors.len() * 8,
            "juniors mostly Millennial/Gen Z"
        );
    }

    #[test]
    fn empty_roles_work() {
        let only_juniors = roster_string(&spec(0, 25, 1));
        let rows_j = rows(&only_juniors);
        assert_eq!(rows_j.len(), 25);
        assert!(rows_j
            .iter()
            .all(|r| r[2] == "junior" && r[11].is_empty() && r[12].is_empty()));

        let only_seniors = roster_string(&spec(25, 0, 1));
        let rows_s = rows(&only_seniors);
        assert_eq!(rows_s.len(), 25);
        assert!(rows_s.iter().all(|r| r[2] == "senior" && r[12].is_empty()));

        assert_eq!(roster_string(&spec(0, 0, 1)), format!("{HEADER}\n"));
    }

    #[test]
    fn zero_padded_ids_sort_numerically() {
        let csv = roster_string(&spec(12, 120, 8));
        let mut juniors: Vec<&str> = rows(&csv)
            .iter()
            .filter(|r| r[2] == "junior")
            .map(|r| r[0])
            .collect();
        juniors.sort_unstable();
        let expected: Vec<String> = (1..=120).map(|i| format!("J{i:06}")).collect();
        assert_eq!(juniors, expected);
    }
}
