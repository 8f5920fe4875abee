//! The largest pairing over every allowed pair, found without scoring.
//!
//! The certified loop solves on each person's best few partners and adds
//! back what the certificate finds missing. That converges quickly while
//! the best partners also hold a largest pairing. Where scores tie and one
//! pairing alone places nearly everyone (a long management chain in which
//! each senior may take only juniors above the next one down, a square
//! roster where every senior competes for every junior) the best few hold
//! a pairing short of the largest, and the rounds creep towards it a few
//! pairs at a time while each one scans every allowed pair.
//!
//! [`grow_to_largest`] grows the first round's pairing to a largest one over all allowed pairs by augmenting
//! paths (depth first from each senior with a free place in turn, a junior
//! reached at most once per phase, phases until one finds no path), and
//! the pairs it uses join the graph before the certificate is checked, so
//! the graph holds a largest pairing from the first round on. They are
//! allowed pairs like any candidate, so this is sound under every objective
//! and with minimum loads; where pairs come first it is what ends the
//! creeping rounds. Allowed pairs are read through a topic index ordered by the
//! management order: a senior's own reports, whom the management rule
//! forbids, are one range of it and are skipped whole, and a junior reached
//! once is taken out of every list for the phase, so a phase costs about
//! one look per junior rather than one per allowed pair. On the 20,000 x
//! 20,000 chain it finds the 1,311 missing pairs in two phases and 0.02 s.

use super::graph::Graph;
use crate::scoring::Scorer;

/// No person (a search tree's root, a list's end).
const NONE: u32 = u32::MAX;

/// What [`grow_to_largest`] found.
#[derive(Debug, Default)]
pub struct Grown {
    /// Pairs of the largest pairing that the graph lacks, with their units.
    pub added: Vec<(u32, u32, i64)>,
    /// How many more pairs the largest pairing has than the one given.
    pub gained: usize,
    /// Search phases run (the last finds no path).
    pub phases: usize,
    /// Pairs checked against the rules.
    pub checked: u64,
    /// Whether the search ran out of its budget before it could show the
    /// pairing largest (the pairs it found still join the graph).
    pub stopped: bool,
}

/// The juniors who teach each topic, ordered by their place in the
/// management order, with a "next junior not yet reached" link per place
/// (a union-find that skips reached juniors in near-constant time). A
/// topic's list is made the first time a search reads it, and a junior
/// reached in a phase is skipped where a search meets it: the searches of
/// a roster whose candidates already hold a largest pairing read a few
/// topics (at 100,000 x 200,000, making every topic's list first took
/// 0.043 s of a search that checked 395 pairs).
struct TopicIndex {
    /// Per topic, once read: `(enter, junior, level)` sorted by `enter`.
    lists: Vec<Vec<(u32, u32, u8)>>,
    made: Vec<bool>,
    /// Per topic: the next place at or after each place whose junior may
    /// not be reached yet (one extra place at the end), and the phase
    /// these links were set up for.
    next: Vec<Vec<u32>>,
    next_phase: Vec<u32>,
    /// Per junior: the phase in which it was reached (0: none).
    reached: Vec<u32>,
    /// The phase now searched, from 1.
    phase: u32,
}

impl TopicIndex {
    fn new(scorer: &Scorer) -> TopicIndex {
        let n_topics = scorer.roster.vocab.len();
        TopicIndex {
            lists: vec![Vec::new(); n_topics],
            made: vec![false; n_topics],
            next: vec![Vec::new(); n_topics],
            next_phase: vec![0; n_topics],
            reached: vec![0; scorer.n_juniors()],
            phase: 1,
        }
    }

    /// Topic `t`'s list, made now if no search has read it yet: its
    /// teachers with a place left (the scorer's), by their place in the
    /// management order.
    fn list(&mut self, scorer: &Scorer, t: usize) -> &[(u32, u32, u8)] {
        if !self.made[t] {
            let roster = scorer.roster;
            let mut list: Vec<(u32, u32, u8)> = scorer
                .teachers_of(t)
                .iter()
                .map(|&(j, level)| (roster.span(roster.n_seniors + j as usize).0, j, level))
                .collect();
            list.sort_unstable();
            self.lists[t] = list;
            self.made[t] = true;
        }
        &self.lists[t]
    }

