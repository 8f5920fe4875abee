//! The README's worked scoring example, run through the binary.

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
    assert_eq!(output.status.code(), Some(3));
    let err = String::from_utf8(output.stderr).expect("utf-8");
    assert!(
        err.contains("bad.toml, line 4: unknown field `max_sme`"),
        "{err}"
    );
    assert!(output.stdout.is_empty());
}
