//! Inputs as they really come.

use super::*;

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
    let bytes = crate::support::unicode_text(&text);
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

#[test]
fn utf16_and_utf32_without_a_byte_order_mark_are_named() {
    let text = plain();
    let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
    let t = TestDir::new();
    let expected = reference(&t);
    for (name, bytes, form) in [("le.csv", le, "UTF-16 LE"), ("be.csv", be, "UTF-16 BE")] {
        t.write(name, bytes);
        t.rmatch()
            .args(["pair", name])
            .stdout(&expected)
            .stderr_has(format!("warning: {name}: the file is {form} without a byte order mark; it was read as {form}"))
            .run();
    }
    for (form, bytes) in [
        (
            "UTF-32 LE",
            text.chars()
                .flat_map(|c| u32::from(c).to_le_bytes())
                .collect::<Vec<u8>>(),
        ),
        (
            "UTF-32 BE",
            text.chars()
                .flat_map(|c| u32::from(c).to_be_bytes())
                .collect(),
        ),
    ] {
        t.write("wide.csv", bytes);
        t.rmatch()
            .args(["check", "wide.csv"])
            .code(3)
            .stderr(format!("error: wide.csv: the file is {form} (four bytes a character), which rmatch does not read; save it as CSV UTF-8 (or UTF-16)\n"))
            .run();
    }
}

#[test]
fn topics_and_values_typed_with_combining_accents_are_the_same() {
    // macOS and some web forms write `é` as `e` plus a combining accent
    // (NFD); Excel on Windows as one character (NFC). They read the same,
    // so they are the same topic, interest and department.
    let (nfc, nfd) = ("Jos\u{e9}", "Jose\u{301}");
    let t = TestDir::new();
    t.write(
        "r.csv",
        format!(
            "id,name,role,skills,wants,interests,department\n\
             S1,Ann,senior,strategy:5,{nfc} tools:4,{nfc}ball,{nfc}\n\
             J1,Cy,junior,{nfd} tools:5,strategy:3,{nfd}ball,{nfd}\n"
        ),
    );
    let ran = t
        .rmatch()
        .args(["pair", "r.csv", "--format", "json", "--no-timing"])
        .run();
    let json = ran.json();
    let pair = &json["pairs"][0];
    assert_eq!(pair["junior_id"], "J1", "{json}");
    assert_eq!(pair["teach"], 1.0, "{json}");
    assert_eq!(pair["interests"], 1.0, "one shared interest: {json}");
    assert_eq!(pair["diversity"], 0.0, "the same department: {json}");
    t.rmatch()
        .args(["check", "r.csv"])
        .stdout_lacks("spellings that may be one topic")
        .stdout_lacks("maybe the same topic spelled differently")
        .run();
}

#[test]
fn a_title_above_the_header_is_pointed_at() {
    // Workday and SuccessFactors exports put a report title (and a date)
    // above the header. The error says which line is the header and how
    // to make rmatch read it.
    let t = TestDir::new();
    t.write(
        "export2.csv",
        "Reverse Mentoring Roster,,,\n\
         \n\
         ID,Name,Role,Skills\n\
         S1,Ann,senior,strategy:5\n",
    );
    t.rmatch()
        .args(["check", "export2.csv"])
        .code(3)
        .stderr_has("error: export2.csv, line 1: the header has no \"id\" column")
        .stderr_has("error: export2.csv, line 3: this line looks like the header (it names the columns id and role); delete the lines above it, or start each of them with #")
        .run();
    // Once the title is a # line, the roster reads.
    t.write(
        "export3.csv",
        "# Reverse Mentoring Roster,,,\n\
         \n\
         ID,Name,Role,Skills,Wants\n\
         S1,Ann,senior,strategy:5,ai:4\n\
         J1,Cy,junior,ai:5,\n",
    );
    t.rmatch()
        .args(["pair", "export3.csv"])
        .stdout_has("paired,S1,Ann,J1,Cy,")
        .run();
}

