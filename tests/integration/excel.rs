//! Excel in and out: rosters read from workbooks (`.xlsx` written here with
//! rust_xlsxwriter, `.ods` from a fixture) pair exactly as their CSV does,
//! with errors that name the sheet, row and cell; `-o pairs.xlsx` writes a
//! workbook that reads back (with calamine) as the CSV's rows, numbers as
//! numbers, the same bytes every time.

use calamine::{open_workbook_from_rs, Data, Reader, Xlsx};
use rust_xlsxwriter::{Formula, Workbook, Worksheet};

use crate::support::TestDir;

/// The roster as CSV; its workbook twin is [`roster_workbook`].
const ROSTER: &str = "\
id,name,role,skills,wants,capacity,utc_offset
S1,Sam,senior,strategy:5;python:2,python:4,2,-5
S2,Sue,senior,budgeting:4,excel:3,1,0
J1,Jo,junior,python:5;strategy:3,strategy:2,1,-5
J2,Jay,junior,excel:3,budgeting:3,1,1
007,=HYPERLINK(\"http://x\"),junior,python:1;strategy:1,strategy:1,1,0
";

/// A value as a spreadsheet user types it: numbers become number cells.
fn put(sheet: &mut Worksheet, row: u32, col: u16, text: &str) {
    let numeric = text.parse::<f64>().is_ok() && !text.starts_with('0');
    if numeric {
        sheet
            .write_number(row, col, text.parse::<f64>().unwrap())
            .unwrap();
    } else if !text.is_empty() {
        sheet.write_string(row, col, text).unwrap();
    }
}

/// [`ROSTER`] typed into `sheet` from its first row.
fn put_roster(sheet: &mut Worksheet) {
    for (r, line) in ROSTER.lines().enumerate() {
        for (c, field) in line.split(',').enumerate() {
            put(sheet, r as u32, c as u16, field);
        }
    }
}

/// [`ROSTER`] on a sheet named People, starting `skip` rows down (a note
/// and a blank row above the header when 2), with `edit` applied.
fn roster_workbook(skip: u32, edit: impl FnOnce(&mut Worksheet)) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("People").unwrap();
    if skip > 0 {
        sheet.write_string(0, 0, "# the mentoring roster").unwrap();
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(ROSTER.as_bytes());
    for (r, record) in reader.records().enumerate() {
        for (c, field) in record.unwrap().iter().enumerate() {
            put(sheet, skip + r as u32, c as u16, field);
        }
    }
    edit(sheet);
    workbook.save_to_buffer().unwrap()
}

/// A workbook exported with its own header names reads, with `--column`,
/// exactly as the CSV under rmatch's names, and a bad cell in a mapped
/// column is named by the sheet's header.
#[test]
fn a_workbook_with_its_own_header_names_reads_with_column_flags() {
    let t = TestDir::new();
    t.write("r.csv", ROSTER);
    let renamed = |sheet: &mut Worksheet| {
        sheet.write_string(2, 0, "Employee ID").unwrap();
        sheet.write_string(2, 5, "Seats").unwrap();
    };
    t.write("r.xlsx", roster_workbook(2, renamed));
    let from_csv = t.rmatch().args(["pair", "r.csv", "-q"]).run().stdout;
    let mapped = ["--column", "id=Employee ID", "--column", "capacity=seats"];
    let from_xlsx = t
        .rmatch()
        .args(["pair", "r.xlsx", "-q"])
        .args(mapped)
        .run()
        .stdout;
    assert_eq!(from_xlsx, from_csv);
    t.write(
        "bad.xlsx",
        roster_workbook(2, |sheet| {
            renamed(sheet);
            sheet
                .write_formula(5, 5, Formula::new("=NA()").set_result("#N/A"))
                .unwrap();
        }),
    );
    let ran = t
        .rmatch()
        .args(["pair", "bad.xlsx"])
        .args(mapped)
        .code(3)
        .run();
    assert!(
        ran.stderr.starts_with("error: bad.xlsx, sheet People, row 6, cell F6 (seats): the cell holds the spreadsheet error #N/A, not a value;"),
        "{}",
        ran.stderr
    );
}

fn sheet_rows(bytes: &[u8], name: &str) -> Vec<Vec<Data>> {
    let mut workbook: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(bytes)).unwrap();
    let range = workbook.worksheet_range(name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn read_bytes(t: &TestDir, name: &str) -> Vec<u8> {
    std::fs::read(t.join(name)).unwrap()
}

#[test]
fn a_workbook_roster_pairs_exactly_as_its_csv() {
    let t = TestDir::new();
    t.write("r.csv", ROSTER);
    t.write("r.xlsx", roster_workbook(2, |_| {}));
    let from_csv = t.rmatch().args(["pair", "r.csv", "-q"]).run().stdout;
    assert!(from_csv.contains("paired,S1,Sam,J1,Jo,"), "{from_csv}");
    // Numbers were number cells (2, -5), the id 007 text, the notes row
    // and the blank row above the header skipped.
    let from_xlsx = t.rmatch().args(["pair", "r.xlsx", "-q"]).run().stdout;
    assert_eq!(from_xlsx, from_csv);
    // Standard input, told by its first bytes; the same as scores and check.
    let piped = t
        .rmatch()
        .args(["pair", "-", "-q"])
        .stdin(read_bytes(&t, "r.xlsx"))
        .run()
        .stdout;
    assert_eq!(piped, from_csv);
    let scores = |name: &str| t.rmatch().args(["scores", name, "-q"]).run().stdout;
    assert_eq!(scores("r.xlsx"), scores("r.csv"));
    // A workbook saved under a .csv name is read as one, with a warning.
    t.write("saved.csv", read_bytes(&t, "r.xlsx"));
    t.rmatch()
        .args(["pair", "saved.csv"])
        .stdout(from_csv.clone())
        .stderr_has(
            "warning: saved.csv: the file is a spreadsheet workbook, not CSV; it was read as one",
        )
        .run();
}

#[test]
fn an_ods_roster_pairs_as_its_csv() {
    let t = TestDir::new();
    let fixture = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/roster.ods");
    t.write("r.ods", std::fs::read(fixture).unwrap());
    // The fixture holds the roster without the hostile name.
    t.write("r.csv", ROSTER.replace("=HYPERLINK(\"http://x\")", "Bo"));
    let from_csv = t.rmatch().args(["pair", "r.csv", "-q"]).run().stdout;
    t.rmatch()
        .args(["pair", "r.ods", "-q"])
        .stdout(from_csv)
        .run();
}

#[test]
fn bad_cells_are_named_by_sheet_row_and_cell() {
    let t = TestDir::new();
    // The header is on row 3: S2's capacity is F5, J1's F6.
    t.write(
        "r.xlsx",
        roster_workbook(2, |sheet| {
            sheet.write_string(4, 5, "lots").unwrap();
            sheet
                .write_formula(5, 5, Formula::new("=NA()").set_result("#N/A"))
                .unwrap();
            // An error in a column rmatch does not read is no error.
            sheet
                .write_formula(5, 8, Formula::new("=1/0").set_result("#DIV/0!"))
                .unwrap();
        }),
    );
    let ran = t.rmatch().args(["pair", "r.xlsx"]).code(3).run();
    let errors = ran.error_lines();
    assert_eq!(errors.len(), 2, "{}", ran.stderr);
    assert!(
        errors[0].starts_with("error: r.xlsx, sheet People, row 6, cell F6 (capacity): the cell holds the spreadsheet error #N/A, not a value;"),
        "{}",
        ran.stderr
    );
    assert!(
        errors[1].starts_with("error: r.xlsx, sheet People, row 5, cell F5 (capacity): "),
        "{}",
        ran.stderr
    );
    // A duplicate id points at the other row.
    t.write(
        "dup.xlsx",
        roster_workbook(0, |sheet| {
            sheet.write_string(3, 0, "S1").unwrap();
        }),
    );
    t.rmatch()
        .args(["check", "dup.xlsx"])
        .code(3)
        .stderr_has("error: dup.xlsx, sheet People, row 4, cell A4 (id): id \"S1\" is already used on row 2; ids must be unique")
        .run();
}

#[test]
fn the_sheet_is_the_first_or_the_one_named() {
    let t = TestDir::new();
    let mut workbook = Workbook::new();
    let notes = workbook.add_worksheet();
    notes.set_name("Read me").unwrap();
    notes
        .write_string(0, 0, "Fill in the People sheet")
        .unwrap();
    let people = workbook.add_worksheet();
    people.set_name("People").unwrap();
    put_roster(people);
    t.write("r.xlsx", workbook.save_to_buffer().unwrap());
    t.write("r.csv", ROSTER);
    t.rmatch()
        .args(["pair", "r.xlsx"])
        .code(3)
        .stderr_has("error: r.xlsx, sheet Read me, row 1: the header has no \"id\" column")
        .run();
    let from_csv = t.rmatch().args(["pair", "r.csv", "-q"]).run().stdout;
    for name in ["People", "people"] {
        t.rmatch()
            .args(["pair", "r.xlsx", "--sheet", name, "-q"])
            .stdout(from_csv.clone())
            .run();
    }
    t.rmatch()
        .args(["pair", "r.xlsx", "--sheet", "Staff"])
        .code(2)
        .stderr("error: --sheet Staff: r.xlsx has no sheet of that name; its sheets are \"Read me\", \"People\"\n")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--sheet", "People"])
        .code(2)
        .stderr_has("r.csv is not a workbook")
        .run();
}

#[test]
fn broken_workbooks_are_refused_clearly() {
    let t = TestDir::new();
    t.write("zip.xlsx", b"PK\x03\x04 not really a zip");
    t.rmatch()
        .args(["pair", "zip.xlsx"])
        .code(3)
        .stderr_has("error: zip.xlsx: the file is a ZIP archive but not an Excel (.xlsx) or OpenDocument (.ods) workbook rmatch can read")
        .run();
    t.write("text.xlsx", ROSTER);
    t.rmatch()
        .args(["pair", "text.xlsx"])
        .code(3)
        .stderr_has("error: text.xlsx: the file is named as a workbook but is not one")
        .run();
    let mut cut = roster_workbook(0, |_| {});
    cut.truncate(cut.len() / 2);
    t.write("cut.xlsx", cut);
    let ran = t.rmatch().args(["pair", "cut.xlsx"]).code(3).run();
    assert!(
        ran.stderr.starts_with("error: cut.xlsx: "),
        "{}",
        ran.stderr
    );
    t.write("old.xls", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 truncated");
    t.rmatch()
        .args(["pair", "old.xls"])
        .code(3)
        .stderr_has("error: old.xls: the file cannot be read as an Excel 97-2003 (.xls) workbook")
        .run();
}

#[test]
fn pairs_xlsx_reads_back_as_the_csv_with_numbers_as_numbers() {
    let t = TestDir::new();
    t.write("r.csv", ROSTER);
    let csv = t.rmatch().args(["pair", "r.csv", "-q"]).run().stdout;
    t.rmatch()
        .args(["pair", "r.csv", "-o", "pairs.xlsx", "-q"])
        .run();
    let bytes = read_bytes(&t, "pairs.xlsx");
    let workbook: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(&bytes)).unwrap();
    assert_eq!(workbook.sheet_names(), ["Pairs", "Unmatched", "Summary"]);
    let mut rows = sheet_rows(&bytes, "Pairs");
    rows.extend(sheet_rows(&bytes, "Unmatched").into_iter().skip(1));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes());
    let expected: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), expected.len());
    for (row, want) in rows.iter().zip(&expected) {
        for (c, (cell, field)) in row.iter().zip(want.iter()).enumerate() {
            match cell {
                Data::Float(x) => {
                    assert!((5..=9).contains(&c), "a number in column {c}");
                    assert_eq!(format!("{x:.4}"), field);
                }
                Data::String(s) => {
                    // The CSV neutralises a formula with a quote; the
                    // workbook keeps the text, as text.
                    let csv_text = rmatch::spreadsheet::original(field).unwrap_or(field);
                    assert_eq!(s, csv_text);
                }
                Data::Empty => assert_eq!(field, ""),
                other => panic!("unexpected cell {other:?}"),
            }
        }
    }
    // The id 007 and the hostile name are text, never a formula.
    let unmatched = sheet_rows(&bytes, "Unmatched");
    assert_eq!(unmatched[1][3], Data::String("007".into()));
    assert_eq!(
        unmatched[1][4],
        Data::String("=HYPERLINK(\"http://x\")".into())
    );
    let mut formulas: Xlsx<_> = open_workbook_from_rs(std::io::Cursor::new(&bytes)).unwrap();
    for name in ["Pairs", "Unmatched", "Summary"] {
        let f = formulas.worksheet_formula(name).unwrap();
        assert!(f.used_cells().next().is_none(), "a formula on {name}");
    }
    // The summary: facts with values, numbers as numbers.
    let summary = sheet_rows(&bytes, "Summary");
    assert_eq!(
        summary[0],
        [Data::String("fact".into()), Data::String("value".into())]
    );
    assert!(summary.contains(&vec![Data::String("pairs".into()), Data::Float(2.0)]));
    assert!(summary.contains(&vec![
        Data::String("status".into()),
        Data::String("optimal".into())
    ]));
    // The same bytes every time, and through standard output.
    t.rmatch()
        .args(["pair", "r.csv", "-o", "again.xlsx", "-q"])
        .run();
    assert_eq!(read_bytes(&t, "again.xlsx"), bytes);
    let piped = assert_cmd::Command::cargo_bin("rmatch")
        .unwrap()
        .current_dir(t.path())
        .args(["pair", "r.csv", "--format", "xlsx", "-q"])
        .output()
        .unwrap();
    assert!(piped.status.success());
    assert_eq!(piped.stdout, bytes);
}

