//! Loads worth more than their pairs: minimum loads (the roster's
//! `min_capacity`) and one partner for everyone first (`--everyone-first`).
//!
//! Both are concave values of a person's number of partners, which a flow
//! carries exactly: a person's capacity is split into units, and unit k
//! (counting from 1) is worth [`Marginals::at`]`(k)` on top of its pair:
//! `per_required` for each of the first `required` units (the minimum load)
//! and `first` for the first unit (everyone first). The values are
//! non-increasing in k, so the flow uses a person's most valuable units
//! first, and the objective becomes lexicographic:
//!
//! 1. the most units of minimum load met (all of them exactly when every
//!    minimum can hold),
//! 2. then the most people (on the chosen side) with a partner,
//! 3. then the objective as before: the most pairs then the best score, or
//!    the best score.
//!
//! Each level's value is larger than everything the levels below it can
//! add up to ([`loads`] works the sizes out from the roster), so no trade
//! between levels can pay. The certificate checks the LP dual of this flow
//! ([`Marginals::dual`]): proven optimal means optimal for this order.

use super::graph::{Objective, Value};
use crate::error::{Error, Result};
use crate::scoring::{to_units, Scorer};

/// What each unit of one person's load is worth beyond its pair.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Marginals {
    /// Added to the first unit (everyone first).
    pub first: Value,
    /// How many units count toward the minimum load (at most the capacity
    /// the flow has for the person).
    pub required: u32,
    /// Added to each of the first `required` units.
    pub per_required: Value,
    /// Spread ties (`--spread-ties`): unit k also loses k - 1 (in the
    /// scaled values, below one unit of score), so among pairings of equal
    /// score the one with the smallest sum of d(d-1)/2 over people wins.
    pub spread: bool,
}

impl Marginals {
    /// What unit `k` (from 1) is worth.
    #[inline]
    pub fn at(&self, k: u32) -> Value {
        let mut v = 0;
        if k == 1 {
            v += self.first;
        }
        if k >= 1 && k <= self.required {
            v += self.per_required;
        }
        if self.spread && k >= 1 {
            v -= Value::from(k - 1);
        }
        v
    }

    /// What a load of `d` units is worth in all.
    pub fn total(&self, d: u32) -> Value {
        let mut v = Value::from(d.min(self.required)) * self.per_required;
        if d >= 1 {
            v += self.first;
        }
        if self.spread && d >= 1 {
            v -= Value::from(d) * Value::from(d - 1) / 2;
        }
        v
    }

    /// The person's part of the LP dual value with price `pi` and `cap`
    /// units: sum over units k of max(0, at(k) + pi) (each unit is an arc
    /// of capacity 1 whose dual is that much).
    pub fn dual(&self, cap: u32, pi: Value) -> Value {
        if cap == 0 {
            return 0;
        }
        if self.spread {
            return (1..=cap).map(|k| (self.at(k) + pi).max(0)).sum();
        }
        let required = self.required.min(cap);
        // Unit 1; units 2..=required; the rest.
        let middle = Value::from(required.saturating_sub(1));
        let rest = Value::from(cap - required.max(1));
        (self.at(1) + pi).max(0) + middle * (self.per_required + pi).max(0) + rest * pi.max(0)
    }

    pub fn is_zero(&self) -> bool {
        self.first == 0 && (self.required == 0 || self.per_required == 0) && !self.spread
    }
}

/// Every person's [`Marginals`], indexed like the graph's capacities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Loads {
    pub senior: Vec<Marginals>,
    pub junior: Vec<Marginals>,
    /// A pair's value is its objective value times this (1 without
    /// `--spread-ties`; with it, more than the largest total spread
    /// penalty, so the penalty only ever breaks ties of score).
    pub scale: Value,
}

/// What a pair of objective value `v` is worth to the solver: `v`, scaled
/// when ties are spread.
#[inline]
pub fn scaled(v: Value, loads: Option<&Loads>) -> Value {
    match loads {
        Some(l) if l.scale != 1 => v * l.scale,
        _ => v,
    }
}

impl Loads {
    /// What the loads `senior_deg`, `junior_deg` are worth in all.
    pub fn total(&self, senior_deg: &[u32], junior_deg: &[u32]) -> Value {
        let side = |m: &[Marginals], d: &[u32]| -> Value {
            m.iter().zip(d).map(|(m, &d)| m.total(d)).sum()
        };
        side(&self.senior, senior_deg) + side(&self.junior, junior_deg)
    }
}

