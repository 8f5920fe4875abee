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

/// A roster large enough for its juniors to be grouped by what they teach
/// (see `Roster::people`) still shows everyone by id: pairs by senior id
/// then junior id, the unmatched seniors then juniors by id, and the same
/// bytes whatever the order of the rows or the number of threads.
#[test]
fn a_large_rosters_rows_come_out_by_id_whatever_the_order_of_its_rows() {
    let roster = rmatch_synth::roster_string(&rmatch_synth::SynthSpec {
        seniors: 300,
        juniors: 33_000,
        seed: 5,
        dominant_department: None,
    });
    let csv = |threads: &str, roster: &str| {
        let output = Command::cargo_bin("rmatch")
            .expect("binary")
            .args(["pair", "-", "-q", "--no-timing"])
            .env("RAYON_NUM_THREADS", threads)
            .write_stdin(roster)
            .output()
            .expect("runs");
        assert!(output.status.success());
        String::from_utf8(output.stdout).expect("UTF-8")
    };
    let out = csv("2", &roster);
    let mut lines = roster.lines();
    let header = lines.next().expect("a header");
    let mut rows: Vec<&str> = lines.collect();
    rows.reverse();
    let reversed = format!("{header}\n{}\n", rows.join("\n"));
    assert!(out == csv("2", &reversed), "the order of the rows shows");
    assert!(out == csv("1", &roster), "1 thread differs from 2");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    let of = |status: &str| -> Vec<(String, String)> {
        records
            .iter()
            .filter(|r| &r[0] == status)
            .map(|r| (r[1].to_string(), r[3].to_string()))
            .collect()
    };
    let paired = of("paired");
    assert!(paired.len() >= 250, "{} pairs", paired.len());
    let mut sorted = paired.clone();
    sorted.sort();
    assert!(paired == sorted, "pairs by senior id, then junior id");
    let unmatched = of("unmatched");
    let juniors: Vec<&String> = unmatched
        .iter()
        .filter(|(senior, _)| senior.is_empty())
        .map(|(_, junior)| junior)
        .collect();
    assert!(
        juniors.len() > 30_000,
        "{} juniors unmatched",
        juniors.len()
    );
    assert!(
        juniors.windows(2).all(|w| w[0] < w[1]),
        "unmatched juniors by id"
    );
    let seniors_first = unmatched
        .iter()
        .position(|(senior, _)| senior.is_empty())
        .unwrap_or(unmatched.len());
    assert!(unmatched[seniors_first..].iter().all(|(s, _)| s.is_empty()));
}
