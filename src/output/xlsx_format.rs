//! Excel workbooks (`-o pairs.xlsx`), written with rust_xlsxwriter.
//!
//! Each sheet is a table: a bold header row, frozen, with an autofilter,
//! and columns as wide as their content (within limits). Numbers are
//! number cells, text is always a text cell (never a formula: a roster name
//! such as `=HYPERLINK(...)` is stored as text, and gets Excel's quote
//! prefix so that editing the cell keeps it text), ids such as `007` stay
//! text. The document's dates are fixed, so the same pairing gives the same
//! bytes.

use std::io::{self, Write};

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};
use serde_json::Value;

use super::csv_format::pair_header;
use super::exporter::Exporter;
use crate::outcome::{Outcome, Row};
use crate::units::round4;

/// The most rows a sheet holds, the header included (Excel's limit).
pub const MAX_SHEET_ROWS: usize = 1_048_576;

/// One cell of a table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
}

impl Cell {
    /// A text cell, empty when the text is.
    pub fn text(text: &str) -> Cell {
        if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(text.to_string())
        }
    }

    /// A cell of text written by rmatch as a number when it is one
    /// (`12`, `0.5`), else as text.
    pub fn guess(text: &str) -> Cell {
        if text.is_empty() {
            return Cell::Empty;
        }
        match text.parse::<f64>() {
            Ok(x) if x.is_finite() && !text.starts_with(['+', '.']) && !text.ends_with('.') => {
                Cell::Number(x)
            }
            _ => Cell::Text(text.to_string()),
        }
    }

    fn width(&self) -> usize {
        match self {
            Cell::Empty => 0,
            Cell::Text(t) => t.lines().map(|l| l.chars().count()).max().unwrap_or(0),
            Cell::Number(x) => format!("{x}").len(),
            Cell::Bool(_) => 5,
        }
    }
}

/// A sheet to write: its name, header and rows.
pub struct Table<'a> {
    pub name: &'a str,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// The widest a column is made, in characters.
const MAX_WIDTH: usize = 60;
/// The narrowest.
const MIN_WIDTH: usize = 6;

fn xlsx_error(e: XlsxError) -> io::Error {
    io::Error::other(format!("the workbook could not be laid out: {e}"))
}

/// The workbook of `tables`, one sheet each, as bytes.
pub fn workbook_bytes(tables: &[Table<'_>]) -> io::Result<Vec<u8>> {
    let mut workbook = Workbook::new();
    // Fixed dates: the same tables give the same bytes.
    let epoch = ExcelDateTime::from_ymd(2000, 1, 1).map_err(xlsx_error)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_creation_datetime(&epoch)
            .set_author("rmatch"),
    );
    for table in tables {
        if table.rows.len() >= MAX_SHEET_ROWS {
            return Err(io::Error::other(format!(
                "the {} sheet would have {} rows, more than a spreadsheet holds ({}); write CSV instead (-o NAME.csv)",
                table.name,
                table.rows.len() + 1,
                MAX_SHEET_ROWS
            )));
        }
        let sheet = workbook.add_worksheet();
        write_table(sheet, table).map_err(xlsx_error)?;
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}

fn write_table(sheet: &mut Worksheet, table: &Table<'_>) -> Result<(), XlsxError> {
    sheet.set_name(table.name)?;
    let bold = Format::new().set_bold();
    let as_text = Format::new().set_quote_prefix();
    let columns = table.header.len();
    let mut widths: Vec<usize> = table.header.iter().map(|h| h.chars().count()).collect();
    for (c, name) in table.header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, name, &bold)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, cell) in row.iter().enumerate().take(columns) {
            let col = c as u16;
            match cell {
                Cell::Empty => {}
                Cell::Text(text) => {
                    let text = crate::spreadsheet::text_cell(text, true);
                    // Text a spreadsheet would turn into a formula or a
                    // number once the cell is edited (`=1`, `-2`, `007`)
                    // keeps Excel's quote prefix, so it stays text.
                    let retyped = text.starts_with(['=', '+', '-', '@'])
                        || text.trim().parse::<f64>().is_ok();
                    if retyped || crate::spreadsheet::cell(&text) != text {
                        sheet.write_string_with_format(r, col, text.as_ref(), &as_text)?;
                    } else {
                        sheet.write_string(r, col, text.as_ref())?;
                    }
                }
                Cell::Number(x) => {
                    sheet.write_number(r, col, *x)?;
                }
                Cell::Bool(b) => {
                    sheet.write_boolean(r, col, *b)?;
                }
            }
            widths[c] = widths[c].max(cell.width());
        }
    }
    for (c, width) in widths.iter().enumerate() {
        let width = (*width + 2).clamp(MIN_WIDTH, MAX_WIDTH);
        sheet.set_column_width(c as u16, width as f64)?;
    }
    if columns > 0 {
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofilter(0, 0, table.rows.len() as u32, columns as u16 - 1)?;
    }
    Ok(())
}

/// The workbook of `rmatch pair`: sheets Pairs, Unmatched (the columns of
/// the CSV) and Summary (each fact of the JSON summary on a row).
#[derive(Clone, Copy, Debug, Default)]
pub struct XlsxExporter;

fn number(x: Option<f64>) -> Cell {
    x.map_or(Cell::Empty, |x| Cell::Number(round4(x)))
}

