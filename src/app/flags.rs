//! The command line as clap parses it: subcommands, flags and their help.
//! Nothing here is acted on: [`super::settings`] turns these flags into the
//! engine's configuration, and [`super::cmd`] runs each subcommand.
//!
//! The choice-valued flags have their own small enums here, mirrors of the
//! engine's, so the engine does not depend on clap.

use clap::{Args, Parser, Subcommand, ValueEnum};

use rmatch::roster::dialect::parse_delimiter;

/// Pair junior and senior employees for reverse mentoring.
///
/// rmatch reads a CSV roster, scores every junior-senior pair, finds the
/// pairing with the most pairs and then the highest total score, proves it
/// optimal, and explains every pair in plain language.
#[derive(Debug, Parser)]
#[command(
    name = "rmatch",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Pair seniors with juniors and explain every pair.
    #[command(
        after_help = "Example:\n  rmatch pair examples/roster.csv\n  rmatch pair roster.csv -o pairs.json --weights teach=0.6,diversity=0.1"
    )]
    Pair(PairArgs),
    /// Write every senior x junior pair with its score parts and the rule that forbids it, as CSV (or JSON, or a workbook).
    #[command(
        after_help = "Example:\n  rmatch scores examples/roster.csv -o scores.csv\n  rmatch scores examples/roster.csv -o scores.json --keep email"
    )]
    Scores(ScoresArgs),
    /// Check a roster is ready: what is missing, who cannot be paired, which goals need juniors.
    #[command(after_help = "Example:\n  rmatch check examples/roster.csv")]
    Check(CheckArgs),
    /// Write a template roster with the main columns, explained, to fill in.
    #[command(after_help = "Example:\n  rmatch init roster.csv\n  rmatch check roster.csv")]
    Init(InitArgs),
    /// Take one pair's score apart term by term, and say why they were (not) paired.
    #[command(after_help = "Example:\n  rmatch explain examples/roster.csv S01 J27")]
    Explain(ExplainArgs),
    /// Re-pair while a weight or rule bound varies, one CSV row per value.
    #[command(
        after_help = "Example:\n  rmatch sweep examples/roster.csv --vary diversity=0:1:0.25\n  rmatch sweep examples/roster.csv --vary max-same.department=0.1,0.2,0.5"
    )]
    Sweep(SweepArgs),
    /// Write a synthetic roster of a given size (for trials and benchmarks).
    #[command(after_help = "Example:\n  rmatch generate --seniors 1000 --juniors 2000 -o big.csv")]
    Generate(GenerateArgs),
    /// Learn score weights from last cycle's ratings of its pairs, and compare the pairing under them.
    #[command(
        after_help = "Example:\n  rmatch learn feedback.csv roster.csv -o learned.toml\n  rmatch pair next-roster.csv --config learned.toml"
    )]
    Learn(LearnArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Example:\n  rmatch completions bash > ~/.local/share/bash-completion/completions/rmatch\n  rmatch completions zsh > ~/.zfunc/_rmatch\n  rmatch completions fish > ~/.config/fish/completions/rmatch.fish"
    )]
    Completions(CompletionsArgs),
    /// Print the manual page (roff), or write one page per command into a folder.
    #[command(after_help = "Example:\n  rmatch man | man -l -\n  rmatch man --dir man/man1")]
    Man(ManArgs),
    /// Write an introduction e-mail (.eml), a weekly meeting invite (.ics) and a mail-merge row for every pair.
    #[command(
        after_help = "Example:\n  rmatch intros pairs.csv roster.csv -o intros --start 2027-01-04 --from \"Ann Lee <ann@example.org>\"\n  (pairs.csv from: rmatch pair roster.csv -o pairs.csv)"
    )]
    Intros(IntrosArgs),
}

/// Options shared by every command that scores pairs.
#[derive(Debug, Args, Clone)]
pub struct ScoringArgs {
    /// The roster CSV, or - for standard input.
    #[arg(value_name = "ROSTER")]
    pub roster: String,
    /// Score weights, e.g. teach=0.6,diversity=0.1 (others keep their defaults: teach=0.5,learn=0.2,interests=0.1,diversity=0.2).
    #[arg(long, value_name = "NAME=W,...")]
    pub weights: Option<String>,
    /// Columns compared for diversity (default: department,location,generation where present).
    #[arg(long, value_name = "COL,COL", value_delimiter = ',')]
    pub diversity: Option<Vec<String>>,
    /// Print only errors on stderr (no warnings, summary or progress).
    #[arg(short, long, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print how long each stage took (read, score+solve, explain, write) on stderr.
    #[arg(short, long)]
    pub verbose: bool,
    #[command(flatten)]
    pub input: InputArgs,
    #[command(flatten)]
    pub rules: RuleArgs,
}

