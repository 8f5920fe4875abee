//! Rosters kept as spreadsheet workbooks (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`,
//! `.ods`), read with calamine.
//!
//! One sheet (the first visible worksheet, or `--sheet NAME`) becomes the
//! same rows of text a CSV export of it would hold, so every check of the
//! CSV reader applies unchanged: numbers as Excel shows them (`2`, not
//! `2.0`; 15 significant digits, so `0.1 + 0.2` is `0.3`), dates as
//! `2025-03-01` (`2025-03-01 09:30` with a time), booleans as `TRUE` and
//! `FALSE`. A cell holding an error (`#N/A`, `#REF!`), or a formula with
//! no saved result (which calamine reads as blank, or as the 0 some writers
//! save in its place), is an error naming the cell when rmatch reads its
//! column. Rows keep their spreadsheet numbers and cells their letters, so
//! messages point at `row 7, cell D7`.
//!
//! The parts of a zip workbook are sized before calamine parses them (see
//! `parts`), so a small file cannot make it build a huge cell.

mod parts;

use std::collections::HashMap;
use std::io::Cursor;

use calamine::{
    open_workbook_from_rs, Data, DataRef, Ods, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx,
};

use super::dialect::{thousands, MAX_COLUMNS, MAX_FIELD_BYTES, MAX_PEOPLE};
use crate::error::{Diagnostic, Error, Location};

/// The workbook file formats, by their first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Container {
    /// A ZIP archive: `.xlsx`, `.xlsm`, `.xlsb` or `.ods`.
    Zip,
    /// A compound file: `.xls` (or a password-protected `.xlsx`).
    Compound,
}

/// The extensions of workbooks rmatch reads.
pub const EXTENSIONS: [&str; 5] = ["xlsx", "xlsm", "xlsb", "xls", "ods"];

/// Whether the file name says it is a workbook.
pub fn named_as_workbook(path: &str) -> bool {
    let lower = path.to_lowercase();
    lower
        .rsplit_once('.')
        .is_some_and(|(_, e)| EXTENSIONS.contains(&e))
}

/// What the bytes are, if a workbook container.
pub fn container(bytes: &[u8]) -> Option<Container> {
    if bytes.starts_with(b"PK\x03\x04") {
        Some(Container::Zip)
    } else if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        Some(Container::Compound)
    } else {
        None
    }
}

/// One sheet as rows of text: each row with its 1-based spreadsheet number
/// and its cells from column A, and the cells holding no value rmatch can
/// read.
#[derive(Debug, Default)]
pub struct SheetRows {
    pub name: String,
    pub rows: Vec<(u64, Vec<String>)>,
    /// Row number, 0-based column and what the cell holds; the cell itself
    /// reads as blank.
    pub bad_cells: Vec<(u64, usize, BadCell)>,
}

impl SheetRows {
    /// The rows with what each bad cell holds written into it (`#N/A`,
    /// `=1+1`) instead of a blank, for the readers of a table of pairs,
    /// which check every cell they read and name what they found there:
    /// an id `#N/A` is "not in the roster", where a blank one would only
    /// be "empty".
    fn with_bad_cells_shown(mut self) -> SheetRows {
        for (row, column, cell) in std::mem::take(&mut self.bad_cells) {
            let text = match cell {
                BadCell::Error(error) => error,
                BadCell::Formula(formula) => formula,
            };
            let at = match self.rows.binary_search_by_key(&row, |(r, _)| *r) {
                Ok(at) => at,
                Err(at) => {
                    self.rows.insert(at, (row, Vec::new()));
                    at
                }
            };
            let cells = &mut self.rows[at].1;
            if cells.len() <= column {
                cells.resize(column + 1, String::new());
            }
            cells[column] = text;
        }
        self
    }
}

/// What a cell holds instead of a value: an error where rmatch reads its
/// column (see `records::read_records`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BadCell {
    /// A spreadsheet error, as shown (`#N/A`).
    Error(String),
    /// A formula with no saved result, as written (`=1+1`); empty when
    /// calamine could not say it.
    Formula(String),
}

