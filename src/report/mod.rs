//! `rmatch pair --report FILE`: one self-contained HTML page for the
//! programme sponsor. No script, no font or image from elsewhere: it opens
//! from an e-mail attachment offline, and prints to PDF (print CSS).
//!
//! The page and its charts are askama templates (`templates/`), so every
//! text from the roster is HTML-escaped by construction. No timing goes in,
//! so the same roster gives a byte-identical file. Of people's attributes
//! only the roster's diversity attributes (department, location, generation
//! or the `--diversity` columns) ever appear.

pub mod charts;
pub mod draw;
pub mod html;
mod sweep;

pub use sweep::SweepReport;

use std::io::{self, Write};

use askama::Template;

use crate::outcome::{senior_goals, Outcome, Who};
use crate::output::Exporter;
use crate::scoring::Scorer;
use crate::solve::{Objective, Optimality, Solution};
use crate::units::round4;

use charts::{coverage_rows, diversity_mix, fair_chart, mix_rows, score_columns, PER_SENIOR_MAX};
use draw::{bar_chart, column_chart, figure, render};
use html::percent;

const STYLE: &str = include_str!("report.css");

/// Writes the HTML report of a solved pairing.
pub struct HtmlReport<'a> {
    pub scorer: &'a Scorer<'a>,
    pub solution: &'a Solution,
    /// The `--fair` attributes: for each, a chart of its values' shares
    /// among the pairs' juniors against the junior pool.
    pub fair: Vec<String>,
}

impl Exporter for HtmlReport<'_> {
    fn write(&self, outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(self.render(outcome).as_bytes())
    }
}

/// The page, as `templates/page.html` lays it out.
#[derive(Template)]
#[template(path = "page.html", config = "src/report/askama.toml")]
struct Page<'a> {
    version: &'static str,
    style: &'static str,
    source: &'a str,
    seniors: usize,
    juniors: usize,
    stats: Vec<Stat>,
    /// Each chart in its figure, drawn by [`draw`].
    figures: Vec<String>,
    pairs: Vec<PairRow<'a>>,
    unmatched: Vec<UnmatchedRow<'a>>,
    /// Teach, learn, interests and diversity, as people read them.
    weights: [String; 4],
    objective: &'static str,
    proof: &'static str,
    /// When one side has more people than the other side has places.
    supply: Option<String>,
    /// When `--objective goals` would cover markedly more goals.
    goals_note: Option<String>,
    /// With a `prefers` column or `--stable`: the blocking pairs.
    stability: Option<&'a crate::solve::stable::Stability>,
    /// With `--continue`: kept, new and ended, in a sentence.
    continued: Option<String>,
    /// With `--continue`: the last pairs that ended, with why.
    ended: Vec<PairRow<'a>>,
    /// With `--alternatives N`: each person's other partners.
    alternatives: Vec<AlternativeRow<'a>>,
}

/// One other partner of a person (`--alternatives N`).
struct AlternativeRow<'a> {
    person: Option<Person<'a>>,
    role: &'static str,
    rank: usize,
    partner: Option<Person<'a>>,
    score: String,
    cost: &'a str,
    reason: &'a str,
}

/// One headline number: `value` is what people read, `data` the exact value
/// (as in the JSON summary) for programs and tests.
struct Stat {
    id: &'static str,
    value: String,
    data: String,
    label: String,
}

/// A person in a table: the name, and the id when it differs.
struct Person<'a> {
    name: &'a str,
    id: Option<&'a str>,
}

impl<'a> Person<'a> {
    fn named(id: &'a str, name: &'a str) -> Person<'a> {
        Person {
            name: if name != id { name } else { id },
            id: (name != id).then_some(id),
        }
    }

    fn of(who: Option<&'a Who>) -> Option<Person<'a>> {
        who.map(|w| Person {
            name: if w.name != w.id { &w.name } else { &w.id },
            id: (w.name != w.id).then_some(w.id.as_str()),
        })
    }
}

struct PairRow<'a> {
    senior: Option<Person<'a>>,
    junior: Option<Person<'a>>,
    score: String,
    why: &'a str,
    /// With `--continue`: kept, new or ended.
    change: &'static str,
}

struct UnmatchedRow<'a> {
    person: Option<Person<'a>>,
    role: &'static str,
    why: &'a str,
}

