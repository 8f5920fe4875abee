//! One data row: its fields checked and parsed (role, topics with levels,
//! lists, capacity, clock offset) into a person whose references (manager,
//! exclude) are not resolved yet.

use std::hash::{BuildHasher, RandomState};
use std::sync::Arc;

use super::columns::Column;
use super::dialect;
use super::header::Header;
use super::people::{Role, DEFAULT_LEVEL, MAX_CAPACITY};
use super::problems::{loc, not_utf8, shown, Problems};
use crate::error::Diagnostic;

/// The kind of list or attribute a text was read from, as [`Texts`] keeps
/// them apart (the vocabulary's column families): topics (skills and
/// wants), interests, languages, then each diversity attribute and each
/// rule column in the header's order.
pub(super) mod kind {
    pub const TOPICS: usize = 0;
    pub const INTERESTS: usize = 1;
    pub const LANGUAGES: usize = 2;
    pub const FIRST_ATTRIBUTE: usize = 3;
}

/// Each distinct text of the roster's lists and attributes, once per kind
/// (see [`kind`]), numbered in the order first read: a roster of a
/// million people writes a few thousand distinct values many times over,
/// so a row holds their numbers, and each text is normalised once later.
///
/// Each text is held once, in `list`; the table holds only numbers into
/// it (a map from each text to its number held a second copy, and a
/// roster of 300,000 people with 1.2 million distinct texts, free-text
/// interests say, spent 0.8 s numbering its parts' texts as one).
#[derive(Default)]
pub(super) struct Texts {
    /// Each text's kind, hash and text, by number.
    list: Vec<(usize, u64, Box<str>)>,
    /// The numbers in `list` by kind, found by the hash of their text.
    tables: Vec<hashbrown::HashTable<u32>>,
    /// Keyed anew for each roster read, so that no roster can be written
    /// to make its texts collide; shared by the parts of one read, whose
    /// hashes are then kept when they are numbered as one.
    hasher: Arc<RandomState>,
}

impl Texts {
    /// Texts hashed as these are, for another part of the same read.
    pub(super) fn sharing(&self) -> Texts {
        Texts {
            hasher: Arc::clone(&self.hasher),
            ..Texts::default()
        }
    }

    /// The number of `text` of `kind`, given on first sight.
    pub(super) fn id(&mut self, kind: usize, text: &str) -> u32 {
        let hash = self.hasher.hash_one(text);
        self.number(kind, hash, text, |text| text.into())
    }

    /// The number of `text` of `kind`, whose hash is `hash`, keeping
    /// `text` itself when it is new.
    fn number<T: AsRef<str>>(
        &mut self,
        kind: usize,
        hash: u64,
        text: T,
        keep: impl FnOnce(T) -> Box<str>,
    ) -> u32 {
        if self.tables.len() <= kind {
            self.tables.resize_with(kind + 1, hashbrown::HashTable::new);
        }
        let list = &self.list;
        let same = |&id: &u32| *list[id as usize].2 == *text.as_ref();
        if let Some(&id) = self.tables[kind].find(hash, same) {
            return id;
        }
        let id = self.list.len() as u32;
        self.list.push((kind, hash, keep(text)));
        let list = &self.list;
        self.tables[kind].insert_unique(hash, id, |&id| list[id as usize].1);
        id
    }

    /// Numbers `other`'s texts among these, moving in those that are new
    /// (in `other`'s order), and returns the number each of `other`'s
    /// texts now has.
    pub(super) fn absorb(&mut self, other: Texts) -> Vec<u32> {
        let same_hashes = Arc::ptr_eq(&self.hasher, &other.hasher);
        if self.list.is_empty() && same_hashes {
            let numbers = (0..other.list.len() as u32).collect();
            *self = other;
            return numbers;
        }
        self.list.reserve(other.list.len());
        other
            .list
            .into_iter()
            .map(|(kind, hash, text)| {
                let hash = if same_hashes {
                    hash
                } else {
                    self.hasher.hash_one(&*text)
                };
                self.number(kind, hash, text, |text| text)
            })
            .collect()
    }

