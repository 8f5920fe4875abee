//! Turning roster bytes into UTF-8 before the CSV is parsed.
//!
//! Spreadsheets save text in UTF-8 (with or without a byte order mark), in
//! UTF-16 ("Unicode text" in Excel, always with a byte order mark), or in a
//! Windows code page. rmatch reads UTF-8 by default, follows a UTF-16 byte
//! order mark, and decodes Windows-1252 or Latin-1 when told with
//! `--encoding`; UTF-16 without a byte order mark is recognised and read,
//! UTF-32 is recognised and refused. Everything after this module sees UTF-8 bytes with the same
//! line breaks as the file, so line numbers stay the file's own.

use std::borrow::Cow;
use std::fmt;

use encoding_rs::DecoderResult;

use crate::error::{Diagnostic, Error, Location};

/// The text encodings a roster may be read in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8, with or without a byte order mark (the default).
    #[default]
    Utf8,
    /// Windows-1252 (Western European Windows, what Excel's plain "CSV" saves).
    Windows1252,
    /// ISO-8859-1.
    Latin1,
}

impl Encoding {
    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Windows1252 => "windows-1252",
            Encoding::Latin1 => "latin-1",
        }
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What decoding found worth telling the user, without quoting any text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Note {
    /// A UTF-8 byte order mark overrode `--encoding`.
    BomOverrides(Encoding),
    /// A UTF-16 byte order mark: the file was read as UTF-16.
    Utf16,
    /// No byte order mark, but the bytes are UTF-16 (every other byte of
    /// the header is zero): read as this form ("UTF-16 LE" or "UTF-16 BE").
    Utf16WithoutMark(&'static str),
    /// The file is valid UTF-8 with non-ASCII text but was decoded as
    /// another encoding, as asked; accented letters may come out garbled.
    LooksLikeUtf8(Encoding),
}

/// The roster as UTF-8 bytes. In UTF-8 mode the bytes are passed through
/// unchecked: each field is checked later, where its line and column are
/// known, so every bad field can be reported.
pub struct Decoded<'b> {
    pub bytes: Cow<'b, [u8]>,
    pub notes: Vec<Note>,
}

/// A UTF-16 file that is not valid UTF-16: a 1-based line and the byte
/// offset in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadUtf16 {
    pub line: u64,
    pub offset: usize,
}

/// Why a roster cannot be decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Undecodable {
    /// UTF-16 (with a byte order mark or recognised without) that is not
    /// valid UTF-16.
    BadUtf16(BadUtf16),
    /// UTF-32, which no spreadsheet needs and rmatch does not read:
    /// "UTF-32 LE" or "UTF-32 BE".
    Utf32(&'static str),
}

impl From<BadUtf16> for Undecodable {
    fn from(bad: BadUtf16) -> Self {
        Undecodable::BadUtf16(bad)
    }
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Text of two or four bytes a character, recognised without a byte order
/// mark: the header (`id`, `role`, ...) is ASCII, so in UTF-16 every other
/// byte is zero, and in UTF-32 three bytes of every four. Text in UTF-8 or
/// a code page never looks like that (it would be mostly NUL characters).
/// Looks at the first 256 bytes.
pub fn wide_form(bytes: &[u8]) -> Option<&'static str> {
    let sample = &bytes[..bytes.len().min(256)];
    if !sample.contains(&0) {
        return None;
    }
    // Most (three in four) units have this byte zero / not zero.
    let most = |unit: usize, at: usize, zero: bool| {
        let units = sample.len() / unit;
        units >= 2
            && 4 * sample
                .chunks_exact(unit)
                .filter(|u| (u[at] == 0) == zero)
                .count()
                >= 3 * units
    };
    let all_zero = |unit: usize, at: usize| sample.chunks_exact(unit).all(|u| u[at] == 0);
    if all_zero(4, 3) && all_zero(4, 2) && most(4, 1, true) && most(4, 0, false) {
        Some("UTF-32 LE")
    } else if all_zero(4, 0) && all_zero(4, 1) && most(4, 2, true) && most(4, 3, false) {
        Some("UTF-32 BE")
    } else if most(2, 1, true) && most(2, 0, false) {
        Some("UTF-16 LE")
    } else if most(2, 0, true) && most(2, 1, false) {
        Some("UTF-16 BE")
    } else {
        None
    }
}

