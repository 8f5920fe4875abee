//! `rmatch check`: is a roster ready to pair? Beyond validation, a summary a
//! coordinator can act on: counts by role and capacity, who cannot be paired
//! and why, the senior goals no junior covers (whom to recruit), the juniors
//! nobody can use, and how many seniors could be paired at best.

use std::collections::BTreeMap;

use crate::candidates::{self, Candidates};
use crate::continuation::{Continuation, Ended};
use crate::explain;
use crate::roster::{Person, Role, Roster};
use crate::scoring::Scorer;
use crate::solve::{self, Method, Objective, SolveOptions};

/// Headcount of one side of the roster.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Side {
    pub people: usize,
    /// People with capacity > 0.
    pub taking_part: usize,
    /// The sum of capacities.
    pub places: u64,
    /// How many people declared each capacity.
    pub by_capacity: BTreeMap<u32, usize>,
}

impl Side {
    fn of(people: &[Person]) -> Side {
        let mut by_capacity = BTreeMap::new();
        for p in people {
            *by_capacity.entry(p.capacity).or_insert(0) += 1;
        }
        Side {
            people: people.len(),
            taking_part: people.iter().filter(|p| p.capacity > 0).count(),
            places: people.iter().map(|p| u64::from(p.capacity)).sum(),
            by_capacity,
        }
    }

    fn describe(&self) -> String {
        let capacities: Vec<String> = self
            .by_capacity
            .iter()
            .map(|(c, n)| format!("{n} with capacity {c}"))
            .collect();
        if capacities.is_empty() {
            return format!("{} (none taking part)", self.people);
        }
        format!(
            "{} ({} taking part, {}; {})",
            self.people,
            self.taking_part,
            crate::text::count(
                usize::try_from(self.places).unwrap_or(usize::MAX),
                "place",
                "places"
            ),
            capacities.join(", ")
        )
    }
}

/// A learning goal that no junior taking part knows above the level of the
/// seniors who want it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UncoveredGoal {
    /// The topic's interned id.
    pub id: u32,
    pub topic: String,
    /// The seniors (indices) who want it and cannot learn it from anyone.
    pub seniors: Vec<usize>,
    /// The sum of their priorities for it.
    pub priority: u32,
    /// The best level any junior taking part has in it (0: nobody).
    pub best_junior_level: u8,
    /// Whether a junior at that level gave it in the roster (else it is
    /// the default level, never shown).
    pub best_level_stated: bool,
}

/// How many seniors could be paired at the same time, at best.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reach {
    /// The exact maximum: a pairing that gives each senior at most one
    /// junior (besides locked pairs), with the most pairs, solved and proven
    /// optimal.
    Exact(usize),
    /// The same maximum with the quotas (`--fair`, `--max-same`) left out:
    /// an upper bound, as quotas can only lower it.
    WithoutQuotas(usize),
    /// An upper bound (seniors with an allowed partner, capped by the places
    /// of juniors with one), used when the solver could not prove its answer.
    AtMost(usize),
}

/// Everything `rmatch check` reports.
#[derive(Clone, Debug)]
pub struct Readiness {
    pub source: String,
    pub seniors: Side,
    pub juniors: Side,
    pub allowed_pairs: u64,
    pub reach: Reach,
    /// Seniors taking part with no learning goals.
    pub no_goals: Vec<usize>,
    /// Seniors taking part with no allowed partner, and why (the reason
    /// for the first [`LINES_AT_MOST`]; empty for the rest).
    pub lonely_seniors: Vec<(usize, String)>,
    /// Juniors taking part with no allowed partner, and why (likewise).
    pub lonely_juniors: Vec<(usize, String)>,
    /// Most wanted first.
    pub uncovered: Vec<UncoveredGoal>,
    /// Topics and interests that may be one spelled differently (see
    /// [`crate::roster::spellings`]), the most used spelling first.
    pub duplicates: Vec<Vec<u32>>,
    pub warnings: usize,
    /// With `min_capacity` in the roster: whether every minimum can hold,
    /// in words (the exact answer `rmatch pair` gives).
    pub minimums: Option<String>,
    /// Why the locked pairs cannot all be kept (a lock that breaks a rule,
    /// or more locks than a capacity), in `rmatch pair`'s words; None when
    /// they can.
    pub locks: Option<String>,
    /// With `--continue`: what the last pairing keeps, ends and leaves to
    /// pair (see [`Readiness::continuing`]).
    pub continued: Option<Continued>,
}

