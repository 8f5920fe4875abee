//! What the terminal can take: how wide a table may be and whether to use
//! colour. Nothing here changes what goes into a file.

use std::ffi::OsStr;
use std::io::IsTerminal;

/// The narrowest width a table is laid out for.
pub const MIN_WIDTH: u16 = 40;

/// Whether to colour output: only on a terminal, never when `NO_COLOR` is set
/// to anything non-empty (<https://no-color.org>), nor for `TERM=dumb`.
pub fn use_color(is_terminal: bool, no_color: Option<&OsStr>, term: Option<&OsStr>) -> bool {
    let no_color = matches!(no_color, Some(v) if !v.is_empty());
    let dumb = matches!(term, Some(t) if t == "dumb");
    is_terminal && !no_color && !dumb
}

/// Whether what rmatch prints on standard output should be coloured.
pub fn stdout_color() -> bool {
    use_color(
        std::io::stdout().is_terminal(),
        std::env::var_os("NO_COLOR").as_deref(),
        std::env::var_os("TERM").as_deref(),
    )
}

/// The width of a table printed on standard output: `COLUMNS` when set to a
/// number, else the terminal's width, else `None` (the table's default).
pub fn stdout_width() -> Option<u16> {
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<u16>().ok())
        .filter(|&c| c > 0);
    columns
        .or_else(|| {
            let stdout = std::io::stdout();
            if stdout.is_terminal() {
                terminal_size::terminal_size_of(&stdout).map(|(w, _)| w.0)
            } else {
                None
            }
        })
        .map(|w| w.max(MIN_WIDTH))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(use_color(true, None, Some(OsStr::new("xterm-256color"))));
        assert!(use_color(true, None, None));
        assert!(!use_color(false, None, None), "not a terminal");
        assert!(!use_color(true, Some(OsStr::new("1")), None), "NO_COLOR=1");
        assert!(
            use_color(true, Some(OsStr::new("")), None),
            "an empty NO_COLOR does not count"
        );
        assert!(
            !use_color(true, None, Some(OsStr::new("dumb"))),
            "TERM=dumb"
        );
    }
}
