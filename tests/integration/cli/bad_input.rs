//! Bad input: every roster error names its place and the fix; bad command lines exit 2.

use super::*;

#[test]
fn error_missing_id_column() {
    assert_roster_errors(
        "name,role\nAnn,senior\n",
        &["error: r.csv, line 1: the header has no \"id\" column"],
    );
}

#[test]
fn error_missing_role_column() {
    assert_roster_errors(
        "id,name\nS1,Ann\n",
        &["error: r.csv, line 1: the header has no \"role\" column"],
    );
}

/// A header with nobody below it (an export whose query found no one) is
/// an error, not an empty pairing that would pass for a result; `check`
/// says so too.
#[test]
fn error_header_without_people() {
    assert_roster_errors(
        "id,role,skills,wants\n\n",
        &["error: r.csv, line 1: the roster has a header but no people below it; add a row per person"],
    );
    let t = TestDir::new();
    t.write("r.csv", "# HR export\nid,role\n");
    t.rmatch()
        .args(["check", "r.csv"])
        .code(3)
        .stdout("")
        .stderr("error: r.csv, line 2: the roster has a header but no people below it; add a row per person (an export that came out empty may need its filter or query checked)\n")
        .run();
}

#[test]
fn error_empty_id() {
    assert_roster_errors(
        "id,role\nS1,senior\n,junior\n",
        &["error: r.csv, line 3, column 1 (id): the id is empty"],
    );
}

#[test]
fn error_duplicate_id_names_both_lines() {
    assert_roster_errors(
        "id,role\nS1,senior\nJ1,junior\nS1,junior\n",
        &["error: r.csv, line 4, column 1 (id): id \"S1\" is already used on line 2"],
    );
}

#[test]
fn error_unknown_role() {
    assert_roster_errors(
        "name,id,role\nAnn,S1,boss\n",
        &["error: r.csv, line 2, column 3 (role): role \"boss\" is neither junior nor senior"],
    );
}

#[test]
fn error_level_out_of_range_or_not_a_number() {
    assert_roster_errors(
        "id,role,skills\nS1,senior,\nJ1,junior,python:7\n",
        &["error: r.csv, line 3, column 3 (skills): level \"7\" of \"python\" is not a whole number from 1 to 5"],
    );
    assert_roster_errors(
        "id,role,skills\nJ1,junior,sql:2;python:2.5\n",
        &["error: r.csv, line 2, column 3 (skills): level \"2.5\" of \"python\" is not a whole number from 1 to 5"],
    );
    assert_roster_errors(
        "id,role,skills,wants\nS1,senior,,ai:0\n",
        &["error: r.csv, line 2, column 4 (wants): priority \"0\" of \"ai\" is not a whole number from 1 to 5"],
    );
}

#[test]
fn error_capacity_not_a_whole_number_in_range() {
    assert_roster_errors(
        "id,role,capacity\nS1,senior,-1\nJ1,junior,two\nJ2,junior,101\n",
        &[
            "error: r.csv, line 2, column 3 (capacity): capacity \"-1\" is not a whole number from 0 to 100",
            "error: r.csv, line 3, column 3 (capacity): capacity \"two\" is not a whole number from 0 to 100",
            "error: r.csv, line 4, column 3 (capacity): capacity \"101\" is not a whole number from 0 to 100",
        ],
    );
}

#[test]
fn error_wrong_number_of_fields() {
    assert_roster_errors(
        "id,role,name\nS1,senior\n",
        &["error: r.csv, line 2: this row has 2 fields but the header has 3"],
    );
    assert_roster_errors(
        "id,role,name\nS1,senior,Doe, Jane\n",
        &["error: r.csv, line 2: this row has 4 fields but the header has 3; a field probably holds an unquoted comma"],
    );
}

