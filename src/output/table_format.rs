//! A readable table for people at a terminal.

use std::io::{self, Write};

use comfy_table::{presets, Attribute, Cell, Color, ContentArrangement, Table};

use super::exporter::Exporter;
use crate::outcome::{Outcome, Who};
use crate::text::escape;
use crate::units::round4;

/// A person's cell: id over name, both escaped (see [`crate::text`]); the
/// id alone when the name is blank (the name is then the id).
fn person(who: &Who) -> String {
    if who.name == who.id {
        escape(&who.id).into_owned()
    } else {
        format!("{}\n{}", escape(&who.id), escape(&who.name))
    }
}

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

/// An empty table in rmatch's style under `header`: fitted to `width`
/// (default [`DEFAULT_WIDTH`]), the header bold and coloured when `color`.
fn styled_table<S: Into<String>>(
    header: impl IntoIterator<Item = S>,
    width: Option<u16>,
    color: bool,
) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width.unwrap_or(DEFAULT_WIDTH));
    if color {
        table.enforce_styling();
    } else {
        table.force_no_tty();
    }
    table.set_header(header.into_iter().map(|h| {
        let cell = Cell::new(h.into());
        if color {
            cell.add_attribute(Attribute::Bold).fg(Color::Cyan)
        } else {
            cell
        }
    }));
    table
}

/// Rows under a header as a table in the style of the pairs' table
/// (`rmatch sweep` on a terminal), cells escaped, fitted to `width`.
/// Without a width (a file, a pipe) nothing is wrapped: these cells are
/// short values, and a sweep's 17 columns fitted to
/// `DEFAULT_WIDTH` broke every cell over three or four lines.
pub fn rows_table(
    header: &[String],
    rows: &[Vec<String>],
    width: Option<u16>,
    color: bool,
) -> String {
    let mut table = styled_table(header.iter().map(|h| escape(h).into_owned()), width, color);
    if width.is_none() {
        table.set_content_arrangement(ContentArrangement::Disabled);
    }
    for row in rows {
        table.add_row(row.iter().map(|c| escape(c).into_owned()));
    }
    format!("{table}\n")
}

impl TableExporter {
    fn table(&self, header: [&str; 4]) -> Table {
        styled_table(header, self.width, self.color)
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
            let mut score = format!("{:.4}", round4(score));
            if let Some(change) = row.change {
                score.push('\n');
                score.push_str(change.as_str());
            }
            pairs.add_row([person(s), person(j), score, escape(&row.why).into_owned()]);
        }
        writeln!(
            out,
            "{}",
            self.title(crate::text::count(outcome.pairs.len(), "pair", "pairs"))
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
                    person(who),
                    role.to_string(),
                    String::new(),
                    escape(&row.why).into_owned(),
                ]);
            }
            writeln!(
                out,
                "\n{}",
                self.title(format!("{} unmatched", outcome.unmatched.len()))
            )?;
            writeln!(out, "{lonely}")?;
        }
        if !outcome.ended.is_empty() {
            let mut ended = self.table(["Senior", "Junior", "", "Why it ended"]);
            for row in &outcome.ended {
                let (Some(s), Some(j)) = (&row.senior, &row.junior) else {
                    continue;
                };
                ended.add_row([
                    person(s),
                    person(j),
                    "ended".to_string(),
                    escape(&row.why).into_owned(),
                ]);
            }
            writeln!(
                out,
                "\n{}",
                self.title(format!(
                    "{} pairs of the last pairing ended",
                    outcome.ended.len()
                ))
            )?;
            writeln!(out, "{ended}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::roster::{parse, ReadOptions};
    use crate::scoring::{Scorer, Weights};
    use crate::solve::{solve, SolveOptions};

    fn table(color: bool, width: u16) -> String {
        let roster = parse(
            "r.csv",
            b"id,name,role,skills,wants,department\nS1,Ann,senior,,ai;excel;python,Finance\nJ1,Jo,junior,ai:5;excel:4,,IT\nJ2,Al,junior,,,IT\n",
            &ReadOptions::default(),
        )
        .unwrap();
        let scorer = Scorer::new(&roster, Weights::default());
        let solution = solve(&scorer, &SolveOptions::default()).unwrap();
        let outcome = Outcome::build(&scorer, &solution, &Config::default(), false);
        let mut out = Vec::new();
        TableExporter {
            width: Some(width),
            color,
        }
        .write(&outcome, &mut out)
        .unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn colour_codes_only_when_asked() {
        let plain = table(false, 70);
        let coloured = table(true, 70);
        assert!(!plain.contains('\u{1b}'));
        assert!(coloured.contains("\u{1b}[1m1 pair\u{1b}[0m"), "{coloured}");
        assert!(coloured.contains("\u{1b}["));
        // Without the escape codes, the same table.
        let mut stripped = String::new();
        let mut chars = coloured.chars();
        while let Some(c) = chars.next() {
            if c == '\u{1b}' {
                for c in chars.by_ref() {
                    if c == 'm' {
                        break;
                    }
                }
            } else {
                stripped.push(c);
            }
        }
        assert_eq!(stripped, plain);
    }

    #[test]
    fn rows_are_not_wrapped_without_a_width() {
        let header: Vec<String> = (0..17).map(|c| format!("measure_{c}")).collect();
        let rows: Vec<Vec<String>> = (0..3)
            .map(|r| (0..17).map(|c| format!("0.{r}{c:03}")).collect())
            .collect();
        let text = rows_table(&header, &rows, None, false);
        // A header line, a rule and one line per row, between the borders.
        assert_eq!(text.lines().count(), 2 + 2 + rows.len(), "{text}");
        for cell in header.iter().chain(rows.iter().flatten()) {
            assert!(text.contains(cell.as_str()), "{cell} broken:\n{text}");
        }
        // With a width, the same rows are fitted to it.
        let fitted = rows_table(&header, &rows, Some(100), false);
        let longest = fitted.lines().map(|l| l.chars().count()).max().unwrap();
        assert!(longest <= 100, "{longest}:\n{fitted}");
    }

    #[test]
    fn lines_fit_the_width() {
        for width in [50, 70, 120] {
            let text = table(false, width);
            let longest = text.lines().map(|l| l.chars().count()).max().unwrap();
            assert!(
                longest <= usize::from(width),
                "{longest} > {width}:\n{text}"
            );
        }
    }
}
