//! The feedback file `rmatch learn` reads: one row per rated pair,
//! `senior_id,junior_id,rating` and optionally `continued` and
//! `ended_early` (yes/no, true/false, 1/0). Ids are matched as the
//! roster's are (see [`crate::roster::Roster::find`]); every error names the
//! file, line and column, all at once (up to the usual cap).

use std::collections::BTreeMap;

use crate::error::{Diagnostic, Error, Location, Result, MAX_REPORTED_ERRORS};
use crate::roster::{dialect, duplicate_columns, extra_field, too_many_fields, IdMatch, Roster};
use crate::text::escape;

/// The lowest and highest rating.
pub const RATING_RANGE: (f64, f64) = (1.0, 5.0);

/// What `ended_early = yes` takes off a rating (never below 1).
pub const ENDED_EARLY_PENALTY: f64 = 1.0;

/// What `continued = yes` adds to a rating (never above 5).
pub const CONTINUED_BONUS: f64 = 0.5;

/// One rated pair: senior and junior by index within their side, and the
/// mean of its rows' ratings, each adjusted for how the pair ended.
#[derive(Clone, Debug, PartialEq)]
pub struct RatedPair {
    pub senior: usize,
    pub junior: usize,
    /// The rating the fit uses: the mean over the pair's rows of
    /// [`adjusted`] ratings.
    pub rating: f64,
    /// How many rows rated the pair (both people may answer a survey).
    pub rows: usize,
    /// The first line that rated it.
    pub line: u64,
}

/// A feedback file, read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Feedback {
    /// The file as named, for messages.
    pub file: String,
    /// Rated pairs, sorted by senior then junior (so nothing depends on the
    /// file's row order).
    pub pairs: Vec<RatedPair>,
    /// Rows with a rating.
    pub rows: usize,
    /// Rows whose rating was blank (not answered), left out.
    pub blank: usize,
    /// Rows marked `ended_early` yes, and `continued` yes.
    pub ended_early: usize,
    pub continued: usize,
}

/// A rating adjusted for how the pair ended: `ended_early` takes
/// [`ENDED_EARLY_PENALTY`] off, `continued` adds [`CONTINUED_BONUS`],
/// within 1 to 5.
pub fn adjusted(rating: f64, continued: bool, ended_early: bool) -> f64 {
    let mut r = rating;
    if ended_early {
        r -= ENDED_EARLY_PENALTY;
    }
    if continued {
        r += CONTINUED_BONUS;
    }
    r.clamp(RATING_RANGE.0, RATING_RANGE.1)
}

const REQUIRED: [&str; 3] = ["senior_id", "junior_id", "rating"];
const OPTIONAL: [&str; 2] = ["continued", "ended_early"];

/// Case-only id matches named one by one; more are counted in one warning.
const CASE_ONLY_SHOWN: usize = 3;

/// Reads a feedback file against `roster`. Columns it does not know are
/// ignored, with a warning in `warnings` naming them, as are case-only id
/// matches (the first few; then how many more).
pub fn read(path: &str, roster: &Roster, warnings: &mut Vec<Diagnostic>) -> Result<Feedback> {
    let (source, bytes) = crate::files::read_input_limited(
        path,
        MAX_BYTES,
        "the feedback file",
        "it should hold one row per survey answer",
    )?;
    parse(&source, &bytes, roster, warnings)
}

/// The largest feedback file rmatch reads (as for a roster).
pub const MAX_BYTES: u64 = dialect::MAX_ROSTER_BYTES;

/// A yes/no cell: `Some(true)`, `Some(false)`, blank `Some(false)`, or
/// `None` when it is neither.
fn yes_no(text: &str) -> Option<bool> {
    match text.to_lowercase().as_str() {
        "yes" | "y" | "true" | "1" => Some(true),
        "no" | "n" | "false" | "0" | "" => Some(false),
        _ => None,
    }
}

