//! `rmatch scores`: every senior x junior pair with its score parts and the
//! rule that forbids it, as CSV, JSON or an Excel workbook.

use serde::ser::{Serialize, SerializeSeq, Serializer};
use serde_json::{json, Value};

use rmatch::error::{Error, Result};
use rmatch::files::{self, write_output, Named, Replace};
use rmatch::output::{
    csv_writer, io_error, workbook_bytes, Cell, CsvStyle, Format, Table, MAX_SHEET_ROWS,
};
use rmatch::roster::{Person, Role, Roster};
use rmatch::scoring::{Components, Scorer};
use rmatch::spreadsheet::text_cell;
use rmatch::units::round4;

use super::load::load;
use crate::app::flags::{ScoresArgs, ScoresFormat};
use crate::app::progress::Stages;
use crate::app::settings::{self, inputs};

/// The header of `rmatch scores`, before the kept columns (`--keep`).
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

/// What every format asks for a name it cannot take: `scores` has no
/// table (one row per pair of the whole roster is for programs).
const NAMES: &str =
    "name the file .csv, .tsv, .json or .xlsx, or give --format csv|json|xlsx to keep the name";

pub fn run(args: &ScoresArgs) -> Result<()> {
    let output = args.output.as_deref();
    if args.format.is_none() {
        super::check_output_name(
            output,
            &format!("it writes CSV, JSON or an Excel workbook: {NAMES}"),
        )?;
        if let Some(path) = output.filter(|&p| p != "-") {
            if Format::from_path(path) == Some(Format::Table) {
                return Err(Error::Usage(format!(
                    "-o {}: rmatch scores writes CSV, JSON or an Excel workbook, not a text table; {NAMES}",
                    rmatch::text::escape(path)
                )));
            }
        }
    }
    let format = output_format(args.format, output);
    super::check_binary_output(format, output)?;
    let config = settings::config(&args.scoring, &[])?;
    files::check_plan(
        &inputs(&args.scoring, &config),
        &[Named::new("-o", output)],
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
    let pairs = Pairs {
        roster: &roster,
        scorer: &scorer,
    };
    let mut header: Vec<String> = SCORE_COLUMNS.iter().map(|c| c.to_string()).collect();
    for role in ["senior", "junior"] {
        header.extend(roster.kept.iter().map(|c| format!("{role}_{c}")));
    }
    match format {
        Format::Xlsx => {
            let count = roster.seniors().len() * roster.juniors().len();
            if count >= MAX_SHEET_ROWS {
                let named = match output.filter(|&p| p != "-") {
                    Some(path) => format!("-o {}", rmatch::text::escape(path)),
                    None => "--format xlsx".to_string(),
                };
                return Err(Error::Usage(format!(
                    "{named}: the {count} senior x junior pairs are more rows than a spreadsheet holds ({MAX_SHEET_ROWS}); write CSV instead (-o scores.csv)"
                )));
            }
            write_output(output, args.force, |out| {
                let mut rows = Vec::new();
                pairs.each(|pair| {
                    let number = |x: f64| Cell::Number(round4(x));
                    let c = &pair.components;
                    let mut row = vec![
                        Cell::text(&pair.senior.id),
                        Cell::text(&pair.junior.id),
                        Cell::Bool(pair.reason.is_none()),
                        number(c.score),
                        number(c.teach),
                        number(c.learn),
                        number(c.interests),
                        number(c.diversity),
                        Cell::text(pair.reason.as_deref().unwrap_or_default()),
                    ];
                    row.extend(pair.kept().map(Cell::text));
                    rows.push(row);
                    Ok::<_, std::io::Error>(())
                })?;
                let table = Table {
                    name: "Scores",
                    header,
                    rows,
                };
                out.write_all(&workbook_bytes(&[table])?)
            })?;
        }
        Format::Json => write_output(output, args.force, |out| {
            serde_json::to_writer_pretty(&mut *out, &pairs).map_err(std::io::Error::from)?;
            out.write_all(b"\n")
        })?,
        Format::Csv | Format::Table => write_output(output, args.force, |out| {
            let raw = args.csv.raw;
            let style = CsvStyle::for_output(args.csv.excel || config.excel, output);
            let mut writer = csv_writer(out, style)?;
            writer.write_record(&header).map_err(io_error)?;
            pairs.each(|pair| {
                let number = |x: f64| format!("{:.4}", round4(x));
                let c = &pair.components;
                let mut record = vec![
                    text_cell(&pair.senior.id, raw).into_owned(),
                    text_cell(&pair.junior.id, raw).into_owned(),
                    pair.reason.is_none().to_string(),
                    number(c.score),
                    number(c.teach),
                    number(c.learn),
                    number(c.interests),
                    number(c.diversity),
                    pair.reason.clone().unwrap_or_default(),
                ];
                record.extend(pair.kept().map(|k| text_cell(k, raw).into_owned()));
                writer.write_record(&record).map_err(io_error)
            })?;
            writer.flush()
        })?,
    }
    stages.finish();
    Ok(())
}

/// The format to write in: `--format` if given, else JSON for `-o *.json`
/// and a workbook for `-o *.xlsx` (as `pair`), else CSV, also on a
/// terminal.
fn output_format(flag: Option<ScoresFormat>, output: Option<&str>) -> Format {
    match flag {
        Some(ScoresFormat::Csv) => Format::Csv,
        Some(ScoresFormat::Json) => Format::Json,
        Some(ScoresFormat::Xlsx) => Format::Xlsx,
        None => match output.filter(|&p| p != "-").and_then(Format::from_path) {
            Some(format @ (Format::Json | Format::Xlsx)) => format,
            _ => Format::Csv,
        },
    }
}

/// Every senior x junior pair of a roster, in id order: what each format
/// writes a row of.
struct Pairs<'a> {
    roster: &'a Roster,
    scorer: &'a Scorer<'a>,
}

