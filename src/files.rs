//! Opening inputs and outputs by name, `-` meaning standard input or output,
//! so that no run ever loses a file.
//!
//! - **Outputs never replace inputs.** [`check_plan`] refuses, before any
//!   work, an output that is the same file as an input (the roster, the
//!   config, a `--locks` or `--history` file: compared by device and inode
//!   after following links, so `./r.csv` and a link to it count), and two
//!   outputs that name the same file (also when it does not exist yet).
//! - **Whole or not at all.** A regular file is written to a temporary file
//!   beside it and renamed over it only when complete; with several outputs
//!   ([`write_outputs`]) every one is complete before any is renamed. The
//!   new file keeps the old one's permissions (and owner, when allowed); a
//!   read-only file is replaced only when forced. A link is kept: its
//!   target is replaced.
//! - **Special files are written, not replaced**: devices, FIFOs,
//!   `/dev/stdout` and `/dev/stderr` are opened and written directly.
//! - **No names left behind.** Temporary files are registered while they
//!   exist, so the binary's signal handler can remove them
//!   ([`remove_temp_files`]).
//! - **Standard output that is closed** (`>&-`) is an error, not a silent
//!   loss ([`standard_output_was_closed`]).

use std::fs::{self, File, Metadata, OpenOptions};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;

use crate::error::{Diagnostic, Error, Location, Result};
use crate::text::escape;

/// The name standard input and output go by in messages.
pub const STDIN: &str = "<stdin>";
pub const STDOUT: &str = "<stdout>";

/// Reads an input of at most `limit` bytes into memory, `-` being standard
/// input; returns the name to use in messages and the bytes. Every file a
/// user names is read through here, so none can run the machine out of
/// memory: a regular file known to be larger is refused before a byte is
/// read, anything else (a pipe, a device such as `/dev/zero`) once more
/// than `limit` bytes came. The refusal (exit 3) names the file, `what` it
/// is (`"the roster"`) and the limit, then says what to do (`advice`).
pub fn read_input_limited(
    path: &str,
    limit: u64,
    what: &str,
    advice: &str,
) -> Result<(String, Vec<u8>)> {
    let too_large = |source: &str| {
        Error::Data(vec![Diagnostic {
            location: Location {
                file: source.to_string(),
                line: None,
                column: None,
            },
            message: format!(
                "{what} is larger than {}, the most rmatch reads; {advice}",
                size_name(limit)
            ),
        }])
    };
    if path != "-" {
        if let Ok(meta) = fs::metadata(path) {
            if meta.is_file() && meta.len() > limit {
                return Err(too_large(path));
            }
        }
    }
    let (source, bytes) = read_input_at_most(path, limit)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(&source));
    }
    Ok((source, bytes))
}

/// A size limit as messages write it: `1 GiB`, `16 MiB`, `64 KiB`, else
/// in bytes.
pub fn size_name(bytes: u64) -> String {
    for (unit, shift) in [("GiB", 30), ("MiB", 20), ("KiB", 10)] {
        if bytes >= 1 << shift && bytes.is_multiple_of(1 << shift) {
            return format!("{} {unit}", bytes >> shift);
        }
    }
    format!("{bytes} bytes")
}

/// Reads an input, `-` being standard input, but stops after `limit + 1`
/// bytes, so an input larger than `limit` is recognised (it comes back
/// longer than `limit`) without being read whole.
fn read_input_at_most(path: &str, limit: u64) -> Result<(String, Vec<u8>)> {
    let failed = |source| Error::Input {
        path: PathBuf::from(if path == "-" { STDIN } else { path }),
        source,
    };
    let cap = limit.saturating_add(1);
    if path == "-" {
        let mut bytes = Vec::new();
        io::stdin()
            .lock()
            .take(cap)
            .read_to_end(&mut bytes)
            .map_err(failed)?;
        Ok((STDIN.to_string(), bytes))
    } else {
        let bytes = File::open(path)
            .and_then(|f| read_file_at_most(&f, cap))
            .map_err(failed)?;
        Ok((path.to_string(), bytes))
    }
}

