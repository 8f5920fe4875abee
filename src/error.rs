//! Errors that reach the user, each mapped to a documented exit code.
//!
//! Messages are lowercase, name the thing at fault (file, line, column) and say
//! what to do, so a coordinator can fix a roster without reading source code.

use std::fmt;
use std::io;
use std::path::PathBuf;

use crate::text::escape;

/// Exit codes, documented in the README. Scripts rely on these staying put.
pub mod exit {
    /// Success.
    pub const OK: u8 = 0;
    /// An internal failure (a solver that could not finish, a bug).
    pub const FAILURE: u8 = 1;
    /// The command line was wrong (unknown flag, bad value).
    pub const USAGE: u8 = 2;
    /// The roster was read but its contents are invalid.
    pub const ROSTER: u8 = 3;
    /// An input file could not be read at all (missing, permission denied).
    pub const INPUT: u8 = 4;
    /// The output could not be written.
    pub const OUTPUT: u8 = 5;
    /// The programme rules cannot all hold on this roster.
    pub const INFEASIBLE: u8 = 6;
    /// Too little feedback to learn weights from (`rmatch learn`).
    pub const NOT_ENOUGH_DATA: u8 = 7;
}

/// Where in an input file a problem sits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The file as the user named it (`<stdin>` for `-`).
    pub file: String,
    /// 1-based line number, when the problem belongs to a line.
    pub line: Option<u64>,
    /// 1-based column number and the column's header name.
    pub column: Option<(usize, String)>,
}

impl fmt::Display for Location {
    /// File and column names are escaped (see [`crate::text::escape`]):
    /// they come from the command line and the roster.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", escape(&self.file))?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some((number, name)) = &self.column {
            if name.is_empty() {
                write!(f, ", column {number}")?;
            } else {
                write!(f, ", column {number} ({})", escape(name))?;
            }
        }
        Ok(())
    }
}

/// One error or warning about an input, with its place and a fix.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub location: Location,
    pub message: String,
}

impl fmt::Display for Diagnostic {
    /// One line, safe for a terminal: the message is escaped like the place.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, escape(&self.message))
    }
}

/// Everything that can stop a command, by what the user has to do about it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A flag or option value that makes no sense.
    #[error("{0}")]
    Usage(String),
    /// The roster (or another input file) was read but holds invalid data.
    #[error("{}", render_diagnostics(.0))]
    Data(Vec<Diagnostic>),
    /// An input could not be opened or read.
    #[error("cannot read {}: {}", shown_path(.path), input_advice(.source))]
    Input { path: PathBuf, source: io::Error },
    /// The output could not be written.
    #[error("cannot write {}: {}", shown_path(.path), output_advice(.source))]
    Output { path: PathBuf, source: io::Error },
    /// The solver did not produce a pairing.
    #[error("the solver failed: {0}")]
    Solver(String),
    /// The programme rules cannot all hold; says which conflict and how.
    #[error("{0}")]
    Infeasible(String),
    /// The data are too few (or too uninformative) to learn from; says how
    /// much more is needed.
    #[error("{0}")]
    NotEnoughData(String),
}

impl Error {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> u8 {
        match self {
            Error::Usage(_) => exit::USAGE,
            Error::Data(_) => exit::ROSTER,
            Error::Input { .. } => exit::INPUT,
            Error::Output { .. } => exit::OUTPUT,
            Error::Solver(_) => exit::FAILURE,
            Error::Infeasible(_) => exit::INFEASIBLE,
            Error::NotEnoughData(_) => exit::NOT_ENOUGH_DATA,
        }
    }

    /// The message as printed after `error: `, safe for a terminal: roster
    /// text, file names and command-line arguments quoted in it are escaped
    /// (see [`crate::text::escape`]). Data errors are one line each.
    pub fn shown(&self) -> String {
        match self {
            Error::Data(_) => self.to_string(),
            other => escape(&other.to_string()).into_owned(),
        }
    }

    /// Whether this error is an output write that failed because the reader
    /// went away (`rmatch pair r.csv | head`), which is not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Output { source, .. } if source.kind() == io::ErrorKind::BrokenPipe)
    }
}

/// How many data errors are reported before the rest are only counted.
pub const MAX_REPORTED_ERRORS: usize = 50;

fn render_diagnostics(diagnostics: &[Diagnostic]) -> String {
    let mut text = String::new();
    for (i, d) in diagnostics.iter().enumerate() {
        if i > 0 {
            text.push_str("\nerror: ");
        }
        text.push_str(&d.to_string());
    }
    text
}

/// A file name as messages show it: escaped.
fn shown_path(path: &std::path::Path) -> String {
    match path.to_string_lossy() {
        // An empty name is shown as one.
        name if name.is_empty() => "\"\"".to_string(),
        name => escape(&name).into_owned(),
    }
}

/// Why an input could not be read and what to do about it.
fn input_advice(error: &io::Error) -> String {
    match error.kind() {
        io::ErrorKind::IsADirectory => "it is a folder; name a file in it".into(),
        _ => format!(
            "{}; check the path and that the file is readable",
            lower_io(error)
        ),
    }
}

/// Why an output failed and what to do about it.
fn output_advice(error: &io::Error) -> String {
    let what = lower_io(error);
    let advice = match error.kind() {
        io::ErrorKind::FileTooLarge => {
            return "the file would be larger than the file size limit (ulimit -f); raise the limit, or write somewhere without one".into()
        }
        // rmatch's own (a folder, an empty name): the message says what
        // to do already.
        io::ErrorKind::InvalidInput if error.raw_os_error().is_none() => return what,
        io::ErrorKind::StorageFull => "free some space, or write to another disk",
        io::ErrorKind::NotFound => "check the folder exists",
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem => {
            "check the folder is writable"
        }
        _ if what == "standard output is closed" => {
            "run rmatch with standard output open, or name a file with -o"
        }
        _ => "check the folder exists and is writable",
    };
    format!("{what}; {advice}")
}

fn lower_io(error: &io::Error) -> String {
    let text = match error.kind() {
        io::ErrorKind::NotFound => "no such file or folder".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::StorageFull => "no space left on the disk".to_string(),
        _ => error.to_string(),
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => text,
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
