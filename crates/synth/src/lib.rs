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
    /// When set, this percentage of people (drawn per person) work in one
    /// department, Engineering, the shape where department quotas bind; the
    /// rest are drawn as usual. None leaves every roster as it was.
    pub dominant_department: Option<u8>,
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
    let department = match spec.dominant_department {
        Some(percent) if rng.below(100) < usize::from(percent) => DEPARTMENTS[0],
        _ => DEPARTMENTS[rng.weighted(&DEPARTMENT_WEIGHTS)],
    };
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
mod tests;