/// How the roster file is read: encoding, delimiter, private columns.
#[derive(Debug, Args, Clone, Default)]
pub struct InputArgs {
    /// Text encoding of the roster (a UTF-8 or UTF-16 byte order mark overrides it).
    #[arg(long, value_enum, value_name = "ENCODING", default_value_t = Encoding::Utf8)]
    pub encoding: Encoding,
    /// Field delimiter: ',', ';', tab or '|' [default: detected from the header line; tab for *.tsv].
    #[arg(long, value_name = "DELIM", value_parser = parse_delimiter)]
    pub delimiter: Option<u8>,
    /// Private attribute columns (e.g. gender,ethnicity): they count for diversity, but their values are never written anywhere.
    #[arg(long, value_name = "COL,COL", value_delimiter = ',')]
    pub private: Vec<String>,
    /// Answers read as blank in diversity attributes and the columns the rules read [default: "Prefer not to say","Other (please specify)",N/A,-,unknown,none]; '' for none.
    #[arg(long, value_name = "WORD,...", value_delimiter = ',')]
    pub missing: Option<Vec<String>>,
    /// Roster columns to copy into the pair and unmatched rows (e.g. email,phone): senior_email, junior_email, ... in CSV and JSON.
    #[arg(long, value_name = "COL,COL", value_delimiter = ',')]
    pub keep: Vec<String>,
    /// Other spellings of topics and interests: a CSV of alias,topic lines (e.g. JS,JavaScript), read as the topic.
    #[arg(long, value_name = "FILE")]
    pub aliases: Option<String>,
    /// The sheet to read when the roster is a workbook (.xlsx, .xls, .ods) [default: the first].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Read the roster's column HEADER as rmatch's COLUMN, e.g. id="Employee ID" (repeatable; COLUMN is id, role, name, skills, wants, interests, languages, capacity, min_capacity, manager, exclude, utc_offset, prefers, email, timezone or availability).
    #[arg(long, value_name = "COLUMN=HEADER")]
    pub column: Vec<String>,
}

/// How CSV output treats cells a spreadsheet would run as formulas.
#[derive(Debug, Args, Clone, Copy, Default)]
pub struct CsvSafetyArgs {
    /// Write text cells exactly, without the quote that stops spreadsheets from reading =, +, -, @ as formulas.
    #[arg(long)]
    pub raw: bool,
    /// CSV for Excel on Windows: a UTF-8 byte order mark and CRLF line ends, so accented names open intact.
    #[arg(long)]
    pub excel: bool,
}