/// Regular files from this size on are read in two halves side by side.
const READ_IN_HALVES_FROM: u64 = 1 << 20;

/// The first `cap` bytes of `file`, or all of it when shorter. A regular
/// file is read into a buffer of its size, from [`READ_IN_HALVES_FROM`]
/// bytes on in two halves on two threads (each half's pages are given and
/// filled by the thread that reads it: the 47 MB roster of 100,000 x
/// 200,000 took 0.15 s on one thread, growing its buffer as it went); a
/// file that grew meanwhile is read on to its end or `cap`, one that
/// shrank is cut where it ended. Anything else (a pipe, a device) is read
/// to its end in order.
fn read_file_at_most(file: &File, cap: u64) -> io::Result<Vec<u8>> {
    let meta = file.metadata()?;
    let size = meta.len().min(cap);
    let mut bytes = Vec::new();
    #[cfg(unix)]
    if meta.is_file() && size >= READ_IN_HALVES_FROM {
        let size = usize::try_from(size).map_err(io::Error::other)?;
        bytes = vec![0u8; size];
        let (first, second) = bytes.split_at_mut(size / 2);
        let (read_first, read_second) = rayon::join(
            || read_fully_at(file, first, 0),
            || read_fully_at(file, second, (size / 2) as u64),
        );
        let (read_first, read_second) = (read_first?, read_second?);
        if read_first < size / 2 {
            bytes.truncate(read_first);
            return Ok(bytes);
        }
        bytes.truncate(size / 2 + read_second);
        if bytes.len() == size {
            // The file may have grown since its size was read.
            let mut at = size as u64;
            let mut more = [0u8; 8192];
            while at < cap {
                let want = more
                    .len()
                    .min(usize::try_from(cap - at).unwrap_or(usize::MAX));
                let read = read_fully_at(file, &mut more[..want], at)?;
                bytes.extend_from_slice(&more[..read]);
                at += read as u64;
                if read < want {
                    break;
                }
            }
        }
        return Ok(bytes);
    }
    bytes.reserve(usize::try_from(size).unwrap_or(0));
    file.take(cap).read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Fills `buf` from `file` at `offset` on, as far as the file goes;
/// returns how many bytes were read.
#[cfg(unix)]
fn read_fully_at(file: &File, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    use std::os::unix::fs::FileExt;
    let mut done = 0;
    while done < buf.len() {
        match file.read_at(&mut buf[done..], offset + done as u64) {
            Ok(0) => break,
            Ok(read) => done += read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(done)
}

// ---------------------------------------------------------------------------
// Standard streams
// ---------------------------------------------------------------------------

static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Tells that standard output was closed when the process started (`>&-`):
/// writing to it then fails (exit 5) instead of losing the output. The
/// standard library opens `/dev/null` on a closed standard stream before
/// `main` (so that no file takes its number), which hides the fact from
/// `main`: the binary looks earlier (see `src/main.rs`) and calls this.
pub fn standard_output_was_closed() {
    STDOUT_CLOSED.store(true, Ordering::SeqCst);
}

fn stdout_closed() -> io::Error {
    io::Error::other("standard output is closed")
}

// ---------------------------------------------------------------------------
// Temporary files, registered for the signal handler
// ---------------------------------------------------------------------------

static TEMPS: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

fn register(path: &Path) {
    if let Ok(mut temps) = TEMPS.lock() {
        temps.push(path.to_path_buf());
    }
}

fn unregister(path: &Path) {
    if let Ok(mut temps) = TEMPS.lock() {
        temps.retain(|p| p != path);
    }
}

/// Removes every temporary output file this process still has (they hold
/// roster text). For the signal handler: after this the process must exit.
pub fn remove_temp_files() {
    let temps = match TEMPS.lock() {
        Ok(temps) => temps,
        Err(poisoned) => poisoned.into_inner(),
    };
    for path in temps.iter() {
        let _ = fs::remove_file(path);
    }
}

/// A temporary file beside an output, removed unless renamed into place.
struct Temp {
    path: PathBuf,
    done: bool,
}

impl Temp {
    /// `.rmatch-PID-N.tmp` in `folder`, private (0600) while it is written.
    fn create(folder: &Path) -> io::Result<(Temp, File)> {
        let pid = std::process::id();
        loop {
            let n = TEMP_COUNTER.fetch_add(1, Ordering::SeqCst);
            let path = folder.join(format!(".rmatch-{pid}-{n}.tmp"));
            // Registered before it exists, so a signal can never miss it.
            register(&path);
            let mut options = OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            {
                use std::os::unix::fs::OpenOptionsExt;
                options.mode(0o600);
            }
            match options.open(&path) {
                Ok(file) => return Ok((Temp { path, done: false }, file)),
                Err(e) => {
                    unregister(&path);
                    if e.kind() != io::ErrorKind::AlreadyExists || n > 1_000_000 {
                        return Err(e);
                    }
                }
            }
        }
    }

    fn rename_to(mut self, target: &Path) -> io::Result<()> {
        fs::rename(&self.path, target)?;
        self.done = true;
        Ok(())
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if !self.done {
            let _ = fs::remove_file(&self.path);
        }
        unregister(&self.path);
    }
}

// ---------------------------------------------------------------------------
// Where an output goes
// ---------------------------------------------------------------------------

/// Where an output named on the command line really goes.
#[derive(Debug)]
enum Target {
    /// `-`, no name, `/dev/stdout`.
    Stdout,
    /// `/dev/stderr`.
    Stderr,
    /// A device, FIFO or socket: opened and written directly.
    Direct(PathBuf),
    /// A regular file (or none yet) at `path`, links followed; `existing`
    /// is what is there now.
    File {
        path: PathBuf,
        existing: Option<Metadata>,
    },
}

/// Follows symbolic links (at most 40) to the path a write would replace.
/// A link to a file that does not exist yet gives that file's path.
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut at = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&at) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let next = fs::read_link(&at)?;
                at = if next.is_absolute() {
                    next
                } else {
                    at.parent().unwrap_or(Path::new(".")).join(next)
                };
            }
            Ok(_) => return Ok(at),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(at),
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

fn is_stdout_name(path: &str) -> bool {
    matches!(
        path,
        "-" | "/dev/stdout" | "/dev/fd/1" | "/proc/self/fd/1" | "/dev/fd/../fd/1"
    )
}

fn target(path: Option<&str>) -> io::Result<Target> {
    let path = match path {
        None => return Ok(Target::Stdout),
        Some(p) if is_stdout_name(p) => return Ok(Target::Stdout),
        Some("/dev/stderr" | "/dev/fd/2" | "/proc/self/fd/2") => return Ok(Target::Stderr),
        Some(p) => Path::new(p),
    };
    // Names that cannot be written whatever the disk holds: said with
    // what to do (InvalidInput, which adds no other advice).
    if path.as_os_str().is_empty() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "the file name is empty; name a file",
        ));
    }
    let real = follow_links(path)?;
    match fs::metadata(&real) {
        Ok(meta) if meta.is_dir() => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is a folder; name a file (in it, or elsewhere)",
        )),
        Ok(meta) if !meta.is_file() => Ok(Target::Direct(real)),
        Ok(meta) => Ok(Target::File {
            path: real,
            existing: Some(meta),
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Target::File {
            path: real,
            existing: None,
        }),
        Err(e) => Err(e),
    }
}