/// A problem with the workbook as a whole or with one cell.
fn problem(file: &str, message: String) -> Error {
    Error::Data(vec![Diagnostic {
        location: Location {
            file: file.to_string(),
            line: None,
            column: None,
        },
        message,
    }])
}

const RESAVE: &str = "open it in Excel or LibreOffice and save it again as .xlsx (or as CSV UTF-8)";

/// Reads the chosen sheet of a workbook. `path` names the file (its
/// extension tells `.xlsb` and `.ods` from `.xlsx`); `source` names it in
/// messages.
pub fn read_sheet(
    source: &str,
    path: &str,
    bytes: &[u8],
    sheet: Option<&str>,
) -> Result<SheetRows, Error> {
    let Some(kind) = container(bytes) else {
        return Err(problem(
            source,
            format!("the file is named as a workbook but is not one (it does not start as an .xlsx, .ods or .xls file does); {RESAVE}, or name it .csv if it is CSV"),
        ));
    };
    let lower = path.to_lowercase();
    let cursor = Cursor::new(bytes);
    match kind {
        Container::Compound => {
            if is_encrypted_package(bytes) {
                return Err(problem(
                    source,
                    "the workbook is password protected, so rmatch cannot read it; remove the password (in Excel: File > Info > Protect Workbook > Encrypt with Password, clear it) and save again".into(),
                ));
            }
            let workbook = open_workbook_from_rs::<Xls<_>, _>(cursor)
                .map_err(|e| unreadable(source, "an Excel 97-2003 (.xls) workbook", &e))?;
            from_range(source, workbook, sheet, false)
        }
        Container::Zip if is_ods(bytes) || lower.ends_with(".ods") => {
            // calamine loads an .ods sheet as a full rectangle (twice: values
            // and formulas), so a small file of repeated rows could ask for
            // gigabytes: its size is checked first.
            parts::check_ods(source, bytes)?;
            let scan = ods_scan(bytes);
            if let Some(cells) = scan.map(|s| s.cells).filter(|&c| c > MAX_ODS_CELLS) {
                return Err(problem(
                    source,
                    format!(
                        "the spreadsheet spans about {} cells from A1 to its last value, more than rmatch reads from an .ods file ({}); delete the empty rows and columns around the roster, or save it as .xlsx or CSV UTF-8",
                        thousands(cells as usize),
                        thousands(MAX_ODS_CELLS as usize)
                    ),
                ));
            }
            let workbook = open_workbook_from_rs::<Ods<_>, _>(cursor)
                .map_err(|e| unreadable(source, "an OpenDocument (.ods) spreadsheet", &e))?;
            let formulas = scan.is_some_and(|s| s.formula_without_value);
            from_range(source, workbook, sheet, formulas)
        }
        Container::Zip if lower.ends_with(".xlsb") => {
            parts::check_xlsb(source, bytes)?;
            // A formula in an .xlsb (or .xls) file always carries its
            // result: the file format has no formula without one.
            let workbook = open_workbook_from_rs::<Xlsb<_>, _>(cursor)
                .map_err(|e| unreadable(source, "an Excel binary (.xlsb) workbook", &e))?;
            from_range(source, workbook, sheet, false)
        }
        Container::Zip => {
            let mut parts = parts::Xlsx::check(source, bytes)?;
            let mut workbook = open_workbook_from_rs::<Xlsx<_>, _>(cursor).map_err(|e| {
                problem(
                    source,
                    format!(
                        "the file is a ZIP archive but not an Excel (.xlsx) or OpenDocument (.ods) workbook rmatch can read ({}); {RESAVE}",
                        lower_first(&e.to_string())
                    ),
                )
            })?;
            let name = choose(source, &workbook, sheet)?;
            let found = match parts.as_mut() {
                Some(parts) => parts.check_sheet(source, &name)?,
                None => parts::Found::default(),
            };
            // In a workbook written by a program that computes no formulas
            // (it asks to be recalculated on opening), an empty text or a
            // 0 is what it saves for a formula it did not compute:
            // rust_xlsxwriter and XlsxWriter save 0, some writers "".
            let uncomputed = parts.as_ref().is_some_and(|p| p.recalculated_on_open);
            let formulas = if found.formula_without_value
                || (uncomputed && (found.formula_with_empty_text || found.formula_with_zero))
            {
                xlsx_formulas(source, &mut workbook, &name, &found)?
            } else {
                HashMap::new()
            };
            let mut rows = SheetRows {
                name: name.clone(),
                ..SheetRows::default()
            };
            let mut cells = workbook
                .worksheet_cells_reader(&name)
                .map_err(|e| unreadable(source, "an Excel workbook", &e))?;
            let mut builder = Builder::new(source, &name);
            loop {
                let cell = cells
                    .next_cell()
                    .map_err(|e| unreadable(source, "an Excel workbook", &e))?;
                let Some(cell) = cell else { break };
                let (row, column) = cell.get_position();
                // What a formula with no saved result reads as.
                let placeholder = match cell.get_value() {
                    DataRef::Empty => true,
                    DataRef::String(s) => s.is_empty() && uncomputed,
                    DataRef::Float(x) => *x == 0.0 && uncomputed,
                    DataRef::Int(i) => *i == 0 && uncomputed,
                    DataRef::DateTime(d) => d.as_f64() == 0.0 && uncomputed,
                    _ => false,
                };
                if placeholder && !formulas.is_empty() {
                    if let Some(formula) = formulas.get(&(row, column)) {
                        rows.bad_cells.push((
                            u64::from(row) + 1,
                            column as usize,
                            BadCell::Formula(formula.clone()),
                        ));
                        continue;
                    }
                }
                let value: Data = match cell.get_value() {
                    DataRef::SharedString(s) => Data::String(s.to_string()),
                    other => other.clone().into(),
                };
                builder.push(row, column, &value, &mut rows)?;
            }
            builder.finish(&mut rows);
            drop(cells);
            empty_first_sheet(source, &workbook, sheet, &rows)?;
            Ok(rows)
        }
    }
}

