//! `rmatch sweep`: the trade-off as one weight or rule bound varies, one
//! row per value. [`Vary`] is the one reader of `--vary`: its name says
//! both what to set and which roster column a quota needs loaded.

use std::collections::BTreeSet;
use std::time::Instant;

use rayon::prelude::*;

use crate::candidates::Candidates;
use crate::config::{Config, Naming};
use crate::error::{Error, Result};
use crate::roster::Roster;
use crate::rules;
use crate::scoring::{Scorer, Weights};
use crate::solve::{self, certificate, Method, Optimality};
use crate::units::{self, round4};

/// The most steps one sweep runs (each is a whole pairing).
pub const MAX_STEPS: usize = 1000;

/// What `rmatch sweep --vary` varies.
#[derive(Clone, Debug, PartialEq)]
pub struct Vary {
    /// The name as written (trimmed, lowercase), for messages.
    pub text: String,
    pub name: VaryName,
    pub values: Vec<f64>,
}

/// A weight or rule bound that `--vary` can set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum VaryName {
    /// A score weight (one of [`Weights::NAMES`]).
    Weight(&'static str),
    MinScore,
    MaxTzGap,
    UnmatchedBonus,
    /// `max-same.ATTR` (or `max_same.ATTR`): the largest share for ATTR.
    MaxSame(String),
    /// `fair.ATTR`: the tolerance for ATTR.
    Fair(String),
    /// Not a name `--vary` knows; refused when the sweep starts.
    Unknown(String),
}

impl VaryName {
    /// Reads a (trimmed, lowercase) `--vary` name. Both spellings of the
    /// rule names, `-` and `_`, are accepted.
    pub fn parse(name: &str) -> VaryName {
        if let Some(weight) = Weights::NAMES.iter().find(|w| **w == name) {
            return VaryName::Weight(weight);
        }
        if name == "external" {
            // The weight of the --pair-scores part.
            return VaryName::Weight("external");
        }
        if name == "preference" {
            // The weight of the stated preferences' part.
            return VaryName::Weight("preference");
        }
        match name {
            "min-score" | "min_score" => VaryName::MinScore,
            "max-tz-gap" | "max_tz_gap" => VaryName::MaxTzGap,
            "unmatched-bonus" | "unmatched_bonus" => VaryName::UnmatchedBonus,
            other => {
                if let Some(attr) = other
                    .strip_prefix("max-same.")
                    .or_else(|| other.strip_prefix("max_same."))
                {
                    VaryName::MaxSame(attr.to_string())
                } else if let Some(attr) = other.strip_prefix("fair.") {
                    VaryName::Fair(attr.to_string())
                } else {
                    VaryName::Unknown(other.to_string())
                }
            }
        }
    }

    /// The roster attribute a quota name needs read from the roster.
    pub fn attribute(&self) -> Option<&str> {
        match self {
            VaryName::MaxSame(attr) | VaryName::Fair(attr) => Some(attr),
            _ => None,
        }
    }
}