/// Whether a file's permissions let nobody write it (0444).
fn read_only(meta: &Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.permissions().mode() & 0o222 == 0
    }
    #[cfg(not(unix))]
    {
        meta.permissions().readonly()
    }
}

fn output_error(path: &str, source: io::Error) -> Error {
    Error::Output {
        path: PathBuf::from(path),
        source,
    }
}

fn shown_name(path: Option<&str>) -> &str {
    match path {
        None | Some("-") => STDOUT,
        Some(p) => p,
    }
}

// ---------------------------------------------------------------------------
// Checking a run's files before it starts
// ---------------------------------------------------------------------------

/// A file named on the command line, with what it is for: `"the roster"`,
/// `"-o"`, `"--report"`, ...
#[derive(Clone, Copy, Debug)]
pub struct Named<'a> {
    pub role: &'a str,
    /// `None` and `-` are standard input (for inputs) or output.
    pub path: Option<&'a str>,
}

impl<'a> Named<'a> {
    pub fn new(role: &'a str, path: Option<&'a str>) -> Named<'a> {
        Named { role, path }
    }
}

/// Where a file is: its device and inode when it exists, and its path with
/// links followed and the folder made absolute (for files not there yet).
#[derive(Debug, Default)]
struct Place {
    inode: Option<(u64, u64)>,
    /// A regular file (only these can be lost by a replacing write).
    regular: bool,
    /// A character device (a terminal, /dev/null): outputs may share it.
    device: bool,
    path: Option<PathBuf>,
}