/// The formulas of an .xlsx sheet by cell (row, column), as written
/// (`=1+1`). Read cell by cell: calamine's `worksheet_formula` lays them
/// out as a full rectangle, which two cells far apart make huge.
fn xlsx_formulas(
    source: &str,
    workbook: &mut Xlsx<Cursor<&[u8]>>,
    name: &str,
    found: &parts::Found,
) -> Result<HashMap<(u32, u32), String>, Error> {
    // The formula reader maps every cell a shared formula's range covers:
    // a range claiming far more cells than the sheet holds is refused.
    if found.formula_area > found.cells.saturating_mul(2).saturating_add(100_000) {
        return Err(problem(
            &format!("{source}, sheet {name}"),
            format!(
                "the sheet's shared formulas claim {} cells, far more than the {} it holds, so it was not read; the file is damaged: {RESAVE}",
                thousands(usize::try_from(found.formula_area).unwrap_or(usize::MAX)),
                thousands(usize::try_from(found.cells).unwrap_or(usize::MAX))
            ),
        ));
    }
    let mut cells = workbook
        .worksheet_cells_reader(name)
        .map_err(|e| unreadable(source, "an Excel workbook", &e))?;
    let mut formulas = HashMap::new();
    while let Some(cell) = cells
        .next_formula()
        .map_err(|e| unreadable(source, "an Excel workbook", &e))?
    {
        if !cell.get_value().is_empty() {
            formulas.insert(cell.get_position(), formula_text(cell.get_value()));
        }
    }
    Ok(formulas)
}

/// A formula as a spreadsheet user types it: `=1+1`, not `1+1` (.xlsx) or
/// `of:=1+1` (.ods).
fn formula_text(formula: &str) -> String {
    let formula = formula.strip_prefix("of:").unwrap_or(formula);
    if formula.starts_with('=') {
        formula.to_string()
    } else {
        format!("={formula}")
    }
}

