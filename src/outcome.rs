//! What a pairing run reports, built once from a solution: one row per pair
//! and per unmatched person, each with its reason, and a summary. The
//! exporters in [`crate::output`] and the report only lay it out, so every
//! format says the same thing.

use rayon::prelude::*;

use crate::config::Config;
use crate::continuation::{Change, Continuation};
use crate::explain;
use crate::roster::Role;
use crate::scoring::{from_units, Components, Scorer, Weights};
pub use crate::solve::Totals;
use crate::solve::{Bound, Method, Objective, Optimality, Solution};
use crate::text::count;
use crate::units::round4;

/// `paired` or `unmatched`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Paired,
    Unmatched,
    /// A pair of the last run that ends (`--continue`): not a pair of this run.
    Ended,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Paired => "paired",
            Status::Unmatched => "unmatched",
            Status::Ended => "ended",
        }
    }
}

/// Id and name of one side of a row.
#[derive(Clone, Debug, PartialEq)]
pub struct Who {
    pub id: String,
    pub name: String,
    /// The kept columns' text (`--keep`), in [`Outcome::kept`]'s order.
    pub kept: Vec<String>,
}

/// One output row.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub status: Status,
    pub senior: Option<Who>,
    pub junior: Option<Who>,
    pub components: Option<Components>,
    pub why: String,
    /// For a pair: the full lists its `why` names (capped there).
    pub detail: Option<explain::PairDetail>,
    /// With `--continue`: kept, new or ended (None for the unmatched).
    pub change: Option<Change>,
}

/// Totals and provenance of a run.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Summary {
    pub pairs: usize,
    /// Seniors and juniors taking part (capacity > 0).
    pub seniors: usize,
    pub juniors: usize,
    pub seniors_unmatched: usize,
    pub juniors_unmatched: usize,
    /// People with at least one partner on each side (locked pairs too).
    pub seniors_with_partner: usize,
    pub juniors_with_partner: usize,
    pub total_score: f64,
    pub mean_score: f64,
    /// Share of the goals of seniors taking part that their partners cover.
    pub goal_coverage: f64,
    /// How many goals of seniors taking part their partners cover (a goal
    /// two partners cover counts once), of how many.
    pub goals_covered: usize,
    pub goals: usize,
    /// With another objective: what `--objective goals` would do (pairs and
    /// goals covered), when it was worked out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub with_objective_goals: Option<GoalsObjective>,
    pub weights: Weights,
    pub diversity_attributes: Vec<String>,
    pub objective: Objective,
    pub solver: Method,
    /// `optimal` only when proven, else `not proven`.
    pub status: Optimality,
    pub proof: String,
    pub allowed_pairs: u64,
    pub candidate_pairs: usize,
    pub rounds: usize,
    /// When not proven optimal: the bound and gap.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bound: Option<Bound>,
    /// With quotas: the best pairing without them, so what they cost can be
    /// read off (pairs and total score here against these).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub without_quotas: Option<Totals>,
    /// With a `prefers` column or `--stable`: the blocking pairs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stability: Option<crate::solve::stable::Stability>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub solve_seconds: Option<f64>,
    /// With `--continue`: the last pairs file and how many of its pairs
    /// were kept or ended, and how many pairs are new.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continued: Option<Continued>,
    /// The effective configuration (config file + flags), in the config
    /// file's shape, to reproduce the run.
    pub config: Config,
}

/// What `--continue` did: pairs kept from the last run, new ones, and the
/// last run's pairs that ended (not counted in `pairs`).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Continued {
    pub file: String,
    pub kept: usize,
    pub new: usize,
    pub ended: usize,
}

/// Pairs and goals covered of the `--objective goals` pairing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct GoalsObjective {
    pub pairs: usize,
    pub goals_covered: usize,
}

/// Everything a pairing run reports.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub pairs: Vec<Row>,
    pub unmatched: Vec<Row>,
    pub summary: Summary,
    /// When one side has more people than the other side has places.
    pub supply: Option<explain::Supply>,
    /// The roster columns copied into every row (`--keep`).
    pub kept: Vec<String>,
    /// With `--continue`: the last run's pairs that ended, with why.
    pub ended: Vec<Row>,
    /// With `--alternatives N`: each person's N best other partners.
    pub alternatives: Option<Vec<crate::alternatives::PersonRows>>,
}

