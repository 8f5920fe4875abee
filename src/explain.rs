//! Plain-language reasons a coordinator can read out: why a pair was made,
//! and why someone was left without a partner.
//!
//! Every sentence is built from the same counts and rules the solver used,
//! so the reason is the true one, not a paraphrase.

use crate::candidates::Candidates;
use crate::roster::{Person, Role, Roster};
use crate::scoring::{from_units, Rule, Scorer};
use crate::units::{four, round4};

/// Joins items as "a", "a and b", "a, b and c".
fn join(items: &[String]) -> String {
    join_with(items, "and")
}

fn join_with(items: &[String], word: &str) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {word} {last}", rest.join(", ")),
    }
}

/// The most items a list in a reason names; the rest are counted
/// ("and 3 more"). The JSON output carries the full lists.
pub const LIST_CAP: usize = 5;

/// "a, b, c, d, e and 3 more": at most [`LIST_CAP`] items, comma-separated.
fn comma_list(items: &[String]) -> String {
    let mut text = items[..items.len().min(LIST_CAP)].join(", ");
    if items.len() > LIST_CAP {
        text.push_str(&format!(" and {} more", items.len() - LIST_CAP));
    }
    text
}

/// A taught topic with the levels the roster gave: `python (level 4 vs
/// 2)` when both are known (a topic the learner does not list is 0),
/// `python (level 4)` when only the teacher's is, `python` when the
/// teacher listed it without a level (the default level is never shown).
fn with_levels(roster: &Roster, topic: u32, learner: &Person, teacher: &Person) -> String {
    let name = roster.topic(topic);
    let (t, l) = (teacher.level(topic), learner.level(topic));
    if !teacher.level_stated(topic) {
        name.to_string()
    } else if l == 0 || learner.level_stated(topic) {
        format!("{name} (level {t} vs {l})")
    } else {
        format!("{name} (level {t})")
    }
}

/// The wanted topics of `learner` that `teacher` knows better (with the
/// levels the roster gave), and those not covered, highest priority first.
fn covered(roster: &Roster, learner: &Person, teacher: &Person) -> (Vec<String>, Vec<String>) {
    let mut wants = learner.wants.clone();
    wants.sort_by(|a, b| {
        b.level
            .cmp(&a.level)
            .then(roster.topic(a.id).cmp(roster.topic(b.id)))
    });
    let mut yes = Vec::new();
    let mut no = Vec::new();
    for want in wants {
        if teacher.level(want.id) > learner.level(want.id) {
            yes.push(with_levels(roster, want.id, learner, teacher));
        } else {
            no.push(roster.topic(want.id).to_string());
        }
    }
    (yes, no)
}

/// The topics `teacher` can teach `learner`: the learner's goals the
/// teacher knows better, highest priority first, by name alone (for an
/// introduction e-mail; the reason sentence gives the levels).
pub fn topics_taught(roster: &Roster, learner: &Person, teacher: &Person) -> Vec<String> {
    let mut wants = learner.wants.clone();
    wants.sort_by(|a, b| {
        b.level
            .cmp(&a.level)
            .then(roster.topic(a.id).cmp(roster.topic(b.id)))
    });
    wants
        .iter()
        .filter(|w| teacher.level(w.id) > learner.level(w.id))
        .map(|w| roster.topic(w.id).to_string())
        .collect()
}

/// Joins items as people write them: "a", "a and b", "a, b and c".
pub fn and_list(items: &[String]) -> String {
    join(items)
}

/// The full lists behind a pair's reason (the sentence caps them); the
/// JSON output carries them.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct PairDetail {
    /// The senior's goals the junior covers, highest priority first.
    pub taught: Vec<String>,
    /// The senior's goals the junior does not cover.
    pub not_taught: Vec<String>,
    /// The junior's goals the senior covers.
    pub offered: Vec<String>,
    pub shared_interests: Vec<String>,
    /// The public attributes on which they differ, with both values.
    pub differ: Vec<String>,
}

