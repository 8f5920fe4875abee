//! `rmatch sweep`: re-pair while one weight or rule bound varies, one CSV
//! row per value (see `rmatch::analysis`).

use rmatch::analysis::{self, Vary};
use rmatch::error::Result;
use rmatch::files::{self, write_output, Named, Replace};
use rmatch::output::{csv_writer, io_error, CsvStyle};

use super::load::{inputs, load_with};
use crate::app::flags::SweepArgs;
use crate::app::settings;

pub fn run(args: &SweepArgs) -> Result<()> {
    super::check_output_name(
        args.output.as_deref(),
        "it writes CSV: name the file .csv (a spreadsheet opens it)",
    )?;
    let vary = Vary::parse(&args.vary)?;
    let config = settings::config(&args.scoring)?;
    files::check_plan(
        &inputs(&args.scoring, &config),
        &[Named::new("-o", args.output.as_deref())],
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
    let (rows, timings) = analysis::sweep(&roster, &config, &vary)?;
    write_output(args.output.as_deref(), args.force, |out| {
        let mut writer = csv_writer(out, CsvStyle::for_output(false, args.output.as_deref()))?;
        writer
            .write_record(analysis::sweep_header(&roster))
            .map_err(io_error)?;
        for row in &rows {
            writer.write_record(row).map_err(io_error)?;
        }
        writer.flush()
    })?;
    if !args.scoring.quiet {
        let total: f64 = timings.iter().sum();
        eprintln!(
            "rmatch: {} steps of {} in {total:.3} s",
            rows.len(),
            rmatch::text::escape(&vary.text)
        );
    }
    Ok(())
}
