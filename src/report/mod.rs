//! `rmatch pair --report FILE`: one self-contained HTML page for the
//! programme sponsor. No script, no font or image from elsewhere: it opens
//! from an e-mail attachment offline, and prints to PDF (print CSS).
//!
//! Every text from the roster is HTML-escaped. No timing goes in, so the
//! same roster gives a byte-identical file. Of people's attributes only the
//! roster's diversity attributes (department, location, generation or the
//! `--diversity` columns) ever appear.

pub mod charts;
pub mod html;

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::outcome::{senior_goals, Outcome, Row, Who};
use crate::output::Exporter;
use crate::scoring::Scorer;
use crate::solve::{Optimality, Solution};
use crate::units::round4;

use charts::{
    bar_chart, column_chart, coverage_rows, diversity_mix, fair_chart, figure, mix_rows,
    score_columns, PER_SENIOR_MAX,
};
use html::{escape, percent};

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

/// One headline number: `value` is what people read, `data` the exact value
/// (as in the JSON summary) for programs and tests.
fn stat(id: &str, value: &str, data: &str, label: &str) -> String {
    format!(
        "<div class=\"stat\" id=\"stat-{id}\" data-value=\"{}\"><div class=\"value\">{}</div><div class=\"label\">{}</div></div>\n",
        escape(data),
        escape(value),
        escape(label)
    )
}

fn person(who: Option<&Who>) -> String {
    match who {
        Some(w) if w.name != w.id => format!(
            "<span class=\"name\">{}</span> <span class=\"id\">{}</span>",
            escape(&w.name),
            escape(&w.id)
        ),
        Some(w) => format!("<span class=\"name\">{}</span>", escape(&w.id)),
        None => String::new(),
    }
}