#[test]
fn lists_written_with_commas_are_warned_about() {
    // A Google Forms export: checkbox answers joined by ", ". rmatch reads
    // lists split at ;, so each answer is one topic and nobody pairs; a
    // warning now says why and what to change. A comma in brackets is
    // part of a topic's name and not warned about.
    let t = TestDir::new();
    t.write(
        "form.csv",
        "id,name,role,skills,wants,languages\n\
         ann@corp.com,Ann Lee,Senior,\"Strategy, Budgeting\",\"Gen AI, TikTok\",English\n\
         cy@corp.com,Cy Diaz,Junior,\"Gen AI, TikTok, Python\",Strategy,\"English, Spanish\"\n\
         di@corp.com,Di Eng,Junior,\"Excel (pivots, macros)\",Budgeting,English\n",
    );
    t.rmatch()
        .args(["check", "form.csv"])
        .stderr_has("warning: form.csv: 3 topics in skills and wants hold a comma (\"Gen AI, TikTok\", \"Gen AI, TikTok, Python\", \"Strategy, Budgeting\"), and each is read as one topic, since list items are separated by ;. If they are lists (Google Forms writes checkbox answers with commas), replace the commas with ;\n")
        .stderr_has("warning: form.csv: 1 language in languages holds a comma (\"English, Spanish\")")
        .stderr_lacks("pivots")
        .run();
    // Written with ; the same answers pair, and nothing is warned.
    t.write(
        "fixed.csv",
        "id,name,role,skills,wants\n\
         ann@corp.com,Ann Lee,Senior,Strategy;Budgeting,Gen AI;TikTok\n\
         cy@corp.com,Cy Diaz,Junior,Gen AI;TikTok;Python,Strategy\n",
    );
    t.rmatch()
        .args(["pair", "fixed.csv"])
        .stdout_has("paired,ann@corp.com,Ann Lee,cy@corp.com,Cy Diaz,")
        .stderr_lacks("comma")
        .run();
}

#[test]
fn values_under_a_blank_header_cell_are_warned_about() {
    // A header cell "Skills" merged over two columns names only the first:
    // the second column's values were dropped without a word.
    let t = TestDir::new();
    t.write(
        "merged.csv",
        "id,name,role,skills,,wants,\n\
         S1,Ann,senior,strategy:5,,ai:4,\n\
         J1,Cy,junior,ai:5,ml:4,strategy:3,\n\
         J2,Di,junior,ai:4,python:5,strategy:3,\n",
    );
    t.rmatch()
        .args(["check", "merged.csv"])
        .stderr_has("warning: merged.csv, line 3, column 5: this column has no name in the header but holds values in 2 rows, which are ignored; name the column (a header cell merged over several columns names only the first), or delete them\n")
        .run();
    // Blank columns with nothing in them (Excel's trailing commas) stay silent.
    t.write(
        "plain.csv",
        "id,name,role,skills,,wants,\n\
         S1,Ann,senior,strategy:5,,ai:4,\n\
         J1,Cy,junior,ai:5,,strategy:3,\n",
    );
    t.rmatch()
        .args(["check", "plain.csv"])
        .stderr_lacks("warning")
        .run();
}

#[test]
fn levels_written_as_words_are_warned_about() {
    // `python:expert` is read as the topic "python:expert" (a colon starts
    // a level only before a number), so nobody teaches it; now a warning
    // says so. `Anthropic: Claude` stays one topic without a warning.
    let t = TestDir::new();
    t.write(
        "words.csv",
        "id,name,role,skills,wants\n\
         S1,Ann,senior,strategy:Expert,ai:high;Anthropic: Claude\n\
         J1,Cy,junior,ai:5,strategy:3\n",
    );
    t.rmatch()
        .args(["check", "words.csv"])
        .stderr_has("warning: words.csv: 2 topics in skills and wants end in a word for a level or priority (\"ai:high\", \"strategy:Expert\"), and each is read as one topic at the default, since a level or priority is a number; write it as a number from 1 to 5 (python:4)\n")
        .stderr_lacks("Claude")
        .run();
}

#[test]
fn spreadsheet_errors_in_a_csv_export_are_errors_as_in_a_workbook() {
    // A department filled in by VLOOKUP, saved as CSV: Excel writes #N/A
    // where the lookup failed. It was read as a department "#N/A" (the
    // same for everyone it hit) and a manager "#N/A" outside the roster.
    let t = TestDir::new();
    t.write(
        "r.csv",
        "id,name,role,skills,wants,department,manager,notes\n\
         S1,Ann,senior,strategy:5,ai:4,#N/A,,#REF!\n\
         J1,Cy,junior,ai:5,strategy:3,Eng,#N/A,\n",
    );
    t.rmatch()
        .args(["pair", "r.csv"])
        .code(3)
        .stdout("")
        .stderr_has("error: r.csv, line 2, column 6 (department): the cell holds the spreadsheet error #N/A, not a value; correct the formula (or type the value) and save again\n")
        .stderr_has("error: r.csv, line 3, column 7 (manager): the cell holds the spreadsheet error #N/A")
        .stderr_lacks("#REF!")
        .run();
}