#[test]
fn scores_and_sweep_write_workbooks() {
    let t = TestDir::new();
    t.write("r.csv", ROSTER);
    t.rmatch()
        .args(["scores", "r.csv", "-o", "scores.xlsx", "-q"])
        .run();
    let rows = sheet_rows(&read_bytes(&t, "scores.xlsx"), "Scores");
    assert_eq!(rows.len(), 1 + 2 * 3);
    assert_eq!(rows[0][0], Data::String("senior_id".into()));
    assert!(matches!(rows[1][2], Data::Bool(_)));
    assert!(matches!(rows[1][3], Data::Float(_)));
    // Kept columns follow reason, as in the CSV (S1's row with 007 first).
    t.rmatch()
        .args(["scores", "r.csv", "-o", "kept.xlsx", "-q"])
        .args(["--keep", "utc_offset"])
        .run();
    let rows = sheet_rows(&read_bytes(&t, "kept.xlsx"), "Scores");
    let text = |t: &str| Data::String(t.into());
    assert_eq!(
        rows[0][8..],
        [
            text("reason"),
            text("senior_utc_offset"),
            text("junior_utc_offset")
        ]
    );
    assert_eq!(rows[1][1], text("007"));
    assert_eq!(rows[1][9..], [text("-5"), text("0")]);
    t.rmatch()
        .args([
            "sweep",
            "r.csv",
            "--vary",
            "teach=0:1:0.5",
            "-o",
            "sweep.xlsx",
            "-q",
        ])
        .run();
    let rows = sheet_rows(&read_bytes(&t, "sweep.xlsx"), "Sweep");
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0][0], Data::String("value".into()));
    assert_eq!(rows[3][0], Data::Float(1.0));
    let status = rows[0]
        .iter()
        .position(|c| *c == Data::String("status".into()))
        .unwrap();
    assert_eq!(rows[1][status], Data::String("optimal".into()));
}

