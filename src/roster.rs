//! Reading a roster CSV into people with interned topics.
//!
//! This is the only place that knows the file format. Everything after it
//! works on integer ids in a canonical order (seniors, then juniors, each
//! sorted by id), so the result never depends on the order of the rows.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use crate::dialect::{self, MAX_PEOPLE, MAX_ROSTER_BYTES};
use crate::encoding::{self, Encoding, Note};
use crate::error::{Diagnostic, Error, Location, Result, MAX_REPORTED_ERRORS};

/// Which side of the programme a person is on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    /// Mentee: learns from a junior, shares how the business runs.
    Senior,
    /// Mentor: teaches a senior.
    Junior,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Senior => "senior",
            Role::Junior => "junior",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A topic with a level (in `skills`) or a priority (in `wants`), both 1-5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Topic {
    pub id: u32,
    pub level: u8,
}

/// The level a missing `topic:level` suffix stands for.
pub const DEFAULT_LEVEL: u8 = 3;
/// The largest capacity a person may declare.
pub const MAX_CAPACITY: u32 = 100;
/// The diversity attributes used when `--diversity` is not given.
pub const DEFAULT_DIVERSITY: [&str; 3] = ["department", "location", "generation"];

/// One row of the roster, resolved.
#[derive(Clone, Debug)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub role: Role,
    /// The line of the roster the person came from.
    pub line: u64,
    /// Topics the person can teach, sorted by topic id.
    pub skills: Vec<Topic>,
    /// Learning goals (level = priority), sorted by topic id.
    pub wants: Vec<Topic>,
    /// Interest ids, sorted.
    pub interests: Vec<u32>,
    /// Language ids, sorted.
    pub languages: Vec<u32>,
    /// One value per diversity attribute of the roster (`None` when blank).
    pub attributes: Vec<Option<u32>>,
    pub capacity: u32,
    /// Index of the direct manager, when the manager is in the roster.
    pub manager: Option<usize>,
    /// Indices of people this person may not be paired with (both ways), sorted.
    pub exclude: Vec<usize>,
    /// Clock offset from UTC in minutes, when given.
    pub utc_offset: Option<i32>,
    /// One value per attribute the programme rules read (`Roster::rule_attribute_names`).
    pub rule_attributes: Vec<Option<u32>>,
}

impl Person {
    /// This person's level in `topic` (0 when they do not list it).
    pub fn level(&self, topic: u32) -> u8 {
        self.skills
            .binary_search_by_key(&topic, |t| t.id)
            .map_or(0, |i| self.skills[i].level)
    }
}

/// A validated roster.
#[derive(Clone, Debug)]
pub struct Roster {
    /// The file name as given (`<stdin>` for `-`), for messages.
    pub source: String,
    /// Seniors sorted by id, then juniors sorted by id.
    pub people: Vec<Person>,
    pub n_seniors: usize,
    /// Display text of every interned value (topics, interests, languages,
    /// attribute values), indexed by id. Ids follow the sorted normalised text.
    pub vocab: Vec<String>,
    /// Names of the diversity attribute columns, in the order of `Person::attributes`.
    pub diversity: Vec<String>,
    /// For each diversity attribute, whether it is private (`--private`): its
    /// values count for diversity but are never shown. Their ids point at
    /// vocabulary entries that read [`PRIVATE_TEXT`], never at the values.
    pub private: Vec<bool>,
    /// Names of the attribute columns rules read, in the order of `Person::rule_attributes`.
    pub rule_attribute_names: Vec<String>,
    /// Problems that do not stop the run.
    pub warnings: Vec<Diagnostic>,
    /// Pre/post order of the management forest, for O(1) chain checks.
    enter: Vec<u32>,
    leave: Vec<u32>,
}

impl Roster {
    pub fn seniors(&self) -> &[Person] {
        &self.people[..self.n_seniors]
    }

    pub fn juniors(&self) -> &[Person] {
        &self.people[self.n_seniors..]
    }

    pub fn senior(&self, s: usize) -> &Person {
        &self.people[s]
    }

    pub fn junior(&self, j: usize) -> &Person {
        &self.people[self.n_seniors + j]
    }

    pub fn n_juniors(&self) -> usize {
        self.people.len() - self.n_seniors
    }

    /// Display text of an interned value.
    pub fn text(&self, id: u32) -> &str {
        &self.vocab[id as usize]
    }

    /// Whether `a` is `b`'s manager, their manager, and so on, or the other way round.
    pub fn in_chain(&self, a: usize, b: usize) -> bool {
        self.is_above(a, b) || self.is_above(b, a)
    }

    fn is_above(&self, a: usize, b: usize) -> bool {
        self.enter[a] <= self.enter[b] && self.leave[b] <= self.leave[a]
    }

    /// Where person `i` sits in the management forest: `a` is above `b`
    /// exactly when `span(a)` encloses `span(b)`.
    pub fn span(&self, i: usize) -> (u32, u32) {
        (self.enter[i], self.leave[i])
    }

    /// The index of a senior by id.
    pub fn find_senior(&self, id: &str) -> Option<usize> {
        self.seniors()
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
    }

