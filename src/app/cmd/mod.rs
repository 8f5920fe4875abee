//! What each subcommand does, from parsed flags to written output: one file
//! per subcommand, and the step they share ([`load`]: reading the roster
//! with its rules).

mod check;
mod explain;
mod generate;
mod init;
mod intros;
mod learn;
mod load;
mod pair;
mod scores;
mod sweep;

use rmatch::error::{Error, Result};
use rmatch::output::Format;

use std::io::IsTerminal;

use super::flags::{self, Cli, Command};
use super::manual;

/// Runs one parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Pair(args) => pair::run(&args),
        Command::Scores(args) => scores::run(&args),
        Command::Check(args) => check::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Explain(args) => explain::run(&args),
        Command::Sweep(args) => sweep::run(&args),
        Command::Generate(args) => generate::run(&args),
        Command::Learn(args) => learn::run(&args),
        Command::Completions(args) => manual::completions(args.shell),
        Command::Man(args) => manual::man(args.dir.as_deref(), args.force),
        Command::Intros(args) => intros::run(&args),
    }
}

/// Refuses `-o PATH` when its extension names a format rmatch cannot write
/// (`.pdf`, `.xlsx`, ...), before any work: a CSV file under that name
/// would not open. `formats` says what the command can write instead.
fn check_output_name(output: Option<&str>, formats: &str) -> Result<()> {
    let Some(path) = output.filter(|&p| p != "-") else {
        return Ok(());
    };
    match Format::unwritable(path) {
        Some(what) => Err(Error::Usage(format!(
            "-o {}: rmatch cannot write {what}; {formats}",
            rmatch::text::escape(path)
        ))),
        None => Ok(()),
    }
}

/// Refuses a name for an output written only as CSV (`init FILE`,
/// `generate -o` and `--feedback`) whose extension says another format,
/// before any work: CSV under a `.xlsx` or `.json` name would neither open
/// as the name says nor read back as a roster. `label` is how the command
/// line named the file, `written` what goes in it (`the roster`).
fn check_csv_name(label: &str, written: &str, path: &str) -> Result<()> {
    if path == "-" {
        return Ok(());
    }
    let lower = path.to_lowercase();
    let extension = lower.rsplit_once('.').map_or("", |(_, e)| e);
    let what = match extension {
        "xlsx" | "xlsm" | "xlsb" | "xls" | "ods" => "a spreadsheet workbook",
        "json" => "JSON",
        "html" | "htm" => "HTML",
        _ => match Format::unwritable(path) {
            Some(what) => what,
            None => return Ok(()),
        },
    };
    Err(Error::Usage(format!(
        "{}: rmatch writes {written} as CSV, not {what}; name the file .csv (spreadsheets open it), or .tsv for tab-separated",
        rmatch::text::escape(label)
    )))
}

/// Refuses to print a workbook (binary) on a terminal: `--format xlsx`
/// writes to standard output only when it is a file or a pipe.
fn check_binary_output(format: Format, output: Option<&str>) -> Result<()> {
    let to_stdout = matches!(output, None | Some("-"));
    if format == Format::Xlsx && to_stdout && std::io::stdout().is_terminal() {
        return Err(Error::Usage(
            "--format xlsx would print a workbook's bytes on the terminal; name a file (-o pairs.xlsx) or redirect standard output (> pairs.xlsx)".into(),
        ));
    }
    Ok(())
}

/// The format to write in: `--format` if given, else what `-o`'s extension
/// says (`.json`, `.csv`, `.tsv`, `.txt`, `.xlsx`), else a table when standard
/// output is a terminal and CSV otherwise.
fn output_format(flag: Option<flags::Format>, output: Option<&str>) -> Format {
    let to_stdout = matches!(output, None | Some("-"));
    flag.map(Format::from)
        .or_else(|| output.filter(|_| !to_stdout).and_then(Format::from_path))
        .unwrap_or(if to_stdout && std::io::stdout().is_terminal() {
            Format::Table
        } else {
            Format::Csv
        })
}
