//! The feedback file `rmatch learn` reads: one row per rated pair,
//! `senior_id,junior_id,rating` and optionally `continued` and
//! `ended_early` (yes/no, true/false, 1/0). Ids are matched as the
//! roster's are (see [`crate::roster::Roster::find`]); every error names the
//! file, line and column, all at once (up to the usual cap).
//!
//! A survey tool's export is read as it is: its questions are mapped to
//! these columns (`--feedback-column rating="How useful were your
//! sessions? (1-5)"`, see [`FeedbackOptions`]), an answer written as
//! `4 - Very useful` is read as 4, and a survey asked on another scale
//! (`--rating-scale 1-10`) is put on 1 to 5. Answers written in words
//! alone (`Very useful`) are read on the known scale that holds them all,
//! or on the survey's own answers (`--rating-labels`, see
//! [`super::labels`]). Like the other files read
//! beside the roster, it may be a workbook or Excel's UTF-16 "Unicode
//! Text".

use std::collections::{BTreeMap, BTreeSet};

use super::labels::{self, fold, is_non_answer, Choice, RatingLabels, KNOWN_SCALES, MAX_SCALE};
use crate::config::LearnSpec;
use crate::error::{Diagnostic, Error, Location, Result, MAX_REPORTED_ERRORS};
use crate::roster::columns::{
    closest_in, header_name, named_by_question, read_ahead_for_exports, FEEDBACK_COLUMNS,
};
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

const REQUIRED: [&str; 3] = [
    FEEDBACK_COLUMNS[0],
    FEEDBACK_COLUMNS[1],
    FEEDBACK_COLUMNS[2],
];
const OPTIONAL: [&str; 2] = [FEEDBACK_COLUMNS[3], FEEDBACK_COLUMNS[4]];

/// How a feedback file is read beyond its own header.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeedbackOptions {
    /// A survey's own headers for the feedback columns: `(column, header)`,
    /// as [`FeedbackOptions::from_flags_over`] checks them. Headers are
    /// matched as a roster's are (any case, spaces folded, invisible
    /// characters removed).
    pub columns: Vec<(String, String)>,
    /// Where a column's mapping was written, for messages, when not in a
    /// `--feedback-column` flag: column -> "the config file's
    /// learn.columns" (naming the file).
    pub mapped_by: BTreeMap<String, String>,
    /// The survey's lowest and highest answer when it did not ask from 1
    /// to 5 (`--rating-scale 1-10`): each rating is put on 1 to 5, the
    /// lowest answer at 1 and the highest at 5.
    pub scale: Option<(u32, u32)>,
    /// The survey's answers in words, lowest first (`--rating-labels`):
    /// with n of them, answer k (or the number k) is read on 1 to n and
    /// put on 1 to 5. Without them, words of a known scale are read.
    pub labels: Option<RatingLabels>,
}

impl FeedbackOptions {
    /// The options of a run: the flags laid over the config file's
    /// `[learn]` table (read from `config_file`, which its errors name),
    /// a column given by a flag replacing the table's mapping of it.
    pub fn from_flags_over(
        column_flags_given: &[String],
        rating_scale: Option<&str>,
        rating_labels: Option<&str>,
        spec: Option<&LearnSpec>,
        config_file: &str,
    ) -> Result<FeedbackOptions> {
        let flags = column_flags(column_flags_given)?;
        let mut columns = match spec {
            Some(spec) => {
                let table: Vec<(&str, &str)> = spec
                    .columns
                    .iter()
                    .map(|(c, h)| (c.as_str(), h.as_str()))
                    .collect();
                check_columns(&table, Origin::Config(config_file))?
            }
            None => Vec::new(),
        };
        columns.retain(|(c, _)| flags.iter().all(|(f, _)| f != c));
        for (column, header) in &columns {
            if let Some((other, given)) = flags
                .iter()
                .find(|(_, h)| header_name(h) == header_name(header))
            {
                return Err(Error::Usage(format!(
                    "{} and {} name the same header; map each header to one column",
                    Origin::Config(config_file).mapping(column, header),
                    Origin::Flags.mapping(other, given)
                )));
            }
        }
        let mapped_by = columns
            .iter()
            .map(|(c, _)| (c.clone(), format!("{config_file}'s learn.columns")))
            .collect();
        columns.extend(flags);
        // The survey's scale, as numbers or as words: a flag of either
        // kind replaces both keys of the table.
        let (mut scale, mut labels) = (None, None);
        match (rating_scale, rating_labels) {
            (Some(_), Some(_)) => {
                return Err(Error::Usage(
                    "--rating-labels and --rating-scale both give the survey's scale; give one: drop --rating-scale when the answers are words (--rating-labels numbers them, the lowest 1), or drop --rating-labels when they are numbers".into(),
                ))
            }
            (Some(text), None) => scale = Some(read_scale(text, None)?),
            (None, Some(text)) => {
                labels = Some(RatingLabels::new(
                    labels::split_flag(text)?,
                    &format!("--rating-labels \"{}\"", escape(text)),
                    "--rating-labels".into(),
                )?);
            }
            (None, None) => match spec.map(|s| (s.rating_scale.as_deref(), &s.rating_labels)) {
                Some((Some(_), Some(_))) => {
                    return Err(Error::Usage(format!(
                        "{config_file}: the keys learn.rating_labels and learn.rating_scale both give the survey's scale; keep one: drop learn.rating_scale when the answers are words, or learn.rating_labels when they are numbers"
                    )))
                }
                Some((Some(text), None)) => scale = Some(read_scale(text, Some(config_file))?),
                Some((None, Some(given))) => {
                    let written: Vec<String> = given
                        .iter()
                        .map(|l| format!("\"{}\"", escape(l)))
                        .collect();
                    labels = Some(RatingLabels::new(
                        given.clone(),
                        &format!(
                            "{config_file}: the key learn.rating_labels = [{}]",
                            written.join(", ")
                        ),
                        format!("{config_file}'s learn.rating_labels"),
                    )?);
                }
                _ => {}
            },
        }
        Ok(FeedbackOptions {
            columns,
            mapped_by,
            scale,
            labels,
        })
    }
}