    /// The index of a junior by id.
    pub fn find_junior(&self, id: &str) -> Option<usize> {
        self.juniors()
            .binary_search_by(|p| p.id.as_str().cmp(id))
            .ok()
    }

    /// Whether the attribute column `name` is private (`--private`).
    pub fn is_private(&self, name: &str) -> bool {
        self.diversity
            .iter()
            .zip(&self.private)
            .any(|(n, &private)| private && n == name)
    }

    /// The id of an interned value, if the roster uses it.
    pub fn lookup(&self, text: &str) -> Option<u32> {
        let key = normalize(text);
        self.vocab
            .iter()
            .position(|v| normalize(v) == key)
            .map(|i| i as u32)
    }
}

/// What the vocabulary holds in place of a private attribute value.
pub const PRIVATE_TEXT: &str = "(private)";

/// Choices that change how a roster is read. Every field is public so that a
/// configuration file can set them as well as the command line.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// Diversity attribute columns; `None` means the default ones present.
    pub diversity: Option<Vec<String>>,
    /// Private attribute columns: they count for diversity (and are added
    /// to the diversity attributes) but their values are never written.
    pub private: Vec<String>,
    /// The text encoding of the file (a UTF-8 or UTF-16 byte order mark wins).
    pub encoding: Encoding,
    /// The field delimiter; `None` detects it from the header line.
    pub delimiter: Option<u8>,
    /// Attribute columns programme rules (quotas) read.
    pub rule_attributes: Vec<String>,
}

/// Reads a roster from a path, `-` meaning standard input. A `.tsv` file is
/// tab-separated unless a delimiter is given.
pub fn read(path: &str, options: &ReadOptions) -> Result<Roster> {
    // A file known to be too large is refused before a byte is read.
    if path != "-" {
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.is_file() && meta.len() > MAX_ROSTER_BYTES {
                return Err(Error::Data(vec![too_large(path)]));
            }
        }
    }
    let (source, bytes) = crate::files::read_input_at_most(path, MAX_ROSTER_BYTES)?;
    let mut options = options.clone();
    if options.delimiter.is_none() && path.to_lowercase().ends_with(".tsv") {
        options.delimiter = Some(b'\t');
    }
    parse(&source, &bytes, &options)
}

/// Normalises a topic, interest, language or attribute value for comparison:
/// trimmed, inner white space folded to one space, lowercase.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// The columns rmatch reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Id,
    Role,
    Name,
    Skills,
    Wants,
    Interests,
    Languages,
    Capacity,
    Manager,
    Exclude,
    UtcOffset,
}

const COLUMNS: [(&str, Column); 11] = [
    ("id", Column::Id),
    ("role", Column::Role),
    ("name", Column::Name),
    ("skills", Column::Skills),
    ("wants", Column::Wants),
    ("interests", Column::Interests),
    ("languages", Column::Languages),
    ("capacity", Column::Capacity),
    ("manager", Column::Manager),
    ("exclude", Column::Exclude),
    ("utc_offset", Column::UtcOffset),
];

/// A row before ids are resolved and strings interned.
struct RawPerson {
    id: String,
    name: Option<String>,
    role: Role,
    line: u64,
    skills: Vec<(String, u8)>,
    wants: Vec<(String, u8)>,
    interests: Vec<String>,
    languages: Vec<String>,
    attributes: Vec<Option<String>>,
    capacity: u32,
    manager: Option<(String, usize)>,
    exclude: Vec<(String, usize)>,
    utc_offset: Option<i32>,
    rule_attributes: Vec<Option<String>>,
}

/// Collects errors up to the reporting cap and counts the rest.
struct Problems {
    errors: Vec<Diagnostic>,
    hidden: usize,
    warnings: Vec<Diagnostic>,
}

impl Problems {
    fn new() -> Problems {
        Problems {
            errors: Vec::new(),
            hidden: 0,
            warnings: Vec::new(),
        }
    }

    fn has_errors(&self) -> bool {
        !self.errors.is_empty() || self.hidden > 0
    }

    fn error(&mut self, location: Location, message: String) {
        if self.errors.len() < MAX_REPORTED_ERRORS {
            self.errors.push(Diagnostic { location, message });
        } else {
            self.hidden += 1;
        }
    }

    fn into_error(mut self, source: &str) -> Error {
        if self.hidden > 0 {
            self.errors.push(Diagnostic {
                location: loc(source, None, None),
                message: format!(
                    "{} more errors not shown; fix the ones above and run again",
                    self.hidden
                ),
            });
        }
        Error::Data(self.errors)
    }
}

fn loc(file: &str, line: Option<u64>, column: Option<(usize, &str)>) -> Location {
    Location {
        file: file.to_string(),
        line,
        column: column.map(|(n, name)| (n, name.to_string())),
    }
}