fn who(person: &crate::roster::Person) -> Who {
    Who {
        id: person.id.clone(),
        name: person.name.clone(),
        kept: person.kept.clone(),
    }
}

impl Outcome {
    /// Builds the rows and summary of a solved pairing. `timing` puts the
    /// solve time in the summary (it makes output differ between runs).
    pub fn build(scorer: &Scorer, solution: &Solution, config: &Config, timing: bool) -> Outcome {
        Outcome::build_with(scorer, solution, config, timing, None)
    }

    /// [`Outcome::build`], continuing the last run (`--continue`): each
    /// pair says whether it is kept or new, and the ended pairs are listed.
    pub fn build_with(
        scorer: &Scorer,
        solution: &Solution,
        config: &Config,
        timing: bool,
        continuation: Option<&Continuation>,
    ) -> Outcome {
        let roster = scorer.roster;
        let pairs: Vec<Row> = solution
            .pairs
            .par_iter()
            .map(|p| {
                let s = roster.senior(p.senior);
                let j = roster.junior(p.junior);
                let (why, detail) = explain::pair_detail(scorer, p.senior, p.junior);
                let kept = continuation.and_then(|c| c.kept.get(&(p.senior, p.junior)));
                Row {
                    status: Status::Paired,
                    senior: Some(who(s)),
                    junior: Some(who(j)),
                    components: Some(scorer.shown_components(p.senior, p.junior, &p.counts)),
                    why: match kept {
                        Some(line) => format!(
                            "Kept from the last pairing ({} line {line}). {why}",
                            continuation.map_or("", |c| c.file.as_str())
                        ),
                        None if p.locked => format!("Locked by the coordinator. {why}"),
                        None => why,
                    },
                    detail: Some(detail),
                    change: continuation.map(|_| {
                        if kept.is_some() {
                            Change::Kept
                        } else {
                            Change::New
                        }
                    }),
                }
            })
            .collect();
        let mut paired = [
            vec![false; roster.n_seniors],
            vec![false; roster.n_juniors()],
        ];
        for p in &solution.pairs {
            paired[0][p.senior] = true;
            paired[1][p.junior] = true;
        }
        // Seniors first, then juniors: everyone taking part without a pair.
        let lonely: Vec<(Role, usize)> = [(Role::Senior, &paired[0]), (Role::Junior, &paired[1])]
            .into_iter()
            .flat_map(|(role, paired)| {
                roster
                    .in_id_order(role)
                    .filter(move |&i| !paired[i] && roster.person(role, i).capacity > 0)
                    .map(move |i| (role, i))
            })
            .collect();
        let supply = explain::Supply::of(roster);
        let said = supply.map(|supply| (supply, supply.sentence()));
        let unmatched: Vec<Row> = lonely
            .par_iter()
            .map(|&(role, i)| {
                let person = roster.person(role, i);
                let person = Some(who(person));
                let (senior, junior) = match role {
                    Role::Senior => (person, None),
                    Role::Junior => (None, person),
                };
                Row {
                    status: Status::Unmatched,
                    senior,
                    junior,
                    components: None,
                    why: explain::unmatched(
                        scorer,
                        &solution.candidates,
                        said.as_ref()
                            .map(|(supply, sentence)| (*supply, sentence.as_str())),
                        role,
                        i,
                    ),
                    detail: None,
                    change: None,
                }
            })
            .collect();

        let seniors = roster.seniors().iter().filter(|p| p.capacity > 0).count();
        let juniors = roster.juniors().iter().filter(|p| p.capacity > 0).count();
        let total_score: f64 = pairs
            .iter()
            .filter_map(|r| r.components)
            .map(|c| c.score)
            .sum();
        let (goals_covered, goals) =
            scorer.goals_covered(solution.pairs.iter().map(|p| (p.senior, p.junior)));
        let summary = Summary {
            pairs: pairs.len(),
            seniors,
            juniors,
            seniors_unmatched: unmatched.iter().filter(|r| r.junior.is_none()).count(),
            seniors_with_partner: paired[0].iter().filter(|&&p| p).count(),
            juniors_with_partner: paired[1].iter().filter(|&&p| p).count(),
            juniors_unmatched: unmatched.iter().filter(|r| r.senior.is_none()).count(),
            total_score: round4(total_score),
            mean_score: round4(if pairs.is_empty() {
                0.0
            } else {
                total_score / pairs.len() as f64
            }),
            goal_coverage: round4(if goals == 0 {
                0.0
            } else {
                goals_covered as f64 / goals as f64
            }),
            goals_covered,
            goals,
            with_objective_goals: solution.goals_objective.map(|(pairs, goals_covered)| {
                GoalsObjective {
                    pairs,
                    goals_covered,
                }
            }),
            weights: scorer.weights,
            diversity_attributes: roster.diversity.clone(),
            objective: config.objective,
            solver: solution.method,
            status: solution.optimality(),
            proof: solution.proof.clone(),
            allowed_pairs: solution.candidates.allowed_pairs(),
            candidate_pairs: solution.candidate_pairs,
            rounds: solution.rounds,
            bound: solution.bound,
            without_quotas: solution.without_quotas.map(|(pairs, units)| Totals {
                pairs,
                total_score: round4(from_units(units)),
            }),
            stability: crate::solve::stable::Stability::of(scorer, solution),
            solve_seconds: timing.then(|| (solution.seconds * 1e6).round() / 1e6),
            continued: continuation.map(|c| Continued {
                file: c.file.clone(),
                kept: c.kept.len(),
                new: pairs.len() - c.kept.len(),
                ended: c.ended.len(),
            }),
            config: config.as_echoed(),
        };
        let ended = continuation.map_or_else(Vec::new, |c| ended_rows(scorer, c));
        Outcome {
            pairs,
            unmatched,
            summary,
            supply,
            kept: roster.kept.clone(),
            ended,
            alternatives: None,
        }
    }

