//! What a pairing run reports, built once from a solution: one row per pair
//! and per unmatched person, each with its reason, and a summary. The
//! exporters in [`crate::output`] and the report only lay it out, so every
//! format says the same thing.

use rayon::prelude::*;

use crate::config::Config;
use crate::explain;
use crate::roster::Role;
use crate::scoring::{from_units, Components, Scorer, Weights};
use crate::solve::{Bound, Method, Objective, Optimality, Solution};
use crate::units::round4;

/// `paired` or `unmatched`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Paired,
    Unmatched,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Paired => "paired",
            Status::Unmatched => "unmatched",
        }
    }
}

/// Id and name of one side of a row.
#[derive(Clone, Debug, PartialEq)]
pub struct Who {
    pub id: String,
    pub name: String,
}

/// One output row.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub status: Status,
    pub senior: Option<Who>,
    pub junior: Option<Who>,
    pub components: Option<Components>,
    pub why: String,
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub solve_seconds: Option<f64>,
    /// The effective configuration (config file + flags), in the config
    /// file's shape, to reproduce the run.
    pub config: Config,
}

/// Pairs and total score of a pairing.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Totals {
    pub pairs: usize,
    pub total_score: f64,
}

/// Everything a pairing run reports.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub pairs: Vec<Row>,
    pub unmatched: Vec<Row>,
    pub summary: Summary,
}

fn who(id: &str, name: &str) -> Who {
    Who {
        id: id.to_string(),
        name: name.to_string(),
    }
}

impl Outcome {
    /// Builds the rows and summary of a solved pairing. `timing` puts the
    /// solve time in the summary (it makes output differ between runs).
    pub fn build(scorer: &Scorer, solution: &Solution, config: &Config, timing: bool) -> Outcome {
        let roster = scorer.roster;
        let pairs: Vec<Row> = solution
            .pairs
            .par_iter()
            .map(|p| {
                let s = roster.senior(p.senior);
                let j = roster.junior(p.junior);
                Row {
                    status: Status::Paired,
                    senior: Some(who(&s.id, &s.name)),
                    junior: Some(who(&j.id, &j.name)),
                    components: Some(scorer.shown_components(p.senior, p.junior, &p.counts)),
                    why: if p.locked {
                        format!(
                            "Locked by the coordinator. {}",
                            explain::pair(scorer, p.senior, p.junior)
                        )
                    } else {
                        explain::pair(scorer, p.senior, p.junior)
                    },
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
                (0..roster.count(role))
                    .filter(move |&i| !paired[i] && roster.person(role, i).capacity > 0)
                    .map(move |i| (role, i))
            })
            .collect();
        let unmatched: Vec<Row> = lonely
            .par_iter()
            .map(|&(role, i)| {
                let person = roster.person(role, i);
                let person = Some(who(&person.id, &person.name));
                let (senior, junior) = match role {
                    Role::Senior => (person, None),
                    Role::Junior => (None, person),
                };
                Row {
                    status: Status::Unmatched,
                    senior,
                    junior,
                    components: None,
                    why: explain::unmatched(scorer, &solution.candidates, role, i),
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
            goal_coverage: round4(goal_coverage(scorer, solution)),
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
            solve_seconds: timing.then(|| (solution.seconds * 1e6).round() / 1e6),
            config: config.clone(),
        };
        Outcome {
            pairs,
            unmatched,
            summary,
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

    /// The one-paragraph summary printed on stderr.
    pub fn paragraph(&self) -> String {
        let s = &self.summary;
        let mut text = format!(
            "rmatch: {} pairs from {} seniors and {} juniors taking part; {} seniors and {} juniors with a partner, {} and {} unmatched; mean score {:.4}; {:.1}% of senior goals covered; solver {}: {} ({})",
            s.pairs,
            s.seniors,
            s.juniors,
            s.seniors_with_partner,
            s.juniors_with_partner,
            s.seniors_unmatched,
            s.juniors_unmatched,
            s.mean_score,
            100.0 * s.goal_coverage,
            match s.solver {
                Method::Flow => "flow",
                Method::Ip => "ip",
            },
            s.status,
            s.proof,
        );
        if let Some(b) = &s.bound {
            text.push_str(&format!("; {b}"));
        }
        if let Some(cost) = self.quota_cost() {
            text.push_str("; ");
            text.push_str(&cost);
        }
        if let Some(seconds) = s.solve_seconds {
            text.push_str(&format!(" in {seconds:.3} s"));
        }
        text.push('.');
        text
    }
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
            covered: senior
                .wants
                .iter()
                .filter(|w| {
                    let own = senior.level(w.id);
                    partners[s]
                        .iter()
                        .any(|&j| roster.junior(j).level(w.id) > own)
                })
                .count(),
            goals: senior.wants.len(),
        })
        .collect()
}

/// Share of the goals of seniors taking part that a partner teaches
/// (partner's level above the senior's own).
fn goal_coverage(scorer: &Scorer, solution: &Solution) -> f64 {
    let (goals, covered) = senior_goals(scorer, solution)
        .iter()
        .fold((0, 0), |(g, c), s| (g + s.goals, c + s.covered));
    if goals == 0 {
        0.0
    } else {
        covered as f64 / goals as f64
    }
}
