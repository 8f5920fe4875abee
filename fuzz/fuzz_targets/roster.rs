//! Roster parsing on arbitrary bytes: a clean roster or clean errors,
//! never a panic. The first byte picks encoding, delimiter and private
//! columns (see `rmatch_testkit::options_from`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = rmatch_testkit::parse(data);
});
