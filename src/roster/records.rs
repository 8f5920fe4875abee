//! Records to a roster, whatever file they came from (a CSV file's
//! records, or a workbook sheet's rows): the header found and read, each
//! row read, then everyone resolved. [`super::read`] and [`super::sheet`]
//! both hand their records here.

use super::dialect::{self, MAX_PEOPLE};
use super::header::read_header;
use super::people::{ReadOptions, Roster};
use super::problems::{loc, Problems};
use super::resolve::resolve;
use super::row::{read_row, Texts};
use crate::error::{Diagnostic, Result};

/// One record of a roster with its line (its row, in a workbook), or a
/// record that could not be read.
pub(super) type Numbered = std::result::Result<(u64, csv::ByteRecord), Diagnostic>;

/// Reads the header and the people from records, whatever file they came
/// from. `bad_cells` are cells holding a spreadsheet error (line, 0-based
/// column, the error): an error wherever the header is, or rmatch reads
/// the column.
pub(super) fn read_records(
    source: &str,
    records: &mut dyn Iterator<Item = Numbered>,
    delimiter: u8,
    bad_cells: &[(u64, usize, String)],
    options: &ReadOptions,
    mut problems: Problems,
) -> Result<Roster> {
    let (header_line, header) = loop {
        match records.next() {
            None => {
                problems.error(
                    loc(source, None, None),
                    "the roster is empty; it needs a header row with at least the columns id and role".into(),
                );
                return Err(problems.into_error(source));
            }
            Some(Err(d)) => {
                problems.error(d.location, d.message);
                return Err(problems.into_error(source));
            }
            Some(Ok((_, record))) if record.iter().all(|f| f.is_empty()) => continue,
            Some(Ok((line, record))) => break (line.max(1), record),
        }
    };
    let mut header = read_header(source, header_line, &header, options, &mut problems)?;
    header.delimiter = delimiter;
    for (line, column, error) in bad_cells {
        if *line == header_line || (*line > header_line && header.reads(*column)) {
            let name = header.names.get(*column).map_or("", String::as_str);
            problems.error(
                loc(source, Some(*line), Some((column + 1, name))),
                format!("the cell holds the spreadsheet error {error}, not a value; correct the formula (or type the value) and save again"),
            );
        }
    }

    let mut raw = Vec::new();
    let mut texts = Texts::default();
    let mut rows = 0usize;
    for record in records {
        let (line, record) = match record {
            Ok(record) => record,
            Err(d) => {
                problems.error(d.location, d.message);
                continue;
            }
        };
        if record.iter().all(|f| f.trim_ascii().is_empty()) {
            continue;
        }
        rows += 1;
        if rows > MAX_PEOPLE {
            // Always shown, even past the error cap: it is why reading stopped.
            problems.errors.push(Diagnostic {
                location: loc(source, Some(line), None),
                message: format!(
                    "the roster has more than {} people, the most rmatch pairs in one run; split it into smaller rosters (by department or site, for example)",
                    dialect::thousands(MAX_PEOPLE)
                ),
            });
            return Err(problems.into_error(source));
        }
        if let Some(person) = read_row(source, line, &record, &header, &mut texts, &mut problems) {
            raw.push(person);
        }
    }
    resolve(source, raw, &texts, &header, problems)
}
