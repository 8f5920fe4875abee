//! Scores from outside (`--pair-scores FILE`): a CSV of
//! `senior_id,junior_id,score[,allowed]` rows, an affinity from a survey, a
//! model or last cycle's ratings. Each score (0 to 1) becomes the pair's
//! `external` part, weighted by `--weights external=W`; a row with
//! `allowed` false forbids the pair. Ids are matched as the roster's are
//! (see [`crate::roster::Roster::find`]).

use std::collections::HashMap;

use crate::error::{Diagnostic, Error, Location, Result, MAX_REPORTED_ERRORS};
use crate::roster::{dialect, duplicate_columns, extra_field, too_many_fields, IdMatch, Roster};
use crate::text::escape;

/// The pairs a pair-scores file names, per senior sorted by junior:
/// `(junior, score, allowed)`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PairScores {
    /// The file as named, for reasons.
    pub file: String,
    pub by_senior: Vec<Vec<(u32, f64, bool)>>,
}

impl PairScores {
    /// The entry for senior `s` with junior `j`: its score and whether it
    /// is allowed.
    #[inline]
    pub fn get(&self, s: usize, j: usize) -> Option<(f64, bool)> {
        let list = self.by_senior.get(s)?;
        list.binary_search_by_key(&(j as u32), |e| e.0)
            .ok()
            .map(|i| (list[i].1, list[i].2))
    }
}

/// The largest pair-scores file rmatch reads (as for a roster).
pub const MAX_BYTES: u64 = crate::roster::dialect::MAX_ROSTER_BYTES;

const COLUMNS: [&str; 4] = ["senior_id", "junior_id", "score", "allowed"];

/// Reads a pair-scores file against `roster`. Every error names the file,
/// line and column, and all are reported at once (up to the usual cap).
/// Case-only id matches are warned about in `warnings`.
pub fn read(path: &str, roster: &Roster, warnings: &mut Vec<Diagnostic>) -> Result<PairScores> {
    let (source, bytes) = crate::files::read_input_limited(
        path,
        MAX_BYTES,
        "the --pair-scores file",
        "list only the pairs that have a score (a pair left out scores 0)",
    )?;
    // A workbook reads as its first sheet's CSV.
    let converted = crate::roster::workbook::as_csv(&source, path, &bytes)?;
    parse(
        &source,
        converted.as_deref().unwrap_or(&bytes),
        roster,
        warnings,
    )
}

