//! The dense assignment baseline shared by `benches/pipeline.rs` and
//! `examples/scale.rs`: every senior-junior pair scored into a full matrix and
//! solved with the `lsap` crate (SciPy's shortest augmenting path, JV style).
//!
//! `lsap` solves the one-to-one assignment and assigns every row of a matrix
//! with no more rows than columns. rmatch's problem has capacities and each
//! pair at most once, so the matrix is built like this:
//!
//! * a senior of capacity `c` is `c` identical rows, a junior of capacity `c`
//!   `c` identical columns (capacity 0: none);
//! * an allowed pair weighs `BIG + score`, a forbidden one `FORBIDDEN`: since
//!   every row is assigned, a row on a forbidden cell is "unpaired" and the
//!   sum is `pairs * (BIG - FORBIDDEN) + total score + constant`, so with
//!   `BIG = 1000` maximising it maximises pairs first, then score. Any
//!   `FORBIDDEN <= 0` gives the same optimum; 0 keeps every weight near 1000,
//!   where f64 resolves rmatch's 1e-9 score units (at -1e9 it does not: see
//!   `examples/scale.rs --forbidden`);
//! * copies alone would let a senior and a junior who both have capacity >= 2
//!   pair twice (and the dense solve does, when it pays). Each such allowed
//!   pair goes through a gadget instead: an extra column `E` that only the
//!   senior's copies may take (at the pair's weight) and an extra row `F`
//!   that must take either `E` or one of the junior's copies (weight 0, any
//!   other cell infeasible). Pairing the two then uses `E`, so it happens at
//!   most once, and pushes `F` onto a copy of the junior, using up one unit of
//!   the junior's capacity; unused, `F` sits on `E`;
//! * padding columns of weight `FORBIDDEN` make columns >= rows.
//!
//! The result is exactly rmatch's objective, checked against it by callers.

use rayon::prelude::*;
use rmatch::scoring::Scorer;

/// Added to every allowed pair's score so the number of pairs comes first.
pub const BIG: f64 = 1000.0;
/// The default weight of a forbidden pair (see the module docs).
pub const FORBIDDEN: f64 = 0.0;
/// The weight of gadget cells that must never be chosen: far below
/// anything a forbidden cell could save (more than `|forbidden| + BIG + 1`).
fn infeasible(forbidden: f64) -> f64 {
    2.0 * forbidden.min(0.0) - 1e9
}

/// The dense weight matrix of all pairs, capacity units expanded.
pub struct DenseMatrix {
    pub rows: usize,
    pub cols: usize,
    /// Rows `0..senior_rows` are senior copies, the rest gadget rows.
    pub senior_rows: usize,
    /// Columns `0..junior_cols` are junior copies, then one per gadget, then padding.
    pub junior_cols: usize,
    /// The senior behind each senior row.
    pub row_senior: Vec<u32>,
    /// The junior behind each junior column.
    pub col_junior: Vec<u32>,
    /// The `(senior, junior)` pair of each gadget, sorted.
    pub gadgets: Vec<(u32, u32)>,
    /// The weight given to forbidden pairs.
    pub forbidden: f64,
    /// The weight of gadget cells that must never be chosen.
    pub infeasible: f64,
    /// Row-major `rows x cols` weights.
    pub weight: Vec<f64>,
}

