//! The output formats of `rmatch pair`: one exporter per format behind a
//! small trait. Exporters only lay out an outcome (built once, in
//! [`crate::outcome`]), so CSV, JSON and the table always say the same thing.

mod csv_format;
mod exporter;
mod json_format;
mod table_format;
mod xlsx_format;

pub use csv_format::{
    csv_writer, io_error, write_alternatives, write_tabbed, CsvExporter, CsvStyle,
    ALTERNATIVE_COLUMNS, PAIR_COLUMNS,
};
pub use exporter::Exporter;
pub use json_format::JsonExporter;
pub use table_format::{rows_table, TableExporter};
pub use xlsx_format::{workbook_bytes, Cell, Table, XlsxExporter, MAX_SHEET_ROWS};

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Csv,
    Json,
    /// An Excel workbook (`-o pairs.xlsx`).
    Xlsx,
}

impl Format {
    /// The format a file name implies by its extension, if any.
    pub fn from_path(path: &str) -> Option<Format> {
        let lower = path.to_lowercase();
        if lower.ends_with(".json") {
            Some(Format::Json)
        } else if lower.ends_with(".csv") || lower.ends_with(".tsv") {
            Some(Format::Csv)
        } else if lower.ends_with(".txt") {
            Some(Format::Table)
        } else if lower.ends_with(".xlsx") {
            Some(Format::Xlsx)
        } else {
            None
        }
    }

    /// What a file name's extension says rmatch cannot write, when it names
    /// a document or spreadsheet format (`.pdf`, `.ods`, ...): a file of
    /// CSV under that name would not open as the user expects.
    pub fn unwritable(path: &str) -> Option<&'static str> {
        let lower = path.to_lowercase();
        let extension = lower.rsplit_once('.').map(|(_, e)| e)?;
        Some(match extension {
            "pdf" => "PDF",
            "doc" | "docx" | "odt" | "rtf" => "a word-processor document",
            "xls" | "xlsm" | "xlsb" | "ods" => {
                "that kind of spreadsheet workbook (it writes .xlsx)"
            }
            "ppt" | "pptx" | "odp" => "a presentation",
            "html" | "htm" => "HTML pairs (the HTML report is --report FILE)",
            _ => return None,
        })
    }

    pub fn exporter(self) -> Box<dyn Exporter> {
        match self {
            Format::Table => Box::new(TableExporter::default()),
            Format::Csv => Box::new(CsvExporter::default()),
            Format::Json => Box::new(JsonExporter),
            Format::Xlsx => Box::new(XlsxExporter),
        }
    }
}
