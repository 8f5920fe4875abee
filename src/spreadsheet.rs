//! Keeping CSV cells from running as spreadsheet formulas.
//!
//! A spreadsheet that opens a CSV treats a cell starting with `=`, `+`, `-`
//! or `@` as a formula, and tab or carriage return can smuggle one in; a
//! roster name such as `=HYPERLINK("http://evil","click")` would become a
//! live link. Following OWASP's advice on CSV injection, such text cells
//! are written with a leading single quote, which spreadsheets show as text.
//! Plain numbers (`-5`, `+3.25`) are left alone: they are not formulas.
//! `--raw` turns this off for pipelines that need the exact bytes.

use std::borrow::Cow;

/// Whether a field is one of the error values a spreadsheet writes into a
/// CSV export (or a workbook cell) for a formula that failed (`#N/A`,
/// `#REF!`, ...): never a value rmatch should take as written.
pub fn is_error_value(text: &str) -> bool {
    text.starts_with('#')
        && [
            "#N/A", "#REF!", "#VALUE!", "#DIV/0!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!",
        ]
        .contains(&text)
}

/// The characters that make a spreadsheet read a cell as a formula.
const TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a spreadsheet would run `text` as a formula.
fn is_formula(text: &str) -> bool {
    text.starts_with(TRIGGERS) && !is_plain_number(text)
}

/// `text` as a CSV cell that a spreadsheet shows as text: a formula gets a
/// leading `'`. So that every cell reads back as exactly its text
/// ([`original`]), a text that already starts with quotes before a
/// formula (`'=S1`) gets one more (`''=S1`).
pub fn cell(text: &str) -> Cow<'_, str> {
    if is_formula(text.trim_start_matches('\'')) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

/// `text` as a cell: neutralised unless `raw`. A NUL character, which a
/// roster cannot hold (it is refused when read), would never reach a CSV
/// file: it is written as U+FFFD either way.
pub fn text_cell(text: &str, raw: bool) -> Cow<'_, str> {
    let text: Cow<'_, str> = if text.contains('\0') {
        Cow::Owned(text.replace('\0', "\u{fffd}"))
    } else {
        Cow::Borrowed(text)
    };
    if raw {
        return text;
    }
    match text {
        Cow::Borrowed(text) => cell(text),
        Cow::Owned(text) => Cow::Owned(cell(&text).into_owned()),
    }
}

/// The text [`cell`] was given, if `written` is one of its neutralised
/// cells (a `'`, then any quotes, then a formula): one quote comes off.
pub fn original(written: &str) -> Option<&str> {
    let rest = written.strip_prefix('\'')?;
    is_formula(rest.trim_start_matches('\'')).then_some(rest)
}

/// A signed decimal number such as `-5`, `+3.25` or `-0,5`.
fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = match digits.split_once(['.', ',']) {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && fraction.is_none_or(all_digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_starters_get_a_quote() {
        for text in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\tcmd",
            "\r=1",
            "=",
            "-",
            "+44 20 7946 0000",
        ] {
            assert_eq!(cell(text), format!("'{text}"), "{text:?}");
        }
    }

    #[test]
    fn ordinary_text_and_numbers_are_untouched() {
        for text in [
            "Maya Chen",
            "J12",
            "",
            "'quoted",
            "a=b",
            "-5",
            "+3.25",
            "-0,5",
            "12",
        ] {
            assert_eq!(cell(text), text, "{text:?}");
        }
        assert_eq!(text_cell("=1+1", true), "=1+1");
        // Reading a neutralised cell back.
        assert_eq!(original("'=1+1"), Some("=1+1"));
        assert_eq!(original("'-Mia"), Some("-Mia"));
        assert_eq!(original("'quoted"), None);
        assert_eq!(original("'-5"), None);
        assert_eq!(original("=1"), None);
        assert_eq!(text_cell("=1+1", false), "'=1+1");
    }

    #[test]
    fn every_cell_reads_back_as_its_own_text() {
        // `=S1` and `'=S1` are different ids, and stay different in CSV.
        assert_eq!(cell("=S1"), "'=S1");
        assert_eq!(cell("'=S1"), "''=S1");
        assert_eq!(cell("''=S1"), "'''=S1");
        for text in [
            "=S1", "'=S1", "''=S1", "'quoted", "-5", "'-5", "S1", "'", "", "@a",
        ] {
            let written = cell(text);
            let back = original(&written).unwrap_or(&written);
            assert_eq!(back, text, "{text:?} written as {written:?}");
        }
    }
}