/// Why senior `s` and junior `j` make a good pair: the sentence, and the
/// full lists it names.
///
/// The sentence is written into one buffer: a large roster explains
/// hundreds of thousands of pairs side by side, and each allocation more
/// per pair is one more trip to the allocator, whose arenas the threads
/// end up sharing (at 100,000 x 200,000 the two threads of this stage
/// spent much of it waiting on each other's arena lock).
pub fn pair_detail(scorer: &Scorer, s: usize, j: usize) -> (String, PairDetail) {
    let roster = scorer.roster;
    let senior = roster.senior(s);
    let junior = roster.junior(j);
    let (taught, missed) = covered(roster, senior, junior);
    let (offered, _) = covered(roster, junior, senior);
    let shared: Vec<String> = senior
        .interests
        .iter()
        .filter(|i| junior.interests.binary_search(i).is_ok())
        .map(|&i| roster.text_in("interests", i).to_string())
        .collect();
    // Private attributes are never mentioned: saying that two people
    // differ (or not) on one would tell whether they share its value.
    let mut differ: Vec<String> = Vec::new();
    for (k, name) in roster.diversity.iter().enumerate() {
        if roster.private.get(k).copied().unwrap_or(true) {
            continue;
        }
        if let (Some(Some(a)), Some(Some(b))) = (senior.attributes.get(k), junior.attributes.get(k))
        {
            if a != b {
                differ.push(format!(
                    "{name} ({} vs {})",
                    roster.text_in(name, *a),
                    roster.text_in(name, *b)
                ));
            }
        }
    }
    let mut sentence = String::with_capacity(256);
    let out = &mut sentence;
    for part in [&junior.name, " teaches ", &senior.name, " "] {
        out.push_str(part);
    }
    push_capped(out, &taught, "and");
    if !missed.is_empty() {
        out.push_str(" but not ");
        push_capped(out, &missed, "or");
    }
    if !offered.is_empty() {
        for part in ["; ", &senior.name, " offers back "] {
            out.push_str(part);
        }
        push_capped(out, &offered, "and");
    }
    if !shared.is_empty() {
        out.push_str("; they share ");
        push_capped(out, &shared, "and");
    }
    if !differ.is_empty() {
        out.push_str("; they differ in ");
        push_joined(out, &differ, "and");
    }
    if let Some(words) = scorer.preferences.sentence(roster, s, j) {
        out.push_str("; ");
        out.push_str(&words);
    }
    let rules = &scorer.rules;
    if let Some(scores) = &rules.pair_scores {
        if let Some((external, _)) = scores.get(s, j) {
            out.push_str(&format!(
                "; external score {} from {}",
                round4(external),
                scores.file
            ));
        }
    }
    if !rules.pair_rules.is_empty() {
        let kept: Vec<String> = rules
            .pair_rules
            .iter()
            .map(|r| r.kept(roster, senior, junior))
            .collect();
        out.push_str("; the programme's rules hold: ");
        push_joined(out, &kept, "and");
    }
    let returning: Vec<String> = [
        (rules.senior_bonus[s], &senior.name),
        (rules.junior_bonus[j], &junior.name),
    ]
    .into_iter()
    .filter(|&(b, _)| b)
    .map(|(_, name)| name.clone())
    .collect();
    if !returning.is_empty() && rules.bonus > 0.0 {
        out.push_str(&format!(
            "; the score includes a bonus of {} for ",
            rules.bonus * returning.len() as f64
        ));
        push_joined(out, &returning, "and");
        out.push_str(" unmatched last cycle");
    }
    out.push('.');
    let detail = PairDetail {
        taught,
        not_taught: missed,
        offered,
        shared_interests: shared,
        differ,
    };
    (sentence, detail)
}

/// [`join_with`], written onto `out`.
fn push_joined(out: &mut String, items: &[String], word: &str) {
    match items {
        [] => {}
        [one] => out.push_str(one),
        [rest @ .., last] => {
            for (k, item) in rest.iter().enumerate() {
                if k > 0 {
                    out.push_str(", ");
                }
                out.push_str(item);
            }
            for part in [" ", word, " ", last] {
                out.push_str(part);
            }
        }
    }
}

/// At most [`LIST_CAP`] items joined as [`join_with`] does, then "and N
/// more" (or "or N more"), written onto `out`.
fn push_capped(out: &mut String, items: &[String], word: &str) {
    if items.len() <= LIST_CAP {
        push_joined(out, items, word);
        return;
    }
    out.push_str(&items[..LIST_CAP].join(", "));
    out.push_str(&format!(" {word} {} more", items.len() - LIST_CAP));
}

/// One sentence on why senior `s` and junior `j` make a good pair.
pub fn pair(scorer: &Scorer, s: usize, j: usize) -> String {
    pair_detail(scorer, s, j).0
}