impl Place {
    fn same(&self, other: &Place) -> bool {
        match (self.inode, other.inode) {
            (Some(a), Some(b)) => a == b,
            (None, None) => self.path.is_some() && self.path == other.path,
            _ => false,
        }
    }
}

#[cfg(unix)]
fn place_of_meta(meta: &Metadata) -> Place {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    Place {
        inode: Some((meta.dev(), meta.ino())),
        regular: meta.is_file(),
        device: meta.file_type().is_char_device(),
        path: None,
    }
}

#[cfg(not(unix))]
fn place_of_meta(meta: &Metadata) -> Place {
    Place {
        inode: None,
        regular: meta.is_file(),
        device: false,
        path: None,
    }
}

/// The place of an open standard stream (0 or 1), when it is a file or pipe.
fn place_of_fd(fd: i32) -> Place {
    #[cfg(unix)]
    {
        use std::os::fd::BorrowedFd;
        if fd == 1 && STDOUT_CLOSED.load(Ordering::SeqCst) {
            return Place::default();
        }
        // SAFETY: 0 and 1 stay open for the whole run (the standard library
        // opens /dev/null on a closed one before main).
        let borrowed = unsafe { BorrowedFd::borrow_raw(fd) };
        if let Ok(owned) = borrowed.try_clone_to_owned() {
            if let Ok(meta) = File::from(owned).metadata() {
                return place_of_meta(&meta);
            }
        }
    }
    let _ = fd;
    Place::default()
}

/// Absolute path of a file that may not exist: its folder resolved.
fn absolute(path: &Path) -> Option<PathBuf> {
    let name = path.file_name()?;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some(fs::canonicalize(folder).ok()?.join(name))
}

fn input_place(path: &str) -> Place {
    if path == "-" {
        return place_of_fd(0);
    }
    match fs::metadata(path) {
        Ok(meta) => place_of_meta(&meta),
        Err(_) => Place::default(),
    }
}

fn output_place(path: Option<&str>) -> Place {
    match target(path) {
        Ok(Target::Stdout) => place_of_fd(1),
        Ok(Target::Stderr) | Err(_) => Place::default(),
        Ok(Target::Direct(real)) => fs::metadata(&real)
            .map(|m| place_of_meta(&m))
            .unwrap_or_default(),
        Ok(Target::File { path, existing }) => {
            let mut place = existing.as_ref().map(place_of_meta).unwrap_or_default();
            place.regular = true;
            place.path = absolute(&path);
            place
        }
    }
}

fn is_stdout(path: Option<&str>) -> bool {
    path.is_none_or(is_stdout_name)
}

/// `-o pairs.csv`, or `standard output`.
fn describe_output(output: &Named) -> String {
    match output.path {
        p if is_stdout(p) => "standard output".into(),
        Some(p) => format!("{} {}", output.role, escape(p)),
        None => unreachable!("standard output"),
    }
}

/// `the roster r.csv`, or `the roster (standard input)`.
fn describe_input(input: &Named) -> String {
    match input.path {
        None | Some("-") => format!("{} (standard input)", input.role),
        Some(p) => format!("{} {}", input.role, escape(p)),
    }
}