/// What `rmatch pair --continue` would go on with: the last pairs kept and
/// ended, and the places left to pair around the locked pairs.
#[derive(Clone, Debug, PartialEq)]
pub struct Continued {
    /// The last pairs file, as given.
    pub file: String,
    pub kept: usize,
    /// The ended pairs, with why, in `rmatch pair`'s order and words.
    pub ended: Vec<Ended>,
    /// Places left to pair (seniors, juniors): the places of people
    /// taking part, less those the locked pairs (kept ones and the
    /// coordinator's own) take.
    pub left: [u64; 2],
    /// All places (seniors, juniors).
    pub places: [u64; 2],
    /// Whether some locked pairs are the coordinator's own, not kept ones.
    pub own_locks: bool,
}

/// People named in one list before "and N more".
const LIST_AT_MOST: usize = 5;

/// Lines of one section (people nobody can be paired with, goals no junior
/// covers) before "and N more".
pub const LINES_AT_MOST: usize = 20;

/// People of one side whose reasons are worked out (and grouped when the
/// same); the rest are counted.
pub const REASONS_AT_MOST: usize = 200;

impl Readiness {
    /// Looks at a validated roster under the programme rules of `scorer`.
    /// Runs the exact solver once, on the roster with every senior's
    /// capacity cut to 1.
    pub fn assess(scorer: &Scorer) -> Readiness {
        let roster = scorer.roster;
        let (reach, candidates) = reach(scorer);
        // The reach's candidates are found on the roster with each senior
        // cut to one place, or to their locked pairs: with locks, a senior
        // with a place left beside them would look full there, so who can
        // be paired is found on the roster as it is.
        let candidates = match candidates {
            Some(candidates) if scorer.rules.locked.is_empty() => candidates,
            _ => candidates::candidates(scorer, 1),
        };
        let mut locked = [
            vec![false; roster.n_seniors],
            vec![false; roster.n_juniors()],
        ];
        for &(s, j) in &scorer.rules.locked {
            locked[0][s] = true;
            locked[1][j] = true;
        }
        let no_goals = (0..roster.n_seniors)
            .filter(|&s| {
                let p = roster.senior(s);
                p.capacity > 0 && p.wants.is_empty()
            })
            .collect();
        // People taking part, not locked, with no allowed partner, and why.
        let lonely = |role: Role, locked: &[bool]| -> Vec<(usize, String)> {
            roster
                .in_id_order(role)
                .filter(|&i| {
                    roster.person(role, i).capacity > 0
                        && !locked[i]
                        && candidates.allowed(role, i) == 0
                })
                .enumerate()
                .map(|(k, i)| {
                    // Only the reasons `render` can show are worked out:
                    // each looks at the whole other side.
                    let why = if k < REASONS_AT_MOST {
                        explain::unmatched(scorer, &candidates, None, role, i)
                    } else {
                        String::new()
                    };
                    (i, why)
                })
                .collect()
        };
        let lonely_seniors = lonely(Role::Senior, &locked[0]);
        let lonely_juniors = lonely(Role::Junior, &locked[1]);
        let minimums = minimums(scorer);
        let locks = crate::solve::check_locks(scorer)
            .err()
            .map(|e| e.to_string());
        Readiness {
            source: roster.source.clone(),
            seniors: Side::of(roster.seniors()),
            juniors: Side::of(roster.juniors()),
            allowed_pairs: candidates.allowed_pairs(),
            reach,
            no_goals,
            lonely_seniors,
            lonely_juniors,
            uncovered: uncovered_goals(roster),
            duplicates: crate::roster::spellings::likely_duplicates(roster),
            warnings: roster.warnings.len(),
            minimums,
            locks,
            continued: None,
        }
    }

    /// Adds what `continuation` keeps and ends, for a readiness assessed
    /// with its kept pairs locked in `scorer` (as `rmatch pair --continue`
    /// solves).
    pub fn continuing(&mut self, scorer: &Scorer, continuation: &Continuation) {
        let sum = |left: &[u32]| left.iter().map(|&n| u64::from(n)).sum::<u64>();
        self.continued = Some(Continued {
            file: continuation.file.clone(),
            kept: continuation.kept.len(),
            ended: continuation.ended.clone(),
            left: [sum(&scorer.senior_left), sum(&scorer.junior_left)],
            places: [self.seniors.places, self.juniors.places],
            own_locks: scorer
                .rules
                .locked
                .iter()
                .any(|&(s, j)| !continuation.is_kept(s, j)),
        });
    }

