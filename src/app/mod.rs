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

/// Leaves `value` to the end of the process instead of freeing it, once a
/// command has written everything: the process is about to exit, which
/// hands all of its memory back at once, while freeing a large roster's
/// lists one by one took 0.7 s at 300,000 x 700,000. Only for values that
/// hold memory alone (no file or buffer still to flush).
pub fn keep_until_exit<T>(value: T) {
    std::mem::forget(value);
}