    /// Every junior unreached again.
    fn reset(&mut self) {
        self.phase += 1;
    }

    /// The first place at or after `at` in topic `t` (whose list is made)
    /// whose junior is not reached.
    fn find(&mut self, t: usize, mut at: u32) -> u32 {
        let list = &self.lists[t];
        let next = &mut self.next[t];
        if self.next_phase[t] != self.phase {
            next.clear();
            next.extend(0..=list.len() as u32);
            self.next_phase[t] = self.phase;
        }
        loop {
            while next[at as usize] != at {
                let skip = next[next[at as usize] as usize];
                next[at as usize] = skip;
                at = skip;
            }
            match list.get(at as usize) {
                Some(&(_, j, _)) if self.reached[j as usize] == self.phase => {
                    next[at as usize] = at + 1;
                    at += 1;
                }
                _ => return at,
            }
        }
    }

    /// Takes junior `j` out of every list for this phase.
    fn reach(&mut self, j: usize) {
        self.reached[j] = self.phase;
    }
}

/// Where one senior's look along its allowed juniors has got to: its
/// goal, which side of its reports' range, and the next place.
struct Look {
    s: u32,
    want: usize,
    /// 0: before the senior's reports in the management order; 1: after.
    part: u8,
    at: u32,
    /// Where this part ends (NONE: not worked out yet for this goal).
    to: u32,
    /// Where the reports end, the start of part 1.
    reports_to: u32,
}

impl Look {
    fn new(s: usize) -> Look {
        Look {
            s: s as u32,
            want: 0,
            part: 0,
            at: 0,
            to: NONE,
            reports_to: 0,
        }
    }

    /// The next junior not reached this phase whom the senior may take and
    /// is not paired with already.
    fn next(
        &mut self,
        scorer: &Scorer,
        index: &mut TopicIndex,
        senior_pairs: &[Vec<u32>],
        checked: &mut u64,
    ) -> Option<usize> {
        let roster = scorer.roster;
        let s = self.s as usize;
        let senior = roster.senior(s);
        loop {
            let want = senior.wants.get(self.want)?;
            let t = want.id as usize;
            if self.to == NONE {
                // The senior's reports (whom the management rule forbids)
                // sit in one range of the list, skipped whole.
                let (enter, leave) = roster.span(s);
                let list = index.list(scorer, t);
                self.to = list.partition_point(|e| e.0 < enter) as u32;
                self.reports_to = list.partition_point(|e| e.0 < leave) as u32;
                self.at = 0;
            }
            let at = index.find(t, self.at);
            if at < self.to {
                self.at = at + 1;
                let (_, j, level) = index.lists[t][at as usize];
                if level > senior.level(want.id) && !senior_pairs[s].contains(&j) {
                    *checked += 1;
                    if scorer.may_pair_at_all(s, j as usize) {
                        return Some(j as usize);
                    }
                }
            } else if self.part == 0 {
                self.part = 1;
                self.at = self.reports_to;
                self.to = index.lists[t].len() as u32;
            } else {
                self.want += 1;
                self.part = 0;
                self.to = NONE;
            }
        }
    }
}

