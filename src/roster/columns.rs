//! rmatch's columns by name, how a header cell is matched against them,
//! and an export's own names for them: `--column id="Employee ID"` and the
//! config file's `[columns]` table. (The header row itself is read in
//! `header`, which uses what is here.)
//!
//! HR systems and survey tools name their columns their own way (`Employee
//! ID`, `Full Name`, `Manager ID`). Editing every export's header by hand
//! before a run is an edit lost with the next export and a chance to slip;
//! a mapping read with the file leaves the export as it is. Only rmatch's
//! own columns (those [`own_columns`] lists) are mapped: the attribute
//! columns (`--diversity`, `--keep`, the rules) are named by their header
//! already, whatever it says.
//!
//! The flags and the table are checked here, as usage errors (exit 2)
//! naming the flag or the key; the header is checked against the mapping
//! when the roster is read (a data error, exit 3, naming the file).

use std::collections::BTreeMap;

use super::people::normalize;
use crate::error::{Error, Result};
use crate::text::escape;

/// The columns of `rmatch learn`'s feedback file, as `--feedback-column`
/// names them: three required, then two optional. Named here, beside the
/// roster's, so that a roster mapping can tell one of them apart.
pub const FEEDBACK_COLUMNS: [&str; 5] = [
    "senior_id",
    "junior_id",
    "rating",
    "continued",
    "ended_early",
];

/// The columns rmatch reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Column {
    Id,
    Role,
    Name,
    Skills,
    Wants,
    Interests,
    Languages,
    Capacity,
    MinCapacity,
    Manager,
    Exclude,
    UtcOffset,
    Prefers,
}

pub(super) const COLUMNS: [(&str, Column); 13] = [
    ("id", Column::Id),
    ("role", Column::Role),
    ("name", Column::Name),
    ("skills", Column::Skills),
    ("wants", Column::Wants),
    ("interests", Column::Interests),
    ("languages", Column::Languages),
    ("capacity", Column::Capacity),
    ("min_capacity", Column::MinCapacity),
    ("manager", Column::Manager),
    ("exclude", Column::Exclude),
    ("utc_offset", Column::UtcOffset),
    ("prefers", Column::Prefers),
];

/// Every column the roster reader gives a meaning of its own (besides the
/// diversity attributes and the columns rules name), then the ones
/// `rmatch intros` reads: what the `init` template must explain.
pub fn own_columns() -> impl Iterator<Item = &'static str> {
    COLUMNS
        .iter()
        .map(|(name, _)| *name)
        .chain(INTRODUCTION_COLUMNS)
}

/// Columns `rmatch intros` reads from the roster (addresses, clocks and
/// hours); the pairing does not use them, and does not warn about them.
pub const INTRODUCTION_COLUMNS: [&str; 3] = ["email", "timezone", "availability"];

/// A header cell as rmatch matches it: lowercase, white space folded, and
/// without the invisible characters spreadsheets leave behind (byte order
/// marks, zero-width spaces, soft hyphens).
pub fn header_name(text: &str) -> String {
    normalize(&visible(text))
}

/// A header cell without the invisible characters spreadsheets leave
/// behind (see [`header_name`]), in its own case.
pub(super) fn visible(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{feff}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{00ad}'
            )
        })
        .collect()
}

/// Whether a record is the row of import ids a Qualtrics export writes
/// below its header and its row of question texts (`{"ImportId":"QID1"}`
/// in every filled cell): no person's row, and no rated pair's.
fn is_import_ids<'a>(cells: impl IntoIterator<Item = &'a [u8]>) -> bool {
    let mut any = false;
    for cell in cells {
        let cell = cell.trim_ascii();
        if cell.is_empty() {
            continue;
        }
        let opens = cell.len() > 11 && cell[..11].eq_ignore_ascii_case(b"{\"importid\"");
        if !opens || !cell.ends_with(b"}") {
            return false;
        }
        any = true;
    }
    any
}