/// A comma file opened in a spreadsheet that splits lines at semicolons,
/// and saved again: each line's text up to its first `;` is one quoted
/// cell, the rest more cells, and every line gets as many `;` as the
/// widest one. Both steps of the way out are named: the header's
/// delimiter, then the rows kept whole in one cell.
#[test]
fn error_a_comma_file_saved_by_a_semicolon_spreadsheet_names_the_cause() {
    let saved = "\
id,name,role,skills,wants;;;;;
\"S1,Ann Lee,senior,budgeting:5,python:4\";;;;;
\"J1,Bo Chen,junior,python:5\";sql:4;excel:3;r:2;\"go:1,budgeting:2\";
";
    assert_roster_errors(
        saved,
        &[
            "error: r.csv, line 1: the header has no \"id\" column; rmatch needs the columns id and role (found: id,name,role,skills,wants); the header reads as one column but holds a comma: if the file is comma-separated, pass --delimiter ','",
            "error: r.csv, line 1: the header has no \"role\" column;",
        ],
    );
    let t = TestDir::new();
    t.write("r.csv", saved);
    t.rmatch()
        .args(["pair", "r.csv", "--delimiter", ","])
        .code(3)
        .stderr(
            "error: r.csv, line 2: this row is one cell holding 4 commas, where the header has 5 columns: a spreadsheet read each line as one cell and saved the file so; export the file again from where it came from, or open it with the comma as the separator (Excel: Data > From Text/CSV) and save it as CSV\n\
             error: r.csv, line 3: this row is two cells holding 3 commas, where the header has 5 columns: a spreadsheet read each line as one cell and saved the file so; export the file again from where it came from, or open it with the comma as the separator (Excel: Data > From Text/CSV) and save it as CSV\n",
        )
        .run();
    // A row that only lacks a field is told so, in words that count.
    assert_roster_errors(
        "id,role,name\nS1\n",
        &["error: r.csv, line 2: this row has 1 field but the header has 3; add the missing fields"],
    );
}

#[test]
fn error_management_cycle_names_the_ids() {
    let t = TestDir::new();
    t.write(
        "r.csv",
        "id,role,skills,wants,manager\nS1,senior,,ai,J1\nJ1,junior,ai:5,,S2\nS2,senior,,ai,S1\n",
    );
    let ran = t
        .rmatch()
        .args(["pair", "r.csv"])
        .code(3)
        .stdout("")
        .stderr_has("error: r.csv, line 2, column 5 (manager): the management chain loops: ")
        .run();
    let errors = ran.error_lines();
    assert_eq!(errors.len(), 1, "{}", ran.stderr);
    for id in ["S1", "J1", "S2"] {
        assert!(errors[0].contains(id), "{}", errors[0]);
    }
    assert_roster_errors(
        "id,role,manager\nS1,senior,\nJ1,junior,J1\n",
        &["error: r.csv, line 3, column 3 (manager): J1 is listed as their own manager"],
    );
}

#[test]
fn error_invalid_utf8() {
    assert_roster_errors(
        b"id,name,role\nS1,J\xffrg,senior\n".as_slice(),
        &["error: r.csv, line 2, column 2 (name): the text is not valid UTF-8"],
    );
}

#[test]
fn error_several_reported_together() {
    let roster = "\
id,role,skills,capacity
S1,senior,,1
S2,boss,,1
J1,junior,python:9,1
J2,junior,,lots
S1,junior,,1
";
    assert_roster_errors(
        roster,
        &[
            "error: r.csv, line 3, column 2 (role): role \"boss\"",
            "error: r.csv, line 4, column 3 (skills): level \"9\"",
            "error: r.csv, line 5, column 4 (capacity): capacity \"lots\"",
            "error: r.csv, line 6, column 1 (id): id \"S1\" is already used on line 2",
        ],
    );
    // Two errors in one row are both reported.
    assert_roster_errors(
        "id,role,capacity\nS1,chief,many\n",
        &[
            "error: r.csv, line 2, column 2 (role):",
            "error: r.csv, line 2, column 3 (capacity):",
        ],
    );
}

