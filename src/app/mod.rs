//! The command-line app, private to the binary: the flags clap parses
//! ([`flags`]), the one step that turns them into the engine's
//! configuration ([`settings`]), one file per subcommand ([`cmd`]), and what
//! only a terminal program needs: width and colour ([`terminal`]), the
//! progress bar and timings ([`progress`]), the template roster `rmatch
//! init` writes ([`template`]), and the completions and man pages
//! ([`manual`]).

pub mod cmd;
pub mod flags;
pub mod manual;
pub mod progress;
pub mod settings;
pub mod template;
pub mod terminal;
