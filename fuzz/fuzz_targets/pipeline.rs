//! The whole pipeline on small rosters: parse, score, solve, certify,
//! explain and write every format, checking capacities, hard rules and
//! that no output row is lost.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = rmatch_testkit::pipeline(data);
});
