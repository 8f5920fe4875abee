//! Analyst tools over the pairing: one pair's score taken apart
//! (`rmatch explain`), and the trade-off as a weight or rule bound varies
//! (`rmatch sweep`).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::config::Config;
use crate::error::{Error, Result};
use crate::explain;
use crate::output::round4;
use crate::roster::Roster;
use crate::rules::{self, Rules};
use crate::scoring::{Scorer, Weights};
use crate::solve::{self, Solution, SolveOptions};

fn solve_options(config: &Config) -> SolveOptions {
    SolveOptions {
        objective: config.objective,
        method: config.method(),
        candidates: config.candidates,
        time_limit: config.time_limit,
    }
}

fn totals(scorer: &Scorer, solution: &Solution) -> (usize, f64) {
    let total = solution
        .pairs
        .iter()
        .map(|p| scorer.components(p.senior, p.junior, &p.counts).score)
        .sum();
    (solution.pairs.len(), total)
}

/// `rmatch explain`: the score of `senior` with `junior` term by term, and
/// whether and why they were paired.
pub fn explain_pair(
    roster: &Roster,
    rules: Rules,
    config: &Config,
    senior: &str,
    junior: &str,
) -> Result<String> {
    let s = roster.find_senior(senior).ok_or_else(|| {
        Error::Usage(format!(
            "no senior has the id \"{senior}\"; check the roster's id column"
        ))
    })?;
    let j = roster.find_junior(junior).ok_or_else(|| {
        Error::Usage(format!(
            "no junior has the id \"{junior}\"; check the roster's id column"
        ))
    })?;
    let scorer = Scorer::with_rules(roster, config.weights, rules.clone());
    let (sp, jp) = (roster.senior(s), roster.junior(j));
    let (counts, rule) = scorer.evaluate(s, j);
    let c = scorer.components(s, j, &counts);
    let w = &config.weights;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "senior {} ({}) with junior {} ({})",
        sp.id, sp.name, jp.id, jp.name
    );
    // One line per direction: the learner's goals, each priority × gain.
    let goal_line = |name: &str,
                     value: f64,
                     learner: &crate::roster::Person,
                     teacher: &crate::roster::Person| {
        let terms: Vec<String> = learner
            .wants
            .iter()
            .map(|t| {
                let (lt, ll) = (teacher.level(t.id), learner.level(t.id));
                let gain = f64::from(lt.saturating_sub(ll).min(4)) / 4.0;
                format!(
                    "{} {}×{gain:.2} (level {lt} vs {ll})",
                    roster.text(t.id),
                    t.level
                )
            })
            .collect();
        let priorities: u32 = learner.wants.iter().map(|t| u32::from(t.level)).sum();
        format!(
            "  {name:<9} = {:.4} = ({}) / {priorities} (priority × gain over {}'s goals)\n",
            round4(value),
            terms.join(" + "),
            learner.id
        )
    };
    out.push_str(&goal_line("teach", c.teach, sp, jp));
    out.push_str(&goal_line("learn", c.learn, jp, sp));
    let _ = writeln!(
        out,
        "  interests = {:.4} = {} shared / {} in either list",
        round4(c.interests),
        counts.shared,
        counts.union
    );
    let _ = writeln!(
        out,
        "  diversity = {:.4} = {} differing / {} attributes filled in for both",
        round4(c.diversity),
        counts.differ,
        counts.compared
    );
    let mut formula = format!(
        "  score     = {:.4} = {}×{:.4} + {}×{:.4} + {}×{:.4} + {}×{:.4}",
        round4(c.score),
        w.teach,
        round4(c.teach),
        w.learn,
        round4(c.learn),
        w.interests,
        round4(c.interests),
        w.diversity,
        round4(c.diversity)
    );
    if c.bonus > 0.0 {
        let _ = write!(formula, " + {} unmatched bonus", c.bonus);
    }
    let _ = writeln!(out, "{formula}");
    if let Some(rule) = rule {
        let _ = writeln!(
            out,
            "not allowed: the rule \"{}\" forbids this pair",
            rule.label()
        );
        return Ok(out);
    }
    let solution = solve::solve(&scorer, &solve_options(config))?;
    if solution
        .pairs
        .iter()
        .any(|p| p.senior == s && p.junior == j)
    {
        let _ = writeln!(out, "paired: {}", explain::pair(&scorer, s, j));
        return Ok(out);
    }
    // What forcing it would cost: the same solve with the pair locked.
    let mut forced_rules = rules;
    forced_rules.locked.push((s, j));
    forced_rules.locked.sort_unstable();
    let forced_scorer = Scorer::with_rules(roster, config.weights, forced_rules);
    let forced = match solve::solve(&forced_scorer, &solve_options(config)) {
        Ok(forced) => forced,
        Err(Error::Infeasible(why)) => {
            let _ = writeln!(out, "not paired; it cannot be forced: {why}");
            return Ok(out);
        }
        Err(e) => return Err(e),
    };
    let (pairs, total) = totals(&scorer, &solution);
    let (forced_pairs, forced_total) = totals(&forced_scorer, &forced);
    let before: BTreeSet<(usize, usize)> = solution
        .pairs
        .iter()
        .map(|p| (p.senior, p.junior))
        .collect();
    let after: BTreeSet<(usize, usize)> =
        forced.pairs.iter().map(|p| (p.senior, p.junior)).collect();
    let name =
        |&(a, b): &(usize, usize)| format!("{}-{}", roster.senior(a).id, roster.junior(b).id);
    let dropped: Vec<String> = before.difference(&after).map(name).collect();
    let added: Vec<String> = after
        .difference(&before)
        .filter(|p| **p != (s, j))
        .map(name)
        .collect();
    let _ = write!(
        out,
        "not paired; forcing it would lower the total score by {:.4}",
        round4(total - forced_total)
    );
    if forced_pairs != pairs {
        let _ = write!(out, " and make {} pairs instead of {pairs}", forced_pairs);
    }
    let _ = writeln!(out, ".");
    let _ = writeln!(
        out,
        "  pairs that would go: {}",
        if dropped.is_empty() {
            "none".into()
        } else {
            dropped.join(", ")
        }
    );
    let _ = writeln!(
        out,
        "  pairs that would come: {}",
        if added.is_empty() {
            "none".into()
        } else {
            added.join(", ")
        }
    );
    Ok(out)
}