impl HtmlReport<'_> {
    /// The whole page.
    pub fn render(&self, outcome: &Outcome) -> String {
        let roster = self.scorer.roster;
        let s = &outcome.summary;
        let mut page = String::new();
        // The file's name only: a full path says nothing to a sponsor and
        // may tell more than it should.
        let source = escape(
            std::path::Path::new(&roster.source)
                .file_name()
                .map_or(roster.source.clone(), |n| n.to_string_lossy().into_owned())
                .as_str(),
        );
        let _ = write!(
            page,
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<meta name=\"generator\" content=\"rmatch {}\"/>\n<title>Reverse mentoring pairs: {source}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n",
            env!("CARGO_PKG_VERSION")
        );
        let _ = write!(
            page,
            "<header>\n<h1>Reverse mentoring pairs</h1>\n<p class=\"lead\">From the roster <strong>{source}</strong>: {} seniors and {} juniors taking part. In each pair the junior teaches the senior a topic the senior wants to learn; the senior shares how the business runs.</p>\n</header>\n",
            s.seniors, s.juniors
        );

        // Headline numbers.
        let covered = s.seniors - s.seniors_unmatched;
        let max_score: f64 = {
            let w = self.scorer.weights;
            w.teach + w.learn + w.interests + w.diversity
        };
        page.push_str("<section class=\"headline\" aria-label=\"headline numbers\">\n");
        page.push_str(&stat(
            "pairs",
            &s.pairs.to_string(),
            &s.pairs.to_string(),
            "pairs",
        ));
        page.push_str(&stat(
            "seniors",
            &covered.to_string(),
            &covered.to_string(),
            &format!("of {} seniors have a partner", s.seniors),
        ));
        page.push_str(&stat(
            "goals",
            &percent(s.goal_coverage),
            &s.goal_coverage.to_string(),
            "of senior learning goals covered",
        ));
        page.push_str(&stat(
            "mean",
            &format!("{:.2}", s.mean_score),
            &s.mean_score.to_string(),
            &format!("mean pair score (best possible {})", trim(max_score)),
        ));
        let proof = if s.status == Optimality::Optimal {
            format!("no better pairing exists: {}", s.proof)
        } else {
            s.proof.clone()
        };
        page.push_str(&stat(
            "status",
            s.status.as_str(),
            s.status.as_str(),
            &proof,
        ));
        page.push_str("</section>\n");

        // Charts.
        page.push_str("<section class=\"charts\">\n<h2>At a glance</h2>\n<div class=\"grid\">\n");
        let scores: Vec<f64> = outcome
            .pairs
            .iter()
            .filter_map(|r| r.components)
            .map(|c| round4(c.score))
            .collect();
        page.push_str(&figure(
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
            page.push_str(&figure(
                "coverage",
                caption,
                &bar_chart(&coverage_rows(&goals), &[]),
                per_senior && goals.len() > 6,
            ));
        }
        let mix = diversity_mix(self.scorer, self.solution);
        if !mix.is_empty() {
            page.push_str(&figure(
                "diversity",
                "Diversity mix: pairs that cross a background",
                &bar_chart(&mix_rows(&mix), &[]),
                false,
            ));
        }
        for (k, attribute) in self.fair.iter().enumerate() {
            if let Some(svg) = fair_chart(self.scorer, self.solution, Some(attribute)) {
                page.push_str(&figure(
                    &format!("fair-{}", k + 1),
                    &format!(
                        "Fairness on {attribute}: the pairs' juniors against all juniors taking part"
                    ),
                    &svg,
                    false,
                ));
            }
        }
        page.push_str("</div>\n</section>\n");

        // The pairs.
        let _ = writeln!(
            page,
            "<section class=\"pairs\">\n<h2>The pairs ({})</h2>",
            outcome.pairs.len()
        );
        if outcome.pairs.is_empty() {
            page.push_str("<p>No pair could be made from this roster.</p>\n");
        } else {
            page.push_str("<table id=\"pairs\">\n<thead><tr><th>Senior (learns)</th><th>Junior (teaches)</th><th class=\"num\">Score</th><th>Why this pair</th></tr></thead>\n<tbody>\n");
            for row in &outcome.pairs {
                let score = row.components.map_or(0.0, |c| round4(c.score));
                let _ = writeln!(
                    page,
                    "<tr><td>{}</td><td>{}</td><td class=\"num\">{score:.4}</td><td class=\"why\">{}</td></tr>",
                    person(row.senior.as_ref()),
                    person(row.junior.as_ref()),
                    escape(&row.why)
                );
            }
            page.push_str("</tbody>\n</table>\n");
        }
        page.push_str("</section>\n");

        // The unmatched.
        let _ = writeln!(
            page,
            "<section class=\"unmatched\">\n<h2>Not paired this time ({})</h2>",
            outcome.unmatched.len()
        );
        if outcome.unmatched.is_empty() {
            page.push_str("<p>Everyone taking part has a partner.</p>\n");
        } else {
            page.push_str("<table id=\"unmatched\">\n<thead><tr><th>Person</th><th>Role</th><th>Why no partner</th></tr></thead>\n<tbody>\n");
            for row in &outcome.unmatched {
                let role = role_of(row);
                let _ = writeln!(
                    page,
                    "<tr><td>{}</td><td>{role}</td><td class=\"why\">{}</td></tr>",
                    person(row.senior.as_ref().or(row.junior.as_ref())),
                    escape(&row.why)
                );
            }
            page.push_str("</tbody>\n</table>\n");
        }
        page.push_str("</section>\n");

        // How it was done.
        let w = &s.weights;
        let _ = write!(
            page,
            "<footer>\n<h2>How the pairs were chosen</h2>\n<p>Each possible pair is scored from what the junior can teach the senior (weight {}), what the senior can teach back ({}), shared interests ({}) and different backgrounds ({}). Pairs break no rule: nobody is paired with someone in their management chain, with someone they excluded, or without a common language. rmatch then chose the pairing with {}, and {}.</p>\n<p class=\"small\">Made by rmatch {} from {source}.</p>\n</footer>\n</main>\n</body>\n</html>\n",
            trim(w.teach),
            trim(w.learn),
            trim(w.interests),
            trim(w.diversity),
            match s.objective {
                crate::solve::Objective::PairsThenScore => "the most pairs and then the highest total score",
                crate::solve::Objective::Score => "the highest total score",
            },
            escape(&s.proof),
            env!("CARGO_PKG_VERSION"),
        );
        page
    }
}

fn role_of(row: &Row) -> &'static str {
    if row.senior.is_some() {
        "senior"
    } else {
        "junior"
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
