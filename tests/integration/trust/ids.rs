//! Ids compared as people read them: a look-alike id (another Unicode form
//! of an accent, a zero-width space, another case) can neither slip past a
//! hard rule nor pose as a second person.

use super::*;

/// `José` written as one character (NFC) and as `e` + a combining accent.
const NFC: &str = "Jos\u{e9}";
const NFD: &str = "Jose\u{301}";

/// Only S1 can learn from J1 (and from nobody else).
fn roster(senior_row_tail: &str, junior_id: &str, junior_tail: &str) -> String {
    format!(
        "id,name,role,skills,wants,exclude,manager\n\
         S1,Ann,senior,,ai:4,{senior_row_tail}\n\
         {junior_id},Jo,junior,ai:5,,{junior_tail}\n"
    )
}

#[test]
fn hard_rules_hold_through_look_alike_ids() {
    let t = TestDir::new();
    // exclude names the junior in NFC; the roster's id is NFD.
    for (name, text) in [
        ("nfd.csv", roster(&format!("{NFC},"), NFD, ",")),
        ("nfc.csv", roster(&format!("{NFD},"), NFC, ",")),
        ("zwsp.csv", roster("J\u{200b}1,", "J1", ",")),
        ("bom.csv", roster("\u{feff}J1 ,", "J1", ",")),
    ] {
        t.write(name, text);
        t.rmatch()
            .args(["pair", name])
            .stdout_lacks("paired,")
            .stderr_has("rmatch: 0 pairs")
            .stderr_lacks("is not in the roster")
            .run();
    }
    // Another case: the rule holds, with a warning naming both spellings.
    t.write("case.csv", roster("j1,", "J1", ","));
    t.rmatch()
        .args(["pair", "case.csv"])
        .stdout_lacks("paired,")
        .stderr_has("warning: case.csv, line 2, column 6 (exclude): excluded id \"j1\" matches the id \"J1\" only ignoring case; it is taken as J1: write it as the id column does")
        .run();
    // A manager written with a zero-width space and in lowercase: the
    // junior reports to S1, so they are never paired.
    t.write("manager.csv", roster(",", "J1", ",s\u{200b}1"));
    t.rmatch()
        .args(["pair", "manager.csv"])
        .stdout_lacks("paired,")
        .stderr_has("manager \"s\\u{200b}1\" matches the id \"S1\" only ignoring case")
        .run();
    // Without the look-alikes the pair is made (so the runs above can fail).
    t.write("plain.csv", roster(",", "J1", ","));
    t.rmatch()
        .args(["pair", "plain.csv"])
        .stdout_has("paired,S1,Ann,J1,Jo,")
        .run();
}

#[test]
fn programme_rules_find_look_alike_ids_and_output_keeps_the_roster_spelling() {
    let t = TestDir::new();
    let text = format!(
        "id,name,role,skills,wants\nS1,Ann,senior,,ai:4\n{NFD},Jo,junior,ai:5,\nJ2,Bo,junior,ai:1,\n"
    );
    t.write("r.csv", &text);
    // The pair S1-José is the best one; each rule names José another way.
    let ran = t.rmatch().args(["pair", "r.csv"]).run();
    assert!(
        ran.stdout.contains(&format!("paired,S1,Ann,{NFD},Jo,")),
        "{}",
        ran.stdout
    );
    t.rmatch()
        .args(["pair", "r.csv", "--forbid", &format!("S1:{NFC}")])
        .stdout_has("paired,S1,Ann,J2,Bo,")
        .stderr_lacks("warning")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--forbid", "s1:JOSÉ"])
        .stdout_has("paired,S1,Ann,J2,Bo,")
        .stderr_has("warning: --forbid s1:JOSÉ: the id \"s1\" matches the roster's \"S1\" only ignoring case")
        .stderr_has(format!("the id \"JOSÉ\" matches the roster's \"{NFD}\" only ignoring case"))
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--lock", "s1:j2"])
        .stdout_has("Locked by the coordinator. Bo teaches Ann")
        .run();
    // Last cycle's file spells José in NFC: no repeat, and a lock holds.
    t.write(
        "cycle1.csv",
        format!("status,senior_id,junior_id\npaired,S1,{NFC}\n"),
    );
    t.rmatch()
        .args(["pair", "r.csv", "--history", "cycle1.csv"])
        .stdout_has("paired,S1,Ann,J2,Bo,")
        .run();
    t.write("keep.csv", "status,senior_id,junior_id\npaired,s1,J2\n");
    t.rmatch()
        .args(["pair", "r.csv", "--locks", "keep.csv"])
        .stdout_has("Locked by the coordinator. Bo teaches Ann")
        .stderr_has("warning: keep.csv, line 2: the id \"s1\" matches the roster's \"S1\" only ignoring case")
        .run();
    // explain finds José however it is written.
    t.rmatch()
        .args(["explain", "r.csv", "S1", NFC])
        .stdout_has("paired:")
        .run();
}