impl HtmlReport<'_> {
    /// The whole page.
    pub fn render(&self, outcome: &Outcome) -> String {
        let roster = self.scorer.roster;
        let s = &outcome.summary;
        // The file's name only: a full path says nothing to a sponsor and
        // may tell more than it should.
        let source = std::path::Path::new(&roster.source)
            .file_name()
            .map_or(roster.source.clone(), |n| n.to_string_lossy().into_owned());

        // Headline numbers.
        let covered = s.seniors - s.seniors_unmatched;
        // The most a pair can score with the levels this roster has: a
        // roster without levels (every topic at the default 3) cannot reach
        // a full teach or learn part.
        let max_score: f64 = {
            let w = self.scorer.weights;
            let top = roster
                .people
                .iter()
                .flat_map(|p| &p.skills)
                .map(|t| t.level)
                .max()
                .unwrap_or(4);
            let gain = (f64::from(top) / 4.0).min(1.0);
            // The parts from 0 to 1 that only a --pair-scores file and a
            // prefers column give.
            let external = if self.scorer.rules.pair_scores.is_some() {
                w.external
            } else {
                0.0
            };
            let preference = if roster.has_prefers {
                w.preference
            } else {
                0.0
            };
            w.teach * gain + w.learn * gain + w.interests + w.diversity + external + preference
        };
        let stat = |id, value: String, data: String, label: String| Stat {
            id,
            value,
            data,
            label,
        };
        // In a coordinator's words; how it was proven stays in the JSON.
        let optimal = s.status == Optimality::Optimal;
        let mut proof = if optimal {
            "no better pairing exists".to_string()
        } else {
            match &s.bound {
                Some(b) => format!("a better pairing may exist: {b}"),
                None => "a better pairing may exist".to_string(),
            }
        };
        if let Some(cost) = outcome.quota_cost() {
            proof.push_str("; ");
            proof.push_str(&cost);
        }
        let stats = vec![
            stat(
                "pairs",
                s.pairs.to_string(),
                s.pairs.to_string(),
                "pairs".into(),
            ),
            stat(
                "seniors",
                covered.to_string(),
                covered.to_string(),
                format!("of {} seniors have a partner", s.seniors),
            ),
            stat(
                "goals",
                percent(s.goal_coverage),
                s.goal_coverage.to_string(),
                format!(
                    "of senior learning goals covered ({} of {})",
                    s.goals_covered, s.goals
                ),
            ),
            stat(
                "mean",
                format!("{:.2}", s.mean_score),
                s.mean_score.to_string(),
                format!("mean pair score (best possible {})", trim(max_score)),
            ),
            stat(
                "status",
                if optimal {
                    "proven optimal".into()
                } else {
                    "not proven optimal".into()
                },
                s.status.as_str().into(),
                proof,
            ),
        ];

        // Charts.
        let mut figures = Vec::new();
        let scores: Vec<f64> = outcome
            .pairs
            .iter()
            .filter_map(|r| r.components)
            .map(|c| round4(c.score))
            .collect();
        figures.push(figure(
            "scores",
            "How good the pairs are: pairs by score",
            &column_chart(
                &score_columns(&scores, max_score),
                Some(&charts::short_number(max_score)),
                &format!("pair score, from 0 to {}", trim(max_score)),
            ),
            false,
        ));
        let goals = senior_goals(self.scorer, self.solution);
        if !goals.is_empty() {
            let per_senior = goals.len() <= PER_SENIOR_MAX;
            let caption = if per_senior {
                "Learning goals covered, per senior"
            } else {
                "Seniors by share of their learning goals covered"
            };
            figures.push(figure(
                "coverage",
                caption,
                &bar_chart(&coverage_rows(&goals), &[]),
                per_senior && goals.len() > 6,
            ));
        }
        let mix = diversity_mix(self.scorer, self.solution);
        if !mix.is_empty() {
            figures.push(figure(
                "diversity",
                "Diversity mix: pairs that cross a background",
                &bar_chart(&mix_rows(&mix), &[]),
                false,
            ));
        }
        for (k, attribute) in self.fair.iter().enumerate() {
            if let Some(svg) = fair_chart(self.scorer, self.solution, Some(attribute)) {
                figures.push(figure(
                    &format!("fair-{}", k + 1),
                    &format!(
                        "Fairness on {attribute}: the pairs' juniors against all juniors taking part"
                    ),
                    &svg,
                    false,
                ));
            }
        }

        // The pairs and the unmatched.
        let pairs = outcome
            .pairs
            .iter()
            .map(|row| PairRow {
                senior: Person::of(row.senior.as_ref()),
                junior: Person::of(row.junior.as_ref()),
                score: format!("{:.4}", row.components.map_or(0.0, |c| round4(c.score))),
                why: &row.why,
                change: row.change.map_or("", |c| c.as_str()),
            })
            .collect();
        let ended = outcome
            .ended
            .iter()
            .map(|row| PairRow {
                senior: Person::of(row.senior.as_ref()),
                junior: Person::of(row.junior.as_ref()),
                score: String::new(),
                why: &row.why,
                change: "ended",
            })
            .collect();
        let unmatched = outcome
            .unmatched
            .iter()
            .map(|row| UnmatchedRow {
                person: Person::of(row.senior.as_ref().or(row.junior.as_ref())),
                role: if row.senior.is_some() {
                    "senior"
                } else {
                    "junior"
                },
                why: &row.why,
            })
            .collect();

        // How it was done.
        let w = &s.weights;
        render(&Page {
            version: env!("CARGO_PKG_VERSION"),
            style: STYLE,
            source: &source,
            seniors: s.seniors,
            juniors: s.juniors,
            stats,
            figures,
            pairs,
            unmatched,
            weights: [
                trim(w.teach),
                trim(w.learn),
                trim(w.interests),
                trim(w.diversity),
            ],
            objective: match s.objective {
                Objective::PairsThenScore => "the most pairs and then the highest total score",
                Objective::Score => "the highest total score",
                Objective::Goals => {
                    "the most senior learning goals covered (weighted by priority) and then the highest total score"
                }
            },
            proof: if optimal {
                "proved that no better pairing exists"
            } else {
                "could not prove that no better pairing exists"
            },
            stability: s.stability.as_ref(),
            goals_note: outcome.goals_note().map(|note| {
                format!(
                    "Goals covered: {note} (a pair's score counts the share of the senior's goals it covers, which favours seniors with one narrow goal)."
                )
            }),
            continued: s.continued.as_ref().map(|c| {
                format!(
                    "Continued from the last pairing: {} pairs kept, {} new, {} ended (listed below, not counted as pairs).",
                    c.kept, c.new, c.ended
                )
            }),
            ended,
            alternatives: outcome
                .alternatives
                .iter()
                .flatten()
                .flat_map(|p| {
                    p.alternatives.iter().map(move |a| AlternativeRow {
                        person: Some(Person::named(&p.id, &p.name)),
                        role: p.role,
                        rank: a.rank,
                        partner: Some(Person::named(&a.partner_id, &a.partner_name)),
                        score: format!("{:.4}", a.score),
                        cost: &a.cost,
                        reason: &a.reason,
                    })
                })
                .collect(),
            supply: outcome.supply.map(|supply| {
                let mut text = supply.sentence();
                if let Some(first) = text.get_mut(..1) {
                    first.make_ascii_uppercase();
                }
                text + "."
            }),
        })
    }
}