#[test]
fn whole_numbers_a_script_wrote_as_decimals_are_read() {
    // A survey export cleaned with pandas: a column of capacities with a
    // blank cell becomes floats, written `2.0`, and levels built from such a
    // column read `genai:4.0`. These were refused as "not a whole number"
    // and "not a number from 1 to 5", though they are both.
    let t = TestDir::new();
    t.write(
        "survey.csv",
        "Email Address,role,skills,wants,How many partners can you take?\n\
         a@example.org,senior,,genai:4.0,2.0\n\
         b@example.org,junior,genai:5.0,,\n\
         c@example.org,junior,genai:3.00,,1.0\n",
    );
    let columns = [
        "--column",
        "id=Email Address",
        "--column",
        "capacity=How many partners can you take?",
    ];
    t.rmatch()
        .args(["pair", "survey.csv", "--format", "json", "--no-timing"])
        .args(columns)
        .stderr_lacks("error")
        .stdout_has("\"pairs\": 2,")
        .stdout_has("genai (level 5 vs 0)")
        .run();
    // A number with a fraction is still refused, and says it is not whole.
    t.write(
        "bad.csv",
        "Email Address,role,skills,wants,How many partners can you take?\n\
         a@example.org,senior,,genai:4.5,2.5\n\
         b@example.org,junior,genai:5,,1\n",
    );
    let ran = t
        .rmatch()
        .args(["check", "bad.csv"])
        .args(columns)
        .code(3)
        .run();
    assert_eq!(
        ran.error_lines(),
        [
            "error: bad.csv, line 2, column 4 (wants): priority \"4.5\" of \"genai\" is not a whole number from 1 to 5; write topic:N with N from 1 to 5, or just the topic for 3",
            "error: bad.csv, line 2, column 5 (how many partners can you take?): capacity \"2.5\" is not a whole number from 0 to 100; write how many partners this person takes (default 1, 0 to sit out)",
        ]
    );
}

#[test]
fn utc_offsets_written_with_gmt_or_as_hours_and_minutes_are_read() {
    // A survey's "your time zone" answers: "UTC-5" was read, but "GMT+1"
    // (as UK respondents write it) and "+0530" (as ISO 8601 and `date +%z`
    // write it) were refused as "not an offset from -12 to +14 hours",
    // though both are.
    let t = TestDir::new();
    t.write(
        "survey.csv",
        "id,role,skills,wants,utc_offset\n\
         S1,senior,,genai:4,GMT+1\n\
         S2,senior,,genai:4,+0530\n\
         J1,junior,genai:5,,GMT\n\
         J2,junior,genai:5,,UTC+05:30\n",
    );
    // Within an hour: S1 (+1) only with J1 (0), S2 (+5:30) only with J2.
    t.rmatch()
        .args(["pair", "survey.csv", "--max-tz-gap", "1"])
        .stderr_lacks("error")
        .stdout_has("paired,S1,S1,J1,")
        .stdout_has("paired,S2,S2,J2,")
        .run();
    t.write(
        "bad.csv",
        "id,role,skills,wants,utc_offset\n\
         S1,senior,,genai:4,+1500\n\
         J1,junior,genai:5,,GMT+0575\n",
    );
    let ran = t
        .rmatch()
        .args(["check", "bad.csv", "--max-tz-gap", "1"])
        .code(3)
        .run();
    assert_eq!(
        ran.error_lines(),
        [
            "error: bad.csv, line 2, column 5 (utc_offset): utc_offset \"+1500\" is not an offset from -12 to +14 hours; write it like -5, +5:30 or 0",
            "error: bad.csv, line 3, column 5 (utc_offset): utc_offset \"GMT+0575\" is not an offset from -12 to +14 hours; write it like -5, +5:30 or 0",
        ]
    );
}

#[test]
fn levels_written_after_a_topic_in_brackets_or_a_dash_are_warned_about() {
    // A survey grid ("How well do you know ...?") flattened into one answer
    // per topic: "Python (Advanced)", "Gen AI - Expert". Each was read as a
    // topic of its own, so the seniors who want Python and Gen AI had no
    // one to learn from, and check said only "no junior teaches any of:
    // Python". `Excel (pivots, macros)` is a topic, not a level.
    let t = TestDir::new();
    t.write(
        "survey.csv",
        "id,role,skills,wants\n\
         S1,senior,,Python;Gen AI\n\
         J1,junior,Python (Advanced);Excel (pivots),\n\
         J2,junior,Gen AI - Expert;Tax - UK,\n",
    );
    t.rmatch()
        .args(["check", "survey.csv"])
        .stderr_has("warning: survey.csv: 2 topics in skills and wants end in a word for a level or priority (\"Gen AI - Expert\", \"Python (Advanced)\"), and each is read as one topic at the default, since a level or priority is a number; write it as a number from 1 to 5 (python:4)\n")
        .stderr_lacks("pivots")
        .stderr_lacks("Tax")
        .run();
}

