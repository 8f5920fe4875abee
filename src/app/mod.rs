//! The command-line app, private to the binary: the flags clap parses
//! ([`flags`]), the one step that turns them into the engine's
//! configuration ([`settings`]), one file per subcommand ([`cmd`]), and what
//! only a terminal program needs: width and colour ([`terminal`]), the
//! progress bar and timings ([`progress`]), the template roster `rmatch
//! init` writes ([`template`]), the completions and man pages
//! ([`manual`]), the signal handlers that clean up after an interrupted
//! run ([`signals`]), and how the C library's allocator is asked to keep
//! freed memory ([`keep_freed_memory`]).

pub mod cmd;
pub mod flags;
pub mod manual;
pub mod progress;
pub mod settings;
pub mod signals;
pub mod template;
pub mod terminal;

/// Asks the C library's allocator (glibc's, on Linux) to keep the memory
/// a run frees for the run's later buffers, instead of handing it back to
/// the system and taking fresh pages, which the kernel must zero, for the
/// next buffer. A run builds and drops large buffers again and again (each
/// certificate round's flow, each sweep step's), and glibc by default hands
/// back any buffer over 128 KiB to 32 MiB (its threshold rises as such
/// buffers are freed) and trims its heap above 128 KiB free. With buffers
/// up to 32 MiB kept in the heap and no trimming, the system time of a
/// `pair` at 100,000 x 200,000 fell from 0.63 s to 0.45 s (the run 0.99 of
/// the time) and the learn sweep at 10,000 x 20,000 took 0.97 of the time;
/// peak memory rose by 7-17 MiB (BENCHMARKS, Scale XXXVI). Called first
/// thing, before any thread starts.
pub fn keep_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `mallopt` only sets two of the allocator's parameters; no
    // other thread is allocating yet. A value it refuses leaves the
    // default in place, which is also correct.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, libc::c_int::MAX);
    }
}

/// Leaves `value` to the end of the process instead of freeing it, once a
/// command has written everything: the process is about to exit, which
/// hands all of its memory back at once, while freeing a large roster's
/// lists one by one took 0.7 s at 300,000 x 700,000. Only for values that
/// hold memory alone (no file or buffer still to flush).
pub fn keep_until_exit<T>(value: T) {
    std::mem::forget(value);
}
