//! CSV: the stable format for scripts and spreadsheets.

use std::io::{self, Write};

use rayon::prelude::*;

use super::exporter::Exporter;
use crate::outcome::{Outcome, Row};
use crate::units::four;

/// The CSV header of `rmatch pair`, fixed for scripts.
pub const PAIR_COLUMNS: [&str; 11] = [
    "status",
    "senior_id",
    "senior_name",
    "junior_id",
    "junior_name",
    "score",
    "teach",
    "learn",
    "interests",
    "diversity",
    "why",
];

/// Writes the pairs, then the unmatched, under the fixed header. Text cells
/// that a spreadsheet would run as formulas get a leading `'`
/// (see [`crate::spreadsheet`]) unless `raw` (`--raw`: every text cell
/// exactly as in the roster).
#[derive(Clone, Copy, Debug, Default)]
pub struct CsvExporter {
    pub raw: bool,
    pub style: CsvStyle,
}

/// How the CSV bytes are laid out: `excel` (`--excel`) puts a UTF-8 byte
/// order mark first and ends lines with CRLF, which Excel on Windows needs
/// to read UTF-8 (accented names) and scripts do not want by default;
/// `tabs` separates cells with tabs (`-o x.tsv`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CsvStyle {
    pub excel: bool,
    pub tabs: bool,
}

impl CsvStyle {
    /// The style for `--excel` and the output file name (`.tsv`: tabs).
    pub fn for_output(excel: bool, output: Option<&str>) -> CsvStyle {
        CsvStyle {
            excel,
            tabs: output.is_some_and(|p| p.to_lowercase().ends_with(".tsv")),
        }
    }
}

/// A CSV writer over `out` in `style`.
pub fn csv_writer<W: Write>(mut out: W, style: CsvStyle) -> io::Result<csv::Writer<W>> {
    if style.excel {
        out.write_all("\u{feff}".as_bytes())?;
    }
    Ok(records_writer(out, style))
}