#[test]
fn error_many_are_capped_and_counted() {
    let mut roster = String::from("id,role,capacity\n");
    for i in 0..60 {
        roster.push_str(&format!("P{i},senior,x\n"));
    }
    let t = TestDir::new();
    t.write("r.csv", roster);
    let ran = t.rmatch().args(["pair", "r.csv"]).code(3).run();
    let errors = ran.error_lines();
    assert_eq!(errors.len(), 51, "{}", ran.stderr);
    assert!(
        errors[50].contains("10 more errors not shown"),
        "{}",
        errors[50]
    );
}

#[test]
fn error_line_numbers_count_blank_lines() {
    // The bad row is on line 4 of the file, after a blank line 3.
    assert_roster_errors(
        "id,role\nS1,senior\n\nS2,boss\n",
        &["error: r.csv, line 4, column 2 (role): role \"boss\""],
    );
}

#[test]
fn error_line_numbers_with_windows_line_endings() {
    // A roster saved by a spreadsheet on Windows: the same lines, ended by \r\n.
    assert_roster_errors(
        "id,role\r\nS1,senior\r\nS2,boss\r\n",
        &["error: r.csv, line 3, column 2 (role): role \"boss\""],
    );
    assert_roster_errors(
        "id,role\r\nS1,senior\r\nS1,junior\r\n",
        &["error: r.csv, line 3, column 1 (id): id \"S1\" is already used on line 2"],
    );
}

#[test]
fn error_line_numbers_follow_quoted_line_breaks() {
    // A quoted name spans lines 2-3; the bad row is line 4.
    assert_roster_errors(
        "id,role,name\nS1,senior,\"two\nlines\"\nS2,boss,x\n",
        &["error: r.csv, line 4, column 2 (role): role \"boss\""],
    );
}

#[test]
fn error_missing_roster_file_exits_4() {
    let t = TestDir::new();
    for command in ["pair", "scores", "check"] {
        t.rmatch()
            .args([command, "nope.csv"])
            .code(4)
            .stdout("")
            .stderr_has("error: cannot read nope.csv: no such file or folder")
            .run();
    }
    // A folder named where a file belongs is called one.
    std::fs::create_dir(t.join("pairs")).unwrap();
    t.write("r.csv", TINY);
    for args in [
        &["check", "pairs"][..],
        &["pair", "r.csv", "--history", "pairs"],
    ] {
        t.rmatch()
            .args(args)
            .code(4)
            .stdout("")
            .stderr_has("error: cannot read pairs: it is a folder; name a file in it\n")
            .run();
    }
}

#[test]
fn error_bad_weights_exit_2() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    for (weights, message) in [
        ("teach=1,bogus=2", "--weights names \"bogus\""),
        ("teach=abc", "--weights teach: \"abc\" is not a number"),
        ("teach", "--weights item \"teach\" is not NAME=NUMBER"),
        ("teach=-1", "--weights teach: \"-1\" is not a number"),
        (
            "teach=0.5,Teach=0.6",
            "--weights names teach twice; give each weight once",
        ),
    ] {
        t.rmatch()
            .args(["pair", "r.csv", "--weights", weights])
            .code(2)
            .stdout("")
            .stderr_has(format!("error: {message}"))
            .stderr_lacks("rmatch:")
            .run();
    }
}

/// A rule flag given twice for one attribute is refused, as a key given
/// twice in the config file is: which of the two was meant cannot be told,
/// and taking the last one silently would run a rule the user did not
/// check. The same attribute in different rules is fine.
#[test]
fn a_rule_given_twice_for_one_attribute_is_refused() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    for (args, flag, attribute) in [
        (
            &[
                "--max-same",
                "department=0.3",
                "--max-same",
                "Department=0.5",
            ][..],
            "--max-same",
            "department",
        ),
        (
            &["--fair", "location", "--fair", "location=0.2"][..],
            "--fair",
            "location",
        ),
        (
            &["--gap", "grade=1:2", "--gap", "grade=0:3"][..],
            "--gap",
            "grade",
        ),
    ] {
        t.rmatch()
            .args(["pair", "r.csv", "-o", "out.csv"])
            .args(args)
            .code(2)
            .stdout("")
            .stderr(format!(
                "error: {flag} names {attribute} twice; give each attribute once\n"
            ))
            .run();
        assert!(!t.exists("out.csv"), "{flag}: no output file");
    }
    t.rmatch()
        .args(["pair", "r.csv", "-o", "out.csv", "-q"])
        .args(["--max-same", "department=0.5", "--fair", "department"])
        .run();
}

