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

/// A roster that `intros` reads too (it needs the email column).
const SMALL: &str =
    "id,role,skills,wants,email\nS1,senior,,ai,s@example.org\nJ1,junior,ai:5,,j@example.org\n";

/// `rmatch intros PAIRS ROSTER` with what else it needs, and `more`.
fn intros_args<'a>(pairs: &'a str, roster: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "intros",
        pairs,
        roster,
        "-o",
        "intros",
        "--start",
        "2027-01-04",
        "--from",
        "Team <team@example.org>",
    ];
    args.extend_from_slice(more);
    args
}

#[test]
fn every_file_read_beside_the_roster_over_its_limit_is_refused_before_reading() {
    let t = TestDir::new();
    t.write("r.csv", SMALL);
    t.write("pairs.csv", "senior_id,junior_id\nS1,J1\n");
    // Sparse files one byte over each limit: no disk used, never read.
    for (name, length) in [
        ("big.csv", (1u64 << 30) + 1),
        ("big.toml", (4 << 20) + 1),
        ("aliases.csv", (16 << 20) + 1),
        ("template.txt", (4 << 20) + 1),
    ] {
        let file = fs::File::create(t.join(name)).expect("create");
        file.set_len(length).expect("set length");
    }
    let pairs = "the most rmatch reads; a pairs file holds one row per pair and unmatched person: check that this is the right file";
    let cases: Vec<(Vec<&str>, String)> = vec![
        (
            vec!["pair", "r.csv", "--config", "big.toml"],
            "big.toml: the config file is larger than 4 MiB, the most rmatch reads; a config file holds weights and rules (see the README's config section): check that this is the right file".into(),
        ),
        (
            vec!["pair", "r.csv", "--aliases", "aliases.csv"],
            "aliases.csv: the --aliases file is larger than 16 MiB, the most rmatch reads; it should hold one alias,topic line per spelling".into(),
        ),
        (
            vec!["pair", "r.csv", "--locks", "big.csv"],
            format!("big.csv: the --locks file is larger than 1 GiB, {pairs}"),
        ),
        (
            vec!["scores", "r.csv", "--history", "big.csv"],
            format!("big.csv: the --history file is larger than 1 GiB, {pairs}"),
        ),
        (
            vec!["pair", "r.csv", "--continue", "big.csv"],
            format!("big.csv: the --continue file is larger than 1 GiB, {pairs}"),
        ),
        (
            vec!["explain", "r.csv", "S1", "J1", "--pair-scores", "big.csv"],
            "big.csv: the --pair-scores file is larger than 1 GiB, the most rmatch reads; list only the pairs that have a score (a pair left out scores 0)".into(),
        ),
        (
            vec!["learn", "big.csv", "r.csv"],
            "big.csv: the feedback file is larger than 1 GiB, the most rmatch reads; it should hold one row per survey answer".into(),
        ),
        (
            intros_args("big.csv", "r.csv", &[]),
            format!("big.csv: the pairs file is larger than 1 GiB, {pairs}"),
        ),
        (
            intros_args("pairs.csv", "big.csv", &[]),
            "big.csv: the roster is larger than 1 GiB, the most rmatch reads; split it into smaller rosters or remove columns rmatch does not use".into(),
        ),
        (
            intros_args("pairs.csv", "r.csv", &["--template", "template.txt"]),
            "template.txt: the template is larger than 4 MiB, the most rmatch reads; a template is the text of one e-mail: check that this is the right file".into(),
        ),
    ];
    for (args, message) in cases {
        t.rmatch()
            .args(&args)
            .arg("-q")
            .code(3)
            .stdout("")
            .stderr(format!("error: {message}\n"))
            .run();
    }
    assert!(!t.exists("intros"));
}