    /// The kind and text numbered `id`.
    pub(super) fn get(&self, id: u32) -> (usize, &str) {
        let (kind, _, text) = &self.list[id as usize];
        (*kind, text)
    }

    pub(super) fn len(&self) -> usize {
        self.list.len()
    }
}

/// A row before ids are resolved; its list and attribute texts are
/// numbers in the roster's [`Texts`].
pub(super) struct RawPerson {
    pub(super) id: String,
    pub(super) name: Option<String>,
    pub(super) role: Role,
    pub(super) line: u64,
    /// Topics with their level (priority for wants), `None` when the
    /// roster gave none (the default [`DEFAULT_LEVEL`] applies).
    pub(super) skills: Vec<(u32, Option<u8>)>,
    pub(super) wants: Vec<(u32, Option<u8>)>,
    pub(super) interests: Vec<u32>,
    pub(super) languages: Vec<u32>,
    pub(super) attributes: Vec<Option<u32>>,
    pub(super) capacity: u32,
    pub(super) min_capacity: u32,
    pub(super) manager: Option<(String, usize)>,
    pub(super) exclude: Vec<(String, usize)>,
    /// `prefers`: ids or names in order of preference, with the column.
    pub(super) prefers: Vec<(String, usize)>,
    pub(super) utc_offset: Option<i32>,
    pub(super) rule_attributes: Vec<Option<u32>>,
    pub(super) numbers: Vec<Option<f64>>,
    /// Diversity attributes whose answer was a placeholder (read as
    /// blank): (attribute, index into the header's placeholder words).
    pub(super) placeholders: Vec<(usize, usize)>,
    /// The text of each kept column (`--keep`).
    pub(super) kept: Vec<String>,
    /// The address in the `email` column, where references may be
    /// addresses ([`Header::email`]); `None` when blank.
    pub(super) email: Option<Box<str>>,
}

impl RawPerson {
    /// Gives every text number `n` of the row `numbers[n]` (the row was
    /// read with texts numbered on their own; see `records::read_records`).
    pub(super) fn renumber_texts(&mut self, numbers: &[u32]) {
        for (id, _) in self.skills.iter_mut().chain(&mut self.wants) {
            *id = numbers[*id as usize];
        }
        for id in self.interests.iter_mut().chain(&mut self.languages) {
            *id = numbers[*id as usize];
        }
        let attributes = self.attributes.iter_mut().chain(&mut self.rule_attributes);
        for id in attributes.flatten() {
            *id = numbers[*id as usize];
        }
    }
}

/// The first field past a header of `width` columns that holds text (a
/// row may end in empty ones): a row with one has a delimiter too many, so
/// its fields may not be under the columns they belong to.
pub fn extra_field(record: &csv::ByteRecord, width: usize) -> Option<usize> {
    record
        .iter()
        .skip(width)
        .position(|f| !f.trim_ascii().is_empty())
        .map(|k| width + k)
}

/// What is wrong with a row of `fields` fields (one past the header's
/// `width` holding text, see [`extra_field`]) and what to do.
pub fn too_many_fields(fields: usize, width: usize, delimiter: u8) -> String {
    format!(
        "this row has {fields} fields but the header has {width}; a field probably holds an unquoted {}: put it in double quotes",
        dialect::delimiter_name(delimiter)
    )
}