/// Programme rules; each is also a key of the config file, and a flag
/// overrides the config's value.
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Programme rules")]
pub struct RuleArgs {
    /// Read weights and rules from a TOML config file (flags override it).
    #[arg(long, value_name = "FILE")]
    pub config: Option<String>,
    /// Keep this pair and re-optimise around it (repeatable).
    #[arg(long, value_name = "SENIOR:JUNIOR")]
    pub lock: Vec<String>,
    /// Keep the paired rows of FILE (an edited `rmatch pair` CSV) (repeatable).
    #[arg(long, value_name = "FILE")]
    pub locks: Vec<String>,
    /// Never make this pair (repeatable), on top of the roster's exclude column.
    #[arg(long, value_name = "SENIOR:JUNIOR")]
    pub forbid: Vec<String>,
    /// Earlier cycles' `rmatch pair` CSVs: no pair is made again, and people left unmatched get a bonus.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub history: Vec<String>,
    /// Score bonus per person in a pair who was unmatched in the history [default: 0.1].
    #[arg(long, value_name = "B")]
    pub unmatched_bonus: Option<f64>,
    /// Forbid pairs whose clocks (utc_offset column) differ by more than HOURS.
    #[arg(long, value_name = "HOURS")]
    pub max_tz_gap: Option<f64>,
    /// At most this share of pairs may have the same value of ATTR, e.g. department=0.1 (repeatable).
    #[arg(long, value_name = "ATTR=SHARE")]
    pub max_same: Vec<String>,
    /// The chosen juniors reflect the junior pool on ATTR within TOL [default TOL: 0.05] (repeatable).
    #[arg(long, value_name = "ATTR[=TOL]")]
    pub fair: Vec<String>,
    /// Pairs scoring below X are not allowed.
    #[arg(long, value_name = "X")]
    pub min_score: Option<f64>,
    /// Never pair two people with the same value of ATTR, e.g. organisation (repeatable; a blank matches nothing).
    #[arg(long, value_name = "ATTR")]
    pub must_differ: Vec<String>,
    /// Pair only people with the same value of ATTR, e.g. site (repeatable; a blank shares nothing).
    #[arg(long, value_name = "ATTR")]
    pub must_share: Vec<String>,
    /// The senior's number in column ATTR minus the junior's must be from LO to HI, e.g. grade=1:2 (repeatable; a blank forbids the pair).
    #[arg(long, value_name = "ATTR=LO:HI")]
    pub gap: Vec<String>,
    /// Give everyone on this side one partner before anyone gets a second: the most people with a partner first, then the most pairs, then the best score.
    #[arg(long, value_enum, value_name = "SIDE")]
    pub everyone_first: Option<Side>,
    /// Scores from outside: a CSV senior_id,junior_id,score (0 to 1)[,allowed]; the score is the pair's external part (--weights external=W, default 1), allowed=false forbids the pair.
    #[arg(long, value_name = "FILE")]
    pub pair_scores: Option<String>,
    /// Among pairings of equal score, prefer the one that spreads load most evenly over people with capacity > 1.
    #[arg(long)]
    pub spread_ties: bool,
    /// The best pairing (most pairs, then score) among those where no two people who are allowed together both rather have each other (by the prefers column) than a partner they have; an exact integer program, for rosters up to 1,500 allowed pairs.
    #[arg(long)]
    pub stable: bool,
}

/// How the pairing is solved. `explain` and `sweep` take the same flags, so
/// that they look at the pairing `pair` gives with them: which optimum the
/// solver finds among pairings of equal score depends on them.
#[derive(Debug, Args)]
pub struct SolverArgs {
    /// Which solver: flow (exact and certified; with --max-same/--fair an exact branch and bound on it) or ip (good_lp integer program over all allowed pairs; small rosters, for cross-checks) [default: flow].
    #[arg(long, value_enum)]
    pub solver: Option<Method>,
    /// Best partners per person given to the solver first; where the juniors' places outnumber the seniors' by more than a quarter, seniors keep twice K and juniors their best one (pairs that could matter are added back) [default: 10].
    #[arg(long, value_name = "K", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=10_000))]
    pub candidates: Option<usize>,
    /// Stop the quota search (or the integer program) after SECONDS with the best pairing found, reported as not proven optimal with its bound and gap [default: 120].
    #[arg(long, value_name = "SECONDS")]
    pub time_limit: Option<f64>,
}

#[derive(Debug, Args)]
pub struct PairArgs {
    #[command(flatten)]
    pub scoring: ScoringArgs,
    /// Write the result to FILE instead of standard output (written whole or not at all).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<String>,
    /// Output format [default: table on a terminal, else csv; json for -o *.json].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// What to maximise [default: pairs-then-score].
    #[arg(long, value_enum)]
    pub objective: Option<Objective>,
    #[command(flatten)]
    pub solving: SolverArgs,
    /// Fail (exit 1, nothing written) unless the pairing is proven optimal.
    #[arg(long)]
    pub require_optimal: bool,
    /// Leave the solve time out of the JSON summary, so equal inputs give byte-identical files.
    #[arg(long)]
    pub no_timing: bool,
    #[command(flatten)]
    pub csv: CsvSafetyArgs,
    /// Also write a one-file HTML report for the programme sponsor (opens offline, prints to PDF).
    #[arg(long, value_name = "FILE")]
    pub report: Option<String>,
    /// Replace output files even when they are read-only.
    #[arg(long)]
    pub force: bool,
    /// Continue the pairing in FILE (this command's pairs CSV from the last run): keep every pair still allowed, pair only the places left free (drop-outs, late joiners), and mark each row kept, new or ended.
    #[arg(long = "continue", value_name = "FILE")]
    pub continue_from: Option<String>,
    /// For each person, the N best other allowed partners and exactly what choosing each would cost the whole pairing (JSON, the report, --alternatives-out).
    #[arg(long, value_name = "N", value_parser = clap::builder::RangedU64ValueParser::<usize>::new().range(1..=100))]
    pub alternatives: Option<usize>,
    /// Write the --alternatives as CSV to FILE (person, rank, partner, pair score, cost to the pairing, what changes).
    #[arg(long, value_name = "FILE", requires = "alternatives")]
    pub alternatives_out: Option<String>,
}