#[test]
fn the_config_file_can_ask_for_csv_for_excel() {
    let t = TestDir::new();
    t.write("r.csv", ROSTER);
    t.write("rmatch.toml", "excel = true\n");
    for command in ["pair", "scores"] {
        t.rmatch()
            .args([command, "r.csv", "--excel", "-q", "-o", "flag.csv"])
            .run();
        t.rmatch()
            .args([
                command,
                "r.csv",
                "--config",
                "rmatch.toml",
                "-q",
                "-o",
                "config.csv",
            ])
            .run();
        let bytes = read_bytes(&t, "config.csv");
        assert!(bytes.starts_with("\u{feff}".as_bytes()), "{command}");
        assert!(
            String::from_utf8_lossy(&bytes).contains("\r\n"),
            "{command}"
        );
        assert_eq!(bytes, read_bytes(&t, "flag.csv"), "{command}");
        std::fs::remove_file(t.join("config.csv")).unwrap();
        std::fs::remove_file(t.join("flag.csv")).unwrap();
    }
}

#[test]
fn an_ods_spanning_too_many_cells_is_refused_before_it_is_loaded() {
    use std::io::Write;
    // A few hundred bytes that would lay out 30 million cells: a row
    // repeated 30,000 times, its value in the 1,000th column.
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="S">
<table:table-row><table:table-cell office:value-type="string"><text:p>id</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>role</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="30000"><table:table-cell table:number-columns-repeated="999"/><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    let t = TestDir::new();
    t.write("wide.ods", bytes);
    t.rmatch()
        .args(["check", "wide.ods"])
        .code(3)
        .stderr("error: wide.ods: the spreadsheet spans about 30,001,000 cells from A1 to its last value, more than rmatch reads from an .ods file (10,000,000); delete the empty rows and columns around the roster, or save it as .xlsx or CSV UTF-8\n")
        .run();
}

