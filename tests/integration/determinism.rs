//! The same roster gives the same bytes whatever the number of threads.

use assert_cmd::Command;

fn pair(threads: &str, roster: &str) -> Vec<u8> {
    let output = Command::cargo_bin("rmatch")
        .expect("binary")
        .args(["pair", "-", "-q", "--format", "json", "--no-timing"])
        .env("RAYON_NUM_THREADS", threads)
        .write_stdin(roster)
        .output()
        .expect("runs");
    assert!(output.status.success());
    output.stdout
}

#[test]
fn thread_count_never_changes_the_output() {
    let roster = rmatch_synth::roster_string(&rmatch_synth::SynthSpec {
        seniors: 400,
        juniors: 800,
        seed: 3,
        dominant_department: None,
    });
    let one = pair("1", &roster);
    assert!(!one.is_empty());
    for threads in ["2", "3", "8"] {
        assert!(
            one == pair(threads, &roster),
            "{threads} threads differ from 1"
        );
    }
}