/// Whether a record is the row of answer labels a SurveyMonkey export
/// writes below its header (`Response` under a question with one answer,
/// `Open-Ended Response` under a text box, each choice's label under a
/// question of several): its first cell (the respondent's id) is empty and
/// one of the others is one of those two words. No person's row, and no
/// rated pair's, has an empty first cell there.
fn is_answer_labels<'a>(cells: impl IntoIterator<Item = &'a [u8]>) -> bool {
    let mut cells = cells.into_iter();
    if !cells
        .next()
        .is_some_and(|first| first.trim_ascii().is_empty())
    {
        return false;
    }
    cells.any(|cell| {
        let cell = cell.trim_ascii();
        cell.eq_ignore_ascii_case(b"response") || cell.eq_ignore_ascii_case(b"open-ended response")
    })
}

/// The survey tool whose rows below the header are skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportTool {
    Qualtrics,
    SurveyMonkey,
}

/// Where a survey tool's rows below its header sit among the records read
/// ahead: a Qualtrics export's question texts (unless deleted) and import
/// ids, or a SurveyMonkey export's answer labels.
pub struct ExportRows {
    pub tool: ExportTool,
    /// The row of question texts (Qualtrics).
    pub questions: Option<usize>,
    /// The last row skipped: the import ids, or the answer labels.
    pub last: usize,
}

impl ExportRows {
    /// The first row skipped.
    pub fn first(&self) -> usize {
        self.questions.unwrap_or(self.last)
    }

    /// The warning for the rows skipped, placed on the first of them.
    pub fn skipped(&self) -> String {
        match (self.tool, self.questions.is_some()) {
            (ExportTool::Qualtrics, true) => "this line and the next hold the question texts and the import ids a Qualtrics export writes below its header, not answers; both are skipped".into(),
            (ExportTool::Qualtrics, false) => "this line holds the import ids a Qualtrics export writes below its header, not answers; it is skipped".into(),
            (ExportTool::SurveyMonkey, _) => "this line holds the answer labels a SurveyMonkey export writes below its header (Response, Open-Ended Response), not answers; it is skipped".into(),
        }
    }
}

/// The records after a header, read ahead from `records` up to the second
/// filled one (or one that could not be read, for which `record` gives
/// None), and where among them a survey tool's rows below its header are,
/// if they are ([`ExportRows`]). The roster and the feedback file read
/// their records with this, each as its own type.
pub fn read_ahead_for_exports<T>(
    records: &mut dyn Iterator<Item = T>,
    record: impl Fn(&T) -> Option<&csv::ByteRecord>,
) -> (Vec<T>, Option<ExportRows>) {
    let mut ahead: Vec<T> = Vec::new();
    let mut filled: Vec<usize> = Vec::new();
    while filled.len() < 2 {
        let Some(next) = records.next() else { break };
        let state = record(&next).map(|r| !r.iter().all(|f| f.trim_ascii().is_empty()));
        ahead.push(next);
        match state {
            None => break,
            Some(true) => filled.push(ahead.len() - 1),
            Some(false) => {}
        }
    }
    let is_ids = |at: usize| record(&ahead[at]).is_some_and(is_import_ids);
    let qualtrics = |questions, last| ExportRows {
        tool: ExportTool::Qualtrics,
        questions,
        last,
    };
    let rows = match filled[..] {
        [first, ..] if is_ids(first) => Some(qualtrics(None, first)),
        [first, second] if is_ids(second) => Some(qualtrics(Some(first), second)),
        [first, ..] if record(&ahead[first]).is_some_and(is_answer_labels) => Some(ExportRows {
            tool: ExportTool::SurveyMonkey,
            questions: None,
            last: first,
        }),
        _ => None,
    };
    (ahead, rows)
}

/// The columns of a Qualtrics export's header (`names`, as matched: `q1`,
/// `q2`, ...) that a mapping names by their question text (`questions`,
/// the row below, as matched): for each `wanted` header the header lacks,
/// the column whose question it is.
pub fn named_by_question(
    names: &[String],
    questions: &[String],
    wanted: impl IntoIterator<Item = String>,
) -> Vec<usize> {
    wanted
        .into_iter()
        .filter(|w| !names.contains(w))
        .filter_map(|w| questions.iter().position(|q| *q == w))
        .filter(|&i| i < names.len())
        .collect()
}

