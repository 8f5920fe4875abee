//! `rmatch scores`: every senior x junior pair with its score parts and the
//! rule that forbids it, as CSV.

use rmatch::error::{Error, Result};
use rmatch::files::{self, write_output, Named, Replace};
use rmatch::output::{
    csv_writer, io_error, workbook_bytes, Cell, CsvStyle, Format, Table, MAX_SHEET_ROWS,
};
use rmatch::roster::Role;
use rmatch::scoring::Scorer;
use rmatch::spreadsheet::text_cell;
use rmatch::units::round4;

use super::load::{inputs, load};
use crate::app::flags::ScoresArgs;
use crate::app::progress::Stages;
use crate::app::settings;

/// The header of `rmatch scores`.
pub const SCORE_COLUMNS: [&str; 9] = [
    "senior_id",
    "junior_id",
    "allowed",
    "score",
    "teach",
    "learn",
    "interests",
    "diversity",
    "reason",
];

pub fn run(args: &ScoresArgs) -> Result<()> {
    super::check_output_name(
        args.output.as_deref(),
        "it writes CSV or an Excel workbook: name the file .csv or .xlsx",
    )?;
    let config = settings::config(&args.scoring, &[])?;
    files::check_plan(
        &inputs(&args.scoring, &config),
        &[Named::new("-o", args.output.as_deref())],
        Replace {
            force: args.force,
            must_be_new: false,
        },
    )?;
    let mut stages = Stages::new(args.scoring.quiet, args.scoring.verbose, 2);
    stages.start("read", "reading the roster");
    let (roster, rules) = load(&args.scoring, &config)?;
    stages.show_bar_for(roster.people.len());
    stages.start("score+write", "scoring and writing every pair");
    let scorer = Scorer::with_rules(&roster, config.weights, rules);
    let raw = args.csv.raw;
    let to_file = args.output.as_deref().filter(|&p| p != "-");
    if to_file.and_then(Format::from_path) == Some(Format::Xlsx) {
        let count = roster.seniors().len() * roster.juniors().len();
        if count >= MAX_SHEET_ROWS {
            return Err(Error::Usage(format!(
                "-o {}: the {count} senior x junior pairs are more rows than a spreadsheet holds ({MAX_SHEET_ROWS}); write CSV instead (-o scores.csv)",
                rmatch::text::escape(to_file.unwrap_or_default())
            )));
        }
        write_output(args.output.as_deref(), args.force, |out| {
            let mut rows = Vec::new();
            for (s, senior) in roster.seniors().iter().enumerate() {
                for j in roster.in_id_order(Role::Junior) {
                    let junior = roster.junior(j);
                    let (counts, rule) = scorer.evaluate(s, j);
                    let c = scorer.shown_components(s, j, &counts);
                    let number = |x: f64| Cell::Number(round4(x));
                    rows.push(vec![
                        Cell::text(&senior.id),
                        Cell::text(&junior.id),
                        Cell::Bool(rule.is_none()),
                        number(c.score),
                        number(c.teach),
                        number(c.learn),
                        number(c.interests),
                        number(c.diversity),
                        Cell::text(&rule.map_or(String::new(), |r| scorer.rule_text(r, s, j))),
                    ]);
                }
            }
            let table = Table {
                name: "Scores",
                header: SCORE_COLUMNS.iter().map(|c| c.to_string()).collect(),
                rows,
            };
            out.write_all(&workbook_bytes(&[table])?)
        })?;
        stages.finish();
        return Ok(());
    }
    write_output(args.output.as_deref(), args.force, |out| {
        let mut writer = csv_writer(
            out,
            CsvStyle::for_output(args.csv.excel || config.excel, args.output.as_deref()),
        )?;
        writer.write_record(SCORE_COLUMNS).map_err(io_error)?;
        for (s, senior) in roster.seniors().iter().enumerate() {
            for j in roster.in_id_order(Role::Junior) {
                let junior = roster.junior(j);
                let (counts, rule) = scorer.evaluate(s, j);
                let c = scorer.shown_components(s, j, &counts);
                let number = |x: f64| format!("{:.4}", round4(x));
                writer
                    .write_record([
                        text_cell(&senior.id, raw).as_ref(),
                        text_cell(&junior.id, raw).as_ref(),
                        if rule.is_none() { "true" } else { "false" },
                        &number(c.score),
                        &number(c.teach),
                        &number(c.learn),
                        &number(c.interests),
                        &number(c.diversity),
                        &rule.map_or(String::new(), |r| scorer.rule_text(r, s, j)),
                    ])
                    .map_err(io_error)?;
            }
        }
        writer.flush()?;
        Ok(())
    })?;
    stages.finish();
    Ok(())
}