/// Scores every pair once per senior row (in parallel) with
/// `Scorer::evaluate` and lays the weights out as a dense matrix, forbidden
/// pairs weighing `forbidden`.
pub fn matrix(scorer: &Scorer, forbidden: f64) -> DenseMatrix {
    let roster = scorer.roster;
    let weights = &scorer.weights;
    let s_cap = |s: usize| roster.senior(s).capacity;
    let j_cap = |j: usize| roster.junior(j).capacity;
    let row_senior: Vec<u32> = (0..scorer.n_seniors())
        .flat_map(|s| std::iter::repeat_n(s as u32, s_cap(s) as usize))
        .collect();
    let col_junior: Vec<u32> = (0..scorer.n_juniors())
        .flat_map(|j| std::iter::repeat_n(j as u32, j_cap(j) as usize))
        .collect();
    let mut col_start = vec![0usize; scorer.n_juniors() + 1];
    for j in 0..scorer.n_juniors() {
        col_start[j + 1] = col_start[j] + j_cap(j) as usize;
    }
    // Allowed pairs of two people with capacity >= 2, sorted by senior.
    let multi_juniors: Vec<usize> = (0..scorer.n_juniors()).filter(|&j| j_cap(j) >= 2).collect();
    let gadgets: Vec<(u32, u32)> = (0..scorer.n_seniors())
        .filter(|&s| s_cap(s) >= 2)
        .flat_map(|s| {
            multi_juniors
                .iter()
                .filter(move |&&j| scorer.evaluate(s, j).1.is_none())
                .map(move |&j| (s as u32, j as u32))
        })
        .collect();
    let (senior_rows, junior_cols, k) = (row_senior.len(), col_junior.len(), gadgets.len());
    let rows = senior_rows + k;
    let cols = junior_cols + k + senior_rows.saturating_sub(junior_cols);
    let infeasible = infeasible(forbidden);
    let mut weight = vec![infeasible; rows * cols];
    // Chunks of zero columns are not allowed: an empty matrix has nothing to fill.
    if cols > 0 {
        let (senior_part, gadget_part) = weight.split_at_mut(senior_rows * cols);
        senior_part
            .par_chunks_mut(cols)
            .enumerate()
            .for_each(|(r, row)| {
                let s = row_senior[r] as usize;
                let multi = s_cap(s) >= 2;
                let (copies, rest) = row.split_at_mut(junior_cols);
                // Copies of a junior are adjacent columns: score once.
                let mut last = (u32::MAX, 0.0);
                for (cell, &j) in copies.iter_mut().zip(&col_junior) {
                    if j != last.0 {
                        let (counts, rule) = scorer.evaluate(s, j as usize);
                        let w = match rule {
                            None if multi && j_cap(j as usize) >= 2 => forbidden, // via its gadget
                            None => BIG + counts.components(weights).score,
                            Some(_) => forbidden,
                        };
                        last = (j, w);
                    }
                    *cell = last.1;
                }
                let (gadget_cols, padding) = rest.split_at_mut(k);
                let first = gadgets.partition_point(|&(gs, _)| (gs as usize) < s);
                for (g, &(gs, gj)) in gadgets.iter().enumerate().skip(first) {
                    if gs as usize != s {
                        break;
                    }
                    let score = scorer.counts(s, gj as usize).components(weights).score;
                    gadget_cols[g] = BIG + score;
                }
                padding.fill(forbidden);
            });
        gadget_part
            .par_chunks_mut(cols)
            .enumerate()
            .for_each(|(g, row)| {
                let j = gadgets[g].1 as usize;
                row[col_start[j]..col_start[j + 1]].fill(0.0);
                row[junior_cols + g] = 0.0;
            });
    }
    DenseMatrix {
        rows,
        cols,
        senior_rows,
        junior_cols,
        row_senior,
        col_junior,
        gadgets,
        forbidden,
        infeasible,
        weight,
    }
}

/// What the dense solve paired.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct DenseOutcome {
    /// Allowed pairs made (senior rows on allowed or gadget cells).
    pub pairs: usize,
    /// The total score in rmatch's integer units, recomputed exactly.
    pub units: i64,
    /// The total score as the f64 sum of the pairs' scores.
    pub score: f64,
    /// Pairs made more than once: always 0 unless the gadgets are broken.
    pub duplicates: usize,
    /// Assigned infeasible gadget cells: always 0 unless the solve went wrong.
    pub infeasible: usize,
}

/// Solves the dense matrix with `lsap::solve` (maximise): `(rows, cols)`.
pub fn solve(m: &DenseMatrix) -> (Vec<usize>, Vec<usize>) {
    lsap::solve(m.rows, m.cols, &m.weight, true).expect("a finite dense matrix is solvable")
}

/// Reads the pairs back out of an `lsap` answer.
pub fn outcome(
    scorer: &Scorer,
    m: &DenseMatrix,
    answer: &(Vec<usize>, Vec<usize>),
) -> DenseOutcome {
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    let mut infeasible = 0;
    for (&r, &c) in answer.0.iter().zip(&answer.1) {
        let w = m.weight[r * m.cols + c];
        if w == m.infeasible {
            infeasible += 1;
        } else if r < m.senior_rows && w >= BIG / 2.0 {
            let s = m.row_senior[r];
            let j = if c < m.junior_cols {
                m.col_junior[c]
            } else {
                m.gadgets[c - m.junior_cols].1
            };
            pairs.push((s, j));
        }
    }
    let counts: Vec<_> = pairs
        .iter()
        .map(|&(s, j)| scorer.counts(s as usize, j as usize))
        .collect();
    let units = counts.iter().map(|c| c.units(&scorer.weights)).sum();
    let score = counts
        .iter()
        .map(|c| c.components(&scorer.weights).score)
        .sum();
    let n = pairs.len();
    pairs.sort_unstable();
    pairs.dedup();
    DenseOutcome {
        pairs: n,
        units,
        score,
        duplicates: n - pairs.len(),
        infeasible,
    }
}

/// rmatch's own pairs and total units, for comparison.
pub fn rmatch_outcome(scorer: &Scorer, solution: &rmatch::solve::Solution) -> DenseOutcome {
    DenseOutcome {
        pairs: solution.pairs.len(),
        units: solution
            .pairs
            .iter()
            .map(|p| p.counts.units(&scorer.weights))
            .sum(),
        score: solution
            .pairs
            .iter()
            .map(|p| p.counts.components(&scorer.weights).score)
            .sum(),
        duplicates: 0,
        infeasible: 0,
    }
}