/// What is wrong with a row that has fewer fields than the header's
/// `width`, and what to do. A row that is one cell holding the header's
/// delimiter again and again is a whole line kept as one cell: a
/// spreadsheet set to split lines at another character opened the file
/// and saved it again (`"1,Ann,junior";Python;SQL` from a comma file
/// opened in a semicolon locale), and no field is missing from it.
fn too_few_fields(record: &csv::ByteRecord, width: usize, delimiter: u8) -> String {
    let name = dialect::delimiter_name(delimiter);
    let held = record
        .iter()
        .map(|f| f.iter().filter(|&&b| b == delimiter).count());
    let held: usize = held.sum();
    // The line's delimiters, held in cells or between them, are enough
    // for the header's columns.
    if record.len() <= 2 && width > 2 && held + record.len() >= width {
        return format!(
            "this row is {} holding {held} {name}s, where the header has {width} columns: a spreadsheet read each line as one cell and saved the file so; export the file again from where it came from, or open it with the {name} as the separator (Excel: Data > From Text/CSV) and save it as CSV",
            if record.len() == 1 { "one cell" } else { "two cells" },
        );
    }
    format!(
        "this row has {} but the header has {width}; add the missing fields (empty is fine) or check for a missing {name}",
        crate::text::count(record.len(), "field", "fields"),
    )
}