/// The header, mapped to what each column means.
struct Header {
    names: Vec<String>,
    known: Vec<Option<Column>>,
    /// For each diversity attribute, its column index.
    diversity: Vec<(String, usize)>,
    /// Whether each column is private.
    private: Vec<bool>,
    /// Rows need at least this many fields: up to the last named column.
    required: usize,
    /// The field delimiter, for messages.
    delimiter: u8,
    /// For each attribute rules read, its column index.
    rule_columns: Vec<(String, usize)>,
}

impl Header {
    fn index(&self, column: Column) -> Option<usize> {
        self.known.iter().position(|c| *c == Some(column))
    }
}

/// Parses roster bytes. `source` names the input in messages.
pub fn parse(source: &str, bytes: &[u8], options: &ReadOptions) -> Result<Roster> {
    let mut problems = Problems::new();
    if bytes.len() as u64 > MAX_ROSTER_BYTES {
        return Err(Error::Data(vec![too_large(source)]));
    }
    let decoded = match encoding::decode(bytes, options.encoding) {
        Ok(decoded) => decoded,
        Err(bad) => {
            problems.error(
                loc(source, Some(bad.line), None),
                format!(
                    "the file starts with a UTF-16 byte order mark but byte {} is not valid UTF-16; save the file again as CSV UTF-8",
                    bad.offset + 1
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
    let header_line = dialect::check_shape(bytes, dialect.delimiter, dialect.sep_line, &mut |p| {
        shape_count += 1;
        if shape.len() < MAX_REPORTED_ERRORS {
            shape.push(p);
        }
    });
    if shape_count > 0 {
        // Name the columns when the header itself is readable.
        let names = match header_line {
            Some(h) if shape.iter().all(|p| p.line() > h) => first_record(bytes, dialect)
                .map_or_else(Vec::new, |r| {
                    r.iter()
                        .map(|f| header_name(&String::from_utf8_lossy(f)))
                        .collect()
                }),
            _ => Vec::new(),
        };
        for p in &shape {
            let column = p
                .column()
                .map(|c| (c + 1, names.get(c).map_or("", String::as_str)));
            problems.error(loc(source, Some(p.line()), column), p.message());
        }
        problems.hidden += shape_count - shape.len();
        return Err(problems.into_error(source));
    }

    let mut reader = csv_reader(dialect).from_reader(bytes);
    let mut records = reader.byte_records();
    if dialect.sep_line {
        records.next();
    }

    let header = loop {
        match records.next() {
            None => {
                problems.error(
                    loc(source, None, None),
                    "the roster is empty; it needs a header row with at least the columns id and role".into(),
                );
                return Err(problems.into_error(source));
            }
            Some(Err(e)) => {
                problems.error(csv_location(source, &e), csv_message(&e));
                return Err(problems.into_error(source));
            }
            Some(Ok(record)) if record.iter().all(|f| f.is_empty()) => continue,
            Some(Ok(record)) => break record,
        }
    };
    let mut lines = LineCounter::new(bytes);
    let header_line = header.position().map_or(1, |p| lines.line_at(p.byte()));
    let mut header = read_header(source, header_line, &header, options, &mut problems)?;
    header.delimiter = dialect.delimiter;

    let mut raw = Vec::new();
    let mut rows = 0usize;
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                problems.error(csv_location(source, &e), csv_message(&e));
                continue;
            }
        };
        if record.iter().all(|f| f.trim_ascii().is_empty()) {
            continue;
        }
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
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
        if let Some(person) = read_row(source, line, &record, &header, &mut problems) {
            raw.push(person);
        }
    }
    resolve(source, raw, &header, problems)
}

fn too_large(source: &str) -> Diagnostic {
    Diagnostic {
        location: loc(source, None, None),
        message: format!(
            "the roster is larger than {} GiB, the most rmatch reads; split it into smaller rosters or remove columns rmatch does not use",
            MAX_ROSTER_BYTES >> 30
        ),
    }
}

fn csv_reader(dialect: dialect::Dialect) -> csv::ReaderBuilder {
    let mut builder = csv::ReaderBuilder::new();
    builder
        .has_headers(false)
        .flexible(true)
        .delimiter(dialect.delimiter);
    builder
}

/// The header record (the first with any text), for naming columns in
/// messages about the file's shape.
fn first_record(bytes: &[u8], dialect: dialect::Dialect) -> Option<csv::ByteRecord> {
    let mut reader = csv_reader(dialect).from_reader(bytes);
    let mut records = reader.byte_records();
    if dialect.sep_line {
        records.next();
    }
    records
        .filter_map(|r| r.ok())
        .find(|r| r.iter().any(|f| !f.is_empty()))
}

/// A header cell as rmatch matches it: lowercase, white space folded, and
/// without the invisible characters spreadsheets leave behind (byte order
/// marks, zero-width spaces, soft hyphens).
fn header_name(text: &str) -> String {
    let visible: String = text
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{feff}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{00ad}'
            )
        })
        .collect();
    normalize(&visible)
}