#[derive(Debug, Args)]
pub struct ScoresArgs {
    #[command(flatten)]
    pub scoring: ScoringArgs,
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<String>,
    /// Output format [default: csv; json for -o *.json, a workbook for -o *.xlsx].
    #[arg(long, value_enum)]
    pub format: Option<ScoresFormat>,
    #[command(flatten)]
    pub csv: CsvSafetyArgs,
    /// Replace FILE even when it is read-only.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub scoring: ScoringArgs,
    /// What pair will maximise: checked with the rules, as pair checks it, so the same flags pass or fail in both [default: pairs-then-score].
    #[arg(long, value_enum)]
    pub objective: Option<Objective>,
    /// Check what pair --continue FILE would pair: the last pairs kept and ended (with why), the places left to pair, and the rest with the kept pairs locked; FILE's errors are pair's.
    #[arg(long = "continue", value_name = "FILE")]
    pub continue_from: Option<String>,
}

#[derive(Debug, Args)]
pub struct ExplainArgs {
    // Declared before the flattened options, whose help heading would
    // otherwise take them in (they came under "Programme rules", junior
    // first); placed after the roster by their index.
    /// The senior's id.
    #[arg(index = 2)]
    pub senior: String,
    /// The junior's id.
    #[arg(index = 3)]
    pub junior: String,
    #[command(flatten)]
    pub scoring: ScoringArgs,
    /// What to maximise, as for pair (what forcing the pair costs is measured by it) [default: pairs-then-score].
    #[arg(long, value_enum)]
    pub objective: Option<Objective>,
    /// Explain the pair in the pairing pair --continue FILE gives: whether it is kept from FILE, new or ended, and what forcing it would cost (and which kept pairs it would end).
    #[arg(long = "continue", value_name = "FILE")]
    pub continue_from: Option<String>,
    #[command(flatten)]
    pub solving: SolverArgs,
}