#[test]
fn error_bad_command_line_exit_2() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    t.rmatch()
        .args(["pair", "r.csv", "--frobnicate"])
        .code(2)
        .stdout("")
        .stderr_has("--frobnicate")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--format", "xml"])
        .code(2)
        .stdout("")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--candidates", "0"])
        .code(2)
        .stdout("")
        .run();
    t.rmatch().arg("frobnicate").code(2).stdout("").run();
    t.rmatch().arg("pair").code(2).stdout("").run();
    // --help is not an error.
    t.rmatch()
        .arg("--help")
        .stdout_has("pair")
        .stdout_has("generate")
        .run();
}

#[test]
fn a_level_inside_a_topic_is_warned_about() {
    let t = TestDir::new();
    t.write(
        "r.csv",
        "id,role,skills,wants\nS1,senior,,ai:5:3;excel\nJ1,junior,ai:5:2,\n",
    );
    t.rmatch()
        .args(["check", "r.csv"])
        .stderr_has("warning: r.csv, line 2, column 4 (wants): \"ai:5:3\" reads as the topic \"ai:5\" at priority 3, but a priority seems to sit inside the topic; write one priority per topic (ai:5 or ai:3)")
        .stderr_has("warning: r.csv, line 3, column 3 (skills): \"ai:5:2\" reads as the topic \"ai:5\" at level 2")
        .run();
    // One level is no warning.
    t.write(
        "ok.csv",
        "id,role,skills,wants\nS1,senior,,ai:5\nJ1,junior,ai:5,\n",
    );
    t.rmatch()
        .args(["check", "ok.csv"])
        .stderr_lacks("warning")
        .run();
}

#[test]
fn config_errors_name_the_key_and_nan_is_not_a_number() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    for (toml, message) in [
        (
            "[rules]\nmin_score = nan\n",
            "error: rmatch.toml: the key rules.min_score = NaN is not a number; use a number from 0\n",
        ),
        (
            "[rules]\nunmatched_bonus = 5000\n",
            "error: rmatch.toml: the key rules.unmatched_bonus = 5000 is out of range; use a number from 0 to 1000\n",
        ),
        (
            "[rules]\nmax_tz_gap = 30\n",
            "error: rmatch.toml: the key rules.max_tz_gap = 30 is out of range; use hours from 0 to 24\n",
        ),
        (
            "time_limit = -1\n",
            "error: rmatch.toml: the key time_limit = -1 is out of range; use a positive number of seconds up to 1000000 (11 days)\n",
        ),
        (
            "[weights]\nteach = 5000\n",
            "error: rmatch.toml: the key weights.teach = 5000 is out of range; use a number from 0 to 1000\n",
        ),
        (
            "[rules]\nmax_same = { department = 2 }\n",
            "error: rmatch.toml: the key rules.max_same.department = 2 is out of range; use a number from 0 to 1\n",
        ),
    ] {
        t.write("rmatch.toml", toml);
        t.rmatch()
            .args(["pair", "r.csv", "--config", "rmatch.toml"])
            .code(2)
            .stderr(message)
            .run();
    }
    // The same values given as flags are named as flags.
    t.rmatch()
        .args(["pair", "r.csv", "--min-score", "NaN"])
        .code(2)
        .stderr("error: --min-score NaN is not a number; use a number from 0\n")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--unmatched-bonus", "5000"])
        .code(2)
        .stderr("error: --unmatched-bonus 5000 is out of range; use a number from 0 to 1000\n")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--max-tz-gap", "nan"])
        .code(2)
        .stderr("error: --max-tz-gap NaN is not a number; use hours from 0 to 24\n")
        .run();
}

