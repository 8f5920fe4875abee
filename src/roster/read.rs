//! Bytes to CSV records: decoding (see [`super::encoding`]), the notes
//! before the header blanked, the dialect and the file's shape checked (see
//! [`super::dialect`]), then the records, each with its true line number,
//! handed to [`super::records`] (a workbook's rows go there through
//! [`super::sheet`]).

use std::borrow::Cow;

use super::columns::header_name;
use super::dialect::{self, MAX_ROSTER_BYTES};
use super::encoding::{self, Note, Undecodable};
use super::people::{ReadOptions, Roster};
use super::problems::{loc, Problems};
use super::records::{read_records, Part};
use super::workbook;
use crate::error::{Diagnostic, Error, Location, Result, MAX_REPORTED_ERRORS};

/// Reads a roster from a path, `-` meaning standard input. A `.tsv` file is
/// tab-separated unless a delimiter is given.
pub fn read(path: &str, options: &ReadOptions) -> Result<Roster> {
    read_sheet(path, None, options)
}

/// [`read`], from the sheet `sheet` when the roster is a workbook (see
/// [`super::workbook`]): a file named `.xlsx`, `.xlsm`, `.xlsb`, `.xls` or
/// `.ods`, or any file (standard input too) that starts as one.
pub fn read_sheet(path: &str, sheet: Option<&str>, options: &ReadOptions) -> Result<Roster> {
    let (source, bytes) = read_bytes(path)?;
    parse_input(&source, path, &bytes, sheet, options)
}

/// The bytes of the roster at `path` (`-`: standard input), for
/// [`parse_input`]: one larger than [`MAX_ROSTER_BYTES`] is refused before
/// it is read, or as soon as a pipe or device has given that much.
pub fn read_bytes(path: &str) -> Result<(String, Vec<u8>)> {
    crate::files::read_input_limited(path, MAX_ROSTER_BYTES, "the roster", TOO_LARGE_ADVICE)
}

/// What to do with a roster over the size limit.
const TOO_LARGE_ADVICE: &str =
    "split it into smaller rosters or remove columns rmatch does not use";

/// Parses the bytes of the roster read from `path` (named `source` in
/// messages): a workbook's sheet `sheet` (by the name or the first bytes),
/// else CSV (tab-separated for a `.tsv` name unless a delimiter is given).
pub fn parse_input(
    source: &str,
    path: &str,
    bytes: &[u8],
    sheet: Option<&str>,
    options: &ReadOptions,
) -> Result<Roster> {
    if workbook::named_as_workbook(path) || workbook::container(bytes).is_some() {
        let mut roster = super::sheet::read(source, path, bytes, sheet, options)?;
        if !workbook::named_as_workbook(path) && path != "-" {
            roster.warnings.insert(
                0,
                Diagnostic {
                    location: loc(source, None, None),
                    message: "the file is a spreadsheet workbook, not CSV; it was read as one (name it .xlsx or .ods to say so)".into(),
                },
            );
        }
        return Ok(roster);
    }
    if let Some(sheet) = sheet {
        return Err(Error::Usage(format!(
            "--sheet {}: {} is not a workbook (.xlsx, .xls or .ods), so it has no sheets; leave out --sheet",
            crate::text::escape(sheet),
            crate::text::escape(source)
        )));
    }
    let mut options = options.clone();
    if options.delimiter.is_none() && path.to_lowercase().ends_with(".tsv") {
        options.delimiter = Some(b'\t');
    }
    parse(source, bytes, &options)
}

/// The most bytes of a CSV roster's rows one worker reads as a part while
/// others read the next parts (see `records::read_records`, and
/// [`part_bytes`] for the size a file gets): small enough that a large file
/// gives every thread several parts, large enough that starting one costs
/// nothing.
const PART_BYTES: usize = 4 << 20;

/// The smallest part worth a worker of its own.
const LEAST_PART_BYTES: usize = 64 << 10;

/// Parses roster bytes. `source` names the input in messages.
pub fn parse(source: &str, bytes: &[u8], options: &ReadOptions) -> Result<Roster> {
    parse_in_parts(source, bytes, options, part_bytes(bytes.len()))
}

/// The part size for a file of `len` bytes: about eight parts per thread,
/// from [`LEAST_PART_BYTES`] to [`PART_BYTES`].
fn part_bytes(len: usize) -> usize {
    (len / (8 * rayon::current_num_threads().max(1))).clamp(LEAST_PART_BYTES, PART_BYTES)
}

