//! Trust: rosters as HR systems and spreadsheets really export them,
//! hostile input, spreadsheet-safe CSV and private attributes, end to end
//! through the binary.
//!
//! The harness (`TestDir`, `Rmatch`) is shared in `tests/support`.

mod support;

use std::fs;

use serde_json::Value;
use support::{Ran, TestDir};

const PAIR_HEADER: &str =
    "status,senior_id,senior_name,junior_id,junior_name,score,teach,learn,interests,diversity,why";
const SCORES_HEADER: &str =
    "senior_id,junior_id,allowed,score,teach,learn,interests,diversity,reason";

// ---------------------------------------------------------------------------
// A real-looking roster, written the ways spreadsheets write it
// ---------------------------------------------------------------------------

const HEADER: [&str; 8] = [
    "id",
    "name",
    "role",
    "skills",
    "wants",
    "interests",
    "department",
    "location",
];

/// Two seniors and two juniors with accented names; S01 can only learn
/// from J01 and S02 only from J02.
const ROWS: [[&str; 8]; 4] = [
    [
        "S01",
        "Margarethe Schäfer",
        "senior",
        "controlling:5;sap:4",
        "generative ai:4;tiktok:2",
        "hiking",
        "Finance",
        "München",
    ],
    [
        "S02",
        "François Dubois",
        "senior",
        "negotiation:5",
        "power bi:3",
        "wine;cycling",
        "Sales",
        "Lyon",
    ],
    [
        "J01",
        "Zoë Müller",
        "junior",
        "generative ai:5;tiktok:4",
        "controlling:2",
        "hiking;gaming",
        "IT",
        "Berlin",
    ],
    [
        "J02",
        "Åsa Nilsson",
        "junior",
        "power bi:4;python:3",
        "negotiation:1",
        "cycling",
        "Data",
        "Malmö",
    ],
];

/// The roster as text: fields joined by `delimiter` (quoted when they hold
/// it), lines ended by `eol`.
fn render(header: &[&str], rows: &[Vec<&str>], delimiter: char, eol: &str) -> String {
    let field = |f: &str| {
        if f.contains(delimiter) || f.contains('"') {
            format!("\"{}\"", f.replace('"', "\"\""))
        } else {
            f.to_string()
        }
    };
    let line = |fields: &[&str]| {
        fields
            .iter()
            .map(|f| field(f))
            .collect::<Vec<_>>()
            .join(&delimiter.to_string())
    };
    let mut text = line(header);
    text.push_str(eol);
    for row in rows {
        text.push_str(&line(row));
        text.push_str(eol);
    }
    text
}

fn rows() -> Vec<Vec<&'static str>> {
    ROWS.iter().map(|r| r.to_vec()).collect()
}

/// The plain file: UTF-8, commas, LF.
fn plain() -> String {
    render(&HEADER, &rows(), ',', "\n")
}

/// Text in Windows-1252 (the accents here are all in its Latin-1 range,
/// plus the en dash and euro sign).
fn cp1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '–' => 0x96,
            '€' => 0x80,
            c => u8::try_from(u32::from(c)).expect("a Windows-1252 character"),
        })
        .collect()
}

/// What `rmatch pair` prints for the plain file; every export of the same
/// roster must print exactly this.
fn reference(t: &TestDir) -> String {
    t.write("plain.csv", plain());
    let ran = t.rmatch().args(["pair", "plain.csv"]).run();
    let pairs: Vec<&str> = ran
        .stdout
        .lines()
        .filter(|l| l.starts_with("paired,"))
        .collect();
    assert_eq!(pairs.len(), 2, "{}", ran.stdout);
    assert!(pairs[0].starts_with("paired,S01,Margarethe Schäfer,J01,Zoë Müller,"));
    assert!(pairs[1].starts_with("paired,S02,François Dubois,J02,Åsa Nilsson,"));
    ran.stdout
}

/// Runs `rmatch pair FILE [args]` on `contents` and expects the reference
/// output with no warning.
#[track_caller]
fn assert_reads_like_plain(name: &str, contents: impl AsRef<[u8]>, args: &[&str]) {
    let t = TestDir::new();
    let expected = reference(&t);
    t.write(name, contents);
    t.rmatch()
        .args(["pair", name])
        .args(args)
        .stdout(expected)
        .stderr_lacks("warning")
        .stderr_has("rmatch: 2 pairs")
        .run();
}