#[test]
fn a_device_that_never_ends_is_read_only_up_to_the_limit() {
    // /dev/zero has no size to check first: it is read up to the limit,
    // then refused, instead of until memory runs out.
    let t = TestDir::new();
    t.write("r.csv", SMALL);
    t.write("pairs.csv", "senior_id,junior_id\nS1,J1\n");
    for (args, message) in [
        (
            vec!["pair", "r.csv", "--config", "/dev/zero"],
            "/dev/zero: the config file is larger than 4 MiB",
        ),
        (
            vec!["check", "r.csv", "--aliases", "/dev/zero"],
            "/dev/zero: the --aliases file is larger than 16 MiB",
        ),
        (
            vec!["pair", "r.csv", "--history", "/dev/zero"],
            "/dev/zero: the --history file is larger than 1 GiB",
        ),
        (
            intros_args("pairs.csv", "r.csv", &["--template", "/dev/zero"]),
            "/dev/zero: the template is larger than 4 MiB",
        ),
    ] {
        t.rmatch()
            .args(&args)
            .arg("-q")
            .code(3)
            .stderr_has(format!("error: {message}, the most rmatch reads; "))
            .run();
    }
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

/// Characters that drive or mislead a terminal: ESC (CSI, OSC), BEL, the
/// C1 CSI, a right-to-left override, an isolate and a zero-width space.
const DRIVERS: [char; 7] = [
    '\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{2066}', '\u{200b}', '\u{0}',
];

#[track_caller]
fn assert_inert(what: &str, text: &str) {
    for c in DRIVERS {
        assert!(
            !text.contains(c),
            "{what} holds U+{:04X}:\n{text}",
            u32::from(c)
        );
    }
}

#[test]
fn roster_text_cannot_drive_the_terminal() {
    // Clear screen, set the window title (OSC 0), a live link (OSC 8), a
    // right-to-left override, an isolate, a zero-width space, a C1 CSI.
    let ann = "\u{1b}[2J\u{1b}]0;owned\u{7}Ann\u{202e}lihc";
    let bo = "Bo\u{1b}]8;;http://evil\u{1b}\\\\link\u{2066}x\u{200b}\u{9b}31m";
    let roster = format!(
        "id,name,role,skills,wants,exclude,department\n\
         S1,\"{ann}\",senior,,ai:4;\u{1b}[5mquantum,J9\u{1b}[2J,Fin\u{202e}ance\n\
         S2,Sue,senior,,cloud,,\n\
         J1,\"{bo}\",junior,ai:5,,,IT\n"
    );
    let t = TestDir::new();
    t.write("r.csv", &roster);
    let mut seen: Vec<(String, String)> = Vec::new();
    for args in [
        &["pair", "r.csv", "--format", "table"][..],
        &["pair", "r.csv", "-o", "pairs.txt"],
        &["explain", "r.csv", "S1", "J1"],
        &["explain", "r.csv", "S2", "J1"],
        &["check", "r.csv"],
    ] {
        let ran = t.rmatch().args(args).run();
        seen.push((format!("{args:?} stdout"), ran.stdout));
        seen.push((format!("{args:?} stderr"), ran.stderr));
    }
    seen.push(("pairs.txt".into(), t.read("pairs.txt")));
    // Messages: file names, arguments and ids echoed back.
    let weird = "\u{1b}[2J\u{202e}.csv";
    for (args, code) in [
        (vec!["pair", weird], 4),
        (vec!["pair", "r.csv", "--forbid", "\u{1b}]0;x\u{7}:J1"], 2),
        (vec!["pair", "r.csv", "--format", "\u{1b}[2J"], 2),
        (vec!["explain", "r.csv", "\u{1b}[2J", "J1"], 2),
        (vec!["pair", "r.csv", "-o", weird, "--report", weird], 2),
    ] {
        let ran = t.rmatch().args(&args).code(code).run();
        seen.push((format!("{args:?} stderr"), ran.stderr));
    }
    for (what, text) in &seen {
        assert_inert(what, text);
    }
    // Shown escaped, so the coordinator sees what is there.
    let table = &seen[0].1;
    assert!(table.contains("\\u{1b}[2J"), "{table}");
    let check = &seen[8].1;
    assert!(check.contains("\\u{1b}[5mquantum"), "{check}");
    let warnings = &seen[1].1;
    assert!(
        warnings.contains("excluded id \"J9\\u{1b}[2J\" is not in the roster"),
        "{warnings}"
    );
    assert!(seen
        .iter()
        .any(|(_, e)| e.contains("cannot read \\u{1b}[2J\\u{202e}.csv")));
    // CSV and JSON keep the exact text (JSON escapes control characters).
    let csv = t.rmatch().args(["pair", "r.csv", "--raw"]).run().stdout;
    assert!(csv.contains(ann), "{csv}");
    let json = t.rmatch().args(["pair", "r.csv", "--format", "json"]).run();
    assert_eq!(json.json()["pairs"][0]["senior_name"], ann);
}

#[test]
fn a_nul_character_is_refused_and_never_written() {
    let t = TestDir::new();
    t.write(
        "r.csv",
        "id,name,role,skills,wants\nS1,A\u{0}nn,senior,,ai\nJ1,Bo,junior,ai:5,\n",
    );
    t.rmatch()
        .args(["pair", "r.csv", "-o", "out.csv"])
        .code(3)
        .stderr("error: r.csv, line 2, column 2 (name): the text holds a NUL character (byte 0), which is not text; the file is probably UTF-16 or UTF-32 read as UTF-8, or not a CSV file: save it as CSV UTF-8\n")
        .run();
    assert!(!t.exists("out.csv"));
}