/// A workbook given where rmatch reads a table of pairs (`--history`,
/// `--locks`, `--pair-scores`) as CSV bytes: the first sheet, and when it
/// is the Pairs sheet of rmatch's own workbook, the Unmatched sheet's rows
/// after it. A sheet's row N is line N of the CSV (blank rows are blank
/// lines), and a cell holding an error or a formula with no saved result
/// holds its text (`#N/A`, `=1+1`). `None` when the file is not a workbook.
pub fn as_csv(source: &str, path: &str, bytes: &[u8]) -> Result<Option<Vec<u8>>, Error> {
    if !named_as_workbook(path) && container(bytes).is_none() {
        return Ok(None);
    }
    let first = read_sheet(source, path, bytes, None)?.with_bad_cells_shown();
    let mut sheets = vec![first];
    if sheets[0].name == "Pairs" {
        if let Ok(unmatched) = read_sheet(source, path, bytes, Some("Unmatched")) {
            sheets.push(unmatched.with_bad_cells_shown());
        }
    }
    let mut out = Vec::new();
    let mut line = 0u64;
    for (i, sheet) in sheets.iter().enumerate() {
        for (k, (row, cells)) in sheet.rows.iter().enumerate() {
            if i > 0 && k == 0 {
                continue; // the header, again
            }
            if i == 0 {
                while line + 1 < *row {
                    out.push(b'\n');
                    line += 1;
                }
            }
            let mut writer = csv::Writer::from_writer(&mut out);
            writer
                .write_record(cells)
                .and_then(|()| writer.flush().map_err(csv::Error::from))
                .map_err(|e| problem(source, format!("the workbook cannot be read ({e})")))?;
            line += 1;
        }
    }
    Ok(Some(out))
}

/// Reads the chosen sheet of a workbook whose reader loads a whole range;
/// with `formulas`, its formulas too, to find those with no saved result.
fn from_range<R: Reader<Cursor<B>>, B: AsRef<[u8]>>(
    source: &str,
    mut workbook: R,
    sheet: Option<&str>,
    formulas: bool,
) -> Result<SheetRows, Error>
where
    R::Error: std::fmt::Display,
{
    let name = choose(source, &workbook, sheet)?;
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| unreadable(source, "a workbook", &e))?;
    let mut rows = SheetRows {
        name: name.clone(),
        ..SheetRows::default()
    };
    if formulas {
        let formulas = workbook
            .worksheet_formula(&name)
            .map_err(|e| unreadable(source, "a workbook", &e))?;
        let (start_row, start_column) = formulas.start().unwrap_or((0, 0));
        for (row, column, formula) in formulas.used_cells() {
            let at = (start_row + row as u32, start_column + column as u32);
            if !formula.is_empty() && range.get_value(at).is_none_or(|v| *v == Data::Empty) {
                rows.bad_cells.push((
                    u64::from(at.0) + 1,
                    at.1 as usize,
                    BadCell::Formula(formula_text(formula)),
                ));
            }
        }
    }
    let mut builder = Builder::new(source, &name);
    for (row, column, value) in range.used_cells() {
        let (start_row, start_column) = range.start().unwrap_or((0, 0));
        builder.push(
            start_row + row as u32,
            start_column + column as u32,
            value,
            &mut rows,
        )?;
    }
    builder.finish(&mut rows);
    empty_first_sheet(source, &workbook, sheet, &rows)?;
    Ok(rows)
}

/// Collects cells (in row order) into rows of text, within the limits.
struct Builder<'s> {
    source: &'s str,
    sheet: &'s str,
    current: Option<(u32, Vec<String>)>,
    people: usize,
}

impl<'s> Builder<'s> {
    fn new(source: &'s str, sheet: &'s str) -> Self {
        Builder {
            source,
            sheet,
            current: None,
            people: 0,
        }
    }

    fn at(&self, row: u32, column: usize) -> String {
        format!(
            "{}, sheet {}, row {}, cell {}{}",
            self.source,
            self.sheet,
            row + 1,
            column_letters(column + 1),
            row + 1
        )
    }