/// What a run may do to files that exist.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Replace {
    /// `--force`: replace read-only files (and, with `must_be_new`, any).
    pub force: bool,
    /// The command never replaces a file without `--force` (`init`,
    /// `generate`).
    pub must_be_new: bool,
}

/// Refuses a run that names standard input (`-`) for two of its inputs,
/// before any is read: the first read would take all of it and the other
/// would find nothing, or the wrong file's text, and fail with a misleading
/// message. A usage error (exit 2) naming both.
pub fn check_standard_input(inputs: &[Named]) -> Result<()> {
    let mut stdin = inputs.iter().filter(|i| matches!(i.path, None | Some("-")));
    match (stdin.next(), stdin.next()) {
        (Some(first), Some(second)) if first.role == second.role => Err(Error::Usage(format!(
            "standard input (-) is named twice as {}; it can be read only once: name a file for one of them",
            first.role
        ))),
        (Some(first), Some(second)) => Err(Error::Usage(format!(
            "{} and {} cannot both be standard input (-); name a file for one of them",
            first.role, second.role
        ))),
        _ => check_one_stream(inputs),
    }
}

/// Refuses two inputs that are one pipe, FIFO or socket under different
/// names (`-` and `/dev/stdin`, or one FIFO named twice): such a stream
/// can be read only once, as standard input can.
fn check_one_stream(inputs: &[Named]) -> Result<()> {
    let places: Vec<Place> = inputs
        .iter()
        .map(|i| input_place(i.path.unwrap_or("-")))
        .collect();
    for (at, (input, place)) in inputs.iter().zip(&places).enumerate() {
        if place.regular || place.device || place.inode.is_none() {
            continue;
        }
        if let Some(earlier) = places[..at].iter().position(|p| p.same(place)) {
            let name = |n: &Named| escape(shown_input(n.path)).into_owned();
            return Err(Error::Usage(format!(
                "{} ({}) and {} ({}) are one stream, which can be read only once: name a file for one of them",
                inputs[earlier].role,
                name(&inputs[earlier]),
                input.role,
                name(input)
            )));
        }
    }
    Ok(())
}

/// An input's name in a message: standard input for `-`.
fn shown_input(path: Option<&str>) -> &str {
    match path {
        None | Some("-") => "standard input",
        Some(path) => path,
    }
}

/// Checks a run's outputs against its inputs and each other before any
/// work is done: no two inputs may be standard input (see
/// [`check_standard_input`]), no output may be an input, no two outputs one
/// file, and no existing file may be replaced that the command keeps
/// without `--force`. Mistakes are usage errors (exit 2) naming both files.
pub fn check_plan(inputs: &[Named], outputs: &[Named], replace: Replace) -> Result<()> {
    check_standard_input(inputs)?;
    let input_places: Vec<Place> = inputs
        .iter()
        .map(|i| input_place(i.path.unwrap_or("-")))
        .collect();
    let mut seen: Vec<(Named, Place)> = Vec::new();
    for output in outputs {
        let place = output_place(output.path);
        let name = escape(shown_name(output.path)).into_owned();
        if place.regular {
            for (input, at) in inputs.iter().zip(&input_places) {
                if at.regular && place.same(at) {
                    let fix = if is_stdout(output.path) {
                        "send standard output elsewhere".to_string()
                    } else {
                        format!("name another file for {}", output.role)
                    };
                    return Err(Error::Usage(format!(
                        "{} is the same file as {}: writing it would destroy {}; {fix}",
                        describe_output(output),
                        describe_input(input),
                        input.role
                    )));
                }
            }
        }
        for (other, at) in &seen {
            if is_stdout(other.path) && is_stdout(output.path) {
                return Err(Error::Usage(format!(
                    "{} and {} cannot both be standard output (-), so one would be lost; name a file for one of them",
                    other.role, output.role
                )));
            }
            if !place.device && place.same(at) {
                return Err(Error::Usage(format!(
                    "{} and {} are the same file, so one would be lost; give each output its own file",
                    describe_output(other),
                    describe_output(output),
                )));
            }
        }
        if let Ok(Target::File {
            existing: Some(meta),
            ..
        }) = target(output.path)
        {
            if replace.must_be_new && !replace.force {
                return Err(Error::Usage(format!(
                    "{name} already exists; name a new file, or add --force to replace it"
                )));
            }
            if read_only(&meta) && !replace.force {
                return Err(Error::Usage(format!(
                    "{name} is read-only; add --force to replace it anyway, or name another file"
                )));
            }
        }
        seen.push((*output, place));
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------

/// The writing half of one output.
pub type Writer<'a> = Box<dyn FnOnce(&mut dyn Write) -> io::Result<()> + 'a>;

/// One output of a run: where it goes (`None` or `-`: standard output) and
/// what writes it.
pub struct Output<'a> {
    pub path: Option<&'a str>,
    pub write: Writer<'a>,
}

impl<'a> Output<'a> {
    pub fn new(
        path: Option<&'a str>,
        write: impl FnOnce(&mut dyn Write) -> io::Result<()> + 'a,
    ) -> Output<'a> {
        Output {
            path,
            write: Box::new(write),
        }
    }
}

