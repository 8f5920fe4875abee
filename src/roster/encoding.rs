//! Turning roster bytes into UTF-8 before the CSV is parsed.
//!
//! Spreadsheets save text in UTF-8 (with or without a byte order mark), in
//! UTF-16 ("Unicode text" in Excel, always with a byte order mark), or in a
//! Windows code page. rmatch reads UTF-8 by default, follows a UTF-16 byte
//! order mark, and decodes Windows-1252 or Latin-1 when told with
//! `--encoding`. Everything after this module sees UTF-8 bytes with the same
//! line breaks as the file, so line numbers stay the file's own.

use std::borrow::Cow;
use std::fmt;

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

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes `bytes` as `encoding` into UTF-8, honouring byte order marks.
pub fn decode(bytes: &[u8], encoding: Encoding) -> Result<Decoded<'_>, BadUtf16> {
    let mut notes = Vec::new();
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
        return utf16(rest, u16::from_le_bytes).map(|b| Decoded {
            bytes: Cow::Owned(b),
            notes,
        });
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        notes.push(Note::Utf16);
        return utf16(rest, u16::from_be_bytes).map(|b| Decoded {
            bytes: Cow::Owned(b),
            notes,
        });
    }
    let table: fn(u8) -> char = match encoding {
        Encoding::Utf8 => {
            return Ok(Decoded {
                bytes: Cow::Borrowed(bytes),
                notes,
            })
        }
        Encoding::Windows1252 => windows_1252,
        Encoding::Latin1 => char::from,
    };
    if !bytes.is_ascii() && std::str::from_utf8(bytes).is_ok() {
        notes.push(Note::LooksLikeUtf8(encoding));
    }
    let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 8);
    let mut buffer = [0u8; 4];
    for &b in bytes {
        if b.is_ascii() {
            out.push(b);
        } else {
            out.extend_from_slice(table(b).encode_utf8(&mut buffer).as_bytes());
        }
    }
    Ok(Decoded {
        bytes: Cow::Owned(out),
        notes,
    })
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<Vec<u8>, BadUtf16> {
    let units = bytes.chunks(2).map(|pair| match pair {
        [a, b] => unit([*a, *b]),
        // An odd byte at the end cannot be a whole character.
        _ => 0xDC00,
    });
    let mut out = Vec::with_capacity(bytes.len());
    let mut buffer = [0u8; 4];
    let mut line = 1u64;
    let mut offset = 2; // after the byte order mark
    for c in char::decode_utf16(units) {
        match c {
            Ok(c) => {
                if c == '\n' {
                    line += 1;
                }
                offset += 2 * c.len_utf16();
                out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
            }
            Err(_) => return Err(BadUtf16 { line, offset }),
        }
    }
    Ok(out)
}

/// Windows-1252: Latin-1 except 0x80-0x9F, which hold typographic
/// characters. The five bytes Windows leaves undefined map to the control
/// characters of the same number, as browsers do.
fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '\u{20AC}', '\u{81}', '\u{201A}', '\u{192}', '\u{201E}', '\u{2026}', '\u{2020}',
        '\u{2021}', '\u{2C6}', '\u{2030}', '\u{160}', '\u{2039}', '\u{152}', '\u{8D}', '\u{17D}',
        '\u{8F}', '\u{90}', '\u{2018}', '\u{2019}', '\u{201C}', '\u{201D}', '\u{2022}', '\u{2013}',
        '\u{2014}', '\u{2DC}', '\u{2122}', '\u{161}', '\u{203A}', '\u{153}', '\u{9D}', '\u{17E}',
        '\u{178}',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
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
            Some(BadUtf16 { line: 2, offset: 6 })
        );
    }

    #[test]
    fn valid_utf8_read_as_windows_1252_is_noted() {
        let decoded = decode("Zoë".as_bytes(), Encoding::Windows1252).unwrap();
        assert_eq!(decoded.notes, [Note::LooksLikeUtf8(Encoding::Windows1252)]);
        let plain = decode(b"Zoe", Encoding::Windows1252).unwrap();
        assert!(plain.notes.is_empty());
    }
}