/// What `rmatch sweep --vary` varies.
#[derive(Clone, Debug, PartialEq)]
pub struct Vary {
    pub name: String,
    pub values: Vec<f64>,
}

/// Parses `NAME=FROM:TO:STEP` (or `NAME=V1,V2,...`).
pub fn parse_vary(text: &str) -> Result<Vary> {
    let usage = || {
        Error::Usage(format!(
            "--vary \"{text}\" is not NAME=FROM:TO:STEP or NAME=V1,V2; write for example --vary diversity=0:1:0.1"
        ))
    };
    let (name, range) = text.split_once('=').ok_or_else(usage)?;
    let numbers = |s: &str| -> Result<Vec<f64>> {
        s.split([':', ','])
            .map(|x| {
                x.trim()
                    .parse::<f64>()
                    .ok()
                    .filter(|v| v.is_finite())
                    .ok_or_else(usage)
            })
            .collect()
    };
    let values = if range.contains(':') {
        let parts = numbers(range)?;
        let [from, to, step] = parts[..] else {
            return Err(usage());
        };
        if step <= 0.0 || to < from {
            return Err(usage());
        }
        let n = ((to - from) / step + 1e-9).floor() as usize;
        if n > 1000 {
            return Err(Error::Usage(format!(
                "--vary {text} makes {} steps; use at most 1000",
                n + 1
            )));
        }
        (0..=n).map(|i| round4(from + step * i as f64)).collect()
    } else {
        numbers(range)?
    };
    Ok(Vary {
        name: name.trim().to_lowercase(),
        values,
    })
}

