//! The header row: which column is which (by rmatch's names, or by an
//! export's own as [`super::columns`] maps them), the attribute columns the
//! diversity score, `--private` and the quota rules name, and the columns
//! rmatch ignores (a warning).

use std::collections::HashMap;

use super::columns::{
    self, header_name, own_columns, visible, Column, COLUMNS, INTRODUCTION_COLUMNS,
};
use super::dialect;
use super::people::{normalize, placeholder_key, ReadOptions, DEFAULT_DIVERSITY, DEFAULT_MISSING};
use super::problems::{loc, not_utf8, shown, shown_list, Problems};
use crate::error::{Diagnostic, Result};

/// The header, mapped to what each column means.
#[derive(Debug)]
pub(super) struct Header {
    /// Each column's name as rmatch matches it: the header cell as read
    /// ([`header_name`]), or rmatch's own name for a column the mapping
    /// ([`ReadOptions::columns`]) renames (`employee id` read as `id`).
    pub(super) names: Vec<String>,
    /// Each header cell as read, as messages name its column: what the
    /// file says, mapped or not.
    pub(super) labels: Vec<String>,
    pub(super) known: Vec<Option<Column>>,
    /// For each diversity attribute, its column index.
    pub(super) diversity: Vec<(String, usize)>,
    /// Whether each column is private.
    pub(super) private: Vec<bool>,
    /// Rows need at least this many fields: up to the last named column.
    pub(super) required: usize,
    /// The field delimiter, for messages.
    pub(super) delimiter: u8,
    /// For each attribute rules read, its column index.
    pub(super) rule_columns: Vec<(String, usize)>,
    /// For each numeric attribute rules read (`--gap`), its column index.
    pub(super) numeric_columns: Vec<(String, usize)>,
    /// Placeholder answers read as blank in diversity attributes, as
    /// [`super::people::placeholder_key`] reads them, with the words as given.
    pub(super) missing: Vec<(String, String)>,
    /// Columns copied into the outputs (`--keep`), with their index.
    pub(super) kept: Vec<(String, usize)>,
    /// Aliases of topics and interests: normalised alias -> normalised topic.
    pub(super) aliases: HashMap<String, String>,
    /// Whether the `id` column is read as `email` too (the mapping gives
    /// both one header: a sign-up form whose only identifier is the
    /// address).
    pub(super) email_in_id: bool,
    /// Without a `name` column, the columns of first and last names an
    /// HR export writes (`First Name`, `Last Name`): each person's name
    /// is the two joined; a first-name column alone is the name by itself.
    pub(super) name_parts: Option<(usize, Option<usize>)>,
    /// The `email` column, read where a manager or an excluded person may
    /// be given by address (a directory's "Manager Email"): such a
    /// reference is found by the address of a person in the roster. `None`
    /// without an `email` column, without a `manager` or `exclude` column,
    /// and where the ids are the addresses ([`Header::email_in_id`]).
    pub(super) email: Option<usize>,
}

impl Header {
    /// A topic or interest as the vocabulary keys it: normalised, then
    /// through the aliases (`js` -> `javascript`).
    pub(super) fn topic_key(&self, text: &str) -> String {
        let key = normalize(text);
        match self.aliases.get(&key) {
            Some(topic) => topic.clone(),
            None => key,
        }
    }

    pub(super) fn index(&self, column: Column) -> Option<usize> {
        self.known.iter().position(|c| *c == Some(column))
    }

    /// Whether rmatch reads anything from column `i` (0-based).
    pub(super) fn reads(&self, i: usize) -> bool {
        self.known.get(i).is_some_and(Option::is_some)
            || self.private.get(i).copied().unwrap_or(false)
            || self.name_parts.is_some_and(|(f, l)| i == f || l == Some(i))
            || [
                &self.diversity,
                &self.rule_columns,
                &self.numeric_columns,
                &self.kept,
            ]
            .iter()
            .any(|list| list.iter().any(|(_, c)| *c == i))
    }
}

/// Headers of a first-name column, as matched with spaces and hyphens
/// read as `_`.
const FIRST_NAMES: [&str; 6] = [
    "first_name",
    "firstname",
    "given_name",
    "givenname",
    "forename",
    // A Qualtrics sign-up survey sent to a contact list.
    "recipientfirstname",
];

