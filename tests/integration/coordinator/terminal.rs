//! The terminal: table width, colour, timings, completions, man pages and help.

use super::*;

#[test]
fn table_fits_the_width_and_wraps_explanations() {
    let t = TestDir::new();
    t.write("team.csv", TEAM);
    let doc = t
        .rmatch()
        .args(["pair", "team.csv", "-q", "--format", "json"])
        .run()
        .json();
    let why = doc["pairs"][0]["why"].as_str().unwrap().to_string();
    assert!(why.len() > 100, "a long explanation to wrap: {why}");
    for width in [60usize, 90] {
        let ran = t
            .rmatch()
            .args(["pair", "team.csv", "--format", "table", "-q"])
            .env("COLUMNS", width.to_string())
            .run();
        let longest = ran.stdout.lines().map(|l| l.chars().count()).max().unwrap();
        assert!(
            longest <= width,
            "a line of {longest} > {width}:\n{}",
            ran.stdout
        );
        assert!(
            longest >= width - 5,
            "the table uses the width:\n{}",
            ran.stdout
        );
        // Off a terminal: no colour codes.
        assert!(!ran.stdout.contains('\u{1b}'));
        // The explanation is all there, wrapped over several lines.
        let cells: Vec<&str> = ran
            .stdout
            .lines()
            .filter_map(|l| l.rsplit('\u{2506}').next())
            .map(|c| c.trim_end_matches('\u{2502}').trim())
            .collect();
        let first = &why[..20];
        let start = cells
            .iter()
            .position(|c| c.starts_with(first))
            .expect("the explanation");
        let mut text = String::new();
        for cell in &cells[start..] {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(cell);
            if text.len() >= why.len() {
                break;
            }
        }
        assert_eq!(text, why, "wrapped at {width}:\n{}", ran.stdout);
    }
    // A table written to a file keeps the default width, whatever COLUMNS says.
    t.rmatch()
        .args(["pair", "team.csv", "-q", "-o", "pairs.txt"])
        .env("COLUMNS", "60")
        .run();
    let longest = t
        .read("pairs.txt")
        .lines()
        .map(|l| l.chars().count())
        .max()
        .unwrap();
    assert_eq!(longest, 100);
}

#[test]
fn verbose_adds_stage_timings_on_stderr_only() {
    let t = TestDir::new();
    t.write("team.csv", TEAM);
    let plain = t.rmatch().args(["pair", "team.csv", "-q"]).run();
    let ran = t
        .rmatch()
        .args(["pair", "team.csv", "-v", "--report", "r.html"])
        .stdout(plain.stdout.clone())
        .run();
    let stages: Vec<&str> = ran
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("timing: "))
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert_eq!(stages, ["read", "score+solve", "explain", "write", "total"]);
    // The solver's own stages: the scoring pass, then each round's flow
    // and certificate with what they looked at, numbered from 1; then, on
    // a roster this small, the rounds of the solve by goals covered that
    // the summary compares with, said to be that.
    let solve: Vec<&str> = ran
        .stderr
        .lines()
        .filter(|l| l.starts_with("solve: "))
        .collect();
    assert!(
        solve
            .first()
            .is_some_and(|l| l.starts_with("solve: candidates ")),
        "{solve:?}"
    );
    let comparison = "solve: --objective goals, for comparison: round ";
    let (own, compared): (Vec<&str>, Vec<&str>) = solve[1..]
        .iter()
        .partition(|l| l.starts_with("solve: round "));
    for (n, line) in own.iter().enumerate() {
        assert!(
            line.starts_with(&format!("solve: round {}: flow ", n + 1))
                && line.contains("candidate pairs")
                && line.contains("pairs checked"),
            "{solve:?}"
        );
    }
    assert!(!own.is_empty(), "{solve:?}");
    assert!(!compared.is_empty(), "{solve:?}");
    assert!(
        compared.iter().all(|l| l.starts_with(comparison)),
        "{solve:?}"
    );
    assert!(
        ran.stderr.contains("rmatch: 2 pairs"),
        "the summary still shows"
    );
    assert!(!t.read("r.html").contains("timing"));
    t.rmatch()
        .args(["check", "team.csv", "--verbose"])
        .stderr_has("timing: score+solve")
        .run();
    t.rmatch()
        .args(["pair", "team.csv", "-q", "-v"])
        .code(2)
        .stderr_has("cannot be used with")
        .run();
    // -q leaves only errors: no warning (the ignored gender column), no summary.
    t.rmatch()
        .args([
            "pair", "team.csv", "-q", "--report", "r.html", "-o", "p.csv",
        ])
        .stderr("")
        .run();
}

#[test]
fn completions_for_bash_zsh_and_fish() {
    let t = TestDir::new();
    for (shell, marker) in [
        ("bash", "_rmatch()"),
        ("zsh", "#compdef rmatch"),
        ("fish", "complete -c rmatch"),
    ] {
        let script = t
            .rmatch()
            .args(["completions", shell])
            .stderr("")
            .stdout_has(marker)
            .run()
            .stdout;
        for word in ["pair", "check", "init", "report", "completions"] {
            assert!(script.contains(word), "{shell} completes {word}");
        }
    }
    t.rmatch()
        .args(["completions", "tcsh"])
        .code(2)
        .stderr_has("invalid value 'tcsh'")
        .run();
}

