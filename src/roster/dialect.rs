//! The shape of a roster file before it is parsed: which delimiter it uses,
//! whether it starts with Excel's `sep=` line, and whether it stays within
//! the documented size limits.
//!
//! The size check reads the fields with the CSV parser's own machine
//! (`csv-core`, with the `csv` crate's defaults: `"` quotes, `""` inside
//! quotes is a quote, `\r`, `\n` or `\r\n` end a record) but stores
//! nothing, so an oversized field or a row of a million delimiters is
//! reported instead of being loaded into memory. It also finds a quote
//! that is opened and never closed, which would otherwise swallow the rest
//! of the file silently.

/// The largest roster file rmatch reads, in bytes (1 GiB).
pub const MAX_ROSTER_BYTES: u64 = 1 << 30;
/// The largest field, in bytes (64 KiB).
pub const MAX_FIELD_BYTES: usize = 64 * 1024;
/// The most columns a row may have.
pub const MAX_COLUMNS: usize = 1_000;
/// The most people (data rows) a roster may have.
pub const MAX_PEOPLE: usize = 1_000_000;

/// A count with thousands separators, as limits are written in messages.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Parses a `--delimiter` value: `,` `;` `tab` (or a tab character, or
/// `\t`), and `|`.
pub fn parse_delimiter(text: &str) -> Result<u8, String> {
    match text {
        "," | "comma" => Ok(b','),
        ";" | "semicolon" => Ok(b';'),
        "tab" | "\t" | "\\t" => Ok(b'\t'),
        "|" | "pipe" => Ok(b'|'),
        _ => Err(format!(
            "\"{text}\" is not a delimiter rmatch reads; use ',', ';', tab or '|'"
        )),
    }
}

/// How a delimiter is named in messages.
pub fn delimiter_name(delimiter: u8) -> &'static str {
    match delimiter {
        b',' => "comma",
        b';' => "semicolon",
        b'\t' => "tab",
        b'|' => "pipe",
        _ => "delimiter",
    }
}

/// What the first lines of a roster say about its dialect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dialect {
    pub delimiter: u8,
    /// The file starts with Excel's `sep=X` line, to be skipped.
    pub sep_line: bool,
}

/// Picks the delimiter: `forced` if given, else the one Excel's `sep=`
/// line names, else the most frequent of `,` `;` and tab outside quotes on
/// the header line (the first line with any other character); ties and
/// files with none of them read as comma-separated.
pub fn detect(bytes: &[u8], forced: Option<u8>) -> Dialect {
    let first_line = bytes
        .split(|&b| b == b'\n' || b == b'\r')
        .next()
        .unwrap_or_default();
    let sep = match first_line {
        [b's' | b'S', b'e' | b'E', b'p' | b'P', b'=', d @ (b',' | b';' | b'\t' | b'|')] => Some(*d),
        _ => None,
    };
    if let Some(d) = forced.or(sep) {
        return Dialect {
            delimiter: d,
            sep_line: sep.is_some(),
        };
    }
    let mut counts = [0usize; 3]; // , ; tab
    let mut quoted = false;
    let mut meaningful = false;
    for &b in bytes {
        match b {
            b'"' => {
                quoted = !quoted;
                meaningful = true;
            }
            b'\n' | b'\r' if !quoted => {
                if meaningful {
                    break;
                }
                counts = [0; 3];
            }
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            b' ' => {}
            _ => meaningful = true,
        }
    }
    let best = if counts[1] > counts[0] && counts[1] >= counts[2] {
        b';'
    } else if counts[2] > counts[0] && counts[2] > counts[1] {
        b'\t'
    } else {
        b','
    };
    Dialect {
        delimiter: best,
        sep_line: false,
    }
}

/// Something about the file's shape that stops it being read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A row with more than [`MAX_COLUMNS`] fields (reported once per row).
    TooManyColumns { line: u64 },
    /// A field longer than [`MAX_FIELD_BYTES`]; `column` is 0-based.
    FieldTooLong { line: u64, column: usize },
    /// A quote opened at `line`, field `column` (0-based), never closed.
    UnclosedQuote { line: u64, column: usize },
}

impl Problem {
    /// The 1-based line the problem starts on.
    pub fn line(&self) -> u64 {
        match *self {
            Problem::TooManyColumns { line }
            | Problem::FieldTooLong { line, .. }
            | Problem::UnclosedQuote { line, .. } => line,
        }
    }

    /// The 0-based column, where the problem has one.
    pub fn column(&self) -> Option<usize> {
        match *self {
            Problem::TooManyColumns { .. } => None,
            Problem::FieldTooLong { column, .. } | Problem::UnclosedQuote { column, .. } => {
                Some(column)
            }
        }
    }

