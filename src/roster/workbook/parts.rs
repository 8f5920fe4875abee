//! The parts of a zip workbook (`.xlsx`, `.xlsm`, `.ods`) sized before
//! calamine parses them.
//!
//! calamine builds each piece of a part whole: quick-xml buffers a text or
//! a tag before handing it over. A 2 MB `.xlsx` whose one cell held 2 GiB
//! of text had rmatch using 8.4 GB of memory before the cell limit
//! ([`MAX_FIELD_BYTES`]) could apply. So each part calamine will parse is
//! first unpacked through a small scanner, in a fixed buffer, that stops at
//! the first text (or tag, or cell) far longer than a cell rmatch reads and
//! at a part far larger than a roster needs. The sizes the archive declares
//! are not trusted: they can lie.
//!
//! The same pass notes what calamine's value reader cannot tell: that a
//! worksheet holds a formula with no saved result, which reads as blank or
//! as a placeholder 0 (see [`Found`]). Only then are the sheet's formulas
//! read, in a second pass.

use std::io::{BufReader, Cursor, Read};

use quick_xml::encoding::Decoder;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::{problem, MAX_FIELD_BYTES, MAX_PEOPLE};
use crate::error::Error;
use crate::files::size_name;

/// The longest text one piece of a part may hold (a text between tags, a
/// tag, the texts of one cell together): a cell of [`MAX_FIELD_BYTES`]
/// with every character escaped (`&quot;` is six bytes for one `"`).
pub const MAX_RUN_BYTES: u64 = 6 * MAX_FIELD_BYTES as u64;

/// The most bytes one part may unpack to. rust_xlsxwriter writes a row of
/// 13 columns in about 400 bytes of sheet XML (measured on a roster of
/// 30,000), so [`MAX_PEOPLE`] rows of 20 columns take about 0.6 GiB; this
/// is several times that.
pub const MAX_PART_BYTES: u64 = 4 << 30;

/// The most cells (or shared strings) one part may hold: a million people
/// in 20 columns. Each cell rmatch reads costs it about 70 bytes however
/// short its text, and a cell needs only 16 bytes of XML (`<c><v>1</v></c>`,
/// no reference), which packs a thousandfold: a 1.1 MB file of 30 million
/// such cells took 2.07 GB and 12 s before any check of the rows could
/// refuse it. At this many cells a sheet stays near 1.4 GB.
pub const MAX_CELLS: u64 = 20_000_000;

/// What a scan of a worksheet part found, besides its being within bounds.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// A cell holds a formula (`<f>`) and no value (`<v>` missing or
    /// empty), and is not typed as text: a formula with no saved result.
    pub formula_without_value: bool,
    /// A cell typed as text (`t="str"`) holds a formula and an empty value:
    /// an empty text as Excel saves `=""`, or a formula saved with no
    /// result by a program that types such results as text.
    pub formula_with_empty_text: bool,
    /// A cell holds a formula whose value is the number 0, which is what
    /// rust_xlsxwriter and XlsxWriter save for a formula they did not
    /// compute (in a workbook that asks to be recalculated on opening).
    pub formula_with_zero: bool,
    /// The cells of the sheet (`<c>` elements).
    pub cells: u64,
    /// The cells the ranges of its shared and array formulas cover
    /// together: calamine's formula reader maps each of them, so a range
    /// over the whole grid in a small file would take it hours.
    pub formula_area: u64,
}

impl Found {
    fn or(self, other: Found) -> Found {
        Found {
            formula_without_value: self.formula_without_value || other.formula_without_value,
            formula_with_empty_text: self.formula_with_empty_text || other.formula_with_empty_text,
            formula_with_zero: self.formula_with_zero || other.formula_with_zero,
            cells: self.cells + other.cells,
            formula_area: self.formula_area.saturating_add(other.formula_area),
        }
    }
}

/// Why a part was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refused {
    /// A text, a tag or a cell's texts longer than [`MAX_RUN_BYTES`].
    LongText,
    /// The part unpacks to more than [`MAX_PART_BYTES`].
    Large,
    /// The part holds more than [`MAX_CELLS`] cells (or shared strings).
    ManyCells,
    /// A record of an `.xlsb` part is longer than [`MAX_RUN_BYTES`].
    LongRecord,
}

/// `t="str"` (or in single quotes) as the last seven bytes of
/// [`Scanner::window`]: a cell typed as text.
const TYPED_TEXT: [u64; 2] = [
    u64::from_be_bytes([0, b't', b'=', b'"', b's', b't', b'r', b'"']),
    u64::from_be_bytes([0, b't', b'=', b'\'', b's', b't', b'r', b'\'']),
];

