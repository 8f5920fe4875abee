//! Outputs: written whole or not at all (`-o`), a closed pipe, and warnings.

use super::*;

#[test]
fn failed_run_leaves_existing_output_untouched() {
    let t = TestDir::new();
    t.write("bad.csv", "id,role\nS1,boss\n");
    t.write("r.csv", TINY);
    t.write("out.csv", "OLD");
    t.write("out.json", "OLD");
    let runs: [(&[&str], i32); 5] = [
        (&["pair", "bad.csv", "-o", "out.csv"], 3),
        (&["pair", "bad.csv", "-o", "out.json"], 3),
        (&["scores", "bad.csv", "-o", "out.csv"], 3),
        (&["pair", "missing.csv", "-o", "out.csv"], 4),
        (&["pair", "r.csv", "--weights", "x=1", "-o", "out.csv"], 2),
    ];
    for (args, code) in runs {
        t.rmatch().args(args).code(code).stdout("").run();
        assert_eq!(t.read("out.csv"), "OLD", "after {args:?}");
        assert_eq!(t.read("out.json"), "OLD", "after {args:?}");
    }
    assert_eq!(t.files(), ["bad.csv", "out.csv", "out.json", "r.csv"]);
}

#[test]
fn failed_run_creates_no_output_file() {
    let t = TestDir::new();
    t.write("bad.csv", "id,role\nS1,boss\n");
    t.rmatch()
        .args(["pair", "bad.csv", "-o", "new.csv"])
        .code(3)
        .run();
    assert!(!t.exists("new.csv"));
    assert_eq!(t.files(), ["bad.csv"]);
}

#[test]
fn output_in_missing_folder_exits_5() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    for command in ["pair", "scores"] {
        t.rmatch()
            .args([command, "r.csv", "-o", "nodir/out.csv"])
            .code(5)
            .stdout("")
            .stderr_has("error: cannot write nodir/out.csv")
            .run();
    }
    t.rmatch()
        .args(["generate", "-o", "nodir/out.csv"])
        .code(5)
        .stderr_has("error: cannot write nodir/out.csv")
        .run();
    assert!(!t.exists("nodir"));
    // A folder is not a file.
    fs::create_dir(t.join("folder")).unwrap();
    t.rmatch()
        .args(["pair", "r.csv", "-o", "folder"])
        .code(5)
        .stderr_has("error: cannot write folder")
        .run();
}

#[test]
fn successful_run_replaces_output_whole_and_leaves_no_temp_files() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    t.write("out.csv", "OLD\n".repeat(10_000));
    t.rmatch()
        .args(["pair", "r.csv", "-o", "out.csv"])
        .stdout("")
        .stderr_has("rmatch: 2 pairs")
        .run();
    assert_eq!(t.read("out.csv"), tiny_csv());
    t.write("scores.csv", "OLD");
    t.rmatch()
        .args(["scores", "r.csv", "-o", "scores.csv"])
        .stdout("")
        .run();
    assert!(t.read("scores.csv").starts_with(SCORES_HEADER));
    let files = t.files();
    assert!(
        !files
            .iter()
            .any(|f| f.starts_with(".rmatch-") || f.ends_with(".tmp")),
        "temporary files left: {files:?}"
    );
    assert_eq!(files, ["out.csv", "r.csv", "scores.csv"]);
}

#[test]
fn output_dash_means_stdout() {
    let t = TestDir::new();
    t.write("r.csv", TINY);
    t.rmatch()
        .args(["pair", "r.csv", "-o", "-"])
        .stdout(tiny_csv())
        .run();
    assert_eq!(t.files(), ["r.csv"]);
}

#[cfg(unix)]
#[test]
fn output_file_gets_the_usual_permissions() {
    use std::os::unix::fs::PermissionsExt;
    // A file written by -o should be as readable as any file the user
    // creates (mode 0666 minus the umask), like `> file` would make it.
    let t = TestDir::new();
    t.write("r.csv", TINY);
    t.write("reference.txt", "x");
    let mode = |name: &str| {
        fs::metadata(t.join(name))
            .expect("metadata")
            .permissions()
            .mode()
            & 0o777
    };
    t.rmatch().args(["pair", "r.csv", "-o", "out.csv"]).run();
    assert_eq!(
        format!("{:o}", mode("out.csv")),
        format!("{:o}", mode("reference.txt")),
        "mode of the -o file"
    );
}

