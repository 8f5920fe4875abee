//! `rmatch sweep`: re-pair while one weight or rule bound varies, one CSV
//! row per value (see `rmatch::analysis`).

use rmatch::analysis::{self, Vary};
use rmatch::error::{Error, Result};
use rmatch::files::{self, Named, Output, Replace};
use rmatch::report::SweepReport;

use rmatch::output::{
    csv_writer, io_error, rows_table, workbook_bytes, Cell, CsvStyle, Format, Table,
};

use super::load::load_with;
use crate::app::flags::SweepArgs;
use crate::app::settings::inputs;
use crate::app::{settings, terminal};

/// At most this many values are shown as columns in the table.
const TRANSPOSED_UP_TO: usize = 8;

pub fn run(args: &SweepArgs) -> Result<()> {
    let to_stdout = matches!(args.output.as_deref(), None | Some("-"));
    if to_stdout && args.report.as_deref() == Some("-") {
        return Err(Error::Usage(
            "--report - would print the report on standard output, where the sweep goes; name a file for the report (--report sweep.html) or for the sweep (-o sweep.csv)".into(),
        ));
    }
    super::check_output_name(
        args.output.as_deref(),
        "name the file .csv, .json, .txt or .xlsx, or give --format csv|json|table|xlsx to keep the name",
    )?;
    let vary = Vary::parse(&args.vary)?;
    let format = super::output_format(args.format, args.output.as_deref());
    super::check_binary_output(format, args.output.as_deref())?;
    let mut config = settings::config(&args.scoring, &[])?;
    settings::set_objective(&mut config, args.objective)?;
    settings::apply_solver(&mut config, &args.solving)?;
    vary.check(&config)?;
    files::check_plan(
        &inputs(&args.scoring, &config),
        &[
            Named::new("-o", args.output.as_deref()),
            Named::new("--report", args.report.as_deref()),
        ][..if args.report.is_some() { 2 } else { 1 }],
        Replace {
            force: args.force,
            must_be_new: false,
        },
    )?;
    // A quota attribute the sweep adds must be read from the roster too.
    let extra: Vec<String> = vary
        .name
        .attribute()
        .map(str::to_string)
        .into_iter()
        .collect();
    let (roster, _) = load_with(&args.scoring, &config, &extra)?;
    let analysis::Swept {
        steps,
        seconds: timings,
        log,
    } = analysis::sweep(&roster, &config, &vary)?;
    if args.scoring.verbose && !args.scoring.quiet {
        for line in &log {
            eprintln!("sweep: {}", rmatch::text::escape(line));
        }
    }
    let rows: Vec<Vec<String>> = steps.iter().map(|s| s.cells()).collect();
    let header = analysis::sweep_header(&roster);
    // Every file is complete before any is renamed into place; standard
    // output comes last (as in `rmatch pair`).
    let mut outputs = Vec::new();
    if let Some(path) = args.report.as_deref() {
        let report = SweepReport {
            roster: &roster,
            config: &config,
            vary: &vary,
            steps: &steps,
        };
        outputs.push(Output::new(Some(path), move |out| report.write(out)));
    }
    outputs.push(Output::new(args.output.as_deref(), |out| match format {
        Format::Csv => {
            let mut writer = csv_writer(out, CsvStyle::for_output(false, args.output.as_deref()))?;
            writer.write_record(&header).map_err(io_error)?;
            for row in &rows {
                writer.write_record(row).map_err(io_error)?;
            }
            writer.flush()
        }
        Format::Table => {
            let (width, color) = if to_stdout {
                (terminal::stdout_width(), terminal::stdout_color())
            } else {
                (None, false)
            };
            // Up to a few values, one column per value and a row per
            // measure reads best; more values, a row per value.
            let text = if rows.len() <= TRANSPOSED_UP_TO {
                let mut top = vec![rmatch::text::escape(&vary.text).into_owned()];
                top.extend(rows.iter().map(|r| r[0].clone()));
                let measures: Vec<Vec<String>> = (1..header.len())
                    .map(|c| {
                        let mut line = vec![header[c].clone()];
                        line.extend(rows.iter().map(|r| r[c].clone()));
                        line
                    })
                    .collect();
                rows_table(&top, &measures, width, color)
            } else {
                rows_table(&header, &rows, width, color)
            };
            out.write_all(text.as_bytes())
        }
        Format::Xlsx => {
            // Numbers as number cells; status (and any text) as text.
            let table = Table {
                name: "Sweep",
                header: header.clone(),
                rows: rows
                    .iter()
                    .map(|row| {
                        header
                            .iter()
                            .zip(row)
                            .map(|(h, cell)| {
                                if h == "status" {
                                    Cell::text(cell)
                                } else {
                                    Cell::guess(cell)
                                }
                            })
                            .collect()
                    })
                    .collect(),
            };
            out.write_all(&workbook_bytes(&[table])?)
        }
        Format::Json => {
            let objects: Vec<serde_json::Map<String, serde_json::Value>> = rows
                .iter()
                .map(|row| {
                    header
                        .iter()
                        .zip(row)
                        .map(|(h, cell)| (h.clone(), json_cell(h, cell)))
                        .collect()
                })
                .collect();
            serde_json::to_writer_pretty(&mut *out, &objects).map_err(std::io::Error::from)?;
            out.write_all(b"\n")
        }
    }));
    files::write_outputs(outputs, args.force)?;
    if !args.scoring.quiet {
        if let Some(step) = steps.iter().find(|s| s.infeasible.is_some()) {
            let count = steps.iter().filter(|s| s.infeasible.is_some()).count();
            eprintln!(
                "warning: at {count} value{} of {} no pairing meets the rules (status infeasible); at {}: {}",
                if count == 1 { "" } else { "s" },
                rmatch::text::escape(&vary.text),
                step.value,
                step.infeasible.as_deref().unwrap_or("")
            );
        }
        let total: f64 = timings.iter().sum();
        eprintln!(
            "rmatch: {} steps of {} in {total:.3} s",
            rows.len(),
            rmatch::text::escape(&vary.text)
        );
    }
    Ok(())
}

/// A sweep cell as JSON: numbers as numbers, `status` as text, an empty
/// cell (a private attribute's share) as null.
fn json_cell(column: &str, cell: &str) -> serde_json::Value {
    if cell.is_empty() {
        return serde_json::Value::Null;
    }
    if column == "status" {
        return serde_json::Value::String(cell.to_string());
    }
    if let Ok(whole) = cell.parse::<i64>() {
        return serde_json::Value::from(whole);
    }
    cell.parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or_else(
            || serde_json::Value::String(cell.to_string()),
            serde_json::Value::Number,
        )
}
