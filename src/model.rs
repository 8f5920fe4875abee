//! The pairing problem as a solver sees it: people with capacities, candidate
//! pairs with exact integer values, and the LP-duality certificate that
//! proves a pairing optimal over *all* allowed pairs, including those never
//! given to the solver.
//!
//! Why candidates: the integer program over every pair stops scaling at a few
//! hundred people. Each person's best few partners almost always contain an
//! optimal pairing; the certificate checks that they do, and pairs that could
//! still improve the optimum are added back until it holds.

use rayon::prelude::*;

use crate::scoring::Scorer;

/// What the pairing maximises.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    serde::Serialize,
    serde::Deserialize,
    clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Objective {
    /// The largest number of pairs, then the highest total score among those.
    #[default]
    PairsThenScore,
    /// The highest total score, even with fewer pairs.
    Score,
}

/// A pair's value to the solver: pairs in the high 64 bits, score units in
/// the low ones, so comparing two values compares pair counts first, then
/// scores, exactly (sums stay far inside both halves).
pub type Value = i128;

impl Objective {
    pub fn value(self, units: i64) -> Value {
        let pairs: Value = match self {
            Objective::PairsThenScore => 1,
            Objective::Score => 0,
        };
        (pairs << 64) + Value::from(units)
    }
}

/// Candidate pairs in compressed rows: senior `s`'s pairs are
/// `start[s]..start[s + 1]`, sorted by junior.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    pub senior_cap: Vec<u32>,
    pub junior_cap: Vec<u32>,
    pub start: Vec<usize>,
    pub junior: Vec<u32>,
    pub units: Vec<i64>,
}

impl Graph {
    pub fn n_seniors(&self) -> usize {
        self.senior_cap.len()
    }

    pub fn n_juniors(&self) -> usize {
        self.junior_cap.len()
    }

    pub fn n_edges(&self) -> usize {
        self.junior.len()
    }

    pub fn edges(&self, s: usize) -> std::ops::Range<usize> {
        self.start[s]..self.start[s + 1]
    }

    /// The senior end of edge `e`.
    pub fn senior_of(&self, e: usize) -> usize {
        self.start.partition_point(|&x| x <= e) - 1
    }

    /// Every edge with its senior, `(senior, edge)`, in edge order.
    pub fn seniors_and_edges(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        (0..self.n_seniors()).flat_map(move |s| self.edges(s).map(move |e| (s, e)))
    }

    /// Builds a graph from per-senior lists of `(junior, units)`.
    pub fn from_lists(
        senior_cap: Vec<u32>,
        junior_cap: Vec<u32>,
        lists: &[Vec<(u32, i64)>],
    ) -> Self {
        let mut graph = Graph {
            senior_cap,
            junior_cap,
            start: Vec::with_capacity(lists.len() + 1),
            ..Graph::default()
        };
        graph.start.push(0);
        for list in lists {
            for &(j, units) in list {
                graph.junior.push(j);
                graph.units.push(units);
            }
            graph.start.push(graph.junior.len());
        }
        graph
    }
}

/// A pairing with its LP dual values, as a solver returns it.
#[derive(Clone, Debug, Default)]
pub struct Assignment {
    /// Edge ids (into the graph) that are paired.
    pub edges: Vec<usize>,
    /// Dual value of each senior's capacity (>= 0), when the solver has them.
    pub senior_dual: Vec<Value>,
    /// Dual value of each junior's capacity (>= 0).
    pub junior_dual: Vec<Value>,
}

/// Ranks partners: higher score first, then lower index, so every list and
/// every tie is the same whatever the row order or thread count.
fn better(a: (i64, u32), b: (i64, u32)) -> bool {
    a.0 > b.0 || (a.0 == b.0 && a.1 < b.1)
}

/// The `k` best partners of every person, with counts of allowed partners.
#[derive(Clone, Debug)]
pub struct Candidates {
    pub k: usize,
    /// For each senior, its best `k` allowed juniors `(junior, units)`, best first.
    pub senior_best: Vec<Vec<(u32, i64)>>,
    /// For each junior, its best `k` allowed seniors `(senior, units)`, best first.
    pub junior_best: Vec<Vec<(u32, i64)>>,
    pub senior_allowed: Vec<u64>,
    pub junior_allowed: Vec<u64>,
}

impl Candidates {
    pub fn allowed_pairs(&self) -> u64 {
        self.senior_allowed.iter().sum()
    }
}