#[test]
fn ids_that_differ_only_in_case_or_invisibly_are_duplicates() {
    let t = TestDir::new();
    t.write(
        "r.csv",
        format!(
            "id,role\nJ1,junior\nj1,junior\nJ\u{200b}1,junior\n{NFC},junior\n{NFD},senior\nS1,senior\n"
        ),
    );
    let ran = t.rmatch().args(["check", "r.csv"]).code(3).run();
    assert_eq!(
        ran.error_lines(),
        [
            "error: r.csv, line 3, column 1 (id): id \"j1\" differs from the id \"J1\" of line 2 only in case, so rmatch cannot tell them apart; ids must be unique whatever their case",
            "error: r.csv, line 4, column 1 (id): id \"J\\u{200b}1\" is the id \"J1\" of line 2 written with other invisible characters or another form of an accent, so they read the same; ids must be unique",
            &format!("error: r.csv, line 6, column 1 (id): id \"{NFD}\" is the id \"{NFC}\" of line 5 written with other invisible characters or another form of an accent, so they read the same; ids must be unique"),
        ]
    );
    // An id of invisible characters only is no id.
    t.write("empty.csv", "id,role\n\u{200b}\u{2060},senior\n");
    t.rmatch()
        .args(["check", "empty.csv"])
        .code(3)
        .stderr("error: empty.csv, line 2, column 1 (id): the id \"\\u{200b}\\u{2060}\" has no visible character; give every person a unique id\n")
        .run();
}

#[test]
fn a_manager_or_exclusion_given_by_name_holds() {
    // HR exports often give the manager's (or an excluded colleague's)
    // name rather than the id. A name of exactly one person is that
    // person, so the hard rule holds, with a warning; before, it was read
    // as a manager outside the roster and the pair was allowed.
    let t = TestDir::new();
    t.write("manager.csv", roster(",", "J1", ",ann"));
    t.rmatch()
        .args(["pair", "manager.csv"])
        .stdout_lacks("paired,")
        .stderr_has("warning: manager.csv, line 3, column 7 (manager): manager \"ann\" is not an id but the name of S1; it is taken as S1: write the id, as the id column does")
        .stderr_lacks("not in the roster")
        .run();
    t.write("exclude.csv", roster("Jo,", "J1", ","));
    t.rmatch()
        .args(["pair", "exclude.csv"])
        .stdout_lacks("paired,")
        .stderr_has("excluded id \"Jo\" is not an id but the name of J1; it is taken as J1")
        .run();
    // A whole column of names is one warning, at its first line.
    t.write(
        "names.csv",
        "id,name,role,skills,wants,manager\n\
         S1,Ann,senior,,ai:4,\n\
         S2,Bo,senior,,ai:4,\n\
         J1,Jo,junior,ai:5,,Ann\n\
         J2,Al,junior,ai:5,,bo\n",
    );
    t.rmatch()
        .args(["pair", "names.csv"])
        .stdout_has("paired,S1,Ann,J2,Al,")
        .stdout_has("paired,S2,Bo,J1,Jo,")
        .stderr_has("warning: names.csv, line 4, column 6 (manager): 2 manager entries are not ids but names of people in the roster (from this line on; \"Ann\" is S1); each is taken as that person: write ids, as the id column does\n")
        .run();
    // A name two people share cannot say which one is meant: an error.
    t.write(
        "two.csv",
        "id,name,role,skills,wants,manager\n\
         S1,Ann,senior,,ai:4,\n\
         S2,Ann,senior,,ai:4,\n\
         J1,Jo,junior,ai:5,,Ann\n",
    );
    t.rmatch()
        .args(["pair", "two.csv"])
        .code(3)
        .stdout("")
        .stderr_has("error: two.csv, line 4, column 6 (manager): manager \"Ann\" is not an id but the name of 2 people (S1, S2); write the id of the one meant instead")
        .run();
}