/// `ref="` (or with a single quote) as the last five bytes of
/// [`Scanner::window`]: a formula's range starts.
const REFERENCE: [u64; 2] = [
    u64::from_be_bytes([0, 0, 0, b'r', b'e', b'f', b'=', b'"']),
    u64::from_be_bytes([0, 0, 0, b'r', b'e', b'f', b'=', b'\'']),
];

/// The cells of a worksheet's grid (1,048,576 rows of 16,384 columns).
const GRID_CELLS: u64 = (1 << 20) * (1 << 14);

/// How many cells a range such as `B2:D10` (or one cell, `B2`) covers; 0
/// when it is not a range (calamine then says so).
fn range_area(range: &[u8]) -> u64 {
    let corner = |text: &[u8]| -> Option<(u64, u64)> {
        let text = text.strip_prefix(b"$").unwrap_or(text);
        let letters = text.iter().take_while(|b| b.is_ascii_alphabetic()).count();
        let rest = &text[letters..];
        let digits = rest.strip_prefix(b"$").unwrap_or(rest);
        let mut column = 0u64;
        for b in &text[..letters] {
            let digit = u64::from(b.to_ascii_uppercase() - b'A' + 1);
            column = column.saturating_mul(26).saturating_add(digit);
        }
        let row = std::str::from_utf8(digits).ok()?.parse::<u64>().ok()?;
        Some((row, column))
    };
    let mut corners = range.splitn(2, |&b| b == b':');
    let Some(first) = corners.next().and_then(corner) else {
        return 0;
    };
    let last = match corners.next() {
        Some(text) => match corner(text) {
            Some(last) => last,
            None => return 0,
        },
        None => first,
    };
    let rows = last.0.abs_diff(first.0).saturating_add(1);
    let columns = last.1.abs_diff(first.1).saturating_add(1);
    rows.saturating_mul(columns)
}

/// What a `<` starts.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Markup {
    /// An element's tag, opening or closing.
    Tag,
    /// `<!`: a comment, a CDATA section or a DOCTYPE.
    Bang,
    /// `<?`: a processing instruction.
    Instruction,
}

/// The scanner's state between chunks of a part: whether it is inside a
/// tag and what that tag is so far, and the cell it is inside, if any.
struct Scanner {
    /// The local name of the element that is one cell (`c` in a sheet,
    /// `si` in the shared strings); empty when the part has no cells.
    cell: &'static [u8],
    /// The most bytes the part may unpack to ([`MAX_PART_BYTES`]).
    limit: u64,
    total: u64,
    /// The most cells the part may hold ([`MAX_CELLS`]).
    cells_limit: u64,
    /// Bytes of the current text or tag so far.
    run: u64,
    in_tag: bool,
    /// At the first byte of a tag.
    fresh: bool,
    markup: Markup,
    /// The tag's name (its first 32 bytes) and whether it was read whole.
    name: [u8; 32],
    name_len: usize,
    name_done: bool,
    name_long: bool,
    closing: bool,
    /// The quote of the attribute value the tag is in, else 0.
    quote: u8,
    /// How many `<` a DOCTYPE holds not yet closed.
    depth: u32,
    /// The last byte of the tag so far (`/` before `>`: self-closing).
    last: u8,
    /// The last eight bytes of the tag so far, to spot attributes by.
    window: u64,
    /// Whether the tag says `t="str"`.
    tag_typed_text: bool,
    /// The `ref` of a formula's tag, while it is read (see
    /// [`Found::formula_area`]), and the quote it is in (else 0).
    reference: [u8; 24],
    reference_len: usize,
    reference_quote: u8,
    in_cell: bool,
    cell_text: u64,
    typed_text: bool,
    has_formula: bool,
    in_value: bool,
    value_bytes: u64,
    /// The value's first byte.
    value_first: u8,
    found: Found,
}

impl Scanner {
    fn new(cell: &'static [u8]) -> Scanner {
        Scanner {
            cell,
            limit: MAX_PART_BYTES,
            total: 0,
            cells_limit: MAX_CELLS,
            run: 0,
            in_tag: false,
            fresh: false,
            markup: Markup::Tag,
            name: [0; 32],
            name_len: 0,
            name_done: false,
            name_long: false,
            closing: false,
            quote: 0,
            depth: 0,
            last: 0,
            window: 0,
            tag_typed_text: false,
            reference: [0; 24],
            reference_len: 0,
            reference_quote: 0,
            in_cell: false,
            cell_text: 0,
            typed_text: false,
            has_formula: false,
            in_value: false,
            value_bytes: 0,
            value_first: 0,
            found: Found::default(),
        }
    }