/// Decodes `bytes` as `encoding` into UTF-8, honouring byte order marks,
/// and recognising UTF-16 and UTF-32 without one ([`wide_form`]).
pub fn decode(bytes: &[u8], encoding: Encoding) -> Result<Decoded<'_>, Undecodable> {
    let mut notes = Vec::new();
    if bytes.starts_with(b"\xFF\xFE\x00\x00") {
        return Err(Undecodable::Utf32("UTF-32 LE"));
    }
    if bytes.starts_with(b"\x00\x00\xFE\xFF") {
        return Err(Undecodable::Utf32("UTF-32 BE"));
    }
    if let Some(rest) = bytes.strip_prefix(UTF8_BOM) {
        if encoding != Encoding::Utf8 {
            notes.push(Note::BomOverrides(encoding));
        }
        return Ok(Decoded {
            bytes: Cow::Borrowed(rest),
            notes,
        });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        notes.push(Note::Utf16);
        return Ok(Decoded {
            bytes: Cow::Owned(utf16(rest, 2, encoding_rs::UTF_16LE)?),
            notes,
        });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        notes.push(Note::Utf16);
        return Ok(Decoded {
            bytes: Cow::Owned(utf16(rest, 2, encoding_rs::UTF_16BE)?),
            notes,
        });
    }
    if let Some(form) = wide_form(bytes) {
        let decoder = match form {
            "UTF-16 LE" => encoding_rs::UTF_16LE,
            "UTF-16 BE" => encoding_rs::UTF_16BE,
            utf32 => return Err(Undecodable::Utf32(utf32)),
        };
        notes.push(Note::Utf16WithoutMark(form));
        return Ok(Decoded {
            bytes: Cow::Owned(utf16(bytes, 0, decoder)?),
            notes,
        });
    }
    if encoding == Encoding::Utf8 {
        return Ok(Decoded {
            bytes: Cow::Borrowed(bytes),
            notes,
        });
    }
    if !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok() {
        notes.push(Note::LooksLikeUtf8(encoding));
    }
    // Every byte maps to a character in both, so neither can fail.
    // Windows-1252 as browsers read it: the five bytes Windows leaves
    // undefined map to the control characters of the same number.
    let text = match encoding {
        Encoding::Windows1252 => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
        _ => encoding_rs::mem::decode_latin1(bytes),
    };
    Ok(Decoded {
        bytes: match text {
            Cow::Borrowed(text) => Cow::Borrowed(text.as_bytes()),
            Cow::Owned(text) => Cow::Owned(text.into_bytes()),
        },
        notes,
    })
}

/// Decodes UTF-16 (after a byte order mark of `mark` bytes) into UTF-8,
/// refusing the first unpaired surrogate or odd trailing byte with its
/// line and offset.
fn utf16(
    bytes: &[u8],
    mark: usize,
    encoding: &'static encoding_rs::Encoding,
) -> Result<Vec<u8>, BadUtf16> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(3 * bytes.len() + 4);
    let mut out = vec![0u8; capacity];
    let (result, read, written) = decoder.decode_to_utf8_without_replacement(bytes, &mut out, true);
    out.truncate(written);
    match result {
        DecoderResult::InputEmpty => Ok(out),
        DecoderResult::Malformed(bad, after) => {
            let at = read - usize::from(bad) - usize::from(after);
            Err(BadUtf16 {
                line: 1 + out.iter().filter(|&&b| b == b'\n').count() as u64,
                // After the byte order mark.
                offset: mark + at,
            })
        }
        DecoderResult::OutputFull => unreachable!("the buffer holds the worst case"),
    }
}

/// Whether `bytes` are UTF-16 or UTF-32 (a byte order mark, or UTF-16
/// recognised without one): what [`wide_text_as_utf8`] decodes.
pub(crate) fn is_wide(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF")
        || bytes.starts_with(b"\x00\x00\xFE\xFF")
        || wide_form(bytes).is_some()
}