    fn push(
        &mut self,
        row: u32,
        column: u32,
        value: &Data,
        rows: &mut SheetRows,
    ) -> Result<(), Error> {
        let column = column as usize;
        let text = match value {
            Data::Empty => return Ok(()),
            Data::Error(e) => {
                // Reported where it matters (see `bad_cells`), read as blank.
                rows.bad_cells
                    .push((u64::from(row) + 1, column, BadCell::Error(e.to_string())));
                return Ok(());
            }
            other => cell_text(other),
        };
        if text.is_empty() {
            return Ok(());
        }
        if column >= MAX_COLUMNS {
            return Err(problem(
                &self.at(row, column),
                format!(
                    "this cell is past the {}th column, the most rmatch reads; delete the columns after the data",
                    thousands(MAX_COLUMNS)
                ),
            ));
        }
        if text.len() > MAX_FIELD_BYTES {
            return Err(problem(
                &self.at(row, column),
                format!(
                    "this cell is longer than {} KiB, the most rmatch reads in one cell; shorten it",
                    MAX_FIELD_BYTES / 1024
                ),
            ));
        }
        if self.current.as_ref().is_none_or(|(r, _)| *r != row) {
            self.flush(rows);
            self.people += 1;
            // The header and every person: one more than the people.
            if self.people > MAX_PEOPLE + 1 {
                return Err(problem(
                    &format!("{}, sheet {}, row {}", self.source, self.sheet, row + 1),
                    format!(
                        "the roster has more than {} people, the most rmatch pairs in one run; split it into smaller rosters (by department or site, for example)",
                        thousands(MAX_PEOPLE)
                    ),
                ));
            }
            self.current = Some((row, Vec::new()));
        }
        let (_, cells) = self.current.as_mut().expect("a row is open");
        if cells.len() <= column {
            cells.resize(column + 1, String::new());
        }
        cells[column] = text;
        Ok(())
    }

    fn flush(&mut self, rows: &mut SheetRows) {
        if let Some((row, cells)) = self.current.take() {
            rows.rows.push((u64::from(row) + 1, cells));
        }
    }

    fn finish(mut self, rows: &mut SheetRows) {
        self.flush(rows);
        // Readers give cells row by row; sorted anyway, so a sheet written
        // out of order reads the same.
        rows.rows.sort_by_key(|(row, _)| *row);
        // Every row as wide as the widest, as a CSV export writes them:
        // a blank cell at the end of a row is an empty field.
        let width = rows.rows.iter().map(|(_, c)| c.len()).max().unwrap_or(0);
        for (_, cells) in &mut rows.rows {
            cells.resize(width, String::new());
        }
    }
}