/// Copies the CSV text `csv` to `out` with its cells separated by tabs
/// (`-o roster.tsv`), for outputs made whole as CSV text (the `init`
/// template, a generated roster and its feedback), so a `.tsv` holds what
/// its name says and reads back as tab-separated. Notes lines (`#`) before
/// the header are copied as they are, as the roster reader skips them.
pub fn write_tabbed(csv: &[u8], out: &mut dyn Write) -> io::Result<()> {
    let mut rest = csv;
    while rest.first() == Some(&b'#') {
        let end = rest
            .iter()
            .position(|&b| b == b'\n')
            .map_or(rest.len(), |i| i + 1);
        out.write_all(&rest[..end])?;
        rest = &rest[end..];
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(rest);
    let style = CsvStyle {
        excel: false,
        tabs: true,
    };
    let mut writer = records_writer(out, style);
    for record in reader.byte_records() {
        writer
            .write_byte_record(&record.map_err(io_error)?)
            .map_err(io_error)?;
    }
    writer.flush()
}

/// A CSV writer over `out` in `style` that writes records only (no byte
/// order mark).
fn records_writer<W: Write>(out: W, style: CsvStyle) -> csv::Writer<W> {
    let mut builder = csv::WriterBuilder::new();
    if style.excel {
        builder.terminator(csv::Terminator::CRLF);
    }
    if style.tabs {
        builder.delimiter(b'\t');
    }
    builder.from_writer(out)
}

/// Rows formatted together: each batch's rows are laid out on every core,
/// each part in its own buffer, and the buffers written in order.
const ROWS_PER_PART: usize = 2048;
const PARTS_PER_BATCH: usize = 32;

fn number(x: Option<f64>) -> String {
    x.map_or_else(String::new, four)
}

/// The header: the fixed columns, then `senior_C` and `junior_C` for each
/// kept column C (`--keep`).
pub fn pair_header(kept: &[String]) -> Vec<String> {
    let mut header: Vec<String> = PAIR_COLUMNS.iter().map(|c| c.to_string()).collect();
    for role in ["senior", "junior"] {
        header.extend(kept.iter().map(|c| format!("{role}_{c}")));
    }
    header
}

fn record(row: &Row, raw: bool, kept: usize, change: bool) -> Vec<String> {
    let text = |t: &str| crate::spreadsheet::text_cell(t, raw).into_owned();
    let (sid, sname) = row
        .senior
        .as_ref()
        .map_or((String::new(), String::new()), |w| {
            (text(&w.id), text(&w.name))
        });
    let (jid, jname) = row
        .junior
        .as_ref()
        .map_or((String::new(), String::new()), |w| {
            (text(&w.id), text(&w.name))
        });
    let c = row.components;
    let mut record = vec![
        row.status.as_str().to_string(),
        sid,
        sname,
        jid,
        jname,
        number(c.map(|c| c.score)),
        number(c.map(|c| c.teach)),
        number(c.map(|c| c.learn)),
        number(c.map(|c| c.interests)),
        number(c.map(|c| c.diversity)),
        text(&row.why),
    ];
    for side in [&row.senior, &row.junior] {
        match side {
            Some(w) => record.extend(w.kept.iter().map(|t| text(t))),
            None => record.extend(std::iter::repeat_n(String::new(), kept)),
        }
    }
    if change {
        record.push(row.change.map_or("", |c| c.as_str()).to_string());
    }
    record
}

/// The I/O error inside a CSV error, so a closed pipe stays recognisable.
pub fn io_error(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

fn write_csv(outcome: &Outcome, out: &mut dyn Write, raw: bool, style: CsvStyle) -> io::Result<()> {
    let mut writer = csv_writer(out, style)?;
    // With --continue, a last `change` column (kept, new or ended) and the
    // ended pairs after the unmatched.
    let change = outcome.summary.continued.is_some();
    let mut header = pair_header(&outcome.kept);
    if change {
        header.push("change".into());
    }
    writer.write_record(header).map_err(io_error)?;
    writer.flush()?;
    let out = writer.into_inner().map_err(|e| e.into_error())?;
    let rows: Vec<&Row> = outcome
        .pairs
        .iter()
        .chain(&outcome.unmatched)
        .chain(&outcome.ended)
        .collect();
    let kept = outcome.kept.len();
    let lay_out = |batch: &[&Row]| -> io::Result<Vec<Vec<u8>>> {
        batch
            .par_chunks(ROWS_PER_PART)
            .map(|part| {
                let mut writer = records_writer(Vec::new(), style);
                for row in part {
                    writer
                        .write_record(record(row, raw, kept, change))
                        .map_err(io_error)?;
                }
                writer.into_inner().map_err(|e| e.into_error())
            })
            .collect()
    };
    // Each batch is written while the next one is laid out.
    std::thread::scope(|scope| {
        let mut batches = rows.chunks(ROWS_PER_PART * PARTS_PER_BATCH);
        let mut next = batches
            .next()
            .map(|batch| scope.spawn(move || lay_out(batch)));
        while let Some(laying) = next {
            let parts = laying
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
            next = batches
                .next()
                .map(|batch| scope.spawn(move || lay_out(batch)));
            for part in parts {
                out.write_all(&part)?;
            }
        }
        out.flush()
    })
}

impl Exporter for CsvExporter {
    fn write(&self, outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
        write_csv(outcome, out, self.raw, self.style)
    }
}

/// The header of the `--alternatives-out` CSV.
pub const ALTERNATIVE_COLUMNS: [&str; 11] = [
    "role",
    "person_id",
    "person_name",
    "rank",
    "partner_id",
    "partner_name",
    "pair_score",
    "pairs_change",
    "score_change",
    "cost",
    "reason",
];

/// Writes `--alternatives-out`: one row per person and alternative,
/// cheapest first, people in roster order (seniors, then juniors).
pub fn write_alternatives(
    outcome: &Outcome,
    out: &mut dyn Write,
    raw: bool,
    style: CsvStyle,
) -> io::Result<()> {
    let text = |t: &str| crate::spreadsheet::text_cell(t, raw).into_owned();
    let mut writer = csv_writer(out, style)?;
    writer.write_record(ALTERNATIVE_COLUMNS).map_err(io_error)?;
    for person in outcome.alternatives.iter().flatten() {
        for a in &person.alternatives {
            writer
                .write_record([
                    person.role.to_string(),
                    text(&person.id),
                    text(&person.name),
                    a.rank.to_string(),
                    text(&a.partner_id),
                    text(&a.partner_name),
                    format!("{:.4}", a.score),
                    a.pairs_change.to_string(),
                    format!("{:.4}", a.score_change),
                    text(&a.cost),
                    text(&a.reason),
                ])
                .map_err(io_error)?;
        }
    }
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::roster::{parse, ReadOptions};
    use crate::scoring::{Scorer, Weights};
    use crate::solve::{solve, SolveOptions};

    #[test]
    fn tabbed_csv_keeps_the_notes_and_every_cell() {
        let csv = "# a note\n#\nid,name,why\nS1,\"Ann, Lee\",\"said \"\"hi\"\"\"\nJ1,\"a\tb\",\n";
        let mut out = Vec::new();
        write_tabbed(csv.as_bytes(), &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "# a note\n#\nid\tname\twhy\nS1\tAnn, Lee\t\"said \"\"hi\"\"\"\nJ1\t\"a\tb\"\t\n"
        );
    }

    #[test]
    fn rows_laid_out_in_parts_give_what_one_writer_gives() {
        let roster = parse(
            "r.csv",
            "id,name,role,skills,wants,department\n\
             S1,\"Ann, \"\"the boss\"\"\",senior,,ai;excel,Finance\n\
             S2,=cmd,senior,,ai,IT\n\
             J1,\"Jo\nLine\",junior,ai:5;excel:4,,IT\n\
             J2,Al\u{e9},junior,ai:3,,Finance\n\
             J3,Cy,junior,,,IT\n"
                .as_bytes(),
            &ReadOptions::default(),
        )
        .unwrap();
        let scorer = Scorer::new(&roster, Weights::default());
        let solution = solve(&scorer, &SolveOptions::default()).unwrap();
        let mut outcome = Outcome::build(&scorer, &solution, &Config::default(), false);
        assert!(!outcome.pairs.is_empty() && !outcome.unmatched.is_empty());
        // More rows than two batches hold, and a last batch part-filled.
        let rows = 2 * ROWS_PER_PART * PARTS_PER_BATCH + ROWS_PER_PART + 7;
        outcome.pairs = outcome.pairs.iter().cycle().take(rows).cloned().collect();
        for raw in [false, true] {
            for style in [
                CsvStyle::default(),
                CsvStyle {
                    excel: true,
                    tabs: false,
                },
                CsvStyle {
                    excel: false,
                    tabs: true,
                },
            ] {
                let mut written = Vec::new();
                CsvExporter { raw, style }
                    .write(&outcome, &mut written)
                    .unwrap();
                let mut one = csv_writer(Vec::new(), style).unwrap();
                one.write_record(pair_header(&outcome.kept)).unwrap();
                for row in outcome.pairs.iter().chain(&outcome.unmatched) {
                    one.write_record(record(row, raw, 0, false)).unwrap();
                }
                let one = one.into_inner().unwrap();
                assert!(written == one, "raw {raw}, {style:?}");
            }
        }
    }
}