/// A side file saved as Excel's "Unicode Text" (UTF-16, with a byte order
/// mark or recognised without one) as UTF-8, as a roster is read; any
/// other bytes as they are. UTF-32, or UTF-16 that is not valid, is an
/// error naming the file and what to do.
pub(crate) fn wide_text_as_utf8(source: &str, bytes: Vec<u8>) -> Result<Vec<u8>, Error> {
    if !is_wide(&bytes) {
        return Ok(bytes);
    }
    let problem = |line: Option<u64>, message: String| {
        Error::Data(vec![Diagnostic {
            location: Location {
                file: source.to_string(),
                line,
                column: None,
            },
            message,
        }])
    };
    match decode(&bytes, Encoding::Utf8) {
        Ok(decoded) => Ok(decoded.bytes.into_owned()),
        Err(Undecodable::Utf32(form)) => Err(problem(
            None,
            format!("the file is {form}, which rmatch does not read; save it as CSV UTF-8"),
        )),
        Err(Undecodable::BadUtf16(bad)) => Err(problem(
            Some(bad.line),
            format!(
                "the file is UTF-16 but byte {} is not valid UTF-16; save it as CSV UTF-8",
                bad.offset
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(bytes: &[u8], encoding: Encoding) -> String {
        let decoded = decode(bytes, encoding).expect("decodes");
        String::from_utf8(decoded.bytes.into_owned()).expect("UTF-8 out")
    }

    #[test]
    fn windows_1252_decodes_accents_and_typographic_characters() {
        // "José Müller – 5€" as Windows-1252.
        let bytes = b"Jos\xe9 M\xfcller \x96 5\x80";
        assert_eq!(text(bytes, Encoding::Windows1252), "José Müller – 5€");
        // Latin-1 maps 0x80-0x9F to control characters instead.
        assert_eq!(text(b"Jos\xe9", Encoding::Latin1), "José");
        assert_eq!(text(b"\x80", Encoding::Latin1), "\u{80}");
        // The five bytes Windows-1252 leaves undefined stay control characters.
        assert_eq!(
            text(b"\x81\x8d\x8f\x90\x9d\x9f\xa0", Encoding::Windows1252),
            "\u{81}\u{8d}\u{8f}\u{90}\u{9d}\u{178}\u{a0}"
        );
    }

    #[test]
    fn utf8_passes_through_and_loses_its_byte_order_mark() {
        assert_eq!(text("\u{feff}id,né".as_bytes(), Encoding::Utf8), "id,né");
        let decoded = decode("\u{feff}id".as_bytes(), Encoding::Windows1252).unwrap();
        assert_eq!(decoded.notes, [Note::BomOverrides(Encoding::Windows1252)]);
        assert_eq!(&*decoded.bytes, b"id");
    }

    #[test]
    fn utf16_with_a_byte_order_mark_is_decoded() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in "id\tné\r\n".encode_utf16() {
            le.extend_from_slice(&unit.to_le_bytes());
            be.extend_from_slice(&unit.to_be_bytes());
        }
        assert_eq!(text(&le, Encoding::Utf8), "id\tné\r\n");
        assert_eq!(text(&be, Encoding::Windows1252), "id\tné\r\n");
        // A lone surrogate on line 2.
        let mut bad = vec![0xFF, 0xFE];
        for unit in [u16::from(b'a'), u16::from(b'\n'), 0xD800, u16::from(b'b')] {
            bad.extend_from_slice(&unit.to_le_bytes());
        }
        assert_eq!(
            decode(&bad, Encoding::Utf8).err(),
            Some(Undecodable::BadUtf16(BadUtf16 { line: 2, offset: 6 }))
        );
        // A lone low surrogate first; two high surrogates; an odd last byte.
        let units = |bom: [u8; 2], units: &[u16]| -> Vec<u8> {
            let mut out = bom.to_vec();
            for unit in units {
                out.extend_from_slice(&unit.to_le_bytes());
            }
            out
        };
        let le = [0xFF, 0xFE];
        assert_eq!(
            decode(&units(le, &[0xDC00, 0x61]), Encoding::Utf8).err(),
            Some(Undecodable::BadUtf16(BadUtf16 { line: 1, offset: 2 }))
        );
        assert_eq!(
            decode(&units(le, &[0x61, 0xD800, 0xD801, 0xDC00]), Encoding::Utf8).err(),
            Some(Undecodable::BadUtf16(BadUtf16 { line: 1, offset: 4 }))
        );
        let mut odd = units(le, &[0x61, 0x0A, 0x62]);
        odd.push(0x63);
        assert_eq!(
            decode(&odd, Encoding::Utf8).err(),
            Some(Undecodable::BadUtf16(BadUtf16 { line: 2, offset: 8 }))
        );
    }

    #[test]
    fn utf16_and_utf32_without_a_byte_order_mark_are_recognised() {
        let text = "id,name,role\nS1,Zoë,senior\n";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(wide_form(&le), Some("UTF-16 LE"));
        assert_eq!(wide_form(&be), Some("UTF-16 BE"));
        let decoded = decode(&le, Encoding::Utf8).unwrap();
        assert_eq!(decoded.notes, [Note::Utf16WithoutMark("UTF-16 LE")]);
        assert_eq!(&*decoded.bytes, text.as_bytes());
        assert_eq!(
            &*decode(&be, Encoding::Windows1252).unwrap().bytes,
            text.as_bytes()
        );
        let le32: Vec<u8> = text
            .chars()
            .flat_map(|c| u32::from(c).to_le_bytes())
            .collect();
        let be32: Vec<u8> = text
            .chars()
            .flat_map(|c| u32::from(c).to_be_bytes())
            .collect();
        assert_eq!(
            decode(&le32, Encoding::Utf8).err(),
            Some(Undecodable::Utf32("UTF-32 LE"))
        );
        assert_eq!(
            decode(&be32, Encoding::Utf8).err(),
            Some(Undecodable::Utf32("UTF-32 BE"))
        );
        // Plain text, even with a stray NUL, is not taken for either.
        assert_eq!(wide_form(b"id,role\nS1,senior\n"), None);
        assert_eq!(wide_form(b"id,role\nS1\0,senior\n"), None);
        assert_eq!(wide_form("id,name\nS1,Zoë\n".as_bytes()), None);
    }

    #[test]
    fn valid_utf8_read_as_windows_1252_is_noted() {
        let decoded = decode("Zoë".as_bytes(), Encoding::Windows1252).unwrap();
        assert_eq!(decoded.notes, [Note::LooksLikeUtf8(Encoding::Windows1252)]);
        let plain = decode(b"Zoe", Encoding::Windows1252).unwrap();
        assert!(plain.notes.is_empty());
    }
}