/// Headers of a last-name column, likewise.
const LAST_NAMES: [&str; 6] = [
    "last_name",
    "lastname",
    "surname",
    "family_name",
    "familyname",
    "recipientlastname",
];

/// An error for each column a header on `line` names again (by `names`,
/// as they are matched), at the second place, naming the first: which of
/// the two was meant cannot be told. Blank header cells are no names.
/// Shared by the roster and the files read beside it (pairs files, pair
/// scores, feedback).
pub fn duplicate_columns(source: &str, line: u64, names: &[String]) -> Vec<Diagnostic> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut twice = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if name.is_empty() {
            continue;
        }
        if let Some(first) = seen.insert(name, i) {
            twice.push(Diagnostic {
                location: loc(source, Some(line), Some((i + 1, name))),
                message: format!(
                    "the header names column \"{}\" twice (columns {} and {}); rename or remove one",
                    shown(name),
                    first + 1,
                    i + 1
                ),
            });
        }
    }
    twice
}

pub(super) fn read_header(
    source: &str,
    line: u64,
    record: &csv::ByteRecord,
    options: &ReadOptions,
    problems: &mut Problems,
) -> Result<Header> {
    let mut labels = Vec::with_capacity(record.len());
    for (i, field) in record.iter().enumerate() {
        match std::str::from_utf8(field) {
            Ok(text) => labels.push(header_name(text)),
            Err(e) => {
                problems.error(
                    loc(source, Some(line), Some((i + 1, ""))),
                    not_utf8(Some(field), e.valid_up_to()),
                );
                labels.push(String::new());
            }
        }
    }
    if problems.has_errors() {
        return Err(std::mem::replace(problems, Problems::new()).into_error(source));
    }
    for twice in duplicate_columns(source, line, &labels) {
        problems.error(twice.location, twice.message);
    }
    let mapping = match columns::resolve(&options.columns) {
        Ok(mapping) => mapping,
        Err(message) => {
            problems.error(loc(source, Some(line), None), message);
            return Err(std::mem::replace(problems, Problems::new()).into_error(source));
        }
    };
    let names = mapped_names(source, line, &labels, &mapping, problems);
    let email_in_id = email_in_id(&mapping);
    let known: Vec<Option<Column>> = names
        .iter()
        .map(|name| COLUMNS.iter().find(|(n, _)| n == name).map(|(_, c)| *c))
        .collect();
    let name_parts = (!known.contains(&Some(Column::Name)))
        .then(|| {
            let find = |spellings: &[&str]| {
                (0..names.len()).find(|&i| {
                    known[i].is_none()
                        && spellings.contains(&names[i].replace([' ', '-'], "_").as_str())
                })
            };
            Some((find(&FIRST_NAMES)?, find(&LAST_NAMES)))
        })
        .flatten();
    for required in ["id", "role"] {
        // A mapped column missing from the header is reported as such.
        if !names.iter().any(|n| n == required) && !mapping.iter().any(|(c, _)| *c == required) {
            let texts: Vec<String> = record
                .iter()
                .map(|f| {
                    let text = visible(&String::from_utf8_lossy(f));
                    text.split_whitespace().collect::<Vec<_>>().join(" ")
                })
                .collect();
            problems.error(
                loc(source, Some(line), None),
                format!(
                    "the header has no \"{required}\" column; rmatch needs the columns id and role (found: {}){}",
                    shown_list(labels.iter().filter(|n| !n.is_empty()).map(String::as_str), ", "),
                    match delimiter_hint(&labels) {
                        hint if hint.is_empty() => {
                            mapping_hint(required, &labels, &texts, &mapping)
                        }
                        hint => hint,
                    }
                ),
            );
        }
    }
    // An attribute a flag names, found by its name as matched, else by
    // the header of a column the mapping renames (which is then one of
    // rmatch's columns, or `email`, `timezone`, `availability`).
    let position = |attribute: &str| {
        names
            .iter()
            .position(|n| n == attribute)
            .or_else(|| {
                (email_in_id && attribute == INTRODUCTION_COLUMNS[0])
                    .then(|| names.iter().position(|n| n == "id"))
                    .flatten()
            })
            .or_else(|| labels.iter().position(|n| n == attribute))
    };
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
    // Adds the column of an attribute a flag names to `columns` (once); an
    // error when it is one of rmatch's own columns (`reserved`) or missing
    // from the header (`missing`).
    let mut add_column = |columns: &mut Vec<(String, usize)>,
                          attribute: String,
                          reserved: String,
                          missing: String| {
        match position(&attribute) {
            Some(i) if known[i].is_some() => {
                problems.error(loc(source, Some(line), Some((i + 1, &attribute))), reserved);
            }
            Some(i) => {
                if !columns.iter().any(|(a, _)| *a == attribute) {
                    columns.push((attribute, i));
                }
            }
            None => problems.error(loc(source, Some(line), None), missing),
        }
    };
    let mut diversity: Vec<(String, usize)> = Vec::new();
    for attribute in wanted.into_iter().chain(private.iter().cloned()) {
        let what = if private.contains(&attribute) {
            ("private", "--private")
        } else {
            ("diversity", "--diversity")
        };
        add_column(
            &mut diversity,
            attribute.clone(),
            format!("\"{}\" cannot be a {} attribute; choose a background column such as department, generation or gender", shown(&attribute), what.0),
            format!("{} names the column \"{}\", which the header does not have; add the column or fix the name", what.1, shown(&attribute)),
        );
    }
    let mut rule_columns: Vec<(String, usize)> = Vec::new();
    for attribute in &options.rule_attributes {
        let attribute = header_name(attribute);
        add_column(
            &mut rule_columns,
            attribute.clone(),
            format!("\"{}\" cannot be used by a programme rule (--max-same, --fair, --must-differ, --must-share); choose an attribute column such as department or organisation", shown(&attribute)),
            format!("a programme rule (--max-same, --fair, --must-differ or --must-share) names the attribute \"{}\", which the header does not have; add the column or fix the name", shown(&attribute)),
        );
    }
    let mut numeric_columns: Vec<(String, usize)> = Vec::new();
    for attribute in &options.numeric_attributes {
        let attribute = header_name(attribute);
        add_column(
            &mut numeric_columns,
            attribute.clone(),
            format!("\"{}\" cannot be used by --gap; choose a numeric column such as grade or years", shown(&attribute)),
            format!("--gap names the attribute \"{}\", which the header does not have; add the column or fix the name", shown(&attribute)),
        );
    }
    let mut kept: Vec<(String, usize)> = Vec::new();
    for column in &options.keep {
        let column = header_name(column);
        if column.is_empty() || kept.iter().any(|(k, _)| *k == column) {
            continue;
        }
        let at = position(&column);
        if email_in_id && column == INTRODUCTION_COLUMNS[0] {
            // The addresses are the ids: kept as `email` all the same.
            if let Some(i) = at {
                kept.push((column, i));
                continue;
            }
        }
        // `id` and `name`, also under the header a mapping renames.
        let own = match at.and_then(|i| known[i]) {
            Some(Column::Id) => Some("id"),
            Some(Column::Name) => Some("name"),
            _ => ["id", "name"].into_iter().find(|n| *n == column),
        };
        if let Some(own) = own {
            problems.error(
                loc(source, Some(line), None),
                format!(
                    "--keep names the column \"{}\", which every output already has (senior_{own}, junior_{own}); leave it out of --keep",
                    shown(&column)
                ),
            );
        } else if private.contains(&column) {
            problems.error(
                loc(source, Some(line), None),
                format!(
                    "--keep names the private column \"{}\"; a private column is never written, so it cannot be kept: leave it out of --keep",
                    shown(&column)
                ),
            );
        } else if let Some(i) = at {
            kept.push((column, i));
        } else {
            problems.error(
                loc(source, Some(line), None),
                format!(
                    "--keep names the column \"{}\", which the header does not have; add the column or fix the name",
                    shown(&column)
                ),
            );
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
                && name_parts.is_none_or(|(f, l)| *i != f && l != Some(*i))
                && !INTRODUCTION_COLUMNS.contains(&n.as_str())
                && !diversity
                    .iter()
                    .chain(&rule_columns)
                    .chain(&numeric_columns)
                    .chain(&kept)
                    .any(|(_, c)| c == i)
        })
        .map(|(i, n)| {
            if n == FORMS_RESPONSE_NUMBER {
                n.as_str()
            } else {
                labels[i].as_str()
            }
        })
        .collect();
    if !ignored.is_empty() {
        // A manager column under an export's own header ("Manager Email",
        // "Supervisor", "Reports To"): without it the reporting-line rule
        // has nothing to go on, so say how to read it.
        let manager_like = (!known.contains(&Some(Column::Manager)))
            .then(|| {
                ignored
                    .iter()
                    .copied()
                    .find(|label| looks_like_manager(label))
            })
            .flatten();
        problems.warnings.push(Diagnostic {
            location: loc(source, Some(line), None),
            message: format!(
                "ignoring columns rmatch does not use: {}{}",
                shown_list(ignored.iter().copied(), ", "),
                manager_like.map_or_else(String::new, |label| format!(
                    "; \"{}\" looks like each person's manager: to rule out pairs in one reporting line, read it as the manager column (--column manager=\"{}\")",
                    shown(label),
                    shown(label)
                ))
            ),
        });
    }
    let private = names
        .iter()
        .zip(&labels)
        .map(|(n, l)| private.contains(n) || private.contains(l))
        .collect();
    let required = names
        .iter()
        .rposition(|n| !n.is_empty())
        .map_or(0, |i| i + 1);
    let email = (!email_in_id
        && (known.contains(&Some(Column::Manager)) || known.contains(&Some(Column::Exclude))))
    .then(|| names.iter().position(|n| n == INTRODUCTION_COLUMNS[0]))
    .flatten();
    Ok(Header {
        names,
        labels,
        known,
        diversity,
        private,
        required,
        delimiter: b',',
        rule_columns,
        numeric_columns,
        kept,
        aliases: super::aliases::table(&options.aliases),
        email_in_id,
        name_parts,
        email,
        missing: match &options.missing {
            Some(words) => words
                .iter()
                .filter(|w| !placeholder_key(w).is_empty())
                .map(|w| (placeholder_key(w), w.trim().to_string()))
                .collect(),
            None => DEFAULT_MISSING
                .iter()
                .map(|w| (placeholder_key(w), w.to_string()))
                .collect(),
        },
    })
}

