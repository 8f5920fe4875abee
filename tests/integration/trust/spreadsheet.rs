//! Output meant for spreadsheets.

use super::*;

/// Names and ids a spreadsheet would run as formulas.
pub(super) const FORMULAS: &str = "\
id,name,role,skills,wants
=1+2,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\",senior,,ai:4
-5,+49 170 1234567,senior,,cloud:3
J1,@Jay,junior,ai:5,
J2,-Mia,junior,cloud:4,
";

#[test]
fn csv_cells_that_would_run_as_formulas_are_neutralised() {
    let t = TestDir::new();
    t.write("r.csv", FORMULAS);
    let ran = t.rmatch().args(["pair", "r.csv"]).run();
    let expected_rows = [
        // Ids and names get a leading quote; the plain number -5 does not;
        // the reason starts with the junior's name, so it is quoted too.
        "paired,-5,'+49 170 1234567,J2,'-Mia,",
        "'-Mia teaches +49 170 1234567 cloud (level 4 vs 0).",
        "paired,'=1+2,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\",J1,'@Jay,",
        "'@Jay teaches =HYPERLINK(",
    ];
    for part in expected_rows {
        assert!(ran.stdout.contains(part), "lacks {part}:\n{}", ran.stdout);
    }
    // Every data cell of the CSV that starts with a formula character is
    // quoted or a plain number; the numbers (scores) are untouched.
    let mut reader = csv::Reader::from_reader(ran.stdout.as_bytes());
    for record in reader.records() {
        let record = record.expect("a CSV row");
        for cell in record.iter() {
            if let Some(first) = cell.chars().next() {
                assert!(
                    !"=+@\t\r".contains(first) && (first != '-' || cell == "-5"),
                    "cell {cell:?} would run as a formula"
                );
            }
        }
        assert!(record[5].parse::<f64>().is_ok(), "score {:?}", &record[5]);
    }
    // scores: ids in the CSV are quoted the same way.
    t.rmatch()
        .args(["scores", "r.csv"])
        .stdout_has(format!("{SCORES_HEADER}\n"))
        .stdout_has("\n'=1+2,J1,true,")
        .stdout_has("\n-5,J2,true,")
        .run();
}

#[test]
fn raw_flag_and_other_formats_keep_the_exact_text() {
    let t = TestDir::new();
    t.write("r.csv", FORMULAS);
    t.rmatch()
        .args(["pair", "r.csv", "--raw"])
        .stdout_has(format!("{PAIR_HEADER}\n"))
        .stdout_has(
            "paired,=1+2,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"Click\"\")\",J1,@Jay,",
        )
        .stdout_has("paired,-5,+49 170 1234567,J2,-Mia,")
        .stdout_lacks("'")
        .run();
    t.rmatch()
        .args(["scores", "r.csv", "--raw"])
        .stdout_has("\n=1+2,J1,true,")
        .run();
    // JSON is for programs: the exact text.
    let ran = t.rmatch().args(["pair", "r.csv", "--format", "json"]).run();
    let doc = ran.json();
    let names: Vec<&str> = doc["pairs"]
        .as_array()
        .expect("pairs")
        .iter()
        .map(|p| p["senior_name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        names,
        [
            "+49 170 1234567",
            "=HYPERLINK(\"http://evil.example\",\"Click\")"
        ]
    );
    // -o file.csv is neutralised like standard output.
    t.rmatch().args(["pair", "r.csv", "-o", "out.csv"]).run();
    assert!(t.read("out.csv").contains(",'@Jay,"));
}

#[test]
fn ids_with_and_without_a_leading_quote_round_trip_exactly() {
    // `=S1` and `'=S1` are two people. Neutralised, they are written
    // `'=S1` and `''=S1`, and read back as themselves.
    let t = TestDir::new();
    t.write(
        "r.csv",
        "id,name,role,skills,wants\n=S1,Ann,senior,,ai:4\n'=S1,Bob,senior,,cloud:4\nJ1,Cy,junior,ai:5,\nJ2,Dee,junior,cloud:5,\n",
    );
    t.rmatch().args(["pair", "r.csv", "-o", "cycle1.csv"]).run();
    let cycle1 = t.read("cycle1.csv");
    assert!(cycle1.contains("paired,'=S1,Ann,J1,"), "{cycle1}");
    assert!(cycle1.contains("paired,''=S1,Bob,J2,"), "{cycle1}");
    // Locking only Bob's row keeps Bob with J2, not Ann.
    let bob: String = cycle1
        .lines()
        .filter(|l| l.starts_with("status,") || l.contains("Bob"))
        .map(|l| format!("{l}\n"))
        .collect();
    t.write("bob.csv", bob);
    let ran = t
        .rmatch()
        .args(["pair", "r.csv", "--locks", "bob.csv", "--format", "json"])
        .run();
    let pairs = ran.json()["pairs"].clone();
    let locked: Vec<(&str, &str)> = pairs
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["why"].as_str().unwrap().starts_with("Locked"))
        .map(|p| {
            (
                p["senior_id"].as_str().unwrap(),
                p["junior_id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(locked, [("'=S1", "J2")]);
    // As history, each pair is the one made, and no other.
    t.rmatch()
        .args(["pair", "r.csv", "--history", "bob.csv"])
        .stdout_lacks("''=S1,Bob,J2")
        .stdout_has("paired,'=S1,Ann,J1,")
        .run();
}