/// Lines before the header row whose first character is `#` (or `"#`, as a
/// spreadsheet saves a note holding a comma) are notes for people, as in the
/// template `rmatch init` writes. They are blanked, keeping their line breaks
/// so line numbers in messages stay true. Rows after the header are never
/// touched: an id may start with `#`.
fn blank_leading_comments(bytes: &[u8]) -> std::borrow::Cow<'_, [u8]> {
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
        return std::borrow::Cow::Borrowed(bytes);
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
    std::borrow::Cow::Owned(out)
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
    fn new(bytes: &'b [u8]) -> Self {
        LineCounter {
            bytes,
            at: 0,
            line: 1,
        }
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

fn csv_location(source: &str, e: &csv::Error) -> Location {
    loc(source, e.position().map(|p| p.line()), None)
}

fn csv_message(e: &csv::Error) -> String {
    format!("the file is not valid CSV ({e}); check the quoting on this line")
}

fn read_header(
    source: &str,
    line: u64,
    record: &csv::ByteRecord,
    options: &ReadOptions,
    problems: &mut Problems,
) -> Result<Header> {
    let mut names = Vec::with_capacity(record.len());
    for (i, field) in record.iter().enumerate() {
        match std::str::from_utf8(field) {
            Ok(text) => names.push(header_name(text)),
            Err(e) => {
                problems.error(
                    loc(source, Some(line), Some((i + 1, ""))),
                    not_utf8(Some(field), e.valid_up_to()),
                );
                names.push(String::new());
            }
        }
    }
    if problems.has_errors() {
        return Err(std::mem::replace(problems, Problems::new()).into_error(source));
    }
    let mut known = vec![None; names.len()];
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, name) in names.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        if let Some(first) = seen.insert(name, i) {
            problems.error(
                loc(source, Some(line), Some((i + 1, name))),
                format!(
                    "the header names column \"{}\" twice (columns {} and {}); rename or remove one",
                    shown(name),
                    first + 1,
                    i + 1
                ),
            );
        }
        known[i] = COLUMNS.iter().find(|(n, _)| n == name).map(|(_, c)| *c);
    }
    for required in ["id", "role"] {
        if !names.iter().any(|n| n == required) {
            problems.error(
                loc(source, Some(line), None),
                format!(
                    "the header has no \"{required}\" column; rmatch needs the columns id and role (found: {}){}",
                    shown_list(names.iter().filter(|n| !n.is_empty()).map(String::as_str), ", "),
                    delimiter_hint(&names)
                ),
            );
        }
    }
    let wanted: Vec<String> = match &options.diversity {
        Some(list) => list
            .iter()
            .map(|n| header_name(n))
            .filter(|n| !n.is_empty())
            .collect(),
        None => DEFAULT_DIVERSITY
            .iter()
            .filter(|n| names.iter().any(|h| h == *n))
            .map(|n| n.to_string())
            .collect(),
    };
    let private: Vec<String> = options
        .private
        .iter()
        .map(|n| header_name(n))
        .filter(|n| !n.is_empty())
        .collect();
    // The column of an attribute a flag names; an error when it is one of
    // rmatch's own columns (`reserved`) or missing from the header (`missing`).
    let mut attribute_column =
        |attribute: &str, reserved: String, missing: String| -> Option<usize> {
            match names.iter().position(|n| n == attribute) {
                Some(i) if known[i].is_some() => {
                    problems.error(loc(source, Some(line), Some((i + 1, attribute))), reserved);
                    None
                }
                Some(i) => Some(i),
                None => {
                    problems.error(loc(source, Some(line), None), missing);
                    None
                }
            }
        };
    let mut diversity: Vec<(String, usize)> = Vec::new();
    for attribute in wanted.into_iter().chain(private.iter().cloned()) {
        let what = if private.contains(&attribute) {
            ("private", "--private")
        } else {
            ("diversity", "--diversity")
        };
        let column = attribute_column(
            &attribute,
            format!("\"{}\" cannot be a {} attribute; choose a background column such as department, generation or gender", shown(&attribute), what.0),
            format!("{} names the column \"{}\", which the header does not have; add the column or fix the name", what.1, shown(&attribute)),
        );
        if let Some(i) = column {
            if !diversity.iter().any(|(a, _)| *a == attribute) {
                diversity.push((attribute, i));
            }
        }
    }
    let mut rule_columns: Vec<(String, usize)> = Vec::new();
    for attribute in &options.rule_attributes {
        let attribute = header_name(attribute);
        let column = attribute_column(
            &attribute,
            format!("\"{}\" cannot be used by --max-same or --fair; choose an attribute column such as department or gender", shown(&attribute)),
            format!("a rule (--max-same or --fair) names the attribute \"{}\", which the header does not have; add the column or fix the name", shown(&attribute)),
        );
        if let Some(i) = column {
            if !rule_columns.iter().any(|(a, _)| *a == attribute) {
                rule_columns.push((attribute, i));
            }
        }
    }
    if problems.has_errors() {
        return Err(std::mem::replace(problems, Problems::new()).into_error(source));
    }
    let ignored: Vec<&str> = names
        .iter()
        .enumerate()
        .filter(|(i, n)| {
            !n.is_empty()
                && known[*i].is_none()
                && !diversity.iter().chain(&rule_columns).any(|(_, c)| c == i)
        })
        .map(|(_, n)| n.as_str())
        .collect();
    if !ignored.is_empty() {
        problems.warnings.push(Diagnostic {
            location: loc(source, Some(line), None),
            message: format!(
                "ignoring columns rmatch does not use: {}",
                shown_list(ignored.iter().copied(), ", ")
            ),
        });
    }
    let private = names.iter().map(|n| private.contains(n)).collect();
    let required = names
        .iter()
        .rposition(|n| !n.is_empty())
        .map_or(0, |i| i + 1);
    Ok(Header {
        names,
        known,
        diversity,
        private,
        required,
        delimiter: b',',
        rule_columns,
    })
}