/// A config file TOML or its keys refuse is a usage error (exit 2, as a
/// bad flag is) that names the line and column in words, on one line.
#[test]
fn config_files_that_do_not_parse_are_usage_errors_with_line_and_column() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    for (toml, message) in [
        (
            "candidates = \"ten\"\n",
            "error: rmatch.toml, line 1, column 14: wrong kind of value: string \"ten\", expected a whole number; see the README's config section for the keys\n",
        ),
        (
            "weights = 3\n",
            "error: rmatch.toml, line 1, column 11: wrong kind of value: integer `3`, expected a table of keys (such as [weights] with teach = 1); see the README's config section for the keys\n",
        ),
        (
            "time_limit = 1979-05-27\n",
            "error: rmatch.toml, line 1, column 14: wrong kind of value: a date or time, expected a number; see the README's config section for the keys\n",
        ),
        (
            "[weights]\nteach = 1\n  teach = 2\n",
            "error: rmatch.toml, line 3, column 3: duplicate key `teach` in table `weights`; see the README's config section for the keys\n",
        ),
        (
            "objective = \n",
            "error: rmatch.toml, line 1, column 13: invalid string; expected `\"`, `'`; see the README's config section for the keys\n",
        ),
        (
            "solver = \"fast\"\n",
            "error: rmatch.toml, line 1, column 10: unknown value `fast`, expected `flow` or `ip`; see the README's config section for the keys\n",
        ),
    ] {
        t.write("rmatch.toml", toml);
        t.rmatch()
            .args(["pair", "r.csv", "--config", "rmatch.toml"])
            .code(2)
            .stderr(message)
            .run();
    }
}

/// A time limit past what a clock can be moved by once panicked (exit 101)
/// in every command that solves; it is refused, as flag and as key.
#[test]
fn a_time_limit_beyond_eleven_days_is_refused_in_every_command() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    t.write("rmatch.toml", "time_limit = 1e19\nsolver = \"ip\"\n");
    for command in [
        &["pair", "r.csv"][..],
        &["sweep", "r.csv", "--vary", "teach=0:1:0.5"],
        &["explain", "r.csv", "S1", "J1"],
    ] {
        // sweep and explain take the limit from a config file only.
        if command[0] == "pair" {
            t.rmatch()
                .args(command)
                .args(["--time-limit", "1e300"])
                .code(2)
                .stderr("error: --time-limit 1e300 is out of range; use a positive number of seconds up to 1000000 (11 days)\n")
                .run();
        }
        t.rmatch()
            .args(command)
            .args(["--config", "rmatch.toml"])
            .code(2)
            .stderr("error: rmatch.toml: the key time_limit = 1e19 is out of range; use a positive number of seconds up to 1000000 (11 days)\n")
            .run();
    }
    // The longest limit allowed runs.
    t.rmatch()
        .args([
            "pair",
            "r.csv",
            "--solver",
            "ip",
            "--time-limit",
            "1000000",
            "-q",
        ])
        .run();
}

/// --max-tz-gap reads the utc_offset column: on a roster without one it
/// would hold for every pair, so it is refused instead of doing nothing.
#[test]
fn max_tz_gap_on_a_roster_without_utc_offsets_is_refused() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    t.rmatch()
        .args(["pair", "r.csv", "--max-tz-gap", "0"])
        .code(2)
        .stderr("error: the rule --max-tz-gap 0 (rules.max_tz_gap in a config file) needs a utc_offset column (hours from UTC, like -5, +5:30 or 0), which r.csv does not have (a timezone column serves rmatch intros only); add the column, or leave out the rule\n")
        .run();
    t.write(
        "tz.csv",
        "id,role,skills,wants,utc_offset\nS1,senior,,ai:4,+9\nJ1,junior,ai:5,,-5\nJ2,junior,ai:4,,+8\n",
    );
    let ran = t
        .rmatch()
        .args(["pair", "tz.csv", "--max-tz-gap", "2", "-q"])
        .run();
    assert!(ran.stdout.contains("paired,S1,S1,J2,"), "{}", ran.stdout);
}

