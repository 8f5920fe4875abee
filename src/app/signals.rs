//! Signals: a run stopped by Ctrl-C (SIGINT), `kill` (SIGTERM) or a closed
//! terminal (SIGHUP) removes its temporary output files, which hold roster
//! text, and exits 128 + the signal's number (130, 143, 129). A write past
//! the file size limit (`ulimit -f`) fails with an error (exit 5) instead of
//! killing the process with SIGXFSZ.

/// Installs the handlers; call once at start-up.
pub fn install() {
    #[cfg(unix)]
    {
        use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
        // SAFETY: ignoring SIGXFSZ makes such a write return EFBIG instead.
        unsafe {
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
        }
        if let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) {
            std::thread::spawn(move || {
                if let Some(signal) = signals.forever().next() {
                    rmatch::files::remove_temp_files();
                    std::process::exit(128 + signal);
                }
            });
        }
    }
}