/// Places against people: when one side's people outnumber the other
/// side's places (the sum of their capacities), some of them cannot be
/// paired whatever the pairing, since each paired person uses at least one
/// place of the other side.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Supply {
    /// The side with more people than the other side has places.
    pub surplus: Role,
    /// Places of the other side (capacities summed, people taking part).
    pub places: u64,
    /// People of the surplus side taking part.
    pub people: usize,
}

impl Supply {
    /// The supply of a roster, when one side outnumbers the other's places.
    pub fn of(roster: &Roster) -> Option<Supply> {
        let side = |role: Role| {
            let taking_part = || (0..roster.count(role)).map(|i| roster.person(role, i));
            let places: u64 = taking_part().map(|p| u64::from(p.capacity)).sum();
            let people = taking_part().filter(|p| p.capacity > 0).count();
            (places, people)
        };
        let (senior_places, seniors) = side(Role::Senior);
        let (junior_places, juniors) = side(Role::Junior);
        if juniors as u64 > senior_places {
            Some(Supply {
                surplus: Role::Junior,
                places: senior_places,
                people: juniors,
            })
        } else if seniors as u64 > junior_places {
            Some(Supply {
                surplus: Role::Senior,
                places: junior_places,
                people: seniors,
            })
        } else {
            None
        }
    }

    /// How many of the surplus side cannot be paired, at least.
    pub fn short(&self) -> u64 {
        self.people as u64 - self.places
    }

    /// "there are 37 senior places for 68 juniors, so at least 31 juniors
    /// cannot be paired this cycle"
    pub fn sentence(&self) -> String {
        let (other, side) = (self.surplus.other(), self.surplus);
        let plural = |n: u64, role: Role| {
            if n == 1 {
                format!("1 {role}")
            } else {
                format!("{n} {role}s")
            }
        };
        format!(
            "there {} {} place{} for {}, so at least {} cannot be paired this cycle",
            if self.places == 1 { "is" } else { "are" },
            if self.places == 0 {
                format!("no {other}")
            } else {
                self.places.to_string() + " " + other.as_str()
            },
            if self.places == 1 { "" } else { "s" },
            plural(self.people as u64, side),
            plural(self.short(), side),
        )
    }
}

/// For someone with no allowed partner: how many people of the other side
/// could have taught (or learned) something, and what removed them.
struct RuledOut<'s> {
    scorer: &'s Scorer<'s>,
    /// People whose places locked pairs did not all take (capacity 0
    /// included) with something to teach or learn, by the first rule
    /// against them.
    by_rule: Vec<(Rule, usize)>,
    /// Whether others with something to teach or learn have every place
    /// taken by locked pairs (not counted one by one: after a continued
    /// pairing that is nearly everyone, for every person left unmatched).
    full: bool,
}

impl RuledOut<'_> {
    fn count(&self) -> usize {
        self.by_rule.iter().map(|(_, n)| n).sum::<usize>()
    }

    /// Whether nobody could teach (or learn) anything with the person.
    fn is_empty(&self) -> bool {
        self.count() == 0 && !self.full
    }

    /// Why nobody is allowed, of the other side seen from `role`.
    fn sentence(&self, role: Role) -> String {
        let (many, one, who_many, who_one) = match role {
            Role::Senior => (
                "juniors",
                "junior",
                "who teach this senior's goals",
                "who teaches this senior's goals",
            ),
            Role::Junior => (
                "seniors",
                "senior",
                "who want this junior's skills",
                "who wants this junior's skills",
            ),
        };
        let count = self.count();
        if count == 0 {
            return format!(
                "no allowed partner: every {one} {who_one} has every place taken by locked pairs"
            );
        }
        let parts = join(&self.parts());
        if self.full {
            format!(
                "no allowed partner: the {many} {who_many} have every place taken by locked pairs, or are ruled out ({parts})"
            )
        } else if count == 1 {
            format!("no allowed partner: the only {one} {who_one} is ruled out ({parts})")
        } else {
            format!("no allowed partner: all {count} {many} {who_many} are ruled out ({parts})")
        }
    }

    fn parts(&self) -> Vec<String> {
        self.by_rule
            .iter()
            .map(|(rule, n)| match rule {
                Rule::Capacity => format!("{n} capacity 0"),
                Rule::Excluded => format!("{n} excluded"),
                Rule::Forbidden => format!("{n} forbidden"),
                Rule::Repeat => format!("{n} paired in an earlier cycle"),
                Rule::NotAllowedExternally => format!("{n} not allowed in the pair scores file"),
                Rule::ManagementChain => format!("{n} in the same management chain"),
                Rule::NoCommonLanguage => format!("{n} without a common language"),
                Rule::TimeZone => format!("{n} too many time zones away"),
                Rule::Attribute(k) => self.scorer.rules.pair_rules[usize::from(*k)].counted(*n),
                Rule::BelowMinScore => format!("{n} below the minimum score"),
                Rule::NothingToTeach => unreachable!("not counted"),
            })
            .collect()
    }
}