/// Each junior's best `k` seniors so far, in one flat array (`k` slots per
/// junior), so rejecting an offer reads one slot.
struct JuniorBest {
    k: usize,
    slots: Vec<(i64, u32)>,
    len: Vec<u16>,
    /// The score a full list's worst entry has (i64::MIN until full): most
    /// offers are turned away by this small array without touching `slots`.
    floor: Vec<i64>,
    allowed: Vec<u64>,
}

impl JuniorBest {
    fn new(n: usize, k: usize) -> Self {
        JuniorBest {
            k,
            slots: vec![(0, 0); n * k],
            len: vec![0; n],
            floor: vec![i64::MIN; n],
            allowed: vec![0; n],
        }
    }

    #[inline]
    fn offer(&mut self, j: usize, s: u32, units: i64) {
        if units < self.floor[j] {
            return;
        }
        let k = self.k;
        let list = &mut self.slots[j * k..(j + 1) * k];
        let mut n = usize::from(self.len[j]);
        if n == k {
            if !better((units, s), list[k - 1]) {
                return;
            }
            n -= 1;
        } else {
            self.len[j] += 1;
        }
        let mut at = n;
        while at > 0 && better((units, s), list[at - 1]) {
            list[at] = list[at - 1];
            at -= 1;
        }
        list[at] = (units, s);
        if usize::from(self.len[j]) == k {
            self.floor[j] = list[k - 1].0;
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
        self
    }

    fn into_lists(self) -> (Vec<Vec<(u32, i64)>>, Vec<u64>) {
        let k = self.k;
        let lists = (0..self.len.len())
            .map(|j| {
                self.slots[j * k..j * k + usize::from(self.len[j])]
                    .iter()
                    .map(|&(u, s)| (s, u))
                    .collect()
            })
            .collect();
        (lists, self.allowed)
    }
}

/// Keeps the best `k` of a stream of offers.
fn push_best(list: &mut Vec<(u32, i64)>, k: usize, j: u32, units: i64) {
    if list.len() == k {
        let worst = list[k - 1];
        if !better((units, j), (worst.1, worst.0)) {
            return;
        }
        list.pop();
    }
    let at = list.partition_point(|&(j2, u2)| better((u2, j2), (units, j)));
    list.insert(at, (j, units));
}

/// How many seniors one parallel task scores before handing back its lists.
const CHUNK: usize = 256;

/// Scores every allowed pair once, in parallel, keeping each person's best `k`.
pub fn candidates(scorer: &Scorer, k: usize) -> Candidates {
    let n_s = scorer.n_seniors();
    let n_j = scorer.n_juniors();
    let k = k.max(1);
    // A few contiguous blocks per thread, each with its own junior lists:
    // few enough that merging them is cheap, enough to balance the load.
    let blocks = (rayon::current_num_threads() * 4).clamp(1, n_s.max(1));
    type Partial = (Vec<(usize, Vec<(u32, i64)>, u64)>, JuniorBest);
    let parts: Vec<Partial> = (0..blocks)
        .into_par_iter()
        .map(|b| {
            let mut scratch = scorer.scratch();
            let mut junior_best = JuniorBest::new(n_j, k);
            let mut lists = Vec::new();
            for s in b * n_s / blocks..(b + 1) * n_s / blocks {
                let mut list = Vec::with_capacity(k);
                let mut allowed = 0u64;
                scorer.for_each_allowed(s, &mut scratch, |j, _, units| {
                    allowed += 1;
                    push_best(&mut list, k, j as u32, units);
                    junior_best.allowed[j] += 1;
                    junior_best.offer(j, s as u32, units);
                });
                lists.push((s, list, allowed));
            }
            (lists, junior_best)
        })
        .collect();
    let mut parts = parts.into_iter();
    let (mut senior_lists, mut junior_best) = parts
        .next()
        .unwrap_or_else(|| (Vec::new(), JuniorBest::new(n_j, k)));
    for (lists, best) in parts {
        senior_lists.extend(lists);
        junior_best = junior_best.merge(best);
    }
    senior_lists.sort_unstable_by_key(|(s, _, _)| *s);
    let (senior_best, senior_allowed) = senior_lists
        .into_iter()
        .map(|(_, list, n)| (list, n))
        .unzip();
    let (junior_lists, junior_allowed) = junior_best.into_lists();
    Candidates {
        k,
        senior_best,
        junior_best: junior_lists,
        senior_allowed,
        junior_allowed,
    }
}

/// The union of every senior's and every junior's best partners, plus
/// `extra` pairs, as a graph.
pub fn candidate_graph(
    scorer: &Scorer,
    candidates: &Candidates,
    extra: &[(u32, u32, i64)],
) -> Graph {
    let mut lists: Vec<Vec<(u32, i64)>> = candidates.senior_best.clone();
    for (j, list) in candidates.junior_best.iter().enumerate() {
        for &(s, units) in list {
            lists[s as usize].push((j as u32, units));
        }
    }
    for &(s, j, units) in extra {
        lists[s as usize].push((j, units));
    }
    for list in &mut lists {
        list.sort_unstable();
        list.dedup_by_key(|e| e.0);
    }
    Graph::from_lists(
        scorer.senior_left.clone(),
        scorer.junior_left.clone(),
        &lists,
    )
}

/// Every allowed pair as a graph (for small rosters and the integer program).
pub fn full_graph(scorer: &Scorer) -> Graph {
    let mut scratch = scorer.scratch();
    let lists: Vec<Vec<(u32, i64)>> = (0..scorer.n_seniors())
        .map(|s| {
            let mut list = Vec::new();
            scorer.for_each_allowed(s, &mut scratch, |j, _, units| list.push((j as u32, units)));
            list.sort_unstable();
            list
        })
        .collect();
    Graph::from_lists(
        scorer.senior_left.clone(),
        scorer.junior_left.clone(),
        &lists,
    )
}

/// The outcome of checking a pairing's optimality certificate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Certificate {
    /// Primal and dual values agree and every allowed pair satisfies its
    /// dual constraint: the pairing is optimal over all allowed pairs.
    Proven,
    /// These allowed pairs `(senior, junior, units)`, absent from the graph,
    /// could improve the pairing; add them and solve again.
    Missing(Vec<(u32, u32, i64)>),
    /// The duals do not prove optimality on the graph itself.
    Broken(String),
}

