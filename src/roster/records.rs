//! Records to a roster, whatever file they came from (a CSV file's
//! records, or a workbook sheet's rows): the header found and read, the
//! rows read (a large CSV file's in parts, side by side), then everyone
//! resolved. [`super::read`] and [`super::sheet`]
//! both hand their records here.

use super::columns;
use super::dialect::{self, MAX_PEOPLE};
use super::header::{read_header, Header};
use super::people::{ReadOptions, Roster};
use super::problems::{loc, shown, Problems};
use super::resolve::resolve;
use super::row::{kind, read_row, RawPerson, Texts};
use super::workbook::BadCell;
use crate::error::{Diagnostic, Result};
use rayon::prelude::*;

/// One record of a roster with its line (its row, in a workbook), or a
/// record that could not be read.
pub(super) type Numbered = std::result::Result<(u64, csv::ByteRecord), Diagnostic>;

/// The records of one part of a file, in order (see [`read_records`]).
pub(super) type Part<'a> = Box<dyn Iterator<Item = Numbered> + Send + 'a>;

/// Reads the header and the people from records, whatever file they came
/// from. The records come in parts, in order: the header is in the first,
/// and the rows of every part are read side by side (a CSV file of a
/// million people spent 2 s reading its rows on one thread), each part
/// numbering its own texts; the parts are then put together in order, so
/// the texts are numbered, and the problems told, as one reader would.
/// `bad_cells` are cells holding a spreadsheet error or a formula with no
/// saved result (line, 0-based column, what it holds): an error wherever
/// the header is, or rmatch reads the column.
pub(super) fn read_records(
    source: &str,
    parts: Vec<Part>,
    delimiter: u8,
    bad_cells: &[(u64, usize, BadCell)],
    options: &ReadOptions,
    mut problems: Problems,
) -> Result<Roster> {
    let mut parts = parts.into_iter();
    let mut records: Part = parts.next().unwrap_or_else(|| Box::new(std::iter::empty()));
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
    let header = export_rows(source, &mut records, header, options, &mut problems);
    let mut header = match read_header(source, header_line, &header, options, &mut problems) {
        Ok(read) => read,
        Err(crate::error::Error::Data(mut errors)) => {
            // A title or a date above the header (HR exports write one):
            // say which line looks like the header.
            let later = if has_id_and_role(&header, options) {
                None
            } else {
                later_header(&mut records, options)
            };
            if let Some(line) = later {
                errors.push(Diagnostic {
                    location: loc(source, Some(line), None),
                    message: "this line looks like the header (it names the columns id and role); delete the lines above it, or start each of them with #, which rmatch skips above the header".into(),
                });
            }
            return Err(crate::error::Error::Data(errors));
        }
        Err(e) => return Err(e),
    };
    header.delimiter = delimiter;
    for (line, column, cell) in bad_cells {
        if *line == header_line || (*line > header_line && header.reads(*column)) {
            let name = header.labels.get(*column).map_or("", String::as_str);
            let message = match cell {
                BadCell::Error(error) => format!("the cell holds the spreadsheet error {error}, not a value; correct the formula (or type the value) and save again"),
                BadCell::Formula(formula) => {
                    // A private column's formula may hold its value.
                    let private = header.private.get(*column).copied().unwrap_or(false);
                    let formula = if private || formula.is_empty() {
                        "a formula".to_string()
                    } else {
                        format!("the formula {}", shown(formula))
                    };
                    format!("the cell holds {formula} with no saved result (the file was written by a program that does not compute formulas); open it in Excel or LibreOffice and save it again, or type the value in the cell")
                }
            };
            problems.error(loc(source, Some(*line), Some((column + 1, name))), message);
        }
    }

    let parts: Vec<Part> = std::iter::once(records).chain(parts).collect();
    let mut texts = Texts::default();
    let mut read: Vec<PartRows> = parts
        .into_par_iter()
        .map(|records| read_part(source, records, &header, texts.sharing()))
        .collect();
    // The texts numbered as one reader would have (each part's new texts
    // in the order that part first read them: the first part's as they
    // are), then each part's rows renumbered, side by side.
    let numbers: Vec<Vec<u32>> = read
        .iter_mut()
        .map(|part| texts.absorb(std::mem::take(&mut part.texts)))
        .collect();
    read.par_iter_mut()
        .zip(&numbers)
        .for_each(|(part, numbers)| {
            if numbers.iter().enumerate().any(|(i, &n)| n as usize != i) {
                for person in &mut part.raw {
                    person.renumber_texts(numbers);
                }
            }
        });
    let mut raw: Vec<RawPerson> = Vec::with_capacity(read.iter().map(|part| part.raw.len()).sum());
    // Values under a blank header cell (a header cell merged over two
    // columns names only the first) are not read: one warning per column.
    let mut unnamed: Vec<(usize, u64, usize)> = Vec::new();
    for part in &read {
        for &(column, line, count) in &part.unnamed {
            match unnamed.iter_mut().find(|(c, _, _)| *c == column) {
                Some((_, _, total)) => *total += count,
                None => unnamed.push((column, line, count)),
            }
        }
    }
    unnamed.sort_unstable();
    for (column, line, count) in unnamed {
        problems.warnings.push(Diagnostic {
            location: loc(source, Some(line), Some((column + 1, ""))),
            message: format!(
                "this column has no name in the header but holds values in {count} row{}, which are ignored; name the column (a header cell merged over several columns names only the first), or delete them",
                if count == 1 { "" } else { "s" }
            ),
        });
    }
    for part in read {
        for error in part.problems.errors {
            problems.error(error.location, error.message);
        }
        problems.hidden += part.problems.hidden;
        problems.warnings.extend(part.problems.warnings);
        if let Some(line) = part.too_many {
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
        raw.extend(part.raw);
    }
    if raw.is_empty() && !problems.has_errors() {
        // A header alone is an export that found nobody (an empty query,
        // a filter left on): a pairing of no one would pass for a result.
        problems.error(
            loc(source, Some(header_line), None),
            "the roster has a header but no people below it; add a row per person (an export that came out empty may need its filter or query checked)".into(),
        );
        return Err(problems.into_error(source));
    }
    comma_lists(source, &texts, &mut problems);
    level_words(source, &texts, &mut problems);
    resolve(source, raw, &texts, &header, problems)
}

/// One warning per list column family whose items hold a comma (`Gen AI,
/// TikTok`): lists are `;`-separated, so each such item is one topic, but
/// Google Forms writes a checkbox answer with commas, and nothing would
/// say why nobody pairs. A comma inside brackets (`Excel (pivots,
/// macros)`) is taken as part of the name.
fn comma_lists(source: &str, texts: &Texts, problems: &mut Problems) {
    for (of_kind, what, columns) in [
        (kind::TOPICS, "topic", "skills and wants"),
        (kind::INTERESTS, "interest", "interests"),
        (kind::LANGUAGES, "language", "languages"),
    ] {
        let mut found: Vec<&str> = (0..texts.len() as u32)
            .map(|t| texts.get(t))
            .filter(|&(k, text)| k == of_kind && has_list_comma(text))
            .map(|(_, text)| text)
            .collect();
        if found.is_empty() {
            continue;
        }
        let (count, verb) = match found.len() {
            1 => (format!("1 {what}"), "holds"),
            n => (format!("{n} {what}s"), "hold"),
        };
        problems.warnings.push(Diagnostic {
            location: loc(source, None, None),
            message: format!(
                "{count} in {columns} {verb} a comma ({}), and each is read as one {what}, since list items are separated by ;. If they are lists (Google Forms writes checkbox answers with commas), replace the commas with ;",
                examples(&mut found)
            ),
        });
    }
}

/// Words people write for a level (`python:expert`), which rmatch reads
/// as part of the topic: a level is a number.
const LEVEL_WORDS: [&str; 16] = [
    "beginner",
    "basic",
    "novice",
    "elementary",
    "intermediate",
    "medium",
    "moderate",
    "advanced",
    "expert",
    "high",
    "low",
    "proficient",
    "fluent",
    "native",
    "master",
    "none",
];

/// One warning for the topics that end in `:WORD` with a word for a level
/// (`python:expert`, `ai:high`), or in `(WORD)` or ` - WORD` as survey
/// grids write one (`Python (Advanced)`, `Gen AI - Expert`): read as whole
/// topics (`Anthropic: Claude` must stay one), so nobody matches them, and
/// nothing said why.
fn level_words(source: &str, texts: &Texts, problems: &mut Problems) {
    let ends_in_level_word = |text: &str| {
        let text = text.trim();
        let split = if let Some(open) = text.strip_suffix(')') {
            open.rsplit_once('(')
        } else {
            text.rsplit_once(':').or_else(|| text.rsplit_once(" - "))
        };
        split.is_some_and(|(topic, word)| {
            !topic.trim().is_empty() && LEVEL_WORDS.contains(&word.trim().to_lowercase().as_str())
        })
    };
    let mut found: Vec<&str> = (0..texts.len() as u32)
        .map(|t| texts.get(t))
        .filter(|&(k, text)| k == kind::TOPICS && ends_in_level_word(text))
        .map(|(_, text)| text)
        .collect();
    if found.is_empty() {
        return;
    }
    let (count, verb) = match found.len() {
        1 => ("1 topic".to_string(), "ends"),
        n => (format!("{n} topics"), "end"),
    };
    problems.warnings.push(Diagnostic {
        location: loc(source, None, None),
        message: format!(
            "{count} in skills and wants {verb} in a word for a level or priority ({}), and each is read as one topic at the default, since a level or priority is a number; write it as a number from 1 to 5 (python:4)",
            examples(&mut found)
        ),
    });
}

/// The first three of `found` quoted, then `...` if there are more;
/// sorted first, so a warning's examples do not depend on the row order.
fn examples(found: &mut [&str]) -> String {
    found.sort_unstable();
    let mut list: Vec<String> = found
        .iter()
        .take(3)
        .map(|text| format!("\"{}\"", shown(text)))
        .collect();
    if found.len() > list.len() {
        list.push("...".into());
    }
    list.join(", ")
}

/// Whether `text` holds a comma outside brackets, with text on both sides.
fn has_list_comma(text: &str) -> bool {
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0
                && !text[..i].trim().is_empty()
                && !text[i + 1..].trim().is_empty() =>
            {
                return true;
            }
            _ => {}
        }
    }
    false
}

