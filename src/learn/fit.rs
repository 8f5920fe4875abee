//! The statistics of `rmatch learn`: a linear model of the rating on the
//! score parts with non-negative weights, fitted by non-negative least
//! squares (Lawson and Hanson's active-set method, exact for the few parts
//! a score has), judged by k-fold cross-validation against the mean rating,
//! with bootstrap ranges for the weights. Everything is deterministic:
//! folds come from a hash of the pair's ids and the bootstrap from a fixed
//! seed, so the same feedback gives the same numbers in any row order.

/// One rated pair as the fit sees it.
#[derive(Clone, Debug, PartialEq)]
pub struct Observation {
    /// The score parts, in [`crate::scoring::Weights::NAMES`] order.
    pub x: Vec<f64>,
    /// The (adjusted, averaged) rating.
    pub y: f64,
    /// Which cross-validation fold holds it out.
    pub fold: usize,
}

/// rating ≈ intercept + Σ slope_k · part_k, every slope ≥ 0.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    pub intercept: f64,
    /// Rating points per unit of each part.
    pub slopes: Vec<f64>,
}

impl Model {
    /// The predicted rating of a pair with parts `x`, within 1 to 5.
    pub fn predict(&self, x: &[f64]) -> f64 {
        let raw = self.intercept + self.slopes.iter().zip(x).map(|(w, v)| w * v).sum::<f64>();
        raw.clamp(1.0, 5.0)
    }

    /// Rating points per point of score when the weights are the
    /// [`Model::shares`]: the sum of the slopes.
    pub fn scale(&self) -> f64 {
        self.slopes.iter().sum()
    }

    /// The slopes as shares of their sum (weights summing to 1, as the
    /// default weights do), or `None` when every slope is 0.
    pub fn shares(&self) -> Option<Vec<f64>> {
        let total = self.scale();
        (total > 0.0).then(|| self.slopes.iter().map(|w| w / total).collect())
    }
}

/// Which parts vary at all across `rows`: a part every rated pair has the
/// same value of tells nothing about its weight.
pub fn varying(obs: &[Observation]) -> Vec<bool> {
    let k = obs.first().map_or(0, |o| o.x.len());
    (0..k)
        .map(|c| {
            let first = obs[0].x[c];
            obs.iter().any(|o| (o.x[c] - first).abs() > 1e-12)
        })
        .collect()
}

/// Fits the model to the observations `rows` picks (with repeats, for the
/// bootstrap), over the parts `free` allows (the others' slopes are 0).
pub fn fit<'a>(rows: impl Iterator<Item = &'a Observation> + Clone, free: &[bool]) -> Model {
    let k = free.len();
    let mut n = 0.0;
    let mut mean_x = vec![0.0; k];
    let mut mean_y = 0.0;
    for o in rows.clone() {
        n += 1.0;
        mean_y += o.y;
        for (m, v) in mean_x.iter_mut().zip(&o.x) {
            *m += v;
        }
    }
    if n == 0.0 {
        return Model {
            intercept: 3.0,
            slopes: vec![0.0; k],
        };
    }
    mean_y /= n;
    for m in &mut mean_x {
        *m /= n;
    }
    // The centred normal equations: the intercept then drops out.
    let mut gram = vec![vec![0.0; k]; k];
    let mut cross = vec![0.0; k];
    for o in rows {
        let dy = o.y - mean_y;
        for a in 0..k {
            let da = o.x[a] - mean_x[a];
            cross[a] += da * dy;
            for (g, (xb, mb)) in gram[a].iter_mut().zip(o.x.iter().zip(&mean_x)) {
                *g += da * (xb - mb);
            }
        }
    }
    let slopes = nnls(&gram, &cross, free);
    let intercept = mean_y - slopes.iter().zip(&mean_x).map(|(w, m)| w * m).sum::<f64>();
    Model { intercept, slopes }
}

