//! Hostile and oversized input.

use super::*;

#[test]
fn unclosed_quote_is_an_error_not_a_silent_merge() {
    // A stray quote would otherwise swallow every following row into one name.
    let text = "id,name,role,skills,wants\n\
S1,\"Ann Lee,senior,,ai:4\n\
J1,Bo,junior,ai:5,\n\
J2,Cy,junior,ai:4,\n";
    let t = TestDir::new();
    t.write("r.csv", text);
    t.write("out.csv", "OLD");
    t.rmatch()
        .args(["pair", "r.csv", "-o", "out.csv"])
        .code(3)
        .stdout("")
        .stderr("error: r.csv, line 2, column 2 (name): a quoted field starts here but its closing quote is missing, so the rest of the file would be read as this one field; add the closing \" (or remove the opening one)\n")
        .run();
    assert_eq!(t.read("out.csv"), "OLD");
}

#[test]
fn field_longer_than_64_kib_is_refused_by_line_and_column() {
    let long = "x".repeat(64 * 1024 + 1);
    let text = format!(
        "id,role,name,skills\nS1,senior,Ann,\nJ1,junior,{long},ai:5\nJ2,junior,Bo,{long}\n"
    );
    let t = TestDir::new();
    t.write("r.csv", text);
    let ran = t
        .rmatch()
        .args(["check", "r.csv"])
        .code(3)
        .stdout("")
        .stderr_lacks("xxxx")
        .run();
    assert_eq!(
        ran.error_lines(),
        [
            "error: r.csv, line 3, column 3 (name): this field is longer than 64 KiB, the most rmatch reads in one field; shorten it, or close the quote that makes it run on",
            "error: r.csv, line 4, column 4 (skills): this field is longer than 64 KiB, the most rmatch reads in one field; shorten it, or close the quote that makes it run on",
        ]
    );
    // Exactly 64 KiB is fine.
    let fits = "y".repeat(64 * 1024);
    t.write("ok.csv", format!("id,role,name\nS1,senior,{fits}\n"));
    t.rmatch().args(["check", "ok.csv"]).run();
}

#[test]
fn more_than_1000_columns_is_refused() {
    let t = TestDir::new();
    t.write(
        "r.csv",
        format!("id,role\nS1,senior\nJ1,junior{}\n", ",".repeat(1000)),
    );
    t.rmatch()
        .args(["pair", "r.csv"])
        .code(3)
        .stderr("error: r.csv, line 3: this row has more than 1,000 fields, the most rmatch reads; delete the empty columns a spreadsheet saved after the data, or check the delimiter (--delimiter)\n")
        .run();
    // 1,000 columns (999 of them empty) are read.
    t.write(
        "ok.csv",
        format!("id,role\nS1,senior\nJ1,junior{}\n", ",".repeat(998)),
    );
    t.rmatch().args(["check", "ok.csv"]).run();
}

#[test]
fn more_than_a_million_people_is_refused() {
    let mut text = String::with_capacity(16_000_000);
    text.push_str("id,role\n");
    for i in 0..=1_000_000u32 {
        text.push_str(&format!("P{i},senior\n"));
    }
    let t = TestDir::new();
    t.write("huge.csv", text);
    t.rmatch()
        .args(["check", "huge.csv"])
        .code(3)
        .stdout("")
        .stderr("error: huge.csv, line 1000002: the roster has more than 1,000,000 people, the most rmatch pairs in one run; split it into smaller rosters (by department or site, for example)\n")
        .run();
}

#[test]
fn roster_file_over_1_gib_is_refused_before_reading() {
    let t = TestDir::new();
    // A sparse file: 1 GiB + 1 byte long, no disk used, never read.
    let file = fs::File::create(t.join("big.csv")).expect("create");
    file.set_len((1 << 30) + 1).expect("set length");
    drop(file);
    t.write("out.csv", "OLD");
    t.rmatch()
        .args(["pair", "big.csv", "-o", "out.csv"])
        .code(3)
        .stdout("")
        .stderr("error: big.csv: the roster is larger than 1 GiB, the most rmatch reads; split it into smaller rosters or remove columns rmatch does not use\n")
        .run();
    assert_eq!(t.read("out.csv"), "OLD");
}

#[test]
fn hostile_values_are_quoted_short_and_without_control_characters() {
    // A role of 5,000 characters ending in a terminal escape sequence.
    let role = format!("{}\u{1b}[2J", "a".repeat(5000));
    let t = TestDir::new();
    t.write("r.csv", format!("id,role\nS1,{role}\n"));
    let ran = t.rmatch().args(["pair", "r.csv"]).code(3).run();
    let errors = ran.error_lines();
    assert_eq!(errors.len(), 1, "{}", ran.stderr);
    assert!(
        errors[0].starts_with(&format!(
            "error: r.csv, line 2, column 2 (role): role \"{}…\" is neither junior nor senior",
            "a".repeat(40)
        )),
        "{}",
        errors[0]
    );
    assert!(!ran.stderr.contains('\u{1b}'));
    // Short control characters are shown escaped.
    t.write("r2.csv", "id,role\nS1,\"x\u{7}y\"\n");
    t.rmatch()
        .args(["pair", "r2.csv"])
        .code(3)
        .stderr_has("role \"x\\u{7}y\" is neither")
        .run();
}

#[test]
fn errors_of_every_kind_arrive_together_and_warnings_stay_apart() {
    let text = "id,role,skills,capacity,exclude\n\
S1,senior,,1,NOBODY\n\
S2,chief,,1,\n\
J1,junior,ai:7,1,\n\
J2,junior,ai:5,lots,\n";
    let t = TestDir::new();
    t.write("r.csv", text);
    let ran = t.rmatch().args(["pair", "r.csv"]).code(3).run();
    assert_eq!(ran.error_lines().len(), 3, "{}", ran.stderr);
    assert!(!ran.stderr.contains("warning"), "{}", ran.stderr);
    // Fixed, the same roster runs, and the unknown id is only a warning.
    t.write(
        "r.csv",
        text.replace("chief", "senior")
            .replace("ai:7", "ai:4")
            .replace("lots", "1"),
    );
    let ran = t
        .rmatch()
        .args(["pair", "r.csv"])
        .stderr_has(
            "warning: r.csv, line 2, column 5 (exclude): excluded id \"NOBODY\" is not in the roster",
        )
        .run();
    assert!(ran.error_lines().is_empty());
}