/// A Qualtrics export: its questions headed `Q1`, `Q2`, ... (embedded
/// data such as the department under its own name), then a row of the
/// question texts and a row of import ids (`{"ImportId":"QID1"}`) before
/// the answers. Both rows are skipped with one warning, and the columns may
/// be mapped by their short names or by their question texts.
#[test]
fn a_qualtrics_export_skips_its_question_and_import_id_rows() {
    let questions = [
        "Your employee ID",
        "Your name",
        "Are you joining as a senior or a junior?",
        "What could you teach? (topic:level 1-5)",
        "What would you like to learn?",
        "Your interests",
    ];
    let mut header = vec!["StartDate", "ResponseId"];
    header.extend(["Q1", "Q2", "Q3", "Q4", "Q5", "Q6", "department", "location"]);
    let mut texts = vec!["Start Date", "Response ID"];
    texts.extend(questions);
    texts.extend(["department", "location"]);
    let mut ids = vec![
        r#"{"ImportId":"startDate","timeZone":"America/Denver"}"#,
        r#"{"ImportId":"_recordId"}"#,
    ];
    ids.extend([
        r#"{"ImportId":"QID1_TEXT"}"#,
        r#"{"ImportId":"QID2_TEXT"}"#,
        r#"{"ImportId":"QID3"}"#,
        r#"{"ImportId":"QID4_TEXT"}"#,
        r#"{"ImportId":"QID5_TEXT"}"#,
        r#"{"ImportId":"QID6_TEXT"}"#,
        r#"{"ImportId":"department"}"#,
        r#"{"ImportId":"location"}"#,
    ]);
    let responses = ["R_1a", "R_2b", "R_3c", "R_4d"];
    let mut rows = vec![texts, ids];
    for (row, response) in ROWS.iter().zip(responses) {
        let mut cells = vec!["2026-11-02 09:01:12", response];
        cells.extend(row.iter().copied());
        rows.push(cells);
    }
    let t = TestDir::new();
    let expected = reference(&t);
    t.write("qualtrics.csv", render(&header, &rows, ',', "\r\n"));
    let warning = "warning: qualtrics.csv, line 2: this line and the next hold the question texts and the import ids a Qualtrics export writes below its header, not answers; both are skipped";
    let short: Vec<String> = HEADER[..6]
        .iter()
        .enumerate()
        .flat_map(|(i, column)| ["--column".into(), format!("{column}=Q{}", i + 1)])
        .collect();
    let asked: Vec<String> = HEADER[..6]
        .iter()
        .zip(questions)
        .flat_map(|(column, question)| ["--column".into(), format!("{column}={question}")])
        .collect();
    for mapping in [short, asked] {
        t.rmatch()
            .args(["pair", "qualtrics.csv"])
            .args(&mapping)
            .stdout(expected.clone())
            .stderr_has(warning)
            .run();
    }
}

/// Levels, priorities and capacities typed with a CJK input method's
/// full-width digits (`ai:５`, `ai：４`, a capacity `１`) are the numbers
/// they show, not topics named `ai:５` that nobody teaches.
#[test]
fn full_width_digits_are_read_as_numbers() {
    let wide = |text: &str| -> String {
        text.chars()
            .map(|c| match c {
                '0'..='9' => char::from_u32(c as u32 + 0xFEE0).expect("a full-width digit"),
                ':' => '：',
                c => c,
            })
            .collect()
    };
    let cells: Vec<Vec<String>> = ROWS
        .iter()
        .map(|row| {
            let mut cells: Vec<String> = row.iter().map(|c| c.to_string()).collect();
            cells[3] = wide(&cells[3]);
            cells[4] = cells[4].replace('4', "４");
            cells.push("１".into());
            cells
        })
        .collect();
    let rows: Vec<Vec<&str>> = cells
        .iter()
        .map(|row| row.iter().map(String::as_str).collect())
        .collect();
    let mut header = HEADER.to_vec();
    header.push("capacity");
    let text = render(&header, &rows, ',', "\n");
    assert!(text.contains("：５") && text.contains(":４"), "{text}");
    assert_reads_like_plain("wide.csv", text, &[]);
}