/// Grows the pairing `edges` of `graph` (whose pairs are allowed pairs of
/// `scorer`) to a largest pairing over all allowed pairs, keeping each
/// person within their free places, and returns the pairs of that pairing
/// the graph lacks. Each phase searches depth first from every senior with
/// a free place in turn, flipping each path as it is found; a junior
/// reached once is not reached again in the phase, and phases repeat until
/// one finds no path, or until `budget` pairs have been checked against
/// the rules (the search speeds the rounds up; it is not what proves the
/// pairing optimal, so where it would cost more than it saves it stops).
/// Deterministic: the result depends only on the inputs.
pub fn grow_to_largest(scorer: &Scorer, graph: &Graph, edges: &[usize], budget: u64) -> Grown {
    let roster = scorer.roster;
    let (n_s, n_j) = (scorer.n_seniors(), scorer.n_juniors());
    let mut senior_pairs: Vec<Vec<u32>> = vec![Vec::new(); n_s];
    let mut junior_pairs: Vec<Vec<u32>> = vec![Vec::new(); n_j];
    for &e in edges {
        let (s, j) = (graph.senior_of(e), graph.junior[e]);
        senior_pairs[s].push(j);
        junior_pairs[j as usize].push(s as u32);
    }
    let mut index = TopicIndex::new(scorer);
    let mut grown = Grown::default();
    // Per phase: whether a senior was reached, the junior it was reached
    // through (NONE for the search's start), the senior each junior was
    // reached from.
    let mut seen = vec![false; n_s];
    let mut via = vec![NONE; n_s];
    let mut from = vec![NONE; n_j];
    let mut stack: Vec<Look> = Vec::new();
    loop {
        grown.phases += 1;
        index.reset();
        seen.fill(false);
        let mut found = 0;
        for start in 0..n_s {
            let free = senior_pairs[start].len() < scorer.senior_left[start] as usize;
            if !free || seen[start] || roster.senior(start).wants.is_empty() {
                continue;
            }
            seen[start] = true;
            via[start] = NONE;
            stack.clear();
            stack.push(Look::new(start));
            while let Some(look) = stack.last_mut() {
                if grown.checked > budget {
                    grown.stopped = true;
                    break;
                }
                let s = look.s;
                let Some(j) = look.next(scorer, &mut index, &senior_pairs, &mut grown.checked)
                else {
                    stack.pop();
                    continue;
                };
                index.reach(j);
                from[j] = s;
                if junior_pairs[j].len() < scorer.junior_left[j] as usize {
                    flip(j as u32, &from, &via, &mut senior_pairs, &mut junior_pairs);
                    found += 1;
                    break;
                }
                for &next in &junior_pairs[j] {
                    if !seen[next as usize] {
                        seen[next as usize] = true;
                        via[next as usize] = j as u32;
                        stack.push(Look::new(next as usize));
                    }
                }
            }
        }
        grown.gained += found;
        if found == 0 || grown.stopped {
            break;
        }
    }
    for (s, juniors) in senior_pairs.iter_mut().enumerate() {
        juniors.sort_unstable();
        let in_graph = &graph.junior[graph.edges(s)];
        for &j in juniors.iter() {
            if in_graph.binary_search(&j).is_err() {
                if let Some((_, units)) = scorer.may_pair(s, j as usize) {
                    grown.added.push((s as u32, j, units));
                }
            }
        }
    }
    grown
}