/// Aliases that go round in a loop say the spellings are one topic: they
/// meet (they once each read as the other, and a senior wanting one never
/// met a junior teaching the other).
#[test]
fn aliases_in_a_loop_make_one_topic() {
    let t = TestDir::new();
    t.write(
        "r.csv",
        "id,role,skills,wants\nS1,senior,,b\nJ1,junior,a:5,\n",
    );
    t.write("loop.csv", "a,b\nb,a\n");
    let ran = t
        .rmatch()
        .args(["pair", "r.csv", "--aliases", "loop.csv", "-q"])
        .run();
    assert!(ran.stdout.contains("paired,S1,S1,J1,"), "{}", ran.stdout);
}

/// A config file that is not UTF-8 is a config file that does not parse:
/// a usage error at the first bad byte's line and column.
#[test]
fn a_config_file_that_is_not_utf8_names_the_place() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    std::fs::write(t.path().join("n.toml"), b"# \xff\ncandidates = 10\n").unwrap();
    t.rmatch()
        .args(["check", "r.csv", "--config", "n.toml"])
        .code(2)
        .stderr("error: n.toml, line 1, column 3: the config file is not valid UTF-8; save it as UTF-8\n")
        .run();
}

/// Output names that cannot be written whatever the disk holds say what
/// to do once (a folder once read "name a file; check the folder exists
/// and is writable").
#[test]
fn an_empty_output_name_or_a_folder_says_what_to_do_once() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    std::fs::create_dir(t.path().join("folder")).unwrap();
    t.rmatch()
        .args(["pair", "r.csv", "-o", "folder"])
        .code(5)
        .stderr("error: cannot write folder: it is a folder; name a file (in it, or elsewhere)\n")
        .run();
    t.rmatch()
        .args(["init", ""])
        .code(5)
        .stderr("error: cannot write \"\": the file name is empty; name a file\n")
        .run();
}

#[test]
fn error_empty_role_says_it_is_empty() {
    // A totals or notes line at the bottom of an export: its role is empty.
    assert_roster_errors(
        "id,name,role\nS1,Ann,senior\nTotal: 1 person,,\n",
        &["error: r.csv, line 3, column 3 (role): the role is empty; write junior for a mentor or senior for a mentee (a row that is no person, such as a totals or notes line, can be deleted)"],
    );
}

// ---------------------------------------------------------------------------
// An export's own header names (--column, [columns])
// ---------------------------------------------------------------------------

/// A roster as an HR system exports it.
const EXPORT: &str = "Employee ID,Full Name,Role,Department,Skills,Wants\nJ1,A,junior,X,ai:3,\nS1,B,senior,Y,,ai:2\n";

/// A header without an id says how to map one, naming the header that
/// holds the word as the file writes it; without such a header, a
/// placeholder.
#[test]
fn a_header_without_id_says_how_to_map_one() {
    let t = TestDir::new();
    t.write("h.csv", EXPORT);
    t.rmatch()
        .args(["pair", "h.csv"])
        .code(3)
        .stdout("")
        .stderr("error: h.csv, line 1: the header has no \"id\" column; rmatch needs the columns id and role (found: employee id, full name, role, department, skills, wants); rename a column to id, or map one with --column id=\"Employee ID\"\n")
        .run();
    t.write("n.csv", "name,Staff Role\nAnn,senior\n");
    t.rmatch()
        .args(["check", "n.csv"])
        .code(3)
        .stdout("")
        .stderr("error: n.csv, line 1: the header has no \"id\" column; rmatch needs the columns id and role (found: name, staff role); rename a column to id, or map one with --column id=\"HEADER\"\n\
                 error: n.csv, line 1: the header has no \"role\" column; rmatch needs the columns id and role (found: name, staff role); rename a column to role, or map one with --column role=\"Staff Role\"\n")
        .run();
    // The role column mapped to id by mistake is named as such, not
    // offered back as role's header.
    t.rmatch()
        .args(["pair", "h.csv", "--column", "id=Role"])
        .code(3)
        .stdout("")
        .stderr("error: h.csv, line 1: the header has no \"role\" column; rmatch needs the columns id and role (found: employee id, full name, role, department, skills, wants); the column role is read as id, as --column or the config's [columns] maps it; map id to its own header, or leave that mapping out\n")
        .run();
}