/// The `--feedback-column COLUMN=HEADER` flags as `(column, header)`
/// pairs: each COLUMN one of [`FEEDBACK_COLUMNS`] given once, each HEADER
/// for one column. Usage errors (exit 2) name the flag.
fn column_flags(flags: &[String]) -> Result<Vec<(String, String)>> {
    let mut given: Vec<(&str, &str)> = Vec::new();
    for text in flags {
        let Some((column, header)) = text.split_once('=') else {
            return Err(Error::Usage(format!(
                "--feedback-column \"{}\" is not COLUMN=HEADER; write for example --feedback-column rating=\"How useful were your sessions? (1-5)\"",
                escape(text)
            )));
        };
        given.push((column, header));
    }
    check_columns(&given, Origin::Flags)
}

/// Where column mappings were written, for the errors that name them.
#[derive(Clone, Copy)]
enum Origin<'a> {
    /// `--feedback-column` flags.
    Flags,
    /// The `[learn] columns` table of this config file.
    Config(&'a str),
}

impl Origin<'_> {
    /// One mapping as it was written.
    fn mapping(self, column: &str, header: &str) -> String {
        match self {
            Origin::Flags => format!("--feedback-column {column}=\"{header}\""),
            Origin::Config(file) => {
                format!("{file}: the key learn.columns.{column} = \"{header}\"")
            }
        }
    }

    /// One mapping beside another of the same origin.
    fn short(self, column: &str, header: &str) -> String {
        match self {
            Origin::Flags => self.mapping(column, header),
            Origin::Config(_) => format!("learn.columns.{column} = \"{header}\""),
        }
    }

    /// The mappings together.
    fn all(self) -> String {
        match self {
            Origin::Flags => "--feedback-column".to_string(),
            Origin::Config(file) => format!("{file}: the table learn.columns"),
        }
    }
}

/// `(column, header)` mappings checked: each column one of
/// [`FEEDBACK_COLUMNS`] given once, each header for one column. Usage
/// errors (exit 2) name the mapping where `origin` says it was written.
fn check_columns(mappings: &[(&str, &str)], origin: Origin) -> Result<Vec<(String, String)>> {
    let mut given: Vec<(&'static str, String)> = Vec::new();
    let flag = |column: &str, header: &str| origin.mapping(column, header);
    for &(column, header) in mappings {
        let (column, header) = (column.trim(), header.trim());
        let key = header_name(column).replace([' ', '-'], "_");
        let Some(own) = FEEDBACK_COLUMNS.into_iter().find(|c| *c == key) else {
            let advice = match closest_in(column, &FEEDBACK_COLUMNS) {
                Some(near) => format!("did you mean {near}?"),
                None if crate::roster::columns::own_column(column).is_some() => format!(
                    "\"{key}\" is a column of the roster: map it with --column {key}=\"{header}\""
                ),
                None => "the other columns are not read and need no mapping".to_string(),
            };
            return Err(Error::Usage(format!(
                "{}: \"{}\" is not a column of the feedback file ({}); {advice}",
                flag(column, header),
                escape(&key),
                FEEDBACK_COLUMNS.join(", ")
            )));
        };
        let header_key = header_name(header);
        if header_key.is_empty() {
            return Err(Error::Usage(format!(
                "{} names no header; write the feedback file's header there, for example {}",
                match origin {
                    Origin::Flags => format!("--feedback-column {own}="),
                    Origin::Config(_) => flag(own, header),
                },
                origin.short("rating", "How useful were your sessions? (1-5)")
            )));
        }
        if let Some((_, first)) = given.iter().find(|(c, _)| *c == own) {
            if header_name(first) == header_key {
                continue;
            }
            return Err(Error::Usage(format!(
                "{} names {own} twice ({} and {}); give each column once",
                origin.all(),
                origin.short(own, first),
                origin.short(own, header)
            )));
        }
        if let Some((other, first)) = given.iter().find(|(_, h)| header_name(h) == header_key) {
            return Err(Error::Usage(format!(
                "{} and {} name the same header; map each header to one column",
                flag(other, first),
                origin.short(own, header)
            )));
        }
        given.push((own, header.to_string()));
    }
    Ok(given.into_iter().map(|(c, h)| (c.to_string(), h)).collect())
}

/// A rating scale as `--rating-scale LOW-HIGH` or, given its file, the
/// config's `[learn] rating_scale` writes it: the survey's lowest and
/// highest answer, whole numbers, LOW below HIGH, HIGH at most
/// [`MAX_SCALE`]. Usage errors (exit 2) name the flag or the key.
fn read_scale(text: &str, config_file: Option<&str>) -> Result<(u32, u32)> {
    let named = |flag: String| match config_file {
        None => flag,
        Some(file) => format!("{file}: the key learn.rating_scale = \"{}\"", escape(text)),
    };
    let bounds = text.split_once(['-', '\u{2013}']).and_then(|(low, high)| {
        Some((
            low.trim().parse::<u32>().ok()?,
            high.trim().parse::<u32>().ok()?,
        ))
    });
    let Some((low, high)) = bounds else {
        return Err(Error::Usage(format!(
            "{} is not LOW-HIGH; write the survey's lowest and highest answer, as in 1-10",
            named(format!("--rating-scale \"{}\"", escape(text)))
        )));
    };
    if low >= high {
        return Err(Error::Usage(format!(
            "{}: the lowest answer must come first and be below the highest, as in 1-10",
            named(format!("--rating-scale {low}-{high}"))
        )));
    }
    if high > MAX_SCALE {
        return Err(Error::Usage(format!(
            "{}: the highest answer may be at most {MAX_SCALE}",
            named(format!("--rating-scale {low}-{high}"))
        )));
    }
    Ok((low, high))
}

/// A rating cell read: its number, and whether words followed it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Answer {
    /// A number alone (`4`, `4.5`).
    Number(f64),
    /// A whole number followed by a separator and words, none of them a
    /// digit (`4 - Very useful`, `5 (Excellent)`, `3: Useful`).
    Worded(f64),
    /// A number followed by more than words (`4.5 stars`, `3-4`, `4/5`,
    /// `4stars`): which number was meant is not guessed.
    Unclear,
    /// No number first (`Very useful`, `x`).
    NotANumber,
}