/// Flips the path that ends at free junior `end`: back from it, each
/// junior is paired with the senior it was reached from, and that senior
/// leaves the junior it was reached through, up to the search's start.
fn flip(
    end: u32,
    from: &[u32],
    via: &[u32],
    senior_pairs: &mut [Vec<u32>],
    junior_pairs: &mut [Vec<u32>],
) {
    let mut j = end;
    loop {
        let s = from[j as usize];
        senior_pairs[s as usize].push(j);
        junior_pairs[j as usize].push(s);
        let back = via[s as usize];
        if back == NONE {
            return;
        }
        senior_pairs[s as usize].retain(|&x| x != back);
        junior_pairs[back as usize].retain(|&x| x != s);
        j = back;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::candidates::candidates;
    use crate::roster::{parse, ReadOptions};
    use crate::scoring::Weights;
    use crate::solve::graph::{candidate_graph, full_graph, Objective};
    use crate::solve::{flow, TestRng};

    /// A chain of `n` seniors, each managing the next, with junior i
    /// reporting to senior i: senior k may take only juniors 1..k-1, so one
    /// pairing alone (senior k with junior k-1) places all but two people.
    fn chain(n: usize) -> String {
        let mut text = String::from("id,role,skills,wants,manager\nS1,senior,,ai,\n");
        for i in 2..=n {
            text += &format!("S{i},senior,,ai,S{}\n", i - 1);
        }
        for i in 1..=n {
            text += &format!("J{i},junior,ai:5,,S{i}\n");
        }
        text
    }

    fn largest(scorer: &Scorer) -> usize {
        flow::solve(&full_graph(scorer), Objective::PairsThenScore)
            .edges
            .len()
    }

    #[test]
    fn a_chain_is_grown_to_its_one_largest_pairing() {
        let text = chain(60);
        let roster = parse("roster.csv", text.as_bytes(), &ReadOptions::default()).unwrap();
        let scorer = Scorer::new(&roster, Weights::default());
        let cands = candidates(&scorer, 2);
        let graph = candidate_graph(&scorer, &cands, &[]);
        let start = flow::solve(&graph, Objective::PairsThenScore);
        assert!(start.edges.len() < 59, "the test needs a short start");
        let grown = grow_to_largest(&scorer, &graph, &start.edges, u64::MAX);
        assert_eq!(start.edges.len() + grown.gained, 59);
        let with = candidate_graph(&scorer, &cands, &grown.added);
        assert_eq!(
            flow::solve(&with, Objective::PairsThenScore).edges.len(),
            59
        );
    }

    #[test]
    fn random_rosters_grow_to_the_largest_pairing_of_all_allowed_pairs() {
        let mut rng = TestRng(0x005e_ed0f_ca7d);
        for case in 0..60 {
            let (n_s, n_j) = (2 + rng.below(14) as usize, 2 + rng.below(14) as usize);
            let mut text = String::from("id,role,skills,wants,manager,capacity,languages\n");
            let topics = ["ai", "tiktok", "fintech"];
            for s in 0..n_s {
                let manager = if s > 0 && rng.below(3) == 0 {
                    format!("S{}", rng.below(s as u64))
                } else {
                    String::new()
                };
                text += &format!(
                    "S{s},senior,{}:2,{},{manager},{},{}\n",
                    topics[rng.below(3) as usize],
                    topics[rng.below(3) as usize],
                    rng.below(3),
                    ["", "English", "French"][rng.below(3) as usize],
                );
            }
            for j in 0..n_j {
                let manager = if rng.below(2) == 0 {
                    format!("S{}", rng.below(n_s as u64))
                } else {
                    String::new()
                };
                text += &format!(
                    "J{j},junior,{}:{},,{manager},{},{}\n",
                    topics[rng.below(3) as usize],
                    1 + rng.below(5),
                    rng.below(3),
                    ["", "English", "French"][rng.below(3) as usize],
                );
            }
            let roster = parse("roster.csv", text.as_bytes(), &ReadOptions::default()).unwrap();
            let scorer = Scorer::new(&roster, Weights::default());
            let cands = candidates(&scorer, 1);
            let graph = candidate_graph(&scorer, &cands, &[]);
            // From the candidates' pairing and from no pairing at all.
            let start = flow::solve(&graph, Objective::PairsThenScore).edges;
            for edges in [start, Vec::new()] {
                let grown = grow_to_largest(&scorer, &graph, &edges, u64::MAX);
                assert_eq!(
                    edges.len() + grown.gained,
                    largest(&scorer),
                    "case {case}:\n{text}"
                );
                for &(s, j, units) in &grown.added {
                    let allowed = scorer.may_pair(s as usize, j as usize);
                    assert_eq!(allowed.map(|a| a.1), Some(units), "case {case}");
                }
                let with = candidate_graph(&scorer, &cands, &grown.added);
                assert_eq!(
                    flow::solve(&with, Objective::PairsThenScore).edges.len(),
                    largest(&scorer),
                    "case {case}:\n{text}"
                );
                // Stopped early, it still adds only allowed pairs and a
                // pairing no smaller.
                let cut = grow_to_largest(&scorer, &graph, &edges, 3);
                assert!(edges.len() + cut.gained <= largest(&scorer));
                for &(s, j, units) in &cut.added {
                    assert_eq!(
                        scorer.may_pair(s as usize, j as usize).map(|a| a.1),
                        Some(units)
                    );
                }
                let with = candidate_graph(&scorer, &cands, &cut.added);
                assert!(flow::solve(&with, Objective::PairsThenScore).edges.len() >= edges.len());
            }
        }
    }
}