/// Sets the weight or rule bound `name` to `value` in a copy of `config`.
fn with_value(config: &Config, name: &str, value: f64) -> Result<Config> {
    let mut c = config.clone();
    let w: &mut Weights = &mut c.weights;
    match name {
        "teach" => w.teach = value,
        "learn" => w.learn = value,
        "interests" => w.interests = value,
        "diversity" => w.diversity = value,
        "min-score" | "min_score" => c.rules.min_score = Some(value),
        "max-tz-gap" | "max_tz_gap" => c.rules.max_tz_gap = Some(value),
        "unmatched-bonus" | "unmatched_bonus" => c.rules.unmatched_bonus = Some(value),
        other => {
            if let Some(attr) = other
                .strip_prefix("max-same.")
                .or_else(|| other.strip_prefix("max_same."))
            {
                c.rules.max_same.insert(attr.to_string(), value);
            } else if let Some(attr) = other.strip_prefix("fair.") {
                c.rules.fair.insert(attr.to_string(), value);
            } else {
                return Err(Error::Usage(format!(
                    "--vary cannot vary \"{other}\"; use teach, learn, interests, diversity, min-score, max-tz-gap, unmatched-bonus, max-same.ATTR or fair.ATTR"
                )));
            }
        }
    }
    Ok(c)
}

/// The columns of `rmatch sweep`.
pub const SWEEP_COLUMNS: [&str; 13] = [
    "value",
    "pairs",
    "changed",
    "status",
    "total_score",
    "mean_score",
    "mean_teach",
    "mean_learn",
    "mean_interests",
    "mean_diversity",
    "cross_department",
    "cross_generation",
    "cross_location",
];

/// `rmatch sweep`: one row per value. The roster is read once; each step
/// re-scores and re-solves (scores change with every weight).
/// Also returns the seconds each step took (kept out of the rows so the
/// output is the same on every run).
pub fn sweep(
    roster: &Roster,
    config: &Config,
    vary: &Vary,
) -> Result<(Vec<Vec<String>>, Vec<f64>)> {
    let mut rows = Vec::new();
    let mut timings = Vec::new();
    let mut first: Option<BTreeSet<(usize, usize)>> = None;
    for &value in &vary.values {
        let step = with_value(config, &vary.name, value)?;
        let rules = rules::resolve(roster, &step.rules)?;
        let scorer = Scorer::with_rules(roster, step.weights, rules);
        let started = std::time::Instant::now();
        let solution = solve::solve(&scorer, &solve_options(&step))?;
        let pairs: BTreeSet<(usize, usize)> = solution
            .pairs
            .iter()
            .map(|p| (p.senior, p.junior))
            .collect();
        let changed = first.as_ref().map_or(0, |f| pairs.difference(f).count());
        let n = solution.pairs.len().max(1) as f64;
        let mut sums = [0.0f64; 5];
        for p in &solution.pairs {
            let c = scorer.components(p.senior, p.junior, &p.counts);
            for (sum, x) in
                sums.iter_mut()
                    .zip([c.score, c.teach, c.learn, c.interests, c.diversity])
            {
                *sum += x;
            }
        }
        let cross = |attr: &str| -> String {
            match roster.diversity.iter().position(|a| a == attr) {
                Some(i) => {
                    let differ = solution
                        .pairs
                        .iter()
                        .filter(|p| {
                            let (a, b) = (
                                roster.senior(p.senior).attributes[i],
                                roster.junior(p.junior).attributes[i],
                            );
                            a.is_some() && b.is_some() && a != b
                        })
                        .count();
                    format!("{:.4}", round4(differ as f64 / n))
                }
                None => String::new(),
            }
        };
        let number = |x: f64| format!("{:.4}", round4(x));
        rows.push(vec![
            format!("{value}"),
            solution.pairs.len().to_string(),
            changed.to_string(),
            if solution.proven_optimal {
                "optimal"
            } else {
                "not proven"
            }
            .to_string(),
            number(sums[0]),
            number(sums[0] / n),
            number(sums[1] / n),
            number(sums[2] / n),
            number(sums[3] / n),
            number(sums[4] / n),
            cross("department"),
            cross("generation"),
            cross("location"),
        ]);
        timings.push(started.elapsed().as_secs_f64());
        if first.is_none() {
            first = Some(pairs);
        }
    }
    Ok((rows, timings))
}