    /// What is wrong and what to do, quoting nothing from the file.
    pub fn message(&self) -> String {
        match self {
            Problem::TooManyColumns { .. } => format!(
                "this row has more than {} fields, the most rmatch reads; delete the empty columns a spreadsheet saved after the data, or check the delimiter (--delimiter)",
                thousands(MAX_COLUMNS)
            ),
            Problem::FieldTooLong { .. } => format!(
                "this field is longer than {} KiB, the most rmatch reads in one field; shorten it, or close the quote that makes it run on",
                MAX_FIELD_BYTES / 1024
            ),
            Problem::UnclosedQuote { .. } => "a quoted field starts here but its closing quote is missing, so the rest of the file would be read as this one field; add the closing \" (or remove the opening one)".to_string(),
        }
    }
}

/// Counts lines as the CSV reader does: a line ends with `\n`, `\r\n` or
/// a lone `\r`. Positions only grow.
struct Lines<'b> {
    bytes: &'b [u8],
    at: usize,
    line: u64,
}

impl Lines<'_> {
    /// The 1-based line of the byte at `pos`.
    fn of(&mut self, pos: usize) -> u64 {
        for i in self.at..pos {
            let b = self.bytes[i];
            if b == b'\n' || (b == b'\r' && self.bytes.get(i + 1) != Some(&b'\n')) {
                self.line += 1;
            }
        }
        self.at = self.at.max(pos);
        self.line
    }
}

/// Whether a field that runs to the end of the file is a quoted one whose
/// quote never closes: after the opening `"`, every `"` comes in a `""`
/// pair (a quote inside quotes).
fn quote_left_open(field: &[u8]) -> bool {
    if field.first() != Some(&b'"') {
        return false;
    }
    let mut at = 1;
    while let Some(k) = field[at..].iter().position(|&b| b == b'"') {
        if field.get(at + k + 1) == Some(&b'"') {
            at += k + 2;
        } else {
            return false;
        }
    }
    true
}

/// Walks the records of `bytes` and reports every field, row or quote
/// beyond what rmatch reads, in file order. Returns the line of the header:
/// the first record with any text, after the `sep=` line when `skip_first`.
///
/// The fields are read by `csv-core`, the machine the `csv` crate runs, into
/// a small buffer that is counted and reused, so nothing is kept.
pub fn check_shape(
    bytes: &[u8],
    delimiter: u8,
    skip_first: bool,
    report: &mut dyn FnMut(Problem),
) -> Option<u64> {
    check_shape_in_parts(bytes, delimiter, skip_first, usize::MAX, report).header
}

/// What [`check_shape_in_parts`] found besides the problems it reported.
pub struct Shape {
    /// The header's line (see [`check_shape`]).
    pub header: Option<u64>,
    /// How many records the file holds (a `sep=` line and the header too).
    pub records: usize,
    /// Where parts of about `every` bytes start after the header: the byte
    /// offset of a record's first byte (after any line breaks) and its
    /// line, each the first record to start `every` bytes or more after the
    /// part before. A CSV reader started there reads the same records as
    /// one that read the file from its start.
    pub parts: Vec<(usize, u64)>,
}

