//! `rmatch explain`: one pair's score taken apart term by term, and
//! whether and why they were paired (or what forcing them would cost).

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::config::Config;
use crate::continuation::Continuation;
use crate::error::{Error, Result};
use crate::explain;
use crate::roster::{name_in_order, Person, Role, Roster};
use crate::rules::Rules;
use crate::scoring::{gain, Scorer};
use crate::solve::{self, Solution};
use crate::text::escape;
use crate::units::round4;

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
///
/// With `continuation` (`--continue`, read against `roster` and `rules`
/// as `pair` reads it) the pairing is the one `pair --continue` gives: the
/// kept pairs locked, a kept or ended last pair said to be one, and
/// forcing measured as `pair --continue --lock SENIOR:JUNIOR` pairs (the
/// kept pairs sorted again, so forcing may end some).
pub fn explain_pair(
    roster: &Roster,
    rules: Rules,
    config: &Config,
    senior: &str,
    junior: &str,
    continuation: Option<&Continuation>,
) -> Result<String> {
    // A last pair that ended because one of its people left (or changed
    // side): there is no score to take apart, only why it ended.
    if let Some((c, e)) = continuation.and_then(|c| {
        c.ended_pair(roster, senior, junior)
            .filter(|e| e.senior.is_none() || e.junior.is_none())
            .map(|e| (c, e))
    }) {
        let named = |index: Option<usize>, id: &str, role: Role| {
            let name = match index {
                Some(i) => Some(roster.person(role, i).name.clone()),
                None => c.names.get(id).cloned(),
            };
            match name {
                Some(name) if name != id => format!("{id} ({name})"),
                _ => id.to_string(),
            }
        };
        let lines = [
            format!(
                "senior {} with junior {}",
                named(e.senior, &e.senior_id, Role::Senior),
                named(e.junior, &e.junior_id, Role::Junior)
            ),
            format!(
                "not paired: the last pairing paired them ({} line {}), and the pair ended: {}",
                c.file, e.line, e.reason
            ),
        ];
        return Ok(lines.iter().map(|l| format!("{}\n", escape(l))).collect());
    }
    // An id of the other side is most often the two ids given the wrong
    // way round: said so, rather than that no one has it.
    // A name typed for an id (`"Lynch, Lindsay"`, or `"Lindsay Lynch"`,
    // as the roster's manager column is read) is pointed at its id.
    let not_found = |id: &str, side: &str, other: &str, on_other_side: bool, people: &[Person]| {
        let wanted = name_in_order(id);
        let named: Vec<&str> = people
            .iter()
            .filter(|p| p.name != p.id && name_in_order(&p.name) == wanted)
            .map(|p| p.id.as_str())
            .collect();
        Error::Usage(if on_other_side {
            format!(
                "\"{id}\" is a {other}, not a {side}; give the senior's id first, then the junior's"
            )
        } else if let [one] = named.as_slice() {
            format!("no {side} has the id \"{id}\", but it is the name of the {side} {one}; give the id: rmatch explain takes ids")
        } else if !named.is_empty() {
            format!(
                "no {side} has the id \"{id}\", but it is the name of {} {side}s ({}); give the id of the one meant: rmatch explain takes ids",
                named.len(),
                named.join(", ")
            )
        } else if let Some((c, e)) = continuation.and_then(|c| {
            c.ended
                .iter()
                .find(|e| {
                    // Ignoring case, as the roster's ids are found.
                    let (index, written) = match side {
                        "senior" => (e.senior, &e.senior_id),
                        _ => (e.junior, &e.junior_id),
                    };
                    index.is_none() && written.to_lowercase() == id.to_lowercase()
                })
                .map(|e| (c, e))
        }) {
            format!(
                "no {side} has the id \"{id}\": the last pairing paired {}-{} ({} line {}), and the pair ended: {}; give the id of a {side} in the roster",
                e.senior_id, e.junior_id, c.file, e.line, e.reason
            )
        } else {
            match crate::rules::with_lost_zeros(roster, id) {
                // Copied from a pairs file a spreadsheet saved.
                Some(own) => format!(
                    "no {side} has the id \"{id}\", but {own} is in the roster: a spreadsheet dropped its leading zeros; give the id as the roster writes it"
                ),
                None => format!("no {side} has the id \"{id}\"; check the roster's id column"),
            }
        })
    };
    let s = roster.find_senior(senior).ok_or_else(|| {
        not_found(
            senior,
            "senior",
            "junior",
            roster.find_junior(senior).is_some(),
            roster.seniors(),
        )
    })?;
    let j = roster.find_junior(junior).ok_or_else(|| {
        not_found(
            junior,
            "junior",
            "senior",
            roster.find_senior(junior).is_some(),
            roster.juniors(),
        )
    })?;
    // The rules the pairing is made under: with `--continue`, the kept
    // pairs locked, as `pair --continue` solves.
    let locked_rules = match continuation {
        Some(c) => c.lock(rules.clone()),
        None => rules.clone(),
    };
    let scorer = Scorer::with_rules(roster, config.weights, locked_rules.clone());
    let (sp, jp) = (roster.senior(s), roster.junior(j));
    let (counts, rule) = scorer.evaluate(s, j);
    let c = scorer.shown_components(s, j, &counts);
    let private = roster.private.iter().any(|&p| p);
    let w = &config.weights;
    // Each line escaped whole (see `crate::text`): roster text cannot drive
    // the terminal nor start a line of its own.
    let mut out = String::new();
    let mut put = |line: String| {
        out.push_str(&escape(&line));
        out.push('\n');
    };
    // A blank name is the id: said once.
    let named = |p: &Person| {
        if p.name == p.id {
            p.id.clone()
        } else {
            format!("{} ({})", p.id, p.name)
        }
    };
    put(format!("senior {} with junior {}", named(sp), named(jp)));
    // One line per direction: the learner's goals, each priority × gain.
    let goal_line = |name: &str, value: f64, learner: &Person, teacher: &Person| {
        let terms: Vec<String> = learner
            .wants
            .iter()
            .map(|t| {
                let (lt, ll) = (teacher.level(t.id), learner.level(t.id));
                let gain = f64::from(gain(lt, ll)) / 4.0;
                // A level the roster did not give is the default, said so.
                let level = |p: &Person, l: u8| {
                    if l > 0 && !p.level_stated(t.id) {
                        format!("{l} by default")
                    } else {
                        l.to_string()
                    }
                };
                format!(
                    "{} {}×{gain:.2} (level {} vs {})",
                    roster.topic(t.id),
                    t.level,
                    level(teacher, lt),
                    level(learner, ll)
                )
            })
            .collect();
        let priorities: u32 = learner.wants.iter().map(|t| u32::from(t.level)).sum();
        if terms.is_empty() {
            return format!(
                "  {name:<9} = {:.4} ({} has no learning goals)",
                round4(value),
                learner.id
            );
        }
        format!(
            "  {name:<9} = {:.4} = ({}) / {priorities} (priority × gain over {}'s goals)",
            round4(value),
            terms.join(" + "),
            learner.id
        )
    };
    put(goal_line("teach", c.teach, sp, jp));
    put(goal_line("learn", c.learn, jp, sp));
    put(format!(
        "  interests = {:.4} = {} shared / {} in either list",
        round4(c.interests),
        counts.shared,
        counts.union
    ));
    if private {
        // Private attributes count in the score but are never shown: the
        // diversity part here is over the public attributes only.
        let (differ, compared) = scorer.public_diversity(s, j);
        put(format!(
            "  diversity = {:.4} = {differ} differing / {compared} public attributes filled in for both (private attributes count in the score, unshown)",
            round4(c.diversity),
        ));
    } else {
        put(format!(
            "  diversity = {:.4} = {} differing / {} attributes filled in for both",
            round4(c.diversity),
            counts.differ,
            counts.compared
        ));
    }
    if scorer.preferences.any() {
        let side = |r: Option<crate::scoring::Rank>| {
            r.map_or("0 (not listed)".to_string(), |r| {
                format!("({} - {} + 1) / {}", r.of, r.rank, r.of)
            })
        };
        put(format!(
            "  preference = {:.4} = (senior's side {} + junior's side {}) / 2{}",
            round4(c.preference),
            side(scorer.preferences.senior_rank(s, j)),
            side(scorer.preferences.junior_rank(j, s)),
            if w.preference > 0.0 {
                ""
            } else {
                " (weight 0: not in the score; --weights preference=W counts it)"
            }
        ));
    }
    let mut formula = if private {
        format!(
            "  score     = {:.4}, with private attributes in its diversity part (not shown)",
            round4(c.score)
        )
    } else {
        format!(
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
        )
    };
    if c.external > 0.0 {
        let _ = write!(
            formula,
            " + {}×{:.4} external",
            w.external,
            round4(c.external)
        );
    }
    if w.preference > 0.0 && c.preference > 0.0 {
        let _ = write!(
            formula,
            " + {}×{:.4} preference",
            w.preference,
            round4(c.preference)
        );
    }
    if c.bonus > 0.0 {
        let _ = write!(formula, " + {} unmatched bonus", c.bonus);
    }
    put(formula);
    if let Some(c) = continuation {
        if let Some(line) = c.kept.get(&(s, j)) {
            put(format!(
                "kept: the last pairing paired them ({} line {line}), and the pair goes on",
                c.file
            ));
        } else if let Some(e) = c.ended_pair(roster, senior, junior) {
            put(format!(
                "ended: the last pairing paired them ({} line {}), and the pair ended: {}",
                c.file, e.line, e.reason
            ));
        }
    }
    if let Some(rule) = rule {
        put(format!(
            "not allowed: the rule \"{}\" forbids this pair",
            scorer.rule_text(rule, s, j)
        ));
        return Ok(out);
    }
    let solution = solve::solve(&scorer, &config.solve_options())?;
    if solution
        .pairs
        .iter()
        .any(|p| p.senior == s && p.junior == j)
    {
        let new = match continuation {
            Some(c) if !c.is_kept(s, j) => " (new this cycle)",
            _ => "",
        };
        put(format!("paired{new}: {}", explain::pair(&scorer, s, j)));
        return Ok(out);
    }
    // What forcing it would cost: the same solve with the pair locked
    // (with `--continue`, the last pairs sorted again around that lock,
    // as `pair --continue --lock` sorts them).
    let own_locks = locked_rules.locked.len();
    let mut forced_rules = rules;
    forced_rules.locked.push((s, j));
    forced_rules.locked.sort_unstable();
    let forced_continuation = continuation.map(|c| c.under(roster, config.weights, &forced_rules));
    let forced_rules = match &forced_continuation {
        Some(c) => c.lock(forced_rules),
        None => forced_rules,
    };
    let forced_scorer = Scorer::with_rules(roster, config.weights, forced_rules);
    let forced = match solve::solve(&forced_scorer, &config.solve_options()) {
        Ok(forced) => forced,
        Err(Error::Infeasible(why)) => {
            // The solver speaks of locked pairs and advises unlocking
            // some: here the pair locked is this one, which the
            // coordinator did not lock.
            let why = why
                .rsplit_once(". Unlock some pairs")
                .map_or(why.as_str(), |(said, _)| said);
            put(format!(
                "not paired; it cannot be forced: with this pair locked in (as --lock {}:{} would{}), {why}; so no pairing under these rules can hold it",
                roster.senior(s).id,
                roster.junior(j).id,
                if own_locks > 0 {
                    ", beside the pairs already locked"
                } else {
                    ""
                }
            ));
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
    let mut cost = format!(
        "not paired; forcing it would lower the total score by {:.4}",
        round4(total - forced_total)
    );
    if forced_pairs != pairs {
        let _ = write!(
            cost,
            " and make {} instead of {pairs}",
            crate::text::count(forced_pairs, "pair", "pairs")
        );
    }
    cost.push('.');
    put(cost);
    let listed = |list: Vec<String>| {
        if list.is_empty() {
            "none".into()
        } else {
            list.join(", ")
        }
    };
    put(format!("  pairs that would go: {}", listed(dropped)));
    put(format!("  pairs that would come: {}", listed(added)));
    if let (Some(c), Some(forced)) = (continuation, &forced_continuation) {
        // Kept pairs whose places the forced pair takes: ended by it.
        let ended: Vec<String> = c
            .kept
            .iter()
            .filter(|(pair, _)| !forced.kept.contains_key(pair))
            .map(|(pair, line)| format!("{} ({} line {line})", name(pair), c.file))
            .collect();
        if !ended.is_empty() {
            put(format!(
                "forcing it would end {} kept from the last pairing: {}",
                if ended.len() == 1 {
                    "a pair".to_string()
                } else {
                    format!("{} pairs", ended.len())
                },
                ended.join(", ")
            ));
        }
    }
    Ok(out)
}