/// The sheet to read: `wanted` (exactly, else ignoring case), or the first
/// visible worksheet.
fn choose<RS: std::io::Read + std::io::Seek, R: Reader<RS>>(
    source: &str,
    workbook: &R,
    wanted: Option<&str>,
) -> Result<String, Error> {
    let sheets = workbook.sheets_metadata();
    let names = || {
        sheets
            .iter()
            .map(|s| format!("\"{}\"", crate::text::escape(&s.name)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(wanted) = wanted {
        let found = sheets.iter().find(|s| s.name == wanted).or_else(|| {
            let mut folded = sheets
                .iter()
                .filter(|s| s.name.to_lowercase() == wanted.to_lowercase());
            match (folded.next(), folded.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            }
        });
        return match found {
            Some(s) => Ok(s.name.clone()),
            None => Err(Error::Usage(format!(
                "--sheet {}: {} has no sheet of that name; its sheets are {}",
                crate::text::escape(wanted),
                crate::text::escape(source),
                names()
            ))),
        };
    }
    sheets
        .iter()
        .find(|s| s.typ == SheetType::WorkSheet && s.visible == SheetVisible::Visible)
        .or_else(|| sheets.iter().find(|s| s.typ == SheetType::WorkSheet))
        .map(|s| s.name.clone())
        .ok_or_else(|| {
            problem(
                source,
                "the workbook has no worksheet to read the roster from; put the roster on a worksheet (the first one, or name it with --sheet)".into(),
            )
        })
}

/// The first visible worksheet, read because no `--sheet` was given, when
/// it holds nothing (a cover sheet left blank): an error naming the other
/// worksheets and the flag, instead of "the roster is empty".
fn empty_first_sheet<RS: std::io::Read + std::io::Seek, R: Reader<RS>>(
    source: &str,
    workbook: &R,
    wanted: Option<&str>,
    rows: &SheetRows,
) -> Result<(), Error> {
    if wanted.is_some()
        || rows
            .rows
            .iter()
            .any(|(_, r)| r.iter().any(|c| !c.is_empty()))
    {
        return Ok(());
    }
    let others: Vec<&str> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet && s.name != rows.name)
        .map(|s| s.name.as_str())
        .collect();
    let Some(first) = others.first() else {
        return Ok(());
    };
    Err(problem(
        source,
        format!(
            "the first sheet, \"{}\", is empty; rmatch reads the first visible sheet unless --sheet names another: the workbook's other sheets are {}; run again with --sheet \"{}\" (or the sheet that holds the roster)",
            crate::text::escape(&rows.name),
            others
                .iter()
                .map(|n| format!("\"{}\"", crate::text::escape(n)))
                .collect::<Vec<_>>()
                .join(", "),
            crate::text::escape(first)
        ),
    ))
}

fn unreadable(source: &str, what: &str, e: &dyn std::fmt::Display) -> Error {
    let text = e.to_string();
    if text.to_lowercase().contains("password") {
        return problem(
            source,
            "the workbook is password protected, so rmatch cannot read it; remove the password and save again".into(),
        );
    }
    problem(
        source,
        format!(
            "the file cannot be read as {what} ({}); it may be damaged or saved by a program rmatch does not know: {RESAVE}",
            lower_first(&text)
        ),
    )
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The most cells (rows x columns up to the last value, over every sheet)
/// an .ods file may span.
const MAX_ODS_CELLS: u64 = 10_000_000;

/// What an .ods file holds, as far as reading it safely goes.
#[derive(Clone, Copy)]
struct OdsScan {
    /// How many cells calamine would lay out for the largest sheet: its
    /// rows up to the last one with a value, times its columns up to the
    /// last value in any row (repeated rows and cells counted as repeated).
    cells: u64,
    /// Whether a cell holds a formula but no value type: a formula with no
    /// saved result, which calamine reads as blank.
    formula_without_value: bool,
}

/// Scans an .ods file's content (see [`OdsScan`]). `None` when the file
/// cannot be scanned (calamine then says why).
fn ods_scan(bytes: &[u8]) -> Option<OdsScan> {
    use quick_xml::events::{BytesStart, Event};
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let content = archive.by_name("content.xml").ok()?;
    let mut reader = quick_xml::Reader::from_reader(std::io::BufReader::new(content));
    let repeat = |e: &BytesStart<'_>, name: &[u8]| -> u64 {
        e.try_get_attribute(name)
            .ok()
            .flatten()
            .and_then(|a| std::str::from_utf8(&a.value).ok()?.parse().ok())
            .unwrap_or(1)
    };
    let valued = |e: &BytesStart<'_>| {
        e.attributes().flatten().any(|a| {
            matches!(
                a.key.as_ref(),
                b"office:value-type" | b"table:formula" | b"calcext:value-type"
            )
        })
    };
    let uncomputed = |e: &BytesStart<'_>| {
        let (mut formula, mut typed) = (false, false);
        for a in e.attributes().flatten() {
            match a.key.as_ref() {
                b"table:formula" => formula = true,
                b"office:value-type" => typed = true,
                _ => {}
            }
        }
        formula && !typed
    };
    let mut formula_without_value = false;
    let mut buf = Vec::new();
    let (mut largest, mut rows, mut last_row, mut width) = (0u64, 0u64, 0u64, 0u64);
    let (mut row_repeat, mut column, mut row_width) = (1u64, 0u64, 0u64);
    loop {
        let event = reader.read_event_into(&mut buf).ok()?;
        match &event {
            Event::Empty(e) if e.name().as_ref() == b"table:table-row" => {
                rows = rows.saturating_add(repeat(e, b"table:number-rows-repeated"));
            }
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                b"table:table" => (rows, last_row, width) = (0, 0, 0),
                b"table:table-row" => {
                    row_repeat = repeat(e, b"table:number-rows-repeated");
                    (column, row_width) = (0, 0);
                }
                b"table:table-cell" | b"table:covered-table-cell" => {
                    column = column.saturating_add(repeat(e, b"table:number-columns-repeated"));
                    if valued(e) {
                        row_width = column;
                        formula_without_value |= uncomputed(e);
                    }
                }
                _ => {}
            },
            Event::End(e) => match e.name().as_ref() {
                b"table:table-row" => {
                    rows = rows.saturating_add(row_repeat);
                    if row_width > 0 {
                        last_row = rows;
                        width = width.max(row_width);
                    }
                }
                b"table:table" => largest = largest.max(last_row.saturating_mul(width)),
                _ => {}
            },
            Event::Eof => {
                return Some(OdsScan {
                    cells: largest,
                    formula_without_value,
                })
            }
            _ => {}
        }
        buf.clear();
    }
}