/// [`parse`], its records after the header read in parts of about
/// `part_bytes` bytes, side by side; the roster is the same whatever the
/// size.
pub(super) fn parse_in_parts(
    source: &str,
    bytes: &[u8],
    options: &ReadOptions,
    part_bytes: usize,
) -> Result<Roster> {
    let mut problems = Problems::new();
    if bytes.len() as u64 > MAX_ROSTER_BYTES {
        return Err(Error::Data(vec![too_large(source)]));
    }
    let decoded = match encoding::decode(bytes, options.encoding) {
        Ok(decoded) => decoded,
        Err(Undecodable::BadUtf16(bad)) => {
            problems.error(
                loc(source, Some(bad.line), None),
                if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
                    format!(
                        "the file starts with a UTF-16 byte order mark but byte {} is not valid UTF-16; save the file again as CSV UTF-8",
                        bad.offset + 1
                    )
                } else {
                    format!(
                        "the file looks like UTF-16 without a byte order mark but byte {} is not valid UTF-16; save the file again as CSV UTF-8",
                        bad.offset + 1
                    )
                },
            );
            return Err(problems.into_error(source));
        }
        Err(Undecodable::Utf32(form)) => {
            problems.error(
                loc(source, None, None),
                format!(
                    "the file is {form} (four bytes a character), which rmatch does not read; save it as CSV UTF-8 (or UTF-16)"
                ),
            );
            return Err(problems.into_error(source));
        }
    };
    for note in &decoded.notes {
        problems.warnings.push(Diagnostic {
            location: loc(source, None, None),
            message: match note {
                Note::BomOverrides(asked) => format!(
                    "the file starts with a UTF-8 byte order mark, so it is read as UTF-8, not {asked}"
                ),
                Note::Utf16 => "the file is UTF-16 (Excel's \"Unicode text\"); it was read as such".into(),
                Note::Utf16WithoutMark(form) => format!(
                    "the file is {form} without a byte order mark; it was read as {form} (save it as CSV UTF-8 to be sure it is read right)"
                ),
                Note::LooksLikeUtf8(asked) => format!(
                    "the file is valid UTF-8 but is read as {asked}, as asked; if accented letters come out garbled (\u{e9} as \u{c3}\u{a9}), leave out --encoding"
                ),
            },
        });
    }
    let blanked = blank_leading_comments(&decoded.bytes);
    let bytes: &[u8] = &blanked;
    let dialect = dialect::detect(bytes, options.delimiter);

    // Sizes and quotes first, so nothing oversized is ever loaded.
    let mut shape = Vec::new();
    let mut shape_count = 0usize;
    let found = dialect::check_shape_in_parts(
        bytes,
        dialect.delimiter,
        dialect.sep_line,
        part_bytes,
        &mut |p| {
            shape_count += 1;
            if shape.len() < MAX_REPORTED_ERRORS {
                shape.push(p);
            }
        },
    );
    if shape_count > 0 {
        report_shape(source, bytes, dialect, found.header, &shape, &mut problems);
        problems.hidden += shape_count - shape.len();
        return Err(problems.into_error(source));
    }

    // The records after the header are read in parts side by side where
    // the file is large (see `records::read_records`), unless it may hold
    // more people than rmatch reads: that error names the first row too
    // many, found reading in order.
    let mut starts = vec![(0, 1)];
    if found.records <= dialect::MAX_PEOPLE + 1 + usize::from(dialect.sep_line) {
        starts.extend(found.parts);
    }
    let ends: Vec<usize> = starts
        .iter()
        .skip(1)
        .map(|&(at, _)| at)
        .chain([bytes.len()])
        .collect();
    let parts: Vec<Part> = starts
        .iter()
        .zip(ends)
        .enumerate()
        .map(|(i, (&(start, line), end))| -> Part {
            let mut records = csv_reader(dialect)
                .from_reader(&bytes[start..end])
                .into_byte_records();
            if i == 0 && dialect.sep_line {
                records.next();
            }
            let mut lines = LineCounter::starting(bytes, start, line);
            Box::new(records.map(move |record| match record {
                Ok(record) => {
                    let line = record
                        .position()
                        .map_or(0, |p| lines.line_at(start as u64 + p.byte()));
                    Ok((line, record))
                }
                Err(e) => Err(Diagnostic {
                    location: csv_location(source, &e, line - 1),
                    message: csv_message(&e),
                }),
            }))
        })
        .collect();
    read_records(source, parts, dialect.delimiter, &[], options, problems)
}

/// Reports the problems the shape check found as errors at their lines and
/// columns, the columns named when the header (on line `header`) is
/// readable: every problem is below it.
fn report_shape(
    source: &str,
    bytes: &[u8],
    dialect: dialect::Dialect,
    header: Option<u64>,
    shape: &[dialect::Problem],
    problems: &mut Problems,
) {
    let names = match header {
        Some(h) if shape.iter().all(|p| p.line() > h) => {
            first_record(bytes, dialect).map_or_else(Vec::new, |r| {
                r.iter()
                    .map(|f| header_name(&String::from_utf8_lossy(f)))
                    .collect()
            })
        }
        _ => Vec::new(),
    };
    for p in shape {
        let column = p
            .column()
            .map(|c| (c + 1, names.get(c).map_or("", String::as_str)));
        problems.error(loc(source, Some(p.line()), column), p.message());
    }
}

