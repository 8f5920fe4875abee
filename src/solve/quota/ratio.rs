//! Exact fractions for the Lagrangian multipliers: a multiplier `p / q`
//! prices a pair at `q * units - p`, all in integers, so bounds compare
//! exactly.

/// A fraction with a positive denominator, in lowest terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Ratio {
    pub num: i128,
    pub den: i128,
}

/// Denominators are kept below this; past it multipliers are rounded
/// (any multiplier gives a valid bound).
pub(super) const MAX_DEN: i128 = 1 << 24;

impl Ratio {
    pub const ZERO: Ratio = Ratio { num: 0, den: 1 };

    pub fn int(n: i128) -> Ratio {
        Ratio { num: n, den: 1 }
    }

    pub fn new(num: i128, den: i128) -> Ratio {
        let (num, den) = if den < 0 { (-num, -den) } else { (num, den) };
        let g = gcd(num, den);
        Ratio {
            num: num / g,
            den: den / g,
        }
    }

    /// The largest integer not above it.
    pub fn floor(self) -> i128 {
        self.num.div_euclid(self.den)
    }

    pub(super) fn signum(self) -> i128 {
        self.num.signum()
    }

    pub(super) fn add(self, o: Ratio) -> Ratio {
        let g = gcd(self.den, o.den);
        Ratio::new(
            self.num * (o.den / g) + o.num * (self.den / g),
            self.den / g * o.den,
        )
    }

    pub(super) fn mul_int(self, k: i128) -> Ratio {
        Ratio::new(self.num * k, self.den)
    }

    pub(super) fn cmp(self, o: Ratio) -> std::cmp::Ordering {
        (self.num * o.den).cmp(&(o.num * self.den))
    }

    /// The same value with denominator `den` (which it must divide).
    pub(super) fn scaled_num(self, den: i128) -> i128 {
        self.num * (den / self.den)
    }
}

pub(super) fn gcd(mut a: i128, mut b: i128) -> i128 {
    a = a.abs();
    b = b.abs();
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a.max(1)
}

pub(super) fn lcm(a: i128, b: i128) -> i128 {
    a / gcd(a, b) * b
}

/// Multipliers, one per row, on a common denominator small enough for
/// exact flows.
pub(super) fn common(lambda: &mut [Ratio]) -> i128 {
    let mut q: i128 = 1;
    for l in lambda.iter() {
        q = lcm(q, l.den);
        if q > MAX_DEN {
            q = MAX_DEN;
            break;
        }
    }
    if lambda.iter().any(|l| q % l.den != 0) {
        for l in lambda.iter_mut() {
            // Round toward zero: keeps the sign, so the row's side.
            *l = Ratio::new(l.num * q / l.den, q);
        }
    }
    q
}