/// [`check_shape`], also finding where the records after the header can
/// be split into parts of about `every` bytes, to be read side by side.
pub fn check_shape_in_parts(
    bytes: &[u8],
    delimiter: u8,
    skip_first: bool,
    every: usize,
    report: &mut dyn FnMut(Problem),
) -> Shape {
    let mut records = 0usize;
    let mut parts = Vec::new();
    let mut next_part = usize::MAX;
    let mut reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut buffer = [0u8; 8 * 1024];
    let mut lines = Lines {
        bytes,
        at: 0,
        line: 1,
    };
    let mut pos = 0;
    let mut skip = skip_first;
    let mut header = None;
    loop {
        // A record starts after any line breaks (blank lines are no records).
        while pos < bytes.len() && matches!(bytes[pos], b'\n' | b'\r') {
            pos += 1;
        }
        if pos == bytes.len() {
            return Shape {
                header,
                records,
                parts,
            };
        }
        let record_line = lines.of(pos);
        records += 1;
        if pos >= next_part {
            parts.push((pos, record_line));
            next_part = pos.saturating_add(every);
        }
        let mut column = 0usize; // fields finished in this record
        let mut content = false; // the record has text
        let mut reported_row = false;
        loop {
            let field_line = lines.of(pos);
            let field_start = pos;
            let mut length = 0usize; // bytes of the field's text
            let mut reported_field = false;
            let record_end = loop {
                let (result, read, written) = reader.read_field(&bytes[pos..], &mut buffer);
                pos += read;
                length += written;
                if length > MAX_FIELD_BYTES && !reported_field {
                    reported_field = true;
                    report(Problem::FieldTooLong {
                        line: field_line,
                        column,
                    });
                }
                match result {
                    csv_core::ReadFieldResult::OutputFull => {}
                    csv_core::ReadFieldResult::Field { record_end } => break record_end,
                    csv_core::ReadFieldResult::InputEmpty | csv_core::ReadFieldResult::End => {
                        // The end of the file inside a field.
                        if quote_left_open(&bytes[field_start..]) {
                            report(Problem::UnclosedQuote {
                                line: field_line,
                                column,
                            });
                        }
                        // Ending the input ends the field and the record.
                        reader.read_field(&[], &mut buffer);
                        break true;
                    }
                }
            };
            content |= length > 0;
            column += 1;
            if column > MAX_COLUMNS && !reported_row {
                reported_row = true;
                report(Problem::TooManyColumns { line: record_line });
            }
            if record_end {
                break;
            }
        }
        if content && header.is_none() {
            if skip {
                skip = false;
            } else {
                header = Some(record_line);
                next_part = pos.saturating_add(every);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(bytes: &[u8], delimiter: u8) -> Vec<Problem> {
        let mut out = Vec::new();
        check_shape(bytes, delimiter, false, &mut |p| out.push(p));
        out
    }

    #[test]
    fn the_most_frequent_delimiter_on_the_header_wins() {
        assert_eq!(detect(b"id,role,name\n", None).delimiter, b',');
        assert_eq!(detect(b"id;role;name\n", None).delimiter, b';');
        assert_eq!(detect(b"id\trole\tname\n", None).delimiter, b'\t');
        // Quoted delimiters do not count, nor do later lines.
        assert_eq!(
            detect(b"\"a;b;c\",id,role\nx;y;z;w;v\n", None).delimiter,
            b','
        );
        // Ties and single columns read as commas.
        assert_eq!(detect(b"id;role,name\n", None).delimiter, b',');
        assert_eq!(detect(b"id\n", None).delimiter, b',');
        // Blank and delimiter-only lines before the header are skipped.
        assert_eq!(detect(b"\r\n,,,\r\nid;role;x\r\n", None).delimiter, b';');
        // Forced wins.
        assert_eq!(detect(b"id;role;name\n", Some(b',')).delimiter, b',');
    }

    #[test]
    fn excel_sep_line_names_the_delimiter() {
        assert_eq!(
            detect(b"sep=;\r\nid,role\r\n", None),
            Dialect {
                delimiter: b';',
                sep_line: true
            }
        );
        assert_eq!(
            detect(b"SEP=|\nid|role\n", Some(b'|')),
            Dialect {
                delimiter: b'|',
                sep_line: true
            }
        );
        assert_eq!(detect(b"sep=\t\nid,role\n", None).delimiter, b'\t');
        assert!(!detect(b"sep=x\nid,role\n", None).sep_line);
    }

    #[test]
    fn thousands_are_separated() {
        assert_eq!(thousands(1_000_000), "1,000,000");
        assert_eq!(thousands(1_000), "1,000");
        assert_eq!(thousands(999), "999");
    }

    #[test]
    fn delimiter_flag_values() {
        assert_eq!(parse_delimiter(";"), Ok(b';'));
        assert_eq!(parse_delimiter("tab"), Ok(b'\t'));
        assert_eq!(parse_delimiter("\\t"), Ok(b'\t'));
        assert_eq!(parse_delimiter("\t"), Ok(b'\t'));
        assert!(parse_delimiter("::").unwrap_err().contains("use ','"));
    }

    #[test]
    fn shape_finds_long_fields_wide_rows_and_unclosed_quotes() {
        assert!(problems(b"id,role\nS1,senior\n", b',').is_empty());
        let long = format!("id,name\nS1,{}\n", "x".repeat(MAX_FIELD_BYTES + 1));
        assert_eq!(
            problems(long.as_bytes(), b','),
            [Problem::FieldTooLong { line: 2, column: 1 }]
        );
        let exact = format!("id,name\nS1,\"{}\"\n", "x".repeat(MAX_FIELD_BYTES));
        assert!(problems(exact.as_bytes(), b',').is_empty());
        let wide = format!("id\n\n{}\n", ",".repeat(MAX_COLUMNS));
        assert_eq!(
            problems(wide.as_bytes(), b','),
            [Problem::TooManyColumns { line: 3 }]
        );
        let widest = format!("id\n{}", ";".repeat(MAX_COLUMNS - 1));
        assert!(problems(widest.as_bytes(), b';').is_empty());
        assert_eq!(
            problems(b"id,name\r\nS1,\"Jo\r\nS2,x\r\n", b','),
            [Problem::UnclosedQuote { line: 2, column: 1 }]
        );
        // Escaped quotes and multi-line quoted fields are fine.
        assert!(problems(b"id,name\nS1,\"a \"\"b\"\"\nc\"\n", b',').is_empty());
    }

    #[test]
    fn shape_finds_the_header_line() {
        let header = |bytes: &[u8], skip| check_shape(bytes, b',', skip, &mut |_| {});
        assert_eq!(header(b"\n\n,,\r\nid,role\n", false), Some(4));
        assert_eq!(header(b"sep=,\nid,role", true), Some(2));
        assert_eq!(header(b"\"\",\"\"\n", false), None);
        // Old Mac line endings: a lone \r ends a line.
        assert_eq!(header(b"\r\rid,role\r", false), Some(3));
        assert_eq!(header(b"", false), None);
        assert!(problems(b"id,name\nS1,\"a \"\"b\"\"\nc\"\n", b',').is_empty());
    }
}