/// What one part's rows gave (see [`read_records`]).
struct PartRows {
    raw: Vec<RawPerson>,
    /// The part's own numbers of its texts.
    texts: Texts,
    problems: Problems,
    /// The line of the row past [`MAX_PEOPLE`], where reading stopped.
    too_many: Option<u64>,
    /// Columns with a blank header cell that hold values: the first line
    /// of one and how many rows.
    unnamed: Vec<(usize, u64, usize)>,
}

/// Reads the rows of one part. The parts of a file that could hold more
/// than [`MAX_PEOPLE`] records come as one (see `read::parse_in_parts`),
/// so counting rows here finds the first row too many.
fn read_part(source: &str, records: Part, header: &Header, texts: Texts) -> PartRows {
    let mut part = PartRows {
        raw: Vec::new(),
        texts,
        problems: Problems::new(),
        too_many: None,
        unnamed: Vec::new(),
    };
    let blank: Vec<usize> = (0..header.names.len())
        .filter(|&i| header.names[i].is_empty())
        .collect();
    let mut rows = 0usize;
    for record in records {
        let (line, record) = match record {
            Ok(record) => record,
            Err(d) => {
                part.problems.error(d.location, d.message);
                continue;
            }
        };
        if record.iter().all(|f| f.trim_ascii().is_empty()) {
            continue;
        }
        rows += 1;
        if rows > MAX_PEOPLE {
            part.too_many = Some(line);
            break;
        }
        for &i in &blank {
            if record.get(i).is_some_and(|f| !f.trim_ascii().is_empty()) {
                match part.unnamed.iter_mut().find(|(c, _, _)| *c == i) {
                    Some((_, _, count)) => *count += 1,
                    None => part.unnamed.push((i, line, 1)),
                }
            }
        }
        if let Some(person) = read_row(
            source,
            line,
            &record,
            header,
            &mut part.texts,
            &mut part.problems,
        ) {
            part.raw.push(person);
        }
    }
    part
}