#[test]
fn last_cycles_pairs_xlsx_works_as_history_and_locks() {
    let t = TestDir::new();
    t.write("r.csv", ROSTER);
    t.rmatch()
        .args(["pair", "r.csv", "-o", "cycle1.csv", "-q"])
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "-o", "cycle1.xlsx", "-q"])
        .run();
    for flag in ["--history", "--locks"] {
        let from = |file: &str| {
            t.rmatch()
                .args(["pair", "r.csv", flag, file, "-q"])
                .run()
                .stdout
        };
        assert_eq!(from("cycle1.xlsx"), from("cycle1.csv"), "{flag}");
    }
    // History changes the pairing, so the workbook was read, not ignored.
    let fresh = t.rmatch().args(["pair", "r.csv", "-q"]).run().stdout;
    let again = t
        .rmatch()
        .args(["pair", "r.csv", "--history", "cycle1.xlsx", "-q"])
        .run()
        .stdout;
    assert_ne!(fresh, again);
}

/// A workbook of pairs: a senior_id and junior_id header, then what
/// `fill` writes from row 2.
fn pairs_workbook(fill: impl FnOnce(&mut Worksheet)) -> Vec<u8> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.write_string(0, 0, "senior_id").unwrap();
    sheet.write_string(0, 1, "junior_id").unwrap();
    fill(sheet);
    workbook.save_to_buffer().unwrap()
}

