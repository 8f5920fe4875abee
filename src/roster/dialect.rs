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
///
/// A file of two parts or more is checked in stretches of about `every`
/// bytes side by side, each starting after a line break, as if a record
/// started there (see `check_side_by_side`); where one does not (a line
/// break inside quotes), the file is checked again from its start, in
/// order. Problems are reported in file order either way.
pub fn check_shape_in_parts(
    bytes: &[u8],
    delimiter: u8,
    skip_first: bool,
    every: usize,
    report: &mut dyn FnMut(Problem),
) -> Shape {
    if let Some(shape) = check_side_by_side(bytes, delimiter, skip_first, every, report) {
        return shape;
    }
    let whole = Stretch {
        start: 0,
        end: bytes.len(),
        line: 1,
        file_start: Some(skip_first),
    };
    check_stretch(bytes, &whole, delimiter, every, report)
        .expect("a stretch to the end of the file always ends")
}

/// One stretch of a file the shape check reads: from `start`, a record's
/// first byte (or the line breaks before one) on `line`, to `end`. At the
/// file's start, `file_start` holds whether a `sep=` line comes first, and
/// the header is still to be found; elsewhere the header came before.
struct Stretch {
    start: usize,
    end: usize,
    line: u64,
    file_start: Option<bool>,
}

/// The shape of a file of at least two parts, checked in stretches side by
/// side, with the problems reported in file order; none where a stretch
/// (other than the last) ends inside a record, or the first holds no
/// header: a stretch then started somewhere no record starts. Otherwise
/// each stretch was read as the check in order reads it: the first starts
/// where the file does, and a stretch read so that ends right after a line
/// break, outside any record, leaves the next one starting where a record
/// (or the line breaks before one) starts. At 100,000 x 200,000 (47 MB)
/// the check in order took 0.2 s while the other thread waited.
fn check_side_by_side(
    bytes: &[u8],
    delimiter: u8,
    skip_first: bool,
    every: usize,
    report: &mut dyn FnMut(Problem),
) -> Option<Shape> {
    use rayon::prelude::*;
    if rayon::current_num_threads() < 2 || bytes.len() / 2 < every.max(1) {
        return None;
    }
    // Each stretch ends right after the first line break at or past its
    // share of the file.
    let mut ends = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let from = at.saturating_add(every.max(1)).min(bytes.len());
        at = match bytes[from..].iter().position(|&b| b == b'\n') {
            Some(k) => from + k + 1,
            None => bytes.len(),
        };
        ends.push(at);
    }
    let starts: Vec<usize> = std::iter::once(0)
        .chain(ends.iter().copied())
        .take(ends.len())
        .collect();
    // The line each stretch starts on: the line breaks before it counted
    // side by side, as `Lines` counts them.
    let breaks: Vec<u64> = starts
        .par_iter()
        .zip(&ends)
        .map(|(&start, &end)| {
            let mut lines = Lines {
                bytes,
                at: start,
                line: 0,
            };
            lines.of(end)
        })
        .collect();
    let stretches: Vec<Stretch> = starts
        .iter()
        .zip(&ends)
        .zip(&breaks)
        .scan(1u64, |line, ((&start, &end), &breaks)| {
            let first = *line;
            *line += breaks;
            Some(Stretch {
                start,
                end,
                line: first,
                file_start: (start == 0).then_some(skip_first),
            })
        })
        .collect();
    let checked: Vec<Option<(Shape, Vec<Problem>)>> = stretches
        .par_iter()
        .map(|stretch| {
            let mut problems = Vec::new();
            check_stretch(bytes, stretch, delimiter, every, &mut |p| problems.push(p))
                .map(|shape| (shape, problems))
        })
        .collect();
    let mut checked = checked.into_iter().collect::<Option<Vec<_>>>()?;
    let header = checked.first()?.0.header?;
    let mut shape = Shape {
        header: Some(header),
        records: 0,
        parts: Vec::new(),
    };
    for (stretch, problems) in &mut checked {
        shape.records += stretch.records;
        shape.parts.append(&mut stretch.parts);
        problems.drain(..).for_each(&mut *report);
    }
    Some(shape)
}