/// A weight or score for people: `0.5`, `1`, `0.25`.
fn trim(x: f64) -> String {
    let text = format!("{:.4}", round4(x));
    let text = text.trim_end_matches('0');
    text.trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::{parse, ReadOptions};
    use crate::scoring::Weights;
    use crate::solve::{solve, SolveOptions};

    /// Juniors: two in IT (one sits out), two in Sales, one with no
    /// department. Seniors want ai, which J1 (IT) and J3 (Sales) teach.
    const ROSTER: &str = "\
id,role,skills,wants,department,gender
S1,senior,,ai,Finance,x
S2,senior,,ai,Finance,x
J1,junior,ai:5,,IT,y
J2,junior,excel:5,,IT,y
J3,junior,ai:4,,Sales,y
J4,junior,excel:5,,Sales,y
J5,junior,excel:5,,,y
J6,junior,ai:5,,IT,y
";

    #[test]
    fn fair_chart_compares_the_pairs_juniors_with_the_pool() {
        let mut roster = parse("r.csv", ROSTER.as_bytes(), &ReadOptions::default()).unwrap();
        // J6 sits out.
        roster.people.last_mut().unwrap().capacity = 0;
        let scorer = Scorer::new(&roster, Weights::default());
        let solution = solve(&scorer, &SolveOptions::default()).unwrap();
        assert_eq!(solution.pairs.len(), 2, "J1 and J3 are chosen");

        let shares = charts::fair_shares(&scorer, &solution, "Department").unwrap();
        let found: Vec<(&str, usize, usize)> = shares
            .iter()
            .map(|s| (s.value.as_str(), s.chosen, s.pool))
            .collect();
        assert_eq!(found, [("IT", 1, 2), ("Sales", 1, 2), ("(blank)", 0, 1)]);

        let chart = fair_chart(&scorer, &solution, Some("department")).unwrap();
        assert_eq!(
            chart.matches("<rect class=\"bar ").count(),
            6,
            "2 per value"
        );
        assert!(
            chart.contains(">50.0%<") && chart.contains(">40.0%<") && chart.contains(">20.0%<")
        );
        assert!(
            chart.contains("juniors in the 2 pairs") && chart.contains("all 5 juniors taking part")
        );
        // Not asked for, or an attribute the roster has not loaded: no chart.
        assert!(fair_chart(&scorer, &solution, None).is_none());
        assert!(fair_chart(&scorer, &solution, Some("gender")).is_none());
    }
}
