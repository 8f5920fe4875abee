//! No run loses a file: outputs never replace inputs or each other, special
//! files are written rather than replaced, links and permissions are kept,
//! several outputs are written all or nothing, and a run stopped by a
//! signal or a resource limit leaves no temporary file behind.

use std::path::Path;
use std::process::{Command as StdCommand, Stdio};
use std::time::{Duration, Instant};

use super::*;

/// Two seniors and two juniors who pair.
const ROSTER: &str = "\
id,name,role,skills,wants
S1,Ann,senior,,ai:4
S2,Bob,senior,,cloud:4
J1,Cy,junior,ai:5,
J2,Dee,junior,cloud:5,
";

fn bin() -> &'static str {
    env!("CARGO_BIN_EXE_rmatch")
}

/// The temporary files rmatch writes beside an output.
fn temp_files(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .expect("list the folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".rmatch-") && n.ends_with(".tmp"))
        .collect()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).expect("metadata").permissions().mode() & 0o777
}

#[cfg(unix)]
fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode)).expect("chmod");
}

#[test]
fn an_output_that_is_an_input_is_refused_and_the_input_kept() {
    let t = TestDir::new();
    t.write("r.csv", ROSTER);
    t.write("rmatch.toml", "[weights]\nteach = 0.5\n");
    t.rmatch().args(["pair", "r.csv", "-o", "cycle1.csv"]).run();
    let cycle1 = t.read("cycle1.csv");
    #[cfg(unix)]
    std::os::unix::fs::symlink("r.csv", t.join("link.csv")).expect("symlink");
    let runs: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["pair", "r.csv", "-o", "r.csv"],
            "error: -o r.csv is the same file as the roster r.csv: writing it would destroy the roster; name another file for -o\n",
        ),
        (
            vec!["pair", "r.csv", "-o", "p.csv", "--report", "./r.csv"],
            "error: --report ./r.csv is the same file as the roster r.csv",
        ),
        (
            vec!["scores", "r.csv", "-o", "r.csv"],
            "error: -o r.csv is the same file as the roster r.csv",
        ),
        (
            vec!["sweep", "r.csv", "--vary", "teach=0.5", "-o", "r.csv"],
            "error: -o r.csv is the same file as the roster r.csv",
        ),
        (
            vec!["pair", "r.csv", "--config", "rmatch.toml", "-o", "rmatch.toml"],
            "error: -o rmatch.toml is the same file as the config file rmatch.toml",
        ),
        (
            vec!["pair", "r.csv", "--locks", "cycle1.csv", "-o", "cycle1.csv"],
            "error: -o cycle1.csv is the same file as the --locks file cycle1.csv",
        ),
        (
            vec!["pair", "r.csv", "--history", "cycle1.csv", "--report", "cycle1.csv"],
            "error: --report cycle1.csv is the same file as the --history file cycle1.csv",
        ),
        #[cfg(unix)]
        (
            vec!["pair", "link.csv", "-o", "r.csv"],
            "error: -o r.csv is the same file as the roster link.csv",
        ),
        #[cfg(unix)]
        (
            vec!["scores", "r.csv", "-o", "link.csv"],
            "error: -o link.csv is the same file as the roster r.csv",
        ),
    ];
    for (args, message) in runs {
        t.rmatch()
            .args(&args)
            .code(2)
            .stdout("")
            .stderr_has(message)
            .run();
        assert_eq!(t.read("r.csv"), ROSTER, "after {args:?}");
        assert_eq!(t.read("cycle1.csv"), cycle1, "after {args:?}");
        assert_eq!(t.read("rmatch.toml"), "[weights]\nteach = 0.5\n");
    }
    // The roster on standard input, redirected from the file.
    let output = StdCommand::new(bin())
        .args(["pair", "-", "-o", "r.csv"])
        .current_dir(t.path())
        .stdin(fs::File::open(t.join("r.csv")).expect("open"))
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr)
        .contains("-o r.csv is the same file as the roster (standard input)"));
    // Standard output appending to the roster (`>> r.csv`).
    let output = StdCommand::new(bin())
        .args(["check", "r.csv"])
        .current_dir(t.path())
        .stdout(
            fs::OpenOptions::new()
                .append(true)
                .open(t.join("r.csv"))
                .expect("open"),
        )
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr)
        .contains("standard output is the same file as the roster r.csv"));
    assert_eq!(t.read("r.csv"), ROSTER);
    assert!(temp_files(t.path()).is_empty());
}