/// Reads a rating cell (trimmed, not empty).
fn answer(text: &str) -> Answer {
    if let Ok(x) = text.parse::<f64>() {
        return Answer::Number(x);
    }
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 {
        return Answer::NotANumber;
    }
    let (number, rest) = text.split_at(digits);
    let separated = rest.starts_with(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '-' | '\u{2013}' | '\u{2014}' | ':' | '(' | '[' | '=' | '.' | ')'
            )
    });
    // A digit further on (`4.5 stars`, `3-4`, `1 to 5: 4`) may be the
    // number meant; so may a lone separator with no words (`4 -`).
    let worded = rest.chars().any(char::is_alphabetic);
    if !separated || !worded || rest.chars().any(char::is_numeric) {
        return Answer::Unclear;
    }
    number
        .parse::<f64>()
        .map_or(Answer::Unclear, Answer::Worded)
}

/// The scale a rating column's header names when it goes above 5 (`How
/// likely are you to recommend it? (0-10)`, `1 to 10`): the lowest and
/// highest answer, for the advice to give `--rating-scale`.
fn header_scale(header: &str) -> Option<(u32, u32)> {
    let numbers: Vec<(usize, usize, u32)> = {
        let mut out = Vec::new();
        let bytes = header.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i].is_ascii_digit() {
                let start = i;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                if let Ok(n) = header[start..i].parse::<u32>() {
                    out.push((start, i, n));
                }
            } else {
                i += 1;
            }
        }
        out
    };
    numbers.windows(2).find_map(|pair| {
        let ((_, end, low), (start, _, high)) = (pair[0], pair[1]);
        let between = header[end..start].trim();
        let joined = matches!(between, "-" | "\u{2013}" | "to");
        (joined && low <= 1 && high > 5 && high <= MAX_SCALE).then_some((low, high))
    })
}

/// How a worded rating (`Very useful`) is read.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Reading {
    /// As this rating on 1 to 5.
    Value(f64),
    /// Not read: one error, at the answer's first row, says why.
    Refused(Refusal),
    /// Not read, for another answer's error (the column's words are of
    /// several scales).
    Dropped,
}

/// Why a worded rating is not read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Refusal {
    /// None of the answers `--rating-labels` gives.
    NotALabel,
    /// None of the answers of a known scale.
    Unknown,
    /// The column's words are of more than one known scale.
    Mixed,
    /// More than one known scale holds every word, numbering them
    /// differently.
    Ambiguous,
}

/// The rating column's worded answers, gathered before its rows are read
/// so that the scale they are read on does not depend on the rows' order.
#[derive(Debug, Default)]
struct WordAnswers {
    /// Each distinct worded answer: folded (see [`fold`]), as first
    /// written, and the line of its first row; in the order first seen.
    seen: Vec<(String, String, u64)>,
    /// `seen` by folded answer.
    index: BTreeMap<String, usize>,
    /// Rows whose rating starts with a number, and rows whose rating is
    /// words.
    numbers: usize,
    words: usize,
}

impl WordAnswers {
    /// Counts a rating cell (trimmed, not empty) read on `line`.
    fn add(&mut self, text: &str, line: u64) {
        if answer(text) != Answer::NotANumber {
            self.numbers += 1;
            return;
        }
        self.words += 1;
        let folded = fold(text);
        if !self.index.contains_key(&folded) {
            self.index.insert(folded.clone(), self.seen.len());
            self.seen.push((folded, text.to_string(), line));
        }
    }

