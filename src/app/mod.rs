//! The command-line app, private to the binary: the flags clap parses
//! ([`flags`]), the one step that turns them into the engine's
//! configuration ([`settings`]), one file per subcommand ([`cmd`]), and what
//! only a terminal program needs: width and colour ([`terminal`]), the
//! progress bar and timings ([`progress`]), the template roster `rmatch
//! init` writes ([`template`]), the completions and man pages
//! ([`manual`]), and the signal handlers that clean up after an
//! interrupted run ([`signals`]).

pub mod cmd;
pub mod flags;
pub mod manual;
pub mod progress;
pub mod settings;
pub mod signals;
pub mod template;
pub mod terminal;