/// A flag that maps nothing rmatch reads, or maps it two ways, is a usage
/// error (exit 2) naming the flag, before the roster is read.
#[test]
fn bad_column_flags_exit_2_naming_the_flag() {
    let t = TestDir::new();
    t.write("h.csv", EXPORT);
    let columns = "id, role, name, skills, wants, interests, languages, capacity, min_capacity, manager, exclude, utc_offset, prefers, email, timezone, availability";
    for (args, message) in [
        (
            &["--column", "idd=Employee ID"][..],
            format!("--column idd=\"Employee ID\": \"idd\" is not one of rmatch's columns ({columns}); did you mean id?"),
        ),
        (
            &["--column", "Department=Dept"],
            format!("--column Department=\"Dept\": \"department\" is not one of rmatch's columns ({columns}); other columns need no mapping: --diversity, --keep and the rules name them by their header"),
        ),
        (
            &["--column", "Employee ID"],
            "--column \"Employee ID\" is not COLUMN=HEADER; write for example --column id=\"Employee ID\"".into(),
        ),
        (
            &["--column", "id= "],
            "--column id= names no header; write the roster's header after =, for example --column id=\"Employee ID\"".into(),
        ),
        (
            &["--column", "id=Employee ID", "--column", "id=Full Name"],
            "--column names id twice (--column id=\"Employee ID\" and --column id=\"Full Name\"); give each column once".into(),
        ),
        (
            &["--column", "id=Employee ID", "--column", "name=employee  id"],
            "--column id=\"Employee ID\" and --column name=\"employee  id\" name the same header; map each header to one column".into(),
        ),
    ] {
        t.rmatch()
            .args(["pair", "h.csv"])
            .args(args)
            .code(2)
            .stdout("")
            .stderr(format!("error: {message}\n"))
            .run();
    }
}

/// The config's `[columns]` is checked by its keys when it is read (exit
/// 2); a flag replaces its entry for a column, and may not give a header
/// the table gives another column.
#[test]
fn the_columns_table_is_checked_and_flags_win_over_it() {
    let t = TestDir::new();
    t.write("h.csv", EXPORT);
    for (toml, message) in [
        (
            "[columns]\nID = \"Employee ID\"\nnaem = \"Full Name\"\n",
            "rmatch.toml: the key columns.naem = \"Full Name\": \"naem\" is not one of rmatch's columns (id, role, name, skills, wants, interests, languages, capacity, min_capacity, manager, exclude, utc_offset, prefers, email, timezone, availability); did you mean name?",
        ),
        (
            "[columns]\nid = \"\"\n",
            "rmatch.toml: the key columns.id = \"\" names no header; write the roster's header, for example id = \"Employee ID\"",
        ),
        (
            "[columns]\nid = \"Employee ID\"\nname = \"EMPLOYEE ID\"\n",
            "rmatch.toml: the keys columns.id and columns.name both name the header \"employee id\"; map each header to one column",
        ),
    ] {
        t.write("rmatch.toml", toml);
        t.rmatch()
            .args(["pair", "h.csv", "--config", "rmatch.toml"])
            .code(2)
            .stdout("")
            .stderr(format!("error: {message}\n"))
            .run();
    }
    // The table maps id to a header the file does not have; the flag's
    // header wins.
    t.write(
        "rmatch.toml",
        "[columns]\nid = \"Worker ID\"\nname = \"Full Name\"\n",
    );
    t.rmatch()
        .args(["pair", "h.csv", "--config", "rmatch.toml"])
        .code(3)
        .stdout("")
        .stderr("error: h.csv, line 1: the header has no column \"worker id\", which --column or the config's [columns] maps to id (found: employee id, full name, role, department, skills, wants); correct the header's name in the mapping, or leave the mapping out\n")
        .run();
    t.rmatch()
        .args([
            "pair",
            "h.csv",
            "--config",
            "rmatch.toml",
            "--column",
            "id=Employee ID",
        ])
        .stdout_has("paired,S1,B,J1,A,")
        .run();
    t.rmatch()
        .args(["pair", "h.csv", "--config", "rmatch.toml", "--column", "id=Full Name"])
        .code(2)
        .stdout("")
        .stderr("error: --column id=\"Full Name\" names the header \"full name\", which the config file rmatch.toml maps to name (columns.name); map each header to one column\n")
        .run();
}

