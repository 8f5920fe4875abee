//! The integer counts behind a pair's score and the formulas that turn
//! them into its four parts: teach and learn (priority x gain over the
//! learner's goals), shared interests, and differing backgrounds.

use super::weights::Weights;
use crate::roster::Topic;
use crate::units::to_units;

/// The integer counts behind a pair's score.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Sum over the senior's goals of priority x min(level gap, 4).
    pub teach: u32,
    /// 4 x the sum of the senior's priorities (the denominator of teach).
    pub teach_of: u32,
    pub learn: u32,
    pub learn_of: u32,
    /// Shared interests, and interests in either list.
    pub shared: u32,
    pub union: u32,
    /// Diversity attributes that differ, and those filled in for both.
    pub differ: u32,
    pub compared: u32,
}

fn ratio(num: u32, den: u32) -> f64 {
    if den == 0 {
        0.0
    } else {
        f64::from(num) / f64::from(den)
    }
}

/// A pair's score and its four parts, each in [0, 1].
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Components {
    pub teach: f64,
    pub learn: f64,
    pub interests: f64,
    pub diversity: f64,
    /// The unmatched bonus (`--history`), included in `score`.
    pub bonus: f64,
    /// The pair's score from the `--pair-scores` file (0 when it has
    /// none), included in `score` times the `external` weight.
    pub external: f64,
    /// The `preference` part (stated preferences, see
    /// [`super::Preferences::part`]), included in `score` times the
    /// `preference` weight.
    pub preference: f64,
    pub score: f64,
}

impl Components {
    /// The parts the weights multiply, in [`Weights::NAMES`] order (as
    /// [`Weights::named`] gives their weights): what `rmatch learn` fits. A
    /// new score part is added here as well as to the weights' table.
    pub fn parts(&self) -> [f64; Weights::NAMES.len()] {
        [self.teach, self.learn, self.interests, self.diversity]
    }
}

impl Counts {
    #[inline]
    pub fn components(&self, w: &Weights) -> Components {
        let teach = ratio(self.teach, self.teach_of);
        let learn = ratio(self.learn, self.learn_of);
        let interests = ratio(self.shared, self.union);
        let diversity = ratio(self.differ, self.compared);
        let score =
            w.teach * teach + w.learn * learn + w.interests * interests + w.diversity * diversity;
        Components {
            teach,
            learn,
            interests,
            diversity,
            bonus: 0.0,
            external: 0.0,
            preference: 0.0,
            score,
        }
    }

    /// The score in solver units.
    pub fn units(&self, w: &Weights) -> i64 {
        to_units(self.components(w).score)
    }
}

/// Whether two sorted id lists share an element.
pub fn intersects(a: &[u32], b: &[u32]) -> bool {
    let (mut i, mut k) = (0, 0);
    while i < a.len() && k < b.len() {
        match a[i].cmp(&b[k]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => k += 1,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

/// The size of the intersection of two sorted id lists.
pub fn shared(a: &[u32], b: &[u32]) -> u32 {
    let (mut i, mut k, mut n) = (0, 0, 0);
    while i < a.len() && k < b.len() {
        match a[i].cmp(&b[k]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => k += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                k += 1;
            }
        }
    }
    n
}

/// min(level gap, 4), or 0 when the teacher is not above the learner.
pub fn gain(teacher: u8, learner: u8) -> u32 {
    u32::from(teacher.saturating_sub(learner).min(4))
}

pub fn goal_total(wants: &[Topic]) -> u32 {
    4 * wants.iter().map(|t| u32::from(t.level)).sum::<u32>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::{parse, ReadOptions};
    use crate::scoring::Scorer;

    #[test]
    fn gain_is_the_level_gap_capped_at_four() {
        assert_eq!(gain(5, 1), 4);
        assert_eq!(gain(5, 0), 4, "capped");
        assert_eq!(gain(3, 1), 2);
        assert_eq!(gain(2, 2), 0);
        assert_eq!(gain(1, 4), 0, "never negative");
        let wants = [
            Topic {
                id: 0,
                level: 5,
                stated: true,
            },
            Topic {
                id: 1,
                level: 1,
                stated: true,
            },
        ];
        assert_eq!(goal_total(&wants), 24, "4 x the priorities");
    }

    #[test]
    fn sorted_id_lists_meet_and_count() {
        assert!(intersects(&[1, 4, 9], &[2, 9]));
        assert!(!intersects(&[1, 4], &[2, 3, 5]));
        assert!(!intersects(&[], &[1]));
        assert_eq!(shared(&[1, 2, 4, 9], &[2, 3, 4, 9, 10]), 3);
    }

    /// Tiny hand-built people: every part of the score worked out by hand.
    #[test]
    fn the_four_parts_on_a_hand_worked_pair() {
        let roster = parse(
            "r.csv",
            b"id,role,skills,wants,interests,department,location,generation\n\
              S1,senior,excel:4;ai:1,ai:4;tiktok:2,chess;golf;jazz,Finance,London,\n\
              J1,junior,ai:5;tiktok:2,excel:3,chess;jazz;art,IT,London,Gen Z\n",
            &ReadOptions::default(),
        )
        .unwrap();
        let scorer = Scorer::new(&roster, Weights::default());
        let counts = scorer.counts(0, 0);
        // teach: ai 4 x min(5-1, 4) + tiktok 2 x (2-0) = 20 over 4 x (4+2) = 24.
        assert_eq!((counts.teach, counts.teach_of), (20, 24));
        // learn: excel 3 x (4-0) = 12 over 4 x 3 = 12.
        assert_eq!((counts.learn, counts.learn_of), (12, 12));
        // interests: chess and jazz shared, 4 in either list.
        assert_eq!((counts.shared, counts.union), (2, 4));
        // diversity: department differs, location equal, generation blank for S1.
        assert_eq!((counts.differ, counts.compared), (1, 2));
        let c = counts.components(&Weights::default());
        assert_eq!(c.teach, 20.0 / 24.0);
        assert_eq!((c.learn, c.interests, c.diversity), (1.0, 0.5, 0.5));
        let expected = 0.5 * (20.0 / 24.0) + 0.2 * 1.0 + 0.1 * 0.5 + 0.2 * 0.5;
        assert!((c.score - expected).abs() < 1e-12, "{}", c.score);
        assert_eq!(counts.units(&Weights::default()), to_units(c.score));
    }

    #[test]
    fn empty_lists_score_zero_not_nan() {
        let c = Counts::default().components(&Weights::default());
        assert_eq!(
            (c.teach, c.learn, c.interests, c.diversity, c.score),
            (0.0, 0.0, 0.0, 0.0, 0.0)
        );
    }
}