/// A table of pairs given as a workbook names what a bad cell holds, as
/// the same table typed as CSV does, not an empty id; a spreadsheet error
/// is no id, so a pair is not ended (`--continue`) for its sake.
#[test]
fn a_pairs_workbooks_bad_cells_are_named_by_what_they_hold() {
    let t = TestDir::new();
    t.write("r.csv", ROSTER);
    let workbook = pairs_workbook(|sheet| {
        sheet
            .write_formula(1, 0, Formula::new("=NA()").set_result("#N/A"))
            .unwrap();
        sheet.write_string(1, 1, "J1").unwrap();
    });
    t.write("locks.xlsx", workbook);
    t.write("locks.csv", "senior_id,junior_id\n#N/A,J1\n");
    let stderr = |file: &str| {
        t.rmatch()
            .args(["pair", "r.csv", "--locks", file, "-q"])
            .code(3)
            .run()
            .stderr
    };
    assert_eq!(
        stderr("locks.xlsx"),
        "error: locks.xlsx, line 2: the pair's senior_id holds the spreadsheet error #N/A, not an id; correct the formula (or type the id) and save again\n"
    );
    assert_eq!(
        stderr("locks.csv").replace("locks.csv", "locks.xlsx"),
        stderr("locks.xlsx")
    );
    let continued = t
        .rmatch()
        .args(["pair", "r.csv", "--continue", "locks.xlsx", "-q"])
        .code(3)
        .run()
        .stderr;
    assert_eq!(continued, stderr("locks.xlsx"));
}

/// A pairs workbook written by a program that computes no formulas holds
/// formulas without their results: such an id is named as a formula, as
/// in a roster, not taken as an id nobody has.
#[test]
fn a_pairs_workbooks_formula_without_a_result_is_named() {
    let t = TestDir::new();
    t.write("r.csv", ROSTER);
    let workbook = pairs_workbook(|sheet| {
        sheet.write_string(1, 0, "S1").unwrap();
        sheet
            .write_formula(1, 1, Formula::new("=\"J\"&\"1\""))
            .unwrap();
    });
    t.write("pairs.xlsx", workbook);
    // Taken as an id nobody has, the pair was avoided by no one (--history)
    // or ended (--continue) for a reason the file does not show.
    for flag in ["--locks", "--history", "--continue"] {
        t.rmatch()
            .args(["pair", "r.csv", flag, "pairs.xlsx", "-q"])
            .code(3)
            .stderr("error: pairs.xlsx, line 2: the pair's junior_id holds the formula =\"J\"&\"1\" and no value, not an id; type the id, or open the file in Excel or LibreOffice and save it again so the formula's result is saved\n")
            .run();
    }
}