/// Non-negative least squares in normal-equation form: the w ≥ 0 (zero
/// where `free` is false) that minimises ½ wᵀGw − cᵀw, by Lawson and
/// Hanson's active-set method. A tiny ridge keeps collinear parts (one
/// part a multiple of another) solvable.
pub fn nnls(gram: &[Vec<f64>], cross: &[f64], free: &[bool]) -> Vec<f64> {
    let k = cross.len();
    let trace: f64 = (0..k).map(|a| gram[a][a]).sum();
    let ridge = 1e-10 * trace.max(1e-300);
    let tol = 1e-12 * (trace + cross.iter().map(|c| c.abs()).sum::<f64>()).max(1e-300);
    let mut w = vec![0.0; k];
    let mut passive = vec![false; k];
    // Lawson-Hanson ends in finitely many steps; the cap only guards
    // against rounding cycling.
    for _ in 0..(10 * k + 10) {
        let gradient: Vec<f64> = (0..k)
            .map(|a| cross[a] - (0..k).map(|b| gram[a][b] * w[b]).sum::<f64>())
            .collect();
        let best = (0..k)
            .filter(|&a| free[a] && !passive[a] && gradient[a] > tol)
            .max_by(|&a, &b| gradient[a].total_cmp(&gradient[b]));
        let Some(t) = best else {
            break;
        };
        passive[t] = true;
        loop {
            let set: Vec<usize> = (0..k).filter(|&a| passive[a]).collect();
            let z_set = solve(
                &set.iter()
                    .map(|&a| {
                        set.iter()
                            .map(|&b| gram[a][b] + if a == b { ridge } else { 0.0 })
                            .collect()
                    })
                    .collect::<Vec<Vec<f64>>>(),
                &set.iter().map(|&a| cross[a]).collect::<Vec<f64>>(),
            );
            let mut z = vec![0.0; k];
            for (&a, v) in set.iter().zip(&z_set) {
                z[a] = *v;
            }
            if set.iter().all(|&a| z[a] > 0.0) {
                w = z;
                break;
            }
            // Step from w towards z until the first passive weight hits 0.
            let alpha = set
                .iter()
                .filter(|&&a| z[a] <= 0.0)
                .map(|&a| w[a] / (w[a] - z[a]))
                .fold(f64::INFINITY, f64::min);
            for a in 0..k {
                w[a] += alpha * (z[a] - w[a]);
            }
            for &a in &set {
                if w[a] <= 1e-15 {
                    w[a] = 0.0;
                    passive[a] = false;
                }
            }
            if !passive.iter().any(|&p| p) {
                break;
            }
        }
    }
    w.iter().map(|&v| v.max(0.0)).collect()
}

/// Solves the small system `a x = b` by Gaussian elimination with partial
/// pivoting; a singular pivot gives 0 for that unknown.
fn solve(a: &[Vec<f64>], b: &[f64]) -> Vec<f64> {
    let n = b.len();
    let mut m: Vec<Vec<f64>> = a
        .iter()
        .zip(b)
        .map(|(row, &v)| {
            let mut r = row.clone();
            r.push(v);
            r
        })
        .collect();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&i, &j| m[i][col].abs().total_cmp(&m[j][col].abs()))
            .unwrap_or(col);
        m.swap(col, pivot);
        if m[col][col].abs() < 1e-300 {
            continue;
        }
        let (top, bottom) = m.split_at_mut(col + 1);
        let pivot_row = &top[col];
        for row in bottom {
            let f = row[col] / pivot_row[col];
            for (x, p) in row[col..].iter_mut().zip(&pivot_row[col..]) {
                *x -= f * p;
            }
        }
    }
    let mut x = vec![0.0; n];
    for row in (0..n).rev() {
        if m[row][row].abs() < 1e-300 {
            continue;
        }
        let rest: f64 = (row + 1..n).map(|c| m[row][c] * x[c]).sum();
        x[row] = (m[row][n] - rest) / m[row][row];
    }
    x
}

/// The number of cross-validation folds.
pub const FOLDS: usize = 5;

