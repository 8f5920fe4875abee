//! Ratings given as words: a survey tool's export writes the answer's
//! label (`Very useful`, `Agree`) where a plain file writes its number.
//!
//! Without being told, `rmatch learn` reads the words of one well-known
//! five-point scale ([`KNOWN_SCALES`]): the scale that holds every distinct
//! worded answer of the column, whatever the rows' order ([`choose`]).
//! A survey on a scale of its own is given as its answers, lowest first
//! ([`RatingLabels`], `--rating-labels` or `learn.rating_labels`).
//! Answers are compared as [`fold`] writes them: any case, spaces folded,
//! straight and curly apostrophes alike.

use crate::error::{Error, Result};
use crate::text::escape;

/// A five-point scale a survey tool offers: its answers lowest first, each
/// with the spellings it is written in (the first is the one shown).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KnownScale {
    /// What it measures, for the reader of this code and its tests.
    pub name: &'static str,
    pub answers: &'static [&'static [&'static str]],
}

/// The scales read without `--rating-labels`. No answer is in two of them
/// at different places (a test checks it), so the choice among them is
/// never ambiguous: "Neutral", the middle of several, is 3 in each.
pub const KNOWN_SCALES: [KnownScale; 9] = [
    KnownScale {
        name: "usefulness",
        answers: &[
            &["Not at all useful"],
            &["Slightly useful"],
            &["Moderately useful"],
            &["Very useful"],
            &["Extremely useful"],
        ],
    },
    KnownScale {
        name: "helpfulness",
        answers: &[
            &["Not at all helpful"],
            &["Slightly helpful"],
            &["Moderately helpful"],
            &["Very helpful"],
            &["Extremely helpful"],
        ],
    },
    KnownScale {
        name: "agreement",
        answers: &[
            &["Strongly disagree"],
            &["Disagree"],
            &["Neither agree nor disagree", "Neutral"],
            &["Agree"],
            &["Strongly agree"],
        ],
    },
    KnownScale {
        name: "agreement, somewhat",
        answers: &[
            &["Strongly disagree"],
            &["Somewhat disagree"],
            &["Neither agree nor disagree", "Neutral"],
            &["Somewhat agree"],
            &["Strongly agree"],
        ],
    },
    KnownScale {
        name: "satisfaction",
        answers: &[
            &["Very dissatisfied"],
            &["Dissatisfied"],
            &["Neither satisfied nor dissatisfied", "Neutral"],
            &["Satisfied"],
            &["Very satisfied"],
        ],
    },
    KnownScale {
        name: "satisfaction, somewhat",
        answers: &[
            &["Extremely dissatisfied"],
            &["Somewhat dissatisfied"],
            &["Neither satisfied nor dissatisfied", "Neutral"],
            &["Somewhat satisfied"],
            &["Extremely satisfied"],
        ],
    },
    KnownScale {
        name: "quality",
        answers: &[
            &["Poor"],
            &["Fair"],
            &["Good"],
            &["Very good"],
            &["Excellent"],
        ],
    },
    KnownScale {
        name: "likelihood",
        answers: &[
            &["Very unlikely"],
            &["Unlikely"],
            &["Neither likely nor unlikely", "Neutral"],
            &["Likely"],
            &["Very likely"],
        ],
    },
    KnownScale {
        name: "likelihood, somewhat",
        answers: &[
            &["Extremely unlikely"],
            &["Somewhat unlikely"],
            &["Neither likely nor unlikely", "Neutral"],
            &["Somewhat likely"],
            &["Extremely likely"],
        ],
    },
];

/// Answers that say the pair gave no rating: read as an empty cell (left
/// out and counted), unless `--rating-labels` names them.
pub const NON_ANSWERS: [&str; 6] = [
    "N/A",
    "NA",
    "Not applicable",
    "Don't know",
    "Do not know",
    "Prefer not to say",
];

/// How answers are compared: lower case, runs of spaces as one, no space
/// around, curly apostrophes as straight ones, and without the invisible
/// characters spreadsheets leave behind.
pub fn fold(text: &str) -> String {
    let visible: String = text
        .chars()
        .filter(|c| {
            !matches!(
                c,
                '\u{feff}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{00ad}'
            )
        })
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{02bc}' | '\u{2032}' => '\'',
            c => c,
        })
        .collect();
    visible
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Whether `text` says the pair gave no rating (see [`NON_ANSWERS`]).
pub fn is_non_answer(text: &str) -> bool {
    let folded = fold(text);
    NON_ANSWERS.iter().any(|n| fold(n) == folded)
}