#[test]
fn ids_a_spreadsheet_would_retype_keep_the_quote_prefix() {
    use std::io::Read;
    let t = TestDir::new();
    t.write(
        "r.csv",
        "id,role,skills,wants\n007,junior,ai:5,\n-2,junior,ai:4,\nS1,senior,,ai\nS2,senior,,ai\n",
    );
    t.rmatch()
        .args(["pair", "r.csv", "-o", "pairs.xlsx", "-q"])
        .run();
    let bytes = std::fs::read(t.join("pairs.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut part = |name: &str| {
        let mut text = String::new();
        zip.by_name(name)
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    let (strings, sheet, styles) = (
        part("xl/sharedStrings.xml"),
        part("xl/worksheets/sheet1.xml"),
        part("xl/styles.xml"),
    );
    let strings = roxmltree::Document::parse(&strings).unwrap();
    let texts: Vec<String> = strings
        .descendants()
        .filter(|n| n.has_tag_name("si"))
        .map(|n| {
            n.descendants()
                .filter(|d| d.is_text())
                .filter_map(|d| d.text())
                .collect()
        })
        .collect();
    let styles = roxmltree::Document::parse(&styles).unwrap();
    let formats: Vec<bool> = styles
        .descendants()
        .find(|n| n.has_tag_name("cellXfs"))
        .unwrap()
        .children()
        .filter(|n| n.has_tag_name("xf"))
        .map(|n| n.attribute("quotePrefix") == Some("1"))
        .collect();
    let sheet = roxmltree::Document::parse(&sheet).unwrap();
    let prefixed = |text: &str| {
        let cell = sheet
            .descendants()
            .filter(|n| n.has_tag_name("c") && n.attribute("t") == Some("s"))
            .find(|n| {
                let v = n.descendants().find(|d| d.has_tag_name("v")).unwrap();
                texts[v.text().unwrap().parse::<usize>().unwrap()] == text
            })
            .unwrap_or_else(|| panic!("a text cell {text}"));
        cell.attribute("s")
            .is_some_and(|s| formats[s.parse::<usize>().unwrap()])
    };
    assert!(prefixed("007"), "an id that reads as a number stays text");
    assert!(
        prefixed("-2"),
        "an id that reads as a negative number stays text"
    );
    assert!(!prefixed("S1"), "plain text needs no prefix");
}

#[test]
fn an_empty_first_sheet_names_the_others() {
    // A workbook whose first sheet was left blank (a cover sheet, or the
    // default Sheet1 with the roster pasted into Sheet2): the error names
    // the other sheets and the flag, not just "the roster is empty".
    let t = TestDir::new();
    let mut workbook = Workbook::new();
    workbook.add_worksheet().set_name("Cover").unwrap();
    let people = workbook.add_worksheet();
    people.set_name("People").unwrap();
    put_roster(people);
    t.write("r.xlsx", workbook.save_to_buffer().unwrap());
    t.rmatch()
        .args(["check", "r.xlsx"])
        .code(3)
        .stderr("error: r.xlsx: the first sheet, \"Cover\", is empty; rmatch reads the first visible sheet unless --sheet names another: the workbook's other sheets are \"People\"; run again with --sheet \"People\" (or the sheet that holds the roster)\n")
        .run();
    t.rmatch()
        .args(["check", "r.xlsx", "--sheet", "People"])
        .run();
}

/// The workbook with one part written anew by `write` (streamed into the
/// deflated entry, as a bomb would be), the others copied as they are.
fn replace_part(bytes: &[u8], part: &str, write: impl FnOnce(&mut dyn std::io::Write)) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let deflated = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let mut write = Some(write);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().to_string();
        out.start_file(name.as_str(), deflated).unwrap();
        if name == part {
            (write.take().unwrap())(&mut out);
        } else {
            let mut content = Vec::new();
            entry.read_to_end(&mut content).unwrap();
            out.write_all(&content).unwrap();
        }
    }
    assert!(write.is_none(), "no part {part}");
    out.finish().unwrap().into_inner()
}