/// Parses feedback bytes (`source` names them in messages).
pub fn parse(
    source: &str,
    bytes: &[u8],
    roster: &Roster,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Feedback> {
    let mut errors: Vec<Diagnostic> = Vec::new();
    let mut hidden = 0usize;
    let place = |line: Option<u64>, column: Option<(usize, &str)>| Location {
        file: source.to_string(),
        line,
        column: column.map(|(n, name)| (n, name.to_string())),
    };
    let mut error = |line: Option<u64>, column: Option<(usize, &str)>, message: String| {
        if errors.len() < MAX_REPORTED_ERRORS {
            errors.push(Diagnostic {
                location: place(line, column),
                message,
            });
        } else {
            hidden += 1;
        }
    };
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text.strip_prefix('\u{feff}').unwrap_or(text),
        Err(e) => {
            let what = if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
                "the file is UTF-16 (Excel's \"Unicode Text\"), which rmatch learn does not read"
                    .to_string()
            } else {
                format!(
                    "the file is not valid UTF-8 (byte {} is not text)",
                    e.valid_up_to() + 1
                )
            };
            error(None, None, format!("{what}; save it as CSV UTF-8"));
            return Err(Error::Data(errors));
        }
    };
    if text.contains('\0') {
        let line = text[..text.find('\0').unwrap_or(0)].matches('\n').count() as u64 + 1;
        error(
            Some(line),
            None,
            "the file holds a NUL character (byte 0), so it is not a CSV text file; export it again as CSV".into(),
        );
        return Err(Error::Data(errors));
    }
    let found = dialect::detect(text.as_bytes(), None);
    // Sizes and quotes first, as for a roster: an unclosed quote would
    // otherwise swallow the rest of the file into one field.
    let mut shape = Vec::new();
    dialect::check_shape(text.as_bytes(), found.delimiter, found.sep_line, &mut |p| {
        shape.push(p)
    });
    if !shape.is_empty() {
        for p in shape {
            error(Some(p.line()), p.column().map(|c| (c + 1, "")), p.message());
        }
        return Err(Error::Data(errors));
    }
    // Lines counted from the bytes, not by the csv crate (see `CsvLines`).
    let lines = crate::text::CsvLines::new(text.as_bytes());
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(found.delimiter)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    if found.sep_line {
        records.next();
    }
    let header = loop {
        match records.next() {
            None => {
                error(
                    None,
                    None,
                    "the file is empty; it needs a header senior_id,junior_id,rating (and optionally continued, ended_early) and a row per rated pair".into(),
                );
                return Err(Error::Data(errors));
            }
            Some(Err(e)) => {
                error(
                    lines.of(e.position()),
                    None,
                    format!("the file is not valid CSV ({e}); check the quoting on this line"),
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
        .map(|h| {
            h.trim()
                .trim_start_matches('\u{feff}')
                .to_lowercase()
                .replace([' ', '-'], "_")
        })
        .collect();
    let twice = duplicate_columns(source, header_line, &names);
    if !twice.is_empty() {
        return Err(Error::Data(twice));
    }
    let column = |name: &str| names.iter().position(|n| n == name);
    let (Some(senior_col), Some(junior_col), Some(rating_col)) =
        (column("senior_id"), column("junior_id"), column("rating"))
    else {
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|c| column(c).is_none())
            .collect();
        error(
            Some(header_line),
            None,
            format!(
                "the header has no column {}; a feedback file has the columns senior_id, junior_id and rating (1 to 5), and optionally continued and ended_early (found: {})",
                missing.join(", "),
                escape(&names.join(", "))
            ),
        );
        return Err(Error::Data(errors));
    };
    let continued_col = column("continued");
    let ended_col = column("ended_early");
    // Last cycle's pairs file with a rating column added: its unmatched
    // and ended rows are no pairs to rate.
    let status_col = column("status");
    let unknown: Vec<&str> = names
        .iter()
        .filter(|n| {
            !n.is_empty()
                && n.as_str() != "status"
                && !REQUIRED.contains(&n.as_str())
                && !OPTIONAL.contains(&n.as_str())
        })
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        warnings.push(Diagnostic {
            location: place(Some(header_line), None),
            message: format!(
                "the columns {} are not used (rmatch learn reads senior_id, junior_id, rating, continued and ended_early)",
                escape(&unknown.join(", "))
            ),
        });
    }
    let mut feedback = Feedback {
        file: source.to_string(),
        ..Feedback::default()
    };
    // (senior, junior) -> (sum of adjusted ratings, rows, first line).
    let mut by_pair: BTreeMap<(usize, usize), (f64, usize, u64)> = BTreeMap::new();
    // Ids that match only ignoring case: the first few are named, the rest
    // counted (a file exported in lower case would otherwise warn per cell).
    let mut case_only = 0usize;
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
        if let Some(c) = status_col {
            let status = record.get(c).unwrap_or("").trim();
            if status.eq_ignore_ascii_case("unmatched") || status.eq_ignore_ascii_case("ended") {
                continue;
            }
        }
        if let Some(extra) = extra_field(record.as_byte_record(), names.len()) {
            error(
                Some(line),
                Some((extra + 1, "")),
                too_many_fields(record.len(), names.len(), found.delimiter),
            );
            continue;
        }
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let at = |i: usize| Some((i + 1, names[i].as_str()));
        let mut id = |col: usize, senior: bool| -> Option<usize> {
            let text = field(col);
            let what = if senior { "senior" } else { "junior" };
            if text.is_empty() {
                error(
                    Some(line),
                    at(col),
                    format!("the {what}'s id is empty; fill it in or remove the row"),
                );
                return None;
            }
            match roster
                .find(text)
                .filter(|&(i, _)| (i < roster.n_seniors) == senior)
            {
                Some((i, how)) => {
                    if how == IdMatch::IgnoringCase {
                        case_only += 1;
                    }
                    if how == IdMatch::IgnoringCase && case_only <= CASE_ONLY_SHOWN {
                        warnings.push(Diagnostic {
                            location: place(Some(line), at(col)),
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
                    let why = match roster.find(text) {
                        Some(_) => format!("is not a {what} in the roster"),
                        None => format!(
                            "is not in the roster{}",
                            crate::rules::lost_zeros_clause(roster, text)
                        ),
                    };
                    error(
                        Some(line),
                        at(col),
                        format!(
                            "the id \"{}\" {why}; write the id of a {what} as the roster's id column does (is this the roster of the cycle that was rated?), or remove the row",
                            escape(text)
                        ),
                    );
                    None
                }
            }
        };
        let s = id(senior_col, true);
        let j = id(junior_col, false);
        let mut flag = |col: Option<usize>| -> Option<bool> {
            let Some(col) = col else {
                return Some(false);
            };
            let text = field(col);
            let value = yes_no(text);
            if value.is_none() {
                error(
                    Some(line),
                    at(col),
                    format!(
                        "{} \"{}\" is neither yes nor no; write yes, no, true, false, 1, 0 or leave it empty",
                        names[col],
                        escape(text)
                    ),
                );
            }
            value
        };
        let continued = flag(continued_col);
        let ended_early = flag(ended_col);
        if continued == Some(true) && ended_early == Some(true) {
            error(
                Some(line),
                ended_col.and_then(at),
                "the pair both continued and ended early; keep one of the two yes answers".into(),
            );
            continue;
        }
        let rating_text = field(rating_col);
        if rating_text.is_empty() {
            feedback.blank += 1;
            continue;
        }
        let rating = match rating_text.parse::<f64>() {
            Ok(v) if (RATING_RANGE.0..=RATING_RANGE.1).contains(&v) => Some(v),
            _ => {
                error(
                    Some(line),
                    at(rating_col),
                    format!(
                        "rating \"{}\" is not a number from 1 to 5; write the survey's answer (1 = not useful, 5 = very useful), or leave it empty if the pair did not answer",
                        escape(rating_text)
                    ),
                );
                None
            }
        };
        if let (Some(s), Some(j), Some(rating), Some(continued), Some(ended_early)) =
            (s, j, rating, continued, ended_early)
        {
            feedback.rows += 1;
            feedback.continued += usize::from(continued);
            feedback.ended_early += usize::from(ended_early);
            let entry = by_pair.entry((s, j)).or_insert((0.0, 0, line));
            entry.0 += adjusted(rating, continued, ended_early);
            entry.1 += 1;
        }
    }
    if hidden > 0 {
        errors.push(Diagnostic {
            location: place(None, None),
            message: format!("{hidden} more errors not shown; fix the ones above and run again"),
        });
    }
    if !errors.is_empty() {
        return Err(Error::Data(errors));
    }
    if case_only > CASE_ONLY_SHOWN {
        warnings.push(Diagnostic {
            location: place(None, None),
            message: format!(
                "{} more ids match the roster's only ignoring case; they are taken as the roster writes them",
                case_only - CASE_ONLY_SHOWN
            ),
        });
    }
    feedback.pairs = by_pair
        .into_iter()
        .map(|((senior, junior), (sum, rows, line))| RatedPair {
            senior,
            junior,
            rating: sum / rows as f64,
            rows,
            line,
        })
        .collect();
    Ok(feedback)
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
    fn ratings_are_adjusted_and_averaged_per_pair() {
        let r = roster();
        let mut warnings = Vec::new();
        let fb = parse(
            "f.csv",
            b"senior_id,junior_id,rating,ended_early,continued,comment\n\
              S2,J1,4,no,yes,great\n\
              S1,J2,2,yes,,\n\
              S2,J1,3,,,\n\
              S1,J1,,,,no answer\n",
            &r,
            &mut warnings,
        )
        .unwrap();
        assert_eq!(
            (fb.rows, fb.blank, fb.ended_early, fb.continued),
            (3, 1, 1, 1)
        );
        assert_eq!(fb.pairs.len(), 2);
        // Sorted by senior: S1:J2 first, whatever the row order.
        assert_eq!((fb.pairs[0].senior, fb.pairs[0].junior), (0, 1));
        assert_eq!(fb.pairs[0].rating, 1.0, "2 - 1 for ending early");
        assert_eq!(fb.pairs[1].rating, (4.5 + 3.0) / 2.0);
        assert_eq!(fb.pairs[1].rows, 2);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert!(warnings[0].message.contains("comment"));
        assert_eq!(adjusted(5.0, true, false), 5.0, "never above 5");
    }

    #[test]
    fn bad_rows_are_named_by_line_and_column() {
        let r = roster();
        let text = b"senior_id,junior_id,rating,continued,ended_early\r\n\r\n\
            S1,J9,3,,\r\nS1,J1,6,,\r\nS2,J1,x,,\r\nS1,J2,3,maybe,\r\nS2,J2,3,yes,yes\r\nJ1,S1,2,,\r\n";
        let Err(Error::Data(errors)) = parse("f.csv", text, &r, &mut Vec::new()) else {
            panic!("bad rows are refused");
        };
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let expect = [
            "f.csv, line 3, column 2 (junior_id): the id \"J9\" is not in the roster",
            "f.csv, line 4, column 3 (rating): rating \"6\" is not a number from 1 to 5",
            "f.csv, line 5, column 3 (rating): rating \"x\"",
            "f.csv, line 6, column 4 (continued): continued \"maybe\" is neither yes nor no",
            "f.csv, line 7, column 5 (ended_early): the pair both continued and ended early",
            "f.csv, line 8, column 1 (senior_id): the id \"J1\" is not a senior in the roster",
            "f.csv, line 8, column 2 (junior_id): the id \"S1\" is not a junior in the roster",
        ];
        assert_eq!(lines.len(), expect.len(), "{lines:#?}");
        for (line, want) in lines.iter().zip(expect) {
            assert!(line.starts_with(want), "{line}\n  wanted {want}");
        }
        let Err(Error::Data(errors)) =
            parse("f.csv", b"senior,junior_id,score\n", &r, &mut Vec::new())
        else {
            panic!("a bad header is refused");
        };
        assert!(
            errors[0].to_string().starts_with(
                "f.csv, line 1: the header has no column senior_id, rating; a feedback file has"
            ),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn an_unclosed_quote_is_named_where_it_opens() {
        let Err(Error::Data(errors)) = parse(
            "f.csv",
            b"senior_id,junior_id,rating\nS1,J1,4\nS1,\"J2,3\nS2,J1,4\n",
            &roster(),
            &mut Vec::new(),
        ) else {
            panic!("the unclosed quote is refused");
        };
        assert!(
            errors[0]
                .to_string()
                .starts_with("f.csv, line 3, column 2: a quoted field starts here but its closing quote is missing"),
            "{}",
            errors[0]
        );
    }

    #[test]
    fn a_utf16_file_is_named() {
        let Err(Error::Data(errors)) = parse("f.csv", b"\xff\xfes\x00", &roster(), &mut Vec::new())
        else {
            panic!("UTF-16 is refused");
        };
        assert_eq!(
            errors[0].to_string(),
            "f.csv: the file is UTF-16 (Excel's \"Unicode Text\"), which rmatch learn does not read; save it as CSV UTF-8"
        );
    }

    #[test]
    fn a_semicolon_file_is_read() {
        let fb = parse(
            "f.csv",
            b"sep=;\nSenior ID;Junior ID;Rating\nS1;J1;4,5\n",
            &roster(),
            &mut Vec::new(),
        );
        // 4,5 is not a number rmatch reads: the error says so.
        let Err(Error::Data(errors)) = fb else {
            panic!("4,5 is refused");
        };
        assert!(errors[0]
            .to_string()
            .starts_with("f.csv, line 3, column 3 (rating)"));
        let fb = parse(
            "f.csv",
            b"Senior ID;Junior ID;Rating\nS1;J1;4.5\n",
            &roster(),
            &mut Vec::new(),
        )
        .unwrap();
        assert_eq!(fb.pairs[0].rating, 4.5);
    }
}