    /// What the quotas cost against the best pairing without them, in
    /// words; None when the run has no quotas.
    pub fn quota_cost(&self) -> Option<String> {
        let s = &self.summary;
        let w = s.without_quotas?;
        if s.status != Optimality::Optimal {
            // What this pairing lacks is not yet what the quotas cost.
            return Some(format!(
                "without the quotas the best pairing has {} pairs, total score {:.4}",
                w.pairs, w.total_score
            ));
        }
        let cost = if s.pairs < w.pairs {
            format!("{} pairs", w.pairs - s.pairs)
        } else if w.total_score > s.total_score {
            format!("{:.4} of total score", w.total_score - s.total_score)
        } else {
            "nothing".to_string()
        };
        Some(format!(
            "the quotas cost {cost} against the best pairing without them ({} pairs, total score {:.4})",
            w.pairs, w.total_score
        ))
    }

    /// When `--objective goals` covers markedly more senior goals (at least
    /// 10% and 2 more), one sentence saying so.
    pub fn goals_note(&self) -> Option<String> {
        let s = &self.summary;
        let other = s.with_objective_goals?;
        let (mine, theirs) = (s.goals_covered, other.goals_covered);
        (theirs >= mine + 2 && theirs * 10 >= mine * 11).then(|| {
            let pairs = if other.pairs == s.pairs {
                "the same number of pairs".to_string()
            } else {
                format!(
                    "{} instead of {}",
                    crate::text::count(other.pairs, "pair", "pairs"),
                    s.pairs
                )
            };
            format!(
                "--objective goals would cover {theirs} senior goals instead of {mine}, with {pairs}"
            )
        })
    }