/// The workbook with one part's text edited.
fn edit_part(bytes: &[u8], part: &str, edit: impl FnOnce(String) -> String) -> Vec<u8> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    archive
        .by_name(part)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    let text = edit(text);
    replace_part(bytes, part, |out| out.write_all(text.as_bytes()).unwrap())
}

#[test]
fn a_formula_with_no_saved_result_is_an_error_where_rmatch_reads_it() {
    // rust_xlsxwriter, like XlsxWriter, saves a formula it cannot compute
    // with the result 0, and asks for the workbook to be recalculated on
    // opening: calamine read =1+1 as 0. The header is on row 3: S2's
    // capacity is F5, J1's F6.
    let t = TestDir::new();
    t.write(
        "r.xlsx",
        roster_workbook(2, |sheet| {
            sheet
                .write_formula(4, 5, Formula::new("=1").set_result("1"))
                .unwrap();
            sheet.write_formula(5, 5, Formula::new("=1+1")).unwrap();
            // A formula in a column rmatch does not read is no error.
            sheet.write_formula(5, 8, Formula::new("=2+2")).unwrap();
        }),
    );
    t.rmatch()
        .args(["check", "r.xlsx"])
        .code(3)
        .stderr("error: r.xlsx, sheet People, row 6, cell F6 (capacity): the cell holds the formula =1+1 with no saved result (the file was written by a program that does not compute formulas); open it in Excel or LibreOffice and save it again, or type the value in the cell\n")
        .run();
    // In a private column, the formula (which may hold the value) is not
    // shown.
    t.write(
        "private.xlsx",
        roster_workbook(2, |sheet| {
            sheet.write_string(2, 7, "gender").unwrap();
            sheet.write_formula(5, 7, Formula::new("=\"F\"")).unwrap();
        }),
    );
    t.rmatch()
        .args(["check", "private.xlsx", "--private", "gender"])
        .code(3)
        .stderr("error: private.xlsx, sheet People, row 6, cell H6 (gender): the cell holds a formula with no saved result (the file was written by a program that does not compute formulas); open it in Excel or LibreOffice and save it again, or type the value in the cell\n")
        .run();
}