    /// Reads the next bytes of the part.
    fn feed(&mut self, chunk: &[u8]) -> Result<(), Refused> {
        self.total += chunk.len() as u64;
        if self.total > self.limit {
            return Err(Refused::Large);
        }
        let mut rest = chunk;
        while !rest.is_empty() {
            if self.in_tag {
                let (used, ended) = self.tag(rest);
                self.run += used as u64;
                if self.run > MAX_RUN_BYTES {
                    return Err(Refused::LongText);
                }
                rest = &rest[used..];
                if ended {
                    self.end_tag();
                    if self.found.cells > self.cells_limit {
                        return Err(Refused::ManyCells);
                    }
                }
            } else {
                let start = memchr::memchr(b'<', rest);
                let text = start.unwrap_or(rest.len()) as u64;
                self.run += text;
                if self.in_cell {
                    self.cell_text += text;
                    if self.in_value && text > 0 {
                        if self.value_bytes == 0 {
                            self.value_first = rest[0];
                        }
                        self.value_bytes += text;
                    }
                }
                if self.run > MAX_RUN_BYTES || self.cell_text > MAX_RUN_BYTES {
                    return Err(Refused::LongText);
                }
                let Some(start) = start else { break };
                self.in_tag = true;
                self.fresh = true;
                self.run = 0;
                rest = &rest[start + 1..];
            }
        }
        Ok(())
    }

    /// Reads a tag's bytes from the start of `bytes`: how many it used,
    /// and whether the tag ended (at the last of them, its `>`).
    fn tag(&mut self, bytes: &[u8]) -> (usize, bool) {
        let mut i = 0;
        // What it is and its name, a byte at a time; a comment, CDATA
        // section, instruction or DOCTYPE (rare) whole.
        while i < bytes.len() && !(self.markup == Markup::Tag && self.name_done && !self.fresh) {
            let b = bytes[i];
            i += 1;
            if b == b'>' && !self.goes_on() {
                return (i, true);
            }
            self.name_byte(b);
        }
        // An element's attributes: from quote to quote.
        while i < bytes.len() {
            let Some(at) = memchr::memchr3(b'"', b'\'', b'>', &bytes[i..]) else {
                self.skip(&bytes[i..]);
                return (bytes.len(), false);
            };
            self.skip(&bytes[i..i + at]);
            let b = bytes[i + at];
            i += at + 1;
            if b == b'>' && self.quote == 0 {
                return (i, true);
            }
            self.push(b);
            if b != b'>' {
                self.quote_byte(b);
            }
        }
        (i, false)
    }

    /// Whether a `>` is inside the tag rather than its end: in a comment,
    /// a CDATA section, an instruction or a DOCTYPE not yet closed
    /// (quick-xml reads each of them whole, so the scanner must too).
    fn goes_on(&mut self) -> bool {
        let name = &self.name[..self.name_len];
        let ends_with = |two: &[u8; 2]| self.window & 0xffff == u64::from(u16::from_be_bytes(*two));
        let goes_on = match self.markup {
            Markup::Tag => false,
            Markup::Instruction => self.last != b'?',
            Markup::Bang if name.starts_with(b"!--") => !ends_with(b"--"),
            Markup::Bang if name.starts_with(b"![CDATA[") => !ends_with(b"]]"),
            Markup::Bang if self.depth > 0 => {
                self.depth -= 1;
                true
            }
            Markup::Bang => false,
        };
        if goes_on {
            self.push(b'>');
        }
        goes_on
    }

    /// One of a tag's first bytes: what it is, then its name.
    fn name_byte(&mut self, b: u8) {
        if self.fresh {
            self.fresh = false;
            self.markup = match b {
                b'!' => Markup::Bang,
                b'?' => Markup::Instruction,
                _ => Markup::Tag,
            };
        }
        if self.markup == Markup::Bang && b == b'<' {
            self.depth += 1;
        }
        if !self.name_done {
            if b == b'/' && self.name_len == 0 && !self.closing {
                self.closing = true;
            } else if b.is_ascii_whitespace() || b == b'/' {
                self.name_done = self.name_len > 0;
            } else if self.name_len < self.name.len() {
                self.name[self.name_len] = b;
                self.name_len += 1;
            } else {
                self.name_long = true;
            }
        }
        self.push(b);
    }

    fn push(&mut self, b: u8) {
        self.window = (self.window << 8) | u64::from(b);
        self.last = b;
    }