/// Writes standard output.
pub fn write_stdout(write: impl FnOnce(&mut dyn Write) -> io::Result<()>) -> Result<()> {
    stream(Target::Stdout, STDOUT, write)
}

/// Runs `write` against the output named by `path` (`None` or `-` is
/// standard output). A file is replaced only if `write` succeeds; a
/// read-only one only with `force`.
pub fn write_output(
    path: Option<&str>,
    force: bool,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    write_outputs(vec![Output::new(path, write)], force)
}

/// Writes several outputs all or nothing: each regular file is first
/// written whole to a temporary file beside it, and only when every one is
/// complete are they renamed into place, in order. Standard output,
/// devices and FIFOs cannot be taken back once written, so they come last
/// (when there are several outputs, from a copy made beforehand).
pub fn write_outputs(outputs: Vec<Output<'_>>, force: bool) -> Result<()> {
    let several = outputs.len() > 1;
    // Many files (`rmatch intros`) are flushed to disk together, once per
    // file system, instead of one at a time (a disk flush each).
    let batch = outputs.len() > BATCH_SYNC_FROM;
    let mut staged: Vec<(Temp, PathBuf, &str)> = Vec::new();
    let mut streams: Vec<(Target, &str, Streamed)> = Vec::new();
    for Output { path, write } in outputs {
        let name = shown_name(path);
        let target = target(path).map_err(|e| output_error(name, e))?;
        match target {
            Target::File { path, existing } => {
                if let Some(meta) = &existing {
                    if read_only(meta) && !force {
                        return Err(Error::Usage(format!(
                            "{} is read-only; add --force to replace it anyway, or name another file",
                            escape(name)
                        )));
                    }
                }
                let temp = stage(&path, existing.as_ref(), write, !batch)
                    .map_err(|e| output_error(name, e))?;
                staged.push((temp, path, name));
            }
            other if several => {
                let mut copy = Vec::new();
                write(&mut copy).map_err(|e| output_error(name, e))?;
                streams.push((other, name, Streamed::Copy(copy)));
            }
            other => streams.push((other, name, Streamed::Later(write))),
        }
    }
    if batch {
        sync_together(&staged)?;
    }
    for (temp, path, name) in staged {
        temp.rename_to(&path).map_err(|e| output_error(name, e))?;
    }
    for (target, name, what) in streams {
        match what {
            Streamed::Copy(bytes) => stream(target, name, |out| out.write_all(&bytes))?,
            Streamed::Later(write) => stream(target, name, write)?,
        }
    }
    Ok(())
}

/// From this many outputs on, [`write_outputs`] flushes them to disk
/// together.
const BATCH_SYNC_FROM: usize = 8;