/// An OpenDocument file names its type in a first, stored `mimetype` entry.
fn is_ods(bytes: &[u8]) -> bool {
    bytes.get(30..38).is_some_and(|name| name == b"mimetype")
        && bytes
            .get(38..38 + 64)
            .is_some_and(|rest| contains(rest, b"opendocument.spreadsheet"))
}

/// A password-protected `.xlsx` is a compound file with an
/// `EncryptedPackage` stream (its name in UTF-16).
fn is_encrypted_package(bytes: &[u8]) -> bool {
    let name: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    contains(bytes, &name)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A column's letters: 1 is `A`, 27 is `AA`.
pub fn column_letters(mut n: usize) -> String {
    let mut letters = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        letters.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

/// A cell's value as the text a CSV export would hold.
pub fn cell_text(value: &Data) -> String {
    match value {
        Data::Empty => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(x) => number_text(*x),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::Error(e) => e.to_string(),
        Data::DateTime(d) => {
            let x = d.as_f64();
            if d.is_duration() {
                return number_text(x * 24.0);
            }
            let (year, month, day, hour, minute, second, _) = d.to_ymd_hms_milli();
            let date = format!("{year:04}-{month:02}-{day:02}");
            let time = if second == 0 {
                format!("{hour:02}:{minute:02}")
            } else {
                format!("{hour:02}:{minute:02}:{second:02}")
            };
            if x.fract() == 0.0 {
                date
            } else if x < 1.0 {
                time
            } else {
                format!("{date} {time}")
            }
        }
    }
}

/// A number as a spreadsheet shows it: whole numbers without a fraction,
/// others to 15 significant digits (the precision spreadsheets keep), so
/// binary noise (`0.30000000000000004`) does not show.
pub fn number_text(x: f64) -> String {
    if !x.is_finite() {
        return x.to_string();
    }
    if x.fract() == 0.0 && x.abs() < 1e15 {
        return format!("{}", x as i64);
    }
    let rounded: f64 = format!("{x:.14e}").parse().unwrap_or(x);
    format!("{rounded}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_a_spreadsheet_shows_them() {
        assert_eq!(number_text(2.0), "2");
        assert_eq!(number_text(-5.0), "-5");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(5.5), "5.5");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(1234567890123.0), "1234567890123");
        assert_eq!(number_text(1e-7), "0.0000001");
    }

    #[test]
    fn columns_are_lettered() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
        assert_eq!(column_letters(1000), "ALL");
    }

    #[test]
    fn containers_are_told_by_their_first_bytes() {
        assert_eq!(container(b"PK\x03\x04rest"), Some(Container::Zip));
        assert_eq!(
            container(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"),
            Some(Container::Compound)
        );
        assert_eq!(container(b"id,role\n"), None);
        assert!(named_as_workbook("Roster.XLSX"));
        assert!(!named_as_workbook("roster.csv"));
    }
}
