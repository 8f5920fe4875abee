//! `rmatch completions SHELL` and `rmatch man`: shell completion scripts and
//! manual pages, generated from the same command-line definition as `--help`.

use std::path::Path;

use clap::CommandFactory;

use super::flags::Cli;
use rmatch::error::{Error, Result};
use rmatch::files::{write_outputs, write_stdout, Output};
use rmatch::text::escape;

/// Prints the completion script for `shell` on standard output. The
/// script is made in memory first: clap_complete panics when its writer
/// fails (`> /dev/full`), where rmatch says it cannot write (exit 5).
pub fn completions(shell: clap_complete::Shell) -> Result<()> {
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "rmatch", &mut script);
    write_stdout(|out| out.write_all(&script))
}

/// Prints the rmatch(1) page, or with `dir` writes it and one page per
/// command (`rmatch-pair.1`, ...) into that folder, made if missing (as
/// `man/man1` in a fresh checkout), all pages or none. A read-only page is
/// replaced only with `force`.
pub fn man(dir: Option<&str>, force: bool) -> Result<()> {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let Some(dir) = dir else {
        return write_stdout(|out| clap_mangen::Man::new(command).render(out));
    };
    let folder = Path::new(dir);
    if folder.exists() && !folder.is_dir() {
        return Err(Error::Usage(format!(
            "--dir {}: is a file, not a folder; name a folder for the manual pages",
            escape(dir)
        )));
    }
    let mut pages = vec![command.clone()];
    pages.extend(command.get_subcommands().cloned());
    let pages: Vec<(String, clap_mangen::Man)> = pages
        .into_iter()
        .map(|page| {
            let man = clap_mangen::Man::new(page);
            let path = folder.join(man.get_filename());
            (path.to_string_lossy().into_owned(), man)
        })
        .collect();
    std::fs::create_dir_all(folder).map_err(|source| Error::Output {
        path: folder.into(),
        source,
    })?;
    let outputs = pages
        .iter()
        .map(|(path, man)| Output::new(Some(path.as_str()), |out| man.render(out)))
        .collect();
    write_outputs(outputs, force)
}
