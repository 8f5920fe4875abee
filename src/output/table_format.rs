//! A readable table for people at a terminal.

use std::io::{self, Write};

use comfy_table::{presets, Attribute, Cell, Color, ContentArrangement, Table};

use super::{Exporter, Outcome};

/// Pairs with their reasons, then the unmatched, wrapped to `width` columns.
#[derive(Default)]
pub struct TableExporter {
    /// Wrap width; `None` means 100 columns.
    pub width: Option<u16>,
    /// Colour the headers (only for a terminal; the caller decides).
    pub color: bool,
}

/// The width used when none is given (a file, a pipe).
pub const DEFAULT_WIDTH: u16 = 100;

impl TableExporter {
    fn table(&self, header: [&str; 4]) -> Table {
        let mut table = Table::new();
        table
            .load_preset(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(self.width.unwrap_or(DEFAULT_WIDTH));
        if self.color {
            table.enforce_styling();
        } else {
            table.force_no_tty();
        }
        table.set_header(header.map(|h| {
            let cell = Cell::new(h);
            if self.color {
                cell.add_attribute(Attribute::Bold).fg(Color::Cyan)
            } else {
                cell
            }
        }));
        table
    }

    fn title(&self, text: String) -> String {
        if self.color {
            format!("\x1b[1m{text}\x1b[0m")
        } else {
            text
        }
    }
}

impl Exporter for TableExporter {
    fn write(&self, outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
        let mut pairs = self.table(["Senior", "Junior", "Score", "Why"]);
        for row in &outcome.pairs {
            let (Some(s), Some(j)) = (&row.senior, &row.junior) else {
                continue;
            };
            let score = row.components.map_or(0.0, |c| c.score);
            pairs.add_row([
                format!("{}\n{}", s.id, s.name),
                format!("{}\n{}", j.id, j.name),
                format!("{:.4}", super::round4(score)),
                row.why.clone(),
            ]);
        }
        writeln!(
            out,
            "{}",
            self.title(format!("{} pairs", outcome.pairs.len()))
        )?;
        writeln!(out, "{pairs}")?;
        if !outcome.unmatched.is_empty() {
            let mut lonely = self.table(["Unmatched", "Role", "", "Why"]);
            for row in &outcome.unmatched {
                let (who, role) = match (&row.senior, &row.junior) {
                    (Some(s), None) => (s, "senior"),
                    (None, Some(j)) => (j, "junior"),
                    _ => continue,
                };
                lonely.add_row([
                    format!("{}\n{}", who.id, who.name),
                    role.to_string(),
                    String::new(),
                    row.why.clone(),
                ]);
            }
            writeln!(
                out,
                "\n{}",
                self.title(format!("{} unmatched", outcome.unmatched.len()))
            )?;
            writeln!(out, "{lonely}")?;
        }
        Ok(())
    }
}