impl Vary {
    /// Parses `NAME=FROM:TO:STEP` (or `NAME=V1,V2,...`).
    pub fn parse(text: &str) -> Result<Vary> {
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
            // A step of 0 or less, or a range running down, would make no
            // steps: said which, with the form that does what was meant.
            if step <= 0.0 {
                return Err(Error::Usage(format!(
                    "--vary {}: the step {} is not above 0; write for example --vary diversity=0:1:0.1",
                    text.trim(),
                    units::shown(step)
                )));
            }
            // A range's values are kept to the 4 decimals every output
            // shows; a finer step would make the same value again.
            if step < 1e-4 {
                return Err(Error::Usage(format!(
                    "--vary {}: the step {} is finer than the 4 decimals a range's values are kept to; use a step of at least 0.0001, or list the values (NAME=V1,V2,...)",
                    text.trim(),
                    units::shown(step)
                )));
            }
            if to < from {
                return Err(Error::Usage(format!(
                    "--vary {}: the range runs down from {} to {}; write it upwards (FROM:TO:STEP with FROM at most TO), or list the values in the order wanted (NAME=V1,V2,...)",
                    text.trim(),
                    units::shown(from),
                    units::shown(to)
                )));
            }
            let steps = ((to - from) / step + 1e-9).floor() + 1.0;
            if steps > MAX_STEPS as f64 {
                return Err(Error::Usage(format!(
                    "--vary {text} makes {steps} steps; use at most {MAX_STEPS}"
                )));
            }
            let n = steps as usize - 1;
            (0..=n).map(|i| round4(from + step * i as f64)).collect()
        } else {
            let count = range.split(',').count();
            if count > MAX_STEPS {
                return Err(Error::Usage(format!(
                    "--vary {} lists {count} values; use at most {MAX_STEPS}",
                    name.trim()
                )));
            }
            let values = numbers(range)?;
            // A value listed twice would solve and write the same step
            // twice: most likely a slip in the list.
            if let Some(again) = values
                .iter()
                .enumerate()
                .find_map(|(i, v)| values[..i].contains(v).then_some(*v))
            {
                return Err(Error::Usage(format!(
                    "--vary {}: the list gives {} twice; give each value once",
                    text.trim(),
                    units::shown(again)
                )));
            }
            values
        };
        let text = name.trim().to_lowercase();
        Ok(Vary {
            name: VaryName::parse(&text),
            text,
            values,
        })
    }

    /// Checks every value as `pair` checks its flags and config file
    /// (`config` itself first): a weight past 1000 would break the bound
    /// that keeps sums of score units from overflowing, and a share past 1
    /// would come out as a rule that cannot hold. Cheap (one copy of the
    /// config per value), so the command runs it before reading the roster
    /// and [`sweep`] again for callers of the library.
    pub fn check(&self, config: &Config) -> Result<()> {
        config.check()?;
        for &value in &self.values {
            with_value(config, &self.name, value)?.check_named(Naming::Vary(&self.text))?;
        }
        Ok(())
    }
}

/// Sets the weight or rule bound `name` to `value` in a copy of `config`.
fn with_value(config: &Config, name: &VaryName, value: f64) -> Result<Config> {
    let mut c = config.clone();
    match name {
        VaryName::Weight(weight) => *c.weights.get_mut(weight).expect("a weight name") = value,
        VaryName::MinScore => c.rules.min_score = Some(value),
        VaryName::MaxTzGap => c.rules.max_tz_gap = Some(value),
        VaryName::UnmatchedBonus => c.rules.unmatched_bonus = Some(value),
        VaryName::MaxSame(attr) => {
            c.rules.max_same.insert(attr.clone(), value);
        }
        VaryName::Fair(attr) => {
            c.rules.fair.insert(attr.clone(), value);
        }
        VaryName::Unknown(other) => {
            return Err(Error::Usage(format!(
                "--vary cannot vary \"{other}\"; use teach, learn, interests, diversity, external, preference, min-score, max-tz-gap, unmatched-bonus, max-same.ATTR or fair.ATTR"
            )));
        }
    }
    Ok(c)
}

/// The columns of `rmatch sweep`.
pub const SWEEP_COLUMNS: [&str; 14] = [
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
    "removed",
    "goals_covered",
    "seniors_unmatched",
    "juniors_unmatched",
];

/// The sweep's header: [`SWEEP_COLUMNS`], then `cross_ATTR` for each
/// diversity attribute of the roster (`--diversity`), in its order.
pub fn sweep_header(roster: &Roster) -> Vec<String> {
    SWEEP_COLUMNS
        .iter()
        .map(|c| c.to_string())
        .chain(roster.diversity.iter().map(|a| format!("cross_{a}")))
        .collect()
}

/// One value of a sweep and what the pairing made with it looks like.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepStep {
    pub value: f64,
    pub pairs: usize,
    /// Pairs not in the first step's pairing (added).
    pub changed: usize,
    /// Pairs of the first step's pairing that this one drops.
    pub removed: usize,
    pub status: Optimality,
    pub total_score: f64,
    /// Means over the pairs (0 without pairs): score, teach, learn,
    /// interests, diversity.
    pub mean_score: f64,
    pub mean_teach: f64,
    pub mean_learn: f64,
    pub mean_interests: f64,
    pub mean_diversity: f64,
    /// Seniors' learning goals a partner can teach, of `goals` in all.
    pub goals_covered: usize,
    pub goals: usize,
    /// People taking part (capacity > 0) left without a partner.
    pub seniors_unmatched: usize,
    pub juniors_unmatched: usize,
    /// Per diversity attribute (the roster's order): the share of pairs
    /// whose two people differ in it, and the share who have the same
    /// value; `None` for a private attribute.
    pub cross: Vec<Option<f64>>,
    pub same: Vec<Option<f64>>,
    /// Why no pairing can meet the rules at this value (a quota that
    /// cannot hold), when none can; the step's measures are then empty.
    pub infeasible: Option<String>,
}

