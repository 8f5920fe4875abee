//! Roster text as a terminal may show it, and ids as people read them.
//!
//! A roster is written by other people: a name can hold an escape sequence
//! that clears the screen (`ESC [2J`), sets the window title or makes a live
//! link (OSC 0, OSC 8), a right-to-left override (U+202E) that reorders the
//! rest of the line, or characters nobody can see. [`escape`] makes such
//! text inert for everything rmatch writes to a terminal or in a message;
//! CSV and JSON keep the exact text.
//!
//! Ids are compared as people read them ([`id_key`]): `José` typed as one
//! character or as `e` plus an accent is one id, and so is `J1` with a
//! zero-width space inside.

use std::borrow::Cow;

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// Characters that change how text is laid out but show nothing: bidi
/// marks, overrides and isolates, zero-width characters, the byte order
/// mark, the soft hyphen, invisible separators and tags.
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00ad}'
            | '\u{034f}'
            | '\u{061c}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{180b}'..='\u{180e}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{e0000}'..='\u{e007f}'
    )
}

/// Whether a terminal could be driven or misled by `c`: control characters
/// (C0, DEL, C1: escape sequences start with one), line and paragraph
/// separators, and the invisible characters of [`is_invisible`].
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{2028}' | '\u{2029}') || is_invisible(c)
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
    }
}

/// `n` with its noun, singular for one: `1 pair`, `2 pairs`, `0 pairs`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `text` with every [`is_unsafe`] character written as an escape
/// (`\u{1b}`, `\u{202e}`, `\n`), so it shows as typed and changes nothing
/// on the screen. Text without such characters is returned as it is.
pub fn escape(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_unsafe(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`escape`] for text of several lines rmatch composed itself: the line
/// breaks stay, everything else unsafe is escaped.
pub fn escape_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_unsafe(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if c != '\n' && is_unsafe(c) {
            push_escaped(&mut out, c);
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// An id as rmatch compares it: trimmed, without invisible or control
/// characters, in Unicode normal form C (an accent typed as its own
/// character joins its letter). Ids that are already so are borrowed.
pub fn id_key(text: &str) -> Cow<'_, str> {
    let trimmed = text.trim();
    let clean = !trimmed.chars().any(|c| c.is_control() || is_invisible(c));
    if clean && (trimmed.is_ascii() || is_nfc_quick(trimmed.chars()) == IsNormalized::Yes) {
        return Cow::Borrowed(trimmed);
    }
    let visible: String = trimmed
        .chars()
        .filter(|&c| !(c.is_control() || is_invisible(c)))
        .collect();
    Cow::Owned(visible.trim().nfc().collect())
}

/// An id as rmatch tells ids apart: [`id_key`] in lowercase. Two roster
/// ids with the same fold are refused as duplicates.
pub fn id_fold(text: &str) -> Cow<'_, str> {
    let key = id_key(text);
    if key.chars().any(char::is_uppercase) {
        Cow::Owned(key.to_lowercase())
    } else {
        key
    }
}

/// The line each CSV record of a text starts on, counted from 1. The csv
/// crate's own `Position::line` counts a record that follows a CRLF line
/// break on the line before it (a Windows or Excel CSV said `line 1` of its
/// first row below the header), so lines are counted here from the
/// record's byte offset, past the line breaks it may point at; a lone CR
/// ends a line too.
pub struct CsvLines<'a> {
    text: &'a [u8],
    /// The offset of each line's break.
    breaks: Vec<usize>,
}

impl<'a> CsvLines<'a> {
    pub fn new(text: &'a [u8]) -> CsvLines<'a> {
        let breaks = text
            .iter()
            .enumerate()
            .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && text.get(i + 1) != Some(&b'\n')))
            .map(|(i, _)| i)
            .collect();
        CsvLines { text, breaks }
    }

    /// The line a record (or an error) at `position` starts on.
    pub fn of(&self, position: Option<&csv::Position>) -> Option<u64> {
        let mut at = usize::try_from(position?.byte()).ok()?;
        while at < self.text.len() && matches!(self.text[at], b'\r' | b'\n') {
            at += 1;
        }
        Some(self.breaks.partition_point(|&b| b < at) as u64 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_makes_terminal_controls_inert() {
        assert_eq!(escape("Ann Lee"), "Ann Lee");
        assert!(matches!(escape("Zoë"), Cow::Borrowed(_)));
        assert_eq!(escape("a\u{1b}[2Jb"), "a\\u{1b}[2Jb");
        assert_eq!(
            escape("\u{1b}]0;owned\u{7}x"),
            "\\u{1b}]0;owned\\u{7}x",
            "OSC 0 sets the window title"
        );
        assert_eq!(escape("\u{9b}31m"), "\\u{9b}31m", "C1 CSI");
        assert_eq!(escape("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(escape("\u{2066}x\u{2069}"), "\\u{2066}x\\u{2069}");
        assert_eq!(escape("J\u{200b}1"), "J\\u{200b}1");
        assert_eq!(escape("a\nb\tc\r"), "a\\nb\\tc\\r");
        assert_eq!(escape("\u{0}"), "\\u{0}");
        assert_eq!(escape_lines("a\u{1b}\nb\n"), "a\\u{1b}\nb\n");
    }

    #[test]
    fn ids_compare_as_people_read_them() {
        let nfd = "Jose\u{301}";
        assert_eq!(id_key(nfd), "Jos\u{e9}");
        assert_eq!(id_key("Jos\u{e9}"), "Jos\u{e9}");
        assert_eq!(id_key(" J\u{200b}1\u{feff} "), "J1");
        assert_eq!(id_key("S1\u{202e}"), "S1");
        assert_eq!(id_key("\u{200b}"), "");
        assert!(matches!(id_key("S000001"), Cow::Borrowed(_)));
        assert_eq!(id_fold("J1"), "j1");
        assert_eq!(id_fold("JOSE\u{301}"), "jos\u{e9}");
    }

    #[test]
    fn csv_records_are_on_their_own_lines_whatever_the_line_breaks() {
        for text in [
            "a,b\nc,d\n\ne,f\n",
            "a,b\r\nc,d\r\n\r\ne,f\r\n",
            "a,b\rc,d\r\re,f\r",
        ] {
            let lines = CsvLines::new(text.as_bytes());
            let mut reader = csv::ReaderBuilder::new()
                .has_headers(false)
                .from_reader(text.as_bytes());
            let found: Vec<u64> = reader
                .records()
                .map(|r| lines.of(r.unwrap().position()).unwrap())
                .collect();
            assert_eq!(found, [1, 2, 4], "{text:?}");
        }
    }
}