/// Flushes the staged temporary files to disk: one `syncfs` per folder
/// they are in (each flushes its whole file system), else each file.
fn sync_together(staged: &[(Temp, PathBuf, &str)]) -> Result<()> {
    let mut folders: Vec<&Path> = staged
        .iter()
        .map(|(temp, _, _)| temp.path.parent().unwrap_or(Path::new(".")))
        .collect();
    folders.sort();
    folders.dedup();
    if !folders.iter().all(|folder| sync_file_system(folder)) {
        for (temp, _, name) in staged {
            File::open(&temp.path)
                .and_then(|f| f.sync_all())
                .map_err(|e| output_error(name, e))?;
        }
    }
    Ok(())
}

/// Flushes the file system holding `folder` to disk; false when it could
/// not (or, off Linux, cannot), so each file is flushed instead.
#[cfg(target_os = "linux")]
fn sync_file_system(folder: &Path) -> bool {
    use std::os::unix::io::AsRawFd;
    File::open(folder)
        // SAFETY: syncfs only reads the descriptor, which is open.
        .map(|dir| unsafe { libc::syncfs(dir.as_raw_fd()) } == 0)
        .unwrap_or(false)
}

#[cfg(not(target_os = "linux"))]
fn sync_file_system(_folder: &Path) -> bool {
    false
}

enum Streamed<'a> {
    Copy(Vec<u8>),
    Later(Writer<'a>),
}

/// Writes a temporary file beside `path` whole, with the permissions (and
/// owner) of the file it will replace.
fn stage(
    path: &Path,
    existing: Option<&Metadata>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
    sync: bool,
) -> io::Result<Temp> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let (temp, file) = Temp::create(folder)?;
    let mut out = BufWriter::new(file);
    write(&mut out)?;
    out.flush()?;
    let file = out.into_inner().map_err(|e| e.into_error())?;
    match existing {
        Some(meta) => {
            file.set_permissions(meta.permissions())?;
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt;
                // Only root may give a file away; others keep their own.
                let _ = std::os::unix::fs::fchown(&file, Some(meta.uid()), Some(meta.gid()));
            }
        }
        None => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                // rw-rw-rw- less the umask, as `> file` would make it.
                let mask = current_umask();
                file.set_permissions(fs::Permissions::from_mode(0o666 & !mask))?;
            }
        }
    }
    if sync {
        file.sync_all()?;
    }
    Ok(temp)
}

/// The process's umask (read by setting it and putting it back, once).
#[cfg(unix)]
fn current_umask() -> u32 {
    use std::sync::OnceLock;
    static UMASK: OnceLock<u32> = OnceLock::new();
    *UMASK.get_or_init(|| {
        // SAFETY: umask cannot fail; the value is restored at once.
        let mask = unsafe { libc::umask(0o022) };
        unsafe { libc::umask(mask) };
        #[allow(clippy::useless_conversion)] // mode_t is u16 on some systems
        u32::from(mask)
    })
}