/// The fold of a pair, from its two ids (FNV-1a, so it is the same on every
/// machine and in any row order).
pub fn fold_of(senior_id: &str, junior_id: &str) -> usize {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in senior_id.bytes().chain([0u8]).chain(junior_id.bytes()) {
        hash ^= u64::from(b);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    (hash % FOLDS as u64) as usize
}

/// How well held-out ratings are predicted.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct CrossValidation {
    pub folds: usize,
    /// Root mean square and mean absolute error of the model's held-out
    /// predictions.
    pub rmse: f64,
    pub mae: f64,
    /// The same for the mean rating of the other folds (the baseline).
    pub baseline_rmse: f64,
    pub baseline_mae: f64,
    /// 1 − (model's squared error) / (baseline's): the share of the
    /// rating's variation the parts predict out of sample; ≤ 0 means no
    /// better than the mean.
    pub r2: f64,
}

/// K-fold cross-validation: each fold predicted by a model fitted on the
/// others, against the other folds' mean rating.
pub fn cross_validate(obs: &[Observation], free: &[bool]) -> CrossValidation {
    let (mut sse, mut sae, mut base_sse, mut base_sae) = (0.0, 0.0, 0.0, 0.0);
    let mut n = 0.0;
    let mut used = 0;
    for f in 0..FOLDS {
        let train = obs.iter().filter(|o| o.fold != f);
        let count = train.clone().count();
        if count == 0 || count == obs.len() {
            continue;
        }
        used += 1;
        let model = fit(train.clone(), free);
        let mean = train.map(|o| o.y).sum::<f64>() / count as f64;
        for o in obs.iter().filter(|o| o.fold == f) {
            let e = o.y - model.predict(&o.x);
            let b = o.y - mean;
            sse += e * e;
            sae += e.abs();
            base_sse += b * b;
            base_sae += b.abs();
            n += 1.0;
        }
    }
    let n = f64::max(n, 1.0);
    CrossValidation {
        folds: used,
        rmse: (sse / n).sqrt(),
        mae: sae / n,
        baseline_rmse: (base_sse / n).sqrt(),
        baseline_mae: base_sae / n,
        r2: if base_sse > 0.0 {
            1.0 - sse / base_sse
        } else {
            0.0
        },
    }
}

/// Bootstrap resamples drawn for the weights' ranges.
pub const RESAMPLES: usize = 1000;

/// The seed of the bootstrap, fixed so that every run gives the same ranges.
pub const SEED: u64 = 0x726d_6174_6368; // "rmatch"

/// SplitMix64, as the roster generator uses.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in [0, 1), from 53 random bits.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The 2.5th and 97.5th percentiles of each weight (as a share of the
/// weights' sum) and of the scale over [`RESAMPLES`] bootstrap resamples
/// of the rated pairs; also how many resamples gave every weight 0 (and so
/// no shares).
#[derive(Clone, Debug, PartialEq)]
pub struct Ranges {
    pub shares: Vec<(f64, f64)>,
    pub scale: (f64, f64),
    pub flat: usize,
}

pub fn bootstrap(obs: &[Observation], free: &[bool]) -> Ranges {
    let k = free.len();
    let mut rng = SplitMix64(SEED);
    let mut shares: Vec<Vec<f64>> = vec![Vec::with_capacity(RESAMPLES); k];
    let mut scales = Vec::with_capacity(RESAMPLES);
    let mut flat = 0;
    let n = obs.len();
    let mut picks = Vec::with_capacity(n);
    for _ in 0..RESAMPLES {
        picks.clear();
        picks.extend((0..n).map(|_| rng.below(n)));
        let model = fit(picks.iter().map(|&i| &obs[i]), free);
        scales.push(model.scale());
        match model.shares() {
            Some(s) => {
                for (list, v) in shares.iter_mut().zip(s) {
                    list.push(v);
                }
            }
            None => flat += 1,
        }
    }
    Ranges {
        shares: shares.iter_mut().map(|v| percentiles(v)).collect(),
        scale: percentiles(&mut scales),
        flat,
    }
}

