//! The pairing problem as a solver sees it: people with capacities,
//! candidate pairs with exact integer values ([`Graph`]), what the solver
//! maximises ([`Objective`]) and what it returns ([`Assignment`]). The two
//! graphs built from a scorer: the candidate graph (each person's best
//! partners) and the full graph (every allowed pair).

use rayon::prelude::*;

use crate::candidates::Candidates;
use crate::scoring::Scorer;

/// What the pairing maximises.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Objective {
    /// The largest number of pairs, then the highest total score among those.
    #[default]
    PairsThenScore,
    /// The highest total score, even with fewer pairs.
    Score,
    /// The most senior goals covered, each weighted by its priority, then
    /// the highest total score. A pair counts the senior's goals its junior
    /// knows above the senior's level ([`Scorer::covered_priority`]); the
    /// objective is the sum over pairs, so a senior with two partners who
    /// both cover one goal counts it twice (a sum over pairs is what the
    /// flow solves and certifies exactly).
    Goals,
}

/// A pair's value to the solver: pairs (or, for [`Objective::Goals`], the
/// priority of the goals covered) in the high 64 bits, score units in the
/// low ones, so comparing two values compares pair counts first, then
/// scores, exactly (sums stay far inside both halves).
pub type Value = i128;

impl Objective {
    /// The value of a pair scoring `units` whose junior covers goals of
    /// the senior's of total priority `goals` (read only by `Goals`).
    pub fn value(self, units: i64, goals: u32) -> Value {
        let high: Value = match self {
            Objective::PairsThenScore => 1,
            Objective::Score => 0,
            Objective::Goals => Value::from(goals),
        };
        (high << 64) + Value::from(units)
    }
}

/// Some seniors' rows of a graph, made apart from the others: each one's
/// number of pairs, in order, and the pairs `(junior, units)` of every row
/// one after another ([`Graph::from_parts`] puts parts together).
pub type RowsPart = (Vec<usize>, Vec<(u32, i64)>);

/// Candidate pairs in compressed rows: senior `s`'s pairs are
/// `start[s]..start[s + 1]`, sorted by junior.
#[derive(Clone, Debug, Default)]
pub struct Graph {
    pub senior_cap: Vec<u32>,
    pub junior_cap: Vec<u32>,
    pub start: Vec<usize>,
    pub junior: Vec<u32>,
    pub units: Vec<i64>,
    /// For [`Objective::Goals`]: each edge's covered goal priority
    /// ([`Graph::fill_goals`]); empty otherwise.
    pub goals: Vec<u32>,
    /// The order the flow places seniors in (empty: by index; see
    /// [`Graph::place_fewest_first`]).
    pub order: Vec<u32>,
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

    /// Edge `e`'s value to the solver under `objective`.
    pub fn weight(&self, objective: Objective, e: usize) -> Value {
        let goals = match objective {
            Objective::Goals => self.goals[e],
            _ => 0,
        };
        objective.value(self.units[e], goals)
    }

    /// Works out each edge's covered goal priority, which
    /// [`Objective::Goals`] needs.
    pub fn fill_goals(&mut self, scorer: &Scorer) {
        self.goals = self
            .seniors_and_edges()
            .map(|(s, e)| scorer.covered_priority(s, self.junior[e] as usize))
            .collect();
    }

    /// Has the flow place the seniors with the fewest allowed partners
    /// first (then by index): the seniors with few choices are the ones a
    /// pairing in index order keeps displacing when choices are scarce. On
    /// a 20,000 x 20,000 management chain this takes a solve from 7.3 s to
    /// 0.2 s; on generated rosters it changes nothing measurable.
    pub fn place_fewest_first(&mut self, candidates: &Candidates) {
        self.order = (0..self.n_seniors() as u32).collect();
        self.order
            .sort_by_key(|&s| (candidates.senior_allowed[s as usize], s));
    }

