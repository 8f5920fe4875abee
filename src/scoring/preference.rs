//! Stated preferences (the roster's `prefers` column) as ranks, and the
//! `preference` part of a pair's score.
//!
//! A person who lists n people of the other side ranks them 1..n (1 = most
//! wanted). For senior s and junior j, s's side of the pair is
//! `(n - r + 1) / n` when s lists j at rank r of n, else 0, and likewise
//! j's side; the `preference` part is the mean of the two sides, in [0, 1]:
//! 1 for two people who list each other first, 0.5 for a first choice that
//! is not returned.

/// Every person's stated ranks, for O(log n) look-ups by pair.
#[derive(Clone, Debug, Default)]
pub struct Preferences {
    /// Per senior: (junior, rank from 1) sorted by junior; and its length.
    senior: Vec<Vec<(u32, u32)>>,
    /// Per junior: (senior, rank from 1) sorted by senior.
    junior: Vec<Vec<(u32, u32)>>,
    /// Whether anyone stated a preference.
    any: bool,
}

/// One person's stated rank of another: 1-based, and of how many listed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rank {
    pub rank: u32,
    pub of: u32,
}

impl Rank {
    /// This side's share of the preference part: `(n - r + 1) / n`.
    pub fn value(self) -> f64 {
        f64::from(self.of - self.rank + 1) / f64::from(self.of)
    }
}

fn table(people: &[crate::roster::Person], offset: usize) -> Vec<Vec<(u32, u32)>> {
    people
        .iter()
        .map(|p| {
            let mut list: Vec<(u32, u32)> = p
                .prefers
                .iter()
                .enumerate()
                .filter_map(|(r, &i)| i.checked_sub(offset).map(|i| (i as u32, r as u32 + 1)))
                .collect();
            list.sort_unstable();
            list
        })
        .collect()
}

impl Preferences {
    pub fn of(roster: &crate::roster::Roster) -> Preferences {
        let senior = table(roster.seniors(), roster.n_seniors);
        let junior = table(roster.juniors(), 0);
        let any = senior.iter().chain(&junior).any(|l| !l.is_empty());
        Preferences {
            senior,
            junior,
            any,
        }
    }

    /// Whether anyone stated a preference.
    pub fn any(&self) -> bool {
        self.any
    }

    fn find(list: &[(u32, u32)], other: usize) -> Option<Rank> {
        let at = list.binary_search_by_key(&(other as u32), |e| e.0).ok()?;
        Some(Rank {
            rank: list[at].1,
            of: list.len() as u32,
        })
    }

    /// Senior `s`'s stated rank of junior `j`.
    pub fn senior_rank(&self, s: usize, j: usize) -> Option<Rank> {
        Self::find(self.senior.get(s)?, j)
    }

    /// Junior `j`'s stated rank of senior `s`.
    pub fn junior_rank(&self, j: usize, s: usize) -> Option<Rank> {
        Self::find(self.junior.get(j)?, s)
    }

    /// How many people senior `s` (or junior `j`) listed.
    pub fn listed(&self, role: crate::roster::Role, i: usize) -> usize {
        match role {
            crate::roster::Role::Senior => self.senior[i].len(),
            crate::roster::Role::Junior => self.junior[i].len(),
        }
    }

    /// The `preference` part of the pair (s, j), in [0, 1].
    pub fn part(&self, s: usize, j: usize) -> f64 {
        if !self.any {
            return 0.0;
        }
        let side = |r: Option<Rank>| r.map_or(0.0, Rank::value);
        (side(self.senior_rank(s, j)) + side(self.junior_rank(j, s))) / 2.0
    }
}

impl Preferences {
    /// The pair's stated preferences in words, as a reason names them
    /// (`Maya Chen listed Sam Ray as first choice`), or None.
    pub fn sentence(&self, roster: &crate::roster::Roster, s: usize, j: usize) -> Option<String> {
        let (senior, junior) = (&roster.senior(s).name, &roster.junior(j).name);
        match (self.senior_rank(s, j), self.junior_rank(j, s)) {
            (Some(a), Some(b)) if a.rank == b.rank => Some(format!(
                "{senior} and {junior} listed each other as {} choice",
                ordinal(a.rank)
            )),
            (Some(a), Some(b)) => Some(format!(
                "{junior} listed {senior} as {} choice and {senior} listed {junior} as {}",
                ordinal(b.rank),
                ordinal(a.rank)
            )),
            (Some(a), None) => Some(format!(
                "{senior} listed {junior} as {} choice",
                ordinal(a.rank)
            )),
            (None, Some(b)) => Some(format!(
                "{junior} listed {senior} as {} choice",
                ordinal(b.rank)
            )),
            (None, None) => None,
        }
    }
}

/// `first`, `2nd`, `3rd`, `11th`, ...
pub fn ordinal(n: u32) -> String {
    if n == 1 {
        return "first".into();
    }
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::{parse, ReadOptions};

    #[test]
    fn the_part_is_the_mean_of_both_sides() {
        let r = parse(
            "r.csv",
            b"id,role,prefers\nS1,senior,J2;J1\nS2,senior,\nJ1,junior,S1\nJ2,junior,S2;S1\n",
            &ReadOptions::default(),
        )
        .unwrap();
        let p = Preferences::of(&r);
        assert_eq!(p.senior_rank(0, 1), Some(Rank { rank: 1, of: 2 }));
        assert_eq!(p.junior_rank(1, 0), Some(Rank { rank: 2, of: 2 }));
        // S1-J1: S1 ranks J1 2nd of 2 (1/2), J1 ranks S1 1st of 1 (1).
        assert_eq!(p.part(0, 0), 0.75);
        // S1-J2: 1 and 1/2.
        assert_eq!(p.part(0, 1), 0.75);
        // S2-J1: nobody lists the other.
        assert_eq!(p.part(1, 0), 0.0);
        // S2-J2: only J2, first: 1/2.
        assert_eq!(p.part(1, 1), 0.5);
        assert_eq!(
            [1, 2, 3, 4, 11, 12, 13, 21, 22, 23].map(ordinal),
            ["first", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd"]
        );
    }
}