/// A Qualtrics export writes two rows below its header: the question
/// texts and the import ids (`{"ImportId":"QID1"}`); a SurveyMonkey export
/// one, of answer labels (`Response`). Finds them among the first records
/// after the header and takes them out of `records` with a warning (or
/// takes out the import ids alone when the question texts were deleted);
/// anything else is left in `records` as it was. A column the
/// mapping ([`ReadOptions::columns`]) names by its question text, which
/// such a header does not hold (it says `Q1`), takes that name. Returns
/// the header, so renamed.
fn export_rows(
    source: &str,
    records: &mut Part,
    header: csv::ByteRecord,
    options: &ReadOptions,
    problems: &mut Problems,
) -> csv::ByteRecord {
    let (mut ahead, rows) =
        columns::read_ahead_for_exports(records, |n: &Numbered| n.as_ref().ok().map(|(_, r)| r));
    let rest = std::mem::replace(records, Box::new(std::iter::empty()));
    let Some(rows) = rows else {
        *records = Box::new(ahead.into_iter().chain(rest));
        return header;
    };
    let line = |at: usize| ahead[at].as_ref().map_or(0, |(line, _)| *line);
    problems.warnings.push(Diagnostic {
        location: loc(source, Some(line(rows.first())), None),
        message: rows.skipped(),
    });
    let after: Vec<Numbered> = ahead.drain(rows.last + 1..).collect();
    *records = Box::new(after.into_iter().chain(rest));
    let Some(Ok((_, texts))) = rows.questions.map(|at| &ahead[at]) else {
        return header;
    };
    // A column the mapping names by its question text takes that name.
    let name = |cell: &[u8]| columns::header_name(&String::from_utf8_lossy(cell));
    let names: Vec<String> = header.iter().map(name).collect();
    let questions: Vec<String> = texts.iter().map(name).collect();
    let wanted = columns::resolve(&options.columns)
        .unwrap_or_default()
        .into_iter()
        .map(|(_, w)| w);
    let mut cells: Vec<Vec<u8>> = header.iter().map(<[u8]>::to_vec).collect();
    for i in columns::named_by_question(&names, &questions, wanted) {
        cells[i] = texts[i].to_vec();
    }
    let mut renamed = csv::ByteRecord::from(cells);
    renamed.set_position(header.position().cloned());
    renamed
}

/// Whether a header record names both columns rmatch needs, as they are
/// named or as the mapping ([`ReadOptions::columns`]) names them.
fn has_id_and_role(record: &csv::ByteRecord, options: &ReadOptions) -> bool {
    let names: Vec<String> = record
        .iter()
        .map(|f| super::columns::header_name(&String::from_utf8_lossy(f)))
        .collect();
    let mapping = super::columns::resolve(&options.columns).unwrap_or_default();
    ["id", "role"].iter().all(|needed| {
        let header = mapping
            .iter()
            .find(|(column, _)| column == needed)
            .map_or(*needed, |(_, header)| header.as_str());
        names.iter().any(|n| n == header)
    })
}

/// The line of the first of the next few records that names the columns id
/// and role, for a roster whose header sits below a title.
fn later_header(records: &mut Part, options: &ReadOptions) -> Option<u64> {
    records
        .take(20)
        .map_while(std::result::Result::ok)
        .find(|(_, record)| has_id_and_role(record, options))
        .map(|(line, _)| line)
}