    /// The report printed by `rmatch check`, each line wrapped to `width`
    /// columns when given (a terminal's width).
    pub fn render(&self, roster: &Roster, width: Option<usize>) -> String {
        let mut out = String::new();
        // Each line escaped whole: roster text cannot drive the terminal
        // nor start a line of its own.
        let mut line = |text: String| {
            let text = crate::text::escape(&text);
            match width {
                Some(width) => wrap(&text, width, &mut out),
                None => out.push_str(&text),
            }
            out.push('\n');
        };
        let senior = |s: usize| roster.senior(s).label();
        let junior = |j: usize| roster.junior(j).label();
        line(format!("roster: {}", self.source));
        line(format!("seniors: {}", self.seniors.describe()));
        line(format!("juniors: {}", self.juniors.describe()));
        if let Some(supply) = explain::Supply::of(roster) {
            let (fewer, more) = (supply.surplus.other(), supply.surplus);
            line(format!(
                "places: {}; recruit {fewer}s or raise {fewer} capacities to pair more {more}s",
                supply.sentence()
            ));
        }
        if !roster.placeholders.is_empty() {
            // The words as the --missing list writes them, never the
            // roster's own spelling; for a private column only how many.
            let columns: Vec<String> = roster
                .placeholders
                .iter()
                .map(|p| {
                    if roster.is_private(&p.column) {
                        let n: usize = p.words.iter().map(|(_, n)| n).sum();
                        return format!("{} ({n})", p.column);
                    }
                    let words: Vec<String> = p
                        .words
                        .iter()
                        .map(|(word, n)| format!("{n} \"{word}\""))
                        .collect();
                    format!("{} ({})", p.column, words.join(", "))
                })
                .collect();
            line(format!(
                "placeholder answers read as blank (no answer; set the list with --missing): {}",
                columns.join("; ")
            ));
        }
        if let Some(c) = &self.continued {
            let places = |side: usize, role: &str| {
                format!(
                    "{} of {} {role} place{}",
                    c.left[side],
                    c.places[side],
                    if c.places[side] == 1 { "" } else { "s" }
                )
            };
            line(format!(
                "continued from {}: {} kept, {} ended; left to pair: {} and {} (the {} take the rest)",
                c.file,
                crate::text::count(c.kept, "pair", "pairs"),
                c.ended.len(),
                places(0, "senior"),
                places(1, "junior"),
                if c.own_locks {
                    "kept and locked pairs"
                } else {
                    "kept pairs"
                }
            ));
            for e in c.ended.iter().take(LINES_AT_MOST) {
                line(format!(
                    "  {}-{} ended ({} line {}): {}",
                    e.senior_id, e.junior_id, c.file, e.line, e.reason
                ));
            }
            if c.ended.len() > LINES_AT_MOST {
                line(format!("  and {} more", c.ended.len() - LINES_AT_MOST));
            }
        }
        line(format!("allowed pairs: {}", self.allowed_pairs));
        line(match self.reach {
            Reach::Exact(n) => format!(
                "seniors who can be paired at best: {n} of {} taking part (exact: the largest pairing giving each senior one junior, found by the flow solver and proven optimal)",
                self.seniors.taking_part
            ),
            Reach::WithoutQuotas(n) => format!(
                "seniors who can be paired at best: at most {n} of {} taking part (an upper bound: the largest pairing giving each senior one junior, proven optimal, with the --fair and --max-same quotas left out)",
                self.seniors.taking_part
            ),
            Reach::AtMost(n) => format!(
                "seniors who can be paired at best: at most {n} of {} taking part (an upper bound: seniors with an allowed partner, capped by the places of juniors with one)",
                self.seniors.taking_part
            ),
        });
        if let Some(minimums) = &self.minimums {
            line(minimums.clone());
        }
        if let Some(locks) = &self.locks {
            line(format!(
                "locked pairs: {} (rmatch pair stops here, with exit 6)",
                locks.strip_prefix("the locked pairs ").unwrap_or(locks)
            ));
        }
        if !self.no_goals.is_empty() {
            line(format!(
                "seniors with no learning goals: {}",
                named_list(
                    self.no_goals
                        .iter()
                        .map(|&s| roster.senior(s).id.clone())
                        .collect()
                )
            ));
        }
        // A long section lists its first lines and counts the rest.
        let more = |line: &mut dyn FnMut(String), total: usize| {
            if total > LINES_AT_MOST {
                line(format!("  and {} more", total - LINES_AT_MOST));
            }
        };
        if !self.lonely_seniors.is_empty() {
            line(format!(
                "seniors nobody can be paired with: {}",
                self.lonely_seniors.len()
            ));
            grouped(&mut line, &self.lonely_seniors, "seniors", &senior);
        }
        if !self.uncovered.is_empty() {
            line(format!(
                "senior goals no junior covers, most wanted first (juniors to recruit): {}",
                self.uncovered.len()
            ));
            for goal in self.uncovered.iter().take(LINES_AT_MOST) {
                let n = goal.seniors.len();
                let names = named_list(goal.seniors.iter().map(|&s| senior(s)).collect());
                let teachers = if goal.best_junior_level == 0 {
                    "no junior teaches it".to_string()
                } else if !goal.best_level_stated {
                    "the juniors who know it are not above their level".to_string()
                } else {
                    format!(
                        "the best junior is at level {}, not above theirs",
                        goal.best_junior_level
                    )
                };
                // A near miss: another spelling of it that juniors teach.
                let near: Vec<String> = self
                    .duplicates
                    .iter()
                    .find(|g| g.contains(&goal.id))
                    .into_iter()
                    .flatten()
                    .filter(|&&other| other != goal.id)
                    .filter_map(|&other| {
                        let teach = roster
                            .juniors()
                            .iter()
                            .filter(|p| p.capacity > 0 && p.level(other) > 0)
                            .count();
                        (teach > 0).then(|| {
                            format!(
                                "{teach} junior{} {} {}",
                                if teach == 1 { "" } else { "s" },
                                if teach == 1 { "teaches" } else { "teach" },
                                roster.topic(other)
                            )
                        })
                    })
                    .collect();
                let near = if near.is_empty() {
                    String::new()
                } else {
                    format!(
                        "; but {}, maybe the same topic spelled differently",
                        near.join(" and ")
                    )
                };
                line(format!(
                    "  {}: wanted by {n} senior{} ({names}); {teachers}{near}",
                    goal.topic,
                    if n == 1 { "" } else { "s" },
                ));
            }
            more(&mut line, self.uncovered.len());
        }
        if !self.lonely_juniors.is_empty() {
            line(format!(
                "juniors nobody can be paired with: {}",
                self.lonely_juniors.len()
            ));
            grouped(&mut line, &self.lonely_juniors, "juniors", &junior);
        }
        if !self.duplicates.is_empty() {
            let lines: Vec<String> = self
                .duplicates
                .iter()
                .flat_map(|group| {
                    let topic = csv_field(roster.topic(group[0]));
                    group[1..]
                        .iter()
                        .map(move |&alias| format!("{},{topic}", csv_field(roster.topic(alias))))
                        .collect::<Vec<_>>()
                })
                .collect();
            line(format!(
                "spellings that may be one topic: {} (nothing is merged; to merge them, put these alias,topic lines in a file and run again with --aliases FILE)",
                lines.len()
            ));
            for text in lines.iter().take(LINES_AT_MOST) {
                line(format!("  {text}"));
            }
            more(&mut line, lines.len());
        }
        line(format!("warnings: {}", self.warnings));
        line("the roster is valid".to_string());
        out
    }
}