impl SweepStep {
    /// A value at which no pairing meets the rules.
    fn infeasible(value: f64, attributes: usize, why: String) -> SweepStep {
        SweepStep {
            value,
            pairs: 0,
            changed: 0,
            removed: 0,
            status: Optimality::NotProven,
            total_score: 0.0,
            mean_score: 0.0,
            mean_teach: 0.0,
            mean_learn: 0.0,
            mean_interests: 0.0,
            mean_diversity: 0.0,
            goals_covered: 0,
            goals: 0,
            seniors_unmatched: 0,
            juniors_unmatched: 0,
            cross: vec![None; attributes],
            same: vec![None; attributes],
            infeasible: Some(why),
        }
    }

    /// The step as the cells of [`sweep_header`]'s columns.
    pub fn cells(&self) -> Vec<String> {
        if self.infeasible.is_some() {
            // No pairing: the value and the status, every measure empty.
            let mut row = vec![String::new(); SWEEP_COLUMNS.len() + self.cross.len()];
            row[0] = format!("{}", self.value);
            row[3] = "infeasible".into();
            return row;
        }
        let number = |x: f64| format!("{:.4}", round4(x));
        let mut row = vec![
            format!("{}", self.value),
            self.pairs.to_string(),
            self.changed.to_string(),
            self.status.to_string(),
            number(self.total_score),
            number(self.mean_score),
            number(self.mean_teach),
            number(self.mean_learn),
            number(self.mean_interests),
            number(self.mean_diversity),
            self.removed.to_string(),
            self.goals_covered.to_string(),
            self.seniors_unmatched.to_string(),
            self.juniors_unmatched.to_string(),
        ];
        // A private attribute's share is not shown: with all pairs or none
        // crossing it, it would tell about every pair.
        row.extend(self.cross.iter().map(|c| c.map_or(String::new(), number)));
        row
    }
}

