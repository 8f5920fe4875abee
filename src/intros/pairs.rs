//! Reading the pairs to introduce: `rmatch pair`'s CSV (or its `.tsv`,
//! `--excel` and `--raw` variants: byte order mark, CRLF, tabs, a
//! spreadsheet's semicolons, or its `.xlsx` workbook), by column name. Only `senior_id` and
//! `junior_id` are needed; `why` is used when present.

use crate::error::{Diagnostic, Error, Location, Result};
use crate::roster::pairs_table::PairsTable;
use crate::roster::Roster;
use crate::spreadsheet;

/// One pair to introduce, as the file gives it.
#[derive(Clone, Debug)]
pub struct PairRow {
    /// Senior and junior indices in their sides of the roster.
    pub senior: usize,
    pub junior: usize,
    /// The reason the pairing run gave (`why`), when the file has one,
    /// without the bookkeeping `--continue` puts before a kept pair's.
    pub why: Option<String>,
    pub line: u64,
    /// Whether `--continue` kept the pair from the last pairing (the
    /// `change` column says `kept`): its two people met already.
    pub kept: bool,
}

/// A kept pair's `why` without the sentence `--continue` starts it with
/// (`Kept from the last pairing (last.csv line 4).`), which is for the
/// coordinator, not for the e-mail to the pair.
fn without_kept_note(why: String) -> String {
    const KEPT: &str = "Kept from the last pairing (";
    match why
        .strip_prefix(KEPT)
        .and_then(|rest| rest.split_once("). "))
    {
        Some((_, reason)) => reason.to_string(),
        None => why,
    }
}

/// A cell as `rmatch pair` wrote it, without the quote that kept a
/// spreadsheet from running it as a formula (`'=S1` reads `=S1`).
fn original(text: &str) -> &str {
    spreadsheet::original(text).unwrap_or(text)
}

/// Reads the pairs file at `path`, finding each id in `roster`; every
/// unknown id is an error naming the line and column. Rows with a
/// `status` other than `paired` (the unmatched rows) are skipped. The pairs
/// come back sorted by senior then junior, each pair once, with whether
/// the file has the `change` column that marks kept pairs.
pub fn read(path: &str, roster: &Roster) -> Result<(Vec<PairRow>, bool)> {
    let table = PairsTable::read(path, "the pairs file")?;
    let source = &table.source;
    let mut reader = table.reader();
    let lines = table.lines();
    let at = |line: Option<u64>, column: Option<(usize, &str)>, message: String| Diagnostic {
        location: Location {
            file: source.clone(),
            line,
            column: column.map(|(i, n)| (i + 1, n.to_string())),
        },
        message,
    };
    let headers = table.columns(&mut reader)?;
    let column = |name: &str| headers.iter().position(|h| h == name);
    let (Some(sc), Some(jc)) = (column("senior_id"), column("junior_id")) else {
        return Err(Error::Data(vec![at(
            Some(1),
            None,
            "has no senior_id and junior_id columns; give the CSV `rmatch pair` wrote (-o pairs.csv), or one with those two columns".into(),
        )]));
    };
    let (status, why, change) = (column("status"), column("why"), column("change"));
    if status.is_none() && column("allowed").is_some() {
        return Err(Error::Data(vec![at(
            Some(1),
            None,
            crate::rules::not_a_pairs_file(),
        )]));
    }
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            Error::Data(vec![at(
                lines.of(e.position()),
                None,
                format!("is not valid CSV ({e}); save it again from the spreadsheet as CSV"),
            )])
        })?;
        let line = lines.of(record.position()).unwrap_or(0);
        let get = |i: usize| original(record.get(i).unwrap_or("").trim()).to_string();
        if let Some(c) = status {
            if !get(c).eq_ignore_ascii_case("paired") {
                continue;
            }
        }
        let (senior_id, junior_id) = (get(sc), get(jc));
        if senior_id.is_empty() && junior_id.is_empty() {
            continue;
        }
        let senior = roster.find_senior(&senior_id);
        let junior = roster.find_junior(&junior_id);
        for (found, id, c, side) in [
            (senior.is_some(), &senior_id, sc, "senior"),
            (junior.is_some(), &junior_id, jc, "junior"),
        ] {
            if !found {
                let other = match roster.find(id) {
                    Some(_) => format!("is in the roster {} but not as a {side}; give the roster the pairs were made from", roster.source),
                    None if id.is_empty() => "is blank; give the roster the pairs were made from".to_string(),
                    None => match crate::rules::with_lost_zeros(roster, id) {
                        Some(own) => format!(
                            "is not in the roster {}, but {own} is: a spreadsheet dropped its leading zeros; use the pairs file as rmatch wrote it, or import the id columns as text",
                            roster.source
                        ),
                        None => format!("is not in the roster {}; give the roster the pairs were made from", roster.source),
                    },
                };
                errors.push(at(
                    Some(line),
                    Some((c, &headers[c])),
                    format!("{side} id \"{id}\" {other}"),
                ));
            }
        }
        if let (Some(senior), Some(junior)) = (senior, junior) {
            rows.push(PairRow {
                senior,
                junior,
                why: why
                    .map(get)
                    .filter(|w| !w.is_empty())
                    .map(without_kept_note),
                line,
                kept: change.is_some_and(|c| get(c).eq_ignore_ascii_case("kept")),
            });
        }
    }
    if !errors.is_empty() {
        return Err(Error::Data(errors));
    }
    rows.sort_by_key(|r| (r.senior, r.junior));
    rows.dedup_by_key(|r| (r.senior, r.junior));
    Ok((rows, change.is_some()))
}