#[test]
fn standard_input_named_for_two_inputs_is_refused_before_either_is_read() {
    let t = TestDir::new();
    t.write("r.csv", ROSTER);
    t.write("c.toml", "[weights]\nteach = 0.5\n");
    t.write("h.toml", "[rules]\nhistory = [\"-\"]\n");
    let refused = |first: &str, second: &str| {
        format!(
            "error: {first} and {second} cannot both be standard input (-); name a file for one of them\n"
        )
    };
    for command in [
        vec!["pair", "-"],
        vec!["scores", "-"],
        vec!["explain", "-", "S1", "J1"],
        vec!["check", "-"],
    ] {
        for (flag, role) in [
            ("--config", "the config file"),
            ("--aliases", "the --aliases file"),
            ("--locks", "the --locks file"),
            ("--history", "the --history file"),
            ("--pair-scores", "the --pair-scores file"),
        ] {
            t.rmatch()
                .args(&command)
                .args([flag, "-"])
                .stdin(ROSTER)
                .code(2)
                .stdout("")
                .stderr(refused("the roster", role))
                .run();
        }
        // A history file the config names, read after it.
        t.rmatch()
            .args(&command)
            .args(["--config", "h.toml"])
            .stdin(ROSTER)
            .code(2)
            .stderr(refused("the roster", "the --history file"))
            .run();
    }
    t.rmatch()
        .args(["pair", "-", "--continue", "-"])
        .stdin(ROSTER)
        .code(2)
        .stderr(refused("the roster", "the --continue file"))
        .run();
    // Two side files, the roster a file.
    t.rmatch()
        .args(["pair", "r.csv", "--config", "-", "--continue", "-"])
        .stdin("[weights]\nteach = 0.5\n")
        .code(2)
        .stderr(refused("the config file", "the --continue file"))
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--history", "-", "--history", "-"])
        .stdin(ROSTER)
        .code(2)
        .stderr("error: standard input (-) is named twice as the --history file; it can be read only once: name a file for one of them\n")
        .run();
    // Standard input under another name is the same one stream.
    #[cfg(target_os = "linux")]
    for (roster, history, first, second) in [
        ("-", "/dev/stdin", "standard input", "/dev/stdin"),
        ("/dev/stdin", "/dev/fd/0", "/dev/stdin", "/dev/fd/0"),
    ] {
        t.rmatch()
            .args(["pair", roster, "--history", history])
            .stdin(ROSTER)
            .code(2)
            .stdout("")
            .stderr(format!("error: the roster ({first}) and the --history file ({second}) are one stream, which can be read only once: name a file for one of them\n"))
            .run();
    }
    // One input on standard input is fine.
    t.rmatch()
        .args(["pair", "-", "--config", "c.toml", "-q"])
        .stdin(ROSTER)
        .stdout_has("paired,S1,Ann,J1,Cy,")
        .run();
}

#[test]
fn two_outputs_naming_one_file_are_refused() {
    let t = TestDir::new();
    t.write("r.csv", ROSTER);
    t.write("p.csv", "OLD");
    t.rmatch()
        .args(["pair", "r.csv", "-o", "p.csv", "--report", "p.csv"])
        .code(2)
        .stderr("error: -o p.csv and --report p.csv are the same file, so one would be lost; give each output its own file\n")
        .run();
    assert_eq!(t.read("p.csv"), "OLD");
    // Also when the file does not exist yet.
    t.rmatch()
        .args(["pair", "r.csv", "-o", "new.csv", "--report", "./new.csv"])
        .code(2)
        .stderr_has("error: -o new.csv and --report ./new.csv are the same file")
        .run();
    // Two outputs on standard output are said as such.
    t.rmatch()
        .args(["generate", "--seniors", "3", "--juniors", "6", "-o", "-"])
        .args(["--feedback", "-", "--true-weights", "teach=1"])
        .code(2)
        .stdout("")
        .stderr("error: -o and --feedback cannot both be standard output (-), so one would be lost; name a file for one of them\n")
        .run();
    assert!(!t.exists("new.csv"));
    // Different files are fine.
    t.rmatch()
        .args(["pair", "r.csv", "-o", "p.csv", "--report", "p.html"])
        .run();
    assert!(t.read("p.csv").starts_with(PAIR_HEADER));
}