    /// Bytes of a tag with no quote or `>` among them.
    fn skip(&mut self, bytes: &[u8]) {
        let Some(&last) = bytes.last() else { return };
        if self.reference_quote != 0 {
            let room = self.reference.len() - self.reference_len;
            if bytes.len() <= room {
                self.reference[self.reference_len..self.reference_len + bytes.len()]
                    .copy_from_slice(bytes);
                self.reference_len += bytes.len();
            } else {
                // Longer than any cell range: counted as the whole grid.
                self.reference_len = usize::MAX;
                self.reference_quote = 0;
            }
        }
        if let Some(tail) = bytes.last_chunk::<8>() {
            self.window = u64::from_be_bytes(*tail);
        } else {
            for &b in bytes {
                self.window = (self.window << 8) | u64::from(b);
            }
        }
        self.last = last;
    }

    /// A quote in a tag, already in the window: an attribute value starts
    /// or ends.
    fn quote_byte(&mut self, b: u8) {
        let spaced = |bytes: u32| (self.window >> (8 * bytes)) as u8;
        if self.quote == 0 {
            self.quote = b;
            let tail = self.window & 0xff_ffff_ffff;
            if self.in_cell
                && self.reference_len == 0
                && (tail == REFERENCE[0] || tail == REFERENCE[1])
                && spaced(5).is_ascii_whitespace()
            {
                self.reference_quote = b;
            }
        } else if self.quote == b {
            self.quote = 0;
            if self.reference_quote == b {
                self.reference_quote = 0;
            }
            let tail = self.window & 0xff_ffff_ffff_ffff;
            if !self.in_cell
                && (tail == TYPED_TEXT[0] || tail == TYPED_TEXT[1])
                && spaced(7).is_ascii_whitespace()
            {
                self.tag_typed_text = true;
            }
        }
    }

    fn end_tag(&mut self) {
        let self_closing = self.last == b'/';
        let name = &self.name[..self.name_len];
        let local = match name.iter().rposition(|&b| b == b':') {
            _ if self.name_long => &[][..],
            Some(colon) => &name[colon + 1..],
            None => name,
        };
        if !local.is_empty() && local == self.cell {
            if self.closing {
                if self.in_cell {
                    self.end_cell();
                }
            } else {
                self.found.cells += 1;
                if !self_closing {
                    self.in_cell = true;
                    self.cell_text = 0;
                    self.typed_text = self.tag_typed_text;
                    self.has_formula = false;
                    self.in_value = false;
                    self.value_bytes = 0;
                }
            }
        } else if self.in_cell {
            match local {
                b"f" if !self.closing => {
                    self.has_formula = true;
                    if self.reference_len > 0 {
                        let area = match self.reference.get(..self.reference_len) {
                            Some(range) => range_area(range),
                            None => GRID_CELLS,
                        };
                        self.found.formula_area = self.found.formula_area.saturating_add(area);
                    }
                }
                b"v" if self.closing => self.in_value = false,
                b"v" if !self_closing => self.in_value = true,
                _ => {}
            }
        }
        self.in_tag = false;
        self.run = 0;
        self.markup = Markup::Tag;
        self.name_len = 0;
        self.name_done = false;
        self.name_long = false;
        self.closing = false;
        self.quote = 0;
        self.depth = 0;
        self.last = 0;
        self.window = 0;
        self.tag_typed_text = false;
        self.reference_len = 0;
        self.reference_quote = 0;
    }

    fn end_cell(&mut self) {
        if self.has_formula && self.value_bytes == 0 {
            if self.typed_text {
                self.found.formula_with_empty_text = true;
            } else {
                self.found.formula_without_value = true;
            }
        }
        if self.has_formula && self.value_bytes == 1 && self.value_first == b'0' && !self.typed_text
        {
            self.found.formula_with_zero = true;
        }
        self.in_cell = false;
    }
}

/// The archive's name for a part, as calamine looks it up: ignoring case,
/// with `\` read as `/`.
fn entry_name(archive: &ZipArchive<Cursor<&[u8]>>, path: &str) -> Option<String> {
    let wanted = path.to_ascii_lowercase();
    archive
        .file_names()
        .filter(|n| n.replace('\\', "/").to_ascii_lowercase() == wanted)
        .last()
        .map(str::to_string)
}

/// Unpacks one part through the scanner. A part that is missing, or that
/// cannot be unpacked, passes: calamine then says why it cannot read it.
fn scan(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    path: &str,
    cell: &'static [u8],
) -> Result<Found, Refused> {
    let Some(name) = entry_name(archive, path) else {
        return Ok(Found::default());
    };
    let Ok(mut part) = archive.by_name(&name) else {
        return Ok(Found::default());
    };
    let mut scanner = Scanner::new(cell);
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        match part.read(&mut buffer) {
            Ok(0) | Err(_) => break,
            Ok(n) => scanner.feed(&buffer[..n])?,
        }
    }
    if scanner.in_cell {
        scanner.end_cell();
    }
    Ok(scanner.found)
}