/// Checks the LP-duality certificate of `assignment` on `graph`, then over
/// every allowed pair the graph leaves out.
///
/// Dual of max sum w x, subject to per-person capacities and x <= 1:
/// min sum cap_s u_s + sum cap_j v_j + sum z_e with u, v, z >= 0 and
/// u_s + v_j + z_e >= w_e. With z_e = 0 off the pairing, equal primal and
/// dual values prove optimality.
pub fn certify(
    scorer: &Scorer,
    objective: Objective,
    graph: &Graph,
    candidates: &Candidates,
    assignment: &Assignment,
    cache: &mut PairCache,
) -> Certificate {
    let u = &assignment.senior_dual;
    let v = &assignment.junior_dual;
    if u.len() != graph.n_seniors() || v.len() != graph.n_juniors() {
        return Certificate::Broken("the solver returned no dual values".into());
    }
    if let Some(bad) = u.iter().chain(v).find(|d| **d < 0) {
        return Certificate::Broken(format!("a negative dual value {bad}"));
    }
    let mut paired = vec![false; graph.n_edges()];
    let mut senior_load = vec![0u32; graph.n_seniors()];
    let mut junior_load = vec![0u32; graph.n_juniors()];
    let mut primal: Value = 0;
    let mut slack: Value = 0;
    for &e in &assignment.edges {
        paired[e] = true;
        let s = graph.senior_of(e);
        let j = graph.junior[e] as usize;
        senior_load[s] += 1;
        junior_load[j] += 1;
        let w = objective.value(graph.units[e]);
        primal += w;
        slack += (w - u[s] - v[j]).max(0);
    }
    if senior_load
        .iter()
        .zip(&graph.senior_cap)
        .any(|(l, c)| l > c)
        || junior_load
            .iter()
            .zip(&graph.junior_cap)
            .any(|(l, c)| l > c)
    {
        return Certificate::Broken("the pairing exceeds a capacity".into());
    }
    for (s, &us) in u.iter().enumerate() {
        for e in graph.edges(s) {
            let j = graph.junior[e] as usize;
            if !paired[e] && objective.value(graph.units[e]) > us + v[j] {
                return Certificate::Broken(format!(
                    "candidate pair {s}-{j} violates its dual constraint"
                ));
            }
        }
    }
    let dual: Value = graph
        .senior_cap
        .iter()
        .zip(u)
        .map(|(c, d)| Value::from(*c) * d)
        .sum::<Value>()
        + graph
            .junior_cap
            .iter()
            .zip(v)
            .map(|(c, d)| Value::from(*c) * d)
            .sum::<Value>()
        + slack;
    if dual != primal {
        return Certificate::Broken(format!(
            "the primal value {primal} differs from the dual value {dual}"
        ));
    }

    // Along with the violating pairs, a scanned senior's next-best pairs
    // come back too: they are the likeliest to violate once duals move,
    // so the next round seldom has to scan again.
    let (violations, missing) = left_out_above(
        scorer,
        objective,
        graph,
        candidates,
        cache,
        u,
        v,
        0,
        3 * candidates.k,
    );
    if violations == 0 {
        return Certificate::Proven;
    }
    if missing.is_empty() {
        Certificate::Proven
    } else {
        let mut missing = missing;
        missing.sort_unstable();
        Certificate::Missing(missing)
    }
}