/// The shape check of one stretch of `bytes` (see [`Stretch`]): its
/// records, the parts that start in it and its header (at the file's
/// start), its problems reported in order. None when the stretch ends
/// inside a record before the file does.
fn check_stretch(
    bytes: &[u8],
    stretch: &Stretch,
    delimiter: u8,
    every: usize,
    report: &mut dyn FnMut(Problem),
) -> Option<Shape> {
    let to_end = stretch.end == bytes.len();
    let bytes = &bytes[..stretch.end];
    let mut records = 0usize;
    let mut parts = Vec::new();
    // Where the file starts, parts start after the header; elsewhere, at
    // the stretch's first record.
    let mut next_part = match stretch.file_start {
        Some(_) => usize::MAX,
        None => stretch.start,
    };
    let mut reader = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
    let mut buffer = [0u8; 8 * 1024];
    let mut lines = Lines {
        bytes,
        at: stretch.start,
        line: stretch.line,
    };
    let mut pos = stretch.start;
    let mut skip = stretch.file_start == Some(true);
    let mut header = None;
    loop {
        // A record starts after any line breaks (blank lines are no records).
        while pos < bytes.len() && matches!(bytes[pos], b'\n' | b'\r') {
            pos += 1;
        }
        if pos == bytes.len() {
            return Some(Shape {
                header,
                records,
                parts,
            });
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
                        if !to_end {
                            // The stretch ends inside a record.
                            return None;
                        }
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
        if content && header.is_none() && stretch.file_start.is_some() {
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

    /// The shape check in stretches side by side finds what the check in
    /// order finds: the header, the records and every problem, in file
    /// order, on every line; its parts start where records start. Where a
    /// stretch would start inside quotes it is not used.
    #[test]
    fn shape_side_by_side_is_the_shape_in_order() {
        let mut plain = String::from("id,role,name\n");
        for i in 0..40 {
            plain.push_str(&format!("P{i},senior,Name {i}\n"));
        }
        let mut rough = String::from("sep=;\r\n\r\nid;role;name\r\n");
        for i in 0..40 {
            rough.push_str(&match i % 5 {
                0 => format!("P{i};junior;\"Quoted; {i}\"\r\n\r\n"),
                1 => format!("P{i};junior;{}\r\n", ";".repeat(MAX_COLUMNS)),
                2 => format!("P{i};junior;{}\r", "x".repeat(MAX_FIELD_BYTES + 1)),
                _ => format!("P{i};senior;N\r\n"),
            });
        }
        rough.push_str("P99;senior;\"open");
        let quoted = "id,role,note\nS1,senior,\"two\nlines\"\nS2,senior,x\n";
        let threads = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("a pool");
        threads.install(|| {
            for (text, skip, delimiter) in [
                (plain.as_str(), false, b','),
                (rough.as_str(), true, b';'),
                (quoted, false, b','),
            ] {
                let bytes = text.as_bytes();
                let mut in_order = Vec::new();
                let whole = Stretch {
                    start: 0,
                    end: bytes.len(),
                    line: 1,
                    file_start: Some(skip),
                };
                let starts = check_stretch(bytes, &whole, delimiter, 1, &mut |p| in_order.push(p))
                    .expect("the whole file");
                // Every record's start, as parts of 1 byte from the first.
                let records = Stretch {
                    file_start: None,
                    ..whole
                };
                let records = check_stretch(bytes, &records, delimiter, 1, &mut |_| {})
                    .expect("the whole file")
                    .parts;
                for every in [1, 2, 3, 7, 13, 64, 500] {
                    let mut side_by_side = Vec::new();
                    let shape = check_shape_in_parts(bytes, delimiter, skip, every, &mut |p| {
                        side_by_side.push(p)
                    });
                    let what = format!("every {every} of {:?}", &text[..12]);
                    assert_eq!(shape.header, starts.header, "{what}");
                    assert_eq!(shape.records, starts.records, "{what}");
                    assert_eq!(side_by_side, in_order, "{what}");
                    assert!(
                        shape
                            .parts
                            .iter()
                            .all(|p| records.contains(p) && Some(p.1) > starts.header),
                        "{what}: {:?}",
                        shape.parts
                    );
                    assert!(shape.parts.windows(2).all(|w| w[0].0 < w[1].0), "{what}");
                }
                assert!(
                    !in_order.is_empty() || text != rough,
                    "the rough file has problems"
                );
            }
            // Stretches of 13 bytes: the plain file is checked side by side;
            // the quoted one's second stretch would start inside quotes.
            let side = |text: &str| {
                check_side_by_side(text.as_bytes(), b',', false, 13, &mut |_| {}).is_some()
            };
            assert!(side(&plain));
            assert!(!side(quoted));
        });
    }
}