// ---------------------------------------------------------------------------
// 12. broken pipe
// ---------------------------------------------------------------------------

/// Runs rmatch with stdout piped, reads a few bytes, closes the pipe and
/// waits; the run must succeed quietly.
fn assert_quiet_on_closed_pipe(dir: &Path, args: &[&str]) {
    let mut child = StdCommand::new(env!("CARGO_BIN_EXE_rmatch"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn rmatch");
    let mut stdout = child.stdout.take().expect("piped stdout");
    let mut head = [0u8; 64];
    stdout.read_exact(&mut head).expect("read the first bytes");
    drop(stdout);
    let output = child.wait_with_output().expect("wait for rmatch");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{args:?}: {stderr}");
    assert!(!stderr.contains("error"), "{args:?}: {stderr}");
}

#[test]
fn closed_stdout_pipe_exits_0() {
    let t = TestDir::new();
    t.rmatch()
        .args([
            "generate",
            "--seniors",
            "300",
            "--juniors",
            "600",
            "--seed",
            "1",
        ])
        .args(["-o", "big.csv"])
        .run();
    // Both outputs are far larger than a pipe buffer (64 KiB).
    assert_quiet_on_closed_pipe(t.path(), &["pair", "big.csv", "-q"]);
    assert_quiet_on_closed_pipe(t.path(), &["pair", "big.csv"]);
    assert_quiet_on_closed_pipe(t.path(), &["scores", "big.csv", "-q"]);
    // JSON through serde: the broken pipe must come through as one.
    assert_quiet_on_closed_pipe(t.path(), &["scores", "big.csv", "-q", "--format", "json"]);
    assert_quiet_on_closed_pipe(t.path(), &["pair", "big.csv", "-q", "--format", "json"]);
}

// ---------------------------------------------------------------------------
// 13. warnings
// ---------------------------------------------------------------------------

#[test]
fn unknown_columns_warn_once() {
    let roster = "\
id,role,skills,wants,Favourite Colour,shoe size
S1,senior,,ai,red,9
S2,senior,,ai,blue,10
J1,junior,ai:5,,green,8
";
    let t = TestDir::new();
    t.write("r.csv", roster);
    for command in ["pair", "scores", "check"] {
        let ran = t.rmatch().args([command, "r.csv"]).run();
        assert_eq!(
            ran.stderr.matches("ignoring columns").count(),
            1,
            "{command}: {}",
            ran.stderr
        );
        assert!(
            ran.stderr.contains(
                "warning: r.csv, line 1: ignoring columns rmatch does not use: favourite colour, shoe size"
            ),
            "{command}: {}",
            ran.stderr
        );
    }
}

#[test]
fn quiet_silences_warnings_and_summary() {
    let roster = "id,role,skills,wants,extra\nS1,senior,,ai,1\nJ1,junior,ai:5,,2\n";
    let t = TestDir::new();
    t.write("r.csv", roster);
    let loud = t
        .rmatch()
        .args(["pair", "r.csv"])
        .stderr_has("warning:")
        .stderr_has("rmatch: 1 pair from")
        .run();
    for flag in ["-q", "--quiet"] {
        t.rmatch()
            .args(["pair", "r.csv", flag])
            .stdout(loud.stdout.clone())
            .stderr("")
            .run();
    }
    t.rmatch().args(["scores", "r.csv", "-q"]).stderr("").run();
    t.rmatch()
        .args(["check", "r.csv", "-q"])
        .stderr("")
        .stdout_has("the roster is valid")
        .run();
    // Errors still show with -q.
    t.write("bad.csv", "id,role\nS1,boss\n");
    t.rmatch()
        .args(["pair", "bad.csv", "-q"])
        .code(3)
        .stderr_has("error: bad.csv, line 2")
        .run();
}

#[test]
fn unknown_excluded_id_and_outside_manager_warn() {
    let roster = "\
id,role,skills,wants,manager,exclude
S1,senior,,ai,X9,J7
J1,junior,ai:5,,,
";
    let t = TestDir::new();
    t.write("r.csv", roster);
    let ran = t
        .rmatch()
        .args(["pair", "r.csv"])
        .stderr_has("excluded id \"J7\" is not in the roster")
        .stderr_has("X9")
        .run();
    assert_eq!(paired(&ran.stdout), ["S1-J1"]);
}