#[test]
fn a_manager_named_first_name_first_is_the_person_listed_last_name_first() {
    // An HR export (the HRDataset_v14 of many HR courses) lists people as
    // "Dunn, Amy" and their manager as "Amy Dunn". Before, such a manager
    // read as someone outside the roster, and a junior could be paired with
    // their own manager. Either way round, full stops aside.
    let t = TestDir::new();
    t.write(
        "export.csv",
        "id,name,role,skills,wants,manager\n\
         10026,\"Dunn, Amy\",senior,,ai:4,Board of Directors\n\
         10027,Brandon R. LeBlanc,senior,,ai:4,Board of Directors\n\
         10100,\"Barone, Francesco\",junior,ai:5,,Amy Dunn\n\
         10101,\"Cole, Kim\",junior,ai:5,,\"LeBlanc, Brandon  R\"\n",
    );
    t.rmatch()
        .args(["pair", "export.csv"])
        .stdout_has("paired,10026,\"Dunn, Amy\",10101,")
        .stdout_has("paired,10027,Brandon R. LeBlanc,10100,")
        .stderr_has("warning: export.csv, line 4, column 6 (manager): 2 manager entries are not ids but names of people in the roster written another way (from this line on; \"Amy Dunn\" is 10026, whose name is written \"Dunn, Amy\"); each is taken as that person: write ids, as the id column does\n")
        .stderr_has("1 manager id (Board of Directors) is not in the roster, for 2 people")
        .run();
    // A name as written wins over one written another way.
    t.write(
        "both.csv",
        "id,name,role,skills,wants,manager\n\
         S1,\"Dunn, Amy\",senior,,ai:4,\n\
         S2,Amy Dunn,senior,,ai:4,\n\
         J1,Jo,junior,ai:5,,Amy Dunn\n",
    );
    t.rmatch()
        .args(["pair", "both.csv"])
        .stdout_has("paired,S1,\"Dunn, Amy\",J1,")
        .stderr_has("manager \"Amy Dunn\" is not an id but the name of S2; it is taken as S2")
        .run();
    // The other way round: the manager last name first, the name not.
    t.write(
        "turned.csv",
        "id,name,role,skills,wants,manager\n\
         S1,Amy Dunn,senior,,ai:4,\n\
         J1,Jo,junior,ai:5,,\"Dunn, Amy\"\n",
    );
    t.rmatch()
        .args(["pair", "turned.csv"])
        .stdout_lacks("paired,")
        .stderr_has("manager \"Dunn, Amy\" is not an id but the name of S1, whose name is written \"Amy Dunn\"; it is taken as S1")
        .run();
    // Two people written another way: which one is meant cannot be told.
    t.write(
        "two.csv",
        "id,name,role,skills,wants,manager\n\
         S1,\"Dunn, Amy\",senior,,ai:4,\n\
         S2,\"Dunn,Amy\",senior,,ai:4,\n\
         J1,Jo,junior,ai:5,,Amy Dunn\n",
    );
    t.rmatch()
        .args(["pair", "two.csv"])
        .code(3)
        .stdout("")
        .stderr_has("error: two.csv, line 4, column 6 (manager): manager \"Amy Dunn\" is not an id but the name of 2 people (S1, S2); write the id of the one meant instead")
        .run();
}