/// Whether a header names each person's manager in an export's words
/// (`Manager Email`, `ManagerID`, `Supervisor`, `Reports To`, `Line
/// manager`), and is not a yes/no column about being one (`Is Manager`).
fn looks_like_manager(label: &str) -> bool {
    let folded: String = header_name(label)
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '_' })
        .collect();
    let words: Vec<&str> = folded.split('_').filter(|w| !w.is_empty()).collect();
    let yes_no = matches!(words.first(), Some(&("is" | "has" | "was")));
    !yes_no
        && [
            "manager",
            "supervisor",
            "reportsto",
            "reports_to",
            "reporting_to",
        ]
        .iter()
        .any(|word| folded.contains(word))
}

/// The header's names as rmatch matches them (`labels`, the cells as
/// read) once the mapping (rmatch's column, the header's name) renames
/// its columns. An error for a mapped header the file does not have, and
/// for a file that has a mapped header and also a column named as its
/// target (`id` and `employee id`, with `id` mapped to `employee id`):
/// which of the two is meant cannot be told.
fn mapped_names(
    source: &str,
    line: u64,
    labels: &[String],
    mapping: &[(&'static str, String)],
    problems: &mut Problems,
) -> Vec<String> {
    let mut names = labels.to_vec();
    for (column, header) in mapping {
        // A column already named as the target, which no mapping renames.
        let literal = labels
            .iter()
            .position(|l| l == column && !is_mapped(mapping, l))
            .filter(|&j| !(*column == "id" && is_forms_response_number(labels, j)));
        if *column == INTRODUCTION_COLUMNS[0] && email_in_id(mapping) {
            // Read from the id's header (named `id`), which the id's own
            // mapping checks; an `email` column besides would be a second
            // address.
            if let (Some(i), Some(j)) = (labels.iter().position(|l| l == header), literal) {
                problems.error(
                    loc(source, Some(line), None),
                    both_columns(column, j, header, i),
                );
            }
            continue;
        }
        if *column == "id" {
            if let Some(j) = labels
                .iter()
                .position(|l| l == column && !is_mapped(mapping, l))
                .filter(|&j| is_forms_response_number(labels, j))
            {
                names[j] = FORMS_RESPONSE_NUMBER.to_string();
            }
        }
        match (labels.iter().position(|l| l == header), literal) {
            (Some(i), None) => names[i] = column.to_string(),
            (Some(i), Some(j)) => problems.error(
                loc(source, Some(line), None),
                both_columns(column, j, header, i),
            ),
            (None, Some(_)) => problems.error(
                loc(source, Some(line), None),
                format!(
                    "the header has no column \"{}\", which --column or the config's [columns] maps to {column}, but has the column {column} itself; leave out the mapping for {column}",
                    shown(header)
                ),
            ),
            (None, None) => problems.error(
                loc(source, Some(line), None),
                format!(
                    "the header has no column \"{}\", which --column or the config's [columns] maps to {column} (found: {}){}",
                    shown(header),
                    shown_list(labels.iter().filter(|n| !n.is_empty()).map(String::as_str), ", "),
                    match delimiter_hint(labels) {
                        hint if hint.is_empty() => "; correct the header's name in the mapping, or leave the mapping out".to_string(),
                        hint => hint,
                    }
                ),
            ),
        }
    }
    names
}

/// What a Microsoft Forms export's own `Id` column is called once the
/// mapping reads the id from another header: a name no column of rmatch's
/// has, so that it is ignored (and named among the ignored columns by its
/// header, `id`).
const FORMS_RESPONSE_NUMBER: &str = "id (the form's response number)";

/// Whether the column `j`, named `id`, is a Microsoft Forms export's
/// response number: its first column, followed by `Start time` and
/// `Completion time`. When the mapping reads the id from another header
/// (`--column id=Email`), that column is no id, and is ignored instead of
/// being refused as a second id column.
fn is_forms_response_number(labels: &[String], j: usize) -> bool {
    j == 0
        && labels.get(1).is_some_and(|l| l == "start time")
        && labels.get(2).is_some_and(|l| l == "completion time")
}

/// Whether `mapping` reads `id` and `email` from one header.
fn email_in_id(mapping: &[(&'static str, String)]) -> bool {
    let header = |column: &str| mapping.iter().find(|(c, _)| *c == column).map(|(_, h)| h);
    header("id").is_some_and(|h| header(INTRODUCTION_COLUMNS[0]) == Some(h))
}

/// Why a header with both a column named `column` (at `j`, 0-based) and
/// the `header` mapped to it (at `i`) cannot be read.
fn both_columns(column: &str, j: usize, header: &str, i: usize) -> String {
    format!(
        "the header has both the column \"{column}\" (column {}) and \"{}\" (column {}), which --column or the config's [columns] maps to {column}; rmatch cannot tell which is meant: rename or remove one, or leave out the mapping",
        j + 1,
        shown(header),
        i + 1
    )
}

/// Whether `mapping` gives the header named `label` to one of rmatch's
/// columns.
fn is_mapped(mapping: &[(&'static str, String)], label: &str) -> bool {
    mapping.iter().any(|(_, header)| header == label)
}

/// How to give the header a `required` column it lacks: rename one, or
/// map one with `--column`, naming the header as the file writes it
/// (`texts`, each cell trimmed) when exactly one header holds the word
/// (`Employee ID` for `id`, `Programme role` for `role`), and no word of
/// another of rmatch's columns (`Manager ID` is the manager's), leaving
/// out the headers `mapping` already gives another column. Where the
/// mapping took the very header named `required` for another column
/// (`--column id=Role`), it says so instead.
fn mapping_hint(
    required: &str,
    labels: &[String],
    texts: &[String],
    mapping: &[(&'static str, String)],
) -> String {
    if let Some((other, _)) = mapping
        .iter()
        .find(|(_, header)| header == required && labels.iter().any(|l| l == header))
    {
        return format!(
            "; the column {required} is read as {other}, as --column or the config's [columns] maps it; map {other} to its own header, or leave that mapping out"
        );
    }
    let words = |label: &str| -> Vec<String> {
        label
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut likely = labels.iter().enumerate().filter(|(_, label)| {
        if is_mapped(mapping, label) {
            return false;
        }
        let words = words(label);
        words.iter().any(|w| w == required)
            && !own_columns().any(|c| c != required && words.iter().any(|w| w == c))
    });
    let header = match (likely.next(), likely.next()) {
        (Some((i, label)), None) => texts.get(i).map_or(label.as_str(), String::as_str),
        _ => "HEADER",
    };
    format!(
        "; rename a column to {required}, or map one with --column {required}=\"{}\"",
        shown(header)
    )
}

/// A hint for a header read as one column that holds another delimiter.
pub(super) fn delimiter_hint(names: &[String]) -> String {
    // Empty names past it are a line's trailing delimiters (`a,b,c;;;`).
    let mut named = names.iter().filter(|n| !n.is_empty());
    let (Some(only), None) = (named.next(), named.next()) else {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    fn header(line: &str, options: &ReadOptions) -> std::result::Result<Header, Vec<String>> {
        let record = csv::ByteRecord::from(line.split(',').collect::<Vec<_>>());
        let mut problems = Problems::new();
        match read_header("r.csv", 1, &record, options, &mut problems) {
            Ok(header) if !problems.has_errors() => Ok(header),
            Ok(_) => Err(problems.errors.iter().map(|d| d.message.clone()).collect()),
            Err(Error::Data(errors)) => Err(errors.into_iter().map(|d| d.message).collect()),
            Err(e) => panic!("{e}"),
        }
    }

    #[test]
    fn header_names_ignore_case_spaces_and_invisible_characters() {
        assert_eq!(header_name("\u{feff} Utc_Offset "), "utc_offset");
        assert_eq!(header_name("Man\u{00ad}ager"), "manager");
        assert_eq!(header_name("job  \u{200b}title"), "job title");
    }

    #[test]
    fn header_maps_known_columns_and_default_diversity_attributes() {
        let h = header(
            "ID,Role,department,skills,notes,location",
            &ReadOptions::default(),
        )
        .unwrap();
        assert_eq!(h.index(Column::Id), Some(0));
        assert_eq!(h.index(Column::Skills), Some(3));
        assert_eq!(h.index(Column::Wants), None);
        // In the default order, only those present.
        assert_eq!(
            h.diversity,
            [("department".to_string(), 2), ("location".to_string(), 5)]
        );
        assert_eq!(h.required, 6);
    }

    #[test]
    fn an_exports_manager_column_is_told_from_a_yes_no_one() {
        for label in [
            "Manager Email",
            "ManagerID",
            "Line manager",
            "Supervisor",
            "Reports To",
            "ReportsTo",
            "Reporting to (name)",
        ] {
            assert!(looks_like_manager(label), "{label}");
        }
        for label in [
            "Is Manager",
            "has_supervisor",
            "Department",
            "Email",
            "Report",
        ] {
            assert!(!looks_like_manager(label), "{label}");
        }
    }

    #[test]
    fn header_errors_name_the_fix() {
        let errors = header("id,name,name", &ReadOptions::default()).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].starts_with("the header names column \"name\" twice (columns 2 and 3)"));
        assert!(errors[1].starts_with("the header has no \"role\" column"));
        let options = ReadOptions {
            diversity: Some(vec!["skills".into(), "team".into()]),
            ..ReadOptions::default()
        };
        let errors = header("id,role,skills", &options).unwrap_err();
        assert!(
            errors[0].starts_with("\"skills\" cannot be a diversity attribute"),
            "{errors:?}"
        );
        assert!(
            errors[1].starts_with("--diversity names the column \"team\""),
            "{errors:?}"
        );
    }

    fn mapped(pairs: &[(&str, &str)]) -> ReadOptions {
        ReadOptions {
            columns: pairs
                .iter()
                .map(|(c, h)| (c.to_string(), h.to_string()))
                .collect(),
            ..ReadOptions::default()
        }
    }

    #[test]
    fn a_mapping_renames_an_exports_columns_and_messages_keep_its_headers() {
        let options = mapped(&[("id", "Employee ID"), ("capacity", " seats")]);
        let h = header("Employee  ID,Role,Seats,notes", &options).unwrap();
        assert_eq!(h.index(Column::Id), Some(0));
        assert_eq!(h.index(Column::Capacity), Some(2));
        assert_eq!(h.names, ["id", "role", "capacity", "notes"]);
        assert_eq!(h.labels, ["employee id", "role", "seats", "notes"]);
        // Two columns can swap names.
        let h = header("name,id,role", &mapped(&[("id", "name"), ("name", "id")])).unwrap();
        assert_eq!(h.index(Column::Id), Some(0));
        assert_eq!(h.index(Column::Name), Some(1));
        // A flag naming the export's header finds the mapped column.
        let keep = ReadOptions {
            keep: vec!["Employee ID".into()],
            ..options.clone()
        };
        let errors = header("Employee ID,Role,Seats", &keep).unwrap_err();
        assert_eq!(
            errors,
            ["--keep names the column \"employee id\", which every output already has (senior_id, junior_id); leave it out of --keep"]
        );
    }

    #[test]
    fn a_mapping_the_header_does_not_match_is_an_error() {
        let options = mapped(&[("id", "Employee ID")]);
        let errors = header("id,Employee ID,role", &options).unwrap_err();
        assert_eq!(
            errors,
            ["the header has both the column \"id\" (column 1) and \"employee id\" (column 2), which --column or the config's [columns] maps to id; rmatch cannot tell which is meant: rename or remove one, or leave out the mapping"]
        );
        let errors = header("id,role", &options).unwrap_err();
        assert_eq!(
            errors,
            ["the header has no column \"employee id\", which --column or the config's [columns] maps to id, but has the column id itself; leave out the mapping for id"]
        );
        let errors = header("worker id,role", &options).unwrap_err();
        assert_eq!(
            errors,
            ["the header has no column \"employee id\", which --column or the config's [columns] maps to id (found: worker id, role); correct the header's name in the mapping, or leave the mapping out"]
        );
        // What no flag can give is refused too.
        let errors = header("id,role", &mapped(&[("dept", "x")])).unwrap_err();
        assert!(
            errors[0].starts_with("the column mapping: \"dept\" is not one of rmatch's columns"),
            "{errors:?}"
        );
    }

    #[test]
    fn a_missing_column_hints_at_the_header_holding_its_word() {
        let hint = |line: &str, required: &str| {
            let labels: Vec<String> = line.split(',').map(header_name).collect();
            let texts: Vec<String> = line.split(',').map(str::to_string).collect();
            mapping_hint(required, &labels, &texts, &[])
        };
        assert_eq!(
            hint("Employee ID,Manager ID,Role", "id"),
            "; rename a column to id, or map one with --column id=\"Employee ID\""
        );
        assert_eq!(
            hint("Programme_Role,id", "role"),
            "; rename a column to role, or map one with --column role=\"Programme_Role\""
        );
        // None, or more than one: which is meant is not guessed.
        for line in ["Badge ID,Employee ID,role", "Manager ID,role", "name,role"] {
            assert_eq!(
                hint(line, "id"),
                "; rename a column to id, or map one with --column id=\"HEADER\"",
                "{line}"
            );
        }
        // A header another column's mapping took is neither suggested nor
        // left unexplained.
        let labels: Vec<String> = ["employee id", "staff id", "role"]
            .map(String::from)
            .to_vec();
        let mapped = [("name", "staff id".to_string())];
        assert_eq!(
            mapping_hint("id", &labels, &labels, &mapped),
            "; rename a column to id, or map one with --column id=\"employee id\""
        );
        let mapped = [("id", "role".to_string())];
        assert_eq!(
            mapping_hint("role", &labels, &labels, &mapped),
            "; the column role is read as id, as --column or the config's [columns] maps it; map id to its own header, or leave that mapping out"
        );
    }

    #[test]
    fn a_one_column_header_hints_at_the_delimiter() {
        assert_eq!(
            delimiter_hint(&["id;role;name".to_string()]),
            "; the header reads as one column but holds a semicolon: if the file is semicolon-separated, pass --delimiter ';'"
        );
        assert_eq!(delimiter_hint(&["id".to_string()]), "");
        assert_eq!(delimiter_hint(&["id".to_string(), "role".to_string()]), "");
    }
}