/// Parses pair-scores bytes (`source` names them in messages).
pub fn parse(
    source: &str,
    bytes: &[u8],
    roster: &Roster,
    warnings: &mut Vec<Diagnostic>,
) -> Result<PairScores> {
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut hidden = 0usize;
    let mut error = |line: Option<u64>, column: Option<(usize, &str)>, message: String| {
        if errors.len() < MAX_REPORTED_ERRORS {
            errors.push(Diagnostic {
                location: Location {
                    file: source.to_string(),
                    line,
                    column: column.map(|(n, name)| (n, name.to_string())),
                },
                message,
            });
        } else {
            hidden += 1;
        }
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.strip_prefix('\u{feff}').unwrap_or(text),
        Err(e) => {
            error(
                None,
                None,
                format!(
                    "the file is not valid UTF-8 (byte {} is not text); save it as CSV UTF-8",
                    e.valid_up_to() + 1
                ),
            );
            return Err(Error::Data(errors));
        }
    };
    // The delimiter as for a roster (a spreadsheet's `;`, tabs, Excel's
    // `sep=` line), and its sizes and quotes: a quote left open would read
    // the rest of the file as one field.
    let dialect = dialect::detect(text.as_bytes(), None);
    crate::roster::check_table_shape(source, text.as_bytes(), dialect)?;
    // Lines counted from the bytes, not by the csv crate (see `CsvLines`).
    let lines = crate::text::CsvLines::new(text.as_bytes());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(dialect.delimiter)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    if dialect.sep_line {
        records.next();
    }
    // The header: the columns by name, in any order.
    let header = loop {
        match records.next() {
            None => {
                error(
                    None,
                    None,
                    "the file is empty; it needs a header senior_id,junior_id,score (and optionally allowed)".into(),
                );
                return Err(Error::Data(errors));
            }
            Some(Err(e)) => {
                error(
                    lines.of(e.position()),
                    None,
                    format!("the file is not valid CSV ({e})"),
                );
                return Err(Error::Data(errors));
            }
            Some(Ok(r)) if r.iter().all(|f| f.trim().is_empty()) => continue,
            Some(Ok(r)) => break r,
        }
    };
    let header_line = lines.of(header.position()).unwrap_or(1);
    let names: Vec<String> = header
        .iter()
        .map(|h| h.trim().trim_start_matches('\u{feff}').to_lowercase())
        .collect();
    let twice = duplicate_columns(source, header_line, &names);
    if !twice.is_empty() {
        return Err(Error::Data(twice));
    }
    let column = |name: &str| names.iter().position(|n| n == name);
    let (Some(senior_col), Some(junior_col), Some(score_col)) =
        (column("senior_id"), column("junior_id"), column("score"))
    else {
        error(
            Some(header_line),
            None,
            format!(
                "the header must name the columns senior_id, junior_id and score (and optionally allowed); found: {}",
                escape(&names.join(", "))
            ),
        );
        return Err(Error::Data(errors));
    };
    let allowed_col = column("allowed");
    if let Some(extra) = names
        .iter()
        .find(|n| !n.is_empty() && !COLUMNS.contains(&n.as_str()))
    {
        error(
            Some(header_line),
            None,
            format!(
                "unknown column \"{}\"; a pair-scores file has the columns senior_id, junior_id, score and optionally allowed",
                escape(extra)
            ),
        );
        return Err(Error::Data(errors));
    }
    let mut by_senior: Vec<Vec<(u32, f64, bool)>> = vec![Vec::new(); roster.n_seniors];
    let mut seen: HashMap<(usize, usize), u64> = HashMap::new();
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                error(
                    lines.of(e.position()),
                    None,
                    format!("the file is not valid CSV ({e}); check the quoting on this line"),
                );
                continue;
            }
        };
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let line = lines.of(record.position()).unwrap_or(0);
        if let Some(extra) = extra_field(record.as_byte_record(), names.len()) {
            error(
                Some(line),
                Some((extra + 1, "")),
                too_many_fields(record.len(), names.len(), dialect.delimiter),
            );
            continue;
        }
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let place = |i: usize| Some((i + 1, names[i].as_str()));
        // Ids, as the roster reads them.
        let mut id = |col: usize, senior: bool| -> Option<usize> {
            let text = field(col);
            let found = roster
                .find(text)
                .filter(|&(i, _)| (i < roster.n_seniors) == senior);
            match found {
                Some((i, how)) => {
                    if how == IdMatch::IgnoringCase {
                        warnings.push(Diagnostic {
                            location: Location {
                                file: source.to_string(),
                                line: Some(line),
                                column: Some((col + 1, names[col].clone())),
                            },
                            message: format!(
                                "the id \"{}\" matches the roster's \"{}\" only ignoring case; it is taken as {}: write it as the roster does",
                                escape(text),
                                escape(&roster.people[i].id),
                                escape(&roster.people[i].id)
                            ),
                        });
                    }
                    Some(if senior { i } else { i - roster.n_seniors })
                }
                None => {
                    let what = if senior { "senior" } else { "junior" };
                    let why = match roster.find(text) {
                        Some(_) => format!("is not a {what} in the roster"),
                        None => format!(
                            "is not in the roster{}",
                            crate::rules::lost_zeros_clause(roster, text)
                        ),
                    };
                    error(
                        Some(line),
                        place(col),
                        format!(
                            "the id \"{}\" {why}; write the id of a {what} as the roster's id column does, or remove the row",
                            escape(text)
                        ),
                    );
                    None
                }
            }
        };
        let s = id(senior_col, true);
        let j = id(junior_col, false);
        let score_text = field(score_col);
        let score = match score_text.parse::<f64>() {
            Ok(v) if (0.0..=1.0).contains(&v) => Some(v),
            _ => {
                error(
                    Some(line),
                    place(score_col),
                    format!(
                        "score \"{}\" is not a number from 0 to 1; scale the affinity to 0..1 (0 = none, 1 = the best)",
                        escape(score_text)
                    ),
                );
                None
            }
        };
        let allowed = match allowed_col.map(field) {
            None | Some("") => Some(true),
            Some(t) => match t.to_lowercase().as_str() {
                "true" | "yes" | "1" => Some(true),
                "false" | "no" | "0" => Some(false),
                _ => {
                    error(
                        Some(line),
                        allowed_col.and_then(place),
                        format!(
                            "allowed \"{}\" is neither true nor false; write false to forbid the pair, true or nothing to allow it",
                            escape(t)
                        ),
                    );
                    None
                }
            },
        };
        if let (Some(s), Some(j), Some(score), Some(allowed)) = (s, j, score, allowed) {
            if let Some(first) = seen.insert((s, j), line) {
                error(
                    Some(line),
                    None,
                    format!(
                        "the pair {}:{} is already on line {first}; give each pair one row",
                        escape(&roster.senior(s).id),
                        escape(&roster.junior(j).id)
                    ),
                );
                continue;
            }
            by_senior[s].push((j as u32, score, allowed));
        }
    }
    if hidden > 0 {
        errors.push(Diagnostic {
            location: Location {
                file: source.to_string(),
                line: None,
                column: None,
            },
            message: format!("{hidden} more errors not shown; fix the ones above and run again"),
        });
    }
    if !errors.is_empty() {
        return Err(Error::Data(errors));
    }
    for list in &mut by_senior {
        list.sort_by_key(|e| e.0);
    }
    Ok(PairScores {
        file: source.to_string(),
        by_senior,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::roster::{parse as parse_roster, ReadOptions};

    fn roster() -> Roster {
        parse_roster(
            "r.csv",
            b"id,role,skills,wants\nS1,senior,,ai\nS2,senior,,ai\nJ1,junior,ai:5,\nJ2,junior,ai:4,\n",
            &ReadOptions::default(),
        )
        .unwrap()
    }

    #[test]
    fn scores_are_read_by_id_with_allowed_rows() {
        let r = roster();
        let mut warnings = Vec::new();
        let scores = parse(
            "a.csv",
            b"senior_id,junior_id,score,allowed\nS1,J2,0.82,\ns2,J1,0.1,false\n",
            &r,
            &mut warnings,
        )
        .unwrap();
        assert_eq!(scores.get(0, 1), Some((0.82, true)));
        assert_eq!(scores.get(1, 0), Some((0.1, false)));
        assert_eq!(scores.get(0, 0), None);
        assert_eq!(warnings.len(), 1, "s2 matches S2 only ignoring case");
    }

    #[test]
    fn lines_are_counted_with_crlf_and_blank_lines() {
        let r = roster();
        let text = b"senior_id,junior_id,score\r\n\r\nS1,J1,0.5\r\n\r\n\r\nS1,J9,0.5\r\n";
        let Err(Error::Data(errors)) = parse("a.csv", text, &r, &mut Vec::new()) else {
            panic!("J9 is refused");
        };
        assert_eq!(errors[0].location.line, Some(6), "{errors:?}");
    }

    #[test]
    fn bad_rows_are_named_by_line_and_column() {
        let r = roster();
        let text = b"senior_id,junior_id,score\nS1,J9,0.5\nS1,J1,1.5\nS2,J1,x\nJ1,S1,0.2\nS1,J2,0.3\nS1,J2,0.4\n";
        let Err(Error::Data(errors)) = parse("a.csv", text, &r, &mut Vec::new()) else {
            panic!("bad rows are refused");
        };
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(
            lines[0].starts_with(
                "a.csv, line 2, column 2 (junior_id): the id \"J9\" is not in the roster"
            ),
            "{lines:?}"
        );
        assert!(
            lines[1].starts_with(
                "a.csv, line 3, column 3 (score): score \"1.5\" is not a number from 0 to 1"
            ),
            "{lines:?}"
        );
        assert!(
            lines[2].starts_with("a.csv, line 4, column 3 (score): score \"x\""),
            "{lines:?}"
        );
        assert!(
            lines[3].starts_with(
                "a.csv, line 5, column 1 (senior_id): the id \"J1\" is not a senior in the roster"
            ),
            "{lines:?}"
        );
        assert!(
            lines[4]
                .starts_with("a.csv, line 5, column 2 (junior_id): the id \"S1\" is not a junior"),
            "{lines:?}"
        );
        assert!(
            lines[5].starts_with("a.csv, line 7: the pair S1:J2 is already on line 6"),
            "{lines:?}"
        );
        assert_eq!(lines.len(), 6, "{lines:?}");
        let Err(Error::Data(errors)) =
            parse("a.csv", b"senior,junior_id,score\n", &r, &mut Vec::new())
        else {
            panic!("a bad header is refused");
        };
        assert!(errors[0]
            .message
            .starts_with("the header must name the columns"));
    }
}