// ---------------------------------------------------------------------------
// 1. Inputs as they really come
// ---------------------------------------------------------------------------

#[test]
fn excel_csv_utf8_with_bom_and_crlf() {
    // Excel's "CSV UTF-8 (Comma delimited)": a byte order mark and CRLF.
    let text = format!("\u{feff}{}", render(&HEADER, &rows(), ',', "\r\n"));
    assert_reads_like_plain("export.csv", text, &[]);
}

#[test]
fn european_excel_semicolon_export_is_detected() {
    // German-locale Excel: semicolons, lists quoted because they hold `;`.
    let text = format!("\u{feff}{}", render(&HEADER, &rows(), ';', "\r\n"));
    assert!(text.contains("\"generative ai:4;tiktok:2\""), "{text}");
    assert_reads_like_plain("mitarbeiter.csv", text, &[]);
}

#[test]
fn excel_sep_line_names_the_delimiter() {
    // Excel honours (and some exports write) a first line `sep=;`.
    let text = format!("sep=;\r\n{}", render(&HEADER, &rows(), ';', "\r\n"));
    assert_reads_like_plain("sep.csv", text, &[]);
}

#[test]
fn delimiter_flag_forces_the_delimiter() {
    let piped = render(&HEADER, &rows(), '|', "\n");
    assert_reads_like_plain("piped.csv", &piped, &["--delimiter", "|"]);
    // Forcing the wrong one says what it saw and which flag to pass.
    let t = TestDir::new();
    t.write("semi.csv", render(&HEADER, &rows(), ';', "\n"));
    t.rmatch()
        .args(["pair", "semi.csv", "--delimiter", ","])
        .code(3)
        .stdout("")
        .stderr_has("error: semi.csv, line 1: the header has no \"id\" column")
        .stderr_has("if the file is semicolon-separated, pass --delimiter ';'")
        .run();
    t.rmatch()
        .args(["pair", "semi.csv", "--delimiter", "::"])
        .code(2)
        .stderr_has("\"::\" is not a delimiter rmatch reads")
        .run();
}

#[test]
fn tab_separated_tsv_file() {
    let text = render(&HEADER, &rows(), '\t', "\n");
    // By extension, by detection in a .csv, and forced.
    assert_reads_like_plain("roster.tsv", &text, &[]);
    assert_reads_like_plain("roster.csv", &text, &[]);
    assert_reads_like_plain("roster.txt", &text, &["--delimiter", "tab"]);
}

#[test]
fn excel_unicode_text_utf16_file() {
    // Excel's "Unicode Text": UTF-16 little-endian with a byte order mark, tabs.
    let text = render(&HEADER, &rows(), '\t', "\r\n");
    let mut bytes = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    let t = TestDir::new();
    let expected = reference(&t);
    t.write("unicode.txt", bytes);
    t.rmatch()
        .args(["pair", "unicode.txt"])
        .stdout(expected)
        .stderr_has("warning: unicode.txt: the file is UTF-16")
        .run();
}

#[test]
fn broken_utf16_file_names_the_line() {
    // A UTF-16 file cut in the middle of a character pair on line 2.
    let mut bytes = vec![0xFF, 0xFE];
    for unit in "id\trole\r\nS1\tsen".encode_utf16() {
        bytes.extend_from_slice(&unit.to_le_bytes());
    }
    bytes.extend_from_slice(&0xD83Du16.to_le_bytes());
    let t = TestDir::new();
    t.write("cut.txt", bytes);
    t.rmatch()
        .args(["pair", "cut.txt"])
        .code(3)
        .stdout("")
        .stderr("error: cut.txt, line 2: the file starts with a UTF-16 byte order mark but byte 33 is not valid UTF-16; save the file again as CSV UTF-8\n")
        .run();
}