/// `rmatch sweep`: one step per value. The roster is read once; each step
/// re-solves with its own scores. When a score weight varies, the
/// weightings' candidate partners come from one pass over the allowed
/// pairs (see `shared_candidates`), and the steps then solve side by side
/// (see `side_by_side`), their first certificate rounds checked with one
/// more look at the allowed pairs (see `solve_side_by_side`); otherwise
/// each step finds its own, one after the other. Every step's pairing is
/// the one `rmatch pair` finds with its weights and rules, however the
/// steps are run: the steps only compare their pairs with the first step's
/// once all are solved.
/// Also returns the seconds each step took and what each stage did (kept
/// out of the steps so the output is the same on every run).
pub fn sweep(roster: &Roster, config: &Config, vary: &Vary) -> Result<Swept> {
    vary.check(config)?;
    // A weight of a part every pair has at 0 changes no step: said,
    // instead of a table of equal rows.
    let idle = match vary.name {
        VaryName::Weight("external") if config.rules.pair_scores.is_none() => {
            Some("the --pair-scores part, and no --pair-scores file is given; give one")
        }
        VaryName::Weight("preference") if !roster.has_prefers => {
            Some("the stated preferences' part, and the roster has no prefers column; add one")
        }
        _ => None,
    };
    if let Some(why) = idle {
        return Err(Error::Usage(format!(
            "--vary {}: every step would give the same pairing, as this weighs {why}, or vary another weight",
            vary.text.trim()
        )));
    }
    let mut measured = Vec::new();
    let mut timings = Vec::new();
    let mut log = Vec::new();
    if let Some(rules) = shared_candidates(roster, config, vary)? {
        let options = step_options(config);
        let configs = vary
            .values
            .iter()
            .map(|&value| with_value(config, &vary.name, value))
            .collect::<Result<Vec<Config>>>()?;
        let all = Scorer::with_rules(roster, config.weights, rules.clone());
        let k = crate::candidates::senior_list_length(&all, options.candidates.max(1));
        let per_pass = crate::candidates::weightings_per_pass(roster.n_juniors(), k);
        let parallel = side_by_side(&rules, &options);
        for (values, configs) in vary.values.chunks(per_pass).zip(configs.chunks(per_pass)) {
            let started = Instant::now();
            let weightings: Vec<Weights> = configs.iter().map(|c| c.weights).collect();
            let candidates = crate::candidates::candidates_for_weights(&all, &weightings, k);
            if let Some(first) = candidates.first() {
                let made_again: u64 = candidates.iter().map(|c| c.made_again).sum();
                log.push(format!(
                    "candidates for {} steps from one pass {:.3} s: {} allowed pairs, {} of them scored, best {} per senior and {} per junior kept{}",
                    values.len(),
                    started.elapsed().as_secs_f64(),
                    first.allowed_pairs(),
                    first.scored,
                    first.k,
                    first.junior_k,
                    match made_again {
                        0 => String::new(),
                        n => format!(" ({n} lists made again: an optimistic floor was too high)"),
                    }
                ));
            }
            // The pass's time is shared among its steps.
            let pass = started.elapsed().as_secs_f64() / values.len() as f64;
            let steps: Vec<(f64, Weights, Candidates)> = values
                .iter()
                .zip(configs)
                .zip(candidates)
                .map(|((&value, step), candidates)| (value, step.weights, candidates))
                .collect();
            let (solved, wall) = if parallel {
                // In groups whose first rounds fit in memory together.
                let per_group = steps_checked_together(roster, steps.first().map(|s| &s.2));
                let mut solved = Vec::with_capacity(steps.len());
                let mut wall = 0.0;
                let mut steps = steps.into_iter().peekable();
                while steps.peek().is_some() {
                    let group: Vec<_> = steps.by_ref().take(per_group).collect();
                    let (group, seconds) =
                        solve_side_by_side(roster, &options, &all, group, &mut log);
                    solved.extend(group);
                    wall += seconds;
                }
                (solved, wall)
            } else {
                let started = Instant::now();
                let solved: Vec<StepSolved> = steps
                    .into_iter()
                    .map(|(value, weights, candidates)| {
                        let started = Instant::now();
                        let scorer = all.with_weights(weights);
                        let solved = solve::solve_with_candidates(&scorer, &options, candidates);
                        let log = solve_log(&solved);
                        let step = measure(roster, &scorer, value, solved);
                        (step, started.elapsed().as_secs_f64(), log)
                    })
                    .collect();
                (solved, started.elapsed().as_secs_f64())
            };
            // Steps solved side by side share the wall time they took, in
            // proportion to each one's own, so the times add up to it.
            let own: f64 = solved.iter().map(|(_, seconds, _)| seconds).sum();
            for ((step, seconds, lines), &value) in solved.into_iter().zip(values) {
                let share = if parallel && own > 0.0 {
                    wall * seconds / own
                } else {
                    seconds
                };
                log_step(&mut log, vary, value, &lines, seconds);
                measured.push(step?);
                timings.push(pass + share);
            }
        }
    } else {
        for &value in &vary.values {
            let step = with_value(config, &vary.name, value)?;
            let rules = rules::resolve(roster, &step.rules)?;
            let scorer = Scorer::with_rules(roster, step.weights, rules);
            let started = Instant::now();
            let solved = solve::solve(&scorer, &step_options(&step));
            let seconds = started.elapsed().as_secs_f64();
            log_step(&mut log, vary, value, &solve_log(&solved), seconds);
            measured.push(measure(roster, &scorer, value, solved)?);
            timings.push(seconds);
        }
    }
    Ok(Swept {
        steps: compare_with_first(measured),
        seconds: timings,
        log,
    })
}

/// The most bytes the steps of one [`solve_side_by_side`] group may hold
/// between their first rounds and the rest of their solves.
const FIRST_ROUNDS_BYTES: usize = 256 << 20;