#[test]
fn managers_given_by_e_mail_address_are_found_by_the_peoples_addresses() {
    // A directory export: people by employee number, managers by address.
    let t = TestDir::new();
    t.write(
        "export.csv",
        "Employee ID,Full Name,role,skills,wants,Manager Email,Email Address [Required]\n\
         1001,Amy Dunn,senior,,ai,ceo@x.com,amy@x.com\n\
         1002,Kim Cole,junior,ai:5,,amy@x.com,kim@x.com\n",
    );
    let mapped = [
        "--column",
        "id=Employee ID",
        "--column",
        "name=Full Name",
        "--column",
        "manager=Manager Email",
    ];
    t.rmatch()
        .args(["pair", "export.csv"])
        .args(mapped)
        .stdout_has("paired,1001,Amy Dunn,1002,Kim Cole,")
        .stderr_has("warning: export.csv, column 6 (manager email): none of the 2 manager ids (amy@x.com, ceo@x.com), given for 2 people, is an id or a name in the roster, so no pair is ruled out by a reporting line; they look like e-mail addresses: to find them by the people's addresses, read that column as email (--column email=\"email address [required]\")\n")
        .run();
    // As the warning says: Amy is Kim's manager, so they are not paired;
    // the ids stay the employee numbers, and only the one manager really
    // outside is left to warn about.
    t.rmatch()
        .args(["pair", "export.csv", "--column", "email=email address [required]"])
        .args(mapped)
        .stdout_lacks("paired,")
        .stdout_has("unmatched,,,1002,Kim Cole,")
        .stderr_has("warning: export.csv, column 6 (manager email): 1 manager id (ceo@x.com) is not in the roster, for 1 person; their management chains are followed only inside the roster; they are addresses that no one has in the email column: to follow them further, add each as a row with capacity 0, that address and a manager of their own\n")
        .run();
}

#[test]
fn an_exports_manager_column_left_unread_is_named_with_the_mapping_to_read_it() {
    // Ignored, the column would leave the reporting-line rule with nothing
    // to go on: Amy would be paired with Kim, who reports to her.
    let t = TestDir::new();
    t.write(
        "export.csv",
        "id,name,role,email,skills,wants,Supervisor Email\n\
         1001,Amy Dunn,senior,amy@x.com,,ai,\n\
         1002,Kim Cole,junior,kim@x.com,ai:5,,amy@x.com\n",
    );
    t.rmatch()
        .args(["pair", "export.csv"])
        .stdout_has("paired,1001,Amy Dunn,1002,Kim Cole,")
        .stderr_has("warning: export.csv, line 1: ignoring columns rmatch does not use: supervisor email; \"supervisor email\" looks like each person's manager: to rule out pairs in one reporting line, read it as the manager column (--column manager=\"supervisor email\")\n")
        .run();
    t.rmatch()
        .args(["pair", "export.csv", "--column", "manager=supervisor email"])
        .stdout_lacks("paired,")
        .stderr_lacks("warning")
        .run();
}

#[test]
fn a_column_named_email_finds_managers_and_exclusions_given_by_address() {
    // No flag: the roster's own `email` column holds the addresses, which
    // are matched ignoring case and a `mailto:` before them.
    let t = TestDir::new();
    t.write(
        "roster.csv",
        "id,name,role,email,manager,exclude,skills,wants\n\
         S1,Amy,senior,Amy.Dunn@x.com,,,,ai:4\n\
         S2,Bo,senior,bo@x.com,,,,ai:4\n\
         J1,Cy,junior,cy@x.com,amy.dunn@X.com,mailto:bo@x.com,ai:5,\n\
         J2,Di,junior,di@x.com,,,ai:5,\n",
    );
    t.rmatch()
        .args(["pair", "roster.csv", "-q"])
        .stdout_has("unmatched,,,J1,Cy,,,,,,no allowed partner: all 2 seniors who want this junior's skills are ruled out (1 excluded and 1 in the same management chain)")
        .stderr("")
        .run();
    // An address two people share names them both.
    t.write(
        "shared.csv",
        "id,name,role,email,manager,skills,wants\n\
         S1,Amy,senior,team@x.com,,,ai:4\n\
         S2,Bo,senior,team@x.com,,,ai:4\n\
         J1,Cy,junior,cy@x.com,TEAM@x.com,ai:5,\n",
    );
    t.rmatch()
        .args(["pair", "shared.csv"])
        .code(3)
        .stdout("")
        .stderr_has("error: shared.csv, line 4, column 5 (manager): manager \"TEAM@x.com\" is the e-mail address of 2 people (S1, S2); give each their own address in the email column, or write the id of the one meant instead")
        .run();
}

