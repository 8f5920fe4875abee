//! Opening inputs and outputs by name, `-` meaning standard input or output.
//!
//! Outputs go to a temporary file beside the target and are renamed over it
//! only once complete, so a failed run never leaves a half-written or
//! clobbered file.

use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The name standard input and output go by in messages.
pub const STDIN: &str = "<stdin>";
pub const STDOUT: &str = "<stdout>";

/// Reads a whole input into memory; `-` is standard input. Returns the name
/// to use in messages and the bytes.
pub fn read_input(path: &str) -> Result<(String, Vec<u8>)> {
    let mut bytes = Vec::new();
    let failed = |source| Error::Input {
        path: PathBuf::from(if path == "-" { STDIN } else { path }),
        source,
    };
    if path == "-" {
        io::stdin().lock().read_to_end(&mut bytes).map_err(failed)?;
        Ok((STDIN.to_string(), bytes))
    } else {
        std::fs::File::open(path)
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(failed)?;
        Ok((path.to_string(), bytes))
    }
}

/// Like [`read_input`], but stops after `limit + 1` bytes, so an input
/// larger than `limit` is recognised (it comes back longer than `limit`)
/// without being read whole.
pub fn read_input_at_most(path: &str, limit: u64) -> Result<(String, Vec<u8>)> {
    let mut bytes = Vec::new();
    let failed = |source| Error::Input {
        path: PathBuf::from(if path == "-" { STDIN } else { path }),
        source,
    };
    let cap = limit.saturating_add(1);
    if path == "-" {
        io::stdin()
            .lock()
            .take(cap)
            .read_to_end(&mut bytes)
            .map_err(failed)?;
        Ok((STDIN.to_string(), bytes))
    } else {
        std::fs::File::open(path)
            .and_then(|f| f.take(cap).read_to_end(&mut bytes))
            .map_err(failed)?;
        Ok((path.to_string(), bytes))
    }
}

/// Runs `write` against the output named by `path` (`None` or `-` is
/// standard output). A file is replaced only if `write` succeeds.
pub fn write_output(
    path: Option<&str>,
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<()> {
    match path {
        None | Some("-") => {
            let stdout = io::stdout();
            let mut out = BufWriter::new(stdout.lock());
            write(&mut out)
                .and_then(|()| out.flush())
                .map_err(|source| Error::Output {
                    path: PathBuf::from(STDOUT),
                    source,
                })
        }
        Some(path) => {
            let target = Path::new(path);
            let failed = |source| Error::Output {
                path: target.to_path_buf(),
                source,
            };
            let folder = match target.parent() {
                Some(p) if !p.as_os_str().is_empty() => p,
                _ => Path::new("."),
            };
            if target.is_dir() {
                return Err(failed(io::Error::other("it is a folder; name a file")));
            }
            let mut builder = tempfile::Builder::new();
            builder.prefix(".rmatch-").suffix(".tmp");
            // Keep an existing file's permissions; a new one gets rw-r--r--.
            let permissions = match std::fs::metadata(target) {
                Ok(meta) => Some(meta.permissions()),
                Err(_) => new_file_permissions(),
            };
            if let Some(permissions) = permissions {
                builder.permissions(permissions);
            }
            let temp = builder.tempfile_in(folder).map_err(failed)?;
            let mut out = BufWriter::new(temp);
            write(&mut out).and_then(|()| out.flush()).map_err(failed)?;
            let temp = out.into_inner().map_err(|e| failed(e.into_error()))?;
            temp.as_file().sync_all().map_err(failed)?;
            temp.persist(target).map_err(|e| failed(e.error))?;
            Ok(())
        }
    }
}

/// Permissions for a new output file (temporary files start private).
#[cfg(unix)]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn new_file_permissions() -> Option<std::fs::Permissions> {
    None
}
