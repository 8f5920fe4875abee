//! A pairs file read back (a `--history` or `--locks` file, the last
//! pairs of `--continue`, the pairs file `rmatch intros` reads): CSV or a
//! workbook, read with the roster's own checks of size, shape and header.

use crate::error::{Diagnostic, Error, Location};

/// A table of pairs read whole by name (a `--history` or `--locks` file,
/// the pairs file `rmatch intros` reads): a workbook as its CSV (see
/// [`as_csv`](super::workbook::as_csv)), a byte order mark dropped, the delimiter its header line
/// shows (commas, tabs from `-o pairs.tsv`, a spreadsheet's semicolons) or
/// Excel's `sep=` line names, checked as a roster is (sizes, quotes,
/// header names given twice).
pub struct PairsTable {
    /// The input's name in messages.
    pub source: String,
    bytes: Vec<u8>,
    delimiter: u8,
    /// The header's line.
    header_line: u64,
}

impl PairsTable {
    /// Reads the table at `path`; `what` names it in messages (`"the
    /// --history file"`). A file larger than a roster may be is refused
    /// before it is read (a pairs file holds a row per person at most).
    pub fn read(path: &str, what: &str) -> Result<PairsTable, Error> {
        let (source, bytes) = crate::files::read_input_limited(
            path,
            super::dialect::MAX_ROSTER_BYTES,
            what,
            "a pairs file holds one row per pair and unmatched person: check that this is the right file",
        )?;
        let bytes = match super::workbook::as_csv(&source, path, &bytes)? {
            Some(converted) => converted,
            None => bytes,
        };
        let bytes = super::encoding::wide_text_as_utf8(&source, bytes)?;
        let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
            Some(rest) => rest.to_vec(),
            None => bytes,
        };
        let dialect = super::dialect::detect(&bytes, None);
        // Sizes and quotes as for a roster: a quote left open would read
        // the rest of the file as one field.
        let header_line = super::read::check_table_shape(&source, &bytes, dialect)?.unwrap_or(1);
        // Excel's `sep=` line is no header: its text goes, its line break
        // stays, so lines keep their numbers.
        let bytes = match bytes.iter().position(|&b| b == b'\n' || b == b'\r') {
            Some(end) if dialect.sep_line => bytes[end..].to_vec(),
            None if dialect.sep_line => Vec::new(),
            _ => bytes,
        };
        Ok(PairsTable {
            source,
            bytes,
            delimiter: dialect.delimiter,
            header_line,
        })
    }

    /// The header's column names as they are matched (trimmed, lower
    /// case), from `reader` (see [`PairsTable::reader`]); a name given
    /// twice is an error naming both columns, as in a roster.
    pub fn columns(&self, reader: &mut csv::Reader<&[u8]>) -> Result<Vec<String>, Error> {
        let header = reader.headers().map_err(|e| {
            Error::Data(vec![Diagnostic {
                location: Location {
                    file: self.source.clone(),
                    line: Some(self.header_line),
                    column: None,
                },
                message: format!("cannot read the header ({e})"),
            }])
        })?;
        let names: Vec<String> = header
            .iter()
            .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
            .collect();
        let twice = super::duplicate_columns(&self.source, self.header_line, &names);
        if !twice.is_empty() {
            return Err(Error::Data(twice));
        }
        Ok(names)
    }

    /// The line each record of [`PairsTable::reader`] starts on.
    pub fn lines(&self) -> crate::text::CsvLines<'_> {
        crate::text::CsvLines::new(&self.bytes)
    }

    /// A CSV reader over the table (rows may have fewer fields).
    pub fn reader(&self) -> csv::Reader<&[u8]> {
        csv::ReaderBuilder::new()
            .flexible(true)
            .delimiter(self.delimiter)
            .from_reader(&self.bytes[..])
    }
}