#[test]
fn windows_1252_export_with_encoding_flag() {
    // Excel's plain "CSV" on a Western European Windows: Windows-1252, `;`, CRLF.
    let mut rows = rows();
    rows[3][1] = "Åsa Nilsson – Data €";
    let bytes = cp1252(&render(&HEADER, &rows, ';', "\r\n"));
    assert!(std::str::from_utf8(&bytes).is_err());
    let t = TestDir::new();
    t.write("hr.csv", &bytes);
    let ran = t
        .rmatch()
        .args(["pair", "hr.csv", "--encoding", "windows-1252"])
        .stderr_lacks("warning")
        .run();
    assert!(
        ran.stdout
            .contains("paired,S01,Margarethe Schäfer,J01,Zoë Müller,"),
        "{}",
        ran.stdout
    );
    assert!(
        ran.stdout.contains(",J02,Åsa Nilsson – Data €,"),
        "{}",
        ran.stdout
    );
}

#[test]
fn latin1_export_with_encoding_flag() {
    let bytes = cp1252(&plain());
    assert_reads_like_plain("latin.csv", &bytes, &["--encoding", "latin-1"]);
    assert_reads_like_plain("latin.csv", &bytes, &["--encoding", "iso-8859-1"]);
}

#[test]
fn invalid_utf8_names_line_and_column_and_suggests_the_flag() {
    // The same Windows-1252 file without --encoding: every bad field is
    // reported, each with its line, column and the flag to use.
    let bytes = cp1252(&render(&HEADER, &rows(), ';', "\r\n"));
    let t = TestDir::new();
    t.write("hr.csv", &bytes);
    let ran = t.rmatch().args(["pair", "hr.csv"]).code(3).stdout("").run();
    let errors = ran.error_lines();
    let expected = [
        "error: hr.csv, line 2, column 2 (name): the text is not valid UTF-8 (byte 0xE4 at position 15)",
        "error: hr.csv, line 2, column 8 (location): the text is not valid UTF-8 (byte 0xFC at position 2)",
        "error: hr.csv, line 3, column 2 (name): the text is not valid UTF-8 (byte 0xE7 at position 5)",
        "error: hr.csv, line 4, column 2 (name): the text is not valid UTF-8 (byte 0xEB at position 3)",
        "error: hr.csv, line 5, column 2 (name): the text is not valid UTF-8 (byte 0xC5 at position 1)",
        "error: hr.csv, line 5, column 8 (location): the text is not valid UTF-8 (byte 0xF6 at position 5)",
    ];
    assert_eq!(errors.len(), expected.len(), "{}", ran.stderr);
    for (line, prefix) in errors.iter().zip(expected) {
        assert!(line.starts_with(prefix), "{line}\nexpected {prefix}");
        assert!(
            line.ends_with("; the file is probably saved in a Windows or Latin-1 encoding: run again with --encoding windows-1252 (or latin-1), or save it as CSV UTF-8"),
            "{line}"
        );
    }
}

#[test]
fn classic_mac_line_endings_read_and_count_lines() {
    // Lines ended by a lone carriage return (old Mac Excel).
    assert_reads_like_plain("mac.csv", render(&HEADER, &rows(), ',', "\r"), &[]);
    let t = TestDir::new();
    t.write("bad.csv", "id,role\rS1,senior\r\rS2,boss\r");
    t.rmatch()
        .args(["pair", "bad.csv"])
        .code(3)
        .stderr_has("error: bad.csv, line 4, column 2 (role): role \"boss\"")
        .run();
    t.write(
        "quote.csv",
        "id,role,name\rS1,senior,ok\rS2,senior,\"open\r",
    );
    t.rmatch()
        .args(["pair", "quote.csv"])
        .code(3)
        .stderr_has("error: quote.csv, line 3, column 3 (name): a quoted field starts here")
        .run();
}

#[test]
fn blank_lines_anywhere_are_skipped() {
    // Blank lines, lines of spaces and rows of empty cells (as a
    // spreadsheet writes for an empty row) before, between and after rows.
    let mut text = String::from("\r\n;;;;;;;\r\n");
    let semi = render(&HEADER, &rows(), ';', "\r\n");
    for (i, line) in semi.lines().enumerate() {
        text.push_str(line);
        text.push_str("\r\n");
        if i == 1 {
            text.push_str("\r\n   \r\n;;;;;;;\r\n");
        }
    }
    text.push_str("\r\n\r\n");
    assert_reads_like_plain("gaps.csv", text, &[]);
}

