//! A coordinator's programme over several cycles, as the README walks it:
//! a roster that changes between cycles (people leave, join, change role),
//! last cycle's files after a spreadsheet round trip, the feedback and the
//! side files of the next cycle. Each test is a step that once misled.

use crate::support::{lines, TestDir};

/// Cycle 1: two seniors, two juniors, each pair clear.
const CYCLE1: &str = "id,name,role,skills,wants,capacity\n\
S1,Ann Lee,senior,strategy:5,ai:5,1\n\
S2,Bo Chen,senior,budgeting:5,ai:4,1\n\
J1,Cy Diaz,junior,ai:5,strategy:3,1\n\
J2,Di Eng,junior,ai:4,budgeting:3,1\n";

/// Cycle 1's pairs file as `rmatch pair` wrote it.
const PAIRS1: &str = "status,senior_id,senior_name,junior_id,junior_name,score,teach,learn,interests,diversity,why\n\
paired,S1,Ann Lee,J1,Cy Diaz,0.7000,1.0000,1.0000,0.0000,0.0000,x\n\
paired,S2,Bo Chen,J2,Di Eng,0.6000,0.7500,1.0000,0.0000,0.0000,x\n";

#[test]
fn an_ended_pair_keeps_the_name_of_someone_who_changed_side() {
    let t = TestDir::new();
    // Di Eng (J2) is promoted: a senior this cycle; a new junior joins.
    let cycle2 = lines(&[
        "id,name,role,skills,wants,capacity",
        "S1,Ann Lee,senior,strategy:5,ai:5,1",
        "S2,Bo Chen,senior,budgeting:5,ai:4,1",
        "J1,Cy Diaz,junior,ai:5,strategy:3,1",
        "J2,Di Eng,senior,budgeting:4,ai:3,1",
        "J3,Ed Fox,junior,ai:5,budgeting:3,1",
    ]);
    t.write("cycle2.csv", cycle2).write("last.csv", PAIRS1);
    t.rmatch()
        .args(["pair", "cycle2.csv", "--continue", "last.csv", "-q"])
        .stdout_has(
            "\nended,S2,Bo Chen,J2,Di Eng,,,,,,\"Ended (last.csv line 3): J2 is a senior in this roster, not a junior.\",ended\n",
        )
        .run();
}
