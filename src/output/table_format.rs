//! A readable table for people at a terminal.

use std::io::{self, Write};

use comfy_table::{presets, ContentArrangement, Table};

use super::{Exporter, Outcome};

/// Pairs with their reasons, then the unmatched, wrapped to `width` columns.
#[derive(Default)]
pub struct TableExporter {
    /// Wrap width; `None` fits the terminal (or 100 columns off a terminal).
    pub width: Option<u16>,
}

impl TableExporter {
    fn table(&self, header: [&str; 4]) -> Table {
        let mut table = Table::new();
        table
            .load_preset(presets::UTF8_FULL_CONDENSED)
            .set_content_arrangement(ContentArrangement::Dynamic);
        let width = self.width.or_else(|| table.width()).unwrap_or(100);
        table.set_width(width);
        table.set_header(header);
        table
    }
}

impl Exporter for TableExporter {
    fn write(&self, outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
        let mut pairs = self.table(["Senior", "Junior", "Score", "Why"]);
        for row in &outcome.pairs {
            let s = row.senior.as_ref().expect("a pair has a senior");
            let j = row.junior.as_ref().expect("a pair has a junior");
            let score = row.components.map_or(0.0, |c| c.score);
            pairs.add_row([
                format!("{}\n{}", s.id, s.name),
                format!("{}\n{}", j.id, j.name),
                format!("{:.4}", super::round4(score)),
                row.why.clone(),
            ]);
        }
        writeln!(out, "{} pairs", outcome.pairs.len())?;
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
            writeln!(out, "\n{} unmatched", outcome.unmatched.len())?;
            writeln!(out, "{lonely}")?;
        }
        Ok(())
    }
}