/// The loads of a run: None when there are no minimum loads and no
/// `--everyone-first` (the flow is then exactly as without this module).
///
/// Sizes, so that every sum stays inside i128: with P the most pairs
/// possible (at most 5·10^7 at the roster's limits) and U the most score
/// units a pair can have, everything pairs and scores add up to is at most
/// `base = P·(2^64 + U)` (< 2^91); `first` is `base + 1`, and
/// `per_required` is `base + first·F + 1` with F the people who can get
/// the first-partner value. The flow's potentials stay within
/// `2·(per_required + first + 2^64 + U)` of 0 (a person's price never goes
/// below minus its first unit's value, nor above its best pair plus a
/// junior's first unit); the check below asks for room for the dual
/// value, the sum over every unit of capacity of such a price, and refuses
/// a roster where it would not fit (far beyond the roster limits'
/// realistic shapes; it is never met below 1,000,000 people with the
/// capacities of a real programme).
pub fn loads(scorer: &Scorer, objective: Objective) -> Result<Option<Loads>> {
    let roster = scorer.roster;
    let first_side = scorer.rules.everyone_first;
    let mut senior_locks = vec![0u32; roster.n_seniors];
    let mut junior_locks = vec![0u32; roster.n_juniors()];
    for &(s, j) in &scorer.rules.locked {
        senior_locks[s] += 1;
        junior_locks[j] += 1;
    }
    // Units of minimum load still to find beyond the locked pairs, and
    // whether the first partner is still to find.
    let plan = |people: &[crate::roster::Person], locks: &[u32], left: &[u32], first: bool| {
        people
            .iter()
            .zip(locks)
            .zip(left)
            .map(|((p, &locks), &left)| {
                (
                    p.min_capacity.saturating_sub(locks).min(left),
                    first && locks == 0 && left > 0,
                )
            })
            .collect::<Vec<(u32, bool)>>()
    };
    let seniors = plan(
        roster.seniors(),
        &senior_locks,
        &scorer.senior_left,
        first_side.is_some_and(|s| s.seniors()),
    );
    let juniors = plan(
        roster.juniors(),
        &junior_locks,
        &scorer.junior_left,
        first_side.is_some_and(|s| s.juniors()),
    );
    let any_required = seniors.iter().chain(&juniors).any(|p| p.0 > 0);
    let firsts = seniors.iter().chain(&juniors).filter(|p| p.1).count();
    let spread = scorer.rules.spread_ties;
    if !any_required && firsts == 0 && !spread {
        return Ok(None);
    }
    let too_large = || {
        Error::Usage(
            "the roster is too large for minimum loads and --everyone-first to be solved in exact arithmetic; split it into smaller rosters".into(),
        )
    };
    let places = |left: &[u32]| left.iter().map(|&c| i128::from(c)).sum::<i128>();
    let most_pairs = places(&scorer.senior_left).min(places(&scorer.junior_left));
    let pair_unit: Value = match objective {
        Objective::PairsThenScore => 1 << 64,
        Objective::Score => 0,
        // A pair's high half is the priority of the goals it covers, at
        // most all of its senior's.
        Objective::Goals => {
            Value::from(
                (0..roster.n_seniors)
                    .map(|s| scorer.wanted_priority(s))
                    .max()
                    .unwrap_or(0),
            ) << 64
        }
    };
    let w = &scorer.weights;
    let best_score =
        w.teach + w.learn + w.interests + w.diversity + w.external + 2.0 * scorer.rules.bonus;
    let most_units = Value::from(to_units(best_score)) + 1;
    let value_max = pair_unit + most_units;
    // With spread ties every value is scaled by one more than the largest
    // total penalty, the sum of d(d-1)/2 at full capacity.
    let scale: Value = if spread {
        scorer
            .senior_left
            .iter()
            .chain(&scorer.junior_left)
            .map(|&c| Value::from(c) * Value::from(c.saturating_sub(1)) / 2)
            .sum::<Value>()
            + 1
    } else {
        1
    };
    let base = most_pairs
        .checked_mul(value_max)
        .and_then(|b| b.checked_add(1))
        .and_then(|b| b.checked_mul(scale))
        .ok_or_else(too_large)?;
    let first: Value = if firsts > 0 { base + 1 } else { 0 };
    let per_required: Value = if any_required {
        first
            .checked_mul(firsts as i128)
            .and_then(|f| f.checked_add(base + 1))
            .ok_or_else(too_large)?
    } else {
        0
    };
    let units = places(&scorer.senior_left) + places(&scorer.junior_left) + 1;
    units
        .checked_mul(16)
        .and_then(|u| u.checked_mul(per_required + first + (value_max + 1) * scale))
        .ok_or_else(too_large)?;
    let marginals = |plan: &[(u32, bool)]| {
        plan.iter()
            .map(|&(required, gets_first)| Marginals {
                first: if gets_first { first } else { 0 },
                required,
                per_required,
                spread,
            })
            .collect()
    };
    Ok(Some(Loads {
        senior: marginals(&seniors),
        junior: marginals(&juniors),
        scale,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marginals_are_non_increasing_and_add_up() {
        let m = Marginals {
            first: 10,
            required: 2,
            per_required: 100,
            spread: false,
        };
        assert_eq!([m.at(1), m.at(2), m.at(3)], [110, 100, 0]);
        assert_eq!(
            [m.total(0), m.total(1), m.total(2), m.total(3)],
            [0, 110, 210, 210]
        );
        // The dual part is the sum over units of max(0, at(k) + pi).
        for cap in 0..5u32 {
            for pi in [-200, -110, -105, -100, -50, 0, 7] {
                let by_unit: Value = (1..=cap).map(|k| (m.at(k) + pi).max(0)).sum();
                let m = Marginals {
                    required: m.required.min(cap),
                    ..m
                };
                assert_eq!(m.dual(cap, pi), by_unit, "cap {cap} pi {pi}");
            }
        }
        let spread = Marginals { spread: true, ..m };
        assert_eq!([spread.at(1), spread.at(2), spread.at(3)], [110, 99, -2]);
        assert_eq!(spread.total(3), 110 + 99 - 2);
        assert_eq!(spread.dual(3, 5), 115 + 104 + 3);
        assert!(Marginals::default().is_zero());
        assert_eq!(Marginals::default().dual(3, 5), 15);
    }
}
