//! How a score is held as a number. The solver compares scores as integers
//! in units of 1e-9, so optimality is exact and the same on every machine;
//! every output shows 4 decimals; and weights stay small enough
//! ([`MAX_WEIGHT`]) that sums of units never overflow.

/// The largest accepted weight; keeps exact integer arithmetic in the solver.
pub const MAX_WEIGHT: f64 = 1000.0;

/// Scores are compared by the solver as integers in these units (1e-9), so
/// optimality is exact and the same on every machine.
pub const UNITS_PER_POINT: f64 = 1e9;

/// A score in integer solver units.
/// Rounds half away from zero without a libm call (this runs once per pair).
#[inline]
pub fn to_units(score: f64) -> i64 {
    let x = score * UNITS_PER_POINT;
    if x >= 0.0 {
        (x + 0.5) as i64
    } else {
        -((0.5 - x) as i64)
    }
}

/// A score from solver units.
pub fn from_units(units: i64) -> f64 {
    units as f64 / UNITS_PER_POINT
}

/// Rounds to the 4 decimals every output shows.
pub fn round4(x: f64) -> f64 {
    let r = (x * 1e4).round() / 1e4;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}