/// A text as one CSV field: quoted when it holds a comma, a quote or
/// starts or ends with a space.
fn csv_field(text: &str) -> String {
    if text.contains([',', '"']) || text.trim() != text {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

/// People with their reasons, one line per reason: a reason shared by
/// several is said once, with how many and who ("3 juniors (J1, J2, J3):
/// ..."), in the order first met; at most [`LINES_AT_MOST`] lines, then
/// how many more people.
fn grouped(
    line: &mut dyn FnMut(String),
    people: &[(usize, String)],
    plural: &str,
    label: &dyn Fn(usize) -> String,
) {
    let worked_out = &people[..people.len().min(REASONS_AT_MOST)];
    let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut at: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, why) in worked_out {
        match at.get(why.as_str()) {
            Some(&g) => groups[g].1.push(*i),
            None => {
                at.insert(why, groups.len());
                groups.push((why, vec![*i]));
            }
        }
    }
    let mut shown = 0;
    for (why, members) in groups.iter().take(LINES_AT_MOST) {
        shown += members.len();
        if let [one] = members[..] {
            line(format!("  {}: {why}", label(one)));
        } else {
            let names = named_list(members.iter().map(|&i| label(i)).collect());
            line(format!("  {} {plural} ({names}): {why}", members.len()));
        }
    }
    if people.len() > shown {
        line(format!("  and {} more", people.len() - shown));
    }
}

/// Breaks a long line at spaces so no piece is wider than `width`
/// characters; the pieces after the first are indented four spaces more
/// than the line. A word longer than the width stays whole.
fn wrap(text: &str, width: usize, out: &mut String) {
    let indent = text.len() - text.trim_start_matches(' ').len();
    let pad = " ".repeat(indent + 4);
    let mut column = 0;
    for (k, word) in text[indent..].split(' ').enumerate() {
        let n = word.chars().count();
        if k == 0 {
            out.push_str(&text[..indent]);
            column = indent;
        } else if column + 1 + n > width {
            out.push('\n');
            out.push_str(&pad);
            column = pad.len();
        } else {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += n;
    }
}

/// "a, b, c, d, e and 3 more".
fn named_list(mut names: Vec<String>) -> String {
    let more = names.len().saturating_sub(LIST_AT_MOST);
    names.truncate(LIST_AT_MOST);
    let mut text = names.join(", ");
    if more > 0 {
        text.push_str(&format!(" and {more} more"));
    }
    text
}

/// Whether every `min_capacity` can hold: the exact solve `rmatch pair`
/// runs, which puts minimum loads first and is proven (None when nobody
/// has a minimum).
fn minimums(scorer: &Scorer) -> Option<String> {
    let people = &scorer.roster.people;
    let asked: u64 = people.iter().map(|p| u64::from(p.min_capacity)).sum();
    if asked == 0 {
        return None;
    }
    let with = people.iter().filter(|p| p.min_capacity > 0).count();
    if !scorer.rules.quotas.is_empty() {
        return Some(
            "minimum loads: not checked, as rmatch pair does not combine them with --max-same or --fair".into(),
        );
    }
    Some(match solve::solve(scorer, &SolveOptions::default()) {
        Ok(_) => format!(
            "minimum loads: every minimum can hold ({with} people ask for {asked} partners in all; exact, proven by the flow solver)"
        ),
        Err(crate::error::Error::Infeasible(why)) => format!(
            "minimum loads: {}",
            why.strip_prefix("the minimum loads (min_capacity) ")
                .unwrap_or(&why)
        ),
        Err(e) => format!("minimum loads: not checked ({e})"),
    })
}

/// The most seniors that can be paired at once, with the candidates the
/// solve scored (the same allowed pairs as the roster's own: no capacity
/// goes to 0, so no pair becomes forbidden).
fn reach(scorer: &Scorer) -> (Reach, Option<Candidates>) {
    let roster = scorer.roster;
    let mut locks = vec![0u32; roster.n_seniors];
    for &(s, _) in &scorer.rules.locked {
        locks[s] += 1;
    }
    let mut one_each = roster.clone();
    for (p, locked) in one_each.people[..roster.n_seniors].iter_mut().zip(&locks) {
        // One partner, or the locked ones (which the solver must keep).
        p.capacity = p.capacity.min((*locked).max(1));
    }
    // Minimum loads and everyone-first do not change how many seniors can
    // be paired at once.
    for p in &mut one_each.people {
        p.min_capacity = 0;
    }
    let mut rules = scorer.rules.clone();
    rules.everyone_first = None;
    rules.spread_ties = false;
    let quotas = !rules.quotas.is_empty();
    rules.quotas.clear();
    let one_each_scorer = Scorer::with_rules(&one_each, scorer.weights, rules);
    let options = SolveOptions {
        objective: Objective::PairsThenScore,
        method: Method::Flow,
        compare_goals: false,
        ..SolveOptions::default()
    };
    match solve::solve(&one_each_scorer, &options) {
        Ok(solution) if solution.proven_optimal => {
            let mut seniors: Vec<usize> = solution.pairs.iter().map(|p| p.senior).collect();
            seniors.dedup();
            let n = seniors.len();
            let reach = if quotas {
                Reach::WithoutQuotas(n)
            } else {
                Reach::Exact(n)
            };
            (reach, Some(solution.candidates))
        }
        _ => {
            let candidates = candidates::candidates(&one_each_scorer, 1);
            let seniors = (0..roster.n_seniors)
                .filter(|&s| candidates.senior_allowed[s] > 0 || locks[s] > 0)
                .count();
            let places: u64 = (0..roster.n_juniors())
                .filter(|&j| candidates.junior_allowed[j] > 0)
                .map(|j| u64::from(roster.junior(j).capacity))
                .sum::<u64>()
                + scorer.rules.locked.len() as u64;
            let bound = (seniors as u64).min(places) as usize;
            (Reach::AtMost(bound), Some(candidates))
        }
    }
}

/// Goals of seniors taking part that no junior taking part knows above the
/// senior's own level, grouped by topic, most wanted first.
pub fn uncovered_goals(roster: &Roster) -> Vec<UncoveredGoal> {
    let mut best = vec![(0u8, false); roster.vocab.len()];
    for junior in roster.juniors().iter().filter(|p| p.capacity > 0) {
        for skill in &junior.skills {
            let level = &mut best[skill.id as usize];
            *level = (*level).max((skill.level, skill.stated));
        }
    }
    let mut by_topic: BTreeMap<u32, UncoveredGoal> = BTreeMap::new();
    for (s, senior) in roster.seniors().iter().enumerate() {
        if senior.capacity == 0 {
            continue;
        }
        for want in &senior.wants {
            let (top, stated) = best[want.id as usize];
            if top > senior.level(want.id) {
                continue;
            }
            let goal = by_topic.entry(want.id).or_insert_with(|| UncoveredGoal {
                id: want.id,
                topic: roster.topic(want.id).to_string(),
                seniors: Vec::new(),
                priority: 0,
                best_junior_level: top,
                best_level_stated: stated,
            });
            goal.seniors.push(s);
            goal.priority += u32::from(want.level);
        }
    }
    let mut goals: Vec<UncoveredGoal> = by_topic.into_values().collect();
    goals.sort_by(|a, b| {
        b.seniors
            .len()
            .cmp(&a.seniors.len())
            .then(b.priority.cmp(&a.priority))
            .then(a.topic.cmp(&b.topic))
    });
    goals
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::{parse, ReadOptions};
    use crate::scoring::Weights;

    fn roster(text: &str) -> Roster {
        parse("r.csv", text.as_bytes(), &ReadOptions::default()).expect("a valid roster")
    }

    #[test]
    fn long_lines_wrap_at_spaces_with_an_indent() {
        let mut out = String::new();
        wrap(
            "  J1: no allowed partner: no senior wants to learn any of this junior's skills",
            30,
            &mut out,
        );
        assert_eq!(
            out,
            "  J1: no allowed partner: no\n      senior wants to learn\n      any of this junior's\n      skills"
        );
        assert!(out.lines().all(|l| l.chars().count() <= 30));
        let mut out = String::new();
        wrap("short", 30, &mut out);
        assert_eq!(out, "short");
    }

    #[test]
    fn uncovered_goals_are_ranked_by_how_many_seniors_want_them() {
        let r = roster(
            "id,role,skills,wants,capacity\n\
             S1,senior,,fintech:2;tiktok:5;ai,\n\
             S2,senior,,fintech:5;tiktok:1,\n\
             S3,senior,python:4,fintech;python:4,\n\
             S4,senior,,quantum,0\n\
             J1,junior,ai:4;python:4,,\n\
             J2,junior,quantum:5;tiktok:5,,0\n",
        );
        let goals = uncovered_goals(&r);
        let summary: Vec<(&str, usize, u32, u8)> = goals
            .iter()
            .map(|g| {
                (
                    g.topic.as_str(),
                    g.seniors.len(),
                    g.priority,
                    g.best_junior_level,
                )
            })
            .collect();
        // fintech: 3 seniors; tiktok: 2 (J2 sits out); python: S3 is already at
        // J1's level; quantum: only S4 wants it and S4 sits out; ai is covered.
        assert_eq!(
            summary,
            [
                ("fintech", 3, 10, 0),
                ("tiktok", 2, 6, 0),
                ("python", 1, 4, 4)
            ]
        );
    }

    #[test]
    fn reach_is_the_exact_number_of_seniors_that_fit_at_once() {
        // Three seniors all need J1 (capacity 2); S1 has capacity 3 and would
        // take both J1 places and J2 if it could. At most 2 seniors + S4 (J3).
        let r = roster(
            "id,role,skills,wants,capacity\n\
             S1,senior,,ai,3\n\
             S2,senior,,ai,\n\
             S3,senior,,ai,\n\
             S4,senior,,excel,\n\
             J1,junior,ai:5,,2\n\
             J3,junior,excel:5,,\n",
        );
        let ready = Readiness::assess(&Scorer::new(&r, Weights::default()));
        assert_eq!(ready.reach, Reach::Exact(3));
        assert_eq!(ready.seniors.places, 6);
        assert_eq!(ready.seniors.by_capacity, BTreeMap::from([(1, 3), (3, 1)]));
    }
}