#[test]
fn trailing_empty_columns_are_ignored() {
    // Spreadsheets often save a few empty columns after the data, and not
    // always the same number on every row.
    let mut text = String::new();
    text.push_str(&HEADER.join(","));
    text.push_str(",,,\n");
    for (i, row) in rows().iter().enumerate() {
        let quoted: Vec<String> = row.iter().map(|f| format!("\"{f}\"")).collect();
        text.push_str(&quoted.join(","));
        text.push_str(&",".repeat(i));
        text.push('\n');
    }
    assert_reads_like_plain("wide.csv", text, &[]);
}

#[test]
fn header_names_with_odd_case_spacing_and_invisible_characters() {
    // As typed by hand in a spreadsheet, and saved with stray characters:
    // a zero-width space, a byte order mark at the end of a cell, a
    // non-breaking space.
    let header = [
        " ID ",
        "Name",
        "ROLE\u{200b}",
        "Skills\u{feff}",
        "  wants",
        "Interests\u{a0}",
        "Department",
        "LOCATION",
    ];
    let text = render(&header, &rows(), ',', "\n");
    assert_reads_like_plain("typed.csv", text, &[]);
}

#[test]
fn roster_from_stdin_in_any_export_form() {
    let t = TestDir::new();
    let expected = reference(&t);
    let bytes = cp1252(&format!(
        "sep=;\r\n{}",
        render(&HEADER, &rows(), ';', "\r\n")
    ));
    t.rmatch()
        .args(["pair", "-", "--encoding", "windows-1252"])
        .stdin(bytes.clone())
        .stdout(expected)
        .run();
    t.rmatch()
        .args(["pair", "-"])
        .stdin(bytes)
        .code(3)
        .stderr_has("error: <stdin>, line 3, column 2 (name): the text is not valid UTF-8")
        .run();
}

#[test]
fn utf8_bom_wins_over_a_wrong_encoding_flag_with_a_warning() {
    let t = TestDir::new();
    let expected = reference(&t);
    t.write("bom.csv", format!("\u{feff}{}", plain()));
    t.rmatch()
        .args(["pair", "bom.csv", "--encoding", "windows-1252"])
        .stdout(expected)
        .stderr_has("warning: bom.csv: the file starts with a UTF-8 byte order mark, so it is read as UTF-8, not windows-1252")
        .run();
    // A UTF-8 file without a mark is read as asked (the accents come out
    // garbled), with a warning that names the likely mistake; exit 0.
    t.rmatch()
        .args(["pair", "plain.csv", "--encoding", "windows-1252"])
        .stderr_has("warning: plain.csv: the file is valid UTF-8 but is read as windows-1252, as asked; if accented letters come out garbled (é as Ã©), leave out --encoding")
        .stdout_has("ZoÃ«")
        .run();
}

// ---------------------------------------------------------------------------
// 2. Hostile and oversized input
// ---------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------
// 3. Output meant for spreadsheets
// ---------------------------------------------------------------------------

/// Names and ids a spreadsheet would run as formulas.
const FORMULAS: &str = "\
id,name,role,skills,wants
=1+2,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\",senior,,ai:4
-5,+49 170 1234567,senior,,cloud:3
J1,@Jay,junior,ai:5,
J2,-Mia,junior,cloud:4,
";

#[test]
fn csv_cells_that_would_run_as_formulas_are_neutralised() {
    let t = TestDir::new();
    t.write("r.csv", FORMULAS);
    let ran = t.rmatch().args(["pair", "r.csv"]).run();
    let expected_rows = [
        // Ids and names get a leading quote; the plain number -5 does not;
        // the reason starts with the junior's name, so it is quoted too.
        "paired,-5,'+49 170 1234567,J2,'-Mia,",
        "'-Mia teaches +49 170 1234567 cloud (level 4 vs 0).",
        "paired,'=1+2,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\",J1,'@Jay,",
        "'@Jay teaches =HYPERLINK(",
    ];
    for part in expected_rows {
        assert!(ran.stdout.contains(part), "lacks {part}:\n{}", ran.stdout);
    }
    // Every data cell of the CSV that starts with a formula character is
    // quoted or a plain number; the numbers (scores) are untouched.
    let mut reader = csv::Reader::from_reader(ran.stdout.as_bytes());
    for record in reader.records() {
        let record = record.expect("a CSV row");
        for cell in record.iter() {
            if let Some(first) = cell.chars().next() {
                assert!(
                    !"=+@\t\r".contains(first) && (first != '-' || cell == "-5"),
                    "cell {cell:?} would run as a formula"
                );
            }
        }
        assert!(record[5].parse::<f64>().is_ok(), "score {:?}", &record[5]);
    }
    // scores: ids in the CSV are quoted the same way.
    t.rmatch()
        .args(["scores", "r.csv"])
        .stdout_has(format!("{SCORES_HEADER}\n"))
        .stdout_has("\n'=1+2,J1,true,")
        .stdout_has("\n-5,J2,true,")
        .run();
}