#[test]
fn generate_and_init_replace_a_file_only_with_force() {
    let t = TestDir::new();
    t.write("r.csv", ROSTER);
    for args in [
        &["generate", "-o", "r.csv"][..],
        &[
            "generate",
            "--seniors",
            "2",
            "--juniors",
            "2",
            "-o",
            "r.csv",
        ],
        &["init", "r.csv"],
    ] {
        t.rmatch()
            .args(args)
            .code(2)
            .stderr("error: r.csv already exists; name a new file, or add --force to replace it\n")
            .run();
        assert_eq!(t.read("r.csv"), ROSTER, "after {args:?}");
    }
    t.rmatch()
        .args([
            "generate",
            "--seniors",
            "2",
            "--juniors",
            "2",
            "-o",
            "r.csv",
            "--force",
        ])
        .run();
    assert!(t.read("r.csv").starts_with("id,name,role,"));
}

#[cfg(unix)]
#[test]
fn special_files_are_written_in_place_not_replaced() {
    use std::os::unix::fs::FileTypeExt;
    let t = TestDir::new();
    t.write("r.csv", ROSTER);
    // A FIFO: its reader gets the pairs, and it stays a FIFO.
    let fifo = t.join("pairs.fifo");
    let made = StdCommand::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read_to_string(fifo).expect("read the FIFO"))
        };
        t.rmatch().args(["pair", "r.csv", "-o", "pairs.fifo"]).run();
        let got = reader.join().expect("reader");
        assert!(got.starts_with(PAIR_HEADER), "{got}");
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    } else {
        eprintln!("skipped the FIFO case: mkfifo is not available here");
    }
    // A character device (as root): written, not replaced by a file.
    let made = StdCommand::new("mknod")
        .arg(t.join("null"))
        .args(["c", "1", "3"])
        .stderr(Stdio::null())
        .status();
    if made.is_ok_and(|s| s.success()) {
        t.rmatch().args(["pair", "r.csv", "-o", "null"]).run();
        let kind = fs::symlink_metadata(t.join("null")).unwrap().file_type();
        assert!(kind.is_char_device(), "the device was replaced");
    } else {
        eprintln!("skipped the device case: mknod needs root");
    }
    // /dev/stdout is standard output, written directly.
    t.rmatch()
        .args(["pair", "r.csv", "-o", "/dev/stdout", "--format", "csv"])
        .stdout_has(PAIR_HEADER)
        .run();
    assert!(temp_files(t.path()).is_empty());
}