/// The rating, on 1 to 5, of answer `k` (1-based) of a scale of `n`
/// answers: as `--rating-scale 1-n` puts the number `k`.
pub fn on_one_to_five(k: usize, n: usize) -> f64 {
    if n <= 1 {
        return 1.0;
    }
    1.0 + k.saturating_sub(1) as f64 * 4.0 / (n - 1) as f64
}

impl KnownScale {
    /// The place (1-based) of the answer `folded` (as [`fold`] gives it:
    /// in lower case, as the spellings here are once folded, a test says).
    pub fn position(&self, folded: &str) -> Option<usize> {
        self.answers
            .iter()
            .position(|spellings| spellings.iter().any(|s| s.eq_ignore_ascii_case(folded)))
            .map(|i| i + 1)
    }

    /// The scale in words, `Poor = 1, Fair = 2, ...`: each answer as the
    /// column spells it (of `folded`, its distinct answers) when it does,
    /// else by its first spelling.
    pub fn described(&self, folded: &[String]) -> String {
        self.answers
            .iter()
            .enumerate()
            .map(|(i, spellings)| {
                let shown = spellings
                    .iter()
                    .find(|s| folded.contains(&fold(s)))
                    .unwrap_or(&spellings[0]);
                format!("{shown} = {}", i + 1)
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Which scale a column's distinct worded answers are read on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Choice<'a> {
    /// The one scale, or the first of those, holding every answer and
    /// giving each the same place.
    Scale(&'a KnownScale),
    /// The answers (their indices) that no scale holds.
    Unknown(Vec<usize>),
    /// Each answer is in some scale, but no one scale holds them all.
    Mixed,
    /// Several scales hold every answer and place some differently.
    Ambiguous(Vec<&'a KnownScale>),
}

/// The scale of `scales` that holds every answer of `folded` (distinct,
/// as [`fold`] gives them, not empty): the same whatever their order.
pub fn choose<'a>(folded: &[String], scales: &'a [KnownScale]) -> Choice<'a> {
    let unknown: Vec<usize> = (0..folded.len())
        .filter(|&i| scales.iter().all(|s| s.position(&folded[i]).is_none()))
        .collect();
    if !unknown.is_empty() {
        return Choice::Unknown(unknown);
    }
    let holding: Vec<&KnownScale> = scales
        .iter()
        .filter(|s| folded.iter().all(|w| s.position(w).is_some()))
        .collect();
    let Some(first) = holding.first() else {
        return Choice::Mixed;
    };
    let places = |s: &KnownScale| -> Vec<f64> {
        folded
            .iter()
            .map(|w| on_one_to_five(s.position(w).unwrap_or(0), s.answers.len()))
            .collect()
    };
    if holding.iter().all(|s| places(s) == places(first)) {
        Choice::Scale(first)
    } else {
        Choice::Ambiguous(holding)
    }
}

/// The most answers an error lists before `...`.
pub const SHOWN_ANSWERS: usize = 8;

/// What to do when a column's words are no known scale's: give them as
/// `--rating-labels`, from `written` (the column's distinct worded
/// answers, as first written, in the order first seen).
pub fn labels_advice(written: &[&str]) -> String {
    let mut cells: Vec<String> = written
        .iter()
        .take(SHOWN_ANSWERS)
        .map(|w| {
            let w = w.split_whitespace().collect::<Vec<_>>().join(" ");
            if w.contains([',', '"']) {
                format!("\"{}\"", w.replace('"', "\"\""))
            } else {
                w
            }
        })
        .collect();
    if written.len() > SHOWN_ANSWERS {
        cells.push("...".into());
    }
    let flag = cells.join(",").replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        "give the survey's answers lowest first: --rating-labels \"{}\" (this column's answers as first seen: put them in order and add any that nobody gave)",
        escape(&flag)
    )
}

/// A survey's own answers in words, lowest first, as `--rating-labels` or
/// the config's `learn.rating_labels` gives them: with n answers, answer
/// k is read as k on 1 to n, put on 1 to 5 (see [`on_one_to_five`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RatingLabels {
    /// The answers as given, lowest first.
    pub labels: Vec<String>,
    /// Where they were given, for messages: `--rating-labels`, or
    /// `FILE's learn.rating_labels`.
    pub given_by: String,
}

/// The highest answer `--rating-scale` takes (a survey's scale is short).
pub const MAX_SCALE: u32 = 100;

/// The most answers a scale of labels has (as `--rating-scale`'s highest).
pub const MAX_LABELS: usize = MAX_SCALE as usize;

impl RatingLabels {
    /// `labels` checked: at least 2, at most [`MAX_LABELS`], none empty,
    /// none starting with a number, no two the same as [`fold`] compares
    /// them. Usage errors (exit 2) start with `named`, the flag or key as
    /// written.
    pub fn new(labels: Vec<String>, named: &str, given_by: String) -> Result<RatingLabels> {
        let bad = |why: String| Err(Error::Usage(format!("{named}: {why}")));
        if labels.len() < 2 {
            return bad("give at least 2 answers, lowest first, as in --rating-labels \"Not useful,Quite useful,Very useful\"".into());
        }
        if labels.len() > MAX_LABELS {
            return bad(format!(
                "{} answers are too many; a scale has at most {MAX_LABELS}",
                labels.len()
            ));
        }
        for (i, label) in labels.iter().enumerate() {
            let folded = fold(label);
            if folded.is_empty() {
                return bad(format!(
                    "answer {} is empty; give each answer's words, lowest first",
                    i + 1
                ));
            }
            if folded.starts_with(|c: char| c.is_ascii_digit()) {
                return bad(format!(
                    "\"{}\" starts with a number, and a rating that starts with a number is read as that number; give the answers' words alone (Very useful, not 4 - Very useful)",
                    escape(label.trim())
                ));
            }
            if let Some(j) = labels[..i].iter().position(|l| fold(l) == folded) {
                return bad(format!(
                    "answers {} and {} (\"{}\" and \"{}\") are the same, compared ignoring case and spaces; give each answer once",
                    j + 1,
                    i + 1,
                    escape(labels[j].trim()),
                    escape(label.trim())
                ));
            }
        }
        let labels = labels.into_iter().map(|l| l.trim().to_string()).collect();
        Ok(RatingLabels { labels, given_by })
    }

    /// The place (1-based) of the answer `text`, compared as [`fold`] does.
    pub fn position(&self, text: &str) -> Option<usize> {
        let folded = fold(text);
        self.labels
            .iter()
            .position(|l| fold(l) == folded)
            .map(|i| i + 1)
    }

    /// The answers, for messages: `Not useful, Quite useful, Very useful`.
    pub fn listed(&self) -> String {
        escape(&self.labels.join(", ")).into_owned()
    }
}

/// `--rating-labels`'s text as its answers: one line of comma-separated
/// values, an answer holding a comma in double quotes.
pub fn split_flag(text: &str) -> Result<Vec<String>> {
    let named = format!("--rating-labels \"{}\"", escape(text));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = reader.records();
    let record = match records.next() {
        None => Ok(csv::StringRecord::new()),
        Some(Ok(record)) if records.next().is_none() => Ok(record),
        Some(Ok(_)) => Err("the answers are on more than one line".to_string()),
        Some(Err(e)) => Err(format!("the answers cannot be read ({e})")),
    };
    match record {
        Ok(record) => Ok(record.iter().map(str::to_string).collect()),
        Err(why) => Err(Error::Usage(format!(
            "{named}: {why}; give them on one line, separated by commas, an answer holding a comma in double quotes"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folded(words: &[&str]) -> Vec<String> {
        words.iter().map(|w| fold(w)).collect()
    }

    #[test]
    fn answers_compare_ignoring_case_spaces_and_apostrophes() {
        assert_eq!(fold("  Very   USEFUL \t"), "very useful");
        assert_eq!(fold("Don\u{2019}t\u{a0}know"), "don't know");
        assert_eq!(fold("Very\u{200b} useful"), "very useful");
        assert!(is_non_answer("n/a"));
        assert!(is_non_answer("Don’t  know"));
        assert!(!is_non_answer("Neutral"));
    }

    #[test]
    fn the_scale_holding_every_answer_is_chosen_whatever_their_order() {
        let words = ["Very useful", "not at all useful", "Extremely  useful"];
        let mut reversed = words;
        reversed.reverse();
        for order in [words, reversed] {
            let Choice::Scale(scale) = choose(&folded(&order), &KNOWN_SCALES) else {
                panic!("{order:?} is on the usefulness scale");
            };
            assert_eq!(scale.name, "usefulness");
            assert_eq!(scale.position("very useful"), Some(4));
        }
        // Answers two scales share place the same: the first is taken.
        let Choice::Scale(scale) = choose(&folded(&["Strongly agree", "Neutral"]), &KNOWN_SCALES)
        else {
            panic!("agreement");
        };
        assert_eq!(scale.name, "agreement");
        let somewhat = folded(&["Somewhat agree", "neutral"]);
        assert!(matches!(
            choose(&somewhat, &KNOWN_SCALES),
            Choice::Scale(s) if s.name == "agreement, somewhat"
        ));
        assert_eq!(
            KNOWN_SCALES[3].described(&somewhat),
            "Strongly disagree = 1, Somewhat disagree = 2, Neutral = 3, Somewhat agree = 4, Strongly agree = 5"
        );
        assert!(matches!(
            choose(&folded(&["Poor", "Excellent", "Very good"]), &KNOWN_SCALES),
            Choice::Scale(s) if s.name == "quality"
        ));
    }

    #[test]
    fn answers_of_no_scale_or_of_several_are_not_guessed() {
        assert_eq!(
            choose(
                &folded(&["Very useful", "Quite useful", "x"]),
                &KNOWN_SCALES
            ),
            Choice::Unknown(vec![1, 2])
        );
        assert_eq!(
            choose(&folded(&["Very useful", "Agree"]), &KNOWN_SCALES),
            Choice::Mixed
        );
        // Two scales that place "Good" differently cannot be told apart
        // by "Good" and "Excellent" alone; "Fair" settles it.
        let scales = [
            KNOWN_SCALES[6],
            KnownScale {
                name: "quality, average",
                answers: &[
                    &["Terrible"],
                    &["Poor"],
                    &["Average"],
                    &["Good"],
                    &["Excellent"],
                ],
            },
        ];
        assert_eq!(
            choose(&folded(&["Good", "Excellent"]), &scales),
            Choice::Ambiguous(vec![&scales[0], &scales[1]])
        );
        assert_eq!(
            choose(&folded(&["Excellent", "Good", "Fair"]), &scales),
            Choice::Scale(&scales[0])
        );
        // Both place "Excellent" at 5: no ambiguity in what it means.
        assert_eq!(
            choose(&folded(&["Excellent"]), &scales),
            Choice::Scale(&scales[0])
        );
    }

    #[test]
    fn no_answer_is_in_two_known_scales_at_different_places() {
        for a in &KNOWN_SCALES {
            assert_eq!(a.answers.len(), 5, "{}", a.name);
            for spellings in a.answers {
                for s in *spellings {
                    assert!(!is_non_answer(s), "{s}");
                    assert_eq!(fold(s), s.to_ascii_lowercase(), "{s} is written folded");
                    let here = a.position(&fold(s));
                    for b in &KNOWN_SCALES {
                        let there = b.position(&fold(s));
                        assert!(
                            there.is_none() || there == here,
                            "{s}: {} in {}, {there:?} in {}",
                            here.unwrap_or(0),
                            a.name,
                            b.name
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn labels_are_checked_and_placed_on_one_to_five() {
        let labels = RatingLabels::new(
            split_flag("Not useful, Quite useful ,Very useful").unwrap(),
            "--rating-labels",
            "--rating-labels".into(),
        )
        .unwrap();
        assert_eq!(labels.labels, ["Not useful", "Quite useful", "Very useful"]);
        assert_eq!(labels.position("quite  USEFUL"), Some(2));
        assert_eq!(labels.position("useful"), None);
        assert_eq!(on_one_to_five(2, 3), 3.0);
        assert_eq!(on_one_to_five(4, 5), 4.0);
        assert_eq!(on_one_to_five(2, 2), 5.0);
        assert_eq!(
            split_flag("\"Good, mostly\",Bad").unwrap(),
            ["Good, mostly", "Bad"]
        );
        let refused = |text: &str| {
            let Err(Error::Usage(message)) = split_flag(text).and_then(|labels| {
                RatingLabels::new(labels, "--rating-labels", "--rating-labels".into())
            }) else {
                panic!("{text} is refused");
            };
            message
        };
        assert!(refused("Useful").contains("give at least 2 answers"));
        assert!(refused("").contains("give at least 2 answers"));
        assert!(refused("A,,B").contains("answer 2 is empty"));
        assert!(
            refused("Good,good ").contains("answers 1 and 2 (\"Good\" and \"good\") are the same")
        );
        assert!(refused("1 - Bad,2 - Good").contains("starts with a number"));
        assert!(refused("A\nB").contains("more than one line"));
        let many: Vec<String> = (0..101).map(|i| format!("a{i}")).collect();
        assert!(refused(&many.join(",")).contains("101 answers are too many"));
    }

    #[test]
    fn the_advice_lists_the_answers_as_a_flag() {
        assert_eq!(
            labels_advice(&["Not useful", "Quite  useful"]),
            "give the survey's answers lowest first: --rating-labels \"Not useful,Quite useful\" (this column's answers as first seen: put them in order and add any that nobody gave)"
        );
        let many: Vec<String> = (1..=9).map(|i| format!("a{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        assert!(labels_advice(&many).contains("\"a1,a2,a3,a4,a5,a6,a7,a8,...\""));
        assert!(labels_advice(&["Good, mostly", "Bad"])
            .contains("--rating-labels \"\\\"Good, mostly\\\",Bad\""));
    }
}