    /// How each answer is read (by its folded text; an answer missing is
    /// read as before: not a number), and the warning (line, message)
    /// that says so when a known scale reads them.
    fn readings(
        &self,
        given: Option<&RatingLabels>,
    ) -> (BTreeMap<String, Reading>, Option<(u64, String)>) {
        let folded: Vec<String> = self.seen.iter().map(|(f, _, _)| f.clone()).collect();
        let all = |read: &dyn Fn(usize) -> Reading| -> BTreeMap<String, Reading> {
            folded
                .iter()
                .enumerate()
                .map(|(i, f)| (f.clone(), read(i)))
                .collect()
        };
        if let Some(given) = given {
            let n = given.labels.len();
            let read = |i: usize| match given.position(&self.seen[i].1) {
                Some(k) => Reading::Value(labels::on_one_to_five(k, n)),
                None => Reading::Refused(Refusal::NotALabel),
            };
            return (all(&read), None);
        }
        let Some((_, first, line)) = self.seen.first() else {
            return (BTreeMap::new(), None);
        };
        let (first, line) = (first.as_str(), *line);
        // The first answer's error speaks for all: the others are dropped.
        let one_error = |why: Refusal| {
            all(&|i| {
                if i == 0 {
                    Reading::Refused(why)
                } else {
                    Reading::Dropped
                }
            })
        };
        match labels::choose(&folded, &KNOWN_SCALES) {
            Choice::Scale(scale) => {
                let n = scale.answers.len();
                let read = |i: usize| {
                    Reading::Value(labels::on_one_to_five(
                        scale.position(&folded[i]).unwrap_or(1),
                        n,
                    ))
                };
                let message = format!(
                    "the ratings are words (\"{}\"); each is read on the scale {}",
                    escape(first),
                    escape(&scale.described(&folded))
                );
                (all(&read), Some((line, message)))
            }
            // A stray word among numbers is an error row by row, as it
            // always was: `rating "x" is not a number from 1 to 5`.
            Choice::Unknown(unknown)
                if self.numbers > self.words && unknown.len() == folded.len() =>
            {
                (BTreeMap::new(), None)
            }
            Choice::Unknown(unknown) => {
                let mut is_unknown = vec![false; folded.len()];
                for i in unknown {
                    is_unknown[i] = true;
                }
                let read = |i: usize| {
                    if is_unknown[i] {
                        Reading::Refused(Refusal::Unknown)
                    } else {
                        Reading::Dropped
                    }
                };
                (all(&read), None)
            }
            Choice::Mixed => (one_error(Refusal::Mixed), None),
            Choice::Ambiguous(_) => (one_error(Refusal::Ambiguous), None),
        }
    }

    /// The refused answers of `readings`: folded, (as first written, first
    /// line), why.
    fn refused<'a>(
        &'a self,
        readings: &'a BTreeMap<String, Reading>,
    ) -> impl Iterator<Item = (&'a str, (&'a str, u64), Refusal)> + 'a {
        self.seen
            .iter()
            .filter_map(|(folded, written, line)| match readings.get(folded) {
                Some(Reading::Refused(why)) => {
                    Some((folded.as_str(), (written.as_str(), *line), *why))
                }
                _ => None,
            })
    }

    /// The column's distinct worded answers, quoted, the first
    /// [`labels::SHOWN_ANSWERS`] then `...`.
    fn shown(&self) -> String {
        let mut shown: Vec<String> = self
            .seen
            .iter()
            .take(labels::SHOWN_ANSWERS)
            .map(|(_, w, _)| format!("\"{}\"", escape(w)))
            .collect();
        if self.seen.len() > labels::SHOWN_ANSWERS {
            shown.push("...".into());
        }
        shown.join(", ")
    }

    /// The error for the answer `written`, refused for `why`.
    fn refusal(&self, why: Refusal, written: &str, given: Option<&RatingLabels>) -> String {
        let advice = || {
            // The advice shows the first few and `...`: no more are needed.
            let written: Vec<&str> = (self.seen.iter())
                .take(labels::SHOWN_ANSWERS + 1)
                .map(|(_, w, _)| w.as_str())
                .collect();
            labels::labels_advice(&written)
        };
        match (why, given) {
            (Refusal::NotALabel, Some(given)) => format!(
                "rating \"{}\" is none of the answers {} gives ({}); add it there in its place, lowest first, or correct the answer",
                escape(written),
                given.given_by,
                given.listed()
            ),
            (Refusal::Mixed, _) => format!(
                "the ratings are words of more than one scale ({}), which no one known scale holds together, so what number each means cannot be told; {}",
                self.shown(),
                advice()
            ),
            (Refusal::Ambiguous, _) => format!(
                "the ratings are words ({}) that more than one known scale holds, each numbering them differently; {}",
                self.shown(),
                advice()
            ),
            _ => format!(
                "rating \"{}\" is none of the answers of a known scale; {}",
                escape(written),
                advice()
            ),
        }
    }
}

/// Case-only id matches named one by one; more are counted in one warning.
const CASE_ONLY_SHOWN: usize = 3;