/// The error for a refused part: `place` names the file (and the sheet),
/// `what` the part as a user knows it.
fn refusal(place: &str, what: &str, refused: Refused) -> Error {
    let message = match refused {
        Refused::LongText | Refused::LongRecord => format!(
            "{what} holds more than {} {}, far more than the {} rmatch reads in one cell, so the workbook was not read; shorten that cell, or save the sheet as CSV UTF-8 and read that (rmatch then names the cell)",
            size_name(MAX_RUN_BYTES),
            if refused == Refused::LongText {
                "of text in one cell (or in one piece of its XML)"
            } else {
                "in one cell (or in another record)"
            },
            size_name(MAX_FIELD_BYTES as u64)
        ),
        Refused::Large => format!(
            "{what} unpacks to more than {}, far more than a roster of {} people needs, so the workbook was not read; delete what is not the roster (rows, columns, other sheets), or save the roster as CSV UTF-8",
            size_name(MAX_PART_BYTES),
            super::thousands(MAX_PEOPLE)
        ),
        Refused::ManyCells => format!(
            "{what} holds more than {} cells, more than a roster of {} people in 20 columns needs, so the workbook was not read; delete what is not the roster (rows, columns, other sheets), or save the roster as CSV UTF-8",
            super::thousands(MAX_CELLS as usize),
            super::thousands(MAX_PEOPLE)
        ),
    };
    problem(place, message)
}

/// An `.xlsx` (or `.xlsm`) file whose parts calamine reads on opening it
/// were checked, with what it takes to check the sheet read next.
pub struct Xlsx<'b> {
    archive: ZipArchive<Cursor<&'b [u8]>>,
    /// Each sheet's name and part, as `xl/workbook.xml` and its
    /// relationships name them (and calamine finds them).
    sheets: Vec<(String, String)>,
    /// Whether the workbook asks to be recalculated when opened
    /// (`fullCalcOnLoad`), as files written by programs that do not compute
    /// formulas do; Excel and LibreOffice save results and do not ask.
    pub recalculated_on_open: bool,
}

/// The parts calamine parses when it opens an `.xlsx` file.
const OPENING_PARTS: [(&str, &[u8]); 4] = [
    ("xl/sharedStrings.xml", b"si"),
    ("xl/styles.xml", b""),
    ("xl/_rels/workbook.xml.rels", b""),
    ("xl/workbook.xml", b""),
];

