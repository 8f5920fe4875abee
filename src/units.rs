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

/// A number as a message shows it: as written for everyday sizes, in
/// exponent form past a million billion (`1e300`, not its 301 digits).
pub fn shown(x: f64) -> String {
    if x.abs() >= 1e15 {
        format!("{x:e}")
    } else {
        x.to_string()
    }
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

/// `x` rounded to 4 decimals and written as `format!("{:.4}", round4(x))`
/// writes it, from the integer number of ten-thousandths: the standard
/// formatting writes a rounded number's exact binary value, which takes a
/// slow path for most of them (a CSV of 100,000 pairs writes half a
/// million). Below `1e11` the rounded number is nearer its four decimals
/// than a ten-thousandth's half, so both give the same text; above, and
/// for numbers that are not finite, the standard formatting writes it.
pub fn four(x: f64) -> String {
    let r = round4(x);
    if !r.is_finite() || r.abs() >= 1e11 {
        return format!("{r:.4}");
    }
    let k = (r * 1e4).round() as i64;
    let whole = (k.unsigned_abs() / 10_000).to_string();
    let part = k.unsigned_abs() % 10_000;
    let mut text = String::with_capacity(whole.len() + 6);
    if k < 0 {
        text.push('-');
    }
    text.push_str(&whole);
    text.push('.');
    for digit in [part / 1000, part / 100 % 10, part / 10 % 10, part % 10] {
        text.push(char::from(b'0' + digit as u8));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_writes_what_the_standard_formatting_writes() {
        let mut next = crate::test_rng::xorshift(0x9e37_79b9_7f4a_7c15);
        let mut xs = vec![
            0.0,
            -0.0,
            0.00005,
            -0.00005,
            0.00004999,
            -0.00004999,
            0.5,
            -0.5,
            1.0,
            0.12345,
            0.99995,
            -0.99995,
            123.45675,
            1e11,
            -1e11,
            99_999_999_999.99,
            1e15,
            f64::NAN,
            f64::INFINITY,
        ];
        for _ in 0..200_000 {
            let bits = next();
            // Scores and score changes (a few points), and wider numbers.
            let x = (bits >> 11) as f64 / (1u64 << 53) as f64;
            let scale = [1.0, 4.0, 1000.0, 1e8, 1e12][(bits % 5) as usize];
            xs.push(if bits & 1 << 10 == 0 {
                x * scale
            } else {
                -x * scale
            });
        }
        for x in xs {
            assert_eq!(four(x), format!("{:.4}", round4(x)), "{x:e}");
        }
    }
}