#[test]
fn a_preference_named_first_name_first_is_the_person_listed_last_name_first() {
    // As for managers: an HR export lists people as "Martin, Sandra" and a
    // survey's "who would you like as a partner?" answer says "Sandra
    // Martin". Before, that was refused as "neither an id nor a name in the
    // roster", though the person is there.
    let t = TestDir::new();
    t.write(
        "export.csv",
        "id,name,role,skills,wants,prefers\n\
         10004,\"Lynch, Lindsay\",senior,,genai:4,Sandra Martin\n\
         10198,\"Roup, Simon\",senior,,genai:4,susan  good\n\
         10110,\"Martin, Sandra\",junior,genai:5,,\n\
         10237,\"Good, Susan\",junior,genai:5,,\n",
    );
    t.rmatch()
        .args(["pair", "export.csv", "--weights", "preference=1"])
        .stdout_has("paired,10004,\"Lynch, Lindsay\",10110,")
        .stdout_has("Lynch, Lindsay listed Martin, Sandra as first choice")
        .stdout_has("paired,10198,\"Roup, Simon\",10237,")
        .stderr_has("warning: export.csv, line 2, column 6 (prefers): 2 prefers entries are not ids but names of people in the roster written another way (from this line on; \"Sandra Martin\" is 10110, whose name is written \"Martin, Sandra\"); each is taken as that person: write ids, as the id column does\n")
        .run();
    // Two people written another way: which one is meant cannot be told.
    t.write(
        "two.csv",
        "id,name,role,skills,wants,prefers\n\
         S1,\"Lynch, Lindsay\",senior,,genai:4,Sandra Martin\n\
         J1,\"Martin, Sandra\",junior,genai:5,,\n\
         J2,\"Martin,Sandra\",junior,genai:5,,\n",
    );
    t.rmatch()
        .args(["pair", "two.csv"])
        .code(3)
        .stdout("")
        .stderr_has("error: two.csv, line 2, column 6 (prefers): preferred \"Sandra Martin\" is the name of 2 people (J1, J2); write the id of the one meant instead")
        .run();
}

#[test]
fn a_pairs_file_whose_ids_lost_their_leading_zeros_says_so() {
    // Last cycle's pairs.csv opened in Excel and saved again: `00123`
    // comes back as `123`. The history then matches nobody; the warning
    // (and a lock's error) now says why instead of "people who have left".
    let t = TestDir::new();
    t.write(
        "r.csv",
        "id,name,role,skills,wants\n\
         00123,Ann Lee,senior,strategy:5,ai:4\n\
         00201,Cy Diaz,junior,ai:5,strategy:3\n",
    );
    t.write(
        "last.csv",
        "status,senior_id,senior_name,junior_id,junior_name\n\
         paired,123,Ann Lee,201,Cy Diaz\n",
    );
    t.rmatch()
        .args(["pair", "r.csv", "--history", "last.csv"])
        .stderr_has("warning: last.csv: 2 ids are not in the roster (123, 201); their rows are left out (people who have left, or a typo, or another roster's file); 2 of them are the roster's with leading zeros (123 is 00123): a spreadsheet drops them when it opens a CSV file and saves it again, so use the file as rmatch wrote it, or import the id columns as text\n")
        .run();
    t.rmatch()
        .args(["pair", "r.csv", "--locks", "last.csv"])
        .code(3)
        .stderr_has("no one in the roster has the id 123 or 201; 2 of them are the roster's with leading zeros (123 is 00123)")
        .run();
    // Ids that are simply unknown get no such clause.
    t.write(
        "other.csv",
        "status,senior_id,senior_name,junior_id,junior_name\n\
         paired,124,Ann Lee,X1,Cy Diaz\n",
    );
    t.rmatch()
        .args(["pair", "r.csv", "--history", "other.csv"])
        .stderr_has("another roster's file)\n")
        .stderr_lacks("leading zeros")
        .run();
}