#[test]
fn raw_flag_and_other_formats_keep_the_exact_text() {
    let t = TestDir::new();
    t.write("r.csv", FORMULAS);
    t.rmatch()
        .args(["pair", "r.csv", "--raw"])
        .stdout_has(format!("{PAIR_HEADER}\n"))
        .stdout_has(
            "paired,=1+2,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\",J1,@Jay,",
        )
        .stdout_has("paired,-5,+49 170 1234567,J2,-Mia,")
        .stdout_lacks("'")
        .run();
    t.rmatch()
        .args(["scores", "r.csv", "--raw"])
        .stdout_has("\n=1+2,J1,true,")
        .run();
    // JSON is for programs: the exact text.
    let ran = t.rmatch().args(["pair", "r.csv", "--format", "json"]).run();
    let doc = ran.json();
    let names: Vec<&str> = doc["pairs"]
        .as_array()
        .expect("pairs")
        .iter()
        .map(|p| p["senior_name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        names,
        [
            "+49 170 1234567",
            "=HYPERLINK(\"http://evil.example\",\"Click\")"
        ]
    );
    // -o file.csv is neutralised like standard output.
    t.rmatch().args(["pair", "r.csv", "-o", "out.csv"]).run();
    assert!(t.read("out.csv").contains(",'@Jay,"));
}

// ---------------------------------------------------------------------------
// 4. Private attributes
// ---------------------------------------------------------------------------

/// Gender and ethnicity values no other text in the roster contains.
const SECRETS: [&str; 4] = ["Xylandrian", "Brevorine", "Qorvanish", "Zembrolic"];

/// S1-J1 differ on both private attributes and on department; S2-J2 on
/// gender only (the same ethnicity); S3 has no partner.
fn private_roster() -> String {
    "\
id,name,role,skills,wants,department,gender,ethnicity
S1,Ann,senior,,ai:4,Finance,Xylandrian,Qorvanish
S2,Bob,senior,,cloud:4,Sales,Brevorine,Zembrolic
S3,Cy,senior,,quantum,Legal,Brevorine,
J1,Dee,junior,ai:5,,IT,Brevorine,Zembrolic
J2,Eve,junior,cloud:5,,Sales,Xylandrian,zembrolic
"
    .to_string()
}

/// Asserts no private value appears in `text`, in any case.
#[track_caller]
fn assert_no_secret(what: &str, text: &str) {
    let lower = text.to_lowercase();
    for secret in SECRETS {
        assert!(
            !lower.contains(&secret.to_lowercase()),
            "{what} shows the private value {secret}:\n{text}"
        );
    }
}

#[test]
fn private_values_never_appear_in_any_output() {
    let t = TestDir::new();
    t.write("r.csv", private_roster());
    let private = ["--private", "gender,ethnicity"];
    let mut seen: Vec<(String, String)> = Vec::new();
    fn record(seen: &mut Vec<(String, String)>, what: String, ran: &Ran) {
        seen.push((format!("{what} stdout"), ran.stdout.clone()));
        seen.push((format!("{what} stderr"), ran.stderr.clone()));
    }
    for format in ["csv", "json", "table"] {
        let ran = t
            .rmatch()
            .args(["pair", "r.csv", "--format", format])
            .args(private)
            .run();
        record(&mut seen, format!("pair --format {format}"), &ran);
    }
    for out in ["out.csv", "out.json", "out.txt"] {
        let ran = t
            .rmatch()
            .args(["pair", "r.csv", "-o", out, "--raw"])
            .args(private)
            .run();
        record(&mut seen, format!("pair -o {out}"), &ran);
        seen.push((out.to_string(), t.read(out)));
    }
    let ran = t.rmatch().args(["scores", "r.csv"]).args(private).run();
    record(&mut seen, "scores".into(), &ran);
    let ran = t
        .rmatch()
        .args(["scores", "r.csv", "-o", "scores.csv"])
        .args(private)
        .run();
    record(&mut seen, "scores -o".into(), &ran);
    seen.push(("scores.csv".into(), t.read("scores.csv")));
    let ran = t.rmatch().args(["check", "r.csv"]).args(private).run();
    record(&mut seen, "check".into(), &ran);
    // Also with private columns the diversity flag does not name.
    let ran = t
        .rmatch()
        .args(["pair", "r.csv", "--diversity", "department"])
        .args(private)
        .run();
    record(&mut seen, "pair --diversity".into(), &ran);

    for (what, text) in &seen {
        assert_no_secret(what, text);
    }
    // The explanation counts what differs without naming it.
    let csv = &seen[0].1;
    assert!(
        csv.contains("Dee teaches Ann ai (level 5 vs 0); they differ in department (Finance vs IT) and on 2 private attributes."),
        "{csv}"
    );
    assert!(
        csv.contains("Eve teaches Bob cloud (level 5 vs 0); they differ on 1 private attribute."),
        "{csv}"
    );
    // Private attributes count for diversity: S1-J1 differ on 3 of 3,
    // S2-J2 on 1 of 3 (department and ethnicity equal).
    let json: Value = serde_json::from_str(&seen[2].1).expect("json");
    let diversity: Vec<f64> = json["pairs"]
        .as_array()
        .expect("pairs")
        .iter()
        .map(|p| p["diversity"].as_f64().expect("number"))
        .collect();
    assert_eq!(diversity, [1.0, 0.3333]);
    assert_eq!(
        json["summary"]["diversity_attributes"],
        serde_json::json!(["department", "gender", "ethnicity"])
    );
}

#[test]
fn private_values_stay_out_of_errors() {
    let t = TestDir::new();
    let private = ["--private", "gender,ethnicity"];
    // A private value that is not UTF-8: the error names the place, not the bytes.
    let mut bad =
        b"id,role,skills,wants,gender,ethnicity\nS1,senior,,ai,Xyl\xe4ndrian,Qorvanish\n".to_vec();
    bad.extend_from_slice(b"J1,junior,ai:5,,Brevorine,Zembrolic\n");
    t.write("bad.csv", &bad);
    let ran = t
        .rmatch()
        .args(["pair", "bad.csv"])
        .args(private)
        .code(3)
        .stderr_has("error: bad.csv, line 2, column 5 (gender): the text is not valid UTF-8; the file is probably saved in a Windows or Latin-1 encoding")
        .stderr_lacks("0xE4")
        .run();
    assert_no_secret("the encoding error", &ran.stderr);
    // An oversized private value.
    let long = SECRETS[0].repeat(7000);
    t.write(
        "long.csv",
        format!("id,role,gender,ethnicity\nS1,senior,{long},x\n"),
    );
    let ran = t
        .rmatch()
        .args(["check", "long.csv"])
        .args(private)
        .code(3)
        .stderr_has("error: long.csv, line 2, column 3 (gender): this field is longer than 64 KiB")
        .run();
    assert_no_secret("the size error", &ran.stderr);
    // A row with too many fields, where the extra field is private data.
    t.write(
        "shift.csv",
        "id,role,gender\nS1,senior,Xylandrian,Qorvanish\n",
    );
    let ran = t
        .rmatch()
        .args(["check", "shift.csv", "--private", "gender"])
        .code(3)
        .stderr_has("error: shift.csv, line 2: this row has 4 fields but the header has 3")
        .run();
    assert_no_secret("the field-count error", &ran.stderr);
    // A --private column the header lacks, and one that is not an attribute.
    t.write("r.csv", private_roster());
    t.rmatch()
        .args(["pair", "r.csv", "--private", "religion"])
        .code(3)
        .stderr_has("error: r.csv, line 1: --private names the column \"religion\", which the header does not have")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--private", "name"])
        .code(3)
        .stderr_has("error: r.csv, line 1, column 2 (name): \"name\" cannot be a private attribute")
        .run();
}

#[test]
fn private_values_stay_out_of_rules_explain_sweep_and_config_runs() {
    let t = TestDir::new();
    t.write("r.csv", private_roster());
    // The config file's `private` key does what --private does.
    t.write("rmatch.toml", "private = [\"gender\", \"ethnicity\"]\n");
    let mut seen: Vec<(String, Ran)> = Vec::new();
    let ran = t
        .rmatch()
        .args(["pair", "r.csv", "--config", "rmatch.toml"])
        .stdout_has("they differ in department (Finance vs IT) and on 2 private attributes.")
        .run();
    seen.push(("pair --config".into(), ran));
    let ran = t
        .rmatch()
        .args([
            "pair",
            "r.csv",
            "--config",
            "rmatch.toml",
            "--format",
            "json",
        ])
        .run();
    assert_eq!(
        ran.json()["summary"]["config"]["private"],
        serde_json::json!(["gender", "ethnicity"])
    );
    seen.push(("pair --config json".into(), ran));
    let private = ["--private", "gender,ethnicity"];
    // Quotas on private attributes are applied; their groups are never named.
    for args in [
        &["pair", "r.csv", "--fair", "gender=0.5", "--format", "json"][..],
        &[
            "pair",
            "r.csv",
            "--max-same",
            "ethnicity=0.5",
            "--format",
            "table",
        ][..],
        &["sweep", "r.csv", "--vary", "fair.gender=0,0.5"][..],
        &["sweep", "r.csv", "--vary", "diversity=0,1"][..],
        &["explain", "r.csv", "S1", "J1"][..],
        &["explain", "r.csv", "S2", "J1"][..],
    ] {
        let ran = t.rmatch().args(args).args(private).run();
        seen.push((args.join(" "), ran));
    }
    // A fair rule that cannot hold explains itself by group size.
    let ran = t
        .rmatch()
        .args(["pair", "r.csv", "--lock", "S1:J1", "--forbid", "S2:J2"])
        .args(["--fair", "gender=0"])
        .args(private)
        .code(6)
        .stderr_has("(gender, a private value: pool share 0.500)")
        .run();
    seen.push(("infeasible --fair".into(), ran));
    // The sponsor's HTML report draws the fair attribute by group, unnamed.
    let ran = t
        .rmatch()
        .args([
            "pair",
            "r.csv",
            "-o",
            "pairs.csv",
            "--report",
            "report.html",
        ])
        .args(["--fair", "gender=0.5"])
        .args(private)
        .run();
    seen.push(("pair --report".into(), ran));
    let report = t.read("report.html");
    assert!(report.contains("private group 1"), "no fair chart");
    assert_no_secret("report.html", &report);
    assert_no_secret("pairs.csv", &t.read("pairs.csv"));
    for (what, ran) in &seen {
        assert_no_secret(&format!("{what} stdout"), &ran.stdout);
        assert_no_secret(&format!("{what} stderr"), &ran.stderr);
    }
    // Without --private the report and the rule name the values (so the
    // searches above can fail).
    t.rmatch()
        .args(["pair", "r.csv", "-o", "pairs.csv", "--report", "open.html"])
        .args(["--fair", "gender=0.5"])
        .run();
    assert!(t.read("open.html").contains("Xylandrian"));
    t.rmatch()
        .args(["pair", "r.csv", "--lock", "S1:J1", "--forbid", "S2:J2"])
        .args(["--fair", "gender=0"])
        .code(6)
        .stderr_has("gender=Brevorine")
        .run();
}

#[test]
fn neutralised_csv_reads_back_as_history_and_locks() {
    // Last cycle's output, as written for spreadsheets ('=1+2, '@Jay ...),
    // is next cycle's --history and --locks: the ids still match the roster.
    let t = TestDir::new();
    t.write("r.csv", FORMULAS);
    t.rmatch().args(["pair", "r.csv", "-o", "cycle1.csv"]).run();
    assert!(t.read("cycle1.csv").contains("paired,'=1+2,"));
    // No pair is repeated: each senior's only teacher was their partner.
    t.rmatch()
        .args(["pair", "r.csv", "--history", "cycle1.csv"])
        .stdout_lacks("paired,")
        .stderr_has("rmatch: 0 pairs")
        .run();
    let ran = t
        .rmatch()
        .args(["pair", "r.csv", "--locks", "cycle1.csv"])
        .stderr_has("rmatch: 2 pairs")
        .run();
    assert_eq!(
        ran.stdout.matches("Locked by the coordinator.").count(),
        2,
        "{}",
        ran.stdout
    );
}