    /// The one-paragraph summary printed on stderr, in a coordinator's
    /// words: "proven optimal (no better pairing exists)", with how it was
    /// proven (the solver and its certificate) only when `verbose`.
    pub fn paragraph(&self, verbose: bool) -> String {
        let s = &self.summary;
        let mut text = format!(
            "rmatch: {} from {} and {} taking part; ",
            count(s.pairs, "pair", "pairs"),
            count(s.seniors, "senior", "seniors"),
            count(s.juniors, "junior", "juniors"),
        );
        if let Some(supply) = &self.supply {
            text.push_str(&supply.sentence());
            text.push_str("; ");
        }
        text.push_str(&format!(
            "{} and {} with a partner, {} and {} unmatched; mean score {:.4}; {} of {} senior goals covered ({:.1}%); {}",
            count(s.seniors_with_partner, "senior", "seniors"),
            count(s.juniors_with_partner, "junior", "juniors"),
            s.seniors_unmatched,
            s.juniors_unmatched,
            s.mean_score,
            s.goals_covered,
            s.goals,
            100.0 * s.goal_coverage,
            match s.status {
                Optimality::Optimal => "proven optimal (no better pairing exists)",
                Optimality::NotProven => "not proven optimal",
            },
        ));
        if verbose {
            text.push_str(&format!(
                " (solver {}: {})",
                match s.solver {
                    Method::Flow => "flow",
                    Method::Ip => "ip",
                },
                s.proof
            ));
        }
        if let Some(b) = &s.bound {
            text.push_str(&format!("; {b}"));
        }
        if let Some(cost) = self.quota_cost() {
            text.push_str("; ");
            text.push_str(&cost);
        }
        if let Some(stability) = &s.stability {
            text.push_str("; ");
            text.push_str(&stability.sentence());
        }
        if let Some(note) = self.goals_note() {
            text.push_str("; ");
            text.push_str(&note);
        }
        if let Some(c) = &s.continued {
            text.push_str(&format!(
                "; from the last pairing {} kept, {} new, {} ended",
                c.kept, c.new, c.ended
            ));
        }
        if let Some(seconds) = s.solve_seconds {
            text.push_str(&format!("; solved in {seconds:.3} s"));
        }
        text.push('.');
        text
    }
}

/// The ended pairs as rows: the people as the roster has them (or the
/// file's id when they left), no score, why it ended.
fn ended_rows(scorer: &Scorer, continuation: &Continuation) -> Vec<Row> {
    let roster = scorer.roster;
    let side = |index: Option<usize>, role: Role, id: &str| {
        Some(match (index, roster.find(id)) {
            (Some(i), _) => who(roster.person(role, i)),
            // Someone now on the other side: still the roster's person,
            // with their name (the file keeps no name for them).
            (None, Some((i, _))) => who(&roster.people[i]),
            // Someone who left: the name the last pairs file gave, if any.
            (None, None) => Who {
                id: id.to_string(),
                name: continuation
                    .names
                    .get(id)
                    .cloned()
                    .unwrap_or_else(|| id.to_string()),
                kept: vec![String::new(); roster.kept.len()],
            },
        })
    };
    continuation
        .ended
        .iter()
        .map(|e| Row {
            status: Status::Ended,
            senior: side(e.senior, Role::Senior, &e.senior_id),
            junior: side(e.junior, Role::Junior, &e.junior_id),
            components: None,
            why: format!(
                "Ended ({} line {}): {}.",
                continuation.file, e.line, e.reason
            ),
            detail: None,
            change: Some(Change::Ended),
        })
        .collect()
}

/// How many of one senior's goals their partners cover.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeniorGoals {
    pub id: String,
    pub name: String,
    pub covered: usize,
    pub goals: usize,
}

/// For each senior taking part who has goals (in id order): the goals a
/// partner knows above the senior's own level. Summed, these give the
/// summary's goal coverage.
pub fn senior_goals(scorer: &Scorer, solution: &Solution) -> Vec<SeniorGoals> {
    let roster = scorer.roster;
    let mut partners: Vec<Vec<usize>> = vec![Vec::new(); roster.n_seniors];
    for p in &solution.pairs {
        partners[p.senior].push(p.junior);
    }
    roster
        .seniors()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.capacity > 0 && !s.wants.is_empty())
        .map(|(s, senior)| SeniorGoals {
            id: senior.id.clone(),
            name: senior.name.clone(),
            covered: scorer.goals_covered_by(s, &partners[s]),
            goals: senior.wants.len(),
        })
        .collect()
}