/// How many steps [`solve_side_by_side`] takes at once, for steps whose
/// candidates are like `candidates`: what each holds between its first
/// round and the rest (its first graph, pairing and scan memory) is about
/// 24 bytes per candidate pair and as many per person (measured: 5 MB a
/// step at 10,000 x 20,000, 19 MB at 30,000 x 60,000).
fn steps_checked_together(roster: &Roster, candidates: Option<&Candidates>) -> usize {
    let pairs: usize = candidates.map_or(0, |c| {
        c.senior_best.iter().map(Vec::len).sum::<usize>()
            + c.junior_best.iter().map(Vec::len).sum::<usize>()
    });
    let people = roster.n_seniors + roster.n_juniors();
    let per_step = 24 * (pairs + people);
    (FIRST_ROUNDS_BYTES / per_step.max(1)).max(2)
}

/// Solves the steps of one candidate pass side by side (see
/// [`side_by_side`]), each as `rmatch pair` would with its weights, and
/// returns each one's measures, its own seconds and its `-v` lines, with
/// the wall time they took together. Each step's first round is solved on
/// its own, then the first certificate rounds of all of them are checked
/// with one look at the allowed pairs (which pairs each step's graph leaves
/// out, under each step's prices: on a 10,000 x 20,000 roster ten learn
/// weights' first looks enumerated 76 million pairs one step at a time),
/// and each step goes on from there on its own.
fn solve_side_by_side(
    roster: &Roster,
    options: &solve::SolveOptions,
    all: &Scorer,
    steps: Vec<(f64, Weights, Candidates)>,
    log: &mut Vec<String>,
) -> (Vec<StepSolved>, f64) {
    let started = Instant::now();
    let n = steps.len();
    // Each step's first round, solved on its own (its scorer, which shares
    // the roster's weight-free parts with `all`, is made again for the rest
    // of its solve).
    let begun: Vec<_> = side_by_side_in_order((0..n).collect(), |i| {
        let started = Instant::now();
        let (_, weights, candidates) = &steps[i];
        let scorer = all.with_weights(*weights);
        let first = solve::start_first_round(&scorer, options, candidates);
        (first, started.elapsed().as_secs_f64())
    });
    // Their certificates, with one look at the allowed pairs.
    let checked = Instant::now();
    let weightings: Vec<Weights> = steps.iter().map(|(_, w, _)| *w).collect();
    let largest = Weights::largest(&weightings).expect("a step");
    let mut enumerator = all.with_weights(largest);
    // Each junior of a tile has a price per step read here.
    enumerator.tile = all.tile_reading(n);
    let mut own: Vec<f64> = begun.iter().map(|(_, seconds)| *seconds).collect();
    let mut loads = Vec::new();
    let mut firsts: Vec<Result<Option<usize>>> = Vec::new();
    let mut solved_firsts = Vec::new();
    for (first, _) in begun {
        firsts.push(first.map(|first| {
            first.map(|(step_loads, solved)| {
                loads.push(step_loads);
                solved_firsts.push(solved);
                solved_firsts.len() - 1
            })
        }));
    }
    let together_in: Vec<usize> = firsts
        .iter()
        .enumerate()
        .filter_map(|(i, f)| f.as_ref().ok().and_then(|f| f.map(|_| i)))
        .collect();
    let solves = together_in
        .iter()
        .zip(solved_firsts)
        .zip(&loads)
        .map(|((&i, solved), step_loads)| {
            (
                steps[i].1,
                options.objective,
                &steps[i].2,
                step_loads.as_ref(),
                solved,
            )
        })
        .collect();
    let mut checked_firsts = certificate::first_rounds_together(&enumerator, solves)
        .into_iter()
        .map(Some)
        .collect::<Vec<_>>();
    let together = checked.elapsed().as_secs_f64();
    if !together_in.is_empty() {
        log.push(format!(
            "first certificate rounds of {} steps checked with one look at the allowed pairs in {together:.3} s",
            together_in.len()
        ));
    }
    for &i in &together_in {
        own[i] += together / together_in.len() as f64;
    }
    // Each step goes on from its first round.
    let mut items: Vec<_> = steps
        .into_iter()
        .zip(firsts)
        .enumerate()
        .map(|(i, ((value, _, candidates), first))| {
            let first = first.map(|f| f.map(|k| checked_firsts[k].take().expect("once")));
            (i, value, candidates, first)
        })
        .collect();
    // The steps whose first round took longest go first, so that the last
    // to finish is a short one and no thread waits long for it (each
    // step's result is its own, whatever the order).
    items.sort_by(|a, b| own[b.0].total_cmp(&own[a.0]).then(a.0.cmp(&b.0)));
    let mut solved = side_by_side_in_order(items, |(i, value, candidates, first)| {
        let started = Instant::now();
        let scorer = &all.with_weights(weightings[i]);
        let solved = match first {
            Err(e) => Err(e),
            Ok(Some(first)) => solve::solve_after_first_round(scorer, options, candidates, first),
            Ok(None) => solve::solve_with_candidates(scorer, options, candidates),
        };
        let lines = solve_log(&solved);
        let step = measure(roster, scorer, value, solved);
        (i, (step, started.elapsed().as_secs_f64(), lines))
    });
    solved.sort_unstable_by_key(|(i, _)| *i);
    let solved = solved
        .into_iter()
        .zip(own)
        .map(|((_, (step, seconds, lines)), before)| (step, seconds + before, lines))
        .collect();
    (solved, started.elapsed().as_secs_f64())
}