/// Whether the columns `a` and `b` may be read from one header: only `id`
/// and `email`, for a sign-up form whose only identifier is the address
/// (`--column id=Email --column email=Email`).
pub fn may_share(a: &str, b: &str) -> bool {
    matches!((a, b), ("id", "email") | ("email", "id"))
}

/// rmatch's column that `name` names (compared as header names are:
/// `ID` and ` id ` are `id`), if it is one.
pub fn own_column(name: &str) -> Option<&'static str> {
    let key = header_name(name);
    own_columns().find(|c| *c == key)
}

/// One `--column COLUMN=HEADER` flag: rmatch's column and the header as
/// written (trimmed).
pub fn parse_flag(text: &str) -> Result<(&'static str, String)> {
    let Some((column, header)) = text.split_once('=') else {
        return Err(Error::Usage(format!(
            "--column \"{text}\" is not COLUMN=HEADER; write for example --column id=\"Employee ID\""
        )));
    };
    let (column, header) = (column.trim(), header.trim());
    let Some(own) = own_column(column) else {
        if let Some(feedback) = feedback_column(column) {
            return Err(Error::Usage(format!(
                "{}: {}; map it with --feedback-column {feedback}=\"{header}\"",
                flag(column, header),
                of_the_feedback_file(feedback)
            )));
        }
        return Err(Error::Usage(format!(
            "{}: {}",
            flag(column, header),
            not_a_column(column)
        )));
    };
    if header_name(header).is_empty() {
        return Err(Error::Usage(format!(
            "--column {column}= names no header; write the roster's header after =, for example --column {own}=\"Employee ID\""
        )));
    }
    Ok((own, header.to_string()))
}