impl<'b> Xlsx<'b> {
    /// Checks the parts calamine parses on opening the file. `None` when
    /// the bytes are not a zip archive (calamine then says why).
    pub fn check(source: &str, bytes: &'b [u8]) -> Result<Option<Xlsx<'b>>, Error> {
        let Ok(mut archive) = ZipArchive::new(Cursor::new(bytes)) else {
            return Ok(None);
        };
        for (path, cell) in OPENING_PARTS {
            scan(&mut archive, path, cell)
                .map_err(|refused| refusal(source, "the workbook", refused))?;
        }
        let targets = relationships(&mut archive);
        let (sheets, recalculated_on_open) = workbook(&mut archive, &targets);
        Ok(Some(Xlsx {
            archive,
            sheets,
            recalculated_on_open,
        }))
    }

    /// Checks the part of the sheet `name` (every worksheet part, should
    /// it not be found).
    pub fn check_sheet(&mut self, source: &str, name: &str) -> Result<Found, Error> {
        let place = format!("{source}, sheet {name}");
        let refused = |refused| refusal(&place, "the sheet", refused);
        if let Some((_, path)) = self.sheets.iter().find(|(n, _)| n == name) {
            return scan(&mut self.archive, path, b"c").map_err(refused);
        }
        let parts: Vec<String> = self
            .archive
            .file_names()
            .filter(|n| {
                let n = n.replace('\\', "/").to_ascii_lowercase();
                n.starts_with("xl/") && n.ends_with(".xml")
            })
            .map(str::to_string)
            .collect();
        let mut found = Found::default();
        for path in parts {
            found = found.or(scan(&mut self.archive, &path, b"c").map_err(refused)?);
        }
        Ok(found)
    }
}

/// Checks the content of an `.ods` file (every sheet is in it).
pub fn check_ods(source: &str, bytes: &[u8]) -> Result<(), Error> {
    let Ok(mut archive) = ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    for path in ["content.xml", "META-INF/manifest.xml"] {
        scan(&mut archive, path, b"table-cell")
            .map_err(|refused| refusal(source, "the spreadsheet", refused))?;
    }
    Ok(())
}

/// Checks the worksheets and shared strings of an `.xlsb` file. Its parts
/// are records, each headed by its type and length: calamine reads a record
/// whole into memory and keeps each cell, so the records are counted and
/// their lengths read as they stream past, the same bounds as an `.xlsx`
/// file's ([`MAX_PART_BYTES`], [`MAX_CELLS`], [`MAX_RUN_BYTES`]).
pub fn check_xlsb(source: &str, bytes: &[u8]) -> Result<(), Error> {
    let Ok(mut archive) = ZipArchive::new(Cursor::new(bytes)) else {
        return Ok(());
    };
    let parts: Vec<String> = archive
        .file_names()
        .filter(|n| {
            let n = n.replace('\\', "/").to_ascii_lowercase();
            (n.starts_with("xl/worksheets/") && n.ends_with(".bin")) || n == "xl/sharedstrings.bin"
        })
        .map(str::to_string)
        .collect();
    for name in parts {
        let Ok(part) = archive.by_name(&name) else {
            continue;
        };
        scan_records(BufReader::new(part), MAX_PART_BYTES, MAX_CELLS)
            .map_err(|refused| refusal(source, "the workbook", refused))?;
    }
    Ok(())
}

/// The record types of an `.xlsb` part that hold a cell (`BrtCellBlank`
/// to `BrtFmlaError`) or a shared string (`BrtSSTItem`).
fn holds_a_cell(record: u16) -> bool {
    (1..=11).contains(&record) || record == 19
}

/// Reads a part's records, each a type (one or two bytes of seven bits),
/// a length (up to four bytes of seven bits) and that many bytes, in a
/// fixed buffer. A part that ends early passes: calamine then says why.
fn scan_records(mut part: impl Read, limit: u64, cells_limit: u64) -> Result<(), Refused> {
    fn byte(part: &mut impl Read) -> Option<u8> {
        let mut b = [0u8];
        part.read_exact(&mut b).ok().map(|()| b[0])
    }
    let mut buffer = vec![0u8; 64 * 1024];
    let (mut total, mut cells) = (0u64, 0u64);
    loop {
        let Some(first) = byte(&mut part) else {
            return Ok(());
        };
        let mut record = u16::from(first & 0x7f);
        total += 1;
        if first & 0x80 != 0 {
            let Some(second) = byte(&mut part) else {
                return Ok(());
            };
            record |= u16::from(second & 0x7f) << 7;
            total += 1;
        }
        let mut length = 0u64;
        for i in 0..4 {
            let Some(b) = byte(&mut part) else {
                return Ok(());
            };
            total += 1;
            length |= u64::from(b & 0x7f) << (7 * i);
            if b & 0x80 == 0 {
                break;
            }
        }
        if length > MAX_RUN_BYTES {
            return Err(Refused::LongRecord);
        }
        total += length;
        if total > limit {
            return Err(Refused::Large);
        }
        if holds_a_cell(record) {
            cells += 1;
            if cells > cells_limit {
                return Err(Refused::ManyCells);
            }
        }
        let mut left = length as usize;
        while left > 0 {
            let n = left.min(buffer.len());
            if part.read_exact(&mut buffer[..n]).is_err() {
                return Ok(());
            }
            left -= n;
        }
    }
}

/// A part parsed as XML (after it was scanned), its events handed to `on`.
fn parse(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    path: &str,
    mut on: impl FnMut(&BytesStart<'_>, Decoder),
) {
    let Some(name) = entry_name(archive, path) else {
        return;
    };
    let Ok(part) = archive.by_name(&name) else {
        return;
    };
    let mut reader = quick_xml::Reader::from_reader(BufReader::new(part));
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e)) => on(&e, reader.decoder()),
            Ok(Event::Eof) | Err(_) => return,
            Ok(_) => {}
        }
        buf.clear();
    }
}

/// The workbook's relationships: id to target.
fn relationships(archive: &mut ZipArchive<Cursor<&[u8]>>) -> Vec<(Vec<u8>, String)> {
    let mut targets = Vec::new();
    parse(archive, "xl/_rels/workbook.xml.rels", |e, decoder| {
        if e.local_name().as_ref() != b"Relationship" {
            return;
        }
        let (mut id, mut target) = (Vec::new(), String::new());
        for a in e.attributes().flatten() {
            match a.key.as_ref() {
                b"Id" => id = a.value.to_vec(),
                b"Target" => {
                    target = decoder
                        .decode(&a.value)
                        .map(|t| t.into_owned())
                        .unwrap_or_default();
                }
                _ => {}
            }
        }
        targets.push((id, target));
    });
    targets
}