/// A mapped header the file does not have, or a file with both the
/// mapped header and a column named as its target, is a roster error
/// (exit 3) naming the file and line: which column was meant is not
/// guessed.
#[test]
fn a_mapping_the_header_does_not_fit_exits_3() {
    let t = TestDir::new();
    t.write("h.csv", EXPORT);
    t.rmatch()
        .args(["pair", "h.csv", "--column", "id=Worker ID"])
        .code(3)
        .stdout("")
        .stderr("error: h.csv, line 1: the header has no column \"worker id\", which --column or the config's [columns] maps to id (found: employee id, full name, role, department, skills, wants); correct the header's name in the mapping, or leave the mapping out\n")
        .run();
    t.write("both.csv", "id,Employee ID,role\nS1,E1,senior\n");
    t.rmatch()
        .args(["pair", "both.csv", "--column", "id=Employee ID"])
        .code(3)
        .stdout("")
        .stderr("error: both.csv, line 1: the header has both the column \"id\" (column 1) and \"employee id\" (column 2), which --column or the config's [columns] maps to id; rmatch cannot tell which is meant: rename or remove one, or leave out the mapping\n")
        .run();
    t.write("own.csv", "id,role\nS1,senior\n");
    t.rmatch()
        .args(["check", "own.csv", "--column", "id=Employee ID"])
        .code(3)
        .stdout("")
        .stderr("error: own.csv, line 1: the header has no column \"employee id\", which --column or the config's [columns] maps to id, but has the column id itself; leave out the mapping for id\n")
        .run();
}

/// A problem in a mapped column names the column by the file's header (as
/// every column is named), and the message by what rmatch reads there.
#[test]
fn a_mapped_column_is_named_by_the_files_header() {
    let t = TestDir::new();
    t.write(
        "h.csv",
        "Employee ID,Role,Seats\nS1,senior,two\nJ1,junior,1\n",
    );
    t.rmatch()
        .args(["pair", "h.csv", "--column", "id=Employee ID", "--column", "capacity=Seats"])
        .code(3)
        .stdout("")
        .stderr("error: h.csv, line 2, column 3 (seats): capacity \"two\" is not a whole number from 0 to 100; write how many partners this person takes (default 1, 0 to sit out)\n")
        .run();
}

/// Side files saved by Excel on Windows end their lines with CRLF; their
/// errors name the same lines as in the file typed with LF.
#[test]
fn side_files_with_crlf_line_breaks_name_the_right_line() {
    let t = TestDir::new();
    t.write(
        "r.csv",
        "id,role,skills,wants\nS1,senior,,ai\nS2,senior,,ai\nJ1,junior,ai:3,\nJ2,junior,ai:4,\n",
    );
    for (flag, name, text, message) in [
        (
            "--locks",
            "locks.csv",
            "senior_id,junior_id\r\nS1,J1\r\n,J2\r\n",
            "error: locks.csv, line 3: the pair's senior_id is empty; give both ids of the pair, or remove the row\n",
        ),
        (
            "--continue",
            "last.csv",
            "status,senior_id,junior_id\r\npaired,S1,J1\r\n\r\npaired,S2,\r\n",
            "error: last.csv, line 4: the pair's junior_id is empty; give both ids of the pair, or remove the row\n",
        ),
        (
            "--aliases",
            "aliases.csv",
            "alias,topic\r\nml,ai\r\nx,y,z\r\n",
            "error: aliases.csv, line 3, column 3: this line has 3 fields",
        ),
    ] {
        t.write(name, text);
        let ran = t
            .rmatch()
            .args(["pair", "r.csv", flag, name, "-q"])
            .code(3)
            .run();
        assert!(ran.stderr.starts_with(message), "{flag}: {}", ran.stderr);
    }
}