    /// Builds a graph from rows made in parts (side by side, say; see
    /// [`RowsPart`]).
    pub fn from_parts(senior_cap: Vec<u32>, junior_cap: Vec<u32>, parts: Vec<RowsPart>) -> Self {
        let edges = parts.iter().map(|part| part.1.len()).sum();
        let seniors = parts.iter().map(|part| part.0.len()).sum::<usize>();
        let mut graph = Graph {
            senior_cap,
            junior_cap,
            start: Vec::with_capacity(seniors + 1),
            junior: Vec::with_capacity(edges),
            units: Vec::with_capacity(edges),
            ..Graph::default()
        };
        graph.start.push(0);
        for (lengths, pairs) in parts {
            graph.junior.extend(pairs.iter().map(|pair| pair.0));
            graph.units.extend(pairs.iter().map(|pair| pair.1));
            for length in lengths {
                graph
                    .start
                    .push(graph.start[graph.start.len() - 1] + length);
            }
        }
        graph
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
        let edges = lists.iter().map(Vec::len).sum();
        graph.junior.reserve(edges);
        graph.units.reserve(edges);
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

/// The union of every senior's and every junior's best partners, plus
/// `extra` pairs, as a graph: each senior's row sorted by junior, a pair
/// listed more than once kept once (with its lowest units, though a pair's
/// units are the same wherever it is listed). The rows are built side by
/// side, a few thousand seniors to a part, each part's rows in one buffer
/// (at 100,000 x 200,000 the graph took 0.10 s built as a list per senior
/// joined after, 0.07 s this way).
pub fn candidate_graph(
    scorer: &Scorer,
    candidates: &Candidates,
    extra: &[(u32, u32, i64)],
) -> Graph {
    let n = candidates.senior_best.len();
    // The juniors' lists and the extra pairs, by senior (a counting sort:
    // the order within a senior does not matter, its row is sorted).
    let from_juniors = candidates
        .junior_best
        .iter()
        .enumerate()
        .flat_map(|(j, list)| list.iter().map(move |&(s, units)| (s, j as u32, units)));
    let mut more_start = vec![0usize; n + 1];
    for (s, ..) in from_juniors.clone().chain(extra.iter().copied()) {
        more_start[s as usize + 1] += 1;
    }
    for s in 0..n {
        more_start[s + 1] += more_start[s];
    }
    let mut more = vec![(0u32, 0i64); more_start[n]];
    let mut next = more_start.clone();
    for (s, j, units) in from_juniors.chain(extra.iter().copied()) {
        more[next[s as usize]] = (j, units);
        next[s as usize] += 1;
    }
    let parts: Vec<RowsPart> = (0..n.div_ceil(SENIORS_PER_PART))
        .into_par_iter()
        .map(|part| {
            let seniors = part * SENIORS_PER_PART..((part + 1) * SENIORS_PER_PART).min(n);
            let mut lengths = Vec::with_capacity(seniors.len());
            let mut pairs = Vec::new();
            let mut row: Vec<(u32, i64)> = Vec::new();
            for s in seniors {
                row.clear();
                row.extend_from_slice(&candidates.senior_best[s]);
                row.extend_from_slice(&more[more_start[s]..more_start[s + 1]]);
                row.sort_unstable();
                row.dedup_by_key(|e| e.0);
                pairs.extend_from_slice(&row);
                lengths.push(row.len());
            }
            (lengths, pairs)
        })
        .collect();
    let mut graph = Graph::from_parts(
        scorer.senior_left.clone(),
        scorer.junior_left.clone(),
        parts,
    );
    graph.place_fewest_first(candidates);
    graph
}

/// How many seniors' rows one part of [`candidate_graph`] builds.
const SENIORS_PER_PART: usize = 4096;

impl Graph {
    /// This graph with `pairs` `(senior, junior, units)` added: the graph
    /// [`candidate_graph`] builds when these pairs join its extra pairs
    /// (rows sorted by junior, each pair once, with its lowest units), in
    /// one merge of each senior's row with its new pairs, and with the same
    /// order of seniors. Goals are not carried over: fill them again.
    /// A certificate round's graph is the last round's with the pairs that
    /// round found missing.
    pub fn with_pairs(&self, pairs: &[(u32, u32, i64)]) -> Graph {
        let mut added = pairs.to_vec();
        added.sort_unstable();
        let mut graph = Graph {
            senior_cap: self.senior_cap.clone(),
            junior_cap: self.junior_cap.clone(),
            start: Vec::with_capacity(self.start.len()),
            junior: Vec::with_capacity(self.n_edges() + added.len()),
            units: Vec::with_capacity(self.n_edges() + added.len()),
            goals: Vec::new(),
            order: self.order.clone(),
        };
        graph.start.push(0);
        let mut next = added.iter().peekable();
        for s in 0..self.n_seniors() {
            let old = self.edges(s);
            let (junior, units) = (&self.junior[old.clone()], &self.units[old]);
            let mut i = 0;
            let push = |graph: &mut Graph, j: u32, u: i64| {
                // Equal juniors meet in (junior, units) order: the first
                // one stays.
                if graph.start[s] < graph.junior.len() && graph.junior.last() == Some(&j) {
                    return;
                }
                graph.junior.push(j);
                graph.units.push(u);
            };
            while let Some(&&(_, j, u)) = next.peek().filter(|p| p.0 as usize == s) {
                while i < junior.len() && (junior[i], units[i]) <= (j, u) {
                    push(&mut graph, junior[i], units[i]);
                    i += 1;
                }
                push(&mut graph, j, u);
                next.next();
            }
            for (&j, &u) in junior[i..].iter().zip(&units[i..]) {
                push(&mut graph, j, u);
            }
            graph.start.push(graph.junior.len());
        }
        graph
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::candidates::candidates;
    use crate::scoring::Weights;

    /// A graph grown by the pairs a round found missing is, edge for edge
    /// and in the same order of seniors, the graph built afresh with them
    /// among its extra pairs: the rounds solve the same graphs as before,
    /// so they find the same pairings. Some pairs are added twice, some
    /// are already candidates, and some seniors get none.
    #[test]
    fn a_grown_graph_is_the_graph_built_with_its_pairs() {
        for seed in 1..=4u64 {
            let roster = crate::roster::generated(40, 90, seed);
            let scorer = Scorer::new(&roster, Weights::default());
            let cands = candidates(&scorer, 2);
            let mut allowed = Vec::new();
            let mut scratch = scorer.scratch();
            for s in 0..scorer.n_seniors() {
                scorer.for_each_allowed(s, &mut scratch, |j, _, units| {
                    allowed.push((s as u32, j as u32, units));
                });
            }
            assert!(allowed.len() > 200, "the test needs many allowed pairs");
            // Two rounds' worth of pairs: every 7th and every 5th allowed
            // pair, from the last one back (unsorted), overlapping.
            let first: Vec<_> = allowed.iter().rev().step_by(7).copied().collect();
            let second: Vec<_> = allowed.iter().step_by(5).copied().collect();
            let start = candidate_graph(&scorer, &cands, &[]);
            let grown = start.with_pairs(&first).with_pairs(&second);
            let both: Vec<_> = first.iter().chain(&second).copied().collect();
            let fresh = candidate_graph(&scorer, &cands, &both);
            assert!(fresh.n_edges() > start.n_edges());
            assert_eq!(grown.start, fresh.start, "seed {seed}");
            assert_eq!(grown.junior, fresh.junior, "seed {seed}");
            assert_eq!(grown.units, fresh.units, "seed {seed}");
            assert_eq!(grown.order, fresh.order, "seed {seed}");
            assert_eq!(grown.senior_cap, fresh.senior_cap);
            assert_eq!(grown.junior_cap, fresh.junior_cap);
            for s in 0..fresh.n_seniors() {
                let row = &fresh.junior[fresh.edges(s)];
                assert!(
                    row.windows(2).all(|w| w[0] < w[1]),
                    "a row sorted, each junior once"
                );
            }
        }
    }
}