/// Text from the roster as messages quote it: control characters escaped
/// (so a hostile value cannot drive the terminal) and at most 40
/// characters.
fn shown(text: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        if c.is_control() {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A list of roster texts for a message: each [`shown`], at most 12.
fn shown_list<'t>(items: impl Iterator<Item = &'t str>, separator: &str) -> String {
    const MAX: usize = 12;
    let mut parts: Vec<String> = Vec::new();
    let mut more = 0usize;
    for item in items {
        if parts.len() < MAX {
            parts.push(shown(item));
        } else {
            more += 1;
        }
    }
    if more > 0 {
        parts.push(format!("and {more} more"));
    }
    parts.join(separator)
}

/// A hint for a header read as one column that holds another delimiter.
fn delimiter_hint(names: &[String]) -> String {
    let [only] = names else {
        return String::new();
    };
    [b',', b';', b'\t', b'|']
        .into_iter()
        .find(|&d| only.as_bytes().contains(&d))
        .map_or_else(String::new, |d| {
            format!(
                "; the header reads as one column but holds a {0}: if the file is {0}-separated, pass --delimiter {1}",
                dialect::delimiter_name(d),
                match d {
                    b'\t' => "tab".to_string(),
                    d => format!("'{}'", char::from(d)),
                }
            )
        })
}

/// The message for a field that is not UTF-8. The field's bytes are shown
/// only when given (never for private columns).
fn not_utf8(field: Option<&[u8]>, valid_up_to: usize) -> String {
    let detail = field
        .and_then(|f| f.get(valid_up_to))
        .map_or_else(String::new, |b| {
            format!(" (byte 0x{b:02X} at position {})", valid_up_to + 1)
        });
    format!(
        "the text is not valid UTF-8{detail}; the file is probably saved in a Windows or Latin-1 encoding: run again with --encoding windows-1252 (or latin-1), or save it as CSV UTF-8"
    )
}

fn read_row(
    source: &str,
    line: u64,
    record: &csv::ByteRecord,
    header: &Header,
    problems: &mut Problems,
) -> Option<RawPerson> {
    let width = header.names.len();
    if record.len() < header.required {
        problems.error(
            loc(source, Some(line), None),
            format!(
                "this row has {} fields but the header has {}; add the missing fields (empty is fine) or check for a missing {}",
                record.len(),
                header.required,
                dialect::delimiter_name(header.delimiter)
            ),
        );
        return None;
    }
    if record
        .iter()
        .skip(width)
        .any(|f| !f.trim_ascii().is_empty())
    {
        problems.error(
            loc(source, Some(line), None),
            format!(
                "this row has {} fields but the header has {width}; a field probably holds an unquoted {}: put it in double quotes",
                record.len(),
                dialect::delimiter_name(header.delimiter)
            ),
        );
        return None;
    }
    let errors_before = problems.errors.len() + problems.hidden;
    let mut fields: Vec<&str> = Vec::with_capacity(width);
    for i in 0..width {
        let field = record.get(i).unwrap_or_default();
        match std::str::from_utf8(field) {
            Ok(text) => fields.push(text.trim()),
            Err(e) => {
                let shown = (!header.private[i]).then_some(field);
                problems.error(
                    loc(source, Some(line), Some((i + 1, &header.names[i]))),
                    not_utf8(shown, e.valid_up_to()),
                );
                fields.push("");
            }
        }
    }
    let cell = |column: Column| header.index(column).map(|i| (i, fields[i]));
    let at = |i: usize| loc(source, Some(line), Some((i + 1, &header.names[i])));

    let (id_col, id) = cell(Column::Id).expect("header checked");
    if id.is_empty() {
        problems.error(
            at(id_col),
            "the id is empty; give every person a unique id".into(),
        );
    }
    let (role_col, role_text) = cell(Column::Role).expect("header checked");
    let role = match role_text.to_lowercase().as_str() {
        "senior" => Some(Role::Senior),
        "junior" => Some(Role::Junior),
        _ => {
            problems.error(
                at(role_col),
                format!("role \"{}\" is neither junior nor senior; write junior for a mentor or senior for a mentee", shown(role_text)),
            );
            None
        }
    };
    let mut topics = |column: Column, what: &str| -> Vec<(String, u8)> {
        match cell(column) {
            Some((i, text)) => parse_topics(text, what).unwrap_or_else(|message| {
                problems.error(at(i), message);
                Vec::new()
            }),
            None => Vec::new(),
        }
    };
    let skills = topics(Column::Skills, "level");
    let wants = topics(Column::Wants, "priority");
    let list = |column: Column| -> Vec<String> {
        cell(column).map_or_else(Vec::new, |(_, text)| {
            split_list(text).map(str::to_string).collect()
        })
    };
    let interests = list(Column::Interests);
    let languages = list(Column::Languages);
    let capacity = match cell(Column::Capacity) {
        Some((_, "")) | None => 1,
        Some((i, text)) => match text.parse::<u32>() {
            Ok(n) if n <= MAX_CAPACITY => n,
            _ => {
                problems.error(
                    at(i),
                    format!("capacity \"{}\" is not a whole number from 0 to {MAX_CAPACITY}; write how many partners this person takes (default 1, 0 to sit out)", shown(text)),
                );
                0
            }
        },
    };
    let manager = cell(Column::Manager)
        .and_then(|(i, text)| (!text.is_empty()).then(|| (text.to_string(), i)));
    let exclude = cell(Column::Exclude).map_or_else(Vec::new, |(i, text)| {
        split_list(text).map(|id| (id.to_string(), i)).collect()
    });
    let attributes = header
        .diversity
        .iter()
        .map(|(_, i)| (!fields[*i].is_empty()).then(|| fields[*i].to_string()))
        .collect();
    let name = cell(Column::Name).and_then(|(_, n)| (!n.is_empty()).then(|| n.to_string()));
    let utc_offset = match cell(Column::UtcOffset) {
        Some((_, "")) | None => None,
        Some((i, text)) => match parse_utc_offset(text) {
            Some(minutes) => Some(minutes),
            None => {
                problems.error(
                    at(i),
                    format!("utc_offset \"{}\" is not an offset from -12 to +14 hours; write it like -5, +5:30 or 0", shown(text)),
                );
                None
            }
        },
    };

    if problems.errors.len() + problems.hidden > errors_before {
        return None;
    }
    Some(RawPerson {
        id: id.to_string(),
        name,
        role: role?,
        line,
        skills,
        wants,
        interests,
        languages,
        attributes,
        capacity,
        manager,
        exclude,
        utc_offset,
        rule_attributes: header
            .rule_columns
            .iter()
            .map(|(_, i)| (!fields[*i].is_empty()).then(|| fields[*i].to_string()))
            .collect(),
    })
}

/// Parses `-5`, `+5:30`, `0`, `5.5` (hours) into minutes, within -12..=+14 hours.
fn parse_utc_offset(text: &str) -> Option<i32> {
    let text = text
        .trim()
        .trim_start_matches("UTC")
        .trim_start_matches("utc")
        .trim();
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    let minutes = match rest.split_once(':') {
        Some((h, m)) => {
            let h: i32 = h.trim().parse().ok()?;
            let m: i32 = m.trim().parse().ok().filter(|m| (0..60).contains(m))?;
            h.checked_mul(60)?.checked_add(m)?
        }
        None => {
            let hours: f64 = rest
                .trim()
                .parse()
                .ok()
                .filter(|h: &f64| h.is_finite() && *h < 100.0)?;
            (hours * 60.0).round() as i32
        }
    };
    let minutes = sign * minutes;
    (-12 * 60..=14 * 60).contains(&minutes).then_some(minutes)
}

/// The non-empty trimmed items of a `;`-separated cell.
fn split_list(text: &str) -> impl Iterator<Item = &str> {
    text.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// Parses `topic` / `topic:N` items; `what` is "level" or "priority".
fn parse_topics(text: &str, what: &str) -> std::result::Result<Vec<(String, u8)>, String> {
    let mut out: Vec<(String, u8)> = Vec::new();
    for item in split_list(text) {
        let (topic, level) = match item.rsplit_once(':') {
            None => (item, DEFAULT_LEVEL),
            Some((topic, number)) => {
                let number = number.trim();
                match number.parse::<u8>() {
                    Ok(n) if (1..=5).contains(&n) => (topic.trim(), n),
                    _ => {
                        return Err(format!(
                            "{what} \"{}\" of \"{}\" is not a number from 1 to 5; write topic:N with N from 1 to 5, or just the topic for {DEFAULT_LEVEL}",
                            shown(number),
                            shown(topic.trim())
                        ))
                    }
                }
            }
        };
        if topic.is_empty() {
            return Err(format!(
                "\"{}\" has a {what} but no topic; write topic:N",
                shown(item)
            ));
        }
        out.push((topic.to_string(), level));
    }
    Ok(out)
}

/// Builds the vocabulary (sorted, so ids do not depend on row order),
/// sorts people and resolves manager and exclude references.
fn resolve(
    source: &str,
    raw: Vec<RawPerson>,
    header: &Header,
    mut problems: Problems,
) -> Result<Roster> {
    // Duplicate ids, naming both lines.
    let mut first_line: HashMap<&str, u64> = HashMap::with_capacity(raw.len());
    for person in &raw {
        if person.id.is_empty() {
            continue;
        }
        if let Some(first) = first_line.get(person.id.as_str()) {
            let id_col = header.index(Column::Id).expect("header checked");
            problems.error(
                loc(source, Some(person.line), Some((id_col + 1, "id"))),
                format!(
                    "id \"{}\" is already used on line {first}; ids must be unique",
                    shown(&person.id)
                ),
            );
        } else {
            first_line.insert(&person.id, person.line);
        }
    }

    // Vocabulary: normalised text -> display text (the smallest spelling seen).
    // Private attribute values stay out of it: they get entries of their
    // own that read "(private)", so no spelling of theirs can be shown.
    let private: Vec<bool> = header
        .diversity
        .iter()
        .map(|(_, column)| header.private[*column])
        .collect();
    let rule_private: Vec<bool> = header
        .rule_columns
        .iter()
        .map(|(_, column)| header.private[*column])
        .collect();
    let mut display: BTreeMap<String, &str> = BTreeMap::new();
    for p in &raw {
        let texts = p.skills.iter().chain(&p.wants).map(|(t, _)| t.as_str());
        let texts = texts.chain(p.interests.iter().chain(&p.languages).map(String::as_str));
        let public = p
            .attributes
            .iter()
            .zip(&private)
            .chain(p.rule_attributes.iter().zip(&rule_private))
            .filter(|(_, private)| !**private)
            .filter_map(|(a, _)| a.as_deref());
        for text in texts.chain(public) {
            let spelling = display.entry(normalize(text)).or_insert(text);
            if text < *spelling {
                *spelling = text;
            }
        }
    }
    let mut vocab: Vec<String> = display.values().map(|d| normalize_spaces(d)).collect();
    let ids: HashMap<String, u32> = display
        .keys()
        .enumerate()
        .map(|(i, k)| (k.clone(), i as u32))
        .collect();
    let id_of = |text: &str| ids[&normalize(text)];
    let secret: BTreeSet<String> = raw
        .iter()
        .flat_map(|p| {
            p.attributes
                .iter()
                .zip(&private)
                .chain(p.rule_attributes.iter().zip(&rule_private))
        })
        .filter(|(_, private)| **private)
        .filter_map(|(a, _)| a.as_deref().map(normalize))
        .collect();
    let secret_ids: HashMap<String, u32> = secret
        .into_iter()
        .enumerate()
        .map(|(i, k)| (k, (vocab.len() + i) as u32))
        .collect();
    vocab.resize(vocab.len() + secret_ids.len(), PRIVATE_TEXT.to_string());

    let mut order: Vec<usize> = (0..raw.len()).collect();
    order.sort_by(|&a, &b| {
        (raw[a].role, &raw[a].id, raw[a].line).cmp(&(raw[b].role, &raw[b].id, raw[b].line))
    });
    let n_seniors = raw.iter().filter(|p| p.role == Role::Senior).count();
    let index: HashMap<&str, usize> = order
        .iter()
        .enumerate()
        .rev()
        .map(|(new, &old)| (raw[old].id.as_str(), new))
        .collect();

    let topics = |list: &[(String, u8)]| -> Vec<Topic> {
        let mut out: Vec<Topic> = list
            .iter()
            .map(|(t, l)| Topic {
                id: id_of(t),
                level: *l,
            })
            .collect();
        // A topic listed twice keeps its highest level.
        out.sort_by(|a, b| a.id.cmp(&b.id).then(b.level.cmp(&a.level)));
        out.dedup_by_key(|t| t.id);
        out
    };
    let values = |list: &[String]| -> Vec<u32> {
        let mut out: Vec<u32> = list.iter().map(|t| id_of(t)).collect();
        out.sort_unstable();
        out.dedup();
        out
    };

    // Attribute values: private ones by their own ids, the rest from the vocabulary.
    let attribute_ids = |values: &[Option<String>], private: &[bool]| -> Vec<Option<u32>> {
        values
            .iter()
            .zip(private)
            .map(|(value, &private)| {
                value.as_deref().map(|text| {
                    if private {
                        secret_ids[&normalize(text)]
                    } else {
                        id_of(text)
                    }
                })
            })
            .collect()
    };
    let mut people: Vec<Person> = Vec::with_capacity(raw.len());
    let mut unknown_excluded: Vec<Diagnostic> = Vec::new();
    let mut outside_managers: BTreeMap<&str, usize> = BTreeMap::new();
    for &old in &order {
        let p = &raw[old];
        let manager = p.manager.as_ref().and_then(|(id, _)| {
            let found = index.get(id.as_str()).copied();
            if found.is_none() {
                *outside_managers.entry(id).or_default() += 1;
            }
            found
        });
        let exclude: Vec<usize> = p
            .exclude
            .iter()
            .filter_map(|(id, column)| {
                let found = index.get(id.as_str()).copied();
                if found.is_none() {
                    unknown_excluded.push(Diagnostic {
                        location: loc(
                            source,
                            Some(p.line),
                            Some((column + 1, &header.names[*column])),
                        ),
                        message: format!(
                            "excluded id \"{}\" is not in the roster; check it for a typo",
                            shown(id)
                        ),
                    });
                }
                found
            })
            .collect();
        people.push(Person {
            id: p.id.clone(),
            name: p.name.clone().unwrap_or_else(|| p.id.clone()),
            role: p.role,
            line: p.line,
            skills: topics(&p.skills),
            wants: topics(&p.wants),
            interests: values(&p.interests),
            languages: values(&p.languages),
            attributes: attribute_ids(&p.attributes, &private),
            capacity: p.capacity,
            manager,
            exclude,
            utc_offset: p.utc_offset,
            rule_attributes: attribute_ids(&p.rule_attributes, &rule_private),
        });
    }
    if !outside_managers.is_empty() {
        let mut ids: Vec<&str> = outside_managers.keys().copied().take(5).collect();
        if outside_managers.len() > ids.len() {
            ids.push("...");
        }
        let people_count: usize = outside_managers.values().sum();
        problems.warnings.push(Diagnostic {
            location: loc(source, None, header.index(Column::Manager).map(|i| (i + 1, "manager"))),
            message: format!(
                "{} manager ids ({}) are not in the roster, for {people_count} people; their management chains are followed only inside the roster",
                outside_managers.len(),
                shown_list(ids.iter().copied(), ", ")
            ),
        });
    }
    unknown_excluded.sort_by_key(|d| d.location.line);
    problems.warnings.extend(unknown_excluded);

    // Exclusions apply both ways.
    let mut extra: Vec<(usize, usize)> = Vec::new();
    for (i, p) in people.iter().enumerate() {
        extra.extend(p.exclude.iter().map(|&o| (o, i)));
    }
    for (o, i) in extra {
        people[o].exclude.push(i);
    }
    for p in &mut people {
        p.exclude.sort_unstable();
        p.exclude.dedup();
    }

    let (enter, leave) = management_order(source, &people, header, &mut problems);

    if !problems.errors.is_empty() {
        return Err(problems.into_error(source));
    }
    Ok(Roster {
        source: source.to_string(),
        people,
        n_seniors,
        vocab,
        diversity: header.diversity.iter().map(|(n, _)| n.clone()).collect(),
        private,
        rule_attribute_names: header.rule_columns.iter().map(|(n, _)| n.clone()).collect(),
        warnings: problems.warnings,
        enter,
        leave,
    })
}

fn normalize_spaces(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks the management forest for cycles and numbers it so that "a is
/// above b" is two comparisons.
fn management_order(
    source: &str,
    people: &[Person],
    header: &Header,
    problems: &mut Problems,
) -> (Vec<u32>, Vec<u32>) {
    let n = people.len();
    let manager_col = header.index(Column::Manager).map(|i| (i + 1, "manager"));
    // 0 = unvisited, 1 = on the current walk, 2 = done.
    let mut state = vec![0u8; n];
    let mut in_cycle = vec![false; n];
    for start in 0..n {
        let mut walk: Vec<usize> = Vec::new();
        let mut at = start;
        loop {
            match state[at] {
                2 => break,
                1 => {
                    let from = walk.iter().position(|&w| w == at).expect("on the walk");
                    let cycle: &[usize] = &walk[from..];
                    let mut ids: Vec<&str> = cycle.iter().map(|&c| people[c].id.as_str()).collect();
                    ids.push(&people[at].id);
                    let first = cycle
                        .iter()
                        .copied()
                        .min_by_key(|&c| people[c].line)
                        .expect("non-empty");
                    let message = if cycle.len() == 1 {
                        format!(
                            "{} is listed as their own manager; fix the manager column",
                            shown(&people[at].id)
                        )
                    } else {
                        format!(
                            "the management chain loops: {} (each is the manager of the one before); fix the manager column of one of them",
                            shown_list(ids.iter().copied(), " -> ")
                        )
                    };
                    problems.error(loc(source, Some(people[first].line), manager_col), message);
                    for &c in cycle {
                        in_cycle[c] = true;
                    }
                    break;
                }
                _ => {
                    state[at] = 1;
                    walk.push(at);
                    match people[at].manager {
                        Some(m) => at = m,
                        None => break,
                    }
                }
            }
        }
        for w in walk {
            state[w] = 2;
        }
    }
    let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut roots = Vec::new();
    for (i, p) in people.iter().enumerate() {
        match p.manager {
            Some(m) if !in_cycle[i] => children[m].push(i),
            _ => roots.push(i),
        }
    }
    let mut enter = vec![0u32; n];
    let mut leave = vec![0u32; n];
    let mut clock = 0u32;
    let mut stack: Vec<(usize, usize)> = Vec::new();
    for root in roots {
        stack.push((root, 0));
        enter[root] = clock;
        clock += 1;
        while let Some((node, next)) = stack.last_mut() {
            if let Some(&child) = children[*node].get(*next) {
                *next += 1;
                enter[child] = clock;
                clock += 1;
                stack.push((child, 0));
            } else {
                leave[*node] = clock;
                clock += 1;
                stack.pop();
            }
        }
    }
    (enter, leave)
}