/// Checks the config file's `[columns]` table as it is read (`file` names
/// the file): each key one of rmatch's columns, given once, each value a
/// header, and no header for two columns (but `id` and `email`, see
/// [`may_share`]).
pub fn check_table(table: &BTreeMap<String, String>, file: &str) -> Result<()> {
    let file = escape(file);
    let mut seen: Vec<(&'static str, String, &str)> = Vec::new();
    for (key, header) in table {
        let entry = format!("the key columns.{key} = \"{header}\"");
        let Some(own) = own_column(key) else {
            let why = match feedback_column(key) {
                Some(feedback) => format!(
                    "{}; map it in the table learn.columns ([learn.columns] {feedback} = \"{header}\"), or on the command line of rmatch learn: --feedback-column {feedback}=\"{header}\"",
                    of_the_feedback_file(feedback)
                ),
                None => not_a_column(key),
            };
            return Err(Error::Usage(format!("{file}: {entry}: {why}")));
        };
        let header_key = header_name(header);
        if header_key.is_empty() {
            return Err(Error::Usage(format!(
                "{file}: {entry} names no header; write the roster's header, for example {own} = \"Employee ID\""
            )));
        }
        for (other_own, other_header, other_key) in &seen {
            if *other_own == own {
                return Err(Error::Usage(format!(
                    "{file}: the keys columns.{other_key} and columns.{key} both map {own}; give each column once"
                )));
            }
            if *other_header == header_key && !may_share(other_own, own) {
                return Err(Error::Usage(format!(
                    "{file}: the keys columns.{other_key} and columns.{key} both name the header \"{header_key}\"; map each header to one column"
                )));
            }
        }
        seen.push((own, header_key, key));
    }
    Ok(())
}

/// Lays `--column` flags over the config's `[columns]` table (`table`, from
/// the config file `file` when one was given): a flag replaces the table's
/// entry for its column, under the column's own name. A column flagged
/// twice with two headers, or one header for two columns (two flags, or a
/// flag and the table), is refused: which was meant cannot be told; but
/// `id` and `email` may share one ([`may_share`]).
pub fn lay_flags(
    table: &mut BTreeMap<String, String>,
    flags: &[String],
    file: Option<&str>,
) -> Result<()> {
    let mut given: Vec<(&'static str, String)> = Vec::new();
    for text in flags {
        let (own, header) = parse_flag(text)?;
        let header_key = header_name(&header);
        if let Some((_, first)) = given.iter().find(|(o, _)| *o == own) {
            if header_name(first) == header_key {
                continue;
            }
            return Err(Error::Usage(format!(
                "--column names {own} twice ({} and {}); give each column once",
                flag(own, first),
                flag(own, &header)
            )));
        }
        if let Some((other, first)) = given
            .iter()
            .find(|(o, h)| header_name(h) == header_key && !may_share(o, own))
        {
            return Err(Error::Usage(format!(
                "{} and {} name the same header; map each header to one column",
                flag(other, first),
                flag(own, &header)
            )));
        }
        given.push((own, header));
    }
    for (own, header) in given {
        table.retain(|key, _| own_column(key) != Some(own));
        let header_key = header_name(&header);
        if let Some((key, _)) = table.iter().find(|(k, h)| {
            header_name(h) == header_key && !own_column(k).is_some_and(|o| may_share(o, own))
        }) {
            let by = file.map_or_else(
                || "the configuration".to_string(),
                |f| format!("the config file {}", escape(f)),
            );
            return Err(Error::Usage(format!(
                "{} names the header \"{header_key}\", which {by} maps to {key} (columns.{key}); map each header to one column",
                flag(own, &header)
            )));
        }
        table.insert(own.to_string(), header);
    }
    Ok(())
}

/// The mapping as the roster reader uses it: rmatch's column and the
/// header's name as matched ([`header_name`]), for each pair of
/// [`super::ReadOptions::columns`]. The command line checks flags and
/// config files before any roster is read, naming them; what reaches here
/// unchecked (from a program using the library) is refused in plain words.
pub(super) fn resolve(
    pairs: &[(String, String)],
) -> std::result::Result<Vec<(&'static str, String)>, String> {
    let mut out: Vec<(&'static str, String)> = Vec::new();
    for (column, header) in pairs {
        let own = own_column(column)
            .ok_or_else(|| format!("the column mapping: {}", not_a_column(column)))?;
        let key = header_name(header);
        if key.is_empty() {
            return Err(format!(
                "the column mapping gives {own} no header; name the roster's header for it"
            ));
        }
        if let Some((_, first)) = out.iter().find(|(o, _)| *o == own) {
            if *first == key {
                continue;
            }
            return Err(format!(
                "the column mapping maps {own} twice (\"{first}\" and \"{key}\"); give each column once"
            ));
        }
        if let Some((other, _)) = out.iter().find(|(o, k)| *k == key && !may_share(o, own)) {
            return Err(format!(
                "the column mapping maps the header \"{key}\" to both {other} and {own}; map each header to one column"
            ));
        }
        out.push((own, key));
    }
    Ok(out)
}

/// The column of `rmatch learn`'s feedback file that `name` names, if it
/// is one: given to `--column` or `[columns]`, which map the roster's.
fn feedback_column(name: &str) -> Option<&'static str> {
    let key = header_name(name).replace([' ', '-'], "_");
    FEEDBACK_COLUMNS.into_iter().find(|c| *c == key)
}

/// Why a feedback column cannot be mapped as the roster's.
fn of_the_feedback_file(column: &str) -> String {
    format!("\"{column}\" is a column of the feedback file of rmatch learn, not of the roster")
}

/// `--column COLUMN="HEADER"` as a message quotes one flag.
fn flag(column: &str, header: &str) -> String {
    format!("--column {column}=\"{header}\"")
}

/// Why `name` cannot be mapped: not one of rmatch's columns. Suggests the
/// closest column, else says that other columns need no mapping.
fn not_a_column(name: &str) -> String {
    let list: Vec<&str> = own_columns().collect();
    let given = header_name(name);
    let advice = match closest(&given) {
        Some(column) => format!("did you mean {column}?"),
        None => "other columns need no mapping: --diversity, --keep and the rules name them by their header".into(),
    };
    format!(
        "\"{given}\" is not one of rmatch's columns ({}); {advice}",
        list.join(", ")
    )
}

/// The column `name` most likely means: one that is a word of it
/// (`employee_id` -> `id`, the longest such word first: `manager_id` ->
/// `manager`), else one at most two edits away (`idd` -> `id`,
/// `utc offset` -> `utc_offset`).
fn closest(name: &str) -> Option<&'static str> {
    let columns: Vec<&'static str> = own_columns().collect();
    closest_in(name, &columns)
}

/// The one of `columns` that `name` most likely means, as `closest`
/// finds it among rmatch's roster columns.
pub fn closest_in(name: &str, columns: &[&'static str]) -> Option<&'static str> {
    let name = header_name(name);
    let words: Vec<&str> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let folded = name.replace([' ', '-'], "_");
    columns
        .iter()
        .copied()
        .filter(|c| words.contains(c))
        .max_by_key(|c| c.len())
        .or_else(|| {
            columns
                .iter()
                .map(|&c| (edits(&folded, c), c))
                .filter(|&(d, c)| d <= 2 && d < c.len())
                .min_by_key(|&(d, _)| d)
                .map(|(_, c)| c)
        })
}

/// The edit (Levenshtein) distance between two short texts, in characters.
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != *cb))
                .min(above + 1)
                .min(row[j] + 1);
            diagonal = above;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn usage(result: Result<impl std::fmt::Debug>) -> String {
        match result {
            Err(Error::Usage(message)) => message,
            other => panic!("a usage error, not {other:?}"),
        }
    }

    #[test]
    fn a_flag_is_a_column_and_a_header() {
        assert_eq!(
            parse_flag("ID = Employee ID ").unwrap(),
            ("id", "Employee ID".to_string())
        );
        assert_eq!(
            parse_flag("utc_offset=UTC").unwrap(),
            ("utc_offset", "UTC".to_string())
        );
        assert_eq!(parse_flag("email=Work e-mail").unwrap().0, "email");
        assert!(usage(parse_flag("id")).starts_with("--column \"id\" is not COLUMN=HEADER"));
        assert!(usage(parse_flag("id= ")).starts_with("--column id= names no header"));
    }

    #[test]
    fn an_unknown_column_gets_the_closest_one() {
        assert_eq!(closest("idd"), Some("id"));
        assert_eq!(closest("employee id"), Some("id"));
        assert_eq!(closest("manager_id"), Some("manager"));
        assert_eq!(closest("utc offset"), Some("utc_offset"));
        assert_eq!(closest("time zone"), Some("timezone"));
        assert_eq!(closest("department"), None);
        assert_eq!(closest("x"), None);
        assert!(usage(parse_flag("idd=Employee ID")).ends_with("; did you mean id?"));
        assert!(usage(parse_flag("department=Dept"))
            .ends_with("other columns need no mapping: --diversity, --keep and the rules name them by their header"));
        assert_eq!(edits("kitten", "sitting"), 3);
        assert_eq!(edits("", "id"), 2);
    }

    #[test]
    fn flags_replace_the_table_entry_for_their_column() {
        let mut table = BTreeMap::from([
            ("ID".to_string(), "Employee ID".to_string()),
            ("name".to_string(), "Full Name".to_string()),
        ]);
        lay_flags(&mut table, &["id=Worker ID".into()], Some("r.toml")).unwrap();
        assert_eq!(
            table,
            BTreeMap::from([
                ("id".to_string(), "Worker ID".to_string()),
                ("name".to_string(), "Full Name".to_string()),
            ])
        );
        // The same flag twice is one flag.
        lay_flags(&mut table, &["role=R".into(), "role= r".into()], None).unwrap();
        assert_eq!(table["role"], "R");
    }

    #[test]
    fn a_column_or_a_header_given_twice_is_refused() {
        let mut table = BTreeMap::new();
        assert_eq!(
            usage(lay_flags(&mut table, &["id=A".into(), "id=B".into()], None)),
            "--column names id twice (--column id=\"A\" and --column id=\"B\"); give each column once"
        );
        assert_eq!(
            usage(lay_flags(&mut table, &["id=A".into(), "name=a".into()], None)),
            "--column id=\"A\" and --column name=\"a\" name the same header; map each header to one column"
        );
        let mut table = BTreeMap::from([("name".to_string(), "Full Name".to_string())]);
        assert_eq!(
            usage(lay_flags(&mut table, &["id=full name".into()], Some("r.toml"))),
            "--column id=\"full name\" names the header \"full name\", which the config file r.toml maps to name (columns.name); map each header to one column"
        );
    }

    #[test]
    fn the_table_is_checked_by_its_keys() {
        let table = |pairs: &[(&str, &str)]| -> BTreeMap<String, String> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        check_table(
            &table(&[("id", "Employee ID"), ("name", "Full Name")]),
            "r.toml",
        )
        .unwrap();
        assert!(usage(check_table(&table(&[("idd", "X")]), "r.toml"))
            .starts_with("r.toml: the key columns.idd = \"X\": \"idd\" is not one of rmatch's columns (id, role, "));
        assert_eq!(
            usage(check_table(&table(&[("id", " ")]), "r.toml")),
            "r.toml: the key columns.id = \" \" names no header; write the roster's header, for example id = \"Employee ID\""
        );
        assert_eq!(
            usage(check_table(&table(&[("ID", "A"), ("id", "B")]), "r.toml")),
            "r.toml: the keys columns.ID and columns.id both map id; give each column once"
        );
        assert_eq!(
            usage(check_table(&table(&[("id", "A"), ("name", " a")]), "r.toml")),
            "r.toml: the keys columns.id and columns.name both name the header \"a\"; map each header to one column"
        );
    }

    #[test]
    fn a_row_of_answer_labels_has_no_respondent_and_a_response() {
        let row = |cells: &[&'static str]| cells.iter().map(|c| c.as_bytes()).collect::<Vec<_>>();
        assert!(is_answer_labels(row(&[
            "",
            "Open-Ended Response",
            "Yes",
            "No"
        ])));
        assert!(is_answer_labels(row(&[" ", "", "response"])));
        // A person's or a rated pair's row has its first cell filled.
        assert!(!is_answer_labels(row(&["101", "Response", "ai"])));
        assert!(!is_answer_labels(row(&["", "S1", "senior"])));
        assert!(!is_answer_labels(row(&[])));
    }

    #[test]
    fn only_id_and_email_may_share_a_header() {
        let mut table = BTreeMap::new();
        lay_flags(
            &mut table,
            &["id=Email".into(), "email= email".into()],
            None,
        )
        .unwrap();
        assert_eq!(table["id"], "Email");
        assert_eq!(table["email"], "email");
        assert!(usage(lay_flags(
            &mut table,
            &["id=Email".into(), "email=Email".into(), "name=Email".into()],
            None
        ))
        .starts_with("--column id=\"Email\" and --column name=\"Email\" name the same header"));
        let mut table = BTreeMap::from([("email".to_string(), "Email".to_string())]);
        lay_flags(&mut table, &["id=Email".into()], Some("r.toml")).unwrap();
        let table = BTreeMap::from([
            ("email".to_string(), "Email".to_string()),
            ("id".to_string(), "EMAIL".to_string()),
        ]);
        check_table(&table, "r.toml").unwrap();
        let pairs: Vec<(String, String)> = table.into_iter().collect();
        assert_eq!(resolve(&pairs).unwrap().len(), 2);
        assert!(resolve(&[
            ("timezone".to_string(), "Email".to_string()),
            ("email".to_string(), "Email".to_string())
        ])
        .is_err());
    }

    #[test]
    fn a_feedback_column_is_pointed_to_its_own_flag() {
        assert_eq!(
            usage(parse_flag("Senior ID=Mentor ID")),
            "--column Senior ID=\"Mentor ID\": \"senior_id\" is a column of the feedback file of rmatch learn, not of the roster; map it with --feedback-column senior_id=\"Mentor ID\""
        );
    }

    #[test]
    fn the_reader_refuses_a_mapping_no_flag_could_give() {
        let pairs = |list: &[(&str, &str)]| -> Vec<(String, String)> {
            list.iter()
                .map(|(c, h)| (c.to_string(), h.to_string()))
                .collect()
        };
        assert_eq!(
            resolve(&pairs(&[("ID", " Employee  ID")])).unwrap(),
            [("id", "employee id".to_string())]
        );
        assert!(resolve(&pairs(&[("idd", "x")])).is_err());
        assert!(resolve(&pairs(&[("id", "")])).is_err());
        assert!(resolve(&pairs(&[("id", "a"), ("id", "b")])).is_err());
        assert!(resolve(&pairs(&[("id", "a"), ("name", "A")])).is_err());
    }
}