/// How a step solves: as `config` says, without the solve by goals covered
/// that `pair`'s summary compares with (a sweep row does not show it).
fn step_options(config: &Config) -> solve::SolveOptions {
    solve::SolveOptions {
        compare_goals: false,
        ..config.solve_options()
    }
}

/// A step's lines for `-v`: what its solve did (its rounds, as `pair -v`
/// shows them), then its time, each named by the step's value.
fn log_step(log: &mut Vec<String>, vary: &Vary, value: f64, lines: &[String], seconds: f64) {
    let label = format!("{}={value}", vary.text);
    log.extend(lines.iter().map(|line| format!("{label}: {line}")));
    log.push(format!("{label}: solved in {seconds:.3} s"));
}

/// What a step's solve did, for `-v` (nothing when it failed: the step's
/// row says why).
fn solve_log(solved: &Result<solve::Solution>) -> Vec<String> {
    solved
        .as_ref()
        .map(|solution| solution.log.clone())
        .unwrap_or_default()
}

/// What [`sweep`] found: a row per value, in the values' order, with the
/// seconds each step took (its share of a pass shared with other steps,
/// and of the time steps solved side by side took together), and what
/// each stage did, for `-v`.
pub struct Swept {
    pub steps: Vec<SweepStep>,
    pub seconds: Vec<f64>,
    pub log: Vec<String>,
}

/// Whether the steps of a sweep sharing one candidate pass may be solved
/// side by side (in parallel): each is a certified flow solve that gives
/// the same pairing on any number of threads. The quota search and the
/// integer program stop at a time limit, where a step sharing the
/// processors with others could stop at another pairing, so those steps
/// are solved one after the other as before.
fn side_by_side(rules: &rules::Rules, options: &solve::SolveOptions) -> bool {
    options.method == Method::Flow && rules.quotas.is_empty()
}