pub(super) fn read_row(
    source: &str,
    line: u64,
    record: &csv::ByteRecord,
    header: &Header,
    texts: &mut Texts,
    problems: &mut Problems,
) -> Option<RawPerson> {
    let width = header.names.len();
    if record.len() < header.required {
        problems.error(
            loc(source, Some(line), None),
            too_few_fields(record, header.required, header.delimiter),
        );
        return None;
    }
    if extra_field(record, width).is_some() {
        problems.error(
            loc(source, Some(line), None),
            too_many_fields(record.len(), width, header.delimiter),
        );
        return None;
    }
    let errors_before = problems.errors.len() + problems.hidden;
    let mut fields: Vec<&str> = Vec::with_capacity(width);
    // Columns already reported as not text: not reported again as empty.
    let mut unreadable = vec![false; width];
    for (i, unreadable) in unreadable.iter_mut().enumerate() {
        let field = record.get(i).unwrap_or_default();
        match std::str::from_utf8(field) {
            Ok(text) if text.contains('\0') => {
                problems.error(
                    loc(source, Some(line), Some((i + 1, &header.labels[i]))),
                    "the text holds a NUL character (byte 0), which is not text; the file is probably UTF-16 or UTF-32 read as UTF-8, or not a CSV file: save it as CSV UTF-8".into(),
                );
                *unreadable = true;
                fields.push("");
            }
            Ok(text) if header.reads(i) && crate::spreadsheet::is_error_value(text.trim()) => {
                // Excel writes a formula's error (a VLOOKUP that found
                // nothing) into its CSV export as text: as in a workbook,
                // an error where rmatch reads the column.
                problems.error(
                    loc(source, Some(line), Some((i + 1, &header.labels[i]))),
                    format!(
                        "the cell holds the spreadsheet error {}, not a value; correct the formula (or type the value) and save again",
                        text.trim()
                    ),
                );
                *unreadable = true;
                fields.push("");
            }
            Ok(text) => fields.push(text.trim()),
            Err(e) => {
                let shown = (!header.private[i]).then_some(field);
                problems.error(
                    loc(source, Some(line), Some((i + 1, &header.labels[i]))),
                    not_utf8(shown, e.valid_up_to()),
                );
                *unreadable = true;
                fields.push("");
            }
        }
    }
    let cell = |column: Column| header.index(column).map(|i| (i, fields[i]));
    let at = |i: usize| loc(source, Some(line), Some((i + 1, &header.labels[i])));

    let (id_col, id) = cell(Column::Id).expect("header checked");
    if id.is_empty() && !unreadable[id_col] {
        problems.error(
            at(id_col),
            "the id is empty; give every person a unique id".into(),
        );
    } else if crate::text::id_key(id).is_empty() && !unreadable[id_col] {
        problems.error(
            at(id_col),
            format!(
                "the id \"{}\" has no visible character; give every person a unique id",
                shown(id)
            ),
        );
    }
    let (role_col, role_text) = cell(Column::Role).expect("header checked");
    let role = match role_text.to_lowercase().as_str() {
        "senior" => Some(Role::Senior),
        "junior" => Some(Role::Junior),
        _ if unreadable[role_col] => None,
        "" => {
            problems.error(
                at(role_col),
                "the role is empty; write junior for a mentor or senior for a mentee (a row that is no person, such as a totals or notes line, can be deleted)".into(),
            );
            None
        }
        _ => {
            problems.error(
                at(role_col),
                format!("role \"{}\" is neither junior nor senior; write junior for a mentor or senior for a mentee", shown(role_text)),
            );
            None
        }
    };
    let mut topics = |column: Column, what: &str| -> Vec<(u32, Option<u8>)> {
        match cell(column) {
            Some((i, text)) => match parse_topics(text, what) {
                Ok(topics) => {
                    for (topic, level) in &topics {
                        let Some(level) = level else { continue };
                        if let Some(message) = level_inside_topic(topic, *level, what) {
                            problems.warnings.push(Diagnostic {
                                location: at(i),
                                message,
                            });
                        }
                    }
                    topics
                        .into_iter()
                        .map(|(topic, level)| (texts.id(kind::TOPICS, topic), level))
                        .collect()
                }
                Err(message) => {
                    problems.error(at(i), message);
                    Vec::new()
                }
            },
            None => Vec::new(),
        }
    };
    let skills = topics(Column::Skills, "level");
    let wants = topics(Column::Wants, "priority");
    let mut list = |column: Column, of_kind: usize| -> Vec<u32> {
        cell(column).map_or_else(Vec::new, |(_, text)| {
            split_list(text)
                .map(|item| texts.id(of_kind, item))
                .collect()
        })
    };
    let interests = list(Column::Interests, kind::INTERESTS);
    let languages = list(Column::Languages, kind::LANGUAGES);
    let capacity = match cell(Column::Capacity) {
        Some((_, "")) | None => 1,
        Some((i, text)) => match whole_number::<u32>(text) {
            Some(n) if n <= MAX_CAPACITY => n,
            _ => {
                problems.error(
                    at(i),
                    format!("capacity \"{}\" is not a whole number from 0 to {MAX_CAPACITY}; write how many partners this person takes (default 1, 0 to sit out)", shown(text)),
                );
                0
            }
        },
    };
    let min_capacity = match cell(Column::MinCapacity) {
        Some((_, "")) | None => 0,
        Some((i, text)) => match whole_number::<u32>(text) {
            Some(n) if n <= capacity => n,
            Some(n) if n <= MAX_CAPACITY => {
                problems.error(
                    at(i),
                    format!("min_capacity {n} is above this person's capacity {capacity}; write at most {capacity}, or raise the capacity"),
                );
                0
            }
            _ => {
                problems.error(
                    at(i),
                    format!("min_capacity \"{}\" is not a whole number from 0 to {MAX_CAPACITY}; write the fewest partners this person must get (default 0)", shown(text)),
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
    let prefers = cell(Column::Prefers).map_or_else(Vec::new, |(i, text)| {
        split_list(text).map(|id| (id.to_string(), i)).collect()
    });
    // A placeholder answer ("Prefer not to say") is no answer: blank, for
    // diversity and for the programme rules alike.
    let placeholder = |text: &str| -> Option<usize> {
        if header.missing.is_empty() {
            return None;
        }
        let key = super::people::placeholder_key(text);
        header.missing.iter().position(|(m, _)| *m == key)
    };
    let mut placeholders = Vec::new();
    let attributes = header
        .diversity
        .iter()
        .enumerate()
        .map(|(k, (_, i))| {
            let text = fields[*i];
            if text.is_empty() {
                return None;
            }
            if let Some(w) = placeholder(text) {
                placeholders.push((k, w));
                return None;
            }
            Some(texts.id(kind::FIRST_ATTRIBUTE + k, text))
        })
        .collect();
    let name = match header.name_parts {
        Some((first, last)) => {
            let parts: Vec<&str> = [Some(first), last]
                .into_iter()
                .flatten()
                .map(|i| fields[i])
                .filter(|p| !p.is_empty())
                .collect();
            (!parts.is_empty()).then(|| parts.join(" "))
        }
        None => cell(Column::Name).and_then(|(_, n)| (!n.is_empty()).then(|| n.to_string())),
    };
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

    let numbers = header
        .numeric_columns
        .iter()
        .map(|(name, i)| match fields[*i] {
            "" => None,
            text => match text.parse::<f64>().ok().filter(|v| v.is_finite()) {
                Some(v) => Some(v),
                None => {
                    let shown_value = if header.private[*i] {
                        "this value".to_string()
                    } else {
                        format!("\"{}\"", shown(text))
                    };
                    problems.error(
                        at(*i),
                        format!("{name} {shown_value} is not a number, which --gap {name} needs; write a number (for example 7 or 7.5), or leave it empty"),
                    );
                    None
                }
            },
        })
        .collect();

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
        min_capacity,
        manager,
        exclude,
        prefers,
        utc_offset,
        rule_attributes: header
            .rule_columns
            .iter()
            .enumerate()
            .map(|(k, (_, i))| {
                let text = fields[*i];
                (!text.is_empty() && placeholder(text).is_none())
                    .then(|| texts.id(kind::FIRST_ATTRIBUTE + header.diversity.len() + k, text))
            })
            .collect(),
        numbers,
        placeholders,
        kept: header
            .kept
            .iter()
            .map(|(_, i)| fields[*i].to_string())
            .collect(),
        email: header
            .email
            .map(|i| fields[i].trim())
            .filter(|address| !address.is_empty())
            .map(Box::from),
    })
}

/// Parses `-5`, `+5:30`, `0`, `5.5` (hours) into minutes, within -12..=+14 hours.
/// A `UTC` or `GMT` before it (any case: `GMT+1`, as UK surveys write it)
/// is read past, and four digits after a sign are hours and minutes
/// (`+0530`, `-0500`, as `date +%z` and ISO 8601 write them; no offset is
/// 530 hours).
pub(super) fn parse_utc_offset(text: &str) -> Option<i32> {
    let text = text.trim();
    let text = match text.get(..3) {
        Some(prefix)
            if prefix.eq_ignore_ascii_case("utc") || prefix.eq_ignore_ascii_case("gmt") =>
        {
            match text[3..].trim() {
                "" => return Some(0),
                rest => rest,
            }
        }
        _ => text,
    };
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    let hhmm = rest.trim();
    let signed = rest.len() < text.len();
    if signed && hhmm.len() == 4 && hhmm.bytes().all(|b| b.is_ascii_digit()) {
        let (h, m): (i32, i32) = (hhmm[..2].parse().ok()?, hhmm[2..].parse().ok()?);
        let minutes = sign * (h * 60 + m);
        return ((0..60).contains(&m) && (-12 * 60..=14 * 60).contains(&minutes))
            .then_some(minutes);
    }
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

/// A whole number as people, spreadsheets and scripts write it: `2`, or
/// `2.0` (pandas writes a column of whole numbers that has a blank cell as
/// decimals: a capacity `2.0`, a level `ai:4.0`). `2.5` is none.
pub(super) fn whole_number<T: std::str::FromStr>(text: &str) -> Option<T> {
    let text = narrow_digits(text);
    let digits = match text.split_once('.') {
        Some((whole, zeros))
            if !whole.is_empty() && !zeros.is_empty() && zeros.bytes().all(|b| b == b'0') =>
        {
            whole
        }
        Some(_) => return None,
        None => &text,
    };
    digits.parse().ok()
}

/// `text` with the full-width digits and full stop that a CJK input method
/// types (`５`, `２．０`) as the ASCII ones they stand for, so a level or a
/// capacity typed that way is the number it shows.
fn narrow_digits(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_wide_number_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .map(|c| {
            if is_wide_number_char(c) {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            } else {
                c
            }
        })
        .collect()
}

/// A full-width digit (U+FF10 to U+FF19), or the full-width full stop.
fn is_wide_number_char(c: char) -> bool {
    matches!(c, '\u{ff10}'..='\u{ff19}' | '\u{ff0e}')
}

/// The non-empty trimmed items of a `;`-separated cell.
pub(super) fn split_list(text: &str) -> impl Iterator<Item = &str> {
    text.split(';').map(str::trim).filter(|s| !s.is_empty())
}

/// A warning when a topic itself ends in `:N` (`ai:5:3` reads as the topic
/// `ai:5` at level 3): probably a level typed twice.
pub(super) fn level_inside_topic(topic: &str, level: u8, what: &str) -> Option<String> {
    let (name, number) = topic.rsplit_once(':')?;
    let inner: u32 = number.trim().parse().ok()?;
    let name = shown(name.trim());
    Some(format!(
        "\"{}:{level}\" reads as the topic \"{}\" at {what} {level}, but a {what} seems to sit inside the topic; write one {what} per topic ({name}:{inner} or {name}:{level})",
        shown(topic),
        shown(topic),
    ))
}

/// Parses `topic` / `topic:N` items; `what` is "level" or "priority".
///
/// The level is read only when the text after the last colon is a number
/// (spaces around it allowed): `ai:4` is `ai` at level 4 and `python:9` is
/// an error, but `Anthropic: Claude Sonnet` and `team:alpha` are whole
/// topics. A topic without a level gets `None` (the default level applies,
/// and no output claims a level the roster did not give).
pub(super) fn parse_topics<'t>(
    text: &'t str,
    what: &str,
) -> std::result::Result<Vec<(&'t str, Option<u8>)>, String> {
    let mut out: Vec<(&str, Option<u8>)> = Vec::new();
    // Every bad item of the cell, said at once (one run finds them all).
    let mut bad: Vec<String> = Vec::new();
    for item in split_list(text) {
        let (topic, level) = match item.rsplit_once([':', '\u{ff1a}']) {
            Some((topic, number)) if looks_like_number(number) => {
                let number = number.trim();
                match whole_number::<u8>(number) {
                    Some(n) if (1..=5).contains(&n) => (topic.trim(), Some(n)),
                    _ => {
                        bad.push(format!(
                            "{what} \"{}\" of \"{}\" is not a whole number from 1 to 5; write topic:N with N from 1 to 5, or just the topic for {DEFAULT_LEVEL}",
                            shown(number),
                            shown(topic.trim())
                        ));
                        continue;
                    }
                }
            }
            _ => (item, None),
        };
        if topic.is_empty() {
            bad.push(format!(
                "\"{}\" has a {what} but no topic; write topic:N",
                shown(item)
            ));
            continue;
        }
        out.push((topic, level));
    }
    if bad.is_empty() {
        Ok(out)
    } else {
        Err(bad.join("; and "))
    }
}

/// Whether the text after a topic's last colon is meant as a level: a
/// number, whole or not, signed or not, with spaces around it (`4`, ` 4 `,
/// `9`, `2.5`, `-1`). Anything else (`Claude Sonnet`, `pro`) is part of the
/// topic.
fn looks_like_number(text: &str) -> bool {
    let text = text.trim();
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    !digits.is_empty()
        && digits
            .chars()
            .any(|c| c.is_ascii_digit() || (is_wide_number_char(c) && c != '\u{ff0e}'))
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || is_wide_number_char(c) || c == '.' || c == ',')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_offsets_in_hours_or_hours_and_minutes() {
        assert_eq!(parse_utc_offset("0"), Some(0));
        assert_eq!(parse_utc_offset("-5"), Some(-300));
        assert_eq!(parse_utc_offset("+5:30"), Some(330));
        assert_eq!(parse_utc_offset("UTC+5.5"), Some(330));
        assert_eq!(parse_utc_offset(" utc-3:45 "), Some(-225));
        assert_eq!(parse_utc_offset("GMT+1"), Some(60));
        assert_eq!(parse_utc_offset("Gmt"), Some(0));
        assert_eq!(parse_utc_offset("+0530"), Some(330));
        assert_eq!(parse_utc_offset("UTC-0500"), Some(-300));
        assert_eq!(parse_utc_offset("-1300"), None);
        assert_eq!(parse_utc_offset("+0560"), None);
        // Unsigned, four digits are hours as before.
        assert_eq!(parse_utc_offset("0005"), Some(300));
        assert_eq!(parse_utc_offset("14"), Some(840));
        assert_eq!(parse_utc_offset("-12"), Some(-720));
        for bad in ["15", "-13", "5:60", "five", "", "nan", "inf", "1e3"] {
            assert_eq!(parse_utc_offset(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn topics_take_a_level_or_the_default() {
        assert_eq!(
            parse_topics(" ai:5 ; excel ;; python : 2 ", "level"),
            Ok(vec![("ai", Some(5)), ("excel", None), ("python", Some(2)),])
        );
        let err = parse_topics("ai:6", "priority").unwrap_err();
        assert!(err.starts_with("priority \"6\" of \"ai\""), "{err}");
        let err = parse_topics(":4", "level").unwrap_err();
        assert_eq!(err, "\":4\" has a level but no topic; write topic:N");
        // Every bad item of a cell is said, not only the first.
        let err = parse_topics("ai:0;x:2.5;y:1", "level").unwrap_err();
        assert!(
            err.starts_with("level \"0\" of \"ai\" is not a whole number from 1 to 5")
                && err.contains("; and level \"2.5\" of \"x\" is not a whole number from 1 to 5"),
            "{err}"
        );
    }

    #[test]
    fn a_level_inside_a_topic_is_noticed() {
        let topics = parse_topics("ai:5:3;c++:2", "level").unwrap();
        assert_eq!(topics[0], ("ai:5", Some(3)));
        let warning = level_inside_topic(topics[0].0, 3, "level").unwrap();
        assert_eq!(
            warning,
            "\"ai:5:3\" reads as the topic \"ai:5\" at level 3, but a level seems to sit inside the topic; write one level per topic (ai:5 or ai:3)"
        );
        assert_eq!(level_inside_topic("c++", 2, "level"), None);
        assert_eq!(level_inside_topic("team:alpha", 2, "level"), None);
    }

    #[test]
    fn a_colon_starts_a_level_only_before_a_number() {
        // Topic names with colons, as survey answers write them.
        assert_eq!(
            parse_topics(
                "Anthropic: Claude Sonnet;Cohere: Command A:4;c++:pro",
                "level"
            ),
            Ok(vec![
                ("Anthropic: Claude Sonnet", None),
                ("Cohere: Command A", Some(4)),
                ("c++:pro", None),
            ])
        );
        // A number after the colon is a level, and out of range an error.
        for bad in ["python:9", "python: 9 ", "ai:2.5", "ai:-1", "ai:0"] {
            let err = parse_topics(bad, "level").unwrap_err();
            assert!(
                err.contains("is not a whole number from 1 to 5"),
                "{bad}: {err}"
            );
        }
        assert_eq!(
            parse_topics("python : 4 ", "level"),
            Ok(vec![("python", Some(4))])
        );
    }

    #[test]
    fn lists_drop_blank_items() {
        let items: Vec<&str> = split_list(" chess ;; ; jazz;").collect();
        assert_eq!(items, ["chess", "jazz"]);
        assert_eq!(split_list("").count(), 0);
    }
}
