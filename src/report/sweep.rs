//! `rmatch sweep --report FILE`: the sweep as one self-contained HTML page
//! of line charts, so a coordinator can see where a weight or a rule's
//! bound starts to cost pairs, score or goals, and choose a value. Like the
//! pairing's report: no script, nothing from elsewhere, no timing (the same
//! sweep gives the same bytes).

use std::io::{self, Write};

use askama::Template;

use super::draw::{figure, line_chart, render, Lines, Point, Series};
use super::STYLE;
use crate::analysis::{sweep_header, SweepStep, Vary, VaryName};
use crate::config::Config;
use crate::roster::Roster;
use crate::solve::Optimality;

/// Writes the HTML page of a sweep.
pub struct SweepReport<'a> {
    pub roster: &'a Roster,
    /// The effective configuration the sweep started from (for the
    /// `--max-same` bounds drawn as limits).
    pub config: &'a Config,
    pub vary: &'a Vary,
    pub steps: &'a [SweepStep],
}

#[derive(Template)]
#[template(path = "sweep_page.html", config = "src/report/askama.toml")]
struct Page<'a> {
    version: &'static str,
    style: &'static str,
    source: &'a str,
    vary: &'a str,
    seniors: usize,
    juniors: usize,
    steps: usize,
    lowest: String,
    highest: String,
    proof: String,
    figures: Vec<String>,
    header: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl SweepReport<'_> {
    pub fn write(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(self.render().as_bytes())
    }

    /// The whole page.
    pub fn render(&self) -> String {
        let roster = self.roster;
        let vary = self.vary.text.as_str();
        let source = std::path::Path::new(&roster.source)
            .file_name()
            .map_or(roster.source.clone(), |n| n.to_string_lossy().into_owned());
        let steps = self.steps;
        let point = |s: &SweepStep, y: f64, shown: String| Point {
            x: s.value,
            y,
            open: s.status != Optimality::Optimal,
            title: format!("{vary} = {}: {shown} ({})", s.value, s.status),
        };
        let one = |name: &str, y: &dyn Fn(&SweepStep) -> (f64, String)| Series {
            name: name.to_string(),
            points: steps
                .iter()
                .filter(|s| s.infeasible.is_none())
                .map(|s| {
                    let (value, shown) = y(s);
                    point(s, value, shown)
                })
                .collect(),
        };
        let mut figures = Vec::new();
        let mut chart = |id: &str, caption: &str, lines: Lines| {
            figures.push(figure(id, caption, &line_chart(&lines), false));
        };
        chart(
            "pairs",
            "Pairs made",
            Lines {
                x_axis: vary,
                y_axis: "pairs",
                series: vec![one("pairs", &|s| {
                    (s.pairs as f64, format!("{} pairs", s.pairs))
                })],
                y_max: None,
                percent: false,
                limit: None,
            },
        );
        chart(
            "mean-score",
            "Mean score of a pair",
            Lines {
                x_axis: vary,
                y_axis: "mean score",
                series: vec![one("mean score", &|s| {
                    (s.mean_score, format!("mean score {:.4}", s.mean_score))
                })],
                y_max: None,
                percent: false,
                limit: None,
            },
        );
        let goals = steps
            .iter()
            .find(|s| s.infeasible.is_none())
            .map_or(0, |s| s.goals);
        chart(
            "goals",
            &format!("Seniors' learning goals a partner can teach (of {goals})"),
            Lines {
                x_axis: vary,
                y_axis: "goals covered",
                series: vec![one("goals covered", &|s| {
                    (
                        s.goals_covered as f64,
                        format!("{} of {} goals", s.goals_covered, s.goals),
                    )
                })],
                y_max: Some(goals.max(1) as f64),
                percent: false,
                limit: None,
            },
        );
        for (i, attribute) in roster.diversity.iter().enumerate() {
            if roster.private[i] {
                // A private attribute's shares are not shown anywhere.
                continue;
            }
            let share = |v: Option<f64>| v.unwrap_or(0.0);
            let cross = one(&format!("different {attribute}"), &|s| {
                let v = share(s.cross[i]);
                (v, format!("{:.1}% of pairs cross {attribute}", 100.0 * v))
            });
            // The --max-same bound on this attribute: the varied one, or
            // the one the run was given.
            let limit = match &self.vary.name {
                VaryName::MaxSame(a) if a == attribute => Some((
                    format!("--max-same {attribute} (varied)"),
                    steps.iter().map(|s| (s.value, s.value.min(1.0))).collect(),
                )),
                _ => self.config.rules.max_same.get(attribute).map(|&bound| {
                    (
                        format!("--max-same {attribute}={bound}"),
                        steps.iter().map(|s| (s.value, bound.min(1.0))).collect(),
                    )
                }),
            };
            let mut series = vec![cross];
            if limit.is_some() {
                series.push(one(&format!("same {attribute}"), &|s| {
                    let v = share(s.same[i]);
                    (v, format!("{:.1}% of pairs share {attribute}", 100.0 * v))
                }));
            }
            chart(
                &format!("cross-{i}"),
                &format!("Share of pairs across {attribute}"),
                Lines {
                    x_axis: vary,
                    y_axis: "share of pairs",
                    series,
                    y_max: Some(1.0),
                    percent: true,
                    limit,
                },
            );
        }
        let infeasible = steps.iter().filter(|s| s.infeasible.is_some()).count();
        let unproven = steps
            .iter()
            .filter(|s| s.infeasible.is_none() && s.status != Optimality::Optimal)
            .count();
        let mut proof = match unproven {
            0 => "Every pairing is proven optimal.".to_string(),
            n => format!(
                "{n} of the {} pairings {} not proven optimal (hollow points): the time limit stopped the search first.",
                steps.len() - infeasible,
                if n == 1 { "is" } else { "are" }
            ),
        };
        if infeasible > 0 {
            proof.push_str(&format!(
                " At {infeasible} value{} no pairing meets the rules (no point; the table says infeasible).",
                if infeasible == 1 { "" } else { "s" }
            ));
        }
        let (lowest, highest) = steps
            .iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), s| {
                (lo.min(s.value), hi.max(s.value))
            });
        render(&Page {
            version: env!("CARGO_PKG_VERSION"),
            style: STYLE,
            source: &source,
            vary,
            seniors: roster.n_seniors,
            juniors: roster.n_juniors(),
            steps: steps.len(),
            lowest: format!("{lowest}"),
            highest: format!("{highest}"),
            proof,
            figures,
            header: sweep_header(roster),
            rows: steps.iter().map(SweepStep::cells).collect(),
        })
    }
}
