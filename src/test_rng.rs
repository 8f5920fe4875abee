//! A small random-number generator for the unit tests: xorshift64, the
//! same numbers for the same seed on every machine, so a failing case can
//! be found again.

/// Draws from a xorshift64 generator started at `state` (which must not
/// be 0).
pub(crate) fn xorshift(mut state: u64) -> impl FnMut() -> u64 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    }
}
