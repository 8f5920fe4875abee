//! The README stays true: its worked scoring example and its config example,
//! run through the binary, and every `rmatch` command in its shell code
//! blocks, run as written.

use std::path::Path;
use std::process::Command as StdCommand;

use assert_cmd::Command;

#[test]
fn readme_worked_teach_example() {
    let roster = "id,role,skills,wants\nS1,senior,ai:1,ai:4;tiktok:2\nJ1,junior,ai:5;tiktok:2,\n";
    let output = Command::cargo_bin("rmatch")
        .expect("binary")
        .args(["scores", "-"])
        .write_stdin(roster)
        .output()
        .expect("runs");
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).expect("utf-8");
    let row = text.lines().nth(1).expect("one pair");
    // teach = (4 * 1 + 2 * 0.5) / 6; score = 0.5 * teach (learn, interests, diversity are 0).
    assert_eq!(row, "S1,J1,true,0.4167,0.8333,0.0000,0.0000,0.0000,");
}

/// The lines that start with `rmatch ` in the README's ```sh blocks, in order.
fn readme_commands(readme: &str) -> Vec<String> {
    let mut commands = Vec::new();
    let mut in_sh = false;
    for line in readme.lines() {
        let trimmed = line.trim();
        if trimmed.starts_with("```") {
            in_sh = !in_sh && trimmed == "```sh";
            continue;
        }
        if in_sh && trimmed.starts_with("rmatch ") {
            commands.push(trimmed.to_string());
        }
    }
    commands
}

/// Runs each README command with bash (pipefail), in order, in a folder
/// holding a copy of the bundled example at `examples/roster.csv`, with
/// `rmatch` resolving to the binary under test. Each must exit 0.
#[test]
fn readme_commands_run_against_the_bundled_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
    let commands = readme_commands(&readme);
    for needed in [
        "rmatch init roster.csv",
        "rmatch check roster.csv",
        "rmatch pair roster.csv -o pairs.csv --report report.html",
        "rmatch check examples/roster.csv",
    ] {
        assert!(
            commands.iter().any(|c| c.starts_with(needed)),
            "the quick start shows {needed:?}: {commands:?}"
        );
    }

    let dir = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir(dir.path().join("examples")).expect("examples folder");
    std::fs::copy(
        root.join("examples/roster.csv"),
        dir.path().join("examples/roster.csv"),
    )
    .expect("copy the example");
    let binary = Path::new(env!("CARGO_BIN_EXE_rmatch"));
    let mut path = std::ffi::OsString::from(binary.parent().expect("a folder"));
    if let Some(rest) = std::env::var_os("PATH") {
        path.push(":");
        path.push(rest);
    }
    for command in &commands {
        let output = StdCommand::new("bash")
            .args(["-o", "pipefail", "-c", command])
            .current_dir(dir.path())
            .env("PATH", &path)
            .output()
            .expect("run bash");
        assert!(
            output.status.success(),
            "README command failed ({:?}): {command}\n--- stderr:\n{}",
            output.status.code(),
            String::from_utf8_lossy(&output.stderr)
        );
    }
    // What the quick start promises is there.
    for file in ["roster.csv", "pairs.csv", "report.html", "pairs.json"] {
        assert!(dir.path().join(file).is_file(), "{file} written");
    }
    let which = StdCommand::new("bash")
        .args(["-c", "command -v rmatch"])
        .env("PATH", &path)
        .output()
        .expect("run bash");
    assert_eq!(
        String::from_utf8_lossy(&which.stdout).trim(),
        binary.to_string_lossy(),
        "the README's rmatch is the binary under test"
    );
}

/// The README's config example is a valid config file with the values it shows.
#[test]
fn readme_config_example_parses() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README");
    let start = readme.find("```toml\n").expect("a toml block") + "```toml\n".len();
    let end = start + readme[start..].find("```").expect("closed");
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("rmatch.toml");
    std::fs::write(&path, &readme[start..end]).expect("write");
    let config =
        rmatch::config::Config::read(path.to_str().expect("utf-8 path")).expect("valid config");
    assert_eq!(config.candidates, 10);
    assert_eq!(config.time_limit, Some(60.0));
    assert_eq!(config.weights.teach, 0.5);
    assert_eq!(config.rules.lock, vec!["S01:J27".to_string()]);
    assert_eq!(config.rules.max_same.get("department"), Some(&0.1));
    assert_eq!(config.rules.fair.get("generation"), Some(&0.05));
    assert_eq!(config.rules.max_tz_gap, Some(6.0));
    let learn = config.learn.expect("the [learn] table");
    assert_eq!(learn.rating_scale.as_deref(), Some("1-10"));
    assert_eq!(learn.columns["senior_id"], "Mentee ID");
}

/// A config file with an unknown key is refused with the file and line.
#[test]
fn config_unknown_key_names_the_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bad.toml");
    std::fs::write(
        &path,
        "candidates = 5\n\n[rules]\nmax_sme = { department = 0.1 }\n",
    )
    .expect("write");
    let output = Command::cargo_bin("rmatch")
        .expect("binary")
        .args(["pair", "examples/roster.csv", "--config"])
        .arg(&path)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let err = String::from_utf8(output.stderr).expect("utf-8");
    assert!(
        err.contains("bad.toml, line 4, column 1: unknown field `max_sme`"),
        "{err}"
    );
    assert!(output.stdout.is_empty());
}