#[test]
fn man_page_on_stdout_or_one_per_command_in_a_folder() {
    let t = TestDir::new();
    let page = t.rmatch().arg("man").run().stdout;
    assert!(page.contains(".TH rmatch 1"));
    assert!(page.contains("rmatch\\-pair(1)"), "lists the commands");
    fs::create_dir(t.join("man")).unwrap();
    t.rmatch().args(["man", "--dir", "man"]).stdout("").run();
    let mut expected: Vec<String> = subcommands(&t)
        .iter()
        .map(|name| format!("rmatch-{name}.1"))
        .collect();
    expected.push("rmatch.1".into());
    expected.sort();
    let mut written: Vec<String> = fs::read_dir(t.join("man"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, expected);
    assert!(fs::read_to_string(t.join("man/rmatch-pair.1"))
        .unwrap()
        .contains("\\-\\-report"));
}

#[cfg(unix)]
#[test]
fn man_dir_makes_its_folder_and_replaces_a_read_only_page_only_with_force() {
    use std::os::unix::fs::PermissionsExt;
    let t = TestDir::new();
    // The example in `man --help`: the folders are made.
    t.rmatch()
        .args(["man", "--dir", "man/man1"])
        .stdout("")
        .stderr("")
        .run();
    let page = t.read("man/man1/rmatch-man.1");
    assert!(page.contains("\\-\\-force"), "man documents --force");
    // A read-only page: refused, naming --force, which man has.
    let pair = t.join("man/man1/rmatch-pair.1");
    fs::write(&pair, "OLD").unwrap();
    fs::set_permissions(&pair, fs::Permissions::from_mode(0o444)).unwrap();
    t.rmatch()
        .args(["man", "--dir", "man/man1"])
        .code(2)
        .stdout("")
        .stderr("error: man/man1/rmatch-pair.1 is read-only; add --force to replace it anyway, or name another file\n")
        .run();
    assert_eq!(t.read("man/man1/rmatch-pair.1"), "OLD");
    t.rmatch()
        .args(["man", "--dir", "man/man1", "--force"])
        .stderr("")
        .run();
    assert!(t
        .read("man/man1/rmatch-pair.1")
        .contains(".TH rmatch-pair 1"));
    // A file where the folder should be.
    t.write("pages", "x");
    t.rmatch()
        .args(["man", "--dir", "pages"])
        .code(2)
        .stderr("error: --dir pages: is a file, not a folder; name a folder for the manual pages\n")
        .run();
    assert_eq!(t.read("pages"), "x");
    // --force without --dir has nothing to replace.
    t.rmatch()
        .args(["man", "--force"])
        .code(2)
        .stdout("")
        .stderr_has("--dir <DIR>")
        .run();
}

#[test]
fn every_command_help_has_an_example() {
    let t = TestDir::new();
    let names: Vec<String> = subcommands(&t);
    assert!(names.len() >= 7, "{names:?}");
    for name in names {
        t.rmatch()
            .args([name.as_str(), "--help"])
            .stdout_has(format!("Example:\n  rmatch {name}"))
            .run();
    }
}

#[test]
fn report_draws_the_fair_attribute_against_the_pool() {
    let t = TestDir::new();
    t.write("team.csv", TEAM);
    // Juniors: Engineering (J1), Sales (J2), IT (J3); J1 and J2 are paired.
    t.rmatch()
        .args([
            "pair", "team.csv", "-q", "-o", "p.csv", "--report", "r.html",
        ])
        .args(["--fair", "department=1"])
        .run();
    let html = t.read("r.html");
    let doc = parse_html(&html);
    assert_eq!(
        bars(&doc, "fair-1"),
        6,
        "two bars for each of 3 departments"
    );
    let text: String = by_id(&doc, "chart-fair-1")
        .descendants()
        .filter_map(|n| n.text())
        .collect();
    for part in [
        "juniors in the 2 pairs",
        "all 3 juniors taking part",
        "50.0%",
        "33.3%",
    ] {
        assert!(text.contains(part), "{part} in {text}");
    }
    // Without --fair there is no such chart.
    t.rmatch()
        .args([
            "pair", "team.csv", "-q", "-o", "p.csv", "--report", "r.html",
        ])
        .run();
    assert!(!t.read("r.html").contains("chart-fair"));
}

#[test]
fn check_applies_the_programme_rules() {
    let t = TestDir::new();
    t.write("team.csv", TEAM);
    // S2 can only learn excel from J2: forbidding that pair leaves S2 alone.
    t.rmatch()
        .args(["check", "team.csv", "-q", "--forbid", "S2:J2"])
        .stdout_has("seniors nobody can be paired with: 2\n")
        .stdout_has("  S2 Sue: no allowed partner")
        .stdout_has("seniors who can be paired at best: 1 of 3 taking part (exact")
        .run();
    // Quotas are left out of the reach, which then is only an upper bound.
    t.rmatch()
        .args(["check", "team.csv", "-q", "--fair", "department=1"])
        .stdout_has("seniors who can be paired at best: at most 2 of 3 taking part (an upper bound")
        .run();
}
