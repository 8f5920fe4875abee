//! `rmatch pair --alternatives N` in words: each person's N best other
//! partners ([`crate::solve::alternatives`]) as rows the outputs lay out,
//! with what each would cost the whole pairing and what would change.

use crate::roster::Role;
use crate::scoring::{from_units, Scorer};
use crate::solve::alternatives::PersonAlternatives;
use crate::solve::Objective;
use crate::units::round4;

/// One other partner of a person, ready to print.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct AlternativeRow {
    /// 1 for the cheapest.
    pub rank: usize,
    pub partner_id: String,
    pub partner_name: String,
    /// The pair's own score.
    pub score: f64,
    /// Pairs of the best pairing with this pair, minus this pairing's.
    pub pairs_change: i64,
    /// Total score of the best pairing with this pair, minus this pairing's.
    pub score_change: f64,
    /// With `--objective goals`: covered goal priority, the same way.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub goals_change: Option<i64>,
    /// The cost in words: `1 pair fewer; total score -0.4500`.
    pub cost: String,
    /// What else would change: `ends S01-J27; adds S05-J27`.
    pub reason: String,
}

/// A person and their alternatives, cheapest first.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PersonRows {
    pub role: &'static str,
    pub id: String,
    pub name: String,
    pub alternatives: Vec<AlternativeRow>,
}

/// Items shown of a list before "and N more".
const SHOWN: usize = 3;

fn listed(scorer: &Scorer, pairs: &[(usize, usize)]) -> String {
    let roster = scorer.roster;
    let mut items: Vec<String> = pairs
        .iter()
        .take(SHOWN)
        .map(|&(s, j)| format!("{}-{}", roster.senior(s).id, roster.junior(j).id))
        .collect();
    if pairs.len() > SHOWN {
        items.push(format!("and {} more", pairs.len() - SHOWN));
    }
    items.join(", ")
}

/// The cost in words.
pub fn cost_text(pairs_change: i64, score_change: f64, goals_change: Option<i64>) -> String {
    let mut parts = Vec::new();
    if let Some(g) = goals_change.filter(|&g| g != 0) {
        parts.push(format!("goal priority covered {g:+}"));
    }
    match pairs_change {
        0 => {}
        -1 => parts.push("1 pair fewer".into()),
        1 => parts.push("1 more pair".into()),
        n if n < 0 => parts.push(format!("{} pairs fewer", -n)),
        n => parts.push(format!("{n} more pairs")),
    }
    let score = round4(score_change);
    if score != 0.0 || parts.is_empty() {
        parts.push(if score == 0.0 {
            "nothing (an equally good pairing has this pair)".to_string()
        } else {
            format!("total score {score:+.4}")
        });
    }
    parts.join("; ")
}

/// The rows of every person's alternatives.
pub fn rows(
    scorer: &Scorer,
    objective: Objective,
    found: &[PersonAlternatives],
) -> Vec<PersonRows> {
    let roster = scorer.roster;
    found
        .iter()
        .map(|person| {
            let me = roster.person(person.role, person.index);
            let other = match person.role {
                Role::Senior => Role::Junior,
                Role::Junior => Role::Senior,
            };
            let alternatives = person
                .list
                .iter()
                .enumerate()
                .map(|(k, a)| {
                    let partner = roster.person(other, a.partner);
                    let score_change = round4(from_units(a.units_change));
                    let goals_change = (objective == Objective::Goals).then_some(a.goals_change);
                    let mut reason = Vec::new();
                    if !a.ends.is_empty() {
                        reason.push(format!("ends {}", listed(scorer, &a.ends)));
                    }
                    if !a.adds.is_empty() {
                        reason.push(format!("adds {}", listed(scorer, &a.adds)));
                    }
                    if reason.is_empty() {
                        reason.push("both have a free place; nothing else changes".into());
                    }
                    AlternativeRow {
                        rank: k + 1,
                        partner_id: partner.id.clone(),
                        partner_name: partner.name.clone(),
                        score: round4(from_units(a.units)),
                        pairs_change: a.pairs_change,
                        score_change,
                        goals_change,
                        cost: cost_text(a.pairs_change, score_change, goals_change),
                        reason: reason.join("; "),
                    }
                })
                .collect();
            PersonRows {
                role: match person.role {
                    Role::Senior => "senior",
                    Role::Junior => "junior",
                },
                id: me.id.clone(),
                name: me.name.clone(),
                alternatives,
            }
        })
        .collect()
}