/// The people of the other side who could teach (or learn) something from
/// person `me` of side `role`, by what rules them out.
fn ruled_out<'s>(scorer: &'s Scorer<'s>, role: Role, me: usize) -> RuledOut<'s> {
    let mut counts: std::collections::BTreeMap<Rule, usize> = std::collections::BTreeMap::new();
    let pair = |other: usize| match role {
        Role::Senior => (me, other),
        Role::Junior => (other, me),
    };
    for other in scorer.sharing_a_topic(role, me) {
        let (s, j) = pair(other);
        // A pair that teaches nothing counts under no rule, so it is not
        // scored.
        if !scorer.teaches(s, j) {
            continue;
        }
        // The pair teaches something (its teach part is above 0); someone
        // of capacity 0 is out before any rule that weighs the pair.
        let rule = if scorer.roster.senior(s).capacity == 0 || scorer.roster.junior(j).capacity == 0
        {
            Some(Rule::Capacity)
        } else {
            scorer.evaluate(s, j).1
        };
        match rule {
            // Only people who could teach (or learn) something count.
            Some(Rule::NothingToTeach) | None => {}
            Some(rule) => *counts.entry(rule).or_default() += 1,
        }
    }
    // Those whose places locked pairs took are out whatever the rules say.
    let full = scorer.any_sharing_without_a_place(role, me, |other| {
        let (s, j) = pair(other);
        scorer.teaches(s, j)
    });
    // In the order the rules are listed (Rule::ALL), attribute rules last.
    let rank = |r: &Rule| {
        Rule::ALL
            .iter()
            .position(|a| a == r)
            .unwrap_or(Rule::ALL.len())
    };
    let mut by_rule: Vec<(Rule, usize)> = counts.into_iter().collect();
    by_rule.sort_by_key(|(r, _)| (rank(r), *r));
    RuledOut {
        scorer,
        by_rule,
        full,
    }
}

/// Why person `i` of side `role` got no partner. `supply` is
/// [`Supply::of`] the roster with its [`Supply::sentence`] (made once for
/// every row): when this person's side outnumbers the other side's places,
/// that is said first.
pub fn unmatched(
    scorer: &Scorer,
    candidates: &Candidates,
    supply: Option<(Supply, &str)>,
    role: Role,
    i: usize,
) -> String {
    let roster = scorer.roster;
    let person = roster.person(role, i);
    // What this person brings to a pair: a senior's goals, a junior's skills.
    let (brings, none_listed) = match role {
        Role::Senior => (
            &person.wants,
            "no allowed partner: no learning goals listed; add wants so a junior can be chosen",
        ),
        Role::Junior => (
            &person.skills,
            "no allowed partner: no skills listed; add skills so a senior can learn from this junior",
        ),
    };
    if brings.is_empty() {
        return none_listed.into();
    }
    let allowed = candidates.allowed(role, i);
    if allowed > 0 {
        // One buffer for the whole reason, as in [`pair_detail`].
        let mut reason = String::with_capacity(160);
        // When this side outnumbers the other side's places, that is the
        // cause to say first; the pairing only chose who.
        if let Some((_, sentence)) = supply.filter(|(supply, _)| supply.surplus == role) {
            for part in [
                sentence,
                "; of those, ",
                &person.name,
                " was left out because ",
            ] {
                reason.push_str(part);
            }
        }
        // With quotas a partner with a free place may still be out of
        // reach: the quotas, not a better use, can be why.
        let mut quotas: Vec<String> = Vec::new();
        for q in &scorer.rules.quotas {
            let flag = q.rule.to_string();
            if !quotas.contains(&flag) {
                quotas.push(flag);
            }
        }
        let also = if quotas.is_empty() {
            String::new()
        } else {
            format!(
                " or ruled out by the quota{} ({})",
                if quotas.len() == 1 { "" } else { "s" },
                quotas.join(", ")
            )
        };
        better_used(
            &mut reason,
            allowed,
            &also,
            candidates.best(role, i)[0],
            |k| roster.person(role.other(), k),
        );
        return reason;
    }
    let found = ruled_out(scorer, role, i);
    match role {
        Role::Senior if found.is_empty() => {
            let goals: Vec<String> = person
                .wants
                .iter()
                .map(|t| {
                    let own = person.level(t.id);
                    if own > 0 && person.level_stated(t.id) {
                        format!("{} above level {own}", roster.topic(t.id))
                    } else if own > 0 {
                        format!("{} above this senior's level", roster.topic(t.id))
                    } else {
                        roster.topic(t.id).to_string()
                    }
                })
                .collect();
            format!(
                "no allowed partner: no junior teaches any of: {}",
                comma_list(&goals)
            )
        }
        Role::Junior if found.is_empty() => {
            let skills: Vec<String> = person
                .skills
                .iter()
                .map(|t| {
                    if t.stated {
                        format!("{}:{}", roster.topic(t.id), t.level)
                    } else {
                        roster.topic(t.id).to_string()
                    }
                })
                .collect();
            format!(
                "no allowed partner: no senior wants to learn any of this junior's skills ({}) from someone at that level",
                comma_list(&skills)
            )
        }
        role => found.sentence(role),
    }
}