#[derive(Debug, Args)]
pub struct SweepArgs {
    #[command(flatten)]
    pub scoring: ScoringArgs,
    /// NAME=FROM:TO:STEP or NAME=V1,V2,...; NAME is teach, learn, interests, diversity, external (the --pair-scores weight), preference (the prefers weight), min-score, max-tz-gap, unmatched-bonus, max-same.ATTR or fair.ATTR.
    #[arg(long, value_name = "NAME=RANGE")]
    pub vary: String,
    /// What to maximise at every value, as for pair [default: pairs-then-score].
    #[arg(long, value_enum)]
    pub objective: Option<Objective>,
    #[command(flatten)]
    pub solving: SolverArgs,
    /// Write to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<String>,
    /// Output format [default: table on a terminal, else csv; json for -o *.json, the table for -o *.txt].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Also write a self-contained HTML page of line charts (pairs, mean score, goals covered, cross-group shares against the value) to FILE.
    #[arg(long, value_name = "FILE")]
    pub report: Option<String>,
    /// Replace FILE even when it is read-only.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    /// Number of seniors.
    #[arg(long, default_value_t = 30)]
    pub seniors: usize,
    /// Number of juniors.
    #[arg(long, default_value_t = 60)]
    pub juniors: usize,
    /// Random seed; the same seed gives the same roster.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Put this percentage of people in one department (Engineering), as in a company dominated by one function: the shape where department quotas bind.
    #[arg(long, value_name = "PERCENT", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub dominant_department: Option<u8>,
    /// Write to FILE instead of standard output (CSV, tab-separated for *.tsv; a new file, unless --force).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<String>,
    /// Replace FILE if it already exists.
    #[arg(long)]
    pub force: bool,
    /// Also write simulated feedback for `rmatch learn` to FILE (CSV, tab-separated for *.tsv): random allowed pairs of the roster, rated from --true-weights plus noise.
    #[arg(long, value_name = "FILE", requires = "true_weights")]
    pub feedback: Option<String>,
    /// The hidden weights the feedback is rated from, e.g. teach=2,learn=1,interests=0.5,diversity=1 (parts not named are 0).
    #[arg(long, value_name = "NAME=W,...", requires = "feedback")]
    pub true_weights: Option<String>,
    /// How many pairs the feedback rates [default: 300].
    #[arg(long, value_name = "N", requires = "feedback")]
    pub feedback_pairs: Option<usize>,
    /// The feedback's noise: its standard deviation in rating points [default: 0.5].
    #[arg(long, value_name = "SD", requires = "feedback")]
    pub noise: Option<f64>,
    /// Print only errors on stderr (no warnings).
    #[arg(short, long)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct LearnArgs {
    /// The feedback CSV (or workbook): senior_id, junior_id, rating (1 to 5), optionally continued and ended_early (yes/no); - for standard input.
    #[arg(value_name = "FEEDBACK")]
    pub feedback: String,
    #[command(flatten)]
    pub scoring: ScoringArgs,
    /// Read the feedback file's column HEADER as COLUMN, e.g. rating="How useful were your sessions? (1-5)" (repeatable; COLUMN is senior_id, junior_id, rating, continued or ended_early; --column maps the roster's) [or the config's [learn.columns] table].
    #[arg(long, value_name = "COLUMN=HEADER")]
    pub feedback_column: Vec<String>,
    /// The survey's lowest and highest rating when not 1 to 5, e.g. 1-10 or 0-10: each answer is put on 1 to 5 (lowest 1, highest 5) [or rating_scale in the config's [learn] table].
    #[arg(long, value_name = "LOW-HIGH")]
    pub rating_scale: Option<String>,
    /// The survey's answers in words, lowest first, e.g. "Not useful,Quite useful,Very useful": answer k of N (or the number k) is read as k on 1 to N and put on 1 to 5 [or rating_labels in the config's [learn] table; without either, the words of a known five-point scale are read, as Very useful or Strongly agree].
    #[arg(long, value_name = "LOWEST,...,HIGHEST")]
    pub rating_labels: Option<String>,
    /// Write the learned weights as a config file (TOML) to pass to `rmatch pair --config FILE`.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<String>,
    /// How to show the summary on standard output [default: table].
    #[arg(long, value_enum)]
    pub format: Option<LearnFormat>,
    /// Replace FILE even when it is read-only.
    #[arg(long)]
    pub force: bool,
}

/// The formats of `rmatch scores` (no table: a row per pair of the whole
/// roster is for programs and spreadsheets).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ScoresFormat {
    Csv,
    Json,
    /// An Excel workbook (.xlsx).
    Xlsx,
}

/// The formats of `rmatch learn`'s summary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LearnFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the template (CSV, tab-separated for *.tsv), or - for standard output [default: roster.csv].
    #[arg(value_name = "FILE", conflicts_with = "output")]
    pub file: Option<String>,
    /// The same as FILE, as the other commands name their output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<String>,
    /// Replace FILE if it already exists.
    #[arg(long)]
    pub force: bool,
    /// Print nothing but errors on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