/// Writes straight to standard output or error, or a special file.
fn stream(
    target: Target,
    name: &str,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    let failed = |e| output_error(name, e);
    match target {
        Target::Stdout => {
            if STDOUT_CLOSED.load(Ordering::SeqCst) {
                return Err(output_error(STDOUT, stdout_closed()));
            }
            let stdout = io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            write(&mut out)
                .and_then(|()| out.flush())
                .map_err(|e| output_error(STDOUT, e))
        }
        Target::Stderr => {
            let stderr = io::stderr();
            let mut out = BufWriter::new(stderr.lock());
            write(&mut out).and_then(|()| out.flush()).map_err(failed)
        }
        Target::Direct(path) => {
            let file = OpenOptions::new().write(true).open(&path).map_err(failed)?;
            let mut out = BufWriter::new(file);
            write(&mut out).and_then(|()| out.flush()).map_err(failed)
        }
        Target::File { .. } => unreachable!("files are staged"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_read_in_halves_is_its_bytes_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let mut draw = crate::test_rng::xorshift(0x9E37_79B9_7F4A_7C15);
        // Under, at and over the size read in halves; odd sizes, so the
        // halves differ.
        for size in [1000, READ_IN_HALVES_FROM as usize, 3 * (1 << 20) + 7] {
            let path = dir.path().join(format!("f{size}"));
            let bytes: Vec<u8> = (0..size).map(|_| draw() as u8).collect();
            fs::write(&path, &bytes).unwrap();
            let name = path.to_str().unwrap();
            assert_eq!(
                read_input_at_most(name, u64::MAX - 1).unwrap().1,
                bytes,
                "size {size}"
            );
            for limit in [
                0,
                1,
                size as u64 / 2 + 1,
                size as u64 - 1,
                size as u64,
                1 << 40,
            ] {
                let got = read_input_at_most(name, limit).unwrap().1;
                let expect = &bytes[..bytes.len().min(limit as usize + 1)];
                assert!(
                    got == expect,
                    "size {size}, limit {limit}: {} bytes",
                    got.len()
                );
            }
        }
    }

    #[test]
    fn an_input_over_its_limit_is_refused_naming_it_and_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("c.toml");
        let name = path.to_str().unwrap();
        fs::write(&path, [b'x'; 16]).unwrap();
        let (_, bytes) = read_input_limited(name, 16, "the config file", "check it").unwrap();
        assert_eq!(bytes.len(), 16, "the limit itself is read");
        fs::write(&path, [b'x'; 17]).unwrap();
        let refused = read_input_limited(name, 16, "the config file", "check it").unwrap_err();
        assert_eq!(refused.exit_code(), crate::error::exit::ROSTER);
        assert_eq!(
            refused.to_string(),
            format!(
                "{name}: the config file is larger than 16 bytes, the most rmatch reads; check it"
            )
        );
        // A device is read no further than the limit.
        #[cfg(unix)]
        {
            let refused =
                read_input_limited("/dev/zero", 4 << 20, "the template", "check it").unwrap_err();
            assert_eq!(
                refused.to_string(),
                "/dev/zero: the template is larger than 4 MiB, the most rmatch reads; check it"
            );
        }
        assert_eq!(size_name(1 << 30), "1 GiB");
        assert_eq!(size_name(16 << 20), "16 MiB");
        assert_eq!(size_name(64 << 10), "64 KiB");
        assert_eq!(size_name(1000), "1000 bytes");
    }

    #[test]
    fn two_inputs_on_standard_input_are_refused_naming_both() {
        let roster = Named::new("the roster", Some("-"));
        let config = Named::new("the config file", Some("c.toml"));
        let history = Named::new("the --history file", Some("-"));
        assert!(check_standard_input(&[roster, config]).is_ok());
        let refused = check_standard_input(&[roster, config, history]).unwrap_err();
        assert_eq!(refused.exit_code(), crate::error::exit::USAGE);
        assert_eq!(
            refused.to_string(),
            "the roster and the --history file cannot both be standard input (-); name a file for one of them"
        );
        assert_eq!(
            check_standard_input(&[config, history, history]).unwrap_err().to_string(),
            "standard input (-) is named twice as the --history file; it can be read only once: name a file for one of them"
        );
    }

    #[test]
    fn links_are_followed_to_the_file_a_write_replaces() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.csv");
        fs::write(&real, "x").unwrap();
        #[cfg(unix)]
        {
            let link = dir.path().join("link.csv");
            std::os::unix::fs::symlink("real.csv", &link).unwrap();
            assert_eq!(follow_links(&link).unwrap(), real);
            let dangling = dir.path().join("dangling.csv");
            std::os::unix::fs::symlink("new.csv", &dangling).unwrap();
            assert_eq!(follow_links(&dangling).unwrap(), dir.path().join("new.csv"));
        }
        assert_eq!(follow_links(&real).unwrap(), real);
    }

    #[test]
    fn a_failed_write_leaves_no_temporary_file_and_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out.csv");
        fs::write(&out, "OLD").unwrap();
        let name = out.to_string_lossy().into_owned();
        let result = write_output(Some(&name), false, |w| {
            w.write_all(b"half")?;
            Err(io::Error::other("disk full"))
        });
        assert!(matches!(result, Err(Error::Output { .. })));
        assert_eq!(fs::read_to_string(&out).unwrap(), "OLD");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left");
        assert!(TEMPS.lock().unwrap().is_empty());
    }
}