/// "all N allowed partners are better used elsewhere; best alternative
/// ID NAME (score X)", written onto `out`, with `also` (another cause)
/// after "elsewhere".
fn better_used<'r>(
    out: &mut String,
    allowed: u64,
    also: &str,
    best: (u32, i64),
    person: impl Fn(usize) -> &'r Person,
) {
    use std::fmt::Write;
    let other = person(best.0 as usize);
    if allowed == 1 {
        out.push_str("the only allowed partner is");
    } else {
        let _ = write!(out, "all {allowed} allowed partners are");
    }
    out.push_str(" better used elsewhere");
    out.push_str(also);
    out.push_str("; best alternative ");
    out.push_str(&other.label());
    out.push_str(" (score ");
    out.push_str(&four(from_units(best.1)));
    out.push(')');
}

/// Why person `i` of side `role`, with `got` partners in the best pairing
/// (which meets as many units of minimum load as any pairing can), falls
/// short of their `min_capacity`: too few allowed partners (and the rules
/// that rule the others out), or allowed partners who are all full.
///
/// The second holds of every such best pairing: an allowed partner with a
/// free place could be added, and one whose partner has more than their
/// own minimum could be swapped, each meeting one more unit.
pub fn short_of_minimum(
    scorer: &Scorer,
    candidates: &Candidates,
    role: Role,
    i: usize,
    got: u32,
) -> String {
    let roster = scorer.roster;
    let person = roster.person(role, i);
    let locked = scorer
        .rules
        .locked
        .iter()
        .filter(|&&(s, j)| match role {
            Role::Senior => s == i,
            Role::Junior => j == i,
        })
        .count() as u64;
    let allowed = candidates.allowed(role, i);
    let others = match role {
        Role::Senior => "juniors",
        Role::Junior => "seniors",
    };
    let head = format!(
        "{} (min_capacity {}, gets {got})",
        person.label(),
        person.min_capacity
    );
    if allowed + locked < u64::from(person.min_capacity) {
        let parts = ruled_out(scorer, role, i).parts();
        let possible = allowed + locked;
        let may = if possible == 1 {
            format!("only 1 of the {others} may be paired with them")
        } else if possible == 0 {
            format!("none of the {others} may be paired with them")
        } else {
            format!("only {possible} {others} may be paired with them")
        };
        if parts.is_empty() {
            format!("{head}: {may}")
        } else {
            format!("{head}: {may} ({} ruled out)", join(&parts))
        }
    } else {
        let partners: Vec<String> = roster
            .in_id_order(role.other())
            .filter(|&k| {
                let (s, j) = match role {
                    Role::Senior => (i, k),
                    Role::Junior => (k, i),
                };
                scorer.evaluate(s, j).1.is_none()
            })
            .map(|k| roster.person(role.other(), k).id.clone())
            .collect();
        let mut named = partners
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join(", ");
        if partners.len() > 5 {
            named.push_str(&format!(" and {} more", partners.len() - 5));
        }
        let those = if partners.len() == 1 {
            format!("their only allowed partner ({named}) is full")
        } else {
            format!(
                "their {} allowed partners ({named}) are all full",
                partners.len()
            )
        };
        format!(
            "{head}: {those}, with locked pairs or with people who need them for their own minimum"
        )
    }
}