impl InitArgs {
    /// Where the template goes: FILE or `-o`, else `roster.csv`.
    pub fn path(&self) -> &str {
        self.output
            .as_deref()
            .or(self.file.as_deref())
            .unwrap_or("roster.csv")
    }
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write rmatch.1 and one page per command (rmatch-pair.1, ...) into this folder instead (made if missing).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<String>,
    /// Replace pages in DIR even when they are read-only.
    #[arg(long, requires = "dir")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct IntrosArgs {
    /// The pairs CSV `rmatch pair` wrote (also its .tsv and --excel forms).
    #[arg(value_name = "PAIRS")]
    pub pairs: String,
    /// The roster the pairs came from, with an email column (timezone or utc_offset, and availability, when known).
    #[arg(value_name = "ROSTER")]
    pub roster: String,
    /// The folder to write into (made if missing; it must be empty unless --force).
    #[arg(short, long, value_name = "DIR")]
    pub output: String,
    /// The first day meetings may start (YYYY-MM-DD); the first meeting is in the 7 days from it.
    #[arg(long, value_name = "DATE")]
    pub start: String,
    /// Number of weekly one-hour meetings [default: 12].
    #[arg(long, value_name = "N")]
    pub weeks: Option<u32>,
    /// The sender and organizer, "Name <address>" (the coordinator) [or from in the config's [intros]].
    #[arg(long, value_name = "MAILBOX")]
    pub from: Option<String>,
    /// Working hours for people without an availability cell, local time [default: Mon-Fri 09:00-17:00].
    #[arg(long, value_name = "HOURS")]
    pub hours: Option<String>,
    /// The e-mail's words: a text file with {placeholders}, first line "Subject: ..." [default: built in].
    #[arg(long, value_name = "FILE")]
    pub template: Option<String>,
    /// A TOML config file: its [intros] table (from, hours, weeks, template), diversity, private, aliases for reasons, and [columns].
    #[arg(long, value_name = "FILE")]
    pub config: Option<String>,
    /// The sheet to read when the roster is a workbook (.xlsx, .xls, .ods) [default: the first].
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Read the roster's column HEADER as rmatch's COLUMN, e.g. email="Work e-mail" (repeatable; as for pair).
    #[arg(long, value_name = "COLUMN=HEADER")]
    pub column: Vec<String>,
    /// Text encoding of the roster (a UTF-8 or UTF-16 byte order mark overrides it).
    #[arg(long, value_enum, value_name = "ENCODING", default_value_t = Encoding::Utf8)]
    pub encoding: Encoding,
    /// Introduce only the pairs a continued pairing marks new (pair --continue's change column); the kept pairs meet already.
    #[arg(long)]
    pub new_only: bool,
    /// Write into a folder that already holds files, replacing files of the same names.
    #[arg(long)]
    pub force: bool,
    /// Print only errors on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

/// The text encodings `--encoding` accepts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum Encoding {
    /// UTF-8, with or without a byte order mark (the default).
    #[default]
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// Windows-1252 (Western European Windows, what Excel's plain "CSV" saves).
    #[value(name = "windows-1252", alias = "cp1252")]
    Windows1252,
    /// ISO-8859-1.
    #[value(name = "latin-1", aliases = ["latin1", "iso-8859-1"])]
    Latin1,
}

impl From<Encoding> for rmatch::roster::Encoding {
    fn from(encoding: Encoding) -> Self {
        match encoding {
            Encoding::Utf8 => rmatch::roster::Encoding::Utf8,
            Encoding::Windows1252 => rmatch::roster::Encoding::Windows1252,
            Encoding::Latin1 => rmatch::roster::Encoding::Latin1,
        }
    }
}

/// The sides `--everyone-first` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Side {
    /// Every senior (mentee) gets a junior before any senior gets a second.
    Senior,
    /// Every junior (mentor) gets a senior before any junior gets a second.
    Junior,
    /// Everyone on both sides.
    Both,
}

impl From<Side> for rmatch::rules::Side {
    fn from(side: Side) -> Self {
        match side {
            Side::Senior => rmatch::rules::Side::Senior,
            Side::Junior => rmatch::rules::Side::Junior,
            Side::Both => rmatch::rules::Side::Both,
        }
    }
}

/// The output formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
    /// An Excel workbook (.xlsx).
    Xlsx,
}

impl From<Format> for rmatch::output::Format {
    fn from(format: Format) -> Self {
        match format {
            Format::Table => rmatch::output::Format::Table,
            Format::Csv => rmatch::output::Format::Csv,
            Format::Json => rmatch::output::Format::Json,
            Format::Xlsx => rmatch::output::Format::Xlsx,
        }
    }
}

/// What the pairing maximises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Objective {
    /// The largest number of pairs, then the highest total score among those.
    PairsThenScore,
    /// The highest total score, even with fewer pairs.
    Score,
    /// The most senior goals covered (weighted by priority), then the highest total score.
    Goals,
}

impl From<Objective> for rmatch::solve::Objective {
    fn from(objective: Objective) -> Self {
        match objective {
            Objective::PairsThenScore => rmatch::solve::Objective::PairsThenScore,
            Objective::Goals => rmatch::solve::Objective::Goals,
            Objective::Score => rmatch::solve::Objective::Score,
        }
    }
}

/// Which algorithm solves the assignment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Method {
    /// Shortest augmenting paths on candidate pairs with a duality certificate.
    Flow,
    /// The integer program over all allowed pairs, with good_lp + microlp.
    Ip,
}

impl From<Method> for rmatch::solve::Method {
    fn from(method: Method) -> Self {
        match method {
            Method::Flow => rmatch::solve::Method::Flow,
            Method::Ip => rmatch::solve::Method::Ip,
        }
    }
}