#[test]
fn a_formula_s_empty_text_or_0_is_its_result_when_the_workbook_was_computed() {
    // Excel saves `=""` as a text cell with an empty value. A program that
    // computes nothing saves its formulas with "" or 0 and asks for the
    // workbook to be recalculated on opening (fullCalcOnLoad); without
    // that, the "" and the 0 are results. A formula with an empty value
    // that is not text (as openpyxl saves one) never is.
    let written = roster_workbook(0, |sheet| {
        sheet.write_formula(1, 6, Formula::new("=\"\"")).unwrap();
        sheet
            .write_formula(2, 5, Formula::new("=IF(1,1,2)"))
            .unwrap();
        sheet.write_formula(3, 5, Formula::new("=1")).unwrap();
    });
    let sheet = "xl/worksheets/sheet1.xml";
    // G2 as Excel saves `=""`, F3 as openpyxl saves a formula.
    let openpyxl = edit_part(&written, sheet, |xml| {
        let (empty, zero) = (r#"<c r="G2"><f>""</f><v>0</v>"#, "<f>IF(1,1,2)</f><v>0</v>");
        assert!(xml.contains(empty) && xml.contains(zero), "{xml}");
        xml.replace(empty, r#"<c r="G2" t="str"><f>""</f><v/>"#)
            .replace(zero, "<f>IF(1,1,2)</f><v></v>")
    });
    let computed = edit_part(&openpyxl, "xl/workbook.xml", |xml| {
        assert!(xml.contains(r#" fullCalcOnLoad="1""#), "{xml}");
        xml.replace(r#" fullCalcOnLoad="1""#, "")
    });
    let t = TestDir::new();
    t.write("computed.xlsx", computed);
    t.write("uncomputed.xlsx", openpyxl);
    let no_result = "with no saved result (the file was written by a program that does not compute formulas); open it in Excel or LibreOffice and save it again, or type the value in the cell";
    t.rmatch()
        .args(["check", "computed.xlsx"])
        .code(3)
        .stderr(format!("error: computed.xlsx, sheet People, row 3, cell F3 (capacity): the cell holds the formula =IF(1,1,2) {no_result}\n"))
        .run();
    let ran = t.rmatch().args(["check", "uncomputed.xlsx"]).code(3).run();
    assert_eq!(
        ran.error_lines(),
        [
            format!("error: uncomputed.xlsx, sheet People, row 2, cell G2 (utc_offset): the cell holds the formula =\"\" {no_result}"),
            format!("error: uncomputed.xlsx, sheet People, row 3, cell F3 (capacity): the cell holds the formula =IF(1,1,2) {no_result}"),
            format!("error: uncomputed.xlsx, sheet People, row 4, cell F4 (capacity): the cell holds the formula =1 {no_result}"),
        ],
        "{}",
        ran.stderr
    );
}

#[test]
fn an_ods_formula_with_no_saved_result_is_an_error() {
    use std::io::Write;
    let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="People">
<table:table-row><table:table-cell office:value-type="string"><text:p>id</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>role</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>capacity</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>notes</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>S1</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>senior</text:p></table:table-cell><table:table-cell table:formula="of:=1+1"/><table:table-cell table:formula="of:=[.A2]"/></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>J1</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>junior</text:p></table:table-cell><table:table-cell table:formula="of:=1" office:value-type="float" office:value="1"/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#)
        .unwrap();
    zip.start_file("content.xml", stored).unwrap();
    zip.write_all(content.as_bytes()).unwrap();
    let t = TestDir::new();
    t.write("r.ods", zip.finish().unwrap().into_inner());
    // The notes column is not read: its formula is no error.
    t.rmatch()
        .args(["check", "r.ods"])
        .code(3)
        .stderr("error: r.ods, sheet People, row 2, cell C2 (capacity): the cell holds the formula =1+1 with no saved result (the file was written by a program that does not compute formulas); open it in Excel or LibreOffice and save it again, or type the value in the cell\n")
        .run();
}

#[test]
fn a_cell_of_a_mebibyte_is_refused_before_calamine_builds_it() {
    // A 2 MB file whose one cell held 2 GiB of text had calamine build the
    // whole cell (8.4 GB of memory) before the 64 KiB cell limit applied:
    // the sheet's XML is now unpacked through a bounded scanner first.
    let roster = roster_workbook(0, |_| {});
    let sheet = "xl/worksheets/sheet1.xml";
    let bomb = replace_part(&roster, sheet, |out| {
        out.write_all(br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>role</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>"#).unwrap();
        let chunk = [b'x'; 4096];
        for _ in 0..256 {
            out.write_all(&chunk).unwrap();
        }
        out.write_all(b"</t></is></c></row></sheetData></worksheet>")
            .unwrap();
    });
    assert!(bomb.len() < 64 * 1024, "{} bytes", bomb.len());
    let t = TestDir::new();
    t.write("bomb.xlsx", bomb);
    t.rmatch()
        .args(["check", "bomb.xlsx"])
        .code(3)
        .stderr("error: bomb.xlsx, sheet People: the sheet holds more than 384 KiB of text in one cell (or in one piece of its XML), far more than the 64 KiB rmatch reads in one cell, so the workbook was not read; shorten that cell, or save the sheet as CSV UTF-8 and read that (rmatch then names the cell)\n")
        .run();
    // The same in the shared strings, which calamine reads on opening, in
    // pieces of rich text that are each short.
    let runs = "<r><t>xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx</t></r>".repeat(16 * 1024);
    let strings = edit_part(&roster, "xl/sharedStrings.xml", |xml| {
        assert!(xml.contains("<si><t>Sam</t></si>"), "{xml}");
        xml.replace("<si><t>Sam</t></si>", &format!("<si>{runs}</si>"))
    });
    t.write("strings.xlsx", strings);
    t.rmatch()
        .args(["check", "strings.xlsx"])
        .code(3)
        .stderr("error: strings.xlsx: the workbook holds more than 384 KiB of text in one cell (or in one piece of its XML), far more than the 64 KiB rmatch reads in one cell, so the workbook was not read; shorten that cell, or save the sheet as CSV UTF-8 and read that (rmatch then names the cell)\n")
        .run();
}