/// Every allowed pair of the seniors a certificate scan had to look at,
/// kept so that later rounds (whose duals differ) check them again without
/// scoring them again. Bounded: past `PairCache::BUDGET` pairs, seniors are
/// scored afresh each time.
#[derive(Debug, Default)]
pub struct PairCache {
    lists: Vec<Option<Vec<(u32, i64)>>>,
    stored: usize,
}

impl PairCache {
    /// At most this many pairs are kept (about 12 bytes each).
    pub const BUDGET: usize = 40_000_000;

    pub fn new(n_seniors: usize) -> Self {
        PairCache {
            lists: vec![None; n_seniors],
            stored: 0,
        }
    }
}

/// Scans the allowed pairs left out of `graph` for those whose reduced
/// cost `w - u_s - v_j` is above `-slack`. Returns how many there are and
/// the pairs: those, plus (with `deeper` > 0) each scanned senior's next
/// `deeper` best left-out pairs.
///
/// A senior whose whole allowed list is in the graph needs no look; nor one
/// whose dual covers its k-th best score (every left-out pair scores at
/// most that, and v >= 0).
#[allow(clippy::too_many_arguments)]
pub fn left_out_above(
    scorer: &Scorer,
    objective: Objective,
    graph: &Graph,
    candidates: &Candidates,
    cache: &mut PairCache,
    u: &[Value],
    v: &[Value],
    slack: Value,
    deeper: usize,
) -> (usize, Vec<(u32, u32, i64)>) {
    let k = candidates.k;
    let to_scan: Vec<usize> = (0..graph.n_seniors())
        .filter(|&s| {
            let best = &candidates.senior_best[s];
            candidates.senior_allowed[s] > best.len() as u64
                && best.len() == k
                && objective.value(best[k - 1].1) - u[s] > -slack
        })
        .collect();
    // Score the seniors not cached yet, in parallel, then cache them.
    let fresh: Vec<usize> = to_scan
        .iter()
        .copied()
        .filter(|&s| cache.lists[s].is_none())
        .collect();
    let scored: Vec<(usize, Vec<(u32, i64)>)> = fresh
        .par_chunks(CHUNK)
        .flat_map_iter(|chunk| {
            let mut scratch = scorer.scratch();
            chunk
                .iter()
                .map(|&s| {
                    let mut list = Vec::new();
                    scorer.for_each_allowed(s, &mut scratch, |j, _, units| {
                        list.push((j as u32, units))
                    });
                    (s, list)
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let mut uncached: Vec<(usize, Vec<(u32, i64)>)> = Vec::new();
    for (s, list) in scored {
        if cache.stored + list.len() <= PairCache::BUDGET {
            cache.stored += list.len();
            cache.lists[s] = Some(list);
        } else {
            uncached.push((s, list));
        }
    }
    let lists: Vec<(usize, &[(u32, i64)])> = to_scan
        .iter()
        .filter_map(|&s| cache.lists[s].as_deref().map(|l| (s, l)))
        .chain(uncached.iter().map(|(s, l)| (*s, l.as_slice())))
        .collect();
    let (count, mut found): (usize, Vec<(u32, u32, i64)>) = lists
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut count = 0;
            let mut found = Vec::new();
            let mut best = Vec::with_capacity(deeper);
            for &(s, list) in chunk {
                let edges = &graph.junior[graph.edges(s)];
                best.clear();
                for &(j, units) in list {
                    if edges.binary_search(&j).is_err() {
                        if objective.value(units) - u[s] - v[j as usize] > -slack {
                            count += 1;
                            found.push((s as u32, j, units));
                        } else if deeper > 0 {
                            push_best(&mut best, deeper, j, units);
                        }
                    }
                }
                found.extend(best.iter().map(|&(j, units)| (s as u32, j, units)));
            }
            (count, found)
        })
        .reduce(
            || (0, Vec::new()),
            |(n, mut a), (m, b)| {
                a.extend(b);
                (n + m, a)
            },
        );
    found.sort_unstable();
    (count, found)
}