/// Reads a feedback file against `roster`. Columns it does not know are
/// ignored, with a warning in `warnings` naming them, as are case-only id
/// matches (the first few; then how many more).
pub fn read(
    path: &str,
    roster: &Roster,
    options: &FeedbackOptions,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Feedback> {
    let (source, bytes) = crate::files::read_input_limited(
        path,
        MAX_BYTES,
        "the feedback file",
        "it should hold one row per survey answer",
    )?;
    // A survey's workbook (its first sheet), as the other side files.
    let bytes = match crate::roster::workbook::as_csv(&source, path, &bytes)? {
        Some(converted) => converted,
        None => bytes,
    };
    parse(&source, &bytes, roster, options, warnings)
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

/// Parses feedback bytes (`source` names them in messages): CSV in UTF-8
/// (a byte order mark dropped) or Excel's UTF-16 "Unicode Text".
pub fn parse(
    source: &str,
    bytes: &[u8],
    roster: &Roster,
    options: &FeedbackOptions,
    warnings: &mut Vec<Diagnostic>,
) -> Result<Feedback> {
    let wide;
    let bytes = if crate::roster::encoding::is_wide(bytes) {
        wide = crate::roster::encoding::wide_text_as_utf8(source, bytes.to_vec())?;
        &wide[..]
    } else {
        bytes
    };
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
            let what = format!(
                "the file is not valid UTF-8 (byte {} is not text)",
                e.valid_up_to() + 1
            );
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
    // Each header cell as a roster's is matched, and as rmatch's names
    // are compared: spaces and hyphens read as `_` (`Senior ID`).
    let mut labels: Vec<String> = header.iter().map(header_name).collect();
    // A Qualtrics export's rows of question texts and import ids below its
    // header, and a SurveyMonkey export's row of answer labels, are no
    // answers: skipped, with a warning. A mapping may name a
    // column by its question text (the header says `Q1`).
    let (mut ahead, exported) = read_ahead_for_exports(&mut records, |r| {
        r.as_ref().ok().map(csv::StringRecord::as_byte_record)
    });
    let mut questions: Vec<String> = Vec::new();
    if let Some(rows) = exported {
        let first = rows.first();
        let line = ahead[first]
            .as_ref()
            .ok()
            .and_then(|r| lines.of(r.position()));
        warnings.push(Diagnostic {
            location: place(line, None),
            message: rows.skipped(),
        });
        if let Some(Ok(texts)) = rows.questions.map(|at| &ahead[at]) {
            questions = texts.iter().map(header_name).collect();
            let wanted = options.columns.iter().map(|(_, h)| header_name(h));
            for i in named_by_question(&labels, &questions, wanted) {
                labels[i].clone_from(&questions[i]);
            }
        }
        ahead.drain(..=rows.last);
    }
    // Held, to be read twice: first the rating column's words (see
    // [`WordAnswers`]), then every row.
    let records: Vec<_> = ahead.into_iter().chain(records).collect();
    let mut names: Vec<String> = labels.iter().map(|l| l.replace([' ', '-'], "_")).collect();
    let twice = duplicate_columns(source, header_line, &names);
    if !twice.is_empty() {
        return Err(Error::Data(twice));
    }
    // The survey's own headers, mapped; a mapped column is named in
    // messages by its header, as the file writes it.
    let mapped = map_columns(&labels, &mut names, options).map_err(|messages| {
        Error::Data(
            messages
                .into_iter()
                .map(|message| Diagnostic {
                    location: place(Some(header_line), None),
                    message,
                })
                .collect(),
        )
    })?;
    let shown: Vec<&str> = (0..names.len())
        .map(|i| {
            if mapped.contains(&i) {
                labels[i].as_str()
            } else {
                names[i].as_str()
            }
        })
        .collect();
    let column = |name: &str| names.iter().position(|n| n == name);
    let (Some(senior_col), Some(junior_col), Some(rating_col)) =
        (column("senior_id"), column("junior_id"), column("rating"))
    else {
        let missing: Vec<&str> = REQUIRED
            .iter()
            .copied()
            .filter(|c| column(c).is_none())
            .collect();
        let advice = if options.columns.is_empty() {
            "; rename them, or map a survey's own headers with --feedback-column, e.g. --feedback-column rating=\"How useful were your sessions? (1-5)\""
        } else {
            ""
        };
        error(
            Some(header_line),
            None,
            format!(
                "the header has no column {}; a feedback file has the columns senior_id, junior_id and rating (1 to 5), and optionally continued and ended_early (found: {}){advice}",
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
    // Named as the header writes them (`start time`, not `start_time`).
    let unknown: Vec<&str> = names
        .iter()
        .enumerate()
        .filter(|(i, n)| {
            !mapped.contains(i)
                && !n.is_empty()
                && n.as_str() != "status"
                && !REQUIRED.contains(&n.as_str())
                && !OPTIONAL.contains(&n.as_str())
        })
        .map(|(i, _)| labels[i].as_str())
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
    // The first rating written with words after its number (`4 - Very
    // useful`): one warning for the column, naming it.
    let mut worded: Option<(u64, String)> = None;
    // Numbers are read on the scale given: by --rating-scale, or 1 to n
    // for n --rating-labels.
    let numeric_scale = options.scale.or_else(|| {
        let n = options.labels.as_ref()?.labels.len();
        Some((1, u32::try_from(n).ok()?))
    });
    let (low, high) = numeric_scale.map_or(RATING_RANGE, |(l, h)| (f64::from(l), f64::from(h)));
    // Rows whose senior_id is a junior's id and junior_id a senior's (how
    // many, and the first: line and both ids), and rows the right way round.
    let mut swapped: (usize, Option<(u64, String, String)>) = (0, None);
    let mut right_way = 0usize;
    let label_of = |text: &str| options.labels.as_ref().and_then(|l| l.position(text));
    let mut word_answers = WordAnswers::default();
    for record in records.iter().flatten() {
        let field = |i: usize| record.get(i).unwrap_or("").trim();
        let yes = |col: Option<usize>| col.is_some_and(|c| yes_no(field(c)) == Some(true));
        let skipped = status_col.is_some_and(|c| {
            field(c).eq_ignore_ascii_case("unmatched") || field(c).eq_ignore_ascii_case("ended")
        });
        if record.iter().all(|f| f.trim().is_empty())
            || skipped
            || extra_field(record.as_byte_record(), names.len()).is_some()
            || (yes(continued_col) && yes(ended_col))
        {
            continue;
        }
        let text = field(rating_col);
        let blank = text.is_empty() || (is_non_answer(text) && label_of(text).is_none());
        if !blank {
            word_answers.add(text, lines.of(record.position()).unwrap_or(0));
        }
    }
    let (readings, words_read) = word_answers.readings(options.labels.as_ref());
    // The worded answers refused so far: each is one error, at its first row.
    let mut refused: BTreeSet<&str> = BTreeSet::new();
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
        let at = |i: usize| Some((i + 1, shown[i]));
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
        // Which side each id is on, for the columns given the other way round.
        let side = |col: usize| roster.find(field(col)).map(|(i, _)| i < roster.n_seniors);
        match (side(senior_col), side(junior_col)) {
            (Some(false), Some(true)) => {
                swapped.0 += 1;
                swapped.1.get_or_insert_with(|| {
                    (line, field(senior_col).into(), field(junior_col).into())
                });
            }
            (Some(true), Some(false)) => right_way += 1,
            _ => {}
        }
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
        if rating_text.is_empty() || (is_non_answer(rating_text) && label_of(rating_text).is_none())
        {
            feedback.blank += 1;
            continue;
        }
        // A worded answer (`Very useful`) as the column's words are read.
        let word = match answer(rating_text) {
            Answer::NotANumber => readings.get_key_value(&fold(rating_text)),
            _ => None,
        };
        let word = match word {
            Some((_, Reading::Value(r))) => Some(Some(*r)),
            Some((folded, Reading::Refused(why))) => {
                if refused.insert(folded) {
                    error(
                        Some(line),
                        at(rating_col),
                        word_answers.refusal(*why, rating_text, options.labels.as_ref()),
                    );
                }
                Some(None)
            }
            Some((_, Reading::Dropped)) => Some(None),
            None => None,
        };
        let value = match answer(rating_text) {
            Answer::Number(v) => Some(v),
            Answer::Worded(v) => {
                if worded.is_none() {
                    worded = Some((line, rating_text.to_string()));
                }
                Some(v)
            }
            Answer::Unclear => {
                error(
                    Some(line),
                    at(rating_col),
                    format!(
                        "rating \"{}\" is not one number from {low} to {high}; write the answer's number alone ({example}, or {example} - Very useful), or leave it empty if the pair did not answer",
                        escape(rating_text),
                        example = (high - 1.0).max(low),
                    ),
                );
                continue;
            }
            Answer::NotANumber => None,
        };
        let rating = match (word, value) {
            (Some(rating), _) => rating,
            (None, Some(v)) if (low..=high).contains(&v) => Some(match numeric_scale {
                // On 1 to 5: the lowest answer 1, the highest 5.
                Some(_) => {
                    RATING_RANGE.0 + (v - low) * (RATING_RANGE.1 - RATING_RANGE.0) / (high - low)
                }
                None => v,
            }),
            _ => {
                let said = header_scale(&labels[rating_col])
                    .or_else(|| questions.get(rating_col).and_then(|q| header_scale(q)));
                let advice = match (numeric_scale, said) {
                    (None, Some((l, h))) if value.is_some_and(|v| v > high && v <= f64::from(h)) => format!(
                        "the header says the survey asked from {l} to {h}: give --rating-scale {l}-{h} to read its answers on that scale"
                    ),
                    (None, _) => "write the survey's answer (1 = not useful, 5 = very useful), or leave it empty if the pair did not answer".to_string(),
                    (Some((l, h)), _) => match &options.labels {
                        Some(given) => format!(
                            "write one of the answers {} gives ({}) or its number, {l} to {h}, or leave it empty if the pair did not answer",
                            given.given_by,
                            given.listed()
                        ),
                        None => format!(
                            "write the survey's answer ({l} to {h}, the rating scale given), or leave it empty if the pair did not answer"
                        ),
                    },
                };
                error(
                    Some(line),
                    at(rating_col),
                    format!(
                        "rating \"{}\" is not a number from {low} to {high}; {advice}",
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
    if let Some((line, example)) = worded {
        warnings.push(Diagnostic {
            location: place(Some(line), Some((rating_col + 1, shown[rating_col]))),
            message: format!(
                "the ratings hold words after the number (\"{}\"); each is read as its leading whole number",
                escape(&example)
            ),
        });
    }
    if let Some((line, message)) = words_read {
        warnings.push(Diagnostic {
            location: place(Some(line), Some((rating_col + 1, shown[rating_col]))),
            message,
        });
    }
    // An answer refused on a row not read above (none, as the rows are
    // skipped alike): its error all the same, at its first row.
    for (folded, (written, line), why) in word_answers.refused(&readings) {
        if !refused.contains(folded) {
            error(
                Some(line),
                Some((rating_col + 1, shown[rating_col])),
                word_answers.refusal(why, written, options.labels.as_ref()),
            );
        }
    }
    if let (n, Some((line, senior, junior))) = &swapped {
        if right_way == 0 {
            // Every row the other way round (a survey's "Mentor ID" is the
            // junior's, in reverse mentoring): one error says so, not two
            // per row.
            let in_config = ["senior_id", "junior_id"]
                .iter()
                .find_map(|c| options.mapped_by.get(*c));
            let fix = match in_config {
                _ if options.columns.is_empty() => {
                    "swap the two columns' names in the header".to_string()
                }
                Some(table) => format!(
                    "swap the two mappings in {table} (in reverse mentoring the junior is the mentor)"
                ),
                None => "swap the two --feedback-column mappings (in reverse mentoring the junior is the mentor)".to_string(),
            };
            let rows = if *n == 1 { "row" } else { "rows" };
            errors = vec![Diagnostic {
                location: place(Some(header_line), None),
                message: format!(
                    "{} holds juniors' ids and {} seniors' ids, on each of the {n} {rows} where both are in the roster (line {line}: \"{}\" and \"{}\"): the two columns are the other way round; {fix}",
                    escape(shown[senior_col]),
                    escape(shown[junior_col]),
                    escape(senior),
                    escape(junior)
                ),
            }];
            return Err(Error::Data(errors));
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

/// Lays the survey's own headers (`options.columns`, as [`column_flags`]
/// gives them) over the header's `names`: the column whose header (`labels`, as
/// matched) a mapping names takes the feedback column's name. Returns the
/// mapped columns, or a message for each mapped header the file lacks and
/// for each file that has both a mapped header and a column already named
/// as its target (which was meant cannot be told).
fn map_columns(
    labels: &[String],
    names: &mut [String],
    options: &FeedbackOptions,
) -> std::result::Result<Vec<usize>, Vec<String>> {
    let by = |column: &str| {
        options
            .mapped_by
            .get(column)
            .map_or("--feedback-column", String::as_str)
            .to_string()
    };
    let mapping: Vec<(&str, String)> = options
        .columns
        .iter()
        .map(|(c, h)| (c.as_str(), header_name(h)))
        .collect();
    let is_mapped = |i: usize| mapping.iter().any(|(_, h)| *h == labels[i]);
    let mut mapped = Vec::new();
    let mut problems = Vec::new();
    let found = || {
        escape(
            &labels
                .iter()
                .filter(|l| !l.is_empty())
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
        )
        .into_owned()
    };
    for (column, header) in &mapping {
        let literal = (0..names.len()).find(|&i| names[i] == *column && !is_mapped(i));
        let shown = escape(header);
        match (labels.iter().position(|l| l == header), literal) {
            (Some(i), None) => {
                names[i] = column.to_string();
                mapped.push(i);
            }
            (Some(i), Some(j)) => problems.push(format!(
                "the header has both the column \"{column}\" (column {}) and \"{shown}\" (column {}), which {} maps to {column}; rmatch cannot tell which is meant: rename or remove one, or leave out the mapping",
                j + 1,
                i + 1,
                by(column)
            )),
            (None, Some(_)) => problems.push(format!(
                "the header has no column \"{shown}\", which {} maps to {column}, but has the column {column} itself; leave out the mapping for {column}",
                by(column)
            )),
            (None, None) => problems.push(format!(
                "the header has no column \"{shown}\", which {} maps to {column} (found: {}); correct the header's name in the mapping, or leave the mapping out",
                by(column),
                found()
            )),
        }
    }
    if problems.is_empty() {
        Ok(mapped)
    } else {
        Err(problems)
    }
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
            &FeedbackOptions::default(),
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
        let Err(Error::Data(errors)) = parse(
            "f.csv",
            text,
            &r,
            &FeedbackOptions::default(),
            &mut Vec::new(),
        ) else {
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
        let Err(Error::Data(errors)) = parse(
            "f.csv",
            b"senior,junior_id,score\n",
            &r,
            &FeedbackOptions::default(),
            &mut Vec::new(),
        ) else {
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
            &FeedbackOptions::default(),
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
    fn a_utf16_file_is_read_as_its_text() {
        let text = "senior_id\tjunior_id\trating\r\nS1\tJ1\t4\r\n";
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let fb = parse(
            "f.txt",
            &bytes,
            &roster(),
            &FeedbackOptions::default(),
            &mut Vec::new(),
        )
        .unwrap();
        assert_eq!(fb.pairs[0].rating, 4.0);
    }

    #[test]
    fn an_answer_is_its_number_only_when_nothing_else_could_be() {
        for (text, want) in [
            ("4", Answer::Number(4.0)),
            ("4.5", Answer::Number(4.5)),
            ("4 - Very useful", Answer::Worded(4.0)),
            ("2 \u{2013} Slightly useful", Answer::Worded(2.0)),
            ("5 (Excellent)", Answer::Worded(5.0)),
            ("3: Useful", Answer::Worded(3.0)),
            ("10 - Extremely likely", Answer::Worded(10.0)),
            ("4.5 stars", Answer::Unclear),
            ("3-4", Answer::Unclear),
            ("4/5", Answer::Unclear),
            ("4stars", Answer::Unclear),
            ("4 -", Answer::Unclear),
            ("4 of 5", Answer::Unclear),
            ("Very useful", Answer::NotANumber),
        ] {
            assert_eq!(answer(text), want, "{text}");
        }
        assert_eq!(header_scale("how useful was it? (1-10)"), Some((1, 10)));
        assert_eq!(header_scale("how likely (0 to 10)"), Some((0, 10)));
        assert_eq!(header_scale("how useful (1-5)"), None);
        assert_eq!(header_scale("rating"), None);
    }

    #[test]
    fn a_mapping_names_the_survey_question() {
        let options = FeedbackOptions {
            columns: column_flags(&[
                "senior_id=Mentor ID".into(),
                "junior_id=Mentee\u{200b} ID".into(),
                "rating=How useful? (1-10)".into(),
            ])
            .unwrap(),
            mapped_by: BTreeMap::new(),
            scale: Some((1, 10)),
            labels: None,
        };
        let fb = parse(
            "f.csv",
            b"Mentor ID,MENTEE  id,How useful? (1-10)\nS1,J1,10 - Extremely\nS2,J2,1\n",
            &roster(),
            &options,
            &mut Vec::new(),
        )
        .unwrap();
        let ratings: Vec<f64> = fb.pairs.iter().map(|p| p.rating).collect();
        assert_eq!(ratings, [5.0, 1.0]);
        let Err(Error::Data(errors)) = parse(
            "f.csv",
            b"Mentor ID,MENTEE  id,How useful? (1-10)\nS1,J1,11\n",
            &roster(),
            &options,
            &mut Vec::new(),
        ) else {
            panic!("11 is refused");
        };
        assert_eq!(
            errors[0].to_string(),
            "f.csv, line 2, column 3 (how useful? (1-10)): rating \"11\" is not a number from 1 to 10; write the survey's answer (1 to 10, the rating scale given), or leave it empty if the pair did not answer"
        );
        assert!(matches!(
            column_flags(&["rating=A".into(), "Rating = a".into()]),
            Ok(pairs) if pairs.len() == 1
        ));
        assert!(read_scale("0-10", None).is_ok());
        assert!(read_scale("10", None).is_err());
    }

    /// `parse` of `rows` under the header `senior_id,junior_id,rating`:
    /// the pairs' ratings, or the errors; and the warnings.
    fn rated(
        rows: &str,
        options: &FeedbackOptions,
    ) -> (Result<Vec<f64>, Vec<String>>, Vec<String>) {
        let mut warnings = Vec::new();
        let text = format!("senior_id,junior_id,rating\n{rows}");
        let read = parse("f.csv", text.as_bytes(), &roster(), options, &mut warnings);
        let read = match read {
            Ok(fb) => Ok(fb.pairs.iter().map(|p| p.rating).collect()),
            Err(Error::Data(errors)) => Err(errors.iter().map(ToString::to_string).collect()),
            Err(e) => panic!("{e}"),
        };
        (read, warnings.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn ratings_in_words_of_a_known_scale_are_read_whatever_the_row_order() {
        let rows = [
            "S1,J1,Very useful\n",
            "S1,J2,not at all  USEFUL\n",
            "S2,J1,2\n",
            "S2,J2,Extremely useful\n",
        ];
        let (read, warnings) = rated(&rows.concat(), &FeedbackOptions::default());
        assert_eq!(read, Ok(vec![4.0, 1.0, 2.0, 5.0]));
        assert_eq!(
            warnings,
            ["f.csv, line 2, column 3 (rating): the ratings are words (\"Very useful\"); each is read on the scale Not at all useful = 1, Slightly useful = 2, Moderately useful = 3, Very useful = 4, Extremely useful = 5"]
        );
        let mut reversed = rows;
        reversed.reverse();
        let (again, warnings) = rated(&reversed.concat(), &FeedbackOptions::default());
        assert_eq!(again, read, "the pairs are sorted; their ratings the same");
        assert!(warnings[0].starts_with(
            "f.csv, line 2, column 3 (rating): the ratings are words (\"Extremely useful\")"
        ));
        // Answers that say nobody rated are left out as blanks.
        let (read, _) = rated(
            "S1,J1,Agree\nS1,J2,N/A\nS2,J1,Don\u{2019}t know\nS2,J2,Strongly disagree\n",
            &FeedbackOptions::default(),
        );
        assert_eq!(read, Ok(vec![4.0, 1.0]));
    }

    #[test]
    fn words_of_no_known_scale_are_one_error_each() {
        let (read, _) = rated(
            "S1,J1,Quite useful\nS1,J2,Very useful\nS2,J1,quite  useful\nS2,J2,Not useful\n",
            &FeedbackOptions::default(),
        );
        let advice = "give the survey's answers lowest first: --rating-labels \"Quite useful,Very useful,Not useful\" (this column's answers as first seen: put them in order and add any that nobody gave)";
        assert_eq!(
            read,
            Err(vec![
                format!("f.csv, line 2, column 3 (rating): rating \"Quite useful\" is none of the answers of a known scale; {advice}"),
                format!("f.csv, line 5, column 3 (rating): rating \"Not useful\" is none of the answers of a known scale; {advice}"),
            ])
        );
        // Words of two scales: one error, at the first.
        let (read, _) = rated(
            "S1,J1,4\nS1,J2,Agree\nS2,J1,Very useful\n",
            &FeedbackOptions::default(),
        );
        let Err(errors) = read else {
            panic!("two scales are refused")
        };
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].starts_with("f.csv, line 3, column 3 (rating): the ratings are words of more than one scale (\"Agree\", \"Very useful\")"), "{}", errors[0]);
    }

    #[test]
    fn rating_labels_read_words_and_numbers_on_their_scale() {
        let options = FeedbackOptions {
            labels: Some(
                RatingLabels::new(
                    vec![
                        "Not useful".into(),
                        "Quite useful".into(),
                        "Very useful".into(),
                    ],
                    "--rating-labels",
                    "--rating-labels".into(),
                )
                .unwrap(),
            ),
            ..FeedbackOptions::default()
        };
        let (read, warnings) = rated(
            "S1,J1,quite useful\nS1,J2,Very useful\nS2,J1,1\nS2,J2,2 - Quite useful\n",
            &options,
        );
        assert_eq!(read, Ok(vec![3.0, 5.0, 1.0, 3.0]));
        assert!(
            !warnings.iter().any(|w| w.contains("are words")),
            "{warnings:?}"
        );
        let (read, _) = rated(
            "S1,J1,Extremely useful\nS1,J2,4\nS2,J1,Extremely useful\n",
            &options,
        );
        assert_eq!(
            read,
            Err(vec![
                "f.csv, line 2, column 3 (rating): rating \"Extremely useful\" is none of the answers --rating-labels gives (Not useful, Quite useful, Very useful); add it there in its place, lowest first, or correct the answer".to_string(),
                "f.csv, line 3, column 3 (rating): rating \"4\" is not a number from 1 to 3; write one of the answers --rating-labels gives (Not useful, Quite useful, Very useful) or its number, 1 to 3, or leave it empty if the pair did not answer".to_string(),
            ])
        );
    }

    #[test]
    fn a_semicolon_file_is_read() {
        let fb = parse(
            "f.csv",
            b"sep=;\nSenior ID;Junior ID;Rating\nS1;J1;4,5\n",
            &roster(),
            &FeedbackOptions::default(),
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
            &FeedbackOptions::default(),
            &mut Vec::new(),
        )
        .unwrap();
        assert_eq!(fb.pairs[0].rating, 4.5);
    }
}
