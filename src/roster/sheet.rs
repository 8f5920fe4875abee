//! A workbook's sheet read as a roster: its rows go through the same
//! reader as a CSV file's records (see [`super::records::read_records`]), and
//! every place in a message is then said as the spreadsheet says it:
//! `roster.xlsx, sheet People, row 7, cell D7 (capacity)`.

use super::people::{ReadOptions, Roster};
use super::problems::Problems;
use super::records::{read_records, Numbered};
use super::workbook::{self, column_letters};
use crate::error::{Diagnostic, Error, Result};

/// Reads the roster from the sheet `sheet` (else the first) of a workbook.
pub(super) fn read(
    source: &str,
    path: &str,
    bytes: &[u8],
    sheet: Option<&str>,
    options: &ReadOptions,
) -> Result<Roster> {
    let rows = workbook::read_sheet(source, path, bytes, sheet)?;
    let place = format!("{source}, sheet {}", rows.name);
    // Rows before the header whose first cell starts with `#` are notes,
    // as in the template `rmatch init` writes.
    let mut before_header = true;
    let records = rows.rows.into_iter().filter_map(move |(row, cells)| {
        if before_header {
            match cells.iter().find(|c| !c.trim().is_empty()) {
                None => return None,
                Some(first) if first.trim_start().starts_with('#') => return None,
                Some(_) => before_header = false,
            }
        }
        let record: csv::ByteRecord = cells.iter().map(String::as_bytes).collect();
        Some(Numbered::Ok((row, record)))
    });
    let result = read_records(
        source,
        vec![Box::new(records)],
        b',',
        &rows.bad_cells,
        options,
        Problems::new(),
    );
    match result {
        Ok(mut roster) => {
            for warning in &mut roster.warnings {
                in_sheet(warning, source, &place);
            }
            Ok(roster)
        }
        Err(Error::Data(mut errors)) => {
            for error in &mut errors {
                in_sheet(error, source, &place);
            }
            Err(Error::Data(errors))
        }
        Err(other) => Err(other),
    }
}

/// Says a roster place as a spreadsheet does: the sheet, the row, the cell.
fn in_sheet(diagnostic: &mut Diagnostic, source: &str, place: &str) {
    let location = &mut diagnostic.location;
    if location.file != source {
        return;
    }
    let mut file = place.to_string();
    match (location.line.take(), location.column.take()) {
        (Some(row), Some((column, name))) => {
            file.push_str(&format!(
                ", row {row}, cell {}{row}",
                column_letters(column)
            ));
            if !name.is_empty() {
                file.push_str(&format!(" ({name})"));
            }
        }
        (Some(row), None) => file.push_str(&format!(", row {row}")),
        (None, Some((column, name))) => {
            file.push_str(&format!(", column {}", column_letters(column)));
            if !name.is_empty() {
                file.push_str(&format!(" ({name})"));
            }
        }
        (None, None) => {}
    }
    location.file = file;
    // Messages that point at another line of the file point at its row.
    diagnostic.message = diagnostic
        .message
        .replace(" on line ", " on row ")
        .replace(" of line ", " of row ");
}