fn row_cells(row: &Row, kept: usize) -> Vec<Cell> {
    let side = |w: &Option<crate::outcome::Who>| {
        w.as_ref().map_or((Cell::Empty, Cell::Empty), |w| {
            (Cell::text(&w.id), Cell::text(&w.name))
        })
    };
    let (sid, sname) = side(&row.senior);
    let (jid, jname) = side(&row.junior);
    let c = row.components;
    let mut cells = vec![
        Cell::text(row.status.as_str()),
        sid,
        sname,
        jid,
        jname,
        number(c.map(|c| c.score)),
        number(c.map(|c| c.teach)),
        number(c.map(|c| c.learn)),
        number(c.map(|c| c.interests)),
        number(c.map(|c| c.diversity)),
        Cell::text(&row.why),
    ];
    for side in [&row.senior, &row.junior] {
        match side {
            Some(w) => cells.extend(w.kept.iter().map(|t| Cell::text(t))),
            None => cells.extend(std::iter::repeat_n(Cell::Empty, kept)),
        }
    }
    cells
}

/// The summary as rows of (fact, value): nested facts as `weights.teach`,
/// lists of plain values joined with `, `. The time the solver took is left
/// out, so the workbook's bytes depend on the pairing only.
fn summary_rows(summary: &Value) -> Vec<Vec<Cell>> {
    fn walk(prefix: &str, value: &Value, out: &mut Vec<Vec<Cell>>) {
        let cell = match value {
            Value::Object(map) => {
                for (key, value) in map {
                    if key == "solve_seconds" {
                        continue;
                    }
                    let name = if prefix.is_empty() {
                        key.clone()
                    } else {
                        format!("{prefix}.{key}")
                    };
                    walk(&name, value, out);
                }
                return;
            }
            Value::Null => Cell::Empty,
            Value::Bool(b) => Cell::Bool(*b),
            Value::Number(n) => n.as_f64().map_or(Cell::Empty, Cell::Number),
            Value::String(s) => Cell::text(s),
            Value::Array(items) => {
                if items.iter().all(|i| !i.is_object() && !i.is_array()) {
                    Cell::text(
                        &items
                            .iter()
                            .map(|i| match i {
                                Value::String(s) => s.clone(),
                                other => other.to_string(),
                            })
                            .collect::<Vec<_>>()
                            .join(", "),
                    )
                } else {
                    for (i, item) in items.iter().enumerate() {
                        walk(&format!("{prefix}[{}]", i + 1), item, out);
                    }
                    return;
                }
            }
        };
        out.push(vec![Cell::text(prefix), cell]);
    }
    // The facts a reader wants first, then the rest by name.
    const FIRST: [&str; 8] = [
        "status",
        "pairs",
        "seniors",
        "juniors",
        "mean_score",
        "total_score",
        "goal_coverage",
        "proof",
    ];
    let mut out = Vec::new();
    if let Value::Object(map) = summary {
        for key in FIRST {
            if let Some(value) = map.get(key) {
                walk(key, value, &mut out);
            }
        }
        let rest: serde_json::Map<String, Value> = map
            .iter()
            .filter(|(k, _)| !FIRST.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        walk("", &Value::Object(rest), &mut out);
    }
    out
}

/// The three tables of a pairing.
pub fn pair_tables(outcome: &Outcome) -> io::Result<Vec<Table<'static>>> {
    let header = pair_header(&outcome.kept);
    let kept = outcome.kept.len();
    let summary = serde_json::to_value(&outcome.summary).map_err(io::Error::other)?;
    Ok(vec![
        Table {
            name: "Pairs",
            header: header.clone(),
            rows: outcome.pairs.iter().map(|r| row_cells(r, kept)).collect(),
        },
        Table {
            name: "Unmatched",
            header,
            rows: outcome
                .unmatched
                .iter()
                .map(|r| row_cells(r, kept))
                .collect(),
        },
        Table {
            name: "Summary",
            header: vec!["fact".into(), "value".into()],
            rows: summary_rows(&summary),
        },
    ])
}

impl Exporter for XlsxExporter {
    fn write(&self, outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
        let bytes = workbook_bytes(&pair_tables(outcome)?)?;
        out.write_all(&bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_told_from_text() {
        assert_eq!(Cell::guess("12"), Cell::Number(12.0));
        assert_eq!(Cell::guess("-0.5"), Cell::Number(-0.5));
        assert_eq!(Cell::guess("optimal"), Cell::Text("optimal".into()));
        assert_eq!(Cell::guess("inf"), Cell::Text("inf".into()));
        assert_eq!(Cell::guess("NaN"), Cell::Text("NaN".into()));
        assert_eq!(Cell::guess(""), Cell::Empty);
    }

    #[test]
    fn the_same_tables_give_the_same_bytes() {
        let table = || Table {
            name: "T",
            header: vec!["id".into(), "n".into()],
            rows: vec![vec![Cell::text("=1+1"), Cell::Number(2.0)]],
        };
        let a = workbook_bytes(&[table()]).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let b = workbook_bytes(&[table()]).unwrap();
        assert_eq!(a, b);
        let too_many = Table {
            name: "Big",
            header: vec!["x".into()],
            rows: vec![vec![Cell::Empty]; MAX_SHEET_ROWS],
        };
        let e = workbook_bytes(&[too_many]).unwrap_err().to_string();
        assert!(e.contains("write CSV instead"), "{e}");
    }
}