/// The sheets' names and parts, found as calamine finds them, and whether
/// the workbook asks to be recalculated on opening.
fn workbook(
    archive: &mut ZipArchive<Cursor<&[u8]>>,
    targets: &[(Vec<u8>, String)],
) -> (Vec<(String, String)>, bool) {
    let mut sheets = Vec::new();
    let mut recalculated = false;
    parse(archive, "xl/workbook.xml", |e, decoder| {
        match e.local_name().as_ref() {
            b"sheet" => {
                let (mut name, mut path) = (String::new(), String::new());
                for a in e.attributes().flatten() {
                    if a.key.as_ref() == b"name" {
                        name = a
                            .decode_and_unescape_value(decoder)
                            .map(|n| n.into_owned())
                            .unwrap_or_default();
                    } else if a.key.local_name().as_ref() == b"id" {
                        let target = targets
                            .iter()
                            .rev()
                            .find(|(id, _)| *id == *a.value)
                            .map_or("", |(_, t)| t.as_str());
                        path = if target.starts_with("/xl/") {
                            target[1..].to_string()
                        } else if target.starts_with("xl/") {
                            target.to_string()
                        } else {
                            format!("xl/{target}")
                        };
                    }
                }
                sheets.push((name, path));
            }
            b"calcPr" => {
                recalculated = e.attributes().flatten().any(|a| {
                    a.key.as_ref() == b"fullCalcOnLoad" && matches!(&*a.value, b"1" | b"true")
                });
            }
            _ => {}
        }
    });
    (sheets, recalculated)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanned(xml: &str, cell: &'static [u8]) -> Result<Found, Refused> {
        let mut scanner = Scanner::new(cell);
        // In small chunks, so tags and texts cross them.
        for chunk in xml.as_bytes().chunks(3) {
            scanner.feed(chunk)?;
        }
        Ok(scanner.found)
    }

    #[test]
    fn formulas_without_a_value_are_found() {
        // Whether a formula was found with no value, and with an empty text.
        let found = |xml: &str| {
            let found = scanned(xml, b"c").unwrap();
            (found.formula_without_value, found.formula_with_empty_text)
        };
        let values = r#"<row><c r="A1"><f>1+1</f><v>2</v></c><c r="B1" s="1"/></row>"#;
        assert_eq!(found(values), (false, false));
        assert_eq!(scanned(values, b"c").unwrap().cells, 2);
        assert_eq!(found(r#"<c r="F6"><f>1+1</f><v></v></c>"#), (true, false));
        assert_eq!(found(r#"<c r="F6"><f>1+1</f></c>"#), (true, false));
        let shared = r#"<x:c r="F6"><x:f t="shared" si="0"/><x:v/></x:c>"#;
        assert_eq!(found(shared), (true, false));
        let text = r#"<c r="F6" t="str"><f>IF(A1,"","x")</f><v/></c>"#;
        assert_eq!(found(text), (false, true));
        assert_eq!(
            found("<c r='F6' s='2'\tt='str' cm='1'><f>\"\"</f><v></v></c>"),
            (false, true)
        );
        // A text result, and `t="str"` in a formula's text, are not.
        let results =
            r#"<c r="A1" t="str"><f>"x"</f><v>x</v></c><c><f>T(" t="str")</f><v>1</v></c>"#;
        assert_eq!(found(results), (false, false));
        let zero = |xml: &str| scanned(xml, b"c").unwrap().formula_with_zero;
        assert!(zero(r#"<c r="F6"><f>1+1</f><v>0</v></c>"#));
        assert!(!zero(
            r#"<c r="F6"><f>1+1</f><v>2</v></c><c><v>0</v></c><c><f>0</f><v>0.5</v></c>"#
        ));
        assert!(!zero(r#"<c r="F6" t="str"><f>"0"</f><v>0</v></c>"#));
        // Shared formulas' ranges are added up.
        let ranges = r#"<c r="B2"><f t="shared" ref="B2:D11" si="0">A2</f><v>1</v></c><c r="E2"><f t='array' ref='E2'>A2</f><v>1</v></c>"#;
        assert_eq!(scanned(ranges, b"c").unwrap().formula_area, 31);
        let grid = r#"<c r="A1"><f t="shared" ref="A1:XFD1048576" si="0">1</f><v>1</v></c>"#;
        assert_eq!(scanned(grid, b"c").unwrap().formula_area, GRID_CELLS);
    }

    #[test]
    fn a_part_past_the_limit_is_refused() {
        let mut scanner = Scanner::new(b"c");
        scanner.limit = 2000;
        let rows = "<row><c><v>1</v></c></row>".repeat(40);
        assert_eq!(scanner.feed(rows.as_bytes()), Ok(()));
        assert_eq!(scanner.feed(rows.as_bytes()), Err(Refused::Large));
    }

    /// An `.xlsb` record: its type and length as seven-bit bytes, then
    /// `length` zero bytes.
    fn record(kind: u16, length: usize) -> Vec<u8> {
        let mut bytes = Vec::new();
        if kind < 0x80 {
            bytes.push(kind as u8);
        } else {
            bytes.extend([(kind & 0x7f) as u8 | 0x80, (kind >> 7) as u8]);
        }
        let mut left = length;
        loop {
            let b = (left & 0x7f) as u8;
            left >>= 7;
            if left == 0 {
                bytes.push(b);
                break;
            }
            bytes.push(b | 0x80);
        }
        bytes.resize(bytes.len() + length, 0);
        bytes
    }

    #[test]
    fn xlsb_records_are_counted_and_sized() {
        // A row header (0), two number cells (2), a shared string (19),
        // and a record of a type beyond seven bits.
        let part: Vec<u8> = [record(0, 17), record(2, 12), record(2, 12), record(19, 9)]
            .concat()
            .into_iter()
            .chain(record(0x93, 300))
            .collect();
        assert_eq!(scan_records(&part[..], 10_000, 3), Ok(()));
        assert_eq!(scan_records(&part[..], 10_000, 2), Err(Refused::ManyCells));
        assert_eq!(scan_records(&part[..], 300, 3), Err(Refused::Large));
        let long = record(7, MAX_RUN_BYTES as usize + 1);
        assert_eq!(
            scan_records(&long[..], MAX_PART_BYTES, 3),
            Err(Refused::LongRecord)
        );
        // A part cut short passes (calamine says it is damaged).
        assert_eq!(scan_records(&part[..part.len() - 5], 10_000, 3), Ok(()));
    }

    #[test]
    fn a_part_of_too_many_cells_is_refused() {
        let mut scanner = Scanner::new(b"c");
        scanner.cells_limit = 40;
        let rows = "<row><c><v>1</v></c><c/></row>".repeat(20);
        assert_eq!(scanner.feed(rows.as_bytes()), Ok(()));
        assert_eq!(scanner.feed(b"<row><c/>"), Err(Refused::ManyCells));
        let mut strings = Scanner::new(b"si");
        strings.cells_limit = 2;
        let sst = "<sst><si><t>a</t></si><si><t>b</t></si><si><t>c</t></si></sst>";
        assert_eq!(strings.feed(sst.as_bytes()), Err(Refused::ManyCells));
    }

    #[test]
    fn long_texts_and_cells_are_refused() {
        let long = "x".repeat(MAX_RUN_BYTES as usize + 1);
        let text = format!("<c><is><t>{long}</t></is></c>");
        assert_eq!(scanned(&text, b"c"), Err(Refused::LongText));
        let tag = format!("<c r=\"{long}\"/>");
        assert_eq!(scanned(&tag, b"c"), Err(Refused::LongText));
        // A shared string in many short runs is one cell's text.
        let runs = "<r><t>xxxxxxxxxx</t></r>".repeat(MAX_RUN_BYTES as usize / 10 + 1);
        let si = format!("<sst><si>{runs}</si></sst>");
        assert_eq!(scanned(&si, b"si"), Err(Refused::LongText));
        // A `>` in quotes, a CDATA section or a comment does not end them.
        let spread = format!("x>{}", "x".repeat(100)).repeat(MAX_RUN_BYTES as usize / 100);
        for text in [
            format!("<row><c r=\"A1\" x=\"{spread}\"/></row>"),
            format!("<sheetPr><![CDATA[{spread}]]></sheetPr>"),
            format!("<!--{spread}--><row/>"),
            format!(
                "<!DOCTYPE x [<!ENTITY a \"{}\">]><row/>",
                "<x>".repeat(MAX_RUN_BYTES as usize / 2)
            ),
        ] {
            assert_eq!(
                scanned(&text, b"c"),
                Err(Refused::LongText),
                "{}",
                &text[..20]
            );
        }
        assert!(scanned(
            "<?xml version=\"1.0\"?><!-- a > b --><![CDATA[ > ]]><c x='>'/>",
            b"c"
        )
        .is_ok());
        // Many short cells are fine.
        let cells = "<si><t>xxxxxxxxxx</t></si>".repeat(MAX_RUN_BYTES as usize / 10 + 1);
        assert!(scanned(&format!("<sst>{cells}</sst>"), b"si").is_ok());
    }
}