/// `steps.map(solve)`, in the steps' order, solved by one worker per
/// thread, each taking the next step when done with its own. A worker
/// holds one step at a time, so at most one step per thread is in memory
/// (a parallel iterator over the steps lets a thread waiting inside one
/// step's solve start another); the solves' own parallel parts still use
/// every thread.
fn side_by_side_in_order<T: Send, R: Send>(steps: Vec<T>, solve: impl Fn(T) -> R + Sync) -> Vec<R> {
    let n = steps.len();
    let queue = std::sync::Mutex::new(steps.into_iter().enumerate());
    let workers = rayon::current_num_threads().clamp(1, n.max(1));
    let mut done: Vec<(usize, R)> = (0..workers)
        .into_par_iter()
        .flat_map_iter(|_| {
            let mut mine = Vec::new();
            loop {
                let next = queue.lock().expect("no solve panicked").next();
                let Some((i, step)) = next else {
                    return mine;
                };
                mine.push((i, solve(step)));
            }
        })
        .collect();
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// The rules every step of the sweep shares, when its steps can take their
/// candidate partners from one pass over the allowed pairs: a score weight
/// varies (so the roster, the rules and the allowed pairs stay the same and
/// only the scores change), every weight is at least 0, no `--min-score`
/// makes which pairs are allowed depend on the scores, and the solver uses
/// candidates (the stable solve does not). None otherwise.
fn shared_candidates(
    roster: &Roster,
    config: &Config,
    vary: &Vary,
) -> Result<Option<rules::Rules>> {
    if !matches!(vary.name, VaryName::Weight(_)) || vary.values.len() < 2 {
        return Ok(None);
    }
    for &value in &vary.values {
        if !with_value(config, &vary.name, value)?.weights.nonnegative() {
            return Ok(None);
        }
    }
    let rules = rules::resolve(roster, &config.rules)?;
    if rules.min_score.is_some() || rules.stable {
        return Ok(None);
    }
    Ok(Some(rules))
}

/// A step's measures, its own seconds and its `-v` lines.
type StepSolved = (Result<Measured>, f64, Vec<String>);

/// A step measured on its own, and its pairs (none when no pairing meets
/// the rules), before it is compared with the first step.
type Measured = (SweepStep, Option<BTreeSet<(usize, usize)>>);

/// Fills in each step's `changed` and `removed` against the first step
/// with a pairing, in the order of the values.
fn compare_with_first(measured: Vec<Measured>) -> Vec<SweepStep> {
    let mut first: Option<BTreeSet<(usize, usize)>> = None;
    measured
        .into_iter()
        .map(|(mut step, pairs)| {
            if let Some(pairs) = pairs {
                if let Some(f) = &first {
                    step.changed = pairs.difference(f).count();
                    step.removed = f.difference(&pairs).count();
                } else {
                    first = Some(pairs);
                }
            }
            step
        })
        .collect()
}

/// What the pairing of one step looks like (or why there is none), with
/// its pairs; `changed` and `removed` are left at 0 for
/// [`compare_with_first`].
fn measure(
    roster: &Roster,
    scorer: &Scorer,
    value: f64,
    solved: Result<solve::Solution>,
) -> Result<Measured> {
    let solution = match solved {
        Ok(solution) => solution,
        // A rule that cannot hold at this value is a finding of the
        // sweep (where a quota starts to be possible), not its end.
        Err(Error::Infeasible(why)) => {
            return Ok((
                SweepStep::infeasible(value, roster.diversity.len(), why),
                None,
            ));
        }
        Err(e) => return Err(e),
    };
    let pairs: BTreeSet<(usize, usize)> = solution
        .pairs
        .iter()
        .map(|p| (p.senior, p.junior))
        .collect();
    let (goals_covered, goals) = scorer.goals_covered(pairs.iter().copied());
    // People taking part (capacity > 0) with no partner, per side.
    let mut senior_paired = vec![false; roster.n_seniors];
    let mut junior_paired = vec![false; roster.n_juniors()];
    for &(s, j) in &pairs {
        senior_paired[s] = true;
        junior_paired[j] = true;
    }
    let unmatched = |people: &[crate::roster::Person], paired: &[bool]| {
        people
            .iter()
            .zip(paired)
            .filter(|(p, &paired)| p.capacity > 0 && !paired)
            .count()
    };
    let n = solution.pairs.len().max(1) as f64;
    let mut sums = [0.0f64; 5];
    for p in &solution.pairs {
        let c = scorer.shown_components(p.senior, p.junior, &p.counts);
        for (sum, x) in sums
            .iter_mut()
            .zip([c.score, c.teach, c.learn, c.interests, c.diversity])
        {
            *sum += x;
        }
    }
    // The share of pairs whose two people differ (or agree) in
    // attribute i, among all pairs; unknown values count for neither.
    let share = |i: usize, differ: bool| -> Option<f64> {
        if roster.private[i] {
            return None;
        }
        let count = solution
            .pairs
            .iter()
            .filter(|p| {
                let (a, b) = (
                    roster.senior(p.senior).attributes[i],
                    roster.junior(p.junior).attributes[i],
                );
                a.is_some() && b.is_some() && (a != b) == differ
            })
            .count();
        Some(count as f64 / n)
    };
    let attributes = 0..roster.diversity.len();
    let step = SweepStep {
        value,
        pairs: solution.pairs.len(),
        changed: 0,
        removed: 0,
        status: solution.optimality(),
        total_score: sums[0],
        mean_score: sums[0] / n,
        mean_teach: sums[1] / n,
        mean_learn: sums[2] / n,
        mean_interests: sums[3] / n,
        mean_diversity: sums[4] / n,
        goals_covered,
        goals,
        seniors_unmatched: unmatched(roster.seniors(), &senior_paired),
        juniors_unmatched: unmatched(roster.juniors(), &junior_paired),
        cross: attributes.clone().map(|i| share(i, true)).collect(),
        same: attributes.map(|i| share(i, false)).collect(),
        infeasible: None,
    };
    Ok((step, Some(pairs)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_reader_for_every_vary_name() {
        assert_eq!(VaryName::parse("learn"), VaryName::Weight("learn"));
        assert_eq!(VaryName::parse("external"), VaryName::Weight("external"));
        assert_eq!(VaryName::parse("min_score"), VaryName::MinScore);
        assert_eq!(VaryName::parse("max-tz-gap"), VaryName::MaxTzGap);
        assert_eq!(VaryName::parse("unmatched_bonus"), VaryName::UnmatchedBonus);
        for name in ["max-same.department", "max_same.department"] {
            let parsed = VaryName::parse(name);
            assert_eq!(parsed, VaryName::MaxSame("department".into()));
            assert_eq!(parsed.attribute(), Some("department"), "{name}");
        }
        assert_eq!(VaryName::parse("fair.gender").attribute(), Some("gender"));
        assert_eq!(VaryName::parse("teach").attribute(), None);
        assert_eq!(
            VaryName::parse("colour"),
            VaryName::Unknown("colour".into())
        );
    }

    /// Steps solved side by side (here on four threads) are each the step
    /// its value gives solved alone, from its own candidate pass: the
    /// pairing `rmatch pair` makes with those weights, and the same changes
    /// against the first step.
    #[test]
    fn steps_solved_side_by_side_are_each_the_pairing_of_their_own_weights() {
        let threads = rayon::ThreadPoolBuilder::new()
            .num_threads(4)
            .build()
            .unwrap();
        for seed in 1..=2 {
            let roster = crate::roster::generated(80, 160, seed);
            let config = Config::default();
            for vary in ["diversity=0:0.9:0.3", "teach=0.9,0.1,0.5"] {
                let vary = Vary::parse(vary).unwrap();
                let rules = shared_candidates(&roster, &config, &vary).unwrap();
                assert!(side_by_side(&rules.unwrap(), &config.solve_options()));
                let steps = threads
                    .install(|| sweep(&roster, &config, &vary))
                    .unwrap()
                    .steps;
                let alone: Vec<Measured> = vary
                    .values
                    .iter()
                    .map(|&value| {
                        let step = with_value(&config, &vary.name, value).unwrap();
                        let rules = rules::resolve(&roster, &step.rules).unwrap();
                        let scorer = Scorer::with_rules(&roster, step.weights, rules);
                        let solved = solve::solve(&scorer, &step.solve_options());
                        measure(&roster, &scorer, value, solved).unwrap()
                    })
                    .collect();
                let alone = compare_with_first(alone);
                assert!(alone[1..].iter().any(|s| s.changed > 0), "{}", vary.text);
                assert_eq!(steps, alone, "seed {seed}, {}", vary.text);
            }
        }
    }

    #[test]
    fn vary_values_from_a_range_or_a_list() {
        let vary = Vary::parse(" Max_Same.Department =0:0.5:0.25").unwrap();
        assert_eq!(vary.text, "max_same.department");
        assert_eq!(vary.values, [0.0, 0.25, 0.5]);
        assert_eq!(Vary::parse("teach=0.1,0.3").unwrap().values, [0.1, 0.3]);
        for bad in ["teach", "teach=1:0:0.5", "teach=0:1:0", "teach=a,b"] {
            assert!(Vary::parse(bad).is_err(), "{bad}");
        }
        // At most 1,000 steps, as a range or as a list.
        assert_eq!(Vary::parse("teach=0:999:1").unwrap().values.len(), 1000);
        assert!(Vary::parse("teach=0:1000:1").is_err());
        assert!(Vary::parse("teach=0:1:1e-300").is_err(), "no overflow");
        let list = vec!["0.5"; 1001].join(",");
        let Err(Error::Usage(message)) = Vary::parse(&format!("teach={list}")) else {
            panic!("a list of 1001 values is refused");
        };
        assert_eq!(message, "--vary teach lists 1001 values; use at most 1000");
    }
}