/// One pair: its people, score parts, and the rule that forbids it.
struct Pair<'a> {
    senior: &'a Person,
    junior: &'a Person,
    components: Components,
    reason: Option<String>,
}

impl Pair<'_> {
    /// The kept columns (`--keep`): the senior's, then the junior's.
    fn kept(&self) -> impl Iterator<Item = &str> {
        self.senior
            .kept
            .iter()
            .chain(&self.junior.kept)
            .map(String::as_str)
    }
}

impl Pairs<'_> {
    /// Calls `row` with each pair, sorted by senior id then junior id.
    fn each<E>(&self, mut row: impl FnMut(Pair<'_>) -> Result<(), E>) -> Result<(), E> {
        let (roster, scorer) = (self.roster, self.scorer);
        for (s, senior) in roster.seniors().iter().enumerate() {
            for j in roster.in_id_order(Role::Junior) {
                let (counts, rule) = scorer.evaluate(s, j);
                row(Pair {
                    senior,
                    junior: roster.junior(j),
                    components: scorer.shown_components(s, j, &counts),
                    reason: rule.map(|r| scorer.rule_text(r, s, j)),
                })?;
            }
        }
        Ok(())
    }
}

/// The JSON document: an array with an object per pair, the CSV's columns
/// as keys (numbers as numbers, `allowed` true or false, `reason` null for
/// an allowed pair), written a pair at a time so it is never held whole.
impl Serialize for Pairs<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let count = self.roster.seniors().len() * self.roster.juniors().len();
        let mut seq = serializer.serialize_seq(Some(count))?;
        let kept = &self.roster.kept;
        self.each(|pair| {
            let c = &pair.components;
            let mut object = json!({
                "senior_id": pair.senior.id,
                "junior_id": pair.junior.id,
                "allowed": pair.reason.is_none(),
                "score": round4(c.score),
                "teach": round4(c.teach),
                "learn": round4(c.learn),
                "interests": round4(c.interests),
                "diversity": round4(c.diversity),
                "reason": pair.reason,
            });
            for (role, person) in [("senior", pair.senior), ("junior", pair.junior)] {
                for (column, text) in kept.iter().zip(&person.kept) {
                    object[format!("{role}_{column}")] = Value::from(text.as_str());
                }
            }
            seq.serialize_element(&object)
        })?;
        seq.end()
    }
}
