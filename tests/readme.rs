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