#[cfg(unix)]
#[test]
fn a_link_is_kept_and_its_target_replaced_with_its_mode() {
    let t = TestDir::new();
    t.write("r.csv", ROSTER);
    fs::create_dir(t.join("real")).unwrap();
    t.write("real/pairs.csv", "OLD");
    set_mode(&t.join("real/pairs.csv"), 0o640);
    std::os::unix::fs::symlink("real/pairs.csv", t.join("pairs.csv")).unwrap();
    t.rmatch().args(["pair", "r.csv", "-o", "pairs.csv"]).run();
    assert!(fs::symlink_metadata(t.join("pairs.csv"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(t.read("real/pairs.csv").starts_with(PAIR_HEADER));
    assert_eq!(mode(&t.join("real/pairs.csv")), 0o640, "the mode is kept");
    assert!(temp_files(t.path()).is_empty() && temp_files(&t.join("real")).is_empty());
    // A link to a file not there yet creates the file, keeping the link.
    std::os::unix::fs::symlink("real/new.csv", t.join("new.csv")).unwrap();
    t.rmatch().args(["scores", "r.csv", "-o", "new.csv"]).run();
    assert!(t.read("real/new.csv").starts_with(SCORES_HEADER));
}

#[cfg(unix)]
#[test]
fn a_read_only_file_is_replaced_only_with_force() {
    let t = TestDir::new();
    t.write("r.csv", ROSTER);
    for (args, out, refusal) in [
        (
            &["pair", "r.csv"][..],
            "pairs.csv",
            "is read-only; add --force to replace it anyway, or name another file",
        ),
        (&["scores", "r.csv"], "scores.csv", "is read-only"),
        (
            &["sweep", "r.csv", "--vary", "teach=0.5"],
            "sweep.csv",
            "is read-only",
        ),
        (
            &["generate", "--seniors", "2", "--juniors", "2"],
            "gen.csv",
            "already exists",
        ),
    ] {
        t.write(out, "OLD");
        set_mode(&t.join(out), 0o444);
        t.rmatch()
            .args(args)
            .args(["-o", out])
            .code(2)
            .stderr_has(format!("error: {out} {refusal}"))
            .run();
        assert_eq!(t.read(out), "OLD", "{args:?}");
        t.rmatch().args(args).args(["-o", out, "--force"]).run();
        assert_ne!(t.read(out), "OLD", "{args:?} --force");
        assert_eq!(mode(&t.join(out)), 0o444, "{args:?} keeps the mode");
    }
    // The report, too.
    t.write("report.html", "OLD");
    set_mode(&t.join("report.html"), 0o444);
    t.rmatch()
        .args(["pair", "r.csv", "-o", "p.csv", "--report", "report.html"])
        .code(2)
        .stderr_has("error: report.html is read-only")
        .run();
    assert!(!t.exists("p.csv"));
}

#[test]
fn outputs_are_written_all_or_nothing() {
    let t = TestDir::new();
    t.write("r.csv", ROSTER);
    t.write("report.html", "OLD REPORT");
    t.write("pairs.csv", "OLD PAIRS");
    // -o cannot be written: the report is not replaced either.
    t.rmatch()
        .args([
            "pair",
            "r.csv",
            "-o",
            "nodir/pairs.csv",
            "--report",
            "report.html",
        ])
        .code(5)
        .stderr_has(
            "error: cannot write nodir/pairs.csv: no such file or folder; check the folder exists",
        )
        .run();
    assert_eq!(t.read("report.html"), "OLD REPORT");
    // The report cannot be written: the pairs are not replaced either.
    t.rmatch()
        .args([
            "pair",
            "r.csv",
            "-o",
            "pairs.csv",
            "--report",
            "nodir/report.html",
        ])
        .code(5)
        .run();
    assert_eq!(t.read("pairs.csv"), "OLD PAIRS");
    assert!(temp_files(t.path()).is_empty());
    // Both fine: both replaced.
    t.rmatch()
        .args([
            "pair",
            "r.csv",
            "-o",
            "pairs.csv",
            "--report",
            "report.html",
        ])
        .run();
    assert!(t.read("pairs.csv").starts_with(PAIR_HEADER));
    assert!(t.read("report.html").contains("<!DOCTYPE html>"));
}

/// Starts `rmatch generate` of the largest roster into `out.csv`, sends
/// `signal` as soon as its temporary file appears, and returns the exit
/// code (`None` when the run finished before the file was seen).
#[cfg(unix)]
fn interrupt_generate(t: &TestDir, signal: &str) -> Option<i32> {
    let mut child = StdCommand::new(bin())
        .args([
            "generate",
            "--seniors",
            "500000",
            "--juniors",
            "500000",
            "-o",
            "out.csv",
        ])
        .current_dir(t.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn rmatch");
    let started = Instant::now();
    loop {
        if child.try_wait().expect("poll").is_some() {
            return None;
        }
        if !temp_files(t.path()).is_empty() {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no temporary file"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    StdCommand::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill");
    child.wait().expect("wait").code()
}

#[cfg(unix)]
#[test]
fn a_signal_removes_the_temporary_files() {
    for (signal, code) in [("-TERM", 143), ("-INT", 130)] {
        let t = TestDir::new();
        match interrupt_generate(&t, signal) {
            Some(got) => {
                assert_eq!(got, code, "exit code after {signal}");
                assert!(temp_files(t.path()).is_empty(), "after {signal}");
                assert!(!t.exists("out.csv"), "after {signal}");
            }
            None => eprintln!("skipped {signal}: the run finished before it could be stopped"),
        }
    }
}

#[cfg(unix)]
#[test]
fn a_write_past_the_file_size_limit_exits_5_and_cleans_up() {
    let t = TestDir::new();
    t.rmatch()
        .args([
            "generate",
            "--seniors",
            "100",
            "--juniors",
            "100",
            "-o",
            "r.csv",
        ])
        .run();
    t.write("out.csv", "OLD");
    // ulimit -f counts blocks of 512 bytes (dash) or 1024 (bash): 4 blocks
    // are far less than the output.
    let (code, stderr) = t.sh("ulimit -f 4 && exec \"$RMATCH\" pair r.csv -o out.csv -q");
    assert_eq!(code, Some(5), "{stderr}");
    assert!(
        stderr.contains("error: cannot write out.csv: the file would be larger than the file size limit (ulimit -f)"),
        "{stderr}"
    );
    assert_eq!(t.read("out.csv"), "OLD");
    assert!(temp_files(t.path()).is_empty());
}

#[cfg(unix)]
#[test]
fn a_closed_standard_output_exits_5() {
    let t = TestDir::new();
    t.write("r.csv", ROSTER);
    for command in ["pair r.csv", "check r.csv", "generate"] {
        let (code, stderr) = t.sh(&format!("exec \"$RMATCH\" {command} >&-"));
        assert_eq!(code, Some(5), "{command}: {stderr}");
        assert!(
            stderr.contains("error: cannot write <stdout>: standard output is closed"),
            "{stderr}"
        );
        // Sent to /dev/null, the output is thrown away on purpose.
        let (code, _) = t.sh(&format!("exec \"$RMATCH\" {command} >/dev/null 2>&1"));
        assert_eq!(code, Some(0), "{command} >/dev/null");
    }
}

/// Completion scripts, help and version that cannot be written are an
/// error (exit 5) like any output, not a panic (clap_complete's own writer
/// panics) nor a silent success (clap's help printer ignores the failure).
#[cfg(target_os = "linux")]
#[test]
fn completions_help_and_version_that_cannot_be_written_exit_5() {
    let t = TestDir::new();
    let full = "error: cannot write <stdout>: no space left on the disk; free some space, or write to another disk\n";
    for command in [
        "completions bash",
        "completions zsh",
        "completions fish",
        "completions elvish",
        "completions powershell",
        "man",
        "--help",
        "pair --help",
        "help pair",
        "--version",
    ] {
        let (code, stderr) = t.sh(&format!("exec \"$RMATCH\" {command} >/dev/full"));
        assert_eq!((code, stderr.as_str()), (Some(5), full), "{command}");
    }
    // Past the file size limit: 4 blocks are far less than the script.
    let (code, stderr) = t.sh("ulimit -f 4 && exec \"$RMATCH\" completions bash >out.bash");
    assert_eq!(
        (code, stderr.as_str()),
        (Some(5), "error: cannot write <stdout>: the file would be larger than the file size limit (ulimit -f); raise the limit, or write somewhere without one\n"),
    );
    // A reader that goes away early is still a success.
    let (code, stderr) = t.sh("\"$RMATCH\" completions bash | head -c 1 >/dev/null");
    assert_eq!((code, stderr.as_str()), (Some(0), ""));
}

/// `/dev/null` opened read-write, as Python's `subprocess.DEVNULL` does, is
/// an open standard output: only a closed one is an error.
#[cfg(unix)]
#[test]
fn a_read_write_dev_null_is_not_a_closed_standard_output() {
    let t = TestDir::new();
    t.write("r.csv", ROSTER);
    let (code, stderr) = t.sh("exec \"$RMATCH\" check r.csv -q 1<>/dev/null");
    assert_eq!(code, Some(0), "{stderr}");
}

/// A pairs file read from standard input (`--continue -`, `--history -`,
/// `--locks -`) is named `<stdin>` wherever the outputs and messages name
/// it, as the roster and `--pair-scores -` are: a kept pair's reason, the
/// summaries, `explain`, and the warnings and errors about its rows.
#[test]
fn a_pairs_file_from_standard_input_is_named_stdin() {
    let t = TestDir::new();
    t.write("r.csv", ROSTER);
    let last = "status,senior_id,junior_id\npaired,S1,J1\npaired,S2,J9\n";
    t.rmatch()
        .args(["pair", "r.csv", "--continue", "-", "-q"])
        .stdin(last)
        .stdout_has(",Kept from the last pairing (<stdin> line 2). ")
        .stdout_has(",Ended (<stdin> line 3): J9 left the roster.,ended\n")
        .run();
    let json = t
        .rmatch()
        .args(["pair", "r.csv", "--continue", "-", "--format", "json", "-q"])
        .stdin(last)
        .run()
        .json();
    assert_eq!(json["summary"]["continued"]["file"], "<stdin>");
    t.rmatch()
        .args(["check", "r.csv", "--continue", "-", "-q"])
        .stdin(last)
        .stdout_has("continued from <stdin>: 1 pair kept, 1 ended;")
        .stdout_has("S2-J9 ended (<stdin> line 3): J9 left the roster")
        .run();
    t.rmatch()
        .args(["explain", "r.csv", "S1", "J1", "--continue", "-", "-q"])
        .stdin(last)
        .stdout_has("kept: the last pairing paired them (<stdin> line 2), and the pair goes on")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--history", "-"])
        .stdin(last)
        .stderr_has("warning: <stdin>: 1 id is not in the roster (J9);")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--locks", "-"])
        .stdin(last)
        .code(3)
        .stderr_has("error: <stdin>, line 3: locked pair S2:J9:")
        .run();
}
