//! `rmatch completions SHELL` and `rmatch man`: shell completion scripts and
//! manual pages, generated from the same command-line definition as `--help`.

use std::path::Path;

use clap::CommandFactory;

use super::flags::Cli;
use rmatch::error::Result;
use rmatch::files::{write_output, write_stdout};

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
/// command (`rmatch-pair.1`, ...) into that folder.
pub fn man(dir: Option<&str>) -> Result<()> {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    let Some(dir) = dir else {
        return write_stdout(|out| clap_mangen::Man::new(command).render(out));
    };
    let folder = Path::new(dir);
    let mut pages = vec![command.clone()];
    pages.extend(command.get_subcommands().cloned());
    for page in pages {
        let man = clap_mangen::Man::new(page);
        let path = folder.join(man.get_filename());
        write_output(Some(&path.to_string_lossy()), false, |out| man.render(out))?;
    }
    Ok(())
}