/// The shape check of a table read beside the roster (a pairs file, a
/// pair-scores file) in its `dialect`: the roster's limits on fields and
/// columns, and no quote left open (which would read the rest of the file
/// as one field), each problem an error naming the line and column.
/// Returns the header's line (none in a file without text).
pub fn check_table_shape(
    source: &str,
    bytes: &[u8],
    dialect: dialect::Dialect,
) -> Result<Option<u64>> {
    let mut shape = Vec::new();
    let mut count = 0usize;
    let header = dialect::check_shape(bytes, dialect.delimiter, dialect.sep_line, &mut |p| {
        count += 1;
        if shape.len() < MAX_REPORTED_ERRORS {
            shape.push(p);
        }
    });
    if count == 0 {
        return Ok(header);
    }
    let mut problems = Problems::new();
    report_shape(source, bytes, dialect, header, &shape, &mut problems);
    problems.hidden += count - shape.len();
    Err(problems.into_error(source))
}

pub(super) fn too_large(source: &str) -> Diagnostic {
    Diagnostic {
        location: loc(source, None, None),
        message: format!(
            "the roster is larger than {}, the most rmatch reads; {TOO_LARGE_ADVICE}",
            crate::files::size_name(MAX_ROSTER_BYTES)
        ),
    }
}

pub(super) fn csv_reader(dialect: dialect::Dialect) -> csv::ReaderBuilder {
    let mut builder = csv::ReaderBuilder::new();
    builder
        .has_headers(false)
        .flexible(true)
        .delimiter(dialect.delimiter);
    builder
}

/// The header record (the first with any text), for naming columns in
/// messages about the file's shape.
pub(super) fn first_record(bytes: &[u8], dialect: dialect::Dialect) -> Option<csv::ByteRecord> {
    let mut reader = csv_reader(dialect).from_reader(bytes);
    let mut records = reader.byte_records();
    if dialect.sep_line {
        records.next();
    }
    records
        .filter_map(|r| r.ok())
        .find(|r| r.iter().any(|f| !f.is_empty()))
}

/// Lines before the header row whose first character is `#` (or `"#`, as a
/// spreadsheet saves a note holding a comma) are notes for people, as in the
/// template `rmatch init` writes. They are blanked, keeping their line breaks
/// so line numbers in messages stay true. Rows after the header are never
/// touched: an id may start with `#`.
pub(super) fn blank_leading_comments(bytes: &[u8]) -> Cow<'_, [u8]> {
    let mut spans = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let end = bytes[at..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map_or(bytes.len(), |p| at + p + 1);
        let text = bytes[at..end].trim_ascii_start();
        if text.starts_with(b"#") || text.starts_with(b"\"#") {
            spans.push((at, end));
        } else if !text.is_empty() {
            break;
        }
        at = end;
    }
    if spans.is_empty() {
        return Cow::Borrowed(bytes);
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut copied = 0;
    for (start, end) in spans {
        out.extend_from_slice(&bytes[copied..start]);
        out.extend(
            bytes[start..end]
                .iter()
                .filter(|&&b| b == b'\n' || b == b'\r'),
        );
        copied = end;
    }
    out.extend_from_slice(&bytes[copied..]);
    Cow::Owned(out)
}

/// Turns byte offsets into 1-based line numbers. The csv crate's own line
/// count is off after blank lines and with CRLF endings, so lines are
/// counted here from the bytes.
struct LineCounter<'b> {
    bytes: &'b [u8],
    at: usize,
    line: u64,
}

impl<'b> LineCounter<'b> {
    /// A counter for records from byte `at` on, which starts line `line`.
    fn starting(bytes: &'b [u8], at: usize, line: u64) -> Self {
        LineCounter { bytes, at, line }
    }

    /// The line of the record starting at `offset` (offsets only grow).
    fn line_at(&mut self, offset: u64) -> u64 {
        let mut start = (offset as usize).min(self.bytes.len());
        // A record's offset may point at the line breaks before it.
        while start < self.bytes.len() && matches!(self.bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        if start >= self.at {
            // A line ends with \n, \r\n or a lone \r (as the CSV reader reads it).
            let segment = &self.bytes[self.at..start];
            self.line += segment
                .iter()
                .enumerate()
                .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && segment.get(i + 1) != Some(&b'\n')))
                .count() as u64;
            self.at = start;
        }
        self.line
    }
}