#[test]
fn one_manager_outside_the_roster_is_counted_in_the_singular() {
    let t = TestDir::new();
    t.write("r.csv", roster(",", "J1", ",X9"));
    t.rmatch()
        .args(["pair", "r.csv"])
        .stderr_has("warning: r.csv, column 7 (manager): 1 manager id (X9) is not in the roster, for 1 person; their management chains are followed only inside the roster; to follow them further, add each as a row with capacity 0 and a manager of their own\n")
        .run();
}

#[test]
fn a_manager_outside_the_roster_added_with_capacity_0_carries_the_chain() {
    // J1 reports to X9, who reports to S1: the warning's advice (add X9 as
    // a row with capacity 0 and a manager of their own) rules the pair out.
    let t = TestDir::new();
    let rows = "id,name,role,skills,wants,capacity,manager\n\
                S1,Ann,senior,,ai,1,\n\
                J1,Bo,junior,ai,,1,X9\n";
    t.write("r.csv", rows);
    t.rmatch()
        .args(["pair", "r.csv"])
        .stderr_has("add each as a row with capacity 0 and a manager of their own\n")
        .stdout_has("paired,S1,Ann,J1,Bo,")
        .run();
    t.write("r.csv", format!("{rows}X9,Cy,senior,,,0,S1\n"));
    t.rmatch()
        .args(["pair", "r.csv"])
        .stderr_lacks("not in the roster")
        .stdout_lacks("paired,S1")
        .stdout_has("ruled out (1 in the same management chain)")
        .run();
}

#[test]
fn long_numeric_ids_excel_wrote_in_scientific_notation_are_named() {
    // A CSV with 12-digit employee numbers, opened and saved in Excel:
    // every id becomes 1.23457E+11 and they all collide.
    let t = TestDir::new();
    t.write(
        "r.csv",
        "id,name,role\n1.23457E+11,Ann,senior\n1.23457E+11,Cy,junior\n",
    );
    t.rmatch()
        .args(["check", "r.csv"])
        .code(3)
        .stderr("error: r.csv, line 3, column 1 (id): id \"1.23457E+11\" is already used on line 2; ids must be unique (this one is a number as Excel shows a long number, 1.23457E+11 for 123456789012, and its digits are lost: export the roster again with the id column formatted as text)\n")
        .run();
}

#[test]
fn a_manager_column_that_names_no_one_in_the_roster_says_it_rules_out_no_pair() {
    // HRDataset_v14 numbers managers in ManagerID (1 to 39) apart from its
    // EmpID (10001 on). Mapped as the manager column, not one manager was
    // found, and the warning read as routine ("their management chains are
    // followed only inside the roster") while no pair was ruled out.
    let t = TestDir::new();
    t.write(
        "export.csv",
        "EmpID,Employee_Name,role,skills,wants,ManagerName,ManagerID\n\
         10026,\"Dunn, Amy\",senior,,ai:4,Janet King,2\n\
         10100,\"Barone, Francesco\",junior,ai:5,,Amy Dunn,11\n\
         10101,\"Cole, Kim\",junior,ai:5,,Amy Dunn,11\n",
    );
    let columns = [
        "--column",
        "id=EmpID",
        "--column",
        "name=Employee_Name",
        "--column",
    ];
    t.rmatch()
        .args(["check", "export.csv"])
        .args(columns)
        .args(["manager=ManagerID"])
        .stderr_has("warning: export.csv, column 7 (managerid): none of the 2 manager ids (11, 2), given for 3 people, is an id or a name in the roster, so no pair is ruled out by a reporting line; if the column numbers managers another way than the id column does, map a column that holds their ids or names (--column manager=HEADER)\n")
        .run();
    // The names in ManagerName find Amy Dunn: her reports are not hers.
    t.rmatch()
        .args(["pair", "export.csv"])
        .args(columns)
        .args(["manager=ManagerName"])
        .stdout_has("unmatched,10026,")
        .stderr_has("warning: export.csv, column 6 (managername): 1 manager id (Janet King) is not in the roster, for 1 person; their management chains are followed only inside the roster; to follow them further, add each as a row with capacity 0 and a manager of their own\n")
        .stderr_lacks("none of the")
        .run();
}