/// The 2.5th and 97.5th percentiles (nearest rank) of `values`.
fn percentiles(values: &mut [f64]) -> (f64, f64) {
    if values.is_empty() {
        return (0.0, 0.0);
    }
    values.sort_by(f64::total_cmp);
    let at =
        |p: f64| values[((p * values.len() as f64).ceil() as usize).clamp(1, values.len()) - 1];
    (at(0.025), at(0.975))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nnls_matches_least_squares_when_it_is_non_negative() {
        // y = 1 + 2 x0 + 0.5 x1 exactly.
        let obs: Vec<Observation> = (0..20)
            .map(|i| {
                let x0 = f64::from(i % 5) / 4.0;
                let x1 = f64::from((i * 7) % 11) / 10.0;
                Observation {
                    x: vec![x0, x1],
                    y: 1.0 + 2.0 * x0 + 0.5 * x1,
                    fold: i as usize % FOLDS,
                }
            })
            .collect();
        let m = fit(obs.iter(), &[true, true]);
        assert!((m.intercept - 1.0).abs() < 1e-6, "{m:?}");
        assert!((m.slopes[0] - 2.0).abs() < 1e-6, "{m:?}");
        assert!((m.slopes[1] - 0.5).abs() < 1e-6, "{m:?}");
        let shares = m.shares().unwrap();
        assert!((shares[0] - 0.8).abs() < 1e-6);
        let cv = cross_validate(&obs, &[true, true]);
        assert!(cv.rmse < 1e-6 && cv.r2 > 0.999, "{cv:?}");
    }

    #[test]
    fn a_negative_effect_is_held_at_zero() {
        // y falls with x1: unconstrained least squares would give it a
        // negative slope; NNLS holds it at 0 and refits x0 alone.
        let obs: Vec<Observation> = (0..30)
            .map(|i| {
                let x0 = f64::from(i % 6) / 5.0;
                let x1 = f64::from((i * 5) % 7) / 6.0;
                Observation {
                    x: vec![x0, x1, 0.25],
                    y: 2.0 + 1.5 * x0 - 1.0 * x1,
                    fold: 0,
                }
            })
            .collect();
        let free = [true, true, true];
        assert_eq!(varying(&obs), [true, true, false]);
        let m = fit(obs.iter(), &[true, true, false]);
        assert_eq!(m.slopes[1], 0.0, "{m:?}");
        assert_eq!(m.slopes[2], 0.0);
        // x0 alone, by ordinary least squares.
        let alone = fit(obs.iter(), &[true, false, false]);
        assert!(
            (m.slopes[0] - alone.slopes[0]).abs() < 1e-9,
            "{m:?} {alone:?}"
        );
        // A constant part never gets weight, even when left free.
        assert_eq!(fit(obs.iter(), &free).slopes[2], 0.0);
    }

    #[test]
    fn collinear_parts_do_not_break_the_fit() {
        let obs: Vec<Observation> = (0..25)
            .map(|i| {
                let x = f64::from(i % 5) / 4.0;
                Observation {
                    x: vec![x, x],
                    y: 1.0 + 3.0 * x,
                    fold: i as usize % FOLDS,
                }
            })
            .collect();
        let m = fit(obs.iter(), &[true, true]);
        assert!((m.scale() - 3.0).abs() < 1e-6, "{m:?}");
        assert!(m.slopes.iter().all(|w| w.is_finite() && *w >= 0.0));
    }

    #[test]
    fn folds_come_from_the_ids() {
        assert_eq!(fold_of("S1", "J1"), fold_of("S1", "J1"));
        let folds: std::collections::BTreeSet<usize> =
            (0..50).map(|i| fold_of(&format!("S{i}"), "J1")).collect();
        assert_eq!(folds.len(), FOLDS, "every fold is used");
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let mut v: Vec<f64> = (1..=1000).map(f64::from).collect();
        assert_eq!(percentiles(&mut v), (25.0, 975.0));
        assert_eq!(percentiles(&mut [2.0]), (2.0, 2.0));
    }
}