/// Where a CSV error is, for a reader that started `lines_before` lines
/// into the file.
pub(super) fn csv_location(source: &str, e: &csv::Error, lines_before: u64) -> Location {
    loc(source, e.position().map(|p| p.line() + lines_before), None)
}

pub(super) fn csv_message(e: &csv::Error) -> String {
    format!("the file is not valid CSV ({e}); check the quoting on this line")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notes_before_the_header_are_blanked_keeping_line_breaks() {
        let text = b"# a note\r\n  \"# a, quoted note\"\n\nid,role\n#S1,senior\n";
        let blanked = blank_leading_comments(text);
        assert_eq!(&*blanked, &b"\r\n\n\nid,role\n#S1,senior\n"[..]);
        // Nothing to blank: the same bytes, borrowed.
        assert!(matches!(
            blank_leading_comments(b"id,role\n"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn lines_are_counted_from_the_bytes() {
        let bytes = b"a\r\nb\rc\n\n\nd";
        let mut lines = LineCounter::starting(bytes, 0, 1);
        assert_eq!(lines.line_at(0), 1);
        assert_eq!(lines.line_at(3), 2); // after \r\n
        assert_eq!(lines.line_at(5), 3); // after a lone \r
                                         // An offset on the blank lines before a record counts from the record.
        assert_eq!(lines.line_at(8), 6);
    }

    /// Reading the rows in parts of any size gives the roster one reader
    /// gives: the same people, texts numbered alike, the same warnings, and
    /// the same errors in the same order, up to the cap and counted past it.
    #[test]
    fn parts_give_what_one_reader_gives() {
        let spec = rmatch_synth::SynthSpec {
            seniors: 40,
            juniors: 90,
            seed: 7,
            dominant_department: None,
        };
        let generated = rmatch_synth::roster_string(&spec);
        // Quoted fields holding line breaks and delimiters, blank lines, a
        // level inside a topic and an unknown excluded id (warnings), texts
        // first seen in other orders further down, and notes before the
        // header.
        let mut quirky =
            String::from("# notes\n\nid,role,skills,wants,interests,exclude,capacity\n");
        for i in 0..120 {
            let role = if i % 3 == 0 { "senior" } else { "junior" };
            let interests = ["chess", "\"film,\nnoir\"", "go", "Chess"][i % 4];
            let skills = ["ai:4;python:2", "\"ai:5\r\n;sql:3\"", "ml:3:2", "Python:4"][i % 4];
            let exclude = if i % 17 == 0 { "nobody" } else { "" };
            quirky.push_str(&format!(
                "P{i},{role},{skills},ai:3;sql,{interests},{exclude},1\n"
            ));
            if i % 11 == 0 {
                quirky.push_str("\n\r\n");
            }
        }
        let crlf = generated.replace('\n', "\r\n");
        let semicolons = format!("sep=;\n{}", generated.replace(',', ";"));
        // More bad rows than the errors shown.
        let mut bad = String::from("id,role,capacity\n");
        for i in 0..150 {
            bad.push_str(&format!(
                "S{i},senior,{}\n",
                if i % 2 == 0 { "x" } else { "1" }
            ));
        }
        let read = |text: &str, part_bytes: usize| match parse_in_parts(
            "r.csv",
            text.as_bytes(),
            &ReadOptions::default(),
            part_bytes,
        ) {
            Ok(roster) => format!("{roster:?}"),
            Err(Error::Data(errors)) => format!("{errors:?}"),
            Err(other) => panic!("{other}"),
        };
        for text in [&generated, &quirky, &crlf, &semicolons, &bad] {
            let whole = read(text, usize::MAX);
            for part_bytes in [1, 13, 64, 500, 4096] {
                assert_eq!(read(text, part_bytes), whole, "parts of {part_bytes} bytes");
            }
        }
        assert!(read(&quirky, usize::MAX).starts_with("Roster"));
        assert!(read(&quirky, usize::MAX).contains("nobody"));
        assert!(read(&bad, usize::MAX).contains("more errors not shown"));
    }

    #[test]
    fn parse_reports_every_row_error_with_its_line() {
        let text = "id,role,capacity\nS1,senior,x\nJ1,mentor,1\nJ2,junior,1\n";
        let Err(Error::Data(errors)) = parse("r.csv", text.as_bytes(), &ReadOptions::default())
        else {
            panic!("invalid rows are refused");
        };
        let at: Vec<String> = errors.iter().map(|d| d.location.to_string()).collect();
        assert_eq!(
            at,
            [
                "r.csv, line 2, column 3 (capacity)",
                "r.csv, line 3, column 2 (role)"
            ]
        );
    }
}
