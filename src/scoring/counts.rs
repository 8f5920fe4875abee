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
    pub score: f64,
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
