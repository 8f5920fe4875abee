//! Pairs files: an earlier cycle's `rmatch pair` CSV (for `--history`
//! and `--locks`), read back with the roster's own spelling of each id.

use crate::error::{Diagnostic, Error, Location, Result};
use crate::roster::pairs_table::PairsTable;
use crate::roster::Roster;
use crate::spreadsheet;

/// A pairs CSV (`rmatch pair` output or any CSV with senior_id and
/// junior_id columns): its paired rows, and the ids of its unmatched rows.
pub(crate) struct PairsFile {
    /// The file's name in messages and reasons (`<stdin>` for `-`).
    pub(crate) source: String,
    pub(crate) paired: Vec<(String, String, u64)>,
    /// Ids of unmatched rows, with their lines.
    pub(crate) unmatched: Vec<(String, u64)>,
    /// The name the file gives each id of a paired row that the roster
    /// does not have (its senior_name and junior_name columns, where it has
    /// them): the only name left of someone who has left the roster.
    pub(crate) names: std::collections::BTreeMap<String, String>,
}

/// An id as a pairs CSV holds it: written by `rmatch pair` without `--raw`,
/// an id that would run as a spreadsheet formula carries one more leading
/// `'` (`=S1` as `'=S1`, `'=S1` as `''=S1`; see [`crate::spreadsheet`]),
/// which is taken off when the rest is a roster id; otherwise the text is
/// taken as written (a `--raw` file).
pub(super) fn roster_id(roster: &Roster, text: String) -> String {
    match spreadsheet::original(&text) {
        Some(original) if roster.find(original).is_some() => original.to_string(),
        _ => text,
    }
}

/// Why a file with an `allowed` column and no `status` is refused as a
/// pairs file: it is `rmatch scores` output (every senior with every
/// junior) or a `--pair-scores` file, and read as pairs it would lock,
/// ban or introduce every pair it lists.
pub(crate) fn not_a_pairs_file() -> String {
    "has an allowed column and no status column, as rmatch scores writes for every senior with every junior (or a --pair-scores file): these are not pairs that were made; give the CSV rmatch pair wrote (-o pairs.csv)".to_string()
}

/// Reads the pairs file at `path` (`what` names it in messages: `"the
/// --history file"`).
pub(crate) fn read_pairs_file(path: &str, what: &str, roster: &Roster) -> Result<PairsFile> {
    // Last cycle's pairs.csv, .tsv, --excel CSV or pairs.xlsx.
    let table = PairsTable::read(path, what)?;
    let source = &table.source;
    let mut reader = table.reader();
    let lines = table.lines();
    let bad = |line: Option<u64>, message: String| {
        Error::Data(vec![Diagnostic {
            location: Location {
                file: source.clone(),
                line,
                column: None,
            },
            message,
        }])
    };
    let headers = table.columns(&mut reader)?;
    let column = |name: &str| headers.iter().position(|h| h == name);
    if headers.iter().all(String::is_empty) {
        // Not "has no senior_id column": there is no header at all.
        return Err(bad(
            None,
            format!("the file is empty; {what} needs the header and rows of a CSV written by rmatch pair (or one with senior_id and junior_id columns)"),
        ));
    }
    let (Some(sc), Some(jc)) = (column("senior_id"), column("junior_id")) else {
        return Err(bad(
            Some(1),
            "has no senior_id and junior_id columns; give a CSV written by rmatch pair, or one with those two columns".into(),
        ));
    };
    let status = column("status");
    if status.is_none() && column("allowed").is_some() {
        return Err(bad(Some(1), not_a_pairs_file()));
    }
    let name_columns = [column("senior_name"), column("junior_name")];
    let mut file = PairsFile {
        source: source.clone(),
        paired: Vec::new(),
        unmatched: Vec::new(),
        names: std::collections::BTreeMap::new(),
    };
    for record in reader.records() {
        let record =
            record.map_err(|e| bad(lines.of(e.position()), format!("is not valid CSV ({e})")))?;
        let line = lines.of(record.position()).unwrap_or(0);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let needed = sc.max(jc).max(status.unwrap_or(0)) + 1;
        if record.len() < needed {
            return Err(bad(
                Some(line),
                format!(
                    "the row has {} field{} but the header needs {needed} to reach senior_id and junior_id; check the row's commas and quotes",
                    record.len(),
                    if record.len() == 1 { "" } else { "s" }
                ),
            ));
        }
        let get = |i: usize| record.get(i).unwrap_or("").trim().to_string();
        let (senior, junior) = (roster_id(roster, get(sc)), roster_id(roster, get(jc)));
        match status.map(|c| get(c).to_lowercase()).as_deref() {
            None | Some("paired") => {
                for (id, column) in [(&senior, "senior_id"), (&junior, "junior_id")] {
                    if id.is_empty() {
                        return Err(bad(
                            Some(line),
                            format!("the pair's {column} is empty; give both ids of the pair, or remove the row"),
                        ));
                    }
                    // A formula that failed is no id: taken as one, it
                    // would be "not in the roster" (a pair ended, a lock
                    // refused) for a reason the file does not show.
                    if spreadsheet::is_error_value(id) {
                        return Err(bad(
                            Some(line),
                            format!("the pair's {column} holds the spreadsheet error {id}, not an id; correct the formula (or type the id) and save again"),
                        ));
                    }
                    // So is a formula with no result saved (a workbook
                    // written by a program that computes none), or typed
                    // into a CSV, unless the roster has it as an id.
                    if id.starts_with('=') && roster.find(id).is_none() {
                        return Err(bad(
                            Some(line),
                            format!(
                                "the pair's {column} holds the formula {} and no value, not an id; type the id, or open the file in Excel or LibreOffice and save it again so the formula's result is saved",
                                crate::text::escape(id)
                            ),
                        ));
                    }
                }
                for (id, at) in [(&senior, name_columns[0]), (&junior, name_columns[1])] {
                    // As written by rmatch pair: a name that would run as a
                    // formula carries one more leading '.
                    let name = at.map(get).unwrap_or_default();
                    let name = spreadsheet::original(&name).unwrap_or(&name).to_string();
                    if !name.is_empty() && roster.find(id).is_none() {
                        file.names.entry(id.clone()).or_insert(name);
                    }
                }
                file.paired.push((senior, junior, line));
            }
            Some("unmatched") => file.unmatched.extend(
                [senior, junior]
                    .into_iter()
                    .filter(|id| !id.is_empty())
                    .map(|id| (id, line)),
            ),
            // Pairs of an earlier pairing that `--continue` ended.
            Some("ended") => {}
            Some(other) => {
                return Err(bad(
                    Some(line),
                    format!(
                        "the status \"{}\" is not paired, unmatched or ended (what rmatch pair writes); correct it, or leave the status column out",
                        crate::text::escape(other)
                    ),
                ));
            }
        }
    }
    Ok(file)
}
